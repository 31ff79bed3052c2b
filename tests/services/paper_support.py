"""Pages and dossiers for the papers tests (real scans made on the spot, real intake)."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

from PIL import Image

from counter_app.copies.samples import sample_scan
from counter_app.domain.applicant import make_applicant
from counter_app.scanning.pages import Page
from counter_app.services import intake
from counter_app.services.context import Context

MARRIAGE = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân: 5 papers, 2 required (1 and 4)
CERTIFY = "2.000815"  # Chứng thực bản sao từ bản chính: 2 papers, both required
CCCD = "025190001234"
OTHER_CCCD = "001090123456"


@functools.cache
def _scan(seed: int, dpi: int) -> Image.Image:
    return sample_scan(dpi, seed=seed)


def page(seed: int = 1, dpi: int = 200, source: str = "file") -> Page:
    """An A4 page of Vietnamese text as a scanner delivers it (rendered once per seed)."""
    return Page(_scan(seed, dpi).copy(), dpi, source)


def small_page(seed: int = 1, source: str = "scanner") -> Page:
    """A small bilevel page: fast to build, for tests that store many."""
    image = Image.new("L", (300, 200), 255)
    for x in range(20, 280, 12):
        image.paste(0, (x, 40 + seed % 7, x + 8, 50 + seed % 7))
    return Page(image.convert("1"), 100, source)


def accept(
    ctx: Context, procedure: str = MARRIAGE, id_number: str = CCCD, name: str = "Nguyễn Thị Thuỷ Tiên", **kwargs: object
) -> str:
    applicant = make_applicant(name, id_number=id_number, phone="0912 345 678", address="Thôn Đồng Xuân")
    return intake.accept(ctx, intake.IntakeRequest(procedure, applicant, **kwargs)).dossier.code  # type: ignore[arg-type]


def pdfsig(path: Path) -> str:
    """``pdfsig``'s report of the file (poppler-utils)."""
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
