"""The ontology (ontology/cagraph.ttl): header, term annotations, OWL 2 RL closure, HermiT consistency.

The HermiT test needs Java. HermiT implements exactly the OWL 2 datatype map, which has no xsd:gYear
(https://www.w3.org/TR/owl2-syntax/#Datatype_Maps), and refuses the ontology outright
(UnsupportedDatatypeException). For the HermiT run only, every xsd:gYear literal ("2023"^^xsd:gYear)
and every xsd:gYear range becomes xsd:integer with the same digits: every year in the graph is four
digits without time zone (the shapes check it), so the rewrite keeps equality, the functional
properties and the ranges meaning what they meant, and the graph itself keeps its gYears.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from cagraph import paths

CAG = Namespace("https://w3id.org/cagraph/ontology#")
CGR = Namespace("https://w3id.org/cagraph/id/")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
VANN = Namespace("http://purl.org/vocab/vann/")
ONTOLOGY = URIRef("https://w3id.org/cagraph/ontology")
XSD_GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
# owlrl records inconsistencies as [] a ERR:ErrorMessage ; ERR:error "..."
OWLRL_ERROR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(paths.ONTOLOGY_FILE, format="turtle")


def _terms(g: Graph) -> list[URIRef]:
    """Every term the ontology defines: cag: IRIs with a type (classes, properties, individuals)."""
    return sorted({s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(str(CAG))})


def _english(values) -> list[Literal]:
    return [v for v in values if isinstance(v, Literal) and v.language and v.language.lower().startswith("en")]


# ---------------------------------------------------------------- header and annotations

def test_header(onto):
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in onto
    for p in (DCT.title, DCT.description, DCT.license, DCT.creator, DCT.created, DCT.modified,
              OWL.versionIRI, OWL.versionInfo, VANN.preferredNamespacePrefix, VANN.preferredNamespaceUri):
        assert len(list(onto.objects(ONTOLOGY, p))) == 1, f"the header needs exactly one {p}"
    assert str(onto.value(ONTOLOGY, VANN.preferredNamespacePrefix)) == "cag"
    assert str(onto.value(ONTOLOGY, VANN.preferredNamespaceUri)) == str(CAG)
    version = str(onto.value(ONTOLOGY, OWL.versionInfo))
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert str(onto.value(ONTOLOGY, OWL.versionIRI)).endswith("/" + version)
    assert _english(onto.objects(ONTOLOGY, DCT.title)) and _english(onto.objects(ONTOLOGY, DCT.description))


def test_terms_are_annotated(onto):
    terms = _terms(onto)
    assert len(terms) > 150
    problems = []
    for t in terms:
        labels = list(onto.objects(t, RDFS.label))
        if len(labels) != 1 or len(_english(labels)) != 1:
            problems.append(f"{t}: needs exactly one English rdfs:label, has {labels}")
        defs = list(onto.objects(t, SKOS.definition))
        if len(defs) != 1 or len(_english(defs)) != 1:
            problems.append(f"{t}: needs exactly one English skos:definition, has {len(defs)}")
        elif not str(defs[0])[:1].isupper() or not str(defs[0]).endswith("."):
            problems.append(f"{t}: the definition starts with a capital letter and ends with a full stop")
        if (t, RDFS.isDefinedBy, ONTOLOGY) not in onto:
            problems.append(f"{t}: no rdfs:isDefinedBy <{ONTOLOGY}>")
    assert not problems, "\n".join(problems)


def test_labels_are_unique(onto):
    seen: dict[str, URIRef] = {}
    for t in _terms(onto):
        label = str(onto.value(t, RDFS.label)).lower()
        assert label not in seen, f"{t} and {seen[label]} share the label {label!r}"
        seen[label] = t


def test_object_properties_have_domain_and_range(onto):
    props = [p for p in onto.subjects(RDF.type, OWL.ObjectProperty) if p.startswith(str(CAG))]
    assert len(props) > 60
    for p in props:
        assert len(list(onto.objects(p, RDFS.domain))) == 1, f"{p}: needs one rdfs:domain"
        assert len(list(onto.objects(p, RDFS.range))) == 1, f"{p}: needs one rdfs:range"
    for p in onto.subjects(RDF.type, OWL.DatatypeProperty):
        if p.startswith(str(CAG)):
            assert onto.value(p, RDFS.range) is not None, f"{p}: needs an rdfs:range"


def test_no_illegal_punning(onto, graph):
    """OWL 2 DL: no IRI is both an object and a datatype property, or both a class and a property;
    object properties take IRIs, datatype properties literals (in the ontology and the data)."""
    obj = set(onto.subjects(RDF.type, OWL.ObjectProperty))
    dat = set(onto.subjects(RDF.type, OWL.DatatypeProperty))
    cls = set(onto.subjects(RDF.type, OWL.Class))
    assert not obj & dat
    assert not cls & (obj | dat)
    wrong = [(s, p, o) for p in obj for s, o in graph.subject_objects(p) if isinstance(o, Literal)]
    wrong += [(s, p, o) for p in dat for s, o in graph.subject_objects(p) if not isinstance(o, Literal)]
    assert not wrong, "\n".join(" ".join(x.n3() for x in t) for t in wrong[:20])


def test_every_axiom_term_is_declared(onto):
    """OWL 2 DL without imports: every IRI used in a subclass, subproperty or chain axiom is declared."""
    declared = set(onto.subjects(RDF.type, None))
    used = set()
    for p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf):
        used |= {o for o in onto.objects(None, p) if isinstance(o, URIRef)}
    for chain in onto.objects(None, OWL.propertyChainAxiom):
        used |= set(Collection(onto, chain))
    builtin = {OWL.Thing, XSD_GYEAR} | {o for o in used if str(o).startswith("http://www.w3.org/2001/XMLSchema#")}
    assert not used - declared - builtin, sorted(used - declared - builtin)


# ---------------------------------------------------------------- OWL 2 RL closure (owlrl)

@pytest.fixture(scope="module")
def closure(graph) -> Graph:
    import owlrl

    g = Graph()
    for t in graph:
        g.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return g


def test_owlrl_closure_is_consistent(closure, graph):
    assert len(closure) > len(graph)
    errors = [str(closure.value(m, OWLRL_ERROR.error)) for m in closure.subjects(RDF.type, OWLRL_ERROR.ErrorMessage)]
    assert not errors, "\n".join(errors[:20])


def test_owlrl_entailments(closure, graph):
    # inverse property
    assert (CGR.aiib, CAG.alternativeTo, CGR["world-bank"]) in graph
    assert (CGR["world-bank"], CAG.hasAlternative, CGR.aiib) in closure
    # superclasses
    for cls in (CAG.State, CAG.Agent, CAG.Place, PROV.Agent):
        assert (CGR.kazakhstan, RDF.type, cls) in closure
    assert (CGR.sco, RDF.type, CAG.Organization) in closure
    # subproperty and inverse: a capital is located in its state, and the state has it as capital
    assert (CGR.astana, CAG.locatedIn, CGR.kazakhstan) in closure
    assert (CGR.kazakhstan, CAG.hasCapital, CGR.astana) in closure
    # the property chain: every fact is stated in the documents its quotes are quoted from
    facts = set(closure.subjects(RDF.type, CAG.Fact))
    assert len(facts) > 100
    for fact in facts:
        for quote in graph.objects(fact, CAG.evidence):
            doc = graph.value(quote, PROV.wasQuotedFrom)
            assert (fact, CAG.statedIn, doc) in closure, f"{fact} statedIn {doc} not derived"


def test_owlrl_detects_disjointness_violations(onto):
    """The disjointness axioms are live in OWL RL: a state that is also a person is an inconsistency."""
    import owlrl

    g = Graph()
    for t in onto:
        g.add(t)
    g.add((CGR.china, RDF.type, CAG.State))
    g.add((CGR.china, RDF.type, CAG.Person))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    errors = [str(g.value(m, OWLRL_ERROR.error)) for m in g.subjects(RDF.type, OWLRL_ERROR.ErrorMessage)]
    assert any(str(CGR.china) in e for e in errors), errors


# ---------------------------------------------------------------- HermiT (owlready2)

def _hermit_copy(graph: Graph, path: Path, extra=()) -> Path:
    """N-Triples copy of ``graph`` for HermiT, with xsd:gYear rewritten to xsd:integer (module doc)."""
    g = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD_GYEAR:
            o = Literal(str(o), datatype=XSD_INTEGER)
        elif o == XSD_GYEAR:
            o = XSD_INTEGER
        g.add((s, p, o))
    for t in extra:
        g.add(t)
    g.serialize(path, format="nt", encoding="utf-8")
    return path


def _hermit(path: Path):
    import owlready2

    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    return world


needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")


@needs_java
def test_hermit_consistent(graph, tmp_path):
    world = _hermit(_hermit_copy(graph, tmp_path / "cagraph.nt"))
    assert list(world.inconsistent_classes()) == []


@needs_java
def test_hermit_detects_inconsistency(graph, tmp_path):
    """A negative control, so that the test above cannot pass vacuously."""
    import owlready2

    path = _hermit_copy(graph, tmp_path / "broken.nt", extra=[(CGR.china, RDF.type, CAG.Person)])
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit(path)
