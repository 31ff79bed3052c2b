"""``counter-app scan / papers / scan-devices / ocr`` and ``check`` on copies: the contract scripts rely on.

Real data directories, real files and SANE's ``test`` scanner, real signatures (the office key; the
clerk's token on SoftHSM2), real tesseract for OCR.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from counter_app.copies.ocr import ocr_available
from counter_app.copies.samples import sample_scan
from tests.cli.conftest import Cli
from tests.pki import CLERK_NAME, make_pki
from tests.softhsm import SoftToken, make_tokens, softhsm_available

PROCEDURE = "1.004873"  # five papers
KEYS = {"paper", "sha256", "pages", "bytes", "path"}


@pytest.fixture
def dossier(ready: Cli) -> str:
    return str(ready.json("intake", "--procedure", PROCEDURE, "--applicant-name", "Lê Thị Hoa")["code"])


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scans")
    sample_scan(200, seed=1).save(folder / "page1.png", dpi=(200, 200))
    sample_scan(200, seed=2).save(folder / "page2.tiff", dpi=(200, 200), compression="tiff_lzw")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> trailer")
    return folder


@pytest.fixture
def sane_test(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """SANE's ``test`` backend enabled (Debian leaves it out of /etc/sane.d/dll.conf), as tests/scanning."""
    if shutil.which("scanimage") is None:
        pytest.fail("scanimage (sane-utils) is not installed: the bootstrap installs it")
    directory = tmp_path_factory.mktemp("sane")
    (directory / "dll.conf").write_text("test\n", encoding="utf-8")
    system = Path("/etc/sane.d/test.conf")
    if system.exists():
        shutil.copy(system, directory / "test.conf")
    else:
        (directory / "test.conf").write_text("number_of_devices 2\n", encoding="utf-8")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(directory))


def _nothing_stored(cli: Cli) -> None:
    assert cli.table_count("paper_copy") == 0
    papers = cli.data_dir / "papers"
    assert not papers.exists() or not [p for p in papers.rglob("*") if p.is_file()]


def test_scan_from_files_prints_the_contract_and_stores_a_signed_copy(ready: Cli, dossier: str, scans: Path) -> None:
    files = ("--file", str(scans / "page1.png"), "--file", str(scans / "page2.tiff"))
    stored = ready.json("scan", dossier, "--paper", "1", *files)
    assert set(stored) == KEYS
    assert (stored["paper"], stored["pages"]) == (1, 2)
    data = Path(stored["path"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == stored["sha256"] and len(data) == stored["bytes"]
    assert Path(stored["path"]).is_relative_to(ready.data_dir / "papers")

    listed = ready.json("papers", dossier)
    assert listed == [{**stored, "ocr": "pending", "signed_by": "UBND xã Tân Lập"}]
    code, out, _ = ready("papers", dossier)
    assert code == 0 and "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân" in out and "2 trang" in out


def test_scan_from_the_sane_test_scanner(ready: Cli, dossier: str, sane_test: None) -> None:
    stored = ready.json("scan", dossier, "--paper", "4", "--device", "test:0", "--dpi", "75")
    assert (stored["paper"], stored["pages"]) == (4, 1)
    assert Path(stored["path"]).exists()


def test_scan_devices_lists_id_label_and_backend(ready: Cli, sane_test: None) -> None:
    devices = ready.json("scan-devices")
    assert all(set(d) == {"id", "label", "backend"} for d in devices)
    assert devices[0] == {"id": "test:0", "label": "Noname frontend-tester (virtual device)", "backend": "sane"}


def test_export_writes_readable_file_names(ready: Cli, dossier: str, scans: Path, tmp_path: Path) -> None:
    one = ready.json("scan", dossier, "--paper", "1", "--file", str(scans / "page1.png"))
    out = tmp_path / "export"
    out.mkdir()
    code, stdout, err = ready("papers", dossier, "--export", str(out))
    assert code == 0, err
    name = f"{dossier}-1-to-khai-cap-giay-xac-nhan-tinh-trang-hon.pdf"
    assert stdout.strip() == str(out / name)
    assert (out / name).read_bytes() == Path(one["path"]).read_bytes()


def test_the_same_request_id_stores_once(ready: Cli, dossier: str, scans: Path) -> None:
    args = ("scan", dossier, "--paper", "1", "--file", str(scans / "page1.png"), "--request-id", "scan-20261203-1")
    assert ready.json(*args) == ready.json(*args)
    assert ready.table_count("paper_copy") == 1


@pytest.mark.parametrize(
    "args",
    [
        ("--paper", "9", "--file", "{scans}/page1.png"),  # the checklist has five papers
        ("--paper", "0", "--file", "{scans}/page1.png"),
        ("--paper", "1", "--file", "{scans}/missing.png"),
        ("--paper", "1", "--file", "{scans}/broken.pdf"),
        ("--paper", "1"),  # no source
        ("--paper", "1", "--file", "{scans}/page1.png", "--device", "test:0"),  # two sources
        ("--paper", "1", "--device", "nosuchbackend:0"),
        ("--paper", "1", "--file", "{scans}/page1.png", "--pin-stdin"),  # a PIN and no token
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    ready: Cli, dossier: str, scans: Path, args: tuple[str, ...]
) -> None:
    code, out, err = ready("scan", dossier, *(a.format(scans=scans) for a in args), stdin="123456\n")
    assert code == 2, err
    assert out == "" and len(err.strip().splitlines()) == 1
    _nothing_stored(ready)


def test_an_unknown_dossier_is_refused_before_scanning(ready: Cli, scans: Path) -> None:
    code, _, err = ready("scan", "000.12.34.H26-251118-3999", "--paper", "1", "--file", str(scans / "page1.png"))
    assert code == 2 and "000.12.34.H26-251118-3999" in err
    _nothing_stored(ready)


def test_a_token_without_its_pin_is_refused(
    ready: Cli, dossier: str, scans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COUNTER_APP_TOKEN_PIN", raising=False)
    page = str(scans / "page1.png")
    code, _, err = ready("scan", dossier, "--paper", "1", "--file", page, "--token-library", "/x.so")
    assert code == 2 and "COUNTER_APP_TOKEN_PIN" in err
    _nothing_stored(ready)


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory) -> SoftToken:
    if not softhsm_available():
        pytest.skip("SoftHSM2 and opensc (pkcs11-tool) are not installed")
    return make_tokens(tmp_path_factory.mktemp("softhsm"), make_pki(tmp_path_factory.mktemp("pki")))


def test_the_clerks_token_signs_with_the_pin_from_stdin(
    ready: Cli, dossier: str, scans: Path, token: SoftToken
) -> None:
    code, out, err = ready(
        "scan", dossier, "--paper", "1", "--file", str(scans / "page1.png"), "--json",
        "--token-library", token.module, "--token-label", token.label, "--pin-stdin",
        stdin=f"{token.pin}\n",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["pages"] == 1
    [listed] = ready.json("papers", dossier)
    assert listed["signed_by"] == CLERK_NAME


def test_check_names_a_copy_whose_file_changed_and_exits_1(ready: Cli, dossier: str, scans: Path) -> None:
    stored = ready.json("scan", dossier, "--paper", "1", "--file", str(scans / "page1.png"))
    assert ready.json("check")["papers"] == {"problems": [], "swept": 0}
    Path(stored["path"]).write_bytes(b"%PDF-1.7 not the certified copy")
    code, out, _ = ready("check")
    assert code == 1
    assert f"giấy tờ số 1 của hồ sơ {dossier}" in out and "mã băm không khớp" in out
    code, out, _ = ready("check", "--json")
    assert code == 1 and json.loads(out)["papers"]["problems"][0]["problem"] == "mismatch"


@pytest.mark.skipif(not ocr_available(), reason="tesseract with Vietnamese is not installed")
def test_ocr_makes_the_copy_searchable_by_a_word_of_the_page(ready: Cli, dossier: str, scans: Path) -> None:
    first = ready.json("scan", dossier, "--paper", "1", "--file", str(scans / "page1.png"))
    assert ready("search", "Thang")[0] == 1  # the father's name on the page: not found before OCR
    result = ready.json("ocr")
    assert result == {"available": True, "done": 1, "failed": 0, "pending": 0}
    [listed] = ready.json("papers", dossier)
    assert listed["ocr"] == "done" and listed["sha256"] != first["sha256"]  # the searchable version, signed again
    assert listed["signed_by"] == "UBND xã Tân Lập"
    found = ready.json("search", "Thang")  # "Nguyễn Văn Thắng", without tones
    assert [d["code"] for d in found] == [dossier]
    assert ready.json("ocr") == {"available": True, "done": 0, "failed": 0, "pending": 0}
