#!/usr/bin/env bash
# Start the counter application on its embedded SQLite default (./run.sh --help for options).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/scripts/bootstrap.sh"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    exec xvfb-run -a -s "-screen 0 1366x768x24" uv run --locked --no-sync python main.py "$@"
fi
exec uv run --locked --no-sync python main.py "$@"
