"""Candidate pairs without comparing all pairs: blocks of graph neighbours and a MinHash index.

Two claims can only be the same proposition, or contradict each other, when
they share a subject and a predicate family (their neighbourhood in the
projected graph), so finders compare within such blocks. Near-identical
wording across pages (copied text) is found with MinHash locality-sensitive
hashing over word shingles, which finds pairs above a Jaccard threshold in
about linear time.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from functools import cache
from typing import TypeVar

from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz

__all__ = ["PartnerPool", "SimilarityIndex", "best_partners", "blocks", "shingles", "similarity"]

T = TypeVar("T")

_WORD = re.compile(r"\w+", re.UNICODE)
SHINGLE_WORDS = 3
NUM_PERM = 64


def blocks(items: Iterable[T], keys: Callable[[T], Iterable[Hashable]]) -> dict[Hashable, list[T]]:
    """Group ``items`` under each of their keys (an item may sit in several blocks)."""
    out: dict[Hashable, list[T]] = defaultdict(list)
    for item in items:
        for key in dict.fromkeys(keys(item)):
            out[key].append(item)
    return dict(out)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Lower-cased word ``size``-grams of ``text`` (the words themselves for short texts)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def similarity(a: str, b: str) -> float:
    """Word-order-insensitive similarity of two texts, 0 to 1 (rapidfuzz token set ratio)."""
    return fuzz.token_set_ratio(a, b) / 100.0


@cache
def _template() -> MinHash:
    """An empty signature whose hash permutations every signature shares (made once: they cost more than hashing)."""
    return MinHash(num_perm=NUM_PERM, seed=1)


class SimilarityIndex:
    """A MinHash LSH index of texts; finds pairs whose shingle sets are alike.

    Parameters
    ----------
    threshold
        Jaccard similarity above which two texts are reported (approximately:
        LSH may miss a pair close to the threshold, and candidates are checked
        against the exact Jaccard before they are returned).
    """

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._shingles: dict[Hashable, set[str]] = {}
        self._signatures: dict[Hashable, MinHash] = {}

    def add(self, key: Hashable, text: str) -> None:
        """Index ``text`` under ``key`` (each key once)."""
        grams = shingles(text)
        if not grams or key in self._shingles:
            return
        template = _template()
        shared = {"scheme": template.scheme} if hasattr(template, "scheme") else {}  # datasketch 2 asks for it
        signature = MinHash(num_perm=NUM_PERM, seed=1, permutations=template.permutations, **shared)
        signature.update_batch([gram.encode("utf-8") for gram in sorted(grams)])
        self._shingles[key] = grams
        self._lsh.insert(key, signature)
        self._signatures[key] = signature

    def pairs(self) -> list[tuple[Hashable, Hashable, float]]:
        """Every (a, b, jaccard) with a < b above the threshold, sorted."""
        found = []
        for key, signature in self._signatures.items():
            for other in self._lsh.query(signature):
                if not (str(key) < str(other)):
                    continue
                a, b = self._shingles[key], self._shingles[other]
                jaccard = len(a & b) / len(a | b)
                if jaccard >= self.threshold:
                    found.append((key, other, jaccard))
        return sorted(found, key=lambda p: (str(p[0]), str(p[1])))


def best_partners(item_text: str, others: Sequence[T], text: Callable[[T], str], limit: int,
                  group: Callable[[T], Hashable] | None = None) -> list[T]:
    """The ``limit`` items of ``others`` worded most like ``item_text`` (ties keep input order), with ``group``
    one of each group (claims of one sentence make one finding: the next sentence is worth the place)."""
    if len(others) <= limit:
        return list(others)
    scored = sorted(enumerate(others), key=lambda p: (-similarity(item_text, text(p[1])), p[0]))
    if group is None:
        return [item for _, item in scored[:limit]]
    out: list[T] = []
    seen: set = set()
    for _, item in scored:
        key = group(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
            if len(out) == limit:
                break
    return out


class PartnerPool:
    """Claims grouped by document once, so each claim draws partners in bounded time.

    ``pick`` returns, for at most ``documents`` other documents (taken in a
    fixed order that starts at a place derived from the claim, so the load
    spreads over the pool), the ``per_document`` claims worded most like the
    claim among the first ``window`` of that document (with ``group``, one of
    each group: one claim per sentence). The cost per claim is bounded
    whatever the size of the pool.
    """

    WINDOW = 16

    def __init__(self, items: Sequence[T], document: Callable[[T], str], text: Callable[[T], str],
                 group: Callable[[T], Hashable] | None = None) -> None:
        grouped: dict[str, list[T]] = defaultdict(list)
        for item in items:
            grouped[document(item)].append(item)
        self._documents = sorted(grouped)
        self._items = grouped
        self._text = text
        self._group = group

    def pick(self, key: str, own_document: str, text: str, documents: int, per_document: int) -> list[T]:
        """Partners of the item ``key`` (its IRI) from other documents (see the class)."""
        n = len(self._documents)
        if n == 0:
            return []
        start = sum(key.encode("utf-8")) % n if n > documents + 1 else 0
        out: list[T] = []
        taken = 0
        for i in range(n):
            doc = self._documents[(start + i) % n]
            if doc == own_document:
                continue
            out += best_partners(text, self._items[doc][:self.WINDOW], self._text, per_document, self._group)
            taken += 1
            if taken >= documents:
                break
        return out
