"""The public postal service: outgoing and incoming batches (``postal ACTION``)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from counter_app.cli.base import (
    EXIT_OK,
    Add,
    Session,
    _check_out,
    _local,
    _number,
    _Parser,
    _transition,
    _write_pdf,
    to_json,
)
from counter_app.domain.applicant import make_applicant
from counter_app.domain.postal import Direction
from counter_app.domain.values import Channel
from counter_app.services import documents, intake, postal, users


def _batch_json(batch: postal.BatchInfo) -> dict[str, Any]:
    return {**dataclasses.asdict(batch), "reference": batch.reference}


def cmd_postal_add(s: Session) -> int:
    a = s.args
    postage = a.postage
    db = s.database()
    try:
        ctx = s.context(db)
        if a.to is None:
            batch = postal.add_result(ctx, a.code, a.tracking, postage, request_id=a.request_id)
        else:
            batch = postal.add_transfer(ctx, a.code, a.tracking, a.to, postage, request_id=a.request_id)
    finally:
        db.close()
    if s.json:
        s.out(to_json(_batch_json(batch)))
    else:
        s.out(f"Lô {batch.reference}: {len(batch.items)} bưu gửi")
    return EXIT_OK


def cmd_postal_remove(s: Session) -> int:
    batch = s.call(lambda ctx: postal.remove_item(ctx, s.args.tracking, request_id=s.args.request_id))
    if s.json:
        s.out(to_json(_batch_json(batch)))
    else:
        s.out(f"Lô {batch.reference}: {len(batch.items)} bưu gửi")
    return EXIT_OK


def cmd_postal_close(s: Session) -> int:
    a = s.args
    _check_out(a.out)
    db = s.database()
    try:
        ctx = s.context(db)
        clerk = a.clerk or users.find_user(ctx, ctx.actor.username).full_name
        batch = postal.close(ctx, Direction(a.direction), clerk, a.postal_worker, request_id=a.request_id)
        pdf = documents.postal_manifest(ctx, batch.id)
    finally:
        db.close()
    _write_pdf(a.out, pdf)
    if s.json:
        s.out(to_json({**_batch_json(batch), "out": str(a.out)}))
    else:
        s.out(f"Đã đóng lô {batch.reference} ({len(batch.items)} bưu gửi): {a.out}")
    return EXIT_OK


def cmd_postal_receive(s: Session) -> int:
    a = s.args
    applicant = make_applicant(a.applicant_name, id_number=a.id_number, phone=a.phone, address=a.address)
    request = intake.IntakeRequest(
        procedure_code=a.procedure,
        applicant=applicant,
        channel=Channel.POSTAL,
        return_by_post=a.return_by_post,
        postal_address=a.postal_address,
    )
    result = s.call(lambda ctx: postal.receive(ctx, request, a.tracking, a.slip, request_id=a.request_id))
    d = result.dossier
    if s.json:
        s.out(
            to_json(
                {
                    "id": d.id,
                    "code": d.code,
                    "status": d.status,
                    "channel": d.channel,
                    "received_at": d.received_at,
                    "due_at": d.due_at,
                }
            )
        )
    else:
        s.out(f"{d.code}  {d.applicant_name} — {d.procedure_name} (qua bưu chính)")
    return EXIT_OK


def cmd_postal_delivered(s: Session) -> int:
    return _transition(s, lambda ctx: postal.delivered(ctx, s.args.code, request_id=s.args.request_id))


def cmd_postal_undeliverable(s: Session) -> int:
    a = s.args
    return _transition(s, lambda ctx: postal.undeliverable(ctx, a.code, a.reason, request_id=a.request_id))


def cmd_postal_batches(s: Session) -> int:
    found = s.call(lambda ctx: postal.batches(ctx), as_user=False)
    if s.json:
        s.out(to_json([_batch_json(b) for b in found]))
        return EXIT_OK
    for b in found:
        state = "đang mở" if b.state == "open" else f"đóng {_local(b.closed_at)}"
        direction = "gửi đi" if b.direction is Direction.OUT else "nhận về"
        s.out(f"{b.reference}  {direction:7} {state:24} {len(b.items)} bưu gửi")
    return EXIT_OK


def register(add: Add, common: _Parser, js: _Parser, rid: _Parser) -> None:
    """The postal commands, in the order --help lists them."""
    p = add("postal", lambda s: EXIT_OK, "public postal service: batches to and from the post")
    postal_sub = p.add_subparsers(dest="postal_command", metavar="ACTION", required=True, parser_class=_Parser)
    u = postal_sub.add_parser(
        "add",
        help="put a result (or, with --to, an interlinked dossier) in the open outgoing batch",
        parents=[common, js, rid],
    )
    u.set_defaults(handler=cmd_postal_add)
    u.add_argument("code")
    u.add_argument("--tracking", required=True, metavar="S10", help="UPU S10 number, e.g. EA123456785VN")
    u.add_argument(
        "--postage", type=_number(0, 10_000_000), metavar="DONG", help="postage in đồng (paid by the citizen)"
    )
    u.add_argument("--to", metavar="AGENCY", help="send the dossier to this interlinked agency instead")
    u = postal_sub.add_parser("remove", help="take an item out of the open batch", parents=[common, js, rid])
    u.set_defaults(handler=cmd_postal_remove)
    u.add_argument("--tracking", required=True, metavar="S10")
    u = postal_sub.add_parser(
        "close", help="close the open batch and print the hand-over record", parents=[common, js, rid]
    )
    u.set_defaults(handler=cmd_postal_close)
    u.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    u.add_argument("--direction", choices=["out", "in"], default="out")
    u.add_argument("--clerk", metavar="NAME", help="our signatory (default: the acting account's name)")
    u.add_argument("--postal-worker", metavar="NAME", help="the postal worker (or left blank to write by hand)")
    u = postal_sub.add_parser("receive", help="take in a dossier a citizen sent by post", parents=[common, js, rid])
    u.set_defaults(handler=cmd_postal_receive)
    u.add_argument("--tracking", required=True, metavar="S10")
    u.add_argument("--slip", metavar="N", help="the postal operator's dossier slip number")
    u.add_argument("--procedure", required=True, metavar="CODE")
    u.add_argument("--applicant-name", required=True, metavar="NAME")
    u.add_argument("--id-number", metavar="N")
    u.add_argument("--phone", metavar="P")
    u.add_argument("--address", metavar="A")
    u.add_argument("--return-by-post", action="store_true")
    u.add_argument("--postal-address", metavar="A")
    u = postal_sub.add_parser("delivered", help="the post delivered the result", parents=[common, js, rid])
    u.set_defaults(handler=cmd_postal_delivered)
    u.add_argument("code")
    u = postal_sub.add_parser("undeliverable", help="the post brought the result back", parents=[common, js, rid])
    u.set_defaults(handler=cmd_postal_undeliverable)
    u.add_argument("code")
    u.add_argument("--reason", required=True, metavar="TEXT")
    u = postal_sub.add_parser("batches", help="open batches and the history of batches", parents=[common, js])
    u.set_defaults(handler=cmd_postal_batches)
