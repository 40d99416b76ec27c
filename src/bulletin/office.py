"""`init DIR`: a new office's project root that passes `check` and builds.

Everything an office needs to start from: who it is (site.yaml, with its
colours under `brand:`, an example web address for its editions and an
example list address for its email), one example donor and award, a
gazetteer with one district, an activities sheet with its header and one
example row, one story that explains itself, and a placeholder logo. The example row and
story are dated today, so `all` builds a newsletter and a donor report at
once; the office then replaces them with its own.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from datetime import date
from pathlib import Path

from .errors import UsageError

# as project.py names them: importing it here would cost every command (the CLI reads
# DEFAULT_OFFICE for its help) pydantic's import
CONTENT, IMAGES = "content", "images"

DEFAULT_OFFICE = "Country Office"
DEFAULT_ORGANISATION = "International Organization for Migration"
PRIMARY, ACCENT = "#0b4f8a", "#8a5a00"
LOGO = "logos/office.png"
DONOR = "example-donor"
DISTRICT = "Capital"
THEME = "general"
# An example address, so the first build's email has absolute links and no warning;
# the comment above it in site.yaml says to replace it.
WEB_URL = "https://example.org/news/{period}/"
LIST_ADDRESS = "newsletter@example.org"  # the email's To, an example like WEB_URL


def _q(text: str) -> str:
    """A YAML scalar that stays text whatever the office writes (a JSON string is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _site(office: str, organisation: str) -> str:
    return f"""\
# Who publishes. Every key is described in docs/content-format.md.
office: {_q(office)}
organisation: {_q(organisation)}
newsletter:
  title: {_q(office + " Newsletter")}
  slogan: News from our projects
  # Where each edition will be published ({{period}} becomes 2023-Q2): the email
  # links to it and shows its photos from there. Replace example.org with your site.
  web_url: {WEB_URL}
  # The To of email.eml: your mailing list's address (replace example.org). Without
  # it the draft is to "undisclosed-recipients"; its From is the first contact below.
  list_address: {LIST_ADDRESS}
  priorities:                 # printed on the back page of each edition
    - Protecting people on the move and the communities that host them
    - Evidence on migration for better policy
  thanks: We thank the donors and partners who made this work possible
contacts:
  - role: Communication Officer
    email: communication@example.org
default_credit: IOM {{year}}/{{photographer}}
language: en
logo: {LOGO}              # under images/
brand:                        # the office's colours: masthead, headings, email, charts
  primary: "{PRIMARY}"
  accent: "{ACCENT}"
themes:                       # key -> printed name; stories and activities use the key
  {THEME}: Our work
# To publish each report's award as IATI open data (iati-activity.xml beside the
# report; docs/open-data.md), give the organisation's IATI identifier, e.g.
# iati: {{prefix: XM-DAC-47066, type: 40}}
"""


DONORS = f"""\
# Each donor's name and the wording it requires, word for word.
# {{donor}}, {{award}} and {{project}} are filled in by the build.
{DONOR}:
  name: Example Donor Agency
  acknowledgement: >-
    This activity was made possible by the {{donor}} under award {{award}},
    "{{project}}".
  disclaimer: >-
    The views expressed here are the authors' own and do not necessarily
    reflect those of the {{donor}}.
"""


def _awards(number: str, today: date) -> str:
    return f"""\
# Award number -> donor, project, theme and dates. Replace the example.
{number}:
  donor: {DONOR}
  project: Example project, to be replaced by a real award
  theme: {THEME}
  start: {today.year}-01-01
  end: {today.year + 1}-12-31
"""


PLACES = f"""\
# Districts, with the other names and towns people write for them.
districts:
  {DISTRICT}: {{aliases: [Capital District], towns: [Old Town]}}
"""

HEADER = "id,title,start,end,district,theme,award,type,participants,female,male,partners,story"


def _activities(number: str, story: str, today: date) -> str:
    return (f"{HEADER}\n"
            f"EX-{today.year}-001,Example workshop (replace or delete this row),{today.isoformat()},,"
            f"{DISTRICT},{THEME},{number},workshop,20,12,8,Example partner,{story}\n")


def _story(office: str, today: date) -> str:
    return f"""\
---
title: {_q("Welcome to the " + office + " newsletter")}
date: {today.isoformat()}
theme: {THEME}
places: [{DISTRICT}]
summary: How this newsletter is made, and how to write its next story.
---

Each edition of this newsletter is made from plain files. Stories like this
one sit in `content/stories/`, one file each: a few lines of details at the
top, then the text.

Activity records go in `content/activities.csv`, one row each, tagged with
the award that paid for them. The donor reports count people reached from
those rows, so every figure can be traced back to them.

Start a new story with `bulletin new story "Its title"`, then run
`bulletin check` until it reports no problems.
"""


def _logo(office: str) -> bytes:
    """A placeholder: the office's initials in white on its primary colour."""
    from PIL import Image, ImageDraw, ImageFont

    from .resources import FONTS

    initials = "".join(word[0] for word in office.split() if word[:1].isalnum())[:3].upper() or "?"
    image = Image.new("RGB", (480, 160), PRIMARY)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONTS / "NotoSans-Bold.ttf"), 96)
    draw.text((240, 80), initials, fill="white", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def init(folder: Path, office: str = DEFAULT_OFFICE, organisation: str = DEFAULT_ORGANISATION,
         today: date | None = None) -> list[Path]:
    """Write a new root at `folder` (new, or an empty folder); return the files written."""
    folder = Path(folder)
    office, organisation = office.strip(), organisation.strip()
    if not office:
        raise UsageError("--office is empty; give the office's name, e.g. --office \"IOM Lesotho\"")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"{folder} already exists and is not empty; choose a new folder")
    today = today or date.today()
    number = f"EXAMPLE-{today.year}-001"
    story = f"{today:%Y-%m}-welcome"
    files: dict[str, str | bytes] = {
        f"{CONTENT}/site.yaml": _site(office, organisation),
        f"{CONTENT}/donors.yaml": DONORS,
        f"{CONTENT}/awards.yaml": _awards(number, today),
        f"{CONTENT}/places.yaml": PLACES,
        f"{CONTENT}/activities.csv": _activities(number, story, today),
        f"{CONTENT}/stories/{story}.md": _story(office, today),
        f"{IMAGES}/{LOGO}": _logo(office),
    }
    # Written in a scratch folder and moved into place whole: never half a root.
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=f".{folder.name}.") as scratch:
        staged = Path(scratch) / "root"
        for rel, data in files.items():
            path = staged / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        if folder.exists():
            folder.rmdir()  # empty, checked above
        shutil.move(staged, folder)
    return [folder / rel for rel in files]
