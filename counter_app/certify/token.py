"""The clerk's USB signing token over PKCS#11, as Vietnamese CAs (VNPT-CA, Viettel-CA, BKAV-CA, FPT-CA)
issue them: the CA's PKCS#11 library, one login with the PIN per clerk session, then many signatures.

The session stays open (and logged in) until :meth:`TokenSigner.close`, so signing the pages of a day
does not ask for the PIN again nor pay for a login each time. Each failure a clerk can meet (no
library, no token, wrong or locked PIN, no key, no certificate, an expired certificate, the token
pulled out) is one :class:`~counter_app.domain.errors.DomainError` with its message key.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import os
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import pkcs11
from asn1crypto import x509 as asn1_x509
from pkcs11 import Attribute, ObjectClass, TokenFlag
from pkcs11 import exceptions as p11e
from pyhanko.sign.general import SigningError
from pyhanko.sign.pkcs11 import PKCS11Signer

from counter_app.certify.errors import TokenRefused, TokenUnavailable
from counter_app.certify.pades import Reservation
from counter_app.domain.errors import InvalidInput

MAX_PIN = 64

# One loaded library per path for the whole process: PKCS#11 is initialised once per process, and
# dropping the library object would finalise it under every open session.
_LIBRARIES: dict[str, Any] = {}
_LIBRARIES_LOCK = threading.Lock()
# python-pkcs11 initialises a library without CKF_OS_LOCKING_OK, which lets the library assume one
# thread at a time: every call into one library (login, search, sign, close) holds its lock.
_CALL_LOCKS: dict[str, threading.RLock] = {}
# The logged-in session this process holds per (library, token), shared by its signers.
_LOGINS: dict[tuple[str, bytes], _SharedSession] = {}
_LOGINS_LOCK = threading.Lock()
_PROCESS_SECRET = secrets.token_bytes(32)


# What a signer meets once its token was pulled out (or its session otherwise ended).
_DEAD_SESSION = (
    p11e.SessionHandleInvalid,
    p11e.SessionClosed,
    p11e.DeviceRemoved,
    p11e.TokenNotPresent,
    p11e.UserNotLoggedIn,
    p11e.ObjectHandleInvalid,
)


def _call_lock(path: str) -> threading.RLock:
    with _LIBRARIES_LOCK:
        return _CALL_LOCKS.setdefault(path, threading.RLock())


def _library(path: str) -> Any:
    with _LIBRARIES_LOCK:
        lib = _LIBRARIES.get(path)
        if lib is None:
            if not Path(path).is_file():
                raise TokenUnavailable("certify.library_missing", path=path)
            try:
                lib = pkcs11.lib(path)
            except (p11e.PKCS11Error, OSError) as exc:
                raise TokenUnavailable("certify.library_failed", path=path, reason=str(exc)) from exc
            _LIBRARIES[path] = lib
        return lib


def _find_token(lib: Any, label: str | None) -> Any:
    try:
        slots = lib.get_slots(token_present=True)
        tokens = [slot.get_token() for slot in slots]
    except p11e.PKCS11Error as exc:
        raise TokenUnavailable("certify.no_token") from exc
    ready = [t for t in tokens if t.flags & TokenFlag.TOKEN_INITIALIZED]
    if label is not None:
        ready = [t for t in ready if t.label == label]
        if not ready:
            raise TokenUnavailable("certify.no_token_label", label=label)
    if not ready:
        raise TokenUnavailable("certify.no_token")
    if len(ready) > 1:
        raise TokenRefused("certify.many_tokens", labels=", ".join(sorted(t.label for t in ready)))
    return ready[0]


def _login(token: Any, pin: str, library: str = "") -> _Login:
    """A logged-in session on ``token``, shared by every signer of that token in this process.

    PKCS#11 keeps the login per token for the whole process: while one signer is open, a second
    C_Login answers "already logged in" whatever the PIN, and some libraries (SoftHSM2) log out when
    the session that logged in is closed, under the other sessions. So one session is kept per token,
    shared and counted, closed with its last signer; the PIN that logged in is kept as a keyed digest
    (never the PIN) to check the PIN of a second signer.
    """
    key = (library, _token_id(token))
    digest = hmac.new(_PROCESS_SECRET, pin.encode("utf-8"), hashlib.sha256).digest()
    with _LOGINS_LOCK:
        held = _LOGINS.get(key)
        if held is not None:
            if not hmac.compare_digest(held.digest, digest):
                raise TokenRefused("certify.pin_wrong", label=token.label)
            held.users += 1
            return _Login(held, key)
        try:
            session = _open(token, pin)
        except p11e.UserAlreadyLoggedIn:  # logged in by other code of this process: join it
            session = _open(token, None)
        held = _SharedSession(session, digest, 1)
        _LOGINS[key] = held
        return _Login(held, key)


@dataclass
class _SharedSession:
    session: Any
    digest: bytes
    users: int


@dataclass
class _Login:
    shared: _SharedSession
    key: tuple[str, bytes]
    closed: bool = False

    @property
    def session(self) -> Any:
        return self.shared.session

    def forget(self) -> None:
        """The session died (token pulled out): the next signer logs in afresh."""
        with _LOGINS_LOCK:
            if _LOGINS.get(self.key) is self.shared:
                del _LOGINS[self.key]

    def close(self) -> None:
        with _LOGINS_LOCK:
            if self.closed:
                return
            self.closed = True
            self.shared.users -= 1
            if self.shared.users > 0:
                return
            if _LOGINS.get(self.key) is self.shared:
                del _LOGINS[self.key]
        with contextlib.suppress(p11e.PKCS11Error):  # a token pulled out: its session is gone anyway
            self.shared.session.close()


def _token_id(token: Any) -> bytes:
    serial = getattr(token, "serial", b"") or b""
    return bytes(serial) + b"\x00" + str(token.label).encode("utf-8")


def _open(token: Any, pin: str | None) -> Any:
    if pin is not None and token.flags & TokenFlag.USER_PIN_LOCKED:
        raise TokenRefused("certify.pin_locked", label=token.label)
    try:
        return token.open() if pin is None else token.open(user_pin=pin)
    except p11e.PinLocked as exc:
        raise TokenRefused("certify.pin_locked", label=token.label) from exc
    except (p11e.PinIncorrect, p11e.PinInvalid, p11e.PinLenRange) as exc:
        flags = _fresh_flags(token)
        if flags & TokenFlag.USER_PIN_LOCKED:
            raise TokenRefused("certify.pin_locked", label=token.label) from exc
        if flags & TokenFlag.USER_PIN_FINAL_TRY:
            raise TokenRefused("certify.pin_wrong_final", label=token.label) from exc
        raise TokenRefused("certify.pin_wrong", label=token.label) from exc
    except p11e.PinExpired as exc:
        raise TokenRefused("certify.pin_expired", label=token.label) from exc
    except (p11e.TokenNotPresent, p11e.DeviceRemoved, p11e.DeviceError) as exc:
        raise TokenUnavailable("certify.no_token") from exc


def _fresh_flags(token: Any) -> int:
    try:
        return int(token.slot.get_token().flags)
    except p11e.PKCS11Error:
        return int(token.flags)


@dataclass(frozen=True)
class _KeyPair:
    key_id: bytes | None
    key_label: str | None
    cert: asn1_x509.Certificate


def _object_id(obj: Any) -> bytes | None:
    try:
        value = obj[Attribute.ID]
    except p11e.PKCS11Error:
        return None
    return bytes(value) if value else None


def _object_label(obj: Any) -> str | None:
    try:
        value = obj[Attribute.LABEL]
    except p11e.PKCS11Error:
        return None
    return str(value) if value else None


def _not_after(cert: asn1_x509.Certificate) -> datetime:
    value: datetime = cert["tbs_certificate"]["validity"]["not_after"].native
    return value


def _find_key(session: Any, token_label: str, key_label: str | None) -> tuple[_KeyPair, list[asn1_x509.Certificate]]:
    keys = list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.SIGN: True}))
    if key_label is not None:
        keys = [k for k in keys if _object_label(k) == key_label]
    certs = [
        (obj, asn1_x509.Certificate.load(bytes(obj[Attribute.VALUE])))
        for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE})
    ]
    if not keys:
        if key_label is not None:
            raise TokenUnavailable("certify.no_key_label", label=token_label, key=key_label)
        raise TokenUnavailable("certify.no_key", label=token_label)
    pairs: list[_KeyPair] = []
    for key in keys:
        kid, klabel = _object_id(key), _object_label(key)
        match = [c for o, c in certs if kid is not None and _object_id(o) == kid] or [
            c for o, c in certs if klabel is not None and _object_label(o) == klabel
        ]
        if match:
            pairs.append(_KeyPair(kid, klabel, match[0]))
    if not pairs:
        raise TokenUnavailable("certify.no_certificate", label=token_label)
    if len(pairs) > 1:
        now = datetime.now(UTC)
        current = [p for p in pairs if _not_after(p.cert) > now]
        pairs = current or pairs
    if len(pairs) > 1:
        labels = ", ".join(sorted(p.key_label or (p.key_id or b"").hex() for p in pairs))
        raise TokenRefused("certify.many_keys", label=token_label, count=len(pairs), keys=labels)
    chosen = pairs[0]
    # CA certificates the token holds go into the signature (a verifier may lack the intermediate); the
    # clerk's other end-entity certificates (an expired one kept on the token) do not
    chain = [c for _o, c in certs if c.ca and c.dump() != chosen.cert.dump()]
    return chosen, chain


def _common_name(cert: asn1_x509.Certificate) -> str:
    subject = cert.subject.native
    name = subject.get("common_name") or subject.get("organization_name") or cert.subject.human_friendly
    return str(name[0] if isinstance(name, list) else name)


class TokenSigner:
    """A logged-in session on the clerk's token; safe from several threads (calls into the library are serialised)."""

    kind = "token"

    def __init__(
        self,
        login: _Login,
        token_label: str,
        pair: _KeyPair,
        chain: list[asn1_x509.Certificate],
        lock: threading.RLock,
    ) -> None:
        self._login = login
        session = login.session
        self.token_label = token_label
        self.certificate = pair.cert
        self.name = _common_name(pair.cert)
        self.not_after = _not_after(pair.cert)
        self._signer = PKCS11Signer(
            session,
            signing_cert=pair.cert,
            ca_chain=chain,
            key_id=pair.key_id,
            key_label=pair.key_label if pair.key_id is None else None,
            other_certs_to_pull=(),
        )
        self._lock = lock
        self._closed = False
        self._reservation = Reservation()

    def check_valid(self) -> None:
        """Refuse an expired certificate (a signature by it would not validate)."""
        if datetime.now(UTC) >= self.not_after:
            raise TokenRefused("certify.certificate_expired", name=self.name, date=f"{self.not_after:%d/%m/%Y}")

    def sign(self, pdf: bytes, *, reason: str, location: str) -> bytes:
        """``pdf`` with the clerk's PAdES signature added (incremental; the input is not changed)."""
        if self._closed:
            raise TokenUnavailable("certify.token_closed", label=self.token_label)
        self.check_valid()
        with self._lock:
            try:
                return self._reservation.sign(pdf, self._signer, name=self.name, reason=reason, location=location)
            except (p11e.PKCS11Error, SigningError) as exc:
                if isinstance(exc, _DEAD_SESSION):
                    self._login.forget()
                if isinstance(exc, p11e.UserNotLoggedIn):  # the token was pulled out and put back
                    raise TokenUnavailable("certify.token_closed", label=self.token_label) from exc
                raise TokenUnavailable(
                    "certify.token_failed", label=self.token_label, reason=str(exc) or type(exc).__name__
                ) from exc

    def close(self) -> None:
        """Log out and close the session (at the clerk's log-out); idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._login.close()

    def __enter__(self) -> TokenSigner:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def token_signer(library: str, *, token_label: str | None, pin: str, key_label: str | None = None) -> TokenSigner:
    """Log in once to the clerk's token through the PKCS#11 ``library`` and find its signing key.

    ``token_label`` picks the token (None: the only initialised token present); ``key_label`` the
    key (None: the only key with a certificate, preferring one whose certificate has not expired).
    """
    if not isinstance(pin, str) or not pin:
        raise InvalidInput("certify.pin_empty")
    if len(pin) > MAX_PIN:
        raise TokenRefused("certify.pin_wrong", label=token_label or "")
    path = os.path.realpath(str(library)) if str(library) else ""  # one library object per file
    lib = _library(path)
    lock = _call_lock(path)
    with lock:
        token = _find_token(lib, token_label)
        login = _login(token, pin, path)
        try:
            pair, chain = _find_key(login.session, token.label, key_label)
            signer = TokenSigner(login, token.label, pair, chain, lock)
            signer.check_valid()
            asyncio.run(signer._signer.ensure_objects_loaded())  # type: ignore[no-untyped-call]  # key handle, once
        except p11e.PKCS11Error as exc:
            login.close()
            raise TokenUnavailable(
                "certify.token_failed", label=token.label, reason=str(exc) or type(exc).__name__
            ) from exc
        except BaseException:
            login.close()
            raise
    return signer
