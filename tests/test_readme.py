"""The README's commands work as printed, and its links stay inside the repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from support import REPO, normalise, poppler

README = (REPO / "README.md").read_text(encoding="utf-8")

# Run elsewhere or not at all, on purpose: `make demo` is what the commands
# come after, `make test` is this very run, `serve` and `make lab` run until
# stopped.
NOT_RUN_HERE = ("make demo", "make test", "make lab", "python3 build.py serve")


def readme_commands() -> list[str]:
    """Every command line in the README's ```sh blocks, comments dropped."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for line in block.splitlines():
            command = line.split("  #", 1)[0].strip()
            if command and not command.startswith("#"):
                commands.append(command)
    return commands


def test_the_readme_has_commands_to_try():
    commands = readme_commands()
    assert "make demo" in commands
    assert any(c.startswith("python3 build.py init") for c in commands)


def test_readme_links_stay_inside_the_repository():
    links = re.findall(r"\]\(([^)]+)\)", README)
    assert links
    for link in links:
        assert not link.startswith(("..", "/")), link
        if not re.match(r"https?://", link):
            assert (REPO / link.split("#")[0]).exists(), link


@pytest.mark.slow
def test_every_readme_command_exits_0_as_printed(tmp_path):
    """In a copy of the repository that shares its .venv, as after `make demo`."""
    copy = tmp_path / "bulletin"
    shutil.copytree(REPO, copy, symlinks=True,
                    ignore=shutil.ignore_patterns(".venv", "build", ".git", "my-office", "__pycache__",
                                                  ".pytest_cache", "*.egg-info"))
    (copy / ".venv").symlink_to(REPO / ".venv")
    # a shell as a newcomer has it: python3 is whatever the system has, not .venv's
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    ran = []
    for command in readme_commands():
        if command.startswith(NOT_RUN_HERE):
            continue
        done = subprocess.run(command, shell=True, cwd=copy, env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, f"{command}\n{done.stderr}"
        ran.append(command)
    assert len(ran) >= 6
    assert (copy / "build" / "newsletter" / "2023-Q2" / "newsletter.pdf").exists()
    assert list((copy / "my-office" / "build" / "reports").glob("*/*/report.pdf"))
    # a 2023 report built today is dated when its period ended, and says so
    cover = poppler("pdftotext", "-l", "1", copy / "build/reports/SSITIP20GR0006/2023-Q2/report.pdf", "-")
    assert "1 July 2023 (the day after the period ended)" in normalise(cover)
