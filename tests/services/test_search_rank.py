"""Search ranks the most recently received dossiers first among equal matches (issue 11, item 13), even
when older records were written after them (a demo or a history import after today's intake, a dossier
taken on paper and entered late)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from counter_app.domain.applicant import make_applicant
from counter_app.services import demo, dossiers, intake
from counter_app.services.context import Context
from tests.conftest import FakeClock

BIRTH = "2.000635"  # bản sao trích lục hộ tịch: same day, 15:00 (khai sinh takes no paper)


def _accept(ctx: Context, name: str, received_at: datetime | None = None) -> str:
    applicant = make_applicant(name, phone="0912345678", address="Thôn Đông")
    request = intake.IntakeRequest(BIRTH, applicant, received_at=received_at)
    return intake.accept(ctx, request).dossier.code


def test_todays_citizen_comes_before_a_demo_written_after(ctx: Context, clock: FakeClock) -> None:
    clock.now = datetime(2025, 11, 18, 2, 30, tzinfo=UTC)  # 09:30 at the office
    today = _accept(ctx, "Nguyễn Văn An")
    demo.generate(ctx, 3000, seed=7)  # received over the past years, up to 09:00 today; written after
    for query, limit in (("nguyen", 50), ("nguyen", 5), ("nguyen van", 10), ("ngu", 1)):
        found = dossiers.search(ctx, query, limit)
        assert len(found) == limit
        assert found[0].code == today, (query, limit)
        times = [dossiers.show(ctx, row.code).received_at for row in found]
        assert times == sorted(times, reverse=True), (query, limit)


def test_a_dossier_entered_late_ranks_by_its_reception_day(ctx: Context, clock: FakeClock) -> None:
    today = _accept(ctx, "Trần Thị Bình")
    on_paper = _accept(ctx, "Trần Thị Bình", received_at=clock.now - timedelta(days=10))  # written later
    assert [r.code for r in dossiers.search(ctx, "tran thi binh")] == [today, on_paper]


def test_equal_reception_times_fall_back_to_the_newest_row(ctx: Context) -> None:
    codes = [_accept(ctx, "Nguyễn Thị Mai") for _ in range(3)]  # the same fake clock: the same moment
    assert [r.code for r in dossiers.search(ctx, "nguyen mai")] == codes[::-1]
