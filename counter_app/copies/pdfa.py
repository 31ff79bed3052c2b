"""Our own check of the PDF/A-2b rules that matter for the copies (veraPDF is not available here).

This is a **subset** of ISO 19005-2 level B, checked with pikepdf: the rules a scanned-and-OCRed
copy can break, each with the clause it comes from. It never says a file conforms in full; it says
which of these rules a file breaks. Stricter than the standard in one place: we allow no
transparency at all (PDF/A-2 allows it under conditions that our files never need).

Covered (clause of ISO 19005-2):

* 6.1.2  header ``%PDF-1.n`` (n ≤ 7) at byte 0 and a binary comment on the next line;
* 6.1.3  a trailer ``/ID``, no ``/Encrypt``; nothing but an end-of-line after the last ``%%EOF``;
* 6.1.7  no stream with ``/F``, ``/FFilter`` or ``/FDecodeParms`` (external data); no LZWDecode;
* 6.2.2/6.2.3  an OutputIntent ``/GTS_PDFA1`` with an embedded ICC profile whose ``/N`` matches its
  colour space, of device class prtr, mntr, scnr or spac, major version ≤ 4; several intents share it;
* 6.2.4.3  DeviceRGB or DeviceCMYK only with an output intent of that colour model;
* 6.2.8  images: no ``/Alternates``, no ``/OPI``, ``/Interpolate`` not true; filters from the
  PDF/A list (JPX refused by this check: our copies never use it and we do not verify its rules);
* 6.2.9  no PostScript XObjects, no reference XObjects;
* 6.2.10 (ours, stricter) no soft masks and no transparency groups;
* 6.2.11 every font embedded (``/FontFile``, ``/FontFile2`` or ``/FontFile3``; Type 3 needs none);
* 6.3    annotations of allowed types, with the Print flag and without Hidden, Invisible, NoView;
* 6.4    no ``/NeedAppearances`` true and no XFA in a form;
* 6.5    no JavaScript, Launch, Sound, Movie, ResetForm, ImportData, Hide, Rendition, Trans or
  GoTo3DView actions; no ``/AA`` on the catalog or a page; Named actions only to move between pages;
* 6.6    catalog ``/Metadata`` (``/Type /Metadata /Subtype /XML``) with well-formed XMP (no DTD, no
  ``bytes`` or ``encoding`` in the packet header), ``pdfaid:part`` 2 and ``pdfaid:conformance`` B,
  and an Info dictionary that agrees with it (Title, Author, Subject, Keywords, Creator, Producer,
  CreationDate, ModDate);
* 6.8    embedded files only if they are themselves PDF/A-1 or PDF/A-2 (checked by these rules).

Not covered, among others: the content stream operators and their resources, font program internals
and glyph widths, implementation limits, optional content configuration, the XMP extension schemas.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime
from xml.etree import ElementTree

import pikepdf
from pikepdf.models.metadata import decode_pdf_date

_HEADER = re.compile(rb"%PDF-1\.[0-7]\r?\n")
_ALLOWED_FILTERS = {
    "/ASCIIHexDecode", "/ASCII85Decode", "/FlateDecode", "/RunLengthDecode",
    "/CCITTFaxDecode", "/JBIG2Decode", "/DCTDecode", "/Crypt",
}  # fmt: skip
_FORBIDDEN_ACTIONS = {
    "/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/JavaScript", "/Hide",
    "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView",
}  # fmt: skip
_NAMED_OK = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
_ANNOTATION_TYPES = {
    "/Text", "/Link", "/FreeText", "/Line", "/Square", "/Circle", "/Polygon", "/PolyLine",
    "/Highlight", "/Underline", "/Squiggly", "/StrikeOut", "/Stamp", "/Caret", "/Ink", "/Popup",
    "/Widget", "/PrinterMark", "/TrapNet", "/Watermark", "/Redact",
}  # fmt: skip
_ICC_CLASSES = {b"prtr", b"mntr", b"scnr", b"spac"}
_ICC_COMPONENTS = {b"GRAY": 1, b"RGB ": 3, b"CMYK": 4}
# Info key -> XMP property that must carry the same value (6.6.3).
_INFO_XMP = {
    "/Title": "dc:title", "/Author": "dc:creator", "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords", "/Creator": "xmp:CreatorTool", "/Producer": "pdf:Producer",
}  # fmt: skip
_INFO_DATES = {"/CreationDate": "xmp:CreateDate", "/ModDate": "xmp:ModifyDate"}
_XPACKET = re.compile(rb"<\?xpacket begin=[^>]*\?>")
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_MAX_DEPTH = 2  # embedded PDFs checked inside embedded PDFs, no deeper


def pdfa_problems(pdf: bytes) -> list[str]:
    """The rules of our PDF/A-2b subset that ``pdf`` breaks, one English sentence each ([] = passes)."""
    return _problems(pdf, depth=0)


def _problems(data: bytes, depth: int) -> list[str]:
    problems = list(_file_structure(data))
    try:
        doc = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        return [*problems, "6.1.3: the file is encrypted"]
    except pikepdf.PdfError as exc:
        return [*problems, f"the file is not a readable PDF: {exc}"]
    with doc:
        try:
            _document(doc, depth, problems)
        except (pikepdf.PdfError, AttributeError, TypeError, ValueError, KeyError, IndexError) as exc:
            # A damaged object where a dictionary, a number or a name must be: the file fails.
            problems.append(f"the file's objects are damaged ({type(exc).__name__}: {str(exc)[:200]})")
    return list(dict.fromkeys(problems))  # each sentence once, in order


def _document(doc: pikepdf.Pdf, depth: int, problems: list[str]) -> None:
    if doc.is_encrypted or "/Encrypt" in doc.trailer:
        problems.append("6.1.3: the trailer has /Encrypt")
    if "/ID" not in doc.trailer:
        problems.append("6.1.3: the trailer has no /ID")
    if not isinstance(doc.trailer.get("/Root"), pikepdf.Dictionary):
        problems.append("the file has no document catalog")
        return
    problems += _metadata(doc)
    intents = _output_intents(doc, problems)
    problems += _objects(doc, intents)
    problems += _embedded(doc, depth)


def _file_structure(data: bytes) -> Iterator[str]:
    if not _HEADER.match(data):
        yield "6.1.2: the file does not start with a %PDF-1.0 … %PDF-1.7 header line"
    else:
        second = data[data.index(b"\n") + 1 :].split(b"\n", 1)[0]
        if not (second.startswith(b"%") and sum(b > 127 for b in second[1:5]) == 4):
            yield "6.1.2: the header is not followed by a comment of four binary bytes"
    end = data.rfind(b"%%EOF")
    if end < 0 or data[end + 5 :] not in (b"", b"\n", b"\r\n", b"\r"):
        yield "6.1.3: data follows the last %%EOF"


def _metadata(doc: pikepdf.Pdf) -> list[str]:
    stream = doc.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return ["6.6.2: the catalog has no XMP /Metadata"]
    if stream.get("/Type") != "/Metadata" or stream.get("/Subtype") != "/XML":
        return ["6.6.2.1: the metadata stream is not /Type /Metadata /Subtype /XML"]
    broken = _xmp_broken(stream.read_bytes())
    if broken:
        return [f"6.6.2: the XMP metadata {broken}"]
    try:
        meta = doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False, strict=True)
        values = {key: meta.get(key) for key in ("pdfaid:part", "pdfaid:conformance", *_INFO_XMP.values())}
        dates = {key: meta.get(key) for key in _INFO_DATES.values()}
    except Exception as exc:  # noqa: BLE001 (any parse failure of the XMP is the finding)
        return [f"6.6.2: the XMP metadata cannot be parsed: {exc}"]
    problems = []
    if str(values["pdfaid:part"]) != "2":
        problems.append(f"6.6.4: pdfaid:part is {values['pdfaid:part']!r}, not 2")
    if str(values["pdfaid:conformance"]) != "B":
        problems.append(f"6.6.4: pdfaid:conformance is {values['pdfaid:conformance']!r}, not B")
    info = doc.trailer.get("/Info")
    if isinstance(info, pikepdf.Dictionary):
        for key, prop in _INFO_XMP.items():
            if key in info and _xmp_text(values[prop]) != str(info[key]):
                problems.append(f"6.6.3: Info {key} does not match XMP {prop}")
        for key, prop in _INFO_DATES.items():
            if key in info and not _same_moment(str(info[key]), dates[prop]):
                problems.append(f"6.6.3: Info {key} does not match XMP {prop}")
    return problems


def _xmp_broken(data: bytes) -> str | None:
    """Why the XMP packet is not well-formed XMP, or None. A DTD is refused unparsed (XMP has none,
    and entity declarations are how an XML bomb works)."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return "has a DTD"
    packet = _XPACKET.search(data)
    if packet and (b"bytes=" in packet.group() or b"encoding=" in packet.group()):
        return "packet header has a bytes or encoding attribute (6.6.2.1)"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"is not well-formed XML ({exc})"
    if root.find(f".//{{{_RDF}}}RDF") is None and root.tag != f"{{{_RDF}}}RDF":
        return "has no rdf:RDF element"
    return None


def _xmp_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple | set):  # dc:creator is a sequence: Info holds it joined
        return ", ".join(str(v) for v in value)
    return str(value)


def _same_moment(pdf_date: str, xmp_date: object) -> bool:
    if xmp_date is None:
        return False
    try:
        return decode_pdf_date(pdf_date) == datetime.fromisoformat(str(xmp_date))
    except ValueError:
        return False


def _output_intents(doc: pikepdf.Pdf, problems: list[str]) -> set[int]:
    """Check the PDF/A output intents; return the colour component counts they allow (1, 3, 4)."""
    listed = doc.Root.get("/OutputIntents")
    intents = list(listed) if isinstance(listed, pikepdf.Array) else []
    found = [i for i in intents if isinstance(i, pikepdf.Dictionary) and i.get("/S") == "/GTS_PDFA1"]
    if not found:
        problems.append("6.2.2: there is no /GTS_PDFA1 output intent")
        return set()
    profiles = [i.get("/DestOutputProfile") for i in found]
    if len({p.objgen if isinstance(p, pikepdf.Stream) else None for p in profiles}) > 1:
        problems.append("6.2.2: the output intents have different profiles")
    allowed = set()
    for profile in profiles:
        if not isinstance(profile, pikepdf.Stream):
            problems.append("6.2.3: the output intent has no embedded ICC profile")
            continue
        icc = profile.read_bytes()
        if len(icc) < 128 or icc[36:40] != b"acsp":
            problems.append("6.2.3: the output intent's ICC profile is not an ICC profile")
            continue
        components = _ICC_COMPONENTS.get(icc[16:20])
        if components is None or int(profile.get("/N", 0)) != components:
            problems.append("6.2.3: the output intent's /N does not match its ICC profile's colour space")
        if icc[12:16] not in _ICC_CLASSES:
            problems.append("6.2.3: the output intent's ICC profile is not of class prtr, mntr, scnr or spac")
        if icc[8] > 4:
            problems.append("6.2.3: the output intent's ICC profile is newer than version 4")
        if components:
            allowed.add(components)
    return allowed


def _objects(doc: pikepdf.Pdf, intents: set[int]) -> Iterator[str]:
    """Every object reachable from the trailer, each indirect one once, with the key it was found under."""
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[pikepdf.Object, str | None]] = [(doc.trailer, None)]
    while stack:
        obj, key = stack.pop()
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream):
            continue
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Stream):
            yield from _stream(obj, intents)
            yield from _dictionary(obj, key)
            stack += [(value, name) for name, value in obj.items() if name not in ("/Length", "/Parent")]
        elif isinstance(obj, pikepdf.Dictionary):
            yield from _dictionary(obj, key)
            stack += [(value, name) for name, value in obj.items() if name != "/Parent"]
        elif isinstance(obj, pikepdf.Array):
            stack += [(value, key) for value in obj]


def _filters(obj: pikepdf.Object) -> list[str]:
    value = obj.get("/Filter")
    if value is None:
        return []
    return [str(f) for f in value] if isinstance(value, pikepdf.Array) else [str(value)]


def _stream(stream: pikepdf.Stream, intents: set[int]) -> Iterator[str]:
    if any(key in stream for key in ("/F", "/FFilter", "/FDecodeParms")):
        yield "6.1.7: a stream refers to external data (/F, /FFilter or /FDecodeParms)"
    filters = _filters(stream)
    if "/LZWDecode" in filters:
        yield "6.1.7: a stream uses LZWDecode"
    subtype = stream.get("/Subtype")
    if subtype == "/Image":
        unknown = [f for f in filters if f not in _ALLOWED_FILTERS]
        if unknown:
            yield f"6.2.8: an image uses the filter {unknown[0]} (JPX is not checked, others not allowed)"
        if bool(stream.get("/Interpolate", False)):
            yield "6.2.8: an image has /Interpolate true"
        if "/Alternates" in stream or "/OPI" in stream:
            yield "6.2.8: an image has /Alternates or /OPI"
        if "/SMask" in stream:
            yield "6.2.10: an image has a soft mask (no transparency allowed)"
        yield from _colour_space(stream.get("/ColorSpace"), intents)
    elif subtype == "/PS" or stream.get("/Subtype2") == "/PS":
        yield "6.2.9: a PostScript XObject"
    elif subtype == "/Form":
        if "/Ref" in stream or "/OPI" in stream:
            yield "6.2.9: a form XObject with /Ref or /OPI"
        if "/Group" in stream:
            yield "6.2.10: a form XObject has a transparency group (no transparency allowed)"


def _colour_space(space: pikepdf.Object | None, intents: set[int]) -> Iterator[str]:
    name = str(space[0]) if isinstance(space, pikepdf.Array) and len(space) else str(space)
    if name == "/DeviceRGB" and 3 not in intents:
        yield "6.2.4.3: DeviceRGB is used without an RGB output intent"
    elif name == "/DeviceCMYK" and 4 not in intents:
        yield "6.2.4.3: DeviceCMYK is used without a CMYK output intent"


def _dictionary(obj: pikepdf.Object, key: str | None) -> Iterator[str]:
    """Checks of a dictionary (or a stream's dictionary) by its type and the key it was found under."""
    kind = obj.get("/Type")
    if "/AA" in obj:
        yield "6.5.2: additional actions (/AA)"
    if kind == "/Page" and "/Group" in obj:
        yield "6.2.10: a page has a transparency group (no transparency allowed)"
    if key == "/ExtGState":  # the resource dictionary of graphics states
        for state in obj.values():
            if isinstance(state, pikepdf.Dictionary):
                yield from _graphics_state(state)
    if kind in ("/Font", "/FontDescriptor"):
        yield from _font(obj)
    if key == "/Annots" and isinstance(obj, pikepdf.Dictionary):
        yield from _annotation(obj)
    if key in ("/A", "/OpenAction", "/Next") and isinstance(obj, pikepdf.Dictionary):
        yield from _action(obj)
    if key == "/Names" and "/JavaScript" in obj:
        yield "6.5.1: the document has JavaScript (/Names /JavaScript)"
    if key == "/AcroForm":
        if bool(obj.get("/NeedAppearances", False)):
            yield "6.4.1: the form has /NeedAppearances true"
        if "/XFA" in obj:
            yield "6.4.2: the form has XFA"


def _graphics_state(state: pikepdf.Dictionary) -> Iterator[str]:
    smask = state.get("/SMask")
    if smask is not None and smask != "/None":
        yield "6.2.10: a graphics state sets a soft mask (no transparency allowed)"
    if float(state.get("/CA", 1)) != 1 or float(state.get("/ca", 1)) != 1:
        yield "6.2.10: a graphics state sets a constant alpha below 1 (no transparency allowed)"
    if "/TR" in state or ("/TR2" in state and state.TR2 != "/Default"):
        yield "6.2.5: a graphics state sets a transfer function"


def _font(font: pikepdf.Object) -> Iterator[str]:
    if font.get("/Type") == "/FontDescriptor":
        if not any(key in font for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            yield f"6.2.11.4: the font {font.get('/FontName')} is not embedded"
        return
    if font.get("/Subtype") in ("/Type3", "/Type0"):  # Type 3: glyphs are content; Type 0: see descendant
        return
    if "/FontDescriptor" not in font:
        yield f"6.2.11.4: the font {font.get('/BaseFont')} is not embedded (no font descriptor)"


def _annotation(annot: pikepdf.Object) -> Iterator[str]:
    subtype = str(annot.get("/Subtype"))
    if subtype not in _ANNOTATION_TYPES:
        yield f"6.3.1: an annotation of type {subtype} is not allowed"
        return
    flags = int(annot.get("/F", 0))
    if subtype != "/Popup" and not flags & 4:
        yield f"6.3.2: a {subtype} annotation does not have the Print flag"
    if flags & (1 | 2 | 32):
        yield f"6.3.2: a {subtype} annotation is Hidden, Invisible or NoView"


def _action(action: pikepdf.Object) -> Iterator[str]:
    kind = str(action.get("/S"))
    if kind in _FORBIDDEN_ACTIONS:
        yield f"6.5.1: a {kind[1:]} action"
    elif kind == "/Named" and str(action.get("/N")) not in _NAMED_OK:
        yield f"6.5.1: a Named action {action.get('/N')}"


def _embedded(doc: pikepdf.Pdf, depth: int) -> Iterator[str]:
    for name, attached in doc.attachments.items():
        data = attached.get_file().read_bytes()
        if depth >= _MAX_DEPTH:
            yield f"6.8: the embedded file {name!r} is nested too deep to check"
            continue
        inner = _problems(data, depth + 1) if data.startswith(b"%PDF-") else ["not a PDF"]
        # An embedded PDF/A-1 is fine too: only its part number may differ.
        inner = [p for p in inner if not p.startswith("6.6.4: pdfaid:part is '1'")]
        if inner:
            yield f"6.8: the embedded file {name!r} is not PDF/A-1 or PDF/A-2 ({inner[0]})"
