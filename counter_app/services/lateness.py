"""The late-dossier board: overdue, due today, due within N working days — most urgent first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.calendar import OFFICE_TZ, office_time
from counter_app.domain.lifecycle import IN_PROGRESS, Status
from counter_app.domain.privacy import mask_phone
from counter_app.services.calendar import working_calendar
from counter_app.services.context import Context
from counter_app.storage.models import Applicant, Dossier, PostalItem, Procedure


class Urgency(StrEnum):
    OVERDUE = "overdue"
    UNDELIVERABLE = "undeliverable"  # the post brought the result back: the citizen must be reached
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"


_ORDER = {Urgency.OVERDUE: 0, Urgency.UNDELIVERABLE: 1, Urgency.DUE_TODAY: 2, Urgency.DUE_SOON: 3}


@dataclass(frozen=True)
class BoardRow:
    id: int
    code: str
    applicant_name: str
    phone: str | None  # masked (domain.privacy.mask_phone): whole only in the dossier view
    procedure_name: str
    status: Status
    due_at: datetime
    appointment_at: datetime
    urgency: Urgency
    working_days: int  # overdue: working days past the due date; otherwise working days left
    reschedule_count: int
    needs_apology: bool  # not yet apologised, and the due date is today or past

    @property
    def flagged(self) -> bool:
        """Rescheduled more than once (the law allows one new date)."""
        return self.reschedule_count > 1


def board(ctx: Context, within: int = 3, today: date | None = None) -> list[BoardRow]:
    """Open dossiers due within ``within`` working days or already overdue (by the legal due date)."""
    with ctx.db.read() as session:
        calendar = working_calendar(session)
        day = today or office_time(ctx.now()).date()
        horizon = day if within <= 0 else calendar.add_working_days(day, within)
        end = datetime.combine(horizon + timedelta(days=1), time(0), tzinfo=OFFICE_TZ)
        query = (
            select(
                Dossier.id,
                Dossier.code,
                Applicant.full_name,
                Applicant.phone,
                Procedure.name,
                Dossier.status,
                Dossier.due_at,
                Dossier.appointment_at,
                Dossier.reschedule_count,
            )
            .join(Applicant, Dossier.applicant_id == Applicant.id)
            .join(Procedure, Dossier.procedure_id == Procedure.id)
            .where(Dossier.status.in_(sorted(s.value for s in IN_PROGRESS)), Dossier.due_at < end)
        )
        rows = []
        for id_, code, name, phone, procedure, status, due_at, appointment_at, reschedules in session.execute(query):
            assert due_at is not None  # the query keeps accepted dossiers only
            assert appointment_at is not None
            due_day = office_time(due_at).date()
            if due_day < day:
                urgency, days = Urgency.OVERDUE, calendar.working_days_between(due_day, day)
            elif due_day == day:
                urgency, days = Urgency.DUE_TODAY, 0
            else:
                urgency, days = Urgency.DUE_SOON, calendar.working_days_between(day, due_day)
            # An apology is due when the due date (or the last apology's new appointment) is today or past.
            promised = office_time(appointment_at).date() if reschedules else due_day
            rows.append(
                BoardRow(
                    id_,
                    code,
                    name,
                    mask_phone(phone) or None,
                    procedure,
                    Status(status),
                    due_at,
                    appointment_at,
                    urgency,
                    days,
                    reschedules,
                    urgency is not Urgency.DUE_SOON and promised <= day,
                )
            )
        rows.extend(_undeliverable(session))
    rows.sort(
        key=lambda r: (
            _ORDER[r.urgency],
            -r.working_days if r.urgency is Urgency.OVERDUE else r.working_days,
            r.due_at,
            r.code,
        )
    )
    return rows


def _undeliverable(session: Session) -> list[BoardRow]:
    """Results whose latest postal delivery failed: back at the counter until the citizen is reached."""
    latest = (
        select(PostalItem.dossier_id, func.max(PostalItem.id).label("item_id"))
        .group_by(PostalItem.dossier_id)
        .subquery()
    )
    query = (
        select(
            Dossier.id,
            Dossier.code,
            Applicant.full_name,
            Applicant.phone,
            Procedure.name,
            Dossier.due_at,
            Dossier.appointment_at,
            Dossier.reschedule_count,
        )
        .join(latest, latest.c.dossier_id == Dossier.id)
        .join(PostalItem, PostalItem.id == latest.c.item_id)
        .join(Applicant, Dossier.applicant_id == Applicant.id)
        .join(Procedure, Dossier.procedure_id == Procedure.id)
        .where(Dossier.status == Status.RESULT_READY.value, PostalItem.outcome == "undeliverable")
    )
    rows = []
    for id_, code, name, phone, procedure, due_at, appointment_at, reschedules in session.execute(query):
        assert due_at is not None  # only accepted dossiers have results
        assert appointment_at is not None
        rows.append(
            BoardRow(
                id_,
                code,
                name,
                mask_phone(phone) or None,
                procedure,
                Status.RESULT_READY,
                due_at,
                appointment_at,
                Urgency.UNDELIVERABLE,
                0,
                reschedules,
                False,
            )
        )
    return rows
