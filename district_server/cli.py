"""``district-server``: run the district (or province) hub and administer it.

Máy chủ huyện/tỉnh mà các máy tiếp nhận ở xã đồng bộ về. Every command works on the database named by
``--db URL`` (or ``$DISTRICT_SERVER_DB``; default: a SQLite file in the user-data directory). ``--json``
prints one JSON document. Bad input prints one Vietnamese line on stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError

from counter_app import cliparse
from counter_app.domain.lifecycle import EventKind
from counter_app.domain.status_labels import EVENT_LABELS, ROLE_LABELS, STATUS_LABELS, label
from counter_app.domain.values import Role
from counter_app.sync.protocol import ProtocolError, parse_json
from district_server import __version__, paper_cli, relay, service, sneakernet
from district_server.db import DB_ENV, Hub, utc_now
from district_server.errors import HubError, database_error, message
from district_server.wire import shown_time

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2
JSON_HELP = "print one JSON document instead of text"
log = logging.getLogger("district_server.cli")

DESCRIPTION = """\
Máy chủ huyện (district server): the hub that the commune counters sync with.

Typical first steps:
  district-server commune add --code 000.12.34.H26 --name "UBND xã Tân Lập"
  district-server enroll-code --commune 000.12.34.H26      (give the code to the commune's clerk)
  district-server serve --host 0.0.0.0 --port 8080 --public-url https://hub.example.gov.vn

Database: --db URL or $DISTRICT_SERVER_DB, e.g. sqlite:////srv/hub/hub.db or
postgresql+psycopg://hub:password@localhost/hub (default: a SQLite file in the user-data folder).
Papers' signed copies: --papers DIR or s3://bucket/prefix?endpoint=URL, or $DISTRICT_SERVER_PAPERS
(default: papers/ beside the SQLite file, else in the user-data folder).

Exit status: 0 done; 1 another failure; 2 bad input or refused; with the SQLite database:
4 busy (held by another program), 5 disk full, 6 read-only, 7 I/O error, 8 damaged.
"""


UsageError = cliparse.UsageError


def _vietnamese(code: str, params: Mapping[str, Any]) -> str:
    return message(code, dict(params), "vi")


class _Parser(cliparse.Parser):
    """argparse in Vietnamese (the hub's CLI speaks Vietnamese only); a mistake is one line, exit 2."""

    translate = staticmethod(_vietnamese)


def _when(moment: datetime | None) -> str:
    return "—" if moment is None else shown_time(moment).strftime("%H:%M %d/%m/%Y")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _print_json(value: Any) -> None:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    elif isinstance(value, list):
        value = [dataclasses.asdict(v) if dataclasses.is_dataclass(v) else v for v in value]  # type: ignore[arg-type]
    print(json.dumps(value, ensure_ascii=False, indent=2, default=_json_default))


def _read_json_file(path: Path) -> Any:
    try:
        # the wire's bounds (depth, no NaN, the text rule): what is published goes down to every counter
        return parse_json(path.read_bytes(), "file")
    except OSError as exc:
        raise HubError("file_unreadable", path=str(path), detail=cliparse.os_reason(exc, "vi")) from None
    except ProtocolError as exc:
        raise HubError("file_unreadable", path=str(path), detail=str(exc.params.get("reason", exc))) from None


_opened: list[Hub] = []


def _open(args: argparse.Namespace) -> Hub:
    hub = Hub(args.db, papers=args.papers)
    _opened.append(hub)  # closed when the command ends (main)
    return hub


# ------------------------------------------------------------------------------------------ commands


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from district_server.api import create_app

    public = args.public_url or f"http://{args.host}:{args.port}"
    hub = Hub(args.db, public_url=public, papers=args.papers, paper_quota=args.paper_quota)
    _opened.append(hub)
    store = hub.paper_store.describe()  # a malformed --papers is one line and exit 2, before listening
    gateway = _gateway(hub, args.sms_gateway)
    print(f"Máy chủ huyện chạy tại http://{args.host}:{args.port} (địa chỉ công khai {public}); Ctrl+C để dừng.")
    print(f"Lưu bản sao giấy tờ tại: {store}")
    print(f"Gửi tin nhắn qua: {gateway.name}" + (f" ({args.sms_gateway})" if args.sms_gateway else " (ghi vào CSDL)"))
    loop = relay.RelayLoop(hub, gateway, args.relay_interval).start()  # SMS relay every 10 s, beside the API
    try:
        uvicorn.run(create_app(hub), host=args.host, port=args.port, log_level=args.log_level, ws="none")
    finally:
        loop.stop()
    return EXIT_OK


def _gateway(hub: Hub, url: str | None) -> relay.Gateway:
    """``--sms-gateway`` (else $DISTRICT_SERVER_SMS_URL) with $DISTRICT_SERVER_SMS_TOKEN; else recording."""
    import os

    return relay.make_gateway(hub, url or os.environ.get(relay.ENV_URL) or None, os.environ.get(relay.ENV_TOKEN))


def cmd_relay_notices(args: argparse.Namespace) -> int:
    hub = _open(args)
    gateway = _gateway(hub, args.sms_gateway)
    try:
        report = relay.relay_once(hub, gateway)
    finally:
        close = getattr(gateway, "close", None)
        if close is not None:
            close()
    if args.json:
        _print_json(report)
    else:
        print(f"Đã gửi {report.sent}, lỗi {report.failed}, còn chờ {report.waiting} (cổng {gateway.name}).")
    return EXIT_OK


_CHANNELS = {"sms": "tin nhắn", "email": "thư điện tử"}


def cmd_messages(args: argparse.Namespace) -> int:
    hub = _open(args)
    rows = relay.messages(hub, args.commune)
    if args.json:
        print(json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        if row.state == "sent":
            state = f"đã gửi {_when(row.sent_at)} ({row.gateway})"
        else:
            state = f"chờ gửi, lần thử {row.attempts}, lần tới {_when(row.next_attempt_at)}"
            if row.last_error:
                state += f", lỗi: {row.last_error}"
        print(f"{row.dossier_code}  {_CHANNELS.get(row.channel, row.channel)} {row.recipient}  {state}")
    return EXIT_OK


def cmd_commune_add(args: argparse.Namespace) -> int:
    hub = _open(args)
    with hub.write() as session:
        info = service.add_commune(session, args.code, args.name, utc_now())
    if args.json:
        _print_json(info)
    else:
        print(f"Đã thêm xã {info.name} (mã {info.code}).")
    return EXIT_OK


def cmd_commune_list(args: argparse.Namespace) -> int:
    hub = _open(args)
    with hub.read() as session:
        rows = service.list_communes(session)
    if getattr(args, "json", False):
        _print_json(rows)
    else:
        for row in rows:
            print(f"{row.code}  {row.name}  {row.phone or ''}".rstrip())
    return EXIT_OK


def cmd_enroll_code(args: argparse.Namespace) -> int:
    hub = _open(args)
    with hub.write() as session:
        info = service.issue_enroll_code(session, args.commune, utc_now())
    if args.json:
        _print_json(info)
    else:
        print(f"Mã ghi danh cho xã {info.commune}: {info.code}")
        print(f"Dùng một lần, hết hạn lúc {_when(info.expires_at)}.")
    return EXIT_OK


def cmd_devices(args: argparse.Namespace) -> int:
    hub = _open(args)
    with hub.read() as session:
        rows = service.list_devices(session, args.commune)
    if args.json:
        _print_json(rows)
        return EXIT_OK
    if not rows:
        print("Chưa có máy nào ghi danh.")
    for d in rows:
        state = f"thu hồi {_when(d.revoked_at)}" if d.revoked_at else "đang hoạt động"
        offset = "" if d.clock_offset_seconds is None else f", lệch giờ {d.clock_offset_seconds:+.0f} s"
        print(f"{d.id}  xã {d.commune}  quầy {d.workstation}  {state}  lần cuối {_when(d.last_seen_at)}{offset}")
    return EXIT_OK


def cmd_revoke(args: argparse.Namespace) -> int:
    hub = _open(args)
    with hub.write() as session:
        info = service.revoke(session, args.device, utc_now())
    print(f"Đã thu hồi máy {info.id} (xã {info.commune}, quầy {info.workstation}).")
    return EXIT_OK


def cmd_dossiers(args: argparse.Namespace) -> int:
    hub = _open(args)
    with hub.read() as session:
        rows = service.list_dossiers(session, args.commune)
    if args.json:
        _print_json(rows)
        return EXIT_OK
    if not rows:
        print("Máy chủ chưa có hồ sơ nào của xã này.")
    for d in rows:
        status = label(STATUS_LABELS, d.status)
        print(f"{d.code}  {status}  {d.procedure_name}  {d.applicant_name}  nhận {_when(d.received_at)}")
    return EXIT_OK


def cmd_publish_catalogue(args: argparse.Namespace) -> int:
    body = _read_json_file(args.file)
    if args.online_only is not None:  # the online-only marks ride in the catalogue (Directive 24/CT-TTg)
        body = {**body, "online_only": _read_json_file(args.online_only)} if isinstance(body, dict) else body
    agencies = None if args.agencies is None else _read_json_file(args.agencies)
    if agencies is not None:  # both files checked before either is published
        service.check_agency_references(service.validate_catalogue(body), service.validate_agencies(agencies))
    hub = _open(args)
    with hub.write() as session:
        result = service.publish_catalogue(session, body, utc_now())
        extra = None if agencies is None else service.publish_agencies(session, agencies, utc_now())
    print(f"Đã phát hành danh mục thủ tục (phiên bản {result.version}, số thay đổi {result.seq}).")
    if extra is not None:
        print(f"Đã phát hành danh sách cơ quan (phiên bản {extra.version}, số thay đổi {extra.seq}).")
    return EXIT_OK


def cmd_publish_calendar(args: argparse.Namespace) -> int:
    body = _read_json_file(args.file)
    hub = _open(args)
    with hub.write() as session:
        result = service.publish_calendar(session, body, utc_now())
    print(f"Đã phát hành lịch làm việc (phiên bản {result.version}, số thay đổi {result.seq}).")
    return EXIT_OK


def cmd_user_add(args: argparse.Namespace) -> int:
    if not args.password_stdin:
        raise HubError("password_stdin")
    password = sys.stdin.readline().rstrip("\r\n")
    hub = _open(args)
    with hub.write() as session:
        result = service.add_user(session, args.commune, args.username, args.full_name, args.role, password, utc_now())
    verb = "Đã tạo" if result.created else "Đã cập nhật"
    print(
        f"{verb} tài khoản {result.username} ({label(ROLE_LABELS, result.role)}) của xã {result.commune}; "
        "các máy sẽ nhận ở lần đồng bộ tới."
    )
    return EXIT_OK


def cmd_event(args: argparse.Namespace) -> int:
    hub = _open(args)
    with hub.write() as session:
        result = service.record_upstream_event(
            session,
            args.code,
            args.kind,
            utc_now(),
            note=args.note,
            actor=args.actor,
            interlinked=args.interlinked,
            on_request=args.on_request,
        )
    if args.json:
        _print_json(result)
    else:
        kind, status = label(EVENT_LABELS, result.kind), label(STATUS_LABELS, result.status_after)
        print(f"Đã ghi “{kind}” cho hồ sơ {result.code}; trạng thái mới: {status}.")
    return EXIT_OK


def cmd_rotate_epoch(args: argparse.Namespace) -> int:
    hub = _open(args)
    with hub.write() as session:
        old, new = service.rotate_epoch(session)
    print(f"Đã đổi epoch của máy chủ: {old} → {new}. Các máy tiếp nhận sẽ gửi lại toàn bộ ở lần đồng bộ tới.")
    return EXIT_OK


def cmd_import_sync(args: argparse.Namespace) -> int:
    from district_server import sneakernet_papers

    if not args.answer.parent.is_dir():
        raise HubError("folder_missing", path=str(args.answer))
    files = [sneakernet_papers.load(path) for path in args.files]  # bad files refused before the database
    hub = _open(args)
    answer = sneakernet_papers.import_loaded(hub, files, utc_now())
    sneakernet.write_document(args.answer, answer)
    results = answer["results"]
    ok = sum(1 for r in results if r["status"] == "ok")
    papers = ""
    if "papers" in answer:
        papers = (
            f" Giấy tờ: máy chủ đã có {len(answer['papers'])}, đang nhận dở {len(answer['uploads'])}, "
            f"từ chối {len(answer['refused'])}."
        )
    print(
        f"Đã nhận {ok}/{len(results)} mục từ máy {answer['device_id']}; "
        f"tệp trả lời {args.answer} mang {len(answer['changes'])} thay đổi.{papers}"
    )
    return EXIT_OK


# ------------------------------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    # --db and --json are accepted before or after the command: both levels have them, the command's
    # level with SUPPRESS as its default so it never overwrites what was given before the command.
    parser = _Parser(
        prog="district-server", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_version(f"district-server {__version__}")
    parser.add_argument(
        "--db", metavar="URL", default=None, help=f"database URL (default: ${DB_ENV}, else a SQLite file)"
    )
    parser.add_argument("--json", action="store_true", help=JSON_HELP)
    common = _Parser(add_help=False)
    common.add_argument(
        "--db", metavar="URL", default=argparse.SUPPRESS, help=f"database URL (default: ${DB_ENV}, else a SQLite file)"
    )
    paper_cli.add_common(parser, common)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, handler: Callable[[argparse.Namespace], int], text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text, parents=[common])
        p.set_defaults(handler=handler)
        return p

    p = add("serve", cmd_serve, "run the hub: the sync API for counters and the citizen lookup page /ho-so")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every interface)")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="address counters and citizens reach the hub at; receipts' QR codes point to <URL>/ho-so",
    )
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.add_argument(
        "--sms-gateway",
        metavar="URL",
        help=f"HTTP SMS gateway (default: ${relay.ENV_URL}; token from ${relay.ENV_TOKEN}); "
        "without one, messages are recorded in the database",
    )
    p.add_argument("--relay-interval", type=float, default=relay.DEFAULT_INTERVAL, help=argparse.SUPPRESS)
    paper_cli.add_serve_options(p)

    p = add("commune", cmd_commune_list, "add or list communes (each enrolled counter belongs to one)")
    csub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    c = csub.add_parser("add", help="add a commune by its unit code (as in its dossier codes)", parents=[common])
    c.set_defaults(handler=cmd_commune_add)
    c.add_argument("--code", required=True, help="the commune's 13-character unit code, e.g. 000.12.34.H26")
    c.add_argument("--name", required=True, help="e.g. “UBND xã Tân Lập”")
    c.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=JSON_HELP)
    c = csub.add_parser("list", help="list the communes", parents=[common])
    c.set_defaults(handler=cmd_commune_list)
    c.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=JSON_HELP)
    paper_cli.register_commune(csub, common, _open, JSON_HELP)
    paper_cli.register(add, _open, JSON_HELP)

    p = add("enroll-code", cmd_enroll_code, "issue a one-time code (7 days) that enrols one counter PC of a commune")
    p.add_argument("--commune", required=True, metavar="CODE")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=JSON_HELP)

    p = add("devices", cmd_devices, "list enrolled counter PCs: commune, workstation, last contact, clock offset")
    p.add_argument("--commune", metavar="CODE", help="only this commune's devices")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=JSON_HELP)

    p = add("revoke", cmd_revoke, "revoke a counter PC's credential (lost or replaced PC); it can re-enrol")
    p.add_argument("device", metavar="DEVICE", help="the device id shown by `devices`")

    p = add("dossiers", cmd_dossiers, "list the dossiers the hub holds for a commune, with their status")
    p.add_argument("--commune", required=True, metavar="CODE")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=JSON_HELP)

    p = add("publish-catalogue", cmd_publish_catalogue, "send a procedures catalogue to every counter")
    p.add_argument("file", type=Path, help="procedures JSON (same format as resources/catalogue/procedures.json)")
    p.add_argument("--agencies", type=Path, metavar="FILE", help="also send an agencies JSON file")
    p.add_argument(
        "--online-only",
        type=Path,
        metavar="FILE",
        help="attach the online-only services (resources/catalogue/online_only.json, Directive 24/CT-TTg)",
    )

    p = add(
        "publish-calendar",
        cmd_publish_calendar,
        'send the calendar overrides to every counter: {"overrides": [{"day", "kind": holiday|working, "note"}]}',
    )
    p.add_argument("file", type=Path)

    p = add("user", cmd_user_add, "manage the commune accounts that counters receive")
    usub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    u = usub.add_parser("add", help="create or update an account of a commune (sent to its counters)", parents=[common])
    u.set_defaults(handler=cmd_user_add)
    u.add_argument("--commune", required=True, metavar="CODE")
    u.add_argument("--username", required=True)
    u.add_argument("--full-name", required=True)
    u.add_argument("--role", required=True, choices=[r.value for r in Role])
    u.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")

    p = add(
        "event",
        cmd_event,
        "record an event that happened upstream (e.g. result_ready at an interlinked agency); "
        "the commune's counters receive it",
    )
    p.add_argument("code", metavar="CODE", help="dossier code")
    p.add_argument("kind", metavar="KIND", help="event kind: " + ", ".join(k.value for k in EventKind))
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--actor", metavar="NAME", default="hub", help="who did it (hub user or agency name)")
    p.add_argument("--interlinked", action="store_true", help="transferred/supplied to an interlinked agency")
    p.add_argument("--on-request", action="store_true", help="withdrawn on the citizen's written request")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=JSON_HELP)

    p = add(
        "rotate-epoch",
        cmd_rotate_epoch,
        "give the database a new epoch: run it after restoring a backup, so every counter resends what the "
        "hub may have lost",
    )

    p = add(
        "import-sync",
        cmd_import_sync,
        "apply a counter's signed sync file (USB stick) and write the signed answer file to carry back",
    )
    p.add_argument(
        "files",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="the file(s) written by `counter-app export-sync` (FILE, FILE.part2…: any of them, in any order)",
    )
    p.add_argument("--answer", type=Path, required=True, metavar="OUT", help="where to write the answer file")

    p = add("relay-notices", cmd_relay_notices, "send the queued SMS and e-mail notices now (one relay round)")
    p.add_argument("--sms-gateway", metavar="URL", help=f"HTTP SMS gateway (default: ${relay.ENV_URL}, else record)")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=JSON_HELP)

    from district_server import report_cli  # report, report-token

    report_cli.register(add, _open, JSON_HELP)

    p = add("messages", cmd_messages, "list the SMS and e-mail notices: sent, and still queued with their errors")
    p.add_argument("--commune", metavar="CODE", help="only this commune's messages")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=JSON_HELP)
    return parser


def _fail(code: int, text: str) -> int:
    print(text.replace("\n", " "), file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """The entry point: run the command; a reader that stops early (``| head``) ends it quietly."""
    return cliparse.run_guarded(lambda: _main(argv))


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except UsageError as exc:
        return _fail(EXIT_BAD_INPUT, str(exc))
    if getattr(args, "handler", None) is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    if args.db is None:
        import os

        args.db = os.environ.get(DB_ENV) or None
    try:
        return int(args.handler(args))
    except HubError as exc:
        return _fail(EXIT_BAD_INPUT, exc.message("vi"))
    except DBAPIError as exc:
        log.debug("database error", exc_info=True)
        classified = database_error(exc)
        if classified is not None:  # SQLite: busy 4, disk full 5, read-only 6, I/O 7, damaged 8
            return _fail(classified[1], classified[0].message("vi"))
        return _fail(EXIT_FAILURE, f"Không mở được cơ sở dữ liệu của máy chủ ({exc.__class__.__name__}).")
    finally:
        while _opened:
            _opened.pop().close()


if __name__ == "__main__":
    sys.exit(main())
