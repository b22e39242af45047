"""Concrete facts of the Eurasia Center brief, asked of the merged graph with SPARQL.

Each test states what the brief says and checks the exact values and the exact sets.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from cagraph.graph import PREFIXES, load_graph

PROLOGUE = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + "\n"
EC = "cgr:doc-eurasia-center-2024"


@pytest.fixture(scope="module")
def graph():
    return load_graph()


def rows(graph, query: str) -> list[tuple]:
    return [tuple(r) for r in graph.query(PROLOGUE + query)]


def local(term) -> str:
    return str(term).rsplit("/", 1)[-1]


# ---------------------------------------------------------------- trade


def test_china_exports_to_uzbekistan_2023(graph):
    found = rows(graph, f"""
        SELECT ?amount ?scale ?currency ?change ?year ?period ?compared WHERE {{
          ?f a cag:TradeFlow ; cag:exporter cgr:china ; cag:importer cgr:uzbekistan ;
             cag:year ?year ; cag:amount ?amount ; cag:scale ?scale ;
             cag:currency ?currency ; cag:changePercent ?change ; cag:period ?period ;
             cag:comparedWith ?compared ; cag:evidence/prov:wasQuotedFrom {EC} .
          FILTER(STR(?year) = "2023")
        }}""")
    assert len(found) == 1, found
    amount, scale, currency, change, year, period, compared = found[0]
    assert amount.toPython() == Decimal("12.389")
    assert str(scale) == PREFIXES["cag"] + "billion"
    assert str(currency) == "USD"
    assert change.toPython() == Decimal("67.2")
    assert str(year) == "2023"
    assert local(period) == "period-2023"
    assert local(compared) == "period-2022"


def test_uzbekistan_2023_all_three_figures(graph):
    found = rows(graph, f"""
        SELECT ?kind ?from ?to ?amount ?change WHERE {{
          ?f cag:period cgr:period-2023 ; cag:amount ?amount ; cag:changePercent ?change ;
             cag:evidence/prov:wasQuotedFrom {EC} .
          {{ ?f a cag:TradeFlow ; cag:exporter ?from ; cag:importer ?to . BIND("flow" AS ?kind) }}
          UNION
          {{ ?f a cag:BilateralTrade ; cag:tradeParty cgr:uzbekistan . BIND("total" AS ?kind)
             BIND(cgr:china AS ?from) BIND(cgr:uzbekistan AS ?to) }}
          FILTER(?from IN (cgr:china, cgr:uzbekistan) && ?to IN (cgr:china, cgr:uzbekistan))
        }}""")
    got = {(str(k), local(a), local(b), a_.toPython(), c.toPython()) for k, a, b, a_, c in found}
    assert got == {
        ("total", "china", "uzbekistan", Decimal("14.033"), Decimal("44.9")),
        ("flow", "china", "uzbekistan", Decimal("12.389"), Decimal("67.2")),
        ("flow", "uzbekistan", "china", Decimal("1.644"), Decimal("-27.8")),
    }


def test_kyrgyzstan_first_quarter_2024_and_its_editorial_note(graph):
    found = rows(graph, f"""
        SELECT ?kind ?from ?to ?amount ?scale ?qualifier ?note WHERE {{
          ?f cag:period cgr:period-2024-q1 ; cag:amount ?amount ; cag:scale ?scale ;
             cag:year "2024"^^xsd:gYear ; cag:evidence/prov:wasQuotedFrom {EC} .
          {{ ?f a cag:TradeFlow ; cag:exporter ?from ; cag:importer ?to . BIND("flow" AS ?kind) }}
          UNION
          {{ ?f a cag:BilateralTrade ; cag:tradeParty cgr:kyrgyzstan , cgr:china .
             BIND("total" AS ?kind) BIND(cgr:china AS ?from) BIND(cgr:kyrgyzstan AS ?to) }}
          OPTIONAL {{ ?f cag:qualifier ?qualifier }}
          OPTIONAL {{ ?f skos:editorialNote ?note }}
        }}""")
    got = {(str(k), local(a), local(b), amt.toPython(), local(sc).split("#")[-1],
            str(q) if q is not None else None) for k, a, b, amt, sc, q, _ in found}
    assert got == {
        ("total", "china", "kyrgyzstan", Decimal("4.815"), "billion", None),
        ("flow", "china", "kyrgyzstan", Decimal("4.163"), "billion", None),
        ("flow", "kyrgyzstan", "china", Decimal("22"), "million", "a mere"),
    }
    notes = {(str(k), str(n)) for k, _, _, _, _, _, n in found if n is not None}
    total_notes = [n for k, n in notes if k == "total"]
    assert len(total_notes) == 1
    assert "4.185" in total_notes[0] and "4.815" in total_notes[0]
    assert all(n is not None for *_, n in found), "every Q1 2024 figure carries the note"


def test_tajikistan_2023_total_has_an_editorial_note(graph):
    found = rows(graph, f"""
        SELECT ?amount ?change ?note WHERE {{
          ?f a cag:BilateralTrade ; cag:tradeParty cgr:china , cgr:tajikistan ;
             cag:period cgr:period-2023 ; cag:amount ?amount ; cag:changePercent ?change ;
             skos:editorialNote ?note ; cag:evidence/prov:wasQuotedFrom {EC} .
        }}""")
    assert len(found) == 1
    amount, change, note = found[0]
    assert amount.toPython() == Decimal("1.2") and change.toPython() == Decimal("10")
    assert "245 million" in str(note)


def test_uzbekistan_partner_rankings(graph):
    found = rows(graph, f"""
        SELECT ?partner ?rank ?of ?period WHERE {{
          ?r a cag:PartnerRanking ; cag:reporter cgr:uzbekistan ; cag:partner ?partner ;
             cag:rank ?rank ; cag:rankingOf ?of ; cag:period ?period ;
             cag:evidence/prov:wasQuotedFrom {EC} .
        }}""")
    got = {(local(p), int(r), str(o), local(per)) for p, r, o, per in found}
    assert got == {
        ("china", 1, "trade", "period-2016-2020"),
        ("russia", 1, "trade", "period-2021"),
        ("russia", 1, "trade", "period-2022"),
        ("china", 1, "trade", "period-2023-h1"),
        ("china", 1, "imports", "period-2023-h1"),
        ("china", 2, "exports", "period-2023-h1"),
    }


# ---------------------------------------------------------------- Table 2

TABLE2 = {
    "exercise-peace-mission-2024": (
        2024, {"kazakhstan", "kyrgyzstan", "tajikistan"}, {"sco", "china"}, {"sco"}),
    "exercise-combined-effort-2023": (
        2023, {"tajikistan"}, {"china", "tajikistan", "kyrgyzstan"}, set()),
    "exercise-tianlong-2022": (
        2022, {"kazakhstan"}, {"china", "kazakhstan"}, set()),
    "exercise-zapad-2021": (
        2021, {"kazakhstan", "tajikistan"}, {"china", "russia", "tajikistan", "kazakhstan"},
        {"csto", "sco"}),
    "exercise-silk-road-2020": (
        2020, {"kyrgyzstan"}, {"china", "kyrgyzstan"}, set()),
    "exercise-druzhba-2019": (
        2019, {"kazakhstan", "kyrgyzstan", "tajikistan"}, {"china", "central-asia"}, set()),
}


def test_table2_has_exactly_six_rows(graph):
    found = rows(graph, """
        SELECT DISTINCT ?e WHERE {
          ?e a cag:MilitaryExercise ; cag:evidence/cag:section
             "Table 2. China-Central Asia Military Cooperation: Exercises and Training" .
        }""")
    assert {local(e) for (e,) in found} == set(TABLE2)


@pytest.mark.parametrize("exercise", sorted(TABLE2))
def test_table2_exercise(graph, exercise):
    year, hosts, participants, frameworks = TABLE2[exercise]
    ex = f"cgr:{exercise}"
    assert {int(str(y)) for (y,) in rows(graph, f"SELECT ?y WHERE {{ {ex} cag:year ?y }}")} == {year}
    assert {local(p) for (p,) in rows(graph, f"SELECT ?p WHERE {{ {ex} cag:period ?p }}")} == {f"period-{year}"}
    assert {local(h) for (h,) in rows(graph, f"SELECT ?h WHERE {{ {ex} cag:host ?h }}")} == hosts
    assert {local(p) for (p,) in rows(graph, f"SELECT ?p WHERE {{ {ex} cag:participant ?p }}")} == participants
    assert {local(f) for (f,) in rows(graph, f"SELECT ?f WHERE {{ {ex} cag:framework ?f }}")} == frameworks
    purposes = rows(graph, f"SELECT ?p ?q WHERE {{ {ex} cag:purpose ?p ; cag:participantsAsStated ?q }}")
    assert len(purposes) == 1
    quote = rows(graph, f"SELECT ?x WHERE {{ {ex} cag:evidence/oa:exact ?x }}")
    assert len(quote) == 1
    purpose, as_stated = (str(v) for v in purposes[0])
    assert str(quote[0][0]).endswith(purpose)
    assert as_stated in str(quote[0][0])
    assert str(quote[0][0]).startswith(str(year))


def test_other_exercises_of_the_text(graph):
    found = rows(graph, f"""
        SELECT ?e ?year (GROUP_CONCAT(STRAFTER(STR(?p), "/id/"); separator=",") AS ?ps) WHERE {{
          ?e a cag:MilitaryExercise ; cag:year ?year ; cag:participant ?p ;
             cag:evidence ?q . ?q cag:section "Growing Influence in Military and Diplomacy" ;
             prov:wasQuotedFrom {EC} .
        }} GROUP BY ?e ?year""")
    got = {(int(str(y)), frozenset(str(ps).split(","))) for _, y, ps in found}
    assert got == {
        (2003, frozenset({"sco"})),
        (2018, frozenset({"china", "pakistan", "india"})),
        (2019, frozenset({"china", "central-asia"})),
    }


# ---------------------------------------------------------------- Table 1

TABLE1 = {
    "china-mongolia-russia-economic-corridor": {"china", "mongolia", "russia"},
    "new-eurasian-land-bridge": {"china", "kazakhstan", "russia", "belarus", "poland", "western-europe"},
    "china-central-asia-west-asia-economic-corridor": {
        "china", "central-asia", "kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan",
        "uzbekistan", "western-asia", "iran", "turkiye"},
    "china-pakistan-economic-corridor": {"china", "pakistan"},
    "china-indochina-peninsula-economic-corridor": {
        "china", "vietnam", "laos", "cambodia", "thailand", "myanmar"},
    "bangladesh-china-india-myanmar-economic-corridor": {"bangladesh", "china", "india", "myanmar"},
}


def test_table1_corridors_cover_exactly_their_region_cell(graph):
    found = rows(graph, """
        SELECT ?c ?place WHERE {
          ?a a cag:Assertion ; cag:assertedSubject ?c ; cag:assertedPredicate cag:covers ;
             cag:assertedObject ?place ;
             cag:evidence/cag:section "Table 1. Six Economic Corridors" .
          ?c a cag:EconomicCorridor ; cag:covers ?place .
        }""")
    got: dict[str, set[str]] = {}
    for c, p in found:
        got.setdefault(local(c), set()).add(local(p))
    assert got == TABLE1


@pytest.mark.parametrize("corridor", sorted(TABLE1))
def test_table1_corridor_is_part_of_the_bri_with_its_purpose(graph, corridor):
    c = f"cgr:{corridor}"
    assert graph.query(PROLOGUE + f"ASK {{ {c} cag:partOf cgr:bri }}").askAnswer
    purpose = rows(graph, f"""
        SELECT DISTINCT ?p ?x WHERE {{
          {c} cag:purpose ?p .
          ?a cag:assertedSubject {c} ; cag:assertedPredicate cag:covers ;
             cag:evidence ?q . ?q cag:section "Table 1. Six Economic Corridors" ; oa:exact ?x .
        }}""")
    assert len(purpose) == 1
    p, x = (str(v) for v in purpose[0])
    # The quote is the table row: corridor name, Region cell, then the Purpose cell.
    assert x.endswith(" " + p)
    assert x.startswith(str(graph.value(graph.namespace_manager.expand_curie(c),
                                        graph.namespace_manager.expand_curie("skos:prefLabel"))))


def test_corridor_places_named_in_purposes(graph):
    assert graph.query(PROLOGUE + """ASK {
        cgr:china-pakistan-economic-corridor cag:via cgr:gwadar-port ;
            cag:connects cgr:china , cgr:indian-ocean .
        cgr:bangladesh-china-india-myanmar-economic-corridor cag:connects cgr:south-asia , cgr:southeast-asia .
        cgr:china-mongolia-russia-economic-corridor cag:aimsAt cgr:northern-asia .
    }""").askAnswer


def test_six_corridors_counted(graph):
    found = rows(graph, f"""
        SELECT DISTINCT ?c ?n WHERE {{ ?c a cag:Count ; cag:measuredObject cgr:bri ;
            cag:countedThing "economic corridors" ; cag:countValue ?n ;
            cag:evidence/prov:wasQuotedFrom {EC} }}""")
    assert [n.toPython() for (_, n) in found] == [Decimal("6")]


# ---------------------------------------------------------------- memberships, alternatives


def test_sco_memberships_stated_by_the_brief(graph):
    found = rows(graph, f"""
        SELECT DISTINCT ?m WHERE {{
          ?ms a cag:Membership ; cag:member ?m ; cag:organization cgr:sco ;
              cag:evidence/prov:wasQuotedFrom {EC} .
          ?m cag:memberOf cgr:sco .
        }}""")
    assert {local(m) for (m,) in found} == {"uzbekistan", "pakistan", "india", "china", "russia"}


def test_sco_expansion_quote_names_three_members(graph):
    found = rows(graph, f"""
        SELECT DISTINCT ?m WHERE {{
          ?ms a cag:Membership ; cag:member ?m ; cag:organization cgr:sco ; cag:evidence ?q .
          ?q prov:wasQuotedFrom {EC} ; oa:exact ?x .
          FILTER(CONTAINS(?x, "expanded to include additional member states"))
        }}""")
    assert {local(m) for (m,) in found} == {"uzbekistan", "pakistan", "india"}


def test_three_alternatives_to_western_institutions(graph):
    found = rows(graph, f"""
        SELECT ?s ?o WHERE {{
          ?a a cag:Assertion ; cag:assertedSubject ?s ; cag:assertedPredicate cag:alternativeTo ;
             cag:assertedObject ?o ; cag:evidence/prov:wasQuotedFrom {EC} .
          ?s cag:alternativeTo ?o .
        }}""")
    assert {(local(s), local(o)) for s, o in found} == {
        ("sco", "nato"), ("aiib", "world-bank"), ("chiang-mai-initiative", "imf")}


def test_border_demilitarization_agreement_parties(graph):
    found = rows(graph, f"""
        SELECT ?p WHERE {{
          ?a cag:assertedSubject cgr:border-demilitarization-agreement-1996 ;
             cag:assertedPredicate cag:party ; cag:assertedObject ?p ;
             cag:evidence/prov:wasQuotedFrom {EC} .
        }}""")
    assert {local(p) for (p,) in found} == {"china", "russia", "kazakhstan", "kyrgyzstan", "tajikistan"}


def test_bri_parts(graph):
    found = rows(graph, f"""
        SELECT ?p WHERE {{
          ?a cag:assertedSubject cgr:bri ; cag:assertedPredicate cag:hasPart ;
             cag:assertedObject ?p ; cag:evidence/prov:wasQuotedFrom {EC} .
          cgr:bri cag:hasPart ?p .
        }}""")
    assert {local(p) for (p,) in found} == {
        "silk-road-economic-belt", "maritime-silk-road", "digital-silk-road", "polar-silk-road"}


def test_investments(graph):
    found = rows(graph, f"""
        SELECT ?period ?amount ?change ?qualifier WHERE {{
          ?i a cag:Investment ; cag:investor cgr:china ; cag:period ?period ; cag:amount ?amount ;
             cag:scale cag:billion ; cag:evidence/prov:wasQuotedFrom {EC} .
          OPTIONAL {{ ?i cag:changePercent ?change }}
          OPTIONAL {{ ?i cag:qualifier ?qualifier }}
        }}""")
    got = {(local(p), a.toPython(), c.toPython() if c is not None else None,
            str(q) if q is not None else None) for p, a, c, q in found}
    assert got == {
        ("period-2013-2018", Decimal("90"), None, "exceeded"),
        ("period-2024-01-05", Decimal("60.2"), Decimal("16.3"), None),
    }
