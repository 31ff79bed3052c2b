"""Thin table models of the postal tab: the items of a batch, and the closed batches.

Each model wraps a list of DTOs (:class:`~counter_app.services.postal.ItemInfo`,
:class:`~counter_app.services.postal.BatchInfo`) and a column spec; ``data()`` never raises.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from counter_app.domain.calendar import office_time
from counter_app.domain.postal import Direction, ItemOutcome, ItemPurpose
from counter_app.services.postal import BatchInfo, ItemInfo
from counter_app.ui import i18n

log = logging.getLogger(__name__)
_Index = QModelIndex | QPersistentModelIndex
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
T = TypeVar("T")


def purpose_label(purpose: ItemPurpose) -> str:
    return {
        ItemPurpose.RESULT: QCoreApplication.translate("postal", "Trả kết quả"),
        ItemPurpose.TRANSFER: QCoreApplication.translate("postal", "Chuyển liên thông"),
        ItemPurpose.INTAKE: QCoreApplication.translate("postal", "Hồ sơ gửi đến"),
    }[purpose]


def outcome_label(item: ItemInfo) -> str:
    if item.purpose is ItemPurpose.INTAKE:
        return QCoreApplication.translate("postal", "Đã nhận")
    if item.purpose is ItemPurpose.TRANSFER:
        return QCoreApplication.translate("postal", "Đã gửi")
    text = {
        ItemOutcome.PENDING: QCoreApplication.translate("postal", "Đang phát"),
        ItemOutcome.DELIVERED: QCoreApplication.translate("postal", "Đã giao"),
        ItemOutcome.UNDELIVERABLE: QCoreApplication.translate("postal", "Không giao được"),
    }[item.outcome]
    return f"{text}: {item.outcome_reason}" if item.outcome_reason else text


def direction_label(direction: Direction) -> str:
    return (
        QCoreApplication.translate("postal", "Gửi đi")
        if direction is Direction.OUT
        else QCoreApplication.translate("postal", "Nhận về")
    )


def money(amount: int | None) -> str:
    return "—" if amount is None else i18n.money(amount)


@dataclass(frozen=True)
class Column(Generic[T]):
    key: str
    header: str
    text: Callable[[T], str]
    alignment: Qt.AlignmentFlag = _LEFT


class ListTableModel(QAbstractTableModel, Generic[T]):
    """Rows are DTOs, columns a spec; read-only."""

    def __init__(self, columns: Sequence[Column[T]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[T] = []

    # ------------------------------------------------------------------ our API

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        try:
            self._rows = list(rows)
        finally:
            self.endResetModel()

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def rows(self) -> list[T]:
        return list(self._rows)

    def column_keys(self) -> list[str]:
        return [c.key for c in self.columns]

    # ------------------------------------------------------------------ Qt overrides

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns)
        if role == Qt.ItemDataRole.DisplayRole and horizontal:
            return i18n.live(self.columns[section].header, i18n.contexts_of(self))  # built in the language of its day
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        row, column = self._rows[index.row()], self.columns[index.column()]
        try:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return column.text(row)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(column.alignment.value)
        except Exception:  # data() must never raise into Qt: show the cell as unreadable, log why
            log.exception("cannot show postal row %s", index.row())
            return "⚠" if role == Qt.ItemDataRole.DisplayRole else None
        return None


class ItemsModel(ListTableModel[ItemInfo]):
    """The items of one batch; ``kind`` picks the columns: "out" (the open outgoing batch), "in" (the
    open incoming batch) or "history" (a closed batch, with each item's outcome)."""

    def __init__(self, kind: str, parent: Any = None) -> None:
        every: dict[str, Column[ItemInfo]] = {
            c.key: c
            for c in (
                Column("tracking", self.tr("Số hiệu bưu gửi"), lambda i: i.tracking),
                Column("code", self.tr("Mã hồ sơ"), lambda i: i.code),
                Column("purpose", self.tr("Nội dung"), lambda i: purpose_label(i.purpose)),
                Column("recipient", self.tr("Người nhận"), lambda i: i.recipient_name),
                Column("sender", self.tr("Người gửi"), lambda i: i.recipient_name),
                Column("address", self.tr("Địa chỉ"), lambda i: i.recipient_address or "—"),
                Column("postage", self.tr("Cước"), lambda i: money(i.postage), _RIGHT),
                Column("slip", self.tr("Số phiếu bưu điện"), lambda i: i.slip_number or "—"),
                Column("outcome", self.tr("Tình trạng"), outcome_label),
            )
        }
        keys = {
            "out": ("tracking", "code", "purpose", "recipient", "address", "postage"),
            "in": ("tracking", "code", "sender", "address", "slip"),
            "history": ("tracking", "code", "purpose", "recipient", "address", "postage", "outcome"),
        }[kind]
        super().__init__([every[k] for k in keys], parent)


class BatchesModel(ListTableModel[BatchInfo]):
    """Closed batches, newest first (the service's order)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                Column("reference", self.tr("Số lô"), lambda b: b.reference),
                Column("direction", self.tr("Chiều"), lambda b: direction_label(b.direction)),
                Column("closed", self.tr("Đóng lúc"), self._closed),
                Column("count", self.tr("Số bưu gửi"), lambda b: str(len(b.items)), _RIGHT),
                Column("clerk", self.tr("Cán bộ bàn giao"), lambda b: b.clerk_name or "—"),
                Column("postal", self.tr("Nhân viên bưu điện"), lambda b: b.postal_name or "—"),
            ),
            parent,
        )

    @staticmethod
    def _closed(batch: BatchInfo) -> str:
        return "—" if batch.closed_at is None else office_time(batch.closed_at).strftime("%H:%M %d/%m/%Y")
