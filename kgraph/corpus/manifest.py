"""The optional ``manifest.csv`` of a corpus: url, publisher, title, retrieved per file.

Per CONTRACT.md: column ``file`` (path relative to the corpus folder) is
required; ``url``, ``publisher``, ``title``, ``retrieved`` are used when
present; other columns are ignored; empty cells mean unknown. Nothing in a
manifest stops a run: each bad row is a :class:`~kgraph.corpus.records.LoadWarning`
and the other rows are still used.
"""

from __future__ import annotations

import csv
import io
import posixpath
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from kgraph.corpus.decoding import Decoded, decode_bytes, read_page_bytes
from kgraph.corpus.records import LoadWarning

__all__ = [
    "MANIFEST_NAME",
    "ManifestEntry",
    "Manifest",
    "read_manifest",
    "parse_manifest",
    "unmatched_rows",
    "manifest_key",
    "valid_url",
]

MANIFEST_NAME = "manifest.csv"
_FIELDS = ("url", "publisher", "title", "retrieved")
_MAX_MANIFEST_BYTES = 64_000_000


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """What the manifest says about one file; ``None`` for unknown."""

    file: str
    line: int
    url: str | None = None
    publisher: str | None = None
    title: str | None = None
    retrieved: str | None = None


@dataclass(frozen=True, slots=True)
class Manifest:
    """The usable rows of a manifest, keyed by :func:`manifest_key`, and its warnings."""

    entries: dict[str, ManifestEntry] = field(default_factory=dict)
    warnings: tuple[LoadWarning, ...] = ()

    def get(self, file_name: str) -> ManifestEntry | None:
        """The entry for a corpus-relative, ``/``-separated file name, if any."""
        return self.entries.get(manifest_key(file_name))


def manifest_key(file_name: str) -> str:
    """Lookup key of a file name: NFC-normalized, so macOS (NFD) names match typed ones."""
    return unicodedata.normalize("NFC", file_name)


def valid_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL usable as a document IRI.

    Examples
    --------
    >>> valid_url("https://clinic.example/page"), valid_url("clinic.example/page")
    (True, False)
    """
    if any(char.isspace() or char in '<>"{}|\\^`' for char in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _clean_path(value: str) -> tuple[str | None, str | None]:
    """``(normalized path, None)`` or ``(None, why it is unusable)``."""
    path = value.replace("\\", "/")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return None, f"file {value!r} is an absolute path; give it relative to the corpus folder"
    normal = posixpath.normpath(path)
    if normal == ".." or normal.startswith("../"):
        return None, f"file {value!r} points outside the corpus folder; give a path inside it"
    if normal == ".":
        return None, f"file {value!r} names the corpus folder itself, not a file"
    return normal, None


def parse_manifest(text: str) -> Manifest:
    """Parse manifest CSV text into entries and warnings (pure; never raises on bad CSV).

    Examples
    --------
    >>> m = parse_manifest("file,publisher,extra\\na.txt,PAX Institute,x\\n")
    >>> m.get("a.txt").publisher, m.warnings
    ('PAX Institute', ())
    """
    warnings: list[LoadWarning] = []

    def warn(message: str) -> None:
        warnings.append(LoadWarning(MANIFEST_NAME, message))

    reader = csv.reader(io.StringIO(text, newline=""))
    entries: dict[str, ManifestEntry] = {}
    try:
        header = next(reader, None)
        columns = [name.strip().lower() for name in header or []]
        if "file" not in columns:
            warn(f"{MANIFEST_NAME} has no 'file' column; ignored (columns found: {columns})")
            return Manifest({}, tuple(warnings))
        index = {name: columns.index(name) for name in ("file", *_FIELDS) if name in columns}
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                warn(f"line {line}: expected {len(columns)} fields, found {len(row)}; row ignored")
                continue
            cells = {name: (row[i].strip() or None) for name, i in index.items()}
            if cells["file"] is None:
                warn(f"line {line}: empty 'file' cell; row ignored")
                continue
            path, problem = _clean_path(cells["file"])
            if path is None:
                warn(f"line {line}: {problem}; row ignored")
                continue
            key = manifest_key(path)
            if key in entries:
                warn(f"line {line}: second row for {path!r} (first on line {entries[key].line}); row ignored")
                continue
            url = cells.get("url")
            if url is not None and not valid_url(url):
                warn(f"line {line}: url {url!r} is not an absolute http(s) URL; ignored, IRI minted from the path")
                url = None
            entries[key] = ManifestEntry(
                path, line, url, cells.get("publisher"), cells.get("title"), cells.get("retrieved")
            )
    except csv.Error as error:
        warn(f"line {reader.line_num}: not valid CSV ({error}); this and later rows ignored")
    return Manifest(entries, tuple(warnings))


def read_manifest(corpus_dir: Path) -> Manifest:
    """Read ``corpus_dir/manifest.csv``; an empty :class:`Manifest` when there is none.

    A manifest that cannot be read or is not text gives one warning and no entries.
    """
    path = corpus_dir / MANIFEST_NAME
    if not path.exists() and not path.is_symlink():
        return Manifest()
    raw = read_page_bytes(path, _MAX_MANIFEST_BYTES)
    decoded = raw if not isinstance(raw, bytes) else decode_bytes(raw)
    if not isinstance(decoded, Decoded):
        if decoded.reason == "empty file":
            return Manifest()
        return Manifest({}, (LoadWarning(MANIFEST_NAME, f"{MANIFEST_NAME} ignored: {decoded.reason}"),))
    return parse_manifest(decoded.text)


def unmatched_rows(manifest: Manifest, seen: Collection[str], corpus_dir: Path) -> list[LoadWarning]:
    """Warnings for manifest rows naming no page of the corpus.

    Parameters
    ----------
    manifest
        The parsed manifest.
    seen
        :func:`manifest_key` of every file the walk found (loaded or skipped).
    corpus_dir
        The corpus folder, to tell a missing file from one kgraph does not read.
    """
    warnings = []
    for key, entry in sorted(manifest.entries.items(), key=lambda item: item[1].line):
        if key in seen:
            continue
        try:
            exists = (corpus_dir / entry.file).exists()
        except (OSError, ValueError):
            exists = False
        if exists:
            problem = "is not a page kgraph reads (hidden, or not .txt/.md/.html/.htm/.jsonl/.warc/.warc.gz)"
        else:
            problem = "does not exist"
        warnings.append(LoadWarning(MANIFEST_NAME, f"line {entry.line}: file {entry.file!r} {problem}; row ignored"))
    return warnings
