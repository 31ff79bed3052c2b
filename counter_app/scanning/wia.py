"""Scanners on Windows through WIA 2.0 (Windows Image Acquisition), behind the same ScanSource.

WIA's automation layer (``wiaaut.dll``, part of Windows since Vista) is reached over COM with
``comtypes``: ``WIA.DeviceManager`` lists the scanners, ``Device.Items(1)`` is the flatbed or the feeder
with its properties (intent, resolution), and ``WIA.CommonDialog.ShowTransfer`` carries one page (with
Windows' own progress window) as PNG bytes. A feeder gives pages until WIA answers
``WIA_ERROR_PAPER_EMPTY``. Nearly every scanner sold for Windows ships a WIA driver; TWAIN-only models
are reached through their WIA compatibility layer (``twaindsm`` is not used).

Only this module touches COM, and it is imported only on Windows (``sources.list_devices`` checks
``sys.platform``; ``comtypes`` is a Windows-only install). The pieces that do not need Windows, the
device table, the mode/property choice, the error codes and the decoding of a transferred page, are
plain functions tested on Linux.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final

from PIL import Image

from counter_app.domain.errors import InvalidInput
from counter_app.scanning.errors import ScannerError
from counter_app.scanning.pages import MAX_DPI, MIN_DPI, Page, normalise_image, to_bilevel
from counter_app.scanning.sources import MAX_SCAN_PAGES, MODES, ScanDevice

SCANNER_DEVICE_TYPE: Final = 1  # WiaDeviceType.ScannerDeviceType
FORMAT_PNG: Final = "{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}"  # wiaFormatPNG
# Property ids (wiadef.h)
DPS_DOCUMENT_HANDLING_CAPABILITIES: Final = 3086
DPS_DOCUMENT_HANDLING_STATUS: Final = 3087
DPS_DOCUMENT_HANDLING_SELECT: Final = 3088
DPS_PAGES: Final = 3096
IPS_CUR_INTENT: Final = 6146
IPS_XRES: Final = 6147
IPS_YRES: Final = 6148
FEEDER: Final = 1  # DOCUMENT_HANDLING_SELECT / _CAPABILITIES bit
FLATBED: Final = 2
FEED_READY: Final = 1  # DOCUMENT_HANDLING_STATUS bit
# WIA_INTENT_IMAGE_TYPE_*: what the driver optimises the scan for
INTENTS: Final = {"color": 1, "gray": 2, "lineart": 4}

# HRESULTs of WIA (wiadef.h, facility 0x21) as the cause shown to the clerk.
WIA_ERROR_PAPER_EMPTY: Final = 0x80210003
_CAUSES: Final = {
    0x80210002: "cause.scan_jammed",  # WIA_ERROR_PAPER_JAM
    WIA_ERROR_PAPER_EMPTY: "cause.scan_no_paper",
    0x80210004: "cause.scan_jammed",  # WIA_ERROR_PAPER_PROBLEM
    0x80210005: "cause.scan_lost",  # WIA_ERROR_OFFLINE
    0x80210006: "cause.scan_busy",  # WIA_ERROR_BUSY
    0x80210007: "cause.scan_busy",  # WIA_ERROR_WARMING_UP
    0x80210009: "cause.scan_lost",  # WIA_ERROR_ITEM_DELETED
    0x8021000A: "cause.scan_io",  # WIA_ERROR_DEVICE_COMMUNICATION
    0x8021000D: "cause.scan_busy",  # WIA_ERROR_DEVICE_LOCKED
    0x80210015: "cause.scan_missing",  # WIA_S_NO_DEVICE_AVAILABLE
    0x80210016: "cause.scan_cover_open",  # WIA_ERROR_COVER_OPEN
    0x80070005: "cause.scan_denied",  # E_ACCESSDENIED
    0x80004004: "cause.scan_cancelled",  # E_ABORT (Cancel in the progress window)
}
_CANCELLED: Final = 0x80004004


def cause_for(hresult: int) -> str:
    """The cause key for a WIA HRESULT (signed or unsigned); an unknown one is a general failure."""
    return _CAUSES.get(hresult & 0xFFFFFFFF, "cause.scan_failed")


def parse_device_infos(infos: Iterable[Mapping[str, Any]]) -> list[ScanDevice]:
    """Scanners among WIA DeviceInfo records (``Type``, ``DeviceID`` and the ``Name``/``Manufacturer``
    properties); cameras and video devices are left out."""
    devices = []
    for info in infos:
        if info.get("Type") != SCANNER_DEVICE_TYPE or not str(info.get("DeviceID") or "").strip():
            continue
        name = str(info.get("Name") or "").strip()
        maker = str(info.get("Manufacturer") or "").strip()
        label = name if not maker or name.lower().startswith(maker.lower()) else f"{maker} {name}"
        devices.append(ScanDevice(f"wia:{info['DeviceID']}", label or str(info["DeviceID"]), "wia"))
    return devices


def item_properties(dpi: int, mode: str) -> dict[int, int]:
    """The WIA item properties to set for a scan at ``dpi`` in ``mode``."""
    return {IPS_CUR_INTENT: INTENTS[mode], IPS_XRES: dpi, IPS_YRES: dpi}


def use_feeder(capabilities: int, status: int, pages: int | None) -> bool:
    """Whether to scan from the feeder: more than one page asked and a feeder present, or one page and
    paper waiting in the feeder."""
    if not capabilities & FEEDER:
        return False
    return pages != 1 or bool(status & FEED_READY)


def page_from_transfer(data: bytes, dpi: int, mode: str) -> Page:
    """One transferred image (PNG or BMP bytes) as a page at ``dpi``."""
    with Image.open(io.BytesIO(data)) as image:
        if image.width * image.height > 70_000_000:
            raise ScannerError("scan.interrupted", device="WIA", pages=0, cause="cause.scan_failed")
        image.load()
        page = Page(normalise_image(image), min(max(dpi, MIN_DPI), MAX_DPI), "scanner")
    return to_bilevel(page) if mode == "lineart" else page


def _comtypes() -> Any:
    """The comtypes package (with its client module loaded); ScannerError where there is none."""
    if sys.platform != "win32":
        raise ScannerError("scan.wia_missing", reason="WIA exists only on Windows")
    try:
        import comtypes  # type: ignore[import-not-found,unused-ignore]
        import comtypes.client  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:
        raise ScannerError("scan.wia_missing", reason="comtypes is not installed") from exc
    return comtypes


@contextlib.contextmanager
def _com_thread(com: Any) -> Iterator[None]:
    """COM set up for the calling thread (scans run on the task runner's threads, not the GUI's)."""
    com.CoInitialize()
    try:
        yield
    finally:
        com.CoUninitialize()


def _items(collection: Any) -> list[Any]:
    """The members of a WIA collection (1-based ``Item(i)``; ``Count`` of them)."""
    return [collection.Item(index) for index in range(1, int(collection.Count) + 1)]


def _properties(collection: Any) -> dict[str, Any]:
    return {str(p.Name): p.Value for p in _items(collection)}


def _set(collection: Any, values: Mapping[int, int]) -> None:
    for prop in _items(collection):
        if int(prop.PropertyID) in values:
            prop.Value = values[int(prop.PropertyID)]


def _device_infos(com: Any) -> list[Any]:
    return _items(com.client.CreateObject("WIA.DeviceManager").DeviceInfos)


def list_wia_devices() -> list[ScanDevice]:
    """The WIA scanners of this PC (empty when WIA cannot be used)."""
    try:
        com = _comtypes()
    except ScannerError:
        return []
    try:
        with _com_thread(com):
            infos = [
                {"Type": int(info.Type), "DeviceID": str(info.DeviceID), **_properties(info.Properties)}
                for info in _device_infos(com)
            ]
    except (OSError, com.COMError):  # the WIA service stopped, the automation library missing
        return []
    return parse_device_infos(infos)


class WiaSource:
    """A WIA scanner. Pages come one ``ShowTransfer`` at a time; a feeder runs until it is empty."""

    def __init__(self, device_id: str) -> None:
        self.device = ScanDevice(device_id, device_id.removeprefix("wia:"), "wia")

    def scan(
        self,
        *,
        dpi: int = 300,
        mode: str = "gray",
        pages: int | None = 1,
        cancel: Callable[[], bool] | None = None,
    ) -> Iterator[Page]:
        if not MIN_DPI <= dpi <= MAX_DPI:
            raise InvalidInput("scan.dpi", value=dpi, low=MIN_DPI, high=MAX_DPI)
        if mode not in MODES:
            raise InvalidInput("scan.mode", value=mode)
        if pages is not None and not 1 <= pages <= MAX_SCAN_PAGES:
            raise InvalidInput("scan.pages", value=pages, low=1, high=MAX_SCAN_PAGES)
        com = _comtypes()
        return self._scan(com, dpi, mode, pages, cancel)

    def _connect(self, com: Any) -> Any:
        wanted = self.device.id.removeprefix("wia:")
        for info in _device_infos(com):
            if str(info.DeviceID) == wanted:
                return info.Connect()
        raise ScannerError("scan.device_missing", device=self.device.label)

    def _scan(
        self, com: Any, dpi: int, mode: str, pages: int | None, cancel: Callable[[], bool] | None
    ) -> Iterator[Page]:
        with _com_thread(com):
            try:
                device = self._connect(com)
                props = {int(p.PropertyID): p.Value for p in _items(device.Properties)}
                capabilities = int(props.get(DPS_DOCUMENT_HANDLING_CAPABILITIES, 0))
                feeder = use_feeder(capabilities, int(props.get(DPS_DOCUMENT_HANDLING_STATUS, 0)), pages)
                if pages not in (1, None) and not feeder:
                    raise InvalidInput("scan.no_feeder", device=self.device.label, pages=pages)
                if capabilities:
                    _set(device.Properties, {DPS_DOCUMENT_HANDLING_SELECT: FEEDER if feeder else FLATBED, DPS_PAGES: 1})
                item = _items(device.Items)[0]
                _set(item.Properties, item_properties(dpi, mode))
                dialog = com.client.CreateObject("WIA.CommonDialog")
            except com.COMError as exc:
                raise ScannerError(
                    "scan.interrupted", device=self.device.label, pages=0, cause=cause_for(int(exc.hresult))
                ) from exc
            delivered = 0
            while pages is None or delivered < pages:
                if cancel is not None and cancel():
                    return
                try:
                    image = dialog.ShowTransfer(item, FORMAT_PNG, False)
                    data = bytes(image.FileData.BinaryData)
                except com.COMError as exc:
                    code = int(exc.hresult) & 0xFFFFFFFF
                    if code == _CANCELLED or (code == WIA_ERROR_PAPER_EMPTY and feeder and delivered):
                        return
                    if code == WIA_ERROR_PAPER_EMPTY:
                        raise ScannerError("scan.no_paper", device=self.device.label) from exc
                    raise ScannerError(
                        "scan.interrupted", device=self.device.label, pages=delivered, cause=cause_for(code)
                    ) from exc
                delivered += 1
                yield page_from_transfer(data, dpi, mode)
                if not feeder:
                    return
