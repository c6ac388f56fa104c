"""``coachbench import`` and ``coachbench tickets show`` on the two real samples and on
small files: the JSON keys, exit codes, re-import, --strict, --dry-run, --create-agents."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from tests.conftest import SAMPLES

IMPORT_KEYS = ["platform", "confidence", "rows_read", "inserted", "updated", "unchanged",
               "skipped", "errors", "unmatched_agents"]
SHOW_KEYS = ["platform", "external_id", "agent", "assignee", "group", "channel", "status",
             "priority", "type", "created_at", "first_reply_at", "solved_at", "updated_at",
             "first_reply_minutes", "first_reply_minutes_business", "full_resolution_minutes",
             "full_resolution_minutes_business", "handle_seconds", "agent_replies", "reopens",
             "csat", "csat_raw", "nps", "sla", "escalated", "tags", "subject"]
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared/samples not present")


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def import_json(capsys, db_path, *argv) -> tuple[int, dict]:
    code, out, _ = run(capsys, "--db", str(db_path), "import", *argv, "--json")
    return code, json.loads(out)


@needs_samples
def test_freshdesk_sample_imports_then_reimports_unchanged(capsys, db_path):
    path = str(SAMPLES / "freshdesk_native.xls")
    code, result = import_json(capsys, db_path, path)
    assert code == 0 and list(result) == IMPORT_KEYS
    assert result["platform"] == "freshdesk" and result["confidence"] > 0.5
    assert result["rows_read"] == result["inserted"] == 21
    assert (result["updated"], result["unchanged"], result["skipped"]) == (0, 0, 0)
    assert result["errors"] == []
    assert result["unmatched_agents"] == ["Hiba Johnson", "MUHAMMAD ZAIN", "Omair Anwer"]
    code, again = import_json(capsys, db_path, path)
    assert code == 0 and (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 21)

    code, out, _ = run(capsys, "--db", str(db_path), "tickets", "show", "freshdesk:19497",
                       "--json")
    ticket = json.loads(out)
    assert code == 0 and list(ticket) == SHOW_KEYS
    assert ticket["agent"] is None and ticket["assignee"] == "Hiba Johnson"
    assert ticket["status"] == "Waiting on Customer" and ticket["type"] == "Question"
    assert ticket["created_at"] == "2025-01-14T13:26:01"
    assert ticket["first_reply_at"] == "2025-01-14T15:31:12"
    assert ticket["first_reply_minutes"] == pytest.approx(125.18333, abs=1e-4)
    assert ticket["solved_at"] is None and ticket["full_resolution_minutes"] is None
    assert ticket["tags"] == ["Carclo India"] and ticket["csat"] is None


@needs_samples
def test_servicenow_sample_and_create_agents(capsys, db_path):
    path = str(SAMPLES / "servicenow_pdi.csv")
    code, result = import_json(capsys, db_path, path, "--dry-run")
    assert code == 0 and result["platform"] == "servicenow" and result["inserted"] == 66
    code, out, _ = run(capsys, "--db", str(db_path), "tickets", "show",
                       "servicenow:INC0000601", "--json")
    assert code == 2  # the dry run saved nothing
    code, result = import_json(capsys, db_path, path, "--create-agents")
    assert code == 0 and result["inserted"] == 66 and result["unmatched_agents"] == []
    code, out, _ = run(capsys, "--db", str(db_path), "tickets", "show",
                       "servicenow:INC0000601", "--json")
    ticket = json.loads(out)
    assert list(ticket) == SHOW_KEYS
    assert ticket["priority"] == "5 - Planning" and ticket["status"] == "Closed"
    assert ticket["subject"] == "The USB port on my PC stopped working"
    assert ticket["created_at"] == "2021-02-24T01:42:59"
    code, out, _ = run(capsys, "--db", str(db_path), "roster", "list", "--json")
    names = {agent["name"] for agent in json.loads(out)}
    assert {"Beth Anglin", "ITIL User"} <= names
    assigned = next(a for a in json.loads(out) if a["name"] == "Beth Anglin")
    assert assigned["aliases"] == [{"platform": "servicenow", "alias": "Beth Anglin"}]


def test_strict_exit_code_and_reason(capsys, db_path, tmp_path):
    path = tmp_path / "z.csv"
    path.write_text("Id,Assignee,Status,Created at\n1,Ana,Open,2026-10-01 09:00\n"
                    "2,Ana,Open,someday\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", str(db_path), "import", str(path), "--strict")
    assert code == 2 and "row 3" in err and "Created at" in err and out == ""
    code, result = import_json(capsys, db_path, str(path))
    assert code == 0 and (result["inserted"], result["skipped"]) == (1, 1)
    assert result["errors"] == [{"row": 3, "column": "Created at",
                                 "reason": result["errors"][0]["reason"]}]


def test_nothing_importable_exits_2_with_one_line(capsys, db_path, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, out, err = run(capsys, "--db", str(db_path), "import", str(empty))
    assert code == 2 and err.count("\n") == 1 and err.startswith("coachbench: error:")
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(bytes(range(256)) * 40)
    code, out, err = run(capsys, "--db", str(db_path), "import", str(garbage), "--json")
    assert code == 2 and err.count("\n") == 1 and out == ""
    code, _, err = run(capsys, "--db", str(db_path), "import", str(tmp_path / "nope.csv"))
    assert code == 2 and "does not exist" in err
    code, _, err = run(capsys, "--db", str(db_path), "import", str(empty), "--platform", "x")
    assert code == 2


def test_tickets_show_refuses_bad_references(capsys, db_path, database):
    code, _, err = run(capsys, "--db", str(db_path), "tickets", "show", "12345", "--json")
    assert code == 2 and "PLATFORM:ID" in err
    code, _, err = run(capsys, "--db", str(db_path), "tickets", "show", "zendesk:1", "--json")
    assert code == 2 and "No ticket zendesk:1" in err


def test_tickets_show_takes_the_platform_name_the_import_printed(capsys, db_path, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("Ticket ID,Agent,Status,Created at\n7,Ana,Open,2026-10-01 09:00\n",
                    encoding="utf-8")
    code, result = import_json(capsys, db_path, str(path), "--platform", "generic")
    assert code == 0 and result["inserted"] == 1  # the summary line says "generic"
    code, out, err = run(capsys, "--db", str(db_path), "tickets", "show", "generic:7", "--json")
    assert code == 0, err
    assert json.loads(out)["created_at"] == "2026-10-01T09:00:00"


def test_a_missing_creation_date_is_a_warning_on_stderr(capsys, db_path, tmp_path):
    path = tmp_path / "generic.csv"
    path.write_text("Ticket,Agent,State\nA1,Ana,Open\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", str(db_path), "import", str(path), "--platform",
                         "generic", "--json")
    assert code == 0 and json.loads(out)["inserted"] == 1
    assert err.startswith("coachbench: warning: No column of generic.csv is read as the")
