"""The printed form set follows the day a dossier was received; the 2018 set only reprints old ones.

Decree 118/2025/NĐ-CP replaced Decree 61/2018/NĐ-CP from 01/07/2025; Circular 03/2025/TT-VPCP guides it
(resources/forms/README.md, "Circular 03/2025 forms").
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from counter_app import messages
from counter_app.domain.applicant import make_applicant
from counter_app.domain.errors import InvalidInput
from counter_app.services import documents, intake, office
from counter_app.services.context import Actor, Context
from counter_app.services.database import open_database
from counter_app.storage.models import Office
from tests.conftest import OFFICE_CODE, FakeClock

BIRTH = "2.000635"  # bản sao trích lục hộ tịch (khai sinh takes no paper dossier since 01/10/2025)
BASIS_2018 = "Ban hành kèm theo Thông tư số 01/2018/TT-VPCP ngày 23/11/2018"
BASIS_2025 = "Thông tư số 03/2025/TT-VPCP ngày 15/9/2025"


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def _accept(ctx: Context, received_at: datetime | None = None) -> str:
    applicant = make_applicant("Nguyễn Thị Hồng Nhung", id_number="001190123456", address="Xóm Đông")
    return intake.accept(ctx, intake.IntakeRequest(BIRTH, applicant, received_at=received_at)).dossier.code


def test_a_new_dossier_prints_the_2025_forms(ctx: Context) -> None:
    text = _text(documents.receipt(ctx, _accept(ctx)).pdf)
    assert BASIS_2025 in text
    assert "01/2018/TT-VPCP" not in text


def test_a_dossier_received_before_july_2025_reprints_with_the_2018_forms(ctx: Context) -> None:
    # entered late: received on paper on 20/06/2025, before Decree 118/2025 took effect
    code = _accept(ctx, received_at=datetime(2025, 6, 20, 2, 0, tzinfo=UTC))
    text = _text(documents.receipt(ctx, code).pdf)
    assert BASIS_2018 in text
    assert "Bộ phận Tiếp nhận và Trả kết quả" in text
    assert "03/2025/TT-VPCP" not in text


def test_asking_for_the_2018_set_for_a_new_dossier_is_refused_with_the_rule(ctx: Context) -> None:
    applicant = make_applicant("Lê An")
    pending = intake.record_incomplete(ctx, intake.IntakeRequest(BIRTH, applicant, missing=(1,))).dossier.code
    with pytest.raises(InvalidInput) as refused:
        documents.supplement_slip(ctx, pending, form_set="2018")
    assert refused.value.code == "form_set.legacy_new"
    assert BASIS_2025 in _text(documents.supplement_slip(ctx, pending).pdf)
    code = _accept(ctx)
    with pytest.raises(InvalidInput) as refused:
        documents.receipt(ctx, code, form_set="2018")
    assert refused.value.code == "form_set.legacy_new"
    said = messages.message(refused.value.code, refused.value.params, "vi")
    assert said == (
        f"Không in hồ sơ {code} theo bộ mẫu 2018: hồ sơ tiếp nhận ngày 18/11/2025, từ ngày 01/07/2025 "
        "Nghị định 118/2025/NĐ-CP thay thế Nghị định 61/2018/NĐ-CP, nên phải dùng biểu mẫu của "
        "Thông tư 03/2025/TT-VPCP"
    )


def test_an_office_set_up_on_the_2018_set_prints_new_dossiers_with_the_2025_forms(ctx: Context) -> None:
    # an office initialised before this rule kept "2018": its setting no longer decides anything
    with ctx.db.write() as session:
        stored = session.get(Office, 1)
        assert stored is not None
        stored.form_set = "2018"
    text = _text(documents.receipt(ctx, _accept(ctx)).pdf)
    assert BASIS_2025 in text


def test_a_new_office_cannot_choose_the_2018_set(tmp_path: Path, clock: FakeClock) -> None:
    request = office.InitRequest(office_code=OFFICE_CODE, office_name="UBND xã Tân Lập", form_set="2018")
    with pytest.raises(InvalidInput) as refused:
        office.validate_request(request)
    assert refused.value.code == "office.form_set_legacy"
    said = messages.message(refused.value.code, {}, "vi")
    assert "chỉ dùng để in lại hồ sơ tiếp nhận trước 01/07/2025" in said
    assert "Nghị định 118/2025/NĐ-CP" in said and "Thông tư 03/2025/TT-VPCP" in said
    db = open_database(tmp_path / "data", create=True)
    try:
        with pytest.raises(InvalidInput):
            office.initialize(Context(db, Actor(None, "admin", "cli"), clock), request)
        assert not office.is_initialized(Context(db, Actor(None, "admin", "cli"), clock))
    finally:
        db.close()


def test_the_default_set_of_a_new_office_is_2025(ctx: Context) -> None:
    assert office.InitRequest(office_code=OFFICE_CODE, office_name="x").form_set == "2025"
    assert office.get_office(ctx).form_set == "2025"


def test_the_register_of_a_period_before_july_2025_is_the_2018_form(ctx: Context) -> None:
    code = _accept(ctx, received_at=datetime(2025, 6, 20, 2, 0, tzinfo=UTC))
    old = _text(documents.register_document(ctx, date(2025, 6, 1), date(2025, 6, 30), excel=False))
    assert "Mẫu số 06" in old and BASIS_2018 in old and code in old.replace(" ", "")
    new = _text(documents.register_document(ctx, date(2025, 6, 1), date(2025, 11, 30), excel=False))
    assert "Mẫu số 07" in new and BASIS_2025 in new
