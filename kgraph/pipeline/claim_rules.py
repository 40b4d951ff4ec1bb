"""The claims stage's rules: predicates and claim terms from the ontology, cue words from ``patterns/claims.json``."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kgraph.errors import OntologyError
from kgraph.namespaces import KG, RDF, RDFS, SKOS
from kgraph.ontology_files import ontology_dir
from kgraph.pipeline.rule_files import read_rule_file

__all__ = [
    "Predicate",
    "CueSense",
    "ClaimTerm",
    "QualifierCues",
    "PredicateVocabulary",
    "load_predicates",
    "read_predicates",
    "load_qualifier_cues",
    "PATTERN_FILE",
]

PATTERN_FILE = Path(__file__).with_name("patterns") / "claims.json"
ENTITY_KINDS = {"DRUG": "Drug", "RECEPTOR": "Receptor", "CONDITION": "Condition", "STATISTIC": "Statistic",
                "SOURCE": "Source"}


@dataclass(frozen=True, slots=True)
class Predicate:
    """One predicate of ``ontology/predicates.ttl``."""

    iri: str
    label: str
    priority: int
    subject_types: frozenset[str]
    object_types: frozenset[str]
    opposites: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    measure: str | None = None
    default_object: str | None = None
    statistic_kinds: frozenset[str] = frozenset()  # what a statistic object must count; empty = anything
    heads_lists: bool = False  # a heading with its cue says it of each item of the list below ("Conditions We Treat")
    denied_for_patients: str | None = None  # "not recommended for people with X" reads as this predicate, affirmed
    provider_practice: bool = False  # how a provider gives a treatment: the page's drug, on a page about one
    figure_first: bool = False  # read only with its statistic before the cue ("one in four patients ... misuse them")
    stated_by_condition: bool = False  # a condition still states it: "unless they return for booster infusions"
    contrast_basis: bool = False  # "unlike opioids, ketamine relieves pain ...": what both do, not the difference
    # the population is its only scope (kg:exclusiveQualifier kg:populationGroup): "approved for adults"
    population_scoped: bool = False
    # (subject types, the object types they take) of kg:typePairing: "is a" pairs a condition with a condition
    type_pairings: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()

    def pairs_types(self, subject_type: str, object_type: str) -> bool:
        """Whether a subject of ``subject_type`` may take an object of ``object_type`` (kg:typePairing)."""
        return all(object_type in objects for subjects, objects in self.type_pairings if subject_type in subjects)


@dataclass(frozen=True, slots=True)
class CueSense:
    """What one cue phrase can mean: a predicate, read forwards or inverted, maybe denied, maybe with its own object."""

    predicate: str
    inverse: bool = False
    negated: bool = False
    implied_object: str | None = None
    said_of_group: bool = False  # "works when SSRIs haven't": only of a population group named after it
    subject_after: bool = False  # "dependent on painkillers": the subject is what the closing preposition governs


@dataclass(frozen=True, slots=True)
class ClaimTerm:
    """A claim term of ``ontology/terms.ttl`` (symptom, process, site...): never an entity mention."""

    iri: str
    label: str
    kind: str  # local name of its kg:termKind


@dataclass(frozen=True)
class PredicateVocabulary:
    """Predicates with their cue phrases, and the claim terms."""

    predicates: dict[str, Predicate]
    cues: tuple[tuple[str, CueSense], ...]
    terms: dict[str, ClaimTerm]
    term_labels: tuple[tuple[str, str], ...]  # (label, term IRI)
    concept_kinds: dict[str, str]  # every concept IRI used as an implied object -> its kind
    # drug class -> what it is used for (kg:classUse): "when SSRIs haven't" helped, depression was treated
    class_uses: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # population group -> the conditions it specifies (kg:specifiedByGroup): "when other treatments failed" -> TRD
    group_conditions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # claim term -> the concepts that are kinds of it (skos:broader in relations.ttl): pain -> chronic pain
    term_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # use context -> the one a claim holds in without it (kg:absenceReading): medical use -> misuse
    absence_readings: dict[str, str] = field(default_factory=dict)
    # the use context of published studies (kg:studySetting): "In both, the dose was 0.5 mg/kg", after two trials
    study_setting: str | None = None


@dataclass(frozen=True)
class QualifierCues:
    """Cue words for polarity, certainty, clauses, anaphora and qualifiers (``patterns/claims.json``)."""

    negation: tuple[str, ...]
    negation_exceptions: tuple[str, ...]
    hedge: tuple[str, ...]
    hedge_exceptions: tuple[str, ...]  # "make headache more likely": a comparison, no hedge ("less likely" hedges)
    emphatic: tuple[str, ...]
    clause_breaks: frozenset[str]
    relative_pronouns: frozenset[str]
    anaphors: frozenset[str]
    anaphoric_determiners: frozenset[str]  # anaphoric before a noun only: "both treatments", not "both can"
    # "Both are SSRIs", "All three are used for TRD": how many items of one list named before a subject counts
    collectives: dict[str, int]
    anaphoric_heads: frozenset[str]
    anaphor_kinds: dict[str, frozenset[str]]
    effect_verbs: frozenset[str]
    not_subjects: frozenset[str]
    recipients: frozenset[str]
    recipient_predicates: frozenset[str]
    page_voice: frozenset[str]
    site_prepositions: frozenset[str]
    population_cues: tuple[str, ...]
    close_cues: dict[str, int]
    not_cues: tuple[str, ...]
    comparisons: tuple[str, ...]
    contrasts: frozenset[str]  # "unlike opioids, it does not cause dependence": the contrasted drug does
    indication_heads: frozenset[str]
    people_nouns: frozenset[str]
    effect_nouns: frozenset[str]
    vague_nouns: frozenset[str]
    condition_marks: frozenset[str]
    denying_verbs: frozenset[str]
    ending_verbs: frozenset[str]  # "the effect fades within two weeks": no onset (lemmas, or forms: "gone")
    ending_particles: frozenset[str]  # "nausea goes away within an hour": any verb with one ends something
    statistic_cues: frozenset[str]  # "40-minute infusion": cue phrases only inside a statistic
    lethal_words: frozenset[str]  # "2 milligrams can be fatal": an amount that kills is no dose
    effect_antecedents: frozenset[str]  # "most resolve within two hours": words standing for effects named before
    session_nouns: frozenset[str]  # "six infusions", "a 40-minute session": a statistic of treatment sessions
    stand_in_nouns: frozenset[str]  # "a single infusion reduced X": the page's drug, given as its treatment
    ranking_words: frozenset[str]  # "not a first-line treatment", "not for every kind of pain": no denial
    reporting_verbs: frozenset[str]  # 'clinics describe ketamine as "non-addictive"': the page reports, not asserts
    copular_cues: frozenset[str]
    strong_cues: frozenset[str]
    venue_nouns: frozenset[str]
    intake_verbs: frozenset[str]  # "Taking it without monitoring can be dangerous": the drug taken is the subject
    wanting_verbs: frozenset[str]  # "patients seeking pain management": a noun cue someone wants asserts nothing
    unaided_words: frozenset[str]  # "depression can improve on its own": no treatment made it better
    enabling_verbs: frozenset[str]  # "ketamine helps the brain form new connections": the helper does it
    max_object_distance: int


def _local(node: URIRef) -> str:
    return str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _texts(graph: Graph, node: URIRef, prop: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(node, prop) if isinstance(o, Literal))


def _optional_iri(node) -> str | None:
    return str(node) if node is not None else None


def read_predicates(predicates_file: Path, terms_file: Path, relations_file: Path | None = None) -> PredicateVocabulary:
    """Read the predicates and claim terms, and from ``relations_file`` the class uses, the conditions a
    population group specifies and the kinds of each claim term (pure apart from reading the files)."""
    graph = Graph()
    files = [predicates_file, terms_file] + ([relations_file] if relations_file is not None else [])
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many parser error types
            raise OntologyError(f"cannot parse {path}: {exc}") from exc
    predicates: dict[str, Predicate] = {}
    cues: list[tuple[str, CueSense]] = []
    for node in sorted(set(graph.subjects(RDF.type, KG.Predicate)), key=str):
        label = graph.value(node, SKOS.prefLabel)
        priority = graph.value(node, KG.priority)
        subjects = frozenset(_local(t) for t in graph.objects(node, KG.subjectType))
        objects = frozenset(_local(t) for t in graph.objects(node, KG.objectType))
        if label is None or priority is None or not subjects or not objects:
            raise OntologyError(f"predicate {node} needs skos:prefLabel, kg:priority, kg:subjectType and kg:objectType")
        default = graph.value(node, KG.defaultObject)
        measure = graph.value(node, KG.measure)
        iri = str(node)
        predicates[iri] = Predicate(
            iri, str(label), int(priority), subjects, objects,
            tuple(sorted(str(o) for o in graph.objects(node, KG.oppositeOf))),
            tuple(sorted(str(o) for o in graph.objects(node, SKOS.broader))),
            str(measure) if measure is not None else None,
            str(default) if default is not None else None,
            frozenset(str(k) for k in graph.objects(node, KG.statisticKind)),
            bool(graph.value(node, KG.headsLists, default=Literal(False)).toPython()),
            _optional_iri(graph.value(node, KG.deniedForPatientsReading)),
            bool(graph.value(node, KG.providerPractice, default=Literal(False)).toPython()),
            bool(graph.value(node, KG.figureFirst, default=Literal(False)).toPython()),
            bool(graph.value(node, KG.statedByCondition, default=Literal(False)).toPython()),
            bool(graph.value(node, KG.contrastBasis, default=Literal(False)).toPython()),
            (node, KG.exclusiveQualifier, KG.populationGroup) in graph,
            tuple(sorted(((frozenset(_local(t) for t in graph.objects(pairing, KG.subjectType)),
                           frozenset(_local(t) for t in graph.objects(pairing, KG.objectType)))
                          for pairing in graph.objects(node, KG.typePairing)), key=lambda p: sorted(p[0]))),
        )
        cues += [(text, CueSense(iri)) for text in _texts(graph, node, SKOS.altLabel)]
        cues += [(text, CueSense(iri, inverse=True)) for text in _texts(graph, node, KG.inverseLabel)]
        cues += [(text, CueSense(iri, negated=True)) for text in _texts(graph, node, KG.negatedLabel)]
    for node in sorted(set(graph.subjects(RDF.type, KG.PredicateCue)), key=str):
        predicate, implied = graph.value(node, KG.cueOf), graph.value(node, KG.impliedObject)
        if predicate is None or str(predicate) not in predicates:
            raise OntologyError(f"cue {node} needs kg:cueOf naming a kg:Predicate")
        sense = CueSense(str(predicate), implied_object=str(implied) if implied is not None else None,
                         said_of_group=bool(graph.value(node, KG.saidOfGroup, default=Literal(False)).toPython()),
                         subject_after=bool(graph.value(node, KG.subjectAfter, default=Literal(False)).toPython()))
        cues += [(text, sense) for text in _texts(graph, node, RDFS.label)]
        denied = replace(sense, negated=True)  # "cleared to drive": the implied object denied
        cues += [(text, denied) for text in _texts(graph, node, KG.negatedLabel)]
    terms: dict[str, ClaimTerm] = {}
    labels: list[tuple[str, str]] = []
    for node in sorted(set(graph.subjects(KG.termKind, None)), key=str):
        kind, pref = graph.value(node, KG.termKind), graph.value(node, SKOS.prefLabel)
        if pref is None:
            raise OntologyError(f"claim term {node} needs skos:prefLabel")
        terms[str(node)] = ClaimTerm(str(node), str(pref), _local(kind))
        labels += [(text, str(node)) for text in [str(pref), *_texts(graph, node, SKOS.altLabel)]]
    class_uses = _objects_by_subject(graph, KG.classUse)
    group_conditions = _objects_by_subject(graph, KG.specifiedByGroup, inverse=True)
    term_kinds = {term: narrower for term, narrower in _objects_by_subject(graph, SKOS.broader, inverse=True).items()
                  if term in terms}
    kinds = {iri: term.kind for iri, term in terms.items()}
    implied = [sense.implied_object for _, sense in cues if sense.implied_object]
    for iri in [*implied, *(u for uses in class_uses.values() for u in uses),
                *(c for conditions in group_conditions.values() for c in conditions)]:
        kinds.setdefault(iri, "Condition")  # implied objects outside the terms are condition concepts
    absence_readings = {context: readings[0] for context, readings in
                        _objects_by_subject(graph, KG.absenceReading).items()}
    study_setting = min((str(s) for s in graph.subjects(KG.studySetting, Literal(True))), default=None)
    return PredicateVocabulary(predicates, tuple(sorted(cues, key=lambda c: (c[0], str(c[1])))), terms,
                               tuple(sorted(labels)), kinds, class_uses, group_conditions, term_kinds,
                               absence_readings, study_setting)


def _objects_by_subject(graph: Graph, prop: URIRef, inverse: bool = False) -> dict[str, tuple[str, ...]]:
    """Each subject of ``prop`` with its objects, sorted (each object with its subjects when ``inverse``)."""
    found: dict[str, list[str]] = {}
    for subject, obj in graph.subject_objects(prop):
        key, value = (obj, subject) if inverse else (subject, obj)
        found.setdefault(str(key), []).append(str(value))
    return {key: tuple(sorted(values)) for key, values in sorted(found.items())}


@cache
def load_predicates() -> PredicateVocabulary:
    """The installed predicates and claim terms, read once per process."""
    folder = ontology_dir()
    return read_predicates(folder / "predicates.ttl", folder / "terms.ttl", folder / "relations.ttl")


def load_qualifier_cues(path: Path = PATTERN_FILE) -> QualifierCues:
    """The cue words of ``patterns/claims.json``."""
    data = read_rule_file(path, {"_comment", "negation", "negation_exceptions", "hedge", "hedge_exceptions", "emphatic",
                                 "clause_breaks", "relative_pronouns", "anaphors", "anaphoric_determiners",
                                 "collectives", "anaphoric_heads", "anaphor_kinds",
                                 "effect_verbs", "not_subjects", "recipients", "recipient_predicates", "page_voice", "site_prepositions",
                                 "population_cues", "close_cues", "not_cues", "comparisons", "contrasts", "indication_heads",
                                 "people_nouns", "effect_nouns", "vague_nouns", "condition_marks", "denying_verbs",
                                 "ending_verbs", "ending_particles", "statistic_cues", "lethal_words", "effect_antecedents",
                                 "session_nouns", "stand_in_nouns", "ranking_words", "reporting_verbs",
                                 "copular_cues", "strong_cues", "venue_nouns", "intake_verbs", "wanting_verbs",
                                 "unaided_words", "enabling_verbs",
                                 "max_object_distance"})
    return QualifierCues(
        negation=tuple(data["negation"]),
        negation_exceptions=tuple(data["negation_exceptions"]),
        hedge=tuple(data["hedge"]),
        hedge_exceptions=tuple(data["hedge_exceptions"]),
        emphatic=tuple(data["emphatic"]),
        clause_breaks=frozenset(data["clause_breaks"]),
        relative_pronouns=frozenset(data["relative_pronouns"]),
        anaphors=frozenset(data["anaphors"]),
        anaphoric_determiners=frozenset(data["anaphoric_determiners"]),
        collectives={str(k): int(v) for k, v in data["collectives"].items()},
        anaphoric_heads=frozenset(data["anaphoric_heads"]),
        anaphor_kinds={str(k): frozenset(v) for k, v in data["anaphor_kinds"].items()},
        effect_verbs=frozenset(data["effect_verbs"]),
        not_subjects=frozenset(data["not_subjects"]),
        recipients=frozenset(data["recipients"]),
        recipient_predicates=frozenset(data["recipient_predicates"]),
        page_voice=frozenset(data["page_voice"]),
        site_prepositions=frozenset(data["site_prepositions"]),
        population_cues=tuple(data["population_cues"]),
        close_cues={str(k): int(v) for k, v in data["close_cues"].items()},
        not_cues=tuple(data["not_cues"]),
        comparisons=tuple(data["comparisons"]),
        contrasts=frozenset(data["contrasts"]),
        indication_heads=frozenset(data["indication_heads"]),
        people_nouns=frozenset(data["people_nouns"]),
        effect_nouns=frozenset(data["effect_nouns"]),
        vague_nouns=frozenset(data["vague_nouns"]),
        condition_marks=frozenset(data["condition_marks"]),
        denying_verbs=frozenset(data["denying_verbs"]),
        ending_verbs=frozenset(data["ending_verbs"]),
        ending_particles=frozenset(data["ending_particles"]),
        statistic_cues=frozenset(data["statistic_cues"]),
        lethal_words=frozenset(data["lethal_words"]),
        effect_antecedents=frozenset(data["effect_antecedents"]),
        session_nouns=frozenset(data["session_nouns"]),
        stand_in_nouns=frozenset(data["stand_in_nouns"]),
        ranking_words=frozenset(data["ranking_words"]),
        reporting_verbs=frozenset(data["reporting_verbs"]),
        copular_cues=frozenset(data["copular_cues"]),
        strong_cues=frozenset(data["strong_cues"]),
        venue_nouns=frozenset(data["venue_nouns"]),
        intake_verbs=frozenset(data["intake_verbs"]),
        wanting_verbs=frozenset(data["wanting_verbs"]),
        unaided_words=frozenset(data["unaided_words"]),
        enabling_verbs=frozenset(data["enabling_verbs"]),
        max_object_distance=int(data["max_object_distance"]),
    )
