"""``kgraph check``, ``export``, ``query`` and ``report`` through ``kgraph.cli.main``, and ``kgraph.query.findings``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kgraph.check import read_baseline
from kgraph.cli import cli, main
from kgraph.errors import UsageError
from kgraph.graph.export import FINDINGS_GRAPH, SHARED_GRAPH, document_graph_iri, partition
from kgraph.namespaces import KG, RDF
from kgraph.query import FINDING_COLUMNS, findings, load_graph, run_sparql

LEVELS = ("info", "warning", "error")


def run(capsys, *args: str) -> tuple[int, str, str]:
    """``kgraph ARGS`` in this process, exactly as the console script runs it: (exit status, stdout, stderr)."""
    with pytest.raises(SystemExit) as stop:
        main([str(a) for a in args])
    captured = capsys.readouterr()
    return stop.value.code, captured.out, captured.err


@pytest.fixture(scope="module")
def graph_file(sample_build):
    return sample_build[1] / "graph.ttl"


@pytest.fixture(scope="module")
def graph(graph_file):
    return load_graph(graph_file)


def severities(graph: Graph) -> dict[str, set[str]]:
    """Finding IRIs by lower-case severity, read straight from the triples (independent of kgraph.check)."""
    found: dict[str, set[str]] = {level: set() for level in LEVELS}
    for node in graph.subjects(RDF.type, KG.Finding):
        found[str(graph.value(node, KG.severity)).rsplit("#", 1)[-1].lower()].add(str(node))
    return found


# --- check -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("level", LEVELS)
def test_check_lists_each_finding_at_or_above_the_level_and_exits_4(capsys, graph, graph_file, level):
    expected = set().union(*(severities(graph)[name] for name in LEVELS[LEVELS.index(level):]))
    assert expected, "the sample corpus has findings at every level"
    status, out, _ = run(capsys, "check", "--graph", graph_file, "--fail-on", level)
    lines = out.splitlines()
    assert status == 4
    assert {line.split()[-1] for line in lines[:-1]} == expected and len(lines) == len(expected) + 1
    assert lines[-1].startswith(f"kgraph check: {len(expected)} findings at or above {level}")


def test_check_lines_name_severity_type_place_and_quote(capsys, graph, graph_file):
    _, out, _ = run(capsys, "check", "--graph", graph_file, "--fail-on", "error")
    first = out.splitlines()[0]
    severity, kind, place, *_ = first.split()
    assert severity == "Error" and kind in {"CitationMismatch", "NumericConflict", "PolarityConflict",
                                            "ReferenceConflict"}
    file, start = place.rsplit(":", 1)
    assert file.endswith(".txt") and start.isdigit() and '"' in first


def test_a_baseline_of_all_findings_passes_and_one_missing_error_fails_alone(capsys, graph, graph_file, tmp_path):
    baseline = tmp_path / "accepted.txt"
    status, _, err = run(capsys, "check", "--graph", graph_file, "--write-baseline", baseline)
    assert status == 0 and "wrote" in err
    text = baseline.read_text(encoding="utf-8")
    ids = [line.split()[0] for line in text.splitlines() if not line.startswith("#")]
    assert text.startswith("# kgraph check baseline") and ids == sorted(ids)
    assert set(ids) == set().union(*severities(graph).values()) == read_baseline(baseline)

    assert run(capsys, "check", "--graph", graph_file, "--fail-on", "info", "--baseline", baseline)[0] == 0

    dropped = min(severities(graph)["error"])
    baseline.write_text("".join(line + "\n" for line in text.splitlines() if not line.startswith(dropped)),
                        encoding="utf-8")
    status, out, _ = run(capsys, "check", "--graph", graph_file, "--fail-on", "error", "--baseline", baseline)
    lines = out.splitlines()
    assert status == 4 and len(lines) == 2 and lines[0].endswith(dropped)
    assert "1 finding at or above error" in lines[1]


def test_a_report_json_serves_as_a_baseline(capsys, graph, graph_file, tmp_path):
    errors = severities(graph)["error"]
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"schema_version": "1.0.0", "findings": [{"id": i} for i in sorted(errors)]}),
                      encoding="utf-8")
    assert run(capsys, "check", "--graph", graph_file, "--fail-on", "error", "--baseline", report)[0] == 0
    assert run(capsys, "check", "--graph", graph_file, "--fail-on", "warning", "--baseline", report)[0] == 4


@pytest.mark.parametrize(("content", "needle"), [
    (None, "cannot read the baseline file"),
    ("not-an-iri\n", "not a finding IRI"),
    ("https://w3id.org/kgraph/id/finding/X/1 trailing words\n", "not a finding IRI"),
    ('{"findings": "nope"}', "neither a list of finding IRIs nor a report.json"),
    (b"\xff\xfe\x00garbage", "cannot read the baseline file"),
])
def test_an_unusable_baseline_exits_2_naming_the_file(capsys, graph_file, tmp_path, content, needle):
    baseline = tmp_path / "baseline.txt"
    if isinstance(content, bytes):
        baseline.write_bytes(content)
    elif content is not None:
        baseline.write_text(content, encoding="utf-8")
    status, out, err = run(capsys, "check", "--graph", graph_file, "--fail-on", "error", "--baseline", baseline)
    assert status == 2 and needle in err and str(baseline) in err and not out


@pytest.mark.parametrize(("extra", "needle"), [
    (["corpus", "--fail-on", "error"], "not both"),
    ([], "--fail-on"),
    (["--fail-on", "fatal"], "fatal"),
])
def test_unusable_check_invocations_exit_2(capsys, graph_file, extra, needle):
    status, _, err = run(capsys, "check", "--graph", graph_file, *extra)
    assert status == 2 and needle in err and "Traceback" not in err


@pytest.mark.slow
def test_check_builds_a_corpus_in_memory(capsys, tmp_path):
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "a.txt").write_text("Our clinic is open on weekdays.\n\nKetamine is an anesthetic. "
                                 "Doctors use it in hospitals.\n", encoding="utf-8")
    (clean / "b.md").write_text("Physical therapy can help people with back pain move more easily.\n",
                                encoding="utf-8")
    status, out, _ = run(capsys, "check", clean, "--fail-on", "info")
    assert status == 0 and "0 findings in all" in out
    assert not list(clean.glob("*.ttl")) and not (tmp_path / "out").exists()  # nothing written

    (clean / "empty.txt").write_bytes(b"")
    status, _, err = run(capsys, "check", clean, "--fail-on", "info")
    assert status == 3 and "empty.txt" in err

    conflict = tmp_path / "conflict"
    conflict.mkdir()
    (conflict / "a.txt").write_text("Chronic pain affects about 50 million adults in the United States.\n",
                                    encoding="utf-8")
    (conflict / "b.txt").write_text("Chronic pain affects only 2 million adults in the United States.\n",
                                    encoding="utf-8")
    (conflict / "empty.txt").write_bytes(b"")
    status, out, _ = run(capsys, "check", conflict, "--fail-on", "error")
    assert status == 4 and "NumericConflict" in out  # 4 wins over 3 (a file was skipped)


# --- export ----------------------------------------------------------------------------------------------------

def parse_export(path, fmt: str) -> Graph:
    if fmt == "trig":
        dataset = Dataset()
        dataset.parse(path, format="trig")
        union = Graph()
        for named in dataset.graphs():
            union += named
        return union
    return Graph().parse(path, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "nt", "trig"])
def test_exports_parse_back_to_the_same_graph_with_the_same_bytes(capsys, graph, graph_file, tmp_path, fmt):
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    assert run(capsys, "export", "--graph", graph_file, "--format", fmt, "--out", first)[0] == 0
    assert isomorphic(parse_export(first, fmt), graph)
    # a second export, from the first one read back, gives the same bytes
    assert run(capsys, "export", "--graph", first, "--format", fmt, "--out", second)[0] == 0
    assert first.read_bytes() == second.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_jsonld_has_the_fixed_kgraph_context(tmp_path, capsys, graph_file):
    out = tmp_path / "g.jsonld"
    run(capsys, "export", "--graph", graph_file, "--format", "jsonld", "--out", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["@context"]["kg"] == "https://w3id.org/kgraph/ns#"
    assert data["@context"]["oa"] == "http://www.w3.org/ns/oa#"
    ids = [node["@id"] for node in data["@graph"]]
    assert ids == sorted(ids)


def test_trig_has_one_named_graph_per_document_plus_findings_and_shared(graph, graph_file, tmp_path, capsys):
    out = tmp_path / "g.trig"
    run(capsys, "export", "--graph", graph_file, "--format", "trig", "--out", out)
    dataset = Dataset()
    dataset.parse(out, format="trig")
    named = {g.identifier: g for g in dataset.graphs() if len(g)}
    documents = set(graph.subjects(RDF.type, KG.Document))
    assert set(named) == {document_graph_iri(d) for d in documents} | {FINDINGS_GRAPH, SHARED_GRAPH}
    assert sum(len(g) for g in named.values()) == len(graph)  # every triple exactly once
    for doc in documents:
        part = named[document_graph_iri(doc)]
        assert set(part.subjects(RDF.type, KG.Document)) == {doc}
        assert set(part.subjects(RDF.type, KG.Claim)) == {c for c in graph.subjects(RDF.type, KG.Claim)
                                                          if (c, None, None) in part}
    assert set(named[FINDINGS_GRAPH].subjects(RDF.type, KG.Finding)) == set(graph.subjects(RDF.type, KG.Finding))
    assert not set(named[SHARED_GRAPH].subjects(RDF.type, KG.Claim))


def test_partition_follows_the_anchor_not_the_iri():
    doc, target = URIRef("https://clinic.example/page"), URIRef("https://x.example/t")
    claim, concept = URIRef("https://x.example/c"), URIRef("https://x.example/concept")
    g = Graph()
    g.add((doc, RDF.type, KG.Document))
    g.add((target, URIRef("http://www.w3.org/ns/oa#hasSource"), doc))
    g.add((claim, URIRef("http://www.w3.org/ns/oa#hasTarget"), target))
    g.add((claim, KG.subject, concept))
    g.add((concept, RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#Concept")))
    parts = partition(g)
    assert len(parts[document_graph_iri(doc)]) == 4 and len(parts[SHARED_GRAPH]) == 1


def test_export_refuses_a_missing_graph(capsys, tmp_path):
    status, _, err = run(capsys, "export", "--graph", tmp_path / "none.ttl", "--format", "nt", "--out",
                         tmp_path / "x.nt")
    assert status == 2 and "no graph at" in err and not (tmp_path / "x.nt").exists()


# --- query -----------------------------------------------------------------------------------------------------

COUNT_BY_FILE = ("SELECT ?file (COUNT(?c) AS ?n) WHERE { ?c a kg:Claim ; oa:hasTarget/oa:hasSource/kg:fileName ?file }"
                 " GROUP BY ?file ORDER BY ?file")


def test_query_select_as_table_csv_and_json(capsys, graph_file):
    status, table, _ = run(capsys, "query", "--graph", graph_file, COUNT_BY_FILE)
    assert status == 0 and "000_a2e505ab653ad675.txt" in table and "5 rows" in table
    status, csv_text, _ = run(capsys, "query", "--graph", graph_file, COUNT_BY_FILE, "--format", "csv")
    rows = csv_text.splitlines()
    assert status == 0 and rows[0] == "file,n" and len(rows) == 6
    status, json_text, _ = run(capsys, "query", "--graph", graph_file, COUNT_BY_FILE, "--format", "json")
    data = json.loads(json_text)
    assert data["head"]["vars"] == ["file", "n"] and len(data["results"]["bindings"]) == 5
    assert data["results"]["bindings"][0]["n"]["datatype"].endswith("#integer")


def test_query_ask_construct_and_a_query_file(capsys, graph_file, tmp_path):
    assert run(capsys, "query", "--graph", graph_file, "ASK { ?f a kg:Finding }")[1] == "true\n"
    assert run(capsys, "query", "--graph", graph_file, "ASK { ?f a kg:Nothing }")[1] == "false\n"
    _, turtle, _ = run(capsys, "query", "--graph", graph_file,
                       "CONSTRUCT { ?d kg:fileName ?f } WHERE { ?d kg:fileName ?f }")
    assert len(Graph().parse(data=turtle, format="turtle")) == 5
    question = tmp_path / "q.rq"
    question.write_text("SELECT ?d WHERE { ?d a kg:Document }", encoding="utf-8")
    status, out, _ = run(capsys, "query", "--graph", graph_file, f"@{question}", "--format", "csv")
    assert status == 0 and len(out.splitlines()) == 6


@pytest.mark.parametrize("hostile", ["} ; DROP ALL ; {", 'blocks" } . ?c ?p ?o . { "', "it's \"quoted\""])
def test_query_bind_passes_values_as_bindings(capsys, graph, graph_file, hostile):
    before = graph_file.read_bytes()
    status, out, _ = run(capsys, "query", "--graph", graph_file, "--format", "csv", "--bind", f"cue={hostile}",
                         "SELECT ?c WHERE { ?c kg:predicateCue ?cue }")
    assert status == 0 and out.splitlines() == ["c"]
    assert graph_file.read_bytes() == before
    size = len(graph)
    assert not list(run_sparql(graph, "SELECT ?c WHERE { ?c kg:predicateCue ?cue }", {"cue": hostile}))
    assert len(graph) == size
    # the same option with an honest value does find claims
    _, out, _ = run(capsys, "query", "--graph", graph_file, "--format", "csv", "--bind", "cue=blocks",
                    "SELECT ?c WHERE { ?c kg:predicateCue ?cue }")
    assert len(out.splitlines()) > 1


@pytest.mark.parametrize(("args", "needle"), [
    (["SELECT ?c WHERE { ?c a kg:Claim "], "cannot run the SPARQL query"),
    (["DROP ALL"], "cannot run the SPARQL query"),
    (["SELECT ?c WHERE { ?c a kg:Claim }", "--bind", "nocolon"], "NAME=VALUE"),
    (["SELECT ?c WHERE { ?c a kg:Claim }", "--bind", "other=1"], "no variable ?other"),
    (["@/nonexistent/q.rq"], "cannot read the query file"),
])
def test_unusable_queries_exit_2(capsys, graph_file, args, needle):
    status, _, err = run(capsys, "query", "--graph", graph_file, *args)
    assert status == 2 and needle in err and len(err.strip().splitlines()) == 1


# --- report ----------------------------------------------------------------------------------------------------

def test_report_writes_the_four_files(capsys, graph_file, tmp_path):
    status, _, err = run(capsys, "report", "--graph", graph_file, "--out", tmp_path / "r")
    assert status == 0
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == ["findings.csv", "report.html", "report.json",
                                                                   "report.md"]
    assert err.count("wrote ") == 4
    status, _, err = run(capsys, "report", "--graph", graph_file, "--out", tmp_path / "r",
                         "--previous", tmp_path / "missing.json")
    assert status == 2 and "missing.json" in err


# --- findings() ------------------------------------------------------------------------------------------------

def test_findings_has_one_row_per_member_and_the_documented_columns(graph):
    table = findings(graph)
    assert list(table.columns) == FINDING_COLUMNS
    assert table["finding"].nunique() == len(set(graph.subjects(RDF.type, KG.Finding)))
    assert len(table) == len(list(graph.subject_objects(KG.involves)))
    assert set(table["kind"]) <= {"claim", "mention", "citation", "reference_entry", "reference_fact", "concept"}
    order = {"Error": 0, "Warning": 1, "Info": 2}
    ranks = [order[s] for s in table["severity"]]
    assert ranks == sorted(ranks)
    anchored = table[table["start"].notna()]
    assert (anchored["end"] >= anchored["start"]).all() and (anchored["document"] != "").all()
    facts = table[table["kind"] == "reference_fact"]
    assert facts["start"].isna().all() and (facts["quote"] != "").all()


def test_findings_filters(graph):
    numeric = findings(graph, type="numericconflict")
    assert not numeric.empty and set(numeric["type"]) == {"NumericConflict"}
    assert numeric.equals(findings(graph, type="NumericConflict", severity="ERROR"))
    assert findings(graph, type="NumericConflict", severity="info").empty
    claims = numeric[numeric["kind"] == "claim"]
    assert (claims["subject"] != "").all() and (claims["object"] != "").all()
    page = "001_5bc5b58636fa3ab3.txt"
    on_page = findings(graph, document=page)
    assert not on_page.empty
    assert on_page.groupby("finding")["document"].apply(lambda docs: page in set(docs)).all()
    for bad, needle in (({"type": "Contradiction"}, "NumericConflict"), ({"severity": "fatal"}, "Warning")):
        with pytest.raises(UsageError, match=needle):
            findings(graph, **bad)


# --- help ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["check", "export", "query", "report"])
def test_help_has_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Example" in result.output
