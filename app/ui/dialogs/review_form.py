"""The review form: score one conversation against a scorecard, fast, by keyboard or mouse.

Header (agent, conversation, scorecard, reviewer, date), then one ``RatingRow`` per
criterion grouped by section, and beside them the live score with any auto-fail, the
overall comment and "needs coaching". Drafts can be saved half-done; finalising needs
every criterion rated or N/A. A final review opens read-only, with its history and the
dispute buttons (its scores change only through a dispute).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.analytics.qa_scores import review_score
from app.errors import UserError
from app.services import reviews, roster
from app.db import SessionFactory
from app.services.reviews import RatingInput, ReviewDetail, ReviewInput, TicketHit
from app.services.scorecards import ScorecardDetail
from app.ui.dialogs.guarded_dialog import GuardedDialog
from app.ui.dialogs.review_form_rating import STYLE, RatingRow
from app.ui.messages import show_error
from app.ui.sizing import resize_within_screen
from app.ui.widgets import DATE_FORMAT, ErrorLabel, buddy_label, from_qdate, make_primary, to_qdate

KEY_HINT = ("Keys: digits rate · N = N/A · ←→ step · ↑↓ or Tab move · C comment · "
            "K coach · Ctrl+S draft · Ctrl+Enter finalise")


class ReviewFormDialog(GuardedDialog):
    discard_title = "Discard this review?"
    discard_question = ("Your ratings and comments have not been saved. Discard them?\n\n"
                        "Choose No to keep editing; Save draft keeps them for later.")
    review_saved = Signal(int)  # review id, after a draft save or finalisation
    dispute_requested = Signal(int)  # review id: open or resolve its dispute

    def __init__(self, session_factory: SessionFactory, today: date, *,
                 review_id: int | None = None, agent_id: int | None = None,
                 ticket: TicketHit | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session_factory = session_factory
        self._today = today
        self._review: ReviewDetail | None = None
        self._ticket: TicketHit | None = ticket
        self._hits: dict[str, TicketHit] = {}
        self.rows: list[RatingRow] = []
        self.saved_review: ReviewDetail | None = None
        if review_id is not None:
            self._review = reviews.get_review(session_factory, review_id)
        self._cards = reviews.scorecard_choices(session_factory)
        if self._review and all(c.version_id != self._review.scorecard.version_id
                                for c in self._cards):
            self._cards.insert(0, self._review.scorecard)  # an old or archived version
        self.setWindowTitle("Review" if self._review else "New review")
        self.setStyleSheet(STYLE)
        self._build()
        self._fill(agent_id)
        resize_within_screen(self, 1000, 720)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.agent_combo = QComboBox()
        self.agent_combo.setEditable(True)
        self.agent_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.agent_combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.agent_combo.completer().setCompletionMode(
            QCompleter.CompletionMode.PopupCompletion)
        self.agent_combo.lineEdit().setPlaceholderText("Type a name…")
        self.conversation_edit = QLineEdit()
        self.conversation_edit.setPlaceholderText("Ticket id, subject words, or a link")
        self.conversation_edit.setToolTip("Type a ticket id or words of its subject to find an "
                                          "imported ticket, or paste any reference or link")
        self._ticket_model = QStringListModel(self)
        completer = QCompleter(self._ticket_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.conversation_edit.setCompleter(completer)
        completer.activated[str].connect(self._on_ticket_chosen)
        self.ticket_note = QLabel("", objectName="mutedText")
        self.scorecard_combo = QComboBox()
        self.reviewer_combo = QComboBox()
        self.reviewer_combo.setEditable(True)
        self.reviewer_combo.lineEdit().setPlaceholderText("Your name")
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)

        header = QFormLayout()
        header.setHorizontalSpacing(10)
        header.setVerticalSpacing(6)
        first = QHBoxLayout()
        first.addWidget(self.agent_combo, 2)
        first.addSpacing(12)
        first.addWidget(QLabel("Date"))
        first.addWidget(self.date_edit)
        header.addRow(buddy_label("&Agent", self.agent_combo), first)
        conversation = QVBoxLayout()
        conversation.setSpacing(2)
        conversation.addWidget(self.conversation_edit)
        conversation.addWidget(self.ticket_note)
        header.addRow(buddy_label("C&onversation", self.conversation_edit), conversation)
        second = QHBoxLayout()
        second.addWidget(self.scorecard_combo, 2)
        second.addSpacing(12)
        second.addWidget(QLabel("Reviewer"))
        second.addWidget(self.reviewer_combo, 1)
        header.addRow(buddy_label("Score&card", self.scorecard_combo), second)

        self.rows_widget = QWidget()
        self.rows_layout = QVBoxLayout(self.rows_widget)
        self.rows_layout.setContentsMargins(0, 0, 6, 0)
        self.rows_layout.setSpacing(6)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.rows_widget)
        self.hint_label = QLabel(KEY_HINT, objectName="mutedText")
        self.hint_label.setWordWrap(True)

        left = QVBoxLayout()
        left.setSpacing(8)
        left.addLayout(header)
        left.addWidget(self.scroll, 1)
        left.addWidget(self.hint_label)

        self.score_label = QLabel("—", objectName="scoreFigure")
        self.result_label = QLabel("", objectName="mutedText")
        self.result_label.setWordWrap(True)
        self.progress_label = QLabel("", objectName="mutedText")
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setPlaceholderText("Overall comment for the agent")
        self.comment_edit.setTabChangesFocus(True)
        self.coaching_check = QCheckBox("Needs coaching")
        self.coaching_check.setToolTip("Adds a talking point for the agent's next one-on-one "
                                       "when the review is finalised")
        self.history_label = QLabel("", objectName="mutedText")
        self.history_label.setWordWrap(True)
        self.history_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dispute_button = QPushButton("Record dispute…")
        self.error_label = ErrorLabel()
        self.error_label.setWordWrap(True)

        side = QVBoxLayout()
        side.setSpacing(6)
        side.addWidget(QLabel("Score", objectName="sectionHeading"))
        side.addWidget(self.score_label)
        side.addWidget(self.result_label)
        side.addWidget(self.progress_label)
        side.addSpacing(8)
        side.addWidget(buddy_label("Overall co&mment", self.comment_edit, "sectionHeading"))
        side.addWidget(self.comment_edit, 1)
        side.addWidget(self.coaching_check)
        side.addWidget(self.history_label)
        side.addWidget(self.dispute_button)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(280)

        body = QHBoxLayout()
        body.setSpacing(14)
        body.addLayout(left, 1)
        body.addWidget(side_widget)

        self.cancel_button = QPushButton("Cancel")
        self.draft_button = QPushButton("Save draft")
        self.draft_button.setToolTip("Keep it unfinished (Ctrl+S)")
        self.finalise_button = QPushButton("Finalise")
        self.finalise_button.setToolTip("Every criterion rated or N/A (Ctrl+Enter)")
        make_primary(self.finalise_button)
        # Enter confirms a comment, never the whole review: no default button here.
        for button in (self.cancel_button, self.draft_button, self.finalise_button,
                       self.dispute_button):
            button.setDefault(False)
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error_label, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.draft_button)
        buttons.addWidget(self.finalise_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 12)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

        self.cancel_button.clicked.connect(self.reject)
        self.draft_button.clicked.connect(lambda: self.save(finalise=False))
        self.finalise_button.clicked.connect(lambda: self.save(finalise=True))
        self.dispute_button.clicked.connect(self._on_dispute)
        self.scorecard_combo.currentIndexChanged.connect(self._on_scorecard_changed)
        self.comment_edit.textChanged.connect(self._update_score)
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self._search_tickets)
        self.conversation_edit.textEdited.connect(self._on_conversation_edited)
        for keys, slot in ((QKeySequence.StandardKey.Save, lambda: self.save(finalise=False)),
                           ("Ctrl+Return", lambda: self.save(finalise=True)),
                           ("Ctrl+Enter", lambda: self.save(finalise=True))):
            QShortcut(QKeySequence(keys), self, activated=slot)

    def _fill(self, agent_id: int | None) -> None:
        review = self._review
        agents = roster.list_agents(self._session_factory)
        shown = [a for a in agents if a.status != "departed"
                 or (review and a.id == review.agent_id) or a.id == agent_id]
        for agent in shown:
            self.agent_combo.addItem(agent.full_name, agent.id)
        self.agent_combo.setCurrentIndex(-1)
        wanted = review.agent_id if review else agent_id
        if wanted is None and self._ticket is not None:
            wanted = self._ticket.agent_id
        if wanted is not None:
            self.agent_combo.setCurrentIndex(self.agent_combo.findData(wanted))
        for reviewer in reviews.list_reviewers(self._session_factory):
            self.reviewer_combo.addItem(reviewer)
        self.reviewer_combo.setCurrentText(
            review.reviewer if review else reviews.last_reviewer(self._session_factory))
        self.date_edit.setDate(to_qdate(review.review_date if review else self._today))
        if review:
            self.conversation_edit.setText(review.conversation_ref or review.ticket_label)
            if review.ticket_id:
                self._ticket = TicketHit(review.ticket_id, "", "", review.ticket_label, None,
                                         "", None)
            self.comment_edit.setPlainText(review.comment)
            self.coaching_check.setChecked(review.needs_coaching)
        elif self._ticket is not None:
            self.conversation_edit.setText(self._ticket.label)
        self._show_ticket_note()
        self.scorecard_combo.blockSignals(True)
        for card in self._cards:
            label = card.name if card.is_current else f"{card.name} (version {card.version})"
            self.scorecard_combo.addItem(label, card.version_id)
        self.scorecard_combo.blockSignals(False)
        index = self.scorecard_combo.findData(review.scorecard.version_id) if review else 0
        self.scorecard_combo.setCurrentIndex(max(index, 0))
        self._on_scorecard_changed()
        if review:
            for row in self.rows:
                row.set_rating(review.ratings.get(row.criterion.id))
        elif self._ticket is not None:
            self._prefer_channel(self._ticket.channel)
        self._apply_mode()
        self._update_score()
        self._saved_state = self._state()

    def _apply_mode(self) -> None:
        final = self._review is not None and self._review.status == "final"
        for widget in (self.agent_combo, self.scorecard_combo, self.reviewer_combo,
                       self.date_edit, self.conversation_edit):
            widget.setEnabled(not final)
        self.comment_edit.setReadOnly(final)
        self.coaching_check.setEnabled(not final)
        for row in self.rows:
            row.set_read_only(final)
        self.draft_button.setVisible(not final)
        self.finalise_button.setVisible(not final)
        self.hint_label.setVisible(not final)
        self.cancel_button.setText("Close" if final else "Cancel")
        if final:
            self.ticket_note.hide()
            self.comment_edit.setPlaceholderText("No overall comment")
            for row in self.rows:
                row.comment_edit.setPlaceholderText("")
        self.dispute_button.setVisible(final)
        self.history_label.setVisible(final)
        if final:
            review = self._review
            self.setWindowTitle(f"Review of {review.agent_name}, {review.review_date}")
            self.dispute_button.setText("Resolve dispute…" if review.open_dispute_id
                                        else "Record dispute…")
            lines = [f"{h.at:%Y-%m-%d} · {h.event.capitalize()}"
                     + (f": {h.detail}" if h.detail else "") for h in review.history]
            if review.original_score is not None and review.original_score != review.score:
                lines.append(f"Score when finalised: {review.original_score:.0f}%")
            self.history_label.setText("<b>History</b><br>" + "<br>".join(
                line.replace("&", "&amp;").replace("<", "&lt;") for line in lines)
                if lines else "")

    def _current_card(self) -> ScorecardDetail | None:
        version_id = self.scorecard_combo.currentData()
        return next((c for c in self._cards if c.version_id == version_id), None)

    def _on_scorecard_changed(self) -> None:
        card = self._current_card()
        while self.rows_layout.count():
            item = self.rows_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()  # gone now, not only at the next event loop turn
                widget.setParent(None)
                widget.deleteLater()
        self.rows = []
        if card is None:
            self.rows_layout.addWidget(QLabel("Add a scorecard on the Quality page first."))
            return
        section = None
        for criterion in card.criteria:
            if criterion.section and criterion.section != section:
                section = criterion.section
                self.rows_layout.addWidget(QLabel(section, objectName="sectionHeading"))
            row = RatingRow(criterion)
            row.changed.connect(self._update_score)
            row.rated.connect(lambda r=row: self._move_from(r, 1))
            row.move_requested.connect(lambda step, r=row: self._move_from(r, step))
            self.rows.append(row)
            self.rows_layout.addWidget(row)
        self.rows_layout.addStretch(1)
        self._update_score()

    def _move_from(self, row: RatingRow, step: int) -> None:
        index = self.rows.index(row) + step
        if 0 <= index < len(self.rows):
            target = self.rows[index]
            target.setFocus(Qt.FocusReason.TabFocusReason)
            self.scroll.ensureWidgetVisible(target, 0, 40)
        elif index >= len(self.rows):
            self.comment_edit.setFocus(Qt.FocusReason.TabFocusReason)

    def focus_first_unrated(self) -> None:
        target = next((r for r in self.rows if not r.is_rated()), None)
        if self.agent_combo.currentIndex() < 0:
            self.agent_combo.setFocus()
        elif target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _state(self) -> tuple:
        """What the reviewer has entered, to tell whether closing would lose work."""
        return (self._agent_id(), self.scorecard_combo.currentData(),
                self.conversation_edit.text(), self.comment_edit.toPlainText(),
                self.coaching_check.isChecked(), repr(sorted(self.ratings().items())))

    def has_unsaved_changes(self) -> bool:
        """Cancel, Escape or the close button ask first (a review can take ten minutes)."""
        final = self._review is not None and self._review.status == "final"
        return not final and self._state() != getattr(self, "_saved_state", None)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Plain Enter must not finalise (QDialog would press its default button)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            return
        super().keyPressEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        QTimer.singleShot(0, self.focus_first_unrated)

    # --------------------------------------------------------------- live score

    def ratings(self) -> dict[int, RatingInput]:
        return {row.criterion.id: row.rating() for row in self.rows}

    def _update_score(self) -> None:
        card = self._current_card()
        if card is None:
            return
        values = {cid: (None if r.na else r.value) for cid, r in self.ratings().items()
                  if r.is_set}
        result = review_score([c.spec() for c in card.criteria], values)
        rated = sum(1 for r in self.rows if r.is_rated())
        self.progress_label.setText(f"{rated} of {len(self.rows)} criteria rated"
                                    f" · pass at {card.pass_threshold:g}%")
        if result.score is None:
            self.score_label.setText("—")
            self.score_label.setStyleSheet("")
            self.result_label.setText("Rate a criterion to see the score.")
            return
        passed = result.score >= card.pass_threshold
        colour = "#2e7d32" if passed else "#b42318"
        self.score_label.setText(f"{result.score:.0f}%")
        self.score_label.setStyleSheet(f"color: {colour};")
        if result.auto_failed:
            self.result_label.setText(
                f"<span style='color:#b42318'><b>Auto-fail:</b> "
                f"{', '.join(result.failed_critical)}</span> (without it "
                f"{result.weighted_score:.0f}%)")
        else:
            self.result_label.setText("Passes" if passed else "Below the pass threshold")

    # --------------------------------------------------------------- conversation

    def _on_conversation_edited(self, _text: str) -> None:
        self._ticket = None
        self._show_ticket_note()
        self._search_timer.start()

    def _search_tickets(self) -> None:
        text = self.conversation_edit.text().strip()
        if len(text) < 2 or text.lower().startswith(("http://", "https://")):
            return
        hits = reviews.search_tickets(self._session_factory, text)
        self._hits = {hit.label: hit for hit in hits}
        self._ticket_model.setStringList(list(self._hits))
        if hits:
            self.conversation_edit.completer().complete()

    def _on_ticket_chosen(self, label: str) -> None:
        hit = self._hits.get(label)
        if hit is None:
            return
        self._ticket = hit
        if hit.agent_id is not None and self.agent_combo.currentIndex() < 0:
            self.agent_combo.setCurrentIndex(self.agent_combo.findData(hit.agent_id))
        self._prefer_channel(hit.channel)
        self._show_ticket_note()

    def _prefer_channel(self, channel: str) -> None:
        """Switch to the scorecard tied to the ticket's channel, while nothing is rated."""
        if not channel or any(row.is_rated() for row in self.rows):
            return
        for index, card in enumerate(self._cards):
            if channel.casefold() in (c.casefold() for c in card.channels):
                self.scorecard_combo.setCurrentIndex(index)
                return

    def _show_ticket_note(self) -> None:
        if self._ticket is not None:
            self.ticket_note.setText("Linked to the imported ticket")
        elif self.conversation_edit.text().strip():
            self.ticket_note.setText("Kept as a reference (no imported ticket chosen)")
        else:
            self.ticket_note.setText("")
        self.ticket_note.setVisible(bool(self.ticket_note.text()))

    # ------------------------------------------------------------------ saving

    def _agent_id(self) -> int | None:
        index = self.agent_combo.findText(self.agent_combo.currentText(),
                                          Qt.MatchFlag.MatchFixedString)
        return self.agent_combo.itemData(index) if index >= 0 else None

    def review_input(self) -> ReviewInput | None:
        agent_id = self._agent_id()
        card = self._current_card()
        if agent_id is None:
            self.error_label.show_error("Choose the agent whose conversation this is.")
            self.agent_combo.setFocus()
            return None
        if card is None:
            self.error_label.show_error("Choose a scorecard.")
            return None
        text = self.conversation_edit.text().strip()
        ticket_id = self._ticket.id if self._ticket is not None else None
        reference = "" if ticket_id and self._ticket and text == self._ticket.label else text
        if ticket_id and self._ticket and not reference and self._ticket.external_id:
            reference = f"#{self._ticket.external_id}"
        return ReviewInput(agent_id, card.version_id, self.reviewer_combo.currentText(),
                           from_qdate(self.date_edit.date()), self.ratings(), ticket_id=ticket_id,
                           conversation_ref=reference,
                           comment=self.comment_edit.toPlainText(),
                           needs_coaching=self.coaching_check.isChecked())

    def save(self, *, finalise: bool) -> bool:
        if self._review is not None and self._review.status == "final":
            return False
        data = self.review_input()
        if data is None:
            return False
        try:
            saved = reviews.save_review(self._session_factory,
                                        self._review.id if self._review else None, data,
                                        finalise=finalise)
        except UserError as exc:
            self.error_label.show_error(str(exc))
            if finalise:
                self.focus_first_unrated()
            return False
        except Exception as exc:  # a bug: show it, keep the form open with its data
            show_error(self, "The review was not saved", exc)
            return False
        self.saved_review = saved
        self.review_saved.emit(saved.id)
        self.accept()
        return True

    def _on_dispute(self) -> None:
        if self._review is not None:
            self.dispute_requested.emit(self._review.id)
