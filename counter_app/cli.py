"""``counter-app``: the scripting CLI over the same services as the desktop app.

A stable contract for administrators, scheduled tasks and tests (like calibre's ``calibredb``).
``--json`` prints exactly one JSON document on stdout. Bad input prints one line naming the problem
on stderr, exits with status 2 and writes nothing. ``search`` exits with status 1 when nothing matches
(as grep does), saying so on stderr (``--json``: ``[]``). Options such as ``--json`` and ``--data-dir``
go before or after the command. With no command, the desktop app opens.
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import json
import logging
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError

from counter_app import __version__, cliparse, messages
from counter_app.domain.applicant import make_applicant
from counter_app.domain.calendar import (
    DEFAULT_CUTOFF,
    OverrideKind,
    office_time,
    parse_date,
    parse_datetime,
    parse_hhmm,
)
from counter_app.domain.errors import DomainError, InvalidInput
from counter_app.domain.handover import Authorisation, parse_papers
from counter_app.domain.postal import Direction
from counter_app.domain.satisfaction import Rating, criterion_label, rating_label
from counter_app.domain.statistics import Bieu06Report, Period
from counter_app.domain.values import Channel, Role
from counter_app.paths import DATA_ENV, data_dir, database_path
from counter_app.services import (
    audit,
    calendar,
    catalogue,
    document_numbers,
    documents,
    dossiers,
    intake,
    lateness,
    lifecycle,
    office,
    people,
    postal,
    satisfaction,
    users,
)
from counter_app.services import history_import as history
from counter_app.services import statistics as stats
from counter_app.services import sync as hub_sync
from counter_app.services.context import SYSTEM, Actor, Context, os_user, utc_now
from counter_app.services.database import open_database
from counter_app.storage.check import full_check, mark_damaged
from counter_app.storage.engine import Database
from counter_app.storage.errors import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseReadOnly,
    DiskFull,
    DiskIoError,
    StorageError,
    storage_error,
)
from counter_app.sync.client import Offline, ServerError

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2
EXIT_OFFLINE = 3  # sync commands: the hub could not be reached (or is not serving); nothing was lost
# The database could not be used, by cause (counter_app.storage.errors); documented in EXIT_CODES_HELP.
EXIT_BUSY, EXIT_DISK_FULL, EXIT_READ_ONLY, EXIT_IO, EXIT_DAMAGED = 4, 5, 6, 7, 8
_STORAGE_EXITS: tuple[tuple[type[StorageError], int], ...] = (
    (DatabaseBusy, EXIT_BUSY),
    (DiskFull, EXIT_DISK_FULL),
    (DatabaseReadOnly, EXIT_READ_ONLY),
    (DiskIoError, EXIT_IO),
    (DatabaseDamaged, EXIT_DAMAGED),
)
EXIT_CODES_HELP = """exit status:
  0  done
  1  failed for another reason (e.g. audit-verify found the trail broken, a sync credential revoked)
  2  bad input or a rule refused the action: nothing was written
  3  sync: the hub could not be reached or is not serving (nothing is lost; it retries)
  4  the database is held by another program (busy or locked): try again
  5  the disk holding the database is full: the operation was not saved
  6  the database file or its folder is read-only
  7  the disk failed to read or write the database (I/O error)
  8  the database file is damaged, empty or not this program's: nothing more is written to it;
     the message names the backup to restore, then run 'counter-app check'"""
EXIT_NO_MATCH = 1  # search found nothing (as grep does); the JSON output is then []
T = TypeVar("T")
USER_ENV = "COUNTER_APP_USER"
log = logging.getLogger("counter_app.cli")


UsageError = cliparse.UsageError
# Every date a command takes lies in this span, the years the working calendar knows (holidays, lunar
# new year): a report for year 1 or 9999 is refused as one line, before it reaches a datetime.
FIRST_DAY, LAST_DAY = date(1990, 1, 1), date(2200, 12, 31)


class _Parser(cliparse.Parser):
    """argparse in the language of messages.py (``COUNTER_APP_LANG``); a mistake is one line, exit 2."""

    translate = staticmethod(messages.message)


# ----------------------------------------------------------------------------- argument types
# Every date and number on the command line is read by one of these (argparse ``type=``), so each is
# range-checked in one place and a bad one is refused before any work, as one line with exit status 2.


def _argument(parse: Callable[[str], T]) -> Callable[[str], T]:
    """An argparse type from a parser that raises DomainError: its message is argparse's error."""

    def convert(text: str) -> T:
        try:
            return parse(text)
        except DomainError as exc:
            raise argparse.ArgumentTypeError(messages.message(exc.code, exc.params)) from None

    return convert


def _in_range(day: date, text: str) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInput("date.range", value=text, low=f"{FIRST_DAY:%d/%m/%Y}", high=f"{LAST_DAY:%d/%m/%Y}")


def _read_day(text: str) -> date:
    day = parse_date(text)
    _in_range(day, text)
    return day


def _read_moment(text: str) -> datetime:
    moment = parse_datetime(text)
    _in_range(moment.date(), text)
    return moment


def _read_period(text: str) -> Period:
    period = Period.parse(text)
    _in_range(period.start, text)
    _in_range(period.end, text)
    return period


def _read_cutoff(text: str) -> time | None:
    return None if text.strip().lower() == "none" else parse_hhmm(text)


def _number(low: int, high: int) -> Callable[[str], int]:
    """A whole number ``low``–``high``."""

    def read(text: str) -> int:
        value = text.strip()
        if not (value.isascii() and value.lstrip("-").isdigit() and len(value) <= 12) or not low <= int(value) <= high:
            raise InvalidInput("number.range", value=text, low=low, high=high)
        return int(value)

    return _argument(read)


def _positions_type(text: str) -> tuple[int, ...]:
    """``N[,N…]``: positions of a procedure's papers, 1–99 each."""
    read = _number(1, 99)
    return tuple(read(part) for part in text.replace(" ", "").split(",") if part)


DAY = _argument(_read_day)
MOMENT = _argument(_read_moment)
PERIOD = _argument(_read_period)
CUTOFF = _argument(_read_cutoff)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return office_time(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(value: Any) -> str:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    elif isinstance(value, list):
        value = [dataclasses.asdict(v) if dataclasses.is_dataclass(v) else v for v in value]  # type: ignore[arg-type]
    return json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)


def _local(moment: datetime | None) -> str:
    return "—" if moment is None else office_time(moment).strftime("%H:%M %d/%m/%Y")


# ----------------------------------------------------------------------------- context


@dataclasses.dataclass
class Session:
    """What a command needs: where the data is, who acts, and output style."""

    args: argparse.Namespace
    directory: Path
    out: Callable[[str], None]

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    def database(self, *, create: bool = False) -> Database:
        return open_database(self.directory, create=create)

    def call(self, work: Callable[[Context], T], *, as_user: bool = True) -> T:
        """Run ``work`` on the opened database, acting as ``--user`` (or read-only, as nobody)."""
        db = self.database()
        try:
            return work(self.context(db) if as_user else Context(db))
        finally:
            db.close()

    def context(self, db: Database) -> Context:
        """A context acting as the ``--user`` account (default: admin)."""
        username = self.args.user
        probe = Context(db, SYSTEM)
        account = users.find_user(probe, username)
        if not account.active:
            raise DomainError("user.inactive", username=account.username)
        return Context(db, Actor(account.id, account.username, "cli", os_user()), utc_now)


# ----------------------------------------------------------------------------- commands


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


def _write_pdf(path: Path, data: bytes) -> None:
    if path.suffix.lower() != ".pdf":
        raise InvalidInput("output.pdf", path=str(path))
    _write_file(path, data)


def _write_file(path: Path, data: bytes) -> None:
    """Write the whole file or nothing: a temporary file renamed into place."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InvalidInput(
            "output.unwritable", path=str(path), reason=cliparse.os_reason(exc, messages.language())
        ) from exc


def _check_out(path: Path) -> None:
    """Refuse an unusable output path before any print is recorded."""
    if path.suffix.lower() != ".pdf":
        raise InvalidInput("output.pdf", path=str(path))
    if not path.parent.is_dir():
        raise InvalidInput("output.no_folder", path=str(path))


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


def _transition(s: Session, make: Callable[[Context], Any]) -> int:
    """Run one lifecycle action and report the dossier's new status."""
    row = s.call(lambda ctx: make(ctx))
    if s.json:
        s.out(to_json({"code": row.code, "status": row.status, "appointment_at": row.appointment_at}))
    else:
        s.out(f"{row.code}: {messages.status_label(row.status)}")
    return EXIT_OK


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
    if s.json:
        s.out(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    for text in _report_text(result):
        s.out(text)
    if a.out is not None:
        s.out(f"Đã ghi {a.out}")
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


def cmd_agencies(s: Session) -> int:
    found = s.call(lambda ctx: catalogue.list_agencies(ctx), as_user=False)
    if s.json:
        s.out(to_json(found))
    else:
        for agency in found:
            s.out(f"{agency.code:12} {agency.name} ({messages.agency_kind_label(agency.kind)})")
    return EXIT_OK


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


def cmd_show(s: Session) -> int:
    detail = s.call(lambda ctx: dossiers.show(ctx, s.args.code), as_user=False)
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
    if s.json:
        s.out(to_json({"path": str(path), "whole": True}))
    else:
        s.out(messages.message("storage.check_ok", {"path": str(path)}))
    return EXIT_OK


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


def cmd_enroll(s: Session) -> int:
    result = s.call(lambda ctx: hub_sync.enroll(ctx, s.args.server, s.args.code))
    if s.json:
        s.out(to_json(result))
    else:
        again = " (ghi danh lại)" if result.re_enrolled else ""
        s.out(f"Đã ghi danh với {result.server_url}: {result.commune_name} ({result.commune_code}){again}")
        s.out(f"Địa chỉ tra cứu trên giấy tiếp nhận: {result.lookup_url_base}")
    return EXIT_OK


def cmd_sync(s: Session) -> int:
    report = s.call(lambda ctx: hub_sync.run_round(ctx))
    if s.json:
        s.out(to_json(report))
    else:
        s.out(
            f"Đã gửi {report.pushed}, đã nhận {report.pulled}, còn chờ {report.waiting}, "
            f"bị giữ lại {report.quarantined}" + ("" if report.online else " — mất kết nối (ngoại tuyến)")
        )
        if report.message:
            s.out(report.message)
    if report.error is None:
        return EXIT_OK
    return EXIT_OFFLINE if not report.online else EXIT_FAILURE


def cmd_sync_status(s: Session) -> int:
    st = s.call(lambda ctx: hub_sync.status(ctx), as_user=False)
    if s.json:
        s.out(to_json(st))
        return EXIT_OK
    if not st.enrolled:
        s.out(f"Chưa ghi danh với máy chủ đồng bộ; {st.waiting} mục chờ gửi")
        return EXIT_OK
    link = "thu hồi" if st.revoked else ("trực tuyến" if st.online else "ngoại tuyến")
    s.out(f"{st.commune} — {st.server} — {link}")
    s.out(f"{st.waiting} mục chờ gửi, {st.quarantined} bị giữ lại; đồng bộ lần cuối {_local(st.last_success_at)}")
    if st.last_error:
        s.out(f"Lỗi: {st.last_error} (thử lại lúc {_local(st.next_attempt_at)})")
    if st.clock_wrong and st.clock_offset_seconds is not None:
        s.out(f"Đồng hồ máy lệch {st.clock_offset_seconds / 60:+.0f} phút so với máy chủ: hãy chỉnh lại giờ")
    return EXIT_OK


def cmd_sync_quarantine(s: Session) -> int:
    found = s.call(lambda ctx: hub_sync.quarantine(ctx), as_user=False)
    if s.json:
        s.out(to_json(found))
        return EXIT_OK
    for q in found:
        s.out(
            f"{q.uid}  {q.dossier_code or q.topic} {messages.event_label(q.kind)} "
            f"({messages.quarantine_label(q.status)}): {q.reason}"
        )
    return EXIT_OK


def cmd_sync_retry(s: Session) -> int:
    count = s.call(lambda ctx: hub_sync.retry_quarantined(ctx, s.args.uid))
    if s.json:
        s.out(to_json({"requeued": count}))
    else:
        s.out(f"Đã đưa {count} mục trở lại hàng chờ gửi")
    return EXIT_OK


def cmd_export_sync(s: Session) -> int:
    if not s.args.file.parent.is_dir():
        raise InvalidInput("output.no_folder", path=str(s.args.file))
    result = s.call(lambda ctx: hub_sync.export_sync(ctx, s.args.file))
    if s.json:
        s.out(to_json({**dataclasses.asdict(result), "path": str(result.path)}))
    else:
        s.out(f"Đã ghi {result.items} mục vào {result.path}: mang tệp lên máy chủ ('district-server import-sync')")
    return EXIT_OK


def cmd_import_sync_answer(s: Session) -> int:
    result = s.call(lambda ctx: hub_sync.import_sync_answer(ctx, s.args.file))
    if s.json:
        s.out(to_json(result))
    else:
        s.out(
            f"Máy chủ đã nhận {result.pushed}, giữ lại {result.quarantined}; đã nhận về {result.pulled} thay đổi; "
            f"còn chờ {result.waiting}"
        )
    return EXIT_OK


# ----------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"data directory (default: ${DATA_ENV} or the platform's user-data dir)",
    )
    common.add_argument(
        "--user",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help=f"account the change is recorded under (default: ${USER_ENV} or 'admin')",
    )
    # Global options are accepted before or after the command (``counter-app --json sync-status`` and
    # ``counter-app sync-status --json``): both levels have them, with SUPPRESS as the default so the
    # command's level never overwrites what was given before the command.
    js = _Parser(add_help=False)
    js.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print one JSON document on stdout")
    rid = _Parser(add_help=False)  # the actions that create or move something
    rid.add_argument(
        "--request-id",
        metavar="ID",
        help="8–64 letters, digits or _.:-; the same ID again does nothing more and prints the first result",
    )

    parser = _Parser(
        prog="counter-app",
        description="Bộ phận Một cửa — counter application. Without a command, opens the desktop app.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common, js],
    )
    parser.add_version(f"counter-app {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, handler: Callable[[Session], int], help_: str, *, once: bool = False) -> _Parser:
        parents = [common, js, rid] if once else [common, js]
        p = sub.add_parser(name, help=help_, description=help_, parents=parents)
        p.set_defaults(handler=handler)
        return p

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

    p = add("letters", cmd_letters, "show or set the letters' number abbreviation and signer (TM./KT./Q.)")
    p.add_argument("--agency", metavar="ABBR", help='agency abbreviation in "Số: 1/TB-ABBR", e.g. TTPVHCC')
    p.add_argument("--capacity", choices=["", "TM", "KT", "Q"], help="signing capacity (empty: the head signs)")
    p.add_argument("--authority", metavar="TEXT", help='what TM./KT. signs for, e.g. "ỦY BAN NHÂN DÂN", "GIÁM ĐỐC"')
    p.add_argument("--title", metavar="TEXT", help='the signer\'s title, e.g. "CHỦ TỊCH", "PHÓ GIÁM ĐỐC"')
    p.add_argument("--name", metavar="NAME", help="the signer's full name")

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

    p = add("register", cmd_register, "the register of dossiers (Sổ theo dõi hồ sơ) for a period, PDF or XLSX")
    p.add_argument("--from", dest="date_from", required=True, type=DAY, metavar="DATE")
    p.add_argument("--to", dest="date_to", required=True, type=DAY, metavar="DATE")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf|FILE.xlsx")

    p = add("report", cmd_report, "Biểu 06 (tình hình, kết quả giải quyết TTHC) for a period; PDF or XLSX with --out")
    p.add_argument("--from", dest="date_from", type=DAY, metavar="DATE", help="first day, YYYY-MM-DD or dd/mm/yyyy")
    p.add_argument("--to", dest="date_to", type=DAY, metavar="DATE", help="last day (included)")
    p.add_argument("--quarter", type=PERIOD, metavar="YYYY-Qn", help="a calendar quarter, e.g. 2026-Q3")
    p.add_argument("--year", type=PERIOD, metavar="YYYY", help="a calendar year (2026) or half (2026-H1)")
    p.add_argument("--out", type=Path, metavar="FILE.pdf|FILE.xlsx", help="also write the official form")

    p = add("import", cmd_import, "import dossiers and their history from a UTF-8 CSV (all rows or none)")
    p.add_argument("file", type=Path, metavar="FILE.csv")

    p = add("routing-slip", cmd_routing_slip, "the routing slip (Phiếu kiểm soát quá trình giải quyết) to PDF")
    p.add_argument("code")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")

    add("agencies", cmd_agencies, "the agencies dossiers can be handed to")

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

    p = add("enroll", cmd_enroll, "enrol this PC at the hub with a one-time code (exit 3: hub unreachable)")
    p.add_argument("--server", required=True, metavar="URL", help="the hub's address, e.g. https://hub.example")
    p.add_argument("--code", required=True, metavar="CODE", help="one-time code issued at the hub")

    add(
        "sync",
        cmd_sync,
        "one sync round: send waiting changes, bring the hub's down. Exit 0: done; 3: the hub could not be "
        "reached or is not serving (nothing is lost, it retries); 1: another failure (e.g. revoked)",
    )
    add("sync-status", cmd_sync_status, "link to the hub: waiting and set-aside items, last sync, errors, clock")
    add("sync-quarantine", cmd_sync_quarantine, "items the hub refused, with its reasons")
    p = add("sync-retry", cmd_sync_retry, "put refused items back in the queue (all, or one by its UID)")
    p.add_argument("uid", nargs="?", metavar="UID")
    p = add("export-sync", cmd_export_sync, "write waiting items to a signed file for the hub (no link)")
    p.add_argument("file", type=Path, metavar="FILE")
    p = add("import-sync-answer", cmd_import_sync_answer, "apply the hub's signed answer file")
    p.add_argument("file", type=Path, metavar="FILE")
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
    if getattr(args, "command", None) is None:
        from counter_app.app import main as gui_main  # only the GUI path imports Qt

        return gui_main(args_list)
    import os

    args.user = getattr(args, "user", None) or os.environ.get(USER_ENV) or "admin"
    directory = data_dir(getattr(args, "data_dir", None))
    session = Session(args, directory, print)
    if args.command == "calendar" and args.action in ("set", "unset") and not args.date:
        return _fail(EXIT_BAD_INPUT, messages.message("calendar.date_required"))
    try:
        return int(args.handler(session))
    except StorageError as exc:
        return _storage_failure(exc)
    except (Offline, ServerError) as exc:
        return _fail(EXIT_OFFLINE, messages.message(exc.code, exc.params))
    except DomainError as exc:
        return _fail(EXIT_BAD_INPUT, messages.message(exc.code, exc.params))
    except (DBAPIError, sqlite3.Error) as exc:
        # Raw SQLite work outside the units of work (the demo generator's bulk writers): the same causes.
        log.debug("database error", exc_info=True)
        path = database_path(directory)
        error = storage_error(exc, path)
        if error is None:
            raise
        if isinstance(error, DatabaseDamaged):
            mark_damaged(path, str(error.params.get("reason", "")))
        return _storage_failure(error)


def _storage_failure(exc: StorageError) -> int:
    """One line and the exit status of the cause (busy 4, disk full 5, read-only 6, I/O 7, damaged 8)."""
    code = next((status for cls, status in _STORAGE_EXITS if isinstance(exc, cls)), EXIT_FAILURE)
    return _fail(code, messages.message(exc.code, exc.params))


if __name__ == "__main__":
    sys.exit(main())
