"""Claims, reference-list entries and in-text citations into the graph (CONTRACT.md, Claims)."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph, Literal, URIRef

from kgraph.extract import CitationRecord, ClaimRecord
from kgraph.graph.anchors import add_anchor, offset_literal
from kgraph.iris import short_hash
from kgraph.namespaces import DCTERMS, ID, KG, OA, RDF, SCHEMA, XSD
from kgraph.pipeline.claim_rules import PredicateVocabulary
from kgraph.pipeline.quantities import Quantity
from kgraph.pipeline.references import ReferenceEntry

__all__ = ["add_citation", "add_claim", "add_reference_entry", "claim_iri", "mention_iri"]

KIND_OF_TYPE = {"Drug": "drug", "Receptor": "receptor", "Condition": "condition", "Statistic": "statistic"}


def mention_iri(doc: URIRef, start: int, end: int, entity_type: str) -> URIRef:
    """The IRI of the mention of ``entity_type`` (``"DRUG"``...) at ``start:end`` of ``doc``."""
    return ID[f"mention/{short_hash(str(doc))}/{start}-{end}-{entity_type.lower()}"]


def claim_iri(doc: URIRef, claim: ClaimRecord) -> URIRef:
    """Stable: the document, the anchor and what the claim says."""
    what = short_hash(claim.subject, claim.predicate, claim.object or str(claim.object_span), str(claim.negated))
    return ID[f"claim/{short_hash(str(doc))}/{claim.start}-{claim.end}/{what}"]


def add_claim(graph: Graph, doc: URIRef, text: str, claim: ClaimRecord, predicates: PredicateVocabulary,
              mentions: set[tuple[int, int, str]], add_quantity: Callable[[Quantity], URIRef],
              citations: dict[tuple[int, int], URIRef]) -> tuple[URIRef, set[str]]:
    """Add one claim; returns its node and the concept IRIs it uses.

    ``mentions`` holds ``(start, end, TYPE)`` of the document's mentions, so
    the claim can point at the mention that names its subject or object;
    ``citations`` maps citation offsets to their nodes.
    """
    node = claim_iri(doc, claim)
    used = {claim.subject, claim.predicate, *claim.sites, *claim.populations, *claim.indications}
    g = graph
    g.add((node, RDF.type, KG.Claim))
    g.add((node, OA.motivatedBy, OA.assessing))
    g.add((node, KG.subject, URIRef(claim.subject)))
    g.add((node, KG.predicate, URIRef(claim.predicate)))
    if claim.object_quantity is not None:
        g.add((node, KG.object, add_quantity(claim.object_quantity)))
        measure = predicates.predicates[claim.predicate].measure
        if measure:
            g.add((node, KG.measure, Literal(measure)))
    else:
        g.add((node, KG.object, URIRef(claim.object)))
        used.add(claim.object)
    g.add((node, KG.polarity, KG.Negated if claim.negated else KG.Affirmed))
    g.add((node, KG.certainty, KG[claim.certainty]))
    g.add((node, KG.predicateCue, Literal(claim.cue)))
    if claim.negation_cue:
        g.add((node, KG.negationCue, Literal(claim.negation_cue)))
    if claim.certainty_cue:
        g.add((node, KG.certaintyCue, Literal(claim.certainty_cue)))
    if claim.subject_via:
        g.add((node, KG.resolvedFrom, Literal(claim.subject_via)))
    for prop, span, kind in ((KG.subjectMention, claim.subject_span, claim.subject_kind),
                             (KG.objectMention, claim.object_span, claim.object_kind)):
        label = kind.upper()
        if span is not None and (span[0], span[1], label) in mentions:
            g.add((node, prop, mention_iri(doc, span[0], span[1], label)))
    for prop, values in ((KG.site, claim.sites), (KG.populationGroup, claim.populations),
                         (KG.indication, claim.indications)):
        for value in values:
            g.add((node, prop, URIRef(value)))
    for quantity in claim.times:
        g.add((node, KG.time, add_quantity(quantity)))
    for concept, start, end in claim.sources:
        g.add((node, KG.attributedTo, URIRef(concept)))
        used.add(concept)
    for (start, end), citation in citations.items():
        if claim.sentence[0] <= start and end <= claim.sentence[1]:
            g.add((node, KG.citation, citation))
    g.add((node, KG.sentenceStart, offset_literal(claim.sentence[0])))
    g.add((node, KG.sentenceEnd, offset_literal(claim.sentence[1])))
    add_anchor(g, node, doc, text, claim.start, claim.end)
    return node, used


def add_reference_entry(graph: Graph, doc: URIRef, text: str, entry: ReferenceEntry,
                        venue_concept: str | None) -> URIRef:
    """One reference-list entry, parsed into schema.org fields and anchored to the whole entry."""
    g = graph
    node = ID[f"reference/{short_hash(str(doc))}/{entry.start}-{entry.end}"]
    g.add((doc, KG.hasReferenceEntry, node))
    g.add((node, RDF.type, KG.ReferenceListEntry))
    _add_authorship(g, node, entry.key, entry.authors, entry.et_al)
    if entry.year:
        g.add((node, SCHEMA.datePublished, Literal(entry.year)))
    fields = ((SCHEMA.name, entry.title), (KG.venue, entry.venue), (SCHEMA.volumeNumber, entry.volume),
              (SCHEMA.issueNumber, entry.issue), (SCHEMA.pagination, entry.pages))
    for prop, value in fields:
        if value:
            g.add((node, prop, Literal(value)))
    if entry.doi:
        g.add((node, DCTERMS.identifier, Literal(f"doi:{entry.doi}")))
    if entry.url:
        g.add((node, SCHEMA.url, Literal(entry.url, datatype=XSD.anyURI)))
    if venue_concept:
        g.add((node, KG.venueConcept, URIRef(venue_concept)))
    add_anchor(g, node, doc, text, entry.start, entry.end)
    return node


def add_citation(graph: Graph, doc: URIRef, text: str, record: CitationRecord, entry: URIRef | None,
                 venues: list[str]) -> URIRef:
    """One in-text citation, linked to its entry and to the journals its sentence names."""
    g = graph
    citation = record.citation
    node = ID[f"citation/{short_hash(str(doc))}/{citation.start}-{citation.end}"]
    g.add((doc, KG.hasCitation, node))
    g.add((node, RDF.type, KG.InTextCitation))
    if citation.authors:
        _add_authorship(g, node, citation.key, citation.authors, citation.et_al)
    else:
        g.add((node, KG.describedAs, Literal(citation.described_as)))
    g.add((node, SCHEMA.datePublished, Literal(citation.year)))
    if entry is not None:
        g.add((node, KG.citesEntry, entry))
    for venue in venues:
        g.add((node, KG.inTextVenue, URIRef(venue)))
    add_anchor(g, node, doc, text, citation.start, citation.end)
    return node


def _add_authorship(g: Graph, node: URIRef, key: str, authors: tuple[str, ...], et_al: bool) -> None:
    """Citation key, author surnames in order, and each surname as schema:author (entries and citations alike)."""
    g.add((node, KG.citationKey, Literal(key)))
    g.add((node, KG.authorsText, Literal("; ".join(authors) + ("; et al." if et_al else ""))))
    for surname in authors:
        g.add((node, SCHEMA.author, Literal(surname)))
