"""Decree 30/2020/NĐ-CP, Annex I, read off every printed form the way an inspector would: the font
in the file, the size of each part, where the text sits on the page, the header, the rules, the page
numbers, dossier codes kept on one line; and every page compared with a reviewed picture.

The forms are the fixed samples of ``counter_app.printing.samples`` (2025 set, Vietnamese). Text
positions and sizes come from pdfium's text page (glyph boxes in points, origin bottom left).
"""

from __future__ import annotations

import ctypes
import io
import os
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_raw  # type: ignore[import-untyped]
import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm  # type: ignore[import-untyped]

from counter_app.printing import fonts, layout, names, register, samples
from counter_app.printing.fonts import FONTS, covered_code_points, missing_characters
from counter_app.printing.forms import load_labels, register_xlsx
from counter_app.printing.labels import FORM_SETS
from tests.printing.form_images import (
    DPI,
    TOLERANCE,
    UPDATE_COMMAND,
    mean_difference,
    pages_png,
    reference_path,
)
from tests.printing.test_forms import fonts_of

FORMS = list(samples.FORMS)
LANDSCAPE = {"07-register"}
# Forms with the national header (all but the register, which carries the unit only)
WITH_NATIONAL_HEADER = [name for name in FORMS if name not in LANDSCAPE]
NUMBERED = {"01-receipt", "02-supplement", "03-refusal", "04-apology", "05-stop-notice", "06-routing-slip"}
BASIS = "Phụ lục I ban hành kèm theo Thông tư số 03/2025/TT-VPCP"
PARENT = "ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ"
UNIT = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN LẬP"
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
UNIT_FIRST_LINE = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH"  # the unit wraps in the 76 mm header column
TOL = 0.6  # points: glyph boxes may overhang their advance a little

TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
VOWELS = "aăâeêioôơuưy"
# 12 vowels x 6 tones (none and five marks) x 2 cases + đ Đ = the 146 precomposed letters
ACCENTED_LETTERS = {
    unicodedata.normalize("NFC", case(v) + tone) for v in VOWELS for tone in TONES for case in (str.lower, str.upper)
} | {"đ", "Đ"}
VIETNAMESE_LETTERS = sorted(ACCENTED_LETTERS | set("bcdghklmnpqrstvx" + "bcdghklmnpqrstvx".upper()))


@dataclass(frozen=True)
class Char:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    font: str


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    chars: tuple[Char, ...]

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    def find(self, needle: str, start: int = 0) -> list[Char]:
        """The characters of the first occurrence of ``needle`` in the page's text (line breaks and
        spaces pdfium inserts are skipped), or an empty list."""
        visible = [(i, c) for i, c in enumerate(self.chars) if c.text not in "\r\n"]
        flat = "".join(c.text for _i, c in visible)
        at = flat.find(needle, start)
        if at < 0:
            return []
        return [c for _i, c in visible[at : at + len(needle)]]


def read_pages(pdf: bytes) -> list[Page]:
    document = pdfium.PdfDocument(pdf)
    pages = []
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        chars = []
        for i in range(textpage.count_chars()):
            code = pdfium_raw.FPDFText_GetUnicode(textpage, i)
            text = chr(code)
            left, bottom, right, top = textpage.get_charbox(i)
            size = pdfium_raw.FPDFText_GetFontSize(textpage, i)
            pdfium_raw.FPDFText_GetFontInfo(textpage, i, buffer, 256, ctypes.byref(flags))
            chars.append(Char(text, left, bottom, right, top, round(size, 2), buffer.value.decode("latin-1")))
        pages.append(Page(page.get_width(), page.get_height(), tuple(chars)))
    return pages


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return samples.render_all()


@pytest.fixture(scope="module")
def pages(pdfs: dict[str, bytes]) -> dict[str, list[Page]]:
    return {name: read_pages(pdf) for name, pdf in pdfs.items()}


def page_label(form: str, number: int, total: int) -> str:
    """The page number a page should show: none on page 1; the receipt's two copies are two
    documents of ``total / 2`` pages each."""
    if form == "01-receipt":
        number = (number - 1) % (total // 2) + 1
    return "" if number == 1 else str(number)


def ink(page: Page) -> list[Char]:
    return [c for c in page.chars if c.text.strip() and c.x1 - c.x0 > 0.01]


# ---------------------------------------------------------------- font


def test_the_tests_print_with_the_bundled_serif() -> None:
    assert os.environ["COUNTER_APP_FORM_FONT"] == "bundled"
    assert fonts.font_choice().name == "Liberation Serif"


@pytest.mark.parametrize("face", [FONTS.regular, FONTS.bold, FONTS.italic, FONTS.bold_italic])
def test_every_vietnamese_letter_is_in_every_face(face: str) -> None:
    """All of a ă â e ê i o ô ơ u ư y with the five tones, đ, both cases (146 precomposed letters)."""
    assert len(ACCENTED_LETTERS) == 146 and all(len(c) == 1 for c in ACCENTED_LETTERS)
    covered = covered_code_points(face)
    assert [c for c in VIETNAMESE_LETTERS if ord(c) not in covered] == []


@pytest.mark.parametrize("face", [FONTS.regular, FONTS.bold, FONTS.italic, FONTS.bold_italic])
def test_every_label_text_is_in_every_face(face: str) -> None:
    for form_set in FORM_SETS:
        for lang in ("vi", "en"):
            labels = load_labels(form_set, lang)
            assert missing_characters("".join(labels.texts.values()), face) == "", (form_set, lang)


def test_times_new_roman_is_found_where_windows_keeps_it(tmp_path: Path) -> None:
    fonts_dir = tmp_path / "Windows" / "Fonts"
    fonts_dir.mkdir(parents=True)
    for name in ("times.ttf", "timesbd.ttf", "timesi.ttf", "TIMESBI.TTF"):
        (fonts_dir / name).write_bytes(b"")
    found = fonts.find_times([fonts_dir])
    assert found is not None
    assert found[FONTS.regular].name == "times.ttf" and found[FONTS.bold_italic].name == "TIMESBI.TTF"
    assert fonts.choose_fonts(str(fonts_dir)).name == "Times New Roman"


def test_a_missing_face_falls_back_to_the_bundled_serif(tmp_path: Path) -> None:
    for name in ("times.ttf", "timesbd.ttf", "timesi.ttf"):  # no bold italic
        (tmp_path / name).write_bytes(b"")
    assert fonts.find_times([tmp_path]) is None
    assert fonts.choose_fonts(str(tmp_path)).name == "Liberation Serif"
    assert fonts.choose_fonts("bundled").files == fonts.bundled_choice().files
    assert all(path.is_file() for path in fonts.bundled_choice().files.values())


def test_msttcorefonts_under_usr_share_fonts_is_found(tmp_path: Path) -> None:
    deep = tmp_path / "share" / "fonts" / "truetype" / "msttcorefonts"
    deep.mkdir(parents=True)
    for name in (
        "Times_New_Roman.ttf",
        "Times_New_Roman_Bold.ttf",
        "Times_New_Roman_Italic.ttf",
        "Times_New_Roman_Bold_Italic.ttf",
    ):
        (deep / name).write_bytes(b"")
    found = fonts.find_times([tmp_path / "share" / "fonts"])
    assert found is not None and found[FONTS.bold].name == "Times_New_Roman_Bold.ttf"


@pytest.mark.parametrize("form", FORMS)
def test_only_the_embedded_serif_is_in_the_file(form: str, pdfs: dict[str, bytes]) -> None:
    for page in PdfReader(io.BytesIO(pdfs[form])).pages:
        for font in fonts_of(page["/Resources"].get_object()):
            base = str(font["/BaseFont"])
            assert "LiberationSerif" in base or "TimesNewRoman" in base, (form, base)
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), (form, base)


# ---------------------------------------------------------------- margins


@pytest.mark.parametrize("form", FORMS)
def test_text_stays_inside_the_decree_margins(form: str, pages: dict[str, list[Page]]) -> None:
    """Left 30 mm, right 15 mm, top and bottom 20 mm (Annex I, I.3); only the page number of a page
    after the first sits in the top margin."""
    for number, page in enumerate(pages[form], start=1):
        assert (page.width > page.height) is (form in LANDSCAPE), form
        left, right = 30 * mm - TOL, page.width - 15 * mm + TOL
        bottom, top = 20 * mm - TOL, page.height - 20 * mm + TOL
        in_margin = []
        for c in ink(page):
            if c.x0 < left or c.x1 > right or c.y0 < bottom:
                raise AssertionError(
                    f"{form} p{number}: {c.text!r} at x {c.x0 / mm:.1f}-{c.x1 / mm:.1f} mm, "
                    f"y {c.y0 / mm:.1f} mm is in a margin"
                )
            if c.y1 > top:
                in_margin.append(c)
        expected = page_label(form, number, len(pages[form]))
        assert "".join(c.text for c in in_margin) == expected, (form, number)


@pytest.mark.parametrize("form", FORMS)
def test_the_text_area_is_used_up_to_the_left_margin(form: str, pages: dict[str, list[Page]]) -> None:
    """The left edge of the text is at 30 mm (not 20 mm as before): some line starts there."""
    first = ink(pages[form][0])
    assert abs(min(c.x0 for c in first) - 30 * mm) < 1.5 * mm, form


# ---------------------------------------------------------------- header and sizes


def _size_and_font(chars: list[Char]) -> tuple[set[float], set[str]]:
    visible = [c for c in chars if c.text.strip()]
    return {c.size for c in visible}, {c.font for c in visible}


@pytest.mark.parametrize("form", FORMS)
def test_the_header_names_the_bodies_in_full_capitals(form: str, pages: dict[str, list[Page]]) -> None:
    page = pages[form][0]
    parent, unit = page.find(PARENT), page.find(UNIT_FIRST_LINE)
    assert parent and unit, f"{form}: header {page.text[:200]!r}"
    sizes, faces = _size_and_font(parent)
    assert sizes == {12.0} and faces == {"LiberationSerif"}, (form, sizes, faces)  # upright, 12-13
    sizes, faces = _size_and_font(unit)
    assert sizes == {12.0} and faces == {"LiberationSerif-Bold"}, (form, sizes, faces)  # bold, 12-13
    assert "UBND" not in page.text


@pytest.mark.parametrize("form", WITH_NATIONAL_HEADER)
def test_national_name_and_motto_have_their_sizes(form: str, pages: dict[str, list[Page]]) -> None:
    page = pages[form][0]
    national, motto = page.find(NATIONAL), page.find(MOTTO)
    assert national and motto, form
    assert _size_and_font(national) == ({12.0}, {"LiberationSerif-Bold"})  # 12-13, bold capitals
    assert _size_and_font(motto) == ({13.0}, {"LiberationSerif-Bold"})  # 13-14, bold
    date = page.find("Tân Lập, ngày")
    sizes, faces = _size_and_font(date)
    assert sizes == {13.0} and faces == {"LiberationSerif-Italic"}, form  # 13-14 italic
    # the national name, the motto and the date line are centred on one another
    centre = (national[0].x0 + national[-1].x1) / 2
    assert abs((motto[0].x0 + motto[-1].x1) / 2 - centre) < 1.0


@pytest.mark.parametrize("form", FORMS)
def test_the_body_is_13_pt_and_nothing_is_smaller_than_11(form: str, pages: dict[str, list[Page]]) -> None:
    """Annex I, II.6.e: body 13-14 pt. The receipt may shrink to 12 pt to stay on one page; hints,
    the "Mẫu số" line, the recipients list and footnotes are 11 pt. The register's and the postal
    record's dense tables are the exception (9 and 10 pt, see layout comments)."""
    sizes = Counter(c.size for page in pages[form] for c in ink(page))
    body, _count = sizes.most_common(1)[0]
    if form == "07-register":
        assert body >= 8.5 and min(sizes) >= 4
        return
    if form == "postal-manifest":
        # cells 10 pt; only the widest legal code shrinks (to stay on one line)
        assert body >= 10 and min(sizes) >= 7.5
        assert sum(count for size, count in sizes.items() if size < 10) <= len(samples.WIDEST_CODE)
        return
    assert 12.0 <= body <= 14.0, (form, sizes)
    assert min(sizes) >= 11.0, (form, sizes)


@pytest.mark.parametrize("form", sorted(NUMBERED | {"07-register"}))
def test_the_form_number_and_basis_line_are_printed(form: str, pages: dict[str, list[Page]]) -> None:
    text = pages[form][0].text.replace("\r\n", " ")
    assert "Mẫu số 0" in text and BASIS in text, form


def test_names_inside_sentences_are_in_normal_case(pages: dict[str, list[Page]]) -> None:
    receipt = pages["01-receipt"][0].text.replace("\r\n", " ")
    assert "Đơn vị tiếp nhận: Trung tâm Phục vụ hành chính công xã Tân Lập" in receipt


@pytest.mark.parametrize(
    ("typed", "header", "sentence"),
    [
        ("UBND XÃ TÂN LẬP", "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "Ủy ban nhân dân xã Tân Lập"),
        ("UBND tỉnh Phú Thọ", "ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ", "Ủy ban nhân dân tỉnh Phú Thọ"),
        ("TTPVHCC xã Tân Lập", UNIT, "Trung tâm Phục vụ hành chính công xã Tân Lập"),
        (UNIT, UNIT, "Trung tâm Phục vụ hành chính công xã Tân Lập"),
        ("UBND TP. HÀ NỘI", "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Ủy ban nhân dân thành phố Hà Nội"),
        ("Ủy ban nhân dân phường Bến Nghé", "ỦY BAN NHÂN DÂN PHƯỜNG BẾN NGHÉ", "Ủy ban nhân dân phường Bến Nghé"),
        ("HĐND XÃ A LƯỚI", "HỘI ĐỒNG NHÂN DÂN XÃ A LƯỚI", "Hội đồng nhân dân xã A Lưới"),
        (
            "BPMC UBND xã Tân Lập",
            "BỘ PHẬN MỘT CỬA ỦY BAN NHÂN DÂN XÃ TÂN LẬP",
            "Bộ phận Một cửa Ủy ban nhân dân xã Tân Lập",
        ),
        ("UBNDX Tân Lập", "UBNDX TÂN LẬP", "UBNDX Tân Lập"),  # not the abbreviation: kept
    ],
)
def test_agency_names_are_written_out(typed: str, header: str, sentence: str) -> None:
    assert names.header_name(typed) == header
    assert names.sentence_name(typed) == sentence


# ---------------------------------------------------------------- rules (read off the picture)


def _dark_runs(image: object, y: int, x_from: int, x_to: int) -> list[tuple[int, int]]:
    runs, start = [], None
    for x in range(x_from, x_to):
        dark = image.getpixel((x, y)) < 110  # type: ignore[attr-defined]
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            runs.append((start, x))
            start = None
    if start is not None:
        runs.append((start, x_to))
    return runs


def _rule_under(image: object, chars: list[Char], page: Page, scale: float) -> float:
    """Length in points of the longest dark horizontal run in the 8 pt below ``chars``' baseline."""
    x_from = int(min(c.x0 for c in page.chars if c.text.strip()) * scale) - 5
    x_to = int(page.width * scale) - 5
    base = min(c.y0 for c in chars)
    best = 0
    for dy in range(int(0.5 * scale), int(10 * scale)):
        y = int((page.height - base) * scale) + dy
        for a, b in _dark_runs(image, y, max(x_from, 0), x_to):
            best = max(best, b - a)
    return best / scale


@pytest.mark.parametrize("form", WITH_NATIONAL_HEADER)
def test_the_motto_has_a_drawn_rule_as_long_as_itself(form: str, pdfs: dict[str, bytes], pages: dict) -> None:
    scale = 4.0  # 288 dpi
    image = pages_png(pdfs[form], 72 * scale)[0]
    page = pages[form][0]
    motto = page.find(MOTTO)
    width = motto[-1].x1 - motto[0].x0
    rule = _rule_under(image, motto, page, scale)
    assert abs(rule - width) < 3.0, f"{form}: motto {width:.1f} pt, rule {rule:.1f} pt"


@pytest.mark.parametrize("form", FORMS)
def test_the_unit_has_a_rule_of_a_third_to_a_half_of_its_line(form: str, pdfs: dict[str, bytes], pages: dict) -> None:
    scale = 4.0
    image = pages_png(pdfs[form], 72 * scale)[0]
    page = pages[form][0]
    unit_chars = [c for c in page.find(UNIT_FIRST_LINE) if c.text.strip()]
    tail = page.find("TÂN LẬP")  # the unit's last line
    lines: dict[float, list[Char]] = {}
    for c in [*unit_chars, *tail]:
        lines.setdefault(round(c.y0), []).append(c)
    longest = max(max(c.x1 for c in cs) - min(c.x0 for c in cs) for cs in lines.values())
    rule = _rule_under(image, tail, page, scale)
    assert longest / 3 - 2 <= rule <= longest / 2 + 2, f"{form}: unit line {longest:.1f} pt, rule {rule:.1f} pt"


# ---------------------------------------------------------------- page numbers


@pytest.mark.parametrize("form", [f for f in FORMS if f in {"01-receipt", "07-register"}])
def test_page_numbers_from_page_two_at_the_top_centre(form: str, pages: dict[str, list[Page]]) -> None:
    doc_pages = pages[form]
    if form == "01-receipt":
        # each copy is its own sheet: a receipt with fifteen papers continues each copy on page 2
        from dataclasses import replace

        from counter_app.domain.values import ComponentForm
        from counter_app.printing.forms import render_receipt
        from counter_app.printing.model import Paper

        papers = tuple(Paper(f"Bản sao giấy tờ số {i}", ComponentForm.COPY, 1) for i in range(15))
        doc_pages = read_pages(render_receipt(replace(samples.receipt(), papers=papers), load_labels("2025", "vi")))
    assert len(doc_pages) >= 2
    for number, page in enumerate(doc_pages, start=1):
        top = [c for c in ink(page) if c.y1 > page.height - 20 * mm]
        if form == "01-receipt" and number > 2:
            number -= 2  # the second copy starts again at page 1
        if number == 1:
            assert top == [], form
            continue
        assert "".join(c.text for c in top) == str(number)
        assert {c.size for c in top} == {layout.PAGE_NUMBER_SIZE} and {c.font for c in top} == {"LiberationSerif"}
        centre = (min(c.x0 for c in top) + max(c.x1 for c in top)) / 2
        area_centre = 30 * mm + (page.width - 45 * mm) / 2
        assert abs(centre - area_centre) < 2.0, form


# ---------------------------------------------------------------- dossier codes in cells


@pytest.mark.parametrize("form", ["07-register", "postal-manifest"])
def test_a_dossier_code_never_wraps_in_a_cell_even_the_widest_legal_one(
    form: str, pages: dict[str, list[Page]]
) -> None:
    codes = [samples.WIDEST_CODE, "000.12.34.H26-"]
    seen = 0
    for page in pages[form]:
        text = "".join(c.text for c in page.chars if c.text not in "\r\n")
        for code in codes:
            start = 0
            while (at := text.find(code, start)) >= 0:
                chars = page.find(code, at)
                lows = [c.y0 for c in chars if c.text not in "-."]
                assert max(lows) - min(lows) < 3.0, (form, code)  # one line: a second one is 10 pt lower
                seen += 1
                start = at + 1
    assert seen >= 2, form


def test_the_register_sign_column_is_wide_enough_to_sign_in() -> None:
    index = [c.key for c in register.COLUMNS].index("register_col_signature")
    assert register.WIDTHS[index] >= 25 * mm


# ---------------------------------------------------------------- register workbook


def test_the_register_workbook_has_its_form_number_basis_and_serif() -> None:
    data = register_xlsx(samples.register(), load_labels("2025", "vi"))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    above = [str(c.value) for row in sheet.iter_rows(max_row=register.XLSX_HEAD_ROWS) for c in row if c.value]
    assert "Mẫu số 07" in above and any(BASIS in text for text in above)
    assert PARENT in above and UNIT in above and "SỔ THEO DÕI HỒ SƠ" in above
    written = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert written and {c.font.name for c in written} == {"Times New Roman"}
    assert sheet.page_margins.left == pytest.approx(30 / 25.4) and sheet.page_margins.right == pytest.approx(15 / 25.4)


# ---------------------------------------------------------------- pictures


@pytest.mark.parametrize("form", FORMS)
def test_every_page_looks_like_its_reviewed_picture(form: str, pdfs: dict[str, bytes]) -> None:
    rendered = pages_png(pdfs[form], DPI)
    references = sorted(reference_path(form, 1).parent.glob(f"{form}-p*.png"))
    assert len(references) == len(rendered), (
        f"{form}: {len(rendered)} page(s) printed, {len(references)} reviewed picture(s) in "
        f"tests/printing/reference/. If the change is intended, run `{UPDATE_COMMAND}` and review the PNGs."
    )
    from PIL import Image

    for number, image in enumerate(rendered, start=1):
        path = reference_path(form, number)
        difference = mean_difference(image, Image.open(path).convert("L"))
        assert difference <= TOLERANCE, (
            f"{form} page {number} differs from {path.name} (mean grey difference {difference:.2f} > {TOLERANCE}). "
            f"If the change is intended, run `{UPDATE_COMMAND}` and review the PNGs."
        )


def test_a_khai_sinh_receipt_with_long_catalogue_papers_keeps_one_page_per_copy() -> None:
    """The counter's commonest receipt (three long catalogue papers, the pending-sync note, a long fee
    note) still fits one sheet per copy in Decree 30 type, the body at 12 pt at the least."""
    from dataclasses import replace

    from counter_app.domain.values import ComponentForm
    from counter_app.printing.forms import render_receipt
    from counter_app.printing.model import Paper

    papers = (
        "Tờ khai đăng ký khai sinh (theo mẫu ban hành kèm Thông tư 04/2020/TT-BTP)",
        "Giấy chứng sinh (nếu không có thì thay bằng văn bản xác nhận của người làm chứng hoặc giấy cam đoan — "
        "dòng dưới)",
        "Giấy tờ tùy thân của người nộp hồ sơ: thẻ Căn cước/CCCD, hộ chiếu hoặc tài khoản định danh điện tử VNeID "
        "(xuất trình để đối chiếu)",
    )
    doc = replace(
        samples.receipt(),
        papers=tuple(Paper(name, ComponentForm.ORIGINAL, 1) for name in papers),
        pending_sync=True,
        fee_note="Miễn lệ phí khi đăng ký đúng hạn (trong 60 ngày kể từ ngày sinh) theo Luật Hộ tịch Điều 11; "
        "đăng ký quá hạn: mức lệ phí do HĐND tỉnh quy định.",
    )
    printed = read_pages(render_receipt(doc, load_labels("2025", "vi")))
    assert len(printed) == 2
    body = Counter(c.size for c in ink(printed[0])).most_common(1)[0][0]
    assert body >= 12.0
