#!/usr/bin/env python3
"""Entry point: `python build.py COMMAND --help` for each command."""

import sys
from pathlib import Path

# Run from a checkout without installing: the package lives in src/.
sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from bulletin.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
