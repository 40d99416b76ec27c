"""A new office's first build, as a new user makes it: `init`, then `all`, without a single warning.

The README promises that a root written by `init` builds as it stands. A
warning on that first run (no web address for the email, a missing
narrative) would be the first thing a new user reads, so it fails here.
"""

from __future__ import annotations

import email
import email.policy
from datetime import date

from support import normalise, pdf_page_texts, read, run_build


def test_init_then_all_builds_a_newsletter_and_a_report_without_a_warning(tmp_path):
    office = tmp_path / "my-office"
    made = run_build("init", office, "--office", "IOM Lesotho")
    assert made.returncode == 0, made.stderr

    built = run_build("all", "--root", office)
    assert built.returncode == 0, built.stderr
    assert "warning" not in built.stderr.lower(), built.stderr
    assert "Traceback" not in built.stderr

    today = date.today()
    period = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    edition = office / "build" / "newsletter" / period
    newsletter = normalise(" ".join(pdf_page_texts(edition / "newsletter.pdf")))
    assert "IOM Lesotho Newsletter" in newsletter
    assert "Welcome to the IOM Lesotho newsletter" in newsletter
    # the example web address makes the email's links absolute, so it could be sent as it is
    assert f"https://example.org/news/{period}/" in read(edition, "email.txt")
    # a draft from the office's contact to the example list address, ready once that is replaced
    message = email.message_from_bytes((edition / "email.eml").read_bytes(), policy=email.policy.default)
    assert str(message["From"]) == "IOM Lesotho <communication@example.org>"
    assert str(message["To"]) == "newsletter@example.org"
    [report] = (office / "build" / "reports").glob(f"*/{period}/report.pdf")
    assert "Example workshop" in normalise(" ".join(pdf_page_texts(report)))
