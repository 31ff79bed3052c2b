"""Pull and snapshot: paging, cursor, reset, commune isolation, upstream events and published data."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from district_server.cli import main
from tests.hub.conftest import HubServer
from tests.hub.support import (
    COMMUNE_A,
    COMMUNE_B,
    add_commune,
    enroll,
    first_event,
    pull,
    pull_all,
    push,
    statuses,
)

ROOT = Path(__file__).resolve().parents[2]


def _cli(server: HubServer, *args: str) -> int:
    return main(["--db", server.db_url, *args])


def test_paging_follows_the_cursor_without_gaps_or_repeats(hub_server: HubServer) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    devices = [enroll(hub_server, COMMUNE_A, workstation=w) for w in range(1, 8)]  # 7 workstation keys
    device = devices[0]
    seen: list[int] = []
    after = 0
    while True:
        page = pull(device, after, limit=3)
        assert len(page["changes"]) <= 3
        seen.extend(c["seq"] for c in page["changes"])
        after = page["next"]
        if not page["more"]:
            break
    assert seen == sorted(set(seen)) and len(seen) == 7
    assert pull(device, after)["changes"] == []  # nothing new: an empty page at the same cursor
    assert pull(device, after)["next"] == after
    enroll(hub_server, COMMUNE_A, workstation=9)
    fresh = pull(device, after)
    assert [c["topic"] for c in fresh["changes"]] == ["workstation_key"]
    assert fresh["changes"][0]["body"]["workstation"] == 9


def test_reset_on_a_wrong_epoch_or_a_cursor_from_the_future(hub_server: HubServer) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    device = enroll(hub_server, COMMUNE_A)
    wrong = pull(device, 0, epoch="00000000-0000-0000-0000-000000000000")
    assert wrong["reset"] is True and wrong["changes"] == []
    assert wrong["epoch"] == device.answer["epoch"]
    future = pull(device, 10_000)
    assert future["reset"] is True
    assert pull(device, 0)["reset"] is False


def test_upstream_event_reaches_only_its_commune(hub_server: HubServer, capsys: pytest.CaptureFixture[str]) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    add_commune(hub_server.hub, COMMUNE_B, "UBND xã Hòa Bình")
    a = enroll(hub_server, COMMUNE_A)
    b = enroll(hub_server, COMMUNE_B)
    _, a_cursor = pull_all(a)
    _, b_cursor = pull_all(b)
    event = first_event(a)
    assert statuses(push(a, [event])) == ["ok"]
    code = event["dossier_code"]
    assert _cli(hub_server, "event", code, "result_ready", "--note", "Kết quả đã có", "--actor", "Công an huyện") == 0
    assert code in capsys.readouterr().out
    a_changes, _ = pull_all(a, a_cursor)
    assert [c["topic"] for c in a_changes] == ["dossier.event"]
    body = a_changes[0]["body"]
    assert (body["dossier_code"], body["dossier_uid"]) == (code, event["dossier_uid"])
    assert (body["kind"], body["status_after"], body["actor"]) == ("result_ready", "result_ready", "Công an huyện")
    assert body["payload"]["note"] == "Kết quả đã có"
    assert body["v"] == 1 and body["event_uid"] != event["event_uid"]
    b_changes, _ = pull_all(b, b_cursor)
    assert b_changes == []
    # B's snapshot has none of A's dossiers either; A's snapshot has the upstream event.
    b_snapshot = httpx.get(f"{hub_server.url}/v1/snapshot", headers=b.headers).json()
    assert code not in json.dumps(b_snapshot)
    a_snapshot = httpx.get(f"{hub_server.url}/v1/snapshot", headers=a.headers).json()
    assert [c["body"]["event_uid"] for c in a_snapshot["changes"] if c["topic"] == "dossier.event"] == [
        body["event_uid"]
    ]
    # The state machine guards upstream events too: a second result is refused, exit 2.
    assert _cli(hub_server, "event", code, "result_ready") == 2
    assert "“Có kết quả”" in capsys.readouterr().err  # the event kind in words (issue 11, item 19)


def test_published_catalogue_calendar_and_users_come_down(
    hub_server: HubServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    add_commune(hub_server.hub, COMMUNE_B, "UBND xã Hòa Bình")
    a = enroll(hub_server, COMMUNE_A)
    b = enroll(hub_server, COMMUNE_B)
    _, cursor = pull_all(a)
    _, b_cursor = pull_all(b)
    catalogue = ROOT / "resources" / "catalogue" / "procedures.json"
    agencies = ROOT / "resources" / "catalogue" / "agencies.json"
    assert _cli(hub_server, "publish-catalogue", str(catalogue), "--agencies", str(agencies)) == 0
    calendar = tmp_path / "calendar.json"
    overrides = [{"day": "2026-05-02", "kind": "holiday", "note": "Nghỉ bù"}]
    calendar.write_text(json.dumps({"overrides": overrides}, ensure_ascii=False), encoding="utf-8")
    assert _cli(hub_server, "publish-calendar", str(calendar)) == 0
    changes, _ = pull_all(a, cursor)
    topics = {c["topic"]: c["body"] for c in changes}
    assert set(topics) == {"catalogue", "agencies", "calendar"}
    assert topics["catalogue"] == json.loads(catalogue.read_text(encoding="utf-8"))
    assert topics["calendar"] == {"overrides": overrides}
    b_changes, b_cursor = pull_all(b, b_cursor)
    assert {c["topic"] for c in b_changes} == {"catalogue", "agencies", "calendar"}  # global
    # A user of commune A goes to A only, with an argon2 hash the counter can verify.
    with pytest.MonkeyPatch.context() as patch:
        import io

        patch.setattr("sys.stdin", io.StringIO("mat-khau-moi-1\n"))
        args = ["user", "add", "--commune", COMMUNE_A, "--username", "canbo2", "--full-name", "Trần Văn Bình"]
        assert _cli(hub_server, *args, "--role", "clerk", "--password-stdin") == 0
    user_changes = [c for c in pull_all(a, cursor)[0] if c["topic"] == "user"]
    assert [c["body"]["username"] for c in user_changes] == ["canbo2"]
    from argon2 import PasswordHasher

    assert PasswordHasher().verify(user_changes[0]["body"]["password_hash"], "mat-khau-moi-1")
    assert pull_all(b, b_cursor)[0] == []
    capsys.readouterr()


def test_snapshot_is_the_current_state(hub_server: HubServer, tmp_path: Path) -> None:
    add_commune(hub_server.hub, COMMUNE_A)
    calendar = tmp_path / "c.json"
    for note in ("đầu", "sau"):
        calendar.write_text(json.dumps({"overrides": [{"day": "2026-05-02", "kind": "holiday", "note": note}]}))
        assert _cli(hub_server, "publish-calendar", str(calendar)) == 0
    a1 = enroll(hub_server, COMMUNE_A, workstation=1)
    enroll(hub_server, COMMUNE_A, workstation=2)
    snapshot = httpx.get(f"{hub_server.url}/v1/snapshot", headers=a1.headers).json()
    assert snapshot["reset"] is False and snapshot["more"] is False
    assert snapshot["next"] == pull_all(a1)[1]
    by_topic: dict[str, list[dict[str, object]]] = {}
    for change in snapshot["changes"]:
        by_topic.setdefault(change["topic"], []).append(change["body"])
    assert by_topic["calendar"] == [{"overrides": [{"day": "2026-05-02", "kind": "holiday", "note": "sau"}]}]
    assert sorted(k["workstation"] for k in by_topic["workstation_key"]) == [1, 2]  # type: ignore[type-var]
