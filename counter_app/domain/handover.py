"""What a result hand-over at the counter records: the result papers handed over (which, how many
copies) and, when someone collects on the applicant's behalf (người nhận thay), the paper that
authorises them (giấy ủy quyền: its kind, number and date).

The kind is free text so that the clerk can also name the paper that stands in for an authorisation
where the law waives it (e.g. a family relationship for some civil-status results; resources/forms/
README.md "Records" lists this as recalled, not verified).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from counter_app.domain.errors import InvalidInput
from counter_app.domain.text import clean, nfc

MAX_COPIES = 99
# "Trích lục kết hôn x2", "… × 2", "… (2 bản)", "… - 2 bản", "… : 2 bản"
_COPIES = re.compile(
    r"\s*(?:[x×]\s*(?P<x>[0-9]+)|\(\s*(?P<paren>[0-9]+)\s*bản\s*\)|[-:–]\s*(?P<dash>[0-9]+)\s*bản)\s*$"
)


@dataclass(frozen=True)
class ResultPaper:
    """One result paper handed over and its number of copies (bản)."""

    name: str
    copies: int = 1

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "copies": self.copies}


def result_paper(name: str, copies: int = 1) -> ResultPaper:
    """A checked paper: a name, and 1 to :data:`MAX_COPIES` copies."""
    cleaned = clean(name, "text")
    if not cleaned:
        raise InvalidInput("return.paper_name")
    if not 1 <= copies <= MAX_COPIES:
        raise InvalidInput("return.paper_copies", name=cleaned, value=copies, most=MAX_COPIES)
    return ResultPaper(cleaned, copies)


def parse_papers(text: str) -> tuple[ResultPaper, ...]:
    """One paper a line, with its copies at the end when more than one ("Trích lục kết hôn x2",
    "… (2 bản)"); blank lines are skipped."""
    papers = []
    for raw in nfc(text).splitlines():
        if not raw.strip():
            continue
        match = _COPIES.search(raw)
        if match is None:
            papers.append(result_paper(raw))
            continue
        copies = int(match["x"] or match["paren"] or match["dash"])
        papers.append(result_paper(raw[: match.start()], copies))
    return tuple(papers)


def paper_from_json(item: object) -> ResultPaper:
    """A stored paper: a plain name (recorded before the copies were) or ``{"name", "copies"}``."""
    if isinstance(item, dict):
        return ResultPaper(str(item.get("name", "")), int(item.get("copies", 1)))
    return ResultPaper(str(item), 1)


@dataclass(frozen=True)
class Authorisation:
    """The paper that lets a proxy collect the result (giấy ủy quyền, or what stands in for it)."""

    kind: str
    number: str
    issued_on: date

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "number": self.number, "issued_on": self.issued_on.isoformat()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Authorisation:
        return cls(str(data["kind"]), str(data["number"]), date.fromisoformat(str(data["issued_on"])))


def authorisation(kind: str | None, number: str | None, issued_on: date | None, today: date) -> Authorisation:
    """A checked authorisation: kind and number given, dated no later than ``today``."""
    cleaned_kind = clean(kind or "", "text")
    cleaned_number = clean(number or "", "reference")
    if not cleaned_kind or not cleaned_number or issued_on is None:
        raise InvalidInput("return.authorisation_incomplete")
    if issued_on > today:
        raise InvalidInput("return.authorisation_date", value=f"{issued_on:%d/%m/%Y}")
    return Authorisation(cleaned_kind, cleaned_number, issued_on)


def same_person(a: str, b: str) -> bool:
    """Names compared as a clerk would: NFC, case and spacing ignored."""
    return " ".join(nfc(a).casefold().split()) == " ".join(nfc(b).casefold().split())
