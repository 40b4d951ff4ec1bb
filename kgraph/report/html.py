"""The HTML face of the report: one self-contained file that opens from disk.

:func:`render_html` turns the report data (``report.json``'s dict) into a
page with a summary and chart, the findings with their quotes side by side,
claim clusters, a view per document, the lint entries and the skipped files.
Everything comes from ``data``; the page needs no network: CSS, JavaScript
and the SVG chart are inline, and a Content-Security-Policy allows only the
page's own script and style (by hash), so even an escaping bug elsewhere
could not run an injected handler or load anything.

Page text reaches the HTML only through Jinja2 with autoescaping on; marks
are applied by splitting each quote into plain pieces here, each escaped by
the template.

The page is bounded like ``report.md``, with the same limits (defined in
:mod:`kgraph.report.caps`): each (severity, finding type) group shows its
first :data:`~kgraph.report.caps.MAX_SHOWN_PER_GROUP` findings, the cluster view its
:data:`~kgraph.report.caps.MAX_CLUSTERS_SHOWN` largest clusters, a finding or cluster at most
:data:`~kgraph.report.caps.MAX_MEMBERS_SHOWN` quotes, and a document lists at most
:data:`~kgraph.report.caps.MAX_LISTED_PER_DOCUMENT` of the findings shown. Every cut has a notice
with the true total; the summary, the chart and the headings count
everything. A report under every bound renders exactly as it did before the
bounds existed.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from itertools import islice

from jinja2 import Environment, PackageLoader, StrictUndefined
from rdflib import Graph, Literal

from kgraph.display import visible
from kgraph.errors import KGraphError
from kgraph.namespaces import KG, RDFS
from kgraph.ontology_files import ontology_file
from kgraph.report.caps import (
    COMPLETE_OUTPUTS,
    MAX_CLUSTERS_SHOWN,
    MAX_DOCUMENTS_SHOWN,
    MAX_LINT_SHOWN,
    MAX_LISTED_PER_DOCUMENT,
    MAX_MEMBERS_SHOWN,
    MAX_SHOWN_PER_GROUP,
)

__all__ = ["mark_segments", "render_html"]

SEVERITIES = ("Error", "Warning", "Info")
_REQUIRED = ("summary", "documents", "skipped", "findings")
# the summary chart, in SVG user units
_LABEL_W, _BAR_W, _ROW_H, _BAR_H = 190, 600, 30, 18


@cache
def _environment() -> Environment:
    # autoescape for every template: nothing the templates print is trusted markup
    env = Environment(
        loader=PackageLoader("kgraph.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["visible"] = visible
    env.filters["thousands"] = _thousands
    env.globals["complete_outputs"] = COMPLETE_OUTPUTS  # where the notices send the reader for everything
    return env


def _thousands(number: int) -> str:
    """``number`` with thousands separators, for the notices: 9053 -> "9,053"."""
    return f"{number:,}"


@cache
def _csp() -> str:
    """Content-Security-Policy allowing only the inline script and style the template includes.

    The hashes are of exactly what ``{% include %}`` inserts (the same
    environment renders both), and a unit test checks them against the page.
    """
    env = _environment()

    def digest(name: str) -> str:
        text = env.get_template(name).render()
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"

    return (f"default-src 'none'; script-src {digest('report.js')}; style-src {digest('report.css')}; "
            "base-uri 'none'; form-action 'none'")


@cache
def _type_labels() -> dict[str, tuple[str, str]]:
    """Finding types and severities from ``kgraph.ttl``: local name -> (label, comment)."""
    graph = Graph()
    graph.parse(ontology_file("kgraph.ttl"), format="turtle")
    labels: dict[str, tuple[str, str]] = {}
    for node, label in graph.subject_objects(RDFS.label):
        text = str(node)
        if not text.startswith(str(KG)) or not isinstance(label, Literal):
            continue
        comment = graph.value(node, RDFS.comment)
        labels[text[len(str(KG)):]] = (str(label), str(comment) if comment is not None else "")
    return labels


def _type_label(name: str) -> str:
    label = _type_labels().get(name, (re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower(), ""))[0]
    return label[:1].upper() + label[1:]


def mark_segments(quote: str, marks: Iterable[Sequence[int]]) -> list[tuple[str, bool]]:
    """Split ``quote`` into ``(text, marked)`` pieces, marked where any of ``marks`` covers it.

    Marks are clamped to the quote; overlapping and adjacent marks merge;
    empty or inverted ones are dropped. The pieces join back to ``quote``.

    Examples
    --------
    >>> mark_segments("ketamine blocks NMDA", [[9, 15], [14, 20]])
    [('ketamine ', False), ('blocks NMDA', True)]
    """
    spans = sorted((max(0, int(a)), min(len(quote), int(b))) for a, b in marks)
    merged: list[list[int]] = []
    for start, end in spans:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in merged:
        if start > at:
            pieces.append((quote[at:start], False))
        pieces.append((quote[start:end], True))
        at = end
    if at < len(quote) or not pieces:
        pieces.append((quote[at:], False))
    return pieces


def _web_url(url: object) -> str | None:
    """``url`` when it is an http(s) URL, else None: a javascript: or data: href would run in the page."""
    return url if isinstance(url, str) and url.lower().startswith(("https://", "http://")) else None


def _members_view(members: list[dict]) -> dict:
    """The first :data:`~kgraph.report.caps.MAX_MEMBERS_SHOWN` members as views, their true number and how many are left out."""
    return {"members": [_member_view(m) for m in members[:MAX_MEMBERS_SHOWN]], "member_total": len(members),
            "more_members": max(0, len(members) - MAX_MEMBERS_SHOWN)}


def _member_view(member: dict) -> dict:
    where = visible(member["file"]) if member.get("file") else ("reference fact" if member.get("kind") == "reference_fact" else member.get("kind"))
    if member.get("start") is not None and member.get("end") is not None:
        where = f"{where} · {member['start']}–{member['end']}"
    parts = [member.get(k) for k in ("subject", "predicate", "object")]
    proposition = " · ".join(p for p in parts if p)
    qualifiers = [q for q in (member.get("polarity"), member.get("certainty")) if q]
    return {**member, "where": where, "proposition": proposition, "qualifiers": qualifiers,
            "href": _web_url(member.get("link")),
            "segments": mark_segments(member.get("quote") or "", member.get("marks") or [])}


def _chart(totals: Counter[tuple[str, str]], types: Iterable[str]) -> dict:
    """Horizontal bars, one per finding type (every type of ``types``, then any other), split by severity.

    ``totals`` counts the findings by (severity, type), in report order.
    """
    counts: dict[str, dict[str, int]] = {t: dict.fromkeys(SEVERITIES, 0) for t in types}
    for (severity, finding_type), n in totals.items():
        row = counts.setdefault(finding_type, dict.fromkeys(SEVERITIES, 0))
        row[severity] = row.get(severity, 0) + n
    top = max([sum(c.values()) for c in counts.values()] + [1])
    rows = []
    for index, (name, by_severity) in enumerate(counts.items()):
        x, segments = float(_LABEL_W), []
        for severity in SEVERITIES:
            if by_severity.get(severity):
                width = round(_BAR_W * by_severity[severity] / top, 2)
                segments.append({"severity": severity, "count": by_severity[severity], "x": round(x, 2), "width": width})
                x += width
        rows.append({"type": name, "label": _type_label(name), "total": sum(by_severity.values()),
                     "y": index * _ROW_H, "segments": segments, "end": round(x, 2)})
    return {"rows": rows, "width": _LABEL_W + _BAR_W + 60, "height": max(len(rows), 1) * _ROW_H,
            "row_h": _ROW_H, "bar_h": _BAR_H, "label_w": _LABEL_W}


def _shown_positions(findings: Sequence[dict], totals: Counter[tuple[str, str]] | None = None) -> list[int]:
    """Positions in ``findings`` of those shown: the first :data:`~kgraph.report.caps.MAX_SHOWN_PER_GROUP` of each (severity, type).

    Parameters
    ----------
    findings
        All findings, in report order (most urgent first, then type, page and offset).
    totals
        When given, every finding is counted in it by (severity, type) (one pass over findings read from disk).

    Returns
    -------
    list of int
        Increasing positions; each group keeps its first, most urgent, findings.
    """
    seen: Counter[tuple[str, str]] = Counter() if totals is None else totals
    positions = []
    for position, finding in enumerate(findings):
        group = (finding["severity"], finding["type"])
        seen[group] += 1
        if seen[group] <= MAX_SHOWN_PER_GROUP:
            positions.append(position)
    return positions


def _finding_views(findings: list[dict], positions: list[int], doc_token: dict[str, str]) -> list[dict]:
    """The findings at ``positions``, each with its anchor, type label, document tokens (for the filter) and quotes.

    The anchor numbers a finding's place among all findings, so it names the same finding
    whatever is shown. ``doc_token`` maps file -> ``d<n>``; a file no document lists gets a new token.
    """
    views = []
    for position in positions:
        finding = dict(findings[position])  # a report_model row is read from disk: once here
        for file in finding["documents"]:
            doc_token.setdefault(file, f"d{len(doc_token)}")
        views.append({**finding, "anchor": f"f-{position + 1}", "label": _type_label(finding["type"]),
                      "tokens": " ".join(doc_token[f] for f in finding["documents"]),
                      **_members_view(finding["members"])})
    return views


def _groups(shown: list[dict], totals: Counter[tuple[str, str]]) -> list[dict]:
    """Shown findings by severity (most urgent first), then by type name; data order within a type.

    ``totals`` counts every finding by (severity, type): headings give these true counts.
    """
    by_severity: dict[str, dict[str, list[dict]]] = {s: {} for s in SEVERITIES}
    for finding in shown:
        by_severity.setdefault(finding["severity"], {}).setdefault(finding["type"], []).append(finding)
    return [{"severity": severity, "label": _type_label(severity),
             "count": sum(totals[severity, t] for t in by_type),
             "types": [{"type": t, "label": _type_label(t), "description": _type_labels().get(t, ("", ""))[1],
                        "findings": items, "total": totals[severity, t]} for t, items in sorted(by_type.items())]}
            for severity, by_type in by_severity.items() if by_type]


def _document_views(data: dict, shown: list[dict], doc_token: dict[str, str],
                    lint_by_file: dict[str, list[dict]]) -> list[dict]:
    """Each document with its lint and up to :data:`MAX_LISTED_PER_DOCUMENT` of the shown findings involving it.

    Parameters
    ----------
    data
        The report data.
    shown
        The finding views on the page, in page order; a document lists only these, so every link resolves.
    doc_token
        File -> filter token (``d<n>``).
    lint_by_file
        File -> its lint entries (marked only once shown, :func:`_marked`).

    Returns
    -------
    list of dict
        One view per document of ``data``, in order, adding ``finding_list``, ``lint`` and, for the
        notice when some are not listed, ``involved`` (the true number of findings involving the page)
        and ``involved_by_severity`` (``(severity, count)`` pairs, zero counts left out).
    """
    listed: dict[str, list[dict]] = defaultdict(list)
    for finding in shown:
        for file in finding["documents"]:
            if len(listed[file]) < MAX_LISTED_PER_DOCUMENT:
                listed[file].append(finding)
    views = []
    for doc in data["documents"]:
        by_severity = doc["findings"]  # every finding involving the page, by severity (report_data counts them)
        views.append({**doc, "token": doc_token[doc["file"]], "href": _web_url(doc.get("url")),
                      "finding_list": listed.get(doc["file"], []), "lint": lint_by_file.get(doc["file"], []),
                      "involved": sum(by_severity.get(s, 0) for s in SEVERITIES),
                      "involved_by_severity": [(s, by_severity[s]) for s in SEVERITIES if by_severity.get(s)]})
    return views


def _view(data: dict) -> dict:
    """Everything the template shows, in display order; linear in the size of ``data``."""
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise KGraphError(f"report data lacks {', '.join(missing)}; expected the report.json dict "
                          "from kgraph.report.report_data(graph)")
    summary = data["summary"]
    doc_token = {doc["file"]: f"d{i}" for i, doc in enumerate(data["documents"])}
    totals: Counter[tuple[str, str]] = Counter()  # every finding by (severity, type), counted in the same pass
    findings = _finding_views(data["findings"], _shown_positions(data["findings"], totals), doc_token)
    shown_by_severity = Counter(f["severity"] for f in findings)
    shown_by_type = Counter(f["type"] for f in findings)
    clusters = data.get("clusters", [])
    lint_by_file: dict[str, list[dict]] = defaultdict(list)
    for entry in data.get("lint", []):
        lint_by_file[entry["file"]].append(entry)
    anchors = {f["id"]: f["anchor"] for f in findings}
    documents = _document_views(data, findings, doc_token, lint_by_file)
    lint = _shown_lint(lint_by_file)
    chart = _chart(totals, summary["findings"]["by_type"])
    triage = data.get("triage") or {"previous": None}
    return {
        "generator": data.get("generator", {}),
        "summary": summary,
        "chart": chart,
        # "count" is the true total (summary, chart, headings); "shown" what the page holds (filters)
        "severities": [{"name": s, "count": summary["findings"]["by_severity"].get(s, 0),
                        "shown": shown_by_severity[s]} for s in SEVERITIES],
        # the type filter offers every type a finding has, so none is unreachable
        "types": [{"name": row["type"], "label": row["label"], "count": row["total"],
                   "shown": shown_by_type[row["type"]]} for row in chart["rows"]],
        "groups": _groups(findings, totals),
        "findings": findings,
        "finding_total": len(data["findings"]),
        "max_shown_per_group": MAX_SHOWN_PER_GROUP,
        "max_listed_per_document": MAX_LISTED_PER_DOCUMENT,
        "document_options": [{"token": token, "file": file} for file, token in doc_token.items()],
        "documents": [{**view, "lint": _marked(view["lint"])} for view in _most_involved(documents)],
        "document_total": len(documents),
        # clusters come largest first; a cluster's link to its finding only when that finding is shown
        "clusters": [{**c, "anchor": anchors.get(c["finding"]), **_members_view(c["members"])}
                     for c in map(dict, islice(clusters, MAX_CLUSTERS_SHOWN))],  # one read at a time
        "cluster_total": len(clusters),
        "lint": lint,
        "lint_total": len(data.get("lint", [])),
        "lint_shown": sum(len(page["entries"]) for page in lint),
        "skipped": data["skipped"],
        "triage": {**triage, "resolved": [{**r, "label": _type_label(r["type"])} for r in triage.get("resolved", [])]},
    }


def _most_involved(documents: list[dict]) -> list[dict]:
    """The document views the page shows: all, in file order, when they are few enough.

    Beyond :data:`~kgraph.report.caps.MAX_DOCUMENTS_SHOWN`, that many: those
    with the most errors, then warnings, then info findings, most first.
    """
    if len(documents) <= MAX_DOCUMENTS_SHOWN:
        return documents
    def urgency(view: dict) -> tuple:
        return (*(-view["findings"].get(s, 0) for s in SEVERITIES), view["file"])

    return sorted(documents, key=urgency)[:MAX_DOCUMENTS_SHOWN]


def _shown_lint(lint_by_file: dict[str, list[dict]]) -> list[dict]:
    """The lint section's pages and entries, in file order, at most :data:`~kgraph.report.caps.MAX_LINT_SHOWN` entries."""
    pages, room = [], MAX_LINT_SHOWN
    for file, entries in sorted(lint_by_file.items()):
        if room <= 0:
            break
        pages.append({"file": file, "entries": _marked(entries[:room])})
        room -= len(pages[-1]["entries"])
    return pages


def _marked(entries: list[dict]) -> list[dict]:
    """Lint entries as shown, with their marked segments (made only for the entries the page shows)."""
    return [{**entry, "segments": _lint_segments(entry)} for entry in entries]


def _lint_segments(entry: dict) -> list[tuple[str, bool]]:
    """Mark the lint term (e.g. "proven") inside its quote, where it occurs."""
    quote, term = entry.get("quote") or "", entry.get("term")
    # a regex, not str.lower().find: lower() can change a string's length ("İ"), and so the offsets
    found = re.search(re.escape(term), quote, re.IGNORECASE) if term else None
    return mark_segments(quote, [found.span()] if found else [])


def render_html(data: dict) -> str:
    """The report as one self-contained HTML page.

    Parameters
    ----------
    data
        The report data, as :func:`kgraph.report.report_data` returns it
        (the shape of ``report.json``).

    Returns
    -------
    str
        The page; the same data gives the same string.

    Notes
    -----
    The page is bounded (see the module docstring): beyond :data:`~kgraph.report.caps.MAX_SHOWN_PER_GROUP`
    findings of one severity and type, :data:`~kgraph.report.caps.MAX_CLUSTERS_SHOWN` clusters or
    :data:`~kgraph.report.caps.MAX_MEMBERS_SHOWN` quotes, the rest is left out with a notice giving the true total.

    Raises
    ------
    KGraphError
        When ``data`` lacks the top-level keys of a report.
    """
    return "".join(html_pieces(data))


def html_pieces(data: dict) -> Iterator[str]:
    """:func:`render_html`'s page, piece by piece as the template makes it, so a large page is written as it is made.

    Same data and errors as :func:`render_html`; the pieces joined are its string.
    """
    return _environment().get_template("report.html.j2").generate(_view(data), csp=_csp())
