"""Terminology conflicts: an abbreviation expanded non-standardly, or two ways."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import cache

import networkx as nx

from kgraph.analysis.projection import claim_nodes
from kgraph.analysis.records import Finding, FindingType
from kgraph.analysis.semantics import Semantics
from kgraph.analysis.wording import quoted

__all__ = ["find_terminology_conflicts"]

# a non-standard expansion is shown beside the established one on at most this many other pages,
# the pages whose claims name the most of the same concepts first
TERMINOLOGY_PARTNERS = 12


def _words(text: str) -> frozenset[str]:
    """The words of an expansion, order, case and plural ignored ("NMDA receptors (N-methyl-D-aspartate …)",
    "Strategies" and "Strategy")."""
    return frozenset(_singular(w) for w in text.lower().replace("-", " ").split() if w)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _first_per_document(definitions: Iterable[tuple[str, dict]]) -> dict[str, tuple[str, dict]]:
    """Each document's first definition in running text, else its first in title case ("Ketamine Therapy for
    Complex Regional Pain Syndrome (CRPS)", a heading), in text order (at character 98 before 133, though "133-…"
    sorts first)."""
    first: dict[str, tuple[str, dict]] = {}
    for node, a in sorted(definitions, key=lambda d: (_title_cased(d[1]["long"]), d[1]["start"], d[0])):
        first.setdefault(a["document"], (node, a))
    return first


def _title_cased(long_form: str) -> bool:
    """Whether every word of two or more in a long form is capitalized, as in a heading."""
    words = [w for w in long_form.replace("-", " ").split() if w[:1].isalpha()]
    return len(words) > 1 and all(w[0].isupper() for w in words)


def _nearest(document: str, candidates: Iterable[str], concepts_of: Callable[[], Mapping[str, frozenset[str]]]
             ) -> list[str]:
    """``candidates`` other than ``document``, those whose claims name the most of its concepts first, at most
    ``TERMINOLOGY_PARTNERS``."""
    named = concepts_of()
    here = named.get(document, frozenset())
    others = (doc for doc in candidates if doc != document)
    return sorted(others, key=lambda doc: (-len(here & named.get(doc, frozenset())), doc))[:TERMINOLOGY_PARTNERS]


def _all_judged(*pages: Mapping[str, tuple[str, dict]]) -> bool:
    """Whether the vocabulary says of every definition shown whether it is a standard expansion."""
    return all(a.get("standard") is not None for page in pages for _, a in page.values())


def _concepts_by_document(g: nx.MultiDiGraph) -> dict[str, frozenset[str]]:
    """The subjects and objects of each document's claims."""
    named: dict[str, set[str]] = defaultdict(set)
    for claim in claim_nodes(g):
        named[claim.document].update((claim.subject, claim.object))
    return {doc: frozenset(concepts) for doc, concepts in named.items()}


def find_terminology_conflicts(g: nx.MultiDiGraph, sem: Semantics, file_of: Mapping[str, str]) -> list[Finding]:
    """kg:TerminologyConflict findings.

    * An expansion the vocabulary does not list for the abbreviation's concept
      (kg:standardExpansion false): the definition and a standard definition
      of the same concept on another page (up to ``TERMINOLOGY_PARTNERS``
      pages, those whose claims share the most concepts with its page first,
      one finding each), else the definition and the concept; with the
      reference fact about the concept when there is one. An expansion the
      page gives as a former or other name (kg:formerName: "formerly known
      as reflex sympathetic dystrophy (RSD)") is no conflict.
    * One abbreviation given two different meanings on two pages (two
      concepts, or two expansions that are not the same words in another
      order): the two definitions, each page of the rarer meaning with up to
      ``TERMINOLOGY_PARTNERS`` pages of the other, nearest in topic first;
      each page by its first definition in text order.
    """
    facts_about: dict[str, list[str]] = defaultdict(list)
    for node, attrs in sorted(g.nodes(data=True)):
        if attrs.get("kind") == "fact":
            for concept in attrs.get("about", ()):
                facts_about[concept].append(node)
    findings = []
    definitions = [(n, a) for n, a in sorted(g.nodes(data=True)) if a.get("kind") == "abbreviation"]
    concepts_of = cache(lambda: _concepts_by_document(g))  # read only when partners are chosen
    standard_by_concept: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for node, a in definitions:
        if a.get("standard") and a.get("concept"):
            standard_by_concept[a["concept"]].append((node, a))
    for node, a in definitions:
        if a.get("standard") is False and a.get("concept") and not a.get("former"):
            concept = a["concept"]
            where = file_of.get(a["document"], a["document"])
            fact = facts_about.get(concept, [])
            source = f" ({g.nodes[fact[0]].get('source')})" if fact else ""
            # the pages that define the concept by its established name, each by its first definition, a few at most
            others = _first_per_document(standard_by_concept.get(concept, ()))
            partners = [others[doc] for doc in _nearest(a["document"], others, concepts_of)]
            for other, b in partners:
                text = (f"{where} expands {a['short']} as {quoted(a['long'])}; "
                        f"{file_of.get(b['document'], b['document'])} uses the established name "
                        f"{quoted(b['long'])} ({b['short']}){source}.")
                findings.append(Finding(FindingType.TERMINOLOGY_CONFLICT, (node, other), text))
            if not partners:
                text = (f"{where} expands {a['short']} as {quoted(a['long'])}; the established name is "
                        f"{quoted(sem.label(concept))}{source}.")
                findings.append(Finding(FindingType.TERMINOLOGY_CONFLICT, (node, concept), text))
    by_short: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for node, a in definitions:
        if a.get("short"):
            by_short[a["short"]].append((node, a))
    for short, group in sorted(by_short.items()):
        # each meaning (concept and words) with the pages that give it, each page by its first definition
        by_meaning: dict[tuple, list[tuple[str, dict]]] = defaultdict(list)
        for node, a in group:
            by_meaning[(a.get("concept"), _words(a["long"]))].append((node, a))
        meanings = {meaning: _first_per_document(defs) for meaning, defs in by_meaning.items()}
        ordered = sorted(meanings.items(), key=lambda kv: (len(kv[1]), min(n for n, _ in kv[1].values())))
        seen: set[frozenset[str]] = set()
        for i, ((concept_a, words_a), pages_a) in enumerate(ordered):
            for (concept_b, words_b), pages_b in ordered[i + 1:]:
                if concept_a is not None and concept_a == concept_b and _all_judged(pages_a, pages_b):
                    continue  # two accepted spellings of one name, or an outdated one (reported above)
                if concept_a is None is concept_b and (words_a <= words_b or words_b <= words_a):
                    continue  # a name of no known concept, once in full ("Department of Veterans Affairs")
                # each page of the rarer meaning meets a few pages of the other, the nearest in topic first
                for doc_a, (node_a, a) in sorted(pages_a.items()):
                    for doc_b in _nearest(doc_a, pages_b, concepts_of):
                        if frozenset((doc_a, doc_b)) in seen:
                            continue
                        seen.add(frozenset((doc_a, doc_b)))
                        node_b, b = pages_b[doc_b]
                        first, second = sorted([(node_a, a), (node_b, b)])
                        text = (f"{short} is expanded as {quoted(first[1]['long'])} in "
                                f"{file_of.get(first[1]['document'], first[1]['document'])} and as "
                                f"{quoted(second[1]['long'])} in "
                                f"{file_of.get(second[1]['document'], second[1]['document'])}.")
                        findings.append(Finding(FindingType.TERMINOLOGY_CONFLICT, (first[0], second[0]), text))
    return findings
