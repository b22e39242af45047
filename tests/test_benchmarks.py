"""The benchmark tools: the synthetic data generator and ``benchmarks/run.py --smoke``; and the
cold path of ``cagraph query`` that the benchmarks time (it must not import rdflib, pySHACL or owlrl).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
HEAVY = {"rdflib", "pyshacl", "owlrl", "pyshacl_turbo", "reasonable"}


def _generate(n: int, seed: int, tmp_path: Path) -> Path:
    out = tmp_path / f"synthetic-{n}-{seed}.ttl"
    subprocess.run([sys.executable, str(BENCH / "generate.py"), "--triples", str(n), "--out", str(out), "--seed", str(seed)],
                   check=True, capture_output=True)
    return out


def test_generator_is_deterministic_and_sized(tmp_path):
    import pyoxigraph as ox

    (tmp_path / "again").mkdir()
    # (5,000: the fixed part alone, periods with their instants, states, claims and quotes as Web
    # Annotation targets, is over 3,000 triples since the claims model)
    a, b = _generate(5000, 3, tmp_path), _generate(5000, 3, tmp_path / "again")
    assert a.read_bytes() == b.read_bytes()
    assert _generate(5000, 4, tmp_path).read_bytes() != a.read_bytes()
    st = ox.Store()
    st.load(path=str(a), format=ox.RdfFormat.TURTLE)
    assert 5000 <= len(st) < 5250  # distinct triples: the count the generator aims at


def test_generated_10k_graph_conforms_to_the_shapes(tmp_path):
    """A 10k graph merged with the ontology passes pySHACL with ontology/shapes.ttl."""
    import pyshacl
    from rdflib import Graph

    from cagraph import paths

    g = Graph().parse(paths.ONTOLOGY_FILE, format="turtle").parse(_generate(10_000, 42, tmp_path), format="turtle")
    conforms, _report, text = pyshacl.validate(g, shacl_graph=Graph().parse(paths.SHAPES_FILE, format="turtle"),
                                               inference="none", advanced=True, allow_warnings=True)
    assert conforms, text[:3000]


def test_cold_query_imports_no_heavy_library():
    """`cagraph query` on the compiled store: typer, pyoxigraph, rich; never rdflib, pySHACL, owlrl
    (the CLI registers cli_remote and cli_site at import: they must stay light too)."""
    code = ("import sys; from cagraph.cli.main import app; sys.argv = ['cagraph', 'query', 'trade-flows', '-f', 'csv']\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n")
    p = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout.startswith("exporter,"), p.stderr[-2000:]
    imported = {line.split("|")[-1].strip().split(".")[0] for line in p.stderr.splitlines() if line.startswith("import time:")}
    assert not imported & HEAVY, sorted(imported & HEAVY)


@pytest.mark.slow
def test_smoke_benchmark_writes_a_report(tmp_path):
    """`benchmarks/run.py --smoke` (10k, one repeat) into a temporary file; the committed
    RESULTS.md is left alone. Marked slow: 45-70 s on the 2-core benchmark machine."""
    results = BENCH / "RESULTS.md"
    before = results.read_bytes() if results.exists() else None
    out = tmp_path / "results.md"
    p = subprocess.run([sys.executable, str(BENCH / "run.py"), "--smoke", "--out", str(out), "--work", str(tmp_path / "work")],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    text = out.read_text()
    for heading in ("## Machine", "## Targets of the issue", "## Load and compile", "## Saved queries",
                    "## Validation and reasoning", "## Export", "## Cold start"):
        assert heading in text
    assert "| trade-flows |" in text and "| 10k |" in text
    assert (tmp_path / "results.json").is_file()
    assert (results.read_bytes() if results.exists() else None) == before
