"""The names of dossier statuses as people read them, in Vietnamese and English (pure data).

Kept in the domain so the counter (through :mod:`counter_app.messages`) and the hub's citizen lookup
page (which may import only the domain) show the same words for the same status.
"""

from __future__ import annotations

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "submitted": ("Chờ tiếp nhận trực tuyến", "Submitted online"),
    "intake_supplement": ("Chờ bổ sung trước tiếp nhận", "Incomplete at intake"),
    "received": ("Đã tiếp nhận", "Received"),
    "processing": ("Đang xử lý", "Processing"),
    "interlinked": ("Đã chuyển liên thông", "At an interlinked agency"),
    "awaiting_supplement": ("Chờ bổ sung", "Awaiting supplement"),
    "result_ready": ("Đã có kết quả", "Result ready"),
    "handed_to_post": ("Đã giao bưu điện", "Handed to post"),
    "returned": ("Đã trả kết quả", "Returned"),
    "refused": ("Từ chối tiếp nhận", "Refused"),
    "withdrawn": ("Đã rút hồ sơ", "Withdrawn"),
    "stopped": ("Dừng giải quyết", "Stopped"),
}

# Event kinds (history lines) and account roles, as the command lines show them.
EVENT_LABELS: dict[str, tuple[str, str]] = {
    "submitted": ("Nộp trực tuyến", "Submitted online"),
    "intake_incomplete": ("Hướng dẫn bổ sung khi tiếp nhận", "Incomplete at intake"),
    "received": ("Tiếp nhận", "Received"),
    "refused": ("Từ chối tiếp nhận", "Refused"),
    "transferred": ("Chuyển xử lý", "Transferred"),
    "supplement_requested": ("Yêu cầu bổ sung", "Supplement requested"),
    "supplement_supplied": ("Đã nhận bổ sung", "Supplement received"),
    "result_ready": ("Có kết quả", "Result ready"),
    "handed_to_post": ("Giao bưu điện", "Handed to post"),
    "undeliverable": ("Bưu điện trả lại", "Returned by the post"),
    "returned": ("Trả kết quả", "Result returned"),
    "withdrawn": ("Rút hồ sơ", "Withdrawn"),
    "stopped": ("Dừng giải quyết", "Stopped"),
    "apology_issued": ("Xin lỗi, hẹn lại", "Apology, new date"),
    "printed": ("In biểu mẫu", "Form printed"),
    "notified": ("Gửi thông báo", "Notice sent"),
    "paper_digitised": ("Số hóa giấy tờ", "Paper digitised"),
    "paper_reused": ("Dùng lại bản số hóa", "Digitised copy reused"),
}

ROLE_LABELS: dict[str, tuple[str, str]] = {
    "clerk": ("cán bộ tiếp nhận", "clerk"),
    "leader": ("lãnh đạo", "leader"),
    "admin": ("quản trị", "administrator"),
}


def label(table: dict[str, tuple[str, str]], key: str, lang: str = "vi") -> str:
    """``key``'s words in ``lang`` from ``table``; an unknown key as it is."""
    words = table.get(key)
    return key if words is None else words[0 if lang == "vi" else 1]
