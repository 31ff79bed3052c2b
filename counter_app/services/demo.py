"""A realistic synthetic commune history for demonstrations, training and benchmarks.

``generate`` writes ``count`` dossiers received over the last four to five years (ending at the top
of the current hour) into an initialised database: Vietnamese applicants (family names in their real
proportions, ID numbers consistent with sex and birth year, phones, addresses in the commune),
procedures in plausible proportions, real dossier codes (workstation-partitioned daily numbers,
continued by later intakes), due dates from the office calendar, register lines, and event histories
the lifecycle state machine accepts: old dossiers closed, recent ones at every stage, some late.
Payloads follow what the intake and lifecycle services write. Nothing goes to the outbox or the
notice queue (demo data must never reach a hub or a citizen); one audit entry records the run.
The same seed, clock and starting database give the same history.

How it stays fast (a million dossiers in about a minute and a half on two cores):

- this thread draws the history in chunks of :data:`CHUNK` dossiers (each from its own seeded
  generator) and writes each chunk, packed into integers, into a throw-away *staging* SQLite file;
- a writer thread, on its own connection (``synchronous = OFF``, a large page cache), copies the
  staged chunks into the counter database with ``INSERT … SELECT`` statements that expand them
  (codes, uids, timestamps, applicants, papers, payloads) inside SQLite, which runs without the GIL,
  so drawing and writing overlap; :data:`GROUP` chunks make one transaction, each consistent (dossiers,
  applicants, papers, events, search rows, daily numbers and register lines together);
- on a database whose search index is still empty, a third thread builds the search rows in a side
  database meanwhile, and its FTS5 tables are copied in at the end (much cheaper than indexing in
  place). Interrupted at the wrong moment, such a run leaves dossiers the search cannot find: start
  again from a fresh data directory.

Uids are uuid-shaped: a per-run prefix, then the row id in hex, so the unique indexes grow at their
end rather than at random places.
"""

from __future__ import annotations

import bisect
import itertools
import json
import logging
import queue
import random
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from counter_app.domain.calendar import OFFICE_TZ, WorkingCalendar, office_time, parse_hhmm
from counter_app.domain.codes import BLOCK, MAX_WORKSTATION, parse_dossier_code
from counter_app.domain.errors import InvalidInput
from counter_app.domain.lifecycle import EventKind, LifecycleEvent, Status, next_status
from counter_app.domain.text import fold, nfc
from counter_app.services import audit
from counter_app.services.calendar import working_calendar
from counter_app.services.context import Context
from counter_app.services.errors import Refused
from counter_app.services.office import current_office
from counter_app.storage.base import BUSY_TIMEOUT_MS
from counter_app.storage.fts import FTS_TABLE
from counter_app.storage.models import (
    Agency,
    Applicant,
    DailySequence,
    Dossier,
    DossierEvent,
    OnlineOnlyRule,
    Procedure,
    ProcedureComponent,
    RegisterSequence,
)

log = logging.getLogger(__name__)
AUDIT_ACTION = "demo.generate"
CHUNK = 50_000
"""Dossiers per staged chunk (fixed: each chunk draws from its own seeded generator)."""
GROUP = 4
"""Staged chunks per transaction: fewer commits rewrite the randomly filled index pages less often."""
MAX_COUNT = 5_000_000
YEARS = 4.5
WORKSTATIONS = 3
LOAD_FACTOR = 0.45
"""Average share of the daily code capacity the history may use before it is spread over more years."""
OPEN, LUNCH_FROM, LUNCH_TO, CLOSE = 7 * 3600 + 1800, 11 * 3600 + 30 * 60, 13 * 3600 + 30 * 60, 17 * 3600
DAY = 86_400
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_SECRET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # services.intake's alphabet: 32 letters, 5 bits each


@dataclass(frozen=True)
class DemoReport:
    dossiers: int
    events: int
    seconds: float
    first_day: date
    last_day: date


def event_of(kind: str, payload: Mapping[str, Any]) -> LifecycleEvent:
    """The state machine's view of a stored event (the flags the demo writes into payloads)."""
    return LifecycleEvent(
        EventKind(kind),
        interlinked=bool(payload.get("interlinked", False)),
        on_request=bool(payload.get("on_request", False)),
    )


# ----------------------------------------------------------------------------- people


def _weighted(table: str) -> list[tuple[str, float]]:
    """``"Nguyễn 38, Trần 11"`` -> ``[("Nguyễn", 38.0), ("Trần", 11.0)]`` (NFC)."""
    pairs = []
    for item in table.split(","):
        name, weight = item.strip().rsplit(" ", 1)
        pairs.append((nfc(name), float(weight)))
    return pairs


def _words(text: str, separator: str | None = None) -> list[str]:
    return [nfc(word.strip()) for word in text.split(separator)]


# Family names with their share in %: the big ones follow published Vietnamese surname frequencies.
_FAMILY = _weighted(
    "Nguyễn 38, Trần 11, Lê 9.5, Phạm 7, Hoàng 3.2, Huỳnh 1.8, Phan 4.5, Vũ 2.4, Võ 1.6, Đặng 2, Bùi 2, "
    "Đỗ 1.4, Hồ 1.3, Ngô 1.3, Dương 1, Lý 0.5, Trương 0.9, Đinh 0.9, Đoàn 0.7, Lương 0.6, Trịnh 0.6, Mai 0.5, "
    "Lâm 0.5, Hà 0.5, Cao 0.5, Đào 0.5, Tạ 0.3, Chu 0.3, Phùng 0.3, Kiều 0.2, Lưu 0.3, Tô 0.2, Triệu 0.2, "
    "Vương 0.2, Quách 0.15, Thái 0.15, Khúc 0.1, Lò 0.1, Nông 0.15, Hứa 0.1, Thân 0.1, La 0.1"
)
_SOUTHERN = {nfc("Hoàng"): nfc("Huỳnh"), nfc("Vũ"): nfc("Võ")}  # the same families, spelled the southern way
_MALE_MIDDLE = _weighted(
    "Văn 40, Đức 9, Minh 8, Quốc 6, Hữu 6, Đình 5, Công 5, Thanh 4, Xuân 3, Trọng 3, Mạnh 2, Tiến 2, "
    "Ngọc 2, Quang 3, Anh 2, Gia 2, Hoàng 2, Duy 2"
)
_FEMALE_MIDDLE = _weighted(
    "Thị 55, Ngọc 7, Thu 5, Thanh 5, Minh 3, Phương 3, Hồng 3, Kim 3, Bích 2, Mai 2, Hoài 2, Diệu 1, "
    "Khánh 2, Bảo 2, Thùy 2, Mỹ 2"
)
_SECOND_MIDDLE = _words("Thu Thanh Ngọc Minh Phương Kim Hồng Bích Thùy Mỹ Diệu Hải")
# Given names, commonest first (drawn with Zipf-like weights).
_MALE_GIVEN = _words(
    "Anh Minh Hùng Dũng Tuấn Hải Nam Sơn Long Quang Thắng Cường Trung Đức Huy Hoàng Thành Phong Bình Hiếu "
    "Tùng Việt Khánh Lâm Quân Tâm Toàn Hưng Vinh Phúc Đạt Kiên Hòa Nghĩa Tài Thịnh Lộc Tiến An Bảo Duy "
    "Khoa Khang Khôi Lực Mạnh Nhân Phát Quý Sang Tân Thái Thiện Trí Tú Văn Vũ Định Đông Giang Hậu Hiển "
    "Hiệp Hào Luân Lợi Phước Trường Chiến Công Dương"
)
_FEMALE_GIVEN = _words(
    "Linh Hương Trang Hà Lan Anh Hoa Thảo Ngọc Hằng Huyền Thủy Phương Mai Nhung Yến Dung Thu Hiền Hạnh "
    "Vân Loan Nga Liên Quỳnh Oanh Tuyết Trâm Uyên Vy My Nhi Ly Chi Giang Diệp Duyên Hồng Huệ Lệ Nguyệt "
    "Ngân Quyên Thơ Thúy Thư Xuân Ánh Châu Bình Hậu Thắm Thoa Tâm Hòa Khánh Lụa Nhàn"
)
_HAMLETS = [
    nfc(h)
    for h in (
        *(f"Thôn {n}" for n in range(1, 13)),
        *("Thôn Đông", "Thôn Đoài", "Thôn Thượng", "Thôn Hạ", "Thôn Trung", "Thôn Tân Lập", "Thôn Hòa Bình"),
        *("Xóm Mới", "Xóm Chùa", "Xóm Đình", "Xóm Bãi", "Tổ dân phố Tân Hòa", "Tổ dân phố Bắc Sơn"),
        *(f"Tổ dân phố {n}" for n in range(1, 7)),
    )
]
_OTHER_COMMUNES = [
    nfc(c)
    for c in (
        "xã Hưng Long",
        "xã Tiên Phong",
        "phường Nông Trang",
        "xã Thanh Sơn",
        "xã Yên Lạc",
        "phường Hùng Vương",
        "xã Đồng Tâm",
        "xã Minh Đức",
    )
]
# Provincial codes of personal IDs (digits 1-3) and the province names, to recognise the office's.
_PROVINCES = [
    (item[:3], item[4:])
    for item in _words(
        "001 Hà Nội, 002 Hà Giang, 004 Cao Bằng, 006 Bắc Kạn, 008 Tuyên Quang, 010 Lào Cai, 011 Điện Biên, "
        "012 Lai Châu, 014 Sơn La, 015 Yên Bái, 017 Hòa Bình, 019 Thái Nguyên, 020 Lạng Sơn, 022 Quảng Ninh, "
        "024 Bắc Giang, 025 Phú Thọ, 026 Vĩnh Phúc, 027 Bắc Ninh, 030 Hải Dương, 031 Hải Phòng, 033 Hưng Yên, "
        "034 Thái Bình, 035 Hà Nam, 036 Nam Định, 037 Ninh Bình, 038 Thanh Hóa, 040 Nghệ An, 042 Hà Tĩnh, "
        "044 Quảng Bình, 045 Quảng Trị, 046 Huế, 048 Đà Nẵng, 049 Quảng Nam, 051 Quảng Ngãi, 052 Bình Định, "
        "054 Phú Yên, 056 Khánh Hòa, 058 Ninh Thuận, 060 Bình Thuận, 062 Kon Tum, 064 Gia Lai, 066 Đắk Lắk, "
        "067 Đắk Nông, 068 Lâm Đồng, 070 Bình Phước, 072 Tây Ninh, 074 Bình Dương, 075 Đồng Nai, "
        "077 Bà Rịa - Vũng Tàu, 079 Hồ Chí Minh, 080 Long An, 082 Tiền Giang, 083 Bến Tre, 084 Trà Vinh, "
        "086 Vĩnh Long, 087 Đồng Tháp, 089 An Giang, 091 Kiên Giang, 092 Cần Thơ, 093 Hậu Giang, "
        "094 Sóc Trăng, 095 Bạc Liêu, 096 Cà Mau",
        ",",
    )
]
_SOUTH_FROM = "048"  # from Đà Nẵng southwards, Huỳnh and Võ rather than Hoàng and Vũ
_PHONE_PREFIXES = (
    ("09", "0123456789", 45),  # 090-099 (Viettel, Vinaphone, MobiFone)
    ("03", "2356789", 35),  # 032-039 (Viettel)
    ("08", "1234568", 20),  # 081-086, 088 (Vinaphone, Viettel)
)


@dataclass(frozen=True)
class _Person:
    full_name: str
    folded: str
    id_number: str | None
    old_id_number: str | None
    birth_date: str
    sex: str
    phone: str | None
    email: str | None
    address: str


def _cumulative(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


class _Pick:
    """Weighted choice by bisection over cumulative weights (faster than random.choices per draw)."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = _cumulative(weights)
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def _zipf(names: Sequence[str]) -> _Pick:
    return _Pick(names, [1.0 / (rank + 3) ** 0.9 for rank in range(len(names))])


def _home_province(parent_name: str | None, office_name: str, rng: random.Random) -> str:
    haystack = fold(f"{parent_name or ''} {office_name}")
    for code, name in _PROVINCES:
        if fold(name) in haystack:
            return code
    return _PROVINCES[rng.randrange(len(_PROVINCES))][0]


def _place_names(office_name: str, parent_name: str | None) -> tuple[str, str]:
    """The commune and province as written in an address (``xã Tân Lập``, ``tỉnh Phú Thọ``)."""
    commune = nfc(office_name).strip()
    if commune.upper().startswith("UBND "):
        commune = commune[5:].strip()
    province = ""
    if parent_name:
        words = nfc(parent_name).strip()
        if words.upper().startswith("UBND "):
            words = words[5:].strip()
        province = " ".join(w.capitalize() for w in words.lower().split())
        for prefix in ("Tỉnh ", "Thành Phố "):
            if province.startswith(prefix):
                province = prefix.lower() + province[len(prefix) :]
    return commune, province


def _people(size: int, rng: random.Random, home: str, commune: str, province: str, today: date) -> list[_Person]:
    southern = home >= _SOUTH_FROM
    families = _Pick([_SOUTHERN.get(n, n) if southern else n for n, _ in _FAMILY], [w for _, w in _FAMILY])
    # People born since 1990 are less often given the traditional Văn / Thị.
    van, thi = nfc("Văn"), nfc("Thị")
    male_middle_old = _Pick([n for n, _ in _MALE_MIDDLE], [w for _, w in _MALE_MIDDLE])
    male_middle_young = _Pick([n for n, _ in _MALE_MIDDLE], [w / 3 if n == van else w for n, w in _MALE_MIDDLE])
    female_middle_old = _Pick([n for n, _ in _FEMALE_MIDDLE], [w for _, w in _FEMALE_MIDDLE])
    female_middle_young = _Pick([n for n, _ in _FEMALE_MIDDLE], [w / 4 if n == thi else w for n, w in _FEMALE_MIDDLE])
    male_given, female_given = _zipf(_MALE_GIVEN), _zipf(_FEMALE_GIVEN)
    second_middle, hamlets, others = _SECOND_MIDDLE, _HAMLETS, _OTHER_COMMUNES
    provinces = [code for code, _ in _PROVINCES]
    phone_pick = _Pick([(p, d) for p, d, _ in _PHONE_PREFIXES], [w for _, _, w in _PHONE_PREFIXES])
    tail = f", {province}" if province else ""
    used_ids: set[str] = set()
    used_phones: set[str] = set()
    people: list[_Person] = []
    folded_words: dict[str, str] = {}
    rnd = rng.random
    for _ in range(size):
        female = rnd() < 0.53
        # Applicants are adults: ages 18-85, most between 25 and 60.
        age = 18 + int(min(67.0, abs(rng.gauss(22.0, 14.0))))
        year = today.year - age
        birth = date(year, 1, 1) + timedelta(days=int(rnd() * 365))
        young = year >= 1990
        family = families(rng)
        if female:
            middle = (female_middle_young if young else female_middle_old)(rng)
            if rnd() < 0.22:
                extra = second_middle[int(rnd() * len(second_middle))]
                middle = f"{middle} {extra}" if extra != middle else middle
            given = female_given(rng)
        else:
            middle = (male_middle_young if young else male_middle_old)(rng)
            if rnd() < 0.06:
                extra = second_middle[int(rnd() * len(second_middle))]
                middle = f"{middle} {extra}" if extra != middle else middle
            given = male_given(rng)
        if middle.split(" ", 1)[0] == family:  # "Hoàng Hoàng …" exists but is rare
            middle = thi if female else van
        if given == middle.rsplit(" ", 1)[-1]:
            given = (female_given if female else male_given)(rng)
        full_name = f"{family} {middle} {given}"
        id_number = None
        if rnd() < 0.94:
            province_code = home if rnd() < 0.8 else provinces[int(rnd() * len(provinces))]
            century_sex = 2 * ((year - 1900) // 100) + (1 if female else 0)
            while True:
                candidate = f"{province_code}{century_sex}{year % 100:02d}{int(rnd() * 1_000_000):06d}"
                if candidate not in used_ids:
                    used_ids.add(candidate)
                    id_number = candidate
                    break
        with_old = id_number is None or (year < 2000 and rnd() < 0.2)
        old_id = f"{int(rnd() * 1_000_000_000):09d}" if with_old else None
        phone = None
        if rnd() < 0.9:
            while True:
                prefix, thirds = phone_pick(rng)
                candidate = f"{prefix}{thirds[int(rnd() * len(thirds))]}{int(rnd() * 10_000_000):07d}"
                if candidate not in used_phones:
                    used_phones.add(candidate)
                    phone = candidate
                    break
        words = full_name.split(" ")
        for word in words:
            if word not in folded_words:
                folded_words[word] = fold(word)
        folded = " ".join(folded_words[word] for word in words)  # == fold(full_name), much faster
        email = None
        if rnd() < 0.05:
            parts = folded.split()
            email = f"{parts[-1]}{parts[0]}{year % 100:02d}{int(rnd() * 100)}@gmail.com"
        house = f"Số {1 + int(rnd() * 180)}, " if rnd() < 0.3 else ""
        if rnd() < 0.9:
            address = f"{house}{hamlets[int(rnd() * len(hamlets))]}, {commune}{tail}"
        else:
            address = f"{house}{hamlets[int(rnd() * 12)]}, {others[int(rnd() * len(others))]}{tail}"
        people.append(
            _Person(
                full_name=full_name,
                folded=folded,
                id_number=id_number,
                old_id_number=old_id,
                birth_date=birth.isoformat(),
                sex="female" if female else "male",
                phone=phone,
                email=email,
                address=address,
            )
        )
    return people


# ----------------------------------------------------------------------------- procedures

# Relative frequency per procedure code at a commune counter; unknown codes get _DEFAULT_WEIGHT.
_WEIGHTS = dict(
    _weighted(
        # chứng thực bản sao, chứng thực chữ ký, khai sinh, xác nhận tình trạng hôn nhân, trích lục hộ tịch,
        # chứng thực giao dịch đất/nhà, khai tử, kết hôn, tạm trú, thường trú, liên thông khai sinh, thẻ BHYT
        "2.000815 44, 2.000884 13, 1.001193 6, 1.004873 4.5, 2.000635 3.5, 2.001035 3, 1.000656 2.2, "
        "1.000894 2, 1.004194 2, 1.004222 1.6, 3.000722 1.6, 1.014137 1.2, "
        # cải chính hộ tịch, gia hạn tạm trú, liên thông khai tử, bản sao từ sổ gốc, trợ cấp xã hội,
        # phân chia di sản, tạm vắng, xóa thường trú, tách hộ, hộ kinh doanh, giấy phép xây dựng, ...
        "1.004859 1, 1.002755 0.7, 2.002913 0.6, 2.000908 0.6, 1.001776 0.8, 2.001406 0.6, 1.003677 0.4, "
        "1.003197 0.4, 1.010038 0.3, 2.000942 0.4, 1.001612 0.5, 1.013225 0.4, 1.014027 0.4, 2.001019 0.2, "
        "2.001016 0.2, 2.000913 0.2, 2.000927 0.15, 1.004884 0.25, 1.001022 0.15, 1.000689 0.08, "
        "1.004837 0.08, 1.004845 0.04, 1.004746 0.04, 1.005461 0.04, 1.012812 0.15"
    )
)
_DEFAULT_WEIGHT = 0.1
# Who works on a dossier, by the procedure's field: the commune officer, then an interlinked agency.
_OFFICER_BY_FIELD = {
    "hộ tịch": "CC_TPHT",
    "chứng thực": "CC_TPHT",
    "bảo trợ xã hội": "CC_VHXH",
    "bảo hiểm y tế": "CC_VHXH",
    "xây dựng": "PHONG_KT",
    "thành lập và hoạt động của hộ kinh doanh": "PHONG_KT",
    "đất đai": "CC_DCXD",
}
_LINK_BY_FIELD = {"cư trú": "CAX", "bảo hiểm y tế": "BHXH_CS"}
_LINKED_CODES = {"3.000722": "CAX", "2.002913": "CAX"}  # liên thông khai sinh / khai tử
_DEFAULT_OFFICER = "CC_VP"
_QUICK_FIELDS = ("chứng thực",)  # done at the counter while the citizen waits


def _by_field(table: Mapping[str, str], folded_field: str) -> str | None:
    return next((value for key, value in table.items() if fold(key) == folded_field), None)


@dataclass(frozen=True)
class _Proc:
    id: int
    working_days: int
    cutoff: int | None  # local seconds
    cutoff_text: str | None
    result_by_post: bool
    officer: str | None  # None: the interlinked agency does the work itself (residence: the police)
    link: str | None
    quick: bool
    components: int
    # Directive 24/CT-TTg: from this moment (epoch seconds) the service takes no paper dossier, so the
    # demo files it online with the citizen (an assisted filing) instead of over the counter.
    online_from: int | None = None


# ----------------------------------------------------------------------------- lifecycle

_KINDS = list(EventKind)
_STATUSES = list(Status)
_K = {kind: i for i, kind in enumerate(_KINDS)}
_S = {status: i for i, status in enumerate(_STATUSES)}
_FINAL = {_S[s] for s in (Status.RETURNED, Status.REFUSED, Status.WITHDRAWN, Status.STOPPED)}


class _E:
    """Event kinds as the small integers the history is drawn with (enum lookups are slow in a hot loop)."""

    SUBMITTED = _K[EventKind.SUBMITTED]
    INTAKE_INCOMPLETE = _K[EventKind.INTAKE_INCOMPLETE]
    RECEIVED = _K[EventKind.RECEIVED]
    REFUSED = _K[EventKind.REFUSED]
    TRANSFERRED = _K[EventKind.TRANSFERRED]
    SUPPLEMENT_REQUESTED = _K[EventKind.SUPPLEMENT_REQUESTED]
    SUPPLEMENT_SUPPLIED = _K[EventKind.SUPPLEMENT_SUPPLIED]
    RESULT_READY = _K[EventKind.RESULT_READY]
    HANDED_TO_POST = _K[EventKind.HANDED_TO_POST]
    UNDELIVERABLE = _K[EventKind.UNDELIVERABLE]
    RETURNED = _K[EventKind.RETURNED]
    WITHDRAWN = _K[EventKind.WITHDRAWN]
    STOPPED = _K[EventKind.STOPPED]
    APOLOGY_ISSUED = _K[EventKind.APOLOGY_ISSUED]
    PRINTED = _K[EventKind.PRINTED]
    NOTIFIED = _K[EventKind.NOTIFIED]


class _Payloads:
    """Event payloads as JSON texts with ids (staged as integers, expanded by SQLite)."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.flags: list[tuple[bool, bool]] = []
        self._ids: dict[str, int] = {}

    def __call__(self, **payload: Any) -> int:
        encoded = json.dumps(payload)  # what SQLAlchemy's JSON type writes
        found = self._ids.get(encoded)
        if found is None:
            found = self._ids[encoded] = len(self.texts)
            self.texts.append(encoded)
            self.flags.append((bool(payload.get("interlinked")), bool(payload.get("on_request"))))
        return found


# Payloads follow what services.intake, services.lifecycle and services.documents write and read.
_P = _Payloads()
_P_EMPTY = _P()
_P_RECEIVED = _P(late_entry=False)
_P_RECEIVED_LATE = _P(late_entry=True)
_P_COMPLETED = _P(completed=True)  # an online application accepted at the counter
_P_SUBMITTED = _P(portal="dichvucong")
_P_REFUSED_AT_INTAKE = [
    _P(late_entry=False, reason="Không thuộc thẩm quyền giải quyết của UBND cấp xã"),
    _P(late_entry=False, reason="Không đủ điều kiện theo quy định"),
    _P(late_entry=False, reason="Giấy tờ không hợp lệ"),
]
_P_REFUSED_ONLINE = [_P(reason="Không thuộc thẩm quyền giải quyết của UBND cấp xã"), _P(reason="Giấy tờ không hợp lệ")]
_INCOMPLETE_NOTES = (
    "Thiếu giấy tờ theo quy định",
    "Bản chụp giấy tờ không rõ nét",
    "Tờ khai chưa ký, chưa ghi đủ thông tin",
)
_SUPPLEMENT_NOTES = (
    "Bổ sung giấy tờ chứng minh nơi cư trú",
    "Bổ sung văn bản ủy quyền có chứng thực",
    "Cần xác minh thêm thông tin",
    "Bổ sung bản sao giấy tờ tùy thân",
)
_P_SUPPLIED = {i: _P(note=None, clock="resumed", interlinked=i) for i in (False, True)}
_P_RESULT = _P(outcome="granted", note=None)
_P_RESULT_DENIED = _P(outcome="denied", note="Không đủ điều kiện theo quy định")
_P_WITHDRAW_REQUEST = _P(reason="Công dân có văn bản đề nghị rút hồ sơ", on_request=True, request_ref=None)
_P_WITHDRAW_PORTAL = _P(reason="Công dân không bổ sung hồ sơ trực tuyến", on_request=False, request_ref=None)
_P_WITHDRAW_ONLINE = _P(reason="Công dân hủy hồ sơ trực tuyến", on_request=False, request_ref=None)
_P_STOPPED = [_P(reason="Quá thời hạn bổ sung hồ sơ"), _P(reason="Cơ quan có thẩm quyền đề nghị dừng giải quyết")]
_P_REPRINT = _P(document="receipt", reprint=True)
_P_NOTIFIED = [_P(kind="result_ready", channel="sms"), _P(kind="result_ready", channel="email")]
_P_HANDED = _P(to="BUU_DIEN")
_P_UNDELIVERABLE = _P(reason="Không liên lạc được người nhận")
_P_DELIVERED = _P(by_post=True)
_P_RETURNED_AT_COUNTER = _P(at_counter=True)
"""Placeholder while drawing: staged as _RECEIVER + the applicant's person number, whose own payload
(the applicant as the receiver, as services.lifecycle writes it) the copy takes from the people table."""
_RECEIVER = 1 << 20  # payload numbers from here on are people; the registry stays far below
_APOLOGY_REASONS = (
    "Hồ sơ cần xác minh thêm tại cơ quan liên thông",
    "Cán bộ thụ lý vắng do công tác đột xuất",
    "Hệ thống phần mềm chuyên ngành gặp sự cố",
)
_cache: dict[tuple[Any, ...], int] = {}


def _cached(key: tuple[Any, ...], **payload: Any) -> int:
    found = _cache.get(key)
    if found is None:
        found = _cache[key] = _P(**payload)
    return found


def _incomplete(position: int, note: int) -> int:
    """What services.intake writes for an incomplete application (Mẫu 02)."""
    return _cached(("incomplete", position, note), late_entry=False, missing=[position], note=_INCOMPLETE_NOTES[note])


def _supplement(position: int, note: int) -> int:
    """What services.lifecycle writes when it asks for a paper (the clock stops)."""
    return _cached(("supplement", position, note), missing=[position], note=_SUPPLEMENT_NOTES[note], clock="paused")


def _apology(due: int, appointment: int, late_notice: bool, reason: int) -> int:
    """What services.lifecycle writes with an apology (Mẫu 04): one per dossier, dates included."""
    return _P(
        reason=_APOLOGY_REASONS[reason],
        old_appointment=datetime.fromtimestamp(due, UTC).isoformat(),
        new_appointment=datetime.fromtimestamp(appointment, OFFICE_TZ).isoformat(),
        reschedule=1,
        second_reschedule=False,
        confirmed_by=None,
        late_notice=late_notice,
    )


_step_cache: dict[tuple[int, int, int], int] = {}


def _step(status: int, kind: int, payload: int) -> int:
    """The domain state machine (``next_status``), memoised on small integers; -1 is "no status"."""
    key = (status, kind, payload)
    found = _step_cache.get(key)
    if found is None:
        interlinked, on_request = _P.flags[payload]
        current = None if status < 0 else _STATUSES[status]
        after = next_status(current, LifecycleEvent(_KINDS[kind], interlinked=interlinked, on_request=on_request))
        found = _step_cache[key] = _S[after]
    return found


# ----------------------------------------------------------------------------- the plan


@dataclass
class _Setup:
    agency_code: str
    office_name: str
    parent_name: str | None
    workstations: list[int]
    procedures: list[_Proc]
    proc_weights: list[float]
    calendar: WorkingCalendar
    dossier_start: int
    applicant_start: int
    event_start: int
    used: dict[tuple[int, int], int]  # (day ordinal, workstation) -> last daily number issued
    registers: dict[str, int]  # register book ("2025-2": year and workstation) -> last line number
    fts_create: str | None  # the FTS5 declaration when its index is empty (then it is built aside)
    agency_names: dict[str, str]
    actor_id: int | None
    actor_name: str


@dataclass(frozen=True)
class _Slot:
    """One dossier's place in time and in the code sequence."""

    received: int  # epoch seconds
    day_index: int  # index into the working-day table
    local_seconds: int
    dayseq: int  # YYMMDD * 10000 + daily number


class _Timeline:
    """Working days from the first day of the history to well after today, with epoch arithmetic."""

    def __init__(self, calendar: WorkingCalendar, first: date, last: date) -> None:
        self.days: list[date] = []
        self.midnight: list[int] = []  # epoch of local midnight
        self.index_of: dict[int, int] = {}  # ordinal -> index of that working day or the next one
        pending: list[int] = []
        day = first
        while day <= last:
            pending.append(day.toordinal())
            if calendar.is_working_day(day):
                for ordinal in pending:
                    self.index_of[ordinal] = len(self.days)
                pending.clear()
                self.days.append(day)
                self.midnight.append(int(datetime.combine(day, datetime.min.time(), OFFICE_TZ).timestamp()))
            day += timedelta(days=1)
        self.last = len(self.days) - 1

    def at(self, index: int, local_seconds: int) -> int:
        return self.midnight[min(index, self.last)] + local_seconds


def _minute_weights() -> tuple[list[int], list[float]]:
    """Office minutes 07:30-17:00 and how busy each is (morning peak, quiet lunch)."""
    minutes, weights = [], []
    for minute in range(OPEN // 60, CLOSE // 60):
        second = minute * 60
        if second < 8 * 3600:
            w = 0.6
        elif second < 10 * 3600 + 1800:
            w = 1.6
        elif second < LUNCH_FROM:
            w = 1.0
        elif second < LUNCH_TO:
            w = 0.08
        elif second < 15 * 3600 + 1800:
            w = 0.9
        else:
            w = 0.5
        minutes.append(minute)
        weights.append(w)
    return minutes, _cumulative(weights)


_MONTH = (0, 1.15, 0.8, 1.0, 0.95, 1.0, 1.05, 1.12, 1.15, 1.0, 0.95, 1.0, 1.1)
_WEEKDAY = (1.2, 1.05, 1.0, 1.0, 0.85, 0.6, 0.5)
_MERGER = date(2025, 7, 1)  # two-level local government: merged, larger communes


def _day_counts(
    timeline: _Timeline, first_index: int, today_index: int, today_share: float, count: int, rng: random.Random
) -> list[int]:
    """How many dossiers each working day receives: growth, weekday, season, noise; sums to ``count``."""
    span = max(1, today_index - first_index)
    weights = []
    for i in range(first_index, today_index + 1):
        day = timeline.days[i]
        w = (0.6 + 0.8 * (i - first_index) / span) * _WEEKDAY[day.weekday()] * _MONTH[day.month]
        w *= (1.3 if day >= _MERGER else 1.0) * rng.uniform(0.85, 1.15)
        weights.append(w)
    weights[-1] *= today_share
    total = sum(weights)
    expected = [count * w / total for w in weights]
    counts = [int(e) for e in expected]
    short = count - sum(counts)
    by_remainder = sorted(range(len(expected)), key=lambda j: (counts[j] - expected[j], j))
    for j in by_remainder[:short]:
        counts[j] += 1
    return counts


# ----------------------------------------------------------------------------- staging

# Staged rows are packed integers, expanded by the copy statements below:
# dossier.flags = status | channel << 4 | return_by_post << 6 | late_entry << 7 | reschedule_count << 8,
# dossier.dayseq = YYMMDD * 10000 + daily number, event.code = kind << 26 | status_after << 21 | payload.
# dossier.register is the line in the register book of the reception year and workstation (accepted only).
_STAGE_SCHEMA = (
    "CREATE TABLE dossier(id INTEGER PRIMARY KEY, person INTEGER, procedure_id INTEGER, flags INTEGER, "
    "received INTEGER, dayseq INTEGER, due INTEGER, appointment INTEGER, resolved INTEGER, finished INTEGER, "
    "secret TEXT, updated INTEGER, register INTEGER)",
    "CREATE TABLE event(id INTEGER PRIMARY KEY, dossier_id INTEGER, seq INTEGER, code INTEGER, at INTEGER, "
    "recorded INTEGER)",
    "CREATE TABLE sequence(day TEXT, workstation INTEGER, last INTEGER, PRIMARY KEY(day, workstation))",
    "CREATE TABLE payload(id INTEGER PRIMARY KEY, body TEXT)",
    "CREATE TABLE book(book TEXT PRIMARY KEY, last INTEGER)",
)
_DOSSIER_COLUMNS = (
    "person, procedure_id, flags, received, dayseq, due, appointment, resolved, finished, secret, updated, register"
)
_EVENT_COLUMNS = "dossier_id, seq, code, at, recorded"
_CHANNEL_NAMES = ("direct", "online", "postal")
_COMMON_SCHEMA = (
    "CREATE TABLE person(id INTEGER PRIMARY KEY, full_name TEXT, folded TEXT, id_number TEXT, "
    "old_id_number TEXT, birth_date TEXT, sex TEXT, phone TEXT, email TEXT, address TEXT, receiver TEXT)",
    "CREATE TABLE kind(id INTEGER PRIMARY KEY, name TEXT)",
    "CREATE TABLE status(id INTEGER PRIMARY KEY, name TEXT)",
)


def _ts(column: str) -> str:
    """SQL turning epoch seconds into the text SQLAlchemy stores for a UtcDateTime (naive UTC)."""
    return f"datetime({column}, 'unixepoch') || '.000000'"


_CODE_SQL = "printf('%s-%06d-%04d', :agency, d.dayseq / 10000, d.dayseq % 10000)"
_CHANNEL_SQL = " ".join(f"WHEN {i} THEN '{name}'" for i, name in enumerate(_CHANNEL_NAMES))
_DOSSIERS, _EVENTS = "dossiers", "events"
_FTS_SQL = (
    f"INSERT INTO main.{FTS_TABLE} (rowid, body) "
    f"SELECT d.id + :dossier_base, p.folded || ' ' || lower({_CODE_SQL}) || coalesce(' ' || p.id_number, '') "
    "|| coalesce(' ' || p.phone, '') FROM stage.dossier d JOIN c.person p ON p.id = d.person ORDER BY d.id"
)
# The statements that move a staged chunk into the counter database, and which staged count each must match.
_COPY_SQL: tuple[tuple[str, str | None], ...] = (
    ("INSERT INTO temp.payload SELECT id, body FROM stage.payload", None),  # new payload texts of the chunk
    (
        "INSERT INTO main.applicant (id, full_name, id_number, old_id_number, birth_date, sex, phone, email, address) "
        "SELECT d.id + :applicant_base, p.full_name, p.id_number, p.old_id_number, p.birth_date, p.sex, p.phone, "
        "p.email, p.address FROM stage.dossier d JOIN c.person p ON p.id = d.person ORDER BY d.id",
        _DOSSIERS,
    ),
    (
        "INSERT INTO main.dossier (id, uid, code, procedure_id, applicant_id, channel, return_by_post, "
        "postal_address, received_at, due_at, appointment_at, resolved_at, finished_at, status, lookup_secret, "
        "workstation, late_entry, reschedule_count, created_by, updated_at, register_book, register_number) "
        f"SELECT d.id + :dossier_base, printf('%s%012x', :dossier_uid, d.id + :dossier_base), {_CODE_SQL}, "
        f"d.procedure_id, d.id + :applicant_base, CASE (d.flags >> 4) & 3 {_CHANNEL_SQL} END, (d.flags >> 6) & 1, "
        "CASE WHEN (d.flags >> 6) & 1 THEN (SELECT address FROM c.person p WHERE p.id = d.person) END, "
        f"{_ts('d.received')}, {_ts('d.due')}, {_ts('coalesce(d.appointment, d.due)')}, {_ts('d.resolved')}, "
        f"{_ts('d.finished')}, st.name, d.secret, d.dayseq % 10000 / {BLOCK}, (d.flags >> 7) & 1, d.flags >> 8, "
        f":actor_id, {_ts('d.updated')}, CASE WHEN d.register IS NOT NULL THEN "
        f"printf('%d-%d', 2000 + d.dayseq / 100000000, d.dayseq % 10000 / {BLOCK}) END, d.register "
        "FROM stage.dossier d JOIN c.status st ON st.id = d.flags & 15 ORDER BY d.id",
        _DOSSIERS,
    ),
    (
        "INSERT INTO main.dossier_component (dossier_id, position, name, form, count, received) "
        "SELECT d.id + :dossier_base, pc.position, pc.name, pc.form, pc.count, 1 FROM stage.dossier d "
        "JOIN main.procedure_component pc ON pc.procedure_id = d.procedure_id ORDER BY d.id, pc.id",
        None,
    ),
    (
        "INSERT INTO main.dossier_event (id, uid, dossier_id, seq, kind, status_after, at, recorded_at, actor_id, "
        "actor_name, payload) "
        "SELECT e.id + :event_base, printf('%s%012x', :event_uid, e.id + :event_base), e.dossier_id, e.seq, "
        f"k.name, st.name, {_ts('e.at')}, {_ts('coalesce(e.recorded, e.at)')}, :actor_id, :actor_name, "
        f"CASE WHEN e.code & 2097151 >= {_RECEIVER} THEN (SELECT receiver FROM c.person p "
        f"WHERE p.id = (e.code & 2097151) - {_RECEIVER}) ELSE pl.body END "
        "FROM stage.event e JOIN c.kind k ON k.id = e.code >> 26 JOIN c.status st ON st.id = (e.code >> 21) & 31 "
        "LEFT JOIN temp.payload pl ON pl.id = e.code & 2097151 ORDER BY e.id",
        _EVENTS,
    ),
    (_FTS_SQL, _DOSSIERS),
    (
        "INSERT INTO main.daily_sequence (day, workstation, last) SELECT day, workstation, last FROM stage.sequence "
        "WHERE true ON CONFLICT (day, workstation) DO UPDATE SET last = max(last, excluded.last)",
        None,
    ),
    (
        "INSERT INTO main.register_sequence (book, last) SELECT book, last FROM stage.book "
        "WHERE true ON CONFLICT (book) DO UPDATE SET last = max(last, excluded.last)",
        None,
    ),
)


class _Staged:
    """One staged chunk; the file goes when every consumer is done with it."""

    _lock = threading.Lock()

    def __init__(self, path: Path, dossiers: int, events: int, bases: dict[str, int]) -> None:
        self.path = path
        self.dossiers = dossiers
        self.events = events
        self.bases = bases  # what to add to staged row ids to get the database ids
        self.users = 0

    def release(self) -> None:
        with self._lock:
            self.users -= 1
            last = self.users == 0
        if last:
            self.path.unlink()


def _check_rows(written: int, staged: int, chunk: _Staged) -> None:
    if written != staged:
        raise RuntimeError(f"demo: {written} rows written for {staged} staged ({chunk.path.name})")


def _stage_connection(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    return connection


# While loading, FTS5 merges its segments once at the end ("optimize") rather than as it goes: about a
# third less work. The defaults are put back afterwards.
_BULK_FTS_OPTIONS = (("automerge", 0), ("crisismerge", 256))
_DEFAULT_FTS_OPTIONS = (("automerge", 4), ("crisismerge", 16))


class _Consumer(threading.Thread):
    """A thread that takes staged chunks from its queue and runs SQL over them (SQLite runs without the GIL)."""

    def __init__(self, name: str, db_path: Path, common: Path, params: dict[str, Any], cache_kib: int) -> None:
        super().__init__(name=name, daemon=True)
        self.queue: queue.Queue[_Staged | None] = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.drained = False  # the producer's closing None was taken
        self.completed = False  # every chunk was written
        self.abort = False  # set by the producer when it fails: roll back instead of committing
        self.seconds: dict[str, float] = {}
        self.db_path = db_path
        self.common = common
        self.params = params
        self.cache_kib = cache_kib

    def run(self) -> None:
        connection = None
        try:
            connection = sqlite3.connect(self.db_path, isolation_level=None, check_same_thread=False)
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # This connection only: demo data can be regenerated, so no fsync; a big page cache keeps
            # the randomly filled indexes (ID number, phone) in memory. Both end with the connection.
            connection.execute("PRAGMA synchronous = OFF")
            connection.execute(f"PRAGMA cache_size = -{self.cache_kib}")
            connection.execute("ATTACH DATABASE ? AS c", (str(self.common),))
            connection.execute("PRAGMA c.cache_size = -131072")  # the people, looked up at random
            self.consume(connection)
        except BaseException as exc:  # noqa: BLE001 - handed to the producing thread
            self.error = exc
            while not self.drained:  # drain so the producer never blocks
                staged = self.take()
                if staged is not None:
                    staged.release()
        finally:
            if connection is not None:
                connection.close()

    def take(self) -> _Staged | None:
        """The next staged chunk, or None once the producer is done (remembered: it sends None only once,
        so a consumer that fails after taking it must not wait for it again)."""
        staged = self.queue.get()
        if staged is None:
            self.drained = True
        return staged

    def consume(self, connection: sqlite3.Connection) -> None:
        raise NotImplementedError

    def execute(self, connection: sqlite3.Connection, sql: str, parameters: Mapping[str, Any] | None = None) -> int:
        started = time.perf_counter()
        written = connection.execute(sql, parameters or {}).rowcount
        label = " ".join(sql.split()[:3])
        self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - started
        return written


class _Writer(_Consumer):
    """Copies staged chunks into the counter database, :data:`GROUP` chunks per transaction."""

    def __init__(self, *args: Any, with_fts: bool) -> None:
        super().__init__("demo-writer", *args)
        self.statements = [(sql, expected) for sql, expected in _COPY_SQL if with_fts or sql != _FTS_SQL]
        self.with_fts = with_fts

    def consume(self, connection: sqlite3.Connection) -> None:
        fts_config = f"INSERT INTO main.{FTS_TABLE}({FTS_TABLE}, rank) VALUES (?, ?)"
        if self.with_fts:
            connection.execute("BEGIN IMMEDIATE")
            for option, value in _BULK_FTS_OPTIONS:
                connection.execute(fts_config, (option, value))
            connection.execute("COMMIT")
        group: list[tuple[str, _Staged]] = []
        connection.execute("CREATE TEMP TABLE payload(id INTEGER PRIMARY KEY, body TEXT)")
        try:
            while True:
                staged = self.take()
                if staged is not None:
                    if not group:
                        connection.execute("BEGIN IMMEDIATE")
                    schema = f"stage{len(group)}"  # a database cannot be detached inside a transaction
                    connection.execute(f"ATTACH DATABASE ? AS {schema}", (str(staged.path),))
                    group.append((schema, staged))
                    parameters = {**self.params, **staged.bases}
                    for sql, expected in self.statements:
                        written = self.execute(connection, sql.replace("stage.", f"{schema}."), parameters)
                        if expected is not None:
                            _check_rows(written, getattr(staged, expected), staged)
                if group and (staged is None or len(group) == GROUP):
                    self.execute(connection, "ROLLBACK" if self.abort else "COMMIT")
                    _detach(connection, group)
                if staged is None:
                    break
            self.completed = True
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            _detach(connection, group)
            raise
        finally:
            if self.with_fts:
                connection.execute("BEGIN IMMEDIATE")
                for option, value in _DEFAULT_FTS_OPTIONS:
                    connection.execute(fts_config, (option, value))
                if self.completed:
                    self.execute(connection, f"INSERT INTO main.{FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
                connection.execute("COMMIT")


class _SearchIndexBuilder(_Consumer):
    """Builds the search rows in a side database while the writer fills the counter database.

    Used when the counter database's search index is still empty: the side index, built by the same
    FTS5 declaration and optimised, is then copied table by table into the counter database's FTS5
    shadow tables, which is much cheaper than indexing there (and runs on the second core meanwhile).
    """

    def __init__(self, *args: Any, create_sql: str) -> None:
        super().__init__("demo-search-index", *args)
        self.create_sql = create_sql

    def consume(self, connection: sqlite3.Connection) -> None:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute(self.create_sql)
        for option, value in _BULK_FTS_OPTIONS:  # stored in this side database only
            connection.execute(f"INSERT INTO main.{FTS_TABLE}({FTS_TABLE}, rank) VALUES (?, ?)", (option, value))
        connection.execute("BEGIN")
        while (staged := self.take()) is not None:
            connection.execute("ATTACH DATABASE ? AS stage0", (str(staged.path),))
            written = self.execute(connection, _FTS_SQL.replace("stage.", "stage0."), {**self.params, **staged.bases})
            _check_rows(written, staged.dossiers, staged)
            connection.execute("COMMIT")  # to detach; the side database has no journal anyway
            connection.execute("DETACH DATABASE stage0")
            connection.execute("BEGIN")
            staged.release()
        if not self.abort:
            self.execute(connection, f"INSERT INTO main.{FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
        connection.execute("COMMIT")


def _detach(connection: sqlite3.Connection, group: list[tuple[str, _Staged]]) -> None:
    for schema, staged in group:
        connection.execute(f"DETACH DATABASE {schema}")
        staged.release()
    group.clear()


def _copy_search_index(db_path: Path, side: Path) -> None:
    """Replace the empty FTS5 shadow tables of the counter database by those built aside.

    Should a dossier have been indexed meanwhile (another process took one in), the side rows are
    indexed the ordinary way instead, so nothing is lost.
    """
    connection = sqlite3.connect(db_path, isolation_level=None)
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("ATTACH DATABASE ? AS side", (str(side),))
        shadows = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM side.sqlite_master WHERE type = 'table' AND name GLOB ? AND name != ?",
                (f"{FTS_TABLE}_*", f"{FTS_TABLE}_config"),
            )
        ]
        connection.execute("BEGIN IMMEDIATE")
        try:
            if connection.execute(f"SELECT rowid FROM main.{FTS_TABLE} LIMIT 1").fetchone() is None:
                for name in shadows:
                    connection.execute(f"DELETE FROM main.{name}")
                    connection.execute(f"INSERT INTO main.{name} SELECT * FROM side.{name}")
            else:
                connection.execute(
                    f"INSERT INTO main.{FTS_TABLE} (rowid, body) SELECT rowid, body FROM side.{FTS_TABLE}"
                )
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        connection.execute("DETACH DATABASE side")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


# ----------------------------------------------------------------------------- generate


def generate(ctx: Context, count: int, *, seed: int = 1) -> DemoReport:
    """Write ``count`` synthetic dossiers (with applicants, components, events, search rows)."""
    if not 1 <= count <= MAX_COUNT:
        raise InvalidInput("number.invalid", what="count", value=count, low=1, high=MAX_COUNT)
    started = time.perf_counter()
    now = ctx.now().astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    setup = _load_setup(ctx)
    rng = random.Random(f"counter-app demo {seed}")
    generator = _Generator(setup, count, seed, now, rng)
    events = generator.run(ctx.db.path)
    with ctx.db.write() as session:
        _mark_assisted(session, setup)
        audit.record(
            session,
            ctx.actor,
            ctx.now(),
            AUDIT_ACTION,
            details={
                "count": count,
                "seed": seed,
                "events": events,
                "first_day": generator.first_day.isoformat(),
                "last_day": generator.last_day.isoformat(),
            },
        )
    return DemoReport(count, events, time.perf_counter() - started, generator.first_day, generator.last_day)


def _mark_assisted(session: Any, setup: _Setup) -> None:
    """Most online-only dossiers the counter accepted were filed with the clerk's help on the portal:
    marked assisted, with a portal code (Directive 24/CT-TTg); the others the citizens filed themselves."""
    for proc in setup.procedures:
        if proc.online_from is None:
            continue
        since = datetime.fromtimestamp(proc.online_from, UTC).replace(tzinfo=None)
        session.execute(
            text(
                "UPDATE dossier SET assisted = 1, portal_code = code WHERE procedure_id = :p"
                " AND channel = 'online' AND portal_code IS NULL AND received_at >= :since AND EXISTS"
                " (SELECT 1 FROM dossier_event e WHERE e.dossier_id = dossier.id AND e.kind = :kind)"
                " AND dossier.id % 3 <> 0"  # a third filed by the citizens themselves
            ),
            {
                "p": proc.id,
                "since": since.isoformat(sep=" ", timespec="microseconds"),
                "kind": EventKind.RECEIVED.value,
            },
        )


def _load_setup(ctx: Context) -> _Setup:
    with ctx.db.read() as session:
        office = current_office(session)
        calendar = working_calendar(session)
        agencies = list(session.scalars(select(Agency)))
        kinds = {a.code: a.kind for a in agencies}
        procedures: list[_Proc] = []
        weights: list[float] = []
        counted = select(ProcedureComponent.procedure_id, func.count()).group_by(ProcedureComponent.procedure_id)
        component_counts = {row[0]: row[1] for row in session.execute(counted)}
        online_from = {
            r.code: int(datetime.combine(r.effective_from, datetime.min.time(), OFFICE_TZ).timestamp())
            for r in session.scalars(select(OnlineOnlyRule))
        }
        for p in session.scalars(select(Procedure).where(Procedure.current).order_by(Procedure.code)):
            if p.id not in component_counts:
                continue
            field = fold(p.field)
            officer = _by_field(_OFFICER_BY_FIELD, field)
            link = _LINKED_CODES.get(p.code) or _by_field(_LINK_BY_FIELD, field)
            if link is not None and kinds.get(link) in (None, "commune_officer", "commune"):
                link = None
            cutoff = None if p.cutoff is None else parse_hhmm(p.cutoff)
            procedures.append(
                _Proc(
                    id=p.id,
                    working_days=p.working_days,
                    cutoff=None if cutoff is None else cutoff.hour * 3600 + cutoff.minute * 60,
                    cutoff_text=p.cutoff,
                    result_by_post=p.result_by_post,
                    officer=officer if officer in kinds else (None if link else _DEFAULT_OFFICER),
                    link=link,
                    quick=field in {fold(f) for f in _QUICK_FIELDS} and p.working_days == 0,
                    components=component_counts[p.id],
                    online_from=online_from.get(p.code),
                )
            )
            weights.append(_WEIGHTS.get(p.code, _DEFAULT_WEIGHT))
        if not procedures:
            raise Refused("demo.no_procedures")
        used: dict[tuple[int, int], int] = {}
        for row in session.scalars(select(DailySequence)):
            used[(row.day.toordinal(), row.workstation)] = row.last
        if session.scalar(select(func.count()).select_from(Dossier)):
            for code in session.scalars(select(Dossier.code).where(Dossier.code.like(f"{office.agency_code}-%"))):
                try:
                    parsed = parse_dossier_code(code)
                except InvalidInput:
                    continue
                key = (parsed.day.toordinal(), parsed.workstation)
                used[key] = max(used.get(key, 0), parsed.sequence)
        others = [w for w in range(1, MAX_WORKSTATION + 1) if w != office.workstation]
        max_event = session.scalar(select(func.max(DossierEvent.id))) or 0
        # The FTS table is keyed by dossier id: never reuse a rowid an earlier dossier left behind.
        max_fts = session.scalar(text(f"SELECT max(rowid) FROM {FTS_TABLE}")) or 0
        fts_create = None
        if not max_fts:
            fts_create = session.scalar(text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": FTS_TABLE})
        return _Setup(
            agency_code=office.agency_code,
            office_name=office.name,
            parent_name=office.parent_name,
            workstations=[office.workstation, *others[: WORKSTATIONS - 1]],
            procedures=procedures,
            proc_weights=weights,
            calendar=calendar,
            dossier_start=max(session.scalar(select(func.max(Dossier.id))) or 0, max_fts) + 1,
            applicant_start=(session.scalar(select(func.max(Applicant.id))) or 0) + 1,
            event_start=max_event + 1,
            used=used,
            registers={row.book: row.last for row in session.scalars(select(RegisterSequence))},
            fts_create=fts_create,
            agency_names={a.code: a.name for a in agencies},
            actor_id=ctx.actor.user_id,
            actor_name=ctx.actor.username,
        )


class _Generator:
    def __init__(self, setup: _Setup, count: int, seed: int, now: datetime, rng: random.Random) -> None:
        self.setup = setup
        self.count = count
        self.seed = seed
        self.now = int(now.timestamp())
        self.rng = rng
        local_now = office_time(now)
        self.today = local_now.date()
        capacity = len(setup.workstations) * (BLOCK - 1)
        working_days_needed = count / (capacity * LOAD_FACTOR)
        years = max(YEARS, working_days_needed / 240 + 0.25)
        first = self.today - timedelta(days=int(years * 365.25))
        self.timeline = _Timeline(setup.calendar, first, self.today + timedelta(days=800))
        t = self.timeline
        self.first_index = t.index_of[first.toordinal()]
        today_index = t.index_of[self.today.toordinal()]
        elapsed = local_now.hour * 3600 + local_now.minute * 60 - OPEN
        self.today_limit = 0
        if t.days[today_index] == self.today:
            self.today_limit = max(0, min(CLOSE, OPEN + elapsed))
            share = min(1.0, max(0.0, elapsed / (CLOSE - OPEN)))
            if share <= 0.0:
                today_index -= 1
        else:
            today_index -= 1  # today is not a working day: the history ends on the last one
            share = 1.0
        self.last_index = today_index
        self.counts = _day_counts(t, self.first_index, today_index, share if share > 0 else 1.0, count, rng)
        self._spill_over_capacity()
        self.first_day = t.days[self.first_index + next(i for i, n in enumerate(self.counts) if n)]
        self.last_day = t.days[self.first_index + max(i for i, n in enumerate(self.counts) if n)]
        self.forced = self._forced_slots()
        self.minutes, self.minute_cum = _minute_weights()
        self.proc_pick = _Pick(range(len(setup.procedures)), setup.proc_weights)
        self.due_cache: dict[tuple[int, int, str | None, bool], tuple[int, int]] = {}
        pairs = [a + b for a in _SECRET_ALPHABET for b in _SECRET_ALPHABET]
        self.secret_pairs = pairs
        self.uid_prefixes = self._uid_prefixes()
        self.people: list[_Person] = []
        self._events_before = 0
        self._payloads_staged = 0  # payload texts are staged once, with the first chunk that uses them
        self.registers = dict(setup.registers)

    # -- planning ------------------------------------------------------------------

    def _capacity(self, index: int) -> int:
        ordinal = self.timeline.days[index].toordinal()
        return sum(BLOCK - 1 - (self.setup.used.get((ordinal, w), 0) % BLOCK) for w in self.setup.workstations)

    def _spill_over_capacity(self) -> None:
        """Move dossiers a day has no code numbers left for to the next day (or, at the end, earlier)."""
        counts = self.counts
        carry = 0
        for i in range(len(counts)):
            counts[i] += carry
            room = self._capacity(self.first_index + i)
            carry = max(0, counts[i] - room)
            counts[i] -= carry
        for i in range(len(counts) - 1, -1, -1):
            if not carry:
                break
            room = self._capacity(self.first_index + i) - counts[i]
            moved = min(room, carry)
            counts[i] += moved
            carry -= moved
        if carry:
            raise InvalidInput("number.invalid", what="count", value=self.count, low=1, high=self.count - carry)

    def _forced_slots(self) -> dict[int, Status]:
        """A few of the newest dossiers (received at least a working day ago) in each rarer status,
        so a small history still shows every status."""
        wanted = [s for s in Status if s is not Status.RETURNED]
        end = sum(self.counts) - (self.counts[-1] if self.last_day == self.today else 0)
        forced: dict[int, Status] = {}
        position = end - 1
        for status in wanted:
            if position < 0:
                break
            forced[position] = status
            position -= 3
        return forced

    def _slots(self) -> Iterator[_Slot]:
        """Every dossier's reception time and code number, oldest first."""
        rng = self.rng
        t = self.timeline
        used = dict(self.setup.used)
        stations = self.setup.workstations
        station_pick = _Pick(stations, [0.4] + [0.6 / max(1, len(stations) - 1)] * (len(stations) - 1))
        for offset, n in enumerate(self.counts):
            if not n:
                continue
            index = self.first_index + offset
            day = t.days[index]
            ordinal = day.toordinal()
            limit = self.today_limit if day == self.today else CLOSE
            cum = self.minute_cum
            if limit < CLOSE:
                cum = cum[: max(1, (limit - OPEN) // 60)]
            picks = rng.choices(self.minutes[: len(cum)], cum_weights=cum, k=n)
            seconds = sorted(m * 60 + int(rng.random() * 60) for m in picks)
            yymmdd = (day.year % 100) * 10_000 + day.month * 100 + day.day
            midnight = t.midnight[index]
            for local in seconds:
                station = station_pick(rng)
                last = used.get((ordinal, station), 0)
                if last % BLOCK == BLOCK - 1:
                    station = next(w for w in stations if used.get((ordinal, w), 0) % BLOCK != BLOCK - 1)
                    last = used.get((ordinal, station), 0)
                sequence = station * BLOCK + 1 if last == 0 else last + 1
                used[(ordinal, station)] = sequence
                yield _Slot(midnight + local, index, local, yymmdd * 10_000 + sequence)

    def _uid_prefixes(self) -> tuple[str, str]:
        rng = random.Random(f"uids {self.seed} {self.setup.dossier_start} {self.setup.event_start}")

        def prefix() -> str:
            h = f"{rng.getrandbits(64):016x}"
            return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[rng.getrandbits(2)]}{h[1:4]}-"

        dossier = prefix()
        event = prefix()
        while event == dossier:
            event = prefix()
        return dossier, event

    def _due(self, received: int, index: int, local: int, p: int) -> tuple[int, int]:
        """Due moment (epoch) and its working-day index, by the office calendar."""
        proc = self.setup.procedures[p]
        before = proc.working_days == 0 and (proc.cutoff is None or local < proc.cutoff)
        key = (index, proc.working_days, proc.cutoff_text, before)
        found = self.due_cache.get(key)
        if found is None:
            cutoff = None if proc.cutoff_text is None else parse_hhmm(proc.cutoff_text)
            moment = datetime.fromtimestamp(received, UTC)
            due = self.setup.calendar.due_at(moment, proc.working_days, cutoff)
            found = (int(due.timestamp()), self.timeline.index_of[due.date().toordinal()])
            self.due_cache[key] = found
        return found

    # -- running ---------------------------------------------------------------------

    def run(self, db_path: Path) -> int:
        setup = self.setup
        with tempfile.TemporaryDirectory(prefix="counter-demo-") as tmp:
            directory = Path(tmp)
            common = directory / "common.sqlite3"
            started = time.perf_counter()
            self._write_common(common)
            timings = {"people": time.perf_counter() - started, "draw": 0.0, "stage": 0.0, "wait": 0.0}
            params = {
                "agency": setup.agency_code,
                "dossier_uid": self.uid_prefixes[0],
                "event_uid": self.uid_prefixes[1],
                "actor_id": setup.actor_id,
                "actor_name": setup.actor_name,
            }
            cache_kib = min(1 << 20, max(1 << 16, self.count))  # about 1 KiB per dossier, up to 1 GiB
            side = directory / "search.sqlite3"
            consumers: list[_Consumer] = [
                _Writer(db_path, common, params, cache_kib, with_fts=setup.fts_create is None),
            ]
            if setup.fts_create is not None:
                consumers.append(_SearchIndexBuilder(side, common, params, 1 << 16, create_sql=setup.fts_create))
            for consumer in consumers:
                consumer.start()
            events = 0
            try:
                for number, chunk in enumerate(self._chunks()):
                    staged = self._stage(directory / f"chunk-{number}.sqlite3", number, chunk, timings)
                    staged.users = len(consumers)
                    events += staged.events
                    started = time.perf_counter()
                    for consumer in consumers:
                        _hand_over(consumer, staged)
                    timings["wait"] += time.perf_counter() - started
            except BaseException:
                for consumer in consumers:
                    consumer.abort = True
                raise
            finally:
                for consumer in consumers:
                    consumer.queue.put(None)
                for consumer in consumers:
                    consumer.join()
            log.debug("demo timings: producer %s, %s", timings, {c.name: c.seconds for c in consumers})
            for consumer in consumers:
                if consumer.error is not None:
                    raise consumer.error
            if setup.fts_create is not None:
                _copy_search_index(db_path, side)
            return events

    def _chunks(self) -> Iterator[list[_Slot]]:
        chunk: list[_Slot] = []
        for slot in self._slots():
            chunk.append(slot)
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def _write_common(self, path: Path) -> None:
        size = max(300, min(150_000, self.count // 12))  # each comes back a dozen times over the years
        rng = random.Random(f"people {self.seed}")
        home = _home_province(self.setup.parent_name, self.setup.office_name, rng)
        commune, province = _place_names(self.setup.office_name, self.setup.parent_name)
        self.people = _people(size, rng, home, commune, province, self.today)
        connection = _stage_connection(path)
        try:
            for sql in _COMMON_SCHEMA:
                connection.execute(sql)
            connection.execute("BEGIN")
            connection.executemany(
                "INSERT INTO person VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    (
                        i,
                        p.full_name,
                        p.folded,
                        p.id_number,
                        p.old_id_number,
                        p.birth_date,
                        p.sex,
                        p.phone,
                        p.email,
                        p.address,
                        json.dumps(  # the payload of a result handed to this person at the counter
                            {"receiver_name": p.full_name, "receiver_id": p.id_number, "papers": [], "at_counter": True}
                        ),
                    )
                    for i, p in enumerate(self.people)
                ),
            )
            connection.executemany("INSERT INTO kind VALUES (?, ?)", [(i, k.value) for i, k in enumerate(_KINDS)])
            connection.executemany("INSERT INTO status VALUES (?, ?)", [(i, s.value) for i, s in enumerate(_STATUSES)])
            connection.execute("COMMIT")
        finally:
            connection.close()

    def _stage(self, path: Path, number: int, chunk: list[_Slot], timings: dict[str, float]) -> _Staged:
        """Draw the chunk's dossiers and events and write them compactly to ``path``."""
        started = time.perf_counter()
        first_position = number * CHUNK
        dossier_id = self.setup.dossier_start + first_position
        dossiers: list[tuple[int | str | None, ...]] = []
        events: list[tuple[int, int, int, int, int | None]] = []
        sequences: dict[tuple[int, int], int] = {}
        life = _Life(self, random.Random(f"chunk {self.seed} {number}"))
        forced = self.forced
        for offset, slot in enumerate(chunk):
            dossiers.append(life.dossier(dossier_id + offset, slot, forced.get(first_position + offset), events))
            key = (slot.dayseq // 10_000, slot.dayseq % 10_000 // BLOCK)
            if sequences.get(key, 0) < slot.dayseq:
                sequences[key] = slot.dayseq
        bases = {
            "dossier_base": dossier_id - 1,
            "applicant_base": self.setup.applicant_start + first_position - 1,
            "event_base": self.setup.event_start + self._events_before - 1,
        }
        self._events_before += len(events)
        timings["draw"] += time.perf_counter() - started
        started = time.perf_counter()
        connection = _stage_connection(path)
        try:
            for sql in _STAGE_SCHEMA:
                connection.execute(sql)
            connection.execute("BEGIN")
            _insert_many(connection, "dossier", _DOSSIER_COLUMNS, dossiers)
            _insert_many(connection, "event", _EVENT_COLUMNS, events)
            connection.executemany(
                "INSERT INTO payload VALUES (?, ?)",
                [(i, _P.texts[i]) for i in range(self._payloads_staged, len(_P.texts))],
            )
            self._payloads_staged = len(_P.texts)
            connection.executemany("INSERT INTO book VALUES (?, ?)", life.books.items())
            connection.executemany(
                "INSERT INTO sequence VALUES (?, ?, ?)",
                [
                    (f"20{yymmdd // 10_000:02d}-{yymmdd // 100 % 100:02d}-{yymmdd % 100:02d}", station, last % 10_000)
                    for (yymmdd, station), last in sequences.items()
                ],
            )
            connection.execute("COMMIT")
        finally:
            connection.close()
        timings["stage"] += time.perf_counter() - started
        return _Staged(path, len(dossiers), len(events), bases)


def _insert_many(connection: sqlite3.Connection, table: str, columns: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert ``rows`` with multi-row VALUES statements (far fewer calls into SQLite than executemany)."""
    width = columns.count(",") + 1
    per = max(1, min(250, connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width))
    one = "(" + ",".join("?" * width) + ")"
    full = f"INSERT INTO {table} ({columns}) VALUES " + ",".join([one] * per)
    chain = itertools.chain.from_iterable
    cut = len(rows) - len(rows) % per
    for start in range(0, cut, per):
        connection.execute(full, list(chain(rows[start : start + per])))
    if cut < len(rows):
        rest = rows[cut:]
        connection.execute(f"INSERT INTO {table} ({columns}) VALUES " + ",".join([one] * len(rest)), list(chain(rest)))


def _hand_over(consumer: _Consumer, staged: _Staged) -> None:
    while True:
        if consumer.error is not None:
            raise consumer.error
        try:
            consumer.queue.put(staged, timeout=0.2)
        except queue.Full:
            continue
        return


# Channels (in _CHANNEL_NAMES order): share, and the share of those that want the result back by post.
_CHANNELS = ((0.80, 0.03), (0.12, 0.3), (0.08, 0.6))
DIRECT, ONLINE, POSTAL = range(3)
_RECEIVED, _RESULT_READY, _APOLOGY = _E.RECEIVED, _E.RESULT_READY, _E.APOLOGY_ISSUED


class _Life:
    """Draws one dossier's channel, procedure, applicant and history (events planned, then cut at now)."""

    def __init__(self, generator: _Generator, rng: random.Random) -> None:
        self.g = generator
        self.rng = rng
        self.people_count = len(generator.people)
        procs = generator.setup.procedures
        self.procs = procs
        self.post_procs = _Pick(
            [i for i, p in enumerate(procs) if p.result_by_post] or [0],
            [generator.setup.proc_weights[i] for i, p in enumerate(procs) if p.result_by_post] or [1.0],
        )
        slow = [i for i, p in enumerate(procs) if p.working_days >= 2] or list(range(len(procs)))
        self.slow_procs = _Pick(slow, [generator.setup.proc_weights[i] for i in slow])
        linked = [i for i, p in enumerate(procs) if p.link] or slow
        self.linked_procs = _Pick(linked, [generator.setup.proc_weights[i] for i in linked])
        self.books: dict[str, int] = {}  # register books this chunk wrote to -> last line

    def office_time(self, index: int, after: int, lo: int = OPEN + 600, hi: int = CLOSE - 300) -> int:
        """A moment during office hours on working day ``index``, later than ``after``."""
        rnd = self.rng.random
        if rnd() < 0.85:
            local = lo + int(rnd() * (hi - lo))
            if LUNCH_FROM < local < LUNCH_TO:
                local += LUNCH_TO - LUNCH_FROM
        else:
            local = lo + int(rnd() * 3600)
        moment = self.g.timeline.at(index, min(local, CLOSE))
        return moment if moment > after else after + 60 + int(rnd() * 1200)

    def dossier(
        self, did: int, slot: _Slot, forced: Status | None, out: list[tuple[int, int, int, int, int | None]]
    ) -> tuple[int | str | None, ...]:
        """Draw dossier ``did``: its staged row is returned, its staged events appended to ``out``."""
        g = self.g
        rng = self.rng
        rnd = rng.random
        person = int(self.people_count * rnd() ** 1.3)
        x = rnd()
        channel, post_share = 0, 0.03
        for number, (share, by_post) in enumerate(_CHANNELS):
            if x < share:
                channel, post_share = number, by_post
                break
            x -= share
        if forced is Status.HANDED_TO_POST:
            p = self.post_procs(rng)
        elif forced is Status.INTERLINKED:
            p = self.linked_procs(rng)
        elif forced is not None and forced is not Status.REFUSED:
            p = self.slow_procs(rng)
        else:
            p = g.proc_pick(rng)
        proc = self.procs[p]
        if forced is not None:
            channel = ONLINE if forced in (Status.SUBMITTED, Status.INTAKE_SUPPLEMENT) else DIRECT
        if proc.online_from is not None and slot.received >= proc.online_from:
            channel = ONLINE  # no paper dossier any more: filed online (assisted when accepted at once)
        by_post = proc.result_by_post and (forced is Status.HANDED_TO_POST or (forced is None and rnd() < post_share))
        received = slot.received
        due, due_index = g._due(received, slot.day_index, slot.local_seconds, p)
        events: list[tuple[int, int, int, int | None]] = []
        appointment: int | None = None
        if forced is not None:
            self._forced(events, forced, proc, received)
        else:
            appointment = self._natural(events, channel, proc, slot, due, due_index, by_post)
        now = g.now
        # Cut the planned history at "now": what has happened so far.
        kept = 0
        while kept < len(events) and events[kept][2] <= now:
            kept += 1
        del events[kept:]
        late = 0
        if events[0][0] == _RECEIVED and forced is None and rnd() < 0.004 and received < now - 3 * DAY:
            recorded_at = self.office_time(slot.day_index + 1, received, OPEN + 300, OPEN + 3600)
            if recorded_at <= now:  # a paper intake typed in the next morning
                late = 1
                kind, _, at, _ = events[0]
                events[0] = (kind, _P_RECEIVED_LATE, at, recorded_at)
                for i in range(1, len(events)):
                    kind, payload, at, _ = events[i]
                    if at < recorded_at:
                        events[i] = (kind, payload, at, recorded_at)
        status = -1
        resolved = None
        rescheduled = accepted = 0
        for seq, (kind, payload, at, recorded) in enumerate(events, start=1):
            status = _step(status, kind, payload)
            staged = _RECEIVER + person if payload == _P_RETURNED_AT_COUNTER else payload
            out.append((did, seq, kind << 26 | status << 21 | staged, at, recorded))
            if kind == _RESULT_READY and resolved is None:
                resolved = at
            elif kind == _APOLOGY and appointment is not None:
                rescheduled = 1
            elif kind == _RECEIVED:
                accepted = 1
        register = None
        if accepted:
            book = f"20{slot.dayseq // 100_000_000:02d}-{slot.dayseq % 10_000 // BLOCK}"
            register = g.registers[book] = g.registers.get(book, 0) + 1
            self.books[book] = register
        _, _, last_at, last_recorded = events[-1]
        bits = rng.getrandbits(30)
        pairs = g.secret_pairs
        secret = pairs[bits & 1023] + pairs[(bits >> 10) & 1023] + pairs[bits >> 20]
        return (
            person,
            proc.id,
            status | channel << 4 | by_post << 6 | late << 7 | rescheduled << 8,
            received,
            slot.dayseq,
            due if accepted else None,
            appointment if rescheduled else None,
            resolved,
            last_at if status in _FINAL else None,
            secret,
            last_at if last_recorded is None else last_recorded,
            register,
        )

    def _transfer(self, agency: str, interlinked: bool) -> int:
        """What services.lifecycle.transfer writes."""
        g = self.g.setup
        return _cached(
            ("transfer", agency, interlinked, g.actor_name),
            to=agency,
            to_name=g.agency_names.get(agency, agency),
            interlinked=interlinked,
            giver=g.actor_name,
            receiver=None,
            note=None,
        )

    def _forced(self, events: list[tuple[int, int, int, int | None]], target: Status, proc: _Proc, start: int) -> None:
        """A short, recent history that ends in ``target`` (used for a handful of the newest dossiers)."""
        rnd = self.rng.random
        t = start

        def add(kind: int, payload: int, minutes: int) -> None:
            nonlocal t
            t += minutes * 60 + int(rnd() * 60)
            events.append((kind, payload, t, None))

        if target is Status.SUBMITTED:
            events.append((_E.SUBMITTED, _P_SUBMITTED, start, None))
            return
        if target is Status.INTAKE_SUPPLEMENT:
            events.append((_E.SUBMITTED, _P_SUBMITTED, start - 3 * 3600, None))
            events.append((_E.INTAKE_INCOMPLETE, _incomplete(proc.components, 0), start, None))
            return
        if target is Status.REFUSED:
            events.append((_E.REFUSED, _P_REFUSED_AT_INTAKE[0], start, None))
            return
        events.append((_E.RECEIVED, _P_RECEIVED, start, None))
        if target is Status.RECEIVED:
            return
        if target in (Status.RESULT_READY, Status.HANDED_TO_POST):
            add(_E.RESULT_READY, _P_RESULT, 20)
            if target is Status.HANDED_TO_POST:
                add(_E.HANDED_TO_POST, _P_HANDED, 30)
            return
        add(_E.TRANSFERRED, self._transfer(proc.officer or _DEFAULT_OFFICER, False), 4)
        if target is Status.INTERLINKED:
            add(_E.TRANSFERRED, self._transfer(proc.link or "CAX", True), 30)
        elif target is Status.AWAITING_SUPPLEMENT:
            add(_E.SUPPLEMENT_REQUESTED, _supplement(1, 2), 35)
        elif target is Status.WITHDRAWN:
            add(_E.WITHDRAWN, _P_WITHDRAW_REQUEST, 45)
        elif target is Status.STOPPED:
            add(_E.STOPPED, _P_STOPPED[1], 50)

    def _natural(
        self,
        events: list[tuple[int, int, int, int | None]],
        channel: int,
        proc: _Proc,
        slot: _Slot,
        due: int,
        due_index: int,
        by_post: bool,
    ) -> int | None:
        """Plan the whole life of a dossier (later cut at now); returns a new appointment if one was given."""
        g = self.g
        rng = self.rng
        rnd = rng.random
        received = slot.received
        di = slot.day_index
        now = g.now

        def add(kind: int, payload: int, at: int) -> int:
            events.append((kind, payload, at, None))
            return at

        # Before acceptance.
        accepted_payload = _P_RECEIVED
        if channel == ONLINE:
            accepted_payload = _P_COMPLETED
            submitted = received - 1800 - int(rnd() * 2.5 * DAY)
            if received > now - DAY and rnd() < 0.5:
                add(_E.SUBMITTED, _P_SUBMITTED, received)  # the counter has not checked it yet
                return None
            x = rnd()
            if x < 0.03:
                add(_E.SUBMITTED, _P_SUBMITTED, submitted)
                add(_E.REFUSED, _P_REFUSED_ONLINE[int(rnd() * 2)], received)
                return None
            if x < 0.04:
                add(_E.SUBMITTED, _P_SUBMITTED, submitted)
                add(_E.WITHDRAWN, _P_WITHDRAW_ONLINE, received)
                return None
            if x < 0.12:
                incomplete = _incomplete(1 + int(rnd() * proc.components), int(rnd() * 3))
                if rnd() < 0.4:  # never completed: the portal withdraws it after a few weeks
                    add(_E.SUBMITTED, _P_SUBMITTED, submitted)
                    add(_E.INTAKE_INCOMPLETE, incomplete, received)
                    add(_E.WITHDRAWN, _P_WITHDRAW_PORTAL, received + (10 + int(rnd() * 25)) * DAY)
                    return None
                first = received - (2 + int(rnd() * 5)) * DAY
                add(_E.SUBMITTED, _P_SUBMITTED, first)
                add(_E.INTAKE_INCOMPLETE, incomplete, first + 3600 + int(rnd() * 20 * 3600))
            else:
                add(_E.SUBMITTED, _P_SUBMITTED, submitted)
        elif rnd() < 0.012:
            add(_E.REFUSED, _P_REFUSED_AT_INTAKE[int(rnd() * 3)], received)
            return None
        t = add(_E.RECEIVED, accepted_payload, received)
        if rnd() < 0.02:
            t = add(_E.PRINTED, _P_REPRINT, t + 60 + int(rnd() * 600))
        wd = proc.working_days
        interlinked = False
        fate = rnd()
        apology_day = None
        if wd == 0:
            if not proc.quick or rnd() < 0.25:
                officer = proc.officer or _DEFAULT_OFFICER
                t = add(_E.TRANSFERRED, self._transfer(officer, False), t + 60 + int(rnd() * 540))
            if fate < 0.003:
                add(_E.WITHDRAWN, _P_WITHDRAW_REQUEST, t + 600 + int(rnd() * 3600))
                return None
            res_index = due_index
            if rnd() < 0.015:  # late
                res_index += 1 + int(rng.expovariate(0.7))
                apology_day = due_index
            if res_index == di:
                t_res = t + 300 + int(rnd() * (5400 if proc.quick else 9000))
            else:
                t_res = self.office_time(res_index, t)
        else:
            if proc.officer is not None:
                t = add(_E.TRANSFERRED, self._transfer(proc.officer, False), t + 120 + int(rnd() * 3300))
            if proc.link is not None and (proc.officer is None or rnd() < 0.9):
                interlinked = True
                hop = di + (1 if rnd() < 0.4 else 0)
                t = add(_E.TRANSFERRED, self._transfer(proc.link, True), self.office_time(hop, t))
            if fate < 0.004:
                day = di + int(rnd() * wd)
                add(_E.WITHDRAWN, _P_WITHDRAW_REQUEST, self.office_time(day, t))
                return None
            if fate < 0.006:
                day = di + 1 + int(rnd() * wd)
                add(_E.STOPPED, _P_STOPPED[1], self.office_time(day, t))
                return None
            shift = 0
            if rnd() < 0.06:
                asked = di + 1 + int(rnd() * max(1, wd - 1))
                paper = _supplement(1 + int(rnd() * proc.components), int(rnd() * 4))
                t = add(_E.SUPPLEMENT_REQUESTED, paper, self.office_time(asked, t))
                if rnd() < 0.12:  # never supplied: stopped after a month or so
                    add(_E.STOPPED, _P_STOPPED[0], self.office_time(asked + 20 + int(rnd() * 20), t))
                    return None
                shift = 1 + min(40, int(rng.lognormvariate(1.0, 0.8)))  # the clock stops meanwhile
                t = add(_E.SUPPLEMENT_SUPPLIED, _P_SUPPLIED[interlinked], self.office_time(asked + shift, t))
            r = rnd()
            on_time = 0.86 if interlinked else 0.93
            if r < 0.3 and wd >= 2:
                k = max(1, wd // 2) + int(rnd() * (wd - max(1, wd // 2)))
            elif r < on_time:
                k = wd
            else:
                k = wd + 1 + min(60, int(rng.expovariate(0.35)))
                apology_day = max(di, due_index + shift - (1 if rnd() < 0.7 else 0))
            res_index = di + k + shift
            t_res = self.office_time(res_index, t)
        appointment = None
        if apology_day is not None and rnd() < 0.6:
            # Mẫu 04, due the working day before the due date (a later one is recorded as late).
            apology_at = self.office_time(apology_day, t, CLOSE - 7200, CLOSE - 600)
            if apology_at < t_res:
                appointment = g.timeline.at(res_index, CLOSE)
                payload = _apology(due, appointment, apology_day >= due_index, int(rnd() * 3))
                t = add(_E.APOLOGY_ISSUED, payload, apology_at)
        result = _P_RESULT_DENIED if rnd() < 0.015 else _P_RESULT
        t = add(_E.RESULT_READY, result, max(t_res, t + 60))
        if rnd() < 0.3:
            t = add(_E.NOTIFIED, _P_NOTIFIED[0 if rnd() < 0.9 else 1], t + 60 + int(rnd() * 1800))
        if by_post:
            handed = self.office_time(res_index + (0 if rnd() < 0.6 else 1), t)
            t = add(_E.HANDED_TO_POST, _P_HANDED, handed)
            if rnd() < 0.03:
                t = add(_E.UNDELIVERABLE, _P_UNDELIVERABLE, t + (2 + int(rnd() * 3)) * DAY)
                back = g.timeline.index_of.get((t + 7 * 3600) // DAY + _EPOCH_ORDINAL, g.timeline.last)
                add(_E.RETURNED, _P_RETURNED_AT_COUNTER, self.office_time(back + 1 + int(rnd() * 8), t))
            else:
                add(_E.RETURNED, _P_DELIVERED, t + DAY + int(rnd() * 2 * DAY))
            return appointment
        if rnd() < 0.008:
            return appointment  # never collected
        same_visit = 0.7 if proc.quick else 0.2
        if rnd() < same_visit and res_index == di:
            add(_E.RETURNED, _P_RETURNED_AT_COUNTER, t + 120 + int(rnd() * 1800))
        else:
            pickup = res_index + min(80, int(rng.expovariate(0.4)))
            add(_E.RETURNED, _P_RETURNED_AT_COUNTER, self.office_time(pickup, t))
        return appointment
