"""Masks and redaction: a masked value never reveals more than the kept digits, for any input."""

from __future__ import annotations

import logging
import re

from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.privacy import (
    ID_KEPT,
    MASK,
    MAX_MASK,
    PHONE_KEPT,
    DossierView,
    RedactingFilter,
    mask_contact,
    mask_id_number,
    mask_phone,
    redact,
    shown_fields,
)

SEPARATORS = re.compile(r"[\s.\-()]+")
digits = st.text(alphabet="0123456789", min_size=0, max_size=40)
anything = st.text(max_size=60)


def _revealed(masked: str) -> str:
    return masked.replace(MASK, "")


def _check_reveals_only_ends(original: str, masked: str, kept: int) -> None:
    """The mask shows at most ``kept`` characters, each the value's own at its start or end."""
    compact = SEPARATORS.sub("", original)
    assert len(_revealed(masked)) <= kept
    assert len(masked) <= MAX_MASK
    if not compact:
        assert masked == ""
        return
    assert MASK in masked  # something is always hidden
    start, end = masked.split(MASK, 1)[0], masked.rsplit(MASK, 1)[-1]
    assert compact.startswith(start)
    assert compact.endswith(end)


def test_the_examples() -> None:
    assert mask_id_number("001090123456") == "********3456"
    assert mask_phone("0912345678") == "09******78"
    assert mask_phone("0912 345 678") == "09******78"
    assert mask_id_number(None) == "" and mask_phone("") == ""
    assert mask_id_number("123456789") == "********9"  # an old 9-digit CMND keeps one digit
    assert mask_id_number("12345678") == "********"  # 8 or fewer: nothing kept
    assert mask_phone("12345678") == "******78"  # 7-8 characters keep the last two
    assert mask_phone("123456") == "******"  # shorter: nothing kept


@given(digits)
def test_an_id_mask_reveals_at_most_its_last_four_digits(value: str) -> None:
    masked = mask_id_number(value)
    _check_reveals_only_ends(value, masked, ID_KEPT)
    assert len(_revealed(masked)) <= max(0, len(value) - 8)  # at least 8 digits always hidden
    if value:
        assert MASK in masked


@given(anything)
def test_an_id_mask_of_any_text_reveals_at_most_four_of_its_characters(value: str) -> None:
    masked = mask_id_number(value)
    _check_reveals_only_ends(value, masked, ID_KEPT)


@given(digits)
def test_a_phone_mask_reveals_at_most_two_digits_each_end(value: str) -> None:
    masked = mask_phone(value)
    _check_reveals_only_ends(value, masked, PHONE_KEPT)
    shown = _revealed(masked)
    if len(value) < 7:
        assert shown == ""
    elif len(value) < 9:
        assert len(shown) <= 2
    hidden = masked.count(MASK)
    assert hidden >= min(len(value) - PHONE_KEPT, MAX_MASK - PHONE_KEPT) or len(value) < 9


@given(anything)
def test_a_phone_mask_of_any_text_reveals_at_most_four_of_its_characters(value: str) -> None:
    _check_reveals_only_ends(value, mask_phone(value), PHONE_KEPT)


ids = st.text(alphabet="0123456789", min_size=12, max_size=12)
phones = st.builds(
    lambda p, rest: p + rest,
    st.sampled_from(["03", "05", "07", "08", "09"]),
    st.text("0123456789", min_size=8, max_size=8),
)
words = st.text(alphabet=st.characters(blacklist_categories=("Nd", "Cs")), max_size=20)


@given(words, ids, words)
def test_redact_hides_an_id_number_anywhere_in_a_text(before: str, id_number: str, after: str) -> None:
    out = redact(f"{before}{id_number}{after}")
    assert id_number not in out
    assert id_number[:8] not in out


@given(words, phones, words, st.sampled_from(["", " ", "."]))
def test_redact_hides_a_phone_written_with_or_without_groups(before: str, phone: str, after: str, sep: str) -> None:
    written = sep.join((phone[:4], phone[4:7], phone[7:])) if sep else phone
    out = redact(f"{before} {written} {after}")
    assert phone not in out.replace(sep, "") if sep else phone not in out
    assert written not in out


def test_redact_hides_e_mail_and_keeps_dates_and_codes() -> None:
    text = "mail an.nguyen+hs@gmail.com at 2026-12-03 17:15:48, code 000.12.34.H26-251118-0001, 3 of 12"
    out = redact(text)
    assert "an.nguyen" not in out and "gmail.com" not in out and "<e-mail>" in out
    assert "2026-12-03 17:15:48" in out and "000.12.34.H26-251118-0001" in out and "3 of 12" in out


def test_redact_masks_an_id_inside_a_word_and_a_spaced_id() -> None:
    assert redact("CCCD001090123456") == "CCCD********3456"
    assert "001 090 123 456" not in redact("số 001 090 123 456")


def test_contact_line_masks_only_the_phone() -> None:
    assert mask_contact("Xóm Đông, 0912345678") == "Xóm Đông, 09******78"
    assert mask_contact(None) == ""


def test_shown_fields_names_what_holds_something_in_order() -> None:
    values = {"phone": "0912345678", "full_name": "Lê Văn An", "email": "", "address": None, "other": "x"}
    assert shown_fields(values) == ["full_name", "phone"]
    values |= {"email": "a@b.vn", "postal_address": "Thôn Bến"}
    assert shown_fields(values, DossierView.DOSSIER_DIALOG) == ["full_name", "phone", "postal_address"]
    assert shown_fields(values, DossierView.CLI_SHOW) == ["full_name", "phone", "email", "postal_address"]
    assert DossierView("dossier_dialog") is DossierView.DOSSIER_DIALOG


def _record(msg: str, args: tuple[object, ...]) -> logging.LogRecord:
    return logging.LogRecord("counter_app.test", logging.WARNING, __file__, 1, msg, args, None)


def test_the_log_filter_masks_the_formatted_message_and_consumes_the_args() -> None:
    record = _record("id %s, phone %s, mail %s, %d items", ("001090123456", "0912 345 678", "a.b@c.vn", 3))
    assert RedactingFilter().filter(record) is True
    assert record.getMessage() == "id ********3456, phone 09******78, mail <e-mail>, 3 items"
    assert record.args is None


def test_the_log_filter_keeps_a_message_whose_args_do_not_fit_and_masks_exception_and_stack_texts() -> None:
    record = _record("bad %d for 001090123456", ("x",))
    record.exc_text = "ValueError: 0912345678"
    record.stack_info = "Stack: a.b@c.vn"
    RedactingFilter().filter(record)
    assert record.getMessage() == "bad %d for ********3456"
    assert record.exc_text == "ValueError: 09******78" and record.stack_info == "Stack: <e-mail>"
