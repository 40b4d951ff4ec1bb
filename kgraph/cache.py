"""The build cache: each page's part of the graph, kept between builds.

A rebuild of an unchanged corpus does no NLP work: each page's entry holds
its triples (N-Triples) and the counts the summary shows, so a cached page
costs a file read. An entry is keyed by a SHA-256 of

- everything about the page: file name, IRI, manifest fields, encoding,
  furniture, notes, and the text itself;
- everything about the pipeline: kgraph's source code and data files
  (:func:`code_digest`, which covers the ontology and rule files too), the
  spaCy model's name and version, spaCy's version, and the limits that
  change what the model sees (:data:`kgraph.limits.MAX_CHUNK_CHARS`).

So one changed page is extracted again, every other page is read back; a
new kgraph, model or rule file starts over. Pages that were skipped (out of
time, a component failure) are never cached, so they are retried.

A build also leaves what it made from the whole corpus (:class:`BuildOutputs`:
the findings it added to the graph and the files it wrote), keyed by the
keys of all its pages in order, the files it skipped and the warnings: a
rebuild of the same corpus by the same pipeline reads them back instead of
analysing and writing again. Analysis and reports depend on the whole
corpus, so one changed page makes a new key.

The cache lives in ``--cache-dir``, by default ``$KGRAPH_CACHE_DIR``, else
``$XDG_CACHE_HOME/kgraph``, else ``~/.cache/kgraph``; never inside the
output folder, so a build into a fresh ``--out`` still reuses it. Entries
are written to a temporary file and renamed, so concurrent workers and
killed builds leave whole entries or none; an entry that does not read back
(truncated, corrupted, from another format) counts as a miss and is
overwritten. Nothing is ever evicted: delete the folder to reclaim the space.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

from kgraph.corpus.records import Document
from kgraph.errors import UsageError
from kgraph.graph.document import DocumentTriples
from kgraph.pipeline.records import NewConcept

__all__ = [
    "CACHE_ENV",
    "BuildEntry",
    "PageCache",
    "PageResult",
    "check_cache_dir",
    "code_digest",
    "default_cache_dir",
]

CACHE_ENV = "KGRAPH_CACHE_DIR"
_MAGIC = b"kgraph page cache 1\n"
_BUILD_FORMAT = "kgraph build cache 1"
_CHUNK = 8_000_000
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# kgraph build cache (https://bford.info/cachedir/)\n"


@dataclass(frozen=True, slots=True)
class PageResult:
    """What one page adds to a build: its part of the graph and the figures of the summary."""

    file_name: str
    mentions: tuple[tuple[str, int], ...]  # (entity type, count), sorted by type
    notes: tuple[str, ...]  # what degraded while loading the page (kg:loadNote)
    triples: DocumentTriples


@dataclass(frozen=True, slots=True)
class BuildEntry:
    """A whole build kept in the cache: the findings it added to the graph and the files it wrote.

    A folder of compressed files with a manifest of their SHA-256 digests;
    files are checked as they are copied out, so a damaged entry is noticed
    before any of it is used as a whole.
    """

    folder: Path
    findings: tuple[tuple[str, int], ...]  # (finding type, count), sorted
    files: tuple[str, ...]  # names of the files written into the output folder
    digests: dict

    def ntriples(self) -> bytes:
        """The findings' triples (N-Triples, as :func:`kgraph.graph.ntriples.ntriples` wrote them)."""
        data = zlib.decompress((self.folder / "findings.nt.z").read_bytes())
        if hashlib.sha256(data).hexdigest() != self.digests["findings.nt"]:
            raise ValueError("damaged build entry")
        return data

    def copy(self, name: str, handle) -> None:
        """Write the file ``name`` into the open binary ``handle``; ValueError when it does not check out."""
        digest, inflate = hashlib.sha256(), zlib.decompressobj()
        with open(self.folder / f"{name}.z", "rb") as packed:
            while chunk := packed.read(_CHUNK):
                data = inflate.decompress(chunk)
                digest.update(data)
                handle.write(data)
        data = inflate.flush()
        digest.update(data)
        handle.write(data)
        if not inflate.eof or digest.hexdigest() != self.digests[name]:
            raise ValueError(f"damaged build entry ({name})")


def default_cache_dir() -> Path:
    """``$KGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/kgraph``, else ``~/.cache/kgraph``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "kgraph"


def check_cache_dir(cache_dir: Path, out_dir: Path | None) -> Path:
    """``cache_dir``, refused when it is ``out_dir`` or inside it.

    Raises
    ------
    UsageError
        The cache would be inside the output folder (a fresh ``--out`` must still find it).
    """
    cache_dir = Path(cache_dir).expanduser()
    if out_dir is not None:
        cache_abs, out_abs = Path(os.path.abspath(cache_dir)), Path(os.path.abspath(out_dir))
        if cache_abs == out_abs or out_abs in cache_abs.parents:
            raise UsageError(f"--cache-dir {cache_dir} is inside --out {out_dir}; the cache must outlive the "
                             "output folder: give a folder outside it (or leave --cache-dir out to use "
                             f"{default_cache_dir()})")
    if cache_dir.exists() and not cache_dir.is_dir():
        raise UsageError(f"--cache-dir {cache_dir} is a file; give a folder (it is created if missing)")
    return cache_dir


@cache
def code_digest() -> str:
    """A digest of every file of the kgraph package (code, rules, report templates) and of the ontology."""
    from kgraph.ontology_files import ontology_dir

    package = Path(__file__).parent
    files = sorted(f for f in package.rglob("*") if f.is_file() and "__pycache__" not in f.parts)
    files += sorted(ontology_dir().rglob("*.ttl"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(path.parents[1]).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


class PageCache:
    """Page results on disk, keyed by page and pipeline (see the module docstring).

    Parameters
    ----------
    directory
        The cache folder (created when the first entry is written).
    identity
        What identifies the pipeline beyond kgraph's own files: model name
        and version, spaCy version, limits. Part of every key.
    """

    def __init__(self, directory: Path, identity: str) -> None:
        self.directory = Path(directory)
        self._salt = f"{_MAGIC.decode().strip()}\0{code_digest()}\0{identity}\0"

    def key(self, document: Document) -> str:
        """The entry key of ``document``: every field of it (the text too) and the pipeline."""
        return hashlib.sha256((self._salt + repr(document)).encode("utf-8", "surrogatepass")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / "pages" / key[:2] / key

    def get(self, key: str) -> PageResult | None:
        """The cached result, or ``None`` when there is none or it does not read back whole."""
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        try:
            return _decode(data)
        except (ValueError, KeyError, TypeError, zlib.error, UnicodeDecodeError):
            return None  # truncated or corrupted: a miss, overwritten by the next put

    def put(self, key: str, page: PageResult) -> None:
        """Store ``page`` under ``key`` atomically; a cache that cannot be written is skipped, not fatal."""
        self._write(self._path(key), _encode(page))

    def build_key(self, page_keys: list[str], skipped: list, warnings: list) -> str:
        """The key of a whole build: its pages' keys in order, the files it skipped and the warnings."""
        digest = hashlib.sha256(self._salt.encode("utf-8"))
        for key in page_keys:
            digest.update(key.encode("ascii") + b"\n")
        digest.update(repr((sorted((s.file, s.reason) for s in skipped), [(w.file, w.message) for w in warnings]))
                      .encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _build_folder(self, key: str) -> Path:
        return self.directory / "builds" / key[:2] / key

    def get_build(self, key: str) -> BuildEntry | None:
        """The build of ``key`` as kept, or ``None``."""
        folder = self._build_folder(key)
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            if manifest["format"] != _BUILD_FORMAT:
                return None
            return BuildEntry(folder, tuple((str(kind), int(n)) for kind, n in manifest["findings"]),
                              tuple(str(name) for name in manifest["files"]), dict(manifest["digests"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put_build(self, key: str, findings_ntriples: BinaryIO, findings: tuple[tuple[str, int], ...],
                  files: list[Path]) -> None:
        """Keep what the build of ``key`` made: the findings' triples and the ``files`` it wrote.

        ``findings_ntriples`` is a binary file of the findings' N-Triples, read
        from where it stands to its end. The files are streamed in, compressed, into
        a hidden folder that is renamed into place when complete. Skipped if the
        cache cannot be written.
        """
        final = self._build_folder(key)
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            self._tag()
            work = Path(tempfile.mkdtemp(prefix=f".{key[:16]}.", suffix=".tmp", dir=final.parent))
        except OSError:
            return
        try:
            digests = {"findings.nt": _pack_stream(findings_ntriples, work / "findings.nt.z")}
            for path in files:
                digests[path.name] = _pack(path, work / f"{path.name}.z")
            manifest = {"format": _BUILD_FORMAT, "findings": findings, "files": [path.name for path in files],
                        "digests": digests}
            (work / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            if final.exists():  # another build of the same corpus got there first
                shutil.rmtree(final, ignore_errors=True)
            os.rename(work, final)
        except BaseException as error:
            shutil.rmtree(work, ignore_errors=True)
            if not isinstance(error, OSError):
                raise

    def _write(self, path: Path, data: bytes) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._tag()
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:16]}.", suffix=".tmp", dir=path.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException as error:  # a killed or timed-out page must not leave a half entry
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if not isinstance(error, OSError):
                raise

    def _tag(self) -> None:
        tag = self.directory / "CACHEDIR.TAG"  # backup tools skip a folder tagged so
        if not tag.exists():
            with contextlib.suppress(OSError):
                tag.write_text(_TAG, encoding="utf-8")


def _encode(page: PageResult) -> bytes:
    part = page.triples
    head = {
        "file_name": page.file_name, "mentions": page.mentions, "notes": page.notes, "iri": part.iri,
        "content_hash": part.content_hash, "concepts": part.concepts, "generated": part.generated,
        "new_concepts": [[c.iri, c.label, c.entity_type, c.rule, c.source_kind] for c in part.new_concepts],
    }
    body = json.dumps(head, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n" + part.ntriples
    return _MAGIC + hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + zlib.compress(body, 1)


def _decode(data: bytes) -> PageResult:
    if not data.startswith(_MAGIC):
        raise ValueError("not a kgraph cache entry")
    digest, packed = data[len(_MAGIC):len(_MAGIC) + 64], data[len(_MAGIC) + 65:]
    body = zlib.decompress(packed)
    if hashlib.sha256(body).hexdigest().encode("ascii") != digest:
        raise ValueError("damaged cache entry")
    line, _, ntriples = body.partition(b"\n")
    head = json.loads(line.decode("utf-8", "surrogatepass"))
    part = DocumentTriples(head["iri"], head["content_hash"], ntriples, tuple(head["concepts"]),
                           tuple(NewConcept(*c) for c in head["new_concepts"]), tuple(head["generated"]))
    return PageResult(head["file_name"], tuple((kind, int(n)) for kind, n in head["mentions"]),
                      tuple(head["notes"]), part)



def _pack(source: Path, target: Path) -> str:
    """Compress ``source`` into ``target`` chunk by chunk; the SHA-256 of the source."""
    with open(source, "rb") as plain:
        return _pack_stream(plain, target)


def _pack_stream(plain: BinaryIO, target: Path) -> str:
    """Compress what ``plain`` holds from where it stands into ``target``, chunk by chunk; its SHA-256."""
    digest, deflate = hashlib.sha256(), zlib.compressobj(1)
    with open(target, "wb") as packed:
        while chunk := plain.read(_CHUNK):
            digest.update(chunk)
            packed.write(deflate.compress(chunk))
        packed.write(deflate.flush())
    return digest.hexdigest()
