"""Kernels forked from a warm server: the same notebooks, the same figures, no orphans;
the server's life is one `with KernelServer(...)` block."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest
from conftest import AWARD_A, write_report_root
from support import children_by_parent, gone_within

from bulletin import kernels, notebooks, payload
from bulletin.check import load_checked
from bulletin.errors import BuildError
from bulletin.kernels import KernelServer, lifecycle
from bulletin.outputs import Staging
from bulletin.periods import parse_period
from bulletin.resources import NOTEBOOKS

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def children(pid: int) -> set[int]:
    return set(children_by_parent().get(pid, []))


def eventually(condition, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def gone(pid: int) -> bool:
    return gone_within({pid}, 10) == set()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project, _ = load_checked(write_report_root(tmp_path_factory.mktemp("kernels") / "root"))
    return project


def run_report(project, out: Path):
    reading = payload.snapshot(project, parse_period("2023-Q2"), AWARD_A)
    with Staging(out) as stage:
        figures = notebooks.run("donor_report", {"root": str(project.root), "award": AWARD_A,
                                                 "period": "2023-Q2"},
                                stage, "report.ipynb", reading, payload.ReportPayload)
    return figures, json.loads((out / "report.ipynb").read_text())


def outputs(notebook: dict) -> list:
    return [cell.get("outputs") for cell in notebook["cells"] if cell["cell_type"] == "code"]


def test_a_forked_kernel_computes_what_a_spawned_one_does(project, tmp_path, monkeypatch):
    with KernelServer():
        assert kernels.running() is not None
        forked, forked_notebook = run_report(project, tmp_path / "forked")
    monkeypatch.setenv("BULLETIN_KERNELS", "spawn")
    with KernelServer():
        assert kernels.running() is None
        spawned, spawned_notebook = run_report(project, tmp_path / "spawned")
    assert forked == spawned
    assert outputs(forked_notebook) == outputs(spawned_notebook)
    assert (tmp_path / "forked" / "report.ipynb.html").read_text().count("<table") >= 3


@pytest.fixture
def fresh_server():
    """A server of this test's own: a build run in this process may have started one
    for a single notebook, which prepares nothing ahead."""
    lifecycle._stop()
    with KernelServer():
        yield kernels.running()


def test_the_server_hands_out_a_started_kernel_and_starts_the_next(fresh_server):
    server = fresh_server
    server.request(do="ping").result()  # an unknown request is answered, not fatal
    spare = children(server._process.pid)
    assert len(spare) == 1, "one kernel is started ahead of the first notebook"
    kernel = server.fork_kernel(kernels.KERNEL_ARGS, str(NOTEBOOKS))
    assert {kernel["pid"]} == spare  # the one already started
    # and the next one, started as soon as the reply is sent
    assert eventually(lambda: len(children(server._process.pid)) == 2)
    # the ports are those the kernel bound itself, not ones chosen for it beforehand (which
    # another worker's kernel could take first); it was given its key in memory
    import psutil

    listening = {c.laddr.port for c in psutil.Process(kernel["pid"]).net_connections("tcp")
                 if c.status == psutil.CONN_LISTEN}
    assert {kernel["connection"][f"{name}_port"]
            for name in ("shell", "iopub", "stdin", "control", "hb")} <= listening
    from jupyter_client import BlockingKernelClient

    client = BlockingKernelClient()
    client.load_connection_info(kernel["connection"])
    client.start_channels()
    try:
        assert client.kernel_info(reply=True, timeout=30)["content"]["status"] == "ok"
    finally:
        client.stop_channels()
    os.kill(kernel["pid"], signal.SIGKILL)
    assert gone(kernel["pid"])


def test_a_server_told_of_one_notebook_prepares_nothing_until_asked_for_a_second():
    lifecycle._stop()
    with KernelServer(only="newsletter"):
        server = kernels.running()
        first = server.fork_kernel(kernels.KERNEL_ARGS, str(NOTEBOOKS))["pid"]
        server.request(do="ping").result()  # answered after any kernel it would have prepared
        assert children(server._process.pid) == {first}
        second = server.fork_kernel(kernels.KERNEL_ARGS, str(NOTEBOOKS))["pid"]
        assert eventually(lambda: len(children(server._process.pid) - {first, second}) == 1)
    assert server._process.returncode == 0  # the block ended well: the server was waited for
    assert gone(first) and gone(second)


def test_a_server_cancelled_is_killed_even_while_it_imports():
    lifecycle._stop()
    with KernelServer() as server:  # still importing ipykernel and pandas: it reads no request yet
        process = kernels.running()._process
        server.cancel()
        assert process.returncode == -signal.SIGKILL
        assert kernels.running() is None


def test_a_server_is_killed_when_its_block_ends_in_an_exception():
    lifecycle._stop()
    with pytest.raises(KeyError), KernelServer():
        client = kernels.running()
        client._ready.result()  # imports done, a kernel started ahead: it would end if asked
        raise KeyError("the build failed")
    assert client._process.returncode == -signal.SIGKILL
    assert kernels.running() is None


def test_interrupt_kills_the_server_from_a_signal_handler_and_may_come_twice():
    lifecycle._stop()
    with KernelServer() as server:
        client = kernels.running()
        client._ready.result()
        spare = children(client._process.pid)
        assert spare
        previous = signal.signal(signal.SIGUSR1, lambda *_: server.interrupt())
        try:
            os.kill(os.getpid(), signal.SIGUSR1)
            os.kill(os.getpid(), signal.SIGUSR1)
        finally:
            signal.signal(signal.SIGUSR1, previous)
        assert kernels.running() is None
        assert client._process.wait(10) == -signal.SIGKILL
        assert all(gone(pid) for pid in spare)
    server.interrupt()  # after the block too: nothing left to end


def test_interrupt_kills_a_shared_server():
    lifecycle._unshare()
    with KernelServer(shared=True) as server:
        shared = lifecycle._shared
        server.interrupt()
        server.interrupt()
        assert shared._process.wait(10) == -signal.SIGKILL and not shared.alive()
    assert lifecycle._shared is None


def test_where_kernels_are_spawned_a_kernel_server_starts_nothing(monkeypatch):
    lifecycle._stop()
    lifecycle._unshare()
    monkeypatch.setenv("BULLETIN_KERNELS", "spawn")
    with KernelServer() as own, KernelServer(shared=True) as shared:
        assert kernels.running() is None and lifecycle._shared is None
        own.interrupt()
        shared.cancel()


def test_a_kernel_that_ends_before_binding_its_ports_is_an_error_not_a_wait(fresh_server):
    """The server waits for a kernel's ports on a pipe: a kernel that ends first (here,
    an option ipykernel refuses) closes it, and the build is told, to start one itself."""
    server = fresh_server
    with pytest.raises(kernels.ServerGone, match="ended as it started"):
        server.fork_kernel(["--no-such-option"], str(NOTEBOOKS))
    kernel = server.fork_kernel(kernels.KERNEL_ARGS, str(NOTEBOOKS))  # the server carries on
    assert kernel["connection"]["shell_port"] > 0
    os.kill(kernel["pid"], signal.SIGKILL)


def test_kernels_die_with_the_server(fresh_server):
    server = fresh_server
    kernel = server.fork_kernel(kernels.KERNEL_ARGS, str(NOTEBOOKS))["pid"]
    spare = children(server._process.pid) - {kernel}
    server._process.kill()
    server._process.wait()
    assert gone(kernel) and all(gone(pid) for pid in spare)
    assert kernels.running() is None  # the next notebook starts its kernel the usual way


def test_a_notebook_still_runs_when_the_server_fails(project, fresh_server, tmp_path, monkeypatch):
    def gone_away(*args, **kwargs):
        raise kernels.ServerGone("the notebook kernel server ended unexpectedly")

    monkeypatch.setattr(kernels.Client, "fork_kernel", gone_away)
    monkeypatch.setattr(kernels.Client, "html_copy", gone_away)
    figures, _ = run_report(project, tmp_path / "out")
    assert figures.key.people == 96
    assert (tmp_path / "out" / "report.ipynb.html").is_file()


def test_a_failed_html_copy_names_the_notebook_and_nothing_lands(project, fresh_server, tmp_path,
                                                                  monkeypatch):
    def broken(self, executed, target):
        return self.request(do="html", notebook=str(executed) + ".missing", target=str(target))

    monkeypatch.setattr(kernels.Client, "html_copy", broken)
    out = tmp_path / "out"
    with pytest.raises(BuildError, match=r"notebooks/donor_report.ipynb: the HTML copy failed: "
                                         r"FileNotFoundError"):
        run_report(project, out)
    assert not out.exists() or list(out.iterdir()) == []


def test_kernels_do_not_share_the_servers_random_state(fresh_server):
    import zmq  # noqa: F401 - the client below talks to the kernels as nbclient does
    from jupyter_client import BlockingKernelClient

    server = fresh_server
    draws = []
    for _ in range(2):
        kernel = server.fork_kernel(kernels.KERNEL_ARGS, str(NOTEBOOKS))
        client = BlockingKernelClient()
        client.load_connection_info(kernel["connection"])
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            reply = client.execute_interactive(
                "import random, numpy; print(random.random(), numpy.random.random())", timeout=60,
                output_hook=lambda msg: draws.append(msg["content"].get("text")))
            assert reply["content"]["status"] == "ok"
        finally:
            client.stop_channels()
            os.kill(kernel["pid"], signal.SIGKILL)
    printed = [d for d in draws if d]
    assert len(printed) == 2 and printed[0] != printed[1]


def test_the_html_copy_is_written_here_when_the_server_goes_before_answering(project, fresh_server,
                                                                           tmp_path, monkeypatch):
    class Lost:
        def result(self):
            raise kernels.ServerGone("the notebook kernel server ended unexpectedly")

    monkeypatch.setattr(kernels.Client, "html_copy", lambda self, executed, target: Lost())
    run_report(project, tmp_path / "out")
    assert (tmp_path / "out" / "report.ipynb.html").read_text().count("<table") >= 3


# --- a batch's shared server ------------------------------------------------------------------

def _worker(answers, parent: int):
    """A batch worker, as batch.run_jobs forks it: it connects to the shared server, has a
    kernel started, says which, and goes on working (sleeps) until the test ends it."""
    try:
        kernels.join_shared(parent)
        client = kernels.running()
        kernel = client.fork_kernel(kernels.KERNEL_ARGS, str(NOTEBOOKS))
        answers.put({"socket": client._process is None, "kernel": kernel["pid"],
                     "server": parent_of(kernel["pid"])})
    except BaseException as exc:  # the test reads it, rather than waiting for a dead worker
        answers.put({"error": f"{type(exc).__name__}: {exc}"})
    time.sleep(120)


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def workers(count: int) -> list:
    """`count` forked workers, each with its answer."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    started = []
    for _ in range(count):
        answers = context.Queue()
        child = context.Process(target=_worker, args=(answers, os.getpid()), daemon=True)
        child.start()
        started.append((child, answers))
    return [(child, answers.get(timeout=120)) for child, answers in started]


@pytest.fixture
def shared():
    lifecycle._stop()
    lifecycle._unshare()
    with KernelServer(shared=True):
        yield lifecycle._shared


def test_batch_workers_get_servers_forked_from_the_one_shared_server(shared):
    """The shared server imports once; each worker gets a server forked from it, which
    starts the worker's kernels; a worker that ends takes its server and kernels along."""
    (one, first), (two, second) = workers(2)
    assert first.get("socket") and second.get("socket"), (first, second)
    assert first["server"] != second["server"]
    assert children(shared._process.pid) == {first["server"], second["server"]}
    assert {parent_of(first["server"]), parent_of(second["server"])} == {shared._process.pid}
    spares = children(first["server"]) - {first["kernel"]}
    one.terminate()
    one.join(10)
    assert gone(first["server"]) and gone(first["kernel"]) and all(gone(p) for p in spares)
    assert children(shared._process.pid) == {second["server"]}  # the other worker's goes on
    two.kill()
    two.join(10)  # killed (as batch._stop does): the same
    assert gone(second["server"]) and gone(second["kernel"])
    assert shared.alive() and lifecycle._shared is shared


def test_ending_the_shared_server_ends_the_servers_and_kernels_it_started():
    lifecycle._stop()
    lifecycle._unshare()
    with KernelServer(shared=True):
        [(worker, answer)] = workers(1)
        root = lifecycle._shared._process.pid
    assert gone(root) and gone(answer["server"]) and gone(answer["kernel"])
    worker.kill()


def test_a_worker_whose_shared_server_is_gone_starts_a_server_of_its_own(shared):
    shared._process.kill()
    shared._process.wait()
    [(worker, answer)] = workers(1)
    assert answer["socket"] is False, answer
    assert parent_of(answer["server"]) == worker.pid
    worker.kill()
