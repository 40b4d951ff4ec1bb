"""Namespaces of the kgraph graph, with the project's own terms closed.

``KG`` is a closed :class:`rdflib.namespace.DefinedNamespace`: a misspelt term
raises ``AttributeError`` instead of silently minting a new IRI. Every term is
declared, labelled and commented in ``ontology/kgraph.ttl``; a test keeps the
two lists equal.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD, DefinedNamespace

__all__ = [
    "KG",
    "OA",
    "SCHEMA",
    "QUDT_UNIT",
    "BASE",
    "ID",
    "VOCAB",
    "bind_prefixes",
    "DCTERMS",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SH",
    "SKOS",
    "XSD",
]

BASE = "https://w3id.org/kgraph/"
ID = Namespace(BASE + "id/")  # instance data minted by a build
VOCAB = Namespace(BASE + "vocab/")  # concepts of the SKOS vocabularies

SCHEMA = Namespace("https://schema.org/")
QUDT_UNIT = Namespace("http://qudt.org/vocab/unit/")


class OA(DefinedNamespace):
    """The W3C Web Annotation vocabulary: the terms of it that kgraph's graphs and ontology use."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    Annotation: URIRef
    hasBody: URIRef
    SpecificResource: URIRef
    hasTarget: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    TextPositionSelector: URIRef
    start: URIRef
    end: URIRef
    TextQuoteSelector: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    motivatedBy: URIRef
    identifying: URIRef
    assessing: URIRef


class KG(DefinedNamespace):
    """The kgraph ontology (``ontology/kgraph.ttl``)."""

    _NS = Namespace("https://w3id.org/kgraph/ns#")
    _fail = True

    # documents
    Document: URIRef
    fileName: URIRef
    contentHash: URIRef
    text: URIRef
    encoding: URIRef
    mediaType: URIRef
    sourceUrl: URIRef
    PageFurniture: URIRef
    furnitureKind: URIRef
    hasFurniture: URIRef
    loadNote: URIRef
    # mentions and entity types
    Mention: URIRef
    entityType: URIRef
    refersTo: URIRef
    EntityType: URIRef
    Drug: URIRef
    Receptor: URIRef
    Condition: URIRef
    Statistic: URIRef
    Source: URIRef
    recognizedBy: URIRef
    matchedLabel: URIRef
    # vocabulary terms
    abbreviation: URIRef
    generic: URIRef
    resolvesAnaphora: URIRef
    matchCase: URIRef
    NewConcept: URIRef
    abbreviationDefinition: URIRef
    AbbreviationDefinition: URIRef
    shortForm: URIRef
    longForm: URIRef
    standardExpansion: URIRef
    formerName: URIRef
    # statistics
    Quantity: URIRef
    lowerBound: URIRef
    upperBound: URIRef
    lowerInclusive: URIRef
    upperInclusive: URIRef
    unit: URIRef
    hedge: URIRef
    Hedge: URIRef
    quantifies: URIRef
    period: URIRef
    population: URIRef
    Population: URIRef
    populationSize: URIRef
    CalendarYear: URIRef
    lowerFactor: URIRef
    upperFactor: URIRef
    lowerRule: URIRef
    upperRule: URIRef
    Unit: URIRef
    secondsPerUnit: URIRef
    # sources
    SourceKind: URIRef
    sourceKind: URIRef
    Organization: URIRef
    Person: URIRef
    Journal: URIRef
    Citation: URIRef
    ReferenceEntry: URIRef
    Publisher: URIRef
    # claims (contract)
    Claim: URIRef
    subject: URIRef
    predicate: URIRef
    object: URIRef
    polarity: URIRef
    Affirmed: URIRef
    Negated: URIRef
    certainty: URIRef
    Asserted: URIRef
    Hedged: URIRef
    Emphatic: URIRef
    # claim vocabulary (ontology/predicates.ttl, ontology/terms.ttl)
    Predicate: URIRef
    PredicateCue: URIRef
    priority: URIRef
    subjectType: URIRef
    objectType: URIRef
    oppositeOf: URIRef
    defaultObject: URIRef
    measure: URIRef
    statisticKind: URIRef
    inverseLabel: URIRef
    negatedLabel: URIRef
    cueOf: URIRef
    impliedObject: URIRef
    TermKind: URIRef
    termKind: URIRef
    Symptom: URIRef
    BodilyProcess: URIRef
    Substance: URIRef
    Outcome: URIRef
    AnatomicalSite: URIRef
    Procedure: URIRef
    Hazard: URIRef
    Evidence: URIRef
    Payer: URIRef
    Requirement: URIRef
    PopulationGroup: URIRef
    UseContext: URIRef
    TimeSpan: URIRef
    OpenTerm: URIRef
    # claim qualifiers and links
    predicateCue: URIRef
    negationCue: URIRef
    certaintyCue: URIRef
    site: URIRef
    populationGroup: URIRef
    indication: URIRef
    time: URIRef
    attributedTo: URIRef
    subjectMention: URIRef
    objectMention: URIRef
    resolvedFrom: URIRef
    citation: URIRef
    sentenceStart: URIRef
    sentenceEnd: URIRef
    # reference lists and in-text citations
    ReferenceListEntry: URIRef
    InTextCitation: URIRef
    hasReferenceEntry: URIRef
    hasCitation: URIRef
    citesEntry: URIRef
    citationKey: URIRef
    venue: URIRef
    venueConcept: URIRef
    inTextVenue: URIRef
    describedAs: URIRef
    authorsText: URIRef
    # findings (contract)
    Finding: URIRef
    findingType: URIRef
    involves: URIRef
    severity: URIRef
    explanation: URIRef
    Info: URIRef
    Warning: URIRef
    Error: URIRef
    Paraphrase: URIRef
    CertaintyDrift: URIRef
    NumericConflict: URIRef
    PolarityConflict: URIRef
    ScopeConflict: URIRef
    CitationMismatch: URIRef
    TerminologyConflict: URIRef
    ReferenceConflict: URIRef
    sharesClaimsWith: URIRef
    independentSources: URIRef
    documentCount: URIRef
    # reference facts and analysis vocabulary
    ReferenceFact: URIRef
    factNumber: URIRef
    statement: URIRef
    about: URIRef
    negationOf: URIRef
    clustersWith: URIRef
    exclusiveQualifier: URIRef
    readAsPageTopic: URIRef
    impliesBroaderObject: URIRef
    classMembership: URIRef
    antagonistOf: URIRef
    agonistOf: URIRef
    antagonistReading: URIRef
    agonistReading: URIRef
    classUse: URIRef
    classUseReading: URIRef
    symmetric: URIRef
    providerPractice: URIRef
    studySetting: URIRef
    followsCessation: URIRef
    relativeJudgment: URIRef
    figureFirst: URIRef
    saidOfGroup: URIRef
    subjectAfter: URIRef
    statedByCondition: URIRef
    contrastBasis: URIRef
    typePairing: URIRef
    thresholdFor: URIRef
    specifierOf: URIRef
    specifiedByGroup: URIRef
    absenceReading: URIRef
    signOf: URIRef
    holdsForUnspecified: URIRef
    countedPerYear: URIRef
    entails: URIRef
    thresholdFactor: URIRef
    headsLists: URIRef
    deniedForPatientsReading: URIRef
    rulesOut: URIRef
    # provenance of a build
    ExtractionRun: URIRef
    pipelineVersion: URIRef
    modelName: URIRef
    modelVersion: URIRef
    spacyVersion: URIRef
    SkippedFile: URIRef
    skippedFile: URIRef
    skipReason: URIRef


# Each declared term as a plain class attribute, so ``KG.claim`` is a dictionary lookup: the namespace's own
# lookup checks the name against the declarations on every access (a report asks it about a million times, a
# build asks ``OA`` about two thousand times a page). Undeclared names still go through it and fail.
for _namespace in (OA, KG):
    for _term in _namespace.__annotations__:
        setattr(_namespace, _term, _namespace[_term])
del _namespace, _term


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the fixed prefixes of a kgraph graph, so serializations are stable."""
    for prefix, namespace in (
        ("kg", KG._NS),
        ("kgid", ID),
        ("kgv", VOCAB),
        ("oa", OA._NS),
        ("schema", SCHEMA),
        ("unit", QUDT_UNIT),
        ("dcterms", DCTERMS),
        ("prov", PROV),
        ("skos", SKOS),
        ("rdfs", RDFS),
        ("owl", OWL),
        ("xsd", XSD),
        ("sh", SH),
    ):
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
