"""Read a large graph one property at a time instead of one node at a time.

Asking a store ``graph.objects(node, prop)`` for every node and property
costs one store call each; on a built corpus graph (hundreds of thousands of
triples in an Oxigraph store) those calls cost more than the work done with
the answers. :class:`PropertyReader` scans each property once, on first use,
and answers every later question about it from a dict.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from rdflib import Graph, URIRef
from rdflib.term import Node

from kgraph.graph.store import (
    node_values,
    oxigraph_store,
    subject_objects,
    subjects_of_type,
)
from kgraph.namespaces import KG, OA

__all__ = ["CORPUS_NODE_PROPERTIES", "Anchor", "PropertyReader", "value_order"]

# properties of claims, mentions, quantities and findings: a large corpus has hundreds of thousands of each,
# so a reader of all of them takes these a node at a time (PropertyReader's by_node), not in scans held at once
CORPUS_NODE_PROPERTIES = (
    KG.involves, KG.findingType, KG.severity, KG.explanation, KG.documentCount, KG.independentSources,
    KG.subject, KG.predicate, KG.object, KG.polarity, KG.certainty, KG.objectMention, KG.predicateCue,
    KG.certaintyCue, KG.negationCue, KG.sentenceStart, KG.sentenceEnd, KG.attributedTo, KG.citation,
    KG.measure, KG.site, KG.populationGroup, KG.indication, KG.refersTo, KG.shortForm, KG.longForm,
    KG.population, KG.period, KG.lowerBound, KG.upperBound, KG.lowerInclusive, KG.upperInclusive, KG.unit,
    KG.quantifies)


class Anchor(NamedTuple):
    """Where a node's text is: document IRI and ``[start, end)`` in code points of the page text."""

    document: str
    start: int
    end: int


_ANCHORS = f"""PREFIX oa: <{OA}>
SELECT ?node ?doc ?start ?end WHERE {{
  ?node oa:hasTarget ?t . ?t oa:hasSource ?doc ; oa:hasSelector ?p .
  ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
}}"""


def value_order(value: Node) -> tuple[str, str]:
    """A fixed order of RDF terms (kind, then text), the same whatever order a store lists them in."""
    return type(value).__name__, str(value)


class PropertyReader:
    """The values of ``graph``'s properties, each property read in one store scan.

    Parameters
    ----------
    graph
        Any rdflib graph; one backed by an Oxigraph store is read straight from
        the store (:func:`kgraph.graph.store.subject_objects`).
    anchors
        The graph's anchors as :meth:`anchors` reads them, when already read
        (a build's analysis hands them to its report: on an on-disk store the
        query costs seconds per thousand pages).

    by_node
        Properties read one node at a time instead of in one scan: the first
        question about a node reads all of these on it (one store lookup),
        and the answers are kept for the last ``node_cache`` nodes asked
        about. For the properties of a corpus's claims and findings, whose
        scans would hold them all at once.
    node_cache
        How many nodes' ``by_node`` properties are kept.

    Notes
    -----
    The reader is a snapshot: triples added to ``graph`` after a property was
    first read are not seen.
    """

    def __init__(self, graph: Graph, anchors: dict[str, Anchor] | None = None, *,
                 by_node: Iterable[URIRef] = (), node_cache: int = 10_000) -> None:
        self.graph = graph
        self._values: dict[URIRef, dict[Node, list[Node]]] = {}
        self._typed: dict[URIRef, set[Node]] = {}
        self._anchors = anchors
        self._by_node = frozenset(by_node)
        self._node_cache = node_cache
        self._nodes: dict[Node, dict[URIRef, list[Node]]] = {}  # node -> its by_node properties

    def _scan(self, prop: URIRef) -> dict[Node, list[Node]]:
        found = self._values.get(prop)
        if found is None:
            found = self._values[prop] = {}
            for subject, value in subject_objects(self.graph, prop):
                found.setdefault(subject, []).append(value)
        return found

    def _of_node(self, node: Node) -> dict[URIRef, list[Node]]:
        """``node``'s ``by_node`` properties: kept, or read now (one lookup)."""
        found = self._nodes.get(node)
        if found is None:
            if len(self._nodes) >= self._node_cache:  # bounded: start again (nodes are asked about in runs)
                self._nodes.clear()
            found = self._nodes[node] = {}
            for prop, value in node_values(self.graph, node, self._by_node):
                found.setdefault(prop, []).append(value)
        return found

    def forget(self, *props: URIRef) -> None:
        """Drop what was read of ``props`` (to free memory); a later question reads them again."""
        for prop in props:
            self._values.pop(prop, None)

    def values(self, node: Node | None, prop: URIRef) -> list[Node]:
        """Every value of ``prop`` on ``node``, in store order (``[]`` for none)."""
        if node is None:
            return []
        if prop in self._by_node:
            return self._of_node(node).get(prop, [])
        return self._scan(prop).get(node, [])

    def first(self, node: Node | None, prop: URIRef, default: Node | None = None) -> Node | None:
        """The first value the store gave (for properties with one value per node)."""
        values = self.values(node, prop)
        return values[0] if values else default

    def one(self, node: Node | None, prop: URIRef) -> Node | None:
        """The least value of ``prop`` on ``node`` in :func:`value_order`, or ``None``: stable across loads."""
        values = self.values(node, prop)
        if not values:
            return None
        return values[0] if len(values) == 1 else min(values, key=value_order)

    def pairs(self, prop: URIRef) -> list[tuple[Node, Node]]:
        """Every (subject, object) of ``prop``, sorted by subject then object text."""
        return sorted(((s, o) for s, values in self._scan(prop).items() for o in values),
                      key=lambda pair: (str(pair[0]), str(pair[1])))

    def typed(self, cls: URIRef) -> set[Node]:
        """The nodes of type ``cls`` (a set: ask :meth:`instances` for an order)."""
        found = self._typed.get(cls)
        if found is None:
            found = self._typed[cls] = set(subjects_of_type(self.graph, cls))
        return found

    def instances(self, cls: URIRef) -> list[Node]:
        """The nodes of type ``cls``, in IRI order."""
        return sorted(self.typed(cls), key=str)

    def is_a(self, node: Node | None, cls: URIRef) -> bool:
        """Whether ``node`` has ``rdf:type cls``."""
        return node is not None and node in self.typed(cls)

    def anchors(self) -> dict[str, Anchor]:
        """(document, start, end) of every annotated node (``oa:hasTarget``), by node IRI.

        On an Oxigraph store the join runs there, as one query (a third of
        the time, and none of the memory, of joining six property scans
        here). A node anchored twice (kgraph makes none) keeps its least
        anchor, whatever order the store gives; an anchor whose offsets are
        not integers (a hand-edited graph) is left out. The quotes are not
        read: they are the page text between the offsets (:meth:`exact`
        reads the one the graph recorded, where there is no text).
        """
        if self._anchors is not None:
            return self._anchors
        anchors: dict[str, Anchor] = {}
        store = oxigraph_store(self.graph)
        if store is not None:
            rows = ((node.value, doc.value, start.value, end.value)
                    for node, doc, start, end in store.query(_ANCHORS))
        else:
            rows = self._joined_anchors()
        documents: dict[str, str] = {}  # one string per document IRI, not one per anchor
        for node, doc, start, end in rows:
            try:
                anchor = Anchor(documents.setdefault(doc, doc), int(start), int(end))
            except ValueError:
                continue
            seen = anchors.setdefault(node, anchor)
            if anchor < seen:
                anchors[node] = anchor
        self._anchors = anchors
        return anchors

    def quote(self, node: Node, anchor: Anchor, text: str | None) -> str | None:
        """``node``'s quote: ``text`` (its page's) between ``anchor``'s offsets, else the one the graph records.

        ``None`` when the offsets do not fit ``text`` (or there is none) and the graph records no quote.
        """
        if text is not None and 0 <= anchor.start <= anchor.end <= len(text):
            return text[anchor.start:anchor.end]
        return self.exact(node) or None

    def exact(self, node: Node) -> str:
        """The quote the graph records for ``node``'s anchor (``oa:exact``; the least, if several), or ``""``."""
        quotes = [str(quote) for target in self.graph.objects(node, OA.hasTarget)
                  for selector in self.graph.objects(target, OA.hasSelector)
                  for quote in self.graph.objects(selector, OA.exact)]
        return min(quotes, default="")

    def _joined_anchors(self):
        positions = self.typed(OA.TextPositionSelector)
        targets: dict = {}
        for target, doc in self.pairs(OA.hasSource):
            for selector in self.values(target, OA.hasSelector):
                if selector in positions:
                    targets[target] = (str(doc), str(self.first(selector, OA.start)),
                                       str(self.first(selector, OA.end)))
        for node, target in self.pairs(OA.hasTarget):
            if target in targets:
                yield (str(node), *targets[target])
