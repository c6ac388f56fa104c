"""The careful cell readers: dates, durations, ratings, SLA, yes/no, numbers, tags."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from app.ingest import values as V
from app.ingest.platforms import get_profile
from app.ingest.tickets import parse_period

ZENDESK = get_profile("zendesk")


@pytest.mark.parametrize(("text", "order", "expected"), [
    ("2023-04-08 20:52:00", "iso", datetime(2023, 4, 8, 20, 52)),
    ("2009-09-01 19:02", "iso", datetime(2009, 9, 1, 19, 2)),  # no seconds
    ("2024-01-02T03:04:05Z", "iso", datetime(2024, 1, 2, 3, 4, 5)),  # offset dropped
    ("2024-01-02", "iso", datetime(2024, 1, 2)),
    ("08-04-2023 20:52", "day_first", datetime(2023, 4, 8, 20, 52)),
    ("08/01/2025 15:00", "day_first", datetime(2025, 1, 8, 15, 0)),
    ("08/01/2025 15:00", "month_first", datetime(2025, 8, 1, 15, 0)),
    ("8/4/2023 8:52 PM", "month_first", datetime(2023, 8, 4, 20, 52)),
    ("12/4/2023 12:05 AM", "month_first", datetime(2023, 12, 4, 0, 5)),
    ("2023/04/08 20:52", "iso", datetime(2023, 4, 8, 20, 52)),
    ("Jan 5, 2024 3:04 PM", "iso", datetime(2024, 1, 5, 15, 4)),
    ("5 Jan 2024", "iso", datetime(2024, 1, 5)),
    ("45292.375", "serial", datetime(2024, 1, 1, 9, 0)),
    ("-", "iso", None), ("?", "iso", None), ("N/A", "iso", None), ("  ", "iso", None),
])
def test_parse_datetime(text, order, expected):
    assert V.parse_datetime(text, order) == expected


def test_parse_datetime_typed_cells():
    assert V.parse_datetime(45292.375) == datetime(2024, 1, 1, 9, 0)  # Excel serial
    assert V.parse_datetime(date(2024, 1, 2)) == datetime(2024, 1, 2)
    assert V.parse_datetime(datetime(2024, 1, 2, 3, 4)) == datetime(2024, 1, 2, 3, 4)
    assert V.parse_datetime(None) is None and V.parse_datetime("") is None


@pytest.mark.parametrize(("text", "reason"), [
    ("31/31/2024", "there is no month 31"),  # neither order makes it real
    ("03/25/2024", "choose month/day order"),
    ("2024-01-02 25:00", "not a real time of day"),
    ("30/02/2024", "no day 30 in month 2 of 2024"),
    ("yesterday", "cannot read 'yesterday' as a date"),
    ("1234", "cannot read '1234' as a date"),
])
def test_parse_datetime_refuses_with_a_reason(text, reason):
    with pytest.raises(ValueError) as caught:
        V.parse_datetime(text, "day_first")
    assert reason in str(caught.value)


def test_impossible_month_is_named():
    with pytest.raises(ValueError, match="no month 13"):
        V.parse_datetime("01/13/2024", "day_first")
    with pytest.raises(ValueError, match="outside 1950-2100"):
        V.parse_datetime(123.0)


@pytest.mark.parametrize(("values", "order"), [
    (["13/01/2024", "02/03/2024"], "day_first"),     # a first field above 12 settles it
    (["01/13/2024 10:00", "02/03/2024"], "month_first"),
    (["03/04/2024", "05/06/2024"], "ambiguous"),     # never settled: the user chooses
    (["2024-03-04 10:00:00", ""], "iso"),
    ([45292.5, 45293.0], "serial"),
    (["45292.5"], "serial"),
    ([], "iso"),
])
def test_date_order_of_a_column(values, order):
    assert V.date_order_of(values) == order


@pytest.mark.parametrize(("value", "unit", "target", "expected"), [
    ("45", "minutes", "minutes", 45.0),
    ("13", "hours", "minutes", 780.0),               # Zendesk "Resolution time"
    ("120", "seconds", "minutes", 2.0),              # Intercom
    ("600000", "ms", "minutes", 10.0),               # HubSpot
    ("1.5", "days", "minutes", 2160.0),
    ("64:00:00", "hours", "minutes", 3840.0),        # H:MM:SS past 24 hours
    ("0:00:00", "hours", "minutes", 0.0),
    ("00:02:14", "minutes", "seconds", 134.0),
    ("1:30", "hm", "seconds", 5400.0),               # Freshdesk "Time tracked" is H:MM
    ("2:14", "seconds", "seconds", 134.0),           # M:SS in a seconds column
    ("12,5", "minutes", "minutes", 12.5),            # decimal comma
    (timedelta(hours=2), "minutes", "minutes", 120.0),
    (time(0, 2, 14), "minutes", "seconds", 134.0),
    (7.5, "hours", "minutes", 450.0),
    ("", "minutes", "minutes", None), ("-", "hours", "minutes", None),
])
def test_parse_duration(value, unit, target, expected):
    result = V.parse_duration(value, unit, target)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


def test_parse_duration_refuses():
    with pytest.raises(ValueError, match="as a duration"):
        V.parse_duration("soon", "minutes")
    with pytest.raises(ValueError, match="negative"):
        V.parse_duration("-1:00:00", "hours")


@pytest.mark.parametrize(("value", "expected"), [
    ("Good", "good"), ("Bad", "bad"), ("bad", "bad"),
    ("Offered", None), ("Unoffered", None), ("Not Offered", None), ("", None), ("-", None),
    ("5", "good"), ("4", "good"), ("3", "bad"), ("1", "bad"), (4.0, "good"), (2.0, "bad"),
    ("Extremely satisfied", "good"), ("Very satisfied", "good"),
    ("Slightly dissatisfied", "bad"), ("Extremely dissatisfied", "bad"), ("Neutral", "bad"),
    ("something else", None), ("7", None),
])
def test_parse_csat_on_a_five_point_scale(value, expected):
    assert V.parse_csat(value, ZENDESK) == expected


def test_csat_on_a_ten_point_scale():
    assert V.csat_scale(["3", "10", ""]) == 10
    assert V.csat_scale(["3", "5"]) == 5
    assert V.parse_csat("9", ZENDESK, scale=10) == "good"
    assert V.parse_csat("8", ZENDESK, scale=10) == "bad"


@pytest.mark.parametrize(("value", "expected"), [
    ("Within SLA", "met"), ("SLA Violated", "breached"), ("true", "met"), ("false", "breached"),
    (True, "met"), ("", None), ("?", None),
])
def test_parse_sla(value, expected):
    assert V.parse_sla(value, ZENDESK) == expected


def test_parse_sla_refuses_unknown_words():
    with pytest.raises(ValueError, match="SLA outcome"):
        V.parse_sla("perhaps", ZENDESK)


@pytest.mark.parametrize(("value", "expected"), [
    ("1", True), ("0", False), ("true", True), ("FALSE", False), ("Yes", True), ("no", False),
    (1.0, True), (0, False), (True, True), ("", None), ("N/A", None),
])
def test_parse_bool(value, expected):
    assert V.parse_bool(value) is expected


def test_numbers_counts_nps_percent():
    assert V.parse_number("1,234.5") == 1234.5
    assert V.parse_number("1.234,5") == 1234.5 and V.parse_number("1.234.567") == 1234567
    assert V.parse_number("1.234") == 1.234
    assert V.parse_number("94.01%") == 94.01
    assert V.parse_count("3.0") == 3
    with pytest.raises(ValueError, match="count"):
        V.parse_count("2.5")
    assert V.parse_nps("10") == 10 and V.parse_nps("0") == 0
    with pytest.raises(ValueError, match="NPS"):
        V.parse_nps("11")
    assert V.parse_percent("94.01%") == 94.01
    assert V.parse_percent(0.9401, fraction=True) == pytest.approx(94.01)
    assert V.column_holds_fractions([0.5, 0.94, 1]) is True
    assert V.column_holds_fractions(["94%", "0.5"]) is False


def test_tags_and_text():
    assert V.parse_tags("billing refund billing", " ") == "billing\nrefund"
    assert V.parse_tags("printer, fire", ",") == "printer\nfire"
    assert V.parse_tags("", ",") is None
    assert V.text_value(19381.0) == "19381"
    assert V.text_value("  Ana   Núñez ") == "Ana Núñez"
    assert V.text_value("N/A") is None
    assert V.external_id(" 101 ") == "101"
    with pytest.raises(ValueError, match="no id"):
        V.external_id("")


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-10", (date(2026, 10, 1), date(2026, 10, 31))),
    ("2026-W05", (date(2026, 1, 26), date(2026, 2, 1))),
    ("2026-10-05", (date(2026, 10, 5), date(2026, 10, 5))),
    ("2026-10-01..2026-10-15", (date(2026, 10, 1), date(2026, 10, 15))),
    ("March 2024", (date(2024, 3, 1), date(2024, 3, 31))),
])
def test_parse_period(text, expected):
    assert parse_period(text) == expected


def test_parse_period_refuses():
    from app.errors import BadInputError
    with pytest.raises(BadInputError, match="not a period"):
        parse_period("last week")
