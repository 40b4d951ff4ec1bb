"""Writing graphs: deterministic bytes, written atomically.

Turtle and N-Triples are written by Oxigraph's serializer (about 60 times
faster than rdflib's on a million triples), in one order that depends on the
triples only (:func:`canonical_dump`): the graph goes out of its store as
N-Triples, its lines are sorted bytewise (by GNU ``sort`` when there is one,
else in Python, in runs on disk merged; either way a graph larger than
memory sorts too), and Oxigraph writes them in that order, each
subject's triples together. The same graph gives the same bytes from an
rdflib graph or an Oxigraph store in memory or on disk, in whatever order
the triples were added.
"""

from __future__ import annotations

import contextlib
import glob
import heapq
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph

from kgraph.errors import GraphError
from kgraph.graph.ntriples import ntriples_copy, restore_exact
from kgraph.graph.store import TURTLE_PREFIXES, oxigraph_quads, oxigraph_store
from kgraph.limits import end_with_parent
from kgraph.namespaces import bind_prefixes

__all__ = ["FORMATS", "canonical_dump", "copy_to_turtle", "process_exists", "serialize_graph", "write_atomic",
           "write_atomic_all", "write_atomic_with", "write_graph"]

FORMATS = {"ttl": "turtle", "nt": "nt11", "jsonld": "json-ld"}
_OXIGRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
SORT_RUN_BYTES = 32_000_000  # N-Triples sorted in memory at once (~100 MB of lines); more are merged
_PIPE_CHUNK = 4_000_000  # bytes handed to GNU sort at once


def serialize_graph(graph: Graph, fmt: str = "ttl") -> bytes:
    """The graph in ``fmt`` as bytes; the same graph gives the same bytes.

    Turtle and N-Triples come from Oxigraph's serializer, in sorted N-Triples
    order (:func:`canonical_dump`); JSON-LD comes from rdflib's.

    Raises
    ------
    GraphError
        For an unknown format, or a term holding an unpaired surrogate
        (``"\\ud800"``): such a string has no UTF-8 form, so no RDF file can
        hold it (rdflib would write ``?`` instead). Text the corpus loader
        reads never has one; text built in Python can.
    """
    if fmt not in FORMATS:
        raise GraphError(f"unknown graph format {fmt!r}; choose one of {', '.join(sorted(FORMATS))}")
    if oxigraph_store(graph) is None:  # an Oxigraph store cannot hold such a string in the first place
        _refuse_surrogates(graph)
    bind_prefixes(graph)
    if fmt == "jsonld":
        return graph.serialize(format=FORMATS[fmt], encoding="utf-8")
    return canonical_dump(graph, _OXIGRAPH_FORMATS[fmt])


def canonical_dump(graph: Graph, fmt: ox.RdfFormat, output: str | Path | None = None) -> bytes | None:
    """``graph`` in ``fmt`` (Turtle or N-Triples) by Oxigraph, in sorted N-Triples order.

    Parameters
    ----------
    graph
        Any rdflib graph; one on an Oxigraph store is read natively.
    fmt
        ``ox.RdfFormat.TURTLE`` or ``ox.RdfFormat.N_TRIPLES``.
    output
        A file to write, or ``None`` to return the bytes.
    """
    with tempfile.TemporaryDirectory(prefix="kgraph-sort-") as folder:
        return _written(_sorted_ntriples(graph, Path(folder)), Path(folder), fmt, output)


def copy_to_turtle(fd: int, path: Path) -> None:
    """Write ``path`` atomically: the Turtle of a build's N-Triples copy (:func:`kgraph.graph.ntriples.ntriples_copy`).

    The copy is read through ``fd`` with positional reads, so this can run in
    another process (:mod:`kgraph.graph.turtle_process`) while the build
    goes on; the bytes are :func:`canonical_dump`'s.
    """

    def fill(_, tmp: str) -> None:
        with tempfile.TemporaryDirectory(prefix="kgraph-sort-") as folder:
            ordered = _sorted_lines(_PositionalReader(fd), Path(folder))
            _written(ordered, Path(folder), ox.RdfFormat.TURTLE, tmp)

    write_atomic_with(Path(path), fill)


def _written(ordered: Path, folder: Path, fmt: ox.RdfFormat, output: str | Path | None) -> bytes | None:
    """Sorted N-Triples (a file in ``folder``) written in ``fmt`` to ``output``, or returned as bytes."""
    if fmt == ox.RdfFormat.N_TRIPLES:
        if output is None:
            return ordered.read_bytes()
        shutil.copyfile(ordered, output)
        return None
    if not _contains(ordered, _TYPED_STRING):
        triples = ox.parse(path=str(ordered), format=ox.RdfFormat.N_TRIPLES)
        return ox.serialize(triples, str(output) if output is not None else None, fmt, prefixes=TURTLE_PREFIXES)
    return _turtle_with_typed_strings(ordered, folder, output)


# Oxigraph writes "x"^^xsd:string as "x" (one term in RDF 1.1, two in rdflib): such literals go through its
# writer under a datatype of our own, written with a prefix no literal contains, and are put back in the bytes.
_TYPED_STRING = b'"^^<http://www.w3.org/2001/XMLSchema#string> .\n'
_STAND_IN = "urn:x-kgraph:typed:"
_COPY_CHUNK = 16_000_000


def _contains(path: Path, needle: bytes) -> bool:
    """Whether the file at ``path`` holds ``needle`` (read in chunks)."""
    with open(path, "rb") as source:
        tail = b""
        while chunk := source.read(_COPY_CHUNK):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle):]
    return False


def _turtle_with_typed_strings(ordered: Path, folder: Path, output: str | Path | None) -> bytes | None:
    """Turtle of sorted N-Triples some of whose literals are typed ``xsd:string``."""
    name = next(f"kgstring{n or ''}" for n in range(1000) if not _contains(ordered, f"^^kgstring{n or ''}:".encode()))
    stand_in = f'"^^<{_STAND_IN}string> .\n'.encode()
    marked = folder / "marked.nt"
    with open(ordered, "rb") as source, open(marked, "wb") as sink:
        # at the end of its line, the datatype is the object's: unambiguous
        sink.writelines(line[:-len(_TYPED_STRING)] + stand_in if line.endswith(_TYPED_STRING) else line
                        for line in source)
    raw = folder / "raw.ttl"
    ox.serialize(ox.parse(path=str(marked), format=ox.RdfFormat.N_TRIPLES), str(raw), ox.RdfFormat.TURTLE,
                 prefixes={**TURTLE_PREFIXES, name: _STAND_IN})
    mark, prefix_line = f'"^^{name}:string'.encode(), f"@prefix {name}: <{_STAND_IN}> .\n".encode()
    pieces: list[bytes] = []
    with open(raw, "rb") as source, (open(output, "wb") if output is not None else contextlib.nullcontext()) as sink:
        carry, first = b"", True
        while chunk := source.read(_COPY_CHUNK):
            data = (carry + chunk).replace(mark, b'"^^xsd:string')
            if first:  # the prefixes head the file
                data, first = data.replace(prefix_line, b"", 1), False
            # the start of a mark cut by the chunk boundary waits for the rest of it
            cut = next((k for k in range(len(mark) - 1, 0, -1) if data.endswith(mark[:k])), 0)
            data, carry = (data[:-cut], data[-cut:]) if cut else (data, b"")
            sink.write(data) if sink is not None else pieces.append(data)
        sink.write(carry) if sink is not None else pieces.append(carry)
    return None if output is not None else b"".join(pieces)


def _sorted_ntriples(graph: Graph, folder: Path) -> Path:
    """The graph as N-Triples, literals as they went in, lines sorted, each once: a file in ``folder``.

    A build's graph keeps a copy of what was loaded into its store
    (:func:`kgraph.graph.ntriples.ntriples_copy`), read here instead of the store
    (an on-disk store reads ~4 us a triple). Either way the lines are
    Oxigraph's canonical N-Triples, so both give the same file.
    """
    copy = ntriples_copy(graph)
    with contextlib.ExitStack() as stack:
        if copy is not None:
            copy.flush()
            copy.seek(0)
            stack.callback(copy.seek, 0, os.SEEK_END)  # the copy stays appendable
            source = copy
        else:
            store = oxigraph_store(graph)
            if store is None:  # through a store too, so literals are written exactly as a store writes them
                store = ox.Store()
                store.extend(oxigraph_quads(graph))
            raw = folder / "graph.nt"
            store.dump(str(raw), ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            source = stack.enter_context(open(raw, "rb"))
        ordered = _sorted_lines(source, folder)
    (folder / "graph.nt").unlink(missing_ok=True)
    return ordered


def _sorted_lines(source: BinaryIO | _PositionalReader, folder: Path) -> Path:
    """``source``'s N-Triples lines (from where it stands), restored, sorted and each once: a file in ``folder``."""
    start = source.tell()
    ordered = _sort_with_coreutils(source, folder)
    if ordered is None:  # no GNU sort here, or it failed: the same order, sorted in Python
        source.seek(start)
        ordered = _sort_in_python(source, folder)
    return ordered


class _PositionalReader:
    """Reads a file descriptor from its start with ``os.pread``: the descriptor's own offset never moves.

    So another process (:mod:`kgraph.graph.turtle_process`), whose
    descriptor shares its offset with the build's, reads the graph's copy
    while it stays the build's to append to.
    """

    def __init__(self, fd: int) -> None:
        self._fd, self._at = fd, 0

    def read(self, size: int) -> bytes:
        data = os.pread(self._fd, size, self._at)
        self._at += len(data)
        return data

    def readlines(self, hint: int) -> list[bytes]:
        """Whole lines, about ``hint`` bytes of them (``[]`` at the end)."""
        data = self.read(hint)
        while data and not data.endswith(b"\n") and (more := self.read(65536)):
            data += more
        return data.splitlines(keepends=True)

    def tell(self) -> int:
        return self._at

    def seek(self, offset: int) -> None:
        self._at = offset


@cache
def _gnu_sort() -> str | None:
    """The path of GNU coreutils' ``sort``, or ``None`` when this machine has another one or none."""
    path = shutil.which("sort")
    if path is None:
        return None
    try:
        version = subprocess.run([path, "--version"], capture_output=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return path if b"GNU coreutils" in version else None


def _sort_with_coreutils(source: BinaryIO, folder: Path) -> Path | None:
    """``source``'s lines (from where it stands), restored, sorted bytewise and each once, by GNU ``sort``.

    ``LC_ALL=C`` makes its order the bytes' order, the order of
    :func:`_sort_in_python`; it sorts in C, several times faster, in bounded
    memory (``-S``; runs spill into ``folder``) and on one core. ``None``
    when there is no GNU ``sort`` or it fails.
    """
    sort = _gnu_sort()
    if sort is None:
        return None
    ordered = folder / "sorted.nt"
    command = [sort, "-u", "-S", "100M", "--parallel=1", "-T", str(folder)]
    try:
        with open(ordered, "wb") as sink:
            process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=sink,
                                       env={**os.environ, "LC_ALL": "C"})
            try:
                carry = b""
                while chunk := source.read(_PIPE_CHUNK):
                    data = carry + chunk
                    cut = data.rfind(b"\n") + 1  # whole lines only: restore_exact reads line ends
                    process.stdin.write(restore_exact(data[:cut]))
                    carry = data[cut:]
                process.stdin.write(carry)
            finally:
                with contextlib.suppress(OSError):
                    process.stdin.close()
                process.wait()
    except OSError:  # it could not start, or died with input left
        return None
    return ordered if process.returncode == 0 else None


def _sort_in_python(source: BinaryIO, folder: Path) -> Path:
    """:func:`_sort_with_coreutils`'s file, sorted here: runs sorted in memory, written, then merged."""
    runs = []
    while lines := source.readlines(SORT_RUN_BYTES):
        lines = sorted(set(restore_exact(b"".join(lines)).split(b"\n")[:-1]))
        run = folder / f"run-{len(runs)}.nt"
        run.write_bytes(b"\n".join(lines) + b"\n" if lines else b"")
        runs.append(run)
    if not runs:
        (folder / "empty.nt").write_bytes(b"")
        return folder / "empty.nt"
    if len(runs) == 1:
        return runs[0]
    merged = folder / "sorted.nt"
    with contextlib.ExitStack() as stack, open(merged, "wb") as sink:
        previous = None
        for line in heapq.merge(*(stack.enter_context(open(run, "rb")) for run in runs)):
            if line != previous:  # a triple two pages state (a shared quantity) is in two runs
                sink.write(line)
                previous = line
    return merged


_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_surrogates(graph: Graph) -> None:
    """Raise GraphError for a term holding an unpaired surrogate.

    rdflib's Turtle and JSON-LD writers would silently write ``?`` in its
    place (a corrupted ``kg:text``), its N-Triples writer would fail.
    """
    for triple in graph:
        for term in triple:
            found = _SURROGATE.search(term)
            if found is not None:
                near = term[max(0, found.start() - 30) : found.end() + 30]
                raise GraphError(
                    f"the graph holds a string with an unpaired surrogate {found.group()!r} (near {near!r}), "
                    "which has no UTF-8 form, so no RDF file can hold it; remove it from the input text "
                    "(text decoded with errors='surrogateescape', or a JSON '\\ud800' escape, can hold one)"
                )


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    A crash leaves the old file or the new one, never half of either. The
    temporary file is hidden (``.graph.ttl.<pid>.<random>.tmp``); one left
    behind by a killed process is removed by the next successful write.
    """
    write_atomic_with(path, lambda handle, _: handle.write(data))


def write_atomic_with(path: Path, fill: Callable[[BinaryIO, str], object]) -> None:
    """As :func:`write_atomic`, the content written by ``fill(open_file, temporary_path)``.

    ``fill`` may write to the open file or to the path (a writer that opens
    the file itself streams without holding the content in memory).
    """
    write_atomic_all([(Path(path), fill)])


def write_atomic_all(files: Iterable[tuple[Path, Callable[[BinaryIO, str], object]]], *,
                     beside: Iterable[tuple[Path, Callable[[BinaryIO, str], object]]] = ()) -> list[Path]:
    """Write several files, each as :func:`write_atomic_with` does, renamed only once all are written.

    ``files`` is read lazily, so each file's content can be made just before
    it is written and dropped after: one file's content in memory at a time.
    When making or writing any of them fails, none is renamed, the temporary
    files are removed and the error is raised.

    Parameters
    ----------
    files
        (path, fill) pairs, written here one after another.
    beside
        More of them, written meanwhile by a forked process (Linux; elsewhere
        here, after ``files``) and renamed with the others. Their ``fill``
        must need nothing a fork leaves behind (other threads, a store's
        open handles): report files rendered from data already read. An
        error there is raised here: an ``OSError`` as it was, anything else
        as a :class:`~kgraph.errors.GraphError` with its traceback.

    Returns
    -------
    list of Path
        The files written, in the order given (``files``, then ``beside``).
    """
    staged: list[tuple[str, Path]] = []
    beside = list(beside)
    forked = _ForkedStaging.start(beside) if beside and _FORK else None
    try:
        _stage_each(files if forked is not None else itertools.chain(files, beside), staged)
        if forked is not None:
            staged += forked.staged()
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        if forked is not None:
            forked.discard()
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for folder in sorted({path.parent for _, path in staged}):
        _fsync_folder(folder)  # make the renames themselves durable
    for _, path in staged:
        _remove_stale_temporaries(path)
    return [path for _, path in staged]


_FORK = sys.platform.startswith("linux")  # elsewhere, forking a process with threads is not safe


class _ForkedStaging:
    """Files staged (:func:`_stage`) by a forked process, which reports their temporary names through a pipe."""

    @classmethod
    def start(cls, files: list[tuple[Path, Callable[[BinaryIO, str], object]]]) -> _ForkedStaging | None:
        """The process writing ``files``, or ``None`` when none can be forked (out of memory or of processes)."""
        try:
            return cls(files)
        except OSError:
            return None

    def __init__(self, files: list[tuple[Path, Callable[[BinaryIO, str], object]]]) -> None:
        self._paths = [Path(path) for path, _ in files]
        parent = os.getpid()
        read, write = os.pipe()
        try:
            self._pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            raise
        if self._pid == 0:  # the child: stage each file, report, and end without running the parent's exit code
            try:
                os.close(read)
                end_with_parent(parent)
                with os.fdopen(write, "w", encoding="utf-8") as report:
                    report.write(json.dumps(_staged_here(files)))
            finally:
                os._exit(0)
        os.close(write)
        self._read = read
        self._report: dict | None = None

    def _wait(self) -> dict:
        if self._report is None:
            with os.fdopen(self._read, "r", encoding="utf-8") as report:
                text = report.read()
            _, status = os.waitpid(self._pid, 0)
            self._report = json.loads(text) if text else {
                "error": f"the process writing files beside this one ended ({_exit_reason(status)})", "staged": []}
        return self._report

    def staged(self) -> list[tuple[str, Path]]:
        """The (temporary name, path) of each file once the process has written them all; raises its error."""
        report = self._wait()
        if "oserror" in report:
            number, message, name = report["oserror"]
            raise OSError(number, message, name)
        if "error" in report:
            raise GraphError(report["error"])
        return [(tmp, Path(path)) for tmp, path in report["staged"]]

    def discard(self) -> None:
        """Wait for the process, and remove whatever it staged (or, killed, left behind)."""
        for tmp, _ in self._wait()["staged"]:
            Path(tmp).unlink(missing_ok=True)
        for path in self._paths:
            _remove_stale_temporaries(path)


def _stage_each(files: Iterable[tuple[Path, Callable[[BinaryIO, str], object]]],
                staged: list[tuple[str, Path]]) -> None:
    """Stage each file (:func:`_stage`), appending (temporary name, path) to ``staged`` as each is written."""
    for path, fill in files:
        staged.append((_stage(Path(path), fill), Path(path)))


def _staged_here(files: list[tuple[Path, Callable[[BinaryIO, str], object]]]) -> dict:
    """Each file staged in this process: their names, or the error (none of them left behind)."""
    staged: list[tuple[str, Path]] = []
    try:
        _stage_each(files, staged)
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises it
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            return {"oserror": [error.errno, error.strerror or str(error), error.filename], "staged": []}
        return {"error": "".join(traceback.format_exception(error)).strip(), "staged": []}
    return {"staged": [(tmp, str(path)) for tmp, path in staged]}


def _exit_reason(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def _stage(path: Path, fill: Callable[[BinaryIO, str], object]) -> str:
    """``fill`` written to a synced temporary file beside ``path``; its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            fill(handle, tmp)
            handle.flush()
            os.fsync(handle.fileno())  # any descriptor of the file syncs what was written through another
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not possible on every platform; the data itself is already synced
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_stale_temporaries(path: Path) -> None:
    """Remove temporary files of ``path`` whose writing process no longer exists (a killed build)."""
    prefix = f".{path.name}."
    for leftover in path.parent.glob(glob.escape(prefix) + "*.tmp"):
        pid = leftover.name[len(prefix) :].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not process_exists(int(pid)):
            with contextlib.suppress(OSError):  # tidying up must not fail a write that succeeded
                leftover.unlink(missing_ok=True)


def process_exists(pid: int) -> bool:
    """Whether a process with this id exists (owned by anyone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else (or the check is not possible: keep the file)
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_graph(graph: Graph, path: Path, fmt: str = "ttl") -> None:
    """Serialize and write atomically; Turtle goes from Oxigraph straight to the file."""
    try:
        if fmt == "ttl":
            if oxigraph_store(graph) is None:
                _refuse_surrogates(graph)
            write_atomic_with(Path(path), lambda _, tmp: canonical_dump(graph, ox.RdfFormat.TURTLE, tmp))
        else:
            write_atomic(Path(path), serialize_graph(graph, fmt))
    except OSError as exc:
        raise GraphError(f"cannot write graph to {path}: {exc.strerror or exc}") from exc
