"""`serve`: a live preview for people writing stories.

Pages are rendered from the files as they are at each request, in this
process, without the notebook or the PDF, so a saved story shows at once.
A watcher bumps a version number when content, images or templates change,
and each page polls it and reloads. Problems that `check` finds are shown
on the page instead of stopping the preview. Only 127.0.0.1 is served.
"""

from __future__ import annotations

import mimetypes
import tempfile
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .check import check
from .errors import BulletinError, ContentError
from .periods import parse_period, quarter_of
from .project import CONTENT, IMAGES, Project
from .render import FONTS, Media, environment, render, template_dirs
from .views import story_view

RELOAD = b"""<script>
(function () {  /* injected by the preview only: reload when a file changes */
  var seen = null;
  setInterval(function () {
    fetch("/__version").then(function (r) { return r.text(); }).then(function (v) {
      if (seen !== null && v !== seen) { location.reload(); }
      seen = v;
    }).catch(function () {});
  }, 800);
})();
</script>
"""

# On an edition's page (served at /edition/PERIOD/): the print pages, on request.
PRINT_LINK = ('<p class="preview-bar"><a href="print">See the print pages (PDF) and '
              "WeasyPrint's warnings</a></p>")


class PreviewMedia(Media):
    """Photos prepared at web size, served from the cache by the preview."""

    name = "web"

    def width(self, slot: str, source: Path) -> int:
        from .layout import WEB_WIDTHS

        return WEB_WIDTHS[slot]

    def url(self, path: Path) -> str:
        return "/cache/" + path.resolve().relative_to(self.cache.resolve()).as_posix()


class Preview:
    def __init__(self, root: Path, cache: Path):
        self.root, self.cache = Path(root), Path(cache)
        self.version = 0
        self.env = environment(self.root)
        self._pdfs: dict[tuple[str, int], tuple[bytes, list[str]]] = {}
        self._lock = threading.Lock()

    def bump(self) -> None:
        self.version += 1

    def page(self, path: str) -> tuple[int, str, bytes]:
        parts = [unquote(p) for p in urlsplit(path).path.split("/") if p]
        if parts == ["__version"]:
            return HTTPStatus.OK, "text/plain", str(self.version).encode()
        if parts[:1] == ["cache"]:
            return _file(self.cache, parts[1:])
        if parts[:1] == ["fonts"]:
            return _file(FONTS, parts[1:])
        if parts[:1] == ["built"] and parts[-1].endswith(NOTEBOOK_COPY):
            return _file(self.root / BUILT, parts[1:])
        project, problems = check(self.root)
        media = PreviewMedia(self.root, self.cache)
        try:
            if not parts:
                html = self._index(project, problems)
            elif parts[0] == "story" and len(parts) == 2:
                html = self._story(project, problems, parts[1], media)
            elif parts[0] == "edition" and len(parts) == 2:
                html = self._edition(project, problems, parts[1], media)
            elif parts[0] == "edition" and parts[2:] == ["newsletter.pdf"]:
                return HTTPStatus.OK, "application/pdf", self._pdf(project, parts[1])[0]
            elif parts[0] == "edition" and parts[2:] == ["print"]:
                html = self._print(project, problems, parts[1])
            else:
                return HTTPStatus.NOT_FOUND, "text/plain", b"not found"
        except ContentError as exc:  # e.g. a photo that cannot be read: show why
            html = self._render(project, exc.problems + problems)
        except BulletinError as exc:
            return HTTPStatus.NOT_FOUND, "text/plain", str(exc).encode()
        # Pages live at several depths here: fonts are served from the top.
        page = html.replace('url("fonts/', 'url("/fonts/').encode()
        return HTTPStatus.OK, "text/html; charset=utf-8", page.replace(b"</body>", RELOAD + b"</body>")

    def _render(self, project: Project, problems, **context) -> str:
        context = {"story": None, "site": project.site, "root": str(self.root.resolve()), **context}
        return render(self.env, "preview.html.j2", medium="web", problems=problems, **context)

    def _index(self, project: Project, problems) -> str:
        editions = sorted({quarter_of(s.date) for s in project.stories}, key=lambda p: p.start,
                          reverse=True)
        stories = sorted(project.stories, key=lambda s: s.date, reverse=True)
        return self._render(project, problems, editions=editions, stories=stories,
                            notebooks=built_notebooks(self.root))

    def _story(self, project: Project, problems, slug: str, media: Media) -> str:
        story = next((s for s in project.stories if s.slug == slug), None)
        name = f"{CONTENT}/stories/{slug}.md"
        mine = [p for p in problems if p.path == name]
        if story is None:
            return self._render(project, mine or problems)
        from .consent import build_day, states

        return self._render(project, mine, story=story_view(project, story, media),
                            consent=states(project, story, build_day()))

    def _edition(self, project: Project, problems, label: str, media: Media) -> str:
        page = render(self.env, "newsletter.html.j2", medium="web",
                      **self._edition_context(project, label, media))
        box = render(self.env, "_problems.html.j2", problems=problems)
        box += PRINT_LINK
        return page.replace('<body class="web">', '<body class="web">' + box, 1)

    def _edition_context(self, project: Project, label: str, media: Media, moves: dict = {}) -> dict:
        from . import payload
        from .newsletter import Newsletter, context

        period = parse_period(label)
        # the same figures as the build's notebook, from the same kind of reading
        edition = payload.newsletter_payload(Newsletter().snapshot(project, period))
        # not published yet: no web address, so links stay within the preview
        return {**context(project, period, edition, media, moves), "web_url": None}

    def _pdf(self, project: Project, label: str) -> tuple[bytes, list[str]]:
        """The print edition as it is now, and WeasyPrint's warnings; rendered once
        per version of the files, as the print view and its PDF both ask for it."""
        from .publish import print_pdf

        with self._lock:
            key = (label, self.version)
            if key not in self._pdfs:
                media = Media(self.root, self.cache)

                def print_html(moves: dict) -> str:  # laid out again as a build does (refit.py)
                    return render(self.env, "newsletter.html.j2", medium="print",
                                  **self._edition_context(project, label, media, moves))

                with tempfile.TemporaryDirectory(prefix="bulletin-preview-") as folder:
                    target = Path(folder) / "newsletter.pdf"
                    warnings = print_pdf(project, print_html({}), target, self.cache, relayout=print_html)
                    self._pdfs = {key: (target.read_bytes(), warnings)}  # keep only the latest
            return self._pdfs[key]

    def _print(self, project: Project, problems, label: str) -> str:
        period = parse_period(label)
        _, warnings = self._pdf(project, label)
        return self._render(project, problems, print_view=period, pdf_warnings=warnings)


BUILT, NOTEBOOK_COPY = "build", ".ipynb.html"


def built_notebooks(root: Path) -> list[str]:
    """The HTML copies of the notebooks of the last builds into ROOT/build, as preview paths."""
    folder = Path(root) / BUILT
    found = sorted(folder.glob(f"*/**/*{NOTEBOOK_COPY}")) if folder.is_dir() else []
    return [p.relative_to(folder).as_posix() for p in found]


def _file(folder: Path, parts: list[str]) -> tuple[int, str, bytes]:
    """A file inside `folder`, never outside it."""
    base = folder.resolve()
    path = base.joinpath(*parts).resolve() if parts else base
    if not path.is_relative_to(base) or not path.is_file():
        return HTTPStatus.NOT_FOUND, "text/plain", b"not found"
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return HTTPStatus.OK, kind, path.read_bytes()


def make_server(root: Path, cache: Path, port: int) -> tuple[ThreadingHTTPServer, Preview]:
    preview = Preview(root, cache)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server name
            try:
                status, kind, body = preview.page(self.path)
            except Exception as exc:  # a bug: say so on the page, keep serving
                status, kind = HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8"
                body = f"preview failed: {type(exc).__name__}: {exc}".encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # keep the terminal for problems, not every request
            pass

    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    except OSError as exc:
        raise BulletinError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror}); "
                            "pass another --port") from None
    server.daemon_threads = True
    return server, preview


def watch(root: Path, preview: Preview, stop: threading.Event) -> None:
    """Bump the preview's version whenever content, photos or templates change."""
    import watchfiles

    folders = [p for p in (root / CONTENT, root / IMAGES, *template_dirs(root)) if p.is_dir()]
    for _ in watchfiles.watch(*folders, stop_event=stop, debounce=200):
        preview.bump()


def serve(root: Path, cache: Path, port: int) -> None:
    server, preview = make_server(root, cache, port)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(Path(root), preview, stop), daemon=True)
    watcher.start()
    print(f"Previewing {root} at http://127.0.0.1:{server.server_address[1]}/ "
          "(it updates as you save; Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    finally:
        stop.set()
        server.server_close()
