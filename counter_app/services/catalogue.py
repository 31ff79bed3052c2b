"""The procedure catalogue: loading editions, versioning procedures, listing and searching them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import InvalidInput
from counter_app.domain.procedure import Procedure as ProcedureSpec
from counter_app.domain.procedure import Source, fingerprint, procedure_from_dict
from counter_app.domain.text import fold
from counter_app.domain.values import ComponentForm
from counter_app.paths import catalogue_dir
from counter_app.services import audit
from counter_app.services.context import Actor, Context
from counter_app.services.dto import ComponentInfo, ProcedureInfo
from counter_app.services.errors import NotFound
from counter_app.storage.models import Agency, Procedure, ProcedureComponent

AGENCY_KINDS = frozenset(
    {
        "commune_officer",
        "commune",
        "police",
        "tax",
        "social_insurance",
        "provincial_department",
        "provincial_centre",
        "other",
    }
)


@dataclass(frozen=True)
class CatalogueReport:
    edition: str
    added: int
    updated: int
    unchanged: int
    agencies: int


@dataclass(frozen=True)
class AgencyInfo:
    code: str
    name: str
    kind: str
    note: str | None


def default_procedures_file() -> Path:
    return catalogue_dir() / "procedures.json"


def default_agencies_file() -> Path:
    return catalogue_dir() / "agencies.json"


def _read_json(path: Path) -> Mapping[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput("catalogue.unreadable", path=str(path), reason=str(exc)) from exc
    if not isinstance(data, Mapping):
        raise InvalidInput("catalogue.unreadable", path=str(path), reason="not a JSON object")
    return data


def parse_procedures(data: Mapping[str, Any]) -> tuple[str, list[ProcedureSpec]]:
    """The edition name and validated procedures of a catalogue document."""
    entries = data.get("procedures")
    if not isinstance(entries, list) or not entries:
        raise InvalidInput("catalogue.field", where="(file)", field="procedures")
    if not all(isinstance(entry, Mapping) for entry in entries):
        raise InvalidInput("catalogue.field", where="(file)", field="procedures")
    specs = [procedure_from_dict(entry) for entry in entries]
    codes = [s.code for s in specs]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise InvalidInput("catalogue.duplicate", codes=", ".join(duplicates))
    return str(data.get("edition", "unnamed")), specs


def parse_agencies(data: Mapping[str, Any]) -> list[AgencyInfo]:
    entries = data.get("agencies")
    if not isinstance(entries, list):
        raise InvalidInput("catalogue.field", where="(agencies)", field="agencies")
    result = []
    for entry in entries:
        if not isinstance(entry, Mapping) or entry.get("kind") not in AGENCY_KINDS:
            raise InvalidInput("catalogue.field", where=str(entry), field="kind")
        code, name = entry.get("code"), entry.get("name")
        if not isinstance(code, str) or not isinstance(name, str) or not code or not name:
            raise InvalidInput("catalogue.field", where=str(entry), field="code")
        note = entry.get("note")
        result.append(AgencyInfo(code, name, str(entry["kind"]), note if isinstance(note, str) else None))
    return result


def _store_version(session: Session, spec: ProcedureSpec, edition: str, at: datetime) -> str:
    """Insert ``spec`` as a new current version unless the current one is identical."""
    digest = fingerprint(spec)
    current = session.scalar(select(Procedure).where(Procedure.code == spec.code, Procedure.current))
    if current is not None and current.fingerprint == digest:
        return "unchanged"
    if current is not None:
        current.current = False
    session.add(
        Procedure(
            code=spec.code,
            version=1 if current is None else current.version + 1,
            fingerprint=digest,
            current=True,
            edition=edition,
            name=spec.name,
            field=spec.field,
            agency=spec.agency,
            working_days=spec.working_days,
            cutoff=spec.cutoff_text,
            fee=spec.fee,
            fee_note=spec.fee_note,
            legal_basis=list(spec.legal_basis),
            result_by_post=spec.result_by_post,
            unverified=sorted(spec.unverified),
            note=spec.note,
            created_at=at,
            agency_code=spec.agency_code,
            level=spec.level,
            sources=[{**asdict(x), "fields": list(x.fields)} for x in spec.sources] or None,
            components=[
                ProcedureComponent(position=i, name=c.name, form=c.form.value, count=c.count, required=c.required)
                for i, c in enumerate(spec.components, start=1)
            ],
        )
    )
    return "added" if current is None else "updated"


def load_into(
    session: Session,
    actor: Actor,
    at: datetime,
    procedures_file: Path | None = None,
    agencies_file: Path | None = None,
) -> CatalogueReport:
    """Load a catalogue edition in the caller's unit of work (all or nothing)."""
    return load_data_into(
        session,
        actor,
        at,
        _read_json(procedures_file or default_procedures_file()),
        _read_json(agencies_file or default_agencies_file()),
    )


def load_data_into(
    session: Session,
    actor: Actor,
    at: datetime,
    procedures: Mapping[str, Any] | None,
    agencies_data: Mapping[str, Any] | None,
) -> CatalogueReport:
    """:func:`load_into` from parsed JSON documents (e.g. published by the hub); either may be None.

    Everything is validated before anything is written, so an invalid document raises InvalidInput
    and changes nothing.
    """
    edition, specs = ("(unchanged)", []) if procedures is None else parse_procedures(procedures)
    agencies = [] if agencies_data is None else parse_agencies(agencies_data)
    outcomes = [_store_version(session, spec, edition, at) for spec in specs]
    for agency in agencies:
        session.merge(Agency(code=agency.code, name=agency.name, kind=agency.kind, note=agency.note, active=True))
    report = CatalogueReport(
        edition,
        outcomes.count("added"),
        outcomes.count("updated"),
        outcomes.count("unchanged"),
        len(agencies),
    )
    audit.record(
        session,
        actor,
        at,
        "catalogue.load",
        entity="catalogue",
        entity_id=edition,
        details={"added": report.added, "updated": report.updated, "agencies": report.agencies},
    )
    session.flush()
    return report


def load(ctx: Context, procedures_file: Path | None = None, agencies_file: Path | None = None) -> CatalogueReport:
    with ctx.db.write() as session:
        return load_into(session, ctx.actor, ctx.now(), procedures_file, agencies_file)


def _source(stored: Mapping[str, Any]) -> Source:
    return Source(
        url=str(stored.get("url", "")),
        checked=str(stored.get("checked", "")),
        fields=tuple(str(f) for f in stored.get("fields", ())),
        certainty=str(stored.get("certainty", "C")),
        note=stored.get("note"),
    )


def competent_agency(session: Session, procedure: Procedure) -> AgencyInfo | None:
    """The agency competent to decide ``procedure`` (cơ quan có thẩm quyền giải quyết), as named in
    this province's agencies list; None when the entry names none or the code is not (or no longer) listed."""
    if not procedure.agency_code:
        return None
    agency = session.get(Agency, procedure.agency_code)
    if agency is None or not agency.active:
        return None
    return AgencyInfo(agency.code, agency.name, agency.kind, agency.note)


def _agency_names(session: Session) -> dict[str, str]:
    return {a.code: a.name for a in session.scalars(select(Agency).where(Agency.active))}


def procedure_info(procedure: Procedure, agency_names: Mapping[str, str] | None = None) -> ProcedureInfo:
    """The procedure for the layers above; ``agency_names`` (code → name) names its competent agency."""
    return ProcedureInfo(
        id=procedure.id,
        code=procedure.code,
        version=procedure.version,
        name=procedure.name,
        field=procedure.field,
        agency=procedure.agency,
        working_days=procedure.working_days,
        cutoff=procedure.cutoff,
        fee=procedure.fee,
        fee_note=procedure.fee_note,
        legal_basis=tuple(procedure.legal_basis),
        result_by_post=procedure.result_by_post,
        unverified=tuple(procedure.unverified),
        note=procedure.note,
        agency_code=procedure.agency_code,
        level=procedure.level or "commune",
        sources=tuple(_source(x) for x in procedure.sources or ()),
        agency_name=(agency_names or {}).get(procedure.agency_code or ""),
        components=tuple(
            ComponentInfo(c.position, c.name, ComponentForm(c.form), c.count, c.required) for c in procedure.components
        ),
    )


def list_procedures(ctx: Context, search: str | None = None) -> list[ProcedureInfo]:
    """Current procedures, optionally those whose name, field or code contain every folded word."""
    words = fold(search or "").split()
    with ctx.db.read() as session:
        rows = session.scalars(select(Procedure).where(Procedure.current).order_by(Procedure.field, Procedure.name))
        names = _agency_names(session)
        found = []
        for row in rows:
            haystack = fold(f"{row.name} {row.field} {row.code}")
            if all(word in haystack for word in words):
                found.append(procedure_info(row, names))
        return found


def current_procedure(session: Session, code: str) -> Procedure:
    procedure = session.scalar(select(Procedure).where(Procedure.code == code.strip(), Procedure.current))
    if procedure is None:
        raise NotFound("procedure.not_found", code=code)
    return procedure


def get_procedure(ctx: Context, code: str) -> ProcedureInfo:
    with ctx.db.read() as session:
        return procedure_info(current_procedure(session, code), _agency_names(session))


def list_agencies(ctx: Context) -> list[AgencyInfo]:
    with ctx.db.read() as session:
        return [
            AgencyInfo(a.code, a.name, a.kind, a.note)
            for a in session.scalars(select(Agency).where(Agency.active).order_by(Agency.kind, Agency.name))
        ]
