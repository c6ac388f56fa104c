"""parse_roster: headers by meaning, row-level problems, aliases, statuses and dates."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pytest

from app.errors import BadInputError
from app.ingest.readers import Table, read_table
from app.ingest.roster import AliasEntry, RowError, parse_aliases, parse_roster


def table(headers, *rows, source="team.csv"):
    return Table(headers=list(headers), rows=[list(r) for r in rows],
                 row_numbers=list(range(2, len(rows) + 2)), source=source)


def test_synonyms_in_any_order_and_case():
    parsed = parse_roster(table(
        ["EMAIL ADDRESS", "Job Title", "Full name", "Reports to", "Start date",
         "Probation until", "Employment status", "Squad", "Platform names", "Cost centre"],
        ["Ana@X.com ", "Agent", " Ana  Nunez", "sam@x.com", "2024-03-01", "2024-09-01",
         "On leave", "Support", "zendesk: Ana N", "CC-10"]))
    assert parsed.columns["full_name"] == "Full name"
    assert parsed.columns["lead"] == "Reports to"
    assert parsed.ignored_columns == ["Cost centre"]
    assert parsed.fields == {"full_name", "email", "role", "lead", "hire_date", "probation_end",
                             "status", "team", "aliases"}
    (record,) = parsed.records
    assert record.row_number == 2
    assert (record.full_name, record.email, record.role, record.team, record.lead) == (
        "Ana Nunez", "ana@x.com", "Agent", "Support", "sam@x.com")
    assert (record.hire_date, record.probation_end) == (date(2024, 3, 1), date(2024, 9, 1))
    assert record.status == "on_leave"
    assert record.aliases == [AliasEntry("zendesk", "Ana N")]
    assert asdict(parsed)["records"][0]["aliases"] == [{"platform": "zendesk", "alias": "Ana N"}]


@pytest.mark.parametrize(("label", "status"), [
    ("Active", "active"), ("", "active"), ("-", "active"), ("On leave", "on_leave"),
    ("Leave", "on_leave"), ("on-leave", "on_leave"), ("Departed", "departed"),
    ("Left", "departed"), ("INACTIVE", "departed"), ("Terminated", "departed"),
])
def test_status_labels(label, status):
    parsed = parse_roster(table(["Name", "Status", "Left on"], ["Ana", label, "2025-01-31"]))
    assert parsed.records[0].status == status


def test_row_problems_skip_the_row_and_keep_going():
    parsed = parse_roster(table(
        ["Name", "Hire date", "Status"],
        ["Ana", "2024-03-01", "Active"],
        ["Bo", "next week", "Active"],
        ["Cy", "2024-03-01", "Retired-ish"],
        ["", "2024-03-01", "Active"],
        ["Dee", "", ""]))
    assert [r.full_name for r in parsed.records] == ["Ana", "Dee"]
    assert parsed.errors == [
        RowError(3, "Hire date", "'next week' is not a date Coachbench can read; write it as "
                                 "YYYY-MM-DD (for example 2024-03-01)."),
        RowError(4, "Status", "'Retired-ish' is not a status; use Active, On leave or "
                              "Departed."),
        RowError(5, "Name", "The name is empty; every agent needs a name (or delete the row)."),
    ]


def test_no_name_column_names_what_was_found_and_expected():
    with pytest.raises(BadInputError) as caught:
        parse_roster(table(["Email", "Team"], ["a@x.com", "Support"], source="hr.xlsx"))
    message = str(caught.value)
    assert message.startswith("hr.xlsx has no name column. Columns found: 'Email', 'Team'.")
    assert "Expected a column called Name" in message and "Hire date" in message


def test_header_only_file_is_refused():
    with pytest.raises(BadInputError, match="has column headings but no rows of agents"):
        parse_roster(table(["Name", "Email"]))


def test_first_and_last_name_columns_make_the_name():
    parsed = parse_roster(table(["First name", "Surname", "E-mail"],
                                ["Ana", "Nunez", "ana@x.com"], ["Bo", "", ""]))
    assert [r.full_name for r in parsed.records] == ["Ana Nunez", "Bo"]
    assert "full_name" in parsed.fields


def test_two_columns_for_one_field_use_the_first_and_say_so():
    parsed = parse_roster(table(["Name", "Agent", "Team"], ["Ana", "ana.n", "S"]))
    assert parsed.records[0].full_name == "Ana"
    assert parsed.ignored_columns == ["Agent"]
    assert parsed.warnings == ["Both 'Name' and 'Agent' look like the name column; "
                               "'Name' was used."]


def test_date_order_from_the_column_values_and_the_ambiguity_warning():
    parsed = parse_roster(table(["Name", "Hire date"], ["Ana", "03/04/2024"],
                                ["Bo", "01/02/2023"]))
    assert parsed.records[0].hire_date == date(2024, 4, 3)
    assert parsed.warnings == ["Hire date: dates like 03/04/2024 could be day/month or "
                               "month/day; read as day/month. Use YYYY-MM-DD to be sure."]
    parsed = parse_roster(table(["Name", "Hire date"], ["Ana", "03/04/2024"],
                                ["Bo", "01/28/2023"]))
    assert parsed.records[0].hire_date == date(2024, 3, 4) and parsed.warnings == []


def test_an_ambiguous_date_column_follows_a_settled_one_in_the_same_file():
    parsed = parse_roster(table(["Name", "Hire date", "Probation end"],
                                ["Ana", "03/14/2024", "06/09/2024"]))
    assert parsed.records[0].probation_end == date(2024, 6, 9)
    assert parsed.warnings == []


def test_a_header_that_spells_the_format_wins():
    parsed = parse_roster(table(["Name", "Start date (MM/DD/YYYY)"], ["Ana", "03/04/2024"]))
    assert parsed.records[0].hire_date == date(2024, 3, 4)
    assert parsed.warnings == []


def test_excel_dates_and_serials_from_a_workbook():
    parsed = parse_roster(table(["Name", "Hire date", "Probation end"],
                                ["Ana", date(2024, 3, 1), 45536]))
    assert parsed.records[0].probation_end == date(2024, 9, 1)


def test_parse_aliases():
    assert parse_aliases("zendesk: Ana N; freshdesk: ana.n@x.com; Ana Nunez") == [
        AliasEntry("zendesk", "Ana N"), AliasEntry("freshdesk", "ana.n@x.com"),
        AliasEntry("any", "Ana Nunez")]
    assert parse_aliases("Help Scout: ana | Dr: Who\nZoho Desk:  a.n ") == [
        AliasEntry("helpscout", "ana"), AliasEntry("any", "Dr: Who"), AliasEntry("zoho", "a.n")]
    assert parse_aliases(None) == [] and parse_aliases(" - ") == []


def test_parse_roster_from_a_real_csv(tmp_path):
    path = tmp_path / "team.csv"
    path.write_text("Team roster\nName;Aliases;Hire date\n"
                    'Ana;"zendesk: Ana N; Ana Nunez";01.03.2024\n', encoding="utf-8")
    parsed = parse_roster(read_table(path))
    (record,) = parsed.records
    assert record.row_number == 3
    assert record.aliases == [AliasEntry("zendesk", "Ana N"), AliasEntry("any", "Ana Nunez")]
    assert record.hire_date == date(2024, 3, 1)
