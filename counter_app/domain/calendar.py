"""The working-day calendar of a Vietnamese office and the due-date rule.

Working days are Monday to Friday, minus the public holidays of the ``holidays`` package's VN
calendar (Tết, Hùng Kings, 30/4, 1/5, Quốc khánh, observed and substituted days), plus the
Saturdays that the government swaps into working days (``weekend_workdays`` of the same package).
The yearly decisions change, and a province may add its own days, so an office keeps **override
tables**: extra holidays and extra working days per date. An override always wins over the package.

Due-date rule (Decree 61/2018 and 118/2025 practice, DOMAIN.md §3):

- for N ≥ 1 working days, the due date is the N-th working day after the day of receipt;
- for a same-day procedure (N = 0), a dossier received before the procedure's cut-off (default
  15:00) on a working day is due that day; otherwise on the next working day.

Times: a naive datetime is the office's local time (Asia/Ho_Chi_Minh). Results carry the offset.
The appointment time printed on the receipt is the due date at :data:`DEFAULT_RETURN_TIME`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from counter_app.domain.errors import InvalidInput

if TYPE_CHECKING:
    import holidays

OFFICE_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_CUTOFF = time(15, 0)
DEFAULT_RETURN_TIME = time(17, 0)
_SATURDAY = 5


class OverrideKind(StrEnum):
    HOLIDAY = "holiday"
    WORKING_DAY = "working_day"


@dataclass(frozen=True)
class CalendarOverride:
    """One office-level exception: the day is a holiday, or a working day, whatever the package says."""

    day: date
    kind: OverrideKind
    note: str = ""


def office_time(moment: datetime) -> datetime:
    """The moment as an aware datetime in the office's zone (naive input is already local)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=OFFICE_TZ)
    return moment.astimezone(OFFICE_TZ)


def parse_hhmm(text: str) -> time:
    """Parse a cut-off written as ``HH:MM`` (00:00–23:59)."""
    parts = text.strip().split(":")
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() and len(p) == 2 for p in parts):
        raise InvalidInput("time.invalid", value=text)
    hour, minute = int(parts[0]), int(parts[1])
    if hour > 23 or minute > 59:
        raise InvalidInput("time.invalid", value=text)
    return time(hour, minute)


@functools.lru_cache(maxsize=64)
def _vn_holidays(year: int) -> holidays.HolidayBase:
    import holidays  # about a second to import: only when a date is actually checked

    return holidays.country_holidays("VN", years=year, language="vi")  # not the PC locale


class WorkingCalendar:
    """Working days of one office: the national calendar plus the office's overrides."""

    def __init__(
        self,
        overrides: Iterable[CalendarOverride] = (),
        *,
        return_time: time = DEFAULT_RETURN_TIME,
    ) -> None:
        self._overrides: dict[date, CalendarOverride] = {o.day: o for o in overrides}
        self.return_time = return_time

    @property
    def overrides(self) -> tuple[CalendarOverride, ...]:
        return tuple(sorted(self._overrides.values(), key=lambda o: o.day))

    def holiday_name(self, day: date) -> str | None:
        """The name of the holiday on ``day`` (national, or an override's note), or None on other days."""
        override = self._overrides.get(day)
        if override is not None:
            return override.note if override.kind is OverrideKind.HOLIDAY else None
        name: str | None = _vn_holidays(day.year).get(day)
        return name

    def is_working_day(self, day: date) -> bool:
        override = self._overrides.get(day)
        if override is not None:
            return override.kind is OverrideKind.WORKING_DAY
        national = _vn_holidays(day.year)
        if day in national:
            return False
        if day.weekday() < _SATURDAY:
            return True
        return day in national.weekend_workdays

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        current = day - timedelta(days=1)
        while not self.is_working_day(current):
            current -= timedelta(days=1)
        return current

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day strictly after ``day`` (``count`` ≥ 1)."""
        if count < 1:
            raise InvalidInput("working_days.invalid", value=count)
        current = day
        remaining = count
        while remaining:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in the half-open span (start, end]; negative when ``end`` is before ``start``."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(n)))

    def due_date(self, received_at: datetime, working_days: int, cutoff: time | None = DEFAULT_CUTOFF) -> date:
        """The due date of a dossier received at ``received_at`` (see the module's rule)."""
        if working_days < 0:
            raise InvalidInput("working_days.invalid", value=working_days)
        local = office_time(received_at)
        day = local.date()
        if working_days >= 1:
            return self.add_working_days(day, working_days)
        before_cutoff = cutoff is None or local.time().replace(tzinfo=None) < cutoff
        if self.is_working_day(day) and before_cutoff:
            return day
        return self.next_working_day(day)

    def due_at(self, received_at: datetime, working_days: int, cutoff: time | None = DEFAULT_CUTOFF) -> datetime:
        """:meth:`due_date` at the office's return time, as an aware datetime in the office's zone."""
        day = self.due_date(received_at, working_days, cutoff)
        return datetime.combine(day, self.return_time, tzinfo=OFFICE_TZ)


_DMY = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y")


def parse_datetime(text: str) -> datetime:
    """ISO 8601 (``2025-11-20T09:30``, with or without offset) or ``dd/mm/yyyy[ HH:MM]``.

    A value without an offset is the office's local time; the result is aware.
    """
    value = text.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        for pattern in _DMY:
            try:
                parsed = datetime.strptime(value, pattern)
                break
            except ValueError:
                continue
        else:
            raise InvalidInput("date.invalid", value=text) from None
    try:
        return office_time(parsed)
    except OverflowError:  # year 1 with +14:00 or 9999 with -14:00: no such moment in office time
        raise InvalidInput("date.invalid", value=text) from None


_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(/)(\d{1,2})/(\d{4}|\d{2})")


def parse_date(text: str) -> date:
    """A calendar date as ISO ``YYYY-MM-DD`` or day/month/year (``05/03/1985``, ``5/3/1985``;
    not ``5.3.1985``). A two-digit year is refused here: without knowing what the date is
    for, its century is a guess (see :func:`parse_birth_date`)."""
    return _parse_day(text, None)


def parse_birth_date(text: str, today: date) -> date:
    """A birth date as :func:`parse_date` reads it, and also with a two-digit year ("5/3/85"): the
    century that puts the date on or before ``today`` (nobody is born in the future), so 85 is 1985
    and, in 2026, 20 is 2020 while 27 is 1927."""
    return _parse_day(text, today)


def _parse_day(text: str, today: date | None) -> date:
    value = text.strip()
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        pass
    match = _DAY_MONTH_YEAR.fullmatch(value)
    if match is None:
        raise InvalidInput("date.invalid", value=text)
    day, month, year_text = int(match[1]), int(match[3]), match[4]
    try:
        if len(year_text) == 4:
            return date(int(year_text), month, day)
        if today is None:
            raise InvalidInput("date.invalid", value=text)
        recent = date(today.year // 100 * 100 + int(year_text), month, day)
        if recent <= today:
            return recent
        return date(recent.year - 100, month, day)
    except ValueError:  # 31/2, 29/2 of a common year, month 13
        raise InvalidInput("date.invalid", value=text) from None
