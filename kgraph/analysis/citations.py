"""Citation mismatches: an in-text citation that disagrees with its reference-list entry."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from kgraph.analysis.records import Finding, FindingType
from kgraph.analysis.semantics import Semantics
from kgraph.analysis.wording import quoted

__all__ = ["find_citation_mismatches"]


def _surname(author: str) -> str:
    return author.split(",")[0].strip().lower()


def find_citation_mismatches(g: nx.MultiDiGraph, sem: Semantics, file_of: Mapping[str, str]) -> list[Finding]:
    """kg:CitationMismatch for each in-text citation whose venue, year or authors differ from its entry.

    Venues compare as concepts (the source vocabulary, so "J Neurosci" and
    "The Journal of Neuroscience" agree); a side that gives no venue or year
    never disagrees. Authors compare by the first author's surname.
    """
    findings = []
    for citation, attrs in sorted(g.nodes(data=True)):
        if attrs.get("kind") != "citation":
            continue
        for _, entry, rel in sorted(g.out_edges(citation, data="rel")):
            if rel != "citesEntry" or g.nodes[entry].get("kind") != "entry":
                continue
            ref = g.nodes[entry]
            differences = []
            if attrs.get("venue") and ref.get("venue") and attrs["venue"] != ref["venue"]:
                differences.append(f"the text names the venue {sem.label(attrs['venue'])}, "
                                   f"the reference list {ref.get('venue_text') or sem.label(ref['venue'])}")
            if attrs.get("year") and ref.get("year") and attrs["year"] != ref["year"]:
                differences.append(f"the text gives the year {attrs['year']}, the reference list {ref['year']}")
            first_a = _surname(attrs["authors"][0]) if attrs.get("authors") else ""
            first_b = _surname(ref["authors"][0]) if ref.get("authors") else ""
            if first_a and first_b and first_a not in {_surname(a) for a in ref["authors"]}:
                differences.append(f"the text names {attrs['authors'][0]}, the reference list {ref['authors'][0]}")
            if not differences:
                continue
            text = (f"In {file_of.get(attrs['document'], attrs['document'])}, the citation {quoted(attrs['quote'])} "
                    f"does not match its reference entry {quoted(ref['quote'])}: " + "; ".join(differences) + ".")
            findings.append(Finding(FindingType.CITATION_MISMATCH, (citation, entry), text))
    return findings
