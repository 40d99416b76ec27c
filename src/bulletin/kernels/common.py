"""What both sides of the kernel server share: what a kernel imports and starts with,
how a process follows its parent, and whether kernels are forked at all."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from pathlib import Path

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
    package_parent = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(p for p in (package_parent, os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path}


def enabled() -> bool:
    return hasattr(os, "fork") and os.environ.get("BULLETIN_KERNELS", "fork") != "spawn"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
