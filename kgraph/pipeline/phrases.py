"""Matching cue phrases and claim terms on lemmas: a small, dependency-free phrase index.

spaCy's ``Matcher`` matches one attribute per token, but a cue such as
"is thought to" must match "is thought to", "was thought to" and "are
thought to", and "pathway" must match "pathways". Here a phrase word matches
a token when it equals the token's lower-case text or its lower-case lemma;
all-capital words ("ED", "CNS") match the exact text only; ``*`` is a gap of
up to three tokens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from spacy.tokens import Doc, Token

__all__ = ["PhraseIndex", "PhraseMatch", "GAP", "token_keys"]

P = TypeVar("P")
GAP = "*"
GAP_WIDTH = 3


@dataclass(frozen=True, slots=True)
class PhraseMatch(Generic[P]):
    """Tokens ``start:end`` of a doc matched ``phrase``; ``payloads`` are every entry for that phrase."""

    start: int
    end: int
    phrase: str
    payloads: tuple[P, ...]


def token_keys(token: Token) -> tuple[str, str, str]:
    """(exact text, lower-case text, lower-case lemma) of a token, with typographic apostrophes plain."""
    text = token.text.replace("’", "'")
    return text, text.lower(), (token.lemma_ or text).replace("’", "'").lower()


class PhraseIndex(Generic[P]):
    """Phrases (tokenized like page text) with payloads, matched leftmost-longest.

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
        self._by_first: dict[str, list[tuple[tuple[str, ...], str, tuple[P, ...]]]] = {}
        for words, payloads in grouped.items():
            self._by_first.setdefault(words[0], []).append((words, names[words], tuple(payloads)))
        for options in self._by_first.values():
            options.sort(key=lambda item: (-len(item[0]), item[0]))

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_first.values())

    def find_all(self, tokens: Sequence[Token]) -> list[PhraseMatch[P]]:
        """Every match over ``tokens`` (a Doc or Span), overlapping ones included, sorted."""
        keys = [token_keys(t) for t in tokens]
        offset = tokens[0].i if len(tokens) else 0
        found: list[PhraseMatch[P]] = []
        for i, key in enumerate(keys):
            options = self._by_first.get(key[0], []) + self._by_first.get(key[1], [])
            if key[2] != key[1]:
                options += self._by_first.get(key[2], [])
            for words, phrase, payloads in options:
                end = _match_at(words, keys, i)
                if end is not None:
                    found.append(PhraseMatch(offset + i, offset + end, phrase, payloads))
        return sorted(set(found), key=lambda m: (m.start, -m.end, m.phrase))

    def find(self, tokens: Sequence[Token]) -> list[PhraseMatch[P]]:
        """Non-overlapping matches, leftmost-longest first."""
        chosen: list[PhraseMatch[P]] = []
        for match in sorted(self.find_all(tokens), key=lambda m: (m.start, -(m.end - m.start))):
            if not chosen or match.start >= chosen[-1].end:
                chosen.append(match)
        return chosen


def _word(text: str) -> str:
    text = text.replace("’", "'")
    return text if (text.isupper() and len(text) > 1) or text == GAP else text.lower()


def _equal(word: str, key: tuple[str, str, str]) -> bool:
    if word.isupper() and len(word) > 1:
        return word == key[0]
    return word == key[1] or word == key[2]


def _match_at(words: tuple[str, ...], keys: list[tuple[str, str, str]], i: int) -> int | None:
    """End index of ``words`` matched from token ``i``, or None; a gap takes as few tokens as it can."""
    if not words:
        return i
    word = words[0]
    if word == GAP:
        for skip in range(GAP_WIDTH + 1):
            end = _match_at(words[1:], keys, i + skip)
            if end is not None:
                return end
        return None
    if i < len(keys) and _equal(word, keys[i]):
        return _match_at(words[1:], keys, i + 1)
    return None
