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
