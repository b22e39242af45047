"""The compiled store and the output files survive concurrency, kills and unwritable places.

* two builds at once (two processes, one cache dir) leave one good store;
* ``kill -9`` in the middle of a build (of a larger input, so there is a middle) leaves no store
  for those inputs; the next command rebuilds cleanly, answers, and removes the dead build's
  temporary directory;
* an unwritable cache location (a path under a file; a chmod 0555 directory when not root) gives
  one notice line on stderr and the query is answered from memory (exit 0);
* queries while builds run get the answer, never an error;
* an ``export -o``, ``docs --output`` or ``review-sheet --output`` that fails half-way (disk full,
  Ctrl-C) leaves the previous file or directory, or none; so does a real ``kill -9`` of a slow
  export.

Subprocesses run the installed console script or ``python -c`` with ``CAGRAPH_CACHE`` (and, for
the larger input, ``CAGRAPH_HOME``) pointing at temporary directories. Every wait is bounded.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cagraph import paths
from cagraph.cli.main import app

pytestmark = pytest.mark.slow

PY = sys.executable
CLI = str(Path(sys.executable).parent / "cagraph")
runner = CliRunner()


def env_for(cache: Path, home: Path | None = None) -> dict:
    env = dict(os.environ, CAGRAPH_CACHE=str(cache))
    if home is not None:
        env["CAGRAPH_HOME"] = str(home)
    return env


def cagraph(*args: str, cache: Path, home: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    cmd = [CLI] if Path(CLI).is_file() else [PY, "-m", "cagraph.cli.main"]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, env=env_for(cache, home),
                          timeout=timeout, check=False)


def stores(cache: Path) -> list[Path]:
    return sorted(p for p in cache.iterdir() if p.name.startswith("store-"))


def temps(cache: Path) -> list[Path]:
    return sorted(p for p in cache.iterdir() if p.name.startswith("tmp-"))


def wait_for(cond, timeout: float, what: str, interval: float = 0.005):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = cond()
        if got:
            return got
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


def kill_9_once(cmd: list, env: dict, ready, what: str, pause: float = 0.0):
    """Start ``cmd``, wait until ``ready()`` gives something (``what``), then ``kill -9`` it while it
    still runs; returns what ``ready()`` gave. The process never outlives the call."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        got = wait_for(ready, 60, what)
        time.sleep(pause)
        assert proc.poll() is None, f"{' '.join(map(str, cmd[-4:]))} finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    return got


@pytest.fixture(scope="module")
def expected_counts(tmp_path_factory) -> str:
    """The answer of ``cagraph query counts -f tsv`` on the bundled graph."""
    res = cagraph("query", "counts", "-f", "tsv", cache=tmp_path_factory.mktemp("ref-cache"))
    assert res.returncode == 0, res.stderr
    return res.stdout


@pytest.fixture(scope="module")
def big_home(tmp_path_factory) -> Path:
    """A project checkout (CAGRAPH_HOME) with the bundled files plus 400,000 extra triples, so a
    build or an export takes seconds: long enough to be killed in the middle."""
    home = tmp_path_factory.mktemp("big-home")
    (home / "ontology").mkdir()
    for f in (paths.ONTOLOGY_FILE, paths.SHAPES_FILE):
        shutil.copy(f, home / "ontology" / f.name)
    (home / "data").mkdir()
    for f in paths.data_files():
        shutil.copy(f, home / "data" / f.name)
    (home / "data" / "sources").symlink_to(paths.SOURCES_DIR)
    (home / "queries").symlink_to(paths.QUERIES_DIR)
    with open(home / "data" / "zz-bulk.ttl", "w", encoding="utf-8") as fh:
        for i in range(400_000):
            fh.write(f'<https://w3id.org/cagraph/id/bulk-{i}> <http://example.org/bulk#value> "value {i}" .\n')
    return home


# ---------------------------------------------------------------------------------------------
# Builds
# ---------------------------------------------------------------------------------------------
BUILD = "from cagraph.build.store import build; i = build(force={force}); print(i.path, i.asserted, i.inferred)"


@pytest.mark.parametrize("force", [False, True])
def test_two_builds_at_once_give_one_good_store(tmp_path, expected_counts, force):
    cache = tmp_path / "cache"
    procs = [subprocess.Popen([PY, "-c", BUILD.format(force=force)], env=env_for(cache), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-500:] for o in outs]
    assert len({o[0] for o in outs}) == 1  # same path, same counts
    (store,) = stores(cache)
    assert (store / "BUILD-OK").is_file()
    assert json.loads((store / "BUILD-OK").read_text())["asserted"] > 1000
    assert temps(cache) == []
    res = cagraph("query", "counts", "-f", "tsv", cache=cache)
    assert res.returncode == 0 and res.stdout == expected_counts and res.stderr == ""


def test_kill_9_in_the_middle_of_a_build(tmp_path, big_home):
    cache = tmp_path / "cache"
    cmd = [CLI, "build"] if Path(CLI).is_file() else [PY, "-m", "cagraph.cli.main", "build"]
    # 0.3 s after the temporary directory appears: well inside the build (it takes seconds)
    kill_9_once(cmd, env_for(cache, big_home), lambda: cache.is_dir() and temps(cache),
                "the build's temporary directory", pause=0.3)
    dead = temps(cache)
    assert dead, "the killed build left no temporary directory (was it killed in the middle?)"
    assert not [s for s in stores(cache) if (s / "BUILD-OK").is_file()]
    # the next command builds cleanly and answers; the dead build's directory is gone
    res = cagraph("query", "trade-flows", "-p", "country=uzbekistan", "-p", "year=2023", "-f", "tsv",
                  cache=cache, home=big_home)
    assert res.returncode == 0, res.stderr
    assert "12.389" in res.stdout and res.stderr == ""
    (store,) = stores(cache)
    assert (store / "BUILD-OK").is_file()
    assert temps(cache) == []
    assert json.loads((store / "BUILD-OK").read_text())["asserted"] > 400_000


def test_unwritable_cache_under_a_file_answers_from_memory(tmp_path, expected_counts):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    res = cagraph("query", "counts", "-f", "tsv", cache=blocker / "cache")
    assert res.returncode == 0, res.stderr
    assert res.stdout == expected_counts
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and "answering from memory" in lines[0] and str(blocker) in lines[0], lines
    assert "Traceback" not in res.stderr


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_cache_directory_answers_from_memory(tmp_path, expected_counts):
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o555)
    try:
        res = cagraph("query", "counts", "-f", "tsv", cache=cache)
    finally:
        cache.chmod(0o755)
    assert res.returncode == 0, res.stderr
    assert res.stdout == expected_counts
    assert len(res.stderr.splitlines()) == 1 and "answering from memory" in res.stderr


def test_read_only_cache_directory_as_root_is_simulated(tmp_path, expected_counts, monkeypatch):
    """Root can write anywhere: make the lock file unopenable instead (what chmod 0555 does)."""
    cache = tmp_path / "cache"
    (cache / "build.lock").mkdir(parents=True)  # open(..., "a+") of a directory fails: EISDIR
    res = cagraph("query", "counts", "-f", "tsv", cache=cache)
    assert res.returncode == 0, res.stderr
    assert res.stdout == expected_counts
    assert len(res.stderr.splitlines()) == 1 and "answering from memory" in res.stderr


READER = r"""
import sys, time
from typer.testing import CliRunner
from cagraph.cli.main import app
want = open(sys.argv[1], encoding="utf-8").read()
deadline = time.monotonic() + float(sys.argv[2])
n = bad = 0
r = CliRunner()
while time.monotonic() < deadline:
    res = r.invoke(app, ["query", "counts", "-f", "tsv"])
    n += 1
    if res.exit_code != 0 or res.stdout != want or res.stderr:
        bad += 1
        print("BAD", res.exit_code, repr(res.stderr[-300:]), flush=True)
print("READS", n, bad)
"""


def test_queries_while_builds_run_never_fail(tmp_path, expected_counts):
    cache = tmp_path / "cache"
    assert cagraph("build", cache=cache).returncode == 0
    want = tmp_path / "want.tsv"
    want.write_text(expected_counts, encoding="utf-8")
    readers = [subprocess.Popen([PY, "-c", READER, str(want), "25"], env=env_for(cache), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        for _ in range(4):  # rebuild the store under the readers' feet, again and again
            res = cagraph("build", "--force", cache=cache)
            assert res.returncode == 0, res.stderr
    finally:
        outs = [r.communicate(timeout=120) for r in readers]
    for (out, err), r in zip(outs, readers):
        assert r.returncode == 0, err[-1000:]
        last = out.strip().splitlines()[-1].split()
        assert last[0] == "READS" and int(last[1]) > 5, out[-500:]
        assert int(last[2]) == 0, out[-2000:]
    (store,) = stores(cache)
    assert (store / "BUILD-OK").is_file() and temps(cache) == []


# ---------------------------------------------------------------------------------------------
# Output files
# ---------------------------------------------------------------------------------------------
def _disk_full_after(n_bytes: int):
    """A writer body that writes ``n_bytes`` and then fails like a full disk."""

    def body(out, *args, **kwargs):
        out.write(b"x" * n_bytes if "b" in getattr(out, "mode", "b") else "x" * n_bytes)
        raise OSError(28, "No space left on device")

    return body


def _no_temp_files_left(d: Path, name: str) -> None:
    left = [p.name for p in d.iterdir() if p.name.startswith(f".{name}.")]
    assert left == [], left


@pytest.mark.parametrize("failure", ["disk-full", "ctrl-c"])
def test_failed_export_leaves_the_previous_file(tmp_path, monkeypatch, failure):
    import cagraph.publish.export as export_mod

    out = tmp_path / "graph.ttl"
    out.write_text("previous export\n")
    real = export_mod.export

    def failing(fh, **kwargs):
        fh.write(b"@prefix half: <http://half/> .\n")
        if failure == "ctrl-c":
            raise KeyboardInterrupt
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_mod, "export", failing)
    res = runner.invoke(app, ["export", "-o", str(out)])
    assert res.exit_code == (130 if failure == "ctrl-c" else 2)
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    assert out.read_text() == "previous export\n"
    _no_temp_files_left(tmp_path, out.name)
    # and none when there was none
    fresh = tmp_path / "fresh.ttl"
    res = runner.invoke(app, ["export", "-o", str(fresh)])
    assert res.exit_code != 0 and not fresh.exists()
    monkeypatch.setattr(export_mod, "export", real)
    assert runner.invoke(app, ["export", "-o", str(out)]).exit_code == 0
    assert out.read_text().startswith("@prefix")


def test_failed_review_sheet_leaves_the_previous_file(tmp_path, monkeypatch):
    import cagraph.publish.review as review

    out = tmp_path / "sheet.csv"
    out.write_text("previous sheet\n")

    def failing(fh, rows):
        for row in rows[:20]:
            fh.write(",".join(row) + "\r\n")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(review, "write_rows", failing)
    res = runner.invoke(app, ["review-sheet", "--output", str(out)])
    assert res.exit_code == 2 and res.stderr.count("\n") == 1
    assert "No space left on device" in res.stderr
    assert out.read_text() == "previous sheet\n"
    _no_temp_files_left(tmp_path, out.name)


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "site"
    res = runner.invoke(app, ["docs", "--output", str(out)])
    assert res.exit_code == 0, res.stderr
    return out


def _tree(d: Path) -> dict:
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("failure", ["disk-full", "ctrl-c"])
def test_failed_docs_build_leaves_the_previous_site(previous_site, monkeypatch, failure):
    before = _tree(previous_site)
    real = Path.write_bytes
    calls = {"n": 0}

    def write_bytes(self, data):
        calls["n"] += 1
        if calls["n"] > 25:  # some pages are written, then the disk is full
            if failure == "ctrl-c":
                raise KeyboardInterrupt
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    res = runner.invoke(app, ["docs", "--output", str(previous_site)])
    monkeypatch.setattr(Path, "write_bytes", real)
    assert calls["n"] > 25, "the failure was not reached"
    assert res.exit_code == (130 if failure == "ctrl-c" else 2), res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    assert _tree(previous_site) == before
    left = [p.name for p in previous_site.parent.iterdir() if p.name != previous_site.name]
    assert left == [], left


def test_kill_9_during_a_slow_export_leaves_the_previous_file(tmp_path, big_home):
    cache = tmp_path / "cache"
    assert cagraph("build", cache=cache, home=big_home).returncode == 0
    out = tmp_path / "graph.nt"
    out.write_text("previous export\n")
    cmd = [CLI] if Path(CLI).is_file() else [PY, "-m", "cagraph.cli.main"]
    tmp = kill_9_once(cmd + ["export", "-f", "nt", "-o", str(out)], env_for(cache, big_home),
                      lambda: [p for p in tmp_path.iterdir() if p.name.startswith(".graph.nt.")],
                      "the export's temporary file")
    assert out.read_text() == "previous export\n"
    # kill -9 cannot clean up: the half-written data is in the hidden temporary file, never in out
    assert all(p.name.endswith(".tmp") for p in tmp)
    res = cagraph("export", "-f", "nt", "-o", str(out), cache=cache, home=big_home)
    assert res.returncode == 0 and out.stat().st_size > 10_000_000
