"""A dossier's way after intake: transfer, result, supplements, return, stop, apology, routing slip, lateness."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path

from counter_app.cli.base import (
    DAY,
    EXIT_OK,
    Add,
    Session,
    _check_out,
    _local,
    _number,
    _Parser,
    _positions_type,
    _transition,
    _write_pdf,
    to_json,
)
from counter_app.domain.errors import InvalidInput
from counter_app.domain.handover import Authorisation, parse_papers
from counter_app.services import documents, lateness, lifecycle
from counter_app.services.context import Context


def cmd_transfer(s: Session) -> int:
    a = s.args
    return _transition(
        s,
        lambda ctx: lifecycle.transfer(ctx, a.code, a.to, receiver=a.receiver, note=a.note, request_id=a.request_id),
    )


def cmd_result(s: Session) -> int:
    a = s.args
    outcome = lifecycle.Outcome(a.outcome)
    return _transition(s, lambda ctx: lifecycle.record_result(ctx, a.code, outcome, a.note, request_id=a.request_id))


def cmd_supplement_request(s: Session) -> int:
    a = s.args
    return _transition(
        s, lambda ctx: lifecycle.request_supplement(ctx, a.code, a.missing, a.note, request_id=a.request_id)
    )


def cmd_supplement_received(s: Session) -> int:
    a = s.args
    return _transition(s, lambda ctx: lifecycle.supplement_received(ctx, a.code, a.note, request_id=a.request_id))


def cmd_accept(s: Session) -> int:
    return _transition(s, lambda ctx: lifecycle.accept_pending(ctx, s.args.code, request_id=s.args.request_id))


def cmd_incomplete(s: Session) -> int:
    a = s.args
    return _transition(
        s, lambda ctx: lifecycle.mark_incomplete(ctx, a.code, a.missing, a.note, request_id=a.request_id)
    )


def cmd_refuse(s: Session) -> int:
    a = s.args
    return _transition(s, lambda ctx: lifecycle.refuse_pending(ctx, a.code, a.reason, request_id=a.request_id))


def cmd_withdraw(s: Session) -> int:
    a = s.args
    return _transition(
        s,
        lambda ctx: lifecycle.withdraw(
            ctx, a.code, a.reason, on_request=a.on_request, request_ref=a.request_ref, request_id=a.request_id
        ),
    )


def cmd_stop(s: Session) -> int:
    a = s.args
    if a.out is not None:
        _check_out(a.out)
    code = _transition(s, lambda ctx: lifecycle.stop(ctx, a.code, a.reason, request_id=a.request_id))
    if a.out is not None:
        _print_lifecycle(s, lambda ctx: documents.stop_notice(ctx, a.code), quiet=True)
    return code


def cmd_return(s: Session) -> int:
    a = s.args
    if a.out is not None:
        _check_out(a.out)
    papers = parse_papers("\n".join(a.paper or ()))
    paper = None
    if (a.authorisation_kind, a.authorisation_number, a.authorisation_date) != (None, None, None):
        if a.authorisation_date is None:
            raise InvalidInput("return.authorisation_incomplete")
        paper = Authorisation(a.authorisation_kind or "", a.authorisation_number or "", a.authorisation_date)
    code = _transition(
        s,
        lambda ctx: lifecycle.return_result(
            ctx, a.code, a.receiver, a.receiver_id, papers, authorisation=paper, request_id=a.request_id
        ),
    )
    if a.out is not None:
        _print_lifecycle(s, lambda ctx: documents.handover_note(ctx, a.code), quiet=True)
    return code


def _confirmation(s: Session) -> lifecycle.LeaderConfirmation | None:
    """A second reschedule: the confirming leader's account, with the password read from stdin."""
    if s.args.confirmed_by is None:
        return None
    return lifecycle.LeaderConfirmation(s.args.confirmed_by, sys.stdin.readline().rstrip("\r\n"))


def cmd_apology(s: Session) -> int:
    a = s.args
    _check_out(a.out)
    db = s.database()
    try:
        ctx = s.context(db)
        # no date given: the first valid one (a working day after today and the current appointment)
        new_date = a.new_date if a.new_date is not None else lifecycle.first_apology_date(ctx, a.code)
        result = lifecycle.apology(
            ctx, a.code, a.reason, new_date, confirmation=_confirmation(s), request_id=a.request_id
        )
        printed = documents.apology_letter(ctx, a.code)
    finally:
        db.close()
    _write_pdf(a.out, printed.pdf)
    if s.json:
        s.out(
            to_json(
                {
                    "code": result.dossier.code,
                    "appointment_at": result.dossier.appointment_at,
                    "due_at": result.dossier.due_at,
                    "reschedule_count": result.reschedule_count,
                    "second_reschedule": result.second_reschedule,
                    "late_notice": result.late_notice,
                    "out": str(a.out),
                }
            )
        )
    else:
        s.out(f"{result.dossier.code}: hẹn trả lại {_local(result.dossier.appointment_at)} — {a.out}")
    return EXIT_OK


def _print_lifecycle(s: Session, make: Callable[[Context], documents.LifecyclePrint], *, quiet: bool = False) -> int:
    _check_out(s.args.out)
    printed = s.call(lambda ctx: make(ctx))
    _write_pdf(s.args.out, printed.pdf)
    if quiet:
        return EXIT_OK
    if s.json:
        s.out(
            to_json({"code": printed.code, "document": printed.kind, "out": str(s.args.out), "bytes": len(printed.pdf)})
        )
    else:
        s.out(f"{printed.code}: {s.args.out}")
    return EXIT_OK


def cmd_routing_slip(s: Session) -> int:
    return _print_lifecycle(s, lambda ctx: documents.routing_slip(ctx, s.args.code))


def cmd_overdue(s: Session) -> int:
    within = s.args.within
    rows = s.call(lambda ctx: lateness.board(ctx, within), as_user=False)
    if s.json:
        s.out(to_json([{**dataclasses.asdict(r), "flagged": r.flagged} for r in rows]))
        return EXIT_OK
    labels = {"overdue": "QUÁ HẠN", "due_today": "đến hạn hôm nay", "due_soon": "sắp đến hạn"}
    for r in rows:
        days = f" {r.working_days} ngày" if r.working_days else ""
        flag = " [hẹn lại >1 lần]" if r.flagged else ""
        s.out(f"{labels[r.urgency]:16}{days:9} {r.code}  {r.applicant_name} — {r.procedure_name}{flag}")
    return EXIT_OK


def register(add: Add, common: _Parser, js: _Parser, rid: _Parser) -> None:
    """The lifecycle commands, in the order --help lists them."""
    p = add("transfer", cmd_transfer, "hand a dossier to a commune officer or an interlinked agency", once=True)
    p.add_argument("code")
    p.add_argument(
        "--to", metavar="AGENCY", help="agency code (see 'agencies'); default: the procedure's competent agency"
    )
    p.add_argument("--receiver", metavar="NAME", help="who received it")
    p.add_argument("--note", metavar="TEXT")

    p = add("result", cmd_result, "record that the result is ready", once=True)
    p.add_argument("code")
    p.add_argument("--outcome", choices=["granted", "denied"], default="granted")
    p.add_argument("--note", metavar="TEXT")

    p = add(
        "supplement-request",
        cmd_supplement_request,
        "ask for missing papers during processing (clock paused)",
        once=True,
    )
    p.add_argument("code")
    p.add_argument(
        "--missing", required=True, type=_positions_type, metavar="N[,N…]", help="positions of the missing papers"
    )
    p.add_argument("--note", metavar="TEXT")

    p = add("supplement-received", cmd_supplement_received, "the papers came in; the clock resumes", once=True)
    p.add_argument("code")
    p.add_argument("--note", metavar="TEXT")

    p = add("accept", cmd_accept, "accept an application submitted online or left incomplete, now complete", once=True)
    p.add_argument("code")

    p = add("incomplete", cmd_incomplete, "a pending application lacks papers (then: slip supplement CODE)", once=True)
    p.add_argument("code")
    p.add_argument("--missing", required=True, type=_positions_type, metavar="N[,N…]")
    p.add_argument("--note", metavar="TEXT")

    p = add("refuse", cmd_refuse, "refuse an application submitted online or left incomplete", once=True)
    p.add_argument("code")
    p.add_argument("--reason", required=True, metavar="TEXT")

    p = add("withdraw", cmd_withdraw, "withdraw a dossier (after acceptance only on the citizen's request)", once=True)
    p.add_argument("code")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p.add_argument("--on-request", action="store_true", help="the citizen asked for it in writing")
    p.add_argument("--request-ref", metavar="REF", help="reference of the written request")

    p = add("stop", cmd_stop, "stop processing a dossier (Thông báo dừng giải quyết hồ sơ)", once=True)
    p.add_argument("code")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p.add_argument("--out", type=Path, metavar="FILE.pdf", help="also print the notice")

    p = add("return", cmd_return, "hand the result to the citizen (or the person they sent)", once=True)
    p.add_argument("code")
    p.add_argument("--receiver", required=True, metavar="NAME")
    p.add_argument("--receiver-id", metavar="N", help="the receiver's ID number")
    p.add_argument(
        "--paper",
        action="append",
        metavar="TEXT",
        help="a result paper handed over, 'x2' at the end for two copies (repeat for each paper)",
    )
    p.add_argument("--authorisation-kind", metavar="TEXT", help="a proxy's authorisation paper: its kind")
    p.add_argument("--authorisation-number", metavar="REF", help="… its number")
    p.add_argument("--authorisation-date", type=DAY, metavar="DATE", help="… its date (not after today)")
    p.add_argument("--out", type=Path, metavar="FILE.pdf", help="also print the hand-over note")

    p = add("apology", cmd_apology, "apologise for a late dossier with a new appointment (Mẫu 04)", once=True)
    p.add_argument("code")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p.add_argument(
        "--new-date",
        type=DAY,
        metavar="DATE",
        help="YYYY-MM-DD or dd/mm/yyyy: a working day after today and after the current appointment "
        "(default: the first such day)",
    )
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.add_argument(
        "--confirmed-by",
        metavar="LEADER",
        help="a second new date needs a leader's confirmation: their account (password on stdin)",
    )

    p = add("overdue", cmd_overdue, "late dossiers: overdue, due today and due within N working days")
    p.add_argument("--within", type=_number(0, 60), default=3, metavar="N")

    p = add("routing-slip", cmd_routing_slip, "the routing slip (Phiếu kiểm soát quá trình giải quyết) to PDF")
    p.add_argument("code")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
