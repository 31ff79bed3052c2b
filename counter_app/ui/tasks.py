"""The one background task runner (Anki's taskman, Picard's run_task).

``runner.run(work, on_done, on_error)`` runs ``work()`` on a worker thread and calls ``on_done(result)``
or ``on_error(exception)`` back on the GUI thread. Work functions never touch widgets. Tests set
``synchronous = True`` so results arrive before ``run`` returns.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal

log = logging.getLogger(__name__)


RunTask = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]


def run_now(work: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
    """The runner's contract without a thread (views built without a runner, and tests)."""
    try:
        result = work()
    except Exception as exc:  # noqa: BLE001 - handed to failed, as the runner does
        failed(exc)
    else:
        done(result)


class _Relay(QObject):
    done = Signal(object, object)  # (callback, value) delivered on the GUI thread


class _Job(QRunnable):
    def __init__(
        self,
        relay: _Relay,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        super().__init__()
        self._relay, self._work, self._on_done, self._on_error = relay, work, on_done, on_error

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:
            log.debug("background task failed", exc_info=True)
            self._relay.done.emit(self._on_error, exc)
        else:
            self._relay.done.emit(self._on_done, result)


class GuiThreadGarbageCollector(QObject):
    """Python's cyclic garbage collector runs in whichever thread happens to allocate; if it frees a
    cycle holding Qt objects in a worker thread, Qt crashes. With worker threads about, automatic
    collection is switched off and this timer collects on the GUI thread, by the same thresholds."""

    INTERVAL_MS = 300

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(self.INTERVAL_MS)

    def collect(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                gc.collect(generation)
                return


_collector: GuiThreadGarbageCollector | None = None


def _install_collector() -> None:
    global _collector
    app = QCoreApplication.instance()
    if _collector is None and app is not None:
        _collector = GuiThreadGarbageCollector(app)


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        _install_collector()
        self.synchronous = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._relay = _Relay(self)
        self._relay.done.connect(lambda callback, value: callback(value))

    def run(
        self, work: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        if self.synchronous:
            try:
                result = work()
            except Exception as exc:  # noqa: BLE001 - same contract as the threaded path
                on_error(exc)
            else:
                on_done(result)
            return
        self._pool.start(_Job(self._relay, work, on_done, on_error))

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait for running tasks (shutdown and tests)."""
        return self._pool.waitForDone(msecs)
