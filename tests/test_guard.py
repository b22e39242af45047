"""The network guard fails closed (cagraph.query.guard): SERVICE in any form is refused unless
--allow-service; rdflib's parser may only let through a text in which every occurrence of the word
sits inside a literal or an IRI."""
from __future__ import annotations

import pytest

from cagraph.errors import QueryError
from cagraph.query.guard import check_service, query_form

REFUSED = {
    "keyword": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "lower case": "select * where { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "u escape": "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "U escape": "SELECT * WHERE { \\U00000053ervice <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "comment ended by CR": "SELECT * WHERE { # c\rSERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "escaped hash in a name": "PREFIX x: <http://x/>\nSELECT * WHERE { BIND(x:a\\# AS ?z) SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }",
    "in a comment": "SELECT * WHERE { ?s ?p ?o } # SERVICE",
    "a variable": "SELECT ?service WHERE { ?service ?p ?o }",
    "a blank node label": "SELECT * WHERE { _:service ?p ?o }",
    "keyword beside a literal": 'SELECT * WHERE { ?s ?p "service" . SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }',
    "keyword beside an escaped literal": 'SELECT * WHERE { ?s ?p "serv\\u0069ce" SERVICE <http://127.0.0.1:9/s> { ?a ?b ?c } }',
    "does not parse": 'SELECT * WHERE { ?s ?p "service" ',
    "split by a backslash": "SELECT * WHERE { SERV\\ICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
}

PASSED = {
    "a literal": 'SELECT * WHERE { ?s ?p "customer service" }',
    "an escaped literal": 'SELECT * WHERE { ?s ?p "\\u0053ERVICE" }',
    "a long literal": "SELECT * WHERE { ?s ?p '''SERVICE <http://x/> { }''' }",
    "an IRI": "SELECT * WHERE { ?s <http://example.org/service> ?o }",
    "a prefixed name": "PREFIX ex: <http://example.org/>\nSELECT * WHERE { ?s ex:serviceArea ?o }",
    "a prefix label": "PREFIX service: <http://example.org/>\nSELECT * WHERE { ?s service:x ?o }",
    "no such word": "SELECT * WHERE { ?s ?p ?o }",
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_refused(case):
    with pytest.raises(QueryError, match="SERVICE .* refused unless --allow-service"):
        query_form(REFUSED[case])


@pytest.mark.parametrize("case", list(PASSED))
def test_passed_where_the_parser_shows_a_literal_or_iri(case):
    assert query_form(PASSED[case]) == "select"


@pytest.mark.parametrize("case", ["keyword", "lower case", "in a comment", "a variable"])
def test_allow_service_lets_it_through(case):
    assert query_form(REFUSED[case], allow_service=True) == "select"


def test_the_parser_never_passes_what_the_text_check_refuses_for_another_reason():
    # an update hidden beside a literal is refused by the update check, whatever the parser says
    with pytest.raises(QueryError, match="updates are refused"):
        query_form('SELECT * WHERE { ?s ?p "service" } ; DROP ALL')
    check_service("SELECT * WHERE { ?s ?p ?o }")  # no word: no parse, no refusal
