"""Claims, reference entries and citations in the sample graph, and the Python query API."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from kgraph.errors import UsageError
from kgraph.namespaces import KG, OA, RDF, SCHEMA
from kgraph.query import CLAIM_COLUMNS, claims, load_graph, resolve_concept, sparql

P = "https://w3id.org/kgraph/vocab/predicate/"


@pytest.fixture(scope="module")
def graph(sample_build):
    _, out = sample_build
    return load_graph(out / "graph.ttl")


def test_every_claim_has_the_contract_shape(graph):
    nodes = set(graph.subjects(RDF.type, KG.Claim))
    assert len(nodes) > 150
    for node in nodes:
        for prop in (KG.subject, KG.predicate, KG.object, KG.polarity, KG.certainty, OA.hasTarget):
            assert len(set(graph.objects(node, prop))) == 1, (node, prop)
        assert graph.value(node, KG.predicate).startswith(P)


def test_claims_api_answers_the_reviewers_question(graph):
    """ "Every page that says ketamine blocks NMDA receptors, and where it says so." """
    df = claims(graph, subject="ketamine", predicate="blocks", object="NMDA receptor")
    assert list(df.columns) == CLAIM_COLUMNS
    assert {"000_a2e505ab653ad675.txt", "001_5bc5b58636fa3ab3.txt", "004_9bcee23dc18f0278.txt"} <= set(df.document)
    for row in df.itertuples():
        assert row.quote and row.end - row.start == len(row.quote)
        assert row.subject == "ketamine" and row.predicate == "blocks" and row.object == "NMDA receptor"
    assert "hedged" in set(df.certainty) and "asserted" in set(df.certainty)


def test_prevalence_statistics_come_with_their_intervals(graph):
    df = claims(graph, subject="chronic pain", predicate="has prevalence")
    by_page = dict(zip(df.document, df.statistic))
    assert by_page["000_a2e505ab653ad675.txt"] in ("[50000000, 100000000] adults", "(1500000000, 1875000000] people")
    assert by_page["003_7b3f6d1df584ec7a.txt"] == "[46800000, 52000000) Americans"


def test_negated_claims_are_queryable(graph):
    df = claims(graph, subject="ketamine", predicate="has risk of", polarity="negated")
    assert "004_9bcee23dc18f0278.txt" in set(df.document)
    assert {"addiction", "harm"} <= set(df.object)


def test_unknown_labels_match_nothing_and_bad_values_are_refused(graph):
    assert claims(graph, subject="no such drug").empty
    with pytest.raises(UsageError, match="polarity"):
        claims(graph, polarity="maybe")


def test_labels_and_iris_name_the_same_concept(graph):
    assert resolve_concept(graph, "Ketamine") == {URIRef("https://w3id.org/kgraph/vocab/drug/ketamine")}
    assert resolve_concept(graph, "https://w3id.org/kgraph/vocab/drug/ketamine") == resolve_concept(graph, "ketamine")


@pytest.mark.parametrize("hostile", ['} ; DROP ALL ; {', '" . } INSERT DATA { <a> <b> <c> } #', "ketamine' OR '1'='1",
                                     "{{}}", "\\u0000"])
def test_sparql_binds_values_and_never_pastes_them(graph, hostile):
    before = len(graph)
    df = sparql(graph, "SELECT ?claim WHERE { ?claim a kg:Claim ; kg:predicateCue ?cue }", {"cue": hostile})
    assert df.empty and len(graph) == before
    assert claims(graph, subject=hostile).empty and len(graph) == before


def test_sparql_returns_python_values(graph):
    df = sparql(graph, "SELECT ?file (COUNT(?c) AS ?n) WHERE { ?c a kg:Claim ; oa:hasTarget/oa:hasSource ?d . "
                       "?d kg:fileName ?file } GROUP BY ?file ORDER BY ?file")
    assert list(df.columns) == ["file", "n"] and len(df) == 5 and all(isinstance(n, int) for n in df.n)
    assert sparql(graph, "ASK { ?c a kg:Claim }") is True
    assert sparql(graph, "ASK { ?c a kg:Nothing }", {"c": "x"}) is False
    with pytest.raises(UsageError, match="SELECT"):
        sparql(graph, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    with pytest.raises(UsageError, match="cannot run"):
        sparql(graph, "SELECT WHERE {")


def test_reference_entries_are_parsed_and_citations_linked(graph):
    entries = set(graph.subjects(RDF.type, KG.ReferenceListEntry))
    citations = set(graph.subjects(RDF.type, KG.InTextCitation))
    assert len(entries) == 5 and len(citations) == 5
    venues = {str(graph.value(e, KG.venue)) for e in entries}
    assert venues == {"Pain Medicine", "Anesthesia and Analgesia", "The Clinical Journal of Pain", "Nature Medicine",
                      "The Lancet"}
    for citation in citations:
        entry = graph.value(citation, KG.citesEntry)
        assert entry in entries
        assert graph.value(citation, KG.citationKey) == graph.value(entry, KG.citationKey)
    duman = next(c for c in citations if str(graph.value(c, KG.citationKey)) == "duman 2012")
    in_text = {str(v).rsplit("/", 1)[-1] for v in graph.objects(duman, KG.inTextVenue)}
    entry = graph.value(duman, KG.citesEntry)
    assert in_text == {"journal-of-neuroscience"}  # the text says one journal ...
    assert str(graph.value(entry, KG.venue)) == "Nature Medicine"  # ... the reference list another
    assert graph.value(entry, SCHEMA.pagination) == Literal("1386-1398")


def test_claims_in_a_science_says_sentence_carry_the_citation(graph):
    cited = [c for c in graph.subjects(RDF.type, KG.Claim) if graph.value(c, KG.citation) is not None]
    assert len(cited) >= 5
    for claim in cited:
        assert (graph.value(claim, KG.citation), RDF.type, KG.InTextCitation) in graph


def test_bindings_of_unprojected_variables_on_the_build_store(sample_build):
    """A build's graph lives in Oxigraph, which binds only projected variables; the helpers bind any."""
    graph = sample_build[0].graph
    query = """SELECT ?file ?start WHERE { ?m kg:refersTo ?concept ; oa:hasTarget ?t .
               ?t oa:hasSource/kg:fileName ?file ; oa:hasSelector ?pos . ?pos oa:start ?start }"""
    found = sparql(graph, query, {"concept": "https://w3id.org/kgraph/vocab/receptor/nmda-receptor"})
    assert len(found) >= 10 and set(found.columns) == {"file", "start"}
    assert sparql(graph, query, {"concept": "} ; DROP ALL ; {"}).empty
