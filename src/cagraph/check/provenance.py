"""Provenance checks that SHACL cannot express: quotes are verbatim, figures are in their quotes.

``check(graph)`` returns a list of :class:`Problem`; an empty list means every quote's oa:exact is
a substring of its source document (after :func:`cagraph.io.sources.normalize`), its position
selector slices the stored file to exactly that text, its prefix and suffix surround it, it lies in
the section it names, every claim is stated in the document of its evidence, and every figure of
every world node appears in the quote of a claim about it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from rdflib import RDF, Graph, Literal, Namespace, URIRef

from cagraph import paths
from cagraph.ns import PREFIXES
from cagraph.io.sources import anchor, canonical_number, document_text, normalize, numbers_in, raw_text

CAG, OA, PROV, DCTERMS = (Namespace(PREFIXES[p]) for p in ("cag", "oa", "prov", "dcterms"))
FIGURES = ("amount", "changePercent", "sharePercent", "countValue", "lengthKm", "durationDays",
           "previousDurationDays", "durationYears")


@dataclass(frozen=True, order=True)
class Problem:
    focus: str
    check: str
    message: str


@dataclass(frozen=True)
class QuoteRecord:
    """A quote (Web Annotation target) as the graph states it."""

    quote: URIRef
    document: Optional[URIRef]
    exact: Optional[str]
    prefix: Optional[str]
    suffix: Optional[str]
    start: Optional[int]
    end: Optional[int]
    section: Optional[str]


def quote_records(g: Graph) -> list[QuoteRecord]:
    """Every quote of the graph with its document, selectors and section title."""
    out = []
    for q in sorted(set(g.subjects(OA.hasSelector, None)) | set(g.subjects(RDF.type, CAG.Quote))):
        exact = prefix = suffix = start = end = None
        for sel in g.objects(q, OA.hasSelector):
            if g.value(sel, OA.exact) is not None:
                exact = str(g.value(sel, OA.exact))
                prefix = _str(g.value(sel, OA.prefix))
                suffix = _str(g.value(sel, OA.suffix))
            if g.value(sel, OA.start) is not None:
                start, end = _int(g.value(sel, OA.start)), _int(g.value(sel, OA.end))
        section = g.value(q, CAG.section)
        title = g.value(section, DCTERMS.title) if section is not None else None
        out.append(QuoteRecord(q, g.value(q, OA.hasSource), exact, prefix, suffix, start, end, _str(title)))
    return out


def _str(v) -> Optional[str]:
    return None if v is None else str(v)


def _int(v) -> Optional[int]:
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def check(g: Graph, *, sources_dir: Optional[Path] = None) -> list[Problem]:
    problems: list[Problem] = []
    base = sources_dir or paths.SOURCES_DIR
    quotes: dict[URIRef, str] = {}
    for rec in quote_records(g):
        q = rec.quote
        if rec.exact is None:
            problems.append(Problem(str(q), "quote-selector", "quote has no oa:TextQuoteSelector with oa:exact"))
            continue
        quotes[q] = normalize(rec.exact)
        if rec.document is None:
            problems.append(Problem(str(q), "quote-document", "quote has no oa:hasSource"))
            continue
        fname = g.value(rec.document, CAG.sourceFile)
        if fname is None:
            problems.append(Problem(str(q), "quote-document", f"document {rec.document} has no cag:sourceFile"))
            continue
        fname = str(fname)
        if "/" in fname or "\\" in fname or fname.startswith("."):
            problems.append(Problem(str(rec.document), "source-file", f"cag:sourceFile {fname!r} must be a plain file name"))
            continue
        try:
            text = document_text(fname, sources_dir=base)
        except OSError:
            problems.append(Problem(str(rec.document), "source-file", f"source file {fname} not found in {base}"))
            continue
        needle = quotes[q]
        pos = text.find(needle)
        if not needle or pos < 0 or needle != rec.exact:
            problems.append(Problem(str(q), "quote-verbatim", f"quote is not in {fname}: {needle[:80]!r}"))
            continue
        problems.extend(_anchor_problems(rec, fname, base))
        if rec.section is not None:
            msg = _section_problem(fname, base, rec.section, needle)
            if msg:
                problems.append(Problem(str(q), "quote-section", msg))
    for claim in sorted(set(g.subjects(CAG.evidence, None))):
        stated = g.value(claim, CAG.statedIn)
        for q in g.objects(claim, CAG.evidence):
            if stated is not None and g.value(q, OA.hasSource) not in (None, stated):
                problems.append(Problem(str(claim), "claim-document",
                                        "cag:statedIn is not the oa:hasSource of the claim's evidence"))
    # every figure of a world node appears in the quote of at least one claim about it
    evidence: dict[URIRef, set[str]] = {}
    for claim, fact in g.subject_objects(CAG.claimAbout):
        for q in g.objects(claim, CAG.evidence):
            evidence.setdefault(fact, set()).update(numbers_in(quotes.get(q, "")))
    for fact in sorted(evidence):
        for name in FIGURES:
            for v in g.objects(fact, CAG[name]):
                if isinstance(v, Literal) and canonical_number(v) not in evidence[fact]:
                    problems.append(Problem(str(fact), "figure-in-quote",
                                            f"cag:{name} {v} does not appear in the quote of any claim about it"))
    return sorted(set(problems))


def _anchor_problems(rec: QuoteRecord, fname: str, base: Path) -> list[Problem]:
    """The position selector slices the stored text to the quote; prefix and suffix surround it."""
    q = str(rec.quote)
    if rec.start is None or rec.end is None:
        return [Problem(q, "quote-position", "quote has no oa:TextPositionSelector with oa:start and oa:end")]
    raw = raw_text(fname, sources_dir=base)
    if not (0 <= rec.start < rec.end <= len(raw)) or normalize(raw[rec.start:rec.end]) != rec.exact:
        return [Problem(q, "quote-position", f"oa:start {rec.start} / oa:end {rec.end} do not select the quote in {fname}")]
    found = anchor(fname, rec.exact, sources_dir=base)
    norm = document_text(fname, sources_dir=base)
    before = normalize(raw[:rec.start] + "x")[:-1].rstrip() if rec.start else ""
    i = len(before) + (1 if before else 0)
    out = []
    if rec.prefix is not None and not norm[:i].endswith(rec.prefix) and rec.prefix != found.prefix:
        out.append(Problem(q, "quote-prefix", "oa:prefix is not the text just before the quote"))
    if rec.suffix is not None and not norm[i + len(rec.exact):].startswith(rec.suffix) and rec.suffix != found.suffix:
        out.append(Problem(q, "quote-suffix", "oa:suffix is not the text just after the quote"))
    return out


# -- sections ------------------------------------------------------------------------------------


_REF = re.compile(r"^[^\s,]+(?: [^\s,]+)?, .*\(\d{4}\)")


@lru_cache(maxsize=None)
def document_sections(fname: str, base: Path) -> list[tuple[str, int, int]]:
    """(section name, start, end) offsets in the normalized text of a document.

    A document with Markdown headings ('#' lines) is cut at its headings and table captions
    ('Table N.'); 'Title' is everything before the first heading titled 'Abstract'. A document
    without headings has 'Title' (its first line), 'Paragraph N' (the non-empty body lines) and
    'References' (from the first line that reads like an author-year reference).
    """
    raw = (base / fname).read_text(encoding="utf-8")
    lines = raw.splitlines()
    norm = [normalize(ln) for ln in lines]
    out: list[tuple[str, int, int]] = []
    if any(ln.lstrip().startswith("#") for ln in lines):
        heads = [(i, normalize(ln.lstrip().lstrip("#"))) for i, ln in enumerate(lines) if ln.lstrip().startswith("#")]
        for k, (i, name) in enumerate(heads):
            j = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
            out.append((name, i, j))
        # a table caption opens a section that ends at its 'Source:' line or the next heading
        for i, ln in enumerate(norm):
            if re.match(r"^Table \d+\.", ln):
                nxt = next((h for h, _ in heads if h > i), len(lines))
                src = next((k for k in range(i, nxt) if norm[k].startswith("Source:")), None)
                out.append((ln, i, (src + 1) if src is not None else nxt))
        marks = heads
        abstract = next((i for i, name in marks if name == "Abstract"), None)
        if abstract is not None:
            out.append(("Title", 0, abstract))
    else:
        nonempty = [i for i, ln in enumerate(lines) if ln.strip()]
        if not nonempty:
            return []
        first_ref = next((i for i in nonempty if _REF.match(lines[i])), len(lines))
        paras = [i for i in nonempty if i < first_ref and len(lines[i]) > 200]
        out.append(("Title", nonempty[0], paras[0] if paras else nonempty[0] + 1))
        for n, i in enumerate(paras, 1):
            out.append((f"Paragraph {n}", i, i + 1))
        out.append(("References", first_ref, len(lines)))
    return [(n, line_offset(lines, i), line_offset(lines, j)) for n, i, j in out]


def line_offset(lines: list[str], i: int) -> int:
    """Offset in the normalized document of the start of line ``i``."""
    return len(normalize("\n".join(lines[:i]) + "\nX")) - 1


def _section_problem(fname: str, base: Path, section: str, needle: str) -> Optional[str]:
    secs = document_sections(fname, base)
    names = [s[0] for s in secs]
    if section not in names:
        return f"section {section!r} is not a heading of {fname}"
    text = document_text(fname, sources_dir=base)
    for name, start, end in secs:
        if name != section:
            continue
        chunk = text[max(0, start - 1):end + 1]
        if needle in chunk:
            return None
    return f"quote is not under section {section!r} of {fname}"
