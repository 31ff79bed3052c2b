"""Where things are: packaged resources, migrations and the user's data directory.

All resource access goes through here so a development tree and a frozen bundle behave the same,
and nothing depends on the working directory.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "counter_app"
DATA_ENV = "COUNTER_APP_DATA"
DATABASE_NAME = "counter.sqlite3"


def project_root() -> Path:
    """The directory holding ``resources/`` and ``db/`` (the bundle directory when frozen)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return project_root() / "resources"


def catalogue_dir() -> Path:
    return resources_dir() / "catalogue"


def migrations_dir() -> Path:
    return project_root() / "db"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The user-data directory: ``explicit`` (``--data-dir``), else $COUNTER_APP_DATA, else the platform's."""
    chosen = explicit or os.environ.get(DATA_ENV) or platformdirs.user_data_dir(APP_NAME, appauthor=False)
    return Path(chosen).expanduser().resolve()


def database_path(directory: Path) -> Path:
    return directory / DATABASE_NAME


def backups_dir(directory: Path) -> Path:
    return directory / "backups"


def logs_dir(directory: Path) -> Path:
    return directory / "logs"
