"""Who signs what, and the number of what is signed (Decree 30/2020/NĐ-CP, Annex I).

- The number and symbol of an issued letter: "Số: 12/TB-TTPVHCC", the number counted per book and
  year, the type abbreviation (Annex III: "TB" = Thông báo) and the issuing agency's abbreviation.
- The signer's capacity before the title: "TM." (on behalf of a collective body), "KT." (a deputy
  signing for the head), "Q." (acting head); none when the head signs in their own name.
- A person prints by full name: never the login, never the placeholder of the first administrator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from counter_app.domain.errors import InvalidInput
from counter_app.domain.text import clean

# The first administrator's full name until someone types a real one (services.office).
ADMIN_PLACEHOLDER = "Quản trị viên"
# The actor of history imported from the old paper register (services.history_import).
IMPORTED_ACTOR = "nhập từ sổ cũ"

# The book of each numbered document and its type abbreviation (Decree 30/2020 Annex III: "TB" =
# Thông báo; the apology letter has no type in the annex: "PXL", the published provincial practice).
BOOK_SYMBOLS = {"apology": "PXL", "stop_notice": "TB"}

AGENCY_RE = re.compile(r"[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*")
MIN_AGENCY, MAX_AGENCY = 2, 20
MAX_AUTHORITY, MAX_TITLE, MAX_NAME = 200, 100, 100


class Capacity(StrEnum):
    """Quyền hạn của người ký (Decree 30/2020 Annex I, item 7a)."""

    NONE = ""  # the head signs in their own name
    TM = "TM"  # thay mặt a collective body: "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH"
    KT = "KT"  # ký thay the head: "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC"
    Q = "Q"  # quyền, acting head: "Q. GIÁM ĐỐC"


@dataclass(frozen=True)
class SignerSetting:
    """The signer of the office's letters: capacity, the authority signed for (the collective body
    with TM., the head's title with KT.), the signer's own title and full name (None: a dotted line)."""

    capacity: Capacity
    authority: str | None
    title: str
    name: str | None


def is_centre(office_name: str) -> bool:
    return "trung tâm" in office_name.lower()


def default_agency(office_name: str) -> str:
    """ "TTPVHCC" for a commune's Trung tâm Phục vụ hành chính công, "UBND" for a People's Committee."""
    return "TTPVHCC" if is_centre(office_name) else "UBND"


def default_signer(office_name: str) -> SignerSetting:
    """The head of a centre signs as "GIÁM ĐỐC"; a People's Committee signs collectively
    ("TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH")."""
    if is_centre(office_name):
        return SignerSetting(Capacity.NONE, None, "GIÁM ĐỐC", None)
    return SignerSetting(Capacity.TM, "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", None)


def validate_agency(text: str) -> str:
    """Capitals A–Z (and Đ), digits and single hyphens, 2 to 20 characters: "TTPVHCC", "UBND"."""
    value = clean(text, "reference").upper()
    if not (MIN_AGENCY <= len(value) <= MAX_AGENCY) or not AGENCY_RE.fullmatch(value):
        raise InvalidInput("office.number_agency", value=text[:40], low=MIN_AGENCY, high=MAX_AGENCY)
    return value


def validate_signer(capacity: str, authority: str | None, title: str, name: str | None) -> SignerSetting:
    """Check a signer: a known capacity; an authority with TM. and KT. (what is signed for); a title;
    a name of at most 100 characters (may be empty: the name is then written by hand)."""
    try:
        cap = Capacity(capacity.strip().upper().rstrip("."))
    except ValueError:
        raise InvalidInput("office.signer_capacity", value=capacity[:10]) from None
    auth = clean(authority or "", "office").upper() or None  # the text rule caps it at MAX_AUTHORITY
    head = clean(title, "office").upper()
    who = clean(name or "", "name") or None
    if not head or len(head) > MAX_TITLE:
        raise InvalidInput("office.signer_title", max=MAX_TITLE)
    if cap in (Capacity.TM, Capacity.KT) and auth is None:
        raise InvalidInput("office.signer_authority", capacity=f"{cap.value}.")
    if who is not None and len(who) > MAX_NAME:
        raise InvalidInput("user.full_name", value=who[:80])
    return SignerSetting(cap, auth if cap in (Capacity.TM, Capacity.KT) else None, head, who)


def printable_name(full_name: str | None, username: str | None = None) -> str | None:
    """The full name to print for a person, or None when the account has no real name yet (empty,
    its login, or the first administrator's placeholder): the form then prints a dotted line."""
    name = clean(full_name or "", "name")
    if not name or name == ADMIN_PLACEHOLDER or (username is not None and name == username):
        return None
    return name
