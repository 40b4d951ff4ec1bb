"""The registered spaCy components of kgraph: thin wrappers around pure helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from kgraph.pipeline.abbreviations import abbreviation_candidates
from kgraph.pipeline.claim_rules import load_predicates, load_qualifier_cues
from kgraph.pipeline.claims import ClaimFinder
from kgraph.pipeline.doc_cache import page_text
from kgraph.pipeline.extensions import (
    MENTIONS_KEY,
    SOURCES_KEY,
    STATISTICS_KEY,
    VOCAB_KEY,
    register_extensions,
)
from kgraph.pipeline.mentions import Candidate, load_mention_rules, resolve_candidates
from kgraph.pipeline.new_terms import load_new_term_rules, new_term_candidates
from kgraph.pipeline.quantities import load_quantity_lexicon
from kgraph.pipeline.records import NewConcept
from kgraph.pipeline.references import find_reference_entries
from kgraph.pipeline.sources import find_sources, load_source_rules
from kgraph.pipeline.statistics import find_statistic_spans
from kgraph.pipeline.vocabulary_ruler import PhraseRuler  # noqa: F401  (registers kgraph_phrase_ruler)
from kgraph.vocabulary import Vocabulary, load_vocabulary, ruler_patterns

__all__ = [
    "ClaimsComponent",
    "MentionsComponent",
    "SourcesComponent",
    "StatisticsComponent",
    "line_breaks",
    "skos_patterns",
]

register_extensions()


@registry.misc("kgraph.skos_patterns.v1")
def skos_patterns() -> Callable[[Language], list[dict]]:
    """Ruler patterns from the installed SKOS vocabularies (see :func:`kgraph.vocabulary.ruler_patterns`)."""

    def make(nlp: Language) -> list[dict]:
        return ruler_patterns(load_vocabulary(), nlp.make_doc)

    return make


@Language.component("kgraph_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headings and list items are not run into the next line.

    Runs before the parser, which keeps sentence starts set here.
    """
    for token in doc[:-1]:
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            doc[token.i + 1].is_sent_start = True
    return doc


def _remember_concepts(doc: Doc, concepts: Iterable[NewConcept]) -> None:
    """Keep minted concepts on the Doc as plain dicts (msgpack-safe for ``n_process>1``); first one wins."""
    if doc._.kgraph_new_concepts is None:
        doc._.kgraph_new_concepts = {}
    for concept in concepts:
        doc._.kgraph_new_concepts.setdefault(concept.iri, asdict(concept))


class StatisticsComponent:
    """STATISTIC spans into ``doc.spans["kgraph_statistics"]``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon = load_quantity_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s.start, s.end, label="STATISTIC") for s in find_statistic_spans(doc, self.lexicon)]
        doc.spans[STATISTICS_KEY] = spans
        return doc


@Language.factory("kgraph_statistics", requires=["token.pos", "token.dep"], assigns=["doc.spans"])
def make_statistics(nlp: Language, name: str) -> StatisticsComponent:
    return StatisticsComponent(nlp, name)


class SourcesComponent:
    """SOURCE spans found by rule (publisher, citations, references, journals, organizations, people)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.rules = load_source_rules()
        self.vocabulary = load_vocabulary()

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        minted: list[NewConcept] = []
        for hit in find_sources(doc, self.rules, self.vocabulary, doc._.kgraph_publisher):
            span = doc.char_span(hit.start, hit.end, label="SOURCE", kb_id=hit.concept, alignment_mode="expand")
            if span is None:
                continue
            span._.kgraph_rule = f"{hit.rule}:{hit.kind}"
            span._.kgraph_label = hit.label
            spans.append(span)
            if hit.minted:
                minted.append(NewConcept(hit.concept, hit.label, "SOURCE", hit.rule, hit.kind))
        _remember_concepts(doc, minted)
        doc.spans[SOURCES_KEY] = spans
        return doc


@Language.factory("kgraph_sources", requires=["doc.ents", "token.pos"], assigns=["doc.spans"])
def make_sources(nlp: Language, name: str) -> SourcesComponent:
    return SourcesComponent(nlp, name)


class MentionsComponent:
    """Final mentions in ``doc.spans["kgraph"]``: label = type, ``kb_id_`` = concept IRI.

    Applies the page's abbreviation definitions, resolves generic phrases
    and overlaps, and drops everything inside page furniture.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.vocabulary: Vocabulary = load_vocabulary()
        self.rules = load_mention_rules()
        self.new_term_rules = load_new_term_rules()

    def _vocabulary_candidates(self, doc: Doc) -> list[Candidate]:
        out = []
        for span in doc.spans.get(VOCAB_KEY, []):
            concept = self.vocabulary.by_iri.get(span.id_)
            if concept is None:
                continue
            start = span.start
            if concept.match_case and start > 0 and doc[start - 1].text == "The":
                start -= 1  # a journal's title keeps its article: "The Lancet"
            out.append(Candidate(start, span.end, span.label_, concept.iri, "vocabulary", span.text,
                                 generic=concept.generic, anaphoric=concept.resolves_anaphora,
                                 source_kind=concept.source_kind.rsplit("#", 1)[-1] if concept.source_kind else None))
        return out

    def _source_candidates(self, doc: Doc) -> list[Candidate]:
        out = []
        for span in doc.spans.get(SOURCES_KEY, []):
            rule, _, kind = (span._.kgraph_rule or "").partition(":")
            out.append(Candidate(span.start, span.end, "SOURCE", span.kb_id_, rule, span._.kgraph_label or span.text,
                                 source_kind=kind or None))
        return out

    def __call__(self, doc: Doc) -> Doc:
        candidates = self._vocabulary_candidates(doc)
        found, definitions, concepts = abbreviation_candidates(doc, candidates, self.vocabulary,
                                                               self.rules.new_concept_heads,
                                                               self.rules.former_name_markers)
        candidates += found
        doc._.kgraph_abbreviations = [asdict(d) for d in definitions]
        found, concepts_of_terms = new_term_candidates(doc, candidates, self.vocabulary, self.new_term_rules)
        candidates += found
        _remember_concepts(doc, concepts + concepts_of_terms)
        candidates += self._source_candidates(doc)
        candidates += [Candidate(s.start, s.end, "STATISTIC", "", "statistic", s.text)
                       for s in doc.spans.get(STATISTICS_KEY, [])]
        final = resolve_candidates(doc, candidates, self.rules, list(doc._.kgraph_excluded or []))
        spans = []
        for cand in final:
            span = Span(doc, cand.start, cand.end, label=cand.label, kb_id=cand.concept)
            span._.kgraph_rule = cand.rule
            span._.kgraph_label = cand.matched
            spans.append(span)
        doc.spans[MENTIONS_KEY] = spans
        return doc


@Language.factory("kgraph_mentions", requires=["doc.spans", "token.pos", "token.dep"], assigns=["doc.spans"])
def make_mentions(nlp: Language, name: str) -> MentionsComponent:
    return MentionsComponent(nlp, name)


class ClaimsComponent:
    """Claims into ``doc._.kgraph_claims``: subject, predicate, objects and qualifiers per clause.

    Predicates and claim terms come from ``ontology/predicates.ttl`` and
    ``ontology/terms.ttl``; negation, hedge and clause cues from
    ``patterns/claims.json``.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.finder = ClaimFinder(load_predicates(), load_qualifier_cues(), nlp.make_doc)
        self.vocabulary = load_vocabulary()

    def _lookup(self, label: str, entity_type: str) -> str | None:
        concept = self.vocabulary.lookup_label(label, entity_type)
        return concept.iri if concept is not None else None

    def __call__(self, doc: Doc) -> Doc:
        mentions = list(doc.spans.get(MENTIONS_KEY, []))
        entries = find_reference_entries(page_text(doc))
        doc._.kgraph_references = [asdict(e) for e in entries]  # reused by the extraction, not parsed twice
        excluded = list(doc._.kgraph_excluded or [])
        excluded += [(e.start, e.end) for e in entries]
        try:
            hits = self.finder.find(doc, mentions, excluded, self._lookup, kind_of=self.vocabulary.is_kind_of,
                                    drug_classes=self.vocabulary.classes)
        except Exception as error:  # a claims bug must not lose the page's mentions
            doc._.kgraph_claims = []
            doc._.kgraph_problems = [*(doc._.kgraph_problems or []),
                                     f"claims not extracted ({type(error).__name__}: {error})"]
            return doc
        doc._.kgraph_claims = [hit.as_dict() for hit in hits]
        return doc


@Language.factory("kgraph_claims", requires=["doc.spans", "token.dep", "token.lemma"], assigns=["doc._.kgraph_claims"])
def make_claims(nlp: Language, name: str) -> ClaimsComponent:
    return ClaimsComponent(nlp, name)
