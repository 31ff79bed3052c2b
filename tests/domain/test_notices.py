"""Notice texts: Vietnamese e-mail with tones, the same SMS without (one GSM part per 160 characters)."""

from __future__ import annotations

from datetime import UTC, datetime

from counter_app.domain.notices import NoticeFacts, NoticeKind, email_text, lookup_link, sms_text

FACTS = NoticeFacts(
    office_name="UBND xã Tân Lập",
    code="000.12.34.H26-251118-2001",
    procedure_name="Đăng ký khai sinh",
    lookup_base="https://tracuu.example.vn/ho-so",
    lookup_secret="MYCHZY",
    appointment_at=datetime(2025, 11, 18, 10, 0, tzinfo=UTC),
)


def test_receipt_text_gives_the_appointment_in_office_time_and_the_lookup() -> None:
    text = email_text(NoticeKind.RECEIPT, FACTS)
    assert "đã tiếp nhận hồ sơ 000.12.34.H26-251118-2001 (Đăng ký khai sinh)" in text
    assert "17:00 18/11/2025" in text
    assert "https://tracuu.example.vn/ho-so?ma=000.12.34.H26-251118-2001&k=MYCHZY" in text


def test_result_text_says_where_to_collect_it() -> None:
    assert "mang giấy tiếp nhận" in email_text(NoticeKind.RESULT_READY, FACTS)
    by_post = NoticeFacts(**{**FACTS.__dict__, "by_post": True})
    assert "bưu chính công ích" in email_text(NoticeKind.RESULT_READY, by_post)


def test_apology_names_the_reason_and_the_new_date() -> None:
    facts = NoticeFacts(**{**FACTS.__dict__, "reason": "Chờ xác minh"})
    text = email_text(NoticeKind.APOLOGY, facts)
    assert "xin lỗi" in text
    assert "Lý do: Chờ xác minh" in text


def test_sms_drops_tones_and_keeps_the_code() -> None:
    sms = sms_text(NoticeKind.RECEIPT, FACTS)
    assert sms.isascii()
    assert "UBND xa Tan Lap da tiep nhan ho so 000.12.34.H26-251118-2001" in sms


def test_without_a_lookup_address_the_secret_is_given() -> None:
    facts = NoticeFacts(**{**FACTS.__dict__, "lookup_base": None, "appointment_at": None})
    text = email_text(NoticeKind.RECEIPT, facts)
    assert "Mã tra cứu: MYCHZY." in text
    assert lookup_link(None, "x", "y") is None
