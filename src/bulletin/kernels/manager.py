"""The Jupyter kernel that runs the notebooks: this Python, this bulletin.

A kernel found by name ("python3") can be any Python on the machine, with
another `bulletin` or none. Builds therefore start the kernel from the very
interpreter that runs the build, with the folder this `bulletin` was
imported from first on its path. For JupyterLab (`make lab`), `python -m
bulletin.kernels install` registers the same command as the kernel
"bulletin" inside the environment.

A kernel the fork server started is taken by ForkedKernelManager, through
ForkProvisioner: jupyter_client's own steps that write a connection file and
start a process are skipped (private methods overridden: jupyter_client's
version is pinned in pyproject.toml, and tests/test_kernels_overrides.py fails
if what is overridden changes).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import KernelProvisionerBase, LocalProvisioner
from traitlets import DottedObjectName, Type

from .client import ForkedProcess, ServerGone
from .common import kernel_env
from .lifecycle import running

NAME = "bulletin"
DISPLAY_NAME = "Python (bulletin)"


def spec_dict() -> dict:
    return {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": DISPLAY_NAME,
        "language": "python",
        "env": kernel_env(),
        "metadata": {"debugger": True},
    }


class ReadyClient(AsyncKernelClient):
    """Ready as soon as the kernel has answered on both channels.

    jupyter_client then listens for 0.2 s of silence on IOPub before every
    notebook, to drop stray messages; nbclient ties every message to the
    request it answers, so the build does not wait for that silence.
    """

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while time.monotonic() < deadline:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
                if reply["msg_type"] == "kernel_info_reply":
                    # IOPub is connected when the kernel's status for that request arrives
                    await self.iopub_channel.get_msg(timeout=0.2)
                    self._handle_kernel_info_reply(reply)
                    return
            except Empty:
                pass
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
        raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")

    wait_for_ready = _async_wait_for_ready  # the public name is bound to the base's method


class ThisPythonKernelManager(AsyncKernelManager):
    """Starts the kernel from `spec_dict()`, whatever name the notebook asks for."""

    client_class = DottedObjectName("bulletin.kernels.manager.ReadyClient")
    client_factory = Type(klass=ReadyClient)

    @property
    def kernel_spec(self) -> KernelSpec:
        if self._kernel_spec is None:
            self._kernel_spec = KernelSpec(resource_dir="", **spec_dict())
        return self._kernel_spec

    async def _async_interrupt_kernel(self) -> None:
        # jupyter_client interrupts a kernel before shutting it down. After a
        # notebook has run there is nothing to interrupt, and a SIGINT landing
        # while the kernel answers a message prints "[IPKernelApp] ERROR |
        # KeyboardInterrupt caught in kernel" to the terminal of a build that
        # went well.
        if self.shutting_down:
            return
        await super()._async_interrupt_kernel()


class ForkProvisioner(LocalProvisioner):
    """Takes a kernel the fork server (server.py) started, warm, on ports it chose;
    starts one the usual way when there is no server."""

    forked: dict | None = None

    async def pre_launch(self, **kwargs):
        server = running()
        if server is not None:
            try:
                # papermill runs a notebook from its folder by changing this process's
                # directory, which a spawned kernel inherits; a forked one is told
                self.forked = server.fork_kernel(kwargs.get("extra_arguments", []),
                                                 str(kwargs.get("cwd") or Path.cwd()))
            except ServerGone:
                self.forked = None
        if self.forked is None:
            return await super().pre_launch(**kwargs)
        km = self.parent
        km.load_connection_info(self.forked["connection"])
        self.connection_info = km.get_connection_info()
        kwargs.pop("extra_arguments", None)
        return await KernelProvisionerBase.pre_launch(self, cmd=[], **kwargs)

    async def launch_kernel(self, cmd: list[str], **kwargs):
        if self.forked is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedProcess(self.forked["pid"])
        self.pid = self.pgid = self.forked["pid"]  # the kernel leads its own process group (setsid)
        self.cwd = kwargs.get("cwd", Path.cwd())
        return self.connection_info


class ForkedKernelManager(ThisPythonKernelManager):
    """A kernel forked from the fork server, falling back to a fresh one."""

    def _reconcile_connection_info(self, info) -> None:
        # jupyter_client writes the information to a connection file for the kernel
        # to read; a forked kernel was given it in memory (server.py)
        if getattr(self.provisioner, "forked", None) is None:
            super()._reconcile_connection_info(info)

    async def _async_pre_start_kernel(self, **kw):
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ForkProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                               parent=self)
        return await super()._async_pre_start_kernel(**kw)


def install(prefix: str = sys.prefix) -> Path:
    """Register the kernel "bulletin" in the environment at `prefix` (for JupyterLab)."""
    from jupyter_client.kernelspec import KernelSpecManager

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / NAME
        folder.mkdir()
        spec = spec_dict()
        # an installed environment finds its own bulletin; a fixed PYTHONPATH would go stale
        spec.pop("env")
        (folder / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
        return Path(KernelSpecManager().install_kernel_spec(str(folder), NAME, prefix=prefix))
