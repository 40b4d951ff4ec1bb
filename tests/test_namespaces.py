"""The closed kg: namespace and ontology/kgraph.ttl declare the same terms."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kgraph.namespaces import KG, RDFS
from kgraph.ontology_files import ontology_file


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file("kgraph.ttl"))


def test_code_and_ontology_declare_the_same_terms(ontology):
    declared = {str(s) for s in ontology.subjects() if str(s).startswith(str(KG._NS))}
    in_code = {str(KG._NS) + name for name in KG.__annotations__}
    assert declared == in_code


def test_every_term_has_label_and_comment(ontology):
    for name in KG.__annotations__:
        term = KG[name]
        assert ontology.value(term, RDFS.label) is not None, name
        assert ontology.value(term, RDFS.comment) is not None, name


def test_misspelt_term_raises():
    with pytest.raises(AttributeError):
        KG.Mentoin  # noqa: B018
