"""The copies' text layer, added after they were stored (issue 13): OCR never blocks the counter.

:func:`ocr_pending` lists the copies still without text (none where tesseract is missing: a PC that gets
it later catches up with ``counter-app ocr`` or the GUI's background queue); :func:`ocr_one` adds the
Vietnamese text layer to one stored copy, signs it again (the signer given, else the office's key),
stores the new file and makes it the copy's current file with its text, in its own unit of work. A
failure is logged and leaves that copy pending; the next copy goes on.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from counter_app.services import audit
from counter_app.services import paper_rows as shared
from counter_app.services.context import Context
from counter_app.services.errors import NotFound
from counter_app.storage.models import Dossier, PaperCopy

if TYPE_CHECKING:
    from counter_app.certify.signers import CopySigner

log = logging.getLogger(__name__)

_PENDING = select(PaperCopy.id).where(PaperCopy.ocr == "pending", PaperCopy.current.is_(True)).order_by(PaperCopy.id)


def ocr_pending(ctx: Context) -> list[int]:
    """Ids of copies still waiting for their text layer, oldest first; [] where tesseract is missing."""
    from counter_app.copies.ocr import ocr_available

    if not ocr_available():
        return []
    with ctx.db.read() as session:
        return list(session.scalars(_PENDING))


def ocr_waiting(ctx: Context) -> int:
    """How many current copies still wait for their text layer (whether or not this PC can OCR)."""
    with ctx.db.read() as session:
        return session.scalar(select(func.count()).select_from(_PENDING.subquery())) or 0


def ocr_one(ctx: Context, copy_id: int, signer: CopySigner | None = None) -> bool:
    """Add the text layer to copy ``copy_id``, sign it again and make it the copy's file; True when done.

    A failure (tesseract, a damaged file, the signer) is logged and leaves the copy pending: the caller
    goes on with the next one."""
    try:
        return _ocr(ctx, copy_id, signer)
    except Exception:
        log.exception("OCR of paper copy %s failed; it stays pending", copy_id)
        return False


def _ocr(ctx: Context, copy_id: int, signer: CopySigner | None) -> bool:
    from counter_app.copies.ocr import add_text_layer, ocr_available

    store = shared.store_of(ctx)
    with ctx.db.read() as session:
        row = session.get(PaperCopy, copy_id)
        if row is None:
            raise NotFound("papers.copy_unknown", copy_id=copy_id)
        if row.ocr == "done":
            return True
        image = row.image_sha256
        current_sha = row.sha256
        twin = session.scalar(  # the same paper already read (a reused copy): take its text, no tesseract
            select(PaperCopy)
            .where(PaperCopy.image_sha256 == image, PaperCopy.ocr == "done", PaperCopy.id != copy_id)
            .limit(1)
        )
        adopted: tuple[str, int, str | None, str, str] | None = (
            None if twin is None else (twin.sha256, twin.bytes, twin.ocr_text, twin.signer_kind, twin.signed_by)
        )
        words = shared.words(session, ctx)
    if adopted is None or not store.exists(adopted[0]):
        if not ocr_available():
            return False
        searchable, found = add_text_layer(shared.read(store, current_sha))
        signed, used = shared.sign(ctx, searchable, signer, words)
        sha256, _ = store.put(signed)
        adopted = (sha256, len(signed), found, used.kind, used.name[:200])
    sha256, size, text, kind, signed_by = adopted
    now = ctx.now()
    with ctx.db.write() as session:
        row = session.get(PaperCopy, copy_id)
        if row is None or row.ocr == "done" or row.sha256 != current_sha:
            return row is not None  # another process read it meanwhile
        row.sha256, row.bytes, row.ocr, row.ocr_text = sha256, size, "done", text
        row.signer_kind, row.signed_by = kind, signed_by
        session.flush()
        dossier = session.get(Dossier, row.dossier_id)
        assert dossier is not None
        shared.index_texts(session, dossier.id)
        audit.record(
            session,
            ctx.actor,
            now,
            "paper.ocr",
            entity="dossier",
            entity_id=dossier.code,
            details={"position": row.position, "sha256": sha256, "image_sha256": image, "chars": len(text or "")},
        )
    return True


def run_ocr(ctx: Context, signer: CopySigner | None = None) -> tuple[int, int]:
    """OCR every pending copy now; (done, failed). One bad copy never stops the others."""
    done = failed = 0
    for copy_id in ocr_pending(ctx):
        if ocr_one(ctx, copy_id, signer):
            done += 1
        else:
            failed += 1
    return done, failed
