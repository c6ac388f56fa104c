"""Coachbench: an offline desktop workbench for customer-service managers."""

__version__ = "0.1.0"
APP_NAME = "Coachbench"
