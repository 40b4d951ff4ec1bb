"""Write analysis findings back into the RDF graph (CONTRACT.md, Findings)."""

from __future__ import annotations

from functools import cache

from rdflib import Graph, Literal, URIRef

from kgraph.analysis import Analysis, Finding
from kgraph.iris import short_hash
from kgraph.namespaces import ID, KG, RDF, XSD, bind_prefixes
from kgraph.ontology_files import ontology_dir

__all__ = ["add_findings", "finding_iri", "load_ontology"]


@cache
def _ontology_bytes() -> tuple[tuple[str, str], ...]:
    files = sorted(ontology_dir().rglob("*.ttl"))
    return tuple((f.name, f.read_text(encoding="utf-8")) for f in files if f.name != "shapes.ttl")


def load_ontology() -> Graph:
    """Every ontology file but the SHACL shapes, as one graph (what the analysis knows)."""
    graph = Graph()
    for _, text in _ontology_bytes():
        graph.parse(data=text, format="turtle")
    return graph


def finding_iri(finding: Finding) -> URIRef:
    """Stable IRI of a finding: its type and its members' IRIs (which come from their anchors)."""
    return ID[f"finding/{finding.type.value}/{short_hash(finding.type.value, *finding.members)}"]


def add_findings(graph: Graph, analysis: Analysis, ontology: Graph) -> list[URIRef]:
    """Add each finding, the reference facts they cite and the copy links; return the finding IRIs."""
    bind_prefixes(graph)
    iris = []
    for finding in analysis.findings:
        node = finding_iri(finding)
        iris.append(node)
        graph.add((node, RDF.type, KG.Finding))
        graph.add((node, KG.findingType, KG[finding.type.value]))
        graph.add((node, KG.severity, KG[finding.level.value]))
        graph.add((node, KG.explanation, Literal(finding.explanation)))
        for member in finding.members:
            graph.add((node, KG.involves, URIRef(member)))
            if (URIRef(member), RDF.type, KG.ReferenceFact) in ontology:
                _copy_fact(graph, ontology, URIRef(member))
        for name, value in sorted(finding.extra.items()):
            graph.add((node, KG[name], Literal(value, datatype=XSD.nonNegativeInteger)))
    for a, b, _ in analysis.shared_claims:
        graph.add((URIRef(a), KG.sharesClaimsWith, URIRef(b)))
        graph.add((URIRef(b), KG.sharesClaimsWith, URIRef(a)))
    return iris


def _copy_fact(graph: Graph, ontology: Graph, fact: URIRef) -> None:
    for p, o in ontology.predicate_objects(fact):
        graph.add((fact, p, o))
        if p == KG.object and (o, RDF.type, KG.Quantity) in ontology:
            for qp, qo in ontology.predicate_objects(o):
                graph.add((o, qp, qo))
