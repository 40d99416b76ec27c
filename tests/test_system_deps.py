"""scripts/system-deps.sh: installs what is missing as root, else prints the exact command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from support import REPO

SCRIPT = REPO / "scripts" / "system-deps.sh"
PACKAGES = ("libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils chromium libreoffice-writer-nogui postgresql "
            "default-jre-headless")


def fake(folder, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


@pytest.fixture
def machine(tmp_path):
    """A PATH on which nothing is installed (grep aside: the script's own tool), Java
    included; `id -u` and apt-get are stand-ins. run(uid, java=True) puts a java on it."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    (bin_ / "grep").symlink_to(shutil.which("grep"))
    fake(bin_, "dpkg-query", "exit 1")
    fake(bin_, "apt-get", f'echo "apt-get $*" >> {tmp_path}/apt.log')

    def run(uid: int, java: bool = False) -> subprocess.CompletedProcess:
        fake(bin_, "id", f"echo {uid}")
        if java:
            fake(bin_, "java", "exit 0")
        env = {**os.environ, "PATH": str(bin_), "PYTHON": sys.executable}
        return subprocess.run([shutil.which("bash"), str(SCRIPT)], env=env, capture_output=True, text=True,
                              timeout=60)

    return run


def test_without_root_it_stops_with_the_command_to_run(machine, tmp_path):
    done = machine(uid=1000)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"system-deps: missing Debian packages: {PACKAGES}",
        "run this once, then try again:",
        f"  sudo apt-get install -y --no-install-recommends {PACKAGES}",
    ]
    assert not (tmp_path / "apt.log").exists()


def test_as_root_it_installs_what_is_missing(machine, tmp_path):
    done = machine(uid=0)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "apt.log").read_text().splitlines() == [
        "apt-get update -qq",
        f"apt-get install -y -qq --no-install-recommends {PACKAGES}",
    ]


def test_a_java_already_on_path_is_enough(machine, tmp_path):
    done = machine(uid=0, java=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "apt.log").read_text().splitlines()[-1] == \
        f"apt-get install -y -qq --no-install-recommends {PACKAGES.removesuffix(' default-jre-headless')}"


def test_ci_runs_the_readmes_make_test():
    ci = (REPO / ".ci" / "run").read_text()
    assert ci.rstrip().endswith("make test")
    assert "system-deps.sh" in (REPO / "Makefile").read_text()
