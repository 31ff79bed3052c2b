"""Biểu 06 from the database: hand-computed figures on an imported ledger, live events, apologies,
ratings, an inconsistency caught by the identities, and the printed form."""

from __future__ import annotations

import io
import sqlite3
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from counter_app import messages
from counter_app.domain.applicant import make_applicant
from counter_app.domain.errors import DomainError
from counter_app.domain.lifecycle import EventKind, LifecycleEvent
from counter_app.domain.statistics import Period
from counter_app.services import events, history_import, intake, lifecycle
from counter_app.services import statistics as stats
from counter_app.services.context import Context
from counter_app.services.dossiers import load
from counter_app.storage.models import Dossier, SatisfactionRating
from tests.conftest import FakeClock
from tests.services.test_history_import import LEDGER, write

Q3 = Period.quarter(2025, 3)


def test_hand_computed_figures_on_an_imported_ledger(ctx: Context, tmp_path: Path) -> None:
    history_import.run(ctx, write(tmp_path, LEDGER))
    data = stats.report(ctx, Q3).to_json()
    # (1) = (5) + (9): the withdrawn and the stopped dossier are apart (reconciliation line)
    assert data["received"] == {"total": 8, "online": 1, "direct_postal": 5, "carried_over": 2}
    assert data["resolved"] == {"total": 5, "early": 1, "on_time": 2, "late": 2}
    assert data["in_progress"] == {"total": 3, "within_time": 2, "overdue": 1}
    assert data["ended"] == {"total": 2, "withdrawn": 1, "stopped": 1}
    fields = {row["field"]: row for row in data["by_field"]}
    assert list(fields) == ["Chứng thực", "Hộ tịch"]
    assert fields["Hộ tịch"]["received"] == {"total": 5, "online": 1, "direct_postal": 2, "carried_over": 2}
    assert fields["Hộ tịch"]["resolved"] == {"total": 3, "early": 1, "on_time": 1, "late": 1}
    assert fields["Hộ tịch"]["in_progress"] == {"total": 2, "within_time": 1, "overdue": 1}
    assert fields["Chứng thực"]["received"] == {"total": 3, "online": 0, "direct_postal": 3, "carried_over": 0}
    assert fields["Chứng thực"]["resolved"] == {"total": 2, "early": 0, "on_time": 1, "late": 1}
    assert fields["Chứng thực"]["in_progress"] == {"total": 1, "within_time": 1, "overdue": 0}
    assert data["channels"]["postal"] == 1 and data["online_share"] == round(1 / 7, 4)
    # The quarter before: what Q3 carried over was received then and still open at its end.
    q2 = stats.report(ctx, Period.quarter(2025, 2)).total
    assert q2.received.total == 4 and q2.resolved.total == 1 and q2.in_progress.total == 3
    assert q2.in_progress.overdue == 1  # received 20/6, due 25/6, still open on 30/6


def test_live_dossiers_apologies_and_ratings(ctx: Context, clock: FakeClock) -> None:
    applicant = make_applicant("Nguyễn Văn Đức", phone="0912345678", address="Thôn Đông")
    first = intake.accept(ctx, intake.IntakeRequest("2.001035", applicant)).dossier.code  # due Thu 20/11
    second = intake.accept(ctx, intake.IntakeRequest("1.004873", applicant, return_by_post=True)).dossier.code
    lifecycle.apology(ctx, second, "Chờ xác minh", date(2025, 11, 27))
    clock.now += timedelta(days=3)  # Friday 21/11: a day late
    lifecycle.record_result(ctx, first)
    lifecycle.return_result(ctx, first, "Nguyễn Văn Đức")
    period = Period(date(2025, 11, 1), date(2025, 11, 30))
    with ctx.db.write() as session:
        dossier_id = session.execute(select(Dossier.id).where(Dossier.code == first)).scalar_one()
        session.add(
            SatisfactionRating(
                uid=str(uuid.uuid4()),
                dossier_id=dossier_id,
                rating="satisfied",
                criteria={},
                comment=None,
                rated_at=clock.now,
            )
        )
    running = stats.report(ctx, period)  # still running: the whole period, counted up to today, and said so
    assert (running.period, running.data_until) == (period, date(2025, 11, 21))
    assert stats.report(ctx, period).total.in_progress.within_time == 1  # not yet due as of today
    clock.now += timedelta(days=10)  # Monday 1/12: November is over
    report = stats.report(ctx, period)
    assert report.period == period and report.data_until is None
    total = report.total
    assert (total.received.total, total.received.direct_postal, total.received.carried_over) == (2, 2, 0)
    assert (total.resolved.late, total.in_progress.overdue) == (1, 1)  # the apology moves no due date
    assert total.apologies == 1 and total.channels.result_by_post == 1
    assert (report.satisfaction.satisfied, report.satisfaction.total) == (1, 1)
    december = stats.report(ctx, Period(date(2025, 12, 1), date(2025, 12, 31))).total
    assert december.received.carried_over == 1 and december.in_progress.overdue == 1
    assert december.apologies == 0


def test_broken_data_is_reported_not_printed(ctx: Context, tmp_path: Path) -> None:
    history_import.run(ctx, write(tmp_path, LEDGER))
    raw = sqlite3.connect(ctx.db.path)
    with raw:  # a withdrawal without its date (a hand-edited database)
        raw.execute("UPDATE dossier SET finished_at = NULL WHERE status = 'withdrawn'")
    raw.close()
    with pytest.raises(DomainError) as caught:
        stats.document(ctx, Q3, excel=False)
    assert caught.value.code == "report.facts" and caught.value.params["field"] == "Hộ tịch"
    assert "Hộ tịch" in messages.message(caught.value.code, caught.value.params, "vi")


def test_result_ready_from_the_hub_counts_as_resolved(ctx: Context, clock: FakeClock) -> None:
    """events.append_event keeps resolved_at, whoever appends the result (also a hub event, queue=False)."""
    code = intake.accept(ctx, intake.IntakeRequest("2.001035", make_applicant("Nguyễn Văn Đức"))).dossier.code
    at = clock.now + timedelta(hours=3)
    with ctx.db.write() as session:
        events.append_event(
            session, load(session, code), LifecycleEvent(EventKind.RESULT_READY), at=at, recorded_at=at, actor=ctx.actor
        )
    resolved = stats.report(ctx, Period(date(2025, 11, 18), date(2025, 11, 18))).total.resolved
    assert (resolved.total, resolved.early) == (1, 1)


def test_the_printed_form_pdf_and_xlsx(ctx: Context, tmp_path: Path) -> None:
    history_import.run(ctx, write(tmp_path, LEDGER))
    pdf = stats.document(ctx, Q3, excel=False)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "Biểu số 06/VPCP/KSTT" in text and "(Từ ngày 01/07/2025 đến ngày 30/09/2025)" in text
    assert "Tổng cộng 8 1 5 2 5 1 2 2 3 2 1" in text
    assert "Hộ tịch 5 1 2 2 3 1 1 1 2 1 1" in text
    assert "rút hồ sơ theo đề nghị 1; dừng giải quyết 1" in text and "8 (cột 1) + 2 = 10" in text
    assert "Số liệu đến ngày" not in text  # Q3 2025 is over
    workbook = load_workbook(io.BytesIO(stats.document(ctx, Q3, excel=True).data))
    rows = [list(r) for r in workbook.active.iter_rows(values_only=True)]
    total = next(r for r in rows if r[1] == "Tổng cộng")
    assert total[2:] == [8, 1, 5, 2, 5, 1, 2, 2, 3, 2, 1]
