"""``kgraph build``: corpus -> pipeline -> graph -> files, as one library call."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import spacy
from rdflib import Graph

from kgraph import __version__
from kgraph.corpus import iter_corpus
from kgraph.corpus.records import Document, LoadWarning, SkippedFile
from kgraph.errors import UsageError
from kgraph.extract import extract_documents
from kgraph.analysis import analyze, project
from kgraph.graph.build import GraphBuilder, RunInfo
from kgraph.graph.findings import add_findings, load_ontology
from kgraph.graph.serialize import write_atomic, write_graph
from kgraph.iris import short_hash
from kgraph.limits import DEFAULT_MAX_PAGE_SECONDS
from kgraph.ontology_files import ontology_dir
from kgraph.report import write_reports
from kgraph.vocabulary import load_vocabulary

__all__ = [
    "BuildResult",
    "analyze_graph",
    "build_corpus",
    "pipeline_version",
    "DEFAULT_MAX_PAGE_BYTES",
    "DEFAULT_MAX_PAGE_SECONDS",
    "default_corpus_dir",
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

    @property
    def exit_status(self) -> int:
        """0, or 3 when some input files were skipped (CONTRACT.md)."""
        return 3 if self.skipped else 0

    def summary(self) -> dict:
        """The run summary as plain data (written as ``summary.json``)."""
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
    ontology = load_ontology()
    analysis = analyze(project(graph, ontology))
    add_findings(graph, analysis, ontology)
    return Counter(f.type.value for f in analysis.findings)


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
    return RunInfo(
        pipeline_version=pipeline_version(),
        model_name=f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}",
        model_version=str(nlp.meta.get("version", "unknown")),
        spacy_version=spacy.__version__,
        kgraph_version=__version__,
    )


def build_corpus(
    corpus_dir: Path,
    out_dir: Path | None = None,
    *,
    model: str | None = None,
    jobs: int = 1,
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES,
    max_page_seconds: float = DEFAULT_MAX_PAGE_SECONDS,
    progress: Callable[[int, int, str], None] | None = None,
) -> BuildResult:
    """Read ``corpus_dir``, extract, build the graph and, if ``out_dir`` is given, write it.

    Parameters
    ----------
    corpus_dir
        Folder of .txt/.md/.html/.jsonl pages, optionally with manifest.csv.
    out_dir
        Where ``graph.ttl``, ``summary.json`` and the reports (``report.html``,
        ``report.md``, ``report.json``, ``findings.csv``) go; ``None`` writes nothing.
    model
        spaCy pipeline package (default: the installed small English model).
    jobs
        Worker processes for the spaCy pipeline.
    max_page_bytes
        Larger files are skipped and reported.
    max_page_seconds
        Time allowed to load one page and, separately, to extract from it; a
        page that takes longer is skipped and reported. 0 for no limit.
    progress
        Called as ``progress(done, total, file_name)`` after each document.

    Returns
    -------
    BuildResult
    """
    from kgraph.pipeline import make_pipeline

    if jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {jobs}")
    if max_page_bytes < 1:
        raise UsageError(f"--max-page-bytes must be positive, got {max_page_bytes}")
    seconds_ok = isinstance(max_page_seconds, (int, float)) and not isinstance(max_page_seconds, bool)
    if not (seconds_ok and math.isfinite(max_page_seconds) and max_page_seconds >= 0):
        raise UsageError(f"--max-page-seconds must be a finite number of seconds, 0 or more (0: no limit), "
                         f"got {max_page_seconds!r}")
    documents: list[Document] = []
    skipped: list[SkippedFile] = []
    warnings: list[LoadWarning] = []
    for item in iter_corpus(Path(corpus_dir), max_page_bytes=max_page_bytes, max_page_seconds=max_page_seconds):
        if isinstance(item, Document):
            documents.append(item)
        elif isinstance(item, SkippedFile):
            skipped.append(item)
        else:
            warnings.append(item)
    nlp = make_pipeline(model)
    builder = GraphBuilder(load_vocabulary(), _run_info(nlp))
    result = BuildResult(graph=builder.graph, skipped=skipped, warnings=warnings)
    extractions = extract_documents(documents, nlp, jobs=jobs, max_page_seconds=max_page_seconds)
    for done, (document, extraction) in enumerate(zip(documents, extractions, strict=True), start=1):
        if isinstance(extraction, SkippedFile):  # out of time, or a component failed on it
            skipped.append(extraction)
        else:
            builder.add_extraction(extraction)
            result.documents += 1
            result.mentions.update(m.entity_type for m in extraction.mentions)
            result.degraded += [(document.file_name, note) for note in document.notes]
        if progress is not None:
            progress(done, len(documents), document.file_name)
    for item in skipped:
        builder.add_skipped(item.file, item.reason)
    result.graph = builder.finish()
    result.findings = analyze_graph(result.graph)
    skipped.sort(key=lambda item: item.file)
    if out_dir is not None:
        out_dir = Path(out_dir)
        write_graph(result.graph, out_dir / "graph.ttl")
        summary = json.dumps(result.summary(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        write_atomic(out_dir / "summary.json", summary.encode("utf-8"))
        result.outputs = [out_dir / "graph.ttl", out_dir / "summary.json"]
        result.outputs += write_reports(result.graph, out_dir)
    return result
