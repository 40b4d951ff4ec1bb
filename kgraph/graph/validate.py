"""SHACL validation of a graph against ``ontology/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pyshacl import validate
from rdflib import Graph

from kgraph.ontology_files import ontology_file

__all__ = ["ValidationResult", "load_shapes", "validate_graph"]


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """Whether the graph conforms, and pyshacl's report text when it does not."""

    conforms: bool
    report: str


@cache
def load_shapes() -> Graph:
    """The SHACL shapes graph."""
    return Graph().parse(ontology_file("shapes.ttl"), format="turtle")


def validate_graph(graph: Graph) -> ValidationResult:
    """Validate ``graph`` with pyshacl (no inference: the graph must state what the shapes need)."""
    conforms, _, text = validate(graph, shacl_graph=load_shapes(), inference="none", advanced=True,
                                 allow_warnings=True)
    return ValidationResult(bool(conforms), str(text))
