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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cagraph import paths

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


def _normalized_with_offsets(raw: str) -> tuple[str, list[int]]:
    """``normalize(raw)`` and, for each of its characters, the offset in ``raw`` it comes from.

    The mark-up the normalization drops is found by the same expressions as ``normalize``; the
    result is checked against ``normalize`` itself, so the two cannot drift apart silently.
    """
    drop = bytearray(len(raw))
    for m in _LINK.finditer(raw):
        drop[m.start()] = 1
        drop[m.end() - 4:m.end()] = b"\x01" * 4
    for m in _HTML.finditer(raw):
        drop[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    for m in _BOLD.finditer(raw):
        drop[m.start():m.end()] = b"\x01\x01"
    for m in _ITALIC.finditer(raw):
        drop[m.start()] = drop[m.end() - 1] = 1
    for m in _ESC.finditer(raw):
        drop[m.start()] = 1
    out: list[str] = []
    where: list[int] = []
    space = True
    for i, ch in enumerate(raw):
        if drop[i]:
            continue
        if ch.isspace():
            if not space:
                out.append(" ")
                where.append(i)
            space = True
        else:
            out.append(ch)
            where.append(i)
            space = False
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    text = "".join(out)
    if text != normalize(raw):  # pragma: no cover - a guard against drift between the two
        raise ValueError("offset map and normalize() disagree")
    return text, where


_OPENERS = ("[", '<a href="#">', "<i>", "**", "*", "\\")
_CLOSERS = ("](#)", "</a>", "</i>", "**", "*")


@dataclass(frozen=True)
class Anchor:
    """Where a quote stands in the stored text of its document (W3C Web Annotation selectors)."""

    start: int  # TextPositionSelector: code points of the stored file
    end: int
    prefix: str  # TextQuoteSelector: normalized text just before and after the quote
    suffix: str


def anchor(file_name: str, exact: str, *, sources_dir: Path | None = None, context: int = 32) -> Anchor:
    """Find a (normalized) quote in the stored text of a document: the offsets of the shortest
    slice that normalizes to ``exact``, and up to ``context`` characters of normalized text
    before and after it. Raises ``LookupError`` when the quote is not in the document.
    """
    raw = raw_text(file_name, sources_dir=sources_dir)
    norm, where = _offsets(file_name, sources_dir)
    i = norm.find(exact)
    if i < 0 or not exact:
        raise LookupError(f"{file_name}: quote not found: {exact[:60]!r}")
    j = i + len(exact)
    start, end = where[i], where[j - 1] + 1
    for _ in range(3):
        if normalize(raw[start:end]) == exact:
            break
        for closer in _CLOSERS:
            if raw.startswith(closer, end):
                end += len(closer)
                break
        for opener in _OPENERS:
            if raw.endswith(opener, 0, start):
                start -= len(opener)
                break
    if normalize(raw[start:end]) != exact:  # pragma: no cover - mark-up across the quote's ends
        raise LookupError(f"{file_name}: no slice of the stored text normalizes to {exact[:60]!r}")
    return Anchor(start, end, norm[max(0, i - context):i], norm[j:j + context])


@lru_cache(maxsize=None)
def _offsets(file_name: str, sources_dir: Path | None) -> tuple[str, list[int]]:
    return _normalized_with_offsets(raw_text(file_name, sources_dir=sources_dir))


@lru_cache(maxsize=None)
def raw_text(file_name: str, *, sources_dir: Path | None = None) -> str:
    """The stored text of a source document, exactly as on disk (no newline translation)."""
    base = sources_dir or paths.SOURCES_DIR
    with open(base / file_name, encoding="utf-8", newline="") as fh:
        return fh.read()


@lru_cache(maxsize=None)
def document_text(file_name: str, *, sources_dir: Path | None = None) -> str:
    """The normalized text of a source document, by file name under ``data/sources``."""
    return normalize(raw_text(file_name, sources_dir=sources_dir))


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
