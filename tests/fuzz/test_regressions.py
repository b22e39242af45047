"""Every crash or wrong answer the fuzz targets found, as a fixed test (tests/fuzz/README.md lists
them with the fix). Each would fail on the code before its fix."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import fuzz_targets as ft
from cagraph import paths
from cagraph.errors import InputError, QueryError


def _sparql(text: str, *args: str):
    return ft.cli(["sparql", "-", *args], input=text)


# -- 1-3: SERVICE hidden from the refusal check (found by the ``service`` target) --------------
HIDDEN_SERVICE = {
    # SPARQL ends a comment at CR as well as LF; the check ended it at LF only (oxigraph went out)
    "cr-ends-comment": "SELECT * WHERE {{ # a comment\rSERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    # '\\#' is an escape inside a prefixed name; the check read '#' as the start of a comment
    "escaped-hash-in-prefixed-name": "PREFIX x: <http://x/>\nSELECT * WHERE {{ BIND(x:a\\# AS ?z) SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    # rdflib expands \\u escapes before parsing (SPARQL 1.1 section 19.2); the check did not
    "codepoint-escape": "SELECT * WHERE {{ \\u0053ERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("case", list(HIDDEN_SERVICE))
def test_hidden_service_is_refused(case, engine):
    with ft.Listener() as listener:
        res = _sparql(HIDDEN_SERVICE[case].format(url=listener.url), "--engine", engine)
        ft.assert_clean(res, (2,), what=case)
        assert "SERVICE" in res.stderr
        assert listener.settle() == 0


def test_rdflib_service_failure_is_one_line_not_a_traceback():
    """rdflib evaluates lazily: a failing SERVICE call raised URLError outside the engine's try."""
    with ft.Listener() as listener:
        res = _sparql(f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}",
                      "--engine", "rdflib", "--allow-service")
        ft.assert_clean(res, (2,), what="rdflib SERVICE to a dead endpoint")
        assert listener.settle() >= 1


def test_tokenizer_agrees_with_sparql_on_comments_and_names():
    from cagraph.query.guard import query_form, tokens

    assert [k for k, _, _ in tokens("# c\rSELECT")] == ["comment", "ws", "word"]
    assert [t for k, t, _ in tokens("x:a\\#b ?y") if k == "word"] == ["x:a\\#b"]
    assert query_form("PREFIX x: <http://x/>\nSELECT * WHERE { ?s ?p x:a\\#b }") == "select"
    assert query_form('SELECT * WHERE { ?s ?p "\\u0053ERVICE" }') == "select"  # inside a string: fine


# -- 4: deep nesting crashed the process (oxigraph's recursive parser, segfault) -------------------
@pytest.mark.parametrize("kind", ["paren", "brace", "hidden-in-iri"])
def test_deep_nesting_is_refused_not_a_segfault(kind, tmp_path):
    n = 20_000
    text = {
        "paren": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * n + "1" + ")" * n + ") }",
        "brace": "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n,
        # the check must not skip brackets that look like they are inside <...>: '<' may be less-than
        "hidden-in-iri": "SELECT * WHERE { ?s ?p ?o FILTER(?o<" + "(" * n + ">1) }",
    }[kind]
    code = ("import sys; from typer.testing import CliRunner; from cagraph.cli.main import app; "
            "r = CliRunner().invoke(app, ['sparql', '-'], input=sys.stdin.read()); "
            "print(r.exit_code); print(r.stderr)")
    res = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, timeout=120,
                         check=False)
    assert res.returncode == 0, f"the process died: {res.returncode} {res.stderr[-500:]}"
    code_line, err = res.stdout.split("\n", 1)
    assert code_line == "2" and "nested" in err


def test_moderate_nesting_still_runs():
    assert _sparql("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 150 + "true" + ")" * 150 + ") } LIMIT 1").exit_code == 0
    with pytest.raises(QueryError, match="nested"):
        from cagraph.query.guard import query_form

        query_form("ASK " + "{" * 201 + "}" * 201)


# -- 5-6: Turtle that rdflib reads leniently, or fails on without a line (turtle targets) ----------
BAD_IRI = b'@prefix cgr: <https://w3id.org/cagr1*"aph/id/> .\ncgr:x a cgr:Y .\n'


def test_invalid_iri_is_a_syntax_error_with_its_line(tmp_path):
    f = tmp_path / "bad-iri.ttl"
    f.write_bytes(b"# comment\n" + BAD_IRI)
    res = ft.cli(["validate", "--data", str(f)])
    ft.assert_clean(res, (2,), what="validate bad IRI")
    assert f"{f}:2: Turtle syntax error" in res.stderr and "IRI" in res.stderr
    assert "does not look like a valid URI" not in res.stderr  # rdflib's warning is not printed


def test_store_build_of_an_invalid_iri_is_an_input_error(tmp_path):
    """The store fell back to rdflib for a file Oxigraph refused, then crashed with ValueError
    converting rdflib's invalid IRI to Oxigraph."""
    from cagraph.build.store import build

    f = tmp_path / "bad-iri.ttl"
    f.write_bytes(BAD_IRI)
    with pytest.raises(InputError, match=rf"{f}:1: Turtle syntax error"):
        build(files=[paths.ONTOLOGY_FILE, f], base=tmp_path / "cache")
    assert not any(p.name.startswith(("tmp-", "store-")) for p in (tmp_path / "cache").iterdir())


@pytest.mark.parametrize("tail", [b"@", b"cgr:", b"@pre", b'"unterminated', b"<http://x/", b"[", b"(", b"'''"])
def test_truncated_file_error_has_a_line(tail, tmp_path):
    """rdflib raises IndexError('string index out of range') for a file ending in '@': no line."""
    f = tmp_path / "truncated.ttl"
    data = (paths.DATA_DIR / "periods.ttl").read_bytes()[:300] + b"\n" + tail
    f.write_bytes(data)
    res = ft.cli(["validate", "--data", str(f)])
    ft.assert_clean(res, (2,), what=f"truncated with {tail!r}")
    line = next(ln for ln in res.stderr.splitlines() if ln.startswith("cagraph: error:"))
    ft.check_turtle_message(line, f, data, f"truncated with {tail!r}")


def test_invalid_language_tag_from_rdflib_is_refused(tmp_path):
    """rdflib reads a language tag Oxigraph (and BCP 47) refuse: a syntax error with its line."""
    f = tmp_path / "lang.ttl"
    f.write_text('# a comment\n<http://x/a> <http://x/p> "x"@en-a-b-c-d-e-f-g-h-abcdefghij .\n')
    res = ft.cli(["validate", "--data", str(f)])
    ft.assert_clean(res, (2,), what="odd language tag")
    assert f"{f}:2: Turtle syntax error" in res.stderr


# -- 7: rdflib answered a parameterised saved query wrongly (params target, differential) ----------
def test_document_only_with_a_document_is_the_same_on_both_engines(graph):
    from cagraph.query.canon import canonical_rows
    from cagraph.query.engines import RdflibEngine
    from cagraph.query.catalogue import prepare
    from cagraph.query.engines import oxigraph_engine

    for doc, n in (("doc-eurasia-center-2024", None), ("doc-regional-arrangements", None), ("china", 0)):
        _, text = prepare("document-only", {"document": doc})
        ox_rows = canonical_rows(oxigraph_engine(quiet=True).query(text))
        rdf_rows = canonical_rows(RdflibEngine(graph).query(text))
        assert ox_rows == rdf_rows, doc
        if n is not None:
            assert len(ox_rows) == n
    _, everything = prepare("document-only", {})
    _, one = prepare("document-only", {"document": "doc-eurasia-center-2024"})
    assert 0 < len(RdflibEngine(graph).query(one).rows) < len(RdflibEngine(graph).query(everything).rows)


def test_cli_query_document_only_rdflib():
    res = ft.cli(["query", "document-only", "-p", "document=doc-regional-arrangements", "-f", "json",
                  "--engine", "rdflib"])
    assert res.exit_code == 0
    docs = {b["documentLabel"]["value"] for b in json.loads(res.stdout)["results"]["bindings"]}
    assert len(docs) == 1 and "Regional Arrangements" in docs.pop()


# -- 8: a decimal parameter finer than Oxigraph's xsd:decimal (params target, differential) --------
@pytest.mark.parametrize("value", [".0000000000000000001", "123456789012345678901234567890", "1.0000000000000000000"])
def test_decimal_parameter_beyond_what_the_engines_compare_is_refused(value):
    """Oxigraph's decimals have 18 digits after the point: a finer value was an error there (no
    rows) and a number in rdflib (every row)."""
    res = ft.cli(["query", "largest-trade-flows", "-p", f"min_usd={value}", "-f", "json"])
    ft.assert_clean(res, (2,), what=value)
    assert "18 after" in res.stderr


@pytest.mark.parametrize("value", [".000000000000000001", "99999999999999999999.5", "-0", "1000000000"])
def test_decimal_parameter_at_the_limits_agrees_on_both_engines(value):
    ft.check_param_case("largest-trade-flows", "min_usd", "decimal", value)


# -- 9: a literal as predicate, which rdflib reads (turtle_build target) ---------------------------
def test_literal_predicate_is_a_syntax_error_not_a_type_error(tmp_path):
    """rdflib parses 'cgr:x cag:p "a" ; "b" "c" .' (a literal predicate); the store build then
    crashed with TypeError converting it to Oxigraph."""
    from cagraph.build.store import build

    f = tmp_path / "literal-predicate.ttl"
    f.write_bytes(b'@prefix cag: <https://w3id.org/cagraph/ontology#> .\n@prefix cgr: <https://w3id.org/cagraph/id/> .\n'
                  b'cgr:kyrgyzstan cag:iso3166Alpha2 "KG" ;\n    "IND" "KGZ" .\n')
    with pytest.raises(InputError, match=rf"{f}:4: Turtle syntax error"):
        build(files=[paths.ONTOLOGY_FILE, f], base=tmp_path / "cache")
    res = ft.cli(["validate", "--data", str(f)])
    ft.assert_clean(res, (2,), what="literal predicate")
    assert f"{f}:4:" in res.stderr
