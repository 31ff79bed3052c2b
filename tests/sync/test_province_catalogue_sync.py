"""The hub publishes the catalogue and the province's agencies as before, and the counter takes the new
fields over the real hub on loopback: a procedure's competent agency, level and sources, and the names
the province gave its agencies. A dossier of that procedure then goes to that agency by default."""

from __future__ import annotations

import io
import json

from pypdf import PdfReader

from counter_app.domain.applicant import make_applicant
from counter_app.paths import catalogue_dir
from counter_app.services import catalogue, documents, dossiers, intake, lifecycle
from counter_app.services import hub_sync as sync
from district_server import service
from district_server.db import utc_now
from tests.hub.conftest import HubServer
from tests.sync.conftest import COMMUNE_A, MakeCounter, add_commune, issue_code

LAND_COPY = "1.012783"  # Cấp đổi Giấy chứng nhận: Chi nhánh Văn phòng đăng ký đất đai


def test_published_competent_agencies_arrive_and_drive_the_counter(
    sqlite_hub: HubServer, make_counter: MakeCounter
) -> None:
    a = make_counter()
    add_commune(sqlite_hub, COMMUNE_A, "UBND xã Tân Lập")
    sync.enroll(a.ctx, sqlite_hub.url, issue_code(sqlite_hub, COMMUNE_A))
    procedures = json.loads((catalogue_dir() / "procedures.json").read_text(encoding="utf-8"))
    procedures["edition"] = "2026-12-31"
    entry = next(p for p in procedures["procedures"] if p["code"] == LAND_COPY)
    entry["agency_code"] = "CN_VPDKDD_TL"  # the province's own branch for this area
    entry["sources"].append(
        {
            "url": "https://dichvucong.phutho.gov.vn/quyet-dinh-cong-bo",
            "checked": "2026-12-31",
            "fields": ["working_days"],
            "certainty": "V",
            "note": "Quyết định công bố của tỉnh",
        }
    )
    entry["unverified"].remove("working_days")
    agencies = json.loads((catalogue_dir() / "agencies.json").read_text(encoding="utf-8"))
    agencies["agencies"].append(
        {
            "code": "CN_VPDKDD_TL",
            "name": "Chi nhánh Văn phòng đăng ký đất đai khu vực Tân Lập",
            "kind": "provincial_centre",
            "note": None,
        }
    )
    assert sqlite_hub.hub is not None
    with sqlite_hub.hub.write() as session:
        service.publish_catalogue(session, procedures, utc_now())
        service.publish_agencies(session, agencies, utc_now())

    report = sync.run_round(a.ctx)
    assert report.error is None and report.conflicts == 0

    info = catalogue.get_procedure(a.ctx, LAND_COPY)
    assert (info.agency_code, info.level, info.version) == ("CN_VPDKDD_TL", "provincial", 2)
    assert "working_days" not in info.unverified
    assert any(s.certainty == "V" and s.fields == ("working_days",) for s in info.sources)

    applicant = make_applicant("Nguyễn Thị Hồng Nhung", phone="0912345678")
    code = intake.accept(a.ctx, intake.IntakeRequest(LAND_COPY, applicant)).dossier.code
    receipt = documents.receipt(a.ctx, code).pdf
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(receipt)).pages)
    assert "Chi nhánh Văn phòng đăng ký đất đai khu vực Tân Lập" in text
    lifecycle.transfer(a.ctx, code)
    assert dossiers.show(a.ctx, code).events[-1].payload["to"] == "CN_VPDKDD_TL"
