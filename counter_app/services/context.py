"""What every service call needs: the database, who is acting, and the clock."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from counter_app.services.errors import Refused
from counter_app.storage.engine import Database


def utc_now() -> datetime:
    return datetime.now(UTC)


def os_user() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers) or no login name
        return None


@dataclass(frozen=True)
class Actor:
    """The clerk account a write is recorded under, and through which door it came."""

    user_id: int | None
    username: str
    source: str  # "gui", "cli" or "system"
    os_user: str | None = None


SYSTEM = Actor(user_id=None, username="system", source="system")


@dataclass(frozen=True)
class Context:
    db: Database
    actor: Actor = SYSTEM
    clock: Callable[[], datetime] = field(default=utc_now)

    def now(self) -> datetime:
        return self.clock()


class SessionGate:
    """Whether a signed-in session may write: the GUI closes it while its screen is locked.

    A context whose database is :meth:`guard`-ed refuses every write unit begun while the gate is
    closed (``Refused("session.locked")``), whichever button, scan or late task started it."""

    def __init__(self) -> None:
        self.is_open = True

    def close(self) -> None:
        self.is_open = False

    def open(self) -> None:
        self.is_open = True

    def check(self) -> None:
        if not self.is_open:
            raise Refused("session.locked")

    def guard(self, db: Database) -> Database:
        return db.guarded(self.check)
