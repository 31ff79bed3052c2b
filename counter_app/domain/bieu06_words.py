"""The words of Biểu số 06/VPCP/KSTT (Circular 01/2020/TT-VPCP), in Vietnamese and English (pure data).

Kept in the domain, like :mod:`~counter_app.domain.status_labels`, so that the counter's printed report
(:mod:`counter_app.printing.bieu06`) and the hub's report (``district_server.report``, which may import
only the domain) print the same words for the same figures.
"""

from __future__ import annotations

BIEU06_WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "form_no": "Biểu số 06/VPCP/KSTT",
        "basis": "Ban hành kèm theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020",
        "reporting_unit": "Đơn vị báo cáo: {unit}",
        "receiving_unit": "Đơn vị nhận báo cáo: {unit}",
        "title": "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC",
        "period": "(Từ ngày {start} đến ngày {end})",
        "unit_of_measure": "Đơn vị tính: Số hồ sơ TTHC",
        "col_no": "STT",
        "col_field": "Lĩnh vực, công việc giải quyết theo cấp",
        "group_received": "Số hồ sơ nhận giải quyết",
        "group_resolved": "Số hồ sơ đã giải quyết",
        "group_in_progress": "Số hồ sơ đang giải quyết",
        "total": "Tổng số",
        "of_which": "Trong đó",
        "online": "Trực tuyến",
        "direct_postal": "Trực tiếp, dịch vụ bưu chính",
        "carried_over": "Từ kỳ trước",
        "early": "Trước hạn",
        "on_time": "Đúng hạn",
        "late": "Quá hạn",
        "within_time": "Trong hạn",
        "overdue": "Quá hạn",
        "grand_total": "Tổng cộng",
        "no_rows": "Không có hồ sơ trong kỳ báo cáo",
        "data_until": "(Số liệu đến ngày {day})",
        "formula": "(1) = (2) + (3) + (4) = (5) + (9); (5) = (6) + (7) + (8); (9) = (10) + (11).",
        "ended": "Đối chiếu: hồ sơ đã tiếp nhận nhưng kết thúc không có kết quả trong kỳ, không tính vào cột (1): "
        "rút hồ sơ theo đề nghị {withdrawn}; dừng giải quyết {stopped}. Tổng số hồ sơ đã tiếp nhận phải giải "
        "quyết trong kỳ: {received} (cột 1) + {ended} = {handled}.",
        "not_accepted": "Không tiếp nhận trong kỳ: từ chối tiếp nhận {refused}; rút trước khi tiếp nhận {withdrawn}.",
        "apologies": "Văn bản xin lỗi đã ban hành trong kỳ: {count}.",
        "shares": "Tỷ lệ hồ sơ trực tuyến: {online}; tỷ lệ sử dụng dịch vụ bưu chính công ích: {postal}.",
        "satisfaction": "Đánh giá mức độ hài lòng trong kỳ: rất hài lòng {very}; hài lòng {satisfied}; "
        "không hài lòng {dissatisfied}.",
        "not_applicable": "—",
        "date_line": "{place}, ngày {day} tháng {month} năm {year}",
        "preparer": "NGƯỜI LẬP BIỂU",
        "head": "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
        "sign_hint": "(Ký, ghi rõ họ tên)",
        "seal_hint": "(Ký tên, đóng dấu)",
        "sheet": "Biểu 06",
        "meta_title": "Biểu số 06/VPCP/KSTT – {unit}, {start}–{end}",
    },
    "en": {
        "form_no": "Form 06/VPCP/KSTT",
        "basis": "Issued with Circular 01/2020/TT-VPCP of 21/10/2020",
        "reporting_unit": "Reporting unit: {unit}",
        "receiving_unit": "Report sent to: {unit}",
        "title": "ADMINISTRATIVE PROCEDURES HANDLED BY THE UNIT THAT RESOLVES THEM: STATUS AND RESULTS",
        "period": "(From {start} to {end})",
        "unit_of_measure": "Unit: number of dossiers",
        "col_no": "No.",
        "col_field": "Field",
        "group_received": "Dossiers received",
        "group_resolved": "Dossiers resolved",
        "group_in_progress": "Dossiers in progress",
        "total": "Total",
        "of_which": "Of which",
        "online": "Online",
        "direct_postal": "In person and by post",
        "carried_over": "Carried over",
        "early": "Early",
        "on_time": "On time",
        "late": "Late",
        "within_time": "Within time",
        "overdue": "Overdue",
        "grand_total": "Grand total",
        "no_rows": "No dossiers in the period",
        "data_until": "(Figures up to {day})",
        "formula": "(1) = (2) + (3) + (4) = (5) + (9); (5) = (6) + (7) + (8); (9) = (10) + (11).",
        "ended": "Reconciliation: accepted dossiers that ended without a result in the period, not in column (1): "
        "withdrawn on request {withdrawn}; stopped {stopped}. All accepted dossiers dealt with in the period: "
        "{received} (column 1) + {ended} = {handled}.",
        "not_accepted": "Not accepted in the period: refused at intake {refused}; withdrawn before acceptance "
        "{withdrawn}.",
        "apologies": "Apology letters issued in the period: {count}.",
        "shares": "Online share: {online}; public postal service share: {postal}.",
        "satisfaction": "Satisfaction ratings in the period: very satisfied {very}; satisfied {satisfied}; "
        "dissatisfied {dissatisfied}.",
        "not_applicable": "—",
        "date_line": "{place}, {day}/{month}/{year}",
        "preparer": "PREPARED BY",
        "head": "HEAD OF THE UNIT",
        "sign_hint": "(Signature and full name)",
        "seal_hint": "(Signature and seal)",
        "sheet": "Form 06",
        "meta_title": "Form 06/VPCP/KSTT – {unit}, {start}–{end}",
    },
}
