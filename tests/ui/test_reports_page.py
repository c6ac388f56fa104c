"""The Reports page and the export dialog, driven with pytest-qt."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from python_calamine import CalamineWorkbook

from app.services.packets import list_exports
from app.ui.dialogs.packet_dialog import PacketDialog
from app.ui.jobs import JobRunner
from app.ui.launch import create_qapplication
from app.ui.main_window import MainWindow
from tests.conftest import TODAY

WAIT = 15000


def make_window(qtbot, database) -> MainWindow:
    create_qapplication()
    window = MainWindow(database, JobRunner(), today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    return window


def test_dialog_presets_and_private_box_off_each_time(qtbot, tmp_path):
    create_qapplication()
    agents = [(1, "Ana Silva"), (2, "Ben Okafor")]
    dialog = PacketDialog(agents, TODAY, tmp_path, agent_id=2)
    qtbot.addWidget(dialog)
    assert dialog.agent_combo.currentText() == "Ben Okafor"
    assert not dialog.private_box.isChecked()
    assert not dialog.start_edit.isEnabled()
    request = dialog.request()
    assert (request.start, request.end) == (date(2026, 9, 1), TODAY)
    dialog.preset_combo.setCurrentIndex(2)
    assert dialog.request().start == date(2025, 12, 1)
    dialog.preset_combo.setCurrentIndex(3)
    assert dialog.start_edit.isEnabled()
    dialog.start_edit.setDate(date(2026, 12, 1))
    assert dialog.request() is None
    assert "ends before it starts" in dialog.error_label.text()
    dialog.preset_combo.setCurrentIndex(0)
    dialog.private_box.setChecked(True)
    dialog.summary_edit.setPlainText("Good year")
    request = dialog.request()
    assert request.include_private and request.summary == "Good year"
    assert request.out.name == "Review packet - Ben Okafor - 2026-09-01 to 2026-11-02.xlsx"
    again = PacketDialog(agents, TODAY, tmp_path)
    qtbot.addWidget(again)
    assert not again.private_box.isChecked()
    team = PacketDialog(agents, TODAY, tmp_path, team=True)
    qtbot.addWidget(team)
    assert team.request().agent_id is None and not team.request().include_private
    assert team.findChild(QDialogButtonBox).buttons()


def test_page_exports_in_the_background_and_lists_it(qtbot, database, make_agent, tmp_path):
    ana = make_agent("Ana Silva", team="Tier 1")
    make_agent("=Ben Okafor", team="Tier 1")
    window = make_window(qtbot, database)
    window.show_page("reports")
    page = window.pages["reports"]
    assert page.stack.currentWidget() is page.empty_state
    dialog = page.make_dialog(team=False, agent_id=ana.id)
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(tmp_path))
    dialog.summary_edit.setPlainText("@note")
    job = page.start(dialog.request())
    with qtbot.waitSignal(job.finished, timeout=WAIT):
        pass
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT)
    assert page.stack.currentIndex() == 1
    assert "Wrote" in page.message_label.text()
    out = tmp_path / "Review packet - Ana Silva - 2026-09-01 to 2026-11-02.xlsx"
    book = CalamineWorkbook.from_path(str(out))
    assert book.sheet_names[0] == "Summary"
    rows = book.get_sheet_by_name("Summary").to_python()
    assert [c for c in rows[-1] if c != ""] == ["Summary", "@note"]
    assert page.model.text(page.model.rows[0], 3) == "Left out"

    team = page.make_dialog(team=True)
    qtbot.addWidget(team)
    folder = tmp_path / "team"
    folder.mkdir()
    team.folder_edit.setText(str(folder))
    job = page.start(team.request())
    with qtbot.waitSignal(job.finished, timeout=WAIT):
        pass
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=WAIT)
    names = sorted(p.name for p in folder.iterdir())
    assert names[0].startswith("Review packet - =Ben Okafor")
    assert names[-1].startswith("Team overview")
    assert len(list_exports(database.session_factory)) == 3


def test_the_agent_profile_opens_the_packet_dialog_for_that_agent(qtbot, database, make_agent,
                                                                  monkeypatch):
    """One click from a person's record: the profile's button opens the export dialog on
    the Reports page with the agent already chosen."""
    make_agent("Ana Silva")
    ben = make_agent("Ben Okafor")
    window = make_window(qtbot, database)
    seen = []

    def fake_exec(dialog):
        seen.append(dialog.agent_combo.currentText())
        return PacketDialog.DialogCode.Rejected

    monkeypatch.setattr(PacketDialog, "exec", fake_exec)
    team = window.team_page
    team.select_agent(ben.id)
    qtbot.mouseClick(team.profile.packet_button, Qt.MouseButton.LeftButton)
    assert seen == ["Ben Okafor"]
    assert window.stack.currentWidget() is window.pages["reports"]
