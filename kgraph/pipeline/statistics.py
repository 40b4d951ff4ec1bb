"""Find STATISTIC spans in a parsed Doc (gold/ANNOTATION.md, "STATISTIC").

A statistic is a number together with what it quantifies and a directly
attached qualifier: a percent (with "of <noun phrase>"), a count of a plural
noun ("two experienced emergency room physicians"), a duration ("over 12
weeks", "three months or more", "under an hour"), a rate ("six infusions over
two weeks", "roughly 17 per day", "twice daily", "15 or more days per month"),
a fraction or ratio ("two-thirds of patients", "about half", "one in five
adults"), an age ("adults 18 or older", "ages 18 to 65", "the average age at
diagnosis is 40", "patients over 65"), a large number on its own ("slightly
more than 17 million"), or a dated claim whose date is the asserted fact
("first synthesized in 1962", "was approved by the FDA in 2019", "received a
second FDA approval in 2020", "was eliminated in January 2023"), or a money
amount ("$475 per infusion", "close to $3,000", "between $300 and $800", "€300";
see :mod:`kgraph.pipeline.money`).

Left out by general rules: years that frame a claim ("In 2019, ...", "since
2019") or date a citation ("a study published in 2019 found"), numbers with
nothing to quantify (volume, issue and page numbers, phone numbers, list
numbering), numbers that are part of a name ("5-HT2A", "COVID-19", "Type 2
diabetes", "Phase 3 trial"), dates with month names that date nothing, times of
day, the number one with a singular noun ("one treatment", "one of the ...")
unless a hedge cue states it ("as little as one session"), zero, ordinals, and
vague amounts with no number. A date that is the object of a dated verb's
preposition counts even in a subordinate clause ("since we opened in 2019"
gives "opened in 2019"). Words come from the lexicon
(:func:`kgraph.pipeline.quantity_lexicon.load_quantity_lexicon`); only token
shapes and the parse are used here. The integrator wraps
:func:`find_statistic_spans` in a pipeline component; :func:`statistic_quantity`
normalizes a found span, reading the rest of its sentence for the place that
scopes a count ("50-100 million adults in the U. S.": US adults) without
growing the span.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from kgraph.namespaces import QUDT_UNIT
from kgraph.pipeline.doc_cache import cached, page_text, token_columns
from kgraph.pipeline.money import find_money_spans
from kgraph.pipeline.quantities import Quantity, normalize_statistic, scope_statistic
from kgraph.pipeline.quantity_lexicon import (
    PERCENT,
    NumberMatch,
    QuantityLexicon,
    can_start_number,
    extend_unit_range,
    match_hedge_after,
    match_hedge_at,
    match_hedge_before,
    match_number,
    match_unit,
)
from kgraph.pipeline.statistic_shapes import (
    dated_claim,
    glued,
    month_date_start,
    noun_run,
    np_end,
    partitive_end,
)

__all__ = ["find_statistic_spans", "span_quantity", "statistic_context", "statistic_quantity"]

_YEAR = str(QUDT_UNIT.YR)  # ages are durations in years of life
_PLURAL_TAGS = {"NNS", "NNPS"}
_GOVERNED = {"NOUN", "PROPN", "NUM", "DET", "PRON", "ADJ"}  # what a preposition-like cue would take as object


def find_statistic_spans(doc: Doc, lexicon: QuantityLexicon) -> list[Span]:
    """STATISTIC spans of ``doc``, sorted and non-overlapping.

    Parameters
    ----------
    doc
        A Doc parsed by a pipeline with a tagger and a dependency parser.
    lexicon
        The quantity lexicon (number words, units, hedges).

    Returns
    -------
    list of Span
        Spans labelled ``STATISTIC``, sorted by position, none overlapping.
    """
    words = token_columns(doc).lower
    found = find_money_spans(doc, lexicon)  # "$475 per infusion", "close to $3,000"
    in_money = {k for s, e in found for k in range(s, e)}
    openers = lexicon.numbers["range_openers"]
    # few words can start a statistic (a number or a range opener): tell which once per distinct word
    starters = {w for w in set(words) if w in openers or can_start_number(w, lexicon)}
    i = 0
    while i < len(doc):
        hit = None
        if words[i] in starters and i not in in_money:
            hit = _statistic_at(doc, words, i, lexicon)
        if hit is None:
            i += 1
            continue
        found.append(hit)
        i = max(i + 1, hit[1])
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda se: (se[0], se[0] - se[1])):
        if all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
    return [Span(doc, s, e, label="STATISTIC") for s, e in sorted(chosen)]


def statistic_context(span: Span) -> str:
    """The text after ``span`` up to the end of its sentence (or line), where a place may scope its count."""
    doc = span.doc
    text = page_text(doc)
    end = span.sent.end_char if doc.has_annotation("SENT_START") else len(text)
    following = text[span.end_char : max(end, span.end_char)]
    return following.split("\n", 1)[0]


def statistic_quantity(span: Span) -> Quantity | None:
    """The normalized quantity of a STATISTIC span, its population read also after the span.

    ``normalize_statistic(span.text)`` plus :func:`statistic_context`: "50-100
    million adults" followed by "in the U. S." counts US adults
    (``kg:population``); the quantity's text stays the span's text.
    """
    return scope_statistic(span_quantity(span), _span_text(span), statistic_context(span))


def span_quantity(span: Span) -> Quantity | None:
    """``normalize_statistic(span.text)``, parsed once per page and text: the claims stage reads it too."""
    text = _span_text(span)
    normalized = cached(span.doc, _normalized_texts)
    if text not in normalized:
        normalized[text] = normalize_statistic(text)
    return normalized[text]


def _normalized_texts(doc: Doc) -> dict[str, Quantity | None]:
    return {}  # filled by span_quantity


def _span_text(span: Span) -> str:
    return page_text(span.doc)[span.start_char : span.end_char]  # span.text, not rebuilt from its tokens


# ---------------------------------------------------------------- one candidate


def _statistic_at(doc: Doc, words: Sequence[str], i: int, lex: QuantityLexicon) -> tuple[int, int] | None:
    """The statistic whose number starts at token ``i`` (or at a range opener there)."""
    nums = lex.numbers
    start = i
    m: NumberMatch | None = None
    opener = nums["range_openers"].get(words[i])
    if opener:
        m = match_number(words, i + 1, lex, range_word=opener)
        if m is None or m.kind != "range":
            return None
        # "between" is part of the range ("between 8 mg and 16 mg"); "from" is not ("3 to 6 months")
        start = i + 1 if opener in nums["range_separators"] else i
    else:
        m = match_number(words, i, lex)
    if m is None:
        return None
    if m.kind == "year":
        month = month_date_start(words, m.start, lex)
        if month is not None:  # "was eliminated in January 2023"
            return dated_claim(doc, words, month, m.end, lex)
    if _excluded(doc, words, m, lex) or _is_name(doc, words, m, lex):
        return None
    if m.kind in ("year", "decade"):
        return dated_claim(doc, words, m.start, m.end, lex)
    hedge = match_hedge_before(words, start, lex)
    if hedge is not None and _crosses_sentence(doc, hedge[0], start):
        hedge = None
    left = hedge[0] if hedge is not None else start
    end = _right_extent(doc, words, m, lex, hedged=hedge is not None)
    if end is None:
        return _age(doc, words, m, left, hedge is not None, lex)
    unit = match_unit(words, m.end, lex)
    if unit is not None and unit[1] == _YEAR:
        left = _age_word_before(doc, words, left, lex) or left  # "ages 18 to 65 years"
    return left, end


def _excluded(doc: Doc, words: Sequence[str], m: NumberMatch, lex: QuantityLexicon) -> bool:
    """Dates with month names, times of day, list numbering, zero."""
    nums = lex.numbers
    months, clock = set(nums["months"]), set(nums["time_of_day_markers"])
    after = words[m.end] if m.end < len(words) else ""
    if _is_month(doc, m.end, months) or any(_is_month(doc, k, months) for k in range(max(0, m.start - 3), m.start)):
        return True
    if after in clock or ":" in after:
        return True
    first = doc[m.start]
    at_line_start = m.start == 0 or "\n" in doc[m.start - 1].text_with_ws or first.is_sent_start
    if at_line_start and after in (".", ")") and m.kind == "number":
        return True
    return m.kind == "number" and m.upper == 0


def _is_month(doc: Doc, k: int, months: set[str]) -> bool:
    """A month name ("May"), not the modal verb "may"."""
    return k < len(doc) and doc[k].lower_.rstrip(".") in months and doc[k].tag_ != "MD"


def _is_name(doc: Doc, words: Sequence[str], m: NumberMatch, lex: QuantityLexicon) -> bool:
    """A number that is part of a name: "COVID-19", "5-HT2A receptors", "Type 2 diabetes", "Phase 3 trial"."""
    if m.kind not in ("number", "range"):
        return False
    s, e = m.start, m.end
    if s >= 2 and words[s - 1] == "-" and glued(doc, s - 2) and glued(doc, s - 1):
        if any(c.isalpha() for c in doc[s - 2].text):
            return True  # "COVID-19", "IL-6"
    if e + 1 < len(doc) and words[e] == "-" and glued(doc, e - 1) and glued(doc, e):
        nxt = doc[e + 1].text
        if match_unit(words, e, lex) is None and any(c.isupper() or c.isdigit() for c in nxt):
            return True  # "5-HT2A", "3-D"
    if e < len(doc) and glued(doc, e - 1) and any(c.isalpha() for c in doc[e].text) and not doc[e].is_punct:
        if match_unit(words, e, lex) is None and words[e] not in ("s", "th", "st", "nd", "rd"):
            return True  # a number glued to letters: "12B"
    if s == 0:
        return False
    prev = doc[s - 1]
    if prev.lower_ in lex.numbers["label_nouns"]:
        return True  # "stage 4 cancers", "Schedule 2 drugs"
    cue_words = {w for cue in lex.hedge_cues for w in cue}
    return (
        prev.is_alpha
        and prev.text[0].isupper()
        and prev.tag_ in ("NN", "NNP")
        and prev.lower_ not in cue_words
        and prev.lower_ not in lex.numbers["ages"]["words"]
        and prev.lower_ not in lex.numbers["cardinals"]
        and match_unit(words, s - 1, lex) is None
    )  # "Title 42", "Type 2 diabetes"


def _crosses_sentence(doc: Doc, start: int, end: int) -> bool:
    return any(doc[k].is_sent_start for k in range(start + 1, end + 1) if k < len(doc))


def _right_extent(doc: Doc, words: Sequence[str], m: NumberMatch, lex: QuantityLexicon, *, hedged: bool) -> int | None:
    """End token (exclusive) of the statistic whose number is ``m``, or None if it quantifies nothing."""
    j = m.end
    if m.kind == "magnitude":
        return np_end(doc, j + 1)  # "millions of people"
    if m.kind == "fraction":
        if j < len(words) and words[j] == "of":
            return partitive_end(doc, j + 1)  # "two-thirds of patients", "more than half of them"
        if j < len(doc) and doc[j].pos_ == "DET":
            return np_end(doc, j) or j  # "half the patients"
        return j  # "about half"
    if m.kind == "ratio":
        noun = noun_run(doc, j)
        return noun + 1 if noun is not None and _plural(doc[noun]) else j
    if m.kind == "multiplicative":
        return _rate_end(doc, words, j, lex)
    if m.kind in ("number", "range") and match_unit(words, j, lex) is None:
        mid = _hedge_after(doc, words, j, lex, governs_ok=True)
        if mid is not None and (match_unit(words, mid, lex) is not None or _plural_noun_at(doc, mid)):
            j = mid  # "15 or more days per month"
    unit = match_unit(words, j, lex)
    if unit is not None:
        hyphenated = words[j] == "-"
        unit_token, (j, iri) = j + hyphenated, unit
        if iri == PERCENT:
            if j < len(doc) and words[j] == "of":
                return np_end(doc, j + 1) or j
            noun = noun_run(doc, j)
            return noun + 1 if noun is not None else j  # "a 50% decrease"
        ranged = False
        if iri in lex.seconds:
            m, j = extend_unit_range(m, words, j, iri, lex)
            ranged = m.kind == "range"  # "a year or two"
            rate = _rate_end(doc, words, j, lex)
            if rate is not None:
                return rate  # "15 days per month", "3 hours a day"
        elif not hyphenated:  # a dose or other measure: "40 mg of ketamine", "1 mg/kg over 40 minutes"
            what = partitive_end(doc, j + 1) if j < len(words) and words[j] == "of" else None
            rate = _rate_end(doc, words, what or j, lex)
            if rate is not None or what is not None:
                return rate or what
        after = _hedge_after(doc, words, j, lex)
        if after is not None:
            return after  # "three months or more", "a month or more"
        if m.kind == "article" and not (hedged or ranged) and not _duration_object(doc, unit_token, lex):
            return None  # "a week later": only "under an hour", "takes an hour"
        if hyphenated:
            noun = noun_run(doc, j)
            return noun + 1 if noun is not None else j  # "a 40-minute infusion"
        return j
    if m.kind == "article":
        return None
    if j < len(words) and words[j] == "of" and (hedged or m.upper != 1):
        part = partitive_end(doc, j + 1)
        if part is not None:
            return part  # "at least eight of those days", "two of the patients"; not "one of the reasons"
    bare_rate = _rate_end(doc, words, j, lex, bare=True)
    if bare_rate is not None:
        return bare_rate  # "roughly 17 per day"
    noun = noun_run(doc, j)
    if m.kind == "number" and m.lower == m.upper == 1:
        if noun is None:
            return None
        rate = _rate_end(doc, words, noun + 1, lex)
        if rate is not None:
            return rate  # "one pill a day"
        return noun + 1 if hedged else None  # "as little as one session"; not "one treatment"
    if noun is not None and _plural(doc[noun]):
        end = noun + 1
        rate = _rate_end(doc, words, end, lex)
        if rate is not None:
            return rate
        after = _hedge_after(doc, words, end, lex)
        return after if after is not None else end
    if any(w in lex.numbers["scales"] for w in words[m.start : m.end]):
        return m.end  # "slightly more than 17 million"
    return None


def _duration_object(doc: Doc, k: int, lex: QuantityLexicon) -> bool:
    """The time unit at ``k`` is the object of a duration verb: "takes an hour", "lasts a week"."""
    tok = doc[k]
    return tok.dep_ in ("dobj", "npadvmod", "attr") and tok.head.lemma_.lower() in lex.numbers["duration_verbs"]


def _plural_noun_at(doc: Doc, j: int) -> bool:
    noun = noun_run(doc, j)
    return noun is not None and _plural(doc[noun])


def _hedge_after(
    doc: Doc, words: Sequence[str], j: int, lex: QuantityLexicon, *, governs_ok: bool = False
) -> int | None:
    """End of a hedge cue after the number, unless the cue governs a phrase ("under anesthesia")."""
    hit = match_hedge_after(words, j, lex, closing=False)
    if hit is None or _crosses_sentence(doc, j, hit[0] - 1):
        return None
    end = hit[0]
    if not governs_ok and end < len(doc) and not doc[end].is_sent_start and doc[end].pos_ in _GOVERNED:
        return None
    return end


def _plural(token: Token) -> bool:
    return token.tag_ in _PLURAL_TAGS


def _rate_end(doc: Doc, words: Sequence[str], j: int, lex: QuantityLexicon, *, bare: bool = False) -> int | None:
    """End of a rate's duration after a count: "over two weeks", "per week", "daily", "over about nine weeks".

    With ``bare`` (a number with nothing counted: "17 per day") only "per"/"a"/"every"
    and a singular time unit count.
    """
    nums = lex.numbers
    if j >= len(words) or _crosses_sentence(doc, j - 1, j):
        return None
    if words[j] in nums["rate_adverb_units"] and not bare:
        return j + 1  # "twice daily"
    if words[j] not in nums["rate_connectors"]:
        return None
    if words[j] in nums["rate_singular"]:
        unit = match_unit(words, j + 1, lex)
        if unit is not None and unit[1] in lex.seconds and unit[0] == j + 2 and not words[j + 1].endswith("s"):
            return unit[0]
    if bare:
        return None
    k = j + 1
    hedge = match_hedge_at(words, k, lex)
    if hedge is not None:
        k = hedge[0]
    other = match_number(words, k, lex)
    if other is not None and other.kind in ("number", "range", "article"):
        unit = match_unit(words, other.end, lex)
        if unit is not None and unit[1] in lex.seconds:
            return unit[0]
    return None


# ---------------------------------------------------------------- ages


def _age(
    doc: Doc, words: Sequence[str], m: NumberMatch, left: int, hedged: bool, lex: QuantityLexicon
) -> tuple[int, int] | None:
    """An age with no unit: "adults 18 or older", "ages 18 to 65", "the average age at diagnosis is 40"."""
    ages = lex.numbers["ages"]
    if m.kind not in ("number", "range") or m.upper is None or not 1 <= m.lower <= m.upper <= ages["max"]:
        return None
    if m.lower != m.lower.to_integral_value() or m.upper != m.upper.to_integral_value():
        return None
    end = m.end
    cue = match_hedge_after(words, end, lex, closing=False)
    cue_words = tuple(words[end : cue[0]]) if cue is not None else ()
    age_cue = cue_words in ages["postfix_cue_words"]
    range_cue = cue_words in ages["range_postfix_cue_words"]
    if age_cue or range_cue:
        end = cue[0]  # type: ignore[index]
    if end < len(doc) and not doc[end].is_sent_start:
        nxt = doc[end]
        if nxt.pos_ in ("NOUN", "PROPN", "NUM") or words[end] in ("/", ":", "-", "%"):
            return None
    age_word = _age_word_before(doc, words, left, lex)
    if age_word is not None:
        return age_word, end
    people = left > 0 and words[left - 1] in ages["people"] and not _crosses_sentence(doc, left - 1, left)
    if people and (hedged or age_cue or range_cue or m.kind == "range"):
        return left - 1, end  # "patients over 65", "adults 18 or older"
    if age_cue:
        return left, end  # "must be 18 or older"
    return None


def _age_word_before(doc: Doc, words: Sequence[str], left: int, lex: QuantityLexicon) -> int | None:
    """Start of an age phrase ending right before ``left``: "ages", "the average age at diagnosis is"."""
    ages = lex.numbers["ages"]
    if left == 0:
        return None
    sent_start = doc[left - 1].sent.start if left < len(doc) else doc[left - 1].sent.start
    for k in range(left - 1, max(sent_start, left - ages["window"]) - 1, -1):
        tok = doc[k]
        if words[k] in ages["words"]:
            while k - 1 >= sent_start and doc[k - 1].pos_ == "ADJ" and doc[k - 1].head.i == k:
                k -= 1  # "average age", "median age"
            return k
        if not (tok.pos_ in ("ADP", "DET", "NOUN", "PROPN", "ADJ") or tok.pos_ == "AUX" and tok.lemma_ == "be"):
            return None
    return None
