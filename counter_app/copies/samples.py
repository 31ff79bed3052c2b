"""Realistic scans made on the spot: an A4 page of Vietnamese administrative text as a scanner
delivers it (gray paper, slight blur, noise, a skew of a fraction of a degree) and a photograph-like
colour page. Deterministic for a seed. Used by the tests, the benchmarks and the demo; never by the
copy itself.
"""

from __future__ import annotations

import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from counter_app.paths import resources_dir

A4_MM = (210.0, 297.0)
FONT_POINTS = 13  # Decree 30/2020: body text 13–14 pt Times New Roman

HEADING = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "",
    "GIẤY KHAI SINH",
    "",
    "Họ, chữ đệm, tên: Nguyễn Văn Đức",
    "Ngày, tháng, năm sinh: 12 tháng 03 năm 2019",
    "Giới tính: Nam        Dân tộc: Kinh        Quốc tịch: Việt Nam",
    "Nơi sinh: Trạm y tế xã Tân Lập, tỉnh Phú Thọ",
    "Nơi thường trú: thôn Đồng Xuân, xã Tân Lập, tỉnh Phú Thọ",
    "Họ, chữ đệm, tên người mẹ: Trần Thị Hồng Nhung",
    "Họ, chữ đệm, tên người cha: Nguyễn Văn Thắng",
    "",
)
_PROSE = (
    "Căn cứ Luật Hộ tịch ngày 20 tháng 11 năm 2014 và Nghị định số 123/2015/NĐ-CP quy định chi tiết "
    "một số điều và biện pháp thi hành Luật Hộ tịch, Ủy ban nhân dân xã đã tiếp nhận hồ sơ đăng ký "
    "khai sinh của công dân, kiểm tra giấy tờ tùy thân, giấy chứng sinh và giấy chứng nhận kết hôn của "
    "cha mẹ, đối chiếu thông tin với Cơ sở dữ liệu quốc gia về dân cư và ghi vào Sổ đăng ký khai sinh. "
    "Người đi đăng ký cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước "
    "pháp luật về cam đoan của mình. Công chức tư pháp hộ tịch ký, ghi rõ họ tên và đóng dấu theo quy "
    "định; bản chính được trao cho người đi đăng ký, bản sao được lưu tại bộ phận một cửa."
)


def font_path() -> str:
    return str(resources_dir() / "fonts" / "LiberationSerif-Regular.ttf")


def a4_pixels(dpi: int) -> tuple[int, int]:
    return round(A4_MM[0] / 25.4 * dpi), round(A4_MM[1] / 25.4 * dpi)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def text_lines(dpi: int, *, paragraphs: int = 4) -> list[str]:
    """The lines of the sample document at ``dpi`` (wrapped for A4 with 20–30 mm margins)."""
    font = ImageFont.truetype(font_path(), round(FONT_POINTS * dpi / 72))
    width = (A4_MM[0] - 50) / 25.4 * dpi
    lines = list(HEADING)
    for _ in range(paragraphs):
        lines += [*_wrap(_PROSE, font, width), ""]
    return lines


def sample_scan(
    dpi: int = 300, *, seed: int = 1, noise: float = 10.0, skew: float = 0.4, paragraphs: int = 4
) -> Image.Image:
    """A grayscale A4 scan of a Vietnamese text page (mode "L")."""
    rng = random.Random(seed)
    size = a4_pixels(dpi)
    paper, ink = 238, 35
    page = Image.new("L", size, paper)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(font_path(), round(FONT_POINTS * dpi / 72))
    x, y = 30 / 25.4 * dpi, 20 / 25.4 * dpi
    step = FONT_POINTS * dpi / 72 * 1.35
    for line in text_lines(dpi, paragraphs=paragraphs):
        draw.text((x, y), line, font=font, fill=ink)
        y += step
        if y > size[1] - 20 / 25.4 * dpi:
            break
    angle = skew * (1 if rng.random() < 0.5 else -1)
    page = page.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=paper)
    page = page.filter(ImageFilter.GaussianBlur(0.6 * dpi / 300))
    if noise > 0:
        grain = Image.effect_noise(size, noise)
        page = ImageChops.add(page, grain, 1.0, -128)
    return page


def sample_photo(dpi: int = 200, *, seed: int = 1, mm: tuple[float, float] = (86.0, 54.0)) -> Image.Image:
    """A colour picture with smooth tones and edges (an ID card-sized photograph), mode "RGB"."""
    rng = random.Random(seed)
    size = (round(mm[0] / 25.4 * dpi), round(mm[1] / 25.4 * dpi))
    base = Image.linear_gradient("L").resize(size)
    red = base
    green = base.rotate(90).resize(size)
    blue = Image.radial_gradient("L").resize(size)
    photo = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(photo)
    for _ in range(12):
        x0, y0 = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(size[1] // 10, size[1] // 3)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x0 - r, y0 - r, x0 + r, y0 + r), fill=colour)
    photo = photo.filter(ImageFilter.GaussianBlur(2 * dpi / 200))
    grain = Image.effect_noise(size, 6).convert("RGB")
    return ImageChops.add(photo, grain, 1.0, -128)
