"""QA scorecards, conversation reviews and disputes (issue 5)."""
