"""The HTML copy beside every executed notebook, and a report for an award without a results framework."""

from __future__ import annotations

import nbformat
import pytest
from bs4 import BeautifulSoup
from conftest import make_root_at, run_build
from openpyxl import load_workbook

from bulletin.notebook_html import html_copy, notebook_html


def test_report_without_a_framework_has_no_progress_section_and_no_warning(report_build):
    result = report_build.result
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr and "missing" not in result.stderr
    page = BeautifulSoup((report_build.folder / "report.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select("section#progress") == [] and page.select("section.narrative") == []
    assert "indicator" not in page.get_text().lower()
    # the figures since the award started are there for every award
    assert page.select_one("section#key-figures-to-date h2").get_text() == "Since the award started"
    # no Indicators sheet without a framework (the breakdowns and About are every report's)
    assert load_workbook(report_build.folder / "activities.xlsx").sheetnames == \
        ["Activities", "By district", "By type", "By month", "About"]


def test_report_folder_holds_the_notebooks_html_copy_linked_from_the_annex(report_build):
    copy = report_build.folder / "report.ipynb.html"
    page = BeautifulSoup(copy.read_text(encoding="utf-8"), "html.parser")
    text = page.get_text()
    assert "payload.report_payload(reading)" in text  # the code
    assert "TIP-2023-014" in text  # and its outputs
    assert page.find("script") is None
    report = BeautifulSoup((report_build.folder / "report.html").read_text(encoding="utf-8"), "html.parser")
    assert report.select_one("section#sources a")["href"] == "report.ipynb.html"
    assert str(copy) in report_build.result.stdout.splitlines()


@pytest.fixture(scope="module")
def newsletter(tmp_path_factory):
    top = tmp_path_factory.mktemp("newsletter-html")
    root = make_root_at(top / "root")
    result = run_build("newsletter", "--period", "2023-Q2", "--root", root, "--out", top / "out")
    assert result.returncode == 0, result.stderr
    return top / "out" / "newsletter" / "2023-Q2", result


def test_newsletter_folder_holds_the_notebooks_html_copy(newsletter):
    folder, result = newsletter
    copy = folder / "newsletter.ipynb.html"
    assert str(copy) in result.stdout.splitlines()
    page = BeautifulSoup(copy.read_text(encoding="utf-8"), "html.parser")
    assert "payload.newsletter_payload" in page.get_text()
    assert page.find("script") is None


def test_html_copy_of_a_hostile_output_shows_no_markup(tmp_path):
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("show(title)")
    hostile = '<b>bold</b><script>alert(1)</script><img src=x onerror="alert(2)">'
    data = {"text/html": hostile, "text/plain": "title"}
    cell.outputs = [nbformat.v4.new_output("display_data", data=data)]
    notebook.cells = [cell]
    executed = tmp_path / "report.ipynb"
    nbformat.write(notebook, executed)
    page = BeautifulSoup(notebook_html(executed), "html.parser")
    assert page.find("script") is None
    assert all(not img.get("onerror") for img in page.find_all("img"))
    assert html_copy(executed) == tmp_path / "report.ipynb.html"


def test_preview_links_the_notebooks_html_copies_and_serves_nothing_else(root, tmp_path):
    import threading
    import urllib.error
    import urllib.request

    from bulletin.serve import make_server

    (root / "build" / "reports" / "A" / "2023-Q2").mkdir(parents=True)
    (root / "build" / "reports" / "A" / "2023-Q2" / "report.ipynb.html").write_text("<p>cells</p>")
    (root / "build" / "reports" / "A" / "2023-Q2" / "report.ipynb").write_text("{}")
    server, _ = make_server(root, tmp_path / "cache", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        index = urllib.request.urlopen(base + "/", timeout=20).read().decode()
        assert 'href="/built/reports/A/2023-Q2/report.ipynb.html"' in index
        page = urllib.request.urlopen(base + "/built/reports/A/2023-Q2/report.ipynb.html", timeout=20)
        assert page.read() == b"<p>cells</p>"
        for other in ("/built/reports/A/2023-Q2/report.ipynb", "/built/../content/site.yaml.ipynb.html"):
            with pytest.raises(urllib.error.HTTPError):
                urllib.request.urlopen(base + other, timeout=20)
    finally:
        server.shutdown()
        server.server_close()
