"""The human table of ``cagraph query`` / ``sparql`` / ``stats`` (``-f table``, the default).

What it does that the other formats do not (they keep exact values):

- numbers are easy to read: ``12389000000`` is ``12,389,000,000`` (thousands separators from
  five digits on, as style guides allow for four-digit numbers, so years stay ``2023``), and an
  amount with a scale and a currency is one cell: ``12.389 bn USD``;
- the table fits the terminal (``$COLUMNS``, else the terminal's width, else 100 columns) without
  breaking a number or a word: columns are narrowed down to their longest word and wrap at spaces;
  a result whose longest words alone do not fit is shown one record per block instead, as psql's
  expanded display (``\\x``) does.

Why not rich alone: rich draws the grid (and does, below), but when a table is too wide it folds
cells inside words and numbers, and it has no record-per-block layout. Column widths are therefore
chosen here (never below a column's longest word) and given to rich; the blocks are wrapped with
:mod:`textwrap`. ``tests/test_cli_table.py`` checks the widths against rich's own rendering and
that every word and number of a result comes out whole.
"""
from __future__ import annotations

import os
import sys
import textwrap
from decimal import Decimal, InvalidOperation
from typing import Optional, TextIO

from cagraph.query.results import QueryResult
from cagraph.terms import XSD, Term

DEFAULT_WIDTH = 100
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                             "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
                             "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
#: scale words as the financial press abbreviates them (FT style)
SCALES = {"thousand": "k", "million": "mn", "billion": "bn", "trillion": "tn"}


def terminal_width(out: Optional[TextIO] = None) -> int:
    """``$COLUMNS``, else the width of the first terminal among ``out``, stdout, stderr and stdin
    (``cagraph query ... | less`` still fits the terminal), else :data:`DEFAULT_WIDTH`."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
        if columns > 0:
            return columns
    except ValueError:
        pass
    for stream in (out, sys.stdout, sys.stderr, sys.stdin):
        try:
            return os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            continue
    return DEFAULT_WIDTH


def readable_number(lexical: str) -> str:
    """A number with thousands separators from five digits on; its digits otherwise unchanged.

    >>> readable_number("12389000000"), readable_number("2023"), readable_number("-12345.678"), readable_number("1.5E9")
    ('12,389,000,000', '2023', '-12,345.678', '1.5E9')
    """
    v = lexical.strip()
    sign = v[0] if v[:1] in "+-" and v[:1] else ""
    body = v[len(sign):]
    whole, dot, frac = body.partition(".")
    if not whole.isdigit() or (frac and not frac.isdigit()) or len(whole.lstrip("0")) < 5:
        return lexical
    return f"{sign}{int(whole):,}{dot}{frac}"


def _is_number(c: Optional[Term]) -> bool:
    if c is None or c.kind != "literal" or c.datatype not in NUMERIC:
        return False
    try:
        Decimal(c.value)
    except InvalidOperation:
        return False
    return True


def cell_text(c: Optional[Term]) -> str:
    """What the table shows for one term: numbers made readable, IRIs shortened."""
    from cagraph.query.formats import short

    if _is_number(c):
        return readable_number(c.value)
    return short(c)


def numeric_columns(r: QueryResult, headers: list[str]) -> list[bool]:
    """Whether each shown column holds numbers only (the table aligns them right)."""
    col = {v: i for i, v in enumerate(r.variables)}
    return [any(row[col[h]] is not None for row in r.rows)
            and all(row[col[h]] is None or _is_number(row[col[h]]) for row in r.rows) for h in headers]


def display(r: QueryResult) -> tuple[list[str], list[list[str]]]:
    """Headers and cell texts of a SELECT result as the table shows them. A result with
    ``amount`` and ``scale`` columns (and ``currency``) shows them as one ``amount`` cell:
    ``12.389 bn USD``."""
    variables = list(r.variables)
    merge = "amount" in variables and "scale" in variables
    extra = [v for v in ("scale", "currency") if merge and v in variables]
    headers = [v for v in variables if v not in extra]
    rows = []
    for row in r.rows:
        cells = dict(zip(variables, row))
        texts = []
        for v in headers:
            text = cell_text(cells[v])
            if v == "amount" and merge and text:
                scale = cells["scale"].value if cells.get("scale") is not None else ""
                currency = cells["currency"].value if cells.get("currency") is not None else ""
                text = " ".join(t for t in (text, SCALES.get(scale, scale), currency) if t)
            texts.append(text)
        rows.append(texts)
    return headers, rows


def _cell_len(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def longest_word(text: str) -> int:
    return max((_cell_len(w) for w in text.split()), default=0)


def column_widths(headers: list[str], rows: list[list[str]], width: int) -> Optional[list[int]]:
    """Widths for each column so the drawn table fits in ``width`` with no column narrower than
    its longest word (header included); None if even that does not fit. The widest columns are
    narrowed first."""
    n = len(headers)
    cols = [[h, *(row[i] for row in rows)] for i, h in enumerate(headers)]
    natural = [max((_cell_len(line) for cell in col for line in (cell.splitlines() or [""])), default=0) for col in cols]
    least = [max(1, max(longest_word(cell) for cell in col)) for col in cols]
    available = width - (n + 1) - 2 * n  # borders, and one space of padding on each side of a cell
    if sum(least) > available:
        return None
    widths = [max(a, b) for a, b in zip(natural, least)]
    while sum(widths) > available:
        slack = [(w, i) for i, w in enumerate(widths) if w > least[i]]
        w, i = max(slack)
        second = max((x for j, x in enumerate(widths) if j != i and x < w), default=least[i])
        widths[i] = max(least[i], second, w - (sum(widths) - available))
    return widths


def write_table(r: QueryResult, out: TextIO, *, width: Optional[int] = None) -> None:
    """Write ``r`` as a table that fits ``width`` (the terminal's by default), or as one block per
    record when it cannot fit without breaking words; then the row count."""
    width = width or terminal_width(out)
    if r.kind == "ask":
        out.write(("yes" if r.boolean else "no") + "\n")
        return
    headers, rows = display(r)
    widths = column_widths(headers, rows, width)
    if widths is None:
        _records(headers, rows, out, width)
    else:
        _grid(headers, rows, widths, numeric_columns(r, headers), out, width)
    out.write(f"{len(rows)} row{'s' if len(rows) != 1 else ''}\n")


def _grid(headers: list[str], rows: list[list[str]], widths: list[int], right: list[bool], out: TextIO,
          width: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, width=width, soft_wrap=False, highlight=False, markup=False, emoji=False,
                      color_system=None, force_terminal=False)
    t = Table(show_lines=False, header_style="bold")
    for h, w, r in zip(headers, widths, right):
        t.add_column(h, width=w, overflow="fold", no_wrap=False, justify="right" if r else "left")
    for row in rows:
        t.add_row(*row)
    console.print(t)


def _records(headers: list[str], rows: list[list[str]], out: TextIO, width: int) -> None:
    """One block per record: ``-[ RECORD 1 ]---`` and a ``name | value`` line per column, the
    value wrapped at spaces (a word longer than the line stays whole)."""
    label = max((_cell_len(h) for h in headers), default=0)
    room = max(10, width - label - 3)
    for k, row in enumerate(rows, 1):
        title = f"-[ RECORD {k} ]"
        out.write(title + "-" * max(0, min(width, label + 3 + room) - len(title)) + "\n")
        for h, text in zip(headers, row):
            lines = []
            for para in text.splitlines() or [""]:
                lines += textwrap.wrap(para, room, break_long_words=False, break_on_hyphens=False) or [""]
            for j, line in enumerate(lines):
                name = h if j == 0 else ""
                out.write(f"{name}{' ' * (label - _cell_len(name))} | {line}".rstrip() + "\n")
