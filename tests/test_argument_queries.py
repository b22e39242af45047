"""The argument queries `drivers`, `effects` and `goals`: exact rows with their parameters (the
default rows are in tests/expected/queries, checked by test_queries.py), factuality in code and
words, claimant and verbatim quote on every row."""
from __future__ import annotations

import pytest

from cagraph.query.catalogue import catalogue, prepare
from cagraph.io.sources import document_text, normalize

PAPER = "Author of 'The Effects of Regional Arrangements on China’s Foreign Policy in Central Asia' (name not given)"
BRIEF = "Semanur Öncü"
WORDS = {"CT+": "certainly", "PR+": "probably", "PS+": "possibly", "CT-": "certainly not",
         "Uu": "as an aim, not as a fact"}
FILES = {"The Role of Central Asia in China's Foreign Policy Strategy (Eurasia Center, 2024)": "000_215280f8e709cb5f.txt",
         "The Effects of Regional Arrangements on China’s Foreign Policy in Central Asia (research paper)": "003_9bcedbd88bf43130.txt"}


def run(engine, name, params=None, cols=None):
    _, text = prepare(name, params or {})
    r = engine.query(text)
    assert r.kind == "select"
    return [tuple(None if d[c] is None else d[c].value for c in (cols or r.variables)) for d in r.dicts()]


def test_the_three_queries_are_catalogued_with_parameters():
    cat = catalogue()
    assert [(p.name, p.type, p.required) for p in cat["drivers"].parameters] == [("document", "iri", False)]
    assert [(p.name, p.type, p.required) for p in cat["effects"].parameters] == [("country", "iri", False)]
    assert [(p.name, p.type, p.required) for p in cat["goals"].parameters] == [("entity", "iri", False)]
    for name in ("drivers", "effects", "goals"):
        assert cat[name].question.endswith("and in which words?")


@pytest.mark.parametrize("name", ["drivers", "effects", "goals"])
def test_every_row_has_factuality_claimant_and_verbatim_quote(ox_engine, name):
    rows = run(ox_engine, name)
    assert rows
    _, text = prepare(name, {})
    variables = ox_engine.query(text).variables
    assert variables[0:2] == ["documentLabel", "section"] and variables[-5:] == ["factuality", "inWords", "claimant", "quote", "claim"]
    for row in rows:
        d = dict(zip(variables, row))
        assert WORDS[d["factuality"]] == d["inWords"]
        assert d["claimant"] in (PAPER, BRIEF)
        assert normalize(d["quote"]) in document_text(FILES[d["documentLabel"]])
        assert d["claim"].startswith("https://w3id.org/cagraph/id/")


DRIVERS_PAPER = [
    ("Paragraph 1", "Chinese reforms", "drives", "China's position as the second global economy after the United States", "CT+", "certainly"),
    ("Paragraph 1", "Chinese reforms", "drives", "China's position as the world's top exporter", "CT+", "certainly"),
    ("Paragraph 1", "foreign direct investment", "drives", "Chinese reforms", "CT+", "certainly"),
    ("Paragraph 1", "trade liberalization", "drives", "Chinese reforms", "CT+", "certainly"),
    ("Paragraph 2", "China's cash financial resources", "enables", "Chinese assistance to other countries", "CT+", "certainly"),
    ("Paragraph 3", "security challenge of the vicinity of Central Asia with Xinjiang", "drives", "China's reconsideration of its relations with its western neighbours", "CT+", "certainly"),
    ("Paragraph 4", "Caspian Sea energy resources", "drives", "China's reconsideration of its relations with its western neighbours", "CT+", "certainly"),
    ("Paragraph 5", "Central Asian demand for investments and trade", "drives", "China's reconsideration of its relations with its western neighbours", "CT+", "certainly"),
    ("Paragraph 8", "Ancient Silk Road", "enables", "Belt and Road Initiative", "CT+", "certainly"),
    ("Paragraph 8", "Guanxi", "enables", "balance between China's bilateral and regional relations in Central Asia", "CT+", "certainly"),
]


def test_drivers_in_the_paper(ox_engine):
    cols = ("section", "driver", "relation", "driven", "factuality", "inWords")
    assert run(ox_engine, "drivers", {"document": "cgr:doc-regional-arrangements"}, cols) == DRIVERS_PAPER


def test_drivers_of_chinas_engagement_in_the_brief(ox_engine):
    cols = ("section", "driver", "driven", "factuality", "claimant")
    rows = run(ox_engine, "drivers", {"document": "cgr:doc-eurasia-center-2024"}, cols)
    assert len(rows) == 16
    engagement = [r for r in rows if r[2] == "China's engagement with Central Asia"]
    assert engagement == [
        ("Growing Influence in Military and Diplomacy", "China's economic interests", "China's engagement with Central Asia", "CT+", BRIEF),
        ("Growing Influence in Military and Diplomacy", "regional stability", "China's engagement with Central Asia", "CT+", BRIEF),
    ]
    assert ("Introduction", "Russia's actions in Ukraine", "China's influence in Central Asia", "CT+", BRIEF) in rows
    # what China's policy does to others is not a driver
    assert not [r for r in rows if r[2] in ("economic opportunities for Central Asian countries",
                                            "shift of Central Asia's economic realities in favor of China")]


EFFECTS_RUSSIA = [
    ("Regional Dynamics", "China's expanding economic involvement in Central Asia", "erodes", "Russia's monopoly in Central Asia", "CT+", "certainly"),
    ("Regional Dynamics", "China's growing economic presence in Central Asia", "challenge to", "Russia's historical and strategic interests in Central Asia", "CT+", "certainly"),
    ("Regional Dynamics", "Shanghai Cooperation Organization", "bolsters", "Russia's influence in Central Asia", "CT+", "certainly"),
    ("Regional Dynamics", "the increasing prominence of China", "challenge to", "Russia", "CT+", "certainly"),
    ("Regional Dynamics", "China's infrastructure investments in Central Asia", "erodes", "Russia's traditional dominance in Central Asia", "PS+", "possibly"),
    ("Regional Dynamics", "China's infrastructure investments in Central Asia", "bolsters", "Russia", "PR+", "probably"),
]


def test_effects_on_russia(ox_engine):
    cols = ("section", "cause", "effect", "affected", "factuality", "inWords")
    assert run(ox_engine, "effects", {"country": "cgr:russia"}, cols) == EFFECTS_RUSSIA


def test_effects_on_each_state(ox_engine):
    cols = ("section", "cause", "effect", "affected", "factuality", "claimant")
    assert run(ox_engine, "effects", {"country": "cgr:turkmenistan"}, cols) == [
        ("TURKMENISTAN", "trade relations between China and Turkmenistan", "bolsters", "Turkmenistan's economic sustainability", "CT+", BRIEF)]
    assert run(ox_engine, "effects", {"country": "cgr:tajikistan"}, cols) == [
        ("TAJKISTAN", "cooperation of China and Tajikistan in the development of infrastructure and trade corridors", "bolsters",
         "economic relations between China and Tajikistan", "PS+", BRIEF)]
    assert run(ox_engine, "effects", {"country": "cgr:kazakhstan"}, cols) == []


def test_effects_on_the_region(ox_engine):
    cols = ("cause", "effect", "affected", "factuality")
    rows = run(ox_engine, "effects", {"country": "cgr:central-asia"}, cols)
    assert len(rows) == 14
    assert ("China's infrastructure network in Central Asia", "fosters dependence on", "China", "CT+") in rows
    assert ("China's infrastructure investments in Central Asia", "affects", "economic structures of Central Asia", "CT+") in rows
    assert ("Chinese foreign policy", "affects", "Central Asia", "CT+") in rows


def test_effects_cover_affects_and_all_its_sub_properties(graph):
    """effects.rq lists cag:affects' sub-properties by name (rdflib is slow on property paths
    over the ontology): the list must be the ontology's."""
    from rdflib import Namespace
    from rdflib.namespace import RDFS

    CAG = Namespace("https://w3id.org/cagraph/ontology#")
    subs = {str(p).split("#")[1] for p in graph.transitive_subjects(RDFS.subPropertyOf, CAG.affects)}
    text = catalogue()["effects"].text
    values = text[text.index("VALUES ?p {"):].split("}", 1)[0]
    listed = {t.split(":")[1] for t in values.split()[3:]}
    assert subs | {"threatens", "challengeTo"} == listed
    for p in ("drives", "enables"):
        assert not set(graph.transitive_subjects(RDFS.subPropertyOf, CAG[p])) - {CAG[p]}


GOALS_SCO = [
    ("Paragraph 7", "Shanghai Cooperation Organization", "has objective", "military bloc", "CT-", "certainly not", PAPER),
    ("Paragraph 7", "Shanghai Cooperation Organization", "has objective", "regional peace", "CT+", "certainly", PAPER),
    ("Paragraph 7", "Shanghai Cooperation Organization", "has objective", "regional stability", "CT+", "certainly", PAPER),
    ("Paragraph 7", "Shanghai Cooperation Organization", "has objective", "security union", "CT-", "certainly not", PAPER),
    ("Paragraph 7", "Shanghai Cooperation Organization", "has objective", "socio-economic development", "CT+", "certainly", PAPER),
    ("Growing Influence in Military and Diplomacy", "Shanghai Cooperation Organization", "has objective", "regional stability", "CT+", "certainly", BRIEF),
]


def test_goals_of_the_sco(ox_engine):
    cols = ("section", "actor", "relation", "goal", "factuality", "inWords", "claimant")
    assert run(ox_engine, "goals", {"entity": "cgr:sco"}, cols) == GOALS_SCO


def test_goals_of_the_bri_and_its_parts(ox_engine):
    cols = ("actor", "relation", "goal")
    rows = run(ox_engine, "goals", {"entity": "cgr:bri"}, cols)
    assert len(rows) == 19
    assert sorted({r[0] for r in rows}) == [
        "21st Century Maritime Silk Road", "Belt and Road Initiative", "China-Indochina Peninsula Economic Corridor",
        "China-Mongolia-Russia Economic Corridor", "China-Pakistan Economic Corridor", "Polar Silk Road",
        "Silk Road Economic Belt"]
    assert sorted(r[2] for r in rows if r[1] == "aims at" and r[0] == "Belt and Road Initiative") == [
        "Central Asia", "Central Asia", "Europe", "Western Asia"]


def test_goals_of_any_actor(ox_engine):
    cols = ("actor", "goal", "factuality")
    assert sorted(run(ox_engine, "goals", {"entity": "cgr:russia"}, cols)) == [("Russia", "regional stability", "CT+")] * 2

def test_default_goals_are_chinas(ox_engine):
    cols = ("actor", "relation", "goal", "factuality")
    rows = run(ox_engine, "goals", {}, cols)
    assert len(rows) == 50
    actors = {r[0] for r in rows}
    assert {"China", "Belt and Road Initiative", "Shanghai Cooperation Organization"} <= actors
    assert not actors & {"Russia", "Turkmenistan", "Uzbekistan", "Asian leaders"}
    assert ("China", "has objective", "reshaping the global order", "CT+") in rows


@pytest.mark.parametrize("name,params", [("effects", {"country": "cgr:russia"}), ("goals", {"entity": "cgr:bri"}),
                                         ("drivers", {"document": "cgr:doc-regional-arrangements"})])
def test_same_rows_with_parameters_on_rdflib(ox_engine, rdflib_engine, name, params):
    from cagraph.query.canon import canonical_rows

    _, text = prepare(name, params)
    assert canonical_rows(ox_engine.query(text)) == canonical_rows(rdflib_engine.query(text))
