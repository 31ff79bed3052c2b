"""``python -m counter_app.cli``: the same as ``counter-app``."""

import sys

from counter_app.cli import main

sys.exit(main())
