"""``cagraph validate``: SHACL shapes, provenance checks and QC queries, in one report.

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

SHACL_ENGINES = ("pyshacl", "turbo")


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


@dataclass
class ValidationReport:
    shacl: list[ShaclResult] = field(default_factory=list)
    provenance: list = field(default_factory=list)  # cagraph.check.provenance.Problem
    qc: list = field(default_factory=list)  # cagraph.check.qc.QCResult with rows
    files: list[str] = field(default_factory=list)

    @property
    def qc_errors(self) -> list:
        return [r for r in self.qc if r.rows and r.level.upper() == "ERROR"]

    @property
    def shacl_violations(self) -> list[ShaclResult]:
        return [r for r in self.shacl if r.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.shacl_violations and not self.provenance and not self.qc_errors


def load_with_index(files: Iterable[Path]):
    """Parse files into one graph and remember which file each subject was stated in."""
    from rdflib import Graph

    from cagraph.io.load import bind_prefixes, parse_turtle

    g = Graph()
    bind_prefixes(g)
    where: dict = {}
    for f in files:
        part = parse_turtle(f)
        for s in set(part.subjects()):
            where.setdefault(s, Path(f).name)
        for t in part:
            g.add(t)
    return g, where


def validate(*, files: Optional[Iterable[Path]] = None, shapes: Optional[Path] = None,
             shacl_engine: str = "pyshacl", qc: bool = True, provenance: bool = True) -> ValidationReport:
    """Validate the bundled graph (or ``files``) and return a report; never raises for bad data."""
    files = list(files) if files is not None else paths.graph_files()
    shapes = Path(shapes) if shapes else paths.SHAPES_FILE
    g, where = load_with_index(files)
    report = ValidationReport(files=[str(f) for f in files])
    report.shacl = run_shacl(g, shapes, engine=shacl_engine, where=where)
    if provenance:
        from cagraph.check.provenance import check

        report.provenance = check(g)
    if qc and paths.QC_DIR.is_dir():
        from cagraph.check.qc import run_qc

        report.qc = run_qc(g)
    return report


def run_shacl(g, shapes: Path, *, engine: str = "pyshacl", where: Optional[dict] = None) -> list[ShaclResult]:
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF

    from cagraph.io.load import parse_turtle

    SH = Namespace("http://www.w3.org/ns/shacl#")
    if not shapes.is_file():
        raise InputError(f"{shapes}: shapes file not found")
    sg = parse_turtle(shapes)
    if engine == "pyshacl":
        import pyshacl

        # pySHACL copies the data graph first unless ``inplace``: only SHACL rules (sh:rule) would
        # change it, and cagraph's shapes have none, so the copy (~10% of the time) is skipped
        # unless the shapes given have rules.
        inplace = next(iter(sg.triples((None, SH.rule, None))), None) is None
        with _parsed_queries_cached():
            conforms, rg, _ = pyshacl.validate(g, shacl_graph=sg, inference="none", advanced=True,
                                               allow_warnings=True, meta_shacl=False, inplace=inplace)
    elif engine == "turbo":
        try:
            import pyshacl_turbo
        except ImportError:
            raise InputError("--shacl-engine turbo needs pyshacl-turbo: pip install 'cagraph[fast]'") from None

        conforms, rg, _ = pyshacl_turbo.validate(g, shacl_graph=sg, inference="none", advanced=True,
                                                 allow_warnings=True)
    else:
        raise InputError(f"unknown SHACL engine {engine!r} (one of {', '.join(SHACL_ENGINES)})")
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
            file=str(where.get(focus, "")),
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
