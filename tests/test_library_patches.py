"""The two places where cagraph reaches into a library, each pinned so that an upgrade that changes
what they rely on fails here, loudly, instead of silently changing results or speed.

* ``cagraph.check.validate._parsed_queries_cached`` replaces ``parseQuery`` / ``translateQuery`` of
  rdflib's SPARQL processor while pySHACL runs (each SHACL-SPARQL text translated once).
* ``cagraph.site.ontology_page._import_pylode`` provides ``pylode.version`` before pyLODE 3.4 reads a
  ``pyproject.toml`` its wheel does not install (RDFLib/pyLODE issue #260).

(owlrl's process-wide ``_toPythonMapping`` is no longer touched: owlrl runs with
``improved_datatypes=False``, pinned in tests/test_reasoning.py.)
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from rdflib import Graph

from cagraph import paths


def test_rdflib_processor_still_has_the_functions_we_replace():
    import rdflib.plugins.sparql.processor as processor

    assert callable(processor.parseQuery) and callable(processor.translateQuery), \
        "rdflib moved parseQuery/translateQuery: update cagraph.check.validate._parsed_queries_cached"


def test_pyshacl_still_goes_through_them():
    """A SHACL-SPARQL constraint evaluated by pySHACL under the patch fills the translation cache:
    if pySHACL stopped calling rdflib's processor functions, the cache would stay empty and the
    speed-up would be gone without any test noticing."""
    from cagraph.check import validate as v

    v._TRANSLATED.clear()
    data = Graph().parse(paths.ROOT / "tests" / "fixtures" / "shapes" / "AssertionShape-invalid-02.ttl")
    for t in Graph().parse(paths.ONTOLOGY_FILE):
        data.add(t)
    v.run_shacl(data, paths.SHAPES_FILE)
    assert v._TRANSLATED, "pySHACL no longer translates through rdflib's processor: remove or redo the patch"


def test_pylode_still_needs_its_version_shim():
    """Importing pyLODE without cagraph's shim still fails the way issue #260 describes. When a
    pyLODE release fixes it, this test fails: delete the shim in cagraph.site.ontology_page."""
    if importlib.util.find_spec("pylode") is None:
        pytest.skip("pyLODE is not installed")
    res = subprocess.run([sys.executable, "-c", "import pylode.version"], capture_output=True, text=True)
    assert res.returncode != 0 and "pyproject.toml" in res.stderr, \
        "pylode.version imports cleanly now: remove the pylode.version shim (cagraph.site.ontology_page)"


def test_the_shim_makes_pylode_importable():
    if importlib.util.find_spec("pylode") is None:
        pytest.skip("pyLODE is not installed")
    code = "from cagraph.site.ontology_page import _import_pylode; print(_import_pylode().__name__)"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0 and res.stdout.strip() == "OntPub", res.stderr[-500:]
