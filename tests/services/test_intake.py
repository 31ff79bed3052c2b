"""Intake: one transaction writes the dossier, its history, outbox, search entry and audit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from counter_app.domain.applicant import make_applicant
from counter_app.domain.codes import parse_dossier_code
from counter_app.domain.errors import InvalidInput
from counter_app.domain.lifecycle import Status
from counter_app.domain.values import Channel
from counter_app.services import audit, catalogue, dossiers, intake
from counter_app.services.context import Context
from counter_app.services.errors import NotFound
from counter_app.storage.models import Dossier, DossierEvent, OutboxEntry
from tests.conftest import OFFICE_CODE, FakeClock

BIRTH = "2.000635"  # bản sao trích lục hộ tịch: same day, 15:00 (khai sinh takes no paper)
CERTIFY = "2.000815"  # Chứng thực bản sao từ bản chính


def _accept(
    ctx: Context, name: str = "Nguyễn Văn Đức", procedure: str = BIRTH, **kwargs: object
) -> intake.IntakeResult:
    applicant = make_applicant(name, id_number="001090123456", phone="0912 345 678", address="Thôn Đông")
    return intake.accept(ctx, intake.IntakeRequest(procedure, applicant, **kwargs))  # type: ignore[arg-type]


def _counts(ctx: Context) -> tuple[int, int, int]:
    with ctx.db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Dossier)) or 0,
            s.scalar(select(func.count()).select_from(DossierEvent)) or 0,
            s.scalar(select(func.count()).select_from(OutboxEntry)) or 0,
        )


def test_codes_follow_the_workstation_block_and_the_reception_day(ctx: Context) -> None:
    first, second = _accept(ctx), _accept(ctx, "Trần Thị Ánh")
    assert first.dossier.code == f"{OFFICE_CODE}-251118-2001"
    assert second.dossier.code == f"{OFFICE_CODE}-251118-2002"
    assert parse_dossier_code(second.dossier.code).workstation == 2


def test_same_day_procedure_before_cutoff_is_due_today(ctx: Context) -> None:
    result = _accept(ctx)  # Tuesday 09:00
    assert result.dossier.due_at.astimezone(UTC) == datetime(2025, 11, 18, 10, 0, tzinfo=UTC)  # 17:00 +07
    assert result.dossier.status is Status.RECEIVED


def test_same_day_procedure_after_cutoff_is_due_next_working_day(ctx: Context, clock: FakeClock) -> None:
    clock.now = datetime(2025, 11, 21, 8, 30, tzinfo=UTC)  # Friday 15:30 in Vietnam
    result = _accept(ctx)
    assert result.dossier.due_at.date().isoformat() == "2025-11-24"  # Monday


def test_everything_lands_in_one_transaction(ctx: Context) -> None:
    result = _accept(ctx)
    with ctx.db.read() as s:
        outbox = s.scalars(select(OutboxEntry).order_by(OutboxEntry.id)).all()
        assert [m.payload["kind"] for m in outbox] == ["received", "notified"]  # the SMS to the phone given
        assert outbox[0].payload["dossier_code"] == result.dossier.code
        assert outbox[0].payload["dossier"]["procedure_code"] == BIRTH
        assert "hen tra" in outbox[1].payload["payload"]["text"].lower()
    assert audit.count(ctx, "dossier.receive") == 1
    detail = dossiers.show(ctx, result.dossier.code)
    assert [e.kind for e in detail.events] == ["received", "notified"]
    required = {c.position for c in catalogue.get_procedure(ctx, BIRTH).components if c.required}
    assert {c.position for c in detail.components if c.received} == required  # conditional papers: opt-in
    assert len(detail.components) > len(required)
    assert detail.applicant.phone == "0912345678"


def test_failure_midway_leaves_nothing_behind(ctx: Context) -> None:
    before = _counts(ctx)
    with pytest.raises(NotFound):
        _accept(ctx, procedure="9.999999")
    with pytest.raises(InvalidInput):
        _accept(ctx, return_by_post=True, postal_address=None, procedure="2.000884")  # signature: not by post
    assert _counts(ctx) == before
    # the code sequence did not advance either
    assert _accept(ctx).dossier.code.endswith("-2001")


def test_late_entry_keeps_paper_time_and_is_audited(ctx: Context) -> None:
    paper_time = datetime(2025, 11, 17, 3, 0, tzinfo=UTC)  # Monday 10:00, PC was down
    result = _accept(ctx, procedure=CERTIFY, received_at=paper_time)
    assert result.late_entry
    assert result.dossier.code == f"{OFFICE_CODE}-251117-2001"
    assert result.dossier.received_at == paper_time
    assert audit.count(ctx, "dossier.late_entry") == 1


def test_future_reception_time_is_refused(ctx: Context, clock: FakeClock) -> None:
    with pytest.raises(InvalidInput) as caught:
        _accept(ctx, received_at=clock.now + timedelta(hours=1))
    assert caught.value.code == "intake.future"


def test_missing_required_paper_is_refused_with_its_name(ctx: Context) -> None:
    with pytest.raises(InvalidInput) as caught:
        _accept(ctx, missing=(1,))
    assert caught.value.code == "intake.incomplete"
    assert "Tờ khai" in caught.value.params["missing"]


def test_conditional_papers_count_only_when_handed_in(ctx: Context) -> None:
    optional = [c.position for c in catalogue.get_procedure(ctx, BIRTH).components if not c.required]
    result = _accept(ctx, extra=(optional[0],))
    received = {c.position for c in dossiers.show(ctx, result.dossier.code).components if c.received}
    assert optional[0] in received
    assert not set(optional[1:]) & received
    with pytest.raises(InvalidInput) as caught:
        _accept(ctx, extra=(99,))
    assert caught.value.code == "intake.unknown_component"


def test_postal_return_uses_the_applicant_address(ctx: Context) -> None:
    result = _accept(ctx, procedure=CERTIFY, return_by_post=True, channel=Channel.POSTAL)
    detail = dossiers.show(ctx, result.dossier.code)
    assert detail.return_by_post and detail.postal_address == "Thôn Đông"
    assert detail.channel is Channel.POSTAL


def test_search_ignores_tones_case_and_d(ctx: Context) -> None:
    wanted = _accept(ctx, "Đặng Quốc Dũng")
    _accept(ctx, "Phạm Dung")
    for query in ("dang quoc", "ĐẶNG", "dung", "Dũng", "dang dung"):
        found = [r.code for r in dossiers.search(ctx, query)]
        assert wanted.dossier.code in found, query
    assert [r.code for r in dossiers.search(ctx, "dang quoc dung")] == [wanted.dossier.code]
    assert wanted.dossier.code in [r.code for r in dossiers.search(ctx, "0912 345 678")]
    assert wanted.dossier.code in [r.code for r in dossiers.search(ctx, "001090123456")]
    assert [r.code for r in dossiers.search(ctx, wanted.dossier.code)] == [wanted.dossier.code]
    assert dossiers.search(ctx, "   ") == []


def test_search_returns_newest_first(ctx: Context) -> None:
    codes = [_accept(ctx, "Nguyễn Thị Mai").dossier.code for _ in range(3)]
    assert [r.code for r in dossiers.search(ctx, "nguyen mai")] == codes[::-1]


def test_dossier_keeps_the_procedure_version_it_was_received_under(ctx: Context, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from counter_app.paths import catalogue_dir
    from counter_app.services import catalogue

    old = _accept(ctx)
    data = json.loads((catalogue_dir() / "procedures.json").read_text(encoding="utf-8"))
    for entry in data["procedures"]:
        if entry["code"] == BIRTH:
            entry["working_days"] = 1
    changed = tmp_path / "procedures.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = catalogue.load(ctx, changed)
    assert (report.updated, report.added) == (1, 0)
    new = _accept(ctx)
    assert dossiers.show(ctx, old.dossier.code).procedure_version == 1
    assert dossiers.show(ctx, new.dossier.code).procedure_version == 2
    assert catalogue.get_procedure(ctx, BIRTH).working_days == 1
    assert catalogue.load(ctx, changed).unchanged == report.unchanged + 1
