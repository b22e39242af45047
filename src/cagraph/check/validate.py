"""``cagraph validate``: SHACL shapes, provenance checks and QC queries, in one report.

``validate()`` checks the bundled graph; ``validate(data=[FILE])`` checks FILE together with it
(a new file's ``cag:exporter cgr:china`` finds cgr:china in the bundled entities), or, with
``alone=True``, with the ontology only. Each finding is located where its focus node is first
written as a subject: the files given in ``data`` first, then the bundled ones
(:mod:`cagraph.io.turtle_lines`). :mod:`cagraph.check.report` tabulates the report.

>>> report = validate()
>>> report.conforms
True
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from cagraph import paths
from cagraph.errors import InputError



@dataclass(frozen=True, order=True)
class ShaclResult:
    focus: str
    path: str
    message: str
    severity: str
    shape: str
    component: str
    value: str
    file: str
    line: int = 0  # where the focus node is first written as a subject in ``file``; 0: unknown


@dataclass
class ValidationReport:
    shacl: list[ShaclResult] = field(default_factory=list)
    provenance: list = field(default_factory=list)  # cagraph.check.provenance.Problem
    qc: list = field(default_factory=list)  # cagraph.check.qc.QCResult with rows
    files: list[str] = field(default_factory=list)
    #: IRI -> (file, line) where it is first written as a subject (the ``data`` files first)
    locations: dict = field(default_factory=dict)

    @property
    def qc_errors(self) -> list:
        return [r for r in self.qc if r.rows and r.level.upper() == "ERROR"]

    @property
    def shacl_violations(self) -> list[ShaclResult]:
        return [r for r in self.shacl if r.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.shacl_violations and not self.provenance and not self.qc_errors


def load_with_index(files: Iterable[Path], *, first: Iterable[Path] = ()):
    """Parse files into one graph; return it with ``{node: (file, line)}``, the file (as given)
    and line where each subject is first written as a subject (line 0 for a blank node). The
    files of ``first`` are looked in before the others (a finding on a node a new file states
    points at that file)."""
    from rdflib import Graph, URIRef

    from cagraph.io.load import bind_prefixes, parse_turtle
    from cagraph.io.turtle_lines import TurtleScanError, subject_lines

    files = list(files)
    first_keys = {Path(f).resolve() for f in first}
    g = Graph()
    bind_prefixes(g)
    where: dict = {}
    found: list[tuple[int, str, dict]] = []
    for f in files:
        part = parse_turtle(f)
        try:
            lines = subject_lines(Path(f).read_text(encoding="utf-8"), base=Path(f).resolve().as_uri())
        except TurtleScanError:  # Turtle 1.2 syntax the scanner does not know: the file, no line
            lines = {}
        found.append((0 if Path(f).resolve() in first_keys else 1, str(f),
                      {s: lines.get(str(s), 0) if isinstance(s, URIRef) else 0 for s in set(part.subjects())}))
        for t in part:
            g.add(t)
    for _, name, subjects in sorted(found, key=lambda x: x[0]):
        for s, line in subjects.items():
            where.setdefault(s, (name, line))
    return g, where


def graph_files_for(*, files: Optional[Iterable[Path]] = None, data: Iterable[Path] = (),
                    alone: bool = False) -> list[Path]:
    """The files to validate: ``files`` (default: the bundled graph, or with ``alone`` the
    ontology only), then the ``data`` files not already among them."""
    base = list(files) if files is not None else ([paths.ONTOLOGY_FILE] if alone else paths.graph_files())
    seen = {Path(f).resolve() for f in base}
    out = list(base)
    for f in data:
        if Path(f).resolve() not in seen:
            seen.add(Path(f).resolve())
            out.append(Path(f))
    return out


def validate(*, files: Optional[Iterable[Path]] = None, data: Iterable[Path] = (), alone: bool = False,
             shapes: Optional[Path] = None, shacl_engine: str = "pyshacl", qc: bool = True,
             provenance: bool = True) -> ValidationReport:
    """Validate the bundled graph (or ``files``) with the ``data`` files added, and return a
    report; never raises for bad data. ``alone``: the ``data`` files with the ontology only."""
    data = list(data)
    files = graph_files_for(files=files, data=data, alone=alone)
    shapes = Path(shapes) if shapes else paths.SHAPES_FILE
    g, where = load_with_index(files, first=data)
    report = ValidationReport(files=[str(f) for f in files],
                              locations={str(k): v for k, v in where.items()})
    report.shacl = run_shacl(g, shapes, engine=shacl_engine, where=where)
    if provenance:
        from cagraph.check.provenance import check

        report.provenance = check(g)
    if qc and paths.QC_DIR.is_dir():
        from cagraph.check.qc import run_qc

        report.qc = run_qc(g)
    return report


def run_pyshacl(g, sg):
    """pySHACL (the reference engine): (conforms, results graph)."""
    import pyshacl
    from rdflib import Namespace

    SH = Namespace("http://www.w3.org/ns/shacl#")
    # pySHACL copies the data graph first unless ``inplace``: only SHACL rules (sh:rule) would
    # change it, and cagraph's shapes have none, so the copy (~10% of the time) is skipped
    # unless the shapes given have rules.
    inplace = next(iter(sg.triples((None, SH.rule, None))), None) is None
    with _parsed_queries_cached():
        conforms, rg, _ = pyshacl.validate(g, shacl_graph=sg, inference="none", advanced=True,
                                           allow_warnings=True, meta_shacl=False, inplace=inplace)
    return conforms, rg


def run_turbo(g, sg):
    """pyshacl-turbo (the fast engine): (conforms, results graph)."""
    try:
        import pyshacl_turbo
    except ImportError:
        raise InputError("--shacl-engine turbo needs pyshacl-turbo: pip install 'cagraph[fast]'") from None

    conforms, rg, _ = pyshacl_turbo.validate(g, shacl_graph=sg, inference="none", advanced=True,
                                             allow_warnings=True)
    return conforms, rg


def run_shacl(g, shapes: Path, *, engine: str = "pyshacl", where: Optional[dict] = None) -> list[ShaclResult]:
    """Run the SHACL ``shapes`` on ``g``; ``where`` maps a focus node to (file, line)."""
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF

    from cagraph.io.load import parse_turtle

    SH = Namespace("http://www.w3.org/ns/shacl#")
    if not shapes.is_file():
        raise InputError(f"{shapes}: shapes file not found")
    sg = parse_turtle(shapes)
    from cagraph.registry import SHACL_ENGINES

    conforms, rg = SHACL_ENGINES.get(engine)(g, sg)
    if not isinstance(rg, Graph):
        from rdflib import Graph as G

        rg2 = G()
        rg2.parse(data=rg, format="turtle")
        rg = rg2
    out = []
    where = where or {}
    for r in rg.subjects(RDF.type, SH.ValidationResult):
        focus = rg.value(r, SH.focusNode)
        out.append(ShaclResult(
            focus=str(focus),
            path=_path_str(rg, rg.value(r, SH.resultPath)),
            message=str(rg.value(r, SH.resultMessage) or ""),
            severity=str(rg.value(r, SH.resultSeverity) or "").rsplit("#", 1)[-1],
            shape=str(rg.value(r, SH.sourceShape) or ""),
            component=str(rg.value(r, SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1],
            value=str(rg.value(r, SH.value) or ""),
            file=where.get(focus, ("", 0))[0],
            line=where.get(focus, ("", 0))[1],
        ))
    return sorted(out)


_TRANSLATED: dict = {}  # (query text, base, namespaces) -> rdflib's translated query, across runs


class _QueryText(str):
    """A SPARQL query text that rdflib's processor has not parsed yet (see below)."""


@contextlib.contextmanager
def _parsed_queries_cached():
    """While pySHACL runs, rdflib parses each distinct SPARQL query text once.

    pySHACL evaluates a SHACL-SPARQL constraint once per focus node, passing the query *text*
    with ``$this`` in ``initBindings``, and rdflib parses and translates the text on every call:
    5-50 ms each, ~4 s of the ~5.5 s a validation of the bundled graph took. A translated query
    is reusable with other bindings (that is what ``prepareQuery`` is for), so the processor's
    ``parseQuery``/``translateQuery`` are replaced for the duration by ones that translate each
    (text, base, namespaces) once, and remembers it for later runs in the same process. Same
    results: the shape fixtures' exact violations are tested with it. Not thread-safe (module
    globals), like the CLI that uses it."""
    import rdflib.plugins.sparql.processor as processor

    parse, translate = processor.parseQuery, processor.translateQuery
    cache = _TRANSLATED
    if len(cache) > 256:  # a long-lived process validating many shapes files
        cache.clear()

    def lazy_parse(text):
        return _QueryText(text) if isinstance(text, str) else parse(text)

    def cached_translate(q, base=None, initNs=None):  # noqa: N803 (rdflib's name)
        if not isinstance(q, _QueryText):
            return translate(q, base, initNs)
        key = (str(q), base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
        hit = cache.get(key)
        if hit is None:
            hit = cache[key] = translate(parse(str(q)), base, initNs)
        return hit

    processor.parseQuery, processor.translateQuery = lazy_parse, cached_translate
    try:
        yield
    finally:
        processor.parseQuery, processor.translateQuery = parse, translate


def _path_str(g, node) -> str:
    from rdflib import BNode

    if node is None:
        return ""
    if isinstance(node, BNode):
        return "(complex path)"
    return str(node)
