"""ORM models of the counter database (ARCHITECTURE.md §4).

Conventions: integer primary keys for local joins and the lazy dossier list, a client-generated UUID
(``uid``) for everything that syncs, datetimes as UTC, money as integer đồng, text as NFC. The
``dossier_event`` and ``audit_entry`` tables are append-only (triggers in the first migration).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from counter_app.storage.base import Base, IntPk, Text200, Uid


class Office(Base):
    """The commune unit this PC serves; a single row."""

    __tablename__ = "office"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[IntPk]
    agency_code: Mapped[str] = mapped_column(String(13))
    name: Mapped[Text200]
    parent_name: Mapped[str | None] = mapped_column(String(200))
    workstation: Mapped[int]
    form_set: Mapped[str] = mapped_column(String(4), default="2025")
    lookup_url_base: Mapped[str | None] = mapped_column(String(300))
    device_uid: Mapped[Uid]
    created_at: Mapped[datetime]
    place: Mapped[str | None] = mapped_column(String(100))  # địa danh on the forms' date line
    phone: Mapped[str | None] = mapped_column(String(30))  # hotline printed on receipts
    signing_key: Mapped[bytes | None] = mapped_column(LargeBinary(32))  # Ed25519 private key (raw)
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary(32))
    first_synced_at: Mapped[datetime | None]  # None: receipts say they are pending sync
    # "Số: 12/TB-<number_agency>" (Decree 30/2020 Annex I); None: derived from the office's name
    number_agency: Mapped[str | None] = mapped_column(String(20))
    # The signer of the letters the office sends (apology, stop notice); None: the defaults
    signer_capacity: Mapped[str | None] = mapped_column(String(4))  # "" | "TM" | "KT" | "Q"
    signer_authority: Mapped[str | None] = mapped_column(String(200))  # "ỦY BAN NHÂN DÂN", "GIÁM ĐỐC"
    signer_title: Mapped[str | None] = mapped_column(String(100))  # "CHỦ TỊCH", "PHÓ GIÁM ĐỐC"
    signer_name: Mapped[str | None] = mapped_column(String(100))


class Procedure(Base):
    """One version of a procedure; a dossier points at the version it was received under."""

    __tablename__ = "procedure"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[IntPk]
    code: Mapped[str] = mapped_column(String(20), index=True)
    version: Mapped[int]
    fingerprint: Mapped[str] = mapped_column(String(64))
    current: Mapped[bool] = mapped_column(index=True)
    edition: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(400))
    field: Mapped[Text200]
    agency: Mapped[Text200]
    working_days: Mapped[int]
    cutoff: Mapped[str | None] = mapped_column(String(5))
    fee: Mapped[int | None]
    fee_note: Mapped[str | None] = mapped_column(String(500))
    legal_basis: Mapped[list[str]] = mapped_column(JSON)
    result_by_post: Mapped[bool]
    unverified: Mapped[list[str]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime]
    agency_code: Mapped[str | None] = mapped_column(String(20))  # competent agency (Agency.code)
    level: Mapped[str] = mapped_column(String(20), default="commune", server_default="commune")
    sources: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)

    components: Mapped[list[ProcedureComponent]] = relationship(
        order_by="ProcedureComponent.position", cascade="all, delete-orphan"
    )


class OnlineOnlyRule(Base):
    """A procedure taken off paper (Directive 24/CT-TTg), as the last catalogue loaded says.

    Kept apart from the procedure versions: the mark is not part of a procedure's content, and a
    catalogue that carries the block replaces the whole list."""

    __tablename__ = "online_only_rule"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    basis: Mapped[str] = mapped_column(String(300))
    effective_from: Mapped[date]
    source: Mapped[str] = mapped_column(String(1000))
    certainty: Mapped[str] = mapped_column(String(1))
    level: Mapped[str | None] = mapped_column(String(20))


class ProcedureComponent(Base):
    __tablename__ = "procedure_component"

    id: Mapped[IntPk]
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(500))
    form: Mapped[str] = mapped_column(String(20))
    count: Mapped[int]
    required: Mapped[bool]


class Agency(Base):
    """An agency a dossier can be handed to (commune officers, police, tax, provincial departments)."""

    __tablename__ = "agency"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[Text200]
    kind: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(default=True)


class Applicant(Base):
    """The applicant as written on the dossier (a snapshot: the receipt must not change later)."""

    __tablename__ = "applicant"

    id: Mapped[IntPk]
    full_name: Mapped[Text200]
    id_number: Mapped[str | None] = mapped_column(String(12), index=True)
    old_id_number: Mapped[str | None] = mapped_column(String(9))
    birth_date: Mapped[date | None]
    sex: Mapped[str | None] = mapped_column(String(6))
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(500))


class Dossier(Base):
    __tablename__ = "dossier"
    __table_args__ = (
        Index("ix_dossier_status_due", "status", "due_at"),
        Index("ix_dossier_resolved_received", "resolved_at", "received_at"),  # Biểu 06 (services.statistics)
        CheckConstraint("channel IN ('direct', 'postal', 'online')", name="channel"),
    )

    id: Mapped[IntPk]
    uid: Mapped[Uid]
    code: Mapped[str] = mapped_column(String(30), unique=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), index=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicant.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    return_by_post: Mapped[bool]
    postal_address: Mapped[str | None] = mapped_column(String(500))
    received_at: Mapped[datetime] = mapped_column(index=True)
    due_at: Mapped[datetime | None]  # None until accepted (an incomplete or refused application)
    appointment_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(24))
    lookup_secret: Mapped[str] = mapped_column(String(16))
    workstation: Mapped[int]
    late_entry: Mapped[bool]
    reschedule_count: Mapped[int] = mapped_column(default=0)
    register_book: Mapped[str | None] = mapped_column(String(20))  # Sổ theo dõi hồ sơ: Quyển số
    register_number: Mapped[int | None]  # … Số thứ tự
    # Directive 24/CT-TTg: the clerk helped the citizen file on the national portal (channel online)
    assisted: Mapped[bool] = mapped_column(default=False, server_default=false())
    portal_code: Mapped[str | None] = mapped_column(String(40))  # the portal's dossier code
    paper_exception: Mapped[str | None] = mapped_column(String(1000))  # why paper for an online-only service
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime]

    procedure: Mapped[Procedure] = relationship()
    applicant: Mapped[Applicant] = relationship()
    components: Mapped[list[DossierComponent]] = relationship(
        order_by="DossierComponent.position", cascade="all, delete-orphan"
    )


class DossierComponent(Base):
    """A paper the dossier should contain, and whether the counter received it."""

    __tablename__ = "dossier_component"

    id: Mapped[IntPk]
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(500))
    form: Mapped[str] = mapped_column(String(20))
    count: Mapped[int]
    received: Mapped[bool]
    # Why no electronic copy is needed (domain.digitisation.MARKS), when the clerk marked it; None: the rule decides
    exempt_reason: Mapped[str | None] = mapped_column(String(20))


class DossierEvent(Base):
    """Append-only history of a dossier; the status is the state machine's replay of it."""

    __tablename__ = "dossier_event"
    __table_args__ = (
        UniqueConstraint("dossier_id", "seq"),
        Index("ix_dossier_event_kind_at", "kind", "at"),  # apology letters of a period (Biểu 06)
    )

    id: Mapped[IntPk]
    uid: Mapped[Uid]
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"))
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(30))
    status_after: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime]
    recorded_at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    actor_name: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class DocumentNumber(Base):
    """The number of one issued document, gap-free per (book, year), kept for every reprint."""

    __tablename__ = "document_number"
    __table_args__ = (UniqueConstraint("book", "year", "number"), UniqueConstraint("book", "event_uid"))

    id: Mapped[IntPk]
    book: Mapped[str] = mapped_column(String(20))  # "apology" | "stop_notice"
    year: Mapped[int]
    number: Mapped[int]
    event_uid: Mapped[str] = mapped_column(String(36))  # the event that issued the document
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"))
    symbol: Mapped[str] = mapped_column(String(40))  # "TB-TTPVHCC", as issued (a later rename keeps it)
    issued_at: Mapped[datetime]


class OutboxEntry(Base):
    """A change waiting to be pushed to the hub, written in the same transaction as the change."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_id", "state", "id"),)

    id: Mapped[IntPk]
    uid: Mapped[Uid]
    topic: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class UserAccount(Base):
    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint("role IN ('clerk', 'leader', 'admin')", name="role"),)

    id: Mapped[IntPk]
    username: Mapped[str] = mapped_column(String(50), unique=True)
    full_name: Mapped[Text200]
    title: Mapped[str | None] = mapped_column(String(100))  # chức danh, e.g. "Công chức Tư pháp - Hộ tịch"
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    last_login_at: Mapped[datetime | None]


class AuditEntry(Base):
    """Who did what, hash-chained: each entry's hash covers its content and the previous hash."""

    __tablename__ = "audit_entry"

    id: Mapped[IntPk]
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    username: Mapped[str] = mapped_column(String(50))
    source: Mapped[str] = mapped_column(String(10))
    os_user: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str | None] = mapped_column(String(30))
    entity_id: Mapped[str | None] = mapped_column(String(40))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class CalendarOverride(Base):
    """An extra holiday or an extra working day, typed in here or published by the hub."""

    __tablename__ = "calendar_override"
    __table_args__ = (CheckConstraint("kind IN ('holiday', 'working_day')", name="kind"),)

    id: Mapped[IntPk]
    day: Mapped[date] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(10), default="local")
    created_at: Mapped[datetime]


class DailySequence(Base):
    """The last daily number each workstation issued on each day (codes, see domain.codes)."""

    __tablename__ = "daily_sequence"

    day: Mapped[date] = mapped_column(primary_key=True)
    workstation: Mapped[int] = mapped_column(primary_key=True)
    last: Mapped[int]


class RegisterSequence(Base):
    """The last line number of each register book (one book per workstation and year)."""

    __tablename__ = "register_sequence"

    book: Mapped[str] = mapped_column(String(20), primary_key=True)
    last: Mapped[int]


class Notice(Base):
    """An SMS or e-mail to the applicant, queued here and relayed by the hub (never lost, retried there)."""

    __tablename__ = "notice"
    __table_args__ = (
        CheckConstraint("channel IN ('sms', 'email')", name="channel"),
        Index("ix_notice_state_id", "state", "id"),
    )

    id: Mapped[IntPk]
    uid: Mapped[Uid]
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # receipt | result_ready | apology
    channel: Mapped[str] = mapped_column(String(5))
    recipient: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(String(2000))
    state: Mapped[str] = mapped_column(String(10), default="queued")  # queued | sent | failed
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class PostalBatch(Base):
    """A hand-over to or from the public postal service (biên bản bàn giao), signed by both sides."""

    __tablename__ = "postal_batch"
    __table_args__ = (
        CheckConstraint("direction IN ('out', 'in')", name="direction"),
        CheckConstraint("state IN ('open', 'closed')", name="state"),
    )

    id: Mapped[IntPk]
    uid: Mapped[Uid]
    direction: Mapped[str] = mapped_column(String(3))
    state: Mapped[str] = mapped_column(String(6), default="open")
    opened_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    clerk_name: Mapped[str | None] = mapped_column(String(200))  # our signatory
    postal_name: Mapped[str | None] = mapped_column(String(200))  # the postal worker
    items: Mapped[list[PostalItem]] = relationship(order_by="PostalItem.id", back_populates="batch")


class PostalItem(Base):
    """One dossier in a batch, with its S10 tracking number and, later, its delivery outcome."""

    __tablename__ = "postal_item"

    id: Mapped[IntPk]
    batch_id: Mapped[int] = mapped_column(ForeignKey("postal_batch.id"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    tracking: Mapped[str] = mapped_column(String(13), unique=True)
    purpose: Mapped[str] = mapped_column(String(10))  # result | transfer | intake
    recipient_name: Mapped[str] = mapped_column(String(200))
    recipient_address: Mapped[str] = mapped_column(String(500))
    agency_code: Mapped[str | None] = mapped_column(String(20))  # for an interlinked transfer
    postage: Mapped[int | None]  # đồng (cước), paid by the citizen; separate from the procedure fee
    slip_number: Mapped[str | None] = mapped_column(String(40))  # postal operator's dossier slip (incoming)
    outcome: Mapped[str] = mapped_column(String(14), default="pending")
    outcome_at: Mapped[datetime | None]
    outcome_reason: Mapped[str | None] = mapped_column(String(500))
    batch: Mapped[PostalBatch] = relationship(back_populates="items")


class SyncState(Base):
    """This PC's link to the hub (docs/sync-protocol.md); a single row, created at enrolment."""

    __tablename__ = "sync_state"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[IntPk]
    server_url: Mapped[str] = mapped_column(String(300))
    device_id: Mapped[str] = mapped_column(String(36))  # the hub's id of this device
    token: Mapped[str] = mapped_column(String(200))  # device credential (Bearer)
    commune_code: Mapped[str] = mapped_column(String(20))
    commune_name: Mapped[str] = mapped_column(String(200))
    hub_public_key: Mapped[bytes] = mapped_column(LargeBinary(32))  # verifies sneakernet answer files
    epoch: Mapped[str] = mapped_column(String(36))  # the hub database's identity; a new one means "start over"
    cursor: Mapped[int] = mapped_column(default=0)  # last change sequence applied from the hub
    enrolled_at: Mapped[datetime]
    revoked: Mapped[bool] = mapped_column(default=False)
    last_attempt_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]  # "đồng bộ lúc hh:mm"
    last_error: Mapped[str | None] = mapped_column(String(1000))
    failures: Mapped[int] = mapped_column(default=0)  # consecutive failed rounds (back-off)
    next_attempt_at: Mapped[datetime | None]
    clock_offset_seconds: Mapped[float | None]  # hub time minus PC time at the last round
    paper_kbps: Mapped[int | None]  # the papers' upload cap in kbit/s (issue 14), NULL: no cap
    paper_hours: Mapped[str | None] = mapped_column(String(11))  # "HH:MM-HH:MM" papers may go, NULL: any time


class WorkstationKey(Base):
    """Receipt-signing public keys of the other workstations of this commune, brought down by sync."""

    __tablename__ = "workstation_key"

    workstation: Mapped[int] = mapped_column(primary_key=True)
    device_uid: Mapped[str] = mapped_column(String(36))
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    updated_at: Mapped[datetime]


class SyncConflict(Base):
    """A change from the hub that could not be applied here (e.g. an upstream event the local state refuses)."""

    __tablename__ = "sync_conflict"

    id: Mapped[IntPk]
    change_seq: Mapped[int]
    topic: Mapped[str] = mapped_column(String(40))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime]


class SatisfactionRating(Base):
    """The citizen's rating of the service after a return (DOMAIN.md §8); synced to the hub."""

    __tablename__ = "satisfaction_rating"
    __table_args__ = (CheckConstraint("rating IN ('very_satisfied', 'satisfied', 'dissatisfied')", name="rating"),)

    id: Mapped[IntPk]
    uid: Mapped[Uid]
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), unique=True)
    rating: Mapped[str] = mapped_column(String(16))
    criteria: Mapped[dict[str, Any]] = mapped_column(JSON)  # optional per-criterion answers
    comment: Mapped[str | None] = mapped_column(String(1000))
    rated_at: Mapped[datetime] = mapped_column(index=True)


class ActionRequest(Base):
    """A creating or moving action already carried out, by the token its caller minted for it.

    The token (a UUID the GUI mints per filled form, or ``--request-id`` from a script) is written in
    the action's own transaction, so a second call with the same token (Enter pressed twice, a retry
    after a lost answer) finds it and returns the first call's result instead of acting again.
    ``fingerprint`` is a digest of the action's parameters: the same token with other parameters is
    refused rather than silently answered with the first result. Local to this counter (not synced)."""

    __tablename__ = "action_request"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    action: Mapped[str] = mapped_column(String(40))
    fingerprint: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(40))  # the dossier code or postal batch uid it acted on
    result: Mapped[dict[str, Any]] = mapped_column(JSON)  # what the replay needs to answer as the first call did
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(index=True)


class PaperCopy(Base):
    """The certified electronic copy of one paper of a dossier (issue 13): a signed PDF/A kept by its
    sha256 under ``<data dir>/papers/`` (counter_app.storage.blobs), never a row without its file.

    ``position`` is the paper's place in the dossier's checklist (DossierComponent.position, 1-based).
    A re-scan replaces the paper's current copy (``current`` false, ``replaced_by_id`` set) and the
    old row stays as history. ``sha256`` is the current file (after OCR: the searchable version);
    ``image_sha256`` the signed image copy first stored, kept too. A reused copy (Decree 118/2025: the
    citizen need not hand in again a paper the office holds) points at the same files and at the row it
    came from. At most one current copy per paper (the partial unique index)."""

    __tablename__ = "paper_copy"
    __table_args__ = (
        CheckConstraint("source IN ('scanner', 'file', 'folder', 'reuse')", name="source"),
        CheckConstraint("signer_kind IN ('token', 'office')", name="signer_kind"),
        CheckConstraint("ocr IN ('pending', 'done')", name="ocr"),
        CheckConstraint("position >= 1", name="position"),
        Index("ix_paper_copy_dossier_position", "dossier_id", "position"),
        Index(
            "uq_paper_copy_current",
            "dossier_id",
            "position",
            unique=True,
            sqlite_where=text("current = 1"),
        ),
        Index("ix_paper_copy_ocr_pending", "ocr", sqlite_where=text("ocr = 'pending'")),
    )

    id: Mapped[IntPk]
    uid: Mapped[Uid]
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(500))  # the paper's name as the checklist said then
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    image_sha256: Mapped[str] = mapped_column(String(64), index=True)
    pages: Mapped[int]
    bytes: Mapped[int]
    source: Mapped[str] = mapped_column(String(10))
    reused_from_id: Mapped[int | None] = mapped_column(ForeignKey("paper_copy.id"))
    signer_kind: Mapped[str] = mapped_column(String(10))
    signed_by: Mapped[str] = mapped_column(String(200))  # the signing certificate's common name
    certified_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    certified_by_name: Mapped[str] = mapped_column(String(200))  # the clerk's name at the time
    certified_at: Mapped[datetime]
    ocr: Mapped[str] = mapped_column(String(8), default="pending")
    ocr_text: Mapped[str | None] = mapped_column(Text)
    current: Mapped[bool] = mapped_column(default=True, server_default=true())
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("paper_copy.id"))


class PaperUpload(Base):
    """One certified copy on its way to the hub (issue 14, docs/sync-protocol.md "Papers from the
    counter"): a row per (copy, sha256) sent or to send, made lazily by hub_sync.papers.

    ``state``: ``waiting`` (to send; ``url``/``offset`` the tus upload under way, ``next_attempt_at`` when
    the hub said "not yet"), ``sent`` (the hub holds it: ``sent_at``), ``set_aside`` (the hub refused it
    for good: ``last_error`` its reason, shown to the clerk; the rest goes on)."""

    __tablename__ = "paper_upload"
    __table_args__ = (
        CheckConstraint("state IN ('waiting', 'sent', 'set_aside')", name="state"),
        UniqueConstraint("copy_id", "sha256"),
        Index("ix_paper_upload_state", "state"),
    )

    id: Mapped[IntPk]
    copy_id: Mapped[int] = mapped_column(ForeignKey("paper_copy.id"))
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    position: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    bytes: Mapped[int]
    state: Mapped[str] = mapped_column(String(10), default="waiting")
    url: Mapped[str | None] = mapped_column(String(500))
    offset: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(1000))
    next_attempt_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
