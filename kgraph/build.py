"""``kgraph build``: corpus -> pipeline -> graph -> files, as one library call.

The corpus streams through: pages are read one at a time and extracted by
``jobs`` forked worker processes (forked after the model is loaded, so they
share it: one load in all), in order, a few pages ahead; meanwhile this
process turns each extraction into its part of the graph (N-Triples), keeps
it in the cache (:mod:`kgraph.cache`) and loads it into the store in large
batches (in a thread: Oxigraph loads without Python's lock). With
``--jobs 1`` the one worker runs only the model on each page and this
process the rest (:func:`kgraph.extract.pipeline_stages`), so kgraph's
components and the graph cost the model next to nothing; when this
process waits for the worker, it takes the entity recognizer of the next
pages too (:class:`_ModelShare`). After the
analysis, another process writes ``graph.ttl`` (:mod:`kgraph.graph.turtle_process`)
while this one writes the reports. Pages already in the cache skip the
pipeline; an unchanged corpus skips the analysis and the writing too.
Nothing holds the corpus, its extractions or its triples in Python memory;
the graph is in an Oxigraph store (:mod:`kgraph.graph.store`), in memory or
on disk. An on-disk store is released (closed until its next use) between
the steps that read it, so the memory RocksDB keeps for each step's reads
does not stay under the next one.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import spacy
from rdflib import Graph

from kgraph import __version__
from kgraph.analysis import Analysis, analyze_by_type, project
from kgraph.cache import BuildEntry, PageCache, PageResult, check_cache_dir
from kgraph.corpus import iter_corpus
from kgraph.corpus.records import Document, LoadWarning, SkippedFile
from kgraph.corpus.walk import PageFile, walk_corpus
from kgraph.engines import ENGINES
from kgraph.errors import UsageError
from kgraph.extract import (
    DocumentExtraction,
    ParsedPage,
    extract_document,
    finish_page,
    parse_page,
    timed_out_page,
)
from kgraph.graph.build import GraphBuilder, RunInfo
from kgraph.graph.findings import add_findings, load_ontology
from kgraph.graph.ntriples import NTriplesSink, TripleWriter
from kgraph.graph.reader import AnchorTable, PropertyReader
from kgraph.graph.remote import PushResult, check_endpoint, push_graph
from kgraph.graph.serialize import write_atomic, write_atomic_with
from kgraph.graph.store import STORE_KINDS, choose_store, open_graph, release_store
from kgraph.graph.turtle_process import start_turtle
from kgraph.iris import short_hash
from kgraph.limits import (
    DEFAULT_MAX_PAGE_SECONDS,
    MAX_CHUNK_CHARS,
    Ready,
    release_memory,
    run_each,
    run_limited,
)
from kgraph.ontology_files import ontology_dir
from kgraph.report import write_reports
from kgraph.vocabulary import load_vocabulary

__all__ = [
    "DEFAULT_MAX_PAGE_BYTES",
    "DEFAULT_MAX_PAGE_SECONDS",
    "BuildResult",
    "analyze_graph",
    "build_corpus",
    "default_corpus_dir",
    "pipeline_version",
]

DEFAULT_MAX_PAGE_BYTES = 2_000_000
ENTITY_ORDER = ("DRUG", "RECEPTOR", "CONDITION", "STATISTIC", "SOURCE")


@dataclass
class BuildResult:
    """What a build did: counts, what was skipped and why, where outputs went."""

    graph: Graph
    documents: int = 0
    mentions: Counter = field(default_factory=Counter)
    skipped: list[SkippedFile] = field(default_factory=list)
    warnings: list[LoadWarning] = field(default_factory=list)
    degraded: list[tuple[str, str]] = field(default_factory=list)  # (file, note)
    outputs: list[Path] = field(default_factory=list)
    findings: Counter = field(default_factory=Counter)  # finding type -> count
    cache_hits: int = 0  # pages read back from the cache
    cache_misses: int = 0  # pages run through the pipeline (every page, without a cache)
    store: str = "memory"  # where the graph is held: "memory" or "disk"
    pushed: PushResult | None = None  # what went to a SPARQL server (--store sparql+http://...)

    @property
    def exit_status(self) -> int:
        """0, or 3 when some input files were skipped (CONTRACT.md)."""
        return 3 if self.skipped else 0

    def summary(self) -> dict:
        """The run summary as plain data (written as ``summary.json``).

        Only what the corpus determines: a warm and a cold build of one
        corpus write the same bytes (cache figures are on the result).
        """
        return {
            "documents": self.documents,
            "mentions": {kind: self.mentions.get(kind, 0) for kind in ENTITY_ORDER},
            "skipped": [{"file": s.file, "reason": s.reason} for s in self.skipped],
            "degraded": [{"file": f, "note": n} for f, n in self.degraded],
            "warnings": [{"file": w.file, "message": w.message} for w in self.warnings],
            "findings": dict(sorted(self.findings.items())),
            "triples": len(self.graph),
        }


def analyze_graph(graph: Graph) -> Counter:
    """Run the analysis on a built graph and add its findings to it; count them by type."""
    with tempfile.TemporaryFile(prefix="kgraph-findings-") as spool:
        return _analyze(graph, spool)[0]


_FINDINGS_CHUNK = 5_000  # findings written to the spool at once
_LOAD_CHUNK = 8_000_000  # bytes of findings N-Triples handed to the store at once (its loader's memory grows with it)


def _analyze(graph: Graph, spool: BinaryIO, ontology: Graph | None = None, *,
             release: bool = False) -> tuple[Counter, AnchorTable]:
    """Add the findings to ``graph``, their triples written to ``spool`` as N-Triples on the way.

    Returns the findings counted by type, and the graph's anchors as the
    analysis read them (the findings add none; the report reuses them).
    ``ontology`` is :func:`kgraph.graph.findings.load_ontology`'s graph when
    already loaded. With ``release``, an on-disk store is closed once the
    claims are read (:func:`~kgraph.graph.store.release_store`), and the
    memory of each step is given back before the next: only for a graph
    nothing else is reading.

    The triples go to ``spool`` (a binary file) as they are made and are
    loaded from there, so they are never all in memory at once (a corpus can
    have 100,000 findings); ``spool`` is left at its end.
    """
    ontology = ontology if ontology is not None else load_ontology()
    anchors = PropertyReader(graph).anchors()
    if release:
        release_store(graph)  # what reading every anchor left in the store's caches
    projected = project(graph, ontology, anchors=anchors, lean=True)
    if release:
        release_store(graph)  # the finders read only the projection
    shared_claims, batches = analyze_by_type(projected)
    del projected
    counts: Counter = Counter()
    found = NTriplesSink(spool)
    for batch in batches:  # one finding type at a time, written as it is made, a chunk at a time
        while chunk := list(islice(batch, _FINDINGS_CHUNK)):
            counts.update(f.type.value for f in chunk)
            add_findings(found, Analysis(chunk), ontology)
    add_findings(found, Analysis(shared_claims=shared_claims), ontology)
    found.flush()
    del batches  # and with them the projection and the claims
    if release:
        release_memory()
    spool.seek(0)
    writer = TripleWriter(graph, batch_bytes=_LOAD_CHUNK)
    while lines := spool.readlines(_LOAD_CHUNK):
        writer.write(b"".join(lines))
    writer.flush()
    return counts, anchors


def default_corpus_dir() -> Path:
    """The bundled sample corpus: ``kgraph/sample_corpus`` in a wheel, ``corpus/`` in a checkout."""
    packaged = Path(str(resources.files("kgraph") / "sample_corpus"))
    if (packaged / "manifest.csv").is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "corpus"


@cache
def pipeline_version() -> str:
    """kgraph's version plus a digest of every file that shapes extraction."""
    package = Path(__file__).parent
    files = sorted(ontology_dir().rglob("*.ttl")) + sorted((package / "pipeline").rglob("*.json"))
    files += sorted((package / "corpus").glob("*.json")) + [package / "pipeline" / "kgraph.cfg"]
    digest = short_hash(*(f.read_text(encoding="utf-8") for f in files), length=12)
    return f"{__version__}+{digest}"


def _run_info(nlp) -> RunInfo:
    return _run_info_of(nlp.meta)


def _run_info_of(meta: dict) -> RunInfo:
    return RunInfo(
        pipeline_version=pipeline_version(),
        model_name=f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
        model_version=str(meta.get("version", "unknown")),
        spacy_version=spacy.__version__,
        kgraph_version=__version__,
    )


def _model_meta(model: str | None) -> dict | None:
    """The model's ``meta.json`` read without loading the model, or ``None`` when it cannot be found so."""
    from kgraph.pipeline import default_model_name

    try:
        name = model or default_model_name()
        path = Path(name) if Path(name).is_dir() else spacy.util.get_package_path(name)
        meta = spacy.util.load_meta(path / "meta.json")
    except Exception:  # noqa: BLE001 - not an installed package or a model folder: loading it will tell
        return None
    return meta if isinstance(meta, dict) and {"lang", "name", "version"} <= meta.keys() else None


class _Pipeline:
    """The spaCy pipeline, loaded on first use: a build whose pages all come from the cache needs none.

    Loaded in this process before any worker forks, so workers share it.
    """

    def __init__(self, model: str | None) -> None:
        self.model = model
        self._nlp = None

    def get(self):
        if self._nlp is None:
            from kgraph.pipeline import make_pipeline

            self._nlp = make_pipeline(self.model)
        return self._nlp

    def drop(self) -> None:
        """Let the pipeline go once every page is extracted: the model, and the vocabulary the pages grew.

        Its memory is given back with the next :func:`~kgraph.graph.store.release_store`
        (about 50 MB for the small English model, more after a large corpus's words).
        """
        self._nlp = None


def _cache_identity(run: RunInfo) -> str:
    """What, besides kgraph's own files, decides a page's triples: the model, spaCy, the chunk size."""
    return f"{run.model_name} {run.model_version} spacy {run.spacy_version} chunk {MAX_CHUNK_CHARS}"


def _corpus_bytes(corpus_dir: Path) -> int:
    """Size of the corpus files (what ``--store auto`` goes by)."""
    total = 0
    for item in walk_corpus(corpus_dir):
        if isinstance(item, PageFile):
            try:
                total += os.stat(item.path).st_size
            except OSError:  # the loader reports it
                pass
    return total


def _queue(items: Iterable, page_cache: PageCache | None, pipeline: _Pipeline | None, result: BuildResult,
           keys: list[str]) -> Iterator:
    """Pages for :func:`run_each`: cache hits as ready results, the others as (document, cache key).

    Each page's key is appended to ``keys`` (the key of the whole build is made of them).
    """
    for item in items:
        if isinstance(item, Document):
            key = page_cache.key(item) if page_cache is not None else None
            if key is not None:
                keys.append(key)
            hit = page_cache.get(key) if key is not None else None
            if hit is not None:
                result.cache_hits += 1
                yield Ready(hit)
            else:
                result.cache_misses += 1
                if pipeline is not None:  # before the page goes to a worker: forked workers inherit the model
                    pipeline.get()
                yield item, key
        elif isinstance(item, SkippedFile):
            result.skipped.append(item)
        else:
            result.warnings.append(item)


def _extract(pipeline: _Pipeline, split: bool) -> Callable:
    """The work on one page in a worker: (cache key, extraction or skipped page).

    With ``split`` the worker runs only the base model and hands back a
    :class:`~kgraph.extract.ParsedPage`; this process finishes it
    (:func:`_finish`) while the worker parses the next page. A page sent
    with ``defer`` leaves part of the model to this process (:class:`_ModelShare`).
    """

    def work(item: tuple[Document, str | None, bool]
             ) -> tuple[str | None, DocumentExtraction | ParsedPage | SkippedFile]:
        document, key, defer = item
        if split:
            return key, parse_page(pipeline.get(), document, defer=defer)
        return key, extract_document(pipeline.get(), document)

    return work


class _ModelShare:
    """At ``--jobs 1``: whether the worker leaves part of the next page's model to this process.

    The worker runs the model and this process kgraph's components and the
    graph. When this process had to wait for the page it asked for, the
    model is the slower half, so the next page sent leaves its
    :func:`~kgraph.extract.deferrable_components` (the entity recognizer,
    about 40% of the small English model's time) to this process; when the
    page was there already, the worker runs them. The share settles where
    neither process waits for the other. A page comes out the same wherever
    its components run, so the graph does not depend on the timing.
    """

    def __init__(self) -> None:
        self._waited = False

    def asked(self, ready: bool) -> None:
        """This process asked for a page: ``ready`` when it was parsed already (:func:`kgraph.limits.run_each`)."""
        self._waited = not ready

    def pages(self, queue: Iterable) -> Iterator:
        """``queue``'s pages to extract, each with whether its worker defers (cache hits as they are)."""
        for entry in queue:
            yield entry if isinstance(entry, Ready) else (*entry, self._waited)


def _finish(pipeline: _Pipeline, page: ParsedPage, max_page_seconds: float) -> DocumentExtraction | SkippedFile:
    """kgraph's components on a page the worker parsed, under the same time limit as the worker's half."""
    return run_limited(lambda parsed: finish_page(pipeline.get(), parsed), page, max_page_seconds,
                       lambda parsed: timed_out_page(parsed.document.file_name, max_page_seconds))


def _dask_pages(queue: Iterator, **dask: object) -> Iterator:
    """What :func:`run_each` yields for ``queue``, with the pages to extract sent to a Dask cluster."""
    from kgraph.engines.dask import extract_on_dask

    waiting: deque = deque()  # queue entries pulled so far, in order: Ready, or (document, cache key)

    def documents() -> Iterator[Document]:
        for entry in queue:
            waiting.append(entry)
            if not isinstance(entry, Ready):
                yield entry[0]

    for extraction in extract_on_dask(documents(), **dask):
        while isinstance(waiting[0], Ready):  # cache hits before this page
            yield waiting.popleft().value
        yield waiting.popleft()[1], extraction
    for entry in waiting:  # cache hits after the last page extracted
        yield entry.value


def _page_result(extraction: DocumentExtraction, builder: GraphBuilder) -> PageResult:
    """What an extracted page adds to the build (made here, while the workers extract the next pages)."""
    document = extraction.document
    mentions = Counter(m.entity_type for m in extraction.mentions)
    return PageResult(document.file_name, tuple(sorted(mentions.items())), document.notes,
                      builder.document_triples(extraction))


def build_corpus(
    corpus_dir: Path,
    out_dir: Path | None = None,
    *,
    model: str | None = None,
    jobs: int = 1,
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES,
    max_page_seconds: float = DEFAULT_MAX_PAGE_SECONDS,
    progress: Callable[[int, int | None, str], None] | None = None,
    cache_dir: Path | None = None,
    store: str = "auto",
    store_dir: Path | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> BuildResult:
    """Read ``corpus_dir``, extract, build the graph and, if ``out_dir`` is given, write it.

    Parameters
    ----------
    corpus_dir
        Folder of .txt/.md/.html/.jsonl/.warc pages, optionally with manifest.csv.
    out_dir
        Where ``graph.ttl``, ``summary.json`` and the reports (``report.html``,
        ``report.md``, ``report.json``, ``findings.csv``) go; ``None`` writes nothing.
    model
        spaCy pipeline package (default: the installed small English model).
    jobs
        Worker processes for the spaCy pipeline (forked after the model is
        loaded, so they share it). With 1, the worker runs the model's stage
        of each page and this process the rest (:func:`kgraph.extract.pipeline_stages`).
    max_page_bytes
        Larger files are skipped and reported.
    max_page_seconds
        Time allowed to load one page and, separately, to extract from it; a
        page that takes longer is skipped and reported. 0 for no limit.
    progress
        Called as ``progress(done, total, file_name)`` after each page;
        ``total`` is ``None`` (pages stream: their number is known at the end).
    cache_dir
        The build cache (:mod:`kgraph.cache`): pages found there skip the
        pipeline, pages extracted are added. ``None`` (the default here; the
        CLI passes the user cache folder): no cache. Never inside ``out_dir``.
    store
        Where the graph is held: ``"memory"``, ``"disk"`` or ``"auto"``
        (disk for corpora over :data:`kgraph.graph.store.AUTO_DISK_BYTES`).
        The graph and its files are the same either way.
    store_dir
        Folder for the disk store, kept after the run (implies ``"disk"``
        with ``"auto"``); default a temporary folder removed with the graph.
        ``store`` may also be a SPARQL 1.1 server, ``"sparql+http://..."``
        (:mod:`kgraph.graph.remote`): the graph is built as with ``"auto"``,
        written to ``out_dir``, then pushed there (Graph Store protocol, or
        SPARQL Update); the server is checked before the build starts.
    engine, scheduler
        ``"local"`` (worker processes, ``jobs``), or ``"dask"`` with the
        address of a ``dask.distributed`` scheduler: extraction runs on its
        workers, one pipeline load per worker process.

    Returns
    -------
    BuildResult
        ``graph`` is an rdflib graph on the Oxigraph store, with the findings.

    Raises
    ------
    UsageError
        A bad setting (jobs, limits, store, a cache folder inside ``out_dir``).
    CorpusError
        ``corpus_dir`` is not a readable folder.
    """
    if jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {jobs}")
    if max_page_bytes < 1:
        raise UsageError(f"--max-page-bytes must be positive, got {max_page_bytes}")
    seconds_ok = isinstance(max_page_seconds, (int, float)) and not isinstance(max_page_seconds, bool)
    if not (seconds_ok and math.isfinite(max_page_seconds) and max_page_seconds >= 0):
        raise UsageError(f"--max-page-seconds must be a finite number of seconds, 0 or more (0: no limit), "
                         f"got {max_page_seconds!r}")
    if engine not in ENGINES:
        raise UsageError(f"--engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    if (engine == "dask") != (scheduler is not None):
        raise UsageError("--engine dask needs --scheduler ADDRESS, and --scheduler needs --engine dask")
    if engine == "dask" and jobs != 1:
        raise UsageError(f"--jobs {jobs} sets local worker processes; with --engine dask the cluster's workers "
                         "extract, so leave --jobs out")
    server = None
    if store.startswith("sparql+"):  # a bad or silent server fails now, not after the build
        server, store = check_endpoint(store), "auto"
    if store not in STORE_KINDS:
        raise UsageError(f"unknown store {store!r}; choose one of {', '.join(STORE_KINDS)}")
    cache_dir = check_cache_dir(cache_dir, out_dir) if cache_dir is not None else None
    items = iter_corpus(Path(corpus_dir), max_page_bytes=max_page_bytes, max_page_seconds=max_page_seconds)
    if store == "auto" and store_dir is not None:
        store = "disk"
    kind = choose_store(store, _corpus_bytes(Path(corpus_dir)) if store == "auto" else 0)
    pipeline = _Pipeline(model)
    meta = _model_meta(model)
    run = _run_info_of(meta) if meta is not None else _run_info(pipeline.get())
    builder = GraphBuilder(load_vocabulary(), run, graph=open_graph(kind, store_dir, copy=True))
    page_cache = PageCache(cache_dir, _cache_identity(run)) if cache_dir is not None else None
    result = BuildResult(graph=builder.graph, store=kind)
    keys: list[str] = []
    if engine == "dask":
        pages = _dask_pages(_queue(items, page_cache, None, result, keys), scheduler=scheduler, model=model,
                            max_page_seconds=max_page_seconds)
    else:
        # one worker runs the model while this process runs kgraph's components and builds the graph;
        # with more workers, each runs the whole pipeline (this process would hold them back)
        share = _ModelShare()
        pages = run_each(_extract(pipeline, split=jobs == 1),
                         share.pages(_queue(items, page_cache, pipeline, result, keys)),
                         jobs=jobs, seconds=max_page_seconds, offload=True, asked=share.asked if jobs == 1 else None,
                         timed_out=lambda item: (item[1], timed_out_page(item[0].file_name, max_page_seconds)))
    loader_skips = len(result.skipped)  # so far: files the loader could not read
    ontology = cache(load_ontology)  # the analysis's, loaded while a worker extracts (a warm build may not need it)
    _add_pages(_loading_beside(pages, ontology), builder, page_cache, result, progress,
               finish=lambda page: _finish(pipeline, page, max_page_seconds))
    pipeline.drop()  # the analysis and the reports run without it
    for item in result.skipped:
        builder.add_skipped(item.file, item.reason)
    result.graph = builder.finish()
    # the whole build is cached too, unless a page was skipped while extracting (it is retried next time)
    build_key = (page_cache.build_key(keys, result.skipped, result.warnings)
                 if page_cache is not None and len(result.skipped) == loader_skips else None)
    result.skipped.sort(key=lambda item: item.file)
    made = page_cache.get_build(build_key) if build_key is not None else None
    if made is not None and (out_dir is None or made.files) and _restore(made, result, out_dir):
        if server is not None:
            result.pushed = push_graph(result.graph, server)
        return result
    # an on-disk store is a large corpus's: each step gives back what the one before held (garbage
    # collections, about 0.15 s each); an in-memory store is a small one's, where that time is most of the
    # steps' overhead
    release = kind == "disk"
    if release:
        release_store(result.graph)  # what loading the pages held, before the analysis reads them
    with tempfile.TemporaryFile(prefix="kgraph-findings-") as findings:
        result.findings, anchors = _analyze(result.graph, findings, ontology(), release=release)
        if release:
            release_store(result.graph)  # what the analysis freed, before the reports read the graph again
        if out_dir is not None:
            out_dir = Path(out_dir)
            # graph.ttl is written by another process (from the graph's N-Triples copy) while this one
            # writes the reports: two cores, two files at once
            graph_file = start_turtle(result.graph, out_dir / "graph.ttl")
            try:
                summary = json.dumps(result.summary(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
                write_atomic(out_dir / "summary.json", summary.encode("utf-8"))
                reports = write_reports(result.graph, out_dir, anchors=anchors, release=release)
            except BaseException:
                graph_file.wait(raise_error=False)
                raise
            graph_file.wait()
            result.outputs = [out_dir / "graph.ttl", out_dir / "summary.json", *reports]
        if build_key is not None:
            findings.seek(0)
            page_cache.put_build(build_key, findings, tuple(sorted(result.findings.items())), result.outputs)
    if server is not None:  # after the files: a server that fails leaves them written
        result.pushed = push_graph(result.graph, server)
    return result


def _add_pages(pages: Iterable, builder: GraphBuilder, page_cache: PageCache | None, result: BuildResult,
               progress: Callable[[int, int | None, str], None] | None,
               finish: Callable[[ParsedPage], DocumentExtraction | SkippedFile]) -> None:
    """Each page's part into the graph, in corpus order: read back, or made from its extraction and cached.

    A page a worker only parsed is finished here first (``finish``).
    """
    for done, page in enumerate(pages, start=1):
        if isinstance(page, tuple):  # extracted now: never cached when skipped, so retried next time
            key, page = page
            if isinstance(page, ParsedPage):
                page = finish(page)
            if isinstance(page, DocumentExtraction):
                page = _page_result(page, builder)
                if page_cache is not None and key is not None:
                    page_cache.put(key, page)
        if isinstance(page, SkippedFile):  # out of time, or a component failed on it
            result.skipped.append(page)
            name = page.file
        else:
            builder.add_part(page.triples)
            result.documents += 1
            result.mentions.update(dict(page.mentions))
            result.degraded += [(page.file_name, note) for note in page.notes]
            name = page.file_name
        if progress is not None:
            progress(done, None, name)


def _loading_beside(pages: Iterable, load: Callable[[], object]) -> Iterator:
    """``pages``, with ``load()`` called once a worker has extracted one: it runs while the worker goes on."""
    loaded = False
    for page in pages:
        yield page
        if not loaded and isinstance(page, tuple):  # extracted now: the others are probably on their way
            load()
            loaded = True


def _restore(made: BuildEntry, result: BuildResult, out_dir: Path | None) -> bool:
    """Finish ``result`` from a build kept in the cache; False (nothing changed) when the entry is damaged."""
    try:
        findings = made.ntriples()
    except (OSError, ValueError, zlib.error):
        return False
    if out_dir is not None:
        try:
            for name in made.files:  # each file checked before its rename: a damaged one leaves the old
                write_atomic_with(Path(out_dir) / name, lambda handle, _, name=name: made.copy(name, handle))
        except (ValueError, zlib.error):
            return False
        result.outputs = [Path(out_dir) / name for name in made.files]
    writer = TripleWriter(result.graph)
    writer.write(findings)
    writer.flush()
    result.findings = Counter(dict(made.findings))
    return True
