"""The kernel server's process: `python -m bulletin.kernels.server PARENT ONLY [CONTROL]`.

It warms up (imports what the notebooks use), keeps one kernel started ahead of need,
forks a kernel for each notebook, and writes the notebooks' HTML copies.

Protocol: one JSON request per line on the server's stdin (a worker's: its
socket), one JSON reply per line on its stdout (the socket), in order. The
server ends when its stdin closes (the build ended) or when the build dies
(the kernel kills it), and its kernels end with it.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import sys
from pathlib import Path

from .common import CHARTS, KERNEL, KERNEL_ARGS, alive, die_with_parent


def serve(parent: int, only: str, charts: bool = True) -> None:
    """Warm up, start a kernel ahead of the first notebook, say so, then answer requests
    until stdin closes. `only`: the one notebook the build runs ("": any number);
    `charts`: whether it draws charts (a newsletter's does not: its build need not wait
    for matplotlib)."""
    die_with_parent(parent)
    requests = sys.stdin.buffer
    # Replies get a descriptor of their own; anything else printing to stdout (an
    # import's notice) goes to stderr instead of into the protocol.
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    _warm(KERNEL)
    if charts:
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
    from ..resources import NOTEBOOKS

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
        from .. import charts

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
        if spare and (spare["for"] != [argv, cwd] or not alive(spare["pid"])):
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
            _warm(CHARTS)  # if this server was told its one notebook draws none
            self.spare = self.fork(*self.last)

    def close(self) -> None:
        if self.spare:
            self.discard(self.spare)


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
    from ..notebook_html import notebook_html
    from ..outputs import write

    try:
        write(target, notebook_html(notebook))
        return {"ok": True}
    except Exception as exc:  # the build reports it, with the notebook's name
        return {"error": f"{type(exc).__name__}: {exc}"}


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[3].isdigit():  # a batch's shared server, given its control socket
        serve_shared(int(sys.argv[1]), socket.socket(fileno=int(sys.argv[3])))
    else:
        serve(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "",
              charts=sys.argv[3:] != ["no-charts"])
