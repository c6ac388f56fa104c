"""Time from start to the main window shown: the built bundle and ``python -m app``.

    .venv/bin/python installer/measure_startup.py [--runs 5] [--bundle dist/coachbench/coachbench]

Both are started as fresh processes on the same demo database, offscreen, with
``COACHBENCH_QUIT_WHEN_SHOWN=1``: the program prints the clock when its event loop starts
with the main window shown, and quits (see app/ui/launch.py). The time is that clock minus
the clock just before the process was started, so imports, opening the database and
building every page are included. Prints the median of --runs runs (after one warm-up
run each, so both read from the file cache). Goal: under 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def time_to_window(command: list[str], env: dict[str, str]) -> float:
    started = time.time()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    shown = [line for line in result.stdout.splitlines() if line.startswith("shown ")]
    if result.returncode != 0 or not shown:
        raise SystemExit(f"{' '.join(command)} did not show its window "
                         f"(exit {result.returncode}):\n{result.stdout}{result.stderr}")
    return float(shown[-1].split()[1]) - started


def median_time(command: list[str], env: dict[str, str], runs: int) -> float:
    time_to_window(command, env)  # warm-up: file cache
    return statistics.median(time_to_window(command, env) for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "coachbench" / "coachbench")
    parser.add_argument("--python", default=sys.executable,
                        help="the Python that runs 'python -m app' (default: this one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coachbench-startup-") as folder:
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("COACHBENCH_")}
        env.update(QT_QPA_PLATFORM="offscreen", COACHBENCH_QUIT_WHEN_SHOWN="1",
                   HOME=folder, XDG_CONFIG_HOME=folder, XDG_DATA_HOME=folder)
        db = str(Path(folder) / "startup.sqlite")
        subprocess.run([args.python, "-m", "app", "--db", db, "demo"], check=True, env=env,
                       capture_output=True, cwd=ROOT)
        results = {"python_m_app_s": round(median_time(
            [args.python, "-m", "app", "--db", db], {**env, "PYTHONPATH": str(ROOT)},
            args.runs), 3)}
        if args.bundle.is_file():
            results["bundle_s"] = round(median_time([str(args.bundle), "--db", db], env,
                                                    args.runs), 3)
    if args.json:
        print(json.dumps(results))
    else:
        print(f"python -m app: {results['python_m_app_s']:.3f} s to the main window "
              f"(median of {args.runs})")
        if "bundle_s" in results:
            print(f"bundle:        {results['bundle_s']:.3f} s ({args.bundle})")
        else:
            print(f"bundle:        not built ({args.bundle} missing)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
