"""One document's part of the graph: its triples, as N-Triples, and what the whole graph needs from it.

:func:`document_triples` depends on the document and the vocabularies only,
so it runs in the worker that extracted the page and its result is what the
build cache keeps (see :mod:`kgraph.cache`). What spans documents (the run,
its provenance links, the description of each concept in use) is added by
:class:`kgraph.graph.build.GraphBuilder` from the parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rdflib import Literal, URIRef

from kgraph.corpus.records import Document
from kgraph.extract import DocumentExtraction, MentionRecord
from kgraph.graph.anchors import add_anchor
from kgraph.graph.claims import (
    add_citation,
    add_claim,
    add_reference_entry,
    mention_iri,
)
from kgraph.graph.ntriples import ntriples
from kgraph.iris import short_hash
from kgraph.namespaces import DCTERMS, ID, KG, OA, RDF, XSD
from kgraph.pipeline.claim_rules import PredicateVocabulary
from kgraph.pipeline.quantities import Quantity, decimal_lexical
from kgraph.pipeline.records import AbbreviationDefinition, NewConcept
from kgraph.pipeline.sources import publisher_concept
from kgraph.vocabulary import ENTITY_TYPES, Vocabulary

__all__ = ["DocumentTriples", "TripleSet", "decimal_literal", "document_triples"]


@dataclass(frozen=True, slots=True)
class DocumentTriples:
    """One document's triples and what the whole graph needs from it.

    Attributes
    ----------
    iri, content_hash
        The document's (the run is named after every content hash).
    ntriples
        The triples, as :func:`kgraph.graph.ntriples.ntriples` writes them.
    concepts
        IRIs of the concepts, predicates and terms the triples use, sorted
        (each is described once in the whole graph).
    new_concepts
        Concepts the page minted, in the order first met (the first
        description of an IRI in corpus order wins).
    generated
        IRIs of the mentions and claims the run generated (``prov:wasGeneratedBy``).
    """

    iri: str
    content_hash: str
    ntriples: bytes
    concepts: tuple[str, ...]
    new_concepts: tuple[NewConcept, ...]
    generated: tuple[str, ...]


class TripleSet:
    """Triples in the order first added, each once: what the graph helpers write a document into."""

    def __init__(self) -> None:
        self._triples: dict[tuple, None] = {}

    def add(self, triple: tuple) -> TripleSet:
        self._triples[triple] = None
        return self

    def __contains__(self, triple: tuple) -> bool:
        return triple in self._triples

    def __iter__(self):
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)


def decimal_literal(value: Decimal | int) -> Literal:
    """``xsd:decimal`` in the XSD 1.0 canonical lexical form, never with an exponent.

    A digit stands on both sides of the point, which is also how Turtle
    writes a decimal, so a graph and its Turtle round trip are term-identical.

    Examples
    --------
    >>> str(decimal_literal(Decimal("5E+7"))), str(decimal_literal(Decimal("1.50"))), str(decimal_literal(0))
    ('50000000.0', '1.5', '0.0')
    """
    text = decimal_lexical(Decimal(value))
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def document_triples(source: DocumentExtraction | Document, vocabulary: Vocabulary,
                     predicates: PredicateVocabulary) -> DocumentTriples:
    """The part of the graph that ``source`` (an extraction, or a page without one) makes."""
    page = _Page(vocabulary, predicates)
    if isinstance(source, Document):
        page.add_document(source)
        document = source
    else:
        page.add_extraction(source)
        document = source.document
    return DocumentTriples(document.iri, document.content_hash, ntriples(page.triples), tuple(sorted(page.used)),
                           tuple(page.new.values()), tuple(page.generated))


class _Page:
    """Writes one document's triples; remembers the concepts it uses or mints and the nodes it generates."""

    def __init__(self, vocabulary: Vocabulary, predicates: PredicateVocabulary) -> None:
        self.triples = TripleSet()
        self.vocabulary = vocabulary
        self.predicates = predicates
        self.used: set[str] = set()
        self.new: dict[str, NewConcept] = {}
        self.generated: list[str] = []

    def add_document(self, document: Document) -> URIRef:
        g = self.triples
        doc = URIRef(document.iri)
        g.add((doc, RDF.type, KG.Document))
        g.add((doc, KG.fileName, Literal(document.file_name)))
        g.add((doc, KG.contentHash, Literal(document.content_hash)))
        g.add((doc, KG.text, Literal(document.text)))
        g.add((doc, KG.encoding, Literal(document.encoding)))
        g.add((doc, KG.mediaType, Literal(document.media_type)))
        if document.title:
            g.add((doc, DCTERMS.title, Literal(document.title)))
        if document.url:
            g.add((doc, KG.sourceUrl, URIRef(document.url)))
        if document.retrieved:
            g.add((doc, DCTERMS.date, Literal(document.retrieved)))
        if document.publisher:
            iri, minted = publisher_concept(self.vocabulary, document.publisher)
            g.add((doc, DCTERMS.publisher, URIRef(iri)))
            if minted:
                self.new.setdefault(iri, NewConcept(iri, document.publisher.strip(), "SOURCE", "publisher",
                                                    "Publisher"))
            self.used.add(iri)
        for note in document.notes:
            g.add((doc, KG.loadNote, Literal(note)))
        dochash = short_hash(document.iri)
        for piece in document.furniture:
            node = ID[f"furniture/{dochash}/{piece.start}-{piece.end}"]
            g.add((doc, KG.hasFurniture, node))
            g.add((node, RDF.type, KG.PageFurniture))
            g.add((node, KG.furnitureKind, Literal(piece.kind)))
            add_anchor(g, node, doc, document.text, piece.start, piece.end)
        return doc

    def add_extraction(self, extraction: DocumentExtraction) -> None:
        doc = self.add_document(extraction.document)
        text = extraction.document.text
        for concept in extraction.new_concepts:
            self.new.setdefault(concept.iri, concept)
        for mention in extraction.mentions:
            self._add_mention(doc, text, mention)
        for definition in extraction.abbreviations:
            self._add_abbreviation(doc, text, definition)
        self._add_claims(doc, extraction)
        for problem in extraction.problems:
            self.triples.add((doc, KG.loadNote, Literal(problem)))

    def _add_claims(self, doc: URIRef, extraction: DocumentExtraction) -> None:
        text = extraction.document.text
        entries = []
        for entry in extraction.references:
            venue = self._venue_concept(entry.venue)
            entries.append(add_reference_entry(self.triples, doc, text, entry, venue))
        citations: dict[tuple[int, int], URIRef] = {}
        for record in extraction.citations:
            venues = sorted({c for c, _, _ in record.sentence_sources if self._is_journal(c)})
            if record.citation.described_as and not venues and record.entry is None:
                continue  # a work described by year alone, neither in a journal nor in the reference list
            self.used.update(venues)
            entry = entries[record.entry] if record.entry is not None else None
            node = add_citation(self.triples, doc, text, record, entry, venues)
            citations[(record.citation.start, record.citation.end)] = node
        mentions = {(m.start, m.end, m.entity_type) for m in extraction.mentions}
        for claim in extraction.claims:
            node, used = add_claim(self.triples, doc, text, claim, self.predicates, mentions, self._add_quantity,
                                   citations)
            self.used.update(used)
            self.generated.append(str(node))

    def _venue_concept(self, venue: str | None) -> str | None:
        if not venue:
            return None
        concept = self.vocabulary.lookup_label(venue, "SOURCE") or self.vocabulary.lookup_label(
            venue.removeprefix("The ").removeprefix("the "), "SOURCE")
        if concept is not None:
            self.used.add(concept.iri)
            return concept.iri
        return None

    def _is_journal(self, iri: str) -> bool:
        """A journal of the vocabularies, or one this page names as a journal (pages are read apart)."""
        concept = self.vocabulary.by_iri.get(iri)
        if concept is not None:
            return (concept.source_kind or "").endswith("Journal")
        new = self.new.get(iri)
        return new is not None and new.source_kind == "Journal"

    def _add_mention(self, doc: URIRef, text: str, mention: MentionRecord) -> None:
        g = self.triples
        node = mention_iri(doc, mention.start, mention.end, mention.entity_type)
        g.add((node, RDF.type, KG.Mention))
        g.add((node, KG.entityType, ENTITY_TYPES[mention.entity_type]))
        g.add((node, OA.motivatedBy, OA.identifying))
        if mention.quantity is not None:
            g.add((node, KG.refersTo, self._add_quantity(mention.quantity)))
        else:
            g.add((node, KG.refersTo, URIRef(mention.concept)))
            self.used.add(mention.concept)
        g.add((node, KG.recognizedBy, Literal(mention.rule)))
        if mention.matched_label:
            g.add((node, KG.matchedLabel, Literal(mention.matched_label)))
        add_anchor(g, node, doc, text, mention.start, mention.end)
        self.generated.append(str(node))

    def _add_quantity(self, quantity: Quantity) -> URIRef:
        """A quantity node, named by its content: pages stating the same number share it."""
        g = self.triples
        period = self._add_quantity(quantity.per) if quantity.per is not None else None
        fields = [
            str(quantity.lower), str(quantity.upper), str(quantity.lower_inclusive), str(quantity.upper_inclusive),
            quantity.unit, quantity.hedge or "", quantity.quantifies or "", quantity.population or "",
            str(period or ""),
        ]
        node = ID[f"quantity/{short_hash(*fields)}"]
        if (node, RDF.type, KG.Quantity) in g:
            return node
        g.add((node, RDF.type, KG.Quantity))
        if quantity.lower is not None:
            g.add((node, KG.lowerBound, decimal_literal(quantity.lower)))
        if quantity.upper is not None:
            g.add((node, KG.upperBound, decimal_literal(quantity.upper)))
        g.add((node, KG.lowerInclusive, Literal(quantity.lower_inclusive)))
        g.add((node, KG.upperInclusive, Literal(quantity.upper_inclusive)))
        g.add((node, KG.unit, URIRef(quantity.unit)))
        if quantity.hedge:
            g.add((node, KG.hedge, URIRef(quantity.hedge)))
        if quantity.quantifies:
            g.add((node, KG.quantifies, Literal(quantity.quantifies)))
        if quantity.population:
            g.add((node, KG.population, URIRef(quantity.population)))
        if period is not None:
            g.add((node, KG.period, period))
        return node

    def _add_abbreviation(self, doc: URIRef, text: str, definition: AbbreviationDefinition) -> None:
        g = self.triples
        start = min(definition.long_start, definition.short_start)
        end = max(definition.long_end, definition.short_end)
        node = ID[f"abbreviation/{short_hash(str(doc))}/{start}-{end}"]
        g.add((doc, KG.abbreviationDefinition, node))
        g.add((node, RDF.type, KG.AbbreviationDefinition))
        g.add((node, KG.shortForm, Literal(definition.short)))
        g.add((node, KG.longForm, Literal(definition.long)))
        g.add((node, KG.standardExpansion, Literal(definition.standard)))
        if definition.former_name:
            g.add((node, KG.formerName, Literal(True)))
        if definition.concept:
            g.add((node, KG.refersTo, URIRef(definition.concept)))
            self.used.add(definition.concept)
        add_anchor(g, node, doc, text, start, end)
