"""The review sheet (cagraph.publish.review): one row per fact, exact columns, order, CSV hygiene, and the
round trip of a reviewer's verdicts back into the graph (library and CLI)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import typer
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import SKOS
from typer.testing import CliRunner

from cagraph.errors import InputError
from cagraph.publish.review import COLUMNS, import_verdicts, review_sheet, write_verdicts

CAG = Namespace("https://w3id.org/cagraph/ontology#")
CGR = Namespace("https://w3id.org/cagraph/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")

EXPECTED_COLUMNS = ["fact", "class", "statement", "value", "unit", "year or period", "quote", "document",
                    "section", "editorial note", "claim", "claimant", "claim kind", "factuality",
                    "reviewer verdict (correct, incorrect, unsure)", "reviewer comment"]


@pytest.fixture(scope="module")
def sheet(graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("review") / "sheet.csv"
    n = review_sheet(path, graph=graph)
    return path, n


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def fact_nodes(g: Graph) -> set:
    return {r[0] for r in g.query("""
        PREFIX cag: <https://w3id.org/cagraph/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?f WHERE { { ?f a ?c . ?c rdfs:subClassOf* cag:Fact } UNION { ?f a cag:Assertion } }""")}


def claim_nodes(g: Graph) -> set:
    return {r[0] for r in g.query("""
        PREFIX cag: <https://w3id.org/cagraph/ontology#>
        SELECT DISTINCT ?c WHERE { ?c cag:evidence ?q }""")}


def test_exact_columns_and_format(sheet):
    path, _ = sheet
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    data.decode("utf-8")
    first = data.split(b"\r\n", 1)[0].decode()
    assert first == ",".join(f'"{c}"' for c in EXPECTED_COLUMNS)
    assert COLUMNS == EXPECTED_COLUMNS
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert all(len(r) == len(EXPECTED_COLUMNS) for r in rows)
    assert data.endswith(b"\r\n")


def test_one_row_per_claim(sheet, graph):
    path, n = sheet
    rows = read(path)
    facts, claims = fact_nodes(graph), claim_nodes(graph)
    assert n == len(rows) == len(claims)
    assert {URIRef(r["fact"]) for r in rows} == facts
    assert {URIRef(r["claim"]) for r in rows} == claims
    classes = {r["class"] for r in rows}
    assert {"relation claim", "military exercise", "trade flow", "membership"} <= classes
    # the factuality column: the code, then its words
    assert {r["factuality"] for r in rows} >= {"CT+ certainly", "PS+ possibly", "CT- certainly not"}
    assert all(r["claimant"] and r["claim kind"] for r in rows)
    assert all(r["reviewer verdict (correct, incorrect, unsure)"] == "" and r["reviewer comment"] == "" for r in rows)
    assert all(r["statement"] and r["quote"] and r["document"] for r in rows)


def test_rows_sorted_by_document_then_position(sheet, graph):
    from cagraph.io.sources import document_text, normalize

    path, _ = sheet

    def key(fact: URIRef):
        keys = []
        claims = [fact] if (fact, CAG.evidence, None) in graph else list(graph.subjects(CAG.claimAbout, fact))
        for q in (q for c in claims for q in graph.objects(c, CAG.evidence)):
            doc = graph.value(q, OA.hasSource)
            text = document_text(str(graph.value(doc, CAG.sourceFile)))
            exact = next(graph.value(s, OA.exact) for s in graph.objects(q, OA.hasSelector) if graph.value(s, OA.exact) is not None)
            pos = text.find(normalize(str(exact)))
            keys.append((str(doc), pos if pos >= 0 else 10**9))
        return min(keys)

    ks = [key(URIRef(r["fact"])) for r in read(path)]
    assert ks == sorted(ks)


def test_statement_value_and_unit(sheet, graph):
    path, _ = sheet
    rows = read(path)
    flow = next(r for r in rows if r["statement"] == "China exported 12.389 billion USD to Uzbekistan in 2023 (+67.2 % on 2022)")
    assert (flow["class"], flow["value"], flow["unit"], flow["year or period"]) == ("trade flow", "12.389", "billion USD", "2023")
    assert "China's exports to Uzbekistan amounted to 12.389 billion dollars" in flow["quote"]
    assert flow["section"] == "UZBEKISTAN"
    noted = next(iter(sorted(graph.subjects(SKOS.editorialNote, None))))
    row = next(r for r in rows if r["fact"] == str(noted))
    assert row["editorial note"].lstrip("'") == "\n".join(sorted(str(o) for o in graph.objects(noted, SKOS.editorialNote)))


def _fill(path: Path, out: Path, verdicts: dict) -> None:
    """Play the reviewer: fill verdict/comment cells the way a spreadsheet saves them."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    iv, ic = header.index("reviewer verdict (correct, incorrect, unsure)"), header.index("reviewer comment")
    for r in rows[1:]:
        if r[0] in verdicts:
            r[iv], r[ic] = verdicts[r[0]]
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)  # minimal quoting, \r\n: what spreadsheets write


def test_round_trip_of_verdicts(sheet, graph, tmp_path):
    path, _ = sheet
    rows = read(path)
    f1, f2, f3 = (URIRef(rows[i]["fact"]) for i in (0, 5, 9))
    reviewed = tmp_path / "reviewed.csv"
    _fill(path, reviewed, {str(f1): ("correct", ""), str(f2): ("incorrect", 'The quote says "22 million", not 22.0; see p. 3'),
                           str(f3): ("", "Check the section heading")})
    got = import_verdicts(reviewed, graph=graph)
    want = Graph()
    want.add((f1, SKOS.editorialNote, Literal("Reviewer verdict: correct", lang="en")))
    want.add((f2, SKOS.editorialNote, Literal("Reviewer verdict: incorrect", lang="en")))
    want.add((f2, SKOS.note, Literal('The quote says "22 million", not 22.0; see p. 3', lang="en")))
    want.add((f3, SKOS.note, Literal("Check the section heading", lang="en")))
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        pytest.fail(f"only imported:\n{only_got.serialize(format='nt')}\nonly expected:\n{only_want.serialize(format='nt')}")
    # written as Turtle, it parses back to the same triples and shows up in the next sheet
    ttl = tmp_path / "reviews.ttl"
    write_verdicts(got, ttl)
    back = Graph().parse(ttl, format="turtle")
    assert isomorphic(back, want)
    merged = Graph()
    for t in graph:
        merged.add(t)
    for t in back:
        merged.add(t)
    again = tmp_path / "again.csv"
    review_sheet(again, graph=merged)
    row = next(r for r in read(again) if r["fact"] == str(f2))
    assert "Reviewer verdict: incorrect" in row["editorial note"]


def _set_factuality(path: Path, out: Path, changes: dict) -> None:
    """Play the reviewer: overwrite the factuality cell of the rows of some claims."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    ic, ifa = rows[0].index("claim"), rows[0].index("factuality")
    for r in rows[1:]:
        if r[ic] in changes:
            r[ifa] = changes[r[ic]]
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def test_factuality_column_round_trip(sheet, graph, tmp_path):
    path, _ = sheet
    rows = read(path)
    hedged = next(r for r in rows if r["claim"].endswith("/a-sco-led-by-russia"))
    assert hedged["factuality"] == "PS+ possibly" and hedged["claimant"].startswith("Author of")
    flat = next(r for r in rows if r["claim"].endswith("/a-sco-led-by-china"))
    assert flat["factuality"] == "CT+ certainly"
    reviewed = tmp_path / "factuality.csv"
    # one correction (CT+ -> PS+, written in lower case with other words), one unchanged cell
    _set_factuality(path, reviewed, {flat["claim"]: "ps+ as the reviewer reads it", hedged["claim"]: "PS+"})
    got = import_verdicts(reviewed, graph=graph)
    CAG = Namespace("https://w3id.org/cagraph/ontology#")
    assert set(got) == {(URIRef(flat["claim"]), CAG.reviewedFactuality, CAG.PSpos)}

    bad = tmp_path / "bad-factuality.csv"
    _set_factuality(path, bad, {flat["claim"]: "probable"})
    with pytest.raises(InputError, match=r"bad-factuality\.csv: row \d+: factuality 'probable' is not one of"):
        import_verdicts(bad, graph=graph)


def test_import_tolerates_bom_and_rejects_bad_sheets(sheet, graph, tmp_path):
    path, _ = sheet
    rows = read(path)
    bom = tmp_path / "bom.csv"
    _fill(path, bom, {rows[0]["fact"]: ("correct", "")})
    bom.write_bytes(b"\xef\xbb\xbf" + bom.read_bytes())
    assert len(import_verdicts(bom, graph=graph)) == 1

    unknown = tmp_path / "unknown.csv"
    unknown.write_text('fact,reviewer verdict,reviewer comment\r\n"https://w3id.org/cagraph/id/no-such-fact",incorrect,\r\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"unknown\.csv: row 2: .*no-such-fact is not a fact"):
        import_verdicts(unknown, graph=graph)

    bad_iri = tmp_path / "bad.csv"
    bad_iri.write_text('fact,reviewer verdict,reviewer comment\r\n"not an iri",incorrect,\r\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.csv: row 2: "):
        import_verdicts(bad_iri)

    no_cols = tmp_path / "nocols.csv"
    no_cols.write_text("a,b\r\n1,2\r\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        import_verdicts(no_cols)

    with pytest.raises(InputError, match="cannot read"):
        import_verdicts(tmp_path / "missing.csv")

    latin = tmp_path / "latin.csv"
    latin.write_bytes("fact,reviewer verdict,reviewer comment\r\nx,Öncü,\r\n".encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8"):
        import_verdicts(latin)


# ---------------------------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------------------------
def _app() -> typer.Typer:
    try:
        from cagraph.cli.main import app

        return app
    except ImportError:  # pragma: no cover - before cli.py exists
        from cagraph.cli.site import register

        app = typer.Typer()
        register(app)

        @app.callback()
        def main() -> None:
            """test app"""

        return app


def test_cli_review_sheet_and_import(sheet, tmp_path):
    path, n = sheet
    runner = CliRunner()
    app = _app()
    out = tmp_path / "cli.csv"
    res = runner.invoke(app, ["review-sheet", "--output", str(out)])
    assert res.exit_code == 0, res.output
    assert f"{n} facts" in res.output and out.read_bytes() == path.read_bytes()

    rows = read(path)
    reviewed = tmp_path / "reviewed.csv"
    _fill(path, reviewed, {rows[1]["fact"]: ("correct", "fine")})
    ttl = tmp_path / "reviews.ttl"
    res = runner.invoke(app, ["review-import", str(reviewed), "--output", str(ttl)])
    assert res.exit_code == 0, res.output
    assert "2 notes on 1 facts" in res.output
    assert len(Graph().parse(ttl, format="turtle")) == 2

    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\r\n", encoding="utf-8")
    res = runner.invoke(app, ["review-import", str(bad), "--output", str(tmp_path / "x.ttl")])
    assert res.exit_code == 2
    assert not (tmp_path / "x.ttl").exists()


def test_cli_docs_is_thin(monkeypatch, tmp_path):
    import cagraph.site.build as site
    from cagraph.site.build import SiteReport

    calls = []

    def fake(output, **kw):
        calls.append(output)
        return SiteReport(output=output, files=3, entities=2, documents=1, facts=5, queries=4, seconds=0.1)

    monkeypatch.setattr(site, "build_site", fake)
    res = CliRunner().invoke(_app(), ["docs", "--output", str(tmp_path / "s")])
    assert res.exit_code == 0, res.output
    assert calls == [tmp_path / "s"]
    assert "3 files (2 entities, 5 facts, 1 documents, 4 questions)" in res.output


def test_cli_docs_refuses_a_foreign_directory(tmp_path):
    d = tmp_path / "home"
    d.mkdir()
    (d / "notes.txt").write_text("mine")
    res = CliRunner().invoke(_app(), ["docs", "--output", str(d)])
    assert res.exit_code == 2
    assert (d / "notes.txt").read_text() == "mine"


# ---------------------------------------------------------------------------------------------
# The verdict vocabulary and spreadsheet row numbers (issue 16, item 9), through the console script
# ---------------------------------------------------------------------------------------------
def _cagraph(*args):
    import os
    import shutil
    import subprocess
    import sys

    exe = shutil.which("cagraph") or str(Path(sys.executable).parent / "cagraph")
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=300, env=os.environ.copy())


def _reviewed(path: Path, out: Path, cells: dict[int, tuple[str, str]]) -> list[list[str]]:
    """The sheet with (verdict, comment) written into the records of these 0-based numbers
    (0: the header), saved as a spreadsheet saves it."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    iv = rows[0].index("reviewer verdict (correct, incorrect, unsure)")
    for i, (verdict, comment) in cells.items():
        rows[i][iv], rows[i][iv + 1] = verdict, comment
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return rows


def test_unknown_verdict_names_its_spreadsheet_row(sheet, tmp_path):
    """"corect" exits 2 with one line naming the row as a spreadsheet shows it (header = row 1),
    after a comment with line breaks in it, and nothing is written; the three verdicts, in any
    case, are imported in lower case."""
    from cagraph.publish.review import VERDICTS

    assert list(VERDICTS) == ["correct", "incorrect", "unsure"]
    path, _ = sheet
    with path.open(encoding="utf-8", newline="") as fh:
        records = list(csv.reader(fh))
    reviewed, ttl = tmp_path / "reviewed.csv", tmp_path / "reviews.ttl"
    cells = {1: ("Correct", ""), 2: ("INCORRECT", "The quote says 16.6.\nThe table says 16.8.\nCheck."), 4: ("corect", "")}
    _reviewed(path, reviewed, cells)
    lines = reviewed.read_text(encoding="utf-8").splitlines()
    assert next(n for n, ln in enumerate(lines, start=1) if ",corect," in ln) == 7  # the CSV line; the row is 5
    p = _cagraph("review-import", str(reviewed), "--output", str(ttl))
    assert p.returncode == 2
    assert p.stderr == f"cagraph: error: {reviewed}: row 5: verdict 'corect' is not one of correct, incorrect, unsure\n"
    assert not ttl.exists()

    cells[4] = (" unsure ", "")
    _reviewed(path, reviewed, cells)
    p = _cagraph("review-import", str(reviewed), "--output", str(ttl))
    assert p.returncode == 0, p.stderr
    got = Graph().parse(ttl, format="turtle")
    assert sorted((str(s), str(o)) for s, o in got.subject_objects(SKOS.editorialNote)) == sorted([
        (records[1][0], "Reviewer verdict: correct"),
        (records[2][0], "Reviewer verdict: incorrect"),
        (records[4][0], "Reviewer verdict: unsure"),
    ])
    assert [str(o) for o in got.objects(URIRef(records[2][0]), SKOS.note)] == ["The quote says 16.6.\nThe table says 16.8.\nCheck."]


def test_the_vocabulary_is_in_the_sheet_the_help_and_the_docs(sheet):
    from cagraph.publish.review import VERDICTS

    path, _ = sheet
    header = next(csv.reader(path.open(encoding="utf-8", newline="")))
    assert header[-2] == "reviewer verdict (correct, incorrect, unsure)"
    for cmd in ("review-sheet", "review-import"):
        p = _cagraph(cmd, "--help")
        assert p.returncode == 0
        assert all(v in p.stdout for v in VERDICTS), (cmd, p.stdout)
    doc = (Path(__file__).resolve().parent.parent / "docs" / "review.md").read_text(encoding="utf-8")
    assert [v for v in VERDICTS if f"| `{v}` | {VERDICTS[v]} |" in doc] == list(VERDICTS)


def test_row_numbers_count_records_not_lines(tmp_path):
    """Rows are records: a quoted cell with a line break stays in its row, an empty line is a
    row; an invalid UTF-8 byte and malformed CSV name their row too."""
    sheet = tmp_path / "s.csv"
    sheet.write_text('fact,reviewer verdict,reviewer comment\r\n"cgr:x",correct,"two\r\nlines"\r\n\r\n'
                     '"cgr:y",wrong,\r\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"^.*s\.csv: row 4: verdict 'wrong' is not one of correct, incorrect, unsure$"):
        import_verdicts(sheet)
    latin = tmp_path / "latin.csv"
    latin.write_bytes('fact,reviewer verdict,reviewer comment\r\n"cgr:x","a\r\nb",\r\ncgr:y,Öncü,\r\n'.encode("latin-1"))
    with pytest.raises(InputError, match=r"latin\.csv: row 3: not valid UTF-8"):
        import_verdicts(latin)
    bad = tmp_path / "bad.csv"
    bad.write_text('fact,reviewer verdict,reviewer comment\r\ncgr:x,correct,\r\ncgr:y,correct,' + "x" * 200_000 + "\r\n",
                   encoding="utf-8")  # a cell over csv's field size limit
    with pytest.raises(InputError, match=r"bad\.csv: row 3: malformed CSV"):
        import_verdicts(bad)
