"""Page furniture in plain-text captures, found by rules kept as data.

Furniture ("Leave a Reply", "Skip to content", post dates, phone numbers) is
recognised and excluded from extraction, but never cut out of the text: the
result is a tuple of :class:`~kgraph.corpus.records.Furniture` spans into the
unchanged text. The rules live in ``furniture_rules.json`` beside this module.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from kgraph.corpus.records import Furniture
from kgraph.errors import CorpusError

__all__ = ["FurnitureRule", "load_furniture_rules", "find_furniture", "RULES_RESOURCE"]

RULES_RESOURCE = "furniture_rules.json"
_SCOPES = ("line", "match")
_RULE_KEYS = frozenset({"kind", "scope", "pattern", "ignore_case", "description"})
_FILE_KEYS = frozenset({"version", "description", "fragments", "rules"})
_FRAGMENT = re.compile(r"\{\{(\w+)\}\}")
_LINE = re.compile(r"[^\r\n]+")
# Furniture lines are short; longer lines are never tested by line rules (also bounds regex cost).
_MAX_LINE_CHARS = 600


@dataclass(frozen=True, slots=True)
class FurnitureRule:
    """One furniture rule.

    Attributes
    ----------
    kind
        Name of what the rule finds (``"leave-a-reply"``); becomes ``Furniture.kind``.
    scope
        ``"line"``: the pattern must match a whole line (surrounding whitespace
        ignored) and that line is furniture. ``"match"``: only the matched text is.
    pattern
        The compiled regular expression.
    description
        What the rule is for, with an example.
    """

    kind: str
    scope: str
    pattern: re.Pattern[str]
    description: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], fragments: Mapping[str, str] | None = None) -> FurnitureRule:
        """Build a rule from its JSON object, rejecting unknown keys and bad values.

        Examples
        --------
        >>> FurnitureRule.from_dict({"kind": "read-more", "scope": "line", "pattern": "read more"}).kind
        'read-more'
        """
        if not isinstance(data, Mapping):
            raise CorpusError(f"furniture rule must be a JSON object, got {data!r}; fix {RULES_RESOURCE}")
        unknown = sorted(set(data) - _RULE_KEYS)
        if unknown:
            raise CorpusError(
                f"furniture rule {data.get('kind')!r} has unknown key(s) {unknown}; "
                f"allowed keys are {sorted(_RULE_KEYS)}"
            )
        kind, scope, source = data.get("kind"), data.get("scope"), data.get("pattern")
        if not isinstance(kind, str) or not kind:
            raise CorpusError(f"furniture rule needs a non-empty string 'kind', got {kind!r}")
        if scope not in _SCOPES:
            raise CorpusError(f"furniture rule {kind!r}: scope {scope!r} is not one of {list(_SCOPES)}")
        if not isinstance(source, str) or not source:
            raise CorpusError(f"furniture rule {kind!r} needs a non-empty string 'pattern', got {source!r}")
        flags = re.IGNORECASE if data.get("ignore_case", False) else 0
        try:
            pattern = re.compile(_expand(source, fragments or {}), flags)
        except re.error as error:
            raise CorpusError(f"furniture rule {kind!r}: pattern does not compile ({error}); fix the regex") from None
        return cls(kind, scope, pattern, str(data.get("description", "")))


def _expand(source: str, fragments: Mapping[str, str], depth: int = 0) -> str:
    """Replace ``{{name}}`` by its fragment, fragments may use fragments."""
    if depth > 5:
        raise CorpusError(f"furniture fragments nest more than 5 deep in {source[:60]!r}; remove the cycle")

    def replace(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in fragments:
            raise CorpusError(f"unknown furniture fragment {{{{{name}}}}}; known: {sorted(fragments)}")
        return _expand(fragments[name], fragments, depth + 1)

    return _FRAGMENT.sub(replace, source)


def _rules_from_json(data: Any, origin: str) -> tuple[FurnitureRule, ...]:
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise CorpusError(f"{origin}: expected an object with a 'rules' list")
    unknown = sorted(set(data) - _FILE_KEYS)
    if unknown:
        raise CorpusError(f"{origin}: unknown top-level key(s) {unknown}; allowed: {sorted(_FILE_KEYS)}")
    fragments = data.get("fragments", {})
    if not isinstance(fragments, dict) or not all(isinstance(v, str) for v in fragments.values()):
        raise CorpusError(f"{origin}: 'fragments' must map names to regex strings")
    return tuple(FurnitureRule.from_dict(rule, fragments) for rule in data["rules"])


@lru_cache(maxsize=8)
def load_furniture_rules(path: Path | None = None) -> tuple[FurnitureRule, ...]:
    """Load furniture rules: the packaged ``furniture_rules.json`` or the file at ``path``.

    Raises
    ------
    CorpusError
        When the file is not valid JSON or a rule is malformed (unknown key, bad regex).
    """
    try:
        if path is None:
            origin = f"kgraph.corpus/{RULES_RESOURCE}"
            raw = resources.files("kgraph.corpus").joinpath(RULES_RESOURCE).read_text(encoding="utf-8")
        else:
            origin = str(path)
            raw = Path(path).read_text(encoding="utf-8")
        data = json.loads(raw)
    except (OSError, ValueError) as error:
        raise CorpusError(f"cannot read furniture rules {origin}: {error}") from None
    return _rules_from_json(data, origin)


def _line_spans(text: str, rules: Iterable[FurnitureRule]) -> list[Furniture]:
    spans = []
    line_rules = [rule for rule in rules if rule.scope == "line"]
    for line in _LINE.finditer(text):
        content = line.group().strip()
        if not content or len(content) > _MAX_LINE_CHARS:
            continue
        for rule in line_rules:
            if rule.pattern.fullmatch(content):
                start = line.start() + (len(line.group()) - len(line.group().lstrip()))
                spans.append(Furniture(start, start + len(content), rule.kind))
                break
    return spans


def _match_spans(text: str, rules: Iterable[FurnitureRule]) -> list[Furniture]:
    return [
        Furniture(found.start(), found.end(), rule.kind)
        for rule in rules
        if rule.scope == "match"
        for found in rule.pattern.finditer(text)
        if found.end() > found.start()
    ]


def find_furniture(text: str, rules: Iterable[FurnitureRule] | None = None) -> tuple[Furniture, ...]:
    """Spans of page furniture in ``text``: sorted by start, never overlapping.

    Whole-line furniture wins over a match inside it; among overlapping
    matches, the earlier (then the longer) one is kept.

    Parameters
    ----------
    text
        The document text; it is not changed.
    rules
        Rules to apply; the packaged ones by default.

    Examples
    --------
    >>> text = "Leave a Reply\\nCall (505) 639-4973 for ketamine therapy."
    >>> [(text[f.start:f.end], f.kind) for f in find_furniture(text)]
    [('Leave a Reply', 'leave-a-reply'), ('(505) 639-4973', 'phone-number')]
    """
    rules = tuple(load_furniture_rules() if rules is None else rules)
    lines = _line_spans(text, rules)  # one per line at most, so sorted and disjoint
    line_starts = [span.start for span in lines]
    kept = list(lines)
    last_end = -1
    for span in sorted(_match_spans(text, rules), key=lambda f: (f.start, -f.end, f.kind)):
        index = bisect.bisect_right(line_starts, span.start) - 1
        inside_line = index >= 0 and lines[index].end > span.start
        overlaps_line = index + 1 < len(lines) and lines[index + 1].start < span.end
        if span.start >= last_end and not inside_line and not overlaps_line:
            kept.append(span)
            last_end = span.end
    return tuple(sorted(kept, key=lambda f: (f.start, f.end, f.kind)))
