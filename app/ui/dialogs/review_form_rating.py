"""One criterion in the review form: rate it with the mouse or the keyboard.

The row itself takes the focus (Tab / arrows move between rows); while it has it, a digit
picks that scale value, ``N`` marks N/A, Backspace clears, ``C`` jumps to the comment and
``K`` toggles "needs coaching". After a rating the form moves on to the next row, so a
whole review can be scored without touching the mouse.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.analytics.qa_scores import criterion_score, scale_values
from app.services.reviews import RatingInput
from app.services.scorecards import CriterionInfo

NA_ID = -1
SCALE_BOX_WIDTH = 300
_BINARY_LABELS = {0: "0 · No", 1: "1 · Yes"}

# The look of the rating rows, shared by the review form and calibration scoring.
STYLE = """
QFrame#ratingRow { background: palette(base); border: 1px solid #d7dae0; border-radius: 6px; }
QFrame#ratingRow[current="true"] { border: 2px solid #2563eb; background: #f5f8ff; }
QFrame#ratingRow QPushButton:checked { background: #2563eb; color: white; border-color: #1d4ed8; }
QLabel#scoreFigure { font-size: 26pt; font-weight: 600; }
QLabel#sectionHeading { font-weight: 600; color: #374151; margin-top: 6px; }
"""


class RatingRow(QFrame):
    """A criterion with its scale buttons, N/A, comment and "needs coaching"."""

    changed = Signal()
    rated = Signal()  # a value or N/A was chosen from the keyboard: move on
    move_requested = Signal(int)  # -1 previous row, +1 next row

    def __init__(self, criterion: CriterionInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.criterion = criterion
        self.setObjectName("ratingRow")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"{criterion.name}, rate {self._range_text()}")
        self._value: int | None = None
        self._na = False

        title = QLabel(f"<b>{criterion.name}</b>")
        tags = [f"weight {criterion.weight:g}"]
        if criterion.critical:
            tags.append("<span style='color:#b42318'>critical · auto-fail below 50%</span>")
        meta = QLabel(" · ".join(tags), objectName="mutedText")
        head = QHBoxLayout()
        head.setSpacing(8)
        head.addWidget(title)
        head.addWidget(meta)
        head.addStretch(1)
        self.score_label = QLabel("", objectName="mutedText")
        head.addWidget(self.score_label)

        self.guidance = QLabel(criterion.guidance, objectName="mutedText")
        self.guidance.setWordWrap(True)
        self.guidance.setVisible(bool(criterion.guidance))

        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # so a click on the chosen button can clear it
        # The scale buttons sit in a box of one width on every row, so the comment fields
        # line up down the form whatever the scale.
        scale_box = QWidget()
        scale_box.setFixedWidth(SCALE_BOX_WIDTH)
        scale_layout = QHBoxLayout(scale_box)
        scale_layout.setContentsMargins(0, 0, 0, 0)
        scale_layout.setSpacing(4)
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(scale_box)
        self.buttons: dict[int, QPushButton] = {}
        for value in scale_values(criterion.scale):
            button = self._button(_BINARY_LABELS.get(value, str(value)) if criterion.scale == 2
                                  else str(value), f"Rate {value} (key {value})")
            self.group.addButton(button, value)
            self.buttons[value] = button
            scale_layout.addWidget(button)
        if criterion.allow_na:
            self.na_button = self._button("N/A", "Not applicable (key N)")
            self.group.addButton(self.na_button, NA_ID)
            scale_layout.addWidget(self.na_button)
        else:
            self.na_button = None
        scale_layout.addStretch(1)
        buttons.addSpacing(8)
        self.comment_edit = QLineEdit()
        self.comment_edit.setPlaceholderText("Comment (C)")
        self.comment_edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.comment_edit.setClearButtonEnabled(True)
        buttons.addWidget(self.comment_edit, 1)
        self.coach_check = QCheckBox("Coach")
        self.coach_check.setToolTip("Needs coaching: adds a talking point for the agent's next "
                                    "one-on-one when the review is finalised (K)")
        self.coach_check.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        buttons.addWidget(self.coach_check)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(3)
        layout.addLayout(head)
        layout.addWidget(self.guidance)
        layout.addLayout(buttons)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        self.group.idClicked.connect(self._on_clicked)
        self.comment_edit.textChanged.connect(lambda _t: self.changed.emit())
        self.comment_edit.returnPressed.connect(self.setFocus)
        self.coach_check.toggled.connect(lambda _c: self.changed.emit())
        self._refresh()

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setCheckable(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setToolTip(tip)
        button.setMinimumWidth(44 if len(text) < 4 else 64)
        return button

    def _range_text(self) -> str:
        values = scale_values(self.criterion.scale)
        text = f"{values[0]} to {values[-1]}"
        return text + (" or N for not applicable" if self.criterion.allow_na else "")

    # ------------------------------------------------------------------ values

    def rating(self) -> RatingInput:
        return RatingInput(None if self._na else self._value, self._na,
                           self.comment_edit.text().strip(), self.coach_check.isChecked())

    def set_rating(self, rating: RatingInput | None) -> None:
        rating = rating or RatingInput()
        self._na = rating.na and self.na_button is not None
        self._value = None if self._na else rating.value
        self.comment_edit.setText(rating.comment)
        self.coach_check.setChecked(rating.needs_coaching)
        self._refresh()

    def set_value(self, value: int | None) -> None:
        self._value, self._na = value, False
        self._refresh()
        self.changed.emit()

    def set_na(self) -> bool:
        if self.na_button is None:
            return False
        self._value, self._na = None, True
        self._refresh()
        self.changed.emit()
        return True

    def is_rated(self) -> bool:
        return self._na or self._value is not None

    def set_read_only(self, read_only: bool) -> None:
        for button in self.group.buttons():
            button.setEnabled(not read_only or button.isChecked())
        self.comment_edit.setReadOnly(read_only)
        # An empty comment box on a final review only looks like something to fill in.
        self.comment_edit.setVisible(not read_only or bool(self.comment_edit.text()))
        self.coach_check.setEnabled(not read_only)
        self._read_only = read_only

    def _on_clicked(self, button_id: int) -> None:
        if getattr(self, "_read_only", False):
            self._refresh()
            return
        chosen = NA_ID if self._na else self._value
        if button_id == chosen:
            self.set_value(None)  # a second click clears
        elif button_id == NA_ID:
            self.set_na()
        else:
            self.set_value(button_id)
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    def _refresh(self) -> None:
        chosen = NA_ID if self._na else self._value
        for button_id, button in [(self.group.id(b), b) for b in self.group.buttons()]:
            button.setChecked(button_id == chosen)
        if self._na:
            self.score_label.setText("N/A")
        elif self._value is not None:
            score = criterion_score(self._value, self.criterion.scale)
            warn = self.criterion.critical and score < 50
            colour = "#b42318" if warn else "#374151"
            self.score_label.setText(f"<span style='color:{colour}'>{score:.0f}%</span>")
        else:
            self.score_label.setText("not rated")

    # --------------------------------------------------------------- keyboard

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        text = event.text()
        read_only = getattr(self, "_read_only", False)
        if key == Qt.Key.Key_Down:
            self.move_requested.emit(1)
        elif key == Qt.Key.Key_Up:
            self.move_requested.emit(-1)
        elif read_only:
            super().keyPressEvent(event)
        elif text.isdigit() and int(text) in self.buttons:
            self.set_value(int(text))
            self.rated.emit()
        elif key == Qt.Key.Key_N and self.set_na():
            self.rated.emit()
        elif key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.set_value(None)
        elif key == Qt.Key.Key_C:
            self.comment_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif key == Qt.Key.Key_K:
            self.coach_check.toggle()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._step(-1 if key == Qt.Key.Key_Left else 1)
        else:
            super().keyPressEvent(event)

    def _step(self, delta: int) -> None:
        values = scale_values(self.criterion.scale)
        if self._value is None:
            self.set_value(values[0] if delta > 0 else values[-1])
        else:
            index = min(max(values.index(self._value) + delta, 0), len(values) - 1)
            self.set_value(values[index])

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().focusInEvent(event)
        self.setProperty("current", True)
        self._repolish()

    def focusOutEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        self.setProperty("current", False)
        self._repolish()

    def _repolish(self) -> None:
        """The focused row is outlined (style in the review form's style sheet)."""
        self.style().unpolish(self)
        self.style().polish(self)
