"""Smoke test of bench/analysis_scale.py on two small synthetic sizes grown from the sample corpus."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # needs the sample build (the real spaCy model)


def _bench():
    """bench/analysis_scale.py as a module (bench/ is not a package)."""
    if "analysis_scale" not in sys.modules:
        spec = importlib.util.spec_from_file_location("analysis_scale", ROOT / "bench" / "analysis_scale.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["analysis_scale"] = module  # dataclasses look their module up here
        spec.loader.exec_module(module)
    return sys.modules["analysis_scale"]


def test_analysis_scale_bench_reports_both_sizes(sample_build, tmp_path, capsys):
    result, _ = sample_build
    figures = tmp_path / "scale.json"
    status = _bench().main(["--sizes", "200", "400", "--repeat", "1", "--json", str(figures)], data=result.graph)
    assert status == 0
    report = json.loads(figures.read_text(encoding="utf-8"))
    assert [row["claims"] for row in report["sizes"]] == [200, 400]
    for row in report["sizes"]:
        assert row["documents"] >= 2
        assert sum(row["mix"].values()) == row["claims"]
        assert sum(row["findings"].values()) > 0
        assert row["analysis_seconds"] > 0
    assert len(report["growth"]) == 1 and report["target"]["pass"] in (True, False)
    assert ("PASS" in capsys.readouterr().out) == report["target"]["pass"]


def test_synthetic_graphs_are_the_same_each_run(sample_build):
    from kgraph.analysis import project
    from kgraph.graph.findings import load_ontology

    bench = _bench()
    sample = bench.sample_from(project(sample_build[0].graph, load_ontology()))
    first, made = bench.synthesize(sample, 300, seed=7)
    again, _ = bench.synthesize(sample, 300, seed=7)
    assert made["claims"] == 300
    assert sorted(first.nodes(data=True), key=repr) == sorted(again.nodes(data=True), key=repr)
