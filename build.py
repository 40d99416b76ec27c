#!/usr/bin/env python3
"""Entry point: `python3 build.py COMMAND --help` for each command."""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV_PYTHON = HERE / ".venv" / "bin" / "python"

# Any Python runs the project's: after `make demo`, `python3 build.py ...`
# re-runs itself with .venv's interpreter, which has the dependencies and the
# kernel the notebooks need, instead of failing on a missing module.
if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != VENV_PYTHON.parent.parent.resolve():
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), str(Path(__file__).resolve()), *sys.argv[1:]])

# Run from a checkout without installing: the package lives in src/.
sys.path.insert(0, str(HERE / "src"))

from bulletin.cli import run  # noqa: E402

if __name__ == "__main__":
    sys.exit(run())
