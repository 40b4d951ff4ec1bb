"""The report data (``report.json``): one plain dict built from a kgraph graph.

:func:`report_data` is a pure function of the graph (and, for triage, of a
previous report): no clock, no environment, sorted lists, so the same graph
gives the same JSON bytes. The HTML, Markdown and CSV reports are all
rendered from this dict. Its shape is described by
``kgraph/report/schema/report-1.0.0.schema.json``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path

from rdflib import Graph, URIRef

from kgraph.namespaces import DCTERMS, KG, PROV, RDFS, SCHEMA
from kgraph.report.links import text_fragment_link
from kgraph.report.lint import lint_entries
from kgraph.report.marks import finding_marks
from kgraph.report.members import GraphIndex, local_name
from kgraph.report.triage import apply_triage, read_previous

__all__ = ["FINDING_TYPES", "REPORT_SCHEMA_VERSION", "SEVERITIES", "ClusterRow", "FindingRow", "report_data",
           "report_model"]

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
        findings and clusters made on demand).

    Raises
    ------
    kgraph.errors.UsageError
        The previous report is unreadable, not JSON, or of another major schema version.
    """
    data = report_model(graph, previous=previous, previous_path=previous_path)
    return {**data, "findings": [dict(f) for f in data["findings"]], "clusters": [dict(c) for c in data["clusters"]]}


def report_model(graph: Graph, *, previous: dict | None = None, previous_path: str | None = None,
                 anchors: dict | None = None) -> dict:
    """:func:`report_data`'s report, with each finding and cluster a :class:`FindingRow` or :class:`ClusterRow`.

    A row reads like the dict :func:`report_data` holds, but makes its
    ``members`` each time they are read, from one shared record per member
    node (a claim in fifty findings is held once) and the finding's word
    marks: the report of a corpus with 100,000 findings holds no copy of each
    member per finding, and the graph is let go once the rows are made. The
    report files are written row by row (:func:`kgraph.report.write_reports`).
    Same parameters and errors as :func:`report_data`; ``anchors`` are the
    graph's anchors when already read (:meth:`kgraph.graph.reader.PropertyReader.anchors`).
    """
    if previous is None and previous_path is not None:
        previous = read_previous(Path(previous_path))
    index = GraphIndex(graph, anchors)
    members: dict[URIRef, dict] = {}  # a claim in many findings is read once
    findings = [_finding(index, node, members) for node in index.instances(KG.Finding)]
    findings.sort(key=lambda row: row.order)
    triage = apply_triage(findings, previous, previous_path)
    claims = index.instances(KG.Claim)
    mentions = index.instances(KG.Mention)
    skipped = _skipped(index)
    by_type = Counter(f["type"] for f in findings)
    by_severity = Counter(f["severity"] for f in findings)
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "generator": _generator(index),
        "summary": {
            "documents": len(index.documents),
            "claims": len(claims),
            "mentions": len(mentions),
            "clusters": by_type.get("Paraphrase", 0),
            "skipped": len(skipped),
            "findings": {
                "total": len(findings),
                "by_type": {t: by_type.get(t, 0) for t in sorted({*FINDING_TYPES, *by_type})},
                "by_severity": {s: by_severity.get(s, 0) for s in SEVERITIES},
            },
        },
        "documents": _documents(index, claims, mentions, findings),
        "skipped": skipped,
        "findings": findings,
        "clusters": _clusters(index, findings),
        "lint": lint_entries(index),
        "triage": triage,
    }


class _Row(Mapping):
    """A report row read like its ``report.json`` object: held fields, and ``members`` made on each read."""

    __slots__ = ("_head",)
    _KEYS: tuple[str, ...] = ()

    def __getitem__(self, key: str):
        return self.members() if key == "members" else self._head[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._KEYS)

    def __len__(self) -> int:
        return len(self._KEYS)

    def members(self) -> list[dict]:
        raise NotImplementedError

    def member_count(self) -> int:
        """How many members the row has (without making them)."""
        raise NotImplementedError


class FindingRow(_Row):
    """One finding of the report, read like its ``report.json`` object.

    ``id``, ``type``, ``severity``, ``explanation``, ``status`` and
    ``documents`` are held, with the finding's word marks; ``members`` is made
    on each read from the member records the report shares between findings.
    A row holds no reference to the graph. ``status`` can be set (triage).
    """

    __slots__ = ("_marks", "_records", "order")
    _KEYS = ("id", "type", "severity", "explanation", "status", "documents", "members")

    def __init__(self, head: dict, records: list[dict], marks: dict[str, list], order: tuple) -> None:
        self._head = head
        self._records = tuple(sorted(records, key=_member_order))  # shared records: never changed here
        self._marks = tuple(marks[r["iri"]] for r in self._records)
        self.order = order  # report order: severity, type, first member's page and offset, id

    def __setitem__(self, key: str, value) -> None:
        if key not in self._head:
            raise KeyError(f"{key!r} is made from the graph; it cannot be set")
        self._head[key] = value

    def member_count(self) -> int:
        return len(self._records)

    def member_records(self) -> tuple[dict, ...]:
        """The members without their marks, in report order (shared records: do not change them)."""
        return self._records

    def members(self) -> list[dict]:
        """The members as ``report.json`` lists them: new dicts, with this finding's word marks."""
        return [{**record, "marks": marks} for record, marks in zip(self._records, self._marks)]


class ClusterRow(_Row):
    """One paraphrase cluster of the report, read like its ``report.json`` object; ``members`` are its finding's."""

    __slots__ = ("_finding",)
    _KEYS = ("finding", "proposition", "documents", "independent_sources", "members")

    def __init__(self, head: dict, finding: FindingRow) -> None:
        self._head, self._finding = head, finding

    def member_count(self) -> int:
        return self._finding.member_count()

    def members(self) -> list[dict]:
        """Its finding's members."""
        return self._finding.members()


# ---------------------------------------------------------------------- findings

def _finding(index: GraphIndex, node: URIRef, known: dict[URIRef, dict]) -> FindingRow:
    finding_type = local_name(index.one(node, KG.findingType)) or "Unknown"
    nodes = sorted(set(index.values(node, KG.involves)))
    for m in nodes:
        if m not in known:
            known[m] = _member(index, m)
    records = [known[m] for m in nodes]
    marks = finding_marks(index, finding_type, [(m["iri"], m["quote"]) for m in records])
    severity = local_name(index.one(node, KG.severity)) or "Info"
    head = {
        "id": str(node),
        "type": finding_type,
        "severity": severity,
        "explanation": str(index.one(node, KG.explanation) or ""),
        "status": None,
        "documents": sorted({m["file"] for m in records if m["file"] is not None}),
    }
    first = min(map(_member_order, records)) if records else (True, "", -1, "")
    rank = SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)
    return FindingRow(head, records, marks, (rank, finding_type, first[:3], head["id"]))


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
        authors = index.one(node, KG.authorsText)
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

def _clusters(index: GraphIndex, findings: list[FindingRow]) -> list[ClusterRow]:
    out = []
    for finding in findings:
        if finding["type"] != "Paraphrase":
            continue
        node = URIRef(finding["id"])
        records = finding.member_records()
        claims = [m for m in records if m["kind"] == "claim"]
        first = claims[0] if claims else (records or [{}])[0]
        proposition = " ".join(x for x in (first.get("subject"), first.get("predicate"), first.get("object")) if x)
        if first.get("polarity") == "Negated":
            proposition = f"not: {proposition}"
        documents = index.one(node, KG.documentCount)
        independent = index.one(node, KG.independentSources)
        count = int(documents) if documents is not None else len(finding["documents"])
        out.append(ClusterRow({
            "finding": finding["id"],
            "proposition": proposition,
            "documents": count,
            "independent_sources": int(independent) if independent is not None else count,
        }, finding))
    out.sort(key=lambda c: (-c["documents"], -c["independent_sources"], -c.member_count(), c["proposition"],
                            c["finding"]))
    return out


# ---------------------------------------------------------------------- documents and run

def _documents(index: GraphIndex, claims: list, mentions: list, findings: list[FindingRow]) -> list[dict]:
    claim_count = Counter(index.anchors[str(c)].document for c in claims if str(c) in index.anchors)
    mention_count = Counter(index.anchors[str(m)].document for m in mentions if str(m) in index.anchors)
    by_file: dict[str, Counter] = {doc.file: Counter() for doc in index.documents.values()}
    for finding in findings:
        for file in finding["documents"]:
            by_file.setdefault(file, Counter())[finding["severity"]] += 1
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
            "findings": {s: by_file[doc.file].get(s, 0) for s in SEVERITIES},
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
