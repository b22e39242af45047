"""OWL 2 RL reasoning inside Oxigraph, without rdflib: the ``native`` reasoner.

It computes exactly what :func:`cagraph.build.reason.inferred_triples` computes with owlrl (the
entailments whose subject is one of our IRIs, minus the input, minus the trivial ones), for
ontologies that stay within the part of OWL 2 RL this module implements — which cagraph's own
ontology does. ``tests/test_reasoning.py`` checks the equality on the bundled graph, on synthetic
data and on every SHACL fixture.

How: the schema (a few hundred triples) is read into Python and closed there with owlrl's
schema rules (scm-cls, scm-sco, scm-eqc1/2, scm-op, scm-dp, scm-spo, scm-eqp1/2, scm-dom1/2,
scm-rng1/2). The closed schema is then compiled into a handful of SPARQL updates that Oxigraph runs
natively over the data — prp-spo1, prp-eqp1/2, prp-inv1/2, prp-symp, prp-trp, prp-spo2 (property
chains) to a fixpoint, then prp-dom, prp-rng and cax-sco/cax-eqc1/2 once (types feed no other
rule here). Rules that only report inconsistencies (cax-dw, cax-adc, prp-irp, prp-asyp, ...) add
nothing to owlrl's closure and are skipped.

What is not supported raises :class:`Unsupported` before anything is written, so the caller can
fall back to owlrl: equality (``owl:sameAs``; a functional or inverse-functional property with two
values for one node), class restrictions and Boolean class constructors (``owl:someValuesFrom``,
``owl:hasValue``, ``owl:intersectionOf``, ``owl:unionOf``, ``owl:oneOf``, cardinalities),
``owl:hasKey``, nodes typed with a datatype, and axioms that would derive schema triples
(meta-modelling: a property axiom about ``rdf:type`` or ``rdfs:subClassOf``, a domain or range
that is an RDF/RDFS/OWL class).
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

from cagraph.ns import ASSERTED_GRAPH, INFERRED_GRAPH

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
TYPE = RDF + "type"
SUBCLASS, SUBPROP, DOMAIN, RANGE = RDFS + "subClassOf", RDFS + "subPropertyOf", RDFS + "domain", RDFS + "range"
EQCLASS, EQPROP, INVERSE, CHAIN = OWL + "equivalentClass", OWL + "equivalentProperty", OWL + "inverseOf", OWL + "propertyChainAxiom"
THING, NOTHING = OWL + "Thing", OWL + "Nothing"
OWN = "https://w3id.org/cagraph/"

SCHEMA_PREDICATES = (SUBCLASS, SUBPROP, DOMAIN, RANGE, EQCLASS, EQPROP, INVERSE, CHAIN)
PROPERTY_TYPES = (OWL + "ObjectProperty", OWL + "DatatypeProperty", RDF + "Property")
UNSUPPORTED_PREDICATES = (
    OWL + "sameAs", OWL + "someValuesFrom", OWL + "allValuesFrom", OWL + "hasValue", OWL + "intersectionOf",
    OWL + "unionOf", OWL + "oneOf", OWL + "hasKey", OWL + "maxCardinality", OWL + "maxQualifiedCardinality",
)
UNSUPPORTED_TYPES = (OWL + "InverseFunctionalProperty",)
# Predicates whose triples the schema closure is about: no property axiom may derive or rename them.
META = set(SCHEMA_PREDICATES) | {TYPE, RDF + "first", RDF + "rest"}


class Unsupported(Exception):
    """The graph uses OWL that the native reasoner does not implement (the message says what)."""


def _iri(term: Any) -> Optional[str]:
    import pyoxigraph as ox

    return term.value if isinstance(term, ox.NamedNode) else None


class Schema:
    """The schema triples of a graph, closed under owlrl's scm-* rules."""

    def __init__(self) -> None:
        self.sc: set[tuple[str, str]] = set()   # rdfs:subClassOf
        self.ec: set[tuple[str, str]] = set()   # owl:equivalentClass
        self.sp: set[tuple[str, str]] = set()   # rdfs:subPropertyOf
        self.ep: set[tuple[str, str]] = set()   # owl:equivalentProperty
        self.dom: set[tuple[str, str]] = set()
        self.rng: set[tuple[str, str]] = set()
        self.inverse: set[tuple[str, str]] = set()
        self.chains: list[tuple[str, list[str]]] = []
        self.types: dict[str, set[str]] = {}    # property/class IRI -> its rdf:types (OWL vocabulary)
        self.asserted: set[tuple[str, str, str]] = set()

    def typed(self, t: str) -> list[str]:
        return sorted(s for s, ts in self.types.items() if t in ts)

    def close(self) -> None:
        """Apply scm-cls, scm-op/dp, scm-eqc/eqp, scm-sco/spo, scm-eqc2/eqp2, scm-dom1/2, scm-rng1/2."""
        classes = set(self.typed(OWL + "Class")) | {THING, NOTHING}  # cls-thing, cls-nothing1
        for c in classes:  # scm-cls
            self.sc |= {(c, c), (c, THING), (NOTHING, c)}
            self.ec.add((c, c))
        for t in PROPERTY_TYPES:  # scm-op, scm-dp (and rdf:Property, as owlrl does)
            for p in self.typed(t):
                self.sp.add((p, p))
                self.ep.add((p, p))
        while True:
            before = (len(self.sc), len(self.ec), len(self.sp), len(self.ep), len(self.dom), len(self.rng))
            for a, b in list(self.ec):  # scm-eqc1
                if a != b:
                    self.sc |= {(a, b), (b, a)}
            for a, b in list(self.ep):  # scm-eqp1
                if a != b:
                    self.sp |= {(a, b), (b, a)}
            self.sc |= _transitive(self.sc)  # scm-sco
            self.sp |= _transitive(self.sp)  # scm-spo
            self.ec |= {(a, b) for a, b in self.sc if (b, a) in self.sc}  # scm-eqc2
            self.ep |= {(a, b) for a, b in self.sp if (b, a) in self.sp}  # scm-eqp2
            sup: dict[str, set[str]] = {}
            for a, b in self.sc:
                sup.setdefault(a, set()).add(b)
            subs: dict[str, set[str]] = {}
            for a, b in self.sp:
                subs.setdefault(b, set()).add(a)
            for rel in (self.dom, self.rng):  # scm-dom1/2, scm-rng1/2
                new = {(p, c2) for p, c1 in rel for c2 in sup.get(c1, ()) if c1 != c2}
                new |= {(p1, c) for p2, c in rel for p1 in subs.get(p2, ()) if p1 != p2}
                rel |= new
            if before == (len(self.sc), len(self.ec), len(self.sp), len(self.ep), len(self.dom), len(self.rng)):
                return

    def entailed(self) -> Iterable[tuple[str, str, str]]:
        """The closed schema as (s, p, o) IRIs (asserted ones included)."""
        for p, rel in ((SUBCLASS, self.sc), (EQCLASS, self.ec), (SUBPROP, self.sp), (EQPROP, self.ep),
                       (DOMAIN, self.dom), (RANGE, self.rng)):
            for s, o in rel:
                yield s, p, o


def _transitive(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    succ: dict[str, set[str]] = {}
    for a, b in pairs:
        succ.setdefault(a, set()).add(b)
    out = set()
    for a in list(succ):
        seen, todo = set(), list(succ[a])
        while todo:
            b = todo.pop()
            if b in seen:
                continue
            seen.add(b)
            todo.extend(succ.get(b, ()))
        out |= {(a, b) for b in seen}
    return out


def _trivial(s: str, p: str, o: str) -> bool:
    """The same filter as cagraph.build.reason._trivial, on IRIs."""
    if p == TYPE and o in (THING, RDFS + "Resource"):
        return True
    if p in (EQCLASS, EQPROP, SUBCLASS, SUBPROP) and (s == o or o == THING):
        return True
    return p == OWL + "sameAs" and s == o


def read_schema(store: Any, graph: Any) -> Schema:
    """Read the schema triples of ``graph`` in ``store``; raise Unsupported for what is not implemented."""
    import pyoxigraph as ox

    sch = Schema()
    for p in UNSUPPORTED_PREDICATES:
        if next(iter(store.quads_for_pattern(None, ox.NamedNode(p), None, graph)), None) is not None:
            raise Unsupported(f"the graph uses <{p}>")
    for q in store.quads_for_pattern(None, ox.NamedNode(TYPE), None, graph):
        o = _iri(q.object)
        if o is None:
            continue
        if o in UNSUPPORTED_TYPES:
            raise Unsupported(f"the graph uses <{o}>")
        if o.startswith(XSD) or o == RDFS + "Literal":
            raise Unsupported(f"a node is typed with the datatype <{o}>")
        if o.startswith((OWL, RDF, RDFS)):
            s = _iri(q.subject)
            if s is not None:
                sch.types.setdefault(s, set()).add(o)
    rels = {SUBCLASS: sch.sc, SUBPROP: sch.sp, DOMAIN: sch.dom, RANGE: sch.rng, EQCLASS: sch.ec, EQPROP: sch.ep,
            INVERSE: sch.inverse}
    for p, rel in rels.items():
        for q in store.quads_for_pattern(None, ox.NamedNode(p), None, graph):
            s, o = _iri(q.subject), _iri(q.object)
            if s is None or o is None:
                raise Unsupported(f"<{p}> between a blank node or literal and a node (class expressions)")
            rel.add((s, o))
            sch.asserted.add((s, p, o))
    for q in store.quads_for_pattern(None, ox.NamedNode(CHAIN), None, graph):
        s = _iri(q.subject)
        if s is None:
            raise Unsupported("a property chain on a blank node")
        sch.chains.append((s, _list(store, q.object, graph)))
    # Meta-modelling: property axioms that would derive or rename schema triples.
    prop_axioms = {p for pair in sch.sp | sch.ep | sch.inverse for p in pair if pair[0] != pair[1]}
    prop_axioms |= {p for q, chain in sch.chains for p in [q, *chain]}
    for t in ("TransitiveProperty", "SymmetricProperty"):
        prop_axioms |= set(sch.typed(OWL + t))
    bad = sorted(prop_axioms & META)
    if bad:
        raise Unsupported(f"property axioms about schema vocabulary ({', '.join(bad)})")
    for _, c in sch.dom | sch.rng | sch.sc | sch.ec:
        if c.startswith((OWL, RDF, RDFS)) and c != THING:
            raise Unsupported(f"a domain, range or superclass in the RDF/OWL vocabulary (<{c}>)")
    return sch


def _list(store: Any, head: Any, graph: Any) -> list[str]:
    import pyoxigraph as ox

    out, node, seen = [], head, set()
    nil = ox.NamedNode(RDF + "nil")
    while node != nil:
        if node in seen:
            raise Unsupported("a cyclic RDF list")
        seen.add(node)
        first = list(store.quads_for_pattern(node, ox.NamedNode(RDF + "first"), None, graph))
        rest = list(store.quads_for_pattern(node, ox.NamedNode(RDF + "rest"), None, graph))
        if len(first) != 1 or len(rest) != 1 or _iri(first[0].object) is None:
            raise Unsupported("a malformed property chain list")
        out.append(_iri(first[0].object))
        node = rest[0].object
    return out


def _values(pairs: Iterable[tuple[str, str]]) -> str:
    return " ".join(f"(<{a}> <{b}>)" for a, b in sorted(pairs))


def materialize(store: Any, *, asserted: str = ASSERTED_GRAPH, inferred: str = INFERRED_GRAPH,
                max_rounds: int = 50) -> int:
    """Write the OWL 2 RL entailments of the ``asserted`` graph of ``store`` into the (empty)
    ``inferred`` graph, filtered as :func:`cagraph.build.reason.inferred_triples` filters them.
    Returns the number of inferred triples. Raises :class:`Unsupported` (before writing anything)
    for a graph outside the implemented subset."""
    import pyoxigraph as ox

    A, I = ox.NamedNode(asserted), ox.NamedNode(inferred)
    sch = read_schema(store, A)
    functional = sch.typed(OWL + "FunctionalProperty")
    for p in functional:  # prp-fp would derive owl:sameAs between two values
        q = f"ASK {{ GRAPH <{asserted}> {{ ?x <{p}> ?a , ?b FILTER (!sameTerm(?a, ?b)) }} }}"
        if store.query(q):
            raise Unsupported(f"<{p}> is functional and a node has two values (owl:sameAs)")
    inverse = sch.inverse | {(b, a) for a, b in sch.inverse}
    for p in {a for a, _ in inverse} | set(sch.typed(OWL + "SymmetricProperty")):
        if store.query(f"ASK {{ GRAPH <{asserted}> {{ ?x <{p}> ?y FILTER (isLITERAL(?y)) }} }}"):
            raise Unsupported(f"<{p}> is inverse or symmetric and has a literal value")

    dom0 = {(p, c) for p, c in sch.dom if c != THING}  # as stated, before the schema closure
    rng0 = {(p, c) for p, c in sch.rng if c != THING}
    sch.close()
    _properties(store, sch, asserted, inferred, max_rounds)

    # Types: prp-dom and prp-rng with the domains and ranges as stated (scm-dom1/2 and scm-rng1/2
    # follow from cax-sco and from prp-spo1 having materialized the super-properties), then cax-sco
    # with the closed subclass relation, once: types feed no other rule here. owl:Thing types are
    # trivial: skipped. (MINUS, a hash anti-join, is about twice as fast here as FILTER NOT EXISTS.)
    minus = f"MINUS {{ GRAPH <{asserted}> {{ ?s a ?c }} }}"
    if dom0:
        store.update(f"INSERT {{ GRAPH <{inferred}> {{ ?s a ?c }} }} WHERE {{ {{ SELECT DISTINCT ?s ?c WHERE {{ "
                     f"VALUES (?p ?c) {{ {_values(dom0)} }} GRAPH ?g {{ ?s ?p ?o }} }} }} {minus} }}")
    if rng0:
        store.update(f"INSERT {{ GRAPH <{inferred}> {{ ?s a ?c }} }} WHERE {{ {{ SELECT DISTINCT ?s ?c WHERE {{ "
                     f"VALUES (?p ?c) {{ {_values(rng0)} }} GRAPH ?g {{ ?o ?p ?s }} FILTER (!isLITERAL(?s)) }} }} {minus} }}")
    sc = {(a, b) for a, b in sch.sc if a != b and b != THING and a != NOTHING}
    if sc:
        store.update(f"INSERT {{ GRAPH <{inferred}> {{ ?s a ?c }} }} WHERE {{ {{ SELECT DISTINCT ?s ?c WHERE {{ "
                     f"VALUES (?b ?c) {{ {_values(sc)} }} GRAPH ?g {{ ?s a ?b }} }} }} {minus} }}")

    # Everything above was derived for every node: keep our subjects and non-blank objects only,
    # as inferred_triples does.
    store.update(f"DELETE {{ GRAPH <{inferred}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{inferred}> {{ ?s ?p ?o }} "
                 f'FILTER (!isIRI(?s) || !STRSTARTS(STR(?s), "{OWN}") || isBLANK(?o)) }}')
    # The closed schema, with the same filter: our subjects, nothing trivial, nothing stated.
    tbox = [(s, p, o) for s, p, o in sch.entailed()
            if s.startswith(OWN) and not _trivial(s, p, o) and (s, p, o) not in sch.asserted]
    if tbox:
        store.extend(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o), I) for s, p, o in tbox)
    n = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{inferred}> {{ ?s ?p ?o }} }}")
    return int(next(iter(n))[0].value)


def _properties(store: Any, sch: Schema, asserted: str, inferred: str, max_rounds: int) -> list[str]:
    """The property rules, to a fixpoint, into the ``inferred`` graph: prp-spo1 (and prp-eqp1/2),
    prp-inv1/2 and prp-symp in one pass per round (their combined effect on a triple is worked out
    on the schema first), then prp-trp and prp-spo2. A round reruns the rules only on the
    predicates whose triples the round before added to. Returns the predicates it may have written."""
    sp = {(a, b) for a, b in sch.sp if a != b}
    inverse = sch.inverse | {(b, a) for a, b in sch.inverse}
    sym = set(sch.typed(OWL + "SymmetricProperty"))
    trans = sch.typed(OWL + "TransitiveProperty")
    # (p, flipped) -> the (q, flipped) a triple of p also gives, through any mix of the three rules
    step: dict[tuple[str, bool], set[tuple[str, bool]]] = {}
    for a, b in sp:
        step.setdefault((a, False), set()).add((b, False))
        step.setdefault((a, True), set()).add((b, True))
    for a, b in inverse:
        for f in (False, True):
            step.setdefault((a, f), set()).add((b, not f))
    for a in sym:
        for f in (False, True):
            step.setdefault((a, f), set()).add((a, not f))
    straight: set[tuple[str, str]] = set()
    flipped: set[tuple[str, str]] = set()
    for p in list(step):
        if p[1]:
            continue
        seen, todo = set(), [p]
        while todo:
            for nxt in step.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        straight |= {(p[0], q) for q, f in seen if not f and q != p[0]}
        flipped |= {(p[0], q) for q, f in seen if f}
    chains = [(q, chain) for q, chain in sch.chains if chain]
    tracked = sorted({p for p, _ in straight | flipped} | set(trans) | {p for _, c in chains for p in c})
    outputs = sorted({q for _, q in straight | flipped} | set(trans) | {q for q, _ in chains})
    new = f"FILTER NOT EXISTS {{ GRAPH <{asserted}> {{ ?s ?q ?o }} }}"
    dirty = set(tracked)

    def counts() -> dict[str, int]:
        if not tracked:
            return {}
        q = (f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ VALUES ?p {{ {' '.join(f'<{p}>' for p in tracked)} }} "
             f"GRAPH <{inferred}> {{ ?s ?p ?o }} }} GROUP BY ?p")
        return {row[0].value: int(row[1].value) for row in store.query(q)}

    def closure_pass(preds: set[str]) -> None:
        rows = {(p, q) for p, q in straight if p in preds}
        if rows:
            store.update(f"INSERT {{ GRAPH <{inferred}> {{ ?s ?q ?o }} }} WHERE {{ VALUES (?p ?q) {{ {_values(rows)} }} "
                         f"GRAPH ?g {{ ?s ?p ?o }} {new} }}")
        rows = {(p, q) for p, q in flipped if p in preds}
        if rows:
            store.update(f"INSERT {{ GRAPH <{inferred}> {{ ?s ?q ?o }} }} WHERE {{ VALUES (?p ?q) {{ {_values(rows)} }} "
                         f"GRAPH ?g {{ ?o ?p ?s }} FILTER (!isLITERAL(?s)) {new} }}")

    def count(p: str) -> int:
        res = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{inferred}> {{ ?s <{p}> ?o }} }}")
        return int(next(iter(res))[0].value)

    # A round: chains and transitive properties on what changed, then the one-pass closure of
    # spo1/inv/symp on what changed; what that pass changed is the next round's work.
    dirty = set(tracked)
    for _ in range(max_rounds):
        pre = counts()
        for q, chain in chains:  # prp-spo2
            if dirty & set(chain):
                hops = " ".join(f"GRAPH ?g{i} {{ ?v{i} <{p}> ?v{i + 1} }}" for i, p in enumerate(chain))
                store.update(f"INSERT {{ GRAPH <{inferred}> {{ ?s ?q ?o }} }} WHERE {{ {hops} "
                             f"BIND (?v0 AS ?s) BIND (<{q}> AS ?q) BIND (?v{len(chain)} AS ?o) {new} }}")
        for p in trans:  # prp-trp, to its own fixpoint
            if p not in dirty and not any(p == q for q, _ in chains):
                continue
            last = -1
            while True:
                store.update(f"INSERT {{ GRAPH <{inferred}> {{ ?s ?q ?o }} }} WHERE {{ BIND (<{p}> AS ?q) "
                             f"GRAPH ?g1 {{ ?s <{p}> ?m }} GRAPH ?g2 {{ ?m <{p}> ?o }} {new} }}")
                n = count(p)
                if n == last:
                    break
                last = n
        mid = counts()
        closure_pass(dirty | {p for p in tracked if mid.get(p, 0) != pre.get(p, 0)})
        post = counts()
        dirty = {p for p in tracked if post.get(p, 0) != mid.get(p, 0)}
        if not dirty:
            break
    else:  # pragma: no cover - a fixpoint of these rules is reached in a few rounds
        raise Unsupported(f"no fixpoint after {max_rounds} rounds")
    return outputs
