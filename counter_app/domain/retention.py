"""Which backups to keep: 7 daily, 4 weekly, 12 monthly (a pure function, no files).

The rule is the one of borg and restic (``--keep-daily 7 --keep-weekly 4 --keep-monthly 12``): walking
the backups from the newest, the newest backup of each of the 7 most recent *days that have a backup*
is kept, then of each of the 4 most recent ISO weeks that have one, then of the 12 most recent months.
Periods are counted among the backups, not on the calendar from today: a PC left off for a month, or a
clock set a year ahead then put back, never empties the set. The newest backup is always kept (it is
the newest of its day), at most 7 + 4 + 12 = 23 are kept, and keeping again what was kept changes
nothing.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import datetime
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

DAILY, WEEKLY, MONTHLY = 7, 4, 12


def _day(moment: datetime) -> str:
    return moment.date().isoformat()


def _week(moment: datetime) -> str:
    year, week, _ = moment.date().isocalendar()
    return f"{year}-W{week:02d}"


def _month(moment: datetime) -> str:
    return f"{moment.year}-{moment.month:02d}"


def retain(
    backups: Iterable[tuple[K, datetime]], *, daily: int = DAILY, weekly: int = WEEKLY, monthly: int = MONTHLY
) -> dict[K, tuple[str, ...]]:
    """The backups to keep, each with why (``"daily 2026-12-03"``, ``"weekly 2026-W49"``, ``"monthly 2026-12"``).

    ``backups`` are (key, moment) pairs, moments in the office's local time (days are local days); the
    keys not in the answer are to be deleted. Ties in moment are broken by key order, so the answer
    does not depend on the input's order."""
    ordered = sorted(backups, key=lambda item: (item[1], str(item[0])), reverse=True)
    kept: dict[K, list[str]] = {}
    for name, count, period in zip(
        ("daily", "weekly", "monthly"), (daily, weekly, monthly), (_day, _week, _month), strict=True
    ):
        seen: set[str] = set()
        for key, moment in ordered:
            if len(seen) >= count:
                break
            label = period(moment)
            if label in seen:
                continue
            seen.add(label)
            kept.setdefault(key, []).append(f"{name} {label}")
    return {key: tuple(reasons) for key, reasons in kept.items()}


def period_labels(moment: datetime) -> tuple[str, str, str]:
    """The (day, week, month) a backup belongs to."""
    return _day(moment), _week(moment), _month(moment)
