"""Write every report file of a graph, each atomically.

All four texts are rendered first and written after, each via a temporary
file and a rename (:func:`kgraph.graph.serialize.write_atomic`), so a failed
render writes nothing and a killed run leaves each file whole, old or new.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph

from kgraph.errors import KGraphError
from kgraph.graph.serialize import write_atomic
from kgraph.report.markdown import report_markdown
from kgraph.report.model import report_data
from kgraph.report.tabular import findings_csv

__all__ = ["REPORT_FILES", "report_json", "write_reports"]

REPORT_FILES = ("report.json", "report.md", "findings.csv", "report.html")


def report_json(data: dict) -> str:
    """``data`` as the text of ``report.json``: indented, keys sorted, UTF-8 as is, newline at the end."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_reports(graph: Graph, out_dir: str | Path, *, previous: Path | None = None,
                  html: bool = True) -> list[Path]:
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
    data = report_data(graph, previous_path=None if previous is None else str(previous))
    texts = {"report.json": report_json(data), "report.md": report_markdown(data), "findings.csv": findings_csv(data)}
    if html:
        # imported only when asked for: the HTML renderer (jinja2 templates) is its own module
        from kgraph.report.html import render_html

        texts["report.html"] = render_html(data)
    out = Path(out_dir)
    written = []
    for name in REPORT_FILES:
        if name not in texts:
            continue
        path = out / name
        try:
            write_atomic(path, texts[name].encode("utf-8"))
        except OSError as error:
            raise KGraphError(f"cannot write the report file {path}: {error.strerror or error}") from error
        written.append(path)
    return written
