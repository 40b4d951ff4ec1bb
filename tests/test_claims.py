"""The claims stage on hand-built sentences: predicates, negation, hedges, reference resolution, lists."""

from __future__ import annotations

import pytest

from kgraph.pipeline.claim_rules import load_predicates, load_qualifier_cues, read_predicates
from kgraph.pipeline.phrases import PhraseIndex

VOCAB = "https://w3id.org/kgraph/vocab/"


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1] if iri else ""


def triples(extraction) -> set[tuple[str, str, str, str, str]]:
    """(subject, predicate, object, polarity, certainty) by local name; a statistic object by its text."""
    text = extraction.document.text
    out = set()
    for c in extraction.claims:
        obj = local(c.object) if c.object else text[c.object_span[0]:c.object_span[1]]
        out.add((local(c.subject), local(c.predicate), obj, "negated" if c.negated else "affirmed",
                 c.certainty.lower()))
    return out


def claims_of(run_pipeline, text: str):
    _, extraction = run_pipeline(text)
    return triples(extraction), extraction


def propositions(run_pipeline, text: str) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) of each claim of ``text``, by local name."""
    return {t[:3] for t in claims_of(run_pipeline, text)[0]}


def claims_after_page(run_pipeline, text: str, about: str | None = None) -> list:
    """The claims of ``text`` read after ``about``, by default :data:`ABOUT_KETAMINE` (a page plainly about one
    drug)."""
    page = (ABOUT_KETAMINE if about is None else about) + "\n\n"
    _, extraction = run_pipeline(page + text)
    return [c for c in extraction.claims if c.start >= len(page)]


# ------------------------------------------------------------------ predicate families

FAMILIES = [
    ("Ketamine is an effective treatment for chronic pain.", ("ketamine", "treats", "chronic-pain")),
    ("Ketamine rapidly alleviates acute pain.", ("ketamine", "relieves", "acute-pain")),
    ("Ketamine is the anesthetic of choice for sedation in the ED.", ("ketamine", "recommended-for", "sedation")),
    ("Esketamine was approved for treatment-resistant depression.",
     ("esketamine", "approved-for", "treatment-resistant-depression")),
    ("Ketamine has been used extensively in emergency departments.",
     ("ketamine", "used-for", "emergency-department")),
    ("Ketamine is an alternative to opioids.", ("ketamine", "is-alternative-to", "opioid")),
    ("Ketamine infusion can be a great medical alternative to treating chronic pain with opioids.",
     ("ketamine", "is-alternative-to", "opioid")),
    ("Most plans cover Spravato, although prior authorization is almost always required.",
     ("esketamine", "covered-after", "prior-authorization")),
    ("Ketamine blocks NMDA receptors.", ("ketamine", "blocks", "nmda-receptor")),
    ("Esketamine is a close chemical cousin of ketamine.", ("esketamine", "derived-from", "ketamine")),
    ('Esketamine is the "S" form (S-enantiomer) of ketamine.', ("esketamine", "derived-from", "ketamine")),
    ("Esketamine requires monitoring for at least two hours after each dose.",
     ("esketamine", "is-observed-after-dose-for", "at least two hours")),
    ("Ketamine antagonizes the NMDA receptor.", ("ketamine", "blocks", "nmda-receptor")),
    ("Opioids bind to opioid receptors.", ("opioid", "binds", "opioid-receptor")),
    ("An extended-release injection of naltrexone occupies opioid receptors.", ("naltrexone", "binds", "opioid-receptor")),
    ("Ketamine stimulates the release of glutamate.", ("ketamine", "increases", "glutamate")),
    ("Ketamine promotes neuroplasticity.", ("ketamine", "increases", "neuroplasticity")),
    ("Ketamine reduces the need for opioids.", ("ketamine", "reduces", "opioid-use")),
    ("Ketamine resets the pain pathways.", ("ketamine", "resets", "pain-pathway")),
    ("Ketamine induces a trance-like state.", ("ketamine", "causes", "dissociative-state")),
    ("Depression makes chronic pain worse.", ("depression", "worsens", "chronic-pain")),
    ("Opioids present a great risk for dependence.", ("opioid", "has-risk-of", "substance-dependence")),
    ("Ketamine is addictive.", ("ketamine", "has-risk-of", "addiction")),
    ("Chronic pain affects 50-100 million adults in the US.",
     ("chronic-pain", "has-prevalence", "50-100 million adults")),
    ("Nearly 52 million Americans report chronic pain.",
     ("chronic-pain", "has-prevalence", "Nearly 52 million Americans")),
    ("In 2019, nearly 50,000 Americans died from opioid-involved overdoses.",
     ("opioid-overdose", "has-death-toll", "nearly 50,000 Americans")),
    ("About 21 to 29 percent of patients prescribed opioids for chronic pain misuse them.",
     ("opioid", "has-misuse-rate", "About 21 to 29 percent of patients")),
    ("Spravato is used alongside an oral antidepressant.", ("esketamine", "taken-with", "antidepressant")),
    ("Spravato must be taken alongside an oral antidepressant.",
     ("esketamine", "requires-co-medication", "antidepressant")),
    ("Chronic pain is pain that lasts for three months or more.",
     ("chronic-pain", "lasts", "three months or more")),
    ("Ketamine was first synthesized in 1962.", ("ketamine", "introduced-in", "first synthesized in 1962")),
    ("Ketamine is a dissociative anesthetic.", ("ketamine", "is-a", "dissociative-anesthetic")),
    ("Ketamine works quickly.", ("ketamine", "has-onset", "rapid-onset")),
    ("Anxiety is linked to depression.", ("anxiety", "co-occurs-with", "depression")),
    ("Numerous studies support the use of ketamine.", ("ketamine", "is-supported-by", "research-evidence")),
    ("Ketamine is contraindicated in schizophrenia.", ("ketamine", "contraindicated-in", "schizophrenia")),
    ("Ketamine is covered by insurance.", ("ketamine", "covered-by-insurance", "health-insurance")),
    ("Ketamine is given as a series of six infusions.", ("ketamine", "has-course", "six infusions")),
    ("Ketamine is given as a 40-minute infusion.", ("ketamine", "has-session-length", "40-minute infusion")),
    ("Ketamine is given at 0.5 mg/kg.", ("ketamine", "is-dosed-at", "0.5 mg/kg")),
    ("Side effects of ketamine are short-lived.", ("ketamine", "has-short-lived-side-effects", "short-lived")),
    ("Side effects of ketamine usually fade within 30 to 60 minutes.",
     ("ketamine", "has-side-effect-duration", "within 30 to 60 minutes")),
    ("After a dose of ketamine, do not drive.", ("ketamine", "requires", "no-driving")),
    ("A ketamine infusion costs $450.", ("ketamine", "costs", "$450")),
    ("Ketamine works best as part of a broader treatment plan.", ("ketamine", "is-part-of", "broader-treatment-plan")),
    ("If you are in crisis, call or text 988.", ("crisis-lifeline", "offers-help-in", "mental-health-crisis")),
]


@pytest.mark.parametrize(("text", "expected"), FAMILIES, ids=[f[1][1] + "-" + str(i) for i, f in enumerate(FAMILIES)])
def test_each_predicate_family(run_pipeline, text, expected):
    found, _ = claims_of(run_pipeline, text)
    assert expected in {t[:3] for t in found}, found


def test_every_predicate_has_a_hand_built_sentence():
    covered = {expected[1] for _, expected in FAMILIES}
    declared = {local(iri) for iri in load_predicates().predicates}
    rare = {"mediates", "acts-on", "acts-in", "affects-population", "has-side-effect", "is-free-of-risk-of",
            "is-maintained-by", "resembles", "differs-from"}  # exercised by the sentences below
    assert declared - covered <= rare


@pytest.mark.parametrize(("text", "expected"), [
    ("These receptors are important for pain signaling.", ("receptor", "mediates", "pain-signaling")),
    ("Ketamine works on the brain.", ("ketamine", "acts-on", "brain")),
    ("Opioids have serious side effects.", ("opioid", "has-side-effect", "side-effect")),
    ("Ketamine is safe.", ("ketamine", "is-free-of-risk-of", "harm")),
    ("The effect can be maintained with occasional booster treatments, as needed. Ketamine helps.", None),
    ("Unlike traditional pain medications, ketamine works quickly.", ("ketamine", "differs-from", "analgesic")),
    # the cue names its evidence: no object needed, attributive or predicative
    ("Ketamine is an evidence-based treatment.", ("ketamine", "is-supported-by", "research-evidence")),
    ("Our ketamine therapy is research-backed.", ("ketamine", "is-supported-by", "research-evidence")),
    # "as" gives the tracked object the role the adjective describes
    ("We offer ketamine therapy as an evidence-based solution for chronic pain.",
     ("ketamine", "is-supported-by", "research-evidence")),
])
def test_less_common_predicates(run_pipeline, text, expected):
    found, _ = claims_of(run_pipeline, text)
    if expected is None:  # no subject we track: no claim invented for it
        assert not {t for t in found if t[1] == "is-maintained-by"}
    else:
        assert expected in {t[:3] for t in found}, found


# ------------------------------------------------------------------ negation

@pytest.mark.parametrize(("text", "expected"), [
    ("Ketamine is not addictive.", ("ketamine", "has-risk-of", "addiction", "negated")),
    ("Ketamine is a non-addictive medication.", ("ketamine", "has-risk-of", "addiction", "negated")),
    ("The opioid crisis has underscored the need for non-addictive pain management options.", None),
    ("Safe, Non-Addictive: Ketamine provides effective pain management without the risks associated with opioid use.",
     ("ketamine", "has-risk-of", "harm", "negated")),
    ("Safe, Non-Addictive: Ketamine provides effective pain management.",
     ("ketamine", "has-risk-of", "addiction", "negated")),
    ("Ketamine does not come without risks.", ("ketamine", "has-risk-of", "harm", "affirmed")),
    ("Ketamine never causes addiction.", ("ketamine", "causes", "addiction", "negated")),
    ("Ketamine does not work quite like other pain-killing drugs.", ("ketamine", "resembles", "analgesic", "negated")),
    ("Unfortunately, these effects don't last. Opioids relieve pain.", None),
    ("Not only was ketamine excellent at relieving pain, it also lifts mood.",
     ("ketamine", "relieves", "pain", "affirmed")),
])
def test_negation(run_pipeline, text, expected):
    found, _ = claims_of(run_pipeline, text)
    if expected is None:  # "non-addictive options" says nothing about a drug we track
        assert not {t for t in found if t[1] == "has-risk-of"}
    else:
        assert expected in {t[:4] for t in found}, found


def test_a_negation_does_not_reach_past_a_comma_and_a_conjunction(run_pipeline):
    found, _ = claims_of(run_pipeline, "NSAIDs help with migraine attacks but do little for fibromyalgia, and using "
                                       "them (or triptans) on more than 10 days a month can cause medication-overuse "
                                       "headache.")
    assert ("nonsteroidal-anti-inflammatory-drug", "treats", "fibromyalgia", "negated") in {t[:4] for t in found}
    assert not {t for t in found if t[0] == "triptan" and t[3] == "negated"}, found
    found, _ = claims_of(run_pipeline, "Ketamine is not addictive, and it relieves pain.")
    assert {("ketamine", "has-risk-of", "addiction", "negated"), ("ketamine", "relieves", "pain", "affirmed")} \
        <= {t[:4] for t in found}


def test_a_hyphenated_word_counts_once_in_a_negation_s_reach(run_pipeline):
    found, _ = claims_of(run_pipeline, "Opioids are rarely a good long-term answer for back pain.")
    assert ("opioid", "treats", "back-pain", "negated") in {t[:4] for t in found}


def test_a_condition_inside_a_source_name_is_no_claim_term(run_pipeline):
    found, _ = claims_of(run_pipeline, "According to the National Institute of Neurological Disorders and Stroke, "
                                       "more than 20 million Americans live with some form of peripheral neuropathy.")
    assert not {t for t in found if t[0] == "stroke" or t[2] == "stroke"}, found
    assert ("peripheral-neuropathy", "has-prevalence") in {t[:2] for t in found}


def test_negated_duration_after_a_pronoun(run_pipeline):
    found, _ = claims_of(run_pipeline, "Opioids provide pain relief. Unfortunately, these effects don't last.")
    assert ("opioid", "lasts", "long-lasting", "negated") in {t[:4] for t in found}


# ------------------------------------------------------------------ certainty

@pytest.mark.parametrize(("text", "certainty"), [
    ("Ketamine may relieve chronic pain.", "hedged"),
    ("Ketamine might relieve chronic pain.", "hedged"),
    ("Ketamine is thought to improve chronic pain.", "hedged"),
    ("Ketamine is believed to relieve chronic pain.", "hedged"),
    ("Studies suggest that ketamine can relieve chronic pain.", "hedged"),
    ("Ketamine seems to relieve chronic pain.", "hedged"),
    ("Ketamine potentially relieves chronic pain.", "hedged"),
    ("Ketamine has shown significant promise in providing relief for patients suffering from chronic pain.", "hedged"),
    ("The leading theory holds that ketamine relieves chronic pain by blocking NMDA receptors.", "hedged"),
    ("Ketamine can relieve chronic pain.", "asserted"),  # "can" of ability does not hedge
    ("Ketamine often relieves chronic pain.", "asserted"),  # frequency does not hedge
    ("Ketamine relieves chronic pain.", "asserted"),
    ("Ketamine has been shown to relieve chronic pain.", "emphatic"),
    ("Ketamine is clinically proven to relieve chronic pain.", "emphatic"),
    ("Research demonstrated that ketamine relieves chronic pain.", "emphatic"),
])
def test_certainty(run_pipeline, text, certainty):
    found, _ = claims_of(run_pipeline, text)
    levels = {t[4] for t in found if t[0] == "ketamine" and t[2] == "chronic-pain"}
    assert levels == {certainty}, found


# ------------------------------------------------------------------ reference resolution

@pytest.mark.parametrize(("text", "expected"), [
    ("NMDA receptors are important for pain signaling. Ketamine blocks them.",
     ("ketamine", "blocks", "nmda-receptor")),
    ("Ketamine targets NMDA receptors. These receptors are important for pain signaling.",
     ("nmda-receptor", "mediates", "pain-signaling")),
    ("Ketamine was first used as an anesthetic. Now, it is a strong option for treating chronic pain.",
     ("ketamine", "treats", "chronic-pain")),
    ("Chronic pain is common. It can come from injury or conditions like fibromyalgia.",
     ("fibromyalgia", "causes", "chronic-pain")),
    ("Ketamine is given as an infusion. This medication relieves chronic pain quickly.",
     ("ketamine", "relieves", "chronic-pain")),
    ("Ketamine, which blocks NMDA receptors, relieves chronic pain.", ("ketamine", "blocks", "nmda-receptor")),
    ("Ketamine is a dissociative anesthetic that works by targeting the NMDA receptors.",
     ("ketamine", "blocks", "nmda-receptor")),
    ("For many patients, traditional pain medications like opioids may only provide some relief. "
     "They often have serious side effects.", ("opioid", "has-side-effect", "side-effect")),
])
def test_reference_resolution(run_pipeline, text, expected):
    found, _ = claims_of(run_pipeline, text)
    assert expected in {t[:3] for t in found}, found


def test_resolved_subject_records_the_pronoun(run_pipeline):
    _, extraction = claims_of(run_pipeline, "Ketamine is an anesthetic. It relieves chronic pain.")
    claim = next(c for c in extraction.claims if local(c.predicate) == "relieves")
    assert claim.subject_via == "It" and claim.subject_span is None


def test_conditions_are_not_resolved_to_drugs(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine relieves depression and anxiety. These conditions have an effect "
                                       "on the patient's pain level.")
    assert not {t for t in found if t[1] == "has-side-effect"}


@pytest.mark.parametrize("text", [
    ("Buprenorphine eases cravings. Opioid withdrawal is miserable: aches, sweating and nausea. "
     "It is rarely dangerous on its own."),
    "Opioid use disorder is a chronic disease. It is rarely dangerous to treat it.",
])
def test_a_pronoun_after_a_condition_named_for_a_drug_means_the_condition(run_pipeline, text):
    """ "It" after "Opioid withdrawal ..." is the withdrawal, not the opioid in its name, nor an older drug."""
    found, _ = claims_of(run_pipeline, text)
    assert not {t for t in found if t[1] == "has-risk-of"}, found


def test_a_time_span_on_a_verb_of_ending_is_no_onset(run_pipeline):
    """ "the effect often fades within one to two weeks" says when the effect ends, not when it starts."""
    found, _ = claims_of(run_pipeline, "A single ketamine infusion can lift symptoms within hours, but the effect "
                                       "often fades within one to two weeks without repeat doses.")
    assert not {t for t in found if t[1] == "has-onset" and "week" in t[2]}, found  # "within hours" is the onset
    found, _ = claims_of(run_pipeline, "Ketamine works well. These effects usually fade within one to two hours.")
    assert not {t for t in found if t[1] == "has-onset"}, found


@pytest.mark.parametrize("text", [
    "- Side effects are mild and are usually gone within 15 to 20 minutes after the drip stops.",
    "Mild nausea is common during the infusion, and it usually goes away within 30 minutes.",
])
def test_side_effects_gone_within_minutes_have_no_onset(run_pipeline, text):
    """ "usually gone within 15 to 20 minutes", "goes away within an hour": when side effects end, which is no
    onset of the drug's effect; the side effects are short-lived."""
    claims = claims_after_page(run_pipeline, text)
    found = {(local(c.predicate), local(c.object)) for c in claims}
    assert ("has-onset", "rapid-onset") not in found, found
    assert ("has-short-lived-side-effects", "short-lived") in found, found


def test_a_participle_on_a_noun_acts_on_that_noun_not_on_a_default_object(run_pipeline):
    """ "naltrexone ... sharply reduced ketamine's antidepressant effect" (a participle in the small model's
    parse) is no claim that naltrexone relieves pain."""
    found, _ = claims_of(run_pipeline, "In a small trial, pretreating patients with naltrexone, a drug that blocks "
                                       "the mu-opioid receptor, sharply reduced ketamine’s antidepressant effect.")
    assert not {t for t in found if t[1] == "relieves"}, found


def test_approved_as_a_drug_class_says_what_the_drug_is(run_pipeline):
    """ "approved as an anesthetic" names its class (is-a), as "introduced as an anesthetic" does, and is approved
    for what the class is used for (anesthesia), never "approved for anesthetic"."""
    found, _ = claims_of(run_pipeline, "Ketamine was approved as an anesthetic in 1970.")
    assert ("ketamine", "is-a", "anesthetic") in {t[:3] for t in found}, found
    assert {t[:3] for t in found if t[1] == "approved-for"} == {("ketamine", "approved-for", "anesthesia")}, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Up to 70% of patients with treatment-resistant depression respond to a course of ketamine infusions.",
     ("ketamine", "treats", "treatment-resistant-depression")),
    ("People with depression often benefit from ketamine.", ("ketamine", "treats", "depression")),
    ("Roughly 50 percent of people with hard-to-treat depression get meaningful relief from ketamine.",
     ("ketamine", "relieves", "treatment-resistant-depression")),
    ("Ketamine can lift depression in a matter of hours.", ("ketamine", "treats", "depression")),
    ("Now offering low-dose ketamine infusions for depression and anxiety.", ("ketamine", "treats", "anxiety")),
])
def test_response_and_relief_named_from_the_patient_s_side(run_pipeline, text, expected):
    """Inverse cues: the condition is named before the cue, the drug after it ("respond to", "relief from")."""
    found, _ = claims_of(run_pipeline, text)
    assert expected in {t[:3] for t in found}, found


def test_a_drug_later_in_a_comparison_phrase_is_a_comparator_not_a_subject(run_pipeline):
    """ "compared with the four to six weeks it usually takes SSRIs": SSRIs are what the onset is compared with."""
    found, _ = claims_of(run_pipeline, "Ketamine works differently. Many patients notice a lift in mood within 24 "
                                       "hours, compared with the four to six weeks it usually takes SSRIs to work.")
    # SSRIs' own onset ("takes SSRIs [four to six weeks] to work") is theirs; the rapid one is not
    assert not {t for t in found if t[0] == "selective-serotonin-reuptake-inhibitor" and t[2] == "rapid-onset"}, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Most people start with a selective serotonin reuptake inhibitor (SSRI) such as sertraline or escitalopram.",
     {("sertraline", "is-a", "selective-serotonin-reuptake-inhibitor"),
      ("escitalopram", "is-a", "selective-serotonin-reuptake-inhibitor")}),
    ("Serotonin-norepinephrine reuptake inhibitors (SNRIs) such as duloxetine (Cymbalta) and venlafaxine help.",
     {("duloxetine", "is-a", "serotonin-norepinephrine-reuptake-inhibitor"),
      ("venlafaxine", "is-a", "serotonin-norepinephrine-reuptake-inhibitor")}),
    ("Tricyclic antidepressants like amitriptyline are another option.",
     {("amitriptyline", "is-a", "tricyclic-antidepressant")}),
    ("Venlafaxine, an SNRI, is also recommended.", {("venlafaxine", "is-a", "serotonin-norepinephrine-reuptake-inhibitor")}),
    ("Duloxetine (an SNRI) helps nerve pain.", {("duloxetine", "is-a", "serotonin-norepinephrine-reuptake-inhibitor")}),
    # a class noun before the name, as its title
    ("The drip adds the anti-nausea medication ondansetron (Zofran) and the anti-inflammatory ketorolac.",
     {("ondansetron", "is-a", "antiemetic"), ("ketorolac", "is-a", "anti-inflammatory-drug")}),
])
def test_a_class_named_with_examples_states_each_example_s_class(run_pipeline, text, expected):
    found, _ = claims_of(run_pipeline, text)
    assert expected <= {t[:3] for t in found}, found


def test_an_example_outside_the_class_states_no_class(run_pipeline):
    """ "SSRIs such as ketamine", "ibuprofen, an SSRI", "the opioid ketamine": the vocabularies put none of them
    under the class named."""
    found, _ = claims_of(run_pipeline, "SSRIs such as ketamine and ibuprofen help many patients. Ibuprofen, an SSRI, "
                                       "is sold everywhere. The opioid ketamine is a myth.")
    assert not {t for t in found if t[1] == "is-a"}, found


def test_a_treatment_noun_on_a_page_plainly_about_one_drug_stands_for_it(run_pipeline):
    """ "a single infusion rapidly reduced suicidal ideation" on a page about ketamine is about ketamine;
    not on a page naming several drugs alike, and never for a denial."""
    about_ketamine = ("Ketamine is an anesthetic. Ketamine blocks NMDA receptors. Ketamine relieves depression. "
                      "Ketamine works fast. Ketamine is safe. A single infusion rapidly reduced suicidal ideation.")
    found, _ = claims_of(run_pipeline, about_ketamine)
    assert ("ketamine", "relieves", "suicidal-ideation") in {t[:3] for t in found}, found
    mixed = ("Ketamine and esketamine are anesthetics. Ketamine and esketamine relieve depression. "
             "A single infusion rapidly reduced suicidal ideation.")
    found, _ = claims_of(run_pipeline, mixed)
    assert not {t for t in found if t[2] == "suicidal-ideation"}, found
    denial = about_ketamine.replace("A single infusion rapidly reduced", "A single infusion never reduced")
    found, _ = claims_of(run_pipeline, denial)
    assert not {t for t in found if t[2] == "suicidal-ideation"}, found
    side_effects = about_ketamine.replace("A single infusion rapidly reduced suicidal ideation.",
                                          "Most patients feel calm. Other possible side effects include nausea.")
    found, _ = claims_of(run_pipeline, side_effects)
    assert ("ketamine", "has-side-effect", "nausea") in {t[:3] for t in found}, found
    of_something_else = side_effects.replace("Other possible side effects include", "Side effects of TMS include")
    found, _ = claims_of(run_pipeline, of_something_else)
    assert not {t for t in found if t[1] == "has-side-effect"}, found


@pytest.mark.parametrize(("text", "expected", "absent"), [
    ("IV ketamine for PTSD has shown benefits.", ("ketamine", "treats", "posttraumatic-stress-disorder"), None),
    ("Doctors prescribe SSRIs for anxiety.", ("selective-serotonin-reuptake-inhibitor", "recommended-for", "anxiety"),
     ("selective-serotonin-reuptake-inhibitor", "treats", "anxiety")),
    ("We give ketamine for 40 minutes.", None, ("ketamine", "treats")),
])
def test_a_drug_named_for_a_condition_treats_it(run_pipeline, text, expected, absent):
    """ "ketamine for PTSD": the drug is named for what it treats, unless a verb before it already says how."""
    found, _ = claims_of(run_pipeline, text)
    triples = {t[:3] for t in found}
    if expected:
        assert expected in triples, found
    if absent:
        assert not {t for t in triples if t[:len(absent)] == absent}, found


@pytest.mark.parametrize("text", [
    "Most insurers do not cover IV ketamine for mental health conditions.",
    "Most insurers do not cover ketamine infusions for chronic pain.",
    "Ketamine is not a first-line treatment for pain.",
    "Ketamine is not a treatment for every kind of pain.",
    "Ketamine may not be safe for people with uncontrolled high blood pressure or psychosis.",
])
def test_what_is_not_a_denial_of_the_claim(run_pipeline, text):
    """A denied cover, a rank ("not first-line"), a universal ("not for every kind") or a contraindication
    ("not safe for people with ...") does not deny that the drug treats the condition or is safe (a denied cover
    denies the coverage only, a denied rank the recommendation only)."""
    found, _ = claims_of(run_pipeline, text)
    assert not {t for t in found if t[3] == "negated" and t[1] not in ("covered-by-insurance", "recommended-for")}, \
        found


def test_a_plain_denial_is_still_a_denial(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine does not treat depression. Ketamine is not safe.")
    assert {("ketamine", "treats", "depression", "negated"), ("ketamine", "is-free-of-risk-of", "harm", "negated")} \
        <= {t[:4] for t in found}, found


ABOUT_KETAMINE = ("Ketamine is an anesthetic. Ketamine blocks NMDA receptors. Ketamine relieves depression. "
                  "Ketamine works fast. Ketamine is safe.")


def test_a_heading_announcing_what_is_treated_over_a_bulleted_list(run_pipeline):
    """ "Conditions We Treat" and a list, on a page plainly about one drug: one claim per item, on its line;
    an aside in brackets is no item, and a heading with no treatment cue lists nothing."""
    text = (ABOUT_KETAMINE + "\n\nConditions We Treat\n\n- Complex regional pain syndrome (CRPS)\n- Fibromyalgia\n"
            "- Postherpetic neuralgia (nerve pain after shingles)\n\nWhy Choose Us\n\n- Depression screening\n")
    found, extraction = claims_of(run_pipeline, text)
    listed = {(t[0], t[1], t[2]) for t in found if t[1] == "treats"}
    assert listed == {("ketamine", "treats", "complex-regional-pain-syndrome"), ("ketamine", "treats", "fibromyalgia"),
                      ("ketamine", "treats", "postherpetic-neuralgia")}, found
    fibromyalgia = next(c for c in extraction.claims if local(c.object) == "fibromyalgia")
    assert text[fibromyalgia.start:fibromyalgia.end] == "Fibromyalgia"


def test_a_list_of_examples_carries_the_claim_before_it_to_each_example(run_pipeline):
    """ "It works best for pain from a malfunctioning nervous system. Examples include:" and a list: it works for
    each example, anchored on its line; an item that is no kind of the object, a denied claim, or a sentence
    naming something of its own carries nothing."""
    listed = ("\n\n• Reflex sympathetic dystrophy (RSD), a severe pain condition that causes burning pain\n"
              "• Fibromyalgia, which causes widespread muscle pain\n• Insomnia\n")
    text = ("Ketamine is not for every kind of pain. It tends to work best for pain that comes from a malfunctioning "
            "nervous system. Examples include:" + listed)
    found, extraction = claims_of(run_pipeline, text)
    treated = {t[2] for t in found if t[:2] == ("ketamine", "treats")}
    assert treated == {"pain", "complex-regional-pain-syndrome", "fibromyalgia"}, found
    fibromyalgia = next(c for c in extraction.claims if local(c.object) == "fibromyalgia")
    assert text[fibromyalgia.start:fibromyalgia.end].startswith("Fibromyalgia, which causes")
    found, _ = claims_of(run_pipeline, "Ketamine does not work for chronic pain. Examples include:" + listed)
    assert not {t for t in found if t[1] == "treats" and t[2] != "chronic-pain"}, found
    found, _ = claims_of(run_pipeline, "Ketamine works best for pain. Examples of opioids include:" + listed)
    assert not {t for t in found if t[1] == "treats" and t[2] != "pain"}, found


def test_a_drug_that_works_best_for_a_condition_treats_it(run_pipeline):
    """ "works best for", "works well for": a treatment cue like "works for"."""
    found, _ = claims_of(run_pipeline, "Ketamine works especially well for CRPS. Opioids work well for short-term "
                                       "pain after surgery.")
    assert {("ketamine", "treats", "complex-regional-pain-syndrome"), ("opioid", "treats", "postoperative-pain")} \
        <= {t[:3] for t in found}, found


def test_a_hedge_on_a_listed_item_s_line_hedges_its_claim(run_pipeline):
    """ "Benefits of Ketamine Infusion Therapy" over "• May quickly reduce thoughts of suicide": the item's own
    "may" hedges the treatment claim the heading makes of it; an item with no hedge stays asserted."""
    text = (ABOUT_KETAMINE + "\n\nBenefits of Ketamine Infusion Therapy\n\n• May quickly reduce thoughts of suicide "
            "and hopelessness\n• Relief of anxiety\n")
    found, _ = claims_of(run_pipeline, text)
    assert {("ketamine", "treats", "suicidal-ideation", "affirmed", "hedged"),
            ("ketamine", "treats", "anxiety", "affirmed", "asserted")} <= set(found), found


def test_a_long_list_item_with_no_verb_is_the_item_its_first_phrase_names(run_pipeline):
    """ "- Complex regional pain syndrome (CRPS) types I and II, including causalgia following nerve injury" is
    longer than an item usually is, but has no verb: CRPS is treated, and the injury that causes it is not."""
    text = (ABOUT_KETAMINE + "\n\nConditions We Treat\n\n- Complex regional pain syndrome (CRPS) types I and II, "
            "including causalgia following nerve injury\n- Fibromyalgia\n")
    listed = {t[2] for t in claims_of(run_pipeline, text)[0] if t[1] == "treats"}
    assert listed == {"complex-regional-pain-syndrome", "fibromyalgia"}, listed


def test_a_side_effects_heading_over_a_bulleted_list(run_pipeline):
    text = ABOUT_KETAMINE + "\n\nPossible Side Effects\n\n- A temporary increase in blood pressure\n- Nausea or dizziness\n"
    found, _ = claims_of(run_pipeline, text)
    assert {("ketamine", "has-side-effect", "hypertension"), ("ketamine", "has-side-effect", "nausea"),
            ("ketamine", "has-side-effect", "dizziness")} <= {t[:3] for t in found}, found


def test_a_question_heading_an_introducing_paragraph_and_defined_items(run_pipeline):
    """ "What side effects should I expect?", a paragraph ending "The most common are:", then "- Nausea: we can give
    ...": the term before each item's colon is the side effect; so is a phrase before a comma that a clause
    follows ("- Dizziness and blurred vision, so you will need a driver"); a long item whose first phrase has a
    verb is a sentence."""
    text = (ABOUT_KETAMINE + "\n\nWhat side effects should I expect?\n\nMost side effects are mild and fade within an "
            "hour. The most common are:\n- Dissociation: a floating, dreamlike feeling or a sense of watching yourself "
            "from outside the body.\n- Nausea: we can give an antiemetic such as ondansetron before your session.\n"
            "- Dizziness and blurred vision, so you will need a driver to take you home.\n"
            "- Headache and fatigue can follow for a day or so, and both usually pass without any treatment at all.\n")
    found, extraction = claims_of(run_pipeline, text)
    listed = {t[2] for t in found if t[1] == "has-side-effect"}
    assert listed == {"dissociation", "nausea", "dizziness", "blurred-vision"}, found
    nausea = next(c for c in extraction.claims if local(c.object) == "nausea")
    assert text[nausea.start:nausea.end].startswith("Nausea: we can give")


def test_a_heading_list_needs_a_page_plainly_about_one_drug(run_pipeline):
    text = "Ketamine and esketamine are anesthetics.\n\nConditions We Treat\n\n- Fibromyalgia\n"
    found, _ = claims_of(run_pipeline, text)
    assert not {t for t in found if t[2] == "fibromyalgia"}, found


@pytest.mark.parametrize("opening", ["Ketamine can help with:",
                                     "Ketamine has shown promise for several related conditions:"])
def test_a_cue_opening_a_bulleted_list_with_a_colon(run_pipeline, opening):
    """The list's items are the cue's objects, each anchored on its own line."""
    text = opening + "\n\n- Fibromyalgia\n- Phantom limb pain\n"
    found, extraction = claims_of(run_pipeline, text)
    assert {("ketamine", "treats", "fibromyalgia"), ("ketamine", "treats", "phantom-limb-pain")} \
        <= {t[:3] for t in found}, found
    pain = next(c for c in extraction.claims if local(c.object) == "phantom-limb-pain")
    assert text[pain.start:pain.end] == "Phantom limb pain"


def test_a_modifier_cue_says_its_predicate_of_the_noun_cue_s_objects(run_pipeline):
    """ "provide ketamine infusions, a proven, FDA-approved treatment for TRD": approved for it and treats it; the
    drug is the one the people's verb acts on."""
    found, _ = claims_of(run_pipeline, "Our nurse practitioners provide intravenous ketamine infusions, a proven, "
                                       "FDA-approved treatment for treatment-resistant depression.")
    assert {("ketamine", "approved-for", "treatment-resistant-depression"),
            ("ketamine", "treats", "treatment-resistant-depression")} <= {t[:3] for t in found}, found


@pytest.mark.parametrize("text", [
    "For selected patients, we may also prescribe intranasal ketamine, which the FDA has approved as an at-home "
    "rescue treatment for severe migraine attacks.",
    "The FDA has approved intranasal ketamine as a rescue treatment for severe migraine attacks.",
])
def test_an_approval_as_a_treatment_is_an_approval_for_its_condition(run_pipeline, text):
    """ "(the FDA) approved ketamine as a rescue treatment for migraine": the verb's "as" complement names what the
    drug is approved for; the drug the regulator approved is its direct object, not what it is approved for."""
    found, _ = claims_of(run_pipeline, text)
    assert ("ketamine", "approved-for", "migraine") in {t[:3] for t in found}, found
    assert not {t for t in found if t[1] == "approved-for" and t[2] == "ketamine"}, found


def test_an_approval_as_a_class_or_by_an_agent_with_no_condition_is_no_approval(run_pipeline):
    """ "approved ketamine as a first-line option" names no condition: nothing is approved for anything."""
    found, _ = claims_of(run_pipeline, "The committee approved ketamine as a first-line option.")
    assert not {t for t in found if t[1] == "approved-for"}, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Hallucinations have been reported with ketamine.", ("ketamine", "has-side-effect", "hallucination")),
    ("Seizures have been reported in patients taking bupropion.", ("bupropion", "has-side-effect", "seizure")),
])
def test_an_effect_reported_with_a_drug_is_its_side_effect(run_pipeline, text, expected):
    """ "X has been reported with <drug>": the effect is the grammatical subject, the drug comes after the cue."""
    found, _ = claims_of(run_pipeline, text)
    assert expected in {t[:3] for t in found}, found


@pytest.mark.parametrize(("text", "expected"), [
    ("IV ketamine is usually paid out of pocket.", ("ketamine", "covered-by-insurance", "health-insurance", "negated")),
    ("Benzodiazepines are generally discouraged for PTSD.",
     ("benzodiazepine", "recommended-for", "posttraumatic-stress-disorder", "negated")),
])
def test_a_denying_cue_with_words_of_its_own(run_pipeline, text, expected):
    """ "paid out of pocket": the cue's own preposition is no complement, so the cue takes its default object;
    "discouraged for PTSD" denies the recommendation."""
    found, _ = claims_of(run_pipeline, text)
    assert expected in {t[:4] for t in found}, found


def test_an_out_of_pocket_cost_denies_no_coverage(run_pipeline):
    """ "a program may help reduce your out-of-pocket cost for Spravato": insured patients pay some costs too; only
    paying out of pocket (or a self-pay rate) denies coverage."""
    found, _ = claims_of(run_pipeline, "If you have commercial insurance, the manufacturer's Spravato withMe program "
                                       "may help reduce your out-of-pocket cost for the medication.")
    assert not {t for t in found if t[1] == "covered-by-insurance"}, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Ketamine may not be appropriate if you have uncontrolled high blood pressure or if you are pregnant.",
     {"hypertension", "pregnancy"}),
    ("Ketamine may not be appropriate if you are pregnant or if you have a history of psychosis.",
     {"pregnancy", "psychosis"}),
    ("Ketamine is not safe for people who have schizophrenia or who are pregnant.", {"schizophrenia", "pregnancy"}),
])
def test_a_list_item_that_says_its_condition_again(run_pipeline, text, expected):
    """ "..., or if you are pregnant", "or who are pregnant": one more item of the cue's list, whatever verb says
    its condition again ("have" is not a side effect there)."""
    found, _ = claims_of(run_pipeline, text)
    assert {t[2] for t in found if t[1] == "contraindicated-in"} == expected, found
    assert not {t for t in found if t[1] == "has-side-effect"}, found


@pytest.mark.parametrize(("text", "expected"), [
    # the drug of the sentence before: a use of no named drug is the page's drug's
    ("Ketamine is a Schedule III controlled substance. Tolerance and dependence have been reported with prolonged "
     "or frequent use.", {"drug-tolerance", "substance-dependence"}),
    # the drug named earlier in the sentence
    ("The FDA label for ketamine notes that tolerance and dependence have been reported with prolonged use.",
     {"drug-tolerance", "substance-dependence"}),
    # effects common during an infusion of no named drug: the page's drug's; a named drug's own infusion is its
    ("Ketamine is an anesthetic. Nausea and dizziness are common during an infusion and usually resolve within an "
     "hour.", {"nausea", "dizziness"}),
    ("Ketamine is an anesthetic. Nausea is common during a lidocaine infusion.", set()),
    ("Ketamine is an anesthetic. Depression is common during pregnancy.", set()),
])
def test_effects_reported_with_a_use_are_the_drug_s(run_pipeline, text, expected):
    found, _ = claims_of(run_pipeline, text)
    assert {t[2] for t in found if t[:2] == ("ketamine", "has-side-effect")} == expected, found


def test_no_longer_having_to_be_taken_with_a_drug_denies_the_requirement(run_pipeline):
    """ "so it no longer has to be paired with a daily antidepressant": the requirement is denied."""
    found, _ = claims_of(run_pipeline, "In January 2025 the FDA approved Spravato as a standalone treatment, so it no "
                                       "longer has to be paired with a daily antidepressant for that use.")
    assert ("esketamine", "requires-co-medication", "antidepressant", "negated") in {t[:4] for t in found}, found


def test_a_drug_class_inside_an_effect_cue_is_not_whose_effect_it_is(run_pipeline):
    """ "The antidepressant effect often wears off within a week": "antidepressant" names the effect; it is no drug
    that treats depression. "Sertraline has an antidepressant effect" still says sertraline treats it."""
    found, _ = claims_of(run_pipeline, "Ketamine works. The antidepressant effect often wears off within a week.")
    assert not {t for t in found if t[0] == "antidepressant"}, found
    found, _ = claims_of(run_pipeline, "Sertraline has an antidepressant effect.")
    assert ("sertraline", "treats", "depression") in {t[:3] for t in found}, found


@pytest.mark.parametrize("text", [
    "Ketamine can work within hours. However, its effects often wear off within days to weeks, so ongoing "
    "maintenance treatments are usually needed.",
    "Ketamine relieves pain within 30 minutes. This rapid onset of relief is one reason it is popular.",
])
def test_a_term_inside_an_effect_cue_is_not_whose_effect_it_is(run_pipeline, text):
    """ "ongoing maintenance treatments are needed": the treatment named in the cue is what keeps the effect up, the
    drug is whose it is; "this rapid onset" still stands for the drug just named."""
    found, _ = claims_of(run_pipeline, text)
    assert {t[0] for t in found if t[1] in ("is-maintained-by", "has-onset")} == {"ketamine"}, found


def test_a_noun_cue_s_quote_takes_in_what_its_clause_says_of_it(run_pipeline):
    """ "The risk of addiction in a medical setting ... is considered low": the quote shows what is said of the risk,
    not only its name."""
    text = ABOUT_KETAMINE + ("\n\nThe risk of addiction in a medical setting, with low doses and careful screening, is "
                             "considered low, but it is not zero.")
    _, extraction = run_pipeline(text)
    risk = next(c for c in extraction.claims if local(c.predicate) == "has-risk-of" and local(c.object) == "addiction")
    assert text[risk.start:risk.end].endswith("is considered low"), text[risk.start:risk.end]


@pytest.mark.parametrize(("text", "expected"), [
    ("Ketamine offers relief from chronic pain and depression.",
     {("ketamine", "relieves", "chronic-pain"), ("ketamine", "relieves", "depression")}),
    ("Many patients with CRPS find relief from ketamine infusions.",
     {("ketamine", "relieves", "complex-regional-pain-syndrome")}),
    ("Staying on buprenorphine cuts the risk of dying from an overdose by about 50%.",
     {("buprenorphine", "reduces", "overdose")}),
])
def test_relief_from_a_condition_or_a_drug(run_pipeline, text, expected):
    """ "relief from" names what is relieved when a condition follows and what relieves it when a drug does; "the
    risk of dying from an overdose" is the risk of the overdose."""
    found, _ = claims_of(run_pipeline, text)
    assert expected <= {t[:3] for t in found}, found


def test_an_abbreviation_of_a_name_no_vocabulary_knows_is_recorded(run_pipeline):
    """ "REMS (Risk Evaluation and Mitigation Strategy)": a proper name with no concept is still a definition, so
    two pages' expansions can be compared; a lower-case phrase of no known kind is not."""
    _, extraction = run_pipeline("Under the federal REMS (Risk Evaluation and Mitigation Strategy) program, every "
                                 "patient is monitored. We offer the QPT (quiet pause technique) to everyone.")
    assert [(d.short, d.long, d.concept) for d in extraction.abbreviations] == [
        ("REMS", "Risk Evaluation and Mitigation Strategy", None)]


def test_quieting_nerves_acts_on_them(run_pipeline):
    """ "Ketamine quiets hyperexcitable peripheral nerves": it acts there (a site the scope finder compares)."""
    found, _ = claims_of(run_pipeline, "Ketamine quiets hyperexcitable peripheral nerves in the scalp, face and neck.")
    assert ("ketamine", "acts-on", "peripheral-nerves") in {t[:3] for t in found}, found


@pytest.mark.parametrize(("text", "sites"), [
    ("Ketamine acts on the glutamate system, the brain's most abundant excitatory signaling system.", set()),
    ("Ketamine affects the brain's reward system.", {"brain"}),
])
def test_the_possessor_opening_an_apposition_is_no_object(run_pipeline, text, sites):
    """ "the glutamate system, the brain's most abundant signaling system": the brain owns what renames the object;
    "affects the brain's reward system" still acts on the brain."""
    found, _ = claims_of(run_pipeline, text)
    assert {t[2] for t in found if t[:2] == ("ketamine", "acts-on") and t[2] != "glutamate"} == sites, found


def test_a_death_toll_keeps_its_year_and_population(run_pipeline):
    """ "In 2019 alone, more than 70,000 Americans died of opioid-involved overdoses": a toll of US deaths, dated."""
    text = "In 2019 alone, more than 70,000 Americans died of opioid-involved overdoses, and the toll has climbed."
    _, extraction = run_pipeline(text)
    toll = next(c for c in extraction.claims if local(c.predicate) == "has-death-toll")
    assert local(toll.subject) == "opioid-overdose"
    assert toll.object_quantity.lower == 70000 and local(toll.object_quantity.population) == "USPopulation"
    assert [(t.lower, t.upper) for t in toll.times] == [(2019, 2019)]


@pytest.mark.parametrize(("text", "scope"), [
    ("Ketamine can be habit-forming when misused.", "misuse-context"),
    ("Ketamine is non-addictive when given in a controlled medical setting.", "medical-use-context"),
])
def test_a_when_clause_gives_the_claim_its_use_scope(run_pipeline, text, scope):
    _, extraction = claims_of(run_pipeline, text)
    claim = next(c for c in extraction.claims if local(c.predicate) == "has-risk-of")
    assert scope in {local(p) for p in claim.populations}, claim


@pytest.mark.parametrize(("text", "studies"), [
    ("A Yale study found that ketamine lifted depression within hours. A 2006 trial confirmed it. In both, the dose "
     "of ketamine was 0.5 mg/kg.", True),
    ("Ketamine lifted depression within hours. In these studies, the dose of ketamine was 0.5 mg/kg.", True),
    # no study named before, or the phrase points at something else
    ("Ketamine lifted depression within hours. Patients did well. In both, the dose of ketamine was 0.5 mg/kg.", False),
    ("A 2006 trial confirmed it. In both groups, the dose of ketamine was 0.5 mg/kg.", False),
])
def test_a_sentence_pointing_back_to_studies_gives_what_the_studies_did(run_pipeline, text, studies):
    """ "In both, the dose was 0.5 mg/kg" after two trials: the studies' dose (the study setting), which compares
    with another page's "the dose used in the original studies"."""
    _, extraction = claims_of(run_pipeline, text)
    [dose] = [c for c in extraction.claims if local(c.predicate) == "is-dosed-at"]
    assert ("study-setting" in {local(p) for p in dose.populations}) is studies


@pytest.mark.parametrize("text", [
    "Ketamine use without medical supervision can be dangerous.",
    "Ketamine can be dangerous without medical supervision.",
])
def test_a_use_context_said_to_be_absent_scopes_the_claim_to_use_outside_it(run_pipeline, text):
    """ "Dangerous without medical supervision": harm outside medical care (kg:absenceReading), affirmed; the
    "without" denies nothing, and the claim is not scoped to medical use."""
    _, extraction = claims_of(run_pipeline, text)
    [claim] = [c for c in extraction.claims if local(c.predicate) == "has-risk-of"]
    assert not claim.negated
    assert [local(p) for p in claim.populations] == ["misuse-context"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Ketamine also carries a risk of misuse and dependence.", ("ketamine", "has-risk-of", "substance-dependence")),
    ("Ketamine is a controlled substance with its own potential for misuse.",
     ("ketamine", "has-risk-of", "substance-use-disorder")),
])
def test_misuse_named_as_the_harm_is_no_use_scope(run_pipeline, text, expected):
    """ "a risk of misuse and dependence", "potential for misuse": misuse is what is risked, not the setting the
    claim is limited to, so the claim stays unscoped (and can contradict "non-addictive as prescribed")."""
    _, extraction = claims_of(run_pipeline, text)
    claims = [c for c in extraction.claims
              if (local(c.subject), local(c.predicate), local(c.object)) == expected]
    assert claims, [(local(c.subject), local(c.predicate), local(c.object)) for c in extraction.claims]
    assert all(not c.populations for c in extraction.claims), [(local(c.predicate), c.populations)
                                                                for c in extraction.claims]


@pytest.mark.parametrize(("text", "expected", "absent"), [
    ("Ketamine's antidepressant effect is rapid and robust.", ("ketamine", "treats", "depression"), None),
    ("Benzodiazepines such as lorazepam (Ativan) may reduce ketamine's antidepressant effect.",
     ("ketamine", "treats", "depression"), ("lorazepam", "treats")),
    ("Ketamine blocks NMDA receptors. In clinical studies, about half of patients with TRD respond.",
     ("ketamine", "treats", "treatment-resistant-depression"), None),
])
def test_effects_owned_and_responses_without_a_named_drug(run_pipeline, text, expected, absent):
    """ "ketamine's antidepressant effect": ketamine treats depression, whoever reduces it; "patients with TRD
    respond" after a sentence about ketamine: they respond to ketamine."""
    found, _ = claims_of(run_pipeline, text)
    triples = {t[:3] for t in found}
    assert expected in triples, found
    if absent:
        assert not {t for t in triples if t[:2] == absent}, found


def test_taking_weeks_to_work_is_an_onset_taking_minutes_is_not(run_pipeline):
    found, _ = claims_of(run_pipeline, "SSRIs usually take four to six weeks to work fully.")
    assert {t[:2] for t in found} == {("selective-serotonin-reuptake-inhibitor", "has-onset")}, found
    found, _ = claims_of(run_pipeline, "Ketamine is given slowly. Each ketamine infusion takes about 40 minutes.")
    assert not {t for t in found if t[1] == "has-onset"}, found


# ------------------------------------------------------------------ lists

def test_a_list_gives_one_claim_per_item_sharing_one_anchor(run_pipeline):
    text = "Ketamine treats depression, PTSD, OCD and chronic pain."
    found, extraction = claims_of(run_pipeline, text)
    treats = [c for c in extraction.claims if local(c.predicate) == "treats"]
    assert {local(c.object) for c in treats} == {"depression", "posttraumatic-stress-disorder",
                                                  "obsessive-compulsive-disorder", "chronic-pain"}
    assert len({(c.start, c.end) for c in treats}) == 1
    assert text[treats[0].start:treats[0].end] == "Ketamine treats depression, PTSD, OCD and chronic pain"


def test_coordinated_adjectives_name_both_conditions(run_pipeline):
    found, _ = claims_of(run_pipeline, "Intravenous ketamine rapidly alleviates both acute and chronic pain.")
    assert {("ketamine", "relieves", "acute-pain"), ("ketamine", "relieves", "chronic-pain")} <= {t[:3] for t in found}


def test_subjects_conjoined_before_the_one_next_to_the_cue(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ibuprofen and naproxen help with migraine.")
    assert {("ibuprofen", "treats", "migraine"), ("naproxen", "treats", "migraine")} <= {t[:3] for t in found}
    found, _ = claims_of(run_pipeline, "Duloxetine (Cymbalta) and milnacipran (Savella), both SNRIs, and low-dose "
                                       "amitriptyline can improve pain and sleep.")
    assert {(drug, "treats", "pain") for drug in ("duloxetine", "milnacipran", "amitriptyline")} \
        <= {t[:3] for t in found}
    found, _ = claims_of(run_pipeline, "Gabapentin (Neurontin), pregabalin (Lyrica) and duloxetine treat nerve pain.")
    assert {(drug, "treats", "neuropathic-pain") for drug in ("gabapentin", "pregabalin", "duloxetine")} \
        <= {t[:3] for t in found}
    found, _ = claims_of(run_pipeline, "Only two medications, sertraline (Zoloft) and paroxetine (Paxil), are "
                                       "FDA-approved for PTSD.")
    assert {(drug, "approved-for", "posttraumatic-stress-disorder") for drug in ("sertraline", "paroxetine")} \
        <= {t[:3] for t in found}
    # a comma alone does not conjoin: the compared drug is no subject
    found, _ = claims_of(run_pipeline, "Unlike opioids, ketamine relieves pain.")
    assert {t[:3] for t in found} == {("ketamine", "relieves", "pain")}


@pytest.mark.parametrize("text", [
    "Part of that amplification runs through NMDA receptors, which ketamine blocks.",
    "NMDA receptors, which ketamine blocks, amplify pain.",
])
def test_an_object_relative_clause_with_a_lower_case_drug(run_pipeline, text):
    found, _ = claims_of(run_pipeline, text)
    assert ("ketamine", "blocks", "nmda-receptor") in {t[:3] for t in found}, found


def test_a_second_verb_after_and_shares_the_first_claim_s_subject(run_pipeline):
    found, _ = claims_of(run_pipeline, "Unlike SSRIs, which act mainly on serotonin, ketamine blocks the NMDA receptor "
                                       "and triggers a surge of glutamate activity.")
    triples_found = {t[:3] for t in found}
    assert {("ketamine", "blocks", "nmda-receptor"), ("ketamine", "increases", "glutamate")} <= triples_found
    assert not {t for t in triples_found if t[0] == "selective-serotonin-reuptake-inhibitor" and t[1] != "differs-from"}


def test_the_condition_a_later_anaphor_points_to_is_the_grammatical_subject(run_pipeline):
    found, _ = claims_of(run_pipeline, "CRPS Type II, once called causalgia, follows a definite, identifiable nerve "
                                       "injury. The condition affects an estimated 200,000 people in the United States "
                                       "each year.")
    assert ("complex-regional-pain-syndrome", "has-prevalence") in {t[:2] for t in found}
    assert ("nerve-damage", "has-prevalence") not in {t[:2] for t in found}


def test_a_condition_naming_what_a_program_is_for_is_not_its_subject(run_pipeline):
    found, _ = claims_of(run_pipeline, "Our CRPS protocol consists of four-hour infusions over five consecutive days, "
                                       "followed by booster infusions every four to eight weeks as needed.")
    assert not found, found
    found, _ = claims_of(run_pipeline, "Chronic pain patients often develop depression.")
    assert ("chronic-pain", "causes", "depression") in {t[:3] for t in found}


def test_whom_the_clinic_does_not_treat_is_no_claim_about_the_drug(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine is not right for everyone: we do not treat people with uncontrolled "
                                       "hypertension, active psychosis or a recent history of substance use disorder.")
    assert not {t for t in found if t[1] == "treats"}, found
    found, _ = claims_of(run_pipeline, "Ketamine does not treat psychosis.")
    assert ("ketamine", "treats", "psychosis", "negated") in {t[:4] for t in found}


def test_a_term_of_another_kind_opening_a_new_clause_is_no_further_object(run_pipeline):
    found, _ = claims_of(run_pipeline, "Sertraline and paroxetine are the only two medications the FDA has approved "
                                       "specifically for PTSD, and venlafaxine, an SNRI, is also recommended.")
    assert {t[:3] for t in found if t[1] == "approved-for"} == {
        ("sertraline", "approved-for", "posttraumatic-stress-disorder"),
        ("paroxetine", "approved-for", "posttraumatic-stress-disorder")}
    # a list with a serial comma is still a list
    found, _ = claims_of(run_pipeline, "Ketamine increases glutamate, serotonin, and neuroplasticity.")
    assert {("ketamine", "increases", o) for o in ("glutamate", "serotonin", "neuroplasticity")} <= {t[:3] for t in found}


def test_the_noun_safety_claims_no_safety(run_pipeline):
    found, _ = claims_of(run_pipeline, "The task force warned that the long-term safety of repeated ketamine "
                                       "infusions was unknown.")
    assert not {t for t in found if t[1] in ("is-free-of-risk-of", "has-risk-of")}, found
    found, _ = claims_of(run_pipeline, "Ketamine is safe.")
    assert ("ketamine", "is-free-of-risk-of", "harm") in {t[:3] for t in found}


def test_a_product_based_on_a_drug_is_not_that_drug(run_pipeline):
    found, _ = claims_of(run_pipeline, "The one ketamine-based product approved for depression is Spravato "
                                       "(esketamine), a nasal spray that was approved in March 2019 for adults with "
                                       "treatment-resistant depression.")
    # (the apposition says what Spravato is: a nasal spray)
    assert {t[:3] for t in found} == {("esketamine", "approved-for", "treatment-resistant-depression"),
                                      ("esketamine", "is-a", "nasal-spray")}, found
    found, _ = claims_of(run_pipeline, "Ketamine-based therapy relieves chronic pain.")
    assert ("ketamine", "relieves", "chronic-pain") in {t[:3] for t in found}


def test_a_drug_a_participle_names_is_the_subject(run_pipeline):
    found, _ = claims_of(run_pipeline, "Newer drugs called gepants (ubrogepant and rimegepant) block the CGRP receptor.")
    assert ("cgrp-antagonist", "blocks", "cgrp-receptor") in {t[:3] for t in found}


def test_no_open_term_is_minted_from_the_noun_high(run_pipeline):
    found, _ = claims_of(run_pipeline, "Buprenorphine eases withdrawal and cravings without producing the same high.")
    assert {t[:3] for t in found} == {("buprenorphine", "relieves", "withdrawal"),
                                      ("buprenorphine", "relieves", "craving")}


def test_a_bulleted_list_after_a_list_cue_holds_its_objects(run_pipeline):
    found, _ = claims_of(run_pipeline, "Common side effects of ketamine include:\n\n- Nausea or vomiting\n"
                                       "- Dizziness and blurred vision\n\nCall us today to book a visit.")
    assert {t[:3] for t in found} == {("ketamine", "has-side-effect", o)
                                      for o in ("nausea", "vomiting", "dizziness", "blurred-vision")}
    # the list ends at the first line without a bullet
    found, _ = claims_of(run_pipeline, "Side effects of ketamine include:\nNausea is rare here.\n- dizziness")
    assert not {t for t in found if t[1] == "has-side-effect"}, found


@pytest.mark.parametrize(("text", "expected"), [
    # cues that deny a treatment
    ("Ibuprofen does little for fibromyalgia.", ("ibuprofen", "treats", "fibromyalgia", "negated")),
    ("Opioids are ineffective for neuropathic pain.", ("opioid", "treats", "neuropathic-pain", "negated")),
    # a verb that removes a risk denies it
    ("Ketamine eliminates the risk of addiction.", ("ketamine", "has-risk-of", "addiction", "negated")),
    ("Ketamine avoids the risk of addiction.", ("ketamine", "has-risk-of", "addiction", "negated")),
    ("Ketamine does not eliminate the risk of addiction.", ("ketamine", "has-risk-of", "addiction", "affirmed")),
    ("Ketamine poses a risk of dependence.", ("ketamine", "has-risk-of", "substance-dependence", "affirmed")),
])
def test_words_that_deny_a_treatment_or_a_risk(run_pipeline, text, expected):
    found, _ = claims_of(run_pipeline, text)
    assert expected in {t[:4] for t in found}, found


def test_not_a_cure_is_no_denial_of_treatment(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine is not a cure for depression, but it can help.")
    assert not {t for t in found if t[1] == "treats" and t[3] == "negated"}, found
    found, _ = claims_of(run_pipeline, "Ketamine does not treat depression.")
    assert ("ketamine", "treats", "depression", "negated") in {t[:4] for t in found}


def test_a_statistic_between_cue_and_object_counts_as_one_word(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine helps up to 70% of patients with treatment-resistant depression.")
    assert ("ketamine", "treats", "treatment-resistant-depression") in {t[:3] for t in found}


def test_a_duration_word_on_a_side_effect_describes_the_side_effect(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine has no known long-term side effects.")
    assert not {t for t in found if t[1] == "lasts"}, found


def test_habit_forming_without_its_hyphen(run_pipeline):
    found, _ = claims_of(run_pipeline, "Unlike opioids, ketamine is non-habit forming.")
    assert ("ketamine", "has-risk-of", "addiction", "negated") in {t[:4] for t in found}


def test_a_sign_is_a_risk_only_when_something_is_one(run_pipeline):
    found, _ = claims_of(run_pipeline, "Our clients say NAD+ therapy reverses the signs of aging.")
    assert not found, found
    found, _ = claims_of(run_pipeline, "In people with depression, including signs of self-harm and suicidal "
                                       "thoughts, ketamine treatment can be a life-saver.")
    assert not {t for t in found if t[1] == "has-risk-of"}, found
    found, _ = claims_of(run_pipeline, "Using ketamine more often than prescribed may be a sign of addiction.")
    assert ("ketamine", "has-risk-of", "addiction") in {t[:3] for t in found}


def test_a_list_of_drugs_after_a_colon_names_the_subjects(run_pipeline):
    found, _ = claims_of(run_pipeline, "Three medications are FDA-approved for fibromyalgia: duloxetine (Cymbalta), "
                                       "milnacipran (Savella) and pregabalin (Lyrica).")
    assert {(drug, "approved-for", "fibromyalgia") for drug in ("duloxetine", "milnacipran", "pregabalin")} \
        == {t[:3] for t in found}


def test_an_example_brought_in_by_a_focus_word_is_an_object_too(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine is effective for chronic pain syndromes, especially neuropathic pain.")
    assert {("ketamine", "treats", "chronic-pain"), ("ketamine", "treats", "neuropathic-pain")} <= {t[:3] for t in found}
    found, _ = claims_of(run_pipeline, "Ketamine is particularly effective for many chronic pain syndromes, "
                                       "particularly neuropathic pain syndromes.")
    assert ("ketamine", "treats", "neuropathic-pain") in {t[:3] for t in found}


def test_an_indication_after_the_object_qualifies_it(run_pipeline):
    _, extraction = claims_of(run_pipeline, "Ketamine infusions reduced the need for opioid medications in patients "
                                            "with chronic pain conditions.")
    claim = next(c for c in extraction.claims if local(c.predicate) == "reduces")
    assert local(claim.object) == "opioid-use" and [local(i) for i in claim.indications] == ["chronic-pain"]


# ------------------------------------------------------------------ qualifiers and anchors

def test_site_and_attribution(run_pipeline):
    text = ("A study published in Pain Medicine found that ketamine blocks NMDA receptors in the spinal cord "
            "(Zheng et al., 2019).")
    _, extraction = claims_of(run_pipeline, text)
    claim = next(c for c in extraction.claims if local(c.predicate) == "blocks")
    assert [local(s) for s in claim.sites] == ["spinal-cord"]
    assert {local(s[0]) for s in claim.sources} >= {"pain-medicine", "zheng-2019"}


def test_an_adjective_on_an_untracked_noun_is_no_claim(run_pipeline):
    for text in ("We offer a safer alternative.", "We offer infusions as an evidence-based solution.",
                 "Patients describe the program as an evidence-based answer."):
        found, _ = claims_of(run_pipeline, text)
        assert not {t for t in found if t[1] in ("is-supported-by", "is-free-of-risk-of")}, (text, found)


@pytest.mark.parametrize("text", [
    "If ketamine relieves your pain, call us.",
    "Ask your doctor whether ketamine treats chronic pain.",
    "If you wish to know if ketamine infusion is the right treatment for you, contact a pain relief clinic.",
    "Unless ketamine relieves your chronic pain, we refund the first session.",
])
def test_conditions_questions_and_clinic_names_assert_nothing(run_pipeline, text):
    found, _ = claims_of(run_pipeline, text)
    assert not found, found


def test_a_claim_beside_a_condition_still_counts(run_pipeline):
    found, _ = claims_of(run_pipeline, "If you have chronic pain, ketamine can relieve it.")
    assert ("ketamine", "relieves", "chronic-pain") in {t[:3] for t in found}
    found, _ = claims_of(run_pipeline, "Ketamine, which works even if other drugs fail, relieves chronic pain.")
    assert ("ketamine", "relieves", "chronic-pain") in {t[:3] for t in found}


def test_a_quoted_infinitive_misread_as_a_prepositional_object_still_has_its_object(run_pipeline):
    text = ("Ketamine blocks the NMDA receptor. This NMDA blockade is believed to allow the pain pathways in the "
            "brain and spine to \u201creset,\u201d allowing a more normalized response to pain.")
    found, _ = claims_of(run_pipeline, text)
    assert ("ketamine", "resets", "pain-pathway") in {t[:3] for t in found}


def test_a_bracketed_expansion_does_not_push_the_site_out_of_reach(run_pipeline):
    text = ("Ketamine is an anesthetic that works by targeting the NMDA receptors "
            "(N-methyl-D-aspartate receptors) in the brain.")
    _, extraction = claims_of(run_pipeline, text)
    claim = next(c for c in extraction.claims if local(c.object) == "nmda-receptor")
    assert [local(s) for s in claim.sites] == ["brain"]
    # without the brackets, as many words put the site out of reach: the aside is what is skipped
    _, extraction = claims_of(run_pipeline, "Ketamine works by targeting the NMDA receptors of many kinds of cells "
                                            "found mainly in the brain.")
    claim = next(c for c in extraction.claims if local(c.object) == "nmda-receptor")
    assert claim.sites == ()


def test_time_qualifier_is_a_year(run_pipeline):
    _, extraction = claims_of(run_pipeline, "In 2019, ketamine relieved chronic pain in a trial.")
    claim = next(c for c in extraction.claims if local(c.predicate) == "relieves")
    assert [(q.lower, q.upper) for q in claim.times] and claim.times[0].lower == 2019


def test_headings_and_questions_are_not_claims(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine for Chronic Pain Relief\nWhy is Ketamine an Effective Treatment "
                                       "for Chronic Pain?\nKetamine relieves chronic pain.")
    assert {t[:3] for t in found} == {("ketamine", "relieves", "chronic-pain")}


def test_anchor_is_the_clause_not_the_paragraph(run_pipeline):
    text = ("Chronic pain is common. Ketamine blocks NMDA receptors, which disrupts the pain pathway. "
            "Clinics offer many services.")
    _, extraction = claims_of(run_pipeline, text)
    claim = next(c for c in extraction.claims if local(c.object) == "nmda-receptor")
    assert text[claim.start:claim.end] == "Ketamine blocks NMDA receptors"
    assert text[claim.sentence[0]:claim.sentence[1]].startswith("Ketamine blocks")


def test_side_effect_lists_name_unknown_effects(run_pipeline):
    found, _ = claims_of(run_pipeline, "Common side effects of atomoxetine include decreased appetite, trouble "
                                       "sleeping and a faster heart rate.")
    assert {("atomoxetine", "has-side-effect", o) for o in ("loss-of-appetite", "insomnia", "faster-heart-rate")} \
        <= {t[:3] for t in found}


def test_nouns_of_other_prepositions_after_a_list_cue_are_no_items(run_pipeline):
    """ "the risk of addiction in a medical setting, with low doses given at spaced intervals under supervision":
    the setting, doses, intervals and supervision qualify the risk; none is a risk."""
    found, _ = claims_of(run_pipeline, "Ketamine is used in clinics. The risk of addiction in a medical setting, with "
                                       "low doses given at spaced intervals under supervision, is considered low.")
    assert {t[2] for t in found if t[:2] == ("ketamine", "has-risk-of")} == {"addiction"}, found


@pytest.mark.parametrize("text", [
    "Ketamine is a preferred option for patients seeking quick and effective pain management.",
    "If you are looking for pain relief, call us.",
    "Ketamine is used in our clinic. Many people want relief from depression.",
])
def test_what_someone_wants_is_no_claim(run_pipeline, text):
    """ "patients seeking pain management", "looking for relief": a wish, not what the drug does."""
    found, _ = claims_of(run_pipeline, text)
    assert not {t for t in found if t[1] in ("treats", "relieves")}, found


def test_a_noun_cue_of_what_a_drug_gives_is_still_a_claim(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine provides effective pain management.")
    assert ("ketamine", "treats", "pain") in {t[:3] for t in found}, found


def test_how_long_an_effect_lasts_is_the_drug_s_duration(run_pipeline):
    """ "Relief usually lasts 3 to 6 weeks" after a sentence about ketamine: ketamine's relief; an effect of a
    drug the sentence names is that drug's."""
    found, _ = claims_of(run_pipeline, "Ketamine is used for CRPS. Relief usually lasts 3 to 6 weeks.")
    assert ("ketamine", "lasts", "3 to 6 weeks", "affirmed") in {t[:4] for t in found}, found
    found, _ = claims_of(run_pipeline, "Ketamine is used for CRPS. The effect of opioids fades within 3 days.")
    assert {t[0] for t in found if t[1] == "lasts"} == {"opioid"}, found
    # how long it lasts, asked inside another clause, is no answer
    found, _ = claims_of(run_pipeline, "Ketamine is used for depression. Many patients return for a booster every "
                                       "few weeks, depending on how long the benefit lasts.")
    assert not {t for t in found if t[1] == "lasts"}, found
    # ... but a label before a colon is no question
    found, _ = claims_of(run_pipeline, "Ketamine is used for depression. How long: the benefit from a single "
                                       "infusion often fades within days to a week or two.")
    assert {t[0] for t in found if t[1] == "lasts"} == {"ketamine"}, found


@pytest.mark.parametrize(("text", "figure"), [
    ("The effect of a single infusion typically wears off within a week or two.", "within a week or two"),
    ("The benefit often fades within one to two weeks.", "within one to two weeks"),
    ("Its effects usually wear off within three weeks.", "within three weeks"),
])
def test_an_effect_that_fades_within_a_time_lasts_that_long(run_pipeline, text, figure):
    """ "The effect wears off within a week or two" says how long it lasts, as "lasts up to two weeks" does: the
    denial in "fade" ("it does not last") is for an effect with no time given ("the benefit is short-lived")."""
    found, _ = claims_of(run_pipeline, "Ketamine eases depression. " + text)
    assert ("ketamine", "lasts", figure, "affirmed") in {t[:4] for t in found}, found
    found, _ = claims_of(run_pipeline, "Ketamine eases depression. The benefit is short-lived.")
    assert ("ketamine", "lasts", "long-lasting", "negated") in {t[:4] for t in found}, found
    found, _ = claims_of(run_pipeline, "Ketamine eases depression. The benefit does not fade within two weeks.")
    assert ("ketamine", "lasts", "within two weeks", "negated") in {t[:4] for t in found}, found


@pytest.mark.parametrize("text", [
    "However, its effects often wear off within days to weeks.",
    "Fewer reach full remission, and for many, the benefit fades within weeks.",
    "Results vary, and relief may wane over weeks to months.",
    "It has not been shown to prevent suicide deaths over the long term, and the effect of a single infusion often "
    "fades without further treatment and support.",
    "It is not FDA-approved for chronic pain, and the benefits are often temporary.",
    "A review concluded that ketamine infusions provide short-term relief.",
])
def test_an_effect_that_fades_with_no_figure_does_not_last(run_pipeline, text):
    """ "the benefit fades within weeks", "wears off within days to weeks": a span with no figure gives no duration,
    so the effect is not long-lasting; it is the drug's effect, not its side effects, even when "over the long
    term" and "infusion" share the sentence; a figure still gives how long it lasts."""
    found, _ = claims_of(run_pipeline, "Ketamine eases depression. " + text)
    assert {t[:4] for t in found if t[1] in ("lasts", "has-short-lived-side-effects")} \
        == {("ketamine", "lasts", "long-lasting", "negated")}, found
    found, _ = claims_of(run_pipeline, "Ketamine eases depression. For many, the benefit fades within two weeks.")
    assert ("ketamine", "lasts", "within two weeks", "affirmed") in {t[:4] for t in found}, found
    # how long a study ran is no effect's duration
    found, _ = claims_of(run_pipeline, "Ketamine eases depression. In a short-term clinical trial, adults with TRD "
                                       "who received esketamine improved more.")
    assert not {t for t in found if t[1] == "lasts"}, found


def test_the_effects_a_sentence_times_are_the_drug_s_not_the_condition_s(run_pipeline):
    """ "a single ketamine infusion reduced suicidal thoughts within one day, with effects lasting up to one week":
    the effects last, not suicidal ideation; relief from a procedure is no drug's and no condition's."""
    found, _ = claims_of(run_pipeline, "A meta-analysis found that a single ketamine infusion reduced suicidal "
                                       "thoughts within one day, with effects lasting up to one week.")
    assert {t[0] for t in found if t[1] == "lasts"} == {"ketamine"}, found
    found, _ = claims_of(run_pipeline, "We treat arthritis-related back pain. Radiofrequency ablation uses heat to "
                                       "interrupt pain signals from specific nerves; relief can last 6 to 12 months.")
    assert not {t for t in found if t[1] == "lasts"}, found


def test_relief_of_nothing_named_is_of_the_page_s_condition(run_pipeline):
    """ "rapid relief" on a page plainly about depression relieves depression; with no such condition, pain."""
    about_depression = ("Ketamine treats depression. Depression is common. Depression is serious. Depression is "
                        "treatable. Many people have depression. ")
    found, _ = claims_of(run_pipeline, about_depression + "Some patients use ketamine for rapid relief.")
    relieved = {t[2] for t in found if t[:2] == ("ketamine", "relieves")}
    assert relieved == {"depression"}, found
    found, _ = claims_of(run_pipeline, "Ketamine treats depression. Some patients use ketamine for rapid relief.")
    assert {t[2] for t in found if t[:2] == ("ketamine", "relieves")} == {"pain"}, found


def test_a_possessive_before_a_noun_is_no_anaphoric_object(run_pipeline):
    """ "it carries its own potential for misuse" after depression was named: the potential is carried, not
    depression, and "potential" names no side effect of its own."""
    found, _ = claims_of(run_pipeline, "Ketamine is used for depression. Ketamine, like buprenorphine, is a "
                                       "Schedule III controlled substance, and it carries its own potential for misuse.")
    assert not {t for t in found if t[1] == "has-side-effect"}, found
    assert ("ketamine", "has-risk-of", "substance-use-disorder") in {t[:3] for t in found}, found


@pytest.mark.parametrize(("text", "expected"), [
    # a thing brought in with "a" and then named is the named concept
    ("Ketamine blocks a receptor in the brain called the NMDA receptor.", {"nmda-receptor"}),
    # a relative clause or "also known as" after a named term says something of it; it does not rename it
    ("Ketamine blocks NMDA receptors, which are called glutamate receptors.", {"nmda-receptor"}),
    ("Ketamine blocks NMDA receptors, also known as glutamate receptors.", {"nmda-receptor"}),
])
def test_a_term_named_right_after_it_is_the_named_concept(run_pipeline, text, expected):
    found, _ = claims_of(run_pipeline, text)
    assert {t[2] for t in found if t[:2] == ("ketamine", "blocks")} == expected, found


def test_an_unnamed_relative_clause_is_about_its_noun(run_pipeline):
    found, _ = claims_of(run_pipeline, "Sertraline and paroxetine are the only two medications the FDA has approved "
                                       "specifically for PTSD.")
    assert {("sertraline", "approved-for", "posttraumatic-stress-disorder"),
            ("paroxetine", "approved-for", "posttraumatic-stress-disorder")} <= {t[:3] for t in found}
    assert not {t for t in found if t[1] == "has-prevalence"}  # "two medications" counts no people


def test_off_label_denies_approval(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine is approved as an anesthetic. Its use for depression is off-label.")
    assert ("ketamine", "approved-for", "depression", "negated") in {t[:4] for t in found}
    assert ("ketamine", "is-a", "anesthetic", "affirmed") in {t[:4] for t in found}  # approved as its class
    assert not {t for t in found if t[1] == "treats"}  # the use is what is off-label: no claim that it treats


def test_a_clause_as_subject_is_what_is_off_label_and_states_no_use(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine is an anesthetic. Using it to treat depression, anxiety, PTSD, "
                                       "or chronic pain is considered off-label.")
    denied = {t[2] for t in found if t[:2] == ("ketamine", "approved-for") and t[3] == "negated"}
    assert denied == {"depression", "anxiety", "posttraumatic-stress-disorder", "chronic-pain"}  # each use named
    assert not {t for t in found if t[1] == "treats"}  # "using it to treat X" asserts no treatment
    found, _ = claims_of(run_pipeline, "Using ketamine to treat depression is considered off-label.")
    assert {t[:4] for t in found} == {("ketamine", "approved-for", "depression", "negated")}
    # the small model can read a noun phrase as a clause subject: "ketamine for X is a use" still states no use
    found, _ = claims_of(run_pipeline, "Ketamine is FDA-approved as an anesthetic, and IV ketamine for depression, "
                                       "anxiety or pain is an off-label use.")
    assert not {t for t in found if t[1] in ("treats", "relieves", "used-for")}


def test_not_reviewed_by_the_fda_for_a_use_denies_its_approval(run_pipeline):
    """ "The FDA has not reviewed X for Y" denies that X is approved for Y: named, or a use named just before ("for
    this purpose", "for those uses"), never the modifier of another noun ("pain medicine")."""
    found, _ = claims_of(run_pipeline, "The FDA has not reviewed ketamine for depression.")
    assert {t[:4] for t in found} == {("ketamine", "approved-for", "depression", "negated")}
    found, extraction = claims_of(run_pipeline, "Ketamine is an anesthetic. Using it to treat depression or PTSD is "
                                                "considered off-label, which means the FDA hasn't reviewed it for "
                                                "those specific uses.")
    denied = {t[2] for t in found if t[:2] == ("ketamine", "approved-for") and t[3] == "negated"}
    assert denied == {"depression", "posttraumatic-stress-disorder"}
    text = extraction.document.text
    assert all("reviewed it for those specific uses" in text[c.start:c.end] for c in extraction.claims
               if local(c.predicate) == "approved-for"), [text[c.start:c.end] for c in extraction.claims]
    found, extraction = claims_of(run_pipeline, "Ketamine is an anesthetic. Its use for CRPS is considered off-label. "
                                                "Off-label prescribing is common in pain medicine, but the FDA has "
                                                "not reviewed ketamine for this purpose.")
    text = extraction.document.text
    reviewed = [(local(c.object), c.negated) for c in extraction.claims if "reviewed" in text[c.start:c.end]]
    assert reviewed == [("complex-regional-pain-syndrome", True)], reviewed


@pytest.mark.parametrize("text, expected", [
    # the drug taken is the subject; "without" denies the monitoring, not the danger
    ("Ketamine is used in clinics. Taking it without monitoring can be dangerous.",
     {("ketamine", "has-risk-of", "harm", "affirmed")}),
    # stopping a drug is not taking it: what stopping does is no claim about the drug
    ("Ketamine is used in clinics. Stopping it is not dangerous.", set()),
])
def test_a_pronoun_taken_in_a_clause_as_subject(run_pipeline, text, expected):
    found, _ = claims_of(run_pipeline, text)
    assert {t[:4] for t in found if t[1] != "used-for"} == expected


def test_patients_are_not_subjects(run_pipeline):
    found, _ = claims_of(run_pipeline, "If you have chronic pain and need a new treatment, contact our clinic.")
    assert not found


# ------------------------------------------------------------------ rules as data

def test_phrase_index_matches_lemmas_gaps_and_exact_capitals(nlp):
    index = PhraseIndex([("block", "b"), ("make * worse", "w"), ("ED", "e")], nlp.make_doc)
    doc = nlp("It blocked them and made the pain much worse in the ED, not the ed.")
    found = {(doc[m.start:m.end].text, m.payloads) for m in index.find(doc)}
    assert ("blocked", ("b",)) in found
    assert ("made the pain much worse", ("w",)) in found
    assert ("ED", ("e",)) in found and ("ed", ("e",)) not in found


def test_phrase_index_passes_over_scare_quotes_inside_a_phrase(nlp):
    """ 'return for "booster" infusions' is the phrase "booster infusion"; a match ends before a closing quote."""
    index = PhraseIndex([("booster infusion", "b"), ("reset the brain", "r")], nlp.make_doc)
    doc = nlp('Patients return for "booster" infusions. Ketamine “resets” the brain.')
    found = {doc[m.start:m.end].text for m in index.find(doc)}
    assert found == {'booster" infusions', "resets” the brain"}, found


def test_phrase_index_reads_a_typographic_contraction_as_not(nlp):
    """spaCy lemmatizes "n't" as "not" but not "n’t": both match a phrase with "not"."""
    index = PhraseIndex([("have not", "n")], nlp.make_doc)
    doc = nlp("SSRIs haven’t. SSRIs haven't. SSRIs have.")
    assert [doc[m.start:m.end].text for m in index.find(doc)] == ["haven’t", "haven't"]


def test_relations_give_class_uses_and_the_conditions_a_group_specifies():
    vocabulary = load_predicates()
    assert vocabulary.class_uses[VOCAB + "drug/antidepressant"] == (VOCAB + "condition/depression",)
    assert VOCAB + "condition/treatment-resistant-depression" in \
        vocabulary.group_conditions[VOCAB + "term/treatment-resistant-patients"]


def test_predicates_declare_types_cues_and_opposites():
    vocabulary = load_predicates()
    blocks = vocabulary.predicates[VOCAB + "predicate/blocks"]
    assert "Drug" in blocks.subject_types and "Receptor" in blocks.object_types
    assert VOCAB + "predicate/increases" in blocks.opposites
    cues = {text for text, sense in vocabulary.cues if sense.predicate == blocks.iri}
    assert {"block", "antagonize", "inhibit"} <= cues


def test_a_predicate_without_types_is_rejected(tmp_path):
    from kgraph.errors import OntologyError

    bad = tmp_path / "predicates.ttl"
    bad.write_text("@prefix kg: <https://w3id.org/kgraph/ns#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                   "<https://example.org/p> a kg:Predicate ; skos:prefLabel \"p\"@en ; kg:priority 1 .\n")
    terms = tmp_path / "terms.ttl"
    terms.write_text("")
    with pytest.raises(OntologyError, match="kg:subjectType"):
        read_predicates(bad, terms)


def test_cue_file_rejects_unknown_keys(tmp_path):
    import json

    from kgraph.errors import PipelineError
    from kgraph.pipeline.claim_rules import PATTERN_FILE

    data = json.loads(PATTERN_FILE.read_text(encoding="utf-8"))
    data["hedges"] = data.pop("hedge")
    path = tmp_path / "claims.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PipelineError, match="hedges"):
        load_qualifier_cues(path)


def test_a_failing_claims_stage_keeps_the_page_and_says_so(nlp, monkeypatch):
    from kgraph.corpus.records import Document
    from kgraph.extract import extraction_from_doc

    finder = nlp.get_pipe("kgraph_claims").finder

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(finder, "find", broken)
    text = "Ketamine relieves chronic pain."
    doc = nlp(text)
    document = Document(iri="https://example.org/p", file_name="p.txt", text=text, content_hash="sha256:" + "0" * 64,
                        encoding="utf-8", media_type="text/plain")
    extraction = extraction_from_doc(document, doc)
    assert {m.entity_type for m in extraction.mentions} == {"DRUG", "CONDITION"}
    assert not extraction.claims and extraction.problems == ("claims not extracted (RuntimeError: boom)",)


def test_a_list_goes_on_past_an_abbreviation_and_its_expansion(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine is an effective treatment for depression, PTSD (posttraumatic "
                                       "stress disorder), chronic pain, OCD (obsessive-compulsive disorder), and anxiety.")
    objects = {obj for subject, predicate, obj, _, _ in found if predicate == "treats"}
    assert {"depression", "posttraumatic-stress-disorder", "chronic-pain", "obsessive-compulsive-disorder",
            "anxiety"} <= objects


@pytest.mark.parametrize(("text", "expected"), [
    ("Nausea and dizziness are common side effects of ketamine.", ("ketamine", "has-side-effect", "dizziness")),
    ("Bladder problems are a real concern with ketamine.", ("ketamine", "has-risk-of", "bladder-dysfunction")),
    ("Side effects of ketamine during a session can include nausea and blurred vision.",
     ("ketamine", "has-side-effect", "blurred-vision")),
    ("Ketamine works differently from traditional antidepressants.", ("ketamine", "differs-from", "antidepressant")),
    ("Ketamine triggers the growth of new synaptic connections.", ("ketamine", "increases", "neuroplasticity")),
    ("Ketamine can help rewire your brain.", ("ketamine", "increases", "neuroplasticity")),
    ("Ketamine boosts brain-derived neurotrophic factor (BDNF), a protein that helps nerve cells grow.",
     ("ketamine", "increases", "bdnf")),
    ("Ketamine blocks NMDA receptors, which switches on a growth factor called BDNF.",
     ("nmda-receptor", "increases", "bdnf")),
    ("Weight gain and sexual dysfunction are common with SSRIs.",
     ("selective-serotonin-reuptake-inhibitor", "has-side-effect", "sexual-dysfunction")),
    ("Most antidepressants gradually change levels of serotonin.", ("antidepressant", "acts-on", "serotonin")),
    ("Many patients notice a lift in mood after their first ketamine infusion.", ("ketamine", "treats", "depression")),
    ("Ketamine can begin lifting symptoms in a matter of hours.", ("ketamine", "has-onset", "rapid-onset")),
    ("Ketamine is classified as a Schedule III controlled substance.",
     ("ketamine", "is-a", "schedule-iii-controlled-substance")),
    ("Spravato must be given at a certified treatment center.",
     ("esketamine", "used-for", "certified-treatment-setting")),
    ("Ketamine is backed by real science.", ("ketamine", "is-supported-by", "research-evidence")),
    ("Spravato is a nasal spray containing esketamine.", ("esketamine", "is-a", "nasal-spray")),
    ("Ketamine has a rapid onset of action.", ("ketamine", "has-onset", "rapid-onset")),
    ("Ketamine is a controlled substance and can be misused.", ("ketamine", "has-risk-of", "substance-use-disorder")),
    ("Fastest onset: ketamine and Spravato, often within hours to days.", ("esketamine", "has-onset", "rapid-onset")),
    ("Ketamine's speed is real.", ("ketamine", "has-onset", "rapid-onset")),
    ("The speed of ketamine is what sets it apart.", ("ketamine", "has-onset", "rapid-onset")),
])
def test_side_effects_named_before_the_drug_and_other_wordings(run_pipeline, text, expected):
    """ "X are side effects of ketamine" and "a concern with ketamine" name the drug after its harm (inverse cues)."""
    found, _ = claims_of(run_pipeline, text)
    assert expected in {t[:3] for t in found}, found


ABOUT_KETAMINE = ("Ketamine is an anesthetic. Ketamine blocks NMDA receptors. Ketamine relieves depression. "
                  "Ketamine works fast. Ketamine is safe. ")


@pytest.mark.parametrize(("text", "expected"), [
    ("During the infusion, most people experience some degree of dissociation, an unusual sense of being detached.",
     {"dissociation"}),
    ("Some patients experience nausea or dizziness during the infusion.", {"nausea", "dizziness"}),
    ("You may feel nausea after your first session.", {"nausea"}),
    # no session in the sentence: what people feel is not said to be the drug's
    ("Some patients experience nausea.", set()),
    # people named by a condition feel that condition's symptoms
    ("People with depression often experience fatigue during treatment.", set()),
    # relief of pain and less anxiety are effects on them, not side effects
    ("Many patients experience significant pain relief within hours of receiving an infusion.", set()),
    ("Many patients feel less anxiety after an infusion.", set()),
])
def test_what_patients_feel_during_a_session_is_a_side_effect(run_pipeline, text, expected):
    """On a page plainly about one drug, what patients experience during or after its session is its side effect."""
    found, _ = claims_of(run_pipeline, ABOUT_KETAMINE + text)
    assert {t[2] for t in found if t[:2] == ("ketamine", "has-side-effect")} == expected, found


def test_what_patients_feel_needs_a_page_about_one_drug(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine and esketamine are anesthetics. Ketamine and esketamine relieve "
                                       "depression. Some patients experience nausea during the infusion.")
    assert not {t for t in found if t[1] == "has-side-effect"}, found


def test_can_be_misused_is_a_risk_that_a_negation_denies(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine can't be abused.")
    assert ("ketamine", "has-risk-of", "substance-use-disorder", "negated") in {t[:4] for t in found}, found
    found, _ = claims_of(run_pipeline, "Ketamine is not abused in our clinic.")
    assert not {t for t in found if t[1] == "has-risk-of" and t[3] == "affirmed"}, found


def test_adverse_events_listed_after_a_comma(run_pipeline):
    """ "reports of adverse events, including high blood pressure", after a sentence about the drug."""
    found, _ = claims_of(run_pipeline, "In 2023, the FDA warned patients about the risks of compounded ketamine "
                                       "products. The agency said it was aware of reports of adverse events, "
                                       "including high blood pressure.")
    assert ("ketamine", "has-side-effect", "hypertension") in {t[:3] for t in found}, found


def test_a_side_effect_list_ends_where_a_clause_of_its_own_begins(run_pipeline):
    """ "include nausea and dizziness, which usually pass within a couple of hours": no side effect "couple"."""
    found, _ = claims_of(run_pipeline, "Ketamine side effects can include nausea and dizziness, which usually "
                                       "pass within a couple of hours.")
    objects = {t[2] for t in found if t[1] == "has-side-effect"}
    assert {"nausea", "dizziness"} <= objects, found
    assert not {"couple", "hour"} & objects, found


def test_side_effects_after_a_sentence_naming_two_drugs_in_one_list_are_the_first_ones(run_pipeline):
    """ "We do not recommend ketamine or esketamine for ... Side effects can include nausea": the drugs listed
    together are one subject; two drugs named apart leave the side effects without one."""
    found, _ = claims_of(run_pipeline, "We do not recommend ketamine or esketamine for people with psychosis. "
                                       "Side effects during a session can include nausea and dizziness.")
    assert {("ketamine", "has-side-effect", "nausea"), ("ketamine", "has-side-effect", "dizziness")} \
        <= {t[:3] for t in found}, found
    found, _ = claims_of(run_pipeline, "Ketamine is given by infusion, while esketamine is a nasal spray. "
                                       "Side effects during a session can include nausea and dizziness.")
    assert not {t for t in found if t[1] == "has-side-effect"}, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Ketamine may not be appropriate if you have uncontrolled hypertension or active psychosis.",
     {("ketamine", "contraindicated-in", "hypertension"), ("ketamine", "contraindicated-in", "psychosis")}),
    ("Ketamine may not be safe for people with severe heart disease.",
     {("ketamine", "contraindicated-in", "heart-disease")}),
    ("Patients with uncontrolled hypertension are not candidates for ketamine.",
     {("ketamine", "contraindicated-in", "hypertension")}),
    ("Triptans should not be used by people with heart disease.", {("triptan", "contraindicated-in", "heart-disease")}),
    ("We do not recommend ketamine for people with a history of psychosis.",
     {("ketamine", "contraindicated-in", "psychosis")}),
    # the eye and the skull: textbook reasons not to give ketamine, in the words pages use
    ("Ketamine may not be appropriate if you have untreated glaucoma or increased intracranial pressure.",
     {("ketamine", "contraindicated-in", "glaucoma"), ("ketamine", "contraindicated-in", "raised-intracranial-pressure")}),
    ("Ketamine is not safe for people with elevated pressure inside the eye.",
     {("ketamine", "contraindicated-in", "raised-intraocular-pressure")}),
    # a comma list whose items open with a participle the parser reads as a verb ("psychosis, uncontrolled ...")
    ("We do not recommend ketamine for people with a personal or family history of psychosis, schizophrenia or "
     "bipolar disorder, uncontrolled high blood pressure, or an active substance use disorder.",
     {("ketamine", "contraindicated-in", c)
      for c in ("psychosis", "schizophrenia", "bipolar-disorder", "hypertension", "substance-use-disorder")}),
    ("Ketamine is not recommended for people with psychosis, uncontrolled high blood pressure, or schizophrenia.",
     {("ketamine", "contraindicated-in", c) for c in ("psychosis", "hypertension", "schizophrenia")}),
])
def test_contraindications(run_pipeline, text, expected):
    """Who should not take a drug is a claim of its own, affirmed; it is not a denial that the drug treats or is
    safe ("may not be safe for people with X" is no "ketamine is not safe")."""
    found, _ = claims_of(run_pipeline, text)
    assert expected <= {t[:3] for t in found if t[3] == "affirmed"}, found
    assert not {t for t in found if t[3] == "negated"}, found


def test_a_contraindication_heading_over_a_bulleted_list(run_pipeline):
    """ "Who Should Not Receive Ketamine?" and a list: one contraindication per item (kg:headsLists)."""
    text = ABOUT_KETAMINE + ("\n\nWho Should Not Receive Ketamine?\n\n- Uncontrolled high blood pressure\n"
                             "- Pregnancy or breastfeeding\n- Severe liver disease\n")
    found, _ = claims_of(run_pipeline, text)
    assert {("ketamine", "contraindicated-in", "hypertension"), ("ketamine", "contraindicated-in", "pregnancy"),
            ("ketamine", "contraindicated-in", "liver-disease")} <= {t[:3] for t in found}, found


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Many patients notice a change within 24 hours of their first or second infusion.", True),
    ("Some patients noticed an improvement as early as 24 hours after their first dose.", True),
    ("Many patients notice a change within 24 hours.", False),  # no treatment timed: nothing says whose onset
])
def test_an_onset_timed_from_a_dose_is_the_page_drug_s(run_pipeline, sentence, expected):
    """On a page plainly about one drug, "within 24 hours of their first infusion" times that drug's onset, even
    with no drug in the sentences before it."""
    page = ABOUT_KETAMINE + "\n\nOur clinic is open on weekends. Parking is free."
    text = page + " " + sentence
    _, extraction = claims_of(run_pipeline, text)
    at = len(page) + 1
    onsets = [c for c in extraction.claims if c.start >= at and local(c.predicate) == "has-onset"]
    assert bool(onsets) is expected, [(local(c.subject), text[c.start:c.end]) for c in onsets]
    assert all(local(c.subject) == "ketamine" and local(c.object) == "rapid-onset" for c in onsets)


@pytest.mark.parametrize(("text", "expected"), [
    ("Most insurance plans do not cover ketamine infusions for chronic pain.",
     ("ketamine", "covered-by-insurance", "health-insurance", "negated")),
    ("Insurers rarely cover IV ketamine for depression.",
     ("ketamine", "covered-by-insurance", "health-insurance", "negated")),
    ("Spravato is covered by many insurance plans, including Medicare.",
     ("esketamine", "covered-by-insurance", "health-insurance", "affirmed")),
    ("Ketamine infusions are self-pay.", ("ketamine", "covered-by-insurance", "health-insurance", "negated")),
    ("Most major insurers cover TMS for major depressive disorder.",
     ("transcranial-magnetic-stimulation", "covered-by-insurance", "health-insurance", "affirmed")),
])
def test_insurance_coverage(run_pipeline, text, expected):
    """Who pays is a claim of its own (the insurer is the grammatical subject of "cover"); "do not cover ketamine
    for chronic pain" denies the coverage, not that ketamine treats chronic pain."""
    found, _ = claims_of(run_pipeline, text)
    assert expected in {t[:4] for t in found}, found
    assert not {t for t in found if t[1] == "treats" and t[3] == "negated"}, found


def test_a_list_item_read_from_its_heading_and_its_opening_sentence_is_one_claim(run_pipeline):
    """ "Who Should Not Receive Ketamine?" then "Ketamine may not be safe if you have:" over one list: each item is
    one contraindication on its line (two would share one claim IRI and break the shapes)."""
    text = ABOUT_KETAMINE + ("\n\nWho Should Not Receive Ketamine?\n\nKetamine may not be safe if you have:\n"
                             "- Severe liver disease\n- An active substance use disorder\n")
    _, extraction = claims_of(run_pipeline, text)
    listed = [c for c in extraction.claims if local(c.predicate) == "contraindicated-in"]
    assert sorted(local(c.object) for c in listed) == ["liver-disease", "substance-use-disorder"], listed


@pytest.mark.parametrize(("text", "reported"), [
    ('Investigators found sites that described IV ketamine as "FDA-approved for depression".', True),
    ("Some clinics market ketamine as a \u201ccure for depression\u201d and \u201cfast-acting\u201d.", True),
    ('Ketamine is "non-addictive," our doctors say.', False),  # the page's own claim, in quotes
    ('The "ketamine clinic" says ketamine is non-addictive.', False),  # the quotation closed before the cue
])
def test_words_a_page_reports_others_using_are_not_its_claims(run_pipeline, text, reported):
    """ 'describe ketamine as "FDA-approved for depression"': a news page quoting what clinics say asserts nothing
    about ketamine's approval (and must not contradict pages that deny it)."""
    found, _ = claims_of(run_pipeline, text)
    assert (not found) is reported, found


def test_a_bare_demonstrative_is_not_the_drug_a_safety_claim_is_about(run_pipeline):
    """ "Blood pressure rises during the infusion. For most adults this is not dangerous": "this" is the rise, so
    nothing says ketamine is not dangerous; a named drug still is."""
    found, _ = claims_of(run_pipeline, "Ketamine is given as an infusion. Blood pressure rises during the infusion. "
                                       "For most healthy adults this is not dangerous.")
    assert not {t for t in found if t[2] == "harm"}, found
    found, _ = claims_of(run_pipeline, "Ketamine is not dangerous.")
    assert ("ketamine", "has-risk-of", "harm", "negated") in {t[:4] for t in found}, found


def test_not_recommended_for_a_condition_is_no_contraindication(run_pipeline):
    """ "not recommended for depression" denies the recommendation; only "... for people with X" rules X out."""
    found, _ = claims_of(run_pipeline, "Ketamine is not recommended for depression.")
    assert ("ketamine", "recommended-for", "depression", "negated") in {t[:4] for t in found}, found
    assert not {t for t in found if t[1] == "contraindicated-in"}, found


def test_booster_infusions_keep_up_the_page_drug_s_effect(run_pipeline):
    """ "Responders return for maintenance infusions every few weeks", on a page plainly about one drug: its
    effect is kept up by boosters (a cue that names its own object, not swallowed by the term it equals)."""
    page = ABOUT_KETAMINE + "\n\nOur clinic is open on weekends."
    text = page + " Patients who respond usually return for maintenance infusions every three to six weeks."
    _, extraction = claims_of(run_pipeline, text)
    kept = [c for c in extraction.claims if c.start > len(page) and local(c.predicate) == "is-maintained-by"]
    assert [(local(c.subject), local(c.object)) for c in kept] == [("ketamine", "booster-treatment")], kept


@pytest.mark.parametrize(("text", "expected"), [
    ("Ketamine is not a magic bullet.", ("ketamine", "is-a", "cure-all", "negated")),
    ("Ketamine is no quick fix.", ("ketamine", "is-a", "cure-all", "negated")),
    ("Ketamine is a wonder drug.", ("ketamine", "is-a", "cure-all", "affirmed")),
    ("Patients with treatment-resistant depression are good candidates for ketamine.",
     ("ketamine", "recommended-for", "treatment-resistant-depression", "affirmed")),
])
def test_cure_all_and_candidate_wordings(run_pipeline, text, expected):
    """ "Not a magic bullet" denies, "a wonder drug" asserts, that the drug works for everything (the ranking word is
    the cue's own, so the denial stands); "X are good candidates for ketamine" recommends it for X."""
    found, _ = claims_of(run_pipeline, text)
    assert expected in {t[:4] for t in found}, found


def test_a_candidate_heading_over_a_list(run_pipeline):
    """ "Who Is a Good Candidate for Ketamine Therapy?" and a list: the drug is recommended for each item."""
    text = ABOUT_KETAMINE + ("\n\nWho Is a Good Candidate for Ketamine Therapy?\n\n"
                             "- Adults with treatment-resistant depression\n- People with PTSD\n")
    found, _ = claims_of(run_pipeline, text)
    assert {("ketamine", "recommended-for", "treatment-resistant-depression"),
            ("ketamine", "recommended-for", "posttraumatic-stress-disorder")} <= {t[:3] for t in found}, found


@pytest.mark.parametrize(("lead", "expected"), [
    ("You may be a candidate if you are:\n- An adult diagnosed with major depressive disorder or bipolar depression"
     "\n- Someone who has not improved on other antidepressants\n",
     {"adults", "major-depressive-disorder", "bipolar-depression"}),
    ("You may be a good candidate if you have:\n- Treatment-resistant depression\n- PTSD\n",
     {"treatment-resistant-depression", "posttraumatic-stress-disorder"}),
    ("You might be a candidate if you suffer from PTSD or chronic pain.",
     {"posttraumatic-stress-disorder", "chronic-pain"}),
    ("You may be a good candidate for ketamine therapy if you have depression.", {"depression"}),
    ("You may be a good candidate for TMS if you have depression.", set()),  # another treatment's candidates
])
def test_the_reader_as_a_candidate(run_pipeline, lead, expected):
    """ "You may be a candidate if you have: X, Y" on a page about one drug recommends it (hedged) for each
    condition (and group) the reader is asked about; the antidepressants of another item are no subject."""
    page = ABOUT_KETAMINE + "\n\nIs Ketamine Right for Me?\n\n"
    _, extraction = claims_of(run_pipeline, page + lead)
    found = {(local(c.subject), local(c.object), c.negated, c.certainty.lower()) for c in extraction.claims
             if c.start >= len(page) and local(c.predicate) == "recommended-for"}
    assert found == {("ketamine", condition, False, "hedged") for condition in expected}, found


@pytest.mark.parametrize(("sentence", "onset"), [
    ("The modern story of ketamine for depression was confirmed by a landmark trial, where a single infusion "
     "produced significant improvement within two hours.", True),
    ("The first TMS session often works within hours.", False),  # another treatment's session
    ("Unlike SSRIs, a single infusion can work within hours.", False),  # another drug named: not read
])
def test_a_treatment_noun_working_within_hours_is_the_page_drug_s_onset(run_pipeline, sentence, onset):
    """On a page about one drug, "a single infusion produced improvement within two hours" times its onset, even
    when the sentence names the drug elsewhere ("the story of ketamine ... where ...")."""
    page = ABOUT_KETAMINE
    _, extraction = claims_of(run_pipeline, page + sentence)
    found = [local(c.subject) for c in extraction.claims if c.start >= len(page) and local(c.predicate) == "has-onset"]
    assert found == (["ketamine"] if onset else []), found


def test_a_kind_in_apposition_is_said_of_the_noun_it_renames(run_pipeline):
    """ "It blocks NMDA receptors, a type of receptor for glutamate": the receptors are the kind, not the drug
    (before: "ketamine is a receptor", "ketamine is glutamate")."""
    found, _ = claims_of(run_pipeline, "Ketamine is an anesthetic. It blocks NMDA receptors, a type of receptor for "
                                       "glutamate.")
    kinds = {(t[0], t[2]) for t in found if t[1] == "is-a"}
    assert kinds == {("ketamine", "anesthetic"), ("nmda-receptor", "glutamate-receptor")}, found


@pytest.mark.parametrize("text", [
    "Esketamine (brand name Spravato), a nasal spray derived from ketamine, was approved by the FDA in 2019.",
    "Spravato, a nasal spray derived from ketamine, is approved for depression.",
])
def test_a_participle_on_an_apposition_describes_what_it_renames(run_pipeline, text):
    """ "Spravato, a nasal spray derived from ketamine": the spray is Spravato, so Spravato is derived from
    ketamine."""
    assert ("esketamine", "derived-from", "ketamine") in propositions(run_pipeline, text)


def test_a_drug_derived_from_another_is_not_that_drug(run_pipeline):
    """ "The only ketamine-derived drug ... is Spravato": "the ... drug" is no anaphor for ketamine, so the
    sentence gives no "ketamine is esketamine"."""
    found = propositions(run_pipeline, "Ketamine has been approved by the FDA as an anesthetic since 1970. Its use "
                                       "for depression is off-label. The only ketamine-derived drug approved for "
                                       "psychiatric use is Spravato, a nasal spray.")
    assert ("ketamine", "is-a", "esketamine") not in found, found
    assert ("esketamine", "is-a", "nasal-spray") in found, found


def test_what_is_done_without_a_drug_is_not_its_effect(run_pipeline):
    """ "Pain management without the use of opioids has been a priority": opioids treat nothing here."""
    found, _ = claims_of(run_pipeline, "Opioid prescriptions have been reined in. Since then, pain management "
                                       "without the use of opioids has been a priority for many clinics.")
    assert not {t for t in found if t[0] == "opioid" and t[1] in ("treats", "relieves")}, found
    found, _ = claims_of(run_pipeline, "Ketamine relieves pain without the side effects of opioids.")
    assert ("ketamine", "relieves", "pain", "affirmed") in {t[:4] for t in found}, found


def test_the_reader_using_something_is_no_candidate(run_pipeline):
    """Only a candidacy makes the reader the patient a page's drug is for: "we will check in with you using rating
    scales" (the small model makes "you" the subject of "using") says the drug treats nothing."""
    claims = claims_after_page(run_pipeline, "We will check in with you regularly using standard rating "
                                                   "scales so we can track your progress together.")
    assert claims == []


def test_a_bare_is_without_a_subject_of_its_own_takes_none_after_it(run_pipeline):
    """ "Another option ... is ketamine, given as an IV infusion, or esketamine": the drug after "is" is not its
    subject, so nothing says esketamine is a kind of ketamine."""
    found, _ = claims_of(run_pipeline, "Another option some patients consider is ketamine, given as an IV infusion, "
                                       "or esketamine (Spravato), an FDA-approved nasal spray.")
    assert not {t for t in found if t[1] == "is-a" and t[2] == "ketamine"}, found


@pytest.mark.parametrize("text", [
    "Ketamine is an anesthetic. Its use for depression is considered off-label.",
    'Generic ketamine is FDA-approved as an anesthetic, and its use for depression is considered "off-label."',
])
def test_a_use_considered_off_label(run_pipeline, text):
    """ "Its use for depression is considered off-label": the holder of the predicative cue names the condition
    that the drug is not approved for."""
    found, _ = claims_of(run_pipeline, text)
    assert ("ketamine", "approved-for", "depression", "negated") in {t[:4] for t in found}, found


def test_a_possessive_pronoun_on_a_noun_cue_names_its_subject(run_pipeline):
    """ "The strongest evidence supports its use for CRPS": "its" is the drug of the sentence before."""
    found, _ = claims_of(run_pipeline, "Ketamine is an anesthetic. The strongest evidence supports its use for CRPS.")
    assert ("ketamine", "treats", "complex-regional-pain-syndrome") in {t[:3] for t in found}, found


def test_a_definite_class_noun_stands_for_the_one_member_named_before(run_pipeline):
    """ "Ketamine was developed in 1962. The anesthetic can lift depression": the anesthetic is ketamine; with no
    member named before, the class stays the subject."""
    found, _ = claims_of(run_pipeline, "Ketamine was developed in 1962. The anesthetic can lift depression.")
    assert ("ketamine", "treats", "depression") in {t[:3] for t in found}, found
    assert not {t for t in found if t[0] == "anesthetic"}, found
    found, _ = claims_of(run_pipeline, "The clinic opened in 2019. The anesthetic can lift depression.")
    assert ("anesthetic", "treats", "depression") in {t[:3] for t in found}, found
    found, _ = claims_of(run_pipeline, "Ketamine was developed in 1962. Researchers asked why a drug best known as an "
                                       "anesthetic can lift depression.")
    assert ("ketamine", "treats", "depression") in {t[:3] for t in found}, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Our standard protocol is a series of six infusions over two to three weeks.",
     {("ketamine", "has-course", "six infusions over two to three weeks")}),
    ("During a 40-minute infusion, most patients feel calm.",
     {("ketamine", "has-session-length", "40-minute infusion")}),
    ("Each infusion takes about 40 minutes.", {("ketamine", "has-session-length", "about 40 minutes")}),
    ("Dosing: usually 0.5 mg per kilogram of body weight.",
     {("ketamine", "is-dosed-at", "0.5 mg per kilogram of body weight")}),
    # a line's label before a colon, and the value after it
    ("\u2022 Session length: typically 3 to 4 hours per infusion", {("ketamine", "has-session-length", "3 to 4 hours")}),
    ("Infusion length: about 40 minutes.", {("ketamine", "has-session-length", "about 40 minutes")}),
    # a frequency is no course; a treatment noun outside a statistic is no cue; a plain duration no session
    ("Patients come for one session every week.", set()),
    ("Infusions help many patients with depression.", set()),
    ("Most patients improve within two weeks.", set()),
    ("A series of three injections spaced four weeks apart.", {("ketamine", "has-course", "three injections")}),
    ("Just 2 milligrams can be fatal.", set()),
    ("Patients typically pay $400 to $800 per infusion out of pocket.",
     {("ketamine", "costs", "$400 to $800 per infusion")}),
    # a price said of something else is not the drug's
    ("Our parking costs $5.", set()),
])
def test_how_a_clinic_gives_its_drug(run_pipeline, text, expected):
    """Courses, session lengths and doses, said of nothing named on a page plainly about one drug, are its."""
    page = ABOUT_KETAMINE + "\n\n"
    _, extraction = claims_of(run_pipeline, page + text)
    practice = {"has-course", "has-session-length", "is-dosed-at", "costs"}
    found = {(local(c.subject), local(c.predicate), extraction.document.text[c.object_span[0]:c.object_span[1]])
             for c in extraction.claims if c.start >= len(page) and local(c.predicate) in practice}
    assert found == expected


def test_a_drug_class_is_no_rival_for_the_page_topic(run_pipeline):
    """A page about ketamine that compares it with antidepressants is still plainly about ketamine."""
    page = ABOUT_KETAMINE + (" Antidepressants take weeks. Many antidepressants fail. Antidepressants help some."
                             " Antidepressants are common. Antidepressants vary.\n\n")
    _, extraction = claims_of(run_pipeline, page + "Most protocols use six infusions.")
    assert any(local(c.predicate) == "has-course" and local(c.subject) == "ketamine"
               for c in extraction.claims if c.start >= len(page)), extraction.claims


@pytest.mark.parametrize(("text", "short_lived"), [
    ("Side effects at our doses are generally mild and short-lived.", True),
    ("These effects generally resolve within an hour or two of the infusion ending.", True),
    ("These effects are temporary and subside once the infusion stops.", True),
    ("Most side effects happen during the infusion and fade within 30 to 60 minutes after it ends.", True),
    ("Side effects can include nausea and dizziness, which usually pass within a couple of hours.", True),
    ("Nausea and dizziness are common during dosing, and most resolve within two hours.", True),
    # an effect over weeks is the treatment's, and "temporary relief" is no effect passing
    ("The antidepressant effect fades within one to two weeks.", False),
    ("Steroid injections give only temporary relief.", False),
    ("The benefits are temporary.", False),
])
def test_side_effects_that_pass_soon(run_pipeline, text, short_lived):
    """Side effects (or effects over minutes or hours) that fade, resolve or wear off: the page's drug has
    short-lived side effects."""
    claims = claims_after_page(run_pipeline, text)
    found = {(local(c.subject), local(c.object)) for c in claims
             if local(c.predicate) == "has-short-lived-side-effects"}
    assert found == ({("ketamine", "short-lived")} if short_lived else set())


def test_what_you_may_notice_during_the_infusion_are_its_side_effects(run_pipeline):
    """ "During the infusion, you may notice:" over a list, on a page plainly about one drug: each item is a side
    effect of the drug; a dreamlike, floating feeling is the dissociative state."""
    text = ("During the infusion, you may notice:\n\n- A pleasant floating or dreamlike feeling\n"
            "- Mild nausea or dizziness\n\nYou may feel nausea at home.")
    claims = claims_after_page(run_pipeline, text)
    found = {(local(c.subject), local(c.predicate), local(c.object)) for c in claims}
    assert found == {("ketamine", "has-side-effect", "dissociative-state"), ("ketamine", "has-side-effect", "nausea"),
                     ("ketamine", "has-side-effect", "dizziness")}


def test_common_effects_listed_of_nothing_named_are_the_page_drug_s(run_pipeline):
    claims = claims_after_page(run_pipeline, "Other common effects include blurred vision and nausea.")
    assert {(local(c.subject), local(c.object)) for c in claims
            if local(c.predicate) == "has-side-effect"} == {("ketamine", "blurred-vision"), ("ketamine", "nausea")}


def test_a_parser_break_inside_a_line_after_no_punctuation_is_undone(run_pipeline):
    """The small model cuts "Ketamine | may not be appropriate if ..." after a heading; the line is one sentence,
    so its claims keep their subject (a question and a heading stay apart)."""
    text = ("Who Should Not Receive Ketamine\n\nKetamine may not be appropriate if you have uncontrolled high blood "
            "pressure, a history of psychosis or schizophrenia, or if you are pregnant. Our team will review it.")
    found, _ = claims_of(run_pipeline, text)
    assert {t[2] for t in found if t[1] == "contraindicated-in"} >= {"hypertension", "psychosis", "schizophrenia"}


@pytest.mark.parametrize(("text", "expected"), [
    ("A friend or family member must drive you home.", "escort-home"),
    ("You should not drive, operate machinery, or make important decisions for the rest of the day.", "no-driving"),
    ("Please avoid solid food for six hours before your appointment.", "fasting"),
    ("Patients who drive to work report less stress.", None),
])
def test_precautions_a_dose_requires(run_pipeline, text, expected):
    """Someone to take the patient home, no driving, fasting: precautions of the page drug's sessions."""
    claims = claims_after_page(run_pipeline, text)
    found = {(local(c.subject), local(c.object)) for c in claims
             if local(c.predicate) == "requires"}
    assert found == ({("ketamine", expected)} if expected else set())


@pytest.mark.parametrize(("text", "expected"), [
    ("Ketamine is not a first-line treatment for chronic pain.",
     {("ketamine", "recommended-for", "chronic-pain", "negated")}),
    ("Ketamine is a first-line treatment for chronic pain.",
     {("ketamine", "recommended-for", "chronic-pain", "affirmed"), ("ketamine", "treats", "chronic-pain", "affirmed")}),
])
def test_not_first_line_denies_the_rank_not_the_treatment(run_pipeline, text, expected):
    """ "Not a first-line treatment for X" denies that the drug is the preferred choice (a recommendation), and
    does not deny that it treats X."""
    found, _ = claims_of(run_pipeline, text)
    assert {t[:4] for t in found} == expected


def test_a_clinic_that_does_not_treat_people_with_a_condition_names_a_contraindication(run_pipeline):
    """ "We do not treat people with uncontrolled hypertension or active psychosis", on a page plainly about one
    drug: the clinic turns them away, a contraindication of its drug (what it treats stays affirmed)."""
    text = ("We do not treat people with uncontrolled hypertension or active psychosis. "
            "We treat adults with treatment-resistant depression.")
    claims = claims_after_page(run_pipeline, text)
    found = {(local(c.predicate), local(c.object), c.negated) for c in claims}
    assert found == {("contraindicated-in", "hypertension", False), ("contraindicated-in", "psychosis", False),
                     ("treats", "treatment-resistant-depression", False)}


@pytest.mark.parametrize(("text", "objects"), [
    # "these conditions" after a list stands for each of them, also after the cue's preposition
    ("Now offering ketamine infusions for depression, anxiety and chronic pain. "
     "Ketamine is used off-label for these conditions.", {"depression", "anxiety", "chronic-pain"}),
    ("Depression and anxiety are common. Ketamine treats these conditions.", {"depression", "anxiety"}),
    # a bare pronoun is read as one term
    ("Depression and anxiety are common. Ketamine treats them.", {"depression"}),
])
def test_a_plural_anaphor_stands_for_the_list_named_before(run_pipeline, text, objects):
    found, extraction = claims_of(run_pipeline, text)
    second = text.index(". ") + 2
    assert {local(c.object) for c in extraction.claims if c.start >= second} == objects


def test_a_short_bulleted_point_is_a_claim_not_a_heading(run_pipeline):
    """ "• Non-addictive at the therapeutic doses used in our clinic" under "Benefits of Ketamine": a point the
    page makes of its drug (a short line with a bullet is no heading); a denial it lists is the drug's too."""
    page = ABOUT_KETAMINE + "\n\nBenefits of Ketamine Infusion Therapy\n\n"
    text = "• Non-addictive at the therapeutic doses used in our clinic\n• Fast-acting relief for many patients\n"
    _, extraction = claims_of(run_pipeline, page + text)
    found = {(local(c.subject), local(c.predicate), local(c.object), c.negated) for c in extraction.claims
             if c.start >= len(page)}
    assert {("ketamine", "has-risk-of", "addiction", True), ("ketamine", "has-onset", "rapid-onset", False)} <= found


@pytest.mark.parametrize(("text", "population"), [
    ("Chronic pain affects about one in five U.S. adults, more than 51 million people.", "USAdults"),
    # a head count that does not restate the statistic before it keeps no population
    ("About one in five U.S. adults has chronic pain, and clinics treat 51 million people.", None),
])
def test_a_head_count_restating_a_share_counts_its_population(run_pipeline, text, population):
    """ "One in five U.S. adults, more than 51 million people": the 51 million are U.S. adults."""
    _, extraction = run_pipeline(text)
    counts = [m for m in extraction.mentions if m.quantity is not None and "million" in m.text]
    assert [m.quantity.population.rsplit("/", 1)[-1] if m.quantity.population else None for m in counts] \
        == [population]


@pytest.mark.parametrize(("text", "frame"), [
    ("About 6 out of every 100 people in the U.S. will have PTSD at some point in their lives.", "lifetime-frame"),
    ("PTSD affects about 13 million Americans in a given year.", "annual-frame"),
])
def test_a_count_records_the_time_frame_it_is_counted_over(run_pipeline, text, frame):
    found, extraction = claims_of(run_pipeline, text)
    assert [[local(p) for p in c.populations] for c in extraction.claims
            if local(c.predicate) == "has-prevalence"] == [[frame]]


def test_a_list_after_may_not_be_right_for_you_if_you(run_pipeline):
    """ "Ketamine may not be right for you if you:" over a list: each item is a contraindication."""
    text = ("Ketamine may not be right for you if you:\n\n- Have uncontrolled high blood pressure\n"
            "- Are pregnant or breastfeeding\n")
    found, _ = claims_of(run_pipeline, text)
    assert {t[2] for t in found if t[1] == "contraindicated-in"} == {"hypertension", "pregnancy"}


def test_what_patients_feel_under_a_heading_timed_by_a_session(run_pipeline):
    """ "What to Expect at Your Infusion": what patients describe in that section is felt during the session (a
    side effect of the page's drug); under a heading naming no session it is not."""
    text = ("What to Expect at Your Infusion\n\nOur suites feel like a spa.\n\n"
            "1. You relax while we monitor you. Many patients describe a gentle, dreamlike feeling.\n\n"
            "Why Choose Us\n\nMany patients describe a sense of floating.")
    claims = claims_after_page(run_pipeline, text)
    page = ABOUT_KETAMINE + "\n\n" + text
    assert [(local(c.predicate), local(c.object), page[c.start:c.end]) for c in claims
            if local(c.predicate) == "has-side-effect"] \
        == [("has-side-effect", "dissociative-state", "describe a gentle, dreamlike feeling")]


@pytest.mark.parametrize("text", [
    "Follow-up studies confirmed an antidepressant effect, including in people who had failed several medications.",
    "Ketamine relieves depression in patients who have not responded to other treatments.",
])
def test_patients_earlier_treatments_failed_are_the_claim_s_population(run_pipeline, text):
    """ "In people who had failed several medications": the population the claim holds for, on its anchor."""
    page = ABOUT_KETAMINE + "\n\n" + text
    [claim] = [c for c in claims_after_page(run_pipeline, text) if local(c.object) == "depression"]
    assert [local(p) for p in claim.populations] == ["treatment-resistant-patients"]
    assert page[claim.start:claim.end].endswith(("medications", "treatments"))


@pytest.mark.parametrize(("text", "timed"), [
    ("Side effects are mild and are usually gone within 15 to 20 minutes after the drip stops.",
     "Side effects are mild and are usually gone within 15 to 20 minutes"),
    ('Expect to feel groggy and a little "off" for about 24 hours after each infusion.',
     'feel groggy and a little "off" for about 24 hours'),
    ("Side effects are mild and usually fade shortly after the infusion ends.", None),
    ("You may feel groggy. We monitor you for 40 minutes.", None),
])
def test_how_long_side_effects_last_is_read_from_a_figure(run_pipeline, text, timed):
    """A passing side effect ("gone within 15 to 20 minutes") or a felt one ("feel groggy for about 24 hours")
    with a duration also says how long the drug's side effects last; with no figure, or a figure of another
    sentence, it does not."""
    page = ABOUT_KETAMINE + "\n\n" + text
    durations = [(local(c.subject), page[c.start:c.end]) for c in claims_after_page(run_pipeline, text)
                 if local(c.predicate) == "has-side-effect-duration"]
    assert durations == ([("ketamine", timed)] if timed else [])


def test_an_approval_naming_only_its_groups_is_for_what_the_page_approved_before(run_pipeline):
    """ "Spravato is approved for adults 18 and older. It is not approved for use in children or adolescents."
    after the page's approval for TRD: the same approval, for those groups; groups joined by "and" or "or" are each
    one. A group named after another verb of the sentence is no approval's."""
    text = ("Who can receive Spravato?\n\nThe FDA approved Spravato for treatment-resistant depression. "
            "Spravato is approved for adults 18 and older. It is not approved for use in children or adolescents. "
            "Spravato is not approved for use as an anesthetic, and it has not been studied in children.")
    _, extraction = run_pipeline(text)
    approvals = [(local(c.object), c.negated, sorted(local(p) for p in c.populations), text[c.start:c.end])
                 for c in extraction.claims if local(c.predicate) == "approved-for"]
    assert approvals == [
        ("treatment-resistant-depression", False, [], "approved Spravato for treatment-resistant depression"),
        ("treatment-resistant-depression", False, ["adults"], "Spravato is approved for adults"),
        ("treatment-resistant-depression", True, ["adolescents", "children"],
         "not approved for use in children or adolescents"),
    ]
    _, extraction = run_pipeline("Spravato is FDA-approved for treatment-resistant depression in adults and "
                                 "adolescents age 12 and up.")
    [claim] = [c for c in extraction.claims if local(c.predicate) == "approved-for"]
    assert sorted(local(p) for p in claim.populations) == ["adolescents", "adults"]


@pytest.mark.parametrize("text", [
    "Ketamine relieves depression when antidepressants fail.",
    "Ketamine can ease depression after other medications have failed.",
])
def test_a_clause_saying_earlier_treatments_failed_names_the_population(run_pipeline, text):
    """ "When antidepressants fail", "after other medications have failed": patients whom they failed."""
    [claim] = [c for c in claims_after_page(run_pipeline, text) if local(c.object) == "depression"]
    assert [local(p) for p in claim.populations] == ["treatment-resistant-patients"]


DEPRESSION_PAGE = ("Depression is common. Depression can be severe. We treat depression. Many adults live with "
                   "depression. Depression often returns.")


@pytest.mark.parametrize(("text", "expected"), [
    ("A single infusion of ketamine produced significant improvement within two hours in patients who had failed "
     "multiple medications.", {("treats", "depression", ("treatment-resistant-patients",))}),
    ("Ketamine can help adolescents.", {("treats", "depression", ("adolescents",))}),
    ("Ketamine can help.", set()),  # no group named: no condition read in
])
def test_a_treatment_said_of_a_group_treats_the_page_condition(run_pipeline, text, expected):
    """A treatment cue naming no condition but a population group, on a page plainly about one condition, treats
    that condition in that group; with no group it names nothing."""
    page = DEPRESSION_PAGE + "\n\n"
    _, extraction = run_pipeline(page + text)
    found = {(local(c.predicate), local(c.object), tuple(local(p) for p in c.populations))
             for c in extraction.claims if c.start >= len(page) and c.object and local(c.predicate) == "treats"}
    assert found == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the class the group's wording names: SSRIs are antidepressants, used for depression
    ("Many people find that ketamine works when SSRIs haven’t.",
     {("ketamine", "treats", "depression", ("treatment-resistant-patients",))}),
    ("Ketamine works well when antidepressants have failed.",
     {("ketamine", "treats", "depression", ("treatment-resistant-patients",))}),
    ("Ketamine can help people who have not responded to conventional antidepressants.",
     {("ketamine", "treats", "depression", ("treatment-resistant-patients",))}),
    # "works" of no group says nothing
    ("Ketamine works.", set()),
    ("Ketamine works when it blocks NMDA receptors.", set()),
    ("Our team works when you need us.", set()),
])
def test_working_for_patients_other_drugs_failed_treats_what_those_drugs_are_for(run_pipeline, text, expected):
    """ "Works when SSRIs haven't": the drug treats what the class that failed is used for (kg:classUse), in
    patients it failed."""
    _, extraction = run_pipeline(text)
    found = {(local(c.subject), local(c.predicate), local(c.object), tuple(local(p) for p in c.populations))
             for c in extraction.claims if local(c.predicate) == "treats"}
    assert found == expected


@pytest.mark.parametrize(("page", "expected"), [
    # a page naming TRD: the condition of patients whom other treatments failed (kg:specifiedByGroup)
    ("Ketamine for Treatment-Resistant Depression\n\nKetamine helps adults with treatment-resistant depression.",
     {("ketamine", "treats", "treatment-resistant-depression", ("treatment-resistant-patients",))}),
    # a page naming no condition the group specifies: nothing read in
    ("Ketamine for Pain\n\nKetamine helps adults with chronic pain.", set()),
])
def test_a_bullet_that_works_for_a_group_treats_the_condition_it_specifies(run_pipeline, page, expected):
    """ "• Works when other treatments have failed" under a page about ketamine: ketamine treats the condition
    the group specifies, when the page names it."""
    head = page + "\n\nBenefits of Ketamine\n\n"
    _, extraction = run_pipeline(head + "• Works when other treatments have failed\n• Non-addictive\n")
    found = {(local(c.subject), local(c.predicate), local(c.object), tuple(local(p) for p in c.populations))
             for c in extraction.claims if c.start >= len(head) and local(c.predicate) == "treats"}
    assert found == expected


def test_the_only_form_of_a_drug_approved_denies_the_approval_of_the_drug(run_pipeline):
    """ "(Esketamine) remains the only form of ketamine that is FDA-approved for depression": esketamine is approved,
    and ketamine itself is not; without "only" nothing is denied."""
    only = ("Esketamine was approved in 2019, and it remains the only form of ketamine that is FDA-approved "
            "specifically for depression.")
    found, extraction = claims_of(run_pipeline, only)
    assert {t[:4] for t in found if t[1] == "approved-for"} == {
        ("esketamine", "approved-for", "depression", "affirmed"), ("ketamine", "approved-for", "depression", "negated")}
    [denial] = [c for c in extraction.claims if c.negated]
    assert only[denial.start:denial.end] == "only form of ketamine that is FDA-approved specifically for depression"
    found, _ = claims_of(run_pipeline, "Sertraline and paroxetine are the only two medications the FDA has approved "
                                       "specifically for PTSD.")
    assert {t[3] for t in found} == {"affirmed"}


def test_listed_side_effects_that_pass_are_the_drug_just_named(run_pipeline):
    """ "Side effects during a session can include nausea ..., which usually pass within a couple of hours", after a
    sentence naming ketamine: its side effects are short-lived; passing effects not said to be side effects are
    no one's."""
    before = "We do not recommend ketamine for people with a history of psychosis. "
    found, _ = claims_of(run_pipeline, before + "Side effects during a session can include nausea and dizziness, "
                                               "which usually pass within a couple of hours.")
    assert ("ketamine", "has-short-lived-side-effects", "short-lived", "affirmed", "asserted") in found
    found, _ = claims_of(run_pipeline, before + "Nausea and dizziness usually pass within a couple of hours.")
    assert not {t for t in found if t[1] == "has-short-lived-side-effects"}


def test_a_list_line_that_denies_its_item_under_a_candidacy_intro(run_pipeline):
    """ "Best suited for patients who: - Do not have X": a contraindication; "- Have Y": recommended for Y."""
    text = ("Ketamine is generally best suited for patients who:\n\n- Have fibromyalgia\n"
            "- Do not have uncontrolled high blood pressure, active psychosis, or significant liver disease\n")
    found, _ = claims_of(run_pipeline, text)
    assert {(t[1], t[2], t[3]) for t in found} == {
        ("recommended-for", "fibromyalgia", "affirmed"), ("contraindicated-in", "hypertension", "affirmed"),
        ("contraindicated-in", "psychosis", "affirmed"), ("contraindicated-in", "liver-disease", "affirmed")}


@pytest.mark.parametrize("text", [
    "You may feel detached, floaty or dreamlike during the infusion.",
    "The most common side effects are a dreamy or detached feeling during the infusion.",
])
def test_a_detached_dreamy_feeling_is_the_dissociative_state(run_pipeline, text):
    claims = claims_after_page(run_pipeline, text)
    assert {(local(c.predicate), local(c.object)) for c in claims} \
        == {("has-side-effect", "dissociative-state")}


def test_side_effects_gone_soon_after_the_drip_stops(run_pipeline):
    """Short-lived side effects, and with the figure how long they last: no other reading."""
    claims = claims_after_page(run_pipeline, "Side effects are mild and are usually gone within 15 to 20 "
                                                  "minutes after the drip stops.")
    assert {local(c.predicate) for c in claims} \
        == {"has-short-lived-side-effects", "has-side-effect-duration"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Because ketamine clears your system so quickly, most patients are cleared to drive themselves home.",
     {("no-driving", True)}),
    ("You should not drive or operate machinery until the next day.", {("no-driving", False)}),
    ("You will need to arrange a ride.", {("escort-home", False)}),
    # the exact label wins over a wildcard one as long: "drive themselves home" denies, "drive * home" would not
    ("Ketamine is given in our clinic. Most patients can drive themselves home after a short rest.",
     {("escort-home", True)}),
    ("Your heart rate, blood pressure and oxygen level are monitored the whole time.",
     {("vital-sign-monitoring", False)}),
    ("A nurse checks your blood pressure, heart rate, and oxygen level.", {("vital-sign-monitoring", False)}),
    # a drug never sent home is given in the clinic; a driver taking you home is an escort, not a dose sent home
    ("We never send ketamine home with patients.", {("in-clinic-dosing", False)}),
    ("It cannot be picked up at a pharmacy.", {("in-clinic-dosing", False)}),
    # every dose given by a clinician or in the clinic; how long a dose takes says nothing of where
    ("Patients do not leave our office with a supply of pills, and every dose is given by a licensed clinician.",
     {("in-clinic-dosing", False)}),
    ("Every dose is given over 40 minutes.", set()),
    ("You must have a driver take you home.", {("escort-home", False)}),
])
def test_driving_after_a_dose_affirmed_and_denied(run_pipeline, text, expected):
    """ "Cleared to drive" denies the no-driving precaution (a negated implied-object cue), also when the
    sentence names the page's own drug; "not drive or operate machinery" is one affirmed precaution."""
    claims = claims_after_page(run_pipeline, text)
    assert {(local(c.object), c.negated) for c in claims
            if local(c.predicate) == "requires"} == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "longer than" is a lower bound like "more than"; a cue's own statistic wins over its implied object
    ("Chronic pain is generally defined as pain lasting longer than six months.",
     ("chronic-pain", "lasts", "longer than six months")),
    # a predicative adjective makes the generic subject the narrower concept
    ("Pain is considered chronic when it persists or recurs for longer than three months.",
     ("chronic-pain", "lasts", "longer than three months")),
    ("Clinicians describe pain as chronic once it has lasted 12 weeks or longer.",
     ("chronic-pain", "lasts", "12 weeks or longer")),
])
def test_definitions_of_chronic_pain_by_duration(run_pipeline, text, expected):
    found, _ = claims_of(run_pipeline, text)
    assert {t[:3] for t in found if t[1] == "lasts"} == {expected}


@pytest.mark.parametrize(("text", "expected"), [
    ("The FDA approved Spravato for treatment-resistant depression.",
     {("esketamine", "approved-for", "treatment-resistant-depression")}),
    ("Spravato is a nasal spray. The FDA approved it in 2019 for adults with treatment-resistant depression.",
     {("esketamine", "approved-for", "treatment-resistant-depression")}),
    # a direct object coordinated with the others is one of them, not what the claim is about
    ("Poor sleep may drive pain, fatigue and anxiety.", set()),
])
def test_a_regulator_approving_a_drug_for_a_condition(run_pipeline, text, expected):
    """ "The FDA approved X for Y": the agency cannot be the subject, so the verb's direct object (a drug, or a
    pronoun standing for one) is what is approved for the condition."""
    found, _ = claims_of(run_pipeline, text)
    assert {t[:3] for t in found if t[1] == "approved-for"} == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the agent between the verb and "to treat" leaves the approval whole
    ("Ketamine is approved by the FDA to treat depression.", ("approved-for", "depression", "affirmed")),
    ("IV ketamine has not been approved by the FDA to treat depression.", ("approved-for", "depression", "negated")),
    ("Spravato was approved by the U.S. Food and Drug Administration to treat depression.",
     ("approved-for", "depression", "affirmed")),
    ("Ketamine has been cleared by the FDA for depression.", ("approved-for", "depression", "affirmed")),
    ("Using ketamine for depression is an off-label use.", ("approved-for", "depression", "negated")),
    ("Ketamine has no addictive potential at therapeutic doses.", ("has-risk-of", "addiction", "negated")),
    ("Ketamine has some potential for addiction when misused.", ("has-risk-of", "addiction", "affirmed")),
    # a treatment that is no drug is approved (or cleared) too
    ("TMS is FDA-approved for major depressive disorder.", ("approved-for", "major-depressive-disorder", "affirmed")),
    # "non-" denies the word it is joined to: a non-invasive treatment is still one
    ("TMS is a non-invasive treatment for depression.", ("treats", "depression", "affirmed")),
    ("Ketamine is a non-opioid option for chronic pain.", ("treats", "chronic-pain", "affirmed")),
])
def test_common_wordings_of_approval_and_addiction(run_pipeline, text, expected):
    """Wordings of the two claims pages most often contradict each other on: an approval given or denied "by the
    FDA to treat", "an off-label use"; an addictive potential had or denied."""
    found, _ = claims_of(run_pipeline, text)
    assert expected in {(t[1], t[2], t[3]) for t in found}, found
    if expected[0] == "approved-for":  # "to treat" after the agent is the approval's, not a claim of its own
        assert not {t for t in found if t[1] == "treats"}, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Ketamine is safe.", {("is-free-of-risk-of", "harm")}),
    ("Ketamine is a safer alternative to opioids.", {("is-alternative-to", "opioid")}),
    ("Ketamine is safer than opioids.", set()),
    ("Opioids are more dangerous than ketamine.", set()),
])
def test_a_comparison_of_harm_says_nothing_of_harm_itself(run_pipeline, text, expected):
    """ "Safer", "more dangerous": one drug against another, neither safe nor harmful as such."""
    found, _ = claims_of(run_pipeline, text)
    assert {(t[1], t[2]) for t in found} == expected, found


@pytest.mark.parametrize(("text", "long"), [
    ("The effects of a single infusion can last for several weeks.", True),
    ("Relief may last from a few weeks to several months.", True),
    ("The relief lasts for months.", True),
    ("The effects last a few hours.", False),
])
def test_a_span_of_time_with_no_figure_says_whether_the_effect_lasts_long(run_pipeline, text, long):
    """ "Lasts for several weeks", "from a few weeks to several months": long-lasting, though no figure is given;
    "a few hours" is no figure and not long either, so no claim."""
    lasting = {(local(c.object), c.negated) for c in claims_after_page(run_pipeline, text)
               if local(c.predicate) == "lasts"}
    assert lasting == ({("long-lasting", False)} if long else set())


def test_a_drug_joined_to_non_is_not_that_drug(run_pipeline):
    """ "Non-opioid therapies" are no opioids: the claim is about no opioid."""
    found, _ = claims_of(run_pipeline, "The CDC recommends non-opioid therapies for chronic pain.")
    assert not {t for t in found if t[0] == "opioid"}, found


def test_a_line_s_label_restated_by_the_line_is_one_claim(run_pipeline):
    """ "Rapid Relief: Many patients experience pain reduction within hours": the label's relief is the line's pain
    reduction, one claim of relief, not two."""
    restated = "Rapid Relief: Many patients experience pain reduction within hours of their first infusion."
    text = f"Ketamine for Chronic Pain\n\nKetamine relieves chronic pain.\n\n{restated}"
    _, extraction = run_pipeline(text)
    first = text.index(restated)
    relief = [text[c.start:c.end] for c in extraction.claims if local(c.predicate) == "relieves" and c.start >= first]
    assert relief == ["pain reduction"], relief


def test_what_patients_get_comes_from_what_an_earlier_claim_was_about(run_pipeline):
    """ "Some patients also ask about TMS. Many patients experience relief within hours": the relief is the drug
    the page's claims are about, not the treatment merely named."""
    found, _ = claims_of(run_pipeline, "Ketamine infusions help depression. Ketamine is safe. Some patients also ask "
                                       "about TMS or ondansetron. Many patients experience relief within hours.")
    assert {t[0] for t in found if t[1] in ("relieves", "has-onset")} == {"ketamine"}, found


def test_whose_benefit_is_what_an_earlier_claim_was_about_not_a_drug_merely_named(run_pipeline):
    """Under a heading on TMS, "the benefits often last many months" after "criteria, which usually include trying
    several antidepressants" are no antidepressant's: that drug was only named, not spoken of."""
    text = ("Transcranial Magnetic Stimulation (TMS)\n\n- Insurance: covered once you meet their criteria, which "
            "usually include trying several antidepressants.\n\nFor those who respond, the benefits often last "
            "many months.")
    found, _ = claims_of(run_pipeline, text)
    assert not {t for t in found if t[1] == "lasts"}, found


def test_an_out_of_body_feeling_during_an_infusion_is_the_dissociative_state(run_pipeline):
    claims = claims_after_page(run_pipeline, "Some patients experience a dissociative or out-of-body feeling during "
                                             "the infusion.")
    assert {(local(c.predicate), local(c.object)) for c in claims} == {("has-side-effect", "dissociative-state")}


@pytest.mark.parametrize(("text", "expected"), [
    # figures: the cue "in as little as" ends inside the figure "as little as an hour" (the cue is "in", the figure
    # whole); a word between a session noun and its verb; a treatment that is no drug has sessions of its own, not
    # the page drug's; a dummy "it" whose onset the "for X to work" clause says
    ("Ketamine can relieve depression in as little as an hour.", ("ketamine", "has-onset", "as little as an hour")),
    ("Ketamine infusions help depression. The infusion itself lasts about an hour.",
     ("ketamine", "has-session-length", "about an hour")),
    ("Ketamine infusions help depression. Infusions typically last 45 to 60 minutes.",
     ("ketamine", "has-session-length", "45 to 60 minutes")),
    ("Ketamine infusions help depression. TMS sessions take about 20 minutes.",
     ("transcranial-magnetic-stimulation", "has-session-length", "about 20 minutes")),
    ("It can take six to eight weeks for SSRIs to work.",
     ("selective-serotonin-reuptake-inhibitor", "has-onset", "six to eight weeks")),
    # mechanisms: calming receptors acts on them; a receptor's key role in a condition
    ("Ketamine calms overactive NMDA receptors.", ("ketamine", "acts-on", "nmda-receptor")),
    ("By quieting the receptors that keep the pain cycle running, ketamine may help reset the nervous system.",
     ("ketamine", "acts-on", "receptor")),
    ("NMDA receptors play a key role in central sensitization.",
     ("nmda-receptor", "mediates", "central-sensitization")),
    # the means or agent of a passive verb does it ("by the FDA", no drug, does not)
    ("Nausea can be treated with ondansetron.", ("ondansetron", "treats", "nausea")),
    ("Pain is relieved by ketamine.", ("ketamine", "relieves", "pain")),
    ("Ketamine is approved by the FDA for anesthesia.", ("ketamine", "approved-for", "anesthesia")),
])
def test_common_wordings_state_their_claim(run_pipeline, text, expected):
    """Wordings of figures, mechanisms and passives that clinic pages use often, each with the claim it states."""
    found, _ = claims_of(run_pipeline, text)
    assert expected in {t[:3] for t in found}, found


def test_a_one_word_preposition_in_a_figure_does_not_cut_a_cue(run_pipeline):
    """ "Infused over 40 minutes": the figure reads "over" as a hedge, but a cue ending on it is not trimmed to
    make a session length of more than 40 minutes (only a hedge phrase of two words or more is)."""
    found, _ = claims_of(run_pipeline, "Ketamine is given at 0.5 mg/kg infused over 40 minutes.")
    assert not {t for t in found if t[1] == "has-session-length"}, found


def test_a_heading_naming_one_drug_makes_its_section_about_that_drug(run_pipeline):
    """On a page comparing treatments, a section headed by one drug ("IV Ketamine Infusions") is about it; a
    section headed by another treatment ("Transcranial Magnetic Stimulation (TMS)") lends no drug to its points;
    what was said under one heading names nothing under the next."""
    text = ("TMS vs. Ketamine vs. Spravato\n\nTranscranial Magnetic Stimulation (TMS)\n\n"
            "- Side effects: mild headache or scalp discomfort.\n\nIV Ketamine Infusions\n\n"
            "- Side effects: nausea, dizziness and a rise in blood pressure.\n\n"
            "Spravato (Esketamine) Nasal Spray\n\n- Side effects: nausea and dissociation.\n")
    found, _ = claims_of(run_pipeline, text)
    assert {t[:3] for t in found} == {
        ("ketamine", "has-side-effect", "nausea"), ("ketamine", "has-side-effect", "dizziness"),
        ("ketamine", "has-side-effect", "hypertension"), ("esketamine", "has-side-effect", "nausea"),
        ("esketamine", "has-side-effect", "dissociation")}


def test_a_list_after_a_colon_is_no_apposition(run_pipeline):
    """ "Ketamine side effects: nausea, dizziness and ...": the item right after the colon is listed too, and a
    bullet's dash before a cue is no hyphen."""
    found, _ = claims_of(run_pipeline, "- Ketamine side effects: nausea, dizziness and a rise in blood pressure.")
    assert {t[2] for t in found if t[1] == "has-side-effect"} == {"nausea", "dizziness", "hypertension"}


@pytest.mark.parametrize(("text", "expected"), [
    ("In controlled trials, roughly half of patients with treatment-resistant depression respond to a course of "
     "infusions.", {("ketamine", "treats", "treatment-resistant-depression")}),
    # "therapy" may be another treatment: no drug stands in for it
    ("Many patients with PTSD respond to therapy.", set()),
])
def test_patients_responding_to_a_course_of_the_page_drug(run_pipeline, text, expected):
    claims = claims_after_page(run_pipeline, text)
    assert {(local(c.subject), local(c.predicate), local(c.object)) for c in claims} == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Ketamine works best as part of a bigger picture, not as a stand-alone fix.", {False}),
    ("We offer ketamine only after a careful evaluation and as part of a broader plan.", {False}),
    ("Ketamine is one tool within a broader plan that also includes therapy.", {False}),
    ("Exercise is part of a healthy life.", set()),
])
def test_the_drug_as_one_part_of_a_broader_plan(run_pipeline, text, expected):
    """ "As part of a broader plan" (past the "as part of" that is no cue by itself), "one tool", "not a
    stand-alone fix" (a denied negated label): the drug is one part of a plan of care."""
    claims = claims_after_page(run_pipeline, text)
    assert {c.negated for c in claims
            if local(c.predicate) == "is-part-of"} == expected


def test_a_fraction_is_never_minted_as_an_object(run_pipeline):
    """ "Cut the risk of overdose death roughly in half": "half" says how much, it is no concept."""
    found, _ = claims_of(run_pipeline, "Buprenorphine and methadone cut the risk of overdose death roughly in half.")
    assert {t[2] for t in found if t[1] == "reduces"} == {"overdose"}


@pytest.mark.parametrize(("text", "expected"), [
    # a share of patients with a condition who report an effect: the drug works on their condition
    ("Up to 70% of our patients with treatment-resistant depression report meaningful improvement after their "
     "initial series.", ("ketamine", "treats", "treatment-resistant-depression")),
    ("Roughly 50 percent of people with hard-to-treat depression get meaningful relief.",
     ("ketamine", "relieves", "treatment-resistant-depression")),
    # the pain relieved is their condition's
    ("Up to 80% of patients with CRPS may experience significant pain relief following a full infusion series.",
     ("ketamine", "relieves", "complex-regional-pain-syndrome")),
    ("In a sample of 424 outpatients, about half reported a meaningful improvement in depressive symptoms.",
     ("ketamine", "treats", "depression")),
])
def test_a_share_of_patients_reporting_an_effect_is_the_drug_s_effect(run_pipeline, text, expected):
    """ "X% of patients with Y report relief" says the page's drug relieves Y; it counts no one who has Y."""
    found, _ = claims_of(run_pipeline, ABOUT_KETAMINE + text)
    assert expected in {t[:3] for t in found}, found
    assert not {t for t in found if t[1] == "has-prevalence"}, found


def test_both_before_a_noun_points_back_and_monitoring_for_an_effect_names_it(run_pipeline):
    """ "both treatments require monitoring for dissociation": the drug named before has the side effects the
    monitoring watches for. A bare "both" counts two things: "Both are SSRIs, and both can take eight to twelve
    weeks" speaks of the two drugs just listed, and says nothing of the class."""
    found, _ = claims_of(run_pipeline, "Ketamine is given as an IV infusion. Both treatments require monitoring "
                                       "for dissociation and increased blood pressure.")
    assert {("ketamine", "has-side-effect", "dissociation"), ("ketamine", "has-side-effect", "hypertension")} \
        <= {t[:3] for t in found}, found
    found, _ = claims_of(run_pipeline, "Only two medications, sertraline (Zoloft) and paroxetine (Paxil), are "
                                       "FDA-approved for PTSD. Both are SSRIs, and both can take eight to twelve "
                                       "weeks to reach full effect.")
    assert not {t for t in found if t[0] == "selective-serotonin-reuptake-inhibitor"}, found
    assert {(drug, "is-a", "selective-serotonin-reuptake-inhibitor") for drug in ("sertraline", "paroxetine")} \
        <= {t[:3] for t in found}, found


@pytest.mark.parametrize(("text", "expected"), [
    ("You have probably run into three names: TMS, ketamine and Spravato. All three are used for "
     "treatment-resistant depression.",
     {("transcranial-magnetic-stimulation", "treats", "treatment-resistant-depression"),
      ("ketamine", "treats", "treatment-resistant-depression"),
      ("esketamine", "treats", "treatment-resistant-depression")}),
    ("We offer ketamine and esketamine. Both cause nausea.",
     {("ketamine", "causes", "nausea"), ("esketamine", "causes", "nausea")}),
    ("We offer ketamine and esketamine. Both of them cause nausea.",
     {("ketamine", "causes", "nausea"), ("esketamine", "causes", "nausea")}),
])
def test_a_collective_subject_stands_for_the_list_it_counts(run_pipeline, text, expected):
    """ "Both", "all three": each item of the one list named before with that many things."""
    found, _ = claims_of(run_pipeline, text)
    assert expected <= {t[:3] for t in found}, found


def test_a_collective_subject_with_no_list_of_its_count_has_none(run_pipeline):
    """ "Both" after three drugs, or after two drugs named apart, stands for no one of them."""
    for text in ("We offer ketamine, esketamine and sertraline. Both cause nausea.",
                 "Ketamine is an anesthetic, and many patients know esketamine. Both cause nausea."):
        found, _ = claims_of(run_pipeline, text)
        assert not {t for t in found if t[2] == "nausea"}, (text, found)


def test_side_effects_after_drugs_listed_with_their_brands_are_the_first_drug_s(run_pipeline):
    """ "ketamine (Ketalar) or esketamine (Spravato)": a brand in brackets keeps the list one list."""
    found, _ = claims_of(run_pipeline, "We do not recommend ketamine (Ketalar) or esketamine (Spravato) for "
                                       "psychosis. Side effects can include nausea.")
    assert ("ketamine", "has-side-effect", "nausea") in {t[:3] for t in found}, found


def test_working_on_a_receptor_binds_it(run_pipeline):
    """ "works on the NMDA receptor" reads like "acts on": the drug binds the receptor."""
    found, _ = claims_of(run_pipeline, "Ketamine works on the NMDA receptor.")
    assert ("ketamine", "binds", "nmda-receptor") in {t[:3] for t in found}, found


def test_a_plural_anaphoric_subject_stands_for_each_drug_named_before(run_pipeline):
    """ "These treatments can work quickly", after "ketamine ... or esketamine": both work quickly; "These
    medications can cause side effects" after a list of drugs: each can."""
    found, _ = claims_of(run_pipeline, "Another option is ketamine, given as an IV infusion, or esketamine "
                                       "(Spravato), a nasal spray. These treatments can work remarkably quickly, "
                                       "sometimes within hours.")
    assert {("ketamine", "has-onset", "rapid-onset"), ("esketamine", "has-onset", "rapid-onset")} \
        <= {t[:3] for t in found}, found
    found, _ = claims_of(run_pipeline, "Some patients do well with propranolol, metoprolol and amitriptyline. "
                                       "These medications can cause side effects such as fatigue.")
    assert {(drug, "has-side-effect", "fatigue") for drug in ("propranolol", "metoprolol", "amitriptyline")} \
        <= {t[:3] for t in found}, found


def test_their_after_a_claim_made_of_several_drugs_stands_for_each(run_pipeline):
    """ "These treatments can work quickly. However, their effects wear off, so maintenance treatments are
    needed": maintenance is of both; after "pain medications like opioids", "they" are the opioids alone."""
    found, _ = claims_of(run_pipeline, "Another option is ketamine, given as an IV infusion, or esketamine "
                                       "(Spravato), a nasal spray. These treatments can work remarkably quickly. "
                                       "However, their effects often wear off within days to weeks, so ongoing "
                                       "maintenance treatments are usually needed.")
    assert {("ketamine", "is-maintained-by", "booster-treatment"),
            ("esketamine", "is-maintained-by", "booster-treatment")} <= {t[:3] for t in found}, found
    found, _ = claims_of(run_pipeline, "Pain medications like opioids provide some relief. They often have side "
                                       "effects such as nausea.")
    assert {t[0] for t in found if t[1] == "has-side-effect"} == {"opioid"}, found


def test_a_pronoun_after_a_contrast_in_mid_sentence_is_not_what_is_contrasted(run_pipeline):
    """ "is that, unlike many anesthetics, it generally does not depress breathing": "it" is ketamine; what it
    denies, the anesthetics it is contrasted with do."""
    found, _ = claims_of(run_pipeline, "Ketamine is an anesthetic. One reason it is so widely used is that, unlike "
                                       "many anesthetics, it generally does not depress breathing.")
    breathing = {t[:4] for t in found if t[2] == "breathing"}
    assert breathing == {("ketamine", "reduces", "breathing", "negated"),
                         ("anesthetic", "reduces", "breathing", "affirmed")}, found


def test_the_subject_after_an_inverted_copula(run_pipeline):
    """ "not only was ketamine excellent at relieving pain": the copula comes before its subject."""
    found, _ = claims_of(run_pipeline, "Researchers found that not only was ketamine excellent at relieving pain, "
                                       "it also works with the same systems in the brain that regulate mood.")
    assert ("ketamine", "relieves", "pain") in {t[:3] for t in found}, found


def test_what_patients_develop_comes_from_what_they_take(run_pipeline):
    """ "the neurons involved respond ... As a result, patients develop tolerance": no neuron causes tolerance."""
    found, _ = claims_of(run_pipeline, "Over time, the neurons involved respond to the overexpression of the opiate "
                                       "receptors. As a result, patients develop medication tolerance, dependence, "
                                       "and addiction.")
    assert not {t for t in found if t[0] == "neuron" and t[1] == "causes"}, found


def test_a_class_with_examples_and_each_example_are_the_subject(run_pipeline):
    """ "Traditional antidepressants such as sertraline (Zoloft), fluoxetine (Prozac), and escitalopram (Lexapro)
    work on serotonin": the class and each drug named, not the brand in brackets alone; a later "they" is the
    examples ("pain medications like opioids ... They have risks of dependency": the opioids)."""
    found, _ = claims_of(run_pipeline, "Traditional antidepressants such as sertraline (Zoloft), fluoxetine (Prozac), "
                                       "and escitalopram (Lexapro) work on serotonin.")
    assert {(d, "acts-on", "serotonin") for d in ("antidepressant", "sertraline", "fluoxetine", "escitalopram")} \
        <= {t[:3] for t in found}, found
    found, _ = claims_of(run_pipeline, "Chronic pain is common. For many patients, traditional pain medications like "
                                       "opioids may only provide some relief. They often have risks of dependency.")
    risks = {t[0] for t in found if t[1] == "has-risk-of"}
    assert risks == {"opioid"}, found


@pytest.mark.parametrize("text", [
    "Studies support the use of ketamine for depression.",
    "Three organizations published joint consensus guidelines on the use of IV ketamine for depression.",
])
def test_the_use_of_a_drug_for_a_condition(run_pipeline, text):
    """ "the use of X for Y": X, the drug used, treats Y, whoever speaks of the use."""
    found, _ = claims_of(run_pipeline, text)
    assert ("ketamine", "treats", "depression") in {t[:3] for t in found}, found


def test_relief_people_get_far_from_any_drug_named_is_the_page_drug_s(run_pipeline):
    """A quoted expert, sentences after the drug was last named: the relief is the page drug's. What patients
    develop is no effect of it ("a nurse developed RSD after a fracture")."""
    page = ABOUT_KETAMINE + ("The company aims to reach 50 locations by 2026. Okafor urged patients to keep their "
                             "expectations realistic. \"Roughly 50 percent of people with hard-to-treat depression "
                             "get meaningful relief,\" he said. One of our patients, a 43-year-old nurse, developed "
                             "RSD in her right foot after a minor ankle fracture.")
    found, _ = claims_of(run_pipeline, page)
    assert ("ketamine", "relieves", "treatment-resistant-depression") in {t[:3] for t in found}, found
    assert not {t for t in found if t[2] == "complex-regional-pain-syndrome"}, found


def test_a_use_the_evidence_supports_is_of_the_drug_named_before(run_pipeline):
    """ "the evidence supported short-term use for MDD", after a sentence about ketamine: ketamine's use; a
    use with its owner named is that owner's."""
    found, _ = claims_of(run_pipeline, "The APA has not endorsed ketamine as a routine treatment. A task force "
                                       "said the evidence supported short-term use for major depressive disorder.")
    assert ("ketamine", "treats", "major-depressive-disorder") in {t[:3] for t in found}, found
    found, _ = claims_of(run_pipeline, "The APA has not endorsed ketamine as a routine treatment. A task force "
                                       "said the evidence supported the use of TMS for major depressive disorder.")
    assert ("ketamine", "treats", "major-depressive-disorder") not in {t[:3] for t in found}, found


def test_patients_reporting_an_effect_on_a_condition_are_no_prevalence(run_pipeline):
    found, _ = claims_of(run_pipeline, "About 60% of our pain patients report at least a 50% reduction in their "
                                       "pain scores.")
    assert not {t for t in found if t[1] == "has-prevalence"}, found
    found, _ = claims_of(run_pipeline, "Nearly 52 million Americans report chronic pain.")
    assert ("chronic-pain", "has-prevalence") in {t[:2] for t in found}, found


def test_a_hazard_seen_with_a_drug_is_its_risk(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine is far less likely to produce the physical dependence seen with "
                                       "oxycodone.")
    assert ("oxycodone", "has-risk-of", "substance-dependence") in {t[:3] for t in found}, found


@pytest.mark.parametrize(("text", "expected"), [
    ("During the infusion, many people describe a floating, dreamy feeling or a sense of being detached.",
     {"dissociative-state"}),
    # what they describe of their own is what they had before
    ("During the infusion, patients describe their depression to the nurse.", set()),
])
def test_what_patients_describe_during_a_session_is_a_side_effect(run_pipeline, text, expected):
    found, _ = claims_of(run_pipeline, ABOUT_KETAMINE + text)
    assert {t[2] for t in found if t[:2] == ("ketamine", "has-side-effect")} == expected, found


def test_spikes_in_blood_pressure_are_hypertension(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine's side effects, including nausea and spikes in blood pressure, "
                                       "are brief.")
    assert ("ketamine", "has-side-effect", "hypertension") in {t[:3] for t in found}, found


@pytest.mark.parametrize("text", [
    'Recreational use led the Drug Enforcement Administration to place ketamine in Schedule III in 1999.',
    "Ketamine was placed in Schedule III in 1999.",
    "Ketamine falls under Schedule III.",
])
def test_a_drug_placed_in_a_schedule_is_of_that_schedule(run_pipeline, text):
    found, _ = claims_of(run_pipeline, text)
    assert ("ketamine", "is-a", "schedule-iii-controlled-substance") in {t[:3] for t in found}, found


def test_placing_a_line_in_the_arm_is_no_class(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine is given by IV. A nurse will place an IV in your arm.")
    assert not {t for t in found if t[1] == "is-a" and t[2] != "anesthetic"}, found


@pytest.mark.parametrize(("text", "expected"), [
    ("At our clinic, we treat adults living with treatment-resistant depression, postpartum depression, and "
     "persistent suicidal thoughts.", {"treatment-resistant-depression", "postpartum-depression", "suicidal-ideation"}),
    ("We treat adults who have treatment-resistant depression.", {"treatment-resistant-depression"}),
])
def test_treating_people_living_with_a_condition_treats_it(run_pipeline, text, expected):
    found, _ = claims_of(run_pipeline, ABOUT_KETAMINE + text)
    assert expected <= {t[2] for t in found if t[:2] == ("ketamine", "treats")}, found


def test_what_people_who_have_a_condition_have_is_no_side_effect(run_pipeline):
    """ "who" stands for people, never for a drug: "adults with MDD who have acute suicidal ideation"."""
    found, _ = claims_of(run_pipeline, "A related medication, esketamine (Spravato), is FDA-approved as a nasal spray "
                                       "for treatment-resistant depression and for depressive symptoms in adults with "
                                       "major depressive disorder who have acute suicidal ideation or behavior.")
    assert ("esketamine", "approved-for", "treatment-resistant-depression") in {t[:3] for t in found}, found
    assert not {t for t in found if t[1] == "has-side-effect"}, found


def test_people_living_with_a_condition_are_still_counted(run_pipeline):
    found, _ = claims_of(run_pipeline, "In 2016, an estimated 20.4% of U.S. adults, more than 60 million people, were "
                                       "living with chronic pain.")
    assert ("chronic-pain", "has-prevalence") in {t[:2] for t in found}, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Some patients feel tired, foggy, or mildly headachy for the rest of the day.",
     {"feeling-tired", "feeling-headachy"}),
    ("You may also notice vivid dreams the night after an infusion.", {"vivid-dreams"}),
    ("You'll feel groggy the rest of the day, so you can't drive until the next morning.", {"feeling-drowsy"}),
    # no session, said or implied
    ("Some patients feel tired.", set()),
    # people named by a condition feel that condition
    ("People with fibromyalgia often feel tired for the rest of the day.", set()),
])
def test_what_patients_feel_after_a_session_worded_as_adjectives(run_pipeline, text, expected):
    """ "Feel tired for the rest of the day": an adjective felt after a session is a side effect of the drug."""
    found, _ = claims_of(run_pipeline, ABOUT_KETAMINE + text)
    assert {t[2] for t in found if t[:2] == ("ketamine", "has-side-effect")} == expected, found


@pytest.mark.parametrize("text", [
    "Spravato contains esketamine, a close chemical cousin of ketamine.",
    "Esketamine, the S-enantiomer of ketamine, was approved by the FDA in 2019.",
    "In 2019, the FDA approved esketamine, a chemical cousin of ketamine.",
    'Esketamine is one "mirror image" half of the ketamine molecule.',
])
def test_a_drug_s_chemical_relative(run_pipeline, text):
    """ "A close chemical cousin of", "the S-enantiomer of": derived from, which says nothing of how it works."""
    found, _ = claims_of(run_pipeline, text)
    assert ("esketamine", "derived-from", "ketamine") in {t[:3] for t in found}, found
    assert not {t for t in found if t[1] in ("resembles", "differs-from")}, found


def test_a_list_item_after_a_comma_is_no_renaming(run_pipeline):
    """ "vivid dreams, a feeling of detachment, nausea": the second item is listed, not another name for the first."""
    found, _ = claims_of(run_pipeline, "Side effects of ketamine infusion can include vivid dreams, a feeling of "
                                       "detachment, nausea, double vision and increased blood pressure.")
    assert {"vivid-dreams", "dissociative-state", "nausea", "double-vision", "hypertension"} <= {
        t[2] for t in found if t[:2] == ("ketamine", "has-side-effect")}, found
    found, _ = claims_of(run_pipeline, "Ketamine, an anesthetic, blocks NMDA receptors.")
    assert ("ketamine", "is-a", "anesthetic") in {t[:3] for t in found}, found


ABOUT_SPRAVATO = ("Spravato is a nasal spray containing esketamine. Spravato can cause sedation. Spravato is given "
                  "in a clinic. Spravato works quickly. Spravato is approved for adults.\n")


@pytest.mark.parametrize(("text", "expected"), [
    ("Patients are observed for about an hour after each dose before they can leave.", "about an hour"),
    ("Every patient must be monitored by a healthcare provider for at least two hours after each dose.",
     "at least two hours"),
    ("Spravato is administered in a certified clinic, with two hours of monitoring afterward.", "two hours"),
    ("These effects fade by the end of the two-hour observation period.", "two-hour observation period"),
    # past sentences naming no drug: the watch still follows the page's drug, whose effects fade
    ("Dizziness is common. Nausea is common too. For most people these effects begin within the first hour after "
     "dosing and fade by the end of the two-hour observation period.", "two-hour observation period"),
])
def test_how_long_patients_are_watched_after_a_dose(run_pipeline, text, expected):
    found, _ = claims_of(run_pipeline, ABOUT_SPRAVATO + text)
    assert {t[2] for t in found if t[:2] == ("esketamine", "is-observed-after-dose-for")} == {expected}, found


@pytest.mark.parametrize("text", [
    "We monitor your blood pressure for 40 minutes.",  # a vital sign watched, not the patient kept
    "We monitor you for signs of misuse.",
])
def test_watching_something_else_is_no_observation_time(run_pipeline, text):
    found, _ = claims_of(run_pipeline, ABOUT_SPRAVATO + text)
    assert not {t for t in found if t[1] == "is-observed-after-dose-for"}, found


@pytest.mark.parametrize(("text", "expected"), [
    ("During the infusion, most patients rest, listen to music, or nap. Some describe a floating sensation or "
     "vivid thoughts.", {"dissociative-state"}),
    # the session is named in another paragraph: nothing times the feeling
    ("We check blood pressure after the infusion.\nMany patients feel tired.", set()),
])
def test_a_session_named_in_the_sentence_before_times_a_feeling(run_pipeline, text, expected):
    found, _ = claims_of(run_pipeline, ABOUT_KETAMINE + text)
    assert {t[2] for t in found if t[:2] == ("ketamine", "has-side-effect")} == expected, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Ketamine has some potential for misuse, especially at high doses. In a medical clinic, at the doses we use, "
     "the risk is low, but it isn't zero.", "substance-use-disorder"),
    # no risk named before: the risk of harm, as before
    ("Ketamine relieves depression quickly. In a medical clinic, the risk is low.", "harm"),
])
def test_the_risk_is_the_risk_just_named(run_pipeline, text, expected):
    """ "The risk", with no "of", is the risk the sentence before named."""
    found, _ = claims_of(run_pipeline, ABOUT_KETAMINE + text)
    risks = {t[2] for t in found if t[:2] == ("ketamine", "has-risk-of")}
    assert expected in risks, found
    assert "harm" not in risks or expected == "harm", found


def test_figures_said_of_a_condition_across_an_inserted_source(run_pipeline):
    """The subject of "live with" is the first figure, however long the source inserted before the verb; the
    figures restating it are said of the condition too."""
    found, _ = claims_of(run_pipeline, "Roughly one in five American adults, about 50 million people or 20.4 percent "
                                       "according to the CDC's 2016 National Health Interview Survey, live with "
                                       "chronic pain.")
    assert {t[2] for t in found if t[:2] == ("chronic-pain", "has-prevalence")} == {
        "Roughly one in five American adults", "about 50 million people", "20.4 percent"}, found


@pytest.mark.parametrize("text", [
    "We screen every patient for a personal or family history of substance use.",
    "We screen all patients for a history of substance use before starting treatment.",
    "The council urged clinics to screen carefully for psychosis and substance misuse.",
])
def test_screening_for_substance_use_is_a_precaution(run_pipeline, text):
    found, _ = claims_of(run_pipeline, ABOUT_KETAMINE + text)
    assert ("ketamine", "requires", "substance-use-screening") in {t[:3] for t in found}, found


@pytest.mark.parametrize("text", [
    "For CRPS, long-term data are scarce.",
    "The lack of long-term safety data worries many psychiatrists.",
    "They acknowledged that data on long-term safety and effectiveness were limited.",
    "The task force warned that the long-term safety of repeated infusions was unknown.",
])
def test_scarce_long_term_data_denies_long_term_evidence(run_pipeline, text):
    found, _ = claims_of(run_pipeline, ABOUT_KETAMINE + text)
    assert ("ketamine", "is-supported-by", "long-term-evidence", "negated") in {t[:4] for t in found}, found


def test_a_long_safety_record_claims_long_term_evidence(run_pipeline):
    """What a page saying "the long-term safety of repeated infusions was unknown" contradicts."""
    found, _ = claims_of(run_pipeline, "In a medical setting, with careful monitoring, ketamine has a long safety "
                                       "record.")
    assert ("ketamine", "is-supported-by", "long-term-evidence", "affirmed") in {t[:4] for t in found}, found


def test_changes_in_perception_listed_under_a_session_are_a_side_effect(run_pipeline):
    found, _ = claims_of(run_pipeline, ABOUT_KETAMINE + "\n\nDuring the infusion, you may notice:\n\n"
                                       "- A pleasant floating or dreamlike feeling\n"
                                       "- Changes in how you perceive colors, sounds, or time\n"
                                       "- Mild nausea or dizziness\n")
    assert {"dissociative-state", "perceptual-changes", "nausea", "dizziness"} <= {
        t[2] for t in found if t[:2] == ("ketamine", "has-side-effect")}, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Follow-up studies at the National Institute of Mental Health and elsewhere confirmed a rapid antidepressant "
     "effect.", ("ketamine", "treats", "depression")),
    ("A 2006 trial at the National Institute of Mental Health confirmed the rapid effect in patients with "
     "treatment-resistant depression.", ("ketamine", "has-onset", "rapid-onset")),
    # the studies name their drug: it is theirs
    ("Studies of SSRIs showed an antidepressant effect.", ("selective-serotonin-reuptake-inhibitor", "treats",
                                                           "depression")),
])
def test_an_effect_studies_found_is_the_page_drug_s(run_pipeline, text, expected):
    """ "Studies confirmed a rapid antidepressant effect": on a page about one drug, the effect is that drug's,
    even when a drug class's last word opens the effect ("rapid antidepressant")."""
    found, _ = claims_of(run_pipeline, ABOUT_KETAMINE + text)
    assert expected in {t[:3] for t in found}, found
    if expected[0] != "ketamine":  # (the page's own "Ketamine relieves depression" says relieves, not treats)
        assert ("ketamine", "treats", "depression") not in {t[:3] for t in found}, found


@pytest.mark.parametrize("text", [
    "It is only available through a restricted program called REMS.",
    "That is one of the reasons it is available only through the REMS program.",
])
def test_a_drug_available_only_through_its_rems_program_is_given_in_certified_settings(run_pipeline, text):
    found, _ = claims_of(run_pipeline, ABOUT_SPRAVATO + text)
    assert ("esketamine", "used-for", "certified-treatment-setting") in {t[:3] for t in found}, found


def test_what_users_develop_comes_from_the_drug_an_earlier_clause_names(run_pipeline):
    """ "Ketamine is a controlled substance, and recreational users can develop tolerance": the drug the
    sentence's first clause is about, not a condition named in the sentence before ("Addiction specialists")."""
    found, _ = claims_of(run_pipeline, "Addiction specialists push back on that language. Ketamine is a Schedule "
                                       "III controlled substance, and recreational users can develop tolerance, "
                                       "cravings, and serious bladder damage.")
    subjects = {t[0] for t in found if t[1] == "causes"}
    assert subjects == {"ketamine"}, found
    assert ("ketamine", "causes", "craving") in {t[:3] for t in found}, found


@pytest.mark.parametrize("text", [
    "If you are in crisis, call or text 988.",
    "If you or someone you know is in crisis, call or text 988.",
    "Call or text 988 to reach the Suicide & Crisis Lifeline.",
    "Veterans Crisis Line: Dial 988 then press 1.",
    "If you are in crisis or thinking about harming yourself, please call or text 988 to reach the Suicide & "
    "Crisis Lifeline, or go to your nearest emergency room.",
])
def test_a_crisis_line_statement(run_pipeline, text):
    """However a page words it, "call or text 988" says the lifeline is where people in crisis get help."""
    found, _ = claims_of(run_pipeline, text)
    assert ("crisis-lifeline", "offers-help-in", "mental-health-crisis", "affirmed", "asserted") in found, found


@pytest.mark.parametrize("text", [
    "Please call our office to schedule a consultation.",
    "If ketamine relieves your pain, call us.",
    "If you have questions about whether insurance covers ketamine, call our office.",
])
def test_no_crisis_line_and_no_claim_under_a_condition(run_pipeline, text):
    """Calling anyone else is no crisis-line claim, and a condition still asserts nothing."""
    found, _ = claims_of(run_pipeline, text)
    assert found == set(), found


def test_a_hedge_word_inside_a_term_hedges_nothing(run_pipeline):
    """ "If you are thinking about ending your life": "thinking" is part of the state, not "is thought to"."""
    found, _ = claims_of(run_pipeline, "If you are thinking about ending your life right now, call or text 988 (the "
                                       "Suicide & Crisis Lifeline), call 911, or go to the nearest emergency "
                                       "department.")
    assert ("crisis-lifeline", "offers-help-in", "mental-health-crisis", "affirmed", "asserted") in found, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Methadone: A full opioid agonist dispensed daily through certified opioid treatment programs.",
     {("methadone", "is-a", "opioid")}),
    ("Methadone, a full opioid agonist, is dispensed daily.", {("methadone", "is-a", "opioid")}),
    ("Venlafaxine (Effexor), an SNRI, helps many patients.",
     {("venlafaxine", "is-a", "serotonin-norepinephrine-reuptake-inhibitor")}),
    ("Duloxetine (Cymbalta) and milnacipran (Savella), both SNRIs, are approved for fibromyalgia.",
     {("duloxetine", "is-a", "serotonin-norepinephrine-reuptake-inhibitor"),
      ("milnacipran", "is-a", "serotonin-norepinephrine-reuptake-inhibitor")}),
    ("Sertraline and ketamine, both antidepressants, act differently.", {("sertraline", "is-a", "antidepressant")}),
])
def test_a_class_in_apposition_or_after_a_label(run_pipeline, text, expected):
    """A drug class renaming a drug (after a comma, a bracketed brand, or a label's colon), or "both <class>"
    after a list, says each drug the vocabularies place in that class is one; ketamine is no antidepressant
    class member there, and a brand name in brackets is no second drug."""
    found, _ = claims_of(run_pipeline, text)
    assert {t[:3] for t in found if t[1] == "is-a"} == expected, found


def test_people_described_by_what_they_experience_state_no_side_effect(run_pipeline):
    """ "For adults with depression, including those experiencing suicidal ideation": who the patients are, not a
    side effect of the drug."""
    found, _ = claims_of(run_pipeline, "ClearPath Infusion Center offers low-dose ketamine infusions as part of a "
                                       "comprehensive plan for adults with severe or treatment-resistant depression, "
                                       "including those experiencing suicidal ideation.")
    assert not {t for t in found if t[2] == "suicidal-ideation"}, found


def test_a_definition_named_by_an_agent_in_between(run_pipeline):
    """ "Pain for over 12 weeks is categorized by the medical community as chronic pain": how long chronic pain
    lasts, with the agent between the verb and "as" ("categorize by * as")."""
    found, _ = claims_of(run_pipeline, "Experiencing daily pain for over 12 weeks is categorized by the medical "
                                       "community as Chronic Pain.")
    assert ("chronic-pain", "lasts", "over 12 weeks") in {t[:3] for t in found}, found


def test_these_medications_are_the_class_named_with_its_examples(run_pipeline):
    """ "An SSRI such as sertraline ... These medications take four to six weeks": the class, not its example."""
    found, _ = claims_of(run_pipeline, "Most people start with a selective serotonin reuptake inhibitor (SSRI) such "
                                       "as sertraline or escitalopram, or with an SNRI such as venlafaxine. These "
                                       "medications help many patients, but they typically take four to six weeks "
                                       "to work.")
    onsets = {t[0] for t in found if t[1] == "has-onset"}
    assert onsets == {"selective-serotonin-reuptake-inhibitor"}, found


def test_a_pronoun_after_an_inverse_cue_is_its_subject(run_pipeline):
    """ "Insurers cover it": "it" is what is covered, the drug named before."""
    found, _ = claims_of(run_pipeline, "Because Spravato is FDA-approved for depression, commercial insurers and "
                                       "Medicare generally cover it, usually after prior authorization.")
    assert ("esketamine", "covered-by-insurance", "health-insurance") in {t[:3] for t in found}, found


@pytest.mark.parametrize(("text", "expected"), [
    ("You may have heard of Spravato, a nasal spray containing esketamine.", ("esketamine", "is-a", "nasal-spray")),
    ("Spravato (esketamine), a nasal spray, was approved in March 2019.", ("esketamine", "is-a", "nasal-spray")),
    ("Ketamine, a controlled substance, is regulated.", ("ketamine", "is-a", "controlled-substance")),
    ("Both involve esketamine (Spravato), an FDA-approved nasal spray, and IV ketamine.",
     ("esketamine", "is-a", "nasal-spray")),
])
def test_a_form_or_legal_class_in_apposition_to_a_drug(run_pipeline, text, expected):
    found, _ = claims_of(run_pipeline, text)
    assert expected in {t[:3] for t in found}, found


@pytest.mark.parametrize("text", [
    "Glutamate is the brain's main excitatory neurotransmitter.",
    "This sets off a chain reaction involving glutamate, the brain's main excitatory messenger.",
    "It acts on glutamate, the brain's most abundant excitatory neurotransmitter.",
    "It raises glutamate, the neurotransmitter that drives learning.",
    # the phrase may close with where: "... messenger in the brain"
    "Spravato acts on glutamate, the most common chemical messenger in the brain.",
])
def test_a_substance_said_to_be_a_neurotransmitter(run_pipeline, text):
    """A copula's attribute however many words modify it, and an apposition read from the words (the small model
    often parses ", the brain's main messenger" as an object)."""
    found, _ = claims_of(run_pipeline, text)
    assert ("glutamate", "is-a", "neurotransmitter") in {t[:3] for t in found}, found


def test_an_apposition_renaming_an_object_is_no_second_object(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine boosts glutamate, the brain's most important excitatory chemical "
                                       "messenger, in the cortex.")
    assert ("ketamine", "increases", "glutamate") in {t[:3] for t in found}, found
    assert ("ketamine", "increases", "neurotransmitter") not in {t[:3] for t in found}, found
    found, _ = claims_of(run_pipeline, "Spravato acts on glutamate, the most common chemical messenger in the brain.")
    assert ("esketamine", "acts-on", "neurotransmitter") not in {t[:3] for t in found}, found


def test_what_a_drug_became_is_what_it_is(run_pipeline):
    """ "It became a battlefield anesthetic": a kind; "can become a disability" is a change that may come."""
    found, _ = claims_of(run_pipeline, "Ketamine was used in surgery. It became a battlefield anesthetic in Vietnam.")
    assert ("ketamine", "is-a", "anesthetic") in {t[:3] for t in found}, found
    found, _ = claims_of(run_pipeline, "Chronic pain can become a disability.")
    assert not {t for t in found if t[1] == "is-a"}, found


def test_a_copula_attribute_far_from_the_verb(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine is the most widely used anesthetic in the world.")
    assert ("ketamine", "is-a", "anesthetic") in {t[:3] for t in found}, found


@pytest.mark.parametrize(("text", "expected", "absent"), [
    ("Ketamine works on the brain's glutamate system. By blocking NMDA receptors, it appears to quiet fear.",
     ("ketamine", "blocks", "nmda-receptor", "affirmed"), None),
    # the fronted phrase sets its drug apart from the pronoun: "it" is ketamine, not the opioids (of which
    # "unlike" says the opposite)
    ("Ketamine is different. Unlike opioids, it works fast.", ("ketamine", "has-onset", "rapid-onset", "affirmed"),
     ("opioid", "has-onset", "rapid-onset", "affirmed")),
    ("Opioids are common. Ketamine is different. Unlike opioids, it does not cause dependence.",
     ("ketamine", "causes", "substance-dependence", "negated"), ("opioid", "causes", "substance-dependence", "negated")),
    ("SSRIs act slowly. Ketamine works differently. Instead of SSRIs, it blocks NMDA receptors.",
     ("ketamine", "blocks", "nmda-receptor", "affirmed"),
     ("selective-serotonin-reuptake-inhibitor", "blocks", "nmda-receptor", "affirmed")),
    # (a comparative, "it is safer", states no harm either way: see test_a_comparison_of_harm_says_nothing_...)
    ("Ketamine is different. Compared with opioids, it is not addictive.",
     ("ketamine", "has-risk-of", "addiction", "negated"), ("opioid", "has-risk-of", "addiction", "negated")),
])
def test_a_pronoun_after_a_fronted_phrase(run_pipeline, text, expected, absent):
    """The pronoun opening the main clause is the doer of the phrase fronted before it, and the drug named in
    that phrase is never its antecedent."""
    found = {t[:4] for t in claims_of(run_pipeline, text)[0]}
    assert expected in found, found
    assert absent not in found, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Central sensitization is driven in large part by NMDA receptors, the same receptors ketamine blocks.",
     ("ketamine", "blocks", "nmda-receptor")),
    ("Pain signals are amplified by glutamate receptors, the receptors ketamine blocks.",
     ("ketamine", "blocks", "glutamate-receptor")),
])
def test_a_relative_clause_without_a_relative_pronoun(run_pipeline, text, expected):
    """ "the same receptors ketamine blocks": the noun the clause hangs on is the cue's object, and a noun renaming
    the one before its comma stands for that one (NMDA receptors, not receptors in general)."""
    found = propositions(run_pipeline, text)
    assert expected in found, found
    assert ("ketamine", "blocks", "receptor") not in found, found


@pytest.mark.parametrize(("text", "absent"), [
    ("Nerve pain is the kind of pain ketamine relieves.", ("neuropathic-pain", "is-a", "ketamine")),
])
def test_a_kind_is_of_the_same_sort_as_what_it_is_a_kind_of(run_pipeline, text, absent):
    """kg:typePairing on "is a": a condition is a kind of condition, never of a drug, whatever the words say."""
    found = propositions(run_pipeline, text)
    assert absent not in found, found
    assert ("ketamine", "relieves", "pain") in found, found


def test_type_pairings_are_read_from_the_ontology():
    is_a = load_predicates().predicates[VOCAB + "predicate/is-a"]
    assert is_a.pairs_types("Condition", "Condition") and is_a.pairs_types("Drug", "Substance")
    assert not is_a.pairs_types("Condition", "Drug") and not is_a.pairs_types("Substance", "Drug")
    treats = load_predicates().predicates[VOCAB + "predicate/treats"]
    assert treats.pairs_types("Drug", "Condition")  # a predicate with no pairing takes its declared types


@pytest.mark.parametrize(("text", "expected"), [
    ("Ketamine is a drug. Some patients begin to feel a lift in mood within hours rather than weeks.",
     {("ketamine", "treats", "depression"), ("ketamine", "has-onset", "rapid-onset")}),
    # a side effect felt within hours times no treatment effect
    ("Ketamine is a drug. Patients often feel tired within hours.", set()),
])
def test_an_onset_timing_what_patients_feel_of_the_drug(run_pipeline, text, expected):
    """ "feel a lift in mood within hours": the time on the verb of feeling is the onset of the effect felt, which
    the sentence gives to the drug."""
    found = propositions(run_pipeline, text)
    assert {t for t in found if t[1] in ("treats", "has-onset")} == expected, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Spravato is covered by many commercial insurance plans and Medicare, usually with prior authorization.",
     ("esketamine", "covered-after", "prior-authorization")),
    ("Some commercial plans will cover ketamine infusions for CRPS with prior authorization, and many will not.",
     ("ketamine", "covered-after", "prior-authorization")),
])
def test_coverage_after_prior_authorization(run_pipeline, text, expected):
    """The payer's step before it pays is a requirement of the coverage, never itself what is covered."""
    found = propositions(run_pipeline, text)
    assert expected in found, found
    assert not {t for t in found if t[0] == "prior-authorization"}, found


def test_a_requirement_is_never_what_insurance_covers(run_pipeline):
    found = propositions(run_pipeline, "Because Spravato is FDA-approved for depression, insurers generally cover it, "
                                       "usually after prior authorization.")
    assert ("esketamine", "covered-by-insurance", "health-insurance") in found, found
    # the step hangs on "cover", whose claim is of the drug behind "it"
    assert ("esketamine", "covered-after", "prior-authorization") in found, found
    assert not {t for t in found if t[0] == "prior-authorization"}, found


@pytest.mark.parametrize(("text", "expected"), [
    ("If your blood pressure is high when you arrive, we may postpone your infusion or give medication to lower "
     "it first.", set()),
    ("We give infusions to relieve pain.", {("ketamine", "relieves", "pain")}),
])
def test_the_purpose_of_giving_something_else_is_not_the_page_drug_s(run_pipeline, text, expected):
    """ "give medication to lower it": the medication given lowers it; the clinic's voice stands for its drug only
    when what it gives is that drug or its treatment."""
    claims = claims_after_page(run_pipeline, text)
    found = {(local(c.subject), local(c.predicate), local(c.object)) for c in claims
             if local(c.predicate) in ("relieves", "reduces", "treats")}
    assert found == expected, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Patients with uncontrolled hypertension are not candidates until their blood pressure is well managed.",
     {("ketamine", "contraindicated-in", "hypertension", "affirmed")}),
    # another treatment's candidates are its own
    ("Patients with PTSD are good candidates for TMS.", set()),
])
def test_candidates_for_nothing_named_on_a_page_about_one_drug(run_pipeline, text, expected):
    claims = claims_after_page(run_pipeline, text)
    found = {(local(c.subject), local(c.predicate), local(c.object), "negated" if c.negated else "affirmed")
             for c in claims}
    assert found == expected, found


@pytest.mark.parametrize(("text", "expected"), [
    ("In a two-site trial in treatment-resistant depression, 64% of patients who received ketamine met response "
     "criteria the next day, compared with 28% of those given midazolam.",
     {("ketamine", "treats", "treatment-resistant-depression")}),
    ("A later study found that 67 percent of participants with PTSD who received six infusions over two weeks "
     "responded.", {("ketamine", "treats", "posttraumatic-stress-disorder")}),
    # responders named by nothing they received say nothing of a drug
    ("In a trial in depression, 64% of patients met response criteria.", set()),
    # their condition is the one the sentence before says the drug treats
    ("A trial found that a single ketamine infusion reduced PTSD symptoms within 24 hours. A later study found "
     "that 67 percent of participants who received six infusions over two weeks responded.",
     {("ketamine", "treats", "posttraumatic-stress-disorder")}),
])
def test_what_responders_received_is_what_treats(run_pipeline, text, expected):
    """ "patients who received ketamine met response criteria": the drug in the relative clause of the people
    who respond (or, on a page about one drug, the treatment noun standing for it); a comparator is not."""
    claims = claims_after_page(run_pipeline, text)
    found = {(local(c.subject), local(c.predicate), local(c.object)) for c in claims
             if local(c.predicate) == "treats"}
    assert found == expected, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Most likely to be covered by insurance: TMS and Spravato.",
     {("transcranial-magnetic-stimulation", "covered-by-insurance", "health-insurance"),
      ("esketamine", "covered-by-insurance", "health-insurance")}),
    ("Ketamine and TMS are effective treatments for depression.",
     {("ketamine", "treats", "depression"), ("transcranial-magnetic-stimulation", "treats", "depression")}),
])
def test_coordinated_subjects_of_two_kinds_the_predicate_takes(run_pipeline, text, expected):
    """A drug and a procedure listed together are each the subject, when the predicate takes both kinds."""
    found = propositions(run_pipeline, text)
    assert expected <= found, found


def test_a_sentence_opening_that_points_back(run_pipeline):
    """ "That is very different from ...": a sentence's first "that" is a demonstrative (what the sentence before
    said, of its subject), not a relative pronoun looking for a noun."""
    found = propositions(run_pipeline, "It is given in a clinic. Ketamine blocks NMDA receptors. That is very different "
                                       "from the way traditional antidepressants work.")
    assert ("ketamine", "differs-from", "antidepressant") in found, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Too many patients are simply handed opioids, with all the risks of dependence and addiction that come with "
     "them.", {("opioid", "has-risk-of", "substance-dependence"), ("opioid", "has-risk-of", "addiction")}),
    ("Ketamine avoids the risks of addiction that come with opioids.", {("opioid", "has-risk-of", "addiction")}),
])
def test_a_risk_is_of_what_it_comes_with(run_pipeline, text, expected):
    """ "the risks of addiction that come with them": the relative clause says whose risk it is."""
    found = {t for t in propositions(run_pipeline, text) if t[1] == "has-risk-of"}
    assert found == expected, found


def test_what_is_done_without_the_risks_that_come_with_a_drug_is_free_of_them(run_pipeline):
    found = {t[:4] for t in claims_of(run_pipeline, "Ketamine relieves pain without the risks associated with "
                                                    "opioids.")[0] if t[1] == "has-risk-of"}
    assert found == {("ketamine", "has-risk-of", "harm", "negated")}, found


# ------------------------------------------------------------------ a drug's misuse rate, its figure first

MISUSE_GROUP = "https://w3id.org/kgraph/vocab/population/ChronicPainPatientsOnOpioids"


@pytest.mark.parametrize(("text", "figure"), [
    ("Researchers estimate that 40 to 50 percent of people prescribed opioids for chronic pain end up misusing "
     "them.", "40 to 50 percent of people"),
    ("Approximately 21% to 29% of patients prescribed opioids for chronic pain misuse them.",
     "Approximately 21% to 29% of patients"),
    ("Roughly 30 to 40 percent of patients who are prescribed opioids for chronic pain end up misusing them.",
     "Roughly 30 to 40 percent of patients"),
])
def test_a_share_of_patients_who_misuse_their_opioids_is_the_opioids_misuse_rate(run_pipeline, text, figure):
    """ "X% of patients prescribed opioids for chronic pain misuse them": the pronoun is the drug, the figure counts
    patients of that group (pop:ChronicPainPatientsOnOpioids), which reference fact 10 measures."""
    found, extraction = claims_of(run_pipeline, text)
    assert ("opioid", "has-misuse-rate", figure) in {t[:3] for t in found}, found
    statistic = next(m for m in extraction.mentions if m.text == figure)
    assert statistic.quantity.population == MISUSE_GROUP


def test_a_figure_after_a_misuse_cue_belongs_to_the_next_statement(run_pipeline):
    """kg:figureFirst: "..., and that about 8 to 12 percent develop an opioid use disorder" is no misuse rate, and
    the drug misused is the one the pronoun stands for, not "opioid" in the later condition's name."""
    found, _ = claims_of(run_pipeline, "NIDA indicates that roughly one in four patients prescribed opioids for "
                                       "chronic pain misuse them, and that about 8 to 12 percent develop an opioid "
                                       "use disorder.")
    rates = {t[:3] for t in found if t[1] == "has-misuse-rate"}
    assert rates == {("opioid", "has-misuse-rate", "roughly one in four patients")}, found
    assert not propositions(run_pipeline, "Some patients misuse them, and 5 percent of people overdose.") & {
        ("opioid", "has-misuse-rate", "5 percent of people")}


def test_a_subject_pronoun_before_a_swapped_cue_is_not_its_object(run_pipeline):
    """ "the four to six weeks it usually takes SSRIs to work": "it" is no object; SSRIs take the weeks."""
    found = propositions(run_pipeline, "Ketamine works in hours, compared with the four to six weeks it usually "
                                       "takes SSRIs to work.")
    assert ("selective-serotonin-reuptake-inhibitor", "has-onset", "four to six weeks") in found, found
    assert ("ketamine", "has-onset", "four to six weeks") not in found, found


def _indications(claim) -> set[str]:
    return {iri.rsplit("/", 1)[-1] for iri in claim.indications}


def test_a_sentence_opening_with_a_use_scopes_its_claims_to_it(run_pipeline):
    """ "For fibromyalgia, the research is more mixed": the denial is of that use; "In patients with CRPS, ..."
    scopes the main clause past the comma too. "For many patients, ..." names no use."""
    _, extraction = run_pipeline("Ketamine is an anesthetic. Ketamine relieves pain. For fibromyalgia, the research "
                                 "is more mixed.")
    mixed = [c for c in extraction.claims if c.predicate.endswith("/is-supported-by")]
    assert mixed and all(c.negated and _indications(c) == {"fibromyalgia"} for c in mixed), extraction.claims
    _, extraction = run_pipeline("In patients with CRPS, ketamine is supported by research.")
    assert [_indications(c) for c in extraction.claims] == [{"complex-regional-pain-syndrome"}], extraction.claims
    _, extraction = run_pipeline("For many patients, ketamine relieves pain.")
    assert extraction.claims and not any(c.indications for c in extraction.claims), extraction.claims


def test_a_trial_of_patients_with_a_condition_opening_the_sentence_scopes_it(run_pipeline):
    """ "In a randomized, placebo-controlled trial of patients with CRPS, ketamine reduced pain": the trial's
    patients scope the main clause."""
    _, extraction = run_pipeline("In a randomized, placebo-controlled trial of patients with CRPS, a multi-day "
                                 "ketamine infusion significantly reduced pain scores compared with placebo.")
    relief = [c for c in extraction.claims if c.predicate.endswith("/relieves")]
    assert relief and all(_indications(c) == {"complex-regional-pain-syndrome"} for c in relief), extraction.claims
    _, extraction = run_pipeline("In a randomized trial, ketamine reduced pain.")
    assert extraction.claims and not any(c.indications for c in extraction.claims), extraction.claims


def test_a_condition_before_an_indication_head_read_as_a_list_item_is_no_indication(run_pipeline):
    """ "the cravings or withdrawal people associate with opioids" (misparsed "withdrawal people"): withdrawal is
    what ketamine does not cause, not the claims' scope; "CRPS patients" still is one."""
    _, extraction = run_pipeline("At the low doses we use, ketamine is non-addictive and does not cause the "
                                 "cravings or withdrawal people associate with opioids or benzodiazepines.")
    assert not any(c.indications for c in extraction.claims), extraction.claims
    assert ("ketamine", "causes", "withdrawal", "negated") in {t[:4] for t in triples(extraction)}
    _, extraction = run_pipeline("Ketamine relieves pain in CRPS patients.")
    assert [_indications(c) for c in extraction.claims] == [{"complex-regional-pain-syndrome"}], extraction.claims


def test_what_a_trial_found_on_a_page_about_one_drug_is_that_drug_s(run_pipeline):
    """ "A separate trial of a 10-day outpatient protocol also found meaningful reductions in CRPS pain": the
    page's drug, which the trial's protocol gives, relieves it."""
    found = {(c.subject.rsplit("/", 1)[-1], c.predicate.rsplit("/", 1)[-1], (c.object or "").rsplit("/", 1)[-1])
             for c in claims_after_page(run_pipeline, "A separate trial of a 10-day outpatient protocol also found "
                                                      "meaningful reductions in CRPS pain.")}
    assert ("ketamine", "relieves", "complex-regional-pain-syndrome") in found, found


@pytest.mark.parametrize("text", [
    'Fewer reach full remission, and for many, the benefit fades within weeks unless they return for "booster" '
    "infusions.",
    "Prices ranged from $400 to $1,000 per infusion. Maintenance boosters add to the bill.",
])
def test_boosters_keep_the_effect_up_even_inside_a_condition(run_pipeline, text):
    """ "unless they return for booster infusions" still says what keeps the effect up (kg:statedByCondition);
    "If ketamine relieves your pain, call us" still says nothing of relief."""
    found = {(c.subject.rsplit("/", 1)[-1], c.predicate.rsplit("/", 1)[-1], (c.object or "").rsplit("/", 1)[-1])
             for c in claims_after_page(run_pipeline, text)}
    assert ("ketamine", "is-maintained-by", "booster-treatment") in found, found
    assert not claims_after_page(run_pipeline, "If ketamine relieves your pain, call us.")


def test_drug_or_alcohol_abuse_in_a_contraindication_list_is_a_substance_use_disorder(run_pipeline):
    """ "A history of drug or alcohol abuse" under "Who Should Not Receive Ketamine" rules the drug out for it."""
    found = {(c.subject.rsplit("/", 1)[-1], c.predicate.rsplit("/", 1)[-1], (c.object or "").rsplit("/", 1)[-1])
             for c in claims_after_page(run_pipeline, "Who Should Not Receive Ketamine\n\n- Active psychosis\n"
                                                      "- A history of drug or alcohol abuse\n- Pregnancy\n")}
    assert ("ketamine", "contraindicated-in", "substance-use-disorder") in found, found


def test_what_a_study_found_is_of_the_drug_just_named(run_pipeline):
    """ "A landmark study ... found significant reductions in CRPS pain with this type of outpatient protocol",
    after "Ketamine ... blocks the NMDA receptor", on a page about no one drug: ketamine relieves CRPS."""
    found = propositions(run_pipeline, "Ketamine, an anesthetic, blocks the NMDA receptor. Our CRPS protocol "
                                       "consists of four-hour infusions over five consecutive days. A landmark "
                                       "study by Schwartzman and colleagues found significant reductions in CRPS "
                                       "pain over 12 weeks with this type of outpatient protocol.")
    assert ("ketamine", "relieves", "complex-regional-pain-syndrome") in found, found


def test_a_cue_reads_past_an_aside_renaming_its_object(run_pipeline):
    """ "the FDA approved esketamine, a chemical cousin of ketamine sold ... as the nasal spray Spravato, for
    TRD": the aside holds verbs and a cue of its own, and the approval is still for TRD."""
    found = propositions(run_pipeline, "In 2019, the FDA approved esketamine, a chemical cousin of ketamine sold by "
                                       "Johnson & Johnson's Janssen unit as the nasal spray Spravato, for "
                                       "treatment-resistant depression.")
    assert {("esketamine", "approved-for", "treatment-resistant-depression"),
            ("esketamine", "derived-from", "ketamine")} <= found, found


def test_a_list_item_after_a_comma_is_no_aside(run_pipeline):
    """ "nausea, a temporary rise in blood pressure, and dizziness": the comma before "and" closes a list item."""
    found = propositions(run_pipeline, "Side effects of ketamine include nausea, a temporary rise in blood "
                                       "pressure, and dizziness.")
    assert {("ketamine", "has-side-effect", "nausea"), ("ketamine", "has-side-effect", "hypertension"),
            ("ketamine", "has-side-effect", "dizziness")} <= found, found


def test_more_likely_compares_and_does_not_hedge(run_pipeline):
    """ "Both make medication overuse headache more likely and carry a risk of dependence", after "opioids or
    butalbital": both drugs carry the risk, asserted; "far less likely to produce dependence" still hedges."""
    found, _ = claims_of(run_pipeline, "We do not prescribe opioids or butalbital for migraine. Both make "
                                       "medication overuse headache more likely and carry a risk of dependence.")
    risks = {t for t in found if t[1] == "has-risk-of"}
    assert risks == {("opioid", "has-risk-of", "substance-dependence", "affirmed", "asserted"),
                     ("butalbital", "has-risk-of", "substance-dependence", "affirmed", "asserted")}, found
    found, _ = claims_of(run_pipeline, "Ketamine is far less likely to produce the physical dependence seen with "
                                       "oxycodone.")
    assert ("ketamine", "causes", "substance-dependence", "affirmed", "hedged") in found, found


def test_a_participle_before_its_noun_is_no_predicate(run_pipeline):
    """ "Over the following hours and days, brain cells begin to rebuild the connections that chronic stress and
    depression wear down": "following" says when, not that ketamine causes stress; "non-habit-forming" still
    denies a risk."""
    found = propositions(run_pipeline, "Ketamine blocks NMDA receptors. Over the following hours and days, brain "
                                       "cells begin to rebuild the tiny connections (synapses) that chronic stress "
                                       "and depression wear down.")
    assert not {t for t in found if t[1] == "causes"}, found
    found, _ = claims_of(run_pipeline, "Buspirone is another non-habit-forming option.")
    assert ("buspirone", "has-risk-of", "addiction", "negated", "asserted") in found, found


def test_a_verb_hyphenated_to_a_particle_is_a_noun_and_no_cue(run_pipeline):
    """ "the benefit was often not sustained at follow-up": no "follows" (causes) claim, such as "ketamine does not
    cause chronic migraine"; nor in "those who relapse often respond again to a follow-up course"."""
    for text in ("Ketamine infusions are used for chronic migraine. In a retrospective analysis, patients' pain "
                 "intensity dropped substantially by the end of the infusion, although the benefit was often not "
                 "sustained at follow-up.",
                 "Ketamine helps treatment-resistant depression. Many patients who respond stay well for months or "
                 "longer, and those who relapse often respond again to a follow-up course."):
        assert not {t for t in propositions(run_pipeline, text) if t[1] == "causes"}, text


def test_the_subject_of_a_relative_clause_about_another_noun_is_no_object(run_pipeline):
    """ "ketamine appears to trigger rapid growth of new synaptic connections in areas of the brain that
    depression tends to shrink": depression shrinks the areas; ketamine does not trigger depression."""
    found = propositions(run_pipeline, "By blocking the NMDA glutamate receptor, ketamine appears to trigger rapid "
                                       "growth of new synaptic connections in areas of the brain that depression "
                                       "tends to shrink, such as the prefrontal cortex.")
    assert ("ketamine", "increases", "neuroplasticity") in found, found
    assert not {t for t in found if t[2] == "depression"}, found


def test_which_after_a_noun_it_does_not_agree_with_speaks_of_the_clause_before(run_pipeline):
    """ "it blocks NMDA receptors, which triggers a burst of glutamate": the blocking triggers it, so ketamine
    does (not the receptors, nor serotonin, set apart by "rather than"); "gabapentin and pregabalin, which
    bind ..." agrees with its two drugs."""
    found = propositions(run_pipeline, "Ketamine works differently. Rather than acting mainly on serotonin, it "
                                       "blocks NMDA receptors, which triggers a burst of glutamate activity and the "
                                       "growth of new synaptic connections.")
    assert {("ketamine", "increases", "glutamate"), ("ketamine", "increases", "neuroplasticity")} <= found, found
    assert not {t for t in found if t[0] in ("nmda-receptor", "serotonin")}, found
    found = propositions(run_pipeline, "First-line medications include gabapentin and pregabalin, which bind the "
                                       "alpha-2-delta subunit of voltage-gated calcium channels.")
    assert {("gabapentin", "binds", "alpha-2-delta-subunit"), ("pregabalin", "binds", "alpha-2-delta-subunit")} \
        <= found, found


def test_the_condition_after_a_population_cue_and_a_modifier_qualifies_the_claim(run_pipeline):
    """ "decreases in depression and anxiety in patients with life-threatening cancer": cancer is whom the
    claim is about, not what psilocybin relieves."""
    _, extraction = run_pipeline("In a trial, psilocybin produced large and lasting decreases in depression and "
                                 "anxiety in patients with life-threatening cancer.")
    relieved = {local(c.object): c for c in extraction.claims if c.predicate.endswith("/relieves")}
    assert set(relieved) == {"depression", "anxiety"}, extraction.claims
    assert all(_indications(c) == {"cancer"} for c in relieved.values()), extraction.claims


def test_a_dose_is_no_open_object(run_pipeline):
    """ "lower their doses of other pain medications": an amount of a treatment, nothing relieved."""
    found = propositions(run_pipeline, "Ketamine may allow some patients to lower their doses of other pain "
                                       "medications.")
    assert not {t for t in found if t[1] == "relieves"}, found


def test_pain_procedures_are_subjects_and_what_they_use_is_no_object(run_pipeline):
    """ "Facet joint injections ... to diagnose and treat arthritis-related back and neck pain": the procedure
    treats it, and "Trigger point injections for myofascial pain" is no drug's treatment; "radiofrequency
    ablation, which uses heat" treats no heat."""
    found = propositions(run_pipeline, "Opioids are a last resort.\n\n• Trigger point injections for myofascial "
                                       "pain\n• Facet joint injections to diagnose and treat arthritis-related back "
                                       "and neck pain\n• Radiofrequency ablation (RFA), which uses heat to "
                                       "interrupt pain signals from specific nerves\n")
    assert ("facet-joint-injection", "treats", "neck-pain") in found, found
    assert not {t for t in found if t[0] == "opioid" and t[1] == "treats"}, found
    assert not {t for t in found if t[0] == "radiofrequency-ablation" and t[1] == "treats"}, found


def test_an_auxiliary_be_links_nothing(run_pipeline):
    """ "Tell us if you are pregnant, plan to become pregnant or are breastfeeding, or if you have high blood
    pressure": the "are" of "are breastfeeding" makes pregnancy no kind of hypertension."""
    found = propositions(run_pipeline, "Tell us if you are pregnant, plan to become pregnant or are breastfeeding, "
                                       "or if you have high blood pressure.")
    assert not {t for t in found if t[1] == "is-a"}, found


def test_neuroactive_steroids_are_no_corticosteroids(run_pipeline):
    """ "Brexanolone and zuranolone are neuroactive steroids": a class of their own."""
    found = propositions(run_pipeline, "Brexanolone and zuranolone are neuroactive steroids.")
    assert {("brexanolone", "is-a", "neuroactive-steroid"), ("zuranolone", "is-a", "neuroactive-steroid")} == \
        {t for t in found if t[1] == "is-a"}, found


@pytest.mark.parametrize("text", [
    "Triptans have been a cornerstone of migraine treatment since the early 1990s.",
    "Many patients have not responded to antidepressants. That describes roughly one in three adults with major "
    "depression.",
    "Ketamine is safe. Repeated maintenance dosing for years is something we simply have limited data on.",
])
def test_no_side_effect_from_an_auxiliary_a_feeling_of_no_one_or_data(run_pipeline, text):
    """ "have been" is an auxiliary, "That describes" is felt by no one, and "limited data" is no side effect."""
    assert not {t for t in propositions(run_pipeline, text) if t[1] == "has-side-effect"}, text


def test_how_long_a_drug_is_used_is_no_lasting_effect(run_pipeline):
    """ "increased pain sensitivity caused by long-term opioid use": the use is long, nothing lasts; "long-term
    relief" still does."""
    found = propositions(run_pipeline, "Reduce opioid-induced hyperalgesia (increased pain sensitivity caused by "
                                       "long-term opioid use).")
    assert not {t for t in found if t[1] == "lasts"}, found
    assert ("ketamine", "lasts", "long-lasting") in propositions(run_pipeline, "Ketamine offers long-term relief.")


def test_a_drug_named_inside_a_condition_is_not_what_the_page_is_about(run_pipeline):
    """A page about opioid use disorder names "opioid" in every mention of it, yet is not about opioids: "We
    treat opioid use disorder" says no opioid treats it."""
    text = ("We treat opioid use disorder. Opioid use disorder is common. Opioid use disorder is treatable. Opioid "
            "use disorder kills. Many live with opioid use disorder. Opioid use disorder is a disease.")
    assert not {t for t in propositions(run_pipeline, text) if t[0] == "opioid"}, text


def test_the_page_s_drug_does_not_treat_its_own_use_disorder(run_pipeline):
    """On a page whose most-named drug is opioids, "we treat opioid use disorder" says no opioid treats it: the
    page speaks for a clinic, and the drug in the condition's name is what is misused."""
    text = ("Prescription opioids are risky. Opioids kill. Opioids are everywhere. Opioids are bad. Opioids hurt. "
            "At our clinic we treat opioid use disorder with care.")
    assert not {t for t in propositions(run_pipeline, text) if t[1] == "treats"}, text


@pytest.mark.parametrize(("text", "expected"), [
    # the infusion a price is quoted for is the page's drug, given for what follows it
    ("The chain charges $495 per infusion for depression and post-traumatic stress disorder.",
     {("costs", None), ("treats", "depression"), ("treats", "posttraumatic-stress-disorder")}),
    # a session of something else named by its modifier is not the page's drug
    ("Insurers pay $300 per vitamin infusion for depression.", set()),
])
def test_an_infusion_priced_for_a_condition_is_the_page_drug_given_for_it(run_pipeline, text, expected):
    claims = claims_after_page(run_pipeline, text)
    found = {(local(c.predicate), local(c.object) if c.object else None) for c in claims
             if local(c.subject) == "ketamine"}
    assert found == expected, found


def test_a_fronted_phrase_ends_before_the_main_verb_not_at_a_later_comma(run_pipeline):
    """ "For decades it has been used in operating rooms, emergency departments, ...": the comma after "rooms"
    is a list's, not the end of "For decades"; "Unlike opioids, ketamine ..." still ends at its comma."""
    found, _ = claims_of(run_pipeline, "Ketamine was approved in 1970. For decades it has been used in operating "
                                       "rooms, emergency departments, and on the battlefield.")
    assert ("ketamine", "used-for", "emergency-department") in {t[:3] for t in found}, found
    found, _ = claims_of(run_pipeline, "Unlike opioids, ketamine does not cause dependence.")
    assert {t[:4] for t in found if t[0] == "opioid"} == {("opioid", "causes", "substance-dependence", "affirmed")}, \
        found


@pytest.mark.parametrize(("text", "study_setting"), [
    # the studies' names inside the phrase do not break it
    ("Each depression infusion delivers 0.5 mg/kg of ketamine over 40 minutes, the same protocol used in the Yale "
     "and NIMH studies that put ketamine on the map.", True),
    ("Our depression protocol uses 1.0 mg/kg of ketamine infused over about 40 minutes, the dose used in the "
     "original landmark depression studies.", True),
    ("Dosing: usually starting at 0.5 mg/kg infused over 40 minutes, adjusted based on your response.", False),
])
def test_a_dose_ascribed_to_the_studies_is_scoped_to_them(run_pipeline, text, study_setting):
    """A dose the page gives as the one the studies used carries the study setting (a use context), so it
    compares with other pages' figures for the studies; a clinic's own dose does not."""
    doses = [c for c in claims_after_page(run_pipeline, text) if local(c.predicate) == "is-dosed-at"]
    assert len(doses) == 1, doses
    assert ("study-setting" in {local(p) for p in doses[0].populations}) is study_setting, doses[0]


@pytest.mark.parametrize(("text", "contrasted"), [
    ("Ketamine is non-addictive, and unlike opioids it does not cause physical dependence or withdrawal.",
     {("opioid", "causes", "substance-dependence", "affirmed"), ("opioid", "causes", "withdrawal", "affirmed")}),
    ("Spravato is a nasal spray for treatment-resistant depression, and unlike IV ketamine it is often covered by "
     "insurance.", {("ketamine", "covered-by-insurance", "health-insurance", "negated")}),
    # no drug to say it of
    ("Unlike most medical treatments, ketamine therapy has no single standard protocol.", set()),
    # both relieve pain, as treatments compared (kg:contrastBasis): no denial of opioids
    ("Unlike opioids, ketamine relieves pain.", set()),
    # a contrast after the clause
    ("Ketamine does not cause physical dependence, unlike opioids.",
     {("opioid", "causes", "substance-dependence", "affirmed")}),
])
def test_what_a_claim_denies_of_the_drug_it_is_contrasted_with(run_pipeline, text, contrasted):
    """ "Unlike X, Y does not ..." says X does; "unlike X, Y is ..." says X is not. Nothing else is said of
    another subject, and the flipped claim is anchored on the contrast."""
    found, extraction = claims_of(run_pipeline, text)
    stated = {t[:4] for t in found}
    assert contrasted <= stated, found
    assert {t for t in stated if t[0] not in ("ketamine", "esketamine")} <= contrasted, found
    for claim in extraction.claims:  # the contrasted drug's claim is anchored on the contrast too
        if local(claim.subject) in {t[0] for t in contrasted}:
            assert "unlike" in extraction.document.text[claim.start:claim.end].lower(), claim


@pytest.mark.parametrize("text", [
    "Your heart rate may speed up during the infusion of ketamine.",
    "Ketamine may slow processing speed for a few hours.",
])
def test_speed_that_is_not_the_drug_s_is_no_onset(run_pipeline, text):
    """A drug's speed is its rapid onset; a verb "speed up", or the speed of something else, is not."""
    found, _ = claims_of(run_pipeline, text)
    assert not [t for t in found if t[1] == "has-onset"], found


@pytest.mark.parametrize(("text", "polarity"), [
    ("Ketamine does not cause physical dependence, unlike opioids.", "affirmed"),
    ("Ketamine is not addictive, unlike opioids.", "affirmed"),
    ("Unlike opioids, ketamine does not cause physical dependence.", "affirmed"),
    ("Ketamine is not unlike opioids.", "negated"),  # "not unlike": alike
])
def test_a_contrast_after_a_denied_clause_is_not_denied(run_pipeline, text, polarity):
    """ "Ketamine does not cause dependence, unlike opioids": the clause's "not" denies its verb, not the contrast,
    which still says the two drugs differ; "not unlike" denies the contrast itself."""
    found, _ = claims_of(run_pipeline, text)
    assert [t[3] for t in found if t[1] == "differs-from"] == [polarity], found


@pytest.mark.parametrize(("text", "expected"), [
    # the condition that got better is what the drug treats
    ("After one infusion, their depression improved within hours.", {("ketamine", "treats", "depression")}),
    ("Her pain eased after the second infusion.", {("ketamine", "relieves", "pain")}),
    # "their symptoms" are those of the patients the sentence names
    ("In the first study of ketamine, seven patients with major depression received a single dose, and their "
     "symptoms improved significantly.", {("ketamine", "treats", "major-depressive-disorder")}),
    # no treatment made it better
    ("Depression can improve on its own.", set()),
    ("Her depression improved after she started exercising.", set()),
    ("Pain often improves with physical therapy.", set()),
    ("Pain improves over time as the injury heals.", set()),
    ("Their symptoms improved.", set()),
])
def test_a_condition_that_got_better_is_treated_by_what_was_given(run_pipeline, text, expected):
    found = {(local(c.subject), local(c.predicate), local(c.object)) for c in claims_after_page(run_pipeline, text)
             if local(c.predicate) in ("treats", "relieves")}
    assert found == expected, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Millions of Americans are addicted to opioids.", {("opioid", "causes", "addiction", False)}),
    ("Patients can become dependent on benzodiazepines within weeks.",
     {("benzodiazepine", "causes", "substance-dependence", False)}),
    # whatever the sentence's subject, the drug depended on is the claim's
    ("The brain becomes dependent on the drug to feel normal.",
     {("ketamine", "causes", "substance-dependence", False)}),
    ("Patients are not dependent on it.", {("ketamine", "causes", "substance-dependence", True)}),
    ("Recovery depends on support.", set()),
])
def test_what_people_depend_on_causes_their_dependence(run_pipeline, text, expected):
    found = {(local(c.subject), local(c.predicate), local(c.object), c.negated)
             for c in claims_after_page(run_pipeline, text) if local(c.predicate) == "causes"}
    assert found == expected, found


@pytest.mark.parametrize(("text", "expected"), [
    # the drug advised against is not recommended for what follows
    ("The guideline recommends against benzodiazepines for PTSD.",
     {("benzodiazepine", "recommended-for", "posttraumatic-stress-disorder", True)}),
    # a use the sentence opens with is the object of a treatment cue that names none
    ("For severe or long-standing CRPS, ketamine infusions are an option.",
     {("ketamine", "treats", "complex-regional-pain-syndrome", False)}),
    ("For many patients, ketamine is an option.", set()),
    # veterans are people who get what a drug gives
    ("Many veterans are prescribed benzodiazepines for anxiety.",
     {("benzodiazepine", "recommended-for", "anxiety", False)}),
])
def test_recommendations_and_fronted_uses(run_pipeline, text, expected):
    found = {(local(c.subject), local(c.predicate), local(c.object), c.negated)
             for c in claims_after_page(run_pipeline, text) if local(c.predicate) in ("treats", "recommended-for")}
    assert found == expected, found


@pytest.mark.parametrize(("text", "predicate"), [
    # the small model hangs "fade" on "infusion": the benefits fade, and how long they last is the drug's
    ("Benefits from a single infusion typically fade within one to two weeks.", "lasts"),
    # the effects of an infusion last weeks; the infusion does not
    ("The effects of one infusion usually last one to two weeks.", "lasts"),
    ("Infusions typically last 45 to 60 minutes.", "has-session-length"),
])
def test_what_lasts_is_the_verb_s_subject(run_pipeline, text, predicate):
    found = {local(c.predicate) for c in claims_after_page(run_pipeline, text)
             if local(c.predicate) in ("lasts", "has-session-length")}
    assert found == {predicate}, found


def test_what_helps_something_do_it_does_it(run_pipeline):
    found = propositions(run_pipeline, "Ketamine appears to help the brain form new connections.")
    assert ("ketamine", "increases", "neuroplasticity") in found, found


@pytest.mark.parametrize(("text", "expected"), [
    # approved as a class of drug is approved for what that class is used for
    ("Ketamine was approved by the FDA as an anesthetic in 1970.", {("approved-for", "anesthesia", False)}),
    # an answer opening the sentence denies the question, not the sentence
    ("Is ketamine FDA-approved for CRPS?\n\nNo. Ketamine was approved by the FDA in 1970 as an anesthetic.",
     {("approved-for", "anesthesia", False)}),
    # what use of a drug is linked to is a risk of it; a deficiency of a substance is not the drug taken
    ("Heavy recreational ketamine use has been linked to bladder damage.",
     {("has-risk-of", "bladder-dysfunction", False)}),
    ("Magnesium deficiency is linked to migraine.", set()),
])
def test_approvals_as_a_class_and_risks_linked_to_use(run_pipeline, text, expected):
    found = {(local(c.predicate), local(c.object), c.negated) for c in claims_after_page(run_pipeline, text)
             if local(c.predicate) in ("approved-for", "has-risk-of")}
    assert found == expected, found


@pytest.mark.parametrize(("text", "expected"), [
    # little evidence that something works denies it
    ("There is little evidence that ketamine works for fibromyalgia.", {("treats", "fibromyalgia", True)}),
    # avoided in a group is contraindicated in it
    ("Ketamine should be avoided in people with schizophrenia.", {("contraindicated-in", "schizophrenia", False)}),
    ("Ketamine should not be given to people with uncontrolled high blood pressure.",
     {("contraindicated-in", "hypertension", False)}),
    # losing effectiveness over time is not lasting
    ("Ketamine loses its effectiveness over time.", {("lasts", "long-lasting", True)}),
])
def test_evidence_denied_avoidance_and_lost_effectiveness(run_pipeline, text, expected):
    found = {(local(c.predicate), local(c.object), c.negated) for c in claims_after_page(run_pipeline, text)
             if local(c.predicate) in ("treats", "contraindicated-in", "lasts")}
    assert found == expected, found


def test_a_drug_before_a_verb_with_an_open_object_is_no_claim_of_it(run_pipeline):
    """ "ketamine has a safety record" names no side effect: a term right before a cue keeps open objects off."""
    found = {t for t in claims_after_page(run_pipeline, "Ketamine has a safety record spanning 50 years.")
             if local(t.predicate) == "has-side-effect"}
    assert not found, found


def test_what_a_condition_develops_after_causes_it(run_pipeline):
    found = propositions(run_pipeline, "CRPS usually develops after a fracture or surgery.")
    assert {("bone-fracture", "causes", "complex-regional-pain-syndrome"),
            ("surgery", "causes", "complex-regional-pain-syndrome")} <= found, found
    assert not {t for t in found if t[0] == "complex-regional-pain-syndrome" and t[1] == "causes"}, found


def test_a_treatment_being_studied_is_hedged(run_pipeline):
    found, _ = claims_of(run_pipeline, "Ketamine is being studied as a treatment for bipolar depression.")
    assert ("ketamine", "treats", "bipolar-depression", "affirmed", "hedged") in found, found


@pytest.mark.parametrize("text", [
    "The long-term effects of ketamine are not known.",
    "Little is known about the long-term effects of repeated infusions.",
])
def test_unknown_long_term_effects_deny_long_term_evidence(run_pipeline, text):
    found = {(local(c.predicate), local(c.object), c.negated) for c in claims_after_page(run_pipeline, text)}
    assert ("is-supported-by", "long-term-evidence", True) in found, found


@pytest.mark.parametrize(("text", "onset"), [
    ("Ketamine reduces suicidal thoughts rapidly.", True),
    # the speed of clearing the body, then of being cleared to drive, is no onset of an effect
    ("- Side effects are mild and are usually gone within 15 to 20 minutes after the drip stops.\n"
     "- Because ketamine clears your system so quickly, most patients are cleared to drive themselves home after a "
     "30-minute recovery period.", False),
])
def test_speed_is_an_onset_only_of_an_effect_on_a_condition(run_pipeline, text, onset):
    found = {local(c.predicate) for c in claims_after_page(run_pipeline, text)}
    assert ("has-onset" in found) == onset, found


@pytest.mark.parametrize(("text", "expected"), [
    # a negation inside a relative clause on the subject denies nothing of the main verb
    ("Patients with CRPS who have tried physical therapy and nerve blocks without success may benefit from "
     "ketamine.", {("ketamine", "treats", False)}),
    # what people reduce of their own medications is no drug doing anything
    ("Many patients are able to reduce or stop their opioid medications.", set()),
    # verbs joined right after the cue share its object
    ("Ketamine can reduce or even eliminate pain.", {("ketamine", "relieves", False)}),
])
def test_relative_clauses_own_negations_and_coordinated_verbs_share_objects(run_pipeline, text, expected):
    found = {(local(c.subject), local(c.predicate), c.negated) for c in claims_after_page(run_pipeline, text)
             if local(c.predicate) in ("treats", "relieves")}
    assert found == expected, found


def test_the_need_for_opioid_painkillers_is_opioid_use(run_pipeline):
    found = propositions(run_pipeline, "Ketamine may reduce the need for opioid painkillers.")
    assert ("ketamine", "reduces", "opioid-use") in found, found


@pytest.mark.parametrize(("text", "subject"), [
    ("More than 48,000 Americans died by suicide in 2021.", "suicide"),
    ("Suicide claimed the lives of more than 48,000 Americans in 2021.", "suicide"),
    ("Opioid overdoses killed more than 80,000 people in 2021.", "opioid-overdose"),
])
def test_death_tolls_in_other_words(run_pipeline, text, subject):
    found = {(local(c.subject), local(c.predicate)) for c in claims_of(run_pipeline, text)[1].claims}
    assert (subject, "has-death-toll") in found, found


DEPRESSION_PAGE = ("Ketamine Infusions for Depression\n\nKetamine infusion therapy is a treatment for depression. "
                   "Ketamine relieves depression quickly. Depression is common. Depression can be severe. "
                   "Many people with depression suffer for years.")


@pytest.mark.parametrize(("text", "expected"), [
    # people helped, and nothing said of them: on a page plainly about one condition, of it
    ("Ketamine helps about 70 percent of patients.", {("treats", "depression")}),
    ("Ketamine is effective for most patients.", {("treats", "depression")}),
    # people described by what they seek, or named by another condition, are not the page's patients
    ("Ketamine is a preferred option for patients seeking quick relief.", set()),
    ("Ketamine helps patients with PTSD.", {("treats", "posttraumatic-stress-disorder")}),
])
def test_people_helped_on_a_page_about_one_condition(run_pipeline, text, expected):
    found = {(local(c.predicate), local(c.object)) for c in claims_after_page(run_pipeline, text, DEPRESSION_PAGE)
             if local(c.predicate) in ("treats", "recommended-for")}
    assert found == expected, found


@pytest.mark.parametrize(("text", "expected"), [
    ("Prior authorization is usually required for Spravato.", ("esketamine", "covered-after", "prior-authorization")),
    ("Spravato is administered in a certified doctor's office.", ("esketamine", "requires", "in-clinic-dosing")),
])
def test_spravato_access_in_other_words(run_pipeline, text, expected):
    assert expected in propositions(run_pipeline, text)


def test_a_booster_infusion_does_nothing_of_its_own(run_pipeline):
    """A procedure a cue carries as its object (boosters keep an effect up) is never a claim's subject."""
    claims = claims_after_page(run_pipeline, "Most patients come back for a booster infusion every two to three "
                                             "months, depending on how long the relief lasts.")
    found = {(local(c.subject), local(c.predicate), local(c.object)) for c in claims}
    assert ("ketamine", "is-maintained-by", "booster-treatment") in found, found
    assert not {t for t in found if t[0] == "booster-treatment"}, found


def test_a_drug_named_in_a_condition_is_no_subject_of_a_cue_holding_its_own_subject(run_pipeline):
    found = propositions(run_pipeline, "At our clinic, we treat opioid use disorder (OUD) the same way a good doctor "
                                       "treats diabetes or high blood pressure.")
    assert not {t for t in found if t[0] == "opioid"}, found
