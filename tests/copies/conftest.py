"""Scans for the copies tests: rendered once per session (an A4 page at 300 dpi takes half a second)."""

from __future__ import annotations

import pytest
from PIL import Image

from counter_app.copies.samples import sample_photo, sample_scan
from counter_app.scanning.pages import Page


def Scan(image: Image.Image, dpi: int) -> Page:
    """A page from a scanner."""
    return Page(image, dpi, "scanner")


@pytest.fixture(scope="session")
def text_300() -> Page:
    return Scan(sample_scan(300), 300)


@pytest.fixture(scope="session")
def text_200() -> Page:
    return Scan(sample_scan(200, seed=2), 200)


@pytest.fixture(scope="session")
def photo() -> Page:
    return Scan(sample_photo(200), 200)


def second_opinion(pdf: bytes) -> list[str]:
    """pikepdf's own PDF/A-2b allowlist validator (pikepdf.pdfa, independent of ours): its findings.

    It approves a file only when it recognises every construct as conforming, so an empty list is
    a strong statement; it is not ours to ship (its schemas need jsonschema, a test dependency here).
    """
    import io

    import pikepdf
    import pikepdf.pdfa

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        report = pikepdf.pdfa.check(doc, "2b")
        return [] if report.passed else [str(finding) for finding in report.findings]
