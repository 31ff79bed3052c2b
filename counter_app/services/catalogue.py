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
from counter_app.domain.online_only import OnlineOnlyService, parse_online_only
from counter_app.domain.procedure import Procedure as ProcedureSpec
from counter_app.domain.procedure import Source, fingerprint, procedure_from_dict
from counter_app.domain.text import fold
from counter_app.domain.values import ComponentForm
from counter_app.paths import catalogue_dir
from counter_app.services import audit
from counter_app.services.context import Actor, Context
from counter_app.services.dto import ComponentInfo, OnlineOnlyInfo, ProcedureInfo
from counter_app.services.errors import NotFound
from counter_app.storage.models import Agency, OnlineOnlyRule, Procedure, ProcedureComponent

ONLINE_ONLY_KEY = "online_only"  # the block a catalogue document carries (resources/catalogue/online_only.json)

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


def default_online_only_file() -> Path:
    return catalogue_dir() / "online_only.json"


def with_online_only(procedures: Mapping[str, Any], online_only_file: Path | None = None) -> dict[str, Any]:
    """``procedures`` carrying the online-only block (read from ``online_only_file``, default next to
    the shipped catalogue) unless it already has one; the document the hub publishes."""
    if ONLINE_ONLY_KEY in procedures:
        return dict(procedures)
    path = online_only_file or default_online_only_file()
    if online_only_file is None and not path.exists():
        return dict(procedures)
    return {**procedures, ONLINE_ONLY_KEY: _read_json(path)}


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


def _with_neighbour_marks(procedures_file: Path) -> dict[str, Any]:
    """The catalogue document with the online_only.json beside it, when there is one."""
    neighbour = procedures_file.parent / "online_only.json"
    document = _read_json(procedures_file)
    return with_online_only(document, neighbour) if neighbour.exists() else dict(document)


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
        _with_neighbour_marks(procedures_file or default_procedures_file()),
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
    marks = _online_only_block(procedures)
    outcomes = [_store_version(session, spec, edition, at) for spec in specs]
    if marks is not None:
        _store_online_only(session, marks)
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
        details={
            "added": report.added,
            "updated": report.updated,
            "agencies": report.agencies,
            **({} if marks is None else {"online_only": len(marks)}),
        },
    )
    session.flush()
    return report


def _online_only_block(procedures: Mapping[str, Any] | None) -> list[OnlineOnlyService] | None:
    """The online-only marks a catalogue document carries; None when it carries none (marks unchanged)."""
    if procedures is None or procedures.get(ONLINE_ONLY_KEY) is None:
        return None
    block = procedures[ONLINE_ONLY_KEY]
    if not isinstance(block, Mapping):
        raise InvalidInput("catalogue.field", where="online_only", field="online_only")
    return parse_online_only(block)


def _store_online_only(session: Session, marks: list[OnlineOnlyService]) -> None:
    """Replace the whole list: a service the new block leaves out is no longer online-only."""
    session.query(OnlineOnlyRule).delete()
    for m in marks:
        session.add(
            OnlineOnlyRule(
                code=m.code,
                basis=m.basis,
                effective_from=m.effective_from,
                source=m.source,
                certainty=m.certainty,
                level=m.level,
            )
        )
    session.flush()


def online_only_rule(session: Session, code: str) -> OnlineOnlyService | None:
    row = session.get(OnlineOnlyRule, code)
    if row is None:
        return None
    return OnlineOnlyService(row.code, row.basis, row.effective_from, row.source, row.certainty, row.level)


def _online_only_info(rule: OnlineOnlyService | None) -> OnlineOnlyInfo | None:
    if rule is None:
        return None
    return OnlineOnlyInfo(rule.basis, rule.effective_from, rule.source, rule.certainty)


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


def _online_only_rules(session: Session) -> dict[str, OnlineOnlyService]:
    return {
        r.code: OnlineOnlyService(r.code, r.basis, r.effective_from, r.source, r.certainty, r.level)
        for r in session.scalars(select(OnlineOnlyRule))
    }


def procedure_info(
    procedure: Procedure,
    agency_names: Mapping[str, str] | None = None,
    online_only: OnlineOnlyService | None = None,
) -> ProcedureInfo:
    """The procedure for the layers above; ``agency_names`` (code → name) names its competent agency,
    ``online_only`` its Directive 24 mark."""
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
        online_only=_online_only_info(online_only),
    )


def list_procedures(ctx: Context, search: str | None = None) -> list[ProcedureInfo]:
    """Current procedures, optionally those whose name, field or code contain every folded word."""
    words = fold(search or "").split()
    with ctx.db.read() as session:
        rows = session.scalars(select(Procedure).where(Procedure.current).order_by(Procedure.field, Procedure.name))
        names = _agency_names(session)
        marks = _online_only_rules(session)
        found = []
        for row in rows:
            haystack = fold(f"{row.name} {row.field} {row.code}")
            if all(word in haystack for word in words):
                found.append(procedure_info(row, names, marks.get(row.code)))
        return found


def current_procedure(session: Session, code: str) -> Procedure:
    procedure = session.scalar(select(Procedure).where(Procedure.code == code.strip(), Procedure.current))
    if procedure is None:
        raise NotFound("procedure.not_found", code=code)
    return procedure


def get_procedure(ctx: Context, code: str) -> ProcedureInfo:
    with ctx.db.read() as session:
        procedure = current_procedure(session, code)
        return procedure_info(procedure, _agency_names(session), online_only_rule(session, procedure.code))


def list_agencies(ctx: Context) -> list[AgencyInfo]:
    with ctx.db.read() as session:
        return [
            AgencyInfo(a.code, a.name, a.kind, a.note)
            for a in session.scalars(select(Agency).where(Agency.active).order_by(Agency.kind, Agency.name))
        ]
