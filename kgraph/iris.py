"""Deterministic IRIs for everything a build mints.

No blank nodes anywhere: each node's IRI comes from the document IRI plus
offsets, or from a content hash, so two builds of one corpus give the same
graph and graphs from different stores compare with ``rdflib.compare``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from rdflib import URIRef

from kgraph.namespaces import ID, VOCAB

__all__ = [
    "document_iri",
    "short_hash",
    "slug",
    "mention_iri",
    "concept_iri",
    "minted_concept_iri",
]


def short_hash(*parts: str, length: int = 16) -> str:
    """Hex digest of ``parts`` (joined by NUL), cut to ``length`` characters."""
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def slug(text: str) -> str:
    """Lowercase ASCII slug: ``"Pain Management & Injury Relief"`` -> ``"pain-management-injury-relief"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return cleaned or short_hash(text, length=12)


def document_iri(url: str | None, file_name: str) -> URIRef:
    """The document's IRI: its URL when known, else one minted from its corpus path.

    Examples
    --------
    >>> str(document_iri(None, "pages/a b.txt"))
    'https://w3id.org/kgraph/id/doc/pages/a%20b.txt'
    >>> str(document_iri("https://clinic.example/page", "x.txt"))
    'https://clinic.example/page'
    >>> str(document_iri(None, "a#b#pages.jsonl#L3"))  # one '#' at most: an IRI has one fragment
    'https://w3id.org/kgraph/id/doc/a%23b%23pages.jsonl#L3'
    """
    if url:
        return URIRef(url.strip())
    head, mark, tail = file_name.rpartition("#")  # the last '#' marks a line or record ("pages.jsonl#L3")
    if not mark:
        return ID["doc/" + quote(file_name, safe="/")]
    return ID["doc/" + quote(head, safe="/") + "#" + quote(tail, safe="/")]


def mention_iri(doc: URIRef, start: int, end: int, kind: str) -> URIRef:
    """IRI of the mention of entity type ``kind`` at ``start:end`` of ``doc``."""
    return ID[f"mention/{short_hash(str(doc))}/{start}-{end}-{kind.lower()}"]


def concept_iri(scheme: str, name: str) -> URIRef:
    """IRI of a vocabulary concept, e.g. ``concept_iri("drug", "ketamine")``."""
    return VOCAB[f"{scheme}/{slug(name)}"]


def minted_concept_iri(kind: str, key: str) -> URIRef:
    """IRI of a concept minted during a build (a new term, a source) from its normalized key."""
    return ID[f"concept/{kind.lower()}/{slug(key)}"]
