"""A file's SHA-256, computed beside the work that reads the file.

Every import records the SHA-256 of its file. Hashing a large export first would add its
reading time to the import's; hashlib works without the GIL, so a thread hashes the file
while the rows are read, and on two cores that costs the import no time.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from app.errors import BadInputError


def file_sha256(path: Path, stop: threading.Event | None = None) -> str:
    """The file's SHA-256, read in chunks (``stop`` set: gives up, returns "")."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(4 * 1024 * 1024):
            if stop is not None and stop.is_set():
                return ""
            digest.update(chunk)
    return digest.hexdigest()


class FileHash:
    """``file_sha256`` in a thread of its own: hashlib works without the GIL, so on two
    cores hashing a large file costs the import no time."""

    def __init__(self, path: Path) -> None:
        self._stop = threading.Event()
        self._value: str | None = None
        self._error: OSError | None = None
        self._thread = threading.Thread(target=self._run, args=(path,), daemon=True,
                                        name="file-hash")
        self._thread.start()

    def _run(self, path: Path) -> None:
        try:
            self._value = file_sha256(path, self._stop)
        except OSError as exc:
            self._error = exc

    def result(self) -> str:
        self._thread.join()
        if self._error is not None:
            name = Path(self._error.filename).name if self._error.filename else "The file"
            raise BadInputError(f"{name} could not be read to the end "
                                f"({self._error.strerror or self._error}).")
        return self._value or ""

    def stop(self) -> None:
        self._stop.set()
