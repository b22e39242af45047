"""Reading the graph for the review site: labels, quotes, facts and entities, read once and sorted.

:class:`Model` is what every page (and the review sheet, :mod:`cagraph.publish.review`) reads:
``m.facts`` (one :class:`FactView` per world node or relation claim, with its English sentence and
one :class:`QuoteView` per claim), ``m.entities`` (the things that get a page), ``m.documents`` and
``m.page_names`` (node -> ``entity/<slug>.html``). Quotes come from
:func:`cagraph.check.provenance.quote_records`, the one reader of quotes and their selectors.

>>> slug("https://w3id.org/cagraph/id/china")
'china'
>>> slug("https://w3id.org/cagraph/id/../../etc/passwd").startswith("etc-passwd-")
True
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Optional

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from cagraph.ns import PREFIXES
from cagraph.site.sentences import SentenceRenderer, local_name, year_of

CAG, CGR, OA, PROV, ORG, FOAF, SDO = (Namespace(PREFIXES[p]) for p in ("cag", "cgr", "oa", "prov", "org", "foaf", "schema"))

#: The Central Asian states, if the graph does not say (``cag:locatedIn cgr:central-asia``).
CENTRAL_ASIA_DEFAULT = ("kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan")

#: A quote that is not found in its document sorts last.
NOT_FOUND = 10**9

_SLUG_BAD = re.compile(r"[^a-z0-9-]+")


def slug(iri: str) -> str:
    """A file-name-safe name for an IRI: ``[a-z0-9-]`` only; a short hash when the IRI's local name
    had to be changed (or is not in the data namespace), so two IRIs never share a file."""
    s = str(iri)
    local = s[len(str(CGR)):] if s.startswith(str(CGR)) else re.split(r"[/#]", s.rstrip("/#"))[-1]
    clean = _SLUG_BAD.sub("-", local.lower()).strip("-")
    clean = re.sub(r"-{2,}", "-", clean)[:80].strip("-")
    if clean != local or not s.startswith(str(CGR)) or not clean:
        digest = hashlib.sha256(s.encode("utf-8")).hexdigest()[:8]
        clean = f"{clean}-{digest}" if clean else digest
    return clean


def curie(iri) -> str:
    """``cgr:`` or ``cag:`` prefixed name of an IRI, else the IRI.

    >>> curie("https://w3id.org/cagraph/id/china")
    'cgr:china'
    """
    s = str(iri)
    for p, ns in (("cgr:", str(CGR)), ("cag:", str(CAG))):
        if s.startswith(ns):
            return p + s[len(ns):]
    return s


def _lit_sort(lit: Literal) -> tuple:
    return (0 if getattr(lit, "language", None) in ("en", None) else 1, str(lit))


class Labels:
    """Labels of IRIs: ``skos:prefLabel``@en, then ``rdfs:label``@en, then the local name."""

    def __init__(self, g: Graph):
        self.g = g
        self._cache: dict = {}

    def __call__(self, node) -> str:
        if node in self._cache:
            return self._cache[node]
        out = None
        for p in (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name, SDO.name):
            vals = sorted((o for o in self.g.objects(node, p) if isinstance(o, Literal)), key=_lit_sort)
            if vals:
                out = str(vals[0])
                break
        if out is None:
            out = local_name(node)
            if isinstance(node, URIRef) and not str(node).startswith(str(CGR)) and re.fullmatch(r"[A-Za-z]+", out):
                out = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", out).lower()  # BibliographicResource -> bibliographic resource
        self._cache[node] = out
        return out




@dataclass
class QuoteView:
    iri: URIRef
    text: str
    section: str
    document: Optional[URIRef]
    position: int  # offset in the normalized document text; large if not found
    claim: Optional[URIRef] = None  # the claim this quote is the evidence of (set per fact)
    factuality: str = ""  # FactBank code, e.g. "PS+"
    factuality_words: str = ""  # "possibly"
    claimant: Optional[URIRef] = None
    kind: str = ""  # reported fact / evaluation / argument

    @property
    def sort_key(self) -> tuple:
        return (str(self.document or "~"), self.position, str(self.iri))


@dataclass
class FactView:
    iri: URIRef
    cls: URIRef
    cls_label: str
    parts: list  # sentence segments: str or URIRef
    quotes: list[QuoteView]
    notes: list[str]
    participants: list[URIRef]
    time_key: Optional[tuple]  # (start year, end year) or None
    time_label: str
    value: str = ""
    unit: str = ""
    comments: list = field(default_factory=list)  # skos:note (e.g. reviewers' comments)

    @property
    def document(self) -> Optional[URIRef]:
        return self.quotes[0].document if self.quotes else None

    @property
    def sort_key(self) -> tuple:
        if self.quotes:
            return self.quotes[0].sort_key + (str(self.iri),)
        return ("~", 10**12, "", str(self.iri))


# Predicates of a fact whose objects are not the things the fact is about.
_NOT_PARTICIPANT = {RDF.type, CAG.evidence, CAG.period, CAG.comparedWith, CAG.scale, CAG.statedIn,
                    CAG.assertedPredicate, PROV.wasDerivedFrom, CAG.claimant, CAG.factuality, CAG.claimKind,
                    CAG.claimAbout, PROV.wasAttributedTo}


# Records of the graph that are not things the documents talk about: no entity page for them.
_RECORD_TYPES = (OA.TextQuoteSelector, OA.TextPositionSelector, CAG.Section, Namespace("http://www.w3.org/2006/time#").Instant)


class Model:
    """Everything the pages need, read once from the graph and sorted."""

    def __init__(self, g: Graph, *, sources_dir: Optional[Path] = None):
        self.g = g
        self.label = Labels(g)
        self.sources_dir = sources_dir
        self.warnings: list[str] = []
        self.fact_classes = self._subclasses(CAG.Fact) | {CAG.Assertion}  # world nodes and relation claims
        self._doc_text: dict = {}
        self.documents = sorted(set(s for s in g.subjects(RDF.type, CAG.SourceDocument) if isinstance(s, URIRef)),
                                key=lambda d: (self.label(d).lower(), str(d)))
        from cagraph.check.provenance import quote_records

        self.quotes = {rec.quote: self._quote(rec) for rec in quote_records(g) if isinstance(rec.quote, URIRef)}
        # the world nodes (n-ary facts) and the relation claims; claims about a world node are
        # shown with it, not on their own
        self.claim_nodes = set(s for s in g.subjects(CAG.claimAbout, None) if isinstance(s, URIRef))
        fact_nodes = set()
        for c in self.fact_classes:
            fact_nodes.update(s for s in g.subjects(RDF.type, c) if isinstance(s, URIRef))
        fact_nodes.update(s for s in g.subjects(CAG.evidence, None)
                          if isinstance(s, URIRef) and s not in self.claim_nodes)
        self.renderer = SentenceRenderer(self)
        self.facts: dict[URIRef, FactView] = {}
        for f in sorted(fact_nodes):
            self.facts[f] = self._fact(f)
        self.fact_list = sorted(self.facts.values(), key=lambda f: f.sort_key)
        self.entities = self._entities()
        self.entity_set = set(self.entities)
        self.facts_of: dict[URIRef, list[FactView]] = defaultdict(list)
        for fv in self.fact_list:
            for p in fv.participants:
                self.facts_of[p].append(fv)
        self.doc_set = set(self.documents)
        self.page_names = self._page_names()

    # -- ontology ---------------------------------------------------------------------------
    def _subclasses(self, root: URIRef) -> set:
        return set(self.g.transitive_subjects(RDFS.subClassOf, root))  # root included

    def superclasses_of_node(self, node: URIRef) -> set:
        out: set = set()
        for t in self.g.objects(node, RDF.type):
            out |= self.superclasses(t)
        return out

    def superclasses(self, c: URIRef) -> set:
        return set(self.g.transitive_objects(c, RDFS.subClassOf))

    def most_specific(self, node: URIRef, within: set) -> Optional[URIRef]:
        types_ = [t for t in self.g.objects(node, RDF.type) if t in within]
        if not types_:
            return None
        best = [t for t in types_ if not any(o != t and t in self.superclasses(o) for o in types_)]
        return sorted(best or types_)[0]

    # -- quotes and facts -------------------------------------------------------------------
    def document_text(self, doc: Optional[URIRef]) -> Optional[str]:
        if doc is None:
            return None
        if doc in self._doc_text:
            return self._doc_text[doc]
        text = None
        fname = self.g.value(doc, CAG.sourceFile)
        if fname is not None and re.fullmatch(r"[A-Za-z0-9._-]+", str(fname)) and not str(fname).startswith("."):
            from cagraph.io.sources import document_text

            try:
                text = document_text(str(fname), sources_dir=self.sources_dir)
            except (OSError, UnicodeDecodeError):
                text = None
        self._doc_text[doc] = text
        return text

    def _quote(self, rec) -> QuoteView:
        """A quote view from a :class:`cagraph.check.provenance.QuoteRecord`, with its position in
        its document (``NOT_FOUND`` and a warning when the quote is not in it)."""
        from cagraph.io.sources import normalize

        doc = rec.document if isinstance(rec.document, URIRef) else None
        text = rec.exact or ""
        pos = NOT_FOUND
        doc_text = self.document_text(doc)
        if doc_text is not None and text:
            found = doc_text.find(normalize(text))
            if found >= 0:
                pos = found
            else:
                self.warnings.append(f"{rec.quote}: quote not found in its document; listed last")
        return QuoteView(rec.quote, text, rec.section or "", doc, pos)

    def _fact(self, f: URIRef) -> FactView:
        g = self.g
        cls = self.most_specific(f, self.fact_classes) or CAG.Fact
        quotes = sorted(self.claim_quotes(f), key=lambda qv: qv.sort_key)
        notes = sorted(str(n) for n in g.objects(f, SKOS.editorialNote))
        parts_ = self.renderer.render(f, cls)
        participants = set()
        for p, o in g.predicate_objects(f):
            if p in _NOT_PARTICIPANT or not isinstance(o, URIRef) or o == f:
                continue
            if (o, RDF.type, CAG.Quote) in g or (o, RDF.type, CAG.Period) in g or (o, RDF.type, CAG.Scale) in g:
                continue
            if str(o).startswith(str(CGR)):
                participants.add(o)
        time_key, time_label = self.time_of(f)
        value, unit = self.renderer.value_of(f)
        comments = sorted(str(n) for n in g.objects(f, SKOS.note))
        return FactView(f, cls, self.label(cls), parts_, quotes, notes, sorted(participants), time_key,
                        time_label, value, unit, comments)

    def claims_of(self, f: URIRef) -> list[URIRef]:
        """The claims that state a world node, or the relation claim itself."""
        if f in self.claim_nodes or (f, CAG.evidence, None) in self.g:
            return [f]
        return sorted(c for c in self.g.subjects(CAG.claimAbout, f) if isinstance(c, URIRef))

    def claim_quotes(self, f: URIRef) -> list[QuoteView]:
        """One quote view per claim of ``f``, carrying the claim's factuality, claimant and kind."""
        g = self.g
        out = []
        for c in self.claims_of(f):
            fact = g.value(c, CAG.factuality)
            code = str(g.value(fact, SKOS.notation) or "") if fact is not None else ""
            words = str(g.value(fact, CAG.inWords) or "") if fact is not None else ""
            kind = g.value(c, CAG.claimKind)
            for q in g.objects(c, CAG.evidence):
                if not isinstance(q, URIRef):
                    continue
                base = self.quotes.get(q)
                if base is None:  # evidence that is no quote (no selector, not a cag:Quote)
                    doc = g.value(q, OA.hasSource)
                    base = QuoteView(q, "", "", doc if isinstance(doc, URIRef) else None, NOT_FOUND)
                out.append(replace(base, claim=c, factuality=code, factuality_words=words,
                                   claimant=g.value(c, CAG.claimant),
                                   kind=self.label(kind) if kind is not None else ""))
        return out

    def time_of(self, f: URIRef) -> tuple[Optional[tuple], str]:
        g = self.g
        year = year_of(g.value(f, CAG.year))
        period = g.value(f, CAG.period)
        if year is not None:
            plabel = self.label(period) if period is not None else str(year)
            return (year, year), plabel
        if period is not None:
            sy, ey = year_of(g.value(period, CAG.startYear)), year_of(g.value(period, CAG.endYear))
            if sy is not None:
                return (sy, ey if ey is not None else 9999), self.label(period)
            return None, self.label(period)
        sy = year_of(g.value(f, CAG.startYear))
        if sy is not None:
            return (sy, sy), str(sy)
        return None, ""

    # -- entities ---------------------------------------------------------------------------
    def _entities(self) -> list[URIRef]:
        g = self.g
        cands = set()
        for s in g.subjects():
            if isinstance(s, URIRef) and str(s).startswith(str(CGR)):
                cands.add(s)
        out = []
        for s in cands:
            if s in self.quotes or (s, RDF.type, CAG.Period) in g or (s, RDF.type, CAG.SourceDocument) in g:
                continue
            if s in self.claim_nodes or any((s, RDF.type, t) in g for t in _RECORD_TYPES):
                continue
            has_type = any(True for _ in g.objects(s, RDF.type))
            has_label = (s, SKOS.prefLabel, None) in g or (s, RDFS.label, None) in g
            if s in self.facts and not (self.superclasses_of_node(s) & {CAG.Event}):
                continue  # a fact (not an event): shown on the pages of what it is about
            if not has_type and not has_label:
                continue  # a node that only carries metadata (e.g. a dataset note)
            out.append(s)
        return sorted(out, key=lambda s: (self.label(s).lower(), str(s)))

    def _page_names(self) -> dict:
        names = {}
        used: dict[str, URIRef] = {}
        for kind, nodes in (("entity", self.entities), ("document", self.documents)):
            for n in sorted(nodes):
                name = slug(n)
                if (kind, name) in used:  # cannot happen with hashed slugs; be safe anyway
                    name = f"{name}-{hashlib.sha256(str(n).encode()).hexdigest()[:8]}"
                used[(kind, name)] = n
                names[n] = f"{kind}/{name}.html"
        return names

    def types_of(self, node: URIRef) -> list[URIRef]:
        return sorted(set(t for t in self.g.objects(node, RDF.type) if isinstance(t, URIRef)),
                      key=lambda t: (self.label(t).lower(), str(t)))

    def central_asian_states(self) -> list[URIRef]:
        g = self.g
        ca = CGR["central-asia"]
        found = set(s for s in g.subjects(CAG.locatedIn, ca) if (s, RDF.type, CAG.State) in g)
        found |= set(o for o in g.objects(ca, CAG.containsPlace) if (o, RDF.type, CAG.State) in g)
        if not found:
            found = {CGR[n] for n in CENTRAL_ASIA_DEFAULT if (CGR[n], None, None) in g}
        return sorted(found, key=lambda s: (self.label(s).lower(), str(s)))

