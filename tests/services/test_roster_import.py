"""Roster import: preview without writing, create/update/unchanged, leads, rollback."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

import openpyxl
import pytest

from app.progress import Cancelled, Progress
from app.services import roster
from app.services.roster_import import (
    FieldChange,
    RowError,
    apply_roster_import,
    plan_summary,
    preview_roster_import,
)
from tests.conftest import TODAY


def csv_file(tmp_path, text: str, name: str = "team.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def preview(session_factory, path, **kwargs):
    return preview_roster_import(session_factory, path, today=TODAY, **kwargs)


def apply(session_factory, plan, progress=None):
    return apply_roster_import(session_factory, plan, progress, today=TODAY)


def by_name(session_factory) -> dict[str, roster.AgentRow]:
    return {row.full_name: row for row in roster.list_agents(session_factory)}


TEAM = (
    "Name,E-mail,Role,Team,Lead,Hire date\n"
    "Ana Nunez,ana@x.com,Agent,Support,Sam Lead,2024-03-01\n"
    "Bo Chen,BO@x.com,Senior agent,Support,sam@x.com,2021-01-11\n"
    "Sam Lead,sam@x.com,Team lead,Support,,2019-05-06\n"
)


@pytest.fixture
def existing(make_agent):
    make_agent("Bo Chen", email="bo@x.com", role="Agent", team="support",
               hire_date=date(2021, 1, 11))
    make_agent("Sam Lead", email="sam@x.com", role="Team lead", team="Support",
               hire_date=date(2019, 5, 6))


def test_preview_writes_nothing(session_factory, existing, tmp_path, db_path):
    before = db_path.read_bytes()
    plan = preview(session_factory, csv_file(tmp_path, TEAM))
    assert roster.count_agents(session_factory) == 2
    assert by_name(session_factory)["Bo Chen"].role == "Agent"
    assert plan.to_create == 1 and plan.to_update == 1 and plan.unchanged == 1
    assert db_path.read_bytes() == before


def test_create_update_unchanged_then_idempotent(session_factory, existing, tmp_path):
    path = csv_file(tmp_path, TEAM)
    plan = preview(session_factory, path)
    assert plan_summary(plan) == "1 new agent, 1 updated, 1 unchanged"
    changes = {c.name: c for c in plan.changes}
    assert changes["Ana Nunez"].action == "create" and changes["Ana Nunez"].agent_id is None
    assert changes["Bo Chen"].action == "update"
    assert changes["Bo Chen"].changes == [FieldChange("Role", "Agent", "Senior agent"),
                                          FieldChange("Lead", "", "Sam Lead")]
    assert changes["Sam Lead"].action == "unchanged"  # "Support" vs "support": same team

    result = apply(session_factory, plan)
    assert (result.created, result.updated, result.unchanged, result.skipped) == (1, 1, 1, 0)
    agents = by_name(session_factory)
    assert agents["Ana Nunez"].lead_name == "Sam Lead"
    assert agents["Ana Nunez"].hire_date == date(2024, 3, 1)
    assert agents["Bo Chen"].role == "Senior agent" and agents["Bo Chen"].lead_name == "Sam Lead"

    again = preview(session_factory, path)
    assert (again.to_create, again.to_update, again.unchanged) == (0, 0, 3)
    assert apply(session_factory, again).updated == 0


def test_absent_columns_are_left_alone_and_empty_cells_clear(session_factory, make_agent,
                                                               tmp_path):
    make_agent("Bo Chen", email="bo@x.com", role="Agent", team="Support",
               hire_date=date(2021, 1, 11))
    plan = preview(session_factory, csv_file(tmp_path, "Name,Role\nbo chen,\n"))
    (change,) = plan.changes
    assert change.changes == [FieldChange("Role", "Agent", "")]
    apply(session_factory, plan)
    bo = roster.find_agent(session_factory, "bo@x.com")
    assert bo.full_name == "Bo Chen"  # matched by name; the file's spelling is not applied
    assert (bo.role, bo.team, bo.hire_date) == (None, "Support", date(2021, 1, 11))


def test_leads_by_name_or_email_including_forward_references(session_factory, tmp_path):
    plan = preview(session_factory, csv_file(tmp_path, (
        "Name,E-mail,Lead\n"
        "Ana,ana@x.com,cy@x.com\n"      # Cy comes later in the file
        "Bo,bo@x.com,Cy\n"
        "Cy,cy@x.com,Dee Director\n"    # and Cy's own lead is later still
        "Dee Director,dee@x.com,\n")))
    assert plan.errors == [] and plan.to_create == 4
    apply(session_factory, plan)
    agents = by_name(session_factory)
    assert agents["Ana"].lead_name == "Cy" and agents["Bo"].lead_name == "Cy"
    assert agents["Cy"].lead_name == "Dee Director" and agents["Dee Director"].lead_id is None


def test_unknown_lead_and_rows_that_depend_on_a_bad_row(session_factory, tmp_path):
    plan = preview(session_factory, csv_file(tmp_path, (
        "Name,Reports to,Hire date\n"
        "Ana,Nobody Known,2024-01-01\n"
        "Bo,Cy,2024-01-01\n"
        "Cy,,2099-01-01\n")))
    assert plan.errors == [
        RowError(2, "Reports to", "The lead 'Nobody Known' is not in the roster or the file."),
        RowError(3, "Reports to", "The lead 'Cy' is in row 4, which has problems; fix that "
                                  "row first."),
        RowError(4, "Hire date", "The hire date cannot be in the future."),
    ]
    assert plan.changes == [] and plan.problem_rows == 3


def test_reporting_loops_are_refused(session_factory, tmp_path):
    plan = preview(session_factory, csv_file(tmp_path, "Name,Lead\nAna,Bo\nBo,Ana\nCy,Ana\n"))
    assert {e.row for e in plan.errors} == {2, 3, 4}
    assert "reporting loop (Ana → Bo → Ana)" in plan.errors[0].reason


def test_lead_swap_with_existing_agents(session_factory, make_agent, tmp_path):
    boss = make_agent("Bo Boss", email="bo@x.com")
    make_agent("Ana Agent", email="ana@x.com", lead_id=boss.id)
    plan = preview(session_factory, csv_file(tmp_path, "E-mail,Name,Lead\nbo@x.com,Bo Boss,"
                                                       "ana@x.com\nana@x.com,Ana Agent,\n"))
    assert plan.errors == [] and plan.to_update == 2
    apply(session_factory, plan)
    agents = by_name(session_factory)
    assert agents["Bo Boss"].lead_name == "Ana Agent" and agents["Ana Agent"].lead_id is None


def test_duplicates_within_the_file_and_against_the_database(session_factory, existing,
                                                               tmp_path):
    plan = preview(session_factory, csv_file(tmp_path, (
        "Name,E-mail\n"
        "Ana,ana@x.com\n"
        "Ana Again,ANA@x.com\n"
        "Sam Lead,bo@x.com\n"          # matched by name, but the e-mail is Bo's
        "Cy,\n"
        "cy,\n")))
    assert [(e.row, e.column) for e in plan.errors] == [(3, "E-mail"), (4, "E-mail"),
                                                        (6, "Name")]
    assert plan.errors[0].reason == ("The e-mail ana@x.com is also in row 2; list each agent "
                                     "once.")
    assert plan.errors[1].reason == ("bo@x.com belongs to Bo Chen, but Sam Lead is another "
                                     "agent; correct the name or the e-mail.")
    assert [c.name for c in plan.changes] == ["Ana", "Cy"]


def test_aliases_are_added_to_the_existing_ones(session_factory, make_agent, tmp_path):
    make_agent("Ana", email="ana@x.com", aliases=[roster.AliasInfo("zendesk", "Ana N")])
    plan = preview(session_factory, csv_file(
        tmp_path, 'Name,Aliases\nAna,"freshdesk: ana.n@x.com; zendesk: ana n"\n'))
    assert plan.changes[0].changes == [FieldChange("Aliases", "", "+ ana.n@x.com (freshdesk)")]
    apply(session_factory, plan)
    aliases = set(roster.find_agent(session_factory, "ana@x.com").aliases)
    assert aliases == {roster.AliasInfo("zendesk", "Ana N"),
                       roster.AliasInfo("freshdesk", "ana.n@x.com")}


def test_departed_without_a_departure_date_says_what_to_add(session_factory, tmp_path):
    plan = preview(session_factory, csv_file(tmp_path, "Name,Status\nAna,Left\n"))
    assert plan.errors == [RowError(2, "Departure date", "A departed agent needs a departure "
                                    "date. Add a 'Departure date' column to the file.")]


def test_cancel_rolls_everything_back(session_factory, existing, tmp_path):
    rows = "".join(f"Agent {n},agent{n}@x.com,Bo Chen\n" for n in range(6))
    plan = preview(session_factory, csv_file(tmp_path, "Name,E-mail,Lead\n" + rows))

    class CancelAfterTwo(Progress):
        def report(self, done, total=0, message=""):
            if done >= 2:
                self.cancel()
            super().report(done, total, message)

    with pytest.raises(Cancelled):
        apply(session_factory, plan, CancelAfterTwo())
    assert roster.count_agents(session_factory) == 2


def test_apply_revalidates_against_the_database_as_it_is_then(session_factory, make_agent,
                                                               tmp_path):
    plan = preview(session_factory, csv_file(
        tmp_path, "Name,E-mail,Lead\nAna,ana@x.com,\nBo,bo@x.com,Ana\nCy,cy@x.com,\n"))
    make_agent("Someone Else", email="ana@x.com")  # added after the preview was shown
    result = apply(session_factory, plan)
    assert (result.created, result.updated, result.skipped) == (1, 0, 2)
    assert [(e.row, e.reason) for e in result.errors] == [
        (2, "The roster changed since the preview: this row now matches Someone Else. "
            "Preview the file again."),
        (3, "The lead 'Ana' (row 2) could not be saved, so this row was skipped.")]
    assert set(by_name(session_factory)) == {"Someone Else", "Cy"}


def test_apply_skips_rows_that_became_invalid(session_factory, make_agent, tmp_path):
    plan = preview(session_factory, csv_file(
        tmp_path, "Name,Aliases,Lead\nAna,zendesk: A1,\nBo,,Ana\nCy,,\n"))
    other = make_agent("Zed", aliases=[roster.AliasInfo("zendesk", "A1")])
    result = apply(session_factory, plan)
    assert (result.created, result.skipped) == (1, 2)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Aliases"), (3, "Lead")]
    assert set(by_name(session_factory)) == {other.full_name, "Cy"}


def test_xlsx_roster_with_title_row_dates_and_sheet(session_factory, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active["A1"] = "Read me"
    sheet = book.create_sheet("Team")
    sheet["A1"] = "Team roster"
    sheet.append(["Employee", "Start date", "Probation end", "Status", "Left on"])
    sheet.append(["Ana", date(2024, 3, 1), date(2024, 9, 1), "Active", None])
    sheet.append(["Bo", date(2020, 1, 6), None, "Terminated", date(2025, 6, 30)])
    book.save(tmp_path / "team.xlsx")
    plan = preview(session_factory, tmp_path / "team.xlsx", sheet="Team")
    assert (plan.sheet, plan.sheet_names, plan.to_create) == ("Team", ["Notes", "Team"], 2)
    assert [c.row for c in plan.changes] == [3, 4]
    apply(session_factory, plan)
    bo = by_name(session_factory)["Bo"]
    assert (bo.status, bo.departure_date) == ("departed", date(2025, 6, 30))


def test_plan_and_result_are_plain_dataclasses(session_factory, tmp_path):
    plan = preview(session_factory, csv_file(tmp_path, "Name,Hire date\nAna,2024-03-01\n"
                                                       "Bo,someday\n"))
    as_json = json.loads(json.dumps(asdict(plan), default=str))
    assert as_json["changes"][0]["changes"][0] == ["Name", "", "Ana"]
    assert as_json["errors"] == [{"row": 3, "column": "Hire date",
                                  "reason": plan.errors[0].reason}]
    result = apply(session_factory, plan)
    assert asdict(result)["created"] == 1 and result.skipped == 1


def test_a_kept_lead_does_not_depend_on_the_leads_own_row(session_factory, make_agent,
                                                           tmp_path):
    boss = make_agent("Bo Boss", email="bo@x.com")
    make_agent("Ana Agent", email="ana@x.com", role="Agent", lead_id=boss.id)
    plan = preview(session_factory, csv_file(
        tmp_path, "E-mail,Name,Role\nbo@x.com,Bo Boss,Lead\nana@x.com,Ana Agent,Senior\n"))
    roster.update_agent(session_factory, boss.id, roster.AgentInput(
        "Bo Boss", email="bo@x.com", hire_date=TODAY.replace(year=2030)), today=date(2031, 1, 1))
    result = apply(session_factory, plan)  # Bo's row now fails (hire date in the future)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Hire date")]
    ana = roster.find_agent(session_factory, "ana@x.com")
    assert (ana.role, ana.lead_name) == ("Senior", "Bo Boss")
