"""One request, one effect: every creating or moving action given the same token twice acts once and
answers the second call with the first result; another token acts again (or is refused by the state
machine); a locked session writes nothing."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app.domain.applicant import make_applicant
from counter_app.domain.errors import DomainError, IllegalTransition
from counter_app.domain.lifecycle import Status
from counter_app.domain.postal import Direction, make_tracking
from counter_app.domain.statistics import Period
from counter_app.services import dossiers, intake, lifecycle, postal, requests, statistics
from counter_app.services.context import Context, SessionGate
from counter_app.services.errors import Refused
from tests.conftest import FakeClock

CONTRACT = "2.001035"  # 2 working days, no result by post
BY_POST = "1.004873"  # result by post allowed
S10 = [make_tracking("EA", f"{n:08d}") for n in range(22345670, 22345680)]


def request(name: str = "Nguyễn Văn Đức", procedure: str = CONTRACT, **kw: Any) -> intake.IntakeRequest:
    return intake.IntakeRequest(procedure, make_applicant(name, phone="0912345678", address="Thôn Đông"), **kw)


def events(ctx: Context, code: str) -> list[str]:
    """The dossier's history, without the notices queued for the citizen (not moves of their own)."""
    return [e.kind for e in dossiers.show(ctx, code).events if e.kind != "notified"]


def tokens(ctx: Context) -> int:
    with sqlite3.connect(ctx.db.path) as raw:
        return int(raw.execute("SELECT count(*) FROM action_request").fetchone()[0])


# ---------------------------------------------------------------------- intake


def test_accept_twice_with_one_token_makes_one_dossier(ctx: Context) -> None:
    token = requests.new_token()
    first = intake.accept(ctx, request(), request_id=token)
    second = intake.accept(ctx, request(), request_id=token)
    assert dossiers.count(ctx) == 1
    assert second == first  # the same code, uid, lookup secret
    third = intake.accept(ctx, request(), request_id=requests.new_token())  # another form: another dossier
    assert dossiers.count(ctx) == 2
    assert third.dossier.code != first.dossier.code


def test_a_double_accept_counts_once_in_bieu_06(ctx: Context) -> None:
    token = requests.new_token()
    for _ in range(2):
        intake.accept(ctx, request(), request_id=token)
    report = statistics.report(ctx, Period(date(2025, 11, 1), date(2025, 11, 30)))
    assert report.total.received.total == 1


def test_one_form_cannot_become_a_second_dossier_by_another_action(ctx: Context) -> None:
    token = requests.new_token()
    accepted = intake.accept(ctx, request(), request_id=token)
    with pytest.raises(Refused) as caught:
        intake.refuse(ctx, request(), "Không thuộc thẩm quyền", request_id=token)
    assert caught.value.code == "request.reused"
    assert caught.value.params["subject"] == accepted.dossier.code
    with pytest.raises(Refused):  # the same token with other details is refused, not answered
        intake.accept(ctx, request("Trần Thị Mai"), request_id=token)
    assert dossiers.count(ctx) == 1


def test_a_refused_attempt_leaves_no_token_behind(ctx: Context) -> None:
    token = requests.new_token()
    with pytest.raises(DomainError):
        intake.accept(ctx, request(procedure="9.999999"), request_id=token)
    assert tokens(ctx) == 0
    assert intake.accept(ctx, request(), request_id=token).dossier.status is Status.RECEIVED  # corrected, retried


def test_incomplete_refused_and_postal_intake_are_idempotent(ctx: Context) -> None:
    made = []
    for call in (
        lambda t: intake.record_incomplete(ctx, request(missing=(1,)), "Thiếu", request_id=t),
        lambda t: intake.refuse(ctx, request(), "Không thuộc thẩm quyền", request_id=t),
        lambda t: intake.record_submission(ctx, request(), request_id=t),
        lambda t: postal.receive(ctx, request(procedure=BY_POST), S10[0], "PHS-1", request_id=t),
    ):
        token = requests.new_token()
        made.append((call(token), call(token)))
    assert all(a == b for a, b in made)
    assert dossiers.count(ctx) == 4
    assert len(postal.batches(ctx, direction=Direction.IN)[0].items) == 1


def test_bad_tokens_are_refused_before_anything_is_written(ctx: Context) -> None:
    for bad in ("", "short", "x" * 65, "có dấu-12345", "a b c d e f g"):
        with pytest.raises(DomainError) as caught:
            intake.accept(ctx, request(), request_id=bad)
        assert caught.value.code == "request.token"
    assert dossiers.count(ctx) == 0


def test_concurrent_calls_with_one_token_act_once(ctx: Context) -> None:
    token = requests.new_token()
    results: list[intake.IntakeResult] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def press() -> None:
        start.wait()
        try:
            results.append(intake.accept(ctx, request(), request_id=token))
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=press) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len({r.dossier.code for r in results}) == 1
    assert dossiers.count(ctx) == 1


# ---------------------------------------------------------------------- lifecycle


def accepted(ctx: Context, **kw: Any) -> str:
    return intake.accept(ctx, request(**kw)).dossier.code


Action = Callable[[Context, str, str | None], object]

LIFECYCLE: dict[str, tuple[Callable[[Context], str], Action]] = {
    # name: (prepare a dossier, the action with a token)
    "transfer": (accepted, lambda c, code, t: lifecycle.transfer(c, code, "CC_TPHT", receiver="Lê Tư", request_id=t)),
    "supplement": (accepted, lambda c, code, t: lifecycle.request_supplement(c, code, (1,), "Thiếu", request_id=t)),
    "supplement_received": (
        lambda c: _then(c, accepted(c), lambda code: lifecycle.request_supplement(c, code, (1,))),
        lambda c, code, t: lifecycle.supplement_received(c, code, request_id=t),
    ),
    "result": (accepted, lambda c, code, t: lifecycle.record_result(c, code, request_id=t)),
    "return": (
        lambda c: _then(c, accepted(c), lambda code: lifecycle.record_result(c, code)),
        lambda c, code, t: lifecycle.return_result(c, code, "Nguyễn Văn Đức", "001190123456", request_id=t),
    ),
    "apology": (
        accepted,
        lambda c, code, t: lifecycle.apology(c, code, "Chờ xác minh", date(2025, 11, 28), request_id=t),
    ),
    "withdraw": (
        accepted,
        lambda c, code, t: lifecycle.withdraw(c, code, "Công dân xin rút", on_request=True, request_id=t),
    ),
    "stop": (accepted, lambda c, code, t: lifecycle.stop(c, code, "Không đủ điều kiện", request_id=t)),
    "accept_pending": (
        lambda c: intake.record_submission(c, request()).dossier.code,
        lambda c, code, t: lifecycle.accept_pending(c, code, request_id=t),
    ),
    "mark_incomplete": (
        lambda c: intake.record_submission(c, request()).dossier.code,
        lambda c, code, t: lifecycle.mark_incomplete(c, code, (1,), request_id=t),
    ),
    "refuse_pending": (
        lambda c: intake.record_submission(c, request()).dossier.code,
        lambda c, code, t: lifecycle.refuse_pending(c, code, "Không thuộc thẩm quyền", request_id=t),
    ),
}


def _then(ctx: Context, code: str, step: Callable[[str], object]) -> str:
    step(code)
    return code


@pytest.mark.parametrize("name", sorted(LIFECYCLE))
def test_a_lifecycle_action_twice_with_one_token_appends_one_event(ctx: Context, name: str) -> None:
    prepare, act = LIFECYCLE[name]
    code = prepare(ctx)
    before = events(ctx, code)
    token = requests.new_token()
    first = act(ctx, code, token)
    second = act(ctx, code, token)
    assert second == first
    assert len(events(ctx, code)) == len(before) + 1
    # another token is another action: the state machine (or the rules) decide, never a silent double
    try:
        act(ctx, code, requests.new_token())
    except DomainError:
        assert len(events(ctx, code)) == len(before) + 1
    else:
        assert name in {"transfer", "mark_incomplete"}  # a second hop, a second Mẫu 02: legal repeats
        assert len(events(ctx, code)) == len(before) + 2


def test_a_second_result_with_another_token_is_refused_by_the_state_machine(ctx: Context) -> None:
    code = accepted(ctx)
    lifecycle.record_result(ctx, code, request_id=requests.new_token())
    with pytest.raises(IllegalTransition):
        lifecycle.record_result(ctx, code, request_id=requests.new_token())


# ---------------------------------------------------------------------- postal


def ready_by_post(ctx: Context) -> str:
    code = accepted(ctx, procedure=BY_POST, return_by_post=True)
    lifecycle.record_result(ctx, code)
    return code


def test_postal_add_and_close_twice_with_one_token_act_once(ctx: Context) -> None:
    code = ready_by_post(ctx)
    add = requests.new_token()
    first = postal.add_result(ctx, code, S10[0], 32_000, request_id=add)
    assert postal.add_result(ctx, code, S10[0], 32_000, request_id=add) == first
    assert len(first.items) == 1
    close = requests.new_token()
    closed = postal.close(ctx, Direction.OUT, "Lê Thu Hà", "Phạm Bưu Tá", request_id=close)
    assert postal.close(ctx, Direction.OUT, "Lê Thu Hà", "Phạm Bưu Tá", request_id=close) == closed
    assert events(ctx, code).count("handed_to_post") == 1
    delivered = requests.new_token()
    row = postal.delivered(ctx, code, request_id=delivered)
    assert postal.delivered(ctx, code, request_id=delivered) == row
    assert events(ctx, code).count("returned") == 1


def test_postal_transfer_remove_and_undeliverable_are_idempotent(ctx: Context) -> None:
    code = accepted(ctx, procedure=BY_POST)
    token = requests.new_token()
    postal.add_transfer(ctx, code, S10[1], "STP", request_id=token)
    assert len(postal.add_transfer(ctx, code, S10[1], "STP", request_id=token).items) == 1
    removal = requests.new_token()
    assert postal.remove_item(ctx, S10[1], request_id=removal).items == ()
    assert postal.remove_item(ctx, S10[1], request_id=removal).items == ()  # no "not in the batch" error
    ready = ready_by_post(ctx)
    postal.add_result(ctx, ready, S10[2])
    postal.close(ctx, Direction.OUT, "Lê Thu Hà", "Phạm Bưu Tá")
    token = requests.new_token()
    postal.undeliverable(ctx, ready, "Không có người nhận", request_id=token)
    postal.undeliverable(ctx, ready, "Không có người nhận", request_id=token)
    assert events(ctx, ready).count("undeliverable") == 1


# ---------------------------------------------------------------------- property: any repetition acts once


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(presses=st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=8))
def test_presses_with_repeated_tokens_make_one_dossier_per_token(ctx: Context, presses: list[str]) -> None:
    start = dossiers.count(ctx)
    prefix = requests.new_token()[:8]
    made: dict[str, str] = {}
    for press in presses:
        code = intake.accept(ctx, request(), request_id=f"{prefix}-{press}").dossier.code
        assert made.setdefault(press, code) == code
    assert dossiers.count(ctx) - start == len(set(presses))


# ---------------------------------------------------------------------- a locked session


def test_a_closed_gate_refuses_every_write_and_reads_go_on(ctx: Context, clock: FakeClock) -> None:
    gate = SessionGate()
    locked = Context(gate.guard(ctx.db), ctx.actor, clock)
    code = intake.accept(locked, request()).dossier.code  # open: works
    gate.close()
    for write in (
        lambda: intake.accept(locked, request()),
        lambda: lifecycle.record_result(locked, code),
        lambda: lifecycle.transfer(locked, code, "CC_TPHT"),
    ):
        with pytest.raises(Refused) as caught:
            write()
        assert caught.value.code == "session.locked"
    assert dossiers.count(locked) == 1  # reads still answer
    assert events(ctx, code) == ["received"]
    gate.open()
    assert lifecycle.record_result(locked, code).status is Status.RESULT_READY
