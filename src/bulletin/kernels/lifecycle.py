"""When the kernel server runs: entered in one place, the build's `with KernelServer(...)`.

A process has at most one server of its own (a Client) and, in a build about to fork
its batch workers, one they share (Shared). A notebook asks for `running()`: with no
server (a caller built an output directly, or BULLETIN_KERNELS=spawn), it starts its
kernel the usual way.
"""

from __future__ import annotations

import atexit
import os
import threading

from .client import Client, Shared
from .common import die_with_parent, enabled

_client: Client | None = None
_shared: Shared | None = None
_client_lock = threading.Lock()


class KernelServer:
    """The build's kernel server, for one `with` block.

    `shared=False`: this process's own server, for a build in this process; `only`
    names the one notebook it will run, if it runs only one: the server then prepares
    that and nothing more, and `charts` says whether that one draws charts. `shared=True`: the server a local pool's worker processes
    will share (they join it with join_shared). Enter it from the main thread, as soon
    as a notebook is likely to run: its imports run while the build plans, and the
    server dies with this process (a server started from another thread follows only
    its stdin). Where kernels are spawned (not enabled()), it does nothing."""

    def __init__(self, only: str = "", shared: bool = False, charts: bool = True):
        self.only, self.charts = only, charts
        self.shared = shared
        self._server: Client | Shared | None = None

    def __enter__(self) -> "KernelServer":
        if enabled():
            try:
                self._server = _share() if self.shared else _start(self.only, self.charts)
            except BaseException:  # Ctrl-C as it starts: no `with` block to end it
                self.cancel()
                raise
        return self

    def cancel(self) -> None:
        """Nothing to build after all: end it now. A server still importing reads no
        request until its imports are done, so it is killed, not waited for."""
        self._end(now=True)

    def interrupt(self) -> None:
        """Ctrl-C or SIGTERM: end it now. Safe in a signal handler (no lock, no wait),
        and more than once; __exit__ or cancel() then closes what is left."""
        server = self._server
        if server is not None:
            server.kill()

    def __exit__(self, *exc) -> None:
        """Waited for when the build went well; killed at once after an exception."""
        self._end(now=exc[0] is not None)

    def _end(self, now: bool) -> None:
        if self.shared:
            _unshare(now)
        else:
            _stop(now)
        self._server = None


def join_shared(parent_pid: int) -> None:
    """In a pool worker's initializer: die when the build (`parent_pid`) dies, and connect
    to the batch's shared server ahead of the first notebook (KernelServer(shared=True));
    a server of the worker's own if that one is gone."""
    die_with_parent(parent_pid)
    _start()


def running() -> Client | None:
    """The fork server if one has been started and still runs."""
    client = _client
    return client if client is not None and client.alive() else None


def _start(only: str = "", charts: bool = True) -> Client | None:
    """This process's fork server, started if it is not yet. In a batch's worker, a
    server forked by the batch's shared one (_share()). None where kernels are spawned."""
    global _client
    if not enabled():
        return None
    with _client_lock:
        if _client is None or not _client.alive():
            if _client is not None:
                _client.close()
            _client = None
            if _shared is not None and os.getpid() != _shared._owner and _shared.alive():
                try:
                    _client = _shared.connect()
                except OSError:
                    pass  # the shared server is gone: a server of this process's own
            if _client is None:
                try:
                    _client = Client(only, charts=charts)
                except OSError:
                    return None
            # at exit every notebook and HTML copy is done: nothing to wait for
            atexit.register(_client.close, True)
        return _client


def _stop(now: bool = False) -> None:
    """End this process's fork server, if it runs (its kernels end with it); `now`:
    killed, not waited for."""
    global _client
    with _client_lock:
        if _client is not None:
            _client.close(now)
            _client = None


def _share() -> Shared | None:
    """In a build about to fork its batch workers: the kernel server they will share,
    started if it is not yet. None where kernels are spawned."""
    global _shared
    if not enabled():
        return None
    with _client_lock:
        if _shared is None or not _shared.alive():
            try:
                _shared = Shared()
            except OSError:
                return None
            atexit.register(_shared.close, True)
        return _shared


def _unshare(now: bool = False) -> None:
    """End the batch's shared server (the workers are done, or none will be forked)."""
    global _shared
    with _client_lock:
        if _shared is not None:
            _shared.close(now)
            _shared = None
