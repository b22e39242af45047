"""``cagraph coverage``: which figures, named entities and body sentences of the sources no quote covers.

A **figure** is every number written in a source document (money, percentages, counts, lengths,
durations, years). It is covered when a quote of that document spans it. A **named entity** is
every entity of the graph whose label or alternative label occurs in a document; it is covered
when at least one quote of that document contains one of its names.

A **sentence** is one sentence of a document's *body*: for a document with Markdown headings
(the Eurasia Center brief), the text from the heading "Abstract" through the end of the section
"Conclusion" (or of the last section); for a document without headings (the research paper),
its body paragraphs ("Paragraph N" of :func:`cagraph.check.provenance.document_sections`). What is not body
text is not cut into sentences but counted, line by line, as a part of its own (see
:data:`PARTS`): the front matter (everything before "Abstract", the paper's title block),
headings, table captions and rows, "Source:" lines, figure and map captions, the keywords line,
and the references. The body lines of a section are joined (a page break inside a sentence
then disappears), normalized (:func:`cagraph.io.sources.normalize`) and cut into sentences by
pysbd (Sadvilkar and Neumann 2020, "PySBD: Pragmatic Sentence Boundary Disambiguation",
https://github.com/nipunsadvilkar/pySBD), a rule-based splitter that knows abbreviations,
initials and decimal numbers. A sentence is **covered** when its normalized text is contained
in the ``oa:exact`` of at least one quote that is the ``cag:evidence`` of a claim
``cag:statedIn`` that document.

Deliberate exclusions (an ISSN, a street address, a method statement of the study...) are
listed with their reason in ``data/coverage-exclusions.tsv``::

    document<TAB>kind<TAB>section<TAB>text<TAB>reason

``kind`` is ``figure``, ``entity`` or ``sentence``; ``section`` is a section title
(``cag:Section``'s ``dcterms:title``: "Introduction", "Paragraph 3") or ``*``. ``text`` is the
figure, the entity's label, or ``*`` for every figure of that section; for a sentence it is
the first 60 characters of the normalized sentence (:func:`sentence_key`), which is what an
uncovered sentence is reported with. An exclusion that matches no figure, entity or body
sentence of its document, or only ones that a quote covers after all, is *stale* and reported as
a gap of kind ``stale-exclusion``.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from cagraph import paths
from cagraph.query.results import QueryResult
from cagraph.io.sources import document_text
from cagraph.terms import Term

_NUM = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
KEY_LENGTH = 60

#: The parts of a document that are not body text, in report order.
PARTS = ("front matter", "headings", "keywords", "table captions", "table rows", "source lines",
         "captions", "back matter", "references")


@dataclass(frozen=True, order=True)
class Gap:
    document: str
    kind: str  # figure | entity | sentence | stale-exclusion
    section: str
    text: str
    context: str


@dataclass
class SectionCount:
    """Body sentences of one section, or the lines of one part that is not body text."""

    document: str
    position: int
    section: str
    part: str  # "sentences" or one of PARTS
    items: int = 0
    covered: int = 0
    excluded: int = 0

    @property
    def uncovered(self) -> int:
        return self.items - self.covered - self.excluded


@dataclass
class CoverageReport:
    figures: int = 0
    figures_covered: int = 0
    figures_excluded: int = 0
    entities: int = 0
    entities_covered: int = 0
    entities_excluded: int = 0
    gaps: list[Gap] = field(default_factory=list)
    sections: list[SectionCount] = field(default_factory=list)

    @property
    def sentences(self) -> int:
        return sum(s.items for s in self.sections if s.part == "sentences")

    @property
    def sentences_covered(self) -> int:
        return sum(s.covered for s in self.sections if s.part == "sentences")

    @property
    def sentences_excluded(self) -> int:
        return sum(s.excluded for s in self.sections if s.part == "sentences")

    def summary(self) -> str:
        fig = f"figures {self.figures_covered}/{self.figures - self.figures_excluded} covered ({self.figures_excluded} excluded)"
        ent = f"entities {self.entities_covered}/{self.entities - self.entities_excluded} covered ({self.entities_excluded} excluded)"
        sen = f"sentences {self.sentences_covered}/{self.sentences - self.sentences_excluded} covered ({self.sentences_excluded} excluded)"
        return f"coverage: {fig}; {ent}; {sen}; {len(self.gaps)} gap(s)"

    def result(self) -> QueryResult:
        cols = ["document", "kind", "section", "text", "context"]
        rows = [tuple(Term.literal(getattr(g, c)) for c in cols) for g in sorted(self.gaps)]
        return QueryResult("select", variables=cols, rows=rows)

    def sentence_result(self) -> QueryResult:
        """Per document and section: body sentences (covered, excluded, uncovered), then the
        lines of the parts that are not body text (``items`` only), then the document's total
        of body sentences (section ``*``)."""
        cols = ["document", "section", "part", "items", "covered", "excluded", "uncovered"]

        def num(n: int) -> Term:
            return Term.literal(str(n), datatype=XSD_INTEGER)

        rows = []
        for doc in sorted({s.document for s in self.sections}):
            mine = [s for s in self.sections if s.document == doc]
            for s in sorted(mine, key=lambda s: (s.part != "sentences", s.position, _part_order(s.part))):
                if s.part == "sentences":
                    rows.append((Term.literal(doc), Term.literal(s.section), Term.literal(s.part), num(s.items),
                                 num(s.covered), num(s.excluded), num(s.uncovered)))
                else:
                    rows.append((Term.literal(doc), Term.literal(s.section), Term.literal(s.part), num(s.items),
                                 None, None, None))
            body = [s for s in mine if s.part == "sentences"]
            rows.append((Term.literal(doc), Term.literal("*"), Term.literal("sentences"),
                         num(sum(s.items for s in body)), num(sum(s.covered for s in body)),
                         num(sum(s.excluded for s in body)), num(sum(s.uncovered for s in body))))
        return QueryResult("select", variables=cols, rows=rows)


def _part_order(part: str) -> int:
    return PARTS.index(part) if part in PARTS else -1


def sentence_key(sentence: str) -> str:
    """The stable key a sentence is excluded by: its first 60 normalized characters."""
    from cagraph.io.sources import normalize

    return normalize(sentence)[:KEY_LENGTH].rstrip()


def load_exclusions(path: Optional[Path] = None) -> list[tuple[str, str, str, str, str]]:
    if path is not None and not Path(path).is_file():
        from cagraph.errors import InputError

        raise InputError(f"{path}: no such exclusion list")
    path = Path(path) if path is not None else paths.COVERAGE_EXCLUSIONS
    if not path.is_file():
        return []
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or row[0].startswith("#") or row[0] == "document":
                continue
            if len(row) != 5 or not row[4].strip():
                from cagraph.errors import InputError

                raise InputError(f"{path}:{i}: expected 5 tab-separated columns with a reason")
            if row[1] not in ("figure", "entity", "sentence"):
                from cagraph.errors import InputError

                raise InputError(f"{path}:{i}: kind must be figure, entity or sentence, not {row[1]!r}")
            out.append(tuple(row))  # type: ignore[arg-type]
    return out


# -- cutting a document into body sentences and other parts -------------------------------------

_TABLE_CAPTION = re.compile(r"^Table \d+\.")
_CAPTION = re.compile(r"^(?:Map|Figure|Fig\.|Chart|Graph|Diagram|Image) \d+\.")
_RULE = re.compile(r"^[-\s|:=]+$")


@dataclass(frozen=True)
class Sentence:
    document: str
    section: str
    text: str  # normalized

    @property
    def key(self) -> str:
        return self.text[:KEY_LENGTH].rstrip()


def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[str]:
    """Cut normalized text into sentences with pysbd, stripped of surrounding whitespace."""
    if not text.strip():
        return []
    return [s.strip() for s in _segmenter().segment(text) if s.strip()]


def classify_line(line: str) -> str:
    """What a (raw) line of the body region of a headed document is: ``body``, ``blank`` or one
    of :data:`PARTS`."""
    from cagraph.io.sources import normalize

    norm = normalize(line)
    if not norm:
        return "blank"
    if line.lstrip().startswith("#"):
        return "headings"
    if norm.startswith("Keywords:"):
        return "keywords"
    if _TABLE_CAPTION.match(norm):
        return "table captions"
    if norm.startswith("Source:") or norm.startswith("Sources:"):
        return "source lines"
    if _CAPTION.match(norm):
        return "captions"
    if "\t" in line or _RULE.match(norm):
        return "table rows"
    return "body"


def _innermost(sections, pos: int) -> str:
    """The title of the smallest section (name, start, end) that contains offset ``pos``."""
    best, best_len = "", None
    for name, a, b in sections:
        if a <= pos < b and (best_len is None or b - a < best_len):
            best, best_len = name, b - a
    return best


def document_parts(fname: str, *, sources_dir: Optional[Path] = None) -> tuple[list[Sentence], dict[tuple[str, str], int], list[str]]:
    """The body sentences of a document, the number of lines of each other (section, part), and
    its section titles in document order."""
    from cagraph.check.provenance import line_offset, document_sections
    from cagraph.io.sources import normalize

    base = sources_dir or paths.SOURCES_DIR
    lines = (base / fname).read_text(encoding="utf-8").splitlines()
    secs = document_sections(fname, base)
    order: list[str] = []
    for name, _, _ in sorted(secs, key=lambda s: (s[1], -s[2])):
        if name not in order:
            order.append(name)
    line_sec = [_innermost(secs, line_offset(lines, i)) for i in range(len(lines))]
    if any(ln.lstrip().startswith("#") for ln in lines):
        kinds = _headed_kinds(lines)
    else:
        paras = {a for name, a, _ in secs if name.startswith("Paragraph ")}
        kinds = [_paper_kind(ln, line_offset(lines, i) in paras, line_sec[i]) for i, ln in enumerate(lines)]

    counts: dict[tuple[str, str], int] = {}
    body: dict[str, list[str]] = {}
    for ln, kind, sec in zip(lines, kinds, line_sec):
        if kind == "body":
            body.setdefault(sec, []).append(ln)
        elif kind != "blank":
            counts[(sec, kind)] = counts.get((sec, kind), 0) + 1
    sentences = [Sentence(fname, sec, s) for sec in order if sec in body
                 for s in split_sentences(normalize("\n".join(body[sec])))]
    return sentences, counts, order


def _headed_kinds(lines: list[str]) -> list[str]:
    """What each line of a document with Markdown headings is: front matter before the heading
    "Abstract", back matter after the section "Conclusion", :func:`classify_line` between."""
    from cagraph.io.sources import normalize

    heads = [(i, normalize(ln.lstrip().lstrip("#"))) for i, ln in enumerate(lines) if ln.lstrip().startswith("#")]
    start = next((i for i, name in heads if name == "Abstract"), 0)
    concl = next((k for k, (_, name) in enumerate(heads) if name == "Conclusion"), len(heads) - 1)
    end = heads[concl + 1][0] if concl + 1 < len(heads) else len(lines)
    kinds = []
    for i, ln in enumerate(lines):
        if start <= i < end:
            kinds.append(classify_line(ln))
        elif not normalize(ln):
            kinds.append("blank")
        else:
            kinds.append("front matter" if i < start else "back matter")
    return kinds


def _paper_kind(line: str, starts_paragraph: bool, section: str) -> str:
    """What a line of a document without headings is: a body paragraph is a long line where a
    "Paragraph N" section starts."""
    from cagraph.io.sources import normalize

    if not normalize(line):
        return "blank"
    if starts_paragraph and len(line) > 200:
        return "body"
    return "references" if section == "References" else "front matter"


class _Exclusions:
    """The figure and entity exclusions, and which of them excluded something."""

    def __init__(self, rows: list) -> None:
        self.rows = rows
        self.used: set[int] = set()

    def excluded(self, fname: str, kind: str, section: str, t: str) -> bool:
        for i, (d, k, s, x, _) in enumerate(self.rows):
            if d == fname and k == kind and s in ("*", section) and x in ("*", t):
                self.used.add(i)
                return True
        return False

    def stale(self, known: set[str]) -> list[Gap]:
        out = []
        for i, (d, k, s, x, _) in enumerate(self.rows):
            if (k in ("figure", "entity") and i not in self.used) or d not in known:
                why = (f"no document {d} in the graph" if d not in known
                       else f"excludes no {k} that a quote leaves uncovered (covered, or not in the document)")
                out.append(Gap(d, "stale-exclusion", s, x, why))
        return out


def _entity_names(g) -> dict:
    """Each entity of ours that the graph describes -> its labels of 3 characters or more."""
    from rdflib.namespace import SKOS

    names: dict = {}
    for e in set(g.subjects(SKOS.prefLabel, None)):
        if str(e).startswith("https://w3id.org/cagraph/id/") and (e, None, None) in g:
            for p in (SKOS.prefLabel, SKOS.altLabel):
                for lab in g.objects(e, p):
                    if len(str(lab)) >= 3:
                        names.setdefault(e, set()).add(str(lab))
    return names


def _quotes_in(text: str, records, doc) -> tuple[list[str], list[tuple[int, int]]]:
    """The normalized quotes of document ``doc``, and every span of ``text`` one of them covers."""
    from cagraph.io.sources import normalize

    spans, quotes = [], []
    for rec in records:
        if rec.document != doc or rec.exact is None:
            continue
        needle = normalize(str(rec.exact))
        quotes.append(needle)
        start = text.find(needle)
        while needle and start >= 0:
            spans.append((start, start + len(needle)))
            start = text.find(needle, start + 1)
    return quotes, spans


def coverage(*, graph=None, exclusions: Optional[Path] = None) -> CoverageReport:
    from cagraph.check.provenance import CAG, document_sections, quote_records
    from cagraph.io.load import load_graph
    from cagraph.io.sources import normalize

    g = graph if graph is not None else load_graph()
    excl = load_exclusions(exclusions)
    marks = _Exclusions(excl)
    report = CoverageReport()
    docs = sorted((str(g.value(d, CAG.sourceFile)), d) for d in set(g.subjects(CAG.sourceFile, None)))
    names = _entity_names(g)
    records = quote_records(g)
    exact_of = {rec.quote: normalize(rec.exact) for rec in records if rec.exact is not None}
    for fname, doc in docs:
        text = document_text(fname)
        sections = document_sections(fname, paths.SOURCES_DIR)
        quotes, spans = _quotes_in(text, records, doc)
        _figure_coverage(report, fname, text, spans, sections, marks)
        _entity_coverage(report, g, fname, text, names, quotes, sections, marks)
        _sentence_coverage(g, report, fname, doc, exact_of, [x for x in excl if x[0] == fname and x[1] == "sentence"])
    report.gaps.extend(marks.stale({fname for fname, _ in docs}))
    return report


def _figure_coverage(report: CoverageReport, fname: str, text: str, spans: list, sections, marks: _Exclusions) -> None:
    for m in _NUM.finditer(text):
        report.figures += 1
        sec = _innermost(sections, m.start())
        if any(a <= m.start() and m.end() <= b for a, b in spans):
            report.figures_covered += 1
        elif marks.excluded(fname, "figure", sec, m.group(0)):
            report.figures_excluded += 1
        else:
            ctx = text[max(0, m.start() - 40): m.end() + 40]
            report.gaps.append(Gap(fname, "figure", sec, m.group(0), ctx))


def _entity_coverage(report: CoverageReport, g, fname: str, text: str, names: dict, quotes: list[str], sections,
                     marks: _Exclusions) -> None:
    from rdflib.namespace import RDFS, SKOS

    for e, labels in sorted(names.items()):
        pats = [re.compile(r"(?<!\w)" + re.escape(lab) + r"(?!\w)") for lab in sorted(labels)]
        hits = [m for p in pats for m in p.finditer(text)]
        if not hits:
            continue
        report.entities += 1
        label = str(g.value(e, SKOS.prefLabel) or g.value(e, RDFS.label))
        if any(p.search(qt) for p in pats for qt in quotes):
            report.entities_covered += 1
        elif marks.excluded(fname, "entity", "*", label):
            report.entities_excluded += 1
        else:
            m = hits[0]
            report.gaps.append(Gap(fname, "entity", _innermost(sections, m.start()), label,
                                   text[max(0, m.start() - 40): m.end() + 40]))


def _sentence_coverage(g, report: CoverageReport, fname: str, doc, exact_of: dict, excl: list) -> None:
    from cagraph.check.provenance import CAG

    claim_quotes = sorted({exact_of[q] for c in g.subjects(CAG.statedIn, doc)
                           for q in g.objects(c, CAG.evidence) if q in exact_of})
    sentences, counts, order = document_parts(fname)
    position = {name: i for i, name in enumerate(order, 1)}
    rows: dict[tuple[str, str], SectionCount] = {}

    def row(sec: str, part: str) -> SectionCount:
        if (sec, part) not in rows:
            rows[(sec, part)] = SectionCount(fname, position.get(sec, 0), sec, part)
        return rows[(sec, part)]

    used: set[int] = set()
    for s in sentences:
        r = row(s.section, "sentences")
        r.items += 1
        covered = any(s.text in q for q in claim_quotes)
        hit = next((i for i, (_, _, sec, key, _) in enumerate(excl) if sec in ("*", s.section) and key.rstrip() == s.key), None)
        if hit is not None:
            used.add(hit)
            if covered:
                report.gaps.append(Gap(fname, "stale-exclusion", s.section, s.key,
                                       "excluded, but a claim's quote covers this sentence: " + s.text))
        if covered:
            r.covered += 1
        elif hit is not None:
            r.excluded += 1
        else:
            report.gaps.append(Gap(fname, "sentence", s.section, s.key, s.text))
    for i, (_, _, sec, key, _) in enumerate(excl):
        if i not in used:
            report.gaps.append(Gap(fname, "stale-exclusion", sec, key, "matches no body sentence of the document"))
    for (sec, part), n in counts.items():
        row(sec, part).items += n
    report.sections.extend(rows.values())
