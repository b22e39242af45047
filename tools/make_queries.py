import os, sys
P = {
 "cag": "https://w3id.org/cagraph/ontology#", "cgr": "https://w3id.org/cagraph/id/",
 "dcterms": "http://purl.org/dc/terms/", "oa": "http://www.w3.org/ns/oa#", "org": "http://www.w3.org/ns/org#",
 "prov": "http://www.w3.org/ns/prov#", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
 "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "skos": "http://www.w3.org/2004/02/skos/core#", "xsd": "http://www.w3.org/2001/XMLSchema#",
}
Q = []
def q(name, title, question, params, body):
    used = [p for p in P if p + ":" in body]
    head = [f"# # {title}", "#", f"# **Question:** {question}"]
    if params:
        head.append("# **Parameters:**")
        for p in params:
            head.append(f"# - `{p[0]}` ({p[1]}) — {p[2]}")
    else:
        head.append("# **Parameters:** none")
    text = "\n".join(head) + "\n\n" + "\n".join(f"PREFIX {p}: <{P[p]}>" for p in sorted(used)) + "\n\n" + body.strip() + "\n"
    Q.append((name, text))

COUNTRY = ("country", "iri, optional", "restrict to one state or region, e.g. `cgr:uzbekistan` or just `uzbekistan`")
YEAR = ("year", "year, optional", "restrict to one calendar year, e.g. 2023")

q("trade-flows", "Trade flows with China",
  "What went from which exporter to which importer (China on one side), in which period, for how much, with what change against the previous period?",
  [COUNTRY, YEAR],
  """SELECT DISTINCT ?exporter ?importer ?period ?year ?amount ?scale ?currency ?usd ?changePercent ?qualifier ?fact
WHERE {
  ?fact a cag:TradeFlow ; cag:exporter ?exp ; cag:importer ?imp ; cag:period ?p ; cag:amount ?amount ; cag:year ?year .
  ?fact cag:exporter|cag:importer ?country .
  FILTER (?exp = cgr:china || ?imp = cgr:china)
  ?exp rdfs:label ?exporter . ?imp rdfs:label ?importer . ?p rdfs:label ?period .
  OPTIONAL { ?fact cag:scale ?s . ?s rdfs:label ?scale ; cag:multiplier ?mult }
  OPTIONAL { ?fact cag:currency ?currency }
  OPTIONAL { ?fact cag:changePercent ?changePercent }
  OPTIONAL { ?fact cag:qualifier ?qualifier }
  BIND (?amount * COALESCE(?mult, 1.0) AS ?usd)
}
ORDER BY ?exporter ?importer ?year ?period""")

q("trade-balance", "China's trade balance with each Central Asian state",
  "For each Central Asian state and period where the documents give both directions, what did China export and import, and what is China's balance?",
  [COUNTRY],
  """SELECT ?partner ?period ?chinaExportsUSD ?chinaImportsUSD ?balanceUSD
WHERE {
  ?country cag:locatedIn cgr:central-asia ; rdfs:label ?partner .
  # each direction on its own, then joined on state and period: joining the two directions'
  # flows first and filtering out commodity flows afterwards is quadratic in the flows per pair
  { SELECT ?country ?p ?chinaExportsUSD WHERE {
      ?out a cag:TradeFlow ; cag:exporter cgr:china ; cag:importer ?country ; cag:period ?p ; cag:amount ?a1 ; cag:scale/cag:multiplier ?m1 .
      FILTER NOT EXISTS { ?out cag:commodity [] }
      BIND (?a1 * ?m1 AS ?chinaExportsUSD) } }
  { SELECT ?country ?p ?chinaImportsUSD WHERE {
      ?in a cag:TradeFlow ; cag:exporter ?country ; cag:importer cgr:china ; cag:period ?p ; cag:amount ?a2 ; cag:scale/cag:multiplier ?m2 .
      FILTER NOT EXISTS { ?in cag:commodity [] }
      BIND (?a2 * ?m2 AS ?chinaImportsUSD) } }
  ?p rdfs:label ?period .
  BIND (?chinaExportsUSD - ?chinaImportsUSD AS ?balanceUSD)
}
ORDER BY ?partner ?period""")

q("largest-trade-flows", "Largest trade flows",
  "Which stated trade flows and bilateral trade volumes are the largest, in US dollars?",
  [("min_usd", "decimal, optional", "only flows of at least this many US dollars, e.g. 1000000000")],
  """SELECT ?kind ?from ?to ?period ?usd ?fact
WHERE {
  { ?fact a cag:TradeFlow ; cag:exporter/rdfs:label ?from ; cag:importer/rdfs:label ?to . BIND ("flow" AS ?kind) }
  UNION
  { ?fact a cag:BilateralTrade . BIND ("bilateral total" AS ?kind)
    { SELECT ?fact (MIN(?l) AS ?from) (MAX(?l) AS ?to) WHERE { ?fact a cag:BilateralTrade ; cag:tradeParty/rdfs:label ?l } GROUP BY ?fact } }
  ?fact cag:amount ?amount ; cag:scale/cag:multiplier ?mult ; cag:period/rdfs:label ?period .
  BIND (?amount * ?mult AS ?usd)
  FILTER (!BOUND(?min_usd) || ?usd >= ?min_usd)
}
ORDER BY DESC(?usd) ?fact""")

q("trade-changes", "Year-on-year changes",
  "Which trade, export and investment figures changed by how many percent, against which earlier period?",
  [COUNTRY],
  """SELECT DISTINCT ?kind ?subject ?period ?comparedWith ?changePercent ?fact
WHERE {
  ?fact cag:changePercent ?changePercent ; a ?k ; cag:period/rdfs:label ?period .
  ?k rdfs:subClassOf+ cag:Fact ; rdfs:label ?kind .
  FILTER NOT EXISTS { ?fact a ?k2 . ?k2 rdfs:subClassOf+ ?k . FILTER (?k2 != ?k) }
  OPTIONAL { ?fact cag:comparedWith/rdfs:label ?comparedWith }
  ?fact cag:exporter|cag:importer|cag:tradeParty|cag:investor|cag:investmentTarget|cag:reporter ?country .
  OPTIONAL { SELECT ?fact (GROUP_CONCAT(DISTINCT STR(?pl); separator=" / ") AS ?subject) WHERE {
    ?fact cag:exporter|cag:importer|cag:tradeParty|cag:investor|cag:investmentTarget ?x . ?x rdfs:label ?pl } GROUP BY ?fact }
}
ORDER BY ?period ?fact""")

q("trade-shares", "Shares of a country's trade",
  "What share of a country's exports or imports goes to or comes from a partner, and in which year?",
  [COUNTRY],
  """SELECT ?reporter ?direction ?partner ?sharePercent ?qualifier ?period ?fact
WHERE {
  ?fact a cag:TradeShare ; cag:reporter ?country ; cag:partner ?pt ; cag:flowDirection ?direction ; cag:sharePercent ?sharePercent .
  ?country rdfs:label ?reporter . ?pt rdfs:label ?partner .
  OPTIONAL { ?fact cag:period/rdfs:label ?period }
  OPTIONAL { ?fact cag:qualifier ?qualifier }
}
ORDER BY ?reporter ?direction ?partner""")

q("partner-rankings", "Trading-partner rankings",
  "Who was a country's largest (or second-largest) trading partner, import source or export destination, and when?",
  [COUNTRY],
  """SELECT ?reporter ?rankingOf ?rank ?partner ?period ?fact
WHERE {
  ?fact a cag:PartnerRanking ; cag:reporter ?country ; cag:partner ?pt ; cag:rank ?rank ; cag:rankingOf ?rankingOf .
  ?country rdfs:label ?reporter . ?pt rdfs:label ?partner .
  OPTIONAL { ?fact cag:period/rdfs:label ?period }
}
ORDER BY ?reporter ?period ?rankingOf ?rank ?partner""")

q("trade-commodities", "What is traded",
  "Which commodity groups make up the trade between China and each country, in each direction?",
  [COUNTRY],
  """SELECT ?exporter ?importer (GROUP_CONCAT(DISTINCT STR(?commodity); separator=", ") AS ?commodities)
WHERE {
  ?fact a cag:TradeFlow ; cag:exporter ?exp ; cag:importer ?imp ; cag:commodity/rdfs:label ?commodity .
  ?fact cag:exporter|cag:importer ?country .
  ?exp rdfs:label ?exporter . ?imp rdfs:label ?importer .
}
GROUP BY ?exporter ?importer
ORDER BY ?exporter ?importer""")

q("bilateral-trade", "Bilateral trade volumes",
  "What was the total trade between two countries in a period, and how did it change?",
  [COUNTRY, YEAR],
  """SELECT DISTINCT ?partyA ?partyB ?period ?amount ?scale ?currency ?changePercent ?fact
WHERE {
  ?fact a cag:BilateralTrade ; cag:tradeParty ?a , ?b ; cag:period/rdfs:label ?period ; cag:year ?year .
  ?fact cag:tradeParty ?country .
  FILTER (STR(?a) < STR(?b))
  ?a rdfs:label ?partyA . ?b rdfs:label ?partyB .
  OPTIONAL { ?fact cag:amount ?amount } OPTIONAL { ?fact cag:scale/rdfs:label ?scale } OPTIONAL { ?fact cag:currency ?currency }
  OPTIONAL { ?fact cag:changePercent ?changePercent }
}
ORDER BY ?year ?partyA ?partyB""")

q("corridors-of-state", "Corridors a state belongs to, and who else is in them",
  "Which economic or transport corridors cover a state, and which other states and regions do they cover?",
  [("state", "iri, optional", "the state, e.g. `cgr:kazakhstan`; all states if omitted")],
  """SELECT ?stateLabel ?corridorLabel (GROUP_CONCAT(DISTINCT STR(?otherLabel); separator=", ") AS ?alsoCovers)
WHERE {
  ?corridor cag:covers ?state , ?other ; rdfs:label ?corridorLabel .
  ?state a cag:State ; rdfs:label ?stateLabel .
  FILTER (?other != ?state)
  ?other rdfs:label ?otherLabel .
}
GROUP BY ?stateLabel ?corridorLabel
ORDER BY ?stateLabel ?corridorLabel""")

q("corridor-members", "The six economic corridors (Table 1)",
  "Which states and regions does each economic corridor of the Belt and Road Initiative cover, and what is its purpose?",
  [("corridor", "iri, optional", "one corridor, e.g. `cgr:china-pakistan-economic-corridor`")],
  """SELECT ?corridorLabel (GROUP_CONCAT(DISTINCT STR(?placeLabel); separator=", ") AS ?covers) ?purpose
WHERE {
  ?corridor a cag:EconomicCorridor ; rdfs:label ?corridorLabel ; cag:covers ?place .
  ?place rdfs:label ?placeLabel .
  OPTIONAL { ?corridor cag:purpose ?purpose }
}
GROUP BY ?corridorLabel ?purpose
ORDER BY ?corridorLabel""")

q("exercises", "Military exercises",
  "Which military exercises took place in which year, where, with whom, for what, and in which framework?",
  [YEAR, ("host", "iri, optional", "a host state, e.g. `cgr:kazakhstan`"),
   ("participant", "iri, optional", "a participant, e.g. `cgr:russia`")],
  """SELECT ?year ?exerciseLabel ?hosts ?participants ?frameworks ?purpose
WHERE {
  ?exercise a cag:MilitaryExercise ; rdfs:label ?exerciseLabel ; cag:year ?year ; cag:host ?host ; cag:participant ?participant .
  { SELECT ?exercise (GROUP_CONCAT(DISTINCT STR(?hl); separator=", ") AS ?hosts) WHERE { ?exercise a cag:MilitaryExercise ; cag:host/rdfs:label ?hl } GROUP BY ?exercise }
  { SELECT ?exercise (GROUP_CONCAT(DISTINCT STR(?pl); separator=", ") AS ?participants) WHERE { ?exercise a cag:MilitaryExercise ; cag:participant/rdfs:label ?pl } GROUP BY ?exercise }
  OPTIONAL { SELECT ?exercise (GROUP_CONCAT(DISTINCT STR(?fl); separator=", ") AS ?frameworks) WHERE { ?exercise a cag:MilitaryExercise ; cag:framework/rdfs:label ?fl } GROUP BY ?exercise }
  OPTIONAL { ?exercise cag:purpose ?purpose }
}
GROUP BY ?year ?exerciseLabel ?hosts ?participants ?frameworks ?purpose
ORDER BY DESC(?year) ?exerciseLabel""")

q("exercise-participation", "Who takes part in exercises most",
  "How many of the documented military exercises did each state or organization take part in or host?",
  [],
  """SELECT ?agentLabel (COUNT(DISTINCT ?asParticipant) AS ?participated) (COUNT(DISTINCT ?asHost) AS ?hosted)
WHERE {
  ?agent rdfs:label ?agentLabel .
  { ?asParticipant a cag:MilitaryExercise ; cag:participant ?agent } UNION { ?asHost a cag:MilitaryExercise ; cag:host ?agent }
}
GROUP BY ?agentLabel
ORDER BY DESC(?participated) DESC(?hosted) ?agentLabel""")

q("organization-members", "Members of an organization over time",
  "Who are the stated members of an organization, since when, and what are its bodies?",
  [("organization", "iri, optional", "e.g. `cgr:sco`; all organizations if omitted")],
  """SELECT ?organizationLabel ?memberLabel ?since ?membership
WHERE {
  ?membership a cag:Membership ; cag:organization ?organization ; cag:member ?member .
  ?organization rdfs:label ?organizationLabel . ?member rdfs:label ?memberLabel .
  OPTIONAL { ?membership cag:startYear ?since }
}
ORDER BY ?organizationLabel ?since ?memberLabel ?membership""")

q("initiatives", "Initiatives, their parts, and who launched them",
  "What are the Belt and Road Initiative's parts, and who launched, announced or set out each initiative, where and when?",
  [],
  """SELECT ?initiativeLabel ?partOfLabel ?launchedByLabel ?startYear ?announcedAtLabel ?eventLabel
WHERE {
  ?initiative a cag:Initiative ; rdfs:label ?initiativeLabel .
  FILTER NOT EXISTS { ?initiative a cag:EconomicCorridor }
  OPTIONAL { ?initiative cag:partOf ?whole . ?whole a cag:Initiative ; rdfs:label ?partOfLabel }
  OPTIONAL { ?initiative cag:launchedBy/rdfs:label ?launchedByLabel }
  OPTIONAL { ?initiative cag:startYear ?startYear }
  OPTIONAL { ?initiative cag:announcedAt/rdfs:label ?announcedAtLabel }
  OPTIONAL { ?initiative cag:announcedIn/rdfs:label ?eventLabel }
}
ORDER BY ?initiativeLabel ?partOfLabel ?launchedByLabel ?announcedAtLabel ?eventLabel""")

q("events", "Events: speeches, visits, accessions, unrest",
  "What happened, when, where, and who took part?",
  [YEAR],
  """SELECT ?type ?eventLabel ?year ?agents ?places
WHERE {
  # the event classes first, and events only inside the grouped subqueries: Oxigraph keeps the
  # written order of a path pattern, and a subquery is evaluated on its own, over the whole graph
  ?t rdfs:subClassOf* cag:Event ; rdfs:label ?type .
  ?event a ?t ; rdfs:label ?eventLabel ; cag:year ?year .
  FILTER NOT EXISTS { ?event a cag:MilitaryExercise }
  FILTER NOT EXISTS { ?event a ?t2 . ?t2 rdfs:subClassOf ?t . FILTER (?t2 != ?t) }
  OPTIONAL { SELECT ?event (GROUP_CONCAT(DISTINCT STR(?al); separator=", ") AS ?agents) WHERE { ?event a/rdfs:subClassOf* cag:Event ; cag:agent/rdfs:label ?al } GROUP BY ?event }
  OPTIONAL { SELECT ?event (GROUP_CONCAT(DISTINCT STR(?pl); separator=", ") AS ?places) WHERE { ?event a/rdfs:subClassOf* cag:Event ; cag:location/rdfs:label ?pl } GROUP BY ?event }
}
ORDER BY ?year ?eventLabel ?type""")

q("proposals", "Proposals and who made them",
  "Which proposals for Asian security and cooperation were put forward, by whom, and within which organization?",
  [],
  """SELECT ?proposalLabel ?proposedBy ?within
WHERE {
  ?proposal a cag:Proposal ; rdfs:label ?proposalLabel .
  OPTIONAL { SELECT ?proposal (GROUP_CONCAT(DISTINCT STR(?bl); separator=", ") AS ?proposedBy) WHERE { ?proposal cag:proposedBy/rdfs:label ?bl } GROUP BY ?proposal }
  OPTIONAL { SELECT ?proposal (GROUP_CONCAT(DISTINCT STR(?wl); separator=", ") AS ?within) WHERE { ?proposal cag:proposedWithin/rdfs:label ?wl } GROUP BY ?proposal }
}
ORDER BY ?proposalLabel""")

q("project-financing", "Projects and their financing",
  "Which loans and investments financed which projects or sectors, from whom, for how much?",
  [],
  """SELECT ?kind ?fromLabel ?toLabel ?projectLabel ?amount ?scale ?currency ?qualifier ?period ?fact
WHERE {
  ?fact a ?k . VALUES ?k { cag:Loan cag:Investment } ?k rdfs:label ?kind .
  OPTIONAL { ?fact cag:lender|cag:investor ?from . ?from rdfs:label ?fromLabel }
  OPTIONAL { ?fact cag:borrower|cag:investmentTarget ?to . ?to rdfs:label ?toLabel }
  OPTIONAL { ?fact cag:fundedProject|cag:sector ?project . ?project rdfs:label ?projectLabel }
  OPTIONAL { ?fact cag:amount ?amount } OPTIONAL { ?fact cag:scale/rdfs:label ?scale } OPTIONAL { ?fact cag:currency ?currency }
  OPTIONAL { ?fact cag:qualifier ?qualifier }
  OPTIONAL { ?fact cag:period/rdfs:label ?period }
}
ORDER BY ?kind ?fact ?fromLabel ?toLabel ?projectLabel""")

q("contracts", "Contracts",
  "Which supply contracts were signed, between whom, worth how much, for how many years?",
  [],
  """SELECT ?supplierLabel ?buyerLabel ?amount ?scale ?currency ?durationYears ?sectorLabel ?fact
WHERE {
  ?fact a cag:Contract ; cag:supplier/rdfs:label ?supplierLabel ; cag:buyer/rdfs:label ?buyerLabel .
  OPTIONAL { ?fact cag:amount ?amount } OPTIONAL { ?fact cag:scale/rdfs:label ?scale } OPTIONAL { ?fact cag:currency ?currency }
  OPTIONAL { ?fact cag:durationYears ?durationYears }
  OPTIONAL { ?fact cag:sector/rdfs:label ?sectorLabel }
}
ORDER BY ?fact ?sectorLabel""")

q("western-alternatives", "Western institutions and their Chinese-led alternatives",
  "Which institutions are presented as alternatives to, rivals of, or challenges to established Western-centred ones?",
  [],
  """SELECT ?alternativeLabel ?establishedLabel ?quote
WHERE {
  ?alt cag:alternativeTo ?est .
  ?alt rdfs:label ?alternativeLabel . ?est rdfs:label ?establishedLabel .
  OPTIONAL { ?a a cag:Assertion ; cag:assertedSubject ?alt ; cag:assertedPredicate cag:alternativeTo ; cag:assertedObject ?est ; cag:evidence/oa:exact ?quote }
}
ORDER BY ?establishedLabel ?alternativeLabel""")

q("entity-facts", "Every fact about an entity, with its quote",
  "What do the documents say about an entity: each fact, its kind, the verbatim quote, the document and the section?",
  [("entity", "iri, required, default: cgr:china", "the entity, e.g. `cgr:kazakhstan`")],
  """SELECT DISTINCT ?fact ?kind ?documentLabel ?section ?quote
WHERE {
  ?fact ?p ?entity ; a ?k ; cag:evidence ?q .
  ?k rdfs:subClassOf* cag:Fact ; rdfs:label ?kind .
  FILTER NOT EXISTS { ?fact a ?k2 . ?k2 rdfs:subClassOf ?k . ?k2 rdfs:subClassOf* cag:Fact . FILTER (?k2 != ?k) }
  FILTER (?p != cag:evidence)
  ?q oa:exact ?quote ; cag:section ?section ; prov:wasQuotedFrom ?doc .
  ?doc rdfs:label ?documentLabel .
}
ORDER BY ?documentLabel ?section ?fact ?quote""")

q("editorial-notes", "Facts with an editorial note",
  "Which facts carry an editorial note (figures that do not add up, garbled text), and what does the note say?",
  [],
  """SELECT ?fact ?note ?quote
WHERE {
  ?fact skos:editorialNote ?note ; cag:evidence/oa:exact ?quote .
}
ORDER BY ?fact ?quote""")

q("document-only", "What one document says that the other does not",
  "Which entities does only one of the two documents make statements about?",
  [("document", "iri, optional", "the document, e.g. `cgr:doc-eurasia-center-2024`")],
  """SELECT ?documentLabel ?entityLabel ?type ?facts
WHERE {
  # (the subquery does not project ?document itself: rdflib mis-joins a VALUES-bound parameter
  # with a subquery's aggregate of the same name, and returns every entity for every document)
  { SELECT ?entity (SAMPLE(?doc) AS ?onlyDocument) (COUNT(DISTINCT ?f) AS ?facts)
    WHERE {
      ?f cag:evidence ?q . ?q prov:wasQuotedFrom ?doc . ?f ?p ?entity .
      FILTER (isIRI(?entity))
      FILTER (?p NOT IN (cag:evidence, cag:period, cag:comparedWith, cag:scale, rdf:type, cag:assertedPredicate))
    }
    GROUP BY ?entity
    HAVING (COUNT(DISTINCT ?doc) = 1) }
  ?document a cag:SourceDocument ; rdfs:label ?documentLabel .
  FILTER (?document = ?onlyDocument)
  ?entity a ?t ; rdfs:label ?entityLabel . ?t rdfs:isDefinedBy <https://w3id.org/cagraph/ontology> ; rdfs:label ?type .
  FILTER NOT EXISTS { ?t rdfs:subClassOf* cag:Fact }
  FILTER NOT EXISTS { ?entity a cag:SourceDocument }
}
ORDER BY ?documentLabel ?entityLabel ?type""")

q("shared-entities", "Entities both documents speak about",
  "Which entities do both documents make statements about, and how many facts does each give?",
  [],
  """SELECT ?entityLabel ?eurasiaCenterFacts ?regionalArrangementsFacts
WHERE {
  { SELECT ?entity (COUNT(DISTINCT ?f1) AS ?eurasiaCenterFacts)
    WHERE { ?f1 cag:evidence ?q1 . ?q1 prov:wasQuotedFrom cgr:doc-eurasia-center-2024 . ?f1 ?p1 ?entity .
            FILTER (isIRI(?entity))
            FILTER (?p1 NOT IN (cag:evidence, cag:period, cag:scale, cag:comparedWith, rdf:type, cag:assertedPredicate)) }
    GROUP BY ?entity }
  { SELECT ?entity (COUNT(DISTINCT ?f2) AS ?regionalArrangementsFacts)
    WHERE { ?f2 cag:evidence ?q2 . ?q2 prov:wasQuotedFrom cgr:doc-regional-arrangements . ?f2 ?p2 ?entity .
            FILTER (isIRI(?entity))
            FILTER (?p2 NOT IN (cag:evidence, cag:period, cag:scale, cag:comparedWith, rdf:type, cag:assertedPredicate)) }
    GROUP BY ?entity }
  ?entity rdfs:label ?entityLabel .
  FILTER (BOUND(?eurasiaCenterFacts) && BOUND(?regionalArrangementsFacts))  # rdflib 7 joins grouped subqueries like OPTIONAL
  BIND (?eurasiaCenterFacts + ?regionalArrangementsFacts AS ?total)
}
ORDER BY DESC(?total) ?entityLabel""")

q("spellings", "Names and the documents' spellings",
  "Under which other names, spellings and acronyms do the documents refer to each entity?",
  [("text", "string, optional", "only entities with this exact alternative label, e.g. Kirghizstan")],
  """SELECT ?entity ?label (GROUP_CONCAT(DISTINCT STR(?alt); separator=" | ") AS ?alternatives)
WHERE {
  ?entity skos:prefLabel ?label ; skos:altLabel ?alt .
  ?entity skos:altLabel ?altText . FILTER (!BOUND(?text) || STR(?altText) = ?text)
}
GROUP BY ?entity ?label
ORDER BY ?label""")

q("find-entity", "Find an entity by name",
  "Which entities have a label or alternative label containing the given text (case-insensitive)?",
  [("text", "string, required, default: silk", "text to look for, e.g. Kirghiz")],
  """SELECT DISTINCT ?entity ?label ?type
WHERE {
  ?entity skos:prefLabel ?label ; a ?t .
  ?t rdfs:label ?type ; rdfs:isDefinedBy <https://w3id.org/cagraph/ontology> .
  { ?entity skos:prefLabel ?name } UNION { ?entity skos:altLabel ?name }
  FILTER (CONTAINS(LCASE(STR(?name)), LCASE(STR(?text))))
}
ORDER BY ?label ?type""")

q("security-threats", "Security threats and who confronts them",
  "Which threats (the 'three evils', drug trafficking...) do which organizations, exercises and agreements address?",
  [],
  """SELECT ?threatLabel (GROUP_CONCAT(DISTINCT STR(?byLabel); separator=", ") AS ?addressedBy)
WHERE {
  ?threat a cag:Concept ; rdfs:label ?threatLabel .
  ?by cag:focus|cag:concerns ?threat ; rdfs:label ?byLabel ; a ?byType .
  VALUES ?byType { cag:IntergovernmentalOrganization cag:OrganizationBody cag:MilitaryExercise cag:Agreement cag:Proposal cag:Policy cag:Initiative }
}
GROUP BY ?threatLabel
ORDER BY ?threatLabel""")

q("counts", "Stated counts",
  "Which numbers of things (exercises, meetings, fighters, members...) do the documents state, and for which period?",
  [],
  """SELECT ?countValue ?countedThing ?qualifier ?period ?fact
WHERE {
  ?fact a cag:Count ; cag:countValue ?countValue ; cag:countedThing ?countedThing .
  OPTIONAL { ?fact cag:qualifier ?qualifier }
  OPTIONAL { ?fact cag:period/rdfs:label ?period }
}
ORDER BY ?fact""")

q("world-shares", "Shares of the world",
  "Which shares of the world's population, territory and GDP do organizations' members hold?",
  [],
  """SELECT ?subjectLabel ?worldMeasure ?sharePercent ?qualifier ?fact
WHERE {
  ?fact a cag:WorldShare ; cag:measuredObject/rdfs:label ?subjectLabel ; cag:worldMeasure ?worldMeasure ; cag:sharePercent ?sharePercent .
  OPTIONAL { ?fact cag:qualifier ?qualifier }
}
ORDER BY ?subjectLabel ?worldMeasure""")

q("transport-routes", "Transport routes and infrastructure",
  "Which transport corridors, railways, highways and pipelines are named, what do they cover or connect, how long are they and how long does the journey take?",
  [],
  """SELECT ?type ?routeLabel ?places ?lengthKm ?days ?previousDays
WHERE {
  ?route a ?t ; rdfs:label ?routeLabel . ?t rdfs:subClassOf cag:InfrastructureProject ; rdfs:label ?type .
  OPTIONAL { SELECT ?route (GROUP_CONCAT(DISTINCT STR(?pl); separator=", ") AS ?places) WHERE { ?route a/rdfs:subClassOf cag:InfrastructureProject ; cag:covers|cag:connects|cag:via ?place . ?place rdfs:label ?pl } GROUP BY ?route }
  OPTIONAL { ?m cag:measuredObject ?route ; cag:lengthKm ?lengthKm }
  OPTIONAL { ?tt cag:measuredObject ?route ; cag:durationDays ?days . OPTIONAL { ?tt cag:previousDurationDays ?previousDays } }
}
ORDER BY ?type ?routeLabel ?lengthKm ?days""")

q("facts-by-year", "Facts per year",
  "How many facts does each document state for each year?",
  [],
  """SELECT ?year ?documentLabel (COUNT(DISTINCT ?fact) AS ?facts)
WHERE {
  ?fact cag:year ?year ; cag:evidence/prov:wasQuotedFrom/rdfs:label ?documentLabel .
}
GROUP BY ?year ?documentLabel
ORDER BY ?year ?documentLabel""")

q("facts-by-section", "Facts per section of a document",
  "How many facts were drawn from each section of each document?",
  [("document", "iri, optional", "e.g. `cgr:doc-regional-arrangements`")],
  """SELECT ?documentLabel ?section (COUNT(DISTINCT ?fact) AS ?facts) (COUNT(DISTINCT ?q) AS ?quotes)
WHERE {
  ?q a cag:Quote ; prov:wasQuotedFrom ?document ; cag:section ?section .
  ?document rdfs:label ?documentLabel .
  OPTIONAL { ?fact cag:evidence ?q }
}
GROUP BY ?documentLabel ?section
ORDER BY ?documentLabel ?section""")

q("sources", "Source documents",
  "Which documents is the graph drawn from: title, author, publisher, year, identifiers and file?",
  [],
  """SELECT ?document ?title ?creator ?publisher ?issued ?file
WHERE {
  ?document a cag:SourceDocument ; dcterms:title ?title ; cag:sourceFile ?file .
  OPTIONAL { ?document dcterms:creator/rdfs:label ?creator }
  OPTIONAL { ?document dcterms:publisher/rdfs:label ?publisher }
  OPTIONAL { ?document dcterms:issued ?issued }
}
ORDER BY ?file""")

q("is-member", "Is a state a member of an organization?",
  "Do the documents state that this agent is a member of this organization?",
  [("member", "iri, required, default: cgr:india", "e.g. `cgr:uzbekistan`"),
   ("organization", "iri, required, default: cgr:sco", "e.g. `cgr:sco`")],
  """ASK WHERE {
  { ?member cag:memberOf ?organization } UNION { ?m cag:member ?member ; cag:organization ?organization }
}""")

q("entity-graph", "An entity's neighbourhood as RDF",
  "Give the entity, the facts that mention it, and their quotes as an RDF graph (to load elsewhere).",
  [("entity", "iri, required, default: cgr:kyrgyzstan", "e.g. `cgr:tajikistan`")],
  """CONSTRUCT {
  ?entity ?ep ?eo .
  ?fact ?fp ?fo .
  ?q oa:exact ?quote ; cag:section ?section ; prov:wasQuotedFrom ?doc .
}
WHERE {
  { ?entity ?ep ?eo }
  UNION
  { ?fact ?link ?entity ; cag:evidence ?q ; ?fp ?fo .
    ?q oa:exact ?quote ; cag:section ?section ; prov:wasQuotedFrom ?doc . }
}""")

out = sys.argv[1]
for name, text in Q:
    open(os.path.join(out, name + ".rq"), "w").write(text)
print(len(Q))
