"""The dossier's history names the authorisation paper a proxy collector showed, and the return
dialog asks for it only when the receiver is not the applicant."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pytestqt.qtbot import QtBot

from counter_app.domain.applicant import make_applicant
from counter_app.domain.handover import Authorisation
from counter_app.services import dossiers, intake, lifecycle
from counter_app.services.context import Context
from counter_app.ui.dossier_actions import ReturnForm
from counter_app.ui.dossier_history import event_text
from tests.conftest import FakeClock


def test_the_history_shows_the_proxys_authorisation(ctx: Context, clock: FakeClock, qtbot: QtBot) -> None:
    applicant = make_applicant("Nguyễn Văn Đức", phone="0912345678")
    code = intake.accept(ctx, intake.IntakeRequest("2.001035", applicant)).dossier.code
    lifecycle.record_result(ctx, code)
    clock.now = datetime(2025, 11, 19, 2, 0, tzinfo=UTC)
    paper = Authorisation("Giấy ủy quyền", "15/UQ", date(2025, 11, 17))
    lifecycle.return_result(ctx, code, "Trần Thị Ánh", "001190123456", authorisation=paper)
    returned = next(e for e in dossiers.show(ctx, code).events if e.kind == "returned")
    assert "Trả kết quả: Trần Thị Ánh, nhận thay theo Giấy ủy quyền số 15/UQ ngày 17/11/2025" in event_text(returned)


def test_the_return_form_asks_for_the_authorisation_only_of_a_proxy(qtbot: QtBot) -> None:
    form = ReturnForm("Nguyễn Văn Đức", today=date(2025, 11, 19))
    qtbot.addWidget(form)
    form.show()
    assert not form.proxy.isVisible() and form.authorisation() is None
    form.receiver.setText("Trần Thị Ánh")
    assert form.proxy.isVisible()
    assert form.authorisation_date.maximumDate().toPython() == date(2025, 11, 19)  # never dated after today
    form.authorisation_number.setText("15/UQ")
    assert form.authorisation() == ("Giấy ủy quyền", "15/UQ", date(2025, 11, 19))
    form.receiver.setText(" nguyễn văn đức ")  # the applicant after all
    assert form.authorisation() is None
