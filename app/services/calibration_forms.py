"""Offline grader forms: write one per grader, read the filled ones back.

An import lands whole or not at all: every file is checked first, and a single problem
(a form from another session, a changed scorecard, a value off the scale, a missing row,
a grader already in or twice in the batch) refuses the lot, naming the file and the row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.analytics.qa_scores import scale_values
from app.db import SessionFactory
from app.errors import BadInputError
from app.export.calibration_forms import (
    FormConversation,
    FormCriterion,
    GraderForm,
    fingerprint,
    form_file_name,
    write_form,
)
from app.ingest.calibration_forms import FilledForm, read_form
from app.ingest.normalize import match_key
from app.progress import Progress
from app.services.calibration import (
    ScoreInput,
    SessionDetail,
    _detail,
    ensure_open,
    get_session,
    require_session,
    write_scores,
)

MAX_PROBLEMS_SHOWN = 8


def _form_criteria(detail: SessionDetail) -> tuple[FormCriterion, ...]:
    return tuple(FormCriterion(c.section, c.name, c.guidance, tuple(scale_values(c.scale)),
                               c.allow_na) for c in detail.scorecard.criteria)


def grader_form(detail: SessionDetail, grader: str) -> GraderForm:
    return GraderForm(detail.id, detail.title, detail.session_date, grader,
                      detail.scorecard.name, detail.scorecard.version, _form_criteria(detail),
                      tuple(FormConversation(c.reference, c.transcript)
                            for c in detail.conversations))


def export_forms(session_factory: SessionFactory, session_id: int, out_dir: str | Path,
                 progress: Progress | None = None) -> list[Path]:
    """One form per grader who has not submitted yet, in ``out_dir`` (made if missing)."""
    detail = get_session(session_factory, session_id)
    if detail.revealed:
        raise BadInputError(f"'{detail.title}' has been revealed; forms can no longer be "
                            "filled in.")
    graders = [g.name for g in detail.graders if not g.submitted]
    if not graders:
        raise BadInputError("Every grader has submitted already; there is no form to send.")
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInputError(f"Cannot make the folder {folder} ({exc.strerror or exc}); "
                            "choose another.") from exc
    paths = []
    for number, grader in enumerate(graders):
        if progress is not None:
            progress.report(number, len(graders), f"Writing {grader}'s form")
        path = folder / form_file_name(detail.id, grader)
        try:
            paths.append(write_form(path, grader_form(detail, grader)))
        except OSError as exc:
            raise BadInputError(f"Cannot write {path} ({exc.strerror or exc}); close it in "
                                "Excel or choose another folder.") from exc
    return paths


@dataclass(frozen=True)
class FormsImported:
    graders: list[str]
    waiting_for: list[str]


def _check_form(form: FilledForm, detail: SessionDetail
                ) -> tuple[list[str], dict[tuple[int, int], ScoreInput]]:
    """Every problem of one filled form against the session, and its scores if none."""
    name = form.file
    if form.session_id != detail.id:
        return [f"{name} is the form of session #{form.session_id}, not of '{detail.title}' "
                f"(#{detail.id}); import it into its own session."], {}
    expected_print = fingerprint(_form_criteria(detail))
    if form.version != detail.scorecard.version or form.fingerprint != expected_print:
        return [f"{name} was made for another version of the scorecard '"
                f"{detail.scorecard.name}' (the form says version {form.version}, the session "
                f"scores with version {detail.scorecard.version}, or its criteria were "
                "changed); export a new form for this grader."], {}
    problems: list[str] = []
    conversations = {match_key(c.reference): c for c in detail.conversations}
    criteria = {match_key(c.name): c for c in detail.scorecard.criteria}
    scores: dict[tuple[int, int], ScoreInput] = {}
    seen: dict[tuple[int, int], int] = {}
    for row in form.rows:
        where = f"{name}, row {row.row}"
        conversation = conversations.get(match_key(row.conversation))
        criterion = criteria.get(match_key(row.criterion))
        if conversation is None:
            problems.append(f"{where}: conversation '{row.conversation}' is not in this "
                            "session; do not edit the Conversation column.")
            continue
        if criterion is None:
            problems.append(f"{where}: criterion '{row.criterion}' is not on the scorecard "
                            "(the form was changed); export a new form.")
            continue
        key = (conversation.id, criterion.id)
        if key in seen:
            problems.append(f"{where}: conversation '{conversation.reference}', "
                            f"'{criterion.name}' is already on row {seen[key]}; delete one.")
            continue
        seen[key] = row.row
        values = scale_values(criterion.scale)
        allowed = f"{values[0]}–{values[-1]}" + (" or N/A" if criterion.allow_na else "")
        label = f"{where} ({conversation.reference}, '{criterion.name}')"
        if row.na and not criterion.allow_na:
            problems.append(f"{label}: N/A is not allowed here; choose {allowed}.")
        elif not row.na and not row.raw:
            problems.append(f"{label}: no score; choose {allowed}.")
        elif not row.na and row.value not in values:
            problems.append(f"{label}: '{row.raw}' is out of range; choose {allowed}.")
        else:
            scores[key] = ScoreInput(None if row.na else row.value, row.na, row.comment)
    last = form.rows[-1].row if form.rows else 1
    for conversation in detail.conversations:
        for criterion in detail.scorecard.criteria:
            if (conversation.id, criterion.id) not in seen:
                problems.append(f"{name}: the row for conversation '{conversation.reference}',"
                                f" '{criterion.name}' is missing (the Scores sheet ends at "
                                f"row {last}); export a new form or put the row back.")
    return problems, scores


def import_forms(session_factory: SessionFactory, session_id: int,
                 paths: Sequence[str | Path], progress: Progress | None = None
                 ) -> FormsImported:
    if not paths:
        raise BadInputError("Choose at least one filled form to import.")
    forms: list[FilledForm] = []
    for number, path in enumerate(paths):
        if progress is not None:
            progress.report(number, len(paths), f"Reading {Path(path).name}")
        forms.append(read_form(path))
    with session_factory.begin() as session:
        row = require_session(session, session_id)
        ensure_open(row)
        detail = _detail(session, row)
        problems: list[str] = []
        checked: list[tuple[str, dict]] = []
        batch: dict[str, str] = {}
        for form in forms:
            grader = detail.grader(form.grader) if form.grader else None
            if grader is None:
                names = ", ".join(g.name for g in detail.graders)
                problems.append(f"{form.file}: grader '{form.grader}' (sheet Session, row 5) "
                                f"is not part of '{detail.title}' (graders: {names}).")
                continue
            if match_key(grader.name) in batch:
                problems.append(f"{form.file}: {grader.name} is a duplicate grader; "
                                f"{batch[match_key(grader.name)]} is their form too. Import "
                                "one of the two.")
                continue
            batch[match_key(grader.name)] = form.file
            if grader.submitted:
                problems.append(f"{form.file}: {grader.name} has already submitted scores "
                                "for this session (a duplicate grader); nothing was replaced.")
                continue
            found, scores = _check_form(form, detail)
            problems.extend(found)
            if not found:
                checked.append((grader.name, scores))
        if problems:
            shown = problems[:MAX_PROBLEMS_SHOWN]
            more = len(problems) - len(shown)
            raise BadInputError("Nothing was imported. " + " ".join(shown)
                                + (f" … and {more} more problems." if more else ""))
        graders = {g.name: g for g in row.graders}
        for name, scores in checked:
            write_scores(session, row, graders[name], scores, "form")
        session.flush()
        return FormsImported([name for name, _ in checked],
                             [g.name for g in row.graders if g.submitted_at is None])
