"""The demo's QA data shows the two patterns the issue asks for."""

from datetime import date

from app.services import demo
from app.services.demo import create_demo
from app.services.demo_quality import add_demo_reviews
from app.services.quality_report import quality_overview
from app.services.reviews import ReviewFilter, list_reviews

TODAY = date(2026, 11, 2)


def test_demo_reviews_show_compliance_failures_and_rising_tone(session_factory, monkeypatch):
    # Only the QA extension: the other modules' demo data has its own tests.
    monkeypatch.setattr(demo, "demo_extensions", lambda: [add_demo_reviews])
    summary = create_demo(session_factory, seed=7, today=TODAY)
    sentence = next(d for d in summary.details if "QA reviews" in d)
    rule_breaker = sentence.split(": ")[1].split(" keeps")[0]
    improver = sentence.split(", ")[-1].split("'s tone")[0]
    rows = list_reviews(session_factory, ReviewFilter(include_calibration=True))
    assert 190 <= len(rows) <= 200
    assert {r.status for r in rows} == {"final", "draft"}
    assert min(r.review_date for r in rows) >= date(2025, 11, 3)
    year = quality_overview(session_factory, date(2025, 11, 3), TODAY)
    by_agent = {a.name: a for a in year.per_agent}
    assert by_agent[rule_breaker].iqs == min(a.iqs for a in year.per_agent)
    assert by_agent[rule_breaker].weakest == "Policy and compliance"
    compliance = next(r for r in year.per_criterion if r.stat.name == "Policy and compliance")
    assert compliance.lowest_agents[0][0] == rule_breaker
    agent_id = by_agent[improver].agent_id

    def tone(start, end):
        overview = quality_overview(session_factory, start, end, agent_id=agent_id)
        return next(r.stat.average for r in overview.per_criterion
                    if r.stat.name == "Tone and empathy")

    assert tone(date(2026, 7, 1), TODAY) > tone(date(2025, 11, 3), date(2026, 3, 31)) + 25
