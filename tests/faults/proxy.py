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

Beside the mode, two link properties that combine with any of them:

- ``throttle(kbps)`` — a slow link: each direction carries at most ``kbps`` kbit/s (1 kbit = 1,000 bits),
  shared by every connection, paced on an absolute schedule in small pieces (so 1 MB at 256 kbit/s takes
  32.8 s within a few tenths of a second). ``throttle(None)``: full speed again.
- ``cut_once(k, after=pattern)`` — the connection carrying the ``k``-th client byte (counted from the
  call, or from the first ``pattern`` a client sends after it, e.g. ``b"PATCH "``) is reset once, right
  after that byte reached the hub; then the link passes again. A cut mid-upload at a chosen byte.
  ``no_cut()`` disarms one that has not happened (so it cannot fire in a later test's traffic).

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
IDLE = 0.1  # seconds: a throttled link idle longer than this gets no credit for it


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
        self.kbps: float | None = None
        self._next_free = {True: 0.0, False: 0.0}  # per direction: when the link is free again (monotonic)
        self._pace = threading.Lock()
        self._cut_left: int | None = None  # client bytes until the one-off cut, once armed
        self._cut_after: bytes | None = None  # the pattern that arms it
        self._cut_k = 0
        self.cuts = 0  # one-off cuts done
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

    def throttle(self, kbps: float | None) -> None:
        """Each direction carries at most ``kbps`` kbit/s from now on (None: no limit)."""
        with self._pace:
            self.kbps = kbps
            now = time.monotonic()
            self._next_free = {True: now, False: now}

    def cut_once(self, k: int, after: bytes | None = None) -> None:
        """Reset the connection once the ``k``-th client byte from now (or from the first ``after`` a client
        sends) has gone through; then pass."""
        with self._lock:
            self._cut_after = after
            self._cut_left = None if after is not None else k
            self._cut_k = k

    def no_cut(self) -> None:
        """Disarm a one-off cut that has not happened."""
        with self._lock:
            self._cut_after = None
            self._cut_left = None

    @property
    def cut_pending(self) -> bool:
        """A one-off cut is armed and has not happened yet."""
        return self._cut_left is not None or self._cut_after is not None

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
                data = source.recv(self._piece())
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
            cut_at = self._one_off(outgoing, stream, data)
            if cut_at is not None:
                data = data[:cut_at]
                self._paced(outgoing, len(data))
                with contextlib.suppress(OSError):
                    sink.sendall(data)
                stream.extend(data)
                self._count(outgoing, len(data))
                time.sleep(0.05)  # the bytes reach the hub before the reset does
                break
            self._paced(outgoing, len(data))
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

    def _piece(self) -> int:
        """How much to read at once: everything there is, or ~20 ms of a throttled link (so the pacing is
        smooth and a cut lands close to its byte)."""
        kbps = self.kbps
        if kbps is None:
            return CHUNK
        return max(256, min(CHUNK, int(kbps * 1000 / 8 / 50)))

    def _paced(self, outgoing: bool, size: int) -> None:
        """Wait for this direction's turn on a throttled link: ``size`` bytes take ``size·8/kbps`` ms."""
        kbps = self.kbps
        if kbps is None or size == 0:
            return
        with self._pace:
            now = time.monotonic()
            free = self._next_free[outgoing]
            # A link busy until just now goes on from where it was (the pump's own latency is not lost
            # time); one idle for a while starts afresh (no credit for the silence).
            start = free if now - free < IDLE else max(now, free)
            end = self._next_free[outgoing] = start + size * 8 / (kbps * 1000)
        # Sent at the end of its slot: the bytes arrive no earlier than the link could carry them.
        wait = end - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def _one_off(self, outgoing: bool, stream: bytearray, data: bytes) -> int | None:
        """Where in ``data`` the armed one-off cut falls (bytes to let through), or None."""
        if not outgoing:
            return None
        with self._lock:
            if self._cut_after is not None:
                window = bytes(stream[-len(self._cut_after) :]) + data
                at = window.find(self._cut_after)
                if at < 0:
                    return None
                begin = max(0, at - (len(window) - len(data)))
                self._cut_after = None
                self._cut_left = self._cut_k
                data = data[begin:]
                offset = begin
            else:
                offset = 0
            if self._cut_left is None:
                return None
            if len(data) < self._cut_left:
                self._cut_left -= len(data)
                return None
            through = offset + self._cut_left
            self._cut_left = None
            self.cuts += 1
            return through

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
