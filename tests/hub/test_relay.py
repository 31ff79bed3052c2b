"""The hub's SMS relay: a counter's notice reaches the phone once, is retried until a gateway takes it,
survives a hub restart, and the clerk sees it as sent.

The notices come from a real counter (its ``notified`` events pushed by the counter's sync round) into
the real hub over loopback; the HTTP gateway is a small HTTP server of the test that fails on command.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from counter_app.domain.applicant import make_applicant
from counter_app.services import dossiers, intake, notices
from counter_app.services import hub_sync as sync
from counter_app.services.context import Actor, Context
from counter_app.services.database import open_database
from counter_app.services.office import InitRequest, initialize
from counter_app.services.users import find_user
from district_server import cli, relay, service
from district_server.db import Hub, utc_now
from district_server.models import SentMessage
from district_server.relay import HttpGateway, RecordingGateway, RelayReport
from tests.conftest import ADMIN_PASSWORD, OFFICE_CODE, FakeClock
from tests.hub.conftest import HubServer, free_port

PHONE = "0912345678"
BIRTH = "2.000635"  # bản sao trích lục hộ tịch (khai sinh takes no paper since 01/10/2025)


# ---------------------------------------------------------------------------------------- a gateway stub


@dataclass
class GatewayStub:
    """An HTTP SMS gateway that answers the given statuses in turn (then 200), and records each request."""

    statuses: list[int] = field(default_factory=list)
    delay: float = 0.0
    requests: list[tuple[str | None, dict[str, Any]]] = field(default_factory=list)
    url: str = ""

    def answer(self, authorization: str | None, body: dict[str, Any]) -> int:
        time.sleep(self.delay)
        with _lock:
            self.requests.append((authorization, body))
            return self.statuses.pop(0) if self.statuses else 200

    @property
    def ids(self) -> list[str]:
        return [body["id"] for _auth, body in self.requests]


_lock = threading.Lock()


@pytest.fixture
def gateway_stub() -> Iterator[GatewayStub]:
    stub = GatewayStub()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length))
            status = stub.answer(self.headers.get("Authorization"), body)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"ok": true}' if status < 300 else b'{"error": "busy"}')

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stub.url = f"http://127.0.0.1:{server.server_address[1]}/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


# ---------------------------------------------------------------------------------------- a counter


@dataclass
class Scene:
    server: HubServer
    ctx: Context
    clock: FakeClock
    codes: list[str]

    @property
    def hub(self) -> Hub:
        assert self.server.hub is not None
        return self.server.hub

    def take(self, name: str = "Nguyễn Văn An") -> str:
        applicant = make_applicant(name, id_number="001190123456", phone=PHONE)
        code = intake.accept(self.ctx, intake.IntakeRequest(BIRTH, applicant)).dossier.code
        self.codes.append(code)
        return code

    def sync(self) -> None:
        report = sync.run_round(self.ctx)
        assert (report.online, report.error, report.waiting) == (True, None, 0), report

    def notice(self, code: str) -> tuple[str, str]:
        """The (state, text) of the dossier's SMS notice, as the clerk sees it on the counter."""
        rows = notices.queued_for(self.ctx, dossiers.show(self.ctx, code).id)
        [(state, text)] = [(state, text) for _kind, channel, state, text in rows if channel == "sms"]
        return state, text


def _enroll(server: HubServer, ctx: Context) -> None:
    assert server.hub is not None
    with server.hub.write() as session:
        service.add_commune(session, OFFICE_CODE, "UBND xã Tân Lập", utc_now())
        code = service.issue_enroll_code(session, OFFICE_CODE, utc_now()).code
    sync.enroll(ctx, server.url, code)


@pytest.fixture
def scene(hub_server: HubServer, ctx: Context, clock: FakeClock) -> Scene:
    """A counter enrolled at the hub that took one dossier with a phone number; synced."""
    _enroll(hub_server, ctx)
    made = Scene(hub_server, ctx, clock, [])
    made.take()
    made.sync()
    return made


def _sent_messages(hub: Hub) -> list[tuple[str, str, str]]:
    with hub.read() as session:
        return [(m.notice_uid, m.recipient, m.text) for m in session.scalars(select(SentMessage))]


# ---------------------------------------------------------------------------------------- tests


def test_recording_gateway_stores_the_message_once_and_the_clerk_sees_it_sent(
    scene: Scene, capsys: pytest.CaptureFixture[str]
) -> None:
    code = scene.codes[0]
    assert scene.notice(code)[0] == "queued"
    [queued] = relay.messages(scene.hub)
    assert (queued.dossier_code, queued.channel, queued.recipient, queued.state) == (code, "sms", PHONE, "queued")
    assert queued.text == scene.notice(code)[1]

    assert relay.relay_once(scene.hub, RecordingGateway(scene.hub)) == RelayReport(sent=1, failed=0, waiting=0)
    assert relay.relay_once(scene.hub, RecordingGateway(scene.hub)) == RelayReport(sent=0, failed=0, waiting=0)
    assert _sent_messages(scene.hub) == [(queued.notice_uid, PHONE, scene.notice(code)[1])]

    scene.sync()  # the notice.status change comes down
    assert scene.notice(code)[0] == "sent"

    assert cli.main(["--db", scene.server.db_url, "messages", "--commune", OFFICE_CODE, "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert (listed["notice_uid"], listed["state"], listed["gateway"], listed["attempts"]) == (
        queued.notice_uid,
        "sent",
        "record",
        1,
    )


def test_http_gateway_failing_twice_then_accepting_gets_the_message_once(
    scene: Scene, gateway_stub: GatewayStub
) -> None:
    gateway_stub.statuses = [503, 500]
    gateway = HttpGateway(gateway_stub.url, token="bi-mat", timeout=5)
    [queued] = relay.messages(scene.hub)
    t0 = utc_now()
    try:
        assert relay.relay_once(scene.hub, gateway, t0) == RelayReport(sent=0, failed=1, waiting=1)
        [row] = relay.messages(scene.hub)
        assert (row.state, row.attempts) == ("queued", 1)
        assert row.last_error is not None and row.last_error.startswith("HTTP 503")
        assert row.next_attempt_at == t0 + timedelta(seconds=30)

        assert relay.relay_once(scene.hub, gateway, t0 + timedelta(seconds=20)).failed == 0  # backing off
        assert len(gateway_stub.requests) == 1

        t1 = t0 + timedelta(seconds=31)
        assert relay.relay_once(scene.hub, gateway, t1) == RelayReport(sent=0, failed=1, waiting=1)
        assert relay.messages(scene.hub)[0].next_attempt_at == t1 + timedelta(seconds=60)  # doubled
        assert relay.relay_once(scene.hub, gateway, t1 + timedelta(seconds=59)).failed == 0

        t2 = t1 + timedelta(seconds=61)
        assert relay.relay_once(scene.hub, gateway, t2) == RelayReport(sent=1, failed=0, waiting=0)
        assert relay.relay_once(scene.hub, gateway, t2 + timedelta(hours=2)) == RelayReport(0, 0, 0)
    finally:
        gateway.close()

    assert len(gateway_stub.requests) == 3  # two refusals, one delivery, nothing more
    assert gateway_stub.ids == [queued.notice_uid] * 3  # the same id each time: a gateway can dedupe
    auth, body = gateway_stub.requests[-1]
    assert auth == "Bearer bi-mat"
    assert body == {"channel": "sms", "to": PHONE, "text": scene.notice(scene.codes[0])[1], "id": queued.notice_uid}
    [row] = relay.messages(scene.hub)
    assert (row.state, row.attempts, row.gateway, row.last_error, row.sent_at) == ("sent", 3, "http", None, t2)
    scene.sync()
    assert scene.notice(scene.codes[0])[0] == "sent"


def test_queued_messages_survive_a_hub_restart_and_the_clerk_sees_the_failure(scene: Scene) -> None:
    down = HttpGateway(f"http://127.0.0.1:{free_port()}/send", timeout=2)  # nothing listens there
    t = utc_now()
    try:
        for wait in (0, 30, 60):  # three failed attempts, each after its back-off
            t += timedelta(seconds=wait + 1)
            assert relay.relay_once(scene.hub, down, t) == RelayReport(sent=0, failed=1, waiting=1)
    finally:
        down.close()
    scene.sync()
    assert scene.notice(scene.codes[0])[0] == "failed"  # the clerk learns the SMS is stuck

    scene.server.restart()
    [row] = relay.messages(scene.hub)
    assert (row.state, row.attempts) == ("queued", 3)
    assert row.last_error is not None and "ConnectError" in row.last_error
    assert row.next_attempt_at == t + timedelta(seconds=120)

    later = t + timedelta(seconds=121)
    assert relay.relay_once(scene.hub, RecordingGateway(scene.hub), later) == RelayReport(1, 0, 0)
    assert [recipient for _uid, recipient, _text in _sent_messages(scene.hub)] == [PHONE]
    scene.sync()
    assert scene.notice(scene.codes[0])[0] == "sent"


class _CrashAfterSending:
    """The gateway takes the message, then the hub dies before it can mark it sent."""

    name = "record"

    def __init__(self, hub: Hub) -> None:
        self.inner = RecordingGateway(hub)

    def send(self, channel: str, recipient: str, text: str, *, message_id: str) -> None:
        self.inner.send(channel, recipient, text, message_id=message_id)
        raise KeyboardInterrupt("power cut")


def test_crash_between_sending_and_marking_sends_again_after_the_lease_never_lost(scene: Scene) -> None:
    t0 = utc_now()
    with pytest.raises(KeyboardInterrupt):
        relay.relay_once(scene.hub, _CrashAfterSending(scene.hub), t0)
    [row] = relay.messages(scene.hub)
    assert (row.state, row.attempts) == ("queued", 0)  # not marked: it will go again
    assert relay.relay_once(scene.hub, RecordingGateway(scene.hub), t0 + timedelta(minutes=1)) == RelayReport(0, 0, 1)

    after_lease = t0 + relay.LEASE + timedelta(seconds=1)
    assert relay.relay_once(scene.hub, RecordingGateway(scene.hub), after_lease) == RelayReport(1, 0, 0)
    assert len(_sent_messages(scene.hub)) == 1  # the recording gateway drops the repeat by notice UID


def test_two_relays_at_once_send_each_message_once(scene: Scene, gateway_stub: GatewayStub) -> None:
    for name in ("Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"):
        scene.take(name)
    scene.sync()
    gateway_stub.delay = 0.2
    reports: list[RelayReport] = []

    def run() -> None:
        gateway = HttpGateway(gateway_stub.url, timeout=5)
        try:
            reports.append(relay.relay_once(scene.hub, gateway))
        finally:
            gateway.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(r.sent for r in reports) == 4 and sum(r.failed for r in reports) == 0
    assert sorted(gateway_stub.ids) == sorted(m.notice_uid for m in relay.messages(scene.hub))
    assert len(set(gateway_stub.ids)) == 4


def test_relay_notices_command_sends_through_the_configured_gateway(
    scene: Scene, gateway_stub: GatewayStub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(relay.ENV_URL, gateway_stub.url)
    monkeypatch.setenv(relay.ENV_TOKEN, "bi-mat")
    assert cli.main(["--db", scene.server.db_url, "relay-notices", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"sent": 1, "failed": 0, "waiting": 0}
    assert [auth for auth, _body in gateway_stub.requests] == ["Bearer bi-mat"]
    assert cli.main(["--db", scene.server.db_url, "relay-notices"]) == 0
    assert capsys.readouterr().out.strip() == "Đã gửi 0, lỗi 0, còn chờ 0 (cổng http)."
    assert cli.main(["--db", scene.server.db_url, "messages", "--commune", "khong-co"]) == 2


def test_serve_relays_notices_in_the_background(tmp_path: Path, gateway_stub: GatewayStub) -> None:
    db_url = f"sqlite:///{tmp_path / 'hub.db'}"
    port = free_port()
    env = {**os.environ, relay.ENV_TOKEN: "bi-mat"}
    command = [sys.executable, "-m", "district_server.cli", "--db", db_url, "serve", "--port", str(port)]
    command += ["--sms-gateway", gateway_stub.url, "--relay-interval", "0.2", "--log-level", "warning"]
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    db = open_database(tmp_path / "counter", create=True)
    try:
        server = HubServer(db_url, port)  # only to reach the same database and address
        server.hub = Hub(db_url)
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{server.url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.1)
        clock = FakeClock(utc_now())
        setup = Context(db, Actor(None, "admin", "cli"), clock)
        initialize(
            setup,
            InitRequest(
                office_code=OFFICE_CODE, office_name="UBND xã Tân Lập", workstation=2, admin_password=ADMIN_PASSWORD
            ),
        )
        admin = find_user(setup, "admin")
        ctx = Context(db, Actor(admin.id, admin.username, "cli"), clock)
        _enroll(server, ctx)
        scene = Scene(server, ctx, clock, [])
        scene.take()
        scene.sync()

        deadline = time.monotonic() + 30
        while not gateway_stub.requests and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [auth for auth, _ in gateway_stub.requests] == ["Bearer bi-mat"]
        assert gateway_stub.requests[0][1]["to"] == PHONE
        deadline = time.monotonic() + 30
        while scene.notice(scene.codes[0])[0] != "sent" and time.monotonic() < deadline:
            time.sleep(0.2)
            scene.sync()
        assert scene.notice(scene.codes[0])[0] == "sent"
        server.hub.close()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        log.close()
        db.close()
