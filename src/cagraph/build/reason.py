"""OWL 2 RL reasoning. owlrl is the reference; ``native`` (:mod:`cagraph.build.reason_native`, OWL 2 RL
rules run as SPARQL updates inside Oxigraph) gives exactly owlrl's triples for our ontology and is
what the compiled store uses; ``reasonable`` (Rust) is offered where installed, but does not match
owlrl (benchmarks/RESULTS.md lists the differences).

``inferred_triples(g)`` returns only what reasoning adds (the closure minus the input), without
the axiomatic triples every OWL-RL closure carries (``rdf:_1 a rdfs:ContainerMembershipProperty``,
``owl:Thing a owl:Class`` and the like) and without triples whose subject is a literal-derived
blank node — i.e. the entailments about our own terms and data, which is what queries want.
"""
from __future__ import annotations

from typing import Any

from rdflib import BNode, Graph, Literal, URIRef

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
    from cagraph.registry import REASONERS

    new = REASONERS.get(reasoner)(g)
    out = Graph()
    for s, p, o in new:
        if isinstance(s, URIRef) and str(s).startswith(_OWN) and not isinstance(o, BNode) and not _trivial(s, p, o):
            out.add((s, p, o))
    return out


def owlrl_triples(g: Graph):
    """The triples owlrl's OWL-RL closure adds to ``g`` (the reference reasoner)."""
    import owlrl

    work = Graph()
    for t in g:
        work.add(t)
    # improved_datatypes=False: with its default (True), owlrl installs its own lexical
    # converters into rdflib's process-wide table for the duration of expand() and "restores"
    # rdflib's afterwards, which has no entry for xsd:gYear and others: its strict converters
    # would stay for the rest of the process (pySHACL would then report "13"^^xsd:gYear as
    # ill-typed after a reasoning run, and not before). The converters only matter for the
    # datatype rules (datatype_axioms, off); tests/test_reasoning.py pins both facts.
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False,
                           improved_datatypes=False).expand(work)
    return (t for t in work if t not in g)


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


def reasonable_triples(g: Graph):
    try:
        import reasonable
    except ImportError:
        from cagraph.errors import CagraphError

        raise CagraphError("--reasoner reasonable needs the reasonable package: pip install 'cagraph[fast]'") from None

    r = reasonable.PyReasoner()
    r.from_graph(g)
    for s, p, o in r.reason():
        t = (_term(s), _term(p), _term(o))
        if t not in g:
            yield t


_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


def _term(x: Any) -> Any:
    if isinstance(x, Literal):
        # reasonable returns plain literals as "..."^^xsd:string: the same term in RDF 1.1, but
        # not for rdflib's comparisons
        if x.datatype == _XSD_STRING and not x.language:
            return Literal(str(x))
        return x
    if isinstance(x, (URIRef, BNode)):
        return x
    return URIRef(str(x))


def native_triples(g: Graph):
    """The native reasoner over an rdflib graph: load it into an in-memory Oxigraph store, run
    :func:`cagraph.build.reason_native.materialize` (falling back to owlrl where it does not apply), and
    give back rdflib terms (literal objects as written in ``g``: Oxigraph canonicalizes numbers)."""
    import pyoxigraph as ox

    from cagraph.ns import ASSERTED_GRAPH, INFERRED_GRAPH
    from cagraph.build.reason_native import Unsupported, materialize
    from cagraph.terms import Term

    store = ox.Store()
    a = ox.NamedNode(ASSERTED_GRAPH)
    literals = {}
    quads = []
    for s, p, o in g:
        ot = Term.from_rdflib(o).to_oxigraph()
        if isinstance(o, Literal):
            literals[ot] = o
        quads.append(ox.Quad(Term.from_rdflib(s).to_oxigraph(), Term.from_rdflib(p).to_oxigraph(), ot, a))
    store.extend(quads)
    try:
        materialize(store)
    except Unsupported:
        yield from inferred_triples(g, reasoner="owlrl")
        return
    back = _roundtrip(literals)
    for q in store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED_GRAPH)):
        s = Term.from_oxigraph(q.subject).to_rdflib()
        o = None
        if isinstance(q.object, ox.Literal):
            candidates = back.get(q.object, [])
            # "10" and "10.0" are one literal in the store: the subject's own value is the one meant
            o = next((c for c in candidates if (s, None, c) in g), candidates[0] if candidates else None)
        yield (s, Term.from_oxigraph(q.predicate).to_rdflib(),
               o if o is not None else Term.from_oxigraph(q.object).to_rdflib())


def _roundtrip(literals: dict) -> dict:
    """Map each Oxigraph literal, as an Oxigraph store gives it back (numbers in canonical form),
    to the rdflib literals it came from, in a stable order (several: ``"10"`` and ``"10.0"``)."""
    import pyoxigraph as ox

    s = ox.Store()
    p = ox.NamedNode("urn:cagraph:literal")
    items = list(literals.items())
    s.extend(ox.Quad(ox.NamedNode(f"urn:cagraph:{i}"), p, ot) for i, (ot, _) in enumerate(items))
    out: dict = {}
    for q in s:
        out.setdefault(q.object, []).append(items[int(q.subject.value.rsplit(":", 1)[1])][1])
    return {k: sorted(v, key=lambda lit: (str(lit), str(lit.datatype))) for k, v in out.items()}
