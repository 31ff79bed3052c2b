"""The CLI refuses the 2018 form set for a new office or a new dossier: one line citing the rule, exit 2."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from tests.cli.conftest import OFFICE, Cli


def test_init_with_the_2018_set_is_refused_and_writes_nothing(cli: Cli) -> None:
    code, out, err = cli("init", *OFFICE, "--form-set", "2018")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "chỉ dùng để in lại hồ sơ tiếp nhận trước 01/07/2025" in err
    assert "Nghị định 118/2025/NĐ-CP" in err and "Thông tư 03/2025/TT-VPCP" in err
    assert not cli.data_dir.exists()


def test_printing_a_new_dossier_with_the_2018_set_is_refused(ready: Cli, tmp_path: Path) -> None:
    code = ready.json("intake", "--procedure", "2.000635", "--applicant-name", "Nguyễn Văn Đức")["code"]
    out = tmp_path / "r.pdf"
    before = ready.table_count("audit_entry")
    status, printed, err = ready("receipt", code, "--out", str(out), "--form-set", "2018")
    assert (status, printed) == (2, "")
    assert err.count("\n") == 1
    assert f"Không in hồ sơ {code} theo bộ mẫu 2018" in err
    assert "Nghị định 118/2025/NĐ-CP" in err and "Thông tư 03/2025/TT-VPCP" in err
    assert not out.exists() and ready.table_count("audit_entry") == before
    incomplete = ready.json("intake", "--procedure", "2.000635", "--applicant-name", "Lê An", "--missing", "1")
    status, _, err = ready("slip", "supplement", incomplete["code"], "--out", str(out), "--form-set", "2018")
    assert status == 2 and "bộ mẫu 2018" in err


def test_an_old_dossier_reprints_with_the_2018_set(ready: Cli, tmp_path: Path) -> None:
    code = ready.json(
        "intake", "--procedure", "1.001193", "--applicant-name", "Nguyễn Văn Đức", "--received-at", "2025-06-20 09:00"
    )["code"]
    out = tmp_path / "r.pdf"
    ready.json("receipt", code, "--out", str(out))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert "Ban hành kèm theo Thông tư số 01/2018/TT-VPCP" in text
    ready.json("receipt", code, "--out", str(out), "--form-set", "2025")  # the current set is allowed too
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert "Thông tư số 03/2025/TT-VPCP ngày 15/9/2025" in text
