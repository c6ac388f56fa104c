"""Smoke test of a built bundle: does the installed program work without Python?

    build/installer/venv/bin/python installer/smoke_test.py [dist/coachbench/coachbench]

Runs the bundled executable, offscreen, in a throw-away home folder (so it never touches
the real user's data or settings), and checks, printing one line per step:

1. ``--version`` names this source tree's version;
2. with no ``--db``, ``demo`` creates the database in the user data folder of that home,
   not in the program folder (upgrades replace the program folder, never the data); not on
   Windows, where the user data folder cannot be redirected to a temporary one;
3. ``screenshot --out DIR`` writes one 1280x800 PNG for every page of the window
   (the pages are read from app/ui/main_window.py's PAGES, so new pages are expected too);
4. a database at the first schema revision (made with the source tree's migrations) is
   upgraded by the bundle, which keeps a copy in backups/ first: what the first start of a
   newer version does to an existing user's data;
5. an import whose file is read by a child process (what a large file gets; here any
   file, through COACHBENCH_READER_MIN_BYTES): the bundle starts itself as the reader.

Exit 0 when every step passed, 1 otherwise. Needs the program's dependencies (step 4 uses
the source tree's Alembic scripts): the build environment that build.sh makes has them.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EXECUTABLE = ROOT / "dist" / {
    "win32": "Coachbench/coachbench-cli.exe",
    "darwin": "Coachbench.app/Contents/MacOS/Coachbench",
}.get(sys.platform, "coachbench/coachbench")
WINDOW_SIZE = (1280, 800)


class SmokeFailure(Exception):
    pass


def source_version() -> str:
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "(.+?)"', text)[1]


def page_keys() -> list[str]:
    """The keys of main_window.PAGES, in order, read without importing Qt."""
    tree = ast.parse((ROOT / "app" / "ui" / "main_window.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if (isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "PAGES"
                and isinstance(node.value, ast.Tuple)):
            return [call.args[0].value for call in node.value.elts]
    raise SmokeFailure("app/ui/main_window.py has no PAGES tuple any more; update "
                       "installer/smoke_test.py's page_keys()")


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    if header[:8] != b"\x89PNG\r\n\x1a\n":
        raise SmokeFailure(f"{path.name} is not a PNG")
    return struct.unpack(">II", header[16:24])


class Bundle:
    def __init__(self, executable: Path, home: Path) -> None:
        self.executable = executable
        self.env = {key: value for key, value in os.environ.items()
                    if not key.startswith(("COACHBENCH_", "XDG_", "PYTHON"))}
        self.env.update(HOME=str(home), USERPROFILE=str(home), APPDATA=str(home / "AppData"),
                        LOCALAPPDATA=str(home / "LocalAppData"), QT_QPA_PLATFORM="offscreen")

    def run(self, *args: str, timeout: float = 180) -> str:
        started = time.monotonic()
        try:
            result = subprocess.run([str(self.executable), *args], env=self.env, text=True,
                                    capture_output=True, timeout=timeout,
                                    cwd=self.executable.parent)
        except subprocess.TimeoutExpired as exc:
            raise SmokeFailure(f"'coachbench {' '.join(args)}' ran over {timeout} s") from exc
        if result.returncode != 0:
            raise SmokeFailure(f"'coachbench {' '.join(args)}' exited {result.returncode}:\n"
                               f"{result.stdout}{result.stderr}")
        print(f"    coachbench {' '.join(args)}: {time.monotonic() - started:.1f} s")
        return result.stdout


def check_version(bundle: Bundle) -> None:
    output = bundle.run("--version").strip()
    if output != f"Coachbench {source_version()}":
        raise SmokeFailure(f"--version printed {output!r}, expected Coachbench "
                           f"{source_version()}")


def check_demo_in_user_data(bundle: Bundle, home: Path) -> None:
    bundle.run("demo")
    found = [path for path in home.rglob("coachbench.sqlite")]
    if len(found) != 1:
        raise SmokeFailure(f"expected one coachbench.sqlite under the home folder, found {found}")
    program_folder = bundle.executable.parent
    if list(program_folder.rglob("*.sqlite")):
        raise SmokeFailure(f"a database was written inside the program folder {program_folder}")
    print(f"    database in the user data folder: {found[0].relative_to(home)}")


def check_screenshots(bundle: Bundle, db_path: Path, out: Path) -> None:
    bundle.run("--db", str(db_path), "demo")
    bundle.run("--db", str(db_path), "screenshot", "--out", str(out))
    expected = [f"{index:02d}-{key}.png" for index, key in enumerate(page_keys(), start=1)]
    written = sorted(path.name for path in out.glob("*.png"))
    if written != expected:
        raise SmokeFailure(f"screenshots {written}, expected {expected}")
    for name in expected:
        if png_size(out / name) != WINDOW_SIZE:
            raise SmokeFailure(f"{name} is {png_size(out / name)}, expected {WINDOW_SIZE}")
    print(f"    {len(expected)} pages written to {out}")


def make_old_database(path: Path) -> str:
    """A database at the first schema revision, with the source tree's migrations."""
    sys.path.insert(0, str(ROOT))
    from app import db

    first = db.revision_order()[0]
    engine = db.make_engine(db.database_url(str(path)))
    try:
        db.migrate(engine, first)
    finally:
        engine.dispose()
    return first


def check_upgrade(bundle: Bundle, folder: Path) -> None:
    path = folder / "old.sqlite"
    first = make_old_database(path)
    status = bundle.run("--db", str(path), "db", "status")
    if f"schema:   {first}" not in status:
        raise SmokeFailure(f"db status of a revision-{first} database said:\n{status}")
    bundle.run("--db", str(path), "db", "upgrade")
    backups = list((folder / "backups").glob(f"*before-upgrade-{first}*"))
    if not backups:
        raise SmokeFailure(f"no backup before the upgrade in {folder / 'backups'}")
    status = bundle.run("--db", str(path), "db", "status")
    if "up to date" not in status:
        raise SmokeFailure(f"after the upgrade, db status said:\n{status}")
    print(f"    upgraded from {first}; backup {backups[0].name}")


def check_import_in_reader_process(bundle: Bundle, folder: Path) -> None:
    import json

    rows = "".join(f"{n},Ana Lima,Solved,2026-10-{1 + n % 28:02d} 09:00:00,Good\n"
                   for n in range(1, 3001))
    export = folder / "tickets.csv"
    export.write_text("Id,Assignee,Status,Created at,Satisfaction Score\n" + rows,
                      encoding="utf-8")
    bundle.env["COACHBENCH_READER_MIN_BYTES"] = "0"
    try:
        output = bundle.run("--db", str(folder / "import.sqlite"), "import", str(export),
                            "--platform", "zendesk", "--json")
    finally:
        del bundle.env["COACHBENCH_READER_MIN_BYTES"]
    result = json.loads(output)
    if result["inserted"] != 3000 or result["skipped"] != 0:
        raise SmokeFailure(f"the import through the reader process said {result}")
    print("    3,000 tickets read by the bundled reader process")


def main() -> int:
    parser = argparse.ArgumentParser(description="Smoke-test a built Coachbench bundle.")
    parser.add_argument("executable", nargs="?", type=Path, default=DEFAULT_EXECUTABLE)
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="also copy the screenshots to DIR, to look at them")
    args = parser.parse_args()
    executable = args.executable.resolve()
    if not executable.is_file():
        print(f"smoke test: no bundle at {executable}; run installer/build.sh first",
              file=sys.stderr)
        return 1
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="coachbench-smoke-") as folder:
        folder = Path(folder)
        home = folder / "home"
        home.mkdir()
        bundle = Bundle(executable, home)
        steps = [("version", lambda: check_version(bundle))]
        if sys.platform != "win32":  # Windows finds its folders without looking at HOME
            steps.append(("demo database in the user data folder",
                          lambda: check_demo_in_user_data(bundle, home)))
        steps += [
            ("demo, then screenshots of every page",
             lambda: check_screenshots(bundle, folder / "smoke.sqlite", folder / "shots")),
            ("upgrade of an older database, with a backup",
             lambda: check_upgrade(bundle, folder / "upgrade")),
            ("an import read by the bundled reader process",
             lambda: check_import_in_reader_process(bundle, folder)),
        ]
        (folder / "upgrade").mkdir()
        failed = 0
        for title, step in steps:
            print(f"smoke test: {title}", flush=True)
            try:
                step()
            except SmokeFailure as exc:
                failed += 1
                print(f"    FAILED: {exc}", flush=True)
        if args.keep and (folder / "shots").is_dir():
            shutil.copytree(folder / "shots", args.keep, dirs_exist_ok=True)
    print(f"smoke test of {executable} took {time.monotonic() - started:.1f} s")
    print(f"installer: {len(steps) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
