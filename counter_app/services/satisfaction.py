"""The citizen's satisfaction rating of a returned dossier, and the counts for a period.

One rating per dossier, only once the citizen has the result (returned at the counter or handed to the
post). Recording it is one unit of work: the rating row, its outbox entry for the hub (topic
``rating``, docs/sync-protocol.md) and the audit entry.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from counter_app.domain.errors import InvalidInput
from counter_app.domain.lifecycle import Status
from counter_app.domain.satisfaction import (
    CRITERION_KEYS,
    Rating,
    check_comment,
    parse_criteria,
    parse_rating,
    rateable,
)
from counter_app.services import audit, register
from counter_app.services.context import Context
from counter_app.services.dossiers import load
from counter_app.services.errors import Refused
from counter_app.storage.models import OutboxEntry, SatisfactionRating

PROTOCOL_VERSION = 1
TOPIC = "rating"


@dataclass(frozen=True)
class RatingInfo:
    uid: str
    dossier_code: str
    rating: Rating
    criteria: dict[str, str]
    comment: str | None
    rated_at: datetime


@dataclass(frozen=True)
class SatisfactionSummary:
    """Ratings given in a period (office dates, inclusive): per level, and per criterion and level."""

    date_from: date
    date_to: date
    total: int
    ratings: dict[str, int]
    criteria: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def satisfied_share(self) -> float | None:
        """Share of ratings that are satisfied or very satisfied (None when nobody rated)."""
        if not self.total:
            return None
        return (self.ratings[Rating.VERY_SATISFIED] + self.ratings[Rating.SATISFIED]) / self.total


def _info(row: SatisfactionRating, code: str) -> RatingInfo:
    return RatingInfo(row.uid, code, Rating(row.rating), dict(row.criteria), row.comment, row.rated_at)


def record(
    ctx: Context,
    code: str,
    rating: Rating | str,
    criteria: Mapping[str, str] | None = None,
    comment: str | None = None,
) -> RatingInfo:
    """Record the citizen's rating of dossier ``code``; a second rating of the same dossier is refused."""
    chosen = rating if isinstance(rating, Rating) else parse_rating(rating)
    answers = parse_criteria(criteria)
    remark = check_comment(comment)
    now = ctx.now()
    with ctx.db.write() as session:
        dossier = load(session, code)
        if not rateable(Status(dossier.status)):
            raise Refused("satisfaction.not_returned", code=dossier.code)
        if session.scalar(select(SatisfactionRating.id).where(SatisfactionRating.dossier_id == dossier.id)):
            raise Refused("satisfaction.already_rated", code=dossier.code)
        row = SatisfactionRating(
            uid=str(uuid.uuid4()),
            dossier_id=dossier.id,
            rating=chosen.value,
            criteria=answers,
            comment=remark,
            rated_at=now,
        )
        session.add(row)
        body: dict[str, Any] = {
            "v": PROTOCOL_VERSION,
            "rating_uid": row.uid,
            "dossier_uid": dossier.uid,
            "dossier_code": dossier.code,
            "rating": chosen.value,
            "criteria": answers,
            "comment": remark,
            "rated_at": now.astimezone(UTC).isoformat(),
        }
        session.add(OutboxEntry(uid=row.uid, topic=TOPIC, payload=body, created_at=now))
        audit.record(
            session,
            ctx.actor,
            now,
            "satisfaction.record",
            entity="dossier",
            entity_id=dossier.code,
            details={"rating": chosen.value, "criteria": len(answers), "comment": remark is not None},
        )
        return RatingInfo(row.uid, dossier.code, chosen, answers, remark, now)


def find(ctx: Context, code: str) -> RatingInfo | None:
    """The rating of dossier ``code``, or None if the citizen has not rated it."""
    with ctx.db.read() as session:
        dossier = load(session, code)
        row = session.scalar(select(SatisfactionRating).where(SatisfactionRating.dossier_id == dossier.id))
        return None if row is None else _info(row, dossier.code)


def summary(ctx: Context, date_from: date, date_to: date) -> SatisfactionSummary:
    """Counts of the ratings given from ``date_from`` to ``date_to`` (office dates, inclusive)."""
    if date_to < date_from:
        raise InvalidInput("period.invalid", start=date_from.isoformat(), end=date_to.isoformat())
    low, high = register.period_bounds(date_from, date_to)
    ratings = {r.value: 0 for r in Rating}
    criteria = {key: {r.value: 0 for r in Rating} for key in CRITERION_KEYS}
    total = 0
    with ctx.db.read() as session:
        query = select(SatisfactionRating.rating, SatisfactionRating.criteria).where(
            SatisfactionRating.rated_at >= low, SatisfactionRating.rated_at < high
        )
        for rating, answers in session.execute(query):
            total += 1
            ratings[rating] += 1
            for key, value in (answers or {}).items():
                if key in criteria and value in criteria[key]:
                    criteria[key][value] += 1
    return SatisfactionSummary(date_from, date_to, total, ratings, criteria)
