"""The compiled store: ontology + data + OWL-RL closure, parsed and reasoned once, on disk.

Layout under the cache directory (``$CAGRAPH_CACHE`` or ``<project>/.cagraph-cache``)::

    build.lock                 # fcntl lock: one build at a time
    store-<digest16>/          # a finished Oxigraph store, keyed by a hash of the inputs
        BUILD-OK               # written last, after the store is closed: JSON with counts
    tmp-<pid>-<random>/        # a build in progress; renamed into place when complete

A build writes into a temporary directory and renames it into place only when complete, so a
killed build leaves the previous store (or none) and a reader never sees half a store. Readers
open the store read-only. A changed input file changes the digest and triggers a rebuild. If the
cache directory cannot be written, the graph is built in memory for this one command.

A build parses the Turtle files with Oxigraph's bulk loader straight into the asserted graph (a
file it refuses is parsed again with rdflib, for the file-and-line error message or, if rdflib
reads it, for the triples) and materializes the OWL 2 RL closure with the ``native`` reasoner
(:mod:`cagraph.reason_native`: SPARQL updates inside Oxigraph, the same triples as owlrl), falling
back to owlrl for an ontology outside the rules it implements. No rdflib on that path: a build of
a million triples takes seconds (benchmarks/RESULTS.md).
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional

from . import paths
from .errors import StoreError
from .errors import InputError
from .ns import ASSERTED_GRAPH, INFERRED_GRAPH

MARKER = "BUILD-OK"
DEFAULT_REASONER = "native"
REASONERS = ("native", "owlrl", "reasonable")  # as cagraph.reason.REASONERS, without importing rdflib


def inputs_digest(files: Optional[Iterable[Path]] = None) -> str:
    """SHA-256 over the names and bytes of the input files: the key of the compiled store."""
    h = hashlib.sha256()
    for f in files if files is not None else paths.graph_files():
        f = Path(f)
        h.update(f.name.encode() + b"\0")
        try:
            h.update(f.read_bytes())
        except OSError as exc:
            raise InputError(f"{f}: cannot read ({exc.strerror or exc})") from None
        h.update(b"\0")
    return h.hexdigest()


def cache_dir() -> Path:
    env = os.environ.get("CAGRAPH_CACHE")
    return Path(env) if env else paths.ROOT / ".cagraph-cache"


@dataclass
class StoreInfo:
    path: Optional[Path]
    digest: str
    asserted: int
    inferred: int
    built: bool  # True if this call built it
    seconds: float = 0.0
    in_memory: bool = False


def _store_path(digest: str, base: Optional[Path] = None) -> Path:
    return (base or cache_dir()) / f"store-{digest[:16]}"


def _ready(p: Path) -> bool:
    return (p / MARKER).is_file()


def build(files: Optional[Iterable[Path]] = None, *, force: bool = False, reasoner: str = DEFAULT_REASONER,
          base: Optional[Path] = None) -> StoreInfo:
    """Build the compiled store for ``files`` (default: the bundled graph) unless it exists."""
    import shutil
    import tempfile

    files = list(files) if files is not None else paths.graph_files()
    digest = inputs_digest(files)
    base = base or cache_dir()
    target = _store_path(digest, base)
    if _ready(target) and not force:
        meta = _read_meta(target)
        return StoreInfo(target, digest, meta.get("asserted", 0), meta.get("inferred", 0), False)
    try:
        base.mkdir(parents=True, exist_ok=True)
        lock = open(base / "build.lock", "a+")
    except OSError as exc:
        raise StoreError(f"{base}: cannot write the store location ({exc.strerror or exc})") from None
    import fcntl

    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if _ready(target) and not force:  # built by another process while we waited
                meta = _read_meta(target)
                return StoreInfo(target, digest, meta.get("asserted", 0), meta.get("inferred", 0), False)
            t0 = time.perf_counter()
            tmp = Path(tempfile.mkdtemp(prefix=f"tmp-{os.getpid()}-", dir=base))
            try:
                asserted, inferred, used = _fill(tmp, files, reasoner=reasoner)
                (tmp / MARKER).write_text(json.dumps(
                    {"digest": digest, "asserted": asserted, "inferred": inferred, "reasoner": used,
                     "files": [str(f) for f in files]}, indent=1))
                if target.exists():
                    shutil.rmtree(target, ignore_errors=True)
                os.replace(tmp, target)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            _cleanup(base, keep=target)
            return StoreInfo(target, digest, asserted, inferred, True, time.perf_counter() - t0)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _fill(where: Optional[Path], files: list[Path], *, reasoner: str) -> tuple[int, int, str]:
    store, asserted, inferred, used = _load(where, files, reasoner=reasoner)
    store.flush()
    del store
    return asserted, inferred, used


def _load(where: Optional[Path], files: list[Path], *, reasoner: str) -> tuple[Any, int, int, str]:
    """A store (on disk at ``where``, else in memory) holding the asserted and the inferred graph;
    returns it with the two triple counts and the reasoner that ran."""
    import pyoxigraph as ox

    if reasoner not in REASONERS:
        from .errors import CagraphError

        raise CagraphError(f"unknown reasoner {reasoner!r} (one of {', '.join(REASONERS)})")
    store = ox.Store(str(where)) if where is not None else ox.Store()
    a = ox.NamedNode(ASSERTED_GRAPH)
    i = ox.NamedNode(INFERRED_GRAPH)
    if not _bulk_load(store, files, a):
        store.clear()
        _extend(store, _rdflib_graph(files), a)
    used = reasoner
    inferred = 0
    if reasoner == "native":
        from .reason_native import Unsupported, materialize

        try:
            inferred = materialize(store, asserted=ASSERTED_GRAPH, inferred=INFERRED_GRAPH)
        except Unsupported:
            store.remove_graph(i)
            used = "owlrl"
    if used != "native":
        from .reason import inferred_triples

        inf = inferred_triples(_rdflib_graph(files), reasoner=used)
        _extend(store, inf, i)
        inferred = len(inf)
    return store, _count(store, a), inferred, used


def _bulk_load(store: Any, files: list[Path], graph: Any) -> bool:
    """Parse ``files`` into ``graph`` with Oxigraph's bulk loader. False if Oxigraph refuses a file
    that rdflib reads (the caller then loads everything through rdflib); a file rdflib refuses too
    raises rdflib's InputError with file and line."""
    import pyoxigraph as ox

    for f in files:
        try:
            store.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE, base_iri=Path(f).resolve().as_uri(),
                            to_graph=graph)
        except (SyntaxError, OSError, ValueError, UnicodeDecodeError):
            from .graph import parse_turtle

            parse_turtle(Path(f))  # raises InputError naming file and line
            return False
    return True


def _rdflib_graph(files: list[Path]) -> Any:
    from .graph import load_graph

    return load_graph(files)  # parses with file:line errors


def _extend(store: Any, graph: Any, gname: Any) -> None:
    import pyoxigraph as ox

    from .terms import Term

    store.extend(ox.Quad(Term.from_rdflib(s).to_oxigraph(), Term.from_rdflib(p).to_oxigraph(),
                         Term.from_rdflib(o).to_oxigraph(), gname) for s, p, o in graph)


def _count(store: Any, graph: Any) -> int:
    res = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}")
    return int(next(iter(res))[0].value)


def _read_meta(p: Path) -> dict:
    try:
        return json.loads((p / MARKER).read_text())
    except (OSError, ValueError):
        return {}


def _cleanup(base: Path, *, keep: Path) -> None:
    """Remove older stores and abandoned temporary builds (of processes that no longer run)."""
    import shutil

    for p in base.iterdir():
        if p == keep or not p.is_dir():
            continue
        if p.name.startswith("store-"):
            shutil.rmtree(p, ignore_errors=True)
        elif p.name.startswith("tmp-"):
            try:
                pid = int(p.name.split("-")[1])
                os.kill(pid, 0)
            except (ValueError, IndexError, ProcessLookupError):
                shutil.rmtree(p, ignore_errors=True)
            except PermissionError:
                pass


def open_store(files: Optional[Iterable[Path]] = None, *, reasoner: str = DEFAULT_REASONER, quiet: bool = False) -> tuple[Any, StoreInfo]:
    """Open the compiled store read-only, building it first if the inputs changed.

    Falls back to an in-memory store (with a one-line notice on stderr) when the cache directory
    cannot be written or opened.
    """
    import pyoxigraph as ox

    files = list(files) if files is not None else paths.graph_files()
    digest = inputs_digest(files)
    target = _store_path(digest)
    info: Optional[StoreInfo] = None
    if not _ready(target):
        try:
            info = build(files, reasoner=reasoner)
        except StoreError as exc:
            if not quiet:
                print(f"cagraph: {exc}; answering from memory", file=sys.stderr)
            store, a, i, _ = _load(None, files, reasoner=reasoner)
            return store, StoreInfo(None, digest, a, i, True, in_memory=True)
    try:
        store = ox.Store.read_only(str(target))
    except OSError as exc:
        if not quiet:
            print(f"cagraph: {target}: cannot open the compiled store ({exc}); answering from memory", file=sys.stderr)
        store, a, i, _ = _load(None, files, reasoner=reasoner)
        return store, StoreInfo(None, digest, a, i, True, in_memory=True)
    if info is None:
        meta = _read_meta(target)
        info = StoreInfo(target, digest, meta.get("asserted", 0), meta.get("inferred", 0), False)
    return store, info


def oxigraph_engine(*, inferred: bool = False, files: Optional[Iterable[Path]] = None, quiet: bool = False):
    from .engines import OxigraphEngine

    store, _ = open_store(files, quiet=quiet)
    return OxigraphEngine(store, inferred=inferred)
