"""``district-server report`` and ``report-token``: district-wide Biểu 06 and the statistics page's tokens
(split out of :mod:`district_server.cli` along its seam; the commands and their texts are unchanged)."""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path

from counter_app import cliparse
from district_server.db import Hub, utc_now
from district_server.errors import HubError

EXIT_OK, EXIT_FAILURE = 0, 1
OpenHub = Callable[[argparse.Namespace], Hub]


def cmd_report(open_hub: OpenHub, args: argparse.Namespace) -> int:
    from counter_app.domain.statistics import ReportInconsistent
    from district_server import report

    period = report.make_period(report.parse_day(args.date_from), report.parse_day(args.date_to))
    out: Path | None = args.out
    if out is not None:
        if out.suffix.lower() != ".xlsx":
            raise HubError("report_suffix", path=str(out))
        if not out.parent.is_dir():
            raise HubError("folder_missing", path=str(out))
    hub = open_hub(args)
    try:
        with hub.read() as session:
            result = report.district_report(session, period, args.commune)
    except ReportInconsistent as exc:
        print(HubError("report_inconsistent", detail=str(exc)).message("vi"), file=sys.stderr)
        return EXIT_FAILURE
    if out is not None:
        try:
            out.write_bytes(report.xlsx(result, utc_now()))
        except OSError as exc:
            raise HubError("report_output", path=str(out), detail=cliparse.os_reason(exc, "vi")) from None
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    for line in report.text_lines(result):
        print(line)
    if out is not None:
        print(f"Đã ghi {out}")
    return EXIT_OK


def cmd_report_token(open_hub: OpenHub, args: argparse.Namespace) -> int:
    from district_server import report

    hub = open_hub(args)
    with hub.write() as session:
        if args.revoke_all:
            count = report.revoke_tokens(session)
            print(f"Đã thu hồi {count} mã truy cập trang báo cáo.")
            return EXIT_OK
        token = report.issue_token(session, args.label, utc_now())
    print(token)
    print(
        "Mã truy cập trang báo cáo (chỉ hiện một lần): mở <địa chỉ máy chủ>/bao-cao và nhập mã vào ô "
        "“Mã truy cập” một lần, trình duyệt sẽ ghi nhớ.",
        file=sys.stderr,
    )
    return EXIT_OK


def register(
    add: Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser],
    open_hub: OpenHub,
    json_help: str,
) -> None:
    """Add ``report`` and ``report-token`` through the CLI's ``add`` (with its common options)."""
    p = add(
        "report",
        functools.partial(cmd_report, open_hub),
        "Biểu 06 of every commune and the district total for a period (the counters' figures once synced)",
    )
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE", help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE", help="last day (included)")
    p.add_argument("--commune", metavar="CODE", help="only this commune")
    p.add_argument("--out", type=Path, metavar="FILE.xlsx", help="also write an Excel workbook")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=json_help)

    p = add(
        "report-token",
        functools.partial(cmd_report_token, open_hub),
        "print a new access token for the statistics page /bao-cao (stored hashed); --revoke-all revokes every one",
    )
    p.add_argument("--label", default="", metavar="TEXT", help="who the token is for")
    p.add_argument("--revoke-all", action="store_true", help="revoke every statistics page token")
