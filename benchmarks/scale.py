"""`build.py check` on a large root (issue 11): 100,000 activities and 2,000 stories.

    .venv/bin/python benchmarks/scale.py [--rounds N]

The root is written by benchmarks/generate.py. Issue 11's target is 5 s for
the whole `check` process on the 2-core machine this project is built on.
Beside it, as in benchmarks/run.py, a floor: reading the same activity sheet
with the csv module and the text of every story file, in this process. Any
check has to read as much, and its reading cannot go faster than Python's
own csv reader; the ratio is what validating every row, story and photo
(and starting Python and importing the package) costs on top.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

TARGET = 5.0  # seconds, issue 11
ACTIVITIES, STORIES = 100_000, 2_000


def check_benchmarks(work: Path, rounds: int) -> None:
    # Imported here: run.py calls this function, and may import this module first.
    from run import compare

    root = _large_root(Path(work) / "scale")
    seconds: list[float] = []

    def check():
        start = time.perf_counter()
        subprocess.run([sys.executable, str(REPO / "build.py"), "check", "--root", str(root)],
                       check=True, capture_output=True)
        seconds.append(time.perf_counter() - start)

    def floor():
        with open(root / "content" / "activities.csv", newline="", encoding="utf-8") as sheet:
            rows = list(csv.reader(sheet))
        texts = [p.read_text(encoding="utf-8") for p in sorted((root / "content" / "stories").glob("*.md"))]
        assert len(rows) == ACTIVITIES + 1 and len(texts) == STORIES

    check()  # the files into the page cache, the package's bytecode written
    floor()
    seconds.clear()
    compare(f"check, {ACTIVITIES:,} activities and {STORIES:,} stories (whole process)",
            ("build.py check", check), ("csv read + story files, this process", floor), rounds)
    taken = statistics.median(seconds)
    verdict = "within" if taken <= TARGET else "OVER"
    print(f"  build.py check: {taken:.2f} s, {verdict} the {TARGET:.0f} s target "
          f"({TARGET - taken:+.2f} s); median of {rounds}\n", flush=True)


def _large_root(root: Path) -> Path:
    """The generated root, written once per work folder."""
    if not (root / "content").exists():
        start = time.perf_counter()
        generate(root, activities=ACTIVITIES, stories=STORIES)
        print(f"generated {root} in {time.perf_counter() - start:.1f} s\n", flush=True)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bulletin-scale-") as tmp:
        check_benchmarks(Path(tmp), args.rounds)


if __name__ == "__main__":
    main()
