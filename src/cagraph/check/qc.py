"""Quality-control queries: SPARQL SELECTs under ``queries/qc/`` that must return nothing.

Each check is one file ``<name>-violation.rq`` returning ``?entity ?property ?value`` ordered by
``?entity`` (ROBOT's report queries); which checks run, and at what level, is the profile
``queries/qc/profile.tsv`` (``LEVEL<TAB>name`` lines, like ROBOT's ``report_profile.txt``).
ERROR rows make ``cagraph validate`` fail; WARN and INFO rows are reported only.

>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
...     @prefix cag: <https://w3id.org/cagraph/ontology#> .
...     cag:Thing a <http://www.w3.org/2002/07/owl#Class> .''')
>>> [(r.level, r.name) for r in run_qc(g) if r.rows]  # doctest: +NORMALIZE_WHITESPACE
[('ERROR', 'missing-label'), ('ERROR', 'missing-definition'),
 ('WARN', 'class-without-instances-or-subclasses'), ('ERROR', 'missing-isdefinedby')]
>>> run_qc(g, profile=[("ERROR", "missing-label")])[0].rows[0][0]
rdflib.term.URIRef('https://w3id.org/cagraph/ontology#Thing')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Union

from rdflib import Graph
from rdflib.term import Node

from cagraph import paths
from cagraph.errors import InputError, QueryError

LEVELS = ("ERROR", "WARN", "INFO")
QUERY_SUFFIX = "-violation.rq"
PROFILE_NAME = "profile.tsv"

_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TITLE = re.compile(r"^#\s*#\s+(.+?)\s*$", re.M)

Row = tuple[Optional[Node], Optional[Node], Optional[Node]]


@dataclass
class QCResult:
    """The outcome of one QC query: ``rows`` are (entity, property, value) rdflib terms, ``None``
    where unbound; no rows means the check passed."""

    name: str
    level: str
    title: str
    rows: list[Row] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.rows


def query_path(name: str, *, queries_dir: Optional[Path] = None) -> Path:
    """The file of QC query ``name`` (``missing-label`` -> ``queries/qc/missing-label-violation.rq``)."""
    return Path(queries_dir or paths.QC_DIR) / f"{name}{QUERY_SUFFIX}"


def read_profile(path: Path) -> list[tuple[str, str]]:
    """Parse a profile file into (level, name) pairs, in file order; ``#`` starts a comment line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    out: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise QueryError(f"{path}:{number}: expected 'LEVEL<TAB>name', got {line!r}")
        out.append((parts[0].strip(), parts[1].strip()))
    return out


def query_title(text: str) -> str:
    """The title of a query: its first ``# # Title`` header line ('' if it has none)."""
    m = _TITLE.search(text)
    return m.group(1) if m else ""


ENGINES = ("oxigraph", "rdflib")


def run_qc(graph: Graph, *, queries_dir: Optional[Path] = None,
           profile: Union[Path, str, Iterable[tuple[str, str]], None] = None,
           engine: str = "oxigraph") -> list[QCResult]:
    """Run the QC queries of ``profile`` on ``graph`` (ontology + data), in profile order.

    ``profile`` is a profile file, or (level, name) pairs; default ``<queries_dir>/profile.tsv``.
    ``queries_dir`` defaults to the bundled ``queries/qc``. ``engine``: ``oxigraph`` (the graph is
    copied into an in-memory store: the eleven queries take ~30 ms on the bundled graph instead of
    ~3 s with rdflib's evaluator) or ``rdflib``; both give the same rows (``tests/test_qc.py``),
    returned as rdflib terms. Raises ``QueryError`` for an unknown level, a malformed name, a
    missing query file or a query that fails; never for violations.
    """
    if engine not in ENGINES:
        raise QueryError(f"unknown QC engine {engine!r} (one of {', '.join(ENGINES)})")
    evaluate = _rdflib_runner(graph) if engine == "rdflib" else _oxigraph_runner(graph)
    qdir = Path(queries_dir) if queries_dir is not None else paths.QC_DIR
    if profile is None:
        profile = qdir / PROFILE_NAME
    entries = read_profile(Path(profile)) if isinstance(profile, (str, Path)) else list(profile)
    results = []
    for level, name in entries:
        if level not in LEVELS:
            raise QueryError(f"QC profile: unknown level {level!r} for {name!r} (one of {', '.join(LEVELS)})")
        if not _NAME.match(name):
            raise QueryError(f"QC profile: {name!r} is not a query name (lower-case, hyphens)")
        path = query_path(name, queries_dir=qdir)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            raise QueryError(f"QC query {name!r}: {path} not found") from None
        try:
            variables, rows = evaluate(text)
        except Exception as exc:  # rdflib and Oxigraph raise parser and evaluation errors of many types
            raise QueryError(f"{path}: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}") from None
        if variables != ["entity", "property", "value"]:
            raise QueryError(f"{path}: a QC query is a SELECT of ?entity ?property ?value")
        results.append(QCResult(name=name, level=level, title=query_title(text), rows=rows))
    return results


def _rdflib_runner(graph: Graph):
    def evaluate(text: str) -> tuple[Optional[list[str]], list[Row]]:
        res = graph.query(text)
        if res.type != "SELECT":
            return None, []
        return [str(v) for v in res.vars or []], [tuple(row) for row in res]
    return evaluate


def _oxigraph_runner(graph: Graph):
    import pyoxigraph as ox

    from cagraph.query.engines import OxigraphEngine
    from cagraph.ns import ASSERTED_GRAPH
    from cagraph.build.store import extend_from_rdflib

    store = ox.Store()
    extend_from_rdflib(store, graph, ox.NamedNode(ASSERTED_GRAPH))
    engine = OxigraphEngine(store)  # refuses updates and SERVICE: the QC directory may be a user's

    def evaluate(text: str) -> tuple[Optional[list[str]], list[Row]]:
        res = engine.query(text)
        if res.kind != "select":
            return None, []
        return res.variables, [tuple(None if t is None else t.to_rdflib() for t in row) for row in res.rows]
    return evaluate
