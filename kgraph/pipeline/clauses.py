"""Sentences, clauses and the words in them: pure helpers of the claims stage (:mod:`.claims`).

A claim sentence is a parser sentence cut at line breaks, without headings
and questions; a clause ends at a break word ("which", "while", ";"). The
helpers here answer small questions about tokens and terms: is this term
the complement of a copula, an apposition, a list item, a year?
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kgraph.pipeline.anaphora import Term
from kgraph.pipeline.claim_rules import CueSense, QualifierCues
from kgraph.pipeline.doc_cache import cached, page_text, token_columns
from kgraph.pipeline.phrases import PhraseMatch

__all__ = [
    "BULLET_CHARS",
    "FUNCTION_CUES",
    "HEADING_MAX_TOKENS",
    "SENTENCE_END_CHARS",
    "LIST_WORDS",
    "CueMatch",
    "after_preposition",
    "attribute_of",
    "char_span",
    "claim_sentences",
    "clause_ids",
    "complement_of",
    "coordinated",
    "cue_root",
    "distance",
    "elided_terms",
    "in_parentheses",
    "entity_kind",
    "is_apposition",
    "is_year",
    "year_tokens",
    "joined",
    "object_of",
    "PAGE_DRUG",
    "page_topic",
    "short_line",
    "term_root",
    "words_after",
]

BULLET_CHARS = frozenset("-•*–·")  # what opens a bulleted line
PAGE_DRUG = "(page drug)"  # the ``via`` of a page topic the page is plainly about
PAGE_DRUG_MIN_MENTIONS = 5
PAGE_DRUG_LEAD = 3
SENTENCE_END_CHARS = frozenset('.!:;"”)…')
HEADING_MAX_TOKENS = 14
FUNCTION_CUES = frozenset({"be", "as", "become"})  # bare linking cues: the object must be their complement
LIST_WORDS = frozenset({"and", "or", "including", "like", "such", "particularly", "especially", "well", "plus"})
COMMA_LIST_MODIFIERS = frozenset({"ADJ", "VERB", "DET"})  # "X, uncontrolled Y, or Z": what may open an item
COMMA_LIST_REACH = 8  # words from a comma-joined item to the "and"/"or" that shows the list goes on


@dataclass
class CueMatch:
    """A predicate cue matched in a sentence (token offsets) and the objects it collects."""

    start: int
    end: int
    phrase: str
    senses: tuple[CueSense, ...]
    objects: list[Term] = field(default_factory=list)


def clause_ids(sent: Span, breaks: frozenset[str], keep: frozenset[int] = frozenset()) -> dict[int, int]:
    """Token index -> clause number within ``sent``; a break word starts a new clause unless in ``keep``
    ("patients who have ...": a population phrase does not end the clause)."""
    out: dict[int, int] = {}
    clause = 0
    fronted = sent[0].pos_ in ("ADP", "SCONJ")  # "Unlike opioids, ...", "In 2019, ...": the comma ends it
    # (unless the main verb comes before it: "For decades it has been used in operating rooms, emergency
    # departments, ..." has a list's comma)
    main_verb = sent.root.i if fronted else sent.end
    tokens = token_columns(sent.doc)
    for i in range(sent.start, sent.end):
        if fronted and tokens.text[i] == "," and main_verb < i:
            fronted = False
        if (tokens.lower[i] in breaks or (fronted and tokens.text[i] == ",")) and i > sent.start and i not in keep:
            clause += 1
            fronted = False
        out[i] = clause
    return out


def claim_sentences(doc: Doc, excluded: list[tuple[int, int]] = ()) -> list[Span]:
    """The parser's sentences, split at line breaks, without headings, questions and excluded text.

    A heading (a short line with no closing punctuation: "The Science Behind
    Ketamine") and a question ("What is Ketamine?") assert nothing; excluded
    ranges are page furniture and reference-list entries.
    """
    tokens = token_columns(doc)
    pieces: list[tuple[int, int]] = []  # token ranges
    for sent in doc.sents:
        start = sent.start
        for i in range(sent.start, sent.end):
            if "\n" in tokens.text[i] or "\n" in tokens.whitespace[i]:
                end = i if tokens.is_space[i] else i + 1
                pieces.append((start, end))
                start = i + 1
        pieces.append((start, sent.end))
    text = page_text(doc)
    pieces = _rejoined(pieces, tokens, text, doc)
    kept = []
    for start, end in pieces:
        words = [i for i in range(start, end) if not tokens.is_space[i]]
        if not words:
            continue
        span = doc[words[0]:words[-1] + 1]
        line_start = text.rfind("\n", 0, span.start_char) + 1
        line_end = text.find("\n", span.end_char)
        line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
        heading = short_line(line) and line[-1:] not in SENTENCE_END_CHARS
        if heading or tokens.text[words[-1]] == "?":
            continue
        if any(s <= span.start_char < e or s < span.end_char <= e for s, e in excluded):
            continue
        kept.append(span)
    return kept


def short_line(line: str) -> bool:
    """Whether a stripped line is short enough for a heading and no bulleted point ("• Non-addictive at
    therapeutic doses" is a point); how it ends decides the rest."""
    return bool(line) and len(line.split()) <= HEADING_MAX_TOKENS and line[0] not in BULLET_CHARS


def _rejoined(pieces: list[tuple[int, int]], tokens, text: str, doc: Doc) -> list[tuple[int, int]]:
    """The pieces, with a parser break inside a line and after no punctuation undone ("Ketamine | may not be
    appropriate if ...": the small model sometimes cuts after a sentence's first word)."""
    out: list[tuple[int, int]] = []
    for start, end in pieces:
        if out and start < len(doc):
            last_start, last_end = out[-1]
            words = [i for i in range(last_start, last_end) if not tokens.is_space[i]]
            if words and tokens.text[words[-1]][-1:] not in SENTENCE_END_CHARS | {"?"} \
                    and "\n" not in text[doc[words[-1]].idx:doc[start].idx]:
                out[-1] = (last_start, end)
                continue
        out.append((start, end))
    return out


def _concept_counts(mentions: list[Span], label: str) -> dict[str, int]:
    """How often each concept of entity type ``label`` is named, in order of first mention."""
    counts: dict[str, int] = {}
    for m in mentions:
        if m.label_ == label and m.kb_id_:
            counts[m.kb_id_] = counts.get(m.kb_id_, 0) + 1
    return counts


def page_topic(mentions: list[Span], classes: frozenset[str] = frozenset()) -> Term | None:
    """The drug the page is about: its most frequent drug, the first one named on a tie.

    Its ``via`` is :data:`PAGE_DRUG` when the page is plainly about it: named
    at least ``PAGE_DRUG_MIN_MENTIONS`` times, ``PAGE_DRUG_LEAD`` times as
    often as any other drug. A drug class (one of ``classes``: "the
    antidepressants it is compared with") is no rival to a single drug, and
    a drug named inside a condition ("opioid use disorder") is not counted.
    """
    in_conditions = {i for m in mentions if m.label_ == "CONDITION" for i in range(m.start, m.end)}
    named = [m for m in mentions if m.label_ == "DRUG" and not all(i in in_conditions for i in range(m.start, m.end))]
    counts = _concept_counts(named, "DRUG")
    if not counts:
        return None
    best = max(counts.values())
    first = next(m.kb_id_ for m in named if counts.get(m.kb_id_) == best)
    runner_up = max((n for iri, n in counts.items() if iri != first and (first in classes or iri not in classes)),
                    default=0)
    return Term(-1, -1, first, "Drug", "history", PAGE_DRUG if _plainly_first(best, runner_up) else "(page topic)")


def page_condition(mentions: list[Span]) -> str | None:
    """The condition a page is plainly about, or None.

    Its most frequent condition, named at least ``PAGE_DRUG_MIN_MENTIONS``
    times and ``PAGE_DRUG_LEAD`` times as often as any other, as for the
    page's drug (:func:`page_topic`).
    """
    counts = _concept_counts(mentions, "CONDITION")
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    best, n = ranked[0]
    return best if _plainly_first(n, ranked[1][1] if len(ranked) > 1 else 0) else None


def _plainly_first(best: int, runner_up: int) -> bool:
    """Whether a concept named ``best`` times is plainly what a page is about, against a rival named ``runner_up``."""
    return best >= PAGE_DRUG_MIN_MENTIONS and best >= PAGE_DRUG_LEAD * runner_up


def elided_terms(sent: Span, mentions: list[Span], lookup) -> list[Term]:
    """ "acute and chronic pain": the adjective before the coordination names a concept of its own."""
    doc = sent.doc
    out = []
    for m in mentions:
        if m.label_ not in ("CONDITION", "DRUG", "RECEPTOR") or len(m) < 2:
            continue
        i = m.start - 1
        while i > sent.start and doc[i].lower_ in ("and", "or", ",", "both"):
            i -= 1
        if i >= sent.start and i < m.start - 1 and doc[i].pos_ == "ADJ":
            concept = lookup(f"{doc[i].text} {m[1:].text}", m.label_)
            if concept is not None:
                out.append(Term(i, i + 1, concept, entity_kind(m.label_), "mention"))
    return out


def complement_of(doc: Doc, cue: CueMatch, term: Term) -> bool:
    """For a bare copula or "as" cue, the object must be its complement ("is an anesthetic", "as an anesthetic")."""
    if cue.phrase.lower() not in FUNCTION_CUES:
        return True
    if cue.phrase.lower() == "become" and any(c.tag_ == "MD" for c in doc[cue.start].children):
        return False  # "chronic pain can become a disability": a change that may come, no kind of thing
    root = term_root(doc, term)
    return root.dep_ in ("attr", "pobj", "appos", "conj") and (root.head.i in range(cue.start, cue.end)
                                                              or root.dep_ == "conj")


def attribute_of(doc: Doc, cue: CueMatch, term: Term) -> bool:
    """Whether ``term`` heads the attribute of a bare copula cue, however many words modify it ("glutamate is
    the brain's main excitatory neurotransmitter")."""
    if cue.phrase.lower() not in FUNCTION_CUES or term.start < 0:
        return False
    root = term_root(doc, term)
    return root.dep_ == "attr" and cue.start <= root.head.i < cue.end


def object_of(token: Token, cue: CueMatch) -> bool:
    """Is ``token`` (or the noun it determines) the object of the cue's words?"""
    noun = token.head if token.dep_ in ("det", "poss") else token
    return noun.dep_ in ("dobj", "pobj") and (cue.start <= noun.head.i < cue.end or noun.head.head.i in
                                              range(cue.start, cue.end))


def coordinated(doc: Doc, first: Term, terms: list[Term], cue_start: int, objects: list[Term],
                kinds: frozenset[str] = frozenset()) -> list[Term]:
    """ "Gabapentin and pregabalin are prescribed": the subject's coordinated siblings before the cue.

    Siblings after ``first`` are read from the words between them (list words
    and commas only); siblings before it, when ``first`` is the one next to
    the cue ("ibuprofen and naproxen help with migraine"), from the parse: the
    terms ``first`` is conjoined to. A sibling is of ``first``'s kind or of
    one of ``kinds`` (the kinds the predicate takes there: "covered by
    insurance: TMS and Spravato", a procedure and a drug).
    """
    if first.start < 0:
        return []
    kinds = kinds | {first.kind}
    out, last = [], first
    listed = first.start > cue_start and any(t.text == ":" for t in doc[cue_start:first.start])
    limit = len(doc) if listed else cue_start  # a list after a colon runs past the cue
    for term in terms:
        if term.start < last.end or term.end > limit or term in objects or term.kind not in kinds:
            continue
        between = _outside_brackets(doc, last.end, term.start)  # "sertraline (Zoloft) and paroxetine"
        if len(between) <= 3 and all(t.lower_ in LIST_WORDS or t.text in (",", "/") for t in between) and len(between):
            out.append(term)
            last = term
    token = term_root(doc, first)
    conjoined = {token.i}
    while token.dep_ == "conj" and token.head.i != token.i:  # "A, B and C": C hangs on B or A
        token = token.head
        conjoined.add(token.i)
    before = [t for t in terms if t.end <= first.start and t.kind in kinds and t not in objects
              and term_root(doc, t).i in conjoined]
    # and from the words, as after it: "gabapentin (Neurontin), pregabalin (Lyrica) and duloxetine treat"
    earliest = min([first, *before], key=lambda t: t.start)
    for term in reversed([t for t in terms if t.end <= earliest.start and t.kind in kinds
                          and t not in objects and t not in before]):
        between = _outside_brackets(doc, term.end, earliest.start)
        joins = all(t.lower_ in LIST_WORDS or t.text in (",", "/") for t in between) and 0 < len(between) <= 3
        if joins and (earliest is not first or any(t.lower_ in ("and", "or") for t in between)):
            before.append(term)
            earliest = term
    return sorted(before, key=lambda t: t.start) + out


def _unbracketed(doc: Doc, start: int, end: int) -> tuple[list[int], bool]:
    """Indices of the tokens of ``doc[start:end]`` outside brackets, and whether every "(" there is closed."""
    texts = token_columns(doc).text
    out: list[int] = []
    depth = 0
    for i in range(start, end):
        if texts[i] == "(":
            depth += 1
        elif texts[i] == ")" and depth:
            depth -= 1
        elif not depth:
            out.append(i)
    return out, depth == 0


def _outside_brackets(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens of ``doc[start:end]`` outside balanced brackets (an unbalanced bracket is kept)."""
    indices, balanced = _unbracketed(doc, start, end)
    return [doc[i] for i in indices] if balanced else list(doc[start:end])  # unbalanced: the words as they are


def words_after(doc: Doc, start: int, words: int, limit: int) -> int:
    """The token index ``words`` (at least 1) tokens on from ``start``, not counting a bracketed aside; at most ``limit``.

    "targeting the NMDA receptors (N-methyl-D-aspartate receptors) in the
    brain": the expansion in brackets does not push "in the brain" out of reach.
    """
    indices, _ = _unbracketed(doc, start, limit)
    return indices[words - 1] + 1 if len(indices) >= words else limit


def in_parentheses(sent: Span) -> set[int]:
    """Indices of the tokens of ``sent`` inside balanced parentheses, the parentheses included."""
    inside: set[int] = set()
    opened: list[int] = []
    texts = token_columns(sent.doc).text
    for i in range(sent.start, sent.end):
        if texts[i] == "(":
            opened.append(i)
        elif texts[i] == ")" and opened:
            start = opened.pop()
            inside.update(range(start, i + 1))
    return inside


ASIDE_MIN_WORDS = 4  # "esketamine, a chemical cousin of ketamine sold as Spravato, for TRD": a renaming aside


def in_asides(sent: Span) -> set[int]:
    """Indices of the tokens of ``sent`` inside an aside that renames the noun before it, commas included:
    "the FDA approved esketamine, a chemical cousin of ketamine sold as the nasal spray Spravato, for TRD".

    An aside opens with a determiner after a comma, runs at least
    :data:`ASIDE_MIN_WORDS` words and closes with a comma that no list word
    follows ("nausea, a rise in blood pressure, and dizziness" is a list).
    """
    doc = sent.doc
    inside: set[int] = set()
    for token in sent:
        if token.dep_ != "appos" or token.head.i >= token.i:
            continue
        first, last = token.left_edge.i, token.right_edge.i
        if first <= sent.start or last + 2 >= sent.end or doc[first - 1].text != "," or doc[last + 1].text != ",":
            continue
        if doc[first].pos_ != "DET" or last - first + 1 < ASIDE_MIN_WORDS or doc[last + 2].pos_ == "CCONJ":
            continue
        inside.update(range(first - 1, last + 2))
    return inside


def joined(doc: Doc, start: int, end: int, limit: int | None = None) -> bool:
    """Is there a list word ("and", "or", "including", "like", "as well as") between two list items?

    With ``limit`` (the sentence's end), a comma with only modifiers after it
    joins them too when "and" or "or" follows within :data:`COMMA_LIST_REACH`
    words: "psychosis, uncontrolled high blood pressure, or an active
    substance use disorder".
    """
    if any(t.lower_ in LIST_WORDS for t in doc[start:end]):
        return True
    if limit is None or end <= start or doc[start].text != "," \
            or not all(t.pos_ in COMMA_LIST_MODIFIERS for t in doc[start + 1:end]):
        return False
    return any(t.lower_ in ("and", "or") for t in doc[end:min(limit, end + COMMA_LIST_REACH)])


def distance(start: int, end: int, skipped: list[PhraseMatch]) -> int:
    """Words from ``start`` to ``end``, not counting population phrases ("patients suffering from")."""
    inside = sum(max(0, min(end, m.end) - max(start, m.start)) for m in skipped)
    return end - start - inside


def term_root(doc: Doc, term: Term) -> Token:
    """``doc[term.start:term.end].root``; a one-word term is its own root, found without a Span."""
    return doc[term.start] if term.end - term.start == 1 else doc[term.start:term.end].root


# words that make an apposition an example of what it follows, not another name for it
FOCUS_WORDS = frozenset({"particularly", "especially", "notably", "mainly", "mostly", "primarily", "chiefly",
                         "specifically", "including"})


def is_apposition(doc: Doc, term: Term, terms: list[Term]) -> bool:
    """Whether ``term`` renames the term it stands beside ("glutamate, a neurotransmitter").

    An apposition brought in by a focus word names an example instead ("chronic
    pain syndromes, particularly neuropathic pain"): that is not a renaming.
    """
    root = term_root(doc, term)
    if root.dep_ != "appos" or any(c.lower_ in FOCUS_WORDS for c in root.children if c.i < term.start):
        return False
    if any(doc[i].text == ":" for i in range(root.head.i + 1, root.i)):
        return False  # "side effects: nausea, dizziness": a colon lists the items, it does not rename
    if _listed_on(doc, term, terms):
        return False  # "vivid dreams, a feeling of detachment, nausea and ...": an item of a list
    return any(t.start <= root.head.i < t.end for t in terms if t is not term)


LIST_JOINERS = frozenset({",", "and", "or", "a", "an", "the"})
LISTED_KINDS = frozenset({"Condition", "Symptom"})  # kinds a side-effect or symptom list mixes


def _listed_on(doc: Doc, term: Term, terms: list[Term]) -> bool:
    """Whether a term of the list's kind follows ``term`` across a comma or conjunction ("..., nausea")."""
    after = term.end
    while after < len(doc) and after - term.end < 3 and doc[after].lower_ in LIST_JOINERS:
        after += 1
    if after == term.end or doc[term.end].lower_ not in (",", "and", "or"):
        return False
    return term.kind in LISTED_KINDS and any(t.start == after and t.kind in LISTED_KINDS for t in terms)


def entity_kind(label: str) -> str:
    return {"DRUG": "Drug", "RECEPTOR": "Receptor", "CONDITION": "Condition", "STATISTIC": "Statistic",
            "SOURCE": "Source"}[label]


def cue_root(span: Span) -> Token:
    """The cue word whose head lies outside the cue (its syntactic root)."""
    for token in span:
        if not (span.start <= token.head.i < span.end) or token.head.i == token.i:
            return token
    return span[0]


def char_span(doc: Doc, term: Term) -> tuple[int, int] | None:
    if term.start < 0 or term.source == "history":
        return None
    return doc[term.start].idx, doc[term.end - 1].idx + len(doc[term.end - 1].text)


def after_preposition(doc: Doc, term: Term, cues: QualifierCues) -> bool:
    for back in (1, 2, 3):
        i = term.start - back
        if i < 0:
            return False
        if doc[i].lower_ in cues.site_prepositions:
            return True
        if doc[i].pos_ not in ("DET", "PRON", "ADJ", "CCONJ", "NOUN"):
            return False
    return False


def _year_shaped(text: str) -> bool:
    """Four digits, maybe a plural "s": "2019", "1970s"."""
    return len(text) in (4, 5) and text[:4].isdigit() and text[4:] in ("", "s")


def is_year(span: Span) -> bool:
    digits = [t for t in span if _year_shaped(t.text)]
    return bool(digits) and all(1800 <= int(t.text[:4]) <= 2100 for t in digits)


def _year_tokens(doc: Doc) -> tuple[int, ...]:
    texts = token_columns(doc).text
    return tuple(i for i, text in enumerate(texts) if _year_shaped(text) and 1800 <= int(text[:4]) <= 2100)


def year_tokens(doc: Doc) -> tuple[int, ...]:
    """Indices, in order, of the tokens that are years on their own (``is_year(doc[i:i + 1])``), found once per
    Doc."""
    return cached(doc, _year_tokens)
