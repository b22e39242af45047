"""``cagraph coverage``: which figures and named entities of the sources no quote covers.

A **figure** is every number written in a source document (money, percentages, counts, lengths,
durations, years). It is covered when a quote of that document spans it. A **named entity** is
every entity of the graph whose label or alternative label occurs in a document; it is covered
when at least one quote of that document contains one of its names. Deliberate exclusions (an
ISSN, a street address, the bibliography's page numbers...) are listed with their reason in
``data/coverage-exclusions.tsv``::

    document<TAB>kind<TAB>section<TAB>text<TAB>reason

``section`` may be ``*``; ``text`` is the figure or the entity's label, or ``*`` for every figure
of that section.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import paths
from .results import QueryResult
from .sources import document_text
from .terms import Term

_NUM = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")


@dataclass(frozen=True, order=True)
class Gap:
    document: str
    kind: str  # figure | entity
    section: str
    text: str
    context: str


@dataclass
class CoverageReport:
    figures: int = 0
    figures_covered: int = 0
    figures_excluded: int = 0
    entities: int = 0
    entities_covered: int = 0
    entities_excluded: int = 0
    gaps: list[Gap] = field(default_factory=list)

    def summary(self) -> str:
        fig = f"figures {self.figures_covered}/{self.figures - self.figures_excluded} covered ({self.figures_excluded} excluded)"
        ent = f"entities {self.entities_covered}/{self.entities - self.entities_excluded} covered ({self.entities_excluded} excluded)"
        return f"coverage: {fig}; {ent}; {len(self.gaps)} gap(s)"

    def result(self) -> QueryResult:
        cols = ["document", "kind", "section", "text", "context"]
        rows = [tuple(Term.literal(getattr(g, c)) for c in cols) for g in sorted(self.gaps)]
        return QueryResult("select", variables=cols, rows=rows)


def load_exclusions(path: Optional[Path] = None) -> list[tuple[str, str, str, str, str]]:
    path = path or paths.COVERAGE_EXCLUSIONS
    if not path.is_file():
        return []
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.reader(fh, delimiter="\t"), 1):
            if not row or row[0].startswith("#") or row[0] == "document":
                continue
            if len(row) != 5 or not row[4].strip():
                from .errors import InputError

                raise InputError(f"{path}:{i}: expected 5 tab-separated columns with a reason")
            out.append(tuple(row))  # type: ignore[arg-type]
    return out


def coverage(*, graph=None, exclusions: Optional[Path] = None) -> CoverageReport:
    from rdflib.namespace import RDFS, SKOS

    from .graph import load_graph
    from .provenance import CAG, OA, PROV, _sections
    from .sources import normalize

    g = graph if graph is not None else load_graph()
    excl = load_exclusions(exclusions)
    report = CoverageReport()
    docs = sorted((str(g.value(d, CAG.sourceFile)), d) for d in set(g.subjects(CAG.sourceFile, None)))
    names: dict = {}
    for e in set(g.subjects(SKOS.prefLabel, None)):
        if str(e).startswith("https://w3id.org/cagraph/id/") and (e, None, None) in g:
            for p in (SKOS.prefLabel, SKOS.altLabel):
                for lab in g.objects(e, p):
                    if len(str(lab)) >= 3:
                        names.setdefault(e, set()).add(str(lab))
    for fname, doc in docs:
        text = document_text(fname)
        sections = _sections(fname, paths.SOURCES_DIR)
        spans = []
        quotes = []
        for q in g.subjects(PROV.wasQuotedFrom, doc):
            exact = g.value(q, OA.exact)
            if exact is None:
                continue
            needle = normalize(str(exact))
            quotes.append(needle)
            start = text.find(needle)
            while needle and start >= 0:
                spans.append((start, start + len(needle)))
                start = text.find(needle, start + 1)

        def section_of(pos: int) -> str:
            best = ""
            best_len = None
            for name, a, b in sections:
                if a <= pos < b and (best_len is None or b - a < best_len):
                    best, best_len = name, b - a
            return best

        def excluded(kind: str, section: str, t: str) -> bool:
            for d, k, s, x, _ in excl:
                if d == fname and k == kind and s in ("*", section) and x in ("*", t):
                    return True
            return False

        for m in _NUM.finditer(text):
            report.figures += 1
            sec = section_of(m.start())
            if excluded("figure", sec, m.group(0)):
                report.figures_excluded += 1
                continue
            if any(a <= m.start() and m.end() <= b for a, b in spans):
                report.figures_covered += 1
                continue
            ctx = text[max(0, m.start() - 40): m.end() + 40]
            report.gaps.append(Gap(fname, "figure", sec, m.group(0), ctx))
        for e, labels in sorted(names.items()):
            pats = [re.compile(r"(?<!\w)" + re.escape(lab) + r"(?!\w)") for lab in sorted(labels)]
            hits = [m for p in pats for m in p.finditer(text)]
            if not hits:
                continue
            report.entities += 1
            label = str(g.value(e, SKOS.prefLabel) or g.value(e, RDFS.label))
            if excluded("entity", "*", label):
                report.entities_excluded += 1
                continue
            if any(p.search(qt) for p in pats for qt in quotes):
                report.entities_covered += 1
                continue
            m = hits[0]
            report.gaps.append(Gap(fname, "entity", section_of(m.start()), label,
                                   text[max(0, m.start() - 40): m.end() + 40]))
    return report
