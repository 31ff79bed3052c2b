"""What the statistics tab shows beyond Biểu 06 itself: the usual periods, and dossiers received per week.

Biểu 06 comes from :mod:`counter_app.services.statistics`; this module adds only what the dashboard's
charts need and the report does not carry. Dossiers received per week count the same dossiers as the
report's "received within the period" (accepted ones, by office day of reception), so the bars add up
to the figure shown beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import func, select

from counter_app.domain.digitisation import DigitisedShare
from counter_app.domain.statistics import Bieu06Report, Period
from counter_app.services import register, statistics
from counter_app.services.context import Context
from counter_app.storage.models import Dossier

OFFICE_OFFSET = "+7 hours"  # Asia/Ho_Chi_Minh has had no daylight saving since 1975


class Preset(StrEnum):
    THIS_QUARTER = "this_quarter"
    PREVIOUS_QUARTER = "previous_quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"


def preset(which: Preset, today: date) -> Period:
    """The whole period a preset names, seen from ``today`` (office date). A period still running is not
    cut short: the report counts it up to today and says so ("số liệu đến ngày …")."""
    quarter = (today.month - 1) // 3 + 1
    if which is Preset.PREVIOUS_QUARTER:
        return Period.quarter(today.year - 1, 4) if quarter == 1 else Period.quarter(today.year, quarter - 1)
    if which is Preset.THIS_QUARTER:
        whole = Period.quarter(today.year, quarter)
    elif which is Preset.HALF_YEAR:
        whole = Period.half(today.year, 1 if today.month <= 6 else 2)
    else:
        whole = Period.year(today.year)
    return whole


@dataclass(frozen=True)
class WeekCount:
    start: date  # the Monday
    count: int


@dataclass(frozen=True)
class Dashboard:
    report: Bieu06Report
    weeks: tuple[WeekCount, ...]
    digitised: DigitisedShare = field(default_factory=DigitisedShare)  # the digitisation share (issue 13)


def received_per_week(ctx: Context, period: Period) -> tuple[WeekCount, ...]:
    """Dossiers accepted in ``period`` per week (Monday to Sunday), every week of the period listed."""
    low, high = register.period_bounds(period.start, period.end)
    day = func.date(Dossier.received_at, OFFICE_OFFSET)
    with ctx.db.read() as session:
        rows = session.execute(
            select(day, func.count())
            .where(Dossier.received_at >= low, Dossier.received_at < high, Dossier.due_at.is_not(None))
            .group_by(day)
        ).all()
    first = period.start - timedelta(days=period.start.weekday())
    counts: dict[date, int] = {}
    monday = first
    while monday <= period.end:
        counts[monday] = 0
        monday += timedelta(days=7)
    for text, count in rows:
        received = date.fromisoformat(str(text))
        counts[received - timedelta(days=received.weekday())] += int(count)
    return tuple(WeekCount(start, count) for start, count in counts.items())


def load(ctx: Context, period: Period) -> Dashboard:
    """Everything the statistics tab shows for ``period`` (one background task)."""
    report = statistics.report(ctx, period)  # a period still running is counted up to today: the weeks too
    counted = Period(report.period.start, report.data_until or report.period.end)
    return Dashboard(report, received_per_week(ctx, counted), statistics.digitised(ctx, counted))
