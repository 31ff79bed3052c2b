"""Personal data (Law on Personal Data Protection, in force 01/01/2026): masks for lists, redaction
for logs, and the names of what a view shows (for the audit trail, never the values).

Masks keep few characters, always at the ends, never more than :data:`ID_KEPT` (ID number) or
:data:`PHONE_KEPT` (phone) of them, so a mask never reveals more than those, whatever the input:

* **ID number** (12-digit personal ID): only the **last 4** digits are kept (``********2345``). The
  first six digits are themselves personal facts (digits 1-3 the province of birth registration,
  digit 4 century and sex, digits 5-6 the birth year, DOMAIN.md §6), so they are hidden; the last
  four are random and let a clerk tell two citizens in a list apart and match the card in hand.
  A shorter value (a 9-digit old CMND, a typo) keeps fewer: ``len - 8`` digits, none at 8 or less.
* **Phone**: the **first 2** and the **last 2** digits (``09******78``): the first two say only the
  kind of number (mobile ``03``-``09``, ``02`` landline), the last two let the clerk confirm it
  with the citizen. A value shorter than 9 characters keeps only the last 2 (7-8) or nothing.

White space, dots, dashes and brackets inside a number are dropped before masking; the mask keeps the
value's length, capped at :data:`MAX_MASK` characters.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from enum import StrEnum

ID_KEPT = 4
PHONE_KEPT = 4  # 2 at the start, 2 at the end
MAX_MASK = 20
MASK = "*"
_SEPARATORS_RE = re.compile(r"[\s.\-()]+")

# What the applicant's snapshot holds, in the order a view lists it (the audit names these, never values).
PERSONAL_FIELDS = (
    "full_name",
    "id_number",
    "old_id_number",
    "birth_date",
    "sex",
    "phone",
    "email",
    "address",
    "postal_address",
)


class DossierView(StrEnum):
    """Where one citizen's personal data was shown: the ``view`` of a ``dossier.viewed`` audit entry."""

    DOSSIER_DIALOG = "dossier_dialog"  # the desktop app's dossier window (its history tab included)
    CLI_SHOW = "cli_show"  # ``counter-app show``
    SUBJECT_EXPORT = "subject_export"  # ``counter-app subject-export`` (audited as ``subject.exported``)
    PAPER_COPY = "paper_copy"  # a certified electronic copy of a paper opened in the PDF viewer
    PAPERS_EXPORT = "papers_export"  # the copies written to a folder (the window's export, ``papers --export``)


# The personal fields each view puts on screen (those holding something are named in the audit entry).
VIEW_FIELDS: dict[DossierView, tuple[str, ...]] = {
    DossierView.DOSSIER_DIALOG: ("full_name", "id_number", "phone", "address", "postal_address"),
    DossierView.CLI_SHOW: PERSONAL_FIELDS,  # ``--json`` prints the whole applicant snapshot
    DossierView.SUBJECT_EXPORT: PERSONAL_FIELDS,
    DossierView.PAPER_COPY: (),  # the paper itself (details name its position), no field of the snapshot
    DossierView.PAPERS_EXPORT: (),
}


def _compact(value: str) -> str:
    return _SEPARATORS_RE.sub("", value)


def _masked(text: str, head: int, tail: int) -> str:
    hidden = len(text) - head - tail
    stars = MASK * min(hidden, MAX_MASK - head - tail)
    return text[:head] + stars + (text[len(text) - tail :] if tail else "")


def mask_id_number(value: str | None) -> str:
    """``001090123456`` → ``********3456``; ``""`` for no value (see the module doc for the rule)."""
    if not value:
        return ""
    text = _compact(value)
    return _masked(text, 0, max(0, min(ID_KEPT, len(text) - 8)))


def mask_phone(value: str | None) -> str:
    """``0912345678`` → ``09******78``; ``""`` for no value (see the module doc for the rule)."""
    if not value:
        return ""
    text = _compact(value)
    if len(text) >= 9:
        return _masked(text, 2, 2)
    if len(text) >= 7:
        return _masked(text, 0, 2)
    return _masked(text, 0, 0)


# ----------------------------------------------------------------------------- free text (logs, crash reports)

_EMAIL_RE = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
# A run of digits, possibly grouped by single spaces or dots, possibly after a "+": a phone written
# "0912 345 678", "091.234.5678", "+84 912 345 678", an ID "001090123456", also inside a word
# ("CCCD001090123456"). Dashes do not join groups, so a date "2026-12-03 17:15" stays whole.
_NUMBER_RE = re.compile(r"\+?\d+(?:[ .]\d+)*")
_MIN_DIGITS = 9  # an old CMND has 9, a phone 9-11 (10 for a mobile), a personal ID 12


def _number(match: re.Match[str]) -> str:
    found = match.group(0)
    digits = sum(ch.isdigit() for ch in found)
    if digits < _MIN_DIGITS:
        return found  # a date, a count, a dossier code's part: not personal
    if digits == 12 and found.isdigit():
        return mask_id_number(found)
    return mask_phone(found)


def redact(text: str) -> str:
    """``text`` with every e-mail address replaced and every ID-number-like or phone-like run of 9 or
    more digits masked (as :func:`mask_id_number` / :func:`mask_phone`). Shorter numbers stay."""
    return _NUMBER_RE.sub(_number, _EMAIL_RE.sub("<e-mail>", text))


def mask_contact(text: str | None) -> str:
    """A contact line ("address, phone") as a list shows it: its phone masked, the rest as it is."""
    return redact(text or "")


def shown_fields(values: Mapping[str, object], view: DossierView | None = None) -> list[str]:
    """The names of the personal fields among ``values`` that hold something (of those ``view`` shows;
    all for None), in :data:`PERSONAL_FIELDS` order: what an audit entry says was shown (the values
    themselves never go to the trail)."""
    names = PERSONAL_FIELDS if view is None else VIEW_FIELDS[view]
    return [name for name in PERSONAL_FIELDS if name in names and values.get(name) not in (None, "")]


class RedactingFilter(logging.Filter):
    """Logs carry no personal data: rewrites each record's message as its :func:`redact`-ed, fully
    formatted text (``args`` consumed), and its exception and stack texts the same way.

    On the desktop app's log file handler (``app._setup_logging``) and the hub's relay logger. Names
    cannot be recognised in free text: no code path logs an applicant's name (a test greps the log
    after intakes, a failing sync and a crash)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except (TypeError, ValueError):  # a message that does not match its arguments: the template only
            text = str(record.msg)
        record.msg = redact(text)
        record.args = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
