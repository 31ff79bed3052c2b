"""The office's working-day calendar: national holidays plus the override tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.calendar import CalendarOverride as Override
from counter_app.domain.calendar import OverrideKind, WorkingCalendar
from counter_app.domain.text import clean
from counter_app.services import audit
from counter_app.services.context import Context
from counter_app.storage.models import CalendarOverride


@dataclass(frozen=True)
class DayInfo:
    day: date
    working: bool
    holiday: str | None
    override: OverrideKind | None


def working_calendar(session: Session) -> WorkingCalendar:
    overrides = session.scalars(select(CalendarOverride))
    return WorkingCalendar(Override(o.day, OverrideKind(o.kind), o.note) for o in overrides)


def load_calendar(ctx: Context) -> WorkingCalendar:
    with ctx.db.read() as session:
        return working_calendar(session)


def set_override(ctx: Context, day: date, kind: OverrideKind, note: str = "") -> None:
    """Make ``day`` a holiday or a working day for this office (replacing any earlier override)."""
    with ctx.db.write() as session:
        existing = session.scalar(select(CalendarOverride).where(CalendarOverride.day == day))
        if existing is None:
            session.add(CalendarOverride(day=day, kind=kind.value, note=clean(note, "note"), created_at=ctx.now()))
        else:
            existing.kind, existing.note = kind.value, clean(note, "note")
        audit.record(
            session,
            ctx.actor,
            ctx.now(),
            "calendar.override",
            entity="calendar",
            entity_id=day.isoformat(),
            details={"kind": kind.value, "note": clean(note, "note")},
        )


def remove_override(ctx: Context, day: date) -> bool:
    with ctx.db.write() as session:
        existing = session.scalar(select(CalendarOverride).where(CalendarOverride.day == day))
        if existing is None:
            return False
        session.delete(existing)
        audit.record(
            session,
            ctx.actor,
            ctx.now(),
            "calendar.override_removed",
            entity="calendar",
            entity_id=day.isoformat(),
        )
        return True


def non_standard_days(calendar: WorkingCalendar, year: int) -> list[DayInfo]:
    """Weekday holidays and weekend working days of ``year``: what differs from Monday–Friday."""
    overrides = {o.day: o.kind for o in calendar.overrides}
    result = []
    day = date(year, 1, 1)
    while day.year == year:
        working = calendar.is_working_day(day)
        if working != (day.weekday() < 5):
            result.append(DayInfo(day, working, calendar.holiday_name(day), overrides.get(day)))
        day = date.fromordinal(day.toordinal() + 1)
    return result


def due_at(ctx: Context | None, received_at: datetime, working_days: int, cutoff: time | None) -> datetime:
    """The due date, using this office's overrides when a database is given."""
    calendar = WorkingCalendar() if ctx is None else load_calendar(ctx)
    return calendar.due_at(received_at, working_days, cutoff)
