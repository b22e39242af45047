"""The native reasoner against owlrl, on generated ontologies and data (issue 15, item 7).

``tests/test_reasoning.py`` compares the two on the bundled graph, on synthetic data shaped like
it and on the SHACL fixtures: graphs that use the part of OWL the cagraph ontology uses. Here
hypothesis generates small ontologies that use every rule :mod:`cagraph.build.reason_native`
implements, in any mix — subClassOf chains and cycles, equivalentClass, subPropertyOf and
equivalentProperty (cycles too), domain, range, inverseOf, SymmetricProperty,
TransitiveProperty, property chains, owl:Class / owl:ObjectProperty / owl:DatatypeProperty /
rdf:Property declarations, owl:Thing and owl:Nothing among the classes, FunctionalProperty — and
data over a handful of IRIs (ours and a foreign one), a blank node and literals. For each graph:

* if the native reasoner accepts it, ``inferred_triples(g, reasoner="native")`` is
  ``inferred_triples(g)`` (owlrl) exactly: the same filtered triples, no documented extras on
  either side (``inferred_triples`` drops owlrl's axiomatic triples and literal-subject triples
  for both);
* if it refuses it (:class:`Unsupported`), the refusal is one the module documents and the graph
  really is outside the subset: owlrl's (unfiltered) closure derives ``owl:sameAs`` between two
  different nodes (a functional property with two values), or a triple of an inverse or
  symmetric property whose subject is a literal. The inferred graph is left empty.

The ``@example`` cases are the differences this test found (each fixed in the native reasoner) and
a few shapes worth running on every run.
"""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from cagraph.build.reason import inferred_triples
from cagraph.build.reason_native import Unsupported, materialize
from cagraph.ns import ASSERTED_GRAPH, INFERRED_GRAPH
from cagraph.terms import Term

CAG = Namespace("https://w3id.org/cagraph/ontology#")
CGR = Namespace("https://w3id.org/cagraph/id/")
EXT = Namespace("http://example.org/ext#")  # not ours: inferred_triples drops it as a subject

# Few names, so that the axioms of one generated graph meet: three classes of ours or not and the
# two OWL ones, three properties, four nodes (a foreign IRI and a blank node among them)
CLASSES = [CAG.C0, CAG.C1, EXT.K, OWL.Thing, OWL.Nothing]
PROPS = [CAG.p0, CAG.p1, EXT.q]
BLANK = BNode("b0")
NODES = [CGR.i0, CGR.i1, EXT.z, BLANK]
LITERALS = [Literal("v"), Literal("v", lang="en"), Literal(1)]
PROPERTY_TYPES = [OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property, OWL.SymmetricProperty,
                  OWL.TransitiveProperty, OWL.FunctionalProperty]
# Superclasses, domains and ranges: owl:Nothing there is refused (a class in the OWL vocabulary)
SUPER = [c for c in CLASSES if c != OWL.Nothing]

classes, supers, props, nodes = (st.sampled_from(x) for x in (CLASSES, SUPER, PROPS, NODES))
axiom = st.one_of(
    st.tuples(classes, st.just(RDFS.subClassOf), supers),
    st.tuples(supers, st.just(OWL.equivalentClass), supers),
    st.tuples(props, st.just(RDFS.subPropertyOf), props),
    st.tuples(props, st.just(OWL.equivalentProperty), props),
    st.tuples(props, st.just(RDFS.domain), supers),
    st.tuples(props, st.just(RDFS.range), supers),
    st.tuples(props, st.just(OWL.inverseOf), props),
)
# declarations and property characteristics, drawn apart so that each graph has a few
trait = st.one_of(
    st.tuples(props, st.just(RDF.type), st.sampled_from(PROPERTY_TYPES)),
    st.tuples(st.sampled_from(CLASSES[:3]), st.just(RDF.type), st.just(OWL.Class)),
)
chain = st.tuples(props, st.lists(props, min_size=1, max_size=3))
link = st.tuples(nodes, props, nodes)
fact = st.one_of(link, link, link, st.tuples(nodes, st.just(RDF.type), classes), st.tuples(nodes, st.just(RDF.type), classes),
                 st.tuples(nodes, props, st.sampled_from(LITERALS)))  # fewer literals: most refusals come from them


def _graph(schema, chains=(), data=()) -> Graph:
    g = Graph()
    for t in [*schema, *data]:
        g.add(t)
    for i, (p, members) in enumerate(chains):
        head = BNode(f"chain{i}")
        Collection(g, head, list(members))
        g.add((p, OWL.propertyChainAxiom, head))
    return g


graphs = st.builds(lambda axioms, traits, chains, data: _graph([*axioms, *traits], chains, data),
                   st.lists(axiom, min_size=2, max_size=10), st.lists(trait, min_size=1, max_size=5),
                   st.lists(chain, max_size=1), st.lists(fact, min_size=3, max_size=12))


def _store(g: Graph) -> ox.Store:
    s = ox.Store()
    a = ox.NamedNode(ASSERTED_GRAPH)
    s.extend(ox.Quad(Term.from_rdflib(x).to_oxigraph(), Term.from_rdflib(p).to_oxigraph(),
                     Term.from_rdflib(o).to_oxigraph(), a) for x, p, o in g)
    return s


def _owlrl_full(g: Graph) -> Graph:
    import owlrl

    work = Graph()
    for t in g:
        work.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False,
                           improved_datatypes=False).expand(work)
    return work


def _inverse_or_symmetric(g: Graph) -> set:
    out = set(g.subjects(RDF.type, OWL.SymmetricProperty))
    for a, b in g.subject_objects(OWL.inverseOf):
        out |= {a, b}
    return out


def _show(triples) -> str:
    return "\n".join(" ".join(t.n3() for t in tr) for tr in sorted(triples, key=str)) or "(none)"


def check(g: Graph) -> None:
    store = _store(g)
    try:
        materialize(store)
    except Unsupported as exc:
        assert not list(store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED_GRAPH)))
        why, full = str(exc), _owlrl_full(g)
        if "functional" in why:
            assert any(a != b for a, b in full.subject_objects(OWL.sameAs)), why
        else:
            assert "inverse or symmetric and has a literal value" in why, why
            assert any(isinstance(x, Literal) for x, p, _ in full if p in _inverse_or_symmetric(g)), why
        event(f"refused: {why.split('> ', 1)[-1]}")
        return
    event("accepted")
    want = set(inferred_triples(g, reasoner="owlrl"))
    got = set(inferred_triples(g, reasoner="native"))
    assert got == want, (f"input:\n{_show(g)}\nonly owlrl:\n{_show(want - got)}\nonly native:\n{_show(got - want)}")


C0, C1, C2, p0, p1, p2, i0, i1, i2 = CAG.C0, CAG.C1, CAG.C2, CAG.p0, CAG.p1, CAG.p2, CGR.i0, CGR.i1, CGR.i2


@settings(max_examples=250, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(g=graphs)
# a subclass cycle, an equivalence, a type through both
@example(g=_graph([(C0, RDFS.subClassOf, C1), (C1, RDFS.subClassOf, C0), (C1, OWL.equivalentClass, C2)],
                  data=[(i0, RDF.type, C0)]))
# sub-, inverse and symmetric properties composed: i0 p0 i1 gives i1 q i0 through p1 and p2
@example(g=_graph([(p0, RDFS.subPropertyOf, p1), (p1, OWL.inverseOf, p2), (p2, RDF.type, OWL.SymmetricProperty),
                   (p2, RDFS.subPropertyOf, EXT.q), (EXT.q, RDFS.domain, C0)], data=[(i0, p0, i1)]))
# a transitive property fed by a chain, a range through a super-property
@example(g=_graph([(p1, RDF.type, OWL.TransitiveProperty), (p1, RDFS.subPropertyOf, p2), (p2, RDFS.range, C1)],
                  chains=[(p1, [p0, p0])], data=[(i0, p0, i1), (i1, p0, i2), (i2, p1, EXT.z)]))
# found: a node typed owl:Nothing is (inconsistently) in every declared class (cax-sco with
# scm-cls's owl:Nothing rdfs:subClassOf C); the native reasoner skipped owl:Nothing as a subclass
@example(g=_graph([(C0, RDF.type, OWL.Class)], data=[(i0, RDF.type, OWL.Nothing)]))
# found: a domain owl:Thing, with owl:Thing equivalent to one of our classes, types the subject
# with that class (prp-dom, cax-eqc); the native reasoner skipped owl:Thing domains and ranges
@example(g=_graph([(p0, RDFS.domain, OWL.Thing), (C0, OWL.equivalentClass, OWL.Thing)], data=[(i0, p0, i1)]))
@example(g=_graph([(p0, RDFS.range, OWL.Thing), (OWL.Thing, RDFS.subClassOf, C0)], data=[(i0, p0, i1)]))
# found: a literal reaches a symmetric and transitive property through a sub-property: owlrl derives
# "v" p0 i0, then i0 p0 i0 (prp-trp); the native reasoner checked only stated values, now refuses
@example(g=_graph([(p1, RDFS.subPropertyOf, p0), (p0, RDF.type, OWL.SymmetricProperty),
                   (p0, RDF.type, OWL.TransitiveProperty)], data=[(i0, p1, Literal("v"))]))
# found: a functional property gets its second value through a sub-property (prp-fp: i1 owl:sameAs i2)
@example(g=_graph([(p0, RDF.type, OWL.FunctionalProperty), (p1, RDFS.subPropertyOf, p0)],
                  data=[(i0, p0, i1), (i0, p1, i2)]))
def test_native_equals_owlrl_on_generated_graphs(g):
    check(g)


@pytest.mark.parametrize("extra, data", [
    ([], [(i0, p0, Literal("v")), (i0, p0, i1)]),
    ([(p1, RDFS.subPropertyOf, p0)], [(i0, p0, i1), (i0, p1, i2)]),
])
def test_a_functional_property_with_two_values_is_refused(extra, data):
    """owlrl derives owl:sameAs between the two values, even when one comes through a
    sub-property: the native reasoner refuses such a graph and leaves the inferred graph empty."""
    g = _graph([(p0, RDF.type, OWL.FunctionalProperty), *extra], data=data)
    store = _store(g)
    with pytest.raises(Unsupported, match="functional"):
        materialize(store)
    assert not list(store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED_GRAPH)))
