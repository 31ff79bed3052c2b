"""The link to the district hub: enrolment, sync rounds, set-aside items and the offline file exchange."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from counter_app import messages
from counter_app.cli.base import (
    EXIT_FAILURE,
    EXIT_OFFLINE,
    EXIT_OK,
    Add,
    Session,
    _argument,
    _local,
    _Parser,
    to_json,
)
from counter_app.domain.errors import InvalidInput
from counter_app.services import hub_sync
from counter_app.services.context import Context
from counter_app.services.hub_sync.papers import papers_line
from counter_app.sync.parts import MIN_PART_BYTES


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
            f"bị giữ lại {report.quarantined}"
            + (f", đã gửi {report.papers_sent} giấy tờ" if report.papers_sent else "")
            + ("" if report.online else " — mất kết nối (ngoại tuyến)")
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
        if st.papers_waiting:
            s.out(papers_line(st.papers_waiting, st.paper_bytes_waiting))
        return EXIT_OK
    link = "thu hồi" if st.revoked else ("trực tuyến" if st.online else "ngoại tuyến")
    s.out(f"{st.commune} — {st.server} — {link}")
    s.out(f"{st.waiting} mục chờ gửi, {st.quarantined} bị giữ lại; đồng bộ lần cuối {_local(st.last_success_at)}")
    if st.papers_waiting or st.papers_set_aside:
        line = papers_line(st.papers_waiting, st.paper_bytes_waiting)
        s.out(line + (f", {st.papers_set_aside} giấy tờ bị giữ lại" if st.papers_set_aside else ""))
    if st.paper_error:
        s.out(f"Giấy tờ: {st.paper_error}")
    if st.last_error:
        s.out(f"Lỗi: {st.last_error} (thử lại lúc {_local(st.next_attempt_at)})")
    if st.clock_wrong and st.clock_offset_seconds is not None:
        s.out(f"Đồng hồ máy lệch {st.clock_offset_seconds / 60:+.0f} phút so với máy chủ: hãy chỉnh lại giờ")
    return EXIT_OK


def cmd_sync_papers(s: Session) -> int:
    """The papers' cap and sending hours; an option left out keeps its value."""
    kbps = None if s.args.kbps is None else _kbps(s.args.kbps)
    hours = s.args.hours

    def work(ctx: Context) -> hub_sync.PaperSchedule:
        now = hub_sync.paper_schedule(ctx)
        if kbps is None and hours is None:
            return now
        return hub_sync.set_paper_schedule(
            ctx, now.kbps if kbps is None else kbps, now.hours if hours is None else hours
        )

    schedule = s.call(work)
    if s.json:
        s.out(to_json(schedule))
    else:
        cap = "không giới hạn" if schedule.kbps is None else f"{schedule.kbps} kbit/s"
        s.out(f"Gửi giấy tờ: tốc độ {cap}; giờ gửi {schedule.hours or 'bất kỳ lúc nào'}")
    return EXIT_OK


def cmd_sync_papers_set_aside(s: Session) -> int:
    """The copies the hub refused, with its reasons; ``--retry`` puts them back in the queue."""
    if s.args.retry:
        count = s.call(lambda ctx: hub_sync.retry_set_aside(ctx))
        if s.json:
            s.out(to_json({"requeued": count}))
        else:
            s.out(f"Đã đưa {count} giấy tờ trở lại hàng chờ gửi")
        return EXIT_OK
    found = s.call(lambda ctx: hub_sync.set_aside_papers(ctx), as_user=False)
    if s.json:
        s.out(to_json(found))
        return EXIT_OK
    for item in found:
        s.out(f"{item.dossier_code} giấy tờ {item.paper} ({item.name}): {item.reason}")
    return EXIT_OK


def _kbps(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InvalidInput("paper.kbps", value=text[:40]) from None


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
    result = s.call(lambda ctx: hub_sync.export_sync(ctx, s.args.file, max_bytes=s.args.max_bytes))
    if s.json:
        s.out(
            to_json({**dataclasses.asdict(result), "path": str(result.path), "files": [str(f) for f in result.files]})
        )
    elif len(result.files) <= 1:
        papers = f" và {result.papers} giấy tờ" if result.papers else ""
        s.out(
            f"Đã ghi {result.items} mục{papers} vào {result.path}: mang tệp lên máy chủ ('district-server import-sync')"
        )
    else:
        s.out(
            f"Đã ghi {result.items} mục và {result.papers} giấy tờ vào {len(result.files)} tệp: "
            + ", ".join(f.name for f in result.files)
            + " — mỗi lần mang một hay nhiều tệp lên máy chủ ('district-server import-sync'), theo thứ tự bất kỳ"
        )
    return EXIT_OK


def _size(text: str) -> int:
    """A byte count: ``700000``, ``64K``, ``700M``, ``4G`` (powers of 1024)."""
    cleaned = text.strip().upper().removesuffix("B").removesuffix("I")
    factor = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(cleaned[-1:], 1)
    digits = cleaned[:-1] if factor > 1 else cleaned
    if not digits.isdigit():
        raise InvalidInput("sync.max_bytes", minimum=MIN_PART_BYTES, value=text)
    size = int(digits) * factor
    if size < MIN_PART_BYTES:
        raise InvalidInput("sync.max_bytes", minimum=MIN_PART_BYTES, value=text)
    return size


def cmd_import_sync_answer(s: Session) -> int:
    result = s.call(lambda ctx: hub_sync.import_sync_answer(ctx, s.args.file))
    if s.json:
        s.out(to_json(result))
    else:
        papers = f"; {result.papers_sent} giấy tờ đã lên máy chủ" if result.papers_sent else ""
        aside = f", {result.papers_set_aside} giấy tờ bị từ chối" if result.papers_set_aside else ""
        s.out(
            f"Máy chủ đã nhận {result.pushed}, giữ lại {result.quarantined}; đã nhận về {result.pulled} thay đổi; "
            f"còn chờ {result.waiting}{papers}{aside}"
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

    p = add(
        "sync-papers",
        cmd_sync_papers,
        "the certified copies' upload to the hub: a cap and sending hours (no option: show them)",
    )
    p.add_argument("--kbps", metavar="N", help="cap in kbit/s, 8-100000; 0: no limit")
    p.add_argument("--hours", metavar="HH:MM-HH:MM", help="send papers only then (office time); 'any': any time")

    p = add("sync-papers-set-aside", cmd_sync_papers_set_aside, "certified copies the hub refused, with its reasons")
    p.add_argument("--retry", action="store_true", help="put them all back in the queue")

    add("sync-quarantine", cmd_sync_quarantine, "items the hub refused, with its reasons")

    p = add("sync-retry", cmd_sync_retry, "put refused items back in the queue (all, or one by its UID)")
    p.add_argument("uid", nargs="?", metavar="UID")

    p = add(
        "export-sync",
        cmd_export_sync,
        "write waiting items and papers to signed files for the hub (no link): FILE, or FILE, FILE.part2… "
        "of at most --max-bytes each",
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--max-bytes",
        type=_argument(_size),
        metavar="N",
        help=f"the largest file to write (bytes, or with K/M/G: 700M); at least {MIN_PART_BYTES}; default no limit",
    )

    p = add("import-sync-answer", cmd_import_sync_answer, "apply the hub's signed answer file")
    p.add_argument("file", type=Path, metavar="FILE")
