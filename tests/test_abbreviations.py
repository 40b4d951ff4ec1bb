"""Abbreviation definitions (Schwartz & Hearst) on hand-written text."""

from __future__ import annotations

import pytest

from kgraph.pipeline.abbreviations import best_long_form, find_abbreviation_pairs, is_short_form


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("posttraumatic stress disorder (PTSD)", [("PTSD", "posttraumatic stress disorder")]),
        ("such as chronic regional pain syndrome (CRPS).", [("CRPS", "chronic regional pain syndrome")]),
        ("blocking the N-methyl-D-aspartate (NMDA) receptor", [("NMDA", "N-methyl-D-aspartate")]),
        ("treats PTSD (posttraumatic stress disorder) too", [("PTSD", "posttraumatic stress disorder")]),
        ("We saw it (Zheng et al., 2019) and (2019).", []),
        ("(One of the reasons why opioids are dangerous.)", []),
        ("restless legs syndrome (RLS) is common", [("RLS", "restless legs syndrome")]),
        ("selective serotonin reuptake inhibitors (SSRIs) help", [("SSRIs", "selective serotonin reuptake inhibitors")]),
        # word initials first: letter matching alone would stop at "and Gynecologists"
        ("The American College of Obstetricians and Gynecologists (ACOG) recommends it",
         [("ACOG", "American College of Obstetricians and Gynecologists")]),
        ("serotonin-norepinephrine reuptake inhibitors (SNRIs)",
         [("SNRIs", "serotonin-norepinephrine reuptake inhibitors")]),
        ("the National Institute on Drug Abuse (NIDA)", [("NIDA", "National Institute on Drug Abuse")]),
        # short form first, a one-word long form: a hyphenated compound whose parts spell it
        ("Ketamine blocks NMDA (N-methyl-D-aspartate) receptors", [("NMDA", "N-methyl-D-aspartate")]),
        ("COVID (COVID-19) and IL (IL-6) levels", []),
        ("TMS (non-invasive) sessions", []),
    ],
)
def test_pairs(text, expected):
    assert [(p.short, p.long) for p in find_abbreviation_pairs(text)] == expected


def test_offsets_point_at_the_forms():
    text = "Ketamine helps complex regional pain syndrome (CRPS) patients."
    (pair,) = find_abbreviation_pairs(text)
    assert text[pair.long_start : pair.long_end] == pair.long
    assert text[pair.short_start : pair.short_end] == "CRPS"


@pytest.mark.parametrize(("word", "ok"), [("PTSD", True), ("NMDA", True), ("2019", False), ("Hello", False),
                                         ("a", False), ("SSRIs", True)])
def test_short_form_shape(word, ok):
    assert is_short_form(word) is ok


def test_no_long_form_when_letters_do_not_match():
    assert best_long_form("XYZ", "the quick brown fox") is None


def test_a_plural_expansion_of_a_standard_name_is_standard():
    from kgraph.vocabulary import load_vocabulary

    vocabulary = load_vocabulary()
    concept = vocabulary.lookup_label("serotonin-norepinephrine reuptake inhibitor")
    assert concept is not None
    assert concept.is_standard_expansion("serotonin-norepinephrine reuptake inhibitors", "SNRIs")
    assert concept.is_standard_expansion("serotonin-norepinephrine reuptake inhibitor", "SNRI")
    assert not concept.is_standard_expansion("serotonin reuptake blockers", "SNRIs")


def test_both_names_of_the_nmda_agonist_are_standard_and_a_made_up_one_is_not():
    from kgraph.vocabulary import load_vocabulary

    concept = load_vocabulary().lookup_label("NMDA receptor")
    assert concept.is_standard_expansion("N-methyl-D-aspartate", "NMDA")
    assert concept.is_standard_expansion("N-methyl-D-aspartic acid", "NMDA")
    assert not concept.is_standard_expansion("N-methyl-D-amino acid", "NMDA")
