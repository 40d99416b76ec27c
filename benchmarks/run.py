"""Side-by-side timings of the build engine, printed as ratios measured in one run.

These machines are noisy (2 cores, shared), so each comparison runs its two
sides alternately, several rounds, and reports medians and their ratio. The
floor a build is held against is WeasyPrint alone rendering the very print
HTML the build renders, in a warm process: what no build can go under.

    .venv/bin/python benchmarks/run.py [--rounds N] [--quick] [--only SECTION ...]

Sections: newsletter (cold, cached photos, fork server against spawned
kernels), incremental (no change, one story edited), memory (peak of a
newsletter build), reports (20 generated awards: the naive loop, papermill
then render, against `reports --jobs 2`), large-award (one award's report of
2,000 activities in a quarter: pages, seconds, peak memory), check (100,000
activities and 2,000 stories), photos (JPEG draft decoding and the photo cache),
refit (an edition whose first layout leaves pages white, laid out again).
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

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "src"), str(REPO / "tests"), str(REPO / "benchmarks")]
BUILD = [sys.executable, str(REPO / "build.py")]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def compare(name: str, a: tuple[str, callable], b: tuple[str, callable], rounds: int,
            target: str = "") -> float:
    """Run a and b alternately; print both medians and a / b; return that ratio."""
    times = {a[0]: [], b[0]: []}
    for _ in range(rounds):
        for label, fn in (a, b):
            times[label].append(timed(fn))
    ma, mb = statistics.median(times[a[0]]), statistics.median(times[b[0]])
    goal = f"   (target {target})" if target else ""
    print(f"{name}\n  {a[0]:<52} {ma * 1000:9.1f} ms\n  {b[0]:<52} {mb * 1000:9.1f} ms"
          f"\n  ratio {ma / mb:.2f}x{goal}\n", flush=True)
    return ma / mb


def command(*args, env: dict | None = None, before=None):
    """A callable running `args` as a whole process, after `before()` (timed with it: keep
    it cheap, as an edit or emptying a folder is)."""
    def run():
        if before:
            before()
        subprocess.run([str(a) for a in args], check=True, capture_output=True,
                       env={**os.environ, **(env or {})})
    return run


# --- the newsletter against its floor ---------------------------------------------------------

def sample_root(work: Path) -> Path:
    root = work / "sample"
    if not root.exists():
        for folder in ("content", "images"):
            shutil.copytree(REPO / folder, root / folder)
    return root


def captured_print(root: Path, out: Path, cache: Path, period: str = "2023-Q2") -> dict:
    """The newsletter's print HTML and the options it is rendered with (its relayout for
    refit.py among them), captured from a build in this process: the very document the
    build renders."""
    from bulletin import publish
    from bulletin.engine import Settings
    from bulletin.newsletter import Newsletter
    from bulletin.periods import parse_period

    captured = {}
    render = publish.write_pdf

    def capture(html, target, **options):
        captured.update(html=html, options=options)
        return render(html, target, **options)

    publish.write_pdf = capture
    try:
        Newsletter().build(Settings(root, out / "floor-build", cache, parse_period(period),
                                    "newsletter"))
    finally:
        publish.write_pdf = render
    return captured


def print_floor(root: Path, out: Path, cache: Path):
    """WeasyPrint alone on the newsletter's print HTML, in this (warm) process."""
    from bulletin.pdf import write_pdf

    captured = captured_print(root, out, cache)

    def floor():
        write_pdf(captured["html"], out / "floor.pdf", **{**captured["options"], "relayout": None})

    floor()  # WeasyPrint's first-use caches
    return floor


def newsletter_benchmarks(work: Path, rounds: int) -> None:
    root, cache, cold_cache = sample_root(work), work / "cache", work / "cold-cache"
    out = work / "out"
    newsletter = ("newsletter", "--period", "2023-Q2", "--root", root, "--out", out, "--force")
    cached = command(*BUILD, *newsletter, "--cache", cache)
    cached()  # the photos prepared once: the cache is warm from here on
    floor = print_floor(root, out, cache)
    weasyprint = ("WeasyPrint alone, same print HTML, warm process", floor)
    compare("one newsletter (Q2, 7 stories), photos cached: whole build.py process",
            ("build.py newsletter", cached), weasyprint, rounds, "<= 2.0x")
    compare("one newsletter, photos prepared from the camera originals (empty cache)",
            ("build.py newsletter, cold", command(*BUILD, *newsletter, "--cache", cold_cache,
                                                   before=lambda: shutil.rmtree(cold_cache, True))),
            weasyprint, rounds)
    compare("what the fork server buys: the same build, kernels spawned the usual way",
            ("BULLETIN_KERNELS=spawn build.py newsletter",
             command(*BUILD, *newsletter, "--cache", cache, env={"BULLETIN_KERNELS": "spawn"})),
            ("build.py newsletter (fork server)", cached), rounds)
    return floor


def incremental_benchmarks(work: Path, rounds: int, floor) -> None:
    root, cache, out = sample_root(work), work / "cache", work / "incremental"
    everything = command(*BUILD, "all", "--period", "2023-Q2", "--jobs", "2", "--root", root,
                         "--out", out, "--cache", cache)
    everything()
    story = root / "content" / "stories" / "2023-05-mobile-clinic-highlands.md"

    def edit():
        story.write_text(story.read_text() + "\nOne more sentence.\n")

    weasyprint = ("WeasyPrint alone, same print HTML, warm process", floor)
    compare("nothing changed", ("build.py all (1 newsletter, 5 reports)", everything), weasyprint,
            rounds, "<= 0.1x")
    compare("one story edited", ("build.py all: its newsletter and reports",
                                 command(*BUILD, "all", "--period", "2023-Q2", "--jobs", "2",
                                         "--root", root, "--out", out, "--cache", cache,
                                         before=edit)), weasyprint, rounds)


# --- memory -----------------------------------------------------------------------------------

def _pss_mb(pid: int) -> float:
    """Proportional set size: pages shared by forked kernels and their server count once."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_memory(args, env: dict | None = None) -> float:
    from support import descendants  # tests/support.py: the process tree from /proc

    """The highest total PSS of the process and all its descendants, sampled every 20 ms."""
    process = subprocess.Popen([str(a) for a in args], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, sum(_pss_mb(p) for p in {process.pid, *descendants(process.pid)}))
        time.sleep(0.02)
    return peak


def memory_benchmarks(work: Path, rounds: int) -> None:
    if not Path("/proc/self/smaps_rollup").exists():
        print("peak memory: needs Linux's /proc/PID/smaps_rollup\n")
        return
    root = sample_root(work)
    args = (*BUILD, "newsletter", "--period", "2023-Q3", "--root", root, "--out", work / "memory",
            "--cache", work / "cache", "--force")
    fork = statistics.median(peak_memory(args) for _ in range(rounds))
    spawn = statistics.median(peak_memory(args, {"BULLETIN_KERNELS": "spawn"}) for _ in range(rounds))
    print(f"peak memory of a newsletter build (Q3, 8 stories), all processes (PSS)\n"
          f"  build.py newsletter (fork server)                     {fork:9.1f} MB   (target <= 600 MB)\n"
          f"  BULLETIN_KERNELS=spawn build.py newsletter            {spawn:9.1f} MB\n", flush=True)


# --- 20 reports: the naive loop against the engine --------------------------------------------

def reports_benchmarks(work: Path, rounds: int, awards: int = 20) -> None:
    from generate import generate

    from bulletin.resources import NOTEBOOKS

    root = generate(work / "generated", awards=awards, activities=40 * awards, stories=2 * awards,
                    period="2023-Q3")
    from bulletin.check import load_checked

    project, _ = load_checked(root)
    numbers = sorted(project.awards)
    cache = work / "reports-cache"
    engine = command(*BUILD, "reports", "--period", "2023-Q3", "--root", root, "--out",
                     work / "engine", "--cache", cache, "--jobs", "2", "--force")
    engine()  # photos prepared once, for both sides
    naive_out = work / "naive"
    papermill = Path(sys.executable).with_name("papermill")

    def naive():
        for number in numbers:
            folder = naive_out / number
            folder.mkdir(parents=True, exist_ok=True)
            subprocess.run([papermill, NOTEBOOKS / "donor_report.ipynb", folder / "report.ipynb",
                            "-p", "root", root, "-p", "award", number, "-p", "period", "2023-Q3",
                            "-p", "figures_path", folder / "figures.json", "-k", "python3",
                            "--cwd", NOTEBOOKS, "--no-progress-bar"],
                           check=True, capture_output=True)
            subprocess.run([sys.executable, REPO / "benchmarks" / "naive_render.py", root, number,
                            "2023-Q3", naive_out, cache, folder / "figures.json",
                            folder / "report.ipynb"], check=True, capture_output=True)

    compare(f"{len(numbers)} award reports (generated root, 2023-Q3)",
            ("naive loop: papermill CLI, then render, one by one", naive),
            ("build.py reports --jobs 2", engine), rounds, ">= 4x")


# --- one award with 2,000 activities in a quarter ------------------------------------------------

def large_award_benchmarks(work: Path, rounds: int) -> None:
    """A report that summarises its activities (report.LISTED_ACTIVITIES): pages, the whole
    build's seconds and its peak memory (every process, PSS), each beside issue 17's target."""
    from generate import generate

    from bulletin.check import load_checked
    from bulletin.periods import parse_period

    # one award: about three in four of the generated rows fall in the period, 2,003 of 2,650
    root = generate(work / "large-award", awards=1, activities=2650, stories=8, period="2023-Q3")
    project, _ = load_checked(root)
    [award] = project.awards
    count = len(project.activities_in(parse_period("2023-Q3"), award))
    out = work / "large-award-out"
    args = (*BUILD, "report", "--award", award, "--period", "2023-Q3", "--root", root, "--out", out,
            "--cache", work / "large-award-cache", "--force")
    peaks, seconds = [], []
    for _ in range(rounds):  # the first peak's build prepares the photos: the timed ones find them
        peaks.append(peak_memory(args) if Path("/proc/self/smaps_rollup").exists() else float("nan"))
        seconds.append(timed(command(*args)))
    from support import pdf_pages

    pages = pdf_pages(out / "reports" / award / "2023-Q3" / "report.pdf")
    print(f"large award report: {award}, {count:,} activities in 2023-Q3 (generated root), "
          f"median of {rounds}\n"
          f"  {'pages of report.pdf':<52} {pages:9d}      (target <= 30)\n"
          f"  {'seconds, the whole build.py report process':<52} {statistics.median(seconds):9.1f} s    "
          f"(target <= 20 s)\n"
          f"  {'peak memory, all its processes (PSS)':<52} {statistics.median(peaks):9.1f} MB   "
          f"(target <= 400 MB)\n", flush=True)


# --- check at scale, and the photos -----------------------------------------------------------

def check_benchmarks(work: Path, rounds: int) -> None:
    from scale import check_benchmarks as at_scale

    at_scale(work / "scale", rounds)


def photo_benchmarks(work: Path, rounds: int) -> None:
    from photos import make_photo
    from PIL.JpegImagePlugin import JpegImageFile

    from bulletin import images
    from bulletin.layout import PRINT_WIDTHS

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
            cache = work / "photo-cache"
            shutil.rmtree(cache, ignore_errors=True)
            prepare(cache, draft)()
        return run

    warm = work / "warm-photo-cache"
    prepare(warm)()
    compare("4 camera photos (4000x3000) -> print width, no cache",
            ("without draft()", cold(False)), ("with draft()", cold(True)), rounds)
    compare("4 camera photos, second build",
            ("prepared again (no cache)", cold(True)), ("from the content-hash cache", prepare(warm)),
            rounds)


# --- a page left white, laid out again -------------------------------------------------------------

def refit_benchmarks(work: Path, rounds: int) -> None:
    """What refit.py costs and buys on an edition whose first layout leaves pages white: a
    generated quarter (scripts/varied.py, seed 23: 10 stories, 15 pages), printed from the
    same HTML with and without laying it out again."""
    sys.path.insert(0, str(REPO / "scripts"))
    import varied
    from page_fill import white_bands, white_beside_photos

    from bulletin.pdf import write_pdf

    root = work / "varied-23"
    varied.generate(root, 23)
    captured = captured_print(root, work / "varied-out", work / "varied-cache", varied.PERIOD)
    pdfs = {"refit": work / "refit.pdf", "first": work / "first.pdf"}

    def printed(name: str, relayout):
        return lambda: write_pdf(captured["html"], pdfs[name], **{**captured["options"],
                                                                   "relayout": relayout})

    compare("an edition whose first layout leaves pages white (varied seed 23), print PDF only",
            ("laid out again where a page is white (refit.py)", printed("refit", captured["options"]["relayout"])),
            ("the first layout only", printed("first", None)), rounds)
    sample = captured_print(sample_root(work), work / "sample-out", work / "sample-cache")
    compare("the sample edition (Q2): no page white at its foot, one photo with white beside it",
            ("laid out, then its pages read (refit.py)",
             lambda: write_pdf(sample["html"], work / "s1.pdf", **sample["options"])),
            ("laid out only", lambda: write_pdf(sample["html"], work / "s2.pdf",
                                                **{**sample["options"], "relayout": None})), rounds)
    pdfs.update({"sample refit": work / "s1.pdf", "sample first": work / "s2.pdf"})
    for name, pdf in pdfs.items():
        bands = white_bands(pdf)
        over = [round(b) for b in bands[:-1] if b > 40]  # the last page may end short
        beside = [round(white) for photos in white_beside_photos(pdf) for _, white in photos if white > 20]
        print(f"  {name:<12} {len(bands)} pages, {len(over)} with a white band over 40 mm {over}, "
              f"{len(beside)} photos with over 20 mm white beside them {beside}")
    print()


SECTIONS = ("newsletter", "incremental", "memory", "reports", "large-award", "check", "photos",
            "refit")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true",
                        help="one round of the slow comparisons (20 reports, check at scale, "
                             "the large award)")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=SECTIONS)
    args = parser.parse_args()
    slow_rounds = 1 if args.quick else max(1, args.rounds - 1)
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="bulletin-bench-") as tmp:
        work = Path(tmp)
        floor = None
        if "newsletter" in args.only or "incremental" in args.only:
            floor = newsletter_benchmarks(work, args.rounds) if "newsletter" in args.only else \
                print_floor(sample_root(work), work / "out", work / "cache")
        if "incremental" in args.only:
            incremental_benchmarks(work, args.rounds, floor)
        if "memory" in args.only:
            memory_benchmarks(work, args.rounds)
        if "reports" in args.only:
            reports_benchmarks(work, slow_rounds)
        if "large-award" in args.only:
            large_award_benchmarks(work, slow_rounds)
        if "check" in args.only:
            check_benchmarks(work, args.rounds)
        if "photos" in args.only:
            photo_benchmarks(work, args.rounds)
        if "refit" in args.only:
            refit_benchmarks(work, args.rounds)


if __name__ == "__main__":
    main()
