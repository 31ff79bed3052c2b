"""The digitisation rule of Circular 03/2025/TT-VPCP and the share of a period (docs/DIGITISATION.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.digitisation import (
    MARKS,
    DigitisedShare,
    DossierDigitisation,
    Exemption,
    Paper,
    exemption,
    is_fully_digitised,
    judge,
    missing,
    shown_only,
    tally,
    to_digitise,
)
from counter_app.domain.values import Channel

ROOT = Path(__file__).resolve().parents[2]
ID_SHOWN = "Giấy tờ tùy thân của người nộp hồ sơ: thẻ Căn cước/CCCD (xuất trình để đối chiếu)"
COPY_WITH_ORIGINAL = "Bản sao giấy tờ tùy thân của người yêu cầu chứng thực (kèm bản chính để đối chiếu)"
FORM = "Tờ khai đăng ký khai sinh"
PAPER_CHANNELS = (Channel.DIRECT, Channel.POSTAL)

names = st.sampled_from([ID_SHOWN, COPY_WITH_ORIGINAL, FORM, "Giấy chứng sinh", "GIẤY TỜ TÙY THÂN (XUẤT TRÌNH)"])
marks = st.sampled_from([None, *sorted(MARKS)])
channels = st.sampled_from(list(Channel))


@st.composite
def dossiers(draw: st.DrawFn) -> list[Paper]:
    count = draw(st.integers(0, 8))
    return [Paper(i, draw(names), draw(st.booleans()), draw(marks)) for i in range(1, count + 1)]


def test_a_paper_only_shown_needs_no_copy_but_a_copy_handed_in_with_its_original_does() -> None:
    assert shown_only(ID_SHOWN)
    assert shown_only("GIẤY TỜ TÙY THÂN CỦA HAI BÊN (XUẤT TRÌNH)")  # case and tones folded
    assert not shown_only(COPY_WITH_ORIGINAL)  # "đối chiếu" alone: the copy is handed in
    papers = [Paper(1, FORM), Paper(2, ID_SHOWN), Paper(3, COPY_WITH_ORIGINAL)]
    assert to_digitise(papers, Channel.DIRECT) == [1, 3]
    assert exemption(papers[1], "direct") is Exemption.SHOWN


def test_the_four_exemptions() -> None:
    assert exemption(Paper(1, FORM), Channel.ONLINE) is Exemption.ONLINE
    assert exemption(Paper(1, FORM, mark="secret"), Channel.DIRECT) is Exemption.SECRET
    assert exemption(Paper(1, FORM, mark="agency_opinion"), Channel.POSTAL) is Exemption.AGENCY_OPINION
    assert exemption(Paper(1, FORM, mark="shown"), Channel.DIRECT) is Exemption.SHOWN
    assert exemption(Paper(1, FORM, mark="bogus"), Channel.DIRECT) is None  # not a mark: the rule decides
    assert exemption(Paper(1, FORM), Channel.DIRECT) is None


def test_only_received_papers_are_to_be_digitised_and_the_copies_complete_the_dossier() -> None:
    papers = [Paper(1, FORM), Paper(2, "Giấy chứng sinh"), Paper(3, "Giấy ủy quyền (nếu có)", received=False)]
    assert to_digitise(papers, Channel.DIRECT) == [1, 2]
    assert missing(papers, {1}, Channel.DIRECT) == [2]
    assert not is_fully_digitised(papers, {1}, Channel.DIRECT)
    assert is_fully_digitised(papers, {1, 2}, Channel.DIRECT)
    assert is_fully_digitised(papers, set(), Channel.ONLINE)
    assert judge(papers, {2}, "postal") == DossierDigitisation(required=2, complete=False)


def test_the_share_counts_dossiers_with_nothing_to_digitise_as_digitised_and_apart() -> None:
    share = tally(
        [
            DossierDigitisation(2, True),
            DossierDigitisation(3, False),
            DossierDigitisation(0, True),  # filed online, or only exempt papers
            DossierDigitisation(1, True),
        ]
    )
    assert share == DigitisedShare(received=4, digitised=3, nothing_to_digitise=1)
    assert share.share == 0.75
    assert share.to_json() == {"received": 4, "digitised": 3, "share": 0.75, "nothing_to_digitise": 1}
    assert DigitisedShare().share is None and DigitisedShare().to_json()["share"] is None
    assert share + DigitisedShare(2, 2, 0) == DigitisedShare(6, 5, 1)
    with pytest.raises(ValueError, match="out of order"):
        DigitisedShare(received=1, digitised=2)


@given(dossiers(), channels, st.sets(st.integers(1, 8)))
def test_property_fully_digitised_iff_every_received_non_exempt_paper_has_a_copy(
    papers: list[Paper], channel: Channel, digitised: set[int]
) -> None:
    needed = [p for p in papers if p.received and exemption(p, channel) is None]
    assert is_fully_digitised(papers, digitised, channel) == all(p.position in digitised for p in needed)
    # Never asks for a paper not received, a shown one, a marked one, or anything of an online dossier.
    for position in to_digitise(papers, channel):
        paper = papers[position - 1]
        assert paper.received and paper.mark not in MARKS and not shown_only(paper.name)
        assert channel is not Channel.ONLINE
    # Digitising every paper (even exempt ones) always completes; more copies never un-complete.
    assert is_fully_digitised(papers, {p.position for p in papers}, channel)
    if is_fully_digitised(papers, digitised, channel):
        assert is_fully_digitised(papers, digitised | {1, 2}, channel)


@given(dossiers(), st.sampled_from(PAPER_CHANNELS))
def test_property_a_mark_only_ever_removes_papers_from_the_list(papers: list[Paper], channel: Channel) -> None:
    unmarked = [Paper(p.position, p.name, p.received) for p in papers]
    assert set(to_digitise(papers, channel)) <= set(to_digitise(unmarked, channel))


@given(st.lists(st.tuples(st.integers(0, 5), st.booleans()), max_size=30))
def test_property_the_share_is_a_fraction_and_nothing_to_digitise_is_within_digitised(
    judged: list[tuple[int, bool]],
) -> None:
    dossiers_ = [DossierDigitisation(required, complete or required == 0) for required, complete in judged]
    share = tally(dossiers_)
    assert share.received == len(dossiers_)
    assert share.nothing_to_digitise == sum(1 for d in dossiers_ if d.required == 0)
    assert share.share is None if not dossiers_ else 0 <= share.share <= 1
    halves = tally(dossiers_[::2]) + tally(dossiers_[1::2])
    assert halves == share


def test_every_shown_paper_of_the_catalogue_is_named_so() -> None:
    """Each catalogue paper that says it is shown ("xuất trình") is exempt; the papers handed in with an
    original to compare are not (the catalogue's words are what the rule reads)."""
    catalogue = json.loads((ROOT / "resources" / "catalogue" / "procedures.json").read_text(encoding="utf-8"))
    entries = catalogue["procedures"] if isinstance(catalogue, dict) else catalogue
    names_ = [c["name"] for p in entries for c in p["components"]]
    shown = [n for n in names_ if shown_only(n)]
    assert shown and all("xuất trình" in n.lower() for n in shown)
    assert not any(shown_only(n) for n in names_ if "kèm bản chính để đối chiếu" in n)
