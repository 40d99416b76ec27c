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

from .errors import BulletinError, ContentError, Problem, UsageError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        status = args.run(args) or 0
        if getattr(args, "built", True):  # nothing built: no WeasyPrint import just to say so
            _say_what_is_missing(args.command)
        return status
    except ContentError as exc:
        _report(exc.problems)
        return exc.exit_code
    except BulletinError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # a read-only or full disk, no permission: the operator must act
        print(f"error: {os_problem(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        _quiet_from_now_on()
        return 130
    finally:  # a batch's kernel server started ahead of a build that then failed to start
        if (kernels := sys.modules.get("bulletin.kernels.lifecycle")) is not None:
            kernels._unshare(now=True)


def _say_what_is_missing(command: str) -> None:
    """An optional system library a build did without: one line, after the build."""
    if command in ("newsletter", "report", "reports", "all"):
        from .harfbuzz import notice

        if message := notice():
            print(f"warning: {message}", file=sys.stderr)
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
    stories = len(project.stories) + len(project.partial_stories)
    activities = len(project.activities)
    print(f"checked {args.root}: {stories} {'story' if stories == 1 else 'stories'}, "
          f"{activities} {'activity' if activities == 1 else 'activities'}: {_count(problems)}")
    return 1 if any(p.is_error for p in problems) else 0


def _period(args):
    from .periods import parse_period

    return parse_period(args.period)


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


def _done(built) -> None:
    for warning in built.warnings:
        print(warning if ": warning:" in warning else f"warning: {warning}", file=sys.stderr)
    for path in built.files:
        print(path)


def _up_to_date(plan, jobs, out) -> None:
    """An output whose inputs are unchanged: said on stderr, its files listed as a build lists them."""
    from .manifest import recorded_files

    for job in jobs:
        print(f"up to date: {plan.folders[job]}", file=sys.stderr)
        for path in recorded_files(plan.folders[job], out):
            print(path)


def _replayed(args) -> bool:
    """Nothing touched since this command last found its outputs up to date: say so again
    without reading the content (stamp.py)."""
    from . import filetree, stamp

    out, _ = _outputs(args)
    key = stamp.key(args.command, args.root, out, period=args.period,
                    award=getattr(args, "award", None), issued=getattr(args, "issued", None),
                    web_url=getattr(args, "web_url", None))
    args.stamp = (out, key, filetree.digest(args.root))
    answer = None if args.force else stamp.replay(*args.stamp)
    if answer is None:
        return False
    folders, files, summary = answer
    for folder in folders:
        print(f"up to date: {folder}", file=sys.stderr)
    for path in files:
        print(path)
    if summary:
        print(summary, file=sys.stderr)
    args.built = False
    return True


def _remember(args, folders, summary: str = "") -> None:
    from . import stamp

    stamp.remember(*args.stamp, folders, summary)


def _kernel_server_ahead(notebook: str) -> None:
    """Something changed since this command last ran (else it was replayed), so a build
    is likely: the kernel server's imports start now, on the other core, while this
    process imports its own and compares the content with the manifest (_single stops
    the server if nothing needs building after all)."""
    from .kernels import lifecycle

    lifecycle._start(only=notebook)


def _kernel_servers_ahead(args) -> None:
    """A batch is likely (see _kernel_server_ahead): the server its workers will share
    starts its imports now; _batch ends it if nothing needs building after all."""
    from .kernels import lifecycle

    if getattr(args, "executor", "local") != "dask":  # another machine's workers start their own
        lifecycle._share()


def _single(args, job, period, build) -> int:
    """One output: skipped when up to date (no `check`, no build imports), else built and recorded."""
    from .kernels import lifecycle
    from .manifest import loaded, plan as make_plan

    out, cache = _outputs(args)
    project = loaded(args.root)
    plan = None
    if project is not None and (job.kind == "report" or project.stories_in(period)) \
            and (job.kind == "newsletter" or job.award in project.awards):
        plan = make_plan(project, [job], period, out, web_url=getattr(args, "web_url", None),
                         issued=getattr(args, "issued", None), force=args.force)
        if plan.fresh:  # saved unchanged, or edited back: nothing to build after all
            lifecycle._stop(now=True)
            _up_to_date(plan, plan.fresh, out)
            args.built = False
            _remember(args, [plan.folders[job]])
            return 0
    built = build(out, cache)
    _done(built)
    if plan is not None:
        plan.fingerprints[job].record(built.folder, out, built.files)
        _remember(args, [built.folder])
    return 0


def run_newsletter(args) -> int:
    def build(out, cache):
        from .newsletter import build_newsletter

        return build_newsletter(args.root, period, out, cache, args.web_url)

    if _replayed(args):
        return 0
    _kernel_server_ahead("newsletter")
    from .batch import Job

    period = _period(args)
    return _single(args, Job("newsletter"), period, build)


def run_report(args) -> int:
    def build(out, cache):
        from .report import build_report

        return build_report(args.root, args.award, period, out, cache, args.issued)

    if _replayed(args):
        return 0
    _kernel_server_ahead("donor_report")
    from .batch import Job

    period = _period(args)
    return _single(args, Job("report", args.award), period, build)


def _batch(args, jobs, period, project) -> int:
    from .manifest import plan as make_plan

    out, cache = _outputs(args)
    web_url = getattr(args, "web_url", None)
    plan = make_plan(project, jobs, period, out, web_url=web_url, issued=args.issued, force=args.force)
    _up_to_date(plan, plan.fresh, out)
    outcomes = []
    args.built = bool(plan.stale)
    if not plan.stale:
        from .kernels import lifecycle

        lifecycle._unshare(now=True)
    else:
        from rich.console import Console

        from .batch import longest_first, run_jobs
        from .check import load_checked

        load_checked(args.root)  # an unchanged input set was checked when it was built
        with _executor(args) as executor:
            outcomes = run_jobs(longest_first(project, period, plan.stale), args.root, period, out,
                                cache, args.jobs,
                                Console(stderr=True), args.issued, web_url=web_url, executor=executor)
    failed = [o for o in outcomes if o.error]
    for outcome in outcomes:
        if outcome.built:
            _done(outcome.built)
            plan.fingerprints[outcome.job].record(outcome.built.folder, out, outcome.built.files)
    for outcome in failed:
        print(f"error: {outcome.job.name} failed:", file=sys.stderr)
        print(outcome.error, file=sys.stderr)
    fresh = f", {len(plan.fresh)} up to date" if plan.fresh else ""
    print(f"{period.label}: {len(outcomes) - len(failed)} built, {len(failed)} failed{fresh}",
          file=sys.stderr)
    if not failed:
        _remember(args, [plan.folders[job] for job in jobs],
                  f"{period.label}: 0 built, 0 failed, {len(jobs)} up to date")
    return 1 if failed else 0


def _executor(args):
    """The local pool (None: batch.run_jobs makes it) or a Dask cluster's executor."""
    from contextlib import nullcontext

    if getattr(args, "executor", "local") != "dask":
        return nullcontext(None)
    from .cluster import dask_executor, scheduler_address

    return dask_executor(scheduler_address(args.scheduler))


def _project(args):
    """The content as read; when a file cannot be read, `check`'s full report instead."""
    from .check import load_checked
    from .manifest import loaded

    return loaded(args.root) or load_checked(args.root)[0]


def run_reports(args) -> int:
    if _replayed(args):
        return 0
    _kernel_servers_ahead(args)
    from .batch import report_jobs

    project = _project(args)
    period = _period(args)
    jobs = report_jobs(project, period)
    if not jobs:
        raise UsageError(f"no award has activities in {period.label} ({period.title})")
    return _batch(args, jobs, period, project)


def run_all(args) -> int:
    if _replayed(args):
        return 0
    _kernel_servers_ahead(args)
    from .batch import Job, report_jobs
    from .periods import quarter_of

    project = _project(args)
    if args.period:
        period = _period(args)
    elif project.stories:
        period = quarter_of(max(s.date for s in project.stories))
    else:
        raise UsageError("no stories yet: pass --period")
    jobs = report_jobs(project, period)
    if project.stories_in(period):
        jobs.insert(0, Job("newsletter"))
    if not jobs:
        raise UsageError(f"nothing to build for {period.label}: no stories and no funded activities")
    return _batch(args, jobs, period, project)


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

    def command(name: str, run, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument("--root", type=Path, default=Path("."),
                         help="project root holding content/ and images/ (default: .)")
        sub.set_defaults(run=run)
        return sub

    command("check", run_check, "validate all content and report every problem at once")

    def outputs(sub: argparse.ArgumentParser, period_required: bool = True) -> None:
        sub.add_argument("--period", required=period_required,
                         help="2023-05, 2023-Q2, 2023 or 2023-04-01..2023-06-30")
        sub.add_argument("--out", type=Path, help="output folder (default: ROOT/build)")
        sub.add_argument("--cache", type=Path,
                         help="folder for prepared photos (default: OUT/.cache)")
        sub.add_argument("--force", action="store_true",
                         help="build outputs again even when their inputs are unchanged")

    newsletter = command("newsletter", run_newsletter,
                         "build the newsletter of a period: print PDF, web page, email, notebook")
    def web_url(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument("--web-url", type=_web_url, metavar="URL",
                         help="the folder index.html will be published in, so the email links to it "
                              "and shows its images; {period} is filled in (default: newsletter.web_url "
                              "in site.yaml)")
        return sub

    web_url(newsletter)
    outputs(newsletter)
    report = command("report", run_report,
                     "build one award's donor report: PDF, web page, spreadsheet, notebook")
    report.add_argument("--award", required=True, help="award number, as in content/awards.yaml")
    outputs(report)

    def issued(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument("--issued", type=_iso_date, metavar="YYYY-MM-DD",
                         help="date of issue on report covers (default: the day after the period "
                              "ends, or today while it lasts), so a report can be rebuilt exactly")
        return sub

    issued(report)

    def parallel(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        # os.cpu_count() as batch.default_jobs: importing batch here would cost a no-change
        # build most of its time (rich, pydantic)
        sub.add_argument("--jobs", "-j", type=_positive, default=os.cpu_count() or 1,
                         help="outputs built at once (default: the number of cores)")
        sub.add_argument("--executor", choices=("local", "dask"), default="local",
                         help="where the outputs are built: local worker processes (default), or an "
                              "existing Dask cluster (the optional extra bulletin[dask])")
        sub.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                         help="the Dask cluster's scheduler (default: $BULLETIN_DASK_SCHEDULER)")
        return sub

    outputs(issued(parallel(command("reports", run_reports,
                                    "build the donor report of every award active in a period"))))
    outputs(web_url(issued(parallel(command("all", run_all,
                             "build the newsletter and every donor report of a period "
                                    "(default: the latest quarter with stories)")))),
            period_required=False)
    serve = command("serve", run_serve, "preview stories and editions in a browser as you edit")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    serve.add_argument("--cache", type=Path, help="folder for prepared photos (default: ROOT/build/.cache)")

    new = command("new", run_new, "start a new piece of content from a template")
    new.add_argument("kind", choices=["story"], help="what to start")
    new.add_argument("title", help="the story's title, in quotes")

    from .office import DEFAULT_OFFICE, DEFAULT_ORGANISATION

    init = commands.add_parser("init", help="start a new office: a project root that passes check and "
                                            "builds", description="start a new office: a project root "
                                            "that passes check and builds")
    init.add_argument("folder", type=Path, metavar="DIR", help="a new (or empty) folder for the root")
    init.add_argument("--office", default=DEFAULT_OFFICE,
                      help=f'the office\'s name (default: "{DEFAULT_OFFICE}")')
    init.add_argument("--organisation", default=DEFAULT_ORGANISATION,
                      help=f'who the office belongs to (default: "{DEFAULT_ORGANISATION}")')
    init.set_defaults(run=run_init)
    return parser


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
