"""Run the spaCy pipeline over documents and keep plain mention records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from kgraph.corpus.records import Document
from kgraph.pipeline.extensions import MENTIONS_KEY
from kgraph.pipeline.quantities import Quantity, normalize_statistic
from kgraph.pipeline.records import AbbreviationDefinition, NewConcept

__all__ = ["MentionRecord", "DocumentExtraction", "extract_documents", "extraction_from_doc"]


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """One entity mention: character offsets into the document text, type and concept."""

    start: int
    end: int
    entity_type: str  # DRUG, RECEPTOR, CONDITION, STATISTIC, SOURCE
    concept: str  # concept IRI; "" for a statistic (its quantity says what it is)
    text: str
    rule: str
    matched_label: str
    quantity: Quantity | None = None


@dataclass(frozen=True, slots=True)
class DocumentExtraction:
    """Everything the pipeline found on one document."""

    document: Document
    mentions: tuple[MentionRecord, ...]
    new_concepts: tuple[NewConcept, ...]
    abbreviations: tuple[AbbreviationDefinition, ...]


def extraction_from_doc(document: Document, doc: Doc) -> DocumentExtraction:
    """Plain records from a processed ``Doc`` (statistics normalized; unnormalizable ones dropped)."""
    mentions = []
    for span in doc.spans[MENTIONS_KEY]:
        quantity = None
        if span.label_ == "STATISTIC":
            quantity = normalize_statistic(span.text)
            if quantity is None:
                continue
        mentions.append(MentionRecord(span.start_char, span.end_char, span.label_, span.kb_id_, span.text,
                                      span._.kgraph_rule or "", span._.kgraph_label or "", quantity))
    concepts = tuple(sorted((NewConcept(**c) for c in (doc._.kgraph_new_concepts or {}).values()),
                            key=lambda c: c.iri))
    abbreviations = tuple(AbbreviationDefinition(**d) for d in doc._.kgraph_abbreviations or ())
    return DocumentExtraction(document, tuple(mentions), concepts, abbreviations)


def _prepared(nlp: Language, document: Document) -> Doc:
    doc = nlp.make_doc(document.text)
    doc._.kgraph_publisher = document.publisher
    doc._.kgraph_excluded = [(f.start, f.end) for f in document.furniture]
    return doc


def extract_documents(documents: Iterable[Document], nlp: Language, *, jobs: int = 1,
                      batch_size: int = 32) -> Iterator[DocumentExtraction]:
    """Stream documents through ``nlp``; yields one extraction per document, in order."""
    documents = list(documents)
    longest = max((len(d.text) for d in documents), default=0)
    nlp.max_length = max(nlp.max_length, longest + 1)
    docs = (_prepared(nlp, d) for d in documents)
    for document, doc in zip(documents, nlp.pipe(docs, batch_size=batch_size, n_process=jobs), strict=True):
        yield extraction_from_doc(document, doc)
