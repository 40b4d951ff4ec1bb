"""Asking the graph: claims as a pandas DataFrame, and SPARQL with bound variables.

Values are always passed as bindings (``initBindings``), never pasted into
query text, so a label such as ``} ; DROP ALL ; {`` is just a string that
matches nothing.

Examples
--------
>>> import kgraph.query as q                                 # doctest: +SKIP
>>> g = q.load_graph("out/graph.ttl")                        # doctest: +SKIP
>>> q.claims(g, subject="ketamine", predicate="blocks")      # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kgraph.errors import UsageError
from kgraph.namespaces import KG, OA, RDF, SKOS, bind_prefixes

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CLAIM_COLUMNS", "claims", "load_graph", "resolve_concept", "sparql"]

CLAIM_COLUMNS = ["document", "start", "end", "quote", "subject", "predicate", "object", "polarity", "certainty",
                 "statistic", "source", "site", "cue", "claim", "subject_iri", "predicate_iri", "object_iri"]



def load_graph(path: str | Path) -> Graph:
    """Read a graph written by ``kgraph build`` (Turtle, N-Triples or JSON-LD, by extension)."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"no graph at {path}; run `kgraph build CORPUS_DIR --out DIR` first")
    return bind_prefixes(Graph()).parse(path)


def sparql(graph: Graph, query: str, bindings: Mapping[str, object] | None = None) -> pd.DataFrame:
    """Run a SPARQL SELECT with ``bindings`` for its variables; one DataFrame column per variable.

    Parameters
    ----------
    graph
        The kgraph graph; the prefixes kg, oa, skos, schema, dcterms... are predeclared.
    query
        A SELECT query.
    bindings
        ``{"var": value}``: an rdflib term, or a Python value (made a literal;
        strings starting with ``http://`` or ``https://`` become IRIs).

    Returns
    -------
    pandas.DataFrame
        Values as Python objects (``str`` for IRIs and strings, numbers as numbers).
    """
    import pandas as pd

    bound = {name.lstrip("?$"): _term(value) for name, value in (bindings or {}).items()}
    try:
        result = graph.query(query, initNs=dict(graph.namespaces()), initBindings=bound)
    except Exception as exc:  # pyparsing and rdflib raise many error types for a bad query
        raise UsageError(f"cannot run the SPARQL query: {exc}") from exc
    if result.type != "SELECT":
        raise UsageError(f"only SELECT queries return a table; this query is {result.type}")
    columns = [str(v) for v in result.vars]
    rows = [[_python(row[i]) for i in range(len(columns))] for row in result]
    return pd.DataFrame(rows, columns=columns)


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
        target = graph.value(claim, OA.hasTarget)
        file = files.get(graph.value(target, OA.hasSource), "")
        if document is not None and file != document:
            continue
        start = end = 0
        quote = ""
        for selector in graph.objects(target, OA.hasSelector):
            if (selector, RDF.type, OA.TextPositionSelector) in graph:
                start, end = int(graph.value(selector, OA.start)), int(graph.value(selector, OA.end))
            elif (selector, RDF.type, OA.TextQuoteSelector) in graph:
                quote = str(graph.value(selector, OA.exact))
        obj = values["object"]
        statistic = _interval(graph, obj) if (obj, RDF.type, KG.Quantity) in graph else ""
        sources = sorted({labels.get(s, _local(s)) for s in graph.objects(claim, KG.attributedTo)})
        sites = sorted({labels.get(s, _local(s)) for s in graph.objects(claim, KG.site)})
        rows.append({
            "document": file, "start": start, "end": end, "quote": quote,
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
