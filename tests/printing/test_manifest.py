"""The hand-over record with the public postal service (Biên bản bàn giao … qua dịch vụ bưu chính công
ích), read back the way a clerk would: text out of the PDF with pypdf, page 1 rendered with pypdfium2.

No database, no Qt: documents are built here from the printing DTOs.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from pypdf import PdfReader

from counter_app.printing import forms, manifest
from counter_app.printing.forms import load_labels, render_postal_manifest
from counter_app.printing.labels import Labels
from counter_app.printing.model import ManifestItem, OfficeHeader, PostalManifestDoc
from tests.printing.test_forms import all_text, flat, fonts_of, page_image, texts

ALL_SETS = [("2018", "vi"), ("2018", "en"), ("2025", "vi"), ("2025", "en")]
TITLE = "BIÊN BẢN BÀN GIAO HỒ SƠ, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH QUA DỊCH VỤ BƯU CHÍNH CÔNG ÍCH"
OFFICE = OfficeHeader("UBND TỈNH PHÚ THỌ", "UBND XÃ TÂN LẬP", "Tân Lập", "0210 3846 123")
CLERK = "Trần Văn Đức"
POSTMAN = "Phạm Thị Bưu"
BATCH = "BĐ-2025/0142"
CLOSED = datetime(2025, 11, 18, 9, 30, tzinfo=UTC)  # 16:30 in Vietnam
NAMES = ("Nguyễn Thị Thuỷ Tiên", "Lò Văn Páo", "Sở Tư pháp tỉnh Phú Thọ")


def item(i: int, purpose: str = "result", **changes: Any) -> ManifestItem:
    incoming = purpose == "intake"
    row = ManifestItem(
        number=i,
        tracking=f"RR{123456700 + i:09d}VN",
        code=f"000.12.34.H26-251118-{2000 + i:04d}",
        purpose=purpose,
        recipient_name=NAMES[i % 3],
        recipient_address=f"Số {i}, ngõ 34, thôn Đồng Xuân, xã Tân Lập, tỉnh Phú Thọ",
        postage=None if incoming else 25_000 + 1_000 * (i % 4),
        slip_number=f"PHS-{i:07d}" if incoming else None,
    )
    return replace(row, **changes)


def manifest_doc(count: int = 3, direction: str = "out", **changes: Any) -> PostalManifestDoc:
    purposes = ("intake",) if direction == "in" else ("result", "transfer")
    doc = PostalManifestDoc(
        office=OFFICE,
        direction=direction,
        batch_number=BATCH,
        opened_at=datetime(2025, 11, 18, 1, 0, tzinfo=UTC),
        closed_at=CLOSED,
        items=tuple(item(i, purposes[i % len(purposes)]) for i in range(1, count + 1)),
        clerk_name=CLERK,
        postal_name=POSTMAN,
        reprint=False,
    )
    return replace(doc, **changes)


@pytest.fixture
def vi() -> Labels:
    return load_labels("2025", "vi")


def compact(text: str) -> str:
    """No white space at all: a dossier code broken over two lines of a cell reads whole."""
    return "".join(text.split())


def signature_rows(pdf: bytes) -> list[str]:
    """The lines of the last page, laid out as on paper, from the signature titles down: the two blocks
    side by side, so each name sits on the same line as the other and on its own side."""
    page = PdfReader(io.BytesIO(pdf)).pages[-1].extract_text(extraction_mode="layout")
    lines = page.splitlines()
    start = next(i for i, text in enumerate(lines) if "BÊN GIAO" in text or "HANDING-OVER PARTY" in text)
    return [" ".join(text.split()) for text in lines[start:] if text.strip()]


# ---------------------------------------------------------------- what the record says


def test_an_outgoing_record_carries_every_field(vi: Labels) -> None:
    doc = manifest_doc(3)
    pdf = render_postal_manifest(doc, vi)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert (round(float(reader.pages[0].mediabox.width)), round(float(reader.pages[0].mediabox.height))) == (595, 842)
    text = all_text(pdf)
    assert TITLE in text
    assert "ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ" in text and "ỦY BAN NHÂN DÂN XÃ TÂN LẬP" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Tân Lập, ngày 18 tháng 11 năm 2025" in text
    assert f"Số: {BATCH}" in text
    assert "Bộ phận Một cửa bàn giao cho bưu điện" in text
    assert "Bưu điện bàn giao cho Bộ phận Một cửa" not in text
    assert "Thời gian bàn giao: 16 giờ 30 phút, ngày 18 tháng 11 năm 2025" in text
    assert f"Bên giao: Bộ phận Một cửa, Ủy ban nhân dân xã Tân Lập, đại diện: Ông/Bà {CLERK}" in text
    assert f"Bên nhận: Bưu điện (dịch vụ bưu chính công ích), đại diện: Ông/Bà {POSTMAN}" in text
    assert "STT Số hiệu bưu gửi Mã hồ sơ Nội dung Người nhận Địa chỉ Cước (đồng)" in text
    for row in doc.items:
        assert row.tracking in text
        assert row.code in compact(text)
        assert row.recipient_name in text
    assert "Trả kết quả" in text and "Chuyển hồ sơ liên thông" in text
    assert "26.000" in text and "27.000" in text and "28.000" in text
    assert "Tổng cộng: 3 bưu gửi; tổng cước: 81.000 đồng." in text
    assert "Hai bên đã kiểm đếm, đối chiếu từng bưu gửi" in text and "thống nhất bàn giao" in text
    assert "BÊN GIAO" in text and "BÊN NHẬN" in text
    assert text.count("(Ký và ghi rõ họ tên)") == 2
    assert "Trang 1" not in text and not text.startswith("1 ")  # one page: no page number (Decree 30)
    # not one of the circular's numbered forms: no form number, no legal basis, no reprint mark
    assert "Mẫu số" not in text and "Thông tư" not in text
    assert "BẢN IN LẠI" not in text
    meta = reader.metadata
    assert meta.title == f"Biên bản bàn giao hồ sơ, kết quả qua dịch vụ bưu chính công ích – {BATCH}"
    assert meta.author == "UBND XÃ TÂN LẬP"
    assert "Bộ phận Một cửa bàn giao cho bưu điện" in meta.subject and "3 bưu gửi" in meta.subject


def test_an_incoming_record_names_the_senders_and_the_postal_slips(vi: Labels) -> None:
    doc = manifest_doc(3, "in")
    text = all_text(render_postal_manifest(doc, vi))
    assert "Bưu điện bàn giao cho Bộ phận Một cửa" in text
    assert "Bộ phận Một cửa bàn giao cho bưu điện" not in text
    assert f"Bên giao: Bưu điện (dịch vụ bưu chính công ích), đại diện: Ông/Bà {POSTMAN}" in text
    assert f"Bên nhận: Bộ phận Một cửa, Ủy ban nhân dân xã Tân Lập, đại diện: Ông/Bà {CLERK}" in text
    assert "Người gửi" in text and "Người nhận" not in text  # the names in the table are the senders
    assert text.count("Hồ sơ gửi đến") == 3
    for row in doc.items:
        assert row.slip_number is not None
        assert row.slip_number in text
    assert "Phiếu hồ sơ số:" in text
    assert "Tổng cộng: 3 bưu gửi." in text and "tổng cước" not in text  # no postage on incoming items


@pytest.mark.parametrize(("direction", "giver", "receiver"), [("out", CLERK, POSTMAN), ("in", POSTMAN, CLERK)])
def test_each_name_signs_in_its_own_block(vi: Labels, direction: str, giver: str, receiver: str) -> None:
    rows = signature_rows(render_postal_manifest(manifest_doc(3, direction), vi))
    titles = rows[0]
    assert titles.index("BÊN GIAO") < titles.index("BÊN NHẬN")
    names = next(text for text in rows if giver in text or receiver in text)
    # the giver under BÊN GIAO (left), the receiver under BÊN NHẬN (right), on one line
    assert giver in names and receiver in names
    assert names.index(giver) < names.index(receiver)


def test_a_blank_postal_name_leaves_room_to_write_it(vi: Labels) -> None:
    text = all_text(render_postal_manifest(manifest_doc(1, postal_name="  "), vi))
    assert "Bên nhận: Bưu điện (dịch vụ bưu chính công ích), đại diện: Ông/Bà ……………" in text
    assert CLERK in text


def test_postage_totals_only_the_items_that_have_one(vi: Labels) -> None:
    items = (item(1, postage=50_000), item(2, postage=None), item(3, postage=1_200_000))
    text = all_text(render_postal_manifest(manifest_doc(items=items), vi))
    assert "50.000" in text and "1.200.000" in text
    assert "Tổng cộng: 3 bưu gửi; tổng cước: 1.250.000 đồng." in text


def test_an_empty_batch_still_prints_the_table_and_the_signatures(vi: Labels) -> None:
    text = all_text(render_postal_manifest(manifest_doc(0), vi))
    assert "Số hiệu bưu gửi" in text
    assert "Tổng cộng: 0 bưu gửi." in text
    assert "BÊN GIAO" in text and "BÊN NHẬN" in text


@pytest.mark.parametrize("reprint", [False, True])
def test_reprint_mark_only_on_reprints(vi: Labels, reprint: bool) -> None:
    pdf = render_postal_manifest(manifest_doc(reprint=reprint), vi)
    assert ("BẢN IN LẠI" in all_text(pdf)) is reprint
    assert ("BẢN IN LẠI" in PdfReader(io.BytesIO(pdf)).metadata.title) is reprint


def test_unknown_direction_or_purpose_is_refused(vi: Labels) -> None:
    with pytest.raises(ValueError, match="direction"):
        render_postal_manifest(manifest_doc(direction="sideways"), vi)
    with pytest.raises(ValueError, match="purpose"):
        render_postal_manifest(manifest_doc(items=(item(1, "gift"),)), vi)


# ---------------------------------------------------------------- long batches


def test_sixty_items_continue_over_pages_with_the_header_and_page_numbers(vi: Labels) -> None:
    doc = manifest_doc(60, reprint=True)
    pdf = render_postal_manifest(doc, vi)
    pages = texts(pdf)
    assert len(pages) > 1
    everything = flat(" ".join(pages))
    assert TITLE in flat(pages[0]) and TITLE not in flat(" ".join(pages[1:]))
    squeezed = compact(everything)
    for row in doc.items:
        assert row.tracking in everything
        assert row.code in squeezed
    total = sum(row.postage or 0 for row in doc.items)
    assert f"Tổng cộng: 60 bưu gửi; tổng cước: {vi.money(total)} đồng." in everything
    assert not pages[0].startswith("1")  # Decree 30/2020: no number on page 1
    for number, page in enumerate(pages, start=1):
        text = flat(page)
        assert text.startswith(f"{number} ") is (number > 1)
        if number > 1:
            assert f"Biên bản bàn giao với bưu điện, số: {BATCH} (tiếp theo) · BẢN IN LẠI" in text
        if any(row.tracking in text for row in doc.items):
            assert "STT Số hiệu bưu gửi Mã hồ sơ Nội dung Người nhận Địa chỉ Cước (đồng)" in text
    # the totals, the agreement and both signatures stay together on the last page
    last = flat(pages[-1])
    assert "Tổng cộng: 60 bưu gửi" in last and "Hai bên đã kiểm đếm" in last
    assert "BÊN GIAO" in last and "BÊN NHẬN" in last and CLERK in last and POSTMAN in last


def test_a_handful_of_items_fit_one_page(vi: Labels) -> None:
    pages = texts(render_postal_manifest(manifest_doc(5), vi))
    assert len(pages) == 1
    assert not pages[0].startswith("1")


# ---------------------------------------------------------------- fonts, sets, languages


@pytest.mark.parametrize(("form_set", "lang"), ALL_SETS)
def test_every_label_set_renders_with_the_embedded_font_only(form_set: str, lang: str) -> None:
    labels = load_labels(form_set, lang)
    for direction in ("out", "in"):
        pdf = render_postal_manifest(manifest_doc(25, direction, reprint=True), labels)
        assert pdf.startswith(b"%PDF-")
        text = all_text(pdf)
        assert CLERK in text and POSTMAN in text and NAMES[0] in text  # data stays as typed
        assert labels.get("manifest_direction_" + direction) in text
        for page in PdfReader(io.BytesIO(pdf)).pages:
            fonts = fonts_of(page["/Resources"].get_object())
            assert fonts
            for font in fonts:
                assert "LiberationSerif" in font["/BaseFont"]
                assert "/FontFile2" in font["/FontDescriptor"].get_object()
                assert font["/Subtype"] == "/TrueType"
        assert labels.get("form_no_manifest") == ""


def test_the_2018_set_names_the_reception_and_result_return_unit() -> None:
    text = all_text(render_postal_manifest(manifest_doc(2), load_labels("2018", "vi")))
    assert TITLE in text
    assert "Bộ phận Tiếp nhận và Trả kết quả bàn giao cho bưu điện" in text
    assert "Bên giao: Bộ phận Tiếp nhận và Trả kết quả, Ủy ban nhân dân xã Tân Lập" in text
    assert "Mẫu số" not in text and "Thông tư" not in text


@pytest.mark.parametrize("form_set", ["2018", "2025"])
def test_english_labels_speak_english(form_set: str) -> None:
    labels = load_labels(form_set, "en")
    pdf = render_postal_manifest(manifest_doc(3), labels)
    text = all_text(pdf)
    assert "RECORD OF THE HAND-OVER OF DOSSIERS AND RESULTS" in text
    assert "Item number" in text and "Dossier code" in text and "Postage (VND)" in text
    assert "Total: 3 items; total postage: 81,000 VND." in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    rows = signature_rows(pdf)
    assert rows[0].index("HANDING-OVER PARTY") < rows[0].index("RECEIVING PARTY")


def test_nfd_input_is_printed_nfc(vi: Labels) -> None:
    name = NAMES[0]
    decomposed = unicodedata.normalize("NFD", name)
    address = unicodedata.normalize("NFD", "Thôn Đồng Xuân, xã Tân Lập")
    assert decomposed != name
    doc = manifest_doc(
        items=(item(1, recipient_name=decomposed, recipient_address=address),),
        clerk_name=unicodedata.normalize("NFD", CLERK),
        office=replace(OFFICE, unit_name=unicodedata.normalize("NFD", "UBND xã Tân Lập")),
    )
    text = all_text(render_postal_manifest(doc, vi))
    assert name in text and "Thôn Đồng Xuân, xã Tân Lập" in text and CLERK in text
    assert decomposed not in text
    assert unicodedata.normalize("NFC", text) == text


def test_output_is_deterministic(vi: Labels) -> None:
    assert render_postal_manifest(manifest_doc(40), vi) == render_postal_manifest(manifest_doc(40), vi)


def test_page_one_renders(vi: Labels) -> None:
    image = page_image(render_postal_manifest(manifest_doc(60), vi))
    assert image.size[0] < image.size[1]  # portrait
    assert image.convert("L").getextrema()[0] < 64  # something dark was drawn


def test_the_public_render_holds_the_printing_lock(monkeypatch: pytest.MonkeyPatch, vi: Labels) -> None:
    seen: list[bool] = []

    def spy(_doc: object, _labels: Labels) -> bytes:
        seen.append(forms._LOCK.locked())
        return b""

    monkeypatch.setattr(manifest, "render_postal_manifest", spy)
    forms.render_postal_manifest(manifest_doc(), vi)
    assert seen == [True]
