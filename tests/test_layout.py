"""The package's layout shows the pipeline, and the code keeps to it.

Stages, lowest first: the base modules (errors, paths, ns, terms, registry), ``io`` (loading,
sources, atomic writes), ``build`` (the compiled store, reasoning), ``query`` (catalogue, guard,
names, engines, results, remote), ``check`` (SHACL, provenance, QC, coverage), ``site``,
``publish`` (export, push, review sheet), ``cli``. A module imports only from its own stage or the
stages below it (checked on the imports the code actually makes, read with ``ast``), and no module
imports another module's private (``_name``) helper.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "cagraph"
STAGES = ["base", "io", "build", "query", "check", "site", "publish", "cli"]
MAX_LINES = 800


def _stage(module: str) -> str:
    """``cagraph.query.names`` -> ``query``; a top-level module (``cagraph.errors``) -> ``base``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in STAGES else "base"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts)
        out[name.removesuffix(".__init__")] = path
    return out


def _imports(path: Path):
    """(imported module, imported names) for every ``import``/``from`` in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [a.name for a in node.names], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno


MODULES = _modules()


def test_every_stage_is_a_folder():
    for stage in STAGES[1:]:
        assert (PACKAGE / stage / "__init__.py").is_file(), stage
    flat = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    assert flat == ["errors", "ns", "paths", "registry", "terms"], flat


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down_the_pipeline(module):
    here = STAGES.index(_stage(module))
    wrong = []
    for target, names, line in _imports(MODULES[module]):
        if not target.startswith("cagraph"):
            continue
        if target == "cagraph":  # from cagraph import paths / __version__
            targets = [f"cagraph.{n}" for n in names]
        else:
            targets = [target]
        for t in targets:
            if STAGES.index(_stage(t)) > here:
                wrong.append(f"line {line}: {module} ({_stage(module)}) imports {t} ({_stage(t)})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_private_helper_crosses_a_module(module):
    wrong = [f"line {line}: from {target} import {n}"
             for target, names, line in _imports(MODULES[module])
             if target.startswith("cagraph") and target != module
             for n in names if n.startswith("_") and n != "__version__"]
    assert not wrong, "\n".join(wrong)


def test_the_layering_check_can_fail():
    assert _stage("cagraph.cli.main") == "cli" and _stage("cagraph.errors") == "base"
    assert STAGES.index(_stage("cagraph.site.model")) > STAGES.index(_stage("cagraph.query.names"))
    imports = list(_imports(PACKAGE / "cli" / "main.py"))
    assert any(t.startswith("cagraph.query") for t, _, _ in imports)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_800_lines(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module}: {lines} lines (at most {MAX_LINES}): split it"
