"""Reception regardless of residence within the province (Decree 118/2025 art. 14(2)) and the
catalogue's facts: every procedure names its competent agency, a provincial or vertical-agency
procedure received at the commune counter prints that agency on the receipt, and a transfer goes
there unless the clerk picks another body. Verified codes and time limits carry their source."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from counter_app.domain.errors import InvalidInput
from counter_app.domain.lifecycle import Status
from counter_app.domain.procedure import procedure_from_dict
from counter_app.paths import catalogue_dir
from counter_app.services import catalogue, documents, dossiers, lifecycle
from counter_app.services.context import Context
from tests.services.test_lifecycle import BIRTH, take

CRIMINAL_RECORD = "3.000333"  # Phiếu lý lịch tư pháp: Công an tỉnh since 01/03/2025
LAND_TRANSFER = "1.013831"  # Đăng ký biến động: Chi nhánh Văn phòng đăng ký đất đai
ID_CARD = "2.001195"  # Cấp đổi thẻ căn cước: Công an tỉnh


def _files() -> tuple[list[dict], dict[str, dict]]:
    procedures = json.loads((catalogue_dir() / "procedures.json").read_text(encoding="utf-8"))["procedures"]
    agencies = json.loads((catalogue_dir() / "agencies.json").read_text(encoding="utf-8"))["agencies"]
    return procedures, {a["code"]: a for a in agencies}


def _text(pdf: bytes) -> str:
    """The PDF's words with line breaks as spaces: a long agency name wraps at 13 pt on a 165 mm line."""
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_every_procedure_names_a_competent_agency_of_the_agencies_file() -> None:
    procedures, agencies = _files()
    for entry in procedures:
        assert entry.get("agency_code") in agencies, entry["code"]
        assert entry["level"] in ("commune", "provincial", "vertical"), entry["code"]
    for code in ("CA_TINH", "THUE_TINH", "BHXH_TINH", "UBND_XA", "STP", "SXD", "SNNMT", "CN_VPDKDD"):
        assert code in agencies


def test_the_province_level_and_vertical_procedures_are_in_the_catalogue() -> None:
    procedures, agencies = _files()
    by_code = {p["code"]: p for p in procedures}
    assert by_code[CRIMINAL_RECORD]["agency_code"] == "CA_TINH" and by_code[CRIMINAL_RECORD]["level"] == "vertical"
    assert by_code[LAND_TRANSFER]["agency_code"] == "CN_VPDKDD" and by_code[LAND_TRANSFER]["level"] == "provincial"
    assert by_code[ID_CARD]["agency_code"] == "CA_TINH"
    assert agencies["CA_TINH"]["kind"] == "police"
    # The code of the criminal-record procedure was seen in third-party code only: it stays marked.
    assert "code" in by_code[CRIMINAL_RECORD]["unverified"]


def test_a_verified_code_or_time_limit_carries_its_source() -> None:
    procedures, _ = _files()
    for entry in procedures:
        covered = {f for s in entry.get("sources", []) for f in s["fields"]}
        for field in ("code", "working_days"):
            if field not in entry["unverified"]:
                assert field in covered, f"{entry['code']}: {field} is marked verified without a source"
        for source in entry.get("sources", []):
            assert source["url"].startswith(("https://", "http://")) and source["certainty"] in ("V", "C")
    # Of the 36 codes the first edition marked unverified, those checked against a copy of the national
    # portal's page are cleared; the rest stay marked.
    first_edition = [p for p in procedures if p["code"] not in {CRIMINAL_RECORD, LAND_TRANSFER, ID_CARD}][:37]
    cleared = {p["code"] for p in first_edition if "code" not in p["unverified"]}
    assert {"1.004222", "1.004194", "1.002755", "1.003677", "1.001022", "2.001016", "2.000815"} <= cleared
    assert sum("code" in p["unverified"] for p in first_edition) == 29


def test_a_source_with_an_unknown_field_or_certainty_is_refused() -> None:
    procedures, _ = _files()
    entry = dict(procedures[0])
    entry["sources"] = [{"url": "https://x.vn", "checked": "2026-12-03", "fields": ["colour"], "certainty": "V"}]
    with pytest.raises(InvalidInput):
        procedure_from_dict(entry)
    entry["sources"] = [{"url": "https://x.vn", "checked": "2026-12-03", "fields": ["code"], "certainty": "?"}]
    with pytest.raises(InvalidInput):
        procedure_from_dict(entry)
    entry["sources"], entry["level"] = [], "district"  # no district level after 01/07/2025
    with pytest.raises(InvalidInput):
        procedure_from_dict(entry)


def test_loaded_catalogue_shows_the_competent_agency_and_sources(ctx: Context) -> None:
    info = catalogue.get_procedure(ctx, "1.004222")
    assert (info.agency_code, info.level) == ("CAX", "vertical")
    assert any("code" in s.fields and s.certainty == "C" for s in info.sources)
    assert catalogue.get_procedure(ctx, CRIMINAL_RECORD).agency_code == "CA_TINH"


def test_commune_intake_of_a_provincial_procedure_names_the_competent_agency_on_the_receipt(ctx: Context) -> None:
    code = take(ctx, CRIMINAL_RECORD)
    text = _text(documents.receipt(ctx, code).pdf)
    assert "Cơ quan có thẩm quyền giải quyết: Công an tỉnh" in text
    # The commune's own procedure: the unit line already names the body, no extra line.
    birth = take(ctx, BIRTH)
    assert "Cơ quan có thẩm quyền giải quyết" not in _text(documents.receipt(ctx, birth).pdf)


def test_the_agency_name_the_province_set_is_the_one_printed(ctx: Context) -> None:
    _, agencies = _files()
    renamed = {"agencies": [{**agencies["CN_VPDKDD"], "name": "Chi nhánh Văn phòng đăng ký đất đai khu vực Tân Lập"}]}
    with ctx.db.write() as session:
        catalogue.load_data_into(session, ctx.actor, ctx.now(), None, renamed)
    code = take(ctx, LAND_TRANSFER)
    assert "Chi nhánh Văn phòng đăng ký đất đai khu vực Tân Lập" in _text(documents.receipt(ctx, code).pdf)


def test_a_transfer_goes_to_the_competent_agency_by_default(ctx: Context) -> None:
    code = take(ctx, CRIMINAL_RECORD)
    assert lifecycle.default_transfer_agency(ctx, code) == "CA_TINH"
    assert lifecycle.transfer(ctx, code).status is Status.INTERLINKED
    last = dossiers.show(ctx, code).events[-1]
    assert last.payload["to"] == "CA_TINH" and last.payload["to_name"] == "Công an tỉnh"
    slip = _text(documents.routing_slip(ctx, code).pdf)
    assert "Công an tỉnh" in slip


def test_the_clerk_may_still_send_it_elsewhere(ctx: Context) -> None:
    code = take(ctx, LAND_TRANSFER)
    lifecycle.transfer(ctx, code, "VPDKDD")
    assert dossiers.show(ctx, code).events[-1].payload["to"] == "VPDKDD"


def test_without_a_competent_agency_the_transfer_asks_for_one(ctx: Context) -> None:
    procedures, _ = _files()
    bare = {**next(p for p in procedures if p["code"] == BIRTH), "agency_code": None, "level": "commune"}
    with ctx.db.write() as session:
        catalogue.load_data_into(session, ctx.actor, ctx.now(), {"edition": "x", "procedures": [bare]}, None)
    code = take(ctx, BIRTH)
    with pytest.raises(InvalidInput) as caught:
        lifecycle.transfer(ctx, code)
    assert caught.value.code == "transfer.no_default_agency"
