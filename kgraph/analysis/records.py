"""The records the finders work on: claims as read from the projection, and findings."""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar

__all__ = [
    "ClaimNode",
    "Finding",
    "FindingType",
    "Interval",
    "Severity",
    "first_per_key",
]

T = TypeVar("T")


class Severity(str, Enum):
    """How urgent a finding is (CONTRACT.md); the value is the kg: local name."""

    INFO = "Info"
    WARNING = "Warning"
    ERROR = "Error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return ("Info", "Warning", "Error").index(self.value)


class FindingType(str, Enum):
    """The kinds of finding (CONTRACT.md); the value is the kg: local name."""

    PARAPHRASE = "Paraphrase"
    CERTAINTY_DRIFT = "CertaintyDrift"
    NUMERIC_CONFLICT = "NumericConflict"
    POLARITY_CONFLICT = "PolarityConflict"
    SCOPE_CONFLICT = "ScopeConflict"
    CITATION_MISMATCH = "CitationMismatch"
    TERMINOLOGY_CONFLICT = "TerminologyConflict"
    REFERENCE_CONFLICT = "ReferenceConflict"

    @property
    def default_severity(self) -> Severity:
        """The severity the contract gives this type."""
        return _DEFAULT_SEVERITY[self]


_DEFAULT_SEVERITY = {
    FindingType.PARAPHRASE: Severity.INFO,
    FindingType.CERTAINTY_DRIFT: Severity.WARNING,
    FindingType.NUMERIC_CONFLICT: Severity.ERROR,
    FindingType.POLARITY_CONFLICT: Severity.ERROR,
    FindingType.SCOPE_CONFLICT: Severity.WARNING,
    FindingType.CITATION_MISMATCH: Severity.ERROR,
    FindingType.TERMINOLOGY_CONFLICT: Severity.WARNING,
    FindingType.REFERENCE_CONFLICT: Severity.ERROR,
}


@dataclass(frozen=True, slots=True)
class Interval:
    """A numeric value as an interval in a base unit; ``None`` bounds are open-ended.

    ``dimension`` names what the number measures once normalized: ``"count"``
    (people or things), ``"percent"``, ``"seconds"`` (durations), ``"year"``
    (calendar years), or a unit IRI for anything else.
    """

    low: float | None
    high: float | None
    low_inclusive: bool = True
    high_inclusive: bool = True
    dimension: str = "count"

    def overlaps(self, other: Interval) -> bool:
        """True when some value lies in both intervals."""
        if self.dimension != other.dimension:
            return False
        return _below(self, other) and _below(other, self)

    def contains_point(self, value: float) -> bool:
        """True when ``value`` lies in the interval."""
        if self.low is not None and (value < self.low or (value == self.low and not self.low_inclusive)):
            return False
        if self.high is not None and (value > self.high or (value == self.high and not self.high_inclusive)):
            return False
        return True


def _below(a: Interval, b: Interval) -> bool:
    """True when ``a`` starts no later than ``b`` ends (they can meet)."""
    if a.low is None or b.high is None:
        return True
    if a.low < b.high:
        return True
    return a.low == b.high and a.low_inclusive and b.high_inclusive


@dataclass(frozen=True, slots=True)
class ClaimNode:
    """One claim of the projection, with what the finders compare.

    Concepts are IRI strings. ``value`` is the claim's statistic as an
    interval when its object is a quantity; ``population`` is the reference
    population the statistic counts (an IRI), when known; ``year`` is the one
    calendar year the claim is dated to ("In 2019, ..."; a fact's date), if any.
    """

    iri: str
    document: str
    start: int
    end: int
    quote: str
    subject: str
    predicate: str
    object: str
    polarity: str = "Affirmed"
    certainty: str = "Asserted"
    measure: str | None = None
    value: Interval | None = None
    value_text: str = ""
    population: str | None = None
    sites: frozenset[str] = frozenset()
    population_groups: frozenset[str] = frozenset()
    indications: frozenset[str] = frozenset()
    sentence: tuple[int, int] = (0, 0)
    resolved: bool = False
    year: int | None = None
    is_fact: bool = False

    @property
    def affirmed(self) -> bool:
        """True unless the claim is negated."""
        return self.polarity != "Negated"

    @property
    def hedged(self) -> bool:
        """True when the claim is hedged ("may", "is thought to")."""
        return self.certainty == "Hedged"


@dataclass(frozen=True, slots=True)
class Finding:
    """A typed relation between claims (or other anchored nodes) with an explanation.

    ``members`` are IRIs, in a stable order; ``extra`` holds counts written
    with the finding (``independentSources``, ``documentCount``).
    """

    type: FindingType
    members: tuple[str, ...]
    explanation: str
    severity: Severity | None = None
    extra: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def level(self) -> Severity:
        """The severity, defaulting to the type's."""
        return self.severity or self.type.default_severity

    def sort_key(self) -> tuple:
        """Errors first, then by type and members."""
        return (-self.level.rank, self.type.value, self.members)


def first_per_key(keyed: Iterable[tuple[Hashable, T]]) -> Iterator[T]:
    """The first item of each key, as the (key, item) pairs come: a stream, not a list.

    A large corpus's finder makes hundreds of thousands of findings; streaming
    them keeps one 8-byte digest of each key seen (its ``repr``, so keys of
    strings, numbers and tuples of them), not the findings. Two keys whose
    64-bit digests collide (about once in 40 million corpora of a million
    findings) count as one.
    """
    seen: set[bytes] = set()
    for key, item in keyed:
        digest = hashlib.blake2b(repr(key).encode("utf-8"), digest_size=8).digest()
        if digest not in seen:
            seen.add(digest)
            yield item
