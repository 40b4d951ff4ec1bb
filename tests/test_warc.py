"""WARC input: crawl files written with warcio's WARCWriter, read by the corpus loader and built for real."""

from __future__ import annotations

import gzip
import inspect
import io
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from kgraph.corpus import Document, SkippedFile, iter_corpus
from kgraph.corpus.walk import file_suffix
from kgraph.corpus.warc import iter_warc, page_media_type
from kgraph.namespaces import KG, OA, RDF

from conftest import check_anchors

KETAMINE = ("<html><head><title>Ketamine for pain</title></head><body><nav><a href='/'>Home</a></nav>"
            "<article><h1>Ketamine for pain</h1><p>Ketamine is an NMDA receptor antagonist. It is used to treat "
            "chronic pain, and about 50 million adults in the U.S. live with chronic pain.</p>"
            "<p>Esketamine can relieve depression within hours.</p></article></body></html>")
LATIN = ("<html><body><p>Caf\xe9 owners said ketamine infusions helped their depression and chronic pain.</p>"
         "</body></html>")
PLAIN = "Esketamine is a nasal spray for treatment-resistant depression."


def _http(status: str, content_type: str, *extra: tuple[str, str]) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type), *extra], protocol="HTTP/1.1")


def write_crawl(path: Path) -> list[str]:
    """A crawl with three pages among records a reader must pass over; returns the page URLs in order."""
    with open(path, "wb") as handle:
        w = WARCWriter(handle, gzip=path.suffix == ".gz")
        w.write_record(w.create_warcinfo_record(path.name, {"software": "kgraph tests"}))

        def response(url, http, body, rec_type="response"):
            w.write_record(w.create_warc_record(url, rec_type, payload=io.BytesIO(body), http_headers=http,
                                                warc_headers_dict={"WARC-Date": "2024-03-01T10:00:00Z"}))
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "clinic.example")], is_http_request=True)
            w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=request))

        base = f"https://clinic.example/{path.name.split('.')[0]}"
        response(f"{base}/ketamine", _http("200 OK", "text/html; charset=utf-8"), KETAMINE.encode("utf-8"))
        response(f"{base}/logo.png", _http("200 OK", "image/png"), b"\x89PNG\r\n\x1a\n" + bytes(32))
        response(f"{base}/old", _http("301 Moved Permanently", "text/html"), b"<a href='/new'>moved</a>")
        response(f"{base}/missing", _http("404 Not Found", "text/html"),
                 b"<html><body><p>No such page</p></body></html>")
        # The charset is in the HTTP header only: the page itself declares none.
        response(f"{base}/cafe", _http("200 OK", "text/html; charset=ISO-8859-1"), LATIN.encode("latin-1"))
        response(f"{base}/script.js", _http("200 OK", "application/javascript"), b"var ketamine = 1;")
        response(f"{base}/nasal", _http("200 OK", "text/plain", ("Content-Encoding", "gzip")),
                 gzip.compress(PLAIN.encode("utf-8")))
        w.write_record(w.create_warc_record(f"{base}/ketamine", "metadata", payload=io.BytesIO(b"fetchTimeMs: 12\r\n"),
                                            warc_content_type="application/warc-fields"))
        w.write_record(w.create_revisit_record(f"{base}/ketamine", digest="sha1:AAAA",
                                               refers_to_uri=f"{base}/ketamine", refers_to_date="2024-03-01T10:00:00Z",
                                               http_headers=_http("200 OK", "text/html")))
    return [f"{base}/ketamine", f"{base}/cafe", f"{base}/nasal"]


def _items(corpus: Path, **limits) -> tuple[list[Document], list[SkippedFile]]:
    items = list(iter_corpus(corpus, **limits))
    return ([i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, SkippedFile)])


@pytest.fixture()
def crawl(tmp_path) -> tuple[Path, dict[str, list[str]]]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    urls = {name: write_crawl(corpus / name) for name in ("crawl.warc.gz", "plain.warc")}
    return corpus, urls


@pytest.mark.parametrize("name", ["crawl.warc.gz", "plain.warc"])
def test_html_and_text_responses_become_documents(crawl, name):
    corpus, urls = crawl
    documents, skipped = _items(corpus)
    assert skipped == []
    mine = [d for d in documents if d.file_name.startswith(name + "#")]
    assert [d.url for d in mine] == urls[name] == [d.iri for d in mine]
    ketamine, cafe, nasal = mine
    assert ketamine.media_type == "text/html" and ketamine.title == "Ketamine for pain"
    assert "NMDA receptor antagonist" in ketamine.text and "Home" not in ketamine.text
    assert ketamine.retrieved == "2024-03-01T10:00:00Z"
    assert cafe.text == "Café owners said ketamine infusions helped their depression and chronic pain."
    assert cafe.encoding == "iso8859-1"
    assert nasal.media_type == "text/plain" and nasal.text == PLAIN  # content encoding undone
    assert all(d.content_hash.startswith("sha256:") for d in mine)


@pytest.mark.parametrize("name", ["crawl.warc.gz", "plain.warc"])
def test_a_page_is_named_by_the_offset_of_its_record(crawl, name):
    corpus, _ = crawl
    documents, _ = _items(corpus)
    for document in (d for d in documents if d.file_name.startswith(name + "#")):
        offset = int(document.file_name.rsplit("#offset=", 1)[1])
        with open(corpus / name, "rb") as handle:
            handle.seek(offset)  # what `warcio extract FILE OFFSET` does
            record = next(iter(ArchiveIterator(handle)))
            assert record.rec_headers.get_header("WARC-Target-URI") == document.url


def test_a_damaged_crawl_keeps_the_pages_before_the_damage(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    whole = tmp_path / "whole.warc.gz"
    urls = write_crawl(whole)
    data = whole.read_bytes()
    documents_whole = [r for r in iter_warc(whole, "whole.warc.gz", max_page_bytes=10**6)]
    cafe = int(documents_whole[1].file_name.rsplit("=", 1)[1])
    (corpus / "cut.warc.gz").write_bytes(data[:cafe + 40])  # cut inside the second page's record
    (corpus / "junk.warc").write_bytes(b"<html><body>not a crawl</body></html>")
    (corpus / "empty.warc").write_bytes(b"")
    documents, skipped = _items(corpus)
    assert [d.url for d in documents] == urls[:1]
    reasons = {s.file: s.reason for s in skipped}
    assert reasons["cut.warc.gz"].startswith(f"damaged WARC file from byte {cafe} ")
    assert "record(s) before it were read" in reasons["cut.warc.gz"]
    assert reasons["junk.warc"] == "damaged WARC file from byte 0 (not a WARC record header); no record could be read"
    assert reasons["empty.warc"] == "empty file"


def test_every_cut_of_a_crawl_is_read_without_error(tmp_path):
    whole = tmp_path / "whole.warc"
    write_crawl(whole)
    data = whole.read_bytes()
    full = [r.file_name for r in iter_warc(whole, "w.warc", max_page_bytes=10**6)]
    cut = tmp_path / "cut.warc"
    for end in range(0, len(data), 97):
        cut.write_bytes(data[:end])
        items = list(iter_warc(cut, "w.warc", max_page_bytes=10**6))
        pages = [i.file_name for i in items if not isinstance(i, SkippedFile)]
        assert pages == full[:len(pages)]
        assert len(items) - len(pages) <= 1  # at most the one report for the file


def test_the_size_limit_applies_per_record(crawl):
    corpus, urls = crawl
    documents, skipped = _items(corpus, max_page_bytes=200)
    assert {d.url for d in documents} == {u for name in urls for u in urls[name] if u.endswith(("/cafe", "/nasal"))}
    assert {s.file.split("#")[0] for s in skipped} == {"crawl.warc.gz", "plain.warc"}
    assert all(s.reason.endswith("exceeds --max-page-bytes 200") for s in skipped)


def test_warc_files_are_recognised_by_their_double_extension():
    assert file_suffix("CC-MAIN-2024.warc.GZ") == ".warc.gz"
    assert file_suffix("crawl.warc") == ".warc"
    assert file_suffix("notes.tar.gz") == ".gz"
    assert page_media_type("application/xhtml+xml; charset=utf-8") == ("text/html", "utf-8")
    assert page_media_type("text/plain") == ("text/plain", None)
    assert page_media_type(None) == (None, None)


def _build(corpus: Path, out: Path):
    from kgraph.build import build_corpus

    takes_cache = "cache_dir" in inspect.signature(build_corpus).parameters
    return build_corpus(corpus, out, **({"cache_dir": out.parent / (out.name + "-cache")} if takes_cache else {}))


@pytest.mark.slow
def test_a_crawl_builds_into_anchored_documents(crawl, tmp_path):
    corpus, urls = crawl
    (corpus / "cut.warc.gz").write_bytes((corpus / "crawl.warc.gz").read_bytes()[:300])
    result = _build(corpus, tmp_path / "out")
    assert result.documents == 6
    assert [s.file for s in result.skipped] == ["cut.warc.gz"]
    graph = result.graph
    names = {str(doc): str(name) for doc, name in graph.subject_objects(KG.fileName)
             if (doc, RDF.type, KG.Document) in graph}
    assert set(names) == {u for name in urls for u in urls[name]}
    assert all("#offset=" in name for name in names.values())
    assert check_anchors(graph) > 10
    ketamine = URIRef(urls["crawl.warc.gz"][0])
    mentioned = {str(graph.value(t, OA.exact)) for t in graph.objects(None, OA.hasSelector)
                 if (t, RDF.type, OA.TextQuoteSelector) in graph}
    assert {"Ketamine", "NMDA receptor", "Esketamine"} <= mentioned
    assert (ketamine, RDF.type, KG.Document) in graph


@pytest.mark.slow
def test_a_crawl_builds_to_the_same_bytes_twice(crawl, tmp_path):
    corpus, _ = crawl
    _build(corpus, tmp_path / "one")
    _build(corpus, tmp_path / "two")
    assert (tmp_path / "one" / "graph.ttl").read_bytes() == (tmp_path / "two" / "graph.ttl").read_bytes()
    assert len(Graph().parse(tmp_path / "one" / "graph.ttl")) > 100
