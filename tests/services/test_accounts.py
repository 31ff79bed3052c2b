"""Account management: only an administrator creates, renames, gives a title, resets or disables an
account; the last administrator stays; a disabled account cannot sign in; a reset forces a change."""

from __future__ import annotations

import pytest

from counter_app.domain.errors import DomainError
from counter_app.domain.values import Role
from counter_app.services import users
from counter_app.services.context import Actor, Context


def as_user(ctx: Context, username: str) -> Context:
    account = users.find_user(ctx, username)
    return Context(ctx.db, Actor(account.id, account.username, "cli"), ctx.clock)


def test_an_admin_creates_an_account_with_a_title(ctx: Context) -> None:
    info = users.create_user(
        ctx,
        "thu.ha",
        "Lê Thu Hà",
        Role.CLERK,
        "mat-khau-tam",
        title="Công chức Văn phòng - Thống kê",
        must_change_password=True,
    )
    assert (info.full_name, info.title, info.must_change_password) == (
        "Lê Thu Hà",
        "Công chức Văn phòng - Thống kê",
        True,
    )
    assert users.find_user(ctx, "thu.ha").title == "Công chức Văn phòng - Thống kê"


def test_only_an_admin_manages_accounts(ctx: Context) -> None:
    users.create_user(ctx, "thu.ha", "Lê Thu Hà", Role.CLERK, "mat-khau-tam")
    users.create_user(ctx, "chu.tich", "Trần Văn Chủ", Role.LEADER, "mat-khau-2")
    clerk = as_user(ctx, "thu.ha")
    for attempt in (
        lambda: users.create_user(clerk, "moi", "Người Mới", Role.ADMIN, "mat-khau-3"),
        lambda: users.update_user(clerk, "thu.ha", role=Role.ADMIN),
        lambda: users.update_user(clerk, "chu.tich", active=False),
        lambda: users.reset_password(clerk, "admin"),
        lambda: users.change_password(clerk, "admin", "mat-khau-cua-toi"),
    ):
        with pytest.raises(DomainError) as refused:
            attempt()
        assert refused.value.code == "user.not_admin"
    assert users.find_user(ctx, "thu.ha").role is Role.CLERK
    assert users.find_user(ctx, "chu.tich").active
    users.change_password(clerk, "thu.ha", "mat-khau-rieng")  # one's own password stays one's own
    assert users.authenticate(ctx, "thu.ha", "mat-khau-rieng").username == "thu.ha"


def test_a_disabled_account_cannot_sign_in_until_enabled(ctx: Context) -> None:
    users.create_user(ctx, "thu.ha", "Lê Thu Hà", Role.CLERK, "mat-khau-tam")
    changed = users.update_user(ctx, "thu.ha", full_name="Lê Thị Thu Hà", title="Văn thư", active=False)
    assert (changed.full_name, changed.title, changed.active) == ("Lê Thị Thu Hà", "Văn thư", False)
    with pytest.raises(DomainError) as refused:
        users.authenticate(ctx, "thu.ha", "mat-khau-tam")
    assert refused.value.code == "user.bad_credentials"
    users.update_user(ctx, "thu.ha", active=True)
    assert users.authenticate(ctx, "thu.ha", "mat-khau-tam").full_name == "Lê Thị Thu Hà"


def test_a_reset_gives_a_one_time_password_and_lifts_a_lockout(ctx: Context) -> None:
    users.create_user(ctx, "thu.ha", "Lê Thu Hà", Role.CLERK, "mat-khau-tam")
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(DomainError):
            users.authenticate(ctx, "thu.ha", "sai-mat-khau")
    assert users.find_user(ctx, "thu.ha").locked_until is not None
    password = users.reset_password(ctx, "thu.ha")
    assert len(password) >= users.MIN_PASSWORD
    with pytest.raises(DomainError):
        users.authenticate(ctx, "thu.ha", "mat-khau-tam")
    signed_in = users.authenticate(ctx, "thu.ha", password)
    assert signed_in.must_change_password


def test_the_last_admin_is_neither_disabled_nor_demoted(ctx: Context) -> None:
    for change in ({"active": False}, {"role": Role.CLERK}):
        with pytest.raises(DomainError) as refused:
            users.update_user(ctx, "admin", **change)  # type: ignore[arg-type]
        assert refused.value.code == "user.last_admin"
    assert users.find_user(ctx, "admin").active
    users.create_user(ctx, "admin2", "Quản trị Hai", Role.ADMIN, "mat-khau-4")
    assert users.update_user(ctx, "admin", role=Role.CLERK).role is Role.CLERK  # another admin remains


def test_bad_names_and_titles_are_refused_in_one_sentence(ctx: Context) -> None:
    users.create_user(ctx, "thu.ha", "Lê Thu Hà", Role.CLERK, "mat-khau-tam")
    for change, code in (({"full_name": "   "}, "user.full_name"), ({"title": "x" * 101}, "user.title")):
        with pytest.raises(DomainError) as refused:
            users.update_user(ctx, "thu.ha", **change)  # type: ignore[arg-type]
        assert refused.value.code == code
    with pytest.raises(DomainError) as refused:
        users.create_user(ctx, "moi", "", Role.CLERK, "mat-khau-3")
    assert refused.value.code == "user.full_name"
