"""The email edition: email.html, email.txt and email.eml, as a mail client gets them.

The tiny root is built once with `newsletter.web_url` and `list_address` in
site.yaml, once without any web address or contact (the build warns of each,
once), and once with `all --web-url`, which overrides site.yaml.
"""

from __future__ import annotations

import email
import email.policy
import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from bulletin import mail
from bulletin.outputs import source_date
from bulletin.schema import Site

from conftest import ACTIVITIES, SITE, make_root_at, run_main

PATTERN = "https://example.org/lesotho/news/{period}/"
WEB_URL = "https://example.org/lesotho/news/2023-Q2/"
OVERRIDE = "https://news.example.net/editions/2023-Q2/"
# A big count, so the text part must group its digits as the PDF does.
BIG_ROW = "HLT-2023-010,Clinic day,2023-06-10,,Maseru,health,,screening,1200,600,600,,\n"
LIST = "subscribers@lists.example.org"
FILES = {"content/site.yaml": SITE.replace("  slogan:", f"  web_url: {PATTERN}\n  list_address: {LIST}\n"
                                                       "  slogan:"),
         "content/activities.csv": ACTIVITIES + BIG_ROW}
CONTACTS = "contacts:\n  - role: Communication Assistant\n    email: comms@example.org\n"
PEOPLE = "1\u202f889"  # 27 + 412 + 230 + 20 + 1200, with the thin space of print
SUBJECT = "IOM Lesotho Newsletter – April–June 2023"


class Links(HTMLParser):
    """Every tag with its attributes, and the <style> texts."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self._style = False
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._style = tag == "style"

    def handle_endtag(self, tag):
        self._style = False

    def handle_data(self, data):
        if self._style:
            self.styles.append(data)

    def urls(self) -> list[str]:
        return [attrs[key] for _, attrs in self.tags for key in ("href", "src") if attrs.get(key)]

    def all(self, name: str) -> list[dict]:
        return [attrs for tag, attrs in self.tags if tag == name]


class Build:
    def __init__(self, folder: Path, code: int, stdout: str, stderr: str):
        self.folder, self.code, self.stdout, self.stderr = folder, code, stdout, stderr
        assert code == 0, stderr

    def read(self, name: str) -> str:
        return (self.folder / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Build:
    top = tmp_path_factory.mktemp("email")
    root = make_root_at(top / "root", FILES)
    out = top / "out"
    return Build(out / "newsletter" / "2023-Q2",
                 *run_main("newsletter", "--period", "2023-Q2", "--root", root, "--out", out))


@pytest.fixture(scope="module")
def unpublished(tmp_path_factory) -> Build:
    top = tmp_path_factory.mktemp("email-relative")
    assert SITE.count(CONTACTS) == 1
    root = make_root_at(top / "root", {"content/site.yaml": SITE.replace(CONTACTS, "")})
    out = top / "out"
    return Build(out / "newsletter" / "2023-Q2",
                 *run_main("newsletter", "--period", "2023-Q2", "--root", root, "--out", out))


# --- with newsletter.web_url in site.yaml ------------------------------------

def test_the_build_makes_the_three_email_files_and_warns_of_nothing(published):
    for name in ("email.html", "email.txt", "email.eml"):
        assert (published.folder / name).stat().st_size > 0
        assert str(published.folder / name) in published.stdout
    assert published.stderr == ""


def test_every_link_and_image_of_the_html_is_absolute_under_the_web_url(published):
    page = Links(published.read("email.html"))
    urls = page.urls()
    assert len(page.all("img")) == 2 and len(urls) > 6
    for url in urls:
        assert url.startswith((WEB_URL, "mailto:")), url
    for attrs in page.all("img"):
        assert (published.folder / attrs["src"].removeprefix(WEB_URL)).is_file(), attrs["src"]


def test_every_url_of_the_text_is_absolute_under_the_web_url_on_its_own_line(published):
    text = published.read("email.txt")
    urls = re.findall(r"https?://\S+", text)
    assert len(urls) == 3  # the edition and its two stories
    for url in urls:
        assert url.startswith(WEB_URL)
        assert f"\n{url}\n" in text
    assert "index.html" not in text and "images/" not in text


def test_the_text_keeps_to_78_columns_with_a_proper_signature(published):
    lines = published.read("email.txt").split("\n")
    assert max(len(line) for line in lines) <= 78
    assert lines.count("-- ") == 1  # two dashes and a space: clients hide what follows
    assert lines[lines.index("-- ") + 1] == "Migration for the benefit of all"


def test_numbers_read_as_in_print(published):
    assert f"{PEOPLE} people reached" in published.read("email.txt")
    assert f"{PEOPLE} people reached" in published.read("email.html")


def read_eml(folder: Path) -> email.message.EmailMessage:
    """email.eml as a mail client reads it: the standard library's parser, as strict as it gets."""
    raw = (folder / "email.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message.defects == [] and all(p.defects == [] for p in message.iter_parts())
    return message


def test_the_eml_is_a_text_and_an_html_part_a_client_can_open(published):
    message = read_eml(published.folder)
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == SUBJECT
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in parts)
    text, html = (p.get_content() for p in parts)
    assert text.replace("\r\n", "\n").rstrip("\n") == published.read("email.txt").rstrip("\n")
    assert html.replace("\r\n", "\n").rstrip("\n") == published.read("email.html").rstrip("\n")
    assert len(html.encode("utf-8")) < 102 * 1024
    for url in re.findall(r'(?:href|src)="([^"]+)"', html):
        assert url.startswith((WEB_URL, "mailto:")), url


def test_the_eml_is_from_the_first_contact_to_the_list_dated_by_the_build(published):
    message = read_eml(published.folder)
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("IOM Lesotho", "comms@example.org")
    [to] = message["To"].addresses
    assert to.addr_spec == LIST
    # the build's moment: SOURCE_DATE_EPOCH if the tests run with it, else a minute ago
    date = message["Date"].datetime
    assert date.utcoffset() == timedelta(0)
    expected = source_date() or datetime.now(timezone.utc).replace(tzinfo=None)
    assert abs(date.replace(tzinfo=None) - expected) < timedelta(minutes=15)
    # a hash of the message, at the sender's domain
    assert re.fullmatch(r"<[0-9a-f]{32}@example\.org>", message["Message-ID"])
    assert message["X-Unsent"] == "1"


def test_the_html_has_its_css_inline_and_is_small(published):
    markup = published.read("email.html")
    assert len(markup.encode("utf-8")) < 102 * 1024
    page = Links(markup)
    # Only what cannot be inlined stays in <head>: the dark-mode @media rules.
    css = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", "".join(page.styles))
    assert css.strip() == ""
    assert "prefers-color-scheme: dark" in "".join(page.styles)
    assert all("style" in attrs for attrs in page.all("td"))
    assert page.all("html")[0]["lang"] == "en"
    assert any(m.get("name") == "color-scheme" for m in page.all("meta"))


def test_each_photo_has_its_size_alt_text_and_credit(published):
    markup = published.read("email.html")
    images = Links(markup).all("img")
    for attrs in images:
        assert attrs["width"] == "560" and int(attrs["height"]) > 0 and attrs["alt"].strip()
        assert "max-width" in attrs["style"] and "width:100%" in attrs["style"].replace(" ", "")
    for credit in ("© IOM 2023/Tsepo Molefi", "© IOM 2023/Lineo Mokoena"):
        assert credit in markup
    assert markup.count("©") == len(images)


def test_the_preheader_is_the_lead_story_summary(published):
    markup = published.read("email.html")
    hidden = re.search(r'<div class="preheader"[^>]*>([^<&\u034f]*)', markup)  # then spacers
    assert hidden and hidden.group(1) == "A week of mobile clinics in Qacha's Nek."  # the featured story
    assert "display:none" in markup[hidden.start():hidden.end()].replace(" ", "")


def test_the_button_is_a_coloured_cell_and_a_padded_link(published):
    page = Links(published.read("email.html"))
    button = [a for a in page.all("a") if a.get("class") == "button"]
    assert [a["href"] for a in button] == [WEB_URL]
    cells = [td for td in page.all("td") if td.get("class") == "button-cell"]
    assert cells and cells[0]["bgcolor"]
    assert "padding" in button[0]["style"]


# --- without any web address -------------------------------------------------

def test_without_a_web_url_or_a_contact_the_build_warns_of_each_once(unpublished):
    warnings = unpublished.stderr.strip().splitlines()
    assert warnings == ["content/site.yaml: warning: no web address for the edition "
                        "(newsletter.web_url, or --web-url): email.html, email.txt and email.eml "
                        "link to index.html and images/ relatively, so they cannot be sent as they are",
                        "content/site.yaml: warning: no address to send the email from "
                        "(newsletter.sender, or a contact's email): email.eml has no From; add one, "
                        "or your mail client asks for it"]


def test_without_an_address_the_eml_is_to_undisclosed_recipients_and_from_nobody(unpublished):
    message = read_eml(unpublished.folder)
    assert message["From"] is None
    assert str(message["To"]) == "undisclosed-recipients:;" and message["To"].addresses == ()
    # no address and no web address: the Message-ID's domain is one reserved for this
    assert message["Message-ID"].endswith("@bulletin.invalid>")
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]


def test_without_a_web_url_the_email_links_relatively(unpublished):
    urls = Links(unpublished.read("email.html")).urls()
    assert "index.html" in urls
    assert not [u for u in urls if u.startswith("http")]
    assert "\nindex.html\n" in unpublished.read("email.txt")


# --- `all --web-url` overrides site.yaml --------------------------------------

def test_all_passes_web_url_to_the_email(tmp_path):
    root = make_root_at(tmp_path / "root", FILES)
    out = tmp_path / "out"
    code, _, stderr = run_main("all", "--period", "2023-Q2", "--root", root, "--out", out, "--jobs", "1",
                               "--web-url", "https://news.example.net/editions/{period}")
    assert code == 0, stderr
    assert "warning" not in stderr
    folder = out / "newsletter" / "2023-Q2"
    for url in Links((folder / "email.html").read_text(encoding="utf-8")).urls():
        assert url.startswith((OVERRIDE, "mailto:")), url
    assert f"\n{OVERRIDE}\n" in (folder / "email.txt").read_text(encoding="utf-8")


# --- the message itself ------------------------------------------------------------

def site(**newsletter) -> Site:
    raw = yaml.safe_load(SITE)
    raw["newsletter"].update(newsletter)
    return Site.model_validate(raw)


def test_newsletter_sender_is_the_from_and_its_domain_the_message_ids():
    message = mail.Email("Subject", "<p>Hello</p>", "Hello", **mail.addressing(
        site(sender="news@lesotho.example.net"), "https://example.org/news/2023-Q2/"))
    parsed = email.message_from_bytes(message.eml(), policy=email.policy.default)
    assert str(parsed["From"]) == "IOM Lesotho <news@lesotho.example.net>"
    assert parsed["Message-ID"].endswith("@lesotho.example.net>")


def test_the_message_is_the_same_bytes_for_the_same_parts_and_moment():
    moment = datetime(2023, 7, 15)
    addressing = mail.addressing(site(), None)

    def eml(html: str) -> bytes:
        return mail.Email("Subject", html, "Hello", date=moment, **addressing).eml()

    first, again, other = eml("<p>Hello</p>"), eml("<p>Hello</p>"), eml("<p>Hello!</p>")
    assert first == again
    boundary = email.message_from_bytes(first, policy=email.policy.default).get_boundary()
    assert boundary.startswith("=_") and first.count(f"--{boundary}".encode()) == 3
    other_message = email.message_from_bytes(other, policy=email.policy.default)
    assert other_message.get_boundary() != boundary
    assert other_message["Message-ID"] != email.message_from_bytes(first)["Message-ID"]
    assert other_message["Date"] == "Sat, 15 Jul 2023 00:00:00 +0000"


# --- the text wrapping itself ---------------------------------------------------

def test_wrap_gives_urls_their_own_line_and_keeps_them_whole():
    long_url = "https://example.org/" + "x" * 90
    text = f"See {long_url} for more, and then read on. " + "word " * 30 + "\n-- \nEnd"
    lines = mail.wrap(text).split("\n")
    assert lines[0] == "See"
    assert lines[1] == long_url
    assert all(len(line) <= 78 for line in lines if line != long_url)
    assert lines[-2:] == ["-- ", "End"]
    assert "for more, and then read on. word" in mail.wrap(text)
