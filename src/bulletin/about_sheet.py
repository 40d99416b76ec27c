"""The "About" sheet of a report's workbook: what the workbook is (office, award,
period, date of issue), what each sheet holds, and how to read it: a blank is
"not reported", never a zero; people not counted by sex; co-funded activities;
the rule of % of target."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openpyxl.styles import Alignment, Font

from . import locales
from .locales import N_
from .sheet_style import keep_text, print_setup

ABOUT_SHEET = N_("About")  # the sheets' names, headers and texts: in English, translated where written
LONG_DATE = "d mmmm yyyy"
SHEETS = {  # sheet -> what it holds
    N_("Activities"): N_("One row per activity of the award in the period, and a totals row: the "
                  "report's key figures."),
    N_("Indicators"): N_("The report's progress table: each indicator's baseline, target, value this "
                  "period and to date, %% of target and status, and the activities or rows of "
                  "the values sheet behind each figure."),
    N_("By district"): N_("Activities and people per district. An activity held in more than one "
                   "district counts in each, so the rows can add up to more than the totals."),
    N_("By type"): N_("Activities and people per type of activity."),
    N_("By month"): N_("Activities and people per month, by the month an activity started."),
}
READING = [  # (topic, how to read it)
    (N_("Blank cells"), N_("A blank number was not reported: it is not a zero. An activity without an "
                    "attendance count has a blank Participants cell, and adds nothing to a total.")),
    (N_("Not counted by sex"), N_("Where attendance was not recorded by sex, Female and Male are blank; "
                           "those people are Participants − Female − Male, given in the "
                           "breakdown sheets as Not counted by sex. So the totals of Female and "
                           "Male can add up to less than Participants.")),
    # issue 19, item 4 (co-funding) may extend this entry and the Activities sheet
    (N_("Co-funded activities"), N_("An activity paid for by more than one award counts in full in the "
                             "report and workbook of each award.")),
]


@dataclass(frozen=True)
class About:
    """Who made the workbook and what it covers."""

    office: str  # site.yaml's office: the workbook's author
    organisation: str  # site.yaml's organisation: its company
    award: str  # the award's number
    project: str
    donor: str  # the donor's name
    period: str  # the period in words, "April–June 2023"
    start: date
    end: date
    award_start: date
    award_end: date
    issued: date


def add_about(book, about: About, title: str, rule: str = "", language: str = "en") -> None:
    """Append the About sheet; `rule` is the progress table's rule, when it has one."""
    _ = locales.gettext(language)
    sheet = book.create_sheet(_(ABOUT_SHEET))
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    facts = [
        (_("Prepared by"), f"{about.office}, {about.organisation}"),
        (_("Award"), f"{about.award}: {about.project}"),
        (_("Donor"), about.donor),
        (_("Award runs from"), about.award_start), (_("to"), about.award_end),
        (_("Period"), about.period), (_("from"), about.start), (_("to"), about.end),
        (_("Issued"), about.issued),
    ]
    held = {_(name): text for name, text in SHEETS.items()}  # the sheets by their names in the book
    # "% {}": the texts are formats, a % in them written %% (as in the catalogs)
    sheets = [(_("Sheet: %(name)s") % {"name": name}, _(held[name]) % {} if name in held else "")
              for name in book.sheetnames if name != _(ABOUT_SHEET)]
    to_date = [(_("To date"), _("From the award's start to the end of the period, in the Indicators "
                                "sheet."))] if _("Indicators") in book.sheetnames else []
    progress = [(_("%% of target") % {}, rule)] if rule else []
    reading = [(_(topic), _(text)) for topic, text in READING]
    for topic, text in [*facts, (None, None), *sheets, (None, None), *reading, *to_date, *progress]:
        sheet.append([topic, text])
    for topic, text in sheet.iter_rows(min_row=2):
        topic.font = Font(bold=True)
        topic.alignment = text.alignment = Alignment(vertical="top", wrap_text=True)
        if isinstance(text.value, date):
            text.number_format = LONG_DATE
            text.alignment = Alignment(horizontal="left", vertical="top")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100
    print_setup(sheet)
    keep_text(sheet)
