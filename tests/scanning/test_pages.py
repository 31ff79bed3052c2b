"""Pages: quarter turns, blank pages, deskew and border crop, text or photograph."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw

from counter_app.scanning.pages import (
    Page,
    clean,
    crop_borders,
    is_blank,
    is_text_page,
    rotate,
    skew_angle,
    thumbnail,
    to_bilevel,
)
from tests.scanning.conftest import font, noise_page, sheet, text_page

MODES = st.sampled_from(["1", "L", "RGB"])


@st.composite
def small_pages(draw: st.DrawFn) -> Page:
    width = draw(st.integers(1, 40))
    height = draw(st.integers(1, 40))
    mode = draw(MODES)
    data = draw(st.binary(min_size=width * height * 3, max_size=width * height * 3))
    image = Image.frombytes("RGB", (width, height), data).convert(mode)
    return Page(image, draw(st.integers(75, 1200)), draw(st.sampled_from(["scanner", "file", "folder"])))


def _same(a: Image.Image, b: Image.Image) -> bool:
    return a.mode == b.mode and a.size == b.size and a.tobytes() == b.tobytes()


@settings(deadline=None)  # the shared build machine can stall any example
@given(small_pages())
def test_four_quarter_turns_give_the_page_back(page: Page) -> None:
    turned = page
    for _ in range(4):
        turned = rotate(turned, 90)
    assert _same(turned.image, page.image)
    assert (turned.dpi, turned.source) == (page.dpi, page.source)


@settings(deadline=None)  # the shared build machine can stall any example
@given(small_pages(), st.sampled_from([90, 180, 270, -90, 450]))
def test_a_turn_swaps_the_sides_on_quarter_turns_and_undoes_with_its_opposite(page: Page, degrees: int) -> None:
    turned = rotate(page, degrees)
    w, h = page.image.size
    assert turned.image.size == ((h, w) if degrees % 180 else (w, h))
    assert _same(rotate(turned, -degrees).image, page.image)


def test_a_turn_is_clockwise() -> None:
    image = Image.new("L", (4, 2), 255)
    image.putpixel((0, 0), 0)  # top left
    turned = rotate(Page(image, 100, "file"), 90).image
    assert turned.size == (2, 4)
    assert turned.getpixel((1, 0)) == 0  # the top left corner goes to the top right


def test_only_quarter_turns() -> None:
    with pytest.raises(ValueError, match="quarter"):
        rotate(Page(Image.new("L", (2, 2)), 100, "file"), 45)


@pytest.mark.parametrize(
    ("mode", "dpi", "source"), [("RGBA", 100, "file"), ("L", 74, "file"), ("L", 1201, "file"), ("L", 100, "fax")]
)
def test_a_page_is_a_known_mode_resolution_and_source(mode: str, dpi: int, source: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the three share one cause: a programming error
        Page(Image.new(mode, (2, 2)), dpi, source)


@settings(deadline=None)  # the shared build machine can stall any example
@given(small_pages(), st.integers(1, 200))
def test_a_thumbnail_fits_its_box_and_keeps_the_shape(page: Page, longest: int) -> None:
    small = thumbnail(page, longest)
    w, h = page.image.size
    assert max(small.size) == min(longest, max(w, h))
    assert small.mode in ("L", "RGB")
    if min(small.size) > 2:
        assert abs(small.width / small.height - w / h) < 0.5 * max(1, w / h)


@settings(max_examples=40, deadline=None)
@given(small_pages())
def test_every_page_function_takes_any_page(page: Page) -> None:
    """Tiny, noisy, any mode: nothing raises, and clean never enlarges the page or changes its kind."""
    cleaned = clean(page)
    assert cleaned.image.mode == page.image.mode and (cleaned.dpi, cleaned.source) == (page.dpi, page.source)
    assert cleaned.image.width <= page.image.width and cleaned.image.height <= page.image.height
    assert isinstance(is_blank(page), bool) and isinstance(is_text_page(page), bool)
    assert to_bilevel(page).image.size == page.image.size


# ----------------------------------------------------------------------------- blank pages


@pytest.mark.parametrize("dpi", [75, 150, 300])
def test_one_short_line_of_text_is_not_blank(dpi: int) -> None:
    image = sheet(dpi)
    ImageDraw.Draw(image).text((dpi, dpi * 3), "Xác nhận", font=font(dpi), fill=0)
    assert not is_blank(Page(image, dpi, "scanner"))


def test_a_two_letter_word_is_not_blank() -> None:
    image = sheet(150)
    ImageDraw.Draw(image).text((600, 800), "Có", font=font(150), fill=0)
    assert not is_blank(Page(image, 150, "scanner"))


@pytest.mark.parametrize("dpi", [75, 150, 300])
def test_white_paper_is_blank(dpi: int) -> None:
    assert is_blank(Page(sheet(dpi), dpi, "scanner"))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), level=st.integers(170, 245), sigma=st.floats(2, 20), dpi=st.sampled_from([75, 150]))
def test_a_scanners_gray_noise_page_is_blank(seed: int, level: int, sigma: float, dpi: int) -> None:
    assert is_blank(Page(noise_page(dpi, seed, level, sigma), dpi, "scanner"))


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    level=st.integers(170, 245),
    word=st.sampled_from(["Có", "Ký tên", "Xác nhận", "Đã nộp", "Số 12"]),
    x=st.floats(0.1, 0.7),
    y=st.floats(0.1, 0.9),
)
def test_a_word_on_a_noisy_page_is_not_blank(seed: int, level: int, word: str, x: float, y: float) -> None:
    image = noise_page(150, seed, level, 10)
    ImageDraw.Draw(image).text((round(image.width * x), round(image.height * y)), word, font=font(150), fill=30)
    assert not is_blank(Page(image, 150, "scanner"))


def test_specks_of_dust_up_to_a_millimetre_leave_a_page_blank() -> None:
    image = noise_page(150, 7, 220, 8)
    draw = ImageDraw.Draw(image)
    for index in range(12):
        x, y = 150 + index * 80, 200 + index * 110
        draw.ellipse((x, y, x + 5, y + 5), fill=40)  # 6 px at 150 dpi: 1 mm
    assert is_blank(Page(image, 150, "scanner"))
    draw.line((300, 1500, 420, 1500), fill=40, width=3)  # a 2 cm stroke of a pen is not dust
    assert not is_blank(Page(image, 150, "scanner"))


def test_a_black_page_and_a_photograph_are_not_blank() -> None:
    assert not is_blank(Page(sheet(100, fill=0), 100, "scanner"))
    photo = Image.radial_gradient("L").resize((827, 1169))
    assert not is_blank(Page(photo, 100, "file"))


def test_a_rgb_and_a_bilevel_text_page_are_not_blank() -> None:
    page = text_page(100)
    assert not is_blank(Page(page.convert("RGB"), 100, "file"))
    assert not is_blank(Page(page.convert("1"), 100, "file"))
    assert is_blank(Page(sheet(100).convert("1"), 100, "file"))


# ----------------------------------------------------------------------------- cleaning


def _bar_page(dpi: int = 150) -> Image.Image:
    """Text with a thick rule under it, to measure how level the result is."""
    image = text_page(dpi)
    ImageDraw.Draw(image).rectangle((dpi, round(dpi * 10.5), image.width - dpi, round(dpi * 10.5) + 8), fill=0)
    return image


def _rule_tilt(image: Image.Image, dpi: int) -> int:
    """The rule's top edge height at its left end minus at its right end, in pixels."""
    gray = image.convert("L")

    def top(x: int) -> int:
        for y in range(dpi * 10, round(dpi * 11.2)):
            if gray.getpixel((x, y)) < 100:
                return y
        raise AssertionError("no rule")

    return top(round(dpi * 1.5)) - top(image.width - round(dpi * 1.5))


@pytest.mark.parametrize(("angle", "dpi"), [(3.0, 150), (-4.0, 150), (1.5, 150), (-2.2, 150), (2.5, 200)])
def test_clean_levels_a_page_fed_crooked(angle: float, dpi: int) -> None:
    level = _bar_page(dpi)
    crooked = level.rotate(angle, Image.Resampling.BICUBIC, fillcolor=255)
    assert abs(_rule_tilt(crooked, dpi)) > 20
    cleaned = clean(Page(crooked, dpi, "scanner"))
    assert abs(_rule_tilt(cleaned.image, dpi)) <= 3 * dpi // 150
    assert cleaned.image.size == crooked.size and cleaned.dpi == dpi


def test_clean_leaves_a_level_page_and_a_photograph_as_they_are() -> None:
    page = Page(_bar_page(), 150, "scanner")
    assert clean(page) is page
    photo = Page(Image.radial_gradient("L").resize((600, 800)).rotate(3), 100, "file")
    assert skew_angle(photo) == 0.0
    blank = Page(sheet(100), 100, "file")
    assert clean(blank) is blank


def test_clean_turns_a_bilevel_page_and_keeps_it_bilevel() -> None:
    crooked = _bar_page().rotate(-3, Image.Resampling.BICUBIC, fillcolor=255).convert("1")
    cleaned = clean(Page(crooked, 150, "scanner"))
    assert cleaned.image.mode == "1"
    assert abs(_rule_tilt(cleaned.image, 150)) <= 3


def test_the_scanners_dark_borders_are_cut_off() -> None:
    paper = text_page(100, mm=(148, 210))  # an A5 sheet on an A4 glass: black all round it
    glass = Image.new("L", (paper.width + 120, paper.height + 80), 12)
    glass.paste(paper, (40, 30))
    cropped = crop_borders(Page(glass, 100, "scanner"))
    w, h = cropped.image.size
    assert paper.width - 6 <= w <= paper.width and paper.height - 6 <= h <= paper.height
    # nothing dark left along the edges
    for strip in (
        cropped.image.crop((0, 0, w, 2)),
        cropped.image.crop((0, 0, 2, h)),
        cropped.image.crop((w - 2, 0, w, h)),
    ):
        assert min(strip.tobytes()) > 100
    assert not is_blank(cropped)


def test_a_page_without_borders_is_not_cropped() -> None:
    page = Page(text_page(100), 100, "scanner")
    assert crop_borders(page) is page


# ----------------------------------------------------------------------------- text or photograph


def test_a_text_page_is_text_and_turns_bilevel_at_otsus_threshold() -> None:
    gray = text_page(150).point(lambda v: 40 if v < 128 else 230)  # gray ink on gray paper
    page = Page(gray, 150, "scanner")
    assert is_text_page(page)
    bilevel = to_bilevel(page)
    assert bilevel.image.mode == "1" and bilevel.image.size == gray.size
    # the ink is black and the paper white, pixel for pixel
    expected = gray.point(lambda v: 255 if v > 128 else 0).convert("1")
    assert ImageChops.difference(bilevel.image.convert("L"), expected.convert("L")).getbbox() is None


def test_a_photograph_is_not_text() -> None:
    photo = Image.radial_gradient("L").resize((800, 1100))
    assert not is_text_page(Page(photo, 100, "file"))
    colour = Image.merge("RGB", [photo, photo.rotate(90), Image.linear_gradient("L").resize(photo.size)])
    assert not is_text_page(Page(colour, 100, "file"))


def test_a_text_page_with_a_red_stamp_is_still_text() -> None:
    image = text_page(100).convert("RGB")
    ImageDraw.Draw(image).ellipse((500, 700, 650, 850), outline=(200, 20, 20), width=6)
    assert is_text_page(Page(image, 100, "file"))
