"""Logs and crash reports carry no personal data: intakes, a failing sync and a crash with a known
citizen, then every log file of the data directory is grepped for their name, ID number and phone."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_app import app
from counter_app.services import dossiers
from counter_app.services import hub_sync as sync
from counter_app.sync.client import HubClient
from counter_app.ui.crash import CrashReporter
from tests.hub.conftest import HubServer
from tests.sync.conftest import COMMUNE_A, MakeCounter, add_commune, issue_code, make_counter, sqlite_hub

__all__ = ["make_counter", "sqlite_hub"]  # fixtures

NAME, ID, PHONE, EMAIL = "Vương Thị Ngọc Ánh", "031192445566", "0936112233", "ngocanh.vuong@example.vn"
SPACED_PHONE = "0936 112 233"


class _Broken(HubClient):
    """A client whose push fails with a bug whose message quotes the citizen (what the round logs)."""

    def push(self, *args: object, **kwargs: object) -> object:  # type: ignore[override]
        raise RuntimeError(f"cannot encode {NAME} {ID} {PHONE} {EMAIL}")


@pytest.fixture
def logging_into() -> Iterator[Callable[[Path], None]]:
    """``logging_into(data_dir)``: the desktop app's log setup on that data directory, undone after."""
    root = logging.getLogger()
    level, added = root.level, []

    def start(folder: Path) -> None:
        added.append(app._setup_logging(folder))

    yield start
    for handler in added:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


DATA_FILES = (".sqlite3", "papers", "backups", "keys")  # where the data itself lives (encryption: issue 15 part 3)


def _every_log_text(folder: Path) -> str:
    """Every file of the data directory but the database, its copies and the papers: logs, crash notes…"""
    files = [
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part in DATA_FILES or DATA_FILES[0] in part for part in p.relative_to(folder).parts)
    ]
    assert any(p.parent.name == "logs" for p in files), "no log file written"
    return "\n".join(p.read_text("utf-8", errors="replace") for p in files)


def test_no_name_id_or_phone_reaches_the_log_or_the_crash_report(
    qtbot: QtBot, logging_into: Callable[[Path], None], sqlite_hub: HubServer, make_counter: MakeCounter
) -> None:
    counter = make_counter(COMMUNE_A, 1)
    logging_into(counter.data_dir)
    add_commune(sqlite_hub, COMMUNE_A, "UBND xã Tân Lập")
    sync.enroll(counter.ctx, sqlite_hub.url, issue_code(sqlite_hub, COMMUNE_A))
    codes = [counter.take(NAME) for _ in range(3)]
    dossiers.show(counter.ctx, codes[0])

    # A failing sync: the hub goes away, then a round hits a bug that quotes the citizen.
    sqlite_hub.stop()
    assert sync.run_round(counter.ctx).error == "sync.offline"
    sqlite_hub.start()
    report = sync.run_round(counter.ctx, client=_Broken(sqlite_hub.url, "x"))
    assert report.error == "sync.internal"

    # A careless log line quoting the citizen's numbers (no code path does so; the filter is the safety net:
    # a name cannot be recognised in free text, so no code path may log one).
    logging.getLogger("counter_app.test").warning("id %s, phone %s, mail %s", ID, SPACED_PHONE, EMAIL)

    # A provoked crash: the reporter writes its details to the log and shows them.
    reporter = CrashReporter()
    try:
        raise ValueError(f"{NAME} / {ID} / {PHONE}")
    except ValueError as exc:
        reporter.excepthook(ValueError, exc, exc.__traceback__)
    assert reporter.dialog is not None
    shown = reporter.dialog.details.toPlainText()
    reporter.dialog.close()

    for handler in logging.getLogger().handlers:
        handler.flush()
    text = _every_log_text(counter.data_dir)
    assert "uncaught error" in text and "ValueError" in text and "unexpected error in a sync round" in text
    assert "RuntimeError" in text
    for secret in (ID, PHONE, SPACED_PHONE, EMAIL, "ngocanh.vuong", ID[:8], "Vương", "Ngọc Ánh"):
        assert secret not in text, secret
        assert secret not in shown, secret
    assert "********5566" in text and "09******33" in text  # masked, so the line still makes sense
    assert sys.excepthook is not reporter.excepthook  # never installed here
