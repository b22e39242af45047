"""Where each subject IRI of a Turtle file is first written as a subject: ``{iri: line}``.

Why a scanner of our own: rdflib's Turtle parser (and Oxigraph's, through pyoxigraph) hands back
triples without positions; a line number exists only in their syntax errors. ``cagraph
validate`` wants the line of a SHACL focus node so that an editor jumps to it, so this module
tokenizes Turtle 1.1 (the W3C grammar's terminals: IRIREF, prefixed names with their escapes,
blank node labels, the four string forms, numbers, language tags, ``^^``, punctuation, comments)
and walks the statements: the first term of each top-level triple statement is its subject. Only
IRI subjects are reported; a subject written as ``[ ... ]``, ``( ... )`` or ``_:b`` is a blank
node and has no IRI to look up. Prefixed names are expanded with the file's ``@prefix`` /
``PREFIX`` lines, relative IRIs resolved against ``@base`` / ``BASE`` (or ``base``) with
:func:`urllib.parse.urljoin`.

It reads a file rdflib has already parsed, so it does not validate: it is only as strict as it
must be to find statement boundaries. ``tests/test_turtle_lines.py`` checks it against rdflib on
every bundled Turtle file: the IRIs it finds are exactly the IRI subjects of rdflib's parse.
Lines count ``\\n`` characters, from 1, as editors do.

>>> subject_lines('''@prefix ex: <http://example.org/> .
... ex:a ex:p "x ." ;
...     ex:q [ ex:r ex:s ] .
... <http://example.org/b> a ex:C .''')
{'http://example.org/a': 2, 'http://example.org/b': 4}
"""
from __future__ import annotations

import re
from typing import Iterator, Optional
from urllib.parse import urljoin

__all__ = ["subject_lines", "TurtleScanError"]


class TurtleScanError(ValueError):
    """Text the scanner cannot tokenize (``line`` is where)."""

    def __init__(self, line: int, snippet: str):
        super().__init__(f"line {line}: cannot read {snippet!r}")
        self.line = line


# The terminals of the Turtle 1.1 grammar (https://www.w3.org/TR/turtle/#sec-grammar-grammar).
_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
         "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + r"\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_PN_LOCAL = f"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

_TOKENS = [
    ("skip", r"(?:[ \t\r\n]+|#[^\r\n]*)+"),
    ("iri", rf"<(?:[^\x00-\x20<>\"{{}}|^`\\]|{_UCHAR})*>"),
    ("string", r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""' r"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
               r'|"(?:[^"\\\r\n]|\\.)*"' r"|'(?:[^'\\\r\n]|\\.)*'"),
    ("bnode", rf"_:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?"),
    ("pname", rf"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?"),
    ("langtag", r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*"),
    ("number", r"[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+"
               r"|[0-9]*\.[0-9]+|[0-9]+)"),
    ("word", r"[A-Za-z]+"),  # a, true, false, PREFIX, BASE
    ("open", r"<<\(|<<|\{\||[\[(]"),  # Turtle 1.2's triple terms and annotations nest like [ and (
    ("close", r"\)>>|>>|\|\}|[\])]"),
    ("punct", r"\^\^|[.;,~]"),
]
_SCANNER = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _TOKENS))
_ESCAPED = re.compile(r"\\(.)")
_UESCAPE = re.compile(_UCHAR)


def _tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """(kind, text, line) for every token of ``text``, whitespace and comments left out."""
    pos, line, end = 0, 1, len(text)
    while pos < end:
        m = _SCANNER.match(text, pos)
        if m is None or m.end() == pos:
            raise TurtleScanError(line, text[pos:pos + 30])
        kind = m.lastgroup or ""
        value = m.group()
        if kind != "skip":
            yield kind, value, line
        line += value.count("\n")
        pos = m.end()


def _iri(token: str, base: Optional[str]) -> str:
    body = _UESCAPE.sub(lambda m: chr(int(m.group()[2:], 16)), token[1:-1])
    return urljoin(base, body) if base else body


def subject_lines(text: str, *, base: Optional[str] = None) -> dict[str, int]:
    """The line on which each IRI that is the subject of a statement is first written as one.

    ``base`` resolves relative IRIs (rdflib's ``publicID``) until the file sets its own.
    Raises :class:`TurtleScanError` on text that is not Turtle.
    """
    prefixes: dict[str, str] = {}
    found: dict[str, int] = {}
    tokens = _tokens(text)
    for kind, value, line in tokens:
        low = value.lower()
        if kind == "langtag" and low in ("@prefix", "@base") or kind == "word" and low in ("prefix", "base"):
            args = [next(tokens, ("", "", 0)) for _ in range(2 if low.endswith("prefix") else 1)]
            if low.endswith("prefix"):
                prefixes[args[0][1][:-1]] = _iri(args[1][1], base)
            else:
                base = _iri(args[0][1], base)
            if value.startswith("@"):
                next(tokens, None)  # the final '.'
            continue
        if kind == "iri":
            found.setdefault(_iri(value, base), line)
        elif kind == "pname":
            prefix, _, local = value.partition(":")
            if prefix in prefixes:
                found.setdefault(prefixes[prefix] + _ESCAPED.sub(r"\1", local), line)
        _skip_statement(tokens, depth=1 if kind == "open" else 0)
    return found


def _skip_statement(tokens: Iterator[tuple[str, str, int]], *, depth: int) -> None:
    """Consume tokens up to the '.' that ends the current statement (outside any brackets)."""
    for kind, value, _ in tokens:
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif value == "." and depth <= 0:
            return
