"""The Jupyter kernel that runs the notebooks: this Python, this bulletin.

A kernel found by name ("python3") can be any Python on the machine, with
another `bulletin` or none. Builds therefore start the kernel from the very
interpreter that runs the build, with the folder this `bulletin` was
imported from first on its path. For JupyterLab (`make lab`), `python -m
bulletin.kernel install` registers the same command as the kernel
"bulletin" inside the environment.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager

NAME = "bulletin"
DISPLAY_NAME = "Python (bulletin)"
PACKAGE_PARENT = Path(__file__).resolve().parents[1]


def spec_dict() -> dict:
    path = os.pathsep.join(p for p in (str(PACKAGE_PARENT), os.environ.get("PYTHONPATH", "")) if p)
    return {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": DISPLAY_NAME,
        "language": "python",
        "env": {"PYTHONPATH": path},
        "metadata": {"debugger": True},
    }


class ThisPythonKernelManager(AsyncKernelManager):
    """Starts the kernel from `spec_dict()`, whatever name the notebook asks for."""

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


if __name__ == "__main__":
    if sys.argv[1:] != ["install"]:
        sys.exit("usage: python -m bulletin.kernel install")
    print(f"installed kernel {NAME!r} in {install()}")
