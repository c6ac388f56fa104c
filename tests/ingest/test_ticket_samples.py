"""The two real exports in ../shared/samples, checked against values read by hand."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.conftest import SAMPLES
from tests.ingest.ticket_helpers import by_id, parse_all

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is absent")


def test_freshdesk_native_xls_is_xml_spreadsheet_2003():
    preview, records, problems, rows_read = parse_all(SAMPLES / "freshdesk_native.xls")
    assert preview.detection.profile.name == "freshdesk"
    assert preview.detection.confidence > 0.9
    assert (preview.sheet, preview.sheet_names, preview.header_row) == ("Sheet1", ["Sheet1"], 1)
    assert len(preview.headers) == 29 and preview.headers[-1] == "Company Name"
    assert rows_read == 21 and problems == []
    tickets = by_id(records)
    assert len(tickets) == 21
    first = tickets["19381"]  # ss:Type="Number" 19381 -> "19381", not "19381.0"
    assert first["assignee"] == "Hiba Johnson" and first["group_name"] == "Mobile App"
    assert first["status"] == "Waiting on ThingTrax" and first["channel"] == "Email"
    assert first["created_at"] == datetime(2025, 1, 8, 15, 0, 6)
    assert first["updated_at"] == datetime(2025, 1, 8, 17, 10, 9)
    assert first["agent_replies"] == 0 and first["tags"] == "DMS"
    # 00:00:00 durations of a ticket never answered nor resolved are "not reached".
    assert first["first_reply_minutes"] is None and first["full_resolution_minutes"] is None
    assert first["first_reply_at"] is None and first.get("solved_at") is None
    assert first["sla"] is None
    slow = tickets["19523"]  # First response time 64:00:00, past 24 hours
    assert slow["first_reply_minutes"] == 64 * 60
    assert slow["first_reply_at"] == datetime(2025, 1, 27, 21, 59, 57)
    assert slow["sla"] == "met"                       # First response status: Within SLA
    assert tickets["19750"]["sla"] == "breached"      # SLA Violated
    rated = tickets["20132"]
    assert (rated["csat"], rated["csat_raw"]) == ("bad", "Slightly dissatisfied")
    assert rated["first_reply_minutes"] == pytest.approx(13 + 55 / 60)  # 00:13:55
    assert rated["requester_hash"] is not None and "siraj" not in str(rated)


def test_servicenow_pdi_csv():
    preview, records, problems, rows_read = parse_all(SAMPLES / "servicenow_pdi.csv")
    assert preview.detection.profile.name == "servicenow"
    assert preview.detection.confidence >= 0.8
    assert (preview.delimiter, preview.encoding) == (",", "utf-8")
    assert preview.mapping["assignee"] == "assigned_to"
    assert preview.mapping["external_id"] == "number"
    assert rows_read == 66 and problems == []
    tickets = by_id(records)
    assert len(tickets) == 66
    first = tickets["INC0010112"]
    assert first["created_at"] == datetime(2019, 7, 29, 11, 48, 43)
    assert first["priority"] == "5 - Planning" and first["status"] == "New"
    assert first["assignee"] is None and first["group_name"] is None  # "" is unknown
    assert first["subject"] == "Assessment :  ATF Assessor"
    loo = tickets["INC0000060"]
    assert (loo["assignee"], loo["group_name"], loo["status"]) == ("David Loo", "Network",
                                                                   "Closed")
    assert sum(1 for r in records if r["assignee"]) == 48  # counted with csv.DictReader
