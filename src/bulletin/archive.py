"""The archive of editions: OUT/newsletter/index.html and its Atom feed, feed.xml.

Each edition leaves a small `edition.json` beside its index.html (what the
archive shows of it: title, dates, lead photo, summary, web address). After
every newsletter build the archive is made again from all of them, so it
lists every edition built into OUT, whichever build made it, newest first.
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from . import weburl
from .outputs import Staging, write
from .project import Project
from .editions import alternates, edition_url
from .render import environment, render

RECORD = "edition.json"
ATOM = "http://www.w3.org/2005/Atom"


def record(stage: Staging, web: dict, updated: date) -> None:
    """Stage the edition's entry for the archive, from its web context."""
    edition, stories = web["edition"], web["stories"]
    lead = next((s for s in stories if s.lead), None)
    entry = {
        "period": edition.label,
        "title": edition.title,
        "start": edition.start.isoformat(),
        "end": edition.end.isoformat(),
        "updated": updated.isoformat(),
        "summary": stories[0].summary if stories else "",
        "stories": [s.title for s in stories],
        "lead": None if lead is None else {
            "src": lead.lead.image.src, "width": lead.lead.image.width,
            "height": lead.lead.image.height, "alt": lead.lead.alt, "credit": lead.lead.credit},
        "web_url": web["web_url"],
    }
    write(stage.path(RECORD), json.dumps(entry, ensure_ascii=False, indent=1) + "\n")


def editions(folder: Path, language: str | None = None) -> list[dict]:
    """Every edition built under `folder` (in `language`: in P/LANG/), newest first."""
    found = []
    for path in sorted(Path(folder).glob(f"*/{language}/{RECORD}" if language else f"*/{RECORD}")):
        if any(p.startswith(".") for p in path.relative_to(folder).parts):  # a build staging
            continue
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # an edition written by another version, or damaged: leave it out
        # from the archive of its language: OUT/newsletter/ or OUT/newsletter/LANG/
        entry["folder"] = f"../{path.parent.parent.name}/{language}" if language else path.parent.name
        found.append(entry)
    return sorted(found, key=lambda e: (e["start"], e["end"]), reverse=True)


def write_archive(folder: Path, project: Project, root: Path, language: str | None = None) -> None:
    """The archive of the editions in `language` (None: the main one); another language's
    in OUT/newsletter/LANG/."""
    entries = editions(folder, language)
    site = project.site
    home = edition_url(weburl.archive_url(site.newsletter.web_url), language)
    page = render(environment(root, language or site.language), "archive.html.j2", medium="web", site=site,
                  editions=entries, web_url=home, alternates=alternates(project, language, home))
    target = Path(folder) / language if language else Path(folder)
    write(target / "index.html", page)
    write(target / "feed.xml", feed(entries, site, home))


def feed(entries: list[dict], site, home: str | None) -> bytes:
    """An Atom feed (RFC 4287): one entry per edition; links relative to the archive
    unless the editions' web address is known."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": site.language})
    _text(root, "title", site.newsletter.title)
    if site.newsletter.slogan:
        _text(root, "subtitle", site.newsletter.slogan)
    _text(root, "id", home or _urn(site.organisation, site.office, site.newsletter.title))
    _text(root, "updated", _stamp(max((e["updated"] for e in entries), default="1970-01-01")))
    _link(root, (home or "") + "feed.xml", "self", "application/atom+xml")
    _link(root, home or "index.html", "alternate", "text/html")
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", f"{site.organisation} · {site.office}")
    for e in entries:
        page = e["web_url"] or f"{home or ''}{e['folder']}/"
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(entry, "title", f"{site.newsletter.title} – {e['title']}")
        _text(entry, "id", e["web_url"] or _urn(site.organisation, site.office, e["period"]))
        _text(entry, "updated", _stamp(e["updated"]))
        _link(entry, page + "index.html" if not e["web_url"] else page, "alternate", "text/html")
        _link(entry, page + "newsletter.pdf", "enclosure", "application/pdf")
        _text(entry, "summary", e["summary"])
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = text


def _link(parent: ET.Element, href: str, rel: str, kind: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"rel": rel, "type": kind, "href": href})


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def _urn(*names: str) -> str:
    """A stable id for a feed or entry that has no web address yet."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "bulletin:" + "/".join(names)).urn
