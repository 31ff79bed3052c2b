"""`counter-app search` shows an assisted online filing (Directive 24/CT-TTg) with its portal code, and its
JSON carries `assisted` and `portal_code` for every row."""

from __future__ import annotations

from tests.cli.conftest import Cli

BIRTH = "1.001193"  # Đăng ký khai sinh: no paper dossier from 01/10/2025
COPY = "2.000635"  # Cấp bản sao Trích lục hộ tịch: still on paper
PORTAL = "000.12.34.H26-251118-0042"


def test_search_lists_assisted_filings_with_the_portal_code(ready: Cli) -> None:
    filed = ready.json(
        "intake", "--procedure", BIRTH, "--applicant-name", "Lê Thị An", "--assisted-online", "--portal-code", PORTAL
    )
    paper = ready.json("intake", "--procedure", COPY, "--applicant-name", "Lê Văn An")
    rows = {r["code"]: r for r in ready.json("search", "Lê")}
    assert (rows[filed["code"]]["assisted"], rows[filed["code"]]["portal_code"]) == (True, PORTAL)
    assert (rows[paper["code"]]["assisted"], rows[paper["code"]]["portal_code"]) == (False, None)
    code, out, _ = ready("search", "Lê")
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert code == 0 and f"Trực tuyến (hỗ trợ) {PORTAL}" in lines[filed["code"]]
    assert "Trực tuyến" not in lines[paper["code"]]
