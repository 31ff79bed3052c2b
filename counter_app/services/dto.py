"""Frozen dataclasses that cross the service boundary (to the CLI, the GUI and printing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counter_app.domain.lifecycle import Status
from counter_app.domain.procedure import Source
from counter_app.domain.values import Channel, ComponentForm, Sex


@dataclass(frozen=True)
class OfficeInfo:
    agency_code: str
    name: str
    parent_name: str | None
    workstation: int
    form_set: str
    lookup_url_base: str | None
    device_uid: str
    place: str
    phone: str | None
    ever_synced: bool


@dataclass(frozen=True)
class ComponentInfo:
    position: int
    name: str
    form: ComponentForm
    count: int
    required: bool


@dataclass(frozen=True)
class OnlineOnlyInfo:
    """The procedure takes no paper dossier from ``effective_from`` (Directive 24/CT-TTg)."""

    basis: str
    effective_from: date
    source: str
    certainty: str


@dataclass(frozen=True)
class ProcedureInfo:
    id: int
    code: str
    version: int
    name: str
    field: str
    agency: str
    working_days: int
    cutoff: str | None
    fee: int | None
    fee_note: str | None
    legal_basis: tuple[str, ...]
    result_by_post: bool
    unverified: tuple[str, ...]
    note: str | None
    components: tuple[ComponentInfo, ...]
    agency_code: str | None = None  # the competent agency (cơ quan có thẩm quyền giải quyết)
    level: str = "commune"  # commune | provincial | vertical
    sources: tuple[Source, ...] = ()
    agency_name: str | None = None  # the competent agency's name in this province's agencies list
    online_only: OnlineOnlyInfo | None = None


@dataclass(frozen=True)
class ApplicantInfo:
    full_name: str
    id_number: str | None
    old_id_number: str | None
    birth_date: date | None
    sex: Sex | None
    phone: str | None
    email: str | None
    address: str | None


@dataclass(frozen=True)
class DossierRow:
    """One line of the dossier list and of search results."""

    id: int
    code: str
    applicant_name: str
    procedure_name: str
    status: Status
    channel: Channel
    received_at: datetime
    due_at: datetime | None
    appointment_at: datetime | None
    assisted: bool = False  # filed on the national portal with the clerk's help (Directive 24/CT-TTg)
    portal_code: str | None = None  # the portal's dossier code of an assisted filing


@dataclass(frozen=True)
class DossierComponentInfo:
    position: int
    name: str
    form: ComponentForm
    count: int
    received: bool


@dataclass(frozen=True)
class EventInfo:
    seq: int
    uid: str
    kind: str
    status_after: Status
    at: datetime
    actor: str  # the login recorded with the event (kept for the CLI's JSON)
    payload: dict[str, object]
    actor_name: str | None = None  # the official's full name; "nhập từ sổ cũ" for imported history
    actor_title: str | None = None  # their chức danh


@dataclass(frozen=True)
class DossierDetail:
    id: int
    uid: str
    code: str
    status: Status
    channel: Channel
    return_by_post: bool
    postal_address: str | None
    received_at: datetime
    due_at: datetime | None
    appointment_at: datetime | None
    resolved_at: datetime | None
    late_entry: bool
    timeliness: str | None
    lookup_secret: str
    register_book: str | None
    register_number: int | None
    procedure_code: str
    procedure_version: int
    procedure_name: str
    field: str
    working_days: int
    applicant: ApplicantInfo
    components: tuple[DossierComponentInfo, ...]
    events: tuple[EventInfo, ...]
    assisted: bool = False  # filed on the national portal with the clerk's help (Directive 24/CT-TTg)
    portal_code: str | None = None
    paper_exception: str | None = None
