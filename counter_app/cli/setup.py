"""Setting up and looking after the counter: office, catalogue, accounts, calendar, checks, demo data."""

from __future__ import annotations

import dataclasses
import sys
from datetime import time
from pathlib import Path

from counter_app import messages
from counter_app.cli.base import (
    CUTOFF,
    DAY,
    EXIT_FAILURE,
    EXIT_OK,
    FIRST_DAY,
    LAST_DAY,
    MOMENT,
    Add,
    Session,
    _local,
    _number,
    _Parser,
    to_json,
)
from counter_app.cli.papers import check_papers, paper_problem_lines
from counter_app.domain.calendar import DEFAULT_CUTOFF, OverrideKind
from counter_app.domain.errors import DomainError
from counter_app.domain.values import Role
from counter_app.paths import database_path
from counter_app.services import audit, calendar, catalogue, office, users
from counter_app.services.context import Actor, Context, os_user, utc_now
from counter_app.storage.check import full_check


def cmd_init(s: Session) -> int:
    a = s.args
    workstation = a.workstation
    request = office.InitRequest(
        office_code=a.office_code,
        office_name=a.office_name,
        parent_name=a.parent_name,
        workstation=workstation,
        form_set=a.form_set,
        lookup_url_base=a.lookup_url,
        place=a.place,
        phone=a.phone,
        admin_password=_read_password(a.admin_password_stdin),
        admin_full_name=a.admin_name,
        admin_title=a.admin_title,
    )
    # Validate before anything touches the disk, so bad input writes nothing.
    office.validate_request(request)
    db = s.database(create=True)
    try:
        result = office.initialize(Context(db, Actor(None, "admin", "cli", os_user())), request)
    finally:
        db.close()
    if s.json:
        s.out(to_json({**dataclasses.asdict(result), "data_dir": str(s.directory)}))
        return EXIT_OK
    o = result.office
    s.out(f"Đã khởi tạo {o.name} ({o.agency_code}), máy số {o.workstation}, dữ liệu tại {s.directory}")
    s.out(f"Danh mục {result.catalogue.edition}: {result.catalogue.added} thủ tục, {result.catalogue.agencies} cơ quan")
    if result.admin_password:
        s.out(
            f"Tài khoản quản trị: {result.admin_username} / mật khẩu tạm: {result.admin_password} (đổi khi đăng nhập)"
        )
    return EXIT_OK


def _read_password(from_stdin: bool) -> str | None:
    if not from_stdin:
        return None
    line = sys.stdin.readline().rstrip("\r\n")
    return users.validate_password(line)


def cmd_procedures(s: Session) -> int:
    found = s.call(lambda ctx: catalogue.list_procedures(ctx, s.args.search), as_user=False)
    if s.json:
        s.out(
            to_json(
                [
                    {
                        "code": p.code,
                        "name": p.name,
                        "field": p.field,
                        "working_days": p.working_days,
                        "cutoff": p.cutoff,
                        "fee": p.fee,
                        "fee_note": p.fee_note,
                        "version": p.version,
                        "unverified": list(p.unverified),
                        "agency_code": p.agency_code,
                        "level": p.level,
                        "sources": [dataclasses.asdict(x) for x in p.sources],
                        "components": [dataclasses.asdict(c) for c in p.components],
                        "online_only": None if p.online_only is None else dataclasses.asdict(p.online_only),
                    }
                    for p in found
                ]
            )
        )
        return EXIT_OK
    for p in found:
        limit = "trong ngày" if p.working_days == 0 else f"{p.working_days} ngày làm việc"
        flag = " [chưa kiểm chứng]" if p.unverified else ""
        online = p.online_only
        mark = "" if online is None else f" [chỉ nộp trực tuyến từ {online.effective_from:%d/%m/%Y}]"
        s.out(f"{p.code:10} {p.name} — {p.field}, {limit}{flag}{mark}")
    return EXIT_OK


def cmd_due_date(s: Session) -> int:
    a = s.args
    received, days = a.received_at, a.working_days
    cutoff: time | None = a.cutoff
    # With an initialised counter, its own calendar overrides apply; otherwise the national calendar.
    db = s.database() if database_path(s.directory).exists() else None
    try:
        due = calendar.due_at(None if db is None else Context(db), received, days, cutoff)
    finally:
        if db is not None:
            db.close()
    if s.json:
        s.out(to_json({"due_at": due, "received_at": received, "working_days": days}))
    else:
        s.out(f"Hẹn trả: {_local(due)}")
    return EXIT_OK


def cmd_agencies(s: Session) -> int:
    found = s.call(lambda ctx: catalogue.list_agencies(ctx), as_user=False)
    if s.json:
        s.out(to_json(found))
    else:
        for agency in found:
            s.out(f"{agency.code:12} {agency.name} ({messages.agency_kind_label(agency.kind)})")
    return EXIT_OK


def cmd_demo(s: Session) -> int:
    from counter_app.services import demo  # heavy only when used

    count, seed = s.args.dossiers, s.args.seed
    report = s.call(lambda ctx: demo.generate(ctx, count, seed=seed))
    if s.json:
        s.out(to_json(report))
    else:
        s.out(f"Đã tạo {report.dossiers} hồ sơ mẫu ({report.events} sự kiện) trong {report.seconds:.1f} s")
    return EXIT_OK


def cmd_user_add(s: Session) -> int:
    a = s.args
    role = Role(a.role)
    users.validate_username(a.username)
    password = _read_password(a.password_stdin)
    generated = password is None
    db = s.database()
    try:
        info = users.create_user(
            s.context(db), a.username, a.full_name, role, password or users.generate_password(), title=a.title
        )
    finally:
        db.close()
    if s.json:
        s.out(to_json(info))
    else:
        s.out(f"Đã tạo tài khoản {info.username} ({messages.role_label(info.role.value)})")
        if generated:
            s.out("Mật khẩu tạm được tạo; đặt lại bằng 'counter-app user password'")
    return EXIT_OK


def cmd_user_list(s: Session) -> int:
    found = s.call(lambda ctx: users.list_users(ctx), as_user=False)
    if s.json:
        s.out(to_json(found))
    else:
        for u in found:
            role = messages.role_label(u.role.value)
            s.out(f"{u.username:20} {role:16} {u.full_name}{'' if u.active else ' (vô hiệu)'}")
    return EXIT_OK


def cmd_user_password(s: Session) -> int:
    password = _read_password(True)
    assert password is not None
    db = s.database()
    try:
        users.change_password(s.context(db), s.args.username, password)
    finally:
        db.close()
    if s.json:
        s.out(to_json({"username": s.args.username, "changed": True}))
    return EXIT_OK


def cmd_check(s: Session) -> int:
    path = database_path(s.directory)
    if not path.exists():
        raise DomainError("office.not_initialized", data_dir=str(s.directory))
    full_check(path)  # raises DatabaseDamaged (exit 8); removes the damage mark when the file is whole
    problems, swept = check_papers(path)  # the copies' files (issue 13): each row's file whole; strays swept
    if s.json:
        s.out(to_json({"path": str(path), "whole": True, "papers": {"problems": problems, "swept": swept}}))
    else:
        s.out(messages.message("storage.check_ok", {"path": str(path)}))
        for line in paper_problem_lines(problems):
            s.out(line)
    return EXIT_FAILURE if problems else EXIT_OK


def cmd_audit_verify(s: Session) -> int:
    check = s.call(lambda ctx: audit.verify(ctx), as_user=False)
    if s.json:
        s.out(to_json(check))
    elif check.intact:
        s.out(f"Nhật ký nguyên vẹn: {check.entries} mục")
    else:
        s.out(f"Nhật ký bị sửa đổi từ mục #{check.first_broken_id}")
    return EXIT_OK if check.intact else EXIT_FAILURE


_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def cmd_calendar(s: Session) -> int:
    a = s.args
    db = s.database()
    try:
        ctx = s.context(db) if a.action in ("set", "unset") else Context(db)
        if a.action == "set":
            calendar.set_override(ctx, a.date, OverrideKind(a.kind.replace("-", "_")), a.note or "")
        elif a.action == "unset":
            calendar.remove_override(ctx, a.date)
        year = a.year if a.year is not None else (a.date.year if a.date else utc_now().year)
        days = calendar.non_standard_days(calendar.load_calendar(ctx), year)
    finally:
        db.close()
    if s.json:
        s.out(to_json({"year": year, "days": days}))
        return EXIT_OK
    for d in days:
        what = "làm việc" if d.working else "nghỉ"
        extra = f" — {d.holiday}" if d.holiday else ""
        mark = " (điều chỉnh)" if d.override else ""
        s.out(f"{_WEEKDAYS[d.day.weekday()]} {d.day:%d/%m/%Y}: {what}{extra}{mark}")
    return EXIT_OK


def cmd_catalogue_load(s: Session) -> int:
    report = s.call(lambda ctx: catalogue.load(ctx, s.args.file, s.args.agencies))
    if s.json:
        s.out(to_json(report))
    else:
        s.out(
            f"Danh mục {report.edition}: thêm {report.added}, cập nhật {report.updated}, "
            f"giữ nguyên {report.unchanged}, {report.agencies} cơ quan"
        )
    return EXIT_OK


def register(add: Add, common: _Parser, js: _Parser, rid: _Parser) -> None:
    """The setup commands, in the order --help lists them."""
    p = add("init", cmd_init, "create the office profile, the admin account and load the catalogue")
    p.add_argument("--office-code", required=True, help="13-character agency code, e.g. 000.12.34.H26")
    p.add_argument("--office-name", required=True, help='e.g. "UBND xã Tân Lập"')
    p.add_argument("--parent-name", help='governing body for form headers, e.g. "UBND TỈNH PHÚ THỌ"')
    p.add_argument(
        "--workstation", type=_number(1, 9), default=1, help="this PC's number 1–9 (dossier numbers w001–w999)"
    )
    p.add_argument(
        "--form-set",
        choices=office.FORM_SETS,
        default="2025",
        help="printed form set; 2018 is refused (it only reprints dossiers received before 01/07/2025)",
    )
    p.add_argument("--lookup-url", help="base URL of the citizen lookup page (printed in the receipt QR)")
    p.add_argument("--place", help="place name on the forms' date line (default: from the office name)")
    p.add_argument("--phone", help="hotline printed on receipts")
    p.add_argument(
        "--admin-password-stdin",
        action="store_true",
        help="read the admin password from stdin (otherwise a one-time password is printed)",
    )
    p.add_argument("--admin-name", metavar="NAME", help="the administrator's full name, printed where they sign")
    p.add_argument("--admin-title", metavar="TITLE", help="the administrator's title (chức danh)")

    p = add("procedures", cmd_procedures, "list procedures of the catalogue")
    p.add_argument("--search", metavar="TEXT", help='words to find, tones optional ("khai sinh")')

    p = add("due-date", cmd_due_date, "compute a due date (working days, holidays, cut-off)")
    p.add_argument(
        "--received-at", required=True, type=MOMENT, metavar="ISO", help="reception time; no offset = office time"
    )
    p.add_argument(
        "--working-days",
        required=True,
        type=_number(0, 3650),
        metavar="N",
        help="time limit in working days; 0 = same day",
    )
    p.add_argument(
        "--cutoff",
        type=CUTOFF,
        default=DEFAULT_CUTOFF,
        metavar="HH:MM",
        help="same-day cut-off (default 15:00; 'none' for no cut-off)",
    )

    add("agencies", cmd_agencies, "the agencies dossiers can be handed to")

    p = add("demo", cmd_demo, "fill the database with a realistic synthetic commune history")
    p.add_argument("--dossiers", required=True, type=_number(1, 5_000_000), metavar="N")
    p.add_argument("--seed", type=_number(0, 2**31), default=1, metavar="S")

    p = add("user", lambda s: EXIT_OK, "manage clerk accounts")
    user_sub = p.add_subparsers(dest="user_command", metavar="ACTION", required=True, parser_class=_Parser)
    u = user_sub.add_parser("add", help="create an account", parents=[common, js])
    u.set_defaults(handler=cmd_user_add)
    u.add_argument("username")
    u.add_argument("--full-name", metavar="NAME", required=True, help="printed where the clerk signs")
    u.add_argument("--title", metavar="TITLE", help="the clerk's title (chức danh)")
    u.add_argument("--role", choices=[r.value for r in Role], default=Role.CLERK.value)
    u.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    u = user_sub.add_parser("list", help="list accounts", parents=[common, js])
    u.set_defaults(handler=cmd_user_list)
    u = user_sub.add_parser("password", help="set a password read from stdin", parents=[common, js])
    u.set_defaults(handler=cmd_user_password)
    u.add_argument("username")

    add(
        "check",
        cmd_check,
        "check the whole database file (PRAGMA quick_check; seconds on a large file). Exit 0: whole; 8: damaged "
        "(it is marked and nothing writes to it until this check passes, e.g. after restoring a backup)",
    )

    p = add("audit-verify", cmd_audit_verify, "check the audit trail's hash chain (exit 1 if broken)")

    p = add("calendar", cmd_calendar, "show a year's holidays and swapped days; set office overrides")
    p.add_argument("action", nargs="?", choices=["show", "set", "unset"], default="show")
    p.add_argument("--year", type=_number(FIRST_DAY.year, LAST_DAY.year), metavar="YYYY")
    p.add_argument("--date", type=DAY, metavar="DATE", help="YYYY-MM-DD or dd/mm/yyyy (for set/unset)")
    p.add_argument("--kind", choices=["holiday", "working-day"], default="holiday")
    p.add_argument("--note", metavar="TEXT")

    p = add("catalogue-load", cmd_catalogue_load, "load a catalogue edition (new versions of changed procedures)")
    p.add_argument("file", nargs="?", type=Path, help="procedures JSON (default: the bundled catalogue)")
    p.add_argument("--agencies", type=Path, help="agencies JSON (default: the bundled list)")
