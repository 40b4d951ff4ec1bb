"""Reference lists and in-text citations: entry shapes, citation shapes, offsets, linking."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLE_CORPUS
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.errors import KGraphError
from kgraph.pipeline.references import (
    PATTERN_FILE,
    InTextCitation,
    ReferenceEntry,
    entry_fields_differ,
    find_described_works,
    find_in_text_citations,
    find_reference_entries,
    link_citations,
    title_names,
    load_reference_rules,
)
from kgraph.pipeline.sources import citation_key

FIELDS = ("authors", "et_al", "year", "title", "venue", "volume", "issue", "pages", "doi", "url")


def _fields(entry: ReferenceEntry) -> dict:
    return {name: getattr(entry, name) for name in FIELDS}


def _entry(authors, et_al=False, year=None, title=None, venue=None, volume=None, issue=None, pages=None,
           doi=None, url=None) -> dict:
    return dict(zip(FIELDS, (authors, et_al, year, title, venue, volume, issue, pages, doi, url)))


ENTRY_CASES = {
    "apa-et-al": (
        ("Zheng, L., et al. (2019). The efficacy of low-dose ketamine infusion in patients with fibromyalgia: "
         "A randomized controlled trial. Pain Medicine, 20(1), 161-169."),
        _entry(("Zheng",), True, "2019", "The efficacy of low-dose ketamine infusion in patients with fibromyalgia: "
               "A randomized controlled trial", "Pain Medicine", "20", "1", "161-169"),
    ),
    "apa-two-authors": (
        ("Duman, R. S., & Aghajanian, G. K. (2012). Synaptic plasticity and depression: New insights from stress and "
         "rapid-acting antidepressants. Nature Medicine, 18(9), 1386-1398."),
        _entry(("Duman", "Aghajanian"), False, "2012", "Synaptic plasticity and depression: New insights from stress "
               "and rapid-acting antidepressants", "Nature Medicine", "18", "9", "1386-1398"),
    ),
    "apa-three-authors": (
        "Smith, J., Jones, A. B., & Lee, C. (2020). Ketamine in practice. Journal of Pain, 21(3), 1-9.",
        _entry(("Smith", "Jones", "Lee"), False, "2020", "Ketamine in practice", "Journal of Pain", "21", "3", "1-9"),
    ),
    "apa-doi-url": (
        "Zheng, L. (2019). Ketamine and pain. Pain Medicine, 20(1), 161-169. https://doi.org/10.1093/pm/pny001",
        _entry(("Zheng",), False, "2019", "Ketamine and pain", "Pain Medicine", "20", "1", "161-169",
               "10.1093/pm/pny001", "https://doi.org/10.1093/pm/pny001"),
    ),
    "apa-doi-prefix": (
        "Zheng, L. (2019). Ketamine and pain. Pain Medicine, 20(1), 161-169. doi:10.1093/pm/pny001",
        _entry(("Zheng",), False, "2019", "Ketamine and pain", "Pain Medicine", "20", "1", "161-169",
               "10.1093/pm/pny001"),
    ),
    "apa-url-retrieved": (
        "Smith, J. (2020, March 5). Ketamine clinics explained. Retrieved from https://www.example.org/ketamine.",
        _entry(("Smith",), False, "2020", "Ketamine clinics explained", url="https://www.example.org/ketamine"),
    ),
    "apa-en-dash": (
        "Hernandez, G. (2018). Opioid use. The Clinical Journal of Pain, 34(7), 654–660.",
        _entry(("Hernandez",), False, "2018", "Opioid use", "The Clinical Journal of Pain", "34", "7", "654–660"),
    ),
    "apa-no-volume": (
        "Smith, J. (2020). Ketamine and pain. Journal of Pain Research, 161–169.",
        _entry(("Smith",), False, "2020", "Ketamine and pain", "Journal of Pain Research", pages="161–169"),
    ),
    "apa-volume-no-issue": (
        "van der Berg, A., & De Vries, B. (2018). Dosing. Pain, 5, 1-2.",
        _entry(("van der Berg", "De Vries"), False, "2018", "Dosing", "Pain", "5", None, "1-2"),
    ),
    "apa-year-suffix": (
        "Smith, J. (2019a). Ketamine. Pain, 5(2), 1-2.",
        _entry(("Smith",), False, "2019a", "Ketamine", "Pain", "5", "2", "1-2"),
    ),
    "apa-undated": (
        "Smith, J. (n.d.). Ketamine. Pain Clinic Press.",
        _entry(("Smith",), False, None, "Ketamine", "Pain Clinic Press"),
    ),
    "organisation": (
        "World Health Organization. (2021). Mental health atlas 2020. WHO Press.",
        _entry(("World Health Organization",), False, "2021", "Mental health atlas 2020", "WHO Press"),
    ),
    "typographic": (
        "O’Brien, K., & Müller, J.-P. (2020). “Ketamine’s role in pain.” Pain Medicine, 21(2), 10—20.",
        _entry(("O’Brien", "Müller"), False, "2020", "Ketamine’s role in pain", "Pain Medicine", "21", "2", "10—20"),
    ),
    "question-title": (
        "Lee, C. (2017). Does ketamine work? The Lancet, 362(9392), 395-402.",
        _entry(("Lee",), False, "2017", "Does ketamine work?", "The Lancet", "362", "9392", "395-402"),
    ),
    "vancouver": (
        "Zheng L, Smith J, Brown K, et al. Title of the article. Pain Med. 2019;20(1):161-9. doi:10.1093/pm/pny001",
        _entry(("Zheng", "Smith", "Brown"), True, "2019", "Title of the article", "Pain Med", "20", "1", "161-9",
               "10.1093/pm/pny001"),
    ),
    "vancouver-month": (
        "Zheng L, Smith JA. Title of the article. Pain Med. 2019 Jan;20:161-9.",
        _entry(("Zheng", "Smith"), False, "2019", "Title of the article", "Pain Med", "20", None, "161-9"),
    ),
    "vancouver-name-suffix": (
        "2. Zarate CA Jr, Singh JB, Carlson PJ, et al. A randomized trial. Arch Gen Psychiatry. 2006;63(8):856-64.",
        _entry(("Zarate", "Singh", "Carlson"), True, "2006", "A randomized trial", "Arch Gen Psychiatry", "63", "8",
               "856-64"),
    ),
    "numbered-dot": (
        "1. Zheng L, Smith J. Title of the article. Pain Med. 2019;20(1):161-9.",
        _entry(("Zheng", "Smith"), False, "2019", "Title of the article", "Pain Med", "20", "1", "161-9"),
    ),
    "numbered-bracket": (
        "[2] Duman, R. S., & Aghajanian, G. K. (2012). Synaptic plasticity. Nature Medicine, 18(9), 1386-1398.",
        _entry(("Duman", "Aghajanian"), False, "2012", "Synaptic plasticity", "Nature Medicine", "18", "9",
               "1386-1398"),
    ),
    "harvard": (
        "Zheng, L. et al. 2019. Title. Pain Medicine 20(1): 161-169.",
        _entry(("Zheng",), True, "2019", "Title", "Pain Medicine", "20", "1", "161-169"),
    ),
    "harvard-parenthesised-year": (
        "Zheng, L., Smith, J. and Brown, K. (2019) Ketamine. Pain Medicine, 20(1), pp. 161-169.",
        _entry(("Zheng", "Smith", "Brown"), False, "2019", "Ketamine", "Pain Medicine", "20", "1", "161-169"),
    ),
}


@pytest.mark.parametrize(("line", "expected"), ENTRY_CASES.values(), ids=ENTRY_CASES.keys())
def test_entry_shapes(line, expected):
    text = f"Intro text.\n\n{line}\n"
    [entry] = find_reference_entries(text)
    assert text[entry.start : entry.end] == line
    assert _fields(entry) == expected


@pytest.mark.parametrize(
    "heading", ["References", "References:", "Sources", "Citations", "Bibliography", "Works Cited", "Further reading",
                "## References", "REFERENCES"]
)
def test_list_after_heading_with_offsets_and_prose_after(heading):
    lines = [
        "Zheng, L., et al. (2019). Ketamine for fibromyalgia. Pain Medicine, 20(1), 161-169.",
        "Ciccolini, J. E., et al. (2014). Ketamine for neuropathic pain. Anesthesia and Analgesia, 119(4), 813-818.",
        "Smith, J. (2020). A book without a publisher.",  # venue-less: kept under a heading only
    ]
    text = "Ketamine helps (Zheng et al., 2019).\n\n" + heading + "\n" + "\n".join(lines) + (
        "\nContact us at (505) 639-4973 to book a visit.\nWe are open on weekdays. Call today!\n"
    )
    entries = find_reference_entries(text)
    assert [text[e.start : e.end] for e in entries] == lines
    assert entries == sorted(entries, key=lambda e: e.start)


def test_venue_less_line_needs_a_heading():
    assert find_reference_entries("Smith, J. (2020). A book without a publisher.") == []


def test_wrapped_entry_under_a_heading():
    text = ("References\r\n"
            "Zheng, L., et al. (2019). The efficacy of low-dose\r\n"
            "ketamine infusion. Pain Medicine, 20(1), 161-169.\r\n"
            "Mion, G. (2003). Ketamine: An update. The Lancet, 362(9392), 395-402.\r\n")
    entries = find_reference_entries(text)
    assert [e.venue for e in entries] == ["Pain Medicine", "The Lancet"]
    assert text[entries[0].start : entries[0].end] == (
        "Zheng, L., et al. (2019). The efficacy of low-dose\r\nketamine infusion. Pain Medicine, 20(1), 161-169.")


def test_a_complete_line_is_not_joined_with_the_next():
    text = "Sources\nSmith, J. (2020). A book without a publisher.\nBook Your Free Consultation Today\n"
    [entry] = find_reference_entries(text)
    assert (text[entry.start : entry.end], entry.venue) == ("Smith, J. (2020). A book without a publisher.", None)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n",
        "Ketamine is a dissociative anesthetic. It works on NMDA receptors.",
        "1. Ketamine’s Ability to Address Central Sensitization",
        "References\nContact us today to book your first infusion.",
        "Contact us at (505) 639-4973 to book.",
        "Smith (2019) found that ketamine works. Results were good.",
        "In 2019. The clinic opened. Patients came.",
        "Zheng et al. (2019) found that ketamine infusions reduce pain (Ciccolini et al., 2014).",
        "Updated (2021). Our Clinic. Pain Relief Center.",
    ],
)
def test_not_reference_entries(text):
    assert find_reference_entries(text) == []


CITATION_CASES = [
    ("relief (Zheng et al., 2019). More", [("Zheng et al., 2019", ("Zheng",), True, "2019")]),
    ("repair (Duman & Aghajanian, 2012).", [("Duman & Aghajanian, 2012", ("Duman", "Aghajanian"), False, "2012")]),
    ("repair (Duman and Aghajanian 2012).", [("Duman and Aghajanian 2012", ("Duman", "Aghajanian"), False, "2012")]),
    ("two (Zheng et al., 2019; Ciccolini et al., 2014)",
     [("Zheng et al., 2019", ("Zheng",), True, "2019"), ("Ciccolini et al., 2014", ("Ciccolini",), True, "2014")]),
    ("as Zheng et al. (2019) showed", [("Zheng et al. (2019)", ("Zheng",), True, "2019")]),
    ("Duman and Aghajanian (2012) said", [("Duman and Aghajanian (2012)", ("Duman", "Aghajanian"), False, "2012")]),
    ("one (Smith, 2019a).", [("Smith, 2019a", ("Smith",), False, "2019a")]),
    ("three (Smith, Jones, & Lee, 2019).", [("Smith, Jones, & Lee, 2019", ("Smith", "Jones", "Lee"), False, "2019")]),
    ("see (e.g., Smith, 2019, p. 4).", [("Smith, 2019, p. 4", ("Smith",), False, "2019")]),
    ("typographic (O’Brien, 2020) and (Müller et al. 2020)",
     [("O’Brien, 2020", ("O’Brien",), False, "2020"), ("Müller et al. 2020", ("Müller",), True, "2020")]),
    ("group (World Health Organization, 2021).",
     [("World Health Organization, 2021", ("World Health Organization",), False, "2021")]),
    ("group (Institute of Medicine, 2015).", [("Institute of Medicine, 2015", ("Institute of Medicine",), False, "2015")]),
    ("mixed (PTSD; Smith, 2001)", [("Smith, 2001", ("Smith",), False, "2001")]),
]


@pytest.mark.parametrize(("text", "expected"), CITATION_CASES)
def test_in_text_citations(text, expected):
    found = find_in_text_citations(text)
    assert [(text[c.start : c.end], c.authors, c.et_al, c.year) for c in found] == expected


@pytest.mark.parametrize(
    "text",
    ["post-traumatic stress (PTSD)", "in (2019) alone", "the (N-methyl-D-aspartate receptors) in the brain",
     "complex regional pain syndrome (CRPS)", "details (see below)", "call (505) 639-4973 now",
     "opened (March 2019)", "In March (2019) we opened"],
)
def test_not_in_text_citations(text):
    assert find_in_text_citations(text) == []


def test_citations_inside_the_reference_list_are_skipped():
    text = "Fast (Mion & Villela, 2003).\nReferences:\nMion, G., & Villela, J. L. (2003). Ketamine. The Lancet, 362, 1-2."
    assert [text[c.start : c.end] for c in find_in_text_citations(text)] == ["Mion & Villela, 2003"]


@pytest.mark.parametrize(("name", "year"), [("Zheng", "2019"), ("Aghajanian", "2012"), ("McDonald", "2001")])
def test_key_matches_sources_citation_key(name, year):
    entry_text = f"{name}, A. ({year}). Title. Pain, 1, 1-2."
    [entry] = find_reference_entries(entry_text)
    [citation] = find_in_text_citations(f"as shown ({name} et al., {year})")
    assert entry.key == citation.key == citation_key(name, year)


def test_key_folds_accents_and_keeps_the_year_letter():
    [citation] = find_in_text_citations("(Müller & Gómez, 2020b)")
    assert citation.key == "muller 2020b"


def _citation(authors, year, et_al=False) -> InTextCitation:
    return InTextCitation(0, 1, tuple(authors), et_al, year, citation_key(authors[0].lower(), year))


def _ref(authors, year) -> ReferenceEntry:
    return ReferenceEntry(0, 1, tuple(authors), False, year, "T", "V", None, None, None, None, None,
                          citation_key(authors[0].lower(), year))


ENTRIES = [_ref(["Zheng", "Smith"], "2019"), _ref(["Duman", "Aghajanian"], "2012"), _ref(["Lee"], "2001"),
           _ref(["Lee"], "2005"), _ref(["Park", "Kim"], "2010"), _ref(["Kim", "Cho"], "2011"),
           _ref(["Ng", "Ruiz"], "2015"), _ref(["Ortiz", "Ruiz"], "2016")]


@pytest.mark.parametrize(
    ("citation", "entry", "differ"),
    [
        (_citation(["Zheng"], "2019", True), 0, []),  # by key
        (_citation(["Duman", "Aghajanian"], "2013"), 1, ["year"]),  # first author alone, year differs
        (_citation(["Aghajanian", "Duman"], "2012"), 1, ["authors"]),  # author set, other order
        (_citation(["Duman", "Smith"], "2012"), 1, ["authors"]),  # different second author
        (_citation(["Lee"], "2005"), 3, []),  # key decides between two Lee entries
        (_citation(["Kim"], "2010"), 5, ["year"]),  # one entry led by Kim: first author wins over the year
        (_citation(["Cho", "Kim"], "2011"), 5, ["authors"]),  # author set
        (_citation(["Ruiz"], "2016"), 7, ["authors"]),  # two entries with Ruiz: the year picks one
        (_citation(["Ruiz"], "2017"), None, None),  # two entries with Ruiz, neither year
        (_citation(["Lee"], "2003"), None, None),  # two Lee entries, neither year
        (_citation(["Nobody"], "2019"), None, None),
    ],
)
def test_link_citations_and_differences(citation, entry, differ):
    links = link_citations([citation], ENTRIES)
    assert links.get(0) == entry
    if entry is not None:
        assert entry_fields_differ(citation, ENTRIES[entry]) == differ


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A 2017 consensus statement from an APA task force, published in The American Journal of Psychiatry",
         [("A 2017 consensus statement", "2017", "consensus statement")]),
        ("The 2018 consensus guidelines from three societies", [("The 2018 consensus guidelines", "2018",
                                                                 "consensus guidelines")]),
        ("in a 2019 ketamine dosing survey", [("a 2019 ketamine dosing survey", "2019", "ketamine dosing")]),
        ("A 2014 randomized trial at Mount Sinai", []),  # nothing but the kind of work: it names no work
        ("a 2018 analysis in the American Journal of Psychiatry", []),
        ("a 2024 CDC report estimated", [("a 2024 CDC report", "2024", "cdc")]),
        ("In 2017 a statement said", []),
        ("the 2017 statements", []),
    ],
)
def test_described_works(text, expected):
    found = find_described_works(text)
    assert [(text[c.start : c.end], c.year, c.described_as) for c in found] == expected
    assert all(c.authors == () and c.key == "" for c in found)


def test_described_works_inside_the_reference_list_are_skipped():
    text = ("A 2017 consensus statement urged monitoring.\nReferences:\n"
            "Sanacora, G., et al. (2017). A 2017 consensus statement on ketamine. JAMA Psychiatry, 74, 399-405.")
    assert [text[c.start : c.end] for c in find_described_works(text)] == ["A 2017 consensus statement"]


@pytest.mark.parametrize(
    ("described", "title", "expected"),
    [("consensus statement", "A Consensus Statement on the use of ketamine", True),
     ("consensus guidelines", "Consensus guidelines on the use of intravenous ketamine infusions", True),
     ("consensus guidelines", "A consensus statement on the use of ketamine", False),
     ("consensus statement", None, False),
     ("", "A consensus statement", False)],
)
def test_title_names(described, title, expected):
    assert title_names(described, title) is expected


def test_a_described_work_links_to_the_one_entry_of_its_year_it_names():
    def entry(year, title):
        return ReferenceEntry(0, 1, ("Sanacora",), True, year, title, "JAMA Psychiatry", None, None, None, None, None,
                              citation_key("sanacora", year))
    described = InTextCitation(0, 1, (), False, "2017", "", "consensus statement")
    statement = entry("2017", "A consensus statement on the use of ketamine")
    assert link_citations([described], [entry("2016", "A consensus statement on ketamine"), statement]) == {0: 1}
    assert link_citations([described], [entry("2017", "Ketamine for depression")]) == {}
    assert link_citations([described], [statement, statement]) == {}  # two candidates: neither


def test_real_page():
    path = SAMPLE_CORPUS / "004_9bcee23dc18f0278.txt"
    with open(path, encoding="utf-8", newline="") as handle:
        text = handle.read()
    entries = find_reference_entries(text)
    citations = find_in_text_citations(text)
    assert [e.venue for e in entries] == [
        "Pain Medicine", "Anesthesia and Analgesia", "The Clinical Journal of Pain", "Nature Medicine", "The Lancet"]
    assert [e.key for e in entries] == ["zheng 2019", "ciccolini 2014", "hernandez 2018", "duman 2012", "mion 2003"]
    assert all(text[e.start : e.end] in text.splitlines() for e in entries)
    assert len(citations) == 5
    links = link_citations(citations, entries)
    assert sorted(links) == list(range(5))
    assert all(entry_fields_differ(citations[c], entries[e]) == [] for c, e in links.items())


def test_rule_file_rejects_unknown_keys(tmp_path):
    data = json.loads(PATTERN_FILE.read_text(encoding="utf-8"))
    data["citaton"] = "typo"
    bad = tmp_path / "references.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(KGraphError, match="citaton"):
        load_reference_rules(bad)


PAGE_PIECES = st.sampled_from([c[0] for c in CITATION_CASES] + [v[0] for v in ENTRY_CASES.values()]
                              + ["References:\n", "\n", "(", ")", "; ", "et al.", " (2019)", "1. ", "“", "–"])


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.one_of(st.text(max_size=80), PAGE_PIECES), max_size=12).map("".join))
def test_never_raises_and_offsets_in_range(text):
    for found in (find_reference_entries(text), find_in_text_citations(text)):
        assert found == sorted(found, key=lambda x: (x.start, x.end))
        assert all(0 <= x.start < x.end <= len(text) for x in found)
