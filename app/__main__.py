"""``python -m app``: the same as the ``coachbench`` command."""

import sys

from app.cli import main

sys.exit(main())
