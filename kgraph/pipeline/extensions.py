"""Every custom ``._`` attribute kgraph uses, registered in one place."""

from __future__ import annotations

from spacy.tokens import Doc, Span

__all__ = ["register_extensions", "MENTIONS_KEY", "VOCAB_KEY", "STATISTICS_KEY", "SOURCES_KEY"]

VOCAB_KEY = "kgraph_vocabulary"  # raw vocabulary matches (span_ruler)
STATISTICS_KEY = "kgraph_statistics"
SOURCES_KEY = "kgraph_sources"
MENTIONS_KEY = "kgraph"  # the final, resolved mentions


def register_extensions() -> None:
    """Register the attributes (idempotent)."""
    doc_attributes = {
        # set by the caller before the pipeline runs
        "kgraph_publisher": None,  # str | None: the page's publisher (manifest)
        "kgraph_excluded": None,  # list[tuple[int, int]]: furniture character spans
        # set by components
        # plain dicts, so docs survive msgpack between worker processes
        "kgraph_abbreviations": None,  # list[dict]: AbbreviationDefinition fields
        "kgraph_new_concepts": None,  # dict[str, dict]: NewConcept fields by IRI
        "kgraph_claims": None,  # list[dict]: ClaimHit fields
        "kgraph_references": None,  # list[dict]: ReferenceEntry fields of the page's reference list
        "kgraph_problems": None,  # list[str]: what a component could not do on this page
    }
    for name, default in doc_attributes.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    span_attributes = {
        "kgraph_rule": None,  # str: the rule that produced the mention
        "kgraph_label": None,  # str: the vocabulary label or key it matched
    }
    for name, default in span_attributes.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
