"""Polarity and certainty of a claim, from cue words and the dependency parse (pure helpers)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kgraph.pipeline.claim_rules import QualifierCues
from kgraph.pipeline.doc_cache import token_columns
from kgraph.pipeline.phrases import PhraseIndex, PhraseMatch

__all__ = ["QualifierIndex", "Cue", "sentence_cues", "polarity", "certainty", "in_clausal_subject", "NEGATION_REACH",
           "HEDGE_REACH", "PREFIX_NEGATIONS"]

NEGATION_REACH = 4  # words between a negation and the cue or object it denies ("does not really work")
HEDGE_REACH = 6
PREFIX_NEGATIONS = frozenset({"non"})  # "non-addictive": denies the word it is joined to, nothing further
PREFIX_REACH = 1  # tokens between a prefix negation and the word it denies: the hyphen of "non-addictive"
CLAUSAL_SUBJECTS = frozenset({"csubj", "csubjpass"})  # a clause as a subject: "Using it to treat X is off-label"


@dataclass(frozen=True, slots=True)
class Cue:
    """A qualifier cue found in a sentence (token offsets)."""

    start: int
    end: int
    text: str


class QualifierIndex:
    """Phrase indexes of the negation, hedge and emphatic cues."""

    def __init__(self, cues: QualifierCues, tokenize) -> None:
        self.negation: PhraseIndex[str] = PhraseIndex(((c, "negation") for c in cues.negation), tokenize)
        self.exceptions: PhraseIndex[str] = PhraseIndex(((c, "exception") for c in cues.negation_exceptions), tokenize)
        self.hedge: PhraseIndex[str] = PhraseIndex(((c, "hedge") for c in cues.hedge), tokenize)
        self.hedge_exceptions: PhraseIndex[str] = PhraseIndex(((c, "exception") for c in cues.hedge_exceptions),
                                                              tokenize)
        self.emphatic: PhraseIndex[str] = PhraseIndex(((c, "emphatic") for c in cues.emphatic), tokenize)


@dataclass(frozen=True)
class SentenceCues:
    """Negation, hedge and emphatic cues of one sentence."""

    negations: tuple[Cue, ...]
    hedges: tuple[Cue, ...]
    emphatics: tuple[Cue, ...]
    # a conjunction after a comma (", and using them ..."): a new coordinated clause, beyond a negation's reach
    coordinations: tuple[int, ...] = ()
    # tokens that continue a hyphenated word ("-" and "term" of "long-term"): one word, not three
    continuations: frozenset[int] = frozenset()
    # each token inside a relative clause, with the clause's verb ("patients who tried X without success")
    relatives: Mapping[int, int] = field(default_factory=dict)

    def words(self, start: int, end: int) -> int:
        """Words in tokens ``[start, end)``, a hyphenated word counted once."""
        return end - start - sum(1 for i in range(start, end) if i in self.continuations)


def _cues(matches: Sequence[PhraseMatch], sent: Span) -> tuple[Cue, ...]:
    doc = sent.doc
    return tuple(Cue(m.start, m.end, doc[m.start:m.end].text) for m in matches)


def _answers_a_question(sent: Span, at: int) -> bool:
    """Whether the word at ``at`` is an answer opening the sentence ("No. Ketamine was approved in 1970 as an
    anesthetic", "No, ..."): it denies the question asked before, not what the sentence goes on to say."""
    doc = sent.doc
    return at == sent.start and at + 1 < len(doc) and doc[at].lower_ == "no" \
        and doc[at + 1].text in (".", ",", "!", ";", ":")


def sentence_cues(sent: Span, index: QualifierIndex) -> SentenceCues:
    """The qualifier cues of ``sent``.

    Negations inside an exception ("not only") are left out, and so are those
    inside a clause that is a verb's subject ("Taking it without monitoring
    can be dangerous"): they deny something of that clause, which states no
    claim of its own. Hedges inside an exception ("more likely") compare; they
    do not hedge.
    """
    exceptions = index.exceptions.find(sent)
    negations = [m for m in index.negation.find(sent)
                 if not any(e.start < m.end and m.start < e.end for e in exceptions)  # "can not only"
                 and not in_clausal_subject(sent.doc[m.start]) and not _answers_a_question(sent, m.start)]
    # a one-word hedge used as a noun is no hedge: "thought patterns", "in May"
    hedges = [m for m in index.hedge.find(sent)
              if not (m.end - m.start == 1 and sent.doc[m.start].pos_ in {"NOUN", "PROPN"})]
    if hedges:  # "more likely" compares
        comparisons = index.hedge_exceptions.find(sent)
        hedges = [m for m in hedges if not any(e.start <= m.start and m.end <= e.end for e in comparisons)]
    emphatics = [m for m in index.emphatic.find(sent) if not any(h.start <= m.start < h.end for h in hedges)]
    doc = sent.doc
    texts = token_columns(doc).text
    coordinations = tuple(i for i in range(sent.start + 1, sent.end) if texts[i - 1] == "," and doc[i].pos_ == "CCONJ")
    continuations = frozenset(j for i in range(sent.start + 1, sent.end - 1)
                              if texts[i] == "-" and not doc[i - 1].whitespace_ and not doc[i].whitespace_
                              for j in (i, i + 1))
    return SentenceCues(_cues(negations, sent), _cues(hedges, sent), _cues(emphatics, sent), coordinations,
                        continuations, _relative_clauses(sent) if negations else {})


def _relative_clauses(sent: Span) -> dict[int, int]:
    """Each token of the sentence inside a relative clause, with the clause's verb (the innermost one)."""
    inside: dict[int, int] = {}
    verbs = sorted((v for v in sent if v.dep_ == "relcl"), key=lambda v: v.left_edge.i - v.right_edge.i)
    for verb in verbs:  # the widest clause first, so a clause inside it overwrites its words
        for token in verb.subtree:
            inside[token.i] = verb.i
    return inside


def in_clausal_subject(token: Token) -> bool:
    """Whether ``token`` lies in a clause that is a verb's subject (``csubj``, ``csubjpass``)."""
    while True:
        if token.dep_ in CLAUSAL_SUBJECTS:
            return True
        if token.head.i == token.i:  # the root (spaCy makes a new Token each time: compare indices)
            return False
        token = token.head


def _governs(cue: Cue, target: Token) -> bool:
    """Does the cue's word depend on the target or on one of its ancestors (or is it one)?"""
    doc = target.doc
    line = {target.i, *(t.i for t in target.ancestors)}
    for token in doc[cue.start:cue.end]:
        if token.i in line or token.head.i in line:
            return True
    return False


def polarity(cues: SentenceCues, cue_start: int, cue_end: int, objects: Sequence[tuple[int, int]],
             clause_of: dict[int, int], denied_by_cue: bool) -> tuple[bool, str | None]:
    """Is the claim denied, and by which words?

    A negation counts when it stands, in the claim's clause, at most
    ``NEGATION_REACH`` words before the predicate cue ("is not addictive",
    "non-addictive", "without the risk of") or just before the object ("no
    side effects"). Negations inside the cue itself are the cue's own
    meaning (``denied_by_cue``). Each negation flips the polarity, so "does
    not come without risks" is affirmed.
    """
    clause = clause_of.get(cue_start)
    found: list[Cue] = []
    for neg in cues.negations:
        if cue_start <= neg.start < cue_end or clause_of.get(neg.start) != clause:
            continue
        if neg.start in cues.relatives and cues.relatives[neg.start] != cues.relatives.get(cue_start):
            continue  # "patients who have tried X without success may benefit": the relative clause's own
        if neg.text.lower() in PREFIX_NEGATIONS:  # "non-addictive" denies "addictive", but "a non-invasive
            # treatment" is still a treatment: the prefix is joined (by its hyphen at most) to the cue's first word
            before_cue = 0 <= cue_start - neg.end <= PREFIX_REACH
        else:
            before_cue = neg.end <= cue_start and cues.words(neg.end, cue_start) <= NEGATION_REACH \
                and not any(neg.end <= i < cue_start for i in cues.coordinations)  # "do little for X, and using Y"
        before_object = any(neg.end <= start and start - neg.end <= 2 and neg.start >= cue_end for start, _ in objects)
        if before_cue or before_object:
            found.append(neg)
    flips = len(found) + (1 if denied_by_cue else 0)
    return flips % 2 == 1, " ".join(c.text for c in found) or None


def certainty(cues: SentenceCues, root: Token, cue_start: int, clause_of: dict[int, int]) -> tuple[str, str | None]:
    """``("Hedged" | "Emphatic" | "Asserted", cue words)`` for the claim whose predicate word is ``root``.

    A hedge or emphatic cue counts when the parse puts it on the path from
    the predicate to the sentence root ("is thought to improve ... by
    blocking", "Studies suggest that ketamine can reduce"), or when it stands
    shortly before the predicate in the same clause. A hedge outweighs an
    emphatic cue.
    """
    clause = clause_of.get(cue_start)

    def applies(cue: Cue) -> bool:
        near = cue.end <= cue_start and cue_start - cue.end <= HEDGE_REACH and clause_of.get(cue.start) == clause
        return near or _governs(cue, root)

    hedges = _outermost([c for c in cues.hedges if applies(c)], cue_start)
    if hedges:
        return "Hedged", " ".join(c.text for c in hedges)
    emphatics = _outermost([c for c in cues.emphatics if applies(c)], cue_start)
    if emphatics:
        return "Emphatic", " ".join(c.text for c in emphatics)
    return "Asserted", None


def _outermost(cues: list[Cue], cue_start: int) -> list[Cue]:
    """The cues to name: those before the predicate when there are any (a hedge leads what it qualifies:
    "it's thought to affect your mood and thought patterns"), none inside another, in text order."""
    before = [c for c in cues if c.end <= cue_start]
    cues = before or cues
    kept: list[Cue] = []
    for cue in sorted(cues, key=lambda c: (c.start, -c.end)):
        if not any(k.start <= cue.start and cue.end <= k.end for k in kept):
            kept.append(cue)
    return kept
