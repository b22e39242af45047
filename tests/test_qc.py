"""The QC queries (queries/qc/*-violation.rq) and their runner, cagraph.check.qc.

Each query runs on its own tiny fixture (tests/fixtures/qc/<name>.ttl) and must return EXACTLY the
rows written in ``EXPECTED`` (ROBOT's ReportQueriesTest does the same); rdflib and Oxigraph must agree.
On the bundled graph, ERROR-level queries return nothing and WARN-level ones exactly ``BUNDLED_WARN``.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from cagraph import paths
from cagraph.errors import QueryError
from cagraph.ns import PREFIXES
from cagraph.check.qc import LEVELS, QCResult, read_profile, run_qc

FIXTURES = Path(__file__).parent / "fixtures" / "qc"

# name -> the exact rows (entity, property, value): CURIEs for IRIs, Turtle for literals, None unbound
EXPECTED: dict[str, set[tuple]] = {
    "missing-label": {
        ("cag:Unlabelled", "rdfs:label", None),
        ("cag:unlabelledProperty", "rdfs:label", None),
        ("cgr:unlabelled-entity", "rdfs:label", None),
        ("cgr:sec-ec-unlabelled", "rdfs:label", None),
    },
    "missing-definition": {
        ("cag:Undefined", "skos:definition", None),
        ("cag:undefinedProperty", "skos:definition", None),
    },
    "multiple-labels": {
        ("cgr:two-labels", "rdfs:label", '"Two"@en'),
        ("cgr:two-labels", "rdfs:label", '"Deux"@en'),
        ("cgr:two-preferred", "skos:prefLabel", '"A"@en'),
        ("cgr:two-preferred", "skos:prefLabel", '"B"@en'),
        ("cag:Term", "rdfs:label", '"term"@en'),
        ("cag:Term", "rdfs:label", '"Term"@en-gb'),
    },
    "property-missing-domain-range": {
        ("cag:noDomain", "rdfs:domain", None),
        ("cag:noRange", "rdfs:range", None),
        ("cag:neither", "rdfs:domain", None),
        ("cag:neither", "rdfs:range", None),
    },
    "class-without-instances-or-subclasses": {
        ("cag:Unused", "rdf:type", None),
        ("cag:OnlySelf", "rdf:type", None),
    },
    "duplicate-label": {
        ("cgr:a", "skos:prefLabel", '"Alpha"@en'),
        ("cgr:b", "skos:prefLabel", '"Alpha"@en'),
        ("cgr:terrorism", "skos:prefLabel", '"terrorism"@en'),
        ("cgr:terrorism-2", "skos:prefLabel", '"terrorism"@en'),
        ("cgr:drugs", "skos:prefLabel", '"drugs"@en'),
        ("cgr:drugs-event", "skos:prefLabel", '"drugs"@en'),
        ("cag:Period", "rdfs:label", '"period"@en'),
        ("cag:period", "rdfs:label", '"period"@en'),
        ("cag:Place", "rdfs:label", '"Almaty"@en'),
        ("cgr:almaty", "skos:prefLabel", '"Almaty"@en'),
    },
    "fact-without-quote": {
        ("cgr:claim-flow-unquoted", "cag:evidence", None),
        ("cgr:claim-flow-bad-evidence", "cag:evidence", "cgr:doc-1"),
        ("cgr:a-unquoted", "cag:evidence", None),
        ("cgr:flow-no-claim", "cag:claimAbout", None),
        ("cgr:fact-direct", "cag:claimAbout", None),
    },
    "quote-without-document": {
        ("cgr:q-ec-none", "oa:hasSource", None),
        ("cgr:q-ec-untyped", "oa:hasSource", "cgr:doc-2"),
        ("cgr:q-ec-old", "oa:hasSource", None),
    },
    "assertion-triple-missing": {
        ("cgr:a-missing", "cag:alternativeTo", "cgr:nato"),
        ("cgr:a-reversed", "cag:alternativeTo", "cgr:aiib"),
        ("cgr:a-possible-stated", "cag:near", "cgr:kazakhstan"),
        ("cgr:a-reported-stated", "cag:rivalOf", "cgr:china"),
    },
    "missing-isdefinedby": {
        ("cag:Missing", "rdfs:isDefinedBy", None),
        ("cag:wrong", "rdfs:isDefinedBy", "<http://example.org/other>"),
        ("cag:million", "rdfs:isDefinedBy", None),
    },
    "undeclared-term": {
        ("cgr:flow-typo", "cag:ammount", '"1.0"'),
        ("cgr:flow-class-typo", "rdf:type", "cag:TradeFlw"),
        ("cgr:flow-scale", "cag:scale", "cag:bilion"),
    },
}

# The current WARN-level rows on the bundled graph (update when the data changes on purpose).
BUNDLED_WARN: dict[str, set[tuple]] = {
    "class-without-instances-or-subclasses": set(),
}


def _short(term) -> str | None:
    """A row term as written in EXPECTED (rdflib or pyoxigraph term)."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, URIRef):
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if str(term).startswith(ns):
                return f"{prefix}:{str(term)[len(ns):]}"
        return f"<{term}>"
    if isinstance(term, Literal):
        if term.language:  # language tags are case-insensitive; Oxigraph lower-cases them
            term = Literal(str(term), lang=term.language.lower())
        text = term.n3()
        return re.sub(r"\^\^<http://www\.w3\.org/2001/XMLSchema#(\w+)>$", r"^^xsd:\1", text)
    raise TypeError(term)


def _ox_short(term) -> str | None:
    """The same for pyoxigraph terms, so both engines are compared in one notation."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return _short(URIRef(term.value))
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal):
        if term.language:
            return _short(Literal(term.value, lang=term.language))
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return _short(Literal(term.value))
        return _short(Literal(term.value, datatype=URIRef(term.datatype.value)))
    raise TypeError(term)


def _names() -> list[str]:
    return [name for _level, name in read_profile(paths.QC_DIR / "profile.tsv")]


@pytest.fixture(scope="module")
def bundled_results(graph) -> list[QCResult]:
    return run_qc(graph)


# ---------------------------------------------------------------- the queries and the profile

def test_profile_names_every_query_once():
    profile = read_profile(paths.QC_DIR / "profile.tsv")
    names = [n for _l, n in profile]
    assert len(names) == len(set(names))
    files = sorted(p.name[: -len("-violation.rq")] for p in paths.QC_DIR.glob("*-violation.rq"))
    assert sorted(names) == files
    assert all(level in LEVELS for level, _n in profile)
    assert set(EXPECTED) == set(names), "every QC query has a fixture expectation"


@pytest.mark.parametrize("level,name", read_profile(paths.QC_DIR / "profile.tsv"))
def test_query_header(level, name):
    """ROBOT-style header: '# # Title', '# **Question:** ...', '# **Level:** <the profile's level>';
    a SELECT of ?entity ?property ?value ordered by ?entity."""
    text = (paths.QC_DIR / f"{name}-violation.rq").read_text(encoding="utf-8")
    assert re.search(r"^# # \S", text, re.M), "no '# # Title' line"
    assert re.search(r"^# \*\*Question:\*\* \S", text, re.M), "no **Question:**"
    m = re.search(r"^# \*\*Level:\*\* (\w+)\s*$", text, re.M)
    assert m and m.group(1) == level, "the header's level differs from profile.tsv"
    assert re.search(r"SELECT DISTINCT \?entity \?property \?value WHERE", text)
    assert re.search(r"^ORDER BY \?entity\b", text, re.M)


# ---------------------------------------------------------------- each query on its fixture

@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_on_fixture(name, engine):
    g = Graph().parse(FIXTURES / f"{name}.ttl", format="turtle")
    [result] = run_qc(g, profile=[("ERROR", name)], engine=engine)
    got = {tuple(_short(t) for t in row) for row in result.rows}
    assert got == EXPECTED[name], f"unexpected: {got - EXPECTED[name]}\nmissing: {EXPECTED[name] - got}"
    assert len(result.rows) == len(got), "duplicate rows"
    entities = [str(row[0]) for row in result.rows]
    assert entities == sorted(entities), "rows are not ordered by ?entity"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_oxigraph_agrees(name):
    """The queries are plain SPARQL 1.1: Oxigraph returns the same rows as rdflib."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load((FIXTURES / f"{name}.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    text = (paths.QC_DIR / f"{name}-violation.rq").read_text(encoding="utf-8")
    got = {tuple(_ox_short(row[v]) for v in ("entity", "property", "value")) for row in store.query(text)}
    assert got == EXPECTED[name]


# ---------------------------------------------------------------- the runner

def test_run_qc_result_fields():
    g = Graph().parse(FIXTURES / "missing-label.ttl", format="turtle")
    results = run_qc(g)
    assert [r.name for r in results] == _names()
    by_name = {r.name: r for r in results}
    r = by_name["missing-label"]
    assert (r.level, r.title, r.passed) == ("ERROR", "Missing label", False)
    assert by_name["class-without-instances-or-subclasses"].level == "WARN"
    assert all(isinstance(x.rows, list) for x in results)


def test_run_qc_engines_agree_on_the_bundled_graph(graph, bundled_results):
    """Oxigraph (the default) and rdflib give the same rows, as the same rdflib terms: on the
    bundled graph (no rows) and on it merged with every QC fixture (rows from every query)."""
    def rows(results):  # _short: language tags in lower case, as Oxigraph keeps them
        return [(r.name, r.level, sorted(tuple(map(_short, row)) for row in r.rows)) for r in results]

    assert rows(bundled_results) == rows(run_qc(graph, engine="rdflib"))
    assert not any(r.rows for r in bundled_results)
    merged = Graph()
    for t in graph:
        merged.add(t)
    for name in EXPECTED:
        merged.parse(FIXTURES / f"{name}.ttl", format="turtle")
    ox_rows, rd_rows = rows(run_qc(merged)), rows(run_qc(merged, engine="rdflib"))
    assert ox_rows == rd_rows
    assert all(r for _n, _l, r in ox_rows), "every query has rows on the merged graph"
    with pytest.raises(QueryError, match="unknown QC engine"):
        run_qc(graph, engine="jena")


def test_run_qc_refuses_updates_and_service(tmp_path):
    (tmp_path / "one-violation.rq").write_text("INSERT DATA { <urn:a> <urn:b> <urn:c> }\n")
    (tmp_path / "two-violation.rq").write_text(
        "SELECT ?entity ?property ?value WHERE { SERVICE <http://127.0.0.1:9/> { ?entity ?property ?value } }\n")
    g = Graph()
    for name in ("one", "two"):
        with pytest.raises(QueryError, match=f"{name}-violation.rq"):
            run_qc(g, queries_dir=tmp_path, profile=[("ERROR", name)])
    assert len(g) == 0


def test_run_qc_profile_file_and_errors(tmp_path):
    (tmp_path / "one-violation.rq").write_text(
        "# # One\n# **Question:** ?\n# **Level:** ERROR\nSELECT ?entity ?property ?value WHERE "
        "{ ?entity ?property ?value } ORDER BY ?entity\n", encoding="utf-8")
    (tmp_path / "profile.tsv").write_text("# comment\n\nERROR\tone\n", encoding="utf-8")
    g = Graph().parse(data="<http://a> <http://b> <http://c> .", format="turtle")
    [r] = run_qc(g, queries_dir=tmp_path)
    assert (r.name, r.title, len(r.rows)) == ("one", "One", 1)
    with pytest.raises(QueryError, match="unknown level"):
        run_qc(g, queries_dir=tmp_path, profile=[("FATAL", "one")])
    with pytest.raises(QueryError, match="not found"):
        run_qc(g, queries_dir=tmp_path, profile=[("ERROR", "two")])
    (tmp_path / "bad-violation.rq").write_text("SELECT ?entity WHERE { ?entity ?p ?o }", encoding="utf-8")
    with pytest.raises(QueryError, match=r"\?entity \?property \?value"):
        run_qc(g, queries_dir=tmp_path, profile=[("ERROR", "bad")])
    (tmp_path / "profile.tsv").write_text("ERROR one\n", encoding="utf-8")
    with pytest.raises(QueryError, match="LEVEL<TAB>name"):
        run_qc(g, queries_dir=tmp_path)


# ---------------------------------------------------------------- the bundled graph

@pytest.mark.parametrize("level,name", read_profile(paths.QC_DIR / "profile.tsv"))
def test_bundled_graph(level, name, bundled_results, graph):
    [result] = [r for r in bundled_results if r.name == name]
    rows = {tuple(_short(t) for t in row) for row in result.rows}
    if level == "ERROR":
        assert not rows, f"{name} on the bundled graph:\n" + "\n".join(map(str, sorted(rows, key=str)))
    else:
        assert rows == BUNDLED_WARN.get(name, set()), f"{name}: the WARN rows changed: {sorted(rows, key=str)}"
