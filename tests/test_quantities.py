"""Tests of STATISTIC normalization (kgraph.pipeline.quantities)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.namespaces import KG, QUDT_UNIT
from kgraph.pipeline.quantities import (
    Quantity,
    QuantityLexicon,
    decimal_lexical,
    load_quantity_lexicon,
    normalize_statistic,
    population_count,
    population_scopes,
)

HEDGE = "https://w3id.org/kgraph/vocab/hedge/"
POP = "https://w3id.org/kgraph/vocab/population/"
INF = None


@pytest.fixture(scope="module")
def lex() -> QuantityLexicon:
    return load_quantity_lexicon()


def unit(name: str) -> str:
    return str(KG.CalendarYear) if name == "YEAR" else str(QUDT_UNIT[name])


def _d(x: str | None) -> Decimal | None:
    return None if x is None else Decimal(x)


# text, lower, upper, lower_inclusive, upper_inclusive, unit, hedge, quantifies, population
CASES = [
    ("50-100 million adults", "50000000", "100000000", True, True, "NUM", None, "adults", None),
    ("21 to 29 percent of patients", "21", "29", True, True, "PERCENT", None, "patients", None),
    ("Over 11%", "11", "13.75", False, True, "PERCENT", "MoreThan", None, None),
    ("Over 11% of the US adult population", "11", "13.75", False, True, "PERCENT", "MoreThan",
     "US adult population", "USAdults"),
    ("nearly 52 million Americans", "46800000", "52000000", True, False, "NUM", "Nearly", "Americans", "USPopulation"),
    ("up to a 50% decrease", "0", "50", False, True, "PERCENT", "UpTo", "decrease", None),
    ("over 12 weeks", "12", "15", False, True, "WK", "MoreThan", None, None),
    ("three months or more", "3", INF, True, True, "MO", "OrMore", None, None),
    ("within 30 minutes", "0", "30", False, True, "MIN", "UpTo", None, None),
    ("two weeks to months", "2", "52.178571", True, False, "WK", None, None, None),
    ("over 1.5 billion people", "1500000000", "1875000000", False, True, "NUM", "MoreThan", "people", None),
    ("nearly 50,000 people", "45000", "50000", True, False, "NUM", "Nearly", "people", None),
    ("slightly more than 17 million", "17000000", "21250000", False, True, "NUM", "MoreThan", None, None),
    ("about 65%", "58.5", "71.5", True, True, "PERCENT", "About", None, None),
    ("more than 6% of Americans", "6", "7.5", False, True, "PERCENT", "MoreThan", "Americans", "USPopulation"),
    ("millions of people", "2000000", INF, True, True, "NUM", None, "people", None),
    ("one in five adults", "20", "20", True, True, "PERCENT", None, "adults", None),
    ("two-thirds of patients", "66.666667", "66.666667", True, True, "PERCENT", None, "patients", None),
    ("1.5 billion", "1500000000", "1500000000", True, True, "NUM", None, None, None),
    ("first synthesized in 1962", "1962", "1962", True, True, "YEAR", None, None, None),
    ("in the 1960s", "1960", "1969", True, True, "YEAR", None, None, None),
    ("first introduced as an anesthetic in the 1960s", "1960", "1969", True, True, "YEAR", None, None, None),
    ("over 50 years", "50", "62.5", False, True, "YR", "MoreThan", None, None),
    ("two experienced emergency room physicians", "2", "2", True, True, "NUM", None, "emergency room physicians", None),
    ("4-6 infusions", "4", "6", True, True, "NUM", None, "infusions", None),
    ("1 in 3", "33.333333", "33.333333", True, True, "PERCENT", None, None, None),
    ("half of all patients", "50", "50", True, True, "PERCENT", None, "patients", None),
    ("four weeks", "4", "4", True, True, "WK", None, None, None),
    # more realistic wording
    ("24 hours", "24", "24", True, True, "HR", None, None, None),
    ("90%", "90", "90", True, True, "PERCENT", None, None, None),
    ("3 to 6 months", "3", "6", True, True, "MO", None, None, None),
    ("3 months to 6 months", "3", "6", True, True, "MO", None, None, None),
    ("more than 70 percent", "70", "87.5", False, True, "PERCENT", "MoreThan", None, None),
    ("roughly 1 in 4 Americans", "22.5", "27.5", True, True, "PERCENT", "About", "Americans", "USPopulation"),
    ("up to 80 percent of patients", "0", "80", False, True, "PERCENT", "UpTo", "patients", None),
    ("an estimated 20.4 percent of U.S. adults", "18.36", "22.44", True, True, "PERCENT", "About",
     "U.S. adults", "USAdults"),
    ("about 1 in 5 American adults", "18", "22", True, True, "PERCENT", "About", "American adults", "USAdults"),
    ("between 20 and 30 percent", "20", "30", True, True, "PERCENT", None, None, None),
    ("approximately 10-15% of people worldwide", "9", "16.5", True, True, "PERCENT", "About",
     "people worldwide", "World"),
    ("3% of the world's population", "3", "3", True, True, "PERCENT", None, "world's population", "World"),
    ("as many as 100 million Americans", "0", "100000000", False, True, "NUM", "UpTo", "Americans", "USPopulation"),
    ("at least 3 months", "3", INF, True, True, "MO", "AtLeast", None, None),
    ("less than 5%", "0", "5", True, False, "PERCENT", "LessThan", None, None),
    ("fewer than 10 patients", "0", "10", True, False, "NUM", "LessThan", "patients", None),
    ("some 40 million Americans", "36000000", "44000000", True, True, "NUM", "About", "Americans", "USPopulation"),
    ("two decades", "20", "20", True, True, "YR", None, None, None),
    ("a dozen patients", "12", "12", True, True, "NUM", None, "patients", None),
    ("twenty-five percent", "25", "25", True, True, "PERCENT", None, None, None),
    ("one hundred patients", "100", "100", True, True, "NUM", None, "patients", None),
    ("three-quarters of respondents", "75", "75", True, True, "PERCENT", None, "respondents", None),
    ("hundreds of thousands of people", "200000", INF, True, True, "NUM", None, "people", None),
    ("18 years or older", "18", INF, True, True, "YR", "OrMore", "age", None),
    ("a 40-minute infusion", "40", "40", True, True, "MIN", None, None, None),
    ("approved by the FDA in 2019", "2019", "2019", True, True, "YEAR", None, None, None),
    ("50-100 million adults in the U. S.", "50000000", "100000000", True, True, "NUM", None, "adults", "USAdults"),
    ("exactly 7 days", "7", "7", True, True, "DAY", "Exactly", None, None),
    ("21% to 29% of patients", "21", "29", True, True, "PERCENT", None, "patients", None),  # the unit twice
    ("2 hours to 3 hours", "2", "3", True, True, "HR", None, None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "lower", "upper", "lower_inc", "upper_inc", "unit_name", "hedge", "quantifies", "population"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_normalize_statistic(text, lower, upper, lower_inc, upper_inc, unit_name, hedge, quantifies, population):
    q = normalize_statistic(text)
    assert q is not None
    assert (q.lower, q.upper) == (_d(lower), _d(upper))
    assert (q.lower_inclusive, q.upper_inclusive) == (lower_inc, upper_inc)
    assert q.unit == unit(unit_name)
    assert q.hedge == (None if hedge is None else HEDGE + hedge)
    assert q.quantifies == quantifies
    assert q.population == (None if population is None else POP + population)
    assert q.text == text


@pytest.mark.parametrize(
    ("text", "count", "count_noun", "per_lower", "per_upper", "per_unit"),
    [
        ("six infusions over two weeks", "6", "infusions", "2", "2", "WK"),
        ("2-3 times per week", None, "times", "1", "1", "WK"),
        ("twice a week", "2", "times", "1", "1", "WK"),
        ("4-6 infusions in 3 weeks", None, "infusions", "3", "3", "WK"),
        ("three sessions every month", "3", "sessions", "1", "1", "MO"),
    ],
)
def test_rates_record_their_duration(text, count, count_noun, per_lower, per_upper, per_unit):
    q = normalize_statistic(text)
    assert q is not None and q.unit == unit("NUM") and q.quantifies == count_noun
    if count is not None:
        assert q.lower == q.upper == Decimal(count)
    assert q.per is not None
    assert (q.per.lower, q.per.upper, q.per.unit) == (Decimal(per_lower), Decimal(per_upper), unit(per_unit))


def test_range_with_rate():
    q = normalize_statistic("2-3 times per week")
    assert (q.lower, q.upper) == (Decimal(2), Decimal(3))


@pytest.mark.parametrize(
    "text",
    [
        "a 2019 study",
        "one treatment",
        "one of the reasons",
        "a single infusion",
        "single-dose",
        "several hours",
        "decades",
        "within hours",
        "weeks to months",
        "many patients",
        "most people",
        "a large increase",
        "the first infusion",
        "",
        "   ",
    ],
)
def test_not_a_statistic(text):
    assert normalize_statistic(text) is None


@pytest.mark.parametrize(
    ("text", "lower", "upper", "lower_inc", "upper_inc", "unit_name", "hedge"),
    [
        ("several hours", "3", "9", True, True, "HR", None),
        ("decades", "20", "100", True, False, "YR", None),
        ("within hours", "0", "24", False, False, "HR", "UpTo"),
        ("weeks to months", "2", "52.178571", True, False, "WK", None),
        ("a few days", "2", "5", True, True, "DAY", None),
        ("several days", "3", "9", True, True, "DAY", None),
    ],
)
def test_vague_amounts_when_allowed(text, lower, upper, lower_inc, upper_inc, unit_name, hedge):
    q = normalize_statistic(text, allow_vague=True)
    assert q is not None
    assert (q.lower, q.upper, q.lower_inclusive, q.upper_inclusive) == (_d(lower), _d(upper), lower_inc, upper_inc)
    assert q.unit == unit(unit_name)
    assert q.hedge == (None if hedge is None else HEDGE + hedge)


# one row per hedge of the table: (hedge, lower, upper, lower_inclusive, upper_inclusive) for X = 40
HEDGE_ROWS = [
    ("MoreThan", "40", "50", False, True),
    ("Nearly", "36", "40", True, False),
    ("About", "36", "44", True, True),
    ("UpTo", "0", "40", False, True),
    ("AtLeast", "40", INF, True, True),
    ("OrMore", "40", INF, True, True),
    ("OrLess", "0", "40", True, True),
    ("LessThan", "0", "40", True, False),
    ("AtMost", "0", "40", True, True),
    ("Exactly", "40", "40", True, True),
]


def _cue_cases() -> list[tuple[str, str]]:
    lex = load_quantity_lexicon()
    return sorted((" ".join(words).replace(" .", "."), rule.iri) for words, rule in lex.hedge_cues.items())


@pytest.mark.parametrize(("cue", "hedge_iri"), _cue_cases())
def test_every_cue_of_the_hedge_table(cue, hedge_iri):
    row = next(r for r in HEDGE_ROWS if HEDGE + r[0] == hedge_iri)
    postfix = hedge_iri in (HEDGE + "OrMore", HEDGE + "OrLess")
    text = f"40 weeks {cue}" if postfix else f"{cue} 40 weeks"
    q = normalize_statistic(text)
    assert q is not None, text
    assert q.hedge == hedge_iri
    assert q.unit == unit("WK")
    assert (q.lower, q.upper, q.lower_inclusive, q.upper_inclusive) == (_d(row[1]), _d(row[2]), row[3], row[4])


def test_every_hedge_individual_has_a_row(lex):
    assert {r.iri for r in lex.hedge_cues.values()} == {HEDGE + r[0] for r in HEDGE_ROWS}


def test_hedge_applies_to_both_ends_of_a_range():
    q = normalize_statistic("approximately 21 to 29 percent of patients")
    assert (q.lower, q.upper) == (Decimal("18.9"), Decimal("31.9"))


# ---------------------------------------------------------------- populations


def test_percent_of_us_adults_to_count(lex):
    c = population_count(normalize_statistic("Over 11% of the US adult population"), lex)
    assert c is not None
    assert (c.lower, c.upper, c.lower_inclusive, c.upper_inclusive) == (
        Decimal("28413000"), Decimal("35516250"), False, True,
    )  # fmt: skip
    assert c.unit == unit("NUM") and c.population == POP + "USAdults"
    # conflicts with 50-100 million adults, while "nearly 52 million" overlaps 50-100 million
    assert c.upper < Decimal("50000000")


def test_percent_of_americans_to_count(lex):
    c = population_count(normalize_statistic("more than 6% of Americans"), lex)
    assert (c.lower, c.upper) == (Decimal("19998000"), Decimal("24997500"))


def test_population_count_needs_percent_and_population(lex):
    assert population_count(normalize_statistic("nearly 52 million Americans"), lex) is None
    assert population_count(normalize_statistic("about 65%"), lex) is None


def test_a_percent_of_a_group_no_source_sizes_stays_a_percent(lex):
    """Patients prescribed opioids for chronic pain have no kg:populationSize: their share is never a count."""
    q = normalize_statistic("21 to 29 percent of patients", after=" prescribed opioids for chronic pain misuse them")
    assert q.population == POP + "ChronicPainPatientsOnOpioids"
    assert lex.populations[q.population].size is None
    assert population_count(q, lex) is None


def test_population_table_is_sourced(lex):
    assert lex.populations[POP + "USAdults"].size == Decimal("258300000")
    assert lex.populations[POP + "USPopulation"].size == Decimal("333300000")
    assert lex.populations[POP + "World"].size == Decimal("8000000000")
    assert all(p.source for p in lex.populations.values())


# span text, text after it in the sentence, expected population (None: unknown scope)
SCOPED_BY_PLACE = [
    ("50-100 million adults", " in the U. S. yearly and over 1.5 billion people worldwide.", "USAdults"),
    ("over 1.5 billion people", " worldwide.", "World"),
    ("millions of people", " worldwide, often leading to a significant decline in quality of life.", "World"),
    ("nearly 50,000 people", " in the United States died from opioid-involved overdoses.", "USPopulation"),
    ("30 million adults", " in the United States", "USAdults"),
    ("30 million adults", " in America", "USAdults"),
    ("30 million adults", " suffer from chronic pain in the US.", "USAdults"),  # same clause, a few words on
    ("30 million adults", " each year in the U.S.", "USAdults"),
    ("2 billion people", " around the world", "World"),
    ("2 billion people", " across the globe.", "World"),
    ("2 billion people", " globally", "World"),
    ("2 billion people", " in the world", "World"),
    ("5 million children", " in the U.S.", "USChildren"),
    ("20% of adults", " in the United States", "USAdults"),  # a percent of them too
    ("40 to 50 percent of people", " prescribed opioids for chronic pain end up misusing them.",
     "ChronicPainPatientsOnOpioids"),  # a group, not a place
    ("Roughly 30 to 40 percent of patients", " who are prescribed opioids for chronic pain misuse them",
     "ChronicPainPatientsOnOpioids"),
    ("30 percent of patients", " prescribed opioids for back pain misuse them", None),  # no such group
    # in-span populations are kept
    ("nearly 52 million Americans", "", "USPopulation"),
    ("nearly 52 million Americans", " worldwide", "USPopulation"),
    ("Over 11% of the US adult population", "", "USAdults"),
    ("Over 11% of the US adult population", " suffers from chronic pain worldwide.", "USAdults"),
    # no place, or no population the phrase and place name together
    ("50 million adults", "", None),
    ("50 million adults", " suffer from chronic pain.", None),
    ("50-100 million adults", " yearly.", None),
    ("50 million patients", " in the US", None),  # patients are no population
    ("50 million older adults", " in the US", None),  # a part of US adults, not US adults
    ("30 million adults", " in the country every year.", None),  # which country: unknown
    ("50 million adults", " and 2 billion people worldwide", None),  # the place is the other count's
    ("50 million adults", ", while in the US", None),  # another clause
    ("50 million adults", ". In the U.S.", None),  # another sentence
    ("50 million adults", " suffer from very long lasting severe chronic pain in the US.", None),  # too far
    ("over 12 weeks", " in the US", None),  # not a count of people
]


@pytest.mark.parametrize(("text", "after", "population"), SCOPED_BY_PLACE,
                         ids=[f"{t}|{a.strip()[:30]}" for t, a, _ in SCOPED_BY_PLACE])
def test_population_from_place_after_the_span(text, after, population):
    q = normalize_statistic(text, after=after)
    assert q is not None
    assert q.population == (None if population is None else POP + population)
    assert q.text == text  # the span does not grow


def test_place_after_the_span_changes_only_the_population():
    plain = normalize_statistic("50-100 million adults")
    scoped = normalize_statistic("50-100 million adults", after=" in the U. S. yearly")
    assert plain.population is None
    assert scoped == Quantity(**{**plain.__dict__, "population": POP + "USAdults"})


def test_percent_of_adults_in_the_us_converts_to_a_count(lex):
    c = population_count(normalize_statistic("20% of adults", after=" in the United States"), lex)
    assert c is not None and (c.lower, c.upper) == (Decimal("51660000"), Decimal("51660000"))
    assert population_count(normalize_statistic("20% of adults"), lex) is None


def test_populations_nest(lex):
    broader = {iri.rsplit("/", 1)[-1]: [b.rsplit("/", 1)[-1] for b in p.broader] for iri, p in lex.populations.items()}
    assert broader == {"USAdults": ["USPopulation"], "USChildren": ["USPopulation"], "USPopulation": ["World"],
                       "World": [], "ChronicPainPatientsOnOpioids": []}
    assert population_scopes(POP + "USAdults", lex) == (POP + "USAdults", POP + "USPopulation", POP + "World")
    assert population_scopes(POP + "World", lex) == (POP + "World",)
    # every part is smaller than what it is part of
    for p in lex.populations.values():
        assert all(p.size is not None and p.size < lex.populations[b].size for b in p.broader)


# ---------------------------------------------------------------- decimals and units


@pytest.mark.parametrize(
    ("value", "lexical"),
    [
        (Decimal("5E+7"), "50000000"),
        (Decimal("1.50"), "1.5"),
        (Decimal("0.20"), "0.2"),
        (Decimal("0E-3"), "0"),
        (Decimal("1500000000.0"), "1500000000"),
        (Decimal("13.750"), "13.75"),
    ],
)
def test_decimal_lexical(value, lexical):
    assert decimal_lexical(value) == lexical


def test_values_have_no_exponent():
    q = normalize_statistic("50-100 million adults")
    assert str(q.lower) == "50000000" and str(q.upper) == "100000000"


def test_time_units_carry_seconds(lex):
    for name in ("SEC", "MIN", "HR", "DAY", "WK", "MO", "YR"):
        assert unit(name) in lex.seconds
    assert lex.unit_rewrite["https://w3id.org/kgraph/vocab/unit/Decade"] == (unit("YR"), Decimal(10))


def test_lexicon_is_loaded_once():
    assert load_quantity_lexicon() is load_quantity_lexicon()


def test_quantity_is_frozen():
    q = normalize_statistic("90%")
    with pytest.raises(AttributeError):
        q.lower = Decimal(1)  # type: ignore[misc]


# ---------------------------------------------------------------- properties

WORDS = [
    "over", "nearly", "about", "up", "to", "a", "at", "least", "or", "more", "less", "than", "within",
    "1", "2", "12", "50", "1.5", "50,000", "1962", "1960s", "0", "-", "%", "percent", "of", "the",
    "million", "billion", "two", "thirds", "half", "one", "in", "five", "weeks", "months", "decades",
    "hours", "several", "millions", "patients", "Americans", "US", "adults", "per", "week", "twice",
    "between", "and", "some", "plus", "(", ")", ",", ".", "9" * 40,
]  # fmt: skip


def _check(q: Quantity | None) -> None:
    if q is None:
        return
    assert q.lower is not None
    if q.upper is not None:
        assert q.lower <= q.upper
    if q.per is not None:
        _check(q.per)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_never_raises_on_arbitrary_text(text):
    for vague in (False, True):
        _check(normalize_statistic(text, allow_vague=vague))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=10))
def test_bounds_ordered_on_number_like_text(words):
    text = " ".join(words)
    for vague in (False, True):
        _check(normalize_statistic(text, allow_vague=vague))


# ---------------------------------------------------------------- ages, rates, fractions, articles

AGE = "age"

# text, lower, upper, lower_inclusive, upper_inclusive, unit, hedge, quantifies
MORE_CASES = [
    # ages: years of life, quantifying "age"
    ("adults 21 or older", "21", INF, True, True, "YR", "OrMore", AGE),
    ("16 years and older", "16", INF, True, True, "YR", "OrMore", AGE),
    ("ages 20 to 60", "20", "60", True, True, "YR", None, AGE),
    ("median age at first treatment was 52", "52", "52", True, True, "YR", None, AGE),
    ("mean age of onset of 30", "30", "30", True, True, "YR", None, AGE),
    ("seniors over 70", "70", "87.5", False, True, "YR", "MoreThan", AGE),
    ("children 12 or younger", "0", "12", True, True, "YR", "OrLess", AGE),
    ("aged 40 and over", "40", INF, True, True, "YR", "OrMore", AGE),
    ("62-year-old veteran", "62", "62", True, True, "YR", None, AGE),
    # fractions without "of", with a determiner, vague only when allowed
    ("about half", "45", "55", True, True, "PERCENT", "About", None),
    ("roughly a quarter", "22.5", "27.5", True, True, "PERCENT", "About", None),
    ("a third of respondents", "33.333333", "33.333333", True, True, "PERCENT", None, "respondents"),
    ("half the participants", "50", "50", True, True, "PERCENT", None, "participants"),
    ("one in six adults", "16.666667", "16.666667", True, True, "PERCENT", None, "adults"),
    # an article before a time unit is one of it
    ("a month or more", "1", INF, True, True, "MO", "OrMore", None),
    ("an hour", "1", "1", True, True, "HR", None, None),
    ("under an hour", "0", "1", True, False, "HR", "LessThan", None),
    ("within an hour", "0", "1", False, True, "HR", "UpTo", None),
    ("less than a week", "0", "1", True, False, "WK", "LessThan", None),
    # "as little as" / "as few as": the smallest value observed, [X, unbounded)
    ("as little as one visit", "1", INF, True, True, "NUM", "AtLeast", "visit"),
    ("as few as three sessions", "3", INF, True, True, "NUM", "AtLeast", "sessions"),
    ("as little as 25 minutes", "25", INF, True, True, "MIN", "AtLeast", None),
]  # fmt: skip


# text, count lower, count upper, hedge, what is counted, per lower, per upper, per unit, per hedge
RATE_CASES = [
    ("roughly 40 per day", "36", "44", "About", None, "1", "1", "DAY", None),
    ("15 or more days per month", "15", INF, "OrMore", "days", "1", "1", "MO", None),
    ("four times a week", "4", "4", None, "times", "1", "1", "WK", None),
    ("twice daily", "2", "2", None, "times", "1", "1", "DAY", None),
    ("two tablets weekly", "2", "2", None, "tablets", "1", "1", "WK", None),
    ("3-4 times per week", "3", "4", None, "times", "1", "1", "WK", None),
    ("once a month", "1", "1", None, "times", "1", "1", "MO", None),
    ("one capsule a day", "1", "1", None, "capsule", "1", "1", "DAY", None),
    ("3 hours a day", "3", "3", None, "hours", "1", "1", "DAY", None),
    ("five infusions over a week", "5", "5", None, "infusions", "1", "1", "WK", None),
    ("30 sessions over about six weeks", "30", "30", None, "sessions", "5.4", "6.6", "WK", "About"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "low", "high", "hedge", "counted", "per_low", "per_high", "per_unit", "per_hedge"),
    RATE_CASES,
    ids=[c[0] for c in RATE_CASES],
)
def test_rates_are_counts_per_period(text, low, high, hedge, counted, per_low, per_high, per_unit, per_hedge):
    q = normalize_statistic(text)
    assert q is not None and q.unit == unit("NUM")
    assert (q.lower, q.upper) == (_d(low), _d(high))
    assert q.hedge == (None if hedge is None else HEDGE + hedge)
    assert q.quantifies == counted
    assert q.per is not None
    assert (q.per.lower, q.per.upper, q.per.unit) == (_d(per_low), _d(per_high), unit(per_unit))
    assert q.per.hedge == (None if per_hedge is None else HEDGE + per_hedge)


@pytest.mark.parametrize(
    ("text", "lower", "upper", "lower_inc", "upper_inc"),
    [
        ("the majority of patients", "50", "100", False, True),
        ("a majority", "50", "100", False, True),
        ("the vast majority of users", "75", "100", False, True),
        ("a minority of clinics", "0", "50", True, False),
    ],
)
def test_vague_fractions_only_when_allowed(text, lower, upper, lower_inc, upper_inc):
    assert normalize_statistic(text) is None
    q = normalize_statistic(text, allow_vague=True)
    assert q is not None and q.unit == unit("PERCENT")
    assert (q.lower, q.upper, q.lower_inclusive, q.upper_inclusive) == (_d(lower), _d(upper), lower_inc, upper_inc)


@pytest.mark.parametrize(
    ("text", "lower", "upper"),
    [
        ("eliminated in March 2022", "2022", "2022"),
        ("licensed on June 3, 2016", "2016", "2016"),
        ("second FDA clearance in 2021", "2021", "2021"),
        ("introduced in the mid-1980s", "1980", "1989"),
        ("banned in the early 1970s", "1970", "1979"),
    ],
)
def test_dated_claims_normalize_to_the_year(text, lower, upper):
    q = normalize_statistic(text)
    assert q is not None and q.unit == unit("YEAR")
    assert (q.lower, q.upper) == (_d(lower), _d(upper))


@pytest.mark.parametrize("text", ["a week later", "a second dose", "half", "a third dose", "40 weeks over"])
def test_articles_and_fraction_words_need_context(text):
    q = normalize_statistic(text)
    if text == "a week later":  # normalizes (the span finder decides whether it is a statistic)
        assert q is not None and q.unit == unit("WK")
    elif text == "40 weeks over":
        assert q is not None and q.hedge is None  # a trailing "over" is no hedge
    else:
        assert q is None


def test_lexicon_module_reexports():
    from kgraph.pipeline import quantities, quantity_lexicon

    for name in ("QuantityLexicon", "load_quantity_lexicon", "NumberMatch", "HedgeRule", "match_number"):
        assert getattr(quantities, name) is getattr(quantity_lexicon, name)
    assert quantities.load_quantity_lexicon() is quantity_lexicon.load_quantity_lexicon()


# ---------------------------------------------------------------- doses, partitives, "or" ranges, "since" dates

# text, lower, upper, unit, hedge, quantifies, (per lower, per upper, per unit) or None
DOSE_CASES = [
    ("0.5 mg/kg", "0.5", "0.5", "MilliGM-PER-KiloGM", None, None, None),
    ("10 mcg/kg", "10", "10", "MicroGM-PER-KiloGM", None, None, None),
    ("0.15 mg per kilogram", "0.15", "0.15", "MilliGM-PER-KiloGM", None, None, None),
    ("16 mg", "16", "16", "MilliGM", None, None, None),
    ("200 micrograms", "200", "200", "MicroGM", None, None, None),
    ("25 µg per hour", "25", "25", "MicroGM", None, None, ("1", "1", "HR")),
    ("2 mL", "2", "2", "MilliL", None, None, None),
    ("5 milliliters", "5", "5", "MilliL", None, None, None),
    ("up to 4 g a day", "0", "4", "GM", "UpTo", None, ("1", "1", "DAY")),
    ("40 mg of ketamine", "40", "40", "MilliGM", None, "ketamine", None),
    ("between 8 mg and 16 mg per day", "8", "16", "MilliGM", None, None, ("1", "1", "DAY")),
    ("between 8 and 16 mg daily", "8", "16", "MilliGM", None, None, ("1", "1", "DAY")),
    ("0.5 to 1 mg/kg over 40 minutes", "0.5", "1", "MilliGM-PER-KiloGM", None, None, ("40", "40", "MIN")),
    ("between 20% and 30%", "20", "30", "PERCENT", None, None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "lower", "upper", "unit_name", "hedge", "quantifies", "per"), DOSE_CASES, ids=[c[0] for c in DOSE_CASES]
)
def test_doses_and_concentrations(text, lower, upper, unit_name, hedge, quantifies, per):
    q = normalize_statistic(text)
    assert q is not None
    assert (q.lower, q.upper, q.unit) == (_d(lower), _d(upper), unit(unit_name))
    assert q.hedge == (None if hedge is None else HEDGE + hedge)
    assert q.quantifies == quantifies
    if per is None:
        assert q.per is None
    else:
        assert (q.per.lower, q.per.upper, q.per.unit) == (_d(per[0]), _d(per[1]), unit(per[2]))


# text, lower, upper, lower_inclusive, upper_inclusive, unit, hedge, quantifies
PARTITIVE_AND_RANGE_CASES = [
    ("at least eight of those days", "8", INF, True, True, "NUM", "AtLeast", "days"),
    ("more than half of them", "50", "62.5", False, True, "PERCENT", "MoreThan", None),
    ("two of every three patients", "66.666667", "66.666667", True, True, "PERCENT", None, "patients"),
    ("nine out of ten patients", "90", "90", True, True, "PERCENT", None, "patients"),
    ("one in every five adults", "20", "20", True, True, "PERCENT", None, "adults"),
    ("between 20 and 30 percent of users", "20", "30", True, True, "PERCENT", None, "users"),
    ("a year or two", "1", "2", True, True, "YR", None, None),
    ("an hour or two", "1", "2", True, True, "HR", None, None),
    ("within a day or two", "0", "2", False, True, "DAY", "UpTo", None),
    ("one or two sessions", "1", "2", True, True, "NUM", None, "sessions"),
    ("between two and four weeks", "2", "4", True, True, "WK", None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "lower", "upper", "lower_inc", "upper_inc", "unit_name", "hedge", "quantifies"),
    MORE_CASES + PARTITIVE_AND_RANGE_CASES,
    ids=[c[0] for c in MORE_CASES + PARTITIVE_AND_RANGE_CASES],
)
def test_normalize_more_forms(text, lower, upper, lower_inc, upper_inc, unit_name, hedge, quantifies):
    q = normalize_statistic(text)
    assert q is not None
    assert (q.lower, q.upper, q.lower_inclusive, q.upper_inclusive) == (_d(lower), _d(upper), lower_inc, upper_inc)
    assert q.unit == unit(unit_name)
    assert q.hedge == (None if hedge is None else HEDGE + hedge)
    assert q.quantifies == quantifies


def test_or_range_times_a_week():
    q = normalize_statistic("two or three times a week")
    assert (q.lower, q.upper, q.quantifies) == (Decimal(2), Decimal(3), "times")
    assert (q.per.lower, q.per.unit) == (Decimal(1), unit("WK"))


@pytest.mark.parametrize(
    ("text", "lower", "upper"),
    [
        ("FDA-approved for chronic migraine since 2010", "2010", "2010"),
        ("used in emergency medicine since the 1970s", "1970", "1979"),
        ("available since 1970", "1970", "1970"),
    ],
)
def test_since_dates_normalize_to_the_start_year(text, lower, upper):
    q = normalize_statistic(text)
    assert q is not None and q.unit == unit("YEAR")
    assert (q.lower, q.upper) == (_d(lower), _d(upper))


def test_dose_unit_labels_in_the_ontology(lex):
    from kgraph.pipeline.quantity_lexicon import tokenize

    labels = {
        "mg": "MilliGM", "milligrams": "MilliGM", "mcg": "MicroGM", "µg": "MicroGM", "micrograms": "MicroGM",
        "g": "GM", "mL": "MilliL", "ml": "MilliL", "milliliters": "MilliL", "mg/kg": "MilliGM-PER-KiloGM",
        "mg per kilogram": "MilliGM-PER-KiloGM", "mcg/kg": "MicroGM-PER-KiloGM",
    }  # fmt: skip
    for label, name in labels.items():
        assert lex.unit_labels[tuple(t for t, _, _ in tokenize(label))] == unit(name), label


def test_numbers_longer_than_the_default_decimal_precision_stay_exact():
    from decimal import Decimal

    from kgraph.pipeline.quantities import normalize_statistic

    quantity = normalize_statistic("11111111111111111111111111111 patients")
    assert quantity is not None and quantity.lower == quantity.upper == Decimal("11111111111111111111111111111")
