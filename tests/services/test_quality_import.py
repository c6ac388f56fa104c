"""Past reviews from spreadsheets, scorecard JSON sharing, and the qa commands."""

import json
from datetime import date

import openpyxl
import pytest

from app.cli import main
from app.errors import BadInputError
from app.services import reviews, scorecards
from app.services.review_import import import_reviews
from tests.services.quality_helpers import add_review, make_card

HEADER = "Date,Agent,Reviewer,Ticket,Comment,Greeting,Accuracy,Compliance,Tone\n"
GOOD = HEADER + (
    "2026-09-01,Ann Agent,Rita,ZD-1,Nice,1,4,1,5\n"
    "2026-09-02,ann agent,Rita,ZD-2,,,3,yes,4\n"      # empty greeting = N/A; yes = 1
    "02/09/2026,Bob Agent,Lee,ZD-3,,N/A,2,0,3\n")


@pytest.fixture
def team(session_factory, make_agent):
    make_card(session_factory)
    return make_agent("Ann Agent"), make_agent("Bob Agent")


def test_good_csv_imports_every_row_once(session_factory, team, tmp_path):
    path = tmp_path / "qa.csv"
    path.write_text(GOOD, encoding="utf-8")
    result = import_reviews(session_factory, path, "small")
    assert (result.rows_read, result.valid, result.imported, result.written) == (3, 3, 3, True)
    rows = reviews.list_reviews(session_factory)
    assert [r.review_date for r in rows] == [date(2026, 9, 2), date(2026, 9, 2),
                                             date(2026, 9, 1)]
    first = reviews.get_review(session_factory, rows[-1].id)
    assert first.score == pytest.approx(100.0) and first.comment == "Nice"
    bob = next(r for r in rows if r.agent == "Bob Agent")
    assert bob.score == 0.0 and bob.auto_failed
    again = import_reviews(session_factory, path, "Small")
    assert (again.imported, again.already_there) == (0, 3)


def test_bad_rows_block_the_import_unless_skipped(session_factory, team, tmp_path):
    path = tmp_path / "qa.csv"
    path.write_text(HEADER + (
        "2026-09-01,Ann Agent,Rita,ZD-1,,1,4,1,5\n"
        "2026-13-45,Ann Agent,Rita,ZD-2,,1,4,1,5\n"     # row 3: bad date
        "2026-09-03,Zed Nobody,Rita,ZD-3,,1,4,1,5\n"    # row 4: unknown agent
        "2026-09-04,Bob Agent,,ZD-4,,1,7,,5\n"          # row 5: reviewer, accuracy, compliance
        "2026-09-05,Bob Agent,Lee,ZD-5,,1,2.5,1,5\n"),  # row 6: not a whole value
        encoding="utf-8")
    result = import_reviews(session_factory, path, "Small")
    assert not result.written and result.imported == 0
    assert reviews.list_reviews(session_factory) == []
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "Date"), (4, "Agent"), (5, "Reviewer"), (5, "Accuracy"), (5, "Compliance"),
        (6, "Accuracy")]
    assert "outside the scale; write 1–4" in result.errors[3].reason
    assert "cannot be N/A" in result.errors[4].reason
    assert result.bad_rows == 4 and result.valid == 1
    skipped = import_reviews(session_factory, path, "Small", skip_bad_rows=True)
    assert (skipped.written, skipped.imported, skipped.skipped) == (True, 1, 4)
    assert len(reviews.list_reviews(session_factory)) == 1


def test_xlsx_and_missing_columns(session_factory, team, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date", "Agent", "Reviewer", "Ticket", "Greeting", "Accuracy", "Compliance",
                  "Tone", "Total"])
    sheet.append([date(2026, 9, 1), "Bob Agent", "Lee", 12345, None, 4, 1, 3, 88])
    path = tmp_path / "qa.xlsx"
    book.save(path)
    result = import_reviews(session_factory, path, "Small")
    assert result.imported == 1 and "Total" in result.warnings[0]
    row = reviews.list_reviews(session_factory)[0]
    assert row.conversation == "12345"
    sheet.delete_cols(8)  # Tone
    book.save(path)
    with pytest.raises(BadInputError, match="no column 'Tone'"):
        import_reviews(session_factory, path, "Small")


def test_scorecard_json_round_trip_and_validation(session_factory, tmp_path):
    card = make_card(session_factory)
    out = scorecards.export_scorecard(session_factory, "small", tmp_path / "small.json")
    data = json.loads(out.read_text())
    assert set(data) == {"name", "pass_threshold", "criteria"}
    assert data["criteria"][2] == {"section": "Resolution", "name": "Compliance",
                                   "guidance": "", "weight": 20.0, "scale": 2,
                                   "allow_na": False, "critical": True}
    data["name"] = "Shared"
    (tmp_path / "shared.json").write_text(json.dumps(data))
    imported = scorecards.import_scorecard(session_factory, tmp_path / "shared.json")
    assert imported.detail.name == "Shared" and len(imported.detail.criteria) == 4
    assert imported.detail.id != card.id
    data["criteria"][0]["scale"] = 7
    (tmp_path / "bad.json").write_text(json.dumps(data))
    with pytest.raises(BadInputError, match="scale must be 2"):
        scorecards.import_scorecard(session_factory, tmp_path / "bad.json")
    (tmp_path / "broken.json").write_text("{")
    with pytest.raises(BadInputError, match="not valid JSON"):
        scorecards.import_scorecard(session_factory, tmp_path / "broken.json")


def test_default_scorecard_ships_with_the_issue_criteria():
    card = scorecards.default_scorecard()
    names = [c.name for c in card.criteria]
    assert 6 <= len(names) <= 8
    assert "Policy and compliance" in names
    assert [c.name for c in card.criteria if c.critical] == ["Policy and compliance"]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_qa_commands(capsys, db_path, session_factory, team, tmp_path):
    ann, bob = team
    card = scorecards.list_scorecards(session_factory)[0]
    detail = scorecards.get_scorecard(session_factory, card.id)
    add_review(session_factory, detail, ann.id, date(2026, 10, 1), greeting=1, accuracy=4,
               compliance=1, tone=5)  # 100
    add_review(session_factory, detail, bob.id, date(2026, 10, 2), greeting=1, accuracy=4,
               compliance=0, tone=5)  # 0, auto-fail
    add_review(session_factory, detail, bob.id, date(2026, 10, 3), kind="calibration",
               greeting=0, accuracy=1, compliance=1, tone=1)
    code, out, _ = run(capsys, "--db", db_path, "qa", "iqs", "--from", "2026-10-01", "--to",
                       "2026-10-31", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["iqs"] == 50.0 and data["reviews"] == 2 and data["pass_rate"] == 50.0
    assert data["per_agent"] == {"Ann Agent": {"iqs": 100.0, "reviews": 1},
                                 "Bob Agent": {"iqs": 0.0, "reviews": 1}}
    assert data["per_criterion"]["Compliance"] == {"average": 50.0, "rated": 2}
    assert data["per_criterion"]["Tone"] == {"average": 100.0, "rated": 2}
    code, out, _ = run(capsys, "--db", db_path, "qa", "iqs", "--agent", "ann agent",
                       "--from", "2026-10-01", "--to", "2026-10-31", "--json")
    assert json.loads(out)["reviews"] == 1
    code, out, _ = run(capsys, "--db", db_path, "qa", "export-scorecard", "Small", "--out",
                       tmp_path / "s.json")
    assert code == 0 and json.loads((tmp_path / "s.json").read_text())["name"] == "Small"
    code, out, _ = run(capsys, "--db", db_path, "qa", "import-scorecard", tmp_path / "s.json")
    assert code == 0 and "already up to date" in out
    sheet = tmp_path / "qa.csv"
    sheet.write_text(HEADER + "2026-09-01,Ann Agent,Rita,ZD-9,,1,4,1,9\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", db_path, "qa", "import-reviews", "--scorecard",
                         "Small", sheet, "--json")
    assert code == 2 and json.loads(out)["errors"][0]["row"] == 2
    sheet.write_text(GOOD, encoding="utf-8")
    code, out, _ = run(capsys, "--db", db_path, "qa", "import-reviews", "--scorecard", "Small",
                       sheet, "--json")
    assert code == 0 and json.loads(out)["imported"] == 3
    code, _, err = run(capsys, "--db", db_path, "qa", "export-scorecard", "Nope", "--out",
                       tmp_path / "n.json")
    assert code == 2 and "No scorecard called 'Nope'" in err


def test_qa_iqs_default_period_is_the_quality_pages_last_90_days(capsys, db_path,
                                                                session_factory, team):
    """Day 91 before --to is outside 'Last 90 days' on the Quality page, so outside here."""
    ann, _ = team
    card = scorecards.get_scorecard(session_factory,
                                    scorecards.list_scorecards(session_factory)[0].id)
    add_review(session_factory, card, ann.id, date(2026, 8, 4), greeting=1, accuracy=4,
               compliance=1, tone=5)  # 90 days before 2026-11-02: the 91st day
    add_review(session_factory, card, ann.id, date(2026, 8, 5), greeting=1, accuracy=4,
               compliance=1, tone=5)  # the first of the 90 days
    code, out, _ = run(capsys, "--db", db_path, "qa", "iqs", "--to", "2026-11-02", "--json")
    assert code == 0 and json.loads(out)["reviews"] == 1
