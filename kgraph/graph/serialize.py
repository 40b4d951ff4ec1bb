"""Writing graphs: deterministic bytes, written atomically."""

from __future__ import annotations

import contextlib
import glob
import os
import re
import tempfile
from pathlib import Path

from rdflib import Graph

from kgraph.errors import GraphError
from kgraph.namespaces import bind_prefixes

__all__ = ["serialize_graph", "write_atomic", "write_graph", "FORMATS"]

FORMATS = {"ttl": "turtle", "nt": "nt11", "jsonld": "json-ld"}


def serialize_graph(graph: Graph, fmt: str = "ttl") -> bytes:
    """The graph in ``fmt`` as bytes; for Turtle and N-Triples the same graph gives the same bytes.

    N-Triples lines are sorted, since rdflib writes them in store order.

    Raises
    ------
    GraphError
        For an unknown format, or a term holding an unpaired surrogate
        (``"\\ud800"``): such a string has no UTF-8 form, so no RDF file can
        hold it, and rdflib would write ``?`` instead. Text the corpus loader
        reads never has one; text built in Python can.
    """
    if fmt not in FORMATS:
        raise GraphError(f"unknown graph format {fmt!r}; choose one of {', '.join(sorted(FORMATS))}")
    _refuse_surrogates(graph)
    bind_prefixes(graph)
    data = graph.serialize(format=FORMATS[fmt], encoding="utf-8")
    if fmt == "nt":
        # Split on b"\n" only: str.splitlines() would also split literals at U+0085, U+2028, \x0b, \x0c ...
        lines = sorted(line for line in data.split(b"\n") if line.strip())
        data = b"\n".join(lines) + b"\n"
    return data


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
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)  # make the rename itself durable
    _remove_stale_temporaries(path)


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
        if pid.isdigit() and int(pid) != os.getpid() and not _process_exists(int(pid)):
            with contextlib.suppress(OSError):  # tidying up must not fail a write that succeeded
                leftover.unlink(missing_ok=True)


def _process_exists(pid: int) -> bool:
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
    """Serialize and write atomically."""
    try:
        write_atomic(Path(path), serialize_graph(graph, fmt))
    except OSError as exc:
        raise GraphError(f"cannot write graph to {path}: {exc.strerror or exc}") from exc
