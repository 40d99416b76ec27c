"""The archive of editions (OUT/newsletter/index.html), its Atom feed, and Open Graph tags.

Two editions are built into one OUT by separate builds; the archive made
after the second must list both, newest first.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bulletin import archive

from conftest import SITE, run_main, write_report_root

ATOM = "{http://www.w3.org/2005/Atom}"
PATTERN = "https://example.org/lesotho/news/{period}/"


class Tags(HTMLParser):
    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, name: str) -> list[dict]:
        return [attrs for tag, attrs in self.tags if tag == name]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """2023-Q2 and 2023-Q3 built one after the other into one OUT, without a web URL."""
    top = tmp_path_factory.mktemp("archive")
    root = write_report_root(top / "root")
    for period in ("2023-Q3", "2023-Q2"):  # the older one last: the order is the archive's own
        code, _, stderr = run_main("newsletter", "--period", period, "--root", root, "--out", top / "out")
        assert code == 0, stderr
    return top / "out"


def test_the_archive_lists_every_edition_newest_first(out):
    page = (out / "newsletter" / "index.html").read_text(encoding="utf-8")
    links = [a["href"] for a in Tags(page).all("a") if a["href"].endswith("/index.html")]
    assert links == ["2023-Q3/index.html", "2023-Q2/index.html"]
    assert page.index("July–September 2023") < page.index("April–June 2023")
    for link in links:
        assert (out / "newsletter" / link).is_file()


def test_the_archive_shows_each_lead_photo_and_summary(out):
    page = (out / "newsletter" / "index.html").read_text(encoding="utf-8")
    images = Tags(page).all("img")
    assert [i["src"].split("/")[0] for i in images] == ["2023-Q3", "2023-Q2"]
    for image in images:
        assert (out / "newsletter" / image["src"]).is_file()
        assert image["alt"] and image["width"] and image["height"]
    assert "A visit to the new shelter for survivors of trafficking." in page
    assert "A week of mobile clinics in Qacha&#39;s Nek." in page  # the featured story of 2023-Q2
    assert page.count("©") == 2


def test_the_feed_is_atom_with_an_entry_per_edition(out):
    tree = ET.parse(out / "newsletter" / "feed.xml")
    feed = tree.getroot()
    assert feed.tag == f"{ATOM}feed"
    for child in ("id", "title", "updated", "author"):  # what RFC 4287 requires of a feed
        assert feed.find(f"{ATOM}{child}") is not None, child
    assert feed.findtext(f"{ATOM}updated") == "2023-08-15T00:00:00Z"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "IOM Lesotho Newsletter – July–September 2023", "IOM Lesotho Newsletter – April–June 2023"]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 2 and all(i.startswith("urn:uuid:") for i in ids)
    for entry in entries:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", entry.findtext(f"{ATOM}updated"))
        assert entry.findtext(f"{ATOM}summary")
        links = {link.get("rel"): link.get("href") for link in entry.findall(f"{ATOM}link")}
        assert (out / "newsletter" / links["alternate"]).is_file()
        assert (out / "newsletter" / links["enclosure"]).read_bytes().startswith(b"%PDF-")


def test_only_finished_editions_are_listed(tmp_path):
    """A build still staging its files (a dot folder) or a damaged record is left out."""
    entry = {"period": "2023-Q1", "start": "2023-01-01", "end": "2023-03-31"}
    for folder, text in (("2023-Q1", json.dumps(entry)), (".2023-Q2.x1y2", json.dumps(entry)),
                         ("2023-Q3", "{not json")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "edition.json").write_text(text, encoding="utf-8")
    assert [e["folder"] for e in archive.editions(tmp_path)] == ["2023-Q1"]


def test_the_edition_page_has_open_graph_tags(out):
    page = (out / "newsletter" / "2023-Q2" / "index.html").read_text(encoding="utf-8")
    head = page[:page.index("</head>")]
    og = {m["property"]: m["content"] for m in Tags(head).all("meta") if "property" in m}
    assert og["og:title"] == "IOM Lesotho Newsletter – April–June 2023"
    assert og["og:description"] == "A week of mobile clinics in Qacha's Nek."
    assert (out / "newsletter" / "2023-Q2" / og["og:image"]).is_file()
    assert "og:url" not in og  # not published anywhere yet


def test_with_a_web_url_the_feed_and_tags_are_absolute(tmp_path):
    root = write_report_root(tmp_path / "root", {
        "content/site.yaml": SITE.replace("  slogan:", f"  web_url: {PATTERN}\n  slogan:")})
    code, _, stderr = run_main("newsletter", "--period", "2023-Q3", "--root", root, "--out", tmp_path / "out")
    assert code == 0, stderr
    folder = tmp_path / "out" / "newsletter"
    feed = ET.parse(folder / "feed.xml").getroot()
    assert feed.findtext(f"{ATOM}id") == "https://example.org/lesotho/news/"
    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == "https://example.org/lesotho/news/2023-Q3/"
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert hrefs and all(h.startswith("https://example.org/lesotho/news/") for h in hrefs)
    page = (folder / "2023-Q3" / "index.html").read_text(encoding="utf-8")
    og = {m["property"]: m["content"] for m in Tags(page).all("meta") if "property" in m}
    assert og["og:url"] == "https://example.org/lesotho/news/2023-Q3/"
    image = og["og:image"].removeprefix("https://example.org/lesotho/news/2023-Q3/")
    assert image != og["og:image"] and (folder / "2023-Q3" / image).is_file()
    record = json.loads((folder / "2023-Q3" / "edition.json").read_text(encoding="utf-8"))
    assert record["web_url"] == "https://example.org/lesotho/news/2023-Q3/"
