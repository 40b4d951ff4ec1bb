"""Links that open a page scrolled to a quote: URL text fragments (``#:~:text=``).

Follows the WICG/WHATWG Text Fragments specification
(https://wicg.github.io/scroll-to-text-fragment/): the directive is
``#:~:text=[prefix-,]textStart[,textEnd][,-suffix]``, appended after an
existing fragment if the URL has one. Every term is percent-encoded, and the
characters the directive syntax itself uses (``-``, ``,``, ``&``) are encoded
too, so a quote such as "50-100 million, yearly & more" cannot be misread as a
prefix, a range or a second directive.

A short quote becomes one ``text=`` term; a long one the range form
``textStart,textEnd`` with its first and last few words, which browsers match
as well and which keeps the URL short.

Examples
--------
>>> text_fragment_link("https://example.org/page", "Safe, Non-Addictive")
'https://example.org/page#:~:text=Safe%2C%20Non%2DAddictive'
"""

from __future__ import annotations

from urllib.parse import quote

__all__ = ["EDGE_WORDS", "MAX_EXACT_WORDS", "encode_term", "text_fragment", "text_fragment_link"]

MAX_EXACT_WORDS = 8  # quotes up to this many words are given whole
EDGE_WORDS = 4  # words of textStart and of textEnd for a longer quote


def encode_term(text: str) -> str:
    """Percent-encode one text-directive term (UTF-8; everything but letters, digits, ``.``, ``_``, ``~``).

    >>> encode_term("a-b, c & d")
    'a%2Db%2C%20c%20%26%20d'
    """
    # quote() leaves "-" alone (it is unreserved in URLs) but it is syntax in a text directive
    return quote(text, safe="").replace("-", "%2D")


def text_fragment(quote_text: str) -> str | None:
    """The directive value for ``quote_text`` (without ``#:~:text=``), or ``None`` for blank text.

    Whitespace runs become one space: browsers match against rendered text,
    where line breaks and repeated spaces collapse.
    """
    words = quote_text.split()
    if not words:
        return None
    if len(words) <= MAX_EXACT_WORDS:
        return encode_term(" ".join(words))
    start = " ".join(words[:EDGE_WORDS])
    end = " ".join(words[-EDGE_WORDS:])
    return f"{encode_term(start)},{encode_term(end)}"


def text_fragment_link(url: str | None, quote_text: str) -> str | None:
    """``url`` with a text fragment that jumps to ``quote_text``; ``None`` without a URL or a quote.

    Parameters
    ----------
    url
        The page's address (``kg:sourceUrl``); only ``http`` and ``https``
        addresses get a link. An existing ``#fragment`` is
        kept and the directive follows it (``#section:~:text=...``).
    quote_text
        The exact page text to highlight.
    """
    if not url or not url.lower().startswith(("http://", "https://")):
        return None  # a link is only offered to web pages (never "javascript:" or a local path)
    directive = text_fragment(quote_text)
    if directive is None:
        return None
    separator = ":~:text=" if "#" in url else "#:~:text="
    return f"{url}{separator}{directive}"
