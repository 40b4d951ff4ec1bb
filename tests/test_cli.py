"""The command line, driven through its runner and as a real process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kgraph.cli import cli

from conftest import ROOT


def run_kgraph(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kgraph", *args], capture_output=True, text=True, cwd=ROOT,
                          **kwargs)


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_top_level_help_and_version():
    runner = CliRunner()
    assert "build" in runner.invoke(cli, ["--help"]).output
    assert runner.invoke(cli, ["--version"]).output.strip().endswith("0.1.0")


@pytest.mark.parametrize(("args", "needle"), [
    (["build", "/nonexistent/corpus"], "not a folder"),
    (["build", "corpus", "--jobs", "0"], "--jobs"),
    (["build", "corpus", "--max-page-bytes", "-5"], "--max-page-bytes"),
    (["frobnicate"], "No such command"),
])
def test_unusable_invocations_exit_2(args, needle):
    proc = run_kgraph(*args)
    assert proc.returncode == 2
    assert needle in proc.stderr
    assert "Traceback" not in proc.stderr


def test_validate_reports_a_broken_graph(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix kg: <https://w3id.org/kgraph/ns#> .\n<https://x/m> a kg:Mention .\n", encoding="utf-8")
    proc = run_kgraph("validate", "--graph", str(broken))
    assert proc.returncode == 1
    assert "Constraint Violation" in proc.stdout


def test_validate_rejects_a_non_rdf_file(tmp_path):
    junk = tmp_path / "junk.ttl"
    junk.write_text("this is { not turtle", encoding="utf-8")
    proc = run_kgraph("validate", "--graph", str(junk))
    assert proc.returncode == 1
    assert "cannot read" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_bad_input_corpus_builds_exits_3_and_reports_each_file(tmp_path):
    corpus = tmp_path / "bad"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Ketamine may relieve chronic pain within 30 minutes.\n", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (corpus / "invalid-utf8.txt").write_bytes(b"Ketamine \xff\xfe\xfa treats depression \xc3\x28 fast.\n")
    (corpus / "latin1.txt").write_bytes("Caf\xe9 owners report that ketamine eases migraine.\n".encode("latin-1"))
    (corpus / "huge.txt").write_text("Ketamine treats pain. " * 400, encoding="utf-8")
    (corpus / "scripts.html").write_text("<html><head><script>alert(1)</script></head>"
                                         "<body><nav><a href='/'>Home</a></nav><script>var x = 1;</script></body></html>",
                                         encoding="utf-8")
    out = tmp_path / "out"
    proc = run_kgraph("build", str(corpus), "--out", str(out), "--max-page-bytes", "5000")
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    skipped = {item["file"]: item["reason"] for item in summary["skipped"]}
    assert set(skipped) >= {"empty.txt", "binary.txt", "huge.txt", "scripts.html"}
    assert "empty" in skipped["empty.txt"]
    assert "binary" in skipped["binary.txt"]
    assert "max-page-bytes" in skipped["huge.txt"]
    assert "main text" in skipped["scripts.html"]
    for name in skipped:
        assert name in proc.stderr
    degraded = {item["file"] for item in summary["degraded"]}
    assert "latin1.txt" in degraded
    assert summary["documents"] >= 2
    graph_text = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "Café owners" in graph_text
    from rdflib import Graph

    from kgraph.graph.validate import validate_graph

    validation = validate_graph(Graph().parse(out / "graph.ttl"))
    assert validation.conforms, validation.report
