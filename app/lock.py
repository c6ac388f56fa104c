"""A lock file beside the database, so a second Coachbench on the same file warns.

SQLite itself keeps the file consistent with two writers; the lock is about people: two
windows on one file would each show stale data and overwrite each other's edits. The
lock is advisory: the user may go on after the warning. A lock left by a crashed process
on this machine is recognised as stale and taken over silently.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class LockHolder:
    pid: int
    host: str
    since: str

    def describe(self) -> str:
        where = "this computer" if self.host == socket.gethostname() else self.host
        return f"process {self.pid} on {where}, since {self.since}"


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process there
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class DatabaseLock:
    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._held = False

    def holder(self) -> LockHolder | None:
        """Who else holds the lock, or None if nobody (or only a stale, dead process)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            holder = LockHolder(int(data["pid"]), str(data["host"]), str(data.get("since", "?")))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if holder.pid == os.getpid() and holder.host == socket.gethostname():
            return None
        if holder.host == socket.gethostname() and not _process_alive(holder.pid):
            return None
        return holder

    def acquire(self) -> LockHolder | None:
        """Take the lock; if someone else has the file open, leave their lock and say who."""
        other = self.holder()
        if other is not None:
            return other
        data = {"pid": os.getpid(), "host": socket.gethostname(),
                "since": datetime.now().strftime("%Y-%m-%d %H:%M")}
        try:
            self.path.write_text(json.dumps(data), encoding="utf-8")
            self._held = True
        except OSError:
            pass
        return None

    def release(self) -> None:
        if not self._held:
            return
        self._held = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if int(data.get("pid", -1)) == os.getpid():
                self.path.unlink()
        except (OSError, ValueError):
            pass
