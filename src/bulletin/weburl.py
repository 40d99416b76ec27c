"""Where an edition is published on the web: one checked, normalised URL.

`newsletter.web_url` in site.yaml is a pattern (`https://example.org/news/{period}/`);
`--web-url` overrides it. Either names the folder holding the edition's
index.html (a URL ending in `index.html` is taken as its folder), so the
email can link to the page and show the images published beside it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .names import did_you_mean

PLACEHOLDERS = ("period",)
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def normalise(text: str) -> str:
    """The URL of a folder, ending in `/`; ValueError says what is wrong in words."""
    url = text.strip()
    for name in _PLACEHOLDER.findall(url):
        if name not in PLACEHOLDERS:
            raise ValueError(f"'{url}' has an unknown placeholder '{{{name}}}'"
                             f"{did_you_mean(name, list(PLACEHOLDERS))}; only {{period}} is filled in")
    parts = urlsplit(_PLACEHOLDER.sub("x", url))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"'{url}' is not an absolute web address; "
                         "write it as https://example.org/news/{period}/")
    if parts.query or parts.fragment:
        raise ValueError(f"'{url}' must name a folder, without ?query or #fragment")
    if url.endswith("/index.html"):
        url = url.removesuffix("index.html")
    elif re.search(r"\.html?$", url):
        raise ValueError(f"'{url}' must name the edition's folder (or its index.html)")
    return url if url.endswith("/") else url + "/"


def for_edition(pattern: str | None, period_label: str) -> str | None:
    """The edition's folder URL: the pattern with `{period}` filled in."""
    return normalise(pattern).replace("{period}", period_label) if pattern else None


def archive_url(pattern: str | None) -> str | None:
    """Where the archive of editions sits: the folder above `{period}`, when the
    pattern ends with it (https://example.org/news/{period}/)."""
    if pattern and normalise(pattern).endswith("/{period}/"):
        return normalise(pattern).removesuffix("{period}/")
    return None
