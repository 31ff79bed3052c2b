"""Setting up a counter: the office profile, the first administrator and the catalogue."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.codes import validate_agency_code, validate_workstation
from counter_app.domain.errors import InvalidInput
from counter_app.domain.formsets import CURRENT, LEGACY
from counter_app.domain.formsets import FORM_SETS as FORM_SETS
from counter_app.domain.signers import ADMIN_PLACEHOLDER
from counter_app.domain.text import clean, clean_optional
from counter_app.domain.values import Role
from counter_app.services import audit, catalogue, signing, users
from counter_app.services.context import Context
from counter_app.services.dto import OfficeInfo
from counter_app.services.errors import Refused
from counter_app.storage.models import Office, UserAccount

# FORM_SETS (re-exported for the CLI): the sets an office may name. Only "2025" can be chosen for a new
# office: the set a form prints with is picked per dossier by its received day (domain/formsets.py).
ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class InitRequest:
    office_code: str
    office_name: str
    parent_name: str | None = None
    workstation: int = 1
    form_set: str = CURRENT
    lookup_url_base: str | None = None
    place: str | None = None  # địa danh on the forms' date line (default: from the office name)
    phone: str | None = None  # hotline printed on receipts
    admin_password: str | None = None  # None: generate a one-time password
    # The administrator's real name and title, printed where they sign; None: the placeholder
    # "Quản trị viên" (never printed: forms show a dotted line until a real name is set in Tài khoản)
    admin_full_name: str | None = None
    admin_title: str | None = None
    procedures_file: Path | None = None
    agencies_file: Path | None = None


@dataclass(frozen=True)
class InitResult:
    office: OfficeInfo
    admin_username: str
    admin_password: str | None  # only when generated; shown once
    catalogue: catalogue.CatalogueReport


_UNIT_WORDS = ("ubnd", "ủy ban nhân dân", "uỷ ban nhân dân", "xã", "phường", "thị trấn", "đặc khu")


def default_place(name: str) -> str:
    """The place for the date line guessed from the office name: "UBND xã Tân Lập" → "Tân Lập"."""
    words = name.split()
    while words and words[0].lower() in {w for phrase in _UNIT_WORDS for w in phrase.split()}:
        words.pop(0)
    return " ".join(words) or name


def public_key_pem(ctx: Context) -> str:
    """The receipt-signing public key (PEM) to register at the hub; creates the pair if missing."""
    with ctx.db.write() as session:
        office = current_office(session)
        signing.ensure_keys(session, ctx.actor, ctx.now(), office)
        assert office.public_key is not None
        return signing.public_key_pem(office.public_key)


def office_info(office: Office) -> OfficeInfo:
    return OfficeInfo(
        office.agency_code,
        office.name,
        office.parent_name,
        office.workstation,
        office.form_set,
        office.lookup_url_base,
        office.device_uid,
        office.place or default_place(office.name),
        office.phone,
        office.first_synced_at is not None,
    )


def current_office(session: Session) -> Office:
    office = session.get(Office, 1)
    if office is None:
        raise Refused("office.not_initialized", data_dir="")
    return office


def is_initialized(ctx: Context) -> bool:
    with ctx.db.read() as session:
        return session.get(Office, 1) is not None


def get_office(ctx: Context) -> OfficeInfo:
    with ctx.db.read() as session:
        return office_info(current_office(session))


def validate_request(request: InitRequest) -> tuple[str, str, int]:
    """Check the profile before anything is written: agency code, name, workstation, form set."""
    code = validate_agency_code(request.office_code)
    name = clean(request.office_name, "office")
    if not name:
        raise InvalidInput("office.name", value=request.office_name)
    workstation = validate_workstation(request.workstation)
    if request.form_set not in FORM_SETS:
        raise InvalidInput("office.form_set", value=request.form_set)
    if request.form_set == LEGACY:  # only for reprints of dossiers received before 01/07/2025
        raise InvalidInput("office.form_set_legacy")
    if request.admin_password is not None:
        users.validate_password(request.admin_password)
    if request.admin_full_name is not None:
        users.validate_full_name(request.admin_full_name)
    users.validate_title(request.admin_title)
    return code, name, workstation


def initialize(ctx: Context, request: InitRequest) -> InitResult:
    """Create the office, the admin account and load the catalogue, in one transaction."""
    code, name, workstation = validate_request(request)
    generated = request.admin_password is None
    password = users.generate_password() if request.admin_password is None else request.admin_password
    now = ctx.now()
    with ctx.db.write() as session:
        if session.scalar(select(Office.id)) is not None:
            raise Refused("office.already_initialized")
        office = Office(
            id=1,
            agency_code=code,
            name=name,
            parent_name=clean_optional(request.parent_name, "office"),
            workstation=workstation,
            form_set=request.form_set,
            lookup_url_base=clean_optional(request.lookup_url_base, "url"),
            device_uid=str(uuid.uuid4()),
            created_at=now,
            place=clean_optional(request.place, "reference") or default_place(name),
            phone=clean_optional(request.phone, "phone"),
        )
        session.add(office)
        session.flush()
        signing.ensure_keys(session, ctx.actor, now, office)
        admin = users.add_user(
            session,
            ctx.actor,
            now,
            username=ADMIN_USERNAME,
            full_name=ADMIN_PLACEHOLDER if request.admin_full_name is None else request.admin_full_name,
            role=Role.ADMIN,
            password=password,
            must_change_password=generated,
        )
        if request.admin_title is not None:
            account = session.get(UserAccount, admin.id)
            assert account is not None
            account.title = users.validate_title(request.admin_title)
        audit.record(
            session,
            ctx.actor,
            now,
            "office.init",
            entity="office",
            entity_id=code,
            details={"name": name, "workstation": workstation, "admin": admin.username},
        )
        report = catalogue.load_into(session, ctx.actor, now, request.procedures_file, request.agencies_file)
        return InitResult(office_info(office), admin.username, password if generated else None, report)
