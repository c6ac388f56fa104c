"""Fixtures shared by the service tests."""

from __future__ import annotations

import subprocess

import pytest

from app.ingest import parallel


@pytest.fixture
def spawned(monkeypatch) -> list[subprocess.Popen]:
    """Every file goes to the reader process (``app.ingest.parallel``), whatever its
    size; the processes started are recorded, in order."""
    started: list[subprocess.Popen] = []
    real = subprocess.Popen

    def record(*args, **kwargs):
        child = real(*args, **kwargs)
        started.append(child)
        return child

    # MIN_BYTES is read from COACHBENCH_READER_MIN_BYTES once, when parallel is imported.
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    monkeypatch.setattr(parallel.subprocess, "Popen", record)
    return started
