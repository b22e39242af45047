"""Provenance checks that SHACL cannot express: quotes are verbatim, figures are in their quotes.

``check(graph)`` returns a list of :class:`Problem`; an empty list means every quote is a
substring of its source document (after :func:`cagraph.sources.normalize` on both sides), lies in
the section it names, and every figure of every fact appears in one of the fact's quotes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from rdflib import Graph, Literal, Namespace, URIRef

from . import paths
from .ns import PREFIXES
from .sources import canonical_number, document_text, normalize, numbers_in

CAG, OA, PROV = (Namespace(PREFIXES[p]) for p in ("cag", "oa", "prov"))
FIGURES = ("amount", "changePercent", "sharePercent", "countValue", "lengthKm", "durationDays",
           "previousDurationDays", "durationYears")


@dataclass(frozen=True, order=True)
class Problem:
    focus: str
    check: str
    message: str


def check(g: Graph, *, sources_dir: Optional[Path] = None) -> list[Problem]:
    problems: list[Problem] = []
    base = sources_dir or paths.SOURCES_DIR
    quotes: dict[URIRef, str] = {}
    for q in sorted(set(g.subjects(OA.exact, None))):
        exact = g.value(q, OA.exact)
        doc = g.value(q, PROV.wasQuotedFrom)
        section = g.value(q, CAG.section)
        quotes[q] = normalize(str(exact))
        if doc is None:
            problems.append(Problem(str(q), "quote-document", "quote has no prov:wasQuotedFrom"))
            continue
        fname = g.value(doc, CAG.sourceFile)
        if fname is None:
            problems.append(Problem(str(q), "quote-document", f"document {doc} has no cag:sourceFile"))
            continue
        fname = str(fname)
        if "/" in fname or "\\" in fname or fname.startswith("."):
            problems.append(Problem(str(doc), "source-file", f"cag:sourceFile {fname!r} must be a plain file name"))
            continue
        try:
            text = document_text(fname, sources_dir=base)
        except OSError:
            problems.append(Problem(str(doc), "source-file", f"source file {fname} not found in {base}"))
            continue
        needle = quotes[q]
        pos = text.find(needle)
        if not needle or pos < 0:
            problems.append(Problem(str(q), "quote-verbatim", f"quote is not in {fname}: {needle[:80]!r}"))
            continue
        if section is not None:
            msg = _section_problem(fname, base, str(section), needle)
            if msg:
                problems.append(Problem(str(q), "quote-section", msg))
    for fact in sorted(set(g.subjects(CAG.evidence, None))):
        texts = [quotes.get(q, "") for q in g.objects(fact, CAG.evidence)]
        nums = set()
        for t in texts:
            nums.update(numbers_in(t))
        for name in FIGURES:
            for v in g.objects(fact, CAG[name]):
                if isinstance(v, Literal) and canonical_number(v) not in nums:
                    problems.append(Problem(str(fact), "figure-in-quote",
                                            f"cag:{name} {v} does not appear in the fact's quote"))
    return sorted(set(problems))


# -- sections ------------------------------------------------------------------------------------


_REF = re.compile(r"^[^\s,]+(?: [^\s,]+)?, .*\(\d{4}\)")


@lru_cache(maxsize=None)
def _sections(fname: str, base: Path) -> list[tuple[str, int, int]]:
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
    return [(n, _offset(lines, i), _offset(lines, j)) for n, i, j in out]


def _offset(lines: list[str], i: int) -> int:
    """Offset in the normalized document of the start of line ``i``."""
    return len(normalize("\n".join(lines[:i]) + "\nX")) - 1


def _section_problem(fname: str, base: Path, section: str, needle: str) -> Optional[str]:
    secs = _sections(fname, base)
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
