"""``coachbench export-packet --all --agent NAME ...``: a batch of the named agents only."""

from __future__ import annotations

import json
import shutil

import pytest
from python_calamine import CalamineWorkbook

from app.cli import main

PERIOD = ("--from", "2026-07-01", "--to", "2026-09-30")


@pytest.fixture
def db(tmp_path, demo_template):
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_template, path)
    return str(path)


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
