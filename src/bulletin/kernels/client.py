"""The build's side of the kernel server: its handle on a server (Client), a batch's
server shared by its workers (Shared), and on the kernels a server forks (ForkedProcess)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path

from ..errors import BuildError
from .common import alive, kernel_env

SERVER_MODULE = "bulletin.kernels.server"


class ServerGone(BuildError):
    """The fork server ended or failed to start; kernels are then started the usual way."""


class Reply:
    """A reply still to be read: replies come in the order of the requests."""

    def __init__(self, server: "Client"):
        self._server = server
        self._value: dict | None = None

    def result(self) -> dict:
        while self._value is None:
            self._server._read_one()
        return self._value


class Client:
    """The build process's handle on its fork server; safe to share between threads.

    A server of its own, spawned and spoken to on its stdin and stdout; or, given
    `connection`, a socket to a server forked for this process by a batch's shared
    server (Shared)."""

    def __init__(self, only: str = "", connection: socket.socket | None = None,
                 charts: bool = True):
        self._process: subprocess.Popen | None = None
        self._socket = connection
        if connection is None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", SERVER_MODULE, str(_parent_to_follow()), only,
                 *([] if charts else ["no-charts"])],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_server_env(),
                # its own session: Ctrl-C at the terminal is the build's to handle
                start_new_session=True)
            self._requests, self._replies = self._process.stdin, self._process.stdout
        else:
            self._requests, self._replies = connection.makefile("wb"), connection.makefile("rb")
        self._closed = False
        self._lock = threading.RLock()
        self._waiting: deque[Reply] = deque()
        self._ready = self._expect()  # the server says when its imports are done

    def _expect(self) -> Reply:
        reply = Reply(self)
        self._waiting.append(reply)
        return reply

    def _read_one(self) -> None:
        with self._lock:
            if not self._waiting:
                return
            try:
                line = self._replies.readline()
            except (OSError, ValueError):  # closed under it
                line = b""
            if not line:
                raise ServerGone("the notebook kernel server ended unexpectedly")
            self._waiting.popleft()._value = json.loads(line)

    def request(self, **request) -> Reply:
        with self._lock:
            try:
                self._requests.write(json.dumps(request).encode() + b"\n")
                self._requests.flush()
            except (OSError, ValueError):  # a broken pipe or socket, or closed
                raise ServerGone("the notebook kernel server ended unexpectedly") from None
            return self._expect()

    def fork_kernel(self, argv: list[str], cwd: str | None) -> dict:
        """A kernel started with ipykernel's options `argv` (all but its connection file):
        its "pid" and "connection" info (ports and key)."""
        # the server names itself the kernel's parent
        argv = [a for a in argv if not a.startswith("--IPKernelApp.parent_handle=")]
        reply = self.request(do="kernel", argv=argv, cwd=cwd).result()
        if "error" in reply:
            raise ServerGone(reply["error"])
        return reply

    def html_copy(self, executed: Path, target: Path) -> Reply:
        """Write the HTML copy of the executed notebook at `target`, in the server."""
        return self.request(do="html", notebook=str(executed), target=str(target))

    def alive(self) -> bool:
        return not self._closed and (self._process is None or self._process.poll() is None)

    def close(self, now: bool = False) -> None:
        """End the server (it ends its kernels). A server forked by a shared one ends
        when its socket closes: this process cannot wait for it, nor needs to."""
        self._closed = True
        _end(self._process, (self._requests, self._replies, self._socket), now)

    def kill(self) -> None:
        """End the server at once, from a signal handler if need be: no lock taken, no
        file closed, nothing waited for (close() does that later)."""
        self._closed = True
        if self._process is not None:
            self._process.kill()  # Popen polls without blocking first: never a reaped pid
        elif self._socket is not None:
            try:
                self._socket.shutdown(socket.SHUT_RDWR)  # the forked server reads its end
            except OSError:
                pass


class Shared:
    """One kernel server for a batch's worker processes. It does the imports once, and
    forks a server of its own for each worker that connects, with the imports done:
    two workers no longer pay for two servers' imports at the start of every batch.

    Made in the build process before its workers are forked; a worker inherits the
    control socket and connects by sending it one end of a new socket pair. The
    server ends when the build closes its stdin or dies; the servers it forked end
    with it, or when their worker's socket closes (the worker ended, or was killed)."""

    def __init__(self):
        self._control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", SERVER_MODULE, str(_parent_to_follow()), "",
                 str(theirs.fileno())],
                stdin=subprocess.PIPE, env=_server_env(), start_new_session=True,
                pass_fds=[theirs.fileno()])
        finally:
            theirs.close()
        self._owner = os.getpid()

    def connect(self) -> Client:
        """A server forked for this process (a worker), spoken to on a socket of its own."""
        ours, theirs = socket.socketpair()
        try:
            socket.send_fds(self._control, [b"connect"], [theirs.fileno()])
        except OSError:
            ours.close()
            raise
        finally:
            theirs.close()
        return Client(connection=ours)

    def alive(self) -> bool:
        if os.getpid() == self._owner:
            return self._process.poll() is None
        return alive(self._process.pid)  # a worker cannot wait for its parent's child

    def close(self, now: bool = False) -> None:
        if os.getpid() == self._owner:  # not a worker's inherited copy: the build's to close
            _end(self._process, (self._process.stdin, self._control), now)

    def kill(self) -> None:
        """End the server at once (the servers it forked die with it); signal-safe, as
        Client.kill."""
        if os.getpid() == self._owner:
            self._process.kill()


def _end(process: subprocess.Popen | None, channel, now: bool) -> None:
    """Close a server's `channel` (it then ends); `now`: kill it first. Wait for it, if it
    is this process's child, for at most 5 s before killing it."""
    if now and process is not None:
        process.kill()
    for end in channel:
        try:
            if end is not None:
                end.close()
        except OSError:
            pass
    if process is None:
        return
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _server_env() -> dict[str, str]:
    return {**os.environ, **kernel_env(),
            # debugpy, imported ahead for the kernels, warns that this Python's frozen
            # modules may hide breakpoints; nobody debugs a build's kernel
            "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def _parent_to_follow() -> int:
    """The pid the server dies with (0: none). Linux signals a child when the *thread*
    that started it ends: from another thread (a Dask worker's task), the server
    follows only its stdin, which closes when this process ends."""
    return os.getpid() if threading.current_thread() is threading.main_thread() else 0


class ForkedProcess:
    """What jupyter_client's LocalProvisioner needs of a Popen, for a kernel that is
    the fork server's child, not ours: no exit status, but whether it still runs."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0  # the server reaps its children; the status is its to know
            except PermissionError:
                pass
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.01)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)
