"""Full-text index over applicant name, dossier code, ID number and phone, insensitive to tones and đ.

FTS5's ``unicode61 remove_diacritics 2`` folds tone and vowel marks but not đ→d (TOOLCHAIN.md §8),
so the index holds text already folded by :func:`counter_app.domain.text.fold` and queries are folded
the same way. The table keeps only the folded text (rowid = ``dossier.id``); ``detail=none`` keeps it
small, and every query is an AND of prefix terms, so results come out newest first (rowid order)
and a LIMIT stops the scan early even for the commonest family name.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

from counter_app.domain.text import fold

FTS_TABLE = "dossier_fts"
CREATE_SQL = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', detail = none)"
)
_TOKEN = re.compile(r"\w+")
_DIGIT_RUN = re.compile(r"^[\d\s.\-+()]+$")


def document(full_name: str, code: str, id_number: str | None, phone: str | None) -> str:
    """The folded text indexed for one dossier."""
    parts = [full_name, code, id_number or "", _digits(phone or "")]
    return fold(" ".join(p for p in parts if p))


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression for what the clerk typed, or None when nothing is searchable."""
    if _DIGIT_RUN.match(query) and sum(ch.isdigit() for ch in query) >= 4:
        tokens = [_digits(query)]  # "0912 345 678" is one phone number
    else:
        tokens = _TOKEN.findall(fold(query))
    if not tokens:
        return None
    return " AND ".join(f'"{token}"*' for token in tokens)


def index(session: Session, dossier_id: int, body: str, *, new: bool = False) -> None:
    """Index (or re-index) one dossier; ``new`` skips removing an entry a new dossier cannot have."""
    if not new:
        session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), {"id": dossier_id})
    session.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (:id, :body)"), {"id": dossier_id, "body": body})


def search_ids(session: Session, query: str, limit: int) -> list[int]:
    """Ids of dossiers matching ``query``, newest first."""
    expression = match_expression(query)
    if expression is None:
        return []
    rows = session.execute(
        text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q ORDER BY rowid DESC LIMIT :n"),
        {"q": expression, "n": limit},
    )
    return [row[0] for row in rows]


def _digits(value: str) -> str:
    plus = "+" if value.strip().startswith("+") else ""
    return plus + "".join(ch for ch in value if ch.isdigit()) if value else ""
