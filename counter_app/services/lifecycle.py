"""After intake: hand-overs, supplements, results, returns, withdrawals, stops and apologies.

Every action is one transaction: the state machine checks the transition (an illegal one is a typed
error with a clear message), the event is appended (and queued for the hub), the dossier's summary
columns move, and the audit trail records who did it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.calendar import OFFICE_TZ, WorkingCalendar, office_time, parse_hhmm
from counter_app.domain.errors import InvalidInput
from counter_app.domain.handover import Authorisation, ResultPaper, result_paper, same_person
from counter_app.domain.handover import authorisation as check_authorisation
from counter_app.domain.lifecycle import EventKind, LifecycleEvent, Status, allowed_events
from counter_app.domain.notices import NoticeKind
from counter_app.domain.signers import BOOK_SYMBOLS
from counter_app.domain.text import clean_optional
from counter_app.services import audit, catalogue, document_numbers, events, notices, users
from counter_app.services.calendar import working_calendar
from counter_app.services.context import Context
from counter_app.services.dossiers import load, summary
from counter_app.services.dto import DossierRow
from counter_app.services.errors import NotFound, Refused
from counter_app.services.intake import next_register_line
from counter_app.services.office import current_office
from counter_app.services.requests import Claim
from counter_app.storage.models import Agency, Dossier, DossierEvent

COMMUNE_KINDS = frozenset({"commune_officer", "commune"})


class Outcome(StrEnum):
    GRANTED = "granted"
    DENIED = "denied"


@dataclass(frozen=True)
class ApologyResult:
    dossier: DossierRow
    reschedule_count: int
    second_reschedule: bool
    late_notice: bool  # issued later than one working day before the due date


def _reason(text: str | None, code: str = "lifecycle.reason_required", field: str = "reason") -> str:
    cleaned = clean_optional(text, field)
    if cleaned is None:
        raise InvalidInput(code)
    return cleaned


def _apply(
    ctx: Context,
    code: str,
    event: LifecycleEvent,
    payload: dict[str, Any],
    action: str,
    after: Any = None,
    prepare: Any = None,
    *,
    request_id: str | None = None,
) -> DossierRow:
    """Append ``event`` to the dossier in one unit of work; ``after(session, dossier, now)`` moves columns.

    ``prepare(session, dossier, now)`` returns more payload, worked out inside the unit of work, that the
    event must carry to the hub (e.g. the new received and due times of a late acceptance).
    ``request_id`` makes the action idempotent (services.requests): the same token again appends
    nothing and returns the dossier as it is.
    """
    now = ctx.now()
    claim = Claim(request_id, action, (code, event, payload))
    with ctx.db.write() as session:
        done = claim.replay(session)
        if done is not None:
            return summary(load(session, str(done["code"])))
        dossier = load(session, code)
        if prepare is not None:
            payload = {**payload, **prepare(session, dossier, now)}
        events.append_event(session, dossier, event, at=now, recorded_at=now, actor=ctx.actor, payload=payload)
        if after is not None:
            after(session, dossier, now)
        audit.record(session, ctx.actor, now, action, entity="dossier", entity_id=dossier.code, details=payload)
        claim.remember(session, ctx.actor, now, dossier.code, {"code": dossier.code})
        return summary(dossier)


# ---------------------------------------------------------------------- hand-overs


def default_transfer_agency(ctx: Context, code: str) -> str | None:
    """The code of the agency a transfer of this dossier goes to unless the clerk picks another: the
    procedure's competent agency (Decree 118/2025: a provincial or vertical-agency procedure received
    at the commune centre is sent to the body that decides it). None when the catalogue names none."""
    with ctx.db.read() as session:
        agency = catalogue.competent_agency(session, load(session, code).procedure)
        return None if agency is None else agency.code


def transfer(
    ctx: Context,
    code: str,
    agency_code: str | None = None,
    *,
    receiver: str | None = None,
    note: str | None = None,
    request_id: str | None = None,
) -> DossierRow:
    """Hand the dossier to a commune officer (processing) or an interlinked agency; without
    ``agency_code``, to the procedure's competent agency (:func:`default_transfer_agency`)."""
    chosen = (agency_code or "").strip().upper()
    if not chosen:
        default = default_transfer_agency(ctx, code)
        if default is None:
            raise InvalidInput("transfer.no_default_agency", code=code)
        chosen = default
    with ctx.db.read() as session:
        agency = session.get(Agency, chosen)
        if agency is None or not agency.active:
            raise NotFound("agency.not_found", code=agency_code or chosen)
        name, interlinked = agency.name, agency.kind not in COMMUNE_KINDS
    payload = {
        "to": chosen,
        "to_name": name,
        "interlinked": interlinked,
        "giver": ctx.actor.username,
        "receiver": clean_optional(receiver, "name"),
        "note": clean_optional(note, "note"),
    }
    event = LifecycleEvent(EventKind.TRANSFERRED, interlinked=interlinked)
    return _apply(ctx, code, event, payload, "dossier.transfer", request_id=request_id)


def _last_transfer_interlinked(session: Session, dossier: Dossier) -> bool:
    last = session.scalar(
        select(DossierEvent)
        .where(DossierEvent.dossier_id == dossier.id, DossierEvent.kind == "transferred")
        .order_by(DossierEvent.seq.desc())
        .limit(1)
    )
    return bool(last is not None and last.payload.get("interlinked"))


def request_supplement(
    ctx: Context, code: str, missing: tuple[int, ...], note: str | None = None, *, request_id: str | None = None
) -> DossierRow:
    """Ask the applicant for missing papers during processing; the clock is paused from now (event)."""
    if not missing:
        raise InvalidInput("intake.nothing_missing")
    payload = {"missing": sorted(set(missing)), "note": clean_optional(note, "note"), "clock": "paused"}
    event = LifecycleEvent(EventKind.SUPPLEMENT_REQUESTED)
    return _apply(ctx, code, event, payload, "dossier.supplement_request", request_id=request_id)


def supplement_received(
    ctx: Context, code: str, note: str | None = None, *, request_id: str | None = None
) -> DossierRow:
    """The applicant brought the papers; the clock resumes and the dossier goes back where it was."""
    with ctx.db.read() as session:
        interlinked = _last_transfer_interlinked(session, load(session, code))
    payload = {"note": clean_optional(note, "note"), "clock": "resumed", "interlinked": interlinked}
    return _apply(
        ctx,
        code,
        LifecycleEvent(EventKind.SUPPLEMENT_SUPPLIED, interlinked=interlinked),
        payload,
        "dossier.supplement_received",
        request_id=request_id,
    )


# ---------------------------------------------------------------------- results and returns


def record_result(
    ctx: Context,
    code: str,
    outcome: Outcome = Outcome.GRANTED,
    note: str | None = None,
    *,
    request_id: str | None = None,
) -> DossierRow:
    """The result is ready (granted, or a reasoned refusal by the processing agency)."""

    def after(session: Session, dossier: Dossier, now: datetime) -> None:
        dossier.resolved_at = now
        notices.queue(session, ctx.actor, now, current_office(session), dossier, NoticeKind.RESULT_READY)

    payload = {"outcome": outcome.value, "note": clean_optional(note, "note")}
    return _apply(
        ctx, code, LifecycleEvent(EventKind.RESULT_READY), payload, "dossier.result", after, request_id=request_id
    )


def return_result(
    ctx: Context,
    code: str,
    receiver_name: str,
    receiver_id: str | None = None,
    papers: Sequence[ResultPaper | str] = (),
    *,
    authorisation: Authorisation | None = None,
    request_id: str | None = None,
) -> DossierRow:
    """Hand the result to the citizen (or the person they sent) at the counter.

    ``papers``: the result papers handed over (a plain name is one copy). A receiver who is not the
    applicant collects on their behalf and must show the paper authorising it (``authorisation``),
    dated no later than today; it goes into the event (the dossier's history) and onto the note.
    """
    name = _reason(receiver_name, "return.receiver_required", "name")
    handed = [p if isinstance(p, ResultPaper) else result_paper(p) for p in papers]
    with ctx.db.read() as session:
        dossier = load(session, code)
        if dossier.return_by_post and dossier.status == Status.RESULT_READY.value:
            raise Refused("return.by_post", code=dossier.code)
        proxy = not same_person(name, dossier.applicant.full_name)
        can_return = EventKind.RETURNED in allowed_events(Status(dossier.status))
    paper = None
    if proxy and can_return:  # an illegal return is refused by the state machine, with its own reason
        if authorisation is None:
            raise InvalidInput("return.proxy_needs_authorisation", name=name)
        today = office_time(ctx.now()).date()
        paper = check_authorisation(authorisation.kind, authorisation.number, authorisation.issued_on, today)

    def after(session: Session, dossier: Dossier, now: datetime) -> None:
        dossier.finished_at = now

    payload = {
        "receiver_name": name,
        "receiver_id": clean_optional(receiver_id, "id_number"),
        "papers": [p.to_json() for p in handed],
        "at_counter": True,
        "on_behalf": proxy,
        "authorisation": None if paper is None else paper.to_json(),
    }
    return _apply(
        ctx, code, LifecycleEvent(EventKind.RETURNED), payload, "dossier.return", after, request_id=request_id
    )


# ---------------------------------------------------------------------- pending applications


def accept_pending(ctx: Context, code: str, *, request_id: str | None = None) -> DossierRow:
    """Accept an application submitted online or left incomplete, now complete: due date from now."""

    def prepare(session: Session, dossier: Dossier, now: datetime) -> dict[str, Any]:
        # The hub (lookup page, statistics) must move the dates with the counter.
        procedure = dossier.procedure
        cutoff = None if procedure.cutoff is None else parse_hhmm(procedure.cutoff)
        due = working_calendar(session).due_at(now, procedure.working_days, cutoff)
        return {"received_at": now.astimezone(UTC).isoformat(), "due_at": due.astimezone(UTC).isoformat()}

    def after(session: Session, dossier: Dossier, now: datetime) -> None:
        procedure = dossier.procedure
        cutoff = None if procedure.cutoff is None else parse_hhmm(procedure.cutoff)
        dossier.received_at = now
        dossier.due_at = working_calendar(session).due_at(now, procedure.working_days, cutoff)
        dossier.appointment_at = dossier.due_at
        office = current_office(session)
        dossier.register_book = f"{office_time(now).year}-{office.workstation}"
        dossier.register_number = next_register_line(session, dossier.register_book)
        notices.queue(session, ctx.actor, now, office, dossier, NoticeKind.RECEIPT)

    event = LifecycleEvent(EventKind.RECEIVED)
    return _apply(ctx, code, event, {"completed": True}, "dossier.receive", after, prepare, request_id=request_id)


def mark_incomplete(
    ctx: Context, code: str, missing: tuple[int, ...], note: str | None = None, *, request_id: str | None = None
) -> DossierRow:
    """A pending application (e.g. submitted online) lacks papers: Mẫu 02 lists every one at once."""
    if not missing:
        raise InvalidInput("intake.nothing_missing")
    payload = {"missing": sorted(set(missing)), "note": clean_optional(note, "note")}
    event = LifecycleEvent(EventKind.INTAKE_INCOMPLETE)
    return _apply(ctx, code, event, payload, "dossier.incomplete", request_id=request_id)


def refuse_pending(ctx: Context, code: str, reason: str, *, request_id: str | None = None) -> DossierRow:
    def after(_session: Session, dossier: Dossier, now: datetime) -> None:
        dossier.finished_at = now

    payload = {"reason": _reason(reason)}
    return _apply(ctx, code, LifecycleEvent(EventKind.REFUSED), payload, "dossier.refuse", after, request_id=request_id)


# ---------------------------------------------------------------------- ending early


def withdraw(
    ctx: Context,
    code: str,
    reason: str,
    *,
    on_request: bool = False,
    request_ref: str | None = None,
    request_id: str | None = None,
) -> DossierRow:
    """Withdraw: outright before acceptance; after it only on the citizen's written request."""

    def after(_session: Session, dossier: Dossier, now: datetime) -> None:
        dossier.finished_at = now

    payload = {
        "reason": _reason(reason),
        "on_request": on_request,
        "request_ref": clean_optional(request_ref, "reference"),
    }
    event = LifecycleEvent(EventKind.WITHDRAWN, on_request=on_request)
    return _apply(ctx, code, event, payload, "dossier.withdraw", after, request_id=request_id)


def stop(ctx: Context, code: str, reason: str, *, request_id: str | None = None) -> DossierRow:
    """Stop processing (2025 set: Thông báo dừng giải quyết hồ sơ)."""

    def after(session: Session, dossier: Dossier, now: datetime) -> None:
        dossier.finished_at = now
        # the notice's number, in the stop's own unit of work (a replayed request never gets here)
        stopped = document_numbers.last_event(session, dossier, EventKind.STOPPED.value)
        document_numbers.allocate(session, current_office(session), "stop_notice", BOOK_SYMBOLS["stop_notice"], stopped)

    payload = {"reason": _reason(reason)}
    return _apply(ctx, code, LifecycleEvent(EventKind.STOPPED), payload, "dossier.stop", after, request_id=request_id)


# ---------------------------------------------------------------------- apologies


@dataclass(frozen=True)
class LeaderConfirmation:
    """A leader's user name and password, checked by the service itself (never a trusted account)."""

    username: str
    password: str


def _first_apology_day(calendar: WorkingCalendar, appointment_at: datetime, now: datetime) -> date:
    """The first date a new appointment may take: a working day after today and after the current one."""
    return calendar.next_working_day(max(office_time(appointment_at).date(), office_time(now).date()))


def first_apology_date(ctx: Context, code: str) -> date:
    """The first valid new date for an apology of dossier ``code`` (what the apology form proposes)."""
    with ctx.db.read() as session:
        dossier = load(session, code)
        if dossier.appointment_at is None or dossier.due_at is None:
            raise InvalidInput("apology.not_accepted", code=dossier.code)
        return _first_apology_day(working_calendar(session), dossier.appointment_at, ctx.now())


def apology(
    ctx: Context,
    code: str,
    reason: str,
    new_date: date,
    *,
    confirmation: LeaderConfirmation | None = None,
    new_time: time | None = None,
    request_id: str | None = None,
) -> ApologyResult:
    """Apologise for a late dossier and move its appointment (never its due date).

    The law allows one new date; a second needs a leader's confirmation and is flagged. The letter
    should reach the citizen no later than one working day before the due date: a later one is
    recorded as such.
    """
    why = _reason(reason)
    claim = Claim(request_id, "dossier.apology", (code, why, new_date, new_time))
    leader = None if confirmation is None else users.confirm_leader(ctx, confirmation.username, confirmation.password)
    now = ctx.now()
    with ctx.db.write() as session:
        done = claim.replay(session)
        if done is not None:
            first = load(session, str(done["code"]))
            return ApologyResult(summary(first), int(done["reschedule"]), bool(done["second"]), bool(done["late"]))
        dossier = load(session, code)
        calendar = working_calendar(session)
        if dossier.appointment_at is None or dossier.due_at is None:
            raise InvalidInput("apology.not_accepted", code=dossier.code)
        moment = datetime.combine(new_date, new_time or calendar.return_time, tzinfo=OFFICE_TZ)
        # A working day after today and after the current appointment: an apology never proposes a day
        # already past (the appointment itself may lie in the past when the apology comes late).
        earliest = _first_apology_day(calendar, dossier.appointment_at, now)
        if new_date < earliest or not calendar.is_working_day(new_date):
            raise InvalidInput("apology.date", value=f"{new_date:%d/%m/%Y}", earliest=f"{earliest:%d/%m/%Y}")
        second = dossier.reschedule_count >= 1
        if second and leader is None:
            raise Refused("apology.needs_leader", code=dossier.code)
        due_day = office_time(dossier.due_at).date()
        late_notice = office_time(now).date() > calendar.previous_working_day(due_day)
        payload = {
            "reason": why,
            "old_appointment": dossier.appointment_at.isoformat(),
            "new_appointment": moment.isoformat(),
            "reschedule": dossier.reschedule_count + 1,
            "second_reschedule": second,
            "confirmed_by": None if leader is None else leader.username,
            "late_notice": late_notice,
        }
        issued = events.append_event(
            session,
            dossier,
            LifecycleEvent(EventKind.APOLOGY_ISSUED),
            at=now,
            recorded_at=now,
            actor=ctx.actor,
            payload=payload,
        )
        document_numbers.allocate(session, current_office(session), "apology", BOOK_SYMBOLS["apology"], issued)
        dossier.appointment_at = moment
        dossier.reschedule_count += 1
        notices.queue(session, ctx.actor, now, current_office(session), dossier, NoticeKind.APOLOGY, reason=why)
        audit.record(
            session, ctx.actor, now, "dossier.apology", entity="dossier", entity_id=dossier.code, details=payload
        )
        remembered = {
            "code": dossier.code,
            "reschedule": dossier.reschedule_count,
            "second": second,
            "late": late_notice,
        }
        claim.remember(session, ctx.actor, now, dossier.code, remembered)
        return ApologyResult(summary(dossier), dossier.reschedule_count, second, late_notice)
