"""Registries of interchangeable parts: engines, reasoners, SHACL engines, result formats.

Modelled on rdflib's plugin table (``rdflib.plugin.register(name, kind, module_path, class_name)``):
each entry names the module and attribute that implement it, and the module is imported only when
the entry is used, so the CLI can list every choice (its ``--help`` and its checks read the names
from here) without importing rdflib, pySHACL or owlrl on the fast path.

>>> REASONERS.names()
['native', 'owlrl', 'reasonable']
>>> REASONERS.get("owlrl").__name__
'owlrl_triples'
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Iterable

from cagraph.errors import ParameterError


@dataclass(frozen=True)
class Entry:
    name: str
    module: str
    attribute: str
    summary: str


class Registry:
    """Named implementations of one kind, loaded on first use."""

    def __init__(self, kind: str, entries: Iterable[Entry]):
        self.kind = kind
        self._entries = {e.name: e for e in entries}

    def names(self) -> list[str]:
        return list(self._entries)

    def entry(self, name: str) -> Entry:
        try:
            return self._entries[name]
        except KeyError:
            raise ParameterError(f"unknown {self.kind} {name!r} (one of {', '.join(self._entries)})") from None

    def get(self, name: str) -> Any:
        """The implementation registered as ``name`` (its module is imported now)."""
        e = self.entry(name)
        return getattr(importlib.import_module(e.module), e.attribute)

    def help(self) -> str:
        """One line for ``--help``: ``name (summary), ...``."""
        return "; ".join(f"{e.name}: {e.summary}" for e in self._entries.values())


ENGINES = Registry("engine", [
    Entry("oxigraph", "cagraph.query.engines", "oxigraph_engine", "the compiled Oxigraph store (default)"),
    Entry("rdflib", "cagraph.query.engines", "rdflib_engine", "rdflib's in-memory engine (reference)"),
])

REASONERS = Registry("reasoner", [
    Entry("native", "cagraph.build.reason", "native_triples", "cagraph's OWL 2 RL subset on Oxigraph (default)"),
    Entry("owlrl", "cagraph.build.reason", "owlrl_triples", "owlrl's OWL-RL closure (reference)"),
    Entry("reasonable", "cagraph.build.reason", "reasonable_triples", "the reasonable package (Rust)"),
])

SHACL_ENGINES = Registry("SHACL engine", [
    Entry("pyshacl", "cagraph.check.validate", "run_pyshacl", "pySHACL (reference)"),
    Entry("turbo", "cagraph.check.validate", "run_turbo", "pyshacl-turbo"),
])

RESULT_WRITERS = Registry("result format", [
    Entry("table", "cagraph.query.formats", "write_table", "a table that fits the terminal"),
    Entry("csv", "cagraph.query.formats", "write_csv", "SPARQL 1.1 CSV results"),
    Entry("tsv", "cagraph.query.formats", "write_tsv", "SPARQL 1.1 TSV results"),
    Entry("json", "cagraph.query.formats", "write_json", "SPARQL 1.1 JSON results"),
    Entry("xml", "cagraph.query.formats", "write_xml", "SPARQL 1.1 XML results"),
])
