"""Number and symbol ("Số: 12/TB-TTPVHCC") and signer blocks (TM./KT./Q., title, full name) as an
inspector reads them in the PDFs (Decree 30/2020 Annex I), in both form sets and both languages."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from counter_app.printing.forms import (
    load_labels,
    render_apology,
    render_receipt,
    render_refusal,
    render_stop_notice,
    render_supplement,
)
from counter_app.printing.layout import number_symbol, signer_heading
from counter_app.printing.model import Signer
from tests.printing.conftest import receipt, refusal, supplement
from tests.printing.test_forms import all_text
from tests.printing.test_lifecycle_forms import apology, stop_notice

SETS = [("2018", "vi"), ("2018", "en"), ("2025", "vi"), ("2025", "en")]
CENTRE_HEAD = Signer("", None, "GIÁM ĐỐC", "Phạm Thị Hạnh")
DEPUTY = Signer("KT", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Minh")
ACTING = Signer("Q", None, "GIÁM ĐỐC", "Lê Văn Quyền")
COMMITTEE = Signer("TM", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Hoàng Văn Bình")


def in_order(text: str, *parts: str) -> bool:
    position = 0
    for part in parts:
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


@pytest.mark.parametrize(("number", "symbol"), [(1, "TB-TTPVHCC"), (2, "TB-TTPVHCC"), (12, "TB-UBND")])
def test_the_stop_notice_prints_its_number_and_symbol(number: int, symbol: str) -> None:
    text = all_text(render_stop_notice(stop_notice(number=number, symbol=symbol), load_labels("2025")))
    assert f"Số: {number:02d}/{symbol}" in text
    assert "……/TB" not in text  # never left for hand entry


def test_the_apology_prints_its_number_under_the_unit() -> None:
    pdf = render_apology(apology(number=3, symbol="PXL-TTPVHCC"), load_labels("2025"))
    text = all_text(pdf)
    assert in_order(text, "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "Số: 03/PXL-TTPVHCC", "Kính gửi")  # written out (Decree 30)


@pytest.mark.parametrize(("form_set", "lang"), SETS)
def test_every_set_has_the_number_and_capacity_words(form_set: str, lang: str) -> None:
    labels = load_labels(form_set, lang)
    prefix = "Số" if lang == "vi" else "No."
    assert number_symbol(labels, 7, "TB-TTPVHCC") == f"{prefix}: 07/TB-TTPVHCC"
    assert number_symbol(labels, 12, "TB-TTPVHCC") == f"{prefix}: 12/TB-TTPVHCC"
    heading = signer_heading(labels, DEPUTY)
    assert heading[-1] == "PHÓ GIÁM ĐỐC" and "GIÁM ĐỐC" in heading[0]
    if lang == "vi":
        assert signer_heading(labels, COMMITTEE) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
        assert heading == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
        assert signer_heading(labels, ACTING) == ["Q. GIÁM ĐỐC"]
        assert signer_heading(labels, CENTRE_HEAD) == ["GIÁM ĐỐC"]


@pytest.mark.parametrize(
    ("signer", "lines"),
    [
        (COMMITTEE, ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "(Ký, ghi rõ họ tên và đóng dấu)", "Hoàng Văn Bình")),
        (DEPUTY, ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "(Ký, ghi rõ họ tên và đóng dấu)", "Trần Văn Minh")),
        (ACTING, ("Q. GIÁM ĐỐC", "(Ký, ghi rõ họ tên và đóng dấu)", "Lê Văn Quyền")),
        (CENTRE_HEAD, ("GIÁM ĐỐC", "(Ký, ghi rõ họ tên và đóng dấu)", "Phạm Thị Hạnh")),
    ],
)
def test_letters_print_capacity_title_room_and_full_name(signer: Signer, lines: tuple[str, ...]) -> None:
    labels = load_labels("2025")
    for pdf in (
        render_apology(apology(signer=signer), labels),
        render_stop_notice(stop_notice(signer=signer), labels),
    ):
        text = all_text(pdf)
        assert in_order(text, *lines), text[-300:]


def test_a_signer_without_a_name_prints_a_dotted_line_to_write_it() -> None:
    labels = load_labels("2025")
    text = all_text(render_stop_notice(stop_notice(signer=replace(CENTRE_HEAD, name=None)), labels))
    assert in_order(text, "GIÁM ĐỐC", "(Ký, ghi rõ họ tên và đóng dấu)", labels.blank)


def test_the_counter_forms_print_the_official_by_name_and_title() -> None:
    labels = load_labels("2025")
    title = "Công chức Tư pháp - Hộ tịch"
    checks = [
        (render_receipt(receipt(receiver_name="Trần Văn Đức", receiver_title=title), labels), "NGƯỜI TIẾP NHẬN HỒ SƠ"),
        (render_supplement(supplement(guide_title=title), labels), "NGƯỜI HƯỚNG DẪN"),
        (render_refusal(refusal(receiver_title=title), labels), "NGƯỜI TIẾP NHẬN HỒ SƠ"),
    ]
    for pdf, role in checks:
        text = all_text(pdf)
        assert in_order(text, role, "(Ký và ghi rõ họ tên)", "Trần Văn Đức", title)


def test_the_receipt_fills_the_register_book_and_line() -> None:
    text = all_text(render_receipt(receipt(register_book="2025-2", register_number=17), load_labels("2025")))
    assert "Quyển số: 2025-2" in text and "Số thứ tự: 17" in text


def test_the_capacity_is_bold_capitals_like_the_title() -> None:
    pdf = render_stop_notice(stop_notice(signer=DEPUTY), load_labels("2025"))
    fonts: set[str] = set()

    def visit(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
        if text.strip() in ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC") and font is not None:
            fonts.add(str(font["/BaseFont"]))  # type: ignore[index]

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    assert fonts and all("Bold" in name for name in fonts), fonts
