"""build_corpus and the CLI with --engine dask and a SPARQL-server --store: the same graph as a local build."""

from __future__ import annotations

import shutil

import distributed
import pytest

from conftest import SAMPLE_CORPUS
from kgraph.build import build_corpus
from kgraph.graph.remote import canonical_literals, fetch_graph
from rdflib.compare import isomorphic
from servers import oxigraph  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address=None) as local:
        yield local


def test_build_on_dask_into_a_sparql_server(cluster, oxigraph, sample_build, tmp_path):  # noqa: F811
    store = f"{oxigraph.endpoint}?graph=urn:x:build"
    result = build_corpus(SAMPLE_CORPUS, tmp_path, engine="dask", scheduler=cluster.scheduler_address, store=store)
    assert (tmp_path / "graph.ttl").read_bytes() == (sample_build[1] / "graph.ttl").read_bytes()
    assert result.pushed.server_triples == len(result.graph)
    assert isomorphic(canonical_literals(fetch_graph(store)), canonical_literals(result.graph))


def test_dask_build_with_part_of_the_corpus_in_the_cache(cluster, sample_build, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, corpus)
    part = tmp_path / "part"
    shutil.copytree(SAMPLE_CORPUS, part, ignore=lambda folder, names: [n for n in names if n.startswith(("001", "003"))])
    cache = tmp_path / "cache"
    build_corpus(part, None, cache_dir=cache)  # pages 000, 002, 004 cached
    result = build_corpus(corpus, tmp_path / "out", cache_dir=cache, engine="dask",
                          scheduler=cluster.scheduler_address)
    assert (result.cache_hits, result.cache_misses) == (3, 2)
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (sample_build[1] / "graph.ttl").read_bytes()


@pytest.mark.parametrize(("args", "status", "message"), [
    (["--engine", "dask"], 2, "needs --scheduler"),
    (["--scheduler", "tcp://127.0.0.1:1"], 2, "needs --engine dask"),
    (["--engine", "dask", "--scheduler", "foo://x"], 2, "not a Dask scheduler address"),
    (["--store", "http://127.0.0.1:7878/"], 2, "unknown store"),
    (["--store", "sparql+http://127.0.0.1:8890/sparql"], 2, "name a graph"),
    (["--store", "sparql+http://127.0.0.1:1/"], 1, "cannot reach the SPARQL server"),
])
def test_build_refuses_bad_engine_and_store_options(args, status, message, tmp_path, capsys):
    from kgraph.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["build", str(SAMPLE_CORPUS), "--out", str(tmp_path), "--no-cache", *args])
    assert exit_info.value.code == status
    assert message in " ".join(capsys.readouterr().err.split())
    assert not (tmp_path / "graph.ttl").exists()  # refused before the build
