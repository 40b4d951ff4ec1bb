"""``graph.ttl`` written by another process while the build writes its reports.

The writer is a fresh Python interpreter, not a fork of the build: it is
handed the descriptor of the graph's N-Triples copy
(:func:`kgraph.graph.ntriples.ntriples_copy`) and reads it with positional
reads (:func:`kgraph.graph.serialize.copy_to_turtle`), so it shares no
memory with the build. A forked writer would keep every page of the build
that the build changed while it ran (copy-on-write): the build's report
model, the size of the corpus. Its cost is its own: an interpreter, the sort
buffer and Oxigraph's writer.

Run as ``python -m kgraph.graph.turtle_process --fd N --parent PID OUT``;
:func:`start_turtle` does that.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from rdflib import Graph

from kgraph.errors import GraphError
from kgraph.graph.ntriples import ntriples_copy
from kgraph.graph.serialize import copy_to_turtle, write_graph
from kgraph.limits import end_with_parent

__all__ = ["TurtleJob", "main", "start_turtle"]

_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent.parent)  # the folder kgraph is imported from


class TurtleJob:
    """A ``graph.ttl`` being written (:func:`start_turtle`); :meth:`wait` for it."""

    def __init__(self, path: Path, process: subprocess.Popen | None, error: GraphError | None = None) -> None:
        self.path, self._process, self._error = path, process, error

    def wait(self, *, raise_error: bool = True) -> None:
        """Wait until the file is written; raise :class:`GraphError` when it could not be (unless told not to)."""
        if self._process is not None:
            _, said = self._process.communicate()
            if self._process.returncode != 0:
                reason = said.decode("utf-8", "replace").strip().splitlines()
                detail = reason[-1] if reason else f"the writer ended with status {self._process.returncode}"
                self._error = GraphError(f"cannot write graph to {self.path}: {detail}")
            self._process = None
        error, self._error = self._error, None
        if error is not None and raise_error:
            raise error


def start_turtle(graph: Graph, path: Path) -> TurtleJob:
    """Start writing ``graph`` to ``path`` as Turtle (:func:`kgraph.graph.serialize.write_graph`'s bytes).

    A graph with an N-Triples copy (a build's) is written by another process;
    any other graph, or where positional reads are missing, here and now.
    """
    path = Path(path)
    copy = ntriples_copy(graph)
    if copy is None or not hasattr(os, "pread"):
        try:
            write_graph(graph, path)
        except GraphError as error:
            return TurtleJob(path, None, error)
        return TurtleJob(path, None)
    copy.flush()
    fd = copy.fileno()
    paths = [_PACKAGE_ROOT, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    command = [sys.executable, "-m", "kgraph.graph.turtle_process", "--fd", str(fd), "--parent", str(os.getpid()),
               str(path)]
    process = subprocess.Popen(command, pass_fds=(fd,), stdin=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)})
    return TurtleJob(path, process)


def main(argv: list[str] | None = None) -> int:
    """The writer: exit 0 when ``OUT`` is written, else 1 with the reason on stderr."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fd", type=int, required=True, help="descriptor of the graph's N-Triples copy")
    parser.add_argument("--parent", type=int, required=True, help="the build's process id: end with it")
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    end_with_parent(args.parent)
    try:
        copy_to_turtle(args.fd, args.out)
    except Exception as error:  # noqa: BLE001 - any failure is reported to the build, which raises it
        print(getattr(error, "strerror", None) or error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
