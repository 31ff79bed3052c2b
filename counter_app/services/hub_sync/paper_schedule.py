"""The papers' schedule (issue 14): a cap in kbit/s on the bytes written and the hours (office time,
Asia/Ho_Chi_Minh) when copies may be sent; events go at any time. Kept in ``sync_state.paper_kbps`` and
``sync_state.paper_hours``; used by :mod:`.papers`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from datetime import time as clock_time

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.errors import InvalidInput
from counter_app.services.context import Context
from counter_app.services.errors import Refused
from counter_app.storage.models import SyncState

MIN_KBPS = 8
MAX_KBPS = 100_000
_HOURS = re.compile(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)")


@dataclass(frozen=True)
class PaperSchedule:
    """The papers' cap (kbit/s, None: none) and sending hours ("HH:MM-HH:MM", None: any time)."""

    kbps: int | None
    hours: str | None


def parse_hours(hours: str) -> tuple[clock_time, clock_time]:
    """``"07:00-17:00"`` → (start, end); InvalidInput (paper.hours) for anything else or start == end."""
    match = _HOURS.fullmatch(hours.strip()) if len(hours) <= 40 else None
    if match is None:
        raise InvalidInput("paper.hours", value=hours[:40])
    start = clock_time(int(match[1]), int(match[2]))
    end = clock_time(int(match[3]), int(match[4]))
    if start == end:
        raise InvalidInput("paper.hours", value=hours[:40])
    return start, end


def within_hours(hours: str | None, at: datetime) -> bool:
    """Whether ``at`` (aware) falls in the sending hours, read in office time; an overnight window
    (``22:00-06:00``) wraps round midnight. None: any time."""
    if hours is None:
        return True
    start, end = parse_hours(hours)
    now = at.astimezone(OFFICE_TZ).time().replace(second=0, microsecond=0)
    if start < end:
        return start <= now < end
    return now >= start or now < end


def paper_schedule(ctx: Context) -> PaperSchedule:
    with ctx.db.read() as session:
        state = session.get(SyncState, 1)
        if state is None:
            return PaperSchedule(None, None)
        return PaperSchedule(state.paper_kbps, state.paper_hours)


def set_paper_schedule(ctx: Context, kbps: int | None, hours: str | None) -> PaperSchedule:
    """Set the papers' cap and sending hours. ``kbps`` 0 or None: no cap (else 8…100000);
    ``hours`` None, "" or "any": any time (else "HH:MM-HH:MM", start ≠ end). InvalidInput for bad input;
    Refused("sync.not_enrolled") before enrolment."""
    if kbps is not None and (isinstance(kbps, bool) or not isinstance(kbps, int)):
        raise InvalidInput("paper.kbps", value=str(kbps)[:40])
    if kbps is not None and kbps != 0 and not MIN_KBPS <= kbps <= MAX_KBPS:
        raise InvalidInput("paper.kbps", value=str(kbps)[:40])
    cleaned: str | None = None
    if hours is not None and hours.strip().lower() not in ("", "any"):
        start, end = parse_hours(hours)
        cleaned = f"{start:%H:%M}-{end:%H:%M}"
    with ctx.db.write() as session:
        state = session.get(SyncState, 1)
        if state is None:
            raise Refused("sync.not_enrolled")
        state.paper_kbps = kbps or None
        state.paper_hours = cleaned
        return PaperSchedule(state.paper_kbps, state.paper_hours)
