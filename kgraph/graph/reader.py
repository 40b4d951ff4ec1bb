"""Read a large graph one property at a time instead of one node at a time.

Asking a store ``graph.objects(node, prop)`` for every node and property
costs one store call each; on a built corpus graph (hundreds of thousands of
triples in an Oxigraph store) those calls cost more than the work done with
the answers. :class:`PropertyReader` scans each property once, on first use,
and answers every later question about it from a dict.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

import numpy as np
from rdflib import Graph, URIRef
from rdflib.term import Node

from kgraph.graph.store import (
    has_type,
    node_values,
    oxigraph_store,
    subject_objects,
    subjects_of_type,
)
from kgraph.namespaces import KG, OA

__all__ = ["CORPUS_NODE_PROPERTIES", "Anchor", "AnchorTable", "PackedIris", "PropertyReader", "value_order"]

# properties of claims, mentions, quantities and findings: a large corpus has hundreds of thousands of each,
# so a reader of all of them takes these a node at a time (PropertyReader's by_node), not in scans held at once
CORPUS_NODE_PROPERTIES = (
    KG.involves, KG.findingType, KG.severity, KG.explanation, KG.documentCount, KG.independentSources,
    KG.subject, KG.predicate, KG.object, KG.polarity, KG.certainty, KG.objectMention, KG.predicateCue,
    KG.certaintyCue, KG.negationCue, KG.sentenceStart, KG.sentenceEnd, KG.attributedTo, KG.citation,
    KG.measure, KG.site, KG.populationGroup, KG.indication, KG.refersTo, KG.shortForm, KG.longForm,
    KG.population, KG.period, KG.lowerBound, KG.upperBound, KG.lowerInclusive, KG.upperInclusive, KG.unit,
    KG.quantifies, KG.time)


class Anchor(NamedTuple):
    """Where a node's text is: document IRI and ``[start, end)`` in code points of the page text."""

    document: str
    start: int
    end: int


_INT64 = -(2**63)


def _offsets(start: object, end: object) -> tuple[int, int] | None:
    """A row's offsets as integers, or ``None`` when they are not (a hand-edited graph; no page is 2**63 long)."""
    try:
        start, end = int(start), int(end)
    except ValueError:
        return None
    return (start, end) if _INT64 < start < -_INT64 and _INT64 < end < -_INT64 else None


def _iri_hash(iri: str) -> int:
    """The 64-bit key of an IRI in an :class:`AnchorTable` (Python's string hash: fast, and fixed within a run)."""
    return hash(iri)


AnchorRows = Callable[[], Iterable[tuple[str, str, object, object]]]


class AnchorTable:
    """Every anchored node's :class:`Anchor`, looked up by node IRI, in about 30 bytes a node.

    A corpus has close to a million anchored mentions and claims; a dict of
    them held about 300 bytes each (the IRI, the tuple, its numbers). The
    table keeps each node's IRI hash, document number and offsets in four
    arrays sorted by hash, and answers a lookup by binary search. The IRIs
    themselves are not kept, so the table cannot be iterated: it answers
    ``table[iri]``, ``table.get(iri)``, ``iri in table`` and ``len(table)``.

    Lookups are exact. Where two rows share a hash (one node anchored twice,
    or two IRIs whose hashes collide, about once in 40 million corpora of a
    million nodes), the rows are read again and those nodes are kept by IRI.

    Parameters
    ----------
    rows
        Called to read the anchors, once (twice when hashes repeat): each row
        is (node IRI, document IRI, start, end). A row whose offsets are not
        integers (a hand-edited graph) is left out; a node anchored twice keeps
        its least anchor.
    """

    def __init__(self, rows: AnchorRows) -> None:
        documents: dict[str, int] = {}
        hashes, docs, starts, ends = array("q"), array("q"), array("q"), array("q")  # 8-byte integers
        for node, doc, start, end in rows():
            offsets = _offsets(start, end)
            if offsets is None:
                continue
            hashes.append(_iri_hash(node))
            docs.append(documents.setdefault(doc, len(documents)))
            starts.append(offsets[0])
            ends.append(offsets[1])
        names = sorted(documents)  # numbered in IRI order, so the least anchor sorts first
        renumber = np.empty(len(names), dtype=np.int64)
        for rank, name in enumerate(names):
            renumber[documents[name]] = rank
        self._documents = names
        hashes_np = np.frombuffer(hashes, dtype=np.int64)
        docs_np = renumber[np.frombuffer(docs, dtype=np.int64)]
        starts_np, ends_np = np.frombuffer(starts, dtype=np.int64), np.frombuffer(ends, dtype=np.int64)
        order = np.lexsort((ends_np, starts_np, docs_np, hashes_np))
        hashes_np, docs_np = hashes_np[order], docs_np[order].astype(np.int32)
        starts_np, ends_np = starts_np[order], ends_np[order]
        del hashes, docs, starts, ends, order
        repeated = hashes_np[1:] == hashes_np[:-1]
        self._by_iri: dict[str, Anchor] = {}
        if repeated.any():  # the nodes of repeated hashes by IRI; every other row stays in the arrays
            shared = frozenset(int(h) for h in hashes_np[1:][repeated])
            for node, doc, start, end in rows():
                offsets = _offsets(start, end) if _iri_hash(node) in shared else None
                if offsets is None:
                    continue
                anchor = Anchor(doc, *offsets)
                seen = self._by_iri.setdefault(node, anchor)
                if anchor < seen:
                    self._by_iri[node] = anchor
            keep = ~np.isin(hashes_np, np.fromiter(shared, dtype=np.int64))
            hashes_np, docs_np, starts_np, ends_np = hashes_np[keep], docs_np[keep], starts_np[keep], ends_np[keep]
        self._hashes, self._docs, self._starts, self._ends = hashes_np, docs_np, starts_np, ends_np

    def _position(self, iri: str) -> int:
        """The row of ``iri``, or -1."""
        key = _iri_hash(iri if type(iri) is str else str(iri))  # an rdflib term hashes otherwise
        at = int(self._hashes.searchsorted(key))
        return at if at < len(self._hashes) and self._hashes[at] == key else -1

    def get(self, iri: str, default: Anchor | None = None) -> Anchor | None:
        """``iri``'s anchor, or ``default``."""
        if self._by_iri and str(iri) in self._by_iri:
            return self._by_iri[str(iri)]
        at = self._position(iri)
        if at < 0:
            return default
        return Anchor(self._documents[self._docs[at]], int(self._starts[at]), int(self._ends[at]))

    def __getitem__(self, iri: str) -> Anchor:
        anchor = self.get(iri)
        if anchor is None:
            raise KeyError(iri)
        return anchor

    def __contains__(self, iri: object) -> bool:
        return isinstance(iri, str) and (str(iri) in self._by_iri or self._position(iri) >= 0)

    def __len__(self) -> int:
        return len(self._hashes) + len(self._by_iri)

    def sound(self) -> AnchorTable:
        """The table without anchors whose offsets cannot be a span (``start < 0`` or ``end < start``)."""
        keep = (self._starts >= 0) & (self._starts <= self._ends)
        by_iri = {node: a for node, a in self._by_iri.items() if 0 <= a.start <= a.end}
        if keep.all() and len(by_iri) == len(self._by_iri):
            return self
        table = object.__new__(AnchorTable)
        table._documents, table._by_iri = self._documents, by_iri
        table._hashes, table._docs = self._hashes[keep], self._docs[keep]
        table._starts, table._ends = self._starts[keep], self._ends[keep]
        return table


_ANCHORS = f"""PREFIX oa: <{OA._NS}>
SELECT ?node ?doc ?start ?end WHERE {{
  ?node oa:hasTarget ?t . ?t oa:hasSource ?doc ; oa:hasSelector ?p .
  ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
}}"""


class PackedIris(Sequence):
    """IRIs in code-point order, packed as UTF-8 in one array: about an IRI's length in bytes each.

    A sorted list holds a Python object per IRI (about 130 bytes with its
    slot, for a finding's) and, while ``sorted(..., key=str)`` runs, a
    string copy of each: about 60 MB for the 450,000 findings of 5,000
    generated pages, twice that while sorting; packed, about 31 MB (70
    bytes an IRI). UTF-8 bytes sort as their code
    points do, so the order is ``sorted(iris)``'s. Each item read is a new
    :class:`~rdflib.URIRef`.

    Parameters
    ----------
    iris
        The IRIs, as strings; none may contain a NUL character (an IRI cannot).
    count, width
        How many there are, and the longest one's length in UTF-8 bytes.
    """

    def __init__(self, iris: Iterable[str], count: int, width: int) -> None:
        self._packed = np.zeros(count, dtype=f"S{max(width, 1)}")
        for n, iri in enumerate(iris):
            self._packed[n] = iri.encode("utf-8")
        self._packed.sort()

    def __len__(self) -> int:
        return len(self._packed)

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [URIRef(item.decode("utf-8")) for item in self._packed[position]]
        return URIRef(self._packed[position].decode("utf-8"))

    def __iter__(self) -> Iterator[URIRef]:
        for item in self._packed:
            yield URIRef(item.decode("utf-8"))


# IRIs longer than this (in UTF-8 bytes) are not packed (:meth:`PropertyReader.sorted_nodes`): every slot is as wide
PACKED_WIDTH_MAX = 512


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

    def __init__(self, graph: Graph, anchors: AnchorTable | None = None, *,
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
        """Drop what was read of ``props``, properties or classes (to free memory); a later question reads them again."""
        for prop in props:
            self._values.pop(prop, None)
            self._typed.pop(prop, None)

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

    def sorted_nodes(self, cls: URIRef) -> Sequence[Node]:
        """:meth:`instances`, holding none of the nodes: packed (:class:`PackedIris`) when all are IRIs.

        The class is read twice, to size the array and to fill it; where a
        node is a blank node or an IRI is longer than :data:`PACKED_WIDTH_MAX`
        bytes, the nodes are sorted as :meth:`instances` sorts them.
        """
        count, width = 0, 0
        for node in self.each_of_type(cls):
            if type(node) is not URIRef:
                return self.instances(cls)
            count += 1
            width = max(width, len(node.encode("utf-8")))
        if width > PACKED_WIDTH_MAX:
            return self.instances(cls)
        return PackedIris(self.each_of_type(cls), count, width)  # URIRefs are strings: packed as they come

    def is_a(self, node: Node | None, cls: URIRef) -> bool:
        """Whether ``node`` has ``rdf:type cls``.

        A reader that reads nodes one at a time (``by_node``) looks the type up
        unless the class's nodes were already read: a corpus has hundreds of
        thousands of claims, mentions and findings, too many to hold for a
        question about a few.
        """
        if node is None:
            return False
        if self._by_node and cls not in self._typed:
            return has_type(self.graph, node, cls)
        return node in self.typed(cls)

    def each_of_type(self, cls: URIRef) -> Iterator[Node]:
        """The nodes of type ``cls`` in store order, none held (:meth:`instances` sorts, :meth:`typed` keeps them)."""
        typed = self._typed.get(cls)
        return iter(typed) if typed is not None else subjects_of_type(self.graph, cls)

    def count(self, cls: URIRef, anchors: AnchorTable | None = None) -> tuple[int, Counter]:
        """How many nodes have type ``cls``, and how many of them are anchored in each document.

        Counted as the store lists them, without holding them; ``anchors`` are
        the ones to count by (the reader's own when ``None``).
        """
        anchors = anchors if anchors is not None else self.anchors()
        total, by_document = 0, Counter()
        for node in self.each_of_type(cls):
            total += 1
            anchor = anchors.get(str(node))
            if anchor is not None:
                by_document[anchor.document] += 1
        return total, by_document

    def anchors(self) -> AnchorTable:
        """(document, start, end) of every annotated node (``oa:hasTarget``), by node IRI.

        On an Oxigraph store the join runs there, as one query (a third of
        the time, and none of the memory, of joining six property scans
        here). A node anchored twice (kgraph makes none) keeps its least
        anchor, whatever order the store gives; an anchor whose offsets are
        not integers (a hand-edited graph) is left out. The quotes are not
        read: they are the page text between the offsets (:meth:`exact`
        reads the one the graph recorded, where there is no text).
        """
        if self._anchors is None:
            self._anchors = AnchorTable(self._anchor_rows)
        return self._anchors

    def _anchor_rows(self) -> Iterator[tuple[str, str, object, object]]:
        store = oxigraph_store(self.graph)
        if store is None:
            return self._joined_anchors()
        return ((node.value, doc.value, start.value, end.value) for node, doc, start, end in store.query(_ANCHORS))

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
