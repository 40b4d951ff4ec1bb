"""What the corpus stage hands to the rest of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Document", "Furniture", "SkippedFile", "LoadWarning", "CorpusItem"]


@dataclass(frozen=True, slots=True)
class Furniture:
    """A stretch of page furniture: kept in the text, excluded from extraction.

    ``kind`` names the rule that recognised it (``"leave-a-reply"``,
    ``"phone-number"``, ``"post-date"`` ...).
    """

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Document:
    """One page, decoded, with the text that every offset indexes.

    Attributes
    ----------
    iri
        Stable document IRI (from the URL, else from ``file_name``).
    file_name
        Path relative to the corpus directory, ``/``-separated; for a line
        of a ``.jsonl`` file, ``"pages.jsonl#L3"``; for a WARC record, ``"crawl.warc.gz#offset=1234"``.
    text
        Exactly the decoded file text (``.txt``/``.md``, line endings kept),
        or the main text extracted from HTML.
    content_hash
        ``"sha256:<hex>"`` of the raw bytes the document came from.
    encoding
        The codec the bytes were decoded with (``"utf-8"``, ``"utf-16"``,
        ``"windows-1252"`` ...).
    media_type
        ``"text/plain"``, ``"text/markdown"`` or ``"text/html"``.
    url, title, publisher, retrieved
        From the manifest, the jsonl record or the HTML; ``None`` when unknown.
    furniture
        Spans of page furniture, sorted by start.
    notes
        Degradations worth telling the user (``"not valid UTF-8; decoded as
        windows-1252"``); empty for a clean file.
    """

    iri: str
    file_name: str
    text: str
    content_hash: str
    encoding: str
    media_type: str
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    retrieved: str | None = None
    furniture: tuple[Furniture, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """An input that was not processed, with a one-line reason."""

    file: str
    reason: str


@dataclass(frozen=True, slots=True)
class LoadWarning:
    """Something wrong around the corpus that skipped no page (a manifest row for a missing file)."""

    file: str
    message: str


CorpusItem = Document | SkippedFile | LoadWarning
