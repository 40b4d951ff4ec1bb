"""Terms the vocabularies lack but the text clearly names: new concepts, not dropped.

Two general signals, both kept as data in ``patterns/new_terms.json``:
drug names built on WHO INN stems ("-azolam", "-triptan", "-gepant") and
condition names by medical suffix ("-itis", "-algia", "-pathy") or as a named
"X syndrome / disease / disorder". Pure functions over a parsed ``Doc``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from kgraph.iris import minted_concept_iri
from kgraph.pipeline.doc_cache import noun_chunk_bounds, token_columns
from kgraph.pipeline.records import NewConcept

if TYPE_CHECKING:
    from kgraph.pipeline.mentions import Candidate
    from kgraph.vocabulary import Vocabulary

from kgraph.pipeline.rule_files import read_rule_file

__all__ = ["NewTermRules", "load_new_term_rules", "find_new_terms", "new_term_candidates"]

PATTERN_FILE = Path(__file__).with_name("patterns") / "new_terms.json"


@dataclass(frozen=True)
class NewTermRules:
    """The settings of ``patterns/new_terms.json``."""

    min_length: int
    drug_suffixes: tuple[str, ...]
    drug_suffix_exceptions: frozenset[str]
    condition_suffixes: tuple[str, ...]
    condition_suffix_exceptions: frozenset[str]
    condition_heads: frozenset[str]
    generic_modifiers: frozenset[str]


@cache
def load_new_term_rules(path: Path = PATTERN_FILE) -> NewTermRules:
    """Load the new-term rules, rejecting unknown keys."""
    data = read_rule_file(path, set(NewTermRules.__dataclass_fields__))
    return NewTermRules(
        min_length=int(data["min_length"]),
        drug_suffixes=tuple(data["drug_suffixes"]),
        drug_suffix_exceptions=frozenset(data["drug_suffix_exceptions"]),
        condition_suffixes=tuple(data["condition_suffixes"]),
        condition_suffix_exceptions=frozenset(data["condition_suffix_exceptions"]),
        condition_heads=frozenset(data["condition_heads"]),
        generic_modifiers=frozenset(data["generic_modifiers"]),
    )


def _word_kind(word: str, rules: NewTermRules) -> str | None:
    lower = word.lower()
    if len(lower) < rules.min_length or not lower.isalpha() or any(c.isupper() for c in word[1:]):
        return None  # too short, not a word, or glued words ("ReliefKetamine")
    if lower.endswith(rules.drug_suffixes) and lower not in rules.drug_suffix_exceptions:
        return "DRUG"
    if lower.endswith(rules.condition_suffixes) and lower not in rules.condition_suffix_exceptions:
        return "CONDITION"
    return None


def find_new_terms(doc: Doc, rules: NewTermRules) -> list[tuple[Span, str]]:
    """(span, entity type) for drug- and condition-like terms; the caller drops known ones."""
    found: list[tuple[Span, str]] = []
    tokens = token_columns(doc)
    kinds = {text: _word_kind(text, rules) for text in set(tokens.text)}  # once per distinct word
    for i, text in enumerate(tokens.text):
        kind = kinds[text]  # the cheap test first: few words end like a drug or condition name
        # unknown drug names are often tagged ADJ by a small model; the suffix is the evidence
        if kind and tokens.pos[i] in {"NOUN", "PROPN", "ADJ", "X"} and not doc[i].is_stop:
            found.append((doc[i : i + 1], kind))
    for start, _, head in noun_chunk_bounds(doc):
        if doc[head].lower_ not in rules.condition_heads:
            continue
        while start < head and (doc[start].lower_ in rules.generic_modifiers or doc[start].is_punct
                                or doc[start].pos_ in {"DET", "PRON", "NUM", "ADV"}):
            start += 1
        modifiers = doc[start:head]
        if not any(t.pos_ in {"NOUN", "PROPN"} and t.lower_ not in rules.generic_modifiers for t in modifiers):
            continue
        found.append((doc[start : head + 1], "CONDITION"))
    return found


def new_term_candidates(doc: Doc, known: list[Candidate], vocabulary: Vocabulary,
                        rules: NewTermRules) -> tuple[list[Candidate], list[NewConcept]]:
    """Candidates and minted concepts for new terms that no known mention already covers."""
    from kgraph.pipeline.mentions import Candidate

    out: list[Candidate] = []
    minted: list[NewConcept] = []
    for span, label in find_new_terms(doc, rules):
        if any(c.start < span.end and span.start < c.end for c in known + out):
            continue
        key = " ".join([t.lower_ for t in span[:-1]] + [span[-1].lemma_.lower() or span[-1].lower_])
        if vocabulary.lookup_label(key) is not None:
            continue
        iri = str(minted_concept_iri(label, key))
        minted.append(NewConcept(iri, key, label, "new-term"))
        out.append(Candidate(span.start, span.end, label, iri, "new-term", span.text))
    return out, minted
