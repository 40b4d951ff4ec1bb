"""WARC files (web crawls, e.g. Common Crawl): one page per HTML or text response record.

Records are read with warcio, one at a time: a crawl file of any size never
sits in memory, and ``--max-page-bytes`` applies to each record's payload.
A page is named by the record's byte offset in the file,
``"crawl.warc.gz#offset=1234"``: ``warcio extract crawl.warc.gz 1234`` and
Common Crawl's index address the same record that way.

Only ``response`` records with HTTP status 200 and an HTML or plain-text
content type are pages; ``request``, ``revisit``, ``metadata``, ``warcinfo``
records, redirects, errors, images and scripts are passed over silently. A
damaged file (cut short, corrupt gzip, not a WARC) becomes one
:class:`~kgraph.corpus.records.SkippedFile` for the file, saying where the
damage starts; the pages read before it are kept.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from kgraph.corpus.decoding import os_error_reason
from kgraph.corpus.manifest import valid_url
from kgraph.corpus.records import SkippedFile

__all__ = ["WARC_SUFFIXES", "WarcRecord", "iter_warc", "page_media_type"]

WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain", "text/markdown"})
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class WarcRecord:
    """One page-like response record of a WARC file, not yet a document.

    Attributes
    ----------
    file_name
        ``"<file>#offset=<byte offset of the record>"``.
    raw
        The HTTP payload (transfer and content encodings undone), for decoding and the content hash.
    media_type
        ``"text/html"`` (HTML and XHTML) or ``"text/plain"``.
    charset
        The charset the HTTP ``Content-Type`` header gives, or ``None``.
    url, retrieved
        ``WARC-Target-URI`` (``None`` when it is not an absolute http(s) URL) and ``WARC-Date``.
    notes
        Degradations to tell the user (a payload the crawler truncated, an unusable URL).
    """

    file_name: str
    raw: bytes
    media_type: str
    charset: str | None = None
    url: str | None = None
    retrieved: str | None = None
    notes: tuple[str, ...] = ()


def page_media_type(content_type: str | None) -> tuple[str | None, str | None]:
    """``(media type kgraph reads or None, charset or None)`` of an HTTP ``Content-Type`` value.

    Examples
    --------
    >>> page_media_type('text/html; charset="ISO-8859-1"')
    ('text/html', 'ISO-8859-1')
    >>> page_media_type("image/png")
    (None, None)
    """
    if not content_type:
        return None, None
    header = Message()
    header["content-type"] = content_type
    kind = header.get_content_type()
    media_type = "text/html" if kind in _HTML_TYPES else "text/plain" if kind in _TEXT_TYPES else None
    if media_type is None:
        return None, None
    charset = header.get_param("charset")
    return media_type, charset.strip() if isinstance(charset, str) and charset.strip() else None


def _page_type(record: ArcWarcRecord) -> tuple[str | None, str | None]:
    """What a record is as a page: ``(media type, charset)``, ``(None, None)`` when it is no page."""
    if record.rec_type != "response" or not record.http_headers:
        return None, None
    if record.http_headers.get_statuscode() != "200":
        return None, None
    # Common Crawl adds the type its detector found; use it when the server sent none.
    declared = record.http_headers.get_header("Content-Type") or record.rec_headers.get_header(
        "WARC-Identified-Payload-Type")
    return page_media_type(declared)


def _drain(stream: Any) -> None:
    while stream.read(_CHUNK):
        pass


def _cut_short(record: ArcWarcRecord) -> bool:
    """Whether the record's block ended before its ``Content-Length`` (or its header before that line)."""
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not declared.isdigit():  # warcio reads a missing or bad length as 0
        return True
    _drain(record.raw_stream)
    return isinstance(record.raw_stream, LimitReader) and record.raw_stream.limit > 0


def _read_page(record: ArcWarcRecord, max_page_bytes: int) -> tuple[str | None, str | None, bytes | str]:
    """``(media type, charset, payload or why it was not read)``; media type ``None`` for a non-page."""
    media_type, charset = _page_type(record)
    if media_type is None:
        return None, None, b""
    try:
        payload = record.content_stream().read(max_page_bytes + 1)  # never more than the limit in memory
    except Exception as error:  # noqa: BLE001 - a bad chunked or gzip payload spoils this record, not the file
        encoding = record.http_headers.get_header("Content-Encoding") or "chunked transfer"
        return media_type, charset, f"cannot decode the HTTP payload ({encoding}: {type(error).__name__})"
    if len(payload) > max_page_bytes:
        size = record.payload_length if record.payload_length > max_page_bytes else None
        told = f"{size} bytes" if size else f"more than {max_page_bytes} bytes"
        return media_type, charset, f"{told} exceeds --max-page-bytes {max_page_bytes}"
    return media_type, charset, payload


def _page(record: ArcWarcRecord, name: str, media_type: str, charset: str | None,
          payload: bytes | str) -> WarcRecord | SkippedFile:
    if isinstance(payload, str):
        return SkippedFile(name, payload)
    headers = record.rec_headers
    notes = []
    url = (headers.get_header("WARC-Target-URI") or "").strip() or None
    if url is not None and not valid_url(url):
        notes.append(f"WARC-Target-URI {url!r} is not an absolute http(s) URL; IRI minted from the file name")
        url = None
    truncated = headers.get_header("WARC-Truncated")
    if truncated:
        notes.append(f"the crawler truncated this payload (WARC-Truncated: {truncated}); the page may be incomplete")
    return WarcRecord(name, payload, media_type, charset, url, headers.get_header("WARC-Date"), tuple(notes))


def _damaged(file_name: str, records: int, where: int, detail: str) -> SkippedFile:
    kept = f"the {records} record(s) before it were read" if records else "no record could be read"
    return SkippedFile(file_name, f"damaged WARC file from byte {where} ({detail}); {kept}")


def _damage_detail(error: Exception) -> str:
    """What went wrong, in words (warcio raises bare ``AttributeError`` and the like on cut-off headers)."""
    message = " ".join(str(error).split())
    if "non-chunked gzip" in message:
        return "gzip of the whole file, not one gzip member per record; fix it with `warcio recompress`"
    if message.startswith("Unknown archive format"):
        return "not a WARC record header"
    if isinstance(error, (ArchiveLoadFailed, StatusAndHeadersParserException)):
        return message[:160]
    return f"unreadable record header ({type(error).__name__})"


def iter_warc(path: Path, file_name: str, *, max_page_bytes: int) -> Iterator[WarcRecord | SkippedFile]:
    """Page records and skipped records of one ``.warc`` or ``.warc.gz`` file, in file order.

    Parameters
    ----------
    path
        The file to read (plain, or gzip compressed one record per gzip member as crawlers write it).
    file_name
        Its name relative to the corpus folder; records are named ``file_name + "#offset=N"``.
    max_page_bytes
        A record whose payload is larger is skipped; at most this much of it is read.

    Yields
    ------
    WarcRecord | SkippedFile
        One item per HTML/text 200 response record; then, if the file is damaged
        (or cannot be opened, or holds no record), one ``SkippedFile`` named ``file_name``.
    """
    try:
        handle = open(path, "rb")
    except OSError as error:
        yield SkippedFile(file_name, os_error_reason(error))
        return
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if size == 0:
            yield SkippedFile(file_name, "empty file")
            return
        archive = ArchiveIterator(handle)
        records = iter(archive)
        count = 0
        while True:
            start = archive.offset  # where the next record begins, in the file's (compressed) bytes
            try:
                record = next(records)
                media_type, charset, payload = _read_page(record, max_page_bytes)
                short = _cut_short(record)
                offset = None if short else archive.get_record_offset()
            except StopIteration:
                break
            except Exception as error:  # noqa: BLE001 - any damage in a crawl file must skip it, not end the run
                yield _damaged(file_name, count, start, _damage_detail(error))
                return
            if offset is None:
                yield _damaged(file_name, count, start, "record cut short")
                return
            count += 1
            if media_type is not None:
                yield _page(record, f"{file_name}#offset={offset}", media_type, charset, payload)
        if archive.offset < size:  # warcio stops quietly at a gzip member or header cut short
            yield _damaged(file_name, count, archive.offset, f"{size - archive.offset} bytes left unreadable")
