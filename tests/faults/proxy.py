"""A loopback TCP proxy the fault tests control, put between a counter and the real hub.

Modes (set at any time, they apply to connections from then on, and ``cut_*`` / ``delay`` also to
connections already open):

- ``pass`` — forward both ways.
- ``down`` — the link is down: the listening socket is closed, so connections are refused; open
  connections are reset. ``up()`` listens again on the same port.
- ``cut_request`` — each connection is reset once ``n`` bytes of the client's requests went through
  (the hub sees a truncated request).
- ``cut_response`` — requests go through whole, the client gets only ``n`` bytes of the answers and then
  a reset (the hub did the work, the counter never heard back).
- ``delay`` — each chunk of an answer waits ``seconds`` first.

It counts bytes each way (``sent``: client → hub, ``received``: hub → client), keeps the raw byte stream
each connection sent (``captures``, for replaying a request as it was) and fires ``watch(k)`` when ``k``
bytes have passed in total since the call, ``watch_request(pattern)`` when a client sends ``pattern``
(a test kills the counter or the hub at that moment).
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from dataclasses import dataclass, field

CHUNK = 65536


@dataclass
class Capture:
    """One client connection: what it sent (requests) and what came back."""

    request: bytearray = field(default_factory=bytearray)
    response: bytearray = field(default_factory=bytearray)


def _reset(sock: socket.socket) -> None:
    """Close with RST (SO_LINGER 0): the peer sees a broken connection, not a clean end."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)  # wakes the pump blocked in recv() on it, so the close takes effect
    with contextlib.suppress(OSError):
        sock.close()


class Proxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1", port: int = 0) -> None:
        self.target = (target_host, target_port)
        self.mode = "pass"
        self.n = 0
        self.seconds = 0.0
        self.sent = 0
        self.received = 0
        self.connections = 0
        self.captures: list[Capture] = []
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._ended: dict[tuple[socket.socket, socket.socket], int] = {}
        self._watch_at: int | None = None
        self._watched = threading.Event()
        self._pattern: bytes | None = None
        self._pattern_seen = threading.Event()
        self._listener: socket.socket | None = None
        self._closed = False
        self.port = port
        self.up()

    # ------------------------------------------------------------------ control

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def up(self) -> None:
        """Listen (again) on the proxy's port and forward."""
        with self._lock:
            self.mode = "pass"
            if self._listener is not None:
                return
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen(64)
            self.port = listener.getsockname()[1]
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), name=f"proxy-{self.port}", daemon=True).start()

    def down(self) -> None:
        """The link is down: refuse new connections and reset the open ones."""
        with self._lock:
            self.mode = "down"
            listener, self._listener = self._listener, None
            open_now = list(self._open)
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        for sock in open_now:
            _reset(sock)

    def set(self, mode: str, n: int = 0, seconds: float = 0.0) -> None:
        """``pass``, ``cut_request`` (after ``n`` bytes), ``cut_response`` (after ``n``), ``delay`` (``seconds``)."""
        if mode not in ("pass", "cut_request", "cut_response", "delay"):
            raise ValueError(mode)
        if self._listener is None:
            self.up()
        self.mode, self.n, self.seconds = mode, n, seconds

    def reset_counts(self) -> None:
        with self._lock:
            self.sent = self.received = self.connections = 0
            self.captures.clear()

    def watch(self, k: int) -> threading.Event:
        """An event set once ``k`` more bytes (both ways) have passed through."""
        with self._lock:
            self._watch_at = self.sent + self.received + k
            self._watched = threading.Event()
            return self._watched

    def watch_request(self, pattern: bytes) -> threading.Event:
        """An event set once a client sends ``pattern`` (e.g. ``b"GET /v1/changes"``: the pull began)."""
        with self._lock:
            self._pattern = pattern
            self._pattern_seen = threading.Event()
            return self._pattern_seen

    def close(self) -> None:
        self._closed = True
        self.down()

    # ------------------------------------------------------------------ forwarding

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed: the link went down
            if self.mode == "down" or self._closed:
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=10)
            except OSError:
                _reset(client)  # the hub is not there: the counter sees a broken connection
                continue
            upstream.settimeout(None)
            for sock in (client, upstream):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            capture = Capture()
            with self._lock:
                self.connections += 1
                self.captures.append(capture)
                self._open.update((client, upstream))
            pair = (client, upstream)
            threading.Thread(target=self._pump, args=(client, upstream, True, capture, pair), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False, capture, pair), daemon=True).start()

    def _count(self, outgoing: bool, size: int) -> None:
        with self._lock:
            if outgoing:
                self.sent += size
            else:
                self.received += size
            if self._watch_at is not None and self.sent + self.received >= self._watch_at:
                self._watch_at = None
                self._watched.set()

    def _pump(
        self,
        source: socket.socket,
        sink: socket.socket,
        outgoing: bool,
        capture: Capture,
        pair: tuple[socket.socket, socket.socket],
    ) -> None:
        stream = capture.request if outgoing else capture.response
        while True:
            try:
                data = source.recv(CHUNK)
            except OSError:
                break
            if not data:  # a clean end: pass it on, the other direction goes on until it ends too
                with contextlib.suppress(OSError):
                    sink.shutdown(socket.SHUT_WR)
                self._finish(pair, reset=False)
                return
            mode, n = self.mode, self.n
            if mode == "down":
                break
            cutting = (mode == "cut_request" and outgoing) or (mode == "cut_response" and not outgoing)
            if cutting and len(stream) + len(data) >= n:
                data = data[: max(0, n - len(stream))]
                with contextlib.suppress(OSError):
                    sink.sendall(data)
                stream.extend(data)
                self._count(outgoing, len(data))
                if not outgoing:
                    time.sleep(0.05)  # let the partial answer reach the client before the reset
                break
            if mode == "delay" and not outgoing:
                time.sleep(self.seconds)
            try:
                sink.sendall(data)
            except OSError:
                break
            stream.extend(data)
            self._count(outgoing, len(data))
            pattern = self._pattern
            if outgoing and pattern is not None and pattern in stream[-(len(data) + len(pattern)) :]:
                self._pattern = None
                self._pattern_seen.set()
        self._finish(pair, reset=True)  # broken on purpose or by a peer: reset both sides

    def _finish(self, pair: tuple[socket.socket, socket.socket], *, reset: bool) -> None:
        with self._lock:
            ended = self._ended.get(pair, 0) + 1
            self._ended[pair] = ended
            done = reset or ended >= 2
            if done:
                self._open.difference_update(pair)
                self._ended.pop(pair, None)
        if done:
            for sock in pair:
                if reset:
                    _reset(sock)
                else:
                    with contextlib.suppress(OSError):
                        sock.close()


# ---------------------------------------------------------------------- raw HTTP/1.1


def split_requests(stream: bytes) -> list[bytes]:
    """The complete HTTP/1.1 requests (head and Content-Length body) in a captured client stream."""
    found = []
    rest = bytes(stream)
    while True:
        head_end = rest.find(b"\r\n\r\n")
        if head_end < 0:
            return found
        head = rest[:head_end].decode("latin-1")
        length = 0
        for line in head.split("\r\n")[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        end = head_end + 4 + length
        if len(rest) < end:
            return found
        found.append(rest[:end])
        rest = rest[end:]


def exchange(port: int, request: bytes, timeout: float = 30.0) -> tuple[int, bytes]:
    """Send one raw request to 127.0.0.1:``port``; the answer's status and body (Content-Length framed)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        data = b""
        while True:
            head_end = data.find(b"\r\n\r\n")
            if head_end >= 0:
                head = data[:head_end].decode("latin-1")
                lines = head.split("\r\n")
                status = int(lines[0].split()[1])
                length = 0
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value.strip())
                if len(data) >= head_end + 4 + length:
                    return status, data[head_end + 4 : head_end + 4 + length]
            chunk = sock.recv(CHUNK)
            if not chunk:
                raise ConnectionError("the connection closed before a whole answer came back")
            data += chunk
