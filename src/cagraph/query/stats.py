"""``cagraph stats``: counts over the compiled store, as query results.

Five tables, each with a short name (``--table NAME``): ``triples``, ``entities``, ``facts``,
``claims``, ``sources``. :func:`stats_json` gives them as one JSON document (each table a W3C
SPARQL JSON result under its name); :func:`stats_long` as one table of their own, one row per
figure (``table``, ``key``, ``measure``, ``value``), for CSV and TSV.
"""
from __future__ import annotations

import json
from typing import Optional

from cagraph.errors import ParameterError
from cagraph.query.results import QueryResult
from cagraph.terms import Term

PFX = """PREFIX cag: <https://w3id.org/cagraph/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

STATS = [
    ("triples", "Triples", "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"),
    ("entities", "Entities per class (most specific classes of the ontology, facts and quotes excluded)",
     """SELECT ?class (COUNT(DISTINCT ?e) AS ?entities) WHERE {
          ?e a ?class . ?class rdfs:isDefinedBy <https://w3id.org/cagraph/ontology> .
          FILTER NOT EXISTS { ?e a/rdfs:subClassOf* cag:Fact }
          FILTER NOT EXISTS { ?e a/rdfs:subClassOf* cag:Claim }
          FILTER NOT EXISTS { ?e a cag:Quote }
          FILTER NOT EXISTS { ?e a cag:Section }
          FILTER STRSTARTS(STR(?e), "https://w3id.org/cagraph/id/")
        } GROUP BY ?class ORDER BY DESC(?entities) ?class"""),
    ("facts", "Facts per kind",
     """SELECT ?kind (COUNT(DISTINCT ?f) AS ?facts) WHERE {
          ?f a ?kind . ?kind rdfs:subClassOf* cag:Fact .
          FILTER NOT EXISTS { ?f a ?sub . ?sub rdfs:subClassOf+ ?kind . ?sub rdfs:subClassOf* cag:Fact }
        } GROUP BY ?kind ORDER BY DESC(?facts) ?kind"""),
    ("claims", "Claims per factuality and kind",
     """SELECT ?factuality ?kind (COUNT(DISTINCT ?c) AS ?claims) WHERE {
          ?c cag:factuality/skos:notation ?factuality ; cag:claimKind/rdfs:label ?kind .
        } GROUP BY ?factuality ?kind ORDER BY ?factuality ?kind"""),
    ("sources", "Sources: quotes and claims per document",
     """SELECT ?document ?title (COUNT(DISTINCT ?q) AS ?quotes) (COUNT(DISTINCT ?f) AS ?claims) WHERE {
          ?document a cag:SourceDocument . OPTIONAL { ?document dcterms:title ?title }
          OPTIONAL { ?q oa:hasSource ?document . OPTIONAL { ?f cag:evidence ?q } }
        } GROUP BY ?document ?title ORDER BY ?document"""),
]


#: the columns that name a row of each table (the others are its figures)
KEYS = {"triples": [], "entities": ["class"], "facts": ["kind"], "claims": ["factuality", "kind"],
        "sources": ["document", "title"]}
NAMES = [name for name, _, _ in STATS]


def stats(*, engine: Optional[object] = None, table: Optional[str] = None) -> list[tuple[str, str, QueryResult]]:
    """``(name, title, result)`` of every table, or of the one named ``table``."""
    if table is not None and table not in NAMES:
        raise ParameterError(f"--table {table[:40]!r}: no such table (one of {', '.join(NAMES)})")
    if engine is None:
        from cagraph.query.engines import oxigraph_engine

        engine = oxigraph_engine()
    return [(name, title, engine.query(PFX + q)) for name, title, q in STATS if table in (None, name)]


def stats_json(tables: list[tuple[str, str, QueryResult]]) -> str:
    """One JSON document: ``{"triples": <SPARQL JSON result>, "entities": ..., ...}``."""
    from cagraph.query.formats import result_to_string

    doc = {name: json.loads(result_to_string(result, "json")) for name, _, result in tables}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def stats_long(tables: list[tuple[str, str, QueryResult]]) -> QueryResult:
    """Every table in one: a row per figure, ``table``, ``key`` (the values that name the row,
    joined by `` / ``), ``measure`` (the figure's column) and ``value``.

    >>> r = stats_long([("claims", "", QueryResult("select", ["factuality", "kind", "claims"],
    ...                  [(Term.literal("CT+"), Term.literal("argument"), Term.literal("144"))]))])
    >>> [[c.value for c in row] for row in r.rows]
    [['claims', 'CT+ / argument', 'claims', '144']]
    """
    rows = []
    for name, _, result in tables:
        keys = KEYS.get(name, [])
        for row in result.rows:
            cells = dict(zip(result.variables, row))
            key = " / ".join(cells[k].value for k in keys if cells.get(k) is not None)
            for v in result.variables:
                if v not in keys:
                    rows.append((Term.literal(name), Term.literal(key), Term.literal(v), cells[v]))
    return QueryResult("select", variables=["table", "key", "measure", "value"], rows=rows)
