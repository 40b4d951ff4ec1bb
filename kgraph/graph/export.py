"""``kgraph export``: the graph as Turtle, JSON-LD, N-Triples or TriG, with deterministic bytes.

TriG splits the graph into named graphs, each triple going to the graph of
its subject (every triple lands in exactly one, so their union is the graph):

- ``kgid:graph/doc/<hash of the document IRI>``, one per document: the
  ``kg:Document`` node, the ``oa:SpecificResource`` targets whose
  ``oa:hasSource`` it is, their selectors, and every node anchored to one of
  those targets by ``oa:hasTarget`` (mentions, claims, in-text citations,
  reference-list entries, abbreviation definitions, page furniture). The hash
  is the one that target and mention IRIs of the document already carry.
- ``kgid:graph/findings``: the ``kg:Finding`` nodes, and the reference facts
  (with their ``kg:Quantity`` objects) copied in because a finding cites them.
- ``kgid:graph/shared``: everything else, the nodes no single page owns:
  concepts and concept schemes, predicates, quantities (content-hashed, so one
  quantity node serves every page stating that number), the extraction run.

Examples
--------
>>> from kgraph.query import load_graph                       # doctest: +SKIP
>>> export_graph(load_graph("out/graph.ttl"), "trig", "out/graph.trig")   # doctest: +SKIP
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from kgraph.errors import GraphError, UsageError
from kgraph.graph.serialize import _refuse_surrogates, serialize_graph, write_atomic
from kgraph.iris import short_hash
from kgraph.namespaces import ID, KG, OA, RDF, bind_prefixes

__all__ = ["EXPORT_FORMATS", "FINDINGS_GRAPH", "SHARED_GRAPH", "document_graph_iri", "export_bytes",
           "export_graph", "partition"]

EXPORT_FORMATS = ("jsonld", "nt", "trig", "ttl")
FINDINGS_GRAPH = ID["graph/findings"]
SHARED_GRAPH = ID["graph/shared"]


def document_graph_iri(document: URIRef) -> URIRef:
    """Name of the TriG graph holding everything anchored to ``document``."""
    return ID[f"graph/doc/{short_hash(str(document))}"]


def export_graph(graph: Graph, fmt: str, out_path: str | Path) -> Path:
    """Write ``graph`` in ``fmt`` (ttl, jsonld, nt, trig) to ``out_path`` atomically; return the path.

    Raises
    ------
    UsageError
        For a format not in :data:`EXPORT_FORMATS`.
    GraphError
        When the file cannot be written.
    """
    path = Path(out_path)
    data = export_bytes(graph, fmt)
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise GraphError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def export_bytes(graph: Graph, fmt: str) -> bytes:
    """``graph`` serialized in ``fmt``; the same graph always gives the same bytes."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "jsonld":
        return _jsonld(graph)
    if fmt == "trig":
        return _trig(graph)
    return serialize_graph(graph, fmt)


def partition(graph: Graph) -> dict[URIRef, Graph]:
    """Split ``graph`` into the named graphs of the TriG export (see the module docstring).

    Returns
    -------
    dict
        Graph name -> its triples; names with no triples are left out. Every
        triple of ``graph`` is in exactly one of them.
    """
    owner = _owners(graph)
    parts: dict[URIRef, Graph] = {}
    for triple in graph:
        name = owner.get(triple[0], SHARED_GRAPH)
        if name not in parts:
            parts[name] = Graph()
        parts[name].add(triple)
    return parts


def _owners(graph: Graph) -> dict[Node, URIRef]:
    """Subject -> named graph, for the subjects that do not go to the shared graph."""
    owner: dict[Node, URIRef] = {}
    for doc in graph.subjects(RDF.type, KG.Document):
        owner[doc] = document_graph_iri(doc)
    targets = {}
    # min(): a node anchored in two documents (none is) still gets one owner, the same every run
    for target in set(graph.subjects(OA.hasSource, None)):
        targets[target] = min(document_graph_iri(doc) for doc in graph.objects(target, OA.hasSource))
        owner[target] = targets[target]
        for selector in graph.objects(target, OA.hasSelector):
            owner[selector] = targets[target]
    for node in set(graph.subjects(OA.hasTarget, None)):
        names = [targets[t] for t in graph.objects(node, OA.hasTarget) if t in targets]
        if names:
            owner[node] = min(names)
    for finding in graph.subjects(RDF.type, KG.Finding):
        owner[finding] = FINDINGS_GRAPH
    # what kgraph.graph.findings copies in: the cited reference facts and their quantities
    for fact in graph.subjects(RDF.type, KG.ReferenceFact):
        owner[fact] = FINDINGS_GRAPH
        for value in graph.objects(fact, KG.object):
            if (value, RDF.type, KG.Quantity) in graph and value not in owner:
                owner[value] = FINDINGS_GRAPH
    return owner


def _trig(graph: Graph) -> bytes:
    """TriG from per-graph Turtle: graphs sorted by name, each graph's Turtle deterministic."""
    # One namespace manager for every part, so a generated prefix means the same in each graph block.
    namespaces = NamespaceManager(bind_prefixes(Graph()), bind_namespaces="none")
    prefixes: set[str] = set()
    blocks = []
    for name, part in sorted(partition(graph).items()):
        part.namespace_manager = namespaces
        head, body = _split_prefixes(serialize_graph(part, "ttl").decode("utf-8"))
        prefixes.update(head)
        body = body.strip("\n")  # not indented: that would enter multi-line ("""...""") literals
        blocks.append(f"<{name}> {{\n{body}\n}}\n")
    return ("".join(sorted(prefixes)) + "\n" + "\n".join(blocks)).encode("utf-8")


def _split_prefixes(turtle: str) -> tuple[list[str], str]:
    """The ``@prefix`` lines of rdflib's Turtle (always first) and the rest."""
    lines = turtle.split("\n")
    count = 0
    while count < len(lines) and lines[count].startswith("@prefix "):
        count += 1
    return [line + "\n" for line in lines[:count]], "\n".join(lines[count:])


def _jsonld(graph: Graph) -> bytes:
    """JSON-LD with a fixed ``@context`` of the kgraph prefixes; nodes sorted by ``@id``, values sorted."""
    bind_prefixes(graph)
    prefixes = bind_prefixes(Graph(bind_namespaces="none"))
    context = {prefix: str(namespace) for prefix, namespace in prefixes.namespaces()}
    context["rdf"] = str(RDF)
    _refuse_surrogates(graph)  # as serialize_graph does for the other formats (the check has no public name yet)
    data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = data.get("@graph", [data] if "@id" in data else [])
    nodes = [{key: value for key, value in node.items() if key != "@context"} for node in nodes]
    document = {"@context": context, "@graph": sorted((_sorted_values(n) for n in nodes), key=_node_key)}
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _sorted_values(value: object) -> object:
    """Sort every JSON-LD value array (RDF objects are a set) except ``@list``, which is ordered."""
    if isinstance(value, dict):
        return {key: (item if key == "@list" else _sorted_values(item)) for key, item in value.items()}
    if isinstance(value, list):
        return sorted((_sorted_values(item) for item in value), key=_canonical)
    return value


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _node_key(node: dict) -> tuple[str, str]:
    return str(node.get("@id", "")), _canonical(node)
