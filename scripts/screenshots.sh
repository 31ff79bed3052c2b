#!/usr/bin/env bash
# Screenshots of every screen under Xvfb, into docs/images/ (README and user guides use them), and
# pictures of every printed form into docs/images/forms/ (no display needed; skipped when only some
# screens are named, unless "forms" is one of them).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
unset QT_QPA_PLATFORM
if [[ $# -eq 0 || " $* " == *" forms "* ]]; then
    uv run --no-sync python scripts/form_pictures.py
fi
screens=()
for name in "$@"; do [[ $name == forms ]] || screens+=("$name"); done
if [[ $# -gt 0 && ${#screens[@]} -eq 0 ]]; then exit 0; fi
exec xvfb-run -a -s "-screen 0 1366x900x24" uv run --no-sync python scripts/screenshots.py "${screens[@]}"
