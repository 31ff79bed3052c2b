"""When to try again after failed sync rounds: exponential back-off with jitter (SYNC.md).

1 s after the first failure, doubling each time up to a 5-minute cap, each delay spread by ±50 % so
that the counters of a district do not all knock on the hub in the same second when it comes back.
The random source is injected, which keeps this module pure and its tests exact.
"""

from __future__ import annotations

from collections.abc import Callable

FIRST_DELAY = 1.0  # seconds
MAX_DELAY = 300.0  # 5 minutes
JITTER = 0.5  # ±50 %


def delay(failures: int, random: Callable[[], float]) -> float:
    """Seconds to wait after ``failures`` consecutive failed rounds (0 failures: no wait).

    ``random()`` returns a float in [0, 1); the base delay ``min(1 s · 2^(n-1), 5 min)`` is multiplied by
    ``0.5 + random()``, so it lands anywhere in [50 %, 150 %) of the base, and the result never exceeds
    the 5-minute cap.
    """
    if failures <= 0:
        return 0.0
    base = MAX_DELAY if failures > 20 else min(FIRST_DELAY * 2 ** (failures - 1), MAX_DELAY)
    return min(base * (1 - JITTER + 2 * JITTER * random()), MAX_DELAY)
