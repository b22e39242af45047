"""Shared fixtures. Path constants live in cagraph.paths; every test session gets its own
compiled-store cache so tests never touch (or depend on) the developer's .cagraph-cache."""
from __future__ import annotations

import os
import tempfile

import pytest

_CACHE = tempfile.mkdtemp(prefix="cagraph-test-cache-")
os.environ["CAGRAPH_CACHE"] = _CACHE


@pytest.fixture(scope="session")
def graph():
    """The bundled graph (ontology + data), parsed once."""
    from cagraph.graph import load_graph

    return load_graph()


@pytest.fixture(scope="session")
def ox_engine():
    from cagraph.store import oxigraph_engine

    return oxigraph_engine()


@pytest.fixture(scope="session")
def rdflib_engine(graph):
    from cagraph.engines import RdflibEngine

    return RdflibEngine(graph)


@pytest.fixture(scope="session")
def cache_dir():
    return _CACHE
