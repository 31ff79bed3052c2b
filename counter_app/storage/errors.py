"""Storage failures the environment is to blame for (shown to the user), as distinct from bugs."""

from __future__ import annotations

from counter_app.domain.errors import DomainError


class StorageError(DomainError):
    """The database cannot be used as asked: missing, locked, read-only, corrupt, or too new."""
