"""Fixtures shared by the whole suite."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = ROOT / "corpus"
SHARED = Path(os.environ.get("KGRAPH_SHARED", ROOT.parent / "shared"))
DATA = Path(__file__).parent / "data"

# The suite never reads or fills the user's cache (~/.cache/kgraph); builds in subprocesses inherit this.
_CACHE = tempfile.mkdtemp(prefix="kgraph-test-cache-")
os.environ["KGRAPH_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)


def check_anchors(graph, context_chars: int | None = None) -> int:
    """Assert every anchor quotes its document's text at its offsets (and, given ``context_chars``, its
    prefix and suffix); return how many anchors were checked."""
    from kgraph.namespaces import KG, OA, RDF

    texts = {doc: str(text) for doc, text in graph.subject_objects(KG.text)}
    checked = 0
    for target in set(graph.objects(None, OA.hasTarget)):
        text = texts[graph.value(target, OA.hasSource)]
        selectors = list(graph.objects(target, OA.hasSelector))
        pos = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
        start, end = int(graph.value(pos, OA.start)), int(graph.value(pos, OA.end))
        assert str(graph.value(quote, OA.exact)) == text[start:end]
        if context_chars is not None:
            assert str(graph.value(quote, OA.prefix)) == text[max(0, start - context_chars) : start]
            assert str(graph.value(quote, OA.suffix)) == text[end : end + context_chars]
        checked += 1
    return checked


@pytest.fixture(scope="session")
def nlp():
    """The full kgraph pipeline on the installed small English model (loaded once)."""
    from kgraph.pipeline import make_pipeline

    return make_pipeline()


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """One build of the bundled sample corpus: (BuildResult, out folder)."""
    from kgraph.build import build_corpus

    out = tmp_path_factory.mktemp("sample-out")
    return build_corpus(SAMPLE_CORPUS, out), out


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (gold, scorer); tests that need it skip when it is absent."""
    if not (SHARED / "eval" / "score.py").is_file():
        pytest.skip(f"no shared folder with eval/score.py at {SHARED}")
    return SHARED


@pytest.fixture()
def run_pipeline(nlp):
    """Run the pipeline on text with optional page context; returns the Doc."""
    from kgraph.corpus.records import Document
    from kgraph.extract import extraction_from_doc

    def run(text: str, publisher: str | None = None, excluded: list[tuple[int, int]] | None = None):
        doc = nlp.make_doc(text)
        doc._.kgraph_publisher = publisher
        doc._.kgraph_excluded = excluded or []
        doc = nlp(doc)
        document = Document(iri="https://example.org/page", file_name="page.txt", text=text,
                            content_hash="sha256:" + "0" * 64, encoding="utf-8", media_type="text/plain",
                            publisher=publisher)
        return doc, extraction_from_doc(document, doc)

    return run
