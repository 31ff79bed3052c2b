"""The hub's commands of who reads papers (issue 14): ``agency-token`` (who may read papers), ``papers``
(what the hub holds of a dossier), ``paper-get`` (one copy to a file) and ``paper-downloads`` (the
audit). Registered by :func:`register` from :mod:`district_server.cli`, whose conventions they follow:
Vietnamese text, ``--json`` for one JSON document, bad input one line on stderr and exit 2 (a
:class:`~district_server.errors.HubError`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from counter_app import cliparse
from district_server import agency
from district_server.db import Hub, utc_now
from district_server.errors import HubError
from district_server.wire import iso, shown_time

JSON_HELP = "print one JSON document instead of text"
OpenHub = Callable[[argparse.Namespace], Hub]


def _when(moment: Any) -> str:
    return "—" if moment is None else shown_time(moment).strftime("%H:%M %d/%m/%Y")


def _dump(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _token_json(info: agency.AgencyTokenInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "agency": info.agency_code,
        "label": info.label,
        "created_at": iso(info.created_at),
        "revoked_at": None if info.revoked_at is None else iso(info.revoked_at),
    }


def cmd_agency_token(args: argparse.Namespace, open_hub: OpenHub) -> int:
    chosen = [name for name in ("agency", "revoke", "list") if getattr(args, name) not in (None, False)]
    if len(chosen) != 1:
        raise HubError("agency_token_usage")
    hub = open_hub(args)
    if args.list:
        with hub.read() as session:
            rows = agency.list_tokens(session)
        if args.json:
            _dump([_token_json(row) for row in rows])
            return 0
        if not rows:
            print("Chưa cấp mã truy cập nào cho cơ quan.")
        for row in rows:
            state = f"thu hồi {_when(row.revoked_at)}" if row.revoked_at else "đang dùng"
            print(f"{row.id}  {row.agency_code}  {row.label or '—'}  cấp {_when(row.created_at)}  {state}")
        return 0
    if args.revoke is not None:
        with hub.write() as session:
            info = agency.revoke_token(session, args.revoke, utc_now())
        if args.json:
            _dump(_token_json(info))
        else:
            print(f"Đã thu hồi mã truy cập số {info.id} của cơ quan {info.agency_code}.")
        return 0
    with hub.write() as session:
        issued = agency.issue_token(session, args.agency, args.label, utc_now())
    if args.json:
        _dump(
            {
                "id": issued.id,
                "agency": issued.agency_code,
                "agency_name": issued.agency_name,
                "label": issued.label,
                "created_at": iso(issued.created_at),
                "token": issued.token,
            }
        )
        return 0
    print(issued.token)
    named = f"{issued.agency_name} ({issued.agency_code})" if issued.agency_name else issued.agency_code
    print(
        f"Mã truy cập số {issued.id} của cơ quan {named} (chỉ hiện một lần): mở <địa chỉ máy chủ>/co-quan "
        "và nhập mã vào ô “Mã truy cập”. Thu hồi: district-server agency-token --revoke "
        f"{issued.id}.",
        file=sys.stderr,
    )
    return 0


def cmd_paper_downloads(args: argparse.Namespace, open_hub: OpenHub) -> int:
    hub = open_hub(args)
    with hub.read() as session:
        if args.code is not None:
            _dossier_known(session, args.code)
        rows = agency.downloads(session, args.code)
    if args.json:
        _dump(
            [
                {
                    "at": iso(row.at),
                    "dossier": row.dossier_code,
                    "paper": row.paper,
                    "agency": row.agency_code,
                    "token_id": row.token_id,
                    "client": row.client,
                }
                for row in rows
            ]
        )
        return 0
    if not rows:
        print("Chưa có lượt tải giấy tờ nào.")
    for row in rows:
        print(
            f"{_when(row.at)}  {row.agency_code} (mã số {row.token_id})  {row.dossier_code}  "
            f"giấy tờ số {row.paper}  từ {row.client}"
        )
    return 0


def _paper_json(info: Any) -> dict[str, Any]:
    return {
        "paper": info.paper,
        "sha256": info.sha256,
        "bytes": info.bytes,
        "signed_by": info.signed_by,
        "signer_kind": info.signer_kind,
        "received_at": iso(info.received_at),
    }


def _dossier_known(session: Any, code: str) -> None:
    from sqlalchemy import select

    from district_server.models import HubDossier

    if session.scalar(select(HubDossier.id).where(HubDossier.code == code)) is None:
        raise HubError("dossier_unknown", code=code)


def cmd_papers(args: argparse.Namespace, open_hub: OpenHub) -> int:
    from district_server.papers.service import list_papers

    hub = open_hub(args)
    with hub.read() as session:
        _dossier_known(session, args.code)
        rows = list_papers(session, args.code, commune_code=None)
    if args.json:
        _dump([_paper_json(row) for row in rows])
        return 0
    if not rows:
        print(f"Máy chủ chưa có giấy tờ nào của hồ sơ {args.code}.")
        return 0
    print(f"{'Số':>3}  {'SHA-256':<16}  {'Byte':>10}  {'Nhận lúc':<16}  Người ký")
    for row in rows:
        when = _when(row.received_at)
        print(f"{row.paper:>3}  {row.sha256[:16]:<16}  {row.bytes:>10}  {when:<16}  {row.signed_by or '—'}")
    return 0


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` at ``path`` all at once: a temporary file beside it, flushed to disk, then renamed over
    it (a reader never sees half a copy; a failure leaves no partial file)."""
    directory = path.parent if str(path.parent) else Path(".")
    temporary = directory / f".{path.name}.{secrets.token_hex(4)}.part"
    try:
        with open(temporary, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise HubError("paper_output", path=str(path), detail=cliparse.os_reason(exc, "vi")) from None


def cmd_paper_get(args: argparse.Namespace, open_hub: OpenHub) -> int:
    from district_server.papers.service import read_paper

    out: Path = args.out
    if out.is_dir():
        raise HubError("paper_output", path=str(out), detail="đây là một thư mục")
    if not out.parent.is_dir():
        raise HubError("folder_missing", path=str(out))
    hub = open_hub(args)
    with hub.read() as session:
        _dossier_known(session, args.code)
    info, data = read_paper(hub, args.code, args.paper)  # HubError paper_unknown: no such paper
    write_atomically(out, data)
    print(f"Đã ghi giấy tờ số {info.paper} của hồ sơ {args.code} ({info.bytes} byte, sha256 {info.sha256}) vào {out}.")
    return 0


def register(sub: Any, common: argparse.ArgumentParser, open_hub: OpenHub) -> None:
    """Add the commands to ``district-server``'s subparsers (``common`` carries ``--db``)."""

    def add(name: str, handler: Callable[[argparse.Namespace, OpenHub], int], text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = sub.add_parser(name, help=text, description=text, parents=[common])
        p.set_defaults(handler=lambda args: handler(args, open_hub))
        return p

    p = add(
        "agency-token",
        cmd_agency_token,
        "issue an access token of an interlinked agency for the officers' page /co-quan (stored hashed; "
        "it opens only the dossiers transferred to that agency); --revoke ID; --list",
    )
    p.add_argument("agency", nargs="?", metavar="AGENCY", help="the agency code, as in the agencies file (e.g. CA_XA)")
    p.add_argument("--label", default="", metavar="TEXT", help="who the token is for (officer, office)")
    p.add_argument("--revoke", type=int, metavar="ID", help="revoke the token with this id (see --list)")
    p.add_argument("--list", action="store_true", help="list the tokens issued: id, agency, label, revoked")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=JSON_HELP)

    p = add("papers", cmd_papers, "list the papers the hub holds for a dossier (current copies)")
    p.add_argument("code", metavar="CODE", help="dossier code")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=JSON_HELP)

    p = add(
        "paper-downloads",
        cmd_paper_downloads,
        "the audit of the papers downloaded on /co-quan: when, agency, token, dossier, paper, client address",
    )
    p.add_argument("code", nargs="?", metavar="CODE", help="only this dossier's")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=JSON_HELP)

    p = add("paper-get", cmd_paper_get, "write the current copy of a dossier's paper to a file")
    p.add_argument("code", metavar="CODE", help="dossier code")
    p.add_argument("paper", type=int, metavar="N", help="the paper's position in the dossier (1, 2, …)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="where to write the PDF")
