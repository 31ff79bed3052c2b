"""Taking a dossier in: accept it (Mẫu 01), record it as incomplete (Mẫu 02) or refuse it (Mẫu 03).

Each is one transaction: validate, allot the code, compute the due date, write it all at once.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from counter_app.domain.applicant import Applicant as ApplicantData
from counter_app.domain.calendar import office_time, parse_hhmm
from counter_app.domain.codes import make_code
from counter_app.domain.digitisation import Paper
from counter_app.domain.errors import InvalidInput
from counter_app.domain.lifecycle import EventKind, LifecycleEvent
from counter_app.domain.notices import NoticeKind
from counter_app.domain.online_only import check_intake, portal_code
from counter_app.domain.text import clean_optional
from counter_app.domain.values import Channel
from counter_app.services import audit, digitisation, events, notices, papers
from counter_app.services.calendar import working_calendar
from counter_app.services.catalogue import current_procedure, online_only_rule
from counter_app.services.context import Context
from counter_app.services.dossiers import load, summary
from counter_app.services.dto import DossierRow
from counter_app.services.office import current_office
from counter_app.services.requests import Claim
from counter_app.storage import fts
from counter_app.storage.models import Applicant, DailySequence, Dossier, DossierComponent, RegisterSequence

if TYPE_CHECKING:
    from counter_app.certify.signers import CopySigner
    from counter_app.scanning.pages import Page

SECRET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
SECRET_LENGTH = 6
CLOCK_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class IntakeRequest:
    procedure_code: str
    applicant: ApplicantData
    channel: Channel = Channel.DIRECT
    return_by_post: bool = False
    postal_address: str | None = None
    received_at: datetime | None = None  # None: now. Earlier: a paper intake entered late (audited)
    # Papers by position: ``missing`` are not handed in (listed on Mẫu 02; a missing required paper
    # blocks acceptance); conditional (optional) papers count as received only when listed in ``extra``.
    missing: tuple[int, ...] = field(default=())
    extra: tuple[int, ...] = field(default=())
    # "Hỗ trợ nộp trực tuyến" (Directive 24/CT-TTg): the clerk filed it with the citizen on the national
    # portal; channel online, the portal's dossier code, the papers received are the papers digitised.
    assisted: bool = False
    portal_code: str | None = None
    # A paper intake of an online-only service after the directive's date: the clerk's reason.
    paper_exception: str | None = None
    # Digitisation at reception (issue 13): the pages scanned for a paper (position → pages), certified
    # and stored with the intake; and copies the office already holds for this citizen (position →
    # ReusableCopy.uid, services.papers.reusable_for), reused without a rescan. Pages are left out of
    # the request's repr (the idempotency fingerprint): their sizes stand for them there.
    papers: Mapping[int, Sequence[Page]] = field(default_factory=dict, repr=False)
    reuse: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class IntakeResult:
    dossier: DossierRow
    uid: str
    lookup_secret: str
    late_entry: bool


def _lookup_secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


def _allot_sequence(session: Session, day: date, workstation: int) -> int | None:
    row = session.get(DailySequence, (day, workstation))
    return None if row is None else row.last


def _store_sequence(session: Session, day: date, workstation: int, value: int) -> None:
    row = session.get(DailySequence, (day, workstation))
    if row is None:
        session.add(DailySequence(day=day, workstation=workstation, last=value))
    else:
        row.last = value


def next_register_line(session: Session, book: str) -> int:
    row = session.get(RegisterSequence, book)
    if row is None:
        session.add(RegisterSequence(book=book, last=1))
        return 1
    row.last += 1
    return row.last


AfterIntake = Callable[[Session, Dossier, datetime], None]


_ACTIONS = {
    EventKind.SUBMITTED: "dossier.submitted",
    EventKind.RECEIVED: "dossier.receive",
    EventKind.INTAKE_INCOMPLETE: "dossier.incomplete",
    EventKind.REFUSED: "dossier.refuse",
}


def _take(
    ctx: Context,
    request: IntakeRequest,
    kind: EventKind,
    detail: dict[str, Any],
    after: AfterIntake | None = None,
    *,
    request_id: str | None = None,
    claim_as: tuple[str, Any] | None = None,
    signer: CopySigner | None = None,
) -> IntakeResult:
    """Record an application: accepted (RECEIVED), incomplete (INTAKE_INCOMPLETE) or refused (REFUSED).

    One transaction writes the dossier, its papers, first event, outbox message, search entry and audit
    entry, allots the code, and for an accepted dossier computes the due date and its register line.
    ``request_id`` makes it idempotent (services.requests): the same token again returns this dossier.
    ``claim_as`` (action name, extra parameters) names the claim when a caller adds its own writes.
    ``request.papers`` are built, signed (``signer``, else the office's key) and stored as files first;
    their rows, like ``request.reuse``'s, are written in this transaction (services.papers).
    """
    action, extra = claim_as or (_ACTIONS[kind], None)
    pages_key = {n: papers.pages_fingerprint(p) for n, p in sorted(request.papers.items())}
    claim = Claim(
        request_id, action, (request, detail, extra) if not pages_key else (request, detail, extra, pages_key)
    )
    now = ctx.now()
    received_at = now if request.received_at is None else office_time(request.received_at)
    if received_at > now + CLOCK_TOLERANCE:
        raise InvalidInput("intake.future", value=received_at.isoformat())
    late_entry = request.received_at is not None and now - received_at > CLOCK_TOLERANCE
    postal_address = clean_optional(request.postal_address, "address") or request.applicant.address
    if request.return_by_post and not postal_address:
        raise InvalidInput("intake.postal_address")
    accepted = kind is EventKind.RECEIVED
    paper_exception = clean_optional(request.paper_exception, "reason")
    filed_code = portal_code(request.portal_code) if request.assisted else None
    if request.portal_code is not None and not request.assisted:
        raise InvalidInput("intake.portal_code_unassisted")
    prepared = _prepare_papers(ctx, request, kind, claim, signer)

    try:
        with ctx.db.write() as session:
            done = claim.replay(session)
            if done is not None:
                first = load(session, str(done["code"]))
                return IntakeResult(summary(first), first.uid, first.lookup_secret, bool(done["late_entry"]))
            office = current_office(session)
            procedure = current_procedure(session, request.procedure_code)
            # A refusal (Mẫu 03) or a supplement request (Mẫu 02) takes no dossier in: they may be what the
            # clerk hands a citizen who brought paper for an online-only service.
            guidance = kind in (EventKind.REFUSED, EventKind.INTAKE_INCOMPLETE)
            check_intake(
                None if guidance else online_only_rule(session, procedure.code),
                procedure=procedure.code,
                day=office_time(received_at).date(),
                channel=request.channel,
                assisted=request.assisted,
                paper_exception=paper_exception,
            )
            if request.return_by_post and not procedure.result_by_post:
                raise InvalidInput("intake.post_not_allowed", procedure=procedure.code)
            positions = {c.position for c in procedure.components}
            unknown = sorted((set(request.missing) | set(request.extra)) - positions)
            if unknown:
                raise InvalidInput("intake.unknown_component", positions=", ".join(map(str, unknown)))
            required_missing = [c.name for c in procedure.components if c.required and c.position in request.missing]
            if accepted and required_missing:
                raise InvalidInput("intake.incomplete", missing="; ".join(required_missing))
            if kind is EventKind.INTAKE_INCOMPLETE and not request.missing:
                raise InvalidInput("intake.nothing_missing")
            papers.check_intake_papers(positions, request.missing, prepared.keys(), request.reuse.keys())

            due_at = None
            if accepted:
                cutoff = None if procedure.cutoff is None else parse_hhmm(procedure.cutoff)
                due_at = working_calendar(session).due_at(received_at, procedure.working_days, cutoff)
            local_day = office_time(received_at).date()
            code = make_code(
                office.agency_code,
                local_day,
                office.workstation,
                _allot_sequence(session, local_day, office.workstation),
            )
            _store_sequence(session, local_day, office.workstation, code.sequence)
            book = f"{local_day.year}-{office.workstation}" if accepted else None

            data = request.applicant
            applicant = Applicant(
                full_name=data.full_name,
                id_number=data.id_number,
                old_id_number=data.old_id_number,
                birth_date=data.birth_date,
                sex=None if data.sex is None else data.sex.value,
                phone=data.phone,
                email=data.email,
                address=data.address,
            )
            dossier = Dossier(
                uid=str(uuid.uuid4()),
                code=str(code),
                procedure=procedure,
                applicant=applicant,
                channel=request.channel.value,
                return_by_post=request.return_by_post,
                postal_address=postal_address if request.return_by_post else None,
                received_at=received_at,
                due_at=due_at,
                appointment_at=due_at,
                finished_at=received_at if kind is EventKind.REFUSED else None,
                status="",
                lookup_secret=_lookup_secret(),
                workstation=office.workstation,
                late_entry=late_entry,
                assisted=request.assisted,
                portal_code=filed_code,
                paper_exception=paper_exception,
                register_book=book,
                register_number=None if book is None else next_register_line(session, book),
                created_by=ctx.actor.user_id,
                updated_at=now,
            )
            session.add(dossier)
            session.flush()
            received = {
                c.position
                for c in procedure.components
                if (c.required and c.position not in request.missing)
                or c.position in request.extra
                or c.position in request.papers  # a paper scanned or reused was handed in (or is held)
                or c.position in request.reuse
            }
            # The papers in one executemany: the ORM's per-object bookkeeping is most of an intake's cost.
            session.execute(
                insert(DossierComponent),
                [
                    {
                        "dossier_id": dossier.id,
                        "position": c.position,
                        "name": c.name,
                        "form": c.form,
                        "count": c.count,
                        "received": c.position in received,
                    }
                    for c in procedure.components
                ],
            )
            # How many papers must be digitised, and whether that is none (the paper events that follow say more)
            to_copy = [Paper(c.position, c.name, c.position in received) for c in procedure.components]
            digitised_detail = digitisation.event_detail(to_copy, (), dossier.channel)
            fts.index(
                session, dossier.id, fts.document(data.full_name, dossier.code, data.id_number, data.phone), new=True
            )
            snapshot: dict[str, Any] = {
                "code": dossier.code,
                "procedure_code": procedure.code,
                "procedure_version": procedure.version,
                "procedure_name": procedure.name,
                "field": procedure.field,
                "channel": dossier.channel,
                "return_by_post": dossier.return_by_post,
                "received_at": received_at.astimezone(UTC).isoformat(),
                "due_at": None if due_at is None else due_at.astimezone(UTC).isoformat(),
                "lookup_secret": dossier.lookup_secret,
                "applicant": {"full_name": data.full_name, "id_number": data.id_number, "phone": data.phone},
            }
            if request.assisted:  # only when set: older hubs read the snapshot they know
                snapshot["assisted"] = True
                snapshot["portal_code"] = filed_code
            if paper_exception is not None:
                snapshot["paper_exception"] = paper_exception
            events.append_event(
                session,
                dossier,
                LifecycleEvent(kind),
                at=received_at,
                recorded_at=now,
                actor=ctx.actor,
                payload={
                    "late_entry": late_entry,
                    **detail,
                    **_directive_detail(request, filed_code, paper_exception),
                    **digitised_detail,
                },
                snapshot=snapshot,
            )
            if prepared or request.reuse:  # after the first event: the papers' copies, in checklist order
                papers.record_intake_papers(session, ctx, dossier, prepared, request.reuse, now)
            if accepted:
                notices.queue(session, ctx.actor, now, office, dossier, NoticeKind.RECEIPT)
            if after is not None:
                after(session, dossier, now)  # e.g. the postal batch item of a dossier sent in by post
            audit.record(
                session,
                ctx.actor,
                now,
                "dossier.late_entry" if late_entry else _ACTIONS[kind],
                entity="dossier",
                entity_id=dossier.code,
                details={"procedure": procedure.code, "received_at": received_at.isoformat(), "event": kind.value},
            )
            claim.remember(session, ctx.actor, now, dossier.code, {"code": dossier.code, "late_entry": late_entry})
            return IntakeResult(summary(dossier), dossier.uid, dossier.lookup_secret, late_entry)
    finally:
        # A refusal inside the transaction leaves none of the citizen's certified papers on the disk
        papers.discard_unreferenced(ctx, prepared.values())


def _prepare_papers(
    ctx: Context, request: IntakeRequest, kind: EventKind, claim: Claim, signer: CopySigner | None
) -> dict[int, papers.PreparedCopy]:
    """The files of the intake's scanned papers, written before its transaction (nothing for a replay)."""
    if not request.papers and not request.reuse:
        return {}
    if kind is EventKind.REFUSED:  # a refused dossier's papers go back to the citizen
        raise InvalidInput("papers.refused_intake")
    if not request.papers:
        return {}
    with ctx.db.read() as session:
        if claim.replay(session) is not None:
            return {}
        procedure = current_procedure(session, request.procedure_code)
        names = {c.position: c.name for c in procedure.components}
    return papers.prepare_for_intake(ctx, names, request.papers, signer)


def _directive_detail(request: IntakeRequest, filed_code: str | None, exception: str | None) -> dict[str, Any]:
    """What the first event records of an assisted filing or a paper exception (shown in the history)."""
    detail: dict[str, Any] = {}
    if request.assisted:
        detail.update(assisted=True, portal_code=filed_code)
    if exception is not None:
        detail["paper_exception"] = exception
    return detail


def accept(
    ctx: Context,
    request: IntakeRequest,
    *,
    after: AfterIntake | None = None,
    request_id: str | None = None,
    claim_as: tuple[str, Any] | None = None,
    signer: CopySigner | None = None,
) -> IntakeResult:
    """Accept a complete dossier (receipt Mẫu 01 follows); ``after`` adds writes to the same transaction.

    ``request_id``: one token per filled form; the same token again returns the first dossier.
    ``signer``: who certifies ``request.papers`` (the clerk's token); None: the office's own key."""
    return _take(ctx, request, EventKind.RECEIVED, {}, after, request_id=request_id, claim_as=claim_as, signer=signer)


def record_submission(ctx: Context, request: IntakeRequest, *, request_id: str | None = None) -> IntakeResult:
    """Record an application submitted online and waiting for the counter's check (no due date yet)."""
    return _take(ctx, request, EventKind.SUBMITTED, {"channel": request.channel.value}, request_id=request_id)


def record_incomplete(
    ctx: Context,
    request: IntakeRequest,
    note: str | None = None,
    *,
    request_id: str | None = None,
    signer: CopySigner | None = None,
) -> IntakeResult:
    """Record an incomplete application; ``request.missing`` lists every missing paper (Mẫu 02)."""
    detail = {"missing": sorted(request.missing), "note": clean_optional(note, "note")}
    return _take(ctx, request, EventKind.INTAKE_INCOMPLETE, detail, request_id=request_id, signer=signer)


def refuse(ctx: Context, request: IntakeRequest, reason: str, *, request_id: str | None = None) -> IntakeResult:
    """Refuse an application that is out of scope or ineligible, with the reason (Mẫu 03)."""
    cleaned = clean_optional(reason, "reason")
    if cleaned is None:
        raise InvalidInput("intake.reason_required")
    return _take(ctx, request, EventKind.REFUSED, {"reason": cleaned}, request_id=request_id)
