"""``report.md``: the report as Markdown, for reading in a code review.

The same content as the HTML report: a summary table, the findings grouped
by severity and type with every member's quote as a blockquote (marked
words in bold), the paraphrase clusters, one row per page, skipped files,
lint per page and, when a previous report was given, the triage.

Both human-facing reports (this one and ``report.html``) are bounded so that
their size does not grow with the number of findings: each (severity,
finding type) group shows its first :data:`~kgraph.report.caps.MAX_SHOWN_PER_GROUP` findings,
the cluster table its :data:`~kgraph.report.caps.MAX_CLUSTERS_SHOWN` largest clusters, and a
finding at most :data:`~kgraph.report.caps.MAX_MEMBERS_SHOWN` quotes, each cut with a notice
giving the true total. Headings and the summary keep the true counts;
``report.json`` and ``findings.csv`` stay complete. A report under every
bound is shown in full, with no notice.

Page text is never trusted: Markdown metacharacters are backslash-escaped
and ``<``, ``>`` and ``&`` become entities, so ``<script>`` shows as text
and a ``**`` on a page cannot open bold type. Links are given only for
``http``/``https`` addresses.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import islice

from kgraph.display import visible
from kgraph.report.caps import (
    COMPLETE_OUTPUTS,
    MAX_CLUSTERS_SHOWN,
    MAX_MEMBERS_SHOWN,
    MAX_SHOWN_PER_GROUP,
)

__all__ = ["escape_markdown", "report_markdown"]

_SEVERITIES = ("Error", "Warning", "Info")
_META = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_LIST_START = re.compile(r"^(\s*)(\d+)([.)])")


def escape_markdown(text: str, *, line_start: bool = False) -> str:
    """``text`` shown literally in Markdown: metacharacters escaped, HTML as entities, one line.

    With ``line_start``, also what would begin a list ("1. ", "- ") when the text starts a line.

    >>> escape_markdown("<b>*bold*</b> | x")
    '&lt;b&gt;\\\\*bold\\\\*&lt;/b&gt; \\\\| x'
    """
    text = " ".join(_escape_inline(text).split())  # a line break would end a table row or a blockquote
    return _line_start(text) if line_start else text


def _escape_inline(text: str) -> str:
    """Entities for ``& < >``, backslashes before Markdown metacharacters; spacing kept."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _META.sub(r"\\\1", text)


def _line_start(text: str) -> str:
    """Escape what would start a list or a heading underline at the beginning of a line."""
    text = _LIST_START.sub(r"\1\2\\\3", text)  # "1. " at the start would begin a list
    if text[:1] in ("-", "="):
        text = "\\" + text
    return text


def _marked(quote: str, marks: list) -> str:
    out, position = [], 0
    for start, end in marks:
        if start < position or end <= start:
            continue
        out.append(_escape_inline(quote[position:start]))
        out.append(f"**{_escape_inline(quote[start:end])}**")
        position = end
    out.append(_escape_inline(quote[position:]))
    return _line_start(" ".join("".join(out).split()))  # line breaks would end the blockquote


def _link(url: str | None, text: str) -> str:
    if not url or not url.lower().startswith(("http://", "https://")):
        return ""
    safe = "".join(c if c not in " ()<>\\`\n\r\t" else f"%{ord(c):02X}" for c in url)
    return f"[{text}]({safe})"


def _where(member: dict) -> str:
    if member["file"] is None:
        return f"*{member['kind'].replace('_', ' ')}*"
    name = " ".join(visible(member["file"]).replace("`", "'").split())  # a code span cannot hold a backtick or a line break
    return f"`{name}:{member['start']}-{member['end']}`"


def _member(member: dict) -> list[str]:
    labels = " · ".join(escape_markdown(x) for x in (member["subject"], member["predicate"], member["object"]) if x)
    extra = [x for x in (member.get("polarity"), member.get("certainty")) if x]
    head = f"- {_where(member)} {member['kind'].replace('_', ' ')}"
    if labels:
        head += f": {labels}"
    if extra:
        head += f" ({', '.join(extra).lower()})"
    if member.get("source"):
        head += f"; source: {escape_markdown(member['source'])}"
    link = _link(member.get("link"), "open the page at this quote")
    if link:
        head += f" — {link}"
    return [head, "", f"  > {_marked(member['quote'], member['marks'])}", ""]


def _summary(data: dict) -> list[str]:
    s = data["summary"]
    counts: dict[tuple[str, str], int] = {}
    for f in data["findings"]:
        counts[(f["type"], f["severity"])] = counts.get((f["type"], f["severity"]), 0) + 1
    lines = ["## Summary", "",
             (f"{s['documents']} pages, {s['claims']} claims, {s['mentions']} mentions, "
              f"{s['clusters']} paraphrase clusters, {s['skipped']} skipped files; "
              f"{s['findings']['total']} findings."), "",
             "| Finding type | Error | Warning | Info | Total |", "|---|---:|---:|---:|---:|"]
    for kind, total in sorted(s["findings"]["by_type"].items()):
        row = [str(counts.get((kind, sev), 0)) for sev in _SEVERITIES]
        lines.append(f"| {escape_markdown(kind)} | {' | '.join(row)} | {total} |")
    by_severity = s["findings"]["by_severity"]
    lines.append(f"| **Total** | {' | '.join(str(by_severity[sev]) for sev in _SEVERITIES)} | "
                 f"{s['findings']['total']} |")
    return lines + [""]


def _more_quotes(hidden: int) -> list[str]:
    """The list item that stands for ``hidden`` quotes not shown."""
    quotes = "quote" if hidden == 1 else "quotes"
    return [f"- *… and {hidden:,} more {quotes}; every quote is listed in {COMPLETE_OUTPUTS}.*", ""]


def _findings(data: dict) -> list[str]:
    lines = ["## Findings", ""]
    if not data["findings"]:
        return lines + ["No findings.", ""]
    # each group keeps only the findings it shows (a corpus report's findings are read from disk one at a time)
    by_group: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    counts: Counter[tuple[str, str]] = Counter()
    for finding in data["findings"]:
        group = (finding["severity"], finding["type"])
        counts[group] += 1
        if counts[group] <= MAX_SHOWN_PER_GROUP:  # kept with the quotes shown and the number of all of them
            members = finding["members"]
            by_group[group[0]][group[1]].append(({**finding, "members": members[:MAX_MEMBERS_SHOWN]}, len(members)))
    groups = [(severity, by_group[severity]) for severity in _SEVERITIES if severity in by_group]
    total = sum(counts.values())
    shown = sum(min(n, MAX_SHOWN_PER_GROUP) for n in counts.values())
    if shown < total:
        lines += [(f"*This report shows {shown:,} of the {total:,} findings: at most {MAX_SHOWN_PER_GROUP:,} of each "
                  f"severity and type, most urgent first. Every finding is listed in {COMPLETE_OUTPUTS}.*"), ""]
    for severity, by_type in groups:
        lines += [f"### {severity} ({sum(counts[severity, kind] for kind in by_type)})", ""]
        for kind in sorted(by_type):
            of_kind, count = by_type[kind], counts[severity, kind]
            lines += [f"#### {escape_markdown(kind)} ({count})", ""]
            if count > MAX_SHOWN_PER_GROUP:
                lines += [(f"*Showing the first {MAX_SHOWN_PER_GROUP:,} of {count:,} {escape_markdown(kind)} "
                          f"findings; every finding is listed in {COMPLETE_OUTPUTS}.*"), ""]
            for number, (finding, member_total) in enumerate(of_kind, 1):
                status = f" — {finding['status']}" if finding.get("status") else ""
                lines += [f"**{number}.** {escape_markdown(finding['explanation'])}{status}", "",
                          f"<sub>{escape_markdown(finding['id'])}</sub>", ""]
                for member in finding["members"]:
                    lines += _member(member)
                if member_total > MAX_MEMBERS_SHOWN:
                    lines += _more_quotes(member_total - MAX_MEMBERS_SHOWN)
    return lines


def _clusters(data: dict) -> list[str]:
    lines = ["## Paraphrase clusters", ""]
    if not data["clusters"]:
        return lines + ["No proposition is stated on more than one page.", ""]
    clusters = data["clusters"]
    if len(clusters) > MAX_CLUSTERS_SHOWN:
        lines += [(f"*Showing the {MAX_CLUSTERS_SHOWN:,} largest of {len(clusters):,} paraphrase clusters; "
                  "every cluster is listed in report.json.*"), ""]
    lines += ["| Proposition | Pages | Independent sources | Claims |", "|---|---:|---:|---:|"]
    for c in islice(clusters, MAX_CLUSTERS_SHOWN):  # largest first, as report.json lists them; one read at a time
        lines.append(f"| {escape_markdown(c['proposition'])} | {c['documents']} | "
                     f"{c['independent_sources']} | {len(c['members'])} |")
    return lines + [""]


def _documents(data: dict) -> list[str]:
    lines = ["## Pages", "", "| File | Title | Publisher | Claims | Mentions | Errors | Warnings | Info |",
             "|---|---|---|---:|---:|---:|---:|---:|"]
    for d in data["documents"]:
        file = escape_markdown(visible(d["file"]))
        link = _link(d["url"], file)
        cells = [link or file, escape_markdown(d["title"] or ""),
                 escape_markdown(d["publisher"] or ""), str(d["claims"]), str(d["mentions"]),
                 *(str(d["findings"][sev]) for sev in _SEVERITIES)]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "## Skipped files", ""]
    if not data["skipped"]:
        return lines + ["None.", ""]
    lines += ["| File | Reason |", "|---|---|"]
    for s in data["skipped"]:
        lines.append(f"| {escape_markdown(visible(s['file']))} | {escape_markdown(s['reason'])} |")
    return lines + [""]


def _lint(data: dict) -> list[str]:
    lines = ["## Lint", ""]
    if not data["lint"]:
        return lines + ["Nothing to report.", ""]
    by_file: dict[str, list[dict]] = defaultdict(list)  # one pass: a filter per file would be quadratic
    for entry in data["lint"]:
        by_file[entry["file"]].append(entry)
    for file, entries in sorted(by_file.items()):
        lines += [f"### {escape_markdown(visible(file))}", "", "| Kind | Term | Offsets | Clause |", "|---|---|---|---|"]
        for e in entries:
            lines.append(f"| {e['kind']} | {escape_markdown(e['term'] or '')} | {e['start']}-{e['end']} | "
                         f"{escape_markdown(e['quote'])} |")
        lines.append("")
    return lines


def _triage(data: dict) -> list[str]:
    t = data["triage"]
    if t["previous"] is None:
        return []
    lines = ["## Compared with the previous report", "",
             (f"Previous report: {escape_markdown(t['previous'])}. New: {t['new']}, "
              f"unchanged: {t['unchanged']}, resolved: {len(t['resolved'])}."), ""]
    for r in t["resolved"]:
        lines.append(f"- resolved {escape_markdown(r['severity'])} {escape_markdown(r['type'])}: "
                     f"{escape_markdown(r['explanation'])} <sub>{escape_markdown(r['id'])}</sub>")
    return lines + ([""] if t["resolved"] else [])


def report_markdown(data: dict) -> str:
    """The Markdown report of ``data`` (a :func:`kgraph.report.report_data` dict).

    Parameters
    ----------
    data
        The report data (the shape of ``report.json``).

    Returns
    -------
    str
        The Markdown text; the same data gives the same text. It is bounded: each (severity, type)
        group shows its first :data:`~kgraph.report.caps.MAX_SHOWN_PER_GROUP` findings, a finding its first
        :data:`~kgraph.report.caps.MAX_MEMBERS_SHOWN` quotes and the cluster table its :data:`~kgraph.report.caps.MAX_CLUSTERS_SHOWN`
        largest clusters, each cut with a notice giving the true total.
    """
    return "\n".join(markdown_lines(data)) + "\n"


def markdown_lines(data: dict) -> list[str]:
    """The lines of :func:`report_markdown`'s text, without their newlines, so a large report is written line by line.

    The text is these lines joined by newlines, plus one at the end: no
    empty line, nor newline, comes last.
    """
    g = data["generator"]
    lines = ["# kgraph consistency report", "",
             (f"kgraph {escape_markdown(g['kgraph_version'])}, pipeline {escape_markdown(g['pipeline_version'])}, "
              f"model {escape_markdown(g['model'])}; report schema {data['schema_version']}."), ""]
    for part in (_summary, _triage, _findings, _clusters, _documents, _lint):
        lines += part(data)
    while lines and not lines[-1].rstrip("\n"):  # the text ends with its last words and one newline
        lines.pop()
    if lines:
        lines[-1] = lines[-1].rstrip("\n")
    return lines
