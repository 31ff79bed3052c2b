"""The retry schedule: 1 s doubling to a 5-minute cap, ±50 % jitter, never longer than the cap."""

from __future__ import annotations

import random

import pytest

from counter_app.sync.backoff import MAX_DELAY, delay


def test_no_failure_no_wait() -> None:
    assert delay(0, lambda: 0.9) == 0.0


@pytest.mark.parametrize(("failures", "seconds"), [(1, 1), (2, 2), (3, 4), (5, 16), (9, 256), (10, 300), (40, 300)])
def test_middle_of_the_jitter_is_the_doubling_base_with_a_five_minute_cap(failures: int, seconds: float) -> None:
    assert delay(failures, lambda: 0.5) == pytest.approx(seconds)


def test_jitter_spreads_half_either_way() -> None:
    assert delay(4, lambda: 0.0) == pytest.approx(4.0)  # 8 s base, -50 %
    assert delay(4, lambda: 0.999999) == pytest.approx(12.0, rel=1e-5)  # +50 %


def test_never_longer_than_five_minutes_even_after_days_of_failures() -> None:
    rng = random.Random(7)
    delays = [delay(n, rng.random) for n in range(1, 10_000)]
    assert max(delays) <= MAX_DELAY
    assert min(delays[20:]) >= MAX_DELAY / 2  # the cap is reached and jitter only spreads below it
    assert len({round(d, 3) for d in delays[20:200]}) > 50  # counters do not all retry in the same second
