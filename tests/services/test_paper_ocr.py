"""OCR after the copy is stored: the searchable version becomes the copy's file, signed again; a bad copy
stays pending and never stops the next one; a reused copy takes the text already read."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_app.copies.ocr import ocr_available
from counter_app.services import audit, dossiers, papers
from counter_app.services.context import Context
from tests.services.paper_support import CCCD, CERTIFY, accept, page, pdfsig

pytestmark = pytest.mark.skipif(not ocr_available(), reason="tesseract with Vietnamese is not installed")


def test_ocr_replaces_the_file_with_a_signed_searchable_copy_and_keeps_the_image(ctx: Context) -> None:
    code = accept(ctx)
    image = papers.store_copy(ctx, code, 1, [page(1)])
    assert papers.ocr_pending(ctx) == [1]
    assert papers.ocr_one(ctx, 1) is True
    [done] = papers.list_copies(ctx, code)
    assert done.ocr == "done" and done.sha256 != image.sha256 and done.path.exists()
    assert image.path.exists()  # the signed image copy first stored stays (its row references it)
    assert "Signature #1" in pdfsig(done.path) and "UBND xã Tân Lập" in pdfsig(done.path)
    assert papers.ocr_pending(ctx) == [] and audit.count(ctx, "paper.ocr") == 1
    assert [r.code for r in dossiers.search(ctx, "Thắng")] == [code]  # a word of the page


def test_a_damaged_copy_stays_pending_and_the_next_one_is_read(ctx: Context) -> None:
    code = accept(ctx)
    bad = papers.store_copy(ctx, code, 1, [page(1)])
    papers.store_copy(ctx, code, 4, [page(2)])
    bad.path.write_bytes(b"%PDF-1.7 damaged")
    assert papers.run_ocr(ctx) == (1, 1)
    states = {c.paper: c.ocr for c in papers.list_copies(ctx, code)}
    assert states == {1: "pending", 4: "done"}
    assert papers.ocr_waiting(ctx) == 1


def test_a_reused_copy_takes_the_text_already_read(ctx: Context, data_dir: Path) -> None:
    first = accept(ctx)
    papers.store_copy(ctx, first, 4, [page(3)])
    offered = papers.reusable_for(ctx, CCCD)
    second = accept(ctx, CERTIFY)
    papers.reuse_copy(ctx, second, 2, offered[0].uid)
    assert papers.ocr_one(ctx, papers.ocr_pending(ctx)[0]) is True  # the original
    files = sorted(p for p in (data_dir / "papers").rglob("*.pdf"))
    [reused_id] = papers.ocr_pending(ctx)
    assert papers.ocr_one(ctx, reused_id) is True  # no second OCR: the same searchable file
    assert sorted(p for p in (data_dir / "papers").rglob("*.pdf")) == files
    [original] = papers.list_copies(ctx, first)
    [reused] = papers.list_copies(ctx, second)
    assert (reused.ocr, reused.sha256) == ("done", original.sha256)
    assert [r.code for r in dossiers.search(ctx, "Thắng")] == [second, first]
