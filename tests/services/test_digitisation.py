"""The digitisation rule on a real counter database: the papers a dossier must have copied, the share of
a period, the clerk's exemption mark, the intake event that tells the hub, and the OCR words in search.

Copies are rows of ``paper_copy`` as :mod:`counter_app.services.papers` writes them (the file store and
signatures are that module's tests); here only which papers have a current copy matters.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from counter_app import messages
from counter_app.domain.applicant import make_applicant
from counter_app.domain.digitisation import DigitisedShare
from counter_app.domain.errors import DomainError, InvalidInput
from counter_app.domain.statistics import Period
from counter_app.domain.values import Channel
from counter_app.services import digitisation, dossiers, intake
from counter_app.services import statistics as stats
from counter_app.services.context import Context
from counter_app.storage import fts
from counter_app.storage.models import AuditEntry, Dossier, DossierEvent, PaperCopy
from tests.conftest import FakeClock

EXTRACT = "2.000635"  # 1 tờ khai (handed in), 2 giấy tờ tùy thân (xuất trình), 3 ủy quyền (optional)
CONTRACT = "2.001035"  # 1 dự thảo, 2 and 3 copies handed in with their originals, 4 optional
NOVEMBER = Period(date(2025, 11, 1), date(2025, 11, 30))


def take(ctx: Context, procedure: str, name: str = "Nguyễn Thị Hường", **options: object) -> str:
    applicant = make_applicant(name, phone="0912345678", id_number="001190012345")
    return intake.accept(ctx, intake.IntakeRequest(procedure, applicant, **options)).dossier.code  # type: ignore[arg-type]


def copy_paper(ctx: Context, code: str, position: int, *, ocr_text: str | None = None) -> None:
    """A current copy of paper ``position`` (as services.papers records one)."""
    with ctx.db.write() as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == code)).one()
        name = dossier.components[position - 1].name
        digest = uuid.uuid4().hex * 2
        session.add(
            PaperCopy(
                uid=str(uuid.uuid4()),
                dossier_id=dossier.id,
                position=position,
                name=name,
                sha256=digest,
                image_sha256=digest,
                pages=1,
                bytes=40_000,
                source="file",
                signer_kind="office",
                signed_by="UBND xã Tân Lập",
                certified_by_name="Cán bộ một cửa",
                certified_at=datetime(2025, 11, 18, 2, 5, tzinfo=UTC),
                ocr="done" if ocr_text else "pending",
                ocr_text=ocr_text,
            )
        )


def share(ctx: Context, period: Period = NOVEMBER) -> DigitisedShare:
    """The share as the statistics show it, checked against the rule applied dossier by dossier."""
    shown = stats.digitised(ctx, period)
    low, high = stats.bounds(period.as_of(date(2025, 11, 18)))
    with ctx.db.read() as session:
        assert digitisation.share_by_dossier(session, low, high) == shown
    return shown


def test_which_papers_and_the_share_of_the_month(ctx: Context, clock: FakeClock) -> None:
    extract = take(ctx, EXTRACT)  # one paper to copy: the form (the ID card is only shown)
    contract = take(ctx, CONTRACT)  # three: the draft and the two copies handed in
    online = take(ctx, EXTRACT, "Lê Văn Mạng", channel=Channel.ONLINE)  # nothing to copy
    assert share(ctx).to_json() == {
        "received": 3,
        "digitised": 1,
        "share": 0.3333,
        "nothing_to_digitise": 1,
    }

    with ctx.db.read() as session:
        ids = {c: session.scalars(select(Dossier.id).where(Dossier.code == c)).one() for c in (extract, contract)}
        assert digitisation.papers_of(session, ids[extract])[1].name.startswith("Giấy tờ tùy thân")
        assert not digitisation.dossier_complete(session, ids[extract])
    copy_paper(ctx, extract, 1)
    copy_paper(ctx, contract, 1)
    copy_paper(ctx, contract, 2)
    figures = share(ctx)
    assert (figures.received, figures.digitised, figures.nothing_to_digitise) == (3, 2, 1)
    with ctx.db.read() as session:
        assert digitisation.dossier_complete(session, ids[extract])
        assert not digitisation.dossier_complete(session, ids[contract])  # paper 3 not yet
    copy_paper(ctx, contract, 3)
    assert share(ctx).share == 1.0
    # October received nothing; a period not begun is refused as Biểu 06 refuses it.
    assert share(ctx, Period(date(2025, 10, 1), date(2025, 10, 31))).share is None
    with pytest.raises(InvalidInput):
        stats.digitised(ctx, Period(date(2026, 1, 1), date(2026, 1, 31)))
    assert online  # received, counted above


def test_a_clerks_mark_exempts_a_secret_paper_and_is_audited(ctx: Context) -> None:
    code = take(ctx, CONTRACT)
    copy_paper(ctx, code, 1)
    copy_paper(ctx, code, 2)
    mark = digitisation.mark_exempt(ctx, code, 3, "secret")
    assert (mark.paper, mark.reason, mark.digitised_complete) == (3, "secret", True)
    assert share(ctx).digitised == 1
    assert digitisation.mark_exempt(ctx, code, 3, None).digitised_complete is False  # the mark taken back
    assert share(ctx).digitised == 0
    with ctx.db.read() as session:
        actions = list(session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == code)))
    assert actions.count("dossier.paper_exemption") == 2
    with pytest.raises(InvalidInput) as bad:
        digitisation.mark_exempt(ctx, code, 3, "lazy")
    said = messages.message(bad.value.code, bad.value.params, "vi")
    assert said.startswith("Lý do không số hóa không hợp lệ: 'lazy'")
    with pytest.raises(DomainError):
        digitisation.mark_exempt(ctx, code, 9, "secret")
    with pytest.raises(DomainError):
        digitisation.mark_exempt(ctx, "000.00.00.H00-251118-9999", 1, "secret")


def test_the_intake_event_tells_the_hub_how_many_papers_are_to_copy(ctx: Context) -> None:
    paper = take(ctx, CONTRACT, extra=(4,))  # the optional fourth handed in too
    shown_only = take(ctx, EXTRACT, missing=(), extra=())
    online = take(ctx, EXTRACT, channel=Channel.ONLINE)
    with ctx.db.read() as session:

        def first(code: str) -> dict[str, object]:
            row = session.scalars(
                select(DossierEvent).join(Dossier, Dossier.id == DossierEvent.dossier_id).where(Dossier.code == code)
            ).first()
            assert row is not None
            return row.payload

        assert first(paper)["papers_to_digitise"] == 4 and first(paper)["digitised_complete"] is False
        assert first(shown_only)["papers_to_digitise"] == 1
        assert first(online)["papers_to_digitise"] == 0 and first(online)["digitised_complete"] is True


def test_ocr_words_find_the_dossier_tone_and_đ_insensitively(ctx: Context, clock: FakeClock) -> None:
    code = take(ctx, EXTRACT, "Trần Văn Bình")
    other = take(ctx, EXTRACT, "Lê Thị Mai")
    text = "TỜ KHAI\nHọ tên: Nguyễn Thị Hường, thường trú Đồng Tháp"
    copy_paper(ctx, code, 1, ocr_text=text)
    with ctx.db.write() as session:
        did = session.scalars(select(Dossier.id).where(Dossier.code == code)).one()
        fts.index_papers(session, did, [text])

    def found(query: str) -> list[str]:
        return [row.code for row in dossiers.search(ctx, query)]

    assert found("dong thap") == [code]
    assert found("duong thap") == []  # "đường", not "đồng": folding drops marks, it does not guess words
    assert found("huong") == [code]
    assert found("Đồng Tháp") == [code]
    assert found("THUONG TRU") == [code]
    assert found("Cần Thơ") == []
    assert found("Bình") == [code]  # the dossier's own fields are still indexed
    assert found("Mai") == [other]
    # Re-OCR replaces the text (no stale word), and the same call twice changes nothing.
    with ctx.db.write() as session:
        fts.index_papers(session, did, ["Giấy khai sinh Cà Mau"])
        fts.index_papers(session, did, ["Giấy khai sinh Cà Mau"])
    assert found("ca mau") == [code]
    assert found("dong thap") == []
    assert found("Bình") == [code]
    with ctx.db.write() as session:
        fts.index_papers(session, 999_999, ["nothing"])  # no such dossier: nothing written
    assert found("nothing") == []


def test_the_indexed_text_of_a_copy_is_capped() -> None:
    long = "mở đầu " + "chữ " * 10_000 + "cuối cùng"
    words = fts.paper_words([long, None, "Đồng Tháp"])
    assert words.startswith("mo dau") and "cuoi cung" not in words and words.endswith("dong thap")
    assert len(words) <= fts.PAPER_TEXT_LIMIT + len(" dong thap")
    assert fts.paper_words(["x"] * (fts.PAPER_COPIES_LIMIT + 5)).count("x") == fts.PAPER_COPIES_LIMIT
