"""Demo calibration sessions: three revealed monthly sessions whose graders drift closer
together (so the history has a trend), and this week's session halfway through blind
scoring. Runs inside the demo's one transaction, after the QA demo made the scorecard."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from app.analytics.qa_scores import scale_range
from app.models.base import utc_now
from app.models.calibration import (
    CalibrationConversation,
    CalibrationDiscussion,
    CalibrationGrader,
    CalibrationScore,
    CalibrationSession,
)
from app.models.people import Agent
from app.models.quality import Scorecard
from app.services.scorecards import latest_version

OUTSIDE_GRADER = "Priya Raman (QA)"
TRANSCRIPT = ("Customer: I was charged twice for my March invoice.\n"
              "Agent: Sorry about that! Let me check… I can see two payments. I've refunded "
              "the second one; it shows on your card in 3–5 days.\n"
              "Customer: Thanks, that was quick.")


def add_demo_calibration(session, today: date, rng: random.Random) -> str:
    scorecard = session.scalars(select(Scorecard).order_by(Scorecard.id)).first()
    if scorecard is None:
        return "No calibration sessions (no scorecard)."
    version = latest_version(scorecard)
    version.frozen_at = version.frozen_at or utc_now()
    leads = [a for a in session.scalars(select(Agent).order_by(Agent.id))
             if a.role and "Lead" in a.role]
    graders = [(a.full_name, a.id) for a in leads] + [(OUTSIDE_GRADER, None)]
    plans = [(today - timedelta(days=84), "Refunds and billing", 0.45, True),
             (today - timedelta(days=56), "Escalations", 0.3, True),
             (today - timedelta(days=28), "Tone on angry customers", 0.18, True),
             (today - timedelta(days=1), "November: first replies", 0.2, False)]
    for number, (day, title, drift, revealed) in enumerate(plans):
        row = CalibrationSession(title=title, session_date=day, version_id=version.id,
                                 facilitator=graders[0][0], benchmark="consensus",
                                 status="revealed" if revealed else "scoring",
                                 revealed_at=utc_now() if revealed else None)
        refs = [f"ZD-{48100 + number * 40 + i * 7}" for i in range(2 if number % 2 else 3)]
        for position, ref in enumerate(refs):
            row.conversations.append(CalibrationConversation(
                position=position, reference=ref,
                transcript=TRANSCRIPT if position == 0 else None))
        for position, (name, agent_id) in enumerate(graders):
            row.graders.append(CalibrationGrader(position=position, name=name,
                                                 agent_id=agent_id))
        session.add(row)
        session.flush()
        scorers = row.graders if revealed else row.graders[:1]
        for conversation in row.conversations:
            for criterion in version.criteria:
                low, high = scale_range(criterion.scale)
                truth = rng.randint(max(low, high - 2), high)
                na = criterion.allow_na and rng.random() < 0.15
                for grader in scorers:
                    value = truth
                    if rng.random() < drift:
                        value = min(high, max(low, truth + rng.choice((-1, 1))))
                    session.add(CalibrationScore(
                        grader_id=grader.id, conversation_id=conversation.id,
                        criterion_id=criterion.id, value=None if na else value, na=na))
        for grader in scorers:
            grader.submitted_at, grader.source = utc_now(), "laptop"
        if revealed:
            first = version.criteria[0]
            session.add(CalibrationDiscussion(
                session_id=row.id, conversation_id=row.conversations[0].id,
                criterion_id=first.id, note="Agreed: a personal greeting needs the name.",
                agreed_value=scale_range(first.scale)[1]))
    return "Four calibration sessions (three revealed, one being scored)."
