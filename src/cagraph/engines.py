"""Query engines behind one small interface: ``engine.query(text) -> QueryResult``.

Every engine takes the final query text (parameters already bound by
:func:`cagraph.queries.bind_values`) and returns a :class:`cagraph.results.QueryResult` of neutral
:class:`cagraph.terms.Term` values. The table below is the whole registry.

| name       | what                                                       | module                |
| ---------- | ---------------------------------------------------------- | --------------------- |
| `oxigraph` | embedded Oxigraph store (the compiled store), the default  | cagraph.engines       |
| `rdflib`   | rdflib in-memory graph (reference implementation)          | cagraph.engines       |
| `remote`   | a SPARQL 1.1 Protocol endpoint over HTTP                   | cagraph.remote        |
"""
from __future__ import annotations

from typing import Any, Optional, Protocol

from .errors import QueryError
from .ns import ASSERTED_GRAPH, INFERRED_GRAPH
from .queries import query_form
from .results import QueryResult
from .terms import Term

ENGINES = {
    "oxigraph": "cagraph.engines:OxigraphEngine",
    "rdflib": "cagraph.engines:RdflibEngine",
    "remote": "cagraph.remote:RemoteEngine",
}


class Engine(Protocol):
    name: str

    def query(self, text: str, *, allow_service: bool = False) -> QueryResult: ...


class OxigraphEngine:
    """A pyoxigraph Store holding the asserted triples in one named graph and the OWL-RL
    entailments in another; ``inferred`` picks whether queries see both or the asserted only."""

    name = "oxigraph"

    def __init__(self, store: Any, *, inferred: bool = False, timeout: Optional[float] = None):
        self.store = store
        self.inferred = inferred

    def query(self, text: str, *, allow_service: bool = False) -> QueryResult:
        import pyoxigraph as ox

        form = query_form(text, allow_service=allow_service)
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
            if isinstance(res, ox.QuerySolutions):
                variables = [v.value for v in res.variables]
                rows = [tuple(Term.from_oxigraph(sol[i]) for i in range(len(variables))) for sol in res]
                return QueryResult("select", variables=variables, rows=rows)
            triples = {(Term.from_oxigraph(t.subject), Term.from_oxigraph(t.predicate), Term.from_oxigraph(t.object)) for t in res}
            return QueryResult("construct", triples=sorted(triples))
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
        return QueryResult("construct", triples=sorted(triples))


def rdflib_engine(*, inferred: bool = False) -> RdflibEngine:
    """An rdflib engine over the bundled graph (its OWL-RL closure with ``inferred``)."""
    from .graph import load_graph

    g = load_graph()
    if inferred:
        from .reason import closure

        g = closure(g)
    return RdflibEngine(g)
