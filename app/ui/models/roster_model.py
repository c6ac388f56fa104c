"""The roster as a Qt table: one row per AgentRow, plus a proxy for search and filters.

The model shows text but sorts by value (``SORT_ROLE``): dates as dates, tenure in
months, status in its natural order, and empty cells last whichever way the user sorts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap

from app.ingest.normalize import match_key
from app.services.roster import STATUS_LABELS, AgentRow, tenure_text
from app.ui.widgets import attention_color

SORT_ROLE = Qt.ItemDataRole.UserRole
AGENT_ROLE = Qt.ItemDataRole.UserRole + 1

NAME, ROLE, LEAD, TEAM, HIRE_DATE, TENURE, PROBATION_END, STATUS = range(8)
COLUMNS = ("Name", "Role", "Lead", "Team", "Hire date", "Tenure", "Probation end", "Status")
_STATUS_ORDER = {key: n for n, key in enumerate(STATUS_LABELS)}

# (key, label) for the status filter; "current" hides departed agents and is the default.
STATUS_FILTERS = (
    ("current", "Current agents"),
    ("active", "Active only"),
    ("on_leave", "On leave"),
    ("departed", "Departed"),
    ("all", "All agents"),
)
_STATUSES_SHOWN = {
    "current": {"active", "on_leave"},
    "all": set(STATUS_LABELS),
    "active": {"active"},
    "on_leave": {"on_leave"},
    "departed": {"departed"},
}

Index = QModelIndex | QPersistentModelIndex


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _search_text(row: AgentRow) -> str:
    parts = [row.full_name, row.email, row.role, row.team, row.lead_name]
    parts += [alias.alias for alias in row.aliases]
    return match_key(" ".join(part for part in parts if part))


class RosterTableModel(QAbstractTableModel):
    """Read-only table of agents; ``set_agents`` swaps the whole list (a reset)."""

    def __init__(self, today: date, parent=None) -> None:
        super().__init__(parent)
        self.today = today
        self._rows: list[AgentRow] = []
        self._search: list[str] = []
        self._probation_icon: QIcon | None = None

    # ------------------------------------------------------------------ content

    def set_agents(self, rows: list[AgentRow], today: date | None = None) -> None:
        self.beginResetModel()
        if today is not None:
            self.today = today
        self._rows = list(rows)
        self._search = [_search_text(row) for row in self._rows]
        self.endResetModel()

    def agents(self) -> list[AgentRow]:
        return list(self._rows)

    def agent_at(self, row: int) -> AgentRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, agent_id: int) -> int | None:
        for n, agent in enumerate(self._rows):
            if agent.id == agent_id:
                return n
        return None

    def search_text(self, row: int) -> str:
        """The folded text the proxy's search matches against (computed once per reset)."""
        return self._search[row]

    # -------------------------------------------------------------- Qt overrides

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The tooltip repeats the title, for a header too narrow to show all of it.
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        agent = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(agent, column)
        if role == SORT_ROLE:
            return self._sort_key(agent, column)
        if role == AGENT_ROLE:
            return agent
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(agent, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(agent, column)
        if role == Qt.ItemDataRole.DecorationRole and column == PROBATION_END \
                and agent.on_probation(self.today):
            return self._probation_dot()
        return None

    # ------------------------------------------------------------------- helpers

    def _display(self, agent: AgentRow, column: int) -> str:
        values = {
            NAME: agent.full_name,
            ROLE: agent.role or "",
            LEAD: agent.lead_name or "",
            TEAM: agent.team or "",
            HIRE_DATE: _iso(agent.hire_date),
            TENURE: tenure_text(agent.tenure_months(self.today)),
            PROBATION_END: _iso(agent.probation_end),
            STATUS: agent.status_label,
        }
        return values.get(column, "")

    def _sort_key(self, agent: AgentRow, column: int) -> Any:
        """A comparable value, or None for an empty cell (the proxy puts those last)."""
        if column in (NAME, ROLE, LEAD, TEAM):
            text = self._display(agent, column)
            return match_key(text) if text else None
        if column == HIRE_DATE:
            return agent.hire_date.toordinal() if agent.hire_date else None
        if column == PROBATION_END:
            return agent.probation_end.toordinal() if agent.probation_end else None
        if column == TENURE:
            return agent.tenure_months(self.today)
        if column == STATUS:
            return _STATUS_ORDER.get(agent.status, len(_STATUS_ORDER))
        return None

    def _foreground(self, agent: AgentRow, column: int) -> QColor | None:
        palette = QGuiApplication.palette()
        if agent.status == "departed":
            return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if column == PROBATION_END and agent.on_probation(self.today):
            return attention_color(palette)
        return None

    def _tooltip(self, agent: AgentRow, column: int) -> str | None:
        """Every non-empty cell has one holding at least its whole text: columns elide
        when the table is narrow."""
        if column == PROBATION_END and agent.probation_end:
            end = _iso(agent.probation_end)
            if agent.on_probation(self.today):
                return f"On probation until {end}"
            if agent.probation_end < self.today:
                return f"Probation ended {end}"
            return f"Probation end {end}"  # a departed agent's, not yet reached
        if column == STATUS and agent.status == "departed" and agent.departure_date:
            return f"Departed on {_iso(agent.departure_date)}"
        if column == NAME:
            return f"{agent.full_name}\n{agent.email}" if agent.email else agent.full_name
        # Narrow columns elide; the tooltip keeps the whole text reachable.
        return self._display(agent, column) or None

    def _probation_dot(self) -> QIcon:
        if self._probation_icon is None:
            pixmap = QPixmap(10, 10)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(attention_color(QGuiApplication.palette()))
            painter.drawEllipse(1, 1, 8, 8)
            painter.end()
            self._probation_icon = QIcon(pixmap)
        return self._probation_icon


class RosterFilterProxy(QSortFilterProxyModel):
    """Search text, status and team filters over a ``RosterTableModel``, sorting by value."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._terms: list[str] = []
        self._status = "current"
        self._team: str | None = None
        self.setSortRole(SORT_ROLE)

    # ------------------------------------------------------------------- filters

    @property
    def status_filter(self) -> str:
        return self._status

    @property
    def team_filter(self) -> str | None:
        return self._team

    def set_search_text(self, text: str) -> None:
        """Every word must appear somewhere (name, e-mail, role, team, lead or alias)."""
        terms = match_key(text).split()
        if terms != self._terms:
            self._change_filter(lambda: setattr(self, "_terms", terms))

    def set_status_filter(self, key: str) -> None:
        if key not in _STATUSES_SHOWN:
            raise ValueError(f"unknown status filter {key!r}")
        if key != self._status:
            self._change_filter(lambda: setattr(self, "_status", key))

    def set_team_filter(self, team: str | None) -> None:
        """Only agents of ``team`` (compared case-insensitively); None shows every team."""
        if team != self._team:
            self._change_filter(lambda: setattr(self, "_team", team))

    def _change_filter(self, change) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateFilter is deprecated
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            change()
            self.invalidateFilter()

    def accepts_agent(self, agent: AgentRow, search_text: str, *, status: bool = True) -> bool:
        if status and agent.status not in _STATUSES_SHOWN[self._status]:
            return False
        if self._team is not None and match_key(agent.team or "") != match_key(self._team):
            return False
        return all(term in search_text for term in self._terms)

    def hidden_departed(self) -> int:
        """Departed agents that only the status filter hides (for the status line)."""
        source = self.sourceModel()
        if not isinstance(source, RosterTableModel) or "departed" in _STATUSES_SHOWN[self._status]:
            return 0
        return sum(1 for n, agent in enumerate(source.agents())
                   if agent.status == "departed"
                   and self.accepts_agent(agent, source.search_text(n), status=False))

    # ---------------------------------------------------------------- accessors

    def agent_at(self, index: Index) -> AgentRow | None:
        """The AgentRow behind a proxy index (any column), or None."""
        if not index.isValid():
            return None
        return index.siblingAtColumn(0).data(AGENT_ROLE)

    def proxy_row_of(self, agent_id: int) -> int | None:
        source = self.sourceModel()
        row = source.row_of(agent_id) if isinstance(source, RosterTableModel) else None
        if row is None:
            return None
        mapped = self.mapFromSource(source.index(row, 0))
        return mapped.row() if mapped.isValid() else None

    # -------------------------------------------------------------- Qt overrides

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        source = self.sourceModel()
        if not isinstance(source, RosterTableModel):
            return True
        agent = source.agent_at(source_row)
        return agent is not None and self.accepts_agent(agent, source.search_text(source_row))

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            if a is None and b is None:
                return False
            # Empty sorts last in either order: Qt reverses lessThan when descending.
            empty_is_greater = self.sortOrder() == Qt.SortOrder.AscendingOrder
            return (b is None) == empty_is_greater
        if a == b:
            return False
        return a < b
