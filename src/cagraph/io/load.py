"""Loading the bundled graph (ontology + data) into rdflib, with file-and-line errors.

>>> g = load_graph()
>>> len(g) > 1000
True
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Iterable, Optional

from rdflib import Graph

from cagraph import paths
from cagraph.errors import InputError

from cagraph.ns import PREFIXES


def parse_turtle(path: Path, *, into: Optional[Graph] = None) -> Graph:
    """Parse one Turtle file; a syntax error becomes an InputError naming file and line."""
    g = into if into is not None else Graph()
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not valid UTF-8") from None
    part = g if into is None else Graph()
    term_log = logging.getLogger("rdflib.term")  # "does not look like a valid URI": an error below
    level = term_log.level
    term_log.setLevel(logging.ERROR)
    try:
        part.parse(data=text, format="turtle", publicID=Path(path).resolve().as_uri())
    except Exception as exc:  # rdflib raises several types (BadSyntax, ParserError, ValueError...)
        raise InputError(_describe_parse_error(path, exc, data)) from None
    finally:
        term_log.setLevel(level)
    bad = _bad_term(part)
    if bad is not None:
        # rdflib only logs a warning for an IRI Turtle does not allow (and Oxigraph, the store, the
        # exports refuse it later): a syntax error here, with its line.
        raise InputError(_describe_bad_term(path, data, bad))
    if part is not g:
        known = {str(ns) for _, ns in g.namespaces()}
        for prefix, ns in part.namespaces():
            if str(ns) not in known:
                g.bind(prefix, ns)
        for t in part:
            g.add(t)
    return g


def _bad_term(g: Graph):
    """The first IRI, datatype, language tag or literal in subject or predicate position of ``g``
    that RDF (and Oxigraph) do not allow."""
    from rdflib import Literal, URIRef

    from cagraph.terms import IRI_BAD, IRI_SCHEME, LANG

    def bad_iri(v: str) -> bool:
        return not IRI_SCHEME.match(v) or IRI_BAD.search(v) is not None

    for t in g:
        if isinstance(t[0], Literal) or not isinstance(t[1], URIRef):  # rdflib reads '"a" "b" "c" .'
            return t[0] if isinstance(t[0], Literal) else t[1]
        for x in t:
            if isinstance(x, URIRef) and bad_iri(str(x)):
                return x
            if isinstance(x, Literal):
                if x.language is not None and not LANG.match(x.language):
                    return x
                if x.datatype is not None and bad_iri(str(x.datatype)):
                    return x
    return None


def _describe_bad_term(path: Path, data: bytes, term) -> str:
    """A one-line message with the line of the bad term (from Oxigraph's parser, which refuses it)."""
    located = _oxigraph_error(path, data)
    if located is not None:
        return f"{path}:{located[0]}: Turtle syntax error: {located[1]}"
    shown = " ".join(str(term).split())[:80]
    needle = str(term).encode("utf-8", "replace")[:40]
    line = data[: data.find(needle)].count(b"\n") + 1 if needle and needle in data else 1
    return f"{path}:{line}: Turtle syntax error: {shown!r} is not a valid IRI, datatype or language tag, or is out of place"


def _describe_parse_error(path: Path, exc: Exception, data: bytes = b"") -> str:
    msg = str(exc)
    line = None
    m = re.search(r"at line (\d+)", msg) or re.search(r"line (\d+)", msg)
    if m:
        line = int(m.group(1))
    elif isinstance(getattr(exc, "lines", None), int):
        line = exc.lines + 1  # notation3.BadSyntax counts lines from 0
    why = getattr(exc, "_why", None) or msg.splitlines()[-1] if msg else type(exc).__name__
    why = " ".join(str(why).split())[:200]
    if line is None and data:
        # rdflib failed without saying where (an internal IndexError on a truncated file...):
        # ask Oxigraph's parser, which reports line and column
        located = _oxigraph_error(path, data)
        if located is not None:
            line, why = located
        else:
            line = data.count(b"\n") + 1
            why = f"{why} (near the end of the file)"
    if line is not None:
        return f"{path}:{line}: Turtle syntax error: {why}"
    return f"{path}: Turtle syntax error: {why}"


def _oxigraph_error(path: Path, data: bytes):
    """(line, message) of the first error Oxigraph's Turtle parser finds in ``data``, or None."""
    import pyoxigraph as ox

    try:
        for _ in ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=Path(path).resolve().as_uri()):
            pass
    except SyntaxError as exc:
        if exc.lineno:
            return exc.lineno, " ".join(str(exc.msg).split())[:200]
    except (ValueError, OSError):
        pass
    return None


def load_graph(files: Optional[Iterable[Path]] = None) -> Graph:
    """Merge the ontology and data files (default: the bundled graph) into one rdflib Graph."""
    g = Graph()
    bind_prefixes(g)
    for f in files if files is not None else paths.graph_files():
        parse_turtle(f, into=g)
    return g


def bind_prefixes(g: Graph) -> None:
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True, replace=True)
