"""The digitisation share on the real hub (SQLite and PostgreSQL, over loopback): a counter's dossiers and
their paper events sync, and the hub's report gives each commune the share its counter computes.

The paper events are appended as :mod:`counter_app.services.papers` appends them when it stores a copy
(kind ``paper_digitised``, the payload's ``digitised_complete`` from services.digitisation).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from counter_app.domain.lifecycle import EventKind, LifecycleEvent
from counter_app.domain.statistics import Period
from counter_app.domain.values import Channel
from counter_app.services import digitisation, events
from counter_app.services import statistics as stats
from counter_app.storage.models import Dossier
from district_server.report import district_report, text_lines
from district_server.report_page import PageQuery, render_report
from tests.conftest import FakeClock
from tests.hub.conftest import HubServer
from tests.hub.support import COMMUNE_B, add_commune, enroll, first_event, next_event, push, statuses
from tests.hub.test_report import A_CODE, A_NAME, Counter, _enrol, _open_counter, _vn
from tests.services.test_digitisation import CONTRACT, EXTRACT, copy_paper

OCTOBER = Period(date(2025, 10, 1), date(2025, 10, 31))


def _paper_event(counter: Counter, code: str, position: int) -> None:
    """Copy paper ``position`` and append the event services.papers appends with it."""
    copy_paper(counter.ctx, code, position)
    with counter.ctx.db.write() as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == code)).one()
        papers = digitisation.papers_of(session, dossier.id)
        done = digitisation.digitised_positions(session, dossier.id)
        now = counter.ctx.now()
        payload = {"position": position, **digitisation.event_detail(papers, done, dossier.channel)}
        events.append_event(
            session,
            dossier,
            LifecycleEvent(EventKind.PAPER_DIGITISED),
            at=now,
            recorded_at=now,
            actor=counter.ctx.actor,
            payload=payload,
        )


def test_each_communes_share_on_the_hub_is_its_counters(hub_server: HubServer, tmp_path: Path) -> None:
    clock = FakeClock(_vn(6, 10, 9))
    a = _open_counter(tmp_path / "a", A_CODE, A_NAME, 2, clock)
    try:
        _enrol(hub_server, a, A_CODE, A_NAME)
        contract = a.take(CONTRACT, "Nguyễn Văn Hợp")  # three papers to copy
        extract = a.take(EXTRACT, "Lê Thị Trích")  # one (the ID card is only shown)
        a.take(EXTRACT, "Trần Văn Mạng", channel=Channel.ONLINE)  # none
        a.take(CONTRACT, "Phạm Thị Chưa")  # three, none copied
        _paper_event(a, extract, 1)
        _paper_event(a, contract, 1)
        _paper_event(a, contract, 2)
        a.sync()
        assert hub_server.hub is not None
        with hub_server.hub.read() as session:
            before = district_report(session, OCTOBER, today=date(2025, 11, 18))
        (commune,) = before.communes
        assert commune.digitised == stats.digitised(a.ctx, OCTOBER)
        assert commune.digitised.to_json() == {"received": 4, "digitised": 2, "share": 0.5, "nothing_to_digitise": 1}
        _paper_event(a, contract, 3)  # the last paper: the dossier is complete now
        a.sync()
        with hub_server.hub.read() as session:
            after = district_report(session, OCTOBER, today=date(2025, 11, 18))
        assert after.communes[0].digitised == stats.digitised(a.ctx, OCTOBER)
        assert after.to_json()["digitised"] == {"received": 4, "digitised": 3, "share": 0.75, "nothing_to_digitise": 1}
        assert after.to_json()["by_commune"][0]["digitised"]["digitised"] == 3
        assert "Số hóa hồ sơ, tổng cộng: số hóa đủ 3/4 hồ sơ tiếp nhận (75,0 %; không có giấy tờ phải số hóa 1)" in (
            text_lines(after)
        )
        page = render_report(after, PageQuery(OCTOBER.start, OCTOBER.end, None), [(A_CODE, A_NAME)])
        assert '<td data-field="share">75,0 %</td>' in page
    finally:
        a.ctx.db.close()


def test_what_the_events_say_and_what_they_do_not(hub_server: HubServer) -> None:
    """A paper dossier whose intake said nothing was to copy counts as digitised; one whose events never
    said (an older counter) counts as received only; the first paper events' own key is understood."""
    assert hub_server.hub is not None
    add_commune(hub_server.hub, COMMUNE_B, "UBND xã Hòa Bình")
    device = enroll(hub_server, COMMUNE_B)
    nothing = first_event(device)
    nothing["payload"] = {"late_entry": False, "papers_to_digitise": 0, "digitised_complete": True}
    older = first_event(device)  # no word about digitisation
    early = first_event(device)
    early["payload"] = {"late_entry": False, "papers_to_digitise": 2, "digitised_complete": False}
    paper: dict[str, Any] = next_event(early, "paper_digitised", "received", payload={"all_received_digitised": True})
    bogus = next_event(paper, "paper_digitised", "received", payload={"digitised_complete": "yes"})
    assert statuses(push(device, [nothing, older, early, paper, bogus])) == ["ok"] * 5
    with hub_server.hub.read() as session:
        report = district_report(session, Period(date(2025, 11, 1), date(2025, 11, 30)), today=date(2025, 11, 18))
    assert report.communes[0].digitised.to_json() == {
        "received": 3,
        "digitised": 2,
        "share": 0.6667,
        "nothing_to_digitise": 1,
    }


def test_a_hub_without_dossiers_shows_no_share(hub_server: HubServer) -> None:
    assert hub_server.hub is not None
    with hub_server.hub.read() as session:
        report = district_report(session, OCTOBER, today=date(2025, 11, 18))
    assert report.digitised.share is None
    assert '<td data-field="share">—</td>' in render_report(report, PageQuery(OCTOBER.start, OCTOBER.end, None), [])


def test_copies_stored_by_the_papers_service_carry_the_share_to_the_hub(hub_server: HubServer, tmp_path: Path) -> None:
    """The whole way: intake with a scanned paper, a later scan, both signed and stored by
    services.papers, synced; the hub's share is the counter's at each step."""
    from counter_app.services import papers
    from tests.services.paper_support import small_page

    clock = FakeClock(_vn(7, 10, 9))
    a = _open_counter(tmp_path / "a", A_CODE, A_NAME, 2, clock)
    try:
        _enrol(hub_server, a, A_CODE, A_NAME)
        contract = a.take(CONTRACT, "Nguyễn Văn Hợp", papers={1: [small_page(1)]})  # 1 of 3 copied at intake
        a.sync()
        assert hub_server.hub is not None

        def hub_share() -> dict[str, Any]:
            assert hub_server.hub is not None
            with hub_server.hub.read() as session:
                return district_report(session, OCTOBER, today=date(2025, 11, 18)).communes[0].digitised.to_json()

        assert (
            hub_share()
            == stats.digitised(a.ctx, OCTOBER).to_json()
            == {
                "received": 1,
                "digitised": 0,
                "share": 0.0,
                "nothing_to_digitise": 0,
            }
        )
        papers.store_copy(a.ctx, contract, 2, [small_page(2)])
        papers.store_copy(a.ctx, contract, 3, [small_page(3)])
        a.sync()
        assert hub_share() == stats.digitised(a.ctx, OCTOBER).to_json()
        assert hub_share()["share"] == 1.0
    finally:
        a.ctx.db.close()
