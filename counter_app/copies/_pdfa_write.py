"""Make an open PDF a PDF/A-2b file: XMP identification and matching Info, the sRGB output intent,
a document ID, PDF 1.7 header; used by build (the image copy) and ocr (the searchable copy)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from functools import cache

import pikepdf
from pikepdf.models.metadata import decode_pdf_date
from PIL import ImageCms

import counter_app

PRODUCER = f"counter_app {counter_app.__version__}"
SRGB_NAME = "sRGB IEC61966-2.1"


@cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile (display class, v4) made by LittleCMS through Pillow: no file to ship."""
    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def _output_intent(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    profile = pdf.make_stream(srgb_profile())
    profile.N = 3
    return pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier=SRGB_NAME,
        Info=SRGB_NAME,
        RegistryName="http://www.color.org",
        DestOutputProfile=profile,
    )


def finish_pdfa(pdf: pikepdf.Pdf, *, title: str | None = None, when: datetime | None = None) -> bytes:
    """Write ``pdf`` as PDF/A-2b and return the bytes.

    ``title`` None keeps the document's own title (the OCR pass). The Info dictionary is rebuilt from
    the XMP, so the two agree (PDF/A-2 6.6.3); the trailer ID is derived from the content.
    """
    moment = (when or datetime.now(UTC)).replace(microsecond=0)
    if title is None:
        title = str(pdf.docinfo.get("/Title", "")) or None
    if "/Encrypt" in pdf.trailer:  # never the case for our files; pikepdf drops it on save anyway
        del pdf.trailer["/Encrypt"]
    created = pdf.docinfo.get("/CreationDate")
    # Start from a clean Info dictionary: what img2pdf or OCRmyPDF put there is replaced.
    pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary())
    if "/Metadata" in pdf.Root:
        del pdf.Root["/Metadata"]
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as meta:
        if title:
            meta["dc:title"] = title
        meta["pdf:Producer"] = PRODUCER
        meta["xmp:CreatorTool"] = PRODUCER
        meta["xmp:CreateDate"] = _xmp_date(created, moment)
        meta["xmp:ModifyDate"] = moment.isoformat()
        meta["xmp:MetadataDate"] = moment.isoformat()
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(_output_intent(pdf))])
    out = io.BytesIO()
    pdf.save(
        out,
        min_version="1.7",
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
        fix_metadata_version=True,
    )
    return out.getvalue()


def _xmp_date(created: object, fallback: datetime) -> str:
    """The original creation date (kept through the OCR pass), as an XMP date."""
    if created is not None:
        try:
            return decode_pdf_date(str(created)).isoformat()
        except ValueError:
            pass
    return fallback.isoformat()
