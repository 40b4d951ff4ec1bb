"""Extraction on a real local Dask cluster (two worker processes) gives the local build's graph."""

from __future__ import annotations

import pickle
import threading
import time

import distributed  # a test extra: kgraph[distributed] is part of kgraph[test]
import pytest
from rdflib.compare import isomorphic

from conftest import SAMPLE_CORPUS
from kgraph.corpus import iter_corpus
from kgraph.corpus.records import Document, SkippedFile
from kgraph.engines.dask import _ThreadTimeLimit, extract_on_dask
from kgraph.errors import KGraphError, PipelineError, UsageError
from kgraph.extract import DocumentExtraction
from kgraph.graph.serialize import serialize_graph
from kgraph.limits import PageTimeout


@pytest.fixture(scope="module")
def cluster():
    """A scheduler and two single-threaded worker processes on 127.0.0.1 (no dashboard: no fixed port)."""
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address=None) as local:
        yield local


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return [item for item in iter_corpus(SAMPLE_CORPUS) if isinstance(item, Document)]


def build_from(documents: list[Document], extractions, nlp):
    """The graph from extractions, as kgraph.build.build_corpus makes it."""
    from kgraph.build import _run_info, analyze_graph
    from kgraph.graph.build import GraphBuilder
    from kgraph.vocabulary import load_vocabulary

    builder = GraphBuilder(load_vocabulary(), _run_info(nlp))
    for document, extraction in zip(documents, extractions, strict=True):
        assert isinstance(extraction, DocumentExtraction), extraction
        assert extraction.document.file_name == document.file_name  # corpus order
        builder.add_extraction(extraction)
    graph = builder.finish()
    analyze_graph(graph)
    return graph


def test_dask_build_is_the_local_build(cluster, documents, sample_build, nlp):
    started = time.monotonic()
    # batch_size=1: five tasks, so both workers get pages and the window (4) holds back the fifth
    extractions = list(extract_on_dask(iter(documents), scheduler=cluster.scheduler_address, batch_size=1))
    took = time.monotonic() - started
    graph = build_from(documents, extractions, nlp)
    local = sample_build[0].graph
    assert len(graph) == len(local) > 10_000
    assert isomorphic(graph, local)
    assert serialize_graph(graph, "ttl") == serialize_graph(local, "ttl")
    print(f"dask extraction of {len(documents)} documents: {took:.1f} s")


def test_pipeline_is_loaded_once_per_worker(cluster, documents):
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as client:
        def loaded() -> dict:
            from kgraph.engines import dask as engine  # the worker's module, not a pickled copy of its dict

            return {model: id(nlp) for model, (nlp, _) in engine._PIPELINES.items()}

        list(extract_on_dask(documents[:3], scheduler=cluster.scheduler_address, batch_size=1))
        before = client.run(loaded)
        list(extract_on_dask(documents[:3], scheduler=cluster.scheduler_address, batch_size=1))
        after = client.run(loaded)
    assert len(before) == 2 and any(before.values())
    for worker, models in before.items():
        assert set(models) <= {None} and after[worker].items() >= models.items()  # same object: not reloaded


def test_documents_are_read_a_window_at_a_time(cluster, documents):
    pulled = []

    def corpus():
        for document in documents:
            pulled.append(document.file_name)
            yield document

    stream = extract_on_dask(corpus(), scheduler=cluster.scheduler_address, batch_size=1, window=2)
    first = next(stream)
    assert first.document.file_name == documents[0].file_name
    assert len(pulled) == 3 < len(documents)  # two batches in flight, one more sent when the first came back
    stream.close()  # stopping early closes the client and cancels what is in flight


def test_extractions_pickle_as_plain_records(cluster, documents):
    extraction = next(extract_on_dask(documents[:1], scheduler=cluster.scheduler_address))
    assert pickle.loads(pickle.dumps(extraction)) == extraction
    assert extraction.mentions and extraction.document == documents[0]


def test_a_page_out_of_time_is_skipped_not_fatal(cluster, documents):
    results = list(extract_on_dask(documents[:2], scheduler=cluster.scheduler_address, max_page_seconds=0.001))
    assert [type(r) for r in results] == [SkippedFile, SkippedFile]
    assert [r.file for r in results] == [d.file_name for d in documents[:2]]
    assert "--max-page-seconds 0.001" in results[0].reason


def test_a_model_the_workers_lack_is_a_clear_error(cluster, documents):
    with pytest.raises(PipelineError, match="no_such_model_xyz"):
        list(extract_on_dask(documents[:1], scheduler=cluster.scheduler_address, model="no_such_model_xyz"))


def test_unreachable_scheduler_names_the_address(documents):
    from servers import free_port

    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(KGraphError, match="cannot reach the Dask scheduler at " + address) as caught:
        next(extract_on_dask(documents[:1], scheduler=address, connect_timeout=2))
    assert caught.value.exit_status == 1


def test_malformed_scheduler_address_is_a_usage_error(documents):
    with pytest.raises(UsageError, match="not a Dask scheduler address"):
        next(extract_on_dask(documents[:1], scheduler="foo://nowhere"))


def test_thread_time_limit_interrupts_python_code_in_a_worker_thread():
    outcome = []

    def busy() -> None:
        try:
            with _ThreadTimeLimit(0.2):
                while True:
                    pass
        except PageTimeout:
            outcome.append("stopped")
        with _ThreadTimeLimit(5):  # a block that ends in time is left alone
            outcome.append("finished")

    thread = threading.Thread(target=busy, daemon=True)
    thread.start()
    thread.join(10)
    assert outcome == ["stopped", "finished"]


def test_without_dask_the_error_says_what_to_install(monkeypatch, documents):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed: importing it fails
    with pytest.raises(KGraphError, match=r'pip install "kgraph\[distributed\]"'):
        next(extract_on_dask(documents[:1], scheduler="tcp://127.0.0.1:8786"))
