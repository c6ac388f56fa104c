"""The roster table model and its filter proxy: Qt's model contract, sorting, filters."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt

from app.services.roster import AgentRow, AliasInfo
from app.ui.models.roster_model import (
    COLUMNS,
    HIRE_DATE,
    NAME,
    PROBATION_END,
    SORT_ROLE,
    STATUS,
    TENURE,
    RosterFilterProxy,
    RosterTableModel,
)
from tests.conftest import TODAY


def agent(id: int, name: str, **fields) -> AgentRow:
    values = dict(email=None, role="Agent", team="Tier 1", lead_id=None, lead_name=None,
                  hire_date=None, probation_end=None, status="active", departure_date=None)
    values.update(fields)
    return AgentRow(id=id, full_name=name, **values)


ROWS = [
    agent(1, "Ana García", email="ana@example.com", role="Team lead", team="Tier 2",
          hire_date=date(2019, 5, 1)),
    agent(2, "Björn Berg", lead_id=1, lead_name="Ana García", hire_date=date(2026, 9, 1),
          probation_end=date(2027, 3, 1), aliases=(AliasInfo("zendesk", "bjorn.b"),)),
    agent(3, "Chloé Martin", lead_id=1, lead_name="Ana García", hire_date=date(2024, 1, 15),
          status="on_leave", team="Billing"),
    agent(4, "Dev Patel", hire_date=None, role=None, team=None),
    agent(5, "Eve Olsen", hire_date=date(2021, 2, 1), status="departed",
          departure_date=date(2025, 6, 30)),
]


@pytest.fixture
def model(qapp) -> RosterTableModel:
    model = RosterTableModel(TODAY)
    model.set_agents(ROWS)
    return model


@pytest.fixture
def proxy(model) -> RosterFilterProxy:
    proxy = RosterFilterProxy()
    proxy.setSourceModel(model)
    return proxy


def names(proxy: RosterFilterProxy) -> list[str]:
    return [proxy.index(row, NAME).data() for row in range(proxy.rowCount())]


def test_model_passes_qt_model_tester(qtmodeltester, model):
    qtmodeltester.check(model)


def test_empty_model_passes_qt_model_tester(qtmodeltester, qapp):
    qtmodeltester.check(RosterTableModel(TODAY))


def test_proxy_passes_qt_model_tester_while_filtering_and_sorting(qtmodeltester, proxy):
    proxy.set_status_filter("all")
    proxy.sort(HIRE_DATE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)
    proxy.set_search_text("ana")
    qtmodeltester.check(proxy)


def test_cells_show_iso_dates_tenure_and_status(model):
    row = model.row_of(2)
    assert model.index(row, HIRE_DATE).data() == "2026-09-01"
    assert model.index(row, TENURE).data() == "2 mo"
    assert model.index(row, PROBATION_END).data() == "2027-03-01"
    assert model.index(model.row_of(1), TENURE).data() == "7 y 6 mo"
    assert model.index(model.row_of(3), STATUS).data() == "On leave"
    assert model.index(model.row_of(4), HIRE_DATE).data() == ""


def test_probation_is_marked_and_departed_rows_are_greyed(model):
    on_probation = model.index(model.row_of(2), PROBATION_END)
    assert on_probation.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "On probation until 2027-03-01" in on_probation.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(model.row_of(1), PROBATION_END).data(
        Qt.ItemDataRole.DecorationRole) is None
    departed = model.index(model.row_of(5), NAME).data(Qt.ItemDataRole.ForegroundRole)
    active = model.index(model.row_of(1), NAME).data(Qt.ItemDataRole.ForegroundRole)
    assert departed is not None and active is None


def test_sort_role_gives_comparable_values(model):
    assert model.index(model.row_of(1), HIRE_DATE).data(SORT_ROLE) == date(2019, 5, 1).toordinal()
    assert model.index(model.row_of(1), TENURE).data(SORT_ROLE) == 90
    assert model.index(model.row_of(4), HIRE_DATE).data(SORT_ROLE) is None


def test_sort_by_hire_date_uses_dates_and_puts_empty_last(proxy):
    proxy.set_status_filter("all")
    proxy.sort(HIRE_DATE, Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["Ana García", "Eve Olsen", "Chloé Martin", "Björn Berg", "Dev Patel"]
    proxy.sort(HIRE_DATE, Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["Björn Berg", "Chloé Martin", "Eve Olsen", "Ana García", "Dev Patel"]


def test_sort_by_tenure_uses_months_not_text(proxy):
    # As text "2 mo" > "10 mo" > "1 y"; by months Björn (2) < Chloé (33) < Eve (52) < Ana (90).
    proxy.set_status_filter("all")
    proxy.sort(TENURE, Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["Björn Berg", "Chloé Martin", "Eve Olsen", "Ana García", "Dev Patel"]
    proxy.sort(TENURE, Qt.SortOrder.DescendingOrder)
    assert names(proxy)[-1] == "Dev Patel"


def test_tenure_of_departed_agent_stops_at_departure(model):
    assert model.index(model.row_of(5), TENURE).data() == "4 y 4 mo"


def test_default_status_filter_hides_departed(proxy):
    assert proxy.status_filter == "current"
    assert "Eve Olsen" not in names(proxy)
    assert proxy.rowCount() == 4
    assert proxy.hidden_departed() == 1


@pytest.mark.parametrize("key, expected", [
    ("all", 5), ("active", 3), ("on_leave", 1), ("departed", 1), ("current", 4)])
def test_status_filter(proxy, key, expected):
    proxy.set_status_filter(key)
    assert proxy.rowCount() == expected


def test_unknown_status_filter_is_refused(proxy):
    with pytest.raises(ValueError):
        proxy.set_status_filter("retired")


def test_search_ignores_case_and_accents(proxy):
    proxy.set_search_text("CHLOE")
    assert names(proxy) == ["Chloé Martin"]
    proxy.set_search_text("garcia")
    # Ana herself, and the two agents she leads (the lead column is searched too).
    assert names(proxy) == ["Ana García", "Björn Berg", "Chloé Martin"]


@pytest.mark.parametrize("text, expected", [
    ("bjorn.b", ["Björn Berg"]),          # an alias
    ("ana@example", ["Ana García"]),      # e-mail
    ("billing", ["Chloé Martin"]),        # team
    ("team lead", ["Ana García"]),        # role, several words
    ("tier 1 berg", ["Björn Berg"]),    # words from different fields
    ("nobody", []),
])
def test_search_fields(proxy, text, expected):
    proxy.set_search_text(text)
    assert names(proxy) == expected


def test_search_respects_status_filter(proxy):
    proxy.set_search_text("eve")
    assert names(proxy) == []
    assert proxy.hidden_departed() == 1
    proxy.set_status_filter("departed")
    assert names(proxy) == ["Eve Olsen"]


def test_team_filter(proxy):
    proxy.set_team_filter("tier 2")
    assert names(proxy) == ["Ana García"]
    proxy.set_team_filter(None)
    assert proxy.rowCount() == 4


def test_agent_at_maps_proxy_index_to_row(proxy):
    proxy.set_search_text("björn")
    assert proxy.agent_at(proxy.index(0, STATUS)).id == 2
    assert proxy.agent_at(QModelIndex()) is None
    assert proxy.proxy_row_of(2) == 0
    assert proxy.proxy_row_of(1) is None


def test_set_agents_resets_and_keeps_filters(model, proxy, qtbot):
    proxy.set_search_text("ana")
    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset]):
        model.set_agents(ROWS[1:], today=date(2027, 1, 1))
    assert model.today == date(2027, 1, 1)
    assert names(proxy) == ["Björn Berg", "Chloé Martin"]


def test_every_non_empty_cell_has_its_whole_text_as_tooltip(model):
    """Narrow columns elide, so each tooltip must hold at least the cell's text."""
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            text = index.data()
            tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
            assert (text in tooltip) if text else tooltip is None, (row, column, tooltip)


def test_probation_tooltip_names_the_date_whatever_the_state(qapp):
    model = RosterTableModel(TODAY)
    model.set_agents([
        agent(1, "Ended", probation_end=date(2025, 1, 31)),
        agent(2, "Left early", probation_end=date(2027, 1, 31), status="departed",
              departure_date=date(2026, 10, 1)),
    ])
    tips = [model.index(row, PROBATION_END).data(Qt.ItemDataRole.ToolTipRole)
            for row in range(2)]
    assert tips == ["Probation ended 2025-01-31", "Probation end 2027-01-31"]


def test_header_tooltips_repeat_the_column_titles(model):
    tips = [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
            for c in range(model.columnCount())]
    assert tips == list(COLUMNS)
    assert "Probation end" in tips
