"""History import: a commune moving from a paper ledger or another system starts with its dossiers.

``counter-app import FILE.csv`` (and later a GUI dialog over :func:`preview` and :func:`run`). The file
is UTF-8 CSV (a byte-order mark and ``;`` separators, as Excel writes them, are accepted) with a
header naming these columns, in any order:

=============== ========= ==============================================================================
column          required  meaning
=============== ========= ==============================================================================
code            no        dossier code ``AGENCY13-YYMMDD-XXXX`` of this office; allotted when empty
procedure_code  yes       current procedure of the catalogue
applicant_name  yes
id_number       no        12-digit personal ID
phone           no
address         no
channel         no        ``direct`` (default), ``postal`` or ``online``
received_at     yes       when the dossier was accepted
due_at          no        computed from the procedure and the office calendar when empty
resolved_at     no        result ready (``returned_at`` alone implies it)
returned_at     no        result handed to the citizen
status          no        ``received``, ``result_ready``, ``returned``, ``withdrawn`` or ``stopped``;
                          derived from the dates when empty
ended_at        no        when a ``withdrawn`` or ``stopped`` dossier ended (required for those)
note            no        the reason recorded for a withdrawn or stopped dossier
=============== ========= ==============================================================================

Dates: ISO 8601 (``2025-11-18T09:30``, an offset optional) or ``dd/mm/yyyy[ HH:MM]``; without an offset
the office's time. A due date given without a time means the office's return time that day.

Every row is checked (all of a row's problems are reported, with its line number) before anything is
written, and before the write lock is taken (the counters keep working meanwhile; inside the
transaction only the codes in use are looked up again, and the rows re-checked only if the office,
calendar or catalogue changed in between); one bad row and nothing is imported. Then one
transaction writes everything: applicants, dossiers (status, due date, result and end times, register
line, ``late_entry``), their papers as received, the search index, and the history events at their
historical dates — ``received``, then ``result_ready``, ``returned``, ``withdrawn`` (on the citizen's
request) or ``stopped`` — each with its outbox message in the shape of
:func:`counter_app.services.events.append_event` (the first one carrying the dossier's snapshot), so
the hub receives the history and its figures reconcile with the counter's. No SMS or e-mail is
queued for a historical dossier. One audit entry records the import.

Codes: an empty code is allotted in this workstation's block of the reception day (never one that
the file gives to another row); a given code must be this office's, well formed and unused, and a
given code in this workstation's block moves that day's counter past it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from counter_app import messages
from counter_app.domain.applicant import validate_name, validate_phone
from counter_app.domain.calendar import (
    OFFICE_TZ,
    CalendarOverride,
    WorkingCalendar,
    office_time,
    parse_datetime,
    parse_hhmm,
)
from counter_app.domain.cccd import validate_id_number
from counter_app.domain.codes import DossierCode, make_code, parse_dossier_code
from counter_app.domain.digitisation import Paper, to_digitise
from counter_app.domain.errors import DomainError, InvalidInput
from counter_app.domain.lifecycle import EventKind, LifecycleEvent, Status, next_status
from counter_app.domain.signers import IMPORTED_ACTOR
from counter_app.domain.text import LIMITS, clean, clean_optional, fold, forbidden_character
from counter_app.domain.values import Channel
from counter_app.services import audit
from counter_app.services.calendar import working_calendar
from counter_app.services.context import Context
from counter_app.services.errors import Refused
from counter_app.services.events import PROTOCOL_VERSION
from counter_app.services.intake import CLOCK_TOLERANCE, SECRET_ALPHABET, SECRET_LENGTH
from counter_app.services.office import current_office
from counter_app.storage import fts
from counter_app.storage.models import (
    Applicant,
    AuditEntry,
    DailySequence,
    Dossier,
    Procedure,
    RegisterSequence,
)

REQUIRED = ("procedure_code", "applicant_name", "received_at")
COLUMNS = (
    "code",
    "procedure_code",
    "applicant_name",
    "id_number",
    "phone",
    "address",
    "channel",
    "received_at",
    "due_at",
    "resolved_at",
    "returned_at",
    "status",
    "ended_at",
    "note",
)
STATUSES = ("received", "result_ready", "returned", "withdrawn", "stopped")
DEFAULT_REASON = "Nhập từ sổ theo dõi trước đây"  # recorded when a withdrawn/stopped row gives no note
CHUNK = 2_000  # rows per executemany (and per progress report)

Progress = Callable[[int, int], None]


class ImportRejected(DomainError):
    """Some rows are bad: nothing was imported. ``errors`` lists every problem with its line."""

    def __init__(self, errors: tuple[RowError, ...]) -> None:
        super().__init__("import.rejected", count=len({e.line for e in errors}))
        self.errors = errors


@dataclass(frozen=True)
class RowError:
    line: int  # line of the file (the header is line 1)
    code: str  # message code (counter_app.messages)
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        return messages.message(self.code, self.params, lang)


@dataclass(frozen=True)
class ImportPreview:
    """What an import of the file would do (nothing is written)."""

    rows: int  # data rows read
    valid: int  # rows without a problem
    errors: tuple[RowError, ...]
    by_status: dict[str, int]  # valid rows by the status they would get
    codes_given: int
    codes_to_allot: int
    first_received: datetime | None
    last_received: datetime | None

    @property
    def bad_lines(self) -> tuple[int, ...]:
        return tuple(sorted({e.line for e in self.errors}))


@dataclass(frozen=True)
class ImportReport:
    imported: int
    by_status: dict[str, int]
    codes_allotted: int
    events: int
    first_received: datetime | None
    last_received: datetime | None


@dataclass(frozen=True)
class _Procedure:
    """A current procedure as the import needs it, read once (plain values: no ORM access per row)."""

    id: int
    code: str
    version: int
    name: str
    field: str
    working_days: int
    cutoff: str | None
    components: tuple[tuple[int, str, str, int, int], ...]  # position, name, form, count, received (0/1)

    @property
    def cutoff_time(self) -> time | None:
        return None if self.cutoff is None else parse_hhmm(self.cutoff)


@dataclass
class _Row:
    line: int
    code: DossierCode | None
    procedure: _Procedure
    name: str
    id_number: str | None
    phone: str | None
    address: str | None
    channel: Channel
    received_at: datetime
    due_at: datetime
    resolved_at: datetime | None
    returned_at: datetime | None
    ended_at: datetime | None
    status: Status
    note: str | None


# ----------------------------------------------------------------------------- reading


def read_table(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The normalised header and the non-blank data rows with their line numbers."""
    return _parse_table(_read_bytes(path), path)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput("import.file", path=str(path), reason=exc.strerror or str(exc)) from None


def _parse_table(raw: bytes, path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput("import.encoding", path=str(path), position=exc.start) from None
    first = content.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        header = [clean(name).lower() for name in next(reader)]
    except StopIteration:
        raise InvalidInput("import.empty", path=str(path)) from None
    while header and not header[-1]:
        header.pop()  # Excel ends every line with a separator when a cell to the right was ever touched
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise InvalidInput("import.columns_unknown", columns=", ".join(unknown), known=", ".join(COLUMNS))
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise InvalidInput("import.columns_missing", columns=", ".join(missing))
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise InvalidInput("import.columns_repeated", columns=", ".join(repeated))
    rows: list[tuple[int, dict[str, str]]] = []
    line = reader.line_num
    try:
        for values in reader:
            start, line = line + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header) and not any(v.strip() for v in values[len(header) :]):
                values = values[: len(header)]  # the same empty cells to the right
            if len(values) != len(header):
                rows.append((start, {"__width__": str(len(values))}))
                continue
            rows.append((start, dict(zip(header, values, strict=True))))
    except csv.Error as exc:
        raise InvalidInput("import.csv", line=line + 1, reason=str(exc)) from None
    return header, rows


# ----------------------------------------------------------------------------- checking

_DMY_MINUTE = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4}) ([0-9]{2}):([0-9]{2})")


def _same_day_not_before(moment: datetime | None, raw: str, anchor: datetime | None) -> datetime | None:
    """A date without a time (paper ledgers often write only the day of the result) on the same office day
    as an earlier timed step means "that day, after it", not midnight before it."""
    if moment is None or anchor is None or ":" in raw or "T" in raw or moment >= anchor:
        return moment
    return anchor if office_time(moment).date() == office_time(anchor).date() else moment


def _parse_moment(value: str) -> datetime:
    """:func:`parse_datetime`, with the ledger's commonest hand-written form ``dd/mm/yyyy HH:MM`` read
    without strptime (anything else, or an impossible date, goes to :func:`parse_datetime`)."""
    match = _DMY_MINUTE.fullmatch(value)
    if match is not None:
        day, month, year, hour, minute = (int(part) for part in match.groups())
        try:
            return datetime(year, month, day, hour, minute, tzinfo=OFFICE_TZ)
        except ValueError:
            pass
    return parse_datetime(value)


class _RememberingCalendar(WorkingCalendar):
    """The office calendar, each day's answer remembered (due dates step through the same days)."""

    def __init__(self, overrides: Iterable[CalendarOverride], *, return_time: time) -> None:
        super().__init__(overrides, return_time=return_time)
        self._working: dict[date, bool] = {}

    def is_working_day(self, day: date) -> bool:
        found = self._working.get(day)
        if found is None:
            found = self._working[day] = super().is_working_day(day)
        return found


# The text rule of each column (counter_app.domain.text.LIMITS); the other columns are "text".
_COLUMN_FIELDS = {
    "code": "reference",
    "procedure_code": "reference",
    "applicant_name": "name",
    "id_number": "id_number",
    "phone": "phone",
    "address": "address",
    "note": "note",
}


def _text_rules(values: dict[str, str]) -> tuple[dict[str, str], list[tuple[str, dict[str, Any]]]]:
    """The row's cells that break the one text rule (control characters, length) as problems, and the
    row without them (so that nothing after this raises, and a refused cell is not reported twice).
    Cheap for the good rows: one scan of the whole row, and a cell is cleaned only when it is long."""
    suspect = forbidden_character("\n".join(values.values())) is not None
    problems: list[tuple[str, dict[str, Any]]] = []
    kept = values
    for column, value in values.items():
        field = _COLUMN_FIELDS.get(column, "text")
        if not (suspect or len(value) > LIMITS[field]):
            continue
        try:
            clean(value, field)
        except InvalidInput as exc:
            problems.append((exc.code, exc.params))
            if kept is values:
                kept = dict(values)
            del kept[column]
    return kept, problems


def _optional(value: str | None) -> str | None:
    """:func:`clean_optional`, returning at once for the many empty cells."""
    return clean_optional(value) if value else None


class _Checker:
    """Validates rows against the office, the catalogue, the calendar and the stored codes."""

    def __init__(self, session: Session, now: datetime) -> None:
        office = current_office(session)
        self.agency = office.agency_code
        self.workstation = office.workstation
        self.now = now
        stored = working_calendar(session)
        self.calendar: WorkingCalendar = _RememberingCalendar(stored.overrides, return_time=stored.return_time)
        current = session.scalars(
            select(Procedure).where(Procedure.current).options(selectinload(Procedure.components))
        )
        self.procedures = {
            p.code: _Procedure(
                id=p.id,
                code=p.code,
                version=p.version,
                name=p.name,
                field=p.field,
                working_days=p.working_days,
                cutoff=p.cutoff,
                components=tuple((c.position, c.name, c.form, c.count, int(c.required)) for c in p.components),
            )
            for p in current
        }
        # Everything the checks and due dates depend on besides the file: when it is unchanged inside
        # the write transaction, the rows checked before it are still right.
        self.basis = (
            self.agency,
            self.workstation,
            self.calendar.overrides,
            self.calendar.return_time,
            tuple(sorted(self.procedures.items())),
        )
        self.latest = now + CLOCK_TOLERANCE  # later than this is in the future
        self._due: dict[tuple[date, bool, int], datetime] = {}
        self._moments: dict[str, datetime] = {}
        self._cleaned: dict[str, str | None] = {}
        self._cutoffs: dict[str, time] = {}
        self._names: dict[str, str | DomainError] = {}

    def moment(self, value: str, column: str, errors: list[tuple[str, dict[str, Any]]]) -> datetime | None:
        if not value:
            return None
        found = self._moments.get(value)  # each distinct text parsed once
        if found is None:
            text_value = value.strip()
            if not text_value:
                return None
            try:
                found = _parse_moment(text_value)
            except InvalidInput:
                errors.append(("import.date", {"column": column, "value": value}))
                return None
            self._moments[value] = found
        if found > self.latest:
            errors.append(("import.future", {"column": column, "value": value}))
        return found

    def due(self, received_at: datetime, procedure: _Procedure) -> datetime:
        """The due date from the calendar, computed once per reception day and rule (and, for a same-day
        procedure, side of the cut-off)."""
        local = office_time(received_at)
        cutoff = None
        if procedure.cutoff is not None:
            cutoff = self._cutoffs.get(procedure.cutoff)
            if cutoff is None:
                cutoff = self._cutoffs[procedure.cutoff] = parse_hhmm(procedure.cutoff)
        # With N ≥ 1 working days the time of day does not matter (see WorkingCalendar.due_date).
        before = procedure.working_days >= 1 or cutoff is None or local.time().replace(tzinfo=None) < cutoff
        key = (local.date(), before, procedure.working_days)
        found = self._due.get(key)
        if found is None:
            found = self._due[key] = self.calendar.due_at(received_at, procedure.working_days, cutoff)
        return found

    def name(self, value: str) -> str | DomainError:
        """:func:`validate_name` of a cleaned cell, remembered (a ledger repeats its names)."""
        found = self._names.get(value)
        if found is None:
            try:
                found = validate_name(value)
            except DomainError as exc:
                found = exc
            self._names[value] = found
        return found

    def cleaned(self, value: str | None) -> str | None:
        """:func:`clean_optional`, remembered for the cells that repeat (procedure, channel, status)."""
        if not value:
            return None
        found = self._cleaned.get(value, "")
        if found == "":
            found = self._cleaned[value] = clean_optional(value)
        return found

    def row(self, line: int, values: dict[str, str]) -> tuple[_Row | None, list[RowError]]:
        problems: list[tuple[str, dict[str, Any]]] = []
        if "__width__" in values:
            return None, [RowError(line, "import.width", {"found": int(values["__width__"])})]
        values, refused = _text_rules(values)
        problems.extend(refused)
        get = values.get

        def checked(value: str | None, validate: Callable[[str], str | DomainError]) -> str | None:
            if value is None:
                return None
            try:
                result = validate(value)
            except DomainError as exc:
                result = exc
            if isinstance(result, DomainError):
                problems.append((result.code, result.params))
                return None
            return result

        code: DossierCode | None = None
        raw_code = _optional(get("code"))
        if raw_code is not None:
            try:
                code = parse_dossier_code(raw_code)
            except InvalidInput:
                problems.append(("import.code", {"value": raw_code}))
            else:
                if code.agency != self.agency:
                    problems.append(("import.code_agency", {"value": raw_code, "agency": self.agency}))
                    code = None
        procedure_code = self.cleaned(get("procedure_code")) or ""
        procedure = self.procedures.get(procedure_code)
        if procedure is None and "procedure_code" in values:
            problems.append(("procedure.not_found", {"code": procedure_code}))
        raw_name = _optional(get("applicant_name"))
        name = checked(raw_name, self.name)
        if raw_name is None and "applicant_name" in values:
            problems.append(("import.required", {"column": "applicant_name"}))
        id_number = checked(_optional(get("id_number")), validate_id_number)
        phone = checked(_optional(get("phone")), validate_phone)
        address = _optional(get("address"))
        channel = Channel.DIRECT
        channel_text = self.cleaned(get("channel"))
        if channel_text is not None:
            try:
                channel = Channel(channel_text.lower())
            except ValueError:
                problems.append(("import.channel", {"value": get("channel")}))
        raw_received = get("received_at") or ""
        received_at = self.moment(raw_received, "received_at", problems)
        if received_at is None and not raw_received.strip() and "received_at" in values:
            problems.append(("import.required", {"column": "received_at"}))
        raw_due = get("due_at") or ""
        due_at = self.moment(raw_due, "due_at", [])  # a due date may be in the future
        if due_at is None and raw_due.strip():
            problems.append(("import.date", {"column": "due_at", "value": get("due_at")}))
        if due_at is not None and ":" not in raw_due and "T" not in raw_due:
            due_at = datetime.combine(office_time(due_at).date(), self.calendar.return_time, tzinfo=due_at.tzinfo)
        raw_resolved, raw_returned = get("resolved_at") or "", get("returned_at") or ""
        raw_ended = get("ended_at") or ""
        resolved_at = _same_day_not_before(
            self.moment(raw_resolved, "resolved_at", problems), raw_resolved, received_at
        )
        returned_at = _same_day_not_before(
            self.moment(raw_returned, "returned_at", problems), raw_returned, resolved_at or received_at
        )
        ended_at = _same_day_not_before(self.moment(raw_ended, "ended_at", problems), raw_ended, received_at)
        note = _optional(get("note"))
        if returned_at is not None and resolved_at is None:
            resolved_at = returned_at  # the result was ready at the latest when it was handed over
        status_text = (self.cleaned(get("status")) or "").lower()
        status = self._status(status_text, resolved_at, returned_at, ended_at, problems)
        if received_at is not None:
            for column, moment in (("resolved_at", resolved_at), ("returned_at", returned_at), ("ended_at", ended_at)):
                if moment is not None and moment < received_at:
                    problems.append(("import.before_received", {"column": column}))
            if due_at is not None and office_time(due_at).date() < office_time(received_at).date():
                problems.append(("import.before_received", {"column": "due_at"}))
        if resolved_at is not None and returned_at is not None and returned_at < resolved_at:
            problems.append(("import.returned_before_result", {}))
        if problems or procedure is None or name is None or received_at is None or status is None:
            return None, [RowError(line, code_, params) for code_, params in problems]
        return (
            _Row(
                line=line,
                code=code,
                procedure=procedure,
                name=name,
                id_number=id_number,
                phone=phone,
                address=address,
                channel=channel,
                received_at=received_at,
                due_at=due_at if due_at is not None else self.due(received_at, procedure),
                resolved_at=resolved_at,
                returned_at=returned_at,
                ended_at=ended_at,
                status=status,
                note=note,
            ),
            [],
        )

    @staticmethod
    def _status(
        given: str,
        resolved_at: datetime | None,
        returned_at: datetime | None,
        ended_at: datetime | None,
        problems: list[tuple[str, dict[str, Any]]],
    ) -> Status | None:
        if given and given not in STATUSES:
            problems.append(("import.status", {"value": given, "allowed": ", ".join(STATUSES)}))
            return None
        if not given:
            if ended_at is not None:
                problems.append(("import.status_needed", {}))
                return None
            given = "returned" if returned_at is not None else "result_ready" if resolved_at is not None else "received"
        status = Status(given)
        ends = status in (Status.WITHDRAWN, Status.STOPPED)
        consistent = {
            Status.RECEIVED: resolved_at is None and returned_at is None and ended_at is None,
            Status.RESULT_READY: resolved_at is not None and returned_at is None and ended_at is None,
            Status.RETURNED: returned_at is not None and ended_at is None,
            Status.WITHDRAWN: ended_at is not None and resolved_at is None,
            Status.STOPPED: ended_at is not None and resolved_at is None,
        }[status]
        if not consistent:
            problems.append(("import.status_dates", {"status": given, "needs": _needs(status)}))
            return None
        assert ends or ended_at is None
        return status


def _needs(status: Status) -> str:
    return {
        Status.RECEIVED: "no resolved_at, returned_at or ended_at",
        Status.RESULT_READY: "resolved_at, no returned_at or ended_at",
        Status.RETURNED: "returned_at, no ended_at",
        Status.WITHDRAWN: "ended_at, no resolved_at or returned_at",
        Status.STOPPED: "ended_at, no resolved_at or returned_at",
    }[status]


def _check_rows(
    checker: _Checker, table: list[tuple[int, dict[str, str]]]
) -> tuple[list[_Row], list[RowError], dict[str, int]]:
    """Every row checked on its own and against the others (no repeated code): the valid rows, the
    problems, and the given codes with their lines (to look up in the database)."""
    rows: list[_Row] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for line, values in table:
        row, problems = checker.row(line, values)
        errors += problems
        if row is not None and row.code is not None:
            key = str(row.code)
            if key in seen:
                errors.append(RowError(line, "import.code_repeated", {"value": key, "first": seen[key]}))
                row = None
            else:
                seen[key] = line
        if row is not None:
            rows.append(row)
    return rows, errors, seen


def _codes_in_use(session: Session, given: dict[str, int]) -> list[RowError]:
    """A problem for each given code that a stored dossier already has."""
    errors: list[RowError] = []
    codes = list(given)
    for start in range(0, len(codes), 500):
        found = session.scalars(select(Dossier.code).where(Dossier.code.in_(codes[start : start + 500])))
        errors += [RowError(given[existing], "import.code_exists", {"value": existing}) for existing in found]
    return errors


def _valid(rows: list[_Row], errors: list[RowError]) -> tuple[list[_Row], list[RowError]]:
    errors.sort(key=lambda e: e.line)
    bad = {e.line for e in errors}
    return [r for r in rows if r.line not in bad], errors


def _refuse_reimport(session: Session, digest: str) -> None:
    """The same bytes imported twice would make every row's dossier twice (rows without a code get a
    new one each time): the audit trail knows the digest of every file imported."""
    at = session.scalar(
        select(AuditEntry.at)
        .where(AuditEntry.action == "dossier.import", func.json_extract(AuditEntry.details, "$.sha256") == digest)
        .limit(1)
    )
    if at is not None:
        raise Refused("import.already_imported", at=f"{office_time(at):%H:%M %d/%m/%Y}")


def preview(ctx: Context, path: Path) -> ImportPreview:
    """Read and check ``path`` without writing anything."""
    raw = _read_bytes(path)
    _header, table = _parse_table(raw, path)
    with ctx.db.read() as session:
        _refuse_reimport(session, hashlib.sha256(raw).hexdigest())
        rows, errors, given = _check_rows(_Checker(session, ctx.now()), table)
        rows, errors = _valid(rows, errors + _codes_in_use(session, given))
    received = [r.received_at for r in rows]
    return ImportPreview(
        rows=len(table),
        valid=len(rows),
        errors=tuple(errors),
        by_status=dict(Counter(r.status.value for r in rows)),
        codes_given=sum(1 for r in rows if r.code is not None),
        codes_to_allot=sum(1 for r in rows if r.code is None),
        first_received=min(received, default=None),
        last_received=max(received, default=None),
    )


# ----------------------------------------------------------------------------- writing

# Columns of the rows written straight through the driver, values in the stored form: aware
# datetimes as naive UTC text (UtcDateTime on SQLite), JSON as text, booleans as integers. The ORM's
# bulk path splits a batch by which columns are None, and even Core's per-value type processing cost
# more than the rest of the import together.
_APPLICANT = ("id", "full_name", "id_number", "phone", "address")
_DOSSIER = (
    "id",
    "uid",
    "code",
    "procedure_id",
    "applicant_id",
    "channel",
    "return_by_post",
    "postal_address",
    "received_at",
    "due_at",
    "appointment_at",
    "resolved_at",
    "finished_at",
    "status",
    "lookup_secret",
    "workstation",
    "late_entry",
    "reschedule_count",
    "register_book",
    "register_number",
    "created_by",
    "updated_at",
)
_PAPER = ("dossier_id", "position", "name", "form", "count", "received")
_EVENT = ("uid", "dossier_id", "seq", "kind", "status_after", "at", "recorded_at", "actor_id", "actor_name", "payload")
_OUTBOX = ("uid", "topic", "payload", "created_at", "state", "attempts")


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


_SQL = {
    "applicant": _insert_sql("applicant", _APPLICANT),
    "dossier": _insert_sql("dossier", _DOSSIER),
    "dossier_component": _insert_sql("dossier_component", _PAPER),
    "dossier_event": _insert_sql("dossier_event", _EVENT),
    "outbox": _insert_sql("outbox", _OUTBOX),
    fts.FTS_TABLE: _insert_sql(fts.FTS_TABLE, ("rowid", "body")),
}
IMPORT_CACHE_KIB = 64 * 1024  # page cache of the import's connection while it writes (SQLite's default: 2 MiB)

# The payloads of the history events (as the services write them), JSON-encoded once.
_RECEIVED_PAYLOAD = json.dumps({"late_entry": True, "imported": True})
_RESULT_PAYLOAD = json.dumps({"outcome": "granted", "note": None, "imported": True})


def _history(status: Status, resolved: bool, returned: bool, ended: bool) -> tuple[tuple[EventKind, Status], ...]:
    """The events of an imported dossier, oldest first, with the status after each: every step is
    checked by the state machine (once per shape of history, not per row)."""
    steps = [LifecycleEvent(EventKind.RECEIVED)]
    if resolved:
        steps.append(LifecycleEvent(EventKind.RESULT_READY))
    if status is Status.RETURNED and returned:
        steps.append(LifecycleEvent(EventKind.RETURNED))
    if ended:
        steps.append(LifecycleEvent(EventKind.WITHDRAWN, on_request=True) if status is Status.WITHDRAWN else
                     LifecycleEvent(EventKind.STOPPED))  # fmt: skip
    out: list[tuple[EventKind, Status]] = []
    current: Status | None = None
    for step in steps:
        current = next_status(current, step)
        out.append((step.kind, current))
    assert current is status, f"the history of a {status.value} dossier leads to {current}"
    return tuple(out)


class _Random:
    """UUID4s and lookup secrets for a batch, from one read of the OS's random source each (the same
    source as :mod:`uuid` and :mod:`secrets`, 122 random bits a UUID, unbiased secret letters)."""

    _HEX_VARIANT: ClassVar[dict[str, str]] = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}
    _SECRET_TABLE = bytes(ord(SECRET_ALPHABET[b % len(SECRET_ALPHABET)]) for b in range(256))
    _UNBIASED = 256 % len(SECRET_ALPHABET) == 0

    @classmethod
    def uuids(cls, count: int) -> Iterator[str]:
        hexed = os.urandom(16 * count).hex()
        variant = cls._HEX_VARIANT
        for i in range(0, 32 * count, 32):
            h = hexed[i : i + 32]
            yield f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant[h[16]]}{h[17:20]}-{h[20:]}"

    @classmethod
    def secrets(cls, count: int) -> Iterator[str]:
        if not cls._UNBIASED:
            for _ in range(count):
                yield "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))
            return
        letters = os.urandom(SECRET_LENGTH * count).translate(cls._SECRET_TABLE).decode("ascii")
        for i in range(0, SECRET_LENGTH * count, SECRET_LENGTH):
            yield letters[i : i + SECRET_LENGTH]


def _search_body(folded_name: str, code: str, id_number: str | None, phone: str | None) -> str:
    """:func:`fts.document` with the name folded beforehand (names repeat); the rest is ASCII as checked,
    where folding is lower case and single spaces."""
    rest = " ".join(p for p in (code, id_number or "", _digits(phone or "")) if p)
    rest = _SPACES.sub(" ", rest.lower()).strip() if rest.isascii() else fold(rest)
    return f"{folded_name} {rest}" if folded_name and rest else folded_name or rest


_SPACES = re.compile(r"\s+")


def _digits(value: str) -> str:
    plus = "+" if value.strip().startswith("+") else ""
    return plus + "".join(ch for ch in value if ch.isdigit()) if value else ""


class _Writer:
    """Builds the stored rows of one chunk of dossiers as tuples, with the per-value work (timestamps,
    JSON of names and procedures, search text) done once per distinct value."""

    def __init__(self, ctx: Context, now: datetime, workstation: int) -> None:
        self.workstation = workstation
        # History from the old register is nobody's act at this counter: every imported event and
        # dossier is attributed to "nhập từ sổ cũ", not to the clerk who runs the import (that clerk
        # is in the import's own audit entry).
        self.user_id: int | None = None
        self.username = IMPORTED_ACTOR
        self.actor_json = json.dumps(IMPORTED_ACTOR)
        self.now_stored, self.recorded = self.stamp(now)
        self._stamps: dict[datetime, tuple[str, str]] = {}
        self._names: dict[str, tuple[str, str]] = {}
        self._procedures: dict[int, str] = {}
        self._histories: dict[tuple[Status, bool, bool, bool], tuple[tuple[str, str, str, str], ...]] = {}
        self._received: dict[tuple[int, str], str] = {}

    def received_payload(self, procedure: _Procedure, channel: str) -> str:
        """The first event's payload: imported, and how many papers had to be digitised (none copied)."""
        found = self._received.get((procedure.id, channel))
        if found is None:
            checklist = [
                Paper(position, name, bool(received)) for position, name, _, _, received in procedure.components
            ]
            count = len(to_digitise(checklist, channel))
            detail = {"papers_to_digitise": count, "digitised_complete": count == 0}
            found = self._received[(procedure.id, channel)] = json.dumps({**json.loads(_RECEIVED_PAYLOAD), **detail})
        return found

    @staticmethod
    def stamp(moment: datetime) -> tuple[str, str]:
        utc = moment.astimezone(UTC)
        naive = utc.replace(tzinfo=None)
        stored = naive.isoformat(" ", "microseconds") if utc.year >= 1000 else f"{naive:%Y-%m-%d %H:%M:%S.%f}"
        return stored, utc.isoformat()

    def stamped(self, moment: datetime) -> tuple[str, str]:
        """(stored column text, ISO UTC of the wire) of a moment."""
        found = self._stamps.get(moment)
        if found is None:
            found = self._stamps[moment] = self.stamp(moment)
        return found

    def person(self, name: str) -> tuple[str, str]:
        """(JSON, folded search text) of a name."""
        found = self._names.get(name)
        if found is None:
            found = self._names[name] = (json.dumps(name), fold(name))
        return found

    def procedure(self, procedure: _Procedure) -> str:
        """The procedure's members of the snapshot in the first message, as JSON text."""
        found = self._procedures.get(procedure.id)
        if found is None:
            snapshot = {
                "procedure_code": procedure.code,
                "procedure_version": procedure.version,
                "procedure_name": procedure.name,
                "field": procedure.field,
            }
            found = self._procedures[procedure.id] = json.dumps(snapshot)[1:-1]
        return found

    def history(self, row: _Row) -> tuple[tuple[str, str, str, str], ...]:
        """(kind, status after, JSON of both) of each event of the row's history."""
        key = (row.status, row.resolved_at is not None, row.returned_at is not None, row.ended_at is not None)
        found = self._histories.get(key)
        if found is None:
            found = self._histories[key] = tuple(
                (kind.value, status.value, json.dumps(kind.value), json.dumps(status.value))
                for kind, status in _history(*key)
            )
        return found

    def chunk(
        self,
        rows: list[_Row],
        first_dossier: int,
        first_applicant: int,
        codes: dict[int, str],
        books: dict[int, tuple[str, int]],
    ) -> dict[str, list[tuple[Any, ...]]]:
        """The rows to insert, by table, for dossiers numbered from ``first_dossier``."""
        out: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _SQL}
        applicants, dossiers, papers = out["applicant"], out["dossier"], out["dossier_component"]
        events, outbox, search = out["dossier_event"], out["outbox"], out[fts.FTS_TABLE]
        histories = [self.history(row) for row in rows]
        uids = _Random.uuids(len(rows) + sum(len(h) for h in histories))
        lookup = _Random.secrets(len(rows))
        now, recorded, actor = self.now_stored, self.recorded, self.actor_json
        head = f'{{"v": {json.dumps(PROTOCOL_VERSION)}, "event_uid": "'
        for offset, (row, history) in enumerate(zip(rows, histories, strict=True)):
            did, aid = first_dossier + offset, first_applicant + offset
            code = codes[row.line]
            code_json = json.dumps(code)
            book, number = books[row.line]
            procedure = row.procedure
            name_json, folded = self.person(row.name)
            uid, secret = next(uids), next(lookup)
            received, received_iso = self.stamped(row.received_at)
            due, due_iso = self.stamped(row.due_at)
            resolved = None if row.resolved_at is None else self.stamped(row.resolved_at)[0]
            finished_at = row.returned_at if row.status is Status.RETURNED else row.ended_at
            finished = None if finished_at is None else self.stamped(finished_at)[0]
            applicants.append((aid, row.name, row.id_number, row.phone, row.address))
            channel = row.channel.value
            dossiers.append(
                (did, uid, code, procedure.id, aid, channel, 0, None, received, due, due, resolved, finished,
                 row.status.value, secret, self.workstation, 1, 0, book, number, self.user_id, now)
            )  # fmt: skip
            papers += [(did, *component) for component in procedure.components]
            search.append((did, _search_body(folded, code, row.id_number, row.phone)))
            snapshot = (
                f'{{"code": {code_json}, {self.procedure(procedure)}, "channel": {json.dumps(channel)}, '
                f'"return_by_post": false, "received_at": "{received_iso}", "due_at": "{due_iso}", '
                f'"lookup_secret": "{secret}", "applicant": {{"full_name": {name_json}, '
                f'"id_number": {json.dumps(row.id_number)}, "phone": {json.dumps(row.phone)}}}}}'
            )
            for seq, (kind, status, kind_json, status_json) in enumerate(history, start=1):
                at: datetime | None
                if kind == EventKind.RECEIVED.value:
                    at, payload = row.received_at, self.received_payload(procedure, channel)
                elif kind == EventKind.RESULT_READY.value:
                    at, payload = row.resolved_at, _RESULT_PAYLOAD
                elif kind == EventKind.RETURNED.value:
                    at = row.returned_at
                    payload = (
                        f'{{"receiver_name": {name_json}, "receiver_id": null, "papers": [], "at_counter": true, '
                        '"imported": true}'
                    )
                elif kind == EventKind.WITHDRAWN.value:
                    at = row.ended_at
                    reason = row.note or DEFAULT_REASON
                    payload = json.dumps({"reason": reason, "on_request": True, "request_ref": None, "imported": True})
                else:
                    at, payload = row.ended_at, json.dumps({"reason": row.note or DEFAULT_REASON, "imported": True})
                assert at is not None
                at_stored, at_iso = self.stamped(at)
                event_uid = next(uids)
                events.append((event_uid, did, seq, kind, status, at_stored, now, self.user_id, self.username, payload))
                message = (
                    f'{head}{event_uid}", "dossier_uid": "{uid}", "dossier_code": {code_json}, "seq": {seq}, '
                    f'"kind": {kind_json}, "status_after": {status_json}, "at": "{at_iso}", '
                    f'"recorded_at": "{recorded}", "actor": {actor}, "payload": {payload}'
                )
                message += f', "dossier": {snapshot}}}' if seq == 1 else "}"
                outbox.append((event_uid, "dossier.event", message, now, "pending", 0))
        return out


def run(ctx: Context, path: Path, progress: Progress | None = None) -> ImportReport:
    """Import ``path`` in one transaction; raises :class:`ImportRejected` (nothing written) when a row is bad.

    ``progress(done, total)`` is called as rows are written (from the calling thread).
    """
    now = ctx.now()
    report = progress or (lambda _done, _total: None)
    raw = _read_bytes(path)  # read once: the rows imported are the bytes the audit entry's digest covers
    digest = hashlib.sha256(raw).hexdigest()
    _header, table = _parse_table(raw, path)
    # The rows are checked before the write lock is taken (counters keep working meanwhile); inside the
    # transaction only what the database may have changed since is checked again: the codes in use,
    # and the whole file only if the office, calendar or catalogue changed in between.
    with ctx.db.read() as session:
        checker = _Checker(session, now)
        rows, errors, given = _check_rows(checker, table)
        if errors:
            raise ImportRejected(tuple(_valid(rows, errors + _codes_in_use(session, given))[1]))
    with ctx.db.write() as session:
        _refuse_reimport(session, digest)  # checked again under the write lock: two imports at once
        current = _Checker(session, now)
        if current.basis != checker.basis:
            checker = current
            rows, errors, given = _check_rows(checker, table)
        rows, errors = _valid(rows, errors + _codes_in_use(session, given))
        if errors:
            raise ImportRejected(tuple(errors))
        connection = session.connection()
        cache_size = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
        # A larger page cache for this connection while the import writes (the indexes of a few hundred
        # thousand rows otherwise spill to the WAL mid-transaction); durability settings are untouched.
        connection.exec_driver_sql(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
        try:
            total = len(rows)
            report(0, total)
            rows.sort(key=lambda r: (r.received_at, r.line))
            workstation = checker.workstation
            allotted = _allot_codes(session, rows, checker.agency, workstation)
            books = _register_lines(session, rows, workstation)
            dossier_id = (session.scalar(select(func.max(Dossier.id))) or 0) + 1
            applicant_id = (session.scalar(select(func.max(Applicant.id))) or 0) + 1
            writer = _Writer(ctx, now, workstation)
            events_written = 0
            for start in range(0, total, CHUNK):
                chunk = writer.chunk(
                    rows[start : start + CHUNK], dossier_id + start, applicant_id + start, allotted, books
                )
                for target, values in chunk.items():  # parents first: the dict keeps _SQL's order
                    if values:
                        connection.exec_driver_sql(_SQL[target], values)
                events_written += len(chunk["dossier_event"])
                report(min(total, start + CHUNK), total)
        finally:
            connection.exec_driver_sql(f"PRAGMA cache_size = {cache_size}")
        by_status = dict(Counter(r.status.value for r in rows))
        audit.record(
            session,
            ctx.actor,
            now,
            "dossier.import",
            entity="import",
            entity_id=path.name,
            details={"rows": total, "by_status": by_status, "sha256": digest, "events": events_written},
        )
        received = [r.received_at for r in rows]
        return ImportReport(
            imported=total,
            by_status=by_status,
            codes_allotted=sum(1 for r in rows if r.code is None),
            events=events_written,
            first_received=min(received, default=None),
            last_received=max(received, default=None),
        )


def _allot_codes(session: Session, rows: Iterable[_Row], agency: str, workstation: int) -> dict[int, str]:
    """Line → code: given codes kept, the others allotted in this workstation's block of their day."""
    rows = list(rows)
    last: dict[date, int] = dict(
        session.execute(
            select(DailySequence.day, DailySequence.last).where(DailySequence.workstation == workstation)
        ).all()
    )
    stored = dict(last)
    taken = {str(r.code) for r in rows if r.code is not None}
    for row in rows:  # a given code of this workstation's block moves its day's counter past it
        if row.code is not None and row.code.workstation == workstation:
            last[row.code.day] = max(last.get(row.code.day, 0), row.code.sequence)
    result: dict[int, str] = {}
    for row in rows:
        if row.code is not None:
            result[row.line] = str(row.code)
            continue
        day = office_time(row.received_at).date()
        while True:
            try:
                code = make_code(agency, day, workstation, last.get(day))
            except InvalidInput as exc:
                raise ImportRejected((RowError(row.line, exc.code, exc.params),)) from None
            last[day] = code.sequence
            if str(code) not in taken:
                break
        result[row.line] = str(code)
    for day, value in last.items():
        if day not in stored:
            session.add(DailySequence(day=day, workstation=workstation, last=value))
        elif value != stored[day]:
            entry = session.get(DailySequence, (day, workstation))
            assert entry is not None
            entry.last = value
    return result


def _register_lines(session: Session, rows: Iterable[_Row], workstation: int) -> dict[int, tuple[str, int]]:
    """Line → (register book, number): the book of the reception year, numbered in order of reception."""
    numbers: dict[str, int] = {}
    result: dict[int, tuple[str, int]] = {}
    for row in rows:
        book = f"{office_time(row.received_at).year}-{workstation}"
        if book not in numbers:
            entry = session.get(RegisterSequence, book)
            numbers[book] = 0 if entry is None else entry.last
        numbers[book] += 1
        result[row.line] = (book, numbers[book])
    for book, value in numbers.items():
        entry = session.get(RegisterSequence, book)
        if entry is None:
            session.add(RegisterSequence(book=book, last=value))
        else:
            entry.last = value
    return result
