"""Text at the boundary: NFC normalisation and the search folding of Vietnamese.

Every string that enters the system (typed, scanned, imported, synced) goes through :func:`nfc`.
Search keys go through :func:`fold`, which removes tones and vowel marks, maps đ/Đ to d and
lower-cases, so that "Đặng Quốc Dũng", "dang quoc dung" and "ĐẶNG QUỐC DŨNG" share one key.
SQLite's FTS5 ``remove_diacritics`` does not fold đ (TOOLCHAIN.md §8), hence this function.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

_SPACES = re.compile(r"\s+")
# Đ/đ, and the look-alike Ð/ð (U+00D0/U+00F0) that old-encoding conversions produce.
_D_MAP = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"})
_D_CASE_MAP = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC form (precomposed Vietnamese letters)."""
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC, trimmed, inner runs of white space collapsed to one space."""
    return _SPACES.sub(" ", nfc(text)).strip()


def clean_optional(text: str | None) -> str | None:
    """:func:`clean`, with empty or missing text as ``None``."""
    if text is None:
        return None
    cleaned = clean(text)
    return cleaned or None


QUOTE_LIMIT = 80  # characters of an outside value an error message quotes


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` cut to at most ``limit`` characters for quoting in a message: the head and the tail
    with "…" between, so a pasted 1.5-million-character value still makes a one-line message and the
    reader sees how it starts and ends."""
    if len(text) <= limit:
        return text
    tail = (limit - 1) // 3
    return f"{text[: limit - 1 - tail]}…{text[len(text) - tail :]}"


def quotable(value: object, limit: int = QUOTE_LIMIT) -> object:
    """A message parameter made safe to quote: text (or anything that prints long) :func:`shorten`-ed,
    numbers and short values as they are (so a template's ``{value!r}`` or ``{n:+.0f}`` still applies)."""
    if isinstance(value, str):
        return shorten(value, limit)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    shown = str(value)
    return shorten(shown, limit) if len(shown) > limit else value


# Parameters that explain rather than quote (an exception's text, which may itself quote a value), list
# what was given, or name a file: up to 200 characters. Lists we compose from our own bounded data (the
# papers missing, the columns known, a command line's choices): up to 2,000. Every other one: 80.
_EXPLANATIONS = frozenset(
    {
        "detail", "reason", "message", "problem", "identity", "names", "matches", "codes", "columns",
        "positions", "fields", "where", "path", "data_dir",
    }
)  # fmt: skip
_OWN_LISTS = frozenset({"missing", "known", "allowed", "needs", "choices"})
EXPLANATION_LIMIT, OWN_LIST_LIMIT = 200, 2000


def _limit(name: str) -> int:
    if name in _OWN_LISTS:
        return OWN_LIST_LIMIT
    return EXPLANATION_LIMIT if name in _EXPLANATIONS else QUOTE_LIMIT


def quoted_params(params: Mapping[str, object] | None) -> dict[str, object]:
    """A message's parameters with every value :func:`quotable`: a bad value is quoted to about 80
    characters, an explanation to 200, so no message grows with what was typed or sent."""
    return {k: quotable(v, _limit(k)) for k, v in (params or {}).items()}


def fold(text: str) -> str:
    """Search key: no tones or vowel marks, đ→d, lower case, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


def unaccent(text: str) -> str:
    """Vietnamese without tones and marks, case kept ("Đặng Dũng" → "Dang Dung"): SMS gateways charge
    one 160-character GSM message for it instead of 70-character UCS-2 parts."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_CASE_MAP))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn"))
