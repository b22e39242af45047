"""Saved queries: catalogue, exact rows (golden files), engine parity, binding, injection."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from cagraph.query.canon import canonical_rows
from cagraph.errors import ParameterError, QueryError
from cagraph.query.catalogue import bind_values, catalogue, example_params, get, prepare
from cagraph.query.guard import query_form
from cagraph.query.results import QueryResult
from cagraph.terms import Term

EXPECTED = Path(__file__).parent / "expected" / "queries"
NAMES = list(catalogue())


def test_catalogue_has_at_least_25_queries_with_headers():
    cat = catalogue()
    assert len(cat) >= 25
    for name, q in cat.items():
        assert q.title and q.question, name
        assert q.text.startswith("# # "), name
        for p in q.parameters:
            assert p.type in ("iri", "string", "integer", "decimal", "year", "langstring")


def _golden(name: str) -> QueryResult:
    import pyoxigraph as ox

    tsv = EXPECTED / f"{name}.tsv"
    if tsv.exists():
        res = ox.parse_query_results(tsv.read_bytes(), format=ox.QueryResultsFormat.TSV)
        if isinstance(res, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(res))
        variables = [v.value for v in res.variables]
        rows = [tuple(Term.from_oxigraph(s[i]) for i in range(len(variables))) for s in res]
        return QueryResult("select", variables=variables, rows=rows)
    js = EXPECTED / f"{name}.json"
    if js.exists():
        import json

        return QueryResult("ask", boolean=json.loads(js.read_text())["boolean"])
    nt = EXPECTED / f"{name}.nt"
    triples = []
    for t in ox.parse(nt.read_bytes(), format=ox.RdfFormat.N_TRIPLES):
        triples.append((Term.from_oxigraph(t.subject), Term.from_oxigraph(t.predicate), Term.from_oxigraph(t.object)))
    return QueryResult("construct", triples=triples)


@pytest.mark.parametrize("name", NAMES)
def test_exact_rows(name, ox_engine):
    """Every saved query returns exactly the rows in tests/expected/queries (tools/update_expected.py)."""
    _, text = prepare(name, example_params(get(name)))
    got = ox_engine.query(text)
    want = _golden(name)
    if got.kind == "select":
        assert got.variables == want.variables
        assert len(got.rows) > 0, f"{name} returns no rows on the bundled graph"
    assert canonical_rows(got) == canonical_rows(want)


@pytest.mark.parametrize("name", NAMES)
def test_same_rows_on_rdflib_and_oxigraph(name, ox_engine, rdflib_engine):
    _, text = prepare(name, example_params(get(name)))
    a, b = ox_engine.query(text), rdflib_engine.query(text)
    assert a.kind == b.kind
    assert a.variables == b.variables
    assert canonical_rows(a) == canonical_rows(b)


def test_trade_flows_china_uzbekistan_2023(ox_engine):
    _, text = prepare("trade-flows", {"country": "uzbekistan", "year": "2023"})
    rows = ox_engine.query(text).dicts()
    cn_uz = [r for r in rows if r["exporter"].value == "China" and r["importer"].value == "Uzbekistan"]
    assert len(cn_uz) == 1
    r = cn_uz[0]
    assert str(r["amount"].python_value()) == "12.389"
    assert r["scale"].value == "billion" and r["currency"].value == "USD"
    assert str(r["changePercent"].python_value()) == "67.2"
    assert r["year"].value == "2023"
    uz_cn = [r for r in rows if r["exporter"].value == "Uzbekistan"]
    assert [str(r["amount"].python_value()) for r in uz_cn] == ["1.644"]
    assert [str(r["changePercent"].python_value()) for r in uz_cn] == ["-27.8"]


def test_parameter_restricts_and_absent_parameter_means_all(ox_engine):
    _, all_text = prepare("trade-flows", {})
    _, kg_text = prepare("trade-flows", {"country": "cgr:kyrgyzstan"})
    all_rows = ox_engine.query(all_text).dicts()
    kg_rows = ox_engine.query(kg_text).dicts()
    assert kg_rows and len(kg_rows) < len(all_rows)
    assert all("Kyrgyzstan" in (r["exporter"].value, r["importer"].value) for r in kg_rows)


def test_ask_query(ox_engine):
    _, t = prepare("is-member", {"entity": "india", "organization": "sco"})
    assert ox_engine.query(t).boolean is True
    _, t = prepare("is-member", {"entity": "united-states", "organization": "sco"})
    assert ox_engine.query(t).boolean is False


def test_unknown_query_suggests_nearest():
    with pytest.raises(QueryError, match="did you mean 'trade-flows'"):
        get("trade-flow")


@pytest.mark.parametrize("pairs, msg", [
    ({"nope": "x"}, "has no parameter 'nope'"),
    ({"year": "twenty"}, "not a four-digit year"),
    ({"country": "http://exa mple/x"}, "not allowed in an IRI"),
    ({"country": "<http://x> } INSERT DATA { <a> <b> <c> } #"}, "IRI"),
])
def test_bad_parameters_are_refused(pairs, msg):
    with pytest.raises(ParameterError, match=msg):
        prepare("trade-flows", pairs)


def test_required_parameter_without_default():
    from cagraph.query.catalogue import Parameter, SavedQuery, resolve_params

    q = SavedQuery("x", Path("x.rq"), "X", "?", "SELECT * WHERE { ?s ?p ?o }", [Parameter("s", "iri", True)])
    with pytest.raises(ParameterError, match="is required"):
        resolve_params(q, {})


INJECTIONS = [
    '"} ; DROP ALL ; #',
    "x' } UNION { ?s ?p ?o } #",
    '\\"} INSERT DATA { <http://x/a> <http://x/b> <http://x/c> } #',
    "a\nb\rc\td",
    "}}}}>>><<<###",
    "\U0001F600 astral",
    "x" * 10_000,
    'Kirghizstan" || true || "',
]


def _content_hash(engine) -> tuple[int, str]:
    r = engine.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    lines = sorted(" ".join(c.nt() for c in row) for row in r.rows)
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_match_nothing_and_change_nothing(value, ox_engine, rdflib_engine):
    before = _content_hash(ox_engine), _content_hash(rdflib_engine)
    for name, q in catalogue().items():
        for p in q.parameters:
            try:
                _, text = prepare(name, {**example_params(q), p.name: value})
            except ParameterError:
                continue  # refused with exit 2: fine
            for eng in (ox_engine, rdflib_engine):
                r = eng.query(text)
                if r.kind == "select":
                    assert r.rows == [], (name, p.name, value, r.rows[:2])
                elif r.kind == "ask":
                    assert r.boolean is False
                else:
                    assert all(t[0].value != value for t in r.triples)
    assert (_content_hash(ox_engine), _content_hash(rdflib_engine)) == before


def test_values_block_is_escaped():
    text = bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"o": Term.literal('"} DROP ALL #\n')})
    assert text == 'SELECT ?x WHERE { VALUES ?o { "\\"} DROP ALL #\\n" } ?x ?p ?o }'


def test_construct_binding_goes_into_where_not_template():
    text = bind_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": Term.iri("http://x/a")})
    assert text == "CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?s { <http://x/a> } ?s ?p ?o }"


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/x.ttl>",
    "CLEAR ALL", "DROP GRAPH <http://x/g>", "CREATE GRAPH <http://x/g>",
    "ADD DEFAULT TO <http://x/g>", "MOVE DEFAULT TO <http://x/g>", "COPY DEFAULT TO <http://x/g>",
    "PREFIX x: <http://x/> WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <http://x/a> <http://x/b> 1 }",
])
def test_updates_are_refused(update, ox_engine, rdflib_engine):
    for eng in (ox_engine, rdflib_engine):
        with pytest.raises(QueryError, match="updates are refused"):
            eng.query(update)


def test_service_is_refused_by_default():
    with pytest.raises(QueryError, match="SERVICE"):
        query_form("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert query_form("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", allow_service=True) == "select"


def test_keywords_inside_strings_and_iris_are_not_updates():
    assert query_form('SELECT * WHERE { ?s ?p "INSERT DATA DROP" . ?s <http://x/DELETE> ?o } # CLEAR') == "select"
