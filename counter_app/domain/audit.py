"""The audit trail's hash chain: each entry's hash covers its content and the previous entry's hash,
so an entry edited, removed or inserted afterwards breaks every hash after it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

GENESIS = "0" * 64


def chain_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def first_break(entries: Iterable[tuple[Mapping[str, Any], str, str]]) -> int | None:
    """Index of the first entry (content, prev_hash, hash) that does not chain, or None if all do."""
    expected_prev = GENESIS
    for index, (content, prev_hash, stored) in enumerate(entries):
        if prev_hash != expected_prev or chain_hash(prev_hash, content) != stored:
            return index
        expected_prev = stored
    return None
