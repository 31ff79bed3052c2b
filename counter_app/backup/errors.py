"""What can go wrong with a backup, as message codes (counter_app/messages.py ``backup.*``)."""

from __future__ import annotations

import errno

from counter_app.domain.errors import DomainError


class BackupError(DomainError):
    """A backup could not be written, read or restored; ``code`` names the cause in one sentence."""


class WrongKey(BackupError):
    """The backup was made under another backup key (a wrong recovery key)."""


class BackupDamaged(BackupError):
    """The file is truncated, altered or not a backup: its authentication failed."""


class TargetProblem(BackupError):
    """The backup location is missing, full or read-only: nothing was lost, earlier backups are intact."""


def target_problem(exc: OSError, target: str) -> TargetProblem:
    """The OS error met while writing to the backup location, as one of three clear causes."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return TargetProblem("backup.target_full", target=target, reason=reason)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return TargetProblem("backup.target_read_only", target=target, reason=reason)
    if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.ENODEV, errno.ENXIO):
        return TargetProblem("backup.target_missing", target=target, reason=reason)
    return TargetProblem("backup.target_unwritable", target=target, reason=reason)
