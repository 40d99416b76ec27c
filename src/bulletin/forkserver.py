"""Notebook kernels forked from a warm process, started ahead of need.

Booting a kernel costs more than running a notebook: a fresh Python imports
ipykernel, IPython, pandas, matplotlib and bulletin (about 2 CPU-seconds)
before the first cell runs, once per output. A fork server pays that once
per build process: started as the build starts, it imports everything the
notebooks use while the build reads the content, then forks a kernel per
notebook in milliseconds. Each notebook still gets a kernel of its own, a
fresh process that dies after it (one executed notebook per output); it only
starts with the imports done, as a `multiprocessing` forkserver's children do.

The server keeps one kernel started ahead of need, so that a notebook does
not wait for a kernel's own start-up either, and it writes the notebooks' HTML
copies (nbconvert) on the build's other core while the build renders the PDF.

A kernel is given its key in memory, binds free ports of its own choosing and
reports them to the server on a pipe: no connection file is written, and no
port chosen for one kernel can be taken by another before it binds.

A batch's workers share one server (Shared): it does the imports once, and
forks a server for each worker that connects, warm, with its own kernels.

Protocol: one JSON request per line on the server's stdin (a worker's: its
socket), one JSON reply per line on its stdout (the socket), in order. The
server ends when its stdin closes (the build ended) or when the build dies
(the kernel kills it), and its kernels end with it. Where `os.fork` is
missing, or `BULLETIN_KERNELS=spawn` is set, kernels are started the usual
way (kernel.ThisPythonKernelManager).
"""

from __future__ import annotations

import atexit
import ctypes
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path

from .errors import BuildError

# What every notebook imports, and ipykernel's own modules (its debugger support is
# the slow part of a kernel's start-up): imported in the server, so each forked
# kernel starts with them done.
KERNEL = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
          "sqlite3", "psutil", "IPython.display", "jupyter_client.connect", "pandas",
          "bulletin.activities", "bulletin.payload", "bulletin.results")
# What a donor report's charts need besides; a first chart is drawn too (fonts, text layout).
CHARTS = ("matplotlib.pyplot", "bulletin.charts", "bulletin.indicator_chart")
# The options builds start kernels with (notebooks.py; nbclient adds the history file):
# the spare kernel started ahead of the first notebook is started with these.
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.hist_file=:memory:"]

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Linux: this process gets SIGKILL when its parent dies, however it dies (kill -9)."""
    if parent and sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)


def kernel_env() -> dict[str, str]:
    """A kernel imports the bulletin this build runs, whatever else is installed."""
    package_parent = str(Path(__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path}


def enabled() -> bool:
    return hasattr(os, "fork") and os.environ.get("BULLETIN_KERNELS", "fork") != "spawn"


# --- the build's side -------------------------------------------------------------------------

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

    def __init__(self, only: str = "", connection: socket.socket | None = None):
        self._process: subprocess.Popen | None = None
        self._socket = connection
        if connection is None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "bulletin.forkserver", str(_parent_to_follow()), only],
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
                [sys.executable, "-m", "bulletin.forkserver", str(_parent_to_follow()), "",
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
        return _alive(self._process.pid)  # a worker cannot wait for its parent's child

    def close(self, now: bool = False) -> None:
        if os.getpid() == self._owner:  # not a worker's inherited copy: the build's to close
            _end(self._process, (self._process.stdin, self._control), now)


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


_client: Client | None = None
_shared: Shared | None = None
_client_lock = threading.Lock()


def start(only: str = "") -> Client | None:
    """This process's fork server, started if it is not yet (ahead of need: call it as
    soon as a notebook is certain to run). `only` names the one notebook this process
    will run, if it runs only one: the server then prepares that and nothing more.
    In a batch's worker, a server forked by the batch's shared one (share()).
    None where kernels are spawned instead."""
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
                    _client = Client(only)
                except OSError:
                    return None
            # at exit every notebook and HTML copy is done: nothing to wait for
            atexit.register(_client.close, True)
        return _client


def stop(now: bool = False) -> None:
    """End this process's fork server, if it runs (its kernels end with it); `now`:
    killed, not waited for (a server started for a build that turned out unneeded
    reads no request until its imports are done)."""
    global _client
    with _client_lock:
        if _client is not None:
            _client.close(now)
            _client = None


def running() -> Client | None:
    """The fork server if one has been started and still runs."""
    client = _client
    return client if client is not None and client.alive() else None


def share() -> Shared | None:
    """In a build about to fork its batch workers: the kernel server they will share,
    started if it is not yet (its imports run while the build plans). None where
    kernels are spawned."""
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


def unshare(now: bool = False) -> None:
    """End the batch's shared server (the workers are done, or none will be forked)."""
    global _shared
    with _client_lock:
        if _shared is not None:
            _shared.close(now)
            _shared = None


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


# --- the server's side ------------------------------------------------------------------------

def serve(parent: int, only: str) -> None:
    """Warm up, start a kernel ahead of the first notebook, say so, then answer requests
    until stdin closes. `only`: the one notebook the build runs ("": any number)."""
    die_with_parent(parent)
    requests = sys.stdin.buffer
    # Replies get a descriptor of their own; anything else printing to stdout (an
    # import's notice) goes to stderr instead of into the protocol.
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    _warm(KERNEL)
    if only != "newsletter":  # the newsletter draws no chart: its build need not wait for them
        _warm(CHARTS)
    # Kernels are reaped as they end: nobody waits for them here.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    _answer(requests, replies, only, close=lambda: (requests.close(), replies.close()))


def serve_shared(parent: int, control: socket.socket) -> None:
    """A batch's shared server (Shared): warm up, then fork a server for each worker that
    sends a socket on `control`, until stdin closes."""
    die_with_parent(parent)
    os.dup2(2, 1)  # an import's notice goes to stderr; replies go on the workers' sockets
    _warm(KERNEL)
    _warm(CHARTS)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    shared = os.getpid()
    while True:
        ready, _, _ = select.select([0, control], [], [])
        if 0 in ready and not os.read(0, 4096):
            return  # the build closed stdin, or ended
        if control in ready:
            # one socket per message (Shared.connect): a server forked for one worker
            # then holds no other worker's socket, whose end it would keep open
            _, fds, _, _ = socket.recv_fds(control, 64, 1)
            for fd in fds:
                if os.fork() == 0:
                    _serve_worker(shared, control, fd)
                os.close(fd)


def _serve_worker(shared: int, control: socket.socket, fd: int) -> None:
    """In a child of the shared server: answer one worker on its socket until it closes."""
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)
        die_with_parent(shared)
        control.close()
        # the build's stdin is the shared server's to read; closed here, its descriptor
        # could be reused for a kernel's port pipe, which a kernel points at /dev/null
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        connection = socket.socket(fileno=fd)
        requests, replies = connection.makefile("rb"), connection.makefile("wb")
        _answer(requests, replies, "",
                close=lambda: (requests.close(), replies.close(), connection.close()))
    finally:
        os._exit(0)


def _answer(requests, replies, only: str, close) -> None:
    """Start a kernel ahead of the first notebook, say so, then answer requests until
    `requests` ends. `close` closes the server's ends of the channel (in each kernel)."""
    kernels = _Kernels(close, ahead=not only)
    try:
        kernels.spare = kernels.fork(KERNEL_ARGS, str(_notebooks()))  # for the build's first notebook
        _reply(replies, {"ready": True})
        for line in requests:
            request = json.loads(line)
            if request["do"] == "kernel":
                reply = kernels.take(request["argv"], request.get("cwd"))
            elif request["do"] == "html":
                reply = _html_copy(Path(request["notebook"]), Path(request["target"]))
            else:
                reply = {"error": f"unknown request {request['do']!r}"}
            _reply(replies, reply)
            kernels.prepare()
    except (BrokenPipeError, ConnectionResetError):
        pass  # the build ended (Ctrl-C, or done) while this answered
    finally:
        kernels.close()


def _reply(replies, reply: dict) -> None:
    replies.write(json.dumps(reply).encode() + b"\n")
    replies.flush()


def _notebooks() -> Path:
    from bulletin.resources import NOTEBOOKS

    return NOTEBOOKS


def _warm(modules: tuple[str, ...]) -> None:
    import importlib

    if all(name in sys.modules for name in modules):
        return
    if "pandas" in modules:
        _import_as_in_a_kernel("pandas")
    for name in modules:
        importlib.import_module(name)
    if modules == CHARTS:  # the first chart loads the fonts and text layout; later ones reuse them
        from bulletin import charts

        charts.activities_by([{"m": "a", "activities": 1}, {"m": "b", "activities": 2}], "m", "Warm-up")


def _import_as_in_a_kernel(name: str) -> None:
    """pandas looks at its surroundings as it is imported: in a terminal it fits tables
    to the screen, in a Jupyter kernel it shows 20 columns (config_init.is_terminal).
    Imported here for the kernels, it must see a kernel, as it would in one."""
    import builtins
    import importlib

    class Shell:
        kernel = True

    builtins.get_ipython = Shell
    try:
        importlib.import_module(name)
    finally:
        del builtins.get_ipython


class _Kernels:
    """Forks kernels, and keeps one spare started ahead of the next request: its
    start-up (about 0.4 s) runs while the build renders the previous output."""

    def __init__(self, close_channel, ahead: bool):
        self.close_channel = close_channel
        self.ahead = ahead  # a kernel for the next notebook, when there will be one
        self.spare: dict | None = None
        self.last: tuple | None = None

    def fork(self, argv: list[str], cwd: str | None) -> dict:
        import uuid

        # The kernel binds ports of its own choosing and reports them on a pipe. Ports
        # picked here and bound later by the kernel (jupyter_client's connection file)
        # could be taken in between by another batch worker's kernel.
        connection = {"transport": "tcp", "ip": "127.0.0.1", "key": str(uuid.uuid4()),
                      "signature_scheme": "hmac-sha256"}
        ports, reported = os.pipe()
        try:
            pid = _fork_kernel(argv, connection, reported, cwd, self.close_channel)
        finally:
            os.close(reported)
        return {"pid": pid, "connection": connection, "ports": ports, "for": [argv, cwd]}

    def take(self, argv: list[str], cwd: str | None) -> dict:
        """The kernel for the next notebook: its "pid" and "connection" (ports and key),
        or an "error" if it ended before it could bind its ports."""
        spare, self.spare = self.spare, None
        if self.last is not None:  # told of one notebook, asked for more (cli.main called again)
            self.ahead = True
        self.last = (argv, cwd)
        if spare and (spare["for"] != [argv, cwd] or not _alive(spare["pid"])):
            self.discard(spare)
            spare = None
        kernel = spare or self.fork(argv, cwd)
        with os.fdopen(kernel.pop("ports"), "rb") as ports:
            ready, _, _ = select.select([ports], [], [], 60)
            line = ports.readline() if ready else b""
        if not line:
            _kill(kernel["pid"])
            return {"error": "a notebook kernel ended as it started"}
        kernel["connection"].update(json.loads(line))
        del kernel["for"]
        return kernel

    def discard(self, kernel: dict) -> None:
        _kill(kernel["pid"])
        os.close(kernel["ports"])

    def prepare(self) -> None:
        """After a kernel is handed out: start the next one like it."""
        if self.ahead and self.spare is None and self.last is not None:
            _warm(CHARTS)  # if this server was told the one notebook was the newsletter
            self.spare = self.fork(*self.last)

    def close(self) -> None:
        if self.spare:
            self.discard(self.spare)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _fork_kernel(argv: list[str], connection: dict, report: int, cwd: str | None,
                 close_channel) -> int:
    """A kernel, forked: it binds its ports and writes them to the descriptor `report`."""
    server = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    try:  # the kernel: never return into the server's loop
        os.setsid()  # its own process group, as jupyter_client starts kernels
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        die_with_parent(server)
        close_channel()  # the server's requests and replies are not the kernel's
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        if cwd:
            os.chdir(cwd)
        _reseed()
        # ipykernel ends the kernel when its parent changes: the parent is this server
        _kernel_app(connection, report).launch_instance(
            argv=[*argv, f"--IPKernelApp.parent_handle={server}"])
        os._exit(0)
    except SystemExit as exc:  # ipykernel ended it, and said why if there was a reason
        os._exit(exc.code if isinstance(exc.code, int) else 1)
    except BaseException as exc:  # the build is told (take) and starts a kernel itself
        print(f"a notebook kernel failed to start: {type(exc).__name__}: {exc}", file=sys.stderr)
        os._exit(1)


def _kernel_app(connection: dict, report: int):
    """ipykernel's application, given its key in memory instead of a connection file;
    the ports it binds (any free ones) are written to the descriptor `report`."""
    from ipykernel.kernelapp import IPKernelApp

    class InMemoryConnection(IPKernelApp):
        def init_connection_file(self):
            self.load_connection_info(connection)

        def write_connection_file(self, **kwargs):
            # called once the sockets are bound (IPKernelApp.initialize)
            ports = {name: getattr(self, name) for name in
                     ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}
            os.write(report, json.dumps(ports).encode() + b"\n")
            os.close(report)

    return InMemoryConnection


def _reseed() -> None:
    """A forked child shares its parent's random state; `random` reseeds itself, numpy not."""
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()


def _html_copy(notebook: Path, target: Path) -> dict:
    from bulletin.notebooks import notebook_html
    from bulletin.outputs import write

    try:
        write(target, notebook_html(notebook))
        return {"ok": True}
    except Exception as exc:  # the build reports it, with the notebook's name
        return {"error": f"{type(exc).__name__}: {exc}"}


if __name__ == "__main__":
    if len(sys.argv) > 3:  # a batch's shared server, given its control socket
        serve_shared(int(sys.argv[1]), socket.socket(fileno=int(sys.argv[3])))
    else:
        serve(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "")
