"""Resolving candidate spans into the page's final mentions.

Candidates come from the vocabulary ruler, abbreviation definitions, source
rules and the statistic finder. This module decides, with pure functions,
which survive: one span per stretch of text and type, nothing inside page
furniture, generic phrases resolved to what they refer back to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from spacy.tokens import Doc

from kgraph.pipeline.rule_files import read_rule_file

__all__ = ["Candidate", "MentionRules", "load_mention_rules", "resolve_candidates"]

PATTERN_FILE = Path(__file__).with_name("patterns") / "mentions.json"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed mention: token span, type, concept IRI and the rule behind it."""

    start: int  # token index
    end: int
    label: str  # DRUG, RECEPTOR, CONDITION, STATISTIC, SOURCE
    concept: str  # IRI ("" for statistics)
    rule: str
    matched: str = ""  # the label or key it matched
    generic: bool = False
    anaphoric: bool = False  # generic phrase whose scheme resolves anaphora
    source_kind: str | None = None


@dataclass(frozen=True)
class MentionRules:
    """The settings of ``patterns/mentions.json``."""

    demonstratives: frozenset[str]
    anaphora_sentences_back: int
    generic_modifier_pos: frozenset[str]
    source_priority: tuple[str, ...]
    new_concept_heads: dict[str, frozenset[str]]
    furniture_exempt_rules: frozenset[str]
    # words before a long form that give it as a former or other name: "formerly known as", "still called"
    former_name_markers: tuple[str, ...]


@cache
def load_mention_rules(path: Path = PATTERN_FILE) -> MentionRules:
    """Load the resolver settings, rejecting unknown keys."""
    data = read_rule_file(path, set(MentionRules.__dataclass_fields__))
    return MentionRules(
        demonstratives=frozenset(data["demonstratives"]),
        anaphora_sentences_back=int(data["anaphora_sentences_back"]),
        generic_modifier_pos=frozenset(data["generic_modifier_pos"]),
        source_priority=tuple(data["source_priority"]),
        new_concept_heads={k: frozenset(v) for k, v in data["new_concept_heads"].items()},
        furniture_exempt_rules=frozenset(data["furniture_exempt_rules"]),
        former_name_markers=tuple(data["former_name_markers"]),
    )


def _inside(inner: Candidate, outer: Candidate) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and (inner.start, inner.end) != (outer.start, outer.end)


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def _excluded(doc: Doc, candidate: Candidate, excluded: list[tuple[int, int]]) -> bool:
    start = doc[candidate.start].idx
    end = doc[candidate.end - 1].idx + len(doc[candidate.end - 1])
    return any(s < end and start < e for s, e in excluded)


def resolve_generics(doc: Doc, candidates: list[Candidate], rules: MentionRules) -> list[Candidate]:
    """Extend generic phrases over noun modifiers; resolve "these receptors" to the receptor named before.

    A generic candidate preceded by a demonstrative takes the concept of the
    closest earlier specific mention of its type within
    ``anaphora_sentences_back`` sentences, and the demonstrative joins its span.
    """
    specific = sorted((c for c in candidates if not c.generic and c.label != "STATISTIC"), key=lambda c: c.start)
    out: list[Candidate] = []
    for cand in candidates:
        if not cand.generic:
            out.append(cand)
            continue
        start = cand.start
        while start > 0 and doc[start - 1].pos_ in rules.generic_modifier_pos and doc[start - 1].dep_ == "compound" \
                and not any(c.start <= start - 1 < c.end for c in specific):
            start -= 1
        cand = replace(cand, start=start)
        if cand.anaphoric and start > 0 and doc[start - 1].lower_ in rules.demonstratives:
            sentence = doc[start].sent
            earliest = sentence.start
            for _ in range(rules.anaphora_sentences_back):
                if earliest == 0:
                    break
                earliest = doc[earliest - 1].sent.start
            antecedents = [c for c in specific if c.label == cand.label and earliest <= c.start and c.end <= start - 1]
            if antecedents:
                target = antecedents[-1]
                cand = replace(cand, start=start - 1, concept=target.concept, rule="anaphora",
                               matched=target.matched, generic=False)
        out.append(cand)
    return out


def _priority(cand: Candidate, rules: MentionRules) -> int:
    try:
        return rules.source_priority.index(cand.rule)
    except ValueError:
        return len(rules.source_priority)


def pick_non_overlapping(candidates: Iterable[Candidate], rules: MentionRules) -> list[Candidate]:
    """Per type, keep the best of overlapping candidates.

    Sources prefer the more reliable rule, then the longer span; other types
    prefer the longer span, then the specific concept over the generic one.
    """
    kept: list[Candidate] = []
    by_type: dict[str, list[Candidate]] = {}
    for cand in candidates:
        by_type.setdefault(cand.label, []).append(cand)
    for label, group in sorted(by_type.items()):
        if label == "SOURCE":
            order = sorted(group, key=lambda c: (_priority(c, rules), -(c.end - c.start), c.start, c.concept))
        else:
            order = sorted(group, key=lambda c: (-(c.end - c.start), c.generic, c.start, c.concept))
        chosen: list[Candidate] = []
        for cand in order:
            if not any(_overlaps(cand, other) for other in chosen):
                chosen.append(cand)
        kept.extend(chosen)
    return kept


def drop_drugs_in_receptor_names(candidates: list[Candidate]) -> list[Candidate]:
    """A drug word inside a receptor's name names the receptor, not the drug ("opiate receptors").

    Entities inside other names stay: "Ketamine" in "Tranquility Ketamine Clinic" is a mention.
    """
    receptors = [c for c in candidates if c.label == "RECEPTOR"]
    return [c for c in candidates
            if c.label != "DRUG" or not any(c.start >= r.start and c.end <= r.end for r in receptors)]


def resolve_candidates(doc: Doc, candidates: list[Candidate], rules: MentionRules,
                       excluded: list[tuple[int, int]] | None = None) -> list[Candidate]:
    """The page's final mentions, sorted by position then type."""
    excluded = excluded or []
    # the publisher's own name in a byline or copyright line still credits the page's source
    live = [c for c in candidates if c.rule in rules.furniture_exempt_rules or not _excluded(doc, c, excluded)]
    live = resolve_generics(doc, live, rules)
    live = pick_non_overlapping(live, rules)
    live = drop_drugs_in_receptor_names(live)
    return sorted(live, key=lambda c: (c.start, c.end, c.label, c.concept))
