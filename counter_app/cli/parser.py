"""The ``counter-app`` argument parser, assembled from the command modules.

Each module of this package that holds commands has ``register(add, common, js, rid)``, which adds its
subcommands with ``add`` (see ``base.Add``). A new command group is one new module and one entry in
``GROUPS``; ``--help`` lists the commands in ``HELP_ORDER``, and any command not named there after them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from counter_app import __version__
from counter_app.cli import backups, documents, dossiers, lifecycle, papers, postal, privacy, setup, sync
from counter_app.cli.base import EXIT_CODES_HELP, USER_ENV, Add, Session, _Parser
from counter_app.paths import DATA_ENV

Register = Callable[[Add, _Parser, _Parser, _Parser], None]
GROUPS: tuple[Register, ...] = (
    setup.register,
    dossiers.register,
    lifecycle.register,
    documents.register,
    postal.register,
    sync.register,
    papers.register,
    backups.register,
    privacy.register,
)
# The order of the commands in ``counter-app --help`` (and in the list of choices of a mistyped command).
HELP_ORDER = (
    "init",
    "letters",
    "procedures",
    "due-date",
    "intake",
    "receipt",
    "slip",
    "signing-key",
    "transfer",
    "result",
    "supplement-request",
    "supplement-received",
    "accept",
    "incomplete",
    "refuse",
    "withdraw",
    "stop",
    "return",
    "apology",
    "overdue",
    "register",
    "report",
    "import",
    "routing-slip",
    "agencies",
    "postal",
    "show",
    "scan",
    "papers",
    "scan-devices",
    "ocr",
    "search",
    "subject-export",
    "rate",
    "satisfaction",
    "demo",
    "user",
    "check",
    "audit-verify",
    "calendar",
    "catalogue-load",
    "enroll",
    "sync",
    "sync-status",
    "sync-papers",
    "sync-papers-set-aside",
    "sync-quarantine",
    "sync-retry",
    "export-sync",
    "import-sync-answer",
    "backup",
    "backups",
    "restore",
    "backup-settings",
    "recovery-sheet",
)


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"data directory (default: ${DATA_ENV} or the platform's user-data dir)",
    )
    common.add_argument(
        "--user",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help=f"account the change is recorded under (default: ${USER_ENV} or 'admin')",
    )
    # Global options are accepted before or after the command (``counter-app --json sync-status`` and
    # ``counter-app sync-status --json``): both levels have them, with SUPPRESS as the default so the
    # command's level never overwrites what was given before the command.
    js = _Parser(add_help=False)
    js.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print one JSON document on stdout")
    rid = _Parser(add_help=False)  # the actions that create or move something
    rid.add_argument(
        "--request-id",
        metavar="ID",
        help="8–64 letters, digits or _.:-; the same ID again does nothing more and prints the first result",
    )

    parser = _Parser(
        prog="counter-app",
        description="Bộ phận Một cửa — counter application. Without a command, opens the desktop app.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common, js],
    )
    parser.add_version(f"counter-app {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, handler: Callable[[Session], int], help_: str, *, once: bool = False) -> _Parser:
        parents = [common, js, rid] if once else [common, js]
        p = sub.add_parser(name, help=help_, description=help_, parents=parents)
        p.set_defaults(handler=handler)
        return p

    for register in GROUPS:
        register(add, common, js, rid)
    _in_help_order(sub)
    return parser


def _in_help_order(sub: argparse._SubParsersAction[_Parser]) -> None:
    """Put the subcommands in ``HELP_ORDER`` (those not named there last, as registered)."""
    rank = {name: i for i, name in enumerate(HELP_ORDER)}
    sub._choices_actions.sort(key=lambda action: rank.get(action.dest, len(rank)))
    parsers = sorted(sub._name_parser_map.items(), key=lambda item: rank.get(item[0], len(rank)))
    sub._name_parser_map.clear()  # the very dict argparse looks a command up in (and lists in a mistake)
    sub._name_parser_map.update(parsers)
