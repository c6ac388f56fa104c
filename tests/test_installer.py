"""Quick checks of what the installers rely on, without building a bundle (that is
`make installer`: installer/ci.sh, which CI runs when installer/ or pyproject.toml change)."""

from __future__ import annotations

import importlib.util
import os
import struct
import subprocess
import sys
from pathlib import Path

from app.application import open_database

ROOT = Path(__file__).resolve().parents[1]


def load_installer_script(name: str):
    spec = importlib.util.spec_from_file_location(f"installer_{name}",
                                                  ROOT / "installer" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_icon_files_hold_every_size_made_from_the_svg():
    icons = load_installer_script("make_icons")
    for size in icons.PNG_SIZES:
        assert png_size((icons.ICONS / f"coachbench-{size}.png").read_bytes()) == (size, size)

    ico = (icons.ICONS / "coachbench.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    for index, size in enumerate(icons.ICO_SIZES):
        width, _, _, _, _, _, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * index:22 + 16 * index])
        assert width == (0 if size >= 256 else size)
        assert png_size(ico[offset:offset + length]) == (size, size)

    icns = (icons.ICONS / "coachbench.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    position, seen = 8, []
    while position < len(icns):
        kind, length = icns[position:position + 4], struct.unpack(
            ">I", icns[position + 4:position + 8])[0]
        size = dict(icons.ICNS_TYPES)[kind]
        assert png_size(icns[position + 8:position + length]) == (size, size)
        seen.append(kind)
        position += length
    assert seen == [kind for kind, _ in icons.ICNS_TYPES]


def test_smoke_test_expects_a_screenshot_of_every_page():
    from app.ui.main_window import PAGES

    smoke = load_installer_script("smoke_test")
    assert smoke.page_keys() == [info.key for info in PAGES]


def test_quit_when_shown_reports_the_main_window_and_exits(tmp_path):
    """The switch installer/measure_startup.py times the bundle's start-up with."""
    path = tmp_path / "startup.sqlite"
    open_database(str(path)).close()  # an existing database: no welcome dialog
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COACHBENCH_QUIT_WHEN_SHOWN": "1",
           "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "app", "--db", str(path)], env=env,
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    shown = [line for line in result.stdout.splitlines() if line.startswith("shown ")]
    assert len(shown) == 1 and float(shown[0].split()[1]) > 0
