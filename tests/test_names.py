"""Entity names in query parameters, no silent empty results, and `cagraph queries NAME` — through
the installed console script, as an analyst runs them."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from cagraph.errors import ParameterError
from cagraph.query.names import fold, index_for

CAGRAPH = shutil.which("cagraph")
pytestmark = pytest.mark.skipif(CAGRAPH is None, reason="the cagraph console script is not installed")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CAGRAPH, *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def index(ox_engine):
    return index_for(ox_engine)


@pytest.mark.parametrize("name, iri", [
    ("Uzbekistan", "uzbekistan"), ("UZ", "uzbekistan"), ("uzb", "uzbekistan"), ("uzbekistan", "uzbekistan"),
    ("cgr:uzbekistan", "uzbekistan"), ("https://w3id.org/cagraph/id/uzbekistan", "uzbekistan"),
    ("kirghizstan", "kyrgyzstan"), ("KIRGHIZSTAN", "kyrgyzstan"), ("AIIB", "aiib"), ("SCO", "sco"),
    ("Xingjian", "xinjiang"), ("TAJKISTAN", "tajikistan"), ("Semanur Oncu", "semanur-oncu"),
])
def test_names_people_use_resolve(index, name, iri):
    assert index.resolve(name) == "https://w3id.org/cagraph/id/" + iri


def test_unknown_name_suggests_the_nearest(index):
    with pytest.raises(ParameterError, match=r"'uzbekstan' names no entity; did you mean 'Uzbekistan' \(cgr:uzbekistan\)"):
        index.resolve("uzbekstan")


def test_ambiguous_name_lists_candidates(index):
    # a name two entities carry: make one (the index is the data's; add a twin in a copy)
    import copy

    twin = copy.deepcopy(index)
    twin.add("https://w3id.org/cagraph/id/other-uzbekistan", "Uzbekistan", is_label=True)
    twin.by_name[fold("uzbekistan")].discard("https://w3id.org/cagraph/id/uzbekistan")
    twin.add("https://w3id.org/cagraph/id/uzbekistan", "Uzbekistan")
    twin.by_name[fold("uz")] = {"https://w3id.org/cagraph/id/uzbekistan", "https://w3id.org/cagraph/id/other-uzbekistan"}
    with pytest.raises(ParameterError, match=r"'UZ' is ambiguous: .*cgr:other-uzbekistan.*cgr:uzbekistan"):
        twin.resolve("UZ")


def test_cli_accepts_names_and_iso_codes():
    by_name = run("query", "trade-flows", "-p", "country=Uzbekistan", "-f", "csv")
    by_code = run("query", "trade-flows", "-p", "country=UZ", "-f", "csv")
    by_iri = run("query", "trade-flows", "-p", "country=cgr:uzbekistan", "-f", "csv")
    assert by_name.returncode == by_code.returncode == by_iri.returncode == 0
    assert by_name.stdout == by_code.stdout == by_iri.stdout
    assert by_name.stdout.count("\n") == 3  # header + the two 2023 flows between China and Uzbekistan


def test_cli_unknown_name_is_one_line_exit_2():
    r = run("query", "trade-flows", "-p", "country=uzbekstan")
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1
    assert "did you mean 'Uzbekistan' (cgr:uzbekistan)" in r.stderr


def test_cli_empty_result_says_where_to_look():
    r = run("query", "trade-flows", "-p", "country=Kazakhstan", "-f", "csv")
    assert r.returncode == 0
    assert r.stdout.count("\n") == 1  # the header only
    assert "no rows for Kazakhstan in trade-flows;" in r.stderr
    assert "trade-shares" in r.stderr and "have rows for it" in r.stderr


def test_cli_queries_name_describes_a_query():
    r = run("queries", "trade-flows")
    assert r.returncode == 0
    assert r.stdout.startswith("trade-flows: Trade flows with China\n")
    assert "  country (iri, optional)" in r.stdout
    assert "example: cagraph query trade-flows -p country=cgr:uzbekistan" in r.stdout
    assert "Competency question " in r.stdout
    r = run("queries", "no-such-query")
    assert r.returncode == 2 and r.stderr.startswith("cagraph: error: unknown query")
