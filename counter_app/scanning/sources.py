"""Scanners behind one interface: :class:`ScanSource` gives pages, whatever the platform's driver.

* Linux: SANE through its own command-line frontend ``scanimage`` (Debian ``sane-utils``), run as a
  subprocess. The python-sane binding is not used: it has no wheel and needs compiling against
  libsane's headers on every PC, while ``scanimage`` comes with the drivers. A subprocess also keeps a
  misbehaving driver out of our process and can be killed (cancel, timeout). The environment is passed
  on unchanged, so ``SANE_CONFIG_DIR`` (the tests' own ``dll.conf`` naming the ``test`` backend) and
  ``SANE_NET_HOSTS`` work as they do for SANE itself.
* Windows: WIA 2.0 through its automation layer (``WIA.DeviceManager``/``WIA.CommonDialog`` over
  comtypes), in :mod:`counter_app.scanning.wia`, imported only on Windows.

Pages arrive one by one: ``scan`` is an iterator, so a feeder's first pages are kept when the scanner
fails on a later one (it yields the good pages, then raises one :class:`ScannerError`).
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Protocol

from PIL import Image

from counter_app.domain.errors import InvalidInput
from counter_app.scanning.errors import ScannerError
from counter_app.scanning.pages import MAX_DPI, MIN_DPI, Page, normalise_image, to_bilevel

SCANIMAGE: Final = "scanimage"
LIST_TIMEOUT: Final = 30.0  # seconds for the device list (network backends look around for a while)
OPTIONS_TIMEOUT: Final = 30.0
PAGE_TIMEOUT: Final = 120.0  # seconds without a page (at 300 dpi) before the scanner counts as gone
MAX_SCAN_PAGES: Final = 200  # sheets in one feeder run
MODES: Final = ("gray", "color", "lineart")
_POLL: Final = 0.1  # seconds between looks at cancel() while the scanner works
_WORK_PREFIX: Final = "counter-scan-"
STALE_WORK: Final = 6 * 3600.0  # a scan's work directory untouched this long was left by a killed counter


@dataclass(frozen=True)
class ScanDevice:
    id: str  # what open_source takes: a SANE device name ("test:0", "escl:http://..."), "wia:<DeviceID>"
    label: str  # vendor and model, as the clerk chooses it
    backend: str  # "sane" | "wia" | "twain"


class ScanSource(Protocol):
    device: ScanDevice

    def scan(
        self,
        *,
        dpi: int = 300,
        mode: str = "gray",
        pages: int | None = 1,
        cancel: Callable[[], bool] | None = None,
    ) -> Iterator[Page]:
        """The pages scanned: one (``pages=1``, flatbed or feeder), up to ``pages`` from the feeder, or
        every sheet in the feeder (``None``). ``cancel`` is asked between looks at the scanner; when it
        answers True the scan stops and the pages already given stay given."""
        ...


def list_devices() -> list[ScanDevice]:
    """The scanners this PC can reach now: WIA on Windows, SANE where ``scanimage`` is installed."""
    devices: list[ScanDevice] = []
    if sys.platform == "win32":
        from counter_app.scanning import wia

        devices += wia.list_wia_devices()
    if shutil.which(SCANIMAGE):
        devices += sane_devices()
    return devices


def open_source(device_id: str, *, options: Sequence[str] = (), timeout: float | None = None) -> ScanSource:
    """The scanner named ``device_id`` (an id from :func:`list_devices`). ``options`` are extra
    device-specific ``scanimage`` options (SANE only), e.g. ``("--source", "Flatbed")``."""
    if not device_id.strip() or device_id.startswith("-") or len(device_id) > 512 or not device_id.isprintable():
        raise InvalidInput("scan.device_id", value=device_id)
    if device_id.startswith("wia:"):
        from counter_app.scanning import wia

        return wia.WiaSource(device_id)
    return SaneSource(ScanDevice(device_id, device_id, "sane"), options=options, timeout=timeout)


def _check_request(dpi: int, mode: str, pages: int | None) -> None:
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise InvalidInput("scan.dpi", value=dpi, low=MIN_DPI, high=MAX_DPI)
    if mode not in MODES:
        raise InvalidInput("scan.mode", value=mode)
    if pages is not None and not 1 <= pages <= MAX_SCAN_PAGES:
        raise InvalidInput("scan.pages", value=pages, low=1, high=MAX_SCAN_PAGES)


# ----------------------------------------------------------------------------- SANE


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            args, capture_output=True, text=True, encoding="utf-8", errors="replace",
            stdin=subprocess.DEVNULL, timeout=timeout, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise ScannerError("scan.list_timeout", seconds=round(timeout)) from exc
    except OSError as exc:
        raise ScannerError("scan.no_sane", reason=str(exc)) from exc


def sane_devices() -> list[ScanDevice]:
    """The SANE devices ``scanimage`` lists (``-f``: one tab-separated line per device)."""
    done = _run([SCANIMAGE, "-f", "%d\t%v\t%m\t%t%n"], LIST_TIMEOUT)
    return parse_device_list(done.stdout)


def parse_device_list(text: str) -> list[ScanDevice]:
    """Devices from ``scanimage -f "%d\\t%v\\t%m\\t%t%n"`` output (lines without a device are skipped)."""
    devices = []
    for line in text.splitlines():
        name, _, rest = line.partition("\t")
        if not name.strip():
            continue
        vendor, model, kind = ([*rest.split("\t"), "", "", ""])[:3]
        label = " ".join(part for part in (vendor.strip(), model.strip()) if part) or name
        if kind.strip():
            label += f" ({kind.strip()})"
        devices.append(ScanDevice(name.strip(), label, "sane"))
    return devices


@dataclass(frozen=True)
class SaneOptions:
    """What one SANE device offers, read from ``scanimage -d DEV --help``."""

    modes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    depths: tuple[int, ...] = ()
    resolutions: tuple[int, ...] = ()  # listed values, or empty with a range below
    resolution_range: tuple[int, int] | None = None

    @property
    def feeder(self) -> str | None:
        """The source value of the document feeder (simplex preferred), None for a flatbed only."""
        feeders = [s for s in self.sources if re.search(r"feeder|adf", s, re.IGNORECASE)]
        simplex = [s for s in feeders if "duplex" not in s.lower()]
        return simplex[0] if simplex else (feeders[0] if feeders else None)

    def resolution(self, dpi: int) -> int:
        """The supported resolution closest to ``dpi``."""
        if self.resolutions:
            return min(self.resolutions, key=lambda r: (abs(r - dpi), -r))
        if self.resolution_range:
            low, high = self.resolution_range
            return min(max(dpi, low), high)
        return dpi

    def mode(self, mode: str) -> tuple[str | None, bool]:
        """The device's word for ``mode`` and whether lineart must be made from gray here."""
        words = {
            "gray": ("gray", "grey", "grayscale", "greyscale", "8bit gray", "true gray"),
            "color": ("color", "colour", "24bit color", "rgb"),
            "lineart": ("lineart", "binary", "black & white", "black and white", "bw", "monochrome"),
        }
        for wanted in (mode, "gray") if mode == "lineart" else (mode,):
            for value in self.modes:
                if value.lower() in words[wanted]:
                    return value, mode == "lineart" and wanted == "gray"
        for value in self.modes:  # "Gray16", "Colour 24 bit"... the first value naming it
            if mode != "lineart" and words[mode][0] in value.lower().replace("grey", "gray").replace("colour", "color"):
                return value, False
        return None, mode == "lineart"


# The options of each device asked so far, by (device id, extra options).
_KNOWN_OPTIONS: dict[tuple[str, tuple[str, ...]], SaneOptions] = {}

_OPTION = re.compile(r"^\s+--(?P<name>[a-z-]+) (?P<values>.+?) \[(?P<current>[^\]]*)\]\s*$")


def parse_options(text: str) -> SaneOptions:
    """The mode, source, depth and resolution choices in ``scanimage --help`` output for one device."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = _OPTION.match(line)
        if match and match["name"] in ("mode", "source", "depth", "resolution") and match["name"] not in found:
            found[match["name"]] = match["values"]
    resolutions: tuple[int, ...] = ()
    resolution_range = None
    if "resolution" in found:
        value = found["resolution"].split(" ", 1)[0].removesuffix("dpi")
        if ".." in value:
            low, _, high = value.partition("..")
            with contextlib.suppress(ValueError):
                resolution_range = (round(float(low)), round(float(high)))
        else:
            resolutions = tuple(int(float(v)) for v in value.split("|") if re.fullmatch(r"\d+(\.\d+)?", v))
    depths = tuple(int(v) for v in found.get("depth", "").removesuffix("bit").split("|") if v.isdigit())
    return SaneOptions(
        modes=tuple(found["mode"].split("|")) if "mode" in found else (),
        sources=tuple(found["source"].split("|")) if "source" in found else (),
        depths=depths,
        resolutions=resolutions,
        resolution_range=resolution_range,
    )


# What scanimage prints after "sane_start: " / "sane_read: " (sane_strstatus), as the cause to show.
_CAUSES: Final = (
    ("out of documents", "cause.scan_no_paper"),
    ("jammed", "cause.scan_jammed"),
    ("cover is open", "cause.scan_cover_open"),
    ("device busy", "cause.scan_busy"),
    ("access to resource has been denied", "cause.scan_denied"),
    ("error during device i/o", "cause.scan_io"),
    ("operation was cancelled", "cause.scan_cancelled"),
)


def _sane_failure(stderr: str) -> str | None:
    """The cause key of the first SANE failure scanimage reported, None when it reported none."""
    for line in stderr.splitlines():
        text = line.lower()
        if "open of device" in text and "failed" in text:
            return "cause.scan_missing"
        if "sane_start:" in text or "sane_read:" in text or "sane_open" in text:
            for words, cause in _CAUSES:
                if words in text:
                    return cause
            return "cause.scan_failed"
    return None


class SaneSource:
    """A SANE device driven through ``scanimage`` (one process per scan run, pages as PNM files)."""

    def __init__(self, device: ScanDevice, *, options: Sequence[str] = (), timeout: float | None = None) -> None:
        self.device = device
        self.extra = tuple(options)
        self.timeout = timeout
        self._options: SaneOptions | None = None

    def page_timeout(self, dpi: int) -> float:
        """Seconds to wait for each page: the one given, else PAGE_TIMEOUT at 300 dpi and less, growing
        with the pixels above it (an A4 colour page at 1200 dpi takes a flatbed minutes)."""
        if self.timeout is not None:
            return self.timeout
        return PAGE_TIMEOUT * max(1.0, (dpi / 300) ** 2)

    def options(self) -> SaneOptions:
        """The device's choices (asked once per device while the counter runs: opening a USB scanner
        takes a second or more); a device that cannot be opened raises ScannerError."""
        if self._options is None:
            key = (self.device.id, self.extra)
            known = _KNOWN_OPTIONS.get(key)
            if known is None:
                done = _run([SCANIMAGE, "-d", self.device.id, "--help", *self.extra], OPTIONS_TIMEOUT)
                if _sane_failure(done.stderr) == "cause.scan_missing":
                    raise ScannerError("scan.device_missing", device=self.device.id)
                known = _KNOWN_OPTIONS[key] = parse_options(done.stdout)
            self._options = known
        return self._options

    def scan(
        self,
        *,
        dpi: int = 300,
        mode: str = "gray",
        pages: int | None = 1,
        cancel: Callable[[], bool] | None = None,
    ) -> Iterator[Page]:
        _check_request(dpi, mode, pages)
        options = self.options()  # before the first page, so a missing scanner fails at once
        if pages not in (1, None) and options.feeder is None:
            raise InvalidInput("scan.no_feeder", device=self.device.id, pages=pages)
        return self._scan(options, dpi, mode, pages, cancel)

    def _command(self, options: SaneOptions, directory: Path, dpi: int, mode: str, pages: int | None) -> list[str]:
        args = [SCANIMAGE, "-d", self.device.id, "--format=pnm", f"--resolution={options.resolution(dpi)}"]
        word, _ = options.mode(mode)
        if word is not None:
            args += ["--mode", word]
        if mode != "lineart" and 8 in options.depths:
            args += ["--depth", "8"]
        feeder = options.feeder
        if pages != 1 and feeder is not None:
            args += ["--source", feeder]
        args += [*self.extra, f"--batch={directory / 'page-%04d.pnm'}", "--batch-print"]
        if pages is not None or feeder is None:
            args.append(f"--batch-count={pages or 1}")
        return args

    def _scan(
        self, options: SaneOptions, dpi: int, mode: str, pages: int | None, cancel: Callable[[], bool] | None
    ) -> Iterator[Page]:
        _, make_lineart = options.mode(mode)
        resolution = min(max(options.resolution(dpi), MIN_DPI), MAX_DPI)
        sweep_stale_scans()
        with tempfile.TemporaryDirectory(prefix=_WORK_PREFIX) as work:
            directory = Path(work)
            args = self._command(options, directory, dpi, mode, pages)
            with open(directory / "stderr.txt", "w+b") as errors:
                try:
                    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=errors, stdin=subprocess.DEVNULL)
                except OSError as exc:
                    raise ScannerError("scan.no_sane", reason=str(exc)) from exc
                run = _Run(process, self.page_timeout(dpi), cancel)
                try:
                    for path in run.finished_pages(self.device.id):
                        page = _read_scanned(path, resolution, make_lineart, self.device.id, run.delivered)
                        path.unlink()
                        run.delivered += 1
                        yield page
                    if run.cancelled:
                        return
                    try:
                        code = process.wait(timeout=10)
                    except subprocess.TimeoutExpired:  # its output closed but it hangs: as if unplugged
                        code = -1
                finally:
                    if process.poll() is None:
                        process.kill()
                    process.wait()
                    if process.stdout is not None:
                        process.stdout.close()
                errors.seek(0)
                cause = _sane_failure(errors.read().decode("utf-8", "replace"))
        delivered = run.delivered
        if cause == "cause.scan_no_paper":
            if delivered:
                return  # the feeder ran empty: every sheet is scanned
            raise ScannerError("scan.no_paper", device=self.device.id)
        if cause == "cause.scan_missing":
            raise ScannerError("scan.device_missing", device=self.device.id)
        if cause is not None or code != 0 or not delivered:
            cause = cause or "cause.scan_lost"
            raise ScannerError("scan.interrupted", device=self.device.id, pages=delivered, cause=cause)


def sweep_stale_scans() -> None:
    """Remove the page files a counter killed mid-scan left in the temporary directory (a live scan
    touches its directory with every page; none runs for hours)."""
    limit = time.time() - STALE_WORK
    for stale in Path(tempfile.gettempdir()).glob(f"{_WORK_PREFIX}*"):
        with contextlib.suppress(OSError):
            if stale.is_dir() and stale.stat().st_mtime < limit:
                shutil.rmtree(stale, ignore_errors=True)


class _Run:
    """One scanimage process: its finished pages, whether it was cancelled, how many pages were given."""

    def __init__(self, process: subprocess.Popen[bytes], timeout: float, cancel: Callable[[], bool] | None) -> None:
        self.process = process
        self.timeout = timeout
        self.cancel = cancel
        self.cancelled = False
        self.delivered = 0

    def finished_pages(self, device: str) -> Iterator[Path]:
        """The page files scanimage reports finished (``--batch-print``), until it closes its output.

        Stops (killing scanimage) when ``cancel`` says so; raises ScannerError when no page comes for
        ``timeout`` seconds."""
        assert self.process.stdout is not None
        stream = self.process.stdout.fileno()
        pending = b""
        deadline = time.monotonic() + self.timeout
        while True:
            if self._cancelled():
                return
            readable, _, _ = select.select([stream], [], [], _POLL)
            if not readable:
                if time.monotonic() > deadline:
                    self.process.kill()
                    raise ScannerError("scan.timeout", device=device, seconds=f"{self.timeout:g}", pages=self.delivered)
                continue
            chunk = os.read(stream, 65536)
            if not chunk:
                return
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                if line.strip():
                    if self._cancelled():
                        return
                    yield Path(os.fsdecode(line.strip()))
                    deadline = time.monotonic() + self.timeout

    def _cancelled(self) -> bool:
        if self.cancel is not None and self.cancel():
            self.cancelled = True
            self.process.kill()
        return self.cancelled


def _read_scanned(path: Path, dpi: int, make_lineart: bool, device: str, delivered: int) -> Page:
    try:
        with Image.open(path) as image:
            image.load()
            page = Page(normalise_image(image), dpi, "scanner")
    except (OSError, SyntaxError, ValueError) as exc:  # a page file cut short or garbled by the driver
        raise ScannerError("scan.interrupted", device=device, pages=delivered, cause="cause.scan_failed") from exc
    return to_bilevel(page) if make_lineart else page
