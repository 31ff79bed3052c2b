"""Names of agencies as Decree 30/2020 wants them printed (pure functions, no reportlab).

Annex I, Part I, II.2.a: the issuing body's name is its "tên chính thức, đầy đủ", so an
abbreviation an office typed in its settings ("UBND xã Tân Lập", "TTPVHCC xã Tân Lập") is written
out in the header, in capitals (:func:`header_name`). Inside a sentence the same name is in normal
case, "Trung tâm Phục vụ hành chính công xã Tân Lập" (:func:`sentence_name`), even when the
setting was typed in capitals.
"""

from __future__ import annotations

import re
import unicodedata

# Abbreviation -> full name in normal case. Only forms that are unambiguous as whole words.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("TTPVHCC", "Trung tâm Phục vụ hành chính công"),
    ("TT PVHCC", "Trung tâm Phục vụ hành chính công"),
    ("TT.PVHCC", "Trung tâm Phục vụ hành chính công"),
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("BPMC", "Bộ phận Một cửa"),
    ("BP Một cửa", "Bộ phận Một cửa"),
    ("BP một cửa", "Bộ phận Một cửa"),
    ("VPĐKĐĐ", "Văn phòng Đăng ký đất đai"),
    ("TP.", "thành phố "),
    ("Tp.", "thành phố "),
    ("TX.", "thị xã "),
)

# Institutional phrases whose case is fixed (the rest of a capitalised name is lower case, except
# the proper name after an administrative unit word).
_PHRASES = (
    "Trung tâm Phục vụ hành chính công",
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Bộ phận Một cửa",
    "Bộ phận Tiếp nhận và Trả kết quả",
    "Văn phòng Đăng ký đất đai",
    "Công an",
)
# Administrative unit words, longest first: the words after one are a proper name (title case).
_UNITS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _abbreviation_re(abbreviation: str) -> re.Pattern[str]:
    # A whole word: not glued to a letter or digit on either side ("UBNDX" is not "UBND").
    tail = "" if abbreviation.endswith(".") else r"(?![\w])"
    return re.compile(r"(?<![\w])" + re.escape(abbreviation) + tail)


_PATTERNS = tuple((_abbreviation_re(nfc(short)), nfc(full)) for short, full in ABBREVIATIONS)


def expand(name: str) -> str:
    """``name`` with its abbreviations written out, spaces collapsed; the case of the rest is kept."""
    text = nfc(name)
    for pattern, full in _PATTERNS:
        text = pattern.sub(full, text)
    return re.sub(r"\s+", " ", text).strip()


def header_name(name: str) -> str:
    """The name for the header: written out, in capitals ("ỦY BAN NHÂN DÂN XÃ TÂN LẬP")."""
    return expand(name).upper()


def _title(words: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in words.split(" "))


def sentence_name(name: str) -> str:
    """The name inside a sentence: written out, in normal case. A name typed in capitals is put in
    normal case: institutional phrases as written in law, the proper name after "xã", "phường",
    "tỉnh"… in title case, the rest in lower case; the first letter is a capital."""
    text = expand(name)
    rest = nfc(name)
    for pattern, _full in _PATTERNS:
        rest = pattern.sub(" ", rest)
    letters = [ch for ch in rest if ch.isalpha()]
    if not letters or any(ch.islower() for ch in letters):
        return text[:1].upper() + text[1:]
    lower = text.lower()
    for phrase in _PHRASES:
        lower = re.sub(re.escape(phrase.lower()), phrase, lower)
    unit_re = "|".join(re.escape(unit) for unit in _UNITS)
    # "xã tân lập" -> "xã Tân Lập": title case up to a comma, a dash or the next unit word
    lower = re.sub(
        rf"(?<![\w])({unit_re})\s+([^,;()\-–]+?)(?=\s*(?:[,;()\-–]|$|(?<![\w])(?:{unit_re})(?![\w])))",
        lambda m: f"{m.group(1)} {_title(m.group(2))}",
        lower,
    )
    return lower[:1].upper() + lower[1:]
