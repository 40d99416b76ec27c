"""Make templates/report.docx, the built-in Word template of a donor report.

    .venv/bin/python scripts/make_report_docx.py      # writes templates/report.docx

Written with python-docx so the template is reproducible and reviewable as
code: Word's own styles (Title, Heading 1-3, Caption, the "Table Grid" table
style), real paragraphs and tables (no text boxes), so a reviewer can edit
it with track changes. The tags are docxtpl's (Jinja), over the names of
docs/word-reports.md; a table row `{%tr for … %}` repeats the row after it.
Run it again after changing this script; the same script gives the same bytes.
"""

from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
from bulletin.word_report import _dated  # noqa: E402 - after the path is set

TARGET = REPO / "templates" / "report.docx"
MADE = datetime(2023, 1, 1)  # a fixed date: the template's bytes depend on this script only
TABLE_STYLE = "Table Grid"


def main() -> None:
    document = Document()
    _page(document)
    _cover(document)
    _key_figures(document)
    _progress(document)
    _narrative(document)
    _activities(document)
    _stories(document)
    _wording(document)
    core = document.core_properties
    core.title, core.author, core.last_modified_by = "Donor report", "", ""
    core.created = core.modified = MADE
    core.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    TARGET.write_bytes(_dated(buffer.getvalue(), MADE))
    print(TARGET)


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(20)
    # Arial: every office has it, and LibreOffice has its metric twin (Liberation Sans)
    for style in ("Normal", "Table Grid"):
        document.styles[style].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10.5)
    section.header.paragraphs[0].text = \
        "{{ award.number }} · {{ period.label }}{% if not final %} · REVIEW COPY, not for the donor{% endif %}"
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("{{ office }} · page ")
    _page_number(footer.add_run())


def _page_number(run) -> None:
    """A PAGE field: Word and LibreOffice number the pages themselves."""
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _cover(document) -> None:
    document.add_paragraph("{{ award.project }}", style="Title")
    document.add_paragraph("Report to the {{ donor.name }}, {{ period.label }}", style="Subtitle")
    _table(document, ["", ""], [
        ["Donor", "{{ donor.name }}"],
        ["Award", "{{ award.number }}"],
        ["Project", "{{ award.project }}"],
        ["Theme", "{{ award.theme }}"],
        ["Award period", "{{ award.start }} – {{ award.end }}"],
        ["Reporting period", "{{ period.start }} – {{ period.end }}"],
        ["Date of issue", "{{ issued }}"],
        ["Submitted by", "{{ organisation }}, {{ office }}"],
    ], header=False, widths=(45, 115))


def _key_figures(document) -> None:
    document.add_heading("Key figures", 1)
    rows = [("Activities held", "activities"), ("People reached", "participants"),
            ("Women and girls", "female"), ("Men and boys", "male"),
            ("People not counted by sex", "not_by_sex"), ("Districts reached", "districts"),
            ("Days of activity", "days")]
    _table(document, ["", "{{ period.label }}", "Since {{ award.start }}"],
           [[label, f"{{{{ figures.{key} }}}}", f"{{{{ to_date.{key} }}}}"] for label, key in rows],
           numbers=(1, 2), widths=(70, 45, 45))
    document.add_paragraph("Key figures of the period and of the award to date", style="Caption")
    document.add_paragraph("Districts reached this period: {{ figures.district_names|join(', ') }}.")


def _progress(document) -> None:
    document.add_heading("Progress against the results framework", 1)
    document.add_paragraph("{%p if indicators %}")
    _table(document, ["Level", "Indicator", "Baseline", "Target", "This period", "To date", "% of target",
                      "Status"],
           [["{{ i.level }}", "{{ i.id }} {{ i.statement }} ({{ i.unit }})", "{{ i.baseline }}",
             "{{ i.target }}", "{{ i.this_period }}", "{{ i.to_date }}",
             "{{ i.percent_text }}", "{{ i.status }}"]],
           loop="i in indicators", numbers=(2, 3, 4, 5, 6), widths=(19, 47, 16, 14, 15, 14, 15, 20))
    document.add_paragraph("Indicators: value this period and to date against the award's target",
                           style="Caption")
    document.add_paragraph("{%p if charts.progress %}")
    document.add_paragraph("{{ charts.progress }}")
    document.add_paragraph("Progress to date against target", style="Caption")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p else %}")
    document.add_paragraph("This award has no results framework.")
    document.add_paragraph("{%p endif %}")


def _narrative(document) -> None:
    document.add_heading("Narrative", 1)
    document.add_paragraph("{%p for section in narrative %}")
    document.add_heading("{{ section.heading }}", 2)
    document.add_paragraph("{%p for paragraph in section.paragraphs %}")
    document.add_paragraph("{{ paragraph }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p else %}")
    document.add_paragraph("No narrative was written for this period.")
    document.add_paragraph("{%p endfor %}")


def _activities(document) -> None:
    document.add_heading("Activities", 1)
    _table(document, ["ID", "Activity", "Dates", "Place", "Type", "People", "Female", "Male"],
           [["{{ a.id }}", "{{ a.title }}{% if a.co_funded_with %} (co-funded with "
                           "{{ a.co_funded_with|join(', ') }}){% endif %}",
             "{{ a.start }}{% if a.end != a.start %} – {{ a.end }}{% endif %}", "{{ a.place }}",
             "{{ a.type }}", "{{ a.participants }}", "{{ a.female }}", "{{ a.male }}"]],
           loop="a in activities", numbers=(5, 6, 7), widths=(26, 33, 22, 18, 16, 15, 15, 15))
    document.add_paragraph("Activities of the period ({{ figures.activities }})", style="Caption")
    document.add_heading("Breakdowns", 2)
    document.add_paragraph("{%p for b in breakdowns %}")
    document.add_heading("By {{ b.title|lower }}", 3)
    _table(document, ["{{ b.title }}", "Activities", "People", "Female", "Male", "Not counted by sex"],
           [["{{ r.label }}", "{{ r.activities }}", "{{ r.participants }}", "{{ r.female }}",
             "{{ r.male }}", "{{ r.not_by_sex }}"]], loop="r in b.rows", numbers=(1, 2, 3, 4, 5),
           widths=(50, 22, 22, 22, 22, 22))
    document.add_paragraph("Activities and people reached by {{ b.title|lower }}", style="Caption")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p if charts.by_district %}")
    document.add_paragraph("{{ charts.by_district }}")
    document.add_paragraph("People reached by district", style="Caption")
    document.add_paragraph("{%p else %}")
    document.add_paragraph("{{ charts.by_district_alt }}")
    document.add_paragraph("{%p endif %}")


def _stories(document) -> None:
    document.add_heading("Stories from the field", 1)
    document.add_paragraph("{%p for s in stories %}")
    document.add_heading("{{ s.title }}", 2)
    when = document.add_paragraph()
    when.add_run("{{ s.date }}{% if s.place %}, {{ s.place }}{% endif %}").italic = True
    document.add_paragraph("{{ s.summary }}")
    document.add_paragraph("{%p else %}")
    document.add_paragraph("No story of this award was published this period.")
    document.add_paragraph("{%p endfor %}")


def _wording(document) -> None:
    document.add_heading("Acknowledgement", 1)
    document.add_paragraph("{{ wording.acknowledgement }}")
    document.add_paragraph("{%p if wording.disclaimer %}")
    document.add_paragraph("{{ wording.disclaimer }}")
    document.add_paragraph("{%p endif %}")


def _table(document, headers: list[str], rows: list[list[str]], *, header: bool = True,
           loop: str | None = None, numbers: tuple[int, ...] = (), widths: tuple[int, ...] = ()) -> None:
    """A table in the table style, its columns `widths` mm wide; with `loop`, its one body
    row repeats for each item."""
    table = document.add_table(rows=0, cols=len(headers))
    table.style = TABLE_STYLE
    table.autofit = False
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, headers):
            cell.paragraphs[0].add_run(text).bold = True
        _repeat_as_header(table.rows[0])
    if loop:
        table.add_row().cells[0].text = f"{{%tr for {loop} %}}"
    for row in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, row)):
            cell.text = text
            if index in numbers:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if not header and index == 0:
                cell.paragraphs[0].runs[0].bold = True
    if loop:
        table.add_row().cells[0].text = "{%tr endfor %}"
    for column, width in zip(table.columns, widths):
        column.width = Mm(width)
        for cell in column.cells:  # Word reads the cells' widths, LibreOffice the grid's
            cell.width = Mm(width)
    if len(headers) > 3:  # wide tables in a smaller size, so that numbers stay on one line
        for row in table.rows:
            for cell in row.cells:
                for run in (r for p in cell.paragraphs for r in p.runs):
                    run.font.size = Pt(8.5)


def _repeat_as_header(row) -> None:
    """The header row repeats at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


if __name__ == "__main__":
    main()
