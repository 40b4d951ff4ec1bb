"""Run every finder over a projected graph and return the findings, sorted."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from kgraph.analysis.citations import find_citation_mismatches
from kgraph.analysis.conflicts import (
    MAX_PARTNERS,
    find_numeric_conflicts,
    find_polarity_conflicts,
    find_scope_conflicts,
)
from kgraph.analysis.copies import shared_claim_pairs, source_groups
from kgraph.analysis.paraphrase import (
    find_certainty_drift,
    find_paraphrases,
    paraphrase_clusters,
)
from kgraph.analysis.projection import claim_nodes
from kgraph.analysis.records import Finding
from kgraph.analysis.reference import find_reference_conflicts
from kgraph.analysis.semantics import Semantics
from kgraph.analysis.terminology import find_terminology_conflicts

__all__ = ["Analysis", "analyze"]


@dataclass
class Analysis:
    """What the analysis found: sorted findings, and the documents that copy each other."""

    findings: list[Finding] = field(default_factory=list)
    shared_claims: list[tuple[str, str, int]] = field(default_factory=list)


def analyze(g: nx.MultiDiGraph, *, max_partners: int = MAX_PARTNERS) -> Analysis:
    """Every finding in the projected graph ``g`` (see :func:`kgraph.analysis.project`).

    Parameters
    ----------
    g
        The projection of a built graph and the ontology.
    max_partners
        For pairwise findings, how many claims of each other document one
        claim is paired with at most (the ones worded most alike).

    Returns
    -------
    Analysis
        Findings sorted by severity (errors first), type and members.
    """
    sem = Semantics(g)
    claims = claim_nodes(g)
    facts = claim_nodes(g, facts=True)
    file_of = {n: a.get("file", n) for n, a in g.nodes(data=True) if a.get("kind") == "document"}
    fact_info = {n: a for n, a in g.nodes(data=True) if a.get("kind") == "fact"}
    copies = shared_claim_pairs(claims)
    groups = source_groups(sorted(file_of), copies)
    clusters = paraphrase_clusters(claims, sem)
    findings = [
        *find_paraphrases(clusters, sem, file_of, groups),
        *find_certainty_drift(clusters, sem, file_of, max_partners=max_partners + 1),
        *find_numeric_conflicts(claims, sem, file_of, max_partners),
        *find_polarity_conflicts(claims, sem, file_of, max_partners),
        *find_scope_conflicts(claims, sem, file_of, max_partners),
        *find_citation_mismatches(g, sem, file_of),
        *find_terminology_conflicts(g, sem, file_of),
        *find_reference_conflicts(claims, facts, sem, file_of, fact_info),
    ]
    unique = {(f.type, f.members): f for f in findings}
    return Analysis(sorted(unique.values(), key=Finding.sort_key), copies)
