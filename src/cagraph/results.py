"""The one result type every engine returns, so the CLI and the tests compare like with like."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Optional

from rdflib import Graph
from rdflib.term import Node


@dataclass
class QueryResult:
    """Result of a SPARQL query on any engine.

    ``rows`` hold rdflib terms (``URIRef``, ``Literal``, ``BNode``) or ``None`` for unbound, in the
    order of ``variables``. ASK sets ``boolean``; CONSTRUCT/DESCRIBE set ``graph``.
    """

    kind: Literal["select", "ask", "construct"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Optional[Node], ...]] = field(default_factory=list)
    boolean: Optional[bool] = None
    graph: Optional[Graph] = None
