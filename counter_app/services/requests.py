"""One request, one effect: the token that makes a creating or moving action idempotent.

Every service action that creates or moves something (intake, the lifecycle actions, the postal
ones) takes an optional ``request_id``. The caller mints it once per thing the clerk means to do
once: the GUI per filled form (a new one when the form is cleared, or when a dossier dialog shows a
new state), a script per command (``--request-id``). Inside the action's own write transaction:

- a token never seen is remembered with the action, a digest of its parameters, and what a replay
  needs (the dossier code, the batch id …), in the same commit as the action itself: a failed action
  leaves no token behind, so a retry after a refusal acts normally;
- a token already remembered for the same action and the same parameters returns the first call's
  result and writes nothing (Enter pressed twice, a retry after a lost answer);
- a token remembered for another action or other parameters is refused (``request.reused``): the
  form was already recorded, and the clerk must start a new one.

SQLite serialises writers (``BEGIN IMMEDIATE``), and the token is the table's primary key, so two
concurrent calls with one token cannot both act. A future action (fees and payments) reuses this
with its own action name: ``claim = Claim(request_id, "payment.record", params)``, then
``claim.replay(session)`` first and ``claim.remember(...)`` last in its unit of work.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from counter_app.domain.errors import InvalidInput
from counter_app.services.context import Actor
from counter_app.services.errors import Refused
from counter_app.storage.models import ActionRequest

_TOKEN = re.compile(r"[A-Za-z0-9_.:-]{8,64}")


def new_token() -> str:
    """A fresh request token (what the GUI mints per form)."""
    return str(uuid.uuid4())


def validate_token(text: str) -> str:
    """8 to 64 characters of letters, digits and ``_ . : -`` (a UUID fits)."""
    token = text.strip()
    if not _TOKEN.fullmatch(token):
        raise InvalidInput("request.token", value=text[:80])
    return token


def fingerprint(params: Any) -> str:
    """A digest of an action's parameters (their ``repr``: dataclasses, dates and enums included)."""
    return hashlib.sha256(repr(params).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Claim:
    """One action's use of a token; with ``token`` None (no token given) it does nothing."""

    token: str | None
    action: str
    params: Any

    def __post_init__(self) -> None:
        if self.token is not None:
            object.__setattr__(self, "token", validate_token(self.token))

    def replay(self, session: Session) -> dict[str, Any] | None:
        """What the first call with this token remembered, or None when the token is new."""
        if self.token is None:
            return None
        done = session.get(ActionRequest, self.token)
        if done is None:
            return None
        if done.action != self.action or done.fingerprint != fingerprint(self.params):
            raise Refused("request.reused", subject=done.subject)
        return dict(done.result)

    def remember(self, session: Session, actor: Actor, at: datetime, subject: str, result: dict[str, Any]) -> None:
        """Record the token with the action's result, in the action's own unit of work."""
        if self.token is None:
            return
        session.add(
            ActionRequest(
                token=self.token,
                action=self.action,
                fingerprint=fingerprint(self.params),
                subject=subject[:40],
                result=result,
                actor_id=actor.user_id,
                created_at=at,
            )
        )
        session.flush()
