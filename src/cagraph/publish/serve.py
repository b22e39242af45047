"""``cagraph serve``: the compiled store behind a read-only SPARQL endpoint, with a query page.

cagraph does not write a server of its own: Oxigraph's (the ``oxigraph`` command of the
``oxigraph`` pip package, ``pip install 'cagraph[serve]'``) already speaks the SPARQL 1.1
Protocol at ``/query`` (and ``/sparql``), answers ``/update`` with 403 in its ``serve-read-only``
mode, and serves a YASGUI query page at ``/``, bundled in its binary (no network needed).
:func:`server_command` builds (or finds) the compiled store, checks that the ``oxigraph`` found
is of pyoxigraph's release series (so it reads the store pyoxigraph wrote), pins the store
directory so that a later rebuild does not remove it under the server
(:func:`cagraph.build.store.pin`), and returns the command line; the CLI then replaces itself
with it (``exec``), so the server has the CLI's process id and stops with Ctrl-C or SIGTERM.

The server listens on 127.0.0.1 only. Its default graph is the union of the asserted and the
inferred graph (as ``cagraph query --inferred`` sees it); ``GRAPH
<https://w3id.org/cagraph/graph/asserted> { ... }`` restricts a pattern to what the files state.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from cagraph.errors import CagraphError

HOST = "127.0.0.1"
DEFAULT_PORT = 7878  # Oxigraph's own default
INSTALL_HINT = "pip install 'cagraph[serve]' (the oxigraph package, same 0.5 series as pyoxigraph)"


@dataclass(frozen=True)
class ServerCommand:
    argv: list[str]
    url: str  # the query page; the SPARQL endpoint is url + "query"
    store: Path  # the store directory the server reads
    version: str  # of the oxigraph CLI


def find_oxigraph() -> Optional[str]:
    """The ``oxigraph`` executable: beside this Python's (the same virtual environment, even when
    it is not activated), else on ``PATH``; ``None`` if neither has one."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


def oxigraph_version(exe: str) -> str:
    """``0.5.13`` from ``oxigraph --version``."""
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise CagraphError(f"{exe}: cannot run ({exc}); {INSTALL_HINT}") from None
    m = re.search(r"(\d+)\.(\d+)\.(\d+)", out)
    if not m:
        raise CagraphError(f"{exe} --version: no version in {out.strip()!r}; {INSTALL_HINT}")
    return m.group()


def check_port(port: int) -> None:
    """Fail now, in one line, if ``HOST:port`` cannot be listened on."""
    if not 1 <= port <= 65535:
        raise CagraphError(f"--port {port}: not a TCP port (1-65535)")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError as exc:
            raise CagraphError(f"--port {port}: cannot listen on {HOST}:{port} ({exc.strerror or exc})") from None


def server_command(*, port: int = DEFAULT_PORT, timeout: Optional[int] = None,
                   oxigraph: Optional[str] = None) -> ServerCommand:
    """The command that serves the compiled store read-only on ``127.0.0.1:port``.

    Builds the store if the inputs changed. ``timeout``: seconds per query (Oxigraph's
    ``--timeout-s``). Raises :class:`~cagraph.errors.CagraphError` (exit 2) when the
    ``oxigraph`` command is missing or of another release series, when the port is taken, or
    when the store cannot be built on disk.
    """
    import pyoxigraph

    from cagraph.build.store import build, pin
    from cagraph.errors import StoreError

    exe = oxigraph or find_oxigraph()
    if exe is None:
        raise CagraphError(f"cagraph serve needs the oxigraph command: {INSTALL_HINT}")
    version = oxigraph_version(exe)
    if version.split(".")[:2] != pyoxigraph.__version__.split(".")[:2]:
        raise CagraphError(f"{exe} is oxigraph {version}; the store is written by pyoxigraph "
                           f"{pyoxigraph.__version__}: {INSTALL_HINT}")
    check_port(port)
    info = build()
    if info.path is None:  # pragma: no cover - build() always gives a path or raises
        raise StoreError("the compiled store has no directory to serve")
    store = info.path.resolve()
    pin(store)
    argv = [exe, "serve-read-only", "--location", str(store), "--bind", f"{HOST}:{port}", "--union-default-graph"]
    if timeout:
        argv += ["--timeout-s", str(int(timeout))]
    return ServerCommand(argv=argv, url=f"http://{HOST}:{port}/", store=store, version=version)
