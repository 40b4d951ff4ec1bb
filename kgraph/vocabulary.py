"""The SKOS vocabularies of ``ontology/vocab/`` as Python records and ruler patterns.

The ontology drives recognition: every ``skos:prefLabel``, ``skos:altLabel``,
``skos:hiddenLabel`` and ``kg:abbreviation`` becomes a spaCy ruler pattern
whose ``id`` is the concept IRI, so the graph needs no second lookup. No drug,
receptor or condition name lives in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kgraph.errors import OntologyError
from kgraph.namespaces import KG, RDF, SKOS
from kgraph.ontology_files import ontology_dir

__all__ = [
    "Concept",
    "Vocabulary",
    "load_vocabulary",
    "entity_label",
    "pluralize",
    "ruler_patterns",
]

# spaCy span labels of the five entity types, and back.
ENTITY_LABELS: dict[URIRef, str] = {
    KG.Drug: "DRUG",
    KG.Receptor: "RECEPTOR",
    KG.Condition: "CONDITION",
    KG.Statistic: "STATISTIC",
    KG.Source: "SOURCE",
}
ENTITY_TYPES: dict[str, URIRef] = {label: iri for iri, label in ENTITY_LABELS.items()}


def entity_label(entity_type: URIRef) -> str:
    """spaCy span label of an entity type IRI (``KG.Drug`` -> ``"DRUG"``)."""
    return ENTITY_LABELS[entity_type]


@dataclass(frozen=True, slots=True)
class Concept:
    """One concept of a vocabulary, with every label it is recognised by."""

    iri: str
    scheme: str
    entity_type: str  # "DRUG", "RECEPTOR", ...
    pref_label: str
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    generic: bool = False
    match_case: bool = False
    resolves_anaphora: bool = False
    source_kind: str | None = None
    exact_matches: tuple[str, ...] = ()  # external IDs (MeSH, ChEBI, Wikidata), each with a cited source
    broader: tuple[str, ...] = ()  # skos:broader concepts ("sertraline" -> "SSRI")

    @property
    def standard_labels(self) -> tuple[str, ...]:
        """Labels a page may use without being non-standard (pref, alt, abbreviations)."""
        return (self.pref_label, *self.alt_labels, *self.abbreviations)

    def is_standard_expansion(self, long_form: str, short: str) -> bool:
        """Is ``long_form`` a standard expansion of ``short`` for this concept?

        Either it is a standard label, or the labels pair it with the short
        form inside a longer name ("N-methyl-D-aspartate" for "NMDA", given
        "NMDA receptor" and "N-methyl-D-aspartate receptor").
        """
        labels = {normalize_label(x) for x in self.standard_labels}
        long_key, short_key = normalize_label(long_form), normalize_label(short)
        # a plural abbreviation expanded in the plural: "SNRIs", "serotonin-norepinephrine reuptake inhibitors"
        if long_key in labels or long_key in {normalize_label(pluralize(x)) for x in self.standard_labels}:
            return True
        return any(label.startswith(long_key + " ") and short_key + label[len(long_key):] in labels
                   for label in labels)


@dataclass(frozen=True)
class Vocabulary:
    """All concepts of ``ontology/vocab/*.ttl``, indexed for lookups."""

    concepts: tuple[Concept, ...]
    by_iri: dict[str, Concept] = field(repr=False)
    by_abbreviation: dict[str, tuple[Concept, ...]] = field(repr=False)
    by_label: dict[str, tuple[Concept, ...]] = field(repr=False)
    files: tuple[Path, ...] = ()
    scheme_labels: dict[str, str] = field(default_factory=dict, repr=False)

    def lookup_label(self, text: str, entity_type: str | None = None) -> Concept | None:
        """The concept whose (case-insensitive) label, or plural of one, is ``text``."""
        for concept in self.by_label.get(normalize_label(text), ()):
            if entity_type is None or concept.entity_type == entity_type:
                return concept
        return None

    @cached_property
    def classes(self) -> frozenset[str]:
        """Concepts that some concept lies below ("antidepressant", "opioid"): kinds, not single things."""
        return frozenset(parent for c in self.concepts for parent in c.broader)

    def is_kind_of(self, narrower: str, broader: str) -> bool:
        """True when ``narrower`` lies below ``broader`` by skos:broader (one or more steps)."""
        seen, stack = {narrower}, [narrower]
        while stack:
            concept = self.by_iri.get(stack.pop())
            for parent in concept.broader if concept is not None else ():
                if parent == broader:
                    return True
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return False

    def lookup_abbreviation(self, short: str) -> tuple[Concept, ...]:
        """Concepts that list ``short`` (case-sensitive, singular or with plural 's')."""
        found = self.by_abbreviation.get(short)
        if not found and short.endswith("s"):
            found = self.by_abbreviation.get(short[:-1])
        return found or ()


def normalize_label(text: str) -> str:
    """Case- and space-insensitive key of a label."""
    return " ".join(text.replace("’", "'").lower().split())


def pluralize(label: str) -> str:
    """English plural of a label's last word (``"opioid analgesic"`` -> ``"opioid analgesics"``).

    Examples
    --------
    >>> pluralize("chronic pain syndrome"), pluralize("therapy"), pluralize("SSRI")
    ('chronic pain syndromes', 'therapies', 'SSRIs')
    """
    head, _, last = label.rpartition(" ")
    prefix = head + " " if head else ""
    if last.isupper():
        return f"{prefix}{last}s"
    lower = last.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        plural = last + "es"
    elif lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return prefix + plural


def _flag(graph: Graph, node: URIRef, prop: URIRef) -> bool:
    value = graph.value(node, prop)
    return bool(value.toPython()) if isinstance(value, Literal) else False


def _texts(graph: Graph, node: URIRef, prop: URIRef) -> tuple[str, ...]:
    return tuple(sorted({str(o) for o in graph.objects(node, prop) if isinstance(o, Literal)}))


def vocabulary_files(folder: Path | None = None) -> tuple[Path, ...]:
    """The vocabulary Turtle files, sorted."""
    folder = folder or ontology_dir() / "vocab"
    files = tuple(sorted(folder.glob("*.ttl")))
    if not files:
        raise OntologyError(f"no vocabulary files (*.ttl) in {folder}; the ontology folder is incomplete")
    return files


def read_vocabulary(files: Iterable[Path]) -> Vocabulary:
    """Read SKOS concepts from ``files`` (pure apart from reading them)."""
    files = tuple(files)
    graph = Graph()
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser error types
            raise OntologyError(f"cannot parse vocabulary {path}: {exc}") from exc
    concepts: list[Concept] = []
    for node in sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str):
        scheme = graph.value(node, SKOS.inScheme)
        entity_type = graph.value(scheme, KG.entityType) if scheme is not None else None
        pref = graph.value(node, SKOS.prefLabel)
        if entity_type not in ENTITY_LABELS or pref is None:
            raise OntologyError(
                f"concept {node} needs skos:prefLabel and skos:inScheme a scheme with kg:entityType "
                f"(one of {', '.join(str(t) for t in ENTITY_LABELS)})"
            )
        kind = graph.value(node, KG.sourceKind)
        concepts.append(
            Concept(
                iri=str(node),
                scheme=str(scheme),
                entity_type=ENTITY_LABELS[entity_type],
                pref_label=str(pref),
                alt_labels=_texts(graph, node, SKOS.altLabel),
                hidden_labels=_texts(graph, node, SKOS.hiddenLabel),
                abbreviations=_texts(graph, node, KG.abbreviation),
                generic=_flag(graph, node, KG.generic),
                match_case=_flag(graph, scheme, KG.matchCase),
                resolves_anaphora=_flag(graph, scheme, KG.resolvesAnaphora),
                source_kind=str(kind) if kind is not None else None,
                exact_matches=tuple(sorted(str(o) for o in graph.objects(node, SKOS.exactMatch))),
                broader=tuple(sorted(str(o) for o in graph.objects(node, SKOS.broader))),
            )
        )
    scheme_labels = {str(scheme): str(graph.value(scheme, SKOS.prefLabel))
                     for scheme in graph.subjects(RDF.type, SKOS.ConceptScheme)
                     if graph.value(scheme, SKOS.prefLabel) is not None}
    return _index(tuple(concepts), files, scheme_labels)


def _index(concepts: tuple[Concept, ...], files: tuple[Path, ...], scheme_labels: dict[str, str]) -> Vocabulary:
    by_abbreviation: dict[str, list[Concept]] = {}
    by_label: dict[str, list[Concept]] = {}
    for concept in concepts:
        for short in concept.abbreviations:
            by_abbreviation.setdefault(short, []).append(concept)
        for label in (concept.pref_label, *concept.alt_labels, *concept.hidden_labels):
            for form in {label, pluralize(label)}:
                by_label.setdefault(normalize_label(form), []).append(concept)
    return Vocabulary(
        concepts=concepts,
        by_iri={c.iri: c for c in concepts},
        by_abbreviation={k: tuple(v) for k, v in by_abbreviation.items()},
        by_label={k: tuple(v) for k, v in by_label.items()},
        files=files,
        scheme_labels=scheme_labels,
    )


@cache
def load_vocabulary() -> Vocabulary:
    """The installed vocabularies, read once per process."""
    return read_vocabulary(vocabulary_files())


# ------------------------------------------------------------------ ruler patterns


def _label_forms(concept: Concept) -> Iterator[tuple[str, bool]]:
    """(surface form, match case) for every label and its plural."""
    for label in (concept.pref_label, *concept.alt_labels, *concept.hidden_labels):
        for form in (label, pluralize(label)):
            yield form, concept.match_case
    for short in concept.abbreviations:
        yield short, True
        yield pluralize(short), True


def _inserted_abbreviation_forms(concept: Concept) -> Iterator[str]:
    """``long (SHORT) head`` forms: "N-methyl-D-aspartate (NMDA) receptor".

    Made when the concept has labels ``SHORT head`` and ``long head`` and
    abbreviation ``SHORT``: the page defines the abbreviation inside the name.
    """
    labels = (concept.pref_label, *concept.alt_labels)
    for short in concept.abbreviations:
        heads = [label[len(short) + 1 :] for label in labels if label.startswith(short + " ")]
        for head in heads:
            for label in labels:
                if label.endswith(" " + head) and not label.startswith(short + " "):
                    long_form = label[: -len(head) - 1]
                    for form in (f"{long_form} ({short}) {head}", f"{long_form} ({short}) {pluralize(head)}"):
                        yield form


def ruler_patterns(vocabulary: Vocabulary, tokenize) -> list[dict]:
    """spaCy ``span_ruler`` patterns for every label form of every concept.

    Parameters
    ----------
    vocabulary
        The concepts.
    tokenize
        ``nlp.make_doc``: label forms are split exactly as page text is.

    Returns
    -------
    list of dict
        Token patterns ``{"label": "DRUG", "pattern": [...], "id": IRI}``,
        matching ``LOWER`` or, for abbreviations and case-sensitive schemes,
        ``ORTH``; sorted and free of duplicates so builds are deterministic.
    """
    seen: set[tuple[str, str, tuple[str, ...], str]] = set()
    patterns: list[dict] = []
    for concept in vocabulary.concepts:
        forms = list(_label_forms(concept))
        forms += [(form, concept.match_case) for form in _inserted_abbreviation_forms(concept)]
        for form, match_case in forms:
            tokens = tuple(t.text for t in tokenize(form))
            attr = "ORTH" if match_case else "LOWER"
            values = tokens if match_case else tuple(t.lower() for t in tokens)
            key = (concept.entity_type, attr, values, concept.iri)
            if not values or key in seen:
                continue
            seen.add(key)
            patterns.append(
                {"label": concept.entity_type, "id": concept.iri, "pattern": [{attr: v} for v in values]}
            )
    patterns.sort(key=lambda p: (p["label"], p["id"], str(p["pattern"])))
    return patterns
