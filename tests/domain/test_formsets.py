"""The form set of a dossier follows the day it was received (Decree 118/2025 in force 01/07/2025)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from counter_app.domain.errors import InvalidInput
from counter_app.domain.formsets import check_requested, form_set_for


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (date(2025, 6, 30), "2018"),
        (date(2025, 7, 1), "2025"),
        (datetime(2025, 6, 30, 16, 59, tzinfo=UTC), "2018"),  # 23:59 on 30/06 in Vietnam
        (datetime(2025, 6, 30, 17, 0, tzinfo=UTC), "2025"),  # 00:00 on 01/07 in Vietnam
        (datetime(2025, 6, 30, 23, 59), "2018"),  # naive: already office-local
        (datetime(2024, 3, 5, 9, 0), "2018"),
        (datetime(2026, 1, 2, 9, 0), "2025"),
    ],
)
def test_the_set_is_the_one_in_force_on_the_office_day_received(received: date | datetime, expected: str) -> None:
    assert form_set_for(received) == expected


def test_a_reprint_of_an_old_dossier_may_use_either_set() -> None:
    old = date(2024, 12, 20)
    assert check_requested(None, old, "X") == "2018"
    assert check_requested("2018", old, "X") == "2018"
    assert check_requested("2025", old, "X") == "2025"


def test_the_2018_set_for_a_new_dossier_is_refused_with_the_day_received() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_requested("2018", datetime(2025, 7, 1, 1, 0, tzinfo=UTC), "000.12.34.H26-250701-2001")
    assert refused.value.code == "form_set.legacy_new"
    assert refused.value.params == {"code": "000.12.34.H26-250701-2001", "received": "01/07/2025"}
    assert check_requested("2025", date(2025, 7, 1), "X") == "2025"


def test_an_unknown_set_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_requested("2030", date(2025, 7, 1), "X")
    assert refused.value.code == "office.form_set"
