"""Ad-hoc SPARQL (``cagraph sparql``): the project's prefixes predeclared, errors on one line with
the line and column of the query as the user wrote it.

A query may use the project's prefixes (:data:`cagraph.ns.PREFIXES`: ``cag:``, ``cgr:``,
``rdfs:``, ``skos:``...) without declaring them: :func:`declare_prefixes` adds a ``PREFIX`` line
for each one the query uses and does not declare, in front of the query's first line (so line
numbers stay those of the user's text; columns of line 1 are shifted back). A prefix the query
neither declares nor finds in the table is reported with its line and column before the query is
sent anywhere.

>>> text, shift = declare_prefixes("SELECT ?s WHERE { ?s a cag:State }")
>>> text[:shift]
'PREFIX cag: <https://w3id.org/cagraph/ontology#> '
>>> declare_prefixes("PREFIX cag: <http://example.org/> ASK { ?s a cag:State }")[1]
0
"""
from __future__ import annotations

import re
from typing import Optional

from cagraph.errors import QueryError
from cagraph.ns import PREFIXES
from cagraph.query.guard import tokens
from cagraph.query.results import QueryResult

# engines' syntax error messages: Oxigraph ("error at 2:17: expected ..."), rdflib/pyparsing
# ("Expected ..., found '}' (at char 25), (line:1, col:26)")
_OXIGRAPH_AT = re.compile(r"error at (?P<line>\d+):(?P<col>\d+):\s*(?P<detail>.*)", re.DOTALL)
_PYPARSING_AT = re.compile(r"\s*\(at char \d+\),?\s*\(line:(?P<line>\d+), col:(?P<col>\d+)\)")
_CHAR_CLASS = re.compile(r"\[[^\]]*\]")
_PATH_STEP = re.compile(r"(?:^|(?<=[/|^!(]))\^?([A-Za-z][\w\-.]*|):")
MAX_DETAIL = 160


def _prefixes_used(text: str) -> tuple[set[str], list[tuple[str, int]]]:
    """The prefixes ``text`` declares, and each prefixed name's prefix with its offset."""
    declared: set[str] = set()
    used: list[tuple[str, int]] = []
    after_prefix = False
    for kind, tok, off in tokens(text):
        if kind in ("ws", "comment"):
            continue
        if after_prefix:
            declared.add(tok.split(":", 1)[0])
            after_prefix = False
            continue
        if kind == "word" and tok.upper() == "PREFIX":
            after_prefix = True
        elif kind == "word" and ":" in tok:
            # a property path is one token here (cag:a/rdfs:label): each step has its prefix
            for m in _PATH_STEP.finditer(tok):
                used.append((m.group(1), off + m.start(1)))
    return declared, used


def declare_prefixes(text: str) -> tuple[str, int]:
    """``text`` with a ``PREFIX`` declaration for every prefix of :data:`cagraph.ns.PREFIXES` it
    uses without declaring, put in front of its first line; and the number of characters added.
    A prefix neither declared nor in the table is a QueryError naming its line and column."""
    declared, used = _prefixes_used(text)
    missing = []
    for prefix, off in used:
        if prefix in declared or prefix in missing:
            continue
        if prefix not in PREFIXES:
            line, col = position(text, off)
            raise QueryError(f"SPARQL syntax error at line {line}, column {col}: prefix '{prefix}:' is not declared "
                             f"(declared for you: {', '.join(p + ':' for p in sorted(PREFIXES))})")
        missing.append(prefix)
    header = "".join(f"PREFIX {p}: <{PREFIXES[p]}> " for p in sorted(missing))
    return header + text, len(header)


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset.

    >>> position("ab\\ncd", 4)
    (2, 2)
    """
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def syntax_error_line(message: str, shift: int = 0) -> Optional[str]:
    """An engine's syntax error as one line, ``SPARQL syntax error at line L, column C: ...``,
    with the position in the user's text (line 1 was ``shift`` characters longer); None if the
    message gives no position.

    >>> syntax_error_line("SPARQL syntax error: error at 1:60: expected OPTIONAL", 50)
    'SPARQL syntax error at line 1, column 10: expected OPTIONAL'
    >>> syntax_error_line("SPARQL error: Expected {, found 'x' (at char 9), (line:2, col:3)")
    "SPARQL syntax error at line 2, column 3: Expected {, found 'x'"
    """
    m = _OXIGRAPH_AT.search(message)
    if m:
        line, col, detail = int(m.group("line")), int(m.group("col")), m.group("detail")
    else:
        m = _PYPARSING_AT.search(message)
        if not m:
            return None
        line, col = int(m.group("line")), int(m.group("col"))
        detail = message[:m.start()] + message[m.end():]
        detail = detail.split(":", 1)[1] if detail.startswith("SPARQL error:") else detail
    if line == 1:
        col = max(1, col - shift)
    # Oxigraph lists the characters it expected as Rust ranges (['A' ..= 'Z' | ...]): keep the words
    detail = " ".join(_CHAR_CLASS.sub("", detail).split())
    detail = re.sub(r"(,\s*)+", ", ", detail).strip(" ,")
    if len(detail) > MAX_DETAIL:
        detail = detail[:MAX_DETAIL].rsplit(",", 1)[0] + ", ..."
    return f"SPARQL syntax error at line {line}, column {col}: {detail}"


def run_sparql(engine, text: str, *, allow_service: bool = False) -> QueryResult:
    """Run an ad-hoc read-only query on ``engine`` with the project's prefixes predeclared; a
    syntax error is one line naming the line and column of ``text``."""
    full, shift = declare_prefixes(text)
    try:
        return engine.query(full, allow_service=allow_service)
    except QueryError as exc:
        line = syntax_error_line(str(exc), shift)
        if line is None:
            raise
        raise QueryError(line) from None


def read_query(source: str, *, stdin=None) -> str:
    """The text of a query file, or of standard input for ``-``."""
    import sys
    from pathlib import Path

    try:
        return (stdin or sys.stdin).read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{source}: cannot read query ({getattr(exc, 'strerror', None) or exc})") from None
