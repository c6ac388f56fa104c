"""Metric targets and metric settings such as escalation groups and tags (issue 4)."""
