"""The review site (cagraph.site): links, offline, determinism, coverage, charts, hostile data,
and rendering in headless Chromium (skipped when no Chromium is installed).

Set ``CAGRAPH_SCREENSHOTS=/some/dir`` to keep the browser screenshots for a look.
"""
from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import add_claim, add_quote
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from cagraph.errors import OutputError
from cagraph.site import CSP, MARKER, SEARCH_CSP
from cagraph.site.build import build_site
from cagraph.site.model import slug

CAG = Namespace("https://w3id.org/cagraph/ontology#")
CGR = Namespace("https://w3id.org/cagraph/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '=HYPERLINK("http://x","y")',
           "+1", "-1", "@SUM(A1)"]


# ---------------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site(graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    report = build_site(out, graph=graph)
    return out, report


def hostile_graph(graph: Graph) -> Graph:
    """The bundled graph plus two entities and two facts whose texts are hostile."""
    g = Graph()
    for p, ns in graph.namespaces():
        g.bind(p, ns)
    for t in graph:
        g.add(t)
    a, b = CGR["hostile-a"], CGR["hostile-b"]
    g.add((a, RDF.type, CAG.State))
    g.add((a, SKOS.prefLabel, Literal(HOSTILE[0], lang="en")))
    g.add((a, RDFS.label, Literal(HOSTILE[0], lang="en")))
    for alt in HOSTILE[1:]:
        g.add((a, SKOS.altLabel, Literal(alt, lang="en")))
    g.add((b, RDF.type, CAG.Organization))
    g.add((b, SKOS.prefLabel, Literal(HOSTILE[2], lang="en")))
    g.add((b, RDFS.label, Literal(HOSTILE[2], lang="en")))
    q = add_quote(g, CGR["q-hostile"], " ".join([HOSTILE[2]] + HOSTILE[:2] + HOSTILE[3:]),
                  document=CGR["doc-eurasia-center-2024"], section_title="-1")
    f1 = CGR["a-hostile-b-alternative-hostile-a"]
    g.add((b, CAG.alternativeTo, a))
    g.add((f1, RDF.type, CAG.Assertion))
    g.add((f1, CAG.assertedSubject, b))
    g.add((f1, CAG.assertedPredicate, CAG.alternativeTo))
    g.add((f1, CAG.assertedObject, a))
    add_claim(g, f1, q, document=CGR["doc-eurasia-center-2024"], claimant=b)
    g.add((f1, SKOS.editorialNote, Literal("@SUM(A1) " + HOSTILE[1], lang="en")))
    f2 = CGR["flow-cn-hostile-2023"]
    g.add((f2, RDF.type, CAG.TradeFlow))
    g.add((f2, CAG.exporter, CGR["china"]))
    g.add((f2, CAG.importer, a))
    g.add((f2, CAG.amount, Literal("1.5", datatype=XSD.decimal)))
    g.add((f2, CAG.scale, CAG.billion))
    g.add((f2, CAG.currency, Literal("USD")))
    g.add((f2, CAG.qualifier, Literal(HOSTILE[0])))
    g.add((f2, CAG.period, CGR["period-2023"]))
    g.add((f2, CAG.year, Literal(2023)))
    add_claim(g, CGR["claim-flow-cn-hostile-2023"], q, document=CGR["doc-eurasia-center-2024"], about=f2,
              factuality="PSpos")
    return g


@pytest.fixture(scope="module")
def hostile(graph):
    return hostile_graph(graph)


@pytest.fixture(scope="module")
def hostile_site(hostile, tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile") / "site"
    build_site(out, graph=hostile)
    return out


# ---------------------------------------------------------------------------------------------
# A small crawler
# ---------------------------------------------------------------------------------------------
class PageParser(HTMLParser):
    URL_ATTRS = {"href", "src", "xlink:href", "action", "poster", "data"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, attr, url)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        d = {k: (v or "") for k, v in attrs}
        self.tags.append((tag, d))
        if "id" in d:
            self.ids.add(d["id"])
        if tag == "a" and "name" in d:
            self.ids.add(d["name"])
        for k, v in d.items():
            if k in self.URL_ATTRS or (k == "srcset"):
                self.links.append((tag, k, v))

    handle_startendtag = handle_starttag


def parse_html(path: Path) -> PageParser:
    p = PageParser()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def crawl(root: Path) -> dict[Path, PageParser]:
    return {p: parse_html(p) for p in sorted(root.rglob("*.html"))}


# ---------------------------------------------------------------------------------------------
# Structure, links, offline
# ---------------------------------------------------------------------------------------------
def test_site_has_the_expected_pages(site):
    out, report = site
    for rel in ("index.html", "ontology/index.html", "ontology/diagram.html", "questions.html",
                "charts/trade.html", "charts/corridors.html", "charts/exercises.html", MARKER):
        assert (out / rel).is_file(), rel
    assert report.entities > 100 and report.facts > 100 and report.documents == 2
    assert report.ontology_reference == "pylode"
    assert report.diagram == ("graphviz" if shutil.which("dot") else "fallback")


def test_every_local_link_resolves(site):
    out, _ = site
    pages = crawl(out)
    assert len(pages) > 100
    broken = []
    root = out.resolve()
    for page, parsed in pages.items():
        for tag, attr, url in parsed.links:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "mailto", "data"):
                continue
            assert not parts.scheme, f"{page}: unexpected URL scheme in {url!r}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            if root not in target.parents and target != root:
                broken.append((page, url, "outside the site"))
                continue
            if not target.is_file():
                broken.append((page, url, "no such file"))
                continue
            if parts.fragment:
                ids = pages[target].ids if target in pages else set()
                if unquote(parts.fragment) not in ids:
                    broken.append((page, url, "no such fragment"))
    assert not broken, "\n".join(f"{p.relative_to(out)}: {u} ({why})" for p, u, why in broken[:30])


def test_no_remote_resources_and_csp_everywhere(site):
    out, _ = site
    with_scripts = []
    for page, parsed in crawl(out).items():
        text = page.read_text(encoding="utf-8")
        assert 'http-equiv="Content-Security-Policy"' in text, page
        for tag, attr, url in parsed.links:
            if tag == "a":
                continue  # a hyperlink the reader may follow, not a resource the page loads
            assert not re.match(r"(?i)\s*(https?:)?//", url), f"{page}: <{tag} {attr}={url!r}> loads a remote resource"
        for tag, d in parsed.tags:
            if tag == "script" and d.get("type") != "application/ld+json":
                # same-origin scripts only: a relative src inside the site, never inline
                assert d.get("src") and not urlsplit(d["src"]).scheme, f"{page}: inline or remote <script> {d}"
                assert (page.parent / d["src"]).resolve().is_file(), f"{page}: missing script {d['src']}"
                with_scripts.append(page.relative_to(out).as_posix())
            if tag == "link" and "stylesheet" in d.get("rel", ""):
                assert not urlsplit(d.get("href", "")).scheme and (page.parent / d["href"]).resolve().is_file(), \
                    f"{page}: remote or missing stylesheet {d}"
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text).group(1)
        csp = html_unescape(csp)
        assert csp == (SEARCH_CSP if page.name == "search.html" else CSP), page
        assert not re.search(r"@import\s+url\(\s*['\"]?https?:", text), page
    assert sorted(set(with_scripts)) == ["search.html"]


def test_csp_forbids_scripts():
    assert "default-src 'none'" in CSP and "script-src" not in CSP
    # the search page: scripts of the site itself (and WebAssembly), nothing inline, no eval
    directives = dict(d.strip().split(" ", 1) for d in SEARCH_CSP.split(";"))
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval'"
    assert directives["default-src"] == "'none'" and directives["connect-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval'" not in directives["script-src"].replace("wasm-unsafe-eval'", "")


def test_deterministic(site, graph, tmp_path):
    out, _ = site
    again = tmp_path / "again"
    build_site(again, graph=graph)
    a = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    b = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert a == b
    differ = [str(rel) for rel in a if (out / rel).read_bytes() != (again / rel).read_bytes()]
    assert not differ, differ[:10]



def test_questions_page_does_not_depend_on_the_hash_seed():
    """The questions page runs the saved queries on an in-memory store, which answers in the order
    the triples came in (GROUP_CONCAT's parts, such as a corridor's members), and rdflib iterates a
    graph in an order that follows Python's string hashing: three processes with three hash seeds
    give the same page (before the fix, the members moved from one build to the next)."""
    import sys

    script = ("import sys; from cagraph.io.load import load_graph; from cagraph.site.build import SiteBuilder; "
              "b = SiteBuilder(load_graph()); b.questions_page(); sys.stdout.buffer.write(b.files['questions.html'])")
    pages = [subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed},
                            capture_output=True, check=True, timeout=300).stdout for seed in ("1", "2", "3")]
    assert b"Economic Corridor" in pages[0]
    assert pages[0] == pages[1] == pages[2]


def test_rebuild_replaces_a_site_but_refuses_other_directories(graph, tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    with pytest.raises(OutputError):
        build_site(out, graph=graph, run_queries=False)
    assert (out / "precious.txt").read_text() == "keep me"
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(OutputError):
        build_site(f, graph=graph, run_queries=False)
    site_dir = tmp_path / "site"
    build_site(site_dir, graph=graph, run_queries=False)
    (site_dir / "stale.html").write_text("old")
    build_site(site_dir, graph=graph, run_queries=False)
    assert not (site_dir / "stale.html").exists() and (site_dir / "index.html").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary directories left behind"


# ---------------------------------------------------------------------------------------------
# Coverage of the graph
# ---------------------------------------------------------------------------------------------
def _fact_nodes(g: Graph) -> set:
    rows = g.query("""
        PREFIX cag: <https://w3id.org/cagraph/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?f WHERE { { ?f a ?c . ?c rdfs:subClassOf* cag:Fact } UNION { ?f a cag:Assertion } }""")
    return {r[0] for r in rows}


def test_every_entity_has_a_page(site, graph):
    out, _ = site
    facts = _fact_nodes(graph)
    events = {r[0] for r in graph.query("""
        PREFIX cag: <https://w3id.org/cagraph/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?e WHERE { ?e a ?c . ?c rdfs:subClassOf* cag:Event }""")}
    # records of the graph, not things the documents talk about: quotes and their selectors,
    # sections, periods and their instants, documents, claims
    skip_types = {CAG.Quote, CAG.Period, CAG.SourceDocument, CAG.Section, CAG.Claim, CAG.Assertion,
                  URIRef("http://www.w3.org/ns/oa#TextQuoteSelector"), URIRef("http://www.w3.org/ns/oa#TextPositionSelector"),
                  URIRef("http://www.w3.org/2006/time#Instant")}
    missing = []
    n = 0
    for s in set(graph.subjects(SKOS.prefLabel, None)) | set(graph.subjects(RDF.type, None)):
        if not isinstance(s, URIRef) or not str(s).startswith(str(CGR)):
            continue
        types = set(graph.objects(s, RDF.type))
        if types & skip_types or (s in facts and s not in events):
            continue
        page = out / "entity" / f"{slug(s)}.html"
        n += 1
        if not page.is_file():
            missing.append(str(s))
    assert n > 100
    assert not missing, missing[:20]
    china = (out / "entity" / "china.html").read_text(encoding="utf-8")
    assert "<h1>China</h1>" in china and "CHN" in china


def test_every_fact_is_on_its_document_page(site, graph):
    out, _ = site
    pages = {}
    missing = []
    for f in _fact_nodes(graph):
        claim = f if (f, CAG.evidence, None) in graph else next(iter(sorted(graph.subjects(CAG.claimAbout, f))), None)
        doc = graph.value(claim, CAG.statedIn) if claim is not None else None
        assert doc is not None, f"{f} has no document"
        path = out / "document" / f"{slug(doc)}.html"
        if path not in pages:
            pages[path] = parse_html(path).ids
        if f"f-{slug(f)}" not in pages[path]:
            missing.append(str(f))
    assert not missing, missing[:20]


def test_document_page_lists_facts_in_document_order(site, graph):
    from cagraph.io.sources import document_text, normalize

    out, _ = site
    doc = CGR["doc-eurasia-center-2024"]
    text = document_text(str(graph.value(doc, CAG.sourceFile)))
    page = (out / "document" / "doc-eurasia-center-2024.html").read_text(encoding="utf-8")
    positions = []
    for qid in re.findall(r'<blockquote id="q-([a-z0-9-]+)">', page):
        q = CGR[qid]
        positions.append(text.find(normalize(str(graph.value(q, OA.exact)))))
    assert len(positions) > 20
    assert positions == sorted(positions)


def test_sentences_and_editorial_notes(site, graph):
    out, _ = site
    uz = (out / "entity" / "uzbekistan.html").read_text(encoding="utf-8")
    plain = re.sub(r"<[^>]+>", "", uz)
    assert "China exported 12.389 billion USD to Uzbekistan in 2023 (+67.2 % on 2022)" in plain
    assert "China's exports to Uzbekistan amounted to 12.389 billion dollars" in plain.replace("&#39;", "'")
    noted = next(iter(sorted(graph.subjects(SKOS.editorialNote, None))))
    assert noted is not None
    html = "".join(p.read_text(encoding="utf-8") for p in (out / "document").glob("*.html"))
    assert '<div class="note"><strong>Editorial note:</strong>' in html


def test_questions_page_runs_every_saved_query(site):
    from cagraph.query.catalogue import catalogue

    out, report = site
    page = (out / "questions.html").read_text(encoding="utf-8")
    cat = catalogue()
    assert report.queries == len(cat)
    for name, q in cat.items():
        assert f'id="q-{slug(name)}"' in page
    assert page.count("<pre>") == len(cat)
    # results link entities to their pages
    assert re.search(r'<td><a href="entity/[a-z0-9-]+\.html">', page) or not cat


# ---------------------------------------------------------------------------------------------
# Pictures
# ---------------------------------------------------------------------------------------------
def _bars(page: str, cls: str = "bar") -> list[dict]:
    return [dict(re.findall(r'(data-[a-z]+)="([^"]*)"', m.group(0))) | {"_": m.group(0)}
            for m in re.finditer(rf'<g class="{cls}"[^>]*>.*?</g>', page, re.S)]


def h(bar: dict) -> float:
    """The height of a bar: matplotlib draws it as a closed path (M x y L ... z)."""
    ys = [float(y) for y in re.findall(r"[ML] [0-9.]+ ([0-9.]+)", re.search(r'<path d="([^"]+)"', bar["_"]).group(1))]
    return max(ys) - min(ys)


def test_trade_chart_has_china_uzbekistan_2023(site):
    out, _ = site
    page = (out / "charts" / "trade.html").read_text(encoding="utf-8")
    bars = _bars(page)
    exp = [b for b in bars if b["data-exporter"] == "china" and b["data-importer"] == "uzbekistan" and b["data-period"] == "2023"]
    imp = [b for b in bars if b["data-exporter"] == "uzbekistan" and b["data-importer"] == "china" and b["data-period"] == "2023"]
    assert len(exp) == 1 and len(imp) == 1
    exp, imp = exp[0], imp[0]
    assert (exp["data-amount"], exp["data-scale"], exp["data-usd"]) == ("12.389", "billion", "12389000000")
    assert (imp["data-amount"], imp["data-scale"], imp["data-usd"]) == ("1.644", "billion", "1644000000")
    assert ">12.389 bn</text>" in exp["_"] and ">1.644 bn</text>" in imp["_"]
    assert h(exp) / h(imp) == pytest.approx(12.389 / 1.644, rel=0.02)
    # the quote is in the bar's <title> (hover) and in the caption list
    assert "China's exports to Uzbekistan amounted to 12.389 billion dollars" in html_unescape(exp["_"])
    captions = page[page.index('id="trade-uzbekistan"'):]
    assert "<q>In 2023, the total bilateral trade volume reached 14.033 billion dollars" in captions


def test_corridor_network_and_exercise_timeline(site, graph):
    out, _ = site
    net = (out / "charts" / "corridors.html").read_text(encoding="utf-8")
    corridors = {slug(c) for c in graph.subjects(RDF.type, CAG.EconomicCorridor)}
    assert len(corridors) == 6
    for c in corridors:
        assert f'class="corridor" data-corridor="{c}"' in net
    assert 'data-corridor="new-eurasian-land-bridge" data-place="poland"' in net
    tl = (out / "charts" / "exercises.html").read_text(encoding="utf-8")
    exercises = set(graph.subjects(RDF.type, CAG.MilitaryExercise))
    assert tl.count('class="exercise"') == len(exercises) > 0
    assert 'data-year="2022"' in tl and "Tianlong-2022" in tl


def test_common_scale_chart_puts_the_five_states_on_one_axis(site, graph):
    out, _ = site
    page = (out / "charts" / "trade.html").read_text(encoding="utf-8")
    svg = re.search(r'<svg class="trade-chart-common" data-states="([^"]+)".*?</svg>', page, re.S)
    assert svg is not None
    assert svg.group(1).split() == ["kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan"]
    common = _bars(svg.group(0), "common-bar")
    per_state = _bars(page)  # the bars of the five charts with a scale each
    key = lambda b: (b["data-fact"], b["data-usd"])  # noqa: E731
    assert sorted(map(key, common)) == sorted(map(key, per_state)) and len(common) == 9
    assert {b["data-state"] for b in common} == {"kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan"}
    # one y axis: a single axes group, and bar heights proportional to dollars across states
    assert len(re.findall(r'<g id="common-matplotlib\.axis_2"', svg.group(0))) == 1
    uz = next(b for b in common if b["data-fact"] == "cgr:flow-cn-uz-2023-exports")
    for b in common:
        assert h(b) / h(uz) == pytest.approx(float(b["data-usd"]) / 12389000000, rel=0.01, abs=0.002), b["data-fact"]
    # each state's own chart has its own scale: the same dollars are not the same height there
    kg = next(b for b in per_state if b["data-exporter"] == "china" and b["data-importer"] == "kyrgyzstan")
    kg_common = next(b for b in common if b["data-fact"] == kg["data-fact"])
    assert h(kg_common) < h(kg) / 2


def _console_script() -> str:
    import sys

    exe = Path(sys.executable).parent / "cagraph"
    assert exe.is_file(), "the cagraph console script is not installed beside this Python"
    return str(exe)


def _saved_query(name: str) -> list[dict]:
    import json

    res = subprocess.run([_console_script(), "query", name, "-f", "json"], capture_output=True, timeout=300, check=True)
    doc = json.loads(res.stdout)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def test_cli_and_site_agree_on_exercises_and_corridor_members(site, graph):
    """`cagraph query exercises` / `corridor-members` (the installed console script) and the
    site's timeline and corridor network show the same exercises and the same members."""
    out, _ = site
    label = lambda n: str(graph.value(n, RDFS.label))  # noqa: E731
    by_slug = {slug(s): s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}
    tl = (out / "charts" / "exercises.html").read_text(encoding="utf-8")
    site_exercises = {label(CGR[c]) for c in re.findall(r'class="exercise" data-fact="cgr:([^"]+)"', tl)}
    cli_exercises = {r["exerciseLabel"] for r in _saved_query("exercises")}
    assert cli_exercises == site_exercises
    assert len(cli_exercises) == len(set(graph.subjects(RDF.type, CAG.MilitaryExercise))) == 9
    net = (out / "charts" / "corridors.html").read_text(encoding="utf-8")
    site_members: dict = {}
    for c, p in re.findall(r'class="edge" data-corridor="([^"]+)" data-place="([^"]+)"', net):
        site_members.setdefault(label(by_slug[c]), set()).add(label(by_slug[p]))
    cli_members = {r["corridorLabel"]: set(r["covers"].split(", ")) for r in _saved_query("corridor-members")}
    assert cli_members == site_members
    assert "Asia" not in site_members["China-Central Asia-West Asia Economic Corridor"]  # connects, not covers


# ---------------------------------------------------------------------------------------------
# Hostile data
# ---------------------------------------------------------------------------------------------
def test_hostile_labels_are_text(hostile_site):
    out = hostile_site
    page = out / "entity" / "hostile-a.html"
    assert page.is_file()
    for p in sorted(out.rglob("*.html")):
        text = p.read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in text, p
        assert "<img src=x onerror=alert(1)>" not in text, p
        for tag, d in parse_html(p).tags:
            assert tag != "img" or "onerror" not in d, p
            assert tag != "script" or d.get("type") == "application/ld+json" or (
                p.name == "search.html" and d.get("src") in ("pagefind/pagefind-ui.js", "assets/search.js")), p
    text = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in text
    assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)" in text
    assert "@SUM(A1)" in text
    # the hostile state is in the index and the trade chart, escaped there too
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (out / "index.html").read_text(encoding="utf-8")


def test_hostile_review_sheet_is_neutralized(hostile, tmp_path):
    from cagraph.publish.review import review_sheet

    path = tmp_path / "sheet.csv"
    review_sheet(path, graph=hostile)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    row = next(r for r in rows if r["fact"].endswith("/a-hostile-b-alternative-hostile-a"))
    assert row["statement"].startswith("'=HYPERLINK(")
    assert row["quote"].startswith("'=HYPERLINK(")
    assert row["section"] == "'-1"
    assert row["editorial note"].startswith("'@SUM(A1)")
    for r in rows:
        for k, v in r.items():
            assert not v.startswith(("=", "+", "-", "@", "\t", "\r")), (k, v)


def test_file_names_are_safe():
    assert slug("https://w3id.org/cagraph/id/china") == "china"
    for iri in ("https://w3id.org/cagraph/id/../../etc/passwd", "https://w3id.org/cagraph/id/A B",
                "https://w3id.org/cagraph/id/<x>", "https://example.org/x#Y", "https://w3id.org/cagraph/id/"):
        s = slug(iri)
        assert re.fullmatch(r"[a-z0-9-]+", s), s
    assert slug("https://w3id.org/cagraph/id/A") != slug("https://w3id.org/cagraph/id/a")


# ---------------------------------------------------------------------------------------------
# Headless Chromium
# ---------------------------------------------------------------------------------------------
def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        exe = shutil.which(name)
        if exe:
            return exe
    return None


CHROMIUM = _chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary found")


def _chrome(args: list[str], page: Path, profile: Path) -> subprocess.CompletedProcess:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
           f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args, page.resolve().as_uri()]
    return subprocess.run(cmd, capture_output=True, timeout=120, check=False)


def _console_errors(stderr: bytes) -> list[str]:
    lines = stderr.decode("utf-8", "replace").splitlines()
    return [ln for ln in lines if ("CONSOLE" in ln or "Uncaught" in ln or "Refused to" in ln)
            and ("Uncaught" in ln or "Refused to" in ln or "rror" in ln)]


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("rel", ["index.html", "entity/china.html", "charts/trade.html",
                                 "charts/corridors.html", "charts/exercises.html", "ontology/index.html",
                                 "ontology/diagram.html", "questions.html"])
def test_pages_render_in_chromium(site, rel, tmp_path):
    out, _ = site
    png = tmp_path / (rel.replace("/", "_").replace(".html", ".png"))
    res = _chrome([f"--screenshot={png}", "--window-size=1280,2000", "--hide-scrollbars"], out / rel, tmp_path / "profile")
    assert res.returncode == 0, res.stderr.decode("utf-8", "replace")[-2000:]
    assert png.is_file() and png.stat().st_size > 10_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    errors = _console_errors(res.stderr)
    assert not errors, errors
    keep = os.environ.get("CAGRAPH_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(keep) / png.name)


@pytest.mark.slow
@needs_chromium
def test_hostile_page_dom_has_no_injected_elements(hostile_site, tmp_path):
    page = hostile_site / "entity" / "hostile-a.html"
    res = _chrome(["--dump-dom"], page, tmp_path / "profile")
    assert res.returncode == 0, res.stderr.decode("utf-8", "replace")[-2000:]
    dom = res.stdout.decode("utf-8")
    parsed = PageParser()
    parsed.feed(dom)
    assert "hostile" in dom and "<h1>" in dom
    for tag, d in parsed.tags:
        assert tag != "script", d
        assert tag != "img", d
        assert not any(k.startswith("on") for k in d), (tag, d)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "&lt;img src=x onerror=alert(1)&gt;" in dom
    assert not _console_errors(res.stderr)


def test_diagram_falls_back_to_a_list_without_graphviz(graph, tmp_path):
    out = tmp_path / "site"
    report = build_site(out, graph=graph, dot="no-such-graphviz-dot", run_queries=False)
    assert report.diagram == "fallback"
    page = (out / "ontology" / "diagram.html").read_text(encoding="utf-8")
    assert "Graphviz (<code>dot</code>) was not found" in page and "<svg" not in page
    assert 'id="hierarchy"' in page and 'id="properties"' in page


# ---------------------------------------------------------------------------------------------
# Headless Chromium, driven: filters and search
# ---------------------------------------------------------------------------------------------
class Browser:
    """Headless Chromium driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``:
    commands on fd 3, answers on fd 4, each a JSON text ended by NUL), with the standard library
    only; enough to open a page, run an expression and type text."""

    def __init__(self, profile: Path):
        import json  # noqa: F401

        to_chrome_r, self._w = os.pipe()
        self._r, from_chrome_w = os.pipe()

        def wire():  # in the child: fd 3 reads our commands, fd 4 writes the answers
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.log = open(profile.parent / "chromium.log", "wb")
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
             "--remote-debugging-pipe", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0"],
            preexec_fn=wire, close_fds=False, stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._n = 0
        self._buf = b""
        self.session = None

    def send(self, method: str, **params):
        import json

        self._n += 1
        msg = {"id": self._n, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            msg["sessionId"] = self.session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        while True:
            while b"\0" not in self._buf:
                chunk = os.read(self._r, 1 << 16)
                assert chunk, "chromium closed the pipe"
                self._buf += chunk
            raw, self._buf = self._buf.split(b"\0", 1)
            answer = json.loads(raw)
            if answer.get("id") == self._n:
                assert "error" not in answer, answer
                return answer["result"]

    def open(self, url: str) -> None:
        import json

        if self.session is None:
            target = self.send("Target.createTarget", url="about:blank")["targetId"]
            self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.navigate", url=url)
        self.wait(f"location.href === {json.dumps(url)} && document.readyState === 'complete'")

    def eval(self, expression: str):
        res = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        assert "exceptionDetails" not in res, res
        return res["result"].get("value")

    def wait(self, expression: str, timeout: float = 30.0):
        import time

        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = self.eval(expression)
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {expression}")

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=30)
        os.close(self._w)
        os.close(self._r)
        self.log.close()


@pytest.fixture
def browser(tmp_path):
    b = Browser(tmp_path / "profile")
    yield b
    b.close()


VISIBLE_FACTS = "[...document.querySelectorAll('article.fact')].filter(a => a.checkVisibility()).length"


def _choose(browser: Browser, name: str, value: str) -> int:
    """Choose an option of one filter (as a reader does with the list box) and count the facts shown."""
    browser.eval(f"(() => {{ const s = document.getElementById('filter-{name}'); s.value = '{value}';"
                 " s.dispatchEvent(new Event('change', {bubbles: true})); })()")
    assert browser.eval(f"document.getElementById('filter-{name}').value") == value
    return browser.eval(VISIBLE_FACTS)


@pytest.mark.slow
@needs_chromium
def test_entity_page_filters_in_chromium(site, graph, browser):
    """Choosing a document, a factuality, a kind and a year on China's page shows exactly the facts
    with a claim of that document (kind, factuality, year); no script runs (CSS :has)."""
    from cagraph.site.model import Model

    out, _ = site
    facts = Model(graph).facts_of[CGR["china"]]
    browser.open((out / "entity" / "china.html").resolve().as_uri())
    assert browser.eval(VISIBLE_FACTS) == len(facts) > 50
    doc = CGR["doc-regional-arrangements"]
    in_doc = [fv for fv in facts if any(q.document == doc for q in fv.quotes)]
    assert _choose(browser, "doc", "d-doc-regional-arrangements") == len(in_doc) > 0
    hedged = [fv for fv in in_doc if any(q.factuality == "PS+" for q in fv.quotes)]
    assert _choose(browser, "factuality", "f-pspos") == len(hedged) > 0
    _choose(browser, "doc", "")
    assert _choose(browser, "factuality", "f-pspos") == len([fv for fv in facts if any(q.factuality == "PS+" for q in fv.quotes)])
    _choose(browser, "factuality", "")
    evaluations = [fv for fv in facts if any(q.kind == "evaluation" for q in fv.quotes)]
    assert _choose(browser, "kind", "k-evaluation") == len(evaluations) > 0
    _choose(browser, "kind", "")
    in_2023 = [fv for fv in facts if fv.time_key is not None and fv.time_key[0] <= 2023 <= fv.time_key[1]]  # "since 2017" too
    assert any(fv.time_key == (2023, 2023) for fv in in_2023) and any(fv.time_key[0] < 2023 for fv in in_2023)
    assert _choose(browser, "year", "y-2023") == len(in_2023) > 0
    _choose(browser, "year", "")
    assert browser.eval(VISIBLE_FACTS) == len(facts)
    assert browser.eval("document.scripts.length") == 0


@pytest.fixture
def served(site):
    """The built site behind a throwaway static file server on 127.0.0.1 (Pagefind fetches its index,
    and browsers refuse fetch() for pages opened from files)."""
    import sys

    out, _ = site
    proc = subprocess.Popen([sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        port = int(re.search(r"port (\d+)", line).group(1))
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.kill()
        proc.wait(timeout=30)


SEARCH_RESULTS = ("[...document.querySelectorAll('.pagefind-ui__result')].filter(r => r.querySelector('a')).map(r => ({"
                  "href: r.querySelector('a').getAttribute('href'), title: r.querySelector('a').textContent.trim(),"
                  "text: r.textContent.replace(/\\s+/g, ' ')}))")


@pytest.mark.slow
@needs_chromium
def test_search_in_chromium(served, graph, browser):
    """Type a query into the search box: the results show the entity and a quote that names it."""
    browser.open(served + "/search.html")
    browser.wait("!!document.querySelector('.pagefind-ui__search-input')")
    browser.eval("document.querySelector('.pagefind-ui__search-input').focus()")
    browser.send("Input.insertText", text="Tianlong")
    # results come in as Pagefind loads their fragments: wait for the entity's
    browser.wait(f"{SEARCH_RESULTS}.some(r => r.href.endsWith('/entity/exercise-tianlong-2022.html'))")
    results = browser.eval(SEARCH_RESULTS)
    hrefs = [r["href"] for r in results]
    assert "/entity/exercise-tianlong-2022.html" in hrefs, hrefs
    quote = str(graph.value(next(s for s in graph.subjects(OA.exact, None) if "Tianlong" in str(graph.value(s, OA.exact))), OA.exact))
    words = re.findall(r"\w+", quote)
    shown = " ".join(re.findall(r"\w+", " ".join(r["text"] for r in results)))
    # an excerpt of the quote (Pagefind shows some thirty words around the match)
    assert any(" ".join(words[i:i + 6]) in shown for i in range(len(words) - 5)), (quote, shown[:500])
    errors = _console_errors((Path(browser.log.name)).read_bytes())
    assert not errors, errors


# ---------------------------------------------------------------------------------------------
# Search from the files: lunr (cagraph.site.search)
# ---------------------------------------------------------------------------------------------
def test_lunr_index_has_the_pages_pagefind_indexes(site):
    """The lunr index holds the pages whose ``<main>`` Pagefind indexes, titled by their heading;
    every passage links into its page, at an anchor that exists there."""
    from cagraph.site.search import read_index

    out, report = site
    data = read_index(out)
    body = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")
                  if "<main data-pagefind-body>" in p.read_text(encoding="utf-8"))
    assert [p for p, _ in data["pages"]] == body and len(body) == report.indexed_pages > 100
    assert dict(data["pages"])["entity/china.html"] == "China"
    assert sorted({pg for pg, _, _ in data["passages"]}) == list(range(len(body)))
    ids = {path: parse_html(out / path).ids for path in body}
    dangling = [(data["pages"][pg][0], a) for pg, a, _ in data["passages"] if a and a not in ids[data["pages"][pg][0]]]
    assert not dangling, dangling[:10]
    assert sum(1 for _, a, _ in data["passages"] if a.startswith(("f-", "q-"))) > 1000
    assert data["index"]["version"] == "2.3.9" and data["index"]["pipeline"] == []  # whole words, no stemmer
    assert len(data["index"]["fieldVectors"]) == len(data["passages"])
    lunr_js = (out / "assets" / "vendor" / "lunr.min.js").read_text(encoding="utf-8")
    assert 'version="2.3.9"' in lunr_js and (out / "assets" / "vendor" / "LICENSE.lunr.txt").is_file()


LUNR_READY = "!document.getElementById('search-file-input').disabled"
LUNR_RESULTS = ("[...document.querySelectorAll('#search-file-results > li')].map(li => ({"
                "href: li.querySelector('strong a').getAttribute('href'), title: li.querySelector('strong a').textContent,"
                "passages: [...li.querySelectorAll('p a')].map(a => a.getAttribute('href')),"
                "text: li.textContent.replace(/\\s+/g, ' ')}))")


def _type(browser: Browser, text: str) -> None:
    """Empty the search box and type ``text`` into it, as a reader does."""
    browser.eval("(() => { const i = document.getElementById('search-file-input'); i.value = ''; i.focus(); })()")
    browser.send("Input.insertText", text=text)


@pytest.mark.slow
@needs_chromium
def test_search_from_the_files_in_chromium(site, graph, browser):
    """Opened from ``file://``, where Pagefind cannot load its index, the search page runs lunr.js on
    the site's own index: typing a word lists the pages (title) with their passages (excerpts linked
    to their anchors), among them the entity's page and a quote that names it."""
    out, _ = site
    browser.open((out / "search.html").resolve().as_uri())
    browser.wait(LUNR_READY)
    assert browser.eval("document.querySelector('.pagefind-ui') === null && !document.getElementById('search-file').hidden")
    for word, entity in (("Tianlong", "entity/exercise-tianlong-2022.html"), ("Kirghizstan", "entity/kyrgyzstan.html")):
        _type(browser, word)
        browser.wait(f"{LUNR_RESULTS}.some(r => r.href === '{entity}')")
        results = browser.eval(LUNR_RESULTS)
        assert browser.eval("document.getElementById('search-file-status').textContent") == f"{len(results)} pages"
        shown = " ".join(re.findall(r"\w+", " ".join(r["text"] for r in results)))
        quotes = [str(o) for o in graph.objects(None, OA.exact) if word in str(o)]
        assert quotes
        # an excerpt of a quote (the passage around the word)
        assert any(" ".join(ws[i:i + 6]) in shown for ws in map(lambda q: re.findall(r"\w+", q), quotes)
                   for i in range(len(ws) - 5)), (word, shown[:500])
        for r in results:
            assert r["title"] and r["passages"] and (out / r["href"]).is_file(), r
            for href in r["passages"]:
                path, _, frag = href.partition("#")
                assert path == r["href"] and (not frag or frag in parse_html(out / path).ids), href
    errors = _console_errors(Path(browser.log.name).read_bytes())
    assert not errors, errors


@pytest.mark.slow
@needs_chromium
def test_hostile_text_in_the_file_search_stays_text(hostile_site, browser):
    browser.open((hostile_site / "search.html").resolve().as_uri())
    browser.wait(LUNR_READY)
    _type(browser, "onerror")
    browser.wait(f"{LUNR_RESULTS}.some(r => r.href === 'entity/hostile-a.html')")
    text = browser.eval("document.getElementById('search-file-results').textContent")
    assert "<img src=x onerror=alert(1)>" in text and "<script>alert(1)</script>" in text
    assert browser.eval("document.querySelectorAll('#search-file-results *:not(li):not(strong):not(p):not(a)').length") == 0
    assert browser.eval("document.scripts.length") == 4  # pagefind-ui.js, search.js, lunr.min.js, search-index.js


#: Queries whose pages lunr (whole words, any word starting with the one typed) and Pagefind (stems)
#: should agree on, and two where they cannot, each with its known difference (see the test).
AGREE = ("Tianlong", "Kirghizstan", "Xinjiang", "SCO", "Kazakhstan", "railway", "pipeline", "expressway")
DIFFER = ("railways", "Belt and Road")
PAGEFIND_PAGES = ("(async q => { const r = await window.pf.search(q);"
                  " return (await Promise.all(r.results.map(x => x.data()))).map(d => d.url.replace(/^\\//, '')); })")


@pytest.mark.slow
@needs_chromium
def test_lunr_js_lunr_py_and_pagefind_agree(site, served, browser):
    """The same queries three ways: lunr.js in Chromium on the page opened from the files, lunr.py in
    Python on the same index (the same library, two implementations: the same pages), and Pagefind
    over HTTP (the same pages for plain words; the two known differences asserted exactly)."""
    import json

    from cagraph.site.search import query, read_index, words

    out, _ = site
    data = read_index(out)
    queries = AGREE + DIFFER + ("belt road",)
    browser.open((out / "search.html").resolve().as_uri())
    browser.wait(LUNR_READY)
    js = {q: sorted(browser.eval(f"CAGRAPH_SEARCH.pagesFor({json.dumps(q)})")) for q in queries}
    py = {q: sorted(query(data, q)) for q in queries}
    assert js == py
    browser.open(served + "/search.html")
    browser.eval("(async () => { window.pf = await import('./pagefind/pagefind.js'); await window.pf.init(); })()")
    pf = {q: sorted(browser.eval(f"{PAGEFIND_PAGES}({json.dumps(q)})")) for q in queries + ("and",)}
    for q in AGREE:
        assert py[q] and pf[q] == py[q], (q, sorted(set(pf[q]) ^ set(py[q])))
    # Pagefind stems ("railways" finds "railway"); lunr's index holds whole words, so "railways" finds
    # only the pages with a word that starts with it
    assert pf["railways"] == pf["railway"] == py["railway"]
    with_railways = sorted({data["pages"][pg][0] for pg, _, t in data["passages"] if any(w.startswith("railways") for w in words(t))})
    assert py["railways"] == with_railways and set(with_railways) < set(py["railway"])
    # lunr drops stop words ("and"); Pagefind looks them up, so it misses the pages without an "and"
    assert py["Belt and Road"] == py["belt road"] == pf["belt road"]
    assert pf["Belt and Road"] == sorted(set(pf["belt road"]) & set(pf["and"]))
    assert set(py["Belt and Road"]) - set(pf["Belt and Road"]) == set(pf["belt road"]) - set(pf["and"])
