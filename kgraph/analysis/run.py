"""Run every finder over a projected graph and return the findings, sorted."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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
from kgraph.analysis.records import Finding, FindingType, first_per_key
from kgraph.analysis.reference import find_reference_conflicts
from kgraph.analysis.semantics import Semantics
from kgraph.analysis.terminology import find_terminology_conflicts
from kgraph.errors import KGraphError

__all__ = ["Analysis", "analyze", "analyze_by_type"]


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
    shared_claims, batches = analyze_by_type(g, max_partners=max_partners)
    findings = [finding for batch in batches for finding in batch]
    return Analysis(sorted(findings, key=Finding.sort_key), shared_claims)


def analyze_by_type(g: nx.MultiDiGraph, *, max_partners: int = MAX_PARTNERS
                    ) -> tuple[list[tuple[str, str, int]], Iterator[Iterator[Finding]]]:
    """What :func:`analyze` finds, one finding type at a time, as the finders make them.

    Returns the documents that copy each other (``Analysis.shared_claims``)
    and the findings in batches: each batch is one finder's findings, one
    type, each finding once (the first a finder made of equal ones), in no set
    order, made as the batch is read. A caller that writes each finding out as
    it comes (:func:`kgraph.build.build_corpus`) holds none of a corpus's
    hundreds of thousands. Read the batches in order, each to its end. Same
    parameters as :func:`analyze`.
    """
    sem = Semantics(g)
    claims = claim_nodes(g)
    facts = claim_nodes(g, facts=True)
    file_of = {n: a.get("file", n) for n, a in g.nodes(data=True) if a.get("kind") == "document"}
    fact_info = {n: a for n, a in g.nodes(data=True) if a.get("kind") == "fact"}
    copies = shared_claim_pairs(claims)
    groups = source_groups(sorted(file_of), copies)
    clusters = paraphrase_clusters(claims, sem)
    finders = (
        lambda: find_paraphrases(clusters, sem, file_of, groups),
        lambda: find_certainty_drift(clusters, sem, file_of, max_partners=max_partners + 1),
        lambda: find_numeric_conflicts(claims, sem, file_of, max_partners),
        lambda: find_polarity_conflicts(claims, sem, file_of, max_partners),
        lambda: find_scope_conflicts(claims, sem, file_of, max_partners),
        lambda: find_citation_mismatches(g, sem, file_of),
        lambda: find_terminology_conflicts(g, sem, file_of),
        lambda: find_reference_conflicts(claims, facts, sem, file_of, fact_info),
    )
    done: set[FindingType] = set()

    def one_type(findings: Iterable[Finding]) -> Iterator[Finding]:
        made: set[FindingType] = set()
        for finding in first_per_key(((f.type, f.members), f) for f in findings):
            if finding.type in done:  # the de-duplication above relies on each type having one finder
                raise KGraphError(f"two finders made {finding.type.value} findings")
            made.add(finding.type)
            yield finding
        done.update(made)

    return copies, (one_type(find()) for find in finders)
