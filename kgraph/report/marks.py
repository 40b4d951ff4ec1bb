"""Which characters of each finding member's quote to highlight.

Marks are ``[start, end]`` offsets inside the member's quote. What is marked
depends on the finding type, and comes from what the graph records about the
claim wherever it can:

- ``Paraphrase``: the words of a member that no other wording of the cluster
  has (a word diff, :func:`word_diff_marks`).
- ``CertaintyDrift``: the hedge or emphatic cue (``kg:certaintyCue``); for a
  plainly asserted claim, the word that asserts it (``kg:predicateCue``).
- ``NumericConflict``: the statistic (the anchor of ``kg:objectMention``),
  else the numbers of the quote.
- ``PolarityConflict``: the negation cue (``kg:negationCue``) and the
  predicate cue ("Non", "Addictive", "mixed").
- ``ScopeConflict``: the site, population or indication words (labels of
  ``kg:site``, ``kg:populationGroup``, ``kg:indication``).
- ``ReferenceConflict``: on the claim as for a numeric or polarity conflict;
  on the fact's statement, its numbers when the conflict is numeric.
- ``CitationMismatch``: year and surnames that differ, and the venue of the
  reference entry when the sentence names another one.
- ``TerminologyConflict``: the words of an expansion that the standard name
  does not have ("chronic" against "complex").

When the graph's cue cannot be found in the quote, the word diff against the
other members is used instead, so a conflict always shows what differs.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from rdflib import URIRef

from kgraph.namespaces import KG, SCHEMA
from kgraph.report.members import GraphIndex

__all__ = ["finding_marks", "phrase_marks", "word_diff_marks", "words"]

Span = tuple[int, int]

_WORD = re.compile(r"\w+(?:[-'’.,]\w+)*%?")
_WORD_CHAR = re.compile(r"\w")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")
MAX_COMPARED = 8  # other wordings a word diff is taken against; with more, words are counted instead


def words(text: str) -> list[tuple[str, int, int]]:
    """Word tokens of ``text`` with offsets (numbers keep their ``.``, ``,``, ``-`` and ``%``)."""
    return [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def merge(spans: Sequence[Span], text: str) -> list[list[int]]:
    """Sorted, non-overlapping spans; spans separated only by spaces and punctuation become one."""
    out: list[list[int]] = []
    for start, end in sorted(s for s in spans if 0 <= s[0] < s[1] <= len(text)):
        if out and (start <= out[-1][1] or not _WORD_CHAR.search(text, out[-1][1], start)):
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return out


def word_diff_marks(text: str, others: Sequence[str]) -> list[Span]:
    """Spans of the words of ``text`` that none of ``others`` has in a matching run (difflib).

    >>> text = "Ketamine blocks NMDA receptors"
    >>> [text[s:e] for s, e in word_diff_marks(text, ["ketamine inhibits the NMDA receptors"])]
    ['blocks']
    """
    tokens = words(text)
    if not tokens or not others:
        return []
    kept = [False] * len(tokens)
    sequence = [t for t, _, _ in tokens]
    for other in others:
        matcher = difflib.SequenceMatcher(None, sequence, [t for t, _, _ in words(other)], autojunk=False)
        for block in matcher.get_matching_blocks():
            for i in range(block.a, block.a + block.size):
                kept[i] = True
    return [(start, end) for (_, start, end), keep in zip(tokens, kept) if not keep]


@lru_cache(maxsize=4096)
def _phrase_patterns(phrase: str) -> tuple[re.Pattern, tuple[re.Pattern, ...]] | None:
    """The phrase as one pattern, and word by word (a report asks for the same cue thousands of times)."""
    parts = phrase.split()
    if not parts:
        return None
    cores = [re.escape(part) + r"(?:e?s)?" for part in parts]  # "receptor" also finds "receptors"
    words = tuple(re.compile(r"(?<!\w)" + core + r"(?!\w)", re.IGNORECASE) for core in cores)
    return re.compile(r"(?<!\w)" + r"\s+".join(cores) + r"(?!\w)", re.IGNORECASE), words


def phrase_marks(text: str, phrase: str) -> list[Span]:
    """Where ``phrase`` first occurs in ``text`` (case and spacing ignored, whole words, plural ``s`` allowed).

    A phrase the text does not hold in one piece ("is being researched
    potential" in "it is being researched as a potential drug") is found
    word by word, in order, in the shortest stretch of text that holds them all.

    >>> text = "it is not a cure, it is being researched as a potential drug"
    >>> [text[s:e] for s, e in phrase_marks(text, "is being researched potential")]
    ['is', 'being', 'researched', 'potential']
    >>> phrase_marks(text, "is being researched")
    [(21, 40)]
    """
    patterns = _phrase_patterns(phrase)
    if patterns is None:
        return []
    whole, words = patterns
    found = whole.search(text)
    if found is not None:
        return [(found.start(), found.end())]
    best: list[Span] = []
    for first in words[0].finditer(text):
        spans, position = [(first.start(), first.end())], first.end()
        for word in words[1:]:
            m = word.search(text, position)
            if m is None:
                break
            spans.append((m.start(), m.end()))
            position = m.end()
        if len(spans) == len(words) and (not best or spans[-1][1] - spans[0][0] < best[-1][1] - best[0][0]):
            best = spans
    return best


def finding_marks(index: GraphIndex, finding_type: str, members: Sequence[tuple[str, str]]) -> dict[str, list[list[int]]]:
    """Marks of every member of one finding.

    Parameters
    ----------
    index
        The graph, indexed.
    finding_type
        Local name of the finding type (``"NumericConflict"``).
    members
        ``(iri, quote)`` of each member.

    Returns
    -------
    dict
        Member IRI to its merged ``[[start, end], ...]`` inside its quote.

    Notes
    -----
    The word diff is taken once per distinct quote. When a finding has more
    than :data:`MAX_COMPARED` other wordings, a word is marked when no other
    wording has it at all (a count per word, not a diff per pair of
    wordings), so a cluster of a thousand members costs a thousand word
    lists, not a million diffs.
    """
    out = {}
    quotes = sorted({text for _, text in members})
    normalized = {text: _norm(text) for text in quotes}
    many = len(set(normalized.values())) > MAX_COMPARED + 1
    spread = _word_spread(normalized) if many else None
    diffs: dict[str, list[Span]] = {}
    for iri, text in members:
        spans = _specific(index, finding_type, URIRef(iri), text, members)
        if spans is None:
            if text not in diffs:
                key = normalized[text]
                if spread is not None:  # a word only this wording holds
                    diffs[text] = [(s, e) for word, s, e in words(text) if spread[word] == 1]
                else:
                    diffs[text] = word_diff_marks(text, [q for q in quotes if normalized[q] != key])
            spans = diffs[text]
        out[iri] = merge(spans, text)
    return out


def _word_spread(normalized: dict[str, str]) -> Counter:
    """How many distinct wordings (quotes equal after :func:`_norm`) hold each word."""
    return Counter(word for text in set(normalized.values()) for word in {w for w, _, _ in words(text)})


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _specific(index: GraphIndex, kind: str, node: URIRef, text: str,
              members: Sequence[tuple[str, str]]) -> list[Span] | None:
    """Marks from what the graph records; ``None`` to fall back to the word diff."""
    if kind == "Paraphrase":
        return None
    if index.is_a(node, KG.ReferenceFact):
        return _numbers(text) if _is_numeric(index, node) else []
    if kind == "CitationMismatch":
        return _citation_marks(index, node, text)
    if kind == "TerminologyConflict":
        return _terminology_marks(index, node, text, [q for i, q in members if i != str(node)])
    if not index.is_a(node, KG.Claim):
        return None
    if kind == "CertaintyDrift":
        return _cues(text, index.values(node, KG.certaintyCue)) or _cues(text, index.values(node, KG.predicateCue)) or None
    if kind == "NumericConflict" or (kind == "ReferenceConflict" and _is_numeric(index, node)):
        return _statistic(index, node) or _numbers(text) or None
    if kind in ("PolarityConflict", "ReferenceConflict"):
        return _cues(text, [*index.values(node, KG.negationCue), *index.values(node, KG.predicateCue)]) or None
    if kind == "ScopeConflict":
        qualifiers = [index.label(q) for prop in (KG.site, KG.populationGroup, KG.indication)
                      for q in index.values(node, prop)]
        population = index.one(index.one(node, KG.object), KG.population)
        if population is not None:
            qualifiers.append(index.label(population))
        if not qualifiers:  # the analysis then reads the object as the place ("works on your brain")
            qualifiers.append(index.label(index.one(node, KG.object)))
        return _cues(text, [q for q in qualifiers if q]) or None
    return None


def _cues(text: str, cues) -> list[Span]:
    return [span for cue in sorted({str(c) for c in cues}) for span in phrase_marks(text, cue)]


def _numbers(text: str) -> list[Span]:
    return [(m.start(), m.end()) for m in _NUMBER.finditer(text)]


def _is_numeric(index: GraphIndex, node: URIRef) -> bool:
    value = index.one(node, KG.object)
    return value is not None and index.is_a(value, KG.Quantity)


def _statistic(index: GraphIndex, node: URIRef) -> list[Span]:
    """The statistic mention's span, relative to the claim's anchor, when it lies inside it."""
    claim = index.anchors.get(str(node))
    spans = []
    for mention in sorted(index.values(node, KG.objectMention)):
        where = index.anchors.get(str(mention))
        if claim and where and where.document == claim.document and claim.start <= where.start < where.end <= claim.end:
            spans.append((where.start - claim.start, where.end - claim.start))
    return spans


def _citation_marks(index: GraphIndex, node: URIRef, text: str) -> list[Span]:
    """Year, surnames and venue that differ between an in-text citation and its reference entry."""
    if index.is_a(node, KG.InTextCitation):
        citation, entry = node, index.one(node, KG.citesEntry)
    else:
        entry = node
        citation = next(iter(index.citing(node)), None)
    if citation is None or entry is None:
        return []
    this, that = (citation, entry) if node == citation else (entry, citation)
    spans: list[Span] = []
    years = {str(y) for y in index.values(that, SCHEMA.datePublished)}
    for year in index.values(this, SCHEMA.datePublished):
        if str(year) not in years:
            spans += phrase_marks(text, str(year))
    names = {str(a).lower() for a in index.values(that, SCHEMA.author)}
    for author in sorted(str(a) for a in index.values(this, SCHEMA.author)):
        if author.lower() not in names:
            spans += phrase_marks(text, author)
    if node == entry:
        named = set(index.values(citation, KG.inTextVenue))
        venue, concept = index.one(entry, KG.venue), index.one(entry, KG.venueConcept)
        if named and venue is not None and concept not in named:
            spans += phrase_marks(text, str(venue))
    return spans


def _terminology_marks(index: GraphIndex, node: URIRef, text: str, others: list[str]) -> list[Span]:
    """The words of this member's expansion (or label) that the other wording does not have."""
    long_form = index.one(node, KG.longForm)
    phrase = str(long_form) if long_form is not None else text
    at = text.lower().find(phrase.lower())
    if at < 0:
        phrase, at = text, 0
    return [(at + s, at + e) for s, e in word_diff_marks(phrase, others)]
