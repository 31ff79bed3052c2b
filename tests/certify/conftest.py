"""Fixtures for the certification tests: the test CA and clerk certificate, the SoftHSM2 tokens (made
once per test run), an NSS database trusting the test CA for pdfsig, and sample PDF/A copies."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from counter_app.certify.signers import token_signer
from counter_app.certify.token import TokenSigner
from tests.certify.samples import sample_copy
from tests.pki import Pki, nss_trusting
from tests.softhsm import SoftToken, process_token, softhsm_available


@pytest.fixture(scope="session")
def pki_and_token(tmp_path_factory: pytest.TempPathFactory) -> tuple[Pki, SoftToken]:
    if not softhsm_available():
        pytest.skip("SoftHSM2 and opensc (pkcs11-tool) are not installed")
    return process_token(tmp_path_factory.mktemp("certify"))


@pytest.fixture(scope="session")
def pki(pki_and_token: tuple[Pki, SoftToken]) -> Pki:
    return pki_and_token[0]


@pytest.fixture(scope="session")
def soft_token(pki_and_token: tuple[Pki, SoftToken]) -> SoftToken:
    return pki_and_token[1]


@pytest.fixture
def clerk_signer(soft_token: SoftToken) -> Iterator[TokenSigner]:
    """A logged-in session on the clerk's token (as for a clerk's working day)."""
    signer = token_signer(soft_token.module, token_label=soft_token.label, pin=soft_token.pin)
    yield signer
    signer.close()


@pytest.fixture(scope="session")
def nss_db(tmp_path_factory: pytest.TempPathFactory, pki: Pki) -> str:
    """An NSS database (as pdfsig reads it) trusting the test CA for signing."""
    if not (shutil.which("certutil") and shutil.which("pdfsig")):
        pytest.skip("libnss3-tools (certutil) and poppler-utils (pdfsig) are not installed")
    return nss_trusting(pki.ca_pem, tmp_path_factory.mktemp("nss"))


@pytest.fixture(scope="session")
def one_page() -> bytes:
    return sample_copy(1)
