"""``cagraph export``: the merged ontology + data (+ OWL-RL entailments), in stable order.

Triples are sorted (subject, predicate, object by their N-Triples form) before serializing, so the
output is byte-identical across runs and ``PYTHONHASHSEED`` values and diffs line by line. TriG
keeps the asserted and the inferred triples in their own named graphs; the other formats merge
them when ``inferred`` is asked for.

>>> import io; buf = io.BytesIO(); n = export(buf, fmt="nt"); n > 1000
True
"""
from __future__ import annotations

import re
from typing import IO, Any, Optional

from .errors import OutputError
from .ns import ASSERTED_GRAPH, INFERRED_GRAPH, PREFIXES

FORMATS = {
    "turtle": "TURTLE",
    "ttl": "TURTLE",
    "nt": "N_TRIPLES",
    "ntriples": "N_TRIPLES",
    "jsonld": "JSON_LD",
    "json-ld": "JSON_LD",
    "xml": "RDF_XML",
    "rdfxml": "RDF_XML",
    "trig": "TRIG",
    "nq": "N_QUADS",
}
EXTENSIONS = {"TURTLE": ".ttl", "N_TRIPLES": ".nt", "JSON_LD": ".jsonld", "RDF_XML": ".rdf", "TRIG": ".trig", "N_QUADS": ".nq"}


def _key(q: Any) -> tuple:
    return (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))


def quads(store: Any, *, inferred: bool = False) -> list:
    import pyoxigraph as ox

    graphs = [ox.NamedNode(ASSERTED_GRAPH)] + ([ox.NamedNode(INFERRED_GRAPH)] if inferred else [])
    out = []
    for gname in graphs:
        out.extend(store.quads_for_pattern(None, None, None, gname))
    return sorted(_stable_blank_nodes(out), key=_key)


def _stable_blank_nodes(qs: list) -> list:
    """``qs`` with every blank node relabelled from what surrounds it, not from the store.

    A store gives its blank nodes (the OWL restrictions and lists of the ontology) random labels
    on every build; sorting by them would reorder the export after each rebuild. Each blank node
    gets a label hashed from its triples, refined with its neighbours' labels until stable
    (colour refinement), so the same graph gives the same labels on every build and machine.
    """
    import hashlib

    import pyoxigraph as ox

    touching = [q for q in qs if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)]
    if not touching:
        return qs
    nodes = {n for q in touching for n in (q.subject, q.object) if isinstance(n, ox.BlankNode)}
    colour = {b: "" for b in nodes}

    def key(n: Any) -> str:
        return "_:" + colour[n] if isinstance(n, ox.BlankNode) else str(n)

    distinct = 1
    for _ in range(len(nodes) + 1):  # bounded: each round splits a class or stops
        sig: dict = {b: [colour[b]] for b in nodes}
        for q in touching:
            if isinstance(q.subject, ox.BlankNode):
                sig[q.subject].append(f"out {q.graph_name} {q.predicate} {key(q.object)}")
            if isinstance(q.object, ox.BlankNode):
                sig[q.object].append(f"in {q.graph_name} {q.predicate} {key(q.subject)}")
        colour = {b: hashlib.sha256("\n".join(sorted(v)).encode()).hexdigest()[:32] for b, v in sig.items()}
        n = len(set(colour.values()))
        if n == distinct:
            break
        distinct = n
    seen: dict = {}
    label = {}
    for b in sorted(nodes, key=lambda b: colour[b]):
        k = seen[colour[b]] = seen.get(colour[b], 0) + 1
        label[b] = ox.BlankNode("b" + colour[b] + (f"x{k}" if k > 1 else ""))

    def fix(n: Any) -> Any:
        return label[n] if isinstance(n, ox.BlankNode) else n

    return [ox.Quad(fix(q.subject), q.predicate, fix(q.object), q.graph_name)
            if (isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)) else q for q in qs]


def export(out: IO[bytes], *, fmt: str = "turtle", inferred: bool = False, store: Optional[Any] = None) -> int:
    """Write the graph to ``out`` (a binary stream); returns the number of triples (or quads)."""
    import pyoxigraph as ox

    name = FORMATS.get(fmt.lower())
    if name is None:
        raise OutputError(f"--format {fmt!r}: unknown RDF format (one of turtle, nt, jsonld, xml, trig)")
    rdf_format = getattr(ox.RdfFormat, name)
    if store is None:
        from .store import open_store

        store, _ = open_store()
    qs = quads(store, inferred=inferred)
    prefixes = dict(sorted(PREFIXES.items()))
    if name in ("TRIG", "N_QUADS"):
        data = ox.serialize(qs, format=rdf_format, prefixes=prefixes) if name == "TRIG" else ox.serialize(qs, format=rdf_format)
        out.write(data)
        return len(qs)
    seen = set()
    triples = []
    for q in sorted(qs, key=lambda q: (str(q.subject), str(q.predicate), str(q.object))):
        t = q.triple
        k = (str(t.subject), str(t.predicate), str(t.object))
        if k not in seen:
            seen.add(k)
            triples.append(t)
    if name == "N_TRIPLES":
        out.write(ox.serialize(triples, format=rdf_format))
    elif name == "JSON_LD":
        out.write(ox.serialize(triples, format=rdf_format))
    elif name == "RDF_XML":
        out.write(_xml_safe(ox.serialize(triples, format=rdf_format, prefixes=prefixes)))
    else:
        out.write(ox.serialize(triples, format=rdf_format, prefixes=prefixes))
    return len(triples)


_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


def _xml_safe(data: bytes) -> bytes:
    """RDF/XML as Oxigraph writes it, made safe for XML parsers: a carriage return in a literal
    becomes ``&#13;`` (a parser would read a raw one as a line end), and a literal holding a
    character XML 1.0 cannot carry at all (most control characters) is refused."""
    bad = _NOT_XML.search(data)
    if bad:
        line = data[: bad.start()].count(b"\n") + 1
        ch = ord(bad.group(0).decode("utf-8"))
        raise OutputError(f"cannot write RDF/XML: a literal (output line {line}) holds the character U+{ch:04X}, "
                          "which XML 1.0 cannot carry; use turtle, nt, jsonld or trig")
    return data.replace(b"\r", b"&#13;")
