"""The roster import dialog, driven like a user: choose a file, read the preview, import."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.services import roster
from app.ui.dialogs.roster_import_dialog import RosterImportDialog
from app.ui.jobs import JobRunner
from tests.conftest import TODAY

ROSTER = ("Team roster\n"
          "Name,E-mail,Role,Lead,Hire date\n"
          "Ana Nunez,ana@x.com,Agent,Sam Lead,2024-03-01\n"
          "Bo Chen,bo@x.com,Senior agent,Sam Lead,2021-01-11\n"
          "Sam Lead,sam@x.com,Team lead,,2019-05-06\n"
          "Cy Bad,cy@x.com,Agent,,someday\n")


@pytest.fixture
def jobs(qtbot):
    runner = JobRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def roster_csv(tmp_path):
    path = tmp_path / "team.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def open_dialog(qtbot, session_factory, jobs, path=None):
    dialog = RosterImportDialog(session_factory, jobs, path=str(path) if path else None,
                                today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_preview_then_import(qtbot, session_factory, make_agent, jobs, roster_csv):
    make_agent("Bo Chen", email="bo@x.com", role="Agent", hire_date=date(2021, 1, 11))
    make_agent("Sam Lead", email="sam@x.com", role="Team lead", hire_date=date(2019, 5, 6))
    dialog = open_dialog(qtbot, session_factory, jobs, roster_csv)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)

    assert dialog.summary_label.text() == ("1 new agent, 1 updated, 1 unchanged, "
                                           "1 row with problems.")
    assert dialog.rows_model.rowCount() == 3
    first = [dialog.rows_model.index(0, c).data() for c in range(4)]
    assert first[:3] == ["3", "New", "Ana Nunez"] and "Lead: Sam Lead" in first[3]
    assert dialog.problems_model.rowCount() == 1
    assert dialog.problems_model.index(0, 0).data() == "6"
    assert dialog.problems_model.index(0, 1).data() == "Hire date"
    assert dialog.import_button.isEnabled()
    assert dialog.import_button.text() == "Import 2 agents"
    assert roster.count_agents(session_factory) == 2  # the preview wrote nothing

    with qtbot.waitSignal(dialog.roster_changed, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result is not None
    assert (dialog.result.created, dialog.result.updated, dialog.result.skipped) == (1, 1, 1)
    assert "1 created, 1 updated, 1 unchanged, 1 row skipped" in dialog.message_label.text()
    agents = {a.full_name: a for a in roster.list_agents(session_factory)}
    assert agents["Ana Nunez"].lead_name == "Sam Lead"
    assert agents["Bo Chen"].role == "Senior agent"

    # The preview refreshes: everything is now in place, so there is nothing to import.
    qtbot.waitUntil(lambda: dialog.plan is not None and dialog.plan.unchanged == 3,
                    timeout=10_000)
    assert not dialog.import_button.isEnabled()
    assert dialog.close_button.text() == "Close"


def test_unreadable_file_shows_the_reason_and_another_file_can_be_chosen(
        qtbot, session_factory, jobs, tmp_path, roster_csv):
    bad = tmp_path / "team.xlsx"
    bad.write_bytes(b"\x00\x01 not a workbook" * 50)
    dialog = open_dialog(qtbot, session_factory, jobs, bad)
    qtbot.waitUntil(lambda: "not a readable spreadsheet" in dialog.message_label.text(),
                    timeout=10_000)
    assert dialog.message_label.isVisible()
    assert dialog.plan is None and not dialog.import_button.isEnabled()
    assert dialog.pages.currentIndex() == 0

    dialog.set_path(str(roster_csv))
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert not dialog.message_label.isVisible()
    assert dialog.import_button.text() == "Import 3 agents"


def test_workbook_sheets_can_be_switched(qtbot, session_factory, jobs, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Support"
    book.active.append(["Name", "Team"])
    book.active.append(["Ana", "Support"])
    other = book.create_sheet("Escalations")
    other.append(["Name", "Team"])
    other.append(["Bo", "Escalations"])
    other.append(["Cy", "Escalations"])
    book.save(tmp_path / "teams.xlsx")
    dialog = open_dialog(qtbot, session_factory, jobs, tmp_path / "teams.xlsx")
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert dialog.sheet_combo.isVisible()
    assert [dialog.sheet_combo.itemText(i) for i in range(2)] == ["Support", "Escalations"]
    assert dialog.plan.to_create == 1

    dialog.sheet_combo.setCurrentIndex(1)
    dialog.sheet_combo.activated.emit(1)
    qtbot.waitUntil(lambda: dialog.plan is not None and dialog.plan.sheet == "Escalations",
                    timeout=10_000)
    assert dialog.plan.to_create == 2
    assert dialog.sheet_combo.currentText() == "Escalations"


def test_no_file_yet_shows_how_to_start(qtbot, session_factory, jobs):
    dialog = open_dialog(qtbot, session_factory, jobs)
    assert dialog.pages.currentIndex() == 0
    assert not dialog.import_button.isEnabled()
    assert dialog.minimumSize().width() >= 820 and dialog.minimumSize().height() >= 560


def test_a_late_preview_of_a_replaced_file_is_ignored(qtbot, session_factory, jobs, tmp_path,
                                                      roster_csv):
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2\n3,4\n", encoding="utf-8")
    dialog = open_dialog(qtbot, session_factory, jobs, bad)
    first_job = dialog.preview_job
    dialog.set_path(str(roster_csv))
    qtbot.waitUntil(lambda: first_job.done and dialog.preview_job.done, timeout=10_000)
    qtbot.wait(50)  # let both queued results arrive, in whatever order
    assert dialog.plan is not None and dialog.plan.source == "team.csv"
    assert not dialog.message_label.isVisible()


def test_cancelling_the_import_says_nothing_was_saved(qtbot, session_factory, jobs,
                                                      roster_csv, monkeypatch):
    import threading

    from app.ui.dialogs import roster_import_dialog

    started = threading.Event()

    def slow_apply(factory, plan, progress, today):
        started.set()
        for done in range(10_000):  # stops with Cancelled as soon as the user cancels
            progress.report(done, 10_000, "working")
            threading.Event().wait(0.005)

    monkeypatch.setattr(roster_import_dialog, "apply_roster_import", slow_apply)
    dialog = open_dialog(qtbot, session_factory, jobs, roster_csv)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    dialog.start_import()
    assert not dialog.import_button.isEnabled() and not dialog.choose_button.isEnabled()
    dialog.reject()  # closing while importing is refused: the import must not be orphaned
    assert dialog.isVisible()
    assert started.wait(5)
    with qtbot.waitSignal(dialog.import_job.finished, timeout=10_000):
        dialog.import_job.cancel()
    qtbot.waitUntil(lambda: dialog.choose_button.isEnabled(), timeout=5_000)
    assert dialog.message_label.text() == "Import cancelled; nothing was saved."
    assert dialog.import_button.isEnabled()
    assert roster.count_agents(session_factory) == 0


def test_preview_models_pass_the_model_tester(qtbot, qtmodeltester, session_factory, jobs,
                                              roster_csv):
    dialog = open_dialog(qtbot, session_factory, jobs, roster_csv)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    qtmodeltester.check(dialog.rows_model)
    qtmodeltester.check(dialog.problems_model)


def test_return_imports_once_the_preview_shows(qtbot, session_factory, jobs, roster_csv):
    """Return must not reopen the file chooser that had the focus."""
    dialog = open_dialog(qtbot, session_factory, jobs, roster_csv)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    assert dialog.import_button.isDefault() and not dialog.choose_button.autoDefault()
    assert dialog.focusWidget() is dialog.import_button
