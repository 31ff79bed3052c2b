"""Personal data: ``subject-export``, a citizen's data on request (docs/data-protection.md)."""

from __future__ import annotations

from pathlib import Path

from counter_app import messages
from counter_app.cli.base import EXIT_OK, Add, Session, _local, _Parser, _write_file, to_json
from counter_app.domain.cccd import validate_id_number
from counter_app.domain.satisfaction import Rating, rating_label
from counter_app.domain.values import Sex
from counter_app.services.subject_export import SubjectExport, subject_export


def readable(export: SubjectExport) -> str:
    """The export as plain text for the citizen (Vietnamese labels, as the counter's other prints)."""
    lines = [
        f"DỮ LIỆU CÁ NHÂN — số định danh {export.id_number}",
        f"Đơn vị: {export.office_name} ({export.office_code}); trích xuất lúc {_local(export.exported_at)}",
        f"Số hồ sơ: {len(export.dossiers)}",
    ]
    for d in export.dossiers:
        role = " và ".join("người nộp" if r == "applicant" else "người nhận thay" for r in d.roles)
        lines += ["", f"Hồ sơ {d.code} ({role}) — {d.procedure_name}", f"  {messages.status_label(d.status)}"]
        lines.append(f"  Tiếp nhận {_local(d.received_at)}; hạn {_local(d.due_at)}; giải quyết {_local(d.resolved_at)}")
        a = d.applicant
        if a is not None:
            shown = {
                "Họ tên": a.full_name,
                "Số định danh": a.id_number,
                "CMND cũ": a.old_id_number,
                "Ngày sinh": None if a.birth_date is None else f"{a.birth_date:%d/%m/%Y}",
                "Giới tính": None if a.sex is None else ("Nam" if a.sex is Sex.MALE else "Nữ"),
                "Điện thoại": a.phone,
                "Thư điện tử": a.email,
                "Địa chỉ": a.address,
                "Địa chỉ nhận qua bưu điện": d.postal_address,
            }
            lines += [f"  {label}: {value}" for label, value in shown.items() if value]
        lines += [f"  Sự kiện {e.seq}. {_local(e.at)} {messages.event_label(e.kind)}" for e in d.events]
        lines += [
            f"  Thông báo {n.channel} tới {n.recipient} ({n.state}, {_local(n.created_at)}): {n.text}"
            for n in d.notices
        ]
        if d.rating is not None:
            comment = f" — {d.rating.comment}" if d.rating.comment else ""
            lines.append(f"  Đánh giá: {rating_label(Rating(d.rating.rating))} ({_local(d.rating.rated_at)}){comment}")
        lines += [f"  Bản sao điện tử {p.position}. {p.name}: sha256 {p.sha256} ({p.pages} trang)" for p in d.papers]
        lines += [
            f"  Bưu gửi {i.tracking} tới {i.recipient_name}, {i.recipient_address}: {i.outcome}" for i in d.postal_items
        ]
    return "\n".join(lines) + "\n"


def cmd_subject_export(s: Session) -> int:
    a = s.args
    validate_id_number(a.id_number)  # a malformed ID: one line, exit 2, before the database is opened
    export = s.call(lambda ctx: subject_export(ctx, a.id_number))  # audited as --user
    text = to_json(export) if s.json or (a.out is not None and a.out.suffix.lower() == ".json") else readable(export)
    if a.out is None:
        s.out(text.rstrip("\n"))
        return EXIT_OK
    _write_file(a.out, text.encode("utf-8"))
    s.out(
        to_json({"out": str(a.out), "dossiers": len(export.dossiers)})
        if s.json
        else f"{a.out}: {len(export.dossiers)} hồ sơ"
    )
    return EXIT_OK


def register(add: Add, common: _Parser, js: _Parser, rid: _Parser) -> None:
    p = add(
        "subject-export",
        cmd_subject_export,
        "everything this office holds on one citizen (as applicant or proxy), for their request under the "
        "Law on Personal Data Protection; audited. An ID with no data gives an empty export",
    )
    p.add_argument("--id-number", required=True, metavar="N", help="the citizen's 12-digit personal ID")
    p.add_argument(
        "--out", type=Path, metavar="FILE", help="write to FILE (JSON when it ends in .json or with --json, else text)"
    )
