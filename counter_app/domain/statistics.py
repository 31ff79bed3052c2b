"""Biểu số 06/VPCP/KSTT: the figures of a period, computed from small facts per dossier (DOMAIN.md §5).

The counter and the hub compute the report the same way: each gathers one :class:`DossierFacts` per
dossier (or per group of identical dossiers, ``count``) and calls :func:`compute`. Everything is
judged by the office's calendar day, like :mod:`counter_app.domain.timeliness`; the period is a span
of office days, both ends included.

For a period [start, end], an accepted dossier (one with a due date) is

- **carried over** (Từ kỳ trước) when received before ``start`` and neither resolved nor ended
  before ``start``; **received in the period** (online, or direct and postal) when received on a day
  of the period. Both make up **received** (Số hồ sơ nhận giải quyết);
- **resolved** (đã giải quyết) when its result was first ready on a day of the period: early, on
  time or late against the due date (an apology moves the appointment, never the due date);
- **in progress** (đang giải quyết) when neither resolved nor ended by the end of the period:
  overdue when ``end`` is past its due date, within time otherwise;
- **ended** without a result (withdrawn on the citizen's request, or stopped) on a day of the
  period: counted apart, outside the table's columns (1)–(11), so that the printed table reconciles
  on its face, (1) = (5) + (9); the report prints them in a reconciliation line under the table.

Applications never accepted (refused at intake with Mẫu 03, withdrawn before acceptance) have no due
date: they are counted apart (``not_accepted``) and take no part in the identities.

Every bucket is counted on its own, so that the identities below hold only when the facts are
consistent; :func:`check_identities` (called by :func:`compute`) raises :class:`ReportInconsistent`
otherwise, per field and in total:

- received (1) = online (2) + direct/postal (3) + carried over (4);
- received (1) = resolved (5) + in progress (9) (ended dossiers are not in (1));
- resolved = early + on time + late; in progress = within time + overdue;
- the fields add up to the total.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from counter_app.domain.calendar import office_time
from counter_app.domain.errors import DomainError, InvalidInput
from counter_app.domain.text import fold
from counter_app.domain.values import Channel

RATINGS = ("very_satisfied", "satisfied", "dissatisfied")
_QUARTER = re.compile(r"(?P<year>[0-9]{4})-?[Qq](?P<q>[1-4])")
_HALF = re.compile(r"(?P<year>[0-9]{4})-?[Hh](?P<h>[12])")
_YEAR = re.compile(r"[0-9]{4}")


class Ending(StrEnum):
    """How a dossier ended without a result."""

    WITHDRAWN = "withdrawn"  # Rút hồ sơ (after acceptance only on the citizen's written request)
    STOPPED = "stopped"  # Dừng giải quyết
    REFUSED = "refused"  # Từ chối tiếp nhận (Mẫu 03): never accepted


class ReportInconsistent(DomainError):
    """The figures of a report break one of the identities of Biểu 06 (inconsistent dossier data)."""


# ----------------------------------------------------------------------------- period


@dataclass(frozen=True)
class Period:
    """A span of office days, both ends included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidInput("period.invalid", start=self.start.isoformat(), end=self.end.isoformat())

    def as_of(self, today: date) -> Period:
        """The part of the period that has happened by ``today``: a period still running ends today, so
        open dossiers are judged within time or overdue as of today, not as of a day still to come."""
        if self.start <= today < self.end:
            return Period(self.start, today)
        return self

    def data_until(self, today: date) -> date | None:
        """The last day the figures of the period cover when the period runs past ``today`` (printed
        "số liệu đến ngày …"); None when the period is over. A period that has not begun is refused."""
        if today < self.start:
            raise InvalidInput("period.not_started", start=f"{self.start:%d/%m/%Y}")
        return today if today < self.end else None

    @classmethod
    def quarter(cls, year: int, number: int) -> Period:
        """Calendar quarter ``number`` (1–4) of ``year``."""
        if not 1 <= number <= 4:
            raise InvalidInput("period.name", value=f"{year}-Q{number}")
        first = date(year, 3 * number - 2, 1)
        return cls(first, _month_end(year, 3 * number))

    @classmethod
    def half(cls, year: int, number: int) -> Period:
        """First (1) or second (2) six months of ``year``."""
        if number not in (1, 2):
            raise InvalidInput("period.name", value=f"{year}-H{number}")
        return cls(date(year, 6 * number - 5, 1), _month_end(year, 6 * number))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2026-Q3`` (quarter), ``2026-H1`` (six months) or ``2026`` (year)."""
        value = text.strip()
        if match := _QUARTER.fullmatch(value):
            return cls.quarter(int(match["year"]), int(match["q"]))
        if match := _HALF.fullmatch(value):
            return cls.half(int(match["year"]), int(match["h"]))
        if _YEAR.fullmatch(value):
            return cls.year(int(value))
        raise InvalidInput("period.name", value=text)

    def to_json(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


# ----------------------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class DossierFacts:
    """What the report needs of one dossier, by office day (``count`` identical dossiers).

    ``due_on`` None: never accepted (pending, refused at intake, withdrawn before acceptance).
    ``resolved_on``: the day the result was first ready. ``ending``/``ended_on``: withdrawn, stopped
    or refused without a result, and when. ``apologies``: apology letters issued within the period.
    """

    field: str
    channel: Channel
    received_on: date
    due_on: date | None
    resolved_on: date | None = None
    ending: Ending | None = None
    ended_on: date | None = None
    return_by_post: bool = False
    apologies: int = 0
    count: int = 1

    def __post_init__(self) -> None:
        if (self.ending is None) != (self.ended_on is None):
            raise InvalidInput("report.facts", field=self.field, problem="ending and ended_on go together")
        if self.ending is not None and self.resolved_on is not None:
            raise InvalidInput("report.facts", field=self.field, problem="a resolved dossier cannot end otherwise")
        if self.ending is Ending.REFUSED and self.due_on is not None:
            raise InvalidInput("report.facts", field=self.field, problem="an accepted dossier cannot be refused")
        if self.ending is Ending.STOPPED and self.due_on is None:
            raise InvalidInput("report.facts", field=self.field, problem="only an accepted dossier is stopped")
        if self.due_on is None and self.resolved_on is not None:
            raise InvalidInput("report.facts", field=self.field, problem="a never-accepted dossier has no result")
        if self.count < 1 or self.apologies < 0:
            raise InvalidInput("report.facts", field=self.field, problem="count ≥ 1 and apologies ≥ 0")

    @classmethod
    def from_moments(
        cls,
        field: str,
        channel: Channel,
        received_at: datetime,
        due_at: datetime | None,
        resolved_at: datetime | None = None,
        ending: Ending | None = None,
        ended_at: datetime | None = None,
        *,
        return_by_post: bool = False,
        apologies: int = 0,
    ) -> DossierFacts:
        """Facts from stored moments (aware, or naive office time), judged by the office's day."""
        return cls(
            field=field,
            channel=channel,
            received_on=office_time(received_at).date(),
            due_on=_day(due_at),
            resolved_on=_day(resolved_at),
            ending=ending,
            ended_on=_day(ended_at),
            return_by_post=return_by_post,
            apologies=apologies,
        )


def _day(moment: datetime | None) -> date | None:
    return None if moment is None else office_time(moment).date()


# ----------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Received:
    """Số hồ sơ nhận giải quyết: total; online; direct and postal; carried over (từ kỳ trước)."""

    total: int = 0
    online: int = 0
    direct_postal: int = 0
    carried_over: int = 0


@dataclass(frozen=True)
class Resolved:
    """Số hồ sơ đã giải quyết: total; trước hạn; đúng hạn; quá hạn."""

    total: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0


@dataclass(frozen=True)
class InProgress:
    """Số hồ sơ đang giải quyết at the end of the period: total; trong hạn; quá hạn."""

    total: int = 0
    within_time: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class Ended:
    """Accepted dossiers that ended without a result within the period."""

    total: int = 0
    withdrawn: int = 0
    stopped: int = 0


@dataclass(frozen=True)
class NotAccepted:
    """Applications refused at intake or withdrawn before acceptance within the period (outside the identities)."""

    refused: int = 0
    withdrawn: int = 0


@dataclass(frozen=True)
class Channels:
    """How the dossiers received within the period came in, and how many asked for the result by post."""

    direct: int = 0
    postal: int = 0
    online: int = 0
    result_by_post: int = 0
    by_post: int = 0  # sent in by post or result by post (or both): the public postal service's share


@dataclass(frozen=True)
class Figures:
    received: Received = field(default_factory=Received)
    resolved: Resolved = field(default_factory=Resolved)
    in_progress: InProgress = field(default_factory=InProgress)
    ended: Ended = field(default_factory=Ended)
    not_accepted: NotAccepted = field(default_factory=NotAccepted)
    channels: Channels = field(default_factory=Channels)
    apologies: int = 0

    @property
    def received_in_period(self) -> int:
        """Every dossier accepted on a day of the period, including those that ended without a result."""
        return self.channels.direct + self.channels.postal + self.channels.online

    @property
    def handled(self) -> int:
        """Every accepted dossier the period dealt with: the table's (1) plus those ended without a result."""
        return self.received.total + self.ended.total

    @property
    def online_share(self) -> float | None:
        """Online dossiers among those received within the period (None when none were)."""
        return _share(self.channels.online, self.received_in_period)

    @property
    def postal_share(self) -> float | None:
        """Dossiers using the public postal service (in, out or both) among those received within the period."""
        return _share(self.channels.by_post, self.received_in_period)

    def columns(self) -> tuple[int, ...]:
        """The eleven columns of a Biểu 06 row: received (total, online, direct+postal, carried over),
        resolved (total, early, on time, late), in progress (total, within time, overdue)."""
        r, s, p = self.received, self.resolved, self.in_progress
        received = (r.total, r.online, r.direct_postal, r.carried_over)
        return (*received, s.total, s.early, s.on_time, s.late, p.total, p.within_time, p.overdue)

    def to_json(self) -> dict[str, Any]:
        return {
            "received": _plain(self.received),
            "resolved": _plain(self.resolved),
            "in_progress": _plain(self.in_progress),
            "ended": _plain(self.ended),
            "not_accepted": _plain(self.not_accepted),
            "channels": _plain(self.channels),
            "apologies": self.apologies,
            "online_share": self.online_share,
            "postal_share": self.postal_share,
        }


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


def _plain(block: Received | Resolved | InProgress | Ended | NotAccepted | Channels | Satisfaction) -> dict[str, int]:
    return dataclasses.asdict(block)


@dataclass(frozen=True)
class FieldFigures:
    field: str
    figures: Figures


@dataclass(frozen=True)
class Satisfaction:
    """Ratings made within the period, by level."""

    very_satisfied: int = 0
    satisfied: int = 0
    dissatisfied: int = 0

    @property
    def total(self) -> int:
        return self.very_satisfied + self.satisfied + self.dissatisfied


@dataclass(frozen=True)
class Bieu06Report:
    """``period`` is the period asked for, as printed; ``data_until`` the last day its figures cover when
    the period runs past today (printed "số liệu đến ngày …"), None when the period is over."""

    period: Period
    total: Figures
    by_field: tuple[FieldFigures, ...]
    satisfaction: Satisfaction = field(default_factory=Satisfaction)
    data_until: date | None = None

    def to_json(self) -> dict[str, Any]:
        """The report as JSON: the Biểu 06 blocks of the total, the extra figures, then one entry per field."""
        return {
            "period": {
                **self.period.to_json(),
                "data_until": None if self.data_until is None else self.data_until.isoformat(),
            },
            **self.total.to_json(),
            "satisfaction": {**_plain(self.satisfaction), "total": self.satisfaction.total},
            "by_field": [{"field": f.field, **f.figures.to_json()} for f in self.by_field],
        }


# ----------------------------------------------------------------------------- computation

# Counter slots of one accumulator (a list of ints: the loop over a quarter's facts stays cheap).
(
    _TOTAL,
    _ONLINE,
    _DIRECT_POSTAL,
    _CARRIED,
    _RESOLVED,
    _EARLY,
    _ON_TIME,
    _LATE,
    _IN_PROGRESS,
    _WITHIN,
    _OVERDUE,
    _ENDED,
    _WITHDRAWN,
    _STOPPED,
    _NA_REFUSED,
    _NA_WITHDRAWN,
    _CH_DIRECT,
    _CH_POSTAL,
    _CH_ONLINE,
    _CH_RESULT_POST,
    _CH_BY_POST,
    _APOLOGIES,
) = range(22)
_SLOTS = 22


def _tally(facts: DossierFacts, period: Period, into: list[int]) -> None:
    """Add one fact (``count`` dossiers) to the accumulator ``into``: each bucket judged on its own."""
    start, end, n = period.start, period.end, facts.count
    received, resolved, ended_on = facts.received_on, facts.resolved_on, facts.ended_on
    if received > end:
        return
    due = facts.due_on
    in_period = received >= start
    if due is None:  # never accepted
        if ended_on is not None and start <= ended_on <= end:
            into[_NA_REFUSED if facts.ending is Ending.REFUSED else _NA_WITHDRAWN] += n
        return
    into[_APOLOGIES] += facts.apologies * n
    closed_before = (resolved is not None and resolved < start) or (ended_on is not None and ended_on < start)
    ended_in_period = ended_on is not None and start <= ended_on <= end
    in_table = not closed_before and not ended_in_period  # (1) = (5) + (9): ended ones are apart
    if in_table:
        into[_TOTAL] += n
        if not in_period:
            into[_CARRIED] += n
    if in_period:
        channel = facts.channel
        if channel is Channel.ONLINE:
            into[_CH_ONLINE] += n
        else:
            into[_CH_POSTAL if channel is Channel.POSTAL else _CH_DIRECT] += n
        if in_table:
            into[_ONLINE if channel is Channel.ONLINE else _DIRECT_POSTAL] += n
        if facts.return_by_post:
            into[_CH_RESULT_POST] += n
        if facts.return_by_post or channel is Channel.POSTAL:
            into[_CH_BY_POST] += n
    if resolved is not None and start <= resolved <= end:
        into[_RESOLVED] += n
        into[_EARLY if resolved < due else _ON_TIME if resolved == due else _LATE] += n
    if ended_in_period:
        into[_ENDED] += n
        into[_WITHDRAWN if facts.ending is Ending.WITHDRAWN else _STOPPED] += n
    open_at_end = (resolved is None or resolved > end) and (ended_on is None or ended_on > end)
    if open_at_end and not closed_before:
        into[_IN_PROGRESS] += n
        into[_OVERDUE if end > due else _WITHIN] += n


def _figures(c: list[int]) -> Figures:
    return Figures(
        received=Received(c[_TOTAL], c[_ONLINE], c[_DIRECT_POSTAL], c[_CARRIED]),
        resolved=Resolved(c[_RESOLVED], c[_EARLY], c[_ON_TIME], c[_LATE]),
        in_progress=InProgress(c[_IN_PROGRESS], c[_WITHIN], c[_OVERDUE]),
        ended=Ended(c[_ENDED], c[_WITHDRAWN], c[_STOPPED]),
        not_accepted=NotAccepted(c[_NA_REFUSED], c[_NA_WITHDRAWN]),
        channels=Channels(c[_CH_DIRECT], c[_CH_POSTAL], c[_CH_ONLINE], c[_CH_RESULT_POST], c[_CH_BY_POST]),
        apologies=c[_APOLOGIES],
    )


def compute(
    period: Period,
    facts: Iterable[DossierFacts],
    *,
    ratings: Mapping[str, int] | None = None,
) -> Bieu06Report:
    """The report of ``period`` from every dossier's facts (dossiers outside the period are ignored).

    ``ratings``: satisfaction ratings made within the period, by level (:data:`RATINGS`). The fields
    come in the order of their names (tones ignored). Raises :class:`ReportInconsistent` when an
    identity does not hold.
    """
    per_field: dict[str, list[int]] = {}
    for fact in facts:
        counters = per_field.get(fact.field)
        if counters is None:
            counters = per_field[fact.field] = [0] * _SLOTS
        _tally(fact, period, counters)
    total = [sum(column) for column in zip(*per_field.values(), strict=True)] if per_field else [0] * _SLOTS
    rows = tuple(
        FieldFigures(name, _figures(per_field[name]))
        for name in sorted(per_field, key=lambda name: (fold(name), name))
        if any(per_field[name])
    )
    counts = dict(ratings or {})
    unknown = sorted(set(counts) - set(RATINGS))
    if unknown:
        raise InvalidInput("report.rating", value=", ".join(unknown))
    report = Bieu06Report(period, _figures(total), rows, Satisfaction(*(counts.get(r, 0) for r in RATINGS)))
    check_identities(report)
    return report


def _check(figures: Figures, where: str) -> None:
    r, s, p, e = figures.received, figures.resolved, figures.in_progress, figures.ended
    identities = (
        ("received = online + direct_postal + carried_over", r.total, r.online + r.direct_postal + r.carried_over),
        ("(1) received = (5) resolved + (9) in_progress", r.total, s.total + p.total),
        ("resolved = early + on_time + late", s.total, s.early + s.on_time + s.late),
        ("in_progress = within_time + overdue", p.total, p.within_time + p.overdue),
        ("ended = withdrawn + stopped", e.total, e.withdrawn + e.stopped),
    )
    for name, left, right in identities:
        if left != right:
            raise ReportInconsistent("report.identity", identity=name, field=where, left=left, right=right)


def check_identities(report: Bieu06Report) -> None:
    """Raise :class:`ReportInconsistent` unless every identity holds, per field and in total, and the
    fields add up to the total."""
    for row in report.by_field:
        _check(row.figures, row.field)
    _check(report.total, "")
    if report.by_field:
        summed = [row.figures.to_json() for row in report.by_field]
        whole = report.total.to_json()
        for block in ("received", "resolved", "in_progress", "ended"):
            for name, value in whole[block].items():
                parts = sum(item[block][name] for item in summed)
                if parts != value:
                    raise ReportInconsistent(
                        "report.identity", identity=f"Σ fields {block}.{name}", field="", left=value, right=parts
                    )
