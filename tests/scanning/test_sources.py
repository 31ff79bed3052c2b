"""Scanners: SANE's real ``test`` backend through scanimage (device test:0), and the WIA pieces that can
be checked without Windows."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from PIL import Image

from counter_app import messages
from counter_app.domain.errors import InvalidInput
from counter_app.scanning import list_devices, open_source
from counter_app.scanning.errors import ScannerError
from counter_app.scanning.pages import is_blank
from counter_app.scanning.sources import SaneOptions, SaneSource, ScanDevice, parse_device_list, parse_options

pytestmark = pytest.mark.usefixtures("sane_config", "own_tempdir")


@pytest.fixture
def own_tempdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test's own temporary directory for the page files (others may be scanning on this machine)."""
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))


SLOW_PAGES = ("--read-delay=yes", "--read-delay-duration", "200000")  # about 0.4 s a page at 75 dpi gray


def _scanimage_children() -> list[int]:
    """Process ids of the scanimage processes this test process started."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        state = stat[stat.rindex(")") + 2 :].split()[0]
        if comm == "scanimage" and ppid == os.getpid() and state != "Z":
            found.append(int(entry.name))
    return found


def _scan_dirs() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("counter-scan-*")}


def test_the_test_backends_devices_are_listed() -> None:
    devices = list_devices()
    ids = [d.id for d in devices]
    assert ids[:2] == ["test:0", "test:1"]
    assert devices[0] == ScanDevice("test:0", "Noname frontend-tester (virtual device)", "sane")


def test_sane_config_dir_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "dll.conf").write_text("# no backend\n", encoding="utf-8")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(tmp_path))
    assert list_devices() == []


def test_one_gray_page_at_the_asked_resolution() -> None:
    pages = list(open_source("test:0", options=("--test-picture", "Grid")).scan(dpi=100))
    assert len(pages) == 1
    page = pages[0]
    assert (page.image.mode, page.dpi, page.source) == ("L", 100, "scanner")
    # the test device's default area is 80 × 100 mm
    assert page.size_mm == pytest.approx((80, 100), abs=1)
    assert not is_blank(page)


def test_a_white_page_from_the_scanner_is_blank() -> None:
    (page,) = open_source("test:0", options=("--test-picture", "Solid white")).scan(dpi=75)
    assert is_blank(page)


@pytest.mark.parametrize(("mode", "image_mode"), [("color", "RGB"), ("lineart", "1"), ("gray", "L")])
def test_modes(mode: str, image_mode: str) -> None:
    (page,) = open_source("test:0", options=("--test-picture", "Color pattern")).scan(dpi=75, mode=mode)
    assert page.image.mode == image_mode


def test_the_feeder_gives_every_sheet_then_stops() -> None:
    source = open_source("test:0")
    assert len(list(source.scan(dpi=75, pages=None))) == 10  # the test feeder holds 10 sheets
    assert len(list(source.scan(dpi=75, pages=3))) == 3
    assert len(list(source.scan(dpi=75, pages=12))) == 10  # fewer sheets than asked: all of them, no error
    assert _scanimage_children() == []


def test_an_empty_feeder_says_so() -> None:
    source = open_source("test:0", options=("--read-return-value", "SANE_STATUS_NO_DOCS"))
    with pytest.raises(ScannerError) as caught:
        list(source.scan(dpi=75, pages=None))
    assert caught.value.code == "scan.no_paper"
    assert "Khay nạp giấy" in messages.message(caught.value.code, caught.value.params, "vi")


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("SANE_STATUS_JAMMED", "giấy bị kẹt"),
        ("SANE_STATUS_IO_ERROR", "mất liên lạc"),
        ("SANE_STATUS_COVER_OPEN", "nắp"),
    ],
)
def test_a_scanner_failing_gives_one_vietnamese_sentence(status: str, words: str) -> None:
    source = open_source("test:0", options=("--read-return-value", status))
    with pytest.raises(ScannerError) as caught:
        list(source.scan(dpi=75))
    error = caught.value
    assert error.code == "scan.interrupted" and error.params["pages"] == 0
    text = messages.message(error.code, error.params, "vi")
    assert words in text and "test:0" in text and "\n" not in text
    assert "paper" not in text
    assert _scanimage_children() == []


def test_a_missing_scanner_fails_before_the_first_page() -> None:
    with pytest.raises(ScannerError) as caught:
        open_source("test:7").scan(dpi=75)  # the call itself, not the first page
    assert caught.value.code == "scan.device_missing"
    assert messages.message("scan.device_missing", caught.value.params, "vi").startswith(
        "Không tìm thấy máy quét test:7"
    )


def test_a_scanner_that_went_away_since_it_was_chosen_is_missing(sane_config: Path) -> None:
    source = open_source("test:1")
    assert [d.id for d in list_devices()] == ["test:0", "test:1"]
    (sane_config / "test.conf").write_text("number_of_devices 1\n", encoding="utf-8")  # unplugged
    assert [d.id for d in list_devices()] == ["test:0"]
    with pytest.raises(ScannerError) as caught:
        list(source.scan(dpi=75))
    assert caught.value.code == "scan.device_missing"


def test_a_scanner_that_disappears_mid_scan_keeps_the_pages_already_scanned() -> None:
    source = open_source("test:0", options=SLOW_PAGES)
    kept = []

    def scan_and_pull_the_cable() -> None:
        for page in source.scan(dpi=75, pages=5):
            kept.append(page)
            if len(kept) == 1:
                (pid,) = _scanimage_children()
                os.kill(pid, signal.SIGKILL)  # the cable pulled

    with pytest.raises(ScannerError) as caught:
        scan_and_pull_the_cable()
    # the page in the scanner when the cable went is lost; those before it are kept and counted
    assert 1 <= len(kept) < 5 and all(page.image.mode == "L" for page in kept)
    error = caught.value
    assert error.code == "scan.interrupted" and error.params["pages"] == len(kept)
    text = messages.message(error.code, error.params, "vi")
    assert f"đã giữ lại {len(kept)} trang" in text and "ngắt kết nối" in text
    assert _scanimage_children() == []


def test_a_scanner_that_stops_answering_times_out_and_is_stopped() -> None:
    source = open_source("test:0", options=SLOW_PAGES, timeout=0.2)
    before = _scan_dirs()
    with pytest.raises(ScannerError) as caught:
        list(source.scan(dpi=150))
    assert caught.value.code == "scan.timeout" and caught.value.params["pages"] == 0
    assert _scanimage_children() == []
    assert _scan_dirs() == before  # no page files left behind


@pytest.mark.parametrize("options", [SLOW_PAGES, ()], ids=["slow", "fast"])
def test_cancel_stops_after_the_pages_given(options: tuple[str, ...]) -> None:
    given = []
    for page in open_source("test:0", options=options).scan(dpi=75, pages=None, cancel=lambda: len(given) >= 2):
        given.append(page)  # fast: scanimage has finished more pages than that already
    assert len(given) == 2
    assert _scanimage_children() == []


def test_leaving_the_scan_early_stops_scanimage_and_cleans_up() -> None:
    before = _scan_dirs()
    scan = open_source("test:0", options=SLOW_PAGES).scan(dpi=75, pages=None)
    next(scan)
    assert len(_scanimage_children()) == 1
    scan.close()
    assert _scanimage_children() == []
    assert _scan_dirs() == before


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"dpi": 50}, "scan.dpi"),
        ({"dpi": 2400}, "scan.dpi"),
        ({"mode": "sepia"}, "scan.mode"),
        ({"pages": 0}, "scan.pages"),
    ],
)
def test_a_bad_request_is_refused_before_scanning(kwargs: dict[str, object], code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        open_source("test:0").scan(**kwargs)  # type: ignore[arg-type]
    assert caught.value.code == code
    assert messages.message(code, caught.value.params, "vi") != code


@pytest.mark.parametrize("device", ["", "  ", "-L", "test:0\n--help", "x" * 600])
def test_a_device_name_that_is_no_device_name_is_refused(device: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        open_source(device)  # "" would be scanimage's default device, "-L" an option
    assert caught.value.code == "scan.device_id"


def test_a_flatbed_scans_one_page_at_a_time() -> None:
    source = SaneSource(ScanDevice("test:0", "test", "sane"), options=("--source", "Flatbed"))
    source._options = SaneOptions(modes=("Gray",), sources=("Flatbed",), resolution_range=(1, 1200))
    with pytest.raises(InvalidInput) as caught:
        source.scan(dpi=75, pages=3)  # the call itself, before scanimage runs
    assert caught.value.code == "scan.no_feeder"
    assert len(list(source.scan(dpi=75, pages=None))) == 1  # "all the sheets" of a flatbed: the one on it


HELP = """\
Options specific to device `epson2:libusb:001:004':
  Scan Mode:
    --mode Lineart|Gray|Color [Lineart]
        Selects the scan mode (e.g., lineart, monochrome, or color).
    --depth 8|16bit [8]
    --resolution 75|150|300|600|1200dpi [75]
        Sets the resolution of the scanned image.
    --source Flatbed|ADF Front|ADF Duplex [Flatbed]
"""


def test_the_device_options_are_read_from_scanimages_help() -> None:
    options = parse_options(HELP)
    assert options.modes == ("Lineart", "Gray", "Color")
    assert options.resolutions == (75, 150, 300, 600, 1200)
    assert options.resolution(200) == 150 and options.resolution(250) == 300 and options.resolution(2000) == 1200
    assert options.feeder == "ADF Front"
    assert options.mode("lineart") == ("Lineart", False)
    assert options.mode("color") == ("Color", False)
    gray_only = SaneOptions(modes=("Grayscale", "Color"))
    assert gray_only.mode("lineart") == ("Grayscale", True)  # made bilevel here
    assert SaneOptions(resolution_range=(50, 600)).resolution(1200) == 600


def test_the_device_list_is_read_from_the_formatted_output() -> None:
    text = "escl:https://192.168.1.20:443\tHP\tLaserJet MFP M234\teSCL network scanner\n\nx\t\t\t\n"
    assert parse_device_list(text) == [
        ScanDevice("escl:https://192.168.1.20:443", "HP LaserJet MFP M234 (eSCL network scanner)", "sane"),
        ScanDevice("x", "x", "sane"),
    ]


# ----------------------------------------------------------------------------- WIA (Windows)


def test_listing_devices_on_linux_never_tries_wia() -> None:
    code = (
        "import sys; from counter_app.scanning import list_devices; list_devices();"
        "print('counter_app.scanning.wia' in sys.modules, 'comtypes' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.split() == ["False", "False"]


def test_wia_devices_are_read_from_device_infos() -> None:
    from counter_app.scanning import wia

    infos = [
        {
            "Type": 1,
            "DeviceID": "{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001",
            "Name": "Canon LiDE 300",
            "Manufacturer": "Canon",
        },
        {"Type": 2, "DeviceID": "{camera}\\0002", "Name": "Webcam"},
        {"Type": 1, "DeviceID": "{x}\\0003", "Name": "DS-530", "Manufacturer": "EPSON"},
    ]
    devices = wia.parse_device_infos(infos)
    assert devices == [
        ScanDevice("wia:{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001", "Canon LiDE 300", "wia"),
        ScanDevice("wia:{x}\\0003", "EPSON DS-530", "wia"),
    ]


def test_wia_errors_and_choices() -> None:
    from counter_app.scanning import wia

    assert wia.cause_for(-2145320958) == "cause.scan_jammed"  # 0x80210002 as COM gives it, signed
    assert wia.cause_for(0x80210003) == "cause.scan_no_paper"
    assert wia.cause_for(0x80210016) == "cause.scan_cover_open"
    assert wia.cause_for(0x12345) == "cause.scan_failed"
    assert wia.item_properties(200, "gray") == {wia.IPS_CUR_INTENT: 2, wia.IPS_XRES: 200, wia.IPS_YRES: 200}
    assert wia.use_feeder(wia.FEEDER, 0, None) and not wia.use_feeder(0, 0, None)
    assert not wia.use_feeder(wia.FEEDER, 0, 1) and wia.use_feeder(wia.FEEDER, wia.FEED_READY, 1)
    for cause in {wia.cause_for(code) for code in (0x80210002, 0x80210005, 0x8021000A, 0x80070005, 0x80004004)}:
        assert messages.message(cause, None, "vi") != cause


def test_a_wia_transfer_becomes_a_page() -> None:
    from counter_app.scanning import wia

    data = io.BytesIO()
    Image.new("RGB", (100, 140), (250, 250, 250)).save(data, "PNG")
    page = wia.page_from_transfer(data.getvalue(), 100, "lineart")
    assert (page.image.mode, page.image.size, page.dpi, page.source) == ("1", (100, 140), 100, "scanner")


def test_wia_on_linux_says_it_is_for_windows() -> None:
    source = open_source("wia:{x}\\0001")
    assert source.device.backend == "wia"
    with pytest.raises(ScannerError) as caught:
        source.scan(dpi=150)
    assert caught.value.code == "scan.wia_missing"
    assert "WIA" in messages.message(caught.value.code, caught.value.params, "vi")


def test_page_files_left_by_a_killed_counter_are_swept_at_the_next_scan() -> None:
    left = Path(tempfile.mkdtemp(prefix="counter-scan-"))
    (left / "page-0001.pnm").write_bytes(b"P5\n1 1\n255\n\0")
    recent = Path(tempfile.mkdtemp(prefix="counter-scan-"))  # another scan going on now
    old = time.time() - 7 * 3600
    os.utime(left, (old, old))
    list(open_source("test:0").scan(dpi=75))
    assert not left.exists() and recent.exists()
    recent.rmdir()


def test_the_wait_for_a_page_grows_with_the_resolution() -> None:
    source = SaneSource(ScanDevice("test:0", "test", "sane"))
    assert source.page_timeout(150) == source.page_timeout(300) == 120
    assert source.page_timeout(1200) == 16 * 120
    assert SaneSource(ScanDevice("test:0", "test", "sane"), timeout=5).page_timeout(1200) == 5
