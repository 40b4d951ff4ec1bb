"""Plain-language pieces of finding explanations."""

from __future__ import annotations

from kgraph.analysis.records import ClaimNode, Interval
from kgraph.analysis.semantics import PropositionKey, Semantics

__all__ = ["interval_text", "negated_verb", "proposition_text", "quoted", "value_text"]

QUOTE_CHARS = 160


def quoted(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` in curly quotes, cut at a word boundary with an ellipsis when long."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return f"“{text}”"


def proposition_text(claim: ClaimNode, sem: Semantics, key: PropositionKey | None = None) -> str:
    """"ketamine treats chronic pain" / "ketamine does not have risk of addiction"."""
    if key is not None:
        subject, predicate, obj, polarity = key
    else:
        predicate, polarity = sem.stated(claim)
        subject, obj = claim.subject, claim.object
    if claim.value is not None:
        obj_text = value_text(claim)
    else:
        obj_text = sem.label(obj)
    verb = sem.label(predicate)
    if polarity == "Negated":
        return f"{sem.label(subject)} {negated_verb(verb)} {obj_text}"
    return f"{sem.label(subject)} {verb} {obj_text}"


def negated_verb(verb: str) -> str:
    """A predicate label in the third person, negated: "treats" → "does not treat", "is a" → "is not a".

    Examples
    --------
    >>> [negated_verb(v) for v in ("treats", "has risk of", "is a", "relieves", "reaches", "can cause", "")]
    ['does not treat', 'does not have risk of', 'is not a', 'does not relieve', 'does not reach', 'cannot cause', 'not']
    """
    head, _, rest = verb.partition(" ")
    tail = f" {rest}" if rest else ""
    if head in {"is", "are", "was", "were"}:
        return f"{head} not{tail}"
    if head in {"can", "could", "may", "might", "will", "would", "should", "must"}:
        return ("cannot" if head == "can" else f"{head} not") + tail
    if not head:
        return "not"
    if head == "has":
        base = "have"
    elif head.endswith("ies") and len(head) > 4:
        base = head[:-3] + "y"
    elif head.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        base = head[:-2]
    elif head.endswith("s") and not head.endswith("ss"):
        base = head[:-1]
    else:
        base = head
    return f"does not {base}{tail}"


def value_text(claim: ClaimNode) -> str:
    """The statistic as the page wrote it, or its interval."""
    if claim.value_text:
        return claim.value_text
    return interval_text(claim.value) if claim.value is not None else "?"


def _number(x: float) -> str:
    if abs(x) >= 1e6:
        return f"{x / 1e6:.1f} million".replace(".0 million", " million")
    if x == int(x):
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


# units a duration is told in, largest first
DURATION_UNITS = (("days", 86400.0), ("hours", 3600.0), ("minutes", 60.0), ("seconds", 1.0))


def interval_text(value: Interval) -> str:
    """An interval in words: "28.4 million to 35.5 million", "at least 3"."""
    unit = {"percent": " %", "seconds": " s", "year": ""}.get(value.dimension, "")
    if value.dimension == "seconds":
        # in the largest unit that keeps the smaller bound a whole one or more: "54 to 66 minutes", "84 to 105 days"
        smallest = min((x for x in (value.low, value.high) if x), default=1.0)
        name, size = next(((n, s) for n, s in DURATION_UNITS if smallest >= s), DURATION_UNITS[-1])
        lo = None if value.low is None else value.low / size
        hi = None if value.high is None else value.high / size
        unit = f" {name}"
    else:
        lo, hi = value.low, value.high
    if lo is not None and hi is not None:
        if lo == hi:
            return f"{_number(lo)}{unit}"
        return f"{_number(lo)} to {_number(hi)}{unit}"
    if lo is not None:
        return f"{'more than' if not value.low_inclusive else 'at least'} {_number(lo)}{unit}"
    if hi is not None:
        return f"{'less than' if not value.high_inclusive else 'at most'} {_number(hi)}{unit}"
    return "any value"
