"""The clerk's USB token certifying the copies at the counter (issue 13, item 4), driven like a clerk:
key events on a real SoftHSM2 token over PKCS#11, the real SANE `test` scanner, a real counter
database; the stored copy checked with pyHanko's validator and poppler's pdfsig."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.certify.errors import TokenRefused, TokenUnavailable
from counter_app.certify.verify import signatures
from counter_app.services import dossiers, papers
from counter_app.services.context import Context
from counter_app.ui.errors import describe
from counter_app.ui.main_window import MainWindow
from counter_app.ui.token_session import PinDialog
from tests.conftest import ADMIN_PASSWORD
from tests.gui.helpers import Keyboard
from tests.gui.test_digitise_gui import CTRL, checklist, choose_three_papers, panel_of, rows
from tests.pki import CLERK_NAME, Pki, nss_trusting, pdfsig
from tests.softhsm import SoftToken, process_token, softhsm_available

pytestmark = pytest.mark.gui

OFFICE_NOTICE = "Bản sao được ký bằng khóa của cơ quan (không có chữ ký số của công chức)"
WRONG_PIN = "999999"


@pytest.fixture(scope="session")
def pki_and_token(tmp_path_factory: pytest.TempPathFactory) -> tuple[Pki, SoftToken]:
    if not softhsm_available():
        pytest.skip("SoftHSM2 and opensc (pkcs11-tool) are not installed")
    return process_token(tmp_path_factory.mktemp("token-gui"))


@pytest.fixture
def sane_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = tmp_path / "sane"
    config.mkdir()
    (config / "dll.conf").write_text("test\n", encoding="utf-8")
    (config / "test.conf").write_text("number_of_devices 1\n", encoding="utf-8")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(config))
    monkeypatch.delenv("COUNTER_APP_PKCS11_LIB", raising=False)
    return config


@pytest.fixture
def token(pki_and_token: tuple[Pki, SoftToken]) -> SoftToken:
    return pki_and_token[1]


def set_up_token(window: MainWindow, keyboard: Keyboard, qtbot: QtBot, token: SoftToken) -> None:
    """The settings dialog, typed into: the token's library and label."""
    window.settings.update(scan_device="test:0")
    dialog = window.open_settings()
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    keyboard.type_into(dialog.token_library, token.module)
    keyboard.type_into(dialog.token_label, token.label)
    dialog.save()
    assert not dialog.isVisible(), dialog.error.text()
    saved = window.settings.load()
    assert (saved.token_library, saved.token_label) == (token.module, token.label)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.intake.picker.search.setFocus()


def scan_one_and_accept(window: MainWindow, keyboard: Keyboard, qtbot: QtBot) -> None:
    """The first paper scanned (Ctrl+D, one page, Enter), then Accept."""
    choose_three_papers(window, keyboard)
    keyboard.press(Qt.Key.Key_D, CTRL)
    panel = panel_of(window)
    qtbot.waitUntil(lambda: panel.strip.page_count == 1, timeout=20_000)
    qtbot.waitUntil(panel.isActiveWindow, timeout=2000)
    keyboard.enter()
    assert checklist(window).panel is None
    assert rows(window)[0].endswith("— đã số hóa (1 trang)")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.intake.papers, timeout=2000)
    window.intake.accept_button.setFocus()
    keyboard.enter()  # Accept


def pin_dialog(window: MainWindow, qtbot: QtBot) -> PinDialog:
    dialog = window.clerk_token.dialog
    assert dialog is not None, window.intake.message.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.pin, timeout=2000)
    assert dialog.pin.echoMode() is dialog.pin.EchoMode.Password  # masked
    return dialog


def print_receipt(window: MainWindow, keyboard: Keyboard, qtbot: QtBot) -> str:
    qtbot.waitUntil(lambda: window.preview is not None and window.preview.isVisible(), timeout=20_000)
    assert window.preview is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.preview.print_button, timeout=2000)
    keyboard.enter()  # Print; the form is emptied for the next citizen
    preview = window.preview
    qtbot.waitUntil(lambda: not preview.isVisible(), timeout=5000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.intake.picker.search.setFocus()
    return dossiers.search(window.context(), "001190123456")[0].code


def test_the_clerks_token_certifies_the_copy_after_one_wrong_pin(
    window: MainWindow,
    keyboard: Keyboard,
    qtbot: QtBot,
    ctx: Context,
    sane_test: Path,
    pki_and_token: tuple[Pki, SoftToken],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    pki, token = pki_and_token
    set_up_token(window, keyboard, qtbot, token)
    assert window.intake.certifier.text() == "Chứng thực bằng: USB ký số (hỏi mã PIN ở bản sao đầu tiên)"
    scan_one_and_accept(window, keyboard, qtbot)
    dialog = pin_dialog(window, qtbot)
    keyboard.type(WRONG_PIN)
    keyboard.enter()
    assert dialog.isVisible()  # asked again
    assert dialog.error.text() == describe(TokenRefused("certify.pin_wrong", label=token.label))
    assert dialog.pin.text() == ""
    assert dossiers.search(ctx, "001190123456") == []  # nothing taken in yet
    keyboard.type(token.pin)
    keyboard.enter()
    assert window.clerk_token.dialog is None
    code = print_receipt(window, keyboard, qtbot)
    assert window.intake.certifier.text() == f"Chứng thực bằng: {CLERK_NAME}"

    [copy] = papers.list_copies(ctx, code)
    assert (copy.signer_kind, copy.signed_by) == ("token", CLERK_NAME)
    pdf = copy.path.read_bytes()
    [info] = signatures(pdf, [pki.ca_pem.read_bytes()])
    assert (info.signer, info.kind, info.trusted, info.intact) == (CLERK_NAME, "token", True, True)
    if shutil.which("pdfsig") and shutil.which("certutil"):
        (tmp_path / "nss").mkdir()
        report = pdfsig(pdf, nss_trusting(pki.ca_pem, tmp_path / "nss"), tmp_path / "check")
        assert "Signature is Valid." in report, report
        assert f"Common Name: {CLERK_NAME}" in report

    # the PIN is kept nowhere: not in the settings file, not in the log
    settings_file = (window.data_dir / "ui.ini").read_text(encoding="utf-8")
    assert token.module in settings_file
    assert token.pin not in settings_file and WRONG_PIN not in settings_file
    assert token.pin not in caplog.text and WRONG_PIN not in caplog.text


def test_esc_certifies_this_intake_with_the_office_key_and_says_so(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context, sane_test: Path, token: SoftToken
) -> None:
    set_up_token(window, keyboard, qtbot, token)
    scan_one_and_accept(window, keyboard, qtbot)
    pin_dialog(window, qtbot)
    keyboard.press(Qt.Key.Key_Escape)
    assert window.clerk_token.dialog is None
    assert window.intake.message.text().startswith(OFFICE_NOTICE)
    assert window.intake.certifier.text() == "Chứng thực bằng: khóa của cơ quan"
    code = print_receipt(window, keyboard, qtbot)
    [copy] = papers.list_copies(ctx, code)
    assert copy.signer_kind == "office"
    [info] = signatures(copy.path.read_bytes())
    assert info.kind == "office"


def test_the_lock_screen_closes_the_token_and_unlocking_asks_the_pin_again(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context, sane_test: Path, token: SoftToken
) -> None:
    set_up_token(window, keyboard, qtbot, token)
    scan_one_and_accept(window, keyboard, qtbot)
    pin_dialog(window, qtbot)
    keyboard.type(token.pin)
    keyboard.enter()
    print_receipt(window, keyboard, qtbot)
    signer = window.clerk_token.signer
    assert signer is not None and signer.kind == "token"

    keyboard.press(Qt.Key.Key_L, CTRL)  # lock
    assert window.locked
    assert window.clerk_token.signer is None
    with pytest.raises(TokenUnavailable):  # closed: a locked session signs nothing
        signer.sign(b"%PDF-1.7", reason="x", location="y")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.lock_page.password, timeout=2000)
    keyboard.type(ADMIN_PASSWORD)
    keyboard.enter()
    assert not window.locked

    scan_one_and_accept(window, keyboard, qtbot)  # the same citizen again, another dossier
    pin_dialog(window, qtbot)  # asked again
    keyboard.type(token.pin)
    keyboard.enter()
    print_receipt(window, keyboard, qtbot)
    assert window.clerk_token.signer is not None and window.clerk_token.signer is not signer


def test_a_token_session_gone_mid_session_is_one_sentence_then_the_pin_is_asked_again(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context, sane_test: Path, token: SoftToken
) -> None:
    set_up_token(window, keyboard, qtbot, token)
    scan_one_and_accept(window, keyboard, qtbot)
    pin_dialog(window, qtbot)
    keyboard.type(token.pin)
    keyboard.enter()
    print_receipt(window, keyboard, qtbot)
    signer = window.clerk_token.signer
    assert signer is not None
    signer.close()  # type: ignore[attr-defined]  # its session ends under the counter (token pulled out)

    scan_one_and_accept(window, keyboard, qtbot)
    said = describe(TokenUnavailable("certify.token_closed", label=token.label))
    assert window.intake.message.text() == said  # one sentence; nothing taken in
    assert len(dossiers.search(ctx, "001190123456")) == 1
    assert window.clerk_token.signer is None
    window.intake.accept_button.setFocus()
    keyboard.enter()  # Accept again: the PIN is asked, saying why
    dialog = pin_dialog(window, qtbot)
    assert dialog.error.text() == said
    keyboard.type(token.pin)
    keyboard.enter()
    code = print_receipt(window, keyboard, qtbot)
    assert [c.signer_kind for c in papers.list_copies(ctx, code)] == ["token"]


def test_a_token_library_that_does_not_exist_is_refused(window: MainWindow, keyboard: Keyboard, tmp_path: Path) -> None:
    dialog = window.open_settings()
    missing = str(tmp_path / "vnptca_p11_v8.dll")
    keyboard.type_into(dialog.token_library, missing)
    dialog.save()
    assert dialog.isVisible()
    assert dialog.error.text().startswith(f"Không có tệp {missing}: nhập đường dẫn thư viện PKCS#11")
    assert window.settings.load().token_library == ""
    assert "System32" in dialog.token_library.placeholderText()  # where the DLLs usually are
    dialog.reject()


def test_without_a_token_the_office_key_certifies_and_nothing_is_asked(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context, sane_test: Path
) -> None:
    window.settings.update(scan_device="test:0")
    assert window.intake.certifier.text() == "Chứng thực bằng: khóa của cơ quan"
    scan_one_and_accept(window, keyboard, qtbot)
    assert window.clerk_token.dialog is None
    code = print_receipt(window, keyboard, qtbot)
    assert [c.signer_kind for c in papers.list_copies(ctx, code)] == ["office"]


def test_esc_while_a_slow_log_in_runs_certifies_once_with_the_office_key(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context, sane_test: Path, token: SoftToken
) -> None:
    set_up_token(window, keyboard, qtbot, token)
    window.runner.synchronous = False  # the log-in runs on a worker thread, as at the counter
    scan_one_and_accept(window, keyboard, qtbot)
    dialog = pin_dialog(window, qtbot)
    keyboard.type(token.pin)
    keyboard.enter()  # the log-in starts...
    assert dialog.busy
    keyboard.press(Qt.Key.Key_Escape)  # ...and the clerk gives up before it answers
    code = print_receipt(window, keyboard, qtbot)
    assert window.runner.wait()
    qtbot.wait(100)  # the log-in's answer arrives: thrown away, nothing certified twice
    assert window.clerk_token.signer is None
    assert len(dossiers.search(ctx, "001190123456")) == 1
    assert [c.signer_kind for c in papers.list_copies(ctx, code)] == ["office"]


def test_another_token_in_the_settings_drops_the_open_signer(
    window: MainWindow, keyboard: Keyboard, qtbot: QtBot, ctx: Context, sane_test: Path, token: SoftToken
) -> None:
    set_up_token(window, keyboard, qtbot, token)
    scan_one_and_accept(window, keyboard, qtbot)
    pin_dialog(window, qtbot)
    keyboard.type(token.pin)
    keyboard.enter()
    print_receipt(window, keyboard, qtbot)
    assert window.clerk_token.signer is not None
    dialog = window.open_settings()
    dialog.token_label.clear()
    keyboard.type_into(dialog.token_label, token.empty_label)
    dialog.save()
    assert window.clerk_token.signer is None  # the next copy logs in to the token now named
    assert window.intake.certifier.text() == "Chứng thực bằng: USB ký số (hỏi mã PIN ở bản sao đầu tiên)"
