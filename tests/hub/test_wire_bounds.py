"""Malformed payloads never make the hub answer 500 (issue 11, item 4), on SQLite and PostgreSQL.

Each cause seen in the attack on loopback has its test: JSON nested thousands deep (on the unauthenticated
enrolment too), times that overflow on conversion to UTC in every time field, a lone surrogate, NUL
(PostgreSQL cannot store it), NaN, over-long text; a dossier stored with a year-9999 date before these
bounds existed still shows on ``/ho-so`` and in ``district-server dossiers``; report dates outside the
years the hub keeps are one clear refusal.
"""

from __future__ import annotations

import copy
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from counter_app.sync import protocol
from district_server import report
from district_server.cli import main
from district_server.db import utc_now
from district_server.models import Device as DeviceRow
from district_server.models import HubDossier, HubEvent, RejectedItem
from tests.hub.conftest import HubServer
from tests.hub.support import (
    COMMUNE_A,
    COMMUNE_B,
    T0,
    Device,
    add_commune,
    enroll,
    enroll_request,
    first_event,
    issue_code,
    item,
    next_event,
    push,
    push_envelope,
    statuses,
)

LATE = "9999-12-31T23:00:00-14:00"  # beyond datetime.max once in UTC
EARLY = "0001-01-01T00:00:00+14:00"  # before datetime.min once in UTC


@pytest.fixture
def device(hub_server: HubServer) -> Device:
    add_commune(hub_server.hub, COMMUNE_A)
    return enroll(hub_server, COMMUNE_A)


def _post_raw(url: str, data: bytes, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.post(url, content=data, headers={"Content-Type": "application/json", **(headers or {})}, timeout=30)


def _results(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def _refusal(response: httpx.Response, index: int) -> str:
    result = _results(response)[index]
    assert result["status"] == "rejected", result
    reason: str = result["reason"]
    return reason


# ------------------------------------------------------------------------------------------ JSON depth


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deep_json_on_the_unauthenticated_enrolment_is_400(hub_server: HubServer, depth: int) -> None:
    body = b'{"code":' + b"[" * depth + b"]" * depth + b"}"
    answer = _post_raw(f"{hub_server.url}/v1/enroll", body)
    assert answer.status_code == 400, answer.text
    assert "32" in answer.json()["message"]  # says how deep is allowed


def test_deep_json_in_a_push_is_400_and_the_hub_keeps_working(hub_server: HubServer, device: Device) -> None:
    good = first_event(device)
    envelope = {"batch": str(uuid.uuid4()), "items": [item(good)]}
    text = json.dumps(envelope)
    deep = text.replace('"payload": {', '"payload": {"x": ' + "[" * 5_000 + "]" * 5_000 + ", ", 1)
    answer = _post_raw(f"{device.url}/v1/push", deep.encode(), {**device.headers, "Idempotency-Key": envelope["batch"]})
    assert answer.status_code == 400, answer.text
    assert statuses(push(device, [good])) == ["ok"]  # then the ordinary batch goes through


# ------------------------------------------------------------------------------------------ times


def _with(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    body = copy.deepcopy(body)
    *parents, last = path.split(".")
    node = body
    for key in parents:
        node = node[key]
    node[last] = value
    return body


@pytest.mark.parametrize("moment", [LATE, EARLY])
@pytest.mark.parametrize("path", ["at", "recorded_at", "dossier.received_at", "dossier.due_at"])
def test_a_first_event_time_that_overflows_is_refused_naming_the_field(
    hub_server: HubServer, device: Device, path: str, moment: str
) -> None:
    bad = _with(first_event(device), path, moment)
    good = first_event(device)
    answer = push(device, [bad, good])
    assert path.rsplit(".", 1)[-1] in _refusal(answer, 0)
    assert _results(answer)[1]["status"] == "ok"  # the rest of the batch is stored


@pytest.mark.parametrize("moment", [LATE, EARLY])
@pytest.mark.parametrize(
    ("kind", "status", "key"),
    [("apology_issued", "received", "new_appointment"), ("apology_issued", "received", "old_appointment")],
)
def test_a_payload_time_that_overflows_is_refused(
    hub_server: HubServer, device: Device, kind: str, status: str, key: str, moment: str
) -> None:
    first = first_event(device)
    assert statuses(push(device, [first])) == ["ok"]
    apology = next_event(first, kind, status, payload={"reason": "Chờ xác minh", key: moment})
    assert f"payload.{key}" in _refusal(push(device, [apology]), 0)


def test_a_late_acceptance_time_that_overflows_is_refused(hub_server: HubServer, device: Device) -> None:
    first = first_event(device, kind="submitted")
    assert statuses(push(device, [first])) == ["ok"]
    accepted = next_event(first, "received", "received", payload={"received_at": LATE, "due_at": EARLY})
    assert "payload.received_at" in _refusal(push(device, [accepted]), 0)


@pytest.mark.parametrize("moment", [LATE, EARLY])
def test_a_rating_time_that_overflows_is_refused(hub_server: HubServer, device: Device, moment: str) -> None:
    first = first_event(device)
    assert statuses(push(device, [first])) == ["ok"]
    rating = {
        "v": 1,
        "rating_uid": str(uuid.uuid4()),
        "dossier_uid": first["dossier_uid"],
        "dossier_code": first["dossier_code"],
        "rating": "satisfied",
        "criteria": {},
        "comment": None,
        "rated_at": moment,
    }
    answer = httpx.post(
        f"{device.url}/v1/push",
        json={"batch": str(uuid.uuid4()), "items": [item(rating, "rating")]},
        headers=device.headers,
        timeout=30,
    )
    assert "rated_at" in _refusal(answer, 0)


@pytest.mark.parametrize("moment", [LATE, EARLY])
def test_device_time_that_overflows_is_400_naming_it(hub_server: HubServer, device: Device, moment: str) -> None:
    envelope = {"batch": str(uuid.uuid4()), "device_time": moment, "items": [item(first_event(device))]}
    answer = push_envelope(device, envelope)
    assert answer.status_code == 400, answer.text
    assert "device_time" in answer.json()["message"]
    request = enroll_request(issue_code(hub_server.hub, COMMUNE_A), COMMUNE_A, workstation=2)
    request["device_time"] = moment
    answer = httpx.post(f"{hub_server.url}/v1/enroll", json=request, timeout=30)
    assert answer.status_code == 400, answer.text
    assert "device_time" in answer.json()["message"]


# ------------------------------------------------------------------------------------------ text


def _stored_name(server: HubServer, code: str) -> str:
    assert server.hub is not None
    with server.hub.read() as session:
        name: str = session.scalars(select(HubDossier.applicant_name).where(HubDossier.code == code)).one()
    return name


def test_a_lone_surrogate_is_removed_and_the_item_stored(hub_server: HubServer, device: Device) -> None:
    body = _with(first_event(device), "dossier.applicant.full_name", "Nguyễn Thị Hoa")
    envelope = {"batch": str(uuid.uuid4()), "items": [item(body)]}
    raw = json.dumps(envelope).replace("Hoa", "Ho\\ud800a")  # a JSON escape: no UTF-8 can carry it
    assert "\\ud800" in raw
    answer = _post_raw(f"{device.url}/v1/push", raw.encode(), {**device.headers, "Idempotency-Key": envelope["batch"]})
    assert [r["status"] for r in _results(answer)] == ["ok"]
    assert _stored_name(hub_server, body["dossier_code"]) == "Nguyễn Thị Hoa"


def test_nul_and_control_characters_are_removed_and_the_item_stored(hub_server: HubServer, device: Device) -> None:
    """PostgreSQL cannot store NUL: a poison item from an old counter used to make the whole batch 500."""
    poison = _with(first_event(device), "dossier.applicant.full_name", "Nguyễn\x00 Thị\x07 Hoa\x1b")
    poison["payload"] = {"late_entry": False, "note\x00": "ghi\x00 chú\x9f"}
    after = first_event(device)
    refused = _with(first_event(device), "v", 99)  # refused for its version, kept in quarantine with its NUL
    refused["actor"] = "can\x00bo"
    answer = push(device, [poison, after, refused])
    assert statuses(answer) == ["ok", "ok", "rejected"]
    assert _stored_name(hub_server, poison["dossier_code"]) == "Nguyễn Thị Hoa"
    assert hub_server.hub is not None
    with hub_server.hub.read() as session:
        payload = session.scalars(select(HubEvent.payload).where(HubEvent.uid == poison["event_uid"])).one()
        kept = session.scalars(select(RejectedItem.body).where(RejectedItem.uid == refused["event_uid"])).one()
    assert payload == {"late_entry": False, "note": "ghi chú"}
    assert kept["actor"] == "canbo"
    assert statuses(push(device, [poison])) == ["ok"]  # sent again: the same item, stored once


def test_nan_and_infinity_are_400(hub_server: HubServer, device: Device) -> None:
    for number in ("NaN", "Infinity", "1e999"):
        envelope = {"batch": str(uuid.uuid4()), "items": [item(first_event(device))]}
        raw = json.dumps(envelope).replace('"late_entry": false', f'"late_entry": false, "x": {number}')
        answer = _post_raw(
            f"{device.url}/v1/push", raw.encode(), {**device.headers, "Idempotency-Key": envelope["batch"]}
        )
        assert answer.status_code == 400, (number, answer.text)


def test_overlong_text_is_refused_per_item(hub_server: HubServer, device: Device) -> None:
    long = first_event(device)
    long["payload"] = {"address": "Thôn Đông, " * 6_000}
    answer = push(device, [long, first_event(device)])
    assert "payload.address" in _refusal(answer, 0)
    assert _results(answer)[1]["status"] == "ok"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("office_name", "UBND xã " * 40),
        ("office_phone", "0" * 31),
        ("lookup_url_base", "https://" + "a" * 300),
        ("device_uid", "urn:uuid:" + str(uuid.uuid4())),
        ("code", "A" * 65),
    ],
)
def test_enrolment_fields_over_their_length_are_400_naming_them(hub_server: HubServer, field: str, value: str) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    request = enroll_request(issue_code(hub_server.hub, COMMUNE_A), COMMUNE_A)
    request[field] = value
    answer = httpx.post(f"{hub_server.url}/v1/enroll", json=request, timeout=30)
    assert answer.status_code == 400, answer.text
    assert field in answer.json()["message"]


def test_enrolment_text_loses_its_control_characters(hub_server: HubServer) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    request = enroll_request(issue_code(hub_server.hub, COMMUNE_A), COMMUNE_A)
    request["office_name"] = "UBND xã\x00 Tân Lập"
    answer = httpx.post(f"{hub_server.url}/v1/enroll", json=request, timeout=30)
    assert answer.status_code == 200, answer.text
    assert hub_server.hub is not None
    with hub_server.hub.read() as session:
        row = session.get(DeviceRow, answer.json()["device_id"])
        assert row is not None
        assert row.office_name == "UBND xã Tân Lập"


# ------------------------------------------------------------------------------------------ stored 9999


def _stored_in_year_9999(server: HubServer, device: Device) -> dict[str, Any]:
    """A dossier whose dates were stored as year 9999 (accepted before the wire's window existed)."""
    first = _with(first_event(device), "dossier.lookup_secret", "K3Y5ECR3T")
    apology = next_event(first, "apology_issued", "received", payload={"reason": "Chờ xác minh"})
    assert statuses(push(device, [first, apology])) == ["ok", "ok"]
    end = datetime(9999, 12, 31, 20, 0, tzinfo=UTC)  # office time (UTC+7) is past datetime.max
    assert server.hub is not None
    with server.hub.write() as session:
        session.execute(
            update(HubDossier).where(HubDossier.code == first["dossier_code"]).values(received_at=end, due_at=end)
        )
        session.execute(update(HubEvent).where(HubEvent.uid == first["event_uid"]).values(at=end))
        session.execute(
            update(HubEvent)
            .where(HubEvent.uid == apology["event_uid"])
            .values(payload={"reason": "Chờ xác minh", "new_appointment": LATE})
        )
    return first


def test_a_stored_year_9999_dossier_still_shows_on_the_lookup_page(hub_server: HubServer, device: Device) -> None:
    first = _stored_in_year_9999(hub_server, device)
    page = httpx.get(
        f"{hub_server.url}/ho-so",
        params={"ma": first["dossier_code"], "k": first["dossier"]["lookup_secret"]},
        timeout=30,
    )
    assert page.status_code == 200, page.text
    assert first["dossier_code"] in page.text
    assert "9999" in page.text


def test_a_stored_year_9999_dossier_still_lists_in_the_cli(
    hub_server: HubServer, device: Device, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _stored_in_year_9999(hub_server, device)
    capsys.readouterr()
    assert main(["--db", hub_server.db_url, "dossiers", "--commune", COMMUNE_A]) == 0
    out = capsys.readouterr().out
    assert first["dossier_code"] in out and "9999" in out
    assert main(["--db", hub_server.db_url, "dossiers", "--commune", COMMUNE_A, "--json"]) == 0
    assert first["dossier_code"] in capsys.readouterr().out


# ------------------------------------------------------------------------------------------ report dates


@pytest.mark.parametrize(("start", "end"), [("0001-01-01", "2025-12-31"), ("2025-01-01", "31/12/9999")])
def test_report_years_outside_the_window_are_one_line_and_exit_2(
    hub_server: HubServer, capsys: pytest.CaptureFixture[str], start: str, end: str
) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    capsys.readouterr()
    assert main(["--db", hub_server.db_url, "report", "--from", start, "--to", end]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1 and "2000–2099" in captured.err


@pytest.mark.parametrize(
    "query", [{"tu": "0001-01-01"}, {"den": "31/12/9999"}, {"tu": "01/01/0001", "den": "9999-12-31"}]
)
def test_report_page_years_outside_the_window_are_400(hub_server: HubServer, query: dict[str, str]) -> None:
    assert hub_server.hub is not None
    with hub_server.hub.write() as session:
        token = report.issue_token(session, "test", utc_now())
    page = httpx.get(f"{hub_server.url}/bao-cao", params=query, cookies={report.COOKIE: token}, timeout=30)
    assert page.status_code == 400, page.text
    assert "2000–2099" in page.text


def test_a_stored_year_9999_due_date_does_not_break_the_report(
    hub_server: HubServer, device: Device, capsys: pytest.CaptureFixture[str]
) -> None:
    first = first_event(device)
    assert statuses(push(device, [first])) == ["ok"]
    assert hub_server.hub is not None
    with hub_server.hub.write() as session:
        late = datetime(9999, 12, 31, 20, 0, tzinfo=UTC)
        session.execute(update(HubDossier).where(HubDossier.code == first["dossier_code"]).values(due_at=late))
    day = f"{T0:%Y-%m-%d}"
    capsys.readouterr()
    assert main(["--db", hub_server.db_url, "report", "--from", day, "--to", day, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["received"]["total"] == 1


# ------------------------------------------------------------------------------------------ OpenAPI


def test_the_openapi_describes_the_real_bodies(hub_server: HubServer) -> None:
    answer = httpx.get(f"{hub_server.url}/openapi.json", timeout=30)
    assert answer.status_code == 200
    paths = answer.json()["paths"]
    enrol = paths["/v1/enroll"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"code", "device_uid", "workstation", "agency_code", "public_key"} <= set(enrol["required"])
    push_body = paths["/v1/push"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert push_body["properties"]["items"]["maxItems"] == 500
    assert {"/ho-so", "/bao-cao", "/v1/changes", "/v1/snapshot"} <= set(paths)


# ------------------------------------------------------------------------------------------ CLI parameters


def _one_line_exit_2(capsys: pytest.CaptureFixture[str], args: list[str], expected: str) -> None:
    capsys.readouterr()
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1 and expected in captured.err, captured.err


def test_cli_text_over_its_column_is_one_line_and_exit_2(
    hub_server: HubServer, device: Device, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = ["--db", hub_server.db_url]
    _one_line_exit_2(capsys, [*db, "commune", "add", "--code", COMMUNE_B, "--name", "Xã " * 100], "--name")
    first = first_event(device)
    assert statuses(push(device, [first])) == ["ok"]
    code = first["dossier_code"]
    _one_line_exit_2(capsys, [*db, "event", code, "result_ready", "--actor", "Sở Tư pháp " * 20], "--actor")
    calendar = tmp_path / "calendar.json"
    calendar.write_text('{"overrides": [{"day": "9999-12-31", "kind": "holiday"}]}', encoding="utf-8")
    _one_line_exit_2(capsys, [*db, "publish-calendar", str(calendar)], "2000–2099")
    deep = tmp_path / "catalogue.json"
    deep.write_text('{"procedures": ' + "[" * 10_000 + "]" * 10_000 + "}", encoding="utf-8")
    _one_line_exit_2(capsys, [*db, "publish-catalogue", str(deep)], "32")


def test_the_openapi_schemas_accept_the_bodies_a_counter_sends(hub_server: HubServer, device: Device) -> None:
    """The described bodies are the real ones: the counter's own enrolment request and push envelope, and
    the event and rating bodies its outbox holds, validate against the schemas the hub publishes."""
    jsonschema_rs = pytest.importorskip("jsonschema_rs")  # schemathesis's validator (dev group)
    paths = httpx.get(f"{hub_server.url}/openapi.json", timeout=30).json()["paths"]

    def schema(path: str) -> Any:
        return paths[path]["post"]["requestBody"]["content"]["application/json"]["schema"]

    enrol = protocol.EnrollRequest(
        code="ACDE-FGHJ-KMNP-QRTU",
        device_uid=str(uuid.uuid4()),
        workstation=1,
        agency_code=COMMUNE_A,
        office_name="UBND xã Tân Lập",
        office_phone="0210 3851 234",
        lookup_url_base=None,
        public_key=bytes(32),
        device_time=utc_now(),
    )
    jsonschema_rs.validate(schema("/v1/enroll"), enrol.to_json())
    first = first_event(device)
    apology = next_event(first, "apology_issued", "received", payload={"new_appointment": "2025-11-25T16:00:00+07:00"})
    rating = {
        "v": 1,
        "rating_uid": str(uuid.uuid4()),
        "dossier_uid": first["dossier_uid"],
        "dossier_code": first["dossier_code"],
        "rating": "satisfied",
        "criteria": {"attitude": "satisfied"},
        "comment": None,
        "rated_at": T0.isoformat(),
    }
    items = [
        protocol.PushItem(first["event_uid"], "dossier.event", first),
        protocol.PushItem(apology["event_uid"], "dossier.event", apology),
        protocol.PushItem(rating["rating_uid"], "rating", rating),
    ]
    envelope = json.loads(protocol.canonical_json(protocol.push_envelope(items, str(uuid.uuid4()), utc_now())))
    jsonschema_rs.validate(schema("/v1/push"), envelope)
    bad = _with(envelope, "device_time", 12)
    assert not jsonschema_rs.is_valid(schema("/v1/push"), bad)


def test_a_refusal_quotes_a_bad_value_cut_to_80_characters(hub_server: HubServer, device: Device) -> None:
    body = _with(first_event(device), "kind", "x" * 5_000)
    envelope = {"batch": str(uuid.uuid4()), "items": [{**item(body), "topic": "y" * 5_000}, item(body)]}
    envelope["items"][1]["body"] = body
    results = _results(push_envelope(device, envelope))
    assert all(r["status"] == "rejected" and len(r["reason"]) < 200 for r in results), results
