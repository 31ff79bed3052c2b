"""The SMS and e-mail relay: the hub sends the notices that counters queued, through a gateway.

A counter's ``notified`` event becomes an :class:`OutgoingMessage` row (state ``queued``). A relay round
(:func:`relay_once`) sends every due row through a :class:`Gateway` and then marks it ``sent``, or
records the error and tries again later with exponential back-off (30 s doubling, at most 1 h). A
message is never dropped: it stays queued until a gateway takes it.

Delivery is at least once, and in ordinary operation exactly once:

* A round first *claims* each row in its own committed transaction by moving ``next_attempt_at`` a lease
  (5 min) ahead, with a conditional UPDATE; a second relay (the ``serve`` loop and a one-shot
  ``relay-notices``, or two hub processes) finds the row not due and skips it.
* Only then is the gateway called, outside any transaction; the row is marked ``sent`` afterwards. A
  gateway failure is a definite "not sent", so an ordinary retry never duplicates.
* A crash between the gateway's answer and the mark leaves the row queued with its lease: it is sent
  again when the lease runs out. That is the one duplicate SMS the design accepts; every request carries
  the notice UID as ``id`` so a gateway can drop it, and the recording gateway does so itself.

Once sent, a ``notice.status`` change (``sent``) goes to the commune's counters, in the same transaction
as the mark; after :data:`REPORT_FAILURE_AFTER` failed attempts a ``failed`` change tells the clerk the
notice is stuck (it is still retried, and a later ``sent`` replaces it).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from counter_app.domain.privacy import RedactingFilter
from district_server import service
from district_server.changes import append_change
from district_server.models import Commune, HubDossier, OutgoingMessage, SentMessage

log = logging.getLogger(__name__)
log.addFilter(RedactingFilter())  # a gateway's error may quote the recipient's phone or e-mail

BACKOFF_START = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
LEASE = timedelta(minutes=5)  # longer than any gateway timeout
REPORT_FAILURE_AFTER = 3
DEFAULT_INTERVAL = 10.0
# A round claims and sends this many rows at a time, then pauses so that a push waiting for SQLite's write
# lock gets it (the busy handler retries at most 100 ms apart): thousands of queued notices never hold
# the lock for a whole round. Fewer rows under lease at once, too.
CLAIM_SIZE = 20
CLAIM_PAUSE = 0.12
ENV_URL = "DISTRICT_SERVER_SMS_URL"
ENV_TOKEN = "DISTRICT_SERVER_SMS_TOKEN"


class Sessions(Protocol):
    """What the relay needs of the hub: short read and write units of work."""

    def read(self) -> AbstractContextManager[Session]: ...

    def write(self) -> AbstractContextManager[Session]: ...


class GatewayError(Exception):
    """The gateway did not take the message; it will be tried again."""


class Gateway(Protocol):
    name: str

    def send(self, channel: str, recipient: str, text: str, *, message_id: str) -> None:
        """Hand one message over; raise :class:`GatewayError` when it was not taken."""


class RecordingGateway:
    """The default gateway: records each message in the hub's database (``sent_message``), once per notice."""

    name = "record"

    def __init__(self, hub: Sessions, clock: Callable[[], datetime] | None = None) -> None:
        self._hub = hub
        self._clock = clock or _utc_now

    def send(self, channel: str, recipient: str, text: str, *, message_id: str) -> None:
        with self._hub.write() as session:
            known = session.scalar(select(SentMessage.id).where(SentMessage.notice_uid == message_id).limit(1))
            if known is None:
                session.add(
                    SentMessage(
                        notice_uid=message_id, channel=channel, recipient=recipient, text=text, sent_at=self._clock()
                    )
                )


class HttpGateway:
    """An SMS provider (or a bridge to one) behind an HTTP endpoint.

    ``POST url`` with ``{"channel", "to", "text", "id"}`` (``id`` is the notice UID, for de-duplication)
    and ``Authorization: Bearer <token>`` when a token is set. Any 2xx answer means sent; anything else,
    a timeout or a connection error raises :class:`GatewayError`.
    """

    name = "http"

    def __init__(self, url: str, token: str | None = None, timeout: float = 10.0) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.url = url
        self._client = httpx.Client(timeout=timeout, headers=headers)

    def send(self, channel: str, recipient: str, text: str, *, message_id: str) -> None:
        body = {"channel": channel, "to": recipient, "text": text, "id": message_id}
        try:
            answer = self._client.post(self.url, json=body)
        except httpx.HTTPError as error:
            raise GatewayError(f"{type(error).__name__}: {error}") from error
        if not answer.is_success:
            raise GatewayError(f"HTTP {answer.status_code}: {answer.text[:200]}")

    def close(self) -> None:
        self._client.close()


def make_gateway(hub: Sessions, url: str | None = None, token: str | None = None) -> Gateway:
    """The HTTP gateway when a URL is configured, else the recording one."""
    if url:
        return HttpGateway(url, token)
    return RecordingGateway(hub)


@dataclass(frozen=True)
class RelayReport:
    sent: int
    failed: int
    waiting: int  # still queued after the round (due later, or failed now)


@dataclass(frozen=True)
class _Claimed:
    id: int
    notice_uid: str
    commune_id: int
    channel: str
    recipient: str
    text: str
    attempts: int
    lease_until: datetime


def _utc_now() -> datetime:
    return datetime.now(UTC)


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 30 s, 1 min, 2 min, … at most 1 h."""
    exponent: int = min(max(attempts - 1, 0), 20)
    wait = BACKOFF_START * (1 << exponent)
    return wait if wait < BACKOFF_CAP else BACKOFF_CAP


def _claim(hub: Sessions, now: datetime, limit: int) -> list[_Claimed]:
    lease_until = now + LEASE
    claimed: list[_Claimed] = []
    with hub.write() as session:
        due = session.execute(
            select(OutgoingMessage)
            .where(OutgoingMessage.state == "queued", OutgoingMessage.next_attempt_at <= now)
            .order_by(OutgoingMessage.next_attempt_at, OutgoingMessage.id)
            .limit(limit)
        ).scalars()
        rows = [
            (r.id, r.next_attempt_at, r.notice_uid, r.commune_id, r.channel, r.recipient, r.text, r.attempts)
            for r in due
        ]
        for row_id, was_due, notice_uid, commune_id, channel, recipient, text, attempts in rows:
            taken = session.execute(
                update(OutgoingMessage)
                .where(
                    OutgoingMessage.id == row_id,
                    OutgoingMessage.state == "queued",
                    OutgoingMessage.next_attempt_at == was_due,
                )
                .values(next_attempt_at=lease_until)
                .execution_options(synchronize_session=False)
            )
            if _rowcount(taken) == 1:
                claimed.append(
                    _Claimed(row_id, notice_uid, commune_id, channel, recipient, text, attempts, lease_until)
                )
    return claimed


def _rowcount(result: Any) -> int:
    return int(result.rowcount)


def _status_change(session: Session, message: _Claimed, state: str, at: datetime, error: str | None) -> None:
    body = {"notice_uid": message.notice_uid, "state": state, "at": at.astimezone(UTC).isoformat(), "error": error}
    append_change(session, message.commune_id, "notice.status", body)


def _mark_sent(hub: Sessions, message: _Claimed, gateway: Gateway, now: datetime) -> None:
    with hub.write() as session:
        done = session.execute(
            update(OutgoingMessage)
            .where(OutgoingMessage.id == message.id, OutgoingMessage.state == "queued")
            .values(state="sent", sent_at=now, gateway=gateway.name, attempts=message.attempts + 1, last_error=None)
            .execution_options(synchronize_session=False)
        )
        if _rowcount(done) == 1:  # not already marked by a relay that took over an expired lease
            _status_change(session, message, "sent", now, None)


def _mark_failed(hub: Sessions, message: _Claimed, now: datetime, error: str) -> None:
    attempts = message.attempts + 1
    with hub.write() as session:
        done = session.execute(
            update(OutgoingMessage)
            .where(
                OutgoingMessage.id == message.id,
                OutgoingMessage.state == "queued",
                OutgoingMessage.next_attempt_at == message.lease_until,
            )
            .values(attempts=attempts, last_error=error[:1000], next_attempt_at=now + backoff(attempts))
            .execution_options(synchronize_session=False)
        )
        if _rowcount(done) == 1 and attempts == REPORT_FAILURE_AFTER:
            _status_change(session, message, "failed", now, error[:1000])


def waiting(hub: Sessions) -> int:
    with hub.read() as session:
        return int(
            session.scalar(select(func.count()).select_from(OutgoingMessage).where(OutgoingMessage.state == "queued"))
            or 0
        )


def relay_once(hub: Sessions, gateway: Gateway, now: datetime | None = None, limit: int = 100) -> RelayReport:
    """Send what is due now through ``gateway``; every message is either sent or queued again.

    At most ``limit`` messages, claimed :data:`CLAIM_SIZE` at a time with a pause between the groups.
    """
    now = now or _utc_now()
    sent = failed = 0
    remaining = limit
    while remaining > 0:
        claimed = _claim(hub, now, min(CLAIM_SIZE, remaining))
        remaining -= len(claimed)
        for message in claimed:
            try:
                gateway.send(message.channel, message.recipient, message.text, message_id=message.notice_uid)
            except GatewayError as error:
                _mark_failed(hub, message, now, str(error) or type(error).__name__)
                failed += 1
                log.warning("notice %s not sent (attempt %d): %s", message.notice_uid, message.attempts + 1, error)
            else:
                _mark_sent(hub, message, gateway, now)
                sent += 1
        if len(claimed) < CLAIM_SIZE or remaining <= 0:
            break
        time.sleep(CLAIM_PAUSE)
    return RelayReport(sent, failed, waiting(hub))


# ---------------------------------------------------------------------------------------- listing


@dataclass(frozen=True)
class MessageRow:
    notice_uid: str
    commune: str
    dossier_code: str
    channel: str
    recipient: str
    text: str
    state: str
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None  # None once sent
    gateway: str | None
    created_at: datetime
    sent_at: datetime | None

    def as_json(self) -> dict[str, Any]:
        def iso(moment: datetime | None) -> str | None:
            return None if moment is None else moment.astimezone(UTC).isoformat()

        return {
            "notice_uid": self.notice_uid,
            "commune": self.commune,
            "dossier_code": self.dossier_code,
            "channel": self.channel,
            "recipient": self.recipient,
            "text": self.text,
            "state": self.state,
            "attempts": self.attempts,
            "last_error": self.last_error,
            "next_attempt_at": iso(self.next_attempt_at),
            "gateway": self.gateway,
            "created_at": iso(self.created_at),
            "sent_at": iso(self.sent_at),
        }


def messages(hub: Sessions, commune: str | None = None, limit: int = 1000) -> list[MessageRow]:
    """Outgoing messages, newest first, optionally of one commune (by code)."""
    query = (
        select(OutgoingMessage, Commune.code, HubDossier.code)
        .join(Commune, Commune.id == OutgoingMessage.commune_id)
        .join(HubDossier, HubDossier.id == OutgoingMessage.dossier_id)
        .order_by(OutgoingMessage.created_at.desc(), OutgoingMessage.id.desc())
        .limit(limit)
    )
    with hub.read() as session:
        if commune is not None:  # an unknown or malformed code raises HubError (the CLI's exit 2)
            query = query.where(OutgoingMessage.commune_id == service.commune_by_code(session, commune).id)
        return [
            MessageRow(
                notice_uid=m.notice_uid,
                commune=commune_code,
                dossier_code=dossier_code,
                channel=m.channel,
                recipient=m.recipient,
                text=m.text,
                state=m.state,
                attempts=m.attempts,
                last_error=m.last_error,
                next_attempt_at=None if m.state == "sent" else m.next_attempt_at,
                gateway=m.gateway,
                created_at=m.created_at,
                sent_at=m.sent_at,
            )
            for m, commune_code, dossier_code in session.execute(query)
        ]


# ---------------------------------------------------------------------------------------- background loop


class RelayLoop:
    """A daemon thread running :func:`relay_once` every ``interval`` seconds until :meth:`stop`."""

    def __init__(self, hub: Sessions, gateway: Gateway, interval: float = DEFAULT_INTERVAL) -> None:
        self.hub = hub
        self.gateway = gateway
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sms-relay", daemon=True)

    def start(self) -> RelayLoop:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                report = relay_once(self.hub, self.gateway)
                if report.sent or report.failed:
                    log.info("relay: %d sent, %d failed, %d waiting", report.sent, report.failed, report.waiting)
            except Exception:  # the loop must outlive a database hiccup; the rows stay queued
                log.exception("relay round failed")
            self._stop.wait(self.interval)

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        close = getattr(self.gateway, "close", None)
        if close is not None:
            close()
