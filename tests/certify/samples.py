"""Sample copies to sign: A4 scanned-looking pages in a PDF/A-2b file (img2pdf + pikepdf), as
``counter_app.copies.build_copy`` makes them (grey JPEG pages, XMP pdfaid part 2 / B, an sRGB intent)."""

from __future__ import annotations

import io

import img2pdf
import pikepdf
from PIL import Image, ImageCms, ImageDraw


def page_image(number: int, dpi: int = 150) -> Image.Image:
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for line in range(40):
        y = dpi + line * dpi // 4
        draw.rectangle((dpi, y, width - dpi - (line * 37 % 300), y + dpi // 12), fill=30)
    draw.text((dpi, dpi // 2), f"Trang {number}", fill=0)
    return image


def sample_copy(pages: int = 1, *, title: str = "Giấy khai sinh") -> bytes:
    """A PDF/A-2b copy of ``pages`` scanned-looking pages."""
    jpegs = []
    for number in range(1, pages + 1):
        buf = io.BytesIO()
        page_image(number).save(buf, "JPEG", quality=60, dpi=(150, 150))
        jpegs.append(buf.getvalue())
    raw = img2pdf.convert(jpegs)
    pdf = pikepdf.open(io.BytesIO(raw))
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    profile = pdf.make_stream(icc)
    profile.N = 3
    pdf.Root.OutputIntents = pikepdf.Array(
        [
            pikepdf.Dictionary(
                Type=pikepdf.Name.OutputIntent,
                S=pikepdf.Name.GTS_PDFA1,
                OutputConditionIdentifier=pikepdf.String("sRGB"),
                DestOutputProfile=profile,
            )
        ]
    )
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
        meta["dc:title"] = title
    out = io.BytesIO()
    pdf.save(out, fix_metadata_version=True)
    return out.getvalue()
