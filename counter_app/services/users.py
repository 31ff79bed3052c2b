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
from counter_app.domain.signers import ADMIN_PLACEHOLDER, printable_name
from counter_app.domain.text import LIMITS, clean, forbidden_character
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
    title: str | None = None  # chức danh, printed under the name where a form asks for it
    locked_until: datetime | None = None  # after repeated wrong passwords
    last_login_at: datetime | None = None

    @property
    def has_real_name(self) -> bool:
        """False while the account has no name to print (empty, its login, the placeholder "Quản trị
        viên"): its forms then print a dotted line for the name, to write by hand."""
        return printable_name(self.full_name, self.username) is not None


MAX_TITLE = 100


def _info(user: UserAccount) -> UserInfo:
    return UserInfo(
        user.id,
        user.username,
        user.full_name,
        Role(user.role),
        user.active,
        user.must_change_password,
        user.title,
        user.locked_until,
        user.last_login_at,
    )


def validate_username(text: str) -> str:
    name = clean(text).lower()
    if not 2 <= len(name) <= 50 or not set(name) <= _USERNAME_CHARS:
        raise InvalidInput("user.username", value=text)
    return name


def validate_password(password: str) -> str:
    """At least MIN_PASSWORD characters, at most LIMITS["password"]; no control character (kept as typed:
    a password is neither normalised nor trimmed)."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("user.password_short", min=MIN_PASSWORD)
    bad = forbidden_character(password)
    if bad is not None:
        raise InvalidInput("text.control.password", position=bad[0], char=bad[1])
    if len(password) > LIMITS["password"]:
        raise InvalidInput("text.too_long.password", length=len(password), limit=LIMITS["password"])
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
        full_name=clean(full_name, "name") or name,
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
    title: str | None = None,
) -> UserInfo:
    """Create or update an account published by the hub, in the caller's unit of work (its title,
    when the hub sends one, names the official on this counter's screens and forms).

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
        clean(full_name, "name") or name,
        role.value,
        password_hash,
        active,
    )
    user.full_name = clean(full_name, "name") or name
    user.role = role.value
    user.password_hash = password_hash
    user.active = active
    shown_title = clean(title or "")[:MAX_TITLE] or None  # a hub's over-long title is cut, not refused
    if title is not None and shown_title != user.title:
        user.title, changed = shown_title, True
    session.flush()
    if changed:
        details = {"role": role.value, "active": active, "from": "hub"}
        audit.record(session, actor, at, "user.sync", entity="user", entity_id=name, details=details)
    return _info(user)


def _require_admin(session: Session, actor: Actor) -> None:
    """Only an active administrator manages accounts (the CLI acts as ``--user``, the GUI as the clerk)."""
    account = None if actor.user_id is None else session.get(UserAccount, actor.user_id)
    if account is None or not account.active or account.role != Role.ADMIN.value:
        raise Refused("user.not_admin", username=actor.username)


require_admin = _require_admin


def _account(session: Session, username: str) -> UserAccount:
    user = session.scalar(select(UserAccount).where(UserAccount.username == clean(username).lower()))
    if user is None:
        raise NotFound("user.not_found", username=username)
    return user


def validate_full_name(text: str) -> str:
    name = clean(text, "name")
    if not name or len(name) > 200:
        raise InvalidInput("user.full_name", value=text[:80])
    if name == ADMIN_PLACEHOLDER:
        raise InvalidInput("user.placeholder_name", value=name)
    return name


def validate_title(text: str | None) -> str | None:
    title = clean(text or "")
    if len(title) > MAX_TITLE:
        raise InvalidInput("user.title", max=MAX_TITLE)
    return title or None


def create_user(
    ctx: Context,
    username: str,
    full_name: str,
    role: Role,
    password: str,
    *,
    title: str | None = None,
    must_change_password: bool = False,
) -> UserInfo:
    """A new account, made by an administrator (a one-time password: ``must_change_password``)."""
    with ctx.db.write() as session:
        _require_admin(session, ctx.actor)
        info = add_user(
            session,
            ctx.actor,
            ctx.now(),
            username=username,
            full_name=validate_full_name(full_name),
            role=role,
            password=password,
            must_change_password=must_change_password,
        )
        user = _account(session, info.username)
        user.title = validate_title(title)
        session.flush()
        return _info(user)


def _active_admins(session: Session) -> int:
    found = session.scalars(
        select(UserAccount.id).where(UserAccount.role == Role.ADMIN.value, UserAccount.active.is_(True))
    )
    return len(list(found))


def update_user(
    ctx: Context,
    username: str,
    *,
    full_name: str | None = None,
    title: str | None = None,
    role: Role | None = None,
    active: bool | None = None,
) -> UserInfo:
    """Change an account's name, title, role or whether it may sign in (an administrator only).

    The last active administrator can be neither disabled nor demoted: nobody could manage accounts
    afterwards. A title given as "" is removed; None leaves a field as it is."""
    with ctx.db.write() as session:
        _require_admin(session, ctx.actor)
        user = _account(session, username)
        before = (user.full_name, user.title, user.role, user.active)
        if full_name is not None and clean(full_name, "name") != user.full_name:  # the placeholder may stay
            user.full_name = validate_full_name(full_name)
        if title is not None:
            user.title = validate_title(title)
        if role is not None:
            user.role = Role(role).value
        if active is not None:
            user.active = active
            if active:
                user.failed_attempts = 0
                user.locked_until = None
        was_admin = before[2] == Role.ADMIN.value and before[3]
        if was_admin and (user.role != Role.ADMIN.value or not user.active):
            session.flush()
            if _active_admins(session) == 0:
                raise Refused("user.last_admin", username=user.username)
        after = (user.full_name, user.title, user.role, user.active)
        if after != before:
            details = {
                key: value
                for key, value, old in zip(("full_name", "title", "role", "active"), after, before, strict=True)
                if value != old
            }
            audit.record(
                session, ctx.actor, ctx.now(), "user.update", entity="user", entity_id=user.username, details=details
            )
        session.flush()
        return _info(user)


def reset_password(ctx: Context, username: str, password: str | None = None) -> str:
    """A new one-time password for an account (an administrator only): the clerk must change it at the
    next sign-in, and a lockout is lifted. Returns the password to hand over (generated if not given)."""
    new = validate_password(password) if password is not None else generate_password()
    with ctx.db.write() as session:
        _require_admin(session, ctx.actor)
        user = _account(session, username)
        user.password_hash = _HASHER.hash(new)
        user.must_change_password = True
        user.failed_attempts = 0
        user.locked_until = None
        audit.record(session, ctx.actor, ctx.now(), "user.password_reset", entity="user", entity_id=user.username)
    return new


def list_users(ctx: Context) -> list[UserInfo]:
    with ctx.db.read() as session:
        return [_info(u) for u in session.scalars(select(UserAccount).order_by(UserAccount.username))]


def find_user(ctx: Context, username: str) -> UserInfo:
    with ctx.db.read() as session:
        user = session.scalar(select(UserAccount).where(UserAccount.username == clean(username).lower()))
        if user is None:
            raise NotFound("user.not_found", username=username)
        return _info(user)


def _verify(password_hash: str, password: str) -> None:
    if forbidden_character(password) is not None:  # never a valid password (nor encodable as UTF-8)
        raise VerificationError("control character")
    _HASHER.verify(password_hash, password)


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
            _verify(user.password_hash, password)
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
    """A clerk's own new password (or one an administrator sets)."""
    with ctx.db.write() as session:
        user = _account(session, username)
        if ctx.actor.user_id != user.id:
            _require_admin(session, ctx.actor)
        user.password_hash = _HASHER.hash(validate_password(new_password))
        user.must_change_password = False
        audit.record(session, ctx.actor, ctx.now(), "user.password", entity="user", entity_id=user.username)
