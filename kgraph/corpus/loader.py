"""Load a corpus folder into documents, skipped files and warnings.

:func:`iter_corpus` is the one entry point: it walks the folder (see
:mod:`kgraph.corpus.walk`), reads the optional manifest, and yields, in a
deterministic order, a :class:`Document` per page, a :class:`SkippedFile`
per input that could not become a page, and a :class:`LoadWarning` per
problem around the corpus (manifest rows). Bad input never raises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from kgraph.corpus.decoding import Rejected, content_hash, decode_bytes, read_page_bytes
from kgraph.corpus.furniture import find_furniture
from kgraph.corpus.html import HtmlPage, declared_charset, extract_html
from kgraph.corpus.jsonl import JsonlRecord, iter_jsonl
from kgraph.corpus.manifest import Manifest, ManifestEntry, manifest_key, read_manifest, unmatched_rows
from kgraph.corpus.records import CorpusItem, Document, LoadWarning, SkippedFile
from kgraph.corpus.walk import MEDIA_TYPES, PageFile, walk_corpus
from kgraph.corpus.warc import WARC_SUFFIXES, WarcRecord, iter_warc
from kgraph.errors import CorpusError
from kgraph.iris import document_iri
from kgraph.limits import PageTimeout, time_limit

__all__ = ["iter_corpus", "load_page", "DEFAULT_MAX_PAGE_BYTES"]

DEFAULT_MAX_PAGE_BYTES = 2_000_000


def _document(
    file_name: str,
    text: str,
    raw: bytes,
    encoding: str,
    media_type: str,
    *,
    url: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    retrieved: str | None = None,
    notes: tuple[str, ...] = (),
) -> Document:
    return Document(
        iri=str(document_iri(url, file_name)),
        file_name=file_name,
        text=text,
        content_hash=content_hash(raw),
        encoding=encoding,
        media_type=media_type,
        url=url,
        title=title,
        publisher=publisher,
        retrieved=retrieved,
        furniture=find_furniture(text),
        notes=notes,
    )


def load_page(
    path: Path,
    file_name: str,
    media_type: str,
    entry: ManifestEntry | None = None,
    *,
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES,
) -> Document | SkippedFile:
    """Load one ``.txt``, ``.md`` or HTML file.

    Parameters
    ----------
    path
        The file to read.
    file_name
        Its name relative to the corpus folder, ``/``-separated.
    media_type
        ``"text/plain"``, ``"text/markdown"`` or ``"text/html"``.
    entry
        What the manifest says about the file, if anything.
    max_page_bytes
        Larger files are skipped before being read.

    Returns
    -------
    Document | SkippedFile
        For text files the document text is exactly the decoded file text.
    """
    raw = read_page_bytes(path, max_page_bytes)
    if isinstance(raw, Rejected):
        return SkippedFile(file_name, raw.reason)
    is_html = media_type == "text/html"
    decoded = decode_bytes(raw, declared=declared_charset(raw) if is_html else None)
    if isinstance(decoded, Rejected):
        return SkippedFile(file_name, decoded.reason)
    text, title, notes = decoded.text, None, decoded.notes
    if is_html:
        page = extract_html(decoded.text)
        if isinstance(page, Rejected):
            return SkippedFile(file_name, page.reason)
        text, title, notes = page.text, page.title, notes + page.notes
    entry = entry or ManifestEntry(file_name, 0)
    return _document(
        file_name,
        text,
        raw,
        decoded.encoding,
        media_type,
        url=entry.url,
        title=entry.title or title,
        publisher=entry.publisher,
        retrieved=entry.retrieved,
        notes=notes,
    )


def _jsonl_document(record: JsonlRecord, defaults: ManifestEntry | None) -> Document | SkippedFile:
    """A document from a jsonl line; a manifest row for the ``.jsonl`` file gives defaults."""
    notes = record.notes
    if record.text is not None:
        text, media_type, title = record.text, "text/plain", record.title
    else:
        page: HtmlPage | Rejected = extract_html(record.html or "")
        if isinstance(page, Rejected):
            return SkippedFile(record.file_name, page.reason)
        text, media_type, title = page.text, "text/html", record.title or page.title
        notes += page.notes
    return _document(
        record.file_name,
        text,
        record.raw,
        "utf-8",
        media_type,
        url=record.url,
        title=title,
        publisher=record.publisher or (defaults.publisher if defaults else None),
        retrieved=record.retrieved or (defaults.retrieved if defaults else None),
        notes=notes,
    )


def _warc_document(record: WarcRecord, defaults: ManifestEntry | None) -> Document | SkippedFile:
    """A document from a WARC response record: the HTTP charset first, then the page's own, then detection."""
    is_html = record.media_type == "text/html"
    declared = record.charset or (declared_charset(record.raw) if is_html else None)
    decoded = decode_bytes(record.raw, declared=declared)
    if isinstance(decoded, Rejected):
        return SkippedFile(record.file_name, decoded.reason)
    text, title, notes = decoded.text, None, record.notes + decoded.notes
    if is_html:
        page = extract_html(decoded.text)
        if isinstance(page, Rejected):
            return SkippedFile(record.file_name, page.reason)
        text, title, notes = page.text, page.title, notes + page.notes
    return _document(
        record.file_name,
        text,
        record.raw,
        decoded.encoding,
        record.media_type,
        url=record.url,
        title=title,
        publisher=defaults.publisher if defaults else None,
        retrieved=record.retrieved or (defaults.retrieved if defaults else None),
        notes=notes,
    )


def _limited(file_name: str, seconds: float, load: Callable[[], Document | SkippedFile]) -> Document | SkippedFile:
    """``load()`` under the ``--max-page-seconds`` limit (HTML extraction can be slow on hostile markup)."""
    try:
        with time_limit(seconds):
            return load()
    except PageTimeout:
        return SkippedFile(file_name, f"loading took longer than --max-page-seconds {seconds:g}; "
                                      "raise the limit (0 for none) to include it")


def _load(item: PageFile, manifest: Manifest, max_page_bytes: int, seconds: float) -> Iterator[Document | SkippedFile]:
    entry = manifest.get(item.file_name)
    if item.suffix in WARC_SUFFIXES:  # one page per response record; the manifest row gives defaults
        for page in iter_warc(item.path, item.file_name, max_page_bytes=max_page_bytes):
            yield page if isinstance(page, SkippedFile) else _limited(page.file_name, seconds,
                                                                       lambda: _warc_document(page, entry))
        return
    if item.suffix != ".jsonl":
        media_type = MEDIA_TYPES[item.suffix]
        yield _limited(item.file_name, seconds,
                       lambda: load_page(item.path, item.file_name, media_type, entry, max_page_bytes=max_page_bytes))
        return
    for record in iter_jsonl(item.path, item.file_name, max_page_bytes=max_page_bytes):
        if isinstance(record, SkippedFile):
            yield record
        else:
            yield _limited(record.file_name, seconds, lambda: _jsonl_document(record, entry))


def _unique_iri(document: Document, owners: dict[str, str]) -> Document | SkippedFile:
    """The document with an IRI no earlier document has (two rows giving one URL would merge two pages)."""
    if document.iri not in owners:
        owners[document.iri] = document.file_name
        return document
    first = owners[document.iri]
    minted = str(document_iri(None, document.file_name))
    if minted in owners:
        return SkippedFile(document.file_name, f"same document IRI as {first!r} ({document.iri}); give it its own url")
    owners[minted] = document.file_name
    note = f"url {document.url!r} already names {first!r}; IRI minted from the file name"
    return replace(document, iri=minted, notes=(*document.notes, note))


def _check_arguments(corpus_dir: Path, max_page_bytes: int, max_page_seconds: float) -> Path:
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.exists():
        raise CorpusError(
            f"corpus folder {str(corpus_dir)!r} does not exist; "
            "give the folder holding the .txt/.md/.html/.jsonl/.warc pages (or omit it to use the sample corpus)"
        )
    if not corpus_dir.is_dir():
        raise CorpusError(
            f"corpus path {str(corpus_dir)!r} is not a folder; give the folder that contains the pages, not a file"
        )
    if isinstance(max_page_bytes, bool) or not isinstance(max_page_bytes, int) or max_page_bytes < 1:
        raise CorpusError(f"--max-page-bytes must be a positive whole number of bytes, got {max_page_bytes!r}")
    if isinstance(max_page_seconds, bool) or not isinstance(max_page_seconds, (int, float)) or not (
        0 <= max_page_seconds < float("inf")
    ):
        raise CorpusError(f"--max-page-seconds must be a finite number of seconds, 0 or more, got {max_page_seconds!r}")
    return corpus_dir


def iter_corpus(
    corpus_dir: Path, *, max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES, max_page_seconds: float = 0
) -> Iterator[CorpusItem]:
    """Documents, skipped files and warnings of a corpus folder, in a deterministic order.

    Parameters
    ----------
    corpus_dir
        Folder of ``.txt``, ``.md``, ``.html``/``.htm``, ``.jsonl`` and ``.warc``/``.warc.gz``
        pages, read recursively, with an optional ``manifest.csv`` at its root.
    max_page_bytes
        Pages (files, lines of a ``.jsonl`` file, records of a WARC file) larger than this are skipped.
    max_page_seconds
        A page that takes longer to load (decode, HTML extraction, furniture) is
        skipped; 0 for no limit (see :func:`kgraph.limits.time_limit`).

    Yields
    ------
    Document | SkippedFile | LoadWarning
        First the manifest's warnings, then one item per page or skipped input,
        sorted by ``/``-separated relative path (``.jsonl`` lines and WARC records in file order).

    Raises
    ------
    CorpusError
        Only when ``corpus_dir`` does not exist or is not a folder (checked at
        call time, before iteration starts), or a limit is out of range.

    Examples
    --------
    >>> from kgraph.corpus import iter_corpus, Document
    >>> docs = [d for d in iter_corpus(Path("corpus")) if isinstance(d, Document)]  # doctest: +SKIP
    """
    corpus_dir = _check_arguments(corpus_dir, max_page_bytes, max_page_seconds)
    return _iter_items(corpus_dir, max_page_bytes, max_page_seconds)


def _iter_items(corpus_dir: Path, max_page_bytes: int, max_page_seconds: float) -> Iterator[CorpusItem]:
    manifest = read_manifest(corpus_dir)
    found = walk_corpus(corpus_dir)
    seen = {manifest_key(item.file_name if isinstance(item, PageFile) else item.file) for item in found}
    warnings: list[LoadWarning] = [*manifest.warnings, *unmatched_rows(manifest, seen, corpus_dir)]
    yield from warnings
    owners: dict[str, str] = {}  # document IRI -> file name of the document that has it
    for item in found:
        if isinstance(item, SkippedFile):
            yield item
            continue
        for loaded in _load(item, manifest, max_page_bytes, max_page_seconds):
            yield _unique_iri(loaded, owners) if isinstance(loaded, Document) else loaded
