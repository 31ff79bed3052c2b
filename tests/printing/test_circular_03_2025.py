"""The seven forms of Circular 03/2025/TT-VPCP, Annex I (the default set), read back from the PDF.

Each test is a line of the inspector's checklist in resources/forms/README.md ("Circular 03/2025
forms"): the form number, the basis line with the circular's number and date, the title, and the
field labels in the order and with the numbering they print in.
"""

from __future__ import annotations

import pytest

from counter_app.printing.forms import (
    Labels,
    load_labels,
    render_apology,
    render_receipt,
    render_refusal,
    render_register,
    render_routing_slip,
    render_stop_notice,
    render_supplement,
)
from tests.printing.conftest import receipt, refusal, supplement
from tests.printing.test_forms import all_text
from tests.printing.test_lifecycle_forms import apology, register_doc, routing_slip, stop_notice

BASIS = "Phụ lục I ban hành kèm theo Thông tư số 03/2025/TT-VPCP ngày 15/9/2025 của Văn phòng Chính phủ"


@pytest.fixture
def vi() -> Labels:
    return load_labels("2025", "vi")


def in_order(text: str, parts: list[str]) -> list[str]:
    """The parts missing from ``text`` or out of order (an empty list when all are there in order)."""
    wrong, at = [], 0
    for part in parts:
        found = text.find(part, at)
        if found < 0:
            wrong.append(part)
        else:
            at = found + len(part)
    return wrong


def test_mau_01_receipt_numbers_its_fields_1_to_6(vi: Labels) -> None:
    text = all_text(render_receipt(receipt(), vi))
    assert "Mẫu số 01" in text and BASIS in text
    assert not in_order(
        text,
        [
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            "Mã hồ sơ: 000.12.34.H26-251118-2001",
            "Tiếp nhận hồ sơ của: Nguyễn Thị Thuỷ Tiên",
            "Địa chỉ:",
            "Số điện thoại:",
            "Email:",
            "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
            "(1) Thành phần hồ sơ nộp gồm:",
            "TT Tên giấy tờ Hình thức Số lượng",
            "(2) Số lượng hồ sơ: 1 bộ",
            "(3) Thời gian giải quyết hồ sơ theo quy định là: 3 ngày làm việc",
            "(4) Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 18 tháng 11 năm 2025",
            "(5) Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 25 tháng 11 năm 2025",
            "(6) Đăng ký nhận kết quả: Tại Bộ phận Một cửa",
            "Vào Sổ theo dõi hồ sơ, Quyển số: 05/2025, Số thứ tự: 1234",
            "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            "Ghi chú:",
            "được lập thành 02 liên",
            "Liên 1: Lưu",
        ],
    )
    # no other numbered field: (1)–(6) only, each once per copy
    assert "(7)" not in text
    assert all(text.count(f"({n}) ") == 2 for n in range(1, 7))


def test_mau_02_supplement_request(vi: Labels) -> None:
    text = all_text(render_supplement(supplement(), vi))
    assert "Mẫu số 02" in text and BASIS in text
    assert not in_order(
        text,
        [
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "Mã hồ sơ:",
            "Tiếp nhận hồ sơ của Ông/Bà: Nguyễn Thị Thuỷ Tiên",
            "Nội dung yêu cầu giải quyết:",
            "Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung sau:",
            "TT Thành phần hồ sơ Hình thức Số lượng",
            "Lý do:",
            "để được hướng dẫn./.",
            "NGƯỜI HƯỚNG DẪN",
        ],
    )


def test_mau_03_refusal(vi: Labels) -> None:
    text = all_text(render_refusal(refusal(), vi))
    assert "Mẫu số 03" in text and BASIS in text
    assert not in_order(
        text,
        [
            "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            "Mã hồ sơ:",
            "Tiếp nhận hồ sơ của: Nguyễn Thị Thuỷ Tiên",
            "Nội dung yêu cầu giải quyết:",
            "thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
            "Xin thông báo cho Ông/Bà được biết và thực hiện./.",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
        ],
    )


def test_mau_04_apology_is_addressed_to_the_citizen_and_asks_for_more_time(vi: Labels) -> None:
    text = all_text(render_apology(apology(), vi))
    assert "Mẫu số 04" in text and BASIS in text
    assert not in_order(
        text,
        [
            "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
            "Kính gửi: Nguyễn Thị Thuỷ Tiên",
            "Mã hồ sơ:",
            "Lý do:",
            "xin lỗi Ông/Bà và đề nghị gia hạn thời gian giải quyết hồ sơ",
        ],
    )
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" not in text  # the 2018 title is gone


def test_mau_05_stop_notice(vi: Labels) -> None:
    text = all_text(render_stop_notice(stop_notice(), vi))
    assert "Mẫu số 05" in text and BASIS in text
    assert not in_order(
        text,
        ["THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "Kính gửi: Nguyễn Thị Thuỷ Tiên", "Mã hồ sơ:", "dừng giải quyết", "Lý do:"],
    )


def test_mau_06_routing_slip_columns(vi: Labels) -> None:
    text = all_text(render_routing_slip(routing_slip(), vi))
    assert "Mẫu số 06" in text and BASIS in text
    assert not in_order(
        text,
        [
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            "Mã hồ sơ:",
            "Kèm theo hồ sơ của: Nguyễn Thị Thuỷ Tiên",
            "TÊN CƠ QUAN",
            "THỜI GIAN GIAO, NHẬN HỒ SƠ",
            "KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
            "(Trước hạn/đúng hạn/quá hạn)",
            "GHI CHÚ",
            "1.",
            "Người giao",
            "Người nhận",
        ],
    )


def test_mau_07_register_columns(vi: Labels) -> None:
    text = all_text(render_register(register_doc(3), vi))
    assert "Mẫu số 07" in text and BASIS in text
    assert not in_order(
        text,
        [
            "SỔ THEO DÕI HỒ SƠ",
            "STT",
            "Mã hồ sơ",
            "Tên TTHC",
            "Số lượng hồ sơ (bộ)",
            "Tên cá nhân, tổ chức",
            "Địa chỉ, số điện thoại",
            "Cơ quan chủ trì giải quyết",
            "Ngày nhận hồ sơ",
            "Ngày hẹn trả",
            "Ngày chuyển hồ sơ",
            "Ngày có kết quả",
            "Ngày trả kết quả",
            "Ký nhận",
            "Ghi chú",
        ],
    )


def test_in_order_reports_a_part_out_of_order() -> None:
    assert in_order("a b c", ["a", "c", "b"]) == ["b"]
    assert in_order("a b c", ["a", "b", "c"]) == []
