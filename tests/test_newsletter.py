"""`build.py newsletter`: the print PDF, web page and executed notebook of an edition.

Every root is built once per module (a build runs a notebook kernel and
WeasyPrint) and many things are asserted on the result. What the PDF must say
is computed here from the content files with yaml and csv alone, never with
bulletin's own loaders, so a wrong figure or sentence cannot hide behind the
same mistake on both sides.
"""

from __future__ import annotations

import csv
import datetime
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from multiprocessing import get_context
from pathlib import Path

import nbformat
import numpy as np
import pytest
import yaml
from PIL import Image

from conftest import (
    CrashingHTML,
    STORY_CLINIC,
    STORY_REFERRAL,
    image_bytes,
    make_root_at,
    normalise,
    pdf_page_texts,
    pdf_pages,
    poppler,
    run_main,
)
from photos import BLUE, GREEN, RED, close_to, make_photo, samples

REPO = Path(__file__).resolve().parents[1]


# --- reading a root's content independently of bulletin ---------------------

def load_yaml(root: Path, name: str):
    return in_main_language(yaml.safe_load((root / "content" / name).read_text(encoding="utf-8")))


def in_main_language(value, main: str = "en"):
    """A text given per language ({en: ..., fr: ...}, content-format.md "Languages") as the
    main language's edition prints it."""
    if isinstance(value, dict):
        if main in value and all(re.fullmatch(r"[a-z]{2,3}", str(k)) for k in value):
            return in_main_language(value[main], main)
        return {k: in_main_language(v, main) for k, v in value.items()}
    return [in_main_language(v, main) for v in value] if isinstance(value, list) else value


@dataclass
class StoryFile:
    slug: str
    meta: dict
    body: str

    @property
    def title(self) -> str:
        return self.meta["title"]

    @property
    def date(self) -> datetime.date:
        return self.meta["date"]


def read_stories(root: Path) -> list[StoryFile]:
    stories = []
    for path in sorted((root / "content" / "stories").glob("*.md")):
        if "." in path.stem:  # a translation (NAME.fr.md), not a story
            continue
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        stories.append(StoryFile(path.stem, yaml.safe_load(front), body))
    return stories


def read_activities(root: Path) -> list[dict[str, str]]:
    with open(root / "content" / "activities.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def in_period(day: datetime.date, period: tuple[datetime.date, datetime.date]) -> bool:
    return period[0] <= day <= period[1]


def edition_stories(root: Path, period) -> list[StoryFile]:
    """The period's stories in print order: the featured one first, then by date."""
    chosen = [s for s in read_stories(root) if in_period(s.date, period)]
    return sorted(chosen, key=lambda s: (not s.meta.get("featured", False), s.date, s.title))


def split(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def awards_of(root: Path, story: StoryFile) -> list[str]:
    """Award numbers named by the story or by the activities linked to it (from either side)."""
    awards = load_yaml(root, "awards.yaml")
    numbers = list(story.meta.get("awards") or [])
    linked = set(story.meta.get("activities") or [])
    for row in read_activities(root):
        if row["id"] in linked or row.get("story", "").strip() == story.slug:
            numbers += split(row["award"])
    return [n for n in dict.fromkeys(numbers) if n in awards]


def sentences(root: Path, number: str) -> list[str]:
    """The acknowledgement (and disclaimer) a donor requires for one award, filled in."""
    award = load_yaml(root, "awards.yaml")[number]
    donor = load_yaml(root, "donors.yaml")[award["donor"]]
    fill = {"donor": donor["name"], "award": number, "project": award["project"]}
    return [donor[key].format(**fill) for key in ("acknowledgement", "disclaimer") if donor.get(key)]


def all_sentences(root: Path) -> set[str]:
    return {s for number in load_yaml(root, "awards.yaml") for s in sentences(root, number)}


def printed_credit(root: Path, story: StoryFile, credit: str) -> str:
    text = credit.removeprefix("©").strip()
    # a credit naming an organisation (an acronym) or a year is printed as written
    if "/" not in text and not re.search(r"\b[A-Z]{2,}\b|\b\d{4}\b", text):
        text = load_yaml(root, "site.yaml")["default_credit"].format(year=story.date.year, photographer=text)
    return f"© {text}"


def district_index(root: Path) -> dict[str, str]:
    index = {}
    for name, district in load_yaml(root, "places.yaml")["districts"].items():
        district = district or {}
        for spelling in (name, *district.get("aliases", []), *district.get("towns", [])):
            index[spelling.casefold()] = name
    return index


def expected_numbers(root: Path, period) -> dict:
    """The "In numbers" panel, from activities.csv: people are `participants`, or
    female + male where only the split is given; female and male are summed over
    the rows that have both."""
    rows = [r for r in read_activities(root) if in_period(datetime.date.fromisoformat(r["start"]), period)]
    number = lambda cell: int(cell) if cell and cell.strip() else None  # noqa: E731
    people = female = male = not_split = 0
    for row in rows:
        total, f, m = number(row["participants"]), number(row["female"]), number(row["male"])
        has_split = f is not None and m is not None
        reached = total if total is not None else (f + m if has_split else None)
        people += reached or 0
        if has_split:
            female, male = female + f, male + m
        elif reached is not None:
            not_split += reached
    index = district_index(root)
    districts = sorted({index[p.casefold()] for r in rows for p in split(r["district"])})
    themes = load_yaml(root, "site.yaml")["themes"]
    by_theme = Counter(themes[r["theme"]] for r in rows)
    return {"activities": len(rows), "people": people, "female": female, "male": male,
            "not_split": not_split, "districts": districts, "themes": by_theme}


# --- building and reading an edition ----------------------------------------

@dataclass
class Edition:
    root: Path
    out: Path
    folder: Path
    code: int
    stdout: str
    stderr: str

    @property
    def pdf(self) -> Path:
        return self.folder / "newsletter.pdf"

    @property
    def html(self) -> str:
        return (self.folder / "index.html").read_text(encoding="utf-8")

    def pages(self) -> list[str]:
        """Each page's text with the running header and page number cropped away."""
        if not hasattr(self, "_pages"):
            self._pages = pdf_page_texts(self.pdf, body_only=True)
        return self._pages

    def text(self) -> str:
        return normalise("\n".join(self.pages()))

    def stories_text(self) -> str:
        """Where the stories are printed: from the lead story's opening on page 1 (which
        follows the masthead; the contents panel beside it comes first) to the end."""
        title = load_yaml(self.root, "site.yaml")["newsletter"]["title"]
        front = normalise(self.pages()[0])
        # the masthead's title, not the running header's copy ("Title · Period")
        masthead = [m.end() for m in re.finditer(re.escape(title) + r"(?! ·)", front)]
        front = front[masthead[-1]:] if masthead else ""
        return normalise("\n".join([front, *self.pages()[1:]]))


def build(root: Path, period: str, out: Path, *extra) -> Edition:
    code, stdout, stderr = run_main("newsletter", "--period", period, "--root", root, "--out", out, *extra)
    return Edition(Path(root), Path(out), Path(out) / "newsletter" / period, code, stdout, stderr)


class Page(HTMLParser):
    """The tags of a page with their attributes and text, and its <style> text."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self.texts: dict[int, list[str]] = {}
        self._open: list[int] = []
        self._in_style = False
        self._in_body = False
        self.style_in_body = False
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "body":
            self._in_body = True
        if tag == "style":
            self._in_style = True
            self.style_in_body |= self._in_body
        if tag not in ("img", "br", "meta", "link", "hr", "input"):
            self._open.append(len(self.tags) - 1)

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False
        for i in range(len(self._open) - 1, -1, -1):
            if self.tags[self._open[i]][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)
        for i in self._open:
            self.texts.setdefault(i, []).append(data)

    def all(self, tag: str, cls: str | None = None) -> list[tuple[dict, str]]:
        """(attributes, whitespace-normalised text) of each `tag` (with class `cls`)."""
        found = []
        for i, (name, attrs) in enumerate(self.tags):
            if name == tag and (cls is None or cls in (attrs.get("class") or "").split()):
                found.append((attrs, " ".join("".join(self.texts.get(i, [])).split())))
        return found

    @property
    def names(self) -> set[str]:
        return {name for name, _ in self.tags}

    def css_urls(self) -> list[str]:
        return re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", "\n".join(self.styles))


def positions(text: str, needles: list[str]) -> list[int]:
    found = []
    for needle in needles:
        at = text.find(needle)
        assert at >= 0, f"{needle!r} is not printed"
        found.append(at)
    return found


def story_segments(edition: Edition, stories: list[StoryFile], end_marker: str) -> dict[str, str]:
    """The printed text of each story: from its headline to the next story's (or the back page)."""
    text = edition.stories_text()
    starts = positions(text, [s.title for s in stories])
    assert starts == sorted(starts), "stories are not printed in order"
    end = text.find(end_marker)
    assert end > starts[-1]
    bounds = [*starts[1:], end]
    return {s.slug: text[a:b] for s, a, b in zip(stories, starts, bounds)}


def page_ink(pdf: Path, tmp: Path) -> list[float]:
    """The share of non-white pixels in the text area of each page (the running
    header and page number, in the margins, left out), rendered small in grey."""
    tmp.mkdir(parents=True, exist_ok=True)
    poppler("pdftoppm", "-r", 20, "-gray", pdf, tmp / "page")
    top, bottom = round(20 / 25.4 * 20), round(18 / 25.4 * 20)  # print.css margins at 20 dpi
    shares = []
    for path in sorted(tmp.glob("page-*.pgm")):
        with Image.open(path) as img:
            pixels = np.asarray(img)[top:-bottom]
        shares.append(float((pixels < 240).mean()))
    return shares


def assert_no_blank_page(pdf: Path, tmp: Path) -> None:
    ink = page_ink(pdf, tmp)
    assert len(ink) == pdf_pages(pdf)
    # a single line of text is about 0.6 %; an empty text area is 0
    blank = [i + 1 for i, share in enumerate(ink) if share < 0.005]
    assert blank == [], f"pages {blank} are blank: {[round(s, 4) for s in ink]}"


def pdf_fonts(pdf: Path) -> list[tuple[str, str]]:
    """(name, emb) of each font pdffonts lists."""
    lines = poppler("pdffonts", pdf).splitlines()
    at = lines[0].index("emb")
    return [(line.split()[0], line[at:at + 3].strip()) for line in lines[2:] if line.strip()]


def attachments(pdf: Path) -> int:
    first = poppler("pdfdetach", "-list", pdf).splitlines()[0]
    assert first.endswith("embedded files"), first
    return int(first.split()[0])


def hidden_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.name.startswith("."))


def not_counted_by_sex(page: str) -> int | None:
    """The number in "N of the people reached were not counted by sex", as printed."""
    for line in page.splitlines():
        if " of the people reached were not" in line:
            return int(re.sub(r"\D", "", line.split(" of the people")[0]))
    return None


def front_numbers(page: str) -> dict:
    """The figures of the front page's "In numbers" panel, as printed."""
    lines = [line.strip() for line in page.splitlines()]
    digits = lambda text: int(re.sub(r"\D", "", text))  # noqa: E731 - "1 598" (thin space) is 1598
    after = lambda label: lines[lines.index(label) + 1]  # noqa: E731
    split_line = re.fullmatch(r"(.+) women and girls · (.+) men and boys",
                              lines[lines.index("people reached") + 2])
    assert split_line, lines
    return {
        "activities": digits(after("activities held")),
        "people": digits(after("people reached")),
        "female": digits(split_line[1]),
        "male": digits(split_line[2]),
        "districts": digits(after("districts reached")),
    }


Q2 = (datetime.date(2023, 4, 1), datetime.date(2023, 6, 30))


# =============================================================================
# 1-2. The sample content, 2023-Q2
# =============================================================================

@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Edition:
    edition = build(REPO, "2023-Q2", tmp_path_factory.mktemp("sample") / "out")
    assert edition.code == 0, edition.stderr
    return edition


@pytest.fixture(scope="module")
def q2() -> list[StoryFile]:
    stories = edition_stories(REPO, Q2)
    assert len(stories) >= 3  # the sample content has an edition worth testing
    return stories


def test_sample_builds_the_outputs(sample):
    # cli-contract.md: print, web, email (HTML and text) and the executed notebook
    for name in ("newsletter.pdf", "index.html", "email.html", "email.txt", "email.eml", "newsletter.ipynb"):
        path = sample.folder / name
        assert path.is_file() and path.stat().st_size > 0, name
        assert str(path) in sample.stdout  # the CLI names what it made
    assert sample.pdf.read_bytes().startswith(b"%PDF-")
    assert "error" not in sample.stderr


def test_sample_builds_without_warnings(sample):
    """The sample content is clean: a build warns only of the two photos its consent register
    holds back (content/consent.csv: one consent withdrawn, one for print only)."""
    assert sample.stderr.splitlines() == [
        "content/stories/2023-04-referral-committees.md:17: warning: photo "
        "'2023/tip-mohales-hoek.jpg' is left out of the newsletter PDF, web edition and email: "
        "consent C-2023-004 withdrawn on 2023-07-10",
        "content/stories/2023-05-pre-departure-orientation.md:11: warning: photo "
        "'2023/labour-maputsoe-orientation.jpg' is left out of the web edition and email: "
        "consent C-2023-008 covers only print"]


def test_sample_pdf_prints_the_edition_and_every_story(sample, q2):
    text = sample.text()
    assert "April–June 2023" in text
    assert load_yaml(REPO, "site.yaml")["newsletter"]["title"] in text
    for story in q2:
        assert story.title in text, story.title
    # no story of another quarter slips in
    for story in read_stories(REPO):
        if not in_period(story.date, Q2):
            assert story.title not in text, story.title


# The sample's photos its consent register holds back (content/consent.csv): one consent
# withdrawn (out of every output), one for print only (out of the web page and the email).
WITHDRAWN = {"2023/tip-mohales-hoek.jpg"}
PRINT_ONLY = {"2023/labour-maputsoe-orientation.jpg"}


def test_sample_pdf_prints_every_caption_with_its_credit(sample, q2):
    text = sample.text()
    for story in q2:
        for photo in story.meta.get("photos", []):
            credit = printed_credit(REPO, story, photo["credit"])
            printed = f"{photo['caption']} {credit}" in text
            assert printed == (photo["file"] not in WITHDRAWN), (photo["caption"], credit)


def test_sample_stories_are_printed_featured_first_then_by_date(sample, q2):
    assert q2[0].meta.get("featured") is True
    dates = [s.date for s in q2[1:]]
    assert dates == sorted(dates)
    # the contents list on the front page, and the stories themselves
    front = normalise(sample.pages()[0])
    starts = positions(front, [s.title for s in q2])
    assert starts == sorted(starts)
    story_segments(sample, q2, "Our priorities")  # asserts the printed order


def test_sample_pdf_prints_the_exact_donor_wording_after_each_story(sample, q2):
    segments = story_segments(sample, q2, "Our priorities")
    every = all_sentences(REPO)
    funded = unfunded = 0
    for story in q2:
        numbers = awards_of(REPO, story)
        expected = [s for n in numbers for s in sentences(REPO, n)]
        segment = segments[story.slug]
        for sentence in expected:
            assert sentence in segment, (story.slug, sentence)
        if numbers:
            funded += 1
        else:
            unfunded += 1
            printed = [s for s in every if s in segment]
            assert printed == [], (story.slug, printed)
            assert "Award No." not in segment
    assert funded and unfunded  # the sample has both kinds in 2023-Q2


def test_sample_wording_includes_awards_reached_through_activities(sample, q2):
    """A story naming no award gets the wording of its activities' awards."""
    segments = story_segments(sample, q2, "Our priorities")
    through_activities = [s for s in q2 if not s.meta.get("awards") and awards_of(REPO, s)]
    assert through_activities, "the sample has such a story in 2023-Q2"
    for story in through_activities:
        for number in awards_of(REPO, story):
            for sentence in sentences(REPO, number):
                assert sentence in segments[story.slug], (story.slug, sentence)


def test_sample_pdf_page_count_and_no_blank_page(sample, tmp_path):
    pages = pdf_pages(sample.pdf)
    assert 4 <= pages <= 30, pages
    assert_no_blank_page(sample.pdf, tmp_path / "pages")


def test_sample_back_page_has_priorities_and_contacts(sample):
    # the back page may begin at the foot of the page before, after the last story
    back = normalise(" ".join(sample.pages()[-2:]))
    back = back[back.index("Our priorities"):]
    site = load_yaml(REPO, "site.yaml")
    assert "Our priorities" in back
    for priority in site["newsletter"]["priorities"]:
        assert priority in back, priority
    assert "Contact us" in back
    for contact in site["contacts"]:
        assert f"{contact['role']} {contact['email']}" in back, contact
    assert site["newsletter"]["slogan"] in back
    # the donors of the edition are thanked by name
    assert site["newsletter"]["thanks"] in back


def test_sample_fonts_are_embedded_noto(sample):
    fonts = pdf_fonts(sample.pdf)
    assert fonts
    for name, emb in fonts:
        assert name.split("+")[-1].startswith("Noto"), name
        assert emb == "yes", name


def test_sample_notebook_is_executed_with_its_parameters(sample):
    nb = nbformat.read(sample.folder / "newsletter.ipynb", as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    injected = [c for c in code if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert re.search(r"""period = ["']2023-Q2["']""", injected[0].source)
    assert str(REPO) in injected[0].source
    assert all(c.get("execution_count") for c in code)
    assert sum(len(c.outputs) for c in code) >= 3
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert nb.metadata["papermill"]["parameters"]["period"] == "2023-Q2"


def test_sample_web_page_is_self_contained(sample):
    page = Page(sample.html)
    images = page.all("img")
    assert images
    for attrs, _ in images:
        src = attrs["src"]
        assert not src.startswith(("file:", "/")) and "://" not in src, src
        assert (sample.folder / src).is_file(), src
        assert attrs.get("alt"), src
    for name, attrs in page.tags:
        for key in ("src", "href"):
            value = attrs.get(key)
            if value is not None:
                assert not value.lower().startswith("file:") and not value.startswith("/"), (name, value)
    urls = page.css_urls()
    assert urls, "the fonts are named in the page's CSS"
    for url in urls:
        assert not url.startswith(("file:", "/")) and "://" not in url, url
        assert (sample.folder / url).is_file(), url
    assert str(REPO) not in sample.html  # no absolute path of the build machine


def test_sample_web_page_has_the_stories_in_order_with_alt_texts(sample, q2):
    page = Page(sample.html)
    assert [t for _, t in page.all("h2", "headline")] == [s.title for s in q2]
    assert [t for _, t in page.all("strong", "title")] == [s.title for s in q2]
    ids = {attrs.get("id") for _, attrs in page.tags}
    for attrs, _ in page.all("a"):
        if attrs.get("href", "").startswith("#"):
            assert attrs["href"][1:] in ids, attrs["href"]
    alts = {attrs.get("alt") for attrs, _ in page.all("img")}
    for story in q2:
        for photo in story.meta.get("photos", []):
            shown = photo["file"] not in WITHDRAWN | PRINT_ONLY
            assert (photo["alt"] in alts) == shown, photo["alt"]
    assert "April–June 2023" in sample.html


def test_sample_web_page_wording_follows_the_right_stories(sample, q2):
    page = Page(sample.html)
    articles = {attrs["id"]: text for attrs, text in page.all("article")}
    assert list(articles) == [s.slug for s in q2]
    for story in q2:
        expected = [s for n in awards_of(REPO, story) for s in sentences(REPO, n)]
        for sentence in expected:
            assert sentence in articles[story.slug], (story.slug, sentence)
        if not expected:
            assert not any(s in articles[story.slug] for s in all_sentences(REPO)), story.slug
    wording = page.all("aside", "wording")
    assert len(wording) == sum(1 for s in q2 if awards_of(REPO, s))


def test_sample_in_numbers_match_the_activities(sample):
    expected = expected_numbers(REPO, Q2)
    assert front_numbers(sample.pages()[0]) == {
        "activities": expected["activities"],
        "people": expected["people"],
        "female": expected["female"],
        "male": expected["male"],
        "districts": len(expected["districts"]),
    }
    front = normalise(sample.pages()[0])
    assert ", ".join(expected["districts"]) in front
    for theme, count in expected["themes"].items():
        assert f"{theme} {count}" in front, (theme, count)
    assert expected["not_split"]  # the sample has people not counted by sex in 2023-Q2
    assert not_counted_by_sex(sample.pages()[0]) == expected["not_split"]


def test_sample_build_leaves_no_temporary_files(sample):
    assert hidden_files(sample.folder) == []
    cache = sample.out / ".cache"
    assert [p for p in cache.rglob(".*")] == []


# =============================================================================
# 3. Camera-size photos: 8 stories in one quarter, 2-3 photos each
# =============================================================================

Q4 = (datetime.date(2023, 10, 1), datetime.date(2023, 12, 31))

# (story number, date, theme, places, featured, awards, [(size, orientation), ...])
LANDSCAPE, PORTRAIT = (4000, 3000), (3000, 4000)
CAMERA_STORIES = [
    (1, "2023-10-02", "tip", "[Thaba Tseka]", False, "[SSITIP20GR0006]",
     [(LANDSCAPE, None), (LANDSCAPE, 6), (LANDSCAPE, None)]),
    (2, "2023-10-09", "health", "[Sehlabathebe]", False, None, [(LANDSCAPE, 6), (LANDSCAPE, None)]),
    (3, "2023-10-16", "labour", "[Maseru Bridge]", False, None, [(PORTRAIT, 6), (LANDSCAPE, None)]),
    (4, "2023-10-23", "tip", "[Hlotse, Roma]", True, "[SSITIP20GR0006, NL-MHP-2022-017]",
     [(LANDSCAPE, None), (LANDSCAPE, 6), (LANDSCAPE, None)]),
    (5, "2023-11-06", "health", "[Maseru]", False, None, [(LANDSCAPE, None), (LANDSCAPE, 6)]),
    (6, "2023-11-13", "labour", "[Maputsoe]", False, None, [(LANDSCAPE, 6), (LANDSCAPE, None)]),
    (7, "2023-11-27", "tip", "[Qachas Nek]", False, None, [(LANDSCAPE, None), (LANDSCAPE, None)]),
    (8, "2023-12-04", "health", "[Maseru]", False, "[NL-MHP-2022-017]", [(LANDSCAPE, 6), (LANDSCAPE, None)]),
]

# One row only splits by sex (no participants), one gives no split, one gives
# nothing, one is outside the quarter; CAM-002 links story 2 from its side.
CAMERA_ACTIVITIES = """\
id,title,start,end,district,theme,award,type,participants,female,male,partners,story
CAM-001,Referral training,2023-10-02,2023-10-04,Thaba Tseka,tip,SSITIP20GR0006,training,30,18,12,,cam-1
CAM-002,Clinic outreach,2023-10-09,2023-10-11,Sehlabathebe,health,NL-MHP-2022-017,screening,,40,25,,cam-2
CAM-003,Recruitment dialogue,2023-10-16,,Maseru Bridge,labour,,dialogue,55,,,,
CAM-004,Survivor workshop,2023-10-23,,Hlotse;Roma,tip,SSITIP20GR0006;NL-MHP-2022-017,workshop,20,9,11,,cam-4
CAM-005,Clinic visit,2023-11-06,,Maseru,health,,visit,,,,,
CAM-006,Health meeting,2023-12-04,,Qachas Nek,health,NL-MHP-2022-017,meeting,12,7,5,,
CAM-007,Next year's training,2024-01-10,,Maseru,tip,SSITIP20GR0006,training,999,500,499,,
"""


def camera_story(number, date, theme, places, featured, awards, photos) -> str:
    lines = ["---", f"title: Camera story {number} – life in the {theme} programme",
             f"date: {date}", f"theme: {theme}", f"places: {places}"]
    if featured:
        lines.append("featured: true")
    if awards:
        lines.append(f"awards: {awards}")
    lines.append(f"summary: The summary of camera story {number}.")
    lines.append("photos:")
    for k, (size, orientation) in enumerate(photos, start=1):
        # story 7's second photo has a bare name, printed with the site's default credit
        credit = "Jane Doe" if (number, k) == (7, 2) else f"IOM 2023/Photographer {number}{k}"
        lines += [f"  - file: camera/story{number}-{k}.jpg",
                  f"    caption: Caption of photo {k} of camera story {number}, taken in the field.",
                  f"    credit: {credit}",
                  f"    alt: Alt text of photo {k} of camera story {number}.",
                  "    people: crowd"]
    lines.append("---")
    paragraphs = [f"Paragraph {p} of camera story {number}. " + "The day went well and many people came. " * 6
                  for p in range(1, 5)]
    return "\n".join(lines) + "\n\n" + "\n\n## A subheading\n\n".join(paragraphs[:2]) + "\n\n" + \
        "\n\n".join(paragraphs[2:]) + "\n"


def _make_camera_photo(args):
    path, size, orientation, seed = args
    make_photo(Path(path), size, orientation=orientation, seed=seed)
    return path


@pytest.fixture(scope="module")
def camera(tmp_path_factory):
    """(first build, second build with the same cache, cache snapshot between them)."""
    top = tmp_path_factory.mktemp("camera")
    files = {"content/stories/referral-committees.md": None, "content/stories/mobile-clinic.md": None,
             "content/activities.csv": CAMERA_ACTIVITIES}
    for story in CAMERA_STORIES:
        files[f"content/stories/cam-{story[0]}.md"] = camera_story(*story)
    root = make_root_at(top / "root", files)
    jobs = [(str(root / "images" / "camera" / f"story{n}-{k}.jpg"), size, orientation, 10 * n + k)
            for n, *_, photos in CAMERA_STORIES for k, (size, orientation) in enumerate(photos, start=1)]
    # 12 Mpx noisy JPEGs take a while to make: make them on every core
    workers = max(1, min(4, os.cpu_count() or 1))
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        list(pool.map(_make_camera_photo, jobs))
    out = top / "out"
    first = build(root, "2023-Q4", out)
    assert first.code == 0, first.stderr
    cache = out / ".cache"
    before = snapshot(cache)
    first_pdf = first.pdf.read_bytes()
    second = build(root, "2023-Q4", out)
    return {"first": first, "second": second, "before": before, "after": snapshot(cache),
            "first_pdf": first_pdf, "photos": [Path(j[0]) for j in jobs]}


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in folder.rglob("*") if p.is_file()}


def test_camera_photos_are_camera_size(camera):
    photos = camera["photos"]
    assert len(photos) == sum(len(s[-1]) for s in CAMERA_STORIES) >= 16
    for path in photos:
        assert path.stat().st_size > 2_500_000, path  # the PDF cannot just hold the originals
        with Image.open(path) as img:
            assert max(img.size) == 4000


def test_camera_pdf_is_small(camera):
    size = camera["first"].pdf.stat().st_size
    assert size < 2_500_000, f"{size / 1e6:.2f} MB"


def test_camera_pdf_has_no_blank_page(camera, tmp_path):
    assert 5 <= pdf_pages(camera["first"].pdf) <= 30
    assert_no_blank_page(camera["first"].pdf, tmp_path / "pages")


def test_camera_every_photo_is_embedded_upright(camera, tmp_path):
    pdf = camera["first"].pdf
    rows = [line.split() for line in poppler("pdfimages", "-list", pdf).splitlines()[2:] if line.strip()]
    photos = [r for r in rows if r[2] == "image" and r[8] == "jpeg"]
    assert len(photos) == len(camera["photos"]), rows  # each photo once, logos (PNG) aside
    poppler("pdfimages", "-j", pdf, tmp_path / "img")
    portraits = 0
    for row in photos:
        (path,) = tmp_path.glob(f"img-{int(row[1]):03d}.*")
        with Image.open(path) as img:
            img.load()
            assert img.width <= 1200, img.size  # scaled down for print
            colours = samples(img)
            portraits += img.height > img.width
        assert close_to(colours["top"], RED, 60), (path.name, colours)
        assert close_to(colours["bottom"], BLUE, 60), (path.name, colours)
        assert close_to(colours["corner"], GREEN, 60), (path.name, colours)  # not mirrored
    assert portraits == 1


def test_camera_web_photos_are_upright(camera):
    edition = camera["first"]
    page = Page(edition.html)
    photos = [attrs for attrs, _ in page.all("img") if attrs["src"].endswith(".jpg")]
    assert len(photos) == len(camera["photos"])
    for attrs in photos:
        with Image.open(edition.folder / attrs["src"]) as img:
            img.load()
            assert (img.width, img.height) == (int(attrs["width"]), int(attrs["height"]))
            colours = samples(img)
        assert close_to(colours["top"], RED, 60) and close_to(colours["bottom"], BLUE, 60), colours
        assert close_to(colours["corner"], GREEN, 60), colours


def test_camera_pdf_prints_every_title_caption_and_credit(camera):
    edition = camera["first"]
    root = edition.root
    stories = edition_stories(root, Q4)
    assert len(stories) == 8
    text = edition.text()
    for story in stories:
        assert story.title in text
        for photo in story.meta["photos"]:
            credit = printed_credit(root, story, photo["credit"])
            assert f"{photo['caption']} {credit}" in text, (photo["caption"], credit)
    assert "© IOM 2023/Jane Doe" in text
    segments = story_segments(edition, stories, "Our priorities")
    assert stories[0].slug == "cam-4"  # the featured story leads
    for story in stories:
        expected = [s for n in awards_of(root, story) for s in sentences(root, n)]
        for sentence in expected:
            assert sentence in segments[story.slug], (story.slug, sentence)
        if not expected:
            assert not any(s in segments[story.slug] for s in all_sentences(root)), story.slug
    assert awards_of(root, stories[2]) == ["NL-MHP-2022-017"]  # cam-2, through its activity


def test_camera_in_numbers_count_the_split_when_participants_are_missing(camera):
    edition = camera["first"]
    expected = expected_numbers(edition.root, Q4)
    assert expected["people"] == 30 + (40 + 25) + 55 + 20 + 12  # the data are what this test means
    assert front_numbers(edition.pages()[0]) == {
        "activities": expected["activities"],
        "people": expected["people"],
        "female": expected["female"],
        "male": expected["male"],
        "districts": len(expected["districts"]),
    }
    front = normalise(edition.pages()[0])
    assert ", ".join(expected["districts"]) in front
    assert not_counted_by_sex(edition.pages()[0]) == expected["not_split"] == 55


def test_camera_second_build_reuses_the_prepared_photos(camera):
    second = camera["second"]
    assert second.code == 0, second.stderr
    before, after = camera["before"], camera["after"]
    assert len(before) >= len(camera["photos"])
    assert after == before  # same files, same names, same times: nothing prepared again
    assert second.pdf.is_file() and second.pdf.stat().st_size > 0
    assert hidden_files(second.folder) == []


# =============================================================================
# 4. Refusals
# =============================================================================

@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return make_root_at(tmp_path_factory.mktemp("tiny") / "root")


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_a_period_without_stories_is_refused(tiny, tmp_path):
    out = tmp_path / "out"
    code, stdout, stderr = run_main("newsletter", "--period", "2022-Q1", "--root", tiny, "--out", out)
    assert code == 1
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert re.fullmatch(r"content/stories/?: error: no story is dated in 2022-Q1 .*", lines[0]), lines
    assert stdout == ""
    assert files_under(out) == []


def test_content_errors_stop_the_build_before_any_pdf(make_root, tmp_path):
    root = make_root({"content/stories/referral-committees.md": STORY_REFERRAL.replace(
        "theme: tip\n", "theme: tipp\n")})
    out = tmp_path / "out"
    code, stdout, stderr = run_main("newsletter", "--period", "2023-Q2", "--root", root, "--out", out)
    assert code == 1
    assert "content/stories/referral-committees.md:5: error: unknown theme 'tipp'" in stderr
    assert all(re.match(r"\S+: (error|warning): ", line) for line in stderr.strip().splitlines()), stderr
    assert files_under(out) == []  # no newsletter.pdf, nor anything else


def test_content_errors_keep_the_previous_edition(make_root, tmp_path):
    """A build refused for content leaves what an earlier build made as it was."""
    root = make_root({"content/stories/mobile-clinic.md": STORY_CLINIC.replace(
        "activities: [HLT-2023-003]", "activities: [HLT-2023-999]")})
    folder = tmp_path / "out" / "newsletter" / "2023-Q2"
    folder.mkdir(parents=True)
    (folder / "newsletter.pdf").write_bytes(b"%PDF-1.7 earlier edition")
    code, _, stderr = run_main("newsletter", "--period", "2023-Q2", "--root", root, "--out", tmp_path / "out")
    assert code == 1
    assert "unknown activity 'HLT-2023-999'" in stderr
    assert (folder / "newsletter.pdf").read_bytes() == b"%PDF-1.7 earlier edition"
    assert sorted(p.name for p in folder.iterdir()) == ["newsletter.pdf"]


@pytest.mark.parametrize("period", ["2023-Q5", "2023-13", "spring", "2023-06-30..2023-04-01", ""])
def test_a_bad_period_is_a_usage_error(tiny, tmp_path, period):
    out = tmp_path / "out"
    code, stdout, stderr = run_main("newsletter", "--period", period, "--root", tiny, "--out", out)
    assert code == 2
    assert stderr.strip(), "the operator is told what is wrong"
    assert "Traceback" not in stderr
    assert files_under(out) == []


def test_a_missing_period_is_a_usage_error(tiny, tmp_path):
    code, _, stderr = run_main("newsletter", "--root", tiny, "--out", tmp_path / "out")
    assert code == 2
    assert "--period" in stderr


def test_build_py_runs_as_a_script_with_the_contract_exit_status(tiny, tmp_path):
    """`python build.py newsletter ...` as scripts call it (a refusal is quick to run)."""
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "newsletter", "--period", "1999-Q1",
                           "--root", str(tiny), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "no story is dated in 1999-Q1" in done.stderr
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "newsletter", "--period", "1999-Q9",
                           "--root", str(tiny)], capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.returncode == 2, done.stderr


# =============================================================================
# 5. Untrusted stories
# =============================================================================

HOSTILE = """\
---
title: "Hostile <script>alert('title')</script> story"
date: 2023-06-15
theme: labour
places: [Maseru]
summary: "A summary with <iframe src='file:///etc/passwd'></iframe> inside."
photos:
  - file: 2023/hostile.jpg
    caption: "A caption <script>alert(3)</script> here."
    credit: IOM 2023/Hostile Photographer
    alt: 'An alt text" onerror="alert(4)'
    people: none
quotes:
  - text: "<style>body { display: none }</style> A quotation."
    by: "<b>Someone</b>"
---

First hostile paragraph <script>alert(1)</script>.

<img src="file:///etc/passwd">

<a rel="attachment" href="file:///etc/passwd">x</a>

[link](javascript:alert(1)) and [encoded](jav&#x61;script:alert(1))

<iframe src="file:///etc/passwd"></iframe>

<style>body { display: none }</style>

<object data="file:///etc/passwd"></object> <file:///etc/passwd> [passwd](file:///etc/passwd)

Last hostile paragraph.
"""

BAD_TAGS = {"script", "iframe", "object", "embed", "link", "base", "svg", "frame", "frameset"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Edition:
    top = tmp_path_factory.mktemp("hostile")
    root = make_root_at(top / "root", {"content/stories/hostile.md": HOSTILE,
                                       "images/2023/hostile.jpg": image_bytes((800, 600), "JPEG", (90, 160, 40))})
    edition = build(root, "2023-Q2", top / "out")
    assert edition.code == 0, edition.stderr
    return edition


def test_hostile_story_is_published(hostile):
    """The checks below mean something only if the story is in both editions."""
    text = hostile.text()
    assert "Hostile <script>alert('title')</script> story" in text
    assert "First hostile paragraph" in text and "Last hostile paragraph." in text
    assert "First hostile paragraph" in hostile.html and "Last hostile paragraph." in hostile.html


def test_hostile_markup_is_no_markup_on_the_web(hostile):
    page = Page(hostile.html)
    assert not page.names & BAD_TAGS, page.names & BAD_TAGS
    assert not page.style_in_body
    assert len([n for n, _ in page.tags if n == "style"]) == 1  # the page's own, in <head>
    for name, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], (name, attrs)
        for key in ("src", "href", "data", "action", "formaction"):
            value = (attrs.get(key) or "").strip().lower()
            assert not value.startswith(("file:", "javascript:", "data:", "vbscript:", "/")), (name, value)
    for attrs, _ in page.all("img"):
        assert (hostile.folder / attrs["src"]).is_file()
    hostile_alt = [attrs for attrs, _ in page.all("img") if "An alt text" in (attrs.get("alt") or "")]
    assert hostile_alt and hostile_alt[0]["alt"] == 'An alt text" onerror="alert(4)'
    # the author's text is still shown, as text
    texts = " ".join(t for _, t in page.all("article"))
    assert "<script>alert(1)</script>" in texts
    assert "Hostile <script>alert('title')</script> story" in [t for _, t in page.all("h2", "headline")]


def test_hostile_story_embeds_and_reads_nothing_in_the_pdf(hostile):
    assert attachments(hostile.pdf) == 0
    first_line = Path("/etc/passwd").read_text().splitlines()[0]
    assert first_line not in hostile.text()
    urls = poppler("pdfinfo", "-url", hostile.pdf).splitlines()[1:]
    for line in urls:
        assert "file:" not in line and "javascript" not in line.lower(), line
    # nothing was even tried: a refused fetch would be reported as a warning
    assert "passwd" not in hostile.stderr


def test_hostile_build_leaves_no_temporary_files(hostile):
    assert hidden_files(hostile.folder) == []


# =============================================================================
# 6. Atomic outputs
# =============================================================================

def test_a_failed_rendering_keeps_the_previous_pdf(tiny, hostile, tmp_path, monkeypatch):
    import bulletin.pdf

    out = tmp_path / "out"
    folder = out / "newsletter" / "2023-Q2"
    folder.mkdir(parents=True)
    previous = hostile.pdf.read_bytes()
    (folder / "newsletter.pdf").write_bytes(previous)

    monkeypatch.setattr(bulletin.pdf, "HTML", CrashingHTML)
    code, _, stderr = run_main("newsletter", "--period", "2023-Q2", "--root", tiny, "--out", out)
    assert code == 1
    assert "renderer crashed half-way" in stderr
    assert "Traceback" not in stderr
    assert (folder / "newsletter.pdf").read_bytes() == previous
    assert hidden_files(folder) == []
    for path in files_under(out):
        if ".cache" not in path.parts:
            assert b"half a document" not in path.read_bytes(), path


def test_outputs_are_replaced_whole(tiny, tmp_path):
    """A rebuild replaces each output by a new file (renamed into place), never rewrites it."""
    out = tmp_path / "out"
    folder = out / "newsletter" / "2023-Q2"
    folder.mkdir(parents=True)
    old = folder / "newsletter.pdf"
    old.write_bytes(b"%PDF-1.7 old")
    keep = old.open("rb")  # a reader holding the old file open still reads it whole
    try:
        code, _, stderr = run_main("newsletter", "--period", "2023-Q2", "--root", tiny, "--out", out)
        assert code == 0, stderr
        assert keep.read() == b"%PDF-1.7 old"
    finally:
        keep.close()
    assert old.read_bytes().startswith(b"%PDF-") and old.stat().st_size > 1000
    assert hidden_files(folder) == []
    shutil.rmtree(out)
