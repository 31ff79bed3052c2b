"""Errors raised by services about the state of the data rather than the form of an input."""

from __future__ import annotations

from counter_app.domain.errors import Refusal


class NotFound(Refusal):
    """A dossier, procedure or user the caller named does not exist."""


class Refused(Refusal):
    """The action is understood but not allowed now (not initialised, locked account, …)."""
