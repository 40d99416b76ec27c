#!/usr/bin/env python3
"""Every seed's layout figures in one table, so a change to the CSS is judged on all of them.

    make layout-report                       # seeds 1-30
    .venv/bin/python scripts/layout_report.py --seeds 1-60 --jobs 2 [--keep DIR]

For each seed, scripts/varied.py writes a root, `build.py all` builds its
quarter's newsletter and its award's report, and scripts/layout_check.py
measures both PDFs. One row per PDF: pages, the tallest white band, the
narrow text blocks, captions apart from their photos, headings ending a
column, what page 1 lacks, the least sharp photo, the column photos with
more than a few lines of white beside them (out of the photos measured), and
page 1's white beside the side panel (measured, not yet a fault). Exit status
1 when any seed has a fault; `--keep DIR` keeps the roots and builds to look at.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import layout_check  # noqa: E402
import varied  # noqa: E402


def build_seed(seed: int, folder: Path, *, again: bool = True) -> dict:
    """Generate, build and measure one seed; the result names the PDFs and their reports.

    With `again=False` the seed's build already in `folder` is measured anew
    (its root is generated aside, for what it holds)."""
    root = folder / f"seed-{seed}"
    if again:
        made = varied.generate(root, seed)
        made["build"] = build(root)
    else:
        with tempfile.TemporaryDirectory(prefix="layout-seed-") as aside:
            made = varied.generate(Path(aside) / "root", seed)
        made["build"] = (0, "")
    return measure(made, root)


def build(root: Path) -> tuple[int, str]:
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "all", "--period", varied.PERIOD,
                             "--root", str(root), "--out", str(root / "build"), "--jobs", "1",
                             "--issued", "2023-10-05"],
                            capture_output=True, text=True, timeout=900)
    return result.returncode, result.stderr[-2000:]


def measure(made: dict, root: Path) -> dict:
    made["measured"] = {}
    newsletter = root / "build" / "newsletter" / varied.PERIOD / "newsletter.pdf"
    if newsletter.exists():
        made["measured"]["newsletter"] = layout_check.check(
            newsletter, headings=newsletter_headings(made), front=front_texts(made))
    report = root / "build" / "reports" / varied.AWARD / varied.PERIOD / "report.pdf"
    if report.exists():
        made["measured"]["report"] = layout_check.check(report, kind="report")
    return made


def body_bands(kind: str, bands: list[float]) -> list[float]:
    """The pages measured: not the last (where the edition ends), nor a report's cover."""
    return bands[1:-1] if kind == "report" else bands[:-1]


def newsletter_headings(made: dict) -> list[str]:
    return [text for story in made["stories"] for text in (story["title"], *story["headings"])]


def lead(made: dict) -> dict:
    """The story page 1 leads with, as the edition orders them: the featured one first,
    then by date and title."""
    return min(made["stories"], key=lambda s: (not s["featured"], s["date"], s["title"]))


def front_texts(made: dict) -> list[str]:
    story = lead(made)
    return ["IOM Lesotho Newsletter", "In this issue", "In numbers", story["title"],
            " ".join(story["opening"].replace("**", "").split()[:4])]


def rows(made: dict) -> list[list[str]]:
    out = []
    for kind, report in made["measured"].items():
        body = body_bands(kind, report.bands)
        out.append([str(made["seed"]), kind, str(len(made["stories"])), str(made["activities"]),
                    str(report.pages), f"{max(body, default=0):.0f}", str(len(report.narrow)),
                    str(len(report.captions)), str(len(report.headings)), str(len(report.front)),
                    str(report.min_ppi or "-"), f"{len(report.beside)}/{report.photos}",
                    "-" if report.front_white is None else f"{report.front_white:.0f}",
                    "ok" if not report.faults else "; ".join(report.faults)[:90]])
    if made["build"][0] != 0:
        out.append([str(made["seed"]), "build", str(len(made["stories"])), str(made["activities"]),
                    *["-"] * 9, "build failed: " + made["build"][1].strip().splitlines()[-1][:80]])
    return out


HEADER = ["seed", "pdf", "stories", "activities", "pages", "band mm", "narrow", "captions apart",
          "headings last", "page 1", "min ppi", "white beside", "page 1 white mm", "faults"]


def seeds(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=seeds, default=seeds("1-30"), help="a range, e.g. 1-30")
    parser.add_argument("--jobs", type=int, default=2, help="seeds built at once")
    parser.add_argument("--keep", type=Path, help="keep the roots and builds in this folder")
    parser.add_argument("--measure-only", action="store_true",
                        help="measure the builds already kept in --keep (after a change to the checks)")
    args = parser.parse_args(argv)
    if args.measure_only and not args.keep:
        parser.error("--measure-only needs --keep DIR, the folder of an earlier run")
    built = [seed for seed in args.seeds if args.keep and (args.keep / f"seed-{seed}").exists()]
    if built and not args.measure_only:
        parser.error(f"{args.keep} already holds seed-{built[0]}: give a new folder, "
                     "or add --measure-only to measure those builds again")
    from rich.console import Console
    from rich.table import Table

    with tempfile.TemporaryDirectory(prefix="layout-report-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        with ThreadPoolExecutor(args.jobs) as pool:
            results = list(pool.map(lambda seed: build_seed(seed, folder, again=not args.measure_only),
                                    args.seeds))
    table = Table(*HEADER, title="Layout invariants of generated content (scripts/layout_check.py)")
    failed = 0
    for made in results:
        for row in rows(made):
            failed += row[-1] != "ok"
            table.add_row(*row)
    Console(width=200).print(table)
    print(f"{len(results)} seeds, {failed} PDFs with faults")
    for kind, limit in layout_check.BAND_MM.items():
        bands = [band for made in results if kind in made["measured"]
                 for band in body_bands(kind, made["measured"][kind].bands)]
        over = sum(band > limit for band in bands)
        print(f"{kind}: {over} of {len(bands)} pages with a white band over {limit} mm, "
              f"the worst {max(bands, default=0):.0f} mm")
    photos = sum(report.photos for made in results for report in made["measured"].values())
    beside = sum(len(report.beside) for made in results for report in made["measured"].values())
    print(f"photos in a column: {beside} of {photos} with over {layout_check.BESIDE_MM} mm white beside them")
    fronts = [made["measured"]["newsletter"].front_white for made in results if "newsletter" in made["measured"]]
    limit = layout_check.BAND_MM["newsletter"]
    print(f"page 1: {sum(white > limit for white in fronts)} of {len(fronts)} editions with a white band over "
          f"{limit} mm beside the side panel, the worst {max(fronts, default=0):.0f} mm (measured, not yet held)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
