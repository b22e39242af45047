"""The one atomic file writer of the package: every output file cagraph writes goes through it.

:func:`atomic_write` writes into a temporary file in the target's directory, flushes and fsyncs
it, and renames it over the target with :func:`os.replace`, so a reader sees the old file or the
new one, and a failed or interrupted write leaves the previous file (or none), never half a file.

The new file gets the mode an ordinary ``open(path, "w")`` would give it: an existing file keeps
its mode (``0644`` stays ``0644``), a new one gets ``0o666 & ~umask``. :func:`tempfile.mkstemp`
alone would leave every output ``0600``. Writing this here rather than using a library: the
``atomicwrites`` package is archived (unmaintained since 2022) and has the same ``0600`` mode;
the standard library has the parts (``tempfile``, ``os.replace``, ``os.fsync``) but not the whole.
``tests/test_write.py`` compares the modes with those ``open()`` gives, on real files.

>>> import pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
>>> with atomic_write(p) as fh:
...     _ = fh.write("hello\\n")
>>> p.read_text()
'hello\\n'
"""
from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
import sys
from typing import IO, Iterator, Optional, Union

from cagraph.errors import OutputError


def current_umask() -> int:
    """The process umask, read without changing it where the system says it (Linux
    ``/proc/self/status``), else by setting and restoring it."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def target_mode(path: Union[str, Path]) -> int:
    """The mode a file written at ``path`` gets: the existing file's, else ``0o666 & ~umask``."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return 0o666 & ~current_umask()


@contextlib.contextmanager
def atomic_write(path: Union[str, Path], *, binary: bool = False, encoding: str = "utf-8",
                 newline: str = "") -> Iterator[IO]:
    """Open ``path`` for writing, atomically: yields a file object; on a clean exit the content
    replaces ``path`` (a symlink is followed: the file it points at is replaced); if the body
    raises, the temporary file is removed and ``path`` is left as it was.

    ``newline=""`` (the default) writes ``\\n`` as is on every platform (CSV writes its own line
    ends). Raises :class:`cagraph.errors.OutputError` naming the path when it cannot be written.
    """
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()
    if path.is_dir():
        raise OutputError(f"{path}: is a directory")
    directory = path.parent if str(path.parent) else Path(".")
    mode = target_mode(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb" if binary else "w", encoding=None if binary else encoding,
                       newline=None if binary else newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (best effort: not every system can open a directory)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_text(path: Union[str, Path], text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically."""
    with atomic_write(path, encoding=encoding) as fh:
        fh.write(text)


def write_bytes(path: Union[str, Path], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_write(path, binary=True) as fh:
        fh.write(data)


@contextlib.contextmanager
def atomic_output(path: Optional[Path], *, binary: bool = False) -> Iterator:
    """Write to ``path`` with :func:`cagraph.io.write.atomic_write` (atomic; the mode an existing
    file has, or the one the umask gives a new file), or to stdout when ``path`` is None or ``-``."""
    if path is None or str(path) == "-":
        if binary:
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            yield sys.stdout
            sys.stdout.flush()
        return
    with atomic_write(path, binary=binary) as fh:
        yield fh
