"""The hub's command-line options and commands for papers (issue 14), beside :mod:`district_server.cli`.

- ``--papers SPEC`` (every command, before or after it; ``$DISTRICT_SERVER_PAPERS``): where the signed
  copies are kept: a directory, or ``s3://bucket[/prefix]?endpoint=URL&region=NAME`` (credentials from
  the usual AWS variables). Default: ``papers/`` beside a SQLite hub's database file, else in the
  user-data directory.
- ``serve --paper-quota BYTES``: the default quota of a commune (``10G``, ``500M``…).
- ``commune quota CODE BYTES``: a commune's own quota (``default`` to go back to the hub's default).
- ``paper-sweep [--days N]``: drop the uploads left incomplete for N days (default 30) and their parts.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from district_server.db import PAPER_QUOTA_BYTES, PAPERS_ENV, Hub, utc_now
from district_server.errors import HubError
from district_server.papers import service

PAPERS_HELP = (
    f"where papers' signed copies are kept: a directory or s3://bucket/prefix?endpoint=URL "
    f"(default: ${PAPERS_ENV}, else papers/ beside a SQLite database)"
)


def add_common(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    """``--papers`` before the command (``parser``) and after it (``common``, never overwriting)."""
    parser.add_argument("--papers", metavar="SPEC", default=None, help=PAPERS_HELP)
    common.add_argument("--papers", metavar="SPEC", default=argparse.SUPPRESS, help=PAPERS_HELP)


def quota_argument(text: str) -> int:
    try:
        return service.parse_bytes(text)
    except HubError as exc:
        raise argparse.ArgumentTypeError(exc.message("vi")) from None


def add_serve_options(serve: argparse.ArgumentParser) -> None:
    serve.add_argument(
        "--paper-quota",
        type=quota_argument,
        default=None,
        metavar="BYTES",
        help=f"papers a commune may keep on the hub, e.g. 10G (default {PAPER_QUOTA_BYTES // 1024**3}G; "
        "`commune quota` sets one commune's own)",
    )


def register_commune(
    csub: Any, common: argparse.ArgumentParser, open_hub: Callable[[argparse.Namespace], Hub], json_help: str
) -> None:
    """``commune quota CODE BYTES``."""
    c = csub.add_parser(
        "quota", help="set a commune's quota for papers' signed copies (BYTES or “default”)", parents=[common]
    )
    c.add_argument("code", metavar="CODE", help="the commune's unit code")
    c.add_argument("quota", metavar="BYTES", help="e.g. 10G, 500M, 1048576; “default”: the hub's default")
    c.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=json_help)

    def run(args: argparse.Namespace) -> int:
        quota = None if args.quota.strip().lower() == "default" else service.parse_bytes(args.quota)
        hub = open_hub(args)
        with hub.write() as session:
            info = service.set_quota(session, args.code.strip(), quota, hub.paper_quota)
        if getattr(args, "json", False):
            print(json.dumps({**info.__dict__}, ensure_ascii=False, indent=2))
        else:
            kind = "riêng của xã" if info.own else "mặc định của máy chủ"
            print(
                f"Hạn mức lưu bản sao của xã {info.commune}: {_size(info.quota_bytes)} ({kind}); "
                f"đã dùng {_size(info.used_bytes)}."
            )
        return 0

    c.set_defaults(handler=run)


def _size(count: int) -> str:
    for unit, scale in (("TiB", 1024**4), ("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{count} byte"


def register(
    add: Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser],
    open_hub: Callable[[argparse.Namespace], Hub],
    json_help: str,
) -> None:
    """``paper-sweep``."""

    def sweep(args: argparse.Namespace) -> int:
        hub = open_hub(args)
        dropped = service.sweep_uploads(hub, utc_now(), timedelta(days=args.days))
        if getattr(args, "json", False):
            print(json.dumps({"dropped": dropped}))
        else:
            print(f"Đã bỏ {dropped} lượt tải bản sao dở dang quá {args.days} ngày.")
        return 0

    p = add("paper-sweep", sweep, "drop the uploads of papers left incomplete for a number of days, and their parts")
    p.add_argument("--days", type=_days, default=service.SWEEP_AFTER.days, metavar="N", help="default 30")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=json_help)


def _days(text: str) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= 3650:
        raise argparse.ArgumentTypeError(f"số ngày “{text[:20]}” không đúng: cần từ 1 đến 3650")
    return int(text)
