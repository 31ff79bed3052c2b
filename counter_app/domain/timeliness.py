"""Timeliness of a dossier against its due date (Biểu 06 buckets, DOMAIN.md §3.3 and §5).

Comparisons are by the office's calendar day: a result ready on the due date is on time whatever
the hour, one ready the day before is early, one ready the day after is late. An open dossier is
within time until the end of its due date and overdue from the next day. An apology moves the
appointment, never the due date used here.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from counter_app.domain.calendar import office_time


class Resolution(StrEnum):
    EARLY = "early"  # Trước hạn
    ON_TIME = "on_time"  # Đúng hạn
    LATE = "late"  # Quá hạn


class Progress(StrEnum):
    WITHIN_TIME = "within_time"  # Trong hạn
    OVERDUE = "overdue"  # Quá hạn


def resolution(due_at: datetime, resolved_at: datetime) -> Resolution:
    """Early, on time or late: the day the result was ready against the due date."""
    due, done = office_time(due_at).date(), office_time(resolved_at).date()
    if done < due:
        return Resolution.EARLY
    if done == due:
        return Resolution.ON_TIME
    return Resolution.LATE


def due_time_passed(appointment_at: datetime, at: datetime) -> bool:
    """Whether the appointment an apology is about has passed at the moment ``at`` it is issued. Before it,
    the letter asks the citizen to agree to an extension; after it, it apologises for the lateness."""
    return at > appointment_at


def step_outcome(due_at: datetime, closed_at: datetime | None) -> Resolution | None:
    """The outcome of one step of the routing slip: none while the step is open (``closed_at`` None),
    else early, on time or late by the day it closed against the dossier's due date."""
    return None if closed_at is None else resolution(due_at, closed_at)


def progress(due_at: datetime, at: datetime) -> Progress:
    """Within time or overdue, for a dossier still open at the moment ``at``."""
    if office_time(at).date() > office_time(due_at).date():
        return Progress.OVERDUE
    return Progress.WITHIN_TIME
