"""A test certification authority and a clerk's certificate, made with cryptography (no mocks).

Importable from any test folder (``from tests.pki import make_pki``): the CA stands in for a
Vietnamese CA (VNPT-CA, Viettel-CA, ...) and the clerk certificate for the one on a clerk's USB token.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

CLERK_NAME = "Nguyễn Thị Thu Hà"
CA_NAME = "CA Thử Nghiệm Một Cửa"


@dataclass(frozen=True)
class Pki:
    ca_cert: x509.Certificate
    ca_key: rsa.RSAPrivateKey
    clerk_cert: x509.Certificate
    clerk_key: rsa.RSAPrivateKey
    directory: Path

    @property
    def ca_pem(self) -> Path:
        return self.directory / "ca.pem"

    @property
    def clerk_key_pem(self) -> Path:
        """The clerk's private key, unencrypted PKCS#8 PEM (as softhsm2-util --import reads it)."""
        return self.directory / "clerk-key.pem"

    @property
    def clerk_cert_der(self) -> Path:
        return self.directory / "clerk-cert.der"


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def issue_certificate(
    subject_name: str,
    issuer_cert: x509.Certificate,
    issuer_key: rsa.RSAPrivateKey,
    *,
    key: rsa.RSAPrivateKey | None = None,
    days: int = 730,
) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """An end-entity signing certificate (digitalSignature + nonRepudiation) issued by ``issuer_cert``."""
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.now(UTC) - timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(subject_name, "UBND xã Tân Lập"))
        .issuer_name(issuer_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=days))
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
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_cert.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(issuer_key, hashes.SHA256())
    )
    return cert, key


def make_pki(directory: Path, clerk_name: str = CLERK_NAME) -> Pki:
    """A root CA and one clerk certificate, written under ``directory`` (PEM/DER files)."""
    directory.mkdir(parents=True, exist_ok=True)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.now(UTC) - timedelta(days=1)
    ca_subject = _name(CA_NAME, "Tổ chức chứng thực thử nghiệm")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_subject)
        .issuer_name(ca_subject)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    clerk_cert, clerk_key = issue_certificate(clerk_name, ca_cert, ca_key)
    pki = Pki(ca_cert, ca_key, clerk_cert, clerk_key, directory)
    pki.ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    pki.clerk_key_pem.write_bytes(
        clerk_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    pki.clerk_key_pem.chmod(0o600)
    pki.clerk_cert_der.write_bytes(clerk_cert.public_bytes(serialization.Encoding.DER))
    return pki


def nss_trusting(ca_pem: Path, directory: Path) -> str:
    """An NSS database in ``directory`` trusting ``ca_pem`` for signing ("CT,C,C"), as pdfsig reads it."""
    db = f"sql:{directory}"
    subprocess.run(["certutil", "-N", "--empty-password", "-d", db], check=True, capture_output=True)
    subprocess.run(
        ["certutil", "-A", "-n", "test-ca", "-t", "CT,C,C", "-i", str(ca_pem), "-d", db],
        check=True,
        capture_output=True,
    )
    return db


def pdfsig(pdf: bytes, nss_db: str, directory: Path) -> str:
    """pdfsig's (poppler) report on ``pdf``, written to ``directory``, checked against ``nss_db``."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "copy-to-check.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdfsig", "-nssdir", nss_db, str(path)], capture_output=True, text=True, check=False, timeout=60
    )
    return done.stdout + done.stderr
