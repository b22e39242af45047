"""The CLI through typer's CliRunner, and once through the installed console script."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cagraph import __version__
from cagraph.cli.main import app

runner = CliRunner()


def run(*args, input=None):
    r = runner.invoke(app, list(args), input=input)
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r


def test_version_and_help():
    assert run("--version").stdout.strip() == f"cagraph {__version__}"
    for cmd in ("query", "sparql", "validate", "export", "stats", "queries", "build", "coverage", "push", "docs", "review-sheet", "serve"):
        r = run(cmd, "--help")
        assert r.exit_code == 0, cmd
        assert "Usage" in r.stdout


def test_queries_lists_names_titles_parameters():
    r = run("queries")
    assert r.exit_code == 0
    lines = {ln.split("\t")[0]: ln.split("\t") for ln in r.stdout.strip().splitlines()}
    assert len(lines) >= 25
    assert lines["trade-flows"][1] == "Trade flows with China"
    assert lines["trade-flows"][2] == "country:iri?, year:year?"
    assert "fact-without-quote-violation" in run("queries", "--qc").stdout


def test_query_formats_parse_back():
    import pyoxigraph as ox
    from rdflib.plugins.sparql.results.csvresults import CSVResultParser
    from rdflib.plugins.sparql.results.jsonresults import JSONResultParser
    from rdflib.plugins.sparql.results.xmlresults import XMLResultParser

    args = ("query", "trade-flows", "-p", "country=uzbekistan", "-p", "year=2023")
    js = run(*args, "-f", "json").stdout
    data = json.loads(js)
    rows = data["results"]["bindings"]
    assert {(r["exporter"]["value"], r["importer"]["value"], r["amount"]["value"]) for r in rows} >= {
        ("China", "Uzbekistan", "12.389"), ("Uzbekistan", "China", "1.644")}
    assert len(JSONResultParser().parse(io.StringIO(js)).bindings) == len(rows)
    xml = run(*args, "-f", "xml").stdout
    assert len(XMLResultParser().parse(io.BytesIO(xml.encode())).bindings) == len(rows)
    c = run(*args, "-f", "csv").stdout
    assert len(CSVResultParser().parse(io.StringIO(c)).bindings) == len(rows)
    assert next(csv.reader(io.StringIO(c)))[:3] == ["exporter", "importer", "period"]
    for fmt, oxfmt in (("tsv", ox.QueryResultsFormat.TSV), ("json", ox.QueryResultsFormat.JSON),
                       ("xml", ox.QueryResultsFormat.XML)):  # pyoxigraph refuses to parse CSV (lossy)
        out = run(*args, "-f", fmt).stdout
        assert len(list(ox.parse_query_results(out.encode(), format=oxfmt))) == len(rows)
    table = run(*args).stdout
    assert "12.389" in table and f"{len(rows)} rows" in table


def test_ask_and_construct():
    r = run("query", "is-member", "-p", "entity=india", "-p", "organization=sco", "-f", "json")
    assert json.loads(r.stdout) == {"head": {}, "boolean": True}
    r = run("query", "entity-graph", "-p", "entity=kyrgyzstan", "-f", "nt")
    assert r.exit_code == 0
    import rdflib

    g = rdflib.Graph().parse(data=r.stdout, format="nt")
    assert (rdflib.URIRef("https://w3id.org/cagraph/id/kyrgyzstan"), rdflib.RDFS.label, rdflib.Literal("Kyrgyzstan", lang="en")) in g


def test_inferred_sees_inverse_properties():
    q = ("PREFIX cag: <https://w3id.org/cagraph/ontology#> PREFIX cgr: <https://w3id.org/cagraph/id/> "
         "ASK { cgr:world-bank cag:hasAlternative cgr:aiib }")
    assert json.loads(run("sparql", "-", "-f", "json", input=q).stdout)["boolean"] is False
    assert json.loads(run("sparql", "-", "-f", "json", "--inferred", input=q).stdout)["boolean"] is True
    assert json.loads(run("sparql", "-", "-f", "json", "--inferred", "--engine", "rdflib", input=q).stdout)["boolean"] is True


def test_output_file_is_written_atomically(tmp_path):
    out = tmp_path / "r.csv"
    r = run("query", "world-shares", "-f", "csv", "-o", str(out))
    assert r.exit_code == 0
    assert out.read_text().startswith("subjectLabel,worldMeasure,sharePercent")
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]


@pytest.mark.parametrize("args, message", [
    (("query", "trade-flow"), "unknown query 'trade-flow'; did you mean 'trade-flows'?"),
    (("query", "trade-flows", "-p", "year=20x3"), "parameter year (year): '20x3' is not a four-digit year"),
    (("query", "trade-flows", "-p", "colour=red"), "query trade-flows has no parameter 'colour'"),
    (("query", "trade-flows", "-p", "year"), "--param 'year': expected NAME=VALUE"),
    (("query", "trade-flows", "-o", "/nonexistent-dir/x.csv"), "/nonexistent-dir/x.csv: cannot write"),
    (("sparql", "/nonexistent.rq"), "/nonexistent.rq: cannot read query"),
])
def test_usage_errors_are_one_line_exit_2(args, message):
    r = run(*args)
    assert r.exit_code == 2
    assert r.stderr.strip() == f"cagraph: error: {message}" or message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr + r.stdout


def test_unknown_format_is_usage_error():
    r = run("query", "trade-flows", "-f", "yaml")
    assert r.exit_code == 2
    assert "Traceback" not in r.stderr


def test_sparql_syntax_error_and_updates(tmp_path):
    r = run("sparql", "-", input="SELECT ?x WHERE { ?x ?y }}")
    assert r.exit_code == 2 and r.stderr.startswith("cagraph: error: SPARQL syntax error")
    r = run("sparql", "-", input="DROP ALL")
    assert r.exit_code == 2 and "updates are refused" in r.stderr


def test_saved_query_with_syntax_error(tmp_path, monkeypatch):
    qdir = tmp_path / "queries"
    qdir.mkdir()
    (qdir / "broken.rq").write_text("# # Broken\n#\n# **Question:** ?\n# **Parameters:** none\n\nSELECT ?x WHERE { ?x ?y }\n")
    import cagraph.paths as paths

    monkeypatch.setattr(paths, "QUERIES_DIR", qdir)
    r = run("query", "broken")
    assert r.exit_code == 2
    assert "syntax error" in r.stderr.lower()


def test_turtle_syntax_error_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix cgr: <https://w3id.org/cagraph/id/> .\n\ncgr:x cgr:y \"unterminated .\n")
    r = run("validate", "--data", str(bad))
    assert r.exit_code == 2
    assert f"{bad}:3: Turtle syntax error" in r.stderr


def test_export_formats_and_failed_export_leaves_previous_file(tmp_path, monkeypatch):
    import rdflib

    for fmt, parse in (("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml")):
        out = tmp_path / f"g.{fmt}"
        r = run("export", "-f", fmt, "-o", str(out))
        assert r.exit_code == 0
        assert len(rdflib.Graph().parse(out, format=parse)) > 5000
    out = tmp_path / "g.turtle"
    before = out.read_bytes()
    import cagraph.publish.export as export

    def boom(*a, **k):
        raise MemoryError

    monkeypatch.setattr(export, "quads", boom)
    r = run("export", "-f", "turtle", "-o", str(out))
    assert r.exit_code == 2
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["g.turtle", "g.nt", "g.jsonld", "g.xml"])


def test_stats():
    r = run("stats", "-f", "csv")
    assert r.exit_code == 0
    assert "triples" in r.stdout and "TradeFlow" in r.stdout and "SourceDocument" not in r.stdout.split("kind,facts")[0][-5:]


def test_validate_conforms():
    r = run("validate")
    assert r.exit_code == 0, r.stdout[-2000:] + r.stderr
    assert r.stdout.strip().splitlines()[-1].startswith("conforms: 0 SHACL violation(s), 0 provenance problem(s), 0 QC error(s)")


def test_validate_fails_with_exit_1_on_bad_data(tmp_path):
    from cagraph import paths

    bad = tmp_path / "facts.ttl"
    src = (paths.DATA_DIR / "eurasia-center-2024.ttl").read_text()
    bad.write_text(src.replace('cag:amount 12.389', 'cag:amount 12.398'))
    files = [str(p) for p in paths.data_files() if p.name != "eurasia-center-2024.ttl"] + [str(bad)]
    r = run("validate", "--alone", "--verbose", *sum((["--data", f] for f in files), []))
    assert r.exit_code == 1
    assert "figure-in-quote" in r.stdout and "12.398" in r.stdout


def test_coverage_is_complete():
    r = run("coverage", "-f", "csv")
    assert r.exit_code == 0, r.stdout
    assert "0 gap(s)" in r.stderr


def test_installed_console_script_runs_a_canned_query():
    exe = shutil.which("cagraph") or str(Path(sys.executable).parent / "cagraph")
    p = subprocess.run([exe, "query", "trade-flows", "-p", "country=uzbekistan", "-f", "csv"],
                       capture_output=True, text=True, timeout=120, env=os.environ.copy())
    assert p.returncode == 0, p.stderr
    assert "China,Uzbekistan,2023,2023,12.389,billion,USD" in p.stdout
    p = subprocess.run([exe, "query", "nope"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and p.stderr.startswith("cagraph: error: unknown query")


def test_missing_optional_engines_are_one_line_errors(monkeypatch):
    """pyshacl-turbo and reasonable are optional (the ``fast`` extra): asked for without them
    installed, a one-line error naming the extra, exit 2, no traceback."""
    import sys

    from typer.testing import CliRunner

    from cagraph.cli.main import app

    for mod in ("pyshacl_turbo", "reasonable"):
        monkeypatch.setitem(sys.modules, mod, None)  # import raises ImportError
    from cagraph.errors import CagraphError
    from cagraph.build.reason import inferred_triples
    from rdflib import Graph

    with pytest.raises(CagraphError, match=r"cagraph\[fast\]"):
        list(inferred_triples(Graph(), reasoner="reasonable"))
    res = CliRunner().invoke(app, ["validate", "--shacl-engine", "turbo"])
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert res.exit_code == 2
    assert res.stderr.strip() == "cagraph: error: --shacl-engine turbo needs pyshacl-turbo: pip install 'cagraph[fast]'"


# ---------------------------------------------------------------------------------------------
# validate --data: with the bundled graph, ROBOT-style table, file:line (issue 16, item 8)
# ---------------------------------------------------------------------------------------------
CAGRAPH = shutil.which("cagraph") or str(Path(sys.executable).parent / "cagraph")

NEW_FACTS = """\
@prefix cag: <https://w3id.org/cagraph/ontology#> .
@prefix cgr: <https://w3id.org/cagraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

# China's exports to itself: the importer is the exporter.
cgr:flow-cn-cn-2022-exports a cag:TradeFlow ;
    rdfs:label "China's exports to China, 2022"@en ;
    cag:exporter cgr:china ;
    cag:importer cgr:china ;
    cag:amount 16.6 ;
    cag:scale cag:billion ;
    cag:currency "USD" ;
    cag:period cgr:period-2022 ;
    cag:year 2022 .

# No claimant.
cgr:claim-flow-cn-cn-2022-exports a cag:Claim ;
    cag:claimAbout cgr:flow-cn-cn-2022-exports ;
    cag:evidence cgr:q-ec-economic-1 ;
    cag:statedIn cgr:doc-eurasia-center-2024 ;
    cag:factuality cag:CTpos ;
    cag:claimKind cag:ReportedFact .
"""


def _cagraph(*args, cwd=None):
    return subprocess.run([CAGRAPH, *args], capture_output=True, text=True, timeout=600, cwd=cwd,
                          env=os.environ.copy())


def test_validate_data_with_the_bundled_graph_reports_a_table_then_every_row(tmp_path):
    """The installed console script. The new file's cgr:china and cgr:period-2022 are found in
    the bundled graph, so only its two real violations are reported: counted per rule by
    default, one row each with file:line under --verbose; exit 1."""
    from cagraph import paths

    (tmp_path / "new-facts.ttl").write_text(NEW_FACTS)
    n_files = len(paths.graph_files()) + 1
    p = _cagraph("validate", "--data", "new-facts.ttl", cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    table = ["level  check  rule                           count",
             "ERROR  shacl  cagsh:ClaimShape-claimant          1",
             "ERROR  shacl  cagsh:TradeFlowShape-exporter      1"]
    assert p.stdout.splitlines() == table
    summary = f"does not conform: 2 SHACL violation(s), 0 provenance problem(s), 0 QC error(s) in {n_files} file(s)"
    assert p.stderr.splitlines() == ["cagraph: --verbose lists every row with its file:line", summary]

    p = _cagraph("validate", "--data", "new-facts.ttl", "--verbose", cwd=tmp_path)
    assert p.returncode == 1
    assert p.stdout.splitlines() == table + [
        "new-facts.ttl:17: ERROR cagsh:ClaimShape-claimant: cgr:claim-flow-cn-cn-2022-exports cag:claimant: "
        "A claim has exactly one cag:claimant, a cag:Agent (the author, or the actor the text reports).",
        "new-facts.ttl:6: ERROR cagsh:TradeFlowShape-exporter: cgr:flow-cn-cn-2022-exports cag:exporter cgr:china: "
        "A trade flow has exactly one cag:exporter, a cag:Place (state or region) other than its importer.",
    ]
    assert p.stderr.splitlines() == [summary]
    lines = NEW_FACTS.splitlines()
    assert lines[16].startswith("cgr:claim-flow-cn-cn-2022-exports ") and lines[5].startswith("cgr:flow-cn-cn-2022-exports ")


def test_validate_data_alone_and_warnings(tmp_path):
    """--alone checks the file with the ontology only (cgr:china is then no cag:Place): errors
    first, warnings after; a file with warnings only exits 0; --alone without --data is a usage
    error."""
    (tmp_path / "new-facts.ttl").write_text(NEW_FACTS)
    p = _cagraph("validate", "--data", "new-facts.ttl", "--alone", cwd=tmp_path)
    assert p.returncode == 1
    rows = [line.split() for line in p.stdout.splitlines()[1:]]
    assert ["ERROR", "shacl", "cagsh:TradeFlowShape-importer", "1"] in rows
    assert [r[0] for r in rows] == sorted((r[0] for r in rows), key=["ERROR", "WARN", "INFO"].index)
    assert rows[-1][:3] == ["WARN", "qc", "class-without-instances-or-subclasses"] and int(rows[-1][3]) > 40
    assert p.stderr.splitlines()[-1].endswith(f"; {rows[-1][3]} warning(s), 0 info")

    (tmp_path / "summit.ttl").write_text(
        "@prefix cag: <https://w3id.org/cagraph/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\n"
        'cag:Summit a owl:Class ;\n    rdfs:label "summit"@en ;\n'
        '    skos:definition "A meeting of heads of state."@en ;\n'
        "    rdfs:isDefinedBy <https://w3id.org/cagraph/ontology> .\n")
    p = _cagraph("validate", "--data", "summit.ttl", "--verbose", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines()[:3] == [
        "level  check  rule                                   count",
        "WARN   qc     class-without-instances-or-subclasses      1",
        "summit.ttl:6: WARN class-without-instances-or-subclasses: cag:Summit rdf:type: Class without instances or subclasses",
    ]
    assert p.stdout.splitlines()[-1].startswith("conforms: 0 SHACL violation(s)")

    p = _cagraph("validate", "--alone")
    assert p.returncode == 2 and p.stderr == "cagraph: error: --alone: give the files to check with --data FILE\n"


def test_serve_without_the_oxigraph_command_is_one_line_exit_2(monkeypatch, tmp_path):
    """``cagraph serve`` needs the ``oxigraph`` command (the ``serve`` extra): without it, or with
    one of another release series than pyoxigraph (which wrote the store), one line and exit 2.
    The server itself is tested in tests/test_serve.py."""
    import pyoxigraph

    import cagraph.publish.serve as serve
    from cagraph.errors import CagraphError

    monkeypatch.setattr(serve, "find_oxigraph", lambda: None)
    res = runner.invoke(app, ["serve", "--port", "7999"])
    assert res.exit_code == 2
    assert res.stderr == ("cagraph: error: cagraph serve needs the oxigraph command: pip install 'cagraph[serve]' "
                          "(the oxigraph package, same 0.5 series as pyoxigraph)\n")
    old = tmp_path / "oxigraph"
    old.write_text("#!/bin/sh\necho 'oxigraph 0.4.11'\n")
    old.chmod(0o755)
    with pytest.raises(CagraphError, match=rf"is oxigraph 0\.4\.11; the store is written by pyoxigraph {pyoxigraph.__version__}"):
        serve.server_command(port=7999, oxigraph=str(old))
    with pytest.raises(CagraphError, match=r"^--port 70000: not a TCP port"):
        serve.check_port(70000)
