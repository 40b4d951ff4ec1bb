"""Normalize STATISTIC text to an interval with a unit, a hedge and what it counts.

Everything that is a word lives in data (see :mod:`kgraph.pipeline.quantity_lexicon`,
which loads it and holds the token grammar); :func:`normalize_statistic` is a
pure function of a span's text.

Examples
--------
>>> lex = load_quantity_lexicon()
>>> q = normalize_statistic("50-100 million adults")
>>> decimal_lexical(q.lower), decimal_lexical(q.upper), q.quantifies
('50000000', '100000000', 'adults')
>>> q = normalize_statistic("Over 11% of the US adult population")
>>> c = population_count(q, lex)
>>> decimal_lexical(c.lower), decimal_lexical(c.upper), c.lower_inclusive
('28413000', '35516250', False)
>>> normalize_statistic("50-100 million adults", after=" in the U. S. yearly").population.rsplit("/", 1)[-1]
'USAdults'
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation, localcontext

from kgraph.namespaces import QUDT_UNIT
from kgraph.pipeline.money import MoneyReading, read_money
from kgraph.pipeline.quantity_lexicon import (
    CALENDAR_YEAR,
    DECIMAL_PRECISION,
    COUNT,
    NUMBERS_JSON,
    PERCENT,
    HedgeRule,
    NumberMatch,
    PopulationRef,
    QuantityLexicon,
    _bare_plural_unit,
    _canon,
    _is_plural_unit_label,
    _round,
    decimal_lexical,
    extend_unit_range,
    load_quantity_lexicon,
    match_hedge_after,
    match_hedge_at,
    match_hedge_before,
    match_number,
    match_unit,
    population_key,
    tokenize,
)

__all__ = [
    "Quantity",
    "HedgeRule",
    "PopulationRef",
    "NumberMatch",
    "QuantityLexicon",
    "NUMBERS_JSON",
    "load_quantity_lexicon",
    "normalize_statistic",
    "scope_statistic",
    "population_count",
    "population_key",
    "population_scopes",
    "decimal_lexical",
    "tokenize",
    "match_number",
    "match_unit",
    "match_hedge_before",
    "match_hedge_after",
    "extend_unit_range",
]


@dataclass(frozen=True)
class Quantity:
    """A normalized statistic: the interval it asserts, its unit and what it counts.

    ``lower`` is never None (0 for "up to X"); ``upper`` None means unbounded above.
    ``per`` is the duration of a rate ("six infusions *over two weeks*").
    """

    lower: Decimal | None
    upper: Decimal | None
    lower_inclusive: bool
    upper_inclusive: bool
    unit: str
    hedge: str | None
    quantifies: str | None
    population: str | None
    text: str
    per: Quantity | None = None



# ---------------------------------------------------------------- normalization

def _apply_hedge(
    m: NumberMatch, rule: HedgeRule | None, places: int
) -> tuple[Decimal, Decimal | None, bool, bool]:
    if rule is None:
        return m.lower, m.upper, m.lower_inclusive, m.upper_inclusive
    low = m.lower * rule.lower_factor if rule.lower_factor is not None else Decimal(0)
    high = None
    if rule.upper_factor is not None and m.upper is not None:
        high = m.upper * rule.upper_factor
    low_inc = rule.lower_inclusive and (m.lower_inclusive or rule.lower_factor != 1)
    high_inc = rule.upper_inclusive and (m.upper_inclusive or rule.upper_factor != 1)
    return _trim(low, places), None if high is None else _trim(high, places), low_inc, high_inc


def _trim(value: Decimal, places: int) -> Decimal:
    """Canonical value with at most ``places`` decimals (a hedged third: 29.9999997 -> 30)."""
    value = _canon(value)
    return _round(value, places) if value.as_tuple().exponent < -places else value


def _phrase(text: str, toks: list[tuple[str, int, int]], i: int, lex: QuantityLexicon) -> tuple[int, str | None]:
    """The noun phrase from token i up to a stop word: (end, original text without determiners)."""
    nums = lex.numbers
    stops = set(nums["phrase_stops"]) | set(nums["rate_connectors"]) | set(nums["rate_adverbs"]) | {"of"}
    words = [t for t, _, _ in toks]
    for det in nums["determiner_words"]:
        if tuple(words[i : i + len(det)]) == det:
            i += len(det)
            break
    j = i
    while j < len(toks) and words[j] not in stops and (words[j][0].isalpha() or words[j] in ("-", "'", "’")
                                                        or _abbreviation_dot(toks, j)):
        j += 1
    k = i
    suffixes = tuple(nums["modifier_suffixes"])
    while k < j - 1 and words[k].endswith(suffixes) and len(words[k]) > 4:
        k += 1
    if k >= j:
        return j, None
    return j, text[toks[k][1] : toks[j - 1][2]]


def _abbreviation_dot(toks: list[tuple[str, int, int]], j: int) -> bool:
    """A full stop right after a one-letter word ("U.S.") belongs to the phrase."""
    return toks[j][0] == "." and j > 0 and len(toks[j - 1][0]) == 1 and toks[j - 1][2] == toks[j][1]


def _population(text: str, toks: list[tuple[str, int, int]], i: int, lex: QuantityLexicon,
                counted: str = "") -> str | None:
    """The population named by the longest prefix of ``toks[i:]`` that is a population label.

    With ``counted``, the label is the counted phrase followed by that prefix
    ("adults" + "in the U. S." = "adults in the US").
    """
    lead = counted + " " if counted else ""
    for j in range(min(len(toks), i + lex.numbers["population_scope"]["phrase_tokens"]), i, -1):
        iri = lex.population_labels.get(population_key(lead + text[toks[i][1] : toks[j - 1][2]]))
        if iri:
            return iri
    return None


def _population_after(counted: str, after: str, lex: QuantityLexicon) -> str | None:
    """The population a place after the span gives the counted phrase, in the same clause.

    "50-100 million adults" + " in the U. S. yearly" gives US adults; "over 1.5
    billion people" + " worldwide" the world population. The counted phrase and
    the place together must be a population label (so "patients in the US" is
    none); the place starts within ``population_scope.window`` words, before a
    clause break or another number (numbers.json, ``population_scope``).
    """
    scope = lex.numbers["population_scope"]
    toks = tokenize(after)
    words = [t for t, _, _ in toks]
    for p in range(min(len(toks), scope["window"] + 1)):
        if words[p] in scope["break_words"] and not _abbreviation_dot(toks, p):
            return None
        m = match_number(words, p, lex)
        if m is not None and m.kind not in ("article", "year", "decade"):
            return None  # "50 million adults in 2019 and 2 billion people worldwide": the place is the other count's
        iri = _population(after, toks, p, lex, counted)
        if iri:
            return iri
    return None


def population_scopes(iri: str, lexicon: QuantityLexicon) -> tuple[str, ...]:
    """The population and every population it is part of (``skos:broader``, transitively), narrowest first.

    >>> lex = load_quantity_lexicon()
    >>> [s.rsplit("/", 1)[-1] for s in population_scopes(lex.population_labels["us adults"], lex)]
    ['USAdults', 'USPopulation', 'World']
    """
    out: list[str] = []
    todo = [iri]
    while todo:
        node = todo.pop(0)
        if node in out or node not in lexicon.populations:
            continue
        out.append(node)
        todo.extend(lexicon.populations[node].broader)
    return tuple(out)


def _day_of_month(words: list[str], m: NumberMatch, lex: QuantityLexicon) -> bool:
    months = lex.numbers["months"]
    beside = words[m.start - 1 : m.start] + words[m.end : m.end + 1]
    return m.kind == "number" and any(w.rstrip(".") in months for w in beside)


def _first_number(words: list[str], lex: QuantityLexicon, allow_vague: bool) -> NumberMatch | None:
    """The number to normalize: the first non-year one, else the first year or decade."""
    found: list[NumberMatch] = []
    i = 0
    while i < len(words):
        opener = lex.numbers["range_openers"].get(words[i])
        m = match_number(words, i + 1, lex, range_word=opener) if opener else None
        if m is None or m.kind != "range":
            m = match_number(words, i, lex, allow_vague=allow_vague)
        if m is not None and _day_of_month(words, m, lex):
            i += 1  # "May 5, 2020": the day of a date is not the number
            continue
        if m is not None:
            if m.kind not in ("year", "decade"):
                return m
            found.append(m)
            i = m.end
        else:
            i += 1
    if found:
        return found[0]
    if allow_vague:
        for i in range(len(words)):
            unit = match_unit(words, i, lex)
            if unit and unit[1] in lex.seconds and _is_plural_unit_label(words, i, unit[0]):
                low, high = _bare_plural_unit(unit[1], lex)
                return NumberMatch(i, i, low, high, "bare", True, False)
    return None


def normalize_statistic(text: str, *, allow_vague: bool = False, after: str = "") -> Quantity | None:
    """Normalize the text of a STATISTIC span, or return None when it states no quantity.

    Parameters
    ----------
    text
        The span text, e.g. ``"nearly 52 million Americans"``.
    allow_vague
        Also normalize vague amounts with no number ("several hours", "decades",
        "within hours", "weeks to months") to the intervals documented in numbers.json.
    after
        The text after the span, up to the end of its sentence. A place named
        there in the same clause scopes a counted phrase that ends the span
        ("50-100 million adults" + " in the U. S. yearly": US adults); the
        span itself, and so the quantity's text, does not change.

    Examples
    --------
    >>> q = normalize_statistic("over 12 weeks")
    >>> (decimal_lexical(q.lower), decimal_lexical(q.upper), q.lower_inclusive, q.unit.rsplit("/", 1)[-1])
    ('12', '15', False, 'WK')
    """
    try:
        with localcontext(prec=DECIMAL_PRECISION):  # a 29-digit count stays exact
            return _normalize(text, allow_vague, load_quantity_lexicon(), after)
    except (InvalidOperation, ArithmeticError, ValueError):
        return None


def _normalize(text: str, allow_vague: bool, lex: QuantityLexicon, following: str = "") -> Quantity | None:
    nums = lex.numbers
    toks = tokenize(text)
    words = [t for t, _, _ in toks]
    m = _first_number(words, lex, allow_vague)
    if m is None:
        return None
    money = read_money(toks, text, lex)
    if money is not None and money.amount.start <= m.start + 1:  # the amount is the first number
        return _money_quantity(money, text, lex)
    start, j = m.start, m.end
    if start > 0 and words[start - 1] in nums["range_openers"] and m.kind == "range":
        start -= 1
    if m.kind in ("year", "decade"):
        if m.kind == "year" and j < len(words) and words[j][0].isalpha() and words[j] not in nums["phrase_stops"]:
            return None  # "a 2019 study": the year modifies a noun
        return Quantity(m.lower, m.upper, True, True, CALENDAR_YEAR, None, None, None, text.strip())
    hedge = match_hedge_before(words, start, lex)
    rule = hedge[1] if hedge else None
    cue: tuple[str, ...] = ()
    unit, quantifies, population, per = COUNT, None, None, None
    if m.kind in ("fraction", "ratio", "vague_fraction"):
        unit = PERCENT
    if m.kind == "bare":
        unit = str(match_unit(words, m.start, lex)[1])  # type: ignore[index]
        m, j = extend_unit_range(m, words, m.start + 1, unit, lex)
    elif m.kind == "multiplicative":
        quantifies = nums["times_noun"]
    elif m.kind not in ("fraction", "ratio", "magnitude", "vague_fraction"):
        if rule is None and match_unit(words, j, lex) is None:
            mid = match_hedge_after(words, j, lex, closing=False)  # "15 or more days per month"
            if mid and mid[0] < len(words) and words[mid[0]][0].isalpha():
                cue, rule, j = tuple(words[j : mid[0]]), mid[1], mid[0]
        found = match_unit(words, j, lex)
        if found:
            unit_start, (j, unit) = j, found
            m, j = extend_unit_range(m, words, j, unit, lex)
            per = _rate(text, toks, j, lex) if unit != PERCENT else None  # "16 mg per day": a dose per day
            if per is not None and unit in lex.seconds:  # "15 days per month": a count of days per month
                quantifies, unit = text[toks[unit_start + (words[unit_start] == "-")][1] : toks[j - 1][2]], COUNT
            elif tuple(words[j : j + 2]) in {("-", s) for s in nums["ages"]["suffix"]}:
                quantifies = nums["ages"]["concept"]  # "a 45-year-old": an age in years
    if rule is None:
        after = match_hedge_after(words, j, lex)
        if after:
            cue, rule, j = tuple(words[j : after[0]]), after[1], after[0]
    low, high, low_inc, high_inc = _apply_hedge(m, rule, nums["percent_decimal_places"])
    if unit in lex.unit_rewrite:
        unit, factor = lex.unit_rewrite[unit]
        low, high = _canon(low * factor), None if high is None else _canon(high * factor)
    if per is None and (unit in (COUNT, PERCENT) or j < len(words) and words[j] == "of"):
        k = j + 1 if j < len(words) and words[j] == "of" else j
        if k < len(words):
            population = _population(text, toks, k, lex)
            end, phrase = _phrase(text, toks, k, lex)
            quantifies = phrase or quantifies
            if unit != PERCENT:
                per = _rate(text, toks, end, lex)  # "one pill a day", "40 mg of ketamine daily"
    if unit == COUNT and m.lower == m.upper == 1 and rule is None and m.kind == "number" and per is None:
        return None  # "one treatment", "one of the reasons"; but "one pill a day" is a rate
    left = hedge[0] if hedge else start
    if unit == COUNT and quantifies is None and per is None and _is_age(words, m, left, cue, lex):
        unit, quantifies = str(QUDT_UNIT.YR), nums["ages"]["concept"]
    elif unit == str(QUDT_UNIT.YR) and tuple(cue) in nums["ages"]["postfix_cue_words"]:
        quantifies = nums["ages"]["concept"]  # "18 years and older"
    quantity = Quantity(low, high, low_inc, high_inc, unit, rule.iri if rule else None, quantifies, population,
                        text.strip(), per)  # fmt: skip
    return _placed(quantity, text, following, lex)


def _placed(quantity: Quantity, text: str, following: str, lex: QuantityLexicon) -> Quantity:
    """``quantity`` (of ``text``) with the population a place in ``following`` gives its counted phrase.

    "50 million adults" + " in the U.S.": US adults. Only a count or percent of
    a phrase that ends the span, with no population and no rate, takes one.
    """
    if (quantity.population is None and following and quantity.quantifies and quantity.per is None
            and quantity.unit in (COUNT, PERCENT) and text.rstrip().endswith(quantity.quantifies)):
        return replace(quantity, population=_population_after(quantity.quantifies, following, lex))
    return quantity


def scope_statistic(quantity: Quantity | None, text: str, after: str) -> Quantity | None:
    """``normalize_statistic(text, after=after)``, given ``quantity = normalize_statistic(text)``.

    The text after a span can only add a population (see ``after`` in
    :func:`normalize_statistic`), so a span normalized both with and without
    it is parsed once.
    """
    if quantity is None:
        return None
    try:
        with localcontext(prec=DECIMAL_PRECISION):
            return _placed(quantity, text, after, load_quantity_lexicon())
    except (InvalidOperation, ArithmeticError, ValueError):
        return None


def _money_quantity(money: MoneyReading, text: str, lex: QuantityLexicon) -> Quantity:
    """A money amount in its currency; a priced item is what it quantifies, a period is its ``per``."""
    low, high, low_inc, high_inc = _apply_hedge(money.amount, money.hedge, lex.numbers["percent_decimal_places"])
    per = None
    if money.per_unit is not None:
        per = Quantity(Decimal(1), Decimal(1), True, True, money.per_unit, None, None, None, money.per_text or "")
    hedge = money.hedge.iri if money.hedge else None
    return Quantity(low, high, low_inc, high_inc, money.currency, hedge, money.quantifies, None, text.strip(), per)


def _is_age(words: list[str], m: NumberMatch, left: int, cue: tuple[str, ...], lex: QuantityLexicon) -> bool:
    """A bare number that is an age: an age cue after it, an age word before it, or a people noun before it."""
    ages = lex.numbers["ages"]
    if m.kind not in ("number", "range") or m.upper is None or not 1 <= m.lower <= m.upper <= ages["max"]:
        return False
    if cue in ages["postfix_cue_words"] or any(w in ages["words"] for w in words[:left]):
        return True
    return left > 0 and words[left - 1] in ages["people"]


def _rate(text: str, toks: list[tuple[str, int, int]], i: int, lex: QuantityLexicon) -> Quantity | None:
    """The duration of a rate after a count: "over two weeks", "per week", "daily", "over about nine weeks"."""
    nums, words = lex.numbers, [t for t, _, _ in toks]
    if i >= len(words):
        return None
    span_text = text[toks[i][1] :].strip()
    if words[i] in nums["rate_adverb_units"]:
        return Quantity(Decimal(1), Decimal(1), True, True, nums["rate_adverb_units"][words[i]], None, None, None,
                        span_text)  # fmt: skip
    if words[i] not in nums["rate_connectors"]:
        return None
    if words[i] in nums["rate_singular"]:
        unit = match_unit(words, i + 1, lex)
        if unit and unit[1] in lex.seconds and not _is_plural_unit_label(words, i + 1, unit[0]):
            return Quantity(Decimal(1), Decimal(1), True, True, unit[1], None, None, None, span_text)
    k, rule = i + 1, None
    hedge = match_hedge_at(words, k, lex)
    if hedge is not None:
        k, rule = hedge
    m = match_number(words, k, lex)
    if m and m.kind in ("number", "range", "article"):
        unit = match_unit(words, m.end, lex)
        if unit and unit[1] in lex.seconds:
            low, high, low_inc, high_inc = _apply_hedge(m, rule, nums["percent_decimal_places"])
            iri = unit[1]
            if iri in lex.unit_rewrite:
                iri, factor = lex.unit_rewrite[iri]
                low, high = _canon(low * factor), None if high is None else _canon(high * factor)
            return Quantity(low, high, low_inc, high_inc, iri, rule.iri if rule else None, None, None, span_text)
    return None


def population_count(q: Quantity, lexicon: QuantityLexicon) -> Quantity | None:
    """Convert a percent of a population of known size to a count interval of that population.

    >>> lex = load_quantity_lexicon()
    >>> c = population_count(normalize_statistic("more than 6% of Americans"), lex)
    >>> decimal_lexical(c.lower), decimal_lexical(c.upper)
    ('19998000', '24997500')
    """
    if q.unit != PERCENT or q.population is None or q.population not in lexicon.populations:
        return None
    size = lexicon.populations[q.population].size
    if size is None:
        return None
    low = None if q.lower is None else _canon(q.lower * size / 100)
    high = None if q.upper is None else _canon(q.upper * size / 100)
    return replace(q, lower=low, upper=high, unit=COUNT, per=None)
