"""Counters and the real hub side by side over loopback.

The hub fixtures come from tests/hub/conftest.py (imported, so pytest registers them here too):
``hub_server`` runs on SQLite and PostgreSQL; ``sqlite_hub`` is the same server on SQLite only, for the
tests whose subject is the counter rather than the hub's database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from counter_app.domain.applicant import make_applicant
from counter_app.services import intake, office
from counter_app.services.context import Actor, Context
from counter_app.services.database import open_database
from counter_app.services.users import find_user
from counter_app.storage.engine import Database
from district_server import service
from district_server.db import utc_now
from tests.hub.conftest import HubServer, hub_db_url, hub_server, pg_cluster

__all__ = ["hub_db_url", "hub_server", "pg_cluster"]  # fixtures re-exported from tests/hub

COMMUNE_A = "000.12.34.H26"
COMMUNE_B = "000.56.78.H26"
BIRTH = "2.000635"  # bản sao trích lục hộ tịch: same day, 15:00 (khai sinh takes no paper)


class ShiftedClock:
    """The real time plus a settable skew (a PC whose clock is wrong by ``skew``)."""

    def __init__(self, skew: timedelta = timedelta(0)) -> None:
        self.skew = skew

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.skew


@dataclass
class Counter:
    """One counter PC: its database, acting as its admin."""

    ctx: Context
    db: Database
    data_dir: Path
    clock: ShiftedClock
    workstation: int
    commune: str

    def take(self, name: str = "Nguyễn Thị Hồng Nhung") -> str:
        """Accept a birth registration dossier; its code."""
        applicant = make_applicant(name, id_number="001190123456", phone="0912345678")
        return intake.accept(self.ctx, intake.IntakeRequest(BIRTH, applicant)).dossier.code


@pytest.fixture
def sqlite_hub(tmp_path: Path) -> Iterator[HubServer]:
    server = HubServer(f"sqlite:///{tmp_path / 'hub.db'}").start()
    try:
        yield server
    finally:
        server.stop()


MakeCounter = Callable[..., Counter]


@pytest.fixture
def make_counter(tmp_path: Path) -> Iterator[MakeCounter]:
    made: list[Counter] = []

    def make(commune: str = COMMUNE_A, workstation: int = 1, skew: timedelta = timedelta(0)) -> Counter:
        data_dir = tmp_path / f"counter-{commune}-{workstation}-{len(made)}"
        db = open_database(data_dir, create=True)
        clock = ShiftedClock(skew)
        setup = Context(db, Actor(None, "admin", "cli"), clock)
        office.initialize(
            setup,
            office.InitRequest(
                office_code=commune,
                office_name="UBND xã Tân Lập" if commune == COMMUNE_A else "UBND xã Hòa Bình",
                workstation=workstation,
                admin_password="mat-khau-quan-tri",
            ),
        )
        admin = find_user(setup, "admin")
        counter = Counter(
            Context(db, Actor(admin.id, "admin", "cli"), clock), db, data_dir, clock, workstation, commune
        )
        made.append(counter)
        return counter

    yield make
    for counter in made:
        counter.db.close()


def add_commune(server: HubServer, code: str, name: str) -> None:
    assert server.hub is not None
    with server.hub.write() as session:
        service.add_commune(session, code, name, utc_now())


def issue_code(server: HubServer, commune: str) -> str:
    assert server.hub is not None
    with server.hub.write() as session:
        return service.issue_enroll_code(session, commune, utc_now()).code
