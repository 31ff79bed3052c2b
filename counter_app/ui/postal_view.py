"""The postal tab (F5): the open outgoing batch and its add form, the open incoming batch, and the
closed batches with their manifests and the outcome of each result sent.

Closing a batch asks for both signatories, closes it through :func:`postal.close` and shows the
hand-over record (manifest) in the preview. Every action is one task on the window's runner; a
refusal is one line under the tab and writes nothing; success emits ``changed``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.calendar import office_time
from counter_app.domain.errors import DomainError, InvalidInput
from counter_app.domain.postal import Direction, ItemOutcome, ItemPurpose
from counter_app.services.dto import DossierRow
from counter_app.services.postal import AwaitingPost, BatchInfo, ItemInfo
from counter_app.ui.dossier_actions import ActionForm, ReasonForm, RequestTokens
from counter_app.ui.errors import describe
from counter_app.ui.keyboard import open_on_enter
from counter_app.ui.postal_actions import CloseBatchForm, Closed, PostalManifest, PostalServices, parse_postage
from counter_app.ui.postal_models import BatchesModel, ItemsModel, money

Run = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]


def _table(model: Any) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class PostalView(QWidget):
    changed = Signal(str)  # a dossier code, or "" when a whole batch moved
    opened = Signal(str)  # Enter or a double-click on an item: open its dossier (by code)

    def __init__(
        self,
        services: PostalServices,
        run: Run,
        show_document: Callable[[PostalManifest], object],
        clerk_name: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._run_task = run
        self._show_document = show_document
        self._clerk_name = clerk_name
        self.close_form: CloseBatchForm | None = None
        self.reason_form: ReasonForm | None = None
        self.tokens = RequestTokens()  # the add form's and the buttons' tokens; renewed at every refresh
        self.out_batch: BatchInfo | None = None
        self.in_batch: BatchInfo | None = None
        self.awaiting: list[AwaitingPost] = []

        self.pages = QTabWidget()
        self.pages.addTab(self._out_page(), self.tr("Gửi đi"))
        self.pages.addTab(self._in_page(), self.tr("Nhận về"))
        self.pages.addTab(self._history_page(), self.tr("Lô đã đóng"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)

    # ------------------------------------------------------------------ building the pages

    def _out_page(self) -> QWidget:
        self.out_info = QLabel()
        self.out_model = ItemsModel("out", self)
        self.out_table = _table(self.out_model)
        self._opens_dossier(self.out_table, self.out_model)
        self.code = QLineEdit(placeholderText=self.tr("Mã hồ sơ (hoặc quét giấy tiếp nhận)"))
        self.tracking = QLineEdit(placeholderText=self.tr("Số hiệu bưu gửi, vd. EA123456785VN"))
        self.tracking.setMaxLength(20)
        self.postage = QLineEdit(placeholderText=self.tr("Cước (đồng)"))
        self.destination = QComboBox()
        self.destination.addItem(self.tr("Công dân (trả kết quả qua bưu điện)"), None)
        for agency in self.services.agencies():
            self.destination.addItem(
                self.tr("Liên thông: %1 (%2)").replace("%1", agency.name).replace("%2", agency.code), agency.code
            )
        self.add_button = QPushButton(self.tr("Thêm vào lô"))
        self.add_button.setAutoDefault(True)
        self.add_button.clicked.connect(self.add_item)
        self.code.returnPressed.connect(self.tracking.setFocus)
        self.tracking.returnPressed.connect(self.add_item)  # the postage is optional (Tab reaches it)
        self.postage.returnPressed.connect(self.add_item)
        form = QHBoxLayout()
        form.addWidget(self.code, 2)
        form.addWidget(self.tracking, 2)
        form.addWidget(self.postage, 1)
        form.addWidget(self.destination, 3)
        form.addWidget(self.add_button)
        self.close_out_button = QPushButton(self.tr("Đóng lô và in biên bản"))
        self.close_out_button.clicked.connect(lambda: self.close_batch(Direction.OUT))
        self.remove_button = QPushButton(self.tr("Bỏ khỏi lô"))
        self.remove_button.setToolTip(self.tr("Bỏ bưu gửi đang chọn ra khỏi lô đang mở (nhầm hồ sơ, nhầm số hiệu)"))
        self.remove_button.clicked.connect(self.remove_item)
        self.waiting = QTableWidget(0, 4)
        self.waiting.setHorizontalHeaderLabels(
            [self.tr("Mã hồ sơ"), self.tr("Người nhận"), self.tr("Địa chỉ nhận"), self.tr("Có kết quả lúc")]
        )
        self.waiting.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.waiting.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.waiting.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.waiting.verticalHeader().setVisible(False)
        self.waiting.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.waiting.horizontalHeader().setStretchLastSection(True)
        self.waiting.setToolTip(self.tr("Chọn một kết quả (Enter hoặc bấm đúp) để đưa mã hồ sơ vào ô thêm bưu gửi"))
        self.waiting.itemActivated.connect(lambda _item: self.pick_waiting())
        self.waiting_label = QLabel()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.out_info)
        layout.addWidget(self.out_table, 2)
        layout.addWidget(self.waiting_label)
        layout.addWidget(self.waiting, 1)
        layout.addWidget(QLabel(self.tr("Thêm bưu gửi: mã hồ sơ, số hiệu bưu gửi, cước, nơi nhận")))
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_out_button)
        layout.addLayout(buttons)
        return page

    def _opens_dossier(self, table: QTableView, model: ItemsModel) -> None:
        def open_row(index: QModelIndex) -> None:
            self.opened.emit(model.row_at(index.row()).code)

        table.doubleClicked.connect(open_row)
        open_on_enter(table, open_row)

    def _in_page(self) -> QWidget:
        self.in_info = QLabel()
        self.in_model = ItemsModel("in", self)
        self.in_table = _table(self.in_model)
        self._opens_dossier(self.in_table, self.in_model)
        self.close_in_button = QPushButton(self.tr("Đóng lô và in biên bản"))
        self.close_in_button.clicked.connect(lambda: self.close_batch(Direction.IN))
        hint = QLabel(self.tr("Hồ sơ gửi đến qua bưu điện được tiếp nhận ở màn hình Tiếp nhận (hình thức: bưu chính)."))
        hint.setWordWrap(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.in_info)
        layout.addWidget(self.in_table, 1)
        layout.addWidget(hint)
        layout.addWidget(self.close_in_button)
        return page

    def _history_page(self) -> QWidget:
        self.history_model = BatchesModel(self)
        self.history_table = _table(self.history_model)
        self.history_table.selectionModel().currentRowChanged.connect(self._batch_chosen)
        self.items_model = ItemsModel("history", self)
        self.items_table = _table(self.items_model)
        self._opens_dossier(self.items_table, self.items_model)
        self.items_table.selectionModel().currentRowChanged.connect(lambda *_: self._update_item_buttons())
        self.reprint_button = QPushButton(self.tr("In lại biên bản"))
        self.reprint_button.clicked.connect(self.print_again)
        self.delivered_button = QPushButton(self.tr("Đã giao"))
        self.delivered_button.clicked.connect(self.mark_delivered)
        self.undeliverable_button = QPushButton(self.tr("Không giao được"))
        self.undeliverable_button.clicked.connect(self.mark_undeliverable)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reprint_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delivered_button)
        buttons.addWidget(self.undeliverable_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.history_table, 2)
        layout.addWidget(QLabel(self.tr("Bưu gửi của lô đang chọn")))
        layout.addWidget(self.items_table, 3)
        layout.addLayout(buttons)
        self._update_item_buttons()
        return page

    # ------------------------------------------------------------------ showing

    def refresh(self) -> None:
        self.tokens.renew()
        try:
            self.out_batch = self.services.open_batch(Direction.OUT)
            self.in_batch = self.services.open_batch(Direction.IN)
            history = self.services.history()
            awaiting = self.services.awaiting()
        except Exception as exc:  # noqa: BLE001 - a busy database is a message; keep what is shown
            self.message.setText(describe(exc))
            return
        self._show_open(self.out_batch, self.out_model, self.out_info, self.close_out_button)
        self._show_open(self.in_batch, self.in_model, self.in_info, self.close_in_button)
        self._show_waiting(awaiting)
        chosen = self.selected_batch()
        self.history_model.set_rows(history)
        self.select_batch(None if chosen is None else chosen.id)

    def _show_open(self, batch: BatchInfo | None, model: ItemsModel, info: QLabel, close: QPushButton) -> None:
        model.set_rows(() if batch is None else batch.items)
        close.setEnabled(batch is not None and bool(batch.items))
        if batch is None:
            info.setText(self.tr("Chưa có lô đang mở."))
            return
        total = sum(i.postage or 0 for i in batch.items)
        text = self.tr("Lô %1 đang mở: %n bưu gửi, cước %2", "", len(batch.items))
        info.setText(text.replace("%1", batch.reference).replace("%2", money(total)))

    def _show_waiting(self, awaiting: list[AwaitingPost]) -> None:
        """The results waiting for the post, so the clerk picks one instead of typing its code."""
        self.awaiting = awaiting
        self.waiting_label.setText(
            self.tr("Kết quả chờ gửi qua bưu điện (%1) — chọn để thêm vào lô").replace("%1", str(len(awaiting)))
            if awaiting
            else self.tr("Không có kết quả nào chờ gửi qua bưu điện.")
        )
        self.waiting.setRowCount(len(awaiting))
        for row, waiting in enumerate(awaiting):
            resolved = (
                "—" if waiting.resolved_at is None else office_time(waiting.resolved_at).strftime("%d/%m/%Y %H:%M")
            )
            texts = (waiting.dossier.code, waiting.dossier.applicant_name, waiting.recipient_address, resolved)
            for column, text in enumerate(texts):
                self.waiting.setItem(row, column, QTableWidgetItem(text))

    def pick_waiting(self, row: int | None = None) -> None:
        """The chosen waiting result goes in the add form (to the citizen); the tracking number is next."""
        if row is None:
            row = self.waiting.currentRow()
        if not 0 <= row < len(self.awaiting):
            return
        self.code.setText(self.awaiting[row].dossier.code)
        self.destination.setCurrentIndex(0)
        self.message.clear()
        self.tracking.setFocus()

    def selected_batch(self) -> BatchInfo | None:
        row = self.history_table.currentIndex().row()
        return self.history_model.row_at(row) if 0 <= row < self.history_model.rowCount() else None

    def selected_item(self) -> ItemInfo | None:
        row = self.items_table.currentIndex().row()
        return self.items_model.row_at(row) if 0 <= row < self.items_model.rowCount() else None

    def select_batch(self, batch_id: int | None) -> None:
        """Make the closed batch ``batch_id`` current (the newest when None or gone)."""
        rows = self.history_model.rows()
        position = next((n for n, b in enumerate(rows) if b.id == batch_id), 0)
        if rows:
            self.history_table.setCurrentIndex(self.history_model.index(position, 0))
        self._batch_chosen(self.history_model.index(position, 0) if rows else QModelIndex())

    def select_item(self, code: str) -> None:
        rows = self.items_model.rows()
        position = next(n for n, i in enumerate(rows) if i.code == code)
        self.items_table.setCurrentIndex(self.items_model.index(position, 0))

    def _batch_chosen(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        batch = self.history_model.row_at(current.row()) if current.isValid() else None
        chosen = self.selected_item()
        self.items_model.set_rows(() if batch is None else batch.items)
        if chosen is not None and any(i.code == chosen.code for i in self.items_model.rows()):
            self.select_item(chosen.code)
        self.reprint_button.setEnabled(batch is not None)
        self._update_item_buttons()

    def _update_item_buttons(self) -> None:
        item = self.selected_item()
        out = item is not None and item.purpose is ItemPurpose.RESULT and item.outcome is ItemOutcome.PENDING
        self.delivered_button.setEnabled(out)
        self.undeliverable_button.setEnabled(out)

    # ------------------------------------------------------------------ running tasks

    def _run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], object],
        failed: Callable[[BaseException], None] | None = None,
        form: ActionForm | None = None,
    ) -> None:
        """One task on the runner; the action buttons (and the form's OK) wait while it runs."""
        self.message.clear()
        self._busy(True, form)

        def finish(result: Any) -> None:
            self._busy(False, form)
            done(result)

        def fail(exc: BaseException) -> None:
            self._busy(False, form)
            (failed or self.show_error)(exc)

        self._run_task(work, finish, fail)

    def _busy(self, busy: bool, form: ActionForm | None) -> None:
        if form is not None:
            form.ok_button.setEnabled(not busy)
        if busy:
            for button in self._action_buttons():
                button.setEnabled(False)
            return
        self.add_button.setEnabled(True)
        self.close_out_button.setEnabled(self.out_batch is not None and bool(self.out_batch.items))
        self.close_in_button.setEnabled(self.in_batch is not None and bool(self.in_batch.items))
        self.reprint_button.setEnabled(self.selected_batch() is not None)
        self._update_item_buttons()

    def _action_buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.add_button,
            self.close_out_button,
            self.close_in_button,
            self.reprint_button,
            self.delivered_button,
            self.undeliverable_button,
        )

    def show_error(self, exc: BaseException) -> None:
        self.message.setText(describe(exc))

    # ------------------------------------------------------------------ the actions

    def use_code(self, code: str, warning: str | None = None) -> None:
        """A receipt scanned while this tab shows: its dossier goes in the add form."""
        self.pages.setCurrentIndex(0)
        self.code.setText(code)
        self.message.setText(warning or "")
        self.tracking.setFocus()

    def add_item(self) -> None:
        code = self.code.text().strip()
        if not code:
            self.message.setText(self.tr("Nhập mã hồ sơ hoặc quét giấy tiếp nhận."))
            self.code.setFocus()
            return
        try:
            postage = parse_postage(self.postage.text())
        except InvalidInput as exc:
            self.show_error(exc)
            self.postage.setFocus()
            return
        tracking, agency = self.tracking.text(), self.destination.currentData()
        token = self.tokens.token("add", code, tracking, str(agency), str(postage))  # Enter twice: one item
        work = partial(self.services.add, code, tracking, agency, postage, request_id=token)

        def done(_batch: BatchInfo) -> None:
            for field in (self.code, self.tracking, self.postage):
                field.clear()
            self.destination.setCurrentIndex(0)
            self.refresh()
            self.changed.emit(code)
            self.code.setFocus()

        def failed(exc: BaseException) -> None:
            self.show_error(exc)
            bad_number = isinstance(exc, DomainError) and exc.code.startswith("postal.tracking")
            (self.tracking if bad_number else self.code).setFocus()

        self._run(work, done, failed)

    def remove_item(self) -> None:
        rows = self.out_table.selectionModel().selectedRows()
        if not rows:
            self.message.setText(self.tr("Chọn bưu gửi cần bỏ khỏi lô."))
            return
        item = self.out_model.row_at(rows[0].row())
        token = self.tokens.token("remove", item.tracking)
        work = partial(self.services.remove, item.tracking, request_id=token)
        self._run(work, lambda _batch: self._after_remove(item.code))

    def _after_remove(self, code: str) -> None:
        self.refresh()
        self.changed.emit(code)

    def close_batch(self, direction: Direction) -> None:
        form = CloseBatchForm(direction, self._clerk_name(), self)
        self.close_form = form

        def done(closed: Closed) -> None:
            form.accept()
            self.close_form = None
            self.refresh()
            self.select_batch(closed.batch.id)
            self.changed.emit("")
            if closed.manifest is not None:
                self._show_document(closed.manifest)
            elif closed.print_error is not None:
                text = self.tr("Đã đóng lô %1, nhưng chưa in được biên bản: %2")
                self.message.setText(
                    text.replace("%1", closed.batch.reference).replace("%2", describe(closed.print_error))
                )

        def submit() -> None:
            try:
                ours, theirs = form.names()
            except InvalidInput as exc:
                form.show_error(exc)
                return
            work = partial(self.services.close, direction, ours, theirs, request_id=form.request_id)
            self._run(work, done, form.show_error, form)

        form.submitted.connect(submit)
        form.open()

    def print_again(self) -> None:
        batch = self.selected_batch()
        if batch is not None:
            self._run(partial(self.services.manifest, batch, reprint=True), self._show_document)

    def _outcome_done(self, code: str) -> Callable[[DossierRow], None]:
        def done(_row: DossierRow) -> None:
            if self.reason_form is not None:
                self.reason_form.accept()
                self.reason_form = None
            self.refresh()
            self.select_item(code)
            self.changed.emit(code)

        return done

    def mark_delivered(self) -> None:
        item = self.selected_item()
        if item is not None:
            token = self.tokens.token("delivered", item.code)
            self._run(partial(self.services.delivered, item.code, request_id=token), self._outcome_done(item.code))

    def mark_undeliverable(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        code = item.code
        form = ReasonForm(self.tr("Bưu điện không giao được %1").replace("%1", code), self.tr("Ghi nhận"), self)
        self.reason_form = form
        form.submitted.connect(
            lambda: self._run(
                partial(self.services.undeliverable, code, form.reason.text(), request_id=form.request_id),
                self._outcome_done(code),
                form.show_error,
                form,
            )
        )
        form.open()
