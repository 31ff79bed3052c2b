"""The clerk's token: what a clerk meets at log-in (wrong PIN, no token, an empty token...) as one
Vietnamese sentence each, and one login kept for many signatures."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pkcs11 import TokenFlag
from pkcs11 import exceptions as p11e

from counter_app import messages
from counter_app.certify import token as token_module
from counter_app.certify.signers import TokenRefused, TokenUnavailable, certification_reason, token_signer
from counter_app.certify.token import TokenSigner
from counter_app.certify.verify import signatures
from counter_app.domain.errors import DomainError, InvalidInput
from tests.pki import CLERK_NAME
from tests.softhsm import KEY_LABEL, SoftToken


def vi(error: DomainError) -> str:
    return messages.message(error.code, error.params, "vi")


def test_wrong_pin_is_refused_in_vietnamese_and_the_right_one_still_works(soft_token: SoftToken) -> None:
    with pytest.raises(TokenRefused) as caught:
        token_signer(soft_token.module, token_label=soft_token.label, pin="000000")
    assert caught.value.code == "certify.pin_wrong"
    assert vi(caught.value) == (
        "Mã PIN của USB ký số 'clerk' không đúng: hãy nhập lại (nhập sai nhiều lần token sẽ bị khóa)"
    )
    with token_signer(soft_token.module, token_label=soft_token.label, pin=soft_token.pin) as signer:
        assert signer.name == CLERK_NAME


def test_an_empty_pin_is_asked_for(soft_token: SoftToken) -> None:
    with pytest.raises(InvalidInput) as caught:
        token_signer(soft_token.module, token_label=soft_token.label, pin="")
    assert vi(caught.value) == "Cần nhập mã PIN của USB ký số"


def test_no_token_with_that_label(soft_token: SoftToken) -> None:
    with pytest.raises(TokenUnavailable) as caught:
        token_signer(soft_token.module, token_label="VNPT-CA 0123", pin=soft_token.pin)
    assert caught.value.code == "certify.no_token_label"
    assert vi(caught.value).startswith("Không thấy USB ký số có nhãn 'VNPT-CA 0123'")


def test_two_tokens_and_no_label_asks_which(soft_token: SoftToken) -> None:
    with pytest.raises(TokenRefused) as caught:
        token_signer(soft_token.module, token_label=None, pin=soft_token.pin)
    assert caught.value.code == "certify.many_tokens"
    assert "clerk, empty" in vi(caught.value)


def test_a_token_with_no_key(soft_token: SoftToken) -> None:
    with pytest.raises(TokenUnavailable) as caught:
        token_signer(soft_token.module, token_label=soft_token.empty_label, pin=soft_token.pin)
    assert caught.value.code == "certify.no_key"
    assert vi(caught.value) == "USB ký số 'empty' không có khóa ký số nào"


def test_a_key_label_that_is_not_there(soft_token: SoftToken) -> None:
    with pytest.raises(TokenUnavailable) as caught:
        token_signer(soft_token.module, token_label=soft_token.label, pin=soft_token.pin, key_label="khac")
    assert caught.value.code == "certify.no_key_label"
    with token_signer(soft_token.module, token_label=soft_token.label, pin=soft_token.pin, key_label=KEY_LABEL) as s:
        assert s.name == CLERK_NAME


def test_no_library_and_a_file_that_is_not_a_library(tmp_path: Path) -> None:
    missing = tmp_path / "vnpt-ca" / "vnptca_p11_v8.dll"
    with pytest.raises(TokenUnavailable) as caught:
        token_signer(str(missing), token_label=None, pin="123456")
    assert caught.value.code == "certify.library_missing"
    assert vi(caught.value).startswith("Không tìm thấy thư viện PKCS#11 của USB ký số")
    not_library = tmp_path / "notes.txt"
    not_library.write_text("không phải thư viện", encoding="utf-8")
    with pytest.raises(TokenUnavailable) as caught:
        token_signer(str(not_library), token_label=None, pin="123456")
    assert caught.value.code == "certify.library_failed"


def test_a_closed_session_refuses_to_sign(soft_token: SoftToken, one_page: bytes) -> None:
    signer = token_signer(soft_token.module, token_label=soft_token.label, pin=soft_token.pin)
    signer.close()
    signer.close()  # idempotent
    with pytest.raises(TokenUnavailable) as caught:
        signer.sign(one_page, reason=certification_reason("token"), location="UBND xã Tân Lập")
    assert caught.value.code == "certify.token_closed"


def test_one_login_signs_many_copies(soft_token: SoftToken, one_page: bytes) -> None:
    with token_signer(soft_token.module, token_label=soft_token.label, pin=soft_token.pin) as signer:
        copies = [signer.sign(one_page, reason=certification_reason("token"), location="x") for _ in range(3)]
    assert all(signatures(c)[0].intact for c in copies)
    assert len(set(copies)) == 3  # each its own signature (own signing time and CMS)


class _LockedToken:
    """A PKCS#11 token standing in for a hardware token whose PIN retry counter ran out: SoftHSM2 has
    no retry counter, so it never reports CKR_PIN_LOCKED or the lock flag itself."""

    label = "VNPT-CA"
    serial = b"0123456789"

    def __init__(self, flags: int, error: Exception | None) -> None:
        self.flags = flags
        self._error = error
        self.slot = self

    def get_token(self) -> _LockedToken:
        return _LockedToken(self.flags | TokenFlag.USER_PIN_FINAL_TRY, None)

    def open(self, user_pin: str) -> None:
        if self._error is not None:
            raise self._error


@pytest.mark.parametrize(
    ("flags", "error", "code"),
    [
        (TokenFlag.TOKEN_INITIALIZED, p11e.PinLocked(), "certify.pin_locked"),
        (TokenFlag.TOKEN_INITIALIZED | TokenFlag.USER_PIN_LOCKED, None, "certify.pin_locked"),
        (TokenFlag.TOKEN_INITIALIZED, p11e.PinIncorrect(), "certify.pin_wrong_final"),
        (TokenFlag.TOKEN_INITIALIZED, p11e.PinExpired(), "certify.pin_expired"),
        (TokenFlag.TOKEN_INITIALIZED, p11e.TokenNotPresent(), "certify.no_token"),
    ],
)
def test_locked_and_last_try_pins_are_told_apart(flags: int, error: Exception | None, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        token_module._login(_LockedToken(flags, error), "123456")
    assert caught.value.code == code
    assert vi(caught.value)
    if code == "certify.pin_locked":
        assert "đã bị khóa" in vi(caught.value)


def test_a_second_signer_on_a_logged_in_token_still_needs_the_right_pin(soft_token: SoftToken, one_page: bytes) -> None:
    # PKCS#11 logs in per process: the token alone would let any PIN through while a session is open.
    first = token_signer(soft_token.module, token_label=soft_token.label, pin=soft_token.pin)
    try:
        with pytest.raises(TokenRefused) as caught:
            token_signer(soft_token.module, token_label=soft_token.label, pin="654321")
        assert caught.value.code == "certify.pin_wrong"
        second = token_signer(soft_token.module, token_label=soft_token.label, pin=soft_token.pin)
    finally:
        first.close()
    with second:  # the login lives on while one signer holds it
        signed = second.sign(one_page, reason=certification_reason("token"), location="x")
    assert signatures(signed)[0].intact


def test_a_session_that_died_under_the_signer_is_one_sentence_and_signs_nothing(
    soft_token: SoftToken, one_page: bytes
) -> None:
    # The nearest SoftHSM2 comes to pulling the token out: its session handle is closed underneath.
    signer = token_signer(soft_token.module, token_label=soft_token.label, pin=soft_token.pin)
    signer._login.session.close()
    with pytest.raises(TokenUnavailable) as caught:
        signer.sign(one_page, reason=certification_reason("token"), location="x")
    assert caught.value.code in {"certify.token_failed", "certify.token_closed"}
    assert vi(caught.value).startswith("USB ký số") or vi(caught.value).startswith("Phiên làm việc")
    # the token "plugged in again", the dead signer not closed yet: a new log-in gets a live session
    with token_signer(soft_token.module, token_label=soft_token.label, pin=soft_token.pin) as again:
        assert signatures(again.sign(one_page, reason=certification_reason("token"), location="x"))[0].intact
    signer.close()


def test_signing_from_several_threads_at_once(clerk_signer: TokenSigner, one_page: bytes) -> None:
    # The counter's GUI thread and the background task runner (OCR re-sign) share the clerk's signer.
    with ThreadPoolExecutor(max_workers=4) as pool:
        copies = list(
            pool.map(
                lambda _i: clerk_signer.sign(one_page, reason=certification_reason("token"), location="x"),
                range(8),
            )
        )
    assert all(info.intact for copy in copies for info in signatures(copy))
