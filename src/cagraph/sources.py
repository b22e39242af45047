"""The source documents and the normalization that quotes are compared under.

Quotes in the graph are the documents' text character for character, except that

* runs of whitespace (line breaks, page breaks, table tabs) become one space, and
* the conversion mark-up of lost hyperlinks and emphasis is dropped:
  ``[text](#)`` -> ``text``, ``<a href="#">text</a>`` -> ``text``, ``<i>x</i>`` -> ``x``,
  ``**x**`` -> ``x``, ``*x*`` -> ``x`` and the Markdown escapes ``\\(`` ``\\)`` -> ``(`` ``)``.

>>> normalize('reaching a total of [16.6 billion dollars](#).\\n\\nNext')
'reaching a total of 16.6 billion dollars. Next'
>>> normalize('<a href="#">2024</a>\\t<i>Peace Mission-2024</i>')
'2024 Peace Mission-2024'
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from . import paths

_LINK = re.compile(r"\[([^\]]*)\]\(#\)")
_HTML = re.compile(r"</?(?:a|i|b|em|strong)(?:\s[^>]*)?>")
_BOLD = re.compile(r"\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ESC = re.compile(r"\\([()\[\]*_#])")
_WS = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def normalize(text: str) -> str:
    """Normalize a document passage or a quote for comparison (see module docstring)."""
    text = _LINK.sub(r"\1", text)
    text = _HTML.sub("", text)
    text = _BOLD.sub("", text)
    text = _ITALIC.sub(r"\1", text)
    text = _ESC.sub(r"\1", text)
    return _WS.sub(" ", text).strip()


@lru_cache(maxsize=None)
def document_text(file_name: str, *, sources_dir: Path | None = None) -> str:
    """The normalized text of a source document, by file name under ``data/sources``."""
    base = sources_dir or paths.SOURCES_DIR
    return normalize((base / file_name).read_text(encoding="utf-8"))


NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100,
}
_WORD = re.compile(r"[A-Za-z]+")


def numbers_in(text: str) -> list[str]:
    """The numbers written in a text, as canonical decimal strings: digits first, then number
    words ("six", "forty"...).

    >>> numbers_in("4.815 billion dollars, 1,000 residents and 44.9 percent in 2023")
    ['4.815', '1000', '44.9', '2023']
    >>> numbers_in("Forty years of the six corridors")
    ['40', '6']
    """
    out = []
    for m in _NUMBER.finditer(text):
        s = m.group(0)
        if "," in s and re.fullmatch(r"\d{1,3}(?:,\d{3})+", s):
            s = s.replace(",", "")
        out.append(canonical_number(s))
    for m in _WORD.finditer(text):
        n = NUMBER_WORDS.get(m.group(0).lower())
        if n is not None:
            out.append(str(n))
    return out


def canonical_number(value: object) -> str:
    """A number as a canonical string: no exponent, no trailing zeros, no sign.

    >>> canonical_number("10.0"), canonical_number(-27.8), canonical_number("1000000")
    ('10', '27.8', '1000000')
    """
    from decimal import Decimal, InvalidOperation

    try:
        d = abs(Decimal(str(value)))
    except InvalidOperation:
        return str(value)
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s or "0"
