"""The Calibration page clicked through: create, blind scoring on one laptop, reveal,
discussion. Blind mode must never put a score on screen before the reveal."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QMessageBox, QPushButton

from app.services import calibration, calibration_results, scorecards
from app.ui.dialogs.calibration_session_dialog import CalibrationSessionDialog
from app.ui.jobs import JobRunner
from app.ui.launch import create_qapplication
from app.ui.main_window import MainWindow
from app.ui.pages.calibration import CalibrationPage
from tests.services.quality_helpers import make_card

# Tone 1-5, Accuracy 1-4, Greeting/Compliance yes-no: per grader, keys typed per row.
KEYS = {"Ann": {"Greeting": "1", "Accuracy": "4", "Compliance": "1", "Tone": "5"},
        "Bo": {"Greeting": "n", "Accuracy": "2", "Compliance": "1", "Tone": "3"}}


def make_window(qtbot, database) -> MainWindow:
    create_qapplication()
    window = MainWindow(database, JobRunner(), today=lambda: date(2026, 11, 2))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def _visible_text(widget) -> str:
    texts = [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QPushButton)
             if w.isVisible()]
    return "\n".join(texts)


def _score_by_keyboard(qtbot, dialog, keys: dict) -> None:
    for rows in dialog.rows.values():
        for row in rows:
            qtbot.keyClick(row, keys[row.criterion.name])


def test_blind_scoring_reveal_and_discussion(qtbot, database, session_factory, monkeypatch):
    make_card(session_factory)
    window = make_window(qtbot, database)
    page: CalibrationPage = window.show_page("calibration")
    assert page.stack.currentWidget() is page.empty_state

    def fill_dialog(dialog):
        assert isinstance(dialog, CalibrationSessionDialog)
        dialog.title_edit.setText("November")
        dialog.refs[0].setText("ZD-101")
        dialog.transcripts[0].setPlainText("Customer: my refund?")
        qtbot.mouseClick(dialog.add_conversation_button, Qt.MouseButton.LeftButton)
        dialog.refs[1].setText("ZD-102")
        dialog.graders_edit.setText("Ann, Bo")
        dialog.facilitator_edit.setText("Fay")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(CalibrationSessionDialog, "exec", fill_dialog)
    qtbot.mouseClick(page.empty_new_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.content
    detail = page.detail
    assert detail.title == "November" and len(detail.conversations) == 2

    computed = []
    real_results = calibration_results.session_results
    monkeypatch.setattr(calibration_results, "session_results",
                        lambda *a, **k: computed.append(a) or real_results(*a, **k))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)

    ann, bo = detail.graders
    qtbot.mouseClick(page.scoring_panel.buttons[ann.id], Qt.MouseButton.LeftButton)
    dialog = page.scoring_dialog
    assert dialog is not None and "Scoring now: Ann" in _visible_text(dialog)
    _score_by_keyboard(qtbot, dialog, KEYS["Ann"])
    assert dialog.progress_label.text() == "8 of 8 rated"
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted

    # Ann is in; Bo's sheet starts empty and nothing on screen shows Ann's scores.
    assert not page.scoring_panel.buttons[ann.id].isEnabled()
    assert "waiting for Bo" in page.scoring_panel.status.text()
    assert page.results_panel.results is None and computed == []
    assert page.state_stack.currentWidget() is page.scoring_panel
    qtbot.mouseClick(page.scoring_panel.buttons[bo.id], Qt.MouseButton.LeftButton)
    sheet = page.scoring_dialog
    assert all(not r.is_rated() for rows in sheet.rows.values() for r in rows)
    screen = _visible_text(window) + _visible_text(sheet)
    assert "alignment" not in screen.lower() and "Benchmark" not in screen
    assert page.results_panel.isHidden() or not page.results_panel.isVisible()
    # an incomplete sheet is not submitted
    rows = next(iter(sheet.rows.values()))
    qtbot.keyClick(rows[0], "n")
    sheet.submit(confirm=False)
    assert "still to rate" in sheet.error_label.text()
    _score_by_keyboard(qtbot, sheet, KEYS["Bo"])
    sheet.submit(confirm=False)
    assert computed == []
    assert "All 2 graders have submitted" in page.scoring_panel.status.text()
    assert page.reveal_button.property("primary") is True

    page.reveal(confirm=False)
    assert page.state_stack.currentWidget() is page.results_panel and computed
    panel = page.results_panel
    assert panel.units_model.rowCount() == 8
    assert panel.units_model.rows[0][0] == "⚑"
    assert panel.alpha_label.text() and "%" in panel.agreement_label.text()
    assert panel.graders_model.rowCount() == 5  # overall + four criteria
    assert panel.graders_model.headers[1:] == ["Ann", "Bo"]
    assert set(panel.totals_chart.series) == {"Ann", "Bo"}

    # discussion: agreed value and note on the selected criterion; then guidance
    box = panel.discussion
    unit = box.unit
    assert unit is not None
    box.note_edit.setPlainText("We read it the same way now")
    box.agreed_combo.setCurrentIndex(1)
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    results = real_results(session_factory, detail.id)
    saved = next(u for u in results.units if (u.conversation_id, u.criterion.id)
                 == (unit.conversation_id, unit.criterion.id))
    assert saved.note == "We read it the same way now" and saved.benchmark_source == "agreed"
    assert box.unit.note == "We read it the same way now"
    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        lambda *a, **k: ("Say how partial answers score.", True))
    qtbot.mouseClick(box.guidance_button, Qt.MouseButton.LeftButton)
    assert "version 2" in box.status_label.text()
    card = scorecards.get_scorecard(session_factory, detail.scorecard.id)
    assert card.version == 2
    assert calibration.get_session(session_factory, detail.id).scorecard.version == 1
