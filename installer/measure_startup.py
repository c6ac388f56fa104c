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


def children_cpu_seconds() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_to_window(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall-clock seconds to the window shown, CPU seconds of the whole run)."""
    cpu_before = children_cpu_seconds()
    started = time.time()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    shown = [line for line in result.stdout.splitlines() if line.startswith("shown ")]
    if result.returncode != 0 or not shown:
        raise SystemExit(f"{' '.join(command)} did not show its window "
                         f"(exit {result.returncode}):\n{result.stdout}{result.stderr}")
    return float(shown[-1].split()[1]) - started, children_cpu_seconds() - cpu_before


def median_time(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Medians of the wall-clock time and of the CPU time (which other processes on a busy
    machine do not inflate) over ``runs`` runs."""
    time_to_window(command, env)  # warm-up: file cache, bytecode cache
    samples = [time_to_window(command, env) for _ in range(runs)]
    return (round(statistics.median(wall for wall, _ in samples), 3),
            round(statistics.median(cpu for _, cpu in samples), 3))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "coachbench" / "coachbench")
    parser.add_argument("--python", default=sys.executable,
                        help="the Python that runs 'python -m app' (default: this one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coachbench-startup-") as folder:
        # An installed program has its bytecode cached; so does the bundle, in its archive.
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("COACHBENCH_") and key != "PYTHONDONTWRITEBYTECODE"}
        env.update(QT_QPA_PLATFORM="offscreen", COACHBENCH_QUIT_WHEN_SHOWN="1",
                   HOME=folder, XDG_CONFIG_HOME=folder, XDG_DATA_HOME=folder)
        db = str(Path(folder) / "startup.sqlite")
        subprocess.run([args.python, "-m", "app", "--db", db, "demo"], check=True, env=env,
                       capture_output=True, cwd=ROOT)
        results = {"python -m app": median_time(
            [args.python, "-m", "app", "--db", db], {**env, "PYTHONPATH": str(ROOT)},
            args.runs)}
        if args.bundle.is_file():
            results["bundle"] = median_time([str(args.bundle), "--db", db], env, args.runs)
    if args.json:
        print(json.dumps({name: {"window_shown_s": wall, "cpu_s": cpu}
                          for name, (wall, cpu) in results.items()}))
        return 0
    print(f"median of {args.runs} runs; load average now: {load_average()}")
    for name, (wall, cpu) in results.items():
        print(f"{name + ':':15s}{wall:.3f} s to the main window shown "
              f"({cpu:.2f} s CPU for the whole run, quitting included)")
    if "bundle" not in results:
        print(f"bundle:        not built ({args.bundle} missing)")
    return 0


def load_average() -> str:
    try:
        return " ".join(f"{value:.1f}" for value in os.getloadavg())
    except (AttributeError, OSError):
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
