"""A device of commune A reads no paper of commune B, on every route (issue 14, item 4).

Two communes on the real hub over loopback (SQLite and PostgreSQL), each with papers: B's received
through real tus uploads (one finished, one half sent), A's through ``receive_paper``. Then every route
that touches papers is tried with A's credential against B's papers, and with agency tokens against
dossiers that are not their agency's; each case also checks that the rightful reader does get the paper,
so a case cannot pass by answering nothing to everybody.

:data:`ROUTES` lists every route of the app: the ones that touch papers name their case, the others
say why they carry none. ``test_every_route_is_in_the_table`` enumerates ``app.routes`` and fails on a
route missing from the table, and on a route whose path mentions papers without a case — so a future
route cannot slip through.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from starlette.routing import Route

from district_server.api import create_app
from district_server.db import Hub
from tests.hub.agency_support import (
    LAND_OFFICE,
    POLICE,
    SECRET,
    TAX,
    Dossier,
    add_paper,
    hub_cli,
    issue_token,
    new_dossier,
    signed_copy,
)
from tests.hub.agency_support import sha as sha256_hex
from tests.hub.conftest import HubServer
from tests.hub.officers_page import OfficersPage
from tests.hub.papers_support import TUS, tus_create, tus_head, tus_patch
from tests.hub.support import COMMUNE_A, COMMUNE_B, T0, Device, add_commune, enroll, pull_all

PDF_MARKS = (b"%PDF", b"JVBERi0")  # a PDF's first bytes, raw and in base64


@dataclass
class Communes:
    server: HubServer
    a: Device
    b: Device
    a_dossier: Dossier  # to the land office, one paper
    b_dossier: Dossier  # to the police: paper 1 uploaded whole by tus, paper 2 half sent
    b_never: Dossier  # never transferred, one paper
    b_done: str  # the finished upload's location
    b_partial: str  # the half-sent upload's location
    b_partial_offset: int
    b_partial_copy: bytes
    land_token: str
    police_token: str
    tax_token: str

    @property
    def url(self) -> str:
        return self.server.url

    def b_shas(self) -> set[str]:
        return {sha256_hex(d) for d in (*self.b_dossier.copies.values(), *self.b_never.copies.values())} | {
            sha256_hex(self.b_partial_copy)
        }


@pytest.fixture
def communes(hub_server: HubServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Communes]:
    hub = hub_server.hub
    add_commune(hub, COMMUNE_A, "UBND xã Tân Lập")
    add_commune(hub, COMMUNE_B, "UBND xã Hòa Bình")
    a, b = enroll(hub_server, COMMUNE_A), enroll(hub_server, COMMUNE_B)

    a_dossier = new_dossier(a, T0)
    a_dossier.transfer(LAND_OFFICE)
    add_paper(hub, a_dossier, 1, "Tờ khai của xã A", signed_copy(tmp_path / "a", "UBND xã Tân Lập"), 1)

    b_dossier = new_dossier(b, T0 + timedelta(minutes=5))
    b_dossier.transfer(POLICE)
    whole = signed_copy(tmp_path / "b", "UBND xã Hòa Bình", title="Đơn của xã B")
    b_dossier.digitise(1, "Đơn của xã B", whole, 1)
    created = tus_create(b, b_dossier.code, 1, whole)
    assert created.status_code == 201 and created.headers["upload-offset"] == "0", created.text
    b_done = created.headers["location"]
    done = tus_patch(b, b_done, 0, whole)
    assert done.status_code == 204 and done.headers["upload-offset"] == str(len(whole)), done.text
    b_dossier.copies[1] = whole

    half = signed_copy(tmp_path / "b", "UBND xã Hòa Bình", pages=2, title="Giấy tờ dở dang")
    b_dossier.digitise(2, "Giấy tờ dở dang", half, 2)
    created = tus_create(b, b_dossier.code, 2, half)
    assert created.status_code == 201, created.text
    b_partial = created.headers["location"]
    offset = len(half) // 2
    sent = tus_patch(b, b_partial, 0, half[:offset])
    assert sent.status_code == 204 and sent.headers["upload-offset"] == str(offset), sent.text

    b_never = new_dossier(b, T0 + timedelta(minutes=10))
    add_paper(hub, b_never, 1, "Giấy của hồ sơ chưa chuyển", signed_copy(tmp_path / "b", "UBND xã Hòa Bình"), 1)

    tokens = [issue_token(capsys, hub_server.db_url, code) for code, _name in (LAND_OFFICE, POLICE, TAX)]
    return Communes(hub_server, a, b, a_dossier, b_dossier, b_never, b_done, b_partial, offset, half, *tokens)


def _no_paper_of_b(world: Communes, text: str | bytes, what: str) -> None:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    for mark in PDF_MARKS:
        assert mark not in raw, what
    for digest in world.b_shas():
        assert digest.encode() not in raw, what


# ------------------------------------------------------------------------------------------ the cases


def case_options(world: Communes) -> None:
    """OPTIONS needs no credential and says nothing of any upload: the same answer for B's id and a
    made-up one."""
    answers = [
        httpx.options(f"{world.url}{path}", headers=TUS, timeout=30)
        for path in (world.b_partial, f"/v1/papers/{uuid.uuid4()}", "/v1/papers")
    ]
    for answer in answers:
        assert answer.status_code == 204
        assert "upload-offset" not in answer.headers and "upload-length" not in answer.headers
        assert answer.content == b""


def case_head(world: Communes) -> None:
    for location in (world.b_partial, world.b_done):
        refused = tus_head(world.a, location)
        assert refused.status_code == 404
        assert "upload-offset" not in refused.headers and "upload-length" not in refused.headers
    unknown = httpx.get(f"{world.url}/v1/papers/{uuid.uuid4()}", headers={**world.a.headers, **TUS}, timeout=30)
    assert unknown.status_code in (404, 405)
    # the rightful device sees its own
    assert tus_head(world.b, world.b_partial).headers["upload-offset"] == str(world.b_partial_offset)


def case_patch(world: Communes) -> None:
    rest = world.b_partial_copy[world.b_partial_offset :]
    refused = tus_patch(world.a, world.b_partial, world.b_partial_offset, rest)
    assert refused.status_code == 404 and "upload-offset" not in refused.headers
    from_start = tus_patch(world.a, world.b_partial, 0, b"%PDF-1.7 not B's")
    assert from_start.status_code == 404
    assert tus_patch(world.a, world.b_done, 0, b"x").status_code == 404
    assert tus_head(world.b, world.b_partial).headers["upload-offset"] == str(world.b_partial_offset)


def case_delete(world: Communes) -> None:
    for location in (world.b_partial, world.b_done):
        refused = httpx.delete(f"{world.url}{location}", headers={**world.a.headers, **TUS}, timeout=30)
        assert refused.status_code == 404
    # nothing of B's was dropped: B resumes its half-sent upload where it was and finishes it
    assert tus_head(world.b, world.b_partial).headers["upload-offset"] == str(world.b_partial_offset)
    rest = world.b_partial_copy[world.b_partial_offset :]
    finished = tus_patch(world.b, world.b_partial, world.b_partial_offset, rest)
    assert finished.status_code == 204 and finished.headers["upload-offset"] == str(len(world.b_partial_copy))


def case_post(world: Communes) -> None:
    # A cannot open an upload for B's dossier
    for_b = tus_create(world.a, world.b_dossier.code, 3, b"%PDF-1.7 A's bytes for B's dossier")
    assert for_b.status_code == 403 and "location" not in for_b.headers
    assert for_b.json()["error"] == "commune_mismatch"
    # B's copy, announced by A for A's own dossier, is not "already held": the hub keeps communes apart
    b_copy = world.b_dossier.copies[1]
    own = tus_create(world.a, world.a_dossier.code, 2, b_copy)
    assert own.status_code == 201 and own.headers["upload-offset"] == "0"
    assert own.headers["location"] != world.b_done
    # and the rightful device is told it holds it already
    again = tus_create(world.b, world.b_dossier.code, 1, b_copy)
    assert again.status_code == 201 and again.headers["upload-offset"] == str(len(b_copy))


def case_list(world: Communes) -> None:
    for code in (world.b_dossier.code, world.b_never.code):
        answer = httpx.get(f"{world.url}/v1/papers", params={"dossier": code}, headers=world.a.headers, timeout=30)
        assert answer.status_code in (200, 403, 404)
        if answer.status_code == 200:
            assert answer.json() == {"papers": []}
        _no_paper_of_b(world, answer.content, code)
    own = httpx.get(
        f"{world.url}/v1/papers", params={"dossier": world.b_dossier.code}, headers=world.b.headers, timeout=30
    )
    assert sha256_hex(world.b_dossier.copies[1]) in {p["sha256"] for p in own.json()["papers"]}


def case_changes(world: Communes) -> None:
    changes, _cursor = pull_all(world.a)
    _no_paper_of_b(world, json.dumps(changes), "the changes feed")
    assert world.b_dossier.code not in json.dumps(changes)


def case_snapshot(world: Communes) -> None:
    answer = httpx.get(f"{world.url}/v1/snapshot", headers=world.a.headers, timeout=30)
    assert answer.status_code == 200
    _no_paper_of_b(world, answer.content, "the snapshot")
    assert world.b_dossier.code not in answer.text


def case_lookup(world: Communes) -> None:
    """The citizen lookup of a dossier with papers shows no paper: no name, no link, no size, no hash."""
    for dossier in (world.a_dossier, world.b_dossier, world.b_never):
        page = httpx.get(f"{world.url}/ho-so?{urlencode({'ma': dossier.code, 'k': SECRET})}", timeout=30)
        assert page.status_code == 200 and dossier.code in page.text  # the dossier itself is shown
        html = page.text
        for name in ("Tờ khai của xã A", "Đơn của xã B", "Giấy tờ dở dang", "Giấy của hồ sơ chưa chuyển"):
            assert name not in html
        assert "giay-to" not in html and "/co-quan" not in html and "/v1/papers" not in html
        assert ".pdf" not in html.lower()
        assert set(re.findall(r'href="([^"]*)"', html)) <= {"tra-cuu"}  # the only link: look up another
        for data in dossier.copies.values():
            assert sha256_hex(data) not in html and sha256_hex(data)[:16] not in html
            assert str(len(data)) not in html
        for mark in PDF_MARKS:
            assert mark not in page.content


def _officer(token: str, url: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def case_agency_list(world: Communes) -> None:
    with _officer(world.land_token, world.url) as land, _officer(world.police_token, world.url) as police:
        assert OfficersPage.parse(land.get("/co-quan").text).codes == [world.a_dossier.code]
        assert OfficersPage.parse(police.get("/co-quan").text).codes == [world.b_dossier.code]
    with _officer(world.tax_token, world.url) as tax:
        page = tax.get("/co-quan")
        assert page.status_code == 200 and OfficersPage.parse(page.text).codes == []
        for dossier in (world.a_dossier, world.b_dossier, world.b_never):
            assert dossier.code not in page.text


def case_agency_download(world: Communes) -> None:
    def link(dossier: Dossier, n: int = 1) -> str:
        return f"/co-quan/ho-so/{dossier.code}/giay-to/{n}"

    with _officer(world.land_token, world.url) as land:
        assert land.get(link(world.b_dossier)).status_code == 404  # the police's
        assert land.get(link(world.b_never)).status_code == 404  # never transferred
        assert land.get(link(world.a_dossier)).content == world.a_dossier.copies[1]
    with _officer(world.tax_token, world.url) as tax:
        for dossier in (world.a_dossier, world.b_dossier, world.b_never):
            answer = tax.get(link(dossier))
            assert answer.status_code == 404 and b"%PDF" not in answer.content
    with _officer(world.police_token, world.url) as police:
        assert police.get(link(world.b_dossier)).content == world.b_dossier.copies[1]
    # a device's credential is no agency token
    device = httpx.get(f"{world.url}{link(world.a_dossier)}", headers=world.a.headers, timeout=30)
    assert device.status_code == 401 and b"%PDF" not in device.content


def case_agency_login(world: Communes) -> None:
    device_token = world.a.token
    refused = httpx.post(f"{world.url}/co-quan/dang-nhap", data={"token": device_token}, timeout=30)
    assert refused.status_code == 401 and "set-cookie" not in refused.headers
    assert httpx.get(f"{world.url}/co-quan", headers=world.a.headers, timeout=30).status_code == 401
    # and an agency token opens nothing of the devices' API
    officer = {"Authorization": f"Bearer {world.police_token}"}
    for path in ("/v1/changes", "/v1/snapshot", f"/v1/papers?dossier={world.b_dossier.code}", world.b_done):
        answer = httpx.get(f"{world.url}{path}", headers={**officer, **TUS}, timeout=30)
        assert answer.status_code in (401, 405), path
        _no_paper_of_b(world, answer.content, path)
    assert httpx.head(f"{world.url}{world.b_done}", headers={**officer, **TUS}, timeout=30).status_code == 401


def case_revoked(world: Communes, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = hub_cli(capsys, world.server.db_url, "agency-token", "--list", "--json")
    assert code == 0, err
    police_id = next(t["id"] for t in json.loads(out) if t["agency"] == POLICE[0])
    assert hub_cli(capsys, world.server.db_url, "agency-token", "--revoke", str(police_id))[0] == 0
    with _officer(world.police_token, world.url) as police:
        assert police.get("/co-quan").status_code == 401
        answer = police.get(f"/co-quan/ho-so/{world.b_dossier.code}/giay-to/1")
        assert answer.status_code == 401 and b"%PDF" not in answer.content
    login = httpx.post(f"{world.url}/co-quan/dang-nhap", data={"token": world.police_token}, timeout=30)
    assert login.status_code == 401


# Every route of the app. A case: the route touches papers and the case proves A reads none of B's.
# A string: why the route carries no paper.
Case = Callable[[Communes], None]
ROUTES: dict[tuple[str, str], Case | str] = {
    ("OPTIONS", "/v1/papers"): case_options,
    ("OPTIONS", "/v1/papers/{upload_id}"): case_options,
    ("POST", "/v1/papers"): case_post,
    ("HEAD", "/v1/papers/{upload_id}"): case_head,
    ("PATCH", "/v1/papers/{upload_id}"): case_patch,
    ("DELETE", "/v1/papers/{upload_id}"): case_delete,
    ("GET", "/v1/papers"): case_list,
    ("GET", "/v1/changes"): case_changes,
    ("GET", "/v1/snapshot"): case_snapshot,
    ("GET", "/ho-so"): case_lookup,
    ("GET", "/co-quan"): case_agency_list,
    ("GET", "/co-quan/ho-so/{code}/giay-to/{position}"): case_agency_download,
    ("POST", "/co-quan/dang-nhap"): case_agency_login,
    ("POST", "/co-quan/dang-xuat"): "clears the officer's cookie; reads nothing",
    ("GET", "/health"): "the hub's epoch and version",
    ("POST", "/v1/enroll"): "enrolment: answers a device id and token",
    ("POST", "/v1/push"): "events up from a counter; another commune's dossier is refused (test_push.py)",
    ("GET", "/tra-cuu"): "the empty lookup form",
    ("GET", "/bao-cao"): "district figures, no dossier and no paper",
    ("GET", "/bao-cao.xlsx"): "district figures, no dossier and no paper",
    ("POST", "/bao-cao/dang-nhap"): "the statistics page's login",
    ("GET", "/openapi.json"): "the API description",
    ("HEAD", "/openapi.json"): "the API description",
}
PAPER_WORDS = re.compile(r"paper|giay-to|giấy|co-quan|upload|tus", re.IGNORECASE)


def _app_routes(tmp_path: Path) -> set[tuple[str, str]]:
    hub = Hub(f"sqlite:///{tmp_path / 'routes.db'}")
    try:
        app = create_app(hub)
    finally:
        hub.close()
    return set(_walk(app.routes))


def _walk(routes: Iterable[Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """(method, path) of every route, into included routers (FastAPI keeps them as their own route
    objects); a route of another kind (a mount, a websocket) is named with its class so the table must
    say something of it too."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            context = getattr(route, "include_context", None)
            yield from _walk(inner.routes, prefix + (getattr(context, "prefix", "") or ""))
        elif isinstance(route, Route):
            for method in route.methods or ():
                yield method, prefix + route.path
        else:
            yield type(route).__name__, prefix + str(getattr(route, "path", ""))


def test_every_route_is_in_the_table(tmp_path: Path) -> None:
    routes = _app_routes(tmp_path)
    missing = sorted(routes - set(ROUTES))
    assert not missing, f"routes without an isolation entry (add a case or a reason to ROUTES): {missing}"
    stale = sorted(set(ROUTES) - routes)
    assert not stale, f"ROUTES lists routes the app no longer has: {stale}"
    unproved = sorted(key for key, case in ROUTES.items() if isinstance(case, str) and PAPER_WORDS.search(key[1]))
    assert unproved == [("POST", "/co-quan/dang-xuat")], f"paper routes without a case: {unproved}"


def test_commune_a_reads_no_paper_of_commune_b(communes: Communes, capsys: pytest.CaptureFixture[str]) -> None:
    """Every case of the table, on one pair of communes (the cases run in the table's order; the DELETE
    case finishes B's half-sent upload, so the ones after it also see B's finished copy)."""
    ran: set[str] = set()
    for case in ROUTES.values():
        if callable(case) and case.__name__ not in ran:
            ran.add(case.__name__)
            case(communes)
    case_revoked(communes, capsys)  # last: it revokes the police's token
    assert len(ran) == len({c for c in ROUTES.values() if callable(c)})
