"""The vocabulary ruler: every SKOS label as a span, found by phrase matchers.

Every pattern made from the vocabularies (:func:`kgraph.vocabulary.ruler_patterns`)
is a plain sequence of exact ``LOWER`` or ``ORTH`` values, i.e. a phrase. spaCy's
``span_ruler`` would try each of its ~5,900 token patterns at every token (twice
the time of the whole base model); two ``PhraseMatcher`` (one per attribute) find
the same spans (sorted, deduplicated, label = entity type, ``span.id_`` = concept
IRI) in a hash lookup per token. Patterns arrive in ``initialize`` from the
registered ``kgraph.skos_patterns.v1``, as with the span ruler.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kgraph.errors import OntologyError

__all__ = ["PhraseRuler", "make_phrase_ruler"]


class PhraseRuler:
    """Spans for token patterns that are exact ``LOWER`` or ``ORTH`` sequences, found by phrase matchers."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str) -> None:
        self.name = name
        self.key = spans_key
        self.vocab = nlp.vocab
        self.matchers = {attr: PhraseMatcher(nlp.vocab, attr=attr) for attr in ("LOWER", "ORTH")}
        self.labels: dict[int, tuple[str, str]] = {}

    def initialize(self, get_examples: Callable[[], Iterable], *, nlp: Language | None = None,
                   patterns: list[dict] | None = None) -> None:
        for pattern in patterns or ():
            tokens = pattern["pattern"]
            attrs = {attr for token in tokens for attr in token}
            if len(attrs) != 1 or not attrs <= {"LOWER", "ORTH"} or any(len(t) != 1 for t in tokens):
                raise OntologyError(f"vocabulary pattern {pattern!r} is not an exact LOWER or ORTH phrase; "
                                    "the vocabulary ruler takes only those (see kgraph.vocabulary.ruler_patterns)")
            attr = attrs.pop()
            key = repr((pattern["label"], pattern.get("id", "")))
            self.labels[self.vocab.strings.add(key)] = (pattern["label"], pattern.get("id", ""))
            words = [token[attr] for token in tokens]
            self.matchers[attr].add(key, [Doc(self.vocab, words=words)])

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc.spans[spans_key]`` to every vocabulary match, sorted and deduplicated."""
        found = set()
        for matcher in self.matchers.values():
            for match_id, start, end in matcher(doc):
                label, iri = self.labels[match_id]
                found.add(Span(doc, start, end, label=label, span_id=iri))
        doc.spans[self.key] = sorted(found)  # as span_ruler: deduplicated, sorted
        return doc


@Language.factory("kgraph_phrase_ruler", assigns=["doc.spans"])
def make_phrase_ruler(nlp: Language, name: str, spans_key: str) -> PhraseRuler:
    """The ``kgraph_phrase_ruler`` factory (see :class:`PhraseRuler`)."""
    return PhraseRuler(nlp, name, spans_key=spans_key)
