"""The HTML report as a string, without a browser: escaping, marks, self-containment, determinism."""

from __future__ import annotations

import base64
import copy
import hashlib
import re
from html.parser import HTMLParser

import pytest

from kgraph.errors import KGraphError
from kgraph.report.caps import (
    MAX_CLUSTERS_SHOWN,
    MAX_LISTED_PER_DOCUMENT,
    MAX_MEMBERS_SHOWN,
    MAX_SHOWN_PER_GROUP,
)
from kgraph.report.html import mark_segments, render_html

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=window.__xss=1>'
ODD_FILE = "a&b'<x>.txt"
URL = "https://clinic-a.example/k?a=1&b='2'\"q"
TYPES = ("Paraphrase", "CertaintyDrift", "NumericConflict", "PolarityConflict", "ScopeConflict",
         "CitationMismatch", "TerminologyConflict", "ReferenceConflict")


def _member(file: str | None, start: int | None, quote: str, marks: list, *, url: str | None = None,
            kind: str = "claim") -> dict:
    return {"kind": kind, "iri": f"https://w3id.org/kgraph/id/{kind}/{file}/{start}", "file": file, "start": start,
            "end": None if start is None else start + len(quote), "quote": quote, "subject": "ketamine",
            "predicate": "has risk of", "object": "addiction", "polarity": "Affirmed", "certainty": "Asserted",
            "url": url, "link": f"{url}#:~:text=Ketamine" if url else None, "source": None, "marks": marks}


def _finding(n: int, ftype: str, severity: str, explanation: str, members: list[dict], status: str | None = None) -> dict:
    files = sorted({m["file"] for m in members if m["file"]})
    return {"id": f"https://w3id.org/kgraph/id/finding/{ftype}/{n:04d}", "type": ftype, "severity": severity,
            "explanation": explanation, "status": status, "documents": files, "members": members}


def report(findings: list[dict] | None = None) -> dict:
    """A hand-made report dict in the shape of report.json, full of hostile text."""
    if findings is None:
        findings = [
            _finding(1, "PolarityConflict", "Error", f"{ODD_FILE} says {SCRIPT}", [
                _member(ODD_FILE, 10, f"Ketamine {SCRIPT} is addictive", [[0, 8], [35, 47]], url=URL),
                _member("b.txt", 3, "Ketamine is not addictive", [[12, 15]])], status="new"),
            _finding(2, "ReferenceConflict", "Error", f"contradicts a fact {IMG}", [
                _member(ODD_FILE, 90, f"Ketamine {IMG} is addictive", [[0, 8]], url=URL),
                {**_member(None, None, "FDA: ketamine can cause dependence", [], kind="reference_fact"),
                 "source": f"FDA label {SCRIPT}"}], status="unchanged"),
            _finding(3, "Paraphrase", "Info", "2 pages state it", [
                _member(ODD_FILE, 100, "Ketamine blocks NMDA", [[9, 15]], url=URL),
                _member("b.txt", 50, "Ketamine is blocking NMDA", [[9, 20]])]),
        ]
    by_type = dict.fromkeys(TYPES, 0)
    by_severity = {"Error": 0, "Warning": 0, "Info": 0}
    for f in findings:
        by_type[f["type"]] = by_type.get(f["type"], 0) + 1
        by_severity[f["severity"]] += 1
    counts = {file: {"Error": 0, "Warning": 0, "Info": 0} for file in (ODD_FILE, "b.txt")}
    for f in findings:  # as report_data counts them: each finding once per page it involves
        for file in f["documents"]:
            counts.setdefault(file, {"Error": 0, "Warning": 0, "Info": 0})[f["severity"]] += 1
    return {
        "schema_version": "1.0.0",
        "generator": {"kgraph_version": "0.1.0", "pipeline_version": "0.1.0+abc", "model": "en_core_web_sm 3.8.0"},
        "summary": {"documents": 2, "claims": 10, "mentions": 20, "clusters": 1, "skipped": 1,
                    "findings": {"total": len(findings), "by_type": by_type, "by_severity": by_severity}},
        "documents": [
            {"file": ODD_FILE, "iri": "https://w3id.org/kgraph/id/doc/a", "url": URL, "title": f"Ketamine {SCRIPT}",
             "publisher": f"A & B {IMG}", "claims": 5, "mentions": 10, "findings": counts[ODD_FILE]},
            {"file": "b.txt", "iri": "https://w3id.org/kgraph/id/doc/b", "url": None, "title": None, "publisher": None,
             "claims": 5, "mentions": 10, "findings": counts["b.txt"]}],
        "skipped": [{"file": f"{IMG}.txt", "reason": f"empty file {SCRIPT}"}],
        "findings": findings,
        "clusters": [{"finding": f["id"], "proposition": f"ketamine blocks {SCRIPT}", "documents": 2,
                      "independent_sources": 1, "members": f["members"]} for f in findings[-1:]],
        "lint": [{"file": "b.txt", "kind": "absolute", "term": "proven", "start": 0, "end": 20,
                  "quote": "It is Proven to work", "claim": None},
                 {"file": ODD_FILE, "kind": "unattributed", "term": None, "start": 30, "end": 50,
                  "quote": f"Ketamine {SCRIPT}", "claim": "https://w3id.org/kgraph/id/claim/x"}],
        "triage": {"previous": f"old/{ODD_FILE}", "new": 1, "unchanged": 1,
                   "resolved": [{"id": "https://w3id.org/kgraph/id/finding/X/9", "type": "NumericConflict",
                                 "severity": "Error", "explanation": f"gone {IMG}"}]},
    }


class Page(HTMLParser):
    """Tags with their attributes (as a browser decodes them), and the text inside style and script."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in self.raw else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in:
            self.raw[self._in].append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(report())


def test_hostile_text_is_escaped_everywhere(html: str) -> None:
    assert SCRIPT not in html and IMG not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=window.__xss=1&gt;" in html
    page = Page(html)
    assert len(page.all("script")) == 1 and page.all("script")[0] == {}  # only the report's own, inline
    assert page.all("img") == []
    assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)


def test_attribute_values_survive_quotes_and_ampersands() -> None:
    data = report()
    odd_type = 'Odd"Type\'<x>'
    data["findings"][0]["type"] = odd_type
    data["summary"]["findings"]["by_type"][odd_type] = 1
    page = Page(render_html(data))
    assert {a.get("data-type") for a in page.all("article")} >= {odd_type, "ReferenceConflict", "Paraphrase"}
    assert odd_type in {a["value"] for a in page.all("input")}
    links = [a["href"] for a in page.all("a") if a.get("class") == "source-link"]
    assert links and set(links) == {f"{URL}#:~:text=Ketamine"}  # decoded back to exactly the data's link
    for attrs in page.all("a"):
        if attrs.get("target") == "_blank":
            assert attrs["rel"] == "noopener noreferrer"


def test_every_finding_is_an_article_with_filter_attributes(html: str) -> None:
    data = report()
    page = Page(html)
    articles = [a for a in page.all("article") if "finding" in (a.get("class") or "").split()]
    assert len(articles) == len(data["findings"])
    tokens = {o["value"]: o for o in page.all("option")}
    assert "" in tokens and len(tokens) == 1 + len(data["documents"])
    by_id = {a["id"]: a for a in articles}
    assert by_id["f-1"]["data-severity"] == "Error" and by_id["f-3"]["data-severity"] == "Info"
    assert set(by_id["f-1"]["data-documents"].split()) == {"d0", "d1"}
    assert by_id["f-2"]["data-documents"] == "d0"


@pytest.mark.parametrize(
    ("quote", "marks", "expected"),
    [
        ("abcdef", [], [("abcdef", False)]),
        ("abcdef", [[0, 2]], [("ab", True), ("cdef", False)]),              # at the start
        ("abcdef", [[4, 6]], [("abcd", False), ("ef", True)]),              # at the end
        ("abcdef", [[0, 6]], [("abcdef", True)]),                           # the whole quote
        ("abcdef", [[1, 3], [2, 5]], [("a", False), ("bcde", True), ("f", False)]),   # overlapping
        ("abcdef", [[1, 3], [3, 5]], [("a", False), ("bcde", True), ("f", False)]),   # adjacent
        ("abcdef", [[3, 5], [0, 1]], [("a", True), ("bc", False), ("de", True), ("f", False)]),  # unsorted
        ("abcdef", [[-4, 2], [5, 99]], [("ab", True), ("cde", False), ("f", True)]),  # clamped
        ("abcdef", [[3, 3], [4, 2]], [("abcdef", False)]),                 # empty and inverted
        ("", [[0, 3]], [("", False)]),
    ],
)
def test_mark_segments(quote: str, marks: list, expected: list) -> None:
    assert mark_segments(quote, marks) == expected
    assert "".join(text for text, _ in mark_segments(quote, marks)) == quote


def test_marks_are_escaped_piece_by_piece() -> None:
    quote = f"Ketamine {SCRIPT} is addictive"
    start = quote.index("<script>")
    data = report()
    # a mark that starts inside the hostile tag and one that ends exactly at the quote's end
    data["findings"][0]["members"][0]["marks"] = [[start + 1, start + 7], [len(quote) - 9, len(quote)]]
    html = render_html(data)
    assert ("<blockquote>Ketamine &lt;<mark>script</mark>&gt;alert(1)&lt;/script&gt; is <mark>addictive</mark>"
            "</blockquote>") in html


def test_self_contained_no_url_but_the_source_links(html: str) -> None:
    data = report()
    allowed = {m["link"] for f in data["findings"] for m in f["members"] if m["link"]}
    allowed |= {d["url"] for d in data["documents"] if d["url"]}
    page = Page(html)
    assert page.all("link") == [] and page.all("iframe") == [] and page.all("object") == []
    for tag, attrs in page.tags:
        assert "src" not in attrs and "srcset" not in attrs, tag
        for name, value in attrs.items():
            if value and re.search(r"(?i)\b(https?|ftp|file|data|javascript):", value):
                assert (tag, name) == ("a", "href") and value in allowed, (tag, name, value)
        if tag == "a":
            assert attrs["href"].startswith("#") or attrs["href"] in allowed
    inline = "".join(page.raw["style"] + page.raw["script"])
    assert inline and not re.search(r"(?i)https?:|url\(|@import|fetch\(|XMLHttpRequest|innerHTML|eval\(", inline)


def test_content_security_policy_allows_exactly_the_inline_code(html: str) -> None:
    page = Page(html)
    csp = next(a["content"] for a in page.all("meta") if a.get("http-equiv") == "Content-Security-Policy")

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert "default-src 'none'" in csp
    assert f"script-src {digest(page.raw['script'][0])};" in csp
    assert f"style-src {digest(page.raw['style'][0])};" in csp


def test_unsafe_link_schemes_are_not_links() -> None:
    data = report()
    data["findings"][0]["members"][0]["link"] = "javascript:window.__xss=1"
    data["documents"][0]["url"] = "data:text/html,<script>alert(1)</script>"
    page = Page(render_html(data))
    assert not any("javascript:" in (a.get("href") or "") or "data:" in (a.get("href") or "") for a in page.all("a"))


def test_deterministic(html: str) -> None:
    data = report()
    assert render_html(copy.deepcopy(data)) == html == render_html(data)


def test_summary_chart_and_sections(html: str) -> None:
    page = Page(html)
    bars = [a for a in page.all("rect") if "bar" in (a.get("class") or "").split()]
    assert len(bars) == 3  # PolarityConflict/Error, ReferenceConflict/Error, Paraphrase/Info
    assert {a["class"] for a in bars} == {"bar bar-Error", "bar bar-Info"}
    for section in ("summary", "findings", "clusters", "documents", "lint", "skipped", "triage"):
        assert f'id="{section}"' in html
    assert 'class="status status-new"' in html and 'class="status status-unchanged"' in html
    assert "Proven</mark>" in html  # the lint term marked in its quote, whatever its case
    assert "finding/X/9" in html  # the resolved finding in the triage section


def test_without_previous_report_no_status_and_no_triage() -> None:
    data = report()
    for f in data["findings"]:
        f["status"] = None
    data["triage"] = {"previous": None, "new": 0, "unchanged": 0, "resolved": []}
    html = render_html(data)
    assert 'class="status' not in html and 'id="triage"' not in html


def test_large_report_renders_every_finding_simply() -> None:
    members = [_member("a.txt", 1, "Ketamine blocks NMDA", [[9, 15]]), _member("b.txt", 2, "Ketamine blocks it", [])]
    findings = [_finding(n, TYPES[n % len(TYPES)], ("Error", "Warning", "Info")[n % 3], f"finding {n}", members)
                for n in range(2500)]
    html = render_html(report(findings))
    assert html.count('<article class="finding') == 2500
    findings_section = html[html.index('id="findings"'):html.index('id="clusters"')]
    assert html.count("<script") == 1 and findings_section.count("<mark>") == 2500


def test_missing_keys_are_named() -> None:
    with pytest.raises(KGraphError, match="findings"):
        render_html({"summary": {}, "documents": [], "skipped": []})


def test_lint_term_marked_despite_case_and_length_changing_letters() -> None:
    data = report()
    data["lint"][0]["quote"] = "İİ ist PROVEN"  # "İ".lower() is two characters long
    assert "İİ ist <mark>PROVEN</mark>" in render_html(data)


def test_empty_report() -> None:
    data = report([])
    data["clusters"], data["lint"], data["skipped"] = [], [], []
    html = render_html(data)
    assert "No findings" in html and "No file was skipped" in html and "<article" not in html
    assert 'id="shown-count">0<' in html


# ---------------------------------------------------------------------- bounds: a big report stays readable

def _section(html: str, name: str, following: str) -> str:
    return html[html.index(f'<section id="{name}"'):html.index(f'<section id="{following}"')]


def _articles(html: str) -> list[dict[str, str | None]]:
    return [a for a in Page(html).all("article") if "finding" in (a.get("class") or "").split()]


def _drifts(count: int) -> list[dict]:
    """``count`` certainty drifts between the two documents of :func:`report`, distinct ids, in report order."""
    return [_finding(n, "CertaintyDrift", "Warning", f"drift {n}", [
        _member(ODD_FILE, n, "Ketamine may help", [[0, 8]], url=URL), _member("b.txt", n, "Ketamine helps", [])])
        for n in range(count)]


@pytest.fixture(scope="module")
def over_cap() -> tuple[dict, str]:
    """A report with more certainty drifts than a group shows, between an error and an info finding."""
    error = _finding(9001, "PolarityConflict", "Error", "conflict", [_member("b.txt", 1, "Ketamine is safe", [])])
    info = _finding(9002, "Paraphrase", "Info", "paraphrase", [_member("b.txt", 2, "Ketamine blocks NMDA", [])])
    data = report([error, *_drifts(MAX_SHOWN_PER_GROUP + 57), info])
    return data, render_html(data)


def test_a_group_over_the_bound_shows_its_first_findings(over_cap) -> None:
    html = over_cap[1]
    total = MAX_SHOWN_PER_GROUP + 57
    drifts = [a for a in _articles(html) if a["data-type"] == "CertaintyDrift"]
    assert len(drifts) == MAX_SHOWN_PER_GROUP < total
    # the first ones, in data order; anchors number every finding, so f-2 is the first drift
    assert [a["id"] for a in drifts] == [f"f-{n}" for n in range(2, MAX_SHOWN_PER_GROUP + 2)]
    assert {a["data-type"] for a in _articles(html)} == {"CertaintyDrift", "PolarityConflict", "Paraphrase"}
    assert (f"Showing the first {MAX_SHOWN_PER_GROUP:,} of {total:,} certainty drift findings; "
            "every finding is listed in report.json and findings.csv.") in html
    assert f'<h4 class="type-h">Certainty drift <span class="n">{total}</span></h4>' in html
    assert f"This page shows {MAX_SHOWN_PER_GROUP + 2:,} of the {total + 2:,} findings" in html
    assert html.count('class="cap-note') == 2 + 2  # the page, the group; one note per document (below)


def test_summary_and_chart_keep_the_true_totals(over_cap) -> None:
    html = over_cap[1]
    total = MAX_SHOWN_PER_GROUP + 57
    summary = _section(html, "summary", "findings")
    assert f"<dt>Findings</dt><dd>{total + 2}</dd>" in summary
    assert f"Warning <strong>{total}</strong>" in summary
    assert f'dominant-baseline="middle">{total}</text>' in summary  # the chart's count for certainty drift
    # the filters say how many they can show
    assert f'<span class="n">{MAX_SHOWN_PER_GROUP} of {total} shown</span>' in html
    assert f'id="shown-count">{MAX_SHOWN_PER_GROUP + 2}</output> of {MAX_SHOWN_PER_GROUP + 2} findings on this page' in html


def test_documents_list_only_shown_findings_with_true_counts(over_cap) -> None:
    html = over_cap[1]
    documents = _section(html, "documents", "lint")
    shown_anchors = {a["id"] for a in _articles(html)}
    links = re.findall(r'<li><a href="#(f-\d+)">', documents)
    assert links and set(links) <= shown_anchors  # no link to a finding that is not on the page
    odd, other = documents.split('<details class="doc" id="doc-d1">')
    total = MAX_SHOWN_PER_GROUP + 57
    assert len(re.findall(r'<li><a href="#f-', odd)) == MAX_LISTED_PER_DOCUMENT
    assert f"Listing {MAX_LISTED_PER_DOCUMENT} of the {total} findings involving this page (Warning {total})" in odd
    assert f"of the {total + 2} findings involving this page (Error 1, Warning {total}, Info 1)" in other


def test_many_pages_show_those_with_the_most_findings_and_the_first_lint(monkeypatch) -> None:
    from kgraph.report import html as html_module

    monkeypatch.setattr(html_module, "MAX_DOCUMENTS_SHOWN", 3)
    monkeypatch.setattr(html_module, "MAX_LINT_SHOWN", 4)
    data = report()
    template = data["documents"][1]
    # page k has k warnings; page 1 also has an error, so it comes first despite fewer findings
    data["documents"] = [{**template, "file": f"p{k}.txt", "iri": f"{template['iri']}{k}",
                          "findings": {"Error": int(k == 1), "Warning": k, "Info": 0}} for k in range(6)]
    data["lint"] = [{**data["lint"][0], "file": f"p{k}.txt", "start": n} for k in range(6) for n in range(2)]
    html = render_html(data)
    documents = _section(html, "documents", "lint")
    shown = re.findall(r'<span class="file">(p\d)\.txt</span>', documents)
    assert shown == ["p1", "p5", "p4"]  # most errors, then most warnings
    assert "Showing the 3 pages with the most findings (errors first, then warnings) of 6 pages" in documents
    lint = _section(html, "lint", "skipped")
    assert re.findall(r'<h3 class="file">(p\d)\.txt</h3>', lint) == ["p0", "p1"]  # the first 4 entries
    assert lint.count("<tr><td>") == 4 and "Showing the first 4 of 12 lint entries, in page order" in lint
    # under both bounds: every page in file order, every entry, no notice
    monkeypatch.setattr(html_module, "MAX_DOCUMENTS_SHOWN", 6)
    monkeypatch.setattr(html_module, "MAX_LINT_SHOWN", 12)
    html = render_html(data)
    assert re.findall(r'<span class="file">(p\d)\.txt</span>', _section(html, "documents", "lint")) == \
        [f"p{k}" for k in range(6)]
    assert "pages with the most findings" not in html and "lint entries, in page order" not in html


def test_a_cluster_over_the_bound_shows_its_first_quotes() -> None:
    members = [_member("b.txt", n, f"Ketamine blocks NMDA {n}", [[9, 15]]) for n in range(MAX_MEMBERS_SHOWN + 12)]
    data = report([_finding(1, "Paraphrase", "Info", "many pages state it", members)])
    html = render_html(data)
    clusters = _section(html, "clusters", "documents")
    findings = _section(html, "findings", "clusters")
    assert clusters.count('<figure class="quote') == findings.count('<figure class="quote') == MAX_MEMBERS_SHOWN
    assert " NMDA 0</blockquote>" in clusters and f" NMDA {MAX_MEMBERS_SHOWN}</blockquote>" not in html
    assert clusters.count("… and 12 more quotes; every quote is listed in report.json.") == 1
    assert findings.count("… and 12 more quotes; every quote is listed in report.json and findings.csv.") == 1
    assert f'<span class="cstat">{MAX_MEMBERS_SHOWN + 12} quotes</span>' in clusters  # the true number


def test_only_the_largest_clusters_are_shown() -> None:
    data = report()
    cluster = data["clusters"][0]
    data["clusters"] = [{**cluster, "proposition": f"proposition {n}", "documents": 1000 - n}
                        for n in range(MAX_CLUSTERS_SHOWN + 3)]
    html = render_html(data)
    assert html.count('<details class="cluster">') == MAX_CLUSTERS_SHOWN
    assert f"proposition {MAX_CLUSTERS_SHOWN - 1}<" in html and f"proposition {MAX_CLUSTERS_SHOWN}<" not in html
    assert (f"Showing the {MAX_CLUSTERS_SHOWN} largest of {MAX_CLUSTERS_SHOWN + 3} claim clusters; "
            "every cluster is listed in report.json.") in html


def test_a_report_under_the_bounds_shows_everything_without_notice(html: str) -> None:
    data = report()
    assert "cap-note" not in html and " shown</span>" not in html and "on this page" not in html
    assert len(_articles(html)) == len(data["findings"])
    exactly = report(_drifts(MAX_SHOWN_PER_GROUP))  # at the bound: nothing left out
    page = render_html(exactly)
    assert len(_articles(page)) == MAX_SHOWN_PER_GROUP and "cap-note" not in _section(page, "findings", "clusters")


def test_bounded_page_is_deterministic_and_escaped(over_cap) -> None:
    data, html = over_cap
    assert render_html(copy.deepcopy(data)) == html
    assert SCRIPT not in html and IMG not in html
