"""A certified copy cut at 50 % on its way to the hub: the bytes sent again, as a share of the file
(issue 14; target ≤ 5 %).

The counter holds one ten-page copy (Vietnamese text at 300 dpi, ≈ 1 MB, stored and signed through the
counter's services, :mod:`paper_common`). Its dossier's events go up first. Then the fault suite's proxy
(tests/faults/proxy.py) resets the connection once half the file's bytes, counted from the first
``PATCH`` a client sends, have reached the real hub process (SQLite, filesystem store);
:func:`hub_sync.papers.upload_papers` stops, and the next call resumes from the offset the hub answers to
``HEAD``.

Counted at the proxy: the client's bytes that reached the hub during the cut upload and its resumption,
against the same copy uploaded whole without a cut to a fresh hub in the same run (the reference). The
difference is what the cut cost on the wire; the PATCH bodies the hub received twice are counted apart.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from common import DATA, emit
from paper_common import Layout, PaperHub, copies_of, counter_with_copies, enrolled, hub_papers, new_client, time_passes

from counter_app.services.hub_sync import papers as paper_sync
from tests.faults.proxy import Proxy

TARGET_SHARE = 0.05
CUT_AT = 0.5
LAYOUT = Layout("resume10", dossiers=1, papers=1, pages=10, dpi=300, noise=25.0)


def patch_bodies(stream: bytes) -> int:
    """The PATCH body bytes a captured client stream delivered (a cut request's partial body included)."""
    delivered = 0
    rest = bytes(stream)
    while rest:
        head_end = rest.find(b"\r\n\r\n")
        if head_end < 0:
            break
        lines = rest[:head_end].decode("latin-1").split("\r\n")
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        body = rest[head_end + 4 : head_end + 4 + length]
        if lines[0].startswith("PATCH "):
            delivered += len(body)
        rest = rest[head_end + 4 + length :]
    return delivered


def upload(source: Path, work: Path, cut: bool) -> tuple[int, int, int, int]:
    """(file bytes, client bytes through the proxy, PATCH body bytes delivered, calls needed)."""
    hub = PaperHub(work / "hub")
    proxy = Proxy(hub.port)
    db, ctx, client = enrolled(source, work / "counter", hub.enrol_code(), proxy.url)
    try:
        ((code, paper, sha, size),) = copies_of(db)
        client.close()
        proxy.reset_counts()
        client = new_client(db)
        if cut:
            proxy.cut_once(int(size * CUT_AT), after=b"PATCH ")
        calls = 0
        while paper_sync.papers_waiting(ctx)[0] and calls < 5:
            calls += 1
            time_passes(ctx)  # the uploader waits a little after a cut link before it tries the copy again
            paper_sync.upload_papers(ctx, client, budget_seconds=600)
        if paper_sync.papers_waiting(ctx) != (0, 0) or [h[:3] for h in hub_papers(hub.admin)] != [(code, paper, sha)]:
            raise SystemExit(f"the copy did not arrive once (cut={cut}): {hub_papers(hub.admin)}")
        if cut and proxy.cuts != 1:
            raise SystemExit("the proxy never cut the upload")
        bodies = sum(patch_bodies(c.request) for c in proxy.captures)
        return size, proxy.sent, bodies, calls
    finally:
        client.close()
        db.close()
        proxy.close()
        hub.stop()


def main() -> int:
    source = counter_with_copies(LAYOUT)
    DATA.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-paper-cut-", dir=DATA))
    try:
        size, clean_wire, clean_bodies, _ = upload(source, work / "clean", cut=False)
        _, cut_wire, cut_bodies, calls = upload(source, work / "cut", cut=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    extra = cut_wire - clean_wire
    share = extra / size
    resent_bodies = cut_bodies - size
    met = share <= TARGET_SHARE
    print(
        f"one copy of {size:,} bytes cut at {CUT_AT:.0%}: {cut_wire:,} client bytes reached the hub in {calls} calls, "
        f"against {clean_wire:,} uncut: {extra:,} bytes more = {share:.2%} of the file"
    )
    print(
        f"PATCH bodies delivered: {cut_bodies:,} cut, {clean_bodies:,} uncut; "
        f"file bytes the hub received twice: {resent_bodies:,} ({resent_bodies / size:.2%})"
    )
    print(f"target ≤ {TARGET_SHARE:.0%} of the file re-sent: {'met' if met else 'MISSED'}")
    emit(
        "paper_resume_cut",
        label=f"A {size / 1e6:.2f} MB copy cut at 50 % and resumed: bytes sent again",
        target=f"≤ {TARGET_SHARE:.0%} of the file",
        measured=f"{extra:,} B more on the wire ({resent_bodies:,} B of the file twice)",
        reference=f"{clean_wire:,} B the same upload without a cut",
        ratio=f"{share:.2%} of the file",
        met=met,
        details={
            "bytes": size,
            "cut_at": CUT_AT,
            "wire_cut": cut_wire,
            "wire_clean": clean_wire,
            "patch_bodies_cut": cut_bodies,
            "patch_bodies_clean": clean_bodies,
            "calls": calls,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
