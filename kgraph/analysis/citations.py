"""Citation mismatches: an in-text citation that disagrees with its reference-list entry.

A citation whose own page lists no entry for it is checked against the
reference lists of the other pages: a page that says "A 2017 consensus
statement …, published in The American Journal of Psychiatry" disagrees with
another page's entry for that statement in JAMA Psychiatry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

import networkx as nx

from kgraph.analysis.records import Finding, FindingType
from kgraph.analysis.semantics import Semantics
from kgraph.analysis.wording import quoted
from kgraph.pipeline.references import title_names

__all__ = ["find_citation_mismatches"]


def _surname(author: str) -> str:
    return author.split(",")[0].strip().lower()


def find_citation_mismatches(g: nx.MultiDiGraph, sem: Semantics, file_of: Mapping[str, str]) -> list[Finding]:
    """kg:CitationMismatch for each in-text citation whose venue, year or authors differ from its entry.

    Venues compare as concepts (the source vocabulary, so "J Neurosci" and
    "The Journal of Neuroscience" agree); a side that gives no venue or year
    never disagrees. Authors compare by the first author's surname. A citation
    without an entry on its page is compared by venue with
    :func:`_entries_elsewhere`.
    """
    findings = []
    by_year: dict[str, list[str]] = defaultdict(list)
    citations = []
    for node, attrs in sorted(g.nodes(data=True)):
        if attrs.get("kind") == "entry" and attrs.get("year"):
            by_year[attrs["year"]].append(node)
        elif attrs.get("kind") == "citation":
            citations.append((node, attrs))
    for citation, attrs in citations:
        entries = [entry for _, entry, rel in sorted(g.out_edges(citation, data="rel"))
                   if rel == "citesEntry" and g.nodes[entry].get("kind") == "entry"]
        for entry in entries:
            ref = g.nodes[entry]
            differences = []
            if attrs.get("venue") and ref.get("venue") and attrs["venue"] != ref["venue"]:
                differences.append(_venue_difference(attrs, ref, sem))
            if attrs.get("year") and ref.get("year") and attrs["year"] != ref["year"]:
                differences.append(f"the text gives the year {attrs['year']}, the reference list {ref['year']}")
            first_a = _surname(attrs["authors"][0]) if attrs.get("authors") else ""
            first_b = _surname(ref["authors"][0]) if ref.get("authors") else ""
            if first_a and first_b and first_a not in {_surname(a) for a in ref["authors"]}:
                differences.append(f"the text names {attrs['authors'][0]}, the reference list {ref['authors'][0]}")
            if not differences:
                continue
            text = (f"In {_file(attrs, file_of)}, the citation {quoted(attrs['quote'])} "
                    f"does not match its reference entry {quoted(ref['quote'])}: " + "; ".join(differences) + ".")
            findings.append(Finding(FindingType.CITATION_MISMATCH, (citation, entry), text))
        if entries or not attrs.get("venue"):
            continue
        for entry in _entries_elsewhere(g, attrs, by_year.get(attrs.get("year", ""), [])):
            ref = g.nodes[entry]
            text = (f"{_file(attrs, file_of)} cites {quoted(attrs['quote'])}, and the reference list of "
                    f"{_file(ref, file_of)} gives that work as {quoted(ref['quote'])}: "
                    f"{_venue_difference(attrs, ref, sem)}.")
            findings.append(Finding(FindingType.CITATION_MISMATCH, (citation, entry), text))
    return findings


def _entries_elsewhere(g: nx.MultiDiGraph, citation: Mapping, same_year: list[str]) -> list[str]:
    """Other pages' entries for the work a citation names, when they give it another venue.

    The work is the one of the citation's year whose title holds the words the
    citation describes it by, or whose authors it names (first author and key).
    All such entries must be one work (one citation key), and none may give
    the citation's venue: a page citing two works of one description, or an
    entry that agrees, finds nothing.
    """
    if citation.get("authors"):
        named = [e for e in same_year if g.nodes[e].get("key") == citation.get("key")]
    else:
        named = [e for e in same_year if title_names(citation.get("described", ""), g.nodes[e].get("title"))]
    named = [e for e in named if g.nodes[e]["document"] != citation["document"]]
    if len({g.nodes[e].get("key") for e in named}) != 1:
        return []
    if any(g.nodes[e].get("venue") == citation["venue"] for e in named):
        return []
    return [e for e in named if g.nodes[e].get("venue")]


def _venue_difference(citation: Mapping, entry: Mapping, sem: Semantics) -> str:
    return (f"the text names the venue {sem.label(citation['venue'])}, "
            f"the reference list {entry.get('venue_text') or sem.label(entry['venue'])}")


def _file(attrs: Mapping, file_of: Mapping[str, str]) -> str:
    return file_of.get(attrs["document"], attrs["document"])
