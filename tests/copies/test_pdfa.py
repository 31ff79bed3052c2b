"""Our PDF/A-2b subset check: each rule fails on a file that breaks it and passes on our copies."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from counter_app.copies.build import build_copy
from counter_app.copies.pdfa import pdfa_problems
from counter_app.scanning.pages import Page

from .conftest import second_opinion


@pytest.fixture(scope="module")
def good(text_200: Page, photo: Page) -> bytes:
    """A copy with a text page and a colour photograph (so DeviceRGB needs the sRGB intent)."""
    return build_copy([text_200, photo], title="Giấy khai sinh").pdf


def _edit(pdf: bytes, change: Callable[[pikepdf.Pdf], None], **save: object) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        change(doc)
        out = io.BytesIO()
        doc.save(out, **{"fix_metadata_version": False, **save})  # type: ignore[arg-type]
        return out.getvalue()


def _metadata(key: str, value: str) -> Callable[[pikepdf.Pdf], None]:
    def change(doc: pikepdf.Pdf) -> None:
        with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta[key] = value

    return change


def _set(path: str, value: Callable[[pikepdf.Pdf], object]) -> Callable[[pikepdf.Pdf], None]:
    """Set ``Root`` entry, ``page`` entry (first page) or ``image`` entry (first image) to a value."""
    where, key = path.split(".")

    def change(doc: pikepdf.Pdf) -> None:
        target = {
            "root": lambda: doc.Root,
            "page": lambda: doc.pages[0].obj,
            "image": lambda: next(iter(doc.pages[0].get_images().values())),
            "info": lambda: doc.docinfo,
            "intent": lambda: doc.Root.OutputIntents[0].DestOutputProfile,
        }[where]()
        target[Name("/" + key)] = value(doc)

    return change


def _icc(offset: int, data: bytes) -> Callable[[pikepdf.Pdf], None]:
    def change(doc: pikepdf.Pdf) -> None:
        profile = doc.Root.OutputIntents[0].DestOutputProfile
        icc = bytearray(profile.read_bytes())
        icc[offset : offset + len(data)] = data
        profile.write(bytes(icc))

    return change


def _font(descriptor: bool) -> Callable[[pikepdf.Pdf], None]:
    def change(doc: pikepdf.Pdf) -> None:
        font = Dictionary(Type=Name.Font, Subtype=Name.TrueType, BaseFont=Name.Arial)
        if descriptor:
            font.FontDescriptor = doc.make_indirect(Dictionary(Type=Name.FontDescriptor, FontName=Name.Arial, Flags=32))
        page = doc.pages[0]
        page.Resources.Font = Dictionary(F1=doc.make_indirect(font))
        page.contents_add(doc.make_stream(b"BT /F1 12 Tf 72 72 Td (x) Tj ET"))

    return change


def _annotation(**entries: object) -> Callable[[pikepdf.Pdf], None]:
    def change(doc: pikepdf.Pdf) -> None:
        annot = Dictionary(Type=Name.Annot, Rect=Array([0, 0, 10, 10]), **entries)
        doc.pages[0].obj.Annots = Array([doc.make_indirect(annot)])

    return change


def _stream_with(**entries: object) -> Callable[[pikepdf.Pdf], None]:
    def change(doc: pikepdf.Pdf) -> None:
        stream = doc.make_stream(b"q Q")
        for key, value in entries.items():
            stream[Name("/" + key)] = value
        doc.pages[0].obj.Resources.XObject = Dictionary(X9=stream)

    return change


def _gstate(**entries: object) -> Callable[[pikepdf.Pdf], None]:
    def change(doc: pikepdf.Pdf) -> None:
        doc.pages[0].obj.Resources.ExtGState = Dictionary(GS1=Dictionary(Type=Name.ExtGState, **entries))

    return change


def _attach(data: bytes) -> Callable[[pikepdf.Pdf], None]:
    def change(doc: pikepdf.Pdf) -> None:
        doc.attachments["inner.pdf"] = pikepdf.AttachedFileSpec(doc, data)

    return change


def _js(doc: pikepdf.Pdf) -> None:
    action = Dictionary(S=Name.JavaScript, JS="app.alert(1)")
    doc.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array(["a", doc.make_indirect(action)])))


def _no_id(pdf: bytes) -> bytes:
    plain = _edit(pdf, lambda doc: None, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return re.sub(rb"/ID \[<[0-9a-f]+><[0-9a-f]+>\]", lambda m: b" " * len(m.group()), plain)


def _header(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    return lambda pdf: pdf.replace(old, new, 1)


_KEEP = pikepdf.StreamDecodeLevel.none

BREAKERS: dict[str, tuple[str, Callable[[bytes], bytes]]] = {
    "header version 2.0": ("6.1.2", _header(b"%PDF-1.7", b"%PDF-2.0")),
    "no binary comment": ("6.1.2", lambda pdf: pdf[:9] + b"%abcd" + pdf[14:]),
    "data after %%EOF": ("6.1.3", lambda pdf: pdf + b"trailing garbage"),
    "no trailer ID": ("6.1.3: the trailer has no /ID", _no_id),
    "encrypted": (
        "6.1.3",
        lambda pdf: _edit(pdf, lambda doc: None, encryption=pikepdf.Encryption(owner="o", user="")),
    ),
    "no XMP": ("6.6.2", lambda pdf: _edit(pdf, lambda doc: doc.Root.__delitem__("/Metadata"))),
    "XMP not XML": ("6.6.2", lambda pdf: _edit(pdf, _set("root.Metadata", lambda d: d.make_stream(b"<x:xmp")))),
    "metadata stream not typed": (
        "6.6.2.1",
        lambda pdf: _edit(pdf, lambda doc: doc.Root.Metadata.__delitem__("/Type")),
    ),
    "XMP with a DTD": (
        "6.6.2",
        lambda pdf: _edit(
            pdf, lambda doc: doc.Root.Metadata.write(b'<!DOCTYPE x [<!ENTITY a "b">]>' + doc.Root.Metadata.read_bytes())
        ),
    ),
    "XMP packet with encoding": (
        "6.6.2",
        lambda pdf: _edit(
            pdf,
            lambda doc: doc.Root.Metadata.write(
                b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d" encoding="UTF-8"?>'
                + doc.Root.Metadata.read_bytes().split(b"?>", 1)[-1]
            ),
        ),
    ),
    "pdfaid part 1": ("6.6.4", lambda pdf: _edit(pdf, _metadata("pdfaid:part", "1"))),
    "pdfaid conformance A": ("6.6.4", lambda pdf: _edit(pdf, _metadata("pdfaid:conformance", "A"))),
    "Info title differs": ("6.6.3", lambda pdf: _edit(pdf, _set("info.Title", lambda d: "Sổ hộ khẩu"))),
    "Info date differs": (
        "6.6.3",
        lambda pdf: _edit(pdf, _set("info.ModDate", lambda d: "D:20200101000000Z")),
    ),
    "no output intent": ("6.2.2", lambda pdf: _edit(pdf, lambda doc: doc.Root.__delitem__("/OutputIntents"))),
    "output intent N wrong": ("6.2.3", lambda pdf: _edit(pdf, _set("intent.N", lambda d: 4))),
    "ICC abstract class": ("6.2.3", lambda pdf: _edit(pdf, _icc(12, b"abst"))),
    "ICC version 5": ("6.2.3", lambda pdf: _edit(pdf, _icc(8, b"\x05"))),
    "ICC not a profile": ("6.2.3", lambda pdf: _edit(pdf, _icc(36, b"xxxx"))),
    "RGB image, gray intent": ("6.2.4.3", lambda pdf: _edit(pdf, _icc(16, b"GRAY"))),
    "standard font, not embedded": ("6.2.11.4", lambda pdf: _edit(pdf, _font(descriptor=False))),
    "descriptor without font file": ("6.2.11.4", lambda pdf: _edit(pdf, _font(descriptor=True))),
    "JavaScript name tree": ("6.5.1", lambda pdf: _edit(pdf, _js)),
    "JavaScript open action": (
        "6.5.1",
        lambda pdf: _edit(pdf, _set("root.OpenAction", lambda d: Dictionary(S=Name.JavaScript, JS="x"))),
    ),
    "Launch link": (
        "6.5.1",
        lambda pdf: _edit(pdf, _annotation(Subtype=Name.Link, F=4, A=Dictionary(S=Name.Launch, F="cmd.exe"))),
    ),
    "Named action Print": (
        "6.5.1",
        lambda pdf: _edit(pdf, _annotation(Subtype=Name.Link, F=4, A=Dictionary(S=Name.Named, N=Name.Print))),
    ),
    "page additional actions": ("6.5.2", lambda pdf: _edit(pdf, _set("page.AA", lambda d: Dictionary()))),
    "catalog additional actions": ("6.5.2", lambda pdf: _edit(pdf, _set("root.AA", lambda d: Dictionary()))),
    "annotation without Print flag": ("6.3.2", lambda pdf: _edit(pdf, _annotation(Subtype=Name.Square, F=0))),
    "hidden annotation": ("6.3.2", lambda pdf: _edit(pdf, _annotation(Subtype=Name.Square, F=4 | 2))),
    "movie annotation": ("6.3.1", lambda pdf: _edit(pdf, _annotation(Subtype=Name.Movie, F=4))),
    "LZW stream": (  # qpdf re-encodes LZW as Flate unless told to leave streams alone
        "6.1.7",
        lambda pdf: _edit(
            pdf,
            _stream_with(Filter=Name.LZWDecode),
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            compress_streams=False,
        ),
    ),
    "external stream": ("6.1.7", lambda pdf: _edit(pdf, _stream_with(F="data.bin"))),
    "PostScript XObject": ("6.2.9", lambda pdf: _edit(pdf, _stream_with(Type=Name.XObject, Subtype=Name.PS))),
    "JPX image": (
        "6.2.8",
        lambda pdf: _edit(
            pdf, _stream_with(Type=Name.XObject, Subtype=Name.Image, Filter=Name.JPXDecode, Width=1, Height=1)
        ),
    ),
    "interpolated image": ("6.2.8", lambda pdf: _edit(pdf, _set("image.Interpolate", lambda d: True))),
    "image soft mask": ("6.2.10", lambda pdf: _edit(pdf, _set("image.SMask", lambda d: d.make_stream(b"\xff")))),
    "page transparency group": (
        "6.2.10",
        lambda pdf: _edit(pdf, _set("page.Group", lambda d: Dictionary(S=Name.Transparency))),
    ),
    "soft mask in graphics state": ("6.2.10", lambda pdf: _edit(pdf, _gstate(SMask=Dictionary(S=Name.Alpha)))),
    "constant alpha": ("6.2.10", lambda pdf: _edit(pdf, _gstate(ca=0.5))),
    "form NeedAppearances": (
        "6.4.1",
        lambda pdf: _edit(pdf, _set("root.AcroForm", lambda d: Dictionary(Fields=Array(), NeedAppearances=True))),
    ),
    "form XFA": (
        "6.4.2",
        lambda pdf: _edit(pdf, _set("root.AcroForm", lambda d: Dictionary(Fields=Array(), XFA=d.make_stream(b"<")))),
    ),
    "embedded text file": ("6.8", lambda pdf: _edit(pdf, _attach(b"not a PDF/A"))),
    "embedded plain PDF": (
        "6.8",
        lambda pdf: _edit(pdf, _attach(_edit(pdf, lambda d: d.Root.__delitem__("/Metadata")))),
    ),
}


def test_our_copy_passes(good: bytes) -> None:
    assert pdfa_problems(good) == []
    assert second_opinion(good) == []


def test_the_second_opinion_can_fail(good: bytes) -> None:
    assert second_opinion(_edit(good, lambda doc: doc.Root.__delitem__("/OutputIntents")))


@pytest.mark.parametrize("case", sorted(BREAKERS))
def test_each_rule_fails_on_a_file_that_breaks_it(good: bytes, case: str) -> None:
    clause, breaker = BREAKERS[case]
    problems = pdfa_problems(breaker(good))
    assert any(p.startswith(clause) for p in problems), problems


def test_an_embedded_pdfa_file_is_allowed(good: bytes) -> None:
    assert pdfa_problems(_edit(good, _attach(good))) == []


def test_a_file_that_is_not_a_pdf_is_one_problem() -> None:
    problems = pdfa_problems(b"GIF89a not a pdf")
    assert problems and any("not a readable PDF" in p for p in problems)
