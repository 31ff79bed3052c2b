"""Numbers of issued documents ("Số: 01/TB-TTPVHCC"): per book and year, once per document, gap-free
across processes on one file; the office's signer and agency abbreviation; people printed by name."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from counter_app.domain.errors import InvalidInput
from counter_app.domain.values import Role
from counter_app.services import document_numbers, documents, dossiers, history_import, lifecycle, users
from counter_app.services.context import Actor, Context
from counter_app.services.database import open_database
from counter_app.services.errors import Refused
from tests.conftest import FakeClock
from tests.printing.test_forms import all_text
from tests.services.test_history_import import LEDGER, write
from tests.services.test_lifecycle import take, vn


def stop_number(ctx: Context, code: str, *, lang: str = "vi") -> str:
    """The "Số: …" of the dossier's stop notice as printed."""
    text = all_text(documents.stop_notice(ctx, code, lang=lang).pdf)
    start = text.index("Số: " if lang == "vi" else "No.: ")
    return text[start : text.index(" ", start + 5)]


def stopped(ctx: Context, **kw: object) -> str:
    code = take(ctx)
    lifecycle.stop(ctx, code, "Công dân đề nghị dừng", **kw)  # type: ignore[arg-type]
    return code


def numbers_in_db(path: Path, book: str) -> list[tuple[int, int]]:
    with sqlite3.connect(path) as raw:
        return raw.execute("SELECT year, number FROM document_number WHERE book = ? ORDER BY id", (book,)).fetchall()


def test_stop_notices_are_numbered_one_two_and_a_new_year_restarts_at_one(ctx: Context, clock: FakeClock) -> None:
    first, second = stopped(ctx), stopped(ctx)
    assert stop_number(ctx, first) == "Số: 01/TB-UBND"  # UBND xã Tân Lập: the People's Committee
    assert stop_number(ctx, second) == "Số: 02/TB-UBND"
    clock.now = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)  # Monday 05/01/2026
    assert stop_number(ctx, stopped(ctx)) == "Số: 01/TB-UBND"
    assert numbers_in_db(ctx.db.path, "stop_notice") == [(2025, 1), (2025, 2), (2026, 1)]


def test_a_reprint_keeps_its_number_and_its_symbol_as_issued(ctx: Context) -> None:
    code = stopped(ctx)
    assert stop_number(ctx, code) == "Số: 01/TB-UBND"
    document_numbers.update_settings(ctx, agency="ttpvhcc")
    assert documents.stop_notice(ctx, code).reprint
    assert stop_number(ctx, code) == "Số: 01/TB-UBND"  # a letter already sent is not renumbered
    assert stop_number(ctx, stopped(ctx)) == "Số: 02/TB-TTPVHCC"
    assert stop_number(ctx, code, lang="en") == "No.: 01/TB-UBND"


def test_a_replayed_request_consumes_no_number(ctx: Context) -> None:
    code = take(ctx)
    lifecycle.stop(ctx, code, "Công dân đề nghị dừng", request_id="req-stop-0001")
    lifecycle.stop(ctx, code, "Công dân đề nghị dừng", request_id="req-stop-0001")  # double press
    assert numbers_in_db(ctx.db.path, "stop_notice") == [(2025, 1)]
    assert stop_number(ctx, stopped(ctx)) == "Số: 02/TB-UBND"


def test_a_refused_action_leaves_no_hole(ctx: Context) -> None:
    code = stopped(ctx)
    with pytest.raises(Exception):  # noqa: B017,PT011 - stopping twice is an illegal transition
        lifecycle.stop(ctx, code, "Lần nữa")
    assert stop_number(ctx, stopped(ctx)) == "Số: 02/TB-UBND"


def test_the_apology_is_numbered_in_its_own_book(ctx: Context) -> None:
    late = take(ctx, received_at=vn(2025, 11, 17, 10))
    lifecycle.apology(ctx, late, "Chờ xác minh", date(2025, 11, 21))
    stopped(ctx)
    text = all_text(documents.apology_letter(ctx, late).pdf)
    assert "Số: 01/PXL-UBND" in text
    assert numbers_in_db(ctx.db.path, "apology") == [(2025, 1)]
    assert numbers_in_db(ctx.db.path, "stop_notice") == [(2025, 1)]


def test_a_stop_imported_from_the_old_register_is_numbered_at_its_first_print(ctx: Context, tmp_path: Path) -> None:
    history_import.run(ctx, write(tmp_path, LEDGER))
    code = next(r.code for r in dossiers.search(ctx, "Ngô Văn Mười"))
    assert stop_number(ctx, code) == "Số: 01/TB-UBND"  # stopped 15/07/2025
    assert stop_number(ctx, code) == "Số: 01/TB-UBND"


# ---------------------------------------------------------------------- two processes, one file


def _stop_all(data_dir: str, codes: list[str], start: datetime) -> None:
    db = open_database(Path(data_dir))
    try:
        account = users.find_user(Context(db, Actor(None, "admin", "cli"), FakeClock(start)), "admin")
        ctx = Context(db, Actor(account.id, account.username, "cli"), FakeClock(start))
        for code in codes:
            lifecycle.stop(ctx, code, "Công dân đề nghị dừng")
    finally:
        db.close()


def test_two_processes_stopping_at_once_get_every_number_once(ctx: Context, clock: FakeClock) -> None:
    codes = [take(ctx, name=f"Nguyễn Văn {chr(65 + i)}") for i in range(24)]
    spawn = multiprocessing.get_context("spawn")
    workers = [
        spawn.Process(target=_stop_all, args=(str(ctx.db.path.parent), codes[i::2], clock.now)) for i in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    numbers = sorted(n for _year, n in numbers_in_db(ctx.db.path, "stop_notice"))
    assert numbers == list(range(1, 25))
    printed = {stop_number(ctx, code) for code in codes}
    assert printed == {f"Số: {n:02d}/TB-UBND" for n in range(1, 25)}


# ---------------------------------------------------------------------- the office's settings


def test_the_signer_and_abbreviation_are_validated_and_need_an_administrator(ctx: Context) -> None:
    for bad in ("TT PVHCC", "T", "TTPVHCC-", "A" * 21, "TT/PV"):
        with pytest.raises(InvalidInput) as caught:
            document_numbers.update_settings(ctx, agency=bad)
        assert caught.value.code == "office.number_agency"
    with pytest.raises(InvalidInput) as caught:
        document_numbers.update_settings(ctx, capacity="XT", title="GIÁM ĐỐC")
    assert caught.value.code == "office.signer_capacity"
    with pytest.raises(InvalidInput) as caught:
        document_numbers.update_settings(ctx, capacity="KT", title="PHÓ GIÁM ĐỐC")  # KT. what?
    assert caught.value.code == "office.signer_authority"
    with pytest.raises(InvalidInput) as caught:
        document_numbers.update_settings(ctx, capacity="", title="")
    assert caught.value.code == "office.signer_title"
    users.create_user(ctx, "thu.ha", "Lê Thu Hà", Role.CLERK, "mat-khau-1")
    clerk = users.find_user(ctx, "thu.ha")
    with pytest.raises(Refused):
        document_numbers.update_settings(Context(ctx.db, Actor(clerk.id, "thu.ha", "cli"), ctx.now), agency="X1")
    saved = document_numbers.update_settings(
        ctx, agency="ttpvhcc", capacity="kt.", authority="Giám đốc", title="Phó Giám đốc", name="Trần Văn Minh"
    )
    assert saved.agency == "TTPVHCC"
    signer = saved.signer
    assert (signer.capacity.value, signer.authority, signer.title) == ("KT", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    assert document_numbers.settings(ctx) == saved


@pytest.mark.parametrize(
    ("setting", "lines"),
    [
        ({}, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),  # the default of a People's Committee
        (
            {"capacity": "KT", "authority": "GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Trần Văn Minh"},
            ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Minh"],
        ),
        ({"capacity": "Q", "title": "GIÁM ĐỐC", "name": "Lê Văn Quyền"}, ["Q. GIÁM ĐỐC", "Lê Văn Quyền"]),
        ({"capacity": "", "title": "GIÁM ĐỐC", "name": "Phạm Thị Hạnh"}, ["GIÁM ĐỐC", "Phạm Thị Hạnh"]),
    ],
)
def test_the_letters_print_the_signer_set_for_the_office(
    ctx: Context, setting: dict[str, str], lines: list[str]
) -> None:
    if setting:
        document_numbers.update_settings(ctx, **setting)
    code = stopped(ctx)
    text = all_text(documents.stop_notice(ctx, code).pdf)
    position = 0
    for expected in lines:  # in this order, after the hint to sign and seal for the name
        position = text.index(expected, position) + len(expected)
    assert "(Ký, ghi rõ họ tên và đóng dấu)" in text
    if "name" not in setting:
        assert text.rstrip().endswith("……………")  # the name to write by hand, never a login


# ---------------------------------------------------------------------- people by name


def test_forms_print_the_clerk_by_full_name_and_title_never_the_login(ctx: Context) -> None:
    code = take(ctx)  # received by the first administrator, who has no real name yet
    text = all_text(documents.receipt(ctx, code).pdf)
    assert "Quản trị viên" not in text and " admin" not in text
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên) ……………" in text
    users.update_user(ctx, "admin", full_name="Nguyễn Thị Lan", title="Công chức Văn phòng - Thống kê")
    text = all_text(documents.receipt(ctx, code).pdf)
    assert "Nguyễn Thị Lan" in text and "Công chức Văn phòng - Thống kê" in text


def test_an_account_needs_a_real_full_name(ctx: Context) -> None:
    assert not users.find_user(ctx, "admin").has_real_name
    users.update_user(ctx, "admin", full_name="Quản trị viên", title="Quản trị hệ thống")  # other edits still go
    for name, error in (("", "user.full_name"), ("   ", "user.full_name"), ("Quản trị viên", "user.placeholder_name")):
        with pytest.raises(InvalidInput) as caught:
            users.create_user(ctx, "moi", name, Role.CLERK, "mat-khau-1")
        assert caught.value.code == error
    users.update_user(ctx, "admin", full_name="Nguyễn Thị Lan")
    with pytest.raises(InvalidInput):
        users.update_user(ctx, "admin", full_name="Quản trị viên")
    assert users.find_user(ctx, "admin").has_real_name


def test_imported_history_is_attributed_to_the_old_register(ctx: Context, tmp_path: Path) -> None:
    users.update_user(ctx, "admin", full_name="Nguyễn Thị Lan")
    history_import.run(ctx, write(tmp_path, LEDGER))
    code = next(r.code for r in dossiers.search(ctx, "Trần Văn Một"))
    detail = dossiers.show(ctx, code)
    assert {e.actor for e in detail.events} == {"nhập từ sổ cũ"}
    slip = all_text(documents.routing_slip(ctx, code).pdf)
    assert "nhập từ sổ cũ" in slip and "Nguyễn Thị Lan" not in slip and "admin" not in slip
    receipt = all_text(documents.receipt(ctx, code).pdf)
    assert "nhập từ sổ cũ" in receipt and "Nguyễn Thị Lan" not in receipt
    with sqlite3.connect(ctx.db.path) as raw:
        assert raw.execute("SELECT count(*) FROM dossier WHERE created_by IS NOT NULL").fetchone() == (0,)
        (actor,) = raw.execute("SELECT username FROM audit_entry WHERE action = 'dossier.import'").fetchone()
    assert actor == "admin"  # the import itself was done by the clerk signed in


def test_an_event_recorded_under_a_login_only_prints_that_account_s_name(ctx: Context) -> None:
    """Events from another counter come with the login and no local account id."""
    users.create_user(ctx, "thu.ha", "Lê Thu Hà", Role.CLERK, "mat-khau-1", title="Công chức Tư pháp - Hộ tịch")
    code = take(ctx)
    lifecycle.transfer(Context(ctx.db, Actor(None, "thu.ha", "cli"), ctx.now), code, "CC_TPHT")
    lifecycle.transfer(Context(ctx.db, Actor(None, "ghost", "cli"), ctx.now), code, "LD_UBND_XA")
    slip = all_text(documents.routing_slip(ctx, code).pdf)
    assert "Lê Thu Hà" in slip
    assert "thu.ha" not in slip and "ghost" not in slip
