"""The counter-app CLI contract: commands, JSON shapes, and bad input (one line, exit 2, nothing written)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import OFFICE, Cli


def test_init_reports_office_catalogue_and_a_one_time_admin_password(cli: Cli) -> None:
    result = cli.json("init", *OFFICE, "--parent-name", "UBND TỈNH PHÚ THỌ")
    assert result["office"]["agency_code"] == "000.12.34.H26"
    assert result["office"]["workstation"] == 1
    assert result["catalogue"]["added"] >= 30
    assert result["admin_username"] == "admin" and len(result["admin_password"]) >= 10
    code, _, err = cli("init", *OFFICE)
    assert code == 2 and err.count("\n") == 1 and "đã được khởi tạo" in err


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--office-code", "H26", "--office-name", "X"], "13 ký tự"),
        (["--office-code", "000.12.34.H26", "--office-name", "  "], "không được để trống"),
        ([*OFFICE, "--workstation", "12"], "1–9"),
        ([*OFFICE, "--workstation", "hai"], "số nguyên"),
        (["--office-name", "X"], "--office-code"),
    ],
)
def test_bad_init_writes_nothing(cli: Cli, args: list[str], fragment: str) -> None:
    code, out, err = cli("init", *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and fragment in err
    assert not cli.data_dir.exists()


def test_procedures_contract_and_accent_insensitive_search(ready: Cli) -> None:
    items = ready.json("procedures")
    assert len(items) >= 30
    assert {"code", "name", "field", "working_days", "cutoff", "fee"} <= set(items[0])
    birth = [p for p in ready.json("procedures", "--search", "khai sinh") if p["code"] == "1.001193"]
    assert birth and birth[0]["working_days"] == 0 and birth[0]["cutoff"] == "15:00"
    assert any(p["code"] == "2.000815" for p in ready.json("procedures", "--search", "chung thuc ban sao"))
    assert all(isinstance(p["fee"], int | None) for p in items)


@pytest.mark.parametrize(
    ("received", "days", "cutoff", "due"),
    [
        ("2026-02-13T14:59", "0", None, "2026-02-13T17:00:00+07:00"),  # Friday before Tết, before 15:00
        ("2026-02-13T15:00", "0", None, "2026-02-23T17:00:00+07:00"),  # at the cut-off: after Tết
        ("2026-02-13T15:30", "0", "16:00", "2026-02-13T17:00:00+07:00"),
        ("13/02/2026 15:30", "0", "none", "2026-02-13T17:00:00+07:00"),
        ("2025-04-25T10:00", "1", None, "2025-04-26T17:00:00+07:00"),  # swapped working Saturday
        ("2025-04-29T10:00", "1", None, "2025-05-05T17:00:00+07:00"),  # 30/4, 1/5, 2/5 off
        ("2026-04-24T09:00", "1", None, "2026-04-28T17:00:00+07:00"),  # Hùng Kings observed Mon 27/4
        ("2025-11-20T02:00:00+00:00", "3", None, "2025-11-25T17:00:00+07:00"),
    ],
)
def test_due_date_calculator(cli: Cli, received: str, days: str, cutoff: str | None, due: str) -> None:
    args = ["due-date", "--received-at", received, "--working-days", days]
    if cutoff:
        args += ["--cutoff", cutoff]
    assert cli.json(*args)["due_at"] == due


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--received-at", "hôm qua", "--working-days", "1"], "không hợp lệ"),
        (["--received-at", "2025-01-01", "--working-days", "-1"], "số nguyên"),
        (["--received-at", "2025-01-01", "--working-days", "1", "--cutoff", "25:00"], "HH:MM"),
    ],
)
def test_due_date_bad_input(cli: Cli, args: list[str], fragment: str) -> None:
    code, out, err = cli("due-date", *args)
    assert (code, out) == (2, "") and err.count("\n") == 1 and fragment in err


def test_intake_show_search_round_trip(ready: Cli) -> None:
    result = ready.json(
        "intake",
        "--procedure",
        "2.000635",
        "--applicant-name",
        "Nguyễn Văn Đức",
        "--id-number",
        "001090123456",
        "--phone",
        "0912345678",
        "--address",
        "Thôn Đông",
    )
    assert {"code", "id", "received_at", "due_at", "status"} <= set(result)
    assert result["status"] == "received" and result["code"].startswith("000.12.34.H26-")
    assert result["code"].endswith("-3001")  # workstation 3
    shown = ready.json("show", result["code"])
    assert shown["applicant"]["full_name"] == "Nguyễn Văn Đức"
    assert shown["events"][0]["kind"] == "received"
    found = ready.json("search", "nguyen van duc")
    assert [(d["code"], d["applicant_name"]) for d in found] == [(result["code"], "Nguyễn Văn Đức")]
    code, out, _ = ready("show", result["code"])
    assert code == 0 and "Cấp bản sao Trích lục hộ tịch" in out


def test_intake_nfd_input_is_stored_nfc(ready: Cli) -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Hồ Thị Hương")
    code = ready.json("intake", "--procedure", "2.000815", "--applicant-name", nfd)["code"]
    assert ready.json("show", code)["applicant"]["full_name"] == "Hồ Thị Hương"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--procedure", "9.999999", "--applicant-name", "Lê An"], "Không có thủ tục"),
        (["--procedure", "2.000635", "--applicant-name", "Lê An", "--id-number", "12345"], "12 chữ số"),
        (["--procedure", "2.000635", "--applicant-name", "Lê An", "--phone", "12"], "điện thoại"),
        (["--procedure", "2.000635", "--applicant-name", "Lê An", "--channel", "fax"], "--channel"),
        (["--procedure", "2.000635", "--applicant-name", "Lê An", "--received-at", "2099-01-01"], "tương lai"),
        (["--procedure", "2.000884", "--applicant-name", "Lê An", "--return-by-post", "--address", "X"], "bưu điện"),
        (["--procedure", "2.000635", "--applicant-name", "Lê An", "--user", "ghost"], "Không có tài khoản"),
    ],
)
def test_bad_intake_exits_2_with_one_line_and_writes_nothing(ready: Cli, args: list[str], fragment: str) -> None:
    before = (ready.table_count("dossier"), ready.table_count("audit_entry"), ready.table_count("outbox"))
    code, out, err = ready("intake", *args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and fragment in err, err
    assert (ready.table_count("dossier"), ready.table_count("audit_entry"), ready.table_count("outbox")) == before


def test_late_entry_from_paper(ready: Cli) -> None:
    result = ready.json(
        "intake", "--procedure", "2.000815", "--applicant-name", "Trần Thị Ánh", "--received-at", "2025-11-18T10:15"
    )
    assert result["late_entry"] is True
    assert result["received_at"] == "2025-11-18T10:15:00+07:00"
    assert "-251118-3001" in result["code"]


def test_commands_before_init_say_so(cli: Cli) -> None:
    code, _, err = cli("search", "x")
    assert code == 2 and "counter-app init" in err


def test_show_unknown_and_malformed_codes(ready: Cli) -> None:
    code, _, err = ready("show", "000.12.34.H26-251118-3999")
    assert code == 2 and "Không có hồ sơ" in err
    code, _, err = ready("show", "abc")
    assert code == 2 and "Mã hồ sơ không hợp lệ" in err


def test_users_and_audit(ready: Cli) -> None:
    code, _, err = ready("user", "add", "thu.ha", "--full-name", "Lê Thu Hà", "--password-stdin", stdin="12345678\n")
    assert code == 0, err
    names = [u["username"] for u in ready.json("user", "list")]
    assert names == ["admin", "thu.ha"]
    ready.json("intake", "--procedure", "2.000815", "--applicant-name", "Phạm Dung", "--user", "thu.ha")
    check = ready.json("audit-verify")
    assert check["intact"] is True and check["entries"] >= 5
    raw = sqlite3.connect(ready.data_dir / "counter.sqlite3")
    last = raw.execute("SELECT username, action FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    raw.close()
    assert last == ("thu.ha", "dossier.receive")


def test_calendar_override_changes_due_dates(ready: Cli) -> None:
    days = ready.json("calendar", "--year", "2026")["days"]
    saturday = [d for d in days if d["day"] == "2026-08-22"]
    assert saturday and saturday[0]["working"] is True
    assert ready.json("due-date", "--received-at", "2026-12-03T09:00", "--working-days", "1")["due_at"].startswith(
        "2026-12-04"
    )
    ready.json("calendar", "set", "--date", "04/12/2026", "--kind", "holiday", "--note", "Lễ hội xã")
    assert ready.json("due-date", "--received-at", "2026-12-03T09:00", "--working-days", "1")["due_at"].startswith(
        "2026-12-07"
    )


def test_usage_errors_are_one_line(cli: Cli) -> None:
    code, out, err = cli("nonsense")
    assert (code, out) == (2, "") and err.count("\n") == 1


def test_help_explains_itself(cli: Cli) -> None:
    with pytest.raises(SystemExit) as caught:
        cli("intake", "--help")
    assert caught.value.code == 0
    assert "--received-at" in cli.capsys.readouterr().out


def test_receipt_and_slips_to_pdf(ready: Cli, tmp_path: Path) -> None:
    from pypdf import PdfReader

    code = ready.json("intake", "--procedure", "2.000635", "--applicant-name", "Nguyễn Văn Đức")["code"]
    out = tmp_path / "r.pdf"
    first = ready.json("receipt", code, "--out", str(out))
    assert first["reprint"] is False
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert code in text
    assert len(PdfReader(out).pages) == 2
    assert ready.json("receipt", code, "--out", str(out))["reprint"] is True
    refused = ready.json("intake", "--procedure", "2.000635", "--applicant-name", "Lê An", "--refuse", "Sai thẩm quyền")
    assert refused["status"] == "refused"
    ready.json("slip", "refusal", refused["code"], "--out", str(tmp_path / "t.pdf"))
    incomplete = ready.json("intake", "--procedure", "2.000635", "--applicant-name", "Lê An", "--missing", "1,2")
    assert incomplete["status"] == "intake_supplement"
    ready.json("slip", "supplement", incomplete["code"], "--out", str(tmp_path / "s.pdf"))


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--out", "r.txt"], ".pdf"),
        (["--out", "/no/such/folder/r.pdf"], "Không ghi được"),
    ],
)
def test_receipt_bad_output_writes_and_records_nothing(ready: Cli, args: list[str], fragment: str) -> None:
    code = ready.json("intake", "--procedure", "2.000635", "--applicant-name", "Nguyễn Văn Đức")["code"]
    before = ready.table_count("audit_entry")
    status, out, err = ready("receipt", code, *args)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert fragment in err
    assert ready.table_count("audit_entry") == before


def test_signing_key_export(ready: Cli, tmp_path: Path) -> None:
    pem = ready.json("signing-key")["public_key_pem"]
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    ready.json("signing-key", "--out", str(tmp_path / "k.pem"))
    assert (tmp_path / "k.pem").read_text() == pem


def test_letters_signer_and_abbreviation_are_set_and_checked(ready: Cli) -> None:
    shown = ready.json("letters")
    assert shown["agency"] == "UBND" and shown["signer"]["capacity"] == "TM"  # UBND xã: TM. ỦY BAN NHÂN DÂN
    saved = ready.json("letters", "--agency", "ttpvhcc", "--capacity", "KT", "--authority", "Giám đốc",
                       "--title", "Phó Giám đốc", "--name", "Trần Văn Minh")  # fmt: skip
    assert saved["agency"] == "TTPVHCC"
    assert saved["signer"] == {
        "capacity": "KT",
        "authority": "GIÁM ĐỐC",
        "title": "PHÓ GIÁM ĐỐC",
        "name": "Trần Văn Minh",
    }
    code, out, err = ready("letters")
    assert code == 0 and "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" in out and "Trần Văn Minh" in out
    code, _, err = ready("letters", "--agency", "TT PV")
    assert code == 2 and "Chữ viết tắt tên cơ quan" in err and len(err.strip().splitlines()) == 1


def test_an_account_is_created_with_a_full_name_only(ready: Cli) -> None:
    code, _, err = ready("user", "add", "an", "--password-stdin", stdin="12345678\n")
    assert code == 2 and "--full-name" in err
    code, _, err = ready("user", "add", "an", "--full-name", " ", "--password-stdin", stdin="12345678\n")
    assert code == 2 and "Họ tên không được để trống" in err
