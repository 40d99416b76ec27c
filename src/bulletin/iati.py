"""A report's award as an IATI 2.03 activity: iati-activity.xml beside report.pdf.

Donors such as the Netherlands ask their partners to publish their activities and
results in the IATI standard. The file says who reports (site.yaml's `iati`), who
funds and who implements, the award's dates, sectors (from its theme), locations
(from the districts its activities reached) and its results framework, with the
figures of the report's own payload: the progress table's baseline, target and
value this period, split by sex where the indicator is counted by sex.

IATI's schema requires the reporting organisation's identifier: a project without
`iati` in site.yaml gets no file, and `check` warns once, saying what to add, when a
donor has an IATI identifier (`problems`): an office that publishes nothing to IATI
is not told about it on every build.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from .errors import Problem
from .names import did_you_mean
from .outputs import write
from .periods import Period
from .project import CONTENT, Project
from .results import IndicatorRow, award_window

if TYPE_CHECKING:  # payload reads content through check, which reads these keys through iati
    from .payload import ReportPayload

FILE = "iati-activity.xml"
VERSION = "2.03"
# DAC 5 "Facilitation of orderly, safe, regular and responsible migration and mobility":
# a migration office's work unless site.yaml's iati.sectors names another code for a theme
DEFAULT_SECTOR = "15190"
# the IATI codes used below (codelists ActivityStatus, ActivityDateType,
# OrganisationRole, ResultType, IndicatorMeasure, GeographicVocabulary, ...)
PLANNED_START, ACTUAL_START, PLANNED_END = "1", "2", "3"
FUNDING, IMPLEMENTING = "1", "4"
IMPLEMENTATION, FINALISATION = "2", "3"
OUTPUT, OUTCOME = "1", "2"
UNIT, PERCENTAGE = "1", "2"
OWN_VOCABULARY = "99"  # codes the reporting organisation keeps (ISO 3166-2 has no IATI vocabulary)
SEXES = {"women and girls": "female", "men and boys": "male"}  # results.py's split -> IATI's
# an IATI identifier may not hold these; an award number may ("EU/LMG/21/004")
_NOT_IN_IDENTIFIER = re.compile(r"[/&|?\s]+")


def problems(project: Project) -> list[Problem]:
    """What check says of the IATI keys: a theme in `iati.sectors` that is no theme, and a
    donor with an IATI identifier while the office has none (its reports then carry no
    iati-activity.xml: the schema requires the reporting organisation's identifier)."""
    site, name = project.site, f"{CONTENT}/site.yaml"
    if site is None:
        return []
    found = [Problem(name, project.line(name, "iati", "sectors", theme),
                     f"unknown theme '{theme}' in 'iati.sectors'{did_you_mean(theme, site.themes)}")
             for theme in (site.iati.sectors if site.iati else {}) if theme not in site.themes]
    asking = [key for key, donor in project.donors.items() if donor.iati_ref]
    if site.iati is None and asking:
        donors = f"{CONTENT}/donors.yaml"
        found.append(Problem(donors, project.line(donors, asking[0], "iati_ref"),
                             f"donor '{asking[0]}' has an IATI identifier, but the reports carry no "
                             f"{FILE}: add the office's to {name}, e.g. "
                             "`iati: {prefix: XM-DAC-47066, type: 40}`", "warning"))
    return found


def identifier(prefix: str, award: str) -> str:
    return f"{prefix}-{_NOT_IN_IDENTIFIER.sub('-', award).strip('-')}"


def write_activity(project: Project, award: str, period: Period, figures: ReportPayload,
                   updated: datetime, target: Path) -> Path:
    """Write the award's activity document to `target` (`updated`: outputs.build_time)."""
    return write(Path(target), activity_document(project, award, period, figures, updated))


def activity_document(project: Project, award: str, period: Period, figures: ReportPayload,
                      updated: datetime) -> bytes:
    stamp = updated.replace(microsecond=0, tzinfo=None).isoformat() + "Z"
    root = etree.Element("iati-activities", version=VERSION, **{"generated-datetime": stamp})
    activity = etree.SubElement(root, "iati-activity", {
        "last-updated-datetime": stamp, "{http://www.w3.org/XML/1998/namespace}lang":
            project.site.language, "hierarchy": "1"})
    _header(activity, project, award, period)
    _places(activity, project, figures)
    _sectors(activity, project, award, figures)
    for level, rows in _levels(figures.indicators.rows).items():
        _result(activity, level, rows, project, award, period)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _header(activity, project: Project, award: str, period: Period) -> None:
    """Identifier, organisations, title, description, status and dates, in the schema's order."""
    site, grant = project.site, project.awards[award]
    donor = project.donors[grant.donor]
    _text(activity, "iati-identifier", identifier(site.iati.prefix, award))
    _narrative(activity, "reporting-org", site.organisation, ref=site.iati.prefix, type=site.iati.type)
    _narrative(activity, "title", grant.project)
    description = _narrative(activity, "description", f"{grant.project}, funded by the {donor.name} "
                             f"under award {award} and implemented by {site.organisation} "
                             f"({site.office}).", type="1")
    _english(description, site.language)
    _narrative(activity, "participating-org", donor.name, role=FUNDING,
               **({"ref": donor.iati_ref} if donor.iati_ref else {}),
               **({"type": donor.iati_type} if donor.iati_type else {}))
    _narrative(activity, "participating-org", site.organisation, role=IMPLEMENTING,
               ref=site.iati.prefix, type=site.iati.type)
    # the award's own number, as written, beside the identifier made safe for IATI
    etree.SubElement(activity, "other-identifier", ref=award, type="A1")
    status = FINALISATION if period.end >= grant.end else IMPLEMENTATION
    etree.SubElement(activity, "activity-status", code=status)
    etree.SubElement(activity, "activity-date", type=PLANNED_START, **{"iso-date": grant.start.isoformat()})
    first = _first_start(project, award, period)
    if first is not None:
        etree.SubElement(activity, "activity-date", type=ACTUAL_START, **{"iso-date": first.isoformat()})
    etree.SubElement(activity, "activity-date", type=PLANNED_END, **{"iso-date": grant.end.isoformat()})
    if site.iati.country:
        etree.SubElement(activity, "recipient-country", code=site.iati.country, percentage="100")


def _first_start(project: Project, award: str, period: Period) -> date | None:
    """The day the award's first activity started, up to the period's end (the report's
    figures to date count from the same rows)."""
    grant = project.awards[award]
    starts = [a.start for a in project.activities_in(award_window(grant.start, period), award)]
    return min(starts, default=None)


def _places(activity, project: Project, figures: ReportPayload) -> None:
    """Each district the award reached to date (the period's, for an award without dates)."""
    key = figures.key_to_date or figures.key
    codes = {d.name: d.code for d in project.places.districts}
    for name in key.districts:
        location = etree.SubElement(activity, "location")
        etree.SubElement(location, "location-reach", code="1")  # where the activity happens
        _narrative(location, "name", name)
        if codes.get(name):
            etree.SubElement(location, "administrative", vocabulary=OWN_VOCABULARY, level="1",
                             code=codes[name])
        etree.SubElement(location, "exactness", code="1")
        etree.SubElement(location, "location-class", code="1")  # an administrative region
        etree.SubElement(location, "feature-designation", code="ADM1")


def _sectors(activity, project: Project, award: str, figures: ReportPayload) -> None:
    """The award's theme as a DAC sector; for an award without one, the themes of its
    activities in the period, in equal parts."""
    site, grant = project.site, project.awards[award]
    themes = [grant.theme] if grant.theme else sorted(
        {a.theme for a in project.activities if a.id in {r.id for r in figures.activities}})
    sectors: dict[str, str] = {}
    for theme in themes:
        sectors.setdefault(site.iati.sectors.get(theme, DEFAULT_SECTOR), site.themes.get(theme, theme))
    for i, (code, name) in enumerate(sectors.items()):
        share = 100 / len(sectors)
        # the parts add up to 100 exactly, as IATI's rules ask: the last takes the rounding
        percent = 100 - round(share, 2) * (len(sectors) - 1) if i == len(sectors) - 1 else round(share, 2)
        _narrative(activity, "sector", name, vocabulary="1", code=code, percentage=_number(percent))


def _levels(rows: list[IndicatorRow]) -> dict[str, list[IndicatorRow]]:
    """The progress table's rows by outcome or output, in the framework's order."""
    levels: dict[str, list[IndicatorRow]] = {}
    for row in rows:
        levels.setdefault(row.level, []).append(row)
    return levels


def _result(activity, level: str, rows: list[IndicatorRow], project: Project, award: str,
            period: Period) -> None:
    grant = project.awards[award]
    result = etree.SubElement(activity, "result", type=OUTCOME if level.startswith("Outcome") else OUTPUT,
                              **{"aggregation-status": "0"})
    _narrative(result, "title", level)
    for row in rows:
        indicator = etree.SubElement(result, "indicator", measure=PERCENTAGE if row.unit == "%" else UNIT,
                                     ascending="1")
        _narrative(indicator, "title", row.statement)
        _narrative(indicator, "description", f"{row.statement} ({row.unit})")
        etree.SubElement(indicator, "reference", vocabulary=OWN_VOCABULARY, code=row.id)
        etree.SubElement(indicator, "baseline", year=str(grant.start.year),
                         value=_number(row.baseline), **{"iso-date": grant.start.isoformat()})
        _period(indicator, row, period, grant.end, project.site.language)


def _period(indicator, row: IndicatorRow, period: Period, end: date, language: str) -> None:
    """This period's value against the indicator's target (the award's, as the report prints it);
    the actual value split by sex where the indicator is counted by sex."""
    element = etree.SubElement(indicator, "period")
    etree.SubElement(element, "period-start", **{"iso-date": period.start.isoformat()})
    etree.SubElement(element, "period-end", **{"iso-date": period.end.isoformat()})
    target = etree.SubElement(element, "target", value=_number(row.target))
    comment = _narrative(target, "comment", f"Target by the end of the award ({end.isoformat()})")
    _english(comment, language)
    if row.period is None:
        return
    etree.SubElement(element, "actual", value=_number(row.period))
    for split, sex in SEXES.items():
        if split in row.period_split:
            actual = etree.SubElement(element, "actual", value=_number(row.period_split[split]))
            etree.SubElement(actual, "dimension", name="sex", value=sex)


def _text(parent, tag: str, text: str, **attributes):
    element = etree.SubElement(parent, tag, **attributes)
    element.text = text
    return element


def _narrative(parent, tag: str, text: str, **attributes):
    element = etree.SubElement(parent, tag, **attributes)
    _text(element, "narrative", text)
    return element


def _english(element, language: str) -> None:
    """The build's own sentences are English: said so where the content's language is another."""
    if language != "en":
        element[0].set("{http://www.w3.org/XML/1998/namespace}lang", "en")


def _number(value: float) -> str:
    """12 for 12.0; 33.33 as given: IATI's values are decimals, without an exponent."""
    return str(int(value)) if float(value).is_integer() else format(value, "f").rstrip("0")
