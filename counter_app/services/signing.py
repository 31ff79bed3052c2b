"""Ed25519 keys of this counter: generated at set-up, used to sign receipt QR codes.

The private key never leaves the database; the public key is exported for the hub, which verifies
receipts on the citizen lookup page, and for the other PCs of the office.
"""

from __future__ import annotations

from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.orm import Session

from counter_app.services import audit
from counter_app.services.context import Actor
from counter_app.storage.models import Office

_RAW = serialization.Encoding.Raw
_PUBLIC_RAW = serialization.PublicFormat.Raw


def ensure_keys(session: Session, actor: Actor, at: datetime, office: Office) -> None:
    """Give the office a key pair if it has none (databases set up before receipts were signed)."""
    if office.signing_key is not None and office.public_key is not None:
        return
    private = Ed25519PrivateKey.generate()
    office.signing_key = private.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    office.public_key = private.public_key().public_bytes(_RAW, _PUBLIC_RAW)
    audit.record(
        session,
        actor,
        at,
        "office.signing_key",
        entity="office",
        entity_id=office.agency_code,
        details={"public_key": office.public_key.hex()},
    )


def sign(office: Office, message: bytes) -> bytes:
    assert office.signing_key is not None
    return Ed25519PrivateKey.from_private_bytes(office.signing_key).sign(message)


def verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def public_key_pem(public_key: bytes) -> str:
    """The public key in PEM (SubjectPublicKeyInfo), the form the hub registers."""
    key = Ed25519PublicKey.from_public_bytes(public_key)
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
