"""Clerk accounts (argon2, lockout) and the hash-chained audit trail."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from counter_app.domain.errors import InvalidInput
from counter_app.domain.values import Role
from counter_app.services import audit, users
from counter_app.services.context import Context
from counter_app.services.errors import Refused
from tests.conftest import ADMIN_PASSWORD, FakeClock


def test_first_run_created_an_admin_with_an_argon2_hash(ctx: Context) -> None:
    admin = users.find_user(ctx, "admin")
    assert admin.role is Role.ADMIN
    raw = sqlite3.connect(ctx.db.path)
    (stored,) = raw.execute("SELECT password_hash FROM user_account WHERE username = 'admin'").fetchone()
    raw.close()
    assert stored.startswith("$argon2id$") and ADMIN_PASSWORD not in stored
    assert users.authenticate(ctx, "ADMIN", ADMIN_PASSWORD).username == "admin"


def test_five_wrong_passwords_lock_the_account_for_thirty_minutes(ctx: Context, clock: FakeClock) -> None:
    users.create_user(ctx, "thu.ha", "Lê Thu Hà", Role.CLERK, "dung-mat-khau")
    for _ in range(4):
        with pytest.raises(Refused) as caught:
            users.authenticate(ctx, "thu.ha", "sai")
        assert caught.value.code == "user.bad_credentials"
    with pytest.raises(Refused) as caught:
        users.authenticate(ctx, "thu.ha", "sai")
    assert caught.value.code == "user.locked"
    with pytest.raises(Refused) as caught:
        users.authenticate(ctx, "thu.ha", "dung-mat-khau")  # even the right password
    assert caught.value.code == "user.locked"
    clock.now += timedelta(minutes=31)
    assert users.authenticate(ctx, "thu.ha", "dung-mat-khau").full_name == "Lê Thu Hà"
    assert audit.count(ctx, "user.login_failed") == 5


def test_unknown_user_and_bad_input(ctx: Context) -> None:
    with pytest.raises(Refused):
        users.authenticate(ctx, "nobody", "whatever1")
    with pytest.raises(InvalidInput) as caught:
        users.create_user(ctx, "Thu Hà", "x", Role.CLERK, "12345678")
    assert caught.value.code == "user.username"
    with pytest.raises(InvalidInput) as caught:
        users.create_user(ctx, "thuha", "x", Role.CLERK, "short")
    assert caught.value.code == "user.password_short"
    with pytest.raises(InvalidInput) as caught:
        users.create_user(ctx, "admin", "x", Role.CLERK, "12345678")
    assert caught.value.code == "user.exists"


def test_password_change_clears_the_must_change_flag(ctx: Context) -> None:
    users.change_password(ctx, "admin", "mat-khau-moi-1")
    assert not users.find_user(ctx, "admin").must_change_password
    assert users.authenticate(ctx, "admin", "mat-khau-moi-1").username == "admin"


def test_every_write_is_attributed_and_the_chain_verifies(ctx: Context) -> None:
    users.create_user(ctx, "thu.ha", "Lê Thu Hà", Role.CLERK, "dung-mat-khau")
    check = audit.verify(ctx)
    assert check.intact and check.entries >= 4
    raw = sqlite3.connect(ctx.db.path)
    rows = raw.execute("SELECT username, source, action FROM audit_entry ORDER BY id").fetchall()
    assert rows[-1] == ("admin", "cli", "user.create")


def test_tampering_with_an_entry_is_detected(ctx: Context) -> None:
    raw = sqlite3.connect(ctx.db.path)
    with raw:  # an attacker with file access drops the guard and edits history
        raw.execute("DROP TRIGGER audit_entry_no_update")
        raw.execute("UPDATE audit_entry SET username = 'someone' WHERE id = 2")
    raw.close()
    check = audit.verify(ctx)
    assert not check.intact and check.first_broken_id == 2
