"""The postal public service: batches out and in, S10 numbers, outcomes, the board and the history."""

from __future__ import annotations

import pytest

from counter_app.domain.applicant import make_applicant
from counter_app.domain.errors import InvalidInput
from counter_app.domain.lifecycle import Status
from counter_app.domain.postal import Direction, ItemOutcome, make_tracking
from counter_app.domain.values import Channel
from counter_app.services import dossiers, intake, lateness, lifecycle, postal
from counter_app.services.context import Context
from counter_app.services.errors import NotFound

BY_POST = "1.004873"  # Xác nhận tình trạng hôn nhân: result by post allowed
S10 = [make_tracking("EA", f"{n:08d}") for n in range(12345670, 12345680)]


def ready_by_post(ctx: Context, name: str = "Nguyễn Văn Đức") -> str:
    applicant = make_applicant(name, phone="0912345678", address="Thôn Đông, xã Tân Lập")
    code = intake.accept(ctx, intake.IntakeRequest(BY_POST, applicant, return_by_post=True)).dossier.code
    lifecycle.record_result(ctx, code)
    return code


def test_a_result_goes_out_and_is_delivered(ctx: Context) -> None:
    code = ready_by_post(ctx)
    batch = postal.add_result(ctx, code, S10[0], postage=32_000)
    assert batch.state == "open"
    assert [(i.code, i.tracking, i.postage) for i in batch.items] == [(code, S10[0], 32_000)]
    assert batch.items[0].recipient_address == "Thôn Đông, xã Tân Lập"
    assert dossiers.show(ctx, code).status is Status.RESULT_READY  # nothing moves before the hand-over
    closed = postal.close(ctx, Direction.OUT, "Lê Thu Hà", "Phạm Bưu Tá")
    assert (closed.state, closed.clerk_name, closed.postal_name) == ("closed", "Lê Thu Hà", "Phạm Bưu Tá")
    assert dossiers.show(ctx, code).status is Status.HANDED_TO_POST
    assert postal.delivered(ctx, code).status is Status.RETURNED
    trail = [(e.kind, e.payload.get("tracking")) for e in dossiers.show(ctx, code).events if "tracking" in e.payload]
    assert trail == [("handed_to_post", S10[0]), ("returned", S10[0])]
    assert postal.batches(ctx)[0].items[0].outcome is ItemOutcome.DELIVERED


def test_undeliverable_comes_back_to_the_board_and_can_go_again(ctx: Context) -> None:
    code = ready_by_post(ctx)
    postal.add_result(ctx, code, S10[0])
    postal.close(ctx, Direction.OUT, "Lê Thu Hà", None)
    assert postal.undeliverable(ctx, code, "Không có người nhận").status is Status.RESULT_READY
    board = [r for r in lateness.board(ctx) if r.code == code]
    assert [r.urgency for r in board] == [lateness.Urgency.UNDELIVERABLE]
    postal.add_result(ctx, code, S10[1])  # a second attempt with a new number
    postal.close(ctx, Direction.OUT, "Lê Thu Hà", "Phạm Bưu Tá")
    assert code not in [r.code for r in lateness.board(ctx)]
    assert postal.delivered(ctx, code).status is Status.RETURNED


def test_an_interlinked_dossier_goes_to_an_agency_by_post(ctx: Context) -> None:
    code = intake.accept(ctx, intake.IntakeRequest(BY_POST, make_applicant("Lê An"))).dossier.code
    postal.add_transfer(ctx, code, S10[0], "STP", postage=20_000)
    postal.close(ctx, Direction.OUT, "Lê Thu Hà", "Phạm Bưu Tá")
    detail = dossiers.show(ctx, code)
    assert detail.status is Status.INTERLINKED
    assert detail.events[-1].payload["to"] == "STP"
    assert detail.events[-1].payload["via_post"] is True
    with pytest.raises(NotFound):
        postal.add_transfer(ctx, code, S10[1], "CC_TPHT")  # commune officers are not reached by post


def test_bad_numbers_and_states_write_nothing(ctx: Context) -> None:
    code = ready_by_post(ctx)
    for bad in ("EA123456784VN", "123"):
        with pytest.raises(InvalidInput) as caught:
            postal.add_result(ctx, code, bad)
        assert caught.value.code == "postal.tracking"
    assert postal.batches(ctx) == []
    postal.add_result(ctx, code, S10[0])
    with pytest.raises(InvalidInput) as caught:
        postal.add_result(ctx, code, S10[1])
    assert caught.value.code == "postal.already_in_batch"
    other = ready_by_post(ctx, "Trần Thị Ánh")
    with pytest.raises(InvalidInput) as caught:
        postal.add_result(ctx, other, S10[0])
    assert caught.value.code == "postal.tracking_used"
    counter = intake.accept(ctx, intake.IntakeRequest(BY_POST, make_applicant("Lê An"))).dossier.code
    lifecycle.record_result(ctx, counter)
    with pytest.raises(InvalidInput) as caught:
        postal.add_result(ctx, counter, S10[2])
    assert caught.value.code == "postal.not_by_post"
    with pytest.raises(InvalidInput):
        postal.close(ctx, Direction.OUT, "  ", "x")
    with pytest.raises(InvalidInput) as caught:
        postal.close(ctx, Direction.IN, "Lê Thu Hà", "x")
    assert caught.value.code == "postal.empty_batch"
    with pytest.raises(InvalidInput) as caught:
        postal.delivered(ctx, code)  # still in an open batch, not handed over
    assert caught.value.code == "postal.not_handed"


def test_dossiers_sent_in_by_post(ctx: Context) -> None:
    applicant = make_applicant("Đặng Quốc Dũng", address="Xóm Bắc")
    result = postal.receive(ctx, intake.IntakeRequest(BY_POST, applicant), S10[0], "PHS-0012")
    assert result.dossier.channel is Channel.POSTAL
    assert result.dossier.status is Status.RECEIVED
    incoming = postal.batches(ctx, direction=Direction.IN)
    assert [(i.code, i.slip_number) for i in incoming[0].items] == [(result.dossier.code, "PHS-0012")]
    before = dossiers.count(ctx)
    with pytest.raises(InvalidInput):
        postal.receive(ctx, intake.IntakeRequest(BY_POST, applicant), S10[0])  # the number is used
    assert dossiers.count(ctx) == before  # the whole intake rolled back
    closed = postal.close(ctx, Direction.IN, "Lê Thu Hà", "Phạm Bưu Tá")
    assert closed.direction is Direction.IN
    assert dossiers.show(ctx, result.dossier.code).status is Status.RECEIVED


def test_a_batch_never_gets_stuck(ctx: Context) -> None:
    stopped = ready_by_post(ctx)
    fine = ready_by_post(ctx, "Trần Thị Ánh")
    postal.add_result(ctx, stopped, S10[0])
    postal.add_result(ctx, fine, S10[1])
    code = intake.accept(ctx, intake.IntakeRequest(BY_POST, make_applicant("Lê An"))).dossier.code
    postal.add_transfer(ctx, code, S10[2], "STP")
    lifecycle.stop(ctx, code, "Công dân đề nghị dừng")  # the dossier changed after it was put in the batch
    with pytest.raises(InvalidInput) as caught:
        postal.close(ctx, Direction.OUT, "Lê Thu Hà", "Phạm Bưu Tá")
    assert caught.value.code == "postal.item_stale"
    assert dossiers.show(ctx, stopped).status is Status.RESULT_READY  # nothing moved
    left = postal.remove_item(ctx, S10[2].lower())
    assert [i.tracking for i in left.items] == [S10[0], S10[1]]
    postal.close(ctx, Direction.OUT, "Lê Thu Hà", "Phạm Bưu Tá")
    assert dossiers.show(ctx, fine).status is Status.HANDED_TO_POST
    with pytest.raises(InvalidInput):
        postal.remove_item(ctx, S10[0])  # closed batches keep their items


def test_a_dossier_sent_to_an_agency_by_post_can_go_by_post_again(ctx: Context) -> None:
    applicant = make_applicant("Lê An", address="Xóm Bắc")
    code = intake.accept(ctx, intake.IntakeRequest(BY_POST, applicant, return_by_post=True)).dossier.code
    postal.add_transfer(ctx, code, S10[0], "STP")
    postal.close(ctx, Direction.OUT, "Lê Thu Hà", "Phạm Bưu Tá")
    lifecycle.record_result(ctx, code)
    postal.add_result(ctx, code, S10[1])
    postal.close(ctx, Direction.OUT, "Lê Thu Hà", "Phạm Bưu Tá")
    assert postal.delivered(ctx, code).status is Status.RETURNED
