"""Importing old dossiers from a small CSV through the dialog: the preview, the errors in red with their
lines (and Import disabled), the progress bar, the summary, the dossiers in the list afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_app.domain.lifecycle import Status
from counter_app.services import dossiers
from counter_app.services.context import Context
from counter_app.ui.import_dialog import ERROR_BACKGROUND, ImportDialog
from counter_app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

HEADER = "code;procedure_code;applicant_name;phone;received_at;due_at;resolved_at;returned_at;status;ended_at;note"
GOOD = [
    ";1.004873;Trần Văn Một;0912345678;20/10/2025 09:00;23/10/2025;22/10/2025 10:00;24/10/2025 09:00;;;",
    ";1.004873;Lê Thị Hai;;03/11/2025 09:00;06/11/2025;;;;;",
    "000.12.34.H26-251105-0007;2.001035;Phạm Văn Ba;;05/11/2025 09:00;07/11/2025;07/11/2025 16:00;;;;",
    ";2.001035;Vũ Văn Bốn;;10/11/2025 09:00;12/11/2025;;;withdrawn;11/11/2025 10:00;Công dân xin rút",
]


def write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "so-cu.csv"
    path.write_text("\ufeff" + "\n".join([HEADER, *rows]) + "\n", encoding="utf-8")  # as Excel saves it
    return path


def test_a_good_file_is_previewed_then_imported(window: MainWindow, ctx: Context, qtbot: QtBot, tmp_path: Path) -> None:
    menu_entry = next(
        a for m in window.menuBar().actions() for a in m.menu().actions() if a.text() == "Nhập hồ sơ cũ từ tệp CSV…"
    )
    assert menu_entry is not None
    dialog = window.open_import_dialog(write(tmp_path, GOOD))
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(lambda: dialog.checked is not None)
    summary = dialog.summary.text()
    assert "4 dòng dữ liệu, 4 dòng hợp lệ." in summary
    assert "Đã trả kết quả: 1" in summary
    assert "Đã có kết quả: 1" in summary
    assert "Đã rút hồ sơ: 1" in summary
    assert "Mã hồ sơ có sẵn: 1; sẽ cấp mã mới: 3" in summary
    assert "Tiếp nhận từ 20/10/2025 đến 10/11/2025" in summary
    assert not dialog.errors.isVisible()
    assert dialog.table.rowCount() == 4
    assert dialog.table.item(1, 0).text() == "3"  # line numbers of the file (the header is line 1)
    assert dialog.table.item(1, 3).text() == "Lê Thị Hai"
    assert dialog.bad_lines_shown() == []
    assert dialog.import_button.isEnabled()
    assert dialog.message.text() == "Tệp hợp lệ: bấm \u201cNhập hồ sơ\u201d để nhập 4 hồ sơ."

    moves: list[int] = []
    dialog.progress.valueChanged.connect(moves.append)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None)
    assert dialog.progress.isVisible()
    assert dialog.progress.value() == dialog.progress.maximum() == 4
    assert moves[0] == 0
    assert dialog.message.text().startswith("Đã nhập 4 hồ sơ (")
    assert "cấp mã mới cho 3 hồ sơ" in dialog.message.text()
    assert not dialog.import_button.isEnabled()  # not twice
    found = dossiers.search(ctx, "Phạm Văn Ba")
    assert [(r.code, r.status) for r in found] == [("000.12.34.H26-251105-0007", Status.RESULT_READY)]
    assert len(dossiers.search(ctx, "Lê Thị Hai")) == 1
    dialog.close_button.click()
    window.tabs.setCurrentWidget(window.list)
    qtbot.waitUntil(lambda: window.list.model.rowCount() == 4)


def test_errors_are_red_with_their_lines_and_nothing_is_imported(
    window: MainWindow, ctx: Context, qtbot: QtBot, tmp_path: Path
) -> None:
    rows = [
        GOOD[0],
        ";9.999999;Không Có Thủ Tục;;03/11/2025 09:00;;;;;;",  # line 3: unknown procedure
        GOOD[2],
        ";2.001035;;;40/11/2025 09:00;;;;;;",  # line 5: no name, bad date
    ]
    dialog = window.open_import_dialog(write(tmp_path, rows))
    qtbot.waitUntil(lambda: dialog.checked is not None)
    assert "4 dòng dữ liệu, 2 dòng hợp lệ." in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.errors.isVisible()
    listed = [dialog.errors.item(i).text() for i in range(dialog.errors.count())]
    assert [text.split(":")[0] for text in listed] == ["Dòng 3", "Dòng 5", "Dòng 5"]
    assert any("9.999999" in text for text in listed)
    assert dialog.bad_lines_shown() == [3, 5]
    bad = dialog.table.item(1, 3)
    assert bad.background().color() == ERROR_BACKGROUND
    assert dialog.message.text() == "2 dòng có lỗi: chưa thể nhập."
    dialog.start_import()  # even if asked: nothing happens
    assert dialog.report is None
    assert dossiers.search(ctx, "Trần Văn Một") == []

    write(tmp_path, GOOD)  # the clerk fixes the file and checks it again
    dialog.load(tmp_path / "so-cu.csv")
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled())
    assert not dialog.errors.isVisible()


def test_a_file_that_is_not_a_ledger_is_one_line(
    window: MainWindow, ctx: Context, qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "other.csv"
    path.write_text("ten,tuoi\nAn,30\n", encoding="utf-8")
    dialog = window.open_import_dialog(path)
    qtbot.waitUntil(lambda: bool(dialog.message.text()) and "Đang kiểm tra" not in dialog.message.text())
    assert dialog.message.text().startswith("Cột không rõ: ten, tuoi (các cột dùng được: code, procedure_code")
    assert not dialog.import_button.isEnabled()
    assert dialog.checked is None
