"""The detail panel beside the roster: who the selected agent is, at a glance.

Later modules (one-on-ones, quality, plans) add their own tabs with ``add_tab`` instead
of each page building its own agent view. The panel only shows values; editing and
archiving are asked for with signals the Team page handles.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.roster import AgentRow, tenure_text
from app.ui.widgets import ElidedLabel, attention_color, platform_label, tint

EMPTY = "—"
# Values that are one unbroken string (e-mails) keep both ends when shortened; sentences
# and dates wrap at spaces; the rest stay on one line per value and end in "…".
_MIDDLE_ELIDED = {"email"}
_WRAPPED = {"probation"}
_BADGE_COLOURS = {"active": "#2e7d32", "on_leave": "#b26a00", "departed": "#6b7280"}


def _iso(value: date | None) -> str:
    return value.isoformat() if value else EMPTY


class StatusBadge(QLabel):
    """A small rounded label whose colour says the status before the word is read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_status(self, key: str, label: str) -> None:
        colour = QColor(_BADGE_COLOURS.get(key, "#6b7280"))
        # The application palette, not our own: our style sheet has already recoloured it.
        palette = QApplication.palette()
        self.setText(label)
        self.setStyleSheet(
            f"QLabel {{ color: {colour.name()}; background: {tint(palette, colour, 0.16).name()};"
            f" border: 1px solid {tint(palette, colour, 0.45).name()};"
            " border-radius: 9px; padding: 1px 10px; font-weight: 600; }")


class AgentProfilePanel(QWidget):
    edit_requested = Signal()
    archive_requested = Signal()
    packet_requested = Signal(int)  # agent id: export a review packet for this agent

    def __init__(self, today: Callable[[], date] = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._agent: AgentRow | None = None

        self.hint = QLabel("Select an agent to see their profile", objectName="mutedText")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        # One line, shortened with "…" (full name as tooltip): a long name must not push
        # the buttons and the tabs down or widen the panel.
        self.name_label = ElidedLabel()
        font = QFont(self.name_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.name_label.setFont(font)
        self.subtitle_label = ElidedLabel(wrap=True, selectable=False)
        self.subtitle_label.setObjectName("mutedText")
        self.badge = StatusBadge()
        self.edit_button = QPushButton("&Edit…")
        self.archive_button = QPushButton("Archi&ve…")
        self.edit_button.clicked.connect(self.edit_requested)
        self.archive_button.clicked.connect(self.archive_requested)
        self.packet_button = QPushButton("&Packet…")
        self.packet_button.setToolTip(
            "Export this agent's review packet (a performance-review workbook) to Excel")
        self.packet_button.clicked.connect(
            lambda: self._agent is not None and self.packet_requested.emit(self._agent.id))

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.tabs.addTab(self._build_profile_tab(), "Profile")

        # The name gets the whole width (one line, elided); under it the status badge
        # beside role and team, then the actions.
        title_row = QHBoxLayout()
        title_row.addWidget(self.name_label, 1)
        sub_row = QHBoxLayout()
        sub_row.setSpacing(8)
        sub_row.addWidget(self.badge)
        sub_row.addWidget(self.subtitle_label, 1)
        button_row = QHBoxLayout()
        button_row.setSpacing(8)
        button_row.addWidget(self.edit_button)
        button_row.addWidget(self.archive_button)
        button_row.addWidget(self.packet_button)
        button_row.addStretch(1)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(8)
        content_layout.addLayout(title_row)
        content_layout.addLayout(sub_row)
        content_layout.addLayout(button_row)
        content_layout.addSpacing(4)
        content_layout.addWidget(self.tabs, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.hint)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.show_agent(None)

    def _build_profile_tab(self) -> QWidget:
        """The Profile form inside a vertical scroll area: a short window or many aliases
        scroll instead of squeezing rows onto each other; values never need a
        horizontal scroll bar because they elide (full text in the tooltip)."""
        form_widget = QWidget()
        self._form = QFormLayout(form_widget)
        self._form.setContentsMargins(10, 12, 6, 12)
        self._form.setHorizontalSpacing(10)
        self._form.setVerticalSpacing(8)
        self._form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self._values: dict[str, ElidedLabel] = {}
        names: list[QLabel] = []
        for key, title in (("email", "E-mail"), ("lead", "Lead"), ("team", "Team"),
                           ("role", "Role"), ("hire_date", "Hire date"), ("tenure", "Tenure"),
                           ("probation", "Probation"), ("status", "Status"),
                           ("departure_date", "Departure"), ("aliases", "Aliases")):
            mode = (Qt.TextElideMode.ElideMiddle if key in _MIDDLE_ELIDED
                    else Qt.TextElideMode.ElideRight)
            value = ElidedLabel(mode=mode, wrap=key in _WRAPPED)
            value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            name = QLabel(title, objectName="mutedText")
            self._form.addRow(name, value)
            self._values[key] = value
            names.append(name)
        # As wide as the widest name even when its row is hidden, so values do not shift
        # sideways when the "Departure date" row comes and goes between agents.
        widest = max(name.sizeHint().width() for name in names)
        for name in names:
            name.setMinimumWidth(widest)

        self.profile_scroll = QScrollArea()
        self.profile_scroll.setWidgetResizable(True)
        self.profile_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.profile_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.profile_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.profile_scroll.setWidget(form_widget)
        # Let the tab pane's own background show through, as on a plain tab page.
        self.profile_scroll.viewport().setAutoFillBackground(False)
        form_widget.setAutoFillBackground(False)
        return self.profile_scroll

    # ---------------------------------------------------------------- public API

    def current_agent(self) -> AgentRow | None:
        return self._agent

    def tab_widget(self, title: str) -> QWidget | None:
        """The page of the tab called ``title`` (built now if it is a ``LazyTab``)."""
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index) == title:
                tab = self.tabs.widget(index)
                return tab.widget() if isinstance(tab, LazyTab) else tab
        return None

    def add_tab(self, widget: QWidget, title: str) -> int:
        """Add a page about the current agent (later modules); returns its tab index."""
        return self.tabs.addTab(widget, title)

    def value_text(self, key: str) -> str:
        """The full value the Profile tab shows for ``key`` (e.g. "probation"), also when
        the label is too narrow and shows it shortened; for tests and tools."""
        return self._values[key].text()

    def value_label(self, key: str) -> ElidedLabel:
        return self._values[key]

    def show_agent(self, row: AgentRow | None) -> None:
        """Show ``row``, or the hint to pick one when ``row`` is None."""
        self._agent = row
        for index in range(1, self.tabs.count()):  # tabs added by later modules
            tab = self.tabs.widget(index)
            if hasattr(tab, "show_agent"):
                tab.show_agent(row)
        if row is None:
            self.stack.setCurrentIndex(0)
            return
        today = self._today()
        self.stack.setCurrentIndex(1)
        self.name_label.setText(row.full_name)
        self.subtitle_label.setText(" · ".join(part for part in (row.role, row.team) if part))
        self.badge.set_status(row.status, row.status_label)
        self.archive_button.setEnabled(row.status != "departed")
        self.archive_button.setToolTip("Already archived" if row.status == "departed"
                                       else "Mark as departed; their records are kept")
        self._set("email", row.email)
        self._set("lead", row.lead_name)
        self._set("team", row.team)
        self._set("role", row.role)
        self._set("hire_date", _iso(row.hire_date) if row.hire_date else None)
        self._set("tenure", tenure_text(row.tenure_months(today)) or None)
        self._set("probation", self._probation_text(row, today))
        self._values["probation"].setStyleSheet(
            f"color: {attention_color(self.palette()).name()};"
            if row.on_probation(today) else "")
        self._set("status", row.status_label)
        self._set("departure_date", _iso(row.departure_date) if row.departure_date else None)
        self._form.setRowVisible(self._values["departure_date"], row.status == "departed")
        aliases = "\n".join(f"{platform_label(a.platform)}: {a.alias}" for a in row.aliases)
        self._set("aliases", aliases or None)

    # ------------------------------------------------------------------- helpers

    @staticmethod
    def _probation_text(row: AgentRow, today: date) -> str | None:
        if row.probation_end is None:
            return None
        if row.on_probation(today):
            return f"On probation until {_iso(row.probation_end)}"
        if row.probation_end < today:
            return f"Probation ended {_iso(row.probation_end)}"
        return _iso(row.probation_end)

    def _set(self, key: str, text: str | None) -> None:
        label = self._values[key]
        label.setText(text or EMPTY)
        label.setForegroundRole(QPalette.ColorRole.WindowText if text
                                else QPalette.ColorRole.PlaceholderText)


class LazyTab(QWidget):
    """A profile tab whose page is built the first time the tab is shown; it remembers the
    agent to show until then. Start-up then pays nothing for tabs never opened."""

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self._inner: QWidget | None = None
        self._row: AgentRow | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def widget(self) -> QWidget:
        if self._inner is None:
            self._inner = self._factory()
            self.layout().addWidget(self._inner)
            if self._row is not None and hasattr(self._inner, "show_agent"):
                self._inner.show_agent(self._row)
        return self._inner

    def show_agent(self, row: AgentRow | None) -> None:
        self._row = row
        if self._inner is not None and hasattr(self._inner, "show_agent"):
            self._inner.show_agent(row)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.widget()
        super().showEvent(event)
