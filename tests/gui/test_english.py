"""The English UI shows no Vietnamese: every tab, menu, list, status line, dialog and Qt's own buttons.

The counter runs on ASCII data here (office, clerk, procedures and citizens written without marks), so
any Vietnamese letter left on screen comes from the program: an untranslated string, a message in the
wrong language, a raw Vietnamese label.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox, QWidget

from counter_app import messages
from counter_app.domain.applicant import make_applicant
from counter_app.domain.errors import DomainError
from counter_app.domain.values import Role
from counter_app.services import (
    catalogue,
    document_numbers,
    documents,
    dossiers,
    intake,
    lifecycle,
    office,
    postal,
    users,
)
from counter_app.services.context import Actor, Context
from counter_app.services.database import open_database
from counter_app.services.users import UserInfo
from counter_app.ui import i18n
from counter_app.ui.dossier_dialog import DossierDialog
from counter_app.ui.errors import describe, show_error
from counter_app.ui.login import ChangePasswordDialog, LoginDialog
from counter_app.ui.main_window import MainWindow
from counter_app.ui.settings_store import SettingsStore
from counter_app.ui.tasks import TaskRunner
from counter_app.ui.wizard import SetupWizard
from tests.conftest import ADMIN_PASSWORD, OFFICE_CODE, FakeClock
from tests.gui.english import ascii_catalogue, is_vietnamese, modal_vietnamese, texts, vietnamese_texts

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]

CONTRACT = "2.001035"  # 2 working days, no result by post
MARRIAGE_STATUS = "1.004873"  # 3 working days, result by post allowed


@pytest.fixture
def english(qtbot: QtBot) -> Iterator[QApplication]:
    """The English catalogue installed as the settings would at start, removed afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.install(app, "en")
    try:
        yield app
    finally:
        i18n.install(app, "vi")


@pytest.fixture
def ascii_ctx(tmp_path: Path, clock: FakeClock) -> Iterator[Context]:
    """A counter whose office, admin, catalogue and citizens are written in ASCII."""
    procedures, agencies = ascii_catalogue(tmp_path / "catalogue")
    db = open_database(tmp_path / "data", create=True)
    setup = Context(db, Actor(None, "admin", "cli"), clock)
    office.initialize(
        setup,
        office.InitRequest(
            office_code=OFFICE_CODE,
            office_name="UBND xa Tan Lap",
            parent_name="UBND TINH PHU THO",
            workstation=2,
            admin_password=ADMIN_PASSWORD,
            procedures_file=procedures,
            agencies_file=agencies,
        ),
    )
    admin = users.find_user(setup, "admin")
    ctx = Context(db, Actor(admin.id, admin.username, "cli"), clock)
    users.update_user(ctx, "admin", full_name="Administrator")
    # the letters' signer is office data too (its default is the Vietnamese "TM. ỦY BAN NHÂN DÂN")
    document_numbers.update_settings(ctx, capacity="TM", authority="UY BAN NHAN DAN", title="CHU TICH")
    users.create_user(ctx, "leader", "Le Van Lanh Dao", Role.LEADER, "mat-khau-lanh-dao")
    yield ctx
    db.close()


def vn(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC) - timedelta(hours=7)


def take(ctx: Context, procedure: str = CONTRACT, *, when: datetime | None = None, by_post: bool = False) -> str:
    applicant = make_applicant("Nguyen Van Duc", id_number="001090123456", phone="0912345678", address="Thon Dong")
    request = intake.IntakeRequest(
        procedure, applicant, received_at=when, return_by_post=by_post, postal_address="Thon Dong, xa Tan Lap"
    )
    return intake.accept(ctx, request).dossier.code


def dossiers_in_every_state(ctx: Context) -> list[str]:
    codes = [take(ctx)]  # received, due in two days
    late = take(ctx, when=vn(2025, 11, 13))  # overdue since Monday
    codes.append(late)
    ready = take(ctx)
    lifecycle.record_result(ctx, ready)
    codes.append(ready)
    returned = take(ctx)
    lifecycle.record_result(ctx, returned)
    lifecycle.return_result(ctx, returned, "Nguyen Van Duc", "001090123456")
    codes.append(returned)
    waiting = take(ctx)
    lifecycle.request_supplement(ctx, waiting, (1,), "Thieu ban sao")
    codes.append(waiting)
    withdrawn = take(ctx)
    lifecycle.withdraw(ctx, withdrawn, "Cong dan xin rut", on_request=True, request_ref="Don so 1")
    codes.append(withdrawn)
    stopped = take(ctx)
    lifecycle.stop(ctx, stopped, "Khong du dieu kien")
    codes.append(stopped)
    by_post = take(ctx, MARRIAGE_STATUS, by_post=True)
    lifecycle.record_result(ctx, by_post)
    codes.append(by_post)
    posted = take(ctx, MARRIAGE_STATUS, by_post=True)
    lifecycle.record_result(ctx, posted)
    postal.add_result(ctx, posted, "EA123456785VN", 25000)
    codes.append(posted)
    refused = intake.refuse(
        ctx, intake.IntakeRequest(CONTRACT, make_applicant("Tran Thi Hoa", phone="0912345678")), "Sai tham quyen"
    )
    codes.append(refused.dossier.code)
    return codes


@pytest.fixture
def english_window(english: QApplication, qtbot: QtBot, ascii_ctx: Context) -> Iterator[MainWindow]:
    runner = TaskRunner()
    runner.synchronous = True
    data_dir = ascii_ctx.db.path.parent
    main = MainWindow(
        ascii_ctx,
        office.get_office(ascii_ctx),
        users.find_user(ascii_ctx, "admin"),
        SettingsStore(data_dir),
        data_dir,
        runner,
    )
    # Not qtbot.addWidget (its teardown would close before the form is emptied): closing asks first
    # when the intake form holds typed data, as tests/gui/conftest.py's window fixture explains.
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.intake.reset()
    main.close()


def assert_english(*roots: QWidget) -> None:
    found = vietnamese_texts(roots)
    assert not found, "Vietnamese in the English UI:\n" + "\n".join(f"  {w}: {t!r}" for w, t in found)


def open_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


# Vietnamese literals the UI may hold outside tr(): the language's own name, the đồng sign in the
# Vietnamese money format and in what the postage field accepts.
ALLOWED_LITERALS = {"Tiếng Việt", " đ", "đ"}


def test_no_vietnamese_string_in_the_ui_code_escapes_translation() -> None:
    """Every Vietnamese string literal in counter_app/ui is inside tr(), translate() or
    QT_TRANSLATE_NOOP() (or a docstring): a plain one would show untranslated in English."""
    found = []
    for path in sorted((ROOT / "counter_app" / "ui").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        marked: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                if name in ("tr", "translate", "QT_TRANSLATE_NOOP"):
                    marked.update(id(a) for a in node.args)
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
                marked.add(id(body[0].value))  # a docstring
        for node in ast.walk(tree):
            literal = isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in marked
            if literal and is_vietnamese(node.value) and node.value not in ALLOWED_LITERALS:
                found.append(f"{path.name}:{node.lineno}: {node.value[:60]!r}")
    assert not found, found


def test_the_checker_sees_vietnamese_and_passes_english() -> None:
    assert is_vietnamese("Rất hài lòn")
    assert is_vietnamese("đ")
    assert is_vietnamese("Hủy")
    assert not is_vietnamese("Cancel — 12/11/2025 · Biểu 06")
    assert not is_vietnamese("Nguyen Van Duc")


def test_every_tab_and_menu_of_the_main_window_is_english(english_window: MainWindow, ascii_ctx: Context) -> None:
    window = english_window
    dossiers_in_every_state(ascii_ctx)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        assert_english(window)
    window.list.refresh()
    window.board.refresh()
    window.postal.refresh()
    assert window.list.model.rowCount() >= 10
    assert_english(window)
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        assert menu is not None
        assert_english(menu)


def test_every_dossier_dialog_and_action_form_is_english(
    english_window: MainWindow, ascii_ctx: Context, qtbot: QtBot
) -> None:
    window = english_window
    for code in dossiers_in_every_state(ascii_ctx):
        window.open_dossier_id(dossiers.find_by_code(ascii_ctx, code).id)
        dialog = window.dossier_dialog
        assert isinstance(dialog, DossierDialog)
        assert_english(dialog)
        for key in list(dialog.buttons):
            if key == "routing_slip":
                continue  # prints: its preview is checked below
            dialog.buttons[key].click()
            if dialog.form is not None:
                assert_english(dialog.form)
                dialog.form.reject()
        dialog.close()


def test_messages_previews_and_scans_are_english(english_window: MainWindow, ascii_ctx: Context, qtbot: QtBot) -> None:
    window = english_window
    left_by_others = {id(w) for w in open_windows() if w is not window}  # windows of earlier tests
    # an error the clerk meets at intake: nothing filled in, accept pressed
    window.intake.accept_button.click()
    assert_english(window)
    # a dossier taken in through the form: the receipt preview and the status line
    code = take(ascii_ctx)
    window.reprint("receipt", code)
    assert window.preview is not None
    assert_english(window.preview, window)
    window.preview.reject()
    # a receipt QR of a dossier this PC does not know
    window.on_receipt_scan("not a receipt")
    assert_english(window)
    # the sync dialog, not enrolled
    assert_english(window.open_sync_dialog())
    window.sync_dialog.close()  # type: ignore[union-attr]
    # the rating screen asking the citizen
    window.offer_rating(code, "Nguyen Van Duc", "Chung thuc hop dong")
    assert window.rating_window is not None
    assert_english(window.rating_window)
    window.rating_window.close()
    # every window left open (message boxes included) and its standard buttons
    assert_english(*(w for w in open_windows() if id(w) not in left_by_others))


def test_modal_questions_and_errors_are_english(
    english_window: MainWindow, ascii_ctx: Context, qtbot: QtBot, tmp_path: Path
) -> None:
    window = english_window
    view = window.intake
    view.choose_procedure(catalogue.get_procedure(ascii_ctx, CONTRACT))
    view.name.setText("Nguyen Van Duc")
    view.id_number.setText("12")  # not 12 digits
    view.accept_button.click()
    assert view.message.text()
    assert_english(window)
    view.id_number.setText("001090123456")
    view.phone.setText("0912345678")
    view.refuse_dossier()  # the refusal reason is asked in its own (window-modal) dialog
    refusal = view.refusal_dialog
    assert refusal is not None and refusal.isVisible()
    assert_english(refusal)
    refusal.reject()
    found, seen = modal_vietnamese(lambda: show_error(window, DomainError("storage.busy")))
    assert seen and not found, found
    bad = tmp_path / "old.csv"
    bad.write_text("code;procedure_code;applicant_name\n;9.999999;Nguyen Van A\n", encoding="utf-8")
    dialog = window.open_import_dialog(bad)  # refused: required columns missing (the runner is synchronous)
    assert_english(dialog)
    dialog.close()


def test_the_lock_the_wizard_and_the_password_dialog_are_english(
    english_window: MainWindow, ascii_ctx: Context, qtbot: QtBot
) -> None:
    window = english_window
    window.lock()
    page = window.lock_page  # the lock replaces the work in the window (its own page, not a dialog)
    page.password.setText("wrong password")
    page.try_unlock()
    assert page.message.text()
    assert_english(window)

    def refuse(_name: str, _password: str) -> UserInfo:
        raise DomainError("user.bad_credentials")

    dialog = LoginDialog(refuse, "Xa Tan Lap")  # the sign-in at start
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.password.setText("wrong password")
    dialog.try_login()
    assert_english(dialog)
    change = ChangePasswordDialog(lambda _new: None, window)
    qtbot.addWidget(change)
    change.try_change()  # empty: refused with a sentence
    assert_english(change)
    wizard = SetupWizard(lambda _request: None, ["PDF"])  # type: ignore[arg-type, return-value]
    qtbot.addWidget(wizard)
    wizard.show()
    for _ in range(len(wizard.pageIds())):
        assert_english(wizard)
        wizard.next()


def test_errors_from_the_services_are_english(english: QApplication, ascii_ctx: Context) -> None:
    """The language chosen in the settings is the language of the services' sentences too, the
    phrases put into them included."""
    assert messages.language() == "en"
    assert messages.message("user.bad_credentials") == "Wrong user name or password"
    assert messages.status_label("received") == "Received"
    code = take(ascii_ctx)
    for make in (documents.refusal_slip, documents.apology_letter, documents.handover_note, documents.stop_notice):
        with pytest.raises(DomainError) as refused:
            make(ascii_ctx, code)
        sentence = describe(refused.value)
        assert sentence.startswith(f"Dossier {code} has no "), sentence
        assert not is_vietnamese(sentence), sentence


def test_qt_standard_buttons_are_english_and_vietnamese(english: QApplication, qtbot: QtBot) -> None:
    box = QMessageBox(QMessageBox.Icon.Question, "Title", "Text")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "Cancel"
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.install(app, "vi")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Hủy"
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "Đồng ý"
    edit = QLineEdit()
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    assert menu is not None
    assert "&Dán" in [a.text().split("\t")[0] for a in menu.actions()]


def test_the_accounts_register_and_settings_screens_are_english(english_window: MainWindow, ascii_ctx: Context) -> None:
    window = english_window
    codes = dossiers_in_every_state(ascii_ctx)
    accounts = window.open_accounts()
    assert accounts is not None
    accounts.table.selectRow(0)
    accounts.reset_button.click()  # a sentence with the new one-time password
    assert_english(accounts)
    accounts.start_new()
    accounts.save()  # refused: no user name
    assert accounts.message.text()
    assert_english(accounts)
    register = window.open_register()
    assert register.table.rowCount() == len(codes) - 1  # the refused application is in no register
    assert_english(register)
    assert_english(window.open_settings())
    window.tabs.setCurrentWidget(window.postal)
    assert window.postal.waiting.rowCount() == 1
    assert_english(window)
    window.postal.close_out_button.click()  # the hand-over form, then the record and the closed batch
    form = window.postal.close_form
    assert form is not None
    assert_english(form)
    form.clerk.setText("Nguyen Thi Lan")  # the admin has no real name to prefill
    form.postal_name.setText("Pham Buu Ta")
    form.ok_button.click()
    assert window.preview is not None
    assert_english(window.preview, window)
    window.preview.reject()


def test_switching_a_vietnamese_window_to_english_leaves_no_vietnamese(qtbot: QtBot, ascii_ctx: Context) -> None:
    """Built in Vietnamese, switched from the menu: everything on screen is English at once."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.install(app, "vi")
    codes = dossiers_in_every_state(ascii_ctx)
    runner = TaskRunner()
    runner.synchronous = True
    data_dir = ascii_ctx.db.path.parent
    window = MainWindow(
        ascii_ctx,
        office.get_office(ascii_ctx),
        users.find_user(ascii_ctx, "admin"),
        SettingsStore(data_dir),
        data_dir,
        runner,
    )
    window.show()  # not qtbot.addWidget: the form is emptied before the window is closed (see english_window)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
    window.tabs.setCurrentIndex(0)
    window.intake.choose_procedure(catalogue.get_procedure(ascii_ctx, CONTRACT))
    window.open_dossier_id(dossiers.find_by_code(ascii_ctx, codes[0]).id)
    assert window.dossier_dialog is not None
    settings = window.open_settings()
    assert vietnamese_texts([window]), "the window starts in Vietnamese"
    settings.language.setCurrentIndex(settings.language.findData("en"))
    settings.save()
    assert messages.language() == "en"
    assert window.statusBar().currentMessage() == "Language changed."
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        assert_english(window)
    assert_english(window.dossier_dialog)
    window.intake.reset()
    window.close()


def test_our_vietnamese_qt_catalogue_translates_strings_qt_really_has() -> None:
    """qtbase_vi.ts is written by hand: a source string Qt does not use would silently stay English.
    Qt's German catalogue (in the wheel) knows every string of those dialogs, so each of ours must be
    one of its strings, under the same context."""
    german = QTranslator()
    shipped = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / "qtbase_de.qm"
    assert german.load(str(shipped))
    tree = ElementTree.parse(ROOT / "resources" / "translations" / "qtbase_vi.ts")
    unknown = [
        (context.findtext("name"), message.findtext("source"))
        for context in tree.getroot().iter("context")
        for message in context.iter("message")
        if not german.translate(context.findtext("name") or "", message.findtext("source") or "")
    ]
    assert not unknown, unknown
    assert len(list(tree.getroot().iter("message"))) >= 100


def test_qt_file_dialog_speaks_vietnamese(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.install(app, "vi")
    dialog = QFileDialog(None, "Lưu", "", "PDF (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    shown = {t for _where, t in texts(dialog)}
    assert {"&Lưu", "Hủy", "&Tìm trong:", "&Tên tệp:"} <= shown, shown


def test_english_and_back_gives_every_vietnamese_word_back(qtbot: QtBot, ascii_ctx: Context) -> None:
    """Vietnamese → English → Vietnamese while running: each text is again the one it was built with
    (two Vietnamese words sharing one English word, "Clerk", must not come back as the other)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.install(app, "vi")
    dossiers_in_every_state(ascii_ctx)
    runner = TaskRunner()
    runner.synchronous = True
    data_dir = ascii_ctx.db.path.parent
    admin = users.find_user(ascii_ctx, "admin")
    window = MainWindow(ascii_ctx, office.get_office(ascii_ctx), admin, SettingsStore(data_dir), data_dir, runner)
    qtbot.addWidget(window)
    window.show()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
    window.postal.pages.setCurrentIndex(2)

    def shown() -> list[tuple[str, str]]:
        return sorted((where, text) for where, text in texts(window) if where != "QStatusBar")

    before = shown()
    window.set_language("en")
    assert shown() != before
    window.set_language("vi")
    after = shown()
    came_back_different = [t for t in after if t not in before]
    assert came_back_different == [], came_back_different
    assert [t for t in before if t not in after] == []
    window.close()


def test_the_scan_panel_the_checklist_and_the_copies_are_english(
    english_window: MainWindow, ascii_ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Digitisation (issue 13): the scan panel, the checklist's marks and the dossier's copies."""
    sane = tmp_path / "sane"
    sane.mkdir()
    (sane / "dll.conf").write_text("test\n", encoding="utf-8")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(sane))
    page = tmp_path / "page.png"
    Image.new("L", (600, 840), 255).save(page, dpi=(150, 150))  # blank: marked so in English too
    view = english_window.intake
    view.choose_procedure(next(p for p in catalogue.list_procedures(ascii_ctx) if p.components))
    assert view.checklist is not None
    panel = view.checklist.digitise(scan_now=False)
    assert panel is not None
    panel.add_files([page])
    assert panel.strip.page_count == 1
    assert_english(panel)
    panel.finish()
    assert view.papers.item(0).text().endswith(" — digitised (1 page(s))")
    assert_english(view)
    view.name.setText("Nguyen Van An")
    view.accept_dossier()
    assert english_window.preview is not None
    english_window.preview.close()
    code = dossiers.search(ascii_ctx, "Nguyen Van An")[0].code
    english_window.open_dossier_code(code)
    assert english_window.dossier_dialog is not None
    assert english_window.dossier_dialog.copies is not None
    assert english_window.dossier_dialog.copies.table.rowCount() == 1
    assert_english(english_window.dossier_dialog)
    english_window.dossier_dialog.close()
