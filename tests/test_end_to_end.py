"""The real model on the bundled sample corpus, end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from rdflib import Graph

from kgraph.graph.validate import validate_graph
from kgraph.namespaces import KG, RDF

from conftest import ROOT, SAMPLE_CORPUS, check_anchors

pytestmark = pytest.mark.slow


def test_sample_build_writes_a_valid_graph(sample_build):
    result, out = sample_build
    assert result.exit_status == 0
    assert result.documents == 5
    assert {k for k, v in result.mentions.items() if v} == {"DRUG", "RECEPTOR", "CONDITION", "STATISTIC", "SOURCE"}
    graph = Graph().parse(out / "graph.ttl")
    validation = validate_graph(graph)
    assert validation.conforms, validation.report
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 5 and summary["skipped"] == []


def test_every_quote_is_the_text_at_its_offsets(sample_build):
    result, _ = sample_build
    assert check_anchors(result.graph) > 400


def test_document_text_is_the_file_text(sample_build):
    result, _ = sample_build
    for doc, name in result.graph.subject_objects(KG.fileName):
        on_disk = (SAMPLE_CORPUS / str(name)).read_bytes().decode("utf-8")
        assert str(result.graph.value(doc, KG.text)) == on_disk


def test_publisher_comes_from_the_manifest(sample_build):
    from kgraph.namespaces import DCTERMS, SKOS

    result, _ = sample_build
    graph = result.graph
    publishers = {str(graph.value(graph.value(doc, DCTERMS.publisher), SKOS.prefLabel))
                  for doc in graph.subjects(RDF.type, KG.Document)}
    assert "PAX Institute" in publishers and "Tranquility Ketamine Clinic" in publishers


def test_same_corpus_same_bytes_in_another_process(sample_build, tmp_path):
    _, out = sample_build
    env = dict(os.environ, PYTHONHASHSEED="4242")
    proc = subprocess.run([sys.executable, "-m", "kgraph", "build", str(SAMPLE_CORPUS), "--out", str(tmp_path)],
                          env=env, capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


def test_scores_on_the_sample_gold(sample_build, shared_dir):
    """Regression guard for the seed gold (issue 2 targets); the real test is unseen pages."""
    _, out = sample_build
    scores = out / "scores.json"
    proc = subprocess.run(
        [sys.executable, str(shared_dir / "eval" / "score.py"), "--graph", str(out / "graph.ttl"),
         "--corpus", str(SAMPLE_CORPUS), "--entities", str(shared_dir / "gold" / "seed-entities.jsonl"),
         "--json", str(scores)],
        capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(scores.read_text())
    assert data["entity_macro_f1"] >= 0.90
    assert all(row["f1"] >= 0.80 for row in data["entities"]["per_type"].values())
    assert data["entities"]["concept_linking_bcubed"]["f1"] >= 0.90


def test_two_worker_processes_give_the_same_graph(sample_build, tmp_path):
    from kgraph.build import build_corpus
    from kgraph.graph.serialize import serialize_graph

    result, _ = sample_build
    parallel = build_corpus(SAMPLE_CORPUS, None, jobs=2)
    assert serialize_graph(parallel.graph) == serialize_graph(result.graph)


@pytest.mark.parametrize(("name", "macro_floor", "linking_floor"),
                         [("heldout", 0.93, 0.93), ("blind2", 0.92, 0.92), ("blind3", 0.92, 0.95)])
def test_scores_on_pages_written_apart_from_the_code(tmp_path, shared_dir, name, macro_floor, linking_floor):
    """Pages and gold written by annotators who did not see the code; guards against overfitting regressions."""
    from kgraph.build import build_corpus

    data = ROOT / "tests" / "data" / name
    result = build_corpus(data / "corpus", tmp_path)
    validation = validate_graph(result.graph)
    assert validation.conforms, validation.report
    scores = tmp_path / "scores.json"
    proc = subprocess.run(
        [sys.executable, str(shared_dir / "eval" / "score.py"), "--graph", str(tmp_path / "graph.ttl"),
         "--corpus", str(data / "corpus"), "--entities", str(data / "gold-entities.jsonl"), "--json", str(scores)],
        capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(scores.read_text())
    assert result["entity_macro_f1"] >= macro_floor
    assert result["entities"]["concept_linking_bcubed"]["f1"] >= linking_floor


def test_a_work_described_on_one_page_is_checked_against_another_pages_reference_list(tmp_path):
    """A news page's "2017 consensus statement ... in The American Journal of Psychiatry" against a blog's entry."""
    from kgraph.build import build_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "news.txt").write_text(
        "Ketamine clinics are spreading.\n\nA 2017 consensus statement from a task force of psychiatrists, published "
        "in The American Journal of Psychiatry, urged careful screening before ketamine infusions.\n\nA 2019 "
        "consensus statement from a patient group asked for lower prices.\n", encoding="utf-8")
    (corpus / "blog.txt").write_text(
        "Ketamine helps some people with depression (Sanacora et al., 2017).\n\nReferences\n\n"
        "Sanacora, G., Frye, M. A., McDonald, W., et al. (2017). A consensus statement on the use of ketamine in "
        "the treatment of mood disorders. JAMA Psychiatry, 74(4), 399-405.\n", encoding="utf-8")
    result = build_corpus(corpus, tmp_path / "out")
    graph = result.graph
    described = [c for c in graph.subjects(RDF.type, KG.InTextCitation) if graph.value(c, KG.describedAs)]
    # the 2019 statement names no journal and no page lists it: not a citation
    assert [str(graph.value(c, KG.describedAs)) for c in described] == ["consensus statement"]
    [citation] = described
    assert graph.value(citation, KG.citationKey) is None and graph.value(citation, KG.citesEntry) is None
    assert str(graph.value(citation, KG.inTextVenue)).endswith("/american-journal-of-psychiatry")
    mismatches = [f for f in graph.subjects(KG.findingType, KG.CitationMismatch)
                  if (f, KG.involves, citation) in graph]
    assert len(mismatches) == 1
    explanation = str(graph.value(mismatches[0], KG.explanation))
    assert "JAMA Psychiatry" in explanation and "blog.txt" in explanation, explanation
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    members = [m for f in report["findings"] for m in f["members"] if m["kind"] == "citation"]
    assert [(m["subject"], m["object"]) for m in members] == [
        ("consensus statement (2017)", "American Journal of Psychiatry")]
