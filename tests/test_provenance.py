"""Provenance of every claim and world node in the merged graph (ontology + all data files).

* every quote is a W3C Web Annotation target: one oa:hasSource (the document), one
  oa:TextQuoteSelector (exact, prefix, suffix), one oa:TextPositionSelector (start, end) and one
  cag:Section of that document;
* its oa:exact is the text of its document, character for character after ``normalize()``; its
  oa:start/oa:end slice the stored file to exactly that text; its oa:prefix/oa:suffix are the
  normalized text just before and after it;
* every section is where the quote stands: for a document with Markdown headings (the Eurasia
  Center brief), a heading of the document (lines starting with ``#``, plus the table captions
  "Table 1." / "Table 2.") under which the quote lies, before the next heading; for a document
  without headings (the research paper), "Title" (the front matter before the first paragraph),
  "Paragraph N" (the N-th non-empty line of the body) or "References" (what follows the body);
* every claim has exactly one factuality, claimant, kind, evidence and document, and the document
  is the source of its evidence; every world node (cag:Fact) has at least one claim, and every
  figure it carries is written in the quote of one of its claims (as digits, or for small counts
  as a number word: "six economic corridors");
* every assertion states one triple, and that triple is a plain triple of the graph exactly when
  the document's author states it as certain and positive (CT+);
* the factuality scale is FactBank's eight values.

Each test lists the offending nodes when it fails.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from cagraph import paths
from cagraph.io.load import load_graph
from cagraph.io.sources import canonical_number, document_text, normalize, numbers_in, raw_text

CAG = Namespace("https://w3id.org/cagraph/ontology#")
CGR = Namespace("https://w3id.org/cagraph/id/")
OA = Namespace("http://www.w3.org/ns/oa#")

FIGURE_PROPERTIES = (
    "amount",
    "changePercent",
    "sharePercent",
    "countValue",
    "lengthKm",
    "durationDays",
    "previousDurationDays",
    "durationYears",
)

NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60",
    "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100",
}
_WORD = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
_TABLE_CAPTION = re.compile(r"^Table \d+\.")
_HEADING = re.compile(r"^#+\s+(.*)$")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load_graph()


def _report(bad: list[str], what: str) -> str:
    return f"{len(bad)} {what}:\n  " + "\n  ".join(sorted(bad))


def _short(g: Graph, node) -> str:
    try:
        return g.namespace_manager.normalizeUri(node)
    except Exception:
        return str(node)


def _subclasses(g: Graph, cls: URIRef) -> set[URIRef]:
    out, todo = {cls}, [cls]
    while todo:
        c = todo.pop()
        for sub in g.subjects(RDFS.subClassOf, c):
            if isinstance(sub, URIRef) and sub not in out:
                out.add(sub)
                todo.append(sub)
    return out


def _instances(g: Graph, cls: URIRef) -> set[URIRef]:
    return {s for c in _subclasses(g, cls) for s in g.subjects(RDF.type, c)}


def _quotes(g: Graph) -> set:
    return set(g.subjects(RDF.type, CAG.Quote))


def _claims(g: Graph) -> set:
    """Every claim: the cag:Claims about world nodes and the cag:Assertions (relation claims)."""
    return _instances(g, CAG.Claim)


def _facts(g: Graph) -> set:
    """The world nodes (trade flows, memberships, counts, exercises...)."""
    return _instances(g, CAG.Fact)


def _text_selectors(g: Graph, quote) -> list:
    return [s for s in g.objects(quote, OA.hasSelector) if (s, RDF.type, OA.TextQuoteSelector) in g]


def _position_selectors(g: Graph, quote) -> list:
    return [s for s in g.objects(quote, OA.hasSelector) if (s, RDF.type, OA.TextPositionSelector) in g]


def _exacts(g: Graph, quote) -> list[str]:
    return [str(x) for sel in _text_selectors(g, quote) for x in g.objects(sel, OA.exact)]


def _section_titles(g: Graph, quote) -> list[str]:
    return [str(t) for sec in g.objects(quote, CAG.section) for t in g.objects(sec, DCTERMS.title)]


def _source_file(g: Graph, quote) -> str | None:
    docs = list(g.objects(quote, OA.hasSource))
    if len(docs) != 1:
        return None
    files = list(g.objects(docs[0], CAG.sourceFile))
    return str(files[0]) if len(files) == 1 else None


def _claims_about(g: Graph, fact) -> list:
    return list(g.subjects(CAG.claimAbout, fact))


def numbers_of_quote(text: str) -> set[str]:
    """The numbers a quote writes: in digits, and small numbers written as words."""
    found = set(numbers_in(normalize(text)))
    found.update(NUMBER_WORDS[m.group(1).lower()] for m in _WORD.finditer(text))
    return found


# ---------------------------------------------------------------- sections of a document


@dataclass(frozen=True)
class Sections:
    """Named spans of a document's normalized text: section name -> list of span texts."""

    spans: dict[str, tuple[str, ...]]
    style: str  # "headings" or "paragraphs"


@lru_cache(maxsize=None)
def sections_of(file_name: str) -> Sections:
    lines = (paths.SOURCES_DIR / file_name).read_text(encoding="utf-8").splitlines()
    if any(_HEADING.match(line) for line in lines):
        return _heading_sections(lines)
    return _paragraph_sections(lines)


def _heading_name(line: str) -> str | None:
    m = _HEADING.match(line)
    if m:
        return normalize(m.group(1))
    text = normalize(line)
    if _TABLE_CAPTION.match(text):
        return text
    return None


def _table_end(lines: list[str], caption: int) -> int:
    """The line after the end of the table whose caption is at ``caption``.

    A table runs on through blank lines, tab-separated rows and separator rows, and a
    "Source:" line right after it; it ends at the first other line (the text resumes).
    """
    i = caption + 1
    while i < len(lines):
        line = lines[i]
        if _HEADING.match(line):
            break
        if not line.strip() or "\t" in line or line.startswith("Source:"):
            i += 1
            continue
        break
    return i


def _heading_sections(lines: list[str]) -> Sections:
    """Sections of a document with Markdown headings.

    A '#' heading's section runs to the next '#' heading (tables inside it included); a table
    caption's section runs to the end of its table, after which the text is again under the
    enclosing '#' heading. Each span starts with the heading text itself (without '#'), so that
    a quote of a title heading may begin with it.
    """
    spans: dict[str, list[str]] = defaultdict(list)
    hashes = [i for i, line in enumerate(lines) if _HEADING.match(line)]
    for k, i in enumerate(hashes):
        end = hashes[k + 1] if k + 1 < len(hashes) else len(lines)
        name = _heading_name(lines[i])
        spans[name].append(normalize("\n".join([name, *lines[i + 1 : end]])))
    for i, line in enumerate(lines):
        name = _heading_name(line)
        if name and not _HEADING.match(line):
            spans[name].append(normalize("\n".join(lines[i : _table_end(lines, i)])))
    return Sections({k: tuple(v) for k, v in spans.items()}, "headings")


def _paragraph_sections(lines: list[str]) -> Sections:
    first = next(
        (i for i, line in enumerate(lines) if line.startswith("Forty years of Chinese reforms")),
        None,
    )
    if first is None:  # another document without headings: first non-empty line after the title
        nonempty = [i for i, line in enumerate(lines) if line.strip()]
        first = nonempty[1] if len(nonempty) > 1 else 0
    spans: dict[str, list[str]] = defaultdict(list)
    spans["Title"].append(normalize("\n".join(lines[:first])))
    # Body: the non-empty lines from the first paragraph on, up to the first run of two or more
    # blank lines; everything after it is the reference list.
    i, n, blank = first, 0, 0
    while i < len(lines):
        if lines[i].strip():
            if blank >= 2:
                break
            n += 1
            spans[f"Paragraph {n}"].append(normalize(lines[i]))
            blank = 0
        else:
            blank += 1
        i += 1
    spans["References"].append(normalize("\n".join(lines[i:])))
    return Sections({k: tuple(v) for k, v in spans.items()}, "paragraphs")


# ---------------------------------------------------------------- quotes


def test_there_are_quotes_claims_and_facts(graph):
    assert len(_quotes(graph)) > 200
    assert len(_claims(graph)) > 600
    assert len(_instances(graph, CAG.Assertion)) > 500
    assert len(_facts(graph)) > 70
    # assertions are claims, not world nodes
    assert not _instances(graph, CAG.Assertion) & _facts(graph)


def test_every_quote_has_one_exact_one_section_one_document(graph):
    bad = []
    for q in _quotes(graph):
        tqs, tps = _text_selectors(graph, q), _position_selectors(graph, q)
        exacts = _exacts(graph, q)
        sections = list(graph.objects(q, CAG.section))
        docs = list(graph.objects(q, OA.hasSource))
        if len(tqs) != 1 or len(tps) != 1 or len(list(graph.objects(q, OA.hasSelector))) != 2:
            bad.append(f"{_short(graph, q)}: {len(tqs)} oa:TextQuoteSelector, "
                       f"{len(tps)} oa:TextPositionSelector")
        elif len(exacts) != 1 or len(sections) != 1 or len(docs) != 1:
            bad.append(f"{_short(graph, q)}: {len(exacts)} oa:exact, {len(sections)} cag:section, "
                       f"{len(docs)} oa:hasSource")
        elif len(list(graph.objects(docs[0], CAG.sourceFile))) != 1:
            bad.append(f"{_short(graph, q)}: document {_short(graph, docs[0])} has no single cag:sourceFile")
        elif (sections[0], RDF.type, CAG.Section) not in graph or len(_section_titles(graph, q)) != 1:
            bad.append(f"{_short(graph, q)}: section {_short(graph, sections[0])} is not a cag:Section "
                       "with one dcterms:title")
        elif list(graph.objects(sections[0], DCTERMS.isPartOf)) != docs:
            bad.append(f"{_short(graph, q)}: section {_short(graph, sections[0])} is not part of "
                       f"{_short(graph, docs[0])}")
        else:
            sel = tps[0]
            starts, ends = list(graph.objects(sel, OA.start)), list(graph.objects(sel, OA.end))
            if len(starts) != 1 or len(ends) != 1:
                bad.append(f"{_short(graph, q)}: {len(starts)} oa:start, {len(ends)} oa:end")
            for sel in tqs:
                for p in (OA.prefix, OA.suffix):
                    if len(list(graph.objects(sel, p))) != 1:
                        bad.append(f"{_short(graph, q)}: not one {_short(graph, p)}")
    assert not bad, _report(bad, "quotes without exactly one text, position, section and document")


def test_every_quote_is_in_its_document(graph):
    bad = []
    for q in _quotes(graph):
        f = _source_file(graph, q)
        if f is None:
            continue  # reported by the test above
        for exact in _exacts(graph, q):
            text = normalize(exact)
            if not text or text != exact or text not in document_text(f):
                bad.append(f"{_short(graph, q)} ({f}): {text[:100]!r}")
    assert not bad, _report(bad, "quotes not found verbatim in their document")


_START, _END = "\ue000", "\ue001"  # private-use marks, in no source file


def _around(raw: str, start: int, end: int) -> tuple[str, str, str]:
    """The normalized document text before the slice raw[start:end], the slice, and after it.

    The slice is marked in the stored text and the whole text normalized, so that mark-up whose
    ends lie on either side of an offset ("[16.6 billion dollars](#)") is dropped as it is in the
    normalized document. Whitespace at the edges of the slice belongs to the text around it.
    """
    assert _START not in raw and _END not in raw
    marked = normalize(raw[:start] + _START + raw[start:end] + _END + raw[end:])
    before, rest = marked.split(_START)
    inside, after = rest.split(_END)
    lead = inside[: len(inside) - len(inside.lstrip())]
    trail = inside[len(inside.rstrip()):]
    return (re.sub(r"\s+", " ", before + lead), inside.strip(), re.sub(r"\s+", " ", trail + after))


def test_position_selectors_slice_the_stored_text_to_the_quote(graph):
    """oa:start/oa:end (code points of the file under data/sources/) select exactly oa:exact (the
    slice, normalized, is oa:exact; it neither starts nor ends with whitespace), and
    oa:prefix/oa:suffix are the normalized text just before and just after it."""
    bad, checked = [], 0
    for q in sorted(_quotes(graph)):
        f = _source_file(graph, q)
        if f is None:
            bad.append(f"{_short(graph, q)}: no single document with a source file")
            continue
        raw = raw_text(f)
        norm = document_text(f)
        for tps in _position_selectors(graph, q):
            start, end = graph.value(tps, OA.start), graph.value(tps, OA.end)
            if start is None or end is None:
                bad.append(f"{_short(graph, q)}: no oa:start / oa:end")
                continue
            i, j = int(start), int(end)
            for tqs in _text_selectors(graph, q):
                exact = str(graph.value(tqs, OA.exact))
                prefix, suffix = graph.value(tqs, OA.prefix), graph.value(tqs, OA.suffix)
                checked += 1
                if not 0 <= i < j <= len(raw):
                    bad.append(f"{_short(graph, q)}: [{i}, {j}) is outside {f} ({len(raw)} code points)")
                    continue
                if raw[i].isspace() or raw[j - 1].isspace():
                    bad.append(f"{_short(graph, q)}: [{i}, {j}) of {f} starts or ends with whitespace")
                    continue
                if normalize(raw[i:j]) != exact:
                    bad.append(f"{_short(graph, q)}: [{i}, {j}) of {f} is "
                               f"{normalize(raw[i:j])[:60]!r}, not {exact[:60]!r}")
                    continue
                before, inside, after = _around(raw, i, j)
                assert inside == exact
                # the marked text is the document's normalized text
                assert (before + inside + after).replace("  ", " ").strip() == norm, q
                if prefix is None or not before.endswith(str(prefix)) or (before.strip() and not str(prefix)):
                    bad.append(f"{_short(graph, q)}: oa:prefix {str(prefix)!r} is not the text before "
                               f"the quote ({before[-40:]!r})")
                if suffix is None or not after.startswith(str(suffix)) or (after.strip() and not str(suffix)):
                    bad.append(f"{_short(graph, q)}: oa:suffix {str(suffix)!r} is not the text after "
                               f"the quote ({after[:40]!r})")
    assert checked == len(_quotes(graph))
    assert not bad, _report(bad, "position or context selectors that do not select the quote")


def test_every_quote_lies_in_its_section(graph):
    bad = []
    for q in _quotes(graph):
        f = _source_file(graph, q)
        if f is None:
            continue
        secs = sections_of(f)
        for name in _section_titles(graph, q):
            spans = secs.spans.get(name)
            if spans is None:
                bad.append(f"{_short(graph, q)} ({f}): section {name!r} is not a "
                           f"{'heading' if secs.style == 'headings' else 'paragraph'} of the document")
                continue
            for exact in _exacts(graph, q):
                text = normalize(exact)
                if not any(text in span for span in spans):
                    where = [k for k, v in secs.spans.items() if any(text in s for s in v)]
                    bad.append(f"{_short(graph, q)} ({f}): not under {name!r}"
                               f" (found under {where or 'no section'})")
    assert not bad, _report(bad, "quotes outside the section they name")


def test_sections_are_numbered_in_document_order(graph):
    """cag:position numbers the sections of each document 1, 2, 3... in the order they appear."""
    by_doc: dict = defaultdict(list)
    for sec in graph.subjects(RDF.type, CAG.Section):
        docs = list(graph.objects(sec, DCTERMS.isPartOf))
        positions = [int(p) for p in graph.objects(sec, CAG.position)]
        assert len(docs) == 1 and len(positions) == 1, sec
        by_doc[docs[0]].append(positions[0])
    assert set(by_doc) == {CGR["doc-eurasia-center-2024"], CGR["doc-regional-arrangements"]}
    for doc, positions in by_doc.items():
        assert sorted(positions) == list(range(1, len(positions) + 1)), doc


def test_every_quote_is_evidence_of_some_claim(graph):
    used = set(graph.objects(None, CAG.evidence))
    bad = [_short(graph, q) for q in _quotes(graph) if q not in used]
    assert not bad, _report(bad, "quotes that no claim cites")


# ---------------------------------------------------------------- claims


def test_every_claim_has_one_factuality_claimant_kind_evidence_and_document(graph):
    quotes = _quotes(graph)
    factualities = set(graph.subjects(RDF.type, CAG.Factuality))
    kinds = set(graph.subjects(RDF.type, CAG.ClaimKind))
    bad = []
    claims = _claims(graph)
    for c in claims:
        values = {p: list(graph.objects(c, CAG[p]))
                  for p in ("factuality", "claimant", "claimKind", "evidence", "statedIn")}
        wrong = [f"{len(v)} cag:{p}" for p, v in values.items() if len(v) != 1]
        if wrong:
            bad.append(f"{_short(graph, c)}: " + ", ".join(wrong))
            continue
        (fact,), (who,), (kind,), (ev,), (doc,) = values.values()
        if fact not in factualities:
            bad.append(f"{_short(graph, c)}: factuality {_short(graph, fact)} is not a cag:Factuality")
        if kind not in kinds:
            bad.append(f"{_short(graph, c)}: kind {_short(graph, kind)} is not a cag:ClaimKind")
        if ev not in quotes:
            bad.append(f"{_short(graph, c)}: evidence {_short(graph, ev)} is not a cag:Quote")
        elif list(graph.objects(ev, OA.hasSource)) != [doc]:
            bad.append(f"{_short(graph, c)}: cag:statedIn {_short(graph, doc)} is not the oa:hasSource "
                       f"of its evidence {_short(graph, ev)}")
        if (doc, RDF.type, CAG.SourceDocument) not in graph:
            bad.append(f"{_short(graph, c)}: cag:statedIn {_short(graph, doc)} is not a cag:SourceDocument")
        if not isinstance(who, URIRef) or not list(graph.objects(who, RDF.type)):
            bad.append(f"{_short(graph, c)}: claimant {who} is not a typed node")
        is_assertion = bool(list(graph.objects(c, CAG.assertedSubject)))
        if is_assertion == bool(list(graph.objects(c, CAG.claimAbout))):
            bad.append(f"{_short(graph, c)}: a claim is either about one world node or an assertion")
    assert not bad, _report(bad, "claims without exactly one factuality, claimant, kind, evidence and document")
    # and nothing else carries claim properties: evidence belongs to claims only
    stray = {s for p in ("evidence", "statedIn", "factuality", "claimant", "claimKind")
             for s in graph.subjects(CAG[p], None)} - claims
    assert not stray, _report([_short(graph, s) for s in stray], "non-claims with claim properties")


# ---------------------------------------------------------------- world nodes


def test_every_fact_has_a_claim_with_quoted_evidence(graph):
    bad = []
    for fact in _facts(graph):
        if list(graph.objects(fact, CAG.evidence)):
            bad.append(f"{_short(graph, fact)}: a world node carries cag:evidence itself")
        claims = _claims_about(graph, fact)
        if not claims:
            bad.append(f"{_short(graph, fact)}: no claim is about it")
        for c in claims:
            if (c, RDF.type, CAG.Claim) not in graph:
                bad.append(f"{_short(graph, fact)}: {_short(graph, c)} is not a cag:Claim")
    assert not bad, _report(bad, "world nodes without claims")


def test_every_figure_of_a_fact_is_in_one_of_its_quotes(graph):
    bad = []
    for fact in _facts(graph):
        written: set[str] = set()
        for c in _claims_about(graph, fact):
            for q in graph.objects(c, CAG.evidence):
                for exact in _exacts(graph, q):
                    written |= numbers_of_quote(exact)
        for prop in FIGURE_PROPERTIES:
            for value in graph.objects(fact, CAG[prop]):
                number = canonical_number(value.toPython() if isinstance(value, Literal) else value)
                if number not in written:
                    bad.append(f"{_short(graph, fact)} cag:{prop} {value} not in its quotes "
                               f"(they write {sorted(written)})")
    assert not bad, _report(bad, "figures not written in the facts' quotes")


UNDATED_GOODS = {
    "flow-kz-cn-composition", "flow-cn-kz-composition", "flow-cn-kg-composition",
    "flow-kg-cn-composition", "flow-tm-cn-composition", "flow-cn-tm-composition",
    "share-tj-cn-imports",
}
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def test_undated_goods_flows_carry_no_period(graph):
    """The brief states what these flows carry (and China's share of Tajikistan's imports) without a
    date: no period or year is imputed from the neighbouring sentences."""
    for name in sorted(UNDATED_GOODS):
        node = CGR[name]
        assert {graph.value(node, RDF.type)} & {CAG.TradeFlow, CAG.TradeShare}, name
        assert list(graph.objects(node, CAG.period)) == [], name
        assert list(graph.objects(node, CAG.year)) == [], name
        quotes = [x for c in _claims_about(graph, node) for q in graph.objects(c, CAG.evidence)
                  for x in _exacts(graph, q)]
        assert quotes, name  # stated, with a quote (whose other sentences may carry a year)
    # and more generally: a trade flow or share whose every quote writes no year has no period
    bad = []
    for cls in (CAG.TradeFlow, CAG.TradeShare):
        for node in graph.subjects(RDF.type, cls):
            quotes = [x for c in _claims_about(graph, node) for q in graph.objects(c, CAG.evidence)
                      for x in _exacts(graph, q)]
            if any(_YEAR.search(x) for x in quotes):
                continue
            if list(graph.objects(node, CAG.period)) or list(graph.objects(node, CAG.year)):
                bad.append(_short(graph, node))
    assert not bad, _report(bad, "trade flows dated with a year their quotes do not write")


# ---------------------------------------------------------------- assertions


def test_every_assertion_states_one_triple(graph):
    bad = []
    for a in _instances(graph, CAG.Assertion):
        s = list(graph.objects(a, CAG.assertedSubject))
        p = list(graph.objects(a, CAG.assertedPredicate))
        o = list(graph.objects(a, CAG.assertedObject))
        if len(s) != 1 or len(p) != 1 or len(o) != 1:
            bad.append(f"{_short(graph, a)}: {len(s)} subjects, {len(p)} predicates, {len(o)} objects")
    assert not bad, _report(bad, "assertions that do not state one triple")


# the sections of the brief's imprint (title page and colophon)
IMPRINT = {"EURASIA CENTER", "Brief Analysis"}


def test_plain_triple_iff_the_author_states_it_certain(graph):
    """The relation of an assertion is a plain triple exactly when some assertion of it by the
    document's own voice is CT+: its author (dcterms:creator of its cag:statedIn), or for the
    imprint its publisher (docs/modelling.md, "Claimant and kind"). Hedged, negated and aimed-at
    relations, and those only a reported actor states, live in their claims alone."""
    by_triple: dict[tuple, list] = defaultdict(list)
    for a in _instances(graph, CAG.Assertion):
        triple = (graph.value(a, CAG.assertedSubject), graph.value(a, CAG.assertedPredicate),
                  graph.value(a, CAG.assertedObject))
        by_triple[triple].append(a)
    bad, plain, claims_only = [], 0, 0
    for (s, p, o), claims in by_triple.items():
        certain = []
        for a in claims:
            doc = graph.value(a, CAG.statedIn)
            authors = set(graph.objects(doc, DCTERMS.creator))
            publishers = set(graph.objects(doc, DCTERMS.publisher))
            assert len(authors) == 1 and len(publishers) <= 1, a
            who = graph.value(a, CAG.claimant)
            if who in publishers:
                # the publisher speaks only in the imprint
                assert set(_section_titles(graph, graph.value(a, CAG.evidence))) <= IMPRINT, a
            if graph.value(a, CAG.factuality) == CAG.CTpos and who in authors | publishers:
                certain.append(a)
        present = (s, p, o) in graph
        plain += present
        claims_only += not present
        shown = (f"({_short(graph, s)} {_short(graph, p)} "
                 f"{o if isinstance(o, Literal) else _short(graph, o)})")
        if certain and not present:
            bad.append(f"{shown}: stated CT+ by the author in {_short(graph, certain[0])}, "
                       "but not a plain triple")
        if present and not certain:
            facts = sorted({_short(graph, graph.value(a, CAG.factuality)) for a in claims})
            bad.append(f"{shown}: a plain triple, but no CT+ claim of the author states it "
                       f"({', '.join(_short(graph, a) for a in sorted(claims))}: {facts})")
    assert not bad, _report(bad, "assertions whose plain triple disagrees with their claims")
    assert plain > 300 and claims_only > 20, (plain, claims_only)


# the deliberately claims-only relations named when the claims layer was introduced
CLAIMS_ONLY = [
    ("bri", "connects", "africa"),
    ("bri", "connects", "europe"),
    ("china-pakistan-economic-corridor", "connects", "indian-ocean"),
    ("china-pakistan-economic-corridor", "via", "gwadar-port"),
    ("sco", "ledBy", "russia"),
    ("fundamentalism", "threatens", "xinjiang"),
    ("instability-central-asia", "threatens", "xinjiang"),
]


@pytest.mark.parametrize("s, p, o", CLAIMS_ONLY)
def test_hedged_relations_are_claims_without_plain_triple(graph, s, p, o):
    triple = (CGR[s], CAG[p], CGR[o])
    assert triple not in graph
    facts = {graph.value(a, CAG.factuality)
             for a in graph.subjects(CAG.assertedSubject, CGR[s])
             if graph.value(a, CAG.assertedPredicate) == CAG[p] and graph.value(a, CAG.assertedObject) == CGR[o]}
    assert facts and CAG.CTpos not in facts, facts


# ---------------------------------------------------------------- the factuality scale


def test_factuality_scale_is_factbanks_eight_values():
    onto = Graph().parse(paths.ONTOLOGY_FILE, format="turtle")
    members = set(onto.objects(CAG.factualityScale, SKOS.hasTopConcept))
    assert members == set(onto.subjects(SKOS.inScheme, CAG.factualityScale))
    assert members == set(onto.subjects(RDF.type, CAG.Factuality))
    notations = {}
    for m in members:
        values = list(onto.objects(m, SKOS.notation))
        assert len(values) == 1, m
        notation = str(values[0])
        assert notation.isascii() and notation.isprintable(), (m, notation)
        notations[notation] = m
        definitions = [d for d in onto.objects(m, SKOS.definition) if isinstance(d, Literal)]
        assert len(definitions) == 1 and definitions[0].language == "en" and str(definitions[0]).strip(), m
    assert set(notations) == {"CT+", "PR+", "PS+", "CT-", "PR-", "PS-", "CTu", "Uu"}
    assert len(members) == 8
    assert notations["CT+"] == CAG.CTpos and notations["Uu"] == CAG.Underspecified


# ---------------------------------------------------------------- the helpers themselves


def test_number_words_are_read():
    assert numbers_of_quote("Table 1. Six Economic Corridors") >= {"1", "6"}
    assert "2" in numbers_of_quote("the two primary components")
    assert "1" not in numbers_of_quote("someone")


def test_sections_of_the_research_paper():
    secs = sections_of("003_9bcedbd88bf43130.txt")
    assert secs.style == "paragraphs"
    assert secs.spans["Paragraph 1"][0].startswith("Forty years of Chinese reforms")
    assert "Title" in secs.spans and "References" in secs.spans
    assert secs.spans["References"][0].startswith("Aghaei")


def test_sections_of_the_brief():
    secs = sections_of("000_215280f8e709cb5f.txt")
    assert secs.style == "headings"
    for name in ("Introduction", "KYRGYZSTAN", "TAJKISTAN", "Table 1. Six Economic Corridors",
                 "Table 2. China-Central Asia Military Cooperation: Exercises and Training",
                 "Regional Dynamics", "Conclusion"):
        assert name in secs.spans, name
    assert "Peace Mission-2024" in secs.spans[
        "Table 2. China-Central Asia Military Cooperation: Exercises and Training"][0]
    assert "Peace Mission-2024" not in secs.spans["Regional Dynamics"][0]
    table1 = secs.spans["Table 1. Six Economic Corridors"][0]
    assert "Gwadar Port" in table1 and "six economic corridors" not in table1
    assert "six economic corridors" in secs.spans["The Belt And Road Initiative"][0]
