"""Read what a report shows about one node of the graph: its anchor, quote and labels.

:class:`GraphIndex` walks the graph once (documents, anchors, labels) so that
building a member record is a few dictionary lookups. Everything here reads
the shapes of CONTRACT.md (documents, ``oa:hasTarget`` anchors, claims,
findings); nothing is computed that the graph does not say.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kgraph.namespaces import DCTERMS, KG, OA, RDF, RDFS, SKOS

__all__ = ["Anchor", "DocumentInfo", "GraphIndex", "local_name", "one"]

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


def local_name(iri: Node | str | None) -> str | None:
    """The part of an IRI after its last ``#`` or ``/`` (``kg:Negated`` -> ``"Negated"``)."""
    if iri is None:
        return None
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if ("#" in text or "/" in text) else text


def one(graph: Graph, subject: Node | None, prop: URIRef) -> Node | None:
    """One value of ``prop`` on ``subject``: the least in a fixed order, or ``None``.

    ``Graph.value`` returns whichever value the store yields first, which
    can differ between two loads of the same graph; the report must not.
    """
    if subject is None:
        return None
    values = sorted(graph.objects(subject, prop), key=lambda v: (type(v).__name__, str(v)))
    return values[0] if values else None


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A ``kg:Document`` as the report shows it."""

    iri: str
    file: str
    text: str
    url: str | None
    title: str | None
    publisher: str | None


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a node's text is: document IRI and ``[start, end)`` code-point offsets."""

    document: str
    start: int
    end: int


class GraphIndex:
    """Documents, anchors and labels of a kgraph graph, read once.

    Parameters
    ----------
    graph
        A graph as ``kgraph build`` writes it.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.documents: dict[str, DocumentInfo] = {}
        for doc in sorted(set(graph.subjects(RDF.type, KG.Document))):
            self.documents[str(doc)] = self._document(doc)
        self.anchors: dict[str, Anchor] = {}
        for node, target in graph.subject_objects(OA.hasTarget):
            anchor = self._anchor(target)
            # a node with several targets keeps the earliest one, so the choice is stable
            if anchor is not None and (str(node) not in self.anchors or
                                       _anchor_key(anchor) < _anchor_key(self.anchors[str(node)])):
                self.anchors[str(node)] = anchor

    # ------------------------------------------------------------------ reading

    def _document(self, doc: URIRef) -> DocumentInfo:
        g = self.graph
        publisher = one(g, doc, DCTERMS.publisher)
        return DocumentInfo(
            iri=str(doc),
            file=str(one(g, doc, KG.fileName) or doc),
            text=str(one(g, doc, KG.text) or ""),
            url=_optional(one(g, doc, KG.sourceUrl)),
            title=_optional(one(g, doc, DCTERMS.title)),
            publisher=None if publisher is None else (self.label(publisher) if isinstance(publisher, URIRef)
                                                      else str(publisher)),
        )

    def _anchor(self, target: Node) -> Anchor | None:
        g = self.graph
        doc = one(g, target, OA.hasSource)
        if doc is None:
            return None
        for selector in sorted(g.objects(target, OA.hasSelector)):
            start, end = one(g, selector, OA.start), one(g, selector, OA.end)
            if start is None or end is None:
                continue
            try:
                start, end = int(start), int(end)
            except ValueError:  # a hand-edited graph: such an anchor is not shown rather than failing the report
                continue
            if 0 <= start <= end:
                return Anchor(str(doc), start, end)
        return None

    def label(self, node: Node | None) -> str | None:
        """A human label: ``skos:prefLabel``, ``rdfs:label``, a quantity's interval, or the IRI's local name."""
        if node is None:
            return None
        if isinstance(node, Literal):
            return str(node)
        g = self.graph
        for prop in (SKOS.prefLabel, RDFS.label):
            values = sorted(g.objects(node, prop), key=lambda v: (getattr(v, "language", None) != "en", str(v)))
            if values:
                return str(values[0])
        if (node, RDF.type, KG.Quantity) in g:
            return self.quantity_text(node)
        return (local_name(node) or str(node)).replace("-", " ")

    def quantity_text(self, node: Node) -> str:
        """A ``kg:Quantity`` as text: ``"50 million to 100 million adults"``, ``"at least 12 weeks"``."""
        g = self.graph
        low, high = _number(one(g, node, KG.lowerBound)), _number(one(g, node, KG.upperBound))
        if low is not None and high is not None:
            value = low if low == high else f"{low} to {high}"
        elif low is not None:
            value = f"at least {low}"
        elif high is not None:
            value = f"at most {high}"
        else:
            value = "an unknown amount"
        unit = one(g, node, KG.unit)
        unit_text = _UNIT_TEXT.get(local_name(unit) or "", None) if unit is not None else ""
        if unit_text is None:  # a unit the display table does not know: its label, or its local name
            unit_text = self.label(unit) or ""
        what = one(g, node, KG.quantifies)
        return " ".join(x for x in (value + ("%" if unit_text == "%" else ""),
                                    "" if unit_text == "%" else unit_text, str(what or "")) if x)

    def kind(self, node: URIRef) -> str:
        """The report's member kind of ``node`` (``claim``, ``mention``, ... or ``concept``)."""
        types = set(self.graph.objects(node, RDF.type))
        for rdf_type, kind in _KINDS:
            if rdf_type in types:
                return kind
        return "concept"

    def quote(self, node: URIRef) -> str:
        """The page text of an anchored node; a fact's statement or a concept's label otherwise."""
        anchor = self.anchors.get(str(node))
        if anchor is not None:
            doc = self.documents.get(anchor.document)
            if doc is not None and anchor.end <= len(doc.text):
                return doc.text[anchor.start:anchor.end]
            exact = self._exact(node)
            if exact is not None:
                return exact
        g = self.graph
        for prop in (KG.statement, SKOS.prefLabel, RDFS.label):
            value = one(g, node, prop)
            if value is not None:
                return str(value)
        return self.label(node) or str(node)

    def _exact(self, node: URIRef) -> str | None:
        for target in sorted(self.graph.objects(node, OA.hasTarget)):
            for selector in sorted(self.graph.objects(target, OA.hasSelector)):
                exact = one(self.graph, selector, OA.exact)
                if exact is not None:
                    return str(exact)
        return None


def _anchor_key(anchor: Anchor) -> tuple:
    return anchor.document, anchor.start, anchor.end


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
