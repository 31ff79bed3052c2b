"""Clerk accounts: roles, argon2 password hashes, sign-in with lockout."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.calendar import office_time
from counter_app.domain.errors import InvalidInput
from counter_app.domain.text import clean
from counter_app.domain.values import Role
from counter_app.services import audit
from counter_app.services.context import Actor, Context
from counter_app.services.errors import NotFound, Refused
from counter_app.storage.models import UserAccount

MIN_PASSWORD = 8
MAX_FAILURES = 5  # MOSIP's numbers: 5 failures lock the account for 30 minutes
LOCKOUT = timedelta(minutes=30)
_HASHER = PasswordHasher()
_USERNAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-")


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    must_change_password: bool


def _info(user: UserAccount) -> UserInfo:
    return UserInfo(user.id, user.username, user.full_name, Role(user.role), user.active, user.must_change_password)


def validate_username(text: str) -> str:
    name = clean(text).lower()
    if not 2 <= len(name) <= 50 or not set(name) <= _USERNAME_CHARS:
        raise InvalidInput("user.username", value=text)
    return name


def validate_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("user.password_short", min=MIN_PASSWORD)
    return password


def generate_password() -> str:
    """A one-time password for a new account (must be changed at first sign-in)."""
    return secrets.token_urlsafe(9)


def add_user(
    session: Session,
    actor: Actor,
    at: datetime,
    *,
    username: str,
    full_name: str,
    role: Role,
    password: str,
    must_change_password: bool = False,
) -> UserInfo:
    """Create an account inside the caller's unit of work."""
    name = validate_username(username)
    if session.scalar(select(UserAccount.id).where(UserAccount.username == name)) is not None:
        raise InvalidInput("user.exists", username=name)
    user = UserAccount(
        username=name,
        full_name=clean(full_name) or name,
        role=role.value,
        password_hash=_HASHER.hash(validate_password(password)),
        must_change_password=must_change_password,
        created_at=at,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, at, "user.create", entity="user", entity_id=name, details={"role": role.value})
    return _info(user)


def apply_remote(
    session: Session,
    actor: Actor,
    at: datetime,
    *,
    username: str,
    full_name: str,
    role: Role,
    password_hash: str,
    active: bool,
) -> UserInfo:
    """Create or update an account published by the hub, in the caller's unit of work.

    The hub sends the argon2 hash, never the password. Local sign-in state (failed attempts, lockout,
    last sign-in) is kept: a clerk locked out here stays locked out until the lockout ends.
    """
    name = validate_username(username)
    if not password_hash.startswith("$argon2"):
        raise InvalidInput("user.password_hash", username=name)
    user = session.scalar(select(UserAccount).where(UserAccount.username == name))
    if user is None:
        user = UserAccount(username=name, created_at=at, failed_attempts=0, must_change_password=False)
        session.add(user)
    changed = (user.full_name, user.role, user.password_hash, user.active) != (
        clean(full_name) or name,
        role.value,
        password_hash,
        active,
    )
    user.full_name = clean(full_name) or name
    user.role = role.value
    user.password_hash = password_hash
    user.active = active
    session.flush()
    if changed:
        details = {"role": role.value, "active": active, "from": "hub"}
        audit.record(session, actor, at, "user.sync", entity="user", entity_id=name, details=details)
    return _info(user)


def create_user(ctx: Context, username: str, full_name: str, role: Role, password: str) -> UserInfo:
    with ctx.db.write() as session:
        return add_user(
            session,
            ctx.actor,
            ctx.now(),
            username=username,
            full_name=full_name,
            role=role,
            password=password,
        )


def list_users(ctx: Context) -> list[UserInfo]:
    with ctx.db.read() as session:
        return [_info(u) for u in session.scalars(select(UserAccount).order_by(UserAccount.username))]


def find_user(ctx: Context, username: str) -> UserInfo:
    with ctx.db.read() as session:
        user = session.scalar(select(UserAccount).where(UserAccount.username == clean(username).lower()))
        if user is None:
            raise NotFound("user.not_found", username=username)
        return _info(user)


def _local_moment(moment: datetime, now: datetime) -> str:
    """A moment as the clerk reads it: office time "14:51", with the day when it is not today."""
    local, today = office_time(moment), office_time(now).date()
    return f"{local:%H:%M}" if local.date() == today else f"{local:%H:%M %d/%m/%Y}"


def authenticate(ctx: Context, username: str, password: str) -> UserInfo:
    """Check a password; 5 failures in a row lock the account for 30 minutes. Audited either way."""
    now = ctx.now()
    name = clean(username).lower()
    with ctx.db.write() as session:
        user = session.scalar(select(UserAccount).where(UserAccount.username == name))
        who = Actor(None if user is None else user.id, name, ctx.actor.source, ctx.actor.os_user)
        if user is None or not user.active:
            audit.record(session, who, now, "user.login_failed", entity="user", entity_id=name)
            raise Refused("user.bad_credentials")
        if user.locked_until is not None and user.locked_until > now:
            raise Refused("user.locked", until=_local_moment(user.locked_until, now))
        try:
            _HASHER.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            user.failed_attempts += 1
            lock_until = now + LOCKOUT if user.failed_attempts >= MAX_FAILURES else None
            if lock_until is not None:
                user.locked_until = lock_until
                user.failed_attempts = 0
            audit.record(session, who, now, "user.login_failed", entity="user", entity_id=name)
            failure = (
                Refused("user.bad_credentials")
                if lock_until is None
                else Refused("user.locked", until=_local_moment(lock_until, now))
            )
        else:
            user.failed_attempts = 0
            user.locked_until = None
            user.last_login_at = now
            if _HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = _HASHER.hash(password)
            audit.record(session, who, now, "user.login", entity="user", entity_id=name)
            return _info(user)
    raise failure  # after the unit of work committed the failure count


def confirm_leader(ctx: Context, username: str, password: str) -> UserInfo:
    """A leader's confirmation: their password checked (audited as a sign-in) and their role a leader."""
    leader = authenticate(ctx, username, password)
    if leader.role is not Role.LEADER:
        raise Refused("user.not_leader", username=leader.username)
    return leader


def change_password(ctx: Context, username: str, new_password: str) -> None:
    with ctx.db.write() as session:
        user = session.scalar(select(UserAccount).where(UserAccount.username == clean(username).lower()))
        if user is None:
            raise NotFound("user.not_found", username=username)
        user.password_hash = _HASHER.hash(validate_password(new_password))
        user.must_change_password = False
        audit.record(session, ctx.actor, ctx.now(), "user.password", entity="user", entity_id=user.username)
