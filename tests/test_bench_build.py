"""Smoke tests of the build benchmarks: the corpus generator, the throughput and memory scripts."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys

import pytest

from conftest import ROOT, SAMPLE_CORPUS


def _bench(name: str):
    """bench/<name>.py as a module (bench/ is not a package)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up here
        spec.loader.exec_module(module)
    return sys.modules[name]


def _files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _sentences(folder, generator) -> set[str]:
    out = set()
    for path in folder.glob("*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            out.update(generator.split_sentences(line))
    return out


def test_the_generator_makes_the_same_corpus_from_the_same_seed(tmp_path):
    generate = _bench("generate_corpus").generate_corpus
    made = generate(5, tmp_path / "a", seed=3)
    generate(5, tmp_path / "b", seed=3)
    generate(5, tmp_path / "c", seed=4)
    assert made["pages"] == 5 and made["words"] > 5 * 300
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")
    with open(tmp_path / "a" / "manifest.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["file"] for r in rows) == sorted(n for n in _files(tmp_path / "a") if n != "manifest.csv")
    assert len({r["url"] for r in rows}) == 5 and all(r["publisher"] for r in rows)


def test_the_generator_changes_numbers_and_adds_negations(tmp_path):
    generator = _bench("generate_corpus")
    made = generator.generate_corpus(5, tmp_path, seed=0, html_share=0)
    assert made["changes"]["numbers"] > 0 and made["changes"]["negation"] > 0
    seeds = _sentences(SAMPLE_CORPUS, generator)
    new = _sentences(tmp_path, generator) - seeds

    def digits_out(sentence: str) -> str:
        return re.sub(r"\d", "#", re.sub(r"[\d,.]+(?=\d)", "", sentence))

    renumbered = {digits_out(s) for s in seeds if re.search(r"\d", s)}
    assert any(re.search(r"\d", s) and digits_out(s) in renumbered for s in new)

    def affirmed(sentence: str) -> str:
        return sentence.replace("cannot", "can").replace(" not ", " ")

    negated = [s for s in new if ("cannot" in s or " not " in s) and affirmed(s) in seeds]
    assert negated


def test_the_generator_writes_a_crawl_the_loader_reads(tmp_path):
    from kgraph.corpus import Document, iter_corpus

    crawl_dir = tmp_path / "crawl"
    crawl_dir.mkdir()
    _bench("generate_corpus").generate_corpus(4, tmp_path / "pages", seed=1, warc=crawl_dir / "pages.warc.gz")
    with open(tmp_path / "pages" / "manifest.csv", encoding="utf-8", newline="") as handle:
        urls = [row["url"] for row in csv.DictReader(handle)]
    documents = [d for d in iter_corpus(crawl_dir) if isinstance(d, Document)]
    assert [d.url for d in documents] == urls  # images, redirects and 404s passed over
    assert all(d.media_type == "text/html" and len(d.text.split()) > 100 for d in documents)


def test_memory_slope_and_targets():
    memory = _bench("build_memory")
    rows = [{"pages": 1000, "peak_mb": 500.0}, {"pages": 5000, "peak_mb": 700.0}]
    assert memory.slope(rows) == pytest.approx(50.0)
    assert [t["pass"] for t in memory.targets(rows, memory.slope(rows))] == [True, True]
    assert [t["pass"] for t in memory.targets(rows[:1], memory.slope(rows[:1]))] == [True, False]


@pytest.mark.slow
def test_throughput_bench_prints_its_figures(tmp_path, capsys):
    figures = tmp_path / "throughput.json"
    status = _bench("build_throughput").main(["--pages", "4", "--jobs", "1", "2", "--work", str(tmp_path / "work"),
                                              "--repeat", "2", "--json", str(figures)])
    assert status == 0  # no --check: missed targets do not change the exit status
    report = json.loads(figures.read_text(encoding="utf-8"))
    assert report["pages"] == 4 and report["words"] > 4 * 300
    assert report["bare"]["words_per_s"] > 0
    assert report["repeat"] == 2 and len(report["bare"]["runs"]) == 2  # bare and builds took turns twice
    assert report["bare"]["seconds"] == pytest.approx(sum(report["bare"]["runs"]) / 2)  # the median of two
    for jobs in ("1", "2"):
        build = report["builds"][jobs]
        assert build["documents"] == 4 and len(build["runs"]) == 2
        assert build["words_per_s"] == pytest.approx(report["words"] / build["seconds"])
        assert build["ratio"] == pytest.approx(build["words_per_s"] / report["bare"]["words_per_s"])
    assert len(report["targets"]) == 3 and all(t["pass"] in (True, False) for t in report["targets"])
    out = capsys.readouterr().out
    assert "bare nlp.pipe" in out and "build --jobs 2" in out and out.count("PASS") + out.count("FAIL") == 3
    assert out.count("runs: ") == 3


@pytest.mark.slow
def test_memory_bench_builds_each_size_in_its_own_process(tmp_path, capsys):
    figures = tmp_path / "memory.json"
    status = _bench("build_memory").main(["--sizes", "2", "3", "--work", str(tmp_path / "work"),
                                          "--json", str(figures)])
    assert status == 0
    report = json.loads(figures.read_text(encoding="utf-8"))
    assert [row["pages"] for row in report["sizes"]] == [2, 3]
    for row in report["sizes"]:
        assert row["documents"] == row["pages"]
        assert 50 < row["peak_mb"] < 4000 and row["peak_mb"] >= row["ru_maxrss_mb"]
    assert report["slope_mb_per_1k_pages"] is not None and len(report["targets"]) == 2
    assert "slope:" in capsys.readouterr().out
