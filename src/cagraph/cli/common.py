"""What every CLI command shares: error handling, exit codes, atomic output files.

Exit codes: 0 ok; 1 a check failed (data does not conform, QC violations, coverage gaps);
2 usage or input error (bad file, bad parameter, unknown query, unreachable server...).
"""
from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Iterator, Optional

import typer

from cagraph.errors import CagraphError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def error(message: str, code: int = EXIT_USAGE) -> "typer.Exit":
    """Print one line on stderr and return the Exit to raise."""
    line = " ".join(str(message).split())
    print(f"cagraph: error: {line}", file=sys.stderr)
    return typer.Exit(code)


@contextlib.contextmanager
def cli_errors() -> Iterator[None]:
    """Turn cagraph's exceptions (and a few OS ones) into one stderr line and exit code 2."""
    try:
        yield
    except typer.Exit:
        raise
    except CagraphError as exc:
        raise error(str(exc), exc.exit_code) from None
    except KeyboardInterrupt:
        raise error("interrupted", 130) from None
    except BrokenPipeError:
        raise typer.Exit(EXIT_OK) from None
    except MemoryError:
        raise error("out of memory") from None
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        raise error(f"{where}{exc.strerror or exc}") from None


@contextlib.contextmanager
def atomic_output(path: Optional[Path], *, binary: bool = False) -> Iterator:
    """Write to ``path`` atomically (temp file in the same directory, then rename), or to stdout.

    If the body raises, the temporary file is removed and ``path`` keeps its previous content
    (or does not exist): never a half-written file.
    """
    if path is None or str(path) == "-":
        if binary:
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            yield sys.stdout
            sys.stdout.flush()
        return
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise CagraphError(f"{path}: is a directory")
    try:
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise CagraphError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb" if binary else "w", encoding=None if binary else "utf-8", newline=None if binary else "") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
