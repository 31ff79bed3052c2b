"""The demo generator: a synthetic commune history that looks and behaves like real data."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.domain.applicant import make_applicant
from counter_app.domain.calendar import OFFICE_TZ, office_time, parse_hhmm
from counter_app.domain.cccd import id_facts
from counter_app.domain.codes import BLOCK, parse_dossier_code
from counter_app.domain.errors import InvalidInput
from counter_app.domain.lifecycle import FINAL, Status, next_status
from counter_app.domain.text import fold
from counter_app.domain.values import Sex
from counter_app.services import audit, demo, dossiers, intake, office
from counter_app.services.calendar import load_calendar
from counter_app.services.context import Actor, Context
from counter_app.services.database import open_database
from counter_app.services.users import find_user
from counter_app.storage import fts
from counter_app.storage.models import (
    Applicant,
    AuditEntry,
    DailySequence,
    Dossier,
    DossierEvent,
    OutboxEntry,
    Procedure,
)
from tests.conftest import ADMIN_PASSWORD, OFFICE_CODE, FakeClock

COUNT = 2_000
NOW = datetime(2025, 11, 18, 2, 0, tzinfo=UTC)  # Tuesday 09:00 in Vietnam
WORKSTATION = 2


def _counter(directory: Path, clock: FakeClock) -> Context:
    """An initialised counter (workstation 2) acting as its admin, like tests/conftest.py's ``ctx``."""
    db = open_database(directory, create=True)
    setup = Context(db, Actor(None, "admin", "cli"), clock)
    office.initialize(
        setup,
        office.InitRequest(
            office_code=OFFICE_CODE,
            office_name="UBND xã Tân Lập",
            parent_name="UBND TỈNH PHÚ THỌ",
            workstation=WORKSTATION,
            admin_password=ADMIN_PASSWORD,
        ),
    )
    admin = find_user(setup, "admin")
    return Context(db, Actor(admin.id, admin.username, "cli"), clock)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Context, demo.DemoReport]]:
    """One demo history shared by the read-only tests of this module."""
    ctx = _counter(tmp_path_factory.mktemp("demo") / "data", FakeClock(NOW))
    report = demo.generate(ctx, COUNT, seed=7)
    yield ctx, report
    ctx.db.close()


@pytest.fixture
def demo_ctx(generated: tuple[Context, demo.DemoReport]) -> Context:
    return generated[0]


def _raw(ctx: Context) -> sqlite3.Connection:
    return sqlite3.connect(ctx.db.path)


def test_the_report_matches_what_was_written(generated: tuple[Context, demo.DemoReport]) -> None:
    ctx, report = generated
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Dossier)) == COUNT == report.dossiers
        assert s.scalar(select(func.count()).select_from(Applicant)) == COUNT
        assert s.scalar(select(func.count()).select_from(DossierEvent)) == report.events
        first, last = s.execute(select(func.min(Dossier.received_at), func.max(Dossier.received_at))).one()
    assert office_time(first).date() == report.first_day
    assert office_time(last).date() == report.last_day
    assert report.last_day == office_time(NOW).date()  # the history ends today...
    assert last <= NOW  # ...and never in the future
    assert 4 <= (report.last_day - report.first_day).days / 365.25 <= 5  # over about four and a half years
    assert report.events > 3 * COUNT
    assert report.seconds > 0


def test_demo_data_never_enters_the_outbox_and_is_audited_once(demo_ctx: Context) -> None:
    with demo_ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 0
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == demo.AUDIT_ACTION)).one()
    assert entry.details["count"] == COUNT
    assert entry.details["seed"] == 7
    assert entry.username == "admin"
    assert audit.verify(demo_ctx).intact


def test_every_status_appears(demo_ctx: Context) -> None:
    with demo_ctx.db.read() as s:
        seen = Counter(s.scalars(select(Dossier.status)))
    assert set(seen) == {status.value for status in Status}
    assert seen[Status.RETURNED.value] > 0.9 * COUNT  # old dossiers are closed
    open_statuses = {Status.RECEIVED, Status.PROCESSING, Status.INTERLINKED, Status.AWAITING_SUPPLEMENT}
    with demo_ctx.db.read() as s:
        oldest_open = s.scalar(
            select(func.min(Dossier.received_at)).where(Dossier.status.in_([x.value for x in open_statuses]))
        )
    assert oldest_open is not None
    assert (NOW - oldest_open).days < 120  # open dossiers are recent


def test_every_history_replays_to_the_dossier_status(demo_ctx: Context) -> None:
    with demo_ctx.db.read() as s:
        histories: dict[int, list[DossierEvent]] = defaultdict(list)
        for event in s.scalars(select(DossierEvent).order_by(DossierEvent.dossier_id, DossierEvent.seq)):
            histories[event.dossier_id].append(event)
        rows = s.execute(
            select(Dossier.id, Dossier.status, Dossier.received_at, Dossier.resolved_at, Dossier.finished_at)
        ).all()
    assert len(rows) == COUNT
    for dossier_id, status, received_at, resolved_at, finished_at in rows:
        history = histories[dossier_id]
        assert [e.seq for e in history] == list(range(1, len(history) + 1))
        current: Status | None = None
        for event in history:
            current = next_status(current, demo.event_of(event.kind, event.payload))
            assert event.status_after == current.value, (dossier_id, event.seq)
        assert current is not None
        assert current.value == status
        times = [e.at for e in history]
        assert times == sorted(times)
        assert all(e.recorded_at >= e.at for e in history)
        assert times[-1] <= NOW
        assert received_at in times  # the reception (or, before acceptance, the last intake step)
        ready = [e.at for e in history if e.kind == "result_ready"]
        assert resolved_at == (ready[0] if ready else None)
        assert (finished_at is not None) == (current in FINAL)
        if finished_at is not None:
            assert finished_at == times[-1]


def test_withdrawals_after_acceptance_carry_the_citizens_request(demo_ctx: Context) -> None:
    with demo_ctx.db.read() as s:
        events = s.execute(
            select(DossierEvent.dossier_id, DossierEvent.seq, DossierEvent.kind, DossierEvent.payload).order_by(
                DossierEvent.dossier_id, DossierEvent.seq
            )
        ).all()
    accepted: set[int] = set()
    after_acceptance = 0
    for dossier_id, _, kind, payload in events:
        if kind == "received":
            accepted.add(dossier_id)
        elif kind == "withdrawn" and dossier_id in accepted:
            assert payload["on_request"] is True
            after_acceptance += 1
    assert after_acceptance > 0


def test_payloads_are_what_the_services_write(demo_ctx: Context) -> None:
    with demo_ctx.db.read() as s:
        rows = s.execute(
            select(
                DossierEvent.kind,
                DossierEvent.payload,
                Applicant.full_name,
                Applicant.id_number,
                Dossier.due_at,
                Dossier.appointment_at,
            )
            .join(Dossier, DossierEvent.dossier_id == Dossier.id)
            .join(Applicant, Dossier.applicant_id == Applicant.id)
            .where(DossierEvent.kind.in_(["returned", "apology_issued", "transferred", "result_ready"]))
        ).all()
    seen = Counter(kind for kind, *_ in rows)
    assert seen["returned"] and seen["apology_issued"] and seen["transferred"] and seen["result_ready"]
    for kind, payload, name, id_number, due_at, appointment_at in rows:
        if kind == "returned" and payload.get("at_counter"):
            assert payload == {"receiver_name": name, "receiver_id": id_number, "papers": [], "at_counter": True}
        elif kind == "apology_issued":  # what services.documents needs to print Mẫu 04
            assert datetime.fromisoformat(payload["old_appointment"]) == due_at
            assert datetime.fromisoformat(payload["new_appointment"]) == appointment_at
            assert payload["reason"]
        elif kind == "transferred":
            assert payload["to"] and payload["to_name"] and isinstance(payload["interlinked"], bool)
        elif kind == "result_ready":
            assert payload["outcome"] in {"granted", "denied"}


def test_some_results_are_late_and_most_are_on_time(demo_ctx: Context) -> None:
    with demo_ctx.db.read() as s:
        pairs = s.execute(select(Dossier.due_at, Dossier.resolved_at).where(Dossier.resolved_at.is_not(None))).all()
    late = sum(1 for due, resolved in pairs if resolved > due)
    early = sum(1 for due, resolved in pairs if office_time(resolved).date() < office_time(due).date())
    assert 0 < late < 0.15 * len(pairs)
    assert early > 0


def test_codes_are_unique_well_formed_and_continue_the_daily_sequence(demo_ctx: Context) -> None:
    with demo_ctx.db.read() as s:
        rows = s.execute(select(Dossier.code, Dossier.received_at, Dossier.workstation)).all()
        sequences = {(r.day, r.workstation): r.last for r in s.scalars(select(DailySequence))}
    codes = [code for code, _, _ in rows]
    assert len(set(codes)) == len(codes)
    highest: dict[tuple[date, int], int] = {}
    for code, received_at, workstation in rows:
        parsed = parse_dossier_code(code)
        assert str(parsed) == code
        assert parsed.agency == OFFICE_CODE
        assert parsed.day == office_time(received_at).date()
        assert parsed.workstation == workstation
        assert 1 <= parsed.sequence % BLOCK <= BLOCK - 1
        key = (parsed.day, workstation)
        highest[key] = max(highest.get(key, 0), parsed.sequence)
    assert sequences == highest
    assert {w for _, w in highest} == {1, 2, 3}  # three counter PCs, this office's (2) among them


def test_due_dates_follow_the_office_calendar(demo_ctx: Context) -> None:
    calendar = load_calendar(demo_ctx)
    with demo_ctx.db.read() as s:
        rows = s.execute(
            select(
                Dossier.received_at,
                Dossier.due_at,
                Dossier.appointment_at,
                Dossier.reschedule_count,
                Dossier.status,
                Procedure.working_days,
                Procedure.cutoff,
            ).join(Procedure, Dossier.procedure_id == Procedure.id)
        ).all()
    pre_acceptance = {Status.SUBMITTED.value, Status.INTAKE_SUPPLEMENT.value}
    checked = 0
    for received_at, due_at, appointment_at, reschedules, status, working_days, cutoff in rows:
        if due_at is None:  # never accepted: no due date
            assert status in pre_acceptance | {Status.REFUSED.value, Status.WITHDRAWN.value}
            continue
        expected = calendar.due_at(received_at, working_days, None if cutoff is None else parse_hhmm(cutoff))
        assert due_at == expected
        assert appointment_at == due_at if reschedules == 0 else appointment_at > due_at
        checked += 1
    assert checked > 0.9 * COUNT


def test_applicants_look_vietnamese(demo_ctx: Context) -> None:
    with demo_ctx.db.read() as s:
        applicants = s.scalars(select(Applicant)).all()
    families = Counter(a.full_name.split()[0] for a in applicants)
    assert families.most_common(1)[0][0] == "Nguyễn"
    assert 0.28 < families["Nguyễn"] / len(applicants) < 0.48
    assert {"Trần", "Lê", "Phạm"} <= set(families)
    with_id = 0
    for a in applicants:
        assert unicodedata.is_normalized("NFC", a.full_name)
        assert 3 <= len(a.full_name.split()) <= 5
        assert a.birth_date is not None
        assert a.address is not None
        assert "xã Tân Lập" in a.address or "tỉnh Phú Thọ" in a.address
        if a.id_number is not None:
            with_id += 1
            facts = id_facts(a.id_number)
            assert facts.birth_year == a.birth_date.year
            assert facts.sex is Sex(a.sex)
        else:
            assert a.old_id_number is not None and len(a.old_id_number) == 9
        if a.phone is not None:
            assert re.fullmatch(r"0[389]\d{8}", a.phone)
    assert with_id > 0.85 * len(applicants)
    middles = Counter(a.full_name.split()[1] for a in applicants if a.sex == "female")
    assert middles.most_common(1)[0][0] == "Thị"


def test_channels_and_procedures_have_plausible_shares(demo_ctx: Context) -> None:
    with demo_ctx.db.read() as s:
        channels = Counter(s.scalars(select(Dossier.channel)))
        by_procedure = Counter(s.scalars(select(Procedure.code).join(Dossier, Dossier.procedure_id == Procedure.id)))
        by_post = s.execute(select(Dossier.return_by_post, Dossier.postal_address)).all()
    assert 0.72 < channels["direct"] / COUNT < 0.88
    assert 0.07 < channels["online"] / COUNT < 0.18
    assert 0.04 < channels["postal"] / COUNT < 0.13
    top_two = {code for code, _ in by_procedure.most_common(2)}
    assert top_two == {"2.000815", "2.000884"}  # chứng thực bản sao, chứng thực chữ ký
    assert by_procedure["1.001193"] > by_procedure["1.012812"]  # khai sinh far more often than land mediation
    assert any(flag for flag, _ in by_post)
    assert all((address is not None) == bool(flag) for flag, address in by_post)


def test_every_dossier_has_its_papers_and_register_line(demo_ctx: Context) -> None:
    con = _raw(demo_ctx)
    try:
        missing = con.execute(
            "SELECT count(*) FROM dossier d JOIN procedure_component pc ON pc.procedure_id = d.procedure_id "
            "LEFT JOIN dossier_component dc ON dc.dossier_id = d.id AND dc.position = pc.position "
            "WHERE dc.id IS NULL OR dc.received != 1 OR dc.name != pc.name"
        ).fetchone()[0]
        extra = con.execute(
            "SELECT (SELECT count(*) FROM dossier_component) - (SELECT count(*) FROM dossier d "
            "JOIN procedure_component pc ON pc.procedure_id = d.procedure_id)"
        ).fetchone()[0]
        registers = con.execute(
            "SELECT register_book, count(*), count(DISTINCT register_number), max(register_number) FROM dossier "
            "WHERE register_book IS NOT NULL GROUP BY register_book"
        ).fetchall()
        books = dict(con.execute("SELECT book, last FROM register_sequence").fetchall())
        unregistered_accepted = con.execute(
            "SELECT count(*) FROM dossier WHERE register_number IS NULL AND due_at IS NOT NULL"
        ).fetchone()[0]
    finally:
        con.close()
    assert missing == 0
    assert extra == 0
    assert unregistered_accepted == 0
    for book, lines, distinct, highest in registers:
        assert lines == distinct == highest  # 1..n without gaps
        assert books[book] == highest


def test_the_database_stays_sound(demo_ctx: Context) -> None:
    con = _raw(demo_ctx)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        con.execute(f"INSERT INTO {fts.FTS_TABLE}({fts.FTS_TABLE}) VALUES ('integrity-check')")
        bodies = dict(con.execute(f"SELECT rowid, body FROM {fts.FTS_TABLE}").fetchall())
        rows = con.execute(
            "SELECT d.id, a.full_name, d.code, a.id_number, a.phone FROM dossier d "
            "JOIN applicant a ON a.id = d.applicant_id"
        ).fetchall()
    finally:
        con.close()
    assert len(bodies) == len(rows) == COUNT
    for dossier_id, name, code, id_number, phone in rows:
        assert bodies[dossier_id] == fts.document(name, code, id_number, phone)


def test_search_finds_generated_people_without_tones(demo_ctx: Context) -> None:
    with demo_ctx.db.read() as s:
        name, id_number, phone, code = s.execute(
            select(Applicant.full_name, Applicant.id_number, Applicant.phone, Dossier.code)
            .join(Dossier, Dossier.applicant_id == Applicant.id)
            .where(Applicant.id_number.is_not(None), Applicant.phone.is_not(None), Applicant.full_name.like("%Đ%"))
            .order_by(Dossier.id.desc())
            .limit(1)
        ).one()
    plain = fold(name)
    assert plain != name.lower()  # the query really has no tones and no đ
    found = dossiers.search(demo_ctx, plain)
    assert found
    assert all(fold(row.applicant_name) == plain for row in found)
    assert code in {row.code for row in dossiers.search(demo_ctx, plain, limit=1000)}
    assert code in {row.code for row in dossiers.search(demo_ctx, id_number)}
    assert code in {row.code for row in dossiers.search(demo_ctx, phone)}
    assert [row.code for row in dossiers.search(demo_ctx, code)] == [code]
    newest_first = [row.id for row in dossiers.search(demo_ctx, "nguyen")]
    assert newest_first == sorted(newest_first, reverse=True)


def test_a_real_intake_continues_after_the_demo_numbers(tmp_path: Path) -> None:
    ctx = _counter(tmp_path / "data", FakeClock(NOW))
    try:
        demo.generate(ctx, 500, seed=3)
        with ctx.db.read() as s:
            day, last = s.execute(
                select(DailySequence.day, DailySequence.last)
                .where(DailySequence.workstation == WORKSTATION)
                .order_by(DailySequence.day.desc())
                .limit(1)
            ).one()
            codes = set(s.scalars(select(Dossier.code)))
        # A paper dossier of that day typed in now takes the next number of this PC's block.
        applicant = make_applicant("Nguyễn Văn Thử", id_number="025090123456", phone="0912345678")
        received_at = datetime.combine(day, time(10, 0), OFFICE_TZ)
        result = intake.accept(ctx, intake.IntakeRequest("2.000815", applicant, received_at=received_at))
        assert result.dossier.code == f"{OFFICE_CODE}-{day:%y%m%d}-{last + 1:04d}"
        assert result.dossier.code not in codes
        assert [row.code for row in dossiers.search(ctx, result.dossier.code)] == [result.dossier.code]
        assert result.dossier.code == dossiers.search(ctx, "nguyen van thu")[0].code  # the newest first
    finally:
        ctx.db.close()


def test_the_same_seed_gives_the_same_history(tmp_path: Path) -> None:
    def history(directory: Path, seed: int) -> list[tuple[str, str, str, str | None]]:
        ctx = _counter(directory, FakeClock(NOW))
        try:
            demo.generate(ctx, 300, seed=seed)
            with ctx.db.read() as s:
                rows = s.execute(
                    select(Dossier.code, Applicant.full_name, Dossier.status, Applicant.id_number)
                    .join(Applicant, Dossier.applicant_id == Applicant.id)
                    .order_by(Dossier.id)
                ).all()
            return [tuple(row) for row in rows]  # type: ignore[misc]
        finally:
            ctx.db.close()

    first = history(tmp_path / "a", 11)
    assert history(tmp_path / "b", 11) == first
    assert history(tmp_path / "c", 12) != first


def test_a_second_run_adds_to_the_first(tmp_path: Path) -> None:
    ctx = _counter(tmp_path / "data", FakeClock(NOW))
    try:
        demo.generate(ctx, 300, seed=1)
        demo.generate(ctx, 300, seed=1)  # same seed: new ids, uids and daily numbers
        con = _raw(ctx)
        try:
            assert con.execute(
                "SELECT count(*), count(DISTINCT code), count(DISTINCT uid) FROM dossier"
            ).fetchone() == (
                600,
                600,
                600,
            )
            assert con.execute("SELECT count(DISTINCT uid) = count(*) FROM dossier_event").fetchone() == (1,)
            con.execute(f"INSERT INTO {fts.FTS_TABLE}({fts.FTS_TABLE}) VALUES ('integrity-check')")
            assert con.execute(f"SELECT count(*) FROM {fts.FTS_TABLE}").fetchone() == (600,)
        finally:
            con.close()
        assert audit.count(ctx, demo.AUDIT_ACTION) == 2
    finally:
        ctx.db.close()


@pytest.mark.parametrize("count", [0, -1, demo.MAX_COUNT + 1])
def test_a_count_out_of_range_is_refused(ctx: Context, count: int) -> None:
    with pytest.raises(InvalidInput):
        demo.generate(ctx, count)
    assert dossiers.count(ctx) == 0
