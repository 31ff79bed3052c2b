"""How a dossier's history reads in the dossier dialog: one line per event, with what it carried
(reason, agency, outcome, S10 number…). Strings keep the dialog's translation context."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from counter_app import messages
from counter_app.domain.calendar import office_time
from counter_app.services import people
from counter_app.services.dto import EventInfo

translate = QCoreApplication.translate


def when(moment: datetime | None) -> str:
    return "—" if moment is None else office_time(moment).strftime("%H:%M %d/%m/%Y")


def moment(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def outcome_label(outcome: object) -> str:
    return (
        translate("DossierDialog", "không được giải quyết")
        if outcome == "denied"
        else translate("DossierDialog", "được giải quyết")
    )


def document_label(document: object) -> str:
    return {
        "receipt": translate("DossierDialog", "giấy tiếp nhận"),
        "supplement": translate("DossierDialog", "phiếu yêu cầu bổ sung"),
        "refusal": translate("DossierDialog", "phiếu từ chối"),
        "apology": translate("DossierDialog", "văn bản xin lỗi"),
        "routing_slip": translate("DossierDialog", "phiếu kiểm soát"),
        "handover": translate("DossierDialog", "phiếu giao nhận kết quả"),
        "stop_notice": translate("DossierDialog", "thông báo dừng giải quyết"),
    }.get(str(document), str(document))


def event_text(event: EventInfo) -> str:
    """One line of the history: when, what (and with what), the status after, who."""
    labels = {
        "submitted": translate("DossierDialog", "Nộp trực tuyến"),
        "intake_incomplete": translate("DossierDialog", "Hướng dẫn bổ sung khi tiếp nhận"),
        "received": translate("DossierDialog", "Tiếp nhận"),
        "refused": translate("DossierDialog", "Từ chối tiếp nhận"),
        "transferred": translate("DossierDialog", "Chuyển xử lý"),
        "supplement_requested": translate("DossierDialog", "Yêu cầu bổ sung"),
        "supplement_supplied": translate("DossierDialog", "Đã nhận bổ sung"),
        "result_ready": translate("DossierDialog", "Có kết quả"),
        "handed_to_post": translate("DossierDialog", "Giao bưu điện"),
        "undeliverable": translate("DossierDialog", "Bưu điện trả lại"),
        "returned": translate("DossierDialog", "Trả kết quả"),
        "withdrawn": translate("DossierDialog", "Rút hồ sơ"),
        "stopped": translate("DossierDialog", "Dừng giải quyết"),
        "apology_issued": translate("DossierDialog", "Xin lỗi, hẹn lại"),
        "printed": translate("DossierDialog", "In biểu mẫu"),
        "notified": translate("DossierDialog", "Gửi thông báo"),
    }
    p = event.payload
    by_post = bool(p.get("via_post"))
    if event.kind == "returned" and by_post:
        labels["returned"] = translate("DossierDialog", "Bưu điện đã giao kết quả")
    tracking = translate("DossierDialog", "số hiệu bưu gửi %1").replace("%1", str(p.get("tracking")))
    returned_to = p.get("receiver_name")
    paper = p.get("authorisation")
    if event.kind == "returned" and isinstance(paper, dict):  # a proxy: the authorisation they showed
        issued = str(paper.get("issued_on", ""))
        shown = f"{issued[8:10]}/{issued[5:7]}/{issued[:4]}" if len(issued) == 10 else issued
        returned_to = (
            translate("DossierDialog", "%1, nhận thay theo %2 số %3 ngày %4")
            .replace("%1", str(returned_to))
            .replace("%2", str(paper.get("kind")))
            .replace("%3", str(paper.get("number")))
            .replace("%4", shown)
        )
    detail: object = {
        "transferred": (
            translate("DossierDialog", "%1, gửi qua bưu điện (%2)")
            .replace("%1", str(p.get("to_name")))
            .replace("%2", str(p.get("tracking")))
            if by_post
            else p.get("to_name")
        ),
        "handed_to_post": tracking,
        "undeliverable": translate("DossierDialog", "%1 (bưu gửi %2)")
        .replace("%1", str(p.get("reason")))
        .replace("%2", str(p.get("tracking"))),
        "refused": p.get("reason"),
        "withdrawn": p.get("reason"),
        "stopped": p.get("reason"),
        "result_ready": outcome_label(p.get("outcome")) if event.kind == "result_ready" else None,
        "returned": tracking if by_post else returned_to,
        "apology_issued": when(moment(p.get("new_appointment"))) if event.kind == "apology_issued" else None,
        "printed": document_label(p.get("document")),
    }.get(event.kind)
    what = labels.get(event.kind) or messages.event_label(event.kind)  # never the raw kind
    if detail:
        what = f"{what}: {detail}"
    who = people.label(event.actor_name, event.actor_title, event.actor)  # the full name, never the login
    return f"{when(event.at)} — {what} → {messages.status_label(event.status_after)} ({who})"
