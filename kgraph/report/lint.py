"""Single-page lint: absolute health claims, and claims that need a source but name none.

Two kinds of entry, each about one page:

``absolute``
    A claim's clause uses a word that states a health claim as absolute
    ("Safe", "Non-Addictive", "proven", "guaranteed", "100%"), or the
    pipeline marked the claim ``kg:Emphatic`` ("has been shown"). The words are
    data, in ``lint_rules.json`` beside this module, not Python. Words are
    searched inside claim clauses only, not in the whole page, so "a safe
    and welcoming office" outside any claim is not reported.

``unattributed``
    A claim that needs a source and has none. Which claims need one: those a
    reader would have to take on trust, namely statistics about people (the
    object is a ``kg:Quantity`` whose ``kg:measure`` is listed in the rules
    file, "prevalence" and "onset time": "Over 11% of the US adult population
    suffers from chronic pain") and claims of efficacy, safety or evidence
    (predicates listed in the rules file: "treats", "relieves", "is free of
    risk of", "is supported by" ...). Mechanism and background claims
    ("blocks NMDA receptor", "is an anesthetic", "introduced in the 1960s",
    "chronic pain lasts three months or more") are textbook statements or
    definitions and are not asked for a source. A claim counts as attributed when it has
    ``kg:attributedTo`` (a source its sentence credits: "according to the
    CDC") or ``kg:citation`` (an in-text citation in its sentence).

Each entry carries the span and quote of the claim's clause, so it can be
shown and linked like a finding member. Nothing is said twice: a listed word
inside nested clauses is reported once, on the narrowest clause; a missing
source once per sentence (sources are credited per sentence); an emphatic
cue once per sentence.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import URIRef

from kgraph.errors import UsageError
from kgraph.namespaces import KG
from kgraph.report.members import Anchor, GraphIndex, local_name

__all__ = ["RULES_RESOURCE", "LintRules", "lint_entries", "load_lint_rules"]

RULES_RESOURCE = "lint_rules.json"


@dataclass(frozen=True, slots=True)
class LintRules:
    """The lint settings of ``lint_rules.json``; unknown keys are refused."""

    version: int
    description: str
    absolute_terms: tuple[str, ...]
    emphatic_is_absolute: bool
    attribution_predicates: tuple[str, ...]
    attribution_measures: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: Any, origin: str = "lint rules") -> LintRules:
        """Build the rules from a JSON object, refusing unknown or missing keys and wrong types."""
        if not isinstance(data, dict):
            raise UsageError(f"{origin}: expected a JSON object, got {type(data).__name__}")
        allowed = {f.name for f in fields(cls)}
        unknown, missing = sorted(set(data) - allowed), sorted(allowed - set(data))
        if unknown or missing:
            raise UsageError(f"{origin}: unknown key(s) {unknown}, missing key(s) {missing}; "
                             f"the keys are {sorted(allowed)}")
        for name in ("absolute_terms", "attribution_predicates", "attribution_measures"):
            value = data[name]
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise UsageError(f"{origin}: {name!r} must be a list of non-empty strings, got {value!r}")
        if not isinstance(data["emphatic_is_absolute"], bool):
            raise UsageError(f"{origin}: 'emphatic_is_absolute' must be true or false, "
                             f"got {data['emphatic_is_absolute']!r}")
        if data["version"] != 1:
            raise UsageError(f"{origin}: version {data['version']!r} is not supported; this kgraph reads version 1")
        return cls(version=1, description=str(data["description"]),
                   absolute_terms=tuple(data["absolute_terms"]),
                   emphatic_is_absolute=data["emphatic_is_absolute"],
                   attribution_predicates=tuple(data["attribution_predicates"]),
                   attribution_measures=tuple(data["attribution_measures"]))

    def term_pattern(self, term: str) -> re.Pattern[str]:
        """``term`` as a case-insensitive whole-word pattern (space: any whitespace; hyphen: optional)."""
        pieces = []
        for word in term.split():
            pieces.append(r"[-\u2010\u2011\s]?".join(re.escape(part) for part in word.split("-")))
        # "(?!\w)" after "%" is too strict ("100% safe" ends the word at "%"), so only ask it after a word char
        tail = r"(?!\w)" if re.search(r"\w$", term) else ""
        return re.compile(r"(?<!\w)" + r"\s+".join(pieces) + tail, re.IGNORECASE)


@lru_cache(maxsize=8)
def load_lint_rules(path: Path | None = None) -> LintRules:
    """The packaged ``lint_rules.json``, or the rules file at ``path``.

    Raises
    ------
    kgraph.errors.UsageError
        When the file cannot be read, is not JSON, or has unknown or malformed keys.
    """
    try:
        if path is None:
            origin = f"kgraph.report/{RULES_RESOURCE}"
            raw = resources.files("kgraph.report").joinpath(RULES_RESOURCE).read_text(encoding="utf-8")
        else:
            origin = str(path)
            raw = Path(path).read_text(encoding="utf-8")
        data = json.loads(raw)
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot read lint rules {origin}: {error}") from None
    return LintRules.from_dict(data, origin)


def lint_entries(index: GraphIndex, rules: LintRules | None = None) -> list[dict]:
    """The lint entries of every page, sorted by file, start, kind, term and claim.

    Parameters
    ----------
    index
        The graph, indexed (:class:`kgraph.report.members.GraphIndex`).
    rules
        The lint rules; the packaged ``lint_rules.json`` when ``None``.
    """
    rules = rules or load_lint_rules()
    # longest terms first, so "completely safe" is one hit and not also "safe"
    patterns = [rules.term_pattern(t) for t in sorted(set(rules.absolute_terms), key=lambda t: (-len(t), t))]
    # most clauses hold none of the words: one search for any of them spares the search for each
    any_term = re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE) if patterns else None
    # of the entries about one word, or about one sentence, the narrowest clause's is kept: each key keeps the
    # entry of least rank (clause length, document, start, claim IRI, then the entry's place among its claim's),
    # so the claims are read in store order and none is held
    chosen: dict[tuple, tuple[tuple, dict]] = {}
    for claim in index.read.each_of_type(KG.Claim):
        iri = str(claim)  # one string for the lookup, the rank and the claim's entries
        anchor = index.anchors.get(iri)
        if anchor is None or anchor.document not in index.documents:
            continue
        rank = (anchor.end - anchor.start, anchor.document, anchor.start, iri)
        sentence = _sentence(index, claim, anchor)
        found = [(("word", anchor.document, offset), entry)
                 for offset, entry in _term_hits(index, patterns, any_term, anchor, iri)]
        cue = _emphatic_cue(index, rules, claim)
        if cue is not None:
            found.append((("emphatic", *sentence, cue.lower()), _entry(index, anchor, "absolute", cue, iri)))
        term = _needs_source(index, rules, claim)
        if term is not None:  # a source is credited per sentence, so a missing one is reported per sentence
            found.append((("unattributed", *sentence), _entry(index, anchor, "unattributed", term, iri)))
        for place, (key, entry) in enumerate(found):
            _keep_least(chosen, key, (*rank, place), entry)
    entries: dict[tuple, tuple[tuple, dict]] = {}
    for key_rank, entry in chosen.values():  # an emphatic cue that is also a listed word is one entry
        _keep_least(entries, _key(entry), key_rank, entry)
    return sorted((entry for _, entry in entries.values()),
                  key=lambda e: (e["file"], e["start"], e["kind"], e["term"] or "", e["end"], e["claim"] or ""))


def _keep_least(kept: dict[tuple, tuple[tuple, dict]], key: tuple, rank: tuple, entry: dict) -> None:
    """Keep ``entry`` under ``key`` unless an entry of lesser ``rank`` is kept there."""
    held = kept.get(key)
    if held is None or rank < held[0]:
        kept[key] = (rank, entry)


def _sentence(index: GraphIndex, claim: URIRef, anchor: Anchor) -> tuple[str, int, int]:
    start, end = index.one(claim, KG.sentenceStart), index.one(claim, KG.sentenceEnd)
    if start is None or end is None:
        return anchor.document, anchor.start, anchor.end
    return anchor.document, int(start), int(end)


def _key(entry: dict) -> tuple:
    return entry["file"], entry["start"], entry["end"], entry["kind"], (entry["term"] or "").lower()


def _entry(index: GraphIndex, anchor: Anchor, kind: str, term: str | None, claim: str) -> dict:
    doc = index.documents[anchor.document]
    return {"file": doc.file, "kind": kind, "term": term, "start": anchor.start, "end": anchor.end,
            "quote": doc.text[anchor.start:anchor.end], "claim": claim}


def _term_hits(index: GraphIndex, patterns: list[re.Pattern[str]], any_term: re.Pattern[str] | None,
               anchor: Anchor, claim: str) -> list[tuple[int, dict]]:
    """Absolute words in the clause (a word covered by an earlier pattern's hit is skipped), with page offsets.

    ``any_term`` matches wherever one of ``patterns`` does (``None``: there are none).
    """
    text = index.documents[anchor.document].text[anchor.start:anchor.end]
    if any_term is None or any_term.search(text) is None:
        return []
    out, taken = [], []
    for pattern in patterns:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append((anchor.start + m.start(), _entry(index, anchor, "absolute", m.group(), claim)))
    return out


def _emphatic_cue(index: GraphIndex, rules: LintRules, claim: URIRef) -> str | None:
    """The certainty cue of a claim the pipeline marked emphatic ("has been shown"), else ``None``."""
    if not rules.emphatic_is_absolute or index.one(claim, KG.certainty) != KG.Emphatic:
        return None
    cue = index.one(claim, KG.certaintyCue)
    return str(cue) if cue is not None else "emphatic"


def _needs_source(index: GraphIndex, rules: LintRules, claim: URIRef) -> str | None:
    """The predicate label of a claim that needs a source and has none, else ``None``."""
    if index.one(claim, KG.attributedTo) is not None or index.one(claim, KG.citation) is not None:
        return None
    measure = index.one(claim, KG.measure)
    predicate = index.one(claim, KG.predicate)
    statistic = index.is_a(index.one(claim, KG.object), KG.Quantity)
    if (statistic and measure is not None and str(measure) in rules.attribution_measures) or \
            local_name(predicate) in rules.attribution_predicates:
        return index.label(predicate)
    return None
