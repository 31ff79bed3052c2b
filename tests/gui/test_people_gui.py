"""People by name on screen (issue 12 item 3): the dossier's history names the official (full name,
title), never the login; the postal hand-over record is never signed "Quản trị viên"."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from counter_app.domain.applicant import make_applicant
from counter_app.domain.postal import Direction
from counter_app.services import dossiers, intake, users
from counter_app.services.context import Context
from counter_app.ui.dossier_dialog import DossierDialog
from counter_app.ui.main_window import MainWindow


def history_lines(ctx: Context, code: str, qtbot: QtBot) -> list[str]:
    dialog = DossierDialog(dossiers.show(ctx, code), lambda _code, _doc: None)
    qtbot.addWidget(dialog)
    return [dialog.history.item(i).text() for i in range(dialog.history.count())]


def test_the_dossier_history_shows_the_officials_full_name_and_title(ctx: Context, qtbot: QtBot) -> None:
    users.update_user(ctx, "admin", full_name="Nguyễn Thị Lan", title="Công chức Văn phòng - Thống kê")
    applicant = make_applicant("Nguyễn Văn Đức", phone="0912345678")
    code = intake.accept(ctx, intake.IntakeRequest("2.001035", applicant)).dossier.code
    lines = history_lines(ctx, code, qtbot)
    assert lines and lines[0].endswith("(Nguyễn Thị Lan, Công chức Văn phòng - Thống kê)")
    assert not any("(admin)" in line for line in lines)


def test_the_history_marks_a_login_when_the_account_has_no_name(ctx: Context, qtbot: QtBot) -> None:
    applicant = make_applicant("Nguyễn Văn Đức", phone="0912345678")
    code = intake.accept(ctx, intake.IntakeRequest("2.001035", applicant)).dossier.code
    assert history_lines(ctx, code, qtbot)[0].endswith("(tên đăng nhập admin)")


def test_the_postal_record_is_never_prefilled_with_the_placeholder(window: MainWindow, ctx: Context) -> None:
    window.postal.close_batch(Direction.OUT)
    form = window.postal.close_form
    assert form is not None and form.clerk.text() == ""  # "Quản trị viên" is no name to sign with
    form.reject()
    window._set_user(users.update_user(ctx, "admin", full_name="Nguyễn Thị Lan"))
    window.postal.close_batch(Direction.OUT)
    form = window.postal.close_form
    assert form is not None and form.clerk.text() == "Nguyễn Thị Lan"
    form.reject()


def test_a_banner_asks_the_administrator_to_set_a_real_name(window: MainWindow, ctx: Context) -> None:
    """The first administrator of an older version is "Quản trị viên": a banner over the work (not a
    status-bar line a passing message hides) asks for the name and opens the accounts screen."""
    assert window.name_bar.isVisible() and "chưa có họ tên thật" in window.name_banner.text()
    window.statusBar().showMessage("Đã lập hồ sơ", 10_000)  # a passing message does not hide it
    assert window.name_bar.isVisible()
    window.name_button.click()
    dialog = window.accounts_dialog
    assert dialog is not None and dialog.isVisible()
    users.update_user(ctx, "admin", full_name="Nguyễn Thị Lan", title="Công chức Văn phòng - Thống kê")
    dialog.reject()
    assert not window.name_bar.isVisible()
    assert window.clerk_label.text() == "Cán bộ: Nguyễn Thị Lan"
