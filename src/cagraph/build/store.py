"""The compiled store: ontology + data + OWL-RL closure, parsed and reasoned once, on disk.

Layout under the cache directory (``$CAGRAPH_CACHE`` or ``<project>/.cagraph-cache``)::

    build.lock                       # fcntl lock: one build at a time
    store-<digest16> -> data-...     # symlink to the finished store for these inputs
    pin-<pid> -> data-...            # a long-lived reader (cagraph serve) holds this store
    data-<digest16>-<pid>-<random>/  # a finished Oxigraph store, never changed once published
        BUILD-OK                     # written last, after the store is closed: JSON with counts
    tmp-<pid>-<random>/              # a build in progress; renamed to data-... when complete

A build writes into a temporary directory and publishes it only when complete (rename, then an
atomic swap of the ``store-`` symlink), so a killed build leaves the previous store (or none) and a
reader never sees half a store. Readers resolve the symlink once and open that directory
read-only; a rebuild (``build --force``, changed inputs) never changes or deletes a directory a
reader may have open: a store no link points at any more is removed by a later build, once
it has been unreferenced for ``GRACE_SECONDS``. A changed input file changes the digest and
triggers a rebuild. If the cache directory cannot be written, the graph is built in memory for
this one command.

A build parses the Turtle files with Oxigraph's bulk loader straight into the asserted graph (a
file it refuses is parsed again with rdflib, for the file-and-line error message or, if rdflib
reads it, for the triples) and materializes the OWL 2 RL closure with the ``native`` reasoner
(:mod:`cagraph.build.reason_native`: SPARQL updates inside Oxigraph, the same triples as owlrl), falling
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

from cagraph import paths
from cagraph.errors import StoreError
from cagraph.errors import InputError
from cagraph.ns import ASSERTED_GRAPH, INFERRED_GRAPH

MARKER = "BUILD-OK"
GRACE_SECONDS = 600  # an unreferenced store outlives the commands that may still read it
DEFAULT_REASONER = "native"


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
                _publish(tmp, target)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            _cleanup(base, keep=target)
            return StoreInfo(target, digest, asserted, inferred, True, time.perf_counter() - t0)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _fill(where: Optional[Path], files: list[Path], *, reasoner: str) -> tuple[int, int, str]:
    import pyoxigraph as ox

    store, asserted, inferred, used = _load(where, files, reasoner=reasoner)
    store.flush()
    del store
    if where is not None:
        # Opening the store read-write once more replays what transactional writes left in the
        # write-ahead log into table files and empties the log: read-only opens (every command)
        # would replay it each time (~30 ms for the bundled graph built with owlrl).
        reopened = ox.Store(str(where))
        del reopened
    return asserted, inferred, used


def _load(where: Optional[Path], files: list[Path], *, reasoner: str) -> tuple[Any, int, int, str]:
    """A store (on disk at ``where``, else in memory) holding the asserted and the inferred graph;
    returns it with the two triple counts and the reasoner that ran.

    With the native reasoner the graph is parsed into a store in memory and reasoned there (updates
    are several times faster in memory than in RocksDB), then bulk-written to disk: all of it at
    once for a small graph (one SST ingestion, no write-ahead log for readers to replay on every
    open), or, for a large one, the files are bulk-loaded on disk by a second thread meanwhile
    (pyoxigraph releases the GIL) and only the entailments are written at the end."""
    import pyoxigraph as ox

    from cagraph.registry import REASONERS

    REASONERS.entry(reasoner)  # an unknown name: one line listing the registered ones
    store = ox.Store(str(where)) if where is not None else ox.Store()
    a = ox.NamedNode(ASSERTED_GRAPH)
    i = ox.NamedNode(INFERRED_GRAPH)
    used = reasoner
    inferred = 0
    if reasoner == "native":
        from cagraph.build.reason_native import Unsupported, materialize

        work = ox.Store() if where is not None else store
        big = where is not None and sum(_size(f) for f in files) > PARALLEL_BYTES
        loader = _Loader(store, files, a) if big else None
        ok = False
        try:
            ok = _parse(work, files, a, bulk=False)
            if ok:
                inferred = materialize(work, asserted=ASSERTED_GRAPH, inferred=INFERRED_GRAPH)
        except Unsupported:
            used = "owlrl"
            work.remove_graph(i)
        finally:
            ok_disk = loader.join() if loader is not None else True
        if not (ok and ok_disk):  # Oxigraph refused a file that rdflib reads: the rdflib path, for everything
            store.clear()
            extend_from_rdflib(store, _rdflib_graph(files), a)
            if used == "native":
                inferred = materialize(store, asserted=ASSERTED_GRAPH, inferred=INFERRED_GRAPH)
        elif work is not store:
            store.bulk_extend(work.quads_for_pattern(None, None, None, i if big else None))
        del work
    elif not _parse(store, files, a, bulk=where is not None and sum(_size(f) for f in files) > PARALLEL_BYTES):
        store.clear()
        extend_from_rdflib(store, _rdflib_graph(files), a)
    if used != "native":
        from cagraph.build.reason import inferred_triples

        inf = inferred_triples(_rdflib_graph(files), reasoner=used)
        extend_from_rdflib(store, inf, i)
        inferred = len(inf)
    return store, _count(store, a), inferred, used


PARALLEL_BYTES = 4 * 1024 * 1024  # inputs larger than this are also bulk-loaded to disk on a second thread


def _size(f: Path) -> int:
    try:
        return os.path.getsize(f)
    except OSError:
        return 0


class _Loader:
    """:func:`_parse` into a store on disk, on a thread of its own."""

    def __init__(self, store: Any, files: list[Path], graph: Any):
        import threading

        self.ok: Optional[bool] = None
        self.error: Optional[BaseException] = None

        def run() -> None:
            try:
                self.ok = _parse(store, files, graph, bulk=True)
            except BaseException as exc:  # re-raised by join()
                self.error = exc

        self.thread = threading.Thread(target=run, name="cagraph-load", daemon=True)
        self.thread.start()

    def join(self) -> bool:
        self.thread.join()
        if self.error is not None:
            raise self.error
        return bool(self.ok)


def _parse(store: Any, files: list[Path], graph: Any, *, bulk: bool) -> bool:
    """Parse ``files`` into ``graph`` with Oxigraph (with ``bulk``, through its bulk loader). False
    if Oxigraph refuses a file that rdflib reads (the caller then loads everything through rdflib);
    a file rdflib refuses too raises rdflib's InputError with file and line."""
    import pyoxigraph as ox

    for f in files:
        try:
            kwargs = dict(path=str(f), format=ox.RdfFormat.TURTLE, base_iri=Path(f).resolve().as_uri(), to_graph=graph)
            if bulk:
                store.bulk_load(**kwargs)
            else:
                store.load(**kwargs)
        except (SyntaxError, OSError, ValueError, UnicodeDecodeError):
            from cagraph.io.load import parse_turtle

            parse_turtle(Path(f))  # raises InputError naming file and line
            return False
    return True


def _rdflib_graph(files: list[Path]) -> Any:
    from cagraph.io.load import load_graph

    return load_graph(files)  # parses with file:line errors


def extend_from_rdflib(store: Any, triples: Any, graph_name: Any) -> None:
    """Add rdflib triples (a Graph or any iterable of triples) to a pyoxigraph store, into
    ``graph_name`` (a pyoxigraph NamedNode)."""
    import pyoxigraph as ox

    from cagraph.terms import Term

    store.extend(ox.Quad(Term.from_rdflib(s).to_oxigraph(), Term.from_rdflib(p).to_oxigraph(),
                         Term.from_rdflib(o).to_oxigraph(), graph_name) for s, p, o in triples)


def _count(store: Any, graph: Any) -> int:
    res = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}")
    return int(next(iter(res))[0].value)


def _read_meta(p: Path) -> dict:
    try:
        return json.loads((p / MARKER).read_text())
    except (OSError, ValueError):
        return {}


def _publish(tmp: Path, target: Path) -> None:
    """Make the finished build ``tmp`` the store ``target`` points at.

    ``tmp`` is renamed to a ``data-`` directory of its own and the ``target`` symlink is replaced
    atomically. The directory it pointed at before is left alone (a reader may have it open; its
    files are opened lazily, by path), only marked as unreferenced from now (its mtime) for
    :func:`_cleanup`. Replacing a directory in place instead let readers open a mix of two
    stores' files ("Corruption: Sst file size mismatch").
    """
    final = tmp.with_name(f"data-{target.name[len('store-'):]}-{tmp.name[len('tmp-'):]}")
    os.replace(tmp, final)
    link = tmp.with_name(f".link-{tmp.name}")
    os.symlink(final.name, link)
    if target.is_symlink():
        _retire(target)
    elif target.is_dir():  # a store of the older layout (a directory): set it aside
        os.replace(target, target.with_name(f"data-{target.name}-old-{os.getpid()}"))
        _retire(target.with_name(f"data-{target.name}-old-{os.getpid()}"), direct=True)
    os.replace(link, target)


def _retire(p: Path, *, direct: bool = False) -> None:
    """Mark the store ``p`` (a ``store-`` link, or a ``data-`` directory) unreferenced as of now."""
    try:
        os.utime(p if direct else p.parent / os.readlink(p))
    except OSError:
        pass


def pin(store: Path, pid: Optional[int] = None) -> Path:
    """Keep the store directory ``store`` (a ``data-`` directory) while process ``pid`` (default:
    this one) runs, whatever later builds do: a ``pin-<pid>`` link that :func:`_cleanup` counts
    as a reference until the process has ended. For readers that outlive ``GRACE_SECONDS``, such
    as the server ``cagraph serve`` execs (same pid)."""
    store = Path(store).resolve()
    pid = os.getpid() if pid is None else pid
    link = store.parent / f"pin-{pid}"
    tmp = store.parent / f".link-pin-{pid}"
    try:
        tmp.unlink(missing_ok=True)
        os.symlink(store.name, tmp)
        os.replace(tmp, link)
    except OSError as exc:
        raise StoreError(f"{link}: cannot write ({exc.strerror or exc})") from None
    return link


def _pid_running(name: str) -> bool:
    try:
        os.kill(int(name.split("-")[1]), 0)
    except (ValueError, IndexError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def _unpin_ended(base: Path) -> None:
    """Remove the ``pin-<pid>`` links of processes that have ended (their store retires now)."""
    for p in base.glob("pin-*"):
        if p.is_symlink() and not _pid_running(p.name):
            _retire(p)
            p.unlink(missing_ok=True)


def _cleanup(base: Path, *, keep: Path) -> None:
    """Unlink the stores of other inputs; remove stores unreferenced for ``GRACE_SECONDS`` (a
    ``pin-<pid>`` link of a running process is a reference) and abandoned temporary builds (of
    processes that no longer run)."""
    import shutil

    for p in base.iterdir():
        if p.name.startswith("store-") and p != keep:
            if p.is_symlink():
                _retire(p)
                p.unlink(missing_ok=True)
            elif p.is_dir():  # older layout
                shutil.rmtree(p, ignore_errors=True)
    _unpin_ended(base)
    live = {os.readlink(p) for p in base.iterdir() if p.name.startswith(("store-", "pin-")) and p.is_symlink()}
    now = time.time()
    for p in base.iterdir():
        try:
            age = now - p.lstat().st_mtime
        except OSError:
            continue
        if p.name.startswith("data-") and p.name not in live and age > GRACE_SECONDS:
            shutil.rmtree(p, ignore_errors=True)
        elif p.name.startswith(".link-") and age > GRACE_SECONDS:
            p.unlink(missing_ok=True)
        elif p.name.startswith("tmp-") and p.is_dir() and not _pid_running(p.name):
            shutil.rmtree(p, ignore_errors=True)


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
        # resolve the link once: that directory stays as it is while this process reads it
        store = ox.Store.read_only(str(target.resolve()))
    except (OSError, RuntimeError) as exc:  # RuntimeError: RocksDB "Corruption: ..."
        if not quiet:
            print(f"cagraph: {target}: cannot open the compiled store ({exc}); answering from memory", file=sys.stderr)
        store, a, i, _ = _load(None, files, reasoner=reasoner)
        return store, StoreInfo(None, digest, a, i, True, in_memory=True)
    if info is None:
        meta = _read_meta(target)
        info = StoreInfo(target, digest, meta.get("asserted", 0), meta.get("inferred", 0), False)
    return store, info

