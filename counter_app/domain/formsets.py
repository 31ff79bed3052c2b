"""Which printed form set a dossier takes: chosen by the day it was received, never by a setting.

Decree 118/2025/NĐ-CP (in force 01/07/2025) replaced Decree 61/2018/NĐ-CP; Circular 03/2025/TT-VPCP
(15/09/2025) guides it with the seven forms of its Annex I (set "2025"). The forms of Circular
01/2018/TT-VPCP (set "2018") stay only for reprinting a dossier received before 01/07/2025, so that a
reprint shows the papers the citizen was given then. Asking for the 2018 set for a dossier received
since is refused with the rule (resources/forms/README.md, "Circular 03/2025 forms").
"""

from __future__ import annotations

from datetime import date, datetime

from counter_app.domain.calendar import office_time
from counter_app.domain.errors import InvalidInput

LEGACY = "2018"
CURRENT = "2025"
FORM_SETS = (LEGACY, CURRENT)
# Decree 118/2025/NĐ-CP in force: a dossier received from this day on is a "new" dossier.
CURRENT_FROM = date(2025, 7, 1)


def _day(moment: date | datetime) -> date:
    return office_time(moment).date() if isinstance(moment, datetime) else moment


def form_set_for(received: date | datetime) -> str:
    """The set a dossier received at ``received`` prints with (office-local day)."""
    return LEGACY if _day(received) < CURRENT_FROM else CURRENT


def check_requested(requested: str | None, received: date | datetime, code: str) -> str:
    """The set to print dossier ``code`` with: ``requested`` if allowed, else by the received day.

    The 2018 set for a dossier received on or after 01/07/2025 is refused (``form_set.legacy_new``).
    """
    if requested is None:
        return form_set_for(received)
    if requested not in FORM_SETS:
        raise InvalidInput("office.form_set", value=requested)
    if requested == LEGACY and _day(received) >= CURRENT_FROM:
        raise InvalidInput("form_set.legacy_new", code=code, received=f"{_day(received):%d/%m/%Y}")
    return requested
