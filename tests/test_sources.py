"""SOURCE rules: citations, reference entries, journals, organizations, people, publisher."""

from __future__ import annotations

import pytest

from kgraph.pipeline.sources import find_citations, find_publisher, find_reference_entries, load_source_rules
from kgraph.vocabulary import load_vocabulary


@pytest.fixture(scope="module")
def rules():
    return load_source_rules()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("relief (Zheng et al., 2019). More", ["Zheng et al., 2019"]),
        ("repair (Duman & Aghajanian, 2012).", ["Duman & Aghajanian, 2012"]),
        ("two (Smith, 2001; Jones and Lee, 2003)", ["Smith, 2001", "Jones and Lee, 2003"]),
        ("as Zheng et al. (2019) showed", ["Zheng et al. (2019)"]),
        ("call (505) 639-4973 now (see below)", []),
        ("in (2019) alone", []),
    ],
)
def test_citations(rules, text, expected):
    assert [text[h.start : h.end] for h in find_citations(text, rules)] == expected


def test_citation_and_reference_entry_share_a_concept(rules):
    text = ("Relief was fast (Mion & Villela, 2003).\nReferences:\n"
            "Mion, G., & Villela, J. L. (2003). Ketamine: An update on its pharmacology. The Lancet, 362(9392), 395-402.\n")
    citations = find_citations(text, rules)
    entries = find_reference_entries(text, rules, load_vocabulary())
    authors = [h for h in entries if h.kind == "ReferenceEntry"]
    venues = [h for h in entries if h.kind == "Journal"]
    assert [text[h.start : h.end] for h in authors] == ["Mion, G., & Villela, J. L."]
    assert [text[h.start : h.end] for h in venues] == ["The Lancet"]
    assert citations[0].concept == authors[0].concept


def test_vancouver_reference_entry(rules):
    text = "Smith J, Brown K, et al. Ketamine for pain. Pain Med. 2019;20(1):161-9.\n"
    hits = find_reference_entries(text, rules, load_vocabulary())
    assert [text[h.start : h.end] for h in hits if h.kind == "ReferenceEntry"] == ["Smith J, Brown K, et al"]


def test_publisher_needs_word_boundaries():
    text = "About Pain Relief Clinic\nPain Relief Clinic is here. Pain Relief ClinicKetamine"
    hits = find_publisher(text, "Pain Relief Clinic", load_vocabulary(), load_source_rules())
    assert len(hits) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A study published in Pain Medicine found that it works.", ["Pain Medicine"]),
        ("A review in The Journal of Neuroscience found that it works.", ["The Journal of Neuroscience"]),
        ("Research published in Anesthesia and Analgesia demonstrated it.", ["Anesthesia and Analgesia"]),
        ("A study in mice found nothing.", []),
        ("A study published in 2019 found nothing.", []),
    ],
)
def test_journals_by_context(run_pipeline, text, expected):
    doc, extraction = run_pipeline(text)
    found = [m.text for m in extraction.mentions if m.entity_type == "SOURCE"]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Here at Institute for Advanced Psychiatry, we treat pain.", ["Institute for Advanced Psychiatry"]),
        ("According to the National Institute on Drug Abuse, many misuse opioids.",
         ["National Institute on Drug Abuse"]),
        ("Why Choose Ketamine Therapy at Our Clinic?", []),
        ("In 2014, Thomas Insel, former Director of the National Institute of Mental Health, stated it.",
         ["Thomas Insel", "National Institute of Mental Health"]),
        ("Dr. Diana Ghelber and our team offer infusions.", ["Dr. Diana Ghelber"]),
    ],
)
def test_organizations_and_people(run_pipeline, text, expected):
    doc, extraction = run_pipeline(text)
    found = [m.text for m in extraction.mentions if m.entity_type == "SOURCE"]
    assert found == expected


def test_titled_surname_links_to_the_full_name(run_pipeline):
    text = "Dr. Robert Hale, MD, leads our team. Book a visit with Dr. Hale today. Dr. Ames agrees."
    _, ex = run_pipeline(text)
    people = [(m.text, m.concept) for m in ex.mentions if m.entity_type == "SOURCE"]
    assert [p[0] for p in people] == ["Dr. Robert Hale", "Dr. Hale", "Dr. Ames"]
    assert people[0][1] == people[1][1] != people[2][1]


def test_uncredited_capitalized_pairs_are_not_people(run_pipeline):
    _, ex = run_pipeline("Spinal Cord Stimulation. When medications fail, we try it.\nTMS Therapy for OCD")
    assert [m.text for m in ex.mentions if m.entity_type == "SOURCE"] == []


def test_abbreviation_of_a_source_name_follows_the_definition(run_pipeline):
    _, ex = run_pipeline("The American Headache Society (AHS) now supports it. The AHS says so.")
    sources = [(m.text, m.concept) for m in ex.mentions if m.entity_type == "SOURCE"]
    assert [s[0] for s in sources] == ["American Headache Society", "AHS", "AHS"]
    assert len({s[1] for s in sources}) == 1


def test_short_name_stops_at_a_possessive(run_pipeline):
    text = "Getting help at Willow Springs is easy."
    _, ex = run_pipeline(text, publisher="Willow Springs Women's Mental Health")
    assert [m.text for m in ex.mentions if m.entity_type == "SOURCE"] == ["Willow Springs"]


def test_surname_alone_refers_to_the_person_named_in_full(run_pipeline):
    text = ('"It works," said Dr. Maria Okafor, who directs the clinic. Okafor said the trial was small. '
            "Pike agreed.")
    _, ex = run_pipeline(text)
    people = [(m.text, m.concept) for m in ex.mentions if m.entity_type == "SOURCE"]
    assert [p[0] for p in people] == ["Dr. Maria Okafor", "Okafor"]
    assert people[0][1] == people[1][1]


def test_single_word_brand_is_the_short_name(run_pipeline):
    _, ex = run_pipeline("BrightPath psychiatrists see you online.", publisher="BrightPath Telepsychiatry")
    assert [m.text for m in ex.mentions if m.entity_type == "SOURCE"] == ["BrightPath"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Several studies were funded by the DoD.", ["DoD"]),
    ("The VA now offers it. Visit 12 Oak St, Richmond, VA 23219.", ["VA"]),
])
def test_abbreviated_agencies(run_pipeline, text, expected):
    from kgraph.corpus.furniture import find_furniture

    _, ex = run_pipeline(text, excluded=[(f.start, f.end) for f in find_furniture(text)])
    assert [m.text for m in ex.mentions if m.entity_type == "SOURCE"] == expected
