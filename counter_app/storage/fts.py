"""Full-text index over applicant name, dossier code, ID number and phone, insensitive to tones and đ.

FTS5's ``unicode61 remove_diacritics 2`` folds tone and vowel marks but not đ→d (TOOLCHAIN.md §8),
so the index holds text already folded by :func:`counter_app.domain.text.fold` and queries are folded
the same way. The table keeps only the folded text (rowid = ``dossier.id``); ``detail=none`` keeps it
small. Queries are ANDs of whole words and a short indexed prefix (see :func:`parse_query`), so
results come out newest first (rowid order) and a LIMIT stops the scan early even for the commonest
family name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from counter_app.domain.text import fold

FTS_TABLE = "dossier_fts"
CREATE_SQL = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', detail = none)"
)
_TOKEN = re.compile(r"\w+")
_INDEXED_PREFIX = 3  # the table's largest prefix index
_WHOLE_NUMBER = 9  # old 9-digit ID, 10-digit phone, 12-digit ID: typed whole, matched whole
_WORDS = "(' ' || replace(replace(replace(body, '.', ' '), '-', ' '), '+', ' '))"
_DIGIT_RUN = re.compile(r"^[\d\s.\-+()]+$")


def document(full_name: str, code: str, id_number: str | None, phone: str | None) -> str:
    """The folded text indexed for one dossier."""
    parts = [full_name, code, id_number or "", _digits(phone or "")]
    return fold(" ".join(p for p in parts if p))


@dataclass(frozen=True)
class Query:
    """An FTS5 MATCH expression and, for a long last word, the word its text must contain."""

    match: str
    last_word: str | None = None


def parse_query(query: str) -> Query | None:
    """What the clerk typed as a search, or None when nothing is searchable.

    Every word but the last is matched whole; the last is a prefix (search as you type). FTS5 serves
    2- and 3-letter prefixes from its prefix index, newest first, stopping at the limit; a longer
    prefix has no index and would merge the whole doclist of every matching term first (for
    "nguyen*", 38 % of a million dossiers). So a last word of 4+ letters is matched on its first
    three letters and checked against the text (p95 190 ms → 11 ms at a million dossiers).
    """
    if _DIGIT_RUN.match(query) and sum(ch.isdigit() for ch in query) >= 4:
        tokens = [_digits(query)]  # "0912 345 678" is one phone number
    else:
        tokens = _TOKEN.findall(fold(query))
    if not tokens:
        return None
    *whole, last = tokens
    terms = [f'"{token}"' for token in whole]
    if last.isdigit() and len(last) >= _WHOLE_NUMBER:  # a complete ID or phone number: one exact term
        return Query(" AND ".join([*terms, f'"{last}"']))
    if len(last) <= _INDEXED_PREFIX:
        return Query(" AND ".join([*terms, f'"{last}"*']))
    return Query(" AND ".join([*terms, f'"{last[:_INDEXED_PREFIX]}"*']), last)


def index(session: Session, dossier_id: int, body: str, *, new: bool = False) -> None:
    """Index (or re-index) one dossier; ``new`` skips removing an entry a new dossier cannot have."""
    if not new:
        session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), {"id": dossier_id})
    session.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (:id, :body)"), {"id": dossier_id, "body": body})


PAPER_TEXT_LIMIT = 20_000  # characters of one copy's OCR text indexed (a page of text is ~3,000)
PAPER_COPIES_LIMIT = 50  # copies' texts indexed per dossier at most (a checklist has a dozen papers)
_BASE_FIELDS = text(
    "SELECT a.full_name, d.code, a.id_number, a.phone FROM dossier d JOIN applicant a ON a.id = d.applicant_id"
    " WHERE d.id = :id"
)


def paper_words(texts: Sequence[str | None]) -> str:
    """The folded words of the copies' OCR texts, each cut to :data:`PAPER_TEXT_LIMIT` characters."""
    kept = [t[:PAPER_TEXT_LIMIT] for t in texts[:PAPER_COPIES_LIMIT] if t]
    return fold(" ".join(kept))


def index_papers(session: Session, dossier_id: int, texts: Sequence[str | None]) -> None:
    """Index the dossier again with the OCR text of its current copies (``texts``, all of them: what was
    indexed for earlier copies is replaced, so a re-OCR or a re-scan leaves no stale word and calling it
    twice changes nothing). Words are folded like the rest (tone- and đ-insensitive), each copy's text
    capped at :data:`PAPER_TEXT_LIMIT` characters. A dossier id that does not exist is left alone."""
    row = session.execute(_BASE_FIELDS, {"id": dossier_id}).first()
    if row is None:
        return
    body = document(row[0], row[1], row[2], row[3])
    words = paper_words(texts)
    index(session, dossier_id, f"{body} {words}" if words else body)


RECENT = 2000  # the most recently received dossiers, checked whatever their rowid
_STRAYS = 200  # at most this many of them checked one by one against the query


def search_ids(session: Session, query: str, limit: int) -> list[int]:
    """Ids of dossiers matching ``query``, the most recently received first (then the newest row).

    Every match counts the same, so recency decides: today's citizen comes before older records even
    when those rows were written later (a demo or a history import run after today's intake, a
    dossier taken on paper and entered late, dossiers synced from another counter).

    FTS5 hands matches out in rowid order and a LIMIT stops it early (what keeps a common name fast at
    a million dossiers), and rowid order is nearly reception order. So the candidates are the ``limit``
    matches with the highest rowids, plus the *strays*: dossiers received after the earliest candidate
    (among the :data:`RECENT` most recently received) whose rowid is lower than every candidate's, so
    rows the rowid order put too low (none while rows are written in reception order), each checked
    against the query. The candidates are then sorted by reception time. Only a stray beyond the
    :data:`RECENT` most recently received dossiers (a bulk of thousands written out of order) can be
    missed, and is then ranked by its rowid.
    """
    parsed = parse_query(query)
    if parsed is None:
        return []
    where = f"{FTS_TABLE} MATCH :q"
    params: dict[str, object] = {"q": parsed.match}
    if parsed.last_word is not None:
        # A word of the text starts with the last word typed (separators as the tokenizer sees them).
        where += f" AND {_WORDS} LIKE :word ESCAPE '\\'"
        escaped = parsed.last_word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["word"] = f"% {escaped}%"
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {where} ORDER BY rowid DESC LIMIT :n"
    found = [row[0] for row in session.execute(text(sql), {**params, "n": limit})]
    received = _received(session, found)
    if len(found) == limit:  # fewer: every match is a candidate already
        strays = [
            row[0]
            for row in session.execute(
                text(
                    "SELECT id FROM (SELECT id FROM dossier WHERE received_at >= :t "
                    "ORDER BY received_at DESC LIMIT :recent) WHERE id < :low LIMIT :n"
                ),
                {"t": min(received.values()), "recent": RECENT, "low": min(found), "n": _STRAYS},
            )
        ]
        if strays:
            listed = ", ".join(str(int(i)) for i in strays)
            checked = session.execute(
                text(f"SELECT rowid FROM {FTS_TABLE} WHERE {where} AND rowid IN ({listed})"), params
            )
            more = [row[0] for row in checked]
            found += more
            received.update(_received(session, more))
    return sorted(found, key=lambda i: (received[i], i), reverse=True)[:limit]


def _received(session: Session, ids: list[int]) -> dict[int, str]:
    """Reception times (as stored: sortable text) of dossiers ``ids``."""
    if not ids:
        return {}
    listed = ", ".join(str(int(i)) for i in ids)
    rows = session.execute(text(f"SELECT id, received_at FROM dossier WHERE id IN ({listed})"))
    return {row[0]: row[1] for row in rows}


def _digits(value: str) -> str:
    plus = "+" if value.strip().startswith("+") else ""
    return plus + "".join(ch for ch in value if ch.isdigit()) if value else ""
