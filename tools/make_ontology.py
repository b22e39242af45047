"""One-off generator of the first version of ontology/cagraph.ttl.

The Turtle file is the source of truth; this script records how its first version was laid out
and can regenerate it (``python tools/make_ontology.py > ontology/cagraph.ttl``) while the
ontology is still young. Edit the table below, not the Turtle, until the ontology is frozen.
"""
from __future__ import annotations

import sys

PREFIXES = """\
@prefix cag: <https://w3id.org/cagraph/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix vann: <http://purl.org/vocab/vann/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

HEADER = """\
<https://w3id.org/cagraph/ontology> a owl:Ontology ;
    dcterms:title "cagraph: an ontology of China's foreign policy in Central Asia"@en ;
    dcterms:description "Classes and properties for the states, regions, organizations, initiatives, economic corridors, infrastructure, trade flows, investments, agreements, military exercises, events, people and source documents of China's foreign policy in Central Asia, with the provenance of every fact down to the verbatim quote it was read from. Reuses W3C ORG (memberships), PROV-O and the W3C Web Annotation vocabulary (provenance and quotes), SKOS (labels, concepts, editorial notes), Dublin Core terms (documents), OWL-Time (periods), FOAF and schema.org (agents, money). Kept inside the OWL 2 RL profile."@en ;
    dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;
    dcterms:creator "The cagraph developers" ;
    dcterms:created "2026-11-23"^^xsd:date ;
    dcterms:modified "2026-11-23"^^xsd:date ;
    owl:versionIRI <https://w3id.org/cagraph/ontology/0.1.0> ;
    owl:versionInfo "0.1.0" ;
    vann:preferredNamespacePrefix "cag" ;
    vann:preferredNamespaceUri "https://w3id.org/cagraph/ontology#" ;
    rdfs:seeAlso <https://www.w3.org/TR/vocab-org/> , <https://www.w3.org/TR/prov-o/> , <https://www.w3.org/TR/annotation-vocab/> .
"""

# name, label, superclasses, definition, scope note / example (optional)
CLASSES = [
    # ---- provenance
    ("Fact", "fact", ["prov:Entity"],
     "A statement made by a source document, recorded with the verbatim quote it was read from.",
     "Every n-ary node (trade flow, membership, exercise...) and every reified relation statement is a fact. Its evidence is one or more quotes; its source document follows from the quotes (cag:statedIn)."),
    ("Quote", "quote", ["oa:TextQuoteSelector", "prov:Entity"],
     "A verbatim passage of a source document, with the section it stands in, that is the evidence for one or more facts.",
     "oa:exact holds the passage character for character as the document has it, except that whitespace is collapsed and the conversion mark-up of lost hyperlinks ('[text](#)', '<a href=\"#\">') is dropped."),
    ("SourceDocument", "source document", ["dcterms:BibliographicResource", "prov:Entity", "foaf:Document"],
     "A published document from which the facts of the graph are drawn.", None),
    ("Assertion", "relation assertion", ["cag:Fact"],
     "A fact that states one direct relation between two resources, reified so that it can carry its quote.",
     "The relation itself is also stated as a plain triple (subject, predicate, object), so that queries can follow it directly; the assertion carries the evidence."),
    ("Period", "period", ["time:ProperInterval"],
     "A stretch of time that a fact refers to: a calendar year, part of a year, or a span of years.",
     "Example: the first quarter of 2024, or 2003-2016. Calendar years are periods too, so that every dated fact can be grouped by period."),
    ("Scale", "scale", ["skos:Concept"],
     "A multiplier in which an amount is stated, such as million or billion.", None),
    # ---- places
    ("Place", "place", ["dcterms:Location", "prov:Location"],
     "A geographical or political place.", None),
    ("State", "state", ["cag:Place", "cag:Agent"],
     "A sovereign state, taken both as a territory and as an actor of international relations.", None),
    ("Region", "region", ["cag:Place"],
     "A supranational geographical or geopolitical region, such as Central Asia or Western Europe.", None),
    ("SubnationalRegion", "subnational region", ["cag:Place"],
     "A province or autonomous region within a state, such as Xinjiang.", None),
    ("City", "city", ["cag:Place"],
     "A city or town.", None),
    ("Port", "port", ["cag:Place", "cag:InfrastructureProject"],
     "A seaport, taken both as a place and as a piece of infrastructure.", None),
    ("BodyOfWater", "body of water", ["cag:Place"],
     "A sea, ocean or lake.", None),
    # ---- agents and organizations
    ("Agent", "agent", ["prov:Agent", "foaf:Agent"],
     "Something that acts in international relations: a state, an organization or a person.", None),
    ("Person", "person", ["cag:Agent", "foaf:Person"],
     "A human being named in a source document.", None),
    ("Organization", "organization", ["cag:Agent", "org:Organization"],
     "An organization named in a source document.", None),
    ("IntergovernmentalOrganization", "intergovernmental organization", ["cag:Organization", "org:FormalOrganization"],
     "An organization whose members are states, such as the SCO, the CSTO, CICA or NATO.", None),
    ("OrganizationBody", "organization body", ["cag:Organization", "org:OrganizationalUnit"],
     "A standing body of a larger organization, such as the SCO's Regional Anti-Terrorism Structure.", None),
    ("FinancialInstitution", "financial institution", ["cag:Organization", "org:FormalOrganization"],
     "A bank, fund or other institution that lends or invests, such as the AIIB, the Silk Road Fund, the World Bank or the IMF.", None),
    ("Company", "company", ["cag:Organization", "org:FormalOrganization"],
     "A business enterprise, such as Huawei.", None),
    ("ResearchInstitute", "research institute", ["cag:Organization"],
     "A university, school, think tank or other research and publishing body.", None),
    ("GovernmentBody", "government body", ["cag:Organization"],
     "A ministry, administration or other organ of a state.", None),
    ("ArmedGroup", "armed group", ["cag:Organization"],
     "A non-state armed or militant group, such as the Taliban, Al-Qaida or Daesh.", None),
    ("Post", "post", ["org:Post"],
     "A position held by a person, such as President of China.", None),
    ("Membership", "membership", ["org:Membership", "cag:Fact"],
     "The membership of an agent in an organization, with the year it began or was stated.",
     "Example: 'India and Pakistan joined the SCO in 2017' gives two memberships, each with cag:startYear 2017."),
    # ---- initiatives, policies, agreements
    ("Initiative", "initiative", ["prov:Plan"],
     "A programme of foreign or economic policy, such as the Belt and Road Initiative or one of its parts.", None),
    ("Policy", "policy", ["prov:Plan"],
     "A declared policy or strategy, such as China's Neighborhood Policy or the Kazakhstan Strategy for 2050.", None),
    ("Proposal", "proposal", ["prov:Plan"],
     "An idea or plan put forward by an agent, such as 'Procurement of Asian Security by Asians'.", None),
    ("Agreement", "agreement", ["prov:Entity"],
     "An agreement, treaty, partnership or arrangement between parties.", None),
    ("TradeAgreement", "trade agreement", ["cag:Agreement"],
     "An agreement on trade between states, such as the Regional Comprehensive Economic Partnership.", None),
    ("FinancialArrangement", "financial arrangement", ["cag:Agreement"],
     "A multilateral arrangement for financial support among states, such as the Chiang Mai Initiative.", None),
    ("PolicyDocument", "policy document", ["prov:Entity", "foaf:Document"],
     "An official document that sets out a policy or initiative.", None),
    # ---- corridors and infrastructure
    ("InfrastructureProject", "infrastructure project", ["prov:Entity"],
     "A piece of physical or digital infrastructure, built, planned or in use.", None),
    ("EconomicCorridor", "economic corridor", ["cag:Initiative"],
     "One of the economic corridors of the Belt and Road Initiative, covering a set of states and regions.",
     "Table 1 of the Eurasia Center brief lists six."),
    ("TransportCorridor", "transport corridor", ["cag:InfrastructureProject"],
     "A multimodal route across several states, such as the Caspian Transport Corridor.", None),
    ("Railway", "railway", ["cag:InfrastructureProject"], "A railway line.", None),
    ("Highway", "highway", ["cag:InfrastructureProject"], "A road, highway or expressway.", None),
    ("Pipeline", "pipeline", ["cag:InfrastructureProject"], "An oil or gas pipeline.", None),
    # ---- economy
    ("TradeObservation", "trade observation", ["cag:Fact"],
     "A fact about trade: a flow, a bilateral total, a share or a ranking.", None),
    ("TradeFlow", "trade flow", ["cag:TradeObservation"],
     "Goods going from one exporter to one importer in a period, with the value, currency and scale as stated, its change against a previous period, and the commodity groups it consists of.",
     "A flow may have no value when the document only says what it consists of."),
    ("BilateralTrade", "bilateral trade volume", ["cag:TradeObservation"],
     "The total trade between two parties in a period, both directions together.", None),
    ("TradeShare", "trade share", ["cag:TradeObservation"],
     "The share of one partner in a country's total exports or imports in a period.", None),
    ("PartnerRanking", "trading partner ranking", ["cag:TradeObservation"],
     "The rank of a partner among a country's trading partners (overall, for imports or for exports) in a period.", None),
    ("CommodityGroup", "commodity group", ["skos:Concept"],
     "A group of traded goods, such as oil, copper ores or machinery.", None),
    ("FinancialFlow", "financial flow", ["cag:Fact"],
     "Money invested, lent or contracted, with the amount as stated.", None),
    ("Investment", "investment", ["cag:FinancialFlow"],
     "Money invested by an investor in a recipient country, sector or project in a period.", None),
    ("Loan", "loan", ["cag:FinancialFlow"],
     "Money lent by a lender to borrowers, for a purpose.", None),
    ("Contract", "contract", ["cag:FinancialFlow", "cag:Agreement"],
     "A contract between parties for the supply of goods over a duration, with its value.", None),
    # ---- quantities other than money
    ("Count", "count", ["cag:Fact"],
     "A stated number of things (exercises, meetings, fighters, members...) in a period.", None),
    ("WorldShare", "share of the world", ["cag:Fact"],
     "The share of the world's population, territory or GDP that an organization's members hold.", None),
    ("TravelTime", "travel time", ["cag:Fact"],
     "The time a journey takes on a route by a mode of transport, and the time it took before.", None),
    ("Measurement", "measurement", ["cag:Fact"],
     "A stated physical quantity of an infrastructure, such as the length of a corridor.", None),
    # ---- security, events, concepts
    ("Event", "event", ["schema:Event"],
     "Something that happened at a time and place: a speech, a visit, an accession, unrest, an intervention, a publication.", None),
    ("MilitaryExercise", "military exercise", ["cag:Event", "cag:Fact"],
     "A military exercise or joint training, with its year, host locations, participants, focus and framework organization.", None),
    ("Speech", "speech", ["cag:Event"], "A speech given by a person.", None),
    ("Visit", "visit", ["cag:Event"], "A trip of a leader to one or more states.", None),
    ("Accession", "accession", ["cag:Event"], "The joining of an organization by a state.", None),
    ("Unrest", "unrest", ["cag:Event"], "Civil unrest or an armed conflict.", None),
    ("Intervention", "intervention", ["cag:Event"], "An intervention of an organization or state in an event.", None),
    ("Concept", "concept", ["skos:Concept"],
     "An idea, threat or practice the documents name, such as the 'three evils' or Guanxi.", None),
]

# name, label, kind(object/datatype), domain, range, super-properties, definition, inverse(name,label,definition) or None, extra
OBJ = [
    # provenance
    ("evidence", "evidence", "cag:Fact", "cag:Quote", ["prov:wasDerivedFrom"],
     "Links a fact to a verbatim quote that states it.", None),
    ("statedIn", "stated in", "cag:Fact", "cag:SourceDocument", ["prov:wasDerivedFrom"],
     "Links a fact to a source document that states it. Inferred from the evidence: evidence followed by prov:wasQuotedFrom.", None),
    ("assertedSubject", "asserted subject", "cag:Assertion", "owl:Thing", [],
     "The subject of the relation an assertion states.", None),
    ("assertedPredicate", "asserted predicate", "cag:Assertion", "owl:Thing", [],
     "The property of the relation an assertion states.", None),
    ("assertedObject", "asserted object", "cag:Assertion", "owl:Thing", [],
     "The object of the relation an assertion states.", None),
    ("period", "reference period", "cag:Fact", "cag:Period", [],
     "Links a fact to the period it refers to.", None),
    ("comparedWith", "compared with", "cag:Fact", "cag:Period", [],
     "The earlier period against which a fact's change is measured.", None),
    ("scale", "amount scale", "cag:Fact", "cag:Scale", [],
     "The multiplier in which a fact's amount is stated (million, billion).", None),
    # places
    ("locatedIn", "located in", "cag:Place", "cag:Place", [],
     "Links a place to a larger place that contains it.", ("containsPlace", "contains place", "Links a place to a smaller place within it.")),
    ("capitalOf", "capital of", "cag:City", "cag:State", ["cag:locatedIn"],
     "Links a city to the state whose capital it is.", ("hasCapital", "has capital", "Links a state to its capital city.")),
    # organizations
    ("alternativeTo", "alternative to", "owl:Thing", "cag:Agent", [],
     "Links an institution or arrangement (an organization such as the AIIB, or an agreement such as the Chiang Mai Initiative) to an established (Western-centred) institution it is presented as an alternative to, rival of, or challenge to.",
     ("hasAlternative", "has alternative", "Links an established institution to an institution presented as its alternative.")),
    ("ledBy", "led by", "cag:Organization", "cag:Agent", [],
     "Links an organization to the state or agent said to lead or to have initiated it.", ("leads", "leads", "Links an agent to an organization it leads or initiated.")),
    ("promotedBy", "promoted by", "owl:Thing", "cag:Agent", [],
     "Links an organization or plan to an agent that promotes it.", ("promotes", "promotes", "Links an agent to an organization or plan it promotes.")),
    ("holdsPost", "holds post", "cag:Person", "cag:Post", [],
     "Links a person to a post they hold.", ("postHeldBy", "post held by", "Links a post to the person who holds it.")),
    ("postIn", "post in", "cag:Post", "cag:Agent", ["org:postIn"],
     "Links a post to the state or organization it belongs to.", None),
    ("affiliation", "affiliation", "cag:Agent", "cag:Organization", [],
     "Links a person or an anonymous author to the organization they work for.", None),
    # initiatives
    ("partOf", "part of", "owl:Thing", "owl:Thing", ["dcterms:isPartOf"],
     "Links an initiative, corridor or project to the larger whole it belongs to.", ("hasPart", "has part", "Links a whole to one of its parts.")),
    ("launchedBy", "launched by", "owl:Thing", "cag:Agent", ["prov:wasAttributedTo"],
     "Links an initiative, policy or organization to the agent that launched, established or announced it.", ("launched", "launched", "Links an agent to an initiative, policy or organization it launched.")),
    ("proposedBy", "proposed by", "cag:Proposal", "cag:Agent", ["prov:wasAttributedTo"],
     "Links a proposal to the agent that put it forward.", ("proposed", "proposed", "Links an agent to a proposal it put forward.")),
    ("proposedWithin", "proposed within", "cag:Proposal", "cag:Organization", [],
     "Links a proposal to the organization in whose framework it was made.", None),
    ("announcedAt", "announced at", "owl:Thing", "cag:Place", [],
     "Links an initiative or proposal to the place where it was announced.", None),
    ("announcedIn", "announced in", "owl:Thing", "cag:Event", [],
     "Links an initiative or proposal to the event (speech, visit) at which it was announced.", ("announces", "announces", "Links an event to an initiative or proposal announced at it.")),
    ("setsOut", "sets out", "cag:PolicyDocument", "owl:Thing", [],
     "Links an official document to the initiative whose scope and objectives it sets out.", None),
    ("implementedBy", "implemented by", "owl:Thing", "cag:Agent", [],
     "Links an initiative or project to an agent that builds or carries it out.", ("implements", "implements", "Links an agent to an initiative or project it builds or carries out.")),
    ("aimsAt", "aims at", "owl:Thing", "cag:Place", [],
     "Links an initiative, corridor or route to a place it aims to reach or connect.", None),
    # corridors, projects
    ("covers", "covers", "owl:Thing", "cag:Place", [],
     "Links a corridor or route to a state or region it covers (the 'Region' column of Table 1).", ("coveredBy", "covered by", "Links a place to a corridor or route that covers it.")),
    ("connects", "connects", "owl:Thing", "cag:Place", [],
     "Links a corridor, route or project to a place it connects (an endpoint or a place linked by it).", ("connectedBy", "connected by", "Links a place to a corridor or project that connects it.")),
    ("via", "via", "owl:Thing", "cag:Place", [],
     "Links a corridor or route to a place it passes through.", None),
    ("financedBy", "financed by", "owl:Thing", "cag:Agent", [],
     "Links a project to an agent that finances it.", ("finances", "finances", "Links an agent to a project it finances.")),
    ("interestedParty", "interested party", "owl:Thing", "cag:Agent", [],
     "Links a project to an agent said to have an interest in it.", None),
    # trade and money
    ("exporter", "exporter", "cag:TradeFlow", "owl:Thing", [],
     "The state or region goods come from in a trade flow.", None),
    ("importer", "importer", "cag:TradeFlow", "owl:Thing", [],
     "The state or region goods go to in a trade flow.", None),
    ("tradeParty", "trade party", "cag:BilateralTrade", "owl:Thing", [],
     "One of the two parties of a bilateral trade volume.", None),
    ("reporter", "reporter", "cag:TradeObservation", "cag:Place", [],
     "The country whose trade a share or ranking is about.", None),
    ("partner", "partner", "cag:TradeObservation", "cag:Place", [],
     "The trading partner that a share or ranking is about.", None),
    ("commodity", "commodity", "cag:TradeFlow", "cag:CommodityGroup", [],
     "A commodity group that makes up a trade flow.", None),
    ("investor", "investor", "cag:Investment", "cag:Agent", [],
     "The agent that invests.", None),
    ("investmentTarget", "investment target", "cag:Investment", "owl:Thing", [],
     "The place, project or group of partners invested in.", None),
    ("lender", "lender", "cag:Loan", "cag:Agent", [], "The agent that lends.", None),
    ("borrower", "borrower", "cag:Loan", "owl:Thing", [], "An agent or group that borrows.", None),
    ("fundedProject", "funded project", "cag:FinancialFlow", "owl:Thing", [],
     "A project that money was lent or invested for.", None),
    ("contractParty", "contract party", "cag:Contract", "cag:Agent", [],
     "A party to a contract.", None),
    ("supplier", "supplier", "cag:Contract", "cag:Agent", ["cag:contractParty"], "The party that supplies under a contract.", None),
    ("buyer", "buyer", "cag:Contract", "cag:Agent", ["cag:contractParty"], "The party that buys under a contract.", None),
    ("sector", "sector", "cag:Fact", "cag:Concept", [],
     "The economic sector a fact is about (oil, gas, hydroelectricity, automobiles...).", None),
    ("measuredObject", "measured object", "cag:Fact", "owl:Thing", [],
     "The thing a count, measurement, world share or travel time is about.", None),
    ("countedAgent", "counted among", "cag:Count", "owl:Thing", [],
     "An agent or place whose members, actions or people are counted.", None),
    # agreements
    ("party", "party", "owl:Thing", "cag:Agent", [],
     "Links an agreement or event to a party to it.", ("partyTo", "party to", "Links an agent to an agreement or event it is a party to.")),
    # events and exercises
    ("agent", "acting agent", "cag:Event", "cag:Agent", [],
     "Links an event to a person, state or organization that acted in it.", None),
    ("location", "location", "cag:Event", "cag:Place", ["prov:atLocation"],
     "Links an event to a place where it happened.", None),
    ("participant", "participant", "cag:MilitaryExercise", "cag:Agent", ["cag:agent"],
     "Links a military exercise to a state or organization taking part.", ("participatesIn", "participates in", "Links a state or organization to a military exercise it takes part in.")),
    ("host", "host location", "cag:MilitaryExercise", "cag:Place", ["cag:location"],
     "Links a military exercise to a state where it was held.", ("hosts", "hosts", "Links a state to a military exercise held on its territory.")),
    ("framework", "framework", "cag:Event", "cag:Organization", [],
     "Links an exercise or cooperation to the organization in whose framework it took place.", None),
    ("focus", "focus", "cag:Event", "cag:Concept", [],
     "Links a military exercise or cooperation to a threat or purpose it addresses.", None),
    ("member", "member", "cag:Membership", "cag:Agent", ["org:member"],
     "The member of a membership.", None),
    ("organization", "membership organization", "cag:Membership", "cag:Organization", ["org:organization"],
     "The organization of a membership.", None),
    ("memberOf", "member of", "cag:Agent", "cag:Organization", ["org:memberOf"],
     "Links an agent to an organization it is a member of; also stated by a membership node.", ("hasMember", "has member", "Links an organization to one of its members.")),
    ("concerns", "concerns", "owl:Thing", "owl:Thing", [],
     "Links an event, proposal or fact to what it is about.", None),
    ("threatens", "threatens", "owl:Thing", "cag:Place", [],
     "Links a threat or group to a place whose security it threatens.", None),
    ("hostsGroup", "hosts group", "cag:Place", "cag:ArmedGroup", [],
     "Links a state to an armed group present on its territory.", None),
    ("rivalOf", "rival of", "cag:Agent", "cag:Agent", [],
     "Links two agents competing for influence.", None),
    ("tradeChannel", "trade channel", "cag:Place", "cag:Agent", [],
     "Links a country to an organization or group of traders through which its trade with a region is conducted.", None),
    ("tradingPartnerOf", "trading partner of", "cag:Place", "cag:Place", [],
     "Links a country to another it trades with, as the documents present it.", None),
    # documents
    ("cites", "cites", "cag:SourceDocument", "dcterms:BibliographicResource", ["dcterms:references"],
     "Links a source document to a work in its reference list.", None),
    ("editor", "editor", "cag:SourceDocument", "cag:Agent", ["dcterms:contributor"],
     "Links a document to its editor.", None),
]

# name, label, domain, range, super, definition
DATA = [
    ("section", "section", "cag:Quote", "xsd:string", [],
     "The heading of the section of the document a quote stands in, as the document writes it; in a document with no headings, 'Paragraph N' counting its paragraphs, or 'References'."),
    ("sourceFile", "source file", "cag:SourceDocument", "xsd:string", [],
     "The name of the plain-text copy of the document under data/sources/."),
    ("year", "year", "owl:Thing", "xsd:gYear", [],
     "The calendar year a fact or event refers to, when it falls within one year."),
    ("startYear", "start year", "owl:Thing", "xsd:gYear", [],
     "The first year of a period, or the year a membership, initiative or organization began."),
    ("endYear", "end year", "owl:Thing", "xsd:gYear", [],
     "The last year of a period."),
    ("startMonth", "start month", "cag:Period", "xsd:integer", [],
     "The first month (1-12) of a period shorter than a year."),
    ("endMonth", "end month", "cag:Period", "xsd:integer", [],
     "The last month (1-12) of a period shorter than a year."),
    ("amount", "amount", "cag:Fact", "xsd:decimal", ["schema:value"],
     "A money amount as the document states it, before its scale is applied (4.163 for '4.163 billion')."),
    ("currency", "currency", "cag:Fact", "xsd:string", ["schema:currency"],
     "The ISO 4217 code of the currency of an amount."),
    ("multiplier", "multiplier", "cag:Scale", "xsd:decimal", [],
     "The factor a scale stands for (1000000000 for billion)."),
    ("changePercent", "change (percent)", "cag:Fact", "xsd:decimal", [],
     "The change of a value against the previous period, in percent; negative for a decline."),
    ("sharePercent", "share (percent)", "cag:Fact", "xsd:decimal", [],
     "A share in percent."),
    ("rank", "rank", "cag:PartnerRanking", "xsd:integer", [],
     "The position of a partner in a ranking, 1 for the largest."),
    ("rankingOf", "ranking of", "cag:PartnerRanking", "xsd:string", [],
     "What a ranking ranks partners by: 'trade', 'imports' or 'exports'."),
    ("flowDirection", "flow direction", "cag:TradeShare", "xsd:string", [],
     "Which side of the reporter's trade a share is of: 'exports', 'imports' or 'trade'."),
    ("countValue", "count value", "cag:Count", "xsd:decimal", [],
     "The number stated by a count."),
    ("countedThing", "counted thing", "cag:Count", "xsd:string", [],
     "What a count counts, in the document's words."),
    ("worldMeasure", "world measure", "cag:WorldShare", "xsd:string", [],
     "Which world total a share is of: 'population', 'territory' or 'GDP'."),
    ("qualifier", "qualifier", "cag:Fact", "xsd:string", [],
     "A hedge the document puts on a figure: 'approximately', 'more than', 'exceeded', 'up to', 'average per year'."),
    ("lengthKm", "length (km)", "cag:Fact", "xsd:decimal", [],
     "A length in kilometres."),
    ("durationDays", "duration (days)", "cag:Fact", "xsd:decimal", [],
     "A duration in days."),
    ("previousDurationDays", "previous duration (days)", "cag:TravelTime", "xsd:decimal", [],
     "The duration in days a journey took before, by the previous mode."),
    ("transportMode", "transport mode", "cag:TravelTime", "xsd:string", [],
     "The mode of transport of a travel time ('land')."),
    ("previousTransportMode", "previous transport mode", "cag:TravelTime", "xsd:string", [],
     "The mode of transport a travel time is compared with ('maritime')."),
    ("durationYears", "duration (years)", "cag:Fact", "xsd:decimal", [],
     "A duration in years, such as that of a contract."),
    ("purpose", "purpose", "owl:Thing", "xsd:string", [],
     "The purpose, objective or focus of a corridor, exercise or initiative, in the document's words."),
    ("participantsAsStated", "participants as stated", "cag:MilitaryExercise", "xsd:string", [],
     "The participants of an exercise exactly as the table states them."),
    ("iso3166Alpha2", "ISO 3166-1 alpha-2 code", "cag:State", "xsd:string", ["dcterms:identifier"],
     "The two-letter ISO 3166-1 code of a state (not from the documents; source: ISO 3166-1)."),
    ("iso3166Alpha3", "ISO 3166-1 alpha-3 code", "cag:State", "xsd:string", ["dcterms:identifier"],
     "The three-letter ISO 3166-1 code of a state (not from the documents; source: ISO 3166-1)."),
    ("ordinal", "ordinal", "cag:Event", "xsd:integer", [],
     "The number of an event in a series (5 for the 5th CICA Summit)."),
]

IRREFLEXIVE_SYMMETRIC = ["rivalOf", "tradingPartnerOf"]

# Groups of pairwise disjoint classes (owl:AllDisjointClasses). They make the HermiT consistency test
# of tests/test_ontology.py meaningful: without them an ontology with no negation cannot be
# inconsistent. Known overlaps are left out on purpose: a state is an agent and a place, a port a
# place and an infrastructure, a contract a fact and an agreement, a military exercise a fact and an
# event.
DISJOINT = [
    # records (facts, quotes, documents, periods) are not things in the world
    ["cag:Fact", "cag:Quote", "cag:SourceDocument", "cag:Period", "cag:Agent"],
    ["cag:Fact", "cag:Quote", "cag:SourceDocument", "cag:Period", "cag:Place"],
    # kinds of agent
    ["cag:Person", "cag:Organization", "cag:State"],
    # kinds of place (ports may be cities)
    ["cag:State", "cag:Region", "cag:SubnationalRegion", "cag:City", "cag:BodyOfWater"],
    # agents and places are not events, plans, agreements or concepts
    ["cag:Agent", "cag:Event", "cag:Initiative", "cag:Policy", "cag:Proposal", "cag:Agreement", "cag:Concept", "cag:CommodityGroup"],
    ["cag:Place", "cag:Event", "cag:Initiative", "cag:Policy", "cag:Proposal", "cag:Agreement", "cag:Concept", "cag:CommodityGroup"],
]

# Terms of other vocabularies that the axioms above use (superclasses, superproperties, the
# property chain of cag:statedIn) or that every quote uses, declared so that the ontology is
# OWL 2 DL without imports (every IRI in an axiom has a declaration). Nothing else is said about them.
REUSED_CLASSES = [
    "dcterms:BibliographicResource", "dcterms:Location", "foaf:Agent", "foaf:Document", "foaf:Person",
    "oa:TextQuoteSelector", "org:FormalOrganization", "org:Membership", "org:Organization",
    "org:OrganizationalUnit", "org:Post", "prov:Agent", "prov:Entity", "prov:Location", "prov:Plan",
    "schema:Event", "skos:Concept", "time:ProperInterval",
]
REUSED_OBJECT_PROPERTIES = [
    "dcterms:contributor", "dcterms:isPartOf", "dcterms:references", "org:member", "org:memberOf",
    "org:organization", "org:postIn", "prov:atLocation", "prov:wasAttributedTo", "prov:wasDerivedFrom",
    "prov:wasQuotedFrom",
]
REUSED_DATATYPE_PROPERTIES = ["dcterms:identifier", "oa:exact", "schema:currency", "schema:value"]


def q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"@en'


def main() -> None:
    out = [PREFIXES, "", HEADER, ""]
    out.append("#################################################################\n#    Classes\n#################################################################\n")
    for name, label, supers, definition, note in CLASSES:
        lines = [f"cag:{name} a owl:Class ;", f"    rdfs:label {q(label)} ;"]
        lines.append("    rdfs:subClassOf " + " , ".join(supers) + " ;")
        lines.append(f"    skos:definition {q(definition)} ;")
        if note:
            lines.append(f"    skos:scopeNote {q(note)} ;")
        lines.append("    rdfs:isDefinedBy <https://w3id.org/cagraph/ontology> .")
        out.append("\n".join(lines) + "\n")
    out.append("#################################################################\n#    Object properties\n#################################################################\n")
    for name, label, dom, rng, supers, definition, inv in OBJ:
        kinds = "owl:ObjectProperty"
        if name in ("locatedIn", "partOf"):
            kinds += " , owl:TransitiveProperty"
        if name in IRREFLEXIVE_SYMMETRIC:
            kinds += " , owl:SymmetricProperty"
        lines = [f"cag:{name} a {kinds} ;", f"    rdfs:label {q(label)} ;"]
        if supers:
            lines.append("    rdfs:subPropertyOf " + " , ".join(supers) + " ;")
        lines.append(f"    rdfs:domain {dom} ;")
        lines.append(f"    rdfs:range {rng} ;")
        if name == "statedIn":
            lines.append("    owl:propertyChainAxiom ( cag:evidence prov:wasQuotedFrom ) ;")
        lines.append(f"    skos:definition {q(definition)} ;")
        lines.append("    rdfs:isDefinedBy <https://w3id.org/cagraph/ontology> .")
        out.append("\n".join(lines) + "\n")
        if inv:
            iname, ilabel, idef = inv
            ikinds = "owl:ObjectProperty"
            if name in ("locatedIn", "partOf"):
                ikinds += " , owl:TransitiveProperty"
            lines = [f"cag:{iname} a {ikinds} ;", f"    rdfs:label {q(ilabel)} ;",
                     f"    owl:inverseOf cag:{name} ;",
                     f"    rdfs:domain {rng} ;", f"    rdfs:range {dom} ;",
                     f"    skos:definition {q(idef)} ;",
                     "    rdfs:isDefinedBy <https://w3id.org/cagraph/ontology> ."]
            out.append("\n".join(lines) + "\n")
    out.append("#################################################################\n#    Datatype properties\n#################################################################\n")
    for name, label, dom, rng, supers, definition in DATA:
        func = " , owl:FunctionalProperty" if name in (
            "section", "sourceFile", "amount", "currency", "multiplier", "rank", "countValue",
            "startMonth", "endMonth", "iso3166Alpha2", "iso3166Alpha3", "sharePercent", "changePercent") else ""
        lines = [f"cag:{name} a owl:DatatypeProperty{func} ;", f"    rdfs:label {q(label)} ;"]
        if supers:
            lines.append("    rdfs:subPropertyOf " + " , ".join(supers) + " ;")
        lines.append(f"    rdfs:domain {dom} ;")
        lines.append(f"    rdfs:range {rng} ;")
        lines.append(f"    skos:definition {q(definition)} ;")
        lines.append("    rdfs:isDefinedBy <https://w3id.org/cagraph/ontology> .")
        out.append("\n".join(lines) + "\n")
    out.append("#################################################################\n#    Disjoint classes\n#################################################################\n")
    for group in DISJOINT:
        out.append("[] a owl:AllDisjointClasses ;\n    owl:members ( " + " ".join(group) + " ) .\n")
    out.append("#################################################################\n#    Declarations of reused terms (no further axioms about them)\n#################################################################\n")
    out.append("\n".join(f"{t} a owl:Class ." for t in REUSED_CLASSES) + "\n")
    out.append("\n".join(f"{t} a owl:ObjectProperty ." for t in REUSED_OBJECT_PROPERTIES) + "\n")
    out.append("\n".join(f"{t} a owl:DatatypeProperty ." for t in REUSED_DATATYPE_PROPERTIES) + "\n")
    out.append("#################################################################\n#    Individuals: scales\n#################################################################\n")
    for name, label, mult in (("million", "million", "1000000"), ("billion", "billion", "1000000000"), ("trillion", "trillion", "1000000000000")):
        out.append(f"cag:{name} a cag:Scale ;\n    rdfs:label {q(label)} ;\n    cag:multiplier {mult}.0 ;\n"
                   f"    skos:definition {q('A scale of ' + mult + '.')} ;\n    rdfs:isDefinedBy <https://w3id.org/cagraph/ontology> .\n")
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
