"""Side-by-side timings, printed as ratios measured in one run.

These machines are noisy (2 cores, shared), so each comparison runs its two
sides alternately, several rounds, and reports medians and their ratio.

    .venv/bin/python benchmarks/run.py [--rounds N] [--quick]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "src"), str(REPO / "tests")]

from PIL.JpegImagePlugin import JpegImageFile  # noqa: E402

from bulletin import images  # noqa: E402
from bulletin.layout import PRINT_WIDTHS  # noqa: E402


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def compare(name: str, a: tuple[str, callable], b: tuple[str, callable], rounds: int) -> None:
    times = {a[0]: [], b[0]: []}
    for _ in range(rounds):
        for label, fn in (a, b):
            times[label].append(timed(fn))
    ma, mb = statistics.median(times[a[0]]), statistics.median(times[b[0]])
    print(f"{name}\n  {a[0]:<44} {ma * 1000:9.1f} ms\n  {b[0]:<44} {mb * 1000:9.1f} ms"
          f"\n  ratio {ma / mb:.2f}x\n", flush=True)


def photo_benchmarks(work: Path, rounds: int) -> None:
    from photos import make_photo

    sources = [make_photo(work / f"camera-{i}.jpg", (4000, 3000), seed=i,
                          orientation=6 if i % 2 else None) for i in range(4)]

    def prepare(cache: Path, draft: bool = True):
        def run():
            if not draft:  # what the pipeline would cost without JPEG draft decoding
                original = JpegImageFile.draft
                JpegImageFile.draft = lambda self, mode, size: None
            try:
                for source in sources:
                    images.prepare_photo(source, cache, PRINT_WIDTHS["wide"])
            finally:
                if not draft:
                    JpegImageFile.draft = original
        return run

    def cold(draft: bool):
        def run():
            cache = work / "cold-cache"
            shutil.rmtree(cache, ignore_errors=True)
            prepare(cache, draft)()
        return run

    warm = work / "warm-cache"
    prepare(warm)()
    compare("4 camera photos (4000x3000) -> print width, no cache",
            ("without draft()", cold(False)), ("with draft()", cold(True)), rounds)
    compare("4 camera photos, second build",
            ("prepared again (no cache)", cold(True)), ("from the content-hash cache", prepare(warm)),
            rounds)


def render_benchmarks(work: Path, rounds: int) -> None:
    """WeasyPrint kept in the build process vs a fresh process per output."""
    from bulletin.newsletter import build_newsletter  # noqa: F401 - warm the imports
    from bulletin.pdf import write_pdf
    from bulletin.periods import parse_period
    from bulletin.render import TEMPLATES

    out = work / "out"
    subprocess.run([sys.executable, str(REPO / "build.py"), "newsletter", "--period", "2023-Q2",
                    "--root", str(REPO), "--out", str(out)], check=True, capture_output=True)
    html = (out / "newsletter" / "2023-Q2" / "index.html").read_text()
    folder = out / "newsletter" / "2023-Q2"
    allowed = [folder, TEMPLATES]
    script = ("import sys; sys.path.insert(0, %r); from pathlib import Path; "
              "from bulletin.pdf import write_pdf; "
              "write_pdf(Path(%r).read_text(), Path(%r), base_url=Path(%r), allowed=[Path(%r), Path(%r)])"
              % (str(REPO / "src"), str(folder / "index.html"), str(work / "fresh.pdf"),
                 str(folder), str(folder), str(TEMPLATES)))
    compare("render the Q2 web edition to PDF",
            ("fresh Python process per output", lambda: subprocess.run([sys.executable, "-c", script],
                                                                      check=True)),
            ("in the long-lived build process", lambda: write_pdf(
                html, work / "kept.pdf", base_url=folder, allowed=allowed)), rounds)
    parse_period("2023-Q2")


def batch_benchmarks(work: Path, rounds: int) -> None:
    def reports(jobs: int):
        def run():
            subprocess.run([sys.executable, str(REPO / "build.py"), "reports", "--period", "2023-Q3",
                            "--root", str(REPO), "--out", str(work / f"batch-{jobs}"),
                            "--cache", str(work / "batch-cache"), "--jobs", str(jobs), "--force"],
                           check=True, capture_output=True)
        return run

    reports(2)()  # fill the photo cache, so both sides measure the same work
    compare("every Q3 donor report (5 awards)",
            ("--jobs 1", reports(1)), ("--jobs 2", reports(2)), rounds)


def incremental_benchmarks(work: Path, rounds: int) -> None:
    """Whole `build.py` processes on a copy of the sample, against WeasyPrint alone
    rendering the Q2 edition in a warm process (the floor a build cannot go under)."""
    from bulletin.pdf import write_pdf
    from bulletin.render import TEMPLATES

    root = work / "incremental"
    for folder in ("content", "images"):
        shutil.copytree(REPO / folder, root / folder)
    out, cache = root / "build", work / "incremental-cache"

    def build(*args: str):
        def run():
            subprocess.run([sys.executable, str(REPO / "build.py"), *args, "--root", str(root),
                            "--out", str(out), "--cache", str(cache)], check=True, capture_output=True)
        return run

    newsletter = build("newsletter", "--period", "2023-Q2", "--force")
    newsletter()  # the photos prepared once: the cache is warm from here on
    folder = out / "newsletter" / "2023-Q2"
    html = (folder / "index.html").read_text()

    def floor():
        write_pdf(html, work / "floor.pdf", base_url=folder, allowed=[folder, TEMPLATES])

    floor()  # WeasyPrint's imports and first-use caches
    everything = build("all", "--period", "2023-Q2", "--jobs", "2")
    everything()
    story = root / "content" / "stories" / "2023-05-mobile-clinic-highlands.md"

    def edited():
        story.write_text(story.read_text() + "\nOne more sentence.\n")
        everything()

    compare("one newsletter, photos cached (whole process, notebook included)",
            ("build.py newsletter", newsletter), ("WeasyPrint alone, warm process", floor), rounds)
    compare("nothing changed", ("build.py all (1 newsletter, 5 reports)", everything),
            ("WeasyPrint alone, warm process", floor), rounds)
    compare("one story edited", ("build.py all: its newsletter and reports", edited),
            ("WeasyPrint alone, warm process", floor), rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="skip the slow batch comparison")
    parser.add_argument("--incremental", action="store_true",
                        help="only the incremental-build comparisons")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bulletin-bench-") as tmp:
        work = Path(tmp)
        incremental_benchmarks(work, args.rounds)
        if args.incremental:
            return
        photo_benchmarks(work, args.rounds)
        render_benchmarks(work, args.rounds)
        if not args.quick:
            batch_benchmarks(work, max(1, args.rounds - 1))


if __name__ == "__main__":
    main()
