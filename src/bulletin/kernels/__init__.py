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

The server ends when the build ends or dies, and its kernels end with it.
Where `os.fork` is missing, or `BULLETIN_KERNELS=spawn` is set, kernels are
started the usual way (manager.ThisPythonKernelManager).

The modules: lifecycle (KernelServer, the one way a build starts and ends the
server), client (the build's handles on servers and forked kernels), server (the
server's process), manager (the kernel spec and jupyter_client's managers; heavy
imports, so not imported here), common (what both sides share).
"""

from .client import Client, ForkedProcess, ServerGone
from .common import KERNEL_ARGS, die_with_parent, enabled, kernel_env
from .lifecycle import KernelServer, join_shared, running

__all__ = ["KERNEL_ARGS", "Client", "ForkedProcess", "KernelServer", "ServerGone", "die_with_parent",
           "enabled", "join_shared", "kernel_env", "running"]
