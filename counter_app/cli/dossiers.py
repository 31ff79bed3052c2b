"""Dossiers at the counter: intake, import, show, search and the citizen's satisfaction rating."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

from counter_app import messages
from counter_app.cli.base import (
    DAY,
    EXIT_BAD_INPUT,
    EXIT_NO_MATCH,
    EXIT_OK,
    MOMENT,
    Add,
    Session,
    _fail,
    _local,
    _number,
    _Parser,
    _positions_type,
    to_json,
)
from counter_app.domain.applicant import make_applicant
from counter_app.domain.errors import InvalidInput
from counter_app.domain.privacy import DossierView
from counter_app.domain.satisfaction import Rating, criterion_label, rating_label
from counter_app.domain.values import Channel
from counter_app.services import dossiers, intake, people, satisfaction
from counter_app.services import history_import as history


def cmd_intake(s: Session) -> int:
    a = s.args
    applicant = make_applicant(a.applicant_name, id_number=a.id_number, phone=a.phone, address=a.address)
    request = intake.IntakeRequest(
        procedure_code=a.procedure,
        applicant=applicant,
        channel=Channel.ONLINE if a.assisted_online else Channel(a.channel),
        return_by_post=a.return_by_post,
        postal_address=a.postal_address,
        received_at=a.received_at,
        missing=a.missing or (),
        extra=a.extra or (),
        assisted=a.assisted_online,
        portal_code=a.portal_code,
        paper_exception=a.paper_exception,
    )
    db = s.database()
    try:
        ctx = s.context(db)
        rid = a.request_id
        if a.submitted:
            result = intake.record_submission(ctx, request, request_id=rid)
        elif a.refuse is not None:
            result = intake.refuse(ctx, request, a.refuse, request_id=rid)
        elif a.missing is not None:
            result = intake.record_incomplete(ctx, request, a.note, request_id=rid)
        else:
            result = intake.accept(ctx, request, request_id=rid)
    finally:
        db.close()
    d = result.dossier
    if s.json:
        s.out(
            to_json(
                {
                    "id": d.id,
                    "uid": result.uid,
                    "code": d.code,
                    "status": d.status,
                    "received_at": d.received_at,
                    "due_at": d.due_at,
                    "appointment_at": d.appointment_at,
                    "procedure": d.procedure_name,
                    "applicant_name": d.applicant_name,
                    "channel": d.channel,
                    "assisted": a.assisted_online,
                    "late_entry": result.late_entry,
                    "lookup_secret": result.lookup_secret,
                }
            )
        )
    else:
        s.out(f"{d.code}  {d.applicant_name} — {d.procedure_name}")
        s.out(f"Tiếp nhận {_local(d.received_at)}, hẹn trả {_local(d.due_at)}")
    return EXIT_OK


def cmd_import(s: Session) -> int:
    path: Path = s.args.file
    try:
        result = s.call(lambda ctx: history.run(ctx, path))
    except history.ImportRejected as exc:
        for error in exc.errors:  # one line per problem (the exception to the one-line rule)
            print(messages.message("import.line", {"line": error.line, "reason": error.message()}), file=sys.stderr)
        if s.json:
            rows = [{"line": e.line, "code": e.code, "message": e.message()} for e in exc.errors]
            s.out(to_json({"imported": 0, "errors": rows}))
        return _fail(EXIT_BAD_INPUT, messages.message(exc.code, exc.params))
    if s.json:
        s.out(to_json(result))
        return EXIT_OK
    statuses = ", ".join(f"{messages.status_label(k)} {v}" for k, v in sorted(result.by_status.items()))
    s.out(f"Đã nhập {result.imported} hồ sơ ({statuses}); cấp mã mới {result.codes_allotted}; {result.events} sự kiện")
    return EXIT_OK


def cmd_show(s: Session) -> int:
    detail = s.call(lambda ctx: dossiers.show(ctx, s.args.code, view=DossierView.CLI_SHOW))  # audited as --user
    if s.json:
        s.out(to_json(detail))
        return EXIT_OK
    ap = detail.applicant
    s.out(f"{detail.code} — {messages.status_label(detail.status)}")
    s.out(f"Thủ tục: {detail.procedure_name} ({detail.procedure_code}, phiên bản {detail.procedure_version})")
    s.out(
        f"Người nộp: {ap.full_name}"
        + (f", CCCD {ap.id_number}" if ap.id_number else "")
        + (f", ĐT {ap.phone}" if ap.phone else "")
    )
    s.out(
        f"Tiếp nhận {_local(detail.received_at)}; hạn {_local(detail.due_at)}; hẹn trả {_local(detail.appointment_at)}"
    )
    if detail.assisted:
        s.out(f"Hỗ trợ nộp trực tuyến — mã hồ sơ trên Cổng Dịch vụ công: {detail.portal_code}")
    if detail.paper_exception:
        s.out(f"Nhận hồ sơ giấy (ngoại lệ): {detail.paper_exception}")
    for c in detail.components:
        s.out(f"  [{'x' if c.received else ' '}] {c.name} ({messages.paper_form_label(c.form.value)}, {c.count})")
    for e in detail.events:
        s.out(
            f"  {e.seq}. {_local(e.at)} {messages.event_label(e.kind)} → "
            f"{messages.status_label(e.status_after.value)} ({people.label(e.actor_name, e.actor_title, e.actor)})"
        )
    return EXIT_OK


def cmd_search(s: Session) -> int:
    limit = s.args.limit
    found = s.call(lambda ctx: dossiers.search(ctx, s.args.text, limit), as_user=False)
    if s.json:
        s.out(to_json(found))  # [] when nothing matches
    elif not found:
        print(messages.message("search.no_match", {"value": s.args.text}), file=sys.stderr)
    if not found:
        return EXIT_NO_MATCH  # like grep: 1 when nothing matches, 2 for bad input
    if s.json:
        return EXIT_OK
    for row in found:
        assisted = f", {messages.channel_label(row.channel, True)} {row.portal_code}" if row.assisted else ""
        s.out(
            f"{row.code}  {row.applicant_name} — {row.procedure_name} ({messages.status_label(row.status)}{assisted})"
        )
    return EXIT_OK


def _criteria(pairs: Sequence[str] | None) -> dict[str, str]:
    """``--criterion KEY=RATING`` options as a dict (checked by the service)."""
    answers: dict[str, str] = {}
    for pair in pairs or ():
        key, sep, value = pair.partition("=")
        if not sep:
            raise InvalidInput("satisfaction.criterion", value=pair)
        answers[key.strip()] = value
    return answers


def cmd_rate(s: Session) -> int:
    a = s.args
    answers = _criteria(a.criterion)
    info = s.call(lambda ctx: satisfaction.record(ctx, a.code, a.rating, answers, a.comment))
    if s.json:
        s.out(to_json(info))
    else:
        s.out(f"{info.dossier_code}: {rating_label(info.rating)} — đã ghi nhận đánh giá")
    return EXIT_OK


def cmd_satisfaction(s: Session) -> int:
    a = s.args
    start, end = a.date_from, a.date_to
    found = s.call(lambda ctx: satisfaction.summary(ctx, start, end), as_user=False)
    if s.json:
        s.out(to_json({**dataclasses.asdict(found), "satisfied_share": found.satisfied_share}))
        return EXIT_OK
    s.out(f"Đánh giá mức độ hài lòng {start:%d/%m/%Y}–{end:%d/%m/%Y}: {found.total} lượt")
    for rating in Rating:
        s.out(f"  {rating_label(rating):16} {found.ratings[rating]:6}")
    for key, counts in found.criteria.items():
        if any(counts.values()):
            figures = " / ".join(str(counts[r]) for r in Rating)
            s.out(f"  {criterion_label(key)}: {figures}")
    return EXIT_OK


def register(add: Add, common: _Parser, js: _Parser, rid: _Parser) -> None:
    """The dossiers commands, in the order --help lists them."""
    p = add("intake", cmd_intake, "take in a complete dossier and print its code and due date", once=True)
    p.add_argument("--procedure", required=True, metavar="CODE", help="procedure code (see 'procedures')")
    p.add_argument("--applicant-name", required=True, metavar="NAME")
    p.add_argument("--id-number", metavar="N", help="12-digit personal ID")
    p.add_argument("--phone", metavar="P")
    p.add_argument("--address", metavar="A")
    p.add_argument("--channel", choices=[c.value for c in Channel], default=Channel.DIRECT.value)
    p.add_argument("--return-by-post", action="store_true", help="the result goes back by public postal service")
    p.add_argument("--postal-address", metavar="A", help="where the post delivers (default: --address)")
    p.add_argument(
        "--received-at",
        type=MOMENT,
        metavar="ISO",
        help="enter a dossier taken on paper while the PC was down (audited as a late entry)",
    )
    outcome = p.add_mutually_exclusive_group()
    outcome.add_argument(
        "--missing",
        type=_positions_type,
        metavar="N[,N…]",
        help="papers missing (positions in 'procedures --json'): record as incomplete",
    )
    outcome.add_argument("--refuse", metavar="REASON", help="refuse the application with this reason (Mẫu 03)")
    outcome.add_argument(
        "--submitted", action="store_true", help="record an online submission waiting for the counter's check"
    )
    p.add_argument("--note", metavar="TEXT", help="guidance printed on the supplement request")
    p.add_argument(
        "--assisted-online",
        action="store_true",
        help="Hỗ trợ nộp trực tuyến: filed with the citizen on the national portal (channel online; "
        "required from 01/10/2025 for the online-only services of Directive 24/CT-TTg)",
    )
    p.add_argument("--portal-code", metavar="CODE", help="the national portal's dossier code (with --assisted-online)")
    p.add_argument(
        "--paper-exception",
        metavar="REASON",
        help="why an online-only service is taken on paper (recorded in the history), e.g. the portal is down",
    )
    p.add_argument(
        "--extra", type=_positions_type, metavar="N[,N…]", help="conditional papers (not required) also handed in"
    )

    p = add("import", cmd_import, "import dossiers and their history from a UTF-8 CSV (all rows or none)")
    p.add_argument("file", type=Path, metavar="FILE.csv")

    p = add("show", cmd_show, "show one dossier with its components and history")
    p.add_argument("code")

    p = add(
        "search",
        cmd_search,
        "find dossiers by name, code, ID number or phone (tones optional), the most recently received first; "
        "exit 1 when nothing matches (as grep does)",
    )
    p.add_argument("text")
    p.add_argument("--limit", type=_number(1, dossiers.MAX_LIMIT), default=50, metavar="N")

    p = add("rate", cmd_rate, "record the citizen's satisfaction rating of a returned dossier (once per dossier)")
    p.add_argument("code")
    p.add_argument("--rating", required=True, metavar="|".join(Rating), help="rất hài lòng | hài lòng | không hài lòng")
    p.add_argument("--criterion", action="append", metavar="KEY=RATING", help="a criterion's rating (repeatable)")
    p.add_argument("--comment", metavar="TEXT")

    p = add("satisfaction", cmd_satisfaction, "satisfaction ratings given in a period: counts per level and criterion")
    p.add_argument("--from", dest="date_from", required=True, type=DAY, metavar="DATE")
    p.add_argument("--to", dest="date_to", required=True, type=DAY, metavar="DATE")
