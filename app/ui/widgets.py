"""Small widgets that several pages and dialogs share.

They know nothing about the database: each takes plain values and reports changes with
signals, so a dialog can be tested by setting their values directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

DATE_FORMAT = "yyyy-MM-dd"


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_color(palette: QPalette) -> QColor:
    """A red that stays readable on both light and dark platform palettes."""
    return QColor("#ff8a80") if _is_dark(palette) else QColor("#c62828")


def attention_color(palette: QPalette) -> QColor:
    """Amber for "worth a look" (probation): readable on light and dark palettes."""
    return QColor("#ffcc80") if _is_dark(palette) else QColor("#b26a00")


def tint(palette: QPalette, color: QColor, amount: float = 0.18) -> QColor:
    """``color`` mixed into the palette's base: a badge background that fits any theme."""
    base = palette.color(QPalette.ColorRole.Base)
    mix = lambda a, b: round(a * (1 - amount) + b * amount)  # noqa: E731
    return QColor(mix(base.red(), color.red()), mix(base.green(), color.green()),
                  mix(base.blue(), color.blue()))


class OptionalDateEdit(QWidget):
    """A date the user may leave unset: a "set" check box beside a calendar date edit.

    A plain QDateEdit always holds some date, which would silently turn "unknown" into a
    made-up date; the check box makes "no date" an explicit, visible choice.
    """

    value_changed = Signal()

    def __init__(self, value: date | None = None, default: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._default = default or date.today()
        self.check = QCheckBox("set", self)
        self.check.setToolTip("Untick to leave the date empty")
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        self.date_edit.setMinimumWidth(130)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.check)
        layout.addWidget(self.date_edit)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.check.toggled.connect(self._on_toggled)
        self.date_edit.dateChanged.connect(lambda _d: self.value_changed.emit())
        self.set_value(value)

    def value(self) -> date | None:
        if not self.check.isChecked():
            return None
        return from_qdate(self.date_edit.date())

    def set_value(self, value: date | None) -> None:
        self.date_edit.setDate(to_qdate(value or self._default))
        self.check.setChecked(value is not None)
        self._on_toggled(value is not None)

    def set_default(self, value: date) -> None:
        """The date offered when the user ticks "set" on an empty field."""
        self._default = value
        if not self.check.isChecked():
            self.date_edit.setDate(to_qdate(value))

    def _on_toggled(self, checked: bool) -> None:
        self.date_edit.setEnabled(checked and self.isEnabled())
        # A label's mnemonic or a click on the row focuses whichever part can act.
        self.setFocusProxy(self.date_edit if checked else self.check)
        self.value_changed.emit()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == event.Type.EnabledChange:
            self.date_edit.setEnabled(self.check.isChecked() and self.isEnabled())


class ErrorLabel(QLabel):
    """The red sentence under a form field that says what is wrong with it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorText")  # the app style sheet colours it too
        # No word wrap: a wrapped label's height is not known to a top-level window's
        # minimum size, so it would be clipped; one line widens the dialog instead.
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_color(palette))
        self.setPalette(palette)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


class ElidedLabel(QLabel):
    """A plain-text label that never clips silently: text too wide for the label ends in
    "…" (or has it in the middle, for e-mails) and the whole text becomes its tooltip.

    Without ``wrap`` each line of the text stays one line and is elided on its own. With
    ``wrap`` the text wraps at spaces like a word-wrapped QLabel, and only a single word
    wider than the label (an e-mail, a long name) is elided. ``text()`` is always the
    full text; while anything is elided the label cannot be mouse-selected (that would
    copy the shortened text) and its context menu copies the full text instead.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None, *,
                 mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight, wrap: bool = False,
                 selectable: bool = True) -> None:
        super().__init__(parent)
        self._full = ""
        self._mode = mode
        self._selectable = selectable
        self._elided = False
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(wrap)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    # ----------------------------------------------------------------- text

    def setText(self, text: str | None) -> None:  # noqa: N802 - QLabel override
        self._full = text or ""
        self._update_shown()
        self.updateGeometry()

    def text(self) -> str:
        """The full text, also while the label shows it shortened."""
        return self._full

    def shown_text(self) -> str:
        """What the label draws now (the text, possibly with "…")."""
        return super().text()

    def is_elided(self) -> bool:
        return self._elided

    # ----------------------------------------------------------------- sizes

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        if self.wordWrap():
            return hint
        advance = self.fontMetrics().horizontalAdvance
        width = max((advance(line) for line in self._full.split("\n")), default=0)
        return QSize(width + self._chrome() + 2, hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        # Narrow enough to never push a layout: the text elides instead.
        width = self.fontMetrics().horizontalAdvance("Mm…") + self._chrome()
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._update_shown()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._update_shown()

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not self._elided:
            super().contextMenuEvent(event)
            return
        menu = QMenu(self)
        menu.addAction("Copy", lambda: QGuiApplication.clipboard().setText(self._full))
        menu.exec(event.globalPos())

    # --------------------------------------------------------------- helpers

    def _chrome(self) -> int:
        margins = self.contentsMargins()
        return margins.left() + margins.right() + 2 * self.margin()

    def _update_shown(self) -> None:
        width = max(self.contentsRect().width() - 2 * self.margin(), 1)
        metrics = self.fontMetrics()

        def elide(text: str) -> str:
            return metrics.elidedText(text, self._mode, width)

        if self.wordWrap():  # QLabel wraps at spaces; only over-wide words need help
            shown = re.sub(r"\S+", lambda word: elide(word.group()), self._full)
        else:
            shown = "\n".join(elide(line) for line in self._full.split("\n"))
        self._elided = shown != self._full
        if shown != super().text():
            super().setText(shown)
        self.setToolTip(self._full if self._elided else "")
        flags = (Qt.TextInteractionFlag.TextSelectableByMouse
                 if self._selectable and not self._elided
                 else Qt.TextInteractionFlag.NoTextInteraction)
        if self.textInteractionFlags() != flags:
            self.setTextInteractionFlags(flags)


class ElidingComboBox(QComboBox):
    """A (non-editable) combo box that may be narrower than its longest item: the current
    text ends in "…" instead of being cut off, and the tooltip then names it in full."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tip = ""
        self.currentIndexChanged.connect(lambda _index: self._update_tooltip())

    def setToolTip(self, text: str) -> None:  # noqa: N802 - QWidget override
        self._tip = text
        self._update_tooltip()

    def shown_text(self) -> str:
        """The current text as drawn: elided to the edit field when it does not fit."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        return self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight,
                                             max(field.width() - 4, 0))

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.isEditable():
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        current = self.currentText()
        elided = bool(current) and self.shown_text() != current
        super().setToolTip("\n".join(t for t in (current if elided else "", self._tip) if t))


class EmptyState(QWidget):
    """A centred title, one sentence and optional buttons, shown instead of an empty list.

    An empty table says nothing; this says what the page is for and how to start.
    """

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel(title, self)
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text_label = QLabel(text, self)
        self.text_label.setWordWrap(True)
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._buttons = QHBoxLayout()
        self._buttons.setSpacing(8)
        self._buttons.addStretch(1)
        self._buttons.addStretch(1)
        # A column of bounded width keeps the sentence to a few readable lines; the label
        # fills the column (no alignment flag) so its wrapped height is computed right.
        column = QWidget(self)
        column.setMinimumWidth(260)
        column.setMaximumWidth(480)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(12)
        column_layout.addWidget(self.title_label)
        column_layout.addWidget(self.text_label)
        column_layout.addSpacing(4)
        column_layout.addLayout(self._buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 3)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def add_button(self, text: str, primary: bool = False) -> QPushButton:
        """Add a button under the sentence; the primary one draws as the default."""
        button = QPushButton(text, self)
        button.setMinimumWidth(120)
        if primary:
            make_primary(button)
        self._buttons.insertWidget(self._buttons.count() - 1, button)
        return button


def make_primary(button: QPushButton) -> None:
    """Mark the one main action of a view: drawn as default, stylable as [primary="true"]."""
    button.setDefault(True)
    button.setProperty("primary", True)
    # A dynamic property only restyles a widget the style sheet has not polished yet;
    # re-polish so it also works on buttons that already exist (e.g. in a button box).
    button.style().unpolish(button)
    button.style().polish(button)
    font = QFont(button.font())
    font.setBold(True)
    button.setFont(font)


_PLATFORM_LABELS = {
    "any": "any platform", "zendesk": "Zendesk", "freshdesk": "Freshdesk",
    "servicenow": "ServiceNow", "salesforce": "Salesforce", "intercom": "Intercom",
    "hubspot": "HubSpot", "helpscout": "Help Scout", "gorgias": "Gorgias",
    "front": "Front", "zoho": "Zoho Desk",
}


def platform_label(key: str) -> str:
    """How a support platform key reads in the window ("any" reads "any platform")."""
    return _PLATFORM_LABELS.get(key, key)


def fit_table_columns(table: QTableView, text_columns: Iterable[int] = (),
                      shrink_last: Iterable[int] = (), give_way: Iterable[int] = ()) -> bool:
    """Size each column to its contents and header label, then narrow ``text_columns``
    (they elide; give them tooltips) until every column fits the view. Columns also in
    ``shrink_last`` (the ones people scan, like names) are only narrowed once the other
    text columns are down to their floor. Before a ``shrink_last`` column is cut or the
    table scrolls sideways, the ``give_way`` columns are hidden, in that order, as far as
    needed (and shown again when there is room): a column gone, its figure a click away,
    is better than names cut or a table scrolled sideways. False when the view has no
    width yet (not laid out), so the caller can try again later.

    The header's own size hint reserves room for a sort arrow on every column, which
    wastes ~30 px on each short date column; the label's width is enough.
    """
    available = table.viewport().width()
    model = table.model()
    if model is None or available < 200:
        return False
    text_columns, shrink_last = list(text_columns), list(shrink_last)
    for column in give_way:
        table.setColumnHidden(column, False)
    widths, whole = _fitted_widths(table, text_columns, shrink_last, available)
    for column in give_way:
        if whole:
            break
        table.setColumnHidden(column, True)
        widths, whole = _fitted_widths(table, text_columns, shrink_last, available)
    header = table.horizontalHeader()
    for column, size in enumerate(widths):
        if size:
            header.resizeSection(column, size)
    return True


def _fitted_widths(table: QTableView, text_columns: list[int], shrink_last: list[int],
                   available: int) -> tuple[list[int], bool]:
    """``fit_table_columns``' widths for the columns shown (0 for a hidden one), and
    whether they fit with the ``shrink_last`` columns whole."""
    model = table.model()
    last = [column for column in shrink_last if column in text_columns]
    bold = QFont(table.horizontalHeader().font())
    bold.setBold(True)  # the app style sheet draws header labels bold
    label_width = QFontMetrics(bold).horizontalAdvance
    widths = []
    for column in range(model.columnCount()):
        if table.isColumnHidden(column):  # takes no room
            widths.append(0)
            continue
        label = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        content = table.sizeHintForColumn(column) + (10 if column in text_columns else 2)
        widths.append(min(max(content, label_width(label) + 20, 60), 240))
    # Whole: the text itself fits, without the elision margin added above.
    wanted = {column: min(table.sizeHintForColumn(column), widths[column]) for column in last}
    excess = sum(widths) - available
    for group in ([c for c in text_columns if c not in last], last):
        excess = _narrow(widths, group, excess)
    whole = excess <= 0 and all(widths[c] >= size for c, size in wanted.items())
    return widths, whole


def columns_width(table: QTableView, columns: Iterable[int]) -> int:
    """The width ``columns`` of ``table`` need to show their contents and header labels
    whole (what a page weighs against the room it has before hiding a column)."""
    header = table.horizontalHeader()
    return sum(max(table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in columns)


def _narrow(widths: list[int], columns: list[int], excess: int, floor: int = 80) -> int:
    """Take up to ``excess`` px from ``columns`` in proportion to their width above
    ``floor``; returns the excess still left."""
    room = sum(max(widths[c] - floor, 0) for c in columns)
    if excess <= 0 or room <= 0:
        return excess
    shrink = min(excess, room)
    for column in columns:
        cut = min(round(shrink * max(widths[column] - floor, 0) / room), excess)
        widths[column] -= cut
        excess -= cut
    return excess


def buddy_label(text: str, widget: QWidget, name: str = "") -> QLabel:
    """A label whose mnemonic (the underlined letter of "&Agent") focuses ``widget``."""
    label = QLabel(text, objectName=name) if name else QLabel(text)
    label.setBuddy(widget)
    return label


class ResizingTableView(QTableView):
    """A table view that says when its size changed, for pages that fit their columns to
    the width. (A Python event filter on a page's own child can be called while the page
    is being destroyed; one crashed a test run.)"""

    resized = Signal()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.resized.emit()


class ResizingSplitter(QSplitter):
    """A splitter that says its new width after a resize (see ``ResizingTableView``)."""

    resized = Signal(int)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.resized.emit(event.size().width())
