"""Records that must be true (issue 12 item 5), read back from the printed PDFs of a real counter
database: the routing slip, the apology, the hand-over note."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from counter_app import messages
from counter_app.cli import _report_text
from counter_app.domain.applicant import make_applicant
from counter_app.domain.errors import InvalidInput
from counter_app.domain.handover import Authorisation, parse_papers
from counter_app.domain.statistics import Period
from counter_app.services import documents, dossiers, intake, lifecycle
from counter_app.services import statistics as stats
from counter_app.services.context import Context
from tests.conftest import FakeClock
from tests.printing.test_forms import all_text

CONTRACT = "2.001035"  # 2 working days
NAME = "Nguyễn Văn Đức"


def vn(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC) - timedelta(hours=7)


def take(ctx: Context, procedure: str = CONTRACT) -> str:
    applicant = make_applicant(NAME, phone="0912345678", address="Thôn Đông")
    return intake.accept(ctx, intake.IntakeRequest(procedure, applicant)).dossier.code


# ---------------------------------------------------------------- routing slip


def test_routing_slip_shows_no_outcome_for_the_step_still_open(ctx: Context, clock: FakeClock) -> None:
    code = take(ctx)  # Tue 18/11/2025 09:00, due Thu 20/11
    clock.now = vn(2025, 11, 18, 10, 30)
    lifecycle.transfer(ctx, code, "CC_TPHT", receiver="Lê Thị Tư Pháp")
    text = all_text(documents.routing_slip(ctx, code).pdf)
    # the officer still holds the dossier: nothing is early, on time or late yet
    assert "Trước hạn" not in text.replace("(Trước hạn/đúng hạn/quá hạn)", "")
    assert "Đúng hạn" not in text and "Quá hạn" not in text
    assert "Giao: 10 giờ 30 phút, ngày 18 tháng 11 năm 2025" in text
    assert "Nhận: 10 giờ 30 phút, ngày 18 tháng 11 năm 2025" in text  # received in person by Lê Thị Tư Pháp

    clock.now = vn(2025, 11, 19, 14, 5)
    lifecycle.record_result(ctx, code)  # the officer's step closes a day early
    text = all_text(documents.routing_slip(ctx, code).pdf)
    assert text.replace("(Trước hạn/đúng hạn/quá hạn)", "").count("Trước hạn") == 1
    assert "Nhận: 14 giờ 05 phút, ngày 19 tháng 11 năm 2025" in text  # the counter takes the result


def test_a_hand_over_without_a_named_receiver_leaves_the_receipt_time_to_fill_in(
    ctx: Context, clock: FakeClock
) -> None:
    code = take(ctx)
    clock.now = vn(2025, 11, 18, 11, 0)
    lifecycle.transfer(ctx, code, "CAX")  # to an interlinked agency, nobody named
    text = all_text(documents.routing_slip(ctx, code).pdf)
    assert "Giao: 11 giờ 00 phút, ngày 18 tháng 11 năm 2025" in text
    assert "Nhận: 11 giờ 00 phút" not in text
    assert "Nhận: …… giờ …… phút, ngày …… tháng …… năm ……" in text


def test_a_return_closes_every_step_with_its_outcome(ctx: Context, clock: FakeClock) -> None:
    code = take(ctx)
    clock.now = vn(2025, 11, 18, 10, 0)
    lifecycle.transfer(ctx, code, "CC_TPHT", receiver="Lê Thị Tư Pháp")
    clock.now = vn(2025, 11, 20, 15, 0)
    lifecycle.record_result(ctx, code)  # on the due day
    clock.now = vn(2025, 11, 21, 8, 0)
    lifecycle.return_result(ctx, code, NAME, "001090000001")  # a day after it
    text = all_text(documents.routing_slip(ctx, code).pdf).replace("(Trước hạn/đúng hạn/quá hạn)", "")
    assert text.count("Đúng hạn") == 1 and text.count("Quá hạn") == 2


# ---------------------------------------------------------------- Biểu 06: a period still running


def test_a_running_quarter_prints_how_far_its_figures_go(ctx: Context, clock: FakeClock) -> None:
    take(ctx)  # Tue 18/11/2025
    quarter = Period.quarter(2025, 4)
    pdf = stats.document(ctx, quarter, excel=False)
    text = all_text(pdf.data)
    # the quarter as asked, not silently cut to today
    assert "(Từ ngày 01/10/2025 đến ngày 31/12/2025) (Số liệu đến ngày 18/11/2025)" in text
    workbook = load_workbook(io.BytesIO(stats.document(ctx, quarter, excel=True).data))
    cells = [c for row in workbook.active.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "(Từ ngày 01/10/2025 đến ngày 31/12/2025) (Số liệu đến ngày 18/11/2025)" in cells
    lines = _report_text(pdf.report)
    assert lines[0] == "Biểu 06 từ 01/10/2025 đến 31/12/2025 (số liệu đến ngày 18/11/2025)"
    assert (
        "Đối chiếu: (1) 1 = (5) 0 + (9) 1; cộng 0 kết thúc không có kết quả = 1 hồ sơ đã tiếp nhận phải giải quyết"
        in lines
    )
    clock.now = vn(2026, 1, 5)
    assert "Số liệu đến ngày" not in all_text(stats.document(ctx, quarter, excel=False).data)  # the quarter is over


def test_a_period_not_yet_begun_is_refused_in_one_sentence(ctx: Context) -> None:
    with pytest.raises(InvalidInput) as caught:
        stats.report(ctx, Period.quarter(2026, 1))
    assert caught.value.code == "period.not_started"
    assert messages.message(caught.value.code, caught.value.params, "vi") == (
        "Kỳ báo cáo chưa bắt đầu (từ ngày 01/01/2026): chưa có số liệu để báo cáo"
    )


# ---------------------------------------------------------------- apology (Mẫu 04)


def test_an_apology_before_the_due_time_asks_for_an_extension(ctx: Context, clock: FakeClock) -> None:
    code = take(ctx)  # due Thu 20/11/2025 17:00; today Tue 18/11
    first = lifecycle.first_apology_date(ctx, code)
    assert first == date(2025, 11, 21)  # the proposed day: after today and after the appointment
    lifecycle.apology(ctx, code, "Chờ xác minh của Công an xã", first)
    text = all_text(documents.apology_letter(ctx, code).pdf)
    assert "không thể trả kết quả đúng thời hạn nêu trên" in text
    assert "đề nghị Ông/Bà đồng ý gia hạn thời gian giải quyết hồ sơ" in text
    assert "đến nay chưa trả kết quả đúng hạn" not in text  # not late yet: no apology for a lateness


def test_an_apology_after_the_due_time_apologises_for_the_lateness(ctx: Context, clock: FakeClock) -> None:
    code = take(ctx)
    clock.now = vn(2025, 11, 21, 10)  # the day after the appointment
    first = lifecycle.first_apology_date(ctx, code)
    assert first == date(2025, 11, 24)  # Monday: never a day already past
    lifecycle.apology(ctx, code, "Chờ xác minh của Công an xã", first)
    text = all_text(documents.apology_letter(ctx, code).pdf)
    assert "đến nay chưa trả kết quả đúng hạn" in text
    assert "không thể trả kết quả đúng thời hạn nêu trên" not in text


def test_an_apology_refuses_a_new_date_in_the_past_in_one_sentence(ctx: Context, clock: FakeClock) -> None:
    code = take(ctx)
    clock.now = vn(2025, 11, 26)
    with pytest.raises(InvalidInput) as caught:
        lifecycle.apology(ctx, code, "Chờ", date(2025, 11, 25))
    assert messages.message(caught.value.code, caught.value.params, "vi") == (
        "Ngày hẹn mới phải là ngày làm việc sau hôm nay và sau ngày hẹn hiện tại, sớm nhất 27/11/2025: 25/11/2025"
    )


# ---------------------------------------------------------------- hand-over note


def ready_for_return(ctx: Context, clock: FakeClock) -> str:
    code = take(ctx)
    clock.now = vn(2025, 11, 19, 15)
    lifecycle.record_result(ctx, code)
    clock.now = vn(2025, 11, 20, 9, 30)
    return code


def test_the_note_lists_the_result_papers_handed_over(ctx: Context, clock: FakeClock) -> None:
    code = ready_for_return(ctx, clock)
    papers = parse_papers("Văn bản chứng thực hợp đồng x2\nBản sao hợp đồng (3 bản)\n\nBiên lai lệ phí")
    lifecycle.return_result(ctx, code, NAME, "001090000001", papers)
    text = all_text(documents.handover_note(ctx, code).pdf)
    assert "TT Tên giấy tờ Số lượng (bản)" in text
    assert "1 Văn bản chứng thực hợp đồng 2" in text
    assert "2 Bản sao hợp đồng 3" in text and "3 Biên lai lệ phí 1" in text
    assert "Tổng cộng: 3 loại giấy tờ, 6 bản." in text
    assert "nhận thay" not in text and "ủy quyền" not in text  # the applicant took it


def test_a_proxy_must_show_an_authorisation_paper_which_prints_and_stays_in_the_history(
    ctx: Context, clock: FakeClock
) -> None:
    code = ready_for_return(ctx, clock)
    with pytest.raises(InvalidInput) as caught:
        lifecycle.return_result(ctx, code, "Trần Thị Ánh", "001190123456", ["Văn bản chứng thực"])
    assert messages.message(caught.value.code, caught.value.params, "vi") == (
        "Người nhận thay (Trần Thị Ánh) phải xuất trình giấy ủy quyền: ghi loại giấy, số và ngày của giấy"
    )
    tomorrow = Authorisation("Giấy ủy quyền", "15/UQ", date(2025, 11, 21))
    with pytest.raises(InvalidInput) as caught:
        lifecycle.return_result(ctx, code, "Trần Thị Ánh", "001190123456", authorisation=tomorrow)
    assert caught.value.code == "return.authorisation_date"
    with pytest.raises(InvalidInput) as caught:
        lifecycle.return_result(ctx, code, "Trần Thị Ánh", authorisation=Authorisation(" ", "15/UQ", date(2025, 11, 1)))
    assert caught.value.code == "return.authorisation_incomplete"
    assert dossiers.show(ctx, code).status.value == "result_ready"  # nothing recorded by a refusal

    paper = Authorisation("Giấy ủy quyền có chứng thực", "15/UQ", date(2025, 11, 19))
    lifecycle.return_result(ctx, code, "Trần Thị Ánh", "001190123456", ["Văn bản chứng thực"], authorisation=paper)
    text = all_text(documents.handover_note(ctx, code).pdf)
    assert "Người nhận kết quả: Trần Thị Ánh (nhận thay Ông/Bà Nguyễn Văn Đức)" in text
    assert "Giấy tờ ủy quyền nhận thay: Giấy ủy quyền có chứng thực số 15/UQ ngày 19/11/2025" in text
    returned = next(e for e in dossiers.show(ctx, code).events if e.kind == "returned")
    assert returned.payload["authorisation"] == {
        "kind": "Giấy ủy quyền có chứng thực",
        "number": "15/UQ",
        "issued_on": "2025-11-19",
    }
    assert returned.payload["on_behalf"] is True
    assert returned.payload["papers"] == [{"name": "Văn bản chứng thực", "copies": 1}]


def test_the_applicant_under_another_spelling_is_no_proxy(ctx: Context, clock: FakeClock) -> None:
    code = ready_for_return(ctx, clock)
    lifecycle.return_result(ctx, code, "  nguyễn   văn đức ")  # case and spacing ignored
    assert "nhận thay" not in all_text(documents.handover_note(ctx, code).pdf)


@pytest.mark.parametrize(
    ("text", "code"),
    [("Trích lục x0", "return.paper_copies"), ("Trích lục x100", "return.paper_copies"), (" x2", "return.paper_name")],
)
def test_bad_paper_lines_are_refused(text: str, code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_papers(text)
    assert caught.value.code == code
