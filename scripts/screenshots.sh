#!/usr/bin/env bash
# Screenshots of every screen under Xvfb, into docs/images/ (README and user guides use them).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
unset QT_QPA_PLATFORM
exec xvfb-run -a -s "-screen 0 1366x900x24" uv run --no-sync python scripts/screenshots.py "$@"
