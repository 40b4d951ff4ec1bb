"""The quantity lexicon and the token grammar that reads it.

Everything that is a word lives in data: the hedge table and the units in
``ontology/quantities.ttl``, reference populations in
``ontology/reference/populations.ttl`` and number words in
``pipeline/patterns/numbers.json``. :func:`load_quantity_lexicon` reads them
once. The ``match_*`` functions find number expressions, units and hedge cues
in a list of lowercased tokens; both the span finder
(:mod:`kgraph.pipeline.statistics`) and the normalizer
(:mod:`kgraph.pipeline.quantities`) use them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation, localcontext
from functools import cache, cached_property
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kgraph.errors import OntologyError
from kgraph.namespaces import DCTERMS, KG, QUDT_UNIT, RDF, SKOS
from kgraph.ontology_files import ontology_file

__all__ = [
    "HedgeRule",
    "PopulationRef",
    "NumberMatch",
    "QuantityLexicon",
    "load_quantity_lexicon",
    "decimal_lexical",
    "population_key",
    "tokenize",
    "match_number",
    "match_unit",
    "match_hedge_before",
    "match_hedge_after",
    "match_hedge_at",
    "can_start_number",
    "extend_unit_range",
]

NUMBERS_JSON = Path(__file__).resolve().parent / "patterns" / "numbers.json"
PERCENT = str(QUDT_UNIT.PERCENT)
COUNT = str(QUDT_UNIT.NUM)
CALENDAR_YEAR = str(KG.CalendarYear)

_TOKEN_RE = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?s?|\.\d+|[^\W\d_]+(?:['’][^\W\d_]+)*|\S", re.UNICODE
)
_DIGITS_RE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)$")
_DECADE_RE = re.compile(r"^(?:(?:early|mid|late)-)?(\d{3}0)s$")  # "1960s", "mid-1990s" (the whole decade)
_DECADE_PREFIXES = ("early-", "mid-", "late-")
_SPACED_LETTERS_RE = re.compile(r"\b(\w) (\w)\b")  # "u s" -> "us"
_LEADING_THE_RE = re.compile(r"^the ")
_KNOWN_KEYS = {
    "cardinals", "scales", "article_one", "fractions", "percent_decimal_places", "ratio_connectors",
    "range_separators", "range_openers", "plural_magnitudes", "multiplicatives", "times_noun",
    "rate_connectors", "rate_singular", "determiners", "phrase_stops", "modifier_suffixes",
    "vague_amounts", "bare_plural_lower", "year_range", "months", "time_of_day_markers", "dated_claims",
    "postfix_cue_openers", "rate_adverbs", "fraction_predeterminers", "vague_fractions", "article_time_units",
    "duration_verbs", "ages", "label_nouns", "money", "population_scope",
}  # fmt: skip


@dataclass(frozen=True)
class HedgeRule:
    """One row of the hedge table (a ``kg:Hedge`` individual)."""

    iri: str
    lower_factor: Decimal | None
    upper_factor: Decimal | None
    lower_inclusive: bool
    upper_inclusive: bool


@dataclass(frozen=True)
class PopulationRef:
    """A ``kg:Population`` with its size, source and preferred label.

    ``broader`` are the populations it is part of (``skos:broader``: US adults
    are part of the US population, which is part of the world population).
    """

    iri: str
    size: Decimal | None  # None for a group no source sizes: a percent of it stays a percent
    label: str
    source: str
    broader: tuple[str, ...] = ()


@dataclass(frozen=True)
class NumberMatch:
    """A number expression found at tokens ``[start, end)``; ``kind`` says which grammar matched."""

    start: int
    end: int
    lower: Decimal
    upper: Decimal | None
    kind: str  # number, range, fraction, ratio, magnitude, multiplicative, article, year, decade, vague, vague_fraction
    lower_inclusive: bool = True
    upper_inclusive: bool = True


@dataclass(frozen=True)
class QuantityLexicon:
    """Everything normalization reads from data, loaded by :func:`load_quantity_lexicon`."""

    hedge_cues: dict[tuple[str, ...], HedgeRule]
    unit_labels: dict[tuple[str, ...], str]
    seconds: dict[str, Decimal]
    unit_rewrite: dict[str, tuple[str, Decimal]]
    populations: dict[str, PopulationRef]
    population_labels: dict[str, str]
    numbers: dict = field(repr=False)

    @property
    def time_units(self) -> list[str]:
        """Time-unit IRIs, shortest first."""
        return sorted(self.seconds, key=self.seconds.__getitem__)

    @cached_property
    def number_words(self) -> frozenset[str]:
        """The words a number expression can start with, besides digits and decades (see :func:`can_start_number`)."""
        nums = self.numbers
        firsts = {words[0] for table in ("plural_magnitudes_words", "fractions_words") for words in nums[table]}
        return frozenset(firsts | set(nums["article_one"]) | set(nums["multiplicatives"]) | set(nums["cardinals"]))


# ---------------------------------------------------------------- loading


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Split text into (lowercased token, start, end); the same split is used for cue labels."""
    return [(m.group().lower(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def _words(label: str) -> tuple[str, ...]:
    return tuple(t for t, _, _ in tokenize(label))


def population_key(text: str) -> str:
    """Match key of a population phrase: lowercase, no full stops, "U. S." = "US", no leading "the"."""
    key = text.lower().replace("’", "'").replace(".", " ")
    key = " ".join(key.split())
    while True:
        joined = _SPACED_LETTERS_RE.sub(r"\1\2", key)
        if joined == key:
            break
        key = joined
    return _LEADING_THE_RE.sub("", key)


def _labels(graph: Graph, node: URIRef) -> list[str]:
    return sorted(str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in graph.objects(node, p))


def _decimal(graph: Graph, node: URIRef, prop: URIRef) -> Decimal | None:
    value = graph.value(node, prop)
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise OntologyError(f"{node} {prop}: {value!r} is not a decimal; write e.g. \"1.25\"^^xsd:decimal") from exc


@cache
def load_quantity_lexicon() -> QuantityLexicon:
    """Read the hedge table, units, populations and number words once."""
    graph = Graph()
    for parts in (("quantities.ttl",), ("reference", "populations.ttl")):
        graph.parse(ontology_file(*parts), format="turtle")
    cues: dict[tuple[str, ...], HedgeRule] = {}
    for node in sorted(graph.subjects(RDF.type, KG.Hedge)):
        rule = HedgeRule(
            iri=str(node),
            lower_factor=_decimal(graph, node, KG.lowerFactor),
            upper_factor=_decimal(graph, node, KG.upperFactor),
            lower_inclusive=bool(graph.value(node, KG.lowerInclusive, default=Literal(True)).toPython()),
            upper_inclusive=bool(graph.value(node, KG.upperInclusive, default=Literal(True)).toPython()),
        )
        for label in _labels(graph, node):
            cues[_words(label)] = rule
    unit_labels: dict[tuple[str, ...], str] = {}
    seconds: dict[str, Decimal] = {}
    for node in sorted(graph.subjects(RDF.type, KG.Unit)):
        for label in _labels(graph, node):
            if node != QUDT_UNIT.NUM and node != KG.CalendarYear:
                unit_labels[_words(label)] = str(node)
        per = _decimal(graph, node, KG.secondsPerUnit)
        if per is not None:
            seconds[str(node)] = per
    rewrite: dict[str, tuple[str, Decimal]] = {}
    qudt_time = sorted((s, iri) for iri, s in seconds.items() if iri.startswith(str(QUDT_UNIT)))
    for iri, sec in seconds.items():
        if not iri.startswith(str(QUDT_UNIT)):
            fits = [(s, target) for s, target in qudt_time if sec % s == 0]
            if not fits:
                raise OntologyError(f"unit {iri}: no QUDT time unit divides {sec} seconds; add kg:secondsPerUnit that does")
            s, target = fits[-1]
            rewrite[iri] = (target, sec / s)
    populations: dict[str, PopulationRef] = {}
    population_labels: dict[str, str] = {}
    for node in sorted(graph.subjects(RDF.type, KG.Population)):
        size = _decimal(graph, node, KG.populationSize)  # None: a group whose size no source gives
        pref = graph.value(node, SKOS.prefLabel)
        broader = tuple(sorted(str(o) for o in graph.objects(node, SKOS.broader)))
        populations[str(node)] = PopulationRef(str(node), size, str(pref), str(graph.value(node, DCTERMS.source)),
                                               broader)
        for label in _labels(graph, node):
            population_labels[population_key(label)] = str(node)
    for ref in populations.values():
        unknown_broader = [b for b in ref.broader if b not in populations]
        if unknown_broader:
            raise OntologyError(f"population {ref.iri}: skos:broader {unknown_broader} is no kg:Population")
    with open(NUMBERS_JSON, encoding="utf-8") as f:
        numbers = json.load(f)
    unknown = sorted(k for k in numbers if not k.startswith("_") and k not in _KNOWN_KEYS)
    if unknown:
        raise OntologyError(f"{NUMBERS_JSON}: unknown keys {unknown}; allowed: {sorted(_KNOWN_KEYS)}")
    numbers = {k: v for k, v in numbers.items() if not k.startswith("_")}
    for key in ("fractions", "plural_magnitudes", "vague_amounts", "vague_fractions"):
        numbers[key + "_words"] = {_words(k): v for k, v in numbers[key].items()}
    numbers["determiner_words"] = sorted((_words(d) for d in numbers["determiners"]), key=len, reverse=True)
    numbers["ratio_words"] = [_words(c) for c in numbers["ratio_connectors"]]
    numbers["rate_adverb_units"] = {}
    for adverb, label in numbers["rate_adverbs"].items():
        iri = unit_labels.get(_words(label))
        if iri is None or iri not in seconds:
            raise OntologyError(f"{NUMBERS_JSON}: rate_adverbs[{adverb!r}] = {label!r} is no time unit label")
        numbers["rate_adverb_units"][adverb] = iri
    ages = numbers["ages"]
    ages["postfix_cue_words"] = {_words(c) for c in ages["postfix_cues"]}
    ages["range_postfix_cue_words"] = {_words(c) for c in ages["range_postfix_cues"]}
    scope = numbers["population_scope"]
    scope["break_words"] = frozenset(scope["clause_breaks"])
    return QuantityLexicon(cues, unit_labels, seconds, rewrite, populations, population_labels, numbers)


# ---------------------------------------------------------------- decimals


DECIMAL_PRECISION = 120  # digits: "11111111111111111111111111111 patients" must not overflow the default 28


def _canon(value: Decimal) -> Decimal:
    with localcontext(prec=DECIMAL_PRECISION):
        value = value.normalize()
        if value == 0:
            return Decimal(0)
        if value.as_tuple().exponent > 0:
            value = value.quantize(Decimal(1))
        return value


def _round(value: Decimal, places: int) -> Decimal:
    with localcontext(prec=DECIMAL_PRECISION):
        return _canon(value.quantize(Decimal(1).scaleb(-places)))


def decimal_lexical(value: Decimal) -> str:
    """The canonical ``xsd:decimal`` lexical form: ``"50000000"``, ``"1.5"``, ``"0.2"``."""
    return format(_canon(value), "f")


# ---------------------------------------------------------------- token grammar


# The lexicon's word tables are read-only once loaded; each is indexed by one word of its keys the
# first time it is matched, so a lookup tries only the keys that can match instead of the whole table.
# The entry keeps the table alive, so its id cannot be reused by another table.
_KEY_INDEXES: dict[tuple[int, int], tuple[dict, int, dict[str, list[tuple[str, ...]]]]] = {}


def _keys_by_word(table: dict[tuple[str, ...], object], position: int) -> dict[str, list[tuple[str, ...]]]:
    """The non-empty keys of ``table`` grouped by their first (``position=0``) or last (``-1``) word, longest first."""
    cached = _KEY_INDEXES.get((id(table), position))
    if cached is not None and cached[0] is table and cached[1] == len(table):
        return cached[2]
    index: dict[str, list[tuple[str, ...]]] = {}
    for words in table:
        if words:
            index.setdefault(words[position], []).append(words)
    for keys in index.values():
        keys.sort(key=len, reverse=True)
    _KEY_INDEXES[(id(table), position)] = (table, len(table), index)
    return index


def _match_words(tokens: Sequence[str], i: int, table: dict[tuple[str, ...], object]) -> tuple[int, object] | None:
    """Longest entry of ``table`` whose words start at ``tokens[i]`` (``i >= 0``)."""
    if i < len(tokens):
        for words in _keys_by_word(table, 0).get(tokens[i], ()):
            if tuple(tokens[i : i + len(words)]) == words:
                return i + len(words), table[words]  # two keys of one length cannot both match
    if () in table:
        return i, table[()]
    return None


def _atom(tokens: Sequence[str], i: int, lex: QuantityLexicon) -> tuple[int, Decimal, bool] | None:
    """A single number: digits or words, with scale words ("1.5 billion", "twenty-five")."""
    nums = lex.numbers
    cardinals, scales = nums["cardinals"], nums["scales"]
    n = len(tokens)
    if i >= n:
        return None
    tok = tokens[i]
    if _DIGITS_RE.match(tok):
        current, j = Decimal(tok.replace(",", "")), i + 1
    elif tok in nums["article_one"] and i + 1 < n and tokens[i + 1] in scales:
        current, j = Decimal(1), i + 1
    elif tok in cardinals:
        current, j = Decimal(cardinals[tok]), i + 1
        if current >= 20 and j < n:
            k = j + 1 if tokens[j] == "-" else j
            if k < n and tokens[k] in cardinals and 1 <= cardinals[tokens[k]] <= 9:
                current, j = current + cardinals[tokens[k]], k + 1
    else:
        return None
    total, scaled = Decimal(0), False
    while j < n and tokens[j] in scales:
        scale = Decimal(scales[tokens[j]])
        if scale >= 1000:
            total, current = total + current * scale, Decimal(0)
        else:
            current *= scale
        scaled, j = True, j + 1
    return j, total + current, scaled


def _is_year(tokens: Sequence[str], i: int, lex: QuantityLexicon) -> bool:
    low, high = lex.numbers["year_range"]
    tok = tokens[i]
    return bool(re.fullmatch(r"\d{4}", tok)) and low <= int(tok) <= high


def can_start_number(word: str, lex: QuantityLexicon) -> bool:
    """Can a number expression (of :func:`match_number` without ``allow_vague``) start with the token ``word``?

    A quick test for scanning every token: digits, a decade, or one of
    :attr:`QuantityLexicon.number_words`; whatever else :func:`match_number`
    would reject.
    """
    return (word in lex.number_words or word[:1].isdigit() or word[:1] == "."
            or word.startswith(_DECADE_PREFIXES))  # the decades of _DECADE_RE that start with no digit


def match_number(
    tokens: Sequence[str], i: int, lex: QuantityLexicon, *, allow_vague: bool = False, range_word: str | None = None
) -> NumberMatch | None:
    """The number expression starting at ``tokens[i]`` (lowercased tokens), or None.

    ``range_word`` is an extra range separator, used after a range opener ("between A and B").
    """
    nums, n = lex.numbers, len(tokens)
    if i >= n or not (allow_vague or can_start_number(tokens[i], lex)):
        return None
    decade = _DECADE_RE.match(tokens[i])
    if decade:
        start = Decimal(decade.group(1))
        return NumberMatch(i, i + 1, start, start + 9, "decade")
    for table, kind in (("plural_magnitudes_words", "magnitude"), ("fractions_words", "fraction")):
        hit = _match_words(tokens, i, nums[table])
        of_follows = hit is not None and hit[0] < n and tokens[hit[0]] == "of"
        if hit and (of_follows or kind == "fraction" and _bare_fraction(tokens, i, hit[0], lex)):
            if kind == "magnitude":
                return NumberMatch(i, hit[0], Decimal(hit[1]), None, kind)
            num, den = (Decimal(x) for x in str(hit[1]).split("/"))
            value = _round(num / den * 100, nums["percent_decimal_places"])
            return NumberMatch(i, hit[0], value, value, kind)
    article = nums["article_time_units"]
    if article["enabled"] and tokens[i] in nums["article_one"] and i + 1 < n and tokens[i + 1] not in article["except"]:
        unit = match_unit(tokens, i + 1, lex)
        singular = unit is not None and not _is_plural_unit_label(tokens, i + 1, unit[0])
        if unit and singular and tokens[i + 1] != "-" and unit[1] in lex.seconds:
            return NumberMatch(i, i + 1, Decimal(1), Decimal(1), "article")
    if tokens[i] in nums["multiplicatives"]:
        value = Decimal(nums["multiplicatives"][tokens[i]])
        return NumberMatch(i, i + 1, value, value, "multiplicative")
    if allow_vague:
        hit = _match_words(tokens, i, nums["vague_fractions_words"])
        if hit:
            low, high = (Decimal(x) for x in hit[1])  # type: ignore[union-attr]
            # the majority: (50, 100]; a minority: [0, 50)
            return NumberMatch(i, hit[0], low, high, "vague_fraction", low == 0, low != 0)
        hit = _match_words(tokens, i, nums["vague_amounts_words"])
        if hit:
            low, high = hit[1]
            return NumberMatch(i, hit[0], Decimal(low), Decimal(high), "vague")
    atom = _atom(tokens, i, lex)
    if atom is None:
        return None
    j, value, scaled = atom
    separators = set(nums["range_separators"]) | ({range_word} if range_word else set())
    if not scaled:
        unit_range = _unit_range(tokens, i, j, value, {range_word} if range_word else separators, lex)
        if unit_range is not None:
            return unit_range  # "between 8 mg and 16 mg", "21% to 29%": the first unit is inside the range
    if not scaled and _is_year(tokens, i, lex):
        if j + 1 < n and tokens[j] in separators and _is_year(tokens, j + 1, lex) and tokens[j + 1] >= tokens[i]:
            return NumberMatch(i, j + 2, value, Decimal(tokens[j + 1]), "year")
        return NumberMatch(i, j, value, value, "year")
    for words in nums["ratio_words"]:
        k = j + len(words)
        if tuple(tokens[j:k]) == words and k < n and not _is_year(tokens, k, lex):
            other = _atom(tokens, k, lex)
            if other and other[1] > 0 and value <= other[1] and value == value.to_integral_value():
                pct = _round(value / other[1] * 100, nums["percent_decimal_places"])
                return NumberMatch(i, other[0], pct, pct, "ratio")
    if j + 1 < n and tokens[j] in separators and not _is_year(tokens, j + 1, lex):
        other = _atom(tokens, j + 1, lex)
        if other is not None:
            k, high, high_scaled = other
            low = value
            if high_scaled and not scaled:
                # magnitude words carry across the range: "50-100 million" is [5e7, 1e8]
                head = _atom([tokens[j + 1]], 0, lex)
                if head and head[1] > 0 and value <= head[1]:
                    low = value * (high / head[1])
            if low <= high:
                return NumberMatch(i, k, _canon(low), _canon(high), "range")
    return NumberMatch(i, j, _canon(value), _canon(value), "number")


def _unit_range(
    tokens: Sequence[str], i: int, j: int, value: Decimal, range_words: set[str], lex: QuantityLexicon
) -> NumberMatch | None:
    """ "A unit <range word> B unit" with one unit twice ("between 8 mg and 16 mg", "21% to 29%").

    ``range_words`` are the separators allowed: the opener's ("between ... and") or the plain ones. The match
    ends after B, so the second unit follows it like any number's unit.
    """
    unit = match_unit(tokens, j, lex)
    if unit is None or tokens[j] == "-" or unit[0] + 1 >= len(tokens) or tokens[unit[0]] not in range_words:
        return None
    other = _atom(tokens, unit[0] + 1, lex)
    if other is None or other[1] < value or _is_year(tokens, unit[0] + 1, lex):
        return None
    unit2 = match_unit(tokens, other[0], lex)
    if unit2 is None or unit2[1] != unit[1]:
        return None
    return NumberMatch(i, other[0], _canon(value), _canon(other[1]), "range")


def _bare_fraction(tokens: Sequence[str], i: int, end: int, lex: QuantityLexicon) -> bool:
    """A fraction word with no "of" after it: after a hedge cue ("about half") or before a determiner ("half the")."""
    if match_hedge_before(tokens, i, lex) is not None:
        return True
    nums = lex.numbers
    return (
        " ".join(tokens[i:end]) in nums["fraction_predeterminers"]
        and end < len(tokens)
        and any(tuple(tokens[end : end + len(d)]) == d for d in nums["determiner_words"])
    )


def match_unit(tokens: Sequence[str], i: int, lex: QuantityLexicon) -> tuple[int, str] | None:
    """The unit label starting at ``tokens[i]`` (a hyphen before it is allowed: "30-minute")."""
    if i < len(tokens) and tokens[i] == "-":
        i += 1
    hit = _match_words(tokens, i, lex.unit_labels)
    return (hit[0], str(hit[1])) if hit else None


def match_hedge_before(tokens: Sequence[str], i: int, lex: QuantityLexicon) -> tuple[int, HedgeRule] | None:
    """The longest hedge cue ending right before ``tokens[i]``: (start of the cue, rule)."""
    if not 0 < i <= len(tokens):
        return None
    openers = lex.numbers["postfix_cue_openers"]
    for words in _keys_by_word(lex.hedge_cues, -1).get(tokens[i - 1], ()):
        if words[0] in openers:
            continue  # "or more", "and over" only follow a number
        k = i - len(words)
        if k >= 0 and tuple(tokens[k:i]) == words:
            return k, lex.hedge_cues[words]  # the longest; two cues of one length cannot both match
    return None


def match_hedge_at(tokens: Sequence[str], i: int, lex: QuantityLexicon) -> tuple[int, HedgeRule] | None:
    """The longest hedge cue that starts at ``tokens[i]`` and goes before a number: (end of the cue, rule)."""
    if i >= len(tokens) or tokens[i] in lex.numbers["postfix_cue_openers"]:
        return None
    hit = _match_words(tokens, i, lex.hedge_cues)
    return (hit[0], hit[1]) if hit else None  # type: ignore[return-value]


def match_hedge_after(
    tokens: Sequence[str], i: int, lex: QuantityLexicon, *, closing: bool = True
) -> tuple[int, HedgeRule] | None:
    """A hedge cue starting at ``tokens[i]`` after a number ("three months *or more*").

    The cue must start with one of the ``postfix_cue_openers`` ("or", "and", "plus"),
    so "36 sessions *over* about nine weeks" has no trailing hedge.

    With ``closing`` (plain text), the cue must end the phrase: be followed by
    nothing, punctuation or "of", so that "30 minutes *under* anesthesia" is no hedge.
    The span finder passes ``closing=False`` and checks the parse instead.
    """
    if i >= len(tokens) or tokens[i] not in lex.numbers["postfix_cue_openers"]:
        return None
    hit = _match_words(tokens, i, lex.hedge_cues)
    if hit is None:
        return None
    end = hit[0]
    if closing and end < len(tokens) and (tokens[end][0].isalnum() and tokens[end] != "of"):
        return None
    return end, hit[1]  # type: ignore[return-value]


def _bare_plural_unit(unit: str, lex: QuantityLexicon) -> tuple[Decimal, Decimal | None]:
    """A plural unit with no number ("hours"): [2, one of the next larger unit)."""
    order = lex.time_units
    low = Decimal(lex.numbers["bare_plural_lower"])
    pos = order.index(unit)
    if pos + 1 >= len(order):
        return low, None
    return low, _round(lex.seconds[order[pos + 1]] / lex.seconds[unit], 6)


def _is_plural_unit_label(tokens: Sequence[str], i: int, end: int) -> bool:
    return end == i + 1 and tokens[i].endswith("s") and len(tokens[i]) > 3



def extend_unit_range(
    m: NumberMatch, words: Sequence[str], j: int, unit: str, lex: QuantityLexicon
) -> tuple[NumberMatch, int]:
    """Extend a number whose unit ends at ``words[j]`` to a range with a second unit.

    "3 months to 6 months" is [3, 6] months; "two weeks to months" runs from 2 weeks
    to the upper bound of a bare "months" (one year), written in the first unit; "a year
    or two" is [1, 2] years. Returns the (possibly widened) match and the new end.
    """
    seps = lex.numbers["range_separators"]
    if j + 1 >= len(words) or words[j] not in seps or m.kind not in ("number", "bare", "article"):
        return m, j
    other = match_number(words, j + 1, lex)
    if other and other.kind == "number" and other.lower >= m.lower:
        unit2 = match_unit(words, other.end, lex)
        if unit2 and unit2[1] == unit:
            return replace(m, upper=other.upper, kind="range"), unit2[0]
        if m.kind == "article" and unit2 is None and other.lower > m.upper:
            return replace(m, upper=other.upper, kind="range"), other.end  # "a year or two": [1, 2] years
    if m.kind == "article":
        return m, j
    unit2 = match_unit(words, j + 1, lex)
    if unit2 and unit in lex.seconds and unit2[1] in lex.seconds and _is_plural_unit_label(words, j + 1, unit2[0]):
        if lex.seconds[unit2[1]] > lex.seconds[unit]:
            high = _bare_plural_unit(unit2[1], lex)[1]
            if high is not None:
                high = _round(high * lex.seconds[unit2[1]] / lex.seconds[unit], 6)
            return replace(m, upper=high, kind="range", upper_inclusive=False), unit2[0]
    return m, j
