"""Dates from cells: real dates, ISO text, day/month order per column, Excel serials."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.ingest.dates import decide_day_first, detect_day_first, is_empty, parse_date


@pytest.mark.parametrize(("value", "expected"), [
    (date(2024, 3, 1), date(2024, 3, 1)),
    (datetime(2024, 3, 1, 17, 45), date(2024, 3, 1)),
    ("2024-03-01", date(2024, 3, 1)),
    ("2024-3-1", date(2024, 3, 1)),
    ("2024-03-01 20:52:00", date(2024, 3, 1)),
    ("2024-03-01T20:52:00Z", date(2024, 3, 1)),
    ("2024/03/01", date(2024, 3, 1)),
    ("01-Mar-2024", date(2024, 3, 1)),
    ("1 March 2024", date(2024, 3, 1)),
    ("March 1, 2024", date(2024, 3, 1)),
    (45352, date(2024, 3, 1)),
    (45352.75, date(2024, 3, 1)),
    ("45352", date(2024, 3, 1)),
])
def test_unambiguous_values(value, expected):
    assert parse_date(value, day_first=True) == expected
    assert parse_date(value, day_first=False) == expected


@pytest.mark.parametrize("text", ["01/03/2024", "1.3.2024", "1-3-2024", "01/03/24",
                                  "01/03/2024 08:00", "1.3.2024 8:00 PM"])
def test_slashed_dates_follow_the_column_order(text):
    assert parse_date(text, day_first=True) == date(2024, 3, 1)
    assert parse_date(text, day_first=False) == date(2024, 1, 3)


@pytest.mark.parametrize("value", [None, "", "  ", "-", "?", "N/A", "n/a", "—"])
def test_empty_markers(value):
    assert is_empty(value)
    assert parse_date(value) is None


@pytest.mark.parametrize(("value", "reason"), [
    ("soon", "'soon' is not a date Coachbench can read; write it as YYYY-MM-DD"),
    ("31/02/2024", "'31/02/2024' is not a real date"),
    ("13/13/2024", "not a real date"),
    ("2024-02-30", "not a real date"),
    ("1 Smarch 2024", "'Smarch' is not a month name"),
    (2024, "2024 is not a date"),
    (True, "not a date"),
])
def test_unreadable_values_say_why(value, reason):
    with pytest.raises(ValueError, match=reason):
        parse_date(value)


def test_detect_day_first():
    assert detect_day_first(["01/03/2024", "13/03/2024"]) is True
    assert detect_day_first(["03/01/2024", "03/13/2024"]) is False
    assert detect_day_first(["01/03/2024", "02/03/2024", date(2024, 1, 30)]) is None
    assert detect_day_first(["2024-03-13", None, 45352]) is None
    # An inconsistent column: the majority decides, the odd rows then fail to parse.
    assert detect_day_first(["13/01/2024", "14/01/2024", "01/15/2024"]) is True


def test_an_ambiguous_column_is_day_first_with_a_warning():
    day_first, warning = decide_day_first("Hire date", ["03/04/2024", "01/02/2023", None])
    assert day_first is True
    assert warning == ("Hire date: dates like 03/04/2024 could be day/month or month/day; "
                       "read as day/month. Use YYYY-MM-DD to be sure.")


def test_a_settled_or_hinted_column_has_no_warning():
    assert decide_day_first("Hire date", ["03/04/2024", "03/14/2024"]) == (False, None)
    assert decide_day_first("Hire date", ["03/04/2024"], hint=False) == (False, None)
    assert decide_day_first("Hire date", ["2024-03-04", date(2024, 1, 2)]) == (True, None)
