"""``counter-app subject-export`` and the audited ``show``, on a real data directory."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from counter_app.cli.privacy import readable
from counter_app.services import satisfaction
from counter_app.services.context import Context
from counter_app.services.subject_export import subject_export
from tests.cli.conftest import Cli
from tests.conftest import FakeClock
from tests.services.test_personal_data import ID as ID_HOA
from tests.services.test_personal_data import NAME as NAME_HOA
from tests.services.test_personal_data import PHONE as PHONE_HOA
from tests.services.test_personal_data import PROXY_ID, returned_by_proxy, take

NAME, ID, PHONE = "Hoàng Thị Mỹ Duyên", "079195004321", "0355667788"


def _intake(cli: Cli, name: str = NAME, id_number: str = ID, phone: str = PHONE) -> str:
    args = ["--procedure", "2.000635", "--applicant-name", name, "--id-number", id_number, "--phone", phone]
    return str(cli.json("intake", *args, "--address", "Thôn Bến")["code"])


def _audit(cli: Cli, action: str) -> list[tuple[str, str, dict[str, object]]]:
    raw = sqlite3.connect(cli.data_dir / "counter.sqlite3")
    try:
        rows = raw.execute(
            "SELECT username, entity_id, details FROM audit_entry WHERE action = ? ORDER BY id", (action,)
        ).fetchall()
    finally:
        raw.close()
    return [(u, e, json.loads(d)) for u, e, d in rows]


def test_subject_export_json_text_and_file(ready: Cli, tmp_path: Path) -> None:
    code = _intake(ready)
    _intake(ready, "Người Khác", "001090000001", "0911000001")
    export = ready.json("subject-export", "--id-number", ID)
    assert export["id_number"] == ID
    [dossier] = export["dossiers"]
    assert dossier["code"] == code and dossier["roles"] == ["applicant"]
    assert dossier["applicant"]["full_name"] == NAME and dossier["applicant"]["phone"] == PHONE
    assert {n["recipient"] for n in dossier["notices"]} == {PHONE}

    status, out, err = ready("subject-export", "--id-number", ID)
    assert status == 0, err
    assert f"Hồ sơ {code} (người nộp)" in out and f"Điện thoại: {PHONE}" in out and "Người Khác" not in out

    target = tmp_path / "duyen.json"
    status, out, err = ready("subject-export", "--id-number", ID, "--out", str(target))
    assert status == 0, err
    assert json.loads(target.read_text("utf-8"))["dossiers"][0]["code"] == code
    assert out.strip() == f"{target}: 1 hồ sơ"
    logged = _audit(ready, "subject.exported")
    assert [(u, e) for u, e, _d in logged] == [("admin", "********4321")] * 3
    assert all(ID not in json.dumps(d) and PHONE not in json.dumps(d) for _u, _e, d in logged)


def test_an_unknown_id_is_an_empty_export_and_a_malformed_one_one_line(ready: Cli) -> None:
    _intake(ready)
    assert ready.json("subject-export", "--id-number", "001099999999")["dossiers"] == []
    for bad in ("1234", "07919500432a", "0791950043210"):
        status, out, err = ready("subject-export", "--id-number", bad)
        assert status == 2 and out == ""
        assert len(err.strip().splitlines()) == 1 and "phải có đúng 12 chữ số" in err
    status, out, err = ready("subject-export", "--id-number", ID, "--out", "/no/such/folder/x.json")
    assert status == 2 and len(err.strip().splitlines()) == 1


def test_show_is_audited_under_the_user_and_lists_name_no_values(ready: Cli) -> None:
    code = _intake(ready)
    status, out, err = ready("show", code)
    assert status == 0, err
    assert f"CCCD {ID}" in out and f"ĐT {PHONE}" in out  # whole in the dossier view
    [(user, entity, details)] = _audit(ready, "dossier.viewed")
    assert (user, entity) == ("admin", code)
    assert details == {"view": "cli_show", "fields": ["full_name", "id_number", "phone", "address"]}
    status, out, _ = ready("search", ID)  # found by the whole ID typed in
    assert status == 0 and code in out and ID not in out and PHONE not in out
    assert len(_audit(ready, "dossier.viewed")) == 1  # a search is a list: not audited per row


def test_the_readable_form_holds_the_rating_the_notices_and_the_proxy_part(ctx: Context, clock: FakeClock) -> None:
    code = take(ctx)
    returned_by_proxy(ctx, clock, code)
    satisfaction.record(ctx, code, "very_satisfied", {}, "Cán bộ tận tình")
    text = readable(subject_export(ctx, ID_HOA))
    assert f"Hồ sơ {code} (người nộp)" in text and f"Họ tên: {NAME_HOA}" in text
    assert "Đánh giá: Rất hài lòng" in text and "Cán bộ tận tình" in text
    assert f"Thông báo sms tới {PHONE_HOA}" in text
    proxy = readable(subject_export(ctx, PROXY_ID))
    assert f"Hồ sơ {code} (người nhận thay)" in proxy and NAME_HOA not in proxy and PHONE_HOA not in proxy
