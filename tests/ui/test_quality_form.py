"""The review form, driven by the keyboard as a reviewer would use it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import reviews
from app.ui.dialogs.review_form import ReviewFormDialog
from app.ui.launch import create_qapplication
from tests.services.quality_helpers import add_review, make_card

TODAY = date(2026, 11, 2)


@pytest.fixture
def card(session_factory):
    return make_card(session_factory)


def open_form(qtbot, session_factory, **kwargs) -> ReviewFormDialog:
    create_qapplication()
    dialog = ReviewFormDialog(session_factory, TODAY, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def focused():
    return QApplication.focusWidget()


def test_score_a_review_without_the_mouse(qtbot, session_factory, make_agent, card):
    agent = make_agent("Ann Agent")
    dialog = open_form(qtbot, session_factory, agent_id=agent.id)
    dialog.reviewer_combo.setCurrentText("Rita")
    qtbot.waitUntil(lambda: focused() is dialog.rows[0])
    # Greeting: N (N/A) moves on by itself; Accuracy: 3; Compliance: 0 -> auto-fail shows.
    qtbot.keyClick(focused(), Qt.Key.Key_N)
    assert focused() is dialog.rows[1]
    qtbot.keyClick(focused(), Qt.Key.Key_3)
    qtbot.keyClick(focused(), Qt.Key.Key_0)
    assert "Auto-fail" in dialog.result_label.text() and dialog.score_label.text() == "0%"
    # Up goes back and a digit corrects it; Down and Tab move on.
    qtbot.keyClick(focused(), Qt.Key.Key_Up)
    assert focused() is dialog.rows[2]
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    assert focused() is dialog.rows[3]
    # A digit outside the scale does nothing; 9 on a 5-point scale.
    qtbot.keyClick(focused(), Qt.Key.Key_9)
    assert not dialog.rows[3].is_rated() and focused() is dialog.rows[3]
    # Arrow right steps through the scale: none -> 1 -> 2 -> 3 -> 4.
    for _ in range(4):
        qtbot.keyClick(focused(), Qt.Key.Key_Right)
    assert dialog.rows[3].rating().value == 4
    # (30*66.67 + 20*100 + 40*75) / 90 = 77.8 -> shown 78%, below the 80% threshold
    assert dialog.score_label.text() == "78%"
    assert "Below" in dialog.result_label.text()
    # C opens the comment, Enter returns to the row; K flags coaching.
    qtbot.keyClick(focused(), Qt.Key.Key_C)
    assert focused() is dialog.rows[3].comment_edit
    qtbot.keyClicks(focused(), "Warm but rushed")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert focused() is dialog.rows[3]
    qtbot.keyClick(focused(), Qt.Key.Key_K)
    assert dialog.rows[3].coach_check.isChecked()
    with qtbot.waitSignal(dialog.review_saved):
        qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    saved = dialog.saved_review
    assert saved.status == "final" and saved.score == pytest.approx(7000 / 90)
    tone = next(c.id for c in card.criteria if c.name == "Tone")
    assert saved.ratings[tone].comment == "Warm but rushed"
    assert saved.ratings[tone].needs_coaching
    assert saved.reviewer == "Rita"


def test_tab_moves_between_rows_and_finalise_needs_every_rating(qtbot, session_factory,
                                                                  make_agent, card):
    agent = make_agent("Ann Agent")
    dialog = open_form(qtbot, session_factory, agent_id=agent.id)
    dialog.reviewer_combo.setCurrentText("Rita")
    qtbot.waitUntil(lambda: focused() is dialog.rows[0])
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.rows[1]
    qtbot.keyClick(focused(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is dialog.rows[0]
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    assert not dialog.save(finalise=True)
    assert "Accuracy, Compliance, Tone" in dialog.error_label.text()
    assert focused() is dialog.rows[1]  # back to the first unrated criterion
    # A draft keeps the half-done work; reopening it continues where it stopped.
    assert dialog.save(finalise=False)
    draft = dialog.saved_review
    again = open_form(qtbot, session_factory, review_id=draft.id)
    assert again.rows[0].rating().value == 1 and not again.rows[1].is_rated()
    qtbot.waitUntil(lambda: focused() is again.rows[1])
    for key in (Qt.Key.Key_4, Qt.Key.Key_1, Qt.Key.Key_5):
        qtbot.keyClick(focused(), key)
    assert again.save(finalise=True)
    assert reviews.get_review(session_factory, draft.id).status == "final"


def test_mouse_rating_and_n_only_where_allowed(qtbot, session_factory, make_agent, card):
    agent = make_agent("Ann Agent")
    dialog = open_form(qtbot, session_factory, agent_id=agent.id)
    accuracy = dialog.rows[1]
    qtbot.mouseClick(accuracy.buttons[2], Qt.MouseButton.LeftButton)
    assert accuracy.rating().value == 2
    qtbot.mouseClick(accuracy.buttons[2], Qt.MouseButton.LeftButton)  # again: cleared
    assert not accuracy.is_rated()
    accuracy.setFocus()
    qtbot.keyClick(accuracy, Qt.Key.Key_N)  # Accuracy cannot be N/A
    assert not accuracy.is_rated() and accuracy.na_button is None


def test_final_review_is_read_only_with_history(qtbot, session_factory, make_agent, card):
    agent = make_agent("Ann Agent")
    review = add_review(session_factory, card, agent.id, date(2026, 10, 1), greeting=1,
                        accuracy=4, compliance=1, tone=5)
    dialog = open_form(qtbot, session_factory, review_id=review.id)
    assert not dialog.finalise_button.isVisible() and dialog.dispute_button.isVisible()
    dialog.rows[1].setFocus()
    qtbot.keyClick(dialog.rows[1], Qt.Key.Key_1)
    assert dialog.rows[1].rating().value == 4
    assert "Finalised: score 100%" in dialog.history_label.text()
    with qtbot.waitSignal(dialog.dispute_requested) as signal:
        qtbot.mouseClick(dialog.dispute_button, Qt.MouseButton.LeftButton)
    assert signal.args == [review.id]


def test_conversation_search_links_an_imported_ticket(qtbot, session_factory, make_agent,
                                                      card):
    from datetime import datetime

    from app.models import Ticket

    ann = make_agent("Ann Agent")
    with session_factory.begin() as session:
        session.add(Ticket(platform="zendesk", external_id="4711", agent_id=ann.id,
                           subject="Refund for a double charge", channel="email",
                           solved_at=datetime(2026, 10, 2)))
    dialog = open_form(qtbot, session_factory)
    qtbot.keyClicks(dialog.conversation_edit, "double")
    dialog._search_tickets()
    label = "#4711 — Refund for a double charge"
    assert dialog._ticket_model.stringList() == [label]
    dialog.conversation_edit.setText(label)
    dialog._on_ticket_chosen(label)
    assert dialog.agent_combo.currentText() == "Ann Agent"  # taken from the ticket
    assert dialog.ticket_note.text() == "Linked to the imported ticket"
    dialog.reviewer_combo.setCurrentText("Rita")
    assert dialog.save(finalise=False)
    saved = dialog.saved_review
    assert saved.ticket_id is not None and saved.conversation_ref == "#4711"
    # Typing over it turns it back into a plain reference.
    other = open_form(qtbot, session_factory, agent_id=ann.id)
    qtbot.keyClicks(other.conversation_edit, "https://help.example.com/t/9")
    assert other.ticket_note.text().startswith("Kept as a reference")


def test_a_ticket_picks_the_scorecard_of_its_channel(qtbot, session_factory, make_agent, card):
    from app.services import scorecards
    from app.services.reviews import TicketHit
    from app.services.scorecards import CriterionInput, ScorecardInput

    chat = scorecards.create_scorecard(session_factory, ScorecardInput(
        "Chat", 80, [CriterionInput("Speed", 10, 3)], channels=["Chat"]))
    ann = make_agent("Ann Agent")
    hit = TicketHit(0, "9", "zendesk", "Where is my parcel", ann.id, "chat", None)
    dialog = open_form(qtbot, session_factory, ticket=hit)
    assert dialog._current_card().version_id == chat.version_id
    assert [row.criterion.name for row in dialog.rows] == ["Speed"]


def test_cancel_asks_before_throwing_ratings_away(qtbot, session_factory, make_agent, card,
                                                  monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    agent = make_agent("Ann Agent")
    answers, asked = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Discard], []

    def question(*args, **kwargs):
        asked.append(args[1])
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    untouched = open_form(qtbot, session_factory, agent_id=agent.id)
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)  # nothing entered: closes at once
    assert not untouched.isVisible() and asked == []
    dialog = open_form(qtbot, session_factory, agent_id=agent.id)
    qtbot.waitUntil(lambda: focused() is dialog.rows[0])
    qtbot.keyClick(focused(), Qt.Key.Key_N)  # greeting: N/A
    qtbot.keyClick(focused(), Qt.Key.Key_3)  # accuracy: 3
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # "No": the form stays with its ratings
    assert asked == ["Discard this review?"]
    assert dialog.isVisible() and dialog.rows[1].rating().value == 3
    dialog.cancel_button.click()  # "Discard": closed, nothing saved
    assert not dialog.isVisible() and len(asked) == 2
    assert reviews.list_reviews(session_factory) == []
