"""The errors of capture: coded domain errors, so the services, the CLI and the GUI show them alike."""

from __future__ import annotations

from counter_app.domain.errors import InvalidInput, Unavailable


class BadFile(InvalidInput):
    """A file handed in for a paper cannot be taken (corrupt, encrypted, too large, not an image...).

    The same file will be refused again; nothing of it was kept."""


class ScannerError(Unavailable):
    """The scanner is missing, failed or stopped answering. ``params["pages"]`` counts the pages it had
    delivered before (the caller keeps them); trying again after dealing with the scanner can succeed."""
