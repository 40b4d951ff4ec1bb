"""W3C Web Annotation anchors: a target with a position and a quote selector."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Literal, URIRef

from kgraph.iris import short_hash
from kgraph.namespaces import ID, OA, RDF, XSD

__all__ = ["CONTEXT_CHARS", "add_anchor", "offset_literal", "target_iri"]

CONTEXT_CHARS = 32  # characters of oa:prefix / oa:suffix


@lru_cache(maxsize=1 << 14)
def offset_literal(offset: int) -> Literal:
    """``offset`` as an ``xsd:nonNegativeInteger`` (kept: the same offsets recur on every page).

    Examples
    --------
    >>> offset_literal(7).n3()
    '"7"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>'
    """
    return Literal(offset, datatype=XSD.nonNegativeInteger)


def target_iri(doc: URIRef, start: int, end: int) -> URIRef:
    """One target per (document, span), shared by every annotation on that span."""
    return ID[f"target/{short_hash(str(doc))}/{start}-{end}"]


def add_anchor(graph: Graph, node: URIRef, doc: URIRef, text: str, start: int, end: int) -> URIRef:
    """Anchor ``node`` to ``text[start:end]`` of ``doc``; returns the target IRI.

    The quote selector carries ``oa:exact`` and up to :data:`CONTEXT_CHARS`
    characters of prefix and suffix; the position selector the offsets.
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"anchor {start}:{end} outside a text of {len(text)} characters")
    target = target_iri(doc, start, end)
    graph.add((node, OA.hasTarget, target))
    if (target, OA.hasSource, doc) in graph:
        return target
    position = URIRef(f"{target}/position")
    quote = URIRef(f"{target}/quote")
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, doc))
    graph.add((target, OA.hasSelector, position))
    graph.add((target, OA.hasSelector, quote))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, offset_literal(start)))
    graph.add((position, OA.end, offset_literal(end)))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(text[start:end])))
    graph.add((quote, OA.prefix, Literal(text[max(0, start - CONTEXT_CHARS) : start])))
    graph.add((quote, OA.suffix, Literal(text[end : end + CONTEXT_CHARS])))
    return target
