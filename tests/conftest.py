"""Shared fixtures. Path constants live in cagraph.paths; every test session gets its own
compiled-store cache so tests never touch (or depend on) the developer's .cagraph-cache."""
from __future__ import annotations

import os
import tempfile

import pytest

_CACHE = tempfile.mkdtemp(prefix="cagraph-test-cache-")
os.environ["CAGRAPH_CACHE"] = _CACHE


def lexical_probe() -> tuple:
    """How rdflib reads two literals that owlrl's own converters (``improved_datatypes``) read
    otherwise: they are installed in rdflib's process-wide table and stay after owlrl returns."""
    from rdflib import XSD, Literal

    return (Literal("13", datatype=XSD.gYear).ill_typed,
            Literal("2020-01-01T00:00:00Z", datatype=XSD.dateTimeStamp).ill_typed)


_LEXICAL = lexical_probe()


@pytest.fixture(autouse=True)
def _rdflib_reads_literals_as_before():
    """No test changes how later tests parse literals (cagraph runs owlrl with
    ``improved_datatypes=False``; a test that runs owlrl or pySHACL's inference otherwise fails here)."""
    yield
    assert lexical_probe() == _LEXICAL, "this test left owlrl's lexical converters in rdflib's table"


@pytest.fixture(scope="session")
def graph():
    """The bundled graph (ontology + data), parsed once."""
    from cagraph.io.load import load_graph

    return load_graph()


@pytest.fixture(scope="session")
def ox_engine():
    from cagraph.query.engines import oxigraph_engine

    return oxigraph_engine()


@pytest.fixture(scope="session")
def rdflib_engine(graph):
    from cagraph.query.engines import RdflibEngine

    return RdflibEngine(graph)


@pytest.fixture(scope="session")
def cache_dir():
    return _CACHE


# ---------------------------------------------------------------------------------------------
# Building small graphs in the claims model (quotes as Web Annotation targets, claims)
# ---------------------------------------------------------------------------------------------
def add_quote(g, q, text, *, document, section_title="Introduction", start=0):
    """A cag:Quote ``q`` with its two selectors and a section node (IRIs minted from ``q``)."""
    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, RDF, RDFS

    CAG = Namespace("https://w3id.org/cagraph/ontology#")
    OA = Namespace("http://www.w3.org/ns/oa#")
    text_sel, pos_sel, sec = URIRef(f"{q}-text"), URIRef(f"{q}-position"), URIRef(f"{q}-section")
    g.add((q, RDF.type, CAG.Quote))
    g.add((q, OA.hasSource, document))
    g.add((q, OA.hasSelector, text_sel))
    g.add((q, OA.hasSelector, pos_sel))
    g.add((q, CAG.section, sec))
    g.add((text_sel, RDF.type, OA.TextQuoteSelector))
    g.add((text_sel, OA.exact, Literal(text)))
    g.add((pos_sel, RDF.type, OA.TextPositionSelector))
    g.add((pos_sel, OA.start, Literal(start)))
    g.add((pos_sel, OA.end, Literal(start + len(text))))
    g.add((sec, RDF.type, CAG.Section))
    g.add((sec, DCTERMS.title, Literal(section_title)))
    g.add((sec, RDFS.label, Literal(section_title, lang="en")))
    g.add((sec, DCTERMS.isPartOf, document))
    return q


def add_claim(g, claim, quote, *, document, about=None, claimant=None, factuality="CTpos", kind="ReportedFact"):
    """Claim properties on ``claim`` (a relation claim already typed cag:Assertion, or a new
    cag:Claim about the world node ``about``)."""
    from rdflib import Namespace, URIRef
    from rdflib.namespace import RDF

    CAG = Namespace("https://w3id.org/cagraph/ontology#")
    if about is not None:
        g.add((claim, RDF.type, CAG.Claim))
        g.add((claim, CAG.claimAbout, about))
    g.add((claim, CAG.evidence, quote))
    g.add((claim, CAG.statedIn, document))
    g.add((claim, CAG.factuality, CAG[factuality]))
    g.add((claim, CAG.claimKind, CAG[kind]))
    g.add((claim, CAG.claimant, claimant or URIRef("https://w3id.org/cagraph/id/semanur-oncu")))
    return claim
