"""Scans for the copies tests: rendered once per session (an A4 page at 300 dpi takes half a second)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PIL import Image

from counter_app.copies.samples import sample_photo, sample_scan


@dataclass(frozen=True)
class Scan:
    """A page as counter_app.scanning hands it over (image, dpi, source)."""

    image: Image.Image
    dpi: int
    source: str = "file"


@pytest.fixture(scope="session")
def text_300() -> Scan:
    return Scan(sample_scan(300), 300)


@pytest.fixture(scope="session")
def text_200() -> Scan:
    return Scan(sample_scan(200, seed=2), 200)


@pytest.fixture(scope="session")
def photo() -> Scan:
    return Scan(sample_photo(200), 200)
