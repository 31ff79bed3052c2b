"""What the hub publishes arrives at the counter; other workstations' receipts verify once their keys did."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from counter_app.domain.errors import DomainError
from counter_app.paths import catalogue_dir
from counter_app.printing.labels import load_labels
from counter_app.services import calendar, catalogue, dossiers, receipts, users
from counter_app.services import hub_sync as sync
from counter_app.services.office import current_office
from district_server import service
from district_server.db import utc_now
from tests.hub.conftest import HubServer
from tests.sync.conftest import BIRTH, COMMUNE_A, MakeCounter, add_commune, issue_code


def _weekday_after(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7 or 7)


def test_catalogue_agencies_calendar_and_users_published_at_the_hub_arrive(
    sqlite_hub: HubServer, make_counter: MakeCounter
) -> None:
    a = make_counter()
    add_commune(sqlite_hub, COMMUNE_A, "UBND xã Tân Lập")
    sync.enroll(a.ctx, sqlite_hub.url, issue_code(sqlite_hub, COMMUNE_A))
    procedures = json.loads((catalogue_dir() / "procedures.json").read_text(encoding="utf-8"))
    procedures["edition"] = "2026-01-01"
    birth = next(p for p in procedures["procedures"] if p["code"] == BIRTH)
    birth["fee"] = 9000
    agencies = json.loads((catalogue_dir() / "agencies.json").read_text(encoding="utf-8"))
    agencies["agencies"].append({"code": "SO_TP", "name": "Sở Tư pháp tỉnh", "kind": "provincial_department"})
    holiday = _weekday_after(a.clock().date() + timedelta(days=30), 2)  # a Wednesday
    local_day = holiday + timedelta(days=1)
    calendar.set_override(a.ctx, local_day, calendar.OverrideKind.HOLIDAY, "Nghỉ do xã quyết định")
    assert sqlite_hub.hub is not None
    with sqlite_hub.hub.write() as session:
        now = utc_now()
        service.publish_catalogue(session, procedures, now)
        service.publish_agencies(session, agencies, now)
        overrides = [
            {"day": holiday.isoformat(), "kind": "holiday", "note": "Nghỉ bù"},
            {"day": local_day.isoformat(), "kind": "working", "note": "Làm bù"},
        ]
        service.publish_calendar(session, {"overrides": overrides}, now)
        service.add_user(session, COMMUNE_A, "canbo2", "Trần Văn Bình", "clerk", "mat-khau-moi-123", now)

    report = sync.run_round(a.ctx)
    assert report.error is None and report.conflicts == 0 and report.pulled >= 4
    fee = catalogue.get_procedure(a.ctx, BIRTH)
    assert (fee.fee, fee.version) == (9000, 2)
    assert "SO_TP" in {x.code for x in catalogue.list_agencies(a.ctx)}
    days = calendar.load_calendar(a.ctx)
    assert not days.is_working_day(holiday)
    assert not days.is_working_day(local_day)  # a day the commune set itself stays as it set it
    signed_in = users.authenticate(a.ctx, "canbo2", "mat-khau-moi-123")
    assert (signed_in.full_name, signed_in.role.value) == ("Trần Văn Bình", "clerk")

    # A clerk locked out here stays locked out when the hub updates the account.
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(DomainError):
            users.authenticate(a.ctx, "canbo2", "sai-mat-khau")
    with sqlite_hub.hub.write() as session:
        service.add_user(session, COMMUNE_A, "canbo2", "Trần Văn Bình", "leader", "mat-khau-khac-456", utc_now())
        service.publish_calendar(session, {"overrides": []}, utc_now())  # the holiday was withdrawn
    assert sync.run_round(a.ctx).error is None
    with pytest.raises(DomainError) as caught:
        users.authenticate(a.ctx, "canbo2", "mat-khau-khac-456")
    assert caught.value.code == "user.locked"
    assert users.find_user(a.ctx, "canbo2").role.value == "leader"
    days = calendar.load_calendar(a.ctx)
    assert days.is_working_day(holiday) and not days.is_working_day(local_day)


def test_another_workstations_receipt_verifies_after_sync(sqlite_hub: HubServer, make_counter: MakeCounter) -> None:
    first, second = make_counter(COMMUNE_A, 1), make_counter(COMMUNE_A, 2)
    code = first.take()
    with first.db.read() as session:
        office = current_office(session)
        labels = load_labels(office.form_set, "vi")
        payload = receipts.payload_for(office, dossiers.load(session, code), labels, first.ctx.now())
    assert receipts.verify_scan(second.ctx, payload).verdict is receipts.ScanVerdict.OTHER_WORKSTATION

    add_commune(sqlite_hub, COMMUNE_A, "UBND xã Tân Lập")
    for counter in (first, second):
        sync.enroll(counter.ctx, sqlite_hub.url, issue_code(sqlite_hub, COMMUNE_A))
    assert sync.run_round(second.ctx).error is None

    checked = receipts.verify_scan(second.ctx, payload)
    assert (checked.verdict, checked.signed_by) == (receipts.ScanVerdict.UNKNOWN, 1)  # genuine, held by PC 1
    altered = payload.replace(f"ma={code}", f"ma={code[:-4]}1999")
    assert receipts.verify_scan(second.ctx, altered).verdict is receipts.ScanVerdict.FORGED
    from_pc3 = payload.replace(f"ma={code}", f"ma={code[:-4]}3001")
    assert receipts.verify_scan(second.ctx, from_pc3).verdict is receipts.ScanVerdict.OTHER_WORKSTATION
    assert receipts.verify_scan(first.ctx, payload).verdict is receipts.ScanVerdict.GENUINE
