"""Token shapes for the STATISTIC span finder: noun phrases, partitives and dated claims.

Helpers of :mod:`kgraph.pipeline.statistics`, kept apart so each module stays short.
Like the span finder, they read words only from the lexicon's ``numbers`` data
(``dated_claims`` rules) and otherwise use token shapes and the parse.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from kgraph.pipeline.quantity_lexicon import QuantityLexicon

__all__ = ["NOMINAL", "dated_claim", "glued", "month_date_start", "noun_run", "np_end", "partitive_end"]

NOMINAL = {"NOUN", "PROPN"}


def glued(doc: Doc, a: int) -> bool:
    """Tokens ``a`` and ``a + 1`` touch (no space between them)."""
    return 0 <= a < len(doc) - 1 and not doc[a].whitespace_


def noun_run(doc: Doc, j: int) -> int | None:
    """Index of the last noun of the adjective/compound/noun run starting at ``j`` (same sentence).

    The run stops where the previous word does not modify a later one: in "a third
    of patients relapse", "patients" heads its own phrase, so "relapse" is not in it.
    """
    last = None
    k = j
    while k < len(doc) and not (k > j and doc[k].is_sent_start):
        tok = doc[k]
        if k > j and doc[k - 1].tag_ != "HYPH" and tok.tag_ != "HYPH" and doc[k - 1].head.i < k:
            break
        if tok.pos_ in NOMINAL:
            last = k
        elif not (tok.pos_ == "ADJ" or tok.tag_ == "HYPH" or tok.tag_ in ("VBN", "VBG") and tok.dep_ == "amod"):
            break
        k += 1
    return last


def np_end(doc: Doc, j: int) -> int | None:
    """End of the noun phrase after "of": determiners, then a noun run."""
    while j < len(doc) and doc[j].pos_ == "DET" and not doc[j].is_sent_start:
        j += 1
    noun = noun_run(doc, j)
    return noun + 1 if noun is not None else None


def partitive_end(doc: Doc, j: int) -> int | None:
    """End of the object of a partitive "of" at ``j``: a noun phrase ("of those days") or a pronoun ("of them")."""
    if j < len(doc) and not doc[j].is_sent_start and doc[j].pos_ == "PRON" and doc[j].lower_ not in ("which", "whom"):
        return j + 1
    return np_end(doc, j)


# ---------------------------------------------------------------- dated claims


def month_date_start(words: Sequence[str], y: int, lex: QuantityLexicon) -> int | None:
    """The month token of a date that ends with the year at ``y``: "January 2023", "May 5, 2020"."""
    months = lex.numbers["months"]
    k = y - 1
    if k >= 0 and words[k] == ",":
        k -= 1
    if k >= 0 and words[k].isdigit() and int(words[k]) <= 31:
        k -= 1
    if k >= 0 and words[k] == ".":
        k -= 1
    return k if k >= 0 and words[k].rstrip(".") in months else None


def dated_claim(doc: Doc, words: Sequence[str], date: int, end: int, lex: QuantityLexicon) -> tuple[int, int] | None:
    """A year, decade or month-year dating the asserted event: "first synthesized in 1962".

    The date's preposition must hang (through at most a few heads) from a verb
    before it that is marked "first" (or a similar marker) or is a dating verb; or,
    looking back from the preposition in the same clause, a dating verb or noun
    comes first ("FDA-approved for fibromyalgia in 2007", "approval in 2020").
    Framing years ("In 2019, ...") and citations ("a study published in 2019") are left out.
    With "since" the words of a continuing state date it too ("has been available since
    2010", "has been used in anesthesia since the 1970s"); a bare "Since 2019, we ..." frames.
    """
    rules = lex.numbers["dated_claims"]
    p = date - 1
    if p >= 0 and words[p] in rules["date_modifiers"]:
        p -= 1  # "the early 1990s"
    if p >= 0 and doc[p].pos_ == "DET":
        p -= 1
    if p < 0 or words[p] not in rules["prepositions"]:
        return None
    extra = frozenset(rules["since_words"]) if words[p] in rules["since_prepositions"] else frozenset()
    head = doc[p].head
    for _ in range(4):
        if head.pos_ in ("VERB", "AUX") or head.dep_ == "ROOT":
            break
        head = head.head
    if head.pos_ == "VERB" and head.i < p and head.sent == doc[p].sent:
        if _cites(head, rules):
            return None
        markers = [c for c in head.children if c.lower_ in rules["markers"] and c.i < head.i]
        if markers:
            return min(c.i for c in markers), end
        if _dating_word(head, rules, extra):
            return _claim_start(doc, words, head.i, rules), end
    sent_start = doc[p].sent.start
    for k in range(p - 1, max(sent_start, p - rules["scan_window"]) - 1, -1):
        tok = doc[k]
        if tok.is_punct and tok.tag_ != "HYPH":
            return None
        if _dating_word(tok, rules, extra):
            return None if _cites(tok, rules) else (_claim_start(doc, words, k, rules), end)
        if tok.pos_ == "VERB":
            return None
    return None


def _dating_word(tok: Token, rules: dict, extra: frozenset[str] = frozenset()) -> bool:
    """A verb ("approved", "FDA-approved", "cleared") or noun ("approval") that dates an event.

    ``extra`` adds words that date only with "since": verbs and adjectives of a state ("used", "available").
    """
    word = tok.lower_
    if tok.pos_ in NOMINAL and word in rules["nouns"]:
        return True
    if tok.pos_ not in ("VERB", "ADJ"):
        return False
    forms = {tok.lemma_.lower(), word}
    if word.endswith("ed"):
        forms |= {word[:-2], word[:-1]}
        if len(word) > 4 and word[-3] == word[-4]:
            forms.add(word[:-3])  # "banned"
    elif tok.pos_ == "ADJ" and word not in extra:
        return False
    return bool(forms & (set(rules["verbs"]) | extra))


def _cites(tok: Token, rules: dict) -> bool:
    """The dating word dates a citation: "a study published in 2019", "the review was published in 2019"."""
    nouns = set(rules["citation_nouns"])
    related = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "nsubj")]
    if tok.dep_ in ("acl", "relcl", "amod"):
        related.append(tok.head)
    return any(r.lower_ in nouns or r.lemma_.lower() in nouns for r in related)


def _claim_start(doc: Doc, words: Sequence[str], k: int, rules: dict) -> int:
    """Start of a dated claim whose dating word is at ``k``: its hyphen compound, modifiers and marker."""
    start = k
    while start >= 2 and words[start - 1] == "-" and glued(doc, start - 2) and glued(doc, start - 1):
        start -= 2  # "FDA-approved"
    sent_start = doc[k].sent.start
    if doc[k].pos_ in NOMINAL:
        while start - 1 >= sent_start and doc[start - 1].head.i == k and doc[start - 1].dep_ in ("compound", "amod"):
            start -= 1  # "second FDA approval"
    for q in range(start - 1, max(sent_start, start - 5) - 1, -1):
        if doc[q].is_punct and doc[q].tag_ != "HYPH":
            break
        if words[q] in rules["markers"]:
            return q  # "the first drug FDA-approved for ..."
    return start
