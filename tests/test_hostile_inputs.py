"""Hostile inputs: broken, odd and dangerous files, huge and slow pages.

The corpus is built at test time in ``tmp_path``. Every file either becomes
a ``kg:Document`` with the right text or is listed in ``summary.json`` with a
reason; the run finishes with exit status 3; the graph parses and conforms.
Loader details (each reason on its own) are tested in ``test_corpus.py``.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kgraph.cli import cli
from kgraph.corpus import Document, SkippedFile, iter_corpus
from kgraph.display import visible
from kgraph.extract import extract_documents, extraction_from_doc
from kgraph.graph.anchors import CONTEXT_CHARS
from kgraph.graph.validate import validate_graph
from kgraph.limits import PageTimeout, run_each, time_limit
from kgraph.namespaces import KG, RDF

from conftest import ROOT, SAMPLE_CORPUS, check_anchors

GOOD = "Ketamine blocks NMDA receptors in the brain.\n"
MAX_PAGE_BYTES = 1_100_000
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
ACTIVE_HTML = """<html><head><title>Ketamine &amp; you</title><style>body { color: red }</style>
<script>document.write('<p>INJECTED</p>'); alert("x")</script></head>
<body><iframe src="javascript:alert(1)">IFRAME TEXT</iframe><template><p>TEMPLATE TEXT</p></template>
<p onclick="alert(1)">Ketamine &amp; esketamine &lt;b&gt;block&lt;/b&gt; NMDA receptors &#8212;
caf&eacute; &#x1F600;.</p>
<noscript>NOSCRIPT TEXT</noscript><object data="x.swf">OBJECT TEXT</object><svg><text>SVG TEXT</text></svg>
<p>It is thought to help with depression.</p><img src=x onerror="alert(1)"></body></html>"""
TRICKS = (
    "Keta\u200bmine (zero-width space) and ke\u200dtamine (joiner); \u202eenimatek\u202c is reversed; "
    "\u200fan RTL mark, Hebrew \u05db\u05d8\u05de\u05d9\u05df and Arabic \u0643\u064a\u062a\u0627\u0645\u064a\u0646; "
    "Cyrillic homoglyph k\u0435tamine, fullwidth \uff4b\uff45\uff54\uff41\uff4d\uff49\uff4e\uff45, "
    "math \U0001d424\U0001d41e\U0001d42d\U0001d41a\U0001d426\U0001d422\U0001d427\U0001d41e, "
    "emoji \U0001f489\U0001f600, "
    "combining e\u0301, a BOM\ufeffinside.\r\nKetamine blocks NMDA receptors \U0001f9e0 in 50% of patients.\n"
)
CLAUSE = "ketamine, which is thought to block NMDA receptors in people with depression and chronic pain, "


@dataclass(frozen=True)
class Expect:
    """What should become of one file: built (with this text/encoding) or skipped (reason containing this)."""

    outcome: str  # "built", "skipped" or "either"
    text: str | None = None
    reason: str | None = None
    encoding: str | None = None


def _write(root: Path, name: str, content: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _hostile_corpus(root: Path) -> dict[str, Expect]:
    """Write the hostile corpus; return what should happen to each file (skipped folders end with '/')."""
    rng = random.Random(20240917)
    expect: dict[str, Expect] = {}

    def page(name: str, content: str | bytes, expectation: Expect) -> Path:
        expect[name] = expectation
        return _write(root, name, content)

    page("empty.txt", b"", Expect("skipped", reason="empty file"))
    page("image.txt", PNG + rng.randbytes(4096), Expect("skipped", reason="binary file (PNG image)"))
    page("invalid-utf8.txt", b"Ketamine \xff\xfe\xfa treats depression \xc3\x28 fast.\n",
         Expect("built", "Ketamine \xff\xfe\xfa treats depression \xc3( fast.\n", encoding="cp1252"))
    utf16 = "Ketamine\u2019s effect \u2014 Stra\xdfe, \u6771\u4eac \U0001f600.\r\nNMDA receptors.\n"
    page("utf16.txt", utf16.encode("utf-16"), Expect("built", utf16, encoding="utf-16"))
    latin1 = "Le caf\xe9: la k\xe9tamine soulage la douleur chronique. Na\xefve \xe9l\xe8ve, \xbd dose.\n"
    page("latin1.txt", latin1.encode("latin-1"), Expect("built", latin1, encoding="cp1252"))
    page("oversized.txt", b"Ketamine treats pain. " * (MAX_PAGE_BYTES // 22 + 10),
         Expect("skipped", reason=f"exceeds --max-page-bytes {MAX_PAGE_BYTES}"))
    deep = "<div>" * 5000 + "<p>Deep text about ketamine &amp; chronic pain.</p>" + "</div>" * 5000
    page("deep.html", f"<html><head><title>Deep</title></head><body>{deep}</body></html>", Expect("built"))
    page("active.html", ACTIVE_HTML, Expect("built"))
    page("unicode-tricks.txt", TRICKS, Expect("built", TRICKS))
    long_line = "Ketamine treats pain." + " " * 1_000_000 + "Ketamine blocks NMDA receptors."  # no newline
    page("long-line.txt", long_line, Expect("built", long_line))
    sentence = ("Many clinics say that " + CLAUSE * 120)[:10_000] + "."
    page("long-sentence.txt", sentence, Expect("built", sentence))
    page("big-number.txt", "The clinic has treated 11111111111111111111111111111 patients with ketamine.\n",
         Expect("either", reason="extraction failed"))  # a pipeline bug: see the report; the run must go on
    _write(root, "pages.jsonl", b'{"url": "https://clinic.example/j1", "text": "Ketamine."}\n'
                                b'{"url": "https://clinic.example/j2", "text": "Keta\\ud800mine."}\n')
    expect["pages.jsonl#L1"] = Expect("built", "Ketamine.")
    expect["pages.jsonl#L2"] = Expect("skipped", reason="unpaired surrogate")

    (root / "loop").symlink_to(root, target_is_directory=True)
    expect["loop/"] = Expect("skipped", reason="already read")
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    expect["dangling.txt"] = Expect("skipped", reason="broken symbolic link")
    page("unreadable.txt", GOOD, Expect("built", GOOD) if IS_ROOT else Expect("skipped", reason="Permission denied"))
    (root / "unreadable.txt").chmod(0)

    for name in ("dup.txt", "dup copy.txt", "sub/dup.txt"):
        page(name, GOOD, Expect("built", GOOD))
    for name in ("a;rm -rf x.txt", "<b>x</b>.txt", "$(id).txt", "`id`.txt", "quote's \"double\".txt",
                 "with  two  spaces .txt", "\xfcn\xefc\xf6d\xe9 \u6771\u4eac.txt", "x&y|z>w.txt", "-rf.txt",
                 "[bold]x.txt", "new\nline.txt"):
        page(name, GOOD, Expect("built", GOOD))
    for name in ("x[/red]y.txt", "esc\x1b[2J.txt", "rtl\u202etxt.exe.txt"):  # printed in the summary
        page(name, b"", Expect("skipped", reason="empty file"))

    manifest = (
        "file,url,publisher,title\n"
        "dup.txt,https://clinic.example/dup,Clinic A,Dup\n"
        "dup copy.txt,https://clinic.example/dup,Clinic B,Same URL\n"
        "latin1.txt,not a url,Clinic L,Latin\n"
        "missing.txt,https://clinic.example/missing,Nobody,\n"
        "utf16.txt,too,few\n"
        '"a;rm -rf x.txt",https://clinic.example/semi,"Clinic <script>alert(1)</script>",T\n'
    )
    _write(root, "manifest.csv", manifest)
    return expect


def _documents(graph: Graph) -> dict[str, dict[str, str]]:
    return {str(graph.value(doc, KG.fileName)): {"iri": str(doc), "text": str(graph.value(doc, KG.text)),
                                                 "encoding": str(graph.value(doc, KG.encoding)),
                                                 "hash": str(graph.value(doc, KG.contentHash))}
            for doc in graph.subjects(RDF.type, KG.Document)}


@pytest.mark.slow
def test_hostile_corpus_builds_and_accounts_for_every_file(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    expect = _hostile_corpus(corpus)
    try:
        result = CliRunner().invoke(cli, ["build", str(corpus), "--out", str(out), "--max-page-bytes",
                                          str(MAX_PAGE_BYTES), "--max-page-seconds", "60"])
    finally:
        (corpus / "unreadable.txt").chmod(0o644)
    assert result.exit_code == 3, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "internal error" not in result.output

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    skipped = {item["file"]: item["reason"] for item in summary["skipped"]}
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    validation = validate_graph(graph)
    assert validation.conforms, validation.report
    built = _documents(graph)

    assert not set(built) & set(skipped), "a file is both built and skipped"
    assert set(built) | set(skipped) == set(expect), "every file is built or skipped, nothing else"
    assert summary["documents"] == len(built) == len({doc["iri"] for doc in built.values()})
    for name, expectation in expect.items():
        if expectation.outcome == "skipped" or (expectation.outcome == "either" and name in skipped):
            assert name in skipped, name
            assert expectation.reason in skipped[name], (name, skipped[name])
        else:
            assert name in built, (name, skipped.get(name))
            if expectation.text is not None:
                assert built[name]["text"] == expectation.text, name
            if expectation.encoding is not None:
                assert built[name]["encoding"] == expectation.encoding, name
    assert all(reason.strip() and "\n" not in reason for reason in skipped.values())

    # Scripts, styles and what a browser never shows (iframe body, template) are not text; entities are.
    # (<noscript> and <object> fallbacks are shown to some visitors, so they may be text.)
    active = built["active.html"]["text"]
    assert "Ketamine & esketamine <b>block</b> NMDA receptors \u2014 caf\xe9 \U0001f600." in active
    assert not any(bad in active for bad in ("INJECTED", "alert", "IFRAME", "TEMPLATE", "color"))
    assert "Deep text about ketamine & chronic pain." in built["deep.html"]["text"]
    # Duplicates stay separate documents; one URL given to two files does not merge them (the first
    # file in path order keeps it).
    assert len({built[name]["hash"] for name in ("dup.txt", "dup copy.txt", "sub/dup.txt")}) == 1
    assert built["dup copy.txt"]["iri"] == "https://clinic.example/dup"
    assert built["dup.txt"]["iri"] == "https://w3id.org/kgraph/id/doc/dup.txt"
    degraded = {(item["file"], item["note"]) for item in summary["degraded"]}
    assert ("dup.txt", "url 'https://clinic.example/dup' already names 'dup copy.txt'; "
                       "IRI minted from the file name") in degraded
    assert any(file == "latin1.txt" and "decoded as cp1252" in note for file, note in degraded)
    warnings = [item["message"] for item in summary["warnings"]]
    assert any(m.startswith("line 4: url 'not a url' is not an absolute http(s) URL") for m in warnings)
    assert any(m.startswith("line 6: expected 4 fields, found 3") for m in warnings)
    assert any(m.startswith("line 5: file 'missing.txt' does not exist") for m in warnings)

    # Every anchor quotes its document at its offsets (astral characters, zero-width and RTL marks included).
    assert check_anchors(graph, CONTEXT_CHARS) > 10
    # Names are data on the terminal: markup shown as typed, control characters escaped.
    assert "skipped x[/red]y.txt: empty file" in result.output
    assert "skipped esc\\x1b[2J.txt: empty file" in result.output and "\x1b[2J" not in result.output
    assert "skipped rtl\\u202etxt.exe.txt" in result.output

    # The report lists every skipped file with its reason (read back from the graph), in every format.
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert {item["file"]: item["reason"] for item in report["skipped"]} == skipped
    assert report["summary"]["skipped"] == len(skipped) and report["summary"]["documents"] == len(built)
    markdown = (out / "report.md").read_text(encoding="utf-8")
    html = (out / "report.html").read_text(encoding="utf-8")
    for name in skipped:  # shown with control and bidi characters escaped, as on the terminal
        assert escape(visible(name)) in html, name
    assert "x[/red]y.txt" in html and "esc\\x1b[2J.txt" in html and "rtl\\u202etxt.exe.txt" in html
    assert sum(line.startswith("| ") and "empty file" in line for line in markdown.splitlines()) >= 1


def test_one_hundred_thousand_tiny_files_all_load(tmp_path: Path) -> None:
    """The loader only (no NLP): a flat folder of 100,000 pages loads fully, in order, without a crash."""
    count = 100_000
    for i in range(count):
        (tmp_path / f"p{i:06d}.txt").write_bytes(b"Ketamine.\n")
    started = time.perf_counter()
    names = []
    for item in iter_corpus(tmp_path, max_page_seconds=60):
        assert isinstance(item, Document) and item.text == "Ketamine.\n"
        names.append(item.file_name)
    assert len(names) == count and names == sorted(names)
    assert time.perf_counter() - started < 60


# ---------------------------------------------------------------- the per-page time limit


def test_time_limit_interrupts_a_busy_loop_and_restores_the_alarm() -> None:
    import signal

    previous = signal.getsignal(signal.SIGALRM)
    started = time.perf_counter()
    with pytest.raises(PageTimeout):
        with time_limit(0.05):
            while True:
                pass
    assert time.perf_counter() - started < 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == previous
    with time_limit(0):  # 0: no limit
        time.sleep(0.01)


def _stubborn(seconds: float) -> float:
    """Sleeps, swallowing every Exception the way a careless component might."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            time.sleep(0.01)
        except Exception:  # noqa: BLE001 - the point of the test
            pass
    return seconds


@pytest.mark.parametrize("jobs", [1, 3])
def test_run_each_times_out_only_the_slow_items_in_order(jobs: int) -> None:
    started = time.perf_counter()
    results = list(run_each(_stubborn, [0.0, 30.0, 0.01, 0.0, 30.0], jobs=jobs, seconds=0.3,
                            timed_out=lambda item: "timeout"))
    assert results == [0.0, "timeout", 0.01, 0.0, "timeout"]
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("jobs", [1, 2])
def test_tiny_time_limit_skips_every_page_with_a_reason(nlp, jobs: int) -> None:
    documents = [d for d in iter_corpus(SAMPLE_CORPUS) if isinstance(d, Document)]
    results = list(extract_documents(documents, nlp, jobs=jobs, max_page_seconds=0.001))
    assert [r.file for r in results] == [d.file_name for d in documents]
    assert all(isinstance(r, SkippedFile) and "--max-page-seconds 0.001" in r.reason for r in results)


def test_loading_time_limit_skips_a_slow_html_page(tmp_path: Path) -> None:
    rows = "".join(f"<tr><td>Ketamine {i}</td><td>{i % 100}%</td></tr>" for i in range(40_000))
    _write(tmp_path, "table.html", f"<html><body><table>{rows}</table></body></html>")  # seconds to extract
    _write(tmp_path, "zz-good.txt", GOOD)
    items = list(iter_corpus(tmp_path, max_page_seconds=0.3))
    assert [type(item).__name__ for item in items] == ["SkippedFile", "Document"]
    assert items[0].reason.startswith("loading took longer than --max-page-seconds 0.3")


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_slow_page_is_skipped_and_the_other_pages_build(tmp_path: Path, jobs: int) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    for name in ("000_a2e505ab653ad675.txt", "003_7b3f6d1df584ec7a.txt"):
        _write(corpus, name, (SAMPLE_CORPUS / name).read_bytes())
    _write(corpus, "slow.txt", "Ketamine " + ")" * 20_000)  # the tokenizer's worst case: minutes
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["build", str(corpus), "--out", str(out), "--max-page-seconds", "5",
                                      "--jobs", str(jobs)])
    assert result.exit_code == 3, result.output
    assert time.perf_counter() - started < 45
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["skipped"] == [{"file": "slow.txt", "reason": "extraction took longer than --max-page-seconds 5; "
                                                                 "raise the limit (0 for none) to include it"}]
    assert summary["documents"] == 2 and summary["mentions"]["DRUG"] > 0
    built = _documents(Graph().parse(out / "graph.ttl", format="turtle"))
    assert sorted(built) == ["000_a2e505ab653ad675.txt", "003_7b3f6d1df584ec7a.txt"]


def test_failing_page_is_skipped_and_the_run_goes_on(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    import kgraph.extract

    documents = [d for d in iter_corpus(SAMPLE_CORPUS) if isinstance(d, Document)][:3]

    def fragile(document, doc):
        if document.file_name == documents[1].file_name:
            raise ArithmeticError("boom")
        return extraction_from_doc(document, doc)

    monkeypatch.delenv("KGRAPH_DEBUG", raising=False)
    monkeypatch.setattr(kgraph.extract, "extraction_from_doc", fragile)
    results = list(extract_documents(documents, nlp))
    assert [type(r).__name__ for r in results] == ["DocumentExtraction", "SkippedFile", "DocumentExtraction"]
    assert results[1].reason.startswith("extraction failed (ArithmeticError: boom)")


def test_long_page_in_pieces_gives_what_the_whole_page_gives(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    """The base model sees a long page in pieces (bounded memory); the result is the whole page's."""
    import kgraph.extract
    import kgraph.limits

    document = next(d for d in iter_corpus(SAMPLE_CORPUS) if isinstance(d, Document) and len(d.text) > 8000)
    doc = nlp.make_doc(document.text)
    doc._.kgraph_publisher = document.publisher
    doc._.kgraph_excluded = [(f.start, f.end) for f in document.furniture]
    whole = extraction_from_doc(document, nlp(doc))
    cut = kgraph.limits.text_pieces
    monkeypatch.setattr(kgraph.extract, "text_pieces", lambda text: cut(text, 1500))  # the name extract calls
    assert len(list(kgraph.extract.text_pieces(document.text))) >= 5
    (pieces,) = extract_documents([document], nlp)
    assert pieces.mentions == whole.mentions


@pytest.mark.slow
def test_one_megabyte_line_is_bounded_in_time_and_memory(tmp_path: Path) -> None:
    """1 MB of prose without a newline: about 8 minutes of extraction, and 3.3 GB at once without pieces."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _write(corpus, "long-line.txt", ("Ketamine blocks NMDA receptors in 50% of patients with chronic pain. "
                                     * 15_000)[:1_000_000])
    _write(corpus, "good.txt", GOOD)
    started = time.perf_counter()
    with open(tmp_path / "stderr.txt", "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "kgraph", "build", str(corpus), "--out", str(out),
                                 "--max-page-seconds", "5"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    assert proc.returncode == 3, (tmp_path / "stderr.txt").read_text()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [item["file"] for item in summary["skipped"]] == ["long-line.txt"]
    assert "--max-page-seconds 5" in summary["skipped"][0]["reason"] and summary["documents"] == 1
    assert elapsed < 60
    assert usage.ru_maxrss * 1024 < 1_500_000_000  # Linux reports KiB
