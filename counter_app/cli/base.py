"""What every command module shares: the session, exit statuses, argument types, JSON and output files."""

from __future__ import annotations

import argparse
import dataclasses
import enum
import json
import logging
import sys
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Protocol, TypeVar

from counter_app import cliparse, messages
from counter_app.domain.calendar import office_time, parse_date, parse_datetime, parse_hhmm
from counter_app.domain.errors import DomainError, InvalidInput
from counter_app.domain.statistics import Period
from counter_app.services import users
from counter_app.services.context import SYSTEM, Actor, Context, os_user, utc_now
from counter_app.services.database import open_database
from counter_app.storage.engine import Database
from counter_app.storage.errors import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseReadOnly,
    DiskFull,
    DiskIoError,
    StorageError,
)

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


class Add(Protocol):
    """``add(name, handler, help)`` in ``parser.build_parser``: one subcommand, its parser returned.

    ``once=True`` gives it ``--request-id`` (the actions that create or move something)."""

    def __call__(self, name: str, handler: Callable[[Session], int], help_: str, *, once: bool = False) -> _Parser: ...


# ----------------------------------------------------------------------------- shared by commands


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


def _transition(s: Session, make: Callable[[Context], Any]) -> int:
    """Run one lifecycle action and report the dossier's new status."""
    row = s.call(lambda ctx: make(ctx))
    if s.json:
        s.out(to_json({"code": row.code, "status": row.status, "appointment_at": row.appointment_at}))
    else:
        s.out(f"{row.code}: {messages.status_label(row.status)}")
    return EXIT_OK


def _fail(code: int, text: str) -> int:
    print(text.replace("\n", " "), file=sys.stderr)
    return code


def _storage_failure(exc: StorageError) -> int:
    """One line and the exit status of the cause (busy 4, disk full 5, read-only 6, I/O 7, damaged 8)."""
    code = next((status for cls, status in _STORAGE_EXITS if isinstance(exc, cls)), EXIT_FAILURE)
    return _fail(code, messages.message(exc.code, exc.params))
