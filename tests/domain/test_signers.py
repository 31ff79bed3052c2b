"""The signer of a letter and the agency abbreviation of its number (Decree 30/2020 Annex I)."""

from __future__ import annotations

import pytest

from counter_app.domain.errors import InvalidInput
from counter_app.domain.signers import (
    MAX_AUTHORITY,
    MAX_NAME,
    Capacity,
    default_agency,
    default_signer,
    validate_signer,
)


def test_a_centre_is_signed_by_its_director_and_a_peoples_committee_collectively() -> None:
    centre = "Trung tâm Phục vụ hành chính công xã Tân Lập"
    assert default_agency(centre) == "TTPVHCC"
    assert default_signer(centre) == default_signer(centre.upper())
    head = default_signer(centre)
    assert (head.capacity, head.authority, head.title) == (Capacity.NONE, None, "GIÁM ĐỐC")
    committee = default_signer("UBND xã Tân Lập")
    assert (committee.capacity, committee.authority, committee.title) == (Capacity.TM, "ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert default_agency("UBND xã Tân Lập") == "UBND"


@pytest.mark.parametrize(
    ("authority", "name", "code"),
    [
        ("Giám đốc " * (MAX_AUTHORITY // 9 + 1), "Hoàng Văn Bình", "text.too_long.office"),
        ("Giám đốc", "Hoàng Văn Bình " * (MAX_NAME // 15 + 1), "user.full_name"),
    ],
)
def test_an_overlong_authority_or_name_is_refused(authority: str, name: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_signer("KT", authority, "Phó Giám đốc", name)
    assert refused.value.code == code


def test_a_deputy_signs_for_the_head_in_capitals() -> None:
    signer = validate_signer("kt.", "Giám đốc", "Phó Giám đốc", "  Hoàng Văn Bình ")
    assert (signer.capacity, signer.authority, signer.title, signer.name) == (
        Capacity.KT,
        "GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Hoàng Văn Bình",
    )
