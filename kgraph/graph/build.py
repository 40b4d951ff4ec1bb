"""Documents and extractions into one rdflib graph, per CONTRACT.md.

Every node gets a deterministic IRI (see :mod:`kgraph.iris`), literals are
in canonical XSD form, and there is no wall-clock time in the graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef

from kgraph.corpus.records import Document
from kgraph.extract import DocumentExtraction, MentionRecord
from kgraph.graph.anchors import add_anchor
from kgraph.graph.claims import add_citation, add_claim, add_reference_entry, mention_iri
from kgraph.iris import short_hash
from kgraph.namespaces import DCTERMS, ID, KG, OA, PROV, RDF, RDFS, SKOS, VOCAB, XSD, bind_prefixes
from kgraph.pipeline.claim_rules import PredicateVocabulary, load_predicates
from kgraph.pipeline.quantities import Quantity, decimal_lexical
from kgraph.pipeline.records import AbbreviationDefinition, NewConcept
from kgraph.pipeline.sources import publisher_concept
from kgraph.vocabulary import ENTITY_TYPES, Vocabulary

__all__ = ["RunInfo", "GraphBuilder", "build_graph", "decimal_literal"]

NEW_CONCEPT_SCHEMES = {label: ID[f"scheme/new-{label.lower()}"] for label in (*ENTITY_TYPES, "TERM")}


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What produced the graph (no timestamps: builds are reproducible)."""

    pipeline_version: str
    model_name: str
    model_version: str
    spacy_version: str
    kgraph_version: str


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


class GraphBuilder:
    """Accumulates documents and extractions into a graph; call :meth:`finish` once."""

    def __init__(self, vocabulary: Vocabulary, run: RunInfo, predicates: PredicateVocabulary | None = None) -> None:
        self.graph = bind_prefixes(Graph())
        self.vocabulary = vocabulary
        self.predicates = predicates or load_predicates()
        self.run_info = run
        self._content_hashes: list[str] = []
        self._used_concepts: set[str] = set()
        self._new_concepts: dict[str, NewConcept] = {}
        self._documents: list[URIRef] = []
        self._generated: list[URIRef] = []
        self._skipped: dict[str, str] = {}

    # -------------------------------------------------------------- documents

    def add_document(self, document: Document) -> URIRef:
        g = self.graph
        doc = URIRef(document.iri)
        self._documents.append(doc)
        self._content_hashes.append(document.content_hash)
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
                self._new_concepts.setdefault(iri, NewConcept(iri, document.publisher.strip(), "SOURCE",
                                                              "publisher", "Publisher"))
            self._used_concepts.add(iri)
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

    # -------------------------------------------------------------- extractions

    def add_extraction(self, extraction: DocumentExtraction) -> None:
        doc = self.add_document(extraction.document)
        text = extraction.document.text
        for concept in extraction.new_concepts:
            self._new_concepts.setdefault(concept.iri, concept)
        for mention in extraction.mentions:
            self._add_mention(doc, text, mention)
        for definition in extraction.abbreviations:
            self._add_abbreviation(doc, text, definition)
        self._add_claims(doc, extraction)
        for problem in extraction.problems:
            self.graph.add((doc, KG.loadNote, Literal(problem)))

    def _add_claims(self, doc: URIRef, extraction: DocumentExtraction) -> None:
        text = extraction.document.text
        entries = []
        for entry in extraction.references:
            venue = self._venue_concept(entry.venue)
            entries.append(add_reference_entry(self.graph, doc, text, entry, venue))
        citations: dict[tuple[int, int], URIRef] = {}
        for record in extraction.citations:
            venues = sorted({c for c, _, _ in record.sentence_sources if self._is_journal(c)})
            self._used_concepts.update(venues)
            entry = entries[record.entry] if record.entry is not None else None
            node = add_citation(self.graph, doc, text, record, entry, venues)
            citations[(record.citation.start, record.citation.end)] = node
        mentions = {(m.start, m.end, m.entity_type) for m in extraction.mentions}
        for claim in extraction.claims:
            node, used = add_claim(self.graph, doc, text, claim, self.predicates, mentions, self._add_quantity,
                                   citations)
            self._used_concepts.update(used)
            self._generated.append(node)

    def _venue_concept(self, venue: str | None) -> str | None:
        if not venue:
            return None
        concept = self.vocabulary.lookup_label(venue, "SOURCE") or self.vocabulary.lookup_label(
            venue.removeprefix("The ").removeprefix("the "), "SOURCE")
        if concept is not None:
            self._used_concepts.add(concept.iri)
            return concept.iri
        return None

    def _is_journal(self, iri: str) -> bool:
        concept = self.vocabulary.by_iri.get(iri)
        if concept is not None:
            return (concept.source_kind or "").endswith("Journal")
        new = self._new_concepts.get(iri)
        return new is not None and new.source_kind == "Journal"

    def _add_mention(self, doc: URIRef, text: str, mention: MentionRecord) -> None:
        g = self.graph
        node = mention_iri(doc, mention.start, mention.end, mention.entity_type)
        g.add((node, RDF.type, KG.Mention))
        g.add((node, KG.entityType, ENTITY_TYPES[mention.entity_type]))
        g.add((node, OA.motivatedBy, OA.identifying))
        if mention.quantity is not None:
            g.add((node, KG.refersTo, self._add_quantity(mention.quantity)))
        else:
            g.add((node, KG.refersTo, URIRef(mention.concept)))
            self._used_concepts.add(mention.concept)
        g.add((node, KG.recognizedBy, Literal(mention.rule)))
        if mention.matched_label:
            g.add((node, KG.matchedLabel, Literal(mention.matched_label)))
        add_anchor(g, node, doc, text, mention.start, mention.end)
        self._generated.append(node)

    def _add_quantity(self, quantity: Quantity) -> URIRef:
        g = self.graph
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
        g = self.graph
        start = min(definition.long_start, definition.short_start)
        end = max(definition.long_end, definition.short_end)
        node = ID[f"abbreviation/{short_hash(str(doc))}/{start}-{end}"]
        g.add((doc, KG.abbreviationDefinition, node))
        g.add((node, RDF.type, KG.AbbreviationDefinition))
        g.add((node, KG.shortForm, Literal(definition.short)))
        g.add((node, KG.longForm, Literal(definition.long)))
        g.add((node, KG.standardExpansion, Literal(definition.standard)))
        if definition.concept:
            g.add((node, KG.refersTo, URIRef(definition.concept)))
            self._used_concepts.add(definition.concept)
        add_anchor(g, node, doc, text, start, end)

    # -------------------------------------------------------------- concepts and provenance

    def _add_concepts(self, run: URIRef) -> None:
        g = self.graph
        schemes: dict[str, str] = {}  # scheme IRI -> entity type
        for iri in sorted(self._used_concepts):
            node = URIRef(iri)
            concept = self.vocabulary.by_iri.get(iri)
            if concept is not None:
                g.add((node, RDF.type, SKOS.Concept))
                g.add((node, SKOS.prefLabel, Literal(concept.pref_label, lang="en")))
                g.add((node, SKOS.inScheme, URIRef(concept.scheme)))
                if concept.source_kind:
                    g.add((node, KG.sourceKind, URIRef(concept.source_kind)))
                for external in concept.exact_matches:
                    g.add((node, SKOS.exactMatch, URIRef(external)))
                schemes[concept.scheme] = concept.entity_type
                continue
            if self._add_claim_vocabulary(node):
                continue
            new = self._new_concepts.get(iri)
            if new is None:
                raise ValueError(f"concept {iri} is neither in the vocabularies nor minted by this build")
            scheme = NEW_CONCEPT_SCHEMES[new.entity_type]
            g.add((node, RDF.type, SKOS.Concept))
            g.add((node, RDF.type, KG.NewConcept))
            g.add((node, SKOS.prefLabel, Literal(new.label, lang="en")))
            g.add((node, SKOS.inScheme, scheme))
            g.add((node, PROV.wasGeneratedBy, run))
            if new.source_kind:
                g.add((node, KG.sourceKind, KG[new.source_kind]))
            g.add((scheme, RDF.type, SKOS.ConceptScheme))
            g.add((scheme, SKOS.prefLabel, Literal(f"{new.entity_type.lower()} concepts new to the vocabularies", lang="en")))
            if new.entity_type in ENTITY_TYPES:
                g.add((scheme, KG.entityType, ENTITY_TYPES[new.entity_type]))
            else:  # a claim term minted from the page ("endorphin")
                g.add((node, KG.termKind, KG.OpenTerm))
        for scheme_iri, entity_type in sorted(schemes.items()):
            g.add((URIRef(scheme_iri), RDF.type, SKOS.ConceptScheme))
            g.add((URIRef(scheme_iri), KG.entityType, ENTITY_TYPES[entity_type]))
            if scheme_iri in self.vocabulary.scheme_labels:
                g.add((URIRef(scheme_iri), SKOS.prefLabel, Literal(self.vocabulary.scheme_labels[scheme_iri], lang="en")))

    def _add_claim_vocabulary(self, node: URIRef) -> bool:
        """Describe a predicate or claim term in use; False when ``node`` is neither."""
        g = self.graph
        predicate = self.predicates.predicates.get(str(node))
        term = self.predicates.terms.get(str(node))
        if predicate is not None:
            scheme = VOCAB["predicates"]
            g.add((node, RDF.type, SKOS.Concept))
            g.add((node, RDF.type, KG.Predicate))
            g.add((node, SKOS.prefLabel, Literal(predicate.label, lang="en")))
            for other in predicate.opposites:
                g.add((node, KG.oppositeOf, URIRef(other)))
            for broader in predicate.broader:
                g.add((node, SKOS.broader, URIRef(broader)))
            label = "Claim predicates"
        elif term is not None:
            scheme = VOCAB["terms"]
            g.add((node, RDF.type, SKOS.Concept))
            g.add((node, SKOS.prefLabel, Literal(term.label, lang="en")))
            g.add((node, KG.termKind, KG[term.kind]))
            label = "Claim terms"
        else:
            return False
        g.add((node, SKOS.inScheme, scheme))
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, SKOS.prefLabel, Literal(label, lang="en")))
        return True

    def add_skipped(self, file_name: str, reason: str) -> None:
        """Record an input file the run did not read, so the graph (and its report) lists it."""
        self._skipped[file_name] = reason

    def finish(self) -> Graph:
        """Add the run, the concepts in use and provenance links; return the graph."""
        g = self.graph
        info = self.run_info
        # the run is named by what it read and how, so it is known only now
        run = ID["run/" + short_hash(info.pipeline_version, info.model_name, info.model_version,
                                          *sorted(self._content_hashes))]
        agent = ID[f"agent/kgraph/{info.kgraph_version}"]
        g.add((run, RDF.type, KG.ExtractionRun))
        g.add((run, RDF.type, PROV.Activity))
        g.add((run, KG.pipelineVersion, Literal(info.pipeline_version)))
        g.add((run, KG.modelName, Literal(info.model_name)))
        g.add((run, KG.modelVersion, Literal(info.model_version)))
        g.add((run, KG.spacyVersion, Literal(info.spacy_version)))
        g.add((run, PROV.wasAssociatedWith, agent))
        g.add((agent, RDF.type, PROV.SoftwareAgent))
        g.add((agent, RDFS.label, Literal(f"kgraph {info.kgraph_version}")))
        for doc in self._documents:
            g.add((run, PROV.used, doc))
        for node in self._generated:
            g.add((node, PROV.wasGeneratedBy, run))
        for file_name, reason in sorted(self._skipped.items()):
            skipped = ID["skipped/" + short_hash(file_name)]
            g.add((run, KG.skippedFile, skipped))
            g.add((skipped, RDF.type, KG.SkippedFile))
            g.add((skipped, KG.fileName, Literal(file_name)))
            g.add((skipped, KG.skipReason, Literal(reason)))
        self._add_concepts(run)
        return g


def build_graph(extractions: Iterable[DocumentExtraction], vocabulary: Vocabulary, run: RunInfo) -> Graph:
    """The graph of ``extractions`` (see :class:`GraphBuilder`)."""
    builder = GraphBuilder(vocabulary, run)
    for extraction in extractions:
        builder.add_extraction(extraction)
    return builder.finish()
