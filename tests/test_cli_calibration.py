"""``coachbench calibration`` create → export-forms → import-forms → report --json."""

from __future__ import annotations

import json

from app.cli import main
from tests.export.test_calibration_forms import fill
from tests.services.quality_helpers import make_card
from tests.services.test_calibration import SCORES


def test_calibration_commands(db_path, session_factory, tmp_path, capsys):
    make_card(session_factory)
    db = ["--db", str(db_path)]
    assert main([*db, "calibration", "create", "--title", "Nov", "--scorecard", "small",
                 "--graders", "Ann, Bo,Cy", "--conversations", "ZD-101", "--json"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert set(created) == {"id"}
    session_id = str(created["id"])

    out = tmp_path / "forms"
    assert main([*db, "calibration", "export-forms", session_id, "--out-dir", str(out)]) == 0
    files = sorted(out.glob("*.xlsx"))
    assert [f.name for f in files] == [f"calibration-{session_id}-{n}.xlsx"
                                       for n in ("ann", "bo", "cy")]
    capsys.readouterr()

    # reporting before everyone is in is refused, naming who is missing
    fill(files[0], SCORES["Ann"])
    assert main([*db, "calibration", "import-forms", session_id, str(files[0])]) == 0
    assert main([*db, "calibration", "report", session_id, "--json"]) == 2
    assert "still waiting for Bo, Cy" in capsys.readouterr().err

    fill(files[1], SCORES["Bo"])
    fill(files[2], SCORES["Bo"])  # Cy's form carrying Bo's scores is fine; a copy is not
    assert main([*db, "calibration", "import-forms", session_id, str(files[1]),
                 str(files[1])]) == 2
    err = capsys.readouterr().err
    assert "duplicate grader" in err and files[1].name in err
    fill(files[2], SCORES["Cy"])
    assert main([*db, "calibration", "import-forms", session_id, str(files[1]),
                 str(files[2])]) == 0
    capsys.readouterr()

    assert main([*db, "calibration", "report", session_id, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"alpha", "alpha_level", "percent_agreement", "graders", "criteria"}
    assert report["alpha_level"] == "interval"  # the small card mixes 2-, 4- and 5-point scales
    assert report["percent_agreement"] == 20.0
    assert report["graders"] == {"Ann": {"alignment": 80.0}, "Bo": {"alignment": 90.0},
                                 "Cy": {"alignment": 66.67}}
    assert report["criteria"][0] == {"conversation": "ZD-101", "criterion": "Accuracy",
                                     "spread": 66.67, "benchmark": 3, "discuss": True}
    assert report["criteria"][-1]["criterion"] == "Greeting"

    assert main([*db, "calibration", "report", session_id]) == 0
    text = capsys.readouterr().out
    assert "To discuss: 3 of 4 criteria" in text

    assert main([*db, "calibration", "create", "--title", "X", "--scorecard", "nope",
                 "--graders", "A,B", "--conversations", "R"]) == 2
    assert "No scorecard called 'nope'" in capsys.readouterr().err
