"""Finders of :mod:`kgraph.analysis` on small hand-made graphs in the real kgraph shape.

Each test writes a few pages as RDF the way ``kgraph build`` does (kg:Document,
kg:Claim anchored with oa:hasTarget / TextPositionSelector / TextQuoteSelector,
kg:Quantity objects, abbreviation definitions, citations and reference-list
entries), using real concept and predicate IRIs of ``ontology/``, and runs
``analyze(project(graph, load_ontology()))`` on them.

Sections: builders, then one section per finder (paraphrase, certainty drift,
numeric, polarity, scope, citation, terminology, reference, copies), then
stable IRIs and determinism.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from kgraph.analysis import Analysis, Finding, FindingType, Severity, analyze, analyze_by_type, claim_nodes, project
from kgraph.analysis.semantics import Semantics
from kgraph.graph.findings import add_findings, finding_iri, load_ontology
from kgraph.graph.serialize import serialize_graph
from kgraph.iris import short_hash
from kgraph.namespaces import ID, KG, OA, QUDT_UNIT, RDF, SCHEMA, SKOS, VOCAB, XSD, bind_prefixes
from kgraph.ontology_files import ontology_dir

# ====================================================================== vocabulary

KGP = Namespace(VOCAB + "predicate/")
DRUG = Namespace(VOCAB + "drug/")
COND = Namespace(VOCAB + "condition/")
TERM = Namespace(VOCAB + "term/")
REC = Namespace(VOCAB + "receptor/")
POP = Namespace(VOCAB + "population/")
SRC = Namespace(VOCAB + "source/")
REF = Namespace(VOCAB + "reference/")
UNIT = QUDT_UNIT

KETAMINE = DRUG.ketamine
CHRONIC_PAIN = COND["chronic-pain"]

FACTS_FILE = ontology_dir() / "reference" / "facts.ttl"

# finding types whose findings are a pair of two anchored claims on two pages
PAIRWISE_CLAIM_TYPES = (FindingType.NUMERIC_CONFLICT, FindingType.POLARITY_CONFLICT,
                        FindingType.SCOPE_CONFLICT, FindingType.CERTAINTY_DRIFT)
# every type but paraphrase has exactly two members (CONTRACT.md, Findings)
TWO_MEMBER_TYPES = tuple(t for t in FindingType if t is not FindingType.PARAPHRASE)


# ====================================================================== builders

class Pages:
    """A small data graph in the shape ``kgraph build`` writes, filled page by page.

    Every anchored node (claim, mention, abbreviation, citation, entry) appends
    its quote to its page's text, so offsets and ``oa:exact`` agree with
    ``kg:text``. Each claim is its own sentence unless ``sentence`` is given.
    Call :meth:`graph` to get the finished graph.
    """

    def __init__(self) -> None:
        self._graph = Graph()
        bind_prefixes(self._graph)
        self._texts: dict[URIRef, str] = {}
        self._quantities = 0

    # ------------------------------------------------------------ pages and anchors

    def page(self, name: str) -> URIRef:
        """The document ``name`` (a file name), created on first use."""
        doc = ID[f"doc/{name}"]
        if doc not in self._texts:
            self._texts[doc] = ""
            self._add(doc, RDF.type, KG.Document)
            self._add(doc, KG.fileName, Literal(name))
        return doc

    def _add(self, s, p, o) -> None:
        self._graph.add((s, p, o))

    def _anchor(self, node: URIRef, doc: URIRef, quote: str) -> tuple[int, int]:
        """Append ``quote`` to the page text and anchor ``node`` on it; returns (start, end)."""
        start = len(self._texts[doc])
        end = start + len(quote)
        self._texts[doc] += quote + ". "
        key = _doc_key(doc)
        target = ID[f"target/{key}/{start}-{end}"]
        position, exact = URIRef(f"{target}/position"), URIRef(f"{target}/quote")
        self._add(node, OA.hasTarget, target)
        self._add(target, RDF.type, OA.SpecificResource)
        self._add(target, OA.hasSource, doc)
        self._add(target, OA.hasSelector, position)
        self._add(target, OA.hasSelector, exact)
        self._add(position, RDF.type, OA.TextPositionSelector)
        self._add(position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger))
        self._add(position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger))
        self._add(exact, RDF.type, OA.TextQuoteSelector)
        self._add(exact, OA.exact, Literal(quote))
        return start, end

    def _next_start(self, doc: URIRef) -> int:
        return len(self._texts[doc])

    # ------------------------------------------------------------ claims and quantities

    def quantity(self, low: float | None, high: float | None, unit: URIRef, *, low_inclusive: bool = True,
                 high_inclusive: bool = True, population: URIRef | None = None,
                 period: URIRef | None = None) -> URIRef:
        """A kg:Quantity; a ``None`` bound is unbounded (no bound triple)."""
        self._quantities += 1
        q = ID[f"quantity/test{self._quantities:04d}"]
        self._add(q, RDF.type, KG.Quantity)
        if low is not None:
            self._add(q, KG.lowerBound, Literal(Decimal(str(low)), datatype=XSD.decimal))
        if high is not None:
            self._add(q, KG.upperBound, Literal(Decimal(str(high)), datatype=XSD.decimal))
        self._add(q, KG.lowerInclusive, Literal(low_inclusive))
        self._add(q, KG.upperInclusive, Literal(high_inclusive))
        self._add(q, KG.unit, unit)
        if population is not None:
            self._add(q, KG.population, population)
        if period is not None:
            self._add(q, KG.period, period)
        return q

    def claim(self, page: str, quote: str, subject: URIRef, predicate: URIRef, obj: URIRef, *,
              polarity: str = "Affirmed", certainty: str = "Asserted", measure: str | None = None,
              sites: Iterable[URIRef] = (), groups: Iterable[URIRef] = (), indications: Iterable[URIRef] = (),
              sentence: tuple[int, int] | None = None, year: int | None = None) -> URIRef:
        """An anchored kg:Claim on ``page``, dated to ``year`` when given; returns its IRI."""
        doc = self.page(page)
        start = self._next_start(doc)
        end = start + len(quote)
        proposition = short_hash(str(subject), str(predicate), str(obj), polarity)
        node = ID[f"claim/{_doc_key(doc)}/{start}-{end}/{proposition}"]
        self._anchor(node, doc, quote)
        self._add(node, RDF.type, KG.Claim)
        self._add(node, KG.subject, subject)
        self._add(node, KG.predicate, predicate)
        self._add(node, KG.object, obj)
        self._add(node, KG.polarity, KG[polarity])
        self._add(node, KG.certainty, KG[certainty])
        sentence = sentence or (start, end)
        self._add(node, KG.sentenceStart, Literal(sentence[0], datatype=XSD.nonNegativeInteger))
        self._add(node, KG.sentenceEnd, Literal(sentence[1], datatype=XSD.nonNegativeInteger))
        if measure is not None:
            self._add(node, KG.measure, Literal(measure))
        for prop, values in ((KG.site, sites), (KG.populationGroup, groups), (KG.indication, indications)):
            for value in values:
                self._add(node, prop, value)
        if year is not None:
            self._add(node, KG.time, self.quantity(year, year, KG.CalendarYear))
        return node

    def mention(self, page: str, quote: str, concept: URIRef, entity_type: URIRef = KG.Condition) -> URIRef:
        """An anchored kg:Mention of ``concept``."""
        doc = self.page(page)
        start = self._next_start(doc)
        node = ID[f"mention/{_doc_key(doc)}/{start}-{start + len(quote)}-test"]
        self._anchor(node, doc, quote)
        self._add(node, RDF.type, KG.Mention)
        self._add(node, KG.entityType, entity_type)
        self._add(node, KG.refersTo, concept)
        return node

    # ------------------------------------------------------------ abbreviations and citations

    def abbreviation(self, page: str, short: str, long: str, concept: URIRef | None,
                     standard: bool | None, former_name: bool = False) -> URIRef:
        """An anchored kg:AbbreviationDefinition "long (short)"; ``None`` leaves the concept or ``standard``
        unsaid; ``former_name`` marks it kg:formerName."""
        doc = self.page(page)
        quote = f"{long} ({short})"
        start = self._next_start(doc)
        node = ID[f"abbreviation/{_doc_key(doc)}/{start}-{start + len(quote)}"]
        self._anchor(node, doc, quote)
        self._add(node, RDF.type, KG.AbbreviationDefinition)
        self._add(node, KG.shortForm, Literal(short))
        self._add(node, KG.longForm, Literal(long))
        if concept is not None:
            self._add(node, KG.refersTo, concept)
        if standard is not None:
            self._add(node, KG.standardExpansion, Literal(standard))
        if former_name:
            self._add(node, KG.formerName, Literal(True))
        return node

    def entry(self, page: str, quote: str, *, author: str, year: str, venue: URIRef, venue_text: str,
              title: str | None = None) -> URIRef:
        """An anchored kg:ReferenceListEntry."""
        doc = self.page(page)
        start = self._next_start(doc)
        node = ID[f"reference/{_doc_key(doc)}/{start}-{start + len(quote)}"]
        self._anchor(node, doc, quote)
        self._add(node, RDF.type, KG.ReferenceListEntry)
        self._add(node, SCHEMA.author, Literal(author))
        self._add(node, SCHEMA.datePublished, Literal(year))
        self._add(node, KG.citationKey, Literal(f"{author.lower()} {year}"))
        self._add(node, KG.venue, Literal(venue_text))
        self._add(node, KG.venueConcept, venue)
        if title is not None:
            self._add(node, SCHEMA.name, Literal(title))
        return node

    def citation(self, page: str, quote: str, *, author: str | None, year: str, venue: URIRef | None,
                 entry: URIRef | None, described_as: str | None = None) -> URIRef:
        """An anchored kg:InTextCitation, by ``author`` or ``described_as``, that cites ``entry`` if given."""
        doc = self.page(page)
        start = self._next_start(doc)
        node = ID[f"citation/{_doc_key(doc)}/{start}-{start + len(quote)}"]
        self._anchor(node, doc, quote)
        self._add(node, RDF.type, KG.InTextCitation)
        if author is not None:
            self._add(node, SCHEMA.author, Literal(author))
            self._add(node, KG.citationKey, Literal(f"{author.lower()} {year}"))
        if described_as is not None:
            self._add(node, KG.describedAs, Literal(described_as))
        self._add(node, SCHEMA.datePublished, Literal(year))
        if entry is not None:
            self._add(node, KG.citesEntry, entry)
        if venue is not None:
            self._add(node, KG.inTextVenue, venue)
        return node

    # ------------------------------------------------------------ extra ontology knowledge

    def broader(self, narrower: URIRef, broader: URIRef) -> None:
        """State ``narrower skos:broader broader`` in the data graph (the projection reads it too)."""
        self._add(narrower, SKOS.broader, broader)

    # ------------------------------------------------------------ result

    def graph(self) -> Graph:
        """The finished graph, with each page's kg:text."""
        for doc, text in self._texts.items():
            self._graph.set((doc, KG.text, Literal(text)))
            self._graph.set((doc, KG.contentHash,
                             Literal("sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest())))
        return self._graph

    def doc(self, name: str) -> str:
        """The IRI string of page ``name``."""
        return str(ID[f"doc/{name}"])


def _doc_key(doc: URIRef) -> str:
    return short_hash(str(doc))


@cache
def ontology() -> Graph:
    """The ontology files, parsed once for the whole module (read-only)."""
    return load_ontology()


def run(pages: Pages) -> Analysis:
    """``analyze(project(graph, load_ontology()))`` on the pages; the build's lean projection finds the same."""
    graph = pages.graph()
    analysis = analyze(project(graph, ontology()))
    lean = analyze(project(graph, ontology(), lean=True))
    assert lean.findings == analysis.findings and lean.shared_claims == analysis.shared_claims
    return analysis


def of_type(analysis: Analysis, kind: FindingType) -> list[Finding]:
    """The findings of one type."""
    return [f for f in analysis.findings if f.type is kind]


def member_sets(findings: Iterable[Finding]) -> list[frozenset[str]]:
    """Each finding's members as a set of IRI strings."""
    return [frozenset(f.members) for f in findings]


def involving(findings: Iterable[Finding], *nodes: URIRef) -> list[Finding]:
    """The findings whose members include every one of ``nodes``."""
    wanted = {str(n) for n in nodes}
    return [f for f in findings if wanted <= set(f.members)]


def prevalence(pages: Pages, page: str, quote: str, low, high, unit=UNIT.NUM, *, population=None,
               low_inclusive: bool = True, high_inclusive: bool = True, subject: URIRef = CHRONIC_PAIN) -> URIRef:
    """A "chronic pain has prevalence N" claim with its quantity."""
    q = pages.quantity(low, high, unit, population=population, low_inclusive=low_inclusive,
                       high_inclusive=high_inclusive)
    return pages.claim(page, quote, subject, KGP["has-prevalence"], q, measure="prevalence")


def death_toll(pages: Pages, page: str, quote: str, low, high, year: int | None, *, low_inclusive: bool = True,
               high_inclusive: bool = True) -> URIRef:
    """An "N Americans died of opioid overdoses in <year>" claim."""
    q = pages.quantity(low, high, UNIT.NUM, population=POP.USPopulation, low_inclusive=low_inclusive,
                       high_inclusive=high_inclusive)
    return pages.claim(page, quote, COND["opioid-overdose"], KGP["has-death-toll"], q, measure="deaths", year=year)


def fifty_to_a_hundred_million(pages: Pages, page: str) -> URIRef:
    """000's "50-100 million adults in the U. S.": [50M, 100M] US adults."""
    return prevalence(pages, page, "Chronic pain affects 50-100 million adults in the U. S.", 50e6, 100e6,
                      population=POP.USAdults)


def over_eleven_percent(pages: Pages, page: str) -> URIRef:
    """002's "Over 11% of the US adult population": (11, 13.75] percent of US adults."""
    return prevalence(pages, page, "Over 11% of the US adult population suffers from chronic pain", 11, 13.75,
                      UNIT.PERCENT, population=POP.USAdults, low_inclusive=False)


def nearly_52_million(pages: Pages, page: str) -> URIRef:
    """003's "nearly 52 million Americans": [46.8M, 52M) of the US population."""
    return prevalence(pages, page, "nearly 52 million Americans report chronic pain", 46.8e6, 52e6,
                      population=POP.USPopulation, high_inclusive=False)


def duration(pages: Pages, page: str, quote: str, low, high, unit, *, subject: URIRef = CHRONIC_PAIN,
             low_inclusive: bool = True, high_inclusive: bool = True, measure: str = "duration",
             predicate: URIRef = KGP.lasts, **kwargs) -> URIRef:
    """A "X lasts D" claim with its quantity."""
    q = pages.quantity(low, high, unit, low_inclusive=low_inclusive, high_inclusive=high_inclusive)
    return pages.claim(page, quote, subject, predicate, q, measure=measure, **kwargs)


# ====================================================================== the builders themselves

def test_builder_writes_the_shape_the_projection_reads():
    """Claims of the hand-made graph come back from the projection with their anchors and values."""
    pages = Pages()
    c = prevalence(pages, "a.txt", "over 11% of US adults have chronic pain", 11, 13.75, UNIT.PERCENT,
                   population=POP.USAdults, low_inclusive=False)
    d = pages.claim("a.txt", "ketamine blocks NMDA receptors in the brain", KETAMINE, KGP.blocks,
                    REC["nmda-receptor"], sites=[TERM.brain])
    graph = pages.graph()
    claims = {c_.iri: c_ for c_ in claim_nodes(project(graph, ontology()))}
    assert set(claims) == {str(c), str(d)}
    text = str(graph.value(ID["doc/a.txt"], KG.text))
    for claim in claims.values():
        assert text[claim.start:claim.end] == claim.quote
        assert claim.document == pages.doc("a.txt")
    assert claims[str(c)].value is not None and claims[str(c)].value.dimension == "percent"
    assert claims[str(c)].population == str(POP.USAdults)
    assert claims[str(d)].sites == frozenset({str(TERM.brain)})


# ====================================================================== paraphrase

def test_paraphrase_same_proposition_on_two_pages_is_one_cluster():
    """Same subject, predicate, object and polarity on two pages: one cluster of both, however worded."""
    pages = Pages()
    a = pages.claim("a.txt", "Ketamine is an effective treatment for chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN)
    b = pages.claim("b.txt", "Patients with long-lasting pain conditions respond well to infusions", KETAMINE,
                    KGP.treats, CHRONIC_PAIN)
    found = of_type(run(pages), FindingType.PARAPHRASE)
    assert member_sets(found) == [frozenset({str(a), str(b)})]
    assert found[0].extra == {"documentCount": 2, "independentSources": 2}
    assert found[0].level is Severity.INFO


def test_paraphrase_narrower_predicate_joins_broader_one():
    """ "relieves" (skos:broader "treats") on one page clusters with "treats" on another."""
    pages = Pages()
    a = pages.claim("a.txt", "ketamine relieves chronic pain", KETAMINE, KGP.relieves, CHRONIC_PAIN)
    b = pages.claim("b.txt", "ketamine treats chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN)
    assert member_sets(of_type(run(pages), FindingType.PARAPHRASE)) == [frozenset({str(a), str(b)})]


def test_paraphrase_clusters_with_predicate_joins():
    """ "used for" (kg:clustersWith "treats") clusters with "treats"."""
    pages = Pages()
    a = pages.claim("a.txt", "ketamine has been used for chronic pain", KETAMINE, KGP["used-for"], CHRONIC_PAIN)
    b = pages.claim("b.txt", "ketamine treats chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN)
    assert member_sets(of_type(run(pages), FindingType.PARAPHRASE)) == [frozenset({str(a), str(b)})]


def test_paraphrase_negation_predicate_reads_as_negated_proposition():
    """ "is free of risk of harm" (affirmed) and "has risk of harm" (negated) are one proposition."""
    pages = Pages()
    a = pages.claim("a.txt", "ketamine is safe", KETAMINE, KGP["is-free-of-risk-of"], TERM.harm)
    b = pages.claim("b.txt", "ketamine carries no risk of harm", KETAMINE, KGP["has-risk-of"], TERM.harm,
                    polarity="Negated")
    assert member_sets(of_type(run(pages), FindingType.PARAPHRASE)) == [frozenset({str(a), str(b)})]


def test_paraphrase_negated_near_duplicate_never_joins_affirmed_cluster():
    """A negated statement worded almost like an affirmed one stays out of the affirmed cluster."""
    pages = Pages()
    a = pages.claim("a.txt", "ketamine is addictive for many patients", KETAMINE, KGP["has-risk-of"], COND.addiction)
    b = pages.claim("b.txt", "ketamine can be addictive", KETAMINE, KGP["has-risk-of"], COND.addiction)
    n = pages.claim("c.txt", "ketamine is not addictive for many patients", KETAMINE, KGP["has-risk-of"],
                    COND.addiction, polarity="Negated")
    m = pages.claim("d.txt", "ketamine is non-addictive", KETAMINE, KGP["has-risk-of"], COND.addiction,
                    polarity="Negated")
    clusters = member_sets(of_type(run(pages), FindingType.PARAPHRASE))
    assert frozenset({str(a), str(b)}) in clusters
    for cluster in clusters:
        assert not ({str(a), str(b)} & cluster and {str(n), str(m)} & cluster), cluster


def test_paraphrase_binding_reads_by_pharmacology():
    """ "binds" by an antagonist is "blocks", by an agonist "increases" (kg:antagonistOf / kg:agonistOf)."""
    pages = Pages()
    a = pages.claim("a.txt", "Ketamine binds to NMDA receptors in your brain", KETAMINE, KGP.binds, REC["nmda-receptor"])
    b = pages.claim("b.txt", "ketamine blocks NMDA receptors", KETAMINE, KGP.blocks, REC["nmda-receptor"])
    c = pages.claim("c.txt", "morphine binds to opioid receptors", DRUG.morphine, KGP.binds, REC["opioid-receptor"])
    d = pages.claim("d.txt", "morphine activates opioid receptors", DRUG.morphine, KGP.increases,
                    REC["opioid-receptor"])
    e = pages.claim("e.txt", "morphine blocks opioid receptors", DRUG.morphine, KGP.blocks, REC["opioid-receptor"])
    analysis = run(pages)
    clusters = member_sets(of_type(analysis, FindingType.PARAPHRASE))
    assert frozenset({str(a), str(b)}) in clusters
    assert frozenset({str(c), str(d)}) in clusters
    assert involving(of_type(analysis, FindingType.POLARITY_CONFLICT), c, e), "activates vs blocks (kg:oppositeOf)"


def test_paraphrase_binding_without_known_pharmacology_stays_binding():
    """A drug with no declared action on the receptor keeps "binds": no cluster with "blocks"."""
    pages = Pages()
    pages.claim("a.txt", "lidocaine binds to NMDA receptors", DRUG.lidocaine, KGP.binds, REC["nmda-receptor"])
    pages.claim("b.txt", "lidocaine blocks NMDA receptors", DRUG.lidocaine, KGP.blocks, REC["nmda-receptor"])
    assert of_type(run(pages), FindingType.PARAPHRASE) == []


def test_paraphrase_blocking_a_subtype_blocks_the_family():
    """ "blocks the mu-opioid receptor" states "blocks opioid receptors" (kg:impliesBroaderObject on "blocks"); a
    denial of the subtype states nothing of the family, and a narrower receptor is no broader one."""
    pages = Pages()
    mu = pages.claim("a.txt", "naltrexone, a drug that blocks the mu-opioid receptor", DRUG.naltrexone, KGP.blocks,
                     REC["mu-opioid-receptor"])
    family = pages.claim("b.txt", "LDN briefly blocks opioid receptors", DRUG.naltrexone, KGP.blocks,
                         REC["opioid-receptor"])
    pages.claim("c.txt", "naltrexone does not block the mu-opioid receptor for long", DRUG.naltrexone, KGP.blocks,
                REC["mu-opioid-receptor"], polarity="Negated")
    pages.claim("d.txt", "buprenorphine blocks the kappa-opioid receptor", DRUG.buprenorphine, KGP.blocks,
                REC["kappa-opioid-receptor"])
    assert member_sets(of_type(run(pages), FindingType.PARAPHRASE)) == [frozenset({str(mu), str(family)})]


def test_blocking_is_no_class_membership():
    """ "blocks" implies its broader objects like "is a" does, but only "is a" names a class, so only "is a"
    statements with disjoint objects contradict each other (kg:classMembership)."""
    sem = Semantics(project(Graph(), ontology()))
    assert sem.implies_broader_object(str(KGP.blocks)) and not sem.is_class_predicate(str(KGP.blocks))
    assert sem.implies_broader_object(str(KGP["is-a"])) and sem.is_class_predicate(str(KGP["is-a"]))
    assert not sem.implies_broader_object(str(KGP.treats))


def test_paraphrase_a_listed_side_effect_is_what_the_drug_causes():
    """ "side effects include nausea" on one page and "can cause nausea" on another state one proposition."""
    pages = Pages()
    a = pages.claim("a.txt", "Side effects include nausea", KETAMINE, KGP["has-side-effect"], COND.nausea)
    b = pages.claim("b.txt", "ketamine can cause nausea", KETAMINE, KGP.causes, COND.nausea)
    assert member_sets(of_type(run(pages), FindingType.PARAPHRASE)) == [frozenset({str(a), str(b)})]


def test_paraphrase_a_class_named_for_its_use_states_the_use():
    """ "is an analgesic" (kg:classUse term:pain) clusters with "relieves pain"; another class or a denial does not."""
    pages = Pages()
    a = pages.claim("a.txt", "ketamine is an effective analgesic", KETAMINE, KGP["is-a"], DRUG.analgesic)
    b = pages.claim("b.txt", "ketamine relieves pain", KETAMINE, KGP.relieves, TERM.pain)
    pages.claim("c.txt", "sertraline is an SSRI", DRUG.sertraline, KGP["is-a"],
                DRUG["selective-serotonin-reuptake-inhibitor"])
    pages.claim("d.txt", "sertraline relieves pain", DRUG.sertraline, KGP.relieves, TERM.pain)
    pages.claim("e.txt", "esketamine is not an anesthetic", DRUG.esketamine, KGP["is-a"], DRUG.anesthetic,
                polarity="Negated")
    pages.claim("f.txt", "esketamine is used for anesthesia", DRUG.esketamine, KGP["used-for"], TERM.anesthesia)
    assert member_sets(of_type(run(pages), FindingType.PARAPHRASE)) == [frozenset({str(a), str(b)})]


def test_paraphrase_close_matches_are_one_object():
    """ "a risk of addiction" and "a risk of dependence" (skos:closeMatch) are one proposition."""
    pages = Pages()
    a = pages.claim("a.txt", "ketamine carries a risk of addiction", KETAMINE, KGP["has-risk-of"], COND.addiction)
    b = pages.claim("b.txt", "ketamine can lead to dependence", KETAMINE, KGP["has-risk-of"],
                    COND["substance-dependence"])
    assert member_sets(of_type(run(pages), FindingType.PARAPHRASE)) == [frozenset({str(a), str(b)})]


def test_polarity_conflict_between_disjoint_classes():
    """ "a Schedule II drug" against "a Schedule III controlled substance" (owl:disjointWith): nothing is both; two
    classes merely different (an anesthetic, an antidepressant), or a hedged class, are no conflict."""
    pages = Pages()
    two = pages.claim("a.txt", "Esketamine is a Schedule II drug", DRUG.esketamine, KGP["is-a"],
                      TERM["schedule-ii-controlled-substance"])
    three = pages.claim("b.txt", "Esketamine is a Schedule III controlled substance", DRUG.esketamine, KGP["is-a"],
                        TERM["schedule-iii-controlled-substance"])
    pages.claim("c.txt", "Esketamine may be a Schedule IV drug", DRUG.esketamine, KGP["is-a"],
                TERM["schedule-iv-controlled-substance"], certainty="Hedged")
    pages.claim("a.txt", "Esketamine is an anesthetic", DRUG.esketamine, KGP["is-a"], DRUG.anesthetic)
    pages.claim("b.txt", "Esketamine is an antidepressant", DRUG.esketamine, KGP["is-a"], DRUG.antidepressant)
    assert member_sets(of_type(run(pages), FindingType.POLARITY_CONFLICT)) == [frozenset({str(two), str(three)})]


def test_polarity_conflict_a_contraindication_rules_out_a_treatment():
    """ "contraindicated in bipolar disorder" against "treats bipolar depression" (kg:rulesOut, a narrower object),
    hedged or not ("may help" still offers what the other page rules out); a treatment of something else, one on
    the same page, or a hedged contraindication is no conflict."""
    pages = Pages()
    ruling = pages.claim("a.txt", "not for people with bipolar disorder", KETAMINE, KGP["contraindicated-in"],
                         COND["bipolar-disorder"])
    treated = pages.claim("b.txt", "ketamine for bipolar depression", KETAMINE, KGP.treats, COND["bipolar-depression"])
    pages.claim("c.txt", "ketamine relieves depression", KETAMINE, KGP.relieves, COND.depression)
    hedged = pages.claim("d.txt", "ketamine may help bipolar depression", KETAMINE, KGP.treats,
                         COND["bipolar-depression"], certainty="Hedged")
    pages.claim("a.txt", "ketamine treats bipolar disorder", KETAMINE, KGP.treats, COND["bipolar-disorder"])
    pages.claim("e.txt", "ketamine may not suit people with psychosis", KETAMINE, KGP["contraindicated-in"],
                COND.psychosis, certainty="Hedged")
    pages.claim("f.txt", "ketamine treats psychosis", KETAMINE, KGP.treats, COND.psychosis)
    assert member_sets(of_type(run(pages), FindingType.POLARITY_CONFLICT)) == sorted(
        [frozenset({str(ruling), str(treated)}), frozenset({str(ruling), str(hedged)})], key=sorted)


def test_polarity_conflict_a_risk_of_what_another_page_says_the_drug_relieves():
    """ "can raise the risk of suicidal thoughts" against "rapidly reduced suicidal ideation": has risk of (and
    causes) are declared contrary to treats and relieves; a hedged risk is no flat contradiction."""
    pages = Pages()
    risk = pages.claim("a.txt", "ketamine can raise the risk of suicidal thoughts", KETAMINE, KGP["has-risk-of"],
                       COND["suicidal-ideation"])
    relief = pages.claim("b.txt", "ketamine rapidly reduced suicidal ideation", KETAMINE, KGP.relieves,
                         COND["suicidal-ideation"])
    pages.claim("c.txt", "ketamine might cause nausea", KETAMINE, KGP.causes, COND.nausea, certainty="Hedged")
    pages.claim("d.txt", "ketamine relieves nausea", KETAMINE, KGP.relieves, COND.nausea)
    assert member_sets(of_type(run(pages), FindingType.POLARITY_CONFLICT)) == [frozenset({str(risk), str(relief)})]


def test_polarity_no_conflict_across_disjoint_use_scopes():
    """ "non-addictive as prescribed" and "habit-forming when misused" can both hold; unscoped, they conflict."""
    pages = Pages()
    denied = pages.claim("a.txt", "ketamine is non-addictive in a medical setting", KETAMINE, KGP["has-risk-of"],
                         COND.addiction, polarity="Negated", groups=[TERM["medical-use-context"]])
    misuse = pages.claim("b.txt", "ketamine can be habit-forming when misused", KETAMINE, KGP["has-risk-of"],
                         COND.addiction, groups=[TERM["misuse-context"]])
    plain = pages.claim("c.txt", "ketamine can be habit-forming", KETAMINE, KGP["has-risk-of"], COND.addiction)
    found = of_type(run(pages), FindingType.POLARITY_CONFLICT)
    assert not involving(found, denied, misuse)
    assert involving(found, denied, plain)


def test_polarity_a_denial_scoped_to_a_use_meets_only_claims_of_that_use():
    """ "For fibromyalgia, the research is more mixed" denies no page's "supported by research" for another use, or
    for none; it does deny "for fibromyalgia, ketamine is supported by research"."""
    pages = Pages()
    mixed = pages.claim("a.txt", "For fibromyalgia, the research is more mixed", KETAMINE, KGP["is-supported-by"],
                        TERM["research-evidence"], polarity="Negated", indications=[COND.fibromyalgia])
    plain = pages.claim("b.txt", "ketamine is supported by research", KETAMINE, KGP["is-supported-by"],
                        TERM["research-evidence"])
    other = pages.claim("c.txt", "for CRPS, research supports ketamine", KETAMINE, KGP["is-supported-by"],
                        TERM["research-evidence"], indications=[COND["complex-regional-pain-syndrome"]])
    same = pages.claim("d.txt", "for fibromyalgia, research supports ketamine", KETAMINE, KGP["is-supported-by"],
                       TERM["research-evidence"], indications=[COND.fibromyalgia])
    found = of_type(run(pages), FindingType.POLARITY_CONFLICT)
    assert not involving(found, mixed, plain)
    assert not involving(found, mixed, other)
    assert involving(found, mixed, same)


def test_a_denied_approval_for_some_groups_meets_only_approvals_for_a_group():
    """ "Not approved for use in children or adolescents" denies "approved for TRD in adults and adolescents", not
    "approved for TRD" (which says nothing of children), nor "approved for adults"."""
    pages = Pages()
    approved, trd, esketamine = KGP["approved-for"], COND["treatment-resistant-depression"], DRUG.esketamine
    denied = pages.claim("a.txt", "not approved for use in children or adolescents", esketamine, approved, trd,
                         polarity="Negated", groups=[TERM.children, TERM.adolescents])
    teens = pages.claim("b.txt", "approved for TRD in adults and adolescents", esketamine, approved, trd,
                        groups=[TERM.adults, TERM.adolescents])
    plain = pages.claim("c.txt", "approved for treatment-resistant depression", esketamine, approved, trd)
    adults = pages.claim("d.txt", "approved for adults with TRD", esketamine, approved, trd, groups=[TERM.adults])
    found = of_type(run(pages), FindingType.POLARITY_CONFLICT)
    assert involving(found, denied, teens)
    assert not involving(found, denied, plain)
    assert not involving(found, denied, adults)


def test_polarity_conflict_with_the_signs_of_addiction():
    """ "Recreational users can develop tolerance and cravings" names signs of addiction: it contradicts an
    unscoped "does not cause dependence", not one scoped to a medical setting; a sign of something else
    contradicts neither."""
    pages = Pages()
    plain = pages.claim("a.txt", "it does not cause physical dependence", KETAMINE, KGP.causes,
                        COND["substance-dependence"], polarity="Negated")
    scoped = pages.claim("b.txt", "it does not cause dependence in a medical setting", KETAMINE, KGP.causes,
                         COND["substance-dependence"], polarity="Negated", groups=[TERM["medical-use-context"]])
    craving = pages.claim("c.txt", "recreational users can develop tolerance and cravings", KETAMINE, KGP.causes,
                          COND.craving, groups=[TERM["misuse-context"]])
    nausea = pages.claim("d.txt", "ketamine can cause nausea", KETAMINE, KGP.causes, COND.nausea)
    found = of_type(run(pages), FindingType.POLARITY_CONFLICT)
    assert involving(found, plain, craving)
    assert not involving(found, scoped, craving)
    assert not involving(found, plain, nausea)


def test_polarity_conflict_a_caused_harm_is_a_risk_of_it():
    """ "Tolerance and dependence have been reported" (a side effect) says there is a risk of them (kg:entails), so
    it contradicts "non-addictive"; a side effect that is no harm of that kind contradicts nothing."""
    pages = Pages()
    non = pages.claim("a.txt", "ketamine is non-addictive", KETAMINE, KGP["has-risk-of"], COND.addiction,
                      polarity="Negated")
    reported = pages.claim("b.txt", "dependence has been reported with prolonged use", KETAMINE,
                           KGP["has-side-effect"], COND["substance-dependence"])
    tolerance = pages.claim("c.txt", "tolerance has been reported with frequent use", KETAMINE,
                            KGP["has-side-effect"], COND["drug-tolerance"])
    nausea = pages.claim("d.txt", "ketamine can cause nausea", KETAMINE, KGP.causes, COND.nausea)
    found = of_type(run(pages), FindingType.POLARITY_CONFLICT)
    assert involving(found, non, reported) and involving(found, non, tolerance), [f.explanation for f in found]
    assert not involving(found, non, nausea)


def test_polarity_a_denial_meets_two_sentences_of_a_page_before_two_claims_of_one():
    """Two claims of one sentence say one thing, so a page's places go to claims of different sentences: the risk
    said in another sentence is not crowded out by a second claim of the sentence worded most alike."""
    pages = Pages()
    non = pages.claim("a.txt", "ketamine is non-addictive", KETAMINE, KGP["has-risk-of"], COND.addiction,
                      polarity="Negated")
    one = (0, 200)
    pages.claim("b.txt", "ketamine is addictive", KETAMINE, KGP["has-risk-of"], COND.addiction, sentence=one)
    pages.claim("b.txt", "ketamine is addictive, and", KETAMINE, KGP["has-risk-of"], COND["substance-dependence"],
                sentence=one)
    other = pages.claim("b.txt", "it also carries a risk of misuse and dependence", KETAMINE, KGP["has-risk-of"],
                        COND["substance-use-disorder"])
    found = of_type(run(pages), FindingType.POLARITY_CONFLICT)
    assert len(found) == 2 and involving(found, non, other), [f.explanation for f in found]


def test_paraphrase_needs_two_pages():
    """The same proposition twice on one page is no paraphrase."""
    pages = Pages()
    pages.claim("a.txt", "ketamine treats chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN)
    pages.claim("a.txt", "ketamine is an effective treatment for chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN)
    pages.claim("b.txt", "ketamine treats depression", KETAMINE, KGP.treats, COND.depression)
    assert of_type(run(pages), FindingType.PARAPHRASE) == []


def test_paraphrase_different_objects_do_not_cluster():
    """ "treats chronic pain" and "treats depression" are two propositions."""
    pages = Pages()
    pages.claim("a.txt", "ketamine treats chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN)
    pages.claim("b.txt", "ketamine treats depression", KETAMINE, KGP.treats, COND.depression)
    assert of_type(run(pages), FindingType.PARAPHRASE) == []


def test_paraphrase_incompatible_numbers_never_join_compatible_ones_do():
    """Prevalence (28.4M, 35.5M] (11 % of US adults) stays out; [46.8M, 52M) of Americans joins [50M, 100M] adults."""
    pages = Pages()
    wide = fifty_to_a_hundred_million(pages, "a.txt")
    low = over_eleven_percent(pages, "b.txt")
    nearly = nearly_52_million(pages, "c.txt")
    clusters = member_sets(of_type(run(pages), FindingType.PARAPHRASE))
    assert clusters == [frozenset({str(wide), str(nearly)})]
    assert all(str(low) not in c for c in clusters)


def test_paraphrase_counts_of_disjoint_populations_do_not_join():
    """A count among US adults and an overlapping count among the world population are not one statistic."""
    pages = Pages()
    prevalence(pages, "a.txt", "50-100 million adults in the US have chronic pain", 50e6, 100e6,
               population=POP.USAdults)
    prevalence(pages, "b.txt", "60 million people worldwide have chronic pain", 60e6, 60e6, population=POP.World)
    assert of_type(run(pages), FindingType.PARAPHRASE) == []


def test_paraphrase_disjoint_sites_do_not_join():
    """ "blocks receptors in peripheral nerves" and "... in the brain" are not one proposition."""
    pages = Pages()
    pages.claim("a.txt", "ketamine blocks NMDA receptors in peripheral nerves", KETAMINE, KGP.blocks,
                REC["nmda-receptor"], sites=[TERM["peripheral-nerves"]])
    pages.claim("b.txt", "ketamine blocks NMDA receptors in the brain", KETAMINE, KGP.blocks,
                REC["nmda-receptor"], sites=[TERM.brain])
    assert of_type(run(pages), FindingType.PARAPHRASE) == []


def test_paraphrase_generic_object_reads_as_page_topic():
    """ "treats pain" on a page mostly about chronic pain also joins the chronic-pain cluster (RELATIONS.md, 4)."""
    pages = Pages()
    for _ in range(3):
        pages.mention("a.txt", "chronic pain", CHRONIC_PAIN)
    generic = pages.claim("a.txt", "ketamine treats pain", KETAMINE, KGP.treats, TERM.pain)
    specific = pages.claim("b.txt", "ketamine treats chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN)
    assert frozenset({str(generic), str(specific)}) in member_sets(of_type(run(pages), FindingType.PARAPHRASE))


def test_paraphrase_a_class_use_reads_as_page_topic_too():
    """ "an effective analgesic" on a chronic-pain page is "treats pain" read as "treats chronic pain"."""
    pages = Pages()
    for _ in range(3):
        pages.mention("a.txt", "chronic pain", CHRONIC_PAIN)
    analgesic = pages.claim("a.txt", "ketamine is an effective analgesic", KETAMINE, KGP["is-a"], DRUG.analgesic)
    specific = pages.claim("b.txt", "ketamine treats chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN)
    assert frozenset({str(analgesic), str(specific)}) in member_sets(of_type(run(pages), FindingType.PARAPHRASE))


def test_paraphrase_a_symmetric_predicate_reads_either_way_round():
    """ "depression co-occurs with chronic pain" and "chronic pain co-occurs with depression" (kg:symmetric) are one
    proposition; "depression causes chronic pain" and "chronic pain causes depression" are not."""
    pages = Pages()
    a = pages.claim("a.txt", "depression often accompanies chronic pain", COND.depression, KGP["co-occurs-with"],
                    CHRONIC_PAIN)
    b = pages.claim("b.txt", "chronic pain patients also live with depression", CHRONIC_PAIN, KGP["co-occurs-with"],
                    COND.depression)
    pages.claim("c.txt", "depression can lead to chronic pain", COND.depression, KGP.causes, CHRONIC_PAIN)
    pages.claim("d.txt", "chronic pain can lead to depression", CHRONIC_PAIN, KGP.causes, COND.depression)
    assert member_sets(of_type(run(pages), FindingType.PARAPHRASE)) == [frozenset({str(a), str(b)})]


def test_paraphrase_compatible_durations_and_years_join():
    """12 weeks vs three months, and 1962 vs the 1960s, are paraphrases (RELATIONS.md, judgement 6)."""
    pages = Pages()
    weeks = duration(pages, "a.txt", "daily pain for over 12 weeks is chronic pain", 12, 15, UNIT.WK,
                     low_inclusive=False)
    months = duration(pages, "b.txt", "pain that lasts for three months or more", 3, None, UNIT.MO)
    years = []
    for page, quote, low, high in (("a.txt", "ketamine was first synthesized in 1962", 1962, 1962),
                                   ("b.txt", "Ketamine was first introduced in the 1960s", 1960, 1969)):
        q = pages.quantity(low, high, KG.CalendarYear)
        years.append(pages.claim(page, quote, KETAMINE, KGP["introduced-in"], q, measure="year of introduction"))
    clusters = set(member_sets(of_type(run(pages), FindingType.PARAPHRASE)))
    assert clusters == {frozenset({str(weeks), str(months)}), frozenset(map(str, years))}


# ====================================================================== certainty drift

def test_certainty_drift_hedged_vs_asserted():
    """Hedged on one page, asserted on another: one drift finding, (hedged, asserted)."""
    pages = Pages()
    hedged = pages.claim("a.txt", "ketamine is thought to improve chronic pain", KETAMINE, KGP.treats,
                         CHRONIC_PAIN, certainty="Hedged")
    asserted = pages.claim("b.txt", "ketamine treats chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN)
    result = run(pages)
    drift = of_type(result, FindingType.CERTAINTY_DRIFT)
    assert [f.members for f in drift] == [(str(hedged), str(asserted))]
    assert drift[0].level is Severity.WARNING
    assert member_sets(of_type(result, FindingType.PARAPHRASE)) == [frozenset({str(hedged), str(asserted)})]


def test_certainty_drift_hedged_vs_emphatic():
    """An emphatic statement ("proven") counts as asserted."""
    pages = Pages()
    hedged = pages.claim("a.txt", "ketamine may relieve chronic pain", KETAMINE, KGP.relieves, CHRONIC_PAIN,
                         certainty="Hedged")
    proven = pages.claim("b.txt", "ketamine is proven to treat chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN,
                         certainty="Emphatic")
    drift = of_type(run(pages), FindingType.CERTAINTY_DRIFT)
    assert [f.members for f in drift] == [(str(hedged), str(proven))]


def test_certainty_drift_none_when_both_hedged():
    """Two hedged statements: a paraphrase, no drift."""
    pages = Pages()
    pages.claim("a.txt", "ketamine is thought to improve chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN,
                certainty="Hedged")
    pages.claim("b.txt", "ketamine may help with chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN,
                certainty="Hedged")
    result = run(pages)
    assert of_type(result, FindingType.CERTAINTY_DRIFT) == []
    assert len(of_type(result, FindingType.PARAPHRASE)) == 1


def test_certainty_drift_reaches_eight_asserting_pages_and_no_more():
    """A hedge is set against the pages that assert the proposition, up to eight of them: the ones a reviewer
    reads first, and a count that stays linear in the cluster's size."""
    pages = Pages()
    hedged = pages.claim("a.txt", "you may feel detached during the infusion", KETAMINE, KGP["has-side-effect"],
                         COND.dissociation, certainty="Hedged")
    for n in range(10):
        pages.claim(f"p{n}.txt", "dissociation during the infusion", KETAMINE, KGP["has-side-effect"],
                    COND.dissociation)
    drift = of_type(run(pages), FindingType.CERTAINTY_DRIFT)
    assert len(drift) == 8
    assert all(f.members[0] == str(hedged) for f in drift)


def test_certainty_drift_not_within_one_page():
    """Hedged and asserted on the same page (and nowhere else) is no drift."""
    pages = Pages()
    pages.claim("a.txt", "ketamine may treat chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN, certainty="Hedged")
    pages.claim("a.txt", "ketamine treats chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN)
    assert of_type(run(pages), FindingType.CERTAINTY_DRIFT) == []


# ====================================================================== numeric conflicts

def test_numeric_conflict_percent_of_adults_vs_count():
    """ "Over 11%" of US adults (28.4M-35.5M) vs 50-100 million US adults: exactly one conflict of the two."""
    pages = Pages()
    wide = fifty_to_a_hundred_million(pages, "a.txt")
    low = over_eleven_percent(pages, "b.txt")
    found = of_type(run(pages), FindingType.NUMERIC_CONFLICT)
    assert member_sets(found) == [frozenset({str(wide), str(low)})]
    assert len(found[0].members) == 2
    assert found[0].level is Severity.ERROR
    assert "a.txt" in found[0].explanation and "b.txt" in found[0].explanation


def test_numeric_conflict_percent_of_adults_vs_nearly_52_million_americans():
    """ "Over 11%" of US adults vs "nearly 52 million Americans" (comparable populations): a conflict."""
    pages = Pages()
    low = over_eleven_percent(pages, "b.txt")
    nearly = nearly_52_million(pages, "c.txt")
    assert member_sets(of_type(run(pages), FindingType.NUMERIC_CONFLICT)) == [frozenset({str(low), str(nearly)})]


def test_numeric_no_conflict_weeks_vs_months():
    """ "over 12 weeks" (12, 15] weeks vs "three months or more" [3, inf) months overlap once converted."""
    pages = Pages()
    duration(pages, "a.txt", "daily pain for over 12 weeks is chronic pain", 12, 15, UNIT.WK, low_inclusive=False)
    duration(pages, "b.txt", "pain that lasts for three months or more", 3, None, UNIT.MO)
    assert of_type(run(pages), FindingType.NUMERIC_CONFLICT) == []


def test_numeric_conflict_weeks_vs_months_when_disjoint():
    """Control for the unit conversion: "two weeks" vs "three months or more" do conflict."""
    pages = Pages()
    a = duration(pages, "a.txt", "chronic pain lasts two weeks", 2, 2, UNIT.WK)
    b = duration(pages, "b.txt", "pain that lasts for three months or more", 3, None, UNIT.MO)
    assert member_sets(of_type(run(pages), FindingType.NUMERIC_CONFLICT)) == [frozenset({str(a), str(b)})]


def test_a_definition_threshold_is_read_as_one():
    """ "Pain is chronic once it has lasted 12 weeks or longer" states a threshold, as "longer than six months"
    does: the two definitions contradict each other, while "three months or more" and "over 12 weeks" agree
    with the first. A drug's effect lasting "weeks or longer" is no definition and stays open above."""
    pages = Pages()
    weeks = duration(pages, "a.txt", "pain is chronic once it has lasted 12 weeks or longer", 12, None, UNIT.WK)
    six = duration(pages, "b.txt", "chronic pain is pain lasting longer than six months", 6, 7.5, UNIT.MO,
                   low_inclusive=False)
    duration(pages, "c.txt", "pain that lasts for three months or more", 3, None, UNIT.MO)
    duration(pages, "d.txt", "daily pain for over 12 weeks is chronic pain", 12, 15, UNIT.WK, low_inclusive=False)
    duration(pages, "e.txt", "relief lasts six weeks or longer", 6, None, UNIT.WK, subject=KETAMINE)
    duration(pages, "f.txt", "relief lasts six months", 6, 6, UNIT.MO, subject=KETAMINE)
    found = of_type(run(pages), FindingType.NUMERIC_CONFLICT)
    assert {frozenset(f.members) for f in found if str(weeks) in f.members} == {frozenset({str(weeks), str(six)})}
    assert all(str(six) in f.members for f in found), [f.explanation for f in found]
    assert "84 to 105 days" in next(f.explanation for f in found if str(weeks) in f.members)


def test_a_wrong_figure_meets_every_page_that_contradicts_it(reference_facts):
    """ "About an hour" of observation against five pages that say two hours: one finding per page, past the
    four pages other claims are paired with."""
    pages = Pages()
    hour = _observed(pages, "a.txt", "observed for about an hour after each dose", DRUG.esketamine, 0.9, 1.1)
    two = [_observed(pages, f"{page}.txt", "monitored for two hours after each dose", DRUG.esketamine, 2, 2)
           for page in "bcdef"]
    found = of_type(run(pages), FindingType.NUMERIC_CONFLICT)
    assert {frozenset(f.members) for f in found} == {frozenset({str(hour), str(c)}) for c in two}
    assert "54 to 66 minutes" in found[0].explanation


def test_numeric_no_conflict_nearly_52_million_inside_50_to_100_million():
    """ "nearly 52 million" Americans [46.8M, 52M) overlaps 50-100 million US adults."""
    pages = Pages()
    fifty_to_a_hundred_million(pages, "a.txt")
    nearly_52_million(pages, "c.txt")
    assert of_type(run(pages), FindingType.NUMERIC_CONFLICT) == []


def test_numeric_no_conflict_year_inside_decade():
    """1962 vs "the 1960s" [1960, 1969] (kg:CalendarYear)."""
    pages = Pages()
    for page, quote, low, high in (("a.txt", "ketamine was first synthesized in 1962", 1962, 1962),
                                   ("b.txt", "Ketamine was first introduced in the 1960s", 1960, 1969)):
        q = pages.quantity(low, high, KG.CalendarYear)
        pages.claim(page, quote, KETAMINE, KGP["introduced-in"], q, measure="year of introduction")
    assert of_type(run(pages), FindingType.NUMERIC_CONFLICT) == []


def test_numeric_conflict_year_outside_decade():
    """Control: 1962 vs "the 1970s" [1970, 1979] conflict."""
    pages = Pages()
    claims = []
    for page, quote, low, high in (("a.txt", "ketamine was first synthesized in 1962", 1962, 1962),
                                   ("b.txt", "Ketamine was first introduced in the 1970s", 1970, 1979)):
        q = pages.quantity(low, high, KG.CalendarYear)
        claims.append(pages.claim(page, quote, KETAMINE, KGP["introduced-in"], q, measure="year of introduction"))
    assert member_sets(of_type(run(pages), FindingType.NUMERIC_CONFLICT)) == [frozenset(map(str, claims))]


@pytest.mark.parametrize(("population", "conflict"), [(None, False), (POP.USAdults, True)],
                         ids=["unknown-population", "control-same-population"])
def test_numeric_unknown_population(population, conflict):
    """A count with no population cannot conflict with a count among US adults (the same count with one does)."""
    pages = Pages()
    a = fifty_to_a_hundred_million(pages, "a.txt")
    b = prevalence(pages, "b.txt", "about 30 million patients live with chronic pain", 27e6, 33e6,
                   population=population)
    expected = [frozenset({str(a), str(b)})] if conflict else []
    assert member_sets(of_type(run(pages), FindingType.NUMERIC_CONFLICT)) == expected


@pytest.mark.parametrize(("population", "conflict"), [(POP.World, False), (POP.USPopulation, True)],
                         ids=["world-population", "control-us-population"])
def test_numeric_us_vs_world_population(population, conflict):
    """50-100 million in the US vs over 1.5 billion people worldwide measure different populations."""
    pages = Pages()
    a = prevalence(pages, "a.txt", "Chronic pain affects 50-100 million people in the US", 50e6, 100e6,
                   population=POP.USPopulation)
    b = prevalence(pages, "b.txt", "over 1.5 billion people have chronic pain", 1.5e9, 1.875e9,
                   population=population, low_inclusive=False)
    expected = [frozenset({str(a), str(b)})] if conflict else []
    assert member_sets(of_type(run(pages), FindingType.NUMERIC_CONFLICT)) == expected


def test_numeric_no_conflict_children_vs_adults():
    """A count among US children and one among US adults are not one statistic."""
    pages = Pages()
    prevalence(pages, "a.txt", "50-100 million US adults have chronic pain", 50e6, 100e6, population=POP.USAdults)
    prevalence(pages, "b.txt", "5 million children in the US have chronic pain", 5e6, 5e6, population=POP.USChildren)
    assert of_type(run(pages), FindingType.NUMERIC_CONFLICT) == []


def test_numeric_no_conflict_same_percent_of_adults_and_of_everyone():
    """ "20% of US adults" and "20% of Americans" can both hold: one rate over two nested denominators.

    Converting each percent to a count of its own population (51.7M vs 66.7M)
    and comparing the counts makes them disjoint; the rates themselves agree.
    """
    pages = Pages()
    prevalence(pages, "a.txt", "20% of US adults have chronic pain", 20, 20, UNIT.PERCENT, population=POP.USAdults)
    prevalence(pages, "b.txt", "20% of Americans have chronic pain", 20, 20, UNIT.PERCENT,
               population=POP.USPopulation)
    assert of_type(run(pages), FindingType.NUMERIC_CONFLICT) == []


def test_numeric_no_conflict_different_subjects():
    """Different conditions' prevalences never conflict."""
    pages = Pages()
    prevalence(pages, "a.txt", "50-100 million US adults have chronic pain", 50e6, 100e6, population=POP.USAdults)
    prevalence(pages, "b.txt", "17 million US adults have high-impact chronic pain", 17e6, 17e6,
               population=POP.USAdults, subject=COND["high-impact-chronic-pain"])
    assert of_type(run(pages), FindingType.NUMERIC_CONFLICT) == []


def test_numeric_no_conflict_negated_statistic():
    """A negated number ("not 30 million") is not a value to compare."""
    pages = Pages()
    prevalence(pages, "a.txt", "50-100 million US adults have chronic pain", 50e6, 100e6, population=POP.USAdults)
    q = pages.quantity(30e6, 30e6, UNIT.NUM, population=POP.USAdults)
    pages.claim("b.txt", "it is not 30 million US adults who have chronic pain", CHRONIC_PAIN,
                KGP["has-prevalence"], q, measure="prevalence", polarity="Negated")
    assert of_type(run(pages), FindingType.NUMERIC_CONFLICT) == []


def test_numeric_no_conflict_within_one_page():
    """Disjoint numbers on one page are no cross-page conflict."""
    pages = Pages()
    prevalence(pages, "a.txt", "50-100 million US adults have chronic pain", 50e6, 100e6, population=POP.USAdults)
    prevalence(pages, "a.txt", "10 million US adults have chronic pain", 10e6, 10e6, population=POP.USAdults)
    assert of_type(run(pages), FindingType.NUMERIC_CONFLICT) == []


def test_numeric_conflict_death_tolls_compare_within_one_year():
    """A yearly toll (kg:countedPerYear) meets only the tolls of its year: "more than 70,000 in 2019" conflicts with
    "nearly 50,000 in 2019", not with "more than 80,000 in 2022", and a toll with no year ("a year") meets none."""
    pages = Pages()
    high = death_toll(pages, "a.txt", "In 2019, more than 70,000 Americans died", 70000, 87500, 2019,
                      low_inclusive=False)
    low = death_toll(pages, "b.txt", "In 2019, nearly 50,000 Americans died", 45000, 50000, 2019,
                     high_inclusive=False)
    death_toll(pages, "c.txt", "More than 80,000 Americans died in 2022", 80000, 100000, 2022, low_inclusive=False)
    death_toll(pages, "d.txt", "About 40,000 Americans die of opioid overdoses a year", 36000, 44000, None)
    analysis = run(pages)
    found = of_type(analysis, FindingType.NUMERIC_CONFLICT)
    assert member_sets(found) == [frozenset({str(high), str(low)})], [f.explanation for f in found]
    assert "in 2019" in found[0].explanation
    clusters = of_type(analysis, FindingType.PARAPHRASE)
    assert not any(len({m.split("/")[-3] for m in f.members}) > 1 for f in clusters), clusters  # no two years


def test_reference_conflict_a_co_medication_the_label_no_longer_requires(reference_facts):
    """Since January 2025 esketamine need not be taken with an oral antidepressant (fact 4): "must be taken alongside
    an oral antidepressant" contradicts it; "is used together with one" and "no longer has to be" do not."""
    pages = Pages()
    must = pages.claim("a.txt", "It must be taken alongside an oral antidepressant", DRUG.esketamine,
                       KGP["requires-co-medication"], DRUG.antidepressant)
    pages.claim("b.txt", "It is used together with an oral antidepressant", DRUG.esketamine, KGP["taken-with"],
                DRUG.antidepressant)
    pages.claim("c.txt", "it no longer has to be paired with a daily antidepressant", DRUG.esketamine,
                KGP["requires-co-medication"], DRUG.antidepressant, polarity="Negated")
    found = of_type(run(pages), FindingType.REFERENCE_CONFLICT)
    assert [f.members[0] for f in found] == [str(must)], [f.explanation for f in found]
    assert _fact_members(found[0], reference_facts) == [str(REF["fact-4-esketamine-monotherapy"])]


def test_reference_conflict_a_death_toll_of_the_fact_s_year(reference_facts):
    """Fact 11 (49,860 opioid overdose deaths in 2019) measures 2019's tolls only: "more than 70,000" in 2019 is a
    reference conflict, "nearly 50,000" in 2019 agrees, and "more than 80,000" in 2022 is another year's."""
    pages = Pages()
    wrong = death_toll(pages, "a.txt", "In 2019, more than 70,000 Americans died", 70000, 87500, 2019,
                       low_inclusive=False)
    death_toll(pages, "b.txt", "In 2019, nearly 50,000 Americans died", 45000, 50000, 2019, high_inclusive=False)
    death_toll(pages, "c.txt", "More than 80,000 Americans died in 2022", 80000, 100000, 2022, low_inclusive=False)
    found = of_type(run(pages), FindingType.REFERENCE_CONFLICT)
    assert [f.members[0] for f in found] == [str(wrong)], [f.explanation for f in found]
    assert _fact_members(found[0], reference_facts) == [str(REF["fact-11-opioid-overdose-deaths-2019"])]


def misuse_rate(pages: Pages, page: str, quote: str, low, high, *, population=POP.ChronicPainPatientsOnOpioids
                ) -> URIRef:
    """An "X% of patients prescribed opioids for chronic pain misuse them" claim."""
    q = pages.quantity(low, high, UNIT.PERCENT, population=population)
    return pages.claim(page, quote, DRUG.opioid, KGP["has-misuse-rate"], q, measure="misuse rate")


def test_reference_conflict_an_opioid_misuse_rate(reference_facts):
    """Fact 10 (21-29 % of patients prescribed opioids for chronic pain misuse them): "40 to 50 percent" conflicts
    with it and with "roughly one in four", which agrees with it; a rate among other people is not measured."""
    pages = Pages()
    high = misuse_rate(pages, "a.txt", "40 to 50 percent of people prescribed opioids for chronic pain", 40, 50)
    agreeing = misuse_rate(pages, "b.txt", "roughly one in four patients prescribed opioids for chronic pain",
                           22.5, 27.5)
    misuse_rate(pages, "c.txt", "10% of US adults misuse opioids", 10, 10, population=POP.USAdults)
    findings = run(pages)
    found = of_type(findings, FindingType.REFERENCE_CONFLICT)
    assert [f.members[0] for f in found] == [str(high)], [f.explanation for f in found]
    assert _fact_members(found[0], reference_facts) == [str(REF["fact-10-opioid-misuse-rate"])]
    assert member_sets(of_type(findings, FindingType.NUMERIC_CONFLICT)) == [frozenset({str(high), str(agreeing)})]


def test_numeric_conflict_open_bound_touching():
    """[46.8M, 52M) and [52M, 60M] share no value: a conflict."""
    pages = Pages()
    a = prevalence(pages, "a.txt", "nearly 52 million US adults have chronic pain", 46.8e6, 52e6,
                   population=POP.USAdults, high_inclusive=False)
    b = prevalence(pages, "b.txt", "52 to 60 million US adults have chronic pain", 52e6, 60e6,
                   population=POP.USAdults)
    assert member_sets(of_type(run(pages), FindingType.NUMERIC_CONFLICT)) == [frozenset({str(a), str(b)})]


def test_numeric_conflict_meets_two_sentences_of_the_other_page():
    """A page that gives the incompatible figure in two sentences ("at least two hours", "the two-hour observation
    period") is met in each, so both places are anchored; a third sentence of that page is not (two per page,
    nearest figures first)."""
    pages = Pages()
    a = prevalence(pages, "a.txt", "about 11 million US adults have chronic pain", 10e6, 12e6, population=POP.USAdults)
    b1 = prevalence(pages, "b.txt", "nearly 52 million US adults have chronic pain", 46.8e6, 52e6,
                    population=POP.USAdults, high_inclusive=False)
    b2 = prevalence(pages, "b.txt", "chronic pain affects 50 to 100 million US adults", 50e6, 100e6,
                    population=POP.USAdults)
    prevalence(pages, "b.txt", "over 60 million US adults live with chronic pain", 60e6, None,
               population=POP.USAdults, low_inclusive=False)
    conflicts = member_sets(of_type(run(pages), FindingType.NUMERIC_CONFLICT))
    assert sorted(conflicts, key=sorted) == sorted([frozenset({str(a), str(b1)}), frozenset({str(a), str(b2)})],
                                                   key=sorted), conflicts


# ---------------------------------------------------------------------- clinics' schedules

def test_schedules_different_measures_do_not_conflict():
    """ "six infusions over two weeks" vs "a series over four weeks": no shared measure, no conflict."""
    pages = Pages()
    period = pages.quantity(2, 2, UNIT.WK)
    six = pages.quantity(6, 6, UNIT.NUM, period=period)
    pages.claim("a.txt", "a series of six infusions over two weeks", KETAMINE, KGP["is-maintained-by"], six,
                measure="infusions per course")
    duration(pages, "b.txt", "a series of treatments over the course of four weeks", 4, 4, UNIT.WK,
             subject=KETAMINE, predicate=KGP["is-maintained-by"], measure="course length")
    assert of_type(run(pages), FindingType.NUMERIC_CONFLICT) == []


def test_schedules_of_two_clinics_are_different_subjects():
    """Each clinic's protocol is its own product: two weeks vs four weeks for two protocols is no conflict."""
    pages = Pages()
    duration(pages, "a.txt", "our protocol takes two weeks", 2, 2, UNIT.WK,
             subject=ID["concept/term/clinic-a-protocol"], measure="course length")
    duration(pages, "b.txt", "our protocol takes four weeks", 4, 4, UNIT.WK,
             subject=ID["concept/term/clinic-b-protocol"], measure="course length")
    assert of_type(run(pages), FindingType.NUMERIC_CONFLICT) == []


def test_schedules_for_different_indications_do_not_conflict():
    """A two-week course for depression vs a four-week course for chronic pain (different kg:indication)."""
    pages = Pages()
    duration(pages, "a.txt", "six infusions over two weeks for depression", 2, 2, UNIT.WK, subject=KETAMINE,
             measure="course length", indications=[COND.depression])
    duration(pages, "b.txt", "a series of treatments over four weeks for chronic pain", 4, 4, UNIT.WK,
             subject=KETAMINE, measure="course length", indications=[CHRONIC_PAIN])
    assert of_type(run(pages), FindingType.NUMERIC_CONFLICT) == []


def test_schedules_control_same_measure_and_indication_conflict():
    """Control: one subject, measure and indication, two weeks vs four weeks is a conflict."""
    pages = Pages()
    a = duration(pages, "a.txt", "a course takes two weeks for chronic pain", 2, 2, UNIT.WK, subject=KETAMINE,
                 measure="course length", indications=[CHRONIC_PAIN])
    b = duration(pages, "b.txt", "a course takes four weeks for chronic pain", 4, 4, UNIT.WK, subject=KETAMINE,
                 measure="course length", indications=[CHRONIC_PAIN])
    assert member_sets(of_type(run(pages), FindingType.NUMERIC_CONFLICT)) == [frozenset({str(a), str(b)})]


# ====================================================================== polarity conflicts

def test_polarity_conflict_affirmed_vs_negated():
    """ "has risk of addiction" vs "has no risk of addiction": one conflict, (affirmed, negated)."""
    pages = Pages()
    a = pages.claim("a.txt", "ketamine carries a risk of addiction", KETAMINE, KGP["has-risk-of"], COND.addiction)
    n = pages.claim("b.txt", "ketamine carries no risk of addiction", KETAMINE, KGP["has-risk-of"], COND.addiction,
                    polarity="Negated")
    found = of_type(run(pages), FindingType.POLARITY_CONFLICT)
    assert [f.members for f in found] == [(str(a), str(n))]
    assert found[0].level is Severity.ERROR


def test_polarity_conflict_safe_vs_risk_of_dependence():
    """ "is free of risk of" harm vs "has risk of" substance dependence (negationOf + broader to term:harm)."""
    pages = Pages()
    safe = pages.claim("a.txt", "Ketamine is safe", KETAMINE, KGP["is-free-of-risk-of"], TERM.harm)
    risk = pages.claim("b.txt", "ketamine has a risk of dependence", KETAMINE, KGP["has-risk-of"],
                       COND["substance-dependence"])
    assert member_sets(of_type(run(pages), FindingType.POLARITY_CONFLICT)) == [frozenset({str(safe), str(risk)})]


def test_polarity_conflict_non_addictive_vs_dependence():
    """ "non-addictive" (has risk of addiction, negated) vs "has risk of substance dependence" (closeMatch)."""
    pages = Pages()
    non = pages.claim("a.txt", "Non-Addictive: Ketamine", KETAMINE, KGP["has-risk-of"], COND.addiction,
                      polarity="Negated")
    risk = pages.claim("b.txt", "ketamine has a risk of dependence", KETAMINE, KGP["has-risk-of"],
                       COND["substance-dependence"])
    assert member_sets(of_type(run(pages), FindingType.POLARITY_CONFLICT)) == [frozenset({str(non), str(risk)})]


def test_polarity_conflict_contrary_predicates():
    """ "increases glutamate" vs "reduces glutamate" (kg:oppositeOf) on two pages."""
    pages = Pages()
    up = pages.claim("a.txt", "ketamine increases the amount of glutamate", KETAMINE, KGP.increases, TERM.glutamate)
    down = pages.claim("b.txt", "ketamine reduces glutamate", KETAMINE, KGP.reduces, TERM.glutamate)
    assert member_sets(of_type(run(pages), FindingType.POLARITY_CONFLICT)) == [frozenset({str(up), str(down)})]


def test_polarity_conflict_narrower_predicate_and_object_denied():
    """ "relieves fibromyalgia" is denied by "does not treat chronic pain" (narrower predicate and object)."""
    pages = Pages()
    a = pages.claim("a.txt", "ketamine relieves fibromyalgia", KETAMINE, KGP.relieves, COND.fibromyalgia)
    n = pages.claim("b.txt", "ketamine does not treat chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN,
                    polarity="Negated")
    assert [f.members for f in of_type(run(pages), FindingType.POLARITY_CONFLICT)] == [(str(a), str(n))]


def test_polarity_no_conflict_broader_predicate_vs_narrower_denial():
    """ "treats chronic pain" is not denied by "does not relieve chronic pain" (relieving is narrower)."""
    pages = Pages()
    pages.claim("a.txt", "ketamine treats chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN)
    pages.claim("b.txt", "ketamine does not relieve chronic pain", KETAMINE, KGP.relieves, CHRONIC_PAIN,
                polarity="Negated")
    assert of_type(run(pages), FindingType.POLARITY_CONFLICT) == []


def test_polarity_no_conflict_broader_object_vs_narrower_denial():
    """ "treats chronic pain" is not denied by "does not treat fibromyalgia"."""
    pages = Pages()
    pages.claim("a.txt", "ketamine treats chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN)
    pages.claim("b.txt", "ketamine does not treat fibromyalgia", KETAMINE, KGP.treats, COND.fibromyalgia,
                polarity="Negated")
    assert of_type(run(pages), FindingType.POLARITY_CONFLICT) == []


def test_polarity_no_conflict_side_effects_vs_no_nausea():
    """ "has side effects" (affirmed) vs "causes no nausea" (negated, narrower object): no conflict."""
    pages = Pages()
    pages.broader(COND.nausea, TERM["side-effect"])
    pages.claim("a.txt", "ketamine has side effects", KETAMINE, KGP["has-side-effect"], TERM["side-effect"])
    pages.claim("b.txt", "ketamine causes no nausea", KETAMINE, KGP["has-side-effect"], COND.nausea,
                polarity="Negated")
    assert of_type(run(pages), FindingType.POLARITY_CONFLICT) == []


def test_polarity_conflict_nausea_vs_no_side_effects():
    """Control for the direction: "causes nausea" is denied by "has no side effects"."""
    pages = Pages()
    pages.broader(COND.nausea, TERM["side-effect"])
    a = pages.claim("a.txt", "ketamine can cause nausea", KETAMINE, KGP["has-side-effect"], COND.nausea)
    n = pages.claim("b.txt", "ketamine has no side effects", KETAMINE, KGP["has-side-effect"], TERM["side-effect"],
                    polarity="Negated")
    assert member_sets(of_type(run(pages), FindingType.POLARITY_CONFLICT)) == [frozenset({str(a), str(n)})]


def test_polarity_no_conflict_safe_vs_listed_side_effect():
    """ "Safe" is not denied by a listed side effect (relations.ttl: side effects are left out on purpose)."""
    pages = Pages()
    pages.claim("a.txt", "Ketamine is safe", KETAMINE, KGP["is-free-of-risk-of"], TERM.harm)
    pages.claim("b.txt", "side effects can include nausea", KETAMINE, KGP["has-side-effect"], COND.nausea)
    assert of_type(run(pages), FindingType.POLARITY_CONFLICT) == []


def test_polarity_no_conflict_within_one_page():
    """Affirmed and negated on the same page only: no (cross-page) conflict."""
    pages = Pages()
    pages.claim("a.txt", "ketamine carries a risk of addiction", KETAMINE, KGP["has-risk-of"], COND.addiction)
    pages.claim("a.txt", "ketamine is non-addictive", KETAMINE, KGP["has-risk-of"], COND.addiction,
                polarity="Negated")
    assert of_type(run(pages), FindingType.POLARITY_CONFLICT) == []


def test_polarity_no_conflict_different_subjects():
    """ "opioids are addictive" vs "ketamine is non-addictive" is no conflict."""
    pages = Pages()
    pages.claim("a.txt", "opioids are addictive", DRUG.opioid, KGP["has-risk-of"], COND.addiction)
    pages.claim("b.txt", "ketamine is non-addictive", KETAMINE, KGP["has-risk-of"], COND.addiction,
                polarity="Negated")
    assert of_type(run(pages), FindingType.POLARITY_CONFLICT) == []


def test_polarity_a_denial_meets_every_page_that_names_the_risk():
    """ "non-addictive" on one page against the risk named on ten others: ten conflicts, one per page."""
    pages = Pages()
    non = pages.claim("a.txt", "ketamine is non-addictive", KETAMINE, KGP["has-risk-of"], COND.addiction,
                      polarity="Negated")
    risks = [pages.claim(f"r{k:02d}.txt", f"ketamine carries a risk of addiction ({k})", KETAMINE,
                         KGP["has-risk-of"], COND.addiction) for k in range(10)]
    found = member_sets(of_type(run(pages), FindingType.POLARITY_CONFLICT))
    assert sorted(found, key=sorted) == sorted((frozenset({str(non), str(r)}) for r in risks), key=sorted)


def test_polarity_a_denial_meets_a_bounded_number_of_pages():
    """The partners of one denial are bounded (``DENIAL_DOCUMENTS`` pages, two claims each), whatever the corpus."""
    from kgraph.analysis.conflicts import DENIAL_DOCUMENTS, DENIAL_PER_DOCUMENT
    pages = Pages()
    pages.claim("a.txt", "ketamine is non-addictive", KETAMINE, KGP["has-risk-of"], COND.addiction,
                polarity="Negated")
    for k in range(DENIAL_DOCUMENTS + 8):
        for wording in ("carries a risk of addiction", "can be addictive", "may lead to addiction"):
            pages.claim(f"r{k:02d}.txt", f"ketamine {wording}", KETAMINE, KGP["has-risk-of"], COND.addiction)
    found = of_type(run(pages), FindingType.POLARITY_CONFLICT)
    assert len(found) == DENIAL_DOCUMENTS * DENIAL_PER_DOCUMENT


# ====================================================================== scope conflicts

def test_scope_conflict_peripheral_nerves_vs_brain():
    """ "blocks receptors in peripheral nerves" vs "blocks NMDA receptors in the brain": one scope conflict."""
    pages = Pages()
    nerves = pages.claim("a.txt", "ketamine blocks certain receptors in peripheral nerves", KETAMINE, KGP.blocks,
                         REC.receptor, sites=[TERM["peripheral-nerves"]])
    brain = pages.claim("b.txt", "Ketamine blocks the NMDA receptors in the brain", KETAMINE, KGP.blocks,
                        REC["nmda-receptor"], sites=[TERM.brain])
    found = of_type(run(pages), FindingType.SCOPE_CONFLICT)
    assert member_sets(found) == [frozenset({str(nerves), str(brain)})]
    assert found[0].level is Severity.WARNING


def test_scope_conflict_peripheral_nerves_vs_brain_and_spine():
    """Peripheral nerves vs {brain, spinal cord}: every pair of sites is disjoint, a conflict."""
    pages = Pages()
    nerves = pages.claim("a.txt", "ketamine blocks receptors in peripheral nerves", KETAMINE, KGP.blocks,
                         REC["nmda-receptor"], sites=[TERM["peripheral-nerves"]])
    cns = pages.claim("b.txt", "ketamine blocks NMDA receptors in the brain and spine", KETAMINE, KGP.blocks,
                      REC["nmda-receptor"], sites=[TERM.brain, TERM["spinal-cord"]])
    assert member_sets(of_type(run(pages), FindingType.SCOPE_CONFLICT)) == [frozenset({str(nerves), str(cns)})]


def test_scope_conflict_an_approval_for_a_group_the_other_leaves_out(reference_facts):
    """ "Approved for TRD in adults and adolescents age 12 and up" against "approved for TRD in adults": one side
    names a group the other leaves out, which the label leaves out too (fact 4). Two pages naming adults agree."""
    pages = Pages()
    both = pages.claim("a.txt", "approved for TRD in adults and adolescents age 12 and up", DRUG.esketamine,
                       KGP["approved-for"], COND["treatment-resistant-depression"],
                       groups=[TERM.adults, TERM.adolescents])
    adults = pages.claim("b.txt", "approved in 2019 for adults with TRD", DRUG.esketamine, KGP["approved-for"],
                         COND["treatment-resistant-depression"], groups=[TERM.adults])
    pages.claim("c.txt", "approved for TRD in adults", DRUG.esketamine, KGP["approved-for"],
                COND["treatment-resistant-depression"], groups=[TERM.adults])
    analysis = run(pages)
    scope = of_type(analysis, FindingType.SCOPE_CONFLICT)
    assert all(str(both) in f.members for f in scope) and len(scope) == 2, [f.explanation for f in scope]
    assert frozenset({str(both), str(adults)}) in member_sets(scope)
    reference = of_type(analysis, FindingType.REFERENCE_CONFLICT)
    assert [f.members[0] for f in reference] == [str(both)], [f.explanation for f in reference]


def test_scope_conflict_an_approval_meets_every_page_that_names_the_groups_otherwise():
    """An approval said of a group the other pages leave out meets each of them (up to ``SCOPE_DOCUMENTS``
    pages), as a wrong figure does: more than the few pages other scope conflicts reach."""
    from kgraph.analysis.conflicts import MAX_DOCUMENTS, SCOPE_DOCUMENTS
    pages = Pages()
    both = pages.claim("a.txt", "approved for TRD in adults and adolescents", DRUG.esketamine, KGP["approved-for"],
                       COND["treatment-resistant-depression"], groups=[TERM.adults, TERM.adolescents])
    for k in range(SCOPE_DOCUMENTS + 2):
        pages.claim(f"page{k:02d}.txt", "approved for adults with TRD", DRUG.esketamine, KGP["approved-for"],
                    COND["treatment-resistant-depression"], groups=[TERM.adults])
    scope = of_type(run(pages), FindingType.SCOPE_CONFLICT)
    assert all(str(both) in f.members for f in scope)
    assert len(scope) == SCOPE_DOCUMENTS > MAX_DOCUMENTS, len(scope)


def test_scope_no_conflict_nested_sites():
    """Brain vs central nervous system (the brain is part of it): no conflict."""
    pages = Pages()
    pages.claim("a.txt", "ketamine blocks NMDA receptors in the brain", KETAMINE, KGP.blocks,
                REC["nmda-receptor"], sites=[TERM.brain])
    pages.claim("b.txt", "ketamine blocks NMDA receptors in the central nervous system", KETAMINE, KGP.blocks,
                REC["nmda-receptor"], sites=[TERM["central-nervous-system"]])
    assert of_type(run(pages), FindingType.SCOPE_CONFLICT) == []


def test_scope_no_conflict_for_non_exclusive_qualifier():
    """ "treats" declares no exclusive qualifier: different sites are not a scope conflict."""
    pages = Pages()
    pages.claim("a.txt", "ketamine treats chronic pain in peripheral nerves", KETAMINE, KGP.treats, CHRONIC_PAIN,
                sites=[TERM["peripheral-nerves"]])
    pages.claim("b.txt", "ketamine treats chronic pain in the brain", KETAMINE, KGP.treats, CHRONIC_PAIN,
                sites=[TERM.brain])
    assert of_type(run(pages), FindingType.SCOPE_CONFLICT) == []


def test_scope_conflict_generic_acts_on_site():
    """ "ketamine works on your brain" (acts on a site) vs "blocks receptors in peripheral nerves": a conflict."""
    pages = Pages()
    nerves = pages.claim("a.txt", "ketamine blocks certain receptors in peripheral nerves", KETAMINE, KGP.blocks,
                         REC.receptor, sites=[TERM["peripheral-nerves"]])
    brain = pages.claim("b.txt", "ketamine works on your brain", KETAMINE, KGP["acts-on"], TERM.brain)
    found = of_type(run(pages), FindingType.SCOPE_CONFLICT)
    assert member_sets(found) == [frozenset({str(nerves), str(brain)})]
    # the site the proposition names is not said twice
    assert "acts on brain (" in found[0].explanation and "in the peripheral nerves (" in found[0].explanation, \
        found[0].explanation


def test_scope_no_conflict_different_subjects():
    """ "NMDA receptors mediate pain signals in the brain and spinal cord" vs ketamine in peripheral nerves."""
    pages = Pages()
    pages.claim("a.txt", "ketamine blocks certain receptors in peripheral nerves", KETAMINE, KGP.blocks,
                REC.receptor, sites=[TERM["peripheral-nerves"]])
    pages.claim("b.txt", "NMDA receptors that amplify pain signals in the brain and spinal cord",
                REC["nmda-receptor"], KGP.mediates, TERM["pain-signaling"], sites=[TERM["central-nervous-system"]])
    assert of_type(run(pages), FindingType.SCOPE_CONFLICT) == []


# ====================================================================== citation mismatches

def _duman(pages: Pages, in_text_venue: URIRef, in_text_year: str = "2019") -> tuple[URIRef, URIRef]:
    entry = pages.entry("a.txt", "Duman, R. S., & Aghajanian, G. K. (2019). Neurobiology of rapid acting "
                        "antidepressants. Nature Medicine, 25(6), 1-10",
                        author="Duman", year="2019", venue=SRC["nature-medicine"], venue_text="Nature Medicine")
    citation = pages.citation("a.txt", "a 2019 study by Duman published in The Journal of Neuroscience",
                              author="Duman", year=in_text_year, venue=in_text_venue, entry=entry)
    return citation, entry


def test_citation_mismatch_venue():
    """The text names The Journal of Neuroscience, the entry Nature Medicine: (citation, entry)."""
    pages = Pages()
    citation, entry = _duman(pages, SRC["journal-of-neuroscience"])
    found = of_type(run(pages), FindingType.CITATION_MISMATCH)
    assert [f.members for f in found] == [(str(citation), str(entry))]
    assert found[0].level is Severity.ERROR
    assert "Nature Medicine" in found[0].explanation


def test_citation_mismatch_year():
    """Same venue, different year: a mismatch."""
    pages = Pages()
    citation, entry = _duman(pages, SRC["nature-medicine"], in_text_year="2017")
    assert [f.members for f in of_type(run(pages), FindingType.CITATION_MISMATCH)] == [(str(citation), str(entry))]


def test_citation_no_mismatch_same_venue_and_year():
    """Same venue and year: no finding."""
    pages = Pages()
    _duman(pages, SRC["nature-medicine"])
    assert of_type(run(pages), FindingType.CITATION_MISMATCH) == []


def test_citation_no_mismatch_without_in_text_venue():
    """A citation naming no venue never disagrees about it."""
    pages = Pages()
    entry = pages.entry("a.txt", "Zheng et al. (2019). Pain Medicine 20(1)", author="Zheng", year="2019",
                        venue=SRC["pain-medicine"], venue_text="Pain Medicine")
    pages.citation("a.txt", "(Zheng et al., 2019)", author="Zheng", year="2019", venue=None, entry=entry)
    assert of_type(run(pages), FindingType.CITATION_MISMATCH) == []


def _consensus_statement(pages: Pages, page: str, *, author: str = "Sanacora", year: str = "2017",
                         venue: URIRef = SRC["jama-psychiatry"], venue_text: str = "JAMA Psychiatry",
                         title: str = "A consensus statement on the use of ketamine in the treatment of mood "
                                      "disorders") -> URIRef:
    return pages.entry(page, f"{author}, G., et al. ({year}). {title}. {venue_text}, 74(4), 399-405.",
                       author=author, year=year, venue=venue, venue_text=venue_text, title=title)


def _described(pages: Pages, page: str, venue: URIRef, year: str = "2017") -> URIRef:
    return pages.citation(page, f"A {year} consensus statement", author=None, year=year, venue=venue, entry=None,
                          described_as="consensus statement")


def test_citation_mismatch_with_another_pages_reference_list():
    """A described work in one journal, another page's entry for it in another: (citation, that entry)."""
    pages = Pages()
    entry = _consensus_statement(pages, "blog.txt")
    citation = _described(pages, "news.txt", SRC["american-journal-of-psychiatry"])
    found = of_type(run(pages), FindingType.CITATION_MISMATCH)
    assert [f.members for f in found] == [(str(citation), str(entry))]
    assert found[0].level is Severity.ERROR
    explanation = found[0].explanation
    assert "news.txt" in explanation and "blog.txt" in explanation, explanation
    assert "American Journal of Psychiatry" in explanation and "JAMA Psychiatry" in explanation, explanation


def test_citation_by_author_without_an_entry_is_checked_against_other_pages():
    """ "(Sanacora et al., 2017)" with no entry on its page, in another journal than another page's entry."""
    pages = Pages()
    entry = _consensus_statement(pages, "blog.txt")
    citation = pages.citation("news.txt", "Sanacora et al., 2017", author="Sanacora", year="2017",
                              venue=SRC["american-journal-of-psychiatry"], entry=None)
    assert [f.members for f in of_type(run(pages), FindingType.CITATION_MISMATCH)] == [(str(citation), str(entry))]


@pytest.mark.parametrize(
    "case",
    ["same venue", "other year", "title lacks the words", "two works of the description", "one agreeing entry",
     "same page"],
)
def test_no_citation_mismatch_with_other_pages(case):
    """Another page's entry is compared only when it is surely the work cited, and only on the venue."""
    pages = Pages()
    venue = SRC["american-journal-of-psychiatry"]
    if case == "same venue":
        _consensus_statement(pages, "blog.txt")
        venue = SRC["jama-psychiatry"]
    elif case == "other year":
        _consensus_statement(pages, "blog.txt", year="2018")
    elif case == "title lacks the words":
        _consensus_statement(pages, "blog.txt", title="Ketamine for depression: a review")
    elif case == "two works of the description":
        _consensus_statement(pages, "blog.txt")
        _consensus_statement(pages, "paper.txt", author="McIntyre")
    elif case == "one agreeing entry":
        _consensus_statement(pages, "blog.txt")
        _consensus_statement(pages, "paper.txt", venue=venue, venue_text="American Journal of Psychiatry")
    _described(pages, "news.txt" if case != "same page" else "blog.txt", venue)
    if case == "same page":  # the pipeline links a page's own entry; one left unlinked is not another page's
        _consensus_statement(pages, "blog.txt")
    assert of_type(run(pages), FindingType.CITATION_MISMATCH) == []


# ====================================================================== terminology conflicts

def test_terminology_non_standard_expansion():
    """ "chronic regional pain syndrome (CRPS)" (kg:standardExpansion false): (definition, concept)."""
    pages = Pages()
    crps = COND["complex-regional-pain-syndrome"]
    definition = pages.abbreviation("a.txt", "CRPS", "chronic regional pain syndrome", crps, standard=False)
    found = of_type(run(pages), FindingType.TERMINOLOGY_CONFLICT)
    assert [f.members for f in found] == [(str(definition), str(crps))]
    assert found[0].level is Severity.WARNING
    assert "complex regional pain syndrome" in found[0].explanation


def test_terminology_non_standard_expansion_beside_the_established_one_on_other_pages():
    """An outdated expansion is paired with the established one where other pages give it, one finding per page."""
    pages = Pages()
    crps = COND["complex-regional-pain-syndrome"]
    outdated = pages.abbreviation("a.txt", "RSD", "reflex sympathetic dystrophy", crps, standard=False)
    b = pages.abbreviation("b.txt", "CRPS", "complex regional pain syndrome", crps, standard=True)
    c = pages.abbreviation("c.txt", "CRPS", "complex regional pain syndrome", crps, standard=True)
    found = of_type(run(pages), FindingType.TERMINOLOGY_CONFLICT)
    assert sorted(f.members for f in found) == sorted([(str(outdated), str(b)), (str(outdated), str(c))])
    for f in found:
        partner = "b.txt" if str(b) in f.members else "c.txt"
        assert "reflex sympathetic dystrophy" in f.explanation and partner in f.explanation, f.explanation


def test_terminology_an_outdated_name_given_as_such_is_no_conflict():
    """ "The condition was formerly known as reflex sympathetic dystrophy (RSD)" names the old name as old
    (kg:formerName): no conflict with the established one, while a page using it as its own name still has one."""
    pages = Pages()
    crps = COND["complex-regional-pain-syndrome"]
    former = pages.abbreviation("a.txt", "RSD", "reflex sympathetic dystrophy", crps, standard=False, former_name=True)
    own = pages.abbreviation("b.txt", "RSD", "reflex sympathetic dystrophy", crps, standard=False)
    established = pages.abbreviation("c.txt", "CRPS", "complex regional pain syndrome", crps, standard=True)
    found = of_type(run(pages), FindingType.TERMINOLOGY_CONFLICT)
    assert member_sets(found) == [frozenset({str(own), str(established)})], [f.explanation for f in found]
    assert not any(str(former) in f.members for f in found)


def test_terminology_partners_are_the_pages_nearest_in_topic():
    """With more pages giving the established expansion than are shown, those whose claims name the most of the
    same concepts come first: a CRPS page's outdated expansion meets the other CRPS pages, not a depression page."""
    from kgraph.analysis.terminology import TERMINOLOGY_PARTNERS
    pages = Pages()
    crps = COND["complex-regional-pain-syndrome"]
    outdated = pages.abbreviation("a.txt", "RSD", "reflex sympathetic dystrophy", crps, standard=False)
    pages.claim("a.txt", "ketamine infusions for CRPS", KETAMINE, KGP.treats, crps)
    near = []
    for k in range(TERMINOLOGY_PARTNERS + 2):
        page = f"page{k:02d}.txt"
        standard = pages.abbreviation(page, "CRPS", "complex regional pain syndrome", crps, standard=True)
        if k % 2:  # every other page is about CRPS too
            pages.claim(page, "ketamine relieves CRPS", KETAMINE, KGP.treats, crps)
            near.append(str(standard))
    found = of_type(run(pages), FindingType.TERMINOLOGY_CONFLICT)
    partners = {m for f in found for m in f.members if m != str(outdated)}
    assert len(found) == TERMINOLOGY_PARTNERS
    assert set(near) <= partners, (near, partners)


def test_terminology_an_outdated_expansion_meets_the_first_established_definition_of_each_page():
    """A page that defines CRPS twice is shown by its first definition in text order (at character 98, before the
    one at 133, although "133-..." sorts before "98-..." as text)."""
    pages = Pages()
    crps = COND["complex-regional-pain-syndrome"]
    outdated = pages.abbreviation("a.txt", "RSD", "reflex sympathetic dystrophy", crps, standard=False)
    pages.claim("b.txt", "x" * 96, KETAMINE, KGP.treats, crps)
    first = pages.abbreviation("b.txt", "CRPS", "complex regional pain syndrome", crps, standard=True)
    pages.abbreviation("b.txt", "CRPS", "Complex regional pain syndrome", crps, standard=True)
    assert str(first).endswith("/98-135"), first
    found = of_type(run(pages), FindingType.TERMINOLOGY_CONFLICT)
    assert member_sets(found) == [frozenset({str(outdated), str(first)})], [f.explanation for f in found]


def test_terminology_a_page_is_shown_by_its_definition_in_running_text_before_a_heading():
    """A page whose title defines "Complex Regional Pain Syndrome (CRPS)" and whose text defines it again is shown
    by the sentence, the definition a reader checks, not by the heading above it."""
    pages = Pages()
    crps = COND["complex-regional-pain-syndrome"]
    outdated = pages.abbreviation("a.txt", "CRPS", "chronic regional pain syndrome", crps, standard=False)
    pages.abbreviation("b.txt", "CRPS", "Complex Regional Pain Syndrome", crps, standard=True)
    sentence = pages.abbreviation("b.txt", "CRPS", "Complex regional pain syndrome", crps, standard=True)
    found = of_type(run(pages), FindingType.TERMINOLOGY_CONFLICT)
    assert {str(outdated), str(sentence)} in member_sets(found), [f.explanation for f in found]


@pytest.mark.parametrize(("first", "second", "conflict"), [
    ("Risk Evaluation and Monitoring System", "Risk Evaluation and Mitigation Strategy", True),
    ("Risk Evaluation and Mitigation Strategies", "Risk Evaluation and Mitigation Strategy", False),  # a plural
    ("Department of Veterans Affairs", "Veterans Affairs", False),  # the name once in full
])
def test_terminology_two_expansions_of_a_name_no_vocabulary_knows(first, second, conflict):
    """An abbreviation of no known concept ("REMS") expanded two ways on two pages is one terminology conflict;
    a plural or a fuller form of the same name is not."""
    pages = Pages()
    pages.abbreviation("a.txt", "ABC", first, None, standard=True)
    pages.abbreviation("b.txt", "ABC", second, None, standard=True)
    assert bool(of_type(run(pages), FindingType.TERMINOLOGY_CONFLICT)) is conflict


def test_terminology_a_rare_expansion_meets_each_page_of_the_common_one():
    """ "REMS (Risk Evaluation and Monitoring System)" on one page, "… Mitigation Strategy" on three: the odd page
    meets each of the three, and the three agreeing pages never meet each other."""
    pages = Pages()
    odd = pages.abbreviation("a.txt", "REMS", "Risk Evaluation and Monitoring System", None, standard=True)
    common = [pages.abbreviation(page, "REMS", "Risk Evaluation and Mitigation Strategy", None, standard=True)
              for page in ("b.txt", "c.txt", "d.txt")]
    found = of_type(run(pages), FindingType.TERMINOLOGY_CONFLICT)
    assert len(found) == 3 and set(member_sets(found)) == {frozenset({str(odd), str(c)}) for c in common}
    assert all("Monitoring System" in f.explanation and "Mitigation Strategy" in f.explanation for f in found)


def test_terminology_an_outdated_expansion_is_one_finding_per_page_pair():
    """An outdated expansion beside the established one is reported once per pair of pages, as outdated, not a
    second time as two expansions of one abbreviation."""
    pages = Pages()
    crps = COND["complex-regional-pain-syndrome"]
    established = pages.abbreviation("a.txt", "CRPS", "complex regional pain syndrome", crps, standard=True)
    outdated = pages.abbreviation("b.txt", "CRPS", "chronic regional pain syndrome", crps, standard=False)
    found = of_type(run(pages), FindingType.TERMINOLOGY_CONFLICT)
    assert [f.members for f in found] == [(str(outdated), str(established))], [f.explanation for f in found]
    assert "uses the established name" in found[0].explanation


def test_terminology_nmda_words_in_another_order_are_no_conflict():
    """NMDA expanded with the same words in another order on two pages: none (RELATIONS.md, 14)."""
    pages = Pages()
    nmda = REC["nmda-receptor"]
    pages.abbreviation("a.txt", "NMDA", "N-methyl-D-aspartate", nmda, standard=True)
    pages.abbreviation("b.txt", "NMDA", "D-aspartate N-methyl", nmda, standard=True)
    assert of_type(run(pages), FindingType.TERMINOLOGY_CONFLICT) == []


def test_terminology_nmda_words_in_another_order_unknown_standard_is_no_conflict():
    """Same, when the build did not say whether the expansions are standard (only the words decide)."""
    pages = Pages()
    nmda = REC["nmda-receptor"]
    pages.abbreviation("a.txt", "NMDA", "N-methyl-D-aspartate", nmda, standard=None)
    pages.abbreviation("b.txt", "NMDA", "D-aspartate N-methyl", nmda, standard=None)
    pages.abbreviation("c.txt", "NMDA", "n-Methyl-d-Aspartate", nmda, standard=None)
    assert of_type(run(pages), FindingType.TERMINOLOGY_CONFLICT) == []


def test_terminology_nmda_different_words_conflict():
    """Control: two expansions with different words for one abbreviation do conflict."""
    pages = Pages()
    nmda = REC["nmda-receptor"]
    a = pages.abbreviation("a.txt", "NMDA", "N-methyl-D-aspartate", nmda, standard=None)
    b = pages.abbreviation("b.txt", "NMDA", "N-methyl-D-glutamate", nmda, standard=None)
    assert frozenset({str(a), str(b)}) in member_sets(of_type(run(pages), FindingType.TERMINOLOGY_CONFLICT))


def test_terminology_one_abbreviation_two_concepts():
    """ "ED" for two different concepts on two pages: a finding of the two definitions."""
    pages = Pages()
    a = pages.abbreviation("a.txt", "ED", "emergency department", TERM["emergency-department"], standard=True)
    b = pages.abbreviation("b.txt", "ED", "erectile dysfunction", ID["concept/condition/erectile-dysfunction"],
                           standard=None)
    assert frozenset({str(a), str(b)}) in member_sets(of_type(run(pages), FindingType.TERMINOLOGY_CONFLICT))


# ====================================================================== reference conflicts

@pytest.fixture()
def reference_facts() -> Graph:
    """ontology/reference/facts.ttl (skips until someone writes it)."""
    if not FACTS_FILE.is_file():
        pytest.skip(f"{FACTS_FILE} does not exist yet")
    return Graph().parse(FACTS_FILE)


def _fact_members(finding: Finding, facts: Graph) -> list[str]:
    return [m for m in finding.members if (URIRef(m), RDF.type, KG.ReferenceFact) in facts]


def test_reference_conflict_non_addictive(reference_facts):
    """ "ketamine has risk of addiction, Negated" contradicts the Ketalar label fact (fact 2)."""
    pages = Pages()
    claim = pages.claim("a.txt", "Non-Addictive: Ketamine", KETAMINE, KGP["has-risk-of"], COND.addiction,
                        polarity="Negated")
    found = of_type(run(pages), FindingType.REFERENCE_CONFLICT)
    assert found, "no ReferenceConflict for a non-addictive claim"
    for finding in found:
        assert len(finding.members) == 2
        assert finding.members[0] == str(claim)
        assert len(_fact_members(finding, reference_facts)) == 1
        assert finding.level is Severity.ERROR
    facts = {m for f in found for m in _fact_members(f, reference_facts)}
    assert str(REF["fact-2-ketamine-addiction"]) in facts


def test_reference_conflict_safe(reference_facts):
    """ "Safe" (free of risk of harm) contradicts ketamine's risk of addiction (a kind of harm)."""
    pages = Pages()
    claim = pages.claim("a.txt", "Safe, Non-Addictive: Ketamine", KETAMINE, KGP["is-free-of-risk-of"], TERM.harm)
    found = involving(of_type(run(pages), FindingType.REFERENCE_CONFLICT), claim)
    assert any(_fact_members(f, reference_facts) for f in found)


def test_reference_no_conflict_for_agreeing_claim(reference_facts):
    """ "ketamine can be addictive" agrees with the label: no reference conflict."""
    pages = Pages()
    pages.claim("a.txt", "ketamine can be addictive", KETAMINE, KGP["has-risk-of"], COND.addiction)
    assert of_type(run(pages), FindingType.REFERENCE_CONFLICT) == []


def test_reference_conflict_disjoint_schedule(reference_facts):
    """ "a Schedule II drug" puts ketamine in a schedule disjoint from fact 1's Schedule III; "Schedule III" agrees."""
    pages = Pages()
    wrong = pages.claim("a.txt", "Ketamine is a Schedule II drug", KETAMINE, KGP["is-a"],
                        TERM["schedule-ii-controlled-substance"])
    pages.claim("b.txt", "Ketamine is a Schedule III controlled substance", KETAMINE, KGP["is-a"],
                TERM["schedule-iii-controlled-substance"])
    found = of_type(run(pages), FindingType.REFERENCE_CONFLICT)
    assert [f.members[0] for f in found] == [str(wrong)]
    assert _fact_members(found[0], reference_facts) == [str(REF["fact-1-ketamine-schedule-iii"])]


def test_reference_conflict_numeric_prevalence(reference_facts):
    """ "Over 11%" of US adults (28.4M-35.5M) fits none of the CDC chronic-pain prevalence figures."""
    pages = Pages()
    low = over_eleven_percent(pages, "a.txt")
    ok = prevalence(pages, "b.txt", "50-100 million adults in the U. S. have chronic pain", 50e6, 100e6,
                    population=POP.USAdults)
    found = of_type(run(pages), FindingType.REFERENCE_CONFLICT)
    assert involving(found, low), "no ReferenceConflict for 11 % of US adults"
    assert not involving(found, ok), "50-100 million overlaps the CDC figures"


@pytest.mark.parametrize(("low", "high", "unit", "low_inclusive", "conflict"), [
    (12, 15, UNIT.WK, False, False),   # "over 12 weeks" overlaps "more than three months"
    (3, None, UNIT.MO, True, False),   # "three months or more"
    (2, 2, UNIT.WK, True, True),       # "two weeks" is too short for chronic pain
    (6, 7.5, UNIT.MO, False, True),    # "longer than six months", the older threshold
    (12, 15, UNIT.WK, True, False),    # "12 weeks or longer"
], ids=["over-12-weeks", "three-months-or-more", "two-weeks", "longer-than-six-months", "12-weeks-or-longer"])
def test_reference_chronic_pain_duration(reference_facts, low, high, unit, low_inclusive, conflict):
    """Durations of chronic pain against fact 7 (more than three months), units converted."""
    pages = Pages()
    claim = duration(pages, "a.txt", "chronic pain lasts a while", low, high, unit, low_inclusive=low_inclusive)
    found = involving(of_type(run(pages), FindingType.REFERENCE_CONFLICT), claim)
    assert bool(found) is conflict, found


def test_terminology_cites_reference_fact_source(reference_facts):
    """The CRPS finding names the authority of fact 6 (IASP)."""
    pages = Pages()
    pages.abbreviation("a.txt", "CRPS", "chronic regional pain syndrome", COND["complex-regional-pain-syndrome"],
                       standard=False)
    found = of_type(run(pages), FindingType.TERMINOLOGY_CONFLICT)
    assert len(found) == 1 and "IASP" in found[0].explanation


def test_findings_written_with_reference_fact_nodes(reference_facts):
    """add_findings copies the reference fact a finding involves into the graph."""
    pages = Pages()
    pages.claim("a.txt", "Non-Addictive: Ketamine", KETAMINE, KGP["has-risk-of"], COND.addiction, polarity="Negated")
    graph = pages.graph()
    analysis = analyze(project(graph, ontology()))
    add_findings(graph, analysis, ontology())
    fact = REF["fact-2-ketamine-addiction"]
    assert (fact, RDF.type, KG.ReferenceFact) in graph
    assert (None, KG.involves, fact) in graph


# ====================================================================== copies

COPIED = (
    ("Ketamine is an effective treatment for chronic pain when other medications fail", KGP.treats, CHRONIC_PAIN),
    ("Ketamine infusions reduce the need for opioid medications in many of our patients", KGP.reduces,
     TERM["opioid-use"]),
    ("Ketamine has been used for decades as an anesthetic in emergency departments", KGP["used-for"],
     TERM.anesthesia),
)


def test_copies_counted_once_as_independent_sources():
    """Two pages sharing three wordings copy each other; a paraphrase counts them as one source."""
    pages = Pages()
    for page in ("a.txt", "b.txt"):
        for quote, predicate, obj in COPIED:
            pages.claim(page, quote, KETAMINE, predicate, obj)
    own = pages.claim("c.txt", "our clinic helps people living with chronic pain", KETAMINE, KGP.treats,
                      CHRONIC_PAIN)
    result = run(pages)
    assert result.shared_claims == [tuple(sorted((pages.doc("a.txt"), pages.doc("b.txt")))) + (3,)]
    paraphrases = of_type(result, FindingType.PARAPHRASE)
    treats = involving(paraphrases, own)
    assert len(treats) == 1
    assert treats[0].extra == {"documentCount": 3, "independentSources": 2}
    copied_only = [f for f in paraphrases if str(own) not in f.members]
    assert len(copied_only) == 2
    assert all(f.extra == {"documentCount": 2, "independentSources": 1} for f in copied_only)


def test_copies_written_both_ways():
    """add_findings links copying documents with kg:sharesClaimsWith in both directions."""
    pages = Pages()
    for page in ("a.txt", "b.txt"):
        for quote, predicate, obj in COPIED:
            pages.claim(page, quote, KETAMINE, predicate, obj)
    graph = pages.graph()
    add_findings(graph, analyze(project(graph, ontology())), ontology())
    a, b = ID["doc/a.txt"], ID["doc/b.txt"]
    assert (a, KG.sharesClaimsWith, b) in graph and (b, KG.sharesClaimsWith, a) in graph


def test_no_copies_below_three_shared_wordings():
    """Two shared wordings are not enough."""
    pages = Pages()
    for page in ("a.txt", "b.txt"):
        for quote, predicate, obj in COPIED[:2]:
            pages.claim(page, quote, KETAMINE, predicate, obj)
    result = run(pages)
    assert result.shared_claims == []
    assert all(f.extra["independentSources"] == 2 for f in of_type(result, FindingType.PARAPHRASE))


# ====================================================================== stable IRIs and determinism

def kitchen_sink() -> Pages:
    """Pages with at least one finding of every type (the reference one needs facts.ttl)."""
    pages = Pages()
    for page in ("a.txt", "b.txt"):
        for quote, predicate, obj in COPIED:
            pages.claim(page, quote, KETAMINE, predicate, obj)
    pages.claim("c.txt", "ketamine is thought to improve chronic pain", KETAMINE, KGP.treats, CHRONIC_PAIN,
                certainty="Hedged")
    fifty_to_a_hundred_million(pages, "a.txt")
    over_eleven_percent(pages, "b.txt")
    nearly_52_million(pages, "c.txt")
    duration(pages, "b.txt", "daily pain for over 12 weeks is chronic pain", 12, 15, UNIT.WK, low_inclusive=False)
    duration(pages, "c.txt", "pain that lasts for three months or more", 3, None, UNIT.MO)
    pages.claim("c.txt", "Safe, Non-Addictive: Ketamine", KETAMINE, KGP["is-free-of-risk-of"], TERM.harm)
    pages.claim("c.txt", "Non-Addictive", KETAMINE, KGP["has-risk-of"], COND.addiction, polarity="Negated")
    pages.claim("b.txt", "ketamine has a risk of dependence", KETAMINE, KGP["has-risk-of"],
                COND["substance-dependence"])
    pages.claim("a.txt", "ketamine increases the amount of glutamate", KETAMINE, KGP.increases, TERM.glutamate)
    pages.claim("c.txt", "ketamine reduces glutamate", KETAMINE, KGP.reduces, TERM.glutamate)
    pages.claim("b.txt", "ketamine blocks certain receptors in peripheral nerves", KETAMINE, KGP.blocks,
                REC.receptor, sites=[TERM["peripheral-nerves"]])
    pages.claim("c.txt", "Ketamine blocks the NMDA receptors in the brain", KETAMINE, KGP.blocks,
                REC["nmda-receptor"], sites=[TERM.brain])
    pages.claim("a.txt", "ketamine blocks NMDA receptors in the brain and spine", KETAMINE, KGP.blocks,
                REC["nmda-receptor"], sites=[TERM.brain, TERM["spinal-cord"]])
    _duman(pages, SRC["journal-of-neuroscience"])
    pages.abbreviation("a.txt", "CRPS", "chronic regional pain syndrome", COND["complex-regional-pain-syndrome"],
                       standard=False)
    pages.abbreviation("a.txt", "NMDA", "N-methyl-D-aspartate", REC["nmda-receptor"], standard=True)
    pages.abbreviation("c.txt", "NMDA", "D-aspartate N-methyl", REC["nmda-receptor"], standard=True)
    return pages


def findings_turtle(graph: Graph) -> tuple[list[str], bytes]:
    """(finding IRIs, Turtle bytes of the graph with findings) for one fresh analysis of ``graph``."""
    data = Graph()
    for triple in graph:
        data.add(triple)
    analysis = analyze(project(data, ontology()))
    iris = [str(i) for i in add_findings(data, analysis, ontology())]
    return iris, serialize_graph(data, "ttl")


def kitchen_sink_digest() -> str:
    """A digest of the kitchen sink's finding IRIs and Turtle (for the hash-seed test's subprocess)."""
    iris, turtle = findings_turtle(kitchen_sink().graph())
    return hashlib.sha256("\n".join(iris).encode() + b"\0" + turtle).hexdigest()


@pytest.fixture(scope="module")
def sink_analysis() -> Analysis:
    """The analysis of :func:`kitchen_sink`."""
    return run(kitchen_sink())


def test_kitchen_sink_has_every_finding_type(sink_analysis):
    """The determinism tests below cover every finding type."""
    types = {f.type for f in sink_analysis.findings}
    expected = set(FindingType) - (set() if FACTS_FILE.is_file() else {FindingType.REFERENCE_CONFLICT})
    assert expected <= types, expected - types


def test_two_runs_give_identical_finding_iris_and_turtle():
    """Analysing the same graph twice: same finding IRIs, same Turtle bytes after add_findings."""
    graph = kitchen_sink().graph()
    first, second = findings_turtle(graph), findings_turtle(graph)
    assert first[0] == second[0]
    assert first[1] == second[1]


def test_lean_projection_holds_the_claims_as_records_not_nodes():
    graph = kitchen_sink().graph()
    full, lean = project(graph, ontology()), project(graph, ontology(), lean=True)
    assert claim_nodes(lean) == claim_nodes(full) and claim_nodes(lean, facts=True) == claim_nodes(full, facts=True)
    assert len(claim_nodes(full)) > 10 and [c.iri for c in lean.graph["claims"]] == [c.iri for c in claim_nodes(full)]
    assert not any(kind == "claim" for _, kind in lean.nodes(data="kind"))
    assert {n for n, k in lean.nodes(data="kind") if k != "claim"} == {n for n, k in full.nodes(data="kind") if k != "claim"}
    assert analyze(lean).findings == analyze(full).findings


def test_lean_projection_keeps_one_string_per_wording():
    """Pages that copy a sentence share its quote: a corpus of copies holds each wording once."""
    claims = claim_nodes(project(kitchen_sink().graph(), ontology(), lean=True))
    by_quote: dict[str, list] = {}
    for claim in claims:
        by_quote.setdefault(claim.quote, []).append(claim)
    copied = [group for group in by_quote.values() if len({c.document for c in group}) > 1]
    assert copied
    assert all(claim.quote is group[0].quote for group in copied for claim in group)


def test_findings_by_type_are_the_findings_one_type_at_a_time():
    g = project(kitchen_sink().graph(), ontology(), lean=True)
    shared, batches = analyze_by_type(g)
    batches = [list(batch) for batch in batches]
    analysis = analyze(g)
    assert shared == analysis.shared_claims
    assert all(len({f.type for f in batch}) == 1 for batch in batches if batch)
    assert len({batch[0].type for batch in batches if batch}) == sum(1 for batch in batches if batch) >= 4
    assert sorted((f for batch in batches for f in batch), key=Finding.sort_key) == analysis.findings


def test_triple_order_does_not_change_findings():
    """The same graph built in another triple order gives the same findings, IRIs and Turtle."""
    graph = kitchen_sink().graph()
    reordered = Graph()
    for triple in sorted(graph, reverse=True):
        reordered.add(triple)
    assert analyze(project(graph, ontology())).findings == analyze(project(reordered, ontology())).findings
    assert findings_turtle(graph) == findings_turtle(reordered)


def test_finding_iris_do_not_depend_on_hash_seed():
    """Finding IRIs and Turtle are the same under different PYTHONHASHSEED values (set order)."""
    script = ("import sys; sys.path.insert(0, sys.argv[1]); import test_analysis as t; "
              "print(t.kitchen_sink_digest())")
    digests = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", script, str(Path(__file__).parent)], env=env,
                             capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent)
        digests.add(out.stdout.strip().splitlines()[-1])
    assert len(digests) == 1


def test_finding_iris_are_unique_and_stable(sink_analysis):
    """finding_iri is a pure function of type and members, distinct for distinct findings."""
    iris = [finding_iri(f) for f in sink_analysis.findings]
    assert len(set(iris)) == len(iris)
    for f in sink_analysis.findings:
        again = Finding(f.type, tuple(f.members), "another explanation")
        assert finding_iri(again) == finding_iri(f)
        assert str(finding_iri(f)).startswith(str(ID[f"finding/{f.type.value}/"]))


def test_every_conflict_has_exactly_two_members(sink_analysis):
    """Every finding but a paraphrase has two members; claim pairs come from two different pages."""
    claims = {c.iri: c for c in claim_nodes(project(kitchen_sink().graph(), ontology()))}
    for f in sink_analysis.findings:
        if f.type in TWO_MEMBER_TYPES:
            assert len(f.members) == 2 and f.members[0] != f.members[1], f
        if f.type in PAIRWISE_CLAIM_TYPES:
            a, b = (claims[m] for m in f.members)
            assert a.document != b.document, f
        if f.type is FindingType.PARAPHRASE:
            assert len({claims[m].document for m in f.members}) >= 2, f


def test_findings_sorted_errors_first(sink_analysis):
    """Findings are sorted by severity (errors first), then type and members; no duplicates."""
    findings = sink_analysis.findings
    ranks = [f.level.rank for f in findings]
    assert ranks == sorted(ranks, reverse=True)
    assert findings == sorted(findings, key=Finding.sort_key)
    keys = [(f.type, f.members) for f in findings]
    assert len(set(keys)) == len(keys)
    assert findings[0].level is Severity.ERROR
    assert findings[-1].level is Severity.INFO


def test_every_finding_written_to_graph(sink_analysis):
    """add_findings writes type, severity, explanation and members for each finding."""
    graph = kitchen_sink().graph()
    iris = add_findings(graph, sink_analysis, ontology())
    assert len(iris) == len(sink_analysis.findings)
    for iri, f in zip(iris, sink_analysis.findings, strict=True):
        assert (iri, RDF.type, KG.Finding) in graph
        assert graph.value(iri, KG.findingType) == KG[f.type.value]
        assert graph.value(iri, KG.severity) == KG[f.level.value]
        assert str(graph.value(iri, KG.explanation)) == f.explanation
        assert {str(m) for m in graph.objects(iri, KG.involves)} == set(f.members)


# ====================================================================== a provider's practice

def _course(pages: Pages, page: str, quote: str, sessions: float, *, over_weeks: float | None = None) -> URIRef:
    period = pages.quantity(over_weeks, over_weeks, UNIT.WK) if over_weeks is not None else None
    q = pages.quantity(sessions, sessions, UNIT.NUM, period=period)
    return pages.claim(page, quote, KETAMINE, KGP["has-course"], q, measure="sessions per course")


def test_a_course_is_its_number_of_sessions_whatever_span_it_is_spread_over():
    """ "Six infusions over two to three weeks" and "a series of six infusions" state one course."""
    pages = Pages()
    a = _course(pages, "a.txt", "a series of six infusions over two weeks", 6, over_weeks=2)
    b = _course(pages, "b.txt", "most protocols begin with six infusions", 6)
    assert member_sets(of_type(run(pages), FindingType.PARAPHRASE)) == [frozenset({str(a), str(b)})]


def test_two_clinics_different_schedules_are_no_numeric_conflict():
    """A 40-minute infusion at one clinic and a four-hour one at another are two practices
    (kg:providerPractice), not a numeric conflict; they form no cluster either."""
    pages = Pages()
    for page, quote, minutes in (("a.txt", "during a 40-minute infusion", 40), ("b.txt", "four-hour infusions", 240)):
        pages.claim(page, quote, KETAMINE, KGP["has-session-length"], pages.quantity(minutes, minutes, UNIT.MIN),
                    measure="session length")
    analysis = run(pages)
    assert of_type(analysis, FindingType.NUMERIC_CONFLICT) == []
    assert of_type(analysis, FindingType.PARAPHRASE) == []


def test_causing_and_relieving_withdrawal_are_no_polarity_conflict():
    """ "Opioids cause withdrawal" (when stopped) and "an opioid agonist eases withdrawal" both hold
    (kg:followsCessation, said of narrower kinds too); "opioids cause nausea" against "opioids relieve nausea" is
    still a contradiction."""
    pages = Pages()
    opioid = DRUG.opioid
    pages.claim("a.txt", "unlike opioids it does not cause withdrawal", opioid, KGP.causes, COND.withdrawal)
    pages.claim("b.txt", "an opioid agonist easing withdrawal", opioid, KGP.relieves, COND.withdrawal)
    pages.claim("c.txt", "opioids relieve opioid withdrawal", opioid, KGP.relieves, COND["opioid-withdrawal"])
    a = pages.claim("d.txt", "opioids cause nausea", opioid, KGP.causes, COND.nausea)
    b = pages.claim("e.txt", "opioids relieve nausea", opioid, KGP.relieves, COND.nausea)
    conflicts = member_sets(of_type(run(pages), FindingType.POLARITY_CONFLICT))
    assert conflicts == [frozenset({str(a), str(b)})], conflicts


def test_a_relative_judgment_denied_on_another_page_is_no_polarity_conflict():
    """ "relief lasting several weeks" against "the benefit fades within weeks": long-lasting is each page's own
    scale (kg:relativeJudgment), so no contradiction, but the two denials are still one proposition; a denial of an
    absolute object still conflicts."""
    pages = Pages()
    lasts, long_lasting = KGP.lasts, TERM["long-lasting"]
    pages.claim("a.txt", "may provide relief lasting several weeks", KETAMINE, lasts, long_lasting)
    b = pages.claim("b.txt", "the benefit fades within weeks", KETAMINE, lasts, long_lasting, polarity="Negated")
    c = pages.claim("c.txt", "their effects often wear off within days to weeks", KETAMINE, lasts, long_lasting,
                    polarity="Negated")
    d = pages.claim("d.txt", "ketamine is addictive", KETAMINE, KGP["has-risk-of"], COND.addiction)
    e = pages.claim("e.txt", "ketamine is not addictive", KETAMINE, KGP["has-risk-of"], COND.addiction,
                    polarity="Negated")
    analysis = run(pages)
    assert member_sets(of_type(analysis, FindingType.POLARITY_CONFLICT)) == [frozenset({str(d), str(e)})]
    assert frozenset({str(b), str(c)}) in member_sets(of_type(analysis, FindingType.PARAPHRASE))


def test_how_long_side_effects_last_conflicts_only_when_the_times_cannot_meet():
    """ "Usually gone within 15 to 20 minutes" against "feel groggy for about 24 hours after each infusion" is a
    numeric conflict; against "fade within an hour or two" it is none ("within" bounds from above)."""
    pages = Pages()
    lasting = KGP["has-side-effect-duration"]
    minutes = pages.claim("a.txt", "Side effects are usually gone within 15 to 20 minutes", KETAMINE, lasting,
                          pages.quantity(0, 20, UNIT.MIN), measure="side-effect duration")
    day = pages.claim("b.txt", "feel groggy for about 24 hours", KETAMINE, lasting,
                      pages.quantity(21.6, 26.4, UNIT.HR), measure="side-effect duration")
    hours = pages.claim("c.txt", "These effects usually fade within an hour or two", KETAMINE, lasting,
                        pages.quantity(0, 2, UNIT.HR), measure="side-effect duration")
    found = of_type(run(pages), FindingType.NUMERIC_CONFLICT)
    assert involving(found, minutes, day)
    assert not involving(found, minutes, hours)


def test_doses_ascribed_to_the_studies_compare_across_pages():
    """ "0.5 mg/kg, the same protocol used in the Yale and NIMH studies" against "1.0 mg/kg, the dose used in the
    original landmark studies": what the studies gave is one fact (kg:studySetting), so the two doses conflict. A
    clinic's own dose meets neither, and two clinics' doses meet each other not at all."""
    pages = Pages()
    dose = KGP["is-dosed-at"]
    mg_per_kg = UNIT["MilliGM-PER-KiloGM"]
    a = pages.claim("a.txt", "0.5 mg/kg of ketamine over 40 minutes", KETAMINE, dose,
                    pages.quantity(0.5, 0.5, mg_per_kg), measure="dose", groups=[TERM["study-setting"]])
    b = pages.claim("b.txt", "1.0 mg/kg of ketamine", KETAMINE, dose, pages.quantity(1.0, 1.0, mg_per_kg),
                    measure="dose", groups=[TERM["study-setting"]])
    pages.claim("c.txt", "our clinic gives 0.75 mg/kg", KETAMINE, dose, pages.quantity(0.75, 0.75, mg_per_kg),
                measure="dose")
    pages.claim("d.txt", "we start at 2 mg/kg", KETAMINE, dose, pages.quantity(2.0, 2.0, mg_per_kg), measure="dose")
    conflicts = of_type(run(pages), FindingType.NUMERIC_CONFLICT)
    assert member_sets(conflicts) == [frozenset({str(a), str(b)})], conflicts
    assert "as used in the studies" in conflicts[0].explanation


def test_a_denial_of_a_broader_object_joins_the_narrower_denials():
    """ "Never approved for any psychiatric condition" also denies "approved for depression": it joins that
    denial's cluster; affirmed claims never climb or descend that way."""
    pages = Pages()
    broad = pages.claim("a.txt", "has never been approved for any psychiatric condition", KETAMINE,
                        KGP["approved-for"], COND["mental-disorder"], polarity="Negated")
    narrow = pages.claim("b.txt", "IV ketamine is not FDA-approved for depression", KETAMINE, KGP["approved-for"],
                         COND.depression, polarity="Negated")
    pages.claim("c.txt", "ketamine treats mental disorders", KETAMINE, KGP.treats, COND["mental-disorder"])
    pages.claim("d.txt", "ketamine treats depression", KETAMINE, KGP.treats, COND.depression)
    clusters = member_sets(of_type(run(pages), FindingType.PARAPHRASE))
    assert clusters == [frozenset({str(broad), str(narrow)})], clusters


def test_a_treatment_of_a_specified_depression_joins_the_depression_cluster():
    """ "Half of patients with treatment-resistant depression respond" says ketamine treats depression: it joins
    that cluster when two other pages state it, and stays in its own TRD cluster. A kind of pain that is a
    condition of its own (neuropathic pain) does not join chronic pain, and no depression cluster is made from
    TRD claims alone."""
    pages = Pages()
    trd = pages.claim("a.txt", "half of patients with treatment-resistant depression respond", KETAMINE,
                      KGP.treats, COND["treatment-resistant-depression"])
    trd2 = pages.claim("b.txt", "ketamine helps treatment-resistant depression", KETAMINE, KGP.treats,
                       COND["treatment-resistant-depression"])
    dep = pages.claim("c.txt", "ketamine can lift depression in hours", KETAMINE, KGP.treats, COND.depression)
    dep2 = pages.claim("d.txt", "infusions for depression", KETAMINE, KGP.treats, COND.depression)
    pages.claim("e.txt", "ketamine relieves neuropathic pain", KETAMINE, KGP.treats, COND["neuropathic-pain"])
    pages.claim("f.txt", "ketamine treats chronic pain", KETAMINE, KGP.treats, COND["chronic-pain"])
    pages.claim("g.txt", "ketamine does not treat depression", KETAMINE, KGP.treats, COND.depression,
                polarity="Negated")
    clusters = member_sets(of_type(run(pages), FindingType.PARAPHRASE))
    assert sorted(clusters, key=len) == [frozenset({str(trd), str(trd2)}),
                                         frozenset({str(dep), str(dep2), str(trd), str(trd2)})], clusters


def test_a_treatment_of_depression_in_patients_other_treatments_failed_joins_the_trd_cluster():
    """ "Effective for depression, including in people who had failed several medications" states the treatment
    of treatment-resistant depression (kg:specifiedByGroup): it joins the TRD cluster. Without that group, or
    in another group (adults), or denied, it does not."""
    pages = Pages()
    trd = pages.claim("a.txt", "half of patients with treatment-resistant depression respond", KETAMINE,
                      KGP.treats, COND["treatment-resistant-depression"])
    trd2 = pages.claim("b.txt", "ketamine helps treatment-resistant depression", KETAMINE, KGP.treats,
                       COND["treatment-resistant-depression"])
    failed = pages.claim("c.txt", "effective for depression, including in people who had failed several medications",
                         KETAMINE, KGP.treats, COND.depression, groups=[TERM["treatment-resistant-patients"]])
    pages.claim("d.txt", "ketamine treats depression in adults", KETAMINE, KGP.treats, COND.depression,
                groups=[TERM.adults])
    pages.claim("e.txt", "ketamine does not help depression in patients other treatments failed", KETAMINE,
                KGP.treats, COND.depression, polarity="Negated", groups=[TERM["treatment-resistant-patients"]])
    pages.claim("f.txt", "ketamine is a treatment for anxiety in patients other treatments failed", KETAMINE,
                KGP.treats, COND.anxiety, groups=[TERM["treatment-resistant-patients"]])
    clusters = member_sets(of_type(run(pages), FindingType.PARAPHRASE))
    assert frozenset({str(trd), str(trd2), str(failed)}) in clusters, clusters
    assert all(len(c) <= 4 for c in clusters)  # the depression cluster: TRD claims, the group's, the adults'
    assert not any(str(failed) in c and len(c) == 2 for c in clusters)


def test_relief_of_pain_in_patients_with_a_pain_condition_joins_that_condition_s_cluster():
    """ "In a trial of patients with CRPS, ketamine reduced pain" relieves the pain of CRPS, a kind of pain: it
    joins "ketamine treats CRPS". Relief of pain in patients with depression (no kind of pain) does not, nor does a
    denied relief."""
    pages = Pages()
    crps = pages.claim("a.txt", "ketamine is effective for CRPS", KETAMINE, KGP.treats,
                       COND["complex-regional-pain-syndrome"])
    crps2 = pages.claim("b.txt", "ketamine helps CRPS", KETAMINE, KGP.treats, COND["complex-regional-pain-syndrome"])
    trial = pages.claim("c.txt", "in patients with CRPS, ketamine reduced pain", KETAMINE, KGP.relieves, TERM.pain,
                        indications=[COND["complex-regional-pain-syndrome"]])
    pages.claim("d.txt", "in patients with depression, ketamine reduced pain", KETAMINE, KGP.relieves, TERM.pain,
                indications=[COND.depression])
    pages.claim("e.txt", "in patients with CRPS, ketamine did not reduce pain", KETAMINE, KGP.relieves, TERM.pain,
                polarity="Negated", indications=[COND["complex-regional-pain-syndrome"]])
    clusters = member_sets(of_type(run(pages), FindingType.PARAPHRASE))
    assert frozenset({str(crps), str(crps2), str(trial)}) in clusters, clusters
    assert all(len(c) <= 3 for c in clusters), clusters


def test_paraphrase_a_dreamlike_feeling_is_dissociation():
    """ "A floating or dreamlike feeling" (a claim term) and "dissociation" are close matches: one proposition."""
    pages = Pages()
    a = pages.claim("a.txt", "you may notice a dreamlike feeling", KETAMINE, KGP["has-side-effect"],
                    TERM["dissociative-state"])
    b = pages.claim("b.txt", "ketamine causes dissociation", KETAMINE, KGP.causes, COND.dissociation)
    assert member_sets(of_type(run(pages), FindingType.PARAPHRASE)) == [frozenset({str(a), str(b)})]


def test_paraphrase_tired_after_a_session_is_drowsiness_not_fatigue():
    """ "You may feel tired for the rest of the day" (after a sedating infusion) states the drowsiness another page
    lists; "fatigued" is fatigue, another proposition."""
    pages = Pages()
    a = pages.claim("a.txt", "you may feel tired for the rest of the day", KETAMINE, KGP["has-side-effect"],
                    TERM["feeling-tired"])
    b = pages.claim("b.txt", "drowsiness for the rest of the day", KETAMINE, KGP["has-side-effect"],
                    COND.drowsiness)
    pages.claim("c.txt", "you may feel fatigued", KETAMINE, KGP["has-side-effect"], TERM["feeling-fatigued"])
    assert member_sets(of_type(run(pages), FindingType.PARAPHRASE)) == [frozenset({str(a), str(b)})]


def test_a_lifetime_and_a_yearly_count_are_no_numeric_conflict():
    """6 in 100 Americans over a lifetime and 13 million in a given year count over other time frames (disjoint
    kg:populationGroup qualifiers), so both can hold; the same frame on both sides still conflicts."""
    pages = Pages()
    prevalence(pages, "a.txt", "6 in 100 people will have PTSD at some point in their lives", 19e6, 21e6,
               population=POP.USPopulation, subject=COND["posttraumatic-stress-disorder"])
    prevalence(pages, "b.txt", "PTSD affects about 13 million Americans in a given year", 12e6, 14e6,
               population=POP.USPopulation, subject=COND["posttraumatic-stress-disorder"])
    graph = pages.graph()
    claims = sorted(graph.subjects(RDF.type, KG.Claim))
    for claim, frame in zip(claims, (TERM["lifetime-frame"], TERM["annual-frame"]), strict=True):
        graph.add((claim, KG.populationGroup, frame))
    findings = analyze(project(graph, ontology())).findings
    assert [f for f in findings if f.type is FindingType.NUMERIC_CONFLICT] == []
    for claim in claims:
        graph.set((claim, KG.populationGroup, TERM["annual-frame"]))
    findings = analyze(project(graph, ontology())).findings
    assert len([f for f in findings if f.type is FindingType.NUMERIC_CONFLICT]) == 1


def test_polarity_conflict_cleared_to_drive_against_a_driver_home():
    """ "Cleared to drive themselves home" (no-driving denied) against "someone must drive you home": an escort
    home is a way of not driving (skos:broader), so the one denies what the other requires."""
    pages = Pages()
    a = pages.claim("a.txt", "most patients are cleared to drive themselves home", KETAMINE, KGP.requires,
                    TERM["no-driving"], polarity="Negated")
    b = pages.claim("b.txt", "a responsible adult must drive you home", KETAMINE, KGP.requires, TERM["escort-home"])
    assert member_sets(of_type(run(pages), FindingType.POLARITY_CONFLICT)) == [frozenset({str(a), str(b)})]


def test_two_clauses_of_one_sentence_each_conflict():
    """ "A driver must take you home, and you should not drive until tomorrow" says two things; a page that clears
    patients to drive contradicts each clause, so there is one finding per clause pair, not per sentence pair."""
    pages = Pages()
    cleared = pages.claim("a.txt", "patients are cleared to drive themselves home", KETAMINE, KGP.requires,
                          TERM["no-driving"], polarity="Negated")
    sentence = (0, 90)
    escort = pages.claim("b.txt", "a driver must take you home", KETAMINE, KGP.requires, TERM["escort-home"],
                         sentence=sentence)
    no_driving = pages.claim("b.txt", "you should not drive until tomorrow", KETAMINE, KGP.requires,
                             TERM["no-driving"], sentence=sentence)
    assert sorted(member_sets(of_type(run(pages), FindingType.POLARITY_CONFLICT)), key=sorted) == sorted(
        [frozenset({str(cleared), str(escort)}), frozenset({str(cleared), str(no_driving)})], key=sorted)


def test_first_per_key_keeps_the_first_of_each_key_as_they_come():
    from kgraph.analysis.records import first_per_key

    made = []

    def keyed():
        for key, item in [(("a", (1, 2)), "first a"), ("b", "first b"), (("a", (1, 2)), "second a"), ("c", "c")]:
            made.append(item)
            yield key, item

    stream = first_per_key(keyed())
    assert next(stream) == "first a" and made == ["first a"]  # a stream: nothing is made ahead
    assert list(stream) == ["first b", "c"]


def _observed(pages: Pages, page: str, quote: str, drug: URIRef, low: float | None, high: float | None) -> URIRef:
    return pages.claim(page, quote, drug, KGP["is-observed-after-dose-for"], pages.quantity(low, high, UNIT.HR),
                       measure="observation time")


def test_a_practice_a_label_sets_is_compared(reference_facts):
    """Esketamine's label sets at least two hours of observation after each dose (fact 4), so "about an hour"
    contradicts both the label and a page that says two hours; "two hours" fits "at least two hours"."""
    pages = Pages()
    hour = _observed(pages, "a.txt", "observed for about an hour after each dose", DRUG.esketamine, 0.9, 1.1)
    least = _observed(pages, "b.txt", "monitored for at least two hours after each dose", DRUG.esketamine, 2, None)
    _observed(pages, "c.txt", "a two-hour observation period", DRUG.esketamine, 2, 2)
    analysis = run(pages)
    conflicts = of_type(analysis, FindingType.NUMERIC_CONFLICT)
    assert {frozenset(f.members) for f in conflicts} >= {frozenset({str(hour), str(least)})}
    assert all(str(hour) in f.members for f in conflicts), conflicts
    reference = of_type(analysis, FindingType.REFERENCE_CONFLICT)
    assert [f.members[0] for f in reference] == [str(hour)]
    assert _fact_members(reference[0], reference_facts) == [str(REF["fact-4-esketamine-observation"])]


def test_a_practice_no_label_sets_is_not_compared():
    """Two ketamine clinics that keep patients 30 minutes and an hour after an infusion: two practices."""
    pages = Pages()
    _observed(pages, "a.txt", "you rest for 30 minutes after the infusion", KETAMINE, 0.5, 0.5)
    _observed(pages, "b.txt", "we observe you for an hour afterward", KETAMINE, 1, 1)
    assert of_type(run(pages), FindingType.NUMERIC_CONFLICT) == []
