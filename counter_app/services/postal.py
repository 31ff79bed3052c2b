"""The public postal service (Decision 45/2016/QĐ-TTg) as a workflow instead of a paper book.

Out: results for applicants who chose return by post, and interlinked dossiers sent to an agency,
are gathered in the open outgoing batch; closing it hands them to the postal worker (both sign the
record) and moves each dossier on. In: dossiers citizens sent by post are taken in with their S10
number and the postal dossier slip, into the open incoming batch. Outcomes come back per item.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from counter_app.domain.errors import InvalidInput
from counter_app.domain.lifecycle import EventKind, LifecycleEvent, Status, allowed_events
from counter_app.domain.postal import Direction, ItemOutcome, ItemPurpose, validate_tracking
from counter_app.domain.text import clean_optional
from counter_app.domain.values import Channel
from counter_app.services import audit, events, intake
from counter_app.services.context import Context
from counter_app.services.dossiers import load, summary
from counter_app.services.dto import DossierRow
from counter_app.services.errors import NotFound
from counter_app.services.lifecycle import COMMUNE_KINDS
from counter_app.services.requests import Claim
from counter_app.storage.models import Agency, Dossier, PostalBatch, PostalItem

if TYPE_CHECKING:
    from counter_app.certify.signers import CopySigner


@dataclass(frozen=True)
class ItemInfo:
    tracking: str
    code: str
    purpose: ItemPurpose
    recipient_name: str
    recipient_address: str
    postage: int | None
    agency_code: str | None
    slip_number: str | None
    outcome: ItemOutcome
    outcome_reason: str | None


@dataclass(frozen=True)
class BatchInfo:
    id: int
    uid: str
    direction: Direction
    state: str
    opened_at: datetime
    closed_at: datetime | None
    clerk_name: str | None
    postal_name: str | None
    items: tuple[ItemInfo, ...]

    @property
    def reference(self) -> str:
        """The short reference printed on the hand-over record."""
        return f"{self.direction.value.upper()}-{self.id:05d}"


def _info(batch: PostalBatch, codes: dict[int, str]) -> BatchInfo:
    return BatchInfo(
        batch.id,
        batch.uid,
        Direction(batch.direction),
        batch.state,
        batch.opened_at,
        batch.closed_at,
        batch.clerk_name,
        batch.postal_name,
        tuple(
            ItemInfo(
                i.tracking,
                codes[i.dossier_id],
                ItemPurpose(i.purpose),
                i.recipient_name,
                i.recipient_address,
                i.postage,
                i.agency_code,
                i.slip_number,
                ItemOutcome(i.outcome),
                i.outcome_reason,
            )
            for i in batch.items
        ),
    )


def _codes(session: Session, batches: list[PostalBatch]) -> dict[int, str]:
    ids = {i.dossier_id for b in batches for i in b.items}
    if not ids:
        return {}
    rows = session.execute(select(Dossier.id, Dossier.code).where(Dossier.id.in_(ids))).all()
    return {int(row[0]): str(row[1]) for row in rows}


def _open_batch(session: Session, direction: Direction, now: datetime) -> PostalBatch:
    batch = session.scalar(
        select(PostalBatch).where(PostalBatch.direction == direction.value, PostalBatch.state == "open")
    )
    if batch is None:
        batch = PostalBatch(uid=str(uuid.uuid4()), direction=direction.value, state="open", opened_at=now)
        session.add(batch)
        session.flush()
    return batch


def _tracking(session: Session, text: str) -> str:
    tracking = validate_tracking(text)
    if session.scalar(select(PostalItem.id).where(PostalItem.tracking == tracking)) is not None:
        raise InvalidInput("postal.tracking_used", value=tracking)
    return tracking


def _postage(amount: int | None) -> int | None:
    if amount is not None and not 0 <= amount <= 10_000_000:
        raise InvalidInput("postal.postage", value=amount)
    return amount


def _pending_item(session: Session, dossier: Dossier) -> PostalItem | None:
    return session.scalar(
        select(PostalItem)
        .where(PostalItem.dossier_id == dossier.id, PostalItem.outcome == ItemOutcome.PENDING.value)
        .order_by(PostalItem.id.desc())
        .limit(1)
    )


def _batch_info(session: Session, batch: PostalBatch) -> BatchInfo:
    session.flush()
    session.refresh(batch)
    return _info(batch, _codes(session, [batch]))


# ---------------------------------------------------------------------- outgoing


def _add_outgoing(
    session: Session,
    ctx: Context,
    now: datetime,
    dossier: Dossier,
    tracking: str,
    purpose: ItemPurpose,
    recipient: str,
    address: str,
    agency_code: str | None,
    postage: int | None,
) -> BatchInfo:
    """Put ``dossier`` in the open outgoing batch under a new S10 number (audited)."""
    if _pending_item(session, dossier) is not None:
        raise InvalidInput("postal.already_in_batch", code=dossier.code)
    number = _tracking(session, tracking)
    batch = _open_batch(session, Direction.OUT, now)
    session.add(
        PostalItem(
            batch_id=batch.id,
            dossier_id=dossier.id,
            tracking=number,
            purpose=purpose.value,
            recipient_name=recipient,
            recipient_address=address,
            agency_code=agency_code,
            postage=_postage(postage),
        )
    )
    details: dict[str, Any] = {"tracking": number, "purpose": purpose.value}
    if agency_code is not None:
        details["agency"] = agency_code
    audit.record(session, ctx.actor, now, "postal.add", entity="dossier", entity_id=dossier.code, details=details)
    return _batch_info(session, batch)


@dataclass(frozen=True)
class AwaitingPost:
    """A ready result the applicant asked to receive by post, in no batch yet."""

    dossier: DossierRow
    recipient_address: str
    resolved_at: datetime | None


def awaiting_post(ctx: Context, limit: int = 500) -> list[AwaitingPost]:
    """Results ready to go by post and not yet in a batch, the oldest result first (it waited longest)."""
    pending = select(PostalItem.dossier_id).where(PostalItem.outcome == ItemOutcome.PENDING.value)
    query = (
        select(Dossier)
        .where(
            Dossier.return_by_post.is_(True),
            Dossier.status == Status.RESULT_READY.value,
            Dossier.id.not_in(pending),
        )
        .options(selectinload(Dossier.applicant), selectinload(Dossier.procedure))
        .order_by(Dossier.resolved_at, Dossier.id)
        .limit(max(1, min(limit, 5000)))
    )
    with ctx.db.read() as session:
        return [
            AwaitingPost(summary(d), d.postal_address or d.applicant.address or "", d.resolved_at)
            for d in session.scalars(query)
        ]


def _replayed_batch(session: Session, claim: Claim) -> BatchInfo | None:
    done = claim.replay(session)
    if done is None:
        return None
    found = session.get(PostalBatch, int(done["batch"]))
    assert found is not None  # batches are never deleted
    return _batch_info(session, found)


def _remember_batch(session: Session, ctx: Context, now: datetime, claim: Claim, info: BatchInfo) -> BatchInfo:
    claim.remember(session, ctx.actor, now, info.uid, {"batch": info.id})
    return info


def add_result(
    ctx: Context, code: str, tracking: str, postage: int | None = None, *, request_id: str | None = None
) -> BatchInfo:
    """Put a ready result, for an applicant who chose return by post, into the open outgoing batch.

    ``request_id``: the same token again adds nothing and returns the batch (services.requests)."""
    now = ctx.now()
    claim = Claim(request_id, "postal.add", (code, tracking, None, postage))
    with ctx.db.write() as session:
        replayed = _replayed_batch(session, claim)
        if replayed is not None:
            return replayed
        dossier = load(session, code)
        if not dossier.return_by_post:
            raise InvalidInput("postal.not_by_post", code=dossier.code)
        if dossier.status != Status.RESULT_READY.value:
            raise InvalidInput("postal.not_ready", code=dossier.code)
        added = _add_outgoing(
            session,
            ctx,
            now,
            dossier,
            tracking,
            ItemPurpose.RESULT,
            dossier.applicant.full_name,
            dossier.postal_address or dossier.applicant.address or "",
            None,
            postage,
        )
        return _remember_batch(session, ctx, now, claim, added)


def add_transfer(
    ctx: Context,
    code: str,
    tracking: str,
    agency_code: str,
    postage: int | None = None,
    *,
    request_id: str | None = None,
) -> BatchInfo:
    """Put an interlinked dossier bound for an agency into the open outgoing batch."""
    now = ctx.now()
    claim = Claim(request_id, "postal.add", (code, tracking, agency_code, postage))
    with ctx.db.write() as session:
        replayed = _replayed_batch(session, claim)
        if replayed is not None:
            return replayed
        dossier = load(session, code)
        agency = session.get(Agency, agency_code.strip().upper())
        if agency is None or agency.kind in COMMUNE_KINDS:
            raise NotFound("agency.not_found", code=agency_code)
        if EventKind.TRANSFERRED not in allowed_events(Status(dossier.status)):
            raise InvalidInput("postal.not_transferable", code=dossier.code)
        added = _add_outgoing(
            session, ctx, now, dossier, tracking, ItemPurpose.TRANSFER, agency.name, agency.name, agency.code, postage
        )
        return _remember_batch(session, ctx, now, claim, added)


def close(
    ctx: Context,
    direction: Direction,
    clerk_name: str,
    postal_name: str | None = None,
    *,
    request_id: str | None = None,
) -> BatchInfo:
    """Close the open batch: the signatories recorded (the postal worker's name may be left for them to
    write on the paper record); outgoing dossiers are handed to the post. ``request_id``: the same
    token again closes nothing more and returns the batch it closed (services.requests)."""
    ours, theirs = clean_optional(clerk_name, "name"), clean_optional(postal_name, "name")
    if ours is None:
        raise InvalidInput("postal.signatories")
    now = ctx.now()
    claim = Claim(request_id, "postal.close", (direction, ours, theirs))
    with ctx.db.write() as session:
        replayed = _replayed_batch(session, claim)
        if replayed is not None:
            return replayed
        batch = session.scalar(
            select(PostalBatch)
            .where(PostalBatch.direction == direction.value, PostalBatch.state == "open")
            .options(selectinload(PostalBatch.items))
        )
        if batch is None or not batch.items:
            raise InvalidInput("postal.empty_batch")
        outgoing = list(batch.items) if direction is Direction.OUT else []
        moves = []
        for item in outgoing:  # check every item first: the batch closes whole or not at all
            dossier = session.get(Dossier, item.dossier_id)
            assert dossier is not None
            kind = EventKind.HANDED_TO_POST if item.purpose == ItemPurpose.RESULT.value else EventKind.TRANSFERRED
            if kind not in allowed_events(Status(dossier.status)):
                raise InvalidInput("postal.item_stale", code=dossier.code, tracking=item.tracking)
            moves.append((item, dossier, kind))
        for item, dossier, kind in moves:
            payload: dict[str, Any] = {"tracking": item.tracking, "batch": batch.uid, "via_post": True}
            if kind is EventKind.HANDED_TO_POST:
                event = LifecycleEvent(kind)
            else:
                agency = session.get(Agency, item.agency_code)
                assert agency is not None
                payload |= {
                    "to": agency.code,
                    "to_name": agency.name,
                    "interlinked": True,
                    "giver": ours,
                    "receiver": theirs or "Bưu điện",
                }
                event = LifecycleEvent(kind, interlinked=True)
                # The agency's receipt is the end of the counter's part: nothing comes back to settle.
                item.outcome, item.outcome_at = ItemOutcome.DELIVERED.value, now
            events.append_event(session, dossier, event, at=now, recorded_at=now, actor=ctx.actor, payload=payload)
        batch.state, batch.closed_at, batch.clerk_name, batch.postal_name = "closed", now, ours, theirs
        audit.record(
            session,
            ctx.actor,
            now,
            "postal.close",
            entity="postal_batch",
            entity_id=batch.uid,
            details={"direction": direction.value, "items": len(batch.items), "postal_name": theirs},
        )
        return _remember_batch(session, ctx, now, claim, _batch_info(session, batch))


def remove_item(ctx: Context, tracking: str, *, request_id: str | None = None) -> BatchInfo:
    """Take an item out of an open batch (a wrong dossier or number, or a dossier that changed since)."""
    number = "".join(tracking.split()).upper()
    now = ctx.now()
    claim = Claim(request_id, "postal.remove", number)
    with ctx.db.write() as session:
        replayed = _replayed_batch(session, claim)
        if replayed is not None:
            return replayed
        item = session.scalar(select(PostalItem).where(PostalItem.tracking == number))
        if item is None or item.batch.state != "open":
            raise InvalidInput("postal.not_in_open_batch", value=number)
        batch = item.batch
        dossier = session.get(Dossier, item.dossier_id)
        assert dossier is not None
        session.delete(item)
        audit.record(
            session,
            ctx.actor,
            now,
            "postal.remove",
            entity="dossier",
            entity_id=dossier.code,
            details={"tracking": number},
        )
        return _remember_batch(session, ctx, now, claim, _batch_info(session, batch))


# ---------------------------------------------------------------------- incoming


def receive(
    ctx: Context,
    request: intake.IntakeRequest,
    tracking: str,
    slip_number: str | None = None,
    *,
    request_id: str | None = None,
    signer: CopySigner | None = None,
) -> intake.IntakeResult:
    """Take in a dossier a citizen sent by post: channel postal, its item in the open incoming batch,
    all in the intake's own transaction (processing time counts from now, the counter's intake).
    ``signer`` certifies the scanned papers (the clerk's token); None: the office's key."""
    number = validate_tracking(tracking)
    postal_request = intake.IntakeRequest(**{**request.__dict__, "channel": Channel.POSTAL})

    def add_item(session: Session, dossier: Dossier, now: datetime) -> None:
        if session.scalar(select(PostalItem.id).where(PostalItem.tracking == number)) is not None:
            raise InvalidInput("postal.tracking_used", value=number)
        batch = _open_batch(session, Direction.IN, now)
        session.add(
            PostalItem(
                batch_id=batch.id,
                dossier_id=dossier.id,
                tracking=number,
                purpose=ItemPurpose.INTAKE.value,
                recipient_name=dossier.applicant.full_name,
                recipient_address=dossier.applicant.address or "",
                slip_number=clean_optional(slip_number, "reference"),
                outcome=ItemOutcome.DELIVERED.value,
                outcome_at=now,
            )
        )

    claim_as = ("postal.receive", (number, clean_optional(slip_number)))
    return intake.accept(ctx, postal_request, after=add_item, request_id=request_id, claim_as=claim_as, signer=signer)


# ---------------------------------------------------------------------- outcomes


def _handed_item(session: Session, dossier: Dossier) -> PostalItem:
    item = _pending_item(session, dossier)
    if item is None or item.purpose != ItemPurpose.RESULT.value or item.batch.state != "closed":
        raise InvalidInput("postal.not_handed", code=dossier.code)
    return item


def _replayed_dossier(session: Session, claim: Claim) -> DossierRow | None:
    done = claim.replay(session)
    return None if done is None else summary(load(session, str(done["code"])))


def delivered(ctx: Context, code: str, *, request_id: str | None = None) -> DossierRow:
    """The post delivered the result: the return is closed."""
    now = ctx.now()
    claim = Claim(request_id, "postal.delivered", code)
    with ctx.db.write() as session:
        replayed = _replayed_dossier(session, claim)
        if replayed is not None:
            return replayed
        dossier = load(session, code)
        item = _handed_item(session, dossier)
        events.append_event(
            session,
            dossier,
            LifecycleEvent(EventKind.RETURNED),
            at=now,
            recorded_at=now,
            actor=ctx.actor,
            payload={"tracking": item.tracking, "via_post": True, "at_counter": False},
        )
        item.outcome, item.outcome_at = ItemOutcome.DELIVERED.value, now
        dossier.finished_at = now
        audit.record(
            session,
            ctx.actor,
            now,
            "postal.delivered",
            entity="dossier",
            entity_id=dossier.code,
            details={"tracking": item.tracking},
        )
        claim.remember(session, ctx.actor, now, dossier.code, {"code": dossier.code})
        return summary(dossier)


def undeliverable(ctx: Context, code: str, reason: str, *, request_id: str | None = None) -> DossierRow:
    """The post could not deliver: the result is back at the counter, with the reason."""
    why = clean_optional(reason, "reason")
    if why is None:
        raise InvalidInput("lifecycle.reason_required")
    now = ctx.now()
    claim = Claim(request_id, "postal.undeliverable", (code, why))
    with ctx.db.write() as session:
        replayed = _replayed_dossier(session, claim)
        if replayed is not None:
            return replayed
        dossier = load(session, code)
        item = _handed_item(session, dossier)
        events.append_event(
            session,
            dossier,
            LifecycleEvent(EventKind.UNDELIVERABLE),
            at=now,
            recorded_at=now,
            actor=ctx.actor,
            payload={"tracking": item.tracking, "reason": why},
        )
        item.outcome, item.outcome_at, item.outcome_reason = ItemOutcome.UNDELIVERABLE.value, now, why
        audit.record(
            session,
            ctx.actor,
            now,
            "postal.undeliverable",
            entity="dossier",
            entity_id=dossier.code,
            details={"tracking": item.tracking, "reason": why},
        )
        claim.remember(session, ctx.actor, now, dossier.code, {"code": dossier.code})
        return summary(dossier)


# ---------------------------------------------------------------------- views


def batches(ctx: Context, *, state: str | None = None, direction: Direction | None = None) -> list[BatchInfo]:
    """Batches, newest first (open ones first when no state is asked for)."""
    query = (
        select(PostalBatch)
        .options(selectinload(PostalBatch.items))
        .order_by((PostalBatch.state != "open"), PostalBatch.id.desc())
    )
    if state is not None:
        query = query.where(PostalBatch.state == state)
    if direction is not None:
        query = query.where(PostalBatch.direction == direction.value)
    with ctx.db.read() as session:
        found = list(session.scalars(query))
        codes = _codes(session, found)
        return [_info(b, codes) for b in found]


def batch(ctx: Context, batch_id: int) -> BatchInfo:
    with ctx.db.read() as session:
        found = session.get(PostalBatch, batch_id)
        if found is None:
            raise NotFound("postal.batch_not_found", id=batch_id)
        return _info(found, _codes(session, [found]))
