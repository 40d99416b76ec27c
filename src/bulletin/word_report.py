"""report.docx: a Word template filled with the report's context (docxtpl).

The template is the donor's own form (donors.yaml `report_template`) or the
built-in templates/report.docx (made by scripts/make_report_docx.py). Every
tag is checked first (word_template.template_problems); a problem found then,
or while filling, is a ContentError naming the template and what is wrong, and
nothing is written.

Charts go in as pictures with their text alternative (the picture's
description, which Word and screen readers show as alt text). The file is
dated `outputs.build_time(issued)` (its zip entries and its core properties),
so a rebuild with SOURCE_DATE_EPOCH gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateError

from .errors import ContentError, Problem
from .outputs import build_time, write
from .resources import TEMPLATES
from .word_charts import Picture
from .word_template import environment, template_problems

BUILT_IN = TEMPLATES / "report.docx"
FILE = "report.docx"


def write_report_docx(template: Path, name: str, context: dict, target: Path, when: datetime,
                      language: str | None = None) -> Path:
    """Fill `template` (named `name` in errors) with `context`; write it to `target`.
    `language`: the report's, when not the office's main one (Word's spelling and
    hyphenation follow it)."""
    problems = template_problems(template, name, context)
    if problems:
        raise ContentError(problems)
    document = DocxTemplate(template)
    document.init_docx()
    values = {**context, "charts": {key: _DescribedImage(document, value) if isinstance(value, Picture) else value
                                    for key, value in context["charts"].items()}}
    try:
        document.render(values, environment(), autoescape=True)
    except (TemplateError, TypeError, ValueError) as exc:  # what the check could not foresee
        raise ContentError([Problem(name, None, f"cannot be filled: {exc}")]) from None
    core = document.docx.core_properties
    core.author = core.last_modified_by = context["office"]
    core.created = core.modified = when
    if language:
        core.language = language
        _text_language(document.docx, language)
    buffer = io.BytesIO()
    document.save(buffer)
    return write(target, _dated(buffer.getvalue(), when))


class _DescribedImage(InlineImage):
    """A docxtpl image whose picture has a description: Word's alt text."""

    def __init__(self, document: DocxTemplate, picture: Picture):
        super().__init__(document, io.BytesIO(picture.png), width=Mm(picture.width_mm))
        self.alt = picture.alt

    def _insert_image(self) -> str:
        # docxtpl's own, with the description set on the drawing's properties
        inline = self.tpl.current_rendering_part.new_pic_inline(self.image_descriptor, self.width,
                                                                self.height)
        inline.docPr.set("descr", self.alt)
        return ("</w:t></w:r><w:r><w:drawing>%s</w:drawing></w:r><w:r>"
                '<w:t xml:space="preserve">' % inline.xml)


def _text_language(docx, language: str) -> None:
    """The language Word proofs and hyphenates the text in: the styles' default."""
    from docx.oxml.ns import qn

    defaults = docx.styles.element.find(qn("w:docDefaults"))
    for lang in ([] if defaults is None else defaults.iter(qn("w:lang"))):
        lang.set(qn("w:val"), language)


def _dated(docx: bytes, when: datetime) -> bytes:
    """The document with every zip entry dated `when` (python-docx stamps them now)."""
    out = io.BytesIO()
    stamp = max(when, datetime(1980, 1, 1)).timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(docx)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()


def template_of(project, award: str) -> tuple[Path, str]:
    """The award's Word template and its name in messages: the donor's own form
    (`report_template` in donors.yaml, a path under the root) or the built-in one."""
    donor = project.donors[project.awards[award].donor]
    if donor.report_template:
        return project.root / donor.report_template, donor.report_template
    return BUILT_IN, "the built-in template report.docx"


def write_report(project, award: str, period, figures, issued, target: Path, *,
                 final: bool = False, language: str = "en") -> Path:
    """`award`'s report.docx of `period` from the notebook's `figures` (payload.ReportPayload),
    its dates, tables' titles and charts' words in `language`."""
    from .word_charts import report_charts
    from .word_context import report_context

    from .locales import Language

    language = Language(language, project.root)  # the office's catalog, if it has one
    context = report_context(project, award, period, figures, issued, final=final,
                             charts=report_charts(figures, language), language=language)
    template, name = template_of(project, award)
    site = project.site
    language = site.language if site.languages and site.language != site.languages[0] else None
    return write_report_docx(template, name, context, target, build_time(issued), language)
