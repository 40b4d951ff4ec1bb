"""Pairwise contradictions between pages: numeric, polarity and scope conflicts.

Every finding here has exactly two members, claims from two different
documents. Candidates come from blocks of claims that share a subject and a
predicate family; within a block each claim is paired with at most
``max_partners`` claims per other document (the ones worded most alike), so
the work grows with the number of claims, not its square.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence

from kgraph.analysis.candidates import PartnerPool, blocks
from kgraph.analysis.records import (
    ClaimNode,
    Finding,
    FindingType,
    Interval,
    first_per_key,
)
from kgraph.analysis.semantics import Semantics
from kgraph.analysis.wording import interval_text, proposition_text, quoted, value_text

__all__ = [
    "contrary_pairs",
    "denials",
    "disjoint_values",
    "find_numeric_conflicts",
    "find_polarity_conflicts",
    "find_scope_conflicts",
]

MAX_PARTNERS = 3  # per claim and other document
COUNT_DIMENSIONS = ("count", "percent")


MAX_DOCUMENTS = 4  # other documents one claim is paired with, at most
# a denial meets more pages, each through its two claims (of two sentences) worded most alike: "non-addictive" on
# one page is contradicted by every page that names the risk (half of a corpus of clinic pages may), and a reviewer
# wants each of them
DENIAL_DOCUMENTS = 24
DENIAL_PER_DOCUMENT = 2
# a figure is likewise contradicted by every page that gives the incompatible one ("observed for about an hour"
# against each page saying "at least two hours")
NUMERIC_DOCUMENTS = 12
# and each of a page's sentences that give the incompatible figure is a place to fix ("at least two hours" in one
# sentence, "the two-hour observation period" in another)
NUMERIC_PER_DOCUMENT = 2
# and an approval said of a group the other page leaves out meets each page that names the groups otherwise
# ("in adults and adolescents" against every page saying "in adults")
SCOPE_DOCUMENTS = 12


def _pool(claims: Sequence[ClaimNode]) -> PartnerPool:
    return PartnerPool(claims, lambda c: c.document, lambda c: c.quote, lambda c: c.sentence)


def _partners(claim: ClaimNode, pool: PartnerPool, limit: int, documents: int = MAX_DOCUMENTS) -> list[ClaimNode]:
    """Up to ``limit`` claims of each of up to ``documents`` other documents, worded most alike."""
    return pool.pick(claim.iri, claim.document, claim.quote, documents, limit)


def _file(file_of: Mapping[str, str], claim: ClaimNode) -> str:
    return file_of.get(claim.document, claim.document)


def _dedupe(findings: Iterable[tuple[tuple, Finding]]) -> Iterator[Finding]:
    """One finding per pair of anchored clauses (several claims of one clause pair say the same; two clauses
    of one sentence, "someone must drive you home, and you should not drive until tomorrow", say two things)."""
    return first_per_key((tuple(sorted([where[:2], where[2:]])), finding) for where, finding in findings)


def _where(a: ClaimNode, b: ClaimNode) -> tuple:
    return (a.document, (a.start, a.end), b.document, (b.start, b.end))


# ---------------------------------------------------------------- polarity

def denials(affirmed: Sequence[ClaimNode], negated: Sequence[ClaimNode], sem: Semantics,
            limit: int = MAX_PARTNERS) -> Iterator[tuple[ClaimNode, ClaimNode]]:
    """(affirmed, negated) pairs where the negated claim denies what the affirmed one states.

    The affirmed predicate must be the negated one, narrower, or one that
    entails it (kg:entails: causing dependence is a risk of it), and the
    affirmed object the negated one or a kind of it: "has risk of addiction"
    is denied by "is non-addictive" and by "is safe" (no risk of harm), but
    "has side effects" is not denied by "causes no nausea". A judgment on each
    page's own scale (kg:relativeJudgment: "relief lasting several weeks",
    "the benefit fades within weeks") is denied by no page but its own.
    """
    by_form_a: dict[tuple[str, str], list[ClaimNode]] = defaultdict(list)
    for c in affirmed:
        by_form_a[(sem.stated(c)[0], c.object)].append(c)
    by_form_n: dict[tuple[str, str], list[ClaimNode]] = defaultdict(list)
    for c in negated:
        by_form_n[(sem.stated(c)[0], c.object)].append(c)
    for (pn, on), n_claims in sorted(by_form_n.items()):
        if on and sem.is_relative_judgment(on):
            continue
        # what states the denied predicate itself first, then what entails it: each page's first few are compared
        direct: list[ClaimNode] = []
        entailed: list[ClaimNode] = []
        for (pa, oa), cs in sorted(by_form_a.items()):
            if not (sem.narrower_or_same(oa, on) or any(sem.narrower_or_same(x, on) for x in sem.signs_of(oa))):
                continue
            if sem.predicate_within(pa, pn):
                direct += cs
            elif sem.entails(pa, pn):
                entailed += cs
        matching = direct + entailed
        if not matching:
            continue
        pools: dict[tuple, PartnerPool] = {}  # the fitting affirmed claims, once per population and use scope
        for n in n_claims:
            key = (n.population_groups, n.indications)
            if key not in pools:
                # "habit-forming when misused" and "non-addictive as prescribed" speak of two scopes; so do
                # "supported by research" and "for fibromyalgia, the research is mixed"
                groups_only = _denied_for_groups(n, pn, sem)
                pools[key] = _pool([c for c in matching if not sem.sets_disjoint(c.population_groups, key[0])
                                    and _within_use(c, n, sem) and not (groups_only and not sem.people_groups(c))])
            partners = _partners(n, pools[key], min(limit, DENIAL_PER_DOCUMENT), DENIAL_DOCUMENTS)
            yield from ((a, n) for a in partners)


def _denied_for_groups(negated: ClaimNode, predicate: str, sem: Semantics) -> bool:
    """Whether a denial is said of some groups of people for a predicate whose only scope is its population ("not
    approved for use in children or adolescents"): it then meets only claims for a group too (the caller checks
    the groups meet), not one for no group in particular ("approved for treatment-resistant depression")."""
    return bool(sem.people_groups(negated)) and "populationGroup" in sem.exclusive_qualifiers(predicate)


def _within_use(affirmed: ClaimNode, negated: ClaimNode, sem: Semantics) -> bool:
    """Whether a denial scoped to uses ("for fibromyalgia, the research is mixed") meets the affirmed claim: one
    of the same use, or of a narrower or broader one. A denial of no use in particular meets every claim."""
    return not negated.indications or any(sem.narrower_or_same(a, n) or sem.narrower_or_same(n, a)
                                           for a in affirmed.indications for n in negated.indications)


def contrary_pairs(claims: Sequence[ClaimNode], sem: Semantics,
                   limit: int = MAX_PARTNERS) -> Iterator[tuple[ClaimNode, ClaimNode]]:
    """Pairs of affirmed claims with contrary predicates ("increases" / "reduces") on one object.

    Hedged claims are left out: "may worsen" against "treats" is no flat
    contradiction (a denial, "does not treat", is handled by :func:`denials`);
    so are conditions that follow stopping a drug (kg:followsCessation), which
    the drug both causes and relieves.
    """
    by_form: dict[tuple[str, str], list[ClaimNode]] = defaultdict(list)
    for c in claims:
        predicate, polarity = sem.stated(c)
        if polarity == "Affirmed" and c.value is None and not c.hedged:
            by_form[(predicate, c.object)].append(c)
    for (p, o), group in sorted(by_form.items()):
        if o and sem.follows_cessation(o):
            continue  # "opioids cause withdrawal" (when stopped) and "an opioid agonist eases withdrawal" both hold
        for q in sorted(sem.contraries(p)):
            if q <= p:  # each unordered pair of predicates once
                continue
            others = [c for obj in sorted(sem.close(o)) for c in by_form.get((q, obj), [])]
            if not others:
                continue
            pool = _pool(others)
            for c in group:
                for other in _partners(c, pool, limit):
                    yield c, other


def disjoint_class_pairs(claims: Sequence[ClaimNode], sem: Semantics,
                         limit: int = MAX_PARTNERS) -> Iterator[tuple[ClaimNode, ClaimNode]]:
    """Pairs of affirmed, unhedged class claims ("is a") about one subject whose classes are disjoint.

    "Ketamine is a Schedule II drug" and "ketamine is a Schedule III
    controlled substance" cannot both hold when the ontology says nothing is
    both (owl:disjointWith); classes merely different ("an anesthetic", "an
    antidepressant") are no conflict.
    """
    by_class: dict[str, list[ClaimNode]] = defaultdict(list)
    for c in claims:
        predicate, polarity = sem.stated(c)
        if polarity == "Affirmed" and c.value is None and not c.hedged and c.object \
                and sem.is_class_predicate(predicate):
            by_class[c.object].append(c)
    classes = sorted(by_class)
    for i, a in enumerate(classes):
        for b in classes[i + 1:]:
            if not sem.disjoint(a, b):
                continue
            pool = _pool(by_class[b])
            for c in by_class[a]:
                for other in _partners(c, pool, limit):
                    yield c, other


def ruled_out_pairs(claims: Sequence[ClaimNode], sem: Semantics,
                    limit: int = MAX_PARTNERS) -> Iterator[tuple[ClaimNode, ClaimNode]]:
    """(ruling out, ruled out) pairs of affirmed claims: "contraindicated in bipolar disorder" against "treats
    bipolar depression" (kg:rulesOut; the treatment's predicate and object the same or narrower). The ruling
    claim is unhedged; the treatment may be hedged ("you may be a candidate if you have bipolar depression"
    still offers what the other page rules out)."""
    forms: list[tuple[ClaimNode, str]] = []  # each affirmed, worded claim with its stated predicate
    for c in claims:
        predicate, polarity = sem.stated(c)
        if polarity == "Affirmed" and c.value is None and c.object:
            forms.append((c, predicate))
    by_form: dict[tuple[str, str], list[ClaimNode]] = defaultdict(list)
    for c, predicate in forms:
        by_form[(predicate, c.object)].append(c)
    pools: dict[tuple[str, str], PartnerPool | None] = {}
    for c, predicate in forms:
        ruled = sem.ruled_out(predicate)
        if not ruled or c.hedged:
            continue
        key = (predicate, c.object)
        if key not in pools:  # the claims this form rules out, found once per form
            others = [o for (p, obj), group in sorted(by_form.items())
                      if any(sem.predicate_within(p, r) for r in ruled) and sem.narrower_or_same(obj, c.object)
                      for o in group]
            pools[key] = _pool(others) if others else None
        if pools[key] is not None:
            yield from ((c, other) for other in _partners(c, pools[key], limit))


def find_polarity_conflicts(claims: Sequence[ClaimNode], sem: Semantics, file_of: Mapping[str, str],
                            max_partners: int = MAX_PARTNERS) -> Iterator[Finding]:
    """kg:PolarityConflict: one page affirms what another denies, or a contrary predicate (each pair once)."""
    return _dedupe(_polarity_pairs(claims, sem, file_of, max_partners))


def _polarity_pairs(claims: Sequence[ClaimNode], sem: Semantics, file_of: Mapping[str, str],
                    max_partners: int) -> Iterator[tuple[tuple, Finding]]:
    for _, block in sorted(blocks((c for c in claims if c.value is None), lambda c: [sem.family(c)]).items()):
        affirmed = [c for c in block if sem.stated(c)[1] == "Affirmed"]
        negated = [c for c in block if sem.stated(c)[1] == "Negated"]
        for a, n in denials(affirmed, negated, sem, max_partners):
            text = (f"{_file(file_of, a)} says {proposition_text(a, sem)} ({quoted(a.quote)}); "
                    f"{_file(file_of, n)} says {proposition_text(n, sem)} ({quoted(n.quote)}).")
            yield _where(a, n), Finding(FindingType.POLARITY_CONFLICT, (a.iri, n.iri), text)
    by_subject = blocks((c for c in claims if c.value is None), lambda c: [c.subject])
    for _, block in sorted(by_subject.items()):
        for a, b in contrary_pairs(block, sem, max_partners):
            text = (f"{_file(file_of, a)} says {proposition_text(a, sem)} ({quoted(a.quote)}), the opposite of "
                    f"{_file(file_of, b)}: {proposition_text(b, sem)} ({quoted(b.quote)}).")
            yield _where(a, b), Finding(FindingType.POLARITY_CONFLICT, (a.iri, b.iri), text)
        for a, b in ruled_out_pairs(block, sem, max_partners):
            text = (f"{_file(file_of, a)} says {proposition_text(a, sem)} ({quoted(a.quote)}), which rules out what "
                    f"{_file(file_of, b)} says: {proposition_text(b, sem)} ({quoted(b.quote)}).")
            yield _where(a, b), Finding(FindingType.POLARITY_CONFLICT, (a.iri, b.iri), text)
        for a, b in disjoint_class_pairs(block, sem, max_partners):
            text = (f"{_file(file_of, a)} says {proposition_text(a, sem)} ({quoted(a.quote)}); "
                    f"{_file(file_of, b)} says {proposition_text(b, sem)} ({quoted(b.quote)}), and nothing is both.")
            yield _where(a, b), Finding(FindingType.POLARITY_CONFLICT, (a.iri, b.iri), text)


# ---------------------------------------------------------------- numbers

def _numeric_scope(claim: ClaimNode, sem: Semantics) -> tuple | None:
    """What must be equal for two numbers to measure the same thing, or None when unknown."""
    value = sem.as_count(claim)
    if value is None or claim.polarity == "Negated":
        return None
    setting = ()
    if sem.is_provider_practice(claim.predicate) and not sem.is_required_by_label(claim.subject, claim.predicate):
        if not sem.in_study_setting(claim):
            return None  # two clinics' treatment schedules differ without contradicting each other
        setting = ("studies",)  # what the studies gave is one fact: it meets only other figures of the studies
    year = ()
    if sem.counted_per_year(claim.predicate):
        if claim.year is None:
            return None  # a yearly toll with no year ("80,000 deaths a year") meets no other year's
        year = (claim.year,)
    if value.dimension in COUNT_DIMENSIONS:
        if claim.population is None:
            return None
        return (*sem.family(claim), claim.measure, value.dimension, *year, *setting)
    return (*sem.family(claim), claim.measure, value.dimension, tuple(sorted(claim.indications)),
            tuple(sorted(claim.sites)), *setting)


def disjoint_values(a: ClaimNode, b: ClaimNode, sem: Semantics) -> bool:
    """True when the two numbers measure the same thing and cannot both hold."""
    if sem.sets_disjoint(a.population_groups, b.population_groups):
        return False  # counted in other groups or over other time frames (a lifetime, a year): both can hold
    if a.value is not None and b.value is not None and a.value.dimension == b.value.dimension == "percent":
        # two shares compare only over one population: 20 % of adults and 20 % of everyone can both hold
        return a.population is not None and a.population == b.population and not a.value.overlaps(b.value)
    va, vb = sem.as_count(a), sem.as_count(b)
    if va is None or vb is None or va.dimension != vb.dimension:
        return False
    if va.dimension in COUNT_DIMENSIONS and not sem.comparable_populations(a.population, b.population):
        return False
    return not va.overlaps(vb)


def _entirely_above(value: Interval) -> float:
    return float("inf") if value.high is None else value.high


def find_numeric_conflicts(claims: Sequence[ClaimNode], sem: Semantics, file_of: Mapping[str, str],
                           max_partners: int = MAX_PARTNERS) -> Iterator[Finding]:
    """kg:NumericConflict: same measure and scope, intervals that do not overlap (each pair once).

    Claims of one scope are sorted by lower bound; each claim meets only the
    claims that start above its upper bound, nearest first, on at most
    ``NUMERIC_DOCUMENTS`` (or ``max_partners``, if more) other documents, so
    this is O(n log n) per scope.
    """
    return _dedupe(_numeric_pairs(claims, sem, file_of, max_partners))


def _numeric_pairs(claims: Sequence[ClaimNode], sem: Semantics, file_of: Mapping[str, str],
                   max_partners: int) -> Iterator[tuple[tuple, Finding]]:
    scoped = blocks(claims, lambda c: [s] if (s := _numeric_scope(c, sem)) is not None else [])
    for _, group in sorted(scoped.items(), key=lambda kv: repr(kv[0])):
        ordered = sorted(group, key=lambda c: (_low(sem.as_count(c)), c.iri))
        lows = [_low(sem.as_count(c)) for c in ordered]
        for claim in ordered:
            value = sem.as_count(claim)
            start = bisect.bisect_left(lows, _entirely_above(value))
            sentences: dict[str, set[tuple]] = defaultdict(set)  # other document -> its sentences met
            for other in ordered[start:]:
                met = sentences.get(other.document, ())
                if other.document == claim.document or len(met) >= NUMERIC_PER_DOCUMENT or other.sentence in met:
                    continue
                if other.document not in sentences and len(sentences) >= max(max_partners, NUMERIC_DOCUMENTS):
                    break
                if disjoint_values(claim, other, sem):
                    sentences[other.document].add(other.sentence)
                    yield _where(claim, other), _numeric_finding(claim, other, sem, file_of)


def _low(value: Interval | None) -> float:
    return float("-inf") if value is None or value.low is None else value.low


def _numeric_finding(a: ClaimNode, b: ClaimNode, sem: Semantics, file_of: Mapping[str, str]) -> Finding:
    what = f"{sem.label(a.subject)} ({sem.label(sem.cluster_predicate(a.predicate))}{', ' + a.measure if a.measure else ''})"
    if sem.counted_per_year(a.predicate):
        what += f" in {a.year}"
    if sem.in_study_setting(a):
        what += " as used in the studies"
    text = (f"{_file(file_of, a)} gives {value_text(a)} ({_as_range(a, sem)}) for {what}; "
            f"{_file(file_of, b)} gives {value_text(b)} ({_as_range(b, sem)}). The ranges do not overlap: "
            f"{quoted(a.quote)} vs {quoted(b.quote)}.")
    return Finding(FindingType.NUMERIC_CONFLICT, (a.iri, b.iri), text)


def _as_range(claim: ClaimNode, sem: Semantics) -> str:
    value = sem.as_count(claim)
    text = interval_text(value) if value is not None else "?"
    if claim.population:
        text += f" of {sem.label(claim.population)}" if value is not None and value.dimension == "percent" else \
            f" among {sem.label(claim.population)}"
    return text


# ---------------------------------------------------------------- scope

def find_scope_conflicts(claims: Sequence[ClaimNode], sem: Semantics, file_of: Mapping[str, str],
                         max_partners: int = MAX_PARTNERS) -> Iterator[Finding]:
    """kg:ScopeConflict: one statement given with qualifiers that cannot both hold (each pair once).

    Only qualifiers the predicate declares exclusive count (where a drug
    acts): "blocks receptors in peripheral nerves" vs "blocks NMDA receptors
    in the brain". Two claims of one subject and predicate family compare,
    and so does a generic "acts on <site>" claim ("works on your brain") with
    any claim whose site is exclusive. Nested sites ("brain" vs "brain and
    spinal cord") are compatible.
    """
    return _dedupe(_scope_pairs(claims, sem, file_of, max_partners))


def _scope_pairs(claims: Sequence[ClaimNode], sem: Semantics, file_of: Mapping[str, str],
                 max_partners: int) -> Iterator[tuple[tuple, Finding]]:
    qualified = [c for c in claims if c.value is None and sem.exclusive_qualifiers(c.predicate)]
    by_subject = blocks(qualified, lambda c: [(c.subject, sem.stated(c)[1])])
    for _, block in sorted(by_subject.items()):
        # claims with the same family and qualifier values behave alike: compare those groups once
        shapes: dict[tuple, list[ClaimNode]] = defaultdict(list)
        for claim in block:
            for name in sorted(sem.exclusive_qualifiers(claim.predicate)):
                values = _qualifier(claim, name, sem)
                if values:
                    shapes[(name, sem.family(claim), sem.is_site(claim.object), tuple(sorted(values)))].append(claim)
        pools: dict[tuple, PartnerPool] = {}
        ordered = sorted(shapes.items(), key=lambda kv: repr(kv[0]))
        for i, (shape, members) in enumerate(ordered):
            name, family, generic, values = shape
            against = [o for other_shape, group in ordered[i + 1:] if other_shape[0] == name
                       and (other_shape[1] == family or generic or other_shape[2])
                       and _scopes_clash(name, frozenset(values), frozenset(other_shape[3]), sem) for o in group]
            if not against:
                continue
            pool = pools.setdefault(shape, _pool(against))
            for claim in members:
                for other in _partners(claim, pool, max_partners, SCOPE_DOCUMENTS):
                    text = (f"{_file(file_of, claim)} says {proposition_text(claim, sem)}"
                            f"{_qualifier_text(claim, name, sem)} ({quoted(claim.quote)}); "
                            f"{_file(file_of, other)} says {proposition_text(other, sem)}"
                            f"{_qualifier_text(other, name, sem)} ({quoted(other.quote)}).")
                    yield _where(claim, other), Finding(FindingType.SCOPE_CONFLICT, (claim.iri, other.iri), text)


def _scopes_clash(name: str, a: frozenset[str], b: frozenset[str], sem: Semantics) -> bool:
    """Whether two values of an exclusive qualifier cannot both be the whole of it. Sites clash when none can
    meet ("the brain" and "the brain and spinal cord" nest); the groups a drug is approved for clash as soon as
    one side names a group the other leaves out ("adults and adolescents age 12 and up" against "adults")."""
    if name != "populationGroup":
        return sem.sets_disjoint(a, b)
    return sem.leaves_out(a, b) or sem.leaves_out(b, a)


def _qualifier(claim: ClaimNode, name: str, sem: Semantics) -> frozenset[str]:
    """The claim's values of one qualifier; a site named as the object ("works on your brain") counts."""
    if name == "site":
        return claim.sites | ({claim.object} if sem.is_site(claim.object) else frozenset())
    return {"populationGroup": claim.population_groups, "indication": claim.indications}.get(name, frozenset())


def _qualifier_text(claim: ClaimNode, name: str, sem: Semantics) -> str:
    """ "in the brain", "for adults"; nothing for a site the proposition already names ("acts on peripheral
    nerves")."""
    shown = sorted(_qualifier(claim, name, sem) - {claim.object})
    if not shown:
        return ""
    values = " and ".join(sem.label(v) for v in shown)
    return {"site": f" in the {values}", "populationGroup": f" for {values}", "indication": f" in {values}"}[name]
