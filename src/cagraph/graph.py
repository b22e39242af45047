"""Loading the bundled graph (ontology + data) into rdflib, with file-and-line errors.

>>> g = load_graph()
>>> len(g) > 1000
True
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Optional

from rdflib import Graph

from . import paths
from .errors import InputError

from .ns import ASSERTED_GRAPH, INFERRED_GRAPH, PREFIXES  # noqa: F401  (re-exported)


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


def _bind_prefixes(g: Graph) -> None:
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True, replace=True)
