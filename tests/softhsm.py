"""A real SoftHSM2 token holding the clerk's key and certificate, as a clerk's USB token would.

Importable from any test folder and from benchmarks::

    from tests.softhsm import SoftToken, make_tokens
    tokens = make_tokens(tmp_dir, pki)        # sets SOFTHSM2_CONF for this process
    signer = token_signer(tokens.module, token_label=tokens.label, pin=tokens.pin)

SoftHSM reads ``SOFTHSM2_CONF`` once, when the PKCS#11 library is first initialised in the process,
so all tokens of a test run are made together (a session-scoped fixture) before any signing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.pki import Pki

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
    return SoftToken(module, CLERK_TOKEN, EMPTY_TOKEN, PIN, KEY_LABEL, conf)
