"""The render half of the naive loop (benchmarks/run.py): one donor report from the
figures a `papermill` run saved, in a fresh process, as a script around the
library would do it. The notebook is not run again; everything else a report
build makes (PDF, web page, spreadsheet) is.

    python benchmarks/naive_render.py ROOT AWARD PERIOD OUT CACHE FIGURES NOTEBOOK
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from bulletin import notebooks, payload  # noqa: E402
from bulletin.engine import Settings  # noqa: E402
from bulletin.report import Report  # noqa: E402
from bulletin.periods import parse_period  # noqa: E402


def main(root: str, award: str, period: str, out: str, cache: str, figures: str, notebook: str) -> None:
    class Saved:
        def __init__(self, name, parameters, stage, executed, reading, kind):
            shutil.copyfile(notebook, stage.path(executed))  # the notebook papermill executed
            self.figures = payload.load(kind, Path(figures))

        def result(self):
            return self.figures

    notebooks.start = Saved
    Report(award).build(Settings(Path(root), Path(out), Path(cache), parse_period(period), "report"))


if __name__ == "__main__":
    main(*sys.argv[1:])
