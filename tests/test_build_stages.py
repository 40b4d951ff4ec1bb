"""The build's two processes at ``--jobs 1``: the model in a worker, the rest beside it; work in forked processes."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import numpy
import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

from kgraph.corpus import iter_corpus
from kgraph.corpus.records import Document, SkippedFile
from kgraph.errors import GraphError, PipelineError
from kgraph.extract import (
    DocumentExtraction,
    ParsedPage,
    _prepared,
    extract_document,
    finish_page,
    parse_page,
    pipeline_stages,
)
from kgraph.graph.serialize import serialize_graph, write_atomic_all, write_graph
from kgraph.limits import run_beside, run_each

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


# ---------------------------------------------------------------- work in a forked process


def test_work_beside_writes_its_file_while_this_process_goes_on(tmp_path: Path) -> None:
    target = tmp_path / "beside.txt"
    job = run_beside(lambda: target.write_text(f"written by {os.getpid()}"))
    here = sum(range(100_000))  # this process is not held up
    job.wait()
    assert here == 4_999_950_000
    assert target.read_text().startswith("written by ") and target.read_text() != f"written by {os.getpid()}"


def test_the_error_of_work_beside_is_raised_by_wait(tmp_path: Path) -> None:
    def fails() -> None:
        raise GraphError(f"cannot write graph to {tmp_path}: disk full")

    job = run_beside(fails)
    with pytest.raises(GraphError, match="disk full"):
        job.wait()
    job.wait()  # raised once
    run_beside(fails).wait(raise_error=False)


def test_work_beside_that_dies_is_reported() -> None:
    job = run_beside(lambda: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(PipelineError, match="forked process ended"):
        job.wait()


def test_the_graph_written_by_a_forked_process_leaves_the_copy_appendable(sample_build, tmp_path: Path) -> None:
    from kgraph.graph.ntriples import ntriples_copy

    result, out = sample_build
    copy = ntriples_copy(result.graph)
    at = copy.tell()
    run_beside(lambda: write_graph(result.graph, tmp_path / "graph.ttl")).wait()
    assert copy.tell() == at == os.lseek(copy.fileno(), 0, os.SEEK_CUR)
    assert (tmp_path / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


def test_files_made_beside_are_renamed_with_the_others(tmp_path: Path) -> None:
    files = [(tmp_path / name, lambda handle, _, name=name: handle.write(f"{name} {os.getpid()}".encode()))
             for name in ("a.txt", "b.txt", "c.txt")]
    assert write_atomic_all(files, beside=("b.txt",)) == [tmp_path / n for n in ("a.txt", "b.txt", "c.txt")]
    here = str(os.getpid())
    texts = {path.name: path.read_text() for path in tmp_path.iterdir()}
    assert texts["a.txt"] == f"a.txt {here}" and texts["c.txt"] == f"c.txt {here}"
    assert texts["b.txt"].startswith("b.txt ") and texts["b.txt"] != f"b.txt {here}"


def test_a_file_failing_beside_leaves_every_old_file_and_no_temporary(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("old")

    def fails(handle, _) -> None:
        handle.write(b"half")
        raise GraphError("the renderer failed")

    files = [(tmp_path / "a.txt", lambda handle, _: handle.write(b"new")), (tmp_path / "b.txt", fails)]
    with pytest.raises(GraphError, match="the renderer failed"):
        write_atomic_all(files, beside=("b.txt",))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]
    assert all(p.read_text() == "old" for p in tmp_path.iterdir())
