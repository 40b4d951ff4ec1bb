"""Per-``Doc`` values that spaCy rebuilds on every access, computed once per ``Doc``.

``doc.text`` joins the text of every token and ``doc.noun_chunks`` walks the
whole parse each time they are read, and ``doc[i].lower_`` makes a new
``Token`` and looks its string up; kgraph's components read such values many
times per page (once per sentence, cue or candidate). :func:`cached` keeps
them in a weak mapping keyed by the ``Doc``, so they go with it. They are
read only once the base model has run: kgraph's components never change the
text, the parse or the lemmas, so a value stays true for the ``Doc``'s
lifetime.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from typing import TypeVar
from weakref import WeakKeyDictionary

from spacy.tokens import Doc

__all__ = ["TokenColumns", "cached", "noun_chunk_bounds", "page_text", "token_columns"]

T = TypeVar("T")

_VALUES: WeakKeyDictionary[Doc, dict[Callable, object]] = WeakKeyDictionary()


def cached(doc: Doc, compute: Callable[[Doc], T]) -> T:
    """``compute(doc)``, computed on the first call for this ``Doc`` and remembered with it.

    ``compute`` names the value, so it must be a module-level function (not a
    lambda made anew on each call).
    """
    values = _VALUES.get(doc)
    if values is None:
        values = _VALUES[doc] = {}
    if compute not in values:
        values[compute] = compute(doc)
    return values[compute]  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class TokenColumns:
    """Token attributes of a ``Doc``, one tuple per attribute in token order: ``lower[i]`` is ``doc[i].lower_``.

    For loops over every token of a sentence: indexing a tuple makes no ``Token``.
    """

    text: tuple[str, ...]
    lower: tuple[str, ...]
    whitespace: tuple[str, ...]
    lemma: tuple[str, ...]
    pos: tuple[str, ...]
    dep: tuple[str, ...]
    is_space: tuple[bool, ...]


def _columns(doc: Doc) -> TokenColumns:
    rows = [(t.text, t.lower_, t.whitespace_, t.lemma_, t.pos_, t.dep_, t.is_space) for t in doc]
    if not rows:
        return TokenColumns((), (), (), (), (), (), ())
    return TokenColumns(*(tuple(column) for column in zip(*rows)))


def _text(doc: Doc) -> str:
    tokens = token_columns(doc)
    return "".join(chain.from_iterable(zip(tokens.text, tokens.whitespace)))  # = doc.text, from the columns


def _noun_chunk_bounds(doc: Doc) -> tuple[tuple[int, int, int], ...]:
    return tuple((chunk.start, chunk.end, chunk.root.i) for chunk in doc.noun_chunks)


def token_columns(doc: Doc) -> TokenColumns:
    """The :class:`TokenColumns` of ``doc``, read once per ``Doc``."""
    return cached(doc, _columns)


def page_text(doc: Doc) -> str:
    """``doc.text``, built once per ``Doc``."""
    return cached(doc, _text)


def noun_chunk_bounds(doc: Doc) -> tuple[tuple[int, int, int], ...]:
    """``(start, end, root index)`` of each of ``doc.noun_chunks``, in order, found once per ``Doc``."""
    return cached(doc, _noun_chunk_bounds)
