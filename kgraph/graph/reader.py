"""Read a large graph one property at a time instead of one node at a time.

Asking a store ``graph.objects(node, prop)`` for every node and property
costs one store call each; on a built corpus graph (hundreds of thousands of
triples in an Oxigraph store) those calls cost more than the work done with
the answers. :class:`PropertyReader` scans each property once, on first use,
and answers every later question about it from a dict.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.term import Node

from kgraph.graph.store import subject_objects, subjects_of_type

__all__ = ["PropertyReader", "value_order"]


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

    Notes
    -----
    The reader is a snapshot: triples added to ``graph`` after a property was
    first read are not seen.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._values: dict[URIRef, dict[Node, list[Node]]] = {}
        self._typed: dict[URIRef, set[Node]] = {}
        self._types: dict[Node, set[Node]] | None = None

    def _scan(self, prop: URIRef) -> dict[Node, list[Node]]:
        found = self._values.get(prop)
        if found is None:
            found = self._values[prop] = {}
            for subject, value in subject_objects(self.graph, prop):
                found.setdefault(subject, []).append(value)
        return found

    def values(self, node: Node | None, prop: URIRef) -> list[Node]:
        """Every value of ``prop`` on ``node``, in store order (``[]`` for none)."""
        return self._scan(prop).get(node, []) if node is not None else []

    def sorted_values(self, node: Node | None, prop: URIRef) -> list[Node]:
        """Every value of ``prop`` on ``node``, in :func:`value_order`."""
        return sorted(self.values(node, prop), key=value_order)

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

    def subjects(self, prop: URIRef) -> list[Node]:
        """Every node with a value of ``prop``, in IRI order."""
        return sorted(self._scan(prop), key=str)

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
