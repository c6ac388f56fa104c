"""Record an agent's dispute of a review, or resolve the open one.

Recording: the agent's reason and, per criterion, the score they propose (blank = keep).
Resolving: accept all, accept some (tick them) or reject, with a note. The original
scores are kept on the dispute and every change goes to the review's history.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.analytics.qa_scores import scale_values
from app.db import SessionFactory
from app.errors import UserError
from app.services import disputes, reviews
from app.services.disputes import Proposal
from app.ui.widgets import ErrorLabel, make_primary

KEEP = "keep"


def _rating_text(rating: reviews.RatingInput | None) -> str:
    if rating is None or not rating.is_set:
        return "—"
    return "N/A" if rating.na else str(rating.value)


class DisputeDialog(QDialog):
    def __init__(self, session_factory: SessionFactory, review_id: int, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session_factory = session_factory
        self._today = today
        self.review = reviews.get_review(session_factory, review_id)
        self.open_dispute = next((d for d in disputes.list_disputes(session_factory, review_id)
                                  if d.status == "open"), None)
        self.saved: disputes.DisputeInfo | None = None
        self.error_label = ErrorLabel()
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        make_primary(self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        layout = QVBoxLayout(self)
        title = (f"{self.review.agent_name} · {self.review.review_date} · "
                 f"{self.review.scorecard.name} · score "
                 + ("—" if self.review.score is None else f"{self.review.score:.0f}%"))
        heading = QLabel(title, objectName="sectionTitle")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        if self.open_dispute is None:
            self.setWindowTitle("Record a dispute")
            self._build_open(layout)
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Record dispute")
        else:
            self.setWindowTitle("Resolve the dispute")
            self._build_resolve(layout)
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Resolve")
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(560)

    # ------------------------------------------------------------------- record

    def _build_open(self, layout: QVBoxLayout) -> None:
        layout.addWidget(QLabel("The agent's &reason"))
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText("What the agent says the review got wrong")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(80)
        layout.itemAt(layout.count() - 1).widget().setBuddy(self.reason_edit)
        layout.addWidget(self.reason_edit)
        layout.addWidget(QLabel("Scores the agent proposes (leave “keep” where they agree)"))
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Criterion</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Given</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Proposed</b>"), 0, 2)
        self.proposal_combos: dict[int, QComboBox] = {}
        for row, criterion in enumerate(self.review.scorecard.criteria, start=1):
            grid.addWidget(QLabel(criterion.name), row, 0)
            grid.addWidget(QLabel(_rating_text(self.review.ratings.get(criterion.id))), row, 1)
            combo = QComboBox()
            combo.addItem("keep", KEEP)
            for value in scale_values(criterion.scale):
                combo.addItem(str(value), value)
            if criterion.allow_na:
                combo.addItem("N/A", None)
            grid.addWidget(combo, row, 2)
            self.proposal_combos[criterion.id] = combo
        grid.setColumnStretch(0, 1)
        layout.addLayout(grid)

    def proposals(self) -> dict[int, Proposal]:
        result = {}
        for criterion_id, combo in self.proposal_combos.items():
            data = combo.currentData()
            if data == KEEP:
                continue
            result[criterion_id] = Proposal(None, True) if data is None else Proposal(data)
        return result

    # ------------------------------------------------------------------ resolve

    def _build_resolve(self, layout: QVBoxLayout) -> None:
        dispute = self.open_dispute
        reason = QLabel(f"<b>Reason</b> (raised {dispute.raised_on}): "
                        + dispute.reason.replace("<", "&lt;"))
        reason.setWordWrap(True)
        layout.addWidget(reason)
        self.item_checks: dict[int, QCheckBox] = {}
        if dispute.items:
            layout.addWidget(QLabel("Proposed changes — tick the ones you accept:"))
            for item in dispute.items:
                check = QCheckBox(f"{item.criterion}: {item.original.text()} → "
                                  f"{item.proposed.text()}")
                check.setChecked(True)
                check.toggled.connect(self._sync_resolution)
                self.item_checks[item.criterion_id] = check
                layout.addWidget(check)
        else:
            layout.addWidget(QLabel("The agent proposed no score changes.", objectName="mutedText"))
        self.resolution_group = QButtonGroup(self)
        for key, label in disputes.RESOLUTIONS.items():
            radio = QRadioButton(label)
            radio.setProperty("key", key)
            self.resolution_group.addButton(radio)
            layout.addWidget(radio)
        self.resolution_group.buttons()[0].setChecked(True)
        self.resolution_group.buttonClicked.connect(self._sync_checks)
        layout.addWidget(QLabel("&Note for the agent"))
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(70)
        layout.itemAt(layout.count() - 1).widget().setBuddy(self.note_edit)
        layout.addWidget(self.note_edit)

    def resolution(self) -> str:
        button = self.resolution_group.checkedButton()
        return button.property("key") if button else "rejected"

    def _set_resolution(self, key: str) -> None:
        for button in self.resolution_group.buttons():
            if button.property("key") == key:
                button.setChecked(True)

    def _sync_resolution(self) -> None:
        ticked = [c.isChecked() for c in self.item_checks.values()]
        if ticked and all(ticked):
            self._set_resolution("accepted")
        elif ticked and not any(ticked):
            self._set_resolution("rejected")
        else:
            self._set_resolution("partly_accepted")

    def _sync_checks(self) -> None:
        key = self.resolution()
        if key in ("accepted", "rejected"):
            for check in self.item_checks.values():
                check.blockSignals(True)
                check.setChecked(key == "accepted")
                check.blockSignals(False)

    # -------------------------------------------------------------------- save

    def save(self) -> None:
        try:
            if self.open_dispute is None:
                self.saved = disputes.open_dispute(
                    self._session_factory, self.review.id, self.reason_edit.toPlainText(),
                    self.proposals(), self._today)
            else:
                accepted = {cid for cid, check in self.item_checks.items() if check.isChecked()}
                self.saved = disputes.resolve_dispute(
                    self._session_factory, self.open_dispute.id, self.resolution(),
                    self.note_edit.toPlainText(), self._today, accepted)
        except UserError as exc:
            self.error_label.show_error(str(exc))
            return
        self.accept()
