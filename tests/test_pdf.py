"""The confined URL fetcher: a PDF build reads only the files it declares.

`bulletin.pdf.write_pdf` renders with `ConfinedFetcher`, which serves `file:`
URLs under the allowed folders (and `data:` URLs) and refuses everything else:
other local files (as an attachment, image, CSS url(), ...), symlinks leading
out of an allowed folder, and any network URL. Each refusal is reported as a
warning, and a failed rendering is a BuildError that leaves no file behind.
"""

from __future__ import annotations

import base64
import http.server
import io
import threading
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from bulletin import pdf as pdf_module
from bulletin.errors import BuildError
from bulletin.pdf import ConfinedFetcher, write_pdf
from conftest import CrashingHTML, poppler

PASSWD = Path("/etc/passwd")


def png_bytes(size=(60, 40), colour=(200, 40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


# --- a local web server that counts every request it gets -------------------

class _Counting(http.server.BaseHTTPRequestHandler):
    def _answer(self):
        self.server.requests.append(self.path)
        body = png_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_HEAD = do_POST = _answer

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture(scope="module")
def server():
    """A server on 127.0.0.1 whose `requests` list records every request made to it."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def base(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


# --- folders: one allowed, one not -------------------------------------------

@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """allowed/ (a photo, a note, symlinks leading out) and outside/ (a secret, a photo)."""
    top = tmp_path_factory.mktemp("fetch")
    allowed, outside = top / "allowed", top / "outside"
    allowed.mkdir()
    outside.mkdir()
    (allowed / "photo.png").write_bytes(png_bytes())
    (allowed / "note.txt").write_text("a note the build may attach\n")
    (outside / "secret.txt").write_text("TOP-SECRET-7f3a9c\n")
    (outside / "other.png").write_bytes(png_bytes(colour=(30, 30, 220)))
    (allowed / "link-to-secret.txt").symlink_to(outside / "secret.txt")
    (allowed / "link-to-photo.png").symlink_to(outside / "other.png")
    (allowed / "linked-folder").symlink_to(outside, target_is_directory=True)
    return {"top": top, "allowed": allowed, "outside": outside}


@pytest.fixture
def render(folders, tmp_path, monkeypatch):
    """render(body) -> (pdf path, warnings, URLs that reached the real fetcher)."""
    from weasyprint.urls import URLFetcher

    reached: list[str] = []
    real_fetch = URLFetcher.fetch

    def spy(self, url, headers=None):
        reached.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", spy)
    counter = iter(range(100))

    def run(body: str, *, head: str = "") -> tuple[Path, list[str], list[str]]:
        target = tmp_path / f"out{next(counter)}.pdf"
        html = f"<!doctype html><html lang=\"en\"><head>{head}</head><body><p>Hello</p>{body}</body></html>"
        warnings = write_pdf(html, target, base_url=folders["allowed"], allowed=[folders["allowed"]])
        assert target.is_file() and target.read_bytes().startswith(b"%PDF-")
        return target, warnings, list(reached)

    return run


def attachments(pdf: Path) -> int:
    first = poppler("pdfdetach", "-list", pdf).splitlines()[0]
    assert first.endswith("embedded files"), first
    return int(first.split()[0])


def images(pdf: Path) -> list[list[str]]:
    """Rows of `pdfimages -list` (page, num, type, width, height, ...)."""
    return [line.split() for line in poppler("pdfimages", "-list", pdf).splitlines()[2:] if line.strip()]


def text(pdf: Path) -> str:
    return poppler("pdftotext", pdf, "-")


def mentions(warnings: list[str], url: str) -> bool:
    return any(url in w for w in warnings)


# --- what is refused ----------------------------------------------------------

@pytest.mark.parametrize("kind", ["attachment", "img", "css-url", "css-list-image", "object"])
def test_local_files_outside_the_allowed_folders_are_refused(render, kind):
    url = PASSWD.as_uri()
    body, head = {
        "attachment": (f'<a rel="attachment" href="{url}">passwd</a>', ""),
        "img": (f'<img src="{url}" alt="test image">', ""),
        "css-url": ('<div class="box">x</div>',
                    f'<style>.box {{ height: 20mm; background-image: url("{url}") }}</style>'),
        "css-list-image": ("<ul><li>item</li></ul>", f'<style>ul {{ list-style-image: url("{url}") }}</style>'),
        "object": (f'<object data="{url}"></object>', ""),
    }[kind]
    pdf, warnings, reached = render(body, head=head)
    assert url not in reached  # never handed to the real fetcher, so never opened
    assert mentions(warnings, url), warnings
    assert attachments(pdf) == 0
    assert images(pdf) == []
    first_line = PASSWD.read_text().splitlines()[0]
    assert first_line not in text(pdf)


@pytest.mark.parametrize("url_of", [
    lambda f: (f["outside"] / "secret.txt").as_uri(),
    lambda f: f["allowed"].as_uri() + "/../outside/secret.txt",
    lambda f: f["allowed"].as_uri() + "/%2e%2e/outside/secret.txt",
    lambda f: "file://localhost" + str(f["outside"] / "secret.txt"),
    lambda f: "file://evil.example" + str(f["allowed"] / "note.txt"),
    lambda f: "FILE://" + str(f["outside"] / "secret.txt"),
], ids=["outside", "dot-dot", "encoded-dot-dot", "localhost", "other-host", "upper-case-scheme"])
def test_attachments_of_other_files_are_refused(render, folders, url_of):
    url = url_of(folders)
    pdf, warnings, reached = render(f'<a rel="attachment" href="{url}">file</a>')
    assert attachments(pdf) == 0
    assert "TOP-SECRET" not in text(pdf)
    assert warnings, "a refused attachment must be reported"
    assert not any("secret.txt" in r or "evil.example" in r for r in reached), reached


def test_symlinks_leading_out_of_an_allowed_folder_are_refused(render, folders):
    allowed = folders["allowed"]
    body = (f'<a rel="attachment" href="{(allowed / "link-to-secret.txt").as_uri()}">s</a>'
            f'<img src="link-to-photo.png" alt="test image">'
            f'<img src="linked-folder/other.png" alt="test image">')
    pdf, warnings, reached = render(body)
    assert attachments(pdf) == 0
    assert images(pdf) == []
    for name in ("link-to-secret.txt", "link-to-photo.png", "linked-folder/other.png"):
        assert mentions(warnings, name), (name, warnings)
        assert not any(name in r for r in reached), reached


def test_network_urls_are_never_requested(render, server):
    url = base(server)
    body = (f'<img src="{url}/img.png" alt="test image">'
            f'<a rel="attachment" href="{url}/attach.txt">a</a>'
            '<div class="box">x</div>')
    head = (f'<link rel="stylesheet" href="{url}/linked.css">'
            f'<style>@import url("{url}/imported.css");'
            f'.box {{ height: 20mm; background: url("{url}/background.png") }}'
            f'@font-face {{ font-family: Remote; src: url("{url}/font.ttf") }}'
            'p { font-family: Remote, serif }</style>')
    pdf, warnings, _ = render(body, head=head)
    assert server.requests == []
    for path in ("img.png", "attach.txt", "linked.css", "imported.css", "background.png"):
        assert mentions(warnings, f"{url}/{path}"), (path, warnings)
    assert attachments(pdf) == 0
    assert images(pdf) == []
    # The server does answer, so an empty request list above means something.
    with urllib.request.urlopen(f"{url}/probe.png", timeout=5) as response:
        assert response.status == 200
    assert server.requests == ["/probe.png"]
    server.requests.clear()


def test_plain_links_are_not_fetched(render, server):
    pdf, warnings, reached = render(f'<a href="{base(server)}/page">a web page</a>'
                                    f'<a href="{PASSWD.as_uri()}">a file link</a>')
    assert server.requests == []
    assert PASSWD.as_uri() not in reached
    assert attachments(pdf) == 0


# --- what is allowed ------------------------------------------------------------

def test_an_image_in_an_allowed_folder_is_embedded(render, folders):
    pdf, warnings, reached = render('<img src="photo.png" alt="test image">')
    rows = images(pdf)
    assert len(rows) == 1, rows
    assert rows[0][3:5] == ["60", "40"]
    assert warnings == []
    assert (folders["allowed"] / "photo.png").as_uri() in reached


def test_an_image_named_by_absolute_file_url_in_an_allowed_folder_is_embedded(render, folders):
    pdf, warnings, _ = render(f'<img src="{(folders["allowed"] / "photo.png").as_uri()}" alt="test image">')
    assert len(images(pdf)) == 1
    assert warnings == []


def test_an_allowed_file_can_be_attached(render, folders):
    """The control for the refusals above: pdfdetach does see an attachment made."""
    pdf, warnings, _ = render('<a rel="attachment" href="note.txt">note</a>')
    assert attachments(pdf) == 1
    assert warnings == []


def test_data_urls_are_served(render):
    data = base64.b64encode(png_bytes()).decode()
    pdf, warnings, _ = render(f'<img src="data:image/png;base64,{data}" alt="test image">')
    assert len(images(pdf)) == 1
    assert warnings == []


def test_fetcher_refuses_directly(folders):
    fetcher = ConfinedFetcher([folders["allowed"]])
    with pytest.raises(PermissionError):
        fetcher.fetch(PASSWD.as_uri())
    with pytest.raises(PermissionError):
        fetcher.fetch((folders["allowed"] / "link-to-secret.txt").as_uri())
    with pytest.raises(ValueError):
        fetcher.fetch("http://127.0.0.1:9/x.png")
    response = fetcher.fetch((folders["allowed"] / "note.txt").as_uri())
    try:
        assert response.read() == b"a note the build may attach\n"
    finally:
        response.close()


# --- failures ------------------------------------------------------------------

def leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_a_failed_rendering_is_a_build_error_and_leaves_no_file(folders, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_module, "HTML", CrashingHTML)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "newsletter.pdf"
    with pytest.raises(BuildError) as caught:
        write_pdf("<p>x</p>", target, base_url=folders["allowed"], allowed=[folders["allowed"]])
    assert "renderer crashed half-way" in str(caught.value)
    assert str(target) in str(caught.value)
    assert leftovers(out, set()) == []


def test_a_failed_rendering_keeps_the_previous_pdf(folders, tmp_path, monkeypatch):
    out = tmp_path / "out"
    target = out / "newsletter.pdf"
    write_pdf("<p>first edition</p>", target, base_url=folders["allowed"], allowed=[folders["allowed"]])
    before = target.read_bytes()

    class Crashing(CrashingHTML):
        error = ValueError("bad layout")

    monkeypatch.setattr(pdf_module, "HTML", Crashing)
    with pytest.raises(BuildError):
        write_pdf("<p>second edition</p>", target, base_url=folders["allowed"], allowed=[folders["allowed"]])
    assert target.read_bytes() == before
    assert leftovers(out, {"newsletter.pdf"}) == []


def test_a_real_weasyprint_failure_is_a_build_error(folders, tmp_path):
    """Without any stub: a target that cannot be written fails as a BuildError, not OSError."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    with pytest.raises(BuildError):
        write_pdf("<p>x</p>", blocker / "newsletter.pdf", base_url=folders["allowed"],
                  allowed=[folders["allowed"]])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_warnings_are_returned_not_printed(render, capsys):
    _, warnings, _ = render(f'<img src="{PASSWD.as_uri()}" alt="test image">')
    assert warnings
    captured = capsys.readouterr()
    assert "passwd" not in captured.err and "passwd" not in captured.out
