"""Writing graphs: deterministic bytes, written atomically."""

from __future__ import annotations

import os
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
    """
    if fmt not in FORMATS:
        raise GraphError(f"unknown graph format {fmt!r}; choose one of {', '.join(sorted(FORMATS))}")
    bind_prefixes(graph)
    data = graph.serialize(format=FORMATS[fmt], encoding="utf-8")
    if fmt == "nt":
        lines = sorted(line for line in data.decode("utf-8").splitlines() if line.strip())
        data = ("\n".join(lines) + "\n").encode("utf-8")
    return data


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    A crash leaves the old file or the new one, never half of either.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
