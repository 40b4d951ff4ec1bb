"""ontology/reference/facts.ttl: reference facts that page claims are measured against (rdflib only).

Every fact is sourced and dated, its proposition uses only concepts and predicates
that the other ontology files define, it respects the predicate's subject and
object types, and its quantities are well-formed intervals.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology"
FACTS = ONTOLOGY / "reference" / "facts.ttl"
REFERENCE_FACTS_MD = ROOT.parent / "shared" / "REFERENCE-FACTS.md"

KG = Namespace("https://w3id.org/kgraph/ns#")
# rdflib's XSD namespace warns when pytest probes module globals for mock attributes
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
REF = "https://w3id.org/kgraph/vocab/reference/"
KGP = "https://w3id.org/kgraph/vocab/predicate/"

# Terms facts.ttl uses that ontology/kgraph.ttl does not declare yet (the schema of a
# reference fact). Anything else undeclared in the kg: namespace is a typo.
SCHEMA_TERMS = {KG.ReferenceFact, KG.factNumber, KG.statement, KG.about}

STATISTIC_KIND = {  # unit of a quantity -> kg:statisticKind it satisfies
    URIRef("http://qudt.org/vocab/unit/NUM"): "people",
    URIRef("http://qudt.org/vocab/unit/PERCENT"): "percent",
    KG.CalendarYear: "year",
}
DATE_TYPES = {XSD.gYear, XSD.gYearMonth, XSD.date}


@pytest.fixture(scope="module")
def facts() -> Graph:
    return Graph().parse(FACTS, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """Every other ontology file, so a fact cannot define the concepts it uses."""
    graph = Graph()
    for path in sorted(ONTOLOGY.rglob("*.ttl")):
        if path.resolve() != FACTS.resolve():
            graph.parse(path, format="turtle")
    return graph


def fact_nodes(facts: Graph) -> list[URIRef]:
    return sorted(facts.subjects(RDF.type, KG.ReferenceFact), key=str)


def quantity_nodes(facts: Graph) -> list[URIRef]:
    return sorted(facts.subjects(RDF.type, KG.Quantity), key=str)


def one(graph: Graph, node, prop):
    values = list(graph.objects(node, prop))
    assert len(values) == 1, (str(node), str(prop), values)
    return values[0]


def test_file_parses_and_has_facts(facts):
    assert len(fact_nodes(facts)) >= 11


def test_no_blank_nodes(facts):
    for triple in facts:
        assert not any(isinstance(term, BNode) for term in triple), triple


def test_every_typed_node_lives_under_the_reference_namespace(facts):
    for node in set(facts.subjects(RDF.type, None)):
        assert isinstance(node, URIRef) and str(node).startswith(REF), node


def test_every_fact_is_sourced_dated_numbered_and_labelled(facts):
    for fact in fact_nodes(facts):
        number = one(facts, fact, KG.factNumber)
        assert isinstance(number, Literal) and number.datatype == XSD.integer and number.toPython() >= 1, fact
        assert str(fact).startswith(f"{REF}fact-{number.toPython()}-"), fact
        statement = one(facts, fact, KG.statement)
        assert isinstance(statement, Literal) and statement.language == "en" and len(str(statement)) > 20, fact
        label = one(facts, fact, RDFS.label)
        assert isinstance(label, Literal) and label.language == "en", fact
        source = one(facts, fact, DCTERMS.source)
        assert isinstance(source, Literal) and str(source).strip(), fact
        date = one(facts, fact, DCTERMS.date)
        assert isinstance(date, Literal) and date.datatype in DATE_TYPES, (fact, date)
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(date)), (fact, date)


def test_labels_are_unique(facts):
    labels = [str(one(facts, fact, RDFS.label)) for fact in fact_nodes(facts)]
    assert len(labels) == len(set(labels))


def test_every_row_has_a_fact(facts):
    numbers = {one(facts, fact, KG.factNumber).toPython() for fact in fact_nodes(facts)}
    rows = _rows() or {n: None for n in range(1, 12)}
    assert set(rows) <= numbers


def test_statements_quote_their_row():
    rows = _rows()
    if not rows:
        pytest.skip(f"{REFERENCE_FACTS_MD} not found")
    facts = Graph().parse(FACTS, format="turtle")
    for fact in fact_nodes(facts):
        number = one(facts, fact, KG.factNumber).toPython()
        if number in rows:
            assert _squash(str(one(facts, fact, KG.statement))) in _squash(rows[number]), fact


def test_propositions_are_complete_or_absent(facts):
    roles = (KG.subject, KG.predicate, KG.object, KG.polarity)
    for fact in fact_nodes(facts):
        present = [bool(list(facts.objects(fact, role))) for role in roles]
        assert all(present) or not any(present), fact
        if all(present):
            assert one(facts, fact, KG.polarity) in (KG.Affirmed, KG.Negated), fact


def test_used_concepts_are_defined_with_a_preflabel(facts, ontology):
    used: set[URIRef] = set()
    for prop in (KG.subject, KG.predicate, KG.object, KG.about, KG.unit, KG.population):
        used |= {o for o in facts.objects(None, prop) if not str(o).startswith(REF)}
    assert used
    for iri in sorted(used, key=str):
        assert isinstance(iri, URIRef), iri
        assert ontology.value(iri, SKOS.prefLabel) is not None, f"{iri} has no skos:prefLabel in ontology/"


def test_predicates_are_claim_predicates(facts, ontology):
    for predicate in set(facts.objects(None, KG.predicate)):
        assert str(predicate).startswith(KGP), predicate
        assert (predicate, RDF.type, KG.Predicate) in ontology, predicate


def test_subject_and_object_types_fit_the_predicate(facts, ontology):
    for fact in fact_nodes(facts):
        predicate = facts.value(fact, KG.predicate)
        if predicate is None:
            continue
        subject, obj = facts.value(fact, KG.subject), facts.value(fact, KG.object)
        assert _kind(ontology, subject) in set(ontology.objects(predicate, KG.subjectType)), fact
        if (obj, RDF.type, KG.Quantity) in facts:
            assert KG.Statistic in set(ontology.objects(predicate, KG.objectType)), fact
            assert facts.value(fact, KG.measure) == ontology.value(predicate, KG.measure), fact
            kinds = {str(k) for k in ontology.objects(predicate, KG.statisticKind)}
            assert _statistic_kind(ontology, facts.value(obj, KG.unit)) in kinds, fact
        else:
            assert _kind(ontology, obj) in set(ontology.objects(predicate, KG.objectType)), fact
            assert facts.value(fact, KG.measure) is None, fact


def test_quantities_are_wellformed_intervals(facts, ontology):
    objects = set(facts.objects(None, KG.object))
    for quantity in quantity_nodes(facts):
        assert quantity in objects, f"{quantity} is no fact's object"
        lower = one(facts, quantity, KG.lowerBound)
        assert lower.datatype == XSD.decimal, quantity
        uppers = list(facts.objects(quantity, KG.upperBound))
        assert len(uppers) <= 1, quantity
        for flag in (KG.lowerInclusive, KG.upperInclusive):
            assert one(facts, quantity, flag).datatype == XSD.boolean, quantity
        if uppers:
            upper = uppers[0]
            assert upper.datatype == XSD.decimal, quantity
            assert Decimal(str(lower)) <= Decimal(str(upper)), quantity
            if lower.toPython() == upper.toPython():
                assert facts.value(quantity, KG.lowerInclusive).toPython(), quantity
                assert facts.value(quantity, KG.upperInclusive).toPython(), quantity
        unit = one(facts, quantity, KG.unit)
        assert (unit, RDF.type, KG.Unit) in ontology, unit
        for population in facts.objects(quantity, KG.population):
            assert (population, RDF.type, KG.Population) in ontology, population


def test_kg_terms_are_declared_or_part_of_the_fact_schema(facts, ontology):
    declared = set(Graph().parse(ONTOLOGY / "kgraph.ttl", format="turtle").subjects())
    used = {t for triple in facts for t in triple if isinstance(t, URIRef) and t.startswith(str(KG))}
    assert used - declared <= SCHEMA_TERMS, sorted(used - declared - SCHEMA_TERMS)


def test_crps_fact_points_at_the_crps_concept(facts):
    crps = URIRef("https://w3id.org/kgraph/vocab/condition/complex-regional-pain-syndrome")
    assert any(one(facts, f, KG.factNumber).toPython() == 6 for f in facts.subjects(KG.about, crps))


def test_about_hedge_is_applied_to_the_about_counts(facts):
    """'about 50 million' and 'about 51.6 million' are [0.9X, 1.1X]."""
    for x in (Decimal("50000000"), Decimal("51600000")):
        assert any(
            Decimal(str(facts.value(q, KG.lowerBound))) == x * Decimal("0.9")
            and Decimal(str(facts.value(q, KG.upperBound))) == x * Decimal("1.1")
            for q in quantity_nodes(facts)
        ), x


# ------------------------------------------------------------------ helpers


def _kind(ontology: Graph, concept) -> URIRef | None:
    """The entity type of a vocabulary concept (via its scheme) or the kind of a claim term."""
    for scheme in ontology.objects(concept, SKOS.inScheme):
        entity_type = ontology.value(scheme, KG.entityType)
        if entity_type is not None:
            return entity_type
    return ontology.value(concept, KG.termKind)


def _statistic_kind(ontology: Graph, unit) -> str | None:
    if unit in STATISTIC_KIND:
        return STATISTIC_KIND[unit]
    return "duration" if ontology.value(unit, KG.secondsPerUnit) is not None else None


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _rows() -> dict[int, str]:
    """Row number -> fact text of the table in REFERENCE-FACTS.md ({} when the file is absent)."""
    if not REFERENCE_FACTS_MD.is_file():
        return {}
    rows = {}
    for line in REFERENCE_FACTS_MD.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*(\d+)\s*\|(.*)\|(.*)\|\s*$", line)
        if match:
            rows[int(match.group(1))] = match.group(2).strip()
    return rows
