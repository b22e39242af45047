"""Entity names: resolve what a user types (a label, a document's own spelling, an acronym, an ISO
3166 code, a local name, a prefixed name or an IRI) to the IRI of one entity of the graph.

Matching ignores case, accents, and the difference between spaces, hyphens and apostrophes
("kirghizstan", "Kirghizstan", "KG", "kyrgyz-stan" are not all the same entity, but "Öncü" and
"oncu" are the same name). An ambiguous name lists its candidates; an unknown one suggests the
nearest names (difflib, as the standard library's own "did you mean" does).

The index is read once from the compiled store with one SPARQL query, so it follows the data.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from cagraph.errors import ParameterError
from cagraph.ns import PREFIXES, sparql_prologue

CGR = PREFIXES["cgr"]

_INDEX_QUERY = sparql_prologue("cag", "rdfs", "skos") + """
SELECT ?e ?name ?kind WHERE {
  { ?e rdfs:label ?name . BIND ("label" AS ?kind) }
  UNION { ?e skos:prefLabel ?name . BIND ("label" AS ?kind) }
  UNION { ?e skos:altLabel ?name . BIND ("alt" AS ?kind) }
  UNION { ?e cag:iso3166Alpha2|cag:iso3166Alpha3 ?name . BIND ("code" AS ?kind) }
  FILTER (isIRI(?e) && STRSTARTS(STR(?e), "https://w3id.org/cagraph/id/"))
  FILTER NOT EXISTS { ?e cag:claimAbout ?x }
  FILTER NOT EXISTS { ?e cag:evidence ?q }
  FILTER NOT EXISTS { ?e a ?record . VALUES ?record { cag:Section cag:Quote } }
}
"""


def fold(text: str) -> str:
    """The form names are compared in: no accents, case-folded, apostrophes dropped, runs of
    spaces, hyphens and underscores made one space.

    >>> fold("  Semanur Öncü "), fold("China’s"), fold("Almati-Urumchi")
    ('semanur oncu', 'chinas', 'almati urumchi')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"['’‘`]", "", plain.casefold())
    return " ".join(re.sub(r"[\s\-_]+", " ", plain).split())


@dataclass
class NameIndex:
    """Folded name -> the entities that carry it, and each entity's label."""

    by_name: dict[str, set[str]] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)

    def add(self, iri: str, name: str, *, is_label: bool = False) -> None:
        key = fold(name)
        if key:
            self.by_name.setdefault(key, set()).add(iri)
        if is_label and iri not in self.label:
            self.label[iri] = name

    @classmethod
    def from_engine(cls, engine) -> "NameIndex":
        idx = cls()
        for row in engine.query(_INDEX_QUERY).rows:
            e, name, kind = (t.value if t is not None else None for t in row)
            if e is None or name is None:
                continue
            idx.add(e, name, is_label=kind == "label")
            idx.add(e, e[len(CGR):])  # the local name, as users type it ("kazakhstan")
        return idx

    def resolve(self, text: str, *, what: str = "entity") -> str:
        """The IRI of the one entity ``text`` names, or ParameterError (ambiguous or unknown)."""
        direct = direct_iri(text)
        if direct is not None:
            return direct
        key = fold(text.strip())
        found = self.by_name.get(key, set())
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            # a local name wins over a label that happens to be the same word
            exact = [iri for iri in found if fold(iri[len(CGR):]) == key]
            if len(exact) == 1:
                return exact[0]
            cands = "; ".join(f"{self.label.get(i, i[len(CGR):])} (cgr:{i[len(CGR):]})" for i in sorted(found))
            raise ParameterError(f"{what} {text.strip()[:60]!r} is ambiguous: {cands}")
        near = difflib.get_close_matches(key, list(self.by_name), n=5, cutoff=0.6)
        if near:
            seen: set = set()
            shown = []
            for k in near:
                iris = self.by_name[k] - seen
                seen |= iris
                shown += [f"{self.label_of(i)!r} (cgr:{i[len(CGR):]})" for i in sorted(iris)]
            names = ", ".join(shown[:3])
            raise ParameterError(f"{what} {text.strip()[:60]!r} names no entity; did you mean {names}?")
        raise ParameterError(f"{what} {text.strip()[:60]!r} names no entity ('cagraph query find-entity -p text=...' searches names)")

    def label_of(self, iri: str) -> str:
        return self.label.get(iri, iri[len(CGR):] if iri.startswith(CGR) else iri)


_cache: dict[int, NameIndex] = {}


def index_for(engine) -> NameIndex:
    """The name index of an engine's graph, built once per engine object."""
    key = id(engine)
    if key not in _cache:
        _cache[key] = NameIndex.from_engine(engine)
    return _cache[key]


def direct_iri(text: str) -> Optional[str]:
    """The IRI ``text`` spells out (``<...>``, an absolute IRI, a prefixed name), or None."""
    raw = text.strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    if raw.startswith(("http://", "https://", "urn:")):
        return raw
    pfx, sep, local = raw.partition(":")
    if sep and pfx in PREFIXES and not local.startswith("//"):
        return PREFIXES[pfx] + local
    return None


def resolver_for(engine):
    """A resolver for IRI parameters. The name index is read from ``engine`` only when a name
    (not an IRI or prefixed name) has to be looked up: a query without such a parameter pays
    nothing for it."""

    def resolve(text: str, what: str = "entity") -> str:
        direct = direct_iri(text)
        return direct if direct is not None else index_for(engine).resolve(text, what=what)

    return resolve


def empty_hint(query_name: str, bound: dict[str, str], engine, *, queries_dir=None) -> str:
    """What to say when a saved query returns no rows for the entities a user named: which other
    saved queries do have rows for them (computed from the data, by running them)."""
    from cagraph.query.catalogue import catalogue, resolve_params, bind_values

    idx = index_for(engine)
    parts = []
    for pname, iri in bound.items():
        having = []
        for name, q in catalogue(queries_dir=queries_dir).items():
            if name == query_name or q.form != "select":
                continue
            iri_params = [p for p in q.parameters if p.type == "iri"]
            target = next((p for p in iri_params if p.name == pname), None) or (iri_params[0] if iri_params else None)
            if target is None:
                continue
            try:
                text = bind_values(q.text, resolve_params(q, {target.name: iri}))
                if engine.query(text).rows:
                    having.append(name)
            except Exception:  # a query that cannot take this value says nothing about it
                continue
        label = idx.label_of(iri)
        if having:
            parts.append(f"no rows for {label} in {query_name}; " + ", ".join(having[:8])
                         + (" and others" if len(having) > 8 else "") + f" have rows for it")
        else:
            parts.append(f"no rows for {label} in {query_name}, nor in any other saved query")
    return "; ".join(parts) if parts else f"{query_name}: no rows"
