"""Directive 24/CT-TTg: 25 services take no paper dossier from 01/10/2025; the counter files them online
with the citizen ("Hỗ trợ nộp trực tuyến"), records the portal's code, and counts them online in Biểu 06."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text

from counter_app import messages
from counter_app.domain.applicant import make_applicant
from counter_app.domain.errors import InvalidInput
from counter_app.domain.statistics import Period
from counter_app.domain.values import Channel
from counter_app.paths import catalogue_dir
from counter_app.services import catalogue, dossiers, intake
from counter_app.services import statistics as stats
from counter_app.services.context import Context
from counter_app.storage.models import OutboxEntry

BIRTH = "1.001193"  # Đăng ký khai sinh: online only from 01/10/2025
MARRIAGE = "1.000894"  # Đăng ký kết hôn
COPY = "2.000635"  # Cấp bản sao Trích lục hộ tịch: still on paper
MARKED = {"1.001193", "1.000656", "1.000894", "3.000722", "2.002913", "1.004222", "1.004194", "1.003677"}


def _request(procedure: str = BIRTH, **kwargs: object) -> intake.IntakeRequest:
    applicant = make_applicant("Nguyễn Thị Lan", id_number="001190123456", phone="0912345678")
    return intake.IntakeRequest(procedure, applicant, **kwargs)  # type: ignore[arg-type]


def test_the_catalogue_marks_the_online_only_services_with_the_directive_and_its_date(ctx: Context) -> None:
    marked = {p.code: p.online_only for p in catalogue.list_procedures(ctx) if p.online_only is not None}
    assert set(marked) == MARKED
    rule = marked[BIRTH]
    assert rule is not None
    assert "24/CT-TTg" in rule.basis and rule.effective_from == date(2025, 10, 1)
    assert catalogue.get_procedure(ctx, COPY).online_only is None
    shipped = json.loads((catalogue_dir() / "online_only.json").read_text(encoding="utf-8"))
    assert len(shipped["services"]) + len(shipped["not_in_catalogue"]) == 25  # the directive's 25 services


def test_a_paper_intake_after_the_date_is_refused_citing_the_rule(ctx: Context) -> None:
    for channel in (Channel.DIRECT, Channel.POSTAL):
        with pytest.raises(InvalidInput) as caught:
            intake.accept(ctx, _request(channel=channel))
        assert caught.value.code == "intake.online_only"
        sentence = messages.message(caught.value.code, caught.value.params)
        assert "Chỉ thị số 24/CT-TTg" in sentence and "01/10/2025" in sentence and "trực tuyến" in sentence
    assert dossiers.count(ctx) == 0


def test_a_dossier_received_before_the_date_is_unaffected(ctx: Context) -> None:
    before = datetime(2025, 9, 30, 3, 0, tzinfo=UTC)  # 30/09/2025 10:00 in Vietnam, entered late
    result = intake.accept(ctx, _request(received_at=before))
    assert result.late_entry and result.dossier.channel is Channel.DIRECT


def test_assisted_online_filing_records_the_portal_code_and_the_digitised_papers(ctx: Context) -> None:
    result = intake.accept(
        ctx, _request(MARRIAGE, channel=Channel.ONLINE, assisted=True, portal_code=" 000.12.34.h26-251118-0007 ")
    )
    detail = dossiers.show(ctx, result.dossier.code)
    assert detail.channel is Channel.ONLINE and detail.assisted
    assert detail.portal_code == "000.12.34.H26-251118-0007"
    required = {c.position for c in catalogue.get_procedure(ctx, MARRIAGE).components if c.required}
    assert {c.position for c in detail.components if c.received} == required  # the papers digitised
    assert detail.events[0].payload["portal_code"] == "000.12.34.H26-251118-0007"
    with ctx.db.read() as s:  # what goes to the hub
        snapshot = next(e.payload["dossier"] for e in s.scalars(select(OutboxEntry)) if "dossier" in e.payload)
    assert snapshot["channel"] == "online" and snapshot["assisted"] is True
    assert snapshot["portal_code"] == "000.12.34.H26-251118-0007"


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        (None, "intake.portal_code_required"),
        ("  ", "intake.portal_code_required"),
        ("AB12", "intake.portal_code"),
        ("mã hồ sơ 12345", "intake.portal_code"),
        ("X1" * 30, "intake.portal_code"),
        ("ABCDEFGH", "intake.portal_code"),
    ],
)
def test_a_bad_portal_code_is_refused(ctx: Context, code: str | None, problem: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        intake.accept(ctx, _request(channel=Channel.ONLINE, assisted=True, portal_code=code))
    assert caught.value.code == problem
    assert dossiers.count(ctx) == 0


def test_assisted_needs_the_online_channel_and_a_code_needs_assistance(ctx: Context) -> None:
    with pytest.raises(InvalidInput) as caught:
        intake.accept(ctx, _request(assisted=True, portal_code="000.12.34.H26-251118-0007"))
    assert caught.value.code == "intake.assisted_channel"
    with pytest.raises(InvalidInput) as caught:
        intake.accept(ctx, _request(channel=Channel.ONLINE, portal_code="000.12.34.H26-251118-0007"))
    assert caught.value.code == "intake.portal_code_unassisted"


def test_a_paper_exception_is_taken_only_with_a_reason_and_only_for_an_online_only_service(ctx: Context) -> None:
    reason = "Cổng Dịch vụ công gián đoạn cả ngày; người dân cần giấy khai sinh gấp"
    result = intake.accept(ctx, _request(paper_exception=reason))
    detail = dossiers.show(ctx, result.dossier.code)
    assert detail.channel is Channel.DIRECT and detail.paper_exception == reason and not detail.assisted
    assert detail.events[0].payload["paper_exception"] == reason
    with pytest.raises(InvalidInput) as caught:
        intake.accept(ctx, _request(COPY, paper_exception=reason))
    assert caught.value.code == "intake.exception_not_needed"


def test_refusal_and_supplement_request_still_possible_on_paper(ctx: Context) -> None:
    refused = intake.refuse(ctx, _request(), "Thủ tục chỉ nộp trực tuyến (Chỉ thị 24/CT-TTg)")
    assert refused.dossier.status.value == "refused"
    incomplete = intake.record_incomplete(ctx, _request(missing=(1,)), "Mang tờ khai để số hóa")
    assert incomplete.dossier.status.value == "intake_supplement"


def test_assisted_filings_count_as_online_in_bieu_06(ctx: Context) -> None:
    intake.accept(ctx, _request(channel=Channel.ONLINE, assisted=True, portal_code="000.12.34.H26-251118-0001"))
    intake.accept(ctx, _request(COPY))
    data = stats.report(ctx, Period.quarter(2025, 4)).to_json()
    assert data["received"]["online"] == 1
    assert data["received"]["direct_postal"] == 1


def test_a_catalogue_without_the_block_keeps_the_marks_and_an_empty_block_clears_them(ctx: Context) -> None:
    published = json.loads((catalogue_dir() / "procedures.json").read_text(encoding="utf-8"))
    with ctx.db.write() as s:
        catalogue.load_data_into(s, ctx.actor, ctx.now(), published, None)
    assert catalogue.get_procedure(ctx, BIRTH).online_only is not None
    block = json.loads((catalogue_dir() / "online_only.json").read_text(encoding="utf-8"))
    with ctx.db.write() as s:
        catalogue.load_data_into(s, ctx.actor, ctx.now(), {**published, "online_only": {**block, "services": []}}, None)
    assert catalogue.get_procedure(ctx, BIRTH).online_only is None
    intake.accept(ctx, _request())  # paper again: the hub took the mark away
    with pytest.raises(InvalidInput), ctx.db.write() as s:
        catalogue.load_data_into(
            s, ctx.actor, ctx.now(), {**published, "online_only": {**block, "effective_from": "1/10"}}, None
        )


def test_demo_data_after_the_date_files_online_only_services_online(ctx: Context) -> None:
    from counter_app.services import demo

    demo.generate(ctx, 3000, seed=7)
    with ctx.db.read() as s:
        rows = s.execute(
            text(
                "SELECT d.channel, d.assisted, d.portal_code, d.received_at >= '2025-09-30 17:00:00' FROM dossier d"
                " JOIN procedure p ON p.id = d.procedure_id WHERE p.code IN ('1.001193', '1.000656', '1.000894')"
            )
        ).all()
    after = [r for r in rows if r[3]]
    assert after and all(channel == "online" for channel, *_ in after)
    assert any(assisted and code for _, assisted, code, _ in after)  # accepted at the counter: assisted
    assert any(channel != "online" for channel, *_ in (r for r in rows if not r[3]))  # paper before the date
