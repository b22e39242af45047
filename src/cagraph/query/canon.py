"""Canonical forms of query results, to compare engines (and golden files) value by value.

Engines may differ in the lexical form of computed numbers ("1.0E9" vs "1000000000.0") and in the
order of values inside ``GROUP_CONCAT``; neither is a difference in the answer. ``canonical_rows``
maps numbers to their decimal value and sorts the parts of concatenated values.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from cagraph.query.results import QueryResult
from cagraph.terms import Term

SEPARATORS = (" | ", " / ", ", ")


def canonical_cell(c: Optional[Term]) -> Any:
    if c is None:
        return None
    v = c.python_value()
    if isinstance(v, (int, Decimal, float)) and not isinstance(v, bool):
        try:
            d = Decimal(str(v)).normalize()
        except InvalidOperation:
            return str(v)
        return ("num", format(d, "f"))
    if c.kind == "literal" and c.datatype and c.datatype.endswith("#string"):
        for sep in SEPARATORS:
            if sep in c.value:
                return ("concat", tuple(sorted(c.value.split(sep))))
    return (c.kind, c.value, c.lang or "")


def canonical_rows(r: QueryResult) -> list:
    if r.kind == "ask":
        return [bool(r.boolean)]
    if r.kind == "construct":
        return sorted((tuple(canonical_cell(t) for t in tr) for tr in r.triples), key=repr)
    return sorted((tuple(canonical_cell(c) for c in row) for row in r.rows), key=repr)
