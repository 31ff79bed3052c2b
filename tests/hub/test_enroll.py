"""Enrolment with one-time codes, credentials, revocation."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import httpx

from district_server import service
from district_server.db import utc_now
from district_server.models import EnrollCode
from district_server.service import CODE_ALPHABET
from tests.hub.conftest import HubServer
from tests.hub.support import (
    COMMUNE_A,
    COMMUNE_B,
    add_commune,
    enroll,
    enroll_request,
    first_event,
    issue_code,
    push,
    statuses,
)


def _post(server: HubServer, body: dict[str, object]) -> httpx.Response:
    return httpx.post(f"{server.url}/v1/enroll", json=body, timeout=30)


def test_enrol_gives_a_working_credential_bound_to_the_commune(hub_server: HubServer) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    device = enroll(hub_server, COMMUNE_A, workstation=2)
    answer = device.answer
    assert answer["token"].startswith(answer["device_id"] + ".")
    assert answer["commune"] == {"code": COMMUNE_A, "name": "UBND xã Tân Lập"}
    assert answer["lookup_url_base"] == f"{hub_server.url}/ho-so"
    assert answer["epoch"] == httpx.get(f"{hub_server.url}/health").json()["epoch"]
    assert statuses(push(device, [first_event(device)])) == ["ok"]


def test_a_code_works_once(hub_server: HubServer) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    code = issue_code(hub_server.hub, COMMUNE_A)
    assert _post(hub_server, enroll_request(code, COMMUNE_A)).status_code == 200
    again = _post(hub_server, enroll_request(code, COMMUNE_A, workstation=3))
    assert again.status_code == 400
    assert again.json()["error"] == "enroll_code"
    assert again.json()["message"]  # Vietnamese text for the clerk
    unknown = _post(hub_server, enroll_request("AAAA-BBBB-CCCC-DDDD", COMMUNE_A))
    assert (unknown.status_code, unknown.json()["error"]) == (400, "enroll_code")


def test_code_is_typed_loosely(hub_server: HubServer) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    code = issue_code(hub_server.hub, COMMUNE_A)
    typed = " " + code.replace("-", " ").lower() + " "
    assert _post(hub_server, enroll_request(typed, COMMUNE_A)).status_code == 200


def test_wrong_commune_is_refused_and_the_code_stays_usable(hub_server: HubServer) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    add_commune(hub_server.hub, COMMUNE_B, "UBND xã Hòa Bình")
    code = issue_code(hub_server.hub, COMMUNE_A)
    wrong = _post(hub_server, enroll_request(code, COMMUNE_B))
    assert (wrong.status_code, wrong.json()["error"]) == (400, "commune_mismatch")
    assert _post(hub_server, enroll_request(code, COMMUNE_A)).status_code == 200


def test_workstation_taken_and_reenrol_of_the_same_pc(hub_server: HubServer) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    first = enroll(hub_server, COMMUNE_A, workstation=1)
    other = _post(hub_server, enroll_request(issue_code(hub_server.hub, COMMUNE_A), COMMUNE_A, workstation=1))
    assert (other.status_code, other.json()["error"]) == (409, "workstation_taken")
    again = enroll(hub_server, COMMUNE_A, workstation=1, device_uid=first.device_uid)
    assert again.device_id == first.device_id  # same device, history kept
    assert again.token != first.token
    old = push(first, [first_event(first)])
    assert (old.status_code, old.json()["error"]) == (401, "unauthorized")
    assert statuses(push(again, [first_event(again)])) == ["ok"]


def test_revoked_device_gets_401_on_push_and_pull(hub_server: HubServer) -> None:
    from district_server.cli import main

    add_commune(hub_server.hub, COMMUNE_A)
    device = enroll(hub_server, COMMUNE_A)
    assert main(["--db", hub_server.db_url, "revoke", device.device_id]) == 0
    pushed = push(device, [first_event(device)])
    assert (pushed.status_code, pushed.json()["error"]) == (401, "revoked")
    pulled = httpx.get(f"{hub_server.url}/v1/changes", params={"after": 0}, headers=device.headers)
    assert (pulled.status_code, pulled.json()["error"]) == (401, "revoked")
    snap = httpx.get(f"{hub_server.url}/v1/snapshot", headers=device.headers)
    assert snap.status_code == 401
    # After a revoke the same PC re-enrols with a fresh code and works again.
    again = enroll(hub_server, COMMUNE_A, device_uid=device.device_uid)
    assert statuses(push(again, [first_event(again)])) == ["ok"]


def test_no_or_forged_credential_is_401(hub_server: HubServer) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    device = enroll(hub_server, COMMUNE_A)
    for headers in ({}, {"Authorization": f"Bearer {device.device_id}.wrong"}, {"Authorization": "Basic x"}):
        answer = httpx.get(f"{hub_server.url}/v1/changes", params={"after": 0}, headers=headers)
        assert (answer.status_code, answer.json()["error"]) == (401, "unauthorized")


def test_a_code_expires_after_seven_days(hub_server: HubServer) -> None:
    from datetime import timedelta

    import pytest

    from district_server import service
    from district_server.db import utc_now
    from district_server.errors import HubError

    hub = hub_server.hub
    assert hub is not None
    add_commune(hub, COMMUNE_A)
    code = issue_code(hub, COMMUNE_A)
    request = service.EnrollRequest.from_json(enroll_request(code, COMMUNE_A))
    with pytest.raises(HubError) as refused, hub.write() as session:
        service.enroll(session, request, utc_now() + timedelta(days=7, minutes=1), hub.lookup_base)
    assert refused.value.code == "enroll_code"
    with hub.write() as session:
        assert service.enroll(session, request, utc_now() + timedelta(days=6), hub.lookup_base).device_id


def test_issued_codes_avoid_the_characters_the_docs_promise_to_avoid(hub_server: HubServer) -> None:
    """Issue 11 (19): the guide says codes have no 0/O, 1/I/L, 5/S, 8/B, but codes with 5 were issued."""
    guide = (Path(__file__).resolve().parents[2] / "docs" / "district-server.md").read_text(encoding="utf-8")
    promise = re.search(r"An enrolment code looks like `[A-Z0-9-]+` \(no ([^;]+);", guide)
    assert promise is not None, "the guide no longer states which characters codes avoid"
    avoided = set(promise[1]) - set("/, ")
    assert avoided == set("0O1IL5S8B")
    add_commune(hub_server.hub, COMMUNE_A)
    used = set("".join(issue_code(hub_server.hub, COMMUNE_A).replace("-", "") for _ in range(300)))
    assert used.isdisjoint(avoided), sorted(used & avoided)
    assert len(used) == len(CODE_ALPHABET)  # 300 codes of 16 symbols show every symbol of the alphabet


def test_a_code_issued_with_a_5_before_the_fix_still_enrols(hub_server: HubServer) -> None:
    """Codes live 7 days; one issued with the old alphabet is looked up by its hash and still works."""
    add_commune(hub_server.hub, COMMUNE_A)
    old = "A5CD-E5FG-5HJK-M5NP"
    with hub_server.hub.write() as session:
        commune = service.commune_by_code(session, COMMUNE_A)
        now = utc_now()
        session.add(
            EnrollCode(
                code_hash=service.sha256_hex(service.normalize_enroll_code(old)),
                commune_id=commune.id,
                created_at=now,
                expires_at=now + timedelta(days=7),
                used_at=None,
            )
        )
    assert _post(hub_server, enroll_request(old, COMMUNE_A)).status_code == 200
