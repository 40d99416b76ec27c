"""Where an edition is published: `newsletter.web_url` in site.yaml and `--web-url`."""

from __future__ import annotations

import pytest

from bulletin import weburl

from conftest import SITE, line_of


@pytest.mark.parametrize("given, folder", [
    ("https://example.org/news/{period}/", "https://example.org/news/{period}/"),
    ("https://example.org/news/{period}", "https://example.org/news/{period}/"),
    ("  http://example.org/news/{period}/index.html ", "http://example.org/news/{period}/"),
    ("https://example.org", "https://example.org/"),
    ("https://news.example.org/2023-Q2/", "https://news.example.org/2023-Q2/"),
])
def test_a_web_url_is_the_folder_of_the_edition(given, folder):
    assert weburl.normalise(given) == folder


@pytest.mark.parametrize("given, message", [
    ("example.org/news/", "'example.org/news/' is not an absolute web address; "
                          "write it as https://example.org/news/{period}/"),
    ("ftp://example.org/news/", "'ftp://example.org/news/' is not an absolute web address; "
                                "write it as https://example.org/news/{period}/"),
    ("/news/{period}/", "'/news/{period}/' is not an absolute web address; "
                        "write it as https://example.org/news/{period}/"),
    ("https://example.org/news/{perod}/", "'https://example.org/news/{perod}/' has an unknown "
                                          "placeholder '{perod}'; did you mean 'period'?; "
                                          "only {period} is filled in"),
    ("https://example.org/news/?edition=1", "'https://example.org/news/?edition=1' must name a folder, "
                                            "without ?query or #fragment"),
    ("https://example.org/news/latest.html", "'https://example.org/news/latest.html' must name the "
                                             "edition's folder (or its index.html)"),
])
def test_a_bad_web_url_is_refused_in_words(given, message):
    with pytest.raises(ValueError) as caught:
        weburl.normalise(given)
    assert str(caught.value) == message


def test_the_period_is_filled_in_and_the_archive_sits_above_it():
    pattern = "https://example.org/news/{period}/"
    assert weburl.for_edition(pattern, "2023-Q2") == "https://example.org/news/2023-Q2/"
    assert weburl.for_edition(None, "2023-Q2") is None
    assert weburl.archive_url(pattern) == "https://example.org/news/"
    assert weburl.archive_url("https://example.org/{period}/news/") is None


def test_check_names_the_line_of_a_bad_web_url(make_root, check_root):
    site = SITE.replace("  slogan:", "  web_url: www.example.org/news/{period}/\n  slogan:")
    code, lines, _ = check_root(make_root({"content/site.yaml": site}))
    assert code == 1
    assert lines == [f"content/site.yaml:{line_of(site, 'web_url')}: error: newsletter.web_url: "
                     "'www.example.org/news/{period}/' is not an absolute web address; "
                     "write it as https://example.org/news/{period}/"]


def test_check_accepts_a_web_url_pattern(make_root, check_root):
    site = SITE.replace("  slogan:", "  web_url: https://example.org/news/{period}/\n  slogan:")
    code, lines, _ = check_root(make_root({"content/site.yaml": site}))
    assert (code, lines) == (0, [])


@pytest.mark.parametrize("command", [["newsletter"], ["all", "--jobs", "1"]])
def test_a_bad_web_url_on_the_command_line_is_a_usage_error(root, tmp_path, run_cli, command):
    code, out, err = run_cli(*command, "--period", "2023-Q2", "--root", root, "--out", tmp_path / "out",
                             "--web-url", "example.org/news")
    assert code == 2
    assert "argument --web-url: 'example.org/news' is not an absolute web address" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()
