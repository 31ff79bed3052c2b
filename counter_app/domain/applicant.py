"""Applicant details as typed or scanned at the counter, validated and normalised to NFC."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from counter_app.domain.cccd import validate_id_number
from counter_app.domain.errors import InvalidInput
from counter_app.domain.text import LIMITS, clean, clean_optional
from counter_app.domain.values import Sex

MAX_NAME = LIMITS["name"]
_PHONE = re.compile(r"(?:\+84|0)[0-9]{9,10}")  # ASCII digits only: the number goes to an SMS gateway
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE_SEPARATORS = str.maketrans("", "", " .-()")


@dataclass(frozen=True)
class Applicant:
    full_name: str
    id_number: str | None = None
    old_id_number: str | None = None
    birth_date: date | None = None
    sex: Sex | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None


def validate_name(text: str) -> str:
    name = clean(text, "name")
    if not name or len(name) > MAX_NAME or any(ch.isdigit() for ch in name):
        raise InvalidInput("applicant.name", value=text)
    return name


def validate_phone(text: str) -> str:
    """A Vietnamese phone number (0xxxxxxxxx or +84xxxxxxxxx), separators removed."""
    phone = clean(text, "phone").translate(_PHONE_SEPARATORS)
    if not _PHONE.fullmatch(phone):
        raise InvalidInput("applicant.phone", value=text)
    return phone


def validate_email(text: str) -> str:
    email = clean(text, "email")
    if not _EMAIL.fullmatch(email):
        raise InvalidInput("applicant.email", value=text)
    return email


def make_applicant(
    full_name: str,
    *,
    id_number: str | None = None,
    old_id_number: str | None = None,
    birth_date: date | None = None,
    sex: Sex | None = None,
    phone: str | None = None,
    email: str | None = None,
    address: str | None = None,
) -> Applicant:
    """Validate every field; empty optional fields become None."""
    id_number = clean_optional(id_number, "id_number")
    phone, email = clean_optional(phone, "phone"), clean_optional(email, "email")
    return Applicant(
        full_name=validate_name(full_name),
        id_number=None if id_number is None else validate_id_number(id_number),
        old_id_number=clean_optional(old_id_number, "id_number"),
        birth_date=birth_date,
        sex=None if sex is None else Sex(sex),  # widgets hand enum values back as plain strings
        phone=None if phone is None else validate_phone(phone),
        email=None if email is None else validate_email(email),
        address=clean_optional(address, "address"),
    )
