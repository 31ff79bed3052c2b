"""Personal data in the desktop app: lists show ID numbers and phones masked, the dossier window shows
them whole and its opening is audited once, search finds the citizen by the whole ID or phone typed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices

from counter_app.domain.applicant import make_applicant
from counter_app.scanning.files import read_files
from counter_app.services import intake
from counter_app.services.context import Context
from counter_app.storage.models import AuditEntry
from counter_app.ui.dossier_dialog import DossierDialog
from counter_app.ui.main_window import MainWindow
from tests.gui.helpers import Keyboard
from tests.gui.test_digitise_gui import THREE_PAPERS, page_file

pytestmark = pytest.mark.gui

CONTRACT = "2.001035"  # 2 working days
NAME, ID, PHONE = "Trịnh Thị Thu Hằng", "038186123789", "0977889900"


def take(ctx: Context, received_at: datetime | None = None, name: str = NAME) -> str:
    applicant = make_applicant(name, id_number=ID, phone=PHONE, address="Thôn Hạ")
    return intake.accept(ctx, intake.IntakeRequest(CONTRACT, applicant, received_at=received_at)).dossier.code


def viewed(ctx: Context) -> list[tuple[str, str, dict[str, object]]]:
    with ctx.db.read() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == "dossier.viewed").order_by(AuditEntry.id))
        return [(e.username, str(e.entity_id), dict(e.details)) for e in rows]


def cells(model) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        str(model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole) or "")
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]


@pytest.mark.parametrize("typed", [ID, PHONE])
def test_search_by_the_whole_number_then_the_window_shows_it_and_is_audited_once(
    window: MainWindow, ctx: Context, keyboard: Keyboard, qtbot: QtBot, typed: str
) -> None:
    code = take(ctx)
    take(ctx, name="Người Khác")  # same numbers, another name: both found, neither shows a number
    listing = window.list
    window.tabs.setCurrentWidget(listing)
    listing.search_box.setFocus()
    keyboard.type(typed)
    qtbot.waitUntil(lambda: listing.model.rowCount() == 2, timeout=3000)
    shown = cells(listing.model)
    assert code in shown and NAME in shown
    assert not any(ID in text or PHONE in text for text in shown)

    row = next(r for r in range(2) if listing.model.data(listing.model.index(r, 0)) == code)
    listing.table.doubleClicked.emit(listing.model.index(row, 1))
    dialog = window.dossier_dialog
    assert isinstance(dialog, DossierDialog) and dialog.code == code
    assert dialog.values["id_number"].text() == ID and dialog.values["phone"].text() == PHONE
    assert viewed(ctx) == [
        ("admin", code, {"view": "dossier_dialog", "fields": ["full_name", "id_number", "phone", "address"]})
    ]
    dialog.set_detail(window.dossier_host.services.show(code))  # the refresh after an action: no new entry
    assert len(viewed(ctx)) == 1
    dialog.close()
    window.dossier_dialog = None
    listing.search_box.clear()


def test_the_late_board_and_the_register_mask_the_phone(window: MainWindow, ctx: Context) -> None:
    late = datetime(2025, 11, 13, 3, 0, tzinfo=UTC)  # Thursday 13/11, 10:00 in Vietnam: overdue on 18/11
    code = take(ctx, received_at=late)
    board = window.board
    board.timer.timeout.emit()
    shown = cells(board.model)
    assert code in shown and "09******00" in shown
    assert not any(PHONE in text or ID in text for text in shown)
    assert viewed(ctx) == []  # a list is not an opening

    dialog = window.open_register()
    texts = [
        dialog.table.item(r, c).text()
        for r in range(dialog.table.rowCount())
        for c in range(dialog.table.columnCount())
    ]
    assert "Thôn Hạ, 09******00" in texts
    assert not any(PHONE in text or ID in text for text in texts)
    dialog.close()


def test_opening_and_exporting_paper_copies_are_audited(
    window: MainWindow, qtbot: QtBot, ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    applicant = make_applicant(NAME, id_number=ID)
    pages = {1: read_files([page_file(tmp_path / "1.png", (600, 840))])}
    code = intake.accept(ctx, intake.IntakeRequest(THREE_PAPERS, applicant, papers=pages)).dossier.code
    window.open_dossier_code(code)
    dialog = window.dossier_dialog
    assert dialog is not None and dialog.copies is not None
    box = dialog.copies
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    box.table.setCurrentCell(0, 0)
    box.open_selected()
    assert len(opened) == 1
    (tmp_path / "out").mkdir()
    box.export(tmp_path / "out")
    assert len(box.exported) == 1
    assert [(d["view"], d.get("papers")) for _u, _c, d in viewed(ctx)] == [
        ("dossier_dialog", None),
        ("paper_copy", [1]),
        ("papers_export", [1]),
    ]
    assert {c for _u, c, _d in viewed(ctx)} == {code}
    dialog.close()
    window.dossier_dialog = None
