"""Tests of the corpus stage: loading, decoding, HTML, jsonl, manifest, furniture."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kgraph.corpus import (
    Document,
    FurnitureRule,
    HtmlPage,
    LoadWarning,
    SkippedFile,
    decode_bytes,
    extract_html,
    find_furniture,
    iter_corpus,
    load_furniture_rules,
    parse_manifest,
)
from kgraph.corpus import decoding
from kgraph.corpus.decoding import Rejected
from kgraph.errors import CorpusError
from kgraph.iris import document_iri

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data" / "corpus"
GOOD = "Ketamine blocks NMDA receptors in the brain.\n"


# ---------------------------------------------------------------- helpers


def load(folder: Path, **kwargs: int) -> list:
    return list(iter_corpus(folder, **kwargs))


def documents(items: list) -> dict[str, Document]:
    return {item.file_name: item for item in items if isinstance(item, Document)}


def skipped(items: list) -> dict[str, str]:
    return {item.file: item.reason for item in items if isinstance(item, SkippedFile)}


def warnings(items: list) -> list[str]:
    return [item.message for item in items if isinstance(item, LoadWarning)]


def furniture_texts(doc: Document) -> list[tuple[str, str]]:
    return [(doc.text[f.start : f.end], f.kind) for f in doc.furniture]


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def sample_text(name: str) -> str:
    with open(SAMPLE / name, encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(scope="module")
def sample_items() -> list:
    return load(SAMPLE)


# ---------------------------------------------------------------- the sample corpus


def test_sample_pages_load_with_manifest_publisher_and_exact_text(sample_items: list) -> None:
    docs = documents(sample_items)
    assert sorted(docs) == sorted(p.name for p in SAMPLE.glob("*.txt"))
    assert not skipped(sample_items) and not warnings(sample_items)
    with open(SAMPLE / "manifest.csv", encoding="utf-8", newline="") as handle:
        publishers = {row["file"]: row["publisher"] for row in csv.DictReader(handle)}
    for name, doc in docs.items():
        raw = (SAMPLE / name).read_bytes()
        assert doc.text == sample_text(name)
        assert doc.publisher == publishers[name]
        assert doc.content_hash == "sha256:" + hashlib.sha256(raw).hexdigest()
        assert doc.iri == str(document_iri(None, name))
        assert (doc.encoding, doc.media_type, doc.url, doc.notes) == ("utf-8", "text/plain", None, ())


def test_sample_002_furniture(sample_items: list) -> None:
    doc = documents(sample_items)["002_79b52d43be5ce41b.txt"]
    assert furniture_texts(doc) == [
        ("By October 17, 2018July 21st, 2021Treatment", "post-date"),
        ("Contact Us Today!", "call-to-action"),
        ("Leave a Reply", "leave-a-reply"),
        ("This will close in 0 seconds", "popup-timer"),
        ("Skip to content", "skip-link"),
    ]


@pytest.mark.parametrize(
    ("name", "phone", "sentence_start"),
    [
        ("000_a2e505ab653ad675.txt", "505-639-4973", "To learn more about Ketamine Infusion Therapy"),
        ("001_5bc5b58636fa3ab3.txt", "(505) 639-4973", "If you or someone you know suffers from a depressive"),
    ],
)
def test_sample_phone_number_inside_content_sentence(
    sample_items: list, name: str, phone: str, sentence_start: str
) -> None:
    doc = documents(sample_items)[name]
    assert furniture_texts(doc) == [(phone, "phone-number")]
    sentence_at = doc.text.index(sentence_start)
    (span,) = doc.furniture
    assert span.start > sentence_at  # the sentence itself stays content


def test_sample_furniture_spans_are_sorted_and_disjoint(sample_items: list) -> None:
    for doc in documents(sample_items).values():
        ends = [(f.start, f.end) for f in doc.furniture]
        assert ends == sorted(ends)
        assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:]))


# ---------------------------------------------------------------- furniture rules on invented lines


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Leave a Reply", "leave-a-reply"),
        ("Leave a Comment", "leave-a-reply"),
        ("  Skip to content  ", "skip-link"),
        ("This will close in 0 seconds", "popup-timer"),
        ("Contact Us Today!", "call-to-action"),
        ("Share this:", "share-links"),
        ("Click here to schedule your free consultation", "click-here"),
        ("Posted in Treatment, Ketamine", "post-meta"),
        ("Read more", "read-more"),
        ("Previous post", "post-navigation"),
        ("Next post: Ketamine and PTSD", "post-navigation"),
        ("We use cookies to give you the best experience on our website.", "cookie-banner"),
        ("Accept all cookies", "cookie-banner"),
        ("By October 17, 2018July 21st, 2021Treatment", "post-date"),
        ("Posted on May 3, 2021 by admin", "post-date"),
        ("Related posts", "related-posts"),
        ("© 2024 PAX Institute. All rights reserved.", "copyright"),
    ],
)
def test_whole_line_furniture(line: str, kind: str) -> None:
    text = f"Ketamine is an anesthetic.\n{line}\nIt blocks NMDA receptors."
    (span,) = find_furniture(text)
    assert (text[span.start : span.end], span.kind) == (line.strip(), kind)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Call 505-639-4973 to ask about ketamine for chronic pain.", [("505-639-4973", "phone-number")]),
        ("Reach us at +1 555 123 4567 about infusions.", [("+1 555 123 4567", "phone-number")]),
        ("Write to info@clinic.example for ketamine dosing.", [("info@clinic.example", "email-address")]),
        ("The study is at https://clinic.example/study.", [("https://clinic.example/study", "url")]),
        (
            "If you suffer from chronic pain, contact us by calling (505) 639-4973 or clicking here.",
            [("(505) 639-4973", "phone-number")],
        ),
        ("Contact us for more information on ketamine and chronic pain.", []),
        ("By 2025, ketamine use for chronic pain may double.", []),
        ("Pain Medicine, 20(1), 161-169.", []),
        ("Chronic pain affects 50-100 million adults in the U. S. yearly.", []),
    ],
)
def test_span_furniture_keeps_the_sentence(line: str, expected: list[tuple[str, str]]) -> None:
    assert [(line[f.start : f.end], f.kind) for f in find_furniture(line)] == expected


@pytest.mark.parametrize(
    "line",
    [
        "x " * 100 + " we use cookies " + "y" * 300,
        "Facebook " * 60 + "!",
        "By " + "October 17, 2018 " * 30 + ".",
        "October 17, 2018 A" + " & " * 150 + "x.",
        "+" + "1 " * 290,
        "a@" + "b." * 290 + "1",
    ],
)
def test_furniture_rules_do_not_backtrack_catastrophically(line: str) -> None:
    started = time.perf_counter()
    find_furniture((line + "\n") * 50)
    assert time.perf_counter() - started < 1.0


def test_furniture_rule_rejects_unknown_keys_and_bad_values() -> None:
    with pytest.raises(CorpusError, match="unknown key"):
        FurnitureRule.from_dict({"kind": "x", "scope": "line", "pattern": "x", "colour": "red"})
    with pytest.raises(CorpusError, match="scope"):
        FurnitureRule.from_dict({"kind": "x", "scope": "page", "pattern": "x"})
    with pytest.raises(CorpusError, match="does not compile"):
        FurnitureRule.from_dict({"kind": "x", "scope": "match", "pattern": "(unclosed"})
    assert all(isinstance(rule, FurnitureRule) for rule in load_furniture_rules())


# ---------------------------------------------------------------- bad inputs


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \r\n\t\n ", "empty file"),
        ("image.txt", PNG, "binary file (PNG image)"),
        ("noise.txt", bytes(random.Random(7).randrange(256) for _ in range(900)) + b"\x00", "binary file"),
        ("controls.txt", b"\x01\x02\x03\x04 text \x05\x06\x07\x08", "binary file ("),
        ("garbage.txt", bytes(range(0x80, 0x100)) * 4, "cannot decode text (not UTF-8; no encoding detected)"),
        ("bad-utf16.txt", codecs.BOM_UTF16_LE + b"\x00\xd8", "cannot decode text (starts with a utf-16"),
        ("big.txt", b"x" * 1001, "1001 bytes exceeds --max-page-bytes 1000"),
        ("report.pdf", b"%PDF-1.7\n", "unsupported file type (.pdf)"),
        ("letter.docx", b"PK\x03\x04", "unsupported file type (.docx)"),
        ("nav.html", (DATA / "nav_only.html").read_bytes(), "HTML has no main text (scripts/navigation only)"),
        ("scripts.htm", b"<html><script>alert('x')</script></html>", "HTML has no main text"),
        ("empty.jsonl", b"\n\n", "empty file"),
    ],
)
def test_bad_input_is_skipped_with_reason_and_run_goes_on(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    write(tmp_path, name, content)
    write(tmp_path, "zz-good.txt", GOOD)
    items = load(tmp_path, max_page_bytes=1000)
    assert skipped(items)[name].startswith(reason)
    assert documents(items)["zz-good.txt"].text == GOOD


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    with open(tmp_path / "huge.txt", "wb") as handle:
        handle.truncate(5_000_000_000)  # sparse: reading it all would take long and lots of memory
    assert skipped(load(tmp_path)) == {"huge.txt": "5000000000 bytes exceeds --max-page-bytes 2000000"}


def test_broken_symlink_and_self_link_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "gone.png").symlink_to(tmp_path / "missing.png")  # ignored type: silent
    reasons = skipped(load(tmp_path))
    assert reasons["gone.txt"] == "broken symbolic link (No such file or directory)"
    assert reasons["self.txt"].startswith("broken symbolic link (Too many levels of symbolic links")
    assert set(reasons) == {"gone.txt", "self.txt"}


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    write(tmp_path, "sub/page.txt", GOOD)
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "sub" / "inner").symlink_to(tmp_path / "sub", target_is_directory=True)
    (tmp_path / "linked").symlink_to(tmp_path / "sub", target_is_directory=True)
    items = load(tmp_path)
    assert list(documents(items)) == ["sub/page.txt"]  # real folders win over links to them
    assert set(skipped(items)) == {"linked/", "sub/inner/", "sub/loop/"}
    assert all("already read" in reason for reason in skipped(items).values())


def test_symlinked_folder_outside_the_corpus_is_read(tmp_path: Path) -> None:
    write(tmp_path, "elsewhere/page.txt", GOOD)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "more").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert list(documents(load(tmp_path / "corpus"))) == ["more/page.txt"]


def test_fifo_is_skipped_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    assert skipped(load(tmp_path)) == {"pipe.txt": "not a regular file (named pipe)"}


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read mode-000 files")
def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", GOOD)
    path.chmod(0)
    try:
        assert skipped(load(tmp_path)) == {"secret.txt": "cannot read file (Permission denied)"}
    finally:
        path.chmod(0o644)


def test_permission_error_becomes_skip_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs as root too: the OSError is simulated where the loader opens the file."""
    write(tmp_path, "secret.txt", GOOD)
    write(tmp_path, "zz-good.txt", GOOD)

    def guarded_open(path: Path, *args: object, **kwargs: object) -> io.BufferedReader:
        if Path(path).name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, *args, **kwargs)  # noqa: SIM115

    monkeypatch.setattr(decoding, "open", guarded_open, raising=False)
    items = load(tmp_path)
    assert skipped(items) == {"secret.txt": "cannot read file (Permission denied)"}
    assert list(documents(items)) == ["zz-good.txt"]


def test_hidden_and_other_files_are_ignored_silently(tmp_path: Path) -> None:
    write(tmp_path, ".hidden.txt", GOOD)
    write(tmp_path, ".git/notes.txt", GOOD)
    write(tmp_path, "photo.png", PNG)
    write(tmp_path, "data.csv", "a,b\n")
    write(tmp_path, "page.TXT", GOOD)
    assert load(tmp_path) == [d for d in load(tmp_path) if isinstance(d, Document)]
    assert list(documents(load(tmp_path))) == ["page.TXT"]


def test_non_utf8_file_name_is_skipped(tmp_path: Path) -> None:
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt"), "wb") as handle:
        handle.write(GOOD.encode())
    assert skipped(load(tmp_path)) == {"caf\ufffd.txt": "file name is not valid UTF-8; rename the file"}


def test_corpus_dir_must_be_a_folder(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        iter_corpus(tmp_path / "nope")
    with pytest.raises(CorpusError, match="not a folder"):
        iter_corpus(write(tmp_path, "file.txt", GOOD))


# ---------------------------------------------------------------- encodings and characters


NOT_UTF8 = "not valid UTF-8; decoded as cp1252"


@pytest.mark.parametrize(
    ("text", "codec", "encoding", "notes"),
    [
        ("Le café est très bon, à Paris. Ärger über Öl.\n", "latin-1", "cp1252", (NOT_UTF8,)),
        ("Ketamine’s “reset” effect – naïve.\r\n", "cp1252", "cp1252", (NOT_UTF8,)),
        ("Ketamine\r\nblocks NMDA receptors.\n", "utf-16", "utf-16", ()),
        ("Ketamine blocks NMDA receptors.\n", "utf-32", "utf-32", ()),
        ("Ketamine blocks NMDA receptors.\n", "utf-8-sig", "utf-8-sig", ()),
        ("Keta\u200bmine \u202eRTL\u202c שלום עולם \u200f\u2028 ok\r\n", "utf-8", "utf-8", ()),
    ],
)
def test_encodings_are_decoded_and_recorded(
    tmp_path: Path, text: str, codec: str, encoding: str, notes: tuple[str, ...]
) -> None:
    raw = text.encode(codec)
    write(tmp_path, "page.txt", raw)
    doc = documents(load(tmp_path))["page.txt"]
    assert (doc.text, doc.encoding, doc.notes) == (text, encoding, notes)
    assert doc.content_hash == "sha256:" + hashlib.sha256(raw).hexdigest()


def test_line_endings_are_kept_exactly(tmp_path: Path) -> None:
    text = "Title\r\nLine two\rLine three\n\nLeave a Reply\r\n"
    write(tmp_path, "page.md", text)
    doc = documents(load(tmp_path))["page.md"]
    assert (doc.text, doc.media_type) == (text, "text/markdown")
    assert furniture_texts(doc) == [("Leave a Reply", "leave-a-reply")]


def test_decode_bytes_is_pure_and_rejects_with_reasons() -> None:
    assert decode_bytes(b"") == Rejected("empty file")
    assert decode_bytes(b"\x00\x01ab").reason == "binary file (contains NUL bytes)"
    assert decode_bytes("naïve".encode("latin-1")).text == "naïve"


# ---------------------------------------------------------------- HTML


def test_html_article_extracts_plain_main_text(tmp_path: Path) -> None:
    shutil.copy(DATA / "article.html", tmp_path / "article.html")
    doc = documents(load(tmp_path))["article.html"]
    lines = doc.text.split("\n")
    assert lines[0] == "Ketamine & Chronic Pain" == doc.title
    sentence = "Ketamine blocks NMDA receptors — it’s thought to “reset” pain pathways in the brain and spinal cord."
    assert sentence in lines
    assert "and <many> of them also report depression & anxiety." in doc.text
    assert "MUST NOT APPEAR" not in doc.text and "Home" not in doc.text
    assert "<p>" not in doc.text and "&amp;" not in doc.text
    assert (doc.media_type, doc.encoding) == ("text/html", "utf-8")


def test_html_meta_charset_is_respected(tmp_path: Path) -> None:
    html = '<html><head><meta charset="windows-1252"><title>Caf\xe9</title></head><body>'
    html += "<p>Ketamine\x92s effect on chronic pain is thought to last for weeks \x96 or months.</p></body></html>"
    write(tmp_path, "page.htm", html.encode("latin-1"))
    doc = documents(load(tmp_path))["page.htm"]
    assert doc.encoding == "cp1252" and "Ketamine’s effect" in doc.text and doc.title == "Café"
    assert doc.notes == ("not valid UTF-8; decoded as cp1252 (declared by the page)",)


def test_deeply_nested_html_does_not_crash(tmp_path: Path) -> None:
    body = "<div>" * 5000 + "<p>Deep text about ketamine &amp; chronic pain.</p>" + "</div>" * 5000
    write(tmp_path, "deep.html", f"<html><head><title>Deep</title></head><body>{body}</body></html>")
    doc = documents(load(tmp_path))["deep.html"]
    assert doc.text == "Deep\nDeep text about ketamine & chronic pain."
    assert doc.notes and "nested too deeply" in doc.notes[0]


def test_html_fragment_without_html_tag() -> None:
    page = extract_html("<p>Ketamine is an anesthetic.</p>")
    assert not isinstance(page, Rejected) and page.text == "Ketamine is an anesthetic."


@pytest.mark.parametrize(
    "html", ["<![ x <p>Ketamine text.</p>", "<!", "</", "<a", "<p>&#xffffffff; &#0; x", "\x00" * 10, "<" * 1000]
)
def test_malformed_html_never_raises(html: str) -> None:
    assert isinstance(extract_html(html), (Rejected, HtmlPage))


# ---------------------------------------------------------------- jsonl


def test_jsonl_good_and_bad_lines() -> None:
    items = [item for item in load(DATA) if "#L" in getattr(item, "file_name", getattr(item, "file", ""))]
    docs, reasons = documents(items), skipped(items)
    names = [getattr(item, "file_name", None) or item.file for item in items]
    assert names == [f"pages.jsonl#L{n}" for n in (1, 2, 3, 5, 6, 7, 8)]  # blank line 4 is ignored
    first = docs["pages.jsonl#L1"]
    assert first.iri == "https://clinic.example/ketamine" and first.publisher == "Example Clinic"
    assert (first.title, first.retrieved, first.media_type) == ("Ketamine", "2024-05-01", "text/plain")
    assert first.text == "Ketamine blocks NMDA receptors.\nCall (505) 639-4973 today."
    assert furniture_texts(first) == [("(505) 639-4973", "phone-number")]
    raw_line = (DATA / "pages.jsonl").read_bytes().split(b"\n")[0]
    assert first.content_hash == "sha256:" + hashlib.sha256(raw_line).hexdigest()
    html = docs["pages.jsonl#L5"]
    assert html.media_type == "text/html" and html.text.startswith("HTML page\nKetamine was first synthesized")
    assert docs["pages.jsonl#L8"].iri == str(document_iri(None, "pages.jsonl#L8"))
    assert reasons["pages.jsonl#L2"].startswith("invalid JSON")
    assert reasons["pages.jsonl#L3"].startswith("not a JSON object")
    assert reasons["pages.jsonl#L6"].startswith("no 'text' or 'html' field")
    assert reasons["pages.jsonl#L7"] == "field 'url' must be a string, got int"


def test_jsonl_limits_and_encoding_per_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"url": "https://a.example/1", "text": "x" * 2000}).encode(),
        b'{"url": "https://a.example/2", "text": "caf\xe9"}',
        codecs.BOM_UTF8 + json.dumps({"url": "https://a.example/3", "text": "Ketamine."}).encode(),
        b"[" * 100_000 + b"]" * 100_000,
        json.dumps({"url": "not a url", "text": "Ketamine."}).encode(),
    ]
    write(tmp_path, "p.jsonl", b"\r\n".join(lines[2:3] + lines[:2] + lines[3:]))
    items = load(tmp_path, max_page_bytes=1000)
    reasons, docs = skipped(items), documents(items)
    assert reasons["p.jsonl#L2"].endswith("exceeds --max-page-bytes 1000")
    assert reasons["p.jsonl#L3"].startswith("not valid UTF-8")
    assert reasons["p.jsonl#L4"].endswith("exceeds --max-page-bytes 1000")
    assert docs["p.jsonl#L1"].text == "Ketamine." and docs["p.jsonl#L1"].iri == "https://a.example/3"
    assert docs["p.jsonl#L5"].url is None and "not an absolute http(s) URL" in docs["p.jsonl#L5"].notes[0]
    deep = skipped(load(tmp_path, max_page_bytes=1_000_000))["p.jsonl#L4"]
    assert deep.startswith("invalid JSON")


def test_manifest_row_for_a_jsonl_file_gives_defaults(tmp_path: Path) -> None:
    write(tmp_path, "p.jsonl", json.dumps({"url": "https://a.example/", "text": "Ketamine."}) + "\n")
    write(tmp_path, "manifest.csv", "file,publisher,retrieved\np.jsonl,Clinic J,2024-02-02\n")
    doc = documents(load(tmp_path))["p.jsonl#L1"]
    assert (doc.publisher, doc.retrieved, doc.iri) == ("Clinic J", "2024-02-02", "https://a.example/")


# ---------------------------------------------------------------- manifest


def test_manifest_bad_rows_give_warnings_and_good_rows_apply(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "b.txt", GOOD)
    write(tmp_path, "sub/c.txt", GOOD)
    write(tmp_path, "photo.png", PNG)
    manifest = (
        "file,url,publisher,title,retrieved,notes\n"
        "a.txt,https://clinic.example/a,Clinic A,,2024-01-01,x\n"
        "b.txt,,Clinic B\n"
        "a.txt,,Clinic A again,,,\n"
        "/etc/passwd,,,,,\n"
        "../outside.txt,,,,,\n"
        "missing.txt,,,,,\n"
        ",,Nobody,,,\n"
        "./sub/c.txt,not a url,Clinic C,Title C,,\n"
        "photo.png,,,,,\n"
        "\n"
    )
    write(tmp_path, "manifest.csv", manifest)
    items = load(tmp_path)
    docs = documents(items)
    assert "manifest.csv" not in docs and sorted(docs) == ["a.txt", "b.txt", "sub/c.txt"]
    a, c = docs["a.txt"], docs["sub/c.txt"]
    assert (a.iri, a.publisher, a.title, a.retrieved) == ("https://clinic.example/a", "Clinic A", None, "2024-01-01")
    assert docs["b.txt"].publisher is None
    assert (c.publisher, c.title, c.url) == ("Clinic C", "Title C", None)
    messages = warnings(items)
    assert isinstance(items[0], LoadWarning)  # warnings come first
    expected = [
        "line 3: expected 6 fields, found 3",
        "line 4: second row for 'a.txt' (first on line 2)",
        "line 5: file '/etc/passwd' is an absolute path",
        "line 6: file '../outside.txt' points outside the corpus folder",
        "line 8: empty 'file' cell",
        "line 9: url 'not a url' is not an absolute http(s) URL",
        "line 7: file 'missing.txt' does not exist",
        "line 10: file 'photo.png' is not a page kgraph reads",
    ]
    assert len(messages) == len(expected)
    assert all(message.startswith(prefix) for message, prefix in zip(messages, expected))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,publisher\na.txt,Clinic\n", "manifest.csv has no 'file' column; ignored"),
        (PNG, "manifest.csv ignored: binary file (PNG image)"),
        (b'file,publisher\na.txt,"unclosed\n' + b"x" * 200_000 + b"\n", "line"),
    ],
)
def test_unusable_manifest_gives_one_warning(tmp_path: Path, content: bytes, message: str) -> None:
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "manifest.csv", content)
    items = load(tmp_path)
    assert len(warnings(items)) == 1 and warnings(items)[0].startswith(message)
    assert list(documents(items)) == ["a.txt"]


def test_parse_manifest_accepts_bom_case_and_quoted_names() -> None:
    manifest = parse_manifest('File,Publisher\n"a, ""b"" <&>;.txt",Clinic\n')
    assert manifest.get('a, "b" <&>;.txt').publisher == "Clinic"


# ---------------------------------------------------------------- order and names


def test_order_is_deterministic_and_sorted_by_relative_path(tmp_path: Path) -> None:
    names = ["b.txt", "a/b.txt", "a.txt", "B.md", "a/z/c.html", "ä.txt", "a-b.txt", "z/1.htm"]
    for name in random.Random(3).sample(names, len(names)):
        write(tmp_path, name, "<p>Ketamine text.</p>" if name.endswith(("html", "htm")) else GOOD)
    first = load(tmp_path)
    order = [item.file_name for item in first]
    assert order == sorted(names) and first == load(tmp_path)


@pytest.mark.parametrize("name", ["with space.txt", "quote's \"double\".txt", "a<b>&c;d.txt", "sub dir/é & ü.md"])
def test_awkward_file_names_work(tmp_path: Path, name: str) -> None:
    write(tmp_path, name, GOOD)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["file", "publisher"], [name, "Clinic <&>"]])
    write(tmp_path, "manifest.csv", buffer.getvalue())
    items = load(tmp_path)
    doc = documents(items)[name]
    assert (doc.text, doc.publisher, doc.iri) == (GOOD, "Clinic <&>", str(document_iri(None, name)))
    assert not warnings(items)


# ---------------------------------------------------------------- property


_CHARS = st.one_of(st.characters(codec="utf-8", exclude_categories=("Cc",)), st.sampled_from("\t\n\r\x0b\x0c"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(_CHARS, max_size=300))
def test_utf8_text_round_trips_exactly(text: str) -> None:
    assume(not text.startswith("\ufeff"))  # a leading U+FEFF is a byte-order mark, stripped by design
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), "page.txt", text)
        (item,) = load(Path(folder))
    if not text.strip():
        assert item == SkippedFile("page.txt", "empty file")
        return
    assert isinstance(item, Document) and item.text == text
    spans = [(f.start, f.end) for f in item.furniture]
    assert spans == sorted(spans)
    assert all(0 <= start < end <= len(text) for start, end in spans)
