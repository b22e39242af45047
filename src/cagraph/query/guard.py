"""The guard in front of every engine: read-only queries, and no network access unless asked.

Every query text goes through :func:`query_form` before any engine (rdflib, Oxigraph, a remote
server) sees it. It answers the query's form ('select', 'ask', 'construct') and refuses:

* **updates** (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, MOVE, COPY): found with a small tokenizer
  (below). This is a second line only: every engine is called through its *query* entry point,
  which cannot run an update whatever the text says.
* **SERVICE** (a federated query would contact another server), unless ``allow_service``. This
  check **fails closed**: the text is refused when the word ``service`` appears in it *in any
  form*: any case, anywhere (in a comment, a variable, a prefixed name...), in the text as written,
  with its ``\\u``/``\\U`` escapes expanded (SPARQL 1.1, section 19.2: a parser may expand them
  anywhere), and with its backslashes dropped. Only then is a real parser consulted, and only to
  *let through* a text in which every occurrence of the word sits inside a literal or an IRI
  (``"customer service"``, ``<http://example.org/service>``, ``ex:service``), and the parse tree has
  no SERVICE pattern. The parser is rdflib's SPARQL parser; a text it cannot parse stays refused.
  So the parser can only confirm what the text check already suspects; it never passes a text the
  text check alone would refuse for any reason other than the word inside literals or IRIs.

The tokenizer is home-made (a regular expression): no SPARQL library exposes a lexer with offsets,
and rdflib's parser is slow (≈10 ms a query) to run on every text. It is used for the update
check, the nesting limit and to find the form; the fuzz targets in ``tests/fuzz`` compare it with
rdflib's parser.

>>> query_form("PREFIX x: <http://x/> ASK { ?s ?p ?o }")
'ask'
>>> query_form('SELECT * WHERE { ?s ?p "customer service" }')
'select'
>>> query_form("SELECT * WHERE { ?s ?p ?o } # SERVICE")
Traceback (most recent call last):
...
cagraph.errors.QueryError: SERVICE (federated query) is refused unless --allow-service is given: it would contact another server (the word 'service' appears outside a literal or IRI)
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from cagraph.errors import QueryError

# ---------------------------------------------------------------------------------------------
# A small SPARQL tokenizer: enough to find keywords outside strings, IRIs and comments.
# ---------------------------------------------------------------------------------------------
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7-\uffff]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-.]*(?::(?:[^\s{}()\[\];,<>"'\#\\]|\\.)*)?|:(?:[^\s{}()\[\];,<>"'\#\\]|\\.)*)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)

UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_UPDATE_ONLY = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "MOVE", "COPY"}
QUERY_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "construct"}
MAX_NESTING = 200  # oxigraph's recursive parser overflows the stack (segfault) on ~10,000 levels
SERVICE_REFUSED = ("SERVICE (federated query) is refused unless --allow-service is given: "
                   "it would contact another server")
_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = re.compile("service", re.IGNORECASE)


def tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """Yield (kind, text, offset) for every token of a SPARQL text."""
    pos = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        yield kind, m.group(0), m.start()
        pos = m.end()
    if pos != len(text):  # pragma: no cover - the pattern matches any character
        raise QueryError("cannot tokenize query")


def significant_tokens(text: str) -> list[tuple[str, str, int]]:
    return [t for t in tokens(text) if t[0] not in ("ws", "comment")]


def query_form(text: str, *, allow_service: bool = False) -> str:
    """'select', 'ask' or 'construct'; refuses updates and (by default) SERVICE.

    >>> query_form("INSERT DATA { <http://x/a> <http://x/b> 1 }")
    Traceback (most recent call last):
    ...
    cagraph.errors.QueryError: updates are refused: this is a read-only query interface (found INSERT)
    """
    form = _check_tokens(text)
    expanded = expand_codepoint_escapes(text)
    if expanded != text:
        _check_tokens(expanded)  # the text as an engine that expands escapes first sees it
    if not allow_service:
        check_service(text)
    return form


def expand_codepoint_escapes(text: str) -> str:
    """``text`` with SPARQL's ``\\uXXXX``/``\\UXXXXXXXX`` escapes replaced by their characters.

    >>> expand_codepoint_escapes(r"\\u0053ERVICE")
    'SERVICE'
    """
    def one(m: "re.Match[str]") -> str:
        cp = int(m.group(1) or m.group(2), 16)
        return m.group(0) if cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF else chr(cp)

    return _CODEPOINT_ESCAPE.sub(one, text) if "\\" in text else text


def _nesting(toks: list[tuple[str, str, int]]) -> int:
    depth = deepest = 0
    for kind, tok, _ in toks:
        if kind == "string":
            continue
        for ch in tok:  # also inside <...>: an engine may read that '<' as less-than
            if ch in "({[":
                depth += 1
                deepest = max(deepest, depth)
            elif ch in ")}]":
                depth -= 1
    return deepest


def _form(toks: list[tuple[str, str, int]]) -> str:
    i = 0
    while i < len(toks):
        kind, tok, _ = toks[i]
        up = tok.upper()
        if kind == "word" and up in ("PREFIX", "BASE"):
            i += 3 if up == "PREFIX" else 2
            continue
        if kind == "word" and up in UPDATE_KEYWORDS:
            raise QueryError(f"updates are refused: this is a read-only query interface (found {up})")
        if kind == "word" and up in QUERY_FORMS:
            return QUERY_FORMS[up]
        break
    raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")


def _check_tokens(text: str) -> str:
    """The form of ``text``; refuses deep nesting and update keywords (outside strings and IRIs)."""
    toks = significant_tokens(text)
    deepest = _nesting(toks)
    if deepest > MAX_NESTING:
        raise QueryError(f"query refused: brackets nested {deepest} levels deep (at most {MAX_NESTING})")
    form = _form(toks)
    for kind, tok, _ in toks:
        up = tok.upper()
        # INSERT/DELETE/LOAD... can only appear in updates; a query that has them is an update.
        if kind == "word" and up in _UPDATE_ONLY:
            raise QueryError(f"updates are refused: this is a read-only query interface (found {up})")
    return form


# ---------------------------------------------------------------------------------------------
# SERVICE: a text check that fails closed, and a parser that may only confirm it
# ---------------------------------------------------------------------------------------------
def _text_count(text: str) -> int:
    """How often the word occurs in ``text``, in the most generous of its readings."""
    readings = (text, expand_codepoint_escapes(text), text.replace("\\", ""),
                expand_codepoint_escapes(text).replace("\\", ""))
    return max(len(_SERVICE.findall(r)) for r in readings)


def check_service(text: str) -> None:
    """Refuse ``text`` unless every occurrence of the word ``service`` is, by rdflib's parser,
    inside a literal or an IRI (and the query has no SERVICE pattern). See the module docstring."""
    suspected = _text_count(text)
    if not suspected:
        return
    explained = _parser_count(text)
    if explained is None:
        raise QueryError(SERVICE_REFUSED)
    if explained < suspected:
        raise QueryError(SERVICE_REFUSED + " (the word 'service' appears outside a literal or IRI)")


def _parser_count(text: str) -> "int | None":
    """Occurrences of the word inside literals and IRIs of rdflib's parse of ``text``; None if the
    text does not parse or has a SERVICE pattern."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except Exception:  # noqa: BLE001 - pyparsing, ValueError, RecursionError...
        return None  # fail closed: any parser failure keeps the refusal
    found: list[int] = []
    if not _walk(tree, found):
        return None
    return sum(found)


def _walk(node: Any, found: list[int]) -> bool:
    """Add to ``found`` the occurrences in each literal and IRI under ``node``; False when a
    SERVICE pattern is found."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Literal, URIRef

    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            return False
        for key, value in node.items():
            if node.name in ("pname", "PrefixDecl") and key in ("prefix", "localname") and isinstance(value, str):
                found.append(len(_SERVICE.findall(value)))  # a prefixed name is an IRI
            elif node.name == "literal" and key == "lang" and isinstance(value, str):
                found.append(len(_SERVICE.findall(value)))  # a language tag is part of its literal
            elif not _walk(value, found):
                return False
        return True
    if isinstance(node, (Literal, URIRef)):
        found.append(len(_SERVICE.findall(str(node))))
        return True
    if isinstance(node, str):
        return True  # other strings of the tree (variable names, keywords): explain nothing
    if isinstance(node, dict):
        return all(_walk(v, found) for v in node.values())
    if hasattr(node, "__iter__"):
        return all(_walk(v, found) for v in node)
    return True
