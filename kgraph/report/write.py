"""Write every report file of a graph, each atomically.

Each file is rendered and written to a temporary name, ``findings.csv`` and
``report.html`` by a forked process while this one writes the other two (on
Linux), and all are renamed once every one is written
(:func:`kgraph.graph.serialize.write_atomic_all`): a failed render writes
nothing, and a killed run leaves each file whole, old or new. No file's
text is ever held whole: ``report.json`` and ``findings.csv`` are streamed
to disk row by row, ``report.md`` line by line (its lines, bounded by
:mod:`kgraph.report.caps`, are made first) and ``report.html`` piece by
piece as its template makes it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from rdflib import Graph

from kgraph.errors import KGraphError
from kgraph.graph.reader import AnchorTable
from kgraph.graph.serialize import write_atomic_all
from kgraph.graph.store import release_store
from kgraph.report.markdown import markdown_lines
from kgraph.report.model import report_model
from kgraph.report.rows import SpooledRows, encode_row
from kgraph.report.tabular import write_findings_csv

__all__ = ["REPORT_FILES", "json_lines", "report_json", "write_reports"]

REPORT_FILES = ("report.json", "report.md", "findings.csv", "report.html")
_WRITTEN_BESIDE = ("findings.csv", "report.html")  # the last two of REPORT_FILES: the files come back in its order


def report_json(data: dict) -> str:
    """``data`` as the text of ``report.json`` (see :func:`json_lines`)."""
    return "".join(json_lines(data))


def json_lines(data: dict) -> Iterator[str]:
    """The text of ``report.json``, piece by piece: keys sorted, UTF-8 as is, newline at the end.

    Top-level keys go one per line; a list of objects (findings, clusters,
    documents, ...) has one item per line, so a line is one finding and two
    reports diff line by line. Each value is encoded by the json module's C
    encoder (an indented layout would use its pure-Python one, 10x slower).
    """
    yield "{"
    for n, key in enumerate(sorted(data)):
        value = data[key]
        yield ("\n" if n == 0 else ",\n") + f"  {encode_row(key)}: "
        if isinstance(value, SpooledRows):  # report_model's rows, on disk, encoded as here: copied as they are
            yield from _json_list(value.encoded())
        elif isinstance(value, list):
            yield from _json_list(map(encode_row, value))
        else:
            yield encode_row(value)
    yield "\n}\n" if data else "}\n"


def _json_list(items: Iterator[str]) -> Iterator[str]:
    """A list of encoded items, one per line (``[]`` when there are none)."""
    empty = True
    for item in items:
        yield ("[\n    " if empty else ",\n    ") + item
        empty = False
    yield "[]" if empty else "\n  ]"


def write_reports(graph: Graph, out_dir: str | Path, *, previous: Path | None = None,
                  html: bool = True, anchors: AnchorTable | None = None, release: bool = False) -> list[Path]:
    """Write ``report.json``, ``report.md``, ``findings.csv`` and ``report.html`` of ``graph`` into ``out_dir``.

    Parameters
    ----------
    graph
        A built kgraph graph.
    out_dir
        The folder to write into (created if missing).
    previous
        An earlier ``report.json`` to triage against (it may be the one in
        ``out_dir``: it is read before anything is written).
    html
        Also render ``report.html`` (:func:`kgraph.report.html.render_html`).
    anchors
        The graph's anchors when already read (:meth:`kgraph.graph.reader.PropertyReader.anchors`).
    release
        While the report is read from the graph (every few thousand
        findings, :func:`kgraph.report.model.report_model`) and once it is
        read, before the files are written, close an on-disk store until its
        next use and give back the memory of the reads
        (:func:`kgraph.graph.store.release_store`). Only for a graph nothing
        else is reading (a build's).

    Returns
    -------
    list of Path
        The files written, in the order of :data:`REPORT_FILES`.

    Raises
    ------
    kgraph.errors.UsageError
        The previous report is unreadable or of another major schema version.
    kgraph.errors.KGraphError
        A file cannot be written.
    """
    data = report_model(graph, previous_path=None if previous is None else str(previous), anchors=anchors,
                        release=release)
    if release:  # the files are written from the model's rows alone
        release_store(graph)
    out = Path(out_dir)
    renderers = {"report.json": lambda handle: _write_json(data, handle),
                 "report.md": lambda handle: _write_text(_lines(markdown_lines(data)), handle),
                 "findings.csv": lambda handle: _write_csv(data, handle)}
    if html:
        # imported only when asked for: the HTML renderer (jinja2 templates) is its own module
        from kgraph.report.html import html_pieces

        renderers["report.html"] = lambda handle: _write_text(html_pieces(data), handle)
    # two cores, two files at a time: the CSV and the HTML (about half the writing) in a forked process
    here, beside = [], []
    for name in REPORT_FILES:
        if name in renderers:
            (beside if name in _WRITTEN_BESIDE else here).append(
                (out / name, lambda handle, _, render=renderers[name]: render(handle)))
    try:
        return write_atomic_all(here, beside=beside)
    except OSError as error:
        raise KGraphError(f"cannot write the report files in {out}: {error.strerror or error}") from error


def _write_json(data: dict, handle: BinaryIO) -> None:
    """:func:`report_json`'s text, encoded piece by piece."""
    _write_text(json_lines(data), handle)


def _write_text(pieces: Iterable[str], handle: BinaryIO) -> None:
    """``pieces`` written to ``handle`` as UTF-8, one after another, as they come (never the whole text at once)."""
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="\n")
    text.writelines(pieces)
    text.flush()
    text.detach()  # the file stays open: the caller syncs and closes it


def _lines(lines: list[str]) -> Iterator[str]:
    """``lines`` as a text: each followed by a newline."""
    for line in lines:
        yield line
        yield "\n"


def _write_csv(data: dict, handle: BinaryIO) -> None:
    """:func:`kgraph.report.tabular.findings_csv`'s text, row by row."""
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
    write_findings_csv(data, text)
    text.flush()
    text.detach()
