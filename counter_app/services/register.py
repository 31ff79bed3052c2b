"""The register of dossiers (Sổ theo dõi hồ sơ, Mẫu 06 / 2025 Mẫu 07) for any period."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from counter_app import messages
from counter_app.domain.calendar import OFFICE_TZ
from counter_app.printing.model import RegisterRow
from counter_app.services.context import Context
from counter_app.storage.models import Applicant, Dossier, DossierEvent, Procedure


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, end+1 00:00) in office time."""
    return (
        datetime.combine(start, time(0), tzinfo=OFFICE_TZ),
        datetime.combine(end + timedelta(days=1), time(0), tzinfo=OFFICE_TZ),
    )


def rows(ctx: Context, start: date, end: date, lang: str = "vi") -> list[RegisterRow]:
    """Every dossier accepted in the period (office dates, inclusive), in order of reception."""
    low, high = period_bounds(start, end)
    first_transfer = (
        select(DossierEvent.dossier_id, func.min(DossierEvent.at).label("at"))
        .where(DossierEvent.kind == "transferred")
        .group_by(DossierEvent.dossier_id)
        .subquery()
    )
    query = (
        select(Dossier, Applicant, Procedure, first_transfer.c.at)
        .join(Applicant, Dossier.applicant_id == Applicant.id)
        .join(Procedure, Dossier.procedure_id == Procedure.id)
        .outerjoin(first_transfer, first_transfer.c.dossier_id == Dossier.id)
        .where(Dossier.received_at >= low, Dossier.received_at < high, Dossier.due_at.is_not(None))
        .order_by(Dossier.received_at, Dossier.id)
    )
    result = []
    with ctx.db.read() as session:
        for number, (dossier, applicant, procedure, transferred_at) in enumerate(session.execute(query), start=1):
            contact = ", ".join(x for x in (applicant.address, applicant.phone) if x)
            notes = []
            if dossier.return_by_post:
                notes.append("Trả qua bưu điện" if lang == "vi" else "Result by post")
            if dossier.reschedule_count:
                notes.append(
                    ("Hẹn lại {n} lần" if lang == "vi" else "Rescheduled {n}×").format(n=dossier.reschedule_count)
                )
            if dossier.late_entry:
                notes.append("Nhập bổ sung" if lang == "vi" else "Entered late")
            result.append(
                RegisterRow(
                    number=number,
                    code=dossier.code,
                    procedure_name=procedure.name,
                    dossier_sets=1,
                    applicant_name=applicant.full_name,
                    applicant_contact=contact,
                    processing_agency=procedure.agency,
                    received_at=dossier.received_at,
                    due_at=dossier.due_at,
                    transferred_at=_utc(transferred_at),
                    result_at=dossier.resolved_at,
                    returned_at=dossier.finished_at if dossier.status == "returned" else None,
                    channel=dossier.channel,
                    status=messages.status_label(dossier.status, lang),
                    note="; ".join(notes) or None,
                )
            )
    return result


def _utc(moment: datetime | str | None) -> datetime | None:
    """An aggregate bypasses the column's type: SQLite hands back naive UTC (or its text)."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
