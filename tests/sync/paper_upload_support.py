"""Counters with certified copies, enrolled at the real hub (tests/sync/test_tus.py, test_paper_upload.py)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.services import hub_sync as sync
from counter_app.services.hub_sync import papers as paper_sync
from counter_app.storage.models import SyncState
from district_server import service
from tests.hub.conftest import HubServer
from tests.sync.conftest import Counter, add_commune, issue_code


def enrolled(server: HubServer, counter: Counter, name: str = "UBND xã Tân Lập") -> None:
    assert server.hub is not None
    with server.hub.read() as session:
        known = {c.code for c in service.list_communes(session)}
    if counter.commune not in known:
        add_commune(server, counter.commune, name)
    sync.enroll(counter.ctx, server.url, issue_code(server, counter.commune))


def hub_token(counter: Counter) -> str:
    with counter.db.read() as session:
        return session.scalars(select(SyncState.token)).one()


def push_events(counter: Counter) -> None:
    """A round that sends the events but no paper: the sending hours are set, for its length, to a
    window that excludes now."""
    before = paper_sync.paper_schedule(counter.ctx)
    later = (counter.clock() + timedelta(hours=3)).astimezone(OFFICE_TZ)
    paper_sync.set_paper_schedule(counter.ctx, before.kbps, f"{later:%H}:00-{(later + timedelta(hours=1)):%H}:00")
    try:
        report = sync.run_round(counter.ctx)
    finally:
        paper_sync.set_paper_schedule(counter.ctx, before.kbps, before.hours)
    assert report.error is None and report.waiting == 0, report
