"""Shared fixtures: headless Qt, a migrated counter database in a temporary data directory."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything can create a QApplication
os.environ.setdefault("COUNTER_APP_LANG", "vi")
os.environ.setdefault("COUNTER_APP_FORM_FONT", "bundled")  # the same serif on every PC (reference images)

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counter_app.services import office
from counter_app.services.context import Actor, Context
from counter_app.services.database import open_database
from counter_app.services.users import find_user

OFFICE_CODE = "000.12.34.H26"
ADMIN_PASSWORD = "mat-khau-quan-tri"


class FakeClock:
    """A settable clock for services (aware UTC datetimes)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def clock() -> FakeClock:
    # Tuesday 18/11/2025, 09:00 in Vietnam
    return FakeClock(datetime(2025, 11, 18, 2, 0, tzinfo=UTC))


@pytest.fixture
def ctx(data_dir: Path, clock: FakeClock) -> Iterator[Context]:
    """An initialised counter (workstation 2), acting as its admin, on a fake clock."""
    db = open_database(data_dir, create=True)
    setup = Context(db, Actor(None, "admin", "cli"), clock)
    office.initialize(
        setup,
        office.InitRequest(
            office_code=OFFICE_CODE,
            office_name="UBND xã Tân Lập",
            parent_name="UBND TỈNH PHÚ THỌ",
            workstation=2,
            admin_password=ADMIN_PASSWORD,
        ),
    )
    admin = find_user(setup, "admin")
    yield Context(db, Actor(admin.id, admin.username, "cli"), clock)
    db.close()
