"""The officers' page /co-quan (issue 14, item 4): an interlinked agency's officer signs in with the
agency token, sees the dossiers whose latest interlinked transfer went to the agency (newest first, with
their papers) and downloads the copies; every download is audited; everything else is not found.

The real hub over loopback (SQLite and PostgreSQL), dossiers pushed over HTTP like a counter's outbox,
copies received through the hub's own ``receive_paper`` (hash and PAdES signature checked), the page
read in headless Chromium when it is installed and over httpx otherwise.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from district_server import agency, service
from district_server.agency_page import COOKIE
from district_server.db import utc_now
from district_server.models import PaperDownload
from tests.hub.agency_support import (
    LAND_OFFICE,
    POLICE,
    Dossier,
    add_paper,
    hub_cli,
    issue_token,
    new_dossier,
    receive,
    sha,
    signed_copy,
)
from tests.hub.conftest import HubServer
from tests.hub.officers_page import OfficersPage
from tests.hub.support import COMMUNE_A, COMMUNE_B, T0, add_commune, enroll, first_event, next_event, push, statuses
from tests.hub.test_lookup import Browser, _chromium
from tests.s3 import S3Bucket, s3_bucket, s3_server  # noqa: F401  (fixtures)


@dataclass
class World:
    server: HubServer
    land: Dossier  # to the land office, two papers (the second replaced by a re-signed copy)
    later: Dossier  # to the land office later (newest first), no paper yet
    from_b: Dossier  # commune B's dossier to the land office
    police: Dossier  # to the police only
    moved: Dossier  # to the land office, then on to the police: the police's now
    officer: Dossier  # to the commune's own officer (not interlinked): nobody's
    replaced: bytes  # the first copy of the land dossier's paper 2, no longer current

    @property
    def url(self) -> str:
        return self.server.url


@pytest.fixture
def world(hub_server: HubServer, tmp_path: Path) -> Iterator[World]:
    hub = hub_server.hub
    add_commune(hub, COMMUNE_A, "UBND xã Tân Lập")
    add_commune(hub, COMMUNE_B, "UBND xã Hòa Bình")
    a, b = enroll(hub_server, COMMUNE_A), enroll(hub_server, COMMUNE_B)
    keys_a, keys_b = tmp_path / "keys-a", tmp_path / "keys-b"

    land = new_dossier(a, T0)
    land.transfer(LAND_OFFICE, minutes=60)
    add_paper(hub, land, 1, "Tờ khai đăng ký khai sinh", signed_copy(keys_a, "UBND xã Tân Lập"), 1)
    replaced = signed_copy(keys_a, "UBND xã Tân Lập", pages=2, title="Giấy chứng sinh")
    add_paper(hub, land, 2, "Giấy chứng sinh", replaced, 2)
    add_paper(hub, land, 2, "Giấy chứng sinh", signed_copy(keys_a, "UBND xã Tân Lập", pages=2, title="Bản mới"), 2)

    from_b = new_dossier(b, T0 + timedelta(minutes=10))
    from_b.transfer(LAND_OFFICE, minutes=90)
    add_paper(hub, from_b, 1, "Tờ khai", signed_copy(keys_b, "UBND xã Hòa Bình"), 1)
    receive(hub, from_b, 2, signed_copy(keys_b, "UBND xã Hòa Bình", title="Không sự kiện"))  # no event names it

    later = new_dossier(a, T0 + timedelta(minutes=20))
    later.transfer(LAND_OFFICE, minutes=180)

    police = new_dossier(a, T0 + timedelta(minutes=30))
    police.transfer(POLICE, minutes=60)
    add_paper(hub, police, 1, "Đơn đề nghị", signed_copy(keys_a, "UBND xã Tân Lập", title="Đơn"), 1)
    receive(hub, police, 1, signed_copy(keys_a, "UBND xã Tân Lập", pages=2, title="Đơn mới"))  # its event lost

    moved = new_dossier(a, T0 + timedelta(minutes=40))
    moved.transfer(LAND_OFFICE, minutes=30)
    add_paper(hub, moved, 1, "Tờ khai", signed_copy(keys_a, "UBND xã Tân Lập", title="Chuyển"), 1)
    moved.transfer(POLICE, minutes=30)

    officer = new_dossier(a, T0 + timedelta(minutes=50))
    officer.transfer(("CC_TPHT", "Công chức Tư pháp - Hộ tịch"), interlinked=False, minutes=60)
    return World(hub_server, land, later, from_b, police, moved, officer, replaced)


@contextlib.contextmanager
def _log_in(url: str, token: str, lang: str | None = None) -> Iterator[httpx.Client]:
    """The officer's browser after the form: the cookie the hub set, kept by the client."""
    with httpx.Client(base_url=url, timeout=30) as client:
        form = {"token": token, **({"lang": lang} if lang else {})}
        answer = client.post("/co-quan/dang-nhap", data=form)
        assert answer.status_code == 303, answer.text
        assert answer.headers["location"] == ("/co-quan?lang=en" if lang == "en" else "/co-quan")
        cookie = answer.headers["set-cookie"]
        assert f"{COOKIE}={token}" in cookie
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/co-quan" in cookie
        yield client


def _downloads(server: HubServer) -> list[PaperDownload]:
    assert server.hub is not None
    with server.hub.read() as session:
        return list(session.scalars(select(PaperDownload).order_by(PaperDownload.id)))


def _page(client: httpx.Client, path: str = "/co-quan") -> OfficersPage:
    answer = client.get(path)
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    return OfficersPage.parse(answer.text)


# ------------------------------------------------------------------------------------------ the list


def test_the_land_office_sees_only_the_dossiers_last_transferred_to_it(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    token = issue_token(capsys, world.server.db_url, LAND_OFFICE[0], "Chị Lan, VPĐK")
    with _log_in(world.url, token) as officer:
        page = _page(officer)

    assert page.lang == "vi" and page.scripts == 0
    assert page.values["agency"] == f"{LAND_OFFICE[1]} — {LAND_OFFICE[0]}"
    # newest transfer first; the police's, the moved-on one and the officer's are not listed
    assert page.codes == [world.later.code, world.from_b.code, world.land.code]
    assert page.values["count"] == "3 hồ sơ — trang 1/1"
    land = page.dossier(world.land.code)
    assert land.fields["applicant"] == "Nguyễn Thị Hoa"
    assert land.fields["procedure"] == "Đăng ký khai sinh"
    assert land.fields["commune"] == f"UBND xã Tân Lập ({COMMUNE_A})"
    assert land.fields["status"] == "Đã chuyển liên thông"
    assert land.fields["received_at"] == "18/11/2025" and land.fields["transferred_at"] == "10:00 18/11/2025"
    assert [p["paper"] for p in land.papers] == ["1", "2"]
    assert [p["name"] for p in land.papers] == ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]
    assert [p["pages"] for p in land.papers] == ["1", "2"]
    current = world.land.copies
    assert [int(p["bytes_exact"]) for p in land.papers] == [len(current[1]), len(current[2])]
    assert all(p["bytes"].endswith("KB") and "," in p["bytes"] for p in land.papers)  # 123,4 KB
    assert {p["signed_by"] for p in land.papers} == {"UBND xã Tân Lập"}
    assert [p["href"] for p in land.papers] == [
        f"/co-quan/ho-so/{world.land.code}/giay-to/1",
        f"/co-quan/ho-so/{world.land.code}/giay-to/2",
    ]
    from_b = page.dossier(world.from_b.code)
    assert from_b.fields["commune"] == f"UBND xã Hòa Bình ({COMMUNE_B})"
    assert [(p["name"], p["pages"]) for p in from_b.papers] == [("Tờ khai", "1"), ("Giấy tờ số 2", "—")]
    assert page.dossier(world.later.code).papers == []
    assert "chưa nhận bản điện tử nào" in page.text
    # the other dossiers' codes appear nowhere on the page
    for other in (world.police, world.moved, world.officer):
        assert other.code not in page.text


def test_the_police_sees_the_dossier_handed_on_to_it(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    token = issue_token(capsys, world.server.db_url, POLICE[0])
    with httpx.Client(base_url=world.url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as script:
        page = _page(script)
    assert page.codes == [world.moved.code, world.police.code]
    assert [p["name"] for p in page.dossier(world.moved.code).papers] == ["Tờ khai"]
    # a copy whose own event never came: the paper's name from its earlier copy, its pages unknown
    assert [(p["name"], p["pages"]) for p in page.dossier(world.police.code).papers] == [("Đơn đề nghị", "—")]


def test_english_page(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    token = issue_token(capsys, world.server.db_url, LAND_OFFICE[0])
    with _log_in(world.url, token, "en") as officer:
        page = _page(officer, "/co-quan?lang=en")
    assert page.lang == "en"
    assert page.values["count"] == "3 dossiers — page 1 of 1"
    land = page.dossier(world.land.code)
    assert land.fields["status"] == "At an interlinked agency"
    assert all(p["bytes"].endswith("KB") and "." in p["bytes"] for p in land.papers)
    assert "Download the PDF" in page.text and "Received by the hub" in page.text
    assert "Tải" not in page.text and "Giấy tờ" not in page.text.replace("Giấy chứng sinh", "")
    assert "/co-quan" in page.links  # back to Vietnamese
    assert [p["href"] for p in land.papers] == [f"/co-quan/ho-so/{world.land.code}/giay-to/{n}?lang=en" for n in (1, 2)]
    with httpx.Client(base_url=world.url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as officer:
        missing = officer.get(f"/co-quan/ho-so/{world.police.code}/giay-to/1?lang=en")
    assert missing.status_code == 404
    assert (
        OfficersPage.parse(missing.text).values["error"] == "No such paper in the dossiers transferred to the agency."
    )


def test_pages_of_twenty_newest_first(hub_server: HubServer, capsys: pytest.CaptureFixture[str]) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    device = enroll(hub_server, COMMUNE_A)
    codes: list[str] = []
    bodies = []
    for i in range(23):
        first = first_event(device, at=T0 + timedelta(minutes=i))
        payload = {"to": LAND_OFFICE[0], "to_name": LAND_OFFICE[1], "interlinked": True}
        bodies += [first, next_event(first, "transferred", "interlinked", payload=payload, minutes=60)]
        codes.append(first["dossier_code"])
    assert set(statuses(push(device, bodies))) == {"ok"}
    token = issue_token(capsys, hub_server.db_url, LAND_OFFICE[0])
    with _log_in(hub_server.url, token) as officer:
        first_page = _page(officer)
        second = _page(officer, "/co-quan?trang=2")
        past_the_end = _page(officer, "/co-quan?trang=99")
        nonsense = _page(officer, "/co-quan?trang=-1%27")
    newest_first = codes[::-1]
    assert first_page.codes == newest_first[:20]
    assert first_page.values["count"] == "23 hồ sơ — trang 1/2"
    assert "/co-quan?trang=2" in first_page.links
    assert second.codes == newest_first[20:]
    assert "/co-quan?trang=1" in second.links
    assert past_the_end.codes == second.codes  # the last page
    assert nonsense.codes == first_page.codes


# ------------------------------------------------------------------------------------------ sign-in


def test_sign_in_refusals(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    with httpx.Client(base_url=world.url, timeout=30) as anonymous:
        nobody = anonymous.get("/co-quan")
        assert nobody.status_code == 401
        login = OfficersPage.parse(nobody.text)
        assert login.forms == ["/co-quan/dang-nhap"] and not login.dossiers
        assert world.land.code not in nobody.text
        wrong = anonymous.post("/co-quan/dang-nhap", data={"token": "sai-ma"})
        assert wrong.status_code == 401 and "set-cookie" not in wrong.headers
        assert OfficersPage.parse(wrong.text).values["error"] == "Mã truy cập không đúng hoặc đã bị thu hồi."
        token = issue_token(capsys, world.server.db_url, LAND_OFFICE[0])
        in_address = anonymous.get("/co-quan", params={"token": token})  # would be in logs: refused unchecked
        assert in_address.status_code == 401 and world.land.code not in in_address.text
        assert "địa chỉ trang" in OfficersPage.parse(in_address.text).values["error"]
        bad_bearer = anonymous.get("/co-quan", headers={"Authorization": "Bearer sai-ma"})
        assert bad_bearer.status_code == 401 and bad_bearer.headers["www-authenticate"] == "Bearer"
        # the report page's operator token opens nothing here
        from district_server import report

        assert world.server.hub is not None
        with world.server.hub.write() as session:
            operator = report.issue_token(session, "operator", utc_now())
        assert anonymous.get("/co-quan", headers={"Authorization": f"Bearer {operator}"}).status_code == 401

    with _log_in(world.url, token) as officer:
        assert _page(officer).codes
        out = officer.post("/co-quan/dang-xuat", data={})
        assert out.status_code == 303 and f'{COOKIE}=""' in out.headers["set-cookie"]
        assert officer.get("/co-quan").status_code == 401


def test_a_revoked_token_opens_nothing(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    token = issue_token(capsys, world.server.db_url, LAND_OFFICE[0])
    with _log_in(world.url, token) as officer:
        assert _page(officer).codes
        code, out, err = hub_cli(capsys, world.server.db_url, "agency-token", "--list", "--json")
        assert code == 0, err
        (listed,) = json.loads(out)
        code, out, err = hub_cli(capsys, world.server.db_url, "agency-token", "--revoke", str(listed["id"]))
        assert code == 0 and f"số {listed['id']}" in out, err
        refused = officer.get("/co-quan")
        assert refused.status_code == 401 and world.land.code not in refused.text
        link = f"/co-quan/ho-so/{world.land.code}/giay-to/1"
        assert officer.get(link).status_code == 401
        assert officer.get(link, headers={"Authorization": f"Bearer {token}"}).status_code == 401
        again = officer.post("/co-quan/dang-nhap", data={"token": token})
        assert again.status_code == 401
    assert _downloads(world.server) == []


# ------------------------------------------------------------------------------------------ downloads


def test_download_streams_the_current_copy_and_is_audited(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    token = issue_token(capsys, world.server.db_url, LAND_OFFICE[0])
    with _log_in(world.url, token) as officer:
        answer = officer.get(f"/co-quan/ho-so/{world.land.code}/giay-to/2")
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/pdf"
        assert answer.headers["content-disposition"] == f'attachment; filename="{world.land.code}-giay-to-2.pdf"'
        assert answer.headers["cache-control"] == "no-store"
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        assert answer.content == world.land.copies[2] and sha(answer.content) != sha(world.replaced)
        assert answer.content.startswith(b"%PDF")
        first = officer.get(f"/co-quan/ho-so/{world.land.code}/giay-to/1")
        assert first.content == world.land.copies[1]
        # another commune's dossier, transferred to the same agency
        assert officer.get(f"/co-quan/ho-so/{world.from_b.code}/giay-to/1").content == world.from_b.copies[1]

    rows = _downloads(world.server)
    assert [(r.agency_code, r.client) for r in rows] == [(LAND_OFFICE[0], "127.0.0.1")] * 3
    assert world.server.hub is not None
    with world.server.hub.read() as session:
        (token_row,) = agency.list_tokens(session)
        audit = agency.downloads(session)
    assert {r.token_id for r in rows} == {token_row.id}
    land, from_b = world.land.code, world.from_b.code
    assert [(d.dossier_code, d.paper) for d in audit] == [(land, 2), (land, 1), (from_b, 1)]
    assert all(abs((d.at - utc_now()).total_seconds()) < 120 for d in audit)

    # the operator reads the audit
    code, out, err = hub_cli(capsys, world.server.db_url, "paper-downloads", "--json")
    assert code == 0, err
    assert [(r["dossier"], r["paper"], r["agency"], r["token_id"], r["client"]) for r in json.loads(out)] == [
        (land, 2, LAND_OFFICE[0], token_row.id, "127.0.0.1"),
        (land, 1, LAND_OFFICE[0], token_row.id, "127.0.0.1"),
        (from_b, 1, LAND_OFFICE[0], token_row.id, "127.0.0.1"),
    ]
    code, out, err = hub_cli(capsys, world.server.db_url, "paper-downloads", from_b)
    assert code == 0 and len(out.splitlines()) == 1 and "giấy tờ số 1" in out and "127.0.0.1" in out, err
    code, out, err = hub_cli(capsys, world.server.db_url, "paper-downloads", world.police.code)
    assert code == 0 and out.strip() == "Chưa có lượt tải giấy tờ nào.", err


def test_not_transferred_to_the_agency_is_not_found_and_not_audited(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    token = issue_token(capsys, world.server.db_url, LAND_OFFICE[0])
    with httpx.Client(base_url=world.url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as officer:
        answers = {
            "the police's": officer.get(f"/co-quan/ho-so/{world.police.code}/giay-to/1"),
            "moved on": officer.get(f"/co-quan/ho-so/{world.moved.code}/giay-to/1"),
            "commune officer's": officer.get(f"/co-quan/ho-so/{world.officer.code}/giay-to/1"),
            "unknown dossier": officer.get(f"/co-quan/ho-so/{COMMUNE_A}-251118-9999/giay-to/1"),
            "no such paper": officer.get(f"/co-quan/ho-so/{world.land.code}/giay-to/7"),
            "no paper yet": officer.get(f"/co-quan/ho-so/{world.later.code}/giay-to/1"),
            "position zero": officer.get(f"/co-quan/ho-so/{world.land.code}/giay-to/0"),
            "not a number": officer.get(f"/co-quan/ho-so/{world.land.code}/giay-to/1%20OR%201"),
            "huge": officer.get(f"/co-quan/ho-so/{world.land.code}/giay-to/{'9' * 40}"),
            "long code": officer.get(f"/co-quan/ho-so/{'X' * 5000}/giay-to/1"),
        }
    for what, answer in answers.items():
        assert answer.status_code == 404, what
        assert answer.headers["content-type"].startswith("text/html"), what
        assert b"%PDF" not in answer.content, what
    # the same sentence whether the dossier exists or not: nothing to tell them apart
    texts = {OfficersPage.parse(a.text).values["error"] for a in answers.values()}
    assert texts == {"Không có giấy tờ này trong các hồ sơ chuyển đến cơ quan."}
    assert _downloads(world.server) == []


def test_an_officer_downloads_from_the_s3_store(
    tmp_path: Path,
    s3_bucket: S3Bucket,  # noqa: F811 (the fixture)
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The same download when the hub keeps its papers in an S3-compatible store (moto on loopback);
    ``paper-get --papers s3://…`` reads the same copy."""
    server = HubServer(f"sqlite:///{tmp_path / 'hub.db'}", papers=s3_bucket.spec).start()
    try:
        add_commune(server.hub, COMMUNE_A)
        dossier = new_dossier(enroll(server, COMMUNE_A), T0)
        dossier.transfer(LAND_OFFICE)
        data = signed_copy(tmp_path / "keys", "UBND xã Tân Lập", pages=2)
        add_paper(server.hub, dossier, 1, "Giấy chứng nhận quyền sử dụng đất", data, 2)
        stored = s3_bucket.keys()
        assert any(key.endswith(f"{sha(data)}.pdf") for key in stored)  # the copy is in the bucket
        token = issue_token(capsys, server.db_url, LAND_OFFICE[0])
        with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as officer:
            page = _page(officer)
            assert [p["name"] for p in page.dossier(dossier.code).papers] == ["Giấy chứng nhận quyền sử dụng đất"]
            answer = officer.get(f"/co-quan/ho-so/{dossier.code}/giay-to/1")
        assert answer.status_code == 200 and answer.content == data
        assert len(_downloads(server)) == 1
        out = tmp_path / "ban-sao.pdf"
        code, _out, err = hub_cli(
            capsys, server.db_url, "--papers", s3_bucket.spec, "paper-get", dossier.code, "1", "--out", str(out)
        )
        assert code == 0, err
        assert out.read_bytes() == data
    finally:
        server.stop()


def test_a_copy_missing_from_the_store_is_one_sentence_and_not_audited(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    assert world.server.papers is not None
    data = world.land.copies[1]
    (stored,) = Path(world.server.papers).rglob(f"{sha(data)}.pdf")
    stored.unlink()  # a disk restored without it, an operator's mistake
    token = issue_token(capsys, world.server.db_url, LAND_OFFICE[0])
    with httpx.Client(base_url=world.url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as officer:
        answer = officer.get(f"/co-quan/ho-so/{world.land.code}/giay-to/1")
        assert answer.status_code == 503 and answer.headers["content-type"].startswith("text/html")
        assert OfficersPage.parse(answer.text).values["error"].startswith("Máy chủ tạm thời không đọc được")
        assert officer.get(f"/co-quan/ho-so/{world.land.code}/giay-to/2").content == world.land.copies[2]
    assert len(_downloads(world.server)) == 1  # only the copy that went out


# ------------------------------------------------------------------------------------------ the CLI


def test_agency_token_command(hub_server: HubServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = hub_server.db_url
    code, out, err = hub_cli(capsys, url, "agency-token", "vpdk_dat", "--label", "Anh Minh", "--json")
    assert code == 0, err
    issued = json.loads(out)
    assert issued["agency"] == "VPDK_DAT" and issued["label"] == "Anh Minh" and len(issued["token"]) >= 32
    assert hub_server.hub is not None
    with hub_server.hub.read() as session:
        assert agency.authenticate(session, issued["token"]) == agency.AgencyAccess(
            issued["id"], "VPDK_DAT", "Anh Minh"
        )
        assert issued["token"] not in json.dumps([vars(t) for t in agency.list_tokens(session)], default=str)

    code, out, err = hub_cli(capsys, url, "agency-token", "--list")
    assert code == 0 and "VPDK_DAT" in out and "Anh Minh" in out and "đang dùng" in out, err
    code, out, err = hub_cli(capsys, url, "agency-token", "--revoke", str(issued["id"]), "--json")
    assert code == 0 and json.loads(out)["revoked_at"] is not None, err
    code, out, err = hub_cli(capsys, url, "agency-token", "--list")
    assert "thu hồi" in out

    refusals = {
        "no agency": ("agency-token", "--label", "x"),
        "two actions": ("agency-token", "CA_XA", "--list"),
        "bad code": ("agency-token", "Công an xã"),
        "unknown id": ("agency-token", "--revoke", "999"),
        "id not a number": ("agency-token", "--revoke", "abc"),
    }
    for what, args in refusals.items():
        code, out, err = hub_cli(capsys, url, *args)
        assert code == 2, what
        assert err.count("\n") == 1 and "Traceback" not in err, what

    # once an agencies file is published, the code must be one of its interlinked agencies
    with hub_server.hub.write() as session:
        body = {
            "agencies": [
                {"code": "CA_XA", "name": "Công an xã", "kind": "police"},
                {"code": "CC_TPHT", "name": "Công chức Tư pháp - Hộ tịch", "kind": "commune_officer"},
            ]
        }
        service.publish_agencies(session, body, utc_now())
    code, _out, err = hub_cli(capsys, url, "agency-token", "THUE_KV")
    assert code == 2 and "THUE_KV" in err
    code, _out, err = hub_cli(capsys, url, "agency-token", "CC_TPHT")
    assert code == 2 and "không nhận hồ sơ liên thông" in err
    code, out, err = hub_cli(capsys, url, "agency-token", "CA_XA", "--json")
    assert code == 0 and json.loads(out)["agency_name"] == "Công an xã", err


# ------------------------------------------------------------------------------------------ Chromium


def _browser_log_in(browser: Browser, url: str, token: str, tmp_path: Path) -> str:
    """The login form posted by the browser (a local copy that submits itself: a headless browser
    cannot type); the browser keeps the cookie in its profile."""
    page = tmp_path / "dang-nhap.html"
    page.write_text(
        f'<!doctype html><meta charset="utf-8"><form method="post" action="{url}/co-quan/dang-nhap">'
        f'<input name="token" value="{token}"></form><script>document.forms[0].submit()</script>',
        encoding="utf-8",
    )
    return browser._run("--dump-dom", page.as_uri()).decode()


def test_officers_page_in_chromium(world: World, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    browser = Browser(_chromium(), tmp_path / "chromium-profile")
    token = issue_token(capsys, world.server.db_url, LAND_OFFICE[0])
    _browser_log_in(browser, world.url, token, tmp_path)
    page = OfficersPage.parse(browser._run("--dump-dom", f"{world.url}/co-quan").decode())
    assert page.codes == [world.later.code, world.from_b.code, world.land.code]
    land = page.dossier(world.land.code)
    assert [p["name"] for p in land.papers] == ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]
    assert [p["download"] for p in land.papers] == ["Tải bản PDF", "Tải bản PDF"]
    english = OfficersPage.parse(browser._run("--dump-dom", f"{world.url}/co-quan?lang=en").decode())
    assert english.lang == "en" and english.codes == page.codes
    # the link the officer clicks, fetched with the browser's own cookie value
    with httpx.Client(base_url=world.url, cookies={COOKIE: token}, timeout=30) as same_cookie:
        pdf = same_cookie.get(land.papers[1]["href"])
    assert pdf.status_code == 200 and pdf.content == world.land.copies[2]
    assert len(_downloads(world.server)) == 1
