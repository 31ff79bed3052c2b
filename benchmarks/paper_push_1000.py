"""1,000 certified copies pushed to the hub (issue 14): throughput against a bare HTTP PUT of the same bytes
to a trivial loopback endpoint, in the same run.

The counter holds 200 dossiers of 1.004873, each of its five papers a one-page copy (Vietnamese text at
100 dpi, ≈ 34 KB, every copy its own file, stored and signed with the office key through the counter's
services, :mod:`paper_common`). The hub is the real ``district-server serve`` on SQLite with its
filesystem paper store, reached directly on 127.0.0.1. The dossiers' events go up first; then
:func:`hub_sync.papers.upload_papers` sends the copies over tus (create, PATCH; the hub checks each
copy's sha256 and PAdES signature, stores it and records the signer), timed from its call to its return.

Reference: the same 1,000 files PUT one after another on one kept-alive connection to an HTTP/1.1 server
on loopback that writes each body to a file and answers 204 (:class:`paper_common.BareSink`).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from common import DATA, emit
from paper_common import BareSink, Layout, PaperHub, copies_of, counter_with_copies, enrolled, file_bytes, hub_papers

from counter_app.services.hub_sync import papers as paper_sync

DOSSIERS = int(os.environ.get("COUNTER_BENCH_PAPER_DOSSIERS", "200"))  # × 5 copies
LAYOUT = Layout(f"push{DOSSIERS * 5}", dossiers=DOSSIERS, papers=5, pages=1, dpi=100)


def main() -> int:
    source = counter_with_copies(LAYOUT)
    DATA.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-paper-push-", dir=DATA))
    try:
        return measure(source, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(source: Path, work: Path) -> int:
    hub = PaperHub(work / "hub")
    db, ctx, client = enrolled(source, work / "counter", hub.enrol_code(), hub.url)
    try:
        copies = copies_of(db)
        files = file_bytes(db, ctx)
        size = sum(len(data) for data in files.values())
        started = time.perf_counter()
        sent = paper_sync.upload_papers(ctx, client, budget_seconds=3600)
        seconds = time.perf_counter() - started
        waiting = paper_sync.papers_waiting(ctx)
        held = hub_papers(hub.admin)
    finally:
        client.close()
        db.close()
        hub.stop()
    count = len(copies)
    twice = [key for key, n in Counter(h[:2] for h in held).items() if n > 1]
    expected = sorted((code, paper, sha) for code, paper, sha, _ in copies)
    if sent != count or waiting != (0, 0) or twice or sorted(h[:3] for h in held) != expected:
        print(
            f"not every copy arrived once: sent {sent}/{count}, waiting {waiting}, twice {twice[:5]}", file=sys.stderr
        )
        return 1

    sink = BareSink(work / "sink")
    ref_seconds = sink.put_all(files)
    sink.stop()

    rate, ref_rate = count / seconds, count / ref_seconds
    ratio = seconds / ref_seconds
    print(
        f"{count:,} copies ({size / 1e6:.1f} MB, {size / count / 1000:.1f} KB each) to the hub over tus: "
        f"{seconds:.1f} s, {rate:.1f} copies/s, {size / seconds / 1e6:.2f} MB/s (hash and signature checked, stored)"
    )
    print(
        f"bare PUT of the same bytes to a loopback endpoint writing files: {ref_seconds:.2f} s, "
        f"{ref_rate:.0f} copies/s, "
        f"{size / ref_seconds / 1e6:.1f} MB/s; the hub's upload takes {ratio:.1f}× as long"
    )
    emit(
        "paper_push_1000",
        label=f"{count:,} certified copies ({size / 1e6:.1f} MB) pushed to the hub (loopback, SQLite hub)",
        target="every copy once; throughput against a bare PUT of the same bytes",
        measured=f"{seconds:.1f} s, {rate:.1f} copies/s, {size / seconds / 1e6:.2f} MB/s",
        reference=f"bare PUT {ref_seconds:.2f} s, {ref_rate:.0f} copies/s",
        ratio=f"{ratio:.1f}× the bare PUT's time",
        met=True,
        details={
            "copies": count,
            "bytes": size,
            "seconds": seconds,
            "bare_put_seconds": ref_seconds,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
