"""Procedures as the catalogue describes them: validation, the catalogue form, and version fingerprints."""

from __future__ import annotations

import copy
import json
import unicodedata
from datetime import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.errors import InvalidInput
from counter_app.domain.procedure import (
    UNVERIFIABLE_FIELDS,
    Component,
    Procedure,
    fingerprint,
    procedure_from_dict,
    procedure_to_dict,
)
from counter_app.domain.values import ComponentForm

CATALOGUE = Path(__file__).resolve().parents[2] / "resources" / "catalogue" / "procedures.json"
ENTRIES: list[dict[str, Any]] = json.loads(CATALOGUE.read_text(encoding="utf-8"))["procedures"]


def entry(**changes: Any) -> dict[str, Any]:
    """A complete, valid catalogue entry (chứng thực bản sao), with ``changes`` applied; None deletes."""
    data: dict[str, Any] = {
        "code": "2.000815",
        "name": "Chứng thực bản sao từ bản chính",
        "field": "Chứng thực",
        "agency": "UBND cấp xã",
        "working_days": 0,
        "cutoff": "15:00",
        "fee": 2000,
        "fee_note": "2.000 đồng/trang",
        "legal_basis": ["Nghị định 23/2015/NĐ-CP", "Thông tư 226/2016/TT-BTC"],
        "result_by_post": False,
        "components": [
            {"name": "Bản chính giấy tờ", "form": "original", "count": 1, "required": True},
            {"name": "Bản sao cần chứng thực", "form": "copy", "count": 2, "required": True},
        ],
        "unverified": ["fee"],
        "note": "Trả ngay trong ngày nếu nộp trước 15 giờ",
    }
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def component(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"name": "Tờ khai", "form": "original", "count": 1, "required": True}
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def refused_field(data: dict[str, Any]) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        procedure_from_dict(data)
    assert info.value.code == "catalogue.field"
    return info.value


# ---------------------------------------------------------------- the shipped catalogue


def test_shipped_catalogue_has_at_least_thirty_procedures_with_unique_codes() -> None:
    codes = [e["code"] for e in ENTRIES]
    assert len(codes) >= 30
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize("data", ENTRIES, ids=[e["code"] for e in ENTRIES])
def test_every_shipped_catalogue_entry_is_valid(data: dict[str, Any]) -> None:
    procedure = procedure_from_dict(data)
    assert procedure.code == data["code"]
    assert procedure.components
    assert procedure.working_days >= 0
    assert procedure_from_dict(procedure_to_dict(procedure)) == procedure
    json.dumps(procedure_to_dict(procedure), ensure_ascii=False)


def test_birth_registration_is_a_same_day_procedure_with_a_15_00_cut_off() -> None:
    birth = procedure_from_dict(next(e for e in ENTRIES if e["code"] == "1.001193"))
    assert birth.name == "Đăng ký khai sinh"
    assert birth.working_days == 0
    assert birth.cutoff == time(15, 0)
    assert birth.cutoff_text == "15:00"


# ---------------------------------------------------------------- a valid entry


def test_complete_entry_gives_the_procedure() -> None:
    assert procedure_from_dict(entry()) == Procedure(
        code="2.000815",
        name="Chứng thực bản sao từ bản chính",
        field="Chứng thực",
        agency="UBND cấp xã",
        working_days=0,
        cutoff=time(15, 0),
        fee=2000,
        fee_note="2.000 đồng/trang",
        legal_basis=("Nghị định 23/2015/NĐ-CP", "Thông tư 226/2016/TT-BTC"),
        result_by_post=False,
        components=(
            Component("Bản chính giấy tờ", ComponentForm.ORIGINAL, 1, True),
            Component("Bản sao cần chứng thực", ComponentForm.COPY, 2, True),
        ),
        unverified=frozenset({"fee"}),
        note="Trả ngay trong ngày nếu nộp trước 15 giờ",
    )


def test_optional_fields_have_their_defaults() -> None:
    minimal = {
        "code": "1.000001",
        "name": "Thủ tục tối thiểu",
        "field": "Khác",
        "working_days": 5,
        "components": [{"name": "Đơn", "form": "original_or_copy"}],
    }
    procedure = procedure_from_dict(minimal)
    assert procedure.agency == ""
    assert procedure.cutoff is None
    assert procedure.cutoff_text is None
    assert procedure.fee is None
    assert procedure.fee_note is None
    assert procedure.legal_basis == ()
    assert procedure.result_by_post is True
    assert procedure.unverified == frozenset()
    assert procedure.note is None
    assert procedure.components == (Component("Đơn", ComponentForm.ORIGINAL_OR_COPY, count=1, required=True),)


def test_free_procedure_has_fee_zero_not_unknown() -> None:
    assert procedure_from_dict(entry(fee=0)).fee == 0


def test_text_is_cleaned_and_normalised() -> None:
    procedure = procedure_from_dict(
        entry(
            name=unicodedata.normalize("NFD", "  Đăng ký   khai sinh \n"),
            agency="   ",
            fee_note="",
            note="  ghi   chú ",
            legal_basis=["  Luật Hộ tịch  ", "", "   "],
        )
    )
    assert procedure.name == "Đăng ký khai sinh"
    assert unicodedata.is_normalized("NFC", procedure.name)
    assert procedure.agency == ""
    assert procedure.fee_note is None
    assert procedure.note == "ghi chú"
    assert procedure.legal_basis == ("Luật Hộ tịch",)


def test_optional_component_is_kept_as_optional() -> None:
    procedure = procedure_from_dict(entry(components=[component(), component(name="Giấy ủy quyền", required=False)]))
    assert [c.required for c in procedure.components] == [True, False]


# ---------------------------------------------------------------- invalid fields name themselves


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": None}, "name"),
        ({"name": "  "}, "name"),
        ({"name": 12}, "name"),
        ({"field": None}, "field"),
        ({"field": ""}, "field"),
        ({"agency": 5}, "agency"),
        ({"agency": ["UBND"]}, "agency"),
        ({"working_days": None}, "working_days"),
        ({"working_days": -1}, "working_days"),
        ({"working_days": "3"}, "working_days"),
        ({"working_days": 1.5}, "working_days"),
        ({"working_days": True}, "working_days"),
        ({"cutoff": 1500}, "cutoff"),
        ({"cutoff": time(15, 0)}, "cutoff"),
        ({"fee": -1}, "fee"),
        ({"fee": "miễn phí"}, "fee"),
        ({"fee": 2.5}, "fee"),
        ({"fee": False}, "fee"),
        ({"fee_note": 2000}, "fee_note"),
        ({"legal_basis": "Nghị định 23/2015/NĐ-CP"}, "legal_basis"),
        ({"legal_basis": ["Luật", 2014]}, "legal_basis"),
        ({"components": None}, "components"),
        ({"components": []}, "components"),
        ({"components": "Tờ khai"}, "components"),
        ({"components": ["Tờ khai"]}, "components"),
        ({"components": [component(form=None)]}, "form"),
        ({"components": [component(form="scan")]}, "form"),
        ({"components": [component(form="ORIGINAL")]}, "form"),
        ({"components": [component(required="yes")]}, "required"),
        ({"components": [component(required=1)]}, "required"),
        ({"components": [component(name=None)]}, "name"),
        ({"components": [component(name=" ")]}, "name"),
        ({"components": [component(count=0)]}, "count"),
        ({"components": [component(count="2")]}, "count"),
        ({"components": [component(count=True)]}, "count"),
        ({"components": [component(), component(count=-3)]}, "count"),
        ({"unverified": "fee"}, "unverified"),
        ({"unverified": ["colour"]}, "unverified"),
        ({"unverified": ["fee", "note"]}, "unverified"),
        ({"result_by_post": "yes"}, "result_by_post"),
        ({"result_by_post": 1}, "result_by_post"),
        ({"note": 1}, "note"),
        ({"name": "Chứng thực\x00 bản sao"}, "name"),  # the text rule (counter_app.domain.text)
        ({"note": "x" * 1001}, "note"),
        ({"legal_basis": ["Nghị định\x1b 23/2015"]}, "legal_basis"),
    ],
)
def test_invalid_field_is_refused_naming_the_entry_and_the_field(changes: dict[str, Any], field: str) -> None:
    error = refused_field(entry(**changes))
    assert error.params == {"where": "2.000815", "field": field}


@pytest.mark.parametrize("code", [None, "", "   ", 1001193])
def test_missing_or_blank_code_is_refused(code: Any) -> None:
    data = entry()
    if code is None:
        del data["code"]
    else:
        data["code"] = code
    error = refused_field(data)
    assert error.params == {"where": "?" if code is None else str(code), "field": "code"}


@pytest.mark.parametrize("cutoff", ["25:00", "3pm", "15h00"])
def test_malformed_cut_off_is_refused_naming_the_field(cutoff: str) -> None:
    error = refused_field(entry(cutoff=cutoff))
    assert error.params == {"where": "2.000815", "field": "cutoff"}


def test_nested_list_in_unverified_is_refused_naming_the_field() -> None:
    error = refused_field(entry(unverified=[["fee"]]))
    assert error.params == {"where": "2.000815", "field": "unverified"}


def test_every_flaggable_field_can_be_marked_unverified() -> None:
    procedure = procedure_from_dict(entry(unverified=sorted(UNVERIFIABLE_FIELDS)))
    assert procedure.unverified == UNVERIFIABLE_FIELDS


# ---------------------------------------------------------------- catalogue form and fingerprint


def test_catalogue_form_round_trips() -> None:
    procedure = procedure_from_dict(entry())
    data = procedure_to_dict(procedure)
    assert data == entry()
    assert procedure_from_dict(data) == procedure


def test_catalogue_form_of_a_procedure_without_cut_off() -> None:
    data = procedure_to_dict(procedure_from_dict(entry(working_days=3, cutoff=None)))
    assert data["cutoff"] is None
    assert data["working_days"] == 3


def test_unverified_fields_come_out_sorted() -> None:
    data = procedure_to_dict(procedure_from_dict(entry(unverified=["legal_basis", "code", "fee"])))
    assert data["unverified"] == ["code", "fee", "legal_basis"]


def test_fingerprint_is_stable_for_the_same_content() -> None:
    first = fingerprint(procedure_from_dict(entry()))
    assert first == fingerprint(procedure_from_dict(entry()))
    assert first == fingerprint(procedure_from_dict(procedure_to_dict(procedure_from_dict(entry()))))
    assert len(first) == 64
    assert int(first, 16) >= 0


def test_fingerprint_ignores_layout_that_does_not_change_the_content() -> None:
    base = fingerprint(procedure_from_dict(entry()))
    assert fingerprint(procedure_from_dict(entry(unverified=["fee", "fee"]))) == base
    assert fingerprint(procedure_from_dict(entry(name="  Chứng thực  bản sao từ bản chính "))) == base
    assert fingerprint(procedure_from_dict(dict(reversed(entry().items())))) == base


CHANGES: list[tuple[str, dict[str, Any]]] = [
    ("code", {"code": "2.000816"}),
    ("name", {"name": "Chứng thực bản sao từ bản chính giấy tờ"}),
    ("field", {"field": "Hộ tịch"}),
    ("agency", {"agency": "UBND tỉnh"}),
    ("agency removed", {"agency": None}),
    ("working_days", {"working_days": 1}),
    ("cutoff", {"cutoff": "11:00"}),
    ("cutoff removed", {"cutoff": None}),
    ("fee", {"fee": 3000}),
    ("fee unknown", {"fee": None}),
    ("fee free", {"fee": 0}),
    ("fee_note", {"fee_note": "3.000 đồng/trang"}),
    ("legal_basis added", {"legal_basis": ["Nghị định 23/2015/NĐ-CP", "Thông tư 226/2016/TT-BTC", "NĐ 07/2025"]}),
    ("legal_basis order", {"legal_basis": ["Thông tư 226/2016/TT-BTC", "Nghị định 23/2015/NĐ-CP"]}),
    ("result_by_post", {"result_by_post": True}),
    ("component name", {"components": [component(name="Bản chính"), component(form="copy", count=2)]}),
    ("component form", {"components": [component(name="Bản chính giấy tờ", form="original_or_copy")]}),
    ("component count", {"components": [component(name="Bản chính giấy tờ", count=2)]}),
    ("component required", {"components": [component(name="Bản chính giấy tờ", required=False)]}),
    ("components order", {"components": list(reversed(entry()["components"]))}),
    ("unverified", {"unverified": ["fee", "legal_basis"]}),
    ("note", {"note": "Trả trong ngày"}),
    ("note removed", {"note": None}),
]


@pytest.mark.parametrize("changes", [c for _, c in CHANGES], ids=[label for label, _ in CHANGES])
def test_fingerprint_changes_when_any_field_changes(changes: dict[str, Any]) -> None:
    before = procedure_from_dict(entry())
    after = procedure_from_dict(entry(**copy.deepcopy(changes)))
    assert after != before
    assert fingerprint(after) != fingerprint(before)


# ---------------------------------------------------------------- properties

words = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạềểễếệ ", min_size=1, max_size=30).filter(
    lambda s: s.strip() != ""
)
components = st.fixed_dictionaries(
    {"name": words, "form": st.sampled_from([f.value for f in ComponentForm])},
    optional={"count": st.integers(min_value=1, max_value=10), "required": st.booleans()},
)
entries = st.fixed_dictionaries(
    {
        "code": st.from_regex(r"[12]\.00[0-9]{4}", fullmatch=True),
        "name": words,
        "field": words,
        "working_days": st.integers(min_value=0, max_value=60),
        "components": st.lists(components, min_size=1, max_size=5),
    },
    optional={
        "agency": st.none() | words,
        "cutoff": st.none() | st.times().map(lambda t: f"{t:%H:%M}"),
        "fee": st.none() | st.integers(min_value=0, max_value=10_000_000),
        "fee_note": st.none() | words,
        "legal_basis": st.lists(words, max_size=4),
        "result_by_post": st.booleans(),
        "unverified": st.lists(st.sampled_from(sorted(UNVERIFIABLE_FIELDS)), max_size=4),
        "note": st.none() | words,
    },
)


@given(entries)
def test_any_valid_entry_round_trips_through_the_catalogue_form(data: dict[str, Any]) -> None:
    procedure = procedure_from_dict(data)
    again = procedure_from_dict(json.loads(json.dumps(procedure_to_dict(procedure))))
    assert again == procedure
    assert fingerprint(again) == fingerprint(procedure)


@given(entries, entries)
def test_different_procedures_have_different_fingerprints(a: dict[str, Any], b: dict[str, Any]) -> None:
    first, second = procedure_from_dict(a), procedure_from_dict(b)
    assert (fingerprint(first) == fingerprint(second)) == (first == second)


def test_competent_agency_level_and_sources_round_trip_and_change_the_fingerprint() -> None:
    """Reception regardless of residence: the competent agency, the level and the sources are part of
    the entry (a change is a new version); an entry without them keeps its first-edition fingerprint."""
    plain = procedure_from_dict(entry())
    source = {"url": "https://x.gov.vn/tthc", "checked": "2026-12-03", "fields": ["code"], "certainty": "V"}
    full = procedure_from_dict(entry(agency_code="CA_TINH", level="vertical", sources=[source]))
    assert (full.agency_code, full.level, full.sources[0].fields) == ("CA_TINH", "vertical", ("code",))
    assert procedure_from_dict(procedure_to_dict(full)) == full
    assert fingerprint(full) != fingerprint(plain)
    assert "agency_code" not in procedure_to_dict(plain)


GOOD_SOURCE = {"url": "https://x.gov.vn", "checked": "2026-12-03", "fields": ["code"], "certainty": "V"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"agency_code": "công an"}, "agency_code"),  # codes are A–Z, 0–9, _
        ({"level": "district"}, "level"),  # no district level after 01/07/2025
        ({"sources": "https://x.gov.vn"}, "sources"),
        ({"sources": ["https://x.gov.vn"]}, "sources"),
        ({"sources": [{**GOOD_SOURCE, "fields": "code"}]}, "sources"),
        ({"sources": [{**GOOD_SOURCE, "fields": ["colour"]}]}, "sources"),
        ({"sources": [{**GOOD_SOURCE, "checked": "03/12/2026"}]}, "sources"),
        ({"sources": [{**GOOD_SOURCE, "certainty": "R"}]}, "sources"),
        ({"sources": [{**GOOD_SOURCE, "url": None}]}, "url"),
    ],
)
def test_a_malformed_competent_agency_level_or_source_is_refused_naming_the_field(
    changes: dict[str, Any], field: str
) -> None:
    assert refused_field(entry(**changes)).params == {"where": "2.000815", "field": field}
