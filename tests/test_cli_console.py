"""The analyst's CLI through the installed console script (issue 16, items 3, 5, 6 and 7): one
parameter vocabulary, readable tables, ad-hoc SPARQL, output. Every test runs the venv's
``cagraph`` in a subprocess, as a user does."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

EXE = str(Path(sys.executable).parent / "cagraph")


def cg(*args: str, input: str | None = None, columns: int | None = None, umask: int = -1, cwd=None):
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return subprocess.run([EXE, *args], input=input, capture_output=True, text=True, timeout=180, env=env,
                          umask=umask, cwd=cwd)


def one_error_line(p, message: str) -> None:
    """Exit 2, nothing on stdout, exactly ``cagraph: error: <message>`` on stderr."""
    assert p.returncode == 2, (p.returncode, p.stdout[-500:], p.stderr)
    assert p.stdout == ""
    assert p.stderr == f"cagraph: error: {message}\n"


def rows(p, column: int = 0) -> list[str]:
    assert p.returncode == 0, p.stderr
    return [r[column] for r in list(csv.reader(io.StringIO(p.stdout)))[1:]]


# -- item 3: one parameter vocabulary ---------------------------------------------------------
def test_queries_use_one_parameter_vocabulary():
    p = cg("queries")
    assert p.returncode == 0, p.stderr
    params = {line.split("\t")[0]: line.split("\t")[2] for line in p.stdout.splitlines()}
    assert params["corridors-of-state"] == "country:iri?"
    assert params["exercises"] == "year:year?, country:iri?, organization:iri?"
    assert params["is-member"] == "entity:iri, organization:iri"
    assert params["entity-facts"] == "entity:iri"
    assert params["find-entity"] == "text:string"
    names = {n.split(":")[0] for v in params.values() for n in v.split(", ") if n}
    assert names == {"country", "entity", "organization", "year", "document", "corridor", "text", "min_usd"}


def test_country_everywhere_and_old_names_refused():
    p = cg("query", "corridors-of-state", "-p", "country=KZ", "-f", "csv")
    assert rows(p, 1) == ["Caspian Transport Corridor", "China-Central Asia-West Asia Economic Corridor",
                          "New Eurasian Land Bridge"]
    assert set(rows(p, 0)) == {"Kazakhstan"}
    one_error_line(cg("query", "corridors-of-state", "-p", "state=kazakhstan"),
                   "query corridors-of-state has no parameter 'state' (parameters: country)")
    p = cg("query", "exercises", "-p", "country=kazakhstan", "-f", "csv")
    assert rows(p, 1) == ["Peace Mission-2024", "Tianlong-2022", "Zapad-2021", "Druzhba-2019"]
    p = cg("query", "exercises", "-p", "organization=sco", "-f", "csv")
    assert rows(p, 1) == ["Peace Mission-2024", "First multilateral exercise within the SCO (2003)"]
    one_error_line(cg("query", "exercises", "-p", "host=kazakhstan"),
                   "query exercises has no parameter 'host' (parameters: year, country, organization)")
    p = cg("query", "is-member", "-p", "entity=India", "-p", "organization=SCO", "-f", "json")
    assert json.loads(p.stdout) == {"head": {}, "boolean": True}
    p = cg("query", "is-member", "-p", "entity=united-states", "-p", "organization=sco", "-f", "json")
    assert json.loads(p.stdout) == {"head": {}, "boolean": False}


@pytest.mark.parametrize("name, usage", [
    ("entity-facts", "query entity-facts: parameter entity is required; usage: cagraph query entity-facts "
                     "-p entity=ENTITY (e.g. -p entity=china)"),
    ("find-entity", "query find-entity: parameter text is required; usage: cagraph query find-entity "
                    "-p text=TEXT (e.g. -p text=silk)"),
    ("claims", "query claims: parameter entity is required; usage: cagraph query claims -p entity=ENTITY (e.g. -p entity=sco)"),
    ("entity-graph", "query entity-graph: parameter entity is required; usage: cagraph query entity-graph "
                     "-p entity=ENTITY (e.g. -p entity=kyrgyzstan)"),
    ("is-member", "query is-member: parameter entity is required; usage: cagraph query is-member -p entity=ENTITY "
                  "-p organization=ORGANIZATION (e.g. -p entity=india -p organization=sco)"),
])
def test_required_parameter_has_no_hidden_default(name, usage):
    one_error_line(cg("query", name), usage)


def test_required_parameter_given_runs():
    p = cg("query", "find-entity", "-p", "text=Kirghiz", "-f", "csv")
    assert rows(p, 1) == ["China-Kyrgyzstan-Uzbekistan railway", "Kazakhstan-Kyrgyzstan expressway", "Kyrgyzstan"]


EVENTS = {
    2001: ["Establishment of the Shanghai Cooperation Organization (2001)"],
    2013: ["Xi Jinping's Silk Road Economic Belt speech in Kazakhstan (2013)",
           "Xi Jinping's trip to four Central Asian countries (2013)"],
    2017: ["Accession of India to the SCO (2017)", "Accession of Pakistan to the SCO (2017)"],
    2022: ["CSTO involvement in the January 2022 unrest in Kazakhstan", "January 2022 unrest in Kazakhstan"],
}


def events(*years: int) -> list[str]:
    return [e for y in years for e in EVENTS[y]]


@pytest.mark.parametrize("params, years", [
    (["year=2013"], (2013,)),
    (["year=2013..2017"], (2013, 2017)),
    (["year=2013-2017"], (2013, 2017)),
    (["year=2013\u20132017"], (2013, 2017)),
    (["from=2013", "to=2017"], (2013, 2017)),
    (["from=2017"], (2017, 2022)),
    (["year=2017.."], (2017, 2022)),
    (["to=2013"], (2001, 2013)),
    (["year=..2013"], (2001, 2013)),
    (["year=2014..2016"], ()),
])
def test_year_ranges(params, years):
    p = cg("query", "events", *sum((["-p", x] for x in params), []), "-f", "csv")
    assert rows(p, 1) == events(*years)


@pytest.mark.parametrize("params, message", [
    (["year=2017..2013"], "parameter year (year): the range 2017..2013 ends before it starts"),
    (["year=2013", "from=2010"], "query events: give year=FROM..TO or from/to, not both"),
    (["year=13..17"], "parameter year (year): '13..17' is not a four-digit year or a range of years (2023, 2019..2024, 2019.., ..2024)"),
    (["from=x"], "parameter from (year): 'x' is not a four-digit year"),
    (["to=2013-2014"], "parameter to (year): '2013-2014' is not a four-digit year"),
])
def test_bad_year_ranges(params, message):
    one_error_line(cg("query", "events", *sum((["-p", x] for x in params), [])), message)


def test_year_range_binds_values_not_text():
    """The range is bound by a VALUES row and a fixed FILTER: the same rows on rdflib."""
    a = cg("query", "trade-flows", "-p", "year=2022..2023", "-f", "tsv")
    b = cg("query", "trade-flows", "-p", "year=2022..2023", "-f", "tsv", "--engine", "rdflib")
    assert a.returncode == b.returncode == 0
    facts = [sorted(line.split("\t")[-1] for line in p.stdout.splitlines()[1:]) for p in (a, b)]
    assert facts[0] == facts[1] and len(facts[0]) == 8
    years = {line.split("\t")[3] for line in a.stdout.splitlines()[1:]}
    assert years == {'"2022"^^<http://www.w3.org/2001/XMLSchema#integer>', '"2023"^^<http://www.w3.org/2001/XMLSchema#integer>'}


# -- item 5: readable tables -------------------------------------------------------------------
TRADE_140 = """\
┏━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃ exporter   ┃ importer   ┃ period ┃ year ┃        amount ┃            usd ┃ changePercent ┃ qualifier ┃ fact                        ┃
┡━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
│ China      │ Uzbekistan │ 2023   │ 2023 │ 12.389 bn USD │ 12,389,000,000 │          67.2 │           │ cgr:flow-cn-uz-2023-exports │
│ Uzbekistan │ China      │ 2023   │ 2023 │  1.644 bn USD │  1,644,000,000 │         -27.8 │           │ cgr:flow-uz-cn-2023-exports │
└────────────┴────────────┴────────┴──────┴───────────────┴────────────────┴───────────────┴───────────┴─────────────────────────────┘
2 rows
"""

TRADE_60_FIRST_RECORD = """\
-[ RECORD 1 ]-----------------------------------------------
exporter      | China
importer      | Uzbekistan
period        | 2023
year          | 2023
amount        | 12.389 bn USD
usd           | 12,389,000,000
changePercent | 67.2
qualifier     |
fact          | cgr:flow-cn-uz-2023-exports
"""


def test_table_with_readable_numbers_when_it_fits():
    p = cg("query", "trade-flows", "-p", "country=uzbekistan", "-p", "year=2023", columns=140)
    assert p.returncode == 0, p.stderr
    assert p.stdout == TRADE_140


def test_one_record_per_block_when_too_wide():
    p = cg("query", "trade-flows", "-p", "country=uzbekistan", "-p", "year=2023", columns=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith(TRADE_60_FIRST_RECORD + "-[ RECORD 2 ]")
    assert p.stdout.endswith("fact          | cgr:flow-uz-cn-2023-exports\n2 rows\n")


def _words_of(p) -> list[str]:
    """Every word of every cell as the table should show it (from the CSV, numbers made readable)."""
    from cagraph.query.table import SCALES, readable_number

    out = []
    for rec in csv.DictReader(io.StringIO(p.stdout)):
        for k, v in rec.items():
            if k in ("scale",):
                v = SCALES.get(v, v)
            out += [readable_number(w) for w in v.split()]
    return out


@pytest.mark.parametrize("args", [
    ("query", "trade-flows", "-p", "country=uzbekistan"),
    ("query", "entity-facts", "-p", "entity=uzbekistan"),
    ("query", "counts"),
    ("query", "transport-routes"),
])
@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_tables_fit_the_width_and_never_break_a_word(args, width):
    from rich.cells import cell_len

    p = cg(*args, columns=width)
    assert p.returncode == 0, p.stderr
    for line in p.stdout.splitlines():
        # a line is longer only when a single word (an IRI) is longer than the record's value column
        if cell_len(line) > width:
            assert line.startswith(tuple("abcdefghijklmnopqrstuvwxyz")) and " | " in line and " " not in line.split(" | ", 1)[1].strip()
    shown = set(re.sub(r"[│┃|]", " ", p.stdout).split())
    words = _words_of(cg(*args, "-f", "csv"))
    iris = {w for w in words if w.startswith("https://w3id.org/cagraph/id/")}
    missing = [w for w in words if w not in shown and w not in iris]
    assert not missing, missing[:5]
    assert all("cgr:" + w[len("https://w3id.org/cagraph/id/"):] in shown for w in iris)


def test_only_the_table_rewrites_numbers():
    args = ("query", "trade-flows", "-p", "country=uzbekistan", "-p", "year=2023")
    c = cg(*args, "-f", "csv").stdout
    assert "China,Uzbekistan,2023,2023,12.389,billion,USD,12389000000,67.2," in c
    j = json.loads(cg(*args, "-f", "json").stdout)
    assert j["results"]["bindings"][0]["usd"]["value"] == "12389000000"
    assert "12389000000" in cg(*args, "-f", "tsv").stdout and "12389000000" in cg(*args, "-f", "xml").stdout


@pytest.mark.parametrize("spelling", ["CSV", "Csv", "csv"])
def test_format_is_case_insensitive(spelling):
    p = cg("query", "world-shares", "-f", spelling)
    assert p.returncode == 0, p.stderr
    assert p.stdout == cg("query", "world-shares", "-f", "csv").stdout
    assert p.stdout.startswith("subjectLabel,worldMeasure,sharePercent")
    assert cg("export", "-f", "NT").returncode == 0


@pytest.mark.parametrize("command", ["query", "sparql", "queries", "stats", "export", "validate", "build",
                                     "coverage", "push", "docs", "review-sheet"])
def test_help_has_no_stray_backslashes(command):
    p = cg(command, "--help")
    assert p.returncode == 0, p.stderr
    assert "\\" not in p.stdout, [ln for ln in p.stdout.splitlines() if "\\" in ln]
    if command == "query":
        assert "NAME  [required]" in p.stdout and "[default: table]" in p.stdout


@pytest.mark.parametrize("args, message", [
    (("query",), "Missing argument 'NAME' (see 'cagraph query --help')"),
    (("query", "counts", "--bogus"), "No such option '--bogus' (see 'cagraph query --help')"),
    (("query", "counts", "-f", "yaml"), "Invalid value for '--format' / '-f': 'yaml' is not one of 'table', 'csv', "
                                        "'tsv', 'json', 'xml', 'turtle', 'nt', 'jsonld' (see 'cagraph query --help')"),
    (("nope",), "No such command 'nope' (see 'cagraph --help')"),
    (("stats", "--table"), "Option '--table' requires an argument"),
    (("query", "counts", "-p", "x"), "--param 'x': expected NAME=VALUE"),
])
def test_usage_errors_are_one_line(args, message):
    p = cg(*args)
    assert p.returncode == 2
    assert p.stdout == ""
    assert len(p.stderr.splitlines()) == 1, p.stderr
    assert p.stderr.startswith("cagraph: error: ")
    got = p.stderr.strip()[len("cagraph: error: "):]
    assert got == message


# -- item 6: cagraph sparql ---------------------------------------------------------------------
STATES_Q = "SELECT ?l WHERE { ?s a cag:State ; rdfs:label ?l . ?s cag:iso3166Alpha2 ?c } ORDER BY ?l LIMIT 3"


def test_sparql_takes_text_file_or_stdin(tmp_path):
    want = ["Afghanistan", "Azerbaijan", "Bangladesh"]
    assert rows(cg("sparql", "--query", STATES_Q, "-f", "csv")) == want
    assert rows(cg("sparql", "-q", STATES_Q, "-f", "csv")) == want
    f = tmp_path / "q.rq"
    f.write_text(STATES_Q)
    assert rows(cg("sparql", str(f), "-f", "csv")) == want
    assert rows(cg("sparql", "-", "-f", "csv", input=STATES_Q)) == want
    one_error_line(cg("sparql"), "sparql: give the query as FILE, - (standard input) or --query TEXT, one of them "
                                 "(see 'cagraph sparql --help')")
    one_error_line(cg("sparql", str(f), "--query", STATES_Q), "sparql: give the query as FILE, - (standard input) or "
                   "--query TEXT, one of them (see 'cagraph sparql --help')")


def test_sparql_predeclares_the_project_prefixes_and_keeps_the_users():
    q = ("SELECT ?label ?code WHERE { cgr:uzbekistan skos:prefLabel ?label ; cag:iso3166Alpha3 ?code . "
         "FILTER (datatype(?code) = xsd:string) }")
    assert cg("sparql", "-q", q, "-f", "csv").stdout == "label,code\nUzbekistan,UZB\n"  # text mode: \r\n read as \n
    # a property path names several prefixes in one token
    q = "SELECT (COUNT(*) AS ?n) WHERE { cgr:china cag:memberOf/rdfs:label ?l }"
    assert int(rows(cg("sparql", "-q", q, "-f", "csv"))[0]) > 0
    # a prefix the query declares itself is its own: nothing is added over it
    q = "PREFIX cag: <http://example.org/not-cagraph#> ASK { ?s a cag:State }"
    assert json.loads(cg("sparql", "-q", q, "-f", "json").stdout)["boolean"] is False
    for prefix in ("cag", "cgr", "rdfs", "rdf", "owl", "xsd", "skos", "prov", "oa", "org", "dcterms", "time", "schema"):
        p = cg("sparql", "-q", f"ASK {{ ?s ?p {prefix}:x }}", "-f", "json")
        assert p.returncode == 0, (prefix, p.stderr)


@pytest.mark.parametrize("query, message", [
    ("SELECT ?x\nWHERE { ?x foo:y ?z }",
     "SPARQL syntax error at line 2, column 12: prefix 'foo:' is not declared (declared for you: cag:, cagsh:, cgr:, "
     "dcterms:, foaf:, oa:, org:, owl:, prov:, rdf:, rdfs:, schema:, skos:, time:, vann:, xsd:)"),
    ("SELECT ?x\nWHERE { ?x ?y }}", "SPARQL syntax error at line 2, column 17: expected OPTIONAL"),
    # the predeclared prefixes go in front of line 1: its columns are the user's
    ("SELECT ?x WHERE { ?x a cag:State FILTER(?x = ) }",
     "SPARQL syntax error at line 1, column 49: expected one of ABS, AVG, DAY, IRI, MAX, MD5, MIN, NOT, NOW, PREDICATE, "
     "STR, STRBEFORE, STRSTARTS, SUM, URI, isLITERAL, isNUMERIC"),
])
def test_sparql_parse_error_is_one_line_with_line_and_column(query, message):
    one_error_line(cg("sparql", "-q", query), message)


def test_sparql_parse_error_on_rdflib_names_line_and_column():
    p = cg("sparql", "-q", "SELECT ?x\nWHERE { ?x ?y }}", "--engine", "rdflib")
    one_error_line(p, "SPARQL syntax error at line 2, column 9: Expected SelectQuery, found '?'")


# -- item 7: output -------------------------------------------------------------------------------
def test_stats_json_is_one_document():
    p = cg("stats", "-f", "json")
    doc = json.loads(p.stdout)  # one document: json.loads refuses extra data
    assert list(doc) == ["triples", "entities", "facts", "claims", "sources"]
    assert doc["triples"]["head"]["vars"] == ["triples"]
    assert int(doc["triples"]["results"]["bindings"][0]["triples"]["value"]) > 10_000
    assert doc["claims"]["head"]["vars"] == ["factuality", "kind", "claims"]
    one = json.loads(cg("stats", "-f", "json", "--table", "claims").stdout)
    assert one == {"claims": doc["claims"]}


def test_stats_csv_is_one_table_or_the_named_one():
    p = cg("stats", "-f", "csv")
    table = list(csv.reader(io.StringIO(p.stdout)))
    assert table[0] == ["table", "key", "measure", "value"]
    assert all(len(r) == 4 for r in table)
    assert {r[0] for r in table[1:]} == {"triples", "entities", "facts", "claims", "sources"}
    by = {(r[0], r[1], r[2]): r[3] for r in table[1:]}
    assert by["facts", "https://w3id.org/cagraph/ontology#TradeFlow", "facts"] == "19"
    claims = list(csv.reader(io.StringIO(cg("stats", "-f", "CSV", "--table", "claims").stdout)))
    assert claims[0] == ["factuality", "kind", "claims"]
    for f, k, n in claims[1:]:
        assert by["claims", f"{f} / {k}", "claims"] == n
    one_error_line(cg("stats", "--table", "nope"), "--table 'nope': no such table (one of triples, entities, facts, claims, sources)")


def _graph(data: str, fmt: str):
    import rdflib

    return rdflib.Graph().parse(data=data, format=fmt)


@pytest.mark.parametrize("args", [
    ("query", "entity-graph", "-p", "entity=kyrgyzstan"),
    ("sparql", "-q", "DESCRIBE cgr:kyrgyzstan"),
])
def test_construct_and_describe_as_turtle_ntriples_jsonld(args):
    from rdflib.compare import isomorphic

    nt = cg(*args, "-f", "nt")
    assert nt.returncode == 0, nt.stderr
    ref = _graph(nt.stdout, "nt")
    assert len(ref) > 5
    assert isomorphic(_graph(cg(*args).stdout, "turtle"), ref)
    assert isomorphic(_graph(cg(*args, "-f", "turtle").stdout, "turtle"), ref)
    for f in ("json", "jsonld", "JSON-LD".replace("-", "")):
        out = cg(*args, "-f", f).stdout
        doc = json.loads(out)
        assert "@context" in doc and "@graph" in doc
        assert isomorphic(_graph(out, "json-ld"), ref), f
    one_error_line(cg(*args, "-f", "csv"), "--format csv: a CONSTRUCT or DESCRIBE query gives RDF: use turtle, nt or jsonld (or json)")


def test_select_refuses_rdf_formats():
    one_error_line(cg("query", "counts", "-f", "jsonld"),
                   "--format jsonld: only for CONSTRUCT/DESCRIBE queries; use table, csv, tsv, json or xml")


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.parametrize("umask, new_mode", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_output_files_get_the_umask_mode(tmp_path, umask, new_mode):
    cmds = {
        "q.csv": ("query", "world-shares", "-f", "csv", "-o"),
        "s.json": ("stats", "-f", "json", "-o"),
        "g.nt": ("export", "-f", "nt", "-o"),
        "e.jsonld": ("query", "entity-graph", "-p", "entity=kyrgyzstan", "-f", "json", "-o"),
        "r.csv": ("sparql", "-q", STATES_Q, "-f", "csv", "-o"),
    }
    for name, args in cmds.items():
        p = cg(*args, str(tmp_path / name), umask=umask)
        assert p.returncode == 0, (name, p.stderr)
        assert _mode(tmp_path / name) == new_mode, (name, oct(_mode(tmp_path / name)))
    p = cg("export", "-f", "jsonld", "-o", str(tmp_path / "x.jsonld"), "--context-file", str(tmp_path / "ctx.json"), umask=umask)
    assert p.returncode == 0, p.stderr
    assert _mode(tmp_path / "ctx.json") == _mode(tmp_path / "x.jsonld") == new_mode
    assert sorted(x.name for x in tmp_path.iterdir()) == sorted([*cmds, "x.jsonld", "ctx.json"])  # no temp files left


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o664, 0o640])
def test_an_existing_file_keeps_its_mode(tmp_path, mode):
    out = tmp_path / "r.csv"
    out.write_text("old\n")
    out.chmod(mode)
    p = cg("query", "world-shares", "-f", "csv", "-o", str(out), umask=0o077)
    assert p.returncode == 0, p.stderr
    assert out.read_text().startswith("subjectLabel,worldMeasure,sharePercent")
    assert _mode(out) == mode
