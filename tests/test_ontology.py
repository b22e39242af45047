"""The ontology (ontology/cagraph.ttl): header, term annotations, OWL 2 RL closure.

HermiT and Pellet consistency and the OWL API's OWL 2 DL / RL profile checks of the graph as shipped
are in test_owl_tools.py.
"""
from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from cagraph import paths

CAG = Namespace("https://w3id.org/cagraph/ontology#")
CGR = Namespace("https://w3id.org/cagraph/id/")
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
TIME = Namespace("http://www.w3.org/2006/time#")
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
DCT = Namespace("http://purl.org/dc/terms/")
VANN = Namespace("http://purl.org/vocab/vann/")
ONTOLOGY = URIRef("https://w3id.org/cagraph/ontology")
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
    builtin = {OWL.Thing} | {o for o in used if str(o).startswith("http://www.w3.org/2001/XMLSchema#")}
    assert not used - declared - builtin, sorted(used - declared - builtin)


def test_years_are_integers(onto, graph):
    """Years are xsd:integer (OWL 2 has no xsd:gYear): in the ranges of the year properties and in
    every value the data gives them; periods begin and end with time:Instants."""
    years = [CAG.year, CAG.startYear, CAG.endYear]
    for p in years:
        assert onto.value(p, RDFS.range) == XSD_INTEGER, p
    values = [(s, p, o) for p in years for s, o in graph.subject_objects(p)]
    assert len(values) > 100
    wrong = [(s, p, o) for s, p, o in values
             if not isinstance(o, Literal) or o.datatype != XSD_INTEGER or not 1900 <= int(o) <= 2100]
    assert not wrong, "\n".join(" ".join(x.n3() for x in t) for t in wrong[:20])
    periods = set(graph.subjects(RDF.type, CAG.Period))
    assert len(periods) > 20
    open_ended = set()
    for period in periods:
        for p in (TIME.hasBeginning, TIME.hasEnd):
            instants = list(graph.objects(period, p))
            if p == TIME.hasEnd and not instants:
                open_ended.add(period)
                continue
            assert len(instants) == 1 and (instants[0], RDF.type, TIME.Instant) in graph, (period, p)
    assert open_ended == {CGR["period-since-2013"]}  # "since 2013": no end
    assert (CGR["period-2023"], TIME.hasBeginning, CGR["start-2023-01"]) in graph
    assert (CGR["period-2023"], TIME.hasEnd, CGR["end-2023-12"]) in graph


# ---------------------------------------------------------------- OWL 2 RL closure (owlrl)

@pytest.fixture(scope="module")
def closure(graph) -> Graph:
    import owlrl

    g = Graph()
    for t in graph:
        g.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, improved_datatypes=False).expand(g)  # leaves rdflib's converters alone
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
    # claims: an assertion is a claim and a PROV entity, not a world node; a claim is derived
    # from its quote and its document, and attributed to its claimant
    claims = set(closure.subjects(RDF.type, CAG.Claim))
    assertions = set(graph.subjects(RDF.type, CAG.Assertion))
    assert len(assertions) > 500 and assertions < claims
    assert claims <= set(closure.subjects(RDF.type, PROV.Entity))
    for claim in claims:
        for p in (CAG.evidence, CAG.statedIn):
            for o in graph.objects(claim, p):
                assert (claim, PROV.wasDerivedFrom, o) in closure, f"{claim} wasDerivedFrom {o} not derived"
        for who in graph.objects(claim, CAG.claimant):
            assert (claim, PROV.wasAttributedTo, who) in closure, f"{claim} wasAttributedTo {who} not derived"
    facts = set(closure.subjects(RDF.type, CAG.Fact))
    assert len(facts) > 70
    assert all(list(graph.subjects(CAG.claimAbout, f)) for f in facts)
    # quotes are Web Annotation targets
    quotes = set(graph.subjects(RDF.type, CAG.Quote))
    assert quotes and quotes <= set(closure.subjects(RDF.type, OA.SpecificResource))
    # a region is a place and never acts; a group of its states does
    assert (CGR["central-asia"], RDF.type, CAG.Place) in closure
    assert (CGR["central-asia"], RDF.type, CAG.Agent) not in closure
    for group in ("central-asian-states", "central-asian-partners"):
        assert (CGR[group], RDF.type, CAG.Agent) in closure, group
    # periods are OWL-Time intervals
    assert (CGR["period-2023"], RDF.type, TIME.ProperInterval) in closure


def test_owlrl_detects_disjointness_violations(onto):
    """The disjointness axioms are live in OWL RL: a state that is also a person is an inconsistency."""
    import owlrl

    g = Graph()
    for t in onto:
        g.add(t)
    g.add((CGR.china, RDF.type, CAG.State))
    g.add((CGR.china, RDF.type, CAG.Person))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, improved_datatypes=False).expand(g)  # leaves rdflib's converters alone
    errors = [str(g.value(m, OWLRL_ERROR.error)) for m in g.subjects(RDF.type, OWLRL_ERROR.ErrorMessage)]
    assert any(str(CGR.china) in e for e in errors), errors
