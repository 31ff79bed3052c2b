"""Sneakernet files and hub answers are inflated with a cap (counter_app.sync.inflate), on both sides.

A gzip bomb — 2 MB on the USB stick, 512 MiB once inflated — is refused with one line and exit 2 by
``district-server import-sync`` and ``counter-app import-sync-answer``; nothing is written, and the peak
memory of the process stays near the cap instead of holding the whole inflated file (before the cap:
over 1 GB, then a traceback). The peak is the child's own ``VmHWM`` (the high-water mark of the program
it runs), read as it exits: rusage's ``ru_maxrss`` also counts the forked copy of the test process, so it
grew with the test run (852 MiB measured in a full run, for a program that peaks at 330 MiB).
"""

from __future__ import annotations

import gzip
import http.server
import os
import subprocess
import sys
import threading
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.domain.errors import DomainError
from counter_app.sync import inflate
from counter_app.sync.client import HubClient
from counter_app.sync.protocol import ProtocolError
from tests.cli.conftest import Cli

MiB = 1024 * 1024
INFLATED = 512 * MiB  # twice the cap
# The process may hold the cap's worth of inflated bytes, plus the interpreter and the imports;
# the whole bomb (512 MiB as bytes, then as text) is far above this.
# Measured: 330 MiB for either CLI (the cap's 256 MiB, the interpreter and the imports, 70 MiB).
PEAK_RSS_LIMIT = 2 * inflate.MAX_SYNC_DATA  # the bomb inflates to 512 MiB; reading it whole took > 4 GiB
# Runs the module given as argv[1] as ``python -m`` would, and writes the process's VmHWM (KiB) to
# $PEAK_FILE at exit, including exits through SystemExit.
_PEAK_WRAPPER = """
import atexit, os, runpy, sys
def _peak():
    with open("/proc/self/status") as status:
        kib = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["PEAK_FILE"], "w") as out:
        out.write(kib)
atexit.register(_peak)
module = sys.argv.pop(1)
sys.argv[0] = module
runpy.run_module(module, run_name="__main__", alter_sys=True)
"""


def _bomb_bytes() -> bytes:
    """One gzip member of 512 MiB of a JSON-looking prefix and spaces (compresses ~230×)."""
    compressor = zlib.compressobj(1, wbits=31)
    parts = [compressor.compress(b'{"format": "hsmc-sync-answer/1", "items": [')]
    block = b" " * (4 * MiB)
    parts.extend(compressor.compress(block) for _ in range(INFLATED // len(block)))
    parts.append(compressor.compress(b"]}") + compressor.flush())
    return b"".join(parts)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("usb") / "bom.hsmc"
    path.write_bytes(_bomb_bytes())
    assert path.stat().st_size < 4 * MiB
    return path


def _run(tmp_path: Path, module: str, *args: str) -> tuple[int, str, int]:
    """A CLI (``python -m module``) in its own process: exit code, stderr, and its own peak RSS in bytes."""
    peak_file = tmp_path / "peak-kib"
    env = {**os.environ, "PEAK_FILE": str(peak_file)}
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_WRAPPER, module, *args], env=env, capture_output=True, check=False
    )
    return done.returncode, done.stderr.decode("utf-8"), int(peak_file.read_text()) * 1024


def test_hub_import_sync_refuses_a_gzip_bomb_with_bounded_memory(bomb: Path, tmp_path: Path) -> None:
    answer = tmp_path / "tra-loi.hsmc"
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    code, err, peak = _run(
        tmp_path, "district_server.cli", "--db", db, "import-sync", str(bomb), "--answer", str(answer)
    )
    assert code == 2, err
    assert err.strip().splitlines() == [
        f"Tệp đồng bộ quá lớn (hơn {inflate.MAX_SYNC_DATA // MiB} MB sau khi giải nén): không nhận, không ghi gì."
    ]
    assert not answer.exists() and not answer.with_name(answer.name + ".part").exists()
    assert peak < PEAK_RSS_LIMIT, f"peak RSS {peak // MiB} MiB"


def test_counter_import_sync_answer_refuses_a_gzip_bomb_with_bounded_memory(
    bomb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    counter = Cli(tmp_path / "data", capsys)
    office = ["--office-code", "000.12.34.H26", "--office-name", "UBND xã Tân Lập", "--workstation", "2"]
    assert counter("init", *office, "--admin-password-stdin", stdin="mat-khau-123\n")[0] == 0
    audit_before = counter.table_count("audit_entry")
    code, err, peak = _run(
        tmp_path, "counter_app", "--data-dir", str(counter.data_dir), "import-sync-answer", str(bomb)
    )
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Dữ liệu đồng bộ quá lớn" in lines[0] and "256 MB" in lines[0], err
    assert counter.table_count("audit_entry") == audit_before  # nothing recorded, nothing applied
    assert peak < PEAK_RSS_LIMIT, f"peak RSS {peak // MiB} MiB"


class _BombHub(http.server.BaseHTTPRequestHandler):
    """Not our hub: a hostile server on loopback that answers every request with the bomb, gzip-encoded."""

    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def bomb_server(bomb: Path) -> Iterator[str]:
    _BombHub.body = bomb.read_bytes()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _BombHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_counter_client_inflates_a_hub_answer_with_the_cap(bomb_server: str) -> None:
    tracemalloc.start()
    try:
        with HubClient(bomb_server) as client, pytest.raises(ProtocolError) as refused:
            client.health()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.code == "sync.data_too_large"
    assert peak < inflate.MAX_SYNC_DATA + 32 * MiB, f"peak {peak // MiB} MiB"


def test_capped_inflation_keeps_every_valid_file_and_refuses_the_rest() -> None:
    text = "Nguyễn Thị Hồng Nhung".encode()
    members = gzip.compress(text) + gzip.compress(b" " + text)  # several gzip members, as `cat a.gz b.gz`
    assert inflate.inflate_bytes(members) == text + b" " + text
    assert inflate.inflate_bytes(text) == text  # plain JSON files are read too
    assert inflate.inflate_bytes(gzip.compress(bytes(1000)), 1000) == bytes(1000)  # exactly at the cap
    with pytest.raises(inflate.InflatedTooLarge):
        inflate.inflate_bytes(gzip.compress(bytes(1001)), 1000)
    with pytest.raises(inflate.InflatedTooLarge):
        inflate.inflate_bytes(bytes(1001), 1000)  # plain bytes have the same cap
    for cut in (gzip.compress(text)[:-9], b"\x1f\x8bnot gzip"):
        with pytest.raises(DomainError) as broken:
            inflate.inflate_bytes(cut)
        assert broken.value.code == "sync.file_unreadable"
