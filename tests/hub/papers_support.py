"""Helpers for the paper tests: real signed copies (the office key, as a counter without a token signs),
tus requests over httpx, and a dossier the hub holds.

Importable by other test folders: ``from tests.hub.papers_support import signed_copy, tus_create``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import tempfile
from pathlib import Path
from typing import Any

import httpx

from counter_app.certify.office import office_signer
from counter_app.certify.texts import certification_reason
from tests.certify.samples import sample_copy
from tests.hub.support import Device, first_event, push, statuses

OFFICE = "UBND xã Tân Lập"
TUS = {"Tus-Resumable": "1.0.0"}


@functools.cache
def signed_copy(pages: int = 1, title: str = "Giấy khai sinh") -> bytes:
    """A PDF/A copy of ``pages`` pages signed with an office key (PAdES, whole document)."""
    with tempfile.TemporaryDirectory() as directory:
        signer = office_signer(Path(directory), OFFICE)
        return signer.sign(sample_copy(pages, title=title), reason=certification_reason("office"), location=OFFICE)


def unsigned_copy() -> bytes:
    return sample_copy(1, title="Không ký")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def metadata(dossier: str, paper: int, digest: str, filename: str = "giay-to.pdf") -> str:
    pairs = {"sha256": digest, "dossier": dossier, "paper": str(paper), "filename": filename}
    return ",".join(f"{k} {base64.b64encode(v.encode('utf-8')).decode('ascii')}" for k, v in pairs.items())


def new_dossier(device: Device) -> str:
    """A dossier of the device's commune, pushed to the hub (its events go first); its code."""
    body = first_event(device)
    assert statuses(push(device, [body])) == ["ok"]
    return str(body["dossier_code"])


def tus_create(
    device: Device, dossier: str, paper: int, data: bytes, *, digest: str | None = None, length: int | None = None
) -> httpx.Response:
    headers = {
        **device.headers,
        **TUS,
        "Upload-Length": str(len(data) if length is None else length),
        "Upload-Metadata": metadata(dossier, paper, digest or sha256(data)),
    }
    return httpx.post(f"{device.url}/v1/papers", headers=headers, timeout=30)


def tus_head(device: Device, location: str) -> httpx.Response:
    return httpx.head(f"{device.url}{location}", headers={**device.headers, **TUS}, timeout=30)


def tus_patch(device: Device, location: str, offset: int, data: bytes) -> httpx.Response:
    headers = {
        **device.headers,
        **TUS,
        "Upload-Offset": str(offset),
        "Content-Type": "application/offset+octet-stream",
    }
    return httpx.patch(f"{device.url}{location}", headers=headers, content=data, timeout=60)


def upload_whole(device: Device, dossier: str, paper: int, data: bytes) -> httpx.Response:
    created = tus_create(device, dossier, paper, data)
    assert created.status_code == 201, created.text
    return tus_patch(device, created.headers["location"], int(created.headers["upload-offset"]), data)


def listing(device: Device, dossier: str) -> list[dict[str, Any]]:
    answer = httpx.get(f"{device.url}/v1/papers", params={"dossier": dossier}, headers=device.headers, timeout=30)
    assert answer.status_code == 200, answer.text
    papers: list[dict[str, Any]] = answer.json()["papers"]
    return papers
