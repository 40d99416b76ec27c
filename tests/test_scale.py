"""benchmarks/scale.py runs as run.py will call it: check_benchmarks(work, rounds), on a small root
here (the benchmark's own is 100,000 activities and 2,000 stories). Not timed: it only has to run."""

from __future__ import annotations

import sys

from support import REPO


def test_check_benchmarks_prints_check_beside_its_floor_and_the_target(tmp_path, monkeypatch, capsys):
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    monkeypatch.delitem(sys.modules, "scale", raising=False)
    import scale

    monkeypatch.setattr(scale, "ACTIVITIES", 120)
    monkeypatch.setattr(scale, "STORIES", 6)
    scale.check_benchmarks(tmp_path, rounds=1)
    out = capsys.readouterr().out
    assert f"generated {tmp_path / 'scale'} in " in out
    assert "check, 120 activities and 6 stories (whole process)" in out
    assert "  build.py check  " in out and "  csv read + story files, this process  " in out
    assert "  ratio " in out
    assert " the 5 s target " in out
