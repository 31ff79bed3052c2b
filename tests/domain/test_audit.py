"""The audit trail's hash chain: any edit, removal, insertion or reordering is found at the right entry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.audit import GENESIS, chain_hash, first_break

Entry = tuple[Mapping[str, Any], str, str]


def build(contents: Sequence[Mapping[str, Any]]) -> list[Entry]:
    """The chain an honest recorder writes: (content, prev_hash, hash) per entry."""
    entries: list[Entry] = []
    prev = GENESIS
    for content in contents:
        stored = chain_hash(prev, content)
        entries.append((content, prev, stored))
        prev = stored
    return entries


CONTENTS: list[Mapping[str, Any]] = [
    {"action": "office.initialized", "actor": "admin", "at": "2025-11-18T02:00:00+00:00"},
    {"action": "dossier.received", "actor": "thu", "code": "000.12.34.H26-251118-2001"},
    {"action": "dossier.printed", "actor": "thu", "form": "Mẫu 01"},
    {"action": "calendar.override_added", "actor": "admin", "day": "2026-02-23", "note": "Tỉnh cho nghỉ"},
    {"action": "dossier.returned", "actor": "lan", "code": "000.12.34.H26-251118-2001"},
]
CHAIN = build(CONTENTS)


def test_genesis_is_sixty_four_zeros() -> None:
    assert GENESIS == "0" * 64


def test_an_intact_chain_has_no_break() -> None:
    assert first_break(CHAIN) is None


def test_an_empty_trail_has_no_break() -> None:
    assert first_break([]) is None


def test_first_break_reads_a_generator_once() -> None:
    assert first_break(entry for entry in CHAIN) is None


def test_hash_is_sha256_hex() -> None:
    value = chain_hash(GENESIS, CONTENTS[0])
    assert len(value) == 64
    assert set(value) <= set("0123456789abcdef")


def test_hash_does_not_depend_on_key_order() -> None:
    content = {"b": 1, "a": "Đặng", "c": [1, 2]}
    assert chain_hash(GENESIS, content) == chain_hash(GENESIS, dict(reversed(content.items())))


def test_hash_depends_on_the_previous_hash() -> None:
    assert chain_hash(GENESIS, CONTENTS[0]) != chain_hash("f" * 64, CONTENTS[0])


def test_dates_and_times_are_hashed_by_their_text() -> None:
    moment = datetime(2025, 11, 18, 2, 0, tzinfo=UTC)
    assert chain_hash(GENESIS, {"at": moment}) == chain_hash(GENESIS, {"at": str(moment)})
    assert chain_hash(GENESIS, {"day": date(2026, 2, 23)}) == chain_hash(GENESIS, {"day": "2026-02-23"})


def test_vietnamese_text_in_nfc_and_nfd_hashes_differently() -> None:
    # The chain is byte-exact: normalisation must happen before recording, never when verifying.
    assert chain_hash(GENESIS, {"note": "Dũng"}) != chain_hash(GENESIS, {"note": "Du\u0303ng"})


@pytest.mark.parametrize("index", range(len(CHAIN)))
def test_edited_content_breaks_the_chain_at_that_entry(index: int) -> None:
    tampered = list(CHAIN)
    content, prev, stored = tampered[index]
    tampered[index] = ({**content, "actor": "kẻ gian"}, prev, stored)
    assert first_break(tampered) == index


@pytest.mark.parametrize("index", range(len(CHAIN)))
def test_edited_content_with_a_recomputed_hash_breaks_the_chain_at_the_next_entry(index: int) -> None:
    tampered = list(CHAIN)
    content, prev, _ = tampered[index]
    forged = {**content, "actor": "kẻ gian"}
    tampered[index] = (forged, prev, chain_hash(prev, forged))
    assert first_break(tampered) == (index + 1 if index + 1 < len(CHAIN) else None)


@pytest.mark.parametrize("index", range(len(CHAIN)))
def test_altered_previous_hash_breaks_the_chain_at_that_entry(index: int) -> None:
    tampered = list(CHAIN)
    content, _, stored = tampered[index]
    tampered[index] = (content, "1" * 64, stored)
    assert first_break(tampered) == index


@pytest.mark.parametrize("index", range(len(CHAIN)))
def test_altered_stored_hash_breaks_the_chain_at_that_entry(index: int) -> None:
    tampered = list(CHAIN)
    content, prev, _ = tampered[index]
    tampered[index] = (content, prev, "2" * 64)
    assert first_break(tampered) == index


@pytest.mark.parametrize("index", range(len(CHAIN) - 1))
def test_swapped_entries_break_the_chain_at_the_first_of_them(index: int) -> None:
    tampered = list(CHAIN)
    tampered[index], tampered[index + 1] = tampered[index + 1], tampered[index]
    assert first_break(tampered) == index


@pytest.mark.parametrize("index", range(len(CHAIN) - 1))
def test_removed_entry_breaks_the_chain_where_it_was(index: int) -> None:
    tampered = CHAIN[:index] + CHAIN[index + 1 :]
    assert first_break(tampered) == index


def test_removing_the_last_entries_is_not_detectable_by_the_chain_alone() -> None:
    # Truncation needs the stored head hash (kept elsewhere) to be noticed.
    assert first_break(CHAIN[:-2]) is None


@pytest.mark.parametrize("index", range(len(CHAIN) + 1))
def test_inserted_entry_breaks_the_chain(index: int) -> None:
    prev = GENESIS if index == 0 else CHAIN[index - 1][2]
    forged = {"action": "dossier.deleted", "actor": "kẻ gian"}
    tampered = [*CHAIN[:index], (forged, prev, chain_hash(prev, forged)), *CHAIN[index:]]
    # The forged entry chains correctly onto its predecessor; the break shows at the entry after it.
    assert first_break(tampered) == (index + 1 if index < len(CHAIN) else None)


def test_a_chain_that_does_not_start_from_genesis_breaks_at_the_first_entry() -> None:
    assert first_break(CHAIN[1:]) == 0


contents = st.dictionaries(
    st.text(min_size=1, max_size=8),
    st.one_of(st.integers(), st.text(max_size=12), st.booleans(), st.none()),
    max_size=4,
)


@given(st.lists(contents, min_size=1, max_size=12), st.data())
def test_any_tampered_entry_is_the_first_break(trail: list[dict[str, Any]], data: st.DataObject) -> None:
    chain = build(trail)
    assert first_break(chain) is None
    index = data.draw(st.integers(min_value=0, max_value=len(chain) - 1))
    content, prev, stored = chain[index]
    how = data.draw(st.sampled_from(["content", "prev", "hash"]))
    if how == "content":
        chain[index] = ({**content, "\x00tampered": True}, prev, stored)
    elif how == "prev":
        chain[index] = (content, prev[::-1] if prev != prev[::-1] else "f" * 64, stored)
    else:
        chain[index] = (content, prev, stored[::-1] if stored != stored[::-1] else "f" * 64)
    assert first_break(chain) == index
