"""Abbreviation definitions "long form (SHORT)" and "SHORT (long form)".

The long form is found with the Schwartz & Hearst (2003) algorithm: the
shortest run of preceding words whose letters cover the short form's, in
order, the first at a word start. Pure functions on text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["AbbreviationPair", "find_abbreviation_pairs", "best_long_form", "is_short_form"]

_PAREN = re.compile(r"\(([^()\n]{1,80})\)")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class AbbreviationPair:
    """A definition found in text; offsets are character offsets."""

    short: str
    short_start: int
    short_end: int
    long: str
    long_start: int
    long_end: int


def is_short_form(text: str) -> bool:
    """A plausible abbreviation: one word, 2-10 characters, a capital letter, not a number.

    Examples
    --------
    >>> is_short_form("PTSD"), is_short_form("2019"), is_short_form("see below")
    (True, False, False)
    """
    return (
        2 <= len(text) <= 10
        and " " not in text
        and text[0].isalnum()
        and any(c.isupper() for c in text)
        and sum(c.isalpha() for c in text) >= 2
        and not re.fullmatch(r"[A-Z][a-z]+", text)  # an ordinary capitalized word
    )


def best_long_form(short: str, candidate: str) -> str | None:
    """The shortest suffix of ``candidate`` that defines ``short`` (Schwartz & Hearst).

    Examples
    --------
    >>> best_long_form("CRPS", "such as chronic regional pain syndrome")
    'chronic regional pain syndrome'
    >>> best_long_form("NMDA", "by blocking the N-methyl-D-aspartate")
    'N-methyl-D-aspartate'
    """
    s_index = len(short) - 1
    l_index = len(candidate) - 1
    while s_index >= 0:
        char = short[s_index].lower()
        if not char.isalnum():
            s_index -= 1
            continue
        while l_index >= 0 and (
            candidate[l_index].lower() != char
            or (s_index == 0 and l_index > 0 and candidate[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = candidate.rfind(" ", 0, l_index + 1) + 1
    long_form = candidate[start:].strip()
    words = long_form.split()
    if not words or len(words) > min(len(short) + 5, len(short) * 2) or long_form.lower() == short.lower():
        return None
    return long_form


def _words_before(text: str, end: int, limit: int) -> tuple[int, str]:
    """Start offset and text of up to ``limit`` words before ``end``, within the sentence."""
    found = ((text.rfind(mark, 0, end), mark) for mark in ("\n", ". ", "; ", ": ", "("))
    line_start = max([at + len(mark) for at, mark in found if at >= 0] + [0])
    words = list(_WORD.finditer(text, line_start, end))[-limit:]
    if not words:
        return end, ""
    start = words[0].start()
    return start, text[start:end].rstrip()


def find_abbreviation_pairs(text: str) -> list[AbbreviationPair]:
    """All definitions in ``text``, in order.

    Examples
    --------
    >>> [(p.short, p.long) for p in find_abbreviation_pairs("posttraumatic stress disorder (PTSD) and OCD")]
    [('PTSD', 'posttraumatic stress disorder')]
    """
    pairs: list[AbbreviationPair] = []
    for match in _PAREN.finditer(text):
        inner = match.group(1).strip()
        inner_start = match.start(1) + (len(match.group(1)) - len(match.group(1).lstrip()))
        if is_short_form(inner):
            start, candidate = _words_before(text, match.start(), min(len(inner) + 5, len(inner) * 2))
            long_form = best_long_form(inner, candidate) if candidate else None
            if long_form:
                long_start = start + candidate.rfind(long_form)
                pairs.append(AbbreviationPair(inner, inner_start, inner_start + len(inner),
                                              long_form, long_start, long_start + len(long_form)))
            continue
        # "SHORT (long form)": the word before the parenthesis is the short form
        before = re.search(r"(\S+)\s*$", text[: match.start()])
        if before and is_short_form(before.group(1)) and len(inner.split()) > 1:
            short = before.group(1)
            long_form = best_long_form(short, inner)
            if long_form == inner:
                pairs.append(AbbreviationPair(short, before.start(1), before.end(1),
                                              inner, inner_start, inner_start + len(inner)))
    return pairs
