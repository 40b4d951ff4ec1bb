"""The closed kg: namespace and ontology/kgraph.ttl declare the same terms; oa: is closed too."""

from __future__ import annotations

import pytest
from rdflib import Graph, Namespace, URIRef

from kgraph.namespaces import KG, OA, RDFS
from kgraph.ontology_files import ontology_dir, ontology_file


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


def test_misspelt_web_annotation_term_raises():
    with pytest.raises(AttributeError):
        OA.hasTraget  # noqa: B018


def test_every_web_annotation_term_of_the_ontology_is_declared():
    graph = Graph()
    for path in sorted(ontology_dir().glob("*.ttl")):
        graph.parse(path)
    named = {str(term) for triple in graph for term in triple
             if isinstance(term, URIRef) and str(term).startswith(str(OA._NS)) and str(term) != str(OA._NS)}
    assert named, "the ontology names no oa: term"
    assert named <= {str(OA._NS) + name for name in OA.__annotations__}


@pytest.mark.parametrize("namespace", [KG, OA], ids=["kg", "oa"])
def test_declared_terms_are_the_iris_the_namespace_would_mint(namespace):
    minted = Namespace(str(namespace._NS))
    for name in namespace.__annotations__:
        term = getattr(namespace, name)
        assert type(term) is URIRef and term == minted[name], name
        assert term is getattr(namespace, name), name  # a plain attribute: the same object each time
