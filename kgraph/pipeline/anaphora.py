"""Whose claim is it? The subject of a predicate cue, with simple reference resolution (pure helpers).

"Ketamine blocks them" after "NMDA receptors", "These receptors are...",
"It can come from injury", "This medication...": a pronoun, a demonstrative
noun phrase or a relative pronoun is resolved to the nearest earlier term
whose type the predicate accepts -- first in the same sentence, then among
the subjects of the previous sentences' claims, then among their other terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from kgraph.pipeline.claim_rules import QualifierCues

__all__ = ["Term", "find_subject", "resolve", "syntactic_subject", "is_anaphoric", "EXAMPLE_MARKERS"]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
EXAMPLE_MARKERS = frozenset({"like", "such", "including", "include"})
MAX_CLIMB = 10


@dataclass(frozen=True, slots=True)
class Term:
    """Something a claim can be about, at tokens ``start:end`` of the doc (-1 when not in the text)."""

    start: int
    end: int
    iri: str  # concept IRI; "" for a statistic (its offsets say which)
    kind: str  # entity type (Drug, ...) or claim-term kind (Symptom, ...)
    source: str  # "mention", "term", "implied", "history"
    via: str | None = None  # the anaphor this term was resolved from


FRONTED = frozenset({"prep", "advmod", "advcl", "npadvmod"})


def syntactic_subject(root: Token, cue_start: int) -> Token | None:
    """The subject word on the cue's path to the sentence root, or the noun a relative clause modifies.

    The subject stands before the cue, except after a fronted modifier
    ("Unlike traditional pain medications, ketamine works quickly").
    """
    token = root
    fronted = root.dep_ in FRONTED
    for _ in range(MAX_CLIMB):
        for child in token.children:
            if child.dep_ in SUBJECT_DEPS and (child.i < cue_start or fronted):
                return child
        if token.dep_ in ("relcl", "acl") and token.head.i < token.i:
            noun = token.head
            if noun.dep_ == "attr":  # "Chronic pain is an issue ... leading to": the copula's subject
                for child in noun.head.children:
                    if child.dep_ in SUBJECT_DEPS and child.i < noun.i:
                        return child
            return noun
        if token.head is token:
            return None
        token = token.head
    return None


def is_anaphoric(token: Token, cues: QualifierCues) -> bool:
    """A pronoun ("it", "they"), or a noun with "this"/"these"/"its" ("this medication")."""
    if token.lower_ in cues.anaphors and token.pos_ in ("PRON", "DET"):
        return True
    determiners = {c.lower_ for c in token.children if c.dep_ in ("det", "poss")}
    if determiners & cues.anaphors:
        return True
    return token.lemma_.lower() in cues.anaphoric_heads and "the" in determiners


def resolve(position: int, terms: Sequence[Term], types: frozenset[str], history, via: str,
            exclude: Iterable[Term] = ()) -> Term | None:
    """The nearest earlier term of an accepted type: this sentence, then earlier claims' subjects, then earlier terms."""
    excluded = set(exclude)
    before = [t for t in terms if t.end <= position and t.kind in types and t not in excluded and t.iri]
    if before:
        return replace(before[-1], via=via)
    for earlier_terms, earlier_subjects in reversed(history):
        for term in earlier_subjects:  # the first claim's subject is the most salient
            if term.kind in types and term.iri:
                return replace(term, via=via)
        fitting = [t for t in earlier_terms if t.kind in types and t.iri]
        if fitting:  # the first mention, or the example it names ("medications like opioids")
            examples = [t for t in fitting if t.source == "example"]
            first = (examples or fitting)[0]
            return Term(-1, -1, first.iri, first.kind, "history", via)
    return None


def _best_in(phrase_terms: list[Term], head: Token, sent: Span) -> Term:
    for term in phrase_terms:
        if term.start <= head.i < term.end:
            return term
    return phrase_terms[0]


def _antecedent(relative: Token, terms: Sequence[Term], fits, types: frozenset[str], history, cues: QualifierCues,
                excluded: set[Term]) -> Term | None:
    """What "which"/"that"/"who" stands for: the noun its clause modifies.

    "a dissociative anesthetic that works by..." after "Ketamine is" is about
    ketamine; ", which disrupts" after a pronoun is about the clause's subject.
    """
    noun = relative.head.head if relative.head.dep_ in ("relcl", "acl") else None
    if noun is not None and noun.dep_ == "appos":  # "glutamate, a neurotransmitter that ..."
        noun = noun.head
    if noun is None:
        before = [t for t in terms if t.end <= relative.i and fits(t)]
        return before[-1] if before else None
    if noun.dep_ in ("attr", "appos") or noun.pos_ == "PRON":
        verb = noun.head
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS and child.i < noun.i:
                named = [t for t in terms if t.start <= child.i < t.end and fits(t)]
                if named:
                    return named[0]
    named = [t for t in terms if t.start <= noun.i < t.end and fits(t)]
    if named:
        return named[0]
    if noun.pos_ == "PRON" and is_anaphoric(noun, cues):
        return resolve(noun.i, terms, types, history, noun.text, excluded)
    return None


def find_subject(sent: Span, cue_start: int, cue_end: int, root: Token, terms: Sequence[Term],
                 types: frozenset[str], history, cues: QualifierCues, exclude: Iterable[Term] = ()) -> Term | None:
    """The claim's subject for the cue at tokens ``cue_start:cue_end``, or None when it has none we accept.

    Parameters
    ----------
    sent, root
        The sentence and the cue's syntactic root word.
    terms
        The sentence's terms.
    types
        Kinds the predicate accepts as subject.
    history
        ``(terms, claim subjects)`` of the previous sentences, oldest first.
    exclude
        The cue's objects, which cannot also be its subject.
    """
    excluded = set(exclude)

    def fits(term: Term) -> bool:
        return term.kind in types and term not in excluded and term.source != "implied" and bool(term.iri)

    if root.dep_ == "amod" and root.head.i >= cue_end:  # "non-addictive options": the options are
        modified = [t for t in terms if t.start <= root.head.i < t.end and fits(t)]
        return modified[0] if modified else None
    if root.dep_ == "prep" and root.head.pos_ == "VERB":  # "created ketamine as an anesthetic"
        for child in root.head.children:
            if child.dep_ == "dobj" and child.i < cue_start:
                named = [t for t in terms if t.start <= child.i < t.end and fits(t)]
                if named:
                    return named[0]
    head = syntactic_subject(root, cue_start)
    if head is not None:
        if head.lower_ in cues.relative_pronouns and head.dep_ in SUBJECT_DEPS:
            return _antecedent(head, terms, fits, types, history, cues, excluded)
        phrase = [t.i for t in head.subtree if t.i < cue_start]
        examples = [t for t in terms if t.source == "example" and fits(t) and t.start in phrase]
        if examples:  # "traditional pain medications like opioids": the named example
            return examples[0]
        named = [t for t in terms if t.start <= head.i < t.end and fits(t)]
        if named:
            return named[0]
        if phrase:
            low, high = min(phrase), max(phrase) + 1
            if is_anaphoric(head, cues):
                return resolve(low, terms, types, history, sent.doc[low:head.i + 1].text, excluded)
            inside = [t for t in terms if low <= t.start and t.end <= high and fits(t)]
            if inside:
                return _best_in(inside, head, sent)
            if head.lemma_.lower() in cues.recipients:  # "patients experience relief after receiving ketamine"
                later = [t for t in terms if t.start >= cue_end and fits(t) and t.kind == "Drug"]
                return later[0] if later else None
            return None  # the subject is something we do not track ("the goal")
    before = [t for t in terms if t.end <= cue_start and fits(t)]
    if before:
        return before[-1]
    after_colon = [t for t in terms if t.start >= cue_end and fits(t)]
    if after_colon and any(tok.text == ":" for tok in sent.doc[cue_end:after_colon[0].start]):
        return after_colon[0]  # "Safe, Non-Addictive: Ketamine provides ..."
    return resolve(sent.start, [], types, history, "(previous sentence)", excluded)
