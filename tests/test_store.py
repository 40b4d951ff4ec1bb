"""The Oxigraph store behind a build: exact literals, store-independent bytes, streaming, folders."""

from __future__ import annotations

import gc
import io
import itertools
import random
import time
from pathlib import Path

import pytest
from conftest import SAMPLE_CORPUS
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kgraph.errors import GraphError, UsageError
from kgraph.graph.build import GraphBuilder
from kgraph.graph.ntriples import NTriplesSink, TripleWriter, ntriples
from kgraph.graph.serialize import serialize_graph, write_graph
from kgraph.graph.store import (
    AUTO_DISK_BYTES,
    choose_store,
    open_graph,
    oxigraph_store,
    release_store,
)
from kgraph.limits import WINDOW_PER_JOB, Ready, release_memory, run_each
from kgraph.namespaces import KG, OA, XSD

S = URIRef("https://example.org/s")
# literals a store could change: Oxigraph keeps the value, not always the form (issue #526)
LITERALS = [
    Literal(120, datatype=XSD.nonNegativeInteger),
    Literal("12.0", datatype=XSD.decimal),
    Literal("0.0", datatype=XSD.decimal),
    Literal("1.5", datatype=XSD.decimal),
    Literal("50000000", datatype=XSD.decimal),
    Literal("007", datatype=XSD.integer),
    Literal(-3),
    Literal(True),
    Literal("1", datatype=XSD.boolean),
    Literal("2020-01-01T00:00:00+00:00", datatype=XSD.dateTime),
    Literal("5.0E7", datatype=XSD.double),
    Literal("https://a.example/x", datatype=XSD.anyURI),
    Literal("not a number", datatype=XSD.integer),
    Literal("chronic pain", lang="en"),
    Literal('quote " backslash \\ tab \t cr \r newline \n end'),
    Literal("U+2028 \u2028 NUL \x00 BOM \ufeff emoji \U0001f489 RTL \u202e"),
    Literal(""),
    Literal("typed", datatype=XSD.string),  # one term with "typed" in RDF 1.1, another in rdflib: kept apart
    Literal('spoof "^^kgstring:string and "^^xsd:integer'),
    Literal("x" * 100_000),
]


def hostile_graph() -> Graph:
    graph = Graph()
    for i, literal in enumerate(LITERALS):
        graph.add((S, URIRef(f"https://example.org/p{i:02d}"), literal))
    graph.add((S, KG.text, URIRef("https://example.org/o")))
    return graph


def loaded(kind: str, source: Graph, order: list | None = None, directory: Path | None = None) -> Graph:
    graph = open_graph(kind, directory)
    writer = TripleWriter(graph)
    writer.write(ntriples(order if order is not None else list(source)))
    writer.flush()
    return graph


@pytest.mark.parametrize("kind", ["memory", "disk"])
def test_every_literal_comes_back_as_it_went_in(kind: str) -> None:
    source = hostile_graph()
    graph = loaded(kind, source)
    assert len(graph) == len(source)
    assert set(graph) == set(source)  # the same terms, datatype and lexical form alike
    assert isomorphic(graph, source)
    for literal in LITERALS:  # patterns find them by their exact form
        assert (S, None, literal) in graph
    assert graph.value(S, URIRef("https://example.org/p00")) == Literal("120", datatype=XSD.nonNegativeInteger)


def test_rdflib_api_writes_and_sparql_read_exactly() -> None:
    graph = open_graph("memory")
    node = URIRef("https://example.org/position")
    graph.add((node, OA.start, Literal(7, datatype=XSD.nonNegativeInteger)))
    graph.add((node, KG.lowerBound, Literal("12.0", datatype=XSD.decimal)))
    assert set(graph.objects(node, OA.start)) == {Literal("7", datatype=XSD.nonNegativeInteger)}
    rows = list(graph.query("SELECT ?o WHERE { ?s ?p ?o }"))
    assert {row.o for row in rows} == {Literal("7", datatype=XSD.nonNegativeInteger),
                                       Literal("12.0", datatype=XSD.decimal)}
    constructed = graph.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph
    assert set(constructed) == set(graph)
    graph.remove((node, OA.start, Literal(7, datatype=XSD.nonNegativeInteger)))
    assert len(graph) == 1


def test_same_triples_same_bytes_from_any_store_in_any_order(tmp_path: Path) -> None:
    source = hostile_graph()
    triples = sorted(source)
    shuffled = list(triples)
    random.Random(7).shuffle(shuffled)
    outputs = {
        "rdflib": serialize_graph(source),
        "memory": serialize_graph(loaded("memory", source, triples)),
        "memory shuffled": serialize_graph(loaded("memory", source, shuffled)),
        "disk": serialize_graph(loaded("disk", source, triples)),
        "disk shuffled": serialize_graph(loaded("disk", source, shuffled, tmp_path / "store")),
    }
    assert len(set(outputs.values())) == 1, {name: len(data) for name, data in outputs.items()}
    nt = {serialize_graph(loaded(kind, source), "nt") for kind in ("memory", "disk")} | {serialize_graph(source, "nt")}
    assert len(nt) == 1


def test_written_turtle_is_oxigraphs_with_the_kgraph_prefixes_and_reads_back(tmp_path: Path) -> None:
    source = hostile_graph()
    source.add((URIRef("https://w3id.org/kgraph/id/doc/a.txt"), KG.fileName, Literal("a.txt")))
    path = tmp_path / "graph.ttl"
    write_graph(loaded("disk", source), path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("@prefix ") and "@prefix kg: <https://w3id.org/kgraph/ns#> ." in text
    assert "kgid:" not in text and "\\/" not in text  # kgraph's own IRIs are written whole, not escaped
    assert "urn:x-kgraph" not in text  # the store's private datatypes never reach a file
    assert '"120"^^xsd:nonNegativeInteger' in text
    back = Graph().parse(path, format="turtle")
    assert set(back) == set(source)


def test_graph_builder_into_either_store_gives_the_rdflib_graph(sample_build) -> None:
    result, _ = sample_build
    graph = result.graph
    assert oxigraph_store(graph) is not None and result.store == "memory"
    copy = open_graph("disk")
    copy += graph  # through rdflib's API, triple by triple
    assert isomorphic(copy, graph)
    assert serialize_graph(copy) == serialize_graph(graph)
    plain = Graph()
    plain += graph
    assert serialize_graph(plain) == serialize_graph(graph)


@pytest.mark.slow
def test_disk_store_build_is_the_memory_build(sample_build, tmp_path: Path) -> None:
    from kgraph.build import build_corpus

    memory, out = sample_build
    disk = build_corpus(SAMPLE_CORPUS, tmp_path / "out", store="disk", store_dir=tmp_path / "store", jobs=2)
    assert disk.store == "disk" and (tmp_path / "store").is_dir()
    assert len(disk.graph) == len(memory.graph)
    assert isomorphic(disk.graph, memory.graph)
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()
    assert (tmp_path / "out" / "summary.json").read_bytes() == (out / "summary.json").read_bytes()


def test_release_empties_the_term_memos_and_reads_go_on() -> None:
    """The memos' terms would keep the memory of a finished step (see _forget_terms); a read after refills them."""
    import kgraph.graph.store as store

    for kind in ("memory", "disk"):
        graph = loaded(kind, hostile_graph())
        subject = next(iter(graph.subjects()))
        before = sorted(graph.triples((subject, None, None)))  # a pattern: converted to the store's terms and back
        assert store._TO_OX and store._FROM_OX
        release_store(graph)
        assert not store._TO_OX and not store._FROM_OX
        assert sorted(graph.triples((subject, None, None))) == before
        assert store._TO_OX and store._FROM_OX


def test_temporary_disk_store_is_removed_with_its_graph() -> None:
    graph = loaded("disk", hostile_graph())
    folder = graph.store.path
    assert folder.is_dir() and oxigraph_store(graph) is not None
    del graph
    gc.collect()
    assert not folder.exists()


def test_a_released_disk_store_is_closed_and_opens_again_with_everything_in_it() -> None:
    import pyoxigraph as ox

    graph = loaded("disk", hostile_graph())
    before = serialize_graph(graph, "nt")
    assert release_store(graph)
    other = ox.Store(str(graph.store.path))  # RocksDB's lock is free: the store is really closed
    assert len(other) == len(LITERALS) + 1
    del other
    gc.collect()
    assert serialize_graph(graph, "nt") == before  # the next read opens it again
    graph.add((S, KG.text, URIRef("https://example.org/after")))  # and so does a write
    assert release_store(graph) and release_store(graph)  # twice in a row: still closed, nothing lost
    assert (S, KG.text, URIRef("https://example.org/after")) in graph
    expected = hostile_graph()
    expected.add((S, KG.text, URIRef("https://example.org/after")))
    assert isomorphic(graph, expected)


def test_releasing_an_in_memory_store_does_nothing() -> None:
    graph = loaded("memory", hostile_graph())
    assert not release_store(graph) and not release_store(hostile_graph())
    assert isomorphic(graph, hostile_graph())


def test_a_released_store_still_read_elsewhere_says_so_until_the_reader_is_gone() -> None:
    graph = loaded("disk", hostile_graph())
    reading = oxigraph_store(graph).quads_for_pattern(None, None, None)
    next(reading)  # an unfinished iterator keeps RocksDB open
    assert release_store(graph)
    with pytest.raises(GraphError, match="still reads it"):
        len(graph)
    del reading
    assert isomorphic(graph, hostile_graph())


def test_store_dir_is_kept_cleared_on_reuse_and_foreign_folders_refused(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    graph = loaded("disk", hostile_graph(), directory=folder)
    del graph
    gc.collect()
    assert folder.is_dir() and any(folder.iterdir())  # kept after the run
    again = open_graph("disk", folder)  # one kgraph made: cleared
    assert len(again) == 0
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "cat.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(UsageError, match="not empty"):
        open_graph("disk", foreign)
    assert (foreign / "cat.jpg").exists()
    with pytest.raises(UsageError, match="--store-dir"):
        open_graph("memory", tmp_path / "elsewhere")


def test_auto_store_goes_by_corpus_size() -> None:
    assert choose_store("auto", AUTO_DISK_BYTES) == "memory"
    assert choose_store("auto", AUTO_DISK_BYTES + 1) == "disk"
    assert choose_store("disk", 0) == "disk"
    with pytest.raises(UsageError, match="auto, memory, disk"):
        choose_store("cloud", 0)


def test_unpaired_surrogate_is_refused_with_a_reason() -> None:
    with pytest.raises(GraphError, match="unpaired surrogate"):
        ntriples([(S, KG.text, Literal("broken \ud800 text"))])


def test_builder_streams_generated_nodes_and_parts_into_the_store() -> None:
    from kgraph.build import _run_info_of
    from kgraph.vocabulary import load_vocabulary

    run = _run_info_of({"lang": "en", "name": "test", "version": "0"})
    plain, stored = GraphBuilder(load_vocabulary(), run), GraphBuilder(load_vocabulary(), run, graph=open_graph("disk"))
    from kgraph.corpus import Document, iter_corpus

    documents = [d for d in iter_corpus(SAMPLE_CORPUS) if isinstance(d, Document)]
    for builder in (plain, stored):
        for document in documents:
            builder.add_document(document)
    assert serialize_graph(plain.finish()) == serialize_graph(stored.finish())


def test_run_each_reads_items_as_it_goes() -> None:
    taken = []

    def items():
        for i in itertools.count():
            taken.append(i)
            yield Ready(i) if i % 3 == 0 else i

    stream = run_each(lambda i: -i, items(), jobs=2, timed_out=lambda i: None)
    first = list(itertools.islice(stream, 10))
    stream.close()
    assert first == [0, -1, -2, 3, -4, -5, 6, -7, -8, 9]
    assert len(taken) <= 10 + 2 * WINDOW_PER_JOB + 1  # a bounded window ahead, not the whole (endless) corpus


def test_run_each_tells_whether_each_worker_result_was_there_when_asked() -> None:
    asked: list[bool] = []

    def slow_on_odd(i: int) -> int:
        time.sleep(1.0 if i % 2 else 0.0)
        return -i

    items = [Ready(100), 0, 1, Ready(101), 2, 3]
    results = list(run_each(slow_on_odd, items, jobs=1, offload=True, timed_out=lambda i: None,
                            asked=asked.append))
    assert results == [100, 0, -1, 101, -2, -3]
    assert len(asked) == 4  # once per worker result, never for a ready item
    assert asked[1] is False  # item 1 sleeps while this process asks for it
    here: list[bool] = []
    assert list(run_each(slow_on_odd, [0, 1], jobs=1, timed_out=lambda i: None, asked=here.append)) == [0, -1]
    assert here == []  # run in this process: nothing is waited for


def test_graph_larger_than_a_sort_run_is_merged_to_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    from kgraph.graph import serialize

    graph = loaded("memory", hostile_graph())
    for i in range(300):
        graph.add((URIRef(f"https://example.org/n{i % 17}"), KG.fileName, Literal(f"page {i}.txt")))
    whole = {fmt: serialize_graph(graph, fmt) for fmt in ("ttl", "nt")}
    monkeypatch.setattr(serialize, "SORT_RUN_BYTES", 2_000)  # dozens of runs, merged
    assert {fmt: serialize_graph(graph, fmt) for fmt in ("ttl", "nt")} == whole
    lines = whole["nt"].split(b"\n")[:-1]
    assert lines == sorted(lines) and len(lines) == len(graph)


def test_gnu_sort_the_python_sort_and_a_failed_sort_give_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from kgraph.graph import serialize

    if serialize._gnu_sort() is None:
        pytest.skip("no GNU coreutils sort on this machine")
    graph = loaded("memory", hostile_graph())
    for i in range(300):
        graph.add((URIRef(f"https://example.org/n{i % 17}"), KG.fileName, Literal(f"page {i} \u00e9\u202e.txt")))
    whole = {fmt: serialize_graph(graph, fmt) for fmt in ("ttl", "nt")}
    monkeypatch.setattr(serialize, "_PIPE_CHUNK", 997)  # chunks that end inside lines
    by_gnu = {fmt: serialize_graph(graph, fmt) for fmt in ("ttl", "nt")}
    assert by_gnu == whole
    monkeypatch.setattr(serialize, "SORT_RUN_BYTES", 2_000)  # Python: dozens of runs, merged
    monkeypatch.setattr(serialize, "_sort_with_coreutils", lambda source, folder: None)
    assert {fmt: serialize_graph(graph, fmt) for fmt in ("ttl", "nt")} == by_gnu
    monkeypatch.undo()
    failing = shutil.which("false")  # a sort that fails: the Python sort takes over
    monkeypatch.setattr(serialize, "_gnu_sort", lambda: failing)
    assert {fmt: serialize_graph(graph, fmt) for fmt in ("ttl", "nt")} == by_gnu


def test_a_sink_with_a_stream_writes_its_lines_there_in_chunks():
    triples = [(URIRef(f"https://a.example/s{n}"), KG.text, Literal(f"line {n} \u00e9")) for n in range(7)]
    stream = io.BytesIO()
    sink = NTriplesSink(stream, spill_lines=3)
    for triple in triples:
        sink.add(triple)
    assert stream.getvalue().count(b"\n") == 6  # two chunks of three so far; one line held
    sink.flush()
    assert stream.getvalue() == ntriples(triples) and sink.data() == b""


def test_release_memory_hands_freed_malloc_pages_back():
    import psutil

    process = psutil.Process()
    pile = [bytes(2_000) + str(n).encode() for n in range(100_000)]  # ~200 MB from C's malloc
    kept = pile[::10]  # every tenth stays: the freed rest is spread through the heap, not at its top
    del pile
    gc.collect()
    before = process.memory_info().rss
    if not release_memory():
        pytest.skip("no malloc_trim here (not glibc)")
    assert before - process.memory_info().rss > 100_000_000
    assert len(kept) == 10_000


# ---------------------------------------------------------------- the anchor table

def _anchored_graph() -> tuple[Graph, dict[str, tuple[str, int, int] | None]]:
    """Nodes anchored in two pages, with the odd cases a hand-edited graph can have, and what each must read as."""
    from kgraph.graph.anchors import add_anchor

    graph = Graph()
    text = "Ketamine eases chronic pain. " * 4
    doc_a, doc_b = URIRef("https://clinic.example/a"), URIRef("https://clinic.example/b")
    def node(name: str) -> URIRef:
        return URIRef(f"https://w3id.org/kgraph/id/mention/{name}")

    expected: dict[str, tuple[str, int, int] | None] = {}
    for i in range(40):  # enough rows that a lookup searches
        doc = doc_a if i % 2 else doc_b
        add_anchor(graph, node(f"n{i}"), doc, text, i, i + 8)
        expected[str(node(f"n{i}"))] = (str(doc), i, i + 8)
    add_anchor(graph, node("twice"), doc_b, text, 30, 40)  # anchored twice: the least anchor is kept
    add_anchor(graph, node("twice"), doc_a, text, 50, 60)
    expected[str(node("twice"))] = (str(doc_a), 50, 60)
    target = add_anchor(graph, node("edited"), doc_a, text, 5, 9)  # an offset that is no integer: left out
    graph.set((URIRef(f"{target}/position"), OA.start, Literal("five")))
    expected[str(node("edited"))] = None
    expected[str(node("unanchored"))] = None
    return graph, expected


def _read_all(table, expected):
    return {iri: (tuple(a) if (a := table.get(iri)) is not None else None) for iri in expected}


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_anchor_table_answers_each_node_as_the_graph_says(store):
    from kgraph.graph.reader import PropertyReader

    graph, expected = _anchored_graph()
    if store == "oxigraph":
        copy = open_graph("memory")
        copy += graph
        graph = copy
    table = PropertyReader(graph).anchors()
    assert _read_all(table, expected) == expected
    assert len(table) == sum(v is not None for v in expected.values())
    some = next(iri for iri, v in expected.items() if v is not None)
    assert some in table and URIRef(some) in table and tuple(table[URIRef(some)]) == expected[some]
    assert "https://w3id.org/kgraph/id/mention/unanchored" not in table and 3 not in table
    with pytest.raises(KeyError):
        table["https://w3id.org/kgraph/id/mention/unanchored"]


def test_anchor_table_is_exact_when_hashes_collide(monkeypatch):
    """Every IRI given one of two hashes: the rows are read again and kept by IRI, with the same answers."""
    from kgraph.graph import reader

    graph, expected = _anchored_graph()
    monkeypatch.setattr(reader, "_iri_hash", lambda iri: len(iri) % 2)
    table = reader.PropertyReader(graph).anchors()
    assert _read_all(table, expected) == expected
    assert len(table) == sum(v is not None for v in expected.values())


def test_sound_anchors_leave_out_spans_that_cannot_be():
    from kgraph.graph.reader import AnchorTable

    rows = [("n1", "d", 0, 4), ("n2", "d", -1, 4), ("n3", "d", 9, 4), ("n4", "e", "2", "3"), ("n5", "e", 2**70, 3)]
    table = AnchorTable(lambda: iter(rows))
    assert len(table) == 4 and "n5" not in table  # no page is 2**70 long
    sound = table.sound()
    assert _read_all(sound, {"n1": 0, "n2": 0, "n3": 0, "n4": 0}) == {
        "n1": ("d", 0, 4), "n2": None, "n3": None, "n4": ("e", 2, 3)}
    assert table.sound() is not table and sound.sound() is sound


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_a_type_is_looked_up_without_reading_the_class(store):
    from kgraph.graph.reader import PropertyReader
    from kgraph.graph.store import has_type
    from kgraph.namespaces import RDF

    graph = Graph() if store == "rdflib" else open_graph("memory")
    claim, mention = URIRef("https://w3id.org/kgraph/id/claim/c"), URIRef("https://w3id.org/kgraph/id/mention/m")
    graph.add((claim, RDF.type, KG.Claim))
    graph.add((mention, RDF.type, KG.Mention))
    assert has_type(graph, claim, KG.Claim) and not has_type(graph, mention, KG.Claim)
    by_node = PropertyReader(graph, by_node=[KG.subject])
    assert by_node.is_a(claim, KG.Claim) and not by_node.is_a(mention, KG.Claim) and not by_node.is_a(None, KG.Claim)
    assert KG.Claim not in by_node._typed  # looked up, not read whole
    assert [str(n) for n in by_node.each_of_type(KG.Mention)] == [str(mention)]
    assert PropertyReader(graph).is_a(claim, KG.Claim)
