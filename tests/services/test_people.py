"""People by name (issue 12 item 3): every screen and every printed record shows the official's full
name (and title), "nhập từ sổ cũ" for imported history, never the login or "Quản trị viên"."""

from __future__ import annotations

from pathlib import Path

from argon2 import PasswordHasher

from counter_app.domain.values import Role
from counter_app.services import documents, dossiers, history_import, lifecycle, people, users
from counter_app.services.context import Actor, Context
from tests.conftest import FakeClock
from tests.printing.test_forms import all_text
from tests.services.test_history_import import LEDGER, write
from tests.services.test_lifecycle import take


def test_the_dossier_history_names_the_official_not_the_login(ctx: Context) -> None:
    users.update_user(ctx, "admin", full_name="Nguyễn Thị Lan", title="Công chức Văn phòng - Thống kê")
    code = take(ctx)
    event = dossiers.show(ctx, code).events[0]
    assert event.actor == "admin"  # the login stays recorded (the CLI's JSON key)
    assert (event.actor_name, event.actor_title) == ("Nguyễn Thị Lan", "Công chức Văn phòng - Thống kê")
    assert people.label(event.actor_name, event.actor_title, event.actor) == (
        "Nguyễn Thị Lan, Công chức Văn phòng - Thống kê"
    )


def test_an_account_without_a_real_name_shows_its_login_marked_as_one(ctx: Context) -> None:
    code = take(ctx)  # the first administrator, still "Quản trị viên"
    event = dossiers.show(ctx, code).events[0]
    assert event.actor_name is None
    assert people.label(event.actor_name, event.actor_title, event.actor) == "tên đăng nhập admin"


def test_events_from_another_counter_name_the_account_the_hub_published(ctx: Context, clock: FakeClock) -> None:
    code = take(ctx)
    users.create_user(ctx, "tu.phap", "Lê Văn Tư", Role.CLERK, "mat-khau-1", title="Công chức Tư pháp - Hộ tịch")
    other = Context(ctx.db, Actor(None, "tu.phap", "sync"), clock)  # as an event synced in: a login, no id
    lifecycle.transfer(other, code, "CC_TPHT")
    stranger = Context(ctx.db, Actor(None, "xa-ben.an", "sync"), clock)  # an account the hub never published
    lifecycle.record_result(stranger, code)
    shown = [people.label(e.actor_name, e.actor_title, e.actor) for e in dossiers.show(ctx, code).events]
    assert "Lê Văn Tư, Công chức Tư pháp - Hộ tịch" in shown and shown[-1] == "tên đăng nhập xa-ben.an"
    assert "tu.phap" not in " ".join(shown)


def test_imported_history_shows_the_old_register_not_the_clerk(ctx: Context, tmp_path: Path) -> None:
    users.update_user(ctx, "admin", full_name="Nguyễn Thị Lan")
    history_import.run(ctx, write(tmp_path, LEDGER))
    code = next(r.code for r in dossiers.search(ctx, "Trần Văn Một"))
    events = dossiers.show(ctx, code).events
    assert {people.label(e.actor_name, e.actor_title, e.actor) for e in events} == {"nhập từ sổ cũ"}


def test_printed_records_use_the_same_rule_as_the_screen(ctx: Context, clock: FakeClock) -> None:
    """The routing slip and the hand-over note name an account from another counter by the name the
    hub published; a login the counter does not know prints as a dotted line, never as the login."""
    code = take(ctx)
    users.create_user(ctx, "tu.phap", "Lê Văn Tư", Role.CLERK, "mat-khau-1", title="Công chức Tư pháp - Hộ tịch")
    other = Context(ctx.db, Actor(None, "tu.phap", "sync"), clock)
    lifecycle.transfer(other, code, "CC_TPHT", receiver="Trần Thị Cán Bộ")
    lifecycle.record_result(other, code)
    lifecycle.return_result(other, code, "Nguyễn Văn Đức")
    slip = all_text(documents.routing_slip(ctx, code).pdf)
    note = all_text(documents.handover_note(ctx, code).pdf)
    assert "Lê Văn Tư" in slip and "Lê Văn Tư" in note
    assert "tu.phap" not in slip + note and "Quản trị viên" not in slip + note
    stranger = Context(ctx.db, Actor(None, "xa-ben.an", "sync"), clock)
    second = take(ctx)
    lifecycle.record_result(stranger, second)
    lifecycle.return_result(stranger, second, "Nguyễn Văn Đức")
    note = all_text(documents.handover_note(ctx, second).pdf)
    assert "xa-ben.an" not in note and "……" in note


def test_a_title_the_hub_publishes_names_the_official_here(ctx: Context, clock: FakeClock) -> None:
    with ctx.db.write() as session:
        users.apply_remote(
            session,
            Actor(None, "hub", "sync"),
            clock.now,
            username="tu.phap",
            full_name="Lê Văn Tư",
            role=Role.CLERK,
            password_hash=PasswordHasher().hash("mat-khau-1"),
            active=True,
            title="Công chức Tư pháp - Hộ tịch",
        )
    code = take(ctx)
    lifecycle.transfer(Context(ctx.db, Actor(None, "tu.phap", "sync"), clock), code, "CC_TPHT")
    events = dossiers.show(ctx, code).events
    assert people.label(events[-1].actor_name, events[-1].actor_title, events[-1].actor) == (
        "Lê Văn Tư, Công chức Tư pháp - Hộ tịch"
    )
