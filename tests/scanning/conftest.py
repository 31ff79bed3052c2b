"""Fixtures for capture: SANE's real test backend through a configuration of the tests' own, pages and
files drawn with the bundled Vietnamese font."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from counter_app.scanning.pages import Page

FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "LiberationSerif-Regular.ttf"
A4_MM = (210, 297)
LINES = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "GIẤY KHAI SINH",
    "Họ, chữ đệm, tên: Nguyễn Thị Hương",
    "Ngày, tháng, năm sinh: 12/03/2019",
    "Nơi sinh: Trạm y tế xã Đông Hưng, tỉnh Thái Bình",
    "Quê quán: xã Quỳnh Côi, huyện Quỳnh Phụ",
    "Dân tộc: Kinh    Quốc tịch: Việt Nam",
    "Họ, chữ đệm, tên người mẹ: Trần Thị Lụa",
    "Họ, chữ đệm, tên người cha: Nguyễn Văn Đức",
)


def font(dpi: int, points: float = 12) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), round(points * dpi / 72))


def sheet(dpi: int, mm: tuple[float, float] = A4_MM, fill: int = 255) -> Image.Image:
    return Image.new("L", (round(mm[0] / 25.4 * dpi), round(mm[1] / 25.4 * dpi)), fill)


def text_page(dpi: int = 150, lines: tuple[str, ...] = LINES, mm: tuple[float, float] = A4_MM) -> Image.Image:
    """A printed page of Vietnamese text (12 pt lines, 2.5 cm margins)."""
    image = sheet(dpi, mm)
    draw = ImageDraw.Draw(image)
    face = font(dpi)
    step = round(dpi * 0.3)
    for index, line in enumerate(lines * 3):
        draw.text((round(dpi * 1.0), round(dpi * 1.0) + index * step), line, font=face, fill=0)
    return image


def noise_page(dpi: int = 150, seed: int = 1, level: int = 215, sigma: float = 12) -> Image.Image:
    """What a scanner gives for an empty sheet: gray paper with noise and a few specks of dust."""
    rnd = random.Random(seed)
    size = sheet(dpi, A4_MM).size
    # The mean of two uniform bytes: a bell around 127.5 with a spread of 52, scaled to ``sigma``.
    first = Image.frombytes("L", size, rnd.randbytes(size[0] * size[1]))
    second = Image.frombytes("L", size, rnd.randbytes(size[0] * size[1]))
    bell = ImageChops.add(first, second, scale=2)
    noise = bell.point(lambda v: min(255, max(0, round(level + (v - 127.5) * sigma / 52))))
    draw = ImageDraw.Draw(noise)
    for _ in range(8):
        x, y = rnd.randrange(noise.width - 4), rnd.randrange(noise.height - 4)
        radius = max(1, dpi // 150)
        draw.ellipse((x, y, x + radius, y + radius), fill=rnd.randrange(40, 120))
    return noise


@pytest.fixture
def make_page() -> Callable[..., Page]:
    def make(image: Image.Image, dpi: int = 150, source: str = "file") -> Page:
        return Page(image, dpi, source)

    return make


@pytest.fixture
def sane_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """SANE_CONFIG_DIR at a directory whose dll.conf names only the ``test`` backend (Debian leaves it out
    of the system list), with the backend's own test.conf."""
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
    return directory
