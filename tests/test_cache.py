"""The build cache: warm builds give cold bytes, one changed page is extracted again, damage is a miss."""

from __future__ import annotations

import multiprocessing
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLE_CORPUS

from kgraph.cache import (
    CACHE_ENV,
    PageCache,
    PageResult,
    check_cache_dir,
    default_cache_dir,
)
from kgraph.cli import cli
from kgraph.corpus import Document, iter_corpus
from kgraph.errors import UsageError
from kgraph.graph.document import DocumentTriples
from kgraph.pipeline.records import NewConcept

CHANGED = "000_a2e505ab653ad675.txt"
ADDED = "\nKetamine is thought to block NMDA receptors in 42% of patients.\n"


def page(name: str = "a.txt", ntriples: bytes = b"<urn:a> <urn:b> <urn:c> .\n") -> PageResult:
    part = DocumentTriples(f"urn:doc:{name}", "sha256:" + "0" * 64, ntriples, ("urn:c",),
                           (NewConcept("urn:c", "C", "SOURCE", "publisher", "Publisher"),), ("urn:a",))
    return PageResult(name, (("DRUG", 2),), ("decoded as windows-1252",), part)


@pytest.fixture()
def documents() -> list[Document]:
    return [item for item in iter_corpus(SAMPLE_CORPUS) if isinstance(item, Document)]


# ---------------------------------------------------------------- entries


def test_entry_reads_back_whole(tmp_path: Path) -> None:
    cache = PageCache(tmp_path, "model 1")
    stored = page(ntriples="<urn:a> <urn:b> \"é \\\" \u2028 \U0001f489\" .\n".encode("utf-8") * 1000)
    cache.put("ab" * 32, stored)
    assert cache.get("ab" * 32) == stored
    assert cache.get("cd" * 32) is None
    assert (tmp_path / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")


@pytest.mark.parametrize("damage", ["truncated", "flipped", "empty", "foreign"])
def test_damaged_entry_is_a_miss_and_is_overwritten(tmp_path: Path, damage: str) -> None:
    cache, key = PageCache(tmp_path, "model 1"), "ef" * 32
    cache.put(key, page())
    path = next((tmp_path / "pages").rglob(key))
    data = path.read_bytes()
    path.write_bytes({"truncated": data[: len(data) // 2], "flipped": data[:-3] + bytes([data[-3] ^ 1]) + data[-2:],
                      "empty": b"", "foreign": b"PK\x03\x04 a zip file"}[damage])
    assert cache.get(key) is None
    cache.put(key, page())
    assert cache.get(key) == page()


def test_key_covers_every_field_of_the_page_and_the_pipeline(tmp_path: Path, documents: list[Document]) -> None:
    document = documents[0]
    cache = PageCache(tmp_path, "en_core_web_sm 3.8.0")
    keys = {cache.key(document)}
    for change in ({"text": document.text + " "}, {"file_name": "other.txt"}, {"publisher": "Another Clinic"},
                   {"url": "https://clinic.example/a"}, {"title": "A title"}, {"retrieved": "2024-01-01"},
                   {"encoding": "windows-1252"}, {"notes": ("a note",)}, {"furniture": ()}):
        keys.add(cache.key(replace(document, **change)))
    keys.add(PageCache(tmp_path, "en_core_web_sm 3.8.1").key(document))
    assert len(keys) == 11
    assert cache.key(document) == PageCache(tmp_path / "elsewhere", "en_core_web_sm 3.8.0").key(document)


def _hammer(folder: str, key: str, size: int, rounds: int) -> None:
    cache = PageCache(Path(folder), "model 1")
    for _ in range(rounds):
        cache.put(key, page(ntriples=b"<urn:a> <urn:b> <urn:c> .\n" * size))


def test_concurrent_writers_leave_whole_entries(tmp_path: Path) -> None:
    key = "12" * 32
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_hammer, args=(str(tmp_path), key, size, 150)) for size in (1, 20_000)]
    for writer in writers:
        writer.start()
    cache, seen = PageCache(tmp_path, "model 1"), set()
    while any(writer.is_alive() for writer in writers):
        found = cache.get(key)
        if found is not None:
            seen.add(len(found.triples.ntriples))
    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert seen <= {26, 26 * 20_000} and seen  # every read is one writer's whole entry
    assert not list(tmp_path.rglob("*.tmp"))


# ---------------------------------------------------------------- where the cache lives


def test_default_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "kgraph"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "kgraph"


@pytest.mark.parametrize("inside", [".", "cache", "a/b"])
def test_cache_inside_the_output_folder_is_refused(tmp_path: Path, inside: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(UsageError, match="inside --out"):
        check_cache_dir(out / inside, out)
    assert check_cache_dir(tmp_path / "cache", out) == tmp_path / "cache"
    assert check_cache_dir(tmp_path / "out-cache", out) == tmp_path / "out-cache"  # a sibling, not inside


def test_cli_refuses_a_cache_inside_out_before_any_work(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "kgraph", "build", str(SAMPLE_CORPUS), "--out", str(tmp_path / "out"),
                           "--cache-dir", str(tmp_path / "out" / "cache")], capture_output=True, text=True, cwd=ROOT,
                          check=False)
    assert proc.returncode == 2, proc.stderr
    assert "is inside --out" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- builds


@pytest.fixture(scope="module")
def cold(tmp_path_factory):
    """A cold build of a copy of the sample corpus, with two workers, into a fresh cache."""
    from kgraph.build import build_corpus

    root = tmp_path_factory.mktemp("cache-builds")
    corpus, cache = root / "corpus", root / "cache"
    shutil.copytree(SAMPLE_CORPUS, corpus)
    result = build_corpus(corpus, root / "cold", cache_dir=cache, jobs=2)
    return root, result


@pytest.mark.slow
def test_warm_build_into_a_new_out_reads_every_page_back_and_writes_the_same_bytes(cold, tmp_path: Path) -> None:
    from kgraph.build import build_corpus

    root, first = cold
    assert (first.cache_hits, first.cache_misses) == (0, 5)
    cache = tmp_path / "cache"
    shutil.copytree(root / "cache", cache)
    shutil.rmtree(cache / "builds")  # pages only: the graph, the analysis and the files are made again
    warm = build_corpus(root / "corpus", tmp_path / "warm", cache_dir=cache, store="disk")
    assert (warm.cache_hits, warm.cache_misses) == (5, 0)
    for name in ("graph.ttl", "summary.json", "report.json", "report.html"):
        assert (tmp_path / "warm" / name).read_bytes() == (root / "cold" / name).read_bytes(), name
    assert len(warm.graph) == len(first.graph) and warm.findings == first.findings


@pytest.mark.slow
def test_unchanged_corpus_reads_the_whole_build_back(cold, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kgraph.build
    from kgraph.namespaces import KG, RDF

    root, first = cold
    cache = tmp_path / "cache"
    shutil.copytree(root / "cache", cache)

    def no_analysis(*args):
        raise AssertionError("an unchanged corpus is not analysed again")

    monkeypatch.setattr(kgraph.build, "_analyze", no_analysis)
    again = kgraph.build.build_corpus(root / "corpus", tmp_path / "again", cache_dir=cache)
    assert (again.cache_hits, again.cache_misses) == (5, 0)
    assert sorted(p.name for p in again.outputs) == sorted(p.name for p in first.outputs)
    for path in first.outputs:
        assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes(), path.name
    assert len(again.graph) == len(first.graph) and again.findings == first.findings
    assert len(set(again.graph.subjects(RDF.type, KG.Finding))) == sum(first.findings.values())
    (entry,) = (cache / "builds").rglob("manifest.json")
    packed = entry.parent / "report.json.z"  # a damaged entry is made again, not trusted
    packed.write_bytes(packed.read_bytes()[:-10])
    monkeypatch.undo()
    third = kgraph.build.build_corpus(root / "corpus", tmp_path / "third", cache_dir=cache)
    assert (tmp_path / "third" / "graph.ttl").read_bytes() == (root / "cold" / "graph.ttl").read_bytes()
    assert third.findings == first.findings


@pytest.mark.slow
def test_one_changed_page_is_the_only_page_extracted_again(cold, tmp_path: Path, sample_build) -> None:
    from kgraph.build import build_corpus

    root, _ = cold
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    shutil.copytree(root / "corpus", corpus)
    shutil.copytree(root / "cache", cache)
    with open(corpus / CHANGED, "a", encoding="utf-8") as handle:
        handle.write(ADDED)
    entries = {PageCache(cache, "").get(f.name).file_name: f for f in (cache / "pages").rglob("*") if f.is_file()}
    damaged = entries["003_7b3f6d1df584ec7a.txt"]  # and an unchanged page's entry damaged: read as a miss
    damaged.write_bytes(damaged.read_bytes()[:100])
    again = build_corpus(corpus, tmp_path / "out", cache_dir=cache)
    assert (again.cache_hits, again.cache_misses) == (3, 2)
    text = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "42% of patients" in text
    third = build_corpus(corpus, tmp_path / "again", cache_dir=cache)  # both entries were written back
    assert (third.cache_hits, third.cache_misses) == (5, 0)
    scratch = build_corpus(corpus, tmp_path / "scratch")  # no cache: every page extracted
    assert (scratch.cache_hits, scratch.cache_misses) == (0, 5)
    graph = (tmp_path / "out" / "graph.ttl").read_bytes()
    assert graph == (tmp_path / "again" / "graph.ttl").read_bytes() == (tmp_path / "scratch" / "graph.ttl").read_bytes()
    assert graph != (sample_build[1] / "graph.ttl").read_bytes()


@pytest.mark.slow
def test_cli_uses_the_default_cache_and_no_cache_leaves_it_alone(cold, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root, _ = cold
    monkeypatch.setenv(CACHE_ENV, str(root / "cache"))
    result = CliRunner().invoke(cli, ["build", str(root / "corpus"), "--out", str(tmp_path / "warm")])
    assert result.exit_code == 0, result.output
    assert "cache: 5 pages read back, 0 extracted" in result.output
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "unused"))
    result = CliRunner().invoke(cli, ["build", str(root / "corpus"), "--out", str(tmp_path / "cold"), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "cache:" not in result.output and not (tmp_path / "unused").exists()
    assert (tmp_path / "cold" / "graph.ttl").read_bytes() == (tmp_path / "warm" / "graph.ttl").read_bytes()
