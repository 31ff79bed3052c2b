"""Label sets: every printed word lives in resources/forms/<set>.<lang>.json, complete and consistent."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from counter_app.printing.fonts import FONTS, missing_characters
from counter_app.printing.labels import (
    FORM_SETS,
    MAY_BE_EMPTY,
    REQUIRED_KEYS,
    LabelError,
    Labels,
    available_label_sets,
    forms_dir,
    load_labels,
    template_fields,
)
from counter_app.printing.layout import date_params, vn_day, vn_month

ALL_SETS = [("2018", "vi"), ("2018", "en"), ("2025", "vi"), ("2025", "en")]


def test_every_form_set_has_vietnamese_and_english() -> None:
    assert set(available_label_sets()) >= set(ALL_SETS)
    assert set(FORM_SETS) == {"2018", "2025"}


@pytest.mark.parametrize(("form_set", "lang"), ALL_SETS)
def test_label_sets_hold_exactly_the_required_keys(form_set: str, lang: str) -> None:
    labels = load_labels(form_set, lang)
    assert set(labels.texts) == REQUIRED_KEYS
    assert all(text.strip() for key, text in labels.texts.items() if key not in MAY_BE_EMPTY)


def test_both_form_sets_have_the_same_keys_and_parameters() -> None:
    raw = {
        (form_set, lang): json.loads((forms_dir() / f"{form_set}.{lang}.json").read_text(encoding="utf-8"))["labels"]
        for form_set, lang in ALL_SETS
    }
    reference = raw[("2025", "vi")]
    for texts in raw.values():
        assert texts.keys() == reference.keys()
        for key, text in texts.items():
            assert template_fields(text) == template_fields(reference[key]), key


@pytest.mark.parametrize(("form_set", "lang"), ALL_SETS)
def test_label_files_are_nfc_and_drawable(form_set: str, lang: str) -> None:
    text = (forms_dir() / f"{form_set}.{lang}.json").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    labels = load_labels(form_set, lang)
    for face in (FONTS.regular, FONTS.bold, FONTS.italic):
        assert missing_characters("".join(labels.texts.values()), face) == ""


def test_the_2018_set_prints_the_2018_wording() -> None:
    labels = load_labels("2018")
    assert labels.form_no_receipt == "Mẫu số 01"
    assert labels.basis == "Ban hành kèm theo Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng Chính phủ"
    assert labels.receipt_title == "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
    assert labels.supplement_title == "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
    assert labels.refusal_title == "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
    assert labels.national_name == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert labels.national_motto == "Độc lập - Tự do - Hạnh phúc"
    assert labels.copy_archive == "Liên 1: Lưu"
    assert labels.copy_applicant == "Liên 2: Giao người nộp hồ sơ"
    assert labels.sign_hint == "(Ký và ghi rõ họ tên)"
    assert labels.reprint_mark == "BẢN IN LẠI"
    assert labels.basis_verified


def test_the_2025_basis_names_the_circular_with_its_number_and_date() -> None:
    # Circular 03/2025/TT-VPCP "Hà Nội, ngày 15 tháng 9 năm 2025" (hethongphapluat.com copy of the text;
    # Thanh Hóa Decision 128/2025/QĐ-UBND cites it the same way): resources/forms/README.md checklist.
    vi, en = load_labels("2025", "vi"), load_labels("2025", "en")
    assert vi.basis == "Phụ lục I ban hành kèm theo Thông tư số 03/2025/TT-VPCP ngày 15/9/2025 của Văn phòng Chính phủ"
    assert en.basis == "Annex I to Circular No. 03/2025/TT-VPCP of 15/09/2025 of the Government Office"
    assert vi.basis_verified and en.basis_verified


def test_the_2025_set_has_the_seven_titles_of_annex_i_in_its_numbering() -> None:
    # Annex I lists Mẫu số 01–07 (thuviennhadat.vn, [C]); the numbers differ from the 2018 set's.
    labels = load_labels("2025")
    assert [
        (labels.get(no), labels.get(title))
        for no, title in (
            ("form_no_receipt", "receipt_title"),
            ("form_no_supplement", "supplement_title"),
            ("form_no_refusal", "refusal_title"),
            ("form_no_apology", "apology_title"),
            ("form_no_stop_notice", "stop_title"),
            ("form_no_routing", "routing_title"),
            ("form_no_register", "register_title"),
        )
    ] == [
        ("Mẫu số 01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
        ("Mẫu số 02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
        ("Mẫu số 03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
        ("Mẫu số 04", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
        ("Mẫu số 05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"),
        ("Mẫu số 06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
        ("Mẫu số 07", "SỔ THEO DÕI HỒ SƠ"),
    ]


def test_get_fills_parameters_and_attributes_read_plain_labels() -> None:
    labels = load_labels("2025")
    assert labels.get("code_line", code="000.12.34.H26-251118-2001") == "Mã hồ sơ: 000.12.34.H26-251118-2001"
    assert labels.get("date_line", place="Tân Lập", day="05", month="02", year=2025) == (
        "Tân Lập, ngày 05 tháng 02 năm 2025"
    )
    assert labels.receipt_title == labels.get("receipt_title")
    assert labels.get("applicant_name", name=unicodedata.normalize("NFD", "Đỗ Thị Ánh")) == (
        "Tiếp nhận hồ sơ của: Đỗ Thị Ánh"
    )


def test_a_missing_key_or_a_wrong_parameter_is_an_error() -> None:
    labels = load_labels("2025")
    with pytest.raises(LabelError, match="no_such_label"):
        labels.get("no_such_label")
    with pytest.raises(AttributeError):
        _ = labels.no_such_label
    with pytest.raises(LabelError, match="code"):
        labels.get("code_line")
    with pytest.raises(LabelError):
        labels.get("code_line", code="X", extra="Y")
    with pytest.raises(AttributeError):
        _ = labels.code_line  # needs a parameter


def test_money_uses_the_sets_thousands_separator() -> None:
    assert load_labels("2025", "vi").money(1_250_000) == "1.250.000"
    assert load_labels("2025", "en").money(1_250_000) == "1,250,000"
    assert load_labels("2018", "vi").money(500) == "500"


def test_incomplete_or_malformed_sets_are_refused(tmp_path: Path) -> None:
    good = json.loads((forms_dir() / "2025.vi.json").read_text(encoding="utf-8"))

    def write(name: str, data: object) -> None:
        (tmp_path / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    incomplete = {**good, "labels": {k: v for k, v in good["labels"].items() if k != "receipt_title"}}
    write("2025.vi.json", incomplete)
    with pytest.raises(LabelError, match="receipt_title"):
        load_labels("2025", "vi", tmp_path)
    write("2025.xx.json", {**good, "lang": "vi"})
    with pytest.raises(LabelError, match="declares"):
        load_labels("2025", "xx", tmp_path)
    write("2018.vi.json", {**good, "form_set": "2018", "labels": {**good["labels"], "blank": 3}})
    with pytest.raises(LabelError, match="non-text"):
        load_labels("2018", "vi", tmp_path)
    (tmp_path / "2019.vi.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(LabelError, match="cannot be read"):
        load_labels("2019", "vi", tmp_path)
    with pytest.raises(LabelError, match="no label set"):
        load_labels("1999", "vi", tmp_path)
    with pytest.raises(LabelError, match="plain"):
        Labels.from_mapping("x", "vi", {**good["labels"], "blank": "{0}"}, basis_verified=False)


def test_loading_is_cached() -> None:
    assert load_labels("2025", "vi") is load_labels("2025", "vi")


@pytest.mark.parametrize(
    ("day", "month", "expected"),
    [(5, 2, ("05", "02")), (18, 11, ("18", "11")), (1, 3, ("01", "3")), (9, 1, ("09", "01"))],
)
def test_dates_follow_the_administrative_style(day: int, month: int, expected: tuple[str, str]) -> None:
    # Decree 30/2020: days below 10 and months below 3 take a leading zero.
    assert (vn_day(day), vn_month(month)) == expected


def test_dates_are_shown_in_office_time() -> None:
    from datetime import UTC, datetime

    # 31/12 at 20:00 UTC is already 1 January in Vietnam (UTC+7)
    assert date_params(datetime(2025, 12, 31, 20, 0, tzinfo=UTC)) == {"day": "01", "month": "01", "year": "2026"}
