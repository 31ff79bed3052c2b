"""``counter-app``: the scripting CLI over the same services as the desktop app.

A stable contract for administrators, scheduled tasks and tests (like calibre's ``calibredb``).
``--json`` prints exactly one JSON document on stdout. Bad input prints one line naming the problem
on stderr, exits with status 2 and writes nothing. ``search`` exits with status 1 when nothing matches
(as grep does), saying so on stderr (``--json``: ``[]``). Options such as ``--json`` and ``--data-dir``
go before or after the command. With no command, the desktop app opens.

The package, as calibre's ``calibre/db/cli/``: ``base`` (the session, exit statuses, argument types,
helpers), ``parser`` (``build_parser``, from each command module's ``register``) and one module per
group of commands: ``setup``, ``dossiers``, ``lifecycle``, ``documents``, ``postal``, ``sync``.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Sequence

from sqlalchemy.exc import DBAPIError

from counter_app import cliparse, messages
from counter_app.cli.base import (
    EXIT_BAD_INPUT,
    EXIT_BUSY,
    EXIT_CODES_HELP,
    EXIT_DAMAGED,
    EXIT_DISK_FULL,
    EXIT_FAILURE,
    EXIT_IO,
    EXIT_NO_MATCH,
    EXIT_OFFLINE,
    EXIT_OK,
    EXIT_READ_ONLY,
    USER_ENV,
    Session,
    UsageError,
    _fail,
    _storage_failure,
    log,
    to_json,
)
from counter_app.cli.documents import _report_text
from counter_app.cli.parser import build_parser
from counter_app.domain.errors import DomainError
from counter_app.paths import data_dir, database_path
from counter_app.storage.check import mark_damaged
from counter_app.storage.errors import DatabaseDamaged, StorageError, storage_error
from counter_app.sync.client import Offline, ServerError

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_BUSY",
    "EXIT_CODES_HELP",
    "EXIT_DAMAGED",
    "EXIT_DISK_FULL",
    "EXIT_FAILURE",
    "EXIT_IO",
    "EXIT_NO_MATCH",
    "EXIT_OFFLINE",
    "EXIT_OK",
    "EXIT_READ_ONLY",
    "Session",
    "_report_text",
    "build_parser",
    "main",
    "to_json",
]


def main(argv: Sequence[str] | None = None) -> int:
    """The entry point: run the command; a reader that stops early (``| head``) ends it quietly."""
    return cliparse.run_guarded(lambda: _main(argv))


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except UsageError as exc:
        return _fail(EXIT_BAD_INPUT, str(exc))
    if getattr(args, "command", None) is None:
        from counter_app.app import main as gui_main  # only the GUI path imports Qt

        return gui_main(args_list)
    import os

    args.user = getattr(args, "user", None) or os.environ.get(USER_ENV) or "admin"
    directory = data_dir(getattr(args, "data_dir", None))
    session = Session(args, directory, print)
    if args.command == "calendar" and args.action in ("set", "unset") and not args.date:
        return _fail(EXIT_BAD_INPUT, messages.message("calendar.date_required"))
    try:
        return int(args.handler(session))
    except StorageError as exc:
        return _storage_failure(exc)
    except (Offline, ServerError) as exc:
        return _fail(EXIT_OFFLINE, messages.message(exc.code, exc.params))
    except DomainError as exc:
        return _fail(EXIT_BAD_INPUT, messages.message(exc.code, exc.params))
    except (DBAPIError, sqlite3.Error) as exc:
        # Raw SQLite work outside the units of work (the demo generator's bulk writers): the same causes.
        log.debug("database error", exc_info=True)
        path = database_path(directory)
        error = storage_error(exc, path)
        if error is None:
            raise
        if isinstance(error, DatabaseDamaged):
            mark_damaged(path, str(error.params.get("reason", "")))
        return _storage_failure(error)
