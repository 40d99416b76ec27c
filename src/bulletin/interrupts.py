"""Ctrl-C and SIGTERM, honoured in one place.

A handler that raises KeyboardInterrupt can land anywhere: in a weak-reference
callback or a finaliser, Python prints "Exception ignored ... KeyboardInterrupt"
and carries on, and a build went on to finish and exit 0. So while a build
runs (`handled()`), a signal only sets a flag and tells whoever registered
(the kernel server) to stop; the build checks the flag between its steps, in
its waits and before an output lands (outputs.Staging), and ends with
`Interrupted` (exit 130) and nothing half written. A second Ctrl-C raises
KeyboardInterrupt at once, for whoever will not wait for a PDF to finish.

Standard library only: every module may ask.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from typing import Callable, Iterator

from .errors import BulletinError

SIGNALS = (signal.SIGINT, signal.SIGTERM)
_requested = threading.Event()
_active = threading.Event()  # a build is running under handled()
_callbacks: list[Callable[[], None]] = []


class Interrupted(BulletinError):
    """Ctrl-C or SIGTERM: the build stopped, nothing half written."""

    exit_code = 130

    def __init__(self) -> None:
        super().__init__("interrupted")


def requested() -> bool:
    """A signal came during the last build (the command line then exits 130)."""
    return _requested.is_set()


def check() -> None:
    """Raise Interrupted if a signal came while a build runs: call it between steps."""
    if _active.is_set() and _requested.is_set():
        raise Interrupted()


def wait(event: threading.Event, every: float = 0.1) -> None:
    """Wait for `event`, and for a signal meanwhile."""
    while not event.wait(every):
        check()
    check()


def on_interrupt(callback: Callable[[], None]) -> None:
    """Call `callback` (from the main thread) when a signal comes, until the build ends."""
    _callbacks.append(callback)


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """Signals set the flag while the block runs (from the main thread; elsewhere, a
    Dask task's thread, signals are the host's business)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _requested.clear()
    before = {number: signal.signal(number, _handler) for number in SIGNALS}
    _active.set()
    try:
        yield
    finally:
        _active.clear()
        for number, handler in before.items():
            signal.signal(number, handler)
        _callbacks.clear()


def _handler(signum, frame) -> None:
    if _requested.is_set():
        raise KeyboardInterrupt  # asked twice: now
    _requested.set()
    for callback in list(_callbacks):
        try:
            callback()
        except Exception:  # stopping what runs must not stop the rest from being stopped
            pass


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Signals wait while the block runs: files moving into place all move, or none do."""
    try:
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    except (AttributeError, OSError, ValueError):  # no such call on this platform
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def until_exit() -> None:
    """From the command's end to the process's: Python's teardown takes a moment, and a signal
    then would kill it unannounced (exit -2). It ends it as an interrupted build ends instead:
    "interrupted", exit 130; every output has landed whole, or not at all, by then."""
    for number in SIGNALS:
        signal.signal(number, _exit_interrupted)


def _exit_interrupted(signum, frame) -> None:
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write("interrupted\n")
        sys.stderr.flush()
    os._exit(130)
