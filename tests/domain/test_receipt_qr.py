"""The receipt QR payload: what it carries, and every malformed scan refused with one code."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.errors import InvalidInput
from counter_app.domain.receipt_qr import (
    LEGACY_LOCAL_BASE,
    ReceiptClaim,
    build_payload,
    claim_for,
    looks_like_receipt_qr,
    mask_id,
    paper_info,
    parse_payload,
    plain_text,
    signed_query,
    text_start,
)

CODE = "000.12.34.H26-251118-2001"
SIGNATURE = bytes(range(64))
RECEIVED = datetime(2025, 11, 18, 2, 15, tzinfo=UTC)  # 09:15 in Vietnam
DUE = datetime(2025, 11, 18, 10, 0, tzinfo=UTC)  # 17:00 in Vietnam


def test_claim_is_in_office_time() -> None:
    claim = claim_for(CODE, "MYCHZY", RECEIVED, DUE)
    assert claim == ReceiptClaim(CODE, "MYCHZY", "202511180915", "20251118")
    assert claim.message == b"HSMC1|000.12.34.H26-251118-2001|MYCHZY|202511180915|20251118"


def test_payload_round_trips_with_and_without_a_lookup_address() -> None:
    claim = claim_for(CODE, "MYCHZY", RECEIVED, DUE)
    for base, prefix in (("https://tracuu.example.vn/ho-so", "https://tracuu.example.vn/ho-so?"), (None, "HSMC1?")):
        payload = build_payload(base, claim, SIGNATURE)
        assert payload.startswith(prefix)
        assert looks_like_receipt_qr(payload)
        assert parse_payload(payload) == (claim, SIGNATURE)


@pytest.mark.parametrize(
    "payload",
    [
        "no query at all",
        "https://x/?ma=1",  # missing fields
        "https://x/?ma=a&k=b&n=c&h=d&s=e&s=f",  # a repeated field
        "https://x/?&&=",  # not a query string
        f"https://x/?ma={CODE}&k=MYCHZY&n=202511180915&h=20251118&s=A",  # signature not base64
        f"https://x/?ma={CODE}&k=MYCHZY&n=202511180915&h=20251118&s=AAAA",  # signature too short
        f"https://x/?ma={CODE}&k=my&n=202511180915&h=20251118&s=" + "A" * 86,  # secret malformed
        f"https://x/?ma={CODE}&k=MYCHZY&n=2025111809&h=20251118&s=" + "A" * 86,  # received malformed
        "https://x/?ma=000.12.34.H26-251318-2001&k=MYCHZY&n=202511180915&h=20251118&s=" + "A" * 86,  # bad code
    ],
)
def test_malformed_scans_are_refused(payload: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_payload(payload)
    assert caught.value.code == "receipt_qr.invalid"


def test_looks_like_tells_a_receipt_from_other_scans() -> None:
    assert not looks_like_receipt_qr("001090123456|012345678|Nguyễn Văn An|01011990|Nam|Hà Nội|15042021")
    assert not looks_like_receipt_qr("https://example.vn/")


@given(
    st.binary(min_size=64, max_size=64), st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=6, max_size=6)
)
def test_any_signature_and_secret_survive_the_url(signature: bytes, secret: str) -> None:
    claim = claim_for(CODE, secret, RECEIVED, DUE)
    assert parse_payload(build_payload("https://tracuu.example.vn/ho-so", claim, signature)) == (claim, signature)


def test_a_receipt_printed_with_the_legacy_hsmc_url_still_parses() -> None:
    claim = claim_for(CODE, "MYCHZY", RECEIVED, DUE)
    legacy = f"{LEGACY_LOCAL_BASE}?{signed_query(claim, SIGNATURE)}"
    assert looks_like_receipt_qr(legacy)
    assert parse_payload(legacy) == (claim, SIGNATURE)


def test_the_plain_text_qr_is_one_line_a_phone_shows_and_the_counter_parses() -> None:
    claim = claim_for(CODE, "MYCHZY", RECEIVED, DUE)
    text = plain_text(
        ["GIẤY TIẾP NHẬN HỒ SƠ", "Mã hồ sơ: " + CODE, "  ", "Tra cứu: 0210 3812 345"], signed_query(claim, SIGNATURE)
    )
    assert "\n" not in text and "://" not in text  # a USB scanner types a line break as Enter
    assert text.startswith("GIẤY TIẾP NHẬN HỒ SƠ; Mã hồ sơ: ")
    assert looks_like_receipt_qr(text)
    assert parse_payload(text) == (claim, SIGNATURE)


def test_the_circulars_fields_ride_along_in_the_url_and_are_checked() -> None:
    claim = claim_for(CODE, "MYCHZY", RECEIVED, DUE)
    info = paper_info("01", "1.001193", RECEIVED, "001090123456")
    url = build_payload("https://hub.example.vn/ho-so", claim, SIGNATURE, info)
    assert url.endswith("&tt=1.001193&g=01&x=202511180915&d=********3456")
    assert parse_payload(url) == (claim, SIGNATURE)
    with pytest.raises(InvalidInput):
        parse_payload(url.replace("g=01", "g=99"))  # not one of our papers
    with pytest.raises(InvalidInput):
        parse_payload(url + "&zz=1")  # an unknown key


@pytest.mark.parametrize(
    ("raw", "masked"),
    [("001090123456", "********3456"), (" 0010 9012 3456 ", "********3456"), ("", None), (None, None)],
)
def test_the_applicant_id_is_masked_to_its_last_four(raw: str | None, masked: str | None) -> None:
    assert mask_id(raw) == masked


def test_a_plain_text_scan_is_found_from_its_title_after_other_typing() -> None:
    claim = claim_for(CODE, "MYCHZY", RECEIVED, DUE)
    title = "GIẤY TIẾP NHẬN HỒ SƠ"
    text = plain_text([title, "Mã hồ sơ: " + CODE, "Tra cứu: gọi 0210"], signed_query(claim, SIGNATURE))
    typed = "khai sinh" + text
    assert typed[text_start(typed, typed.index("HSMC1?"), [title, "PHIẾU"]) :] == text
    assert text_start(text, text.index("HSMC1?")) == 0  # no titles known: from the field before the code
    bare = "HSMC1?" + signed_query(claim, SIGNATURE)
    assert text_start("abc" + bare, 3) == 3  # a bare proof starts at its token


def test_a_scan_whose_code_is_not_typed_before_its_proof_starts_at_the_proof() -> None:
    # The token names a code the text before it never mentions (another scan's tail, a cut scan):
    # nothing before the proof belongs to it.
    text = "Mã hồ sơ: 000.12.34.H26-251118-0001; HSMC1?ma=000.12.34.H26-251118-0002&k=MYCHZY"
    assert text_start(text, text.index("HSMC1?")) == text.index("HSMC1?")
    # The code is there, but not after a field separator: no field of a plain-text QR holds it.
    run_on = "000.12.34.H26-251118-0002 HSMC1?ma=000.12.34.H26-251118-0002&k=MYCHZY"
    assert text_start(run_on, run_on.index("HSMC1?")) == run_on.index("HSMC1?")
    # A token without a dossier code after it is only its own proof.
    assert text_start("xyz HSMC1?k=MYCHZY", 4) == 4
