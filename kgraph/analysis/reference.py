"""Reference conflicts: a page's claim against a sourced fact kept in ontology/reference/."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kgraph.analysis.candidates import blocks
from kgraph.analysis.conflicts import (
    contrary_pairs,
    disjoint_class_pairs,
    disjoint_values,
)
from kgraph.analysis.records import ClaimNode, Finding, FindingType
from kgraph.analysis.semantics import Semantics
from kgraph.analysis.wording import interval_text, proposition_text, quoted, value_text

__all__ = ["find_reference_conflicts"]


def find_reference_conflicts(claims: Sequence[ClaimNode], facts: Sequence[ClaimNode], sem: Semantics,
                             file_of: Mapping[str, str], fact_info: Mapping[str, dict]) -> list[Finding]:
    """kg:ReferenceConflict: the claim and the (unanchored) fact it contradicts.

    A claim contradicts a fact when it denies what the fact affirms (or
    affirms what it denies), with the same hierarchy rules as polarity
    conflicts, when it puts the subject in a class disjoint from the fact's
    ("Schedule II" against "Schedule III"), or when its number is disjoint from every fact of the same
    measure and scope it can be compared with (several facts of one measure
    are several years of one survey; a page need match only one).
    """
    findings: dict[tuple[str, str], Finding] = {}
    claim_blocks = blocks(claims, lambda c: [sem.family(c)])
    for family, facts_here in sorted(blocks(facts, lambda c: [sem.family(c)]).items()):
        here = claim_blocks.get(family, [])
        if not here:
            continue
        worded = [f for f in facts_here if f.value is None]
        valued = [f for f in facts_here if f.value is not None]
        for claim in here:
            if claim.value is None:
                for fact in worded:
                    if _contradicts(claim, fact, sem):
                        findings.setdefault((claim.iri, fact.iri), _finding(claim, fact, sem, file_of, fact_info))
            elif claim.polarity != "Negated":
                comparable = [f for f in valued if _comparable(claim, f, sem)]
                if comparable and all(disjoint_values(claim, f, sem) for f in comparable):
                    fact = comparable[0]
                    findings.setdefault((claim.iri, fact.iri),
                                        _numeric_finding(claim, comparable, sem, file_of, fact_info))
    # one finding per sentence and fact row: several claims of one sentence, or several
    # propositions of one fact, make the same point
    unique: dict[tuple, Finding] = {}
    by_iri = {c.iri: c for c in claims}
    for (claim_iri, fact_iri), finding in sorted(findings.items()):
        claim = by_iri[claim_iri]
        row = fact_info.get(fact_iri, {}).get("number", fact_iri)
        unique.setdefault((claim.document, claim.sentence, row), finding)
    return list(unique.values())


def _contradicts(claim: ClaimNode, fact: ClaimNode, sem: Semantics) -> bool:
    p_claim, pol_claim = sem.stated(claim)
    p_fact, pol_fact = sem.stated(fact)
    if pol_claim == "Affirmed" and pol_fact == "Negated":
        return sem.predicate_within(p_claim, p_fact) and sem.narrower_or_same(claim.object, fact.object)
    if pol_claim == "Negated" and pol_fact == "Affirmed":
        return sem.predicate_within(p_fact, p_claim) and sem.narrower_or_same(fact.object, claim.object)
    if pol_claim == pol_fact == "Affirmed":
        return any(True for _ in contrary_pairs([claim, fact], sem, limit=1)) \
            or any(True for _ in disjoint_class_pairs([claim, fact], sem, limit=1)) \
            or _outside_scope(claim, fact, sem)
    return False


def _outside_scope(claim: ClaimNode, fact: ClaimNode, sem: Semantics) -> bool:
    """An approval said of groups the fact's approval leaves out: "for TRD in adults and adolescents" against
    "for TRD in adults" (the predicate's exclusive population qualifier)."""
    if "populationGroup" not in sem.exclusive_qualifiers(claim.predicate) or not fact.population_groups \
            or not claim.population_groups or not claim.object or not fact.object:
        return False
    return sem.predicate_within(sem.stated(claim)[0], sem.stated(fact)[0]) \
        and sem.narrower_or_same(claim.object, fact.object) \
        and sem.leaves_out(claim.population_groups, fact.population_groups)


def _comparable(claim: ClaimNode, fact: ClaimNode, sem: Semantics) -> bool:
    a, b = sem.as_count(claim), sem.as_count(fact)
    if a is None or b is None or a.dimension != b.dimension or claim.measure != fact.measure:
        return False
    if sem.counted_per_year(claim.predicate) and (claim.year is None or claim.year != fact.year):
        return False  # a yearly toll is measured against the fact of its own year
    if a.dimension in ("count", "percent"):
        return sem.comparable_populations(claim.population, fact.population)
    return True


def _source(fact: ClaimNode, fact_info: Mapping[str, dict]) -> str:
    info = fact_info.get(fact.iri, {})
    number = info.get("number")
    label = f"reference fact {number}" if number is not None else "a reference fact"
    source = info.get("source")
    date = info.get("date")
    return f"{label} ({source}{', ' + date if date else ''})" if source else label


def _finding(claim: ClaimNode, fact: ClaimNode, sem: Semantics, file_of: Mapping[str, str],
             fact_info: Mapping[str, dict]) -> Finding:
    statement = fact_info.get(fact.iri, {}).get("statement") or proposition_text(fact, sem)
    text = (f"{file_of.get(claim.document, claim.document)} says {proposition_text(claim, sem)} "
            f"({quoted(claim.quote)}), which contradicts {_source(fact, fact_info)}: {quoted(statement)}")
    return Finding(FindingType.REFERENCE_CONFLICT, (claim.iri, fact.iri), text)


def _numeric_finding(claim: ClaimNode, facts: Sequence[ClaimNode], sem: Semantics, file_of: Mapping[str, str],
                     fact_info: Mapping[str, dict]) -> Finding:
    value = sem.as_count(claim)
    given = ", ".join(f"{interval_text(sem.as_count(f))} ({fact_info.get(f.iri, {}).get('date') or 'undated'})"
                      for f in facts)
    text = (f"{file_of.get(claim.document, claim.document)} gives {value_text(claim)} "
            f"({interval_text(value) if value else '?'}) for {sem.label(claim.subject)} "
            f"({claim.measure or sem.label(claim.predicate)}) in {quoted(claim.quote)}; "
            f"{_source(facts[0], fact_info)} gives {given}, and no figure of the page's range matches.")
    return Finding(FindingType.REFERENCE_CONFLICT, (claim.iri, facts[0].iri), text)
