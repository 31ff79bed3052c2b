"""The transfer dialog preselects the procedure's competent agency (reception regardless of residence,
Decree 118/2025): a provincial or vertical-agency dossier goes there with one press of "Chuyển"."""

from __future__ import annotations

import pytest

from counter_app.domain.lifecycle import Status
from counter_app.services import catalogue, dossiers
from counter_app.services.context import Context
from counter_app.ui.dossier_actions import TransferForm
from counter_app.ui.main_window import MainWindow
from tests.gui.test_lifecycle_gui import CONTRACT, open_dossier, pdf_text, press, take

pytestmark = pytest.mark.gui

CRIMINAL_RECORD = "3.000333"  # Cấp Phiếu lý lịch tư pháp: Công an tỉnh


def test_transfer_form_preselects_the_competent_agency_and_sends_it_there(window: MainWindow, ctx: Context) -> None:
    code = take(ctx, CRIMINAL_RECORD)
    dialog = open_dossier(window, ctx, code)
    press(dialog, "transfer")
    form = dialog.form
    assert isinstance(form, TransferForm)
    assert form.agency_code() == "CA_TINH"
    assert form.agency.currentText() == "Công an tỉnh (CA_TINH)"
    form.ok_button.click()
    assert dossiers.show(ctx, code).status is Status.INTERLINKED
    assert dossiers.show(ctx, code).events[-1].payload["to"] == "CA_TINH"
    press(dialog, "routing_slip")
    assert window.preview is not None and "Công an tỉnh" in pdf_text(window.preview.pdf)


def test_a_commune_procedure_preselects_the_commune_body(window: MainWindow, ctx: Context) -> None:
    dialog = open_dossier(window, ctx, take(ctx, CONTRACT))
    press(dialog, "transfer")
    assert isinstance(dialog.form, TransferForm)
    assert dialog.form.agency_code() == "UBND_XA"


def test_intake_says_who_decides_a_provincial_procedure(window: MainWindow, ctx: Context) -> None:
    window.intake.choose_procedure(catalogue.get_procedure(ctx, CRIMINAL_RECORD))
    assert "cơ quan giải quyết: Công an tỉnh" in window.intake.procedure_label.text()
    window.intake.choose_procedure(catalogue.get_procedure(ctx, CONTRACT))
    assert "cơ quan giải quyết" not in window.intake.procedure_label.text()
    window.intake.reset()
