"""The newsletter edition of a period: print PDF, web page, email and executed notebook.

    check -> notebook (order, figures) -> views -> HTML (print, web, email) -> files -> archive

`Newsletter` is this kind of output as the build engine sees it (kinds.py):
everything about the edition is said here, once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from . import archive, consent, manifest, notebooks, payload, refit, weburl
from .check import load_checked
from .errors import ContentError, Problem
from .outputs import Built, Staging
from .periods import Period
from .project import Project
from .mail import EMAIL_FILES, sender_of
from .render import Media, forget_photo
from .front_page import front_page
from .views import story_view, wording
from .editions import alternates, edition_url, translation_inputs
from .languages import languages_of, localise, main_language

if TYPE_CHECKING:
    from .engine import Settings

NO_WEB_URL = str(Problem(
    "content/site.yaml", None,
    "no web address for the edition (newsletter.web_url, or --web-url): email.html, email.txt "
    "and email.eml link to index.html and images/ relatively, so they cannot be sent as they are",
    "warning"))
NO_SENDER = str(Problem(
    "content/site.yaml", None,
    "no address to send the email from (newsletter.sender, or a contact's email): "
    "email.eml has no From; add one, or your mail client asks for it", "warning"))


@dataclass(frozen=True)
class Newsletter:
    """A period's edition in one language (None: the main one): one per period that has
    stories and language in site.yaml's `languages`."""

    language: str | None = None
    kind: ClassVar[str] = "newsletter"
    notebook: ClassVar[str] = "newsletter"  # notebooks/newsletter.ipynb
    charts: ClassVar[bool] = False  # its notebook draws none: its kernel server skips matplotlib
    files: ClassVar[tuple[str, ...]] = ("newsletter.pdf", "index.html", *EMAIL_FILES,
                                        "newsletter.ipynb", "newsletter.ipynb.html")
    # what a batch says of a period without one: alone, and with other kinds
    absent: ClassVar[str] = "no story is dated in {label} ({title})"
    lacking: ClassVar[str] = "no stories"

    @property
    def name(self) -> str:
        return self.kind if self.language is None else f"{self.kind} ({self.language})"

    @classmethod
    def named(cls, award: str | None = None, language: str | None = None) -> "Newsletter":
        return cls(language)

    @classmethod
    def in_languages(cls, project: Project | None, language: str | None = None) -> list["Newsletter"]:
        """An edition in `language` (--lang), else in each of the office's languages."""
        main = main_language(project)
        chosen = [language] if language else languages_of(project)
        return [cls(None if code == main else code) for code in chosen]

    @classmethod
    def every(cls, project: Project, period: Period, language: str | None = None) -> list["Newsletter"]:
        return cls.in_languages(project, language) if project.stories_in(period) else []

    def folder(self, project: Project, period: Period, out: Path) -> Path:
        """The main language's edition in OUT/newsletter/P/, another's in its LANG/ folder."""
        edition = Path(out) / "newsletter" / period.label
        return edition / self.language if self.language else edition

    def problems(self, project: Project, period: Period) -> list[Problem]:
        """Why the edition cannot be made; none when it can."""
        if project.stories_in(period):
            return []
        return [Problem("content/stories/", None, f"no story is dated in {period.label} "
                                                  f"({period.title}); nothing to publish")]

    def snapshot(self, project: Project, period: Period) -> payload.Snapshot:
        return payload.snapshot(project, period)

    def weight(self, project: Project, period: Period) -> int:
        """Its work against a report's (Report.weight): every story and activity of the period."""
        return 10 * len(project.stories_in(period)) + len(project.activities_in(period))

    def inputs(self, project: Project, period: Period, settings: Settings,
               hasher: manifest.Hasher) -> dict[str, str]:
        """What the edition is made from, beyond what every output is (manifest.common_inputs)."""
        inputs = manifest.story_inputs(project, project.stories_in(period), hasher)
        inputs["activities:snapshot"] = manifest.json_hash(
            self.snapshot(project, period).model_dump(mode="json"))
        language = {"language": self.language} if self.language else {}
        if len(languages_of(project)) > 1:  # its translations, and the others' links (hreflang)
            inputs.update(translation_inputs(project, project.stories_in(period), self.language, hasher))
            language["languages"] = languages_of(project)
        inputs["parameters"] = manifest.json_hash({
            "output": "newsletter", "period": period.label,
            "web_url": self._edition_url(project, period, settings.web_url), **language})
        day = consent.build_day()  # the photos its consents let in today
        inputs.update(consent.fingerprint(project, project.stories_in(period), consent.NEWSLETTER,
                                          day, day))
        return inputs

    def _edition_url(self, project: Project, period: Period, web_url: str | None) -> str | None:
        site = project.site.newsletter.web_url if project.site else None
        return edition_url(weburl.for_edition(web_url or site, period.label), self.language)

    def build(self, settings: Settings) -> Built:
        """Build the edition; `settings.web_url` (or site.yaml's `newsletter.web_url` pattern)
        is where index.html will be published, so the email can link to it and show its
        images. Without one the email's links are relative, and the build says so."""
        root, period = settings.root, settings.period
        project, problems = load_checked(root)
        if missing := self.problems(project, period):
            raise ContentError(missing)
        project = localise(project, self.language)
        edition_url = self._edition_url(project, period, settings.web_url)
        folder = self.folder(project, period, settings.out)
        with Staging(folder) as stage:
            # One reading for every output: the notebook counts from what this build read.
            notebook = notebooks.start(self.notebook, {"root": str(root.resolve()),
                                                       "period": period.label},
                                       stage, "newsletter.ipynb", self.snapshot(project, period),
                                       payload.NewsletterPayload)
            from .publish import publish  # WeasyPrint loads while the kernel counts

            figures = notebook.result()
            web, pdf_warnings = publish(project, "newsletter.html.j2",
                                        lambda media, moves={}: {
                                            **context(project, period, figures, media, moves),
                                            "alternates": alternates(project, self.language, edition_url)},
                                        stage, settings.cache, pdf="newsletter.pdf", html="index.html",
                                        media=("print", "web", "email"), web_url=edition_url,
                                        refit=(refit.BAND_MM, refit.LIMIT_MM))
            archive.record(stage, web, max(s.date for s in project.stories_in(period)))
        archive.write_archive(settings.out / "newsletter", project, root, self.language)
        warnings = ([] if edition_url else [NO_WEB_URL]) + \
            ([] if sender_of(project.site) else [NO_SENDER])
        day = consent.build_day()
        warnings += [str(p) for p in consent.held(project, project.stories_in(period),
                                                  consent.NEWSLETTER, day, day)]
        for file in consent.withdrawn_photos(project, project.stories_in(period), day):
            forget_photo(root, settings.cache, file)
        return Built(folder, [folder / name for name in self.files],
                     [str(p) for p in problems] + pdf_warnings + warnings)


def context(project: Project, period: Period, figures: payload.NewsletterPayload,
            media: Media, moves: Mapping[str, int] = {}) -> dict:
    """What the edition's template is given: the build's, and the preview's (serve.py);
    `moves`: photos and quotes the print edition sets further down (refit.py)."""
    by_slug = {s.slug: s for s in project.stories}
    # each medium (print, web, email) shows only the photos its consents cover today
    day = consent.build_day()
    stories = [story_view(project, consent.gated(project.consent, by_slug[slug], media.name, day, day),
                          media, moves, language=project.site.language) for slug in figures.stories]
    numbers = figures.numbers.model_dump()
    return {
        "site": project.site,
        "edition": period,
        "office_logo": media.logo(project.site.logo) if project.site.logo else None,
        "stories": stories,
        "front": front_page(stories, moves),  # print: page 1 (the lead story's opening) and the rest
        "numbers": numbers,
        "district_count": len(numbers["districts"]),
        "donors": _donors(project, [by_slug[s] for s in figures.stories], media),
    }


def _donors(project: Project, stories, media: Media) -> list[dict]:
    """The donors funding the edition's stories, once each, with their logos."""
    names: dict[str, dict] = {}
    for story in stories:
        for number in project.awards_of(story):
            item = wording(project, number)
            if item.donor not in names:
                names[item.donor] = {"name": item.donor,
                                     "logo": media.logo(item.logo) if item.logo else None}
    return list(names.values())
