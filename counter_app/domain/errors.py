"""Domain errors: a machine-readable code plus parameters, never user-facing prose."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A coded failure the user is told about: either a :class:`Refusal` or an :class:`Unavailable`.

    ``code`` is a stable identifier (``"cccd.bad_id"``); ``params`` fill the translated message
    that :mod:`counter_app.messages` keeps for the code.
    """

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        if not self.params:
            return self.code
        inner = ", ".join(f"{k}={v!r}" for k, v in sorted(self.params.items()))
        return f"{self.code}({inner})"


class Refusal(DomainError):
    """A rule refused an input or an action: the same request will be refused again (CLI exit 2)."""


class Unavailable(DomainError):
    """The environment prevents the action (the disk, the database file, the network), not a rule:
    the request itself is fine and can succeed once the cause is dealt with."""


class InvalidInput(Refusal):
    """A value typed, scanned or imported does not have the required form."""


class IllegalTransition(Refusal):
    """The lifecycle state machine does not allow this event in the dossier's current status."""
