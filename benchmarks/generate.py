"""Synthetic cagraph data for benchmarks: a Turtle file of about N triples that conforms to
``ontology/shapes.ttl`` (validated with ``ontology/cagraph.ttl`` merged in).

    python benchmarks/generate.py --triples 100000 --out /tmp/x.ttl [--seed 42]

What it holds, modelled as docs/modelling.md says (n-ary world nodes with minted IRIs, each stated
by a claim whose evidence is a quote, shared period nodes with their instants, amounts as decimals
with a scale):

* one synthetic source document (``cgr:doc-synthetic-benchmark``) and its quotes (``cgr:q-ec-synth-N``,
  section "SYNTHETIC"): provenance cannot hold for invented data, so the quotes quote nothing real,
  but each writes out the figures of the facts that cite it;
* states (the real names used by the saved queries: ``cgr:china``, ``cgr:kazakhstan``... plus
  invented ones, ``cgr:state-017``), the region ``cgr:central-asia`` with the five Central Asian
  states ``cag:locatedIn`` it, organizations, memberships (with the direct ``cag:memberOf``
  triple), economic corridors covering states, commodity groups, shared periods (years, halves,
  quarters, months);
* the bulk: trade. Pairs of states are drawn from a Zipf distribution (China's pairs with the
  Central Asian states first), so a few pairs hold most of the flows, as in real trade data. The
  first time a pair meets a year it gets its bilateral total, the two direction totals with a
  change on the year before, a trade share and a partner ranking; every draw adds a
  commodity-level ``cag:TradeFlow`` for a year, half, quarter or month;
* military exercises with hosts, participants and a framework; ``cag:Assertion`` nodes naming the
  direct relations (covers, locatedIn, tradingPartnerOf, memberOf), each with its quote.

The output is deterministic for a given ``--triples`` and ``--seed`` (byte-identical across runs
and Python versions: only :class:`random.Random` with integer seeding and string formatting are
used). The triple count is exact to within one fact (a few triples); the script prints it.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Iterable, Optional, TextIO

PREFIXES = """\
@prefix cag: <https://w3id.org/cagraph/ontology#> .
@prefix cgr: <https://w3id.org/cagraph/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

DOC = "cgr:doc-synthetic-benchmark"
CENTRAL_ASIA = ["kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan"]
# (local name, label, short code): the states the saved queries and their defaults name.
NAMED_STATES = [
    ("china", "China", "cn"), ("kazakhstan", "Kazakhstan", "kz"), ("kyrgyzstan", "Kyrgyzstan", "kg"),
    ("tajikistan", "Tajikistan", "tj"), ("turkmenistan", "Turkmenistan", "tm"), ("uzbekistan", "Uzbekistan", "uz"),
    ("russia", "Russia", "ru"), ("united-states", "United States", "us"), ("india", "India", "in"),
    ("pakistan", "Pakistan", "pk"), ("iran", "Iran", "ir"), ("turkiye", "Türkiye", "tr"), ("mongolia", "Mongolia", "mn"),
    ("afghanistan", "Afghanistan", "af"), ("belarus", "Belarus", "by"), ("poland", "Poland", "pl"),
    ("azerbaijan", "Azerbaijan", "az"), ("georgia", "Georgia", "ge"), ("ukraine", "Ukraine", "ua"),
]
NAMED_ORGS = [("sco", "Shanghai Cooperation Organization", "SCO"), ("csto", "Collective Security Treaty Organization", "CSTO"),
              ("eaeu", "Eurasian Economic Union", "EAEU"), ("cica", "Conference on Interaction and Confidence-Building Measures in Asia", "CICA")]
COMMODITIES = ["oil", "natural gas", "copper ores", "iron ores", "machinery", "automotive parts", "textiles", "electronics",
               "footwear", "plastic products", "aluminum", "copper", "iron and steel", "animal skins", "cotton", "grain",
               "fertilizers", "uranium", "zinc", "chemicals", "vehicles", "furniture", "fruit and vegetables", "coal"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def parse_size(text: str) -> int:
    """``10k`` -> 10000, ``1M`` -> 1000000, ``2500`` -> 2500."""
    t = text.strip().lower().replace("_", "")
    mult = 1
    if t.endswith("k"):
        mult, t = 1000, t[:-1]
    elif t.endswith("m"):
        mult, t = 1_000_000, t[:-1]
    return int(float(t) * mult)


def lit(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def en(s: str) -> str:
    return lit(s) + "@en"


def gyear(y: int) -> str:
    """A year: an xsd:integer, as in the bundled data (OWL 2 reasoners reject xsd:gYear)."""
    return str(y)


def dec(x: float, places: int = 3) -> str:
    """A Turtle decimal literal (always with a dot, so it parses as xsd:decimal)."""
    s = f"{x:.{places}f}".rstrip("0")
    return s + "0" if s.endswith(".") else s


ALPHA3 = {"cn": "CHN", "kz": "KAZ", "kg": "KGZ", "tj": "TJK", "tm": "TKM", "uz": "UZB", "ru": "RUS", "us": "USA",
          "in": "IND", "pk": "PAK", "ir": "IRN", "tr": "TUR", "mn": "MNG", "af": "AFG", "by": "BLR", "pl": "POL",
          "az": "AZE", "ge": "GEO", "ua": "UKR"}
FACT_CLASSES = {"cag:TradeFlow", "cag:BilateralTrade", "cag:TradeShare", "cag:PartnerRanking", "cag:Membership",
                "cag:MilitaryExercise", "cag:Investment", "cag:Loan", "cag:Contract", "cag:Count"}
AUTHOR = "cgr:synthetic-author"


class Out:
    """Writes subject blocks and counts the triples.

    Blocks are written in the claims model of docs/modelling.md: a ``cag:evidence`` on a world node
    becomes a claim about it (``cgr:claim-<node>``), a relation assertion gets the claim properties
    itself, and quotes are Web Annotation targets with both selectors (see :meth:`rewrite`)."""

    def __init__(self, fh: TextIO):
        self.fh = fh
        self.triples = 0
        self.instants: set[str] = set()

    def block(self, subject: str, pairs: Iterable[tuple[str, str]]) -> None:
        for subj, prs in self.rewrite(subject, list(pairs)):
            body = " ;\n    ".join(f"{p} {o}" for p, o in prs)
            self.fh.write(f"{subj} {body} .\n")
            self.triples += len(prs)

    def rewrite(self, subject: str, pairs: list[tuple[str, str]]) -> list[tuple[str, list[tuple[str, str]]]]:
        types = {o for p, o in pairs if p == "a"}
        extra: list[tuple[str, list[tuple[str, str]]]] = []
        claim = [("cag:statedIn", DOC), ("cag:factuality", "cag:CTpos"), ("cag:claimKind", "cag:ReportedFact"),
                 ("cag:claimant", AUTHOR)]
        if "cag:Assertion" in types:
            pairs = pairs + claim
        elif types & FACT_CLASSES:
            evidence = [o for p, o in pairs if p == "cag:evidence"]
            pairs = [(p, o) for p, o in pairs if p != "cag:evidence"]
            if not any(p == "rdfs:label" for p, _ in pairs):
                pairs.append(("rdfs:label", en(subject.split(":", 1)[1].replace("-", " "))))
            for k, q in enumerate(evidence):
                name = f"cgr:claim-{subject.split(':', 1)[1]}" + (f"-{k + 1}" if k else "")
                extra.append((name, [("a", "cag:Claim"), ("cag:claimAbout", subject), ("cag:evidence", q)] + claim))
        if "cag:Period" in types:
            v = dict(pairs)
            sy, ey = int(v["cag:startYear"]), int(v["cag:endYear"])
            sm, em = int(v.get("cag:startMonth", 1)), int(v.get("cag:endMonth", 12))
            b, e = f"cgr:start-{sy}-{sm:02d}", f"cgr:end-{ey}-{em:02d}"
            pairs = pairs + [("time:hasBeginning", b), ("time:hasEnd", e)]
            last = [31, 29 if ey % 4 == 0 and (ey % 100 or ey % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][em - 1]
            for iri, label, stamp in ((b, f"start of {MONTHS[sm - 1]} {sy}", f"{sy}-{sm:02d}-01T00:00:00Z"),
                                      (e, f"end of {MONTHS[em - 1]} {ey}", f"{ey}-{em:02d}-{last:02d}T23:59:59Z")):
                if iri not in self.instants:
                    self.instants.add(iri)
                    extra.append((iri, [("a", "time:Instant"), ("rdfs:label", en(label)),
                                        ("time:inXSDDateTimeStamp", f'"{stamp}"^^xsd:dateTimeStamp')]))
        return [(subject, pairs)] + extra

    def comment(self, text: str) -> None:
        self.fh.write(f"\n# {text}\n")


class Generator:
    def __init__(self, target: int, seed: int, out: Out):
        self.target = target
        self.rng = random.Random(seed)
        self.o = out
        self.quotes = 0
        self.assertions: set[str] = set()

    # -- helpers ---------------------------------------------------------------------------------
    def quote(self, text: str) -> str:
        """A new quote of the synthetic document whose text is ``text`` (figures written out)."""
        self.quotes += 1
        q = f"cgr:q-ec-synth-{self.quotes}"
        exact = " ".join(f"Synthetic passage {self.quotes}: {text}".split())
        start = self.quotes * 1000
        self.o.block(q, [("a", "cag:Quote"), ("oa:hasSource", DOC), ("cag:section", "cgr:sec-ec-synthetic"),
                         ("oa:hasSelector", f"{q}-text"), ("oa:hasSelector", f"{q}-position")])
        self.o.block(f"{q}-text", [("a", "oa:TextQuoteSelector"), ("oa:exact", lit(exact)), ("oa:prefix", lit("")),
                                   ("oa:suffix", lit(""))])
        self.o.block(f"{q}-position", [("a", "oa:TextPositionSelector"), ("oa:start", str(start)),
                                       ("oa:end", str(start + len(exact)))])
        return q

    def relation(self, s: str, p: str, o: str, slug: str, text: str, quote: Optional[str] = None) -> None:
        """The direct triple and a cag:Assertion naming it, with its quote (each only once)."""
        a = f"cgr:a-{s}-{slug}-{o}"
        if a in self.assertions:
            return
        self.assertions.add(a)
        self.o.block(f"cgr:{s}", [(p, f"cgr:{o}")])
        q = quote or self.quote(text)
        self.o.block(a, [("a", "cag:Assertion"), ("cag:assertedSubject", f"cgr:{s}"), ("cag:assertedPredicate", p),
                         ("cag:assertedObject", f"cgr:{o}"), ("cag:evidence", q)])

    def entity(self, local: str, cls: str, label: str, *extra: tuple[str, str]) -> None:
        self.o.block(f"cgr:{local}", [("a", cls), ("rdfs:label", en(label)), ("skos:prefLabel", en(label)), *extra])

    # -- the fixed part ----------------------------------------------------------------------------
    def run(self) -> None:
        n, rng, o = self.target, self.rng, self.o
        o.fh.write("# Synthetic cagraph data for benchmarks (benchmarks/generate.py): invented figures, not facts.\n")
        o.fh.write(f"# target triples: {n}\n")
        o.fh.write(PREFIXES)

        o.comment("The synthetic source document and its author")
        self.entity("synthetic-author", "cag:Person", "Synthetic Author")
        o.block(DOC, [("a", "cag:SourceDocument"), ("rdfs:label", en("Synthetic benchmark document")),
                      ("skos:prefLabel", en("Synthetic benchmark document")),
                      ("dcterms:title", en("Synthetic benchmark document")), ("dcterms:creator", "cgr:synthetic-author"),
                      ("dcterms:bibliographicCitation", lit("Synthetic Author. Synthetic benchmark document (invented data).")),
                      ("dcterms:language", lit("en")), ("dcterms:type", lit("Synthetic document")),
                      ("cag:sourceFile", lit("synthetic-benchmark.txt"))])
        o.block("cgr:sec-ec-synthetic", [("a", "cag:Section"), ("rdfs:label", en("SYNTHETIC")), ("dcterms:title", lit("SYNTHETIC")),
                                         ("dcterms:isPartOf", DOC), ("cag:position", "1")])

        o.comment("Periods: years, halves, quarters and months")
        first_year = 2000 if n >= 100_000 else 2010
        self.years = list(range(first_year, 2025))
        self.sub_years = [y for y in self.years if y >= 2015]
        self.month_years = [y for y in self.years if y >= (2018 if n >= 100_000 else 2022)]
        for y in self.years:
            o.block(f"cgr:period-{y}", [("a", "cag:Period"), ("rdfs:label", en(str(y))), ("cag:startYear", gyear(y)),
                                        ("cag:endYear", gyear(y))])
        for y in self.sub_years:
            for h, (a, b) in enumerate([(1, 6), (7, 12)], 1):
                o.block(f"cgr:period-{y}-h{h}", [("a", "cag:Period"), ("rdfs:label", en(f"{'First' if h == 1 else 'Second'} half of {y}")),
                                                 ("cag:startYear", gyear(y)), ("cag:endYear", gyear(y)),
                                                 ("cag:startMonth", str(a)), ("cag:endMonth", str(b))])
            for q in range(1, 5):
                o.block(f"cgr:period-{y}-q{q}", [("a", "cag:Period"), ("rdfs:label", en(f"Quarter {q} of {y}")),
                                                 ("cag:startYear", gyear(y)), ("cag:endYear", gyear(y)),
                                                 ("cag:startMonth", str(3 * q - 2)), ("cag:endMonth", str(3 * q))])
        for y in self.month_years:
            for m in range(1, 13):
                o.block(f"cgr:period-{y}-{m:02d}", [("a", "cag:Period"), ("rdfs:label", en(f"{MONTHS[m - 1]} {y}")),
                                                    ("cag:startYear", gyear(y)), ("cag:endYear", gyear(y)),
                                                    ("cag:startMonth", str(m)), ("cag:endMonth", str(m))])

        o.comment("States, the region of Central Asia")
        n_invented = max(12, min(180, n // 5000))
        self.states = [(local, label, code) for local, label, code in NAMED_STATES]
        self.states += [(f"state-{i:03d}", f"Synthetic State {i:03d}", f"s{i:03d}") for i in range(1, n_invented + 1)]
        self.code = {local: code for local, _, code in self.states}
        self.label = {local: label for local, label, _ in self.states}
        for i, (local, label, code) in enumerate(self.states):
            if code in ALPHA3:  # the real codes of the named states
                a2, a3 = code.upper(), ALPHA3[code]
            else:  # ISO 3166's user-assigned ranges, for invented states
                a2, a3 = "X" + chr(65 + i % 26), "X" + chr(65 + i // 26 % 26) + chr(65 + i % 26)
            self.entity(local, "cag:State", label, ("cag:iso3166Alpha2", lit(a2)), ("cag:iso3166Alpha3", lit(a3)))
        self.entity("central-asia", "cag:Region", "Central Asia")
        for s in CENTRAL_ASIA:
            self.relation(s, "cag:locatedIn", "central-asia", "located-in", f"{self.label[s]} lies in Central Asia.")

        o.comment("Commodity groups")
        o.block("cgr:commodity-groups", [("a", "skos:ConceptScheme"), ("rdfs:label", en("Commodity groups")),
                                         ("skos:prefLabel", en("Commodity groups"))])
        n_comm = max(12, min(97, n // 8000))
        self.commodities = []
        for i in range(n_comm):
            name = COMMODITIES[i] if i < len(COMMODITIES) else f"commodity group {i + 1:02d}"
            local = "commodity-" + name.replace(" ", "-")
            self.commodities.append((local, name))
            self.entity(local, "cag:CommodityGroup", name, ("skos:inScheme", "cgr:commodity-groups"))

        o.comment("Organizations and memberships")
        n_orgs = max(4, min(40, n // 20000))
        orgs = list(NAMED_ORGS) + [(f"organization-{i:02d}", f"Synthetic Organization {i:02d}", f"SO{i:02d}")
                                   for i in range(1, n_orgs - len(NAMED_ORGS) + 1)]
        self.orgs = [local for local, _, _ in orgs]
        for local, label, acronym in orgs:
            self.entity(local, "cag:IntergovernmentalOrganization", label, ("skos:altLabel", en(acronym)))
        members = [s for s, _, _ in self.states]
        for org in self.orgs:
            chosen = sorted(rng.sample(members, k=min(len(members), rng.randint(3, 9))))
            if org == "sco":
                chosen = sorted(set(chosen) | {"china", "russia", "india", "pakistan", "kazakhstan", "kyrgyzstan", "tajikistan", "uzbekistan"})
            for m in chosen:
                since = rng.choice(self.years)
                q = self.quote(f"{self.label[m]} has been a member of {org.upper()} since {since}.")
                o.block(f"cgr:membership-{m}-{org}", [("a", "cag:Membership"), ("rdfs:label", en(f"{self.label[m]} in {org.upper()}")),
                                                      ("cag:member", f"cgr:{m}"), ("cag:organization", f"cgr:{org}"),
                                                      ("cag:startYear", gyear(since)), ("cag:evidence", q)])
                self.relation(m, "cag:memberOf", org, "member-of", "", quote=q)

        o.comment("Economic corridors")
        n_corr = max(6, min(30, n // 40000))
        for i in range(1, n_corr + 1):
            local = f"corridor-{i:02d}"
            self.entity(local, "cag:EconomicCorridor", f"Synthetic Economic Corridor {i:02d}",
                        ("cag:purpose", lit(f"to connect the members of synthetic corridor {i:02d}")))
            covered = sorted({"china", rng.choice(CENTRAL_ASIA)} | set(rng.sample(members, k=rng.randint(2, 6))))
            q = self.quote(f"Synthetic Economic Corridor {i:02d} covers " + ", ".join(self.label[c] for c in covered) + ".")
            for c in covered:
                self.relation(local, "cag:covers", c, "covers", "", quote=q)

        o.comment("Military exercises")
        n_ex = max(5, n // 2500)
        ca_and_friends = CENTRAL_ASIA + ["china", "russia", "india", "pakistan", "mongolia"]
        for i in range(1, n_ex + 1):
            y = rng.choice(self.years)
            host = rng.choice(ca_and_friends)
            parts = sorted({"china", host} | set(rng.sample(ca_and_friends, k=rng.randint(0, 3))))
            label = f"Synthetic Exercise {i:04d} ({y})"
            purpose = rng.choice(["counter-terrorism", "joint border defense", "anti-drug operations", "disaster relief"])
            q = self.quote(f"In {y}, {label} was held in {self.label[host]} with "
                           + ", ".join(self.label[p] for p in parts) + f" for {purpose}.")
            pairs = [("a", "cag:MilitaryExercise"), ("rdfs:label", en(label)), ("skos:prefLabel", en(label)),
                     ("cag:year", gyear(y)), ("cag:period", f"cgr:period-{y}"), ("cag:host", f"cgr:{host}")]
            pairs += [("cag:participant", f"cgr:{p}") for p in parts]
            if rng.random() < 0.5:
                pairs.append(("cag:framework", "cgr:sco"))
            pairs += [("cag:purpose", lit(purpose)), ("cag:evidence", q)]
            o.block(f"cgr:exercise-{i:04d}", pairs)

        self.trade()

    # -- trade: the bulk -------------------------------------------------------------------------------
    def trade(self) -> None:
        rng, o = self.rng, self.o
        o.comment("Trade: totals, shares, rankings and commodity-level flows (Zipf-skewed pairs)")
        states = [s for s, _, _ in self.states]
        pairs = [("china", s) for s in CENTRAL_ASIA] + [("russia", s) for s in CENTRAL_ASIA]
        pairs += [("china", s) for s in states if s not in CENTRAL_ASIA and s != "china"]
        taken = {frozenset(p) for p in pairs}
        others = [(a, b) for i, a in enumerate(states) for b in states[i + 1:] if a != "china" and frozenset((a, b)) not in taken]
        rng.shuffle(others)
        pairs += others[: 4 * len(states)]
        weights = [1.0 / (rank ** 1.2) for rank in range(1, len(pairs) + 1)]
        comm_weights = [1.0 / (rank ** 0.9) for rank in range(1, len(self.commodities) + 1)]
        year_weights = [1.0 + (y - self.years[0]) for y in self.years]  # recent years weigh more
        seen: set[tuple[str, str, int]] = set()
        flow_no = 0
        while o.triples < self.target:
            a, b = rng.choices(pairs, weights)[0]
            y = rng.choices(self.years, year_weights)[0]
            if (a, b, y) not in seen:
                seen.add((a, b, y))
                self.totals(a, b, y)
            for _ in range(1 + int(rng.expovariate(1 / 9))):  # a burst of commodity flows for this pair and year
                if o.triples >= self.target:
                    break
                flow_no += 1
                self.flow(a, b, y, flow_no, comm_weights)

    def flow(self, a: str, b: str, y: int, flow_no: int, comm_weights: list[float]) -> None:
        """One commodity-level trade flow between ``a`` and ``b`` in (a part of) year ``y``."""
        rng, o = self.rng, self.o
        exp, imp = (a, b) if rng.random() < 0.55 else (b, a)
        period = self.pick_period(y)
        comm, comm_label = rng.choices(self.commodities, comm_weights)[0]
        amount = rng.lognormvariate(3.0, 1.6)
        fid = f"cgr:flow-{self.code[exp]}-{self.code[imp]}-{period[len('cgr:period-'):]}-{comm[len('commodity-'):]}-{flow_no}"
        change = rng.uniform(-60, 120)
        pairs_ = [("a", "cag:TradeFlow"),
                  ("rdfs:label", en(f"{self.label[exp]}'s exports of {comm_label} to {self.label[imp]}, {period[len('cgr:period-'):]}")),
                  ("cag:exporter", f"cgr:{exp}"), ("cag:importer", f"cgr:{imp}"), ("cag:commodity", f"cgr:{comm}"),
                  ("cag:amount", dec(amount)), ("cag:scale", "cag:million"), ("cag:currency", lit("USD"))]
        text = f"{self.label[exp]} exported {dec(amount)} million dollars of {comm_label} to {self.label[imp]}"
        if rng.random() < 0.4:
            pairs_.append(("cag:changePercent", dec(change, 1)))
            text += f", a change of {dec(change, 1)} percent"
        if rng.random() < 0.1:
            qual = rng.choice(["approximately", "more than", "up to"])
            pairs_.append(("cag:qualifier", lit(qual)))
        pairs_ += [("cag:period", period), ("cag:year", gyear(y)), ("cag:evidence", self.quote(text + f" ({y})."))]
        o.block(fid, pairs_)

    def pick_period(self, y: int) -> str:
        r = self.rng.random()
        if y in self.month_years and r < 0.25:
            return f"cgr:period-{y}-{self.rng.randint(1, 12):02d}"
        if y in self.sub_years and r < 0.55:
            return f"cgr:period-{y}-q{self.rng.randint(1, 4)}"
        if y in self.sub_years and r < 0.65:
            return f"cgr:period-{y}-h{self.rng.randint(1, 2)}"
        return f"cgr:period-{y}"

    def totals(self, a: str, b: str, y: int) -> None:
        """A pair's first year: bilateral total, both direction totals, a share and a ranking."""
        rng, o = self.rng, self.o
        ca, cb = self.code[a], self.code[b]
        la, lb = self.label[a], self.label[b]
        ab, ba = rng.lognormvariate(0.5, 1.2), rng.lognormvariate(0.0, 1.2)
        total = ab + ba
        ch_total, ch_ab, ch_ba = (rng.uniform(-40, 80) for _ in range(3))
        prev = y - 1 if y - 1 >= self.years[0] else None
        q = self.quote(f"In {y}, trade between {la} and {lb} reached {dec(total)} billion dollars, a change of "
                       f"{dec(ch_total, 1)} percent; {la}'s exports amounted to {dec(ab)} billion dollars ({dec(ch_ab, 1)} percent) "
                       f"and {lb}'s exports to {dec(ba)} billion dollars ({dec(ch_ba, 1)} percent).")
        def money(amount: float, change: float) -> list[tuple[str, str]]:
            out = [("cag:amount", dec(amount)), ("cag:scale", "cag:billion"), ("cag:currency", lit("USD")),
                   ("cag:changePercent", dec(change, 1))]
            if prev is not None:
                out.append(("cag:comparedWith", f"cgr:period-{prev}"))
            return out + [("cag:period", f"cgr:period-{y}"), ("cag:year", gyear(y)), ("cag:evidence", q)]
        o.block(f"cgr:trade-{ca}-{cb}-{y}", [("a", "cag:BilateralTrade"), ("rdfs:label", en(f"Trade between {la} and {lb}, {y}")),
                                             ("cag:tradeParty", f"cgr:{a}"), ("cag:tradeParty", f"cgr:{b}"), *money(total, ch_total)])
        o.block(f"cgr:flow-{ca}-{cb}-{y}-exports", [("a", "cag:TradeFlow"), ("rdfs:label", en(f"{la}'s exports to {lb}, {y}")),
                                                    ("cag:exporter", f"cgr:{a}"), ("cag:importer", f"cgr:{b}"), *money(ab, ch_ab)])
        o.block(f"cgr:flow-{cb}-{ca}-{y}-exports", [("a", "cag:TradeFlow"), ("rdfs:label", en(f"{lb}'s exports to {la}, {y}")),
                                                    ("cag:exporter", f"cgr:{b}"), ("cag:importer", f"cgr:{a}"), *money(ba, ch_ba)])
        share = min(99.9, 100.0 * ba / total)
        direction = rng.choice(["exports", "imports", "trade"])
        qs = self.quote(f"In {y}, {la} accounted for {dec(share, 1)} percent of {lb}'s {direction}.")
        o.block(f"cgr:share-{cb}-{ca}-{y}-{direction}", [("a", "cag:TradeShare"), ("rdfs:label", en(f"Share of {la} in {lb}'s {direction}, {y}")),
                                                         ("cag:reporter", f"cgr:{b}"), ("cag:partner", f"cgr:{a}"),
                                                         ("cag:flowDirection", {"exports": "cag:exports", "imports": "cag:imports"}.get(direction, "cag:totalTrade")), ("cag:sharePercent", dec(share, 1)),
                                                         ("cag:period", f"cgr:period-{y}"), ("cag:year", gyear(y)), ("cag:evidence", qs)])
        rank = 1 + int(rng.expovariate(0.7))
        qr = self.quote(f"In {y}, {la} ranked {rank} among {lb}'s trading partners.")
        o.block(f"cgr:rank-{cb}-{ca}-{y}-trade", [("a", "cag:PartnerRanking"), ("rdfs:label", en(f"{la} among {lb}'s trading partners, {y}")),
                                                  ("cag:reporter", f"cgr:{b}"), ("cag:partner", f"cgr:{a}"), ("cag:rank", str(rank)),
                                                  ("cag:rankingOf", "cag:totalTrade"), ("cag:period", f"cgr:period-{y}"),
                                                  ("cag:year", gyear(y)), ("cag:evidence", qr)])
        self.relation(b, "cag:tradingPartnerOf", a, "trading-partner-of", "", quote=q)


def generate(target: int, out: TextIO, *, seed: int = 42) -> int:
    """Write about ``target`` triples of synthetic data to ``out``; return the exact count."""
    o = Out(out)
    Generator(target, seed, o).run()
    return o.triples


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", required=True, help="about how many triples: 10000, 10k, 1M")
    ap.add_argument("--out", required=True, type=Path, help="Turtle file to write ('-' for stdout)")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args(argv)
    target = parse_size(args.triples)
    if str(args.out) == "-":
        n = generate(target, sys.stdout, seed=args.seed)
    else:
        tmp = args.out.with_name(args.out.name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            n = generate(target, fh, seed=args.seed)
        tmp.replace(args.out)
    print(f"{n} triples -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
