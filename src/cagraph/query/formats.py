"""Writing query results: the W3C SPARQL 1.1 results formats, a terminal table, RDF for CONSTRUCT.

All writers take a :class:`cagraph.query.results.QueryResult` of neutral terms, so every engine gives the
same bytes. JSON, XML, CSV and TSV follow the W3C Recommendations and parse back with rdflib's
and pyoxigraph's result parsers (tested).
"""
from __future__ import annotations

import csv
import io
import json
from typing import Optional, TextIO

from cagraph.errors import OutputError
from cagraph.ns import PREFIXES as ALL_PREFIXES
from cagraph.query.results import QueryResult
from cagraph.registry import RESULT_WRITERS
from cagraph.terms import Term


def xml_escape(data: str, entities: Optional[dict] = None) -> str:
    # xml.sax.saxutils imports urllib.request (~15 ms): only when XML is written, not on every start
    from xml.sax.saxutils import escape

    return escape(data, entities or {})


def quoteattr(data: str) -> str:
    from xml.sax.saxutils import quoteattr as q

    return q(data)


RESULT_FORMATS = tuple(RESULT_WRITERS.names())
RDF_FORMATS = ("turtle", "nt", "jsonld", "xml", "trig")
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
#: the prefixes the terminal table shortens IRIs with
PREFIXES = {p: ALL_PREFIXES[p] for p in ("cgr", "cag")}


CONSTRUCT_FORMATS = {"table": "turtle", "turtle": "turtle", "nt": "nt", "json": "jsonld", "jsonld": "jsonld"}


def result_format(result: QueryResult, fmt: str) -> str:
    """The format a result is written in for ``-f fmt`` (case-insensitive), or OutputError:
    SELECT and ASK results as a table, CSV, TSV, JSON or XML; CONSTRUCT and DESCRIBE results as
    Turtle (also for ``table``), N-Triples or JSON-LD (also for ``json``).

    >>> result_format(QueryResult("construct"), "JSON"), result_format(QueryResult("select"), "Csv")
    ('jsonld', 'csv')
    """
    f = fmt.lower()
    if result.kind == "construct":
        if f not in CONSTRUCT_FORMATS:
            raise OutputError(f"--format {fmt}: a CONSTRUCT or DESCRIBE query gives RDF: use turtle, nt or jsonld (or json)")
        return CONSTRUCT_FORMATS[f]
    if f not in RESULT_FORMATS:
        raise OutputError(f"--format {fmt}: only for CONSTRUCT/DESCRIBE queries; use table, csv, tsv, json or xml")
    return f


def write_result(result: QueryResult, out: TextIO, *, fmt: str = "table") -> None:
    if result.kind == "construct":
        fmt = fmt if fmt in ("turtle", "nt") else "turtle"
        write_triples(result.triples, out, fmt=fmt)
        return
    if fmt not in RESULT_FORMATS:
        raise OutputError(f"--format {fmt!r}: unknown result format (one of {', '.join(RESULT_FORMATS)})")
    RESULT_WRITERS.get(fmt)(result, out)


# -- SELECT / ASK ------------------------------------------------------------------------------
def write_json(r: QueryResult, out: TextIO) -> None:
    if r.kind == "ask":
        doc = {"head": {}, "boolean": bool(r.boolean)}
    else:
        doc = {"head": {"vars": r.variables}, "results": {"bindings": [
            {v: c.to_json() for v, c in zip(r.variables, row) if c is not None} for row in r.rows]}}
    json.dump(doc, out, ensure_ascii=False, indent=1)
    out.write("\n")


def write_xml(r: QueryResult, out: TextIO) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n')
    if r.kind == "ask":
        out.write(f"  <head/>\n  <boolean>{'true' if r.boolean else 'false'}</boolean>\n</sparql>\n")
        return
    out.write("  <head>\n")
    for v in r.variables:
        out.write(f"    <variable name={quoteattr(v)}/>\n")
    out.write("  </head>\n  <results>\n")
    for row in r.rows:
        out.write("    <result>\n")
        for v, c in zip(r.variables, row):
            if c is None:
                continue
            out.write(f"      <binding name={quoteattr(v)}>{_xml_term(c)}</binding>\n")
        out.write("    </result>\n")
    out.write("  </results>\n</sparql>\n")


def _xml_text(s: str) -> str:
    # XML 1.0 cannot hold most control characters even escaped: write them as U+FFFD.
    s = "".join(ch if ch in "\t\n\r" or ord(ch) >= 0x20 else "\ufffd" for ch in s)
    # Some parsers (pyoxigraph's) trim white space around a value: write it there as character
    # references. A raw CR would be read back as a line end (XML normalizes line ends): same.
    core = s.strip(" \t\n\r")
    start = s.index(core) if core else len(s)
    lead, trail = s[:start], s[start + len(core):]
    return "".join(f"&#{ord(c)};" for c in lead) + xml_escape(core, {"\r": "&#13;"}) + "".join(f"&#{ord(c)};" for c in trail)


def _xml_term(c: Term) -> str:
    if c.kind == "uri":
        return f"<uri>{_xml_text(c.value)}</uri>"
    if c.kind == "bnode":
        return f"<bnode>{_xml_text(c.value)}</bnode>"
    if c.lang:
        return f"<literal xml:lang={quoteattr(c.lang)}>{_xml_text(c.value)}</literal>"
    if c.datatype and c.datatype != "http://www.w3.org/2001/XMLSchema#string":
        return f"<literal datatype={quoteattr(c.datatype)}>{_xml_text(c.value)}</literal>"
    return f"<literal>{_xml_text(c.value)}</literal>"


def write_csv(r: QueryResult, out: TextIO) -> None:
    w = csv.writer(out, lineterminator="\r\n")
    if r.kind == "ask":
        w.writerow(["_askResult"])
        w.writerow(["true" if r.boolean else "false"])
        return
    w.writerow(r.variables)
    for row in r.rows:
        w.writerow(["" if c is None else ("_:" + c.value if c.kind == "bnode" else c.value) for c in row])


def write_tsv(r: QueryResult, out: TextIO) -> None:
    if r.kind == "ask":
        out.write("?_askResult\n" + ("true" if r.boolean else "false") + "\n")
        return
    out.write("\t".join("?" + v for v in r.variables) + "\n")
    for row in r.rows:
        out.write("\t".join("" if c is None else c.nt() for c in row) + "\n")


def short(c: Optional[Term]) -> str:
    """A compact, readable form of a term for the terminal table."""
    if c is None:
        return ""
    if c.kind == "uri":
        for p, ns in PREFIXES.items():
            if c.value.startswith(ns):
                return f"{p}:{c.value[len(ns):]}"
        return c.value
    if c.kind == "bnode":
        return "_:" + c.value
    return c.value


def write_table(r: QueryResult, out: TextIO) -> None:
    from cagraph.query.table import write_table as render

    render(r, out)


# -- CONSTRUCT -----------------------------------------------------------------------------------
def write_triples(triples: list[tuple[Term, Term, Term]], out: TextIO, *, fmt: str = "turtle") -> None:
    """Serialize triples with pyoxigraph (no rdflib import): sorted N-Triples or Turtle."""
    import pyoxigraph as ox

    if fmt == "nt":
        for line in sorted(f"{s.nt()} {p.nt()} {o.nt()} ." for s, p, o in triples):
            out.write(line + "\n")
        return
    ts = [ox.Triple(s.to_oxigraph(), p.to_oxigraph(), o.to_oxigraph()) for s, p, o in sorted(triples)]
    data = ox.serialize(ts, format=ox.RdfFormat.TURTLE, prefixes=_all_prefixes())
    out.write(data.decode("utf-8"))


def _all_prefixes() -> dict:
    return dict(ALL_PREFIXES)


def result_to_string(result: QueryResult, fmt: str) -> str:
    buf = io.StringIO()
    write_result(result, buf, fmt=fmt)
    return buf.getvalue()
