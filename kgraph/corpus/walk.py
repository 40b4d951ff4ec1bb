"""Find the page files of a corpus folder, in a deterministic order, without loops.

Symbolic links to folders are followed once: a folder already read (a loop,
or a second link to the same folder) is reported, not read again. Hidden
files and folders are skipped silently, as are files of types kgraph does
not read, except document types people expect to work (``.pdf``, ``.docx``),
which are reported as unsupported. A WARC file's type is its double
extension (``.warc.gz``).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kgraph.corpus.records import SkippedFile

__all__ = ["PageFile", "MEDIA_TYPES", "UNSUPPORTED_SUFFIXES", "file_suffix", "walk_corpus"]

MEDIA_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".jsonl": "application/jsonl",
    ".warc": "application/warc",
    ".warc.gz": "application/warc",
}
UNSUPPORTED_SUFFIXES = frozenset({".pdf", ".doc", ".docx", ".odt", ".rtf", ".epub", ".pages"})
_MANIFEST = "manifest.csv"


def file_suffix(name: str) -> str:
    """Lower-case extension that decides how a file is read; ``.warc.gz`` counts as one.

    Examples
    --------
    >>> file_suffix("CC-MAIN-0001.warc.GZ"), file_suffix("notes.tar.gz"), file_suffix("a.HTML")
    ('.warc.gz', '.gz', '.html')
    """
    lower = name.lower()
    return ".warc.gz" if lower.endswith(".warc.gz") else PurePosixPath(lower).suffix


@dataclass(frozen=True, slots=True)
class PageFile:
    """A file the loader should read.

    Attributes
    ----------
    file_name
        Path relative to the corpus folder, ``/``-separated.
    path
        Where to read it.
    suffix
        Lower-case extension, a key of :data:`MEDIA_TYPES`.
    """

    file_name: str
    path: Path
    suffix: str


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "named pipe"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "device")):
        if test(mode):
            return name
    return "special file"


_LOOP_REASON = "symbolic link to a folder already read (a loop or a duplicate); not followed"


@dataclass
class _Walk:
    """Walk state: folders to read, symbolic links to folders (read last), folders seen."""

    pending: list[tuple[str, Path]]
    links: list[tuple[str, Path, tuple[int, int]]]
    visited: set[tuple[int, int]]


def _entry_items(entry: os.DirEntry[str], rel: str, walk: _Walk) -> PageFile | SkippedFile | None:
    """Classify one directory entry; folders to read go onto the walk's lists."""
    suffix = file_suffix(entry.name)
    try:
        info = os.stat(entry.path)  # follows symbolic links
    except OSError as error:
        if suffix not in MEDIA_TYPES and suffix not in UNSUPPORTED_SUFFIXES and suffix:
            return None  # a dangling link to something we would ignore anyway
        detail = error.strerror or str(error)
        prefix = "broken symbolic link" if entry.is_symlink() else "cannot read file"
        return SkippedFile(rel, f"{prefix} ({detail})")
    if stat.S_ISDIR(info.st_mode):
        key = (info.st_dev, info.st_ino)
        if entry.is_symlink():
            # Linked folders are read after all real ones, so a folder is read under its own name.
            walk.links.append((rel, Path(entry.path), key))
        elif key in walk.visited:
            return SkippedFile(rel + "/", _LOOP_REASON)
        else:
            walk.visited.add(key)
            walk.pending.append((rel, Path(entry.path)))
        return None
    if suffix in UNSUPPORTED_SUFFIXES:
        return SkippedFile(rel, f"unsupported file type ({suffix}); convert it to .txt or .html to include it")
    if suffix not in MEDIA_TYPES or rel == _MANIFEST:
        return None
    if not stat.S_ISREG(info.st_mode):
        return SkippedFile(rel, f"not a regular file ({_kind(info.st_mode)})")
    return PageFile(rel, Path(entry.path), suffix)


def _undecodable_name(entry: os.DirEntry[str], rel: str) -> SkippedFile | None:
    """A folder, or a file kgraph would read, whose name is not UTF-8 (other files are ignored as usual)."""
    shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    try:
        is_folder = entry.is_dir()  # follows symbolic links
    except OSError:
        is_folder = False
    if is_folder:
        return SkippedFile(shown + "/", "folder name is not valid UTF-8; rename the folder to read what it holds")
    suffix = file_suffix(entry.name)
    if suffix in MEDIA_TYPES or suffix in UNSUPPORTED_SUFFIXES:
        return SkippedFile(shown, "file name is not valid UTF-8; rename the file")
    return None


def walk_corpus(corpus_dir: Path) -> list[PageFile | SkippedFile]:
    """Every page file under ``corpus_dir`` and every file or folder that could not be read.

    Parameters
    ----------
    corpus_dir
        An existing folder.

    Returns
    -------
    list[PageFile | SkippedFile]
        Sorted by ``/``-separated relative path (code-point order), so the
        order does not depend on the file system. Unreadable folders appear
        as a ``SkippedFile`` whose name ends with ``/``.
    """
    root = os.stat(corpus_dir)
    walk = _Walk([("", corpus_dir)], [], {(root.st_dev, root.st_ino)})
    found: list[PageFile | SkippedFile] = []
    while walk.pending or walk.links:
        if not walk.pending:
            rel, path, key = walk.links.pop(0)
            if key in walk.visited:
                found.append(SkippedFile(rel + "/", _LOOP_REASON))
            else:
                walk.visited.add(key)
                walk.pending.append((rel, path))
            continue
        rel_dir, folder = walk.pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            found.append(SkippedFile(rel_dir + "/", f"cannot read folder ({error.strerror or error})"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                rel.encode("utf-8")
            except UnicodeEncodeError:  # undecodable bytes in a name arrive as lone surrogates
                skipped = _undecodable_name(entry, rel)
                if skipped is not None:
                    found.append(skipped)
                continue
            item = _entry_items(entry, rel, walk)
            if item is not None:
                found.append(item)
    return sorted(found, key=lambda item: item.file_name if isinstance(item, PageFile) else item.file)
