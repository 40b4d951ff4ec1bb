"""A build killed at any moment leaves complete outputs or none, and a re-run gives the same bytes.

The real CLI runs as a process (``python -m kgraph build``) on a copy of the
sample corpus and is SIGKILLed at seeded random moments. After each kill,
every output (``graph.ttl``, ``summary.json`` and the reports) is the old file or
the new one, whole; only hidden temporary files may be left, and the next
completed build removes them. The killed builds share one cache, which starts
empty, so kills land while pages are extracted and cached too: the final build
reads that cache back and must give the reference bytes.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

from kgraph.errors import GraphError
from kgraph.graph import serialize
from kgraph.graph.serialize import write_atomic, write_graph

from conftest import ROOT, SAMPLE_CORPUS

pytestmark = pytest.mark.slow

OUTPUTS = {"graph.ttl", "summary.json", "report.html", "report.md", "report.json", "findings.csv"}
TEMPORARY = re.compile(r"\.(graph\.ttl|summary\.json|report\.html|report\.md|report\.json|findings\.csv)"
                       r"\.\d+\.[^/]+\.tmp")
KILLS = 5


def _start_build(corpus: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kgraph", "build", str(corpus), "--out", str(out), *extra],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _left_in(out: Path) -> tuple[set[str], set[str]]:
    """(visible names, hidden names) in the output folder."""
    names = {p.name for p in out.iterdir()} if out.exists() else set()
    return {n for n in names if not n.startswith(".")}, {n for n in names if n.startswith(".")}


def test_killed_builds_leave_complete_outputs_or_none(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, corpus)
    reference_out, out = tmp_path / "reference", tmp_path / "out"
    cache = ("--cache-dir", str(tmp_path / "cache"))
    started = time.monotonic()
    assert _start_build(corpus, reference_out, "--cache-dir", str(tmp_path / "reference-cache")).wait(timeout=300) == 0
    duration = time.monotonic() - started
    reference = {name: (reference_out / name).read_bytes() for name in OUTPUTS}
    assert len(Graph().parse(data=reference["graph.ttl"], format="turtle")) > 1000
    json.loads(reference["summary.json"])
    # Outputs of an earlier build: after a kill each file is either still this or the new one, whole.
    old = {"graph.ttl": b"<https://example.org/old> <https://example.org/p> 1 .\n",
           "summary.json": b'{"documents": 1}\n', "report.html": b"<!DOCTYPE html><title>old</title>\n",
           "report.md": b"# old report\n", "report.json": b'{"schema_version": "1.0.0", "findings": []}\n',
           "findings.csv": b"finding,type\n"}
    out.mkdir()
    for name, data in old.items():
        (out / name).write_bytes(data)

    # Seeded kill times between 0.5 s and the run time, two of them late, when outputs are written.
    rng = random.Random(8128)
    delays = [rng.uniform(0.5, duration) for _ in range(KILLS - 2)]
    delays += [rng.uniform(max(0.5, duration - 0.8), duration) for _ in range(2)]
    outcomes = []
    for delay in sorted(delays):
        proc = _start_build(corpus, out, *cache)
        time.sleep(delay)
        finished_first = proc.poll() is not None
        if not finished_first:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        visible, hidden = _left_in(out)
        assert visible == OUTPUTS, visible
        assert all(TEMPORARY.fullmatch(name) for name in hidden), hidden
        for name in OUTPUTS:
            assert (out / name).read_bytes() in (old[name], reference[name]), (name, delay)
        json.loads((out / "summary.json").read_text(encoding="utf-8"))
        Graph().parse(out / "graph.ttl", format="turtle")
        replaced = [(out / name).read_bytes() == reference[name] for name in sorted(OUTPUTS)]
        outcomes.append((round(delay, 2), finished_first, replaced))

    assert _start_build(corpus, out, *cache).wait(timeout=300) == 0, outcomes
    for name in sorted(OUTPUTS):
        assert (out / name).read_bytes() == reference[name], (outcomes, _first_difference(out / name, reference[name]))
    assert _left_in(out) == (OUTPUTS, set()), "a completed build removes temporary files of killed ones"


def _first_difference(path: Path, expected: bytes) -> str:
    """The first line that differs (a changed pipeline version line means the code changed during the test)."""
    for number, (got, want) in enumerate(zip(path.read_bytes().splitlines(), expected.splitlines()), start=1):
        if got != want:
            return f"line {number}: {got[:160]!r} != {want[:160]!r}"
    return "one file is a prefix of the other"


def test_write_interrupted_before_the_rename_keeps_the_old_file(tmp_path: Path) -> None:
    """Kill a writer after its data is in the temporary file but before the rename (fsync made slow)."""
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old complete graph\n")
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from kgraph.graph.serialize import write_atomic\n"
        "os.fsync = lambda fd: time.sleep(60)\n"
        "write_atomic(Path(sys.argv[1]), b'new graph ' * 100000)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(target)], cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not _left_in(tmp_path)[1]:
        time.sleep(0.02)
    time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    visible, hidden = _left_in(tmp_path)
    assert visible == {"graph.ttl"} and target.read_bytes() == b"old complete graph\n"
    assert len(hidden) == 1 and TEMPORARY.fullmatch(hidden.pop())
    write_atomic(target, b"newer graph\n")
    assert _left_in(tmp_path) == ({"graph.ttl"}, set()) and target.read_bytes() == b"newer graph\n"


def test_failed_write_keeps_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old\n")

    def no_space(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(serialize.os, "replace", no_space)
    with pytest.raises(GraphError, match="No space left on device"):
        write_graph(Graph(), target)
    assert target.read_bytes() == b"old\n" and _left_in(tmp_path) == ({"graph.ttl"}, set())


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_killed_parallel_build_leaves_no_worker_processes(tmp_path: Path) -> None:
    proc = _start_build(SAMPLE_CORPUS, tmp_path / "out", "--jobs", "2")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_children(proc.pid)) < 2 and proc.poll() is None:
        time.sleep(0.05)
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    try:
        assert len(workers) == 2, "the build finished before its workers were seen"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers), "worker processes outlived the killed build"
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
