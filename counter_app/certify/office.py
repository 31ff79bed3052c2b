"""The office's own signing key: used when no clerk's token is at hand, and the copy says so.

The key (RSA 2048, what Vietnamese verifiers expect) and its self-issued certificate live in one
PKCS#12 file, ``<data dir>/keys/office-signing.p12``, readable by the account that runs the counter only
(0600, in a 0700 directory). It is made once, atomically (a complete temporary file linked into place,
so two processes starting together end up with the same key), and reused afterwards. The certificate
names the office (CN and O) and carries the unit "Khóa ký của cơ quan (không phải chữ ký số cá nhân)";
when the office is renamed the certificate is re-issued for the same key.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from counter_app.certify.pades import Reservation
from counter_app.certify.texts import OFFICE_CLAUSE, OFFICE_UNIT
from counter_app.domain.errors import InvalidInput, Unavailable
from counter_app.domain.text import clean

KEY_FILE = Path("keys") / "office-signing.p12"
VALIDITY_DAYS = 3650
_CREATE_LOCK = threading.Lock()
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


def _certificate(key: rsa.RSAPrivateKey, office_name: str) -> x509.Certificate:
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, office_name),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, OFFICE_UNIT),
            x509.NameAttribute(NameOID.COMMON_NAME, office_name),
        ]
    )
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=VALIDITY_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _p12(key: rsa.RSAPrivateKey, cert: x509.Certificate) -> bytes:
    return pkcs12.serialize_key_and_certificates(b"office-signing", key, cert, None, serialization.NoEncryption())


def _write_new(path: Path, data: bytes, *, replace: bool) -> None:
    """Write ``data`` to ``path`` completely or not at all (0600). Without ``replace`` an existing file
    wins (FileExistsError)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".office-signing-", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        if replace:
            os.replace(tmp, path)
        elif os.name == "nt":
            os.rename(tmp, path)  # refuses an existing target on Windows
        else:
            os.link(tmp, path)  # refuses an existing target; the temporary name goes below
        _fsync_dir(path.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _fsync_dir(directory: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _load(path: Path) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    try:
        key, cert, _extra = pkcs12.load_key_and_certificates(path.read_bytes(), None)
    except (OSError, ValueError) as exc:
        raise Unavailable("certify.office_key_unreadable", path=str(path), reason=str(exc)) from exc
    if not isinstance(key, rsa.RSAPrivateKey) or cert is None:
        raise Unavailable("certify.office_key_unreadable", path=str(path), reason="no RSA key and certificate")
    return key, cert


def _common_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


class _KeptKeySigner(SimpleSigner):
    """pyHanko's SimpleSigner re-parses (and re-checks) the RSA key for every signature, about 90 ms
    of a 120 ms signature: this keeps the parsed key."""

    def __init__(self, key: rsa.RSAPrivateKey, cert_der: bytes) -> None:
        key_der = key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        super().__init__(
            signing_cert=asn1_x509.Certificate.load(cert_der),
            signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
            cert_registry=SimpleCertificateStore(),  # type: ignore[no-untyped-call]
        )
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        digest = _HASHES.get(digest_algorithm.lower())
        if mechanism != "rsassa_pkcs1v15" or digest is None:
            return super().sign_raw(data, digest_algorithm)
        return self._key.sign(data, PKCS1v15(), digest())


class OfficeSigner:
    """Signs with the office's key; every signature's reason says it is the office's key."""

    kind = "office"

    def __init__(self, path: Path, key: rsa.RSAPrivateKey, cert: x509.Certificate) -> None:
        self.path = path
        self.name = _common_name(cert)
        self.certificate_pem = cert.public_bytes(serialization.Encoding.PEM)
        der = cert.public_bytes(serialization.Encoding.DER)
        self.fingerprint = hashlib.sha256(der).hexdigest().upper()
        self._signer = _KeptKeySigner(key, der)
        self._lock = threading.Lock()
        self._reservation = Reservation()

    def sign(self, pdf: bytes, *, reason: str, location: str) -> bytes:
        """``pdf`` with the office's PAdES signature; the office clause is added to ``reason`` if missing."""
        if OFFICE_CLAUSE not in reason:
            reason = f"{reason.rstrip(' ,;.')}, {OFFICE_CLAUSE}"
        with self._lock:
            try:
                return self._reservation.sign(pdf, self._signer, name=self.name, reason=reason, location=location)
            except SigningError as exc:
                raise InvalidInput("certify.pdf_invalid", reason=str(exc) or type(exc).__name__) from exc


def office_signer(directory: Path, office_name: str) -> OfficeSigner:
    """The office's signer, its key made on first use under ``directory`` (the data directory) as
    ``keys/office-signing.p12`` and reused afterwards."""
    office_name = clean(office_name, "office")
    if not office_name:
        raise InvalidInput("office.name")
    path = Path(directory) / KEY_FILE
    with _CREATE_LOCK:
        if not path.exists():
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            with contextlib.suppress(FileExistsError):  # another process made it first: theirs is kept
                _write_new(path, _p12(key, _certificate(key, office_name)), replace=False)
        key, cert = _load(path)
        if _common_name(cert) != office_name:  # the office was renamed: same key, new certificate
            cert = _certificate(key, office_name)
            _write_new(path, _p12(key, cert), replace=True)
    return OfficeSigner(path, key, cert)
