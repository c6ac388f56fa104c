"""The bundled program's entry point: the same as ``coachbench`` / ``python -m app``.

A windowed Windows or macOS build has no console: ``sys.stdout`` and ``sys.stderr`` are
None there, and a command that prints (``coachbench demo`` from a shortcut, say) would fail
on the first print. They go to the null device instead; the Windows build also has
``coachbench-cli.exe`` with a console for the command line.
"""

import os
import sys

if sys.stdout is None:
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (lives as long as the process)
if sys.stderr is None:
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115

from app.cli import main  # noqa: E402 (after the streams exist)

if __name__ == "__main__":
    if sys.argv[1:2] == ["--coachbench-reader"]:
        # A large import reads the file in a child process: in the frozen program the
        # child is this executable again (app.ingest.parallel.READER_FLAG).
        from app.ingest.parallel import child_main

        child_main()
        sys.exit(0)
    sys.exit(main())
