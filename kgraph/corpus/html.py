"""Main text and title of an HTML page, with trafilatura.

Menus, comments, cookie banners and other boilerplate are dropped by
trafilatura; the result is plain text (entities resolved, no markup), one
paragraph per line, the page title first. A page with no text outside
scripts and navigation yields a :class:`~kgraph.corpus.decoding.Rejected`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import lxml.etree
import trafilatura

from kgraph.corpus.decoding import Rejected

__all__ = ["HtmlPage", "declared_charset", "drop_never_rendered", "extract_html", "NO_MAIN_TEXT"]

NO_MAIN_TEXT = "HTML has no main text (scripts/navigation only)"

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{1,40})""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Elements whose text is never page content.
_NOT_CONTENT = frozenset(
    "script style noscript template iframe object embed svg canvas head nav header footer aside "
    "form button select option menu".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_BLOCK = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article main blockquote pre dd dt".split()
)
_NON_CONTENT_ROLES = frozenset({"navigation", "banner", "contentinfo", "menu", "menubar", "search"})
# Never shown by a browser, yet trafilatura's fallbacks can return their content as page text:
# <iframe>, <noembed>, <noframes> hold raw text up to their end tag, <template> inert markup.
_NEVER_RENDERED = re.compile(r"<(iframe|noembed|noframes|template)\b", re.IGNORECASE)
_RAW_TEXT_END = {name: re.compile(rf"</{name}\b[^>]*>", re.IGNORECASE) for name in ("iframe", "noembed", "noframes")}
_TEMPLATE_TAG = re.compile(r"<(/?)template\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """Text extracted from an HTML page.

    Attributes
    ----------
    text
        Plain text, the title on the first line, one paragraph per line.
    title
        The page title (trafilatura metadata, else ``<title>``), or ``None``.
    notes
        Degradations (a fallback extraction), empty normally.
    """

    text: str
    title: str | None
    notes: tuple[str, ...] = ()


def declared_charset(raw: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag within its first 4 KiB.

    Examples
    --------
    >>> declared_charset(b'<html><head><meta charset="windows-1252">')
    'windows-1252'
    """
    found = _META_CHARSET.search(raw[:4096])
    return found.group(1).decode("ascii") if found else None


class _ContentText(HTMLParser):
    """Event-based text collector: any nesting depth, no recursion, no tree."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its text)
        self.hidden = 0
        self.links = 0  # link text is kept, but a page of links alone has no main text
        self.has_content = False
        self.lines: list[str] = [""]
        self.title_parts: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.lines.append("")
        if tag == "title":
            self.in_title = not self.title_parts  # the first <title> only (not an <svg>'s)
        if tag in _VOID:
            return
        self.links += tag == "a"
        hides = tag in _NOT_CONTENT or any(k == "role" and v in _NON_CONTENT_ROLES for k, v in attrs)
        self.stack.append((tag, hides))
        self.hidden += hides

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self.lines.append("")
        if all(open_tag != tag for open_tag, _ in self.stack):
            return  # a stray end tag closes nothing
        while self.stack:
            open_tag, hides = self.stack.pop()
            self.hidden -= hides
            self.links -= open_tag == "a"
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif not self.hidden:
            self.lines[-1] += data
            self.has_content = self.has_content or (not self.links and any(c.isalnum() for c in data))

    def result(self) -> tuple[str | None, str | None]:
        lines = (" ".join(line.split()) for line in self.lines)
        title = " ".join("".join(self.title_parts).split()) or None
        text = "\n".join(line for line in lines if line)
        return (text if self.has_content else None), title


def _element_end(html: str, name: str, start: int) -> int:
    """Where the never-rendered element opened at ``start`` ends (the page's end when it is not closed)."""
    if name != "template":
        found = _RAW_TEXT_END[name].search(html, start)
        return found.end() if found else len(html)
    depth = 0
    for tag in _TEMPLATE_TAG.finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return len(html)


def drop_never_rendered(html: str) -> str:
    """``html`` without the ``<iframe>``, ``<noembed>``, ``<noframes>`` and ``<template>`` elements.

    One pass, linear in the page: text a visitor never sees cannot become a claim.

    Examples
    --------
    >>> drop_never_rendered("<p>Seen</p><iframe>Unseen</iframe><template><p>Inert</p></template><p>Seen</p>")
    '<p>Seen</p> <p>Seen</p>'
    """
    parts: list[str] = []
    position = 0
    for found in _NEVER_RENDERED.finditer(html):
        if found.start() < position:
            continue  # inside an element already dropped
        parts.append(html[position : found.start()])
        position = _element_end(html, found.group(1).lower(), found.start())
        if parts[-1] and not parts[-1].endswith(" "):
            parts.append(" ")
        if position >= len(html):
            break
    parts.append(html[position:])
    return "".join(parts)


def _content_text(html: str) -> tuple[str | None, str | None]:
    """Visible non-navigation text (``None`` when there is none outside links) and ``<title>``."""
    parser = _ContentText()
    parser.feed(html)
    parser.close()
    return parser.result()


def _too_deep_for_lxml(html: str) -> bool:
    """Whether libxml2 gives up on the page's nesting depth (it then returns a truncated tree)."""
    parser = lxml.etree.HTMLParser(recover=True)
    try:
        lxml.etree.fromstring(_XML_DECLARATION.sub("", html, count=1), parser)
    except (lxml.etree.LxmlError, ValueError):
        return False
    return any("depth" in entry.message.lower() for entry in parser.error_log)


def _with_title(body: str, title: str | None) -> str:
    first_line = body.split("\n", 1)[0].strip()
    if not title or first_line == title:
        return body
    return f"{title}\n{body}"


def extract_html(html: str) -> HtmlPage | Rejected:
    """Main text and title of a decoded HTML page.

    Parameters
    ----------
    html
        The page source as text.

    Returns
    -------
    HtmlPage | Rejected
        The extracted page, or :data:`NO_MAIN_TEXT` when only scripts and navigation hold text.
        A page nested too deeply for the HTML parser is read by a simple fallback (a note says so).
        Text in ``<iframe>``, ``<noembed>``, ``<noframes>`` and ``<template>`` is never page text.
    """
    html = drop_never_rendered(html)
    try:
        content, plain_title = _content_text(html)
    except Exception:  # noqa: BLE001 - html.parser gives up on some malformed markup; trafilatura decides alone
        content, plain_title = "", None
    if content is None:
        return Rejected(NO_MAIN_TEXT)
    if _too_deep_for_lxml(html):
        if not content:
            return Rejected("HTML nested too deeply to parse (more than 255 levels)")
        note = "HTML nested too deeply for the HTML parser; text extracted without boilerplate removal"
        return HtmlPage(_with_title(content, plain_title), plain_title, (note,))
    if "html" not in html[:50].lower():
        # trafilatura rejects a fragment unless "html" opens the page; say it does.
        html = f"<html><body>{html}</body></html>"
    try:
        extracted = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True, include_links=False
        )
    except Exception as error:  # noqa: BLE001 - third-party parser on arbitrary input must not stop a run
        return Rejected(f"HTML could not be parsed ({type(error).__name__}: {error})".splitlines()[0])
    body = (extracted.text or "").strip() if extracted is not None else ""
    if not any(char.isalnum() for char in body):
        return Rejected(NO_MAIN_TEXT)
    title = " ".join((extracted.title or "").split()) or plain_title
    return HtmlPage(_with_title(body, title), title)
