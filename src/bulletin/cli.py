"""The command line (cli-contract.md): a thin layer over the package.

Exit status: 0 done; 1 content or build problems, one line each on stderr;
2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import BulletinError, ContentError, Problem, UsageError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.run(args) or 0
    except ContentError as exc:
        _report(exc.problems)
        return exc.exit_code
    except BulletinError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _count(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"  # noqa: E731
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def run_check(args) -> int:
    from .check import check

    project, problems = check(args.root)
    _report(problems)
    print(f"checked {args.root}: {len(project.stories)} stories, "
          f"{len(project.activities)} activities: {_count(problems)}")
    return 1 if any(p.is_error for p in problems) else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build the newsletter and donor reports from content/.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, run, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument("--root", type=Path, default=Path("."),
                         help="project root holding content/ and images/ (default: .)")
        sub.set_defaults(run=run)
        return sub

    command("check", run_check, "validate all content and report every problem at once")
    return parser


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
