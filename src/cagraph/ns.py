"""Namespaces and graph names, in a module that imports nothing heavy."""
from __future__ import annotations

INFERRED_GRAPH = "https://w3id.org/cagraph/graph/inferred"
ASSERTED_GRAPH = "https://w3id.org/cagraph/graph/asserted"

PREFIXES = {
    "cag": "https://w3id.org/cagraph/ontology#",
    "cgr": "https://w3id.org/cagraph/id/",
    "cagsh": "https://w3id.org/cagraph/shapes#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "vann": "http://purl.org/vocab/vann/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}




def sparql_prologue(*names: str) -> str:
    """``PREFIX`` lines for ``names`` (all of the table when none are given), from the one table.

    >>> print(sparql_prologue("cag", "rdfs"))
    PREFIX cag: <https://w3id.org/cagraph/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    """
    return "\n".join(f"PREFIX {name}: <{PREFIXES[name]}>" for name in (names or tuple(PREFIXES)))
