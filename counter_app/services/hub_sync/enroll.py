"""Enrolment: this PC at the hub with a one-time code, and its credential stored."""

from __future__ import annotations

from counter_app.domain.errors import InvalidInput
from counter_app.domain.text import clean
from counter_app.services import audit, signing
from counter_app.services.context import Context
from counter_app.services.hub_sync.push import requeue_sent
from counter_app.services.hub_sync.state import EnrollResult, clock_offset
from counter_app.services.office import current_office
from counter_app.storage.models import (
    Office,
    SyncState,
)
from counter_app.sync.client import HubClient
from counter_app.sync.protocol import EnrollRequest


def _office_facts(ctx: Context) -> tuple[Office, bytes]:
    """The office row (detached copy of its columns) with a key pair ensured."""
    with ctx.db.write() as session:
        office = current_office(session)
        signing.ensure_keys(session, ctx.actor, ctx.now(), office)
        assert office.public_key is not None
        return office, office.public_key


# ----------------------------------------------------------------------------- enrolment


def enroll(ctx: Context, server_url: str, code: str, client: HubClient | None = None) -> EnrollResult:
    """Enrol this PC at the hub with a one-time code and store the credential.

    Sends the office's device UID, workstation, agency code, name, phone, receipt public key and lookup
    base. Re-enrolment (after a revoke or a lost credential) replaces the credential; if the hub's epoch
    changed, the cursor starts over and ``sent`` entries go back to ``pending``. Raises the client's
    typed errors (``Offline``, ``Refused`` with ``hub.enroll_code``, …) and writes nothing then.
    """
    url = server_url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise InvalidInput("sync.server_url", value=server_url)
    one_time = clean(code, "reference")
    if not one_time:
        raise InvalidInput("sync.enroll_code_empty")
    office, public_key = _office_facts(ctx)
    request = EnrollRequest(
        code=one_time,
        device_uid=office.device_uid,
        workstation=office.workstation,
        agency_code=office.agency_code,
        office_name=office.name,
        office_phone=office.phone,
        lookup_url_base=office.lookup_url_base,
        public_key=public_key,
        device_time=ctx.now(),
    )
    hub = client or HubClient(url)
    try:
        answer = hub.enroll(request)
    finally:
        if client is None:
            hub.close()
    now = ctx.now()
    offset = clock_offset(answer.server_time, now)
    with ctx.db.write() as session:
        office_row = current_office(session)
        state = session.get(SyncState, 1)
        re_enrolled = state is not None
        requeued = 0
        if state is None:
            state = SyncState(id=1, cursor=0, enrolled_at=now, failures=0, revoked=False)
            session.add(state)
        elif state.epoch != answer.epoch:
            requeued = requeue_sent(session)
            state.cursor = 0
        state.server_url = url
        state.device_id = answer.device_id
        state.token = answer.token
        state.commune_code = answer.commune_code
        state.commune_name = answer.commune_name
        state.hub_public_key = answer.hub_public_key
        state.epoch = answer.epoch
        state.enrolled_at = now
        state.revoked = False
        state.failures = 0
        state.next_attempt_at = None
        state.last_error = None
        state.clock_offset_seconds = offset
        if office_row.lookup_url_base is None:
            office_row.lookup_url_base = answer.lookup_url_base
        audit.record(
            session,
            ctx.actor,
            now,
            "sync.enroll",
            entity="office",
            entity_id=office_row.agency_code,
            details={
                "server": url,
                "device_id": answer.device_id,
                "commune": answer.commune_code,
                "re_enrolled": re_enrolled,
                "requeued": requeued,
            },
        )
        return EnrollResult(
            url,
            answer.device_id,
            answer.commune_code,
            answer.commune_name,
            office_row.lookup_url_base or answer.lookup_url_base,
            answer.epoch,
            offset,
            re_enrolled,
            requeued,
        )
