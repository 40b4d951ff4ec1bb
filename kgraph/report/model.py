"""The report data (``report.json``): one plain dict built from a kgraph graph.

:func:`report_data` is a pure function of the graph (and, for triage, of a
previous report): no clock, no environment, sorted lists, so the same graph
gives the same JSON bytes. The HTML, Markdown and CSV reports are all
rendered from this dict. Its shape is described by
``kgraph/report/schema/report-1.0.0.schema.json``.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
from rdflib import Graph, URIRef

from kgraph.graph.reader import AnchorTable
from kgraph.graph.store import release_store
from kgraph.namespaces import DCTERMS, KG, PROV, RDFS, SCHEMA
from kgraph.report.links import text_fragment_link
from kgraph.report.lint import lint_entries
from kgraph.report.marks import finding_marks
from kgraph.report.members import GraphIndex, local_name
from kgraph.report.rows import RowSpool
from kgraph.report.triage import Triage, read_previous

__all__ = ["FINDING_TYPES", "REPORT_SCHEMA_VERSION", "SEVERITIES", "report_data", "report_model"]

REPORT_SCHEMA_VERSION = "1.0.0"
SEVERITIES = ("Error", "Warning", "Info")  # report order: most urgent first
FINDING_TYPES = ("Paraphrase", "CertaintyDrift", "NumericConflict", "PolarityConflict", "ScopeConflict",
                 "CitationMismatch", "TerminologyConflict", "ReferenceConflict")  # CONTRACT.md, Findings

# skipped files (CONTRACT.md, exit status 3); not in the closed KG namespace of every version, so named here
_SKIPPED_FILE = KG.skippedFile
_SKIP_REASON = KG.skipReason


def report_data(graph: Graph, *, previous: dict | None = None, previous_path: str | None = None) -> dict:
    """The report of ``graph`` as a JSON-ready dict (schema version :data:`REPORT_SCHEMA_VERSION`).

    Parameters
    ----------
    graph
        A graph as ``kgraph build`` writes it (documents, claims, findings, the run).
    previous
        An earlier report's dict: each finding then gets ``status`` ``"new"``
        or ``"unchanged"`` and vanished findings are listed as resolved.
    previous_path
        Where the previous report came from (shown in the report); when
        ``previous`` is not given, the report is read from this file.

    Returns
    -------
    dict
        The shape of ``report-1.0.0.schema.json``; plain dicts and lists
        throughout (:func:`report_model` gives the same report with its
        findings and clusters kept on disk until read).

    Raises
    ------
    kgraph.errors.UsageError
        The previous report is unreadable, not JSON, or of another major schema version.
    """
    data = report_model(graph, previous=previous, previous_path=previous_path)
    return {**data, "findings": list(data["findings"]), "clusters": list(data["clusters"])}


def report_model(graph: Graph, *, previous: dict | None = None, previous_path: str | None = None,
                 anchors: AnchorTable | None = None, release: bool = False) -> dict:
    """:func:`report_data`'s report, its findings and clusters kept on disk until read.

    ``findings`` and ``clusters`` are :class:`~kgraph.report.rows.SpooledRows`:
    each row is written to a temporary file as soon as it is made, and read
    back (as a new dict) each time it is asked for. Memory holds one sort key
    per finding while the rows are made, and one offset per row after, so
    the report of a corpus with hundreds of thousands of findings fits in
    little memory; the report files are written row by row
    (:func:`kgraph.report.write_reports`). Same parameters and errors as
    :func:`report_data`; ``anchors`` are the graph's anchors when already
    read (:meth:`kgraph.graph.reader.PropertyReader.anchors`). With
    ``release``, an on-disk store is released before the first finding is
    read, every :data:`_RELEASE_EVERY` findings after and once they are all
    read (:func:`~kgraph.graph.store.release_store`), so the store's caches
    never hold more than those findings' reads; and the rows are read back
    with the C heap trimmed every :data:`_TRIM_EVERY` bytes
    (:class:`~kgraph.report.rows.RowSpool`). Only for a graph nothing else
    is reading (a build's).
    """
    if previous is None and previous_path is not None:
        previous = read_previous(Path(previous_path))
    triage = Triage(previous, previous_path)
    index = GraphIndex(graph, anchors)
    spool = RowSpool(trim_every=_TRIM_EVERY if release else 0)
    member = lru_cache(maxsize=_MEMBER_CACHE)(lambda node: _member(index, node))
    finding_order = _FindingOrder()
    cluster_keys = []
    by_type: Counter = Counter()
    by_severity: Counter = Counter()
    by_file: dict[str, Counter] = {}
    # nodes in IRI order: a finding's number among them orders it as its id would
    nodes = index.read.sorted_nodes(KG.Finding)  # packed: not an object, nor a set, of every finding
    for number, node in enumerate(nodes):
        if release and number % _RELEASE_EVERY == 0:
            # the store's caches fill as every finding and member is read (and, before the first, as the
            # documents and the findings' list were): empty them
            release_store(graph)
        row, order = _finding(index, node, member)
        row["status"] = triage.status(row["id"])
        finding_order.add(order, number, spool.add(row))
        by_type[row["type"]] += 1
        by_severity[row["severity"]] += 1
        for file in row["documents"]:
            by_file.setdefault(file, Counter())[row["severity"]] += 1
        if row["type"] == "Paraphrase":
            cluster = _cluster(index, node, row)
            cluster_keys.append((-cluster["documents"], -cluster["independent_sources"], -len(row["members"]),
                                 cluster["proposition"], cluster["finding"], spool.add(cluster)))
    cluster_keys.sort()
    findings = spool.rows(finding_order.rows())
    clusters = spool.rows([key[-1] for key in cluster_keys])
    del finding_order, cluster_keys, nodes
    member.cache_clear()
    if release:  # what the findings' reads left, before the counts and the lint read every claim
        release_store(graph)
    claims = index.read.count(KG.Claim, index.anchors)
    mentions = index.read.count(KG.Mention, index.anchors)
    skipped = _skipped(index)
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "generator": _generator(index),
        "summary": {
            "documents": len(index.documents),
            "claims": claims[0],
            "mentions": mentions[0],
            "clusters": by_type.get("Paraphrase", 0),
            "skipped": len(skipped),
            "findings": {
                "total": len(findings),
                "by_type": {t: by_type.get(t, 0) for t in sorted({*FINDING_TYPES, *by_type})},
                "by_severity": {s: by_severity.get(s, 0) for s in SEVERITIES},
            },
        },
        "documents": _documents(index, claims, mentions, by_file),
        "skipped": skipped,
        "findings": findings,
        "clusters": clusters,
        "lint": lint_entries(index),
        "triage": triage.summary(),
    }


_MEMBER_CACHE = 20_000  # member records kept for reuse (a claim is a member of many findings); bounded
_RELEASE_EVERY = 20_000  # findings read between two releases of an on-disk store (``release``)
_TRIM_EVERY = 4_000_000  # bytes of report rows read between two trims of the C heap (``release``)


# ---------------------------------------------------------------------- findings

def _finding(index: GraphIndex, node: URIRef, member: Callable[[URIRef], dict]) -> tuple[dict, tuple]:
    """A finding's row (members with their word marks) and its report order: severity, type, first member."""
    finding_type = local_name(index.one(node, KG.findingType)) or "Unknown"
    records = sorted((member(m) for m in set(index.values(node, KG.involves))), key=_member_order)
    marks = finding_marks(index, finding_type, [(m["iri"], m["quote"]) for m in records])
    severity = local_name(index.one(node, KG.severity)) or "Info"
    row = {
        "id": str(node),
        "type": finding_type,
        "severity": severity,
        "explanation": str(index.one(node, KG.explanation) or ""),
        "status": None,
        "documents": sorted({m["file"] for m in records if m["file"] is not None}),
        # members are shared records: each row gets its own copy, with its own marks
        "members": [{**record, "marks": marks[record["iri"]]} for record in records],
    }
    first = _member_order(records[0]) if records else (True, "", -1, "")
    rank = SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)
    return row, (rank, finding_type, first[0], first[1], first[2])


class _FindingOrder:
    """The report order of the findings: each one's sort key packed in arrays, 56 bytes a finding.

    A key is (severity rank, type, unanchored first member, its file, its
    start, the finding's number in IRI order), the order of the tuples; the
    type and file are kept as numbers and ranked by their text at the end.
    A corpus has hundreds of thousands of findings: as tuples, their keys
    took about 200 bytes each.
    """

    def __init__(self) -> None:
        self._names: dict[str, int] = {}  # types and files, numbered as they come
        self._columns = tuple(array("q") for _ in range(7))  # rank, type, unanchored, file, start, number, row

    def add(self, order: tuple, number: int, row: int) -> None:
        """The finding numbered ``number`` (its rank in IRI order), with its ``order`` and its spooled ``row``."""
        rank, finding_type, unanchored, file, start = order
        names = self._names
        values = (rank, names.setdefault(finding_type, len(names)), unanchored, names.setdefault(file, len(names)),
                  start, number, row)
        for column, value in zip(self._columns, values, strict=True):
            column.append(value)

    def rows(self) -> list[int]:
        """The spooled rows, in report order."""
        if not self._columns[-1]:
            return []
        by_text = np.empty(len(self._names), dtype=np.int64)  # a name's number -> its rank among the names
        by_text[[self._names[name] for name in sorted(self._names)]] = np.arange(len(self._names))
        rank, kind, unanchored, file, start, number, row = (np.frombuffer(c, dtype=np.int64) for c in self._columns)
        order = np.lexsort((number, start, by_text[file], unanchored, by_text[kind], rank))
        return row[order].tolist()


def _member(index: GraphIndex, node: URIRef) -> dict:
    kind = index.kind(node)
    anchor = index.anchors.get(str(node))
    doc = index.documents.get(anchor.document) if anchor else None
    anchor = anchor if doc is not None else None  # offsets mean nothing without the document's text
    quote = index.quote(node)
    subject, predicate, obj = _labels(index, node, kind)
    url = doc.url if doc else None
    source = index.one(node, DCTERMS.source) if kind == "reference_fact" else None
    return {
        "kind": kind,
        "iri": str(node),
        "file": doc.file if doc else None,
        "start": anchor.start if anchor else None,
        "end": anchor.end if anchor else None,
        "quote": quote,
        "subject": subject,
        "predicate": predicate,
        "object": obj,
        "polarity": local_name(index.one(node, KG.polarity)),
        "certainty": local_name(index.one(node, KG.certainty)),
        "url": url,
        "link": text_fragment_link(url, quote) if anchor else None,
        "source": None if source is None else str(source),
        "marks": [],
    }


def _labels(index: GraphIndex, node: URIRef, kind: str) -> tuple[str | None, str | None, str | None]:
    """Subject, predicate and object labels; for non-claims, what best names the member."""
    if kind in ("claim", "reference_fact"):
        obj = index.one(node, KG.object)
        mention = index.one(node, KG.objectMention)
        # a statistic reads best as the page wrote it ("Over 11% of the US adult population")
        obj_label = index.quote(mention) if mention is not None and index.is_a(obj, KG.Quantity) else index.label(obj)
        return index.label(index.one(node, KG.subject)), index.label(index.one(node, KG.predicate)), obj_label
    if kind == "mention":
        short = index.one(node, KG.shortForm)
        if short is not None:  # an abbreviation definition: "CRPS" expanded as "chronic regional ..."
            return str(short), "expands to", str(index.one(node, KG.longForm) or "") or None
        return index.label(index.one(node, KG.refersTo)), None, None
    if kind in ("citation", "reference_entry"):
        authors = index.one(node, KG.authorsText) or index.one(node, KG.describedAs)  # a work cited by description
        year = index.one(node, SCHEMA.datePublished)
        who = " ".join(str(x) for x in (authors, f"({year})" if year else None) if x) or None
        venue = index.one(node, KG.venue) or next(iter(sorted(index.values(node, KG.inTextVenue))), None)
        return who, None, index.label(venue) if venue is not None else None
    return index.label(node), None, None


def _member_order(member: dict) -> tuple:
    # unanchored members (concepts, reference facts) after the quotes of pages
    return (member["file"] is None, member["file"] or "", member["start"] if member["start"] is not None else -1,
            member["iri"])


# ---------------------------------------------------------------------- clusters

def _cluster(index: GraphIndex, node: URIRef, finding: dict) -> dict:
    """The cluster row of a Paraphrase finding's row: its proposition, page counts and members."""
    records = finding["members"]
    claims = [m for m in records if m["kind"] == "claim"]
    first = claims[0] if claims else (records or [{}])[0]
    proposition = " ".join(x for x in (first.get("subject"), first.get("predicate"), first.get("object")) if x)
    if first.get("polarity") == "Negated":
        proposition = f"not: {proposition}"
    documents = index.one(node, KG.documentCount)
    independent = index.one(node, KG.independentSources)
    count = int(documents) if documents is not None else len(finding["documents"])
    return {
        "finding": finding["id"],
        "proposition": proposition,
        "documents": count,
        "independent_sources": int(independent) if independent is not None else count,
        "members": records,
    }


# ---------------------------------------------------------------------- documents and run

def _documents(index: GraphIndex, claims: tuple[int, Counter], mentions: tuple[int, Counter],
               by_file: dict[str, Counter]) -> list[dict]:
    """One row per document; ``claims`` and ``mentions`` are :meth:`~kgraph.graph.reader.PropertyReader.count`'s,
    ``by_file`` counts the findings involving each file by severity."""
    claim_count, mention_count = claims[1], mentions[1]
    rows = []
    for doc in index.documents.values():
        rows.append({
            "file": doc.file,
            "iri": doc.iri,
            "url": doc.url,
            "title": doc.title,
            "publisher": doc.publisher,
            "claims": claim_count.get(doc.iri, 0),
            "mentions": mention_count.get(doc.iri, 0),
            "findings": {s: by_file.get(doc.file, Counter()).get(s, 0) for s in SEVERITIES},
        })
    rows.sort(key=lambda r: (r["file"], r["iri"]))
    return rows


def _skipped(index: GraphIndex) -> list[dict]:
    rows = {}
    for node in {value for _, value in index.pairs(_SKIPPED_FILE)}:
        name = index.one(node, KG.fileName)
        reason = index.one(node, _SKIP_REASON)
        rows[str(node)] = {"file": str(name if name is not None else node), "reason": str(reason or "")}
    return sorted(rows.values(), key=lambda r: (r["file"], r["reason"]))


def _generator(index: GraphIndex) -> dict:
    runs = index.instances(KG.ExtractionRun)
    if not runs:
        return {"kgraph_version": "unknown", "pipeline_version": "unknown", "model": "unknown"}
    run = runs[0]
    agent_label = next((str(index.one(a, RDFS.label)) for a in sorted(index.values(run, PROV.wasAssociatedWith))
                        if index.one(a, RDFS.label) is not None), "")
    version = agent_label.removeprefix("kgraph ").strip() or "unknown"
    model = " ".join(str(v) for v in (index.one(run, KG.modelName), index.one(run, KG.modelVersion)) if v)
    return {
        "kgraph_version": version,
        "pipeline_version": str(index.one(run, KG.pipelineVersion) or "unknown"),
        "model": model or "unknown",
    }
