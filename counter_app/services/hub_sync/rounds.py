"""A sync round, and the cheap link probes the background timer runs between rounds."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from counter_app.domain.errors import DomainError
from counter_app.services.context import Context
from counter_app.services.hub_sync.papers import BUDGET_SECONDS as PAPER_BUDGET_SECONDS
from counter_app.services.hub_sync.papers import papers_due_in, upload_papers
from counter_app.services.hub_sync.pull import pull_all
from counter_app.services.hub_sync.push import push_all
from counter_app.services.hub_sync.state import (
    POLL_INTERVAL,
    SyncReport,
    Tally,
    Trouble,
    count_entries,
    decode_error,
    make_report,
    record_failure,
    record_success,
    sync_state,
)
from counter_app.storage.models import SyncState
from counter_app.sync import backoff
from counter_app.sync.client import HubClient, Offline, ServerError, Unauthorized
from counter_app.sync.client import Refused as HubRefused
from counter_app.sync.protocol import ProtocolError

log = logging.getLogger(__name__)
LONGEST_WAIT = timedelta(seconds=backoff.MAX_DELAY) + POLL_INTERVAL  # a longer wait: the clock moved

# ----------------------------------------------------------------------------- a round


def run_round(ctx: Context, client: HubClient | None = None) -> SyncReport:
    """One sync round: push the whole outbox, then pull until the hub has nothing more.

    Never raises for network or hub trouble: the report says what happened and ``SyncState`` keeps the
    error, the failure count and the next attempt time. Raises ``Refused("sync.not_enrolled")`` when
    this PC was never enrolled. A revoked PC does not call the hub (re-enrol first).
    ``client`` is for callers that keep one open (the GUI's background runner); by default one is made
    from the stored server URL and credential, and closed afterwards.
    """
    with ctx.db.read() as session:
        state = sync_state(session)
        server_url, token, revoked = state.server_url, state.token, state.revoked
        stored_error = state.last_error
    tally = Tally()
    code, params = decode_error(stored_error)
    if revoked:
        return make_report(ctx, tally, online=False, error=code or "sync.revoked", params=params)
    tally.trouble = Trouble.from_params(params)
    hub = client or HubClient(server_url, token)
    try:
        push_all(ctx, hub, tally)
        pull_all(ctx, hub, tally)
        # What the pull queued goes up in the same round: entries a new hub epoch put back, and the
        # notice of a result recorded upstream (costs one cheap read when there is nothing).
        push_all(ctx, hub, tally)
        # Papers last, at the lowest priority, for a bounded time: the next round's events never wait
        # for more than one chunk of a copy (hub_sync.papers).
        tally.papers_sent = send_papers(ctx, hub)
    except Unauthorized as exc:
        record_failure(ctx, exc, revoked=True)
        return make_report(ctx, tally, online=True, error=exc.code, params=exc.params)
    except (Offline, ServerError) as exc:
        record_failure(ctx, exc, tally.trouble)
        return make_report(ctx, tally, online=False, error=exc.code, params=exc.params)
    except (HubRefused, ProtocolError) as exc:
        record_failure(ctx, exc, tally.trouble)
        return make_report(ctx, tally, online=True, error=exc.code, params=exc.params)
    except Exception as exc:  # a bug must not skip the back-off or pass unnoticed (logged)
        log.exception("unexpected error in a sync round")
        failure = DomainError("sync.internal", reason=f"{type(exc).__name__}: {exc}")
        record_failure(ctx, failure)
        return make_report(ctx, tally, online=False, error=failure.code, params=failure.params)
    finally:
        if client is None:
            hub.close()
    record_success(ctx)
    return make_report(ctx, tally, online=True, error=None, params={})


def send_papers(ctx: Context, hub: HubClient) -> int:
    """:func:`~.papers.upload_papers` for a round: its trouble is its own (kept on the copies' rows, the
    events' round still succeeds), except a 401, which is the round's."""
    try:
        return upload_papers(ctx, hub, budget_seconds=PAPER_BUDGET_SECONDS)
    except Unauthorized:
        raise
    except Exception:  # a bug in the papers must not fail the events' round (logged with its traceback)
        log.exception("unexpected error while sending papers")
        return 0


def due(ctx: Context) -> bool:
    """Whether a background round should run now: enrolled, not revoked, and either the next attempt
    time has come or, after a good round, new local work is waiting (events, or a copy that may go now:
    see :func:`~.papers.papers_due`).

    A next attempt further away than any back-off or poll interval can plan means the clock moved back
    (the clerk corrected a fast PC clock): the round runs now rather than in a day."""
    now = ctx.now()
    with ctx.db.read() as session:
        state = session.get(SyncState, 1)
        if state is None or state.revoked:
            return False
        if state.next_attempt_at is None or now >= state.next_attempt_at:
            return True
        if state.next_attempt_at - now > LONGEST_WAIT:
            return True  # no rule waits that long: the PC's clock was set back since it was planned
        if state.failures != 0:
            return False
        return count_entries(session, "pending") > 0 or papers_due_in(session, state, now)


# ----------------------------------------------------------------------------- link probe

PROBE_INTERVAL = timedelta(seconds=15)
_last_probe: dict[str, datetime] = {}  # per hub URL, in this process


def link_back(ctx: Context, client: HubClient | None = None) -> bool:
    """After failed rounds, whether the hub answers again (a cheap ``/health`` with short timeouts).

    The background timer asks this between back-off attempts, so queued work goes up at once when the
    link returns instead of at the end of a back-off of up to five minutes (SYNC.md, Push).
    False when enrolled nowhere, revoked, or the last round did not fail.
    """
    now = ctx.now()
    with ctx.db.read() as session:
        state = session.get(SyncState, 1)
        if state is None or state.revoked or state.failures == 0:
            return False
        server_url = state.server_url
    last = _last_probe.get(server_url)
    if client is None and last is not None and abs(now - last) < PROBE_INTERVAL:
        return False  # a dead link can cost a connect timeout: not more often than this
    _last_probe[server_url] = now
    hub = client or HubClient(server_url, connect_timeout=2.0, read_timeout=3.0)
    try:
        hub.health()
    except (Offline, ServerError, HubRefused, ProtocolError, Unauthorized):
        return False
    finally:
        if client is None:
            hub.close()
    return True


LINK_CHECK_INTERVAL = timedelta(seconds=10)
_last_link_check: dict[str, datetime] = {}  # per hub URL, in this process


def check_link(ctx: Context, client: HubClient | None = None) -> bool:
    """Between rounds, while the last one succeeded: whether the hub still answers (a cheap ``/health``
    with short timeouts, at most every :data:`LINK_CHECK_INTERVAL`).

    A round runs only every minute or so once the outbox is empty, so without this the status bar
    would say "Trực tuyến" for a minute after the hub went away. When the hub does not answer, the
    failure is recorded as a round's would be (offline, with its back-off), and :func:`link_back` then
    watches for its return. Returns False only when the link was found gone.
    """
    now = ctx.now()
    with ctx.db.read() as session:
        state = session.get(SyncState, 1)
        if state is None or state.revoked or state.failures > 0 or state.last_success_at is None:
            return True
        server_url = state.server_url
    last = _last_link_check.get(server_url)
    if client is None and last is not None and abs(now - last) < LINK_CHECK_INTERVAL:
        return True
    _last_link_check[server_url] = now
    hub = client or HubClient(server_url, connect_timeout=2.0, read_timeout=3.0)
    try:
        hub.health()
    except (Offline, ServerError) as exc:
        record_failure(ctx, exc)
        return False
    except (HubRefused, ProtocolError, Unauthorized):
        return True  # the hub answered: the link is there (the next round says what it refused)
    finally:
        if client is None:
            hub.close()
    return True
