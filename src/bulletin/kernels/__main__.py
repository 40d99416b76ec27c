"""`python -m bulletin.kernels install`: register the kernel "bulletin" for JupyterLab."""

import sys

from .manager import NAME, install

if sys.argv[1:] != ["install"]:
    sys.exit("usage: python -m bulletin.kernels install")
print(f"installed kernel {NAME!r} in {install()}")
