"""The main window: intake, the dossier list, the late-dossier board and the postal batches; the clerk
and office in the status bar, scans routed from anywhere, the idle lock.

Whenever a dossier changes here (an intake, an action in the dossier dialog, a postal action) the
window emits ``dossiers_changed`` and the list, the board and the postal tab refresh themselves.

Locking (Ctrl+L or idle) swaps the central stack to the lock page, hides every other window of the
app (ui.login.ScreenLock), disables the menus and shortcuts, makes the scanner swallow scans and
closes the session gate, so a service write begun while locked is refused (``session.locked``).
The same clerk unlocking finds everything as it was; another clerk gets a fresh intake form and the
first clerk's open dialogs closed (the papers ticked and the citizen's data were checked by someone
else)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app import messages
from counter_app.domain.lifecycle import Status
from counter_app.domain.privacy import DossierView
from counter_app.domain.values import Role
from counter_app.services import documents, dossiers, receipts, satisfaction, users
from counter_app.services.context import Actor, Context, SessionGate, os_user
from counter_app.services.dto import OfficeInfo
from counter_app.services.users import UserInfo
from counter_app.ui import i18n
from counter_app.ui.accounts import AccountsDialog, AccountServices
from counter_app.ui.backup_view import BackupActions
from counter_app.ui.dashboard import DashboardView
from counter_app.ui.digitise import Digitiser, PaperServices
from counter_app.ui.dossier_actions import DossierServices, Printable, ReturnForm
from counter_app.ui.dossier_dialog import DossierDialog, DossierHost
from counter_app.ui.dossier_list import DossierListView
from counter_app.ui.errors import describe, show_error
from counter_app.ui.import_dialog import ImportDialog
from counter_app.ui.intake_view import IntakeServices, IntakeView, Outcome
from counter_app.ui.keyboard import install_mnemonics
from counter_app.ui.late_board import LateBoardView
from counter_app.ui.login import IdleLock, LockPage, ScreenLock
from counter_app.ui.postal_actions import MANIFEST, PostalManifest, PostalServices
from counter_app.ui.postal_view import PostalView
from counter_app.ui.preview import PreviewDialog
from counter_app.ui.print_output import available_printers, output
from counter_app.ui.rating import RatingWindow
from counter_app.ui.register_view import RegisterDialog, RegisterServices
from counter_app.ui.scanner import ScanListener
from counter_app.ui.screen_fit import available_area, fit_to_screen
from counter_app.ui.settings_dialog import DocumentServices, SettingsDialog
from counter_app.ui.settings_store import SettingsStore, UiSettings, WindowPlacement
from counter_app.ui.sync_view import SyncController, SyncDialog, SyncIndicator, SyncServices
from counter_app.ui.tasks import TaskRunner
from counter_app.ui.token_session import ClerkToken


class MainWindow(QMainWindow):
    dossiers_changed = Signal(str)  # the code of a dossier taken in or acted on here ("" for a whole postal batch)

    def __init__(
        self,
        base: Context,
        office: OfficeInfo,
        user: UserInfo,
        settings: SettingsStore,
        data_dir: Path,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__()
        self._base = base
        self.gate = SessionGate()  # closed while the screen is locked: the clerk's writes are refused
        self._gated_db = self.gate.guard(base.db)
        self.office = office
        self.user = user
        self.settings = settings
        self.data_dir = data_dir
        self.runner = runner or TaskRunner(self)
        self.preview: PreviewDialog | None = None
        self.dossier_dialog: DossierDialog | None = None
        self.scan_message: QMessageBox | None = None
        self.locked = False
        self._focus_before_lock: QWidget | None = None
        self._actions_before_lock: list[tuple[QAction, bool]] = []
        self.rating_window: RatingWindow | None = None  # the citizen's rating screen, once opened
        self._rating_offered: set[str] = set()
        self._rating_pending: tuple[str, str, str] | None = None  # (code, applicant, procedure)
        self._language = messages.language()
        self.accounts_dialog: AccountsDialog | None = None
        self.register_dialog: RegisterDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.setWindowTitle(self.tr("Bộ phận Một cửa — %1").replace("%1", office.name))

        # Digitisation at the counter (issue 13); its OCR is the office's work, going on while locked.
        # The clerk's USB token signs the copies while the session is open (dropped at the lock and quit);
        # the OCR re-sign uses it while it is open, else the office key.
        self.clerk_token = ClerkToken(settings, self.runner.run, self)
        self._token_config = self._token_settings(settings.load())
        self.digitiser = Digitiser(
            PaperServices(self.context),
            self.runner.run,
            settings,
            self,
            PaperServices(lambda: self.context(gated=False), lambda: self.clerk_token.signer),
        )
        self.digitiser.token = self.clerk_token
        self.intake = IntakeView(self._act, IntakeServices(self.context), digitiser=self.digitiser)
        self.intake.finished.connect(self.show_outcome)
        self.list = DossierListView(self.context, run_task=self.runner.run)
        self.list.opened.connect(self.open_dossier_id)
        self.board = LateBoardView(self.context, run_task=self.runner.run)
        self.board.opened.connect(self.open_dossier_id)
        self.board.overdue_changed.connect(self._board_title)
        self.postal = PostalView(PostalServices(self.context), self.runner.run, self.show_document, self._own_name)
        self.postal.changed.connect(self.dossiers_changed)
        self.postal.opened.connect(self.open_dossier_code)
        self.dossier_host = DossierHost(
            DossierServices(self.context), self.runner.run, self.show_document, self.digitiser.services
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self.intake, self.tr("Tiếp nhận hồ sơ (F2)"))
        self.tabs.addTab(self.list, self.tr("Danh sách hồ sơ (F3)"))
        self.tabs.addTab(self.board, self.tr("Hồ sơ trễ hạn (F4)"))
        self.tabs.setTabToolTip(2, self.tr("Hồ sơ quá hạn, đến hạn hôm nay và sắp đến hạn (F4)"))
        self.tabs.addTab(self.postal, self.tr("Bưu chính (F5)"))
        self.tabs.setTabToolTip(3, self.tr("Lô gửi bưu điện, hồ sơ nhận qua bưu điện, biên bản bàn giao (F5)"))
        self.dashboard = DashboardView(self.context, self.runner.run, data_dir / "reports")
        self.tabs.addTab(self.dashboard, self.tr("Thống kê (F6)"))
        self.tabs.setTabToolTip(4, self.tr("Biểu 06, biểu đồ, xuất PDF và Excel (F6)"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.lock_page = LockPage(
            lambda name, password: users.authenticate(self.context(gated=False), name, password), office.name
        )
        self.lock_page.unlocked.connect(self.unlock)
        self.lock_page.quit_requested.connect(self._quit_from_lock)
        # A non-blocking banner over the work while the account has no real name (the first
        # administrator of an older version is "Quản trị viên"): its forms print a dotted line.
        self.name_banner = QLabel()
        self.name_banner.setWordWrap(True)
        self.name_banner.setStyleSheet("background: #fff4e5; color: #7a3e00; padding: 6px;")
        self.name_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.name_button = QPushButton(self.tr("Nhập họ tên…"))
        self.name_button.clicked.connect(lambda: self.open_accounts())
        self.name_bar = QWidget()
        bar = QHBoxLayout(self.name_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.name_banner, 1)
        bar.addWidget(self.name_button)
        self.work = QWidget()
        work = QVBoxLayout(self.work)
        work.setContentsMargins(0, 0, 0, 0)
        work.addWidget(self.name_bar)
        work.addWidget(self.tabs, 1)
        self.pages = QStackedWidget()  # the work, or the lock page instead of it
        self.pages.addWidget(self.work)
        self.pages.addWidget(self.lock_page)
        self.setCentralWidget(self.pages)
        self.screen_lock = ScreenLock(
            self, lambda w: w is self.rating_window and self.rating_window.kiosk and self.rating_window.isVisible()
        )

        self.clerk_label = QLabel()
        self.office_label = office_label = QLabel(self._office_text())
        # Sync is the office's, not the clerk's: its rounds go on while the screen is locked.
        self.sync = SyncController(SyncServices(lambda: self.context(gated=False)), self.runner.run, self)
        self.sync_indicator = SyncIndicator()
        self.sync_indicator.clicked.connect(self.open_sync_dialog)
        self.sync.status_changed.connect(self.sync_indicator.show_status)
        self.sync.pulled.connect(lambda: self.dossiers_changed.emit(""))
        self.sync_dialog: SyncDialog | None = None
        self.import_dialog: ImportDialog | None = None
        self.statusBar().addWidget(self.clerk_label)
        self.statusBar().addWidget(office_label)
        self.ocr_status = QLabel()  # "Đang nhận dạng chữ: 2 bản" while OCR runs in the background
        self.digitiser.ocr.status_changed.connect(self.ocr_status.setText)
        self.statusBar().addPermanentWidget(self.ocr_status)
        self.statusBar().addPermanentWidget(self.sync_indicator)
        self._set_user(user)
        self._build_menus()
        self.dossiers_changed.connect(self._refresh_views)
        self.dossiers_changed.connect(lambda _code: self.sync.refresh())  # the waiting count moved
        self.sync.start()
        self.board.refresh()
        self.digitiser.ocr.start_soon()  # copies left without text (no tesseract then, or a crash)

        self.scanner = ScanListener(self)
        self.scanner.cccd_scanned.connect(self.on_cccd_scan)
        self.scanner.receipt_scanned.connect(self.on_receipt_scan)
        self.scanner.blocked.connect(
            lambda: self.lock_page.message.setText(self.tr("Màn hình đang khóa: đăng nhập trước khi quét."))
        )
        self.scanner.incomplete_scan.connect(self.on_incomplete_scan)
        self.digitiser.scan_in_progress = self.scanner.scanning
        self.idle = IdleLock(settings.load().idle_lock_minutes, self)
        self.idle.idle.connect(self.lock)
        self.idle.lock_requested.connect(self.lock)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            install_mnemonics(app)
            self.scanner.install(app)
            app.installEventFilter(self.idle)
            app.installEventFilter(self.screen_lock)
        self.idle.start()
        self.place_window()
        self.intake.picker.search.setFocus()

    # ------------------------------------------------------------------ placing the window

    def place_window(self, available: QRect | None = None) -> None:
        """Where the clerk left the window if that still fits the screen's available area (``available``,
        by default the screen's), else 1280×800 or less, centred; maximized again if it was."""
        area = available if available is not None else available_area(self)
        saved = self.settings.load_window()
        normal = None if saved is None else QRect(saved.x, saved.y, saved.width, saved.height)
        hint = self.minimumSizeHint()
        if normal is not None and area.contains(normal) and normal.width() >= hint.width():
            self.setGeometry(normal)
        else:
            fit_to_screen(self, 1280, 800, area)
        if saved is not None and saved.maximized:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def remember_window(self) -> None:
        normal = self.normalGeometry() if self.isMaximized() else self.geometry()
        self.settings.save_window(
            WindowPlacement(normal.x(), normal.y(), normal.width(), normal.height(), self.isMaximized())
        )

    # ------------------------------------------------------------------ context and actions

    def context(self, *, gated: bool = True) -> Context:
        """The service context of the signed-in clerk; its writes are refused while the screen is locked
        (``gated``; the sync rounds and the unlock itself use an ungated one)."""
        db = self._gated_db if gated else self._base.db
        return Context(db, Actor(self.user.id, self.user.username, "gui", os_user()), self._base.clock)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.list:
            self.list.refresh()
        elif self.tabs.widget(index) is self.board:
            self.board.refresh()
        elif self.tabs.widget(index) is self.postal:
            self.postal.refresh()
        elif self.tabs.widget(index) is self.dashboard:
            self.dashboard.refresh()

    def _refresh_views(self) -> None:
        """A dossier changed: the board always (its count is in the tab title), the list and the
        postal tab if shown."""
        self.board.refresh()
        if self.tabs.currentWidget() is self.list:
            self.list.refresh()
        elif self.tabs.currentWidget() is self.postal:
            self.postal.refresh()

    def _office_text(self) -> str:
        return (
            self.tr("%1 (%2) · máy %3")
            .replace("%1", self.office.name)
            .replace("%2", self.office.agency_code)
            .replace("%3", str(self.office.workstation))
        )

    def _board_title(self, overdue: int) -> None:
        index = self.tabs.indexOf(self.board)
        if overdue:
            self.tabs.setTabText(index, self.tr("Hồ sơ trễ hạn (%1)").replace("%1", str(overdue)))
            self.tabs.tabBar().setTabTextColor(index, QColor("#b00020"))
        else:
            self.tabs.setTabText(index, self.tr("Hồ sơ trễ hạn (F4)"))
            self.tabs.tabBar().setTabTextColor(index, QColor())

    def _own_name(self) -> str:
        """The signed-in official's full name to sign the postal record with; empty (to type it) while
        the account has no real name — never the login, never "Quản trị viên"."""
        return self.user.full_name if self.user.has_real_name else ""

    def _set_user(self, user: UserInfo) -> None:
        self.user = user
        if user.has_real_name:
            self.clerk_label.setText(self.tr("Cán bộ: %1").replace("%1", user.full_name))
            self.clerk_label.setStyleSheet("")
        else:  # the forms print a dotted line for this official's name until a real one is set
            self.clerk_label.setText(
                self.tr(
                    "Cán bộ: %1 — chưa có họ tên thật, các phiếu sẽ để trống dòng họ tên; hãy nhập ở Tài khoản"
                ).replace("%1", user.full_name)
            )
            self.clerk_label.setStyleSheet("color: #b00020")
        self.name_banner.setText(
            self.tr(
                "Tài khoản này chưa có họ tên thật: giấy tờ in ra sẽ để trống dòng họ tên người ký. "
                "Hãy nhập họ tên và chức danh của cán bộ."
            )
        )
        self.name_bar.setVisible(not user.has_real_name)

    def _act(self, work: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self.runner.run(work, on_done, self.intake.show_error)

    def _build_menus(self) -> None:
        system = self.menuBar().addMenu(self.tr("&Hệ thống"))
        lock = QAction(self.tr("Khóa màn hình"), self, shortcut=QKeySequence("Ctrl+L"))
        lock.triggered.connect(self.lock)
        quit_ = QAction(self.tr("Thoát"), self, shortcut=QKeySequence("Ctrl+Q"))
        quit_.triggered.connect(self.close)
        rating = QAction(self.tr("Màn hình đánh giá cho công dân"), self)
        rating.triggered.connect(self.open_rating_screen)
        sync_action = QAction(self.tr("Đồng bộ với máy chủ huyện…"), self)
        sync_action.triggered.connect(self.open_sync_dialog)
        history = QAction(self.tr("Nhập hồ sơ cũ từ tệp CSV…"), self)
        history.triggered.connect(lambda: self.open_import_dialog())
        system.addActions([lock, sync_action, rating, history, quit_])
        self._add_office_actions(system, before=quit_)
        self.backups = BackupActions(self, self.data_dir, lambda: self.context(gated=False), self.runner.run)
        self.backups.add_to(system, before=quit_)
        go = self.menuBar().addMenu(self.tr("&Đi tới"))
        for key, index, label in (
            ("F2", 0, self.tr("Tiếp nhận hồ sơ")),
            ("F3", 1, self.tr("Danh sách hồ sơ")),
            ("F4", 2, self.tr("Hồ sơ trễ hạn")),
            ("F5", 3, self.tr("Bưu chính")),
            ("F6", 4, self.tr("Thống kê")),
        ):
            action = QAction(label, self, shortcut=QKeySequence(key))
            action.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
            go.addAction(action)
        language = self.menuBar().addMenu(self.tr("&Ngôn ngữ"))
        group = QActionGroup(self)
        current = self.settings.load().language
        for code, label in (("vi", "Tiếng Việt"), ("en", "English")):
            action = QAction(label, self, checkable=True, checked=code == current)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(action)
            language.addAction(action)

    def _add_office_actions(self, menu: QMenu, before: QAction) -> None:
        """The register, the settings and (for an administrator) the accounts, before ``before``."""
        register = QAction(self.tr("Sổ theo dõi hồ sơ…"), self, shortcut=QKeySequence("Ctrl+R"))
        register.triggered.connect(lambda: self.open_register())
        settings = QAction(self.tr("Cài đặt…"), self, shortcut=QKeySequence("Ctrl+,"))
        settings.triggered.connect(lambda: self.open_settings())
        self.accounts_action = QAction(self.tr("Tài khoản cán bộ…"), self)
        self.accounts_action.triggered.connect(lambda: self.open_accounts())
        self.accounts_action.setVisible(self.user.role is Role.ADMIN)
        menu.insertActions(before, [register, settings, self.accounts_action])
        menu.insertSeparator(before)

    def open_accounts(self) -> AccountsDialog | None:
        """The accounts screen, for an administrator only (the service refuses anyone else too)."""
        if self.user.role is not Role.ADMIN:
            self.statusBar().showMessage(messages.message("user.not_admin", {"username": self.user.username}), 10_000)
            return None
        dialog = AccountsDialog(AccountServices(self.context), self.runner.run, self)
        self.accounts_dialog = dialog
        dialog.finished.connect(lambda _result: self._reload_user())  # a name set there shows at once
        dialog.open()
        return dialog

    def _reload_user(self) -> None:
        self._set_user(users.find_user(self.context(gated=False), self.user.username))

    def open_register(self) -> RegisterDialog:
        dialog = RegisterDialog(RegisterServices(self.context), self.runner.run, self.data_dir / "reports", self)
        self.register_dialog = dialog
        dialog.open()
        return dialog

    def open_settings(self) -> SettingsDialog:
        letters = DocumentServices(self.context) if self.user.role is Role.ADMIN else None
        dialog = SettingsDialog(self.settings, available_printers(), self, letters, backup_dir=self.data_dir)
        dialog.saved.connect(self._settings_saved)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def _settings_saved(self, saved: UiSettings) -> None:
        """New settings apply at once: the idle lock's delay (counted from now), the printer (read at
        each print), the language."""
        if self._token_settings(saved) != self._token_config:  # another token: the next copy logs in to it
            self._token_config = self._token_settings(saved)
            self.clerk_token.drop()
        running = self.idle.timer.isActive()
        self.idle.timer.setInterval(saved.idle_lock_minutes * 60_000)
        if running:
            self.idle.start()
        if saved.language != self._language:
            self.apply_language(saved.language)
        else:
            self.statusBar().showMessage(self.tr("Đã lưu cài đặt."), 8000)

    @staticmethod
    def _token_settings(saved: UiSettings) -> tuple[str, str]:
        return saved.token_library, saved.token_label

    def set_language(self, code: str) -> None:
        self.settings.update(language=code)
        self.apply_language(code)

    def apply_language(self, code: str) -> None:
        """Switch the language now, without a restart: the catalogues (Qt's too) and the services'
        sentences, every static text of every open window, then this window's own composed texts and
        the views' contents (refreshed)."""
        old = self._language
        app = QApplication.instance()
        if isinstance(app, QApplication):
            i18n.install(app, code)
            if code != old:
                for top in app.topLevelWidgets():
                    i18n.retranslate_tree(top)
        self._language = code
        self.retranslate()
        self.board.refresh()
        self.list.refresh()
        self.postal.refresh()
        self.dashboard.refresh()
        self.intake.reload_procedures()
        self.intake.retranslate()
        if self.dossier_dialog is not None and self.dossier_dialog.isVisible():
            self.dossier_dialog.set_detail(self.dossier_dialog.detail)
        self.statusBar().showMessage(self.tr("Đã đổi ngôn ngữ."), 10_000)

    def retranslate(self) -> None:
        """This window's composed words (with the office, the clerk, a count) in the language now."""
        self.setWindowTitle(self.tr("Bộ phận Một cửa — %1").replace("%1", self.office.name))
        self._board_title(self.board.model.overdue_count())
        self.office_label.setText(self._office_text())
        self._set_user(self.user)  # the menus' words were swapped by i18n.retranslate_tree
        self.list.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.list.model.columnCount() - 1)
        self.sync.refresh()

    # ------------------------------------------------------------------ outcomes and printing

    def print_pdf(self, stem: str) -> Callable[[bytes], str]:
        def send(pdf: bytes) -> str:
            where = output(pdf, self.settings.load().printer, self.data_dir / "prints", stem)
            self.statusBar().showMessage(self.tr("Đã in: %1").replace("%1", where), 10_000)
            return where

        return send

    def document_title(self, kind: str) -> str:
        titles: dict[str, str] = {
            documents.DocumentKind.RECEIPT: self.tr("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
            documents.DocumentKind.SUPPLEMENT: self.tr("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
            documents.DocumentKind.REFUSAL: self.tr("Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
            documents.LifecycleDocument.APOLOGY: self.tr("Văn bản xin lỗi và hẹn lại ngày trả kết quả"),
            documents.LifecycleDocument.ROUTING_SLIP: self.tr("Phiếu kiểm soát quá trình giải quyết hồ sơ"),
            documents.LifecycleDocument.HANDOVER: self.tr("Phiếu giao nhận kết quả"),
            documents.LifecycleDocument.STOP_NOTICE: self.tr("Thông báo dừng giải quyết hồ sơ"),
            MANIFEST: self.tr("Biên bản bàn giao bưu gửi"),
        }
        return titles.get(kind, kind)

    def show_document(self, printed: Printable | PostalManifest) -> PreviewDialog:
        title = f"{self.document_title(printed.kind)} — {printed.code}"
        self.preview = PreviewDialog(title, printed.pdf, self.print_pdf(f"{printed.code}-{printed.kind}"), self)
        self.preview.setWindowModality(Qt.WindowModality.WindowModal)
        pending = self._rating_pending
        if pending is not None and pending[0] == printed.code:  # the citizen rates once the note is signed
            self._rating_pending = None
            self.preview.finished.connect(lambda _result: self.offer_rating(*pending))
        self.preview.open()
        return self.preview

    def _show(self, printed: Printable | PostalManifest) -> None:
        self.show_document(printed)

    def show_outcome(self, outcome: Outcome) -> None:
        preview = self.show_document(outcome.document)
        preview.finished.connect(lambda _result: self.intake.reset())
        self.statusBar().showMessage(self.tr("Đã lập hồ sơ %1").replace("%1", outcome.code), 10_000)
        self.digitiser.ocr.start_soon()  # the copies just stored get their text layer in the background
        self.dossiers_changed.emit(outcome.code)

    def reprint(self, kind: str, code: str) -> None:
        makers: dict[str, Callable[..., Printable]] = {
            "receipt": documents.receipt,
            "supplement": documents.supplement_slip,
            "refusal": documents.refusal_slip,
            "apology": documents.apology_letter,
            "handover": documents.handover_note,
            "stop_notice": documents.stop_notice,
        }
        make = makers[kind]
        self.runner.run(lambda: make(self.context(), code, reprint=True), self._show, lambda exc: show_error(self, exc))

    # ------------------------------------------------------------------ scans and dossiers

    def on_cccd_scan(self, payload: str) -> None:
        if self.locked:  # the scanner swallows scans while locked; never fill the form behind the lock
            return
        form = None if self.dossier_dialog is None else self.dossier_dialog.form
        if isinstance(form, ReturnForm) and form.isVisible():  # the receiver's card, at the hand-over
            form.fill_from_cccd(payload)
            return
        self.tabs.setCurrentIndex(0)
        self.intake.fill_from_scan(payload)

    def on_incomplete_scan(self, _payload: str) -> None:
        text = self.tr("Mã QR đọc chưa đủ (quét bị ngắt giữa chừng) — hãy quét lại.")
        self.statusBar().showMessage(text, 10_000)
        form = None if self.dossier_dialog is None else self.dossier_dialog.form
        if form is not None and form.isVisible():
            form.message.setText(text)
        elif self.tabs.currentWidget() is self.intake:
            self.intake.message.setText(text)

    def on_receipt_scan(self, payload: str) -> None:
        if self.locked:
            return
        try:
            result = receipts.verify_scan(self.context(), payload)
        except Exception as exc:  # noqa: BLE001 - a bad scan is a message
            self.statusBar().showMessage(describe(exc), 10_000)
            return
        if result.dossier_id is None:
            text = {
                receipts.ScanVerdict.FORGED: self.tr(
                    "Giấy tiếp nhận %1 KHÔNG HỢP LỆ: chữ ký số sai, có thể bị làm giả hoặc sửa đổi."
                ),
                receipts.ScanVerdict.UNKNOWN: self.tr("Không có hồ sơ %1 trên máy này."),
                receipts.ScanVerdict.OTHER_WORKSTATION: self.tr(
                    "Hồ sơ %1 do máy tiếp nhận khác lập; chưa có trên máy này."
                ),
            }[result.verdict].replace("%1", result.code)
            box = QMessageBox(
                QMessageBox.Icon.Warning, self.tr("Quét giấy tiếp nhận"), text, QMessageBox.StandardButton.Ok, self
            )
            box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Đóng"))
            box.open()
            self.scan_message = box
            return
        warning = None
        if result.verdict is receipts.ScanVerdict.MISMATCH:
            warning = self.tr("Giấy tiếp nhận không khớp với dữ liệu hồ sơ — kiểm tra lại.")
        if self.tabs.currentWidget() is self.postal:  # scanned for the postal batch: fill its form
            self.postal.use_code(result.code, warning)
            return
        self.open_dossier_id(result.dossier_id, warning=warning)

    def open_dossier_code(self, code: str) -> None:
        try:
            dossier_id = dossiers.find_by_code(self.context(), code).id
        except Exception as exc:  # noqa: BLE001 - a dossier gone meanwhile is a message
            self.statusBar().showMessage(describe(exc), 10_000)
            return
        self.open_dossier_id(dossier_id)

    def open_dossier_id(self, dossier_id: int, warning: str | None = None) -> None:
        ctx = self.context()
        rows = dossiers.rows(ctx, [dossier_id])
        if not rows:
            return
        try:  # the opening is audited (services.dossiers.show): no audit entry, no dossier shown
            detail = dossiers.show(ctx, rows[0].code, view=DossierView.DOSSIER_DIALOG)
        except Exception as exc:  # noqa: BLE001 - e.g. a read-only database: one message
            self.statusBar().showMessage(describe(exc), 10_000)
            return
        if self.dossier_dialog is not None and self.dossier_dialog.isVisible():
            self.dossier_dialog.close()
        self.dossier_dialog = DossierDialog(detail, self.reprint, self, warning=warning, host=self.dossier_host)
        self.dossier_dialog.changed.connect(self.dossiers_changed)
        self.dossier_dialog.changed.connect(self._after_dossier_action)
        self.dossier_dialog.open()

    # ------------------------------------------------------------------ sync

    def open_sync_dialog(self) -> SyncDialog:
        if self.sync_dialog is not None and self.sync_dialog.isVisible():
            self.sync_dialog.raise_()
            return self.sync_dialog
        self.sync_dialog = SyncDialog(self.sync, self.runner.run, self)
        self.sync_dialog.open()
        return self.sync_dialog

    # ------------------------------------------------------------------ history import

    def open_import_dialog(self, path: Path | None = None) -> ImportDialog:
        """Old dossiers from a CSV file: the file chooser first (unless ``path`` is given), then the check."""
        dialog = ImportDialog(self.context, self.runner.run, self)
        dialog.imported.connect(lambda _count: self.dossiers_changed.emit(""))
        self.import_dialog = dialog
        dialog.open()
        if path is None:
            dialog.choose_file()
        else:
            dialog.load(path)
        return dialog

    # ------------------------------------------------------------------ the citizen's rating

    def _rating(self) -> RatingWindow:
        if self.rating_window is None:

            def record(code: str, rating: str, criteria: Mapping[str, str], comment: str | None) -> object:
                return satisfaction.record(self.context(), code, rating, criteria, comment)

            self.rating_window = RatingWindow(record, self.runner.run)
            self.rating_window.rated.connect(lambda _code: self.sync.refresh())
            self.rating_window.rated.connect(
                lambda code: self.statusBar().showMessage(
                    self.tr("Công dân đã đánh giá hồ sơ %1").replace("%1", code), 10_000
                )
            )
        return self.rating_window

    def open_rating_screen(self) -> None:
        """The rating screen for the citizen (fullscreen on a second screen if there is one); it stays
        open and asks after every return made at this counter."""
        window = self._rating()
        window.kiosk = True
        window.show_for_citizen()

    def offer_rating(self, code: str, applicant_name: str, procedure_name: str) -> None:
        window = self._rating()
        window.ask(code, applicant_name, procedure_name)
        if not window.isVisible():
            window.show_for_citizen()

    def _after_dossier_action(self, code: str) -> None:
        """A result just handed over at the counter: ask the citizen to rate it. A rating screen open on
        its own (second) screen asks at once; otherwise it opens when the hand-over note's preview is
        closed, so the citizen signs first and the preview does not cover the faces."""
        dialog = self.dossier_dialog
        if dialog is None or dialog.code != code or code in self._rating_offered:
            return
        detail = dialog.detail
        last_return = next((e for e in reversed(detail.events) if e.kind == "returned"), None)
        if detail.status is not Status.RETURNED or last_return is None or not last_return.payload.get("at_counter"):
            return
        self._rating_offered.add(code)
        asked = (code, detail.applicant.full_name, detail.procedure_name)
        if self.rating_window is not None and self.rating_window.kiosk and self.rating_window.isVisible():
            self.offer_rating(*asked)
            return
        self._rating_pending = asked  # taken by the hand-over note's preview (show_document), opened next
        QTimer.singleShot(0, self._offer_pending_rating)  # no preview (the note failed to print): ask now

    def _offer_pending_rating(self) -> None:
        pending, self._rating_pending = self._rating_pending, None
        if pending is not None:
            self.offer_rating(*pending)

    # ------------------------------------------------------------------ locking

    def lock(self) -> None:
        """Lock the screen: only the lock page's fields take input, nothing personal is shown, and the
        clerk's service context refuses writes until a password is given again."""
        if self.locked or not self.isVisible():
            # A window hidden or closed (its application-wide filters may still see keys) never locks:
            # its lock would hide every other window of the application, the clerk's own included.
            return
        self.locked = True
        self.gate.close()
        self.clerk_token.drop()  # a locked session never signs: the PIN is asked again after unlocking
        self.idle.stop()
        self.scanner.locked = True
        focus = QApplication.focusWidget()
        self._focus_before_lock = focus if focus is not None and self.isAncestorOf(focus) else None
        if self.rating_window is not None:  # the citizen's screen keeps no name or dossier behind
            self.rating_window.wait_for_next()
            if not self.rating_window.kiosk:
                self.rating_window.hide()
        self.screen_lock.engage()
        self._lock_inputs(True)
        self.statusBar().clearMessage()
        self.pages.setCurrentWidget(self.lock_page)
        self.lock_page.reset(self.user.username)
        self.activateWindow()

    def _lock_inputs(self, locked: bool) -> None:
        """Menus, their shortcuts (F2–F6, Ctrl+L, Ctrl+Q …) and the sync indicator."""
        self.menuBar().setEnabled(not locked)
        if locked:
            self._actions_before_lock = [(a, a.isEnabled()) for a in self.findChildren(QAction)]
            for action, _enabled in self._actions_before_lock:
                action.setEnabled(False)
        else:
            for action, enabled in self._actions_before_lock:
                action.setEnabled(enabled)
            self._actions_before_lock = []
        self.sync_indicator.setEnabled(not locked)

    def _quit_from_lock(self) -> None:
        """Thoát on the lock page: a question the window asks before closing (nothing personal in it)
        may show over the lock page; the windows hidden by the lock stay hidden."""
        self.screen_lock.engaged = False
        if not self.close():
            self.screen_lock.engaged = True

    def unlock(self, user: UserInfo) -> None:
        """The password was given. The same clerk finds the work as it was; another clerk starts from a
        fresh intake form, and the dialogs the first clerk had open are closed."""
        same = user.id == self.user.id
        self._set_user(user)
        self.gate.open()
        self.scanner.locked = False
        self.locked = False
        self._lock_inputs(False)
        self.pages.setCurrentWidget(self.work)
        if not same:
            self.intake.reset()
        self.screen_lock.release(restore=same)
        focus, self._focus_before_lock = self._focus_before_lock, None
        if same and focus is not None:
            with contextlib.suppress(RuntimeError):  # the widget went away meanwhile
                focus.setFocus()
        elif not same:
            self.tabs.setCurrentIndex(0)
            self.intake.picker.search.setFocus()
        self.idle.start()

    def closeEvent(self, event: Any) -> None:
        if self.tabs.isEnabled() and not self.intake.confirm_discard():  # typed data is not lost unasked
            event.ignore()
            return
        self.remember_window()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.scanner)
            app.removeEventFilter(self.idle)
            app.removeEventFilter(self.screen_lock)
        self.board.timer.stop()
        self.sync.stop()
        if self.rating_window is not None:
            self.rating_window.close()
        self.digitiser.ocr.stop()
        self.clerk_token.drop()  # logs out of the clerk's token (on the runner, waited for below)
        self.backups.at_close()  # the end of the day's backup, on the runner too
        self.runner.wait()
        super().closeEvent(event)
