"""The one text rule at every counter boundary (issue 11, items 3 and 4): a control character or an
overlong text is refused where it comes in, with one sentence naming the field, and nothing is written.

A NUL in a name once reached the outbox; PostgreSQL cannot store it, the hub answered 500 and the counter's
whole queue stopped behind it. A 60,000-character address made a 32-page receipt.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from counter_app import messages
from counter_app.domain.applicant import make_applicant
from counter_app.domain.errors import InvalidInput
from counter_app.domain.values import Role
from counter_app.services import history_import, intake, lifecycle, users
from counter_app.services.context import Context
from tests.services.test_history_import import HEADER

BIRTH = "2.000635"  # bản sao trích lục hộ tịch: same day, 15:00 (khai sinh takes no paper)
TABLES = ("dossier", "applicant", "dossier_event", "outbox", "audit_entry")


def counts(ctx: Context) -> dict[str, int]:
    raw = sqlite3.connect(ctx.db.path)
    try:
        return {t: int(raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}
    finally:
        raw.close()


def refused(call: object) -> InvalidInput:
    assert callable(call)
    with pytest.raises(InvalidInput) as info:
        call()
    return info.value


@pytest.mark.parametrize("name", ["Nguyễn\x00Văn An", "Lê Thị\x1bHoa", "Trần \ud800Bình", "Phạm\x85\x9bAn"])
def test_intake_refuses_a_name_with_a_control_character_and_writes_nothing(ctx: Context, name: str) -> None:
    before = counts(ctx)
    error = refused(lambda: intake.accept(ctx, intake.IntakeRequest(BIRTH, make_applicant(name))))
    assert error.code == "text.control.name"
    assert messages.message(error.code, error.params, "vi").startswith("Họ tên có ký tự điều khiển")
    assert counts(ctx) == before


@pytest.mark.parametrize(
    ("field", "make", "code"),
    [
        ("address", lambda: make_applicant("Lê An", address="Thôn Đông " * 6_000), "text.too_long.address"),
        ("name", lambda: make_applicant("An " * 100), "text.too_long.name"),
        ("id_number", lambda: make_applicant("Lê An", old_id_number="1" * 50), "text.too_long.id_number"),
        ("email", lambda: make_applicant("Lê An", email="a" * 300 + "@x.vn"), "text.too_long.email"),
        ("phone", lambda: make_applicant("Lê An", phone="0" * 30), "text.too_long.phone"),
        ("address", lambda: make_applicant("Lê An", address="Thôn\x00Đông"), "text.control.address"),
    ],
)
def test_intake_refuses_overlong_or_controlled_applicant_fields(field: str, make: object, code: str) -> None:
    error = refused(make)
    assert error.code == code
    assert "{" not in messages.message(error.code, error.params, "vi")


def test_a_60000_character_postal_address_is_refused_in_one_sentence(ctx: Context) -> None:
    before = counts(ctx)
    request = intake.IntakeRequest(
        "2.000884", make_applicant("Lê An"), return_by_post=True, postal_address="Xóm Đình " * 6_667
    )
    error = refused(lambda: intake.accept(ctx, request))
    assert error.code == "text.too_long.address"
    assert messages.message(error.code, error.params, "vi") == "Địa chỉ dài 60002 ký tự, quá giới hạn 500 ký tự"
    assert counts(ctx) == before


def test_refusal_reasons_notes_and_receivers_follow_the_same_rule(ctx: Context) -> None:
    applicant = make_applicant("Lê An")
    reason = refused(lambda: intake.refuse(ctx, intake.IntakeRequest(BIRTH, applicant), "Không\x00 thuộc thẩm quyền"))
    assert reason.code == "text.control.reason"
    code = intake.accept(ctx, intake.IntakeRequest(BIRTH, applicant)).dossier.code
    before = counts(ctx)
    assert refused(lambda: lifecycle.record_result(ctx, code, note="x" * 1001)).code == "text.too_long.note"
    assert refused(lambda: lifecycle.stop(ctx, code, "Lý do\x07")).code == "text.control.reason"
    assert counts(ctx) == before


def test_user_accounts_refuse_control_characters_in_names_and_passwords(ctx: Context) -> None:
    error = refused(lambda: users.create_user(ctx, "thu.ha", "Thu\x00 Hà", Role.CLERK, "mat-khau-123"))
    assert error.code == "text.control.name"
    error = refused(lambda: users.create_user(ctx, "thu.ha", "Thu Hà", Role.CLERK, "mat-khau-\x00123"))
    assert error.code == "text.control.password"
    assert refused(lambda: users.create_user(ctx, "thu.ha", "Thu Hà", Role.CLERK, "m" * 201)).code == (
        "text.too_long.password"
    )
    assert users.create_user(ctx, "thu.ha", "Thu\tHà", Role.CLERK, "mat-khau-123").full_name == "Thu Hà"


def test_history_import_names_each_refused_cell_and_imports_nothing(ctx: Context, tmp_path: Path) -> None:
    rows = [
        ",1.004873,Trần Văn Một,,,Thôn Đông,direct,20/06/2025 09:00,25/06/2025,,,,,",  # good
        ",1.004873,Lê\x00 Thị Hai,,,,direct,25/06/2025 09:00,30/06/2025,,,,,",
        f",1.004873,Phạm Văn Ba,,,{'x' * 60_000},direct,25/06/2025 09:00,30/06/2025,,,,,",
        f",1.004873,Hoàng Văn Bốn,,,,direct,25/06/2025 09:00,30/06/2025,,,,,{'y' * 1001}",
        ",1.004873,Vũ Văn Năm,,,,direct,25/06/2025 09:00\x1b,30/06/2025,,,,,",
    ]
    path = tmp_path / "so-cu.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    before = counts(ctx)
    with pytest.raises(history_import.ImportRejected) as caught:
        history_import.run(ctx, path)
    by_line = {e.line: e.code for e in caught.value.errors}
    assert by_line == {
        3: "text.control.name",
        4: "text.too_long.address",
        5: "text.too_long.note",
        6: "text.control.text",
    }, caught.value.errors
    assert next(e for e in caught.value.errors if e.line == 4).message() == (
        "Địa chỉ dài 60000 ký tự, quá giới hạn 500 ký tự"
    )
    assert counts(ctx) == before
