"""An assisted filing (Directive 24/CT-TTg) on the real hub: the hub keeps the mark, the portal's code and
a paper exception's reason, and its Biểu 06 counts the assisted filing as received online."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_app.domain.values import Channel
from district_server import service
from tests.conftest import FakeClock
from tests.hub.conftest import HubServer
from tests.hub.test_report import A_CODE, A_NAME, OCTOBER, _block, _district_json, _enrol, _open_counter, _vn

BIRTH = "1.001193"  # Đăng ký khai sinh: online-only since 01/10/2025
MARRIAGE = "1.000894"  # Đăng ký kết hôn: online-only too


def test_the_hub_keeps_assisted_filings_and_counts_them_online(
    hub_server: HubServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FakeClock(_vn(6, 10, 9))
    a = _open_counter(tmp_path / "a", A_CODE, A_NAME, 2, clock)
    try:
        _enrol(hub_server, a, A_CODE, A_NAME)
        portal = {"channel": Channel.ONLINE, "assisted": True, "portal_code": "G22.99-251006-0001"}
        assisted = a.take(BIRTH, "Trần Thị Mai Anh", **portal)
        paper = a.take(MARRIAGE, "Phạm Văn Đức", paper_exception="Cổng Dịch vụ công quốc gia gián đoạn cả buổi sáng")
        a.sync()
        assert hub_server.hub is not None
        with hub_server.hub.read() as session:
            rows = {d.code: d for d in service.list_dossiers(session, A_CODE)}
        assert (rows[assisted].assisted, rows[assisted].portal_code) == (True, "G22.99-251006-0001")
        assert rows[assisted].paper_exception is None
        assert (rows[paper].assisted, rows[paper].portal_code) == (False, None)
        assert rows[paper].paper_exception == "Cổng Dịch vụ công quốc gia gián đoạn cả buổi sáng"
        october = _district_json(capsys, hub_server.db_url, *OCTOBER)
        assert october["received"] == {"total": 2, "online": 1, "direct_postal": 1, "carried_over": 0}
        assert _block(october, A_CODE) == a.report(*OCTOBER)
    finally:
        a.ctx.db.close()
