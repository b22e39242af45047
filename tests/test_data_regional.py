"""Concrete facts of the research paper "The Effects of Regional Arrangements on China’s Foreign
Policy in Central Asia" (data/regional-arrangements.ttl), checked with SPARQL over the merged graph.

Every query is restricted to what the paper states: world nodes with a claim stated in the
paper, and assertions (relation claims) stated in it
(``?f (^cag:claimAbout)?/cag:statedIn cgr:doc-regional-arrangements``), so that facts the other
document states about the same entities do not change the expected sets. A quote's text is
``oa:hasSelector/oa:exact`` and its section ``cag:section/dcterms:title``.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, URIRef

from cagraph import paths
from cagraph.io.load import load_graph
from cagraph.ns import PREFIXES
from cagraph.io.sources import canonical_number, document_text, normalize, numbers_in

CGR = PREFIXES["cgr"]
DOC_FILE = "003_9bcedbd88bf43130.txt"
FROM_PAPER = "?f (^cag:claimAbout)?/cag:statedIn cgr:doc-regional-arrangements ."
EVIDENCE = "(^cag:claimAbout)?/cag:evidence"
EXACT = "oa:hasSelector/oa:exact"
SECTION = "cag:section/dcterms:title"


@pytest.fixture(scope="module")
def g():
    return load_graph()


def _py(v):
    if isinstance(v, URIRef):
        s = str(v)
        return s[len(CGR):] if s.startswith(CGR) else s
    if isinstance(v, Literal):
        val = v.toPython()
        if isinstance(val, Decimal):
            return float(val)
        return str(val) if not isinstance(val, (int, float)) else val
    return v


def rows(g, query: str) -> set[tuple]:
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    return {tuple(_py(x) for x in r) for r in g.query(prologue + query)}


def col(g, query: str) -> set:
    return {r[0] for r in rows(g, query)}


# ------------------------------------------------------------------------------------ SCO


def test_sco_world_shares(g):
    got = rows(g, f"""
        SELECT ?measure ?share WHERE {{
          ?f a cag:WorldShare ; cag:measuredObject cgr:sco ;
             cag:worldMeasure ?measure ; cag:sharePercent ?share .
          {FROM_PAPER}
        }}""")
    assert got == {("population", 45.0), ("territory", 23.0), ("GDP", 25.0)}
    qual = rows(g, f"""
        SELECT ?measure ?q WHERE {{
          ?f a cag:WorldShare ; cag:measuredObject cgr:sco ; cag:worldMeasure ?measure ;
             cag:qualifier ?q .
          {FROM_PAPER}
        }}""")
    assert qual == {("population", "more than")}


def test_sco_counts(g):
    got = rows(g, f"""
        SELECT ?thing ?n WHERE {{
          ?f a cag:Count ; cag:measuredObject cgr:sco ; cag:countedThing ?thing ; cag:countValue ?n .
          {FROM_PAPER}
        }}""")
    assert got == {
        ("permanent UN Security Council members among the SCO members", 2.0),
        ("energy suppliers among the SCO members", 2.0),
        ("energy consumers among the SCO members", 3.0),
        ("Asian nuclear powers that entered the SCO in 2017 (India and Pakistan)", 2.0),
    }
    unsc = col(g, f"""
        SELECT ?a WHERE {{ ?f a cag:Count ; cag:measuredObject cgr:sco ; cag:countedAgent ?a . {FROM_PAPER} }}""")
    assert unsc == {"un-security-council"}


def test_sco_memberships_2017(g):
    got = rows(g, f"""
        SELECT ?f ?member ?year WHERE {{
          ?f a cag:Membership ; cag:organization cgr:sco ; cag:member ?member ; cag:startYear ?year .
          {FROM_PAPER}
        }}""")
    # one membership node per membership (the -2017 nodes are gone), claimed by both documents
    assert got == {("membership-india-sco", "india", 2017), ("membership-pakistan-sco", "pakistan", 2017)}
    for m in ("india", "pakistan"):
        assert col(g, f"""SELECT ?d WHERE {{ cgr:membership-{m}-sco ^cag:claimAbout/cag:statedIn ?d }}""") \
            == {"doc-regional-arrangements", "doc-eurasia-center-2024"}
    assert not col(g, "SELECT ?f WHERE { ?f a cag:Membership . FILTER(STRENDS(STR(?f), '-2017')) }")
    for st in ("india", "pakistan"):
        assert (URIRef(CGR + st), URIRef(PREFIXES["cag"] + "memberOf"), URIRef(CGR + "sco")) in g
    acc = rows(g, f"""
        SELECT ?event ?agent ?year WHERE {{
          ?f a cag:Assertion ; cag:assertedSubject ?event ; cag:assertedPredicate cag:agent ;
             cag:assertedObject ?agent .
          ?event a cag:Accession ; cag:topic cgr:sco ; cag:year ?year .
          {FROM_PAPER}
        }}""")
    assert {(e, a, str(y)) for e, a, y in acc} == {
        ("accession-india-sco-2017", "india", "2017"),
        ("accession-pakistan-sco-2017", "pakistan", "2017"),
    }


def test_sco_established_2001_and_rats(g):
    # cag:concerns was split: the establishment cag:founds the SCO
    assert rows(g, f"""
        SELECT ?p ?y WHERE {{
          ?f a cag:Assertion ; cag:assertedObject cgr:sco ; cag:assertedPredicate ?p ;
             cag:assertedSubject cgr:sco-establishment-2001 .
          cgr:sco-establishment-2001 cag:year ?y .
          {FROM_PAPER}
        }}""") == {(PREFIXES["cag"] + "founds", 2001)}
    assert rows(g, "SELECT ?y WHERE { cgr:sco cag:startYear ?y }") == {(2001,)}
    assert col(g, f"""
        SELECT ?o WHERE {{
          ?f a cag:Assertion ; cag:assertedSubject cgr:rats ; cag:assertedPredicate cag:partOf ;
             cag:assertedObject ?o .
          {FROM_PAPER}
        }}""") == {"sco"}


def test_sco_concerns(g):
    """The subjects the paper reports as the SCO's (reported facts; the argument layer adds the
    evaluation "another security mechanism", cgr:security-cooperation)."""
    got = col(g, f"""
        SELECT ?o WHERE {{
          ?f a cag:Assertion ; cag:assertedSubject cgr:sco ; cag:assertedPredicate cag:focusArea ;
             cag:assertedObject ?o ; cag:claimKind cag:ReportedFact ; cag:factuality cag:CTpos .
          cgr:sco cag:focusArea ?o .
          {FROM_PAPER}
        }}""")
    # cag:concerns became cag:focusArea; "extremism" is cgr:extremism, not cgr:religious-extremism
    # (which is only one of the "three evils" of the brief)
    assert got == {
        "extremism", "separatism", "terrorism",
        "arms-business", "drug-trafficking", "immigration", "organized-crime",
        "regional-stability", "socio-economic-development",
    }
    # "The 2nd priority of SCO is socio-economic development": a cag:Priority of rank 2, not a Count
    assert rows(g, f"""
        SELECT ?f ?o ?rank WHERE {{
          ?f a cag:Priority ; cag:priorityOf cgr:sco ; cag:measuredObject ?o ; cag:rank ?rank .
          {FROM_PAPER}
        }}""") == {("priority-sco-socio-economic-development", "socio-economic-development", 2)}
    assert not col(g, f"""
        SELECT ?f WHERE {{ ?f a cag:Count ; cag:measuredObject cgr:sco ; cag:countValue 2 ;
          cag:countedThing ?t . FILTER(CONTAINS(LCASE(?t), "priorit")) }}""")


def test_sco_led_and_promoted(g):
    led = rows(g, f"""
        SELECT ?o ?fact WHERE {{ ?f a cag:Assertion ; cag:assertedSubject cgr:sco ;
          cag:assertedPredicate cag:ledBy ; cag:assertedObject ?o ; cag:factuality ?fact . {FROM_PAPER} }}""")
    # "Chinese-led" is certain; "It could be mentioned that the SCO is a division of labor between
    # Beijing and Moscow" is possible (PS+), so "led by Russia" has no plain triple
    assert led == {("china", PREFIXES["cag"] + "CTpos"), ("china", PREFIXES["cag"] + "PSpos"),
                   ("russia", PREFIXES["cag"] + "PSpos")}
    assert col(g, "SELECT ?o WHERE { cgr:sco cag:ledBy ?o }") == {"china"}
    promoted = col(g, f"""
        SELECT ?s WHERE {{ ?f a cag:Assertion ; cag:assertedSubject ?s ;
          cag:assertedPredicate cag:promotedBy ; cag:assertedObject cgr:china . {FROM_PAPER} }}""")
    assert promoted == {"cica", "sco", "socio-economic-development", "rcep"}


# ------------------------------------------------------------------------------ money


def test_russia_china_contract(g):
    got = rows(g, f"""
        SELECT ?supplier ?buyer ?amount ?scale ?cur ?years WHERE {{
          ?f a cag:Contract ; cag:supplier ?supplier ; cag:buyer ?buyer ; cag:amount ?amount ;
             cag:scale ?scale ; cag:currency ?cur ; cag:durationYears ?years .
          {FROM_PAPER}
        }}""")
    assert got == {("russia", "china", 400.0, PREFIXES["cag"] + "billion", "USD", 30.0)}
    sectors = col(g, f"SELECT ?s WHERE {{ ?f a cag:Contract ; cag:sector ?s . {FROM_PAPER} }}")
    assert sectors == {"sector-oil", "sector-gas"}


def test_soft_loans_and_projects(g):
    got = rows(g, f"""
        SELECT ?lender ?borrower ?amount ?scale ?cur ?q WHERE {{
          ?f a cag:Loan ; cag:lender ?lender ; cag:borrower ?borrower ; cag:amount ?amount ;
             cag:scale ?scale ; cag:currency ?cur ; cag:qualifier ?q .
          {FROM_PAPER}
        }}""")
    assert got == {("china", "sco-poorer-countries", 10.0, PREFIXES["cag"] + "billion", "USD", "up to")}
    projects = col(g, f"SELECT ?p WHERE {{ ?f a cag:Loan ; cag:fundedProject ?p . {FROM_PAPER} }}")
    assert projects == {"kazakhstan-kyrgyzstan-expressway", "china-kyrgyzstan-uzbekistan-railway"}
    notes = col(g, f"SELECT ?n WHERE {{ ?f a cag:Loan ; skos:editorialNote ?n . {FROM_PAPER} }}")
    assert len(notes) == 1 and "finalize Russia" in next(iter(notes))


def test_annual_investment_since_2013(g):
    got = rows(g, f"""
        SELECT ?investor ?amount ?q ?period WHERE {{
          ?f a cag:Investment ; cag:investor ?investor ; cag:amount ?amount ;
             cag:scale cag:billion ; cag:currency "USD" ; cag:qualifier ?q ; cag:period ?period .
          {FROM_PAPER}
        }}""")
    assert got == {("chinese-companies", 10.0, "annual average", "period-since-2013")}
    targets = col(g, f"SELECT ?t WHERE {{ ?f a cag:Investment ; cag:investmentTarget ?t . {FROM_PAPER} }}")
    assert targets == {"kazakhstan", "turkmenistan", "tajikistan"}
    sectors = col(g, f"SELECT ?s WHERE {{ ?f a cag:Investment ; cag:sector ?s . {FROM_PAPER} }}")
    assert sectors == {"sector-oil", "sector-hydroelectricity"}


# ------------------------------------------------------------------ Caspian corridor


def test_caspian_corridor_length(g):
    got = rows(g, f"""
        SELECT ?o ?km WHERE {{ ?f a cag:Measurement ; cag:measuredObject ?o ; cag:lengthKm ?km . {FROM_PAPER} }}""")
    assert got == {("caspian-transport-corridor", 6500.0)}


def test_caspian_corridor_covers_exactly(g):
    asserted = col(g, f"""
        SELECT ?o WHERE {{ ?f a cag:Assertion ; cag:assertedSubject cgr:caspian-transport-corridor ;
          cag:assertedPredicate cag:covers ; cag:assertedObject ?o . {FROM_PAPER} }}""")
    direct = col(g, "SELECT ?o WHERE { cgr:caspian-transport-corridor cag:covers ?o }")
    assert asserted == direct == {"china", "kazakhstan", "azerbaijan", "georgia"}
    ends = col(g, "SELECT ?o WHERE { cgr:caspian-transport-corridor cag:connects ?o }")
    assert ends == {"china", "europe"}


def test_caspian_corridor_travel_time(g):
    got = rows(g, f"""
        SELECT ?days ?mode ?before ?beforeMode WHERE {{
          ?f a cag:TravelTime ; cag:measuredObject cgr:caspian-transport-corridor ;
             cag:durationDays ?days ; cag:transportMode ?mode ;
             cag:previousDurationDays ?before ; cag:previousTransportMode ?beforeMode .
          {FROM_PAPER}
        }}""")
    assert got == {(14.0, "land", 60.0, "maritime")}


# ------------------------------------------------------------------------- proposals


def test_cica_era_proposals_and_proposers(g):
    got = rows(g, f"""
        SELECT ?p ?who WHERE {{
          ?f a cag:Assertion ; cag:assertedSubject ?p ; cag:assertedPredicate cag:proposedBy ;
             cag:assertedObject ?who ; cag:evidence ?q .
          ?q {SECTION} "Paragraph 6" .
          ?p cag:proposedBy ?who .
          {FROM_PAPER}
        }}""")
    assert got == {
        ("procurement-of-asian-security", "china"),
        ("asian-security-operative-structure", "xi-jinping"),
        ("increased-economic-integration", "vladimir-putin"),
        ("common-position-against-unilateral-acts", "hassan-rouhani"),
        ("proactive-ownership-of-cica", "recep-tayyip-erdogan"),
        # added with the argument layer (data/argument-regional-arrangements.ttl): "The idea of an
        # Asian defense and security identity has been presented by other leaders."
        ("asian-defense-and-security-identity", "asian-leaders"),
    }
    within = rows(g, f"""
        SELECT ?p ?org WHERE {{ ?f a cag:Assertion ; cag:assertedSubject ?p ;
          cag:assertedPredicate cag:proposedWithin ; cag:assertedObject ?org . {FROM_PAPER} }}""")
    assert within == {("procurement-of-asian-security", "cica")}


def test_quadrilateral_alliance(g):
    assert col(g, "SELECT ?w WHERE { cgr:quadrilateral-military-alliance cag:proposedBy ?w }") == {"china"}
    parties = col(g, f"""
        SELECT ?o WHERE {{ ?f a cag:Assertion ; cag:assertedSubject cgr:quadrilateral-military-alliance ;
          cag:assertedPredicate cag:topic ; cag:assertedObject ?o . {FROM_PAPER} }}""")
    # cag:concerns was split: the states of the proposed alliance are its cag:topic
    assert parties == {"afghanistan", "china", "pakistan", "tajikistan"}


# ---------------------------------------------------------------- security, trade


def test_daesh_participants(g):
    got = rows(g, f"""
        SELECT ?who ?n WHERE {{ ?f a cag:Count ; cag:measuredObject cgr:daesh ;
          cag:countedAgent ?who ; cag:countValue ?n . {FROM_PAPER} }}""")
    assert got == {("central-asia", 4000.0), ("xinjiang", 1000.0)}


def test_hosted_groups(g):
    got = rows(g, f"""
        SELECT ?s ?o WHERE {{ ?f a cag:Assertion ; cag:assertedSubject ?s ;
          cag:assertedPredicate cag:hostsGroup ; cag:assertedObject ?o . ?s cag:hostsGroup ?o . {FROM_PAPER} }}""")
    assert got == {(s, o) for s in ("tajikistan", "uzbekistan") for o in ("taliban", "al-qaida", "daesh")}


def test_security_agreements_with_all_central_asian_states(g):
    got = col(g, f"""
        SELECT ?o WHERE {{ ?f a cag:Assertion ; cag:assertedSubject cgr:china-central-asia-security-agreements ;
          cag:assertedPredicate cag:party ; cag:assertedObject ?o ; cag:evidence/{EXACT} ?x .
          FILTER(CONTAINS(?x, "security agreements with all Central Asian countries in the 21st century"))
          {FROM_PAPER} }}""")
    assert got == {"china", "kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan"}
    assert col(g, "SELECT ?o WHERE { cgr:china-central-asia-security-agreements cag:party ?o }") == got
    # "in the 21st century" dates the relation: a period on the claims (cag:Dated), as a qualifier
    assert col(g, f"""
        SELECT ?p WHERE {{ ?f a cag:Assertion ; cag:assertedSubject cgr:china-central-asia-security-agreements ;
          cag:assertedPredicate cag:party ; cag:period ?p . {FROM_PAPER} }}""") == {"period-21st-century"}


def test_partner_rankings(g):
    got = rows(g, f"""
        SELECT ?reporter ?partner ?rank ?of WHERE {{ ?f a cag:PartnerRanking ; cag:reporter ?reporter ;
          cag:partner ?partner ; cag:rank ?rank ; cag:rankingOf ?of . {FROM_PAPER} }}""")
    # cag:rankingOf is an IRI now (was the string "trade")
    trade = PREFIXES["cag"] + "totalTrade"
    assert got == {("kyrgyzstan", "china", 1, trade), ("china", "kazakhstan", 1, trade)}


def test_xi_trip_2013(g):
    sectors = col(g, f"""
        SELECT ?o WHERE {{ ?f a cag:Assertion ; cag:assertedSubject cgr:xi-visit-agreements-2013 ;
          cag:assertedPredicate cag:sector ; cag:assertedObject ?o .
          cgr:xi-central-asia-trip-2013 cag:topic cgr:xi-visit-agreements-2013 ; cag:year 2013 . {FROM_PAPER} }}""")
    # cag:concerns was split: the agreements' fields are their cag:sector
    assert sectors == {f"sector-{s}" for s in ("oil", "gas", "coal", "water", "electricity")}
    assert col(g, "SELECT ?a WHERE { cgr:xi-central-asia-trip-2013 cag:agent ?a }") == {"xi-jinping"}
    assert rows(g, f"""
        SELECT ?n WHERE {{ ?f a cag:Count ; cag:measuredObject cgr:xi-central-asia-trip-2013 ;
          cag:countValue ?n ; cag:period cgr:period-2013 . {FROM_PAPER} }}""") == {(4.0,)}


def test_economic_arrangements(g):
    assert col(g, f"""
        SELECT ?s WHERE {{ ?f a cag:Assertion ; cag:assertedSubject ?s ; cag:assertedPredicate cag:aimsAt ;
          cag:assertedObject cgr:central-asia ; cag:evidence/{SECTION} "Paragraph 8" . {FROM_PAPER} }}""") \
        == {"bri", "aiib", "silk-road-fund"}
    assert col(g, "SELECT ?o WHERE { cgr:lianyungang cag:locatedIn ?o }") >= {"china"}
    assert col(g, f"""
        SELECT ?s WHERE {{ ?f a cag:Assertion ; cag:assertedSubject ?s ; cag:assertedPredicate cag:interestedParty ;
          cag:assertedObject cgr:chinese-companies . {FROM_PAPER} }}""") \
        == {"kazakhstan-strategy-2050", "almaty-urumqi-railway", "kazakhstan-access-to-lianyungang"}
    # the project of interest is Kazakhstan's access to the port, not the port itself
    assert col(g, "SELECT ?o WHERE { cgr:kazakhstan-access-to-lianyungang cag:connects ?o }") \
        == {"kazakhstan", "lianyungang"}
    assert col(g, "SELECT ?o WHERE { cgr:rcep cag:aimsAt ?o }") >= {"east-asia"}
    assert col(g, "SELECT ?o WHERE { cgr:bri cag:aimsAt ?o }") >= {"central-asia", "western-asia", "europe"}


# ------------------------------------------------------------------------------ labels


@pytest.mark.parametrize("label, entity", [
    ("Xingjian", "xinjiang"),
    ("Kirghizstan", "kyrgyzstan"),
    ("Almati-Urumchi railroad", "almaty-urumqi-railway"),
    ("Rowhani", "hassan-rouhani"),
    ("Kazakhstan-Kirghizstan expressway", "kazakhstan-kyrgyzstan-expressway"),
    ("China-Kirghizstan-Uzbekistan railroad", "china-kyrgyzstan-uzbekistan-railway"),
    ("Chinese firms", "chinese-companies"),
])
def test_document_spellings_resolve(g, label, entity):
    got = col(g, f'SELECT ?e WHERE {{ ?e skos:prefLabel|skos:altLabel "{label}"@en }}')
    assert got == {entity}


# -------------------------------------------------------------------------- references


EXPECTED_REFS = {
    "aghaei-2019", "alimov-2017", "allison-2008", "aris-2013", "atai-2013", "bayou-2016",
    "berdiyev-2020", "bian-2019", "bolonina-2019", "carlson-2018", "iea-2019", "devermont-2019",
    "fels-2018", "gabuev-2017", "glaser-2007", "godehardt-2016", "haas-2016", "huasheng-2013",
    "hui-2016", "kenneth-2017", "koolaee-2019", "lanteigne-2017", "lanteigne-2019", "linn-2012",
    "putz-2018", "roy-1998", "shafiee-2020", "shahbazov-2018", "skalamera-2017", "stronsky-2018",
    "xiaoyi-2019", "yakis-2019", "yan-2019", "yilmaz-2015", "zhao-2011", "zhao-2019",
}


def test_references_cited(g):
    direct = col(g, "SELECT ?r WHERE { cgr:doc-regional-arrangements cag:cites ?r }")
    asserted = col(g, f"""
        SELECT ?r WHERE {{ ?f a cag:Assertion ; cag:assertedSubject cgr:doc-regional-arrangements ;
          cag:assertedPredicate cag:cites ; cag:assertedObject ?r . {FROM_PAPER} }}""")
    expected = {f"ref-{k}" for k in EXPECTED_REFS}
    assert len(expected) == 36
    assert direct == asserted == expected


def test_reference_records(g):
    got = rows(g, f"""
        SELECT ?r ?title ?creator ?date ?cit ?exact ?section WHERE {{
          ?r a dcterms:BibliographicResource ; dcterms:title ?title ; cag:creatorsAsStated ?creator ;
             dcterms:date ?date ; dcterms:bibliographicCitation ?cit ; rdfs:label ?label .
          ?f cag:assertedObject ?r ; cag:assertedPredicate cag:cites ; cag:evidence ?q .
          ?q {EXACT} ?exact ; {SECTION} ?section .
          {FROM_PAPER}
        }}""")
    assert {r for r, *_ in got} == {f"ref-{k}" for k in EXPECTED_REFS}
    for r, title, creator, date, cit, exact, section in got:
        assert section == "References", r
        assert cit == exact, r
        assert title in cit and creator in cit, r
        assert f"({date})" in cit, r
        assert r.endswith("-" + str(date)), r
    by_ref = {r: (title, creator, str(date)) for r, title, creator, date, *_ in got}
    assert by_ref["ref-lanteigne-2019"] == ("Chinese Foreign Policy: an Introduction", "Lanteigne, Marc", "2019")
    assert by_ref["ref-huasheng-2013"][1] == "Huasheng, Zhao"
    assert by_ref["ref-yakis-2019"][1] == "Yakış, Yashar"
    assert by_ref["ref-iea-2019"][0] == "Chinese Companies Energy Activities in Emerging Asia"


# ----------------------------------------------------------------------- coverage


# numbers in the body that no fact carries as a figure, and why
NOT_FIGURES = {
    "21": "“the 21st century”: the period cgr:period-21st-century of the security agreements",
    "2050": "part of the name “Kazakhstan Strategy for 2050” (cag:endYear of the strategy)",
}
FIGURE_PROPS = ("amount", "sharePercent", "countValue", "lengthKm", "durationDays",
                "previousDurationDays", "durationYears", "year", "startYear")


def test_every_body_number_is_a_figure(g):
    """Each number written in a body paragraph is a figure of a fact quoted from that paragraph."""
    vals = " ".join(f"cag:{p}" for p in FIGURE_PROPS)
    got = rows(g, f"""
        SELECT ?section ?v WHERE {{
          VALUES ?p {{ {vals} }}
          {{ ?f ?p ?v ; {EVIDENCE} ?q . {FROM_PAPER} }}
          UNION
          {{ ?e ?p ?v . ?f cag:assertedSubject ?e ; cag:evidence ?q . {FROM_PAPER} }}
          ?q {SECTION} ?section .
        }}""")
    carried = {(s, canonical_number(v)) for s, v in got}
    src = (paths.SOURCES_DIR / DOC_FILE).read_text(encoding="utf-8")
    body = [ln for ln in src.split("\n")[8:16] if ln.strip()]
    assert len(body) == 8 and body[0].startswith("Forty years")
    missing = []
    for n, para in enumerate(body, 1):
        for num in numbers_in(para):
            if num in NOT_FIGURES:
                continue
            if (f"Paragraph {n}", num) not in carried:
                missing.append((n, num))
    assert missing == []
    assert ("Paragraph 3", "21") not in carried
    assert rows(g, 'SELECT ?y WHERE { cgr:kazakhstan-strategy-2050 cag:endYear ?y }') == {(2050,)}


def test_quotes_verbatim_and_sections(g):
    """Every quote of the paper is in it verbatim, in the section it names."""
    src = (paths.SOURCES_DIR / DOC_FILE).read_text(encoding="utf-8").split("\n")
    sections = {"Title": normalize("\n".join(src[:8]))}  # title and front matter
    body = [ln for ln in src[8:16] if ln.strip()]
    sections.update({f"Paragraph {n}": normalize(ln) for n, ln in enumerate(body, 1)})
    refs = [normalize(ln) for ln in src[18:] if ln.strip()]
    got = rows(g, f"""
        SELECT ?q ?exact ?section WHERE {{
          ?q a cag:Quote ; {EXACT} ?exact ; {SECTION} ?section ;
             oa:hasSource cgr:doc-regional-arrangements .
        }}""")
    ours = {q for q, *_ in got if q.startswith(("q-ra-p", "q-ra-ref-"))}
    assert len(ours) == 29 + 36
    text = document_text(DOC_FILE)
    for q, exact, section in got:
        assert exact in text, q
        if section == "References":
            assert exact in refs, q
        else:
            assert exact in sections[section], q


def test_abstract_figures(g):
    """Paragraph 1: forty years of reforms (the ranks "top" and "second" are not figures)."""
    got = rows(g, f"""
        SELECT ?o ?n WHERE {{ ?f a cag:Count ; cag:measuredObject ?o ; cag:countValue ?n ;
          {EVIDENCE}/{SECTION} "Paragraph 1" . {FROM_PAPER} }}""")
    assert got == {("chinese-reforms", 40.0)}
