"""``python -m counter_app``: the CLI (and, with no command, the desktop app)."""

import sys

from counter_app.cli import main

sys.exit(main())
