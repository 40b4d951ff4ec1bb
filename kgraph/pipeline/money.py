"""Money amounts as STATISTIC spans: "$475 per infusion", "close to $3,000", "USD 450", "€300".

A money amount is a number with a currency: a symbol or code before it ("$475",
"US$ 80", "USD 450", "€300"), or a currency word or code after it ("200 dollars",
"450 USD", "500 euros"). It may be a range ("$400-$700", "$400 to 700",
"between $300 and $800"), carry a magnitude word or a glued magnitude letter
("$1.2 billion", "$1-2 billion", "$3M", "$50k"), a hedge before or after it
("close to $3,000", "about $500", "$500 or more") and a tail that says what one
amount buys:

* a period ("$35 billion a year", "$99 per month", "$20 monthly"): recorded as the
  quantity's ``per`` (1 YR, 1 MO), the same way as a dose per day;
* a counted item ("$475 per infusion", "$400-$700 per session", "$50 each visit"):
  recorded as ``quantifies`` ("infusion"), and ``per`` stays empty. The amount is
  the price of one such item, so the item is what the amount quantifies; ``per``
  is kept for durations only, so that every ``kg:period`` stays a time quantity.

Currencies (unit IRIs, symbols, codes and words) live in ``ontology/quantities.ttl``
as ``qudt:CurrencyUnit``; the money words (``per`` words, magnitude letters) live in
``patterns/numbers.json`` under ``money``. Left out: a currency sign with no number
("$"), a year before a currency word ("in 2019 dollars"), and ambiguous currency
words on their own (``skos:hiddenLabel``: "20 pounds" stays a count).

The span finder (:func:`find_money_spans`) works on the lexicon tokens of each
sentence and maps them back to spaCy tokens by character offsets, because spaCy
splits "$475" into "$", "475" but keeps "400-$700" as one token.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from rdflib import Graph, Namespace
from spacy.tokens import Doc

from kgraph.namespaces import RDF, SKOS
from kgraph.ontology_files import ontology_file
from kgraph.pipeline.doc_cache import page_text
from kgraph.pipeline.quantity_lexicon import (
    HedgeRule,
    NumberMatch,
    QuantityLexicon,
    _canon,
    _match_words,
    _words,
    match_hedge_after,
    match_hedge_before,
    match_number,
    match_unit,
    tokenize,
)
from kgraph.pipeline.statistic_shapes import noun_run

__all__ = ["Currencies", "MoneyReading", "find_money_spans", "load_currencies", "match_money", "read_money"]

QUDT = Namespace("http://qudt.org/schema/qudt/")
_DIGIT = re.compile(r"\d")
Tokens = Sequence[tuple[str, int, int]]


@dataclass(frozen=True)
class Currencies:
    """Currency labels by position: ``before`` the amount (symbols, codes), ``after`` it (words, codes, symbols)."""

    before: dict[tuple[str, ...], str]
    after: dict[tuple[str, ...], str]


@dataclass(frozen=True)
class MoneyReading:
    """A money amount read from plain text: the amount, its currency, hedge and tail."""

    amount: NumberMatch
    currency: str
    hedge: HedgeRule | None
    quantifies: str | None
    per_unit: str | None
    per_text: str | None


@cache
def load_currencies() -> Currencies:
    """Read the ``qudt:CurrencyUnit`` individuals of ``ontology/quantities.ttl`` once."""
    graph = Graph().parse(ontology_file("quantities.ttl"), format="turtle")
    before: dict[tuple[str, ...], str] = {}
    after: dict[tuple[str, ...], str] = {}
    for node in sorted(graph.subjects(RDF.type, QUDT.CurrencyUnit)):
        iri = str(node)
        for prop in (QUDT.symbol, QUDT.currencyCode):
            for label in graph.objects(node, prop):
                before[_words(str(label))] = after[_words(str(label))] = iri
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in graph.objects(node, prop):
                after[_words(str(label))] = iri
    return Currencies(before, after)


# ---------------------------------------------------------------- the amount


def _amount(
    toks: Tokens, words: Sequence[str], k: int, lex: QuantityLexicon
) -> tuple[int, Decimal, Decimal, bool] | None:
    """Digits at ``k`` with magnitude words or a glued magnitude letter: (end, low, high, scaled).

    ``words`` are the words of ``toks``.
    """
    if k >= len(words) or not (words[k][0].isdigit() or words[k][0] == "."):
        return None
    m = match_number(words, k, lex)
    if m is None or m.kind not in ("number", "range", "year") or m.upper is None:
        return None
    low, high, end = m.lower, m.upper, m.end
    scaled = end > k + 1 and words[end - 1] in lex.numbers["scales"]
    letters = lex.numbers["money"]["magnitude_letters"]
    if end < len(words) and words[end] in letters and toks[end][1] == toks[end - 1][2]:
        factor = Decimal(letters[words[end]])
        low, high, end, scaled = low * factor, high * factor, end + 1, True  # "$3M", "$50k"
    return end, _canon(low), _canon(high), scaled


def match_money(
    toks: Tokens, i: int, lex: QuantityLexicon, range_word: str | None = None, *, words: Sequence[str] | None = None
) -> tuple[NumberMatch, str] | None:
    """The money amount starting at lexicon token ``i``: (a NumberMatch of kind "money", currency IRI).

    ``range_word`` is an extra range separator after a range opener ("between $300 *and* $800").
    ``words`` are the words of ``toks``, when the caller has them already (a scan tries every token).
    """
    if words is None:
        words = [w for w, _, _ in toks]
    cur = load_currencies()
    pre = _match_words(words, i, cur.before)
    if pre is not None:
        k, iri = pre
        first = _amount(toks, words, k, lex)
        if first is None:
            return None  # "$" alone
        end, low, high, scaled = first
        seps = set(lex.numbers["range_separators"]) | ({range_word} if range_word else set())
        if low == high and end + 1 < len(words) and words[end] in seps:
            k2 = end + 1
            again = _match_words(words, k2, cur.before)
            if again is None or again[1] == iri:
                k2 = again[0] if again else k2
                second = _amount(toks, words, k2, lex)
                if second is not None:
                    digits = words[k2].replace(",", "")
                    plain = Decimal(digits) if digits.replace(".", "").isdigit() else None
                    if second[3] and not scaled and plain and low <= plain:
                        low = _canon(low * second[2] / plain)  # "$1 to $2 billion"
                    if low <= second[2]:
                        end, high = second[0], second[2]
        post = _match_words(words, end, cur.after)
        if post is not None and post[1] == iri:
            end = post[0]  # "$5 million dollars"
        return NumberMatch(i, end, low, high, "money"), str(iri)
    if i >= len(words) or not words[i][0].isdigit():
        return None  # an amount before its currency word is written in digits
    m = match_number(words, i, lex, range_word=range_word)
    if m is None or m.kind not in ("number", "range") or m.upper is None:
        return None  # a year before a currency word is a constant-dollar label: "in 2019 dollars"
    post = _match_words(words, m.end, cur.after)
    if post is None:
        return None
    return NumberMatch(i, post[0], m.lower, m.upper, "money"), str(post[1])


def _tail(words: Sequence[str], j: int, lex: QuantityLexicon) -> tuple[str, int, str | None] | None:
    """What follows an amount at ``j``: ("period", end, unit IRI) or ("item", start of the item, None)."""
    nums = lex.numbers
    if j >= len(words):
        return None
    if words[j] in nums["rate_adverb_units"]:
        return "period", j + 1, nums["rate_adverb_units"][words[j]]  # "$20 monthly"
    if words[j] not in nums["money"]["per_words"]:
        return None
    unit = match_unit(words, j + 1, lex)
    if unit is not None and unit[1] in lex.seconds and unit[0] == j + 2 and not words[j + 1].endswith("s"):
        return "period", unit[0], unit[1]  # "per month", "a year"
    if j + 1 < len(words) and words[j + 1][0].isalpha():
        return "item", j + 1, None  # "per infusion"
    return None


# ---------------------------------------------------------------- plain text (normalization)


def read_money(toks: Tokens, text: str, lex: QuantityLexicon) -> MoneyReading | None:
    """The first money amount of a span's tokens, with its hedge and tail, or None."""
    nums = lex.numbers
    words = [w for w, _, _ in toks]
    for i in range(len(words)):
        opener = nums["range_openers"].get(words[i])
        hit = match_money(toks, i + 1, lex, opener, words=words) if opener else None
        hit = hit or match_money(toks, i, lex, None, words=words)
        if hit is None:
            if words[i][0].isdigit():
                return None  # another number comes first
            continue
        amount, iri = hit
        before = match_hedge_before(words, i, lex)  # before the amount or its range opener
        rule = before[1] if before else None
        j = amount.end
        after = match_hedge_after(words, j, lex) if rule is None else None
        if after is not None:
            rule, j = after[1], after[0]
        quantifies = per_unit = per_text = None
        tail = _tail(words, j, lex)
        if tail is not None and tail[0] == "period":
            per_unit, per_text = tail[2], text[toks[j][1] :].strip()
        elif tail is not None:
            stops = set(nums["phrase_stops"]) | set(nums["rate_connectors"]) | {"of"}
            k = tail[1]
            while k < len(words) and words[k] not in stops and (words[k][0].isalpha() or words[k] == "-"):
                k += 1
            if k > tail[1]:
                quantifies = text[toks[tail[1]][1] : toks[k - 1][2]]
        return MoneyReading(amount, iri, rule, quantifies, per_unit, per_text)
    return None


# ---------------------------------------------------------------- spans in a parsed Doc


def find_money_spans(doc: Doc, lex: QuantityLexicon) -> list[tuple[int, int]]:
    """Token ranges ``(start, end)`` of the money statistics of ``doc``, sorted."""
    found: list[tuple[int, int]] = []
    sents = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
    text = page_text(doc)
    currencies = load_currencies()
    # an amount (or its range opener) starts with a range opener, the first word of a currency label, or digits
    starters = set(lex.numbers["range_openers"]) | {label[0] for label in currencies.before if label}
    anywhere = () in currencies.before  # an empty currency label would let any word start one
    for sent in sents:
        if not _DIGIT.search(text, sent.start_char, sent.end_char):
            continue  # every amount is written in digits
        toks = tokenize(text[sent.start_char : sent.end_char])  # sent.text, not rebuilt from its tokens
        words = [w for w, _, _ in toks]
        base = sent.start_char
        i = 0
        while i < len(words):
            word = words[i]
            hit = None
            if anywhere or word in starters or word[0].isdigit():
                hit = _money_at(doc, toks, words, i, base, lex)
            if hit is None:
                i += 1
                continue
            found.append(hit[0])
            i = hit[1]
    return sorted(found)


def _money_at(
    doc: Doc, toks: Tokens, words: list[str], i: int, base: int, lex: QuantityLexicon
) -> tuple[tuple[int, int], int] | None:
    """The money span whose amount (or range opener) starts at lexicon token ``i``, and the next token to scan."""
    nums = lex.numbers
    opener = nums["range_openers"].get(words[i])
    start, hit = i, None
    if opener:
        hit = match_money(toks, i + 1, lex, opener, words=words)
        if hit is not None and hit[0].lower == hit[0].upper:
            hit = None
        if hit is not None and opener in nums["range_separators"]:
            start = i + 1  # "from $300 to $800" is the range; "between" is part of it
    hit = hit or match_money(toks, i, lex, None, words=words)
    if hit is None:
        return None
    amount = hit[0]
    if amount.start == i:
        start = i
    before = match_hedge_before(words, start, lex)
    left = before[0] if before else start
    end = amount.end
    after = match_hedge_after(words, end, lex, closing=False)
    if after is not None and before is None:
        end = after[0]  # "$500 or more"
    end_char = base + toks[end - 1][2]
    tail = _tail(words, end, lex)
    if tail is not None and tail[0] == "period":
        end_char = base + toks[tail[1] - 1][2]
    elif tail is not None:
        item = doc.char_span(base + toks[tail[1]][1], base + toks[tail[1]][2], alignment_mode="expand")
        noun = noun_run(doc, item.start) if item is not None and len(item) else None
        if noun is not None and doc[noun].tag_ in ("NN", "NNP"):
            end_char = doc[noun].idx + len(doc[noun])  # "per infusion", not "per patients" nor "a day's"
    span = doc.char_span(base + toks[left][1], end_char, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return (span.start, span.end), amount.end
