"""The first-run wizard: the 2025 set is the default; choosing 2018 says at once it only reprints old
dossiers, and Next refuses it with the rule (Decree 118/2025, Circular 03/2025)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from counter_app.services import office
from counter_app.services.context import Actor, Context
from counter_app.services.database import open_database
from counter_app.ui.wizard import SetupWizard

RULE = (
    "Bộ mẫu 2018 chỉ dùng để in lại hồ sơ tiếp nhận trước 01/07/2025 (Nghị định 118/2025/NĐ-CP thay "
    "Nghị định 61/2018/NĐ-CP); hồ sơ mới in theo Thông tư 03/2025/TT-VPCP"
)


def test_choosing_the_2018_set_explains_it_and_next_refuses_it(qtbot: QtBot, tmp_path: Path) -> None:
    db = open_database(tmp_path / "d", create=True)
    setup = Context(db, Actor(None, "admin", "gui"))
    wizard = SetupWizard(lambda request: office.initialize(setup, request), [])
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.office
    assert page.form_set.currentData() == "2025"
    assert page.form_set.currentText() == "Bộ mẫu 2025 (Thông tư 03/2025/TT-VPCP)"
    assert page.form_set_note.text() == ""
    page.code.setText("000.12.34.H26")
    page.name.setText("UBND xã Tân Lập")
    page.form_set.setCurrentIndex(page.form_set.findData("2018"))
    assert "chỉ để in lại hồ sơ tiếp nhận trước 01/07/2025" in page.form_set.currentText()
    assert page.form_set_note.text() == RULE
    wizard.next()
    assert wizard.currentPage() is page
    assert page.error.text() == RULE
    page.form_set.setCurrentIndex(page.form_set.findData("2025"))
    assert page.form_set_note.text() == ""
    wizard.next()
    assert wizard.currentPage() is wizard.admin
    assert not office.is_initialized(setup)
    db.close()
