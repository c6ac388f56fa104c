"""``python -m app``: the same as the ``coachbench`` command."""

import sys

from app.cli import main

# The guard matters: a child process the import starts ("spawn") imports this module again.
if __name__ == "__main__":
    sys.exit(main())
