"""Run the benchmarks and rewrite the figures table of docs/PERFORMANCE.md.

    uv run python benchmarks/run.py              # all: demo, intake, search, receipt, …, sync_push
    uv run python benchmarks/run.py search       # only the named ones (other rows keep their figures)
    uv run python benchmarks/run.py --no-doc     # measure without touching the document

Each benchmark runs in its own process and prints its figures; a missed target is reported, not an
error. The exit status is non-zero only when a benchmark fails to run. The latest figures of every
benchmark are kept in benchmarks/results.json, from which the table is written.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOC = ROOT / "docs" / "PERFORMANCE.md"
RESULTS = HERE / "results.json"
RESULT_PREFIX = "RESULT "
BENCHMARKS = {
    "demo": "bench_demo.py",
    "intake": "bench_intake.py",
    "search": "bench_search.py",
    "receipt": "bench_receipt.py",
    "list": "bench_list.py",
    "startup": "bench_startup.py",
    "check": "bench_check.py",
    "report": "report.py",
    "history_import": "history_import.py",
    "sync_push": "sync_push.py",
    "digitised_share": "digitised_share.py",
    "page_prep": "bench_page_prep.py",
    "copy_per_page": "bench_copy_per_page.py",
    "copy_bytes": "bench_copy_bytes.py",
    "sign_copy": "bench_sign_copy.py",
    "ocr_throughput": "bench_ocr_throughput.py",
    "backup_verify": "backup_verify.py",
}
ORDER = list(BENCHMARKS)  # demo first: its fresh database becomes the cached one of intake and search
START, END = "<!-- figures:start -->", "<!-- figures:end -->"


def machine() -> dict[str, Any]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in load],
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(terse=True),
    }


def from_json_line(line: str) -> dict[str, Any] | None:
    """A record from a benchmark that prints one bare JSON object (bench_receipt.py)."""
    try:
        data = json.loads(line)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("benchmark") != "receipt_render":
        return None
    return {
        "metric": "receipt",
        "label": "Receipt Mẫu 01 rendered to PDF (two copies, signed QR)",
        "target": f"median ≤ {data['target_ms']:g} ms and ≤ {data['target_ratio']:g}× reference",
        "measured": f"median {data['median_ms']:.1f} ms, p90 {data['p90_ms']:.1f} ms",
        "reference": f"{data['reference_median_ms']:.1f} ms (same text and QR, bare reportlab)",
        "ratio": f"{data['ratio']:.2f}× reference",
        "met": bool(data["ok"]),
        "date": date.today().isoformat(),
        "machine": machine(),
        "details": data,
    }


def run(name: str) -> dict[str, Any] | None:
    """Run one benchmark, streaming its output; its result record, or None if it failed."""
    print(f"=== {name}", flush=True)
    process = subprocess.Popen(
        [sys.executable, str(HERE / BENCHMARKS[name])],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert process.stdout is not None
    record = None
    for line in process.stdout:
        if line.startswith(RESULT_PREFIX):
            record = json.loads(line[len(RESULT_PREFIX) :])
            continue
        print(line, end="", flush=True)
        record = from_json_line(line) or record
    if process.wait() != 0 or record is None:
        print(f"=== {name}: FAILED (exit status {process.returncode})", flush=True)
        return None
    return record


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = [
        "| Metric | Target | Measured | Reference (same run) | Ratio | Met | Date |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in ORDER:
        r = results.get(name)
        if r is None:
            continue
        met = "yes" if r.get("met") else "**no**"
        cells = [r["label"], r["target"], r["measured"], r["reference"], r["ratio"], met, r["date"]]
        lines.append("| " + " | ".join(cells) + " |")
    loads = sorted({tuple(r["machine"]["load_average"]) for r in results.values()})
    machine = next(iter(results.values()))["machine"] if results else {}
    if machine:
        lines.append("")
        lines.append(
            f"Measured on {machine['cpus']} CPUs, {machine['platform']}, Python {machine['python']}, "
            f"SQLite {machine['sqlite']}; load averages at the end of each run: "
            + "; ".join("/".join(f"{x:.1f}" for x in load) for load in loads)
            + "."
        )
    return "\n".join(lines)


def rewrite(results: dict[str, dict[str, Any]]) -> None:
    text = DOC.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, found, tail = rest.partition(END)
    if not found:
        raise SystemExit(f"{DOC}: markers {START} … {END} not found")
    DOC.write_text(f"{head}{START}\n{table(results)}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"benchmarks to run: {', '.join(ORDER)} (default: all)"
    )
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/PERFORMANCE.md")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(ORDER))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    names = [n for n in ORDER if n in args.names] if args.names else ORDER
    results: dict[str, dict[str, Any]] = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    failed = []
    for name in names:
        record = run(name)
        if record is None:
            failed.append(name)
            continue
        results[name] = record
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not args.no_doc:
        rewrite(results)
        print(f"figures written to {DOC.relative_to(ROOT)}")
    print(table({n: results[n] for n in names if n in results}))
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
