"""The online-only marks ride in the catalogue the hub publishes; an assisted filing reaches the hub."""

from __future__ import annotations

import json

import pytest

from counter_app.domain.applicant import make_applicant
from counter_app.domain.errors import InvalidInput
from counter_app.domain.values import Channel
from counter_app.paths import catalogue_dir
from counter_app.services import catalogue, intake
from counter_app.services import hub_sync as sync
from district_server import service
from district_server.db import utc_now
from district_server.errors import HubError
from tests.hub.conftest import HubServer
from tests.sync.conftest import BIRTH, COMMUNE_A, MakeCounter, add_commune, issue_code


def test_the_hub_publishes_the_marks_and_takes_an_assisted_filing(
    sqlite_hub: HubServer, make_counter: MakeCounter
) -> None:
    a = make_counter()
    add_commune(sqlite_hub, COMMUNE_A, "UBND xã Tân Lập")
    sync.enroll(a.ctx, sqlite_hub.url, issue_code(sqlite_hub, COMMUNE_A))
    procedures = json.loads((catalogue_dir() / "procedures.json").read_text(encoding="utf-8"))
    marks = json.loads((catalogue_dir() / "online_only.json").read_text(encoding="utf-8"))
    marks["services"].append({"code": BIRTH, "name": "(test) bản sao trích lục", "certainty": "R"})
    assert sqlite_hub.hub is not None
    # A malformed block is refused at the hub, before any counter sees it.
    with sqlite_hub.hub.write() as session, pytest.raises(HubError):
        service.publish_catalogue(session, {**procedures, "online_only": {**marks, "effective_from": "x"}}, utc_now())
    with sqlite_hub.hub.write() as session:
        service.publish_catalogue(session, {**procedures, "edition": "2026-02-01", "online_only": marks}, utc_now())
    report = sync.run_round(a.ctx)
    assert report.error is None and report.conflicts == 0
    assert catalogue.get_procedure(a.ctx, BIRTH).online_only is not None
    applicant = make_applicant("Nguyễn Thị Hồng Nhung", id_number="001190123456")
    with pytest.raises(InvalidInput) as caught:
        intake.accept(a.ctx, intake.IntakeRequest(BIRTH, applicant))
    assert caught.value.code == "intake.online_only"
    filed = intake.accept(
        a.ctx,
        intake.IntakeRequest(BIRTH, applicant, channel=Channel.ONLINE, assisted=True, portal_code="G22.99-260201-0001"),
    )
    report = sync.run_round(a.ctx)
    assert report.error is None and report.conflicts == 0
    with sqlite_hub.hub.read() as session:
        row = next(d for d in service.list_dossiers(session, COMMUNE_A) if d.code == filed.dossier.code)
    assert row.code == filed.dossier.code
