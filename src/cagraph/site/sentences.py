"""English sentences for the facts of the graph: one method per fact class.

A sentence is a list of segments: plain strings and IRIs (``URIRef``), so that each page can turn the
IRIs into links (the templates) or into labels (:func:`sentence_text`, the review sheet).
:class:`SentenceRenderer` reads the graph through a :class:`cagraph.site.model.Model` (labels, most
specific class, warnings); this module does not import the model, the model imports it.

>>> ordinal(22)
'22nd'
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Callable, Optional

from rdflib import Literal, Namespace, URIRef  # noqa: F401  (Literal: doctest of fmt_number)
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from cagraph.ns import PREFIXES

if TYPE_CHECKING:  # pragma: no cover
    from cagraph.site.model import Model

CAG, CGR, PROV, ORG = (Namespace(PREFIXES[p]) for p in ("cag", "cgr", "prov", "org"))


def local_name(node) -> str:
    """The last segment of an IRI.

    >>> local_name("https://w3id.org/cagraph/ontology#TradeFlow")
    'TradeFlow'
    """
    s = str(node)
    return re.split(r"[/#]", s.rstrip("/#"))[-1] or s


def decimal_of(lit) -> Optional[Decimal]:
    """A literal as a Decimal, or None."""
    if lit is None:
        return None
    try:
        return Decimal(str(lit))
    except (InvalidOperation, ValueError):
        return None


def year_of(lit) -> Optional[int]:
    """The year of a literal (``2023``, ``"2023-05"``), or None."""
    if lit is None:
        return None
    m = re.match(r"^-?\d{1,4}", str(lit))
    return int(m.group(0)) if m else None


# Assertion predicates: how "<subject> <phrase> <object>" reads in English. A predicate missing
# here falls back on its ontology label (see SentenceRenderer.predicate_phrase).
PREDICATE_PHRASES = {
    "focusArea": "focuses on",
    "topic": "is about",
    "founds": "founds",
    "sector": "is in the sector of",
    "drives": "drives",
    "enables": "enables",
    "hasObjective": "has the objective of",
    "affects": "affects",
    "erodes": "erodes",
    "bolsters": "bolsters",
    "fostersDependenceOn": "fosters dependence on",
    "balances": "balances",
    "challengeTo": "is a challenge to",
    "rivalTo": "is a rival to",
    "near": "is near",
    "farFrom": "is far from",
    "characterizedBy": "is characterized by",
    "venue": "took place at",
    "alternativeTo": "is an alternative to",
    "hasAlternative": "has as an alternative",
    "ledBy": "is led by",
    "leads": "leads",
    "promotedBy": "is promoted by",
    "promotes": "promotes",
    "holdsPost": "holds the post of",
    "postHeldBy": "is held by",
    "postIn": "is a post in",
    "affiliation": "is affiliated with",
    "partOf": "is part of",
    "hasPart": "has as a part",
    "launchedBy": "was launched by",
    "launched": "launched",
    "proposedBy": "was proposed by",
    "proposed": "proposed",
    "proposedWithin": "was proposed within",
    "announcedAt": "was announced at",
    "announcedIn": "was announced in",
    "announces": "announces",
    "setsOut": "sets out",
    "implementedBy": "is implemented by",
    "implements": "implements",
    "aimsAt": "aims at",
    "covers": "covers",
    "coveredBy": "is covered by",
    "connects": "connects",
    "connectedBy": "is connected by",
    "via": "runs via",
    "financedBy": "is financed by",
    "finances": "finances",
    "interestedParty": "has as an interested party",
    "party": "has as a party",
    "partyTo": "is a party to",
    "agent": "was carried out by",
    "location": "took place in",
    "host": "was hosted by",
    "hosts": "hosted",
    "participant": "had as a participant",
    "participatesIn": "took part in",
    "framework": "took place in the framework of",
    "focus": "focused on",
    "memberOf": "is a member of",
    "hasMember": "has as a member",
    "concerns": "concerns",
    "threatens": "threatens",
    "hostsGroup": "hosts",
    "rivalOf": "is a rival of",
    "tradingPartnerOf": "is a trading partner of",
    "locatedIn": "is located in",
    "containsPlace": "contains",
    "capitalOf": "is the capital of",
    "hasCapital": "has as its capital",
    "cites": "cites",
    "editor": "was edited by",
    "commodity": "includes",
}

# Hedges on a figure, as they read before it ("more than 90 billion USD"); other qualifiers are
# quoted after the sentence.
QUALIFIER_PREFIX = {
    "approximately": "approximately", "about": "about", "around": "around", "almost": "almost",
    "nearly": "nearly", "more than": "more than", "over": "over", "exceeded": "more than",
    "exceeding": "more than", "at least": "at least", "up to": "up to", "less than": "less than",
    "a mere": "a mere", "only": "only", "annual average": "an annual average of",
    "average per year": "an average per year of", "per year on average": "an average per year of",
}

# Phrases for predicates of other vocabularies, by full IRI.
OTHER_PHRASES = {
    str(DCTERMS.subject): "is about",
    str(DCTERMS.creator): "was written by",
    str(DCTERMS.publisher): "was published by",
    str(DCTERMS.references): "cites",
    str(DCTERMS.isPartOf): "is part of",
    str(ORG.memberOf): "is a member of",
    str(ORG.subOrganizationOf): "is part of",
    str(SKOS.inScheme): "is listed in",
    str(SKOS.broader): "is a kind of",
    str(PROV.wasAttributedTo): "is attributed to",
    str(RDFS.seeAlso): "see also",
    str(PROV.atLocation): "is located in",
}


def ordinal(n: int) -> str:
    """An English ordinal.

    >>> [ordinal(i) for i in (1, 2, 3, 4, 11, 12, 21, 102)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '21st', '102nd']
    """
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def fmt_number(lit) -> str:
    """A number as the document writes it, sign dropped: ``22.0`` -> ``22``, ``12.389`` stays.

    >>> fmt_number(Literal("22.0")), fmt_number("-27.8"), fmt_number("1000000")
    ('22', '27.8', '1000000')
    """
    from cagraph.io.sources import canonical_number

    return canonical_number(str(lit).strip())


def fmt_change(lit) -> str:
    d = decimal_of(lit)
    if d is None:
        return str(lit)
    sign = "+" if d > 0 else ("-" if d < 0 else "±")
    return f"{sign}{fmt_number(lit)} %"


class SentenceRenderer:
    """One method per fact class; each returns a list of segments (str or URIRef)."""

    def __init__(self, model: Model):
        self.m = model
        self.g = model.g

    # -- helpers ----------------------------------------------------------------------------
    def one(self, f, p):
        return self.g.value(f, p)

    def all(self, f, p) -> list:
        return sorted(set(self.g.objects(f, p)), key=lambda o: (self.m.label(o).lower(), str(o)))

    def join(self, nodes: list, word: str = "and") -> list:
        out: list = []
        for i, n in enumerate(nodes):
            if i:
                out.append(", " if i < len(nodes) - 1 else f" {word} ")
            out.append(n if isinstance(n, URIRef) else str(n))
        return out

    def node(self, n) -> list:
        if n is None:
            return ["(unknown)"]
        return [n if isinstance(n, URIRef) else str(n)]

    def qualifier(self, f) -> str:
        """The hedges that read well before a figure ("approximately 245 million USD")."""
        qs = [QUALIFIER_PREFIX[str(q).strip().lower()] for q in self.all(f, CAG.qualifier)
              if str(q).strip().lower() in QUALIFIER_PREFIX]
        return (" ".join(qs) + " ") if qs else ""

    def other_qualifiers(self, f) -> list[str]:
        """The document's words that are not a hedge on a figure ("rapidly becoming")."""
        return [str(q) for q in self.all(f, CAG.qualifier) if str(q).strip().lower() not in QUALIFIER_PREFIX]

    def money(self, f) -> str:
        amount = self.one(f, CAG.amount)
        if amount is None:
            return ""
        scale = self.one(f, CAG.scale)
        currency = self.one(f, CAG.currency)
        s = self.qualifier(f) + fmt_number(amount)
        if scale is not None:
            s += " " + self.m.label(scale)
        if currency is not None:
            s += " " + str(currency)
        return s

    def period(self, f, *, preposition: bool = True) -> list:
        p = self.one(f, CAG.period)
        if p is None:
            y = self.one(f, CAG.year)
            return [f" in {y}"] if y is not None else []
        lab = self.m.label(p)
        sy, ey = self.g.value(p, CAG.startYear), self.g.value(p, CAG.endYear)
        if sy is not None and ey is None:
            return [f" since {sy}"]
        if re.match(r"^(\d|January|February|March|April|May|June|July|August|September|October|November|December)", lab):
            return [f" in {lab}"]
        return [f" in the {lab[:1].lower()}{lab[1:]}"]

    def change(self, f) -> list:
        c = self.one(f, CAG.changePercent)
        if c is None:
            return []
        cw = self.one(f, CAG.comparedWith)
        against = f"on {self.m.label(cw)}" if cw is not None else "on the previous period"
        return [f" ({fmt_change(c)} {against})"]

    # -- dispatch ---------------------------------------------------------------------------
    def render(self, f: URIRef, cls: URIRef) -> list:
        name = local_name(cls)
        fn: Callable = getattr(self, f"r_{name}", None) or self.r_generic
        self._used_qualifiers: set = set()
        try:
            parts = fn(f)
        except Exception as exc:  # a malformed fact must not stop the site: say so on the page
            self.m.warnings.append(f"{f}: cannot render ({type(exc).__name__}: {exc})")
            parts = self.r_generic(f)
        rest = [q for q in self.other_qualifiers(f) if q not in self._used_qualifiers]
        if rest and fn is not self.r_generic:
            parts = parts + [" (in the document's words: " + "; ".join(f"“{q}”" for q in rest) + ")"]
        return parts

    def r_TradeFlow(self, f) -> list:
        exp, imp = self.one(f, CAG.exporter), self.one(f, CAG.importer)
        money = self.money(f)
        commodities = self.all(f, CAG.commodity)
        out = self.node(exp) + [" exported "]
        if money:
            out.append(money)
            if commodities:
                out += [" of "] + self.join(commodities)
        elif commodities:
            out += self.join(commodities)
        else:
            out.append("goods")
        out += [" to "] + self.node(imp) + self.period(f) + self.change(f)
        return out

    def r_BilateralTrade(self, f) -> list:
        parties = self.all(f, CAG.tradeParty)
        money = self.money(f)
        out = ["Trade between "] + self.join(parties)
        if not money and self.other_qualifiers(f):
            words = self.other_qualifiers(f)
            self._used_qualifiers.update(words)
            money = " ".join(words)  # "trillions of dollars": the words stand for the figure
        out += [f" amounted to {money}" if money else " was recorded"] + self.period(f) + self.change(f)
        return out

    def r_TradeShare(self, f) -> list:
        rep, par = self.one(f, CAG.reporter), self.one(f, CAG.partner)
        share = self.one(f, CAG.sharePercent)
        direction = str(self.one(f, CAG.flowDirection) or "trade")
        out = self.node(par) + [f" accounted for {self.qualifier(f)}{fmt_number(share) if share is not None else '?'} % of "]
        out += self.node(rep) + [f"'s {direction}"] + self.period(f)
        return out

    def r_PartnerRanking(self, f) -> list:
        rep, par = self.one(f, CAG.reporter), self.one(f, CAG.partner)
        rank = self.one(f, CAG.rank)
        what = str(self.one(f, CAG.rankingOf) or "trade")
        try:
            n = int(str(rank))
            r = "largest" if n == 1 else f"{ordinal(n)} largest"
        except (TypeError, ValueError):
            r = f"number {rank}"
        role = "trading partner" if what == "trade" else f"partner for {what}"
        return self.node(par) + [" was "] + self.node(rep) + [f"'s {r} {role}"] + self.period(f)

    def r_Investment(self, f) -> list:
        out = self.node(self.one(f, CAG.investor)) + [" invested "]
        out.append(self.money(f) or "an unstated amount")
        targets = self.all(f, CAG.investmentTarget)
        if targets:
            out += [" in "] + self.join(targets)
        sectors = self.all(f, CAG.sector)
        if sectors:
            out += [" (sector: "] + self.join(sectors) + [")"]
        projects = self.all(f, CAG.fundedProject)
        if projects:
            out += [" for "] + self.join(projects)
        return out + self.period(f) + self.change(f)

    def r_Loan(self, f) -> list:
        out = self.node(self.one(f, CAG.lender)) + [" lent "]
        out.append(self.money(f) or "an unstated amount")
        borrowers = self.all(f, CAG.borrower)
        if borrowers:
            out += [" to "] + self.join(borrowers)
        projects = self.all(f, CAG.fundedProject)
        if projects:
            out += [" for "] + self.join(projects)
        return out + self.period(f)

    def r_Contract(self, f) -> list:
        out = self.node(self.one(f, CAG.supplier)) + [" has a contract to supply "] + self.node(self.one(f, CAG.buyer))
        money = self.money(f)
        if money:
            out.append(f" worth {money}")
        years = self.one(f, CAG.durationYears)
        if years is not None:
            out.append(f" over {fmt_number(years)} years")
        sectors = self.all(f, CAG.sector)
        if sectors:
            out += [" (sector: "] + self.join(sectors) + [")"]
        return out + self.period(f)

    def r_Count(self, f) -> list:
        n = self.one(f, CAG.countValue)
        thing = str(self.one(f, CAG.countedThing) or "items")
        out: list = [f"{self.qualifier(f)}{fmt_number(n) if n is not None else '?'} {thing}"]
        out[0] = out[0][:1].upper() + out[0][1:]
        agents = self.all(f, CAG.countedAgent)
        objs = self.all(f, CAG.measuredObject)
        if agents:
            out += [" — of "] + self.join(agents)
        if objs:
            out += ["; about " if agents else " — about "] + self.join(objs)
        return out + self.period(f)

    def r_WorldShare(self, f) -> list:
        share = self.one(f, CAG.sharePercent)
        measure = str(self.one(f, CAG.worldMeasure) or "total")
        out = self.join(self.all(f, CAG.measuredObject)) or ["(unknown)"]
        out += [f" accounts for {self.qualifier(f)}{fmt_number(share) if share is not None else '?'} % of the world's {measure}"]
        return out + self.period(f)

    def r_TravelTime(self, f) -> list:
        days = self.one(f, CAG.durationDays)
        mode = self.one(f, CAG.transportMode)
        out = ["Transport via "] + (self.join(self.all(f, CAG.measuredObject)) or ["(unknown)"])
        out.append(f" takes {self.qualifier(f)}{fmt_number(days) if days is not None else '?'} days")
        if mode is not None:
            out.append(f" by {mode} transport")
        prev, pmode = self.one(f, CAG.previousDurationDays), self.one(f, CAG.previousTransportMode)
        if prev is not None:
            out.append(f", against {fmt_number(prev)} days" + (f" by {pmode} transport" if pmode is not None else "") + " before")
        return out + self.period(f)

    def r_Measurement(self, f) -> list:
        km = self.one(f, CAG.lengthKm)
        out = self.join(self.all(f, CAG.measuredObject)) or ["(unknown)"]
        return out + [f" is {self.qualifier(f)}{fmt_number(km) if km is not None else '?'} km long"]

    def r_Membership(self, f) -> list:
        out = self.node(self.one(f, CAG.member) or self.one(f, ORG.member)) + [" is a member of "]
        out += self.node(self.one(f, CAG.organization) or self.one(f, ORG.organization))
        sy = self.one(f, CAG.startYear)
        if sy is not None:
            out.append(f" (since {sy})")
        return out

    def r_MilitaryExercise(self, f) -> list:
        hosts = self.all(f, CAG.host)
        year = self.one(f, CAG.year)
        out: list = []
        if hosts:
            out += self.join(hosts) + [" hosted ", f]
        else:
            out += [f, " took place"]
        if year is not None and str(year) not in self.m.label(f):
            out.append(f" ({year})")
        parts_ = self.all(f, CAG.participant)
        if parts_:
            out += ["; participants: "] + self.join(parts_)
        frameworks = self.all(f, CAG.framework)
        if frameworks:
            out += ["; framework: "] + self.join(frameworks)
        purpose = self.one(f, CAG.purpose)
        if purpose is not None:
            out.append(f"; purpose: {purpose}")
        return out

    def predicate_phrase(self, p) -> str:
        if p is None:
            return "(unknown relation)"
        if str(p).startswith(str(CAG)) and local_name(p) in PREDICATE_PHRASES:
            return PREDICATE_PHRASES[local_name(p)]
        if str(p) in OTHER_PHRASES:
            return OTHER_PHRASES[str(p)]
        lab = self.m.label(p)
        if re.search(r"\b(by|of|to|in|at|with|from)$", lab):
            return "is " + lab
        return "— " + lab + " —"

    def r_Assertion(self, f) -> list:
        s, p, o = self.one(f, CAG.assertedSubject), self.one(f, CAG.assertedPredicate), self.one(f, CAG.assertedObject)
        return self.node(s) + [" " + self.predicate_phrase(p) + " "] + self.node(o)

    def r_generic(self, f) -> list:
        cls = self.m.most_specific(f, self.m.fact_classes) or CAG.Fact
        out: list = [self.m.label(cls)[:1].upper() + self.m.label(cls)[1:], ": "]
        first = True
        for p, o in sorted(self.g.predicate_objects(f), key=lambda po: (str(po[0]), str(po[1]))):
            if p in (RDF.type, CAG.evidence, SKOS.editorialNote):
                continue
            if not first:
                out.append("; ")
            first = False
            out.append(self.m.label(p) + " ")
            out.append(o if isinstance(o, URIRef) else str(o))
        return out

    # -- value and unit (review sheet) ------------------------------------------------------
    def value_of(self, f) -> tuple[str, str]:
        g = self.g
        amount = g.value(f, CAG.amount)
        if amount is not None:
            unit = " ".join(x for x in (
                self.m.label(g.value(f, CAG.scale)) if g.value(f, CAG.scale) is not None else "",
                str(g.value(f, CAG.currency) or "")) if x)
            return str(amount), unit
        for p, unit in ((CAG.sharePercent, "%"), (CAG.countValue, "count"), (CAG.rank, "rank"),
                        (CAG.lengthKm, "km"), (CAG.durationDays, "days"), (CAG.durationYears, "years"),
                        (CAG.changePercent, "% change")):
            v = g.value(f, p)
            if v is not None:
                return str(v), unit
        return "", ""


def sentence_text(m: Model, parts: list) -> str:
    return "".join(m.label(p) if isinstance(p, URIRef) else str(p) for p in parts)


