#!/usr/bin/env bash
# The district server (hub) in one command on a fresh Debian 12, e.g.
#   ./hub.sh serve --host 0.0.0.0 --port 8080 --public-url http://hub.example:8080
#   ./hub.sh commune add --code 000.12.34.H26 --name "UBND xã Tân Lập"
# Arguments go to `district-server` (./hub.sh --help). Same bootstrap as ./run.sh and ./test.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/scripts/bootstrap.sh"
exec uv run --locked --no-sync district-server "$@"
