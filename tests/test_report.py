"""The report data (report.json) and its Markdown, CSV and file outputs.

Logic is tested on a small graph built by hand in the shapes of CONTRACT.md;
the sample corpus build (the ``sample_build`` fixture) is checked end to end.
"""

from __future__ import annotations

import copy
import csv
import importlib.util
import io
import json
import os
import re
import signal
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from rdflib import Graph, Literal, URIRef

from kgraph import namespaces as ns
from kgraph.errors import UsageError
from kgraph.graph.anchors import add_anchor
from kgraph.namespaces import (
    DCTERMS,
    ID,
    KG,
    PROV,
    RDF,
    RDFS,
    SKOS,
    VOCAB,
    bind_prefixes,
)
from kgraph.report import (
    CSV_COLUMNS,
    LintRules,
    findings_csv,
    lint_entries,
    load_lint_rules,
    load_schema,
    report_data,
    report_json,
    report_markdown,
    report_model,
    text_fragment_link,
    write_reports,
)
from kgraph.report import markdown as markdown_module
from kgraph.report import members as members_module
from kgraph.report.caps import (
    MAX_CLUSTERS_SHOWN,
    MAX_MEMBERS_SHOWN,
    MAX_SHOWN_PER_GROUP,
)
from kgraph.report.markdown import escape_markdown
from kgraph.report.members import GraphIndex
from kgraph.report.rows import RowSpool, SpooledRows
from kgraph.report.tabular import safe_cell

HAVE_HTML = importlib.util.find_spec("kgraph.report.html") is not None

TEXT_A = ("Ketamine blocks NMDA receptors. Over 11% of adults have chronic pain. "
          "Safe, Non-Addictive: Ketamine. Ketamine treats depression.")
TEXT_B = ("Ketamine is thought to inhibit the NMDA receptors. "
          "About 50 million adults have chronic pain <script>alert(1)</script> **really**.\n"
          "=cmd|' /C calc'!A0 Ketamine does not treat depression.")
URL_A = "https://example.org/a?x=1"
FILE_B = "b_|page.txt"


# ---------------------------------------------------------------------- a graph built by hand

def _concept(g: Graph, path: str, label: str) -> URIRef:
    node = VOCAB[path]
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, SKOS.prefLabel, Literal(label, lang="en")))
    return node


def _claim(g: Graph, doc: URIRef, text: str, quote: str, name: str, s: URIRef, p: URIRef, o: URIRef, *,
           negated: bool = False, certainty: str = "Asserted", **extra) -> URIRef:
    start = text.index(quote)
    node = ID[f"claim/{name}"]
    g.add((node, RDF.type, KG.Claim))
    g.add((node, KG.subject, s))
    g.add((node, KG.predicate, p))
    g.add((node, KG.object, o))
    g.add((node, KG.polarity, KG.Negated if negated else KG.Affirmed))
    g.add((node, KG.certainty, KG[certainty]))
    for prop, value in extra.items():
        g.add((node, KG[prop], value if isinstance(value, URIRef) else Literal(value)))
    add_anchor(g, node, doc, text, start, start + len(quote))
    return node


def _statistic(g: Graph, doc: URIRef, text: str, quote: str, name: str, low: str, high: str) -> tuple[URIRef, URIRef]:
    quantity = ID[f"quantity/{name}"]
    g.add((quantity, RDF.type, KG.Quantity))
    g.add((quantity, KG.lowerBound, Literal(low, datatype=ns.XSD.decimal)))
    g.add((quantity, KG.upperBound, Literal(high, datatype=ns.XSD.decimal)))
    mention = ID[f"mention/{name}"]
    g.add((mention, RDF.type, KG.Mention))
    g.add((mention, KG.entityType, KG.Statistic))
    g.add((mention, KG.refersTo, quantity))
    start = text.index(quote)
    add_anchor(g, mention, doc, text, start, start + len(quote))
    return quantity, mention


def _finding(g: Graph, kind: str, severity: str, explanation: str, *members: URIRef, **extra: int) -> URIRef:
    node = ID[f"finding/{kind}/{len(list(g.subjects(RDF.type, KG.Finding))):04d}"]
    g.add((node, RDF.type, KG.Finding))
    g.add((node, KG.findingType, KG[kind]))
    g.add((node, KG.severity, KG[severity]))
    g.add((node, KG.explanation, Literal(explanation)))
    for member in members:
        g.add((node, KG.involves, member))
    for name, value in extra.items():
        g.add((node, KG[name], Literal(value, datatype=ns.XSD.nonNegativeInteger)))
    return node


@pytest.fixture()
def tiny_graph() -> Graph:
    """Two pages, five claims, four findings, a run and a skipped file."""
    g = bind_prefixes(Graph())
    doc_a, doc_b = ID["doc/a"], ID["doc/b"]
    for doc, name, text in ((doc_a, "a.txt", TEXT_A), (doc_b, FILE_B, TEXT_B)):
        g.add((doc, RDF.type, KG.Document))
        g.add((doc, KG.fileName, Literal(name)))
        g.add((doc, KG.text, Literal(text)))
    g.add((doc_a, KG.sourceUrl, URIRef(URL_A)))
    g.add((doc_a, DCTERMS.title, Literal("Page A")))
    g.add((doc_a, DCTERMS.publisher, _concept(g, "source/clinic-a", "Clinic A")))
    ketamine = _concept(g, "drug/ketamine", "ketamine")
    nmda = _concept(g, "receptor/nmda-receptor", "NMDA receptor")
    pain = _concept(g, "condition/chronic-pain", "chronic pain")
    depression = _concept(g, "condition/depression", "depression")
    harm = _concept(g, "term/harm", "harm")
    cdc = _concept(g, "source/cdc", "CDC")
    blocks = _concept(g, "predicate/blocks", "blocks")
    prevalence = _concept(g, "predicate/has-prevalence", "has prevalence")
    treats = _concept(g, "predicate/treats", "treats")
    free_of = _concept(g, "predicate/is-free-of-risk-of", "is free of risk of")

    a1 = _claim(g, doc_a, TEXT_A, "Ketamine blocks NMDA receptors", "a1", ketamine, blocks, nmda,
                predicateCue="blocks")
    b1 = _claim(g, doc_b, TEXT_B, "Ketamine is thought to inhibit the NMDA receptors", "b1", ketamine, blocks, nmda,
                certainty="Hedged", certaintyCue="is thought to", predicateCue="inhibit")
    q_a, m_a = _statistic(g, doc_a, TEXT_A, "Over 11% of adults", "a2", "28400000", "35500000")
    q_b, m_b = _statistic(g, doc_b, TEXT_B, "About 50 million adults", "b2", "45000000", "55000000")
    a2 = _claim(g, doc_a, TEXT_A, "Over 11% of adults have chronic pain", "a2", pain, prevalence, q_a,
                predicateCue="have", objectMention=m_a, measure="prevalence")
    b2 = _claim(g, doc_b, TEXT_B, "About 50 million adults have chronic pain <script>alert(1)</script> **really**",
                "b2", pain, prevalence, q_b, predicateCue="have", objectMention=m_b, attributedTo=cdc,
                measure="prevalence")
    _claim(g, doc_a, TEXT_A, "Safe, Non-Addictive: Ketamine", "a3", ketamine, free_of, harm, predicateCue="Safe")
    a4 = _claim(g, doc_a, TEXT_A, "Ketamine treats depression", "a4", ketamine, treats, depression,
                predicateCue="treats")
    b3 = _claim(g, doc_b, TEXT_B, "=cmd|' /C calc'!A0 Ketamine does not treat depression", "b3", ketamine, treats,
                depression, negated=True, negationCue="not", predicateCue="treat")

    _finding(g, "Paraphrase", "Info", "2 pages state that ketamine blocks NMDA receptor.", a1, b1,
             documentCount=2, independentSources=1)
    _finding(g, "CertaintyDrift", "Warning", "b hedges what a asserts.", a1, b1)
    _finding(g, "NumericConflict", "Error", "+11% against 50 million: the ranges do not overlap.", a2, b2)
    _finding(g, "PolarityConflict", "Error", "a says ketamine treats depression; b denies it.", a4, b3)

    run, agent = ID["run/test"], ID["agent/kgraph/9.9.9"]
    g.add((run, RDF.type, KG.ExtractionRun))
    g.add((run, KG.pipelineVersion, Literal("1.2.3")))
    g.add((run, KG.modelName, Literal("en_core_web_sm")))
    g.add((run, KG.modelVersion, Literal("3.8.0")))
    g.add((run, PROV.wasAssociatedWith, agent))
    g.add((agent, RDFS.label, Literal("kgraph 9.9.9")))
    skipped = ID["skipped/c"]
    g.add((run, KG._NS["skippedFile"], skipped))
    g.add((skipped, RDF.type, KG._NS["SkippedFile"]))
    g.add((skipped, KG.fileName, Literal("c.bin")))
    g.add((skipped, KG._NS["skipReason"], Literal("binary file (PNG image)")))
    return g


@pytest.fixture(scope="module")
def sample_report(sample_build) -> tuple[Graph, dict]:
    result, _ = sample_build
    return result.graph, report_data(result.graph)


def _validate(data: dict) -> None:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    Draft202012Validator(schema).validate(data)


def _finding_of(data: dict, kind: str) -> dict:
    return next(f for f in data["findings"] if f["type"] == kind)


def _marked(member: dict) -> list[str]:
    return [member["quote"][s:e] for s, e in member["marks"]]


# ---------------------------------------------------------------------- the data

def test_tiny_report_matches_schema_and_counts(tiny_graph):
    data = report_data(tiny_graph)
    _validate(data)
    assert data["generator"] == {"kgraph_version": "9.9.9", "pipeline_version": "1.2.3", "model": "en_core_web_sm 3.8.0"}
    summary = data["summary"]
    assert (summary["documents"], summary["claims"], summary["mentions"], summary["skipped"]) == (2, 7, 2, 1)
    assert summary["findings"]["by_severity"] == {"Error": 2, "Warning": 1, "Info": 1}
    assert summary["findings"]["by_type"]["ReferenceConflict"] == 0  # every contract type, 0 when none
    assert data["skipped"] == [{"file": "c.bin", "reason": "binary file (PNG image)"}]
    doc_a = data["documents"][0]
    assert (doc_a["file"], doc_a["url"], doc_a["title"], doc_a["publisher"]) == ("a.txt", URL_A, "Page A", "Clinic A")
    assert (doc_a["claims"], doc_a["mentions"], doc_a["findings"]) == (4, 1, {"Error": 2, "Warning": 1, "Info": 1})
    assert [f["type"] for f in data["findings"]] == ["NumericConflict", "PolarityConflict", "CertaintyDrift",
                                                     "Paraphrase"]
    assert all(f["status"] is None for f in data["findings"])


def test_members_carry_labels_quotes_and_links(tiny_graph):
    data = report_data(tiny_graph)
    numeric = _finding_of(data, "NumericConflict")
    first, second = numeric["members"]
    assert (first["file"], first["subject"], first["predicate"], first["object"]) == (
        "a.txt", "chronic pain", "has prevalence", "Over 11% of adults")
    assert first["quote"] == TEXT_A[first["start"]:first["end"]] == "Over 11% of adults have chronic pain"
    assert first["link"] == URL_A + "#:~:text=Over%2011%25%20of%20adults%20have%20chronic%20pain"
    assert second["file"] == FILE_B and second["url"] is None and second["link"] is None
    assert numeric["documents"] == ["a.txt", FILE_B]


def test_clusters_one_per_paraphrase(tiny_graph):
    data = report_data(tiny_graph)
    [cluster] = data["clusters"]
    assert cluster["finding"] == _finding_of(data, "Paraphrase")["id"]
    assert cluster["proposition"] == "ketamine blocks NMDA receptor"
    assert (cluster["documents"], cluster["independent_sources"], len(cluster["members"])) == (2, 1, 2)


def test_same_graph_same_json_in_any_store_order(tiny_graph):
    first = report_json(report_data(tiny_graph))
    assert report_json(report_data(tiny_graph)) == first
    reparsed = Graph().parse(data=tiny_graph.serialize(format="nt"), format="nt")
    assert report_json(report_data(reparsed)) == first


def test_marks_show_the_differing_words_of_a_paraphrase(tiny_graph):
    a, b = _finding_of(report_data(tiny_graph), "Paraphrase")["members"]
    assert _marked(a) == ["blocks"]
    assert _marked(b) == ["is thought to inhibit the"]


def test_marks_show_the_conflicting_values_and_cues(tiny_graph):
    data = report_data(tiny_graph)
    assert [_marked(m) for m in _finding_of(data, "NumericConflict")["members"]] == [
        ["Over 11% of adults"], ["About 50 million adults"]]
    assert [_marked(m) for m in _finding_of(data, "PolarityConflict")["members"]] == [["treats"], ["not treat"]]
    assert [_marked(m) for m in _finding_of(data, "CertaintyDrift")["members"]] == [["blocks"], ["is thought to"]]


# ---------------------------------------------------------------------- the sample corpus

@pytest.mark.slow
def test_sample_report_matches_schema(sample_report):
    _validate(sample_report[1])


@pytest.mark.slow
def test_sample_report_is_deterministic(sample_report):
    graph, data = sample_report
    assert report_json(report_data(graph)) == report_json(data)


@pytest.mark.slow
def test_every_finding_appears_once(sample_report):
    graph, data = sample_report
    ids = [f["id"] for f in data["findings"]]
    assert len(ids) == len(set(ids))
    assert set(ids) == {str(f) for f in graph.subjects(RDF.type, KG.Finding)}
    assert len(data["clusters"]) == data["summary"]["findings"]["by_type"]["Paraphrase"] > 0


@pytest.mark.slow
def test_sample_quotes_are_the_text_and_marks_lie_inside(sample_report):
    graph, data = sample_report
    texts = {d.file: d.text for d in GraphIndex(graph).documents.values()}
    members = [m for f in data["findings"] for m in f["members"]]
    assert members
    for member in members:
        if member["file"] is not None:
            assert member["quote"] == texts[member["file"]][member["start"]:member["end"]]
        ends = [0]
        for start, end in member["marks"]:
            assert ends[-1] <= start < end <= len(member["quote"]), member
            ends.append(end)
    conflicts = [m for f in data["findings"] if f["type"] != "Paraphrase" for m in f["members"] if m["kind"] == "claim"]
    assert sum(bool(m["marks"]) for m in conflicts) == len(conflicts)  # every conflicting claim shows something


@pytest.mark.slow
def test_sample_numeric_conflict_marks_the_numbers(sample_report):
    _, data = sample_report
    numeric = [f for f in data["findings"] if f["type"] == "NumericConflict"]
    eleven = [f for f in numeric if any("Over 11%" in m["quote"] for m in f["members"])]
    assert eleven, "the sample corpus's chronic-pain prevalence conflict (11% vs 50-100 million) is missing"
    for finding in eleven:
        marked = [" ".join(_marked(m)) for m in finding["members"]]
        assert any("11%" in text for text in marked)
        assert all(re.search(r"\d", text) for text in marked)


@pytest.mark.slow
def test_report_model_rows_read_like_the_plain_report(sample_report):
    graph, data = sample_report
    model = report_model(graph)
    assert isinstance(model["findings"], SpooledRows) and isinstance(model["clusters"], SpooledRows)
    assert list(model["findings"]) == data["findings"] and len(model["findings"]) == len(data["findings"])
    assert list(model["clusters"]) == data["clusters"]
    assert {k: v for k, v in model.items() if k not in ("findings", "clusters")} == \
        {k: v for k, v in data.items() if k not in ("findings", "clusters")}
    position = next(i for i, f in enumerate(model["findings"]) if f["type"] == "Paraphrase")
    row = model["findings"][position]
    row["members"][0]["quote"] = "changed"  # each read decodes a new dict: a change does not stick
    assert model["findings"][position]["members"][0]["quote"] != "changed"
    assert model["findings"][position:position + 2] == data["findings"][position:position + 2]
    assert model["findings"][-1] == data["findings"][-1]
    # report.json copies the spooled rows as encoded: the same bytes as the plain report's
    assert report_json(model) == report_json(data)


@pytest.mark.slow
def test_reading_a_node_at_a_time_gives_the_same_report(sample_report, tiny_graph, monkeypatch):
    """What a large graph's report does (claims' and findings' properties per node) gives the small graph's report."""
    graph, data = sample_report
    tiny = report_data(tiny_graph)
    monkeypatch.setattr(members_module, "BY_NODE_ABOVE", 0)
    assert report_data(graph) == data  # on the build's Oxigraph store
    assert report_data(tiny_graph) == tiny  # on a plain rdflib graph


def test_row_spool_reads_rows_back_in_any_order():
    spool = RowSpool()
    rows = [{"id": f"f{n}", "members": [{"quote": "é" * n, "start": n}], "status": None} for n in range(5)]
    numbers = [spool.add(row) for row in rows]
    assert numbers == list(range(5)) and len(spool) == 5
    backwards = spool.rows([4, 2, 0])
    assert list(backwards) == [rows[4], rows[2], rows[0]] and len(backwards) == 3 and bool(backwards)
    assert backwards[1] == rows[2] and backwards[-1] == rows[0] and backwards[:2] == [rows[4], rows[2]]
    assert list(backwards.encoded()) == [json.dumps(r, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))
                                         for r in (rows[4], rows[2], rows[0])]
    assert report_json({"clusters": spool.rows([]), "findings": spool.rows([1])}) == \
        '{\n  "clusters": [],\n  "findings": [\n    ' + json.dumps(rows[1], ensure_ascii=False, sort_keys=True) + '\n  ]\n}\n'
    spool.add({"id": "late"})  # a row added after reading is read too
    assert spool.rows([5, 1]) == [{"id": "late"}, rows[1]] and not spool.rows([])
    with pytest.raises(IndexError):
        backwards[3]
    spool.close()


def test_report_json_has_one_finding_per_line(sample_report):
    _, data = sample_report
    lines = report_json(data).splitlines()
    assert lines[0] == "{" and lines[-1] == "}"
    finding_lines = [line for line in lines if line.startswith('    {"documents": ') and '"explanation": ' in line]
    assert len(finding_lines) == len(data["findings"])
    assert [json.loads(line.rstrip(","))["id"] for line in finding_lines] == [f["id"] for f in data["findings"]]
    assert json.loads(report_json(data)) == data
    assert report_json({}) == "{}\n" and json.loads(report_json({"a": [], "b": {}})) == {"a": [], "b": {}}


def test_sample_lint_finds_safe_non_addictive(sample_report):
    _, data = sample_report
    terms = {(e["kind"], e["term"]) for e in data["lint"] if e["file"].startswith("004_")}
    assert {("absolute", "Safe"), ("absolute", "Non-Addictive")} <= terms
    assert any(e["kind"] == "unattributed" for e in data["lint"])


# ---------------------------------------------------------------------- bounds of report.md and report.html

def _inflated(data: dict, kind: str, total: int) -> dict:
    """``data`` with ``kind``'s first finding copied (distinct ids) until its group holds ``total`` findings.

    The copies follow the group's last finding, so the report order holds; the summary and the
    documents' counts are updated as report_data would count them.
    """
    data = copy.deepcopy(data)
    first = _finding_of(data, kind)
    group = [i for i, f in enumerate(data["findings"]) if (f["type"], f["severity"]) == (kind, first["severity"])]
    copies = [{**copy.deepcopy(first), "id": f"{first['id']}-copy{n}"} for n in range(total - len(group))]
    data["findings"][group[-1] + 1:group[-1] + 1] = copies
    counts = data["summary"]["findings"]
    counts["total"] += len(copies)
    counts["by_type"][kind] += len(copies)
    counts["by_severity"][first["severity"]] += len(copies)
    for doc in data["documents"]:
        if doc["file"] in first["documents"]:
            doc["findings"][first["severity"]] += len(copies)
    return data


def _md_group(text: str, kind: str) -> str:
    """The Markdown of one finding type's group, from its heading to the next heading."""
    start = text.index(f"#### {kind} (")
    return text[start:text.index("\n#", start + 1)]


def _numbered(section: str) -> int:
    return len(re.findall(r"(?m)^\*\*\d+\.\*\* ", section))


@pytest.mark.slow
def test_sample_report_is_under_the_bounds_and_shown_whole(sample_report):
    _, data = sample_report
    groups: dict[tuple[str, str], int] = {}
    for f in data["findings"]:
        groups[f["type"], f["severity"]] = groups.get((f["type"], f["severity"]), 0) + 1
    assert max(groups.values()) <= MAX_SHOWN_PER_GROUP and len(data["clusters"]) <= MAX_CLUSTERS_SHOWN
    assert max(len(f["members"]) for f in data["findings"]) <= MAX_MEMBERS_SHOWN
    text = report_markdown(data)
    assert "Showing the" not in text and "This report shows" not in text and "more quote" not in text
    assert all(escape_markdown(f["id"]) in text for f in data["findings"])
    assert _numbered(text) == len(data["findings"])
    if HAVE_HTML:
        from kgraph.report.html import render_html

        html = render_html(data)
        assert "cap-note" not in html and html.count('<article class="finding') == len(data["findings"])


@pytest.mark.slow
def test_sample_report_renders_the_same_with_the_bounds_lifted(sample_report, monkeypatch):
    _, data = sample_report
    bounded_md = report_markdown(data)
    bounded_html = None
    if HAVE_HTML:
        from kgraph.report import html as html_module

        bounded_html = html_module.render_html(data)
        for name in ("MAX_SHOWN_PER_GROUP", "MAX_CLUSTERS_SHOWN", "MAX_MEMBERS_SHOWN", "MAX_LISTED_PER_DOCUMENT",
                     "MAX_DOCUMENTS_SHOWN", "MAX_LINT_SHOWN"):
            monkeypatch.setattr(html_module, name, 10**9)
    for name in ("MAX_SHOWN_PER_GROUP", "MAX_CLUSTERS_SHOWN", "MAX_MEMBERS_SHOWN"):
        monkeypatch.setattr(markdown_module, name, 10**9)
    assert report_markdown(data) == bounded_md
    if HAVE_HTML:
        assert html_module.render_html(data) == bounded_html


@pytest.mark.slow
def test_a_big_group_shows_its_first_findings_and_the_true_total(sample_report):
    _, sample = sample_report
    total = MAX_SHOWN_PER_GROUP + 31
    data = _inflated(sample, "CertaintyDrift", total)
    _validate(data)
    text = report_markdown(data)
    group = _md_group(text, "CertaintyDrift")
    assert group.startswith(f"#### CertaintyDrift ({total})")
    assert _numbered(group) == MAX_SHOWN_PER_GROUP < total
    assert (f"*Showing the first {MAX_SHOWN_PER_GROUP} of {total} CertaintyDrift findings; "
            "every finding is listed in report.json and findings.csv.*") in group
    shown = len(data["findings"]) - (total - MAX_SHOWN_PER_GROUP)
    assert f"*This report shows {shown} of the {len(data['findings'])} findings" in text
    # the summary counts everything
    warnings = data["summary"]["findings"]["by_severity"]["Warning"]
    assert f"| CertaintyDrift | 0 | {total} | 0 | {total} |" in text
    assert f"{len(data['findings'])} findings." in text and f"### Warning ({warnings})" in text
    # every other group is whole
    assert _numbered(text) == shown
    if HAVE_HTML:
        from kgraph.report.html import render_html

        html = render_html(data)
        assert html.count('data-type="CertaintyDrift"') == MAX_SHOWN_PER_GROUP
        assert html.count('<article class="finding') == shown
        assert f"Showing the first {MAX_SHOWN_PER_GROUP} of {total} certainty drift findings" in html
        assert f"<dt>Findings</dt><dd>{len(data['findings'])}</dd>" in html


@pytest.mark.slow
def test_a_big_cluster_shows_its_first_quotes(sample_report):
    _, sample = sample_report
    data = copy.deepcopy(sample)
    finding = _finding_of(data, "Paraphrase")
    cluster = next(c for c in data["clusters"] if c["finding"] == finding["id"])
    base = finding["members"][0]
    extra = MAX_MEMBERS_SHOWN + 7 - len(finding["members"])
    members = finding["members"] + [{**base, "iri": f"{base['iri']}-copy{n}"} for n in range(extra)]
    finding["members"] = cluster["members"] = members
    text = report_markdown(data)
    start = text.index(escape_markdown(finding["id"]))
    block = text[start:text.index("\n**", start)]
    assert block.count("\n  > ") == MAX_MEMBERS_SHOWN < len(members)
    assert "- *… and 7 more quotes; every quote is listed in report.json and findings.csv.*" in block
    assert f" | {len(members)} |" in text[text.index("## Paraphrase clusters"):]  # the cluster table's true count
    if HAVE_HTML:
        from kgraph.report.html import render_html

        html = render_html(data)
        clusters = html[html.index('<section id="clusters"'):html.index('<section id="documents"')]
        first = clusters.index(f'<span class="cstat">{len(members)} quotes</span>')
        details = clusters[first:clusters.index("</details>", first)]
        assert details.count('<figure class="quote') == MAX_MEMBERS_SHOWN
        assert "… and 7 more quotes; every quote is listed in report.json." in details


# ---------------------------------------------------------------------- text fragments

@pytest.mark.parametrize(("quote", "expected"), [
    ("Safe, Non-Addictive", "#:~:text=Safe%2C%20Non%2DAddictive"),
    ("Pain & Injury Relief", "#:~:text=Pain%20%26%20Injury%20Relief"),
    ("50-100 million", "#:~:text=50%2D100%20million"),
    ("Ketamine’s effect", "#:~:text=Ketamine%E2%80%99s%20effect"),
    ("  line\nbreak\t here ", "#:~:text=line%20break%20here"),
    ("one two three four five six seven eight nine ten",
     "#:~:text=one%20two%20three%20four,seven%20eight%20nine%20ten"),
])
def test_text_fragment_encoding(quote, expected):
    assert text_fragment_link("https://example.org/p", quote) == "https://example.org/p" + expected


def test_text_fragment_needs_a_web_url_and_text():
    assert text_fragment_link("https://example.org/p#top", "x") == "https://example.org/p#top:~:text=x"
    assert text_fragment_link(None, "x") is None
    assert text_fragment_link("javascript:alert(1)", "x") is None
    assert text_fragment_link("https://example.org/p", " \n") is None


# ---------------------------------------------------------------------- lint

def test_lint_reports_absolute_words_and_missing_sources(tiny_graph):
    entries = lint_entries(GraphIndex(tiny_graph))
    found = {(e["file"], e["kind"], e["term"]) for e in entries}
    assert ("a.txt", "absolute", "Safe") in found and ("a.txt", "absolute", "Non-Addictive") in found
    # statistics and efficacy claims need a source; b's statistic credits the CDC, mechanisms need none
    assert ("a.txt", "unattributed", "has prevalence") in found
    assert ("a.txt", "unattributed", "treats") in found
    assert not any(e["kind"] == "unattributed" and "50 million" in e["quote"] for e in entries)
    assert not any(e["kind"] == "unattributed" and e["term"] == "blocks" for e in entries)
    for e in entries:
        assert e["quote"] == {"a.txt": TEXT_A, FILE_B: TEXT_B}[e["file"]][e["start"]:e["end"]]
    assert entries == sorted(entries, key=lambda e: (e["file"], e["start"], e["kind"], e["term"] or ""))


def test_lint_is_driven_by_the_rules_file(tiny_graph, tmp_path):
    raw = json.loads(Path(importlib.util.find_spec("kgraph.report").origin).with_name("lint_rules.json").read_text())
    raw["absolute_terms"] = ["non-addictive"]
    raw["attribution_predicates"] = []
    raw["attribution_measures"] = []
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(raw))
    entries = lint_entries(GraphIndex(tiny_graph), load_lint_rules(path))
    assert [(e["kind"], e["term"]) for e in entries] == [("absolute", "Non-Addictive")]


def test_lint_with_no_absolute_words_reports_only_the_rest(tiny_graph, tmp_path):
    raw = json.loads(Path(importlib.util.find_spec("kgraph.report").origin).with_name("lint_rules.json").read_text())
    raw["absolute_terms"] = []
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(raw))
    entries = lint_entries(GraphIndex(tiny_graph), load_lint_rules(path))
    assert not any(e["kind"] == "absolute" and e["term"] in ("Safe", "Non-Addictive") for e in entries)
    assert ("a.txt", "unattributed", "treats") in {(e["file"], e["kind"], e["term"]) for e in entries}


def test_lint_finds_each_word_as_its_own_search_would(tiny_graph, tmp_path):
    """Overlapping words: the longest wins where they overlap, a shorter one still counts elsewhere."""
    raw = json.loads(Path(importlib.util.find_spec("kgraph.report").origin).with_name("lint_rules.json").read_text())
    raw["absolute_terms"] = ["non-addictive", "addictive", "safe", "safe and non-addictive"]
    raw["emphatic_is_absolute"] = False
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(raw))
    rules = load_lint_rules(path)
    entries = [e for e in lint_entries(GraphIndex(tiny_graph), rules) if e["kind"] == "absolute"]
    expected = set()
    for text in (TEXT_A, TEXT_B):
        taken = []
        for term in sorted(rules.absolute_terms, key=lambda t: (-len(t), t)):
            for m in rules.term_pattern(term).finditer(text):
                if not any(m.start() < e and s < m.end() for s, e in taken):
                    taken.append((m.start(), m.end()))
                    expected.add(m.group())
    assert {e["term"] for e in entries} == expected and expected


@pytest.mark.parametrize("change", [{"absolute_term": ["safe"]}, {"absolute_terms": "safe"}, {"version": 2}])
def test_lint_rules_refuse_unknown_or_malformed_keys(change):
    raw = {"version": 1, "description": "", "absolute_terms": ["safe"], "emphatic_is_absolute": True,
           "attribution_predicates": [], "attribution_measures": []}
    assert LintRules.from_dict(raw).absolute_terms == ("safe",)
    with pytest.raises(UsageError):
        LintRules.from_dict({**raw, **change})


# ---------------------------------------------------------------------- triage

def test_triage_new_unchanged_resolved(tiny_graph, tmp_path):
    before = report_data(tiny_graph)
    previous = copy.deepcopy(before)
    gone = previous["findings"].pop(0)  # not in the previous report: new now
    previous["findings"].append({**gone, "id": "https://w3id.org/kgraph/id/finding/Old/1", "severity": "Warning"})
    path = tmp_path / "previous.json"
    path.write_text(report_json(previous), encoding="utf-8")
    data = report_data(tiny_graph, previous_path=str(path))
    _validate(data)
    status = {f["id"]: f["status"] for f in data["findings"]}
    assert status[gone["id"]] == "new"
    assert sorted(status.values()) == ["new", "unchanged", "unchanged", "unchanged"]
    assert data["triage"]["previous"] == str(path)
    assert (data["triage"]["new"], data["triage"]["unchanged"]) == (1, 3)
    assert [r["id"] for r in data["triage"]["resolved"]] == ["https://w3id.org/kgraph/id/finding/Old/1"]
    assert report_data(tiny_graph, previous=previous)["findings"] == data["findings"]


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not valid JSON"),
    (json.dumps({"schema_version": "2.0.0", "findings": []}), "schema_version '2.0.0'"),
    (json.dumps([1, 2]), "not a report object"),
])
def test_bad_previous_report_is_a_usage_error(tiny_graph, tmp_path, content, message):
    path = tmp_path / "report.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        report_data(tiny_graph, previous_path=str(path))
    with pytest.raises(UsageError, match=message):
        write_reports(tiny_graph, tmp_path / "out", previous=path, html=False)
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------------- Markdown and CSV

def test_a_previous_report_is_read_without_its_members(tiny_graph, tmp_path):
    from kgraph.report.triage import read_previous

    data = report_data(tiny_graph)
    path = tmp_path / "report.json"
    path.write_text(report_json(data), encoding="utf-8")
    previous = read_previous(path)
    assert [f["id"] for f in previous["findings"]] == [f["id"] for f in data["findings"]]
    assert all(set(f) == {"id", "type", "severity", "explanation"} for f in previous["findings"])
    assert all("members" not in c for c in previous["clusters"])
    again = report_data(tiny_graph, previous_path=str(path))
    assert {f["status"] for f in again["findings"]} == {"unchanged"} and again["triage"]["resolved"] == []


def test_markdown_escapes_page_text(tiny_graph):
    text = report_markdown(report_data(tiny_graph))
    assert "<script>" not in text
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\*\\*really\\*\\*" in text
    assert "**About 50 million adults**" in text  # a mark is bold, the page's own ** is not
    row = next(line for line in text.splitlines() if line.startswith("| b\\_\\|page.txt"))
    assert len(re.findall(r"(?<!\\)\|", row)) == 9  # the file name's pipe does not split the row
    for heading in ("## Summary", "## Findings", "## Paraphrase clusters", "## Pages", "## Skipped files", "## Lint"):
        assert heading in text
    assert "[open the page at this quote](https://example.org/a?x=1#:~:text=" in text


def test_csv_has_one_row_per_member_and_no_formulas(tiny_graph):
    data = report_data(tiny_graph)
    rows = list(csv.reader(io.StringIO(findings_csv(data))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) - 1 == sum(len(f["members"]) for f in data["findings"])
    assert any(cell.startswith("'=cmd") for row in rows for cell in row)
    assert any(cell.startswith("'+11%") for row in rows for cell in row)
    for row in rows[1:]:
        assert not any(cell[:1] in ("=", "+", "-", "@") for cell in row)
    assert findings_csv(data) == findings_csv(report_data(tiny_graph))
    assert (safe_cell("@SUM(A1)"), safe_cell(3), safe_cell("plain")) == ("'@SUM(A1)", 3, "plain")


# ---------------------------------------------------------------------- files

def test_write_reports_writes_every_file(tiny_graph, tmp_path):
    out = tmp_path / "out"
    written = write_reports(tiny_graph, out, html=HAVE_HTML)
    names = ["report.json", "report.md", "findings.csv"] + (["report.html"] if HAVE_HTML else [])
    assert written == [out / n for n in names]
    assert sorted(p.name for p in out.iterdir()) == sorted(names)  # no temporary file left behind
    raw = (out / "report.json").read_text(encoding="utf-8")
    assert raw.endswith("}\n") and raw == report_json(report_data(tiny_graph))
    _validate(json.loads(raw))
    # the previous report may be the one in the folder: it is read before it is replaced
    write_reports(tiny_graph, out, previous=out / "report.json", html=False)
    again = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert {f["status"] for f in again["findings"]} == {"unchanged"}


@pytest.mark.skipif(not HAVE_HTML, reason="kgraph.report.html (helper r2) is not written yet")
def test_reports_from_anchors_read_before_are_the_same(sample_report, tmp_path):
    from kgraph.graph.reader import PropertyReader

    graph, _ = sample_report
    fresh = write_reports(graph, tmp_path / "fresh", html=False)
    given = write_reports(graph, tmp_path / "given", html=False, anchors=PropertyReader(graph).anchors())
    assert [p.read_bytes() for p in given] == [p.read_bytes() for p in fresh]


def test_reports_of_a_disk_store_released_while_read_are_the_same(tiny_graph, tmp_path, monkeypatch):
    from kgraph.graph.store import open_graph, oxigraph_store
    from kgraph.report import model as model_module

    disk = open_graph("disk", tmp_path / "store")
    for triple in tiny_graph:
        disk.add(triple)
    store = disk.store
    monkeypatch.setattr(model_module, "_RELEASE_EVERY", 1)  # released before every finding
    released = []
    monkeypatch.setattr(store, "release", lambda release=store.release: released.append(release()) or released[-1])
    kept = write_reports(tiny_graph, tmp_path / "memory", html=HAVE_HTML)
    freed = write_reports(disk, tmp_path / "disk", html=HAVE_HTML, release=True)
    assert [p.read_bytes() for p in freed] == [p.read_bytes() for p in kept]
    findings = len(report_data(tiny_graph)["findings"])
    # before each finding in the loop, after it (before the lint), then once before the files
    assert released == [True] * (findings + 2)
    assert len(oxigraph_store(disk)) == len(tiny_graph)  # opened again: nothing lost


def test_write_reports_html_escapes_page_text(tiny_graph, tmp_path):
    write_reports(tiny_graph, tmp_path)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("module", ["links", "marks", "markdown", "tabular"])
def test_docstring_examples(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"kgraph.report.{module}"))
    assert result.attempted > 0 and result.failed == 0


def test_packed_finding_order_is_the_order_of_the_key_tuples() -> None:
    import random

    from kgraph.report.model import _FindingOrder

    rng = random.Random(7)
    keys = []
    for number in range(400):  # few distinct values: most keys tie on everything but the number
        key = (rng.randrange(3), rng.choice(["ScopeConflict", "Paraphrase", "CertaintyDrift"]), rng.random() < 0.2,
               rng.choice(["", "b.html", "a.txt", "Paraphrase"]), rng.choice([-1, 0, 7, 7000]))
        keys.append((key, number))
    rng.shuffle(keys)
    order = _FindingOrder()
    for row, (key, number) in enumerate(keys):
        order.add(key, number, row)
    expected = [row for _, row in sorted(((*key, number), row) for row, (key, number) in enumerate(keys))]
    assert order.rows() == expected
    assert _FindingOrder().rows() == []


# ---------------------------------------------------------------------- files written by two processes


def _pid_file(text: str):
    """A fill writing ``text`` and the id of the process that writes it."""
    return lambda handle, _: handle.write(f"{text} {os.getpid()}".encode())


def test_files_written_beside_by_a_forked_process_are_renamed_with_the_others(tmp_path):
    from kgraph.graph.serialize import write_atomic_all

    (tmp_path / "c.txt").write_bytes(b"old")
    written = write_atomic_all([(tmp_path / "a.txt", _pid_file("a")), (tmp_path / "b.txt", _pid_file("b"))],
                               beside=[(tmp_path / "c.txt", _pid_file("c")), (tmp_path / "d.txt", _pid_file("d"))])
    assert written == [tmp_path / name for name in ("a.txt", "b.txt", "c.txt", "d.txt")]
    texts = {p.name: p.read_text().split() for p in tmp_path.iterdir()}
    assert sorted(texts) == ["a.txt", "b.txt", "c.txt", "d.txt"]  # nothing else: no temporary left
    assert {name: text[0] for name, text in texts.items()} == {"a.txt": "a", "b.txt": "b", "c.txt": "c", "d.txt": "d"}
    here = {texts["a.txt"][1], texts["b.txt"][1]}
    assert here == {str(os.getpid())}
    if sys.platform.startswith("linux"):
        assert texts["c.txt"][1] == texts["d.txt"][1] != str(os.getpid())  # one other process wrote both


def _failing_beside(tmp_path, fill):
    from kgraph.graph.serialize import write_atomic_all

    for name in ("a.txt", "c.txt"):
        (tmp_path / name).write_bytes(b"old")
    write_atomic_all([(tmp_path / "a.txt", _pid_file("a"))],
                     beside=[(tmp_path / "b.txt", _pid_file("b")), (tmp_path / "c.txt", fill)])


def _untouched(tmp_path) -> bool:
    return sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "c.txt"] and all(
        (tmp_path / name).read_bytes() == b"old" for name in ("a.txt", "c.txt"))


def test_a_file_beside_that_cannot_be_written_raises_its_os_error_and_writes_nothing(tmp_path):
    def no_space(handle, _):
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left on device") as raised:
        _failing_beside(tmp_path, no_space)
    assert raised.value.errno == 28
    assert _untouched(tmp_path)


def test_a_file_beside_that_fails_to_render_raises_with_its_traceback_and_writes_nothing(tmp_path):
    from kgraph.errors import GraphError

    def broken(handle, _):
        raise ValueError("a renderer bug")

    error = GraphError if sys.platform.startswith("linux") else ValueError
    with pytest.raises(error, match="a renderer bug") as raised:
        _failing_beside(tmp_path, broken)
    if error is GraphError:
        assert "Traceback" in str(raised.value) and "ValueError" in str(raised.value)
    assert _untouched(tmp_path)


def test_a_failure_here_removes_what_the_process_beside_wrote(tmp_path):
    from kgraph.graph.serialize import write_atomic_all

    def broken(handle, _):
        raise ValueError("here")

    (tmp_path / "a.txt").write_bytes(b"old")
    (tmp_path / "c.txt").write_bytes(b"old")
    with pytest.raises(ValueError, match="here"):
        write_atomic_all([(tmp_path / "a.txt", broken)], beside=[(tmp_path / "c.txt", _pid_file("c"))])
    assert _untouched(tmp_path)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="files are written beside by a fork on Linux")
def test_a_process_beside_that_dies_is_an_error_and_nothing_is_renamed(tmp_path):
    from kgraph.errors import GraphError

    def killed(handle, _):
        os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(GraphError, match=r"ended \(killed by signal 9\)"):
        _failing_beside(tmp_path, killed)
    assert _untouched(tmp_path)  # what it left half-written is removed too


def test_files_beside_are_written_here_when_no_process_can_be_forked(tmp_path, monkeypatch):
    from kgraph.graph import serialize

    def no_fork():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(serialize.os, "fork", no_fork)
    written = serialize.write_atomic_all([(tmp_path / "a.txt", _pid_file("a"))],
                                         beside=[(tmp_path / "b.txt", _pid_file("b"))])
    assert written == [tmp_path / "a.txt", tmp_path / "b.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]
    assert (tmp_path / "b.txt").read_text() == f"b {os.getpid()}"
