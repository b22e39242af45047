"""``cagraph export``: the merged ontology + data (+ OWL-RL entailments), in stable order.

Triples are sorted (subject, predicate, object by their N-Triples form) before serializing, so the
output is byte-identical across runs and ``PYTHONHASHSEED`` values and diffs line by line. TriG
keeps the asserted and the inferred triples in their own named graphs; the other formats merge
them when ``inferred`` is asked for.

What each format gives (README, "Exchanging the graph"):

- The asserted export equals the source files triple for triple, lexical forms included: the data
  files write literals in the canonical form Oxigraph keeps (``"4000"^^xsd:decimal``, not
  ``4000.0``), and the one datatype Oxigraph does not keep, ``xsd:dateTimeStamp`` (it stores the
  value as an ``xsd:dateTime``), is given back for the properties whose range it is.
- JSON-LD is compacted with a context built from the project's prefixes (:data:`cagraph.ns.PREFIXES`)
  plus one term definition per property whose values all share a kind (IRIs: ``"@type": "@id"``; a
  datatype JSON has no native form for: ``"@type": "xsd:decimal"``; one language: ``"@language"``).
  The context is inline (nothing is ever fetched) and :func:`jsonld_context` gives it on its own.
- RDF/XML has no empty node elements: a node with nothing but a type is one self-closed element.
- :func:`export_shapes` writes the SHACL shapes, in full or as the ``core`` profile: without the
  SHACL-SPARQL constraints, for engines that implement SHACL Core only.

>>> import io; buf = io.BytesIO(); n = export(buf, fmt="nt"); n > 1000
True
"""
from __future__ import annotations

import json
import re
from typing import IO, Any, Iterable, Optional

from cagraph.errors import OutputError
from cagraph.ns import ASSERTED_GRAPH, INFERRED_GRAPH, PREFIXES

XSD = PREFIXES["xsd"]
RDF = PREFIXES["rdf"]
SH = "http://www.w3.org/ns/shacl#"
#: Ranges the ontology does not state but the vocabulary it reuses does (OWL-Time: the value of
#: time:inXSDDateTimeStamp is an xsd:dateTimeStamp). See :func:`_restore_datatypes`.
KNOWN_RANGES = {"http://www.w3.org/2006/time#inXSDDateTimeStamp": XSD + "dateTimeStamp"}
SHAPES_PROFILES = ("full", "core")

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
    return sorted(_stable_blank_nodes(_restore_datatypes(out, store)), key=_key)


_TIMEZONE = re.compile(r"(Z|[+-]\d\d:\d\d)$")


def _restore_datatypes(qs: list, store: Any) -> list:
    """``qs`` with the ``xsd:dateTimeStamp`` literals Oxigraph turned into ``xsd:dateTime`` given back.

    Oxigraph stores a literal's value, and keeps no separate kind for ``xsd:dateTimeStamp`` (an
    ``xsd:dateTime`` with a time zone): ``"2001-12-31T23:59:59Z"^^xsd:dateTimeStamp`` comes back
    as an ``xsd:dateTime``. The export types such a value ``xsd:dateTimeStamp`` again where the
    property's range says so: an ``rdfs:range xsd:dateTimeStamp`` in the graph, or the range of
    the reused vocabularies (:data:`KNOWN_RANGES`). Only values with a time zone qualify.
    """
    import pyoxigraph as ox

    stamp = XSD + "dateTimeStamp"
    preds = {p for p, r in KNOWN_RANGES.items() if r == stamp}
    preds |= {q.subject.value for q in store.quads_for_pattern(
        None, ox.NamedNode(PREFIXES["rdfs"] + "range"), ox.NamedNode(stamp), None) if isinstance(q.subject, ox.NamedNode)}
    date_time = ox.NamedNode(XSD + "dateTime")

    def fix(q: Any) -> Any:
        o = q.object
        if (q.predicate.value in preds and isinstance(o, ox.Literal) and o.datatype == date_time
                and _TIMEZONE.search(o.value)):
            return ox.Quad(q.subject, q.predicate, ox.Literal(o.value, datatype=ox.NamedNode(stamp)), q.graph_name)
        return q

    return [fix(q) for q in qs] if preds else qs


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


def export(out: IO[bytes], *, fmt: str = "turtle", inferred: bool = False, store: Optional[Any] = None,
           context_out: Optional[IO[bytes]] = None) -> int:
    """Write the graph to ``out`` (a binary stream); returns the number of triples (or quads).

    ``context_out``: for JSON-LD, also write the document's ``@context`` there, as a JSON-LD
    context document of its own (``{"@context": {...}}``).
    """
    import pyoxigraph as ox

    name = _format(fmt)
    if context_out is not None and name != "JSON_LD":
        raise OutputError(f"--context-file: only for --format jsonld, not {fmt}")
    rdf_format = getattr(ox.RdfFormat, name)
    if store is None:
        from cagraph.build.store import open_store

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
    _write_triples(out, triples, name, context_out=context_out)
    return len(triples)


def write_rdf(out: IO[bytes], triples: Iterable[Any], *, fmt: str = "turtle") -> int:
    """Write pyoxigraph triples (a CONSTRUCT or DESCRIBE result, say) to ``out`` in ``fmt`` the
    way :func:`export` writes the graph: sorted, JSON-LD compacted with its inline context.
    Returns the number of triples.

    >>> import io, pyoxigraph as ox
    >>> t = ox.Triple(ox.NamedNode(PREFIXES["cgr"] + "china"), ox.NamedNode(RDF + "type"), ox.NamedNode(PREFIXES["cag"] + "State"))
    >>> buf = io.BytesIO(); write_rdf(buf, [t], fmt="jsonld")
    1
    >>> json.loads(buf.getvalue())["@graph"]
    [{'@id': 'cgr:china', '@type': 'cag:State'}]
    """
    name = _format(fmt)
    if name in ("TRIG", "N_QUADS"):
        raise OutputError(f"--format {fmt}: triples have no graph names; use turtle, nt, jsonld or xml")
    ts = sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    _write_triples(out, ts, name)
    return len(ts)


def _format(fmt: str) -> str:
    name = FORMATS.get(fmt.lower())
    if name is None:
        raise OutputError(f"--format {fmt!r}: unknown RDF format (one of turtle, nt, jsonld, xml, trig)")
    return name


def _write_triples(out: IO[bytes], triples: list, name: str, *, context_out: Optional[IO[bytes]] = None) -> None:
    """Serialize sorted triples (no graph names) in Oxigraph's format ``name``."""
    import pyoxigraph as ox

    rdf_format = getattr(ox.RdfFormat, name)
    prefixes = dict(sorted(PREFIXES.items()))
    if name == "N_TRIPLES":
        out.write(ox.serialize(triples, format=rdf_format))
    elif name == "JSON_LD":
        context = jsonld_context(triples)
        out.write(compact_jsonld(triples, context))
        if context_out is not None:
            context_out.write(_json_bytes({"@context": context}))
    elif name == "RDF_XML":
        out.write(_self_closed(_xml_safe(ox.serialize(triples, format=rdf_format, prefixes=prefixes))))
    else:
        out.write(ox.serialize(triples, format=rdf_format, prefixes=prefixes))


# -- JSON-LD ----------------------------------------------------------------------------------
#: datatypes a JSON-LD processor reads back from a native JSON value (string, number, boolean)
_NATIVE = {XSD + "string", XSD + "integer", XSD + "boolean"}
_NOT_CONTEXT_TERMS = {RDF + "type", RDF + "first", RDF + "rest"}


def _compact_iri(iri: str) -> Optional[str]:
    for prefix, ns in sorted(PREFIXES.items()):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return None


def jsonld_context(triples: Iterable[Any]) -> dict:
    """The JSON-LD ``@context`` of the export: the project's prefixes, and a term definition for
    each property (named with a prefix) whose values are all of one kind:

    - all IRIs: ``{"@type": "@id"}`` (a value is then the plain string ``"cgr:china"``);
    - all literals of one datatype JSON has no native value for (``xsd:decimal``,
      ``xsd:dateTimeStamp``, ``xsd:date``...): ``{"@type": "xsd:decimal"}``;
    - all literals in one language: ``{"@language": "en"}``.

    Integers, booleans and plain strings need no definition: they are JSON numbers, booleans and
    strings. ``triples`` are pyoxigraph triples (or quads).

    >>> import pyoxigraph as ox
    >>> t = ox.Triple(ox.NamedNode("https://w3id.org/cagraph/id/x"), ox.NamedNode(PREFIXES["cag"] + "amount"),
    ...               ox.Literal("1.5", datatype=ox.NamedNode(XSD + "decimal")))
    >>> jsonld_context([t])["cag:amount"]
    {'@type': 'xsd:decimal'}
    """
    import pyoxigraph as ox

    kinds: dict = {}
    for t in triples:
        p, o = t.predicate.value, t.object
        if isinstance(o, ox.NamedNode):
            kind = ("@type", "@id")
        elif isinstance(o, ox.Literal) and o.language:
            kind = ("@language", o.language)
        elif isinstance(o, ox.Literal) and o.datatype.value not in _NATIVE:
            kind = ("@type", o.datatype.value)
        else:
            kind = None  # a blank node, or a native JSON value
        kinds.setdefault(p, set()).add(kind)
    context: dict = dict(sorted(PREFIXES.items()))
    for p, ks in sorted(kinds.items()):
        term = _compact_iri(p)
        if term is None or p in _NOT_CONTEXT_TERMS or len(ks) != 1 or None in ks:
            continue
        key, value = next(iter(ks))
        if key == "@type" and value != "@id":
            value = _compact_iri(value) or value
        context[term] = {key: value}
    return context


def compact_jsonld(triples: list, context: dict) -> bytes:
    """JSON-LD compacted with ``context`` (inline): one node object per subject in ``@graph``,
    sorted by ``@id``, values sorted, keys sorted; RDF lists as ``@list``. rdflib's JSON-LD
    serializer does the compaction (its :class:`~rdflib.plugins.serializers.jsonld.Converter`),
    with a native JSON value only where reading it back gives the same lexical form."""
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.plugins.serializers.jsonld import Converter
    from rdflib.plugins.shared.jsonld.context import Context

    import pyoxigraph as ox

    memo: dict = {}

    def term(x: Any) -> Any:
        hit = memo.get(x)
        if hit is None:
            hit = memo[x] = _term(x)
        return hit

    def _term(x: Any) -> Any:
        if isinstance(x, ox.NamedNode):
            return URIRef(x.value)
        if isinstance(x, ox.BlankNode):
            return BNode(x.value)
        if x.language:
            return Literal(x.value, lang=x.language)
        if x.datatype.value == XSD + "string":
            return Literal(x.value)
        return Literal(x.value, datatype=URIRef(x.datatype.value), normalize=False)

    g = Graph()
    g.addN((term(t.subject), term(t.predicate), term(t.object), g) for t in triples)

    class _Converter(Converter):
        def to_raw_value(self, graph, s, o, nodemap):  # noqa: ANN001, ANN201 (rdflib's signature)
            if isinstance(o, Literal) and o.datatype is not None and str(o.datatype) != XSD + "string" \
                    and not _native_round_trips(str(o), str(o.datatype)):
                return {"@type": self.context.to_symbol(o.datatype), "@value": str(o)}
            return super().to_raw_value(graph, s, o, nodemap)

    nodes = _Converter(Context(context), use_native_types=True, use_rdf_type=False).from_graph(g)
    doc = {"@context": context, "@graph": sorted((_sorted_values(n) for n in nodes), key=lambda n: str(n.get("@id")))}
    return _json_bytes(doc)


def _native_round_trips(lexical: str, datatype: str) -> bool:
    """Whether a JSON-LD processor reading the native JSON value gives back this exact literal:
    canonical integers JavaScript holds exactly, and ``true``/``false``. Never doubles (JSON-LD
    writes them back as ``1.0E3``)."""
    if datatype == XSD + "integer":
        return re.fullmatch(r"-?(0|[1-9][0-9]*)", lexical) is not None and lexical != "-0" and abs(int(lexical)) < 2**53
    if datatype == XSD + "boolean":
        return lexical in ("true", "false")
    return datatype not in (XSD + "double", XSD + "float")


def _sorted_values(node: Any) -> Any:
    """Every array of a node object sorted (RDF values are a set), except ``@list`` ones."""
    if isinstance(node, dict):
        return {k: (v if k == "@list" else _sorted_values(v)) for k, v in node.items()}
    if isinstance(node, list):
        return sorted((_sorted_values(v) for v in node), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


def _json_bytes(doc: Any) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


# -- SHACL profiles -----------------------------------------------------------------------------
#: what SHACL-SPARQL adds to SHACL Core: nodes of these types, and these properties
_SPARQL_TYPES = {SH + n for n in ("SPARQLConstraint", "SPARQLConstraintComponent", "SPARQLSelectValidator",
                                  "SPARQLAskValidator", "SPARQLTarget", "SPARQLTargetType", "SPARQLFunction",
                                  "SPARQLRule", "SPARQLExecutable", "SPARQLSelectExecutable", "SPARQLAskExecutable",
                                  "SPARQLConstructExecutable", "SPARQLUpdateExecutable", "PrefixDeclaration")}
_SPARQL_PROPS = {SH + n for n in ("sparql", "declare", "prefixes", "select", "ask", "construct", "update",
                                  "prefix", "namespace")}


def shapes_triples(*, profile: str = "core", path: Optional[Any] = None) -> list:
    """The triples of the shapes file (default ``ontology/shapes.ttl``) in a profile: ``full`` (as
    written) or ``core``: without SHACL-SPARQL (``sh:sparql`` constraints, ``sh:select`` queries,
    ``sh:declare``/``sh:prefixes`` declarations, and the blank nodes only they use), which an
    engine implementing SHACL Core only (Zazuko's rdf-validate-shacl, TopBraid's core mode...)
    rejects or skips. Blank nodes get stable labels; the list is sorted.

    >>> any(t.predicate.value.endswith("#sparql") for t in shapes_triples(profile="core"))
    False
    """
    from pathlib import Path

    import pyoxigraph as ox

    from cagraph import paths

    if profile not in SHAPES_PROFILES:
        raise OutputError(f"--shapes {profile!r}: unknown profile (one of {', '.join(SHAPES_PROFILES)})")
    path = Path(path) if path is not None else paths.SHAPES_FILE
    try:
        data = path.read_bytes()
        triples = list(ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))
    except OSError as exc:
        from cagraph.errors import InputError

        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except SyntaxError as exc:
        from cagraph.errors import InputError

        raise InputError(f"{path}:{exc.lineno or 1}: Turtle syntax error: {' '.join(str(exc.msg).split())[:200]}") from None
    if profile == "core":
        triples = _without_sparql(triples)
    g = ox.DefaultGraph()
    qs = _stable_blank_nodes([ox.Quad(t.subject, t.predicate, t.object, g) for t in triples])
    return sorted((q.triple for q in qs), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def _without_sparql(triples: list) -> list:
    import pyoxigraph as ox

    rdf_type = RDF + "type"
    dropped = {t.subject for t in triples
               if (t.predicate.value == rdf_type and t.object.value in _SPARQL_TYPES)
               or t.predicate.value in (SH + "select", SH + "ask", SH + "construct", SH + "update")}
    # what sh:sparql and sh:declare point at (not sh:prefixes: that names the shapes graph itself)
    dropped |= {t.object for t in triples if t.predicate.value in (SH + "sparql", SH + "declare")
                and not isinstance(t.object, ox.Literal)}
    # blank nodes used only under a dropped node go with it
    uses: dict = {}
    for t in triples:
        if isinstance(t.object, ox.BlankNode):
            uses.setdefault(t.object, set()).add(t.subject)
    changed = True
    while changed:
        changed = False
        for b, by in uses.items():
            if b not in dropped and by <= dropped:
                dropped.add(b)
                changed = True
    return [t for t in triples if t.subject not in dropped and t.object not in dropped
            and t.predicate.value not in _SPARQL_PROPS]


def export_shapes(out: IO[bytes], *, profile: str = "core", fmt: str = "turtle", path: Optional[Any] = None,
                  context_out: Optional[IO[bytes]] = None) -> int:
    """Write the SHACL shapes in ``profile`` (``full`` or ``core``) to ``out``; returns the number
    of triples. ``cagraph export --shapes core -o shapes-core.ttl``."""
    name = _format(fmt)
    if name in ("TRIG", "N_QUADS"):
        raise OutputError(f"--shapes: the shapes are one graph: use turtle, nt, jsonld or xml, not {fmt}")
    if context_out is not None and name != "JSON_LD":
        raise OutputError(f"--context-file: only for --format jsonld, not {fmt}")
    triples = shapes_triples(profile=profile, path=path)
    _write_triples(out, triples, name, context_out=context_out)
    return len(triples)


# -- RDF/XML ------------------------------------------------------------------------------------
_EMPTY_NODE = re.compile(
    rb"<([A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*|[A-Za-z_][\w.-]*)"  # element name
    rb"((?:\s+[A-Za-z_][\w.:-]*=\"[^\"]*\")*?\s+rdf:(?:about|nodeID)=\"[^\"]*\"(?:\s+[A-Za-z_][\w.:-]*=\"[^\"]*\")*)"
    rb">\s*</\1>")


def _self_closed(data: bytes) -> bytes:
    """A node element with nothing inside (a node with only a type: ``<owl:Class rdf:about="...">
    </owl:Class>``) written as one empty-element tag. The white space such an element holds is
    meaningless in RDF/XML, but some parsers (rdflib.js) read it as an ``rdf:value`` literal.
    Only node elements (``rdf:about`` or ``rdf:nodeID``) are touched: a property element's text
    is a literal value, kept as it is."""
    return _EMPTY_NODE.sub(rb"<\1\2/>", data)


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
