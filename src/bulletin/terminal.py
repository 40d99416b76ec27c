"""A build as the command line shows it: files built on stdout, one per line; what is
up to date, the progress of a batch, warnings, failures and the summary on stderr."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .engine import Outcome, Result


class Terminal:
    """The engine's Screen (engine.py), and the printer of its Result."""

    def up_to_date(self, folder: Path, files: list[Path]) -> None:
        print(f"up to date: {folder}", file=sys.stderr)
        for path in files:
            print(path)

    @contextmanager
    def running(self, label: str, total: int) -> Iterator[Callable[[Outcome], None]]:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task(label, total=total)

            def ended(outcome: Outcome) -> None:
                mark = "[green]built[/]" if outcome.built else "[red]failed[/]"
                progress.console.print(f"{mark} {outcome.output.name}", highlight=False)
                progress.advance(task)

            yield ended

    def result(self, result: Result) -> int:
        said = set()  # a warning several outputs share (a content file's, a photo held back
        # from an edition in each language) is said once
        for outcome in result.outcomes:
            if outcome.built:
                for warning in outcome.built.warnings:
                    if warning not in said:
                        said.add(warning)
                        print(warning if ": warning:" in warning else f"warning: {warning}",
                              file=sys.stderr)
                for path in outcome.built.files:
                    print(path)
        failed = [o for o in result.outcomes if o.error]
        for outcome in failed:
            print(f"error: {outcome.output.name} failed:", file=sys.stderr)
            print(outcome.error, file=sys.stderr)
        if result.summary:
            print(result.summary, file=sys.stderr)
        if result.built:  # nothing built: no WeasyPrint import just to say so
            from .harfbuzz import notice

            if message := notice():
                print(f"warning: {message}", file=sys.stderr)
        return 1 if failed else 0
