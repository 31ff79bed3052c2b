"""The work behind the postal tab: the service calls (each one background task), the manifest as the
preview shows it, and the form asking for the two signatories of a hand-over record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QLineEdit, QWidget

from counter_app.domain.errors import InvalidInput
from counter_app.domain.postal import Direction
from counter_app.services import catalogue, documents, lifecycle, postal
from counter_app.services.catalogue import AgencyInfo
from counter_app.services.context import Context
from counter_app.services.dto import DossierRow
from counter_app.services.postal import BatchInfo
from counter_app.ui.dossier_actions import ActionForm

MANIFEST = "postal_manifest"


@dataclass(frozen=True)
class PostalManifest:
    """The hand-over record of a closed batch, as the preview shows it (``code`` is the batch reference)."""

    kind: str
    code: str
    pdf: bytes
    reprint: bool = False


@dataclass(frozen=True)
class Closed:
    """A batch just closed, and its manifest (or why it could not be produced: it can be printed again)."""

    batch: BatchInfo
    manifest: PostalManifest | None
    print_error: BaseException | None = None


def parse_postage(text: str) -> int | None:
    """Postage in đồng as typed ("32000", "32.000", "32.000 đ"); empty means not given."""
    cleaned = "".join(text.split()).replace(".", "").replace(",", "").removesuffix("đ").removesuffix("d")
    if not cleaned:
        return None
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise InvalidInput("postal.postage", value=text.strip())
    return int(cleaned)


class PostalServices:
    """The service calls of the postal tab, bound to the signed-in clerk's context."""

    def __init__(self, context: Callable[[], Context]) -> None:
        self._context = context

    @property
    def ctx(self) -> Context:
        return self._context()

    def open_batch(self, direction: Direction) -> BatchInfo | None:
        found = postal.batches(self.ctx, state="open", direction=direction)
        return found[0] if found else None

    def history(self) -> list[BatchInfo]:
        return postal.batches(self.ctx, state="closed")

    def agencies(self) -> list[AgencyInfo]:
        """Agencies reached by post (not the commune's own officers)."""
        return [a for a in catalogue.list_agencies(self.ctx) if a.kind not in lifecycle.COMMUNE_KINDS]

    def awaiting(self) -> list[postal.AwaitingPost]:
        """Results ready to go by post and in no batch yet."""
        return postal.awaiting_post(self.ctx)

    # ``request_id`` (keyword, every action): the form's or the button's token (services.requests).

    def add(
        self, code: str, tracking: str, agency: str | None, postage: int | None, *, request_id: str | None = None
    ) -> BatchInfo:
        if agency is None:
            return postal.add_result(self.ctx, code, tracking, postage, request_id=request_id)
        return postal.add_transfer(self.ctx, code, tracking, agency, postage, request_id=request_id)

    def remove(self, tracking: str, *, request_id: str | None = None) -> BatchInfo:
        return postal.remove_item(self.ctx, tracking, request_id=request_id)

    def manifest(self, batch: BatchInfo, *, reprint: bool = False) -> PostalManifest:
        pdf = documents.postal_manifest(self.ctx, batch.id, reprint=reprint)
        return PostalManifest(MANIFEST, batch.reference, pdf, reprint)

    def close(
        self, direction: Direction, clerk_name: str, postal_name: str, *, request_id: str | None = None
    ) -> Closed:
        batch = postal.close(self.ctx, direction, clerk_name, postal_name, request_id=request_id)
        try:
            return Closed(batch, self.manifest(batch))
        except Exception as exc:  # noqa: BLE001 - the batch is closed; its manifest can be printed again
            return Closed(batch, None, exc)

    def delivered(self, code: str, *, request_id: str | None = None) -> DossierRow:
        return postal.delivered(self.ctx, code, request_id=request_id)

    def undeliverable(self, code: str, reason: str, *, request_id: str | None = None) -> DossierRow:
        return postal.undeliverable(self.ctx, code, reason, request_id=request_id)


class CloseBatchForm(ActionForm):
    """Both signatories of the hand-over record: our clerk (prefilled) and the postal worker."""

    def __init__(self, direction: Direction, clerk_name: str, parent: QWidget | None = None) -> None:
        title = (
            self.tr("Đóng lô gửi đi, bàn giao cho bưu điện")
            if direction is Direction.OUT
            else self.tr("Đóng lô nhận về từ bưu điện")
        )
        super().__init__(title, self.tr("Đóng lô và in biên bản"), parent)
        self.clerk = QLineEdit(clerk_name)
        self.postal_name = QLineEdit(placeholderText=self.tr("Họ tên nhân viên bưu điện"))
        self.fields.addRow(self.tr("Cán bộ bộ phận một cửa"), self.clerk)
        self.fields.addRow(self.tr("Nhân viên bưu điện"), self.postal_name)
        self.postal_name.setFocus()

    def names(self) -> tuple[str, str]:
        """Both names; the record is signed by both sides at the hand-over, so both are required
        (the service alone would accept the postal worker's name left blank)."""
        ours, theirs = self.clerk.text().strip(), self.postal_name.text().strip()
        if not ours or not theirs:
            raise InvalidInput("postal.signatories")
        return ours, theirs
