"""``cagraph stats``: counts over the compiled store, as query results."""
from __future__ import annotations

from typing import Optional

from cagraph.query.results import QueryResult

PFX = """PREFIX cag: <https://w3id.org/cagraph/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

STATS = [
    ("Triples", "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"),
    ("Entities per class (most specific classes of the ontology, facts and quotes excluded)",
     """SELECT ?class (COUNT(DISTINCT ?e) AS ?entities) WHERE {
          ?e a ?class . ?class rdfs:isDefinedBy <https://w3id.org/cagraph/ontology> .
          FILTER NOT EXISTS { ?e a/rdfs:subClassOf* cag:Fact }
          FILTER NOT EXISTS { ?e a/rdfs:subClassOf* cag:Claim }
          FILTER NOT EXISTS { ?e a cag:Quote }
          FILTER NOT EXISTS { ?e a cag:Section }
          FILTER STRSTARTS(STR(?e), "https://w3id.org/cagraph/id/")
        } GROUP BY ?class ORDER BY DESC(?entities) ?class"""),
    ("Facts per kind",
     """SELECT ?kind (COUNT(DISTINCT ?f) AS ?facts) WHERE {
          ?f a ?kind . ?kind rdfs:subClassOf* cag:Fact .
          FILTER NOT EXISTS { ?f a ?sub . ?sub rdfs:subClassOf+ ?kind . ?sub rdfs:subClassOf* cag:Fact }
        } GROUP BY ?kind ORDER BY DESC(?facts) ?kind"""),
    ("Claims per factuality and kind",
     """SELECT ?factuality ?kind (COUNT(DISTINCT ?c) AS ?claims) WHERE {
          ?c cag:factuality/skos:notation ?factuality ; cag:claimKind/rdfs:label ?kind .
        } GROUP BY ?factuality ?kind ORDER BY ?factuality ?kind"""),
    ("Sources: quotes and claims per document",
     """SELECT ?document ?title (COUNT(DISTINCT ?q) AS ?quotes) (COUNT(DISTINCT ?f) AS ?claims) WHERE {
          ?document a cag:SourceDocument . OPTIONAL { ?document dcterms:title ?title }
          OPTIONAL { ?q oa:hasSource ?document . OPTIONAL { ?f cag:evidence ?q } }
        } GROUP BY ?document ?title ORDER BY ?document"""),
]


def stats(*, engine: Optional[object] = None) -> list[tuple[str, QueryResult]]:
    if engine is None:
        from cagraph.query.engines import oxigraph_engine

        engine = oxigraph_engine()
    return [(title, engine.query(PFX + q)) for title, q in STATS]
