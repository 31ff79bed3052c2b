"""The Vietnamese text layer, with the real tesseract and its ``vie`` model (installed in CI)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from counter_app.copies.build import build_copy
from counter_app.copies.ocr import add_text_layer, ocr_available
from counter_app.copies.pdfa import pdfa_problems
from counter_app.domain.errors import InvalidInput, Unavailable
from counter_app.domain.text import fold
from counter_app.scanning.pages import Page

from .conftest import second_opinion

WORDS = ("Giấy khai sinh", "Nguyễn Văn Đức", "thường trú", "Phú Thọ")


def _images(pdf: bytes) -> list[tuple[str, bytes]]:
    """Each image's filter and its stored (still encoded) bytes, in page order."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        found = []
        for page in doc.pages:
            for _, image in sorted(page.get_images().items()):
                name = image.Filter[0] if isinstance(image.Filter, Array) else image.Filter
                found.append((str(name), image.read_raw_bytes()))
        return found


def _signed_looking(pdf: bytes) -> bytes:
    """``pdf`` with a signature field and its widget, as a signed stored copy has."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        signature = doc.make_indirect(Dictionary(Type=Name.Sig, Filter=Name("/Adobe.PPKLite"), Contents=b"\0" * 64))
        field = doc.make_indirect(
            Dictionary(
                FT=Name.Sig, T="Signature1", V=signature, Type=Name.Annot, Subtype=Name.Widget,
                Rect=Array([0, 0, 0, 0]), F=132, P=doc.pages[0].obj,
            )
        )  # fmt: skip
        doc.pages[0].obj.Annots = Array([field])
        doc.Root.AcroForm = Dictionary(Fields=Array([field]), SigFlags=3)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


@pytest.fixture(scope="module")
def image_copy(text_200: Page, photo: Page) -> bytes:
    return _signed_looking(build_copy([text_200, photo], title="Giấy khai sinh").pdf)


@pytest.fixture(scope="module")
def searchable(image_copy: bytes, tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, str]:
    """The OCR of a text page and a photograph, on a PATH with tesseract and no Ghostscript (as on
    most Windows PCs)."""
    assert ocr_available(), "tesseract with the vie model must be installed (scripts/bootstrap.sh)"
    bare = tmp_path_factory.mktemp("path")
    tesseract = shutil.which("tesseract")
    assert tesseract is not None
    (bare / "tesseract").symlink_to(tesseract)
    saved = os.environ["PATH"]
    os.environ["PATH"] = str(bare)
    try:
        result = add_text_layer(image_copy)
    finally:
        os.environ["PATH"] = saved
    return result


def test_the_vietnamese_words_are_recognised(searchable: tuple[bytes, str]) -> None:
    _, text = searchable
    for word in WORDS:
        assert word in text or fold(word) in fold(text), (word, text[:400])


def test_the_text_is_searchable_in_the_pdf(searchable: tuple[bytes, str]) -> None:
    pdf, _ = searchable
    shown = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Nguyễn Văn Đức" in shown or fold("Nguyễn Văn Đức") in fold(shown)


def test_the_text_is_nfc(searchable: tuple[bytes, str]) -> None:
    import unicodedata

    _, text = searchable
    assert text == unicodedata.normalize("NFC", text) and "\f" not in text


def test_the_images_are_kept_byte_for_byte(image_copy: bytes, searchable: tuple[bytes, str]) -> None:
    before, after = _images(image_copy), _images(searchable[0])
    assert [f for f, _ in after] == ["/CCITTFaxDecode", "/DCTDecode"]
    assert after == before


def test_the_searchable_copy_is_pdfa_2b_and_small(image_copy: bytes, searchable: tuple[bytes, str]) -> None:
    pdf, _ = searchable
    assert pdfa_problems(pdf) == []
    assert second_opinion(pdf) == []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.docinfo.Title) == "Giấy khai sinh"
        assert doc.open_metadata()["pdfaid:part"] == "2"
    assert len(pdf) - len(image_copy) < 20 * 1024  # the text layer of two pages


def test_the_old_signature_is_removed(searchable: tuple[bytes, str]) -> None:
    with pikepdf.open(io.BytesIO(searchable[0])) as doc:
        assert "/AcroForm" not in doc.Root
        assert all(a.get("/FT") != "/Sig" for page in doc.pages for a in page.obj.get("/Annots", Array()))


def test_a_copy_that_is_not_a_pdf_is_refused() -> None:
    for data in (b"not a pdf", b"%PDF-1.7\n garbage"):
        with pytest.raises(InvalidInput) as refused:
            add_text_layer(data)
        assert refused.value.code == "copy.not_pdf"


def _ocr_children(name: bytes = b"") -> list[str]:
    """Command lines of the processes working in an OCR folder of ours (``name`` in the program)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                line = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            program = line.split(b"\0", 1)[0]
            if b"counter-ocr-" in line and name in program:
                found.append(line.decode(errors="replace"))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_a_timeout_stops_ocrmypdf_and_tesseract(text_200: Page) -> None:
    # About 15 s of tesseract on a quiet machine: at 8 s it is still at work even when the child's start
    # (Python, OCRmyPDF, rasterising) is slow on a busy one.
    five = build_copy([text_200] * 5, title="Giấy khai sinh").pdf
    seen: list[str] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.extend(_ocr_children(b"tesseract"))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with pytest.raises(Unavailable) as stopped:
            add_text_layer(five, timeout=8)
    finally:
        done.set()
        watcher.join()
    assert stopped.value.code == "ocr.timeout"
    assert seen, "tesseract was not running when the time ran out"
    time.sleep(0.2)
    assert _ocr_children() == []


def test_without_tesseract_ocr_is_unavailable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, image_copy: bytes
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    ocr_available.cache_clear()
    try:
        assert ocr_available() is False
        with pytest.raises(Unavailable) as missing:
            add_text_layer(image_copy)
        assert missing.value.code == "ocr.unavailable"
    finally:
        monkeypatch.undo()
        ocr_available.cache_clear()
    assert ocr_available() is True


def test_the_sidecar_text_is_cleaned() -> None:
    """OCRmyPDF's notes on skipped pages and its form feeds go; decomposed letters are composed."""
    import unicodedata

    from counter_app.copies.ocr import _clean_text

    raw = "[OCR skipped on page(s) 1-2]\f" + unicodedata.normalize("NFD", "Giấy khai sinh") + "\n\n\n\nx\f"
    raw += "[OCR skipped on page(s) 4]"
    assert _clean_text(raw) == "Giấy khai sinh\n\nx"
