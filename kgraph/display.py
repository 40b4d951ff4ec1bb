"""Showing untrusted names to people: the same escaping on the terminal, in HTML and in Markdown."""

from __future__ import annotations

__all__ = ["visible"]


def visible(text: object) -> str:
    r"""Control, format and bidi characters as escapes, so a name cannot rewrite a terminal or reverse what is read.

    Examples
    --------
    >>> visible("rtl\u202etxt.exe.txt"), visible("esc\x1b[2J.txt"), visible("café.txt")
    ('rtl\\u202etxt.exe.txt', 'esc\\x1b[2J.txt', 'café.txt')
    """
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(text))
