"""Texts of the notices sent to applicants (SMS without tones, e-mail with them), in Vietnamese.

Queued on receipt, when the result is ready and with an apology (DOMAIN.md §8: status changes by SMS
and e-mail). Each text names the office, the dossier code and how to look it up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlencode

from counter_app.domain.calendar import office_time
from counter_app.domain.text import unaccent


class NoticeKind(StrEnum):
    RECEIPT = "receipt"
    RESULT_READY = "result_ready"
    APOLOGY = "apology"


@dataclass(frozen=True)
class NoticeFacts:
    office_name: str
    code: str
    procedure_name: str
    lookup_base: str | None
    lookup_secret: str
    appointment_at: datetime | None = None
    by_post: bool = False
    reason: str | None = None


def lookup_link(base: str | None, code: str, secret: str) -> str | None:
    return None if base is None else f"{base.rstrip('?')}?{urlencode({'ma': code, 'k': secret}, safe='.')}"


def _date(moment: datetime | None) -> str:
    return "" if moment is None else office_time(moment).strftime("%H:%M %d/%m/%Y")


def email_text(kind: NoticeKind, facts: NoticeFacts) -> str:
    link = lookup_link(facts.lookup_base, facts.code, facts.lookup_secret)
    look = f" Tra cứu: {link} (mã tra cứu {facts.lookup_secret})." if link else f" Mã tra cứu: {facts.lookup_secret}."
    if kind is NoticeKind.RECEIPT:
        body = (
            f"{facts.office_name} đã tiếp nhận hồ sơ {facts.code} ({facts.procedure_name}). "
            f"Hẹn trả kết quả: {_date(facts.appointment_at)}."
        )
    elif kind is NoticeKind.RESULT_READY:
        where = (
            "Kết quả sẽ được gửi qua dịch vụ bưu chính công ích."
            if facts.by_post
            else "Mời Ông/Bà mang giấy tiếp nhận đến Bộ phận Một cửa để nhận kết quả."
        )
        body = f"Hồ sơ {facts.code} ({facts.procedure_name}) đã có kết quả. {where}"
    else:
        body = (
            f"{facts.office_name} xin lỗi Ông/Bà vì hồ sơ {facts.code} chưa có kết quả đúng hẹn. "
            f"Lý do: {facts.reason}. Hẹn trả lại: {_date(facts.appointment_at)}."
        )
    return body + look


def sms_text(kind: NoticeKind, facts: NoticeFacts) -> str:
    """The same message without tones and marks, short enough for one or two SMS parts."""
    return unaccent(email_text(kind, facts))
