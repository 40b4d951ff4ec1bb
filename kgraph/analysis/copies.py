"""Documents that copy each other: many claims in near-identical words."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import networkx as nx

from kgraph.analysis.candidates import SimilarityIndex
from kgraph.analysis.records import ClaimNode

__all__ = ["MIN_SHARE", "MIN_SHARED", "shared_claim_pairs", "source_groups"]

MIN_SHARED = 3  # near-identical claim wordings two documents must share
MIN_SHARE = 0.2  # ... and this share of the smaller document's wordings
SIMILARITY = 0.8  # Jaccard similarity of word 3-grams that counts as the same wording
MAX_PAGES_PER_WORDING = 20  # a wording on more pages is boilerplate (and would make the pairs quadratic)


def shared_claim_pairs(claims: Sequence[ClaimNode]) -> list[tuple[str, str, int]]:
    """(document, document, shared wordings) for each pair of documents that copy each other.

    Claim wordings are indexed with MinHash LSH, so only near-identical
    wordings are ever compared.
    """
    index = SimilarityIndex(SIMILARITY)
    wordings: dict[str, set[str]] = {}
    for claim in claims:
        wordings.setdefault(claim.document, set()).add(claim.quote)
    spread = Counter(quote for quotes in wordings.values() for quote in quotes)
    for doc, quotes in sorted(wordings.items()):
        for quote in sorted(quotes):
            # a wording on very many pages is boilerplate, no sign that two particular pages copy
            if spread[quote] <= MAX_PAGES_PER_WORDING:
                index.add((doc, quote), quote)
    shared: Counter = Counter()
    counted: set[tuple] = set()
    for (doc_a, quote_a), (doc_b, quote_b), _ in index.pairs():
        if doc_a == doc_b:
            continue
        pair = tuple(sorted((doc_a, doc_b)))
        # a wording counts once per pair of documents, however many near copies it has
        if (pair, doc_a, quote_a) in counted or (pair, doc_b, quote_b) in counted:
            continue
        counted.update({(pair, doc_a, quote_a), (pair, doc_b, quote_b)})
        shared[pair] += 1
    out = []
    for (a, b), n in sorted(shared.items()):
        smaller = min(len(wordings[a]), len(wordings[b]))
        if n >= MIN_SHARED and n >= MIN_SHARE * smaller:
            out.append((a, b, n))
    return out


def source_groups(documents: Sequence[str], pairs: Sequence[tuple[str, str, int]]) -> dict[str, str]:
    """Each document's group of documents linked by copying (named by its first member)."""
    graph = nx.Graph()
    graph.add_nodes_from(documents)
    graph.add_edges_from((a, b) for a, b, _ in pairs)
    groups = {}
    for component in nx.connected_components(graph):
        first = min(component)
        for doc in component:
            groups[doc] = first
    return groups
