"""Personal data through the services: openings audited, lists masked, a citizen's own data exported."""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from counter_app.domain.applicant import make_applicant
from counter_app.domain.errors import InvalidInput
from counter_app.domain.handover import Authorisation
from counter_app.domain.privacy import DossierView
from counter_app.services import audit, documents, dossiers, intake, lateness, lifecycle, papers, satisfaction
from counter_app.services.context import Context, SessionGate
from counter_app.services.errors import Refused
from counter_app.services.subject_export import subject_export
from counter_app.storage.check import mark_damaged
from counter_app.storage.models import AuditEntry
from tests.conftest import FakeClock
from tests.services import paper_support

CONTRACT = "2.001035"  # 2 working days
NAME, ID, PHONE, EMAIL = "Phạm Thị Quỳnh Hoa", "036190876543", "0987654321", "quynhhoa@example.vn"
PROXY_NAME, PROXY_ID = "Đỗ Văn Minh", "001085111222"


def take(ctx: Context, name: str = NAME, id_number: str | None = ID, phone: str | None = PHONE) -> str:
    applicant = make_applicant(name, id_number=id_number, phone=phone, email=EMAIL, address="Xóm Chùa, Tân Lập")
    return intake.accept(ctx, intake.IntakeRequest(CONTRACT, applicant)).dossier.code


def entries(ctx: Context, action: str) -> list[AuditEntry]:
    with ctx.db.read() as session:
        found = list(session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))
        session.expunge_all()
        return found


def no_values(entry: AuditEntry) -> None:
    text = json.dumps([entry.entity_id, entry.details], ensure_ascii=False)
    for value in (NAME, ID, PHONE, EMAIL, "Xóm Chùa", PROXY_ID):
        assert value not in text


def test_an_opening_is_audited_once_with_the_view_and_field_names_only(ctx: Context) -> None:
    code = take(ctx)
    detail = dossiers.show(ctx, code, view=DossierView.DOSSIER_DIALOG)
    assert detail.applicant.id_number == ID and detail.applicant.phone == PHONE  # whole in the dossier view
    dossiers.show(ctx, code)  # a refresh of the open view, or a service's own read: not an opening
    [entry] = entries(ctx, "dossier.viewed")
    assert (entry.username, entry.entity, entry.entity_id) == ("admin", "dossier", code)
    # the window shows name, ID, phone and address (not the e-mail the dossier also holds)
    assert entry.details == {"view": "dossier_dialog", "fields": ["full_name", "id_number", "phone", "address"]}
    no_values(entry)
    dossiers.show(ctx, code, view=DossierView.CLI_SHOW)
    assert [e.details["view"] for e in entries(ctx, "dossier.viewed")] == ["dossier_dialog", "cli_show"]
    assert audit.verify(ctx).intact


def test_a_citizen_without_id_or_phone_is_shown_with_fewer_fields(ctx: Context) -> None:
    code = take(ctx, "Lò Văn Páo", None, None)
    dossiers.show(ctx, code, view=DossierView.DOSSIER_DIALOG)
    [entry] = entries(ctx, "dossier.viewed")
    assert entry.details["fields"] == ["full_name", "address"]


def test_a_receipt_reprint_names_the_fields_it_printed(ctx: Context) -> None:
    code = take(ctx)
    documents.receipt(ctx, code, reprint=True)
    entry = entries(ctx, "print.receipt")[-1]
    assert entry.details["reprint"] is True
    assert entry.details["fields"] == ["full_name", "id_number", "phone", "email", "address"]
    no_values(entry)


def test_search_finds_by_the_whole_id_or_phone_and_lists_show_neither(ctx: Context, clock: FakeClock) -> None:
    code = take(ctx)
    take(ctx, "Người Khác", "001090000001", "0911000001")
    for typed in (ID, PHONE):
        found = dossiers.search(ctx, typed)
        assert [r.code for r in found] == [code]
        assert typed not in repr(found)  # a search result carries no ID number or phone
    clock.now += timedelta(days=6)  # overdue: on the late board
    board = lateness.board(ctx)
    mine = next(r for r in board if r.code == code)
    assert mine.phone == "09******21"
    assert PHONE not in repr(board) and ID not in repr(board)


def returned_by_proxy(ctx: Context, clock: FakeClock, code: str) -> None:
    lifecycle.transfer(ctx, code, "CC_TPHT")
    clock.now += timedelta(days=1)
    lifecycle.record_result(ctx, code)
    paper = Authorisation("Giấy ủy quyền", "7/UQ", date(2025, 11, 18))
    lifecycle.return_result(ctx, code, PROXY_NAME, PROXY_ID, authorisation=paper)


def test_subject_export_holds_the_citizens_dossiers_notices_and_rating(ctx: Context, clock: FakeClock) -> None:
    code = take(ctx)
    other = take(ctx, "Người Khác", "001090000001", "0911000001")
    returned_by_proxy(ctx, clock, code)
    satisfaction.record(ctx, code, "satisfied", {}, "Nhanh")
    export = subject_export(ctx, " 0361 9087 6543 ")
    assert export.id_number == ID and export.office_code == "000.12.34.H26"
    [d] = export.dossiers
    assert d.code == code and d.roles == ("applicant",)
    assert d.applicant is not None and (d.applicant.full_name, d.applicant.phone) == (NAME, PHONE)
    assert {(n.channel, n.recipient) for n in d.notices} == {("sms", PHONE), ("email", EMAIL)}
    assert d.rating is not None and d.rating.comment == "Nhanh"
    returned = next(e for e in d.events if e.kind == "returned")
    assert returned.payload["receiver_id"] == "********1222"  # the proxy's own ID is theirs, not hers
    assert other not in {x.code for x in export.dossiers}
    [entry] = entries(ctx, "subject.exported")
    assert entry.entity_id == "********6543" and entry.details["codes"] == [code] and entry.details["dossiers"] == 1
    no_values(entry)


def test_the_proxy_gets_only_their_own_part_of_anothers_dossier(ctx: Context, clock: FakeClock) -> None:
    code = take(ctx)
    returned_by_proxy(ctx, clock, code)
    [d] = subject_export(ctx, PROXY_ID).dossiers
    assert d.roles == ("proxy",)
    assert d.applicant is None and d.notices == () and d.rating is None and d.postal_address is None
    assert [e.kind for e in d.events] == ["returned"]
    assert NAME not in repr(d) and ID not in repr(d) and PHONE not in repr(d)


def test_an_id_with_no_data_is_an_empty_export_and_a_malformed_one_is_refused(ctx: Context) -> None:
    take(ctx)
    assert subject_export(ctx, "001099999999").dossiers == ()
    assert len(entries(ctx, "subject.exported")) == 1  # asking is recorded too
    for bad in ("12345", "03619087654x", ""):
        with pytest.raises(InvalidInput) as caught:
            subject_export(ctx, bad)
        assert caught.value.code == "id_number.invalid"
    assert len(entries(ctx, "subject.exported")) == 1


def test_an_opening_is_audited_past_the_screen_lock(ctx: Context) -> None:
    code = take(ctx)
    gate = SessionGate()
    locked = Context(gate.guard(ctx.db), ctx.actor, ctx.clock)
    gate.close()  # a late task's answer arriving while the screen is locked: the window opens hidden
    dossiers.show(locked, code, view=DossierView.DOSSIER_DIALOG)
    assert len(entries(ctx, "dossier.viewed")) == 1
    with pytest.raises(Refused):  # every other write is still refused
        take(locked)


def test_a_file_that_takes_no_write_still_shows_the_dossier_and_logs_the_opening(
    ctx: Context, caplog: pytest.LogCaptureFixture
) -> None:
    code = take(ctx)
    mark_damaged(ctx.db.path, "test")
    with caplog.at_level(logging.WARNING, logger="counter_app.services.dossiers"):
        detail = dossiers.show(ctx, code, view=DossierView.CLI_SHOW)
    assert detail.applicant.full_name == NAME
    [line] = caplog.messages
    assert line.startswith("audit trail unavailable (storage.") and f"dossier.viewed {code} by user id" in line
    assert '"view": "cli_show"' in line
    for value in (NAME, ID, PHONE, EMAIL):
        assert value not in line


def test_the_paper_copies_are_listed_by_name_and_sha256(ctx: Context) -> None:
    code = paper_support.accept(ctx)
    stored = papers.store_copy(ctx, code, 1, [paper_support.small_page(1)])
    [d] = subject_export(ctx, paper_support.CCCD).dossiers
    [copy] = d.papers
    assert (copy.position, copy.name, copy.sha256, copy.current) == (1, stored.name, stored.sha256, True)
