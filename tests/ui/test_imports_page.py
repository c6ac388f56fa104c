"""The Imports page driven like a user: choose a file, edit the mapping, match agents,
import in the background, read the summary, save the error report, cancel."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from sqlalchemy import select

from app.models import AgentAlias, Ticket
from app.services import Change
from app.services.agent_matching import CREATE, AgentDecision
from app.ui.jobs import JobRunner
from app.ui.launch import create_qapplication
from app.ui.pages import imports as imports_page
from app.ui.pages.imports import AGENTS, HOME, MAPPING, RUNNING, SUMMARY, ImportsPage
from tests.conftest import SAMPLES, TODAY

CSV = ("Id,Requester email,Assignee,Group,Via,Status,Created at,Updated at\n"
       "1,a@example.com,Ana Lima,Support,Mail,Solved,2026-10-01 09:00,2026-10-01 10:00\n"
       "2,b@example.com,A. Lima,Support,Chat,Open,2026-10-02 09:00,2026-10-02 10:00\n"
       "3,c@example.com,Nova Pessoa,Billing,Mail,Open,2026-10-03 09:00,2026-10-03 10:00\n"
       "4,d@example.com,Ana Lima,Support,Mail,Open,not a date,2026-10-03 10:00\n")


class FakeWindow(QObject):
    """What a page uses of the main window (building the real one, with every page, is
    slow): the database, the job runner, today, notify / data_changed, import_roster."""

    data_changed = Signal(object, object)

    def __init__(self, database, jobs) -> None:
        super().__init__()
        self.database, self.jobs = database, jobs
        self.roster_imports = 0

    def today(self):
        return TODAY

    def notify(self, changes, origin=None) -> None:
        self.data_changed.emit(set(changes), origin)

    def import_roster(self) -> None:
        self.roster_imports += 1


@pytest.fixture
def window(database):
    create_qapplication()
    jobs = JobRunner()
    window = FakeWindow(database, jobs)
    yield window
    jobs.shutdown()


@pytest.fixture
def page(qtbot, window) -> ImportsPage:
    page = ImportsPage(window)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page


@pytest.fixture
def export(tmp_path) -> Path:
    path = tmp_path / "zendesk.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def wait_step(qtbot, page, step, timeout=15000):
    qtbot.waitUntil(lambda: page.stack.currentIndex() == step, timeout=timeout)


def stored(session_factory) -> dict[str, Ticket]:
    with session_factory() as session:
        return {t.external_id: t for t in session.scalars(select(Ticket))}


def test_empty_history_offers_both_imports(page, window):
    assert page.stack.currentIndex() == HOME
    assert page.home_stack.currentWidget() is page.empty_state
    buttons = {b.text(): b for b in page.empty_state.findChildren(type(page.import_button))}
    assert set(buttons) >= {"Import roster…", "Import export file…"}
    buttons["Import roster…"].click()
    page.roster_button.click()
    assert window.roster_imports == 2


def test_full_import_with_mapping_edit_and_agent_matching(qtbot, page, window, export,
                                                          make_agent, session_factory,
                                                          tmp_path):
    ana = make_agent("Ana Lima")
    heard = []
    window.data_changed.connect(lambda changes, origin: heard.append(changes))
    page.open_file(export)
    wait_step(qtbot, page, MAPPING)
    step = page.mapping_step
    assert step.profile_combo.currentData() == "zendesk"
    assert "detected" in step.detected_label.text()
    assert step.mapping()["external_id"] == "Id"
    assert step.sample_model.rowCount() == 4
    assert not step.edited
    step.set_field_column("group_name", "Via")  # the user's edit: group from "Via"
    assert step.edited

    step.next_button.click()
    wait_step(qtbot, page, AGENTS)
    agents = page.agents_step
    assert set(agents.combos) == {"A. Lima", "Nova Pessoa"}
    assert "1 will be skipped" in agents.summary_label.text()
    suggested = agents.combos["A. Lima"].itemData(1)
    assert suggested == AgentDecision.map_to(ana.id)  # closest roster name first
    agents.choose("A. Lima", AgentDecision.map_to(ana.id))
    agents.choose("Nova Pessoa", AgentDecision(CREATE))
    assert agents.import_button.text() == "Import 3 rows"

    agents.import_button.click()
    wait_step(qtbot, page, SUMMARY)
    result = page.result
    assert (result.inserted, result.updated, result.unchanged, result.skipped) == (3, 0, 0, 1)
    assert "3 new" in page.summary_step.counts_label.text()
    assert page.summary_step.problems_model.rowCount() == 1
    tickets = stored(session_factory)
    assert tickets["2"].agent_id == ana.id and tickets["1"].group_name == "Mail"
    assert tickets["3"].agent_id is not None
    with session_factory() as session:
        aliases = {a.alias for a in session.scalars(select(AgentAlias))}
    assert aliases == {"A. Lima", "Nova Pessoa"}
    assert heard and heard[-1] == {Change.TICKETS, Change.ROSTER}

    report = page.save_error_report(str(tmp_path / "errors.csv"))
    assert "not a date" in report.read_text(encoding="utf-8-sig")

    page.summary_step.done_button.click()
    assert page.stack.currentIndex() == HOME
    assert page.history_model.rowCount() == 1
    assert page.history_model.run_at(0).inserted == 3

    # The same header again: the edited mapping is used, the names are known now.
    page.open_file(export)
    wait_step(qtbot, page, MAPPING)
    assert page.mapping_step.mapping()["group_name"] == "Via"
    assert "last time" in page.mapping_step.mapping_note.text()
    page.mapping_step.next_button.click()
    wait_step(qtbot, page, AGENTS)
    assert page.agents_step.combos == {}
    page.agents_step.import_button.click()
    wait_step(qtbot, page, SUMMARY)
    assert "Nothing changed" in page.summary_step.counts_label.text()


def test_cancel_saves_nothing(qtbot, page, export, session_factory, monkeypatch):
    page.open_file(export)
    wait_step(qtbot, page, MAPPING)
    page.mapping_step.next_button.click()
    wait_step(qtbot, page, AGENTS)
    real = imports_page.run_import
    started = []

    def slow_import(factory, request, progress, today):
        started.append(1)  # runs on the worker thread: wait there for the user's Cancel
        deadline = time.monotonic() + 5
        while not progress.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        return real(factory, request, progress, today)

    monkeypatch.setattr(imports_page, "run_import", slow_import)
    page.agents_step.import_button.click()
    assert page.stack.currentIndex() == RUNNING
    qtbot.waitUntil(lambda: bool(started), timeout=5000)
    page.cancel_button.click()
    wait_step(qtbot, page, AGENTS)
    assert "nothing was saved" in page.message_label.text()
    assert stored(session_factory) == {}


def test_unreadable_file_says_why(qtbot, page, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    page.open_file(path)
    qtbot.waitUntil(lambda: page.message_label.isVisible() and "broken.xlsx"
                    in page.message_label.text(), timeout=10000)
    assert page.stack.currentIndex() == HOME


def test_choose_file_uses_the_file_dialog_seam(qtbot, page, export, monkeypatch):
    monkeypatch.setattr(page, "_ask_open_path", lambda start: str(export))
    page.choose_file()
    wait_step(qtbot, page, MAPPING)
    assert page.mapping_step.file_label.text() == "zendesk.csv"


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared/samples not present")
def test_platform_override_and_real_sample(qtbot, page):
    page.open_file(SAMPLES / "freshdesk_native.xls")
    wait_step(qtbot, page, MAPPING)
    assert page.mapping_step.profile_combo.currentData() == "freshdesk"
    page.mapping_step.profile_chosen.emit("generic")
    qtbot.waitUntil(lambda: page.mapping_step.profile_combo.currentData() == "generic",
                    timeout=10000)
    assert "chosen by you" in page.mapping_step.detected_label.text()


def test_history_hint_is_not_cut_off_in_the_smallest_window(qtbot, page, window, export,
                                                            capsys):
    """In a 960x600 window the page is about 776 px wide: the hint wraps, not clips."""
    from app.cli import main

    assert main(["--db", str(window.database.path), "import", str(export)]) == 0
    capsys.readouterr()
    page.refresh_history()
    page.resize(776, 556)
    hint = page.history_hint
    qtbot.waitUntil(hint.isVisible)
    assert page.minimumSizeHint().width() <= 776  # else the window cuts the page off
    fits = hint.fontMetrics().horizontalAdvance(hint.text()) <= hint.width()
    wraps = hint.wordWrap() and hint.height() >= hint.heightForWidth(hint.width())
    assert fits or wraps
    # The file name shows whole: the least needed counts give way (it read "ser…").
    view = page.history_view
    qtbot.waitUntil(lambda: view.columnWidth(1) >= view.sizeHintForColumn(1))
    assert not view.horizontalScrollBar().isVisible()
    page.resize(1500, 700)
    qtbot.waitUntil(lambda: not any(view.isColumnHidden(c) for c in range(9)))


def test_a_large_file_is_read_by_the_reader_process_from_the_window(
        qtbot, page, export, make_agent, session_factory, monkeypatch):
    """The window's scan and import jobs each start the reading process as a large file
    would."""
    import subprocess

    from app.ingest import parallel

    started = []
    real = subprocess.Popen
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    monkeypatch.setattr(parallel.subprocess, "Popen",
                        lambda *a, **k: started.append(real(*a, **k)) or started[-1])
    ana = make_agent("Ana Lima")
    page.open_file(export)
    wait_step(qtbot, page, MAPPING)
    page.mapping_step.next_button.click()
    wait_step(qtbot, page, AGENTS)
    page.agents_step.choose("A. Lima", AgentDecision.map_to(ana.id))
    page.agents_step.import_button.click()
    wait_step(qtbot, page, SUMMARY)
    assert (page.result.inserted, page.result.skipped) == (3, 1)
    # one reader process for the check before the import (the scan), one for the import
    assert len(started) == 2 and all(child.wait(5) == 0 for child in started)
    assert stored(session_factory)["2"].agent_id == ana.id


def test_the_summary_warns_when_no_column_gives_the_creation_date(qtbot, page, tmp_path):
    path = tmp_path / "generic.csv"
    path.write_text("Ticket,Agent,State\nA1,Ana,Open\nA2,Bo,Closed\n", encoding="utf-8")
    page.open_file(path)
    wait_step(qtbot, page, MAPPING)
    page.mapping_step.next_button.click()
    wait_step(qtbot, page, AGENTS)
    page.agents_step.import_button.click()
    wait_step(qtbot, page, SUMMARY)
    assert page.result.inserted == 2
    assert "creation date" in page.summary_step.note_label.text()


def test_going_back_to_the_start_lets_a_kept_workbook_go(qtbot, page, tmp_path):
    """The check keeps a workbook's loaded sheet for the import; turning back from the
    agents and mapping steps to the start lets it go (it is large)."""
    from openpyxl import Workbook

    from app.ingest import workbook_rows

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Tickets")
    for line in CSV.strip().splitlines():
        sheet.append(line.split(","))
    path = tmp_path / "zendesk.xlsx"
    book.save(path)
    page.open_file(path)
    wait_step(qtbot, page, MAPPING)
    page.mapping_step.next_button.click()
    wait_step(qtbot, page, AGENTS)
    assert len(workbook_rows._SHEET_CACHE) == 1
    page.agents_step.back_button.click()
    page.mapping_step.back_button.click()
    assert page.stack.currentIndex() == HOME
    assert workbook_rows._SHEET_CACHE == []
