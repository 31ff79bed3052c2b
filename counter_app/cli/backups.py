"""Backups: take one, list them, restore one, choose where they go, print the recovery sheet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from counter_app import messages
from counter_app.backup.errors import TargetProblem
from counter_app.cli.base import (
    EXIT_BAD_INPUT,
    EXIT_DISK_FULL,
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_READ_ONLY,
    Add,
    Session,
    _fail,
    _local,
    _number,
    _Parser,
    _write_file,
    to_json,
)
from counter_app.domain.errors import InvalidInput
from counter_app.services import backups
from counter_app.services.context import utc_now

_TARGET_EXITS = {"backup.target_full": EXIT_DISK_FULL, "backup.target_read_only": EXIT_READ_ONLY}


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} kB"


def _target_failure(exc: TargetProblem) -> int:
    return _fail(_TARGET_EXITS.get(exc.code, EXIT_BAD_INPUT), messages.message(exc.code, exc.params))


def cmd_backup(s: Session) -> int:
    target = backups.target_of(s.directory, s.args.to)
    db = s.database()
    try:
        result = backups.backup_now(db, s.directory, target, now=utc_now())
    except TargetProblem as exc:
        return _target_failure(exc)
    finally:
        db.close()
    problem = None if result.verified else messages.message(result.problem or "", result.problem_params)
    if s.json:
        s.out(
            to_json(
                {
                    "file": str(result.file),
                    "bytes": result.bytes,
                    "papers_new": result.papers_new,
                    "papers_bytes": result.papers_bytes,
                    "dossiers": result.dossiers,
                    "verified": result.verified,
                    "problem": problem,
                    "removed": list(result.removed),
                    "key_made": result.key_made,
                    "papers_missing": result.papers_missing,
                }
            )
        )
    else:
        check = "đã kiểm tra: khôi phục thử đạt" if result.verified else f"KIỂM TRA KHÔNG ĐẠT: {problem}"
        s.out(f"{result.file} — {_size(result.bytes)} — {check}")
        if result.papers_new:
            s.out(f"Thêm {result.papers_new} bản sao giấy tờ ({_size(result.papers_bytes)})")
        if result.papers_missing:
            s.out(
                f"Thiếu {result.papers_missing} bản sao giấy tờ trên máy này (không có trong bản sao lưu):"
                " hãy chạy 'counter-app check'"
            )
        if result.removed:
            s.out(f"Đã xoá {len(result.removed)} bản sao lưu cũ theo quy tắc giữ 7 ngày, 4 tuần, 12 tháng")
        if result.key_made:
            s.out("Đã tạo khóa sao lưu mới: hãy in phiếu mã khôi phục ('counter-app recovery-sheet --out phieu.pdf')")
    return EXIT_OK if result.verified else EXIT_FAILURE


def cmd_backups(s: Session) -> int:
    target = backups.target_of(s.directory, s.args.to)
    try:
        found = backups.list_backups(target)
    except TargetProblem as exc:
        return _target_failure(exc)
    if s.json:
        s.out(
            to_json(
                [
                    {
                        "file": b.path,
                        "created_at": b.created_at,
                        "bytes": b.bytes,
                        "paper_bytes": b.paper_bytes,
                        "papers": b.papers,
                        "dossiers": b.dossiers,
                        "verified": b.verified,
                        "problem": None if b.problem is None else messages.message(b.problem),
                        "kept_because": list(b.kept_because),
                    }
                    for b in found
                ]
            )
        )
        return EXIT_OK
    for b in found:
        state = {True: "đạt", False: "KHÔNG ĐẠT", None: "chưa kiểm tra"}[b.verified]
        s.out(f"{_local(b.created_at)}  {_size(b.bytes)}  {b.dossiers} hồ sơ  kiểm tra: {state}  {b.file}")
    return EXIT_OK


def cmd_restore(s: Session) -> int:
    key = s.args.recovery_key
    if key == "-":  # from stdin: the key stays out of the shell's history and the process list
        key = sys.stdin.readline().strip()
    result = backups.restore(
        Path(s.args.file).expanduser(),
        s.directory,
        recovery_key=key,
        replace=s.args.replace,
        now=utc_now(),
    )
    if s.json:
        moved = None if result.moved_aside is None else str(result.moved_aside)
        document = {"data_dir": str(result.data_dir), "created_at": result.created_at, "dossiers": result.dossiers}
        s.out(to_json({**document, "papers": result.papers, "moved_aside": moved}))
        return EXIT_OK
    s.out(
        f"Đã khôi phục bản sao lưu lúc {result.created_at} vào {result.data_dir}: "
        f"{result.dossiers} hồ sơ, {result.papers} bản sao giấy tờ"
    )
    if result.moved_aside is not None:
        s.out(f"Dữ liệu cũ được giữ nguyên ở {result.moved_aside}")
    s.out("Lần đồng bộ tới sẽ lấy lại từ máy chủ huyện những gì máy này còn thiếu và gửi lại những gì máy chủ chưa có")
    return EXIT_OK


def cmd_backup_settings(s: Session) -> int:
    if s.args.to is None and s.args.every is None:
        settings = backups.load_settings(s.directory)
    else:
        settings = backups.save_settings(s.directory, s.args.to, s.args.every)
    if s.json:
        s.out(to_json(settings))
    else:
        where = settings.target or "(chưa chọn)"
        s.out(f"Nơi sao lưu: {where}; sao lưu khi đóng chương trình và sau mỗi {settings.every} hồ sơ")
    return EXIT_OK


def cmd_recovery_sheet(s: Session) -> int:
    from counter_app.printing.recovery import recovery_sheet_pdf

    out = Path(s.args.out)
    if out.suffix.lower() != ".pdf":
        raise InvalidInput("backup.recovery_sheet_pdf", path=str(out))
    if not out.parent.is_dir():
        raise InvalidInput("output.no_folder", path=str(out))
    text, _made = backups.recovery_key_text(s.directory)
    office = s.call(lambda ctx: backups.office_names(ctx), as_user=False)
    _write_file(out, recovery_sheet_pdf(text, office_name=office[0], office_code=office[1], printed_at=utc_now()))
    if s.json:
        s.out(to_json({"file": str(out)}))
    else:
        s.out(f"Đã ghi phiếu mã khôi phục: {out} — hãy in, giao lãnh đạo xã giữ, rồi xoá tệp")
    return EXIT_OK


def register(add: Add, common: _Parser, js: _Parser, rid: _Parser) -> None:
    def to(p: argparse.ArgumentParser, help_: str) -> None:
        p.add_argument("--to", metavar="DIR", help=help_)

    p = add("backup", cmd_backup, "back up now (encrypted, verified by a trial restore)")
    to(p, "backup location (default: the one chosen with backup-settings)")
    p = add("backups", cmd_backups, "list the backups at the backup location")
    to(p, "backup location (default: the one chosen with backup-settings)")
    p = add("restore", cmd_restore, "restore a backup into the data directory")
    p.add_argument("file", metavar="FILE", help="the .hsmcbak file (in its counter-backups folder)")
    p.add_argument(
        "--recovery-key",
        metavar="KEY",
        help="the key on the recovery sheet (needed on a new PC); '-' reads it from stdin",
    )
    p.add_argument("--replace", action="store_true", help="move the current data aside first, then restore")
    p = add("backup-settings", cmd_backup_settings, "where automatic backups go, and every how many dossiers")
    to(p, "backup location (a USB stick or network share folder)")
    p.add_argument(
        "--every", metavar="N", type=_number(1, backups.MAX_EVERY), help="back up every N new dossiers (default 20)"
    )
    p = add(
        "recovery-sheet", cmd_recovery_sheet, "print the backup key as a recovery sheet (PDF) for the commune leader"
    )
    p.add_argument("--out", metavar="FILE.pdf", required=True, help="the PDF to write")
