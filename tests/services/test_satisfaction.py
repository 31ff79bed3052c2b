"""Satisfaction ratings: once per returned dossier, queued for the hub with the rating, counted per period."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta

import pytest

from counter_app.domain.applicant import make_applicant
from counter_app.domain.errors import InvalidInput
from counter_app.domain.postal import Direction, make_tracking
from counter_app.domain.satisfaction import Rating
from counter_app.services import audit, intake, lifecycle, postal, satisfaction
from counter_app.services.context import Context
from counter_app.services.errors import NotFound, Refused
from tests.conftest import FakeClock

CONTRACT = "2.001035"
BY_POST = "1.004873"


def returned(ctx: Context, name: str = "Nguyễn Văn Đức") -> str:
    applicant = make_applicant(name, phone="0912345678", address="Thôn Đông")
    code = intake.accept(ctx, intake.IntakeRequest(CONTRACT, applicant)).dossier.code
    lifecycle.record_result(ctx, code)
    lifecycle.return_result(ctx, code, name)
    return code


def outbox(ctx: Context, topic: str) -> list[dict[str, object]]:
    raw = sqlite3.connect(ctx.db.path)
    try:
        rows = raw.execute("SELECT uid, payload, state FROM outbox WHERE topic = ? ORDER BY id", (topic,)).fetchall()
    finally:
        raw.close()
    return [{"uid": uid, "state": state, **json.loads(payload)} for uid, payload, state in rows]


def test_a_returned_dossier_is_rated_once_and_queued_for_the_hub(ctx: Context, clock: FakeClock) -> None:
    code = returned(ctx)
    before = audit.count(ctx, "satisfaction.record")
    info = satisfaction.record(
        ctx, code, "very_satisfied", {"attitude": "very_satisfied", "on_time": "satisfied"}, "  Cán bộ  nhiệt tình "
    )
    assert (info.dossier_code, info.rating, info.comment) == (code, Rating.VERY_SATISFIED, "Cán bộ nhiệt tình")
    assert satisfaction.find(ctx, code) == info
    [queued] = outbox(ctx, "rating")
    assert queued == {
        "uid": info.uid,
        "state": "pending",
        "v": 1,
        "rating_uid": info.uid,
        "dossier_uid": queued["dossier_uid"],
        "dossier_code": code,
        "rating": "very_satisfied",
        "criteria": {"on_time": "satisfied", "attitude": "very_satisfied"},
        "comment": "Cán bộ nhiệt tình",
        "rated_at": clock.now.isoformat(),
    }
    assert len(str(queued["dossier_uid"])) == 36
    assert audit.count(ctx, "satisfaction.record") == before + 1
    assert audit.verify(ctx).intact

    with pytest.raises(Refused) as caught:
        satisfaction.record(ctx, code, Rating.DISSATISFIED)
    assert caught.value.code == "satisfaction.already_rated"
    assert satisfaction.find(ctx, code) == info  # the first rating stands
    assert len(outbox(ctx, "rating")) == 1


def test_only_a_dossier_whose_result_the_citizen_has(ctx: Context) -> None:
    applicant = make_applicant("Trần Thị Lan", phone="0912345678")
    code = intake.accept(ctx, intake.IntakeRequest(CONTRACT, applicant)).dossier.code
    with pytest.raises(Refused) as caught:
        satisfaction.record(ctx, code, "satisfied")
    assert caught.value.code == "satisfaction.not_returned"
    lifecycle.record_result(ctx, code)
    with pytest.raises(Refused):
        satisfaction.record(ctx, code, "satisfied")
    assert satisfaction.find(ctx, code) is None
    assert outbox(ctx, "rating") == []
    with pytest.raises(NotFound):
        satisfaction.record(ctx, "000.12.34.H26-251118-9999", "satisfied")


def test_a_result_handed_to_the_post_can_be_rated(ctx: Context) -> None:
    applicant = make_applicant("Lê Văn Nam", phone="0912345678", address="Thôn Bắc")
    code = intake.accept(ctx, intake.IntakeRequest(BY_POST, applicant, return_by_post=True)).dossier.code
    lifecycle.record_result(ctx, code)
    postal.add_result(ctx, code, make_tracking("EA", "12345670"))
    postal.close(ctx, Direction.OUT, "Lê Thu Hà", "Phạm Bưu Tá")
    assert satisfaction.record(ctx, code, "3").rating is Rating.DISSATISFIED


def test_bad_answers_write_nothing(ctx: Context) -> None:
    code = returned(ctx)
    for rating, criteria, comment in (
        ("good", None, None),
        ("satisfied", {"parking": "satisfied"}, None),
        ("satisfied", {"overall": "meh"}, None),
        ("satisfied", None, "x" * 1001),
    ):
        with pytest.raises(InvalidInput):
            satisfaction.record(ctx, code, rating, criteria, comment)
    assert satisfaction.find(ctx, code) is None
    assert outbox(ctx, "rating") == []


def test_summary_counts_a_period_per_rating_and_criterion(ctx: Context, clock: FakeClock) -> None:
    first = returned(ctx, "Nguyễn Văn A")
    second = returned(ctx, "Nguyễn Văn B")
    third = returned(ctx, "Nguyễn Văn C")
    satisfaction.record(ctx, first, "very_satisfied", {"overall": "very_satisfied"})
    satisfaction.record(ctx, second, "dissatisfied", {"overall": "dissatisfied", "attitude": "satisfied"})
    clock.now += timedelta(days=20)  # next month: outside the first period
    satisfaction.record(ctx, third, "satisfied")

    november = satisfaction.summary(ctx, date(2025, 11, 1), date(2025, 11, 30))
    assert november.total == 2
    assert november.ratings == {"very_satisfied": 1, "satisfied": 0, "dissatisfied": 1}
    assert november.criteria["overall"] == {"very_satisfied": 1, "satisfied": 0, "dissatisfied": 1}
    assert november.criteria["attitude"]["satisfied"] == 1
    assert november.satisfied_share == 0.5
    whole = satisfaction.summary(ctx, date(2025, 11, 1), date(2025, 12, 31))
    assert (whole.total, whole.ratings["satisfied"]) == (3, 1)
    assert satisfaction.summary(ctx, date(2025, 10, 1), date(2025, 10, 31)).satisfied_share is None
    with pytest.raises(InvalidInput):
        satisfaction.summary(ctx, date(2025, 12, 1), date(2025, 11, 1))
