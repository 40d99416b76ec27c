"""report.docx: a donor's own Word form and the built-in template, filled with the report's context.

The donor's form below is written from shared/report-context.md alone (the names a
donor's officer would type into Word), as python-docx paragraphs and a table whose
`{%tr for %}` row repeats. It is filled for the sample's award and quarter, from the
repository's own content, with the figures the notebook would compute
(payload.report_payload, run here in-process), and read back with python-docx.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document

from bulletin.check import load_checked
from bulletin.errors import ContentError
from bulletin.payload import report_payload, snapshot
from bulletin.periods import parse_period
from bulletin.views import wording
from bulletin.word_context import report_context, sample_context
from bulletin.word_report import BUILT_IN, write_report, write_report_docx
from bulletin.word_template import template_problems
from support import REPO, edit, make_root_at, poppler

AWARD = "SSITIP20GR0006"
PERIOD = parse_period("2023-Q2")
EPOCH = "1696464000"  # 2023-10-05


@pytest.fixture(scope="module")
def sample():
    """The repository's content, and the award's figures of 2023-Q2."""
    project, _ = load_checked(REPO)
    return project, report_payload(snapshot(project, PERIOD, AWARD))


def donor_form(path: Path, *, body: list[str] | None = None, row: list[str] | None = None,
               loop: str = "{%tr for i in indicators %}") -> Path:
    """A donor's form as its officer types it in Word: tags in paragraphs, a repeating row."""
    document = Document()
    for text in body if body is not None else [
        "Quarterly progress report: {{ award.project }}, award {{ award.number }}",
        "Submitted to {{ donor.name }} by {{ organisation }} ({{ office }}) on {{ issued }}",
        "Reporting period: {{ period.label }} ({{ period.start }} to {{ period.end }})",
        "Participants: {{ figures.participants }}; female {{ figures.female }}; "
        "male {{ figures.male }}; not disaggregated {{ figures.not_by_sex }}",
        "Districts ({{ figures.districts }}): {{ figures.district_names|join(', ') }}",
        "Since the award began: {{ to_date.participants }} participants",
        "{% if final %}FINAL{% else %}DRAFT FOR REVIEW{% endif %}",
        "{{ wording.acknowledgement }}",
        "{{ charts.by_district }}",
    ]:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ["Indicator", "Statement", "To date", "% of target", "Status"]):
        cell.text = text
    table.add_row().cells[0].text = loop
    for cell, text in zip(table.add_row().cells, row or [
            "{{ i.level }} {{ i.id }}", "{{ i.statement }}", "{{ i.to_date }}", "{{ i.percent }}",
            "{{ i.status }}"]):
        cell.text = text
    table.add_row().cells[0].text = "{%tr endfor %}"
    document.save(path)
    return path


def fill(sample, template: Path, target: Path, name: str = "forms/donor.docx") -> Path:
    project, figures = sample
    from bulletin.word_charts import report_charts

    context = report_context(project, AWARD, PERIOD, figures, None, charts=report_charts(figures))
    from datetime import datetime

    return write_report_docx(template, name, context, target, datetime(2023, 7, 1))


def text_of(path: Path) -> list[str]:
    document = Document(path)
    return [p.text for p in document.paragraphs]


def pictures(path: Path) -> list[dict]:
    """The drawings' properties (name, descr) in the document's body."""
    from docx.oxml.ns import qn

    body = Document(path).element.body
    return [dict(element.attrib) for element in body.iter(qn("wp:docPr"))]


def test_a_donor_form_written_from_the_contract_is_filled_with_the_awards_figures(sample, tmp_path):
    project, figures = sample
    result = fill(sample, donor_form(tmp_path / "form.docx"), tmp_path / "report.docx")
    lines = text_of(result)
    key = figures.key
    assert lines[0] == ("Quarterly progress report: Supporting Lesotho in Trafficking in Persons "
                        f"Prevention and Protection, award {AWARD}")
    assert lines[1] == ("Submitted to United States Department of State by International Organization "
                        "for Migration (IOM Lesotho) on 1 July 2023")
    assert lines[2] == "Reporting period: April–June 2023 (1 April 2023 to 30 June 2023)"
    assert lines[3] == (f"Participants: {key.people}; female {key.female}; male {key.male}; "
                        f"not disaggregated {key.not_disaggregated}")
    assert key.people > 0 and key.female + key.male + key.not_disaggregated == key.people
    assert lines[4] == f"Districts ({len(key.districts)}): {', '.join(key.districts)}"
    assert lines[5] == f"Since the award began: {figures.key_to_date.people} participants"
    assert lines[6] == "DRAFT FOR REVIEW"
    assert lines[7] == wording(project, AWARD).acknowledgement
    assert "{" not in "".join(lines)


def test_the_forms_repeating_row_gives_one_row_per_indicator(sample, tmp_path):
    _, figures = sample
    result = fill(sample, donor_form(tmp_path / "form.docx"), tmp_path / "report.docx")
    [table] = Document(result).tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    indicators = figures.indicators.rows
    assert len(indicators) >= 2
    assert rows[0] == ["Indicator", "Statement", "To date", "% of target", "Status"]
    assert len(rows) == 1 + len(indicators)
    for row, indicator in zip(rows[1:], indicators):
        assert row[0] == f"{indicator.level.split(':')[0]} {indicator.id}"
        assert row[1] == indicator.statement
        assert row[4] == indicator.status
        if indicator.to_date is not None:  # numbers as numbers: 20.0 prints as 20
            assert float(row[2]) == indicator.to_date and not row[2].endswith(".0")
            assert float(row[3]) == pytest.approx(indicator.percent * 100)
        else:
            assert row[2] == ""  # nothing reported prints as nothing, never "None"


def test_a_chart_in_the_form_is_a_picture_with_its_alt_text(sample, tmp_path):
    _, figures = sample
    result = fill(sample, donor_form(tmp_path / "form.docx"), tmp_path / "report.docx")
    [picture] = pictures(result)
    district_chart = next(c for c in figures.charts if "district" in c.title.lower())
    assert picture["descr"] == district_chart.alt
    with zipfile.ZipFile(result) as archive:
        [png] = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert archive.read(png)[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_built_in_report_docx_has_headings_tables_and_described_pictures(sample, tmp_path):
    _, figures = sample
    result = fill(sample, BUILT_IN, tmp_path / "report.docx", "report.docx")
    document = Document(result)
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [t for s, t in headings if s == "Heading 1"] == [
        "Key figures", "Progress against the results framework", "Narrative", "Activities",
        "Stories from the field", "Acknowledgement"]
    assert ("Heading 2", "Summary") in headings and ("Heading 3", "By district") in headings
    assert any(p.style.name == "Caption" for p in document.paragraphs)
    tables = document.tables
    assert {t.style.name for t in tables} == {"Table Grid"}
    # cover, key figures, progress, activities, and a table per breakdown
    assert len(tables) == 4 + 3
    activities = next(t for t in tables if t.rows[0].cells[0].text == "ID")
    assert [r.cells[0].text for r in activities.rows[1:]] == [a.id for a in figures.activities]
    progress = next(t for t in tables if t.rows[0].cells[0].text == "Level")
    assert len(progress.rows) == 1 + len(figures.indicators.rows)
    described = pictures(result)
    assert len(described) == 2 and all(p["descr"] for p in described)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "{{" not in text and "{%" not in text
    with zipfile.ZipFile(result) as archive:  # real paragraphs, never text boxes
        assert b"txbxContent" not in archive.read("word/document.xml")


def test_two_fillings_with_source_date_epoch_are_byte_identical(sample, tmp_path, monkeypatch):
    project, figures = sample
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = write_report(project, AWARD, PERIOD, figures, None, tmp_path / "a" / "report.docx")
    second = write_report(project, AWARD, PERIOD, figures, None, tmp_path / "b" / "report.docx")
    assert first.read_bytes() == second.read_bytes()
    core = Document(first).core_properties
    assert core.modified.isoformat().startswith("2023-10-05") and core.author == "IOM Lesotho"


# bad templates: every problem named with the template, nothing written ---------------

def problems_of(sample, template: Path, tmp_path) -> list[str]:
    target = tmp_path / "out" / "report.docx"
    with pytest.raises(ContentError) as caught:
        fill(sample, template, target)
    assert not target.exists() and not target.parent.exists()
    return [str(p) for p in caught.value.problems]


def test_a_file_that_is_not_a_zip_is_named_and_nothing_is_written(sample, tmp_path):
    template = tmp_path / "form.docx"
    template.write_text("Quarterly report {{ figures.participants }}")
    assert problems_of(sample, template, tmp_path) == [
        "forms/donor.docx: error: is not a Word document (.docx): it is not a zip file; "
        "open it in Word and save it as a Word Document (.docx)"]


def test_a_zip_that_is_not_a_word_document_is_named(sample, tmp_path):
    template = tmp_path / "form.docx"
    with zipfile.ZipFile(template, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    [problem] = problems_of(sample, template, tmp_path)
    assert "no word/document.xml" in problem and problem.startswith("forms/donor.docx: error:")


def test_a_jinja_syntax_error_names_its_paragraph(sample, tmp_path):
    template = donor_form(tmp_path / "form.docx", body=["People: {{ figures.participants }",
                                                       "Women: {{ figures.female }}"])
    [problem] = problems_of(sample, template, tmp_path)
    assert problem.startswith("forms/donor.docx: error: Jinja syntax error:")
    assert "the paragraph “People: {{ figures.participants }" in problem


def test_unknown_tags_are_named_with_the_closest_name_all_at_once(sample, tmp_path):
    template = donor_form(tmp_path / "form.docx",
                          body=["{{ figures.participantz }}", "{{ figure.female }}", "{{ award.numbr }}"],
                          row=["{{ i.statment }}", "", "", "", ""])
    problems = problems_of(sample, template, tmp_path)
    assert "forms/donor.docx: error: unknown tag 'figure'; did you mean 'figures'?" in problems
    assert any(p.startswith("forms/donor.docx: error: unknown tag 'figures.participantz'; "
                            "did you mean 'figures.participants'?") for p in problems)
    assert any("unknown tag 'award.numbr'; did you mean 'award.number'?" in p for p in problems)
    assert any("unknown tag 'i.statment'; did you mean 'i.statement'?" in p for p in problems)
    assert len(problems) == 4


def test_a_loop_over_a_name_that_is_not_a_list_is_named(sample, tmp_path):
    template = donor_form(tmp_path / "form.docx", body=[], loop="{%tr for i in award %}",
                          row=["{{ i }}", "", "", "", ""])
    [problem] = problems_of(sample, template, tmp_path)
    assert problem.startswith("forms/donor.docx: error: the loop over 'award' in ")
    assert "'award' is not a list (the lists are " in problem and "indicators" in problem


def test_the_sample_context_has_every_name_of_a_real_one(sample):
    """`check` tries templates against the sample: it must name what a build gives, no more."""
    project, figures = sample

    def shape(value):
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items()}
        if isinstance(value, list):  # a list of rows: the names of a row
            return [shape(value[0])] if value and isinstance(value[0], dict) else "list"
        return None

    real = shape(report_context(project, AWARD, PERIOD, figures, None))
    assert shape(sample_context()) == real
    assert template_problems(BUILT_IN, "report.docx", sample_context()) == []


# check: the donor's report_template --------------------------------------------------

def test_check_names_a_missing_template_and_a_templates_unknown_tag(tmp_path, check_root):
    root = make_root_at(tmp_path / "root", {"forms/usaid-form.docx": b""})
    donor_form(root / "forms" / "usaid-form.docx", body=["{{ figures.participantz }}"])
    edit(root, "content/donors.yaml", "  logo: logos/us-state.png\n",
         "  logo: logos/us-state.png\n  report_template: forms/usaid-from.docx\n")
    code, lines, _ = check_root(root)
    assert code == 1
    assert "content/donors.yaml:4: error: report_template 'forms/usaid-from.docx' not found; " \
           "did you mean 'forms/usaid-form.docx'?" in lines
    edit(root, "content/donors.yaml", "usaid-from", "usaid-form")
    code, lines, _ = check_root(root)
    assert code == 1
    assert any(line.startswith("forms/usaid-form.docx: error: unknown tag 'figures.participantz'; "
                               "did you mean 'figures.participants'?") for line in lines), lines


def test_check_accepts_a_good_template_and_refuses_one_outside_the_root(tmp_path, check_root):
    root = make_root_at(tmp_path / "root", {"forms/usaid-form.docx": b""})
    donor_form(root / "forms" / "usaid-form.docx")
    edit(root, "content/donors.yaml", "  logo: logos/us-state.png\n",
         "  logo: logos/us-state.png\n  report_template: forms/usaid-form.docx\n")
    code, lines, _ = check_root(root)
    assert code == 0, lines
    edit(root, "content/donors.yaml", "forms/usaid-form.docx", "../form.docx")
    code, lines, _ = check_root(root)
    assert "content/donors.yaml:4: error: report_template '../form.docx' must be a path inside " \
           "the project folder" in lines


# a reviewer's LibreOffice ---------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_report_docx_to_pdf_without_losing_a_table(sample, tmp_path):
    _, figures = sample
    docx = fill(sample, BUILT_IN, tmp_path / "report.docx", "report.docx")
    profile = tmp_path / "profile"  # its own profile: other LibreOffice runs do not lock it
    result = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                            capture_output=True, text=True, timeout=180,
                            env={**os.environ, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    text = " ".join(poppler("pdftotext", "-layout", str(tmp_path / "report.pdf"), "-").split())
    # a line of every table: the cover, key figures, progress, activities, the breakdowns
    assert "Reporting period 1 April 2023 – 30 June 2023" in text
    assert f"People reached {figures.key.people} {figures.key_to_date.people}" in text
    assert all(row.id in text for row in figures.indicators.rows)
    assert all(row.id in text for row in figures.activities)
    assert text.count("Not counted by sex") >= 3
    for row in figures.by_district:
        assert f"{row.district} {row.activities} " in text
