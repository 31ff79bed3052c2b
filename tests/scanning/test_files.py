"""Files: PDF, JPEG, PNG and TIFF in; every kind of bad file refused with one Vietnamese sentence."""

from __future__ import annotations

import io
import os
import struct
import time
import zlib
from pathlib import Path

import img2pdf
import pikepdf
import pytest
from PIL import Image, ImageChops
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from counter_app import messages
from counter_app.domain.errors import DomainError
from counter_app.scanning import files, read_files
from counter_app.scanning.errors import BadFile
from counter_app.scanning.pages import is_blank
from tests.scanning.conftest import FONT, text_page


def _same(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None


def _refused(paths: list[Path], code: str) -> str:
    """Read ``paths``, expecting BadFile ``code``; the Vietnamese sentence."""
    with pytest.raises(DomainError) as caught:
        read_files(paths)
    assert caught.value.code == code, caught.value
    text = messages.message(code, caught.value.params, "vi")
    assert text != code and "\n" not in text and len(text) < 300
    assert messages.message(code, caught.value.params, "en") != text
    return text


@pytest.fixture
def scan150() -> Image.Image:
    return text_page(150)


# ----------------------------------------------------------------------------- images


def test_a_png_keeps_its_resolution_and_pixels(tmp_path: Path, scan150: Image.Image) -> None:
    path = tmp_path / "giay-khai-sinh.png"
    scan150.save(path, dpi=(150, 150))
    (page,) = read_files([path])
    assert (page.image.mode, page.dpi, page.source) == ("L", 150, "file")
    assert _same(page.image, scan150)


def test_a_jpeg_without_a_resolution_is_taken_as_an_a4_sheet(tmp_path: Path, scan150: Image.Image) -> None:
    path = tmp_path / "anh.jpg"
    scan150.convert("RGB").save(path, quality=85)  # no dpi in the header
    (page,) = read_files([path])
    assert page.image.mode == "RGB" and page.dpi == 150 and not is_blank(page)


def test_a_phone_photo_is_turned_upright(tmp_path: Path, scan150: Image.Image) -> None:
    sideways = scan150.rotate(90, expand=True).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; view turned 90° clockwise
    path = tmp_path / "dien-thoai.jpg"
    sideways.save(path, exif=exif, dpi=(150, 150), quality=90)
    (page,) = read_files([path])
    assert page.image.size == scan150.size


def test_a_multi_page_tiff_gives_every_page_in_order(tmp_path: Path, scan150: Image.Image) -> None:
    frames = [scan150.convert("1"), Image.new("1", scan150.size, 1), scan150.rotate(180).convert("1")]
    path = tmp_path / "ho-so.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="group4", dpi=(150, 150))
    pages = read_files([path])
    assert [p.image.mode for p in pages] == ["1", "1", "1"]
    assert all(_same(p.image, f) for p, f in zip(pages, frames, strict=True))
    assert [is_blank(p) for p in pages] == [False, True, False]


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P", "I;16", "CMYK"])
def test_other_image_modes_become_page_modes(tmp_path: Path, mode: str, scan150: Image.Image) -> None:
    image = (
        scan150.convert("RGB").convert(mode)
        if mode not in ("I;16",)
        else scan150.convert("I").point(lambda v: v * 256).convert("I;16")
    )
    fmt = "JPEG" if mode == "CMYK" else ("TIFF" if mode == "I;16" else "PNG")
    path = tmp_path / f"x.{fmt.lower()}"
    image.save(path, fmt, dpi=(150, 150))
    (page,) = read_files([path])
    assert page.image.mode in ("L", "RGB") and not is_blank(page)


def test_several_files_make_one_paper_in_order(tmp_path: Path, scan150: Image.Image) -> None:
    first, second = tmp_path / "1.png", tmp_path / "2.jpg"
    scan150.save(first, dpi=(150, 150))
    Image.new("RGB", scan150.size, "white").save(second, dpi=(150, 150))
    pages = read_files([first, second])
    assert [is_blank(p) for p in pages] == [False, True]


# ----------------------------------------------------------------------------- PDF


def test_a_scanned_pdf_gives_its_images_back_at_their_resolution(tmp_path: Path, scan150: Image.Image) -> None:
    g4 = io.BytesIO()
    scan150.convert("1").save(g4, "TIFF", compression="group4", dpi=(150, 150))
    jpeg = io.BytesIO()
    scan150.convert("RGB").save(jpeg, "JPEG", quality=80, dpi=(300, 300))
    path = tmp_path / "ban-quet.pdf"
    path.write_bytes(img2pdf.convert([g4.getvalue(), jpeg.getvalue()]))
    bilevel, colour = read_files([path])  # taken as they are: at their own resolutions, not RENDER_DPI
    assert (bilevel.image.mode, bilevel.dpi) == ("1", 150)
    assert _same(bilevel.image, scan150.convert("1"))  # black stays black (BlackIs1 respected)
    assert (colour.image.mode, colour.dpi, colour.image.size) == ("RGB", 300, scan150.size)


def test_a_scanned_page_turned_in_the_pdf_comes_upright(tmp_path: Path, scan150: Image.Image) -> None:
    path = tmp_path / "xoay.pdf"
    path.write_bytes(img2pdf.convert(_png(scan150), rotation=img2pdf.Rotation.ifvalid))
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        _jpeg_page(pdf, scan150)
        pdf.pages[0].obj["/Rotate"] = 90
        pdf.save(path)
    (page,) = read_files([path])
    assert page.image.size == (scan150.height, scan150.width)


def _png(image: Image.Image) -> bytes:
    data = io.BytesIO()
    image.save(data, "PNG", dpi=(150, 150))
    return data.getvalue()


def _jpeg_page(pdf: pikepdf.Pdf, image: Image.Image) -> None:
    """Make page 1's image a JPEG (img2pdf keeps a PNG as Flate)."""
    data = io.BytesIO()
    image.save(data, "JPEG", quality=85)
    (xobject,) = pdf.pages[0].Resources.XObject.values()
    xobject.write(data.getvalue(), filter=pikepdf.Name.DCTDecode)
    if "/DecodeParms" in xobject:
        del xobject["/DecodeParms"]


def test_a_scan_under_an_invisible_ocr_layer_is_still_taken_as_a_scan(tmp_path: Path, scan150: Image.Image) -> None:
    path = tmp_path / "ocr.pdf"
    path.write_bytes(img2pdf.convert(_png(scan150)))
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        _jpeg_page(pdf, scan150)
        page = pdf.pages[0]
        page.obj.Resources.Font = pikepdf.Dictionary(
            F1=pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
        )
        page.contents_add(pdf.make_stream(b"BT 3 Tr /F1 12 Tf 72 700 Td (Giay khai sinh) Tj ET"))
        pdf.save(path)
    (page_read,) = read_files([path])
    assert page_read.dpi == 150 and page_read.image.size == scan150.size


def _text_pdf(path: Path, pages: int = 2) -> None:
    pdfmetrics.registerFont(TTFont("LiberationSerif", str(FONT)))
    drawing = canvas.Canvas(str(path), pagesize=A4)
    for number in range(pages):
        drawing.setFont("LiberationSerif", 14)
        drawing.drawString(72, 760, f"Trang {number + 1}: Cộng hòa xã hội chủ nghĩa Việt Nam")
        drawing.showPage()
    drawing.save()


def test_a_pdf_that_is_not_a_scan_is_rendered(tmp_path: Path) -> None:
    path = tmp_path / "van-ban.pdf"
    _text_pdf(path)
    pages = read_files([path])
    assert len(pages) == 2
    for page in pages:
        assert (page.image.mode, page.dpi) == ("L", files.RENDER_DPI)
        assert page.size_mm == pytest.approx((210, 297), abs=1)
        assert not is_blank(page)


def test_scanned_and_rendered_pages_keep_their_order(tmp_path: Path, scan150: Image.Image) -> None:
    text, scan, both = tmp_path / "t.pdf", tmp_path / "s.pdf", tmp_path / "both.pdf"
    _text_pdf(text, 1)
    g4 = io.BytesIO()
    Image.new("1", (1240, 1754), 1).save(g4, "TIFF", compression="group4", dpi=(150, 150))
    scan.write_bytes(img2pdf.convert([g4.getvalue(), g4.getvalue()]))
    with pikepdf.open(scan) as a, pikepdf.open(text) as b, pikepdf.new() as out:
        out.pages.extend([a.pages[0], b.pages[0], a.pages[1]])
        out.save(both)
    pages = read_files([both])
    assert [p.image.mode for p in pages] == ["1", "L", "1"]
    assert [is_blank(p) for p in pages] == [True, False, True]


def test_a_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    path = tmp_path / "han-che.pdf"
    _text_pdf(path, 1)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="chu", user=""))
    assert len(read_files([path])) == 1


# ----------------------------------------------------------------------------- bad input


def test_an_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mat-khau.pdf"
    _text_pdf(path, 1)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="chu", user="khach"))
    assert "có mật khẩu" in _refused([path], "file.encrypted")


def test_a_corrupt_pdf_is_refused(tmp_path: Path) -> None:
    garbage = tmp_path / "hong.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    assert "hong.pdf bị hỏng" in _refused([garbage], "file.corrupt")


def test_a_pdf_cut_short_in_its_image_is_refused(tmp_path: Path, scan150: Image.Image) -> None:
    jpeg = io.BytesIO()
    scan150.save(jpeg, "JPEG", quality=85, dpi=(150, 150))
    whole = img2pdf.convert(jpeg.getvalue())
    path = tmp_path / "dut.pdf"
    path.write_bytes(whole[: len(whole) // 2])  # the download stopped half-way
    _refused([path], "file.corrupt")


def test_a_2_gb_file_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "lon.pdf"
    with open(path, "wb") as stream:
        stream.write(b"%PDF-1.7\n")
        stream.truncate(2 * 1024**3)  # sparse: no disk used
    long_ago = time.time() - 3 * 86400
    os.utime(path, (long_ago, path.stat().st_mtime))  # any read now moves the access time (relatime)
    text = _refused([path], "file.too_large")
    assert path.stat().st_atime == pytest.approx(long_ago, abs=1)  # not one byte was read
    assert "2048 MB" in text and "200 MB" in text


def _png_bomb(path: Path, side: int = 50_000) -> None:
    """A real 1-bit PNG of side × side pixels: 300 KB on disk, 2.5 billion pixels decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    block = (b"\0" * (1 + (side + 7) // 8)) * 1000
    compressor = zlib.compressobj(9)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush()[:-4]
    adler = 1
    for _ in range(side // 1000):
        adler = zlib.adler32(block, adler)
    stream = first + again * (side // 1000 - 1) + end + struct.pack(">I", adler)
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", stream) + chunk(b"IEND", b""))


def test_a_decompression_bomb_is_refused_from_its_header(tmp_path: Path) -> None:
    path = tmp_path / "bom.png"
    _png_bomb(path)
    assert path.stat().st_size < 400_000
    assert "2.500 triệu điểm ảnh" in _refused([path], "file.too_many_pixels")


def test_a_jpeg_claiming_50000_pixels_a_side_is_refused(tmp_path: Path) -> None:
    data = io.BytesIO()
    Image.new("L", (64, 64), 200).save(data, "JPEG")
    raw = bytearray(data.getvalue())
    sof = raw.index(b"\xff\xc0")
    raw[sof + 5 : sof + 9] = struct.pack(">HH", 50_000, 50_000)  # height, width in the frame header
    path = tmp_path / "bom.jpg"
    path.write_bytes(bytes(raw))
    text = _refused([path], "file.too_many_pixels")
    assert "2.500 triệu điểm ảnh" in text


def test_a_huge_image_inside_a_pdf_is_refused_before_decoding(tmp_path: Path) -> None:
    data = io.BytesIO()
    Image.new("L", (64, 64), 200).save(data, "JPEG")
    path = tmp_path / "bom.pdf"
    path.write_bytes(img2pdf.convert(data.getvalue()))
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        raw = bytearray(data.getvalue())
        sof = raw.index(b"\xff\xc0")
        raw[sof + 5 : sof + 9] = struct.pack(">HH", 50_000, 50_000)
        (image,) = pdf.pages[0].Resources.XObject.values()
        image.write(bytes(raw), filter=pikepdf.Name.DCTDecode)
        image.Width = image.Height = 50_000
        pdf.save(path)
    _refused([path], "file.too_many_pixels")


def test_a_pdf_page_too_large_to_render_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kho-lon.pdf"
    drawing = canvas.Canvas(str(path), pagesize=(14_400, 14_400))  # 200 inches a side
    drawing.drawString(72, 72, "x")
    drawing.save()
    _refused([path], "file.too_many_pixels")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bang-tinh.pdf", b"Ho ten,Ngay sinh\nAn,2019\n"),
        ("nen.png", b"PK\x03\x04" + b"\0" * 100),
        ("hinh.gif", b"GIF89a" + b"\0" * 100),
        ("chuong-trinh.jpg", b"MZ\x90\x00" + b"\0" * 100),
    ],
)
def test_a_file_that_is_not_an_image_is_refused(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert "không phải ảnh hay PDF" in _refused([path], "file.not_image")


def test_an_image_cut_short_is_refused(tmp_path: Path, scan150: Image.Image) -> None:
    data = io.BytesIO()
    scan150.save(data, "PNG")
    path = tmp_path / "dut.png"
    path.write_bytes(data.getvalue()[: len(data.getvalue()) // 2])
    _refused([path], "file.corrupt")


def test_an_empty_file_and_a_missing_file_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "rong.pdf"
    empty.touch()
    assert "rỗng" in _refused([empty], "file.empty")
    _refused([tmp_path / "khong-co.png"], "file.missing")
    _refused([tmp_path], "file.not_image")
    _refused([], "file.none")


def test_too_many_pages_are_refused_before_any_is_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_PAGES", 3)
    path = tmp_path / "dai.pdf"
    _text_pdf(path, 4)
    two = tmp_path / "hai.pdf"
    _text_pdf(two, 2)
    _refused([two, two], "file.too_many_pages")  # the pages of all files together
    monkeypatch.setattr(files, "_GHOSTSCRIPT", ("no-such-ghostscript",))  # rendering would say so instead
    assert "3 trang" in _refused([path], "file.too_many_pages")
    _refused([two], "file.no_renderer")  # (Ghostscript really is out of reach now)


def test_a_large_later_frame_of_a_tiff_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_PAGE_PIXELS", 1_000_000)
    path = tmp_path / "nhieu-trang.tif"
    Image.new("1", (800, 1000), 1).save(
        path, save_all=True, append_images=[Image.new("1", (1200, 1000), 1)], compression="group4"
    )
    _refused([path], "file.too_many_pixels")


def test_the_decoded_size_of_all_files_together_is_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scan150: Image.Image
) -> None:
    monkeypatch.setattr(files, "MAX_TOTAL_BYTES", 3 * scan150.width * scan150.height)
    path = tmp_path / "a.png"
    scan150.save(path, dpi=(150, 150))
    assert len(read_files([path, path, path])) == 3
    _refused([path, path, path, path], "file.too_large_total")


def test_nothing_is_returned_when_one_file_of_several_is_bad(tmp_path: Path, scan150: Image.Image) -> None:
    good, bad = tmp_path / "tot.png", tmp_path / "xau.png"
    scan150.save(good)
    bad.write_bytes(b"not an image")
    with pytest.raises(BadFile) as caught:
        read_files([good, bad])
    assert caught.value.params["name"] == "xau.png"


def test_a_pdf_that_takes_too_long_to_render_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "GS_TIMEOUT", 0.0)
    monkeypatch.setattr(files, "GS_TIMEOUT_PER_PAGE", 0.01)
    path = tmp_path / "cham.pdf"
    _text_pdf(path, 1)
    _refused([path], "file.render_timeout")


def test_a_rendered_page_turned_in_the_pdf_comes_upright(tmp_path: Path) -> None:
    path = tmp_path / "ngang.pdf"
    _text_pdf(path, 1)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].obj["/Rotate"] = 90
        pdf.save(path)
    (page,) = read_files([path])
    assert page.size_mm == pytest.approx((297, 210), abs=1)


def test_rendered_gray_pages_count_one_byte_a_pixel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ba-trang.pdf"
    _text_pdf(path, 3)
    a4 = round(210 / 25.4 * files.RENDER_DPI) * round(297 / 25.4 * files.RENDER_DPI)
    monkeypatch.setattr(files, "MAX_TOTAL_BYTES", 3 * a4 + 1000)
    assert [p.image.mode for p in read_files([path])] == ["L", "L", "L"]
    colour = tmp_path / "mau.pdf"
    drawing = canvas.Canvas(str(colour), pagesize=A4)
    drawing.setFillColorRGB(0.9, 0.1, 0.1)
    drawing.rect(72, 72, 300, 300, fill=1)
    drawing.save()
    _refused([colour, path], "file.too_large_total")  # the colour page takes three bytes a pixel


def test_a_file_named_like_an_option_is_read_as_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _text_pdf(tmp_path / "-dNOSAFER.pdf", 1)
    monkeypatch.chdir(tmp_path)
    (page,) = read_files([Path("-dNOSAFER.pdf")])
    assert not is_blank(page)


def test_a_tiff_of_many_frames_stops_at_the_page_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_PAGES", 5)
    path = tmp_path / "nhieu.tif"
    frame = Image.new("1", (8, 8), 1)
    frame.save(path, save_all=True, append_images=[frame] * 9, compression="group4")
    assert "5 trang" in _refused([path], "file.too_many_pages")
    frame.save(path, save_all=True, append_images=[frame] * 4, compression="group4")
    assert len(read_files([path])) == 5


def test_a_file_name_is_shown_on_one_short_line(tmp_path: Path) -> None:
    path = tmp_path / ("hồ sơ\nmới " + "x" * 200 + ".png")
    path.write_bytes(b"not an image")
    text = _refused([path], "file.not_image")
    assert "hồ sơ?mới" in text and "…" in text and len(text) < 200


def test_a_file_just_over_the_limit_is_not_said_to_be_at_it(tmp_path: Path) -> None:
    path = tmp_path / "vua-qua.pdf"
    with open(path, "wb") as stream:
        stream.write(b"%PDF-1.7\n")
        stream.truncate(files.MAX_FILE_BYTES + 1)
    assert "201 MB" in _refused([path], "file.too_large")
