"""The registries (cagraph.registry): every entry loads, names match what the code accepts, and an
unknown name is one line listing the registered ones."""
from __future__ import annotations

import pytest

from cagraph import registry
from cagraph.errors import ParameterError

ALL = [registry.ENGINES, registry.REASONERS, registry.SHACL_ENGINES, registry.RESULT_WRITERS]


@pytest.mark.parametrize("reg", ALL, ids=lambda r: r.kind)
def test_every_entry_loads(reg):
    for name in reg.names():
        assert callable(reg.get(name)), name


def test_names():
    assert registry.ENGINES.names() == ["oxigraph", "rdflib"]
    assert registry.REASONERS.names() == ["native", "owlrl", "reasonable"]
    assert registry.SHACL_ENGINES.names() == ["pyshacl", "turbo"]
    assert registry.RESULT_WRITERS.names() == ["table", "csv", "tsv", "json", "xml"]


def test_unknown_name_is_one_line():
    with pytest.raises(ParameterError, match=r"^unknown reasoner 'hermit' \(one of native, owlrl, reasonable\)$"):
        registry.REASONERS.get("hermit")


def test_the_cli_offers_the_registered_choices():
    from typer.testing import CliRunner

    from cagraph.cli.main import app

    out = CliRunner().invoke(app, ["query", "--help"], env={"COLUMNS": "200"}).stdout
    assert "[oxigraph|rdflib]" in out
    out = CliRunner().invoke(app, ["build", "--help"], env={"COLUMNS": "200"}).stdout
    assert "owlrl: owlrl's OWL-RL closure (reference)" in out
