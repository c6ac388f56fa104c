"""What a scorecard is made of before it is saved: the input dataclasses (also the JSON
sharing format), the rules a valid scorecard follows, and what changed between two
versions. Pure, so the editor can check a draft as the QA lead types."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.analytics.qa_scores import SCALES
from app.ingest.normalize import clean_text, match_key


@dataclass(frozen=True)
class CriterionInput:
    name: str
    weight: float
    scale: int
    section: str = ""
    guidance: str = ""
    allow_na: bool = False
    critical: bool = False


@dataclass
class ScorecardInput:
    name: str
    pass_threshold: float = 85.0
    criteria: list[CriterionInput] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """The issue's sharing format (channels ride along; importers may ignore them)."""
        data: dict = {"name": self.name, "pass_threshold": self.pass_threshold,
                      "criteria": [{"section": c.section, "name": c.name,
                                    "guidance": c.guidance, "weight": c.weight,
                                    "scale": c.scale, "allow_na": c.allow_na,
                                    "critical": c.critical} for c in self.criteria]}
        if self.channels:
            data["channels"] = list(self.channels)
        return data


# ---------------------------------------------------------------------- validation


def validate(data: ScorecardInput) -> list[str]:
    """Every reason the scorecard cannot be saved, in words a QA lead can act on."""
    errors: list[str] = []
    if not data.name.strip():
        errors.append("The scorecard needs a name.")
    if len(data.name) > 200:
        errors.append("The scorecard name is longer than 200 characters.")
    if not 0 <= data.pass_threshold <= 100:
        errors.append(f"The pass threshold must be between 0 and 100, not {data.pass_threshold:g}.")
    if not data.criteria:
        errors.append("The scorecard needs at least one criterion.")
    seen: set[str] = set()
    for number, c in enumerate(data.criteria, start=1):
        label = f"Criterion {number} ({c.name or 'no name'})"
        if not c.name.strip():
            errors.append(f"Criterion {number} needs a name.")
        elif match_key(c.name) in seen:
            errors.append(f"{label}: another criterion has the same name; names must differ "
                          "(the review sheet import finds columns by name).")
        seen.add(match_key(c.name))
        if c.scale not in SCALES:
            errors.append(f"{label}: the scale must be 2 (yes/no), 3, 4 or 5, not {c.scale!r}.")
        if not isinstance(c.weight, int | float) or not 0 <= c.weight <= 100:
            errors.append(f"{label}: the weight must be between 0 and 100, not {c.weight!r}.")
    if data.criteria and not any(c.weight > 0 for c in data.criteria
                                 if isinstance(c.weight, int | float)):
        errors.append("At least one criterion needs a weight above 0.")
    return errors


def cleaned(data: ScorecardInput) -> ScorecardInput:
    return ScorecardInput(
        name=clean_text(data.name) or "", pass_threshold=float(data.pass_threshold),
        channels=[c for c in (clean_text(x) for x in data.channels) if c],
        criteria=[CriterionInput(clean_text(c.name) or "", c.weight, c.scale,
                                 clean_text(c.section) or "", (c.guidance or "").strip(),
                                 bool(c.allow_na), bool(c.critical)) for c in data.criteria])


def describe_changes(old: ScorecardInput, new: ScorecardInput) -> list[str]:
    """What differs between two versions, one short line per change, for the editor."""
    changes: list[str] = []
    if old.pass_threshold != new.pass_threshold:
        changes.append(f"Pass threshold {old.pass_threshold:g}% → {new.pass_threshold:g}%")
    before = {match_key(c.name): c for c in old.criteria}
    after = {match_key(c.name): c for c in new.criteria}
    for key, c in after.items():
        if key not in before:
            changes.append(f"Added '{c.name}'")
            continue
        b = before[key]
        parts = []
        if b.weight != c.weight:
            parts.append(f"weight {b.weight:g} → {c.weight:g}")
        if b.scale != c.scale:
            parts.append(f"scale {b.scale} → {c.scale}")
        if b.allow_na != c.allow_na:
            parts.append("N/A allowed" if c.allow_na else "N/A no longer allowed")
        if b.critical != c.critical:
            parts.append("now critical" if c.critical else "no longer critical")
        if b.section != c.section:
            parts.append(f"moved to '{c.section}'")
        if b.guidance != c.guidance:
            parts.append("guidance edited")
        if parts:
            changes.append(f"'{c.name}': " + ", ".join(parts))
    changes.extend(f"Removed '{c.name}'" for key, c in before.items() if key not in after)
    if [match_key(c.name) for c in old.criteria if match_key(c.name) in after] != \
            [match_key(c.name) for c in new.criteria if match_key(c.name) in before]:
        changes.append("Criteria reordered")
    if sorted(old.channels) != sorted(new.channels):
        changes.append("Channels: " + (", ".join(new.channels) or "any"))
    return changes
