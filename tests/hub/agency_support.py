"""Helpers for the tests of who sees papers at the hub: signed copies, dossiers pushed over HTTP with
their paper events and interlinked transfers, the copies received through the hub's own
``receive_paper`` (the same checks as a completed tus upload: hash, PAdES signature, quota).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from counter_app.certify.signers import office_signer
from district_server import service
from district_server.cli import main as hub_main
from district_server.db import utc_now
from tests.certify.samples import sample_copy
from tests.hub.support import Device, first_event, next_event, push, statuses

LAND_OFFICE = ("VPDK_DAT", "Văn phòng đăng ký đất đai")
POLICE = ("CA_XA", "Công an xã")
TAX = ("THUE_KV", "Chi cục Thuế khu vực")


@cache
def _copy(pages: int, title: str) -> bytes:
    return sample_copy(pages, title=title)


def signed_copy(directory: Path, office: str, *, pages: int = 1, title: str = "Giấy khai sinh") -> bytes:
    """A PDF/A copy of ``pages`` scanned pages with the office key's PAdES signature (as a counter
    certifies a copy when the clerk's token is absent)."""
    signer = office_signer(directory, office)
    return signer.sign(_copy(pages, title), reason="Chứng thực bản sao điện tử từ bản chính", location=office)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Dossier:
    """A dossier pushed by ``device``: its last event (to chain the next) and its papers' copies."""

    device: Device
    code: str
    last: dict[str, Any]
    copies: dict[int, bytes] = field(default_factory=dict)

    def event(self, kind: str, status_after: str, payload: dict[str, Any] | None = None, minutes: int = 5) -> None:
        body = next_event(self.last, kind, status_after, payload=payload, minutes=minutes)
        assert statuses(push(self.device, [body])) == ["ok"]
        self.last = body

    @property
    def status(self) -> str:
        return str(self.last["status_after"])

    def transfer(self, to: tuple[str, str], *, interlinked: bool = True, minutes: int = 5) -> None:
        payload = {"to": to[0], "to_name": to[1], "interlinked": interlinked, "giver": "canbo1", "receiver": None}
        self.event("transferred", "interlinked" if interlinked else "processing", payload, minutes=minutes)

    def digitise(self, position: int, name: str, data: bytes, pages: int) -> None:
        """The counter's ``paper_digitised`` event for a stored copy (name, pages, sha256)."""
        payload = {
            "position": position,
            "paper": name,
            "sha256": sha(data),
            "pages": pages,
            "bytes": len(data),
            "source": "scan",
            "signer": "UBND xã",
            "signer_kind": "office",
            "digitised": sorted({*self.copies, position}),
        }
        self.event("paper_digitised", self.status, payload, minutes=1)


SECRET = "K3Y5ECR3T"  # the dossier's lookup secret (what its receipt's QR carries)


def new_dossier(device: Device, at: datetime) -> Dossier:
    body = first_event(device, at=at)
    body["dossier"]["lookup_secret"] = SECRET
    assert statuses(push(device, [body])) == ["ok"]
    return Dossier(device, body["dossier_code"], body)


def receive(hub: Any, dossier: Dossier, position: int, data: bytes) -> Any:
    """The copy received by the hub from the dossier's own device (``receive_paper``)."""
    from district_server.papers.service import receive_paper

    with hub.read() as session:
        device = service.authenticate(session, f"Bearer {dossier.device.token}")
    info = receive_paper(hub, device, dossier.code, position, data, utc_now())
    dossier.copies[position] = data
    return info


def add_paper(hub: Any, dossier: Dossier, position: int, name: str, data: bytes, pages: int) -> Any:
    """A paper as a counter delivers it: its event first, then the copy."""
    dossier.digitise(position, name, data, pages)
    return receive(hub, dossier, position, data)


def hub_cli(capsys: pytest.CaptureFixture[str], db_url: str, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = hub_main(["--db", db_url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def issue_token(capsys: pytest.CaptureFixture[str], db_url: str, agency: str, label: str = "Cán bộ") -> str:
    code, out, err = hub_cli(capsys, db_url, "agency-token", agency, "--label", label)
    assert code == 0, err
    assert "/co-quan" in err
    return out.strip()
