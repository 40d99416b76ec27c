"""content/sources.yaml reading a real PostgreSQL server (sql_source.py, through psycopg 3).

The test starts a cluster of its own: Debian's `postgresql` package
(scripts/system-deps.sh installs it for `make test`), initdb into a temporary
folder as a user that is not root (PostgreSQL refuses to run as root), a free
port on 127.0.0.1 with a password login, the unix socket in the temporary
folder, stopped at the end. Skipped, saying why, where the binaries are missing.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from kobo_root import REPO, sample_rows  # noqa: E402
from support import run_main  # noqa: E402

PASSWORD = "s3cret-Pg-9917"
USER = "reader"


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(folder: Path):
    """Run the server's commands as root's `nobody` (PostgreSQL refuses root), else as we are."""
    if os.geteuid() != 0:
        return []
    entry = pwd.getpwnam("nobody")
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return ["runuser", "-u", "nobody", "--"]


@pytest.fixture(scope="module")
def server():
    """(host, port) of a running PostgreSQL with a database `me` holding activity_log."""
    pytest.importorskip("psycopg", reason="psycopg 3 is not installed: pip install -e '.[postgresql]'")
    binaries = _binaries()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                    "apt-get install postgresql, as scripts/system-deps.sh does")
    # not under pytest's temporary folders: those are root's alone (0700), out of the server's reach
    with tempfile.TemporaryDirectory(prefix="bulletin-pg-") as name:
        yield from _cluster(binaries, Path(name))


def _cluster(binaries: Path, folder: Path):
    folder.chmod(0o755)
    data, sock = folder / "data", folder / "sock"
    sock.mkdir()
    (folder / "pw").write_text(PASSWORD + "\n")
    prefix = _as_owner(folder)
    run = lambda *args: subprocess.run([*prefix, *map(str, args)], check=True, capture_output=True,  # noqa: E731
                                       text=True, timeout=120, cwd=folder)
    run(binaries / "initdb", "-D", data, "-U", "postgres", "--auth-local=trust",
        "--auth-host=scram-sha-256", "-E", "UTF8", "--no-instructions")
    port = _free_port()
    run(binaries / "pg_ctl", "-D", data, "-l", folder / "log", "-w", "-t", "60", "start", "-o",
        f"-p {port} -k {sock} -c listen_addresses=127.0.0.1")
    try:
        _load(run, binaries, sock, port)
        yield "127.0.0.1", port
    finally:
        run(binaries / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")


def _load(run, binaries: Path, sock: Path, port: int) -> None:
    rows = [r for r in sample_rows()]
    values = ",\n".join(
        "(" + ", ".join(_literal(v) for v in (r["id"], r["title"], r["start"], r["end"], r["district"],
                                               r["theme"], r["award"], r["type"], r["participants"],
                                               r["female"], r["male"], r["partners"], r["story"])) + ")"
        for r in rows)
    script = f"""
CREATE ROLE {USER} LOGIN PASSWORD '{PASSWORD}';
CREATE DATABASE me OWNER {USER};
\\connect me
CREATE TABLE activity_log (code text, title text, started_on date, ended_on date, district text,
  theme text, award text, type text, participants integer, female integer, male integer,
  partners text, story text);
INSERT INTO activity_log VALUES {values};
GRANT SELECT ON activity_log TO {USER};
"""
    (sock.parent / "load.sql").write_text(script, encoding="utf-8")
    os.chmod(sock.parent / "load.sql", 0o644)
    run(binaries / "psql", "-v", "ON_ERROR_STOP=1", "-q", "-h", sock, "-p", port, "-U", "postgres",
        "-d", "postgres", "-f", sock.parent / "load.sql")


def _literal(value: str) -> str:
    if value == "":
        return "NULL"
    return "'" + value.replace("'", "''") + "'"


SOURCES = """\
activities:
  - url: postgresql+psycopg://{user}:{password}@{host}:{port}/me
    query: SELECT * FROM activity_log
    columns: {{id: code, start: started_on, end: ended_on}}
"""


def _root(tmp_path: Path, host: str, port: int, password: str = PASSWORD) -> Path:
    root = tmp_path / "root"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "images", root / "images")
    (root / "content" / "activities.csv").unlink()
    (root / "content" / "sources.yaml").write_text(
        SOURCES.format(user=USER, password=password, host=host, port=port), encoding="utf-8")
    return root


def test_activities_read_from_postgresql_equal_the_csv_sample(server, tmp_path):
    from bulletin.project import load_project

    root = _root(tmp_path, *server)
    read, problems = load_project(root)
    sample, _ = load_project(REPO)
    assert [p for p in problems if p.is_error] == []
    strip = lambda a: a.model_dump(exclude={"line", "origin", "uuid"})  # noqa: E731
    assert sorted(map(strip, read.activities), key=lambda a: a["id"]) == \
        sorted(map(strip, sample.activities), key=lambda a: a["id"])
    origins = {a.origin for a in read.activities}
    assert origins == {f"postgresql+psycopg://{USER}:***@{server[0]}:{server[1]}/me"}
    # the query's rows are the source's fingerprint; the URL in its name has no password
    assert list(read.source_digests) == [f"source:{origins.pop()}"]


def test_a_report_from_postgresql_never_writes_the_password(server, tmp_path):
    root = _root(tmp_path, *server)
    out = tmp_path / "out"
    args = ("report", "--award", "SSITIP20GR0006", "--period", "2023-Q2", "--root", root, "--out", out)
    code, stdout, stderr = run_main(*args)
    assert code == 0, stderr
    assert PASSWORD not in stdout + stderr
    written = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.name == "manifest.json" for p in written)
    assert [p for p in written if PASSWORD.encode() in p.read_bytes()] == []
    # the review copy names the database, password masked
    sheet = __import__("openpyxl").load_workbook(out / "reports" / "SSITIP20GR0006" / "2023-Q2" /
                                                  "activities.xlsx").active
    assert sheet.cell(2, 12).value.startswith(f"postgresql+psycopg://{USER}:***@")
    # an unchanged database: the report is up to date (no answer is replayed from the stamp,
    # since the database can change with no file touched; the manifest compares the rows)
    code, _, stderr = run_main(*args)
    assert code == 0 and "up to date:" in stderr, stderr


def test_a_refused_login_is_one_line_with_the_password_masked(server, tmp_path):
    root = _root(tmp_path, *server, password="wrong-Pw-5521")
    code, stdout, stderr = run_main("check", "--root", root)
    assert code == 1
    lines = [line for line in stderr.splitlines() if "error" in line]
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"postgresql+psycopg://{USER}:***@{server[0]}:{server[1]}/me: error: "
                               "cannot read the database: ")
    assert "password authentication failed" in lines[0]
    assert "wrong-Pw-5521" not in stdout + stderr and "Traceback" not in stderr
