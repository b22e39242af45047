"""What other tools get from cagraph (issue 17): JSON-LD compacted with a context of its own,
RDF/XML without empty elements, an asserted export equal to the sources literal for literal,
Wikidata links for every state, and SHACL shapes for engines that implement SHACL Core only.

Virtuoso parity (the same issue) is tested in tests/test_remote*.py.
"""
from __future__ import annotations

import csv
import io
import json
import re
import socket
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import OWL, RDF, SKOS
from typer.testing import CliRunner

from cagraph import paths
from cagraph.cli.main import app
from cagraph.publish.export import (_stable_blank_nodes, export, export_shapes, jsonld_context, shapes_triples)
from cagraph.ns import ASSERTED_GRAPH, INFERRED_GRAPH, PREFIXES

CAG = Namespace(PREFIXES["cag"])
WD = "http://www.wikidata.org/entity/"
TSV = paths.DATA_DIR / "wikidata-states.tsv"
SHARED_TSV = paths.ROOT.parent / "shared" / "identifiers" / "wikidata-states.tsv"
runner = CliRunner()


def _export(fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    export(buf, fmt=fmt, **kw)
    return buf.getvalue()


@pytest.fixture(scope="module")
def nt() -> bytes:
    return _export("nt")


@pytest.fixture(scope="module")
def nt_graph(nt) -> Graph:
    return Graph().parse(data=nt, format="nt")


@pytest.fixture(scope="module")
def jsonld() -> tuple[bytes, bytes]:
    """(document, context file) of ``cagraph export -f jsonld --context-file``."""
    buf, ctx = io.BytesIO(), io.BytesIO()
    export(buf, fmt="jsonld", context_out=ctx)
    return buf.getvalue(), ctx.getvalue()


def assert_isomorphic(got: Graph, want: Graph, what: str) -> None:
    if len(got) == len(want) and isomorphic(got, want):
        return
    _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
    pytest.fail(f"{what}: {len(got)} triples, expected {len(want)}\n"
                f"only in {what}: {sorted(only_got)[:5]}\nmissing: {sorted(only_want)[:5]}")


def _ox_graph(triples) -> Graph:
    from cagraph.terms import Term

    g = Graph()
    for t in triples:
        g.add((Term.from_oxigraph(t.subject).to_rdflib(), Term.from_oxigraph(t.predicate).to_rdflib(),
               Term.from_oxigraph(t.object).to_rdflib()))
    return g


# ---------------------------------------------------------------------------------------------
# 1. JSON-LD with a context
# ---------------------------------------------------------------------------------------------
def test_jsonld_is_compacted_with_the_projects_prefixes(jsonld):
    doc = json.loads(jsonld[0])
    assert set(doc) == {"@context", "@graph"}
    ctx = doc["@context"]
    assert isinstance(ctx, dict), "the context is inline, never a reference to fetch"
    for prefix, ns in PREFIXES.items():
        assert ctx[prefix] == ns
    assert ctx["cag:amount"] == {"@type": "xsd:decimal"}
    assert ctx["time:inXSDDateTimeStamp"] == {"@type": "xsd:dateTimeStamp"}
    assert ctx["skos:exactMatch"] == {"@type": "@id"}
    assert ctx["skos:prefLabel"] == {"@language": "en"}
    assert "cag:year" not in ctx, "integers are native JSON numbers: no definition needed"
    nodes = {n["@id"]: n for n in doc["@graph"]}
    assert len(nodes) == len(doc["@graph"]), "one node object per subject"
    assert [n["@id"] for n in doc["@graph"]] == sorted(nodes)
    china = nodes["cgr:china"]
    assert china["@type"] == "cag:State" and china["skos:prefLabel"] == "China"
    assert china["skos:exactMatch"] == WD + "Q148"
    year = next(n for n in doc["@graph"] if isinstance(n.get("cag:year"), int))
    assert 1900 < year["cag:year"] < 2100
    assert any(isinstance(n.get("cag:amount"), str) for n in doc["@graph"])


def test_jsonld_context_file_is_the_documents_context(jsonld):
    doc, ctx = json.loads(jsonld[0]), json.loads(jsonld[1])
    assert ctx == {"@context": doc["@context"]}
    assert doc["@context"] == jsonld_context(ox.parse(_export("nt"), format=ox.RdfFormat.N_TRIPLES))


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or fetch a document fails the test."""
    import urllib.request

    from rdflib.plugins.shared.jsonld import util

    def refuse(*a, **k):
        raise AssertionError(f"network access attempted: {a[:2]!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    real = util.source_to_json

    def local_only(source, *a, **k):
        if isinstance(source, str) and re.match(r"(?i)https?:", source):
            refuse(source)
        return real(source, *a, **k)

    monkeypatch.setattr(util, "source_to_json", local_only)


def test_jsonld_round_trips_without_fetching_anything(jsonld, nt_graph, no_network):
    data = jsonld[0]
    assert_isomorphic(Graph().parse(data=data, format="json-ld"), nt_graph, "JSON-LD (rdflib)")
    assert_isomorphic(_ox_graph(ox.parse(data, format=ox.RdfFormat.JSON_LD)), nt_graph, "JSON-LD (pyoxigraph)")
    # and the exact N-Triples lines, lexical forms included
    back = {str(t) + " ." for t in ox.parse(data, format=ox.RdfFormat.JSON_LD)}
    lines = set(_export("nt").decode().splitlines())
    blank = re.compile(r"_:\S+")
    assert {blank.sub("_:", x) for x in back} == {blank.sub("_:", x) for x in lines}
    # the guard works: a document naming a remote context is refused, not fetched
    remote = b'{"@context": "https://w3id.org/cagraph/context.jsonld", "@id": "cgr:x", "cag:p": "v"}'
    with pytest.raises(Exception):
        Graph().parse(data=remote, format="json-ld")
    with pytest.raises(Exception):
        list(ox.parse(remote, format=ox.RdfFormat.JSON_LD))


def test_jsonld_keeps_values_that_json_cannot_hold_natively(no_network):
    """Doubles, non-canonical integers and huge integers stay typed strings (reading a native JSON
    number back would change their lexical form); a property whose values share a datatype gets
    it in the context."""
    from cagraph.publish.export import compact_jsonld

    X = PREFIXES["xsd"]
    s = ox.NamedNode("https://w3id.org/cagraph/id/x")
    mixed, dec = ox.NamedNode(PREFIXES["cag"] + "v"), ox.NamedNode(PREFIXES["cag"] + "amount")
    vals = [("1000", "double"), ("007", "integer"), ("12345678901234567890", "integer"), ("13", "integer"),
            ("1", "boolean"), ("true", "boolean"), ("2001-12-31T23:59:59Z", "dateTimeStamp")]
    triples = [ox.Triple(s, mixed, ox.Literal(v, datatype=ox.NamedNode(X + d))) for v, d in vals]
    triples += [ox.Triple(s, mixed, ox.Literal("x", language="en")), ox.Triple(s, mixed, ox.Literal("plain")),
                ox.Triple(s, dec, ox.Literal("16.6", datatype=ox.NamedNode(X + "decimal"))),
                ox.Triple(s, dec, ox.Literal("4000", datatype=ox.NamedNode(X + "decimal")))]
    ctx = jsonld_context(triples)
    assert "cag:v" not in ctx and ctx["cag:amount"] == {"@type": "xsd:decimal"}
    data = compact_jsonld(triples, ctx)
    node = json.loads(data)["@graph"][0]
    assert node["cag:amount"] == ["16.6", "4000"]
    values = node["cag:v"]
    for v in (13, True, "plain", {"@language": "en", "@value": "x"},
              {"@type": "xsd:double", "@value": "1000"}, {"@type": "xsd:integer", "@value": "007"},
              {"@type": "xsd:integer", "@value": "12345678901234567890"}, {"@type": "xsd:boolean", "@value": "1"},
              {"@type": "xsd:dateTimeStamp", "@value": "2001-12-31T23:59:59Z"}):
        assert v in values, (v, values)
    assert {str(t) for t in ox.parse(data, format=ox.RdfFormat.JSON_LD)} == {str(t) for t in triples}
    assert_isomorphic(Graph().parse(data=data, format="json-ld"), _ox_graph(triples), "JSON-LD (rdflib)")


def test_jsonld_is_smaller_than_expanded_and_stable(jsonld):
    import pyoxigraph as ox_

    expanded = ox_.serialize(list(ox_.parse(_export("nt"), format=ox_.RdfFormat.N_TRIPLES)), format=ox_.RdfFormat.JSON_LD)
    assert len(jsonld[0]) < 0.6 * len(expanded)
    assert _export("jsonld") == jsonld[0], "byte-identical across runs"


def test_cli_context_file(tmp_path):
    out, ctx = tmp_path / "g.jsonld", tmp_path / "context.jsonld"
    r = runner.invoke(app, ["export", "-f", "jsonld", "-o", str(out), "--context-file", str(ctx)])
    assert r.exit_code == 0, r.stderr
    assert json.loads(ctx.read_text()) == {"@context": json.loads(out.read_text())["@context"]}
    r = runner.invoke(app, ["export", "-f", "turtle", "--context-file", str(tmp_path / "x.json")])
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and "--context-file" in r.stderr
    assert not (tmp_path / "x.json").exists()


# ---------------------------------------------------------------------------------------------
# 2. RDF/XML and lexical forms
# ---------------------------------------------------------------------------------------------
def test_rdfxml_has_no_empty_node_elements(nt_graph):
    data = _export("xml")
    root = ET.fromstring(data)
    about = "{%s}about" % PREFIXES["rdf"]
    node_id = "{%s}nodeID" % PREFIXES["rdf"]
    blank = [(el.tag, el.attrib) for el in root.iter()
             if len(el) == 0 and el.text is not None and not el.text.strip()]
    assert not blank, f"{len(blank)} elements hold only white space, e.g. {blank[:3]}"
    typed_only = [el for el in root if len(el) == 0 and (about in el.attrib or node_id in el.attrib)]
    assert len(typed_only) > 10, "nodes with only a type are there, as empty-element tags"
    assert not re.search(rb"rdf:about=\"[^\"]*\">\s*</", data)
    g = Graph().parse(data=data, format="xml")
    assert not list(g.triples((None, RDF.value, None)))
    assert_isomorphic(g, nt_graph, "RDF/XML")


def test_self_closing_touches_node_elements_only():
    from cagraph.publish.export import _self_closed

    data = (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">\n'
            b'\t<ex:C rdf:about="http://ex/a">\n\t</ex:C>\n'
            b'\t<rdf:Description rdf:nodeID="b1" ex:x="1">\n\t</rdf:Description>\n'
            b'\t<rdf:Description rdf:about="http://ex/b">\n\t\t<ex:p>  </ex:p>\n\t\t<ex:q></ex:q>\n\t</rdf:Description>\n'
            b'</rdf:RDF>\n')
    out = _self_closed(data)
    assert b'<ex:C rdf:about="http://ex/a"/>' in out
    assert b'<rdf:Description rdf:nodeID="b1" ex:x="1"/>' in out
    assert b"<ex:p>  </ex:p>" in out and b"<ex:q></ex:q>" in out
    before, after = Graph().parse(data=data, format="xml"), Graph().parse(data=out, format="xml")
    assert isomorphic(before, after)
    assert (URIRef("http://ex/b"), URIRef("http://ex/p"), Literal("  ")) in after


def _source_lines() -> set:
    """The merged ontology and data files as N-Triples lines, blank nodes labelled as the export
    labels them."""
    g = ox.NamedNode(ASSERTED_GRAPH)
    qs = [ox.Quad(t.subject, t.predicate, t.object, g)
          for f in paths.graph_files()
          for t in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE, base_iri=Path(f).resolve().as_uri())]
    return {str(q.triple) + " ." for q in _stable_blank_nodes(qs)}


def test_asserted_export_equals_the_sources_line_for_line(nt):
    exported = set(nt.decode("utf-8").splitlines())
    sources = _source_lines()
    only_export, only_sources = sorted(exported - sources), sorted(sources - exported)
    assert not only_export and not only_sources, (
        f"{len(only_export)} lines only in the export, e.g. {only_export[:3]}\n"
        f"{len(only_sources)} only in the sources, e.g. {only_sources[:3]}")
    assert len(exported) == len(nt.decode("utf-8").splitlines())


def test_every_literal_of_the_files_is_canonical():
    """Each typed literal as written, as an Oxigraph store keeps it, and as rdflib normalizes it:
    all three the same (xsd:dateTimeStamp, which Oxigraph keeps as xsd:dateTime, by value)."""
    X = PREFIXES["xsd"]
    files = sorted(paths.DATA_DIR.glob("*.ttl")) + sorted(paths.ONTOLOGY_DIR.glob("*.ttl"))
    lits = []
    for f in files:
        for t in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE, base_iri=f.resolve().as_uri()):
            o = t.object
            if isinstance(o, ox.Literal) and not o.language and o.datatype.value != X + "string":
                lits.append((f.name, o))
    assert len(lits) > 500
    st = ox.Store()
    st.extend(ox.Quad(ox.NamedNode(f"urn:x:{i}"), ox.NamedNode("urn:x:p"), o) for i, (_, o) in enumerate(lits))
    stored = {int(q.subject.value.rsplit(":", 1)[1]): q.object for q in st}
    bad = []
    for i, (name, o) in enumerate(lits):
        back = stored[i]
        normal = str(Literal(o.value, datatype=URIRef(o.datatype.value)))
        if back.value != o.value or normal != o.value:
            bad.append((name, o.value, o.datatype.value.replace(X, "xsd:"), back.value, normal))
        elif back.datatype != o.datatype and not (o.datatype.value == X + "dateTimeStamp" and back.datatype.value == X + "dateTime"):
            bad.append((name, o.value, o.datatype.value, back.datatype.value, normal))
    assert not bad, f"{len(bad)} literals not in canonical form (file, written, datatype, stored, rdflib): {bad[:10]}"


def test_datetimestamp_survives_the_store():
    stamps = [ln for ln in _export("nt").decode().splitlines()
              if ln.split(" ", 2)[1] == "<http://www.w3.org/2006/time#inXSDDateTimeStamp>"]
    assert len(stamps) >= 30
    assert all(ln.endswith('"^^<http://www.w3.org/2001/XMLSchema#dateTimeStamp> .') for ln in stamps)


# ---------------------------------------------------------------------------------------------
# 4. Links to Wikidata
# ---------------------------------------------------------------------------------------------
def _tsv() -> dict:
    with TSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert rows and set(rows[0]) == {"label", "iso3166_alpha2", "wikidata"}
    assert all(re.fullmatch(r"Q[1-9][0-9]*", r["wikidata"]) for r in rows)
    codes = [r["iso3166_alpha2"] for r in rows]
    assert len(set(codes)) == len(codes)
    return {r["iso3166_alpha2"]: r["wikidata"] for r in rows}


def test_tsv_is_the_shared_copy_unchanged():
    _tsv()
    if not SHARED_TSV.is_file():
        pytest.skip(f"{SHARED_TSV} not here")
    assert TSV.read_bytes() == SHARED_TSV.read_bytes()
    header = (paths.DATA_DIR / "identifiers.ttl").read_text(encoding="utf-8")
    assert "data/wikidata-states.tsv" in header and "identifiers/wikidata-states.tsv" in header


def test_every_state_has_exactly_its_wikidata_item(graph):
    qid = _tsv()
    states = set(graph.subjects(RDF.type, CAG.State))
    assert len(states) >= 20
    wrong = []
    for s in sorted(states):
        codes = [str(c) for c in graph.objects(s, CAG.iso3166Alpha2)]
        links = sorted(str(o) for o in graph.objects(s, SKOS.exactMatch))
        want = [WD + qid[codes[0]]] if len(codes) == 1 and codes[0] in qid else None
        if links != want:
            wrong.append((str(s), codes, links, want))
    assert not wrong, wrong
    linked = {s for s, _, o in graph.triples((None, SKOS.exactMatch, None)) if str(o).startswith(WD)}
    assert linked == states, "only states are linked, by this file"
    assert {str(c) for s in states for c in graph.objects(s, CAG.iso3166Alpha2)} == set(qid)


def test_links_stay_outside_the_owl_rl_closure(graph):
    """skos:exactMatch is an annotation property: the store's closure (native reasoner) and
    owlrl's derive nothing from the links, and nothing about Wikidata's items."""
    assert (SKOS.exactMatch, RDF.type, OWL.AnnotationProperty) in graph
    assert not list(graph.triples((None, OWL.sameAs, None)))
    from cagraph.build.store import open_store

    store, _ = open_store(quiet=True)
    inferred = list(store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED_GRAPH)))
    assert len(inferred) > 1000
    touching = [q for q in inferred if q.predicate.value in (str(SKOS.exactMatch), str(OWL.sameAs))
                or any(isinstance(x, ox.NamedNode) and x.value.startswith(WD) for x in (q.subject, q.object))]
    assert not touching, touching[:5]
    # owlrl, the reference reasoner, on the ontology and the identifiers
    from cagraph.io.load import load_graph
    from cagraph.build.reason import inferred_triples

    small = load_graph([paths.ONTOLOGY_FILE, paths.DATA_DIR / "entities.ttl", paths.DATA_DIR / "identifiers.ttl"])
    new = inferred_triples(small, reasoner="owlrl")
    bad = [t for t in new if t[1] in (SKOS.exactMatch, OWL.sameAs) or str(t[2]).startswith(WD)]
    assert not bad, bad[:5]


def test_export_keeps_the_links(nt, jsonld):
    qid = _tsv()
    lines = nt.decode().splitlines()
    links = [ln for ln in lines if ln.split(" ", 2)[1] == f"<{SKOS.exactMatch}>"]
    assert len(links) == len(qid)
    assert {ln.split()[2] for ln in links} == {f"<{WD}{q}>" for q in qid.values()}
    doc = json.loads(jsonld[0])
    assert sum(1 for n in doc["@graph"] if str(n.get("skos:exactMatch", "")).startswith(WD)) == len(qid)
    ttl = _export("turtle").decode()
    assert ttl.count("skos:exactMatch <http://www.wikidata.org/entity/Q") == len(qid)


def test_entity_page_shows_the_wikidata_link(graph):
    from cagraph.site.build import SiteBuilder

    b = SiteBuilder(graph, run_queries=False, dot=None)
    china = URIRef(PREFIXES["cgr"] + "china")
    b.entity_page(china)
    page = b.files[b.m.page_names[china]]
    html = page.decode("utf-8") if isinstance(page, bytes) else page
    assert re.search(r"<t[hd][^>]*>Wikidata</t[hd]>\s*<td[^>]*><a href=\"http://www\.wikidata\.org/entity/Q148\"[^>]*>Q148</a>",
                     html), "the entity page's table has a Wikidata row with the link"
    assert html.count("http://www.wikidata.org/entity/Q148") == 1, "shown once (not again under Relations)"


# ---------------------------------------------------------------------------------------------
# 5. SHACL for core-only engines
# ---------------------------------------------------------------------------------------------
SPARQL_TERMS = ("sparql", "SPARQLConstraint", "select", "ask", "prefixes", "declare", "PrefixDeclaration")


def test_core_profile_has_no_shacl_sparql(tmp_path):
    full, core = shapes_triples(profile="full"), shapes_triples(profile="core")
    sh = "http://www.w3.org/ns/shacl#"
    used = {t.predicate.value for t in core} | {t.object.value for t in core if isinstance(t.object, ox.NamedNode)}
    assert not used & {sh + n for n in SPARQL_TERMS}
    in_full = [t for t in full if t.predicate.value == sh + "sparql"]
    assert len(in_full) == 5, "the five SHACL-SPARQL constraints the README lists"
    assert {str(t) for t in core} <= {str(t) for t in full}, "core is a subset of full"
    removed = [t for t in full if str(t) not in {str(x) for x in core}]
    gone = {t.object for t in in_full} | {t.object for t in full if t.predicate.value == sh + "declare"}
    assert all(t.predicate.value in (sh + "sparql", sh + "declare") or t.subject in gone for t in removed), \
        "only the SPARQL constraints and the prefix declarations they use are removed"
    # every node shape and property shape survives
    shapes = lambda ts: {t.subject.value for t in ts if t.predicate.value == PREFIXES["rdf"] + "type"  # noqa: E731
                         and t.object.value in (sh + "NodeShape", sh + "PropertyShape")}
    assert shapes(core) == shapes(full)
    assert any(t.subject.value == "https://w3id.org/cagraph/shapes" and t.object.value == str(OWL.Ontology) for t in core)
    buf = io.BytesIO()
    assert export_shapes(buf, profile="core") == len(core)
    text = buf.getvalue().decode("utf-8")
    assert not re.search(r"sh:(sparql|select|SPARQLConstraint|prefixes|declare)\b", text)


def test_core_profile_validates_the_bundled_data(tmp_path):
    from cagraph.check.validate import validate

    path = tmp_path / "shapes-core.ttl"
    r = runner.invoke(app, ["export", "--shapes", "core", "-o", str(path)])
    assert r.exit_code == 0, r.stderr
    report = validate(shapes=path, qc=False, provenance=False)
    assert not report.shacl_violations, report.shacl_violations[:5]
    # and still catches what SHACL Core can see: a malformed ISO code
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix cag: <https://w3id.org/cagraph/ontology#> .\n"
                   "@prefix cgr: <https://w3id.org/cagraph/id/> .\n"
                   "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                   "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                   'cgr:atlantis a cag:State ; skos:prefLabel "Atlantis"@en ; rdfs:label "Atlantis"@en ;\n'
                   '    cag:iso3166Alpha2 "atl" .\n')
    report = validate(files=[paths.ONTOLOGY_FILE, bad], shapes=path, qc=False, provenance=False)
    assert {r.shape.rsplit("#", 1)[-1] for r in report.shacl_violations} >= {"StateShape-iso3166Alpha2"}


def test_shapes_option_usage_errors():
    r = runner.invoke(app, ["export", "--shapes", "core", "--inferred"])
    assert r.exit_code == 2 and r.stderr.count("\n") == 1
    r = runner.invoke(app, ["export", "--shapes", "core", "-f", "trig"])
    assert r.exit_code == 2 and r.stderr.count("\n") == 1
