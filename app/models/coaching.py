"""One-on-ones, talking points, action items, goals, plans and probation (issue 7)."""
