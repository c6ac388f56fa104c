"""How fast the ticket import is, against the floor of doing nothing clever.

    .venv/bin/python tests/benchmarks/bench_import.py [--rows N] [--xlsx-rows N]
                                                      [--repeat N] [--json]

Makes a Zendesk-style CSV of N rows (default 1,000,000) and an XLSX of 100,000 rows, then
measures in the same run, each in a fresh process (so each has its own peak memory):

  (a) the floor: Python's csv reader feeding the untyped rows into one SQLite table with
      executemany, in one transaction (same pragmas as Coachbench: WAL, synchronous=NORMAL);
  (b) ``run_import`` of the same CSV into a fresh Coachbench database (everything: hashing
      the file, detection, parsing every value, agent matching, keyed insert, ImportRun);
  (c) python-calamine merely iterating the XLSX's rows;
  (d) ``run_import`` of the XLSX into a fresh database.

Each of the four runs ``--repeat`` times (default 3), interleaved, and the fastest run of
each counts: on a shared machine one run of the same work can take half as long again as
the next, so a single run's ratio says more about the neighbours than about the code (the
floor alone was seen at 8.2 s and 12.4 s in back-to-back runs). Peak memory and progress
gaps are the worst over all runs.

Prints b/a, d/c, the peak memory of the imports (the importing process plus the reader
process a large file gets), the longest gap between two progress reports (the bar must
move at least twice a second), and how long each import spent in each of its stages
(by the first word of its progress text: Opening, Reading, Importing, Saving, Updating).
``--json`` prints {"csv_ratio", "xlsx_ratio", "peak_rss_mb"}. Not part of `make test`.
Goals: csv_ratio <= 1.5, xlsx_ratio <= 1.5, peak_rss_mb <= 300 at a million rows.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HEADER = ["Id", "Requester", "Requester email", "Assignee", "Group", "Subject", "Tags",
          "Status", "Priority", "Via", "Ticket type", "Created at", "Updated at",
          "Solved at", "Satisfaction Score", "Reopens", "Replies",
          "First reply time in minutes", "First reply time in minutes within business hours",
          "Full resolution time in minutes",
          "Full resolution time in minutes within business hours"]
AGENTS = ["Ana Lima", "Bruno Costa", "Chen Wei", "Dana Fox", "Emeka Obi", "Farah Khan",
          "Gus Berg", "Hana Sato", "Ivan Petrov", "Jo Park", "Kai Moreau", "Lena Vogel"]
GROUPS = ["Support", "Billing", "Tier 2"]
STATUSES = ["Solved", "Closed", "Open", "Pending"]
VIA = ["Mail", "Web form", "Chat", "Phone call (inbound)"]
CSAT = ["Good", "Bad", "Offered", "Unoffered", "", "5", "2"]
TAGS = ["billing refund", "login", "vip shipping", "", "bug", "password reset"]


def make_csv(path: Path, rows: int) -> None:
    rng = random.Random(3)
    start = datetime(2025, 1, 1)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for row in _rows(rng, start, rows):
            writer.writerow(row)


def make_xlsx(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    rng = random.Random(5)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Tickets")
    sheet.append(HEADER)
    for row in _rows(rng, datetime(2025, 1, 1), rows, typed=True):
        sheet.append(row)
    book.save(path)


def _rows(rng: random.Random, start: datetime, count: int, typed: bool = False):
    for number in range(1, count + 1):
        created = start + timedelta(minutes=number * 0.7 + rng.random())
        solved = created + timedelta(minutes=rng.randint(5, 4000))
        status = rng.choice(STATUSES)
        done = status in ("Solved", "Closed")
        first = rng.randint(1, 600)
        full = int((solved - created).total_seconds() // 60)
        stamp = (lambda d: d.replace(microsecond=0)) if typed else (
            lambda d: d.strftime("%Y-%m-%d %H:%M:%S"))
        yield [number, f"Customer {number % 50000}", f"c{number % 50000}@example.com",
               rng.choice(AGENTS), rng.choice(GROUPS), f"Question about order {number}",
               rng.choice(TAGS), status, rng.choice(["Low", "Normal", "High"]),
               rng.choice(VIA), rng.choice(["Question", "Incident", "Problem"]),
               stamp(created), stamp(solved if done else created + timedelta(minutes=3)),
               stamp(solved) if done else "", rng.choice(CSAT), rng.randint(0, 2),
               rng.randint(1, 6), first, max(first - 30, 0), full if done else "",
               max(full - 200, 0) if done else ""]


# ------------------------------------------------------------------ measurements
# Each runs in its own process: ``--child KIND FILE DB`` prints {"seconds", "rss_mb", ...}.


def floor(path: str, db: str) -> dict:
    import sqlite3

    started = time.perf_counter()
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        columns = ", ".join(f"c{i}" for i in range(len(header)))
        connection.execute(f"CREATE TABLE rows ({columns})")
        connection.execute("BEGIN")
        connection.executemany(
            f"INSERT INTO rows VALUES ({', '.join('?' * len(header))})", reader)
        connection.execute("COMMIT")
    connection.close()
    return {"seconds": time.perf_counter() - started}


def calamine(path: str, _db: str) -> dict:
    import python_calamine

    started = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_path(path)
    count = sum(1 for _ in book.get_sheet_by_index(0).iter_rows())
    return {"seconds": time.perf_counter() - started, "rows": count}


def coachbench(path: str, db: str) -> dict:
    from app.application import open_database
    from app.progress import Progress
    from app.services.ticket_import import ImportRequest, run_import

    database = open_database(db, take_lock=False, daily_backup=False)
    reports: list[float] = []
    stages: list[list] = []  # [first word of the progress text, seconds], as it changes

    def report(_done: int, _total: int, text: str) -> None:
        now = time.perf_counter()
        reports.append(now)
        word = text.split(" ", 1)[0]
        if not stages or stages[-1][0] != word:
            stages.append([word, now])

    started = time.perf_counter()
    result = run_import(database.session_factory, ImportRequest(path=Path(path)),
                        Progress(report))
    seconds = time.perf_counter() - started
    database.close()
    gaps = [b - a for a, b in zip([started] + reports, reports + [started + seconds])]
    ends = [at for _, at in stages[1:]] + [started + seconds]
    return {"seconds": seconds, "rows": result.rows_read, "inserted": result.inserted,
            "skipped": result.skipped, "max_progress_gap": max(gaps),
            "stages": [(word, round(end - at, 2)) for (word, at), end in zip(stages, ends)]}


CHILDREN = {"floor": floor, "calamine": calamine, "coachbench": coachbench}


def run_child(kind: str, path: Path, db: Path) -> dict:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(path), str(db)],
                         check=True, capture_output=True, text=True, cwd=root,
                         env={**os.environ, "PYTHONPATH": str(root)})
    return json.loads(out.stdout.strip().splitlines()[-1])


def child_main(kind: str, path: str, db: str) -> None:
    import resource

    watcher = _ChildPeak()
    result = CHILDREN[kind](path, db)
    # A large import reads the file in a child process of its own: its peak counts too
    # (added: an upper bound of what both held at once).
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["reader_rss_mb"] = watcher.stop()
    result["rss_mb"] += result["reader_rss_mb"]
    print(json.dumps(result))


class _ChildPeak:
    """The largest peak memory (VmHWM) of this process's children, sampled while they
    run: getrusage's figure for children is no use here, as Linux carries the parent's
    peak at the time of the fork over into the child's."""

    def __init__(self) -> None:
        import threading

        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.1):
            for children in Path(f"/proc/{os.getpid()}/task").glob("*/children"):
                try:
                    pids = children.read_text().split()
                except OSError:  # the thread ended since the listing
                    continue
                for pid in pids:
                    try:
                        status = Path(f"/proc/{pid}/status").read_text()
                    except OSError:
                        continue
                    for line in status.splitlines():
                        if line.startswith("VmHWM:"):
                            self.peak_kb = max(self.peak_kb, int(line.split()[1]))

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_kb / 1024


def _fastest(runs: list[dict]) -> dict:
    """The fastest run, with the worst peak memory and progress gap of all runs."""
    best = dict(min(runs, key=lambda run: run["seconds"]))
    for key in ("rss_mb", "reader_rss_mb", "max_progress_gap"):
        if key in best:
            best[key] = max(run[key] for run in runs)
    best["all_seconds"] = [round(run["seconds"], 2) for run in runs]
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each measurement; the fastest counts (default 3)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", metavar="DIR", help="make (or reuse) the files in DIR")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "FILE", "DB"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_main(*args.child)
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        csv_path = folder / f"zendesk-{args.rows}.csv"
        xlsx_path = folder / f"zendesk-{args.xlsx_rows}.xlsx"
        log = (lambda *a: print(*a, file=sys.stderr)) if args.json else print
        if not csv_path.exists():
            log(f"Writing {args.rows:,} rows of CSV…")
            make_csv(csv_path, args.rows)
        if not xlsx_path.exists():
            log(f"Writing {args.xlsx_rows:,} rows of XLSX…")
            make_xlsx(xlsx_path, args.xlsx_rows)
        db = Path(scratch) / "bench.sqlite"
        runs: dict[str, list[dict]] = {"a": [], "b": [], "c": [], "d": []}
        for _ in range(max(1, args.repeat)):  # interleaved: a slow spell hits all four
            runs["a"].append(run_child("floor", csv_path, db))
            runs["b"].append(run_child("coachbench", csv_path, db))
            runs["c"].append(run_child("calamine", xlsx_path, db))
            runs["d"].append(run_child("coachbench", xlsx_path, db))
        a, b, c, d = (_fastest(runs[key]) for key in "abcd")
    figures = {"csv_ratio": round(b["seconds"] / a["seconds"], 3),
               "xlsx_ratio": round(d["seconds"] / c["seconds"], 3),
               "peak_rss_mb": round(max(b["rss_mb"], d["rss_mb"]), 1)}
    if args.json:
        print(json.dumps(figures))
        return
    size = csv_path.stat().st_size / 1e6 if csv_path.exists() else 0
    print(f"CSV  {args.rows:,} rows ({size:.0f} MB)")
    print(f"  (a) floor, csv.reader + executemany   {a['seconds']:8.2f} s")
    print(f"  (b) Coachbench import                 {b['seconds']:8.2f} s   "
          f"({b['inserted']:,} inserted, {b['skipped']:,} skipped, "
          f"{b['rss_mb']:.0f} MB peak, of which the reader process "
          f"{b['reader_rss_mb']:.0f} MB)")
    print(f"  b/a = {figures['csv_ratio']:.2f}   (goal <= 1.5)   every run: "
          f"a {a['all_seconds']}, b {b['all_seconds']}")
    print("  stages: " + ", ".join(f"{word} {secs:.1f} s" for word, secs in b["stages"]))
    print(f"XLSX {args.xlsx_rows:,} rows")
    print(f"  (c) calamine iterating                {c['seconds']:8.2f} s")
    print(f"  (d) Coachbench import                 {d['seconds']:8.2f} s   "
          f"({d['inserted']:,} inserted, {d['rss_mb']:.0f} MB peak)")
    print(f"  d/c = {figures['xlsx_ratio']:.2f}   (goal <= 1.5)   every run: "
          f"c {c['all_seconds']}, d {d['all_seconds']}")
    print("  stages: " + ", ".join(f"{word} {secs:.1f} s" for word, secs in d["stages"]))
    print(f"Peak memory of an import: {figures['peak_rss_mb']:.0f} MB   (goal <= 300)")
    print(f"Longest gap between progress reports: CSV {b['max_progress_gap']:.2f} s, "
          f"XLSX {d['max_progress_gap']:.2f} s   (goal <= 0.5)")


if __name__ == "__main__":
    main()
