"""SOURCE recognition: publisher, citations, reference entries, journals, organizations, people.

Pure helpers over a parsed ``Doc``; the cue words and citation shapes live in
``patterns/sources.json``. Each helper returns :class:`SourceHit` records;
the ``kgraph_sources`` component turns them into spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from kgraph.iris import minted_concept_iri
from kgraph.pipeline.doc_cache import page_text, token_columns
from kgraph.pipeline.rule_files import read_rule_file
from kgraph.vocabulary import Vocabulary

__all__ = ["SourceHit", "SourceRules", "load_source_rules", "find_sources", "publisher_concept"]

PATTERN_FILE = Path(__file__).with_name("patterns") / "sources.json"


@dataclass(frozen=True, slots=True)
class SourceHit:
    """A SOURCE mention: character span, concept IRI, its label and how it was found."""

    start: int
    end: int
    concept: str
    label: str
    kind: str  # local name of a kg:SourceKind: Citation, ReferenceEntry, Journal, Organization, Person, Publisher
    rule: str
    minted: bool


@dataclass(frozen=True)
class SourceRules:
    """The compiled rules of ``patterns/sources.json``."""

    citation: re.Pattern[str]
    narrative_citation: re.Pattern[str]
    reference_entries: tuple[re.Pattern[str], ...]
    reference_headings: re.Pattern[str]
    journal_cues: tuple[tuple[str, ...], ...]
    name_connectors: frozenset[str]
    organization_connectors: frozenset[str]
    organization_heads: frozenset[str]
    job_titles: frozenset[str]
    person_titles: frozenset[str]
    person_suffixes: frozenset[str]
    credit_verbs: frozenset[str]
    credit_before: tuple[tuple[str, ...], ...]
    publisher_generic_words: frozenset[str]


@cache
def load_source_rules(path: Path = PATTERN_FILE) -> SourceRules:
    """Load and compile the source rules, rejecting unknown keys."""
    data = read_rule_file(path, set(SourceRules.__dataclass_fields__))
    return SourceRules(
        citation=re.compile(data["citation"]),
        narrative_citation=re.compile(data["narrative_citation"]),
        reference_entries=tuple(re.compile(p, re.MULTILINE) for p in data["reference_entries"]),
        reference_headings=re.compile(data["reference_headings"], re.IGNORECASE | re.MULTILINE),
        journal_cues=tuple(tuple(c) for c in data["journal_cues"]),
        name_connectors=frozenset(data["name_connectors"]),
        organization_connectors=frozenset(data["organization_connectors"]),
        organization_heads=frozenset(data["organization_heads"]),
        job_titles=frozenset(data["job_titles"]),
        person_titles=frozenset(data["person_titles"]),
        person_suffixes=frozenset(data["person_suffixes"]),
        credit_verbs=frozenset(data["credit_verbs"]),
        credit_before=tuple(tuple(c) for c in data["credit_before"]),
        publisher_generic_words=frozenset(data["publisher_generic_words"]),
    )


def _strip_the(name: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", name.strip())


def _source_concept(vocabulary: Vocabulary, name: str, key: str | None = None) -> tuple[str, bool]:
    """IRI of the vocabulary source named ``name``, else a minted one (and whether minted)."""
    bare = _strip_the(name)
    concept = vocabulary.lookup_label(bare, "SOURCE") or vocabulary.lookup_label(name, "SOURCE")
    if concept is None:
        for candidate in vocabulary.lookup_abbreviation(bare):
            if candidate.entity_type == "SOURCE":
                concept = candidate
                break
    if concept is not None:
        return concept.iri, False
    return str(minted_concept_iri("source", key or bare.lower())), True


# ------------------------------------------------------------------ citations and references


def citation_key(first_author: str, year: str) -> str:
    """Shared key of a citation and its reference entry: ``"zheng 2019"``."""
    return f"{first_author.lower()} {year}"


def find_citations(text: str, rules: SourceRules) -> list[SourceHit]:
    """In-text citations: ``(Zheng et al., 2019)``, ``(A & B, 2012; C, 2014)``, ``Zheng et al. (2019)``."""
    hits: list[SourceHit] = []
    for group in re.finditer(r"\(([^()\n]{4,300})\)", text):
        offset = group.start(1)
        for part in re.finditer(r"[^;]+", group.group(1)):
            chunk = part.group(0)
            stripped = chunk.strip()
            match = rules.citation.fullmatch(stripped)
            if match is None:
                continue
            start = offset + part.start() + (len(chunk) - len(chunk.lstrip()))
            key = citation_key(match["first"], match["year"])
            hits.append(_minted_hit(start, start + len(stripped), key, stripped, "Citation", "citation"))
    for match in rules.narrative_citation.finditer(text):
        key = citation_key(match["first"], match["year"])
        hits.append(_minted_hit(match.start(), match.end(), key, match.group(0), "Citation", "citation"))
    return hits


def _minted_hit(start: int, end: int, key: str, label: str, kind: str, rule: str) -> SourceHit:
    return SourceHit(start, end, str(minted_concept_iri("source", key)), label, kind, rule, True)


def find_reference_entries(text: str, rules: SourceRules, vocabulary: Vocabulary) -> list[SourceHit]:
    """Author lists and venues of reference-list entries (APA and Vancouver shapes)."""
    hits: list[SourceHit] = []
    for pattern in rules.reference_entries:
        for match in pattern.finditer(text):
            key = citation_key(match["first"], match["year"])
            start, end = match.span("authors")
            authors = match["authors"].rstrip(" ,")
            hits.append(_minted_hit(start, start + len(authors), key, authors, "ReferenceEntry", "reference-entry"))
            venue = match["venue"].strip().rstrip(".")
            vstart = match.start("venue") + (len(match["venue"]) - len(match["venue"].lstrip()))
            concept, minted = _source_concept(vocabulary, venue)
            hits.append(SourceHit(vstart, vstart + len(venue), concept, _strip_the(venue), "Journal", "reference-venue", minted))
    return hits


# ------------------------------------------------------------------ names found by shape


def _is_name_token(token: Token) -> bool:
    text = token.text
    return (token.is_title or (text.isupper() and len(text) > 1 and text.isalpha())) and not token.like_num


def _capitalized_runs(sent: Span, connectors: frozenset[str]) -> list[list[Token]]:
    """Runs of capitalized tokens, allowing connector words inside, within one line."""
    doc = sent.doc
    tokens = token_columns(doc)
    runs: list[list[Token]] = []
    current: list[Token] = []
    for i in range(sent.start, sent.end):
        text = tokens.text[i]
        name = not text.islower() and _is_name_token(doc[i])  # a lower-case word is neither titled nor capitals
        if "\n" in text or "\n" in tokens.whitespace[i]:
            if name:
                current.append(doc[i])
            runs.append(current)
            current = []
            continue
        if name:
            current.append(doc[i])
        elif text in connectors and current:
            current.append(doc[i])
        else:
            runs.append(current)
            current = []
    runs.append(current)
    return [_trim(run, connectors) for run in runs if run]


def _trim(run: list[Token], connectors: frozenset[str]) -> list[Token]:
    while run and (run[-1].text in connectors or run[-1].is_punct):
        run = run[:-1]
    return run


def find_journals_by_context(doc: Doc, rules: SourceRules, vocabulary: Vocabulary) -> list[SourceHit]:
    """Journal names after cues such as "published in", "a review in", "the journal"."""
    hits: list[SourceHit] = []
    lowers = token_columns(doc).lower
    cues_by_first: dict[str, list[tuple[str, ...]]] = {}  # only the cues starting with a token's word can match
    for cue in rules.journal_cues:
        cues_by_first.setdefault(cue[0], []).append(cue)
    for i in range(len(doc)):
        for cue in cues_by_first.get(lowers[i], ()):
            if tuple(lowers[i : i + len(cue)]) != cue:
                continue
            j = i + len(cue)
            start = j
            if j < len(doc) and doc[j].lower_ == "the":
                j += 1
            name: list[Token] = []
            while j < len(doc) and (_is_name_token(doc[j]) or (name and doc[j].text in rules.name_connectors)):
                if "\n" in doc[j].text:
                    break
                name.append(doc[j])
                if "\n" in doc[j].whitespace_:
                    break
                j += 1
            name = _trim(name, rules.name_connectors)
            if not name or any(t.ent_type_ in {"GPE", "LOC", "NORP", "DATE"} for t in name):
                continue
            if start < name[0].i and doc[start].text == "The":
                first = doc[start]
            else:
                first = name[0]
            span = doc[first.i : name[-1].i + 1]
            concept, minted = _source_concept(vocabulary, span.text)
            hits.append(SourceHit(span.start_char, span.end_char, concept, _strip_the(span.text), "Journal", "journal-context", minted))
    return hits


def find_organizations(doc: Doc, rules: SourceRules, vocabulary: Vocabulary) -> list[SourceHit]:
    """Capitalized names containing an organization head word ("Institute for Advanced Psychiatry")."""
    hits: list[SourceHit] = []
    for sent in doc.sents:
        for run in _capitalized_runs(sent, rules.organization_connectors):
            while run and (
                run[0].is_stop
                or run[0].pos_ in {"VERB", "AUX", "ADV", "PRON", "DET", "ADP", "SCONJ"}
                or run[0].text in rules.job_titles
                or run[0].text in rules.organization_connectors
            ):
                run = run[1:]
            run = _trim(run, rules.organization_connectors)
            content = [t for t in run if t.text not in rules.organization_connectors]
            if len(content) < 2 or not any(t.text in rules.organization_heads for t in content):
                continue
            span = doc[run[0].i : run[-1].i + 1]
            concept, minted = _source_concept(vocabulary, span.text)
            hits.append(SourceHit(span.start_char, span.end_char, concept, span.text, "Organization", "organization-name", minted))
    return hits


def _credited(doc: Doc, start: int, end: int, rules: SourceRules) -> bool:
    """Is the name at ``doc[start:end]`` credited: titled, with a degree, quoted or speaking?"""
    if start > 0 and doc[start - 1].text in rules.person_titles:
        return True
    after = doc[end : end + 3]
    if len(after) and after[0].text == ",":
        return True  # "Thomas Insel, former Director ...", "Jane Doe, MD"
    if any(t.text in rules.person_suffixes or t.lower_ in rules.credit_verbs for t in after):
        return True
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    return any(tuple(before[-len(cue):]) == cue for cue in rules.credit_before)


def find_persons(doc: Doc, rules: SourceRules, vocabulary: Vocabulary) -> list[SourceHit]:
    """Named people who are credited: the parser's PERSON names and "Dr. First Last" forms,
    kept when a title, a degree, an apposition, a speech verb or "according to"/"by" marks them."""
    hits: list[SourceHit] = []
    candidates: list[tuple[int, int]] = [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"]
    texts = token_columns(doc).text
    for i, text in enumerate(texts):
        if text in rules.person_titles and i + 1 < len(doc) and _is_name_token(doc[i + 1]):
            end = i + 1
            while end < len(doc) and end - i <= 3 and _is_name_token(doc[end]) and "\n" not in doc[end].text:
                end += 1
            candidates.append((i + 1, end))
    people: list[tuple[Span, list[Token]]] = []
    for start, end in candidates:
        tokens = [t for t in doc[start:end] if not t.is_punct and t.text not in {"'s", "’s"}]
        titled = bool(tokens) and tokens[0].i > 0 and doc[tokens[0].i - 1].text in rules.person_titles
        if len(tokens) < (1 if titled else 2) or len(tokens) > 4 or any("\n" in t.text for t in tokens):
            continue
        if not all((_is_name_token(t) and t.pos_ == "PROPN") or re.fullmatch(r"[A-Z]\.", t.text) for t in tokens):
            continue
        if any(vocabulary.lookup_label(t.text) for t in tokens):
            continue
        if not _credited(doc, tokens[0].i, tokens[-1].i + 1, rules):
            continue
        first = tokens[0].i - 1 if titled else tokens[0].i
        people.append((doc[first : tokens[-1].i + 1], tokens))
    # "Dr. Hale" is the page's "Dr. Robert Hale" when the page names him in full
    full_names = {tokens[-1].text: " ".join(t.text for t in tokens) for _, tokens in people if len(tokens) > 1}
    for span, tokens in people:
        name = " ".join(t.text for t in tokens)
        if len(tokens) == 1:
            name = full_names.get(tokens[0].text, f"{span[0].text.rstrip('.')} {name}")
        hits.append(_minted_hit(span.start_char, span.end_char, name.lower(), name, "Person", "person-name"))
    # later references by surname alone ("Okafor said") to a person the page has named in full
    taken = [(h.start, h.end) for h in hits]
    for i, text in enumerate(texts):
        full = full_names.get(text)
        if full is None:
            continue
        token = doc[i]
        if token.pos_ != "PROPN" or any(s <= token.idx < e for s, e in taken):
            continue
        if token.i > 0 and doc[token.i - 1 : token.i + 1].text in full:
            continue  # part of another, uncredited writing of the full name
        if _credited(doc, token.i, token.i + 1, rules) or token.dep_ in {"nsubj", "poss"}:
            hits.append(_minted_hit(token.idx, token.idx + len(token), full.lower(), full, "Person", "person-name"))
    return hits


def publisher_short_name(publisher: str, rules: SourceRules, vocabulary: Vocabulary) -> str | None:
    """The distinctive leading words of a clinic's name ("Cedar Ridge" of "Cedar Ridge Pain & Spine
    Specialists"), which pages use on their own; ``None`` when the name starts with a generic word."""
    words = publisher.split()
    lead: list[str] = []
    for word in words:
        if (word in rules.publisher_generic_words or not word[:1].isupper() or vocabulary.lookup_label(word)
                or word.endswith(("'s", "’s"))):  # "Willow Springs Women's Mental Health"
            break
        lead.append(word)
    if len(lead) == len(words):
        lead = lead[:1]  # "BrightPath Telepsychiatry": the first word carries the name
    if not lead or len(lead) == len(words):
        return None
    return " ".join(lead)


def find_publisher(text: str, publisher: str | None, vocabulary: Vocabulary, rules: SourceRules) -> list[SourceHit]:
    """Every word-bounded occurrence of the page's publisher name, and of its short name
    (matched with its capitalization)."""
    if not publisher or not publisher.strip():
        return []
    name = publisher.strip()
    concept, minted = _source_concept(vocabulary, name)
    pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.IGNORECASE)
    hits = [SourceHit(m.start(), m.end(), concept, name, "Publisher", "publisher", minted) for m in pattern.finditer(text)]
    short = publisher_short_name(name, rules, vocabulary)
    if short:
        taken = [(h.start, h.end) for h in hits]
        for m in re.finditer(r"(?<![\w&])" + re.escape(short) + r"(?![\w-])", text):
            if not any(s <= m.start() < e for s, e in taken):
                hits.append(SourceHit(m.start(), m.end(), concept, name, "Publisher", "publisher", minted))
    return hits


def find_sources(doc: Doc, rules: SourceRules, vocabulary: Vocabulary, publisher: str | None) -> list[SourceHit]:
    """All rule-based SOURCE hits of a page, before overlap resolution, sorted."""
    text = page_text(doc)
    hits = (
        find_publisher(text, publisher, vocabulary, rules)
        + find_citations(text, rules)
        + find_reference_entries(text, rules, vocabulary)
        + find_journals_by_context(doc, rules, vocabulary)
        + find_organizations(doc, rules, vocabulary)
        + find_persons(doc, rules, vocabulary)
    )
    return sorted(set(hits), key=lambda h: (h.start, -h.end, h.rule, h.concept))


def publisher_concept(vocabulary: Vocabulary, name: str) -> tuple[str, bool]:
    """Concept IRI of a publisher name (vocabulary or minted), and whether it was minted."""
    return _source_concept(vocabulary, name.strip())
