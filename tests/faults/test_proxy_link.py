"""The fault proxy's slow link and one-off cut, against a plain loopback sink (what the paper tests rely on)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from tests.faults.proxy import Proxy


class Sink:
    """A TCP server that reads each connection to its end and records how many bytes came."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received: list[bytes] = []
        self.done = threading.Condition()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn: socket.socket) -> None:
        data = bytearray()
        with conn:
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    break
                if not chunk:
                    break
                data.extend(chunk)
        with self.done:
            self.received.append(bytes(data))
            self.done.notify_all()

    def wait(self, count: int, timeout: float = 60) -> list[bytes]:
        with self.done:
            assert self.done.wait_for(lambda: len(self.received) >= count, timeout)
            return list(self.received)


@pytest.fixture
def sink() -> Iterator[Sink]:
    found = Sink()
    yield found
    found.server.close()


def send(port: int, data: bytes) -> None:
    """Send ``data``, close, wait for the other end to close (a broken connection is not an error here)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
            sock.recv(1)
    except OSError:
        pass


def test_a_throttled_link_carries_its_rate_and_no_more(sink: Sink) -> None:
    proxy = Proxy(sink.port)
    try:
        proxy.throttle(256)
        data = b"x" * 96_000  # 3 s at 256 kbit/s
        started = time.perf_counter()
        send(proxy.port, data)
        got = sink.wait(1)
        seconds = time.perf_counter() - started
        assert got == [data]
        assert 3.0 * 0.98 <= seconds <= 3.0 * 1.05, seconds
        proxy.throttle(None)  # full speed again
        started = time.perf_counter()
        send(proxy.port, data)
        sink.wait(2)
        assert time.perf_counter() - started < 1.0
    finally:
        proxy.close()


def test_a_one_off_cut_lets_exactly_k_bytes_through_after_the_pattern_then_passes(sink: Sink) -> None:
    proxy = Proxy(sink.port)
    try:
        proxy.throttle(2000)  # together with a slow link, as the paper tests use it
        head = b"POST /v1/papers HTTP/1.1\r\n\r\nPATCH /v1/papers/1 HTTP/1.1\r\n\r\n"
        body = bytes(range(256)) * 40
        proxy.cut_once(5000, after=b"PATCH ")
        assert proxy.cut_pending
        send(proxy.port, head + body)
        first = sink.wait(1)[0]
        assert first == (head + body)[: head.index(b"PATCH ") + 5000]
        assert proxy.cuts == 1 and not proxy.cut_pending
        send(proxy.port, head + body)  # cut once: the next connection goes through whole
        assert sink.wait(2)[1] == head + body
    finally:
        proxy.close()


def test_a_one_off_cut_counts_from_the_call_without_a_pattern(sink: Sink) -> None:
    proxy = Proxy(sink.port)
    try:
        send(proxy.port, b"a" * 100)
        sink.wait(1)
        proxy.cut_once(150)
        send(proxy.port, b"b" * 1000)
        assert sink.wait(2)[1] == b"b" * 150
    finally:
        proxy.close()
