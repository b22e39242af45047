"""Loading the bundled graph (ontology + data) into rdflib, with file-and-line errors.

>>> g = load_graph()
>>> len(g) > 1000
True
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Iterable, Optional

from rdflib import Graph

from . import paths
from .errors import InputError

INFERRED_GRAPH = "https://w3id.org/cagraph/graph/inferred"
ASSERTED_GRAPH = "https://w3id.org/cagraph/graph/asserted"


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
    try:
        g.parse(data=text, format="turtle", publicID=Path(path).resolve().as_uri())
    except Exception as exc:  # rdflib raises several types (BadSyntax, ParserError, ValueError...)
        raise InputError(_describe_parse_error(path, exc)) from None
    return g


def _describe_parse_error(path: Path, exc: Exception) -> str:
    msg = str(exc)
    line = None
    m = re.search(r"at line (\d+)", msg) or re.search(r"line (\d+)", msg)
    if m:
        line = int(m.group(1))
    elif isinstance(getattr(exc, "lines", None), int):
        line = exc.lines + 1  # notation3.BadSyntax counts lines from 0
    why = getattr(exc, "_why", None) or msg.splitlines()[-1] if msg else type(exc).__name__
    why = " ".join(str(why).split())[:200]
    if line is not None:
        return f"{path}:{line}: Turtle syntax error: {why}"
    return f"{path}: Turtle syntax error: {why}"


def load_graph(files: Optional[Iterable[Path]] = None) -> Graph:
    """Merge the ontology and data files (default: the bundled graph) into one rdflib Graph."""
    g = Graph()
    _bind_prefixes(g)
    for f in files if files is not None else paths.graph_files():
        parse_turtle(f, into=g)
    return g


def inputs_digest(files: Optional[Iterable[Path]] = None) -> str:
    """SHA-256 over the names and bytes of the input files: the key of the compiled store."""
    h = hashlib.sha256()
    for f in files if files is not None else paths.graph_files():
        f = Path(f)
        h.update(f.name.encode() + b"\0")
        try:
            h.update(f.read_bytes())
        except OSError as exc:
            raise InputError(f"{f}: cannot read ({exc.strerror or exc})") from None
        h.update(b"\0")
    return h.hexdigest()


PREFIXES = {
    "cag": "https://w3id.org/cagraph/ontology#",
    "cgr": "https://w3id.org/cagraph/id/",
    "cagsh": "https://w3id.org/cagraph/shapes#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "vann": "http://purl.org/vocab/vann/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _bind_prefixes(g: Graph) -> None:
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True, replace=True)
