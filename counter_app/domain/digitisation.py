"""Which papers of a dossier must be digitised at reception, and the digitisation share of a period.

The rule (docs/DIGITISATION.md has the sources and how sure each part is): Circular 03/2025/TT-VPCP
makes copying the papers handed in at the counter into certified electronic form the rule, except

- dossiers filed online (their papers reached the office in electronic form already);
- papers that are only shown (xuất trình) and handed back: the checklist names them so, e.g.
  "Giấy tờ tùy thân … (xuất trình để đối chiếu)". A copy handed in *with* its original to compare
  ("Bản sao … (kèm bản chính để đối chiếu)") is handed in: the copy is digitised, the original shown;
- opinions of other agencies (ý kiến của cơ quan khác);
- secret papers (tài liệu mật).

The first two follow from the dossier's channel and the paper's checklist name. The last two cannot
be read off a name: the clerk marks the paper (``dossier_component.exempt_reason``), and a mark may also
say "shown" for a paper the checklist does not name so. Only papers the counter received count: an
optional paper not handed in has nothing to copy. The paper's form (original, copy, certified copy)
changes nothing under the 2025 rule: what is handed in is copied.

The share (issue 13 item 8): dossiers received in the period with every paper that must be digitised
digitised, over dossiers received. A dossier with nothing to digitise (filed online, or only exempt
papers) has every such paper digitised and counts as digitised; it is also counted apart
(``nothing_to_digitise``) so a stricter reading, without them, can be worked out from the same figures.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from counter_app.domain.text import fold
from counter_app.domain.values import Channel


class Exemption(StrEnum):
    """Why a paper needs no electronic copy (Circular 03/2025/TT-VPCP, the four cases)."""

    ONLINE = "online"  # the dossier was filed online
    SHOWN = "shown"  # only shown (xuất trình), handed back
    AGENCY_OPINION = "agency_opinion"  # an opinion of another agency
    SECRET = "secret"  # a secret paper


# What a clerk may mark on one paper (filing online is the dossier's, not a paper's).
MARKS: frozenset[str] = frozenset({Exemption.SHOWN, Exemption.AGENCY_OPINION, Exemption.SECRET})
# The checklist's words for a paper that is only shown, folded (tones and đ off, lower case).
_SHOWN_WORDS = ("xuat trinh",)


@dataclass(frozen=True)
class Paper:
    """One checklist paper of a dossier as the rule needs it."""

    position: int  # 1-based, checklist order
    name: str
    received: bool = True
    mark: str | None = None  # the clerk's exemption (one of MARKS), or None


@lru_cache(maxsize=4096)  # checklist names repeat across dossiers: each folded once
def shown_only(name: str) -> bool:
    """Whether the checklist names the paper as one that is only shown ("xuất trình")."""
    folded = fold(name)
    return any(words in folded for words in _SHOWN_WORDS)


def exemption(paper: Paper, channel: Channel | str) -> Exemption | None:
    """Why ``paper`` needs no electronic copy, or None when it must be digitised (if received)."""
    if Channel(channel) is Channel.ONLINE:
        return Exemption.ONLINE
    if paper.mark in MARKS:
        return Exemption(paper.mark)
    if shown_only(paper.name):
        return Exemption.SHOWN
    return None


def to_digitise(papers: Iterable[Paper], channel: Channel | str) -> list[int]:
    """Positions of the papers that must be digitised: received and not exempt, in checklist order."""
    return sorted(p.position for p in papers if p.received and exemption(p, channel) is None)


def missing(papers: Iterable[Paper], digitised: Collection[int], channel: Channel | str) -> list[int]:
    """Positions that must be digitised and have no current copy (``digitised``: positions with one)."""
    return [position for position in to_digitise(papers, channel) if position not in digitised]


def is_fully_digitised(papers: Iterable[Paper], digitised: Collection[int], channel: Channel | str) -> bool:
    """Every paper of the dossier that must be digitised has a current electronic copy (reused ones
    count). This is the ``digitised_complete`` the dossier's events carry to the hub."""
    return not missing(papers, digitised, channel)


@dataclass(frozen=True)
class DossierDigitisation:
    """What the share needs of one dossier received in the period."""

    required: int  # papers that must be digitised
    complete: bool  # all of them digitised


def judge(papers: Sequence[Paper], digitised: Collection[int], channel: Channel | str) -> DossierDigitisation:
    needed = to_digitise(papers, channel)
    return DossierDigitisation(len(needed), all(p in digitised for p in needed))


@dataclass(frozen=True)
class DigitisedShare:
    """The digitisation share of a period: ``digitised`` of ``received`` dossiers, of which
    ``nothing_to_digitise`` had no paper to copy (counted as digitised)."""

    received: int = 0
    digitised: int = 0
    nothing_to_digitise: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.nothing_to_digitise <= self.digitised <= self.received:
            raise ValueError("digitisation counts out of order")

    @property
    def share(self) -> float | None:
        """digitised / received; None when nothing was received."""
        return None if not self.received else self.digitised / self.received

    def __add__(self, other: DigitisedShare) -> DigitisedShare:
        return DigitisedShare(
            self.received + other.received,
            self.digitised + other.digitised,
            self.nothing_to_digitise + other.nothing_to_digitise,
        )

    def to_json(self) -> dict[str, int | float | None]:
        return {
            "received": self.received,
            "digitised": self.digitised,
            "share": None if self.share is None else round(self.share, 4),
            "nothing_to_digitise": self.nothing_to_digitise,
        }


def tally(dossiers: Iterable[DossierDigitisation]) -> DigitisedShare:
    """The share over the dossiers received in a period."""
    received = digitised = nothing = 0
    for dossier in dossiers:
        received += 1
        if dossier.complete:
            digitised += 1
            if dossier.required == 0:
                nothing += 1
    return DigitisedShare(received, digitised, nothing)
