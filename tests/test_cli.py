"""The command line: every command has --help, is in the README, and keeps the contract's forms."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bulletin.cli import _parser, main

REPO = Path(__file__).resolve().parents[1]
COMMANDS = ["check", "newsletter", "report", "reports", "all", "serve", "new", "init"]
ROOTLESS = ["init"]  # makes a root rather than reading one


def subcommands() -> dict:
    action = next(a for a in _parser()._actions if a.dest == "command")
    return action.choices


def test_the_contract_commands_all_exist():
    assert sorted(subcommands()) == sorted(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_root(command, capsys):
    with pytest.raises(SystemExit) as exit:
        main([command, "--help"])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: build.py {command}" in out
    assert ("--root ROOT" in out) == (command not in ROOTLESS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"python3 build.py {command}" in readme


@pytest.mark.parametrize("args", [[], ["nope"], ["report", "--period", "2023-Q2"],
                                  ["report", "--award", "X", "--period", "2023-Q2", "--issued", "15/07/2023"],
                                  ["reports", "--period", "2023-Q2", "--jobs", "0"]])
def test_wrong_usage_exits_2(args, capsys):
    try:
        code = main(args)
    except SystemExit as exit:
        code = exit.code
    assert code == 2
    assert capsys.readouterr().err


def test_build_py_runs_from_a_checkout(tmp_path):
    """The contract's form: `python build.py ...`, from any folder."""
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "check", "--root", str(REPO)],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"checked {REPO}: 14 stories, 48 activities: 0 errors, 0 warnings")
