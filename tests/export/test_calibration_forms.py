"""Grader forms: export → fill with openpyxl → import, every refusal, and the report."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from app.errors import BadInputError
from app.services import calibration as cal, calibration_results as res, scorecards
from app.services.calibration_forms import export_forms, import_forms
from app.services.calibration_report import export_report
from tests.services.test_calibration import SCORES, new_session


def fill(path, scores: dict, *, comment: str = "") -> None:
    """Fill a form the way a grader does in Excel: a value in every Score cell."""
    book = openpyxl.load_workbook(path)
    sheet = book["Scores"]
    for row in range(2, sheet.max_row + 1):
        criterion = sheet.cell(row=row, column=3).value
        value = scores[criterion]
        sheet.cell(row=row, column=5).value = "N/A" if value == "na" else value
        sheet.cell(row=row, column=6).value = comment
    book.save(path)


@pytest.fixture
def forms(session_factory, tmp_path):
    detail = new_session(session_factory, refs=("ZD-101", "ZD-102"))
    paths = {p.name.split("-")[-1].removesuffix(".xlsx"): p
             for p in export_forms(session_factory, detail.id, tmp_path / "out")}
    return detail, paths


def test_form_layout(forms):
    detail, paths = forms
    book = openpyxl.load_workbook(paths["ann"])
    assert book.sheetnames[:2] == ["Session", "Scores"]
    session = {r[0]: r[1] for r in book["Session"].iter_rows(min_row=2, values_only=True)}
    assert session["Session id"] == detail.id and session["Grader"] == "Ann"
    assert session["Scorecard version"] == 1
    scores = book["Scores"]
    assert [c.value for c in scores[1]] == ["Conversation", "Section", "Criterion",
                                           "Guidance", "Score", "Comment"]
    assert scores.max_row == 1 + 2 * 4  # two conversations × four criteria
    assert scores.protection.sheet and book["Session"].protection.sheet
    assert scores["E2"].protection.locked is False and scores["F2"].protection.locked is False
    assert scores["C2"].protection.locked is True
    lists = {v.formula1 for v in scores.data_validations.dataValidation}
    assert '"0,1,N/A"' in lists and '"1,2,3,4"' in lists and '"1,2,3,4,5"' in lists
    greeting = next(v for v in scores.data_validations.dataValidation
                    if v.formula1 == '"0,1,N/A"')
    assert "E2" in str(greeting.sqref)


def test_round_trip_imports_every_grader(session_factory, forms):
    detail, paths = forms
    for name, path in paths.items():
        fill(path, SCORES[name.capitalize()], comment="-1: tone was flat")
    result = import_forms(session_factory, detail.id, list(paths.values()))
    assert sorted(result.graders) == ["Ann", "Bo", "Cy"] and result.waiting_for == []
    cal.reveal(session_factory, detail.id)
    results = res.session_results(session_factory, detail.id)
    assert {g.name: round(g.alignment, 1) for g in results.graders} == \
        {"Ann": 80.0, "Bo": 90.0, "Cy": 66.7}
    unit = results.units[0]
    assert unit.comments["Ann"] == "-1: tone was flat"
    res.save_discussion(session_factory, detail.id, unit.conversation_id, unit.criterion.id,
                        note="=1+1 is how Bo reads it")
    report = export_report(session_factory, detail.id, paths["ann"].parent / "report.xlsx")
    book = openpyxl.load_workbook(report)
    assert book.sheetnames == ["Summary", "Scores", "Alignment", "Totals", "Guidance"]
    assert book["Scores"]["A1"].value == "Conversation"
    note = book["Scores"].cell(row=2, column=book["Scores"].max_column)
    assert (note.value, note.data_type) == ("=1+1 is how Bo reads it", "s")  # text, no formula
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(min_row=3, values_only=True)}
    assert summary["Percent agreement"] == pytest.approx(20.0)


def _refused(session_factory, detail, files, *expected):
    with pytest.raises(BadInputError) as caught:
        import_forms(session_factory, detail.id, files)
    message = str(caught.value)
    for part in expected:
        assert part in message, message
    assert all(not g.submitted for g in cal.get_session(session_factory, detail.id).graders)
    return message


def test_form_from_another_session_is_refused(session_factory, forms, tmp_path):
    detail, paths = forms
    other = cal.create_session(session_factory, cal.SessionInput(
        "Other", detail.session_date, detail.scorecard.version_id,
        [cal.ConversationInput("ZD-101"), cal.ConversationInput("ZD-102")], ["Ann", "Bo"]))
    fill(paths["ann"], SCORES["Ann"])
    with pytest.raises(BadInputError, match=rf"{paths['ann'].name} is the form of session "
                                            rf"#{detail.id}, not of 'Other'"):
        import_forms(session_factory, other.id, [paths["ann"]])


def test_changed_scorecard_is_refused(session_factory, forms):
    detail, paths = forms
    fill(paths["ann"], SCORES["Ann"])
    book = openpyxl.load_workbook(paths["ann"])
    book["Session"]["B7"] = 2  # "Scorecard version"
    book.save(paths["ann"])
    _refused(session_factory, detail, [paths["ann"]], paths["ann"].name,
             "another version of the scorecard")
    book["Session"]["B7"] = 1
    book["Scores"]["C3"] = "Accuracy (new)"
    book.save(paths["ann"])
    _refused(session_factory, detail, [paths["ann"]], f"{paths['ann'].name}, row 3",
             "'Accuracy (new)' is not on the scorecard")


def test_out_of_range_and_blank_values_are_refused(session_factory, forms):
    detail, paths = forms
    fill(paths["bo"], SCORES["Bo"])
    book = openpyxl.load_workbook(paths["bo"])
    book["Scores"]["E3"] = 7  # Accuracy, 1-4
    book["Scores"]["E4"] = "N/A"  # Compliance: N/A not allowed
    book["Scores"]["E5"] = None
    book.save(paths["bo"])
    message = _refused(session_factory, detail, [paths["bo"]],
                       f"{paths['bo'].name}, row 3 (ZD-101, 'Accuracy'): '7' is out of range; "
                       "choose 1–4", "row 4", "N/A is not allowed", "row 5", "no score")
    assert message.startswith("Nothing was imported.")


def test_missing_row_is_refused(session_factory, forms):
    detail, paths = forms
    fill(paths["cy"], SCORES["Cy"])
    book = openpyxl.load_workbook(paths["cy"])
    book["Scores"].delete_rows(6)  # ZD-102 Greeting
    book.save(paths["cy"])
    _refused(session_factory, detail, [paths["cy"]], paths["cy"].name,
             "the row for conversation 'ZD-102', 'Greeting' is missing")


def test_duplicate_grader_is_refused(session_factory, forms, tmp_path):
    detail, paths = forms
    fill(paths["ann"], SCORES["Ann"])
    copy = tmp_path / "ann-again.xlsx"
    shutil.copy(paths["ann"], copy)
    _refused(session_factory, detail, [paths["ann"], copy], "ann-again.xlsx",
             "duplicate grader")
    import_forms(session_factory, detail.id, [paths["ann"]])
    with pytest.raises(BadInputError, match="already submitted"):
        import_forms(session_factory, detail.id, [copy])


def test_unknown_grader_and_not_a_form(session_factory, forms, tmp_path):
    detail, paths = forms
    fill(paths["ann"], SCORES["Ann"])
    book = openpyxl.load_workbook(paths["ann"])
    book["Session"]["B5"] = "Zed"
    book.save(paths["ann"])
    _refused(session_factory, detail, [paths["ann"]], "grader 'Zed'", "is not part of")
    plain = tmp_path / "plain.xlsx"
    other = openpyxl.Workbook()
    other.active.title = "Session"
    other.active.append(["Field", "Value"])
    other.active.append(["Something", "else"])
    other.save(plain)
    _refused(session_factory, detail, [plain], "plain.xlsx is not a Coachbench calibration form")


def test_version_edit_after_export_still_imports(session_factory, forms):
    """Editing the scorecard makes a new version; the session and its forms keep theirs."""
    detail, paths = forms
    data = scorecards.get_scorecard(session_factory, detail.scorecard.id).as_input()
    data.pass_threshold = 70
    assert scorecards.update_scorecard(session_factory, detail.scorecard.id, data).new_version
    fill(paths["ann"], SCORES["Ann"])
    assert import_forms(session_factory, detail.id, [paths["ann"]]).graders == ["Ann"]


def test_outside_text_is_written_as_text_never_a_formula(tmp_path):
    from datetime import date

    from app.export.calibration_forms import (
        FormConversation,
        FormCriterion,
        GraderForm,
        write_form,
    )

    form = GraderForm(1, "=cmd|' /C calc'!A0", date(2026, 11, 2), "@Grader", "Card", 1,
                      (FormCriterion("", "+Tone", "-be kind", (1, 2, 3), False),),
                      (FormConversation("=1+1", "=HYPERLINK(\"http://x\")"),))
    path = write_form(tmp_path / "form.xlsx", form)
    book = openpyxl.load_workbook(path)
    cells = [book["Session"]["B3"], book["Session"]["B5"], book["Scores"]["A2"],
             book["Scores"]["C2"], book["Scores"]["D2"], book["Conversations"]["B2"]]
    assert [c.value for c in cells] == ["=cmd|' /C calc'!A0", "@Grader", "=1+1", "+Tone",
                                        "-be kind", '=HYPERLINK("http://x")']
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
