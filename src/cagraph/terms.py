"""A neutral RDF term that every engine's results are converted to, and safe SPARQL term syntax.

Engines differ in their term classes (rdflib, pyoxigraph, SPARQL JSON results from a server). The
CLI formats, compares and prints ``Term`` only, so a saved query gives byte-identical output on
every engine, and a canned query never has to import rdflib.

>>> Term.iri("https://w3id.org/cagraph/id/china").sparql()
'<https://w3id.org/cagraph/id/china>'
>>> Term.literal('say "hi"\\n').sparql()
'"say \\\\"hi\\\\"\\\\n"'
>>> Term.literal("12.389", datatype=XSD + "decimal").sparql()
'"12.389"^^<http://www.w3.org/2001/XMLSchema#decimal>'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from cagraph.errors import ParameterError

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
XSD_STRING = XSD + "string"

# SPARQL 1.1 IRIREF: ([^<>"{}|^`\]-[#x00-#x20])*
IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
LANG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_ECHAR = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def check_iri(value: str, *, what: str = "IRI") -> str:
    """Return ``value`` if it is an absolute IRI that SPARQL can hold between ``<>``, else raise."""
    if not IRI_SCHEME.match(value):
        raise ParameterError(f"{what}: {value[:80]!r} is not an absolute IRI")
    m = IRI_BAD.search(value)
    if m:
        raise ParameterError(f"{what}: IRI contains a character not allowed in an IRI ({m.group(0)!r})")
    return value


def escape_string(value: str) -> str:
    """The SPARQL/N-Triples quoted form of a string (ECHAR escapes; \\u for other controls).

    >>> escape_string('a"b\\\\c')
    '"a\\\\"b\\\\\\\\c"'
    """
    out = []
    for ch in value:
        if ch in _ECHAR:
            out.append(_ECHAR[ch])
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append("\\u%04X" % ord(ch))
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            raise ParameterError("string contains a lone surrogate code point")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term: ``kind`` is 'uri', 'literal' or 'bnode'."""

    kind: str
    value: str
    datatype: Optional[str] = None
    lang: Optional[str] = None

    @classmethod
    def iri(cls, value: str) -> "Term":
        return cls("uri", value)

    @classmethod
    def literal(cls, value: str, *, datatype: Optional[str] = None, lang: Optional[str] = None) -> "Term":
        if lang:
            return cls("literal", value, RDF_LANGSTRING, lang.lower())
        return cls("literal", value, datatype or XSD_STRING, None)

    @classmethod
    def bnode(cls, value: str) -> "Term":
        return cls("bnode", value)

    # -- syntax -----------------------------------------------------------------------------
    def sparql(self) -> str:
        """This term in SPARQL (and N-Triples) syntax, escaped so it cannot break out."""
        if self.kind == "uri":
            return "<" + check_iri(self.value) + ">"
        if self.kind == "bnode":
            raise ParameterError("blank nodes cannot be query parameters")
        s = escape_string(self.value)
        if self.lang:
            if not LANG.match(self.lang):
                raise ParameterError(f"bad language tag {self.lang!r}")
            return f"{s}@{self.lang}"
        if self.datatype and self.datatype != XSD_STRING:
            return f"{s}^^<{check_iri(self.datatype)}>"
        return s

    def nt(self) -> str:
        """N-Triples form (blank nodes as ``_:label``)."""
        if self.kind == "bnode":
            return "_:" + self.value
        if self.kind == "uri":
            return "<" + self.value + ">"
        return self.sparql()

    def __str__(self) -> str:
        return self.value

    # -- conversions ------------------------------------------------------------------------
    @classmethod
    def from_oxigraph(cls, t: Any) -> Optional["Term"]:
        if t is None:
            return None
        import pyoxigraph as ox

        if isinstance(t, ox.NamedNode):
            return cls("uri", t.value)
        if isinstance(t, ox.BlankNode):
            return cls("bnode", t.value)
        if isinstance(t, ox.Literal):
            if t.language:
                return cls("literal", t.value, RDF_LANGSTRING, t.language.lower())
            return cls("literal", t.value, t.datatype.value, None)
        raise TypeError(f"unsupported term {t!r}")

    @classmethod
    def from_rdflib(cls, t: Any) -> Optional["Term"]:
        if t is None:
            return None
        from rdflib import BNode, Literal, URIRef

        if isinstance(t, URIRef):
            return cls("uri", str(t))
        if isinstance(t, BNode):
            return cls("bnode", str(t))
        if isinstance(t, Literal):
            if t.language:
                return cls("literal", str(t), RDF_LANGSTRING, t.language.lower())
            return cls("literal", str(t), str(t.datatype) if t.datatype else XSD_STRING, None)
        raise TypeError(f"unsupported term {t!r}")

    @classmethod
    def from_json(cls, b: dict) -> "Term":
        """From one binding of the W3C SPARQL 1.1 Query Results JSON format."""
        kind = b.get("type")
        if kind == "uri":
            return cls("uri", b["value"])
        if kind == "bnode":
            return cls("bnode", b["value"])
        if kind in ("literal", "typed-literal"):
            lang = b.get("xml:lang")
            if lang:
                return cls("literal", b["value"], RDF_LANGSTRING, lang.lower())
            return cls("literal", b["value"], b.get("datatype") or XSD_STRING, None)
        raise ValueError(f"unknown term type {kind!r}")

    def to_rdflib(self) -> Any:
        from rdflib import BNode, Literal, URIRef

        if self.kind == "uri":
            return URIRef(self.value)
        if self.kind == "bnode":
            return BNode(self.value)
        if self.lang:
            return Literal(self.value, lang=self.lang)
        if self.datatype and self.datatype != XSD_STRING:
            return Literal(self.value, datatype=URIRef(self.datatype))
        return Literal(self.value)

    def to_oxigraph(self) -> Any:
        import pyoxigraph as ox

        if self.kind == "uri":
            return ox.NamedNode(self.value)
        if self.kind == "bnode":
            return ox.BlankNode(self.value)
        if self.lang:
            return ox.Literal(self.value, language=self.lang)
        return ox.Literal(self.value, datatype=ox.NamedNode(self.datatype or XSD_STRING))

    def to_json(self) -> dict:
        if self.kind == "uri":
            return {"type": "uri", "value": self.value}
        if self.kind == "bnode":
            return {"type": "bnode", "value": self.value}
        d: dict = {"type": "literal", "value": self.value}
        if self.lang:
            d["xml:lang"] = self.lang
        elif self.datatype and self.datatype != XSD_STRING:
            d["datatype"] = self.datatype
        return d

    def python_value(self) -> Any:
        """A Python value for comparisons in tests: str for IRIs/strings, Decimal/int for numbers."""
        if self.kind != "literal" or not self.datatype:
            return self.value
        from decimal import Decimal, InvalidOperation

        local = self.datatype[len(XSD):] if self.datatype.startswith(XSD) else ""
        try:
            if local in ("integer", "int", "long", "short", "positiveInteger", "nonNegativeInteger",
                         "negativeInteger", "nonPositiveInteger", "unsignedInt"):
                return int(self.value)
            if local in ("decimal", "double", "float"):
                return Decimal(self.value)
            if local == "boolean":
                return self.value in ("true", "1")
        except (ValueError, InvalidOperation):
            return self.value
        return self.value
