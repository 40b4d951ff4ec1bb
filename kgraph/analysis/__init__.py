"""Analysis with networkx: paraphrase clusters and typed contradictions between pages.

The RDF graph is projected into networkx once (:func:`project`); every finder
after that is a pure function of the projection and returns findings, which
:func:`kgraph.graph.findings.add_findings` writes back into the RDF graph.

>>> from kgraph.analysis import project, analyze            # doctest: +SKIP
>>> result = analyze(project(graph, load_ontology()))       # doctest: +SKIP
"""

from kgraph.analysis.projection import claim_nodes, project
from kgraph.analysis.records import ClaimNode, Finding, FindingType, Interval, Severity
from kgraph.analysis.run import Analysis, analyze, analyze_by_type
from kgraph.analysis.semantics import Semantics

__all__ = [
    "Analysis",
    "ClaimNode",
    "Finding",
    "FindingType",
    "Interval",
    "Semantics",
    "Severity",
    "analyze",
    "analyze_by_type",
    "claim_nodes",
    "project",
]
