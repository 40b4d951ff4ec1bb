"""SKOS vocabularies into ruler patterns."""

from __future__ import annotations

import pytest
import spacy

from kgraph.errors import OntologyError
from kgraph.vocabulary import pluralize, read_vocabulary, ruler_patterns

TTL = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix kg: <https://w3id.org/kgraph/ns#> .
@prefix ex: <https://example.org/> .
ex:rec a skos:ConceptScheme ; kg:entityType kg:Receptor .
ex:j a skos:ConceptScheme ; kg:entityType kg:Source ; kg:matchCase true .
ex:nmda a skos:Concept ; skos:inScheme ex:rec ; skos:prefLabel "NMDA receptor"@en ;
    skos:altLabel "N-methyl-D-aspartate receptor"@en ; kg:abbreviation "NMDA" .
ex:pm a skos:Concept ; skos:inScheme ex:j ; skos:prefLabel "Pain Medicine"@en .
"""


@pytest.fixture()
def vocabulary(tmp_path):
    path = tmp_path / "v.ttl"
    path.write_text(TTL, encoding="utf-8")
    return read_vocabulary([path])


@pytest.mark.parametrize(("label", "plural"), [("opioid", "opioids"), ("therapy", "therapies"),
                                               ("chronic pain syndrome", "chronic pain syndromes"),
                                               ("stress", "stresses"), ("SSRI", "SSRIs"), ("day", "days")])
def test_pluralize(label, plural):
    assert pluralize(label) == plural


def test_patterns_carry_the_concept_iri_and_case_rules(vocabulary):
    nlp = spacy.blank("en")
    patterns = ruler_patterns(vocabulary, nlp.make_doc)
    assert {p["id"] for p in patterns} == {"https://example.org/nmda", "https://example.org/pm"}
    journal = [p for p in patterns if p["id"].endswith("pm")]
    assert all("ORTH" in token for p in journal for token in p["pattern"])
    abbreviation = [p for p in patterns if p["pattern"] == [{"ORTH": "NMDA"}]]
    assert abbreviation and abbreviation[0]["label"] == "RECEPTOR"


def test_long_form_with_inserted_abbreviation_is_one_pattern(vocabulary):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("span_ruler")
    ruler.add_patterns(ruler_patterns(vocabulary, nlp.make_doc))
    doc = nlp("by blocking N-methyl-D-aspartate (NMDA) receptors and pain medicine, see Pain Medicine.")
    spans = sorted((s.text, s.label_) for s in doc.spans["ruler"])
    assert ("N-methyl-D-aspartate (NMDA) receptors", "RECEPTOR") in spans
    assert ("Pain Medicine", "SOURCE") in spans
    assert ("pain medicine", "SOURCE") not in spans


def test_concept_without_scheme_is_an_ontology_error(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                    "<https://example.org/x> a skos:Concept ; skos:prefLabel \"x\"@en .\n", encoding="utf-8")
    with pytest.raises(OntologyError, match="kg:entityType"):
        read_vocabulary([path])
