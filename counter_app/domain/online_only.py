"""Services that take no paper dossier (Directive 24/CT-TTg of 13/09/2025, from 01/10/2025).

The list, the directive, its effective date and its source are catalogue data
(resources/catalogue/online_only.json), never constants in code. From the effective date the
counter takes such a dossier only by helping the citizen file it on the national portal
("Hỗ trợ nộp trực tuyến"): the dossier's channel is ``online``, marked *assisted*, with the portal's
dossier code. A paper intake is refused with the rule cited, unless the clerk records why paper was
unavoidable (no exception is written in the directive; see resources/catalogue/README.md).
Dossiers received before the effective date (history, reprints) are not touched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from counter_app.domain.errors import InvalidInput
from counter_app.domain.text import clean_optional
from counter_app.domain.values import Channel

CERTAINTIES = frozenset({"V", "C", "R"})
# The portal's dossier code. Circular 01/2018/TT-VPCP's shape (AGENCY13-YYMMDD-XXXX) is the usual
# one [C]; as the national portal's own format is not published in a source we could check, any
# upper-case code of 6–40 letters, digits and . - / _ with at least one digit is taken.
_PORTAL_CODE_RE = re.compile(r"[0-9A-Z][0-9A-Z.\-/_]{5,39}")
PORTAL_CODE_MAX = 40


@dataclass(frozen=True)
class OnlineOnlyService:
    """One procedure the directive takes off paper, with the rule's basis and effective date."""

    code: str
    basis: str
    effective_from: date
    source: str
    certainty: str
    level: str | None = None

    def applies(self, day: date) -> bool:
        return day >= self.effective_from


def _where(field: str) -> InvalidInput:
    return InvalidInput("catalogue.field", where="online_only", field=field)


def parse_online_only(data: Mapping[str, Any]) -> list[OnlineOnlyService]:
    """Validate the online-only block of a catalogue (the content of online_only.json)."""
    basis = data.get("basis")
    source = data.get("source")
    if not isinstance(basis, str) or not basis.strip():
        raise _where("basis")
    if not isinstance(source, str) or not source.strip():
        raise _where("source")
    try:
        effective = date.fromisoformat(str(data.get("effective_from")))
    except ValueError:
        raise _where("effective_from") from None
    entries = data.get("services")
    if not isinstance(entries, list):
        raise _where("services")
    result: dict[str, OnlineOnlyService] = {}
    for entry in entries:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("code"), str) or not entry["code"].strip():
            raise _where("services")
        certainty = entry.get("certainty", "R")
        if certainty not in CERTAINTIES:
            raise _where("certainty")
        level = entry.get("level")
        if level is not None and not isinstance(level, str):
            raise _where("level")
        code = entry["code"].strip()
        if code in result:
            raise InvalidInput("catalogue.duplicate", codes=code)
        result[code] = OnlineOnlyService(
            code=code,
            basis=clean_optional(basis) or basis,
            effective_from=effective,
            source=clean_optional(source) or source,
            certainty=str(certainty),
            level=level,
        )
    return list(result.values())


def portal_code(text: str | None) -> str:
    """The national portal's dossier code, trimmed and upper-cased; InvalidInput when malformed."""
    value = (text or "").strip().upper()
    if not value:
        raise InvalidInput("intake.portal_code_required")
    if not _PORTAL_CODE_RE.fullmatch(value) or not any(ch.isdigit() for ch in value):
        raise InvalidInput("intake.portal_code", value=text, max=PORTAL_CODE_MAX)
    return value


def check_intake(
    rule: OnlineOnlyService | None,
    *,
    procedure: str,
    day: date,
    channel: Channel,
    assisted: bool,
    paper_exception: str | None,
) -> None:
    """Refuse what the directive does not allow; ``day`` is the office-local reception day.

    - An assisted filing is an online dossier (any procedure: the clerk may help with any filing).
    - A paper (direct or postal) intake of an online-only procedure from the effective date needs a
      recorded exception reason.
    """
    in_force = rule is not None and rule.applies(day)
    if assisted and channel is not Channel.ONLINE:
        raise InvalidInput("intake.assisted_channel")
    if paper_exception is not None and (not in_force or channel is Channel.ONLINE):
        raise InvalidInput("intake.exception_not_needed", procedure=procedure)
    if not in_force or channel is Channel.ONLINE or paper_exception is not None:
        return
    assert rule is not None
    raise InvalidInput(
        "intake.online_only",
        procedure=procedure,
        basis=rule.basis,
        since=f"{rule.effective_from:%d/%m/%Y}",
    )
