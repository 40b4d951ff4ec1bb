"""``kgraph check``: fail a publishing pipeline when findings at or above a severity remain.

A *baseline* lists the finding IRIs a team has already looked at and
accepted; they do not count. Finding IRIs are stable across runs (they come
from the finding's type and its members' anchors), so a baseline keeps
working as long as the pages it was made from keep their wording.

Baseline file: plain text, one finding IRI per line, sorted; ``#`` starts a
comment (a whole line, or after the IRI). A ``report.json`` from
``kgraph report`` or ``kgraph build`` is accepted too: its findings' ``id``
values are the baseline.

Examples
--------
>>> from kgraph.query import load_graph                       # doctest: +SKIP
>>> graph = load_graph("out/graph.ttl")                       # doctest: +SKIP
>>> result = check_findings(graph, "error", read_baseline("baseline.txt"))   # doctest: +SKIP
>>> result.passed, len(result.failing)                        # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from rdflib import Graph

from kgraph import __version__
from kgraph.analysis.records import Severity
from kgraph.errors import GraphError, UsageError
from kgraph.graph.serialize import write_atomic
from kgraph.namespaces import KG, RDF
from kgraph.query import findings
from kgraph.report.triage import drop_members

__all__ = ["CheckResult", "FailingFinding", "check_findings", "parse_severity", "read_baseline", "write_baseline"]


@dataclass(frozen=True)
class FailingFinding:
    """One finding that fails the check, located by its first member."""

    iri: str
    type: str
    severity: Severity
    explanation: str
    file: str  # "" when its first member is unanchored (a concept, a reference fact)
    start: int | None
    quote: str


@dataclass(frozen=True)
class CheckResult:
    """What :func:`check_findings` found.

    Attributes
    ----------
    fail_on
        The threshold: findings of this severity or above count.
    failing
        Findings at or above ``fail_on`` and not in the baseline, errors first.
    accepted
        How many findings at or above ``fail_on`` the baseline accepted.
    by_severity
        Every finding in the graph, counted by severity (``"Error"``, ``"Warning"``, ``"Info"``).
    stale
        Baseline IRIs that are no finding of this graph (fixed, or reworded): candidates to drop.
    """

    fail_on: Severity
    failing: list[FailingFinding]
    accepted: int
    by_severity: dict[str, int]
    stale: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when no finding at or above ``fail_on`` is left."""
        return not self.failing

    @property
    def total(self) -> int:
        """Every finding in the graph, whatever its severity."""
        return sum(self.by_severity.values())


def parse_severity(value: Severity | str) -> Severity:
    """``"error"``, ``"Warning"``, ``Severity.INFO``... as a :class:`Severity`; UsageError otherwise."""
    if isinstance(value, Severity):
        return value
    for level in Severity:
        if level.value.lower() == str(value).strip().lower():
            return level
    raise UsageError(f"severity {value!r} is not one of: info, warning, error")


def check_findings(graph: Graph, fail_on: Severity | str, baseline: Iterable[str] = ()) -> CheckResult:
    """The findings of ``graph`` at or above ``fail_on`` that ``baseline`` does not accept.

    Parameters
    ----------
    graph
        A graph built by ``kgraph build`` (findings included).
    fail_on
        The lowest severity that fails: ``Severity.ERROR`` counts errors only,
        ``Severity.INFO`` counts everything.
    baseline
        Finding IRIs already accepted (see :func:`read_baseline`).

    Returns
    -------
    CheckResult
    """
    level = parse_severity(fail_on)
    accepted_ids = set(baseline)
    table = findings(graph)
    first = table.drop_duplicates("finding")  # rows come sorted: a finding's first row is its first member
    by_severity = {s.value: 0 for s in sorted(Severity, key=lambda s: -s.rank)}
    failing: list[FailingFinding] = []
    accepted = 0
    for row in first.itertuples(index=False):
        severity = parse_severity(row.severity)
        by_severity[severity.value] += 1
        if severity.rank < level.rank:
            continue
        if row.finding in accepted_ids:
            accepted += 1
            continue
        start = None if pd.isna(row.start) else int(row.start)
        failing.append(FailingFinding(iri=row.finding, type=row.type, severity=severity, explanation=row.explanation,
                                      file=row.document, start=start, quote=row.quote))
    stale = sorted(accepted_ids - set(first["finding"]))
    return CheckResult(fail_on=level, failing=failing, accepted=accepted, by_severity=by_severity, stale=stale)


def read_baseline(path: str | Path) -> set[str]:
    """The finding IRIs of a baseline file, or of a ``report.json`` (its findings' ``id``).

    Raises
    ------
    UsageError
        When the file is missing or unreadable, or a line is not a finding IRI.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError(f"cannot read the baseline file {path}: {reason}; write one with "
                         f"`kgraph check --write-baseline {path}`") from exc
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        return _ids_of_report(path, text)
    ids = set()
    for number, line in enumerate(text.splitlines(), start=1):
        iri, comment = (line.split(None, 1) + ["", ""])[:2]
        if not iri or iri.startswith("#"):
            continue
        if not iri.startswith(("http://", "https://")) or (comment and not comment.startswith("#")):
            raise UsageError(f"line {number} of the baseline file {path} is not a finding IRI (optionally followed "
                             f"by a # comment): {line.strip()[:120]!r}")
        ids.add(iri)
    return ids


def _ids_of_report(path: Path, text: str) -> set[str]:
    try:
        report = json.loads(text, object_hook=drop_members)  # members dropped as they are parsed
        return {str(item["id"]) for item in report["findings"]}
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"the baseline file {path} is neither a list of finding IRIs nor a report.json with "
                         f"findings[].id ({type(exc).__name__}: {exc})") from exc


def write_baseline(graph_or_findings: Graph | Iterable[str], path: str | Path, *, made_from: str | None = None) -> int:
    """Write every finding IRI (any severity) as a baseline file, atomically; return how many.

    Parameters
    ----------
    graph_or_findings
        A graph (each IRI is followed by a comment with the finding's severity,
        type and explanation, for the reviewer) or finding IRIs.
    path
        The baseline file to write.
    made_from
        What the findings came from (a corpus folder or graph file), for the header.
    """
    lines = []
    if isinstance(graph_or_findings, Graph):
        graph = graph_or_findings
        for node in sorted(graph.subjects(RDF.type, KG.Finding)):
            note = " ".join(f"{_local(graph.value(node, KG.severity))} {_local(graph.value(node, KG.findingType))}: "
                            f"{graph.value(node, KG.explanation) or ''}".split())
            lines.append(f"{node}  # {_printable(note)[:200]}")
    else:
        lines = sorted(set(map(str, graph_or_findings)))
    source = f" from {_printable(made_from)}" if made_from else ""
    header = (f"# kgraph check baseline{source}: {len(lines)} accepted findings, written by "
              f"`kgraph check --write-baseline` (kgraph {__version__}).\n"
              "# One finding IRI per line; `#` starts a comment. Findings listed here do not fail "
              "`kgraph check --baseline`;\n# delete a line to stop accepting that finding.\n")
    try:
        write_atomic(Path(path), (header + "".join(line + "\n" for line in lines)).encode("utf-8"))
    except OSError as exc:
        raise GraphError(f"cannot write the baseline file {path}: {exc.strerror or exc}") from exc
    return len(lines)


def _printable(text: str) -> str:
    """Control and invisible characters as escapes: a comment stays on its line."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def _local(node: object) -> str:
    return str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
