"""Reference lists and in-text citations of a page, parsed from plain text.

A pure module: strings in, sorted dataclasses out, no spaCy. Entry shapes (APA,
Harvard, Vancouver/AMA, numbered), author shapes, heading words and citation
shapes live in ``patterns/references.json``; the regexes there share named
fragments (``{name}``, ``{year}``, ...) that :func:`load_reference_rules` expands.

A reference entry is one line, or, under a heading such as "References", a
paragraph of up to ``max_entry_lines`` wrapped lines. A line anywhere counts as
an entry when it has authors, a year, a title and a venue, DOI or URL; under a
heading the venue may be missing. Citations and entries share a ``key``: the
folded first-author surname and the year (``"zheng 2019"``).

A work cited without authors ("A 2017 consensus statement …, published in …")
is a citation too when its description names it: the words left after the
generic ones ("study", "randomized") must all be in its entry's title.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kgraph.pipeline.rule_files import read_rule_file

__all__ = ["InTextCitation", "ReferenceEntry", "ReferenceRules", "entry_fields_differ", "find_described_works",
           "find_in_text_citations", "find_reference_entries", "link_citations", "load_reference_rules", "title_names"]

PATTERN_FILE = Path(__file__).with_name("patterns") / "references.json"
_FIELD_NAMES = ("title", "venue", "volume", "issue", "pages", "doi", "url")
_BREAKS = str.maketrans({c: " " for c in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})
_QUOTES = "\"'“”‘’"


@dataclass(frozen=True, slots=True)
class ReferenceEntry:
    """One entry of a reference list; ``start``/``end`` cover the whole entry (end exclusive)."""

    start: int
    end: int
    authors: tuple[str, ...]
    et_al: bool
    year: str | None
    title: str | None
    venue: str | None
    volume: str | None
    issue: str | None
    pages: str | None
    doi: str | None
    url: str | None
    key: str


@dataclass(frozen=True, slots=True)
class InTextCitation:
    """A citation in the running text: ``Zheng et al., 2019``, ``Zheng et al. (2019)``, or a described work.

    A described work (``A 2017 consensus statement``) has no authors and no key;
    ``described_as`` holds the words that name it (``"consensus statement"``).
    """

    start: int
    end: int
    authors: tuple[str, ...]
    et_al: bool
    year: str
    key: str
    described_as: str = ""


@dataclass(frozen=True)
class ReferenceRules:
    """The compiled rules of ``patterns/references.json``."""

    heading_line: re.Pattern[str]
    entry_prefix: re.Pattern[str]
    apa_head: re.Pattern[str]
    harvard_head: re.Pattern[str]
    vancouver_head: re.Pattern[str]
    inverted_author: re.Pattern[str]
    vancouver_author: re.Pattern[str]
    organization_author: re.Pattern[str]
    author_separator: re.Pattern[str]
    et_al: re.Pattern[str]
    title_end: re.Pattern[str]
    doi: re.Pattern[str]
    url: re.Pattern[str]
    url_cue: re.Pattern[str]
    citation_group: re.Pattern[str]
    citation_prefix: re.Pattern[str]
    citation: re.Pattern[str]
    narrative_citation: re.Pattern[str]
    described_work: re.Pattern[str]
    generic_work_words: frozenset[str]
    venue_shapes: tuple[re.Pattern[str], ...]
    not_names: frozenset[str]
    max_entry_lines: int
    max_entry_chars: int


_PATTERNS = tuple(name for name, kind in ReferenceRules.__annotations__.items() if kind == "re.Pattern[str]")
# the JSON keys: one per field, plus the word lists that become regex fragments
RULE_KEYS = {*ReferenceRules.__annotations__, "fragments", "surname_particles", "organization_words", "headings",
             "work_nouns"}


@cache
def load_reference_rules(path: Path = PATTERN_FILE) -> ReferenceRules:
    """Load, expand and compile the reference rules, rejecting unknown or missing keys.

    Raises
    ------
    PipelineError
        When the file is unreadable or its keys differ from ``RULE_KEYS``.
    """
    data = read_rule_file(path, RULE_KEYS)
    fragments = {
        "particles": "|".join(map(re.escape, data["surname_particles"])),
        "organization_words": "|".join(map(re.escape, data["organization_words"])),
        "headings": "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in data["headings"]),
        "work_nouns": "|".join(map(re.escape, data["work_nouns"])),
    }
    for name, pattern in data["fragments"].items():
        fragments[name] = _expand(pattern, fragments)
    return ReferenceRules(
        **{k: re.compile(_expand(data[k], fragments)) for k in _PATTERNS},
        venue_shapes=tuple(re.compile(_expand(p, fragments)) for p in data["venue_shapes"]),
        not_names=frozenset(data["not_names"]),
        generic_work_words=frozenset(w.lower() for w in data["generic_work_words"]),
        max_entry_lines=int(data["max_entry_lines"]),
        max_entry_chars=int(data["max_entry_chars"]),
    )


def _expand(pattern: str, fragments: dict[str, str]) -> str:
    """Replace ``{fragment}`` names (never regex counts such as ``{1,3}``) by their regexes."""
    return re.sub(r"\{([a-z_]+)\}", lambda m: fragments.get(m[1], m[0]), pattern)


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'").lower()


def _without_et_al(authors: str, rules: ReferenceRules) -> tuple[str, bool]:
    et_al = rules.et_al.search(authors)
    return (authors[: et_al.start()], True) if et_al else (authors, False)


def _key(first_author: str, year: str | None) -> str:
    """``"zheng 2019"``: folded surname and year (suffix letter kept; ``n.d.`` when undated)."""
    year = "n.d." if year is None or year.lower().startswith("n") else year.lower()
    return f"{_fold(first_author)} {year}"


# ------------------------------------------------------------------ reference entries


def _authors(raw: str, rules: ReferenceRules) -> tuple[tuple[str, ...], bool, str] | None:
    """Surnames, et al. and shape (``inverted``, ``vancouver``, ``organization``) of an author list."""
    text, et_al = _without_et_al(raw.strip().rstrip(".,;: ").strip(), rules)
    for shape in ("inverted", "vancouver"):
        unit = rules.inverted_author if shape == "inverted" else rules.vancouver_author
        names: list[str] = []
        pos = 0
        while (m := unit.match(text, pos)) is not None:
            names.append(m["surname"])
            sep = rules.author_separator.match(text, m.end())
            if m.end() == len(text) or sep is None:
                pos = m.end()
                break
            pos = sep.end()
        if names and pos == len(text):
            return tuple(names), et_al, shape
    if not et_al and rules.organization_author.fullmatch(text) and text.split()[0] not in rules.not_names:
        return (text,), False, "organization"
    return None


def _title_and_venue(rest: str, rules: ReferenceRules) -> dict[str, str | None]:
    """Title, venue, volume, issue, pages, DOI and URL of what follows the author-year head."""
    fields: dict[str, str | None] = dict.fromkeys(_FIELD_NAMES)
    cut = len(rest)
    if url := rules.url.search(rest):
        fields["url"], cut = url[0], url.start()
    if doi := rules.doi.search(rest):
        fields["doi"], cut = doi["doi"], min(cut, doi.start())
    main = rules.url_cue.sub("", rest[:cut]).strip().rstrip(".,;: ").strip()
    end = rules.title_end.search(main)
    title, tail = (main[: end.end()], main[end.end() :].strip()) if end else (main, "")
    fields["title"] = title.strip().strip(_QUOTES).rstrip(".").strip() or None
    for shape in rules.venue_shapes if tail else ():
        if m := shape.fullmatch(tail):
            fields.update({k: v for k, v in m.groupdict().items() if v})
            fields["venue"] = m["venue"].strip().strip(_QUOTES).rstrip(".,").strip() or None
            break
    return fields


def _parse_entry(line: str, rules: ReferenceRules, lenient: bool) -> dict | None:
    """The fields of one entry (numbered or not), or ``None`` when ``line`` is not one."""
    prefix = rules.entry_prefix.match(line)
    body = line[prefix.end() :] if prefix else line
    candidates = []
    for head, shapes in ((rules.apa_head, ("inverted", "vancouver", "organization")), (rules.harvard_head, ("inverted",))):
        if (m := head.match(body)) and (parsed := _authors(m["authors"], rules)) and parsed[2] in shapes:
            if parsed[2] == "organization" and not m["authors"].rstrip().endswith("."):
                continue  # APA group authors end with a full stop; "Smith (2019) found" is prose
            candidates.append((parsed, m["year"], _title_and_venue(m["rest"], rules)))
            break
    if not candidates and (m := rules.vancouver_head.match(body)):
        parsed = _authors(m["authors"], rules)
        breaks = list(rules.title_end.finditer(m["body"]))
        if parsed and parsed[2] == "vancouver" and breaks:
            fields = _title_and_venue(m["rest"], rules)
            split = breaks[-1].end()
            fields["title"] = m["body"][:split].strip().strip(_QUOTES).rstrip(".").strip() or None
            fields["venue"] = m["body"][split:].strip() or None
            fields.update({k: m[k] for k in ("volume", "issue", "pages")})
            candidates.append((parsed, m["year"], fields))
    for (names, et_al, _), year, fields in candidates:
        if fields["title"] and (fields["venue"] or fields["doi"] or fields["url"] or lenient):
            undated = year.lower().startswith("n")
            return {"authors": names, "et_al": et_al, "year": None if undated else year, **fields}
    return None


def _line_spans(text: str) -> list[tuple[int, int] | None]:
    """(start, end) of each line trimmed of whitespace; ``None`` for blank lines."""
    spans: list[tuple[int, int] | None] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        start = offset + len(line) - len(line.lstrip())
        spans.append((start, start + len(line.strip())) if line.strip() else None)
        offset += len(line)
    return spans


def find_reference_entries(text: str, rules: ReferenceRules | None = None) -> list[ReferenceEntry]:
    """Parse the reference entries of a page, sorted by start.

    Examples
    --------
    >>> text = "References:\\nDuman, R. S., & Aghajanian, G. K. (2012). Synaptic plasticity. Nature Medicine, 18(9), 1386-1398."
    >>> [(e.authors, e.venue, e.pages, e.key) for e in find_reference_entries(text)]
    [(('Duman', 'Aghajanian'), 'Nature Medicine', '1386-1398', 'duman 2012')]
    """
    rules = rules or load_reference_rules()
    spans = _line_spans(text)

    def parse(start: int, end: int, lenient: bool) -> dict | None:
        if end - start > rules.max_entry_chars:
            return None
        return _parse_entry(text[start:end].translate(_BREAKS), rules, lenient)

    entries: list[ReferenceEntry] = []
    in_section = False
    i = 0
    while i < len(spans):
        if spans[i] is None:
            i += 1
            continue
        start, end = spans[i]
        if end - start <= rules.max_entry_chars and rules.heading_line.match(text[start:end]):
            in_section, i = True, i + 1
            continue
        found, last = parse(start, end, False), i
        alone = None if found or not in_section else parse(start, end, True)
        if in_section and not found and (alone is None or text[end - 1] not in ".?!"):
            # a visibly cut entry: join the next lines, stopping at a blank line, a heading or another entry
            for j in range(i + 1, min(i + rules.max_entry_lines, len(spans))):
                nxt = spans[j]
                if nxt is None or rules.heading_line.match(text[nxt[0] : nxt[1]]) or parse(*nxt, True):
                    break
                if found := parse(start, nxt[1], False):
                    last, end = j, nxt[1]
                    break
        found = found or alone
        if found is None:
            in_section, i = False, i + 1
            continue
        entries.append(ReferenceEntry(start, end, key=_key(found["authors"][0], found["year"]), **found))
        i = last + 1
    return sorted(entries, key=lambda e: (e.start, e.end))


# ------------------------------------------------------------------ in-text citations


def _citation(start: int, end: int, match: re.Match[str], rules: ReferenceRules) -> InTextCitation | None:
    text, et_al = _without_et_al(match["authors"], rules)
    names = tuple(n.strip() for n in rules.author_separator.split(text) if n.strip())
    if not names or names[0].split()[0] in rules.not_names:
        return None
    return InTextCitation(start, end, names, et_al, match["year"], _key(names[0], match["year"]))


def find_in_text_citations(text: str, rules: ReferenceRules | None = None,
                           entries: Sequence[ReferenceEntry] | None = None) -> list[InTextCitation]:
    """Author-year citations outside the reference list, sorted by start.

    Parenthetical ones (``(Zheng et al., 2019; Duman & Aghajanian, 2012)``) give one
    citation per ``;``-separated part; narrative ones cover ``Zheng et al. (2019)``.
    ``entries`` are the page's reference entries (:func:`find_reference_entries` of
    ``text``), when the caller has them already.

    Examples
    --------
    >>> [(c.authors, c.key) for c in find_in_text_citations("It works (Duman & Aghajanian, 2012).")]
    [(('Duman', 'Aghajanian'), 'duman 2012')]
    """
    rules = rules or load_reference_rules()
    if entries is None:
        entries = find_reference_entries(text, rules)
    taken = [(e.start, e.end) for e in entries]
    found: list[InTextCitation | None] = []
    for group in rules.citation_group.finditer(text):
        for part in re.finditer(r"[^;]+", group[1]):
            chunk = part[0].strip()
            begin = group.start(1) + part.start() + len(part[0]) - len(part[0].lstrip())
            prefix = rules.citation_prefix.match(chunk)
            skip = prefix.end() if prefix else 0
            if m := rules.citation.fullmatch(chunk, skip):
                found.append(_citation(begin + skip, begin + len(chunk), m, rules))
    for m in rules.narrative_citation.finditer(text):
        found.append(_citation(m.start(), m.end(), m, rules))
    kept = {c for c in found if c and not any(s < c.end and c.start < e for s, e in taken)}
    return sorted(kept, key=lambda c: (c.start, c.end))


def find_described_works(text: str, rules: ReferenceRules | None = None,
                         entries: Sequence[ReferenceEntry] | None = None) -> list[InTextCitation]:
    """Works cited by year and description, without authors, sorted by start.

    Only a description with words beyond the generic ones names a work: "A 2017
    consensus statement" does, "a 2014 randomized trial" does not.

    Examples
    --------
    >>> [(c.year, c.described_as) for c in find_described_works("A 2017 consensus statement from an APA task force")]
    [('2017', 'consensus statement')]
    >>> find_described_works("A 2014 randomized trial at Mount Sinai")
    []
    """
    rules = rules or load_reference_rules()
    if entries is None:
        entries = find_reference_entries(text, rules)
    taken = [(e.start, e.end) for e in entries]
    found = []
    for m in rules.described_work.finditer(text):
        words = [w for w in m["described"].lower().split() if w not in rules.generic_work_words]
        if words and not any(s < m.end() and m.start() < e for s, e in taken):
            found.append(InTextCitation(m.start(), m.end(), (), False, m["year"], "", " ".join(words)))
    return found


def title_names(described_as: str, title: str | None) -> bool:
    """Whether every word of a described work is a word of ``title`` (case and hyphens aside).

    Examples
    --------
    >>> title_names("consensus statement", "A consensus statement on the use of ketamine")
    True
    >>> title_names("consensus guidelines", "A consensus statement on the use of ketamine")
    False
    """
    if not described_as or not title:
        return False
    words = set(re.findall(r"[^\W_]+", _fold(title)))
    return all(w in words for w in re.findall(r"[^\W_]+", _fold(described_as)))


# ------------------------------------------------------------------ linking


def link_citations(citations: Sequence[InTextCitation], entries: Sequence[ReferenceEntry]) -> dict[int, int]:
    """Index of each citation -> index of the entry it cites; unlinked citations are absent.

    By key first; else by first-author surname when exactly one entry has it (the
    year may differ); else by author set (the citation's authors all among one
    entry's authors, in any order), preferring an entry of the same year. A
    described work links to the one entry of its year whose title names it.
    """
    by_key: dict[str, int] = {}
    by_first: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        by_key.setdefault(entry.key, i)
        by_first.setdefault(_fold(entry.authors[0]), []).append(i)
    links: dict[int, int] = {}
    for ci, citation in enumerate(citations):
        if not citation.authors:
            named_by = [i for i, e in enumerate(entries)
                        if e.year == citation.year and title_names(citation.described_as, e.title)]
            if len(named_by) == 1:
                links[ci] = named_by[0]
            continue
        first = by_first.get(_fold(citation.authors[0]), [])
        if citation.key in by_key:
            links[ci] = by_key[citation.key]
        elif len(first) == 1:
            links[ci] = first[0]
        else:
            named = {_fold(a) for a in citation.authors}
            pool = [i for i, e in enumerate(entries) if named <= {_fold(a) for a in e.authors}]
            dated = [i for i in pool if _key("", entries[i].year) == _key("", citation.year)]
            if len(dated) == 1 or len(pool) == 1:
                links[ci] = (dated or pool)[0]
    return links


def entry_fields_differ(citation: InTextCitation, entry: ReferenceEntry) -> list[str]:
    """Which of ``"year"``, ``"authors"`` differ between a citation and the entry it is linked to.

    ``"authors"`` when the citation's named authors are not the entry's first
    authors in order (so a two-author citation naming another second author differs).
    """
    differ = []
    if _key("", citation.year) != _key("", entry.year):
        differ.append("year")
    named = [_fold(a) for a in citation.authors]
    if named != [_fold(a) for a in entry.authors[: len(named)]]:
        differ.append("authors")
    return differ
