"""The papers' certified electronic copies (issue 13): scan or import, list, export, OCR, scanners.

- ``scan CODE --paper N (--file F [--file F…] | --device DEV)`` stores and certifies the copy of paper
  N (1-based, checklist order). The clerk's token signs it when ``--token-library`` (or
  ``$COUNTER_APP_PKCS11_LIB``) names its PKCS#11 library, with the PIN from ``$COUNTER_APP_TOKEN_PIN``
  or ``--pin-stdin``; without one, the office's own key (and the copy says so).
- ``papers CODE`` lists the dossier's copies; ``--export DIR`` writes them out.
- ``scan-devices`` lists the scanners this PC reaches; ``ocr`` adds the text layer to the copies still
  without one (a PC that got tesseract later, or a scheduled task).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counter_app import messages
from counter_app.cli.base import EXIT_OK, Add, Session, _local, _number, _Parser, to_json
from counter_app.domain.errors import InvalidInput
from counter_app.services import papers
from counter_app.storage.check import paper_problems, sweep_papers

if TYPE_CHECKING:
    from counter_app.certify.signers import CopySigner
    from counter_app.scanning.pages import Page

LIBRARY_ENV = "COUNTER_APP_PKCS11_LIB"
PIN_ENV = "COUNTER_APP_TOKEN_PIN"
MAX_FILES = 100


def _signer(s: Session) -> CopySigner | None:
    """The clerk's token when a PKCS#11 library is named, else None (the office's key)."""
    a = s.args
    library = a.token_library or os.environ.get(LIBRARY_ENV)
    if not library:
        if a.pin_stdin:
            raise InvalidInput("papers.pin_without_token")
        return None
    pin = sys.stdin.readline().rstrip("\r\n") if a.pin_stdin else os.environ.get(PIN_ENV, "")
    if not pin:
        raise InvalidInput("papers.pin_missing", env=PIN_ENV)
    from counter_app.certify.signers import token_signer

    return token_signer(library, token_label=a.token_label, pin=pin)


def _pages(s: Session) -> list[Page]:
    a = s.args
    if a.file:
        if len(a.file) > MAX_FILES:
            raise InvalidInput("papers.too_many_files", count=len(a.file), limit=MAX_FILES)
        from counter_app.scanning.files import read_files

        return read_files(a.file)
    from counter_app.scanning.sources import open_source

    return list(open_source(a.device).scan(dpi=a.dpi, mode=a.mode, pages=a.pages))


def _row(info: papers.PaperCopyInfo) -> dict[str, Any]:
    return {
        "paper": info.paper,
        "sha256": info.sha256,
        "pages": info.pages,
        "bytes": info.bytes,
        "path": str(info.path),
    }


def cmd_scan(s: Session) -> int:
    a = s.args
    db = s.database()
    try:
        ctx = s.context(db)
        papers.check_paper(ctx, a.code, a.paper)  # refused before the scanner runs or a file is read
        pages = _pages(s)
        signer = _signer(s)
        info = papers.store_copy(ctx, a.code, a.paper, pages, signer=signer, request_id=a.request_id)
    finally:
        db.close()
    if s.json:
        s.out(to_json(_row(info)))
    else:
        s.out(messages.message("papers.stored", {"paper": info.paper, "pages": info.pages, "path": str(info.path)}))
    return EXIT_OK


def cmd_papers(s: Session) -> int:
    a = s.args
    if a.export is not None:
        written = s.call(lambda ctx: papers.export_copies(ctx, a.code, a.export))
        if s.json:
            s.out(to_json([str(p) for p in written]))
        else:
            for path in written:
                s.out(str(path))
        return EXIT_OK
    copies = s.call(lambda ctx: papers.list_copies(ctx, a.code), as_user=False)
    if s.json:
        s.out(to_json([{**_row(c), "ocr": c.ocr, "signed_by": c.signed_by} for c in copies]))
        return EXIT_OK
    if not copies:
        s.out(messages.message("papers.none"))
    for c in copies:
        reused = f" — dùng lại từ {c.reused_from}" if c.reused_from else ""
        s.out(f"{c.paper}. {c.name}")
        ocr = "đã nhận dạng chữ" if c.ocr == "done" else "chờ nhận dạng chữ"
        key = "khóa của cơ quan" if c.signer_kind == "office" else "chữ ký số"
        when = _local(c.certified_at)
        s.out(f"   {c.pages} trang, {c.bytes // 1024} KB, {ocr}; ký: {c.signed_by} ({key}), {when}{reused}")
        s.out(f"   {c.path}")
    return EXIT_OK


def cmd_scan_devices(s: Session) -> int:
    from counter_app.scanning.sources import list_devices

    devices = list_devices()
    if s.json:
        s.out(to_json([{"id": d.id, "label": d.label, "backend": d.backend} for d in devices]))
    else:
        if not devices:
            s.out(messages.message("papers.no_devices"))
        for d in devices:
            s.out(f"{d.id}  {d.label} ({d.backend})")
    return EXIT_OK


def cmd_ocr(s: Session) -> int:
    from counter_app.copies.ocr import ocr_available

    available = ocr_available()
    db = s.database()
    try:
        ctx = s.context(db)
        signer = _signer(s)
        done, failed = papers.run_ocr(ctx, signer) if available else (0, 0)
        waiting = papers.ocr_waiting(ctx)
    finally:
        db.close()
    if s.json:
        s.out(to_json({"available": available, "done": done, "failed": failed, "pending": waiting}))
    elif not available:
        s.out(messages.message("papers.ocr_unavailable", {"pending": waiting}))
    else:
        s.out(messages.message("papers.ocr_done", {"done": done, "failed": failed, "pending": waiting}))
    return EXIT_OK


def check_papers(path: Path) -> tuple[list[dict[str, Any]], int]:
    """For ``counter-app check``: every copy row whose file is missing or changed, and how many stray
    files (left by a crash before a commit, older than the grace period) the sweep deleted."""
    problems = [
        {"code": p.dossier_code, "paper": p.position, "sha256": p.sha256, "path": str(p.path), "problem": p.problem}
        for p in paper_problems(path)
    ]
    return problems, len(sweep_papers(path))


def paper_problem_lines(problems: list[dict[str, Any]]) -> list[str]:
    return [
        messages.message(
            "papers.check_problem",
            {
                "position": p["paper"],
                "code": p["code"],
                "path": p["path"],
                "problem": messages.message(f"papers.problem_{p['problem']}"),
            },
        )
        for p in problems
    ]


def _token_options(p: _Parser) -> None:
    p.add_argument(
        "--token-library",
        type=Path,
        metavar="PATH",
        help=(
            f"PKCS#11 library of the clerk's USB token (default ${LIBRARY_ENV}); without one the office's own key signs"
        ),
    )
    p.add_argument("--token-label", metavar="LABEL", help="which token, when several are plugged in")
    p.add_argument("--pin-stdin", action="store_true", help=f"read the token's PIN from stdin (default ${PIN_ENV})")


def register(add: Add, common: _Parser, js: _Parser, rid: _Parser) -> None:
    p = add("scan", cmd_scan, "store and certify the electronic copy of a dossier's paper N", once=True)
    p.add_argument("code", help="the dossier code")
    p.add_argument(
        "--paper", required=True, type=_number(1, 999), metavar="N", help="the paper's place in the checklist, from 1"
    )
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--file",
        action="append",
        type=Path,
        metavar="F",
        help="a PDF/JPEG/PNG/TIFF file of its pages (repeat, in order)",
    )
    source.add_argument("--device", metavar="DEV", help="a scanner id from 'scan-devices', e.g. test:0")
    p.add_argument("--dpi", type=_number(75, 1200), default=300, metavar="DPI", help="with --device (default 300)")
    p.add_argument("--mode", choices=("gray", "color", "lineart"), default="gray", help="with --device (default gray)")
    p.add_argument(
        "--pages",
        type=_number(1, 500),
        default=1,
        metavar="N",
        help="with --device: sheets from the feeder (default 1)",
    )
    _token_options(p)

    p = add("papers", cmd_papers, "list a dossier's certified copies of its papers, or --export them")
    p.add_argument("code", help="the dossier code")
    p.add_argument("--export", type=Path, metavar="DIR", help="write <code>-<N>-<paper>.pdf files into DIR")

    add("scan-devices", cmd_scan_devices, "list the scanners this PC can reach")

    p = add("ocr", cmd_ocr, "add the Vietnamese text layer to the copies still waiting for it")
    _token_options(p)
