"""Reading a large export in a second process, so that an import uses both cores.

An import does two kinds of work of about the same size: reading and building the rows
(the CSV parser, dates, numbers, requester hashes — ``parse_file``) and handing them to
the database. Both hold Python's interpreter lock, so a thread cannot share them out; a
second process can. The child runs ``parse_file`` and sends each batch back through a
pipe (pickling a batch of tuples costs a fraction of building it), while the importing
process writes the previous batch.

The child is a fresh interpreter started for this alone (``python -c``, or the frozen
program with ``READER_FLAG``), never a copy of the caller: nothing of the window's threads
or of the caller's script comes along. It costs a few tenths of a second to start, so only
files of ``MIN_BYTES`` or more are read this way. Everything the child needs travels to
it through its stdin (the options, the row layout with its agent look-up tables); the
batches come back on its stdout; an error in the child is raised here.
"""

from __future__ import annotations

import gc
import marshal
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from app.errors import BadInputError
from app.ingest.rowtuples import RowLayout
from app.ingest.tickets import ParsedBatch, ParseOptions, RowProblem, parse_file

# Files from this size on are read by a child process. The environment variable is for
# checking the bundled program's child with a small file (installer/smoke_test.py).
MIN_BYTES = int(os.environ.get("COACHBENCH_READER_MIN_BYTES", 32 * 1024 * 1024))
QUEUED_BATCHES = 4  # batches read ahead of the writer (bounds the memory they hold)
WAIT_SECONDS = 0.2  # how often ``on_wait`` is called while no batch has come
STOP_SECONDS = 5.0
READER_FLAG = "--coachbench-reader"  # the frozen program's argument to become the child


def parse_file_in_child(path: str | Path, options: ParseOptions, *, sheet: str | None,
                        batch_size: int, layout: RowLayout | None,
                        on_wait: Callable[[], None] | None = None
                        ) -> Iterator[ParsedBatch]:
    """The batches of ``parse_file(path, ...)``, read by a child process. ``on_wait`` is
    called every WAIT_SECONDS while the next batch is not there yet (the child starting,
    a workbook loading), so the caller can keep a progress bar alive and check for Cancel.
    Stopping the iteration early stops the child. When the options or layout cannot be
    sent to another process, the file is read here as usual."""
    try:
        job = pickle.dumps((str(path), options, sheet, batch_size, layout),
                           protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return parse_file(path, options, sheet=sheet, batch_size=batch_size, layout=layout)
    child = subprocess.Popen(_child_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             env=_child_environment())
    return _receive(child, job, on_wait)


def _child_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, READER_FLAG]
    return [sys.executable, "-c", "from app.ingest.parallel import child_main; child_main()"]


def _child_environment() -> dict[str, str]:
    """The caller's environment, with the folder holding ``app`` on the path."""
    root = str(Path(__file__).resolve().parents[2])
    known = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": root + (os.pathsep + known if known else "")}


def _receive(child: subprocess.Popen, job: bytes, on_wait: Callable[[], None] | None
             ) -> Iterator[ParsedBatch]:
    arrived: queue.Queue = queue.Queue(QUEUED_BATCHES)
    stop = threading.Event()
    ended = False
    listener = threading.Thread(target=_listen, args=(child, arrived, stop), daemon=True,
                                name="reader-listener")
    try:
        assert child.stdin is not None
        child.stdin.write(job)
        child.stdin.close()
        listener.start()
        while True:
            try:
                kind, payload = arrived.get(timeout=WAIT_SECONDS)
            except queue.Empty:
                if on_wait is not None:
                    on_wait()
                continue
            if kind == "batch":
                yield payload
            elif kind == "rows":
                yield _unpacked(payload)
            elif kind == "error":
                raise payload
            else:
                ended = True
                return
    except BrokenPipeError:
        raise _stopped(child) from None
    finally:
        stop.set()
        if not ended and child.poll() is None:
            child.kill()
        try:
            child.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        while listener.is_alive():  # let it see the closed pipe and end
            try:
                arrived.get_nowait()
            except queue.Empty:
                listener.join(0.05)
        if child.stdout is not None:
            child.stdout.close()


def _listen(child: subprocess.Popen, arrived: queue.Queue, stop: threading.Event) -> None:
    """Unpickle what the child sends into ``arrived`` until its end, an error or EOF."""
    try:
        while not stop.is_set():
            message = pickle.load(child.stdout)  # type: ignore[arg-type]
            arrived.put(message)
            if message[0] not in ("batch", "rows"):
                return
    except (EOFError, OSError, ValueError, pickle.UnpicklingError):
        if not stop.is_set():
            arrived.put(("error", _stopped(child)))


def _stopped(child: subprocess.Popen) -> BadInputError:
    try:
        code = child.wait(1)  # its pipe closed: it is ending, or has ended
    except subprocess.TimeoutExpired:
        code = None
    return BadInputError("The file could not be read to the end (the reading process "
                         f"stopped{'' if code is None else f', exit code {code}'}); try "
                         "again, or save it again from the platform.")


def child_main() -> None:
    """The child: the job from stdin, every batch to stdout, then "end" (or the error)."""
    # A short-lived process that makes no reference cycles: the cyclic collector would
    # only walk the batches again and again while they are built and sent.
    gc.disable()
    # The pipes are the process's descriptors 0 and 1, whatever sys.stdin and sys.stdout
    # are (a windowed frozen program has None there, or the null device).
    out = os.fdopen(os.dup(1), "wb")
    sys.stdout = sys.stderr  # a stray print must not land in the stream of batches
    job = pickle.load(os.fdopen(os.dup(0), "rb"))
    path, options, sheet, batch_size, layout = job
    try:
        try:
            for batch in parse_file(path, options, sheet=sheet, batch_size=batch_size,
                                    layout=layout):
                pickle.dump(_packed(batch), out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()
            pickle.dump(("end", None), out, protocol=pickle.HIGHEST_PROTOCOL)
        except (BrokenPipeError, KeyboardInterrupt):
            return  # the parent stopped reading (Cancel)
        except BaseException as exc:  # sent to the parent, which raises it
            pickle.dump(("error", _sendable(exc)), out)
        out.flush()
    except BrokenPipeError:
        return


def _packed(batch: ParsedBatch) -> tuple[str, object]:
    """A batch as a message. Rows of plain values (text, numbers, None: what SQLite's
    layout makes) go as marshal data, which costs the child less than half of pickling
    them — the child is the busier of the two processes."""
    if batch.rows:
        try:
            return "rows", marshal.dumps((
                batch.rows, [(p.row, p.column, p.reason) for p in batch.problems],
                batch.rows_read, batch.fraction))
        except ValueError:  # another type (a driver that takes datetimes): pickle it
            pass
    return "batch", batch


def _unpacked(payload: bytes) -> ParsedBatch:
    rows, problems, rows_read, fraction = marshal.loads(payload)
    return ParsedBatch([], [RowProblem(*p) for p in problems], rows_read, fraction, rows=rows)


def _sendable(exc: BaseException) -> BaseException:
    """The error itself when it survives pickling, else a BadInputError with its text."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return BadInputError(f"The file could not be read ({type(exc).__name__}: {exc}).")
