"""Provenance of every fact in the merged graph (ontology + all data files).

* every quote is the text of its document, character for character after ``normalize()``, and
  has exactly one section and one document;
* every section is where the quote stands: for a document with Markdown headings (the Eurasia
  Center brief), a heading of the document (lines starting with ``#``, plus the table captions
  "Table 1." / "Table 2.") under which the quote lies, before the next heading; for a document
  without headings (the research paper), "Title" (the front matter before the first paragraph),
  "Paragraph N" (the N-th non-empty line of the body) or "References" (what follows the body);
* every fact has at least one quote as evidence, and every figure it carries is written in one
  of its quotes (as digits, or for small counts as a number word: "six economic corridors");
* every assertion states one triple, and that triple is in the graph.

Each test lists the offending nodes when it fails.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from cagraph import paths
from cagraph.graph import load_graph
from cagraph.sources import canonical_number, document_text, normalize, numbers_in

CAG = Namespace("https://w3id.org/cagraph/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")

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


def _facts(g: Graph) -> set:
    return _instances(g, CAG.Fact)


def _source_file(g: Graph, quote) -> str | None:
    docs = list(g.objects(quote, PROV.wasQuotedFrom))
    if len(docs) != 1:
        return None
    files = list(g.objects(docs[0], CAG.sourceFile))
    return str(files[0]) if len(files) == 1 else None


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


def test_there_are_quotes_and_facts(graph):
    assert len(_quotes(graph)) > 50
    assert len(_facts(graph)) > 100


def test_every_quote_has_one_exact_one_section_one_document(graph):
    bad = []
    for q in _quotes(graph):
        exacts = list(graph.objects(q, OA.exact))
        sections = list(graph.objects(q, CAG.section))
        docs = list(graph.objects(q, PROV.wasQuotedFrom))
        if len(exacts) != 1 or len(sections) != 1 or len(docs) != 1:
            bad.append(f"{_short(graph, q)}: {len(exacts)} oa:exact, {len(sections)} cag:section, "
                       f"{len(docs)} prov:wasQuotedFrom")
        elif len(list(graph.objects(docs[0], CAG.sourceFile))) != 1:
            bad.append(f"{_short(graph, q)}: document {_short(graph, docs[0])} has no single cag:sourceFile")
    assert not bad, _report(bad, "quotes without exactly one text, section and document")


def test_every_quote_is_in_its_document(graph):
    bad = []
    for q in _quotes(graph):
        f = _source_file(graph, q)
        if f is None:
            continue  # reported by the test above
        for exact in graph.objects(q, OA.exact):
            text = normalize(str(exact))
            if not text or text not in document_text(f):
                bad.append(f"{_short(graph, q)} ({f}): {text[:100]!r}")
    assert not bad, _report(bad, "quotes not found verbatim in their document")


def test_every_quote_lies_in_its_section(graph):
    bad = []
    for q in _quotes(graph):
        f = _source_file(graph, q)
        if f is None:
            continue
        secs = sections_of(f)
        for section in graph.objects(q, CAG.section):
            name = str(section)
            spans = secs.spans.get(name)
            if spans is None:
                bad.append(f"{_short(graph, q)} ({f}): section {name!r} is not a "
                           f"{'heading' if secs.style == 'headings' else 'paragraph'} of the document")
                continue
            for exact in graph.objects(q, OA.exact):
                text = normalize(str(exact))
                if not any(text in span for span in spans):
                    where = [k for k, v in secs.spans.items() if any(text in s for s in v)]
                    bad.append(f"{_short(graph, q)} ({f}): not under {name!r}"
                               f" (found under {where or 'no section'})")
    assert not bad, _report(bad, "quotes outside the section they name")


def test_every_quote_is_evidence_of_some_fact(graph):
    used = set(graph.objects(None, CAG.evidence))
    bad = [_short(graph, q) for q in _quotes(graph) if q not in used]
    assert not bad, _report(bad, "quotes that no fact cites")


# ---------------------------------------------------------------- facts


def test_every_fact_has_evidence_that_is_a_quote(graph):
    quotes = _quotes(graph)
    bad = []
    for fact in _facts(graph):
        ev = list(graph.objects(fact, CAG.evidence))
        if not ev:
            bad.append(f"{_short(graph, fact)}: no cag:evidence")
        for e in ev:
            if e not in quotes:
                bad.append(f"{_short(graph, fact)}: evidence {_short(graph, e)} is not a cag:Quote")
    assert not bad, _report(bad, "facts without quoted evidence")


def test_every_figure_of_a_fact_is_in_one_of_its_quotes(graph):
    bad = []
    for fact in _facts(graph):
        written: set[str] = set()
        for q in graph.objects(fact, CAG.evidence):
            for exact in graph.objects(q, OA.exact):
                written |= numbers_of_quote(str(exact))
        for prop in FIGURE_PROPERTIES:
            for value in graph.objects(fact, CAG[prop]):
                number = canonical_number(value.toPython() if isinstance(value, Literal) else value)
                if number not in written:
                    bad.append(f"{_short(graph, fact)} cag:{prop} {value} not in its quotes "
                               f"(they write {sorted(written)})")
    assert not bad, _report(bad, "figures not written in the facts' quotes")


# ---------------------------------------------------------------- assertions


def test_every_assertion_states_a_triple_that_is_in_the_graph(graph):
    bad = []
    for a in _instances(graph, CAG.Assertion):
        s = list(graph.objects(a, CAG.assertedSubject))
        p = list(graph.objects(a, CAG.assertedPredicate))
        o = list(graph.objects(a, CAG.assertedObject))
        if len(s) != 1 or len(p) != 1 or len(o) != 1:
            bad.append(f"{_short(graph, a)}: {len(s)} subjects, {len(p)} predicates, {len(o)} objects")
        elif (s[0], p[0], o[0]) not in graph:
            bad.append(f"{_short(graph, a)}: ({_short(graph, s[0])} {_short(graph, p[0])} "
                       f"{o[0] if isinstance(o[0], Literal) else _short(graph, o[0])}) is not in the graph")
    assert not bad, _report(bad, "assertions whose triple is missing")


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
