"""``coachbench metrics``: the JSON keys the issue names, values, and errors."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from app.cli import main
from tests.services.test_metrics_service import add_tickets, ticket

RATES = ("csat", "nps", "fcr", "sla", "reopen_rate", "escalation_rate")
TIMES = ("first_reply_minutes", "first_reply_minutes_business", "full_resolution_minutes",
         "full_resolution_minutes_business")


@pytest.fixture
def filled(db_path, session_factory, make_agent):
    ana = make_agent("Ana Silva", team="Tier 1").id
    ben = make_agent("Ben Okafor", team="Billing").id
    add_tickets(session_factory, [
        ticket(ana, created=datetime(2026, 10, 5, 9), solved=datetime(2026, 10, 5, 11),
               csat="good", first_reply_minutes=10.0, full_resolution_minutes=120.0,
               agent_replies=1, sla="met", reopens=0, nps=10, handle_seconds=300.0),
        ticket(ana, created=datetime(2026, 10, 12, 9), solved=datetime(2026, 10, 13, 9),
               csat="bad", first_reply_minutes=30.0, full_resolution_minutes=1440.0,
               agent_replies=3, sla="breached", reopens=1, nps=3),
        ticket(ben, created=datetime(2026, 10, 12, 9), solved=None, first_reply_minutes=50.0),
    ])
    return db_path


def run_json(capsys, *args) -> dict:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_metrics_json_has_exactly_the_issues_keys(filled, capsys):
    result = run_json(capsys, "--db", str(filled), "metrics", "--from", "2026-10-01",
                      "--to", "2026-10-31", "--by", "week", "--json")
    assert set(result) == {"scope", "metrics", "series"}
    assert result["scope"] == {"agent": None, "team": None, "from": "2026-10-01",
                               "to": "2026-10-31"}
    metrics = result["metrics"]
    assert set(metrics) == set(RATES) | set(TIMES) | {"aht_seconds", "tickets_created",
                                                      "tickets_solved"}
    for key in RATES:
        assert set(metrics[key]) == {"value", "n", "low", "high"}
    for key in TIMES:
        assert set(metrics[key]) == {"median", "p90", "n"}
    assert metrics["csat"]["value"] == 50.0 and metrics["csat"]["n"] == 2
    assert metrics["csat"]["low"] == pytest.approx(9.4529, abs=1e-3)
    assert metrics["nps"]["value"] == 0.0  # one promoter, one detractor
    assert metrics["first_reply_minutes"] == {"median": 30.0, "p90": 46.0, "n": 3}
    assert metrics["first_reply_minutes_business"] == {"median": None, "p90": None, "n": 0}
    assert metrics["aht_seconds"] == {"mean": 300.0, "n": 1}
    assert (metrics["tickets_created"], metrics["tickets_solved"]) == (3, 2)
    # Weeks start on Monday: 29 Sep, 6, 13, 20, 27 Oct (the first clipped to 1 Oct).
    assert [p["period_start"] for p in result["series"]] == [
        "2026-10-01", "2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26"]
    week = result["series"][1]
    assert set(week) == {"period_start"} | set(metrics)
    assert week["csat"]["value"] == 100.0
    assert result["series"][3]["csat"] == {"value": None, "n": 0, "low": None, "high": None}


def test_metrics_for_one_agent_and_one_team(filled, capsys):
    result = run_json(capsys, "--db", str(filled), "metrics", "--agent", "Ben Okafor",
                      "--from", "2026-10-01", "--to", "2026-10-31", "--json")
    assert result["scope"]["agent"] == "Ben Okafor"
    assert result["metrics"]["tickets_created"] == 1
    assert result["metrics"]["csat"]["value"] is None
    assert result["series"] == []
    result = run_json(capsys, "--db", str(filled), "metrics", "--team", "tier 1",
                      "--from", "2026-10-01", "--to", "2026-10-31", "--json")
    assert result["scope"]["team"] == "Tier 1"
    assert result["metrics"]["tickets_created"] == 2


def test_metrics_text_and_errors(filled, capsys):
    assert main(["--db", str(filled), "metrics", "--from", "2026-10-01", "--to",
                 "2026-10-31", "--by", "month"]) == 0
    out = capsys.readouterr().out
    assert "CSAT" in out and "50.0%" in out and "no data" in out
    assert main(["--db", str(filled), "metrics", "--from", "2026-10-31", "--to",
                 "2026-10-01"]) == 2
    assert "before" in capsys.readouterr().err
    assert main(["--db", str(filled), "metrics", "--team", "Nope", "--from", "2026-10-01",
                 "--to", "2026-10-31"]) == 2
    assert "No team" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--db", str(filled), "metrics", "--from", "1 Oct", "--to", "2026-10-31"])
