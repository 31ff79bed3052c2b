"""A real SoftHSM2 token holding the clerk's key and certificate, as a clerk's USB token would.

Importable from any test folder and from benchmarks::

    from tests.softhsm import process_token
    pki, tokens = process_token(tmp_path_factory.mktemp("softhsm"))   # in a session-scoped fixture
    signer = token_signer(tokens.module, token_label=tokens.label, pin=tokens.pin)

SoftHSM reads ``SOFTHSM2_CONF`` once, when the PKCS#11 library is first initialised in the process,
so the tokens of a test run are made once, together, before any signing: :func:`process_token`
makes them (and the test CA) on its first call and returns the same ones to every later caller
(tests/certify and tests/services in one run share them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from tests.pki import Pki, make_pki

MODULE_CANDIDATES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)
CLERK_TOKEN = "clerk"
EMPTY_TOKEN = "empty"  # initialised, with a PIN, but no key on it
PIN = "123456"
SO_PIN = "87654321"
KEY_LABEL = "clerk-signing"
KEY_ID = "01"
CA_ID = "02"


@dataclass(frozen=True)
class SoftToken:
    module: str  # the PKCS#11 library path
    label: str  # the clerk's token
    empty_label: str  # a token with no key
    pin: str
    key_label: str
    conf: Path


def softhsm_module() -> str | None:
    """The SoftHSM2 PKCS#11 module on this machine, or None (``dpkg -L softhsm2 | grep libsofthsm2.so``)."""
    for candidate in MODULE_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return None


def softhsm_available() -> bool:
    return softhsm_module() is not None and all(shutil.which(t) for t in ("softhsm2-util", "pkcs11-tool"))


def _run(*args: str, env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False, timeout=60)
    if done.returncode != 0:
        raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stdout}{done.stderr}")


def make_tokens(directory: Path, pki: Pki) -> SoftToken:
    """Initialise the SoftHSM2 tokens under ``directory`` and point this process at them."""
    module = softhsm_module()
    if module is None:
        raise RuntimeError("SoftHSM2 is not installed (Debian package softhsm2)")
    tokens = directory / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = directory / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
        encoding="utf-8",
    )
    os.environ["SOFTHSM2_CONF"] = str(conf)
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    for label in (CLERK_TOKEN, EMPTY_TOKEN):
        _run("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", SO_PIN, "--pin", PIN, env=env)
    _run(
        "softhsm2-util",
        "--import", str(pki.clerk_key_pem),
        "--token", CLERK_TOKEN,
        "--label", KEY_LABEL,
        "--id", KEY_ID,
        "--pin", PIN,
        env=env,
    )  # fmt: skip
    _run(
        "pkcs11-tool",
        "--module", module,
        "--token-label", CLERK_TOKEN,
        "--login", "--pin", PIN,
        "--write-object", str(pki.clerk_cert_der),
        "--type", "cert",
        "--id", KEY_ID,
        "--label", KEY_LABEL,
        env=env,
    )  # fmt: skip
    ca_der = directory / "ca-cert.der"  # Vietnamese tokens carry their CA's certificate as well
    ca_der.write_bytes(pki.ca_cert.public_bytes(serialization.Encoding.DER))
    _run(
        "pkcs11-tool",
        "--module", module,
        "--token-label", CLERK_TOKEN,
        "--login", "--pin", PIN,
        "--write-object", str(ca_der),
        "--type", "cert",
        "--id", CA_ID,
        "--label", "ca",
        env=env,
    )  # fmt: skip
    return SoftToken(module, CLERK_TOKEN, EMPTY_TOKEN, PIN, KEY_LABEL, conf)


_PROCESS: tuple[Pki, SoftToken] | None = None


def process_token(directory: Path) -> tuple[Pki, SoftToken]:
    """The test CA and the SoftHSM2 tokens of this process, made under ``directory`` on the first call."""
    global _PROCESS
    if _PROCESS is None:
        pki = make_pki(directory / "pki")
        _PROCESS = (pki, make_tokens(directory / "softhsm", pki))
    return _PROCESS
