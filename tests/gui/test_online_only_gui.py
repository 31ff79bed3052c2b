"""The intake screen and Directive 24/CT-TTg: picking khai sinh offers "Hỗ trợ nộp trực tuyến"."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from counter_app.domain.values import Channel
from counter_app.services import dossiers
from counter_app.services.context import Context
from counter_app.ui.main_window import MainWindow
from tests.gui.helpers import Keyboard

pytestmark = pytest.mark.gui

CCCD = "001190123456|012345678|Nguyễn Thị Hồng Nhung|15031990|Nữ|Xóm Đông, xã Tân Lập, Phú Thọ|01072021"


def _pick_birth(window: MainWindow, keyboard: Keyboard) -> None:
    keyboard.scan(CCCD)
    keyboard.type("khai s")
    keyboard.enter()
    assert window.intake.procedure is not None and window.intake.procedure.code == "1.001193"


def test_an_online_only_procedure_offers_assisted_filing_and_explains_the_directive(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context
) -> None:
    _pick_birth(window, keyboard)
    view = window.intake
    assert view.online_box.isVisible()
    assert "Từ ngày 01/10/2025, theo Chỉ thị số 24/CT-TTg" in view.online_rule.text()
    assert "không nhận hồ sơ giấy" in view.online_rule.text()
    assert view.papers_box.title() == "Thành phần hồ sơ (đánh dấu giấy tờ đã số hóa)"
    view.accept_dossier()  # no portal code yet
    assert view.message.text() == "Hồ sơ hỗ trợ nộp trực tuyến cần mã hồ sơ trên Cổng Dịch vụ công"
    assert dossiers.count(ctx) == 0
    view.portal_code.setFocus()
    keyboard.type("000.12.34.H26-251118-0042")
    view.accept_dossier()
    qtbot.waitUntil(lambda: window.preview is not None, timeout=5000)
    code = dossiers.search(ctx, "001190123456")[0].code
    detail = dossiers.show(ctx, code)
    assert detail.channel is Channel.ONLINE and detail.assisted
    assert detail.portal_code == "000.12.34.H26-251118-0042"
    assert window.preview is not None
    window.preview.reject()
    window.intake.reset()


def test_unticking_assistance_without_a_reason_is_refused_with_the_rule(
    window: MainWindow, keyboard: Keyboard, ctx: Context
) -> None:
    _pick_birth(window, keyboard)
    view = window.intake
    view.assisted.setChecked(False)
    assert view.paper_exception.isEnabled() and not view.portal_code.isEnabled()
    view.accept_dossier()
    assert "không tiếp nhận hồ sơ giấy từ ngày 01/10/2025 (Chỉ thị số 24/CT-TTg" in view.message.text()
    assert dossiers.count(ctx) == 0
    window.intake.reset()


def test_a_paper_procedure_shows_no_assisted_box(window: MainWindow, keyboard: Keyboard) -> None:
    keyboard.type("trich luc")
    keyboard.enter()
    assert not window.intake.online_box.isVisible()
    window.intake.reset()
