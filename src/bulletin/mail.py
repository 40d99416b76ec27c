"""The email edition: HTML with its CSS inlined, a plain-text part, and the two as a message.

Mail clients drop <style> blocks and external files, so every rule is
inlined into its element (only @media rules, which cannot be inlined, stay
in the head). The plain text keeps to 78 columns, as RFC 5322 asks, with each
URL on a line of its own so no client breaks it. `email.eml` is the two parts
as multipart/alternative, made with the standard library, so a mail client
opens it as a draft ready to send: From the office (site.yaml's
`newsletter.sender`, else its first contact), To its list (`newsletter.list_address`,
else nobody in particular), dated by the build. Its Message-ID and MIME boundary
are hashes of the message, not random: a rebuild with SOURCE_DATE_EPOCH is
byte-identical. (Named `mail` so the package does not shadow the standard
library's `email`.)
"""

from __future__ import annotations

import hashlib
import re
import textwrap
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.headerregistry import Address, Group
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import css_inline
import jinja2

from . import brand
from .outputs import build_time
from .render import render

if TYPE_CHECKING:
    from .schema import Site

HTML, TEXT = "email.html.j2", "email.txt.j2"
EMAIL_FILES = ("email.html", "email.txt", "email.eml")  # what an edition's email is
WIDTH = 78
# Gmail clips a message above 102 KB and hides the rest behind a link.
MAX_HTML_BYTES = 102 * 1024
SIGNATURE = "-- "  # the separator mail clients recognise: two dashes and a space
_URL = re.compile(r"(?:https?://|mailto:)\S+")

# RFC 5322's empty group: the To of a draft whose office names no list address
UNDISCLOSED = Group("undisclosed-recipients")
# the Message-ID's domain when the office gives no address and no web address;
# .invalid is reserved (RFC 2606), so it is never anyone's
NO_DOMAIN = "bulletin.invalid"

_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False,
                                 resolve_css_variables=True, minify_css=True)


@dataclass(frozen=True)
class Email:
    subject: str
    html: str
    text: str
    sender: Address | None = None
    to: Address | Group = field(default_factory=lambda: UNDISCLOSED)
    date: datetime = field(default_factory=build_time)  # UTC, as outputs.build_time gives it
    domain: str = NO_DOMAIN  # the Message-ID's

    def eml(self) -> bytes:
        """A multipart/alternative message; the last part is the one clients prefer."""
        date = format_datetime(self.date.replace(tzinfo=timezone.utc))
        digest = hashlib.sha256("\0".join(
            [str(self.sender or ""), str(self.to), self.subject, date, self.text, self.html]
        ).encode()).hexdigest()
        message = EmailMessage(policy=SMTP)
        if self.sender is not None:
            message["From"] = self.sender
        message["To"] = self.to
        message["Subject"] = self.subject
        message["Date"] = date
        message["Message-ID"] = f"<{digest[:32]}@{self.domain}>"
        message["X-Unsent"] = "1"  # Outlook and Thunderbird open it as a draft to send
        message["MIME-Version"] = "1.0"
        message.set_content(self.text, charset="utf-8")
        message.add_alternative(self.html, subtype="html", charset="utf-8")
        # The standard library draws a random boundary; this one is the rest of the hash,
        # which the parts cannot contain (they would hold a hash of themselves).
        message.set_boundary(f"=_{digest[32:]}")
        return message.as_bytes()


def sender_of(site: Site) -> str | None:
    """The address the email is from: `newsletter.sender`, else the first contact's."""
    return site.newsletter.sender or next((contact.email for contact in site.contacts), None)


def _address(address: str, name: str = "") -> Address:
    """`address` (checked by schema.py) with its domain in ASCII, as a header must have it."""
    from email_validator import validate_email

    checked = validate_email(address, check_deliverability=False, allow_smtputf8=False)
    return Address(name, addr_spec=checked.ascii_email)


def addressing(site: Site, web_url: str | None) -> dict:
    """The email's From, To and Message-ID domain, from site.yaml (content-format.md)."""
    sender = sender_of(site)
    from_ = _address(sender, site.office) if sender else None
    to = _address(site.newsletter.list_address) if site.newsletter.list_address else UNDISCLOSED
    host = urlsplit(web_url).hostname if web_url else None
    return {"sender": from_, "to": to, "domain": from_.domain if from_ else host or NO_DOMAIN}


def render_email(env: jinja2.Environment, context: dict) -> Email:
    """Both parts from a newsletter context; links go to `web_url` when it is known."""
    site, edition, stories = context["site"], context["edition"], context["stories"]
    email = {
        **context,
        "medium": "email",
        # the period in the environment's language, as the edition names it
        "subject": f"{site.newsletter.title} – {env.filters['period'](edition)}",
        "page_url": context["web_url"] or "index.html",
        "preheader": stories[0].summary if stories else site.newsletter.slogan or "",
    }
    # The office's colours over the whole page, not only its <style>: mail clients need some
    # colours as HTML attributes too (the button cell's bgcolor), which the CSS filter misses.
    html = _INLINER.inline(brand.recolour(render(env, HTML, **email), site.brand))
    return Email(email["subject"], html, wrap(render(env, TEXT, **email)),
                 **addressing(site, context["web_url"]))


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
