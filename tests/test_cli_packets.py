"""``coachbench export-packet``: the Summary equals ``metrics`` and ``qa iqs``; batch (of
every agent or of named ones); errors."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from app.cli import main

TODAY = date(2026, 11, 2)
AGENT = "Bruno García"
PERIOD = ("--from", "2026-07-01", "--to", "2026-09-30")


@pytest.fixture
def db(tmp_path, demo_template):
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_template, path)
    return str(path)


def run_json(capsys, *args) -> dict:
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def summary_rows(path) -> dict[str, list]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Summary").to_python()
    found: dict[str, list] = {}
    for row in rows:
        if row and row[0] and row[0] not in found:
            found[row[0]] = row
    return found


def test_summary_equals_metrics_and_qa_iqs(db, tmp_path, capsys):
    out = tmp_path / "packet.xlsx"
    assert main(["--db", db, "export-packet", "--agent", AGENT, *PERIOD, "--out", str(out),
                 "--summary=-Promote"]) == 0
    capsys.readouterr()
    metrics = run_json(capsys, "--db", db, "metrics", "--agent", AGENT, *PERIOD,
                       "--json")["metrics"]
    qa = run_json(capsys, "--db", db, "qa", "iqs", "--agent", AGENT, *PERIOD, "--json")
    rows = summary_rows(out)
    for title, key in (("CSAT", "csat"), ("SLA compliance", "sla"),
                       ("One-touch resolution (FCR)", "fcr")):
        assert rows[title][1] * 100 == pytest.approx(metrics[key]["value"])
        assert rows[title][2] == metrics[key]["n"]
        assert rows[title][4] * 100 == pytest.approx(metrics[key]["high"])
    assert rows["NPS"][1] == pytest.approx(metrics["nps"]["value"])
    assert rows["First reply time (median)"][1].total_seconds() == pytest.approx(
        metrics["first_reply_minutes"]["median"] * 60, abs=1)
    assert rows["Tickets solved"][1] == metrics["tickets_solved"]
    assert rows["IQS"][1] * 100 == pytest.approx(qa["iqs"], abs=0.05)
    assert rows["IQS"][2] == qa["reviews"]
    assert rows["Pass rate"][1] * 100 == pytest.approx(qa["pass_rate"], abs=0.05)
    assert rows["Summary"][1] == "-Promote"


def test_team_batch_and_errors(db, tmp_path, capsys):
    folder = tmp_path / "team"
    folder.mkdir()
    result = run_json(capsys, "--db", db, "export-packet", "--all", *PERIOD,
                      "--out-dir", str(folder), "--json")
    assert len(result["files"]) >= 10
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [p.split("/")[-1] for p in result["files"]] + [result["overview"].split("/")[-1]])
    assert main(["--db", db, "export-packet", "--agent", "Nobody", *PERIOD, "--out",
                 str(tmp_path / "x.xlsx")]) == 2
    assert "No agent called" in capsys.readouterr().err
    assert main(["--db", db, "export-packet", "--agent", AGENT, *PERIOD]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["--db", db, "export-packet", "--all", *PERIOD, "--out-dir", str(folder),
                 "--include-private"]) == 2
    assert main(["--db", db, "export-packet", "--agent", AGENT, "--from", "2026-09-30",
                 "--to", "2026-07-01", "--out", str(tmp_path / "x.xlsx")]) == 2
    assert not (tmp_path / "x.xlsx").exists()


# ------------------------------------------------ a batch of some agents (--all --agent)


def test_all_with_two_agents_writes_their_two_packets(db, tmp_path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    assert main(["--db", db, "export-packet", "--all", "--agent", "Bruno García",
                 "--agent", "rosa silva", "--agent", "Bruno García", *PERIOD,
                 "--out-dir", str(folder), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [p.split("/")[-1] for p in result["files"]] == [
        "Review packet - Bruno García - 2026-07-01 to 2026-09-30.xlsx",
        "Review packet - Rosa Silva - 2026-07-01 to 2026-09-30.xlsx"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [p.split("/")[-1] for p in result["files"]] + [result["overview"].split("/")[-1]])
    overview = CalamineWorkbook.from_path(result["overview"])
    names = {row[0] for sheet in overview.sheet_names
             for row in overview.get_sheet_by_name(sheet).to_python() if row}
    assert {"Bruno García", "Rosa Silva"} <= names and "Chloé Costa" not in names


def test_unknown_or_inactive_names_are_usage_errors(db, tmp_path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    assert main(["--db", db, "export-packet", "--all", "--agent", "Bruno García",
                 "--agent", "Nobody Here", *PERIOD, "--out-dir", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "Nobody Here" in err and "No agent called" in err
    assert main(["--db", db, "export-packet", "--all", "--agent", "Amara Rossi", *PERIOD,
                 "--out-dir", str(folder)]) == 2
    assert "Amara Rossi is on leave" in capsys.readouterr().err
    assert list(folder.iterdir()) == []


def test_several_agents_without_all_or_nobody_at_all(db, tmp_path, capsys):
    out = str(tmp_path / "x.xlsx")
    assert main(["--db", db, "export-packet", "--agent", "Bruno García", "--agent",
                 "Rosa Silva", *PERIOD, "--out", out]) == 2
    assert "--all" in capsys.readouterr().err
    assert main(["--db", db, "export-packet", *PERIOD, "--out", out]) == 2
    assert "--agent NAME" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()
