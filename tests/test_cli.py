"""The command line, run in-process (fast) and once as a real process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from app.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_then_roster_list_json(capsys, db_path):
    code, out, _ = run(capsys, "--db", str(db_path), "demo", "--seed", "3")
    assert code == 0 and "agents in 2 teams" in out
    code, out, _ = run(capsys, "--db", str(db_path), "roster", "list", "--json")
    agents = json.loads(out)
    assert code == 0 and 12 <= len(agents) <= 15
    assert set(agents[0]) == {"name", "email", "role", "team", "lead", "hire_date",
                              "probation_end", "status", "aliases"}
    assert {a["team"] for a in agents} == {"Tier 1 Support", "Billing & Accounts"}
    assert sum(a["status"] == "departed" for a in agents) == 1
    assert sum(a["probation_end"] is not None for a in agents) >= 1
    assert all(a["lead"] for a in agents if "Lead" not in (a["role"] or ""))
    assert all(isinstance(a["aliases"], list) and a["aliases"] for a in agents)


def test_demo_is_reproducible(capsys, tmp_path):
    outputs = []
    for name in ("a.sqlite", "b.sqlite"):
        run(capsys, "--db", str(tmp_path / name), "demo", "--seed", "11")
        outputs.append(run(capsys, "--db", str(tmp_path / name), "roster", "list", "--json")[1])
    assert outputs[0] == outputs[1]


def test_demo_refuses_a_database_with_agents(capsys, db_path):
    run(capsys, "--db", str(db_path), "demo")
    code, _, err = run(capsys, "--db", str(db_path), "demo")
    assert code == 2 and "already has" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_roster_list_text_and_empty(capsys, db_path, tmp_path):
    code, _, err = run(capsys, "--db", str(tmp_path / "typo.sqlite"), "roster", "list")
    assert code == 2 and "no database at" in err  # a mistyped --db creates nothing
    assert not (tmp_path / "typo.sqlite").exists()
    run(capsys, "--db", str(db_path), "db", "upgrade")
    code, out, _ = run(capsys, "--db", str(db_path), "roster", "list")
    assert code == 0 and "roster is empty" in out
    run(capsys, "--db", str(db_path), "demo")
    code, out, _ = run(capsys, "--db", str(db_path), "roster", "list")
    assert out.splitlines()[0].split()[:2] == ["Name", "Role"]


def test_db_status_upgrade_backup_restore(capsys, db_path, tmp_path):
    code, _, err = run(capsys, "--db", str(db_path), "db", "status")
    assert code == 2 and "no database at" in err
    code, out, _ = run(capsys, "--db", str(db_path), "db", "upgrade")
    assert code == 0 and "Upgraded" in out
    code, out, _ = run(capsys, "--db", str(db_path), "db", "status")
    assert "up to date" in out
    run(capsys, "--db", str(db_path), "demo")
    backup = tmp_path / "copy.sqlite"
    code, out, _ = run(capsys, "--db", str(db_path), "backup", "--out", str(backup))
    assert code == 0 and backup.exists()
    other = tmp_path / "other.sqlite"
    code, out, _ = run(capsys, "--db", str(other), "restore", str(backup))
    assert code == 0 and "copied to" in out
    code, out, _ = run(capsys, "--db", str(other), "roster", "list", "--json")
    assert len(json.loads(out)) >= 12


def test_bad_input_exits_2_with_one_line(capsys, db_path, tmp_path):
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"\x00\x01 not sqlite" * 50)
    code, _, err = run(capsys, "--db", str(db_path), "restore", str(garbage))
    assert code == 2 and "not a readable SQLite database" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "--db", str(db_path), "restore", str(tmp_path / "missing.sqlite"))
    assert code == 2 and "does not exist" in err


def test_unreadable_database_is_a_clear_error(capsys, tmp_path):
    not_db = tmp_path / "notes.sqlite"
    not_db.write_text("just some text, not a database\n" * 100)
    code, _, err = run(capsys, "--db", str(not_db), "roster", "list")
    assert code == 2 and "Cannot open the database" in err and "Traceback" not in err
    code, _, err = run(capsys, "--db", str(tmp_path), "db", "status")
    assert code == 2 and "is a folder" in err


def test_unwritable_outputs_are_one_line_errors(capsys, db_path, tmp_path):
    run(capsys, "--db", str(db_path), "demo")
    code, _, err = run(capsys, "--db", str(db_path), "backup", "--out", "/proc/cb.sqlite")
    assert code == 1 and "Cannot write the backup" in err and len(err.splitlines()) == 1
    code, _, err = run(capsys, "--db", str(db_path), "backup", "--out", str(db_path))
    assert code == 2 and "open database itself" in err
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    code, _, err = run(capsys, "--db", str(db_path), "screenshot", "--out", str(a_file))
    assert code == 2 and "is a file" in err


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["roster"])
    assert caught.value.code == 2


def test_env_var_names_the_database(capsys, monkeypatch, tmp_path):
    path = tmp_path / "from-env.sqlite"
    monkeypatch.setenv("COACHBENCH_DB", str(path))
    code, _, _ = run(capsys, "demo")
    assert code == 0 and path.exists()


def test_real_process_and_screenshot(tmp_path):
    """The installed entry point as a user runs it: demo, then screenshots offscreen."""
    db_path = tmp_path / "shots.sqlite"
    command = [sys.executable, "-m", "app", "--db", str(db_path)]
    subprocess.run(command + ["demo"], check=True, capture_output=True, timeout=120)
    result = subprocess.run(command + ["screenshot", "--out", str(tmp_path / "png")],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in (tmp_path / "png").glob("*.png"))
    assert files == ["01-team.png", "02-dashboard.png", "03-quality.png", "04-calibration.png",
                     "05-one_on_ones.png", "06-plans.png", "07-imports.png", "08-reports.png"]
    assert all((tmp_path / "png" / f).stat().st_size > 5000 for f in files)


ROSTER_CSV = (
    "Name;Email;Role;Team;Lead;Hire date;Status;Aliases\r\n"
    "Sam Rivera;sam@example.com;Team lead;Tier 1;;2021-04-01;Active;zendesk: Sam R\r\n"
    "Bo Chen;bo@example.com;Agent;Tier 1;Sam Rivera;2024-02-15;;\r\n"
    "Eli Park;eli@bad;Agent;Tier 1;Sam Rivera;2024-02-15;;\r\n"
)


def test_roster_import_dry_run_then_real_then_again(capsys, db_path, tmp_path):
    source = tmp_path / "roster.csv"
    source.write_text(ROSTER_CSV, encoding="utf-8-sig")
    code, out, _ = run(capsys, "--db", str(db_path), "roster", "import", str(source),
                       "--dry-run", "--json")
    report = json.loads(out)
    assert code == 0 and report["dry_run"] and report["created"] == 2
    assert report["errors"] == [{"row": 4, "column": "Email",
                                 "reason": report["errors"][0]["reason"]}]
    assert "eli@bad" in report["errors"][0]["reason"]
    code, out, _ = run(capsys, "--db", str(db_path), "roster", "list", "--json")
    assert json.loads(out) == []  # the dry run wrote nothing

    code, out, _ = run(capsys, "--db", str(db_path), "roster", "import", str(source), "--json")
    report = json.loads(out)
    assert code == 0 and report["created"] == 2 and report["skipped"] == 1
    agents = {a["name"]: a for a in json.loads(run(capsys, "--db", str(db_path), "roster",
                                                    "list", "--json")[1])}
    assert agents["Bo Chen"]["lead"] == "Sam Rivera"
    assert agents["Sam Rivera"]["aliases"] == [{"platform": "zendesk", "alias": "Sam R"}]

    code, out, _ = run(capsys, "--db", str(db_path), "roster", "import", str(source))
    assert code == 0 and out.startswith("Created 0, updated 0, unchanged 2, skipped 1 row.")
    assert "row 4 (Email)" in out


def test_roster_import_of_garbage_exits_2(capsys, db_path, tmp_path):
    garbage = tmp_path / "roster.xlsx"
    garbage.write_bytes(b"PK\x03\x04 truncated zip" + bytes(range(256)))
    code, _, err = run(capsys, "--db", str(db_path), "roster", "import", str(garbage))
    assert code == 2 and "roster.xlsx" in err and "Traceback" not in err
    code, _, err = run(capsys, "--db", str(db_path), "roster", "import", str(tmp_path / "no.csv"))
    assert code == 2 and "does not exist" in err


def test_output_into_a_closed_pipe_is_not_an_error(capsys, database, monkeypatch):
    """`coachbench roster list | head -1`: the reader stopped early, nothing went wrong."""

    class ClosedPipe:
        def write(self, _text):
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self):
            pass

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    code = main(["--db", str(database.path), "roster", "list"])
    assert code == 0
    assert capsys.readouterr().err == ""
