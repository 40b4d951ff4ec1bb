"""Asking the graph: claims and findings as pandas DataFrames, and SPARQL with bound variables.

Values are always passed as bindings (``initBindings``), never pasted into
query text, so a label such as ``} ; DROP ALL ; {`` is just a string that
matches nothing.

Examples
--------
>>> import kgraph.query as q                                 # doctest: +SKIP
>>> g = q.load_graph("out/graph.ttl")                        # doctest: +SKIP
>>> q.claims(g, subject="ketamine", predicate="blocks")      # doctest: +SKIP
>>> q.findings(g, type="NumericConflict")                    # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from kgraph.errors import UsageError
from kgraph.namespaces import KG, OA, RDF, RDFS, SKOS, bind_prefixes

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CLAIM_COLUMNS", "FINDING_COLUMNS", "claims", "findings", "load_graph", "resolve_concept", "result_text",
           "run_sparql", "sparql"]

CLAIM_COLUMNS = ["document", "start", "end", "quote", "subject", "predicate", "object", "polarity", "certainty",
                 "statistic", "source", "site", "cue", "claim", "subject_iri", "predicate_iri", "object_iri"]
FINDING_COLUMNS = ["finding", "type", "severity", "explanation", "member", "kind", "document", "start", "end",
                   "quote", "subject", "predicate", "object"]
SEVERITIES = ("Error", "Warning", "Info")  # most severe first: the order findings are listed in
FINDING_TYPES = ("Paraphrase", "CertaintyDrift", "NumericConflict", "PolarityConflict", "ScopeConflict",
                 "CitationMismatch", "TerminologyConflict", "ReferenceConflict")
# rdf:type of a finding member -> its kind; an abbreviation definition is the anchored use of a term
MEMBER_KINDS = {KG.Claim: "claim", KG.Mention: "mention", KG.AbbreviationDefinition: "mention",
                KG.InTextCitation: "citation", KG.ReferenceListEntry: "reference_entry",
                KG.ReferenceFact: "reference_fact", SKOS.Concept: "concept"}


def load_graph(path: str | Path) -> Graph:
    """Read a graph file: Turtle, N-Triples, JSON-LD or RDF/XML by extension; TriG and N-Quads merged into one graph.

    Raises
    ------
    UsageError
        When there is no such file, or it is not RDF in the syntax its extension names.
    """
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"no graph at {path}; run `kgraph build CORPUS_DIR --out DIR` first")
    graph = bind_prefixes(Graph())
    try:
        if path.suffix.lower() in {".trig", ".nq"}:
            # the named graphs of a `kgraph export --format trig` partition one graph: merge them back
            dataset = Dataset()
            dataset.parse(path, format="trig" if path.suffix.lower() == ".trig" else "nquads")
            for named in dataset.graphs():
                graph += named
        else:
            graph.parse(path)
    except Exception as exc:  # rdflib's parsers raise many error types
        raise UsageError(f"cannot read {path} as RDF: {_one_line(exc)}") from exc
    return graph


def run_sparql(graph: Graph, query: str, bindings: Mapping[str, object] | None = None) -> Result:
    """Run any SPARQL query with ``bindings`` for its variables; the rdflib result.

    Parameters
    ----------
    graph
        The kgraph graph; the prefixes kg, oa, skos, schema, dcterms... are predeclared.
    query
        A SELECT, ASK, CONSTRUCT or DESCRIBE query (updates are refused by the parser).
    bindings
        ``{"var": value}``: an rdflib term, or a Python value (made a literal;
        strings starting with ``http://`` or ``https://`` become IRIs).

    Raises
    ------
    UsageError
        With the parser's message, when the query cannot be parsed or run.
    """
    bound = {name.lstrip("?$"): _term(value) for name, value in (bindings or {}).items()}
    # Oxigraph binds only projected variables, so a query with bindings runs on rdflib's own engine
    # (over the same store); without bindings the store's engine answers (much faster).
    own_engine = bool(bound) and any(c.__module__.startswith("oxrdflib") for c in type(graph.store).__mro__)
    try:
        return graph.query(query, initNs=dict(graph.namespaces()), initBindings=bound,
                           use_store_provided=not own_engine)
    except Exception as exc:  # pyparsing and rdflib raise many error types for a bad query
        raise UsageError(f"cannot run the SPARQL query: {_one_line(exc)}") from exc


def sparql(graph: Graph, query: str, bindings: Mapping[str, object] | None = None) -> pd.DataFrame | bool:
    """Run a SPARQL SELECT (one DataFrame column per variable) or ASK (a bool), with ``bindings``.

    Parameters
    ----------
    graph
        The kgraph graph; the prefixes kg, oa, skos, schema, dcterms... are predeclared.
    query
        A SELECT or ASK query.
    bindings
        ``{"var": value}``: an rdflib term, or a Python value (made a literal;
        strings starting with ``http://`` or ``https://`` become IRIs).

    Returns
    -------
    pandas.DataFrame or bool
        For SELECT, values as Python objects (``str`` for IRIs and strings,
        numbers as numbers); for ASK, the answer.
    """
    import pandas as pd

    result = run_sparql(graph, query, bindings)
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type != "SELECT":
        raise UsageError(f"only SELECT (a table) and ASK (a bool) queries are answered here; this query is "
                         f"{result.type}: use run_sparql() for its graph")
    columns = [str(v) for v in result.vars]
    rows = [[_python(row[i]) for i in range(len(columns))] for row in result]
    return pd.DataFrame(rows, columns=columns)


def result_text(result: Result, fmt: str) -> str:
    """A query result as text, in ``fmt`` ``"csv"`` or ``"json"``.

    SELECT gives the SPARQL 1.1 Query Results CSV or JSON format; ASK gives
    ``true``/``false`` (or the SPARQL JSON boolean); CONSTRUCT and DESCRIBE
    give deterministic Turtle whatever ``fmt`` says.
    """
    from kgraph.graph.serialize import serialize_graph

    if result.type in {"CONSTRUCT", "DESCRIBE"}:
        return serialize_graph(bind_prefixes(result.graph), "ttl").decode("utf-8")
    if fmt == "json":
        data = json.loads(result.serialize(format="json"))
        ordered = {"head": data.pop("head", {}), **data}  # the order the specification shows
        return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"
    if result.type == "ASK":
        return "true\n" if result.askAnswer else "false\n"
    if fmt == "csv":
        return result.serialize(format="csv").decode("utf-8")
    raise UsageError(f"unknown result format {fmt!r}; choose csv or json")


def resolve_concept(graph: Graph, value: str | URIRef) -> set[URIRef]:
    """The concepts ``value`` names: an IRI, or a case-insensitive preferred or alternative label."""
    text = str(value)
    if text.startswith(("http://", "https://")):
        return {URIRef(text)}
    key = " ".join(text.lower().split())
    found = {node for node, label in graph.subject_objects(SKOS.prefLabel) if " ".join(str(label).lower().split()) == key}
    if not found:
        found = {node for prop in (SKOS.altLabel, SKOS.hiddenLabel) for node, label in graph.subject_objects(prop)
                 if " ".join(str(label).lower().split()) == key}
    return {n for n in found if isinstance(n, URIRef)}


def claims(graph: Graph, subject: str | None = None, predicate: str | None = None, object: str | None = None,
           *, document: str | None = None, polarity: str | None = None,
           certainty: str | None = None) -> pd.DataFrame:
    """Every claim matching the filters, one row per claim, sorted by document and position.

    Parameters
    ----------
    graph
        The kgraph graph.
    subject, predicate, object
        A concept IRI or label ("ketamine", "blocks", "NMDA receptor"); ``None`` matches anything.
    document
        A file name as in ``kg:fileName``.
    polarity, certainty
        ``"affirmed"``/``"negated"``; ``"asserted"``/``"hedged"``/``"emphatic"``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CLAIM_COLUMNS`: document, offsets and quote of the
        anchor, labels of subject, predicate and object, polarity, certainty,
        the statistic object as an interval, the sources the sentence credits,
        sites, the cue words, and the IRIs.
    """
    import pandas as pd

    filters: dict[str, set[URIRef]] = {}
    for name, value in (("subject", subject), ("predicate", predicate), ("object", object)):
        if value is not None:
            filters[name] = resolve_concept(graph, value)
            if not filters[name]:
                return pd.DataFrame(columns=CLAIM_COLUMNS)
    for name, value, allowed in (("polarity", polarity, ("affirmed", "negated")),
                                 ("certainty", certainty, ("asserted", "hedged", "emphatic"))):
        if value is not None and value.lower() not in allowed:
            raise UsageError(f"{name} {value!r} is not one of: {', '.join(allowed)}")
    bindings: dict[str, Node] = {}
    if polarity is not None:
        bindings["polarity"] = KG[polarity.capitalize()]
    if certainty is not None:
        bindings["certainty"] = KG[certainty.capitalize()]
    labels = {node: str(label) for node, label in graph.subject_objects(SKOS.prefLabel)}
    files = {doc: str(name) for doc, name in graph.subject_objects(KG.fileName)}
    rows = []
    for claim in sorted(graph.subjects(RDF.type, KG.Claim)):
        values = {name: graph.value(claim, KG[name]) for name in ("subject", "predicate", "object", "polarity",
                                                                  "certainty")}
        if any(values[name] not in allowed for name, allowed in filters.items()):
            continue
        if any(values[name] != value for name, value in bindings.items() if name in values):
            continue
        file, start, end, quote = _anchor(graph, claim, files)
        if document is not None and file != document:
            continue
        obj = values["object"]
        statistic = _interval(graph, obj) if (obj, RDF.type, KG.Quantity) in graph else ""
        sources = sorted({labels.get(s, _local(s)) for s in graph.objects(claim, KG.attributedTo)})
        sites = sorted({labels.get(s, _local(s)) for s in graph.objects(claim, KG.site)})
        rows.append({
            "document": file, "start": start or 0, "end": end or 0, "quote": quote,
            "subject": labels.get(values["subject"], _local(values["subject"])),
            "predicate": labels.get(values["predicate"], _local(values["predicate"])),
            "object": statistic or labels.get(obj, _local(obj)),
            "polarity": _local(values["polarity"]).lower(), "certainty": _local(values["certainty"]).lower(),
            "statistic": statistic, "source": "; ".join(sources), "site": "; ".join(sites),
            "cue": str(graph.value(claim, KG.predicateCue) or ""), "claim": str(claim),
            "subject_iri": str(values["subject"]), "predicate_iri": str(values["predicate"]), "object_iri": str(obj),
        })
    rows.sort(key=lambda r: (r["document"], r["start"], r["end"], r["predicate"], r["object"], r["claim"]))
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


def findings(graph: Graph, type: str | None = None, severity: str | None = None,
             document: str | None = None) -> pd.DataFrame:
    """Every finding matching the filters, one row per (finding, member).

    Parameters
    ----------
    graph
        The kgraph graph.
    type
        A finding type's local name, any case: ``"NumericConflict"``, ``"numericconflict"``.
    severity
        ``"error"``, ``"warning"`` or ``"info"``, any case: only findings of exactly that severity.
    document
        A file name as in ``kg:fileName``: findings with a member on that page (all their members are kept).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. ``kind`` is claim, mention, citation,
        reference_entry, reference_fact or concept; ``document``, ``start``
        and ``end`` locate an anchored member (empty and ``<NA>`` for a
        concept or reference fact, whose ``quote`` is its label or statement);
        ``subject``, ``predicate``, ``object`` are the labels of a claim or
        reference fact. Sorted by severity (errors first), type, the
        finding's first member (document, start) and IRI; members by
        document and position.

    Raises
    ------
    UsageError
        For a type or severity that does not exist, with the allowed values.

    Examples
    --------
    >>> findings(graph, type="numericconflict")[["document", "start", "quote"]]   # doctest: +SKIP
    """
    import pandas as pd

    wanted_type = _choice("type", type, FINDING_TYPES)
    wanted_severity = _choice("severity", severity, SEVERITIES)
    labels = {node: str(label) for node, label in sorted(graph.subject_objects(SKOS.prefLabel), reverse=True)}
    files = {doc: str(name) for doc, name in graph.subject_objects(KG.fileName)}
    groups = []
    for finding in graph.subjects(RDF.type, KG.Finding):
        kind, level = _local(graph.value(finding, KG.findingType)), _local(graph.value(finding, KG.severity))
        if wanted_type not in (None, kind) or wanted_severity not in (None, level):
            continue
        head = {"finding": str(finding), "type": kind, "severity": level,
                "explanation": str(graph.value(finding, KG.explanation) or "")}
        members = [head | _member(graph, member, labels, files) for member in graph.objects(finding, KG.involves)]
        if not members or (document is not None and all(m["document"] != document for m in members)):
            continue
        members.sort(key=_member_key)
        rank = SEVERITIES.index(level) if level in SEVERITIES else len(SEVERITIES)
        groups.append(((rank, kind, *_member_key(members[0])[:3], str(finding)), members))
    groups.sort(key=lambda group: group[0])
    frame = pd.DataFrame([row for _, rows in groups for row in rows], columns=FINDING_COLUMNS)
    return frame.astype({"start": "Int64", "end": "Int64"})


def _member(graph: Graph, node: Node, labels: dict[Node, str], files: dict[Node, str]) -> dict[str, object]:
    """The member columns of one ``kg:involves`` node."""
    types = set(graph.objects(node, RDF.type))
    kinds = [kind for rdf_type, kind in MEMBER_KINDS.items() if rdf_type in types]  # first match wins
    file, start, end, quote = _anchor(graph, node, files)
    kind = kinds[0] if kinds else ("mention" if start is not None else "concept")
    if start is None:  # unanchored: a reference fact or a concept speaks through its statement or label
        quote = str(graph.value(node, KG.statement) or labels.get(node) or graph.value(node, RDFS.label) or "")
    parts = {}
    for name in ("subject", "predicate", "object"):
        value = graph.value(node, KG[name]) if kind in {"claim", "reference_fact"} else None
        if value is not None and (value, RDF.type, KG.Quantity) in graph:
            parts[name] = _interval(graph, value)
        else:
            parts[name] = labels.get(value, _local(value)) if value is not None else ""
    return {"member": str(node), "kind": kind, "document": file, "start": start, "end": end, "quote": quote,
            **parts}


def _member_key(row: Mapping[str, object]) -> tuple:
    """Anchored members first, by document and position; unanchored ones after them."""
    start = row["start"]
    return (start is None, row["document"], -1 if start is None else start, row["member"])


def _anchor(graph: Graph, node: Node, files: Mapping[Node, str]) -> tuple[str, int | None, int | None, str]:
    """``(file, start, end, quote)`` of ``node``'s ``oa:hasTarget``; ``("", None, None, "")`` when it has none."""
    target = graph.value(node, OA.hasTarget)
    if target is None:
        return "", None, None, ""
    source = graph.value(target, OA.hasSource)
    file = files.get(source, str(source or ""))
    start = end = None
    quote = ""
    for selector in graph.objects(target, OA.hasSelector):
        if (selector, RDF.type, OA.TextPositionSelector) in graph:
            start, end = int(graph.value(selector, OA.start)), int(graph.value(selector, OA.end))
        elif (selector, RDF.type, OA.TextQuoteSelector) in graph:
            quote = str(graph.value(selector, OA.exact))
    return file, start, end, quote


def _choice(name: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    """``value`` matched case-insensitively (a ``kg:`` prefix allowed) to one of ``allowed``."""
    if value is None:
        return None
    key = str(value).strip().removeprefix("kg:").lower()
    for option in allowed:
        if option.lower() == key:
            return option
    raise UsageError(f"{name} {value!r} is not one of: {', '.join(allowed)} (any case)")


def _one_line(exc: Exception, limit: int = 300) -> str:
    """A parser's message on one line (rdflib's span several), cut to ``limit`` characters."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _interval(graph: Graph, quantity: Node) -> str:
    """``"(28400000, 35500000] people"``-style text of a kg:Quantity."""
    lower, upper = graph.value(quantity, KG.lowerBound), graph.value(quantity, KG.upperBound)
    low_in = graph.value(quantity, KG.lowerInclusive, default=Literal(True)).toPython()
    up_in = graph.value(quantity, KG.upperInclusive, default=Literal(True)).toPython()
    unit = graph.value(quantity, KG.unit)
    counted = graph.value(quantity, KG.quantifies)
    left = ("[" if low_in else "(") + (_number(lower) if lower is not None else "-inf")
    right = (_number(upper) if upper is not None else "inf") + ("]" if up_in and upper is not None else ")")
    what = str(counted) if counted is not None else (_local(unit) if unit is not None else "")
    return f"{left}, {right} {what}".strip()


def _number(value: Node) -> str:
    """A decimal literal without trailing zeros: ``50000000``, ``13.75``."""
    number = value.toPython() if isinstance(value, Literal) else value
    text = format(number, "f") if not isinstance(number, str) else number
    return text.rstrip("0").rstrip(".") if "." in text else text


def _term(value: object) -> Node:
    if isinstance(value, Node):
        return value
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return URIRef(value)
    return Literal(value)


def _python(value: Node | None) -> object:
    if value is None:
        return None
    if isinstance(value, Literal):
        return value.toPython()
    return str(value)


def _local(node: Node) -> str:
    return str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
