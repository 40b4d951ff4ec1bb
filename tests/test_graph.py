"""Building the RDF graph: contract shapes, SHACL, hygiene, round trips."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kgraph.corpus.records import Document, Furniture
from kgraph.extract import DocumentExtraction, MentionRecord
from kgraph.graph.anchors import add_anchor, offset_literal
from kgraph.graph.build import RunInfo, build_graph, decimal_literal
from kgraph.graph.serialize import serialize_graph
from kgraph.graph.validate import validate_graph
from kgraph.namespaces import KG, OA, RDF, XSD
from kgraph.pipeline.quantities import normalize_statistic
from kgraph.vocabulary import load_vocabulary

TEXT = "Ketamine eases chronic pain for over 12 weeks.\nLeave a Reply\n"
RUN = RunInfo("0.1.0+test", "en_core_web_sm", "3.8.0", "3.8.18", "0.1.0")


def make_graph() -> Graph:
    document = Document(iri="https://clinic.example/page", file_name="page.txt", text=TEXT,
                        content_hash="sha256:" + "a" * 64, encoding="utf-8", media_type="text/plain",
                        publisher="Example Clinic", furniture=(Furniture(47, 60, "leave-a-reply"),))
    quantity = normalize_statistic("over 12 weeks")
    mentions = (
        MentionRecord(0, 8, "DRUG", "https://w3id.org/kgraph/vocab/drug/ketamine", "Ketamine", "vocabulary", "ketamine"),
        MentionRecord(15, 27, "CONDITION", "https://w3id.org/kgraph/vocab/condition/chronic-pain", "chronic pain",
                      "vocabulary", "chronic pain"),
        MentionRecord(32, 45, "STATISTIC", "", "over 12 weeks", "statistic", "over 12 weeks", quantity),
    )
    return build_graph([DocumentExtraction(document, mentions, (), ())], load_vocabulary(), RUN)


@pytest.fixture()
def graph() -> Graph:
    return make_graph()


def mention(graph: Graph, kind: URIRef) -> URIRef:
    return next(m for m in graph.subjects(KG.entityType, kind))


def test_graph_conforms_to_the_shapes(graph):
    result = validate_graph(graph)
    assert result.conforms, result.report


def test_contract_shape_of_a_mention(graph):
    drug = mention(graph, KG.Drug)
    assert (drug, RDF.type, KG.Mention) in graph
    target = graph.value(drug, OA.hasTarget)
    assert graph.value(target, OA.hasSource) == URIRef("https://clinic.example/page")
    selectors = set(graph.objects(target, OA.hasSelector))
    position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
    quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
    assert (int(graph.value(position, OA.start)), int(graph.value(position, OA.end))) == (0, 8)
    assert str(graph.value(quote, OA.exact)) == "Ketamine"
    assert str(graph.value(quote, OA.suffix)).startswith(" eases")


def test_statistic_value_is_canonical(graph):
    stat = mention(graph, KG.Statistic)
    quantity = graph.value(stat, KG.refersTo)
    assert (quantity, RDF.type, KG.Quantity) in graph
    assert graph.value(quantity, KG.lowerBound) == Literal("12.0", datatype=decimal_literal(1).datatype)
    assert str(graph.value(quantity, KG.upperBound)) == "15.0"
    assert graph.value(quantity, KG.lowerInclusive).toPython() is False


def test_no_blank_nodes(graph):
    assert not any(isinstance(term, BNode) for triple in graph for term in triple)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_round_trip_is_isomorphic(graph, fmt):
    again = Graph().parse(data=serialize_graph(graph, fmt), format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
    assert isomorphic(graph, again)


def test_same_input_same_bytes():
    assert serialize_graph(make_graph()) == serialize_graph(make_graph())


@pytest.mark.parametrize(("value", "lexical"), [(Decimal("5E+7"), "50000000.0"), (Decimal("0.20"), "0.2"),
                                                (12, "12.0"), (Decimal("-0"), "0.0")])
def test_decimal_literal(value, lexical):
    assert str(decimal_literal(value)) == lexical


def test_anchor_outside_the_text_is_refused():
    with pytest.raises(ValueError, match="outside"):
        add_anchor(Graph(), URIRef("https://x/m"), URIRef("https://x/d"), "short", 2, 40)


# ------------------------------------------------------------------ broken graphs fail validation


def _quote_of(graph: Graph, node: URIRef) -> URIRef:
    target = graph.value(node, OA.hasTarget)
    return next(s for s in graph.objects(target, OA.hasSelector) if (s, RDF.type, OA.TextQuoteSelector) in graph)


def break_quote(g: Graph) -> None:
    quote = _quote_of(g, mention(g, KG.Drug))
    g.set((quote, OA.exact, Literal("Ketamina")))


def drop_refers_to(g: Graph) -> None:
    g.remove((mention(g, KG.Drug), KG.refersTo, None))


def blank_target(g: Graph) -> None:
    drug = mention(g, KG.Drug)
    target = g.value(drug, OA.hasTarget)
    blank = BNode()
    for p, o in list(g.predicate_objects(target)):
        g.add((blank, p, o))
    g.remove((drug, OA.hasTarget, target))
    g.add((drug, OA.hasTarget, blank))
    g.add((blank, RDF.type, OA.SpecificResource))


def statistic_to_concept(g: Graph) -> None:
    g.set((mention(g, KG.Statistic), KG.refersTo, URIRef("https://w3id.org/kgraph/vocab/drug/ketamine")))


def inverted_interval(g: Graph) -> None:
    quantity = g.value(mention(g, KG.Statistic), KG.refersTo)
    g.set((quantity, KG.lowerBound, decimal_literal(99)))


def two_entity_types(g: Graph) -> None:
    g.add((mention(g, KG.Drug), KG.entityType, KG.Condition))


@pytest.mark.parametrize("breakage", [break_quote, drop_refers_to, blank_target, statistic_to_concept,
                                      inverted_interval, two_entity_types])
def test_broken_graph_fails_validation(graph, breakage):
    breakage(graph)
    assert not validate_graph(graph).conforms


def test_packed_iris_sort_as_python_sorts_them_and_read_back_as_iris():
    from rdflib import URIRef

    from kgraph.graph.reader import PackedIris

    iris = ["https://x.example/b", "https://x.example/a", "https://x.example/ab", "https://x.example/\u00e9t\u00e9",
            "https://x.example/\U0001f600", "https://x.example/Z", "https://x.example/a/"]
    packed = PackedIris(iter(iris), len(iris), max(len(i.encode("utf-8")) for i in iris))
    expected = [URIRef(iri) for iri in sorted(iris)]
    assert list(packed) == expected and len(packed) == len(iris)
    assert all(type(item) is URIRef for item in packed)
    assert packed[0] == expected[0] and packed[-1] == expected[-1] and packed[1:3] == expected[1:3]


def test_sorted_nodes_packs_iris_and_falls_back_for_blank_nodes_and_long_iris(monkeypatch):
    from rdflib import RDF, BNode, Graph, URIRef

    from kgraph.graph import reader as reader_module
    from kgraph.graph.reader import PackedIris, PropertyReader
    from kgraph.namespaces import KG

    graph = Graph()
    iris = [URIRef(f"https://x.example/finding/{n}") for n in (3, 1, 20, 2)]
    for iri in iris:
        graph.add((iri, RDF.type, KG.Finding))
    nodes = PropertyReader(graph).sorted_nodes(KG.Finding)
    assert isinstance(nodes, PackedIris) and list(nodes) == sorted(iris)
    monkeypatch.setattr(reader_module, "PACKED_WIDTH_MAX", 10)  # longer than this: sorted as instances() sorts
    assert PropertyReader(graph).sorted_nodes(KG.Finding) == sorted(iris)
    monkeypatch.undo()
    blank = BNode("b0")
    graph.add((blank, RDF.type, KG.Finding))
    nodes = PropertyReader(graph).sorted_nodes(KG.Finding)
    assert not isinstance(nodes, PackedIris) and nodes == sorted([*iris, blank], key=str)


@pytest.mark.parametrize("offset", [0, 7, 1 << 14, 10**9])
def test_offset_literals_are_the_typed_integers_anchors_always_wrote(offset):
    literal = offset_literal(offset)
    expected = Literal(offset, datatype=XSD.nonNegativeInteger)
    assert literal == expected and literal.n3() == expected.n3() and literal.value == offset
    graph = Graph()
    graph.add((URIRef("https://x/p"), OA.start, literal))
    assert graph.value(URIRef("https://x/p"), OA.start).eq(expected)
