"""Procedures (thủ tục hành chính) as the catalogue describes them.

Every legal number (time limit, fee, components) is data with its legal basis, never a constant in
code (DOMAIN.md). A procedure is identified by its national code; each distinct content is a
*version*, and a dossier keeps the version it was received under. :func:`fingerprint` gives the
content identity used to decide whether a catalogue edition brings a new version.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import time
from typing import Any

from counter_app.domain.calendar import parse_hhmm
from counter_app.domain.errors import InvalidInput
from counter_app.domain.text import clean_optional
from counter_app.domain.values import ComponentForm

UNVERIFIABLE_FIELDS = frozenset(
    {"code", "name", "working_days", "cutoff", "fee", "components", "legal_basis", "result_by_post", "agency"}
)
# Who is competent to decide (Decree 118/2025 art. 14(2): a commune centre receives, regardless of
# residence within the province, commune-level, provincial-level and vertical-agency procedures).
LEVELS = frozenset({"commune", "provincial", "vertical"})
CERTAINTIES = frozenset({"V", "C"})  # seen in official text / third-party copy only


@dataclass(frozen=True)
class Source:
    """Where a fact of the entry was checked: the page, the day it was read, the fields it backs."""

    url: str
    checked: str  # YYYY-MM-DD
    fields: tuple[str, ...]
    certainty: str  # "V" or "C"
    note: str | None = None


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_AGENCY_CODE = re.compile(r"[A-Z0-9_]{1,20}")


@dataclass(frozen=True)
class Component:
    """One paper of a dossier: its name, form (original, copy…), how many, and whether required."""

    name: str
    form: ComponentForm
    count: int = 1
    required: bool = True


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    field: str
    agency: str
    working_days: int
    cutoff: time | None
    fee: int | None
    fee_note: str | None
    legal_basis: tuple[str, ...]
    result_by_post: bool
    components: tuple[Component, ...]
    unverified: frozenset[str]
    note: str | None = None
    agency_code: str | None = None  # the competent agency (agencies.json code); transfers go there by default
    level: str = "commune"
    sources: tuple[Source, ...] = ()

    @property
    def cutoff_text(self) -> str | None:
        return None if self.cutoff is None else f"{self.cutoff:%H:%M}"


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = _optional_text(data, key, where)
    if value is None:
        raise InvalidInput("catalogue.field", where=where, field=key)
    return value


def _optional_text(data: Mapping[str, Any], key: str, where: str) -> str | None:
    """The cleaned text (counter_app.domain.text), a control character or an overlong text refused as the field."""
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidInput("catalogue.field", where=where, field=key)
    try:
        return clean_optional(value)
    except InvalidInput:
        raise InvalidInput("catalogue.field", where=where, field=key) from None


def _count(value: Any, where: str, field: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InvalidInput("catalogue.field", where=where, field=field)
    return value


def _cutoff(text: str, where: str) -> time:
    try:
        return parse_hhmm(text)
    except InvalidInput:
        raise InvalidInput("catalogue.field", where=where, field="cutoff") from None


def _component(data: Any, where: str) -> Component:
    if not isinstance(data, Mapping):
        raise InvalidInput("catalogue.field", where=where, field="components")
    try:
        form = ComponentForm(str(data.get("form")))
    except ValueError:
        raise InvalidInput("catalogue.field", where=where, field="form") from None
    required = data.get("required", True)
    if not isinstance(required, bool):
        raise InvalidInput("catalogue.field", where=where, field="required")
    return Component(
        name=_text(data, "name", where),
        form=form,
        count=_count(data.get("count", 1), where, "count", 1),
        required=required,
    )


def _source(data: Any, where: str) -> Source:
    if not isinstance(data, Mapping):
        raise InvalidInput("catalogue.field", where=where, field="sources")
    fields = data.get("fields", [])
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        raise InvalidInput("catalogue.field", where=where, field="sources")
    if not set(fields) <= UNVERIFIABLE_FIELDS:
        raise InvalidInput("catalogue.field", where=where, field="sources")
    checked = _text(data, "checked", where)
    if not _DAY.fullmatch(checked) or data.get("certainty") not in CERTAINTIES:
        raise InvalidInput("catalogue.field", where=where, field="sources")
    return Source(
        url=_text(data, "url", where),
        checked=checked,
        fields=tuple(fields),
        certainty=str(data["certainty"]),
        note=_optional_text(data, "note", where),
    )


def procedure_from_dict(data: Mapping[str, Any]) -> Procedure:
    """Validate one catalogue entry; raises ``InvalidInput("catalogue.field", where, field)``."""
    where = str(data.get("code", "?"))
    code = _text(data, "code", where)
    cutoff_raw = data.get("cutoff")
    if cutoff_raw is not None and not isinstance(cutoff_raw, str):
        raise InvalidInput("catalogue.field", where=where, field="cutoff")
    fee = data.get("fee")
    if fee is not None:
        fee = _count(fee, where, "fee", 0)
    basis = data.get("legal_basis", [])
    if not isinstance(basis, list) or not all(isinstance(b, str) for b in basis):
        raise InvalidInput("catalogue.field", where=where, field="legal_basis")
    basis = [_optional_text({"legal_basis": b}, "legal_basis", where) for b in basis]
    components = data.get("components")
    if not isinstance(components, list) or not components:
        raise InvalidInput("catalogue.field", where=where, field="components")
    unverified = data.get("unverified", [])
    if (
        not isinstance(unverified, list)
        or not all(isinstance(u, str) for u in unverified)
        or not set(unverified) <= UNVERIFIABLE_FIELDS
    ):
        raise InvalidInput("catalogue.field", where=where, field="unverified")
    result_by_post = data.get("result_by_post", True)
    if not isinstance(result_by_post, bool):
        raise InvalidInput("catalogue.field", where=where, field="result_by_post")
    level = data.get("level", "commune")
    if level not in LEVELS:
        raise InvalidInput("catalogue.field", where=where, field="level")
    agency_code = _optional_text(data, "agency_code", where)
    if agency_code is not None and not _AGENCY_CODE.fullmatch(agency_code):
        raise InvalidInput("catalogue.field", where=where, field="agency_code")
    sources = data.get("sources", [])
    if not isinstance(sources, list):
        raise InvalidInput("catalogue.field", where=where, field="sources")
    return Procedure(
        code=code,
        name=_text(data, "name", where),
        field=_text(data, "field", where),
        agency=_optional_text(data, "agency", where) or "",
        working_days=_count(data.get("working_days"), where, "working_days", 0),
        cutoff=None if cutoff_raw is None else _cutoff(cutoff_raw, where),
        fee=fee,
        fee_note=_optional_text(data, "fee_note", where),
        legal_basis=tuple(b for b in basis if b),
        result_by_post=result_by_post,
        components=tuple(_component(c, where) for c in components),
        unverified=frozenset(unverified),
        note=_optional_text(data, "note", where),
        agency_code=agency_code,
        level=str(level),
        sources=tuple(_source(x, where) for x in sources),
    )


def procedure_to_dict(procedure: Procedure) -> dict[str, Any]:
    """The catalogue form of ``procedure`` (inverse of :func:`procedure_from_dict`)."""
    data = asdict(procedure)
    data["cutoff"] = procedure.cutoff_text
    data["legal_basis"] = list(procedure.legal_basis)
    data["components"] = [{**asdict(c), "form": c.form.value} for c in procedure.components]
    data["unverified"] = sorted(procedure.unverified)
    data["sources"] = [{**asdict(x), "fields": list(x.fields)} for x in procedure.sources]
    # Fields added after the first edition are written only when set: an entry without them reads back
    # as it was written, and keeps its fingerprint (and so its version).
    for key, default in (("agency_code", None), ("level", "commune"), ("sources", [])):
        if data[key] == default:
            del data[key]
    return data


def fingerprint(procedure: Procedure) -> str:
    """A stable hash of everything that defines the procedure; a new value means a new version."""
    canonical = json.dumps(procedure_to_dict(procedure), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()
