"""Every platform profile against a small export written like the real one: detection,
the proposed mapping, units, value maps, and the records a loader receives."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.errors import BadInputError
from app.ingest.platforms import PROFILES, get_profile
from app.ingest.tickets import TICKET_FIELDS
from tests.ingest.ticket_helpers import FIXTURES, by_id, parse_all


def test_every_profile_is_found_and_named_for_the_command_line():
    assert list(PROFILES) == ["freshdesk", "helpscout", "hubspot", "intercom", "salesforce",
                              "servicenow", "zendesk", "zendesk_explore", "generic"]
    assert get_profile("zendesk_explore").vendor == "zendesk"
    assert get_profile("Zendesk-Explore").name == "zendesk_explore"
    with pytest.raises(BadInputError, match="freshdesk, helpscout"):
        get_profile("jira")
    for profile in PROFILES.values():  # every column map names real canonical fields
        assert set(profile.columns) <= set(TICKET_FIELDS)


@pytest.mark.parametrize(("name", "profile", "kind", "rows"), [
    ("zendesk.csv", "zendesk", "tickets", 5),
    ("explore_tickets.csv", "zendesk_explore", "tickets", 3),
    ("explore_agents_weekly.csv", "zendesk_explore", "aggregates", 3),
    ("freshdesk.csv", "freshdesk", "tickets", 3),
    ("servicenow_events.csv", "servicenow", "tickets", 3),
    ("salesforce.csv", "salesforce", "tickets", 2),
    ("intercom.csv", "intercom", "tickets", 2),
    ("hubspot.csv", "hubspot", "tickets", 2),
    ("helpscout.csv", "helpscout", "tickets", 2),
])
def test_detection(name, profile, kind, rows):
    preview, _records, problems, rows_read = parse_all(FIXTURES / name)
    assert preview.detection.profile.name == profile
    assert preview.profile.kind == kind
    assert preview.detection.confidence >= 0.8
    assert preview.detection.scores[0][0] == profile
    assert (rows_read, problems) == (rows, [])


def test_zendesk_legacy_export():
    preview, records, _, _ = parse_all(FIXTURES / "zendesk.csv")
    assert preview.mapping["full_resolution_minutes"] == "Full resolution time in minutes"
    tickets = by_id(records)
    first = tickets["101"]
    assert first["platform"] == "zendesk"
    assert first["assignee"] == "Ana Núñez" and first["group_name"] == "Support"
    assert first["channel"] == "Mail" and first["ticket_type"] == "Question"
    assert first["created_at"] == datetime(2023, 4, 8, 20, 52)
    assert first["solved_at"] == datetime(2023, 4, 9, 9, 30)
    assert first["first_reply_minutes"] == 45 and first["first_reply_minutes_business"] == 30
    assert first["full_resolution_minutes"] == 758
    assert (first["agent_replies"], first["reopens"]) == (1, 0)
    assert (first["csat"], first["csat_raw"]) == ("good", "Good")
    assert first["tags"] == "billing\nrefund"  # Zendesk tags are space-separated
    assert first["subject"] == "Refund, please"
    assert first["_row"] == 2
    assert tickets["102"]["created_at"] == datetime(2009, 9, 1, 19, 2)  # no seconds
    assert (tickets["102"]["csat"], tickets["102"]["reopens"]) == ("bad", 1)
    unassigned = tickets["103"]
    assert unassigned.get("assignee") is None
    assert unassigned.get("priority") is None and unassigned.get("ticket_type") is None  # "-"
    assert unassigned.get("csat") is None and unassigned["csat_raw"] == "Offered"
    assert unassigned.get("solved_at") is None and unassigned.get("full_resolution_minutes") \
        is None
    assert (tickets["104"]["csat"], tickets["104"]["csat_raw"]) == ("good", "4")
    assert (tickets["105"]["csat"], tickets["105"]["csat_raw"]) == ("bad", "2")
    # The requester is hashed, never stored; the same address in another case matches.
    assert "requester" not in first and len(first["requester_hash"]) == 64
    assert first["requester_hash"] == unassigned["requester_hash"]
    assert first["requester_hash"] != tickets["102"]["requester_hash"]


def test_zendesk_resolution_time_is_in_hours(tmp_path):
    path = tmp_path / "z.csv"
    path.write_text("Id,Assignee,Status,Resolution time\n1,Ana,Solved,13\n")
    _, records, _, _ = parse_all(path)
    assert records[0]["full_resolution_minutes"] == 780


def test_explore_units_come_from_the_header():
    preview, records, _, _ = parse_all(FIXTURES / "explore_tickets.csv")
    tickets = by_id(records)
    assert tickets["5001"]["first_reply_minutes"] == 12.5                # (min)
    assert tickets["5001"]["full_resolution_minutes"] == 90              # 1.5 (hrs)
    assert tickets["5001"]["first_reply_minutes_business"] == 10         # 600 (sec)
    assert tickets["5003"]["full_resolution_minutes"] == 96 * 60
    assert tickets["5001"]["created_at"] == datetime(2024, 3, 1)
    assert tickets["5002"].get("csat") is None and tickets["5002"]["csat_raw"] == "Not Offered"
    assert tickets["5001"]["platform"] == "zendesk"  # the vendor, shared with the legacy export


def test_explore_aggregates_by_agent_and_week():
    preview, records, problems, rows_read = parse_all(FIXTURES / "explore_agents_weekly.csv")
    assert preview.needs_period is False
    assert preview.period_column == "Ticket solved - Week"
    assert rows_read == 3 and problems == []
    ana_week = {r["metric"]: r for r in records
                if r["assignee"] == "Ana Núñez" and r["period_start"] == date(2024, 3, 4)}
    assert set(ana_week) == {"tickets_solved", "csat_percent", "first_reply_minutes",
                             "agent_replies"}
    assert ana_week["tickets_solved"]["value"] == 42
    assert ana_week["csat_percent"]["value"] == 95.5
    assert ana_week["csat_percent"]["count"] == 42
    assert ana_week["first_reply_minutes"]["value"] == 90  # 1.5 hrs
    assert ana_week["tickets_solved"]["period_end"] == date(2024, 3, 10)  # Monday..Sunday
    assert ana_week["tickets_solved"]["assignee_key"] == "ana nunez"
    assert ana_week["tickets_solved"]["platform"] == "zendesk"


def test_explore_aggregates_without_a_date_need_a_period():
    path = FIXTURES / "explore_agents_no_date.csv"
    from app.ingest.tickets import ParseOptions, parse_file, preview_file
    preview = preview_file(path)
    assert preview.profile.kind == "aggregates" and preview.needs_period
    with pytest.raises(BadInputError, match="name the period"):
        parse_file(path, ParseOptions(preview.profile, preview.mapping))
    _, records, _, _ = parse_all(path, period=(date(2026, 10, 1), date(2026, 10, 31)))
    assert {(r["assignee"], r["metric"], r["value"]) for r in records if r["metric"] ==
            "tickets"} == {("Ana Núñez", "tickets", 50), ("Bo Chen", "tickets", 33)}
    assert all(r["period_start"] == date(2026, 10, 1) for r in records)


def test_freshdesk_durations_sla_and_survey():
    _, records, _, _ = parse_all(FIXTURES / "freshdesk.csv")
    tickets = by_id(records)
    resolved = tickets["7001"]
    assert resolved["full_resolution_minutes"] == 64 * 60   # 64:00:00, past 24 hours
    assert resolved["first_reply_minutes"] == 30
    assert resolved["handle_seconds"] == 5400               # Time tracked 1:30 is H:MM
    assert resolved["first_reply_at"] == datetime(2025, 1, 8, 15, 30, 6)
    assert resolved["sla"] == "met" and resolved["csat"] == "good"
    assert resolved["csat_raw"] == "Extremely satisfied"
    assert resolved["tags"] == "printer\nfire"
    unresolved = tickets["7002"]  # 00:00:00 on a ticket never resolved means "not reached"
    assert unresolved["full_resolution_minutes"] is None
    assert unresolved["first_reply_minutes"] is None
    assert unresolved["handle_seconds"] is None
    assert unresolved["sla"] is None and unresolved["agent_replies"] == 0
    closed = tickets["7003"]
    assert closed["sla"] == "breached" and closed["csat"] == "bad"
    assert closed["full_resolution_minutes"] == 45


def test_servicenow_field_names_references_and_revisions():
    preview, records, _, _ = parse_all(FIXTURES / "servicenow_events.csv")
    assert preview.mapping["external_id"] == "number"
    first, older, other = records
    assert first["external_id"] == older["external_id"] == "INC0001"
    assert (first["_revision"], older["_revision"]) == (4, 2)  # the loader keeps the highest
    assert first["subject"] == "VPN down\r\nsince Monday"     # a quoted multi-line cell
    assert first["assignee"] == "Beth Anglin (beth)"          # reference kept as display text
    assert first["full_resolution_minutes"] == 120            # calendar_duration in seconds
    assert first["full_resolution_minutes_business"] == 60
    assert (first["sla"], other["sla"]) == ("met", "breached")  # made_sla true / false
    assert older["sla"] is None                                # "?" is empty
    assert other.get("assignee") is None and other["requester_hash"] is None
    assert other["reopens"] == 1 and other["channel"] == "email"


def test_servicenow_xlsx_with_portuguese_labels_and_serial_dates(tmp_path):
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Page 1"
    sheet.append(["Número", "Aberto", "Descrição resumida", "Atribuído a",
                  "Grupo de atribuição", "Estado", "Prioridade", "Encerrado"])
    sheet.append(["INC0010001", 45292.375, "Impressora", "Patrick Brown (pab26)",
                  "Service Desk", "Encerrado", "3 - Moderada", 45293.5])
    sheet.append(["INC0010002", 45293, "Rede", None, "Network", "Novo", "4 - Baixa", None])
    path = tmp_path / "incident.xlsx"
    book.save(path)
    preview, records, problems, _ = parse_all(path)
    assert preview.profile.name == "servicenow" and preview.sheet == "Page 1"
    assert preview.date_orders == {"Aberto": "serial", "Encerrado": "serial"}
    assert problems == []
    first, second = records
    assert first["created_at"] == datetime(2024, 1, 1, 9, 0)
    assert first["solved_at"] == datetime(2024, 1, 2, 12, 0)
    assert first["assignee"] == "Patrick Brown (pab26)"
    assert first["group_name"] == "Service Desk" and first["subject"] == "Impressora"
    assert second["created_at"] == datetime(2024, 1, 2) and second["solved_at"] is None


def test_salesforce_day_first_dates_flags_and_footers():
    preview, records, problems, rows_read = parse_all(FIXTURES / "salesforce.csv")
    assert preview.date_orders["Date/Time Opened"] == "day_first"  # 13/03 settles it
    assert rows_read == 2 and problems == []  # the three footer rows are not cases
    cases = by_id(records)
    assert cases["00001001"]["created_at"] == datetime(2024, 3, 13, 9, 15)
    assert cases["00001002"]["created_at"] == datetime(2024, 4, 3, 8, 0)  # day first too
    assert cases["00001001"]["escalated"] is False and cases["00001002"]["escalated"] is True
    assert cases["00001001"]["full_resolution_minutes"] == 25 * 60  # Age (Hours)
    assert cases["00001002"]["full_resolution_minutes"] is None  # an open case's age


def test_intercom_seconds_and_ratings():
    _, records, _, _ = parse_all(FIXTURES / "intercom.csv")
    chat = by_id(records)["9001"]
    assert chat["first_reply_minutes"] == 2 and chat["full_resolution_minutes"] == 60
    assert chat["handle_seconds"] == 450
    assert (chat["csat"], chat["csat_raw"]) == ("good", "5")
    assert chat["tags"] == "refund\nvip"


def test_hubspot_milliseconds():
    _, records, _, _ = parse_all(FIXTURES / "hubspot.csv")
    ticket = by_id(records)["3001"]
    assert ticket["full_resolution_minutes"] == 180 and ticket["first_reply_minutes"] == 10
    assert by_id(records)["3002"].get("assignee") is None


def test_helpscout_ratings_and_utc_stamps():
    _, records, _, _ = parse_all(FIXTURES / "helpscout.csv")
    tickets = by_id(records)
    assert tickets["42"]["created_at"] == datetime(2024, 7, 1, 9, 0)
    assert (tickets["42"]["csat"], tickets["43"]["csat"]) == ("good", "bad")  # Great / Okay


def test_generic_telephony_aggregates():
    preview, records, problems, rows_read = parse_all(
        FIXTURES / "telephony.csv", period=(date(2026, 10, 1), date(2026, 10, 31)))
    assert preview.profile.name == "generic" and preview.profile.kind == "aggregates"
    assert preview.detection.confidence <= 0.5  # generic never claims more
    assert preview.needs_period
    ana = {r["metric"]: r["value"] for r in records if r["assignee"] == "Ana Núñez"}
    assert ana["answer_rate_percent"] == 94.17
    assert ana["talk_seconds"] == 134 and ana["answer_speed_seconds"] == 14
    assert ana["calls_answered"] == 113
    assert [(p.row, p.reason) for p in problems] == [(4, "a totals row, not an agent")]
    assert rows_read == 3


def test_forcing_a_profile_and_editing_the_mapping():
    path = FIXTURES / "zendesk.csv"
    forced = parse_all(path, profile="generic")[0]
    assert forced.profile.name == "generic" and forced.detection.profile.name == "zendesk"
    mapping = dict(parse_all(path)[0].mapping)
    mapping["subject"] = "Requester"
    _, records, _, _ = parse_all(path, mapping=mapping)
    assert records[0]["subject"] == "Mary Smith"
    with pytest.raises(BadInputError, match="does not have"):
        parse_all(path, mapping={"external_id": "Nope"})


def test_few_familiar_headers_mean_less_confidence(tmp_path):
    path = tmp_path / "tiny.csv"
    path.write_text("Id,Assignee,Status\n1,Ana,Open\n")
    preview = parse_all(path)[0]
    assert preview.profile.name == "zendesk"  # "Id" is Zendesk's own header ...
    assert preview.detection.confidence < 0.85  # ... but three headers prove little
    assert preview.detection.scores[0] == ("zendesk", 1.0)
