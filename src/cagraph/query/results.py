"""The one result type every engine returns, so the CLI and the tests compare like with like."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Optional

from cagraph.terms import Term


@dataclass
class QueryResult:
    """Result of a SPARQL query on any engine, in neutral terms (:class:`cagraph.terms.Term`).

    SELECT fills ``variables`` and ``rows`` (``None`` for unbound, cells in the order of
    ``variables``); ASK sets ``boolean``; CONSTRUCT/DESCRIBE fill ``triples``.
    """

    kind: Literal["select", "ask", "construct"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Optional[Term], ...]] = field(default_factory=list)
    boolean: Optional[bool] = None
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)

    def values(self) -> list[tuple]:
        """Rows as plain Python values (str, int, Decimal, None): handy in tests."""
        return [tuple(None if c is None else c.python_value() for c in row) for row in self.rows]

    def dicts(self) -> list[dict]:
        return [dict(zip(self.variables, row)) for row in self.rows]
