"""cagraph.io.write: the one atomic writer, on real files (modes compared with what open() gives)."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cagraph.errors import OutputError
from cagraph.io.write import atomic_write, current_umask, target_mode, write_bytes, write_text


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


@pytest.fixture
def umask():
    old = os.umask(0o022)
    yield lambda m: os.umask(m)
    os.umask(old)


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077, 0o002])
def test_new_file_gets_the_mode_open_gives(tmp_path, umask, mask):
    umask(mask)
    assert current_umask() == mask
    ref = tmp_path / "by-open.txt"
    with open(ref, "w") as fh:
        fh.write("x")
    write_text(tmp_path / "atomic.txt", "x")
    assert _mode(tmp_path / "atomic.txt") == _mode(ref) == 0o666 & ~mask


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o640, 0o664, 0o755])
def test_existing_file_keeps_its_mode(tmp_path, umask, mode):
    umask(0o077)
    p = tmp_path / "out.bin"
    p.write_bytes(b"old")
    p.chmod(mode)
    write_bytes(p, b"new")
    assert p.read_bytes() == b"new" and _mode(p) == mode == target_mode(p)


def test_failed_write_leaves_the_previous_file_and_no_temp(tmp_path):
    p = tmp_path / "out.txt"
    p.write_text("previous\n")
    with pytest.raises(RuntimeError):
        with atomic_write(p) as fh:
            fh.write("half")
            raise RuntimeError("boom")
    assert p.read_text() == "previous\n"
    assert [x.name for x in tmp_path.iterdir()] == ["out.txt"]
    with pytest.raises(RuntimeError):
        with atomic_write(tmp_path / "new.txt") as fh:
            raise RuntimeError("boom")
    assert [x.name for x in tmp_path.iterdir()] == ["out.txt"]


def test_symlink_is_followed_and_kept(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new" and _mode(real) == 0o640


def test_unwritable_places_are_output_errors(tmp_path):
    with pytest.raises(OutputError, match="is a directory"):
        write_text(tmp_path, "x")
    with pytest.raises(OutputError, match="cannot write"):
        write_text(tmp_path / "no-such-dir" / "x.txt", "x")


def test_text_is_written_as_given(tmp_path):
    p = tmp_path / "crlf.csv"
    with atomic_write(p) as fh:
        fh.write("a,b\r\nc,d\n")
    assert p.read_bytes() == b"a,b\r\nc,d\n"


def test_no_other_writer_in_the_package():
    """Every file cagraph writes goes through cagraph.io.write (the site package, rewritten
    elsewhere, and the store's directory swap excepted)."""
    root = Path(__file__).resolve().parent.parent / "src" / "cagraph"
    found = []
    for f in root.rglob("*.py"):
        rel = f.relative_to(root).as_posix()
        if rel in ("io/write.py", "build/store.py") or rel.startswith("site/"):
            continue
        text = f.read_text(encoding="utf-8")
        found += [rel for needle in ("mkstemp", "NamedTemporaryFile", "os.replace(") if needle in text]
    assert found == []
