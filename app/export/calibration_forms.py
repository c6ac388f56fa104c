"""Offline calibration forms: one XLSX per grader, filled in Excel or LibreOffice.

Sheet ``Session`` holds what identifies the form (session id, grader, scorecard version
and a fingerprint of its criteria, so a form made before the scorecard changed is
recognised); sheet ``Scores`` has one row per conversation and criterion with a drop-down
of the allowed values on ``Score``; ``Conversations`` carries the references and any
pasted transcript. Every sheet is protected except the ``Score`` and ``Comment`` cells.
Text that came from outside is written as text (``text_cell``), never as a formula.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

SESSION_SHEET = "Session"
SCORES_SHEET = "Scores"
CONVERSATIONS_SHEET = "Conversations"
SCORE_HEADERS = ("Conversation", "Section", "Criterion", "Guidance", "Score", "Comment")
NA_TEXT = "N/A"
# Labels of the Session sheet (column A); the reader finds the values by these.
SESSION_ID = "Session id"
SESSION_TITLE = "Session"
GRADER = "Grader"
SCORECARD = "Scorecard"
VERSION = "Scorecard version"
FINGERPRINT = "Criteria fingerprint"
FORMULA_STARTS = ("=", "+", "-", "@")
_HEADER_FILL = PatternFill("solid", fgColor="E5E7EB")
_INPUT_FILL = PatternFill("solid", fgColor="FFF8DB")


@dataclass(frozen=True)
class FormCriterion:
    section: str
    name: str
    guidance: str
    scale_values: tuple[int, ...]
    allow_na: bool


@dataclass(frozen=True)
class FormConversation:
    reference: str
    transcript: str = ""


@dataclass(frozen=True)
class GraderForm:
    session_id: int
    session_title: str
    session_date: date
    grader: str
    scorecard: str
    version: int
    criteria: tuple[FormCriterion, ...]
    conversations: tuple[FormConversation, ...]


def fingerprint(criteria: Sequence[FormCriterion]) -> str:
    """A short hash of what scoring depends on (names, order, scales, N/A); a form whose
    fingerprint differs was made for another version of the scorecard."""
    text = "\n".join(f"{c.name}|{','.join(map(str, c.scale_values))}|{int(c.allow_na)}"
                     for c in criteria)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def allowed_list(criterion: FormCriterion) -> list[str]:
    """The drop-down values: the scale, plus N/A where the criterion allows it."""
    return [str(v) for v in criterion.scale_values] + ([NA_TEXT] if criterion.allow_na else [])


def text_cell(sheet: Worksheet, row: int, column: int, value: object):
    """Write a value; text is stored as text (quote-prefixed, never a formula), so a name
    or note starting with = + - @ cannot run in the reader's spreadsheet."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def _header(sheet: Worksheet, headers: Sequence[str]) -> None:
    for column, title in enumerate(headers, start=1):
        cell = text_cell(sheet, 1, column, title)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL


def _protect(sheet: Worksheet) -> None:
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # graders may widen columns
    sheet.protection.formatRows = False


def _session_sheet(sheet: Worksheet, form: GraderForm) -> None:
    _header(sheet, ("Field", "Value"))
    rows = [(SESSION_ID, form.session_id), (SESSION_TITLE, form.session_title),
            ("Date", form.session_date.isoformat()), (GRADER, form.grader),
            (SCORECARD, form.scorecard), (VERSION, form.version),
            (FINGERPRINT, fingerprint(form.criteria)),
            ("How to fill in", "On the Scores sheet, pick a value in every Score cell "
             f"(or {NA_TEXT} where offered) and add comments if you like. Change nothing "
             "else, save, and send the file back to the facilitator.")]
    for number, (label, value) in enumerate(rows, start=2):
        text_cell(sheet, number, 1, label).font = Font(bold=True)
        text_cell(sheet, number, 2, value).alignment = Alignment(wrap_text=True,
                                                                 vertical="top")
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 70
    _protect(sheet)


def _scores_sheet(sheet: Worksheet, form: GraderForm) -> None:
    _header(sheet, SCORE_HEADERS)
    validations: dict[tuple[str, ...], DataValidation] = {}
    row = 2
    for conversation in form.conversations:
        for criterion in form.criteria:
            values = (conversation.reference, criterion.section, criterion.name,
                      criterion.guidance)
            for column, value in enumerate(values, start=1):
                text_cell(sheet, row, column, value).alignment = Alignment(
                    wrap_text=column == 4, vertical="top")
            for column in (5, 6):
                cell = sheet.cell(row=row, column=column)
                cell.protection = Protection(locked=False)
                cell.fill = _INPUT_FILL
                cell.alignment = Alignment(vertical="top", wrap_text=column == 6)
            allowed = tuple(allowed_list(criterion))
            validation = validations.get(allowed)
            if validation is None:
                validation = DataValidation(
                    type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True,
                    showDropDown=False, showErrorMessage=True, errorTitle="Not on the scale",
                    error="Choose one of: " + ", ".join(allowed))
                validation.promptTitle = "Score"
                validation.prompt = "Choose: " + ", ".join(allowed)
                validation.showInputMessage = True
                validations[allowed] = validation
                sheet.add_data_validation(validation)
            validation.add(f"E{row}")
            row += 1
    for letter, width in zip("ABCDEF", (18, 16, 28, 50, 9, 40)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    _protect(sheet)


def _conversations_sheet(sheet: Worksheet, form: GraderForm) -> None:
    _header(sheet, ("Conversation", "Transcript or notes"))
    for number, conversation in enumerate(form.conversations, start=2):
        text_cell(sheet, number, 1, conversation.reference).alignment = Alignment(
            vertical="top")
        text_cell(sheet, number, 2, conversation.transcript or "").alignment = Alignment(
            wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 100
    _protect(sheet)


def write_form(path: str | Path, form: GraderForm) -> Path:
    path = Path(path)
    book = Workbook()
    scores = book.active
    scores.title = SCORES_SHEET
    _scores_sheet(scores, form)
    _session_sheet(book.create_sheet(SESSION_SHEET, 0), form)
    _conversations_sheet(book.create_sheet(CONVERSATIONS_SHEET), form)
    book.active = 1  # open on Scores
    book.save(path)
    return path


def form_file_name(session_id: int, grader: str) -> str:
    """A file name that is safe on every system and says whose form it is."""
    slug = "".join(ch if ch.isalnum() else "-" for ch in grader).strip("-").lower()
    while "--" in slug:
        slug = slug.replace("--", "-")
    return f"calibration-{session_id}-{slug or 'grader'}.xlsx"
