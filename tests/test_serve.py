"""The live preview: pages render from the files as they are, and change as they change."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request

import pytest

from bulletin.serve import make_server, watch

from conftest import edit


@pytest.fixture
def preview(root, tmp_path):
    server, preview = make_server(root, tmp_path / "cache", 0)  # port 0: any free port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield base, preview
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_listens_on_loopback_only(preview):
    base, _ = preview
    assert base.startswith("http://127.0.0.1:")


def test_index_lists_editions_and_stories(preview):
    base, _ = preview
    status, page = get(base + "/")
    assert status == 200
    assert 'href="/edition/2023-Q2/"' in page and "April–June 2023" in page
    assert 'href="/story/referral-committees/"' in page
    assert "/__version" in page, "pages poll for changes"


def test_a_saved_story_shows_at_once(preview, root):
    base, _ = preview
    status, page = get(base + "/story/referral-committees/")
    assert status == 200
    assert "District committees step up the national referral mechanism" in page
    edit(root, "content/stories/referral-committees.md",
         "title: District committees step up the national referral mechanism",
         "title: Committees in two districts learn the referral pathway")
    _, page = get(base + "/story/referral-committees/")
    assert "Committees in two districts learn the referral pathway" in page


def test_story_photos_are_served_from_the_cache(preview):
    base, _ = preview
    _, page = get(base + "/story/referral-committees/")
    sources = [part.split('"', 1)[0] for part in page.split('src="')[1:]]
    assert sources and all(src.startswith("/cache/") for src in sources)
    for src in sources:
        status, _ = get(base + src)
        assert status == 200


def test_problems_are_shown_on_the_page_not_raised(preview, root):
    base, _ = preview
    edit(root, "content/stories/referral-committees.md", "theme: tip", "theme: tipp")
    status, page = get(base + "/story/referral-committees/")
    assert status == 200
    assert "unknown theme &#39;tipp&#39;; did you mean &#39;tip&#39;?" in page


def test_edition_preview_has_the_numbers(preview):
    base, _ = preview
    status, page = get(base + "/edition/2023-Q2/")
    assert status == 200
    assert "In numbers" in page and 'url("/fonts/' in page


@pytest.mark.parametrize("path", ["/nope", "/cache/../../content/site.yaml", "/fonts/../base.html.j2",
                                  "/edition/2023-Q9/"])
def test_nothing_outside_its_folders_is_served(preview, path):
    base, _ = preview
    status, _ = get(base + path)
    assert status == 404


def test_watcher_bumps_the_version_when_content_changes(root, tmp_path):
    server, preview = make_server(root, tmp_path / "cache", 0)
    server.server_close()  # only the version counter is needed here
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(root, preview, stop), daemon=True)
    watcher.start()
    try:
        time.sleep(0.5)  # let the watcher start
        story = root / "content/stories/mobile-clinic.md"
        edit(root, "content/stories/mobile-clinic.md", "title:", "title: New")
        deadline = time.monotonic() + 10
        while preview.version == 0 and time.monotonic() < deadline:
            time.sleep(0.5)
            # on a loaded machine the watcher may start after the first edit: edit again
            story.write_text(story.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert preview.version > 0
    finally:
        stop.set()
        watcher.join(timeout=5)
