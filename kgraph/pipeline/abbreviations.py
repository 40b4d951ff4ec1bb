"""Abbreviation definitions "long form (SHORT)" and "SHORT (long form)".

The long form is found with the Schwartz & Hearst (2003) algorithm: the
shortest run of preceding words whose letters cover the short form's, in
order, the first at a word start. Pure functions on text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kgraph.iris import minted_concept_iri
from kgraph.pipeline.doc_cache import page_text
from kgraph.pipeline.records import AbbreviationDefinition, NewConcept

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from kgraph.pipeline.mentions import Candidate
    from kgraph.vocabulary import Vocabulary

__all__ = ["AbbreviationPair", "find_abbreviation_pairs", "best_long_form", "is_short_form", "abbreviation_candidates"]

_PAREN = re.compile(r"\(([^()\n]{1,80})\)")
_WORD = re.compile(r"\S+")
FORMER_NAME_REACH = 40  # characters before a definition searched for "formerly known as" and the like


@dataclass(frozen=True, slots=True)
class AbbreviationPair:
    """A definition found in text; offsets are character offsets."""

    short: str
    short_start: int
    short_end: int
    long: str
    long_start: int
    long_end: int


def is_short_form(text: str) -> bool:
    """A plausible abbreviation: one word, 2-10 characters, a capital letter, not a number.

    Examples
    --------
    >>> is_short_form("PTSD"), is_short_form("2019"), is_short_form("see below")
    (True, False, False)
    """
    return (
        2 <= len(text) <= 10
        and " " not in text
        and text[0].isalnum()
        and any(c.isupper() for c in text)
        and sum(c.isalpha() for c in text) >= 2
        and not re.fullmatch(r"[A-Z][a-z]+", text)  # an ordinary capitalized word
    )


# small words an abbreviation usually skips ("American College of Obstetricians and Gynecologists", ACOG)
_SKIPPED_WORDS = frozenset({"of", "and", "the", "for", "in", "on", "to", "a", "an", "&"})


def _initials_long_form(short: str, candidate: str) -> str | None:
    """The shortest suffix of ``candidate`` whose words' initials spell ``short``, small words skipped.

    Word parts joined by hyphens count as words ("serotonin-norepinephrine
    reuptake inhibitors", SNRIs); a plural "s" ending the short form is not
    a letter of it.
    """
    letters = [c.lower() for c in (short[:-1] if short.endswith("s") and short[:-1].isupper() else short)
               if c.isalnum()]
    words = candidate.split()
    for first in range(len(words) - 1, -1, -1):
        if words[first].lower() in _SKIPPED_WORDS:
            continue
        initials = [part[0].lower() for word in words[first:] if word.lower() not in _SKIPPED_WORDS
                    for part in word.split("-") if part]
        if initials == letters:
            return " ".join(words[first:])
        if len(initials) > len(letters):
            return None
    return None


def best_long_form(short: str, candidate: str) -> str | None:
    """The shortest suffix of ``candidate`` that defines ``short``.

    Words whose initials spell the short form come first; otherwise the
    Schwartz & Hearst match (letters in order, the first at a word start).

    Examples
    --------
    >>> best_long_form("CRPS", "such as chronic regional pain syndrome")
    'chronic regional pain syndrome'
    >>> best_long_form("NMDA", "by blocking the N-methyl-D-aspartate")
    'N-methyl-D-aspartate'
    >>> best_long_form("ACOG", "The American College of Obstetricians and Gynecologists")
    'American College of Obstetricians and Gynecologists'
    """
    by_initials = _initials_long_form(short, candidate)
    if by_initials is not None:
        return by_initials
    s_index = len(short) - 1
    l_index = len(candidate) - 1
    while s_index >= 0:
        char = short[s_index].lower()
        if not char.isalnum():
            s_index -= 1
            continue
        while l_index >= 0 and (
            candidate[l_index].lower() != char
            or (s_index == 0 and l_index > 0 and candidate[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = candidate.rfind(" ", 0, l_index + 1) + 1
    long_form = candidate[start:].strip()
    words = long_form.split()
    if not words or len(words) > min(len(short) + 5, len(short) * 2) or long_form.lower() == short.lower():
        return None
    return long_form


def _words_before(text: str, end: int, limit: int) -> tuple[int, str]:
    """Start offset and text of up to ``limit`` words before ``end``, within the sentence."""
    found = ((text.rfind(mark, 0, end), mark) for mark in ("\n", ". ", "; ", ": ", "("))
    line_start = max([at + len(mark) for at, mark in found if at >= 0] + [0])
    words = list(_WORD.finditer(text, line_start, end))[-limit:]
    if not words:
        return end, ""
    start = words[0].start()
    return start, text[start:end].rstrip()


def _last_word(text: str, end: int) -> tuple[int, int] | None:
    """Offsets of the last run of non-space characters before ``end`` (what ``(\\S+)\\s*$`` finds in
    ``text[:end]``), read backwards from ``end`` instead of matched over the whole text before it."""
    stop = end
    while stop > 0 and text[stop - 1].isspace():
        stop -= 1
    start = stop
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return (start, stop) if start < stop else None


def _proper_name(span: Span) -> bool:
    """Whether a long form is a name of its own: two or more words, each capitalized but for function words
    ("Risk Evaluation and Mitigation Strategy")."""
    content = [t for t in span if not t.is_punct and t.pos_ not in ("ADP", "CCONJ", "DET", "PART")]
    return len(content) >= 2 and all(t.text[:1].isupper() for t in content)


def find_abbreviation_pairs(text: str) -> list[AbbreviationPair]:
    """All definitions in ``text``, in order.

    Examples
    --------
    >>> [(p.short, p.long) for p in find_abbreviation_pairs("posttraumatic stress disorder (PTSD) and OCD")]
    [('PTSD', 'posttraumatic stress disorder')]
    >>> [(p.short, p.long) for p in find_abbreviation_pairs("it blocks NMDA (N-methyl-D-aspartate) receptors")]
    [('NMDA', 'N-methyl-D-aspartate')]
    """
    pairs: list[AbbreviationPair] = []
    for match in _PAREN.finditer(text):
        inner = match.group(1).strip()
        inner_start = match.start(1) + (len(match.group(1)) - len(match.group(1).lstrip()))
        if is_short_form(inner):
            start, candidate = _words_before(text, match.start(), min(len(inner) + 5, len(inner) * 2))
            long_form = best_long_form(inner, candidate) if candidate else None
            if long_form:
                long_start = start + candidate.rfind(long_form)
                pairs.append(AbbreviationPair(inner, inner_start, inner_start + len(inner),
                                              long_form, long_start, long_start + len(long_form)))
            continue
        # "SHORT (long form)": the word before the parenthesis is the short form; a one-word long form
        # is a hyphenated compound whose parts spell it ("NMDA (N-methyl-D-aspartate)")
        before = _last_word(text, match.start())
        if before and is_short_form(text[before[0] : before[1]]) and (len(inner.split()) > 1 or "-" in inner):
            short = text[before[0] : before[1]]
            long_form = best_long_form(short, inner)
            if long_form == inner:
                pairs.append(AbbreviationPair(short, before[0], before[1],
                                              inner, inner_start, inner_start + len(inner)))
    return pairs


def _named_as_former(text: str, pair: AbbreviationPair, markers: tuple[str, ...]) -> bool:
    """Whether the words right before the pair give it as a former or other name ("The condition was formerly
    known as reflex sympathetic dystrophy (RSD)")."""
    start = min(pair.long_start, pair.short_start)
    before = " ".join(text[max(0, start - FORMER_NAME_REACH):start].lower().split()).rstrip(" \"'“‘(")
    return any(before.endswith(marker) for marker in markers)


def abbreviation_candidates(
    doc: Doc, known: list[Candidate], vocabulary: Vocabulary, new_concept_heads: dict[str, frozenset[str]],
    former_name_markers: tuple[str, ...] = (),
) -> tuple[list[Candidate], list[AbbreviationDefinition], list[NewConcept]]:
    """Mentions that follow from the page's own definitions, the definitions, and concepts they mint.

    The long form takes the concept of a known name ending where it ends,
    else the concept the vocabulary gives the short form, else a new
    concept when its head names a type ("Kounis syndrome (KS)"). Where the
    page's meaning of SHORT differs from the vocabulary's, every later SHORT
    on the page follows the page. A long form after one of the
    ``former_name_markers`` ("formerly known as", "still called") is given
    as a former or other name, not as the page's own.
    """
    from kgraph.pipeline.mentions import Candidate
    from kgraph.vocabulary import normalize_label

    out: list[Candidate] = []
    definitions: list[AbbreviationDefinition] = []
    minted: list[NewConcept] = []
    for pair in find_abbreviation_pairs(page_text(doc)):
        long_span = doc.char_span(pair.long_start, pair.long_end, alignment_mode="expand")
        short_span = doc.char_span(pair.short_start, pair.short_end, alignment_mode="expand")
        if long_span is None or short_span is None:
            continue
        by_short = vocabulary.lookup_abbreviation(pair.short)
        short_concept = by_short[0] if by_short else None
        # a known name ending where the long form ends, at most a leading determiner longer ("the ...")
        long_hits = [c for c in known if c.end == long_span.end and not c.generic and c.start <= long_span.start
                     and all(t.pos_ == "DET" for t in doc[c.start : long_span.start])]
        if long_hits:
            concept_iri, label = long_hits[0].concept, long_hits[0].label
        elif short_concept is not None:
            concept_iri, label = short_concept.iri, short_concept.entity_type
            out.append(Candidate(long_span.start, long_span.end, label, concept_iri, "abbreviation-long-form", pair.long))
        else:
            # the phrase's syntactic head, not its last word: "Medication for Opioid Use Disorder" is a medication
            label = next((kind for kind, heads in new_concept_heads.items()
                          if long_span[-1].lower_ in heads and long_span.root.i == long_span[-1].i), None)
            if label is None:
                if _proper_name(long_span):  # "REMS (Risk Evaluation and Mitigation Strategy)": recorded, so two
                    # pages' expansions can be compared, though no concept of ours is named
                    definitions.append(AbbreviationDefinition(pair.short, pair.short_start, pair.short_end, pair.long,
                                                              pair.long_start, pair.long_end, None, True))
                continue
            concept_iri = str(minted_concept_iri(label, normalize_label(pair.long)))
            minted.append(NewConcept(concept_iri, pair.long, label, "abbreviation-definition"))
            out.append(Candidate(long_span.start, long_span.end, label, concept_iri, "abbreviation-long-form", pair.long))
        concept = vocabulary.by_iri.get(concept_iri)
        standard = concept is None or concept.is_standard_expansion(pair.long, pair.short)
        definitions.append(AbbreviationDefinition(pair.short, pair.short_start, pair.short_end, pair.long,
                                                  pair.long_start, pair.long_end, concept_iri, standard,
                                                  _named_as_former(page_text(doc), pair, former_name_markers)))
        if short_concept is None or short_concept.iri != concept_iri:
            for token in doc[short_span.start :]:
                if token.text in (pair.short, pair.short + "s"):
                    out.append(Candidate(token.i, token.i + 1, label, concept_iri, "abbreviation", pair.short))
    return out, definitions, minted
