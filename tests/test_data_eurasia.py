"""Concrete facts of the Eurasia Center brief, asked of the merged graph with SPARQL.

Each test states what the brief says and checks the exact values and the exact sets. A world node
(trade flow, exercise, membership, count...) is the brief's when a claim about it is stated in the
brief (``?f ^cag:claimAbout/cag:statedIn doc``); a relation is the brief's when a cag:Assertion
(itself a claim) states it there. A claim's quote is its one ``cag:evidence``, a Web Annotation
target whose text is ``oa:hasSelector/oa:exact`` and whose section is ``cag:section/dcterms:title``.
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from cagraph.io.load import load_graph
from cagraph.ns import PREFIXES

PROLOGUE = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + "\n"
EC = "cgr:doc-eurasia-center-2024"
EXACT = "oa:hasSelector/oa:exact"
SECTION = "cag:section/dcterms:title"


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
             cag:comparedWith ?compared ; ^cag:claimAbout/cag:statedIn {EC} .
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
             ^cag:claimAbout/cag:statedIn {EC} .
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
             cag:year 2024 ; ^cag:claimAbout/cag:statedIn {EC} .
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
             skos:editorialNote ?note ; ^cag:claimAbout/cag:statedIn {EC} .
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
             ^cag:claimAbout/cag:statedIn {EC} .
        }}""")
    # cag:rankingOf is now an IRI of cag:tradeDirections (was the string "trade"/"imports"/...)
    got = {(local(p), int(r), str(o).rsplit("#", 1)[-1], local(per)) for p, r, o, per in found}
    assert got == {
        ("china", 1, "totalTrade", "period-2016-2020"),
        ("russia", 1, "totalTrade", "period-2021"),
        ("russia", 1, "totalTrade", "period-2022"),
        ("china", 1, "totalTrade", "period-2023-h1"),
        ("china", 1, "imports", "period-2023-h1"),
        ("china", 2, "exports", "period-2023-h1"),
    }


def test_trade_shares(graph):
    found = rows(graph, f"""
        SELECT ?f ?reporter ?dir ?share ?period WHERE {{
          ?f a cag:TradeShare ; cag:reporter ?reporter ; cag:partner cgr:china ;
             cag:flowDirection ?dir ; cag:sharePercent ?share ; ^cag:claimAbout/cag:statedIn {EC} .
          OPTIONAL {{ ?f cag:period ?period }}
        }}""")
    # cag:flowDirection is an IRI (cag:exports / cag:imports); China's share of Tajikistan's
    # imports is undated now (its sentence gives no year)
    got = {(local(r), str(d).rsplit("#", 1)[-1], s.toPython(), local(p) if p is not None else None)
           for _, r, d, s, p in found}
    assert got == {
        ("kazakhstan", "exports", Decimal("20"), "period-2023"),
        ("kazakhstan", "imports", Decimal("17"), "period-2023"),
        ("tajikistan", "imports", Decimal("14"), None),
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
    # "China, Central Asian partners": a cag:StateGroup now, not the region cgr:central-asia
    "exercise-druzhba-2019": (
        2019, {"kazakhstan", "kyrgyzstan", "tajikistan"}, {"china", "central-asian-partners"}, set()),
}


def test_table2_has_exactly_six_rows(graph):
    found = rows(graph, f"""
        SELECT DISTINCT ?e WHERE {{
          ?e a cag:MilitaryExercise ; ^cag:claimAbout/cag:evidence/{SECTION}
             "Table 2. China-Central Asia Military Cooperation: Exercises and Training" .
        }}""")
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
    quote = rows(graph, f"SELECT ?x WHERE {{ {ex} ^cag:claimAbout/cag:evidence/{EXACT} ?x }}")
    assert len(quote) == 1
    purpose, as_stated = (str(v) for v in purposes[0])
    assert str(quote[0][0]).endswith(purpose)
    assert as_stated in str(quote[0][0])
    assert str(quote[0][0]).startswith(str(year))


def test_other_exercises_of_the_text(graph):
    found = rows(graph, f"""
        SELECT ?e ?year (GROUP_CONCAT(STRAFTER(STR(?p), "/id/"); separator=",") AS ?ps) WHERE {{
          ?e a cag:MilitaryExercise ; cag:year ?year ; cag:participant ?p ;
             ^cag:claimAbout/cag:evidence ?q .
          ?q {SECTION} "Growing Influence in Military and Diplomacy" ; oa:hasSource {EC} .
        }} GROUP BY ?e ?year""")
    got = {(int(str(y)), frozenset(str(ps).split(","))) for _, y, ps in found}
    assert got == {
        (2003, frozenset({"sco"})),
        (2018, frozenset({"china", "pakistan", "india"})),
        # "China and Central Asian states": a cag:StateGroup now, not the region
        (2019, frozenset({"china", "central-asian-states"})),
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
    found = rows(graph, f"""
        SELECT ?c ?place WHERE {{
          ?a a cag:Assertion ; cag:assertedSubject ?c ; cag:assertedPredicate cag:covers ;
             cag:assertedObject ?place ;
             cag:evidence/{SECTION} "Table 1. Six Economic Corridors" .
          ?c a cag:EconomicCorridor ; cag:covers ?place .
        }}""")
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
             cag:evidence ?q . ?q {SECTION} "Table 1. Six Economic Corridors" ; {EXACT} ?x .
        }}""")
    assert len(purpose) == 1
    p, x = (str(v) for v in purpose[0])
    # The quote is the table row: corridor name, Region cell, then the Purpose cell.
    assert x.endswith(" " + p)
    assert x.startswith(str(graph.value(graph.namespace_manager.expand_curie(c),
                                        graph.namespace_manager.expand_curie("skos:prefLabel"))))


def test_corridor_places_named_in_purposes(graph):
    """The places a Purpose cell names. CPEC's "The objective is to establish a connection between
    China and the Indian Ocean via Gwadar Port" is an aim: the connection and the route are
    Uu claims without a plain triple (only the aim, CPEC aimsAt the Indian Ocean, is CT+)."""
    found = rows(graph, f"""
        SELECT ?c ?p ?o ?fact WHERE {{
          VALUES ?c {{ cgr:china-pakistan-economic-corridor
                      cgr:bangladesh-china-india-myanmar-economic-corridor
                      cgr:china-mongolia-russia-economic-corridor }}
          VALUES ?p {{ cag:via cag:connects cag:aimsAt }}
          ?a a cag:Assertion ; cag:assertedSubject ?c ; cag:assertedPredicate ?p ;
             cag:assertedObject ?o ; cag:factuality ?fact ; cag:statedIn {EC} ;
             cag:evidence/{SECTION} "Table 1. Six Economic Corridors" .
        }}""")
    got = {(local(c).split("-economic-corridor")[0], str(p).rsplit("#", 1)[-1], local(o),
            str(f).rsplit("#", 1)[-1], (c, p, o) in graph) for c, p, o, f in found}
    assert got == {
        ("china-pakistan", "via", "gwadar-port", "Underspecified", False),
        ("china-pakistan", "connects", "china", "Underspecified", False),
        ("china-pakistan", "connects", "indian-ocean", "Underspecified", False),
        ("china-pakistan", "aimsAt", "indian-ocean", "CTpos", True),
        ("bangladesh-china-india-myanmar", "connects", "south-asia", "CTpos", True),
        ("bangladesh-china-india-myanmar", "connects", "southeast-asia", "CTpos", True),
        ("china-mongolia-russia", "aimsAt", "northern-asia", "CTpos", True),
    }


def test_six_corridors_counted(graph):
    found = rows(graph, f"""
        SELECT DISTINCT ?c ?n WHERE {{ ?c a cag:Count ; cag:measuredObject cgr:bri ;
            cag:countedThing "economic corridors" ; cag:countValue ?n ;
            ^cag:claimAbout/cag:statedIn {EC} }}""")
    assert [n.toPython() for (_, n) in found] == [Decimal("6")]


# ---------------------------------------------------------------- memberships, alternatives


def test_sco_memberships_stated_by_the_brief(graph):
    found = rows(graph, f"""
        SELECT DISTINCT ?m WHERE {{
          ?ms a cag:Membership ; cag:member ?m ; cag:organization cgr:sco ;
              ^cag:claimAbout/cag:statedIn {EC} .
          ?m cag:memberOf cgr:sco .
        }}""")
    assert {local(m) for (m,) in found} == {"uzbekistan", "pakistan", "india", "china", "russia"}


def test_sco_expansion_quote_names_three_members(graph):
    found = rows(graph, f"""
        SELECT DISTINCT ?m WHERE {{
          ?ms a cag:Membership ; cag:member ?m ; cag:organization cgr:sco ;
              ^cag:claimAbout/cag:evidence ?q .
          ?q oa:hasSource {EC} ; {EXACT} ?x .
          FILTER(CONTAINS(?x, "expanded to include additional member states"))
        }}""")
    assert {local(m) for (m,) in found} == {"uzbekistan", "pakistan", "india"}


def test_three_alternatives_to_western_institutions(graph):
    found = rows(graph, f"""
        SELECT ?s ?p ?o WHERE {{
          VALUES ?p {{ cag:alternativeTo cag:rivalTo cag:challengeTo }}
          VALUES ?o {{ cgr:world-bank cgr:imf cgr:nato }}
          ?a a cag:Assertion ; cag:assertedSubject ?s ; cag:assertedPredicate ?p ;
             cag:assertedObject ?o ; cag:statedIn {EC} ; cag:factuality cag:CTpos .
          ?s ?p ?o .
        }}""")
    # cag:alternativeTo was split: the brief calls the AIIB an alternative to the World Bank, the
    # Chiang Mai Initiative a rival to the IMF and the SCO a challenge to NATO.
    assert {(local(s), local(p).rsplit("#", 1)[-1], local(o)) for s, p, o in found} == {
        ("sco", "challengeTo", "nato"), ("aiib", "alternativeTo", "world-bank"),
        ("chiang-mai-initiative", "rivalTo", "imf")}


def test_border_demilitarization_agreement_parties(graph):
    found = rows(graph, f"""
        SELECT ?p WHERE {{
          ?a cag:assertedSubject cgr:border-demilitarization-agreement-1996 ;
             cag:assertedPredicate cag:party ; cag:assertedObject ?p ;
             cag:statedIn {EC} .
        }}""")
    assert {local(p) for (p,) in found} == {"china", "russia", "kazakhstan", "kyrgyzstan", "tajikistan"}


def test_bri_parts(graph):
    found = rows(graph, f"""
        SELECT ?p WHERE {{
          ?a cag:assertedSubject cgr:bri ; cag:assertedPredicate cag:hasPart ;
             cag:assertedObject ?p ; cag:statedIn {EC} .
          cgr:bri cag:hasPart ?p .
        }}""")
    assert {local(p) for (p,) in found} == {
        "silk-road-economic-belt", "maritime-silk-road", "digital-silk-road", "polar-silk-road"}


def test_maritime_silk_road_speech_venue(graph):
    """The brief places the speech "at the Indonesian Parliament": a venue, not a location in
    Indonesia that the text does not state."""
    speech = "cgr:speech-maritime-silk-road"
    assert {local(v) for (v,) in rows(graph, f"SELECT ?v WHERE {{ {speech} cag:venue ?v }}")} \
        == {"indonesian-parliament"}
    assert rows(graph, f"SELECT ?v WHERE {{ {speech} cag:location ?v }}") == []
    assert {local(v) for (v,) in rows(graph, f"""
        SELECT ?a WHERE {{ ?a cag:assertedSubject {speech} ; cag:assertedPredicate cag:venue ;
          cag:statedIn {EC} ; cag:factuality cag:CTpos ; cag:evidence/{EXACT} ?x .
          FILTER(CONTAINS(?x, "Indonesian Parliament")) }}""")} \
        == {"a-speech-maritime-silk-road-venue-indonesian-parliament"}


def test_investments(graph):
    found = rows(graph, f"""
        SELECT ?period ?amount ?change ?qualifier WHERE {{
          ?i a cag:Investment ; cag:investor cgr:china ; cag:period ?period ; cag:amount ?amount ;
             cag:scale cag:billion ; ^cag:claimAbout/cag:statedIn {EC} .
          OPTIONAL {{ ?i cag:changePercent ?change }}
          OPTIONAL {{ ?i cag:qualifier ?qualifier }}
        }}""")
    got = {(local(p), a.toPython(), c.toPython() if c is not None else None,
            str(q) if q is not None else None) for p, a, c, q in found}
    assert got == {
        ("period-2013-2018", Decimal("90"), None, "exceeded"),
        ("period-2024-01-05", Decimal("60.2"), Decimal("16.3"), None),
    }
