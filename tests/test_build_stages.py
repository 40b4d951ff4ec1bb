"""The build's two processes at ``--jobs 1`` (the model in a worker, the rest beside it), and graph.ttl written beside."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy
import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.tokens import Doc

from kgraph.corpus import iter_corpus
from kgraph.corpus.records import Document, SkippedFile
from kgraph.errors import GraphError
from kgraph.extract import (
    DocumentExtraction,
    ParsedPage,
    _prepared,
    deferrable_components,
    extract_document,
    finish_page,
    parse_page,
    pipeline_stages,
)
from kgraph.graph.serialize import serialize_graph, write_graph
from kgraph.graph.turtle_process import start_turtle
from kgraph.limits import MAX_CHUNK_CHARS, Ready, run_each

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = ROOT / "corpus"
ANNOTATIONS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]


def _sample_documents() -> list[Document]:
    return [item for item in iter_corpus(SAMPLE_CORPUS) if isinstance(item, Document)]


# ---------------------------------------------------------------- the two stages


def test_the_model_runs_first_and_the_token_annotators_after_it(nlp) -> None:
    first, later = pipeline_stages(nlp)
    assert first == ["tok2vec", "tagger", "kgraph_line_breaks", "parser", "ner"]
    assert later[:2] == ["attribute_ruler", "lemmatizer"] and later[-1] == "kgraph_claims"
    assert sorted(first + later) == sorted(nlp.pipe_names)


def _pipeline_with_ner_features(attrs: list[str]):
    """A blank pipeline: tagger, attribute ruler, lemmatizer, then an NER model embedding ``attrs``."""
    nlp = spacy.blank("en")
    nlp.add_pipe("tagger")
    nlp.add_pipe("attribute_ruler")
    nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    embed = {"@architectures": "spacy.MultiHashEmbed.v2", "width": 32, "attrs": attrs,
             "rows": [1000] * len(attrs), "include_static_vectors": False}
    encode = {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 32, "depth": 1, "window_size": 1,
              "maxout_pieces": 2}
    model = {"@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
             "hidden_width": 32, "maxout_pieces": 2, "use_upper": True,
             "tok2vec": {"@architectures": "spacy.Tok2Vec.v2", "embed": embed, "encode": encode}}
    nlp.add_pipe("ner", config={"model": model})
    return nlp


def test_a_model_reading_lemmas_keeps_the_annotators_before_it() -> None:
    assert pipeline_stages(_pipeline_with_ner_features(["NORM", "LEMMA"])) == (
        ["tagger", "attribute_ruler", "lemmatizer", "ner"], [])
    assert pipeline_stages(_pipeline_with_ner_features(["NORM", "SHAPE"])) == (
        ["tagger", "ner"], ["attribute_ruler", "lemmatizer"])


def test_the_stages_annotate_as_the_pipeline_in_its_own_order_does(nlp) -> None:
    for document in _sample_documents():
        staged, ordered = _prepared(nlp, document), nlp(document.text)
        assert numpy.array_equal(staged.to_array(ANNOTATIONS), ordered.to_array(ANNOTATIONS)), document.file_name
        assert [(e.start, e.end, e.label_) for e in staged.ents] == [(e.start, e.end, e.label_) for e in ordered.ents]


def test_a_page_parsed_in_a_worker_and_finished_here_is_the_page_extracted_whole(nlp) -> None:
    documents = _sample_documents()
    parsed = list(run_each(lambda document: parse_page(nlp, document), documents, jobs=1, offload=True,
                           timed_out=lambda document: None))
    assert all(isinstance(page, ParsedPage) for page in parsed)
    for page, document in zip(parsed, documents):
        finished = finish_page(nlp, page)
        assert isinstance(finished, DocumentExtraction) and finished.claims
        assert finished == extract_document(nlp, document)


def test_the_entity_recognizer_is_the_part_of_the_model_a_page_may_leave(nlp) -> None:
    assert deferrable_components(nlp) == ("ner",)  # its own embedding: nothing else reads it, it reads no one
    # a tagger and an NER model each embedding the page themselves: the last ones, in their order
    assert deferrable_components(_pipeline_with_ner_features(["NORM", "SHAPE"])) == ("tagger", "ner")
    listening = spacy.blank("en")
    listening.add_pipe("tok2vec")
    listening.add_pipe("ner", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
        "hidden_width": 32, "maxout_pieces": 2, "use_upper": True,
        "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "*"}}})
    assert deferrable_components(listening) == ()  # it reads the shared tok2vec the worker ran


def test_a_page_whose_worker_left_the_entity_recognizer_is_the_page_extracted_whole(nlp) -> None:
    documents = _sample_documents()
    parsed = list(run_each(lambda document: parse_page(nlp, document, defer=True), documents, jobs=1,
                           offload=True, timed_out=lambda document: None))
    for page, document in zip(parsed, documents):
        assert isinstance(page, ParsedPage) and page.deferred == ("ner",)
        assert Doc(nlp.vocab).from_bytes(page.doc).ents == ()  # the worker did not run it
        assert finish_page(nlp, page) == extract_document(nlp, document)


def test_a_long_page_parsed_in_pieces_keeps_its_whole_model_in_the_worker(nlp) -> None:
    document = _sample_documents()[0]
    text = document.text
    long_page = replace(document, text=(text + "\n\n") * (MAX_CHUNK_CHARS // len(text) + 1))
    page = parse_page(nlp, long_page, defer=True)
    assert page.deferred == () and len(long_page.text) > MAX_CHUNK_CHARS
    assert Doc(nlp.vocab).from_bytes(page.doc).ents  # recognized in the worker, piece by piece


def test_the_model_share_defers_the_pages_sent_after_this_process_waited() -> None:
    from kgraph.build import _ModelShare

    share = _ModelShare()

    def queue():
        yield "a.txt", "key a"
        share.asked(False)  # this process waited for a page: the worker is behind
        yield Ready("cached")
        yield "b.txt", "key b"
        share.asked(True)  # the page was there: this process is behind
        yield "c.txt", None

    sent = list(share.pages(queue()))
    assert sent[0] == ("a.txt", "key a", False) and sent[2] == ("b.txt", "key b", True)
    assert isinstance(sent[1], Ready) and sent[1].value == "cached" and sent[3] == ("c.txt", None, False)


def test_pages_finished_with_and_without_the_worker_s_share_build_the_same_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kgraph.build as build

    corpus = _two_page_corpus(tmp_path)
    finished: list[tuple[str, ...]] = []
    finish = build.finish_page

    def recording_finish(nlp, page):
        finished.append(page.deferred)
        return finish(nlp, page)

    monkeypatch.setattr(build, "finish_page", recording_finish)
    monkeypatch.setattr(build._ModelShare, "asked", lambda self, ready: None)
    for waited in (False, True):  # this process never waits for the worker, or always
        monkeypatch.setattr(build._ModelShare, "__init__", lambda self, waited=waited: setattr(
            self, "_waited", waited))
        build.build_corpus(corpus, tmp_path / f"waited-{waited}", jobs=1)
    assert finished == [(), (), ("ner",), ("ner",)]
    for name in ("graph.ttl", "report.json", "report.html", "report.md", "findings.csv"):
        assert (tmp_path / "waited-False" / name).read_bytes() == (tmp_path / "waited-True" / name).read_bytes()


def test_a_page_failing_in_the_second_stage_is_skipped_and_named(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    import kgraph.extract

    document = _sample_documents()[0]
    page = parse_page(nlp, document)

    def broken(document, doc):
        raise ArithmeticError("boom")

    monkeypatch.delenv("KGRAPH_DEBUG", raising=False)
    monkeypatch.setattr(kgraph.extract, "extraction_from_doc", broken)
    skipped = finish_page(nlp, page)
    assert isinstance(skipped, SkippedFile) and skipped.file == document.file_name
    assert skipped.reason.startswith("extraction failed (ArithmeticError: boom)")


def _two_page_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for page in sorted(SAMPLE_CORPUS.glob("*.txt"))[:2]:
        (corpus / page.name).write_bytes(page.read_bytes())
    return corpus


def test_the_time_limit_holds_for_the_stage_run_beside_the_worker(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """At --jobs 1 kgraph's components run in the build process: a page that takes too long there is skipped."""
    import kgraph.extract
    from kgraph.build import build_corpus

    corpus = _two_page_corpus(tmp_path)
    slow_page = sorted(p.name for p in corpus.iterdir())[1]
    records = kgraph.extract.extraction_from_doc

    def slow(document, doc):
        if document.file_name == slow_page:
            time.sleep(30)
        return records(document, doc)

    monkeypatch.setattr(kgraph.extract, "extraction_from_doc", slow)
    started = time.perf_counter()
    result = build_corpus(corpus, None, jobs=1, max_page_seconds=2)
    assert time.perf_counter() - started < 25
    assert result.documents == 1 and [s.file for s in result.skipped] == [slow_page]
    assert "longer than --max-page-seconds 2" in result.skipped[0].reason


def test_one_worker_and_two_workers_build_the_same_graph(tmp_path: Path) -> None:
    """--jobs 1 splits each page between two processes, --jobs 2 extracts whole pages in each worker."""
    from kgraph.build import build_corpus

    corpus = _two_page_corpus(tmp_path)
    one, two = build_corpus(corpus, tmp_path / "one", jobs=1), build_corpus(corpus, tmp_path / "two", jobs=2)
    assert serialize_graph(one.graph) == serialize_graph(two.graph)
    for name in ("graph.ttl", "report.json", "report.html", "report.md", "findings.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_the_build_lets_the_pipeline_go_before_the_analysis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The model, and the vocabulary the pages grew, are not held while the graph is analysed and reported."""
    import gc
    import weakref

    import kgraph.build as build

    loaded: list[weakref.ref] = []
    get = build._Pipeline.get

    def recording_get(self):
        nlp = get(self)
        loaded.append(weakref.ref(nlp))
        return nlp

    alive: list[list[bool]] = []
    analyze = build._analyze

    def checking_analyze(*args, **kwargs):
        gc.collect()
        alive.append([ref() is not None for ref in loaded])
        return analyze(*args, **kwargs)

    monkeypatch.setattr(build._Pipeline, "get", recording_get)
    monkeypatch.setattr(build, "_analyze", checking_analyze)
    result = build.build_corpus(_two_page_corpus(tmp_path), tmp_path / "out", jobs=1)
    assert result.documents == 2 and result.findings is not None
    assert loaded and alive == [[False] * len(loaded)]


# ---------------------------------------------------------------- graph.ttl written by another process


def test_graph_file_written_by_another_process_is_the_one_written_here(sample_build, tmp_path: Path) -> None:
    from kgraph.graph.ntriples import ntriples_copy

    result, out = sample_build
    copy = ntriples_copy(result.graph)
    at = copy.tell()
    job = start_turtle(result.graph, tmp_path / "graph.ttl")
    assert job._process is not None  # a build's graph has a copy: another process writes it
    job.wait()
    assert copy.tell() == at == os.lseek(copy.fileno(), 0, os.SEEK_CUR)  # the copy stays appendable
    write_graph(result.graph, tmp_path / "here.ttl")
    assert (tmp_path / "graph.ttl").read_bytes() == (tmp_path / "here.ttl").read_bytes()
    assert (tmp_path / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


def test_graph_file_that_cannot_be_written_raises_with_the_reason(sample_build, tmp_path: Path) -> None:
    result, _ = sample_build
    (tmp_path / "graph.ttl").mkdir()  # a folder where the file should go
    job = start_turtle(result.graph, tmp_path / "graph.ttl")
    with pytest.raises(GraphError, match=r"cannot write graph to .*graph\.ttl: .*directory"):
        job.wait()
    job.wait()  # raised once
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]  # no temporary left


def test_graph_without_a_copy_is_written_here(tmp_path: Path) -> None:
    from rdflib import Graph, Literal, URIRef

    graph = Graph()
    graph.add((URIRef("https://example.org/a"), URIRef("https://example.org/b"), Literal("c")))
    job = start_turtle(graph, tmp_path / "graph.ttl")
    assert job._process is None and (tmp_path / "graph.ttl").read_bytes() == serialize_graph(graph)
    job.wait()


def test_the_writer_process_reports_a_bad_descriptor(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "kgraph.graph.turtle_process", "--fd", "999", "--parent", str(os.getpid()),
               str(tmp_path / "graph.ttl")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1 and "Bad file descriptor" in done.stderr
    assert not any(tmp_path.iterdir())
