#!/usr/bin/env python
"""Mutation testing of the SHACL shapes: break the valid bundled data one fact at a time and check
that ``cagraph validate`` notices every break.

    python tools/mutate_shapes.py                     # all mutants, pyshacl; writes tools/MUTATION.md
    python tools/mutate_shapes.py --engine turbo      # pyshacl-turbo instead (same verdicts, faster)
    python tools/mutate_shapes.py --list              # only list the mutants (fast)
    python tools/mutate_shapes.py --shape QuoteShape --no-write

Mutants are derived from ``ontology/shapes.ttl`` itself, so a new constraint gets its mutants
without touching this file. For every node shape, on one focus node of its target:

* each property its shape requires (``sh:minCount`` >= 1) is deleted (one of two for minCount 2);
* a value gets the wrong datatype, or a malformed lexical form of the right one (``sh:datatype``);
* an object property points at a node of the wrong class (``sh:class``);
* a second value is added where ``sh:maxCount 1``;
* ``sh:pattern``, ``sh:in``, ranges, ``sh:languageIn``, ``sh:minLength``, ``sh:nodeKind``,
  ``sh:equals``, ``sh:disjoint``, ``sh:lessThan`` and ``sh:not`` are each broken once; an IRI
  pattern on the node shape gets a focus IRI outside it;
* a qualified value shape (``sh:qualifiedMinCount`` / ``sh:qualifiedMaxCount``: a quote's two
  selectors) loses its value, or gets a second one;
* an inverse path with ``sh:minCount`` (a world node is the ``cag:claimAbout`` of a claim) loses
  every value: no claim is about the node any more;
* each ``sh:or`` of a node shape gets a focus node that matches none of its members (an undated flow
  with an amount, a claim about nothing that is no cag:Assertion, a paper's quote in a section that
  is no paragraph);
* each SPARQL constraint gets the data it forbids (the author's CT+ asserted triple removed, the
  membership's direct triple removed, periods out of order, a year off its period, two documents
  sharing a file);
* and the checks SHACL cannot make: a claim loses its quote, a quote is changed so that it is no
  longer in its source, its position selector or its prefix no longer match the source, a claim is
  stated in another document than its quote's, a figure is changed so that it is no longer in its
  quote.

Each mutant is validated with :func:`cagraph.check.validate.validate` (SHACL + provenance + QC queries)
on a slice of the data: every triple of every node reachable from the mutated node (forward, so
each typed node in the slice has all its properties, and back from every world node to the claims
about it, which SHACL requires) plus the source documents, with the ontology.
The unmutated slice must conform (checked); the mutant must not. A mutant that conforms is a
survivor: the shapes are too weak there (or the break is harmless: listed with its reason in
``KNOWN_SURVIVORS``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Optional

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from rdflib import BNode, Graph, Literal, Namespace, URIRef  # noqa: E402
from rdflib.namespace import OWL, RDF, RDFS, XSD  # noqa: E402

SH = Namespace("http://www.w3.org/ns/shacl#")
CAG = Namespace("https://w3id.org/cagraph/ontology#")
CGR = Namespace("https://w3id.org/cagraph/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SHAPES_NS = "https://w3id.org/cagraph/shapes#"
REPORT = HERE / "MUTATION.md"

#: mutants that conform on purpose, with the reason (mutant id -> reason)
KNOWN_SURVIVORS: dict[str, str] = {}


# ---------------------------------------------------------------------------------------------
# Mutants
# ---------------------------------------------------------------------------------------------
@dataclass
class Mutant:
    id: str
    shape: str  # the node shape whose constraint is broken
    constraint: str  # property shape or SPARQL constraint (local name), or the check
    operator: str
    focus: URIRef
    note: str
    remove: list = field(default_factory=list)
    add: list = field(default_factory=list)
    rename: Optional[tuple] = None  # (old IRI, new IRI) everywhere in the slice
    extra_nodes: list = field(default_factory=list)  # nodes whose closure the slice must hold

    def apply(self, g: Graph) -> Graph:
        out = Graph()
        removed = set(self.remove)
        for t in g:
            if t not in removed:
                out.add(t)
        for t in self.add:
            out.add(t)
        if self.rename:
            old, new = self.rename
            fixed = Graph()
            for s, p, o in out:
                fixed.add((new if s == old else s, p, new if o == old else o))
            out = fixed
        return out


def local(n) -> str:
    s = str(n)
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class Context:
    """The data, ontology and shapes, with the lookups the operators need."""

    def __init__(self) -> None:
        from cagraph import paths
        from cagraph.io.load import load_graph

        self.paths = paths
        self.data = load_graph(paths.data_files())
        self.ontology = Graph().parse(paths.ONTOLOGY_FILE)
        self.shapes = Graph().parse(paths.SHAPES_FILE)
        self._sub: dict = {}

    def subclasses(self, c: URIRef) -> set:
        if c not in self._sub:
            self._sub[c] = set(self.ontology.transitive_subjects(RDFS.subClassOf, c))  # c included
        return self._sub[c]

    def instances(self, c: URIRef) -> list:
        classes = self.subclasses(c)
        return sorted({s for s, _, o in self.data.triples((None, RDF.type, None)) if o in classes})

    def is_a(self, node, c) -> bool:
        classes = set().union(*[self.subclasses(x) for x in c]) if isinstance(c, (set, tuple, list)) else self.subclasses(c)
        return any(t in classes for t in self.data.objects(node, RDF.type))

    def focus_nodes(self, shape: URIRef) -> list:
        nodes: set = set()
        for c in self.shapes.objects(shape, SH.targetClass):
            nodes |= set(self.instances(c))
        for p in self.shapes.objects(shape, SH.targetSubjectsOf):
            nodes |= set(self.data.subjects(p, None))
        return sorted(n for n in nodes if isinstance(n, URIRef))

    def closure(self, nodes: Iterable) -> Graph:
        """Every triple of every node reachable from ``nodes``, and of the claims about every world
        node reached (a world node without its claims would fail cagsh:FactShape-claim), and of the
        investment of every investment component reached (cagsh:InvestmentComponentShape-of)."""
        g = Graph()
        seen = set()
        todo = [n for n in nodes]
        while todo:
            n = todo.pop()
            if n in seen:
                continue
            seen.add(n)
            for t in self.data.triples((n, None, None)):
                g.add(t)
                o = t[2]
                if isinstance(o, (URIRef, BNode)) and o not in seen and (o, None, None) in self.data:
                    todo.append(o)
            todo.extend(c for c in self.data.subjects(CAG.claimAbout, n) if c not in seen)
            todo.extend(c for c in self.data.subjects(CAG.hasComponent, n) if c not in seen)
        return g

    def slice_for(self, m: Mutant) -> Graph:
        docs = self.instances(CAG.SourceDocument)
        return self.closure([m.focus, *m.extra_nodes, *docs])

    def list_values(self, node) -> list:
        out = []
        while node and node != RDF.nil:
            out.append(self.shapes.value(node, RDF.first))
            node = self.shapes.value(node, RDF.rest)
        return out


def _other_node(ctx: Context, not_class: Optional[URIRef], avoid=()) -> URIRef:
    """An existing node that is not an instance of ``not_class`` (for a wrong-class mutant)."""
    candidates = [CGR["period-2023"], CGR.china, CGR.sco, CGR["q-ec-uzbekistan-2"], CGR["doc-eurasia-center-2024"],
                  CGR["sec-ec-introduction"]]
    for c in candidates:
        if c not in avoid and (c, None, None) in ctx.data and (not_class is None or not ctx.is_a(c, not_class)):
            return c
    raise LookupError(f"no node outside {not_class}")


def _same_class_other(ctx: Context, value, cls: Optional[URIRef]) -> Optional[URIRef]:
    """Another node of ``value``'s class (for a second-value mutant on an object property)."""
    types = list(ctx.data.objects(value, RDF.type))
    if cls is not None:
        pool = ctx.instances(cls)
    elif types:
        pool = sorted(set().union(*[set(ctx.data.subjects(RDF.type, t)) for t in types]))
    else:
        return None
    for n in pool:
        if n != value and isinstance(n, URIRef):
            return n
    return None


def _wrong_datatype(v: Literal, dt: URIRef) -> Literal:
    text = str(v)
    if dt == XSD.string:
        return Literal(text, lang="en")
    if dt == RDF.langString:
        return Literal(text)
    if dt == XSD.decimal:
        return Literal(text if re.fullmatch(r"[+-]?\d+", text) else text, datatype=XSD.double)
    if dt == XSD.integer:
        return Literal(text, datatype=XSD.decimal)
    if dt == XSD.gYear:
        return Literal(text, datatype=XSD.integer)
    return Literal(text)


#: the classes of named entities (cagsh:LabelledEntityShape's targets)
ENTITY_ROOTS = tuple(CAG[c] for c in ("Place", "Agent", "Post", "Initiative", "Policy", "Proposal", "Agreement",
                                      "PolicyDocument", "InfrastructureProject", "Event", "Concept", "CommodityGroup"))

MALFORMED = {XSD.decimal: "1,5", XSD.integer: "1.5", XSD.gYear: "20x3", XSD.date: "2024-13-45", XSD.double: "one"}


def _second_literal(v: Literal) -> Literal:
    if v.language:
        return Literal(str(v) + " (second)", lang=v.language)
    dt = v.datatype
    if dt in (XSD.decimal, XSD.integer, XSD.double):
        try:
            n = Decimal(str(v)) + 1
        except InvalidOperation:
            n = Decimal(1)
        return Literal(str(n) if dt != XSD.integer else str(int(n)), datatype=dt)
    if dt == XSD.gYear:
        return Literal(str(int(str(v)) + 1) if str(v).isdigit() else "2000", datatype=XSD.gYear)
    return Literal(str(v) + " (second)", datatype=dt) if dt and dt != XSD.string else Literal(str(v) + " (second)")


def _break_pattern(v, pattern: str):
    if isinstance(v, Literal):
        text = str(v)
        if re.fullmatch(r"\d{4}", text):
            return Literal("1" + text, datatype=v.datatype)  # a valid gYear, five digits
        if re.fullmatch(r"[A-Z]{2,3}", text):
            return Literal(text.lower(), datatype=v.datatype, lang=v.language)
        if pattern.startswith("^(Title|Paragraph"):
            return Literal("Paragraph 0")
        if ".txt" in pattern:
            return Literal("../" + text)
        return Literal(text.replace(" ", "  ", 1) if " " in text else " " + text, datatype=v.datatype, lang=v.language)
    return None


def _bad_iri(focus: URIRef) -> URIRef:
    s = str(focus)
    head, _, tail = s.rpartition("/")
    return URIRef(f"{head}/BAD_{tail.upper()}")


def generate(ctx: Context, *, only: Optional[str] = None) -> list[Mutant]:
    out: list[Mutant] = []
    S = ctx.shapes

    def add(m: Mutant) -> None:
        if only is None or m.shape == only:
            out.append(m)

    for shape in sorted(S.subjects(RDF.type, SH.NodeShape)):
        sname = local(shape)
        focuses = ctx.focus_nodes(shape)
        if not focuses:
            continue
        # the node shape's own IRI pattern
        npat = S.value(shape, SH.pattern)
        if npat is not None:
            f = focuses[0]
            add(Mutant(f"{sname}:iri-pattern", sname, sname, "iri-pattern", f,
                       f"rename {local(f)} to one outside {npat}", rename=(f, _bad_iri(f))))
        for ps in sorted(S.objects(shape, SH.property)):
            path = S.value(ps, SH.path)
            pname = local(ps)
            if isinstance(path, BNode) and isinstance(S.value(path, SH.inversePath), URIRef):
                add_inverse_path_mutants(ctx, add, ps, sname, pname, S.value(path, SH.inversePath), focuses)
                continue
            if not isinstance(path, URIRef):
                continue
            with_value = [f for f in focuses if (f, path, None) in ctx.data]
            fv = with_value[0] if with_value else None
            v = ctx.data.value(fv, path) if fv is not None else None
            mid = f"{sname}:{local(path)}"
            min_count = S.value(ps, SH.minCount)
            if min_count is not None and int(min_count) >= 1 and fv is not None:
                vals = sorted(ctx.data.objects(fv, path))
                if int(min_count) >= 2 and len(vals) >= 2:
                    add(Mutant(f"{mid}:delete-one", sname, pname, "delete", fv, f"delete one of the {local(path)} values",
                               remove=[(fv, path, vals[-1])]))
                add(Mutant(f"{mid}:delete", sname, pname, "delete", fv, f"delete {local(path)}",
                           remove=[(fv, path, x) for x in vals]))
            if fv is None:
                continue
            dt = S.value(ps, SH.datatype)
            if dt is not None and isinstance(v, Literal):
                add(Mutant(f"{mid}:datatype", sname, pname, "datatype", fv, f"{local(path)} {v!s} as another datatype",
                           remove=[(fv, path, v)], add=[(fv, path, _wrong_datatype(v, dt))]))
                if dt in MALFORMED:
                    add(Mutant(f"{mid}:malformed", sname, pname, "malformed", fv, f"{local(path)} {MALFORMED[dt]!r}^^{local(dt)}",
                               remove=[(fv, path, v)], add=[(fv, path, Literal(MALFORMED[dt], datatype=dt))]))
            cls = S.value(ps, SH["class"])
            if cls is not None and isinstance(v, URIRef):
                other = _other_node(ctx, cls, avoid={v})
                add(Mutant(f"{mid}:wrong-class", sname, pname, "wrong-class", fv,
                           f"{local(path)} -> {local(other)} (not a {local(cls)})",
                           remove=[(fv, path, v)], add=[(fv, path, other)], extra_nodes=[other]))
            elif cls is None and isinstance(v, URIRef) and not isinstance(v, BNode):
                # an object property the shape leaves open: its rdfs:range says what it may point at
                rng = ctx.ontology.value(path, RDFS.range)
                if isinstance(rng, URIRef) and rng != OWL.Thing and (rng, RDF.type, OWL.Class) in ctx.ontology:
                    other = _other_node(ctx, rng, avoid={v})
                    add(Mutant(f"{mid}:wrong-class", sname, pname, "wrong-class", fv,
                               f"{local(path)} -> {local(other)} (not a {local(rng)}, the property's range)",
                               remove=[(fv, path, v)], add=[(fv, path, other)], extra_nodes=[other]))
                elif rng in (None, OWL.Thing) and v.startswith(str(CGR)) and ctx.is_a(v, ENTITY_ROOTS):
                    # any named entity will do (the shapes say "an entity IRI"): a period is none
                    other = CGR["period-2023"]
                    add(Mutant(f"{mid}:wrong-class", sname, pname, "wrong-class", fv,
                               f"{local(path)} -> {local(other)} (a period, not a named entity)",
                               remove=[(fv, path, v)], add=[(fv, path, other)], extra_nodes=[other]))
            max_count = S.value(ps, SH.maxCount)
            if max_count is not None and int(max_count) == 1:
                if isinstance(v, Literal):
                    second = _second_literal(v)
                    extra = []
                else:
                    second = _same_class_other(ctx, v, cls)
                    extra = [second] if second is not None else []
                if second is not None:
                    add(Mutant(f"{mid}:second-value", sname, pname, "max-count", fv, f"a second {local(path)}: {second}",
                               add=[(fv, path, second)], extra_nodes=extra))
            pat = S.value(ps, SH.pattern)
            if pat is not None:
                broken = _break_pattern(v, str(pat))
                if broken is not None:
                    add(Mutant(f"{mid}:pattern", sname, pname, "pattern", fv, f"{local(path)} \"{broken}\" breaks {pat}",
                               remove=[(fv, path, v)], add=[(fv, path, broken)]))
            allowed = S.value(ps, SH["in"])
            if allowed is not None:
                vals = ctx.list_values(allowed)
                bad = CAG.thousand if vals and isinstance(vals[0], URIRef) else Literal("other")
                add(Mutant(f"{mid}:not-in", sname, pname, "in", fv, f"{local(path)} {bad} is not in the list",
                           remove=[(fv, path, v)], add=[(fv, path, bad)]))
            for comp, delta in ((SH.minInclusive, -1), (SH.maxInclusive, 1), (SH.minExclusive, 0), (SH.maxExclusive, 0)):
                bound = S.value(ps, comp)
                if bound is not None and isinstance(v, Literal):
                    n = Decimal(str(bound)) + delta
                    lit = Literal(str(int(n)) if v.datatype == XSD.integer else str(n), datatype=v.datatype)
                    add(Mutant(f"{mid}:{local(comp)}", sname, pname, "range", fv, f"{local(path)} {lit} outside {local(comp)} {bound}",
                               remove=[(fv, path, v)], add=[(fv, path, lit)]))
            if S.value(ps, SH.languageIn) is not None and isinstance(v, Literal) and v.language:
                add(Mutant(f"{mid}:language", sname, pname, "language", fv, f"{local(path)} in French",
                           remove=[(fv, path, v)], add=[(fv, path, Literal(str(v), lang="fr"))]))
            if S.value(ps, SH.minLength) is not None and isinstance(v, Literal):
                add(Mutant(f"{mid}:empty", sname, pname, "min-length", fv, f"{local(path)} empty",
                           remove=[(fv, path, v)], add=[(fv, path, Literal("", lang=v.language, datatype=v.datatype if not v.language else None))]))
            kind = S.value(ps, SH.nodeKind)
            if kind == SH.IRI and isinstance(v, URIRef):
                add(Mutant(f"{mid}:literal", sname, pname, "node-kind", fv, f"{local(path)} as a literal",
                           remove=[(fv, path, v)], add=[(fv, path, Literal(local(v)))]))
            elif kind == SH.Literal and isinstance(v, Literal):
                add(Mutant(f"{mid}:iri", sname, pname, "node-kind", fv, f"{local(path)} as an IRI",
                           remove=[(fv, path, v)], add=[(fv, path, CGR.china)]))
            eq = S.value(ps, SH.equals)
            if eq is not None and isinstance(v, Literal):
                add(Mutant(f"{mid}:not-equal", sname, pname, "equals", fv, f"{local(path)} differs from {local(eq)}",
                           remove=[(fv, path, v)], add=[(fv, path, Literal(str(v) + " x", lang=v.language, datatype=None if v.language else v.datatype))]))
            dis = S.value(ps, SH.disjoint)
            if dis is not None:
                twin = ctx.data.value(fv, dis)
                if twin is not None:
                    add(Mutant(f"{mid}:not-disjoint", sname, pname, "disjoint", fv, f"{local(path)} also {twin}",
                               add=[(fv, path, twin)]))
            lt = S.value(ps, SH.lessThan)
            if lt is not None and isinstance(v, Literal) and ctx.data.value(fv, lt) is not None:
                bound = ctx.data.value(fv, lt)
                add(Mutant(f"{mid}:not-less-than", sname, pname, "less-than", fv,
                           f"{local(path)} {v} -> {bound}, not below {local(lt)}",
                           remove=[(fv, path, v)], add=[(fv, path, bound)]))
            qshape = S.value(ps, SH.qualifiedValueShape)
            if qshape is not None:
                add_qualified_mutants(ctx, add, ps, sname, pname, path, qshape, fv)
            if S.value(ps, SH["not"]) is not None and isinstance(v, Literal):
                add(Mutant(f"{mid}:markup", sname, pname, "not", fv, f"{local(path)} with conversion mark-up",
                           remove=[(fv, path, v)], add=[(fv, path, Literal("**" + str(v) + "**", datatype=v.datatype))]))
        for members in S.objects(shape, SH["or"]):
            add_or_mutants(ctx, add, sname, [local(x) for x in ctx.list_values(members)], focuses)
        for sc in sorted(S.objects(shape, SH.sparql)):
            add_sparql_mutants(ctx, add, shape, sname, local(sc), focuses)
    add_provenance_mutants(ctx, add)
    return out


def add_inverse_path_mutants(ctx: Context, add, ps, sname: str, pname: str, prop: URIRef, focuses: list) -> None:
    """``sh:inversePath`` (a world node and the claims about it): no claim is about the node any
    more; the claims about it are not of ``sh:class``."""
    S, d = ctx.shapes, ctx.data
    f = next((x for x in focuses if (None, prop, x) in d), None)
    if f is None:
        return
    pointing = sorted(d.subjects(prop, f))
    min_count = S.value(ps, SH.minCount)
    if min_count is not None and int(min_count) >= 1:
        add(Mutant(f"{sname}:{local(prop)}-of:delete", sname, pname, "delete", f,
                   f"no {local(prop)} points at {local(f)} (its {len(pointing)} claim(s) removed)",
                   remove=[t for c in pointing for t in d.triples((c, None, None))]))
    cls = S.value(ps, SH["class"])
    if cls is not None:
        add(Mutant(f"{sname}:{local(prop)}-of:wrong-class", sname, pname, "wrong-class", f,
                   f"what points at {local(f)} by {local(prop)} is no {local(cls)} (rdf:type removed)",
                   remove=[t for c in pointing for t in d.triples((c, RDF.type, None))]))


def add_qualified_mutants(ctx: Context, add, ps, sname: str, pname: str, path: URIRef, qshape, fv) -> None:
    """``sh:qualifiedValueShape`` with ``sh:class`` (a quote's selector of each kind): the value of
    that class is unlinked, or a second one (another quote's) is added."""
    S, d = ctx.shapes, ctx.data
    qcls = S.value(qshape, SH["class"])
    if qcls is None or fv is None:
        raise SystemExit(f"no mutant for the qualified value shape of {pname}: add one to tools/mutate_shapes.py")
    matching = sorted(x for x in d.objects(fv, path) if ctx.is_a(x, qcls))
    if not matching:
        return
    mid = f"{sname}:{local(path)}:{local(qcls)}"
    qmin = S.value(ps, SH.qualifiedMinCount)
    if qmin is not None and int(qmin) >= 1:
        add(Mutant(f"{mid}:delete", sname, pname, "qualified-min", fv, f"{local(path)} without its {local(qcls)}",
                   remove=[(fv, path, x) for x in matching]))
    qmax = S.value(ps, SH.qualifiedMaxCount)
    if qmax is not None and int(qmax) == 1:
        other = next(x for x in ctx.instances(qcls) if x not in matching)
        add(Mutant(f"{mid}:second-value", sname, pname, "qualified-max", fv,
                   f"a second {local(qcls)}: {local(other)}", add=[(fv, path, other)], extra_nodes=[other]))


def add_or_mutants(ctx: Context, add, sname: str, members: list, focuses: list) -> None:
    """A focus node that matches none of the members of the node shape's ``sh:or``."""
    d = ctx.data
    if members == ["DatedFlow", "GoodsOnlyFlow"]:
        f = next(x for x in focuses if (x, CAG.period, None) in d and (x, CAG.amount, None) in d)
        add(Mutant(f"{sname}:or:undated-amount", sname, "or", "or", f, f"{local(f)}, with an amount, loses its period",
                   remove=list(d.triples((f, CAG.period, None)))))
        goods = [x for x in focuses if (x, CAG.period, None) not in d]
        if goods:
            g = goods[0]
            add(Mutant(f"{sname}:or:undated-change", sname, "or", "or", g, f"{local(g)}, undated goods only, gets a change",
                       add=[(g, CAG.changePercent, Literal("10.0", datatype=XSD.decimal))]))
    elif members == ["UnreportedFlow", "ExporterReportedFlow", "ImporterReportedFlow"]:
        f = next(x for x in focuses if (x, CAG.reporter, None) in d)
        parties = set(d.objects(f, CAG.exporter)) | set(d.objects(f, CAG.importer))
        third = next(s for s in ctx.instances(CAG.State) if s not in parties)
        add(Mutant(f"{sname}:or:third-reporter", sname, "or", "or", f,
                   f"the figure of {local(f)} is said to be {local(third)}'s, neither exporter nor importer",
                   remove=list(d.triples((f, CAG.reporter, None))), add=[(f, CAG.reporter, third)]))
    elif members == ["ClaimAboutWorldNode", "RelationClaimNode"]:
        f = next(x for x in focuses if (x, CAG.claimAbout, None) in d and not ctx.is_a(x, CAG.Assertion))
        add(Mutant(f"{sname}:or:about-nothing", sname, "or", "or", f, f"{local(f)} (no cag:Assertion) loses its cag:claimAbout",
                   remove=list(d.triples((f, CAG.claimAbout, None)))))
    elif members == ["BriefQuote", "PaperQuote"]:
        f = next(x for x in focuses if str(x).startswith(str(CGR["q-ra-"])))
        sec = d.value(f, CAG.section)
        title = d.value(sec, DCTERMS.title)
        add(Mutant(f"{sname}:or:paper-section", sname, "or", "or", f,
                   f"the section of {local(f)} titled 'Paragraph 0' (not 'Title', 'Paragraph N' from 1, 'References')",
                   remove=[(sec, DCTERMS.title, title)], add=[(sec, DCTERMS.title, Literal("Paragraph 0"))]))
    else:
        raise SystemExit(f"no mutant for the sh:or ({', '.join(members)}) of {sname}: add one to tools/mutate_shapes.py")


def add_sparql_mutants(ctx: Context, add, shape, sname: str, cname: str, focuses: list) -> None:
    d = ctx.data
    if cname == "AssertionShape-tripleInGraph":
        # the plain triple is required of a CT+ claim of the document's author (its dcterms:creator,
        # or its dcterms:publisher)
        doc_authors = lambda doc: set(d.objects(doc, DCTERMS.creator)) | set(d.objects(doc, DCTERMS.publisher))  # noqa: E731
        f = next(x for x in focuses if (x, CAG.factuality, CAG.CTpos) in d
                 and d.value(x, CAG.claimant) in doc_authors(d.value(x, CAG.statedIn)))
        t = (d.value(f, CAG.assertedSubject), d.value(f, CAG.assertedPredicate), d.value(f, CAG.assertedObject))
        add(Mutant(f"{sname}:triple-removed", sname, cname, "sparql", f, "remove the triple the author's CT+ assertion names",
                   remove=[t]))
    elif cname == "MembershipShape-directTriple":
        f = focuses[0]
        t = (d.value(f, CAG.member), CAG.memberOf, d.value(f, CAG.organization))
        add(Mutant(f"{sname}:direct-triple-removed", sname, cname, "sparql", f, "remove member cag:memberOf organization",
                   remove=[t]))
    elif cname == "PeriodShape-order":
        multi = next(p for p in focuses if d.value(p, CAG.startYear) != d.value(p, CAG.endYear) and d.value(p, CAG.endYear))
        start = d.value(multi, CAG.startYear)
        end = d.value(multi, CAG.endYear)
        add(Mutant(f"{sname}:end-before-start", sname, cname, "sparql", multi, f"end year {int(str(start)) - 1} before {start}",
                   remove=[(multi, CAG.endYear, end)], add=[(multi, CAG.endYear, Literal(int(str(start)) - 1))]))
        months = next(p for p in focuses if d.value(p, CAG.startMonth) is not None)
        add(Mutant(f"{sname}:start-month-alone", sname, cname, "sparql", months, "start month without end month",
                   remove=[(months, CAG.endMonth, d.value(months, CAG.endMonth))]))
        add(Mutant(f"{sname}:end-month-first", sname, cname, "sparql", months, "end month before start month",
                   remove=[(months, CAG.endMonth, d.value(months, CAG.endMonth))],
                   add=[(months, CAG.endMonth, Literal(int(str(d.value(months, CAG.startMonth))) - 1 or 12))]
                   if int(str(d.value(months, CAG.startMonth))) > 1 else
                   [(months, CAG.startMonth, Literal(12)), (months, CAG.endMonth, Literal(11))]))
    elif cname == "DatedShape-yearOfPeriod":
        f = next(x for x in focuses if d.value(x, CAG.year) is not None)
        y = d.value(f, CAG.year)
        add(Mutant(f"{sname}:year-off-period", sname, cname, "sparql", f, f"year {int(str(y)) - 1} in period of {y}",
                   remove=[(f, CAG.year, y)], add=[(f, CAG.year, Literal(int(str(y)) - 1))]))
        add(Mutant(f"{sname}:year-missing", sname, cname, "sparql", f, "one-year period without the year",
                   remove=[(f, CAG.year, y)]))
    elif cname == "SourceDocumentShape-uniqueSourceFile":
        a, b = focuses[0], focuses[1]
        add(Mutant(f"{sname}:shared-file", sname, cname, "sparql", a, f"{local(b)} names {local(a)}'s file",
                   remove=[(b, CAG.sourceFile, d.value(b, CAG.sourceFile))], add=[(b, CAG.sourceFile, d.value(a, CAG.sourceFile))]))
    else:
        raise SystemExit(f"no mutant for the SPARQL constraint {cname}: add one to tools/mutate_shapes.py")


def add_provenance_mutants(ctx: Context, add) -> None:
    d = ctx.data

    def quoted_claims(fact) -> list:
        return sorted(c for c in d.subjects(CAG.claimAbout, fact) if (c, CAG.evidence, None) in d)

    fact = next(f for f in sorted(d.subjects(CAG.amount, None)) if quoted_claims(f))
    claim = quoted_claims(fact)[0]
    q = d.value(claim, CAG.evidence)
    text_sel = next(x for x in sorted(d.objects(q, OA.hasSelector)) if (x, OA.exact, None) in d)
    pos_sel = next(x for x in sorted(d.objects(q, OA.hasSelector)) if (x, OA.start, None) in d)
    exact = d.value(text_sel, OA.exact)
    words = str(exact).split(" ")
    i = next(k for k, w in enumerate(words) if w.isalpha() and len(w) > 3)
    changed = " ".join(words[:i] + ["Xyzzy"] + words[i + 1:])
    add(Mutant("Provenance:quote-not-in-source", "Provenance", "quote-verbatim", "provenance", q,
               f"a word of {local(q)} changed", remove=[(text_sel, OA.exact, exact)],
               add=[(text_sel, OA.exact, Literal(changed))]))
    start, end = d.value(pos_sel, OA.start), d.value(pos_sel, OA.end)
    add(Mutant("Provenance:position-shifted", "Provenance", "quote-position", "provenance", q,
               f"the position selector of {local(q)} one character off ({start}-{end} -> {int(start) + 1}-{int(end) + 1})",
               remove=[(pos_sel, OA.start, start), (pos_sel, OA.end, end)],
               add=[(pos_sel, OA.start, Literal(int(start) + 1)), (pos_sel, OA.end, Literal(int(end) + 1))]))
    prefix = d.value(text_sel, OA.prefix)
    add(Mutant("Provenance:prefix-changed", "Provenance", "quote-prefix", "provenance", q,
               f"the oa:prefix of {local(q)} is not the text before it", remove=[(text_sel, OA.prefix, prefix)],
               add=[(text_sel, OA.prefix, Literal("Xyzzy "))]))
    amount = d.value(fact, CAG.amount)
    new = Literal(str(Decimal(str(amount)) + Decimal("0.001")), datatype=XSD.decimal)
    add(Mutant("Provenance:figure-not-in-quote", "Provenance", "figure-in-quote", "provenance", fact,
               f"{local(fact)} amount {amount} -> {new}", remove=[(fact, CAG.amount, amount)], add=[(fact, CAG.amount, new)]))
    share = next(f for f in sorted(d.subjects(CAG.changePercent, None)))
    cp = d.value(share, CAG.changePercent)
    add(Mutant("Provenance:change-not-in-quote", "Provenance", "figure-in-quote", "provenance", share,
               f"{local(share)} changePercent {cp} -> 0.123", remove=[(share, CAG.changePercent, cp)],
               add=[(share, CAG.changePercent, Literal("0.123", datatype=XSD.decimal))]))
    stated = d.value(claim, CAG.statedIn)
    other = next(x for x in ctx.instances(CAG.SourceDocument) if x != stated)
    add(Mutant("Provenance:claim-in-other-document", "Provenance", "claim-document", "provenance", claim,
               f"{local(claim)} stated in {local(other)}, not its quote's document",
               remove=[(claim, CAG.statedIn, stated)], add=[(claim, CAG.statedIn, other)]))
    add(Mutant("Provenance:quote-dropped", "Provenance", "evidence", "provenance", fact,
               f"{local(claim)} (about {local(fact)}) without its quote",
               remove=[(claim, CAG.evidence, x) for x in d.objects(claim, CAG.evidence)]))


# ---------------------------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------------------------
def verdict(ctx: Context, g: Graph, engine: str, workdir: Path, *, qc: bool = True) -> tuple[bool, list[str]]:
    """(conforms, what flagged it) for ``g`` validated with the ontology."""
    from cagraph.check.validate import validate

    h = hashlib.sha256("\n".join(sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in g)).encode()).hexdigest()[:16]
    f = workdir / f"slice-{h}.nt"
    g.serialize(f, format="nt", encoding="utf-8")
    try:
        report = validate(files=[ctx.paths.ONTOLOGY_FILE, f], shacl_engine=engine, qc=qc)
    finally:
        f.unlink(missing_ok=True)
    by = sorted({local(r.shape) or r.component for r in report.shacl_violations}
                | {f"provenance:{p.check}" for p in report.provenance}
                | {f"qc:{q.name}" for q in report.qc_errors})
    return report.conforms, by


def run(ctx: Context, mutants: list[Mutant], *, engine: str, progress: bool = True,
        check_baseline: bool = True, qc: bool = True) -> list[dict]:
    """Validate each mutant on its slice; with ``check_baseline`` (the default, and what the
    report is made with) the unmutated slice is validated first and must conform. ``qc=False``
    leaves out the QC queries (no mutant is killed by them alone; quicker for samples)."""
    workdir = Path(tempfile.mkdtemp(prefix="cagraph-mutants-"))
    baseline: dict = {}
    rows = []
    for k, m in enumerate(mutants, 1):
        sl = ctx.slice_for(m)
        key = frozenset(sl)
        if key not in baseline:
            baseline[key] = verdict(ctx, sl, engine, workdir, qc=qc) if check_baseline else (True, [])
        ok, why = baseline[key]
        t0 = time.perf_counter()
        if not ok:
            rows.append({"id": m.id, "shape": m.shape, "killed": None, "by": [], "note": m.note,
                         "error": f"the unmutated slice does not conform: {why}"})
            continue
        conforms, by = verdict(ctx, m.apply(sl), engine, workdir, qc=qc)
        rows.append({"id": m.id, "shape": m.shape, "constraint": m.constraint, "operator": m.operator,
                     "killed": not conforms, "by": by, "note": m.note, "seconds": round(time.perf_counter() - t0, 2)})
        if progress:
            print(f"[{k}/{len(mutants)}] {'killed' if not conforms else 'SURVIVED'} {m.id} {by}", file=sys.stderr, flush=True)
    return rows


def summary(rows: list[dict]) -> dict[str, tuple[int, int]]:
    per: dict[str, list[int]] = {}
    for r in rows:
        k = per.setdefault(r["shape"], [0, 0])
        k[0] += 1
        k[1] += 1 if r["killed"] else 0
    return {s: (n, killed) for s, (n, killed) in sorted(per.items())}


def write_report(rows: list[dict], *, engine: str, seconds: float, timing: str = "") -> str:
    per = summary(rows)
    total = sum(n for n, _ in per.values())
    killed = sum(k for _, k in per.values())
    lines = [
        "# Shape mutation testing",
        "",
        "Written by `tools/mutate_shapes.py` (its docstring says how mutants are made). Re-run it after",
        "changing `ontology/shapes.ttl` or the data; `tests/test_mutation.py` checks that this file is current",
        "(same mutants) and re-runs a sample.",
        "",
        f"**Score: {killed}/{total} mutants killed** (engine: {engine}; {seconds:.0f} s).",
        "",
        "| node shape | mutants | killed | survived |",
        "| --- | ---: | ---: | ---: |",
    ]
    for s, (n, k) in per.items():
        lines.append(f"| {s} | {n} | {k} | {n - k} |")
    survivors = [r for r in rows if not r["killed"]]
    lines += ["", "## Survivors", ""]
    if not survivors:
        lines.append("None.")
    for r in survivors:
        reason = KNOWN_SURVIVORS.get(r["id"], r.get("error") or "not yet explained")
        lines.append(f"- `{r['id']}` ({r['note']}): {reason}")
    if timing:
        lines += ["", "## Engine and slices", "", timing]
    lines += ["", "## Mutants", "", "| mutant | what | killed by |", "| --- | --- | --- |"]
    for r in rows:
        by = ", ".join(r["by"]) if r["killed"] else "**survived**"
        lines.append(f"| `{r['id']}` | {r['note'].replace('|', '/')} | {by} |")
    return "\n".join(lines) + "\n"


def recorded_ids(path: Path = REPORT) -> list[str]:
    """The mutant ids listed in MUTATION.md (to check that it is current)."""
    text = path.read_text(encoding="utf-8").split("## Mutants", 1)[1]
    return re.findall(r"^\| `([^`]+)` \|", text, flags=re.M)


def recorded_score(path: Path = REPORT) -> tuple[int, int]:
    m = re.search(r"\*\*Score: (\d+)/(\d+) mutants killed\*\*", path.read_text(encoding="utf-8"))
    assert m, f"{path} has no score line"
    return int(m.group(1)), int(m.group(2))


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engine", default="pyshacl", choices=["pyshacl", "turbo"])
    ap.add_argument("--shape", help="only the mutants of this node shape")
    ap.add_argument("--list", action="store_true", help="list the mutants and exit")
    ap.add_argument("--no-write", action="store_true", help=f"do not write {REPORT.name}")
    ap.add_argument("--json", type=Path, help="also write the results as JSON")
    ap.add_argument("--timing", default="", help="text for the 'Engine and slices' section")
    args = ap.parse_args(argv)
    os.environ.setdefault("CAGRAPH_CACHE", tempfile.mkdtemp(prefix="cagraph-mutants-cache-"))
    import logging

    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)  # malformed literals are the point
    ctx = Context()
    mutants = generate(ctx, only=args.shape)
    if args.list:
        for m in mutants:
            print(f"{m.id}\t{m.note}")
        print(f"{len(mutants)} mutants", file=sys.stderr)
        return 0
    t0 = time.perf_counter()
    rows = run(ctx, mutants, engine=args.engine)
    secs = time.perf_counter() - t0
    per = summary(rows)
    for s, (n, k) in per.items():
        print(f"{s:24} {k:4d}/{n:<4d} killed")
    total = sum(n for n, _ in per.values())
    killed = sum(k for _, k in per.values())
    print(f"{'total':24} {killed:4d}/{total:<4d} killed in {secs:.0f} s")
    for r in rows:
        if not r["killed"]:
            print(f"SURVIVOR {r['id']}: {r['note']} {r.get('error', '')}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, default=str) + "\n", encoding="utf-8")
    if not args.no_write and not args.shape:
        REPORT.write_text(write_report(rows, engine=args.engine, seconds=secs, timing=args.timing), encoding="utf-8")
    return 0 if all(r["killed"] or r["id"] in KNOWN_SURVIVORS for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
