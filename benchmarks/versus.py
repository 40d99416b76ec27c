"""Two checkouts of the package side by side: the same commands, alternated, timed.

    .venv/bin/python benchmarks/versus.py OLD_CHECKOUT [--new CHECKOUT] [--rounds N]

A refactor must not be slower. This builds the sample root with the checkout
given (its src/, its build.py) and with this one, alternating round by round
so that a noisy machine slows both alike, and prints each command's median
seconds and the ratio new/old. Both use this environment's Python and
packages; each process (and its kernel server) imports its own checkout's
code through PYTHONPATH.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def timed(checkout: Path, args: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(checkout / "src"), "SOURCE_DATE_EPOCH": "1700000000"}
    began = time.perf_counter()
    done = subprocess.run([sys.executable, str(checkout / "build.py"), *args], env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{checkout}: build.py {' '.join(args)} failed:\n{done.stderr}")
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the other checkout (e.g. a git worktree)")
    parser.add_argument("--new", type=Path, default=HERE, help="the checkout to compare (default: this one)")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="versus-"))
    root = work / "root"
    for folder in ("content", "images"):
        shutil.copytree(HERE / folder, root / folder)
    commands = {
        "newsletter, built again (--force)": ["newsletter", "--period", "2023-Q2", "--force"],
        "6 outputs, all --jobs 2 (--force)": ["all", "--period", "2023-Q2", "--jobs", "2", "--force"],
        "all, nothing changed": ["all", "--period", "2023-Q2"],
    }
    checkouts = {"old": options.old.resolve(), "new": options.new.resolve()}
    times: dict[tuple[str, str], list[float]] = {}
    for label, args in commands.items():
        for name, checkout in checkouts.items():  # a first build fills each one's cache
            timed(checkout, [*args, "--root", str(root), "--out", str(work / name)])
        for _ in range(options.rounds):
            for name, checkout in checkouts.items():
                seconds = timed(checkout, [*args, "--root", str(root), "--out", str(work / name)])
                times.setdefault((label, name), []).append(seconds)
    print(f"{'command':40} {'old s':>7} {'new s':>7} {'new/old':>8}")
    for label in commands:
        old, new = (statistics.median(times[(label, n)]) for n in checkouts)
        print(f"{label:40} {old:7.2f} {new:7.2f} {new / old:7.2f}x")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
