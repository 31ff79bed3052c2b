"""Printed documents and records: receipt, slips, the signing key, letters, the register and Biểu 06."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from counter_app import cliparse, messages
from counter_app.cli.base import (
    DAY,
    EXIT_OK,
    PERIOD,
    Add,
    Session,
    _check_out,
    _Parser,
    _write_file,
    _write_pdf,
    to_json,
)
from counter_app.domain.digitisation import MARKS
from counter_app.domain.errors import InvalidInput
from counter_app.domain.statistics import Bieu06Report, Period
from counter_app.services import digitisation, document_numbers, documents, office
from counter_app.services import statistics as stats
from counter_app.services.context import Context


def _print_document(s: Session, make: Callable[[Context], documents.PrintedDocument]) -> int:
    _check_out(s.args.out)
    printed = s.call(lambda ctx: make(ctx))
    _write_pdf(s.args.out, printed.pdf)
    if s.json:
        s.out(
            to_json(
                {
                    "code": printed.code,
                    "document": printed.kind,
                    "reprint": printed.reprint,
                    "out": str(s.args.out),
                    "bytes": len(printed.pdf),
                }
            )
        )
    else:
        s.out(f"{printed.code}: {s.args.out}{' (bản in lại)' if printed.reprint else ''}")
    return EXIT_OK


def cmd_receipt(s: Session) -> int:
    a = s.args
    return _print_document(s, lambda ctx: documents.receipt(ctx, a.code, reprint=a.reprint, form_set=a.form_set))


def cmd_slip(s: Session) -> int:
    make = documents.supplement_slip if s.args.kind == "supplement" else documents.refusal_slip
    a = s.args
    return _print_document(s, lambda ctx: make(ctx, a.code, reprint=a.reprint, form_set=a.form_set))


def cmd_signing_key(s: Session) -> int:
    pem = s.call(lambda ctx: office.public_key_pem(ctx))
    if s.args.out is not None:
        try:
            s.args.out.write_text(pem, encoding="ascii")
        except OSError as exc:
            raise InvalidInput(
                "output.unwritable", path=str(s.args.out), reason=cliparse.os_reason(exc, messages.language())
            ) from exc
    if s.json:
        s.out(to_json({"public_key_pem": pem}))
    elif s.args.out is None:
        s.out(pem.rstrip())
    return EXIT_OK


def cmd_register(s: Session) -> int:
    a = s.args
    start, end = a.date_from, a.date_to
    if end < start:
        raise InvalidInput("period.invalid", start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}")
    suffix = a.out.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise InvalidInput("output.register", path=str(a.out))
    if not a.out.parent.is_dir():
        raise InvalidInput("output.no_folder", path=str(a.out))
    data = s.call(lambda ctx: documents.register_document(ctx, start, end, excel=suffix == ".xlsx"))
    _write_file(a.out, data)
    if s.json:
        s.out(to_json({"from": start, "to": end, "out": str(a.out), "bytes": len(data)}))
    else:
        s.out(f"Sổ theo dõi hồ sơ {start:%d/%m/%Y}–{end:%d/%m/%Y}: {a.out}")
    return EXIT_OK


def _report_period(a: argparse.Namespace) -> Period:
    """--from/--to, --quarter 2026-Q3 or --year 2026 (exactly one of them)."""
    chosen = [a.date_from is not None or a.date_to is not None, a.quarter is not None, a.year is not None]
    if sum(chosen) != 1:
        raise InvalidInput("period.choice")
    if a.quarter is not None:
        return a.quarter  # type: ignore[no-any-return]
    if a.year is not None:
        return a.year  # type: ignore[no-any-return]
    if a.date_from is None or a.date_to is None:
        raise InvalidInput("period.choice")
    return Period(a.date_from, a.date_to)


def _report_text(result: Bieu06Report) -> list[str]:
    def line(label: str, f: Any) -> str:
        r, d, p = f.received, f.resolved, f.in_progress
        return (
            f"{label}: nhận {r.total} (trực tuyến {r.online}, trực tiếp/bưu chính {r.direct_postal}, "
            f"kỳ trước {r.carried_over}); đã giải quyết {d.total} (trước hạn {d.early}, đúng hạn {d.on_time}, "
            f"quá hạn {d.late}); đang giải quyết {p.total} (trong hạn {p.within_time}, quá hạn {p.overdue})"
        )

    t = result.total
    heading = f"Biểu 06 từ {result.period.start:%d/%m/%Y} đến {result.period.end:%d/%m/%Y}"
    if result.data_until is not None:  # the period runs past today: never a silently shorter period
        heading += f" (số liệu đến ngày {result.data_until:%d/%m/%Y})"
    lines = [heading, line("Tổng cộng", t)]
    lines += [line(f"  {row.field}", row.figures) for row in result.by_field]
    lines.append(
        f"Đối chiếu: (1) {t.received.total} = (5) {t.resolved.total} + (9) {t.in_progress.total}; "
        f"cộng {t.ended.total} kết thúc không có kết quả = {t.handled} hồ sơ đã tiếp nhận phải giải quyết"
    )
    lines.append(
        f"Kết thúc không có kết quả: rút {t.ended.withdrawn}, dừng {t.ended.stopped}; không tiếp nhận: "
        f"từ chối {t.not_accepted.refused}, rút trước tiếp nhận {t.not_accepted.withdrawn}; "
        f"văn bản xin lỗi {t.apologies}"
    )
    return lines


def cmd_report(s: Session) -> int:
    a = s.args
    period = _report_period(a)
    if a.out is None:
        result = s.call(lambda ctx: stats.report(ctx, period), as_user=False)
    else:
        suffix = a.out.suffix.lower()
        if suffix not in (".pdf", ".xlsx"):
            raise InvalidInput("output.report", path=str(a.out))
        if not a.out.parent.is_dir():
            raise InvalidInput("output.no_folder", path=str(a.out))
        printed = s.call(lambda ctx: stats.document(ctx, period, excel=suffix == ".xlsx"))
        _write_file(a.out, printed.data)
        result = printed.report
    digitised = s.call(lambda ctx: stats.digitised(ctx, period), as_user=False)  # issue 13: the share
    if s.json:
        s.out(json.dumps({**result.to_json(), "digitised": digitised.to_json()}, ensure_ascii=False, indent=2))
        return EXIT_OK
    for text in _report_text(result):
        s.out(text)
    shown = "—" if digitised.share is None else f"{100 * digitised.share:.1f}".replace(".", ",") + " %"
    s.out(
        f"Số hóa hồ sơ: {digitised.digitised}/{digitised.received} hồ sơ tiếp nhận có đủ bản điện tử ({shown}; "
        f"không có giấy tờ phải số hóa {digitised.nothing_to_digitise})"
    )
    if a.out is not None:
        s.out(f"Đã ghi {a.out}")
    return EXIT_OK


def cmd_letters(s: Session) -> int:
    """Show, or set, the letters' agency abbreviation and signer (Decree 30/2020 Annex I)."""
    a = s.args
    signer = (a.capacity, a.authority, a.title, a.name)
    if a.agency is None and all(v is None for v in signer):
        found = s.call(lambda ctx: document_numbers.settings(ctx), as_user=False)
    else:
        found = s.call(
            lambda ctx: document_numbers.update_settings(
                ctx, agency=a.agency, capacity=a.capacity, authority=a.authority, title=a.title, name=a.name
            )
        )
    if s.json:
        s.out(to_json(found))
    else:
        who = found.signer
        heading = f"{who.capacity.value}. {who.authority or who.title}" if who.capacity.value else who.title
        tail = f" / {who.title}" if who.capacity.value in ("TM", "KT") else ""
        s.out(
            messages.message("cli.letters", {"agency": found.agency, "signer": heading + tail, "name": who.name or "…"})
        )
    return EXIT_OK


def cmd_exempt(s: Session) -> int:
    """Mark a dossier's paper as needing no electronic copy (Circular 03/2025/TT-VPCP), or clear the mark."""
    a = s.args
    reason = None if a.clear else a.reason
    mark = s.call(lambda ctx: digitisation.mark_exempt(ctx, a.code, a.paper, reason))
    if s.json:
        s.out(
            to_json(
                {
                    "code": mark.code,
                    "paper": mark.paper,
                    "reason": mark.reason,
                    "digitised_complete": mark.digitised_complete,
                }
            )
        )
        return EXIT_OK
    said = "không phải số hóa" if mark.reason is not None else "phải số hóa (bỏ đánh dấu)"
    complete = "đã số hóa đủ" if mark.digitised_complete else "chưa số hóa đủ"
    s.out(f"Hồ sơ {mark.code}, giấy tờ số {mark.paper} ({mark.name}): {said}; hồ sơ {complete}")
    return EXIT_OK


def register(add: Add, common: _Parser, js: _Parser, rid: _Parser) -> None:
    """The documents commands, in the order --help lists them."""
    p = add("letters", cmd_letters, "show or set the letters' number abbreviation and signer (TM./KT./Q.)")
    p.add_argument("--agency", metavar="ABBR", help='agency abbreviation in "Số: 1/TB-ABBR", e.g. TTPVHCC')
    p.add_argument("--capacity", choices=["", "TM", "KT", "Q"], help="signing capacity (empty: the head signs)")
    p.add_argument("--authority", metavar="TEXT", help='what TM./KT. signs for, e.g. "ỦY BAN NHÂN DÂN", "GIÁM ĐỐC"')
    p.add_argument("--title", metavar="TEXT", help='the signer\'s title, e.g. "CHỦ TỊCH", "PHÓ GIÁM ĐỐC"')
    p.add_argument("--name", metavar="NAME", help="the signer's full name")

    p = add("receipt", cmd_receipt, "print the receipt (Mẫu 01, two copies, signed QR) of a dossier to PDF")
    p.add_argument("code")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.add_argument("--reprint", action="store_true", help="mark as a reprint (automatic if printed before)")
    p.add_argument(
        "--form-set",
        choices=office.FORM_SETS,
        help="form set (default: by the day received; 2018 only for dossiers received before 01/07/2025)",
    )

    p = add("slip", cmd_slip, "print the supplement request (Mẫu 02) or refusal (Mẫu 03) of a dossier to PDF")
    p.add_argument("kind", choices=["supplement", "refusal"])
    p.add_argument("code")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.add_argument("--reprint", action="store_true")
    p.add_argument(
        "--form-set",
        choices=office.FORM_SETS,
        help="form set (default: by the day received; 2018 only for dossiers received before 01/07/2025)",
    )

    p = add("signing-key", cmd_signing_key, "print (or --out) the receipt-signing public key for the hub")
    p.add_argument("--out", type=Path, metavar="FILE.pem")

    p = add("register", cmd_register, "the register of dossiers (Sổ theo dõi hồ sơ) for a period, PDF or XLSX")
    p.add_argument("--from", dest="date_from", required=True, type=DAY, metavar="DATE")
    p.add_argument("--to", dest="date_to", required=True, type=DAY, metavar="DATE")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf|FILE.xlsx")

    p = add("exempt", cmd_exempt, "mark a dossier's paper N as needing no electronic copy (or --clear the mark)")
    p.add_argument("code", help="the dossier code")
    p.add_argument("--paper", required=True, type=int, metavar="N", help="the paper's place in the checklist, from 1")
    why = p.add_mutually_exclusive_group(required=True)
    why.add_argument(
        "--reason",
        choices=sorted(MARKS),
        help="shown (only shown and handed back), agency_opinion (another agency's opinion) or secret",
    )
    why.add_argument("--clear", action="store_true", help="take the mark back: the rule decides again")

    p = add("report", cmd_report, "Biểu 06 (tình hình, kết quả giải quyết TTHC) for a period; PDF or XLSX with --out")
    p.add_argument("--from", dest="date_from", type=DAY, metavar="DATE", help="first day, YYYY-MM-DD or dd/mm/yyyy")
    p.add_argument("--to", dest="date_to", type=DAY, metavar="DATE", help="last day (included)")
    p.add_argument("--quarter", type=PERIOD, metavar="YYYY-Qn", help="a calendar quarter, e.g. 2026-Q3")
    p.add_argument("--year", type=PERIOD, metavar="YYYY", help="a calendar year (2026) or half (2026-H1)")
    p.add_argument("--out", type=Path, metavar="FILE.pdf|FILE.xlsx", help="also write the official form")
