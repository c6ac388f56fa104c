"""Time from process start to the main window shown, against a bare Qt window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_startup.py [--runs N] [--json]

Both are measured in the same run as fresh processes (imports included): the baseline
is a Python process that opens an empty QMainWindow; Coachbench opens a demo database
(15 agents) in its real main window with the Team page filled. Prints the medians and
their ratio. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BASELINE = """
import time, sys
t0 = float(sys.argv[1])
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1280, 800); w.show(); app.processEvents()
print(time.time() - t0)
"""

COACHBENCH = """
import time, sys
t0 = float(sys.argv[1])
from app.ui.launch import AppController, create_qapplication
app = create_qapplication()
controller = AppController()
controller.open(sys.argv[2], ask_on_lock=False)
app.processEvents()
assert controller.window.isVisible()
print(time.time() - t0)
controller.shutdown()
"""


def measure(code: str, *args: str) -> float:
    import time

    start = time.time()
    out = subprocess.run([sys.executable, "-c", code, str(start), *args], check=True,
                         capture_output=True, text=True, env={**os.environ,
                                                              "QT_QPA_PLATFORM": "offscreen"})
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite"
        subprocess.run([sys.executable, "-m", "app", "--db", str(db), "demo"], check=True,
                       capture_output=True)
        measure(BASELINE)  # warm the file cache for both
        measure(COACHBENCH, str(db))
        base = [measure(BASELINE) for _ in range(args.runs)]
        ours = [measure(COACHBENCH, str(db)) for _ in range(args.runs)]
    result = {"baseline_s": round(statistics.median(base), 3),
              "startup_s": round(statistics.median(ours), 3),
              "ratio": round(statistics.median(ours) / statistics.median(base), 2)}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"bare Qt window:        {result['baseline_s']:.3f} s (median of {args.runs})")
        print(f"Coachbench main window: {result['startup_s']:.3f} s")
        print(f"ratio:                 {result['ratio']:.2f}x")


if __name__ == "__main__":
    main()
