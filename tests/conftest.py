"""Fixtures, and the lanes: the helpers themselves are in tests/support.py.

Every name support.py had here before it moved is re-exported, so
`from conftest import edit` keeps working. End-to-end tests (notebooks run,
PDFs rendered, wheels built) are marked `slow` by module below, so
`make test-fast` (pytest -m "not slow") stays a quick lane for unit tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import (  # noqa: F401 - re-exported: tests import these from conftest
    REPO, SITE, DONORS, AWARDS, PLACES, ACTIVITIES, STORY_REFERRAL, STORY_CLINIC, TEXT_FILES,
    image_bytes, binary_files, write, read, edit, line_of, make_root_at, run_main, poppler,
    pdf_pages, pdf_page_texts, normalise, AWARD_A, AWARD_B, AWARD_C, REPORT_DONORS, REPORT_AWARDS,
    REPORT_ACTIVITIES, STORY_BORDER, REPORT_FILES, write_report_root, run_build, flatten_pdf_text,
    report_pdf_text, ReportBuild,
)


@pytest.fixture
def make_root(tmp_path):
    """A factory: `make_root(files=None, **more)` writes a tiny valid root, returns its path."""
    counter = iter(range(1000))

    def make(files: dict[str, str | bytes | None] | None = None, **more) -> Path:
        return make_root_at(tmp_path / f"root{next(counter)}", files, **more)

    return make


@pytest.fixture
def root(make_root) -> Path:
    return make_root()


@pytest.fixture
def run_cli(capsys):
    """run_cli(*args) -> (exit code, stdout, stderr) of bulletin.cli.main."""
    from bulletin.cli import main

    def run(*args) -> tuple[int, str, str]:
        capsys.readouterr()  # drop anything printed before
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse on wrong usage
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def check_root(run_cli):
    """check_root(root) -> (exit code, stderr lines, stdout) of `check --root root`."""

    def run(root: Path) -> tuple[int, list[str], str]:
        code, out, err = run_cli("check", "--root", root)
        return code, err.splitlines(), out

    return run


@pytest.fixture(scope="session")
def make_root_once(tmp_path_factory):
    """Session-wide `make_root`: make_root_once(name, files=None, **more) -> a new root."""

    def make(name: str, files: dict[str, str | bytes | None] | None = None, **more) -> Path:
        return make_root_at(tmp_path_factory.mktemp(name) / "root", files, **more)

    return make


@pytest.fixture(scope="session")
def report_root(tmp_path_factory) -> Path:
    """The donor-report root; builds only read it."""
    return write_report_root(tmp_path_factory.mktemp("report-root"))


@pytest.fixture(scope="session")
def report_build(report_root, tmp_path_factory) -> ReportBuild:
    """Award A's report for 2023-Q2, built once per session."""
    return ReportBuild(report_root, tmp_path_factory.mktemp("report-out"))


# Modules whose tests build real outputs. Listed here rather than marked in
# each file, so a new end-to-end test file joins the slow lane in one place.
# Measured with `pytest -m "not slow" --durations=0`: each of these spends
# seconds to minutes running notebooks, WeasyPrint or Chromium.
SLOW_MODULES = {
    "test_batch", "test_demo", "test_newsletter", "test_notebooks", "test_report", "test_spreadsheet",
    "test_archive", "test_browser", "test_email", "test_first_contact", "test_notebook_html",
    "test_payload", "test_print_layout", "test_results_report", "test_serve_print", "test_kernel_server",
    "test_large_award", "test_layout_invariants", "test_valid_html", "test_long_words",
    "test_consent_outputs",
    "test_postgresql",
}
# Modules that mix quick unit tests with end-to-end builds: only the builds are slow.
SLOW_TESTS = {
    "test_bad_input": {
        "test_female_only_row_agrees_in_report_spreadsheet_and_notebook",
        "test_the_executed_notebook_keeps_no_scratch_path", "test_report_rebuild_is_byte_identical",
        "test_newsletter_rebuild_is_byte_identical", "test_a_story_without_activities_builds_its_edition",
        "test_a_long_unbreakable_word_stays_on_the_page", "test_a_slashed_award_number_gets_one_safe_folder",
        "test_kill_9_of_a_batch_leaves_no_process_and_the_next_build_clears_its_staging",
        "test_a_failing_notebook_is_named_and_nothing_lands",
        "test_ctrl_c_ends_a_batch_quietly_with_130", "test_ctrl_c_while_the_newsletter_kernel_runs",
        "test_a_withdrawn_photo_leaves_the_web_edition_on_rebuild",
    },
    "test_gallery": {"test_a_short_storys_three_photos_print_side_by_side_at_one_height",
                     "test_a_photo_alone_beside_white_prints_across_the_page",
                     "test_a_short_lead_storys_quotes_print_beside_the_side_panel"},
    "test_weasyprint_crash": {"test_a_58_story_edition_is_published_with_every_story"},
    "test_cofunding": {"test_report_says_the_activity_is_co_funded"},
    "test_languages": {"test_the_french_edition_is_in_french_and_says_what_is_not",
                       "test_the_english_edition_is_unchanged_but_for_its_links_to_the_french",
                       "test_a_report_in_french_pdf_web_and_word"},
    "test_activity_sources": {"test_the_kobo_samples_reports_equal_the_csv_samples",
                              "test_an_unchanged_database_is_not_built_again"},
}


def pytest_collection_modifyitems(items):
    for item in items:
        module = item.module.__name__
        if module in SLOW_MODULES or item.originalname in SLOW_TESTS.get(module, ()):
            item.add_marker(pytest.mark.slow)


def pytest_ignore_collect(collection_path, config):
    """The fast lane does not even import the slow modules (their imports alone take seconds)."""
    if config.getoption("markexpr") == "not slow" and collection_path.stem in SLOW_MODULES:
        return True
    return None


class CrashingHTML:
    """Stands in for weasyprint.HTML: writes half a PDF, then fails with `error`."""

    error: Exception = RuntimeError("renderer crashed half-way")

    def __init__(self, *args, **kwargs):
        pass

    pages: list = []  # laid out: no page left white (refit.py)

    def render(self, *args, **kwargs):  # the laid-out document: it fails as it is written
        return self

    def write_pdf(self, target, *args, **kwargs):
        Path(target).write_bytes(b"%PDF-1.7\n% half a document")
        raise self.error


def _page_fill():
    import importlib.util

    spec = importlib.util.spec_from_file_location("page_fill", REPO / "scripts" / "page_fill.py")
    page_fill = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(page_fill)
    return page_fill


def page_white_bands(pdf: Path) -> list[float]:
    """Each page's tallest full-width white band inside the text area, in mm (scripts/page_fill.py)."""
    return _page_fill().white_bands(pdf)


def white_beside_panel(pdf: Path) -> float:
    """Page 1's tallest white band across the lead story's column, in mm (scripts/page_fill.py)."""
    return _page_fill().white_beside_panel(pdf)


def white_beside_photos(pdf: Path) -> list[list[tuple[float, float]]]:
    """Each page's photos in a column: height and the white beside it, in mm (scripts/page_fill.py)."""
    return _page_fill().white_beside_photos(pdf)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium (/usr/bin/chromium) driven by Playwright, never a browser of its
    own download; as root, and with none of its background connections (no network here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-dev-shm-usage"])
        yield chromium
        chromium.close()
