"""Papers by USB at the hub: ``district-server import-sync FILE [FILE …] --answer ANSWER``
(docs/sync-protocol.md, "Papers by USB").

The files are ``hsmc-sync/1`` sync files and ``hsmc-sync-part/1`` parts (:mod:`counter_app.sync.parts`),
of one device, in any order, each at most once or again (a replay changes nothing). Before anything is
written, every file is read and checked: its framing and length (a part cut short is refused), its
signature with the device's key registered at enrolment, every piece's bytes against the sha256 its
signed header names. One file that fails refuses the whole import (one line, exit 2), as does a file of
another device than the first's.

Then the items of every file go through the push rules (the key of a part's items is derived from them,
so a part imported again gets the stored answers), and the pieces:

- a whole copy through :func:`district_server.papers.service.receive_paper` (dossier of the device's
  commune, size, hash, PAdES signature, quota; idempotent), exactly as the tus endpoint's last byte;
- a byte range through the tus endpoint's upload of that copy (:func:`district_server.papers.tus.create`:
  the same upload id for the same commune, dossier, paper and sha256): stored as a part at its offset
  (``put_part``); the upload's offset moves on when the range joins what it holds, and once the parts
  join from 0 to the length the copy is checked and received as a whole. A later online round resumes
  from that offset (the hub's offsets are the truth).

A copy refused (another commune's dossier, unknown dossier, bad signature, quota…) does not stop the
rest: the answer says so. The answer carries the push results, the changes after the files' lowest
cursor, and the state of every copy the files carried: ``papers`` (held), ``uploads`` (held in part,
with the offset) and ``refused`` (with the error id and its sentence).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from counter_app.sync import inflate
from counter_app.sync.parts import PartFile, check_pieces, is_part, open_part, read_pieces
from counter_app.sync.protocol import ProtocolError
from counter_app.sync.sneakernet import PartPiece, check_part_signature
from district_server import sneakernet
from district_server.db import Hub
from district_server.errors import HubError
from district_server.models import HubDossier, PaperUpload
from district_server.papers import service, tus
from district_server.service import AuthedDevice

Copy = tuple[str, int, str]  # dossier code, paper, sha256


@dataclass(frozen=True)
class Loaded:
    """One file read and checked (framing, header; not yet its signature)."""

    path: Path
    device_id: str
    document: dict[str, Any] | None = None  # an hsmc-sync/1 file
    part: PartFile | None = None


@dataclass
class Outcome:
    """What became of the carried copies: the uploads touched, and the refusals (error id, sentence)."""

    uploads: dict[str, PaperUpload] = field(default_factory=dict)
    refused: dict[Copy, tuple[str, str]] = field(default_factory=dict)
    carried: dict[Copy, int] = field(default_factory=dict)  # copy -> its length


def _protocol_error(exc: ProtocolError) -> HubError:
    if exc.code == "sync.data_too_large":
        return HubError("sync_file_too_large", limit_mb=inflate.MAX_SYNC_DATA // inflate.MiB)
    if exc.code == "sync.file_signature":
        return HubError("sync_signature")
    return HubError("sync_file", detail=str(exc.params.get("reason", exc.code)))


def load(path: Path) -> Loaded:
    """Read one file's framing and header with bounded memory; HubError (one line) when it cannot be."""
    try:
        if not is_part(path):
            document = sneakernet.read_document(path)
            device_id = document.get("device_id")
            return Loaded(path, device_id if isinstance(device_id, str) else "", document=document)
        part = open_part(path)
    except OSError as exc:
        raise HubError("file_unreadable", path=str(path), detail=exc.strerror or exc.__class__.__name__) from None
    except ProtocolError as exc:
        raise _protocol_error(exc) from None
    return Loaded(path, part.header.device_id, part=part)


def _verify(hub: Hub, files: Sequence[Loaded]) -> AuthedDevice:
    """Every file of one device, signed by its key, every piece whole; nothing is written before."""
    first = files[0].device_id
    for loaded in files:
        if loaded.device_id != first:
            raise HubError("sync_other_device", device=loaded.device_id, first=first, file=loaded.path.name)
    with hub.read() as session:
        device = sneakernet.device_of(session, first)
        for loaded in files:
            if loaded.document is not None:
                sneakernet.check_legacy(session, loaded.document)
            elif loaded.part is not None:
                try:
                    check_part_signature(loaded.part.document, device.public_key)
                except ProtocolError:
                    raise HubError("sync_signature") from None
        authed = sneakernet.authed(session, device)
    for loaded in files:
        if loaded.part is not None:
            try:
                check_pieces(loaded.part)
            except OSError as exc:
                raise HubError("file_unreadable", path=str(loaded.path), detail=exc.strerror or "?") from None
            except ProtocolError as exc:
                raise _protocol_error(exc) from None
    return authed


def _refuse(outcome: Outcome, copy: Copy, exc: HubError) -> None:
    outcome.refused[copy] = (exc.code, exc.message("vi"))


def _close_upload(hub: Hub, copy: Copy, authed: AuthedDevice) -> None:
    """An unfinished upload of a copy just received whole: finished (its parts dropped)."""
    code, paper, sha = copy
    with hub.read() as session:
        row = session.scalars(
            select(PaperUpload).where(
                PaperUpload.commune_code == authed.commune_code,
                PaperUpload.dossier_code == code,
                PaperUpload.position == paper,
                PaperUpload.sha256 == sha,
                PaperUpload.paper_id.is_(None),
            )
        ).one_or_none()
        if row is None:
            return
        upload_id, offset, length, dossier_id = row.id, row.offset, row.length, row.dossier_id
        paper_id = service.paper_id(session, dossier_id, paper, sha)
    if paper_id is not None and tus._advance(hub, upload_id, offset, length, paper_id=paper_id):
        hub.paper_store.drop_parts(upload_id)


def _piece(hub: Hub, authed: AuthedDevice, piece: PartPiece, data: bytes, now: datetime, outcome: Outcome) -> None:
    copy: Copy = (piece.dossier_code, piece.paper, piece.sha256)
    outcome.carried[copy] = piece.bytes
    try:
        if piece.whole:
            service.receive_paper(hub, authed, piece.dossier_code, piece.paper, data, now, sha256=piece.sha256)
            _close_upload(hub, copy, authed)
            outcome.refused.pop(copy, None)
            return
        row = tus.create(hub, authed, piece.bytes, piece.dossier_code, piece.paper, piece.sha256)
    except HubError as exc:
        _refuse(outcome, copy, exc)
        return
    outcome.uploads[row.id] = row
    end = piece.offset + piece.length
    if row.paper_id is not None or row.offset >= row.length or end <= row.offset:
        return  # held already, or a range it holds: a replay
    hub.paper_store.put_part(row.id, piece.offset, data)
    if piece.offset <= row.offset < end < row.length:  # it joins what the upload holds: the offset moves on
        tus._advance(hub, row.id, row.offset, end)


def _complete(hub: Hub, authed: AuthedDevice, upload_id: str, now: datetime, outcome: Outcome) -> None:
    """Receive an upload's copy when its parts join from 0 to its length (else leave it as it is)."""
    row = tus._current(hub, upload_id)
    if row is None or row.paper_id is not None or row.offset >= row.length:
        return
    copy: Copy = (row.dossier_code, row.position, row.sha256)
    try:
        data = hub.paper_store.parts(row.id, upto=row.length)
    except KeyError:
        return  # not every range is here yet: another part will bring the rest (or the online round)
    try:
        info = service.receive_paper(hub, authed, row.dossier_code, row.position, data, now, sha256=row.sha256)
    except HubError as exc:
        if exc.code in ("paper_hash", "paper_signature"):  # these bytes can never be taken: discard them
            tus._reset(hub, row.id)
        _refuse(outcome, copy, exc)
        return
    del data
    with hub.read() as session:
        paper_id = service.paper_id(session, row.dossier_id, row.position, info.sha256)
    if tus._advance(hub, row.id, row.offset, row.length, paper_id=paper_id):
        hub.paper_store.drop_parts(row.id)
    outcome.refused.pop(copy, None)


def _report(hub: Hub, authed: AuthedDevice, outcome: Outcome) -> dict[str, list[dict[str, Any]]]:
    """The answer's ``papers`` / ``uploads`` / ``refused``: the state of each carried copy now."""
    papers: list[dict[str, Any]] = []
    uploads: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    with hub.read() as session:
        for (code, paper, sha), length in sorted(outcome.carried.items()):
            entry = {"dossier": code, "paper": paper, "sha256": sha}
            dossier = session.scalars(
                select(HubDossier).where(HubDossier.code == code, HubDossier.commune_id == authed.commune_id)
            ).one_or_none()
            if dossier is not None and service.held(session, dossier.id, paper, sha) is not None:
                papers.append({**entry, "bytes": length, "offset": length})
                continue
            upload = session.scalars(
                select(PaperUpload).where(
                    PaperUpload.commune_code == authed.commune_code,
                    PaperUpload.dossier_code == code,
                    PaperUpload.position == paper,
                    PaperUpload.sha256 == sha,
                )
            ).one_or_none()
            if (code, paper, sha) in outcome.refused:
                error, sentence = outcome.refused[(code, paper, sha)]
                refused.append({**entry, "error": error, "reason": sentence})
            elif upload is not None:
                uploads.append({**entry, "bytes": upload.length, "offset": min(upload.offset, upload.length - 1)})
    return {"papers": papers, "uploads": uploads, "refused": refused}


def _once(results: list[Any]) -> list[Any]:
    """The results in order, each item's first only (a dossier's events repeat in the parts of its papers)."""
    seen: set[Any] = set()
    kept = []
    for result in results:
        uid = result.get("uid") if isinstance(result, dict) else None
        if uid is None or uid not in seen:
            kept.append(result)
            seen.add(uid)
    return kept


def import_files(hub: Hub, paths: Sequence[Path], now: datetime) -> dict[str, Any]:
    """Import sync files and parts of one device; the signed answer document (see the module doc)."""
    return import_loaded(hub, [load(path) for path in paths], now)


def import_loaded(hub: Hub, files: Sequence[Loaded], now: datetime) -> dict[str, Any]:
    """:func:`import_files` of files already read with :func:`load`."""
    authed = _verify(hub, files)
    results: list[Any] = []
    cursors: list[tuple[int, Any]] = []
    with hub.write() as session:
        for loaded in files:
            if loaded.document is not None:
                _, batch, cursor = sneakernet.check_legacy(session, loaded.document)
                results.extend(sneakernet.push_in_chunks(session, authed, batch, loaded.document.get("items"), now))
                cursors.append((cursor, loaded.document.get("epoch")))
            elif loaded.part is not None:
                header = loaded.part.header
                if header.items:
                    items = [i.to_json() for i in header.items]
                    results.extend(sneakernet.push_in_chunks(session, authed, header.batch, items, now))
                cursors.append((header.cursor, header.epoch))
    outcome = Outcome()
    for loaded in files:
        if loaded.part is None:
            continue
        try:
            for piece, data in read_pieces(loaded.part):
                _piece(hub, authed, piece, data, now, outcome)
        except (OSError, ProtocolError) as exc:  # the file changed since it was checked: the rest waits
            raise HubError("sync_file", detail=f"{loaded.path.name}: {exc}") from None
    for upload_id in list(outcome.uploads):
        _complete(hub, authed, upload_id, now, outcome)
    results = _once(results)
    first = files[0]
    batch = first.part.header.export if first.part is not None else str((first.document or {}).get("batch"))
    cursor, epoch = min(cursors, key=lambda c: c[0])
    extra = _report(hub, authed, outcome) if any(f.part is not None for f in files) else None
    with hub.write() as session:
        return sneakernet.pull_answer(session, authed, batch, results, cursor, epoch, now, extra)
