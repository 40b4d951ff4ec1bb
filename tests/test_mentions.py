"""Mention resolution on hand-written sentences, with the real small model."""

from __future__ import annotations

import pytest

CONCEPT = "https://w3id.org/kgraph/vocab/"


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def spans(extraction, kind=None):
    return [(m.text, m.entity_type, m.concept, m.rule) for m in extraction.mentions
            if kind is None or m.entity_type == kind]


def test_these_receptors_resolve_to_the_receptor_named_before(run_pipeline):
    _, ex = run_pipeline("Ketamine targets the NMDA receptors in the brain. These receptors matter for pain.")
    receptors = spans(ex, "RECEPTOR")
    assert ("These receptors", "RECEPTOR", CONCEPT + "receptor/nmda-receptor", "anaphora") in receptors


def test_generic_receptor_without_antecedent_stays_generic(run_pipeline):
    _, ex = run_pipeline("It works against certain receptors in peripheral nerves.")
    ((text, _, concept, _),) = spans(ex, "RECEPTOR")
    assert text == "receptors" and concept == CONCEPT + "receptor/receptor"


def test_noun_modifier_joins_a_generic_receptor(run_pipeline):
    _, ex = run_pipeline("Glutamate activates connections in another brain receptor.")
    assert [s[0] for s in spans(ex, "RECEPTOR")] == ["brain receptor"]


def test_drug_word_inside_a_receptor_name_is_not_a_drug(run_pipeline):
    _, ex = run_pipeline("The neurons respond to the overexpression of the opiate receptors.")
    assert spans(ex, "DRUG") == []
    assert [s[0] for s in spans(ex, "RECEPTOR")] == ["opiate receptors"]


@pytest.mark.parametrize("name", ["N-methyl-D-aspartate (NMDA) receptor", "NMDA (N-methyl-D-aspartate) receptors"])
def test_abbreviation_inside_a_name_gives_one_mention(run_pipeline, name):
    """Either way round, the parenthesis sits inside the receptor's name: one mention, no bare "receptors" left
    over to be a claim's subject ("receptors, a type of receptor for glutamate")."""
    _, ex = run_pipeline(f"Ketamine blocks the {name}, a type of receptor for glutamate.")
    assert [s[0] for s in spans(ex, "RECEPTOR")] == [name, "receptor for glutamate"]
    assert {(local(c.subject), local(c.predicate), local(c.object)) for c in ex.claims} == {
        ("ketamine", "blocks", "nmda-receptor"), ("nmda-receptor", "is-a", "glutamate-receptor")}


def test_nonstandard_expansion_links_to_the_abbreviation_and_is_recorded(run_pipeline):
    doc, ex = run_pipeline("It helps chronic regional pain syndrome (CRPS). CRPS is painful.")
    crps = CONCEPT + "condition/complex-regional-pain-syndrome"
    assert {s[2] for s in spans(ex, "CONDITION")} == {crps}
    (definition,) = ex.abbreviations
    assert definition.short == "CRPS" and definition.concept == crps and definition.standard is False


@pytest.mark.parametrize(("text", "former"), [
    ("The condition was formerly known as reflex sympathetic dystrophy (RSD).", True),
    ("Complex regional pain syndrome, still called reflex sympathetic dystrophy (RSD) by many, is rare.", True),
    ("Many of them have reflex sympathetic dystrophy (RSD).", False),
    ("A condition called reflex sympathetic dystrophy (RSD) is painful.", False),
])
def test_an_expansion_given_as_a_former_name_is_recorded_as_one(run_pipeline, text, former):
    """ "formerly known as", "still called" before a definition give its long form as a former or other name."""
    _, ex = run_pipeline(text)
    (definition,) = ex.abbreviations
    assert definition.short == "RSD" and definition.standard is False and definition.former_name is former


def test_unknown_abbreviation_follows_the_page_definition(run_pipeline):
    _, ex = run_pipeline("Many have Kounis syndrome (KS). KS patients respond to ketamine.")
    conditions = spans(ex, "CONDITION")
    concepts = {s[2] for s in conditions}
    assert len(concepts) == 1 and "/id/concept/condition/" in concepts.pop()
    assert [s[0] for s in conditions] == ["Kounis syndrome", "KS", "KS"]
    assert any(c.label == "Kounis syndrome" for c in ex.new_concepts)


@pytest.mark.parametrize(("text", "term", "kind"), [
    ("Some patients also report costochondritis.", "costochondritis", "CONDITION"),
    ("We may add atogepant or lemborexant.", "atogepant", "DRUG"),
    ("We may add atogepant or lemborexant.", "lemborexant", "DRUG"),
])
def test_unknown_terms_become_new_concepts(run_pipeline, text, term, kind):
    _, ex = run_pipeline(text)
    found = {s[0]: s for s in spans(ex)}
    assert found[term][1] == kind and found[term][3] == "new-term"
    assert "/id/concept/" in found[term][2]


@pytest.mark.parametrize("text", [
    "For purposes of diagnosis and hypnosis we listen.",
    "A rare genetic disorder and other conditions exist.",
    "Injury ReliefKetamine does not work like others.",
])
def test_ordinary_words_are_not_new_terms(run_pipeline, text):
    _, ex = run_pipeline(text)
    assert [s for s in spans(ex) if s[3] == "new-term"] == []


def test_nothing_is_extracted_from_page_furniture(run_pipeline):
    text = "Ketamine eases migraine.\nLeave a Reply ketamine\n"
    start = text.index("Leave")
    _, ex = run_pipeline(text, excluded=[(start, len(text) - 1)])
    assert [m.start for m in ex.mentions if m.entity_type == "DRUG"] == [0]


def test_publisher_and_its_short_name(run_pipeline):
    text = "At Cedar Ridge we help. Cedar Ridge Pain & Spine Specialists is in Ohio. A cedar ridge is a hill."
    _, ex = run_pipeline(text, publisher="Cedar Ridge Pain & Spine Specialists")
    sources = spans(ex, "SOURCE")
    assert [s[0] for s in sources] == ["Cedar Ridge", "Cedar Ridge Pain & Spine Specialists"]
    assert len({s[2] for s in sources}) == 1


def test_numbers_inside_names_are_not_statistics(run_pipeline):
    _, ex = run_pipeline("Triptans act on serotonin 5-HT1B/1D receptors within 30 minutes.")
    assert [s[0] for s in spans(ex, "STATISTIC")] == ["within 30 minutes"]


def test_rule_files_reject_unknown_keys(tmp_path):
    from kgraph.errors import PipelineError
    from kgraph.pipeline.mentions import MentionRules, load_mention_rules
    from kgraph.pipeline.rule_files import read_rule_file

    path = tmp_path / "rules.json"
    path.write_text('{"demonstratives": [], "typo_key": 1}', encoding="utf-8")
    with pytest.raises(PipelineError, match="typo_key"):
        read_rule_file(path, set(MentionRules.__dataclass_fields__))
    with pytest.raises(PipelineError, match="typo_key"):
        load_mention_rules.__wrapped__(path)


def test_expansion_inside_a_name_is_standard(run_pipeline):
    _, ex = run_pipeline("Ketamine blocks the N-methyl-D-aspartate (NMDA) receptor.")
    (definition,) = ex.abbreviations
    assert (definition.short, definition.long, definition.standard) == ("NMDA", "N-methyl-D-aspartate", True)


def test_a_definition_headed_by_a_treatment_mints_no_condition(run_pipeline):
    _, ex = run_pipeline("We offer Medication for Opioid Use Disorder (MOUD). MOUD saves lives.")
    assert not any(m.text == "MOUD" for m in ex.mentions)
    assert not any(c.label.lower().startswith("medication") for c in ex.new_concepts)


@pytest.mark.parametrize(("text", "tokens"), [
    ("0.5mg/kg", ["0.5", "mg", "/", "kg"]),
    ("painkiller- and", ["painkiller", "-", "and"]),
    ("heroin-induced", ["heroin", "-", "induced"]),
])
def test_tokenizer_adaptations(nlp, text, tokens):
    assert [t.text for t in nlp.make_doc(text)] == tokens


def test_doses_is_the_plural_of_dose(nlp, run_pipeline):
    """The rule lemmatizer would read "doses" as the plural of "dos"; a dose noun then stands for the drug."""
    assert [t.lemma_ for t in nlp("The doses are low.") if t.text == "doses"] == ["dose"]
    _, ex = run_pipeline("Ketamine is an anesthetic. Ketamine blocks NMDA receptors. Ketamine relieves depression. "
                         "Ketamine works fast. Ketamine is safe. The doses used for anxiety are far lower than "
                         "anesthetic doses.")
    found = {(c.subject.rsplit("/", 1)[-1], c.predicate.rsplit("/", 1)[-1], (c.object or "").rsplit("/", 1)[-1])
             for c in ex.claims}
    assert ("ketamine", "treats", "anxiety") in found, found


@pytest.mark.parametrize(("text", "mention", "concept"), [
    ("Significant liver disease rules it out.", "liver disease", "liver-disease"),
    ("Patients with severe liver disease should not receive it.", "liver disease", "liver-disease"),
    ("Tell us if you are currently misusing alcohol or drugs.", "misusing alcohol or drugs",
     "substance-use-disorder"),
])
def test_named_conditions_leave_their_severity_outside(run_pipeline, text, mention, concept):
    _, ex = run_pipeline(text)
    assert [(s[0], s[2].rsplit("/", 1)[-1], s[3]) for s in spans(ex, "CONDITION")] \
        == [(mention, concept, "vocabulary")]
