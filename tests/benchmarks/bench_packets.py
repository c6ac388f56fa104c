"""How fast review packets are written: one agent's packet and the team batch.

    .venv/bin/python tests/benchmarks/bench_packets.py [--json] [--keep DIR]

Builds the demo database (today 2026-11-02), scales it to 25 agents (ten more agents,
each with a copy of an existing agent's tickets) and times, for the year up to today:

  packet_s   one agent's packet (gather from every service + write), the median of 3;
  batch_s    the team batch: every active agent's packet plus the team overview;
  packet_ratio  packet_s over the time openpyxl needs to write the same number of cells
             without styling (a write-only workbook of plain values): the price of the
             gathering, the styling, the charts and the print setup.

``--json`` prints {"packet_s", "batch_s", "packet_ratio", "agents", "cells"}.
Goals: one packet under 1 s, the batch of 25 under 20 s. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from openpyxl import Workbook, load_workbook  # noqa: E402

from app.application import open_database  # noqa: E402
from app.services.demo import create_demo  # noqa: E402
from app.services.packets import export_packet, export_team  # noqa: E402
from app.services.roster import list_agents  # noqa: E402

TODAY = date(2026, 11, 2)
START = date(2025, 11, 3)
AGENTS = 25


def build(path: Path) -> None:
    database = open_database(str(path), daily_backup=False)
    create_demo(database.session_factory, today=TODAY)
    database.close()
    con = sqlite3.connect(path)
    columns = [r[1] for r in con.execute("PRAGMA table_info(tickets)") if r[1] != "id"]
    sources = [r[0] for r in con.execute(
        "SELECT id FROM agents WHERE status = 'active' ORDER BY id")]
    for number in range(AGENTS - len(sources)):  # 25 active agents in the batch
        source = sources[number % len(sources)]
        cursor = con.execute(
            "INSERT INTO agents (full_name, role, team_id, hire_date, status, created_at, "
            "updated_at) SELECT ?, role, team_id, hire_date, 'active', created_at, updated_at "
            "FROM agents WHERE id = ?", (f"Extra Agent {number + 1:02d}", source))
        picked = ", ".join("? AS agent_id" if c == "agent_id" else
                           "(? || external_id) AS external_id" if c == "external_id" else c
                           for c in columns)
        con.execute(f"INSERT INTO tickets ({', '.join(columns)}) SELECT {picked} "
                    "FROM tickets WHERE agent_id = ?",
                    tuple(cursor.lastrowid if c == "agent_id" else f"x{number}-"
                          for c in columns if c in ("agent_id", "external_id")) + (source,))
    con.commit()
    con.close()


def count_cells(path: Path) -> int:
    book = load_workbook(path, read_only=True)
    return sum(1 for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
               for value in row if value is not None)


def plain_write(cells: int, folder: Path) -> float:
    start = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    width = 8
    for row in range(cells // width + 1):
        sheet.append([f"text {row}" if c % 2 else row * 1.5 for c in range(width)])
    book.save(folder / "plain.xlsx")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", metavar="DIR", help="keep the database and files here")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench_packets_"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bench.sqlite"
    path.unlink(missing_ok=True)
    build(path)
    database = open_database(str(path), daily_backup=False)
    factory = database.session_factory
    agents = [a for a in list_agents(factory) if a.status == "active"]
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        out = export_packet(factory, agents[0].id, START, TODAY, folder / "one.xlsx",
                            today=TODAY)
        timings.append(time.perf_counter() - started)
    packet_s = statistics.median(timings)
    batch_folder = folder / "batch"
    batch_folder.mkdir(exist_ok=True)
    for old in batch_folder.iterdir():
        old.unlink()
    started = time.perf_counter()
    result = export_team(factory, START, TODAY, batch_folder, today=TODAY)
    batch_s = time.perf_counter() - started
    database.close()
    cells = count_cells(out)
    plain_s = plain_write(cells, folder)
    figures = {"packet_s": round(packet_s, 3), "batch_s": round(batch_s, 2),
               "packet_ratio": round(packet_s / plain_s, 1), "agents": len(result.files),
               "cells": cells}
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"One packet ({cells:,} cells): {packet_s:.2f} s (goal < 1 s), "
              f"{figures['packet_ratio']}x plain openpyxl ({plain_s:.3f} s)")
        print(f"Team batch of {len(result.files)} agents + overview: {batch_s:.1f} s "
              "(goal < 20 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
