"""The command line (cli-contract.md): a thin layer over the package.

Exit status: 0 done; 1 content or build problems, one line each on stderr;
2 wrong usage; 130 interrupted. No traceback reaches the terminal.
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import sys
from pathlib import Path

from . import engine, interrupts
from .errors import BulletinError, ContentError, Problem, UsageError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.run(args) or 0
    except KeyboardInterrupt:
        return _interrupted()
    except BulletinError as exc:
        if interrupts.requested():  # a failure Ctrl-C caused: not the operator's to read
            return _interrupted()
        if isinstance(exc, ContentError):
            _report(exc.problems)
        else:
            print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # a read-only or full disk, no permission: the operator must act
        if interrupts.requested():
            return _interrupted()
        print(f"error: {os_problem(exc)}", file=sys.stderr)
        return 1


def run() -> int:
    """The command line, as build.py and the `bulletin` script run it: `main` until the
    process ends, a signal included."""
    code = main()
    interrupts.until_exit()
    return code


def _interrupted() -> int:
    print("interrupted", file=sys.stderr)
    _quiet_from_now_on()
    return 130


_OS_ADVICE = {
    errno.ENOSPC: "the disk is full; free some space and build again",
    errno.EDQUOT: "the disk quota is used up; free some space and build again",
    errno.EROFS: "the file system is read-only; pass --out a folder you can write to",
    errno.EACCES: "permission denied; pass --out a folder you can write to",
    errno.EPERM: "not permitted; pass --out a folder you can write to",
}


def os_problem(exc: OSError) -> str:
    """An operating-system failure in words: what, where and what to do."""
    where = f"{exc.filename}: " if exc.filename else ""
    advice = _OS_ADVICE.get(exc.errno, exc.strerror or str(exc))
    return f"cannot write {where}{advice}"


def _quiet_from_now_on() -> None:
    """After Ctrl-C, threads and libraries shutting down (the notebook's ZMQ sockets,
    worker pools) may still print tracebacks; the operator asked to stop, not to read them."""
    try:
        sys.stderr.flush()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stderr.fileno())
    except (OSError, ValueError, AttributeError):  # a captured stderr has no descriptor
        pass


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _iso_date(text: str):
    from datetime import date

    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD")


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return int(text)


def _web_url(text: str) -> str:
    from .weburl import normalise

    try:
        return normalise(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _count(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"  # noqa: E731
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def run_check(args) -> int:
    from .check import check

    project, problems = check(args.root)
    _report(problems)
    if args.consent_report:
        from .consent_report import report

        out = args.out or args.root / "build"
        print("\n".join(report(project.consent, out)))
    stories = len(project.stories) + len(project.partial_stories)
    activities = len(project.activities)
    print(f"checked {args.root}: {stories} {'story' if stories == 1 else 'stories'}, "
          f"{activities} {'activity' if activities == 1 else 'activities'}: {_count(problems)}")
    from .language_check import completeness

    for line in completeness(project):  # the office's other languages: how far each has come
        print(line)
    return 1 if any(p.is_error for p in problems) else 0


def _outputs(args) -> tuple[Path, Path]:
    out = args.out or args.root / "build"
    cache = args.cache or out / ".cache"
    for option, folder in (("--out", out), ("--cache", cache)):
        _writable_folder(args.root, option, folder)
    return out, cache


def _writable_folder(root: Path, option: str, folder: Path) -> None:
    """Outputs go to a folder of their own, never among the content they come from."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{option} {folder} is a file, not a folder; give a folder for the outputs")
    target = folder.resolve()
    for inside in ("content", "images"):
        source = (root / inside).resolve()
        if target == source or target.is_relative_to(source):
            raise UsageError(f"{option} {folder} is inside {root / inside}, which holds the content; "
                             f"choose a folder outside it (default: {root / 'build'})")


def _settings(args) -> engine.Settings:
    from .periods import parse_period

    out, cache = _outputs(args)
    return engine.Settings(
        root=args.root, out=out, cache=cache,
        period=parse_period(args.period) if args.period is not None else None, command=args.command,
        single=args.single, award=getattr(args, "award", None), kinds=args.kinds,
        issued=getattr(args, "issued", None), final=getattr(args, "final", False),
        web_url=getattr(args, "web_url", None), language=getattr(args, "lang", None),
        force=args.force, jobs=getattr(args, "jobs", 1),
        executor=getattr(args, "executor", "local"), scheduler=getattr(args, "scheduler", None))


def run_build(args) -> int:
    from .terminal import Terminal

    terminal = Terminal()
    return terminal.result(engine.build(_settings(args), terminal))


def run_serve(args) -> int:
    from .serve import serve

    cache = args.cache or args.root / "build" / ".cache"
    try:
        serve(args.root, cache, args.port)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    return 0


def run_new(args) -> int:
    from .scaffold import new_story

    if args.kind == "translation":
        from .translate import new_translation

        print(new_translation(args.root, args.title, args.lang))
        return 0
    print(new_story(args.root, args.title))
    return 0


def run_init(args) -> int:
    from .office import init

    for path in init(args.folder, args.office, args.organisation):
        print(path)
    print(f"next: bulletin check --root {args.folder}", file=sys.stderr)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build the newsletter and donor reports from content/.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, run, help: str, root: bool = True) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        if root:
            sub.add_argument("--root", type=Path, default=Path("."),
                             help="project root holding content/ and images/ (default: .)")
        sub.set_defaults(run=run)
        return sub

    checking = command("check", run_check, "validate all content and report every problem at once")
    checking.add_argument("--consent-report", action="store_true",
                          help="also list, for each consent in content/consent.csv, the editions "
                               "and reports built under --out that show its photo")
    checking.add_argument("--out", type=Path, help="output folder read by --consent-report "
                                                   "(default: ROOT/build)")
    _build_commands(command)
    serve = command("serve", run_serve, "preview stories and editions in a browser as you edit")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    serve.add_argument("--cache", type=Path, help="folder for prepared photos (default: ROOT/build/.cache)")
    new = command("new", run_new, "start a new piece of content from a template")
    new.add_argument("kind", choices=["story", "translation"], help="what to start")
    new.add_argument("title", help="the story's title, in quotes; for a translation, the story's "
                                   "NAME (its file name without .md)")
    new.add_argument("--lang", help="a translation's language, one of site.yaml's languages")
    _init_command(command)
    return parser


def _build_commands(command) -> None:
    """newsletter, report: one output, built here; reports, all: a batch."""
    newsletter = command("newsletter", run_build,
                         "build the newsletter of a period: print PDF, web page, email, notebook")
    _web_url_option(_output_options(newsletter)).set_defaults(single="newsletter", kinds=())
    report = command("report", run_build,
                     "build one award's donor report: PDF, web page, spreadsheet, notebook")
    report.add_argument("--award", required=True, help="award number, as in content/awards.yaml")
    _report_options(_output_options(report)).set_defaults(single="report", kinds=())
    reports = command("reports", run_build, "build the donor report of every award active in a period")
    _parallel_options(_report_options(_output_options(reports)))
    reports.set_defaults(single=None, kinds=("report",))
    every = command("all", run_build, "build the newsletter and every donor report of a period "
                                      "(default: the latest quarter with stories)")
    _parallel_options(_report_options(_web_url_option(_output_options(every, period_required=False))))
    every.set_defaults(single=None, kinds=())  # every kind
    for sub in (newsletter, report, reports, every):
        sub.add_argument("--lang", metavar="LANG",
                         help="one language of site.yaml's languages (default: every one for the "
                              "newsletter; a report's donor's language, else the main one)")


def _output_options(sub: argparse.ArgumentParser, period_required: bool = True):
    sub.add_argument("--period", required=period_required,
                     help="2023-05, 2023-Q2, 2023 or 2023-04-01..2023-06-30")
    sub.add_argument("--out", type=Path, help="output folder (default: ROOT/build)")
    sub.add_argument("--cache", type=Path, help="folder for prepared photos (default: OUT/.cache)")
    sub.add_argument("--force", action="store_true",
                     help="build outputs again even when their inputs are unchanged")
    return sub


def _web_url_option(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
    sub.add_argument("--web-url", type=_web_url, metavar="URL",
                     help="the folder index.html will be published in, so the email links to it "
                          "and shows its images; {period} is filled in (default: newsletter.web_url "
                          "in site.yaml)")
    return sub


def _report_options(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
    sub.add_argument("--issued", type=_iso_date, metavar="YYYY-MM-DD",
                     help="date of issue on report covers (default: the day after the period "
                          "ends, or today while it lasts), so a report can be rebuilt exactly")
    sub.add_argument("--final", action="store_true",
                     help="the donor copy of each report: no review mark, no internal file name, "
                          "notebook link or path of this machine (default: a review copy)")
    return sub


def _parallel_options(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
    sub.add_argument("--jobs", "-j", type=_positive, default=os.cpu_count() or 1,
                     help="outputs built at once (default: the number of cores)")
    sub.add_argument("--executor", choices=("local", "dask"), default="local",
                     help="where the outputs are built: local worker processes (default), or an "
                          "existing Dask cluster (the optional extra bulletin[dask])")
    sub.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                     help="the Dask cluster's scheduler (default: $BULLETIN_DASK_SCHEDULER)")
    return sub


def _init_command(command) -> None:
    from .office import DEFAULT_OFFICE, DEFAULT_ORGANISATION

    init = command("init", run_init, "start a new office: a project root that passes check and builds",
                   root=False)
    init.add_argument("folder", type=Path, metavar="DIR", help="a new (or empty) folder for the root")
    init.add_argument("--office", default=DEFAULT_OFFICE,
                      help=f'the office\'s name (default: "{DEFAULT_OFFICE}")')
    init.add_argument("--organisation", default=DEFAULT_ORGANISATION,
                      help=f'who the office belongs to (default: "{DEFAULT_ORGANISATION}")')


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
