"""One grader's blind score sheet on the shared laptop.

It is built only from the session (criteria, conversations, transcripts) and never from
anybody's scores: it starts empty for every grader, and once submitted the scores are
out of reach until the facilitator reveals them. Each criterion is the QA review form's
own ``RatingRow`` (digits rate, N = N/A, arrows move), without its "needs coaching" box.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.calibration import GraderInfo, ScoreInput, SessionDetail
from app.ui.dialogs.review_form_rating import STYLE as REVIEW_STYLE
from app.ui.dialogs.review_form_rating import RatingRow
from app.ui.sizing import resize_within_screen
from app.ui.widgets import ErrorLabel, make_primary

KEY_HINT = ("Keys: digits rate · N = N/A · ←→ step · ↑↓ move · C comment · "
            "Ctrl+PgDn next conversation · Ctrl+Enter submit")
STYLE = REVIEW_STYLE + """
QLabel#graderBanner { font-size: 20pt; font-weight: 600; color: #ffffff; }
QFrame#banner { background: #1d4ed8; border-radius: 8px; }
QLabel#bannerNote { color: #dbe7ff; font-size: 11pt; }
"""


class CalibrationScoringDialog(QDialog):
    scores_ready = Signal(object)  # {(conversation id, criterion id): ScoreInput}

    def __init__(self, detail: SessionDetail, grader: GraderInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail = detail
        self.grader = grader
        self.rows: dict[int, list[RatingRow]] = {}
        self.scrolls: dict[int, QScrollArea] = {}
        self.setWindowTitle(f"Blind scoring — {grader.name}")
        self.setStyleSheet(STYLE)
        banner = QFrame(objectName="banner")
        name = QLabel(f"Scoring now: {grader.name}", objectName="graderBanner")
        note = QLabel("Only you see this sheet. Other graders' scores stay hidden until the "
                      f"facilitator reveals them. Not {grader.name}? Press Cancel.",
                      objectName="bannerNote")
        note.setWordWrap(True)
        banner_layout = QVBoxLayout(banner)
        banner_layout.setContentsMargins(16, 10, 16, 10)
        banner_layout.addWidget(name)
        banner_layout.addWidget(note)

        self.tabs = QTabWidget()
        for conversation in detail.conversations:
            self.tabs.addTab(self._conversation_page(conversation), conversation.reference)
        self.progress_label = QLabel("", objectName="mutedText")
        hint = QLabel(KEY_HINT, objectName="mutedText")
        hint.setWordWrap(True)
        self.error_label = ErrorLabel()
        cancel = QPushButton("Cancel")
        self.submit_button = QPushButton("Submit my scores")
        self.submit_button.setToolTip("Every criterion rated or N/A (Ctrl+Enter)")
        make_primary(self.submit_button)
        for button in (cancel, self.submit_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress_label)
        buttons.addWidget(self.error_label)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        cancel.clicked.connect(self.reject)
        self.submit_button.clicked.connect(self.submit)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.submit)
        self._update_progress()
        resize_within_screen(self, 1180, 760)

    def _conversation_page(self, conversation) -> QWidget:
        transcript = QPlainTextEdit(conversation.transcript or "No transcript or notes were "
                                    "added: open the ticket in your support tool.")
        transcript.setReadOnly(True)
        rows_widget = QWidget()
        rows_layout = QVBoxLayout(rows_widget)
        rows_layout.setContentsMargins(0, 0, 6, 0)
        rows_layout.setSpacing(6)
        rows: list[RatingRow] = []
        section = None
        for criterion in self.detail.scorecard.criteria:
            if criterion.section and criterion.section != section:
                section = criterion.section
                rows_layout.addWidget(QLabel(section, objectName="sectionHeading"))
            row = RatingRow(criterion)
            row.coach_check.hide()  # coaching belongs to real reviews, not calibration
            row.changed.connect(self._update_progress)
            row.rated.connect(lambda r=row, c=conversation.id: self._move(c, r, 1))
            row.move_requested.connect(lambda step, r=row, c=conversation.id:
                                       self._move(c, r, step))
            rows.append(row)
            rows_layout.addWidget(row)
        rows_layout.addStretch(1)
        self.rows[conversation.id] = rows
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(rows_widget)
        self.scrolls[conversation.id] = scroll
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(f"<b>{conversation.reference}</b> · transcript or notes"))
        left_layout.addWidget(transcript, 1)
        split.addWidget(left)
        split.addWidget(scroll)
        split.setSizes([360, 800])
        return split

    def _move(self, conversation_id: int, row: RatingRow, step: int) -> None:
        rows = self.rows[conversation_id]
        index = rows.index(row) + step
        if 0 <= index < len(rows):
            rows[index].setFocus(Qt.FocusReason.TabFocusReason)
            self.scrolls[conversation_id].ensureWidgetVisible(rows[index], 0, 40)
        elif index >= len(rows) and self.tabs.currentIndex() < self.tabs.count() - 1:
            self.tabs.setCurrentIndex(self.tabs.currentIndex() + 1)
            self.focus_first_unrated()

    def focus_first_unrated(self) -> None:
        for number, rows in enumerate(self.rows.values()):
            target = next((r for r in rows if not r.is_rated()), None)
            if target is not None:
                self.tabs.setCurrentIndex(number)
                target.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        QTimer.singleShot(0, self.focus_first_unrated)

    def _update_progress(self) -> None:
        rows = [r for rows in self.rows.values() for r in rows]
        rated = sum(1 for r in rows if r.is_rated())
        self.progress_label.setText(f"{rated} of {len(rows)} rated")
        for number, conversation in enumerate(self.detail.conversations):
            done = all(r.is_rated() for r in self.rows.get(conversation.id, []))
            self.tabs.setTabText(number, ("✓ " if done else "") + conversation.reference)

    def scores(self) -> dict[tuple[int, int], ScoreInput]:
        result = {}
        for conversation_id, rows in self.rows.items():
            for row in rows:
                rating = row.rating()
                result[(conversation_id, row.criterion.id)] = ScoreInput(
                    rating.value, rating.na, rating.comment)
        return result

    def submit(self, confirm: bool = True) -> None:
        missing = sum(1 for rows in self.rows.values() for r in rows if not r.is_rated())
        if missing:
            self.error_label.show_error(f"{missing} criteria still to rate (or mark N/A).")
            self.focus_first_unrated()
            return
        if confirm and QMessageBox.question(
                self, "Submit scores",
                f"Submit {self.grader.name}'s scores? They cannot be changed afterwards, "
                "and stay hidden until the reveal.") != QMessageBox.StandardButton.Yes:
            return
        self.scores_ready.emit(self.scores())
