"""Team batch: the manager ticks which active agents get a packet (pytest-qt)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from python_calamine import CalamineWorkbook

from app.services.packets import list_exports
from app.ui.dialogs.packet_dialog import AgentChoice, PacketDialog
from app.ui.jobs import JobRunner
from app.ui.launch import create_qapplication
from app.ui.main_window import MainWindow
from tests.conftest import TODAY

WAIT = 15000
CHOICES = [AgentChoice(1, "Ana Silva", "Tier 1", "Keiko Karimi"),
           AgentChoice(2, "Ben Okafor", "Billing", "Lucía Bianchi"),
           AgentChoice(3, "Cara Lund", "Tier 1", "Keiko Karimi"),
           AgentChoice(4, "Dev Rao", "Billing", "Lucía Bianchi"),
           AgentChoice(5, "Eve Moss", "Tier 1", "Keiko Karimi", active=False)]


def batch_dialog(qtbot, tmp_path, agents=CHOICES) -> PacketDialog:
    create_qapplication()
    dialog = PacketDialog(agents, TODAY, tmp_path, team=True)
    qtbot.addWidget(dialog)
    return dialog


def item_for(dialog, name):
    return next(i for i in dialog.picker.items() if i.text(0) == name)


def untick(dialog, *names) -> None:
    for name in names:
        item_for(dialog, name).setCheckState(0, Qt.CheckState.Unchecked)


def test_default_is_every_active_agent_and_no_restriction(qtbot, tmp_path):
    dialog = batch_dialog(qtbot, tmp_path)
    names = [item.text(0) for item in dialog.picker.items()]
    assert names == ["Ana Silva", "Ben Okafor", "Cara Lund", "Dev Rao"]  # not on leave
    assert item_for(dialog, "Ben Okafor").text(2) == "Lucía Bianchi"
    assert dialog.picker.count_label.text() == "4 of 4 agents ticked"
    assert dialog.ok_button.isEnabled() and dialog.ok_button.text() == "Write 4 packets"
    request = dialog.request()
    assert request.agent_id is None and request.agent_ids is None
    assert not request.include_private
    # the plain (id, name) pairs of the one-agent form still work
    plain = batch_dialog(qtbot, tmp_path, [(1, "Ana Silva"), (2, "Ben Okafor")])
    assert plain.picker.tree.isHeaderHidden()
    assert plain.request().agent_ids is None


def test_unticking_two_gives_exactly_the_others(qtbot, tmp_path):
    dialog = batch_dialog(qtbot, tmp_path)
    untick(dialog, "Ben Okafor", "Dev Rao")
    assert dialog.picker.count_label.text() == "2 of 4 agents ticked"
    assert dialog.ok_button.text() == "Write 2 packets"
    assert dialog.request().agent_ids == [1, 3]
    item_for(dialog, "Ben Okafor").setCheckState(0, Qt.CheckState.Checked)
    item_for(dialog, "Dev Rao").setCheckState(0, Qt.CheckState.Checked)
    assert dialog.request().agent_ids is None  # all ticked again = everyone, as before


def test_none_ticked_disables_ok_with_a_hint(qtbot, tmp_path):
    dialog = batch_dialog(qtbot, tmp_path)
    dialog.show()
    qtbot.mouseClick(dialog.picker.none_button, Qt.MouseButton.LeftButton)
    assert dialog.picker.ticked_ids() == []
    assert not dialog.ok_button.isEnabled()
    assert dialog.picker.none_label.isVisible()
    assert "Tick at least one agent" in dialog.picker.none_label.text()
    assert dialog.request() is None
    dialog.accept()
    assert dialog.result() != PacketDialog.DialogCode.Accepted
    qtbot.mouseClick(dialog.picker.all_button, Qt.MouseButton.LeftButton)
    assert dialog.ok_button.isEnabled() and not dialog.picker.none_label.isVisible()
    assert dialog.request().agent_ids is None


def test_filter_then_select_shown_picks_one_leads_agents(qtbot, tmp_path):
    dialog = batch_dialog(qtbot, tmp_path)
    dialog.show()
    dialog.picker.none_button.click()
    dialog.picker.filter_edit.setText("keiko")
    assert dialog.picker.all_button.text() == "Select shown"
    assert [i.text(0) for i in dialog.picker.items() if not i.isHidden()] == [
        "Ana Silva", "Cara Lund"]
    assert dialog.picker.count_label.text() == "0 of 4 agents ticked · 2 shown"
    dialog.picker.all_button.click()
    dialog.picker.filter_edit.clear()
    assert dialog.picker.all_button.text() == "Select all"
    assert dialog.request().agent_ids == [1, 3]
    # Enter in the filter moves to the list; it does not write the packets
    dialog.picker.filter_edit.setFocus()
    qtbot.keyClick(dialog.picker.filter_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != PacketDialog.DialogCode.Accepted


def test_no_active_agent_means_no_batch(qtbot, tmp_path):
    dialog = batch_dialog(qtbot, tmp_path, [AgentChoice(5, "Eve Moss", active=False)])
    assert not dialog.ok_button.isEnabled()
    assert "no active agents" in dialog.picker.none_label.text()


def test_page_batch_writes_only_the_ticked_agents(qtbot, database, make_agent, tmp_path,
                                                 request):
    make_agent("Ana Silva", team="Tier 1")
    ben = make_agent("Ben Okafor", team="Tier 1")
    make_agent("Cara Lund", team="Billing")
    dev = make_agent("Dev Rao", team="Billing", lead_id=ben.id)
    make_agent("Eve Moss", team="Billing", status="on_leave")
    create_qapplication()
    jobs = JobRunner()
    request.addfinalizer(jobs.shutdown)  # the batch's worker thread ends with the test
    window = MainWindow(database, jobs, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("reports")
    dialog = page.make_dialog(team=True)
    qtbot.addWidget(dialog)
    assert [i.text(0) for i in dialog.picker.items()] == [
        "Ana Silva", "Ben Okafor", "Cara Lund", "Dev Rao"]
    assert item_for(dialog, "Dev Rao").text(2) == "Ben Okafor"  # the lead
    untick(dialog, "Ana Silva", "Cara Lund")
    folder = tmp_path / "batch"
    folder.mkdir()
    dialog.folder_edit.setText(str(folder))
    request = dialog.request()
    assert request.agent_ids == sorted([ben.id, dev.id])
    job = page.start(request)
    with qtbot.waitSignal(job.finished, timeout=WAIT):
        pass
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=WAIT)
    assert sorted(p.name for p in folder.iterdir()) == [
        "Review packet - Ben Okafor - 2026-09-01 to 2026-11-02.xlsx",
        "Review packet - Dev Rao - 2026-09-01 to 2026-11-02.xlsx",
        "Team overview - 2026-09-01 to 2026-11-02.xlsx"]
    assert page.message_label.text().startswith("Wrote 2 packets and the team overview")
    book = CalamineWorkbook.from_path(
        str(folder / "Review packet - Dev Rao - 2026-09-01 to 2026-11-02.xlsx"))
    cells = {c for name in book.sheet_names
             for row in book.get_sheet_by_name(name).to_python() for c in row}
    assert "Dev Rao" in cells and "Ana Silva" not in cells
    overview = CalamineWorkbook.from_path(
        str(folder / "Team overview - 2026-09-01 to 2026-11-02.xlsx"))
    names = {row[0] for name in overview.sheet_names
             for row in overview.get_sheet_by_name(name).to_python() if row}
    assert {"Ben Okafor", "Dev Rao"} <= names and not {"Ana Silva", "Cara Lund"} & names
    assert sorted(e.agent_name for e in list_exports(database.session_factory)) == [
        "Ben Okafor", "Dev Rao"]
