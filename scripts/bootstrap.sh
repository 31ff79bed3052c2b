#!/usr/bin/env bash
# Idempotent bootstrap shared by ./run.sh and ./test.sh (TOOLCHAIN.md §3 and §10).
# On a fresh Debian 12 that has only python3 it installs the system libraries Qt needs, uv, and
# .venv exactly from uv.lock. A second run only checks and takes well under a second.
# Usage: source scripts/bootstrap.sh   (sets PATH so that `uv` is found)

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Python itself (python3-venv gives ensurepip, which .tools needs), Qt offscreen, Qt xcb under Xvfb.
APT_PYTHON=(python3 python3-venv ca-certificates)
APT_QT=(libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0 libbrotli1)
APT_XCB=(libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
         libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
         libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0 xvfb xauth)
# Digitisation at reception (issue 13): scanners through SANE (scanimage; its `test` device for tests),
# the Vietnamese OCR text layer (tesseract with its vie data, Ghostscript for OCRmyPDF's PDF/A output).
# A PC without them still scans from files and stores the image copy; OCR waits until tesseract is there.
APT_SCAN=(sane-utils libsane1 tesseract-ocr tesseract-ocr-vie ghostscript)

_log() { printf '[bootstrap] %s\n' "$*" >&2; }

_missing_apt() {
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || printf '%s\n' "$pkg"
    done
}

_install_system_packages() {
    command -v dpkg-query >/dev/null 2>&1 || { _log "not a Debian system: skipping apt packages"; return 0; }
    local wanted=("${APT_QT[@]}" "${APT_XCB[@]}" "${APT_SCAN[@]}")
    if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
        wanted+=("${APT_PYTHON[@]}")
    fi
    wanted+=("${BOOTSTRAP_EXTRA_APT[@]:-}")
    local missing
    mapfile -t missing < <(_missing_apt "${wanted[@]}" | sed '/^$/d')
    [ "${#missing[@]}" -eq 0 ] && return 0
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    _log "installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

_install_uv() {
    if command -v uv >/dev/null 2>&1; then return 0; fi
    if [ ! -x "$ROOT/.tools/bin/uv" ]; then
        _log "installing uv into .tools"
        python3 -m venv "$ROOT/.tools"
        "$ROOT/.tools/bin/pip" install -q --disable-pip-version-check "uv>=0.5,<0.14"
    fi
    export PATH="$ROOT/.tools/bin:$PATH"
}

_install_system_packages
_install_uv
export UV_PYTHON_DOWNLOADS=never      # never fetch an interpreter from GitHub (TOOLCHAIN.md §11.10)
export UV_PYTHON="${UV_PYTHON:-python3}"
export UV_SYSTEM_CERTS="${UV_SYSTEM_CERTS:-1}"  # trust the system CA bundle (TLS-intercepting networks)
# Byte-compile once: some machines set PYTHONDONTWRITEBYTECODE, and then every start would compile
# ~850 modules from source (3–4 s of a 4.7 s cold start, measured). Python still reads existing .pyc.
export UV_COMPILE_BYTECODE=1
uv sync --locked --quiet
"$ROOT/.venv/bin/python" -m compileall -q -j 0 "$ROOT/counter_app" "$ROOT/db" "$ROOT/district_server" >/dev/null
