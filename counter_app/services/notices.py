"""Queueing notices to applicants; the hub relays them (issue: SMS relay). Visible in the history."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.lifecycle import EventKind, LifecycleEvent
from counter_app.domain.notices import NoticeFacts, NoticeKind, email_text, sms_text
from counter_app.services import events
from counter_app.services.context import Actor, Context
from counter_app.storage.models import Dossier, Notice, Office

_NOTICE_NAMESPACE = uuid.UUID("3b6f0c52-9d7e-4a8f-b1c4-2e5d8a9f0c17")


def queue(
    session: Session,
    actor: Actor,
    at: datetime,
    office: Office,
    dossier: Dossier,
    kind: NoticeKind,
    *,
    reason: str | None = None,
    cause: str | None = None,
) -> int:
    """Queue SMS and e-mail for ``dossier`` where the applicant gave a phone or an address; returns how many.

    Each queued notice is also a ``notified`` event, so it shows in the history and syncs to the hub.
    ``cause`` names what the notice answers when that can happen again on this or another database (the
    UID of an upstream event, which a restored counter applies a second time): the notice's UID is then
    derived from it and the channel, so the hub, which relays each notice UID once, never sends the
    citizen the same message twice.
    """
    facts = NoticeFacts(
        office_name=office.name,
        code=dossier.code,
        procedure_name=dossier.procedure.name,
        lookup_base=office.lookup_url_base,
        lookup_secret=dossier.lookup_secret,
        appointment_at=dossier.appointment_at,
        by_post=dossier.return_by_post,
        reason=reason,
    )
    applicant = dossier.applicant
    targets = [("sms", applicant.phone, sms_text), ("email", applicant.email, email_text)]
    queued = 0
    for channel, recipient, render in targets:
        if not recipient:
            continue
        text = render(kind, facts)
        notice_uid = uuid.uuid4() if cause is None else uuid.uuid5(_NOTICE_NAMESPACE, f"{cause}:{channel}")
        if cause is not None and session.scalar(select(Notice.id).where(Notice.uid == str(notice_uid))):
            continue  # already queued here for that cause
        notice = Notice(
            uid=str(notice_uid),
            dossier_id=dossier.id,
            kind=kind.value,
            channel=channel,
            recipient=recipient,
            text=text,
            created_at=at,
        )
        session.add(notice)
        events.append_event(
            session,
            dossier,
            LifecycleEvent(EventKind.NOTIFIED),
            at=at,
            recorded_at=at,
            actor=actor,
            payload={
                "notice_uid": notice.uid,
                "kind": kind.value,
                "channel": channel,
                "recipient": recipient,
                "text": text,
            },
        )
        queued += 1
    return queued


def queued_for(ctx: Context, dossier_id: int) -> list[tuple[str, str, str, str]]:
    """(kind, channel, state, text) of a dossier's notices, oldest first."""
    with ctx.db.read() as session:
        rows = session.scalars(select(Notice).where(Notice.dossier_id == dossier_id).order_by(Notice.id))
        return [(n.kind, n.channel, n.state, n.text) for n in rows]
