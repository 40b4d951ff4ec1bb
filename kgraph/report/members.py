"""Read what a report shows about one node of the graph: its anchor, quote and labels.

:class:`GraphIndex` reads the graph one property at a time
(:class:`kgraph.graph.reader.PropertyReader`), so building a member record is
a few dictionary lookups, not store calls: a corpus report asks about every
member of tens of thousands of findings. Everything here reads
the shapes of CONTRACT.md (documents, ``oa:hasTarget`` anchors, claims,
findings); nothing is computed that the graph does not say.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kgraph.graph.reader import (
    CORPUS_NODE_PROPERTIES,
    Anchor,
    AnchorTable,
    PropertyReader,
)
from kgraph.namespaces import DCTERMS, KG, RDFS, SKOS

__all__ = ["BY_NODE_ABOVE", "Anchor", "DocumentInfo", "GraphIndex", "local_name"]

# member kinds of report.json, by rdf:type of the member node (first match wins)
_KINDS = (
    (KG.Claim, "claim"),
    (KG.Mention, "mention"),
    # an abbreviation definition is the anchored mention of a TerminologyConflict (CONTRACT.md)
    (KG.AbbreviationDefinition, "mention"),
    (KG.InTextCitation, "citation"),
    (KG.ReferenceListEntry, "reference_entry"),
    (KG.ReferenceFact, "reference_fact"),
)


# above this many anchored nodes (claims, mentions, ...; about 600 generated pages) the report reads
# CORPUS_NODE_PROPERTIES a node at a time, in bounded memory; below it, in scans (faster)
BY_NODE_ABOVE = 100_000


def local_name(iri: Node | str | None) -> str | None:
    """The part of an IRI after its last ``#`` or ``/`` (``kg:Negated`` -> ``"Negated"``)."""
    if iri is None:
        return None
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if ("#" in text or "/" in text) else text


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A ``kg:Document`` as the report shows it."""

    iri: str
    file: str
    text: str
    url: str | None
    title: str | None
    publisher: str | None


class GraphIndex:
    """Documents, anchors and labels of a kgraph graph, read once.

    Parameters
    ----------
    graph
        A graph as ``kgraph build`` writes it.
    """

    def __init__(self, graph: Graph, anchors: AnchorTable | None = None) -> None:
        self.graph = graph
        anchors = anchors if anchors is not None else PropertyReader(graph).anchors()
        # a large graph's claims and findings a node at a time (bounded memory); a small one's in scans (faster)
        by_node = CORPUS_NODE_PROPERTIES if len(anchors) > BY_NODE_ABOVE else ()
        self.read = PropertyReader(graph, anchors, by_node=by_node)
        self.documents: dict[str, DocumentInfo] = {}
        for doc in self.read.instances(KG.Document):
            self.documents[str(doc)] = self._document(doc)
        self.read.forget(KG.text)  # every page's text, now held once, in the documents
        self.anchors: AnchorTable = self.read.anchors().sound()  # the reader's own table when all are sound
        self._citing: dict[Node, list[Node]] | None = None

    # ------------------------------------------------------------------ reading

    def one(self, node: Node | None, prop: URIRef) -> Node | None:
        """One value of ``prop`` on ``node``: the least in a fixed order, or ``None``.

        ``Graph.value`` returns whichever value the store yields first, which
        can differ between two loads of the same graph; the report must not.
        """
        return self.read.one(node, prop)

    def values(self, node: Node | None, prop: URIRef) -> list[Node]:
        """Every value of ``prop`` on ``node``."""
        return self.read.values(node, prop)

    def is_a(self, node: Node | None, cls: URIRef) -> bool:
        """Whether ``node`` has ``rdf:type cls``."""
        return self.read.is_a(node, cls)

    def instances(self, cls: URIRef) -> list[Node]:
        """The nodes of type ``cls``, in IRI order."""
        return self.read.instances(cls)

    def pairs(self, prop: URIRef) -> list[tuple[Node, Node]]:
        """Every (subject, object) of ``prop``, in a fixed order."""
        return self.read.pairs(prop)

    def citing(self, entry: Node) -> list[Node]:
        """The in-text citations that cite reference entry ``entry`` (``kg:citesEntry``), in IRI order."""
        if self._citing is None:
            self._citing = {}
            for citation, cited in self.read.pairs(KG.citesEntry):
                self._citing.setdefault(cited, []).append(citation)
        return self._citing.get(entry, [])

    def _document(self, doc: URIRef) -> DocumentInfo:
        publisher = self.one(doc, DCTERMS.publisher)
        return DocumentInfo(
            iri=str(doc),
            file=str(self.one(doc, KG.fileName) or doc),
            text=str(self.one(doc, KG.text) or ""),
            url=_optional(self.one(doc, KG.sourceUrl)),
            title=_optional(self.one(doc, DCTERMS.title)),
            publisher=None if publisher is None else (self.label(publisher) if isinstance(publisher, URIRef)
                                                      else str(publisher)),
        )

    def label(self, node: Node | None) -> str | None:
        """A human label: ``skos:prefLabel``, ``rdfs:label``, a quantity's interval, or the IRI's local name."""
        if node is None:
            return None
        if isinstance(node, Literal):
            return str(node)
        for prop in (SKOS.prefLabel, RDFS.label):
            values = sorted(self.values(node, prop), key=lambda v: (getattr(v, "language", None) != "en", str(v)))
            if values:
                return str(values[0])
        if self.is_a(node, KG.Quantity):
            return self.quantity_text(node)
        return (local_name(node) or str(node)).replace("-", " ")

    def quantity_text(self, node: Node) -> str:
        """A ``kg:Quantity`` as text: ``"50 million to 100 million adults"``, ``"at least 12 weeks"``."""
        low, high = _number(self.one(node, KG.lowerBound)), _number(self.one(node, KG.upperBound))
        if low is not None and high is not None:
            value = low if low == high else f"{low} to {high}"
        elif low is not None:
            value = f"at least {low}"
        elif high is not None:
            value = f"at most {high}"
        else:
            value = "an unknown amount"
        unit = self.one(node, KG.unit)
        unit_text = _UNIT_TEXT.get(local_name(unit) or "", None) if unit is not None else ""
        if unit_text is None:  # a unit the display table does not know: its label, or its local name
            unit_text = self.label(unit) or ""
        what = self.one(node, KG.quantifies)
        return " ".join(x for x in (value + ("%" if unit_text == "%" else ""),
                                    "" if unit_text == "%" else unit_text, str(what or "")) if x)

    def kind(self, node: URIRef) -> str:
        """The report's member kind of ``node`` (``claim``, ``mention``, ... or ``concept``)."""
        for rdf_type, kind in _KINDS:
            if self.is_a(node, rdf_type):
                return kind
        return "concept"

    def quote(self, node: URIRef) -> str:
        """The page text of an anchored node; a fact's statement or a concept's label otherwise."""
        anchor = self.anchors.get(str(node))
        if anchor is not None:
            doc = self.documents.get(anchor.document)
            quote = self.read.quote(node, anchor, doc.text if doc is not None else None)
            if quote is not None:
                return quote
        for prop in (KG.statement, SKOS.prefLabel, RDFS.label):
            value = self.one(node, prop)
            if value is not None:
                return str(value)
        return self.label(node) or str(node)


def _optional(value: Node | None) -> str | None:
    return None if value is None or str(value) == "" else str(value)


def _number(value: Node | None) -> str | None:
    """A decimal literal for people: ``"50000000.0"`` -> ``"50 million"``, ``"1.50"`` -> ``"1.5"``."""
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    for size, word in ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")):
        if abs(number) >= size:
            return f"{_plain(number / size)} {word}"
    return _plain(number)


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# how a unit reads after a number; "" for a plain count or a calendar year
_UNIT_TEXT = {"PERCENT": "%", "NUM": "", "CalendarYear": "", "SEC": "seconds", "MIN": "minutes", "HR": "hours",
              "DAY": "days", "WK": "weeks", "MO": "months", "YR": "years"}
