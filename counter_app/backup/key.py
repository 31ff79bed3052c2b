"""The backup key: 32 random bytes made at first use, kept in a key file readable by its owner only.

The key is also the *recovery key* printed once on the recovery sheet for the commune leader: the 32
bytes and a 3-byte check (sha256), in base32 (A–Z, 2–7: no 0/1/8/9 to confuse with O/I/B/g) as 14
groups of 4 characters. Reading it back ignores spaces, dashes and case; a mistyped character fails the
check and is refused as such, never taken for another key.

Later the operating system's keyring holds it (another part of issue 15); until then the file.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import re
import secrets
from pathlib import Path

from counter_app.backup.errors import BackupError
from counter_app.backup.sealed import KEY_SIZE

KEY_FILE = "backup.key"
_PREFIX = "hsmc-backup-key/1 "
_CHECK = 3
_GROUP = 4


def key_path(data_dir: Path) -> Path:
    return data_dir / KEY_FILE


def load_key(data_dir: Path) -> bytes | None:
    """The key kept in ``data_dir``, or None when there is none yet."""
    try:
        text = key_path(data_dir).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise BackupError("backup.key_unreadable", path=str(key_path(data_dir)), reason=str(exc)) from exc
    if not text.startswith(_PREFIX):
        raise BackupError("backup.key_unreadable", path=str(key_path(data_dir)), reason="format")
    return parse_recovery_key(text[len(_PREFIX) :])


def store_key(data_dir: Path, key: bytes) -> Path:
    """Write the key file (owner-only, created whole through a temporary file)."""
    path = key_path(data_dir)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as file:
            file.write(_PREFIX + recovery_text(key) + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
    return path


def ensure_key(data_dir: Path) -> tuple[bytes, bool]:
    """The backup key, made now when there is none: (key, made_now)."""
    key = load_key(data_dir)
    if key is not None:
        return key, False
    key = secrets.token_bytes(KEY_SIZE)
    store_key(data_dir, key)
    return key, True


def recovery_text(key: bytes) -> str:
    """The key as the recovery sheet prints it: 14 groups of 4 base32 characters."""
    raw = key + hashlib.sha256(key).digest()[:_CHECK]
    text = base64.b32encode(raw).decode("ascii")
    return " ".join(text[i : i + _GROUP] for i in range(0, len(text), _GROUP))


def parse_recovery_key(text: str) -> bytes:
    """The key from its recovery text; ``backup.recovery_key_invalid`` for anything else."""
    compact = re.sub(r"[\s\-]", "", text).upper()
    try:
        raw = base64.b32decode(compact)
    except (ValueError, TypeError):
        raise BackupError("backup.recovery_key_invalid") from None
    if len(raw) != KEY_SIZE + _CHECK or hashlib.sha256(raw[:KEY_SIZE]).digest()[:_CHECK] != raw[KEY_SIZE:]:
        raise BackupError("backup.recovery_key_invalid")
    return raw[:KEY_SIZE]
