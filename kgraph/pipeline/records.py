"""Plain records the pipeline components leave on a ``Doc``."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NewConcept", "AbbreviationDefinition"]


@dataclass(frozen=True, slots=True)
class NewConcept:
    """A concept minted for a term the vocabularies lack.

    ``source_kind`` is the local name of a ``kg:SourceKind`` for sources
    (``"Citation"``, ``"Journal"`` ...), else ``None``.
    """

    iri: str
    label: str
    entity_type: str
    rule: str
    source_kind: str | None = None


@dataclass(frozen=True, slots=True)
class AbbreviationDefinition:
    """A page's ``long form (SHORT)``; offsets are character offsets in the page."""

    short: str
    short_start: int
    short_end: int
    long: str
    long_start: int
    long_end: int
    concept: str | None  # IRI the page's abbreviation refers to
    standard: bool  # the long form is a preferred/alternative label of that concept
    former_name: bool = False  # given as a former or other name: "formerly known as reflex sympathetic dystrophy (RSD)"
