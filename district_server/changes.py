"""The pull feed: every change a counter must bring down gets the next hub-wide sequence number.

The number comes from ``UPDATE hub_meta SET last_seq = last_seq + 1 … RETURNING last_seq`` inside the
writing transaction. On PostgreSQL that row lock is held until commit, so a second writer waits and
changes become visible in sequence order: a reader that has seen change *n* has seen every change
before it (no gap a counter could skip past). On SQLite ``BEGIN IMMEDIATE`` gives the same order.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from district_server.models import Change, HubMeta


def append_change(session: Session, commune_id: int | None, topic: str, body: dict[str, Any]) -> int:
    """Record a change for ``commune_id`` (None: every commune) and return its sequence number."""
    seq = session.execute(
        update(HubMeta).where(HubMeta.id == 1).values(last_seq=HubMeta.last_seq + 1).returning(HubMeta.last_seq)
    ).scalar_one()
    session.add(Change(seq=seq, commune_id=commune_id, topic=topic, body=body, created_at=datetime.now(UTC)))
    session.flush()
    return int(seq)
