"""Papers scanned or reused at intake: stored in the intake's own transaction, printed on the receipt."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.domain.applicant import make_applicant
from counter_app.domain.errors import InvalidInput
from counter_app.services import audit, documents, dossiers, intake, papers
from counter_app.services.context import Context
from counter_app.storage.check import sweep_papers
from counter_app.storage.models import Dossier, PaperCopy
from tests.conftest import FakeClock
from tests.services.paper_support import CCCD, CERTIFY, MARRIAGE, accept, small_page


def _request(procedure: str = MARRIAGE, **kwargs: object) -> intake.IntakeRequest:
    applicant = make_applicant("Nguyễn Thị Thuỷ Tiên", id_number=CCCD, phone="0912 345 678")
    return intake.IntakeRequest(procedure, applicant, **kwargs)  # type: ignore[arg-type]


def _count(ctx: Context, model: type) -> int:
    with ctx.db.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())  # a paper's name wraps in its cell


def test_papers_scanned_at_intake_are_stored_with_the_dossier_and_marked_on_the_receipt(
    ctx: Context, tmp_path: Path
) -> None:
    result = intake.accept(ctx, _request(papers={1: [small_page(1)], 4: [small_page(2), small_page(3)]}))
    code = result.dossier.code
    copies = papers.list_copies(ctx, code)
    assert [(c.paper, c.pages, c.source) for c in copies] == [(1, 1, "scanner"), (4, 2, "scanner")]
    assert all(c.path.exists() for c in copies)
    kinds = [e.kind for e in dossiers.show(ctx, code).events]
    assert kinds[:3] == ["received", "paper_digitised", "paper_digitised"]
    assert audit.count(ctx, "paper.digitised") == 2
    text = _pdf_text(documents.receipt(ctx, code).pdf, tmp_path)
    assert text.count("(đã số hóa)") == 4  # papers 1 and 4, on both copies of the receipt


def test_a_copy_reused_at_intake_is_printed_with_its_date(ctx: Context, clock: FakeClock, tmp_path: Path) -> None:
    earlier = accept(ctx)
    papers.store_copy(ctx, earlier, 4, [small_page(4)])
    offered = papers.reusable_for(ctx, CCCD)
    clock.now = clock.now.replace(month=12, day=2)
    result = intake.accept(ctx, _request(CERTIFY, papers={1: [small_page(5)]}, reuse={2: offered[0].uid}))
    code = result.dossier.code
    assert [(c.paper, c.source, c.reused_from) for c in papers.list_copies(ctx, code)] == [
        (1, "scanner", None),
        (2, "reuse", earlier),
    ]
    text = _pdf_text(documents.receipt(ctx, code).pdf, tmp_path)
    assert text.count("(dùng lại bản số hóa ngày 18/11/2025)") == 2
    assert "paper_reused" in [e.kind for e in dossiers.show(ctx, code).events]


def test_an_intake_refused_inside_its_transaction_leaves_no_row_and_no_file(ctx: Context, data_dir: Path) -> None:
    with pytest.raises(InvalidInput) as caught:  # paper 1 is required and marked missing: not accepted
        intake.accept(ctx, _request(missing=(1,), papers={4: [small_page(1)]}))
    assert caught.value.code == "intake.incomplete"
    assert _count(ctx, Dossier) == 0 and _count(ctx, PaperCopy) == 0
    # the signed copy written before the transaction goes with it: no citizen's paper left on the disk
    assert [p for p in (data_dir / "papers").rglob("*") if p.is_file()] == []
    assert sweep_papers(data_dir / "counter.sqlite3", grace=-1) == []


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"papers": {9: [small_page()]}}, "intake.unknown_component"),
        ({"reuse": {9: "x"}}, "intake.unknown_component"),
        ({"missing": (2,), "papers": {2: [small_page()]}}, "papers.missing_paper_scanned"),
        ({"papers": {2: [small_page()]}, "reuse": {2: "x"}}, "papers.scanned_and_reused"),
    ],
)
def test_papers_that_do_not_fit_the_checklist_are_refused(ctx: Context, kwargs: dict[str, object], code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        intake.accept(ctx, _request(**kwargs))
    assert caught.value.code == code
    assert _count(ctx, Dossier) == 0 and _count(ctx, PaperCopy) == 0


def test_a_refused_application_takes_no_copy(ctx: Context, data_dir: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        intake.refuse(ctx, _request(papers={1: [small_page()]}), "Không thuộc thẩm quyền")
    assert caught.value.code == "papers.refused_intake"
    assert not (data_dir / "papers").exists()


def test_the_same_intake_request_twice_stores_its_papers_once(ctx: Context) -> None:
    request = _request(papers={1: [small_page(1)]})
    first = intake.accept(ctx, request, request_id="form-0001-papers")
    again = intake.accept(ctx, _request(papers={1: [small_page(1)]}), request_id="form-0001-papers")
    assert again.dossier.code == first.dossier.code
    assert _count(ctx, PaperCopy) == 1 and audit.count(ctx, "paper.digitised") == 1


def test_an_optional_paper_scanned_at_intake_counts_as_received(ctx: Context) -> None:
    code = intake.accept(ctx, _request(papers={2: [small_page(1)]})).dossier.code  # paper 2 is optional
    received = [c.position for c in dossiers.show(ctx, code).components if c.received]
    assert received == [1, 2, 4]
