"""Paraphrase clusters (one proposition on several pages) and certainty drift within them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from kgraph.analysis.candidates import PartnerPool, blocks
from kgraph.analysis.records import (
    ClaimNode,
    Finding,
    FindingType,
    Interval,
    first_per_key,
)
from kgraph.analysis.semantics import PropositionKey, Semantics
from kgraph.analysis.wording import proposition_text, quoted

__all__ = ["Cluster", "find_certainty_drift", "find_paraphrases", "paraphrase_clusters"]

# quoted wordings named in a paraphrase explanation
EXPLAINED_WORDINGS = 3


@dataclass(frozen=True)
class Cluster:
    """Claims that state one proposition, from two or more documents."""

    key: PropositionKey
    members: tuple[ClaimNode, ...]

    @property
    def documents(self) -> list[str]:
        """The members' documents, sorted."""
        return sorted({m.document for m in self.members})


def paraphrase_clusters(claims: Sequence[ClaimNode], sem: Semantics) -> list[Cluster]:
    """Group claims into clusters of one proposition each, sorted by key.

    Claims are blocked by proposition key (subject, predicate family, object
    or measure, polarity), so a negated statement never meets an affirmed
    one. Within a block, claims whose qualifiers cannot both hold (disjoint
    sites or populations) or whose numbers do not overlap are split apart, so
    every pair in a cluster is compatible. Only clusters spanning two or more
    documents are kept.
    """
    clusters = []
    by_key = _treatments_of_specified(_denials_of_broader(blocks(claims, sem.keys), sem), sem)
    for key, members in sorted(by_key.items(), key=lambda kv: kv[0]):
        if len({m.document for m in members}) < 2:
            continue
        for group in _compatible_groups(members, sem):
            if len({m.document for m in group}) >= 2:
                clusters.append(Cluster(key, _one_per_anchor(group)))
    return clusters


def _denials_of_broader(by_key: dict, sem: Semantics) -> dict:
    """Each denial block also holds the denials of a broader object stated on other claims: "never approved
    for any psychiatric condition" denies "approved for depression" too. Only blocks that exist grow."""
    denied: dict[tuple, set[str]] = defaultdict(set)  # (subject, predicate) -> objects denied
    for subject, predicate, obj, polarity in by_key:
        if polarity == "Negated" and obj:
            denied[(subject, predicate)].add(obj)
    out = dict(by_key)
    for (subject, predicate), present in sorted(denied.items()):
        for narrower in sorted(present):
            broader = sorted((sem.ancestors(narrower) & present) - {narrower})
            if broader:
                key = (subject, predicate, narrower, "Negated")
                out[key] = _joined(out[key], [m for up in broader for m in by_key[(subject, predicate, up, "Negated")]])
    return out


def _treatments_of_specified(by_key: dict, sem: Semantics) -> dict:
    """Each affirmed block of a condition also holds the claims of the same predicate about the condition with
    a course or onset specifier (kg:specifierOf, kg:holdsForUnspecified): "up to 70% of patients with
    treatment-resistant depression respond" joins "ketamine can lift depression in hours". Only blocks that
    exist grow."""
    out = dict(by_key)
    for subject, predicate, obj, polarity in sorted(by_key):
        if polarity != "Affirmed" or not obj or not sem.holds_for_unspecified(predicate):
            continue
        for up in sorted(sem.unspecified(obj)):
            key = (subject, predicate, up, polarity)
            if key in by_key:
                out[key] = _joined(out[key], by_key[(subject, predicate, obj, polarity)])
    return out


def _joined(block: list[ClaimNode], more: Iterable[ClaimNode]) -> list[ClaimNode]:
    """``block`` with the claims of ``more`` it does not hold yet, in order."""
    have = {m.iri for m in block}
    return block + [m for m in more if m.iri not in have]


def _one_per_anchor(group: list[ClaimNode]) -> tuple[ClaimNode, ...]:
    """The group in page order, one claim per anchored span (a clause is listed once)."""
    seen: dict[tuple, ClaimNode] = {}
    for claim in sorted(group, key=_position):
        seen.setdefault((claim.document, claim.start, claim.end), claim)
    return tuple(seen.values())


def _position(claim: ClaimNode) -> tuple:
    return (claim.document, claim.start, claim.end, claim.iri)


def _signature(claim: ClaimNode, sem: Semantics) -> tuple:
    # sorted tuples, not frozensets: their order (and so the grouping) must not depend on the hash seed
    return (tuple(sorted(claim.sites)), tuple(sorted(claim.population_groups)), tuple(sorted(claim.indications)),
            claim.population, claim.year if sem.counted_per_year(claim.predicate) else None)


def _signatures_compatible(a: tuple, b: tuple, sem: Semantics, numeric: bool) -> bool:
    if any(sem.sets_disjoint(frozenset(x), frozenset(y)) for x, y in zip(a[:3], b[:3], strict=True)):
        return False
    if a[4] is not None and b[4] is not None and a[4] != b[4]:
        return False  # two years' tolls are two statements
    if numeric and a[3] is not None and b[3] is not None:
        return sem.comparable_populations(a[3], b[3])
    return True


def _compatible_groups(members: list[ClaimNode], sem: Semantics) -> list[list[ClaimNode]]:
    """Split a block into groups whose members are pairwise compatible (first fit, largest first)."""
    numeric = any(m.value is not None for m in members)
    by_signature: dict[tuple, list[ClaimNode]] = defaultdict(list)
    for m in members:
        by_signature[_signature(m, sem)].append(m)
    ordered = sorted(by_signature.items(), key=lambda kv: (-len(kv[1]), repr(kv[0])))
    groups: list[tuple[list[tuple], list[ClaimNode]]] = []
    for signature, claims in ordered:
        for signatures, group in groups:
            if all(_signatures_compatible(signature, s, sem, numeric) for s in signatures):
                signatures.append(signature)
                group.extend(claims)
                break
        else:
            groups.append(([signature], list(claims)))
    out = []
    for _, group in groups:
        out.extend(_interval_groups(group, sem) if numeric else [group])
    return out


def _interval_groups(members: list[ClaimNode], sem: Semantics) -> list[list[ClaimNode]]:
    """Split numeric claims into groups whose values share a common point (sweep by lower bound)."""
    def low(c: ClaimNode) -> float:
        v = sem.as_count(c)
        return float("-inf") if v is None or v.low is None else v.low

    open_groups: list[tuple[Interval, list[ClaimNode]]] = []
    done: list[list[ClaimNode]] = []
    for claim in sorted(members, key=lambda c: (low(c), c.iri)):
        value = sem.as_count(claim)
        if value is None:
            continue
        still_open = []
        for common, group in open_groups:  # a group whose common part ends before this value starts is closed
            if common.high is not None and value.low is not None and not common.overlaps(
                    Interval(value.low, None, value.low_inclusive, True, value.dimension)):
                done.append(group)
            else:
                still_open.append((common, group))
        open_groups = still_open
        for i, (common, group) in enumerate(open_groups):
            if common.overlaps(value):
                group.append(claim)
                open_groups[i] = (_intersection(common, value), group)
                break
        else:
            open_groups.append((value, [claim]))
    return done + [group for _, group in open_groups]


def _intersection(a: Interval, b: Interval) -> Interval:
    if a.low is None or (b.low is not None and (b.low, not b.low_inclusive) > (a.low, not a.low_inclusive)):
        low, low_inc = b.low, b.low_inclusive
    else:
        low, low_inc = a.low, a.low_inclusive
    if a.high is None or (b.high is not None and (b.high, b.high_inclusive) < (a.high, a.high_inclusive)):
        high, high_inc = b.high, b.high_inclusive
    else:
        high, high_inc = a.high, a.high_inclusive
    return Interval(low, high, low_inc, high_inc, a.dimension)


def find_paraphrases(clusters: Sequence[Cluster], sem: Semantics, file_of: Mapping[str, str],
                     source_group: Mapping[str, str] | None = None) -> list[Finding]:
    """One kg:Paraphrase finding per cluster, naming the proposition and some wordings.

    ``source_group`` maps a document to its group of documents that share
    claims (see :func:`kgraph.analysis.copies.source_groups`); support is
    counted per group. Claims that form clusters under two keys (their own
    reading and a class-use or page-topic one) give one finding, worded by
    the later key.
    """
    source_group = source_group or {}
    by_members = {cluster.members: cluster for cluster in clusters}  # in first place, the later cluster
    findings = []
    for cluster in by_members.values():
        docs = cluster.documents
        independent = len({source_group.get(d, d) for d in docs})
        wordings = _first_per_wording(cluster.members)
        shown = "; ".join(f"{quoted(q)} ({file_of.get(m.document, m.document)})"
                          for q, m in wordings[:EXPLAINED_WORDINGS])
        more = len(wordings) - min(len(wordings), EXPLAINED_WORDINGS)
        copied = "" if independent == len(docs) else f" ({independent} independent after pages that copy each other are counted once)"
        text = (f"{len(docs)} pages{copied} state that {proposition_text(cluster.members[0], sem, cluster.key)}, "
                + (f"in one wording: {shown}" if len(wordings) == 1 else f"in {len(wordings)} wordings: {shown}")
                + (f"; and {more} more." if more else "."))
        findings.append(Finding(FindingType.PARAPHRASE, tuple(m.iri for m in cluster.members), text,
                                extra={"documentCount": len(docs), "independentSources": independent}))
    return findings


def _first_per_wording(members: Sequence[ClaimNode]) -> list[tuple[str, ClaimNode]]:
    seen: dict[str, ClaimNode] = {}
    for m in members:
        seen.setdefault(m.quote, m)
    return list(seen.items())


def find_certainty_drift(clusters: Sequence[Cluster], sem: Semantics, file_of: Mapping[str, str],
                         max_partners: int = 4, max_documents: int = 8) -> Iterator[Finding]:
    """Pairs of one cluster where one page hedges what another asserts (one per pair of sentences).

    Each hedged statement is paired with the asserted statements of the same
    cluster on up to ``max_documents`` other pages, at most ``max_partners``
    per page (the ones worded most alike), so the count stays linear in the
    cluster size.
    """
    return first_per_key(_drift_pairs(clusters, sem, file_of, max_partners, max_documents))


def _drift_pairs(clusters: Sequence[Cluster], sem: Semantics, file_of: Mapping[str, str],
                 max_partners: int, max_documents: int) -> Iterator[tuple[tuple, Finding]]:
    for cluster in clusters:
        asserted = [m for m in cluster.members if not m.hedged]
        if not asserted:
            continue
        pool = PartnerPool(asserted, lambda c: c.document, lambda c: c.quote)
        for hedged in (m for m in cluster.members if m.hedged):
            for partner in pool.pick(hedged.iri, hedged.document, hedged.quote, max_documents, max_partners):
                where = (hedged.document, hedged.sentence, partner.document, partner.sentence)
                text = (f"{file_of.get(hedged.document, hedged.document)} hedges that "
                        f"{proposition_text(hedged, sem, cluster.key)} ({quoted(hedged.quote)}), while "
                        f"{file_of.get(partner.document, partner.document)} states it as "
                        f"{'established' if partner.certainty == 'Emphatic' else 'fact'} ({quoted(partner.quote)}).")
                yield where, Finding(FindingType.CERTAINTY_DRIFT, (hedged.iri, partner.iri), text)
