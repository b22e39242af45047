"""OWL 2 RL reasoning. owlrl is the reference; ``reasonable`` (Rust) is offered where installed.

``inferred_triples(g)`` returns only what reasoning adds (the closure minus the input), without
the axiomatic triples every OWL-RL closure carries (``rdf:_1 a rdfs:ContainerMembershipProperty``,
``owl:Thing a owl:Class`` and the like) and without triples whose subject is a literal-derived
blank node — i.e. the entailments about our own terms and data, which is what queries want.
"""
from __future__ import annotations

from typing import Any

from rdflib import BNode, Graph, Literal, URIRef

REASONERS = ("owlrl", "reasonable")
_OWN = ("https://w3id.org/cagraph/",)


def closure(g: Graph, *, reasoner: str = "owlrl") -> Graph:
    """A new graph: ``g`` plus its OWL 2 RL entailments about our terms and data."""
    out = Graph()
    for p, ns in g.namespaces():
        out.bind(p, ns, override=True)
    for t in g:
        out.add(t)
    for t in inferred_triples(g, reasoner=reasoner):
        out.add(t)
    return out


def inferred_triples(g: Graph, *, reasoner: str = "owlrl") -> Graph:
    """The entailments of ``g`` (closure minus ``g``), restricted to triples whose subject is one
    of our IRIs (ontology, data, shapes) — the part of the closure worth storing and querying."""
    if reasoner == "owlrl":
        import owlrl

        work = Graph()
        for t in g:
            work.add(t)
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(work)
        new = (t for t in work if t not in g)
    elif reasoner == "reasonable":
        new = _reasonable(g)
    else:
        from .errors import CagraphError

        raise CagraphError(f"unknown reasoner {reasoner!r} (one of {', '.join(REASONERS)})")
    out = Graph()
    for s, p, o in new:
        if isinstance(s, URIRef) and str(s).startswith(_OWN) and not isinstance(o, BNode) and not _trivial(s, p, o):
            out.add((s, p, o))
    return out


def _trivial(s: Any, p: Any, o: Any) -> bool:
    """Entailments that hold for every resource and say nothing about our domain."""
    from rdflib import OWL, RDF

    if p == OWL.sameAs and s == o:
        return True
    if p == RDF.type and o in (OWL.Thing, URIRef("http://www.w3.org/2000/01/rdf-schema#Resource")):
        return True
    if p in (OWL.equivalentClass, OWL.equivalentProperty, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
             URIRef("http://www.w3.org/2000/01/rdf-schema#subPropertyOf")) and (s == o or o == OWL.Thing):
        return True
    return False


def _reasonable(g: Graph):
    import reasonable

    r = reasonable.PyReasoner()
    r.from_graph(g)
    for s, p, o in r.reason():
        t = (_term(s), _term(p), _term(o))
        if t not in g:
            yield t


def _term(x: Any) -> Any:
    if isinstance(x, (URIRef, Literal, BNode)):
        return x
    return URIRef(str(x))
