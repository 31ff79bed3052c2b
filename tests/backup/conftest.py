"""Backup fixtures: a counter with dossiers and stored paper copies, and a backup location beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_app.services import papers
from counter_app.services.context import Context
from tests.services.paper_support import accept, small_page


@pytest.fixture
def target(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def fill(ctx: Context, dossiers: int = 3, copies: int = 1) -> list[str]:
    """Take in ``dossiers`` dossiers, each with ``copies`` certified copies of its first paper."""
    codes = []
    for n in range(dossiers):
        code = accept(ctx)
        for c in range(copies):
            papers.store_copy(ctx, code, 1, [small_page(n * 10 + c)])
        codes.append(code)
    return codes
