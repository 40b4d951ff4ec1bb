"""JSON Lines corpus files: one page per line.

Each line is an object with ``url``, ``text`` or ``html``, and optionally
``publisher``, ``title``, ``retrieved``. A page is named
``"pages.jsonl#L3"`` (1-based line number). A bad line becomes a
:class:`~kgraph.corpus.records.SkippedFile` for that name; the other lines
still load. Blank lines are ignored.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kgraph.corpus.decoding import os_error_reason
from kgraph.corpus.manifest import valid_url
from kgraph.corpus.records import SkippedFile

__all__ = ["JsonlRecord", "parse_jsonl_line", "iter_jsonl"]

_STRING_FIELDS = ("url", "text", "html", "publisher", "title", "retrieved")
_CHUNK = 1 << 16
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class JsonlRecord:
    """One well-formed line of a ``.jsonl`` file, not yet a document.

    Exactly one of ``text`` and ``html`` is set (``text`` wins when a line has both).
    ``raw`` holds the line's bytes without its line break, for the content hash.
    """

    file_name: str
    raw: bytes
    text: str | None
    html: str | None
    url: str | None = None
    publisher: str | None = None
    title: str | None = None
    retrieved: str | None = None
    notes: tuple[str, ...] = ()


def parse_jsonl_line(raw: bytes, file_name: str, *, first: bool = False) -> JsonlRecord | SkippedFile | None:
    """Parse one line (without its line break); ``None`` for a blank line.

    Examples
    --------
    >>> parse_jsonl_line(b'{"url": "https://a.example/", "text": "Ketamine."}', "p.jsonl#L1").text
    'Ketamine.'
    >>> parse_jsonl_line(b'{"url": 1}', "p.jsonl#L2").reason
    "field 'url' must be a string, got int"
    """
    if first and raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return SkippedFile(file_name, f"not valid UTF-8 at byte {error.start} (JSON Lines files must be UTF-8)")
    if not line.strip():
        return None
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        return SkippedFile(file_name, f"invalid JSON: {error.msg} (column {error.colno})")
    except RecursionError:
        return SkippedFile(file_name, "invalid JSON (nested too deeply)")
    if not isinstance(data, dict):
        return SkippedFile(file_name, f"not a JSON object (got {type(data).__name__}); write one object per line")
    fields: dict[str, str | None] = {}
    for name in _STRING_FIELDS:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            return SkippedFile(file_name, f"field {name!r} must be a string, got {type(value).__name__}")
        surrogate = _SURROGATE.search(value or "")
        if surrogate is not None:  # JSON allows "\ud800" escapes that no UTF-8 text (or RDF file) can hold
            escape = surrogate.group().encode("unicode_escape").decode()
            return SkippedFile(file_name, f"field {name!r} holds an unpaired surrogate escape ({escape}); "
                                          "not valid Unicode text")
        fields[name] = value.strip() if value is not None and name not in ("text", "html") else value
    text, html = fields["text"], fields["html"]
    if text is None and html is None:
        return SkippedFile(file_name, "no 'text' or 'html' field; give the page text in one of them")
    if not (text if text is not None else html or "").strip():
        return SkippedFile(file_name, "empty 'text'" if text is not None else "empty 'html'")
    notes: list[str] = []
    url = fields["url"] or None
    if url is None:
        notes.append("no url in the JSON line; IRI minted from the file name")
    elif not valid_url(url):
        notes.append(f"url {url!r} is not an absolute http(s) URL; IRI minted from the file name")
        url = None
    return JsonlRecord(
        file_name,
        raw,
        text,
        html if text is None else None,
        url,
        fields["publisher"] or None,
        fields["title"] or None,
        fields["retrieved"] or None,
        tuple(notes),
    )


def _read_line(handle: BinaryIO, limit: int) -> tuple[bytes | None, int, bool]:
    """Next line without its break: ``(bytes or None if too long, byte length, more lines follow)``."""
    chunk = handle.readline(limit + 2)  # room for "\r\n"
    if not chunk.endswith(b"\n") and len(chunk) > limit:
        size = len(chunk)
        while True:  # too long: drop the rest of the line without keeping it in memory
            rest = handle.readline(_CHUNK)
            size += len(rest)
            if not rest or rest.endswith(b"\n"):
                return None, size - rest.endswith(b"\n"), bool(rest)
    ended = chunk.endswith(b"\n")
    line = chunk[:-1] if ended else chunk
    line = line[:-1] if line.endswith(b"\r") else line
    if len(line) > limit:
        return None, len(line), ended
    return line, len(line), ended


def iter_jsonl(path: Path, file_name: str, *, max_page_bytes: int) -> Iterator[JsonlRecord | SkippedFile]:
    """Records and skipped lines of one ``.jsonl`` file, in line order.

    The ``--max-page-bytes`` limit applies to each line, not to the file.
    A file that cannot be opened is one ``SkippedFile`` named ``file_name``.
    """
    try:
        with open(path, "rb") as handle:
            number = 0
            more = True
            pages = 0
            while more:
                number += 1
                name = f"{file_name}#L{number}"
                raw, size, more = _read_line(handle, max_page_bytes)
                if raw is None:
                    pages += 1
                    yield SkippedFile(name, f"{size} bytes exceeds --max-page-bytes {max_page_bytes}")
                    continue
                if not more and not raw:
                    break  # the empty "line" after a final newline
                record = parse_jsonl_line(raw, name, first=number == 1)
                if record is not None:
                    pages += 1
                    yield record
    except OSError as error:
        yield SkippedFile(file_name, os_error_reason(error))
        return
    if pages == 0:
        yield SkippedFile(file_name, "empty file")
