"""The link to the district hub: enrolment, sync rounds, set-aside items and the offline file exchange."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from counter_app import messages
from counter_app.cli.base import EXIT_FAILURE, EXIT_OFFLINE, EXIT_OK, Add, Session, _local, _Parser, to_json
from counter_app.domain.errors import InvalidInput
from counter_app.services import hub_sync


def cmd_enroll(s: Session) -> int:
    result = s.call(lambda ctx: hub_sync.enroll(ctx, s.args.server, s.args.code))
    if s.json:
        s.out(to_json(result))
    else:
        again = " (ghi danh lại)" if result.re_enrolled else ""
        s.out(f"Đã ghi danh với {result.server_url}: {result.commune_name} ({result.commune_code}){again}")
        s.out(f"Địa chỉ tra cứu trên giấy tiếp nhận: {result.lookup_url_base}")
    return EXIT_OK


def cmd_sync(s: Session) -> int:
    report = s.call(lambda ctx: hub_sync.run_round(ctx))
    if s.json:
        s.out(to_json(report))
    else:
        s.out(
            f"Đã gửi {report.pushed}, đã nhận {report.pulled}, còn chờ {report.waiting}, "
            f"bị giữ lại {report.quarantined}" + ("" if report.online else " — mất kết nối (ngoại tuyến)")
        )
        if report.message:
            s.out(report.message)
    if report.error is None:
        return EXIT_OK
    return EXIT_OFFLINE if not report.online else EXIT_FAILURE


def cmd_sync_status(s: Session) -> int:
    st = s.call(lambda ctx: hub_sync.status(ctx), as_user=False)
    if s.json:
        s.out(to_json(st))
        return EXIT_OK
    if not st.enrolled:
        s.out(f"Chưa ghi danh với máy chủ đồng bộ; {st.waiting} mục chờ gửi")
        return EXIT_OK
    link = "thu hồi" if st.revoked else ("trực tuyến" if st.online else "ngoại tuyến")
    s.out(f"{st.commune} — {st.server} — {link}")
    s.out(f"{st.waiting} mục chờ gửi, {st.quarantined} bị giữ lại; đồng bộ lần cuối {_local(st.last_success_at)}")
    if st.last_error:
        s.out(f"Lỗi: {st.last_error} (thử lại lúc {_local(st.next_attempt_at)})")
    if st.clock_wrong and st.clock_offset_seconds is not None:
        s.out(f"Đồng hồ máy lệch {st.clock_offset_seconds / 60:+.0f} phút so với máy chủ: hãy chỉnh lại giờ")
    return EXIT_OK


def cmd_sync_quarantine(s: Session) -> int:
    found = s.call(lambda ctx: hub_sync.quarantine(ctx), as_user=False)
    if s.json:
        s.out(to_json(found))
        return EXIT_OK
    for q in found:
        s.out(
            f"{q.uid}  {q.dossier_code or q.topic} {messages.event_label(q.kind)} "
            f"({messages.quarantine_label(q.status)}): {q.reason}"
        )
    return EXIT_OK


def cmd_sync_retry(s: Session) -> int:
    count = s.call(lambda ctx: hub_sync.retry_quarantined(ctx, s.args.uid))
    if s.json:
        s.out(to_json({"requeued": count}))
    else:
        s.out(f"Đã đưa {count} mục trở lại hàng chờ gửi")
    return EXIT_OK


def cmd_export_sync(s: Session) -> int:
    if not s.args.file.parent.is_dir():
        raise InvalidInput("output.no_folder", path=str(s.args.file))
    result = s.call(lambda ctx: hub_sync.export_sync(ctx, s.args.file))
    if s.json:
        s.out(to_json({**dataclasses.asdict(result), "path": str(result.path)}))
    else:
        s.out(f"Đã ghi {result.items} mục vào {result.path}: mang tệp lên máy chủ ('district-server import-sync')")
    return EXIT_OK


def cmd_import_sync_answer(s: Session) -> int:
    result = s.call(lambda ctx: hub_sync.import_sync_answer(ctx, s.args.file))
    if s.json:
        s.out(to_json(result))
    else:
        s.out(
            f"Máy chủ đã nhận {result.pushed}, giữ lại {result.quarantined}; đã nhận về {result.pulled} thay đổi; "
            f"còn chờ {result.waiting}"
        )
    return EXIT_OK


def register(add: Add, common: _Parser, js: _Parser, rid: _Parser) -> None:
    """The sync commands, in the order --help lists them."""
    p = add("enroll", cmd_enroll, "enrol this PC at the hub with a one-time code (exit 3: hub unreachable)")
    p.add_argument("--server", required=True, metavar="URL", help="the hub's address, e.g. https://hub.example")
    p.add_argument("--code", required=True, metavar="CODE", help="one-time code issued at the hub")

    add(
        "sync",
        cmd_sync,
        "one sync round: send waiting changes, bring the hub's down. Exit 0: done; 3: the hub could not be "
        "reached or is not serving (nothing is lost, it retries); 1: another failure (e.g. revoked)",
    )

    add("sync-status", cmd_sync_status, "link to the hub: waiting and set-aside items, last sync, errors, clock")

    add("sync-quarantine", cmd_sync_quarantine, "items the hub refused, with its reasons")

    p = add("sync-retry", cmd_sync_retry, "put refused items back in the queue (all, or one by its UID)")
    p.add_argument("uid", nargs="?", metavar="UID")

    p = add("export-sync", cmd_export_sync, "write waiting items to a signed file for the hub (no link)")
    p.add_argument("file", type=Path, metavar="FILE")

    p = add("import-sync-answer", cmd_import_sync_answer, "apply the hub's signed answer file")
    p.add_argument("file", type=Path, metavar="FILE")
