"""Query engines behind one small interface: ``engine.query(text) -> QueryResult``.

Every engine takes the final query text (parameters already bound by
:func:`cagraph.query.catalogue.bind_values`) and returns a :class:`cagraph.query.results.QueryResult` of neutral
:class:`cagraph.terms.Term` values. The table below is the whole registry.

| name       | what                                                       | module                |
| ---------- | ---------------------------------------------------------- | --------------------- |
| `oxigraph` | embedded Oxigraph store (the compiled store), the default  | cagraph.query.engines       |
| `rdflib`   | rdflib in-memory graph (reference implementation)          | cagraph.query.engines       |
| `remote`   | a SPARQL 1.1 Protocol endpoint over HTTP                   | cagraph.query.remote        |
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional, Protocol

from cagraph.errors import QueryError
from cagraph.ns import ASSERTED_GRAPH, INFERRED_GRAPH
from cagraph.query.guard import query_form
from cagraph.query.results import QueryResult
from cagraph.terms import Term

class Engine(Protocol):
    name: str

    def query(self, text: str, *, allow_service: bool = False) -> QueryResult: ...


class OxigraphEngine:
    """A pyoxigraph Store holding the asserted triples in one named graph and the OWL-RL
    entailments in another; ``inferred`` picks whether queries see both or the asserted only."""

    name = "oxigraph"

    def __init__(self, store: Any, *, inferred: bool = False):
        self.store = store
        self.inferred = inferred

    def query(self, text: str, *, allow_service: bool = False) -> QueryResult:
        import pyoxigraph as ox

        form = _checked_form(text, allow_service)
        graphs = [ox.NamedNode(ASSERTED_GRAPH)]
        if self.inferred:
            graphs.append(ox.NamedNode(INFERRED_GRAPH))
        try:
            res = self.store.query(text, default_graph=graphs)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {' '.join(str(exc).split())[:300]}") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {' '.join(str(exc).split())[:300]}") from None
        try:
            if isinstance(res, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(res))
            conv = _converter()
            if isinstance(res, ox.QuerySolutions):
                variables = [v.value for v in res.variables]
                # a solution iterates over its values in the order of ``variables``, None if unbound
                rows = [tuple(map(conv, sol)) for sol in res]
                return QueryResult("select", variables=variables, rows=rows)
            triples = {(conv(t.subject), conv(t.predicate), conv(t.object)) for t in res}
            return QueryResult("construct", triples=sorted(triples, key=_triple_key))
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {' '.join(str(exc).split())[:300]}") from None
        finally:
            del form


class RdflibEngine:
    """rdflib's in-memory SPARQL engine over an rdflib Graph (or Dataset's default graph)."""

    name = "rdflib"

    def __init__(self, graph: Any):
        self.graph = graph

    def query(self, text: str, *, allow_service: bool = False) -> QueryResult:
        query_form(text, allow_service=allow_service)
        # rdflib evaluates lazily: errors (a failing SERVICE call, a bad cast...) surface while the
        # rows are read, so the whole evaluation stays inside the try.
        try:
            res = self.graph.query(text)
            if res.type == "ASK":
                return QueryResult("ask", boolean=bool(res.askAnswer))
            if res.type == "SELECT":
                variables = [str(v) for v in res.vars]
                rows = [tuple(Term.from_rdflib(row[i]) for i in range(len(variables))) for row in res]
                return QueryResult("select", variables=variables, rows=rows)
            triples = [(Term.from_rdflib(s), Term.from_rdflib(p), Term.from_rdflib(o)) for s, p, o in res.graph]
        except Exception as exc:  # rdflib raises ParseException, ValueError, URLError, Exception...
            raise QueryError(f"SPARQL error: {' '.join(str(exc).split())[:300]}") from None
        return QueryResult("construct", triples=sorted(triples, key=_triple_key))


@lru_cache(maxsize=512)
def _checked_form(text: str, allow_service: bool) -> str:
    """:func:`cagraph.query.guard.query_form` (refuses updates and SERVICE), remembered per query text:
    it is a pure function of the text, and tokenizing costs 0.05-2 ms a query, as much as running
    a small query. Errors are not cached (lru_cache does not keep exceptions)."""
    return query_form(text, allow_service=allow_service)


def _converter():
    """A function from pyoxigraph terms to :class:`Term` that converts each distinct term of one
    result once (labels, periods, classes repeat from row to row): about twice as fast as
    ``Term.from_oxigraph`` on every value."""
    memo: dict = {}
    convert = Term.from_oxigraph

    def conv(t: Any) -> Optional[Term]:
        if t is None:
            return None
        try:
            return memo[t]
        except KeyError:
            v = memo[t] = convert(t)
            return v
        except TypeError:  # pragma: no cover - pyoxigraph terms are hashable
            return convert(t)

    return conv


def _triple_key(t: tuple) -> tuple:
    """The order of ``sorted(triples)`` (Term's dataclass order: kind, value, datatype, lang),
    computed once per triple instead of by dataclass comparisons (~10x faster on 10,000 triples).
    A missing datatype or language is never compared with a present one (both terms are then
    IRIs or blank nodes, or literals whose datatypes already differ), so "" stands in for None."""
    return tuple((x.kind, x.value, x.datatype or "", x.lang or "") for x in t)


def rdflib_engine(*, inferred: bool = False) -> RdflibEngine:
    """An rdflib engine over the bundled graph (its OWL-RL closure with ``inferred``)."""
    from cagraph.io.load import load_graph

    g = load_graph()
    if inferred:
        from cagraph.build.reason import closure

        g = closure(g)
    return RdflibEngine(g)


def oxigraph_engine(*, inferred: bool = False, files: Optional[Iterable[Path]] = None, quiet: bool = False) -> OxigraphEngine:
    """The compiled store (built or reused, see :func:`cagraph.build.store.open_store`) as an engine."""
    from cagraph.build.store import open_store

    store, _ = open_store(files, quiet=quiet)
    return OxigraphEngine(store, inferred=inferred)
