"""The dossier list's rows carry an assisted filing's mark and portal code; its filter picks them out."""

from __future__ import annotations

from counter_app.domain.applicant import make_applicant
from counter_app.domain.values import Channel
from counter_app.services import dossiers, intake
from counter_app.services.context import Context

MARRIAGE = "1.000894"  # Đăng ký kết hôn: online only from 01/10/2025
COPY = "2.000635"  # Cấp bản sao Trích lục hộ tịch: still on paper
PORTAL = "000.12.34.H26-251118-0007"


def _take(ctx: Context, procedure: str, **kwargs: object) -> str:
    applicant = make_applicant("Nguyễn Thị Lan", id_number="001190123456", phone="0912345678")
    return intake.accept(ctx, intake.IntakeRequest(procedure, applicant, **kwargs)).dossier.code  # type: ignore[arg-type]


def test_rows_and_the_filter_know_assisted_filings(ctx: Context) -> None:
    assisted = _take(ctx, MARRIAGE, channel=Channel.ONLINE, assisted=True, portal_code=PORTAL)
    online = _take(ctx, COPY, channel=Channel.ONLINE)  # filed by the citizen at home: online, not assisted
    paper = _take(ctx, COPY)
    rows = {r.code: r for r in dossiers.rows(ctx, list(dossiers.all_ids(ctx)))}
    assert (rows[assisted].assisted, rows[assisted].portal_code) == (True, PORTAL)
    assert not rows[online].assisted and not rows[paper].assisted and rows[paper].portal_code is None
    picked = dossiers.all_ids(ctx, dossiers.ListFilter(channel=Channel.ONLINE, assisted=True))
    assert [r.code for r in dossiers.rows(ctx, list(picked))] == [assisted]
    everything_online = dossiers.all_ids(ctx, dossiers.ListFilter(channel=Channel.ONLINE))
    assert {r.code for r in dossiers.rows(ctx, list(everything_online))} == {assisted, online}
