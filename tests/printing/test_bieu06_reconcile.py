"""Biểu 06 reconciles on its face (issue 12 item 5): for any set of dossiers, the printed figures satisfy
(1) = (2) + (3) + (4) = (5) + (9), (5) = (6) + (7) + (8), (9) = (10) + (11) on every line, and the
reconciliation line adds the dossiers ended without a result to (1); the heading has "Trong đó" over
the two channels of the dossiers received in the period, as in the official layout."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from counter_app.domain.statistics import DossierFacts, Ending, Period, compute
from counter_app.printing.bieu06 import HEADER_ROWS, note_lines, render_bieu06, table_rows
from counter_app.services.statistics import to_document
from tests.domain.test_statistics import consistent_facts, periods

PRINTED = datetime(2025, 11, 18, 3, 0, tzinfo=UTC)


def printed_figures(rows: list[list[str]]) -> list[list[int]]:
    return [[int(cell) for cell in row[2:]] for row in rows[HEADER_ROWS:]]


def accepted_in_play(facts: list[DossierFacts], period: Period) -> int:
    """Accepted dossiers the period had to deal with: received by its end, not closed before its start."""
    return sum(
        f.count
        for f in facts
        if f.due_on is not None
        and f.received_on <= period.end
        and not (f.resolved_on is not None and f.resolved_on < period.start)
        and not (f.ended_on is not None and f.ended_on < period.start)
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(consistent_facts(), max_size=40), periods)
def test_the_printed_table_reconciles_for_any_dossiers(facts: list[DossierFacts], period: Period) -> None:
    report = compute(period, facts)
    doc = to_document(report, "UBND xã Tân Lập", "UBND tỉnh Phú Thọ", "Tân Lập", PRINTED)
    for n in printed_figures(table_rows(doc, "vi")):  # the total, then every field
        assert n[0] == n[1] + n[2] + n[3], n  # (1) = (2) + (3) + (4)
        assert n[0] == n[4] + n[8], n  # (1) = (5) + (9)
        assert n[4] == n[5] + n[6] + n[7], n  # (5) = (6) + (7) + (8)
        assert n[8] == n[9] + n[10], n  # (9) = (10) + (11)
    total, *fields = printed_figures(table_rows(doc, "vi"))
    assert [sum(column) for column in zip(*fields, strict=True)] == (total if fields else [])
    # the reconciliation line: (1) + ended without a result = every accepted dossier in play
    ended = sum(
        f.count
        for f in facts
        if f.ending in (Ending.WITHDRAWN, Ending.STOPPED)
        and f.due_on is not None
        and f.ended_on is not None
        and period.start <= f.ended_on <= period.end
        and f.received_on <= period.end
    )
    line = next(text for text in note_lines(doc, "vi") if text.startswith("Đối chiếu"))
    assert f"{total[0]} (cột 1) + {ended} = {total[0] + ended}." in line
    assert total[0] + ended == accepted_in_play(facts, period)


def test_the_heading_has_trong_do_over_the_two_channels_and_the_identities_under_the_table() -> None:
    facts: list[DossierFacts] = []  # an empty period still prints the whole heading
    doc = to_document(compute(Period.quarter(2025, 3), facts), "UBND xã Tân Lập", None, "Tân Lập", PRINTED)
    _groups, subs, channels, numbers = table_rows(doc, "vi")[:HEADER_ROWS]
    assert subs[2:6] == ["Tổng số", "Trong đó", "", "Từ kỳ trước"]
    assert channels[3:5] == ["Trực tuyến", "Trực tiếp, dịch vụ bưu chính"]
    assert numbers[2] == "(1)" and numbers[-1] == "(11)"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_bieu06(doc))).pages).split())
    assert "Tổng số Trong đó Từ kỳ trước" in text
    assert "(1) = (2) + (3) + (4) = (5) + (9); (5) = (6) + (7) + (8); (9) = (10) + (11)." in text
    assert "0 (cột 1) + 0 = 0." in text
