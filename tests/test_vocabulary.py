"""Checks on the SKOS vocabularies in ``ontology/vocab/`` (rdflib only).

The phrase matcher is generated from these files, so a broken file, a label
shared by two concepts, a dangling ``skos:broader`` or a forbidden generic
label would silently change what the pipeline recognises. The conventions
checked here are those of ``shared/gold/ANNOTATION.md``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

VOCAB_DIR = Path(__file__).resolve().parents[1] / "ontology" / "vocab"
KG = Namespace("https://w3id.org/kgraph/ns#")
KGV = Namespace("https://w3id.org/kgraph/vocab/")
BASE = "https://w3id.org/kgraph/vocab/"

# file -> {scheme local name: (entity type, minimum number of concepts)}
FILES = {
    "drugs.ttl": ("drug", {"drugs": (KG.Drug, 240)}),
    "receptors.ttl": ("receptor", {"receptors": (KG.Receptor, 26)}),  # 25 specific + 1 generic
    "conditions.ttl": ("condition", {"conditions": (KG.Condition, 310)}),
    "sources.ttl": ("source", {"organizations": (KG.Source, 115), "journals": (KG.Source, 90)}),
}

# Too generic to be entities (ANNOTATION.md leaves them out); never a label anywhere.
FORBIDDEN = {
    "pain", "drug", "drugs", "medication", "medications", "medicine", "medicines", "treatment", "treatments",
    "therapy", "therapies", "symptom", "symptoms", "side effect", "side effects", "condition", "conditions",
    "illness", "illnesses", "disease", "diseases", "disorder", "disorders", "injury", "injuries", "syndrome",
    "syndromes", "sedation", "analgesia", "anesthesia", "anaesthesia", "mental health", "glutamate", "serotonin",
    "dopamine", "norepinephrine", "noradrenaline", "gaba", "research", "study", "studies",
}
NEUROTRANSMITTERS = {"glutamate", "serotonin", "dopamine", "norepinephrine", "noradrenaline", "gaba",
                     "acetylcholine", "histamine", "5-ht", "endorphin", "endorphins"}
ONE_WORD_JOURNALS = {"pain", "nature", "science", "cell", "brain", "neuron"}
LABEL_PROPS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)


def slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def norm(label: str) -> str:
    return " ".join(label.split()).lower()


def plural(label: str) -> str:
    """The regular plural of the last word, as the loader adds it."""
    if re.search(r"(s|x|z|ch|sh)$", label):
        return label + "es"
    if re.search(r"[^aeiou]y$", label):
        return label[:-1] + "ies"
    return label + "s"


_graphs: dict[str, Graph] = {}


def load(name: str) -> Graph:
    if name not in _graphs:
        g = Graph()
        g.parse(VOCAB_DIR / name, format="turtle")
        _graphs[name] = g
    return _graphs[name]


def concepts(g: Graph) -> list[URIRef]:
    return sorted(set(g.subjects(RDF.type, SKOS.Concept)))


def labels(g: Graph, c: URIRef, props=LABEL_PROPS) -> list[str]:
    return [str(o) for p in props for o in g.objects(c, p)]


def abbreviations(g: Graph, c: URIRef) -> list[str]:
    return [str(o) for o in g.objects(c, KG.abbreviation)]


def scheme_of(g: Graph, c: URIRef) -> URIRef:
    return next(g.objects(c, SKOS.inScheme))


def match_case(g: Graph, scheme: URIRef) -> bool:
    return any(o.toPython() is True for o in g.objects(scheme, KG.matchCase))


@pytest.mark.parametrize("name", sorted(FILES))
def test_file_parses_and_declares_its_schemes(name):
    g = load(name)
    _, schemes = FILES[name]
    declared = set(g.subjects(RDF.type, SKOS.ConceptScheme))
    assert declared == {KGV[s] for s in schemes}
    for s, (etype, _) in schemes.items():
        assert (KGV[s], KG.entityType, etype) in g
        assert len([o for o in g.objects(KGV[s], SKOS.prefLabel) if o.language == "en"]) == 1


@pytest.mark.parametrize("name", sorted(FILES))
def test_concept_counts(name):
    g = load(name)
    _, schemes = FILES[name]
    counts = defaultdict(int)
    for c in concepts(g):
        for s in g.objects(c, SKOS.inScheme):
            counts[s] += 1
    for s, (_, minimum) in schemes.items():
        assert counts[KGV[s]] >= minimum, f"{s}: {counts[KGV[s]]} concepts, need {minimum}"


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_concept_has_one_preflabel_and_one_scheme(name):
    g = load(name)
    prefix, schemes = FILES[name]
    problems = []
    for c in concepts(g):
        prefs = list(g.objects(c, SKOS.prefLabel))
        if len(prefs) != 1 or getattr(prefs[0], "language", None) != "en":
            problems.append(f"{c}: prefLabels {prefs}")
            continue
        in_schemes = list(g.objects(c, SKOS.inScheme))
        if len(in_schemes) != 1 or in_schemes[0] not in {KGV[s] for s in schemes}:
            problems.append(f"{c}: inScheme {in_schemes}")
        expected = URIRef(f"{BASE}{prefix}/{slug(str(prefs[0]))}")
        if c != expected:
            problems.append(f"{c}: local name should be {expected}")
        for p in (SKOS.altLabel, SKOS.hiddenLabel, SKOS.definition):
            for o in g.objects(c, p):
                if not isinstance(o, Literal) or o.language != "en":
                    problems.append(f"{c}: {p} {o!r} is not an @en literal")
        for o in g.objects(c, KG.abbreviation):
            if not isinstance(o, Literal) or o.language is not None:
                problems.append(f"{c}: abbreviation {o!r} should be a plain literal")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(FILES))
def test_no_label_belongs_to_two_concepts_of_a_scheme(name):
    """Labels (and the plurals the loader adds) and abbreviations are unique per scheme."""
    g = load(name)
    owners: dict[tuple, set] = defaultdict(set)
    for c in concepts(g):
        scheme = scheme_of(g, c)
        cased = match_case(g, scheme)
        key = (lambda s: " ".join(s.split())) if cased else norm
        for label in labels(g, c):
            owners[(scheme, key(label))].add(c)
            owners[(scheme, key(plural(label)))].add(c)
        for abbr in abbreviations(g, c):
            owners[(scheme, "ABBR", abbr)].add(c)
            # a case-insensitive label equal to the abbreviation would match the same text
            owners[(scheme, key(abbr))].add(c)
    clashes = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
    assert not clashes, "\n".join(f"{k}: {v}" for k, v in clashes.items())


@pytest.mark.parametrize("name", sorted(FILES))
def test_no_regular_plural_listed(name):
    g = load(name)
    problems = []
    for c in concepts(g):
        ls = {norm(x) for x in labels(g, c)}
        for x in ls:
            if plural(x) in ls:
                problems.append(f"{c}: lists both {x!r} and its regular plural")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(FILES))
def test_broader_targets_are_defined(name):
    g = load(name)
    defined = set(concepts(g))
    problems = []
    for c, b in g.subject_objects(SKOS.broader):
        if b not in defined:
            problems.append(f"{c} broader {b} is undefined")
        elif scheme_of(g, b) != scheme_of(g, c):
            problems.append(f"{c} broader {b} is in another scheme")
        elif b == c:
            problems.append(f"{c} is broader than itself")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(FILES))
def test_forbidden_generic_labels_appear_nowhere(name):
    g = load(name)
    found = []
    for c in concepts(g):
        for label in labels(g, c) + abbreviations(g, c):
            if norm(label) in FORBIDDEN:
                found.append(f"{c}: {label!r}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name", sorted(FILES))
def test_abbreviations_are_not_altlabels(name):
    """Short all-caps forms go in kg:abbreviation (matched case-sensitively)."""
    g = load(name)
    found = []
    for c in concepts(g):
        for label in labels(g, c, (SKOS.altLabel, SKOS.hiddenLabel)):
            if re.fullmatch(r"[A-Z][A-Z0-9-]{1,5}", label):
                found.append(f"{c}: {label!r}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name", sorted(FILES))
def test_exact_matches_say_where_they_came_from(name):
    g = load(name)
    problems = []
    for c, target in g.subject_objects(SKOS.exactMatch):
        if not re.match(r"^(http://id\.nlm\.nih\.gov/mesh/|http://purl\.obolibrary\.org/obo/CHEBI_|"
                        r"http://www\.wikidata\.org/entity/Q)", str(target)):
            problems.append(f"{c}: unexpected exactMatch target {target}")
        notes = [str(n) for n in g.objects(c, SKOS.editorialNote) if str(n).startswith("exactMatch from ")]
        if not notes:
            problems.append(f"{c}: exactMatch without an 'exactMatch from <address>' editorialNote")
    assert not problems, "\n".join(problems)


def test_generic_receptor_and_anaphora():
    g = load("receptors.ttl")
    R = Namespace(BASE + "receptor/")
    assert (KGV.receptors, KG.resolvesAnaphora, Literal(True)) in g
    generic = [c for c in concepts(g) if (c, KG.generic, Literal(True)) in g]
    assert generic == [R.receptor]
    assert str(next(g.objects(R.receptor, SKOS.prefLabel))) == "receptor"
    assert "receptor site" in labels(g, R.receptor, (SKOS.altLabel,))


def test_receptor_labels_are_not_bare_neurotransmitters():
    g = load("receptors.ttl")
    found = [f"{c}: {x!r}" for c in concepts(g) for x in labels(g, c) + abbreviations(g, c)
             if norm(x) in NEUROTRANSMITTERS]
    assert not found, "\n".join(found)


def test_sources_carry_their_kind_and_journals_match_case():
    g = load("sources.ttl")
    assert (KGV.journals, KG.matchCase, Literal(True)) in g
    kinds = {KGV.organizations: KG.Organization, KGV.journals: KG.Journal}
    problems = []
    for c in concepts(g):
        kind = list(g.objects(c, KG.sourceKind))
        if kind != [kinds[scheme_of(g, c)]]:
            problems.append(f"{c}: sourceKind {kind}")
        if scheme_of(g, c) == KGV.journals:
            for label in labels(g, c):
                if label.startswith("The "):
                    problems.append(f"{c}: journal label {label!r} starts with 'The'")
                if norm(label) in ONE_WORD_JOURNALS:
                    problems.append(f"{c}: one-common-word journal {label!r}")
    assert not problems, "\n".join(problems)


# Surfaces from the seed gold (and the brief) and the concept each must reach.
EXPECTED = [
    ("drugs.ttl", "opioid analgesic", "drug/opioid"),
    ("drugs.ttl", "opioid medication", "drug/opioid"),
    ("drugs.ttl", "painkiller", "drug/analgesic"),
    ("drugs.ttl", "pain-killing drug", "drug/analgesic"),
    ("drugs.ttl", "pain medication", "drug/analgesic"),
    ("drugs.ttl", "anti-inflammatory drug", "drug/anti-inflammatory-drug"),
    ("drugs.ttl", "dissociative anesthetic", "drug/dissociative-anesthetic"),
    ("drugs.ttl", "rapid-acting antidepressant", "drug/rapid-acting-antidepressant"),
    ("drugs.ttl", "Spravato", "drug/esketamine"),
    ("drugs.ttl", "heroin", "drug/heroin"),
    ("receptors.ttl", "N-methyl-D-aspartate receptor", "receptor/nmda-receptor"),
    ("receptors.ttl", "NMDA", "receptor/nmda-receptor"),
    ("receptors.ttl", "opiate receptor", "receptor/opioid-receptor"),
    ("conditions.ttl", "chronic regional pain syndrome", "condition/complex-regional-pain-syndrome"),
    ("conditions.ttl", "CRPS", "condition/complex-regional-pain-syndrome"),
    ("conditions.ttl", "chronic pain syndrome", "condition/chronic-pain"),
    ("conditions.ttl", "depressive mood disorder", "condition/depression"),
    ("conditions.ttl", "depressive symptoms", "condition/depression"),
    ("conditions.ttl", "major depressive episode", "condition/major-depressive-episode"),
    ("conditions.ttl", "PTSD", "condition/posttraumatic-stress-disorder"),
    ("conditions.ttl", "obsessive-compulsive disorder", "condition/obsessive-compulsive-disorder"),
    ("conditions.ttl", "mental health condition", "condition/mental-disorder"),
    ("conditions.ttl", "mental health disorder", "condition/mental-disorder"),
    ("conditions.ttl", "degenerative condition", "condition/degenerative-disease"),
    ("conditions.ttl", "dependency", "condition/substance-dependence"),
    ("conditions.ttl", "medication tolerance", "condition/drug-tolerance"),
    ("conditions.ttl", "pain after surgery", "condition/postoperative-pain"),
    ("conditions.ttl", "post-surgical pain", "condition/postoperative-pain"),
    ("conditions.ttl", "high impact pain", "condition/high-impact-chronic-pain"),
    ("conditions.ttl", "suicidal thinking", "condition/suicidal-ideation"),
    ("conditions.ttl", "inability to feel joy", "condition/anhedonia"),
    ("conditions.ttl", "sensitization of nerve pathways", "condition/sensitization"),
    ("conditions.ttl", "long-term disability", "condition/disability"),
    ("conditions.ttl", "opioid-dependent", "condition/opioid-dependence"),
    ("conditions.ttl", "opioid-tolerant", "condition/opioid-tolerance"),
    ("conditions.ttl", "fracture", "condition/bone-fracture"),
    ("sources.ttl", "National Institute on Drug Abuse", "source/national-institute-on-drug-abuse"),
    ("sources.ttl", "Clinical Journal of Pain", "source/clinical-journal-of-pain"),
    ("sources.ttl", "Anesthesia and Analgesia", "source/anesthesia-and-analgesia"),
    ("sources.ttl", "Lancet", "source/lancet"),
    # clinic pages in general (IV therapy, addiction, regenerative, psychiatry)
    ("drugs.ttl", "NAD+", "drug/nicotinamide-adenine-dinucleotide"),
    ("drugs.ttl", "Myers' cocktail", "drug/myers-cocktail"),
    ("drugs.ttl", "Myers’ cocktail", "drug/myers-cocktail"),
    ("drugs.ttl", "methylcobalamin", "drug/vitamin-b12"),
    ("drugs.ttl", "magnesium sulfate", "drug/magnesium"),
    ("drugs.ttl", "anti-nausea medication", "drug/antiemetic"),
    ("drugs.ttl", "Ozempic", "drug/semaglutide"),
    ("conditions.ttl", "colds", "condition/common-cold"),
    ("conditions.ttl", "fibro fog", "condition/brain-fog"),
    ("conditions.ttl", "sensitivity to light", "condition/photophobia"),
    ("conditions.ttl", "myocardial infarction", "condition/heart-attack"),
    ("sources.ttl", "VHA", "source/department-of-veterans-affairs"),
    ("sources.ttl", "RSDSA", "source/reflex-sympathetic-dystrophy-syndrome-association"),
]


# Ordinary words or ambiguous short forms that must not be labels or abbreviations anywhere.
# "VA" is allowed (Veterans Affairs): its Virginia use sits in postal addresses, which are page furniture.
UNSAFE = {"cold", "sad", "add", "ms", "glow", "boost", "vitamin", "mineral", "electrolyte", "infusion",
          "drip", "supplement", "palliative", "aging"}


@pytest.mark.parametrize("name", sorted(FILES))
def test_unsafe_everyday_words_are_not_labels(name):
    g = load(name)
    found = [f"{c}: {x!r}" for c in concepts(g) for x in labels(g, c) + abbreviations(g, c) if norm(x) in UNSAFE]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name,surface,concept", EXPECTED)
def test_gold_variants_reach_their_concept(name, surface, concept):
    g = load(name)
    hits = {c for c in concepts(g) if surface in labels(g, c) + abbreviations(g, c)
            or norm(surface) in {norm(x) for x in labels(g, c)}}
    assert hits == {URIRef(BASE + concept)}


def test_outdated_crps_name_is_hidden_not_alt():
    g = load("conditions.ttl")
    c = URIRef(BASE + "condition/complex-regional-pain-syndrome")
    assert "chronic regional pain syndrome" in labels(g, c, (SKOS.hiddenLabel,))
    assert "chronic regional pain syndrome" not in labels(g, c, (SKOS.altLabel,))
