"""Findings of the sync/hub review on the hub's side, as the citizen or the operator would notice them.

- A revoked PC's signature no longer vouches for a receipt the hub has not seen; receipts of dossiers
  it synced before the revocation stay genuine.
"""

from __future__ import annotations

from datetime import timedelta

import httpx

from counter_app.services import hub_sync as sync
from counter_app.storage.models import SyncState
from district_server import service
from district_server.db import utc_now
from tests.hub.test_lookup import NOT_FOUND, OnHub, Page, _receipt_qr, _take, on_hub

__all__ = ["on_hub"]  # the fixture, from the lookup tests


# ---------------------------------------------------------------------------------------- revoked PCs


def test_a_revoked_pc_no_longer_vouches_for_receipts_the_hub_has_not_seen(on_hub: OnHub) -> None:
    on_hub.clock.now += timedelta(minutes=30)
    later = _take(on_hub.ctx, "Trần Thị Bình")  # not synced yet
    pending_url = _receipt_qr(on_hub.ctx, later)
    before = httpx.get(pending_url, timeout=30)
    assert before.status_code == 200
    assert Page.parse(before.text).fields["pending"].startswith("Giấy hẹn hợp lệ")

    with on_hub.ctx.db.read() as session:
        state = session.get(SyncState, 1)
        assert state is not None
        device_id = state.device_id
    assert on_hub.server.hub is not None
    with on_hub.server.hub.write() as session:
        service.revoke(session, device_id, utc_now())  # the PC was stolen: its key signs nothing new

    forged = httpx.get(pending_url, timeout=30)
    assert forged.status_code == 404
    assert NOT_FOUND in Page.parse(forged.text).text
    # A receipt of a dossier synced before the revocation was issued while the PC was trusted.
    synced = httpx.get(on_hub.receipt_url, timeout=30)
    assert synced.status_code == 200
    assert Page.parse(synced.text).fields["code"] == on_hub.code
    assert sync.run_round(on_hub.ctx).error == "sync.revoked"
