"""Matching cue phrases and claim terms on lemmas: a small, dependency-free phrase index.

spaCy's ``Matcher`` matches one attribute per token, but a cue such as
"is thought to" must match "is thought to", "was thought to" and "are
thought to", and "pathway" must match "pathways". Here a phrase word matches
a token when it equals the token's lower-case text or its lower-case lemma;
all-capital words ("ED", "CNS") match the exact text only; ``*`` is a gap of
up to three tokens. Quotation marks inside a phrase are passed over: pages
put words in scare quotes ('ketamine "resets" the brain', '"booster"
infusions').
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Generic, TypeVar
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Span, Token

from kgraph.pipeline.doc_cache import cached, token_columns

__all__ = ["PhraseIndex", "PhraseMatch", "GAP", "token_keys"]

P = TypeVar("P")
GAP = "*"
GAP_WIDTH = 3
QUOTE_MARKS = frozenset({'"', "“", "”", "'", "‘", "’", "«", "»"})  # skipped inside a phrase: scare quotes


@dataclass(frozen=True, slots=True)
class PhraseMatch(Generic[P]):
    """Tokens ``start:end`` of a doc matched ``phrase``; ``payloads`` are every entry for that phrase."""

    start: int
    end: int
    phrase: str
    payloads: tuple[P, ...]


def token_keys(token: Token) -> tuple[str, str, str]:
    """(exact text, lower-case text, lower-case lemma) of a token, with typographic apostrophes plain."""
    return _keys(token.text, token.lemma_)


def _keys(text: str, lemma: str) -> tuple[str, str, str]:
    text = text.replace("’", "'")
    lemma = (lemma or text).replace("’", "'").lower()
    # spaCy lemmatizes "n't" as "not" but leaves the typographic "n’t" as it is
    return text, text.lower(), "not" if lemma == "n't" else lemma


class _Node:
    """A node of the phrase trie: the words that may follow, and the phrase that ends here, if any."""

    __slots__ = ("entry", "next")

    def __init__(self) -> None:
        self.next: dict[str, _Node] = {}
        self.entry: tuple[str, tuple] | None = None  # (phrase, payloads)


class PhraseIndex(Generic[P]):
    """Phrases (tokenized like page text) with payloads, matched leftmost-longest.

    The phrases are kept as a trie of their words, so a token only tries the
    phrases whose first words it and the tokens after it match; in a Doc, the
    tokens where a phrase may start are looked up once per Doc.

    Parameters
    ----------
    entries
        ``(phrase, payload)`` pairs; one phrase may carry several payloads.
    tokenize
        ``nlp.make_doc`` or any callable giving the tokens of a phrase.
    """

    def __init__(self, entries: Iterable[tuple[str, P]], tokenize: Callable[[str], Doc]) -> None:
        grouped: dict[tuple[str, ...], list[P]] = {}
        names: dict[tuple[str, ...], str] = {}
        for phrase, payload in entries:
            words = tuple(_word(t.text) for t in tokenize(phrase) if not t.is_space)
            if not words or words[0] == GAP:
                continue
            grouped.setdefault(words, []).append(payload)
            names.setdefault(words, phrase)
        self._root = _Node()
        for words, payloads in grouped.items():
            node = self._root
            for word in words:
                node = node.next.setdefault(word, _Node())
            node.entry = (names[words], tuple(payloads))
        self._size = len(grouped)
        self._starts_by_doc: WeakKeyDictionary[Doc, tuple[list[int], list[tuple[int, str, _Node]]]] = \
            WeakKeyDictionary()

    def __len__(self) -> int:
        return self._size

    def find_all(self, tokens: Sequence[Token]) -> list[PhraseMatch[P]]:
        """Every match over ``tokens`` (a Doc or Span), overlapping ones included, sorted."""
        if isinstance(tokens, (Doc, Span)):
            doc, offset = (tokens, 0) if isinstance(tokens, Doc) else (tokens.doc, tokens.start)
            positions, firsts = self._doc_starts(doc)
            begin, end = bisect_left(positions, offset), bisect_left(positions, offset + len(tokens))
            if begin == end:
                return []
            keys = cached(doc, _doc_words).keys[offset : offset + len(tokens)]
            starts = [(i - offset, word, node) for i, word, node in firsts[begin:end]]
        else:
            keys = [token_keys(t) for t in tokens]
            offset = tokens[0].i if len(tokens) else 0
            starts = [(i, word, self._root.next[word]) for i, key in enumerate(keys)
                      for word in dict.fromkeys(key) if word in self._root.next]
        found: list[PhraseMatch[P]] = []
        for i, word, node in starts:  # a token with two first words (its text and its lemma) starts two walks
            if _equal(word, keys[i]):
                ends: dict[_Node, int] = {}
                _walk(node, keys, i + 1, ends)
                found += [PhraseMatch(offset + i, offset + end, *after.entry) for after, end in ends.items()]
        return sorted(found, key=lambda m: (m.start, -m.end, m.phrase))

    def _doc_starts(self, doc: Doc) -> tuple[list[int], list[tuple[int, str, _Node]]]:
        """Where phrases may start in ``doc``, found once per Doc: ``(token, word, node)`` for each word of a
        token that begins a phrase (``node``: the trie node after it), by token; and the tokens alone."""
        starts = self._starts_by_doc.get(doc)
        if starts is None:
            positions = cached(doc, _doc_words).positions
            firsts = sorted(((i, word, node) for word, node in self._root.next.items()
                             for i in positions.get(word, ())), key=itemgetter(0))
            starts = self._starts_by_doc[doc] = ([i for i, _, _ in firsts], firsts)
        return starts

    def find(self, tokens: Sequence[Token]) -> list[PhraseMatch[P]]:
        """Non-overlapping matches, leftmost-longest first."""
        chosen: list[PhraseMatch[P]] = []
        for match in sorted(self.find_all(tokens), key=lambda m: (m.start, -(m.end - m.start))):
            if not chosen or match.start >= chosen[-1].end:
                chosen.append(match)
        return chosen


def _walk(node: _Node, keys: list[tuple[str, str, str]], i: int, ends: dict[_Node, int]) -> None:
    """Match the phrases below ``node`` from token ``i`` on, keeping in ``ends`` the end of each phrase found.

    Gaps try as few tokens as they can first, so the end kept for a phrase (the
    first one found) is the one a word-by-word match of that phrase would give.
    """
    if node.entry is not None and node not in ends:
        ends[node] = i
    following = node.next
    gap = following.get(GAP)
    if gap is not None:
        for skip in range(GAP_WIDTH + 1):
            _walk(gap, keys, i + skip, ends)
    if i < len(keys):
        key = keys[i]
        for k, word in enumerate(key):  # exact text, lower case, lemma
            after = following.get(word)
            if after is not None and word != GAP and word not in key[:k] and _equal(word, key):
                _walk(after, keys, i + 1, ends)
        if key[0] in QUOTE_MARKS and key[0] not in following:  # 'return for "booster" infusions'
            _walk(node, keys, i + 1, ends)


@dataclass(frozen=True)
class _DocWords:
    """The :func:`token_keys` of every token of a Doc, and the tokens each of their words belongs to."""

    keys: list[tuple[str, str, str]]
    positions: dict[str, list[int]]  # exact text, lower case or lemma -> indices of the tokens with it, in order


def _doc_words(doc: Doc) -> _DocWords:
    tokens = token_columns(doc)
    keys = [_keys(text, lemma) for text, lemma in zip(tokens.text, tokens.lemma)]
    positions: dict[str, list[int]] = {}
    for i, (exact, lower, lemma) in enumerate(keys):
        positions.setdefault(exact, []).append(i)
        if lower != exact:
            positions.setdefault(lower, []).append(i)
        if lemma != lower and lemma != exact:
            positions.setdefault(lemma, []).append(i)
    return _DocWords(keys, positions)


def _word(text: str) -> str:
    text = text.replace("’", "'")
    return text if (text.isupper() and len(text) > 1) or text == GAP else text.lower()


def _equal(word: str, key: tuple[str, str, str]) -> bool:
    if word.isupper() and len(word) > 1:
        return word == key[0]
    return word == key[1] or word == key[2]
