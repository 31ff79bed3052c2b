"""Does ``/ho-so`` tell by its timing whether a dossier code exists? (issue 11, item 7)

    uv run python benchmarks/lookup_timing.py [PAIRS]

A real hub (``district-server`` app under uvicorn, SQLite in a temporary folder) on 127.0.0.1 holds one
dossier pushed by an enrolled device. Pairs of requests go to it over loopback, in random order within
each pair: the dossier's genuine signed receipt with a wrong secret, and the same receipt for a code of
the same commune and workstation that the hub does not hold. Printed: the median of each, and the share
of pairs in which the unknown code was the slower one (50 % = indistinguishable; before the fix the
medians were 1.57 against 1.26 ms and the unknown code was slower in 95 % of pairs).

The test suite does not time anything (tests/hub/test_lookup_security.py compares the work done, which
is exact); this script is for looking at the clock itself.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from counter_app.domain.receipt_qr import build_payload, claim_for  # noqa: E402
from district_server import ratelimit  # noqa: E402
from tests.hub.conftest import HubServer  # noqa: E402
from tests.hub.support import COMMUNE_A, add_commune, enroll, first_event, push, statuses  # noqa: E402


def main(pairs: int = 2000) -> int:
    ratelimit.LOOKUP = (10**9, 1e9)  # this client is the only one: no limit in the way of the clock
    with tempfile.TemporaryDirectory() as folder:
        server = HubServer(f"sqlite:///{Path(folder) / 'hub.db'}").start()
        try:
            assert server.hub is not None
            add_commune(server.hub, COMMUNE_A)
            device = enroll(server, COMMUNE_A)
            body = first_event(device)
            assert statuses(push(device, [body])) == ["ok"]
            dossier = body["dossier"]
            code = dossier["code"]
            received, due = datetime.fromisoformat(dossier["received_at"]), datetime.fromisoformat(dossier["due_at"])
            unknown = code[:-4] + f"{int(code[-4:]) + 7:04d}"

            # A guesser takes a receipt and changes its secret, or its code (the signature then fails).
            signature = device.key.sign(claim_for(code, dossier["lookup_secret"], received, due).message)

            def receipt(for_code: str, secret: str) -> str:
                return build_payload(f"{server.url}/ho-so", claim_for(for_code, secret, received, due), signature)

            secret = dossier["lookup_secret"].upper()
            urls = {"known, wrong secret": receipt(code, "SAIMA1"), "unknown code": receipt(unknown, secret)}
            times: dict[str, list[float]] = {what: [] for what in urls}
            slower = 0
            rng = random.Random(1)
            with httpx.Client(timeout=30) as client:
                for url in urls.values():  # warm up
                    for _ in range(50):
                        assert client.get(url).status_code == 404
                for _ in range(pairs):
                    order = list(urls.items())
                    rng.shuffle(order)
                    pair: dict[str, float] = {}
                    for what, url in order:
                        start = time.perf_counter()
                        assert client.get(url).status_code == 404
                        pair[what] = time.perf_counter() - start
                    for what, seconds in pair.items():
                        times[what].append(seconds)
                    slower += pair["unknown code"] > pair["known, wrong secret"]
        finally:
            server.stop()
    for what, values in times.items():
        print(f"{what:20} median {statistics.median(values) * 1000:.3f} ms over {len(values)} requests")
    print(f"unknown code slower in {100 * slower / pairs:.1f} % of {pairs} pairs (50 % = indistinguishable)")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
