"""Text at the boundary: NFC normalisation and the search folding of Vietnamese.

Every string that enters the system (typed, scanned, imported, synced) goes through :func:`nfc`.
Search keys go through :func:`fold`, which removes tones and vowel marks, maps đ/Đ to d and
lower-cases, so that "Đặng Quốc Dũng", "dang quoc dung" and "ĐẶNG QUỐC DŨNG" share one key.
SQLite's FTS5 ``remove_diacritics`` does not fold đ (TOOLCHAIN.md §8), hence this function.

**The one rule for text from outside** (typed, scanned, given on the command line, imported, demo, user
accounts, office settings): :func:`clean` / :func:`clean_optional` with the field it is for.

- White space of any kind (tab, newline, carriage return, form feed, NEL, U+2028…) becomes one space and
  the ends are trimmed: no field of the counter keeps a line break (addresses, notes and reasons are
  single-line on every form; the printed forms wrap them).
- Any other control character (C0 except those white spaces, including NUL and the information separators
  U+001C–U+001F; DEL; C1 except NEL), a lone surrogate, a non-character U+FFFE/U+FFFF, and the bidi
  embedding/override/isolate controls (U+202A–U+202E, U+2066–U+2069, which reorder a printed name) are
  refused with ``InvalidInput("text.control.<field>")``: they are never typed on purpose, PostgreSQL cannot
  store NUL, UTF-8 cannot carry a lone surrogate, and silently dropping them would change what was scanned.
- The cleaned text longer than :data:`LIMITS` for its field is refused with
  ``InvalidInput("text.too_long.<field>", length=…, limit=…)``.

:func:`sanitize` is for text that comes down from the hub (already checked there): the same characters
are dropped instead of refused, nothing is capped. :func:`replace_forbidden` is for what an older version
stored before the rule, on its way to the hub: each such character becomes U+FFFD, nothing else changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from counter_app.domain.errors import InvalidInput

_SPACES = re.compile(r"\s+")
# Refused everywhere; the white-space controls (\t \n \v \f \r, U+0085) are not in it: they become spaces.
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufffe\uffff]")

# The longest text each kind of field takes, in characters after cleaning. ``text`` is any other field.
LIMITS: dict[str, int] = {
    "name": 200,  # a person: applicant, receiver, clerk, postal worker, account holder
    "office": 200,  # an office or agency name
    "title": 200,  # a signer's title
    "address": 500,  # an applicant's or a postal address (two lines on the receipt at most)
    "phone": 20,
    "email": 200,
    "id_number": 20,  # ID, old ID, receiver's ID: the strict checks come after
    "note": 1000,
    "reason": 1000,  # refusal, withdrawal, apology, postal failure…
    "reference": 100,  # a slip number, a request reference, a code typed or scanned
    "url": 300,  # the lookup page's base address on receipts
    "password": 200,  # checked by users.validate_password, never cleaned
    "text": 1000,
}
# Đ/đ, and the look-alike Ð/ð (U+00D0/U+00F0) that old-encoding conversions produce.
_D_MAP = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"})
_D_CASE_MAP = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC form (precomposed Vietnamese letters)."""
    return unicodedata.normalize("NFC", text)


def forbidden_character(text: str) -> tuple[int, str] | None:
    """The first character :func:`clean` refuses, as (position from 1, "U+XXXX"), or None."""
    found = _FORBIDDEN.search(text)
    return None if found is None else (found.start() + 1, f"U+{ord(found.group()):04X}")


def clean(text: str, field: str = "text") -> str:
    """NFC, trimmed, inner runs of white space collapsed to one space; control characters and text
    longer than ``LIMITS[field]`` refused (InvalidInput ``text.control.<field>`` / ``text.too_long.<field>``)."""
    limit = LIMITS[field]
    bad = forbidden_character(text)
    if bad is not None:
        raise InvalidInput(f"text.control.{field}", position=bad[0], char=bad[1])
    cleaned = _SPACES.sub(" ", nfc(text)).strip()
    if len(cleaned) > limit:
        raise InvalidInput(f"text.too_long.{field}", length=len(cleaned), limit=limit)
    return cleaned


def clean_optional(text: str | None, field: str = "text") -> str | None:
    """:func:`clean`, with empty or missing text as ``None``."""
    if text is None:
        return None
    cleaned = clean(text, field)
    return cleaned or None


def replace_forbidden(text: str) -> str:
    """``text`` with each character :func:`clean` refuses replaced by U+FFFD (the replacement character),
    nothing else changed: for stored data written before the rule, on its way out."""
    return _FORBIDDEN.sub("\ufffd", text)


def sanitize(text: str) -> str:
    """Text from the hub: the characters :func:`clean` refuses dropped, white space collapsed, NFC."""
    return _SPACES.sub(" ", nfc(_FORBIDDEN.sub("", text))).strip()


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
        "positions", "fields", "where", "path", "data_dir", "backup",
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
