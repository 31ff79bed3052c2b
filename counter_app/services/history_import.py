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
written; one bad row and nothing is imported. Then one transaction writes everything: applicants,
dossiers (status, due date, result and end times, register line, ``late_entry``), their papers as
received, the search index, and the history events at their historical dates — ``received``, then
``result_ready``, ``returned``, ``withdrawn`` (on the citizen's request) or ``stopped`` — each with its
outbox message in the shape of :func:`counter_app.services.events.append_event` (the first one
carrying the dossier's snapshot), so the hub receives the history and its figures reconcile with the
counter's. No SMS or e-mail is queued for a historical dossier. One audit entry records the import.

Codes: an empty code is allotted in this workstation's block of the reception day (never one that
the file gives to another row); a given code must be this office's, well formed and unused, and a
given code in this workstation's block moves that day's counter past it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import secrets
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from counter_app import messages
from counter_app.domain.applicant import validate_name, validate_phone
from counter_app.domain.calendar import WorkingCalendar, office_time, parse_datetime, parse_hhmm
from counter_app.domain.cccd import validate_id_number
from counter_app.domain.codes import DossierCode, make_code, parse_dossier_code
from counter_app.domain.errors import DomainError, InvalidInput
from counter_app.domain.lifecycle import EventKind, LifecycleEvent, Status, next_status
from counter_app.domain.text import clean, clean_optional
from counter_app.domain.values import Channel
from counter_app.services import audit
from counter_app.services.calendar import working_calendar
from counter_app.services.context import Context
from counter_app.services.events import PROTOCOL_VERSION
from counter_app.services.intake import CLOCK_TOLERANCE, SECRET_ALPHABET, SECRET_LENGTH
from counter_app.services.office import current_office
from counter_app.storage import fts
from counter_app.storage.base import Base
from counter_app.storage.models import (
    Applicant,
    DailySequence,
    Dossier,
    DossierComponent,
    DossierEvent,
    OutboxEntry,
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


@dataclass
class _Row:
    line: int
    code: DossierCode | None
    procedure: Procedure
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
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput("import.file", path=str(path), reason=exc.strerror or str(exc)) from None
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
            if len(values) != len(header):
                rows.append((start, {"__width__": str(len(values))}))
                continue
            rows.append((start, dict(zip(header, values, strict=True))))
    except csv.Error as exc:
        raise InvalidInput("import.csv", line=line + 1, reason=str(exc)) from None
    return header, rows


# ----------------------------------------------------------------------------- checking


class _Checker:
    """Validates rows against the office, the catalogue, the calendar and the stored codes."""

    def __init__(self, session: Session, now: datetime) -> None:
        office = current_office(session)
        self.agency = office.agency_code
        self.workstation = office.workstation
        self.now = now
        self.calendar: WorkingCalendar = working_calendar(session)
        self.procedures = {p.code: p for p in session.scalars(select(Procedure).where(Procedure.current))}
        self._due: dict[tuple[date, bool, int, str | None], datetime] = {}
        self._moments: dict[str, datetime] = {}

    def moment(self, value: str, column: str, errors: list[tuple[str, dict[str, Any]]]) -> datetime | None:
        text_value = value.strip()
        if not text_value:
            return None
        found = self._moments.get(text_value)
        if found is None:
            try:
                found = parse_datetime(text_value)
            except InvalidInput:
                errors.append(("import.date", {"column": column, "value": value}))
                return None
            self._moments[text_value] = found
        if found > self.now + CLOCK_TOLERANCE:
            errors.append(("import.future", {"column": column, "value": value}))
        return found

    def due(self, received_at: datetime, procedure: Procedure) -> datetime:
        local = office_time(received_at)
        cutoff = None if procedure.cutoff is None else parse_hhmm(procedure.cutoff)
        before = cutoff is None or local.time().replace(tzinfo=None) < cutoff
        key = (local.date(), before, procedure.working_days, procedure.cutoff)
        found = self._due.get(key)
        if found is None:
            found = self._due[key] = self.calendar.due_at(received_at, procedure.working_days, cutoff)
        return found

    def row(self, line: int, values: dict[str, str]) -> tuple[_Row | None, list[RowError]]:
        problems: list[tuple[str, dict[str, Any]]] = []
        if "__width__" in values:
            return None, [RowError(line, "import.width", {"found": int(values["__width__"])})]
        get = values.get

        def checked(column: str, validate: Callable[[str], str]) -> str | None:
            value = clean_optional(get(column))
            if value is None:
                return None
            try:
                return validate(value)
            except DomainError as exc:
                problems.append((exc.code, exc.params))
                return None

        code: DossierCode | None = None
        raw_code = clean_optional(get("code"))
        if raw_code is not None:
            try:
                code = parse_dossier_code(raw_code)
            except InvalidInput:
                problems.append(("import.code", {"value": raw_code}))
            else:
                if code.agency != self.agency:
                    problems.append(("import.code_agency", {"value": raw_code, "agency": self.agency}))
                    code = None
        procedure_code = clean(get("procedure_code") or "")
        procedure = self.procedures.get(procedure_code)
        if procedure is None:
            problems.append(("procedure.not_found", {"code": procedure_code}))
        name = checked("applicant_name", validate_name)
        if clean_optional(get("applicant_name")) is None:
            problems.append(("import.required", {"column": "applicant_name"}))
        id_number = checked("id_number", validate_id_number)
        phone = checked("phone", validate_phone)
        address = clean_optional(get("address"))
        channel_text = (clean_optional(get("channel")) or Channel.DIRECT.value).lower()
        channel = Channel.DIRECT
        try:
            channel = Channel(channel_text)
        except ValueError:
            problems.append(("import.channel", {"value": get("channel")}))
        received_at = self.moment(get("received_at") or "", "received_at", problems)
        if received_at is None and not (get("received_at") or "").strip():
            problems.append(("import.required", {"column": "received_at"}))
        due_at = self.moment(get("due_at") or "", "due_at", [])  # a due date may be in the future
        if due_at is None and (get("due_at") or "").strip():
            problems.append(("import.date", {"column": "due_at", "value": get("due_at")}))
        if due_at is not None and ":" not in (get("due_at") or "") and "T" not in (get("due_at") or ""):
            due_at = datetime.combine(office_time(due_at).date(), self.calendar.return_time, tzinfo=due_at.tzinfo)
        resolved_at = self.moment(get("resolved_at") or "", "resolved_at", problems)
        returned_at = self.moment(get("returned_at") or "", "returned_at", problems)
        ended_at = self.moment(get("ended_at") or "", "ended_at", problems)
        note = clean_optional(get("note"))
        if returned_at is not None and resolved_at is None:
            resolved_at = returned_at  # the result was ready at the latest when it was handed over
        status_text = (clean_optional(get("status")) or "").lower()
        status = self._status(status_text, resolved_at, returned_at, ended_at, problems)
        if received_at is not None:
            received_day = office_time(received_at).date()
            for column, moment in (("resolved_at", resolved_at), ("returned_at", returned_at), ("ended_at", ended_at)):
                if moment is not None and moment < received_at:
                    problems.append(("import.before_received", {"column": column}))
            if due_at is not None and office_time(due_at).date() < received_day:
                problems.append(("import.before_received", {"column": "due_at"}))
        if resolved_at is not None and returned_at is not None and returned_at < resolved_at:
            problems.append(("import.returned_before_result", {}))
        errors = [RowError(line, code_, params) for code_, params in problems]
        if errors or procedure is None or name is None or received_at is None or status is None:
            return None, errors
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


def _check(session: Session, path: Path, now: datetime) -> tuple[int, list[_Row], list[RowError], _Checker]:
    _header, table = read_table(path)
    checker = _Checker(session, now)
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
    given = list(seen)
    for start in range(0, len(given), 500):
        chunk = given[start : start + 500]
        for existing in session.scalars(select(Dossier.code).where(Dossier.code.in_(chunk))):
            errors.append(RowError(seen[existing], "import.code_exists", {"value": existing}))
    errors.sort(key=lambda e: e.line)
    bad = {e.line for e in errors}
    return len(table), [r for r in rows if r.line not in bad], errors, checker


def preview(ctx: Context, path: Path) -> ImportPreview:
    """Read and check ``path`` without writing anything."""
    with ctx.db.read() as session:
        total, rows, errors, _checker = _check(session, path, ctx.now())
    received = [r.received_at for r in rows]
    return ImportPreview(
        rows=total,
        valid=len(rows),
        errors=tuple(errors),
        by_status=dict(Counter(r.status.value for r in rows)),
        codes_given=sum(1 for r in rows if r.code is not None),
        codes_to_allot=sum(1 for r in rows if r.code is None),
        first_received=min(received, default=None),
        last_received=max(received, default=None),
    )


# ----------------------------------------------------------------------------- writing


def _events(row: _Row) -> list[tuple[EventKind, datetime, dict[str, Any], LifecycleEvent]]:
    """The history of an imported dossier, oldest first, with the payloads the services write."""
    out: list[tuple[EventKind, datetime, dict[str, Any], LifecycleEvent]] = [
        (
            EventKind.RECEIVED,
            row.received_at,
            {"late_entry": True, "imported": True},
            LifecycleEvent(EventKind.RECEIVED),
        )
    ]
    payload: dict[str, Any]
    if row.resolved_at is not None:
        payload = {"outcome": "granted", "note": None, "imported": True}
        out.append((EventKind.RESULT_READY, row.resolved_at, payload, LifecycleEvent(EventKind.RESULT_READY)))
    if row.status is Status.RETURNED and row.returned_at is not None:
        payload = {
            "receiver_name": row.name,
            "receiver_id": None,
            "papers": [],
            "at_counter": True,
            "imported": True,
        }
        out.append((EventKind.RETURNED, row.returned_at, payload, LifecycleEvent(EventKind.RETURNED)))
    if row.ended_at is not None:
        reason = row.note or DEFAULT_REASON
        if row.status is Status.WITHDRAWN:
            payload = {"reason": reason, "on_request": True, "request_ref": None, "imported": True}
            out.append(
                (EventKind.WITHDRAWN, row.ended_at, payload, LifecycleEvent(EventKind.WITHDRAWN, on_request=True))
            )
        else:
            payload = {"reason": reason, "imported": True}
            out.append((EventKind.STOPPED, row.ended_at, payload, LifecycleEvent(EventKind.STOPPED)))
    return out


def _stored(value: object) -> object:
    """A value as the counter's columns store it: aware datetimes as naive UTC text (UtcDateTime on
    SQLite), JSON as text, booleans as integers."""
    if isinstance(value, datetime):
        return f"{value.astimezone(UTC):%Y-%m-%d %H:%M:%S.%f}"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if isinstance(value, bool):
        return int(value)
    return value


def _insert(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    table = Base.metadata.tables[model.__tablename__]
    assert set(columns) <= set(table.columns.keys())
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    session.connection().exec_driver_sql(sql, [tuple(_stored(row[c]) for c in columns) for row in rows])


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


def run(ctx: Context, path: Path, progress: Progress | None = None) -> ImportReport:
    """Import ``path`` in one transaction; raises :class:`ImportRejected` (nothing written) when a row is bad.

    ``progress(done, total)`` is called as rows are written (from the calling thread).
    """
    now = ctx.now()
    report = progress or (lambda _done, _total: None)
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    with ctx.db.write() as session:
        _total, rows, errors, checker = _check(session, path, now)
        if errors:
            raise ImportRejected(tuple(errors))
        total = len(rows)
        report(0, total)
        rows.sort(key=lambda r: (r.received_at, r.line))
        workstation = checker.workstation
        allotted = _allot_codes(session, rows, checker.agency, workstation)
        books = _register_lines(session, rows, workstation)
        dossier_id = (session.scalar(select(func.max(Dossier.id))) or 0) + 1
        applicant_id = (session.scalar(select(func.max(Applicant.id))) or 0) + 1
        recorded = now.astimezone(UTC).isoformat()
        events_written = 0
        for start in range(0, total, CHUNK):
            chunk = rows[start : start + CHUNK]
            applicants, dossiers, papers, history, outbox, search = [], [], [], [], [], []
            for offset, row in enumerate(chunk):
                did, aid = dossier_id + start + offset, applicant_id + start + offset
                code = allotted[row.line]
                book, number = books[row.line]
                procedure = row.procedure
                applicants.append(
                    {
                        "id": aid,
                        "full_name": row.name,
                        "id_number": row.id_number,
                        "phone": row.phone,
                        "address": row.address,
                    }
                )
                uid = str(uuid.uuid4())
                secret = _secret()
                finished = row.returned_at if row.status is Status.RETURNED else row.ended_at
                dossiers.append(
                    {
                        "id": did,
                        "uid": uid,
                        "code": code,
                        "procedure_id": procedure.id,
                        "applicant_id": aid,
                        "channel": row.channel.value,
                        "return_by_post": False,
                        "postal_address": None,
                        "received_at": row.received_at,
                        "due_at": row.due_at,
                        "appointment_at": row.due_at,
                        "resolved_at": row.resolved_at,
                        "finished_at": finished,
                        "status": row.status.value,
                        "lookup_secret": secret,
                        "workstation": workstation,
                        "late_entry": True,
                        "reschedule_count": 0,
                        "register_book": book,
                        "register_number": number,
                        "created_by": ctx.actor.user_id,
                        "updated_at": now,
                    }
                )
                papers += [
                    {
                        "dossier_id": did,
                        "position": c.position,
                        "name": c.name,
                        "form": c.form,
                        "count": c.count,
                        "received": c.required,
                    }
                    for c in procedure.components
                ]
                search.append({"id": did, "body": fts.document(row.name, code, row.id_number, row.phone)})
                status: Status | None = None
                for seq, (kind, at, payload, event) in enumerate(_events(row), start=1):
                    status = next_status(status, event)  # the state machine checks every step
                    event_uid = str(uuid.uuid4())
                    history.append(
                        {
                            "uid": event_uid,
                            "dossier_id": did,
                            "seq": seq,
                            "kind": kind.value,
                            "status_after": status.value,
                            "at": at,
                            "recorded_at": now,
                            "actor_id": ctx.actor.user_id,
                            "actor_name": ctx.actor.username,
                            "payload": payload,
                        }
                    )
                    message: dict[str, Any] = {
                        "v": PROTOCOL_VERSION,
                        "event_uid": event_uid,
                        "dossier_uid": uid,
                        "dossier_code": code,
                        "seq": seq,
                        "kind": kind.value,
                        "status_after": status.value,
                        "at": _utc(at),
                        "recorded_at": recorded,
                        "actor": ctx.actor.username,
                        "payload": payload,
                    }
                    if seq == 1:
                        message["dossier"] = {
                            "code": code,
                            "procedure_code": procedure.code,
                            "procedure_version": procedure.version,
                            "procedure_name": procedure.name,
                            "field": procedure.field,
                            "channel": row.channel.value,
                            "return_by_post": False,
                            "received_at": _utc(row.received_at),
                            "due_at": _utc(row.due_at),
                            "lookup_secret": secret,
                            "applicant": {"full_name": row.name, "id_number": row.id_number, "phone": row.phone},
                        }
                    outbox.append({"uid": event_uid, "topic": "dossier.event", "payload": message, "created_at": now})
            assert status is row.status, f"line {row.line}: the history leads to {status}"
            # One executemany per table straight through the driver, values in the stored form (see
            # _stored): the ORM's bulk path splits a batch by which columns are None, and even Core's
            # per-value type processing cost more than the rest of the import together.
            _insert(session, Applicant, applicants)
            _insert(session, Dossier, dossiers)
            _insert(session, DossierComponent, papers)
            _insert(session, DossierEvent, history)
            _insert(session, OutboxEntry, [{**row, "state": "pending", "attempts": 0} for row in outbox])
            session.execute(text(f"INSERT INTO {fts.FTS_TABLE}(rowid, body) VALUES (:id, :body)"), search)
            events_written += len(history)
            report(min(total, start + CHUNK), total)
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
