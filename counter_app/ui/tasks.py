"""The one background task runner (Anki's taskman, Picard's run_task).

``runner.run(work, on_done, on_error)`` runs ``work()`` on a worker thread and calls ``on_done(result)``
or ``on_error(exception)`` back on the GUI thread. Work functions never touch widgets. Tests set
``synchronous = True`` so results arrive before ``run`` returns.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


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


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
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
