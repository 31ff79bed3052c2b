"""Text at the boundary: NFC normalisation and the search folding of Vietnamese.

Every string that enters the system (typed, scanned, imported, synced) goes through :func:`nfc`.
Search keys go through :func:`fold`, which removes tones and vowel marks, maps đ/Đ to d and
lower-cases, so that "Đặng Quốc Dũng", "dang quoc dung" and "ĐẶNG QUỐC DŨNG" share one key.
SQLite's FTS5 ``remove_diacritics`` does not fold đ (TOOLCHAIN.md §8), hence this function.
"""

from __future__ import annotations

import re
import unicodedata

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
