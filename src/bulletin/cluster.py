"""Outputs built on an existing Dask cluster (`--executor dask`), the optional extra `[dask]`.

`distributed`'s client executor is a concurrent.futures.Executor, so the
engine (engine._collect) sends its outputs there as it would to the local pool.
Each worker imports this same package and reads the root and writes the
output folder by the paths the build gives it: both must be on storage the
workers share, at the same paths (docs/build-engine.md).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator

from .errors import UsageError

SCHEDULER_VARIABLE = "BULLETIN_DASK_SCHEDULER"


def scheduler_address(given: str | None) -> str:
    address = given or os.environ.get(SCHEDULER_VARIABLE, "").strip()
    if not address:
        raise UsageError(f"--executor dask needs the cluster's scheduler: --scheduler tcp://HOST:8786 "
                         f"or the {SCHEDULER_VARIABLE} environment variable")
    return address


@contextmanager
def dask_executor(address: str) -> Iterator:
    """The cluster's executor while the batch runs; the connection closed after it."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--executor dask needs the optional extra: pip install 'bulletin[dask]' "
                         "(Dask's distributed)") from None
    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        yield client.get_executor(pure=False)
    finally:
        client.close()
