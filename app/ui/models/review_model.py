"""Qt table models for the Quality page: reviews, per-agent IQS, per-criterion breakdown.

One small column-driven model serves all three: each ``Column`` says how a record reads
(text), sorts (value, empty last) and colours; a ``QSortFilterProxyModel`` sorts on
``SORT_ROLE``. Records are the services' frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.services.quality_report import AgentQuality, CriterionRow
from app.services.reviews import ReviewRow

SORT_ROLE = Qt.ItemDataRole.UserRole
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
PASS_COLOUR, FAIL_COLOUR, MUTED = QColor("#2e7d32"), QColor("#b42318"), QColor("#6b7280")

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    colour: Callable[[Any], QColor | None] | None = None
    tooltip: Callable[[Any], str] | None = None
    numeric: bool = False


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def _sort_number(value: float | None) -> float:
    return float("-inf") if value is None else value


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.records: list[Any] = []

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[section].title  # the tooltip: a narrowed label whole
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self.records[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == SORT_ROLE:
            return column.sort(record) if column.sort else column.text(record).lower()
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.ForegroundRole and column.colour:
            return column.colour(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(record) if column.tooltip else column.text(record) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _result(row: ReviewRow) -> str:
    if row.status == "draft":
        return "Draft"
    text = "Auto-fail" if row.auto_failed else ("Pass" if row.passed else "Fail")
    return text + (" · disputed" if row.disputed else "")


def _result_colour(row: ReviewRow) -> QColor | None:
    if row.status == "draft":
        return MUTED
    return PASS_COLOUR if row.passed else FAIL_COLOUR


REVIEW_COLUMNS = (
    Column("Date", lambda r: r.review_date.isoformat(), lambda r: r.review_date.toordinal()),
    Column("Agent", lambda r: r.agent),
    Column("Score", lambda r: percent(r.score), lambda r: _sort_number(r.score),
           _result_colour, numeric=True),
    Column("Result", _result, colour=_result_colour),
    Column("Conversation", lambda r: r.conversation),
    Column("Scorecard", lambda r: r.scorecard if r.version == 1 else f"{r.scorecard} v{r.version}"),
    Column("Reviewer", lambda r: r.reviewer),
    Column("Coaching", lambda r: "yes" if r.needs_coaching else ""),
)


def _pass_colour(value: float | None, threshold: float) -> QColor | None:
    if value is None:
        return MUTED
    return PASS_COLOUR if value >= threshold else FAIL_COLOUR


def agent_columns(threshold: Callable[[], float]) -> tuple[Column, ...]:
    return (
        Column("Agent", lambda a: a.name),
        Column("Team", lambda a: a.team),
        Column("IQS", lambda a: percent(a.iqs), lambda a: _sort_number(a.iqs),
               lambda a: _pass_colour(a.iqs, threshold()), numeric=True),
        Column("Reviews", lambda a: str(a.reviews), lambda a: a.reviews, numeric=True),
        Column("Pass rate", lambda a: percent(a.pass_rate), lambda a: _sort_number(a.pass_rate),
               numeric=True),
        Column("Weakest criterion", lambda a: a.weakest),
    )


def _lowest(row: CriterionRow) -> str:
    return ", ".join(f"{name} {avg:.0f}%" for name, avg, _n in row.lowest_agents)


CRITERION_COLUMNS = (
    Column("Criterion", lambda c: c.stat.name),
    Column("Average", lambda c: percent(c.stat.average), lambda c: c.stat.average,
           lambda c: FAIL_COLOUR if c.stat.average < 50 else None, numeric=True),
    Column("Rated", lambda c: str(c.stat.rated), lambda c: c.stat.rated, numeric=True),
    Column("Below 50%", lambda c: str(c.stat.below_half), lambda c: c.stat.below_half,
           numeric=True),
    Column("Lowest agents", _lowest,
           tooltip=lambda c: "Agents with the lowest average on this criterion: " + _lowest(c)),
)

__all__ = ["AgentQuality", "CRITERION_COLUMNS", "REVIEW_COLUMNS", "RecordTableModel",
           "agent_columns", "percent"]
