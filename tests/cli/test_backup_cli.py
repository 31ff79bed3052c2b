"""``counter-app backup``, ``backups``, ``restore``, ``backup-settings``, ``recovery-sheet``."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Cli


def test_backup_list_restore(ready: Cli, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    code, out, err = ready("backup")
    assert code == 2 and err.count("\n") == 1 and "Chưa chọn nơi sao lưu" in err
    code, out, err = ready("backup-settings", "--to", str(usb), "--every", "7")
    assert code == 0 and "sau mỗi 7 hồ sơ" in out
    assert ready.json("backup-settings") == {"target": str(usb.resolve()), "every": 7}
    code, out, err = ready("backup")
    assert code == 0, err
    assert "đã kiểm tra: khôi phục thử đạt" in out and "recovery-sheet" in out
    listed = ready.json("backups")
    assert len(listed) == 1 and listed[0]["verified"] is True and listed[0]["kept_because"]
    assert set(listed[0]) >= {"file", "created_at", "bytes", "verified", "dossiers", "kept_because"}
    sheet = tmp_path / "phieu.pdf"
    code, out, err = ready("recovery-sheet", "--out", str(sheet))
    assert code == 0 and sheet.read_bytes().startswith(b"%PDF")
    key = (ready.data_dir / "backup.key").read_text(encoding="ascii").split(" ", 1)[1].strip()

    new_pc = Cli(tmp_path / "new-pc", ready.capsys)
    code, out, err = new_pc("restore", listed[0]["file"])
    assert code == 2 and "mã khôi phục" in err and err.count("\n") == 1
    code, out, err = new_pc("restore", listed[0]["file"], "--recovery-key", "-", stdin=key + "\n")
    assert code == 0, err
    assert "Đã khôi phục" in out
    code, out, err = new_pc("audit-verify")
    assert code == 0, err
    code, out, err = new_pc("restore", listed[0]["file"], "--recovery-key", key)
    assert code == 2 and "--replace" in err
    code, out, err = new_pc("restore", listed[0]["file"], "--recovery-key", key, "--replace", "--json")
    assert code == 0, err
    assert json.loads(out)["moved_aside"]


def test_bad_input_is_one_line(ready: Cli, tmp_path: Path) -> None:
    for args, words in (
        (("backup-settings", "--to", "relative"), "đường dẫn đầy đủ"),
        (("backup-settings", "--every", "0"), "1–10000"),
        (("backup", "--to", str(tmp_path / "missing")), "Không thấy nơi sao lưu"),
        (("backup", "--to", str(ready.data_dir)), "ngoài thư mục dữ liệu"),
        (("backups", "--to", str(tmp_path / "missing")), "Không thấy nơi sao lưu"),
        (("restore", str(tmp_path / "nope.hsmcbak")), "Không thấy tệp sao lưu"),
        (("restore", __file__, "--recovery-key", "AAAA"), "Mã khôi phục không hợp lệ"),
        (("recovery-sheet", "--out", str(tmp_path / "sheet.txt")), ".pdf"),
    ):
        code, _out, err = ready(*args)
        assert code == 2, (args, err)
        assert err.count("\n") == 1 and words in err, (args, err)
        assert "Traceback" not in err


def test_a_file_that_is_not_a_backup(ready: Cli, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    assert ready("backup", "--to", str(usb))[0] == 0
    key = (ready.data_dir / "backup.key").read_text(encoding="ascii").split(" ", 1)[1].strip()
    fake = tmp_path / "fake.hsmcbak"
    fake.write_bytes(b"%PDF-1.7 not a backup")
    code, _out, err = Cli(tmp_path / "other", ready.capsys)("restore", str(fake), "--recovery-key", key)
    assert code == 2 and "không phải bản sao lưu" in err
