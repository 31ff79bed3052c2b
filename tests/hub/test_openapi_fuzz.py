"""schemathesis against the hub's own ``/openapi.json``: no request makes it answer 5xx (issue 11, item 4).

The real hub over loopback (uvicorn, :class:`~tests.hub.conftest.HubServer`) on SQLite and PostgreSQL, fuzzed
four times: with an enrolled device's bearer token (the sync API opens), with an operator's report token
(the ``/bao-cao`` pages open), with an interlinked agency's token (the ``/co-quan`` pages open) and with
none (every refusal path). The OpenAPI gives the request bodies
as the wire format's JSON Schemas (counter_app.sync.protocol), so schemathesis sends bodies shaped like
enrolments and push batches, and breaks them field by field; its only check here is "not a server error".

The description lists identity bodies only; gzip bodies (``Content-Encoding: gzip``) go through the same
reader after inflation and are covered by tests/hub/test_push.py and test_wire_bounds.py.

Bounded run time: a fixed number of examples per operation (:data:`EXAMPLES`), one worker, a seed (a
failure reproduces), no example database. About 10–30 s per run, eight runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from district_server import agency, report
from district_server.db import utc_now
from tests.hub.conftest import HubServer
from tests.hub.support import COMMUNE_A, add_commune, enroll

EXAMPLES = 40
SEED = 20251118

pytestmark = pytest.mark.slow


def _credential(server: HubServer, who: str) -> list[str]:
    add_commune(server.hub, COMMUNE_A)
    device = enroll(server, COMMUNE_A)  # a device exists either way: its rows are what the fuzz pushes into
    if who == "device":
        return ["-H", f"Authorization: Bearer {device.token}"]
    if who == "operator":
        assert server.hub is not None
        with server.hub.write() as session:
            token = report.issue_token(session, "schemathesis", utc_now())
        return ["-H", f"Cookie: {report.COOKIE}={token}"]
    if who == "agency":  # an interlinked agency's token: the officers' page /co-quan opens
        with server.hub.write() as session:
            issued = agency.issue_token(session, "VPDK_DAT", "schemathesis", utc_now())
        return ["-H", f"Authorization: Bearer {issued.token}"]
    return []


@pytest.mark.parametrize("who", ["device", "operator", "agency", "none"])
def test_no_request_gets_a_server_error(hub_server: HubServer, who: str, tmp_path: Path) -> None:
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        f"{hub_server.url}/openapi.json",
        *("--checks", "not_a_server_error"),
        *("--max-examples", str(EXAMPLES)),
        *("--seed", str(SEED)),
        *("--phases", "examples,coverage,fuzzing"),
        *("--workers", "1"),
        *("--request-timeout", "30"),
        *("--generation-database", "none"),
        *("--report-dir", str(tmp_path)),
        "--no-color",
        *_credential(hub_server, who),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False, cwd=tmp_path)
    output = run.stdout + run.stderr
    assert "Loaded specification" in output, output[-4000:]
    assert run.returncode == 0, output[-8000:]
    assert "not_a_server_error" not in output and "Server error" not in output, output[-8000:]
