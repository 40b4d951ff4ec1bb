"""Project the RDF graph (and the ontology) into a networkx graph for analysis.

Nodes are keyed by IRI string and carry a ``kind``: ``document``, ``claim``,
``concept``, ``predicate``, ``quantity``, ``population``, ``citation``,
``entry`` (a reference-list entry), ``abbreviation`` or ``fact`` (a
reference fact). Edges carry ``rel``, the local name of the RDF property they
come from (``subject``, ``object``, ``broader``, ``inDocument`` …).

Claims also keep what the finders compare as node attributes (see
:func:`claim_nodes`), so a finder reads one dict per claim instead of walking
edges; a lean projection (the build's) keeps claims only as records, not as
nodes. Projection is the only step that reads RDF; everything after it is pure.

The graph is read one property at a time (:class:`kgraph.graph.reader.PropertyReader`: one store
scan per property, not one call per node and property, which on a large
graph in an Oxigraph store cost more than the analysis), and nodes are
visited in IRI order, so the projection is the same whatever order a store
lists its triples in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

import networkx as nx
from rdflib import Graph, Literal, URIRef

from kgraph.analysis.records import ClaimNode, Interval
from kgraph.analysis.semantics import Semantics
from kgraph.graph.reader import CORPUS_NODE_PROPERTIES, AnchorTable, PropertyReader
from kgraph.graph.store import has_type, subject_objects
from kgraph.namespaces import DCTERMS, KG, OWL, RDF, SCHEMA, SKOS

__all__ = ["claim_nodes", "project"]

# qualifier properties of a claim, projected as edges and as attribute sets
_QUALIFIERS = {"site": KG.site, "populationGroup": KG.populationGroup, "indication": KG.indication}
_CLAIM_LINKS = ("subject", "predicate", "object")
_TEXTS_KEPT = 8  # page texts the quoter keeps
_CLAIM_RECORDS = "claims"  # the graph attribute that holds a lean projection's claims


def project(data: Graph, ontology: Graph | None = None, *, anchors: AnchorTable | None = None,
            lean: bool = False) -> nx.MultiDiGraph:
    """The analysis graph of ``data`` (a built kgraph graph), with ``ontology`` knowledge.

    Parameters
    ----------
    data
        A graph as ``kgraph build`` writes it.
    ontology
        The ontology files (vocabularies, predicates, relations, populations,
        units, reference facts), or ``None`` to use only what ``data`` holds.
    anchors
        ``data``'s anchors, when already read (:meth:`kgraph.graph.reader.PropertyReader.anchors`).
    lean
        The projection for the finders alone, as :func:`kgraph.build.build_corpus`
        makes it: claims are not nodes but records (their
        :class:`~kgraph.analysis.records.ClaimNode`, in ``g.graph["claims"]``,
        read by :func:`claim_nodes`), with no edges to their page, subject,
        predicate, object and qualifiers, and a page's mention counts are
        kept only for concepts that can be its topic. The finders read the same; on a
        large corpus it takes about half the memory. A user exploring the
        projection wants the default.

    Returns
    -------
    networkx.MultiDiGraph
    """
    g = nx.MultiDiGraph()
    sources = [data] if ontology is None else [ontology, data]
    for source in sources:
        _add_ontology(g, source)
    read = PropertyReader(data, anchors, by_node=CORPUS_NODE_PROPERTIES)  # a claim at a time
    _add_documents(g, read)
    anchors = read.anchors()
    quote = _quoter(read, anchors)
    _add_quantities(g, read)
    for source in sources:
        _add_facts(g, PropertyReader(source) if source is not data else read)
    _add_claims(g, read, anchors, quote, lean)
    _add_mention_counts(g, read, anchors, lean)
    _add_citations(g, read, anchors, quote)
    _add_abbreviations(g, read, anchors, quote)
    return g


def claim_nodes(g: nx.MultiDiGraph, *, facts: bool = False) -> list[ClaimNode]:
    """The claims of ``g`` as :class:`ClaimNode` records, in IRI order.

    With ``facts=True``, the reference facts that state a proposition are
    returned instead (as claims with ``is_fact`` set and no document).
    """
    if not facts and _CLAIM_RECORDS in g.graph:  # a lean projection's
        return list(g.graph[_CLAIM_RECORDS])
    kind = "fact" if facts else "claim"
    out = []
    for node, attrs in g.nodes(data=True):
        if attrs.get("kind") == kind and attrs.get("subject") and attrs.get("predicate") and attrs.get("object"):
            out.append(_claim_node(g, node, attrs))
    out.sort(key=lambda c: c.iri)
    return out


# ---------------------------------------------------------------- ontology

def _label(graph: Graph, node) -> str:
    for prop in (SKOS.prefLabel, KG.statement):
        for value in graph.objects(node, prop):
            return str(value)
    return str(node).rsplit("/", 1)[-1].rsplit("#", 1)[-1].replace("-", " ")


def _ensure(g: nx.MultiDiGraph, node: str, kind: str, **attrs) -> None:
    if node not in g:
        g.add_node(node, kind=kind, **attrs)
        return
    current = g.nodes[node]
    if current.get("kind") in (None, "concept") and kind != "concept":
        current["kind"] = kind
    for key, value in attrs.items():
        current.setdefault(key, value)


def _add_ontology(g: nx.MultiDiGraph, graph: Graph) -> None:
    """Concepts, predicates, units and populations, with the relations between them."""
    for node in set(graph.subjects(RDF.type, SKOS.Concept)) | set(graph.subjects(RDF.type, KG.Predicate)):
        kind = "predicate" if (node, RDF.type, KG.Predicate) in graph else "concept"
        _ensure(g, str(node), kind, label=_label(graph, node))
    for node in graph.subjects(RDF.type, KG.Population):
        size = next(graph.objects(node, KG.populationSize), None)
        _ensure(g, str(node), "population", label=_label(graph, node),
                size=float(size) if size is not None else None)
    for node, seconds in graph.subject_objects(KG.secondsPerUnit):
        _ensure(g, str(node), "unit", label=_label(graph, node))
        g.nodes[str(node)]["seconds"] = float(seconds)
    for prop, rel in ((SKOS.broader, "broader"), (SKOS.closeMatch, "closeMatch"), (OWL.disjointWith, "disjointWith"),
                      (KG.oppositeOf, "oppositeOf"), (KG.negationOf, "negationOf"), (KG.clustersWith, "clustersWith"),
                      (KG.antagonistOf, "antagonistOf"), (KG.agonistOf, "agonistOf"),
                      (KG.antagonistReading, "antagonistReading"), (KG.agonistReading, "agonistReading"),
                      (KG.classUse, "classUse"), (KG.classUseReading, "classUseReading"), (KG.rulesOut, "rulesOut"),
                      (KG.specifierOf, "specifierOf"), (KG.specifiedByGroup, "specifiedByGroup"),
                      (KG.signOf, "signOf"), (KG.entails, "entails")):
        for s, o in graph.subject_objects(prop):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                _ensure(g, str(s), "concept", label=_label(graph, s))
                _ensure(g, str(o), "concept", label=_label(graph, o))
                if not _has_edge(g, str(s), str(o), rel):
                    g.add_edge(str(s), str(o), rel=rel)
    for s, o in graph.subject_objects(KG.exclusiveQualifier):
        _ensure(g, str(s), "predicate", label=_label(graph, s))
        g.nodes[str(s)].setdefault("exclusive", set()).add(str(o).rsplit("#", 1)[-1])
    for prop, flag in ((KG.impliesBroaderObject, "implies_broader"), (KG.classMembership, "class_membership"),
                       (KG.symmetric, "symmetric"), (KG.providerPractice, "provider_practice"),
                       (KG.holdsForUnspecified, "holds_for_unspecified"), (KG.countedPerYear, "per_year")):
        for s, o in graph.subject_objects(prop):
            if isinstance(o, Literal) and bool(o.toPython()):
                _ensure(g, str(s), "predicate", label=_label(graph, s))
                g.nodes[str(s)][flag] = True
    for s, o in graph.subject_objects(KG.thresholdFor):
        factor = next(graph.objects(s, KG.thresholdFactor), None)
        if isinstance(s, URIRef) and factor is not None:
            _ensure(g, str(s), "predicate", label=_label(graph, s))
            g.nodes[str(s)]["threshold"] = (str(o), float(factor))
            for concept in graph.subjects(SKOS.inScheme, o):
                _ensure(g, str(concept), "concept", label=_label(graph, concept))
                g.nodes[str(concept)]["scheme"] = str(o)
    for s, o in graph.subject_objects(KG.termKind):
        _ensure(g, str(s), "concept", label=_label(graph, s))
        g.nodes[str(s)]["term_kind"] = str(o).rsplit("#", 1)[-1]
    for prop, flag in ((KG.studySetting, "study_setting"), (KG.readAsPageTopic, "page_topic"),
                       (KG.followsCessation, "follows_cessation"), (KG.relativeJudgment, "relative_judgment")):
        for s, o in graph.subject_objects(prop):
            if isinstance(o, Literal) and bool(o.toPython()):
                _ensure(g, str(s), "concept", label=_label(graph, s))
                g.nodes[str(s)][flag] = True


def _has_edge(g: nx.MultiDiGraph, s: str, o: str, rel: str) -> bool:
    return any(d.get("rel") == rel for d in g.get_edge_data(s, o, default={}).values())


# ---------------------------------------------------------------- documents, anchors, quantities

def _add_documents(g: nx.MultiDiGraph, read: PropertyReader) -> None:
    for doc in read.instances(KG.Document):
        name = read.first(doc, KG.fileName)
        url = read.first(doc, KG.sourceUrl)
        _ensure(g, str(doc), "document", file=str(name) if name is not None else str(doc),
                url=str(url) if url is not None else None)


def _quoter(read: PropertyReader, anchors: AnchorTable) -> Callable[[str], str]:
    """The text a node is anchored to: its page's text between the offsets (what ``oa:exact`` records).

    A node whose page text the graph lacks gets the recorded quote
    (:meth:`~kgraph.graph.reader.PropertyReader.quote`); one not anchored, ``""``.
    Pages are read as their nodes are quoted and only the last few are kept:
    nodes are quoted in IRI order, which keeps a page's nodes together.
    """
    documents = read.typed(KG.Document)

    @lru_cache(maxsize=_TEXTS_KEPT)
    def text(doc: str) -> str | None:
        if URIRef(doc) not in documents:
            return None
        value = read.graph.value(URIRef(doc), KG.text)  # one lookup, not a scan of every page's text
        return "" if value is None else str(value)

    def quote(node: str) -> str:
        anchor = anchors.get(node)
        return "" if anchor is None else read.quote(URIRef(node), anchor, text(anchor.document)) or ""

    return quote


def _number(value) -> float | None:
    return None if value is None else float(value)


def _add_quantities(g: nx.MultiDiGraph, read: PropertyReader) -> None:
    for q in read.instances(KG.Quantity):
        _add_quantity(g, read, q)


def _add_quantity(g: nx.MultiDiGraph, read: PropertyReader, q) -> None:
    get = lambda prop: read.first(q, prop)
    unit, population, period = get(KG.unit), get(KG.population), get(KG.period)
    lower_inc, upper_inc = get(KG.lowerInclusive), get(KG.upperInclusive)
    _ensure(g, str(q), "quantity",
            low=_number(get(KG.lowerBound)), high=_number(get(KG.upperBound)),
            low_inclusive=True if lower_inc is None else bool(lower_inc.toPython()),
            high_inclusive=True if upper_inc is None else bool(upper_inc.toPython()),
            unit=str(unit) if unit is not None else None,
            population=str(population) if population is not None else None,
            period=str(period) if period is not None else None)


# ---------------------------------------------------------------- claims and facts

_EMPTY: frozenset = frozenset()


def _one_of(shared: dict[str, str], text: str) -> str:
    """``text``, or the equal string already in ``shared``: one object per IRI, name or wording."""
    return shared.setdefault(text, text)


def _proposition_attrs(read: PropertyReader, node, shared: dict[str, str]) -> dict:
    """A claim's or fact's proposition; ``shared`` keeps one string per IRI or name (claims repeat them)."""
    def text(value) -> str | None:
        return None if value is None else _one_of(shared, str(value))

    attrs: dict = {}
    for name in _CLAIM_LINKS:
        attrs[name] = text(read.first(node, KG[name]))
    polarity = read.first(node, KG.polarity, KG.Affirmed)
    certainty = read.first(node, KG.certainty, KG.Asserted)
    attrs["polarity"] = text(str(polarity).rsplit("#", 1)[-1])
    attrs["certainty"] = text(str(certainty).rsplit("#", 1)[-1])
    attrs["measure"] = text(read.first(node, KG.measure))
    for name, prop in _QUALIFIERS.items():
        attrs[name] = frozenset(text(v) for v in read.values(node, prop)) or _EMPTY
    return attrs


def _link_proposition(g: nx.MultiDiGraph, node: str, attrs: dict, edges: bool = True) -> None:
    """The concepts ``node``'s proposition names, as nodes; with ``edges``, linked from ``node``."""
    for name in _CLAIM_LINKS:
        if attrs[name]:
            _ensure(g, attrs[name], "concept")
            if edges:
                g.add_edge(node, attrs[name], rel=name)
    for name in _QUALIFIERS:
        for value in sorted(attrs[name]):
            _ensure(g, value, "concept")
            if edges:
                g.add_edge(node, value, rel=name)


def _add_claims(g: nx.MultiDiGraph, read: PropertyReader, anchors: AnchorTable, quote: Callable[[str], str],
                lean: bool) -> None:
    resolved = read._scan(KG.resolvedFrom)
    shared: dict[str, str] = {}
    records: list[ClaimNode] = []  # a lean projection's claims
    for claim in read.instances(KG.Claim):
        iri = str(claim)
        if iri not in anchors:
            continue
        doc, start, end = anchors[iri]
        attrs = _proposition_attrs(read, claim, shared)
        sentence = (read.first(claim, KG.sentenceStart, start), read.first(claim, KG.sentenceEnd, end))
        value_mention = read.first(claim, KG.objectMention)
        value_text = quote(str(value_mention)) if value_mention is not None else ""
        # one string per wording: pages that copy a sentence share it
        attrs = dict(document=doc, start=start, end=end, quote=_one_of(shared, quote(iri)),
                     sentence=(int(sentence[0]), int(sentence[1])), value_text=_one_of(shared, value_text),
                     resolved=claim in resolved, year=_year(read, claim), **attrs)
        if not lean:
            _ensure(g, iri, "claim", **attrs)
            g.add_edge(iri, doc, rel="inDocument")
            _link_proposition(g, iri, attrs)
            continue
        _link_proposition(g, iri, attrs, edges=False)  # its concepts as nodes, before its record reads them
        if all(attrs[name] for name in _CLAIM_LINKS):
            records.append(_claim_node(g, iri, {**attrs, "kind": "claim"}))
    if lean:
        g.graph[_CLAIM_RECORDS] = records  # in IRI order, as the claims were read


def _add_facts(g: nx.MultiDiGraph, read: PropertyReader) -> None:
    for fact in read.instances(KG.ReferenceFact):
        iri = str(fact)
        attrs = _proposition_attrs(read, fact, {})
        number = read.first(fact, KG.factNumber)
        _ensure(g, iri, "fact", label=_label(read.graph, fact),
                statement=str(read.first(fact, KG.statement, "")),
                source=str(read.first(fact, DCTERMS.source, "")),
                date=str(read.first(fact, DCTERMS.date, "")), year=_fact_year(read.first(fact, DCTERMS.date)),
                number=int(number) if number is not None else None,
                about=frozenset(str(a) for a in read.values(fact, KG.about)), **attrs)
        _link_proposition(g, iri, attrs)
        obj = attrs["object"]
        if obj is not None and URIRef(obj) in read.typed(KG.Quantity):
            _add_quantity(g, read, URIRef(obj))


def _year(read: PropertyReader, claim) -> int | None:
    """The one calendar year a claim is dated to ("In 2019, ..."): its times that are single years, if they agree."""
    years = set()
    for time in read.values(claim, KG.time):
        low, high = _number(read.first(time, KG.lowerBound)), _number(read.first(time, KG.upperBound))
        if low is not None and low == high and read.first(time, KG.unit) == KG.CalendarYear:
            years.add(int(low))
    return years.pop() if len(years) == 1 else None


def _fact_year(date) -> int | None:
    """A fact's dcterms:date as a year ("2019", "2023-10")."""
    text = str(date or "")[:4]
    return int(text) if text.isdigit() else None


def _claim_node(g: nx.MultiDiGraph, node: str, a: dict) -> ClaimNode:
    value = None
    population = None
    obj = a["object"]
    if g.nodes.get(obj, {}).get("kind") == "quantity":
        # a provider's course is its number of sessions, whatever span it is spread over
        spread = g.nodes.get(a["predicate"], {}).get("provider_practice", False)
        value, population = _interval(g, g.nodes[obj], spread)
    return ClaimNode(
        iri=node, document=a.get("document", ""), start=a.get("start", 0), end=a.get("end", 0),
        quote=a.get("quote", a.get("statement", "")), subject=a["subject"], predicate=a["predicate"], object=obj,
        polarity=a["polarity"], certainty=a["certainty"], measure=a.get("measure"), value=value,
        value_text=a.get("value_text", ""), population=population, sites=a.get("site", frozenset()),
        population_groups=a.get("populationGroup", frozenset()), indications=a.get("indication", frozenset()),
        sentence=a.get("sentence", (a.get("start", 0), a.get("end", 0))), resolved=a.get("resolved", False),
        year=a.get("year"), is_fact=a.get("kind") == "fact",
    )


def _interval(g: nx.MultiDiGraph, q: dict, ignore_period: bool = False) -> tuple[Interval | None, str | None]:
    """The quantity as an interval in its base unit, and its population.

    With ``ignore_period``, "six infusions over two weeks" is six infusions.
    """
    unit = q.get("unit") or ""
    low, high = q.get("low"), q.get("high")
    if q.get("period") and not ignore_period:
        dimension = f"{unit} per {q['period']}"
    elif unit.endswith("/NUM"):
        dimension = "count"
    elif unit.endswith("/PERCENT"):
        dimension = "percent"
    elif unit.endswith("#CalendarYear"):
        dimension = "year"
    elif g.nodes.get(unit, {}).get("seconds"):
        factor = g.nodes[unit]["seconds"]
        low = None if low is None else low * factor
        high = None if high is None else high * factor
        dimension = "seconds"
    else:
        dimension = unit or "unknown"
    if low is None and high is None:
        return None, q.get("population")
    return Interval(low, high, q.get("low_inclusive", True), q.get("high_inclusive", True), dimension), q.get("population")


# ---------------------------------------------------------------- mentions, citations, abbreviations

def _add_mention_counts(g: nx.MultiDiGraph, read: PropertyReader, anchors: AnchorTable, lean: bool) -> None:
    """doc -mentions-> concept edges weighted by how often the page names the concept.

    A lean projection keeps only the edges the finders read: to concepts
    under a child of a page-topic concept (their mentions vote for what a page
    is about, :attr:`kgraph.analysis.semantics.Semantics.page_topics`).
    """
    counts: Counter = Counter()
    for mention, concept in subject_objects(read.graph, KG.refersTo):  # counted as read: no list of them all
        anchor = anchors.get(str(mention)) if isinstance(mention, URIRef) else None
        if anchor is not None and has_type(read.graph, mention, KG.Mention):  # a lookup each: no set of them all
            counts[(anchor.document, str(concept))] += 1
    votes = Semantics(g).votes_for_topic if lean else None  # the edges Semantics.page_topics reads
    for (doc, concept), n in sorted(counts.items()):
        _ensure(g, concept, "concept")
        if votes is None or votes(concept):
            g.add_edge(doc, concept, rel="mentions", weight=n)


def _add_citations(g: nx.MultiDiGraph, read: PropertyReader, anchors: AnchorTable, quote: Callable[[str], str]) -> None:
    for entry in read.instances(KG.ReferenceListEntry):
        if str(entry) not in anchors:
            continue
        doc, start, end = anchors[str(entry)]
        _ensure(g, str(entry), "entry", document=doc, start=start, end=end, quote=quote(str(entry)),
                **_bibliographic(read, entry, KG.venueConcept))
    for citation in read.instances(KG.InTextCitation):
        if str(citation) not in anchors:
            continue
        doc, start, end = anchors[str(citation)]
        _ensure(g, str(citation), "citation", document=doc, start=start, end=end, quote=quote(str(citation)),
                **_bibliographic(read, citation, KG.inTextVenue))
        for entry in _sorted(read.values(citation, KG.citesEntry)):
            g.add_edge(str(citation), str(entry), rel="citesEntry")


def _sorted(nodes: Iterable) -> list:
    return sorted(nodes, key=str)


def _bibliographic(read: PropertyReader, node, venue_prop) -> dict:
    venue = read.first(node, venue_prop)
    venue_text = read.first(node, KG.venue)
    return {
        "authors": tuple(sorted(str(a) for a in read.values(node, SCHEMA.author))),
        "year": str(read.first(node, SCHEMA.datePublished, "")),
        "venue": str(venue) if venue is not None else None,
        "venue_text": str(venue_text) if venue_text is not None else None,
        "key": str(read.first(node, KG.citationKey, "")),
        "title": str(read.first(node, SCHEMA.name, "")),
        "described": str(read.first(node, KG.describedAs, "")),
    }


def _add_abbreviations(g: nx.MultiDiGraph, read: PropertyReader, anchors: AnchorTable,
                       quote: Callable[[str], str]) -> None:
    for node in read.instances(KG.AbbreviationDefinition):
        if str(node) not in anchors:
            continue
        doc, start, end = anchors[str(node)]
        standard = read.first(node, KG.standardExpansion)
        former = read.first(node, KG.formerName)
        concept = read.first(node, KG.refersTo)
        _ensure(g, str(node), "abbreviation", document=doc, start=start, end=end, quote=quote(str(node)),
                short=str(read.first(node, KG.shortForm, "")),
                long=str(read.first(node, KG.longForm, "")),
                standard=None if standard is None else bool(standard.toPython()),
                former=former is not None and bool(former.toPython()),
                concept=str(concept) if concept is not None else None)
        if concept is not None:
            _ensure(g, str(concept), "concept")
            g.add_edge(str(node), str(concept), rel="refersTo")
