"""Metric settings the manager edits: which groups and tags mean "escalated".

No platform exports escalation consistently, so a ticket counts as escalated when the
platform flags it, when it sits in a group marked as an escalation group, or when it
carries one of the listed tags (METRICS.md). Names compare case-insensitively.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import SessionFactory
from app.models import Ticket
from app.models.targets import MetricSetting

ESCALATION_GROUPS = "escalation_groups"
ESCALATION_TAGS = "escalation_tags"


@dataclass(frozen=True)
class EscalationSettings:
    groups: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def configured(self) -> bool:
        return bool(self.groups or self.tags)


def _clean(names) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        text = " ".join(str(name).split())
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return tuple(sorted(seen.values(), key=str.casefold))


def read_escalation(session: Session) -> EscalationSettings:
    rows = dict(session.execute(select(MetricSetting.name, MetricSetting.value_json).where(
        MetricSetting.name.in_((ESCALATION_GROUPS, ESCALATION_TAGS)))).all())
    return EscalationSettings(
        groups=_clean(json.loads(rows.get(ESCALATION_GROUPS, "[]"))),
        tags=_clean(json.loads(rows.get(ESCALATION_TAGS, "[]"))))


def load_escalation(session_factory: SessionFactory) -> EscalationSettings:
    with session_factory() as session:
        return read_escalation(session)


def save_escalation(session_factory: SessionFactory, settings: EscalationSettings
                    ) -> EscalationSettings:
    cleaned = EscalationSettings(_clean(settings.groups), _clean(settings.tags))
    with session_factory.begin() as session:
        for name, values in ((ESCALATION_GROUPS, cleaned.groups),
                             (ESCALATION_TAGS, cleaned.tags)):
            row = session.get(MetricSetting, name)
            if row is None:
                session.add(MetricSetting(name=name, value_json=json.dumps(list(values))))
            else:
                row.value_json = json.dumps(list(values))
    return cleaned


def known_groups(session_factory: SessionFactory) -> list[str]:
    """Every group name the imported tickets carry, for the settings dialog."""
    with session_factory() as session:
        names = session.scalars(select(Ticket.group_name).distinct().where(
            Ticket.group_name.is_not(None))).all()
    return sorted(names, key=str.casefold)
