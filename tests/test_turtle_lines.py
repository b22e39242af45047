"""``cagraph.io.turtle_lines``: the line where each subject IRI is first written, compared with
rdflib's parse (the scanner is home-made because rdflib gives no positions)."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from cagraph import paths
from cagraph.io.turtle_lines import TurtleScanError, subject_lines

ROOT = Path(__file__).resolve().parent
TURTLE_FILES = [*paths.graph_files(), paths.SHAPES_FILE, *sorted((ROOT / "fixtures").rglob("*.ttl"))]


def _rdflib_subjects(text: str, base: str) -> set[str]:
    g = Graph().parse(data=text, format="turtle", publicID=base)
    return {str(s) for s in g.subjects() if isinstance(s, URIRef)}


@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda p: str(p.relative_to(paths.ROOT)))
def test_scanner_finds_exactly_rdflibs_iri_subjects(path):
    """Every bundled Turtle file (ontology, shapes, data) and every fixture: the scanner's IRIs
    are the IRI subjects of rdflib's parse, no more, no less; and each line is one where the
    subject is written at the start of a statement (in cagraph's files, a line's first term)."""
    text = path.read_text(encoding="utf-8")
    base = path.resolve().as_uri()
    found = subject_lines(text, base=base)
    assert set(found) == _rdflib_subjects(text, base)
    lines = text.splitlines()
    g = Graph().parse(data=text, format="turtle", publicID=base)
    for iri, n in found.items():
        first = lines[n - 1].split()[0]
        assert first in (f"<{iri}>", g.namespace_manager.normalizeUri(URIRef(iri))) or \
            g.namespace_manager.expand_curie(first) == URIRef(iri), (path.name, n, iri)


def test_every_bundled_data_file_is_covered():
    assert {p.name for p in paths.data_files()} <= {p.name for p in TURTLE_FILES}
    assert len(paths.data_files()) >= 9


TRICKY = r'''# A comment with a full stop. And <http://example.org/not-a-subject> in it.
@prefix ex: <http://example.org/> .
PREFIX x2: <http://example.org/two/>
@base <http://example.org/base/> .
ex:a ex:p "a string with . and # and ; inside", 'single . quoted' ;
    ex:q DQ3a long string
with new lines . and "quotes" ""inside"" ex:fake ex:p ex:o .
DQ3 , SQ3another SQ3 .
<rel> ex:p [ ex:nested ex:inner ; ex:deeper [ ex:p ( ex:l1 ex:l2 ) ] ] .
[ ex:p ex:o ] ex:q ex:bnode-subject-is-not-an-iri .
( ex:c1 ex:c2 ) ex:p ex:collection-subject .
_:b1 ex:p ex:o .
x2:b\-escaped\.name ex:p 12.5, -3, 1.0e6, true, "x"@en-GB, "1"^^ex:dt .
ex:a ex:again ex:o .
ex:c ex:d ex:e.
ex:f ex:g ex:h
  .
'''.replace("DQ3", '"""').replace("SQ3", "'''")


def test_tricky_turtle_lines_and_rdflib_agreement():
    base = "http://example.org/doc"
    found = subject_lines(TRICKY, base=base)
    assert found == {
        "http://example.org/a": 5,
        "http://example.org/base/rel": 9,
        "http://example.org/two/b-escaped.name": 13,
        "http://example.org/c": 15,
        "http://example.org/f": 16,
    }
    assert set(found) == _rdflib_subjects(TRICKY, base)


def test_not_turtle_is_an_error_with_its_line():
    with pytest.raises(TurtleScanError, match=r"^line 2: cannot read '\{ \"json\": 1 }'$"):
        subject_lines('<http://example.org/a> <http://example.org/p> "x" .\n{ "json": 1 }')
