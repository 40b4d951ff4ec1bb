"""Documents and extractions into one rdflib graph, per CONTRACT.md.

Every node gets a deterministic IRI (see :mod:`kgraph.iris`), literals are
in canonical XSD form, and there is no wall-clock time in the graph.

A graph is built in two steps, so that the first can run in worker
processes and be cached:

1. :func:`kgraph.graph.document.document_triples` turns one extraction into
   a :class:`DocumentTriples`: its triples as N-Triples, and the little the
   whole graph needs from it (concepts used or minted, nodes generated). It
   depends on that document alone (and the vocabularies).
2. :class:`GraphBuilder` loads the parts into a graph in large batches and,
   in :meth:`GraphBuilder.finish`, adds what spans documents: the run, its
   provenance links, the skipped files and the description of each concept
   in use. Memory stays flat: the parts go to the store as they come, and
   the generated nodes wait in a temporary file for the run's name.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from rdflib import Graph, Literal, URIRef

from kgraph.corpus.records import Document
from kgraph.extract import DocumentExtraction
from kgraph.graph.document import (
    DocumentTriples,
    TripleSet,
    decimal_literal,
    document_triples,
)
from kgraph.graph.ntriples import TripleWriter, ntriples
from kgraph.iris import short_hash
from kgraph.namespaces import ID, KG, PROV, RDF, RDFS, SKOS, VOCAB, bind_prefixes
from kgraph.pipeline.claim_rules import PredicateVocabulary, load_predicates
from kgraph.pipeline.records import NewConcept
from kgraph.vocabulary import ENTITY_TYPES, Vocabulary

__all__ = ["DocumentTriples", "GraphBuilder", "RunInfo", "TripleSet", "build_graph", "decimal_literal",
           "document_triples"]

NEW_CONCEPT_SCHEMES = {label: ID[f"scheme/new-{label.lower()}"] for label in (*ENTITY_TYPES, "TERM")}
_SPOOL_CHUNK = 8_000_000


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What produced the graph (no timestamps: builds are reproducible)."""

    pipeline_version: str
    model_name: str
    model_version: str
    spacy_version: str
    kgraph_version: str


class GraphBuilder:
    """Accumulates documents and extractions into a graph; call :meth:`finish` once.

    Parameters
    ----------
    vocabulary, run, predicates
        The concepts, what produced the graph, and the claim vocabulary.
    graph
        Where the triples go: any rdflib graph, best one from
        :func:`kgraph.graph.store.open_graph` (batches load natively).
        Default: a new in-memory rdflib graph.
    """

    def __init__(self, vocabulary: Vocabulary, run: RunInfo, predicates: PredicateVocabulary | None = None,
                 graph: Graph | None = None) -> None:
        self.graph = bind_prefixes(graph if graph is not None else Graph())
        self.vocabulary = vocabulary
        self.predicates = predicates or load_predicates()
        self.run_info = run
        self._writer = TripleWriter(self.graph)
        self._content_hashes: list[str] = []
        self._used_concepts: set[str] = set()
        self._new_concepts: dict[str, NewConcept] = {}
        self._documents: list[URIRef] = []
        self._generated: BinaryIO | None = None  # "<iri>\n" lines: the run's name comes last
        self._skipped: dict[str, str] = {}

    def document_triples(self, source: DocumentExtraction | Document) -> DocumentTriples:
        """The part of the graph one extraction (or a page without one) makes; see :meth:`add_part`."""
        return document_triples(source, self.vocabulary, self.predicates)

    def add_document(self, document: Document) -> URIRef:
        """Add a page without extraction results; returns its IRI."""
        self.add_part(self.document_triples(document))
        return URIRef(document.iri)

    def add_extraction(self, extraction: DocumentExtraction) -> None:
        """Add a page and what the pipeline found on it."""
        self.add_part(self.document_triples(extraction))

    def add_part(self, part: DocumentTriples) -> None:
        """Add one document's part (made here, in a worker, or read from the cache)."""
        self._documents.append(URIRef(part.iri))
        self._content_hashes.append(part.content_hash)
        self._used_concepts.update(part.concepts)
        for concept in part.new_concepts:
            self._new_concepts.setdefault(concept.iri, concept)
        if part.generated:
            if self._generated is None:
                self._generated = tempfile.TemporaryFile(prefix="kgraph-generated-")  # noqa: SIM115 - until finish
            self._generated.write("".join(f"<{iri}>\n" for iri in part.generated).encode("utf-8"))
        self._writer.write(part.ntriples)

    def add_skipped(self, file_name: str, reason: str) -> None:
        """Record an input file the run did not read, so the graph (and its report) lists it."""
        self._skipped[file_name] = reason

    def finish(self) -> Graph:
        """Add the run, the concepts in use and provenance links; return the graph."""
        g = TripleSet()
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
        for file_name, reason in sorted(self._skipped.items()):
            skipped = ID["skipped/" + short_hash(file_name)]
            g.add((run, KG.skippedFile, skipped))
            g.add((skipped, RDF.type, KG.SkippedFile))
            g.add((skipped, KG.fileName, Literal(file_name)))
            g.add((skipped, KG.skipReason, Literal(reason)))
        self._add_concepts(g, run)
        self._writer.write(ntriples(g))
        self._write_generated(run)
        self._writer.flush()
        return self.graph

    def _write_generated(self, run: URIRef) -> None:
        """``node prov:wasGeneratedBy run`` for every mention and claim, read back from the spool in chunks."""
        if self._generated is None:
            return
        spool, self._generated = self._generated, None
        tail = f"> <{PROV.wasGeneratedBy}> <{run}> .\n".encode()
        spool.seek(0)
        carry = b""
        with spool:
            while chunk := spool.read(_SPOOL_CHUNK):
                chunk = carry + chunk
                cut = chunk.rfind(b"\n") + 1
                chunk, carry = chunk[:cut], chunk[cut:]
                self._writer.write(chunk.replace(b">\n", tail))

    # -------------------------------------------------------------- concepts

    def _add_concepts(self, triples: TripleSet, run: URIRef) -> None:
        g = triples
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
            if self._add_claim_vocabulary(triples, node):
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

    def _add_claim_vocabulary(self, triples: TripleSet, node: URIRef) -> bool:
        """Describe a predicate or claim term in use; False when ``node`` is neither."""
        g = triples
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


def build_graph(extractions: Iterable[DocumentExtraction], vocabulary: Vocabulary, run: RunInfo) -> Graph:
    """The graph of ``extractions`` (see :class:`GraphBuilder`)."""
    builder = GraphBuilder(vocabulary, run)
    for extraction in extractions:
        builder.add_extraction(extraction)
    return builder.finish()
