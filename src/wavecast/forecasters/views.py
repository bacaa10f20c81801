"""Two views trained at once: the raw view of log="both" in a second thread beside the logged
view's final nets (`GlobalNetForecaster.fit(workers=2)`).

One torch thread a training was as fast as two on these net sizes (a 2-core machine), so a
second core is used by a second training, not by splitting one. The numbers are those of one
training after the other: each training draws only from its own generator (models.direct.train),
the one step that seeds the global generator (a new net's initial weights) holds `INIT_LOCK`,
and the ops of one thread never read the other's tensors. Progress callbacks are called one at
a time (`serialised`), and a failure on either side stops the other at its next step.
"""

from __future__ import annotations

import contextlib
import threading

INIT_LOCK = threading.Lock()  # global_net_members.new_net seeds and restores torch's global generator


class _Stopped(Exception):
    """Raised inside the second training when the first has failed."""


def serialised(on_step):
    """on_step called by one thread at a time (None stays None)."""
    if on_step is None:
        return None
    lock = threading.Lock()

    def call(*args):
        with lock:
            return on_step(*args)

    return call


class Beside:
    """fn(*args, stop=self) run in a daemon thread from construction on; `result()` joins it and
    returns its value or raises its exception. `checked(on_step)` is the callback the thread
    trains with: it stops the training at its next step once `cancel()` was called."""

    def __init__(self, fn, *args) -> None:
        self._stop = threading.Event()
        self._value, self._error = None, None
        self._thread = threading.Thread(target=self._run, args=(fn, args), daemon=True,
                                        name="wavecast-raw-view")
        self._thread.start()

    def _run(self, fn, args) -> None:
        try:
            self._value = fn(*args, stop=self)
        except BaseException as e:  # handed to the caller by result()
            self._error = e

    def checked(self, on_step):
        def call(*args):
            if self._stop.is_set():
                raise _Stopped
            if on_step is not None:
                on_step(*args)

        return call

    def result(self):
        try:
            self._thread.join()
        except BaseException:
            self.cancel()
            raise
        if self._error is not None:
            raise self._error
        return self._value

    def cancel(self) -> None:
        """Stop the thread at its next step and wait for it; what it raised is dropped."""
        self._stop.set()
        self._thread.join()


@contextlib.contextmanager
def stopped_on_failure(job: Beside | None):
    """The block's failure (an error, Ctrl-C) stops `job` before it propagates."""
    try:
        yield
    except BaseException:
        if job is not None:
            job.cancel()
        raise
