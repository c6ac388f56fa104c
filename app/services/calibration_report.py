"""Write a revealed session's report to XLSX: scores, spreads, alignments, alpha, notes."""

from __future__ import annotations

from pathlib import Path

from app.analytics.agreement import alpha_band
from app.db import SessionFactory
from app.errors import BadInputError
from app.export.calibration_report import CalibrationReport, ReportSheet, write_report
from app.services.calibration_results import SessionResults, session_results


def _value(value: int | None, present: bool) -> object:
    if not present:
        return ""
    return "N/A" if value is None else value


def build_report(results: SessionResults) -> CalibrationReport:
    detail = results.detail
    r = results.reliability
    expert = detail.expert
    summary: list[tuple[str, object]] = [
        ("Date", detail.session_date.isoformat()),
        ("Scorecard", f"{detail.scorecard.name} (version {detail.scorecard.version})"),
        ("Facilitator", detail.facilitator or "—"),
        ("Benchmark", f"expert: {expert.name}" if expert else
         "consensus (the graders' median until the group records an agreed value)"),
        ("Graders", ", ".join(g.name for g in detail.graders)),
        ("Conversations", ", ".join(c.reference for c in detail.conversations)),
        ("Krippendorff's alpha", r.alpha if r.alpha is not None else "not computed"),
        ("Alpha level", f"{r.level} on {r.on} ({alpha_band(r.alpha)})"),
        ("Percent agreement", r.percent_agreement if r.percent_agreement is not None else "—"),
        ("Reading", r.reading),
        ("To discuss", f"{results.to_discuss} of {len(results.units)} criteria"),
    ]
    names = [g.name for g in results.graders]
    scores = ReportSheet(
        "Scores", ["Conversation", "Criterion", *names, "Benchmark", "Spread (points)",
                   "Discuss", "Why", "Agreed value", "Discussion note"],
        [[u.conversation, u.criterion.name,
          *[_value(u.values.get(n), n in u.values) for n in names],
          _value(u.benchmark, True), u.spread if u.spread is not None else "",
          "discuss" if u.discuss else "", u.why,
          "N/A" if u.agreed_na else (u.agreed_value if u.agreed_value is not None else ""),
          u.note] for u in results.units],
        [u.discuss for u in results.units])
    criteria = [c.name for c in detail.scorecard.criteria]
    alignment = ReportSheet(
        "Alignment", ["Grader", "Role", "Alignment %", *criteria],
        [[g.name, "expert (benchmark)" if g.is_expert else "grader",
          g.alignment if g.alignment is not None else "",
          *[g.per_criterion.get(c, "") for c in criteria]] for g in results.graders])
    refs = [c.reference for c in detail.conversations]
    totals = ReportSheet(
        "Totals", ["Score set", *refs],
        [[name, *[t if t is not None else "" for t in values]]
         for name, values in results.totals.items()]
        + [["Benchmark", *[t if t is not None else "" for t in results.benchmark_totals]]])
    guidance = ReportSheet("Guidance", ["Criterion", "Note", "Scorecard version"],
                           [[g.criterion, g.note, g.version or "not applied"]
                            for g in results.guidance])
    return CalibrationReport(f"Calibration: {detail.title}", summary,
                             [scores, alignment, totals, guidance])


def export_report(session_factory: SessionFactory, session_id: int, path: str | Path) -> Path:
    results = session_results(session_factory, session_id)
    try:
        return write_report(path, build_report(results))
    except OSError as exc:
        raise BadInputError(f"Cannot write {path} ({exc.strerror or exc}); close it in Excel "
                            "or choose another name.") from exc
