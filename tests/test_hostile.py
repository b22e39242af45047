"""Hostile data and no network unless asked.

* A fixture entity whose label, alternative labels and a fact's quote hold mark-up, quotes and
  spreadsheet formulas goes through every export format and every query-result format and comes
  back unchanged, parsed by rdflib and by pyoxigraph (the review site and sheet are tested with the
  same strings in tests/test_site.py).
* Control characters: Turtle, N-Triples, JSON-LD and TriG carry them; RDF/XML cannot (XML 1.0), so
  that export refuses them in one line instead of writing a file no XML parser reads; SPARQL XML
  results write them as U+FFFD (documented in cagraph.query.formats) and keep a carriage return.
* SERVICE is refused by default on both engines and no connection reaches a listener; with
  ``--allow-service`` the query does go out (so the listener would see it).
* JSON-LD: the one input path that may parse it is a server's answer to a CONSTRUCT query
  (:meth:`cagraph.query.remote.RemoteEngine._graph`); a remote ``@context`` is refused there without
  fetching it. Every file input (``--data``, the bundled graph, review sheets) is Turtle or CSV.
"""
from __future__ import annotations

import contextlib
import csv
import http.server
import io
import json
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import add_claim, add_quote
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "fuzz"))
from fuzz_targets import Listener  # noqa: E402

from cagraph.cli.main import app  # noqa: E402
from test_roundtrip import canonical  # noqa: E402  (typed literals in the form the store keeps)

CAG = Namespace("https://w3id.org/cagraph/ontology#")
CGR = Namespace("https://w3id.org/cagraph/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '=HYPERLINK("http://x","y")',
           "+1", "-1", "@SUM(A1)", "]]><!--", "a\\b", '"""', "'''", "line\r\nbreak", "\u2028sep", "tab\there",
           "\U0001F600 astral", "&amp; &lt;", "{{x}} ${x}", "=1+1\t", "-- ;DROP"]

runner = CliRunner()


def hostile_graph() -> Graph:
    g = Graph()
    a, q, f = CGR["hostile-a"], CGR["q-ec-hostile"], CGR["a-hostile-a-alternative-china"]
    g.add((a, RDF.type, CAG.State))
    g.add((a, SKOS.prefLabel, Literal(HOSTILE[0], lang="en")))
    g.add((a, RDFS.label, Literal(HOSTILE[0], lang="en")))
    for alt in HOSTILE[1:]:
        g.add((a, SKOS.altLabel, Literal(alt, lang="en")))
    g.add((CGR.china, RDF.type, CAG.State))
    g.add((CGR.china, SKOS.prefLabel, Literal("China", lang="en")))
    add_quote(g, q, " ".join(HOSTILE), document=CGR["doc-eurasia-center-2024"], section_title=HOSTILE[2])
    g.add((a, CAG.alternativeTo, CGR.china))
    g.add((f, RDF.type, CAG.Assertion))
    g.add((f, CAG.assertedSubject, a))
    g.add((f, CAG.assertedPredicate, CAG.alternativeTo))
    g.add((f, CAG.assertedObject, CGR.china))
    add_claim(g, f, q, document=CGR["doc-eurasia-center-2024"])
    g.add((f, SKOS.editorialNote, Literal("@SUM(A1) " + HOSTILE[1], lang="en")))
    g.add((f, CAG.qualifier, Literal(HOSTILE[3])))
    return g


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """cagraph pointed at ontology + the hostile fixture, in a store cache of its own."""
    import cagraph.paths as paths

    d = tmp_path_factory.mktemp("hostile")
    g = hostile_graph()
    f = d / "hostile.ttl"
    g.serialize(f, format="turtle", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paths, "graph_files", lambda: [paths.ONTOLOGY_FILE, f])
        mp.setenv("CAGRAPH_CACHE", str(d / "cache"))
        expected = Graph().parse(paths.ONTOLOGY_FILE)
        for t in g:
            expected.add(t)
        expected = canonical(expected)
        yield {"graph": g, "expected": expected, "file": f, "dir": d}


def _run(*args, input=None):
    res = runner.invoke(app, list(args), input=input)
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    return res


# ---------------------------------------------------------------------------------------------
# Exports
# ---------------------------------------------------------------------------------------------
EXPORTS = {"turtle": ("turtle", "TURTLE"), "nt": ("nt", "N_TRIPLES"), "jsonld": ("json-ld", "JSON_LD"),
           "xml": ("xml", "RDF_XML"), "trig": ("trig", "TRIG")}


@pytest.mark.parametrize("fmt", list(EXPORTS))
def test_every_export_escapes_and_parses_back(fmt, hostile):
    import pyoxigraph as ox

    from cagraph.terms import Term

    out = hostile["dir"] / f"export.{fmt}"
    res = _run("export", "-f", fmt, "-o", str(out))
    assert res.exit_code == 0, res.stderr
    data = out.read_bytes()
    # nothing hostile appears raw where the format would read it as syntax
    if fmt == "xml":
        root = ET.fromstring(data)
        assert not [el for el in root.iter() if el.tag.split("}")[-1] in ("script", "img")]
        assert b"<script>" not in data and b"<img " not in data and b"]]><!--" not in data
    if fmt == "jsonld":
        json.loads(data)  # valid JSON
    rdflib_fmt, ox_fmt = EXPORTS[fmt]
    if fmt == "trig":
        from rdflib import Dataset

        ds = Dataset()
        ds.parse(data=data, format="trig")
        back = Graph()
        for s, p, o, _ in ds.quads():
            back.add((s, p, o))
    else:
        back = Graph().parse(data=data, format=rdflib_fmt)
    assert isomorphic(back, hostile["expected"]), f"{fmt}: rdflib does not read back the same graph"
    oxg = Graph()
    for q in ox.parse(data, format=getattr(ox.RdfFormat, ox_fmt)):
        oxg.add((Term.from_oxigraph(q.subject).to_rdflib(), Term.from_oxigraph(q.predicate).to_rdflib(),
                 Term.from_oxigraph(q.object).to_rdflib()))
    assert isomorphic(oxg, hostile["expected"]), f"{fmt}: pyoxigraph does not read back the same graph"
    labels = {str(o) for o in back.objects(CGR["hostile-a"], SKOS.altLabel)}
    assert labels == set(HOSTILE[1:])


# ---------------------------------------------------------------------------------------------
# Query results
# ---------------------------------------------------------------------------------------------
LITERALS_QUERY = """PREFIX cgr: <https://w3id.org/cagraph/id/>
SELECT ?s ?p ?o WHERE {
  VALUES ?s { cgr:hostile-a cgr:q-ec-hostile cgr:a-hostile-a-alternative-china }
  ?s ?p ?o FILTER (isLiteral(?o))
} ORDER BY ?s ?p ?o
"""


def _expected_rows(g: Graph) -> set:
    subjects = {CGR["hostile-a"], CGR["q-ec-hostile"], CGR["a-hostile-a-alternative-china"]}
    return {(str(s), str(p), str(o)) for s, p, o in g if isinstance(o, Literal) and s in subjects}


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_query_results_escape_and_parse_back(fmt, hostile):
    import pyoxigraph as ox
    from rdflib.plugins.sparql.results.csvresults import CSVResultParser
    from rdflib.plugins.sparql.results.jsonresults import JSONResultParser
    from rdflib.plugins.sparql.results.tsvresults import TSVResultParser
    from rdflib.plugins.sparql.results.xmlresults import XMLResultParser

    want = _expected_rows(hostile["graph"])
    for engine in ("oxigraph", "rdflib"):
        res = _run("sparql", "-", "-f", fmt, "--engine", engine, input=LITERALS_QUERY)
        assert res.exit_code == 0, res.stderr
        text = res.stdout_bytes.decode("utf-8")  # (.stdout turns CR LF into LF)
        parser = {"csv": CSVResultParser, "tsv": TSVResultParser, "json": JSONResultParser, "xml": XMLResultParser}[fmt]()
        source = io.BytesIO(text.encode("utf-8")) if fmt == "xml" else io.StringIO(text)
        parsed = parser.parse(source)
        got = {tuple(str(b[v]) for v in ("s", "p", "o")) for b in (
            {str(k): val for k, val in row.items()} for row in parsed.bindings)}
        assert got == want, f"{fmt} on {engine}: rdflib's parser reads other values"
        if fmt != "csv":  # pyoxigraph does not parse CSV results (they are lossy by design)
            oxfmt = {"tsv": ox.QueryResultsFormat.TSV, "json": ox.QueryResultsFormat.JSON,
                     "xml": ox.QueryResultsFormat.XML}[fmt]
            rows = {(sol["s"].value, sol["p"].value, sol["o"].value)
                    for sol in ox.parse_query_results(text.encode("utf-8"), format=oxfmt)}
            assert rows == want, f"{fmt} on {engine}: pyoxigraph's parser reads other values"
        if fmt == "csv":  # W3C SPARQL CSV is data interchange: values verbatim, not neutralized
            cells = {c for row in csv.reader(io.StringIO(text)) for c in row}
            assert HOSTILE[2] in cells and "@SUM(A1) " + HOSTILE[1] in cells


def test_saved_query_with_hostile_parameter_finds_the_entity(hostile):
    res = _run("query", "find-entity", "-p", "text=<script>", "-f", "json")
    assert res.exit_code == 0, res.stderr
    rows = json.loads(res.stdout)["results"]["bindings"]
    assert [r["label"]["value"] for r in rows] == [HOSTILE[0]]
    res = _run("query", "spellings", "-p", f"text={HOSTILE[1]}", "-f", "xml")
    assert res.exit_code == 0, res.stderr
    assert ET.fromstring(res.stdout.encode("utf-8")) is not None and "<img" not in res.stdout


def test_table_output_prints_markup_as_text(hostile):
    res = _run("query", "find-entity", "-p", "text=script")
    assert res.exit_code == 0
    assert "<script>alert(1)</script>" in res.stdout  # rich markup is off: the text, not a style


# ---------------------------------------------------------------------------------------------
# Control characters
# ---------------------------------------------------------------------------------------------
@contextlib.contextmanager
def _only_graph(tmp_path: Path, node: URIRef, label: str):
    """The CLI's graph is one ``node rdfs:label label`` triple (its own store cache) inside the block."""
    import cagraph.paths as paths

    g = Graph()
    g.add((node, RDFS.label, Literal(label)))
    f = tmp_path / "only.nt"
    g.serialize(f, format="nt", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paths, "graph_files", lambda: [f])
        mp.setenv("CAGRAPH_CACHE", str(tmp_path / "cache"))
        yield


def test_control_characters(tmp_path):
    import pyoxigraph as ox

    with _only_graph(tmp_path, CGR["ctl"], "bell\x07 nul\x00 cr\r end"):
        for fmt in ("turtle", "nt", "jsonld", "trig"):
            res = _run("export", "-f", fmt)
            assert res.exit_code == 0
            back = list(ox.parse(res.stdout_bytes, format=getattr(ox.RdfFormat, EXPORTS[fmt][1])))
            assert back[0].object.value == "bell\x07 nul\x00 cr\r end"
        out = tmp_path / "x.rdf"
        out.write_text("previous")
        res = _run("export", "-f", "xml", "-o", str(out))
        assert res.exit_code == 2
        assert res.stderr.count("\n") == 1 and "U+0007" in res.stderr and "XML 1.0" in res.stderr
        assert out.read_text() == "previous"
        res = _run("sparql", "-", "-f", "xml", input="SELECT ?o WHERE { ?s ?p ?o }")
        assert res.exit_code == 0
        value = next(iter(ox.parse_query_results(res.stdout.encode(), format=ox.QueryResultsFormat.XML)))["o"].value
        assert value == "bell\ufffd nul\ufffd cr\r end"  # XML 1.0 cannot hold them; CR survives as &#13;


def test_carriage_return_survives_rdf_xml(tmp_path):
    with _only_graph(tmp_path, CGR["cr"], "a\r\nb\rc"):
        res = _run("export", "-f", "xml")
        assert res.exit_code == 0
        back = Graph().parse(data=res.stdout_bytes, format="xml")
        assert str(next(back.objects(CGR["cr"], RDFS.label))) == "a\r\nb\rc"


# ---------------------------------------------------------------------------------------------
# No network unless asked
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_service_refused_by_default_and_no_connection(engine):
    with Listener() as listener:
        q = f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"
        res = _run("sparql", "-", "--engine", engine, input=q)
        assert res.exit_code == 2
        assert res.stderr.startswith("cagraph: error: SERVICE") and "--allow-service" in res.stderr
        assert res.stderr.count("\n") == 1
        assert listener.settle() == 0
        # asked for: the query goes out (the listener is no SPARQL server: one-line error, exit 2)
        res = _run("sparql", "-", "--engine", engine, "--allow-service", input=q)
        assert res.exit_code == 2 and res.stderr.count("\n") == 1, res.stderr
        assert listener.settle() >= 1


def test_remote_answers_in_json_ld_with_a_remote_context_are_refused():
    """A server answering CONSTRUCT with JSON-LD whose @context is a URL: cagraph does not fetch
    the context (pyoxigraph has no document loader), says the answer does not parse, exits 2."""
    with Listener() as ctx:
        body = json.dumps({"@context": f"{ctx.url}/context.jsonld", "@id": "http://x/a", "name": "b"}).encode()

        class H(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.send_response(200)
                self.send_header("Content-Type", "application/ld+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):  # noqa: ANN002
                pass

        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        t = threading.Thread(target=srv.serve_forever, daemon=True)
        t.start()
        try:
            url = f"http://127.0.0.1:{srv.server_address[1]}/ds/sparql"
            res = _run("sparql", "-", "--endpoint", url, input="CONSTRUCT WHERE { ?s ?p ?o }")
        finally:
            srv.shutdown()
            srv.server_close()
        assert res.exit_code == 2
        assert "does not parse" in res.stderr and res.stderr.count("\n") == 1, res.stderr
        assert ctx.settle() == 0


def test_no_file_input_reads_json_ld(tmp_path):
    """``validate --data`` reads Turtle only: a JSON-LD document with a remote context is a Turtle
    syntax error (file and line), and nothing is fetched."""
    with Listener() as ctx:
        f = tmp_path / "data.jsonld"
        f.write_text(json.dumps({"@context": f"{ctx.url}/c.jsonld", "@id": "http://x/a", "name": "b"}))
        res = _run("validate", "--data", str(f))
        assert res.exit_code == 2
        assert f"{f}:1: Turtle syntax error" in res.stderr
        assert ctx.settle() == 0
