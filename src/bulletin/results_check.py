"""`check`'s rules for results frameworks, the values sheet and report narratives.

Called from check.py after the rest of the content has been read, so an
award, a theme or a place can be looked up. `load_project` has read the files
(`Project.results`, `Project.narratives`); the problems it found reading them
are reported here, with these rules.
"""

from __future__ import annotations

from typing import Iterator

from .errors import Problem, UsageError
from .names import did_you_mean
from .narrative import Narrative, narrative_file
from .periods import parse_period
from .project import CONTENT, Project
from .results import VALUES, Framework, Results


def check_results(project: Project) -> list[Problem]:
    results = project.results
    problems = list(project.results_problems)
    problems += _frameworks(project, results)
    problems += _values(results)
    problems += _narratives(project, results, list(project.narratives.values()))
    return problems


def _frameworks(project: Project, results: Results) -> Iterator[Problem]:
    awards = project.declared["awards"]
    for name, (award, line) in results.declared_awards().items():
        if award not in awards:
            yield Problem(name, line, f"unknown award '{award}'{did_you_mean(award, awards)}")
    first: dict[str, str] = {}
    for framework in results.frameworks.values():
        name = framework.file
        line = lambda *path: results.line(name, *path)  # noqa: E731 - local shorthand
        for _, indicator, path in framework.indicators():
            if indicator.id in first:
                yield Problem(name, line(*path, "id"),
                              f"indicator '{indicator.id}' is already defined in {first[indicator.id]}; "
                              "give each one its own id")
            first.setdefault(indicator.id, f"{name}:{line(*path, 'id')}")
            yield from _targets(framework, indicator, path, line)
            yield from _filter(project, framework, indicator, path, line)


def _targets(framework: Framework, indicator, path, line) -> Iterator[Problem]:
    """A count adds up from nothing, so its targets lie above its baseline; a level may be
    one to bring down (a target below the baseline), and its yearly targets go the same way."""
    name, baseline, down = framework.file, indicator.baseline, indicator.target < indicator.baseline
    if not indicator.from_baseline and down:
        yield Problem(name, line(*path, "target"),
                      f"indicator '{indicator.id}': target ({_show(indicator.target)}) is below "
                      f"its baseline ({_show(baseline)}); a count adds up, so its target cannot be "
                      "lower; a level to bring down (a rate, a share) is reported by hand as its "
                      "latest value (no `measure`, `to_date: latest`)")
        return
    if indicator.from_baseline and indicator.target == baseline:
        yield Problem(name, line(*path, "target"),
                      f"indicator '{indicator.id}': target ({_show(indicator.target)}) equals its "
                      "baseline, so the report can give no % of target and counts it achieved while "
                      "the value holds at or above it; give the level the award aims for", "warning")
    for year, target in indicator.targets.items():
        if (target > baseline) if down else (target < baseline):
            yield Problem(name, line(*path, "targets", year),
                          f"indicator '{indicator.id}': target for {year} ({_show(target)}) is "
                          f"{'above' if down else 'below'} its baseline ({_show(baseline)}), on the "
                          "other side from the award's target")


def _filter(project: Project, framework: Framework, indicator, path, line) -> Iterator[Problem]:
    name, where = framework.file, line(*path, "filter")
    themes = project.site.themes if project.site else {}
    for theme in indicator.filter.theme:
        if project.site is not None and theme not in themes:
            yield Problem(name, where, f"indicator '{indicator.id}': unknown theme '{theme}'"
                                       f"{did_you_mean(theme, themes)}")
    for place in indicator.filter.district:
        if project.places.district_of(place) is None:
            suggestion = project.places.suggest(place)
            hint = f"; did you mean '{suggestion}'?" if suggestion else ""
            yield Problem(name, where, f"indicator '{indicator.id}': unknown place '{place}'{hint}")
    types = {a.type for a in project.activities if a.type}
    for kind in indicator.filter.type:
        if types and kind not in types:
            yield Problem(name, where, f"indicator '{indicator.id}': no activity has type '{kind}'"
                                       f"{did_you_mean(kind, types)}", "warning")


def _values(results: Results) -> Iterator[Problem]:
    known = results.declared_indicators()
    for value in results.values:
        found = results.indicator(value.indicator)
        if found is None and value.indicator in known:
            continue  # its framework has a mistake, reported there
        if found is None:
            yield Problem(VALUES, value.line, f"unknown indicator '{value.indicator}'"
                                              f"{did_you_mean(value.indicator, known)}")
            continue
        framework, indicator, path = found
        if indicator.computed:
            yield Problem(VALUES, value.line,
                          f"indicator '{value.indicator}' is computed from the activity records "
                          f"(measure: {indicator.measure}, {framework.file}:"
                          f"{results.line(framework.file, *path, 'measure')}); remove this value, "
                          "or remove the measure to report it by hand")


def _narratives(project: Project, results: Results, narratives: list[Narrative]) -> Iterator[Problem]:
    awards = project.declared["awards"]
    for narrative in narratives:
        name = narrative.file
        if narrative.award not in awards:
            hint = did_you_mean(narrative.award, awards)
            yield Problem(name, 1, f"unknown award '{narrative.award}'{hint} "
                                   f"(the folder under {CONTENT}/reports/ is the award number)")
            continue
        try:
            period = parse_period(narrative.period)
        except UsageError as exc:
            yield Problem(name, 1, f"{exc} (the file's name is the period it reports on)")
            continue
        yield from _sections(project, narrative)
        framework = results.frameworks.get(narrative.award)
        for _, indicator, path in framework.indicators() if framework else []:
            if indicator.computed:
                continue
            if not any(v.indicator == indicator.id and period.start <= v.start and v.end <= period.end
                       for v in results.values):
                yield Problem(framework.file, results.line(framework.file, *path, "id"),
                              f"indicator '{indicator.id}' is reported by hand, but {VALUES} has no "
                              f"value for {period.label} (reported on in {name})")


def required_sections(project: Project, award: str) -> tuple[str, ...]:
    """The sections the award's donor asks every report for (donors.yaml `report_sections`)."""
    grant = project.awards.get(award)
    donor = project.donors.get(grant.donor) if grant else None
    return donor.report_sections if donor else ()


def _sections(project: Project, narrative: Narrative) -> Iterator[Problem]:
    written = [s.title for s in narrative.sections]
    folded = {t.casefold() for t in written}
    grant = project.awards[narrative.award] if narrative.award in project.awards else None
    for title in required_sections(project, narrative.award):
        if title.casefold() not in folded:
            donor = project.donors[grant.donor].name
            yield Problem(narrative.file, narrative.heading_line,
                          f"missing section '{title}', which the {donor} asks every report for; "
                          f"add a heading '## {title}'{did_you_mean(title, written)}")


def _show(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def missing_narrative(project: Project, award: str, period: str) -> Problem | None:
    """A warning for a build: the donor asks for sections and no narrative file exists."""
    wanted = required_sections(project, award)
    name = narrative_file(award, period)
    if wanted and name not in project.narratives:
        return Problem(name, None, f"missing: the {project.donors[project.awards[award].donor].name} "
                                   f"asks every report for {', '.join(wanted)}", "warning")
    return None
