"""The graph on real SPARQL 1.1 servers: pushed, read back, compared with the local build.

The Oxigraph server runs in the default suite; Virtuoso 7 in ``make test-servers``
(marker ``servers``). Both keep every term except the form of some literals:
they give ``"6.0"^^xsd:decimal`` back as ``"6"`` and ``@en-GB`` as ``@en-gb``,
and Oxigraph keeps integer types as ``xsd:integer`` (see
:func:`kgraph.graph.remote.canonical_literals`). So the tests compare the
whole graph up to those literal forms, and every other triple exactly.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kgraph.errors import GraphError, UsageError
from kgraph import namespaces as ns
from kgraph.graph.remote import (
    canonical_literals,
    check_endpoint,
    count_triples,
    fetch_graph,
    parse_endpoint,
    push_graph,
)
from servers import free_port, oxigraph, virtuoso  # noqa: F401  (fixtures)

SAMPLE = "https://example.org/kgraph/sample"
HOSTILE = "https://example.org/kgraph/hostile"
NUMERIC = {ns.XSD.decimal, ns.XSD.integer, ns.XSD.nonNegativeInteger, ns.XSD.boolean}
PROTOCOLS = {"graph-store": "", "update": "store="}  # store= (empty): SPARQL Update only


def endpoint(server, graph: str, options: str = "") -> str:
    return f"{server.endpoint}?graph={graph}" + (f"&{options}" if options else "")


def hostile_graph() -> Graph:
    """Literals that break naive quoting, escaping or encoding, plus language tags, decimals and a long text."""
    s = URIRef("https://example.org/page#x")
    texts = ['say "hi" and \'bye\'', "} ; DROP ALL ; {", "braces { } <tag> &amp;", "line1\nline2\r\nline3\ttab",
             "\u202eevil\u202c override", "back\\slash \\u0022 \\U0001F600 not escapes", "emoji 😀 𝔘𝔫𝔦 中文 العربية",
             "controls \x0b\x0c\x07\x1b", '"""triple""" \'\'\'quotes\'\'\'', "", " ", "\u2028\u2029\u0085 separators",
             "x" * 200_000 + " long kg:text"]
    graph = Graph()
    for i, text in enumerate(texts):
        graph.add((s, URIRef(f"https://example.org/p{i}"), Literal(text)))
    graph.add((s, URIRef("https://example.org/label"), Literal("colour", lang="en-GB")))
    graph.add((s, URIRef("https://example.org/label"), Literal("Farbe", lang="de")))
    for value in ("0.000001", "1.5", "-2.25", "123456789.123456789"):
        graph.add((s, URIRef("https://example.org/share"), Literal(value, datatype=ns.XSD.decimal)))
    graph.add((s, URIRef("https://example.org/link"), URIRef("https://example.org/é?q=1&r=2#frag")))
    return graph


def assert_same_graph(local: Graph, remote: Graph) -> None:
    """Isomorphic up to literal forms; every triple without a number or a language tag exactly equal."""
    assert len(remote) == len(local)
    assert isomorphic(canonical_literals(remote), canonical_literals(local))

    def exact(graph: Graph) -> set[str]:  # N-Triples lines: exact strings, unlike Literal.__eq__
        return {" ".join(term.n3() for term in t) for t in graph
                if not (isinstance(t[2], Literal) and (t[2].datatype in NUMERIC or t[2].language))}

    assert exact(remote) == exact(local)


# ---------------------------------------------------------------- Oxigraph server (default suite)

@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_sample_graph_round_trips(oxigraph, sample_build, protocol):  # noqa: F811
    local = sample_build[0].graph
    result = push_graph(local, endpoint(oxigraph, SAMPLE, PROTOCOLS[protocol]))
    assert (result.protocol, result.triples, result.server_triples) == (protocol, len(local), len(local))
    if protocol == "update":
        assert result.requests == 1 + -(-len(local) // 1000)  # DROP, then INSERT DATA of at most 1,000 triples
    assert_same_graph(local, fetch_graph(endpoint(oxigraph, SAMPLE)))


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_hostile_literals_round_trip(oxigraph, protocol):  # noqa: F811
    local = hostile_graph()
    push_graph(local, endpoint(oxigraph, HOSTILE, PROTOCOLS[protocol]), batch=7)
    remote = fetch_graph(endpoint(oxigraph, HOSTILE))
    assert_same_graph(local, remote)  # every string exactly; Oxigraph writes en-GB as en-gb
    assert {o.language for o in remote.objects() if isinstance(o, Literal)} == {None, "en-gb", "de"}


def test_integral_decimals_come_back_with_the_same_value(oxigraph):  # noqa: F811
    local = Graph()
    for value in ("50000000.0", "0.0", "6.0"):
        local.add((URIRef("urn:x:s"), URIRef("urn:x:p"), Literal(value, datatype=ns.XSD.decimal)))
    push_graph(local, endpoint(oxigraph, "urn:x:decimals"))
    remote = fetch_graph(endpoint(oxigraph, "urn:x:decimals"))
    assert sorted(o.toPython() for o in remote.objects()) == sorted(o.toPython() for o in local.objects())
    assert isomorphic(canonical_literals(remote), canonical_literals(local))


def test_literals_one_value_apart_count_once(oxigraph):  # noqa: F811
    graph = Graph()
    for value in ("6.0", "6.00", "6"):  # three rdflib triples, one to a server that stores values
        graph.add((URIRef("urn:x:s"), URIRef("urn:x:p"), Literal(value, datatype=ns.XSD.decimal)))
    result = push_graph(graph, endpoint(oxigraph, "urn:x:values"))
    assert (result.triples, result.server_triples) == (3, 1)


def test_pushing_twice_replaces(oxigraph, sample_build):  # noqa: F811
    local = sample_build[0].graph
    target = endpoint(oxigraph, "https://example.org/kgraph/twice")
    push_graph(hostile_graph(), target)
    first = push_graph(local, target)
    second = push_graph(local, target)
    assert first.server_triples == second.server_triples == len(local)
    assert_same_graph(local, fetch_graph(target))


def test_adding_without_replace_keeps_what_is_there(oxigraph):  # noqa: F811
    target = endpoint(oxigraph, "https://example.org/kgraph/add")
    one, two = Graph(), Graph()
    one.add((URIRef("urn:x:a"), URIRef("urn:x:p"), Literal("one")))
    two.add((URIRef("urn:x:b"), URIRef("urn:x:p"), Literal("two")))
    push_graph(one, target)
    result = push_graph(two, target, replace=False)
    assert result.server_triples == 2
    assert isomorphic(fetch_graph(target), one + two)


def test_default_graph_and_a_server_without_graph_store(oxigraph):  # noqa: F811
    graph = hostile_graph()
    result = push_graph(graph, oxigraph.endpoint + "?store=/no-such-store")  # 404: falls back to SPARQL Update
    assert result.protocol == "update" and result.graph is None
    assert count_triples(oxigraph.endpoint) == len(graph)
    assert_same_graph(graph, fetch_graph(oxigraph.endpoint))


def test_graph_iri_argument_overrides_the_url(oxigraph):  # noqa: F811
    graph = Graph().add((URIRef("urn:x:a"), URIRef("urn:x:p"), Literal("v")))
    push_graph(graph, endpoint(oxigraph, "urn:x:ignored"), graph_iri="urn:x:chosen")
    assert count_triples(oxigraph.endpoint, "urn:x:chosen") == 1
    assert count_triples(oxigraph.endpoint, "urn:x:ignored") == 0


def test_unreachable_server_names_the_address():
    port = free_port()
    with pytest.raises(GraphError, match=f"cannot reach the SPARQL server at http://127.0.0.1:{port}/"):
        push_graph(hostile_graph(), f"sparql+http://127.0.0.1:{port}/", timeout=5)
    with pytest.raises(GraphError, match=f"cannot reach the SPARQL server at http://127.0.0.1:{port}/query"):
        check_endpoint(f"sparql+http://127.0.0.1:{port}/")


def test_check_endpoint_before_a_build(oxigraph):  # noqa: F811
    assert check_endpoint(oxigraph.endpoint).store == f"{oxigraph.http}/store"


def test_a_server_refusing_the_data_is_an_error(oxigraph):  # noqa: F811
    with pytest.raises(GraphError, match="refused a query: 40"):
        count_triples(oxigraph.endpoint + "?query=/no-such-query")


# ---------------------------------------------------------------- endpoint addresses (no server)

@pytest.mark.parametrize(("url", "query", "update", "store", "graph"), [
    ("sparql+http://127.0.0.1:7878/", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update",
     "http://127.0.0.1:7878/store", None),
    ("sparql+https://kg.example.org/db?graph=urn:g", "https://kg.example.org/db/query",
     "https://kg.example.org/db/update", "https://kg.example.org/db/store", "urn:g"),
    ("sparql+http://h:8890/sparql?graph=urn:g", "http://h:8890/sparql", "http://h:8890/sparql",
     "http://h:8890/sparql-graph-crud", "urn:g"),
    ("sparql+http://u:p@h:8890/sparql-auth?graph=urn:g&store=", "http://h:8890/sparql-auth",
     "http://h:8890/sparql-auth", None, "urn:g"),
    ("sparql+http://h:3030/ds?store=/ds/data&query=/ds/sparql", "http://h:3030/ds/sparql", "http://h:3030/ds/update",
     "http://h:3030/ds/data", None),
    ("sparql+http://h/?graph=https://example.org/kg%23x&update=up", "http://h/query", "http://h/up", "http://h/store",
     "https://example.org/kg#x"),
])
def test_endpoint_layouts(url, query, update, store, graph):
    parsed = parse_endpoint(url)
    assert (parsed.query, parsed.update, parsed.store, parsed.graph) == (query, update, store, graph)
    assert "p@" not in parsed.url and "p@" not in repr(parsed)  # the password is never shown


@pytest.mark.parametrize(("url", "message"), [
    ("http://127.0.0.1:7878/", "not a SPARQL server address"),
    ("sparql+http://h/?grpah=urn:g", "unknown option"),
    ("sparql+http://h:8890/sparql", "name a graph"),
    ("sparql+http://h/?graph=urn:a b", "cannot"),
    ("sparql+http://h/?graph=https://example.org/kg#x", "%23"),
    ("sparql+http://h:99999/", "port"),
])
def test_bad_endpoints_are_usage_errors(url, message):
    with pytest.raises(UsageError, match=message):
        parse_endpoint(url)


def test_blank_nodes_cannot_go_in_batches(oxigraph):  # noqa: F811
    from rdflib import BNode

    graph = Graph().add((BNode(), URIRef("urn:x:p"), Literal("v")))
    with pytest.raises(GraphError, match="blank node"):
        push_graph(graph, endpoint(oxigraph, "urn:x:bnode", "store="))


# ---------------------------------------------------------------- Virtuoso 7 (make test-servers)

@pytest.mark.servers
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_virtuoso_sample_graph_round_trips(virtuoso, sample_build, protocol):  # noqa: F811
    local = sample_build[0].graph
    result = push_graph(local, endpoint(virtuoso, SAMPLE, PROTOCOLS[protocol]))
    assert (result.protocol, result.server_triples) == (protocol, len(local))
    # more triples than Virtuoso's ResultSetMaxRows (10,000): fetch_graph must read them in parts
    assert len(local) > 10_000
    remote = fetch_graph(endpoint(virtuoso, SAMPLE))
    assert_same_graph(local, remote)
    assert {o.datatype for o in remote.objects() if isinstance(o, Literal)} >= {ns.XSD.nonNegativeInteger}


@pytest.mark.servers
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_virtuoso_hostile_literals_round_trip(virtuoso, protocol):  # noqa: F811
    local = hostile_graph()
    assert check_endpoint(endpoint(virtuoso, HOSTILE)).store == f"{virtuoso.http}/sparql-graph-crud"
    push_graph(local, endpoint(virtuoso, HOSTILE, PROTOCOLS[protocol]), batch=5)
    remote = fetch_graph(endpoint(virtuoso, HOSTILE))
    assert_same_graph(local, remote)  # every string exactly; Virtuoso too writes en-GB as en-gb
    assert {o.language for o in remote.objects() if isinstance(o, Literal)} == {None, "en-gb", "de"}


@pytest.mark.servers
def test_virtuoso_pushing_twice_replaces(virtuoso, sample_build):  # noqa: F811
    local = sample_build[0].graph
    target = endpoint(virtuoso, "https://example.org/kgraph/twice", "store=")
    push_graph(hostile_graph(), target)
    push_graph(local, target)
    assert push_graph(local, target).server_triples == len(local)
    assert_same_graph(local, fetch_graph(target))


@pytest.mark.servers
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_virtuoso_digest_authentication(virtuoso, protocol):  # noqa: F811
    # /sparql-auth and /sparql-graph-crud-auth ask for HTTP Digest; dba:dba is the fresh database's account
    authed = virtuoso.endpoint.replace("sparql+http://", "sparql+http://dba:dba@") + "-auth"
    target = f"{authed}?graph=urn:x:auth&{PROTOCOLS[protocol]}"
    graph = hostile_graph()
    assert push_graph(graph, target).protocol == protocol
    assert_same_graph(graph, fetch_graph(target))
    with pytest.raises(GraphError, match="401"):
        push_graph(graph, target.replace("dba:dba@", "dba:wrong@"))


@pytest.mark.servers
def test_virtuoso_default_graph_is_refused(virtuoso):  # noqa: F811
    with pytest.raises(UsageError, match="name a graph"):
        push_graph(hostile_graph(), virtuoso.endpoint)


def test_module_examples_run():
    import doctest

    import kgraph.graph.remote

    result = doctest.testmod(kgraph.graph.remote)
    assert result.failed == 0 and result.attempted >= 3
