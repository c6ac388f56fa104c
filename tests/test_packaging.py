"""An installed Coachbench (a wheel, as installers and `pip install .` make it) carries
everything it needs at run time: migrations, the style sheet and icons."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_runs_migrations_and_finds_resources(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(tmp_path / "wheel"), str(ROOT)],
                   check=True, capture_output=True, timeout=240)
    wheel = next((tmp_path / "wheel").glob("coachbench-*.whl"))
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    for revision in (ROOT / "app" / "migrations" / "versions").glob("*.py"):
        assert (site / "app" / "migrations" / "versions" / revision.name).is_file()
    code = (
        "import app, sys; from pathlib import Path;"
        f"assert Path(app.__file__).is_relative_to({str(site)!r}), app.__file__;"
        "from importlib.resources import files;"
        "assert (files('app.resources') / 'style.qss').is_file();"
        "from app.application import open_database;"
        f"d = open_database({str(tmp_path / 'w.sqlite')!r}); print(d.migration.to_revision)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
                            timeout=60)
    assert result.returncode == 0, result.stderr
    from app.migrations import SCHEMA_HEAD

    assert result.stdout.strip() == SCHEMA_HEAD
