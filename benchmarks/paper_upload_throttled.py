"""A 10-page dossier's certified copies to the hub over a link throttled to 256 kbit/s (issue 14; target:
the upload takes at most 1.25× its bytes divided by the bandwidth).

The counter holds one dossier of 1.004873 whose five papers are two-page copies of Vietnamese text
scanned at 300 dpi (:mod:`paper_common`), ≈ 1 MB in all, stored and signed through the counter's
services. The hub is the real ``district-server serve`` on SQLite with its filesystem paper store; the
counter reaches it through the fault suite's proxy (tests/faults/proxy.py) throttled to 256 kbit/s each
way. The dossier's events go up first (unthrottled); then :func:`hub_sync.papers.upload_papers` sends
the copies over tus, no cap of its own, and is timed from its call to its return. Every copy must be on
the hub once, with its sha256.

References in the same run: the ideal time (the copies' bytes × 8 / 256,000), and the same bytes PUT as
bare HTTP requests, one per copy, through the same throttled proxy to a trivial loopback endpoint.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from common import DATA, emit
from paper_common import BareSink, Layout, PaperHub, copies_of, counter_with_copies, enrolled, file_bytes, hub_papers

from counter_app.services.hub_sync import papers as paper_sync
from tests.faults.proxy import Proxy

KBPS = 256
TARGET_RATIO = 1.25
LAYOUT = Layout("dossier10", dossiers=1, papers=5, pages=2, dpi=300, noise=25.0)


def main() -> int:
    source = counter_with_copies(LAYOUT)
    DATA.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-paper-throttled-", dir=DATA))
    try:
        return measure(source, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(source: Path, work: Path) -> int:
    hub = PaperHub(work / "hub")
    proxy = Proxy(hub.port)
    db, ctx, client = enrolled(source, work / "counter", hub.enrol_code(), proxy.url)
    try:
        copies = copies_of(db)
        files = file_bytes(db, ctx)
        size = sum(len(data) for data in files.values())
        proxy.throttle(KBPS)
        proxy.reset_counts()
        started = time.perf_counter()
        sent = paper_sync.upload_papers(ctx, client, budget_seconds=3600)
        seconds = time.perf_counter() - started
        wire_up, wire_down = proxy.sent, proxy.received
        waiting = paper_sync.papers_waiting(ctx)
        held = hub_papers(hub.admin)
    finally:
        client.close()
        db.close()
    expected = sorted((code, paper, sha) for code, paper, sha, _ in copies)
    if sent != len(copies) or waiting != (0, 0) or sorted(h[:3] for h in held) != expected:
        print(f"not every copy arrived once: sent {sent}, waiting {waiting}, hub {held}", file=sys.stderr)
        return 1

    sink = BareSink(work / "sink")
    ref_proxy = Proxy(sink.port)
    ref_proxy.throttle(KBPS)
    ref_seconds = sink.put_all(files, ref_proxy.url)
    ref_up = ref_proxy.sent
    ref_proxy.close()
    sink.stop()
    proxy.close()
    hub.stop()

    ideal = size * 8 / (KBPS * 1000)
    ratio = seconds / ideal
    met = ratio <= TARGET_RATIO
    print(
        f"{len(copies)} copies, {size:,} bytes ({LAYOUT.papers * LAYOUT.pages} pages at {LAYOUT.dpi} dpi) over "
        f"{KBPS} kbit/s: {seconds:.2f} s; ideal {ideal:.2f} s (bytes × 8 / bandwidth): {ratio:.3f}×"
    )
    print(
        f"on the wire: {wire_up:,} B up ({(wire_up - size) / size:.2%} over the files), {wire_down:,} B down; "
        f"bare PUT of the same bytes through the same link: {ref_seconds:.2f} s ({ref_up:,} B up), "
        f"tus is {seconds / ref_seconds:.3f}× the bare PUT"
    )
    print(f"target ≤ {TARGET_RATIO:g}× bytes / bandwidth: {'met' if met else 'MISSED'}")
    emit(
        "paper_upload_throttled",
        label=f"A 10-page dossier's copies ({size / 1e6:.2f} MB) to the hub over a {KBPS} kbit/s link",
        target=f"≤ {TARGET_RATIO:g}× bytes / bandwidth",
        measured=f"{seconds:.1f} s",
        reference=f"{ideal:.1f} s bytes / bandwidth; bare PUT {ref_seconds:.1f} s",
        ratio=f"{ratio:.3f}× ideal, {seconds / ref_seconds:.3f}× bare PUT",
        met=met,
        details={
            "copies": len(copies),
            "bytes": size,
            "kbps": KBPS,
            "seconds": seconds,
            "ideal_seconds": ideal,
            "wire_up": wire_up,
            "wire_down": wire_down,
            "bare_put_seconds": ref_seconds,
            "bare_put_wire_up": ref_up,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
