"""The email edition: HTML with its CSS inlined, a plain-text part, and the two as a message.

Mail clients drop <style> blocks and external files, so every rule is
inlined into its element (only @media rules, which cannot be inlined, stay
in the head). The plain text keeps to 78 columns, as RFC 5322 asks, with each
URL on a line of its own so no client breaks it. `email.eml` is the two parts
as multipart/alternative, made with the standard library, so a mail client
opens it as a draft ready to send. (Named `mail` so the package does not
shadow the standard library's `email`.)
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP

import css_inline
import jinja2

from . import brand
from .render import render

HTML, TEXT = "email.html.j2", "email.txt.j2"
WIDTH = 78
# Gmail clips a message above 102 KB and hides the rest behind a link.
MAX_HTML_BYTES = 102 * 1024
SIGNATURE = "-- "  # the separator mail clients recognise: two dashes and a space
_URL = re.compile(r"(?:https?://|mailto:)\S+")

_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False,
                                 resolve_css_variables=True, minify_css=True)


@dataclass(frozen=True)
class Email:
    subject: str
    html: str
    text: str

    def eml(self) -> bytes:
        """A multipart/alternative message; the last part is the one clients prefer."""
        message = EmailMessage(policy=SMTP)
        message["Subject"] = self.subject
        message["X-Unsent"] = "1"  # Outlook and Thunderbird open it as a draft to send
        message["MIME-Version"] = "1.0"
        message.set_content(self.text, charset="utf-8")
        message.add_alternative(self.html, subtype="html", charset="utf-8")
        return message.as_bytes()


def render_email(env: jinja2.Environment, context: dict) -> Email:
    """Both parts from a newsletter context; links go to `web_url` when it is known."""
    site, edition, stories = context["site"], context["edition"], context["stories"]
    email = {
        **context,
        "medium": "email",
        "subject": f"{site.newsletter.title} – {edition.title}",
        "page_url": context["web_url"] or "index.html",
        "preheader": stories[0].summary if stories else site.newsletter.slogan or "",
    }
    # The office's colours over the whole page, not only its <style>: mail clients need some
    # colours as HTML attributes too (the button cell's bgcolor), which the CSS filter misses.
    html = _INLINER.inline(brand.recolour(render(env, HTML, **email), site.brand))
    return Email(email["subject"], html, wrap(render(env, TEXT, **email)))


def wrap(text: str, width: int = WIDTH) -> str:
    """Every line at most `width` columns (a URL longer than that stays whole, alone)."""
    lines: list[str] = []
    for line in text.split("\n"):
        if line == SIGNATURE:
            lines.append(line)
            continue
        if len(line) <= width and not _URL.search(line):
            lines.append(line.rstrip())
            continue
        # Prose around a URL is wrapped; the URL itself gets a line of its own.
        position = 0
        for match in _URL.finditer(line):
            lines += _fill(line[position:match.start()], width)
            lines.append(match.group().rstrip(".,;)"))
            position = match.start() + len(lines[-1])
        lines += _fill(line[position:], width)
    return "\n".join(lines)


def _fill(prose: str, width: int) -> list[str]:
    prose = prose.strip()
    if not prose:
        return []
    return textwrap.wrap(prose, width, break_long_words=False, break_on_hyphens=False)
