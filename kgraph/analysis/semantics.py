"""What the ontology says about concepts and predicates, read from the projection.

The finders ask questions like "is X a kind of Y", "can a site be in both
A and B", "which predicate does 'is free of risk of' deny", "what does
'pain' mean on this page". The answers come from edges of the projected
graph (``broader``, ``closeMatch``, ``disjointWith``, ``negationOf`` …), so
a new domain changes Turtle files, not this module.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cached_property

import networkx as nx

from kgraph.analysis.records import ClaimNode, Interval

__all__ = ["PropositionKey", "Semantics"]

# key of a proposition: (subject, predicate, object or value key, polarity)
PropositionKey = tuple[str, str, str, str]

# a page's topic must be named this often, and this many times more than the runner-up
TOPIC_MIN_MENTIONS = 3
TOPIC_MIN_LEAD = 2.0
# a population counts for a broader one when it holds at least this share of it
POPULATION_MAJORITY = 0.5


class Semantics:
    """Ontology lookups over a projected graph (see :func:`kgraph.analysis.project`)."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g
        self._stated: dict[tuple, tuple[str, str]] = {}  # (predicate, polarity, subject, object) -> stated()
        self._required: frozenset[tuple] | None = None  # (subject, predicate) a reference fact sets
        self._edges: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for s, o, rel in g.edges(data="rel"):
            if rel in ("broader", "closeMatch", "disjointWith", "oppositeOf", "negationOf", "clustersWith",
                       "antagonistOf", "agonistOf", "antagonistReading", "agonistReading", "classUse",
                       "classUseReading", "rulesOut", "specifierOf", "specifiedByGroup", "signOf", "entails"):
                self._edges[rel][s].add(o)
        # symmetric relations, both directions, indexed once (they are asked about in inner loops)
        self._both: dict[str, dict[str, set[str]]] = {}
        for rel in ("closeMatch", "oppositeOf", "negationOf"):
            both: dict[str, set[str]] = defaultdict(set)
            for s, objs in self._edges[rel].items():
                for o in objs:
                    both[s].add(o)
                    both[o].add(s)
            self._both[rel] = both
        self._upward: dict[tuple[str, str], frozenset[str]] = {}  # (relation, concept) -> closure

    # ------------------------------------------------------------ labels

    def label(self, iri: str | None) -> str:
        """A concept's preferred label, or the end of its IRI."""
        if not iri:
            return "?"
        label = self.g.nodes.get(iri, {}).get("label")
        return label or iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1].replace("-", " ")

    # ------------------------------------------------------------ concepts

    def ancestors(self, concept: str) -> frozenset[str]:
        """``concept`` and every concept above it by skos:broader."""
        return self._closure("broader", concept)

    def unspecified(self, concept: str) -> frozenset[str]:
        """The conditions ``concept`` specifies (kg:specifierOf, followed up): treatment-resistant depression ->
        major depressive disorder -> depression."""
        return self._closure("specifierOf", concept) - {concept}

    def specified_in(self, concept: str, groups: Iterable[str]) -> list[str]:
        """The conditions ``concept`` is in the population ``groups``: depression in patients other treatments
        have failed is treatment-resistant depression (kg:specifiedByGroup, for a condition it specifies)."""
        return sorted(c for c, specifying in self._edges["specifiedByGroup"].items()
                      if not specifying.isdisjoint(groups) and concept in self.unspecified(c))

    def _closure(self, rel: str, concept: str) -> frozenset[str]:
        """``concept`` and every concept reached from it by ``rel`` edges, one or more steps (cached)."""
        found = self._upward.get((rel, concept))
        if found is None:
            seen, stack = {concept}, [concept]
            while stack:
                for parent in self._edges[rel].get(stack.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        stack.append(parent)
            found = self._upward[(rel, concept)] = frozenset(seen)
        return found

    def signs_of(self, concept: str) -> set[str]:
        """What ``concept`` is a sign of (kg:signOf): craving and tolerance of addiction."""
        return set(self._edges["signOf"].get(concept, ()))

    def close(self, concept: str) -> set[str]:
        """``concept`` and its skos:closeMatch concepts (both directions, one step)."""
        return {concept} | self._both["closeMatch"].get(concept, set())

    def canonical(self, concept: str) -> str:
        """The one concept a closeMatch group is grouped under: the first IRI of ``concept`` and its matches."""
        return min(self.close(concept))

    def narrower_or_same(self, a: str, b: str) -> bool:
        """True when ``a`` is ``b``, a kind of ``b``, or a close match of either."""
        if a == b:
            return True
        return any(b in self.ancestors(x) or any(y in self.ancestors(x) for y in self.close(b))
                   for x in self.close(a))

    def related(self, a: str, b: str) -> bool:
        """True when one concept is the other or a kind of it."""
        return self.narrower_or_same(a, b) or self.narrower_or_same(b, a)

    def disjoint(self, a: str, b: str) -> bool:
        """True when the ontology says nothing is both ``a`` and ``b``."""
        disjoint = self._edges["disjointWith"]
        up_b = self.ancestors(b)
        return any(y in up_b for x in self.ancestors(a) for y in disjoint.get(x, ()))

    def leaves_out(self, a: frozenset[str], b: frozenset[str]) -> bool:
        """True when some value of ``a`` can meet no value of ``b``: "adults and adolescents" against "adults"."""
        return any(all(self.disjoint(x, y) for y in b) for x in a)

    def sets_disjoint(self, a: frozenset[str], b: frozenset[str]) -> bool:
        """True when both sets are given and no value of one can meet a value of the other."""
        return bool(a) and bool(b) and all(self.disjoint(x, y) for x in a for y in b)

    # ------------------------------------------------------------ predicates

    def normalized(self, predicate: str, polarity: str) -> tuple[str, str]:
        """The predicate a kg:negationOf predicate denies, with the polarity flipped.

        "is free of risk of" (affirmed) becomes "has risk of" (negated).
        """
        denied = sorted(self._edges["negationOf"].get(predicate, ()))
        if denied:
            return denied[0], "Negated" if polarity != "Negated" else "Affirmed"
        return predicate, polarity

    def stated(self, claim: ClaimNode) -> tuple[str, str]:
        """The predicate and polarity ``claim`` states: :meth:`normalized`, then read by pharmacology.

        "ketamine binds to NMDA receptors" states "blocks" because ketamine is
        a kg:antagonistOf NMDA receptors (kg:antagonistReading of "binds").
        """
        key = (claim.predicate, claim.polarity, claim.subject, claim.object)
        known = self._stated.get(key)
        if known is None:  # the finders ask again and again (a claim meets many partners)
            known = self._stated[key] = self._read_stated(claim)
        return known

    def _read_stated(self, claim: ClaimNode) -> tuple[str, str]:
        predicate, polarity = self.normalized(claim.predicate, claim.polarity)
        if claim.object is not None:
            for action, reading in (("antagonistOf", "antagonistReading"), ("agonistOf", "agonistReading")):
                readings = self._edges[reading].get(predicate)
                if readings and self._acts_on(claim.subject, claim.object, action):
                    return min(readings), polarity
        return predicate, polarity

    def _acts_on(self, drug: str, receptor: str, action: str) -> bool:
        """True when ``drug`` (or a kind it belongs to) has ``action`` on ``receptor`` or a receptor above it."""
        above = self.ancestors(receptor)
        return any(target in above for kind in self.ancestors(drug) for target in self._edges[action].get(kind, ()))

    def cluster_predicate(self, predicate: str) -> str:
        """The top of ``predicate``'s skos:broader / kg:clustersWith chain ("relieves" -> "treats")."""
        current, seen = predicate, {predicate}
        while True:
            ups = sorted(self._edges["broader"].get(current, set()) | self._edges["clustersWith"].get(current, set()))
            ups = [u for u in ups if u not in seen and self.g.nodes.get(u, {}).get("kind") == "predicate"]
            if not ups:
                return current
            current = ups[0]
            seen.add(current)

    def predicate_within(self, a: str, b: str) -> bool:
        """True when predicate ``a`` is ``b`` or narrower (relieves within treats)."""
        return b in self.ancestors(a)

    def entails(self, a: str, b: str) -> bool:
        """True when an affirmed ``a`` (or a narrower predicate) says ``b`` too (kg:entails): causing dependence is
        a risk of it."""
        return any(b in self._edges["entails"].get(p, ()) for p in self.ancestors(a))

    def contraries(self, predicate: str) -> set[str]:
        """Predicates declared kg:oppositeOf ``predicate`` that are not its negation."""
        return self._both["oppositeOf"].get(predicate, set()) - self._both["negationOf"].get(predicate, set())

    def follows_cessation(self, concept: str) -> bool:
        """True for a condition that comes when a drug depended on is stopped (withdrawal, craving:
        kg:followsCessation on it or a broader concept); the drug both causes it and relieves it."""
        return any(self.g.nodes.get(c, {}).get("follows_cessation") for c in self.ancestors(concept))

    def is_relative_judgment(self, concept: str) -> bool:
        """True for a judgment on the speaker's own scale (kg:relativeJudgment: long-lasting), which one page may
        affirm and another deny without contradicting it."""
        return bool(self.g.nodes.get(concept, {}).get("relative_judgment"))

    def is_site(self, concept: str) -> bool:
        """True for an anatomical site (kg:termKind kg:AnatomicalSite)."""
        return self.g.nodes.get(concept, {}).get("term_kind") == "AnatomicalSite"

    def ruled_out(self, predicate: str) -> set[str]:
        """Predicates an affirmed ``predicate`` contradicts for the same or a narrower object (kg:rulesOut)."""
        return set(self._edges["rulesOut"].get(predicate, ()))

    def is_class_predicate(self, predicate: str) -> bool:
        """True for a predicate of class membership ("is a": kg:classMembership)."""
        return bool(self.g.nodes.get(predicate, {}).get("class_membership"))

    def implies_broader_object(self, predicate: str) -> bool:
        """True when a statement of ``predicate`` also states it of each broader object ("is a dissociative
        anesthetic" is "is an anesthetic": kg:impliesBroaderObject)."""
        return bool(self.g.nodes.get(predicate, {}).get("implies_broader"))

    def is_symmetric(self, predicate: str) -> bool:
        """True for a predicate that reads either way round ("co-occurs with": kg:symmetric)."""
        return bool(self.g.nodes.get(predicate, {}).get("symmetric"))

    def holds_for_unspecified(self, predicate: str) -> bool:
        """True when an affirmed claim of ``predicate`` about a specified condition holds of the unspecified one
        (kg:holdsForUnspecified)."""
        return bool(self.g.nodes.get(predicate, {}).get("holds_for_unspecified"))

    def is_provider_practice(self, predicate: str) -> bool:
        """True for a predicate of how a provider gives a treatment ("a course of six infusions":
        kg:providerPractice); two providers' numbers for it differ without conflicting."""
        return bool(self.g.nodes.get(predicate, {}).get("provider_practice"))

    def counted_per_year(self, predicate: str) -> bool:
        """True for a predicate whose statistic counts one calendar year ("died of opioid overdoses in 2019":
        kg:countedPerYear); its figures compare only within one named year."""
        return bool(self.g.nodes.get(predicate, {}).get("per_year"))

    def is_required_by_label(self, subject: str, predicate: str) -> bool:
        """True when a reference fact gives ``subject``'s value for a provider-practice ``predicate``
        (esketamine's two hours of observation): there the practice is set for everyone, so figures compare."""
        if self._required is None:
            self._required = frozenset((a.get("subject"), a.get("predicate")) for _, a in self.g.nodes(data=True)
                                       if a.get("kind") == "fact")
        return (subject, predicate) in self._required

    def people_groups(self, claim: ClaimNode) -> frozenset[str]:
        """The claim's population groups that are groups of people ("children"), not settings of use ("at-home
        use"): kg:termKind kg:PopulationGroup."""
        return frozenset(g for g in claim.population_groups
                         if self.g.nodes.get(g, {}).get("term_kind") == "PopulationGroup")

    def in_study_setting(self, claim: ClaimNode) -> bool:
        """True when the claim ascribes its figure to published studies ("the dose used in the original studies":
        a use context marked kg:studySetting); for a provider practice it is then a fact about the studies."""
        return any(self.g.nodes.get(group, {}).get("study_setting") for group in claim.population_groups)

    def family(self, claim: ClaimNode) -> tuple[str, str]:
        """(subject, predicate family): the neighbourhood in which claims are compared."""
        return claim.subject, self.cluster_predicate(self.stated(claim)[0])

    def exclusive_qualifiers(self, predicate: str) -> set[str]:
        """Qualifier names ("site", "populationGroup") the predicate gives as the only one."""
        return set(self.g.nodes.get(predicate, {}).get("exclusive", ()))

    # ------------------------------------------------------------ numbers and populations

    @cached_property
    def _population_sizes(self) -> dict[str, float]:
        return {n: a["size"] for n, a in self.g.nodes(data=True) if a.get("kind") == "population" and a.get("size")}

    def comparable_populations(self, a: str | None, b: str | None) -> bool:
        """True when counts among ``a`` and among ``b`` measure the same thing.

        The same population, or one inside the other that holds most of it
        (US adults are most of the US population; the US is not most of the
        world). Unknown populations are not comparable.
        """
        if a is None or b is None:
            return False
        if a == b:
            return True
        sizes = self._population_sizes
        for small, big in ((a, b), (b, a)):
            if big in self.ancestors(small) and small in sizes and big in sizes:
                return sizes[small] / sizes[big] >= POPULATION_MAJORITY
        return False

    def as_count(self, claim: ClaimNode) -> Interval | None:
        """The claim's value, a percent of a known population turned into a count, a definition's threshold
        read as one (see :meth:`threshold`)."""
        value = claim.value
        if value is not None and value.high is None and value.low:
            value = self.threshold(claim, value)
        if value is None or value.dimension != "percent" or claim.population is None:
            return value
        size = self._population_sizes.get(claim.population)
        if size is None:
            return value
        scale = size / 100.0
        return Interval(None if value.low is None else value.low * scale,
                        None if value.high is None else value.high * scale,
                        value.low_inclusive, value.high_inclusive, "count")

    def threshold(self, claim: ClaimNode, value: Interval) -> Interval:
        """A one-sided figure that defines its subject, read as a threshold: "chronic pain is pain lasting 12
        weeks or longer" gives [12, 15] weeks (kg:thresholdFor, kg:thresholdFactor), so it fits "more than
        three months" and contradicts "longer than six months". Any other figure is returned as it is."""
        rule = self.g.nodes.get(claim.predicate, {}).get("threshold")
        if rule is None or claim.is_fact or self.g.nodes.get(claim.subject, {}).get("scheme") != rule[0]:
            return value
        return Interval(value.low, value.low * rule[1], value.low_inclusive, True, value.dimension)

    # ------------------------------------------------------------ page topics

    @cached_property
    def _topic_children(self) -> dict[str, set[str]]:
        """Each concept read as the page topic (kg:readAsPageTopic), with its children by skos:broader."""
        generics = [n for n, a in self.g.nodes(data=True) if a.get("page_topic")]
        return {g: {s for s, objs in self._edges["broader"].items() if g in objs} for g in generics}

    def votes_for_topic(self, concept: str) -> bool:
        """Whether a page's mentions of ``concept`` count in :attr:`page_topics` (it is under a topic's child)."""
        return any(self.ancestors(concept) & children for children in self._topic_children.values())

    @cached_property
    def page_topics(self) -> dict[tuple[str, str], str]:
        """(document, generic concept) -> the narrower concept the page is mostly about.

        A generic concept marked kg:readAsPageTopic ("pain") reads as the
        child concept ("chronic pain") that the page names at least
        ``TOPIC_MIN_MENTIONS`` times and ``TOPIC_MIN_LEAD`` times as often as
        any other child; mentions of grandchildren count for their child.
        """
        children = self._topic_children
        generics = list(children)
        topics: dict[tuple[str, str], str] = {}
        for doc, attrs in self.g.nodes(data=True):
            if attrs.get("kind") != "document":
                continue
            mentioned = [(c, d.get("weight", 1)) for _, c, d in self.g.out_edges(doc, data=True) if d.get("rel") == "mentions"]
            for generic in generics:
                votes: Counter = Counter()
                for concept, weight in mentioned:
                    for child in children[generic]:
                        if child in self.ancestors(concept):
                            votes[child] += weight
                ranked = votes.most_common()
                if not ranked or ranked[0][1] < TOPIC_MIN_MENTIONS:
                    continue
                if len(ranked) > 1 and ranked[0][1] < TOPIC_MIN_LEAD * ranked[1][1]:
                    continue
                topics[(doc, generic)] = ranked[0][0]
        return topics

    # ------------------------------------------------------------ propositions

    def value_key(self, claim: ClaimNode) -> str:
        """The object part of a proposition key for a claim whose object is a number."""
        value = self.as_count(claim)
        dimension = value.dimension if value is not None else "none"
        return f"value:{claim.measure or ''}:{dimension}"

    def keys(self, claim: ClaimNode) -> list[PropositionKey]:
        """The propositions a claim states: its own, its class-use, group, indication and page-topic readings if any.

        The class-use reading: "ketamine is an analgesic" also states "ketamine
        treats pain" (kg:classUseReading, kg:classUse). The page-topic reading
        ("pain" read as "chronic pain" on a chronic-pain page) applies only to
        an unhedged claim whose clause names its subject.
        """
        stated, polarity = self.stated(claim)
        predicate = self.cluster_predicate(stated)
        if claim.value is not None:
            return [(claim.subject, predicate, self.value_key(claim), polarity)]
        keys = [(claim.subject, predicate, self.canonical(claim.object) if claim.object else claim.object, polarity)]
        if polarity == "Affirmed" and self.implies_broader_object(predicate):
            keys += [(claim.subject, predicate, up, polarity) for up in sorted(self.ancestors(claim.object))
                     if up != claim.object and self.g.nodes.get(up, {}).get("kind") == "concept"]
        if polarity == "Affirmed" and claim.object and self.holds_for_unspecified(predicate):
            if claim.population_groups:  # "effective for depression, including in people who had failed several
                # medications": of TRD too
                keys += [(claim.subject, predicate, c, polarity)
                         for c in self.specified_in(claim.object, claim.population_groups)]
            # "reduced pain in patients with CRPS": relieving what a condition is a kind of, in it, treats it
            keys += [(claim.subject, predicate, c, polarity) for c in sorted(claim.indications)
                     if c != claim.object and claim.object in self.ancestors(c)]
        read_as = [(predicate, claim.object)]
        readings = self._edges["classUseReading"].get(stated)
        if readings and polarity == "Affirmed" and claim.object:
            uses = {u for kind in self.ancestors(claim.object) for u in self._edges["classUse"].get(kind, ())}
            read_as += [(self.cluster_predicate(min(readings)), u) for u in sorted(uses)]
            keys += [(claim.subject, p, u, polarity) for p, u in read_as[1:]]
        # the topic reading is an inference on top of the claim: only for a subject the clause names
        if not claim.resolved and not claim.hedged:
            for p, obj in read_as:
                topic = self.page_topics.get((claim.document, obj))
                if topic is not None:
                    keys.append((claim.subject, p, topic, polarity))
        if self.is_symmetric(predicate):
            # "depression co-occurs with pain" is "chronic pain co-occurs with depression" on a chronic-pain page:
            # either side may take the topic reading, and the pair is keyed in one order
            subjects = {claim.subject}
            topic = self.page_topics.get((claim.document, claim.subject))
            if topic is not None and not claim.resolved and not claim.hedged:
                subjects.add(topic)
            keys = sorted({(min(a, b), p, max(a, b), pol) for _, p, b, pol in keys for a in subjects})
        return keys
