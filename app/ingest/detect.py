"""Which platform made a file, and which of its columns carries each canonical field.

Detection looks at the header row only (never the file name): every profile scores how
many of its signature headers the file has and how much of the file it can map; the best
score wins and its value is the confidence. A file the specific profiles do not
recognise falls to the generic profile, which scores at most 0.5 on purpose.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from app.ingest.platforms import PROFILES
from app.ingest.platforms.base import PlatformProfile, fold_header

GENERIC_CEILING = 0.5


@dataclass
class Detection:
    profile: PlatformProfile
    confidence: float                 # 0..1
    scores: list[tuple[str, float]]   # every profile name with its score, best first


def unique_headers(headers: list[str]) -> list[str]:
    """Headers as the mapping names them: blank ones become ``Column 7``, repeats get
    `` (2)``, `` (3)`` so every column can be told apart."""
    seen: dict[str, int] = {}
    result = []
    for index, header in enumerate(headers, start=1):
        text = header.strip() or f"Column {index}"
        count = seen.get(text.casefold(), 0) + 1
        seen[text.casefold()] = count
        result.append(text if count == 1 else f"{text} ({count})")
    return result


def header_key(headers: list[str]) -> str:
    """A stable key for a header row (for remembered mappings): folded, order kept."""
    joined = "\x1f".join(fold_header(h) for h in headers)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def _folded_index(headers: list[str]) -> dict[str, str]:
    """folded form -> the first header with that form."""
    index: dict[str, str] = {}
    for header in headers:
        index.setdefault(fold_header(header), header)
    return index


def propose_mapping(profile: PlatformProfile, headers: list[str]) -> dict[str, str | None]:
    """Canonical field -> header for every ticket field the profile declares (None when
    the file lacks it); ``csat_raw`` follows ``csat``; undeclared fields map to None."""
    from app.ingest.tickets import TICKET_FIELDS  # the field list lives with the records

    index = _folded_index(headers)
    mapping: dict[str, str | None] = {name: None for name in TICKET_FIELDS}
    used: set[str] = set()
    for name, aliases in profile.columns.items():
        for alias in aliases:
            header = index.get(fold_header(alias))
            if header is not None and header not in used:
                mapping[name] = header
                used.add(header)
                break
    mapping["csat_raw"] = mapping.get("csat")
    return mapping


def metric_columns(profile: PlatformProfile, headers: list[str]) -> dict[str, str]:
    """Aggregate metric -> header, for the metrics the file has."""
    index = _folded_index(headers)
    found: dict[str, str] = {}
    used: set[str] = set()
    for metric, aliases in profile.metrics.items():
        for alias in aliases:
            header = index.get(fold_header(alias))
            if header is not None and header not in used:
                found[metric] = header
                used.add(header)
                break
    return found


def period_column(profile: PlatformProfile, headers: list[str]) -> str | None:
    index = _folded_index(headers)
    for alias in profile.period_columns:
        header = index.get(fold_header(alias))
        if header is not None:
            return header
    return None


def revision_column(profile: PlatformProfile, headers: list[str]) -> str | None:
    index = _folded_index(headers)
    return next((index[fold_header(a)] for a in profile.revision_columns
                 if fold_header(a) in index), None)


def resolve_kind(profile: PlatformProfile, headers: list[str],
                 mapping: dict[str, str | None] | None = None) -> PlatformProfile:
    """The profile as this file uses it: a report with metric columns and no ticket id
    is an aggregate (one row per agent and period)."""
    if not profile.can_be_aggregates:
        return profile
    mapping = mapping if mapping is not None else propose_mapping(profile, headers)
    if mapping.get("external_id") is None and metric_columns(profile, headers):
        return dataclasses.replace(profile, kind="aggregates")
    return dataclasses.replace(profile, kind="tickets")


def score(profile: PlatformProfile, headers: list[str]) -> float:
    return _score(profile, headers)[0]


def _score(profile: PlatformProfile, headers: list[str]) -> tuple[float, int]:
    """(score, how many headers it recognised) for one profile."""
    folded = {fold_header(h) for h in headers if h.strip()}
    if not folded:
        return 0.0, 0
    known = set()
    for aliases in list(profile.columns.values()) + list(profile.metrics.values()):
        known.update(fold_header(a) for a in aliases)
    known.update(fold_header(a) for a in profile.period_columns + profile.revision_columns)
    recognised = len(folded & known)
    coverage = recognised / len(folded)
    if not profile.signature:
        return round(GENERIC_CEILING * coverage, 3), recognised
    signature = {fold_header(s) for s in profile.signature}
    hits = len(folded & signature)
    if hits == 0:
        return 0.0, 0
    signature_share = hits / min(len(signature), len(folded))
    return round(min(1.0, 0.7 * signature_share + 0.3 * coverage), 3), max(hits, recognised)


def detect(headers: list[str]) -> Detection:
    """The best-fitting profile for a header row, with every profile's score.

    The confidence is the winner's score, lowered when a runner-up scores almost as well
    and when the file has few columns to judge by (three familiar headers fit many tools).
    """
    parts = {name: _score(p, headers) for name, p in PROFILES.items()}
    scores = sorted(((name, part[0]) for name, part in parts.items()),
                    key=lambda item: -item[1])
    best_name, best = scores[0]
    if best <= 0:
        best_name = "generic"
    confidence = best * min(1.0, (parts[best_name][1] + 1) / 5)
    if len(scores) > 1 and best > 0 and scores[1][1] >= best - 0.05:
        confidence *= 0.8  # two platforms fit almost equally: say so
    profile = resolve_kind(PROFILES[best_name], headers)
    return Detection(profile=profile, confidence=round(confidence, 3), scores=scores)
