"""The hub's tables (docs/sync-protocol.md). Portable between SQLite and PostgreSQL.

Times are stored as naive UTC through the counter's :class:`UtcDateTime`; JSON columns use the
generic type. The hub imports only the counter's framework-free domain and these column conventions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from counter_app.storage.base import NAMING_CONVENTION, UtcDateTime  # shared column conventions


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime()}


IntPk = Annotated[int, mapped_column(Integer, primary_key=True)]
Uid = Annotated[str, mapped_column(String(36), unique=True)]
# A big integer on PostgreSQL, INTEGER (the rowid alias) on SQLite.
BigPk = Annotated[int, mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)]


class HubMeta(Base):
    """One row: the hub's identity (epoch), its signing key, and the change-sequence counter.

    ``last_seq`` is bumped with ``UPDATE … RETURNING`` inside the writing transaction; the row lock makes
    concurrent writers commit their changes in sequence order, so a reader never skips one.
    """

    __tablename__ = "hub_meta"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[IntPk]
    epoch: Mapped[str] = mapped_column(String(36))
    signing_key: Mapped[bytes] = mapped_column(LargeBinary(32))  # Ed25519 private (sneakernet answers)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime]


class Commune(Base):
    __tablename__ = "commune"

    id: Mapped[IntPk]
    code: Mapped[str] = mapped_column(String(20), unique=True)  # unit code, as in dossier codes
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(30))  # learnt from the office at enrolment
    created_at: Mapped[datetime]
    # the bytes of papers (signed copies) the commune may keep on the hub; None: the hub's default
    paper_quota_bytes: Mapped[int | None] = mapped_column(BigInteger)


class EnrollCode(Base):
    """A one-time enrolment code; only its SHA-256 is kept."""

    __tablename__ = "enroll_code"

    id: Mapped[IntPk]
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    device_id: Mapped[str | None] = mapped_column(String(36))


class Device(Base):
    """A counter PC enrolled for one commune."""

    __tablename__ = "device"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # uuid, public
    device_uid: Mapped[str] = mapped_column(String(36), index=True)  # the counter's Office.device_uid
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id"), index=True)
    workstation: Mapped[int]
    office_name: Mapped[str] = mapped_column(String(200))
    lookup_url_base: Mapped[str] = mapped_column(String(300))
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))  # receipt-signing key of the office
    token_hash: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]
    clock_offset_seconds: Mapped[float | None]  # hub time minus device time, last request


class HubDossier(Base):
    """A dossier as the hub holds it: created from the snapshot on its first event."""

    __tablename__ = "dossier"
    __table_args__ = (
        Index("ix_dossier_commune_received", "commune_id", "received_at"),
        Index("ix_dossier_resolved_received", "resolved_at", "received_at"),  # Biểu 06 (district_server.report)
    )

    id: Mapped[IntPk]
    uid: Mapped[Uid]
    code: Mapped[str] = mapped_column(String(30), unique=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id"))
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), index=True)  # the issuing device
    workstation: Mapped[int]
    procedure_code: Mapped[str] = mapped_column(String(20))
    procedure_name: Mapped[str] = mapped_column(String(400))
    field: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(10))
    return_by_post: Mapped[bool] = mapped_column(default=False)
    received_at: Mapped[datetime]
    due_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]  # first result_ready (Biểu 06 "resolved")
    status: Mapped[str] = mapped_column(String(24))
    lookup_secret: Mapped[str] = mapped_column(String(16))
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_id_number: Mapped[str | None] = mapped_column(String(12))
    applicant_phone: Mapped[str | None] = mapped_column(String(20))
    # Directive 24/CT-TTg: filed on the national portal with the clerk's help (the snapshot's channel is online)
    assisted: Mapped[bool] = mapped_column(default=False, server_default=false())
    portal_code: Mapped[str | None] = mapped_column(String(40))  # the portal's dossier code
    paper_exception: Mapped[str | None] = mapped_column(String(1000))  # why paper for an online-only service
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Digitisation at reception: the last "digitised_complete" its events carried (None: none did) and the
    # number of papers the intake event said must be digitised (district_server.report's share)
    digitised_complete: Mapped[bool | None]
    papers_to_digitise: Mapped[int | None]


class HubEvent(Base):
    """One dossier event, stored once per UID; the body hash answers "same event twice"."""

    __tablename__ = "dossier_event"
    __table_args__ = (Index("ix_dossier_event_dossier_at", "dossier_id", "at"),)

    id: Mapped[BigPk]
    uid: Mapped[Uid]
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"))
    origin: Mapped[str] = mapped_column(String(6))  # device | hub
    device_id: Mapped[str | None] = mapped_column(ForeignKey("device.id"))
    seq: Mapped[int]  # the origin's own number (device: per dossier on that PC)
    kind: Mapped[str] = mapped_column(String(30))
    status_after: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime]
    device_recorded_at: Mapped[datetime | None]  # the PC's clock
    hub_received_at: Mapped[datetime]  # the hub's clock
    actor: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    body_hash: Mapped[str] = mapped_column(String(64))


class Rating(Base):
    """A citizen's satisfaction rating pushed by a counter."""

    __tablename__ = "rating"

    id: Mapped[IntPk]
    uid: Mapped[Uid]
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    rating: Mapped[str] = mapped_column(String(16))
    criteria: Mapped[dict[str, Any]] = mapped_column(JSON)
    comment: Mapped[str | None] = mapped_column(String(1000))
    rated_at: Mapped[datetime]
    body_hash: Mapped[str] = mapped_column(String(64))


class OperatorToken(Base):
    """A hub operator's access token to the statistics page (/bao-cao); only its SHA-256 is kept."""

    __tablename__ = "operator_token"

    id: Mapped[IntPk]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]


class RejectedItem(Base):
    """A pushed item the hub did not store (conflict or rejected), kept for the hub's operator."""

    __tablename__ = "rejected_item"

    id: Mapped[IntPk]
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), index=True)
    uid: Mapped[str] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(10))  # conflict | rejected
    reason: Mapped[str] = mapped_column(String(1000))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    at: Mapped[datetime]


class PushBatch(Base):
    """The answer to a push batch, kept under its idempotency key so a replay gets the same answer."""

    __tablename__ = "push_batch"
    __table_args__ = (UniqueConstraint("device_id", "key"),)

    id: Mapped[IntPk]
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"))
    key: Mapped[str] = mapped_column(String(64))
    answer: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime]


class Change(Base):
    """The pull feed: every change a counter must bring down, numbered by ``HubMeta.last_seq``."""

    __tablename__ = "change"
    __table_args__ = (Index("ix_change_commune_seq", "commune_id", "seq"),)

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("commune.id"))  # None: every commune
    topic: Mapped[str] = mapped_column(String(40))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]


class Published(Base):
    """The current catalogue, agencies file and calendar overrides (the snapshot's reference data)."""

    __tablename__ = "published"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)  # catalogue | agencies | calendar
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[str] = mapped_column(String(80))
    published_at: Mapped[datetime]


class HubUser(Base):
    """A clerk or leader account of a commune, sent down to its counters."""

    __tablename__ = "hub_user"
    __table_args__ = (UniqueConstraint("commune_id", "username"),)

    id: Mapped[IntPk]
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id"))
    username: Mapped[str] = mapped_column(String(50))
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2, as on the counter
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime]


class OutgoingMessage(Base):
    """An SMS or e-mail from a counter's ``notified`` event, relayed through the gateway; never dropped."""

    __tablename__ = "outgoing_message"
    __table_args__ = (Index("ix_outgoing_message_state_next", "state", "next_attempt_at"),)

    id: Mapped[IntPk]
    notice_uid: Mapped[Uid]
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"))
    channel: Mapped[str] = mapped_column(String(5))  # sms | email
    recipient: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(String(2000))
    state: Mapped[str] = mapped_column(String(10), default="queued")  # queued | sent
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(1000))
    next_attempt_at: Mapped[datetime]
    gateway: Mapped[str | None] = mapped_column(String(40))  # which adapter sent it
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class SentMessage(Base):
    """What the default "record" gateway delivered: the message as a phone would have received it."""

    __tablename__ = "sent_message"

    id: Mapped[IntPk]
    notice_uid: Mapped[str] = mapped_column(String(36), index=True)
    channel: Mapped[str] = mapped_column(String(5))
    recipient: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(String(2000))
    sent_at: Mapped[datetime]


class HubPaper(Base):
    """A signed electronic copy of one paper of a dossier, received from a counter (issue 14).

    The bytes live in the paper store (:mod:`district_server.papers.store`) under ``store_key``; a paper
    sent again with other bytes (a re-signed copy) is a new row and becomes ``current``.
    """

    __tablename__ = "paper"
    __table_args__ = (
        UniqueConstraint("dossier_id", "position", "sha256"),
        Index("ix_paper_commune_current", "commune_code", "current"),
    )

    id: Mapped[IntPk]
    commune_code: Mapped[str] = mapped_column(String(20))
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    dossier_code: Mapped[str] = mapped_column(String(30), index=True)
    position: Mapped[int]  # the paper's number in the dossier, 1..
    sha256: Mapped[str] = mapped_column(String(64))
    bytes: Mapped[int] = mapped_column(BigInteger)
    signed_by: Mapped[str] = mapped_column(String(200))
    signer_kind: Mapped[str] = mapped_column(String(10))  # token | office
    signature_intact: Mapped[bool]
    store_key: Mapped[str] = mapped_column(String(200))
    device_id: Mapped[str | None] = mapped_column(ForeignKey("device.id"))
    received_at: Mapped[datetime]
    current: Mapped[bool] = mapped_column(default=True)


class PaperUpload(Base):
    """A tus 1.0 upload of one paper (``/v1/papers``); its parts live in the paper store.

    ``offset`` only moves forward through a conditional ``UPDATE … WHERE offset = :expected`` so two
    PATCHes of one upload never both write at the same place.
    """

    __tablename__ = "paper_upload"
    __table_args__ = (UniqueConstraint("commune_code", "dossier_code", "position", "sha256"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    commune_code: Mapped[str] = mapped_column(String(20))
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    dossier_code: Mapped[str] = mapped_column(String(30))
    position: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    length: Mapped[int] = mapped_column(BigInteger)
    offset: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    paper_id: Mapped[int | None] = mapped_column(ForeignKey("paper.id"))
