"""The papers' certified copies: stored whole and signed, in the history and the audit trail, replaced by
a re-scan, stored once per request, exported, reused for the same citizen, refused when they must be."""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from counter_app.domain.errors import IllegalTransition, InvalidInput
from counter_app.services import audit, dossiers, lifecycle, papers
from counter_app.services.context import Context
from counter_app.services.errors import NotFound, Refused
from counter_app.storage.blobs import GRACE_SECONDS
from counter_app.storage.check import paper_problems, sweep_papers
from counter_app.storage.models import PaperCopy
from tests.conftest import FakeClock
from tests.services.paper_support import CCCD, CERTIFY, OTHER_CCCD, accept, page, pdfsig, small_page


def _rows(ctx: Context) -> int:
    with ctx.db.read() as s:
        return s.scalar(select(func.count()).select_from(PaperCopy)) or 0


def _files(data_dir: Path) -> list[Path]:
    return sorted(p for p in (data_dir / "papers").rglob("*") if p.is_file())


def test_a_stored_copy_is_a_signed_file_named_by_its_sha256(ctx: Context) -> None:
    code = accept(ctx)
    info = papers.store_copy(ctx, code, 1, [page(1), page(2)])
    data = info.path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == info.sha256 and info.bytes == len(data)
    assert info.path.name == f"{info.sha256}.pdf" and info.path.parent.name == info.sha256[:2]
    assert (info.paper, info.pages, info.ocr, info.source) == (1, 2, "pending", "file")
    assert info.name.startswith("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân")
    assert (info.signer_kind, info.signed_by) == ("office", "UBND xã Tân Lập")  # no token: the office key
    assert info.certified_by == "admin"  # the clerk at the time (this account has no real name yet)
    report = pdfsig(info.path)
    assert "Signature #1" in report and "UBND xã Tân Lập" in report
    assert papers.copy_bytes(ctx, code, 1) == data


def test_each_copy_is_in_the_history_and_the_audit_trail(ctx: Context) -> None:
    code = accept(ctx)
    info = papers.store_copy(ctx, code, 4, [page(3)])
    event = [e for e in dossiers.show(ctx, code).events if e.kind == "paper_digitised"]
    assert len(event) == 1
    payload = event[0].payload
    assert (payload["position"], payload["sha256"], payload["pages"]) == (4, info.sha256, 1)
    assert payload["signer"] == "UBND xã Tân Lập" and payload["digitised"] == [4]
    # The ID card is only shown (xuất trình): exempt, stored all the same, and the event says so.
    assert payload["exempt"] == "shown"
    assert (payload["papers_to_digitise"], payload["digitised_complete"]) == (1, False)  # the form, paper 1
    assert audit.count(ctx, "paper.digitised") == 1
    papers.store_copy(ctx, code, 1, [page(1)])
    last = [e for e in dossiers.show(ctx, code).events if e.kind == "paper_digitised"][-1]
    assert last.payload["digitised"] == [1, 4] and last.payload["digitised_complete"] is True
    assert "exempt" not in last.payload


def test_a_rescan_replaces_the_current_copy_and_keeps_the_old_one(ctx: Context) -> None:
    code = accept(ctx)
    first = papers.store_copy(ctx, code, 1, [page(1)])
    second = papers.store_copy(ctx, code, 1, [page(2)])
    assert [c.sha256 for c in papers.list_copies(ctx, code)] == [second.sha256]
    history = papers.list_copies(ctx, code, history=True)
    assert [(c.sha256, c.current) for c in history] == [(first.sha256, False), (second.sha256, True)]
    assert first.path.exists()  # history keeps its file
    event = [e for e in dossiers.show(ctx, code).events if e.kind == "paper_digitised"][-1]
    assert event.payload["replaces"] == first.sha256


def test_the_same_request_twice_stores_once(ctx: Context) -> None:
    code = accept(ctx)
    first = papers.store_copy(ctx, code, 1, [page(1)], request_id="scan-0001-abcd")
    again = papers.store_copy(ctx, code, 1, [page(1)], request_id="scan-0001-abcd")
    assert again == first
    assert _rows(ctx) == 1 and audit.count(ctx, "paper.digitised") == 1
    with pytest.raises(Refused) as other:
        papers.store_copy(ctx, code, 2, [page(1)], request_id="scan-0001-abcd")
    assert other.value.code == "request.reused"


@pytest.mark.parametrize("paper", [0, 6, -1])
def test_a_paper_number_outside_the_checklist_is_refused_and_nothing_is_stored(
    ctx: Context, data_dir: Path, paper: int
) -> None:
    code = accept(ctx)
    with pytest.raises(InvalidInput) as caught:
        papers.store_copy(ctx, code, paper, [small_page()])
    assert caught.value.code == "papers.no_such_paper" and caught.value.params["count"] == 5
    assert _rows(ctx) == 0 and _files(data_dir) == []


def test_an_unknown_dossier_and_no_pages_are_refused(ctx: Context, data_dir: Path) -> None:
    code = accept(ctx)
    with pytest.raises(NotFound):
        papers.store_copy(ctx, "000.12.34.H26-251118-2999", 1, [small_page()])
    with pytest.raises(InvalidInput) as caught:
        papers.store_copy(ctx, code, 1, [])
    assert caught.value.code == "papers.no_pages"
    assert _rows(ctx) == 0 and _files(data_dir) == []


def test_a_withdrawn_dossier_takes_no_copy(ctx: Context, data_dir: Path) -> None:
    code = accept(ctx)
    lifecycle.withdraw(ctx, code, "Công dân xin rút", on_request=True)
    with pytest.raises(IllegalTransition):
        papers.store_copy(ctx, code, 1, [small_page()])
    assert _rows(ctx) == 0 and _files(data_dir) == []


def test_a_returned_dossier_can_still_be_digitised_for_the_archive(ctx: Context) -> None:
    code = accept(ctx, CERTIFY)
    lifecycle.record_result(ctx, code)
    lifecycle.return_result(ctx, code, "Nguyễn Thị Thuỷ Tiên")
    assert papers.store_copy(ctx, code, 2, [small_page()]).paper == 2


def test_export_writes_each_current_copy_under_a_readable_name(ctx: Context, tmp_path: Path) -> None:
    code = accept(ctx)
    one = papers.store_copy(ctx, code, 1, [small_page(1)])
    four = papers.store_copy(ctx, code, 4, [small_page(2)])
    out = tmp_path / "out"
    out.mkdir()
    written = papers.export_copies(ctx, code, out)
    assert [p.name for p in written] == [
        f"{code}-1-to-khai-cap-giay-xac-nhan-tinh-trang-hon.pdf",
        f"{code}-4-giay-to-tuy-than-cua-nguoi-nop-ho-so-the.pdf",
    ]
    assert [p.read_bytes() for p in written] == [one.path.read_bytes(), four.path.read_bytes()]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)  # no temporary left
    with pytest.raises(InvalidInput):
        papers.export_copies(ctx, code, tmp_path / "missing")


def test_export_refuses_a_damaged_copy_and_writes_nothing(ctx: Context, tmp_path: Path) -> None:
    code = accept(ctx)
    papers.store_copy(ctx, code, 1, [small_page(1)])
    damaged = papers.store_copy(ctx, code, 4, [small_page(2)])
    damaged.path.write_bytes(b"%PDF-1.7 overwritten")
    with pytest.raises(Refused) as caught:
        papers.export_copies(ctx, code, tmp_path)
    assert caught.value.code == "papers.file_damaged"
    assert list(tmp_path.glob("*.pdf")) == []


# ---------------------------------------------------------------- reuse


def test_a_copy_is_offered_again_to_the_same_citizen_and_reused_without_a_new_file(
    ctx: Context, data_dir: Path, clock: FakeClock
) -> None:
    first = accept(ctx)
    original = papers.store_copy(ctx, first, 4, [small_page(4)])
    accept(ctx, id_number=OTHER_CCCD, name="Trần Văn Bình")  # another citizen's dossier
    files = _files(data_dir)
    clock.now = clock.now.replace(day=20)
    second = accept(ctx, CERTIFY)

    offered = papers.reusable_for(ctx, CCCD)
    assert [(r.dossier_code, r.sha256, r.pages) for r in offered] == [(first, original.sha256, 1)]
    assert offered[0].certified_at == original.certified_at and offered[0].signed_by == "UBND xã Tân Lập"
    assert papers.reusable_for(ctx, OTHER_CCCD) == []

    reused = papers.reuse_copy(ctx, second, 2, offered[0].uid)
    assert (reused.source, reused.sha256, reused.reused_from, reused.path) == (
        "reuse",
        original.sha256,
        first,
        original.path,
    )
    assert reused.certified_at == original.certified_at  # the certification reused, with its date
    assert _files(data_dir) == files  # no rescan, no new file
    event = [e for e in dossiers.show(ctx, second).events if e.kind == "paper_reused"]
    assert len(event) == 1 and event[0].payload["reused_from"] == first
    assert audit.count(ctx, "paper.reused") == 1
    # offered once: the reused row shares the file
    assert [r.sha256 for r in papers.reusable_for(ctx, CCCD)] == [original.sha256]


def test_another_citizens_copy_is_not_reused(ctx: Context) -> None:
    first = accept(ctx)
    original = papers.store_copy(ctx, first, 4, [small_page(4)])
    uid = papers.list_copies(ctx, first)[0].uid
    stranger = accept(ctx, CERTIFY, id_number=OTHER_CCCD, name="Trần Văn Bình")
    with pytest.raises(Refused) as caught:
        papers.reuse_copy(ctx, stranger, 1, uid)
    assert caught.value.code == "papers.reuse_other_person"
    assert [c.sha256 for c in papers.list_copies(ctx, first)] == [original.sha256]
    assert papers.list_copies(ctx, stranger) == []


def test_reusable_for_refuses_a_malformed_id_number(ctx: Context) -> None:
    with pytest.raises(InvalidInput):
        papers.reusable_for(ctx, "12345")


# ---------------------------------------------------------------- the files' upkeep


def test_check_reports_a_missing_or_changed_file_by_dossier_and_paper(ctx: Context, data_dir: Path) -> None:
    code = accept(ctx)
    one = papers.store_copy(ctx, code, 1, [small_page(1)])
    four = papers.store_copy(ctx, code, 4, [small_page(2)])
    database = data_dir / "counter.sqlite3"
    assert paper_problems(database) == []
    one.path.unlink()
    four.path.write_bytes(four.path.read_bytes() + b"\n% appended")
    found = [(p.dossier_code, p.position, p.problem) for p in paper_problems(database)]
    assert found == [(code, 1, "missing"), (code, 4, "mismatch")]


def test_the_sweep_sets_aside_only_old_unreferenced_files(ctx: Context, data_dir: Path) -> None:
    code = accept(ctx)
    kept = papers.store_copy(ctx, code, 1, [small_page(1)])
    stray = papers.store_of(ctx).put(b"%PDF-1.7 left by a crash before its commit")[1]
    young = papers.store_of(ctx).put(b"%PDF-1.7 a store not committed yet")[1]
    old = time.time() - GRACE_SECONDS - 10
    for path in (kept.path, stray):
        os.utime(path, (old, old))
    assert sweep_papers(data_dir / "counter.sqlite3") == [stray]
    assert kept.path.exists() and young.exists() and not stray.exists()
    assert (data_dir / "papers" / "unreferenced" / stray.name).is_file()  # kept, in case a backup names it


def test_the_background_check_at_start_sweeps_stray_files(ctx: Context, data_dir: Path) -> None:
    from counter_app.services.database import verify

    code = accept(ctx)
    kept = papers.store_copy(ctx, code, 1, [small_page(1)])
    stray = papers.store_of(ctx).put(b"%PDF-1.7 stored, then the PC lost power before the commit")[1]
    old = time.time() - GRACE_SECONDS - 10
    os.utime(stray, (old, old))
    assert verify(ctx.db) is True
    assert kept.path.exists() and not stray.exists()


def test_copies_stored_at_once_from_several_threads_leave_one_current_copy(ctx: Context) -> None:
    from concurrent.futures import ThreadPoolExecutor

    code = accept(ctx)
    with ThreadPoolExecutor(max_workers=4) as pool:
        stored = list(pool.map(lambda n: papers.store_copy(ctx, code, 1, [small_page(n)]), range(4)))
    history = papers.list_copies(ctx, code, history=True)
    assert sorted(c.sha256 for c in history) == sorted(s.sha256 for s in stored)
    assert [c.current for c in history].count(True) == 1
    assert all(c.path.exists() for c in history)
    assert len([e for e in dossiers.show(ctx, code).events if e.kind == "paper_digitised"]) == 4


@given(st.text(max_size=300))
def test_an_export_name_is_short_plain_ascii(name: str) -> None:
    slug = papers.slug(name)
    assert 1 <= len(slug) <= 40 and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)


def test_an_export_name_keeps_whole_words_without_tones() -> None:
    name = "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở"
    assert papers.slug(name) == "giay-chung-nhan-quyen-su-dung-dat-quyen"
    assert papers.slug("“—”") == "giay-to"


def test_check_paper_names_the_paper_or_refuses_as_store_copy_would(ctx: Context) -> None:
    code = accept(ctx)
    assert papers.check_paper(ctx, code, 1).startswith("Tờ khai cấp Giấy xác nhận")
    with pytest.raises(InvalidInput):
        papers.check_paper(ctx, code, 6)
    lifecycle.withdraw(ctx, code, "Công dân xin rút", on_request=True)
    with pytest.raises(IllegalTransition):
        papers.check_paper(ctx, code, 1)
