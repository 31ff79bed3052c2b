"""The dossier list and the dossier window show an assisted online filing (Directive 24/CT-TTg) as
"Trực tuyến (hỗ trợ)", and the list's channel filter can pick them out."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt

from counter_app.domain.applicant import make_applicant
from counter_app.domain.values import Channel
from counter_app.services import dossiers, intake
from counter_app.services.context import Context
from counter_app.ui.dossier_dialog import DossierDialog
from counter_app.ui.dossier_list import ASSISTED
from counter_app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

MARRIAGE = "1.000894"  # Đăng ký kết hôn: online only from 01/10/2025
COPY = "2.000635"  # Cấp bản sao Trích lục hộ tịch: still on paper
PORTAL = "000.12.34.H26-251118-0007"


def _take(ctx: Context, procedure: str, name: str, **kwargs: object) -> str:
    applicant = make_applicant(name, id_number="001190123456", phone="0912345678")
    return intake.accept(ctx, intake.IntakeRequest(procedure, applicant, **kwargs)).dossier.code  # type: ignore[arg-type]


def test_the_list_shows_and_filters_assisted_filings_and_the_window_names_the_portal_code(
    window: MainWindow, ctx: Context
) -> None:
    assisted = _take(ctx, MARRIAGE, "Nguyễn Thị Lan", channel=Channel.ONLINE, assisted=True, portal_code=PORTAL)
    paper = _take(ctx, COPY, "Trần Văn Bình")
    window.tabs.setCurrentIndex(1)
    listing = window.list
    listing.refresh()
    model = listing.model
    column = model.columnCount() - 1
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Hình thức"
    shown = {model.data(model.index(r, 0)): model.data(model.index(r, column)) for r in range(model.rowCount())}
    assert shown == {assisted: "Trực tuyến (hỗ trợ)", paper: "Trực tiếp"}
    listing.channel.setCurrentIndex(listing.channel.findText("Trực tuyến (hỗ trợ)"))
    assert listing.channel.currentData() == ASSISTED
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == [assisted]
    listing.channel.setCurrentIndex(listing.channel.findData(Channel.DIRECT))
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == [paper]
    window.open_dossier_id(dossiers.find_by_code(ctx, assisted).id)
    dialog = window.dossier_dialog
    assert isinstance(dialog, DossierDialog)
    received = dialog.values["received"].text()
    assert f"Trực tuyến (hỗ trợ) — Hỗ trợ nộp trực tuyến, mã hồ sơ trên Cổng: {PORTAL}" in received
    dialog.reject()
    window.open_dossier_id(dossiers.find_by_code(ctx, paper).id)
    dialog = window.dossier_dialog
    assert isinstance(dialog, DossierDialog)
    assert "Trực tuyến" not in dialog.values["received"].text()
    dialog.reject()
