"""After intake, on real calendar dates: hand-overs, supplements, results, returns, endings, apologies,
the late-dossier board, the register and the notices."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from counter_app import messages
from counter_app.domain.applicant import make_applicant
from counter_app.domain.calendar import office_time
from counter_app.domain.errors import IllegalTransition, InvalidInput
from counter_app.domain.lifecycle import Status
from counter_app.domain.values import Role
from counter_app.services import dossiers, intake, lateness, lifecycle, notices, register, users
from counter_app.services.context import Context
from counter_app.services.errors import NotFound, Refused
from tests.conftest import FakeClock

CONTRACT = "2.001035"  # Chứng thực giao dịch …: 2 working days, no result by post
MARRIAGE_STATUS = "1.004873"  # Xác nhận tình trạng hôn nhân: 3 working days
BIRTH = "2.000635"  # bản sao trích lục hộ tịch: same day, 15:00 (khai sinh takes no paper)


def vn(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """An office-time moment as the UTC the clock gives."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC) - timedelta(hours=7)


def take(
    ctx: Context,
    procedure: str = CONTRACT,
    *,
    received_at: datetime | None = None,
    by_post: bool = False,
    name: str = "Nguyễn Văn Đức",
) -> str:
    applicant = make_applicant(name, phone="0912345678", email="duc@example.vn", address="Thôn Đông")
    request = intake.IntakeRequest(procedure, applicant, received_at=received_at, return_by_post=by_post)
    return intake.accept(ctx, request).dossier.code


def status(ctx: Context, code: str) -> Status:
    return dossiers.show(ctx, code).status


def test_hand_overs_move_between_officer_and_agency(ctx: Context) -> None:
    code = take(ctx)
    assert lifecycle.transfer(ctx, code, "CC_TPHT", receiver="Lê Thị Tư pháp").status is Status.PROCESSING
    assert lifecycle.transfer(ctx, code, "cax").status is Status.INTERLINKED
    assert lifecycle.transfer(ctx, code, "LD_UBND_XA").status is Status.PROCESSING
    with pytest.raises(NotFound):
        lifecycle.transfer(ctx, code, "NOWHERE")
    hops = [e.payload["to"] for e in dossiers.show(ctx, code).events if e.kind == "transferred"]
    assert hops == ["CC_TPHT", "CAX", "LD_UBND_XA"]


def test_supplement_pauses_and_returns_to_the_agency(ctx: Context) -> None:
    code = take(ctx)
    lifecycle.transfer(ctx, code, "STP")
    assert lifecycle.request_supplement(ctx, code, (1,), "Thiếu bản chính").status is Status.AWAITING_SUPPLEMENT
    assert lifecycle.supplement_received(ctx, code).status is Status.INTERLINKED
    clocks = [e.payload.get("clock") for e in dossiers.show(ctx, code).events if "clock" in e.payload]
    assert clocks == ["paused", "resumed"]
    with pytest.raises(InvalidInput):
        lifecycle.request_supplement(ctx, code, ())


def test_result_and_return_with_notices(ctx: Context, clock: FakeClock) -> None:
    code = take(ctx)
    lifecycle.transfer(ctx, code, "CC_TPHT")
    clock.now += timedelta(days=1)
    assert lifecycle.record_result(ctx, code).status is Status.RESULT_READY
    detail = dossiers.show(ctx, code)
    assert detail.resolved_at == clock.now
    assert detail.timeliness == "early"  # ready Wednesday 19/11; due Thursday 20/11
    clock.now += timedelta(hours=2)
    assert lifecycle.return_result(ctx, code, "Nguyễn Văn Đức", "001090123456").status is Status.RETURNED
    texts = notices.queued_for(ctx, detail.id)
    kinds = [(k, c) for k, c, _state, _text in texts]
    assert kinds == [("receipt", "sms"), ("receipt", "email"), ("result_ready", "sms"), ("result_ready", "email")]
    sms = texts[2][3]
    assert code in sms
    assert sms.isascii()  # one GSM SMS part per 160 characters
    assert "Bộ phận Một cửa" in texts[3][3]  # e-mail keeps the tones
    assert [e.kind for e in dossiers.show(ctx, code).events].count("notified") == 4


def test_illegal_steps_are_refused_with_their_reason(ctx: Context) -> None:
    code = take(ctx)
    with pytest.raises(IllegalTransition) as caught:
        lifecycle.return_result(ctx, code, "Nguyễn Văn Đức")
    assert caught.value.code == "lifecycle.illegal"
    assert status(ctx, code) is Status.RECEIVED
    with pytest.raises(IllegalTransition) as caught:
        lifecycle.withdraw(ctx, code, "Không làm nữa")
    assert caught.value.code == "lifecycle.withdraw_needs_request"
    with pytest.raises(InvalidInput):
        lifecycle.return_result(ctx, code, "  ")


def test_withdraw_on_request_and_stop(ctx: Context) -> None:
    first, second = take(ctx), take(ctx)
    assert (
        lifecycle.withdraw(ctx, first, "Công dân rút", on_request=True, request_ref="Đơn 12").status is Status.WITHDRAWN
    )
    assert lifecycle.stop(ctx, second, "Công dân đề nghị dừng").status is Status.STOPPED
    with pytest.raises(IllegalTransition):
        lifecycle.transfer(ctx, second, "CC_TPHT")


def test_results_by_post_do_not_return_at_the_counter(ctx: Context) -> None:
    code = take(ctx, MARRIAGE_STATUS, by_post=True)
    lifecycle.record_result(ctx, code)
    with pytest.raises(Refused) as caught:
        lifecycle.return_result(ctx, code, "Nguyễn Văn Đức")
    assert caught.value.code == "return.by_post"


def test_pending_applications_accept_or_refuse(ctx: Context, clock: FakeClock) -> None:
    applicant = make_applicant("Lê An")
    pending = intake.record_incomplete(ctx, intake.IntakeRequest(BIRTH, applicant, missing=(1,))).dossier.code
    clock.now = vn(2025, 11, 18, 14, 0)
    row = lifecycle.accept_pending(ctx, pending)
    assert row.status is Status.RECEIVED
    assert row.due_at is not None
    assert office_time(row.due_at).date() == date(2025, 11, 18)  # before 15:00: same day
    other = intake.record_incomplete(ctx, intake.IntakeRequest(BIRTH, applicant, missing=(1,))).dossier.code
    assert lifecycle.refuse_pending(ctx, other, "Không bổ sung").status is Status.REFUSED


class TestApology:
    """Chứng thực giao dịch received Monday 17/11/2025 → due Wednesday 19/11/2025."""

    @pytest.fixture
    def late(self, ctx: Context) -> str:
        return take(ctx, received_at=vn(2025, 11, 17, 10))

    def test_moves_the_appointment_not_the_due_date(self, ctx: Context, late: str) -> None:
        result = lifecycle.apology(ctx, late, "Chờ xác minh", date(2025, 11, 21))
        detail = dossiers.show(ctx, late)
        assert detail.due_at is not None
        assert detail.appointment_at is not None
        assert office_time(detail.due_at).date() == date(2025, 11, 19)
        assert office_time(detail.appointment_at).date() == date(2025, 11, 21)
        assert result.reschedule_count == 1
        assert not result.second_reschedule
        assert not result.late_notice  # Tuesday 18/11 is one working day before the due date
        kinds = [k for k, *_ in notices.queued_for(ctx, detail.id)]
        assert kinds.count("apology") == 2

    def test_a_second_new_date_needs_a_leader(self, ctx: Context, late: str) -> None:
        lifecycle.apology(ctx, late, "Chờ xác minh", date(2025, 11, 21))
        with pytest.raises(Refused) as caught:
            lifecycle.apology(ctx, late, "Chưa xong", date(2025, 11, 25))
        assert caught.value.code == "apology.needs_leader"
        users.create_user(ctx, "thu.ha", "Lê Thu Hà", Role.CLERK, "mat-khau-1")
        users.create_user(ctx, "chu.tich", "Trần Văn Chủ", Role.LEADER, "mat-khau-2")
        for who, password, error in (
            ("thu.ha", "mat-khau-1", "user.not_leader"),
            ("chu.tich", "sai-mat-khau", "user.bad_credentials"),
        ):
            with pytest.raises(Refused) as caught:
                lifecycle.apology(
                    ctx, late, "Chưa xong", date(2025, 11, 25), confirmation=lifecycle.LeaderConfirmation(who, password)
                )
            assert caught.value.code == error
        result = lifecycle.apology(
            ctx,
            late,
            "Chưa xong",
            date(2025, 11, 25),
            confirmation=lifecycle.LeaderConfirmation("chu.tich", "mat-khau-2"),
        )
        assert result.second_reschedule
        assert result.reschedule_count == 2
        flagged = [r for r in lateness.board(ctx, 10) if r.code == late]
        assert flagged
        assert flagged[0].flagged

    def test_new_date_must_be_a_later_working_day(self, ctx: Context, late: str) -> None:
        for bad in (date(2025, 11, 19), date(2025, 11, 22)):  # the appointment itself; a Saturday
            with pytest.raises(InvalidInput) as caught:
                lifecycle.apology(ctx, late, "Chờ", bad)
            assert caught.value.code == "apology.date"

    def test_new_date_must_also_be_after_today(self, ctx: Context, late: str, clock: FakeClock) -> None:
        """Issue 11: an apology made a week after the appointment (19/11) cannot propose a day gone by."""
        clock.now = vn(2025, 11, 26, 10)  # Wednesday, a week late
        assert lifecycle.first_apology_date(ctx, late) == date(2025, 11, 27)  # the next working day
        for past in (date(2025, 11, 20), date(2025, 11, 25), date(2025, 11, 26)):  # after the appointment, not today
            with pytest.raises(InvalidInput) as caught:
                lifecycle.apology(ctx, late, "Chờ", past)
            assert caught.value.code == "apology.date"
            assert "27/11/2025" in messages.message(caught.value.code, caught.value.params)  # the first valid date
        unchanged = dossiers.show(ctx, late).appointment_at
        assert unchanged is not None
        assert office_time(unchanged).date() == date(2025, 11, 19)  # nothing moved
        result = lifecycle.apology(ctx, late, "Chờ", date(2025, 11, 27))
        assert result.dossier.appointment_at is not None
        assert office_time(result.dossier.appointment_at).date() == date(2025, 11, 27)

    def test_first_date_follows_the_appointment_when_it_is_ahead(self, ctx: Context, late: str) -> None:
        # Tuesday 18/11, appointment Wednesday 19/11: the first new date is Thursday 20/11.
        assert lifecycle.first_apology_date(ctx, late) == date(2025, 11, 20)
        lifecycle.apology(ctx, late, "Chờ", date(2025, 11, 24))  # moved to Monday 24/11
        assert lifecycle.first_apology_date(ctx, late) == date(2025, 11, 25)

    def test_an_apology_on_the_due_date_is_recorded_as_late(self, ctx: Context, late: str, clock: FakeClock) -> None:
        clock.now = vn(2025, 11, 19, 10)
        assert lifecycle.apology(ctx, late, "Chờ", date(2025, 11, 24)).late_notice


def test_late_board_around_tet_2026(ctx: Context, clock: FakeClock) -> None:
    clock.now = vn(2026, 2, 13, 10)  # Friday before the Tết holiday (16–20/2)
    overdue = take(ctx, CONTRACT, received_at=vn(2026, 2, 9, 10), name="Quá Hạn")  # due Wed 11/2
    today = take(ctx, MARRIAGE_STATUS, received_at=vn(2026, 2, 10, 10), name="Hôm Nay")  # due Fri 13/2
    soon = take(ctx, MARRIAGE_STATUS, received_at=vn(2026, 2, 12, 10), name="Sau Tết")  # due Tue 24/2
    far = take(ctx, "1.013225", name="Còn Xa")  # building permit: 15 working days
    done = take(ctx, CONTRACT, received_at=vn(2026, 2, 9, 11), name="Đã Xong")
    lifecycle.record_result(ctx, done)
    rows = lateness.board(ctx, within=2)
    assert [r.code for r in rows] == [overdue, today, soon]
    assert [r.urgency for r in rows] == [
        lateness.Urgency.OVERDUE,
        lateness.Urgency.DUE_TODAY,
        lateness.Urgency.DUE_SOON,
    ]
    assert rows[0].working_days == 2  # Thursday 12 and Friday 13 February
    assert rows[2].working_days == 2  # Monday 23 and Tuesday 24: Tết does not count
    assert rows[0].needs_apology
    assert far not in [r.code for r in lateness.board(ctx, within=2)]
    assert far in [r.code for r in lateness.board(ctx, within=20)]


def test_register_lists_the_period_with_its_dates(ctx: Context, clock: FakeClock) -> None:
    first = take(ctx, received_at=vn(2025, 11, 17, 10))
    second = take(ctx, name="Trần Thị Ánh")
    take(ctx, received_at=vn(2025, 11, 10, 10), name="Ngoài Kỳ")
    lifecycle.transfer(ctx, first, "CC_TPHT")
    lifecycle.record_result(ctx, first)
    lifecycle.return_result(ctx, first, "Nguyễn Văn Đức")
    rows = register.rows(ctx, date(2025, 11, 17), date(2025, 11, 18))
    assert [r.code for r in rows] == [first, second]
    assert [r.number for r in rows] == [1, 2]
    assert rows[0].transferred_at is not None
    assert rows[0].transferred_at.tzinfo is not None
    assert rows[0].returned_at == clock.now
    assert rows[0].status == "Đã trả kết quả"
    assert rows[1].transferred_at is None
    assert "0912345678" in rows[1].applicant_contact
