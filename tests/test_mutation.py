"""Shape mutation testing (tools/mutate_shapes.py): the recorded score is current and a sample of
mutants, one or more per node shape, is killed now.

The full run (every mutant, a few minutes) writes tools/MUTATION.md; this test checks that the
mutants it lists are exactly the ones the tool makes from today's shapes and data (so a change to
either needs a re-run), that its score line agrees with its table, that every survivor it lists
is explained in ``KNOWN_SURVIVORS``, and re-validates a sample of mutants.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import mutate_shapes as ms  # noqa: E402


@pytest.fixture(scope="module")
def ctx():
    return ms.Context()


@pytest.fixture(scope="module")
def mutants(ctx):
    return ms.generate(ctx)


def test_every_node_shape_with_a_target_has_mutants(ctx, mutants):
    from rdflib.namespace import RDF

    shapes = {ms.local(s) for s in ctx.shapes.subjects(RDF.type, ms.SH.NodeShape) if ctx.focus_nodes(s)}
    assert shapes <= {m.shape for m in mutants}
    assert len(mutants) >= 200
    assert len({m.id for m in mutants}) == len(mutants), "mutant ids must be unique"


def test_recorded_report_is_current(mutants):
    assert ms.REPORT.is_file(), "run tools/mutate_shapes.py"
    assert ms.recorded_ids() == [m.id for m in mutants], \
        "the shapes or the data changed since tools/MUTATION.md was written: run tools/mutate_shapes.py"


def test_recorded_score(mutants):
    killed, total = ms.recorded_score()
    assert total == len(mutants)
    text = ms.REPORT.read_text(encoding="utf-8")
    survivors = [line.split("`")[1] for line in text.split("## Survivors", 1)[1].split("##", 1)[0].splitlines()
                 if line.startswith("- `")]
    assert killed == total - len(survivors)
    for s in survivors:
        assert s in ms.KNOWN_SURVIVORS, f"survivor {s} is not explained in KNOWN_SURVIVORS"
    assert killed / total >= 0.98
    # the sample below leaves the QC queries out: that is sound only while no mutant needs them
    table = text.split("## Mutants", 1)[1]
    for line in table.splitlines():
        if line.startswith("| `") and "survived" not in line:
            by = [b.strip() for b in line.rsplit("|", 2)[1].split(",")]
            assert any(not b.startswith("qc:") for b in by), line


def _sample(mutants) -> list:
    """The first mutant of each node shape, the first of each operator, and the provenance ones."""
    seen, out = set(), []
    for m in mutants:
        if m.shape not in seen or m.operator not in seen or m.operator == "provenance":
            seen |= {m.shape, m.operator}
            out.append(m)
    return out


@pytest.mark.slow
def test_sample_of_mutants_is_killed(ctx, mutants, tmp_path):
    import logging

    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    sample = [m for m in _sample(mutants) if m.id not in ms.KNOWN_SURVIVORS]
    assert len(sample) >= 25
    # the full run checks the unmutated slices, and that no mutant is killed by a QC query alone
    rows = ms.run(ctx, sample, engine="turbo", progress=False, check_baseline=False, qc=False)
    broken = [r for r in rows if r["killed"] is None]
    assert not broken, broken
    survivors = [(r["id"], r["note"]) for r in rows if not r["killed"]]
    assert not survivors, survivors


@pytest.mark.slow
def test_turbo_and_pyshacl_agree_on_a_few_mutants(ctx, mutants):
    """The sample above runs on pyshacl-turbo (faster); spot-check that pyshacl gives the same
    verdicts (tools/MUTATION.md records the full comparison)."""
    import logging

    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    picks = [next(m for m in mutants if m.operator == op) for op in ("malformed", "pattern", "sparql")]
    a = ms.run(ctx, picks, engine="turbo", progress=False)
    b = ms.run(ctx, picks, engine="pyshacl", progress=False)
    assert [(r["killed"], r["by"]) for r in a] == [(r["killed"], r["by"]) for r in b]
    assert all(r["killed"] for r in a)
