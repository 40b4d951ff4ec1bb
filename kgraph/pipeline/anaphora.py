"""Whose claim is it? The subject of a predicate cue, with simple reference resolution (pure helpers).

"Ketamine blocks them" after "NMDA receptors", "These receptors are...",
"It can come from injury", "This medication...": a pronoun, a demonstrative
noun phrase or a relative pronoun is resolved to the nearest earlier term
whose type the predicate accepts -- first in the same sentence, then among
the subjects of the previous sentences' claims, then among their other terms.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from kgraph.pipeline.claim_rules import QualifierCues

__all__ = ["EXAMPLE_MARKERS", "Term", "find_subject", "is_anaphoric", "people_counted", "resolve",
           "syntactic_subject"]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
EXAMPLE_MARKERS = frozenset({"like", "such", "including", "include"})
MAX_CLIMB = 10
PROPERTY_NOUNS = frozenset({"effect", "property", "action", "mechanism", "ability", "benefit", "quality"})
LIGHT_NOUNS = frozenset({"way", "means", "tool", "option", "method", "approach", "alternative", "solution"})
TAKEN_KINDS = frozenset({"Drug", "Procedure"})  # what patients take or undergo: what acts on them
# a share of people ("80% of patients", "half of those treated") stands for the people it counts
SHARE_WORDS = frozenset({"%", "percent", "half", "third", "quarter", "majority", "proportion", "fraction", "share"})


@dataclass(frozen=True, slots=True)
class Term:
    """Something a claim can be about, at tokens ``start:end`` of the doc (-1 when not in the text)."""

    start: int
    end: int
    iri: str  # concept IRI; "" for a statistic (its offsets say which)
    kind: str  # entity type (Drug, ...) or claim-term kind (Symptom, ...)
    source: str  # "mention", "term", "implied", "history"
    via: str | None = None  # the anaphor this term was resolved from
    detail: str | None = None  # for a statistic: what it counts ("people", "duration", "year"...)
    named: tuple[str, ...] = ()  # the drugs a population group's wording names: "when SSRIs haven't"


FRONTED = frozenset({"prep", "advmod", "advcl", "npadvmod"})
INVERTING_WORDS = frozenset({"only", "never", "rarely", "seldom"})  # "not only was X ...": the verb before its subject


FINITE_TAGS = frozenset({"VBP", "VBZ", "VBD"})  # "fade", "fades", "faded"; not "called", "lasting"


def syntactic_subject(root: Token, cue_start: int) -> Token | None:
    """The subject word on the cue's path to the sentence root, or the noun a relative clause modifies.

    The subject stands before the cue, except after a fronted modifier
    ("Unlike traditional pain medications, ketamine works quickly").
    """
    token = root
    fronted = root.dep_ in FRONTED
    for _ in range(MAX_CLIMB):
        for child in token.children:
            if child.dep_ in SUBJECT_DEPS and (child.i < cue_start or fronted):
                return child
        if token.lemma_ == "be" and token.i > 0 and token.nbor(-1).lower_ in INVERTING_WORDS:
            # "not only was ketamine excellent at relieving pain": the subject after the inverted copula
            inverted = next((c for c in token.children if c.i > token.i and c.dep_ in ("acomp", "attr", "nsubj")),
                            None)  # (a lower-case drug name is often tagged an adjective)
            if inverted is not None and inverted.i < cue_start:
                return inverted
        if token.dep_ in ("relcl", "acl") and token.head.i < token.i:
            noun = token.head
            verbless = _verbless_subject(token)
            if verbless is not None:
                return verbless
            if noun.lemma_.lower() in LIGHT_NOUNS:  # "as a way to reduce opioid usage": whose way
                token = noun
                continue
            if noun.dep_ == "attr":  # "Chronic pain is an issue ... leading to": the copula's subject
                for child in noun.head.children:
                    if child.dep_ in SUBJECT_DEPS and child.i < noun.i:
                        return child
            return noun
        if token.head.i == token.i:  # the root (spaCy makes a new Token on each access: compare indices)
            return None
        token = token.head
    return None


def _verbless_subject(verb: Token) -> Token | None:
    """The noun the small model made the root of a sentence whose finite verb it hung on a later noun: in
    "Benefits from a single infusion typically fade within weeks" (parsed "fade" as a clause on "infusion"), the
    benefits. Else None."""
    if verb.dep_ != "acl" or verb.tag_ not in FINITE_TAGS:
        return None
    prep = verb.head.head  # the noun the verb hangs on is the object of a preposition on the root noun
    if verb.head.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.dep_ != "ROOT" or prep.head.pos_ != "NOUN":
        return None
    return prep.head


def is_anaphoric(token: Token, cues: QualifierCues) -> bool:
    """A pronoun ("it", "they"), or a noun with "this"/"these"/"its"/"both" ("this medication")."""
    if token.lower_ in cues.anaphors and token.pos_ in ("PRON", "DET"):
        return True
    determiners = {c.lower_ for c in token.children if c.dep_ in ("det", "poss", "predet")}
    if determiners & (cues.anaphors | cues.anaphoric_determiners):
        return True
    return token.lemma_.lower() in cues.anaphoric_heads and "the" in determiners


# tokens between a class and its first example: "SSRIs such as", "(SSRI) such as"
EXAMPLE_MARKER_REACH = 3
LIST_GAP = 3  # words between two items of one list at most: ", or", ", and/or"


def resolve(position: int, terms: Sequence[Term], types: frozenset[str], history, via: str,
            exclude: Iterable[Term] = (), doc=None, subjects_only: bool = False) -> Term | None:
    """The nearest earlier term of an accepted type: this sentence, then earlier claims' subjects, then earlier terms
    (not with ``subjects_only``: only what an earlier claim was about)."""
    excluded = set(exclude) | _named_in_conditions(terms)
    before = [t for t in terms if t.end <= position and t.kind in types and t not in excluded and t.iri]
    if before:  # the sentence's subject if it fits, else its first fitting term
        subjects = [t for t in before if doc is not None and doc[t.start:t.end].root.dep_ in SUBJECT_DEPS]
        return replace((subjects or before)[0], via=via)
    for earlier_terms, earlier_subjects, _ in reversed(history):
        for term in earlier_subjects:  # the first claim's subject is the most salient
            if term.kind in types and term.iri:
                return replace(term, via=via)
        if subjects_only:
            continue
        inside = _named_in_conditions(earlier_terms)
        fitting = [t for t in earlier_terms if t.kind in types and t.iri and t not in inside]
        if not fitting and any(t.kind in types for t in inside):
            return None  # that sentence was about the condition ("Opioid withdrawal ... It is"), no further back
        if fitting:  # the first mention, or the example it names ("medications like opioids")
            examples = [t for t in fitting if t.source == "example"]
            # ... but a class named with its examples is what "these medications" are: "an SSRI such as sertraline"
            named_class = [t for t in fitting if t.source != "example"
                           and 0 <= examples[0].start - t.end <= EXAMPLE_MARKER_REACH] if examples else []
            first = (named_class or examples or fitting)[0]
            return Term(-1, -1, first.iri, first.kind, "history", via)
    return None


def _passive_means(root: Token, terms: Sequence[Term], fits: Callable[[Term], bool]) -> Term | None:
    """The fitting term a passive verb names as its means or agent ("can be treated with ondansetron", "is relieved
    by ketamine"), else ``None``."""
    if not any(c.dep_ == "nsubjpass" for c in root.children):
        return None
    for prep in root.children:
        if prep.dep_ in ("prep", "agent") and prep.lower_ in ("with", "by"):
            for noun in prep.children:
                if noun.dep_ == "pobj":
                    found = next((t for t in terms if t.start <= noun.i < t.end and fits(t)), None)
                    if found is not None:
                        return found
    return None


def _named_in_conditions(terms: Sequence[Term]) -> set[Term]:
    """Terms inside a longer condition's name ("opioid" in "opioid withdrawal"): a pronoun means the condition."""
    conditions = [t for t in terms if t.kind == "Condition" and t.source == "mention" and t.start >= 0]
    return {t for t in terms if t.kind != "Condition" and t.start >= 0
            and any(c.start <= t.start and t.end <= c.end and c.end - c.start > t.end - t.start for c in conditions)}


# "<drug>-free", "<drug>-like": something else; "<drug>-based" is something else when it is a product
_OTHER_THAN = frozenset({"free", "like", "sparing"})
_BASED_ON = frozenset({"based", "derived"})
_PRODUCT_NOUNS = frozenset({"product", "medication", "medicine", "drug", "formulation", "compound", "version",
                            "derivative", "analog", "analogue", "alternative", "spray"})


def _other_than(doc, term: Term, head: Token) -> bool:
    """Whether ``term`` only qualifies ``head`` as something else: "opioid-free", "the ketamine-based product"."""
    if term.end + 1 >= len(doc) or doc[term.end].text != "-":
        return False
    word = doc[term.end + 1].lower_
    return word in _OTHER_THAN or (word in _BASED_ON and head.lemma_.lower() in _PRODUCT_NOUNS)


_NAMING_VERBS = frozenset({"call", "name", "know", "label", "term", "dub", "brand", "market", "sell"})


def _names_the_head(doc, term: Term, head: Token) -> bool:
    """Whether ``term`` belongs to ``head``'s own phrase ("ketamine therapy", "the goal of our ketamine therapy",
    "those who suffer from depression"), not to a participle phrase hung on it ("the product approved for
    depression")."""
    token = doc[term.start:term.end].root
    while token.i != head.i and token.head.i != token.i:
        if token.dep_ == "acl" and token.tag_ == "VBN" and token.lemma_.lower() not in _NAMING_VERBS:
            return False  # "drugs called gepants" names the head; "the product approved for depression" does not
        token = token.head
    return True


def _best_in(phrase_terms: list[Term], head: Token, sent: Span) -> Term:
    for term in phrase_terms:
        if term.start <= head.i < term.end:
            return term
    return phrase_terms[0]


TAKERS = frozenset({"their", "your", "his", "her", "my"})  # "reduce their opioid use": what people take
# "magnesium deficiency is linked to migraine": how much of a substance the body has, not the drug taken
AMOUNT_HEADS = frozenset({"deficiency", "shortage", "lack", "depletion", "level"})
ADJACENT_SKIP = frozenset({"ADV", "AUX", "PART"})
ASIDE_MAX_WORDS = 6  # words in brackets after a name: a brand, an abbreviation, a short gloss


def _adjacent_subject(sent: Span, cue_start: int, terms: Sequence[Term], fits,
                      cue_tokens: frozenset[int] = frozenset()) -> Term | None:
    """A fitting term right before a verb cue, with only adverbs and auxiliaries between."""
    doc = sent.doc
    if doc[cue_start].pos_ not in ("VERB", "NOUN") or doc[cue_start].tag_ not in ("VBZ", "VBP", "VBD", "VBN", "NNS", "VB"):
        return None
    i = cue_start - 1
    while i >= sent.start and (doc[i].pos_ in ADJACENT_SKIP or i in cue_tokens
                               or (doc[i].pos_ == "CCONJ" and i - 1 in cue_tokens)):  # "ketamine blocks and resets"
        i -= 1
    if i > sent.start and doc[i].text == ")":  # "escitalopram (Lexapro) work on": the name before the aside
        opening = next((j for j in range(i - 1, max(sent.start, i - ASIDE_MAX_WORDS) - 1, -1) if doc[j].text == "("),
                       None)
        if opening is not None and any(t.end == opening and fits(t) for t in terms):
            i = opening - 1
    ending = [t for t in terms if t.end == i + 1 and fits(t) and t.source not in ("implied", "history")]
    return ending[0] if ending else None


def _bracketed_alias(doc, term: Term, terms: Sequence[Term]) -> bool:
    """Whether ``term`` is a name in brackets right after another term ("escitalopram (Lexapro)"): the subject
    is the name before it, whose list the sentence may go on with."""
    return term.start > 1 and doc[term.start - 1].text == "(" and any(t.end == term.start - 1 for t in terms)


FRONTING_WORDS = frozenset({"ADP", "SCONJ"})


def fronted_comma(sent: Span) -> int | None:
    """The comma ending a phrase fronted before the main clause ("Unlike opioids, ...", "By blocking X, ..."), or
    ``None`` when the sentence opens with no such phrase."""
    if sent[0].pos_ not in FRONTING_WORDS and sent[0].lower_ not in ("unlike", "like"):
        return None
    return next((t.i for t in sent if t.text == ","), None)


def _fronted_subject(sent: Span, cue_start: int, terms: Sequence[Term], fits) -> Term | None:
    """A cue in a phrase fronted before the first comma takes the main clause's first fitting term as subject."""
    comma = fronted_comma(sent)
    if comma is None or cue_start > comma:
        return None
    after = [t for t in terms if t.start > comma and fits(t)]
    return after[0] if after else None


def _fronted_pronoun(sent: Span, cue_start: int, cues: QualifierCues) -> Token | None:
    """The pronoun opening the main clause after a fronted phrase holding the cue: "By blocking NMDA receptors,
    *it* appears to ...": the one who does what the phrase says."""
    comma = fronted_comma(sent)
    if comma is None or cue_start > comma or comma + 1 >= sent.end:
        return None
    first = sent.doc[comma + 1]
    return first if first.pos_ == "PRON" and first.dep_ in SUBJECT_DEPS and is_anaphoric(first, cues) else None


# words opening a phrase that sets what it names apart from the main clause's subject ("Unlike opioids, it ...",
# "Compared with opioids, ...", "Instead of SSRIs, ...", "Rather than boosting X, ...")
CONTRASTING_OPENERS = frozenset({"unlike", "compared", "versus", "vs", "vs.", "instead", "rather"})


def _contrasted(sent: Span, position: int, terms: Sequence[Term]) -> list[Term]:
    """The terms of a contrasting phrase closed by a comma before ``position`` ("Unlike opioids, it ...", "is
    that, unlike many anesthetics, it ..."): no antecedent of the pronoun after it, which the phrase sets apart
    from them ("While ketamine is X, it ..." is)."""
    out: list[Term] = []
    for opener in (t.i for t in sent if t.i < position and t.lower_ in CONTRASTING_OPENERS):
        comma = next((t.i for t in sent.doc[opener + 1:position] if t.text == ","), None)
        if comma is not None:
            out += [t for t in terms if opener < t.start and t.end <= comma]
    return out


def _modified_noun_subject(noun: Token, terms: Sequence[Term], fits) -> Term | None:
    """The term a relative clause is about: its noun, or, for "X are the medications ...", the copula's subject."""
    named = [t for t in terms if t.start <= noun.i < t.end and fits(t)]
    if named:
        return named[0]
    if noun.dep_ == "attr":  # the copula's subject, or (when the parse misses it) whatever precedes the copula
        before = [t for t in terms if t.end <= noun.head.i and t.start >= noun.sent.start and fits(t)]
        if before:
            return before[0]
    return None


def _single_previous_subject(history, types: frozenset[str], doc) -> Term | None:
    """The only fitting concept the previous sentence names, or None when it names none or several.

    Several named in one list ("we do not recommend ketamine or esketamine
    for ..."; "Side effects can include nausea") are one subject: the first
    of them is returned.
    """
    if not history:
        return None
    earlier_terms = history[-1][0]
    fitting = [t for t in earlier_terms if t.kind in types and t.iri]
    concepts = {t.iri: t for t in fitting}
    if not concepts:
        return None
    if len(concepts) > 1 and not _one_list(doc, fitting):
        return None
    only = next(iter(concepts.values()))
    return Term(-1, -1, only.iri, only.kind, "history")


def _one_list(doc, terms: Sequence[Term]) -> bool:
    """Whether ``terms`` (in text order) follow each other with only list words and commas between (a name in
    brackets after another is its alias: "ketamine (Ketalar) or esketamine")."""
    placed = sorted((t for t in terms if t.start >= 0), key=lambda t: t.start)
    if len(placed) != len(terms):
        return False
    placed = [t for t in placed if not _bracketed_alias(doc, t, terms)]
    return all(_joins_a_list(doc, a.end, b.start) for a, b in zip(placed, placed[1:]))


def _joins_a_list(doc, end: int, start: int) -> bool:
    """Whether only list words and commas lie between a list item ending at ``end`` and the next one at ``start``,
    after a short aside in brackets ("sertraline (Zoloft) and paroxetine")."""
    between = doc[end:start]
    if len(between) and between[0].text == "(":
        closing = next((k for k, w in enumerate(between) if w.text == ")"), None)
        if closing is None or closing > ASIDE_MAX_WORDS:
            return False
        between = between[closing + 1:]
    return 0 < len(between) <= LIST_GAP and all(w.lower_ in ("and", "or") or w.text in (",", "/") for w in between)


def collective_size(head: Token, cues: QualifierCues) -> int | None:
    """How many things a collective subject counts ("Both are SSRIs": 2, "All three are used for": 3, "all three
    medications"), or None when ``head`` is no such subject. A noun with "these" or "both" is read as an anaphor."""
    if head.pos_ in ("NOUN", "PROPN"):
        if is_anaphoric(head, cues):
            return None
        words = [c.lower_ for c in head.children if c.dep_ in ("det", "predet", "nummod") and c.i < head.i]
    else:
        words = [w.lower_ for w in head.subtree if w.i <= head.i]
    return cues.collectives.get(" ".join(words))


def collective_items(position: int, size: int, terms: Sequence[Term], types: frozenset[str], history,
                     doc) -> list[Term]:
    """The items a collective subject stands for (see :func:`collective_size`): those of the one list before
    ``position`` in its sentence, else in the sentence before (as history terms), that names exactly ``size``
    things of ``types``."""
    before = [t for t in terms if t.end <= position]
    for earlier, carried in ((before, False), (history[-1][0] if history else [], True)):
        items = sorted((t for t in earlier if t.kind in types and t.iri and t.start >= 0
                        and t.source not in ("implied", "comparison") and not _bracketed_alias(doc, t, earlier)),
                       key=lambda t: t.start)
        run: list[Term] = []
        for item in [*items, None]:
            if item is not None and (not run or _joins_a_list(doc, run[-1].end, item.start)):
                run.append(item)
                continue
            named = list({t.iri: t for t in run}.values())
            if len(named) == size:
                return [Term(-1, -1, t.iri, t.kind, "history") for t in named] if carried else named
            run = [item]
    return []


def _relative_subject(root: Token) -> Token | None:
    """ "the compounding effect these conditions have on pain": a noun cue whose relative clause names the subject."""
    if root.pos_ != "NOUN":
        return None
    for child in root.children:
        if child.dep_ == "relcl":
            for grandchild in child.children:
                if grandchild.dep_ in SUBJECT_DEPS and grandchild.lower_ not in ("which", "that", "who"):
                    return grandchild
    return None


USE_OF_NOUNS = frozenset({"use", "administration", "application"})  # "the use of X for Y": X is what is used


def _what_is_used(root: Token) -> Token | None:
    """The word after "of" on a use noun ("the use of ketamine for chronic pain"), else ``None``."""
    if root.pos_ != "NOUN" or root.lemma_.lower() not in USE_OF_NOUNS:
        return None
    of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return None if of is None else next((c for c in of.children if c.dep_ == "pobj"), None)


def _what_it_comes_with(root: Token) -> Token | None:
    """ "the risks of dependence that come with them", "side effects associated with opioids": what a noun cue's
    relative clause or participle says it comes with (the word after "with"), else ``None``; not for what is
    done without ("without the risks associated with opioids"), which a claim denies of its own subject."""
    if root.pos_ != "NOUN" or root.head.lower_ == "without" or any(c.lower_ == "no" for c in root.children):
        return None  # "(relief) without the risks associated with opioids": what the subject is free of
    for clause in root.children:
        if clause.dep_ not in ("relcl", "acl") or clause.lemma_.lower() not in ("come", "associate", "link", "tie"):
            continue
        for prep in clause.children:
            if prep.dep_ in ("prep", "agent") and prep.lower_ in ("with", "to"):
                return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _purpose_of_something_else(root: Token, terms: Sequence[Term], cues: QualifierCues) -> bool:
    """Whether the cue is the purpose of giving something untracked: "(we) give medication to lower it" — the
    thing given does what the purpose says, not the page's drug ("we give infusions to relieve pain" does)."""
    if root.dep_ not in ("advcl", "xcomp", "acl") or not any(c.dep_ == "aux" and c.lower_ == "to"
                                                             for c in root.children):
        return False
    verb = root.head.head if root.dep_ == "acl" else root.head
    given = next((c for c in verb.children if c.dep_ == "dobj" and c.i < root.i), None)
    return given is not None and given.pos_ == "NOUN" and given.lemma_.lower() not in cues.stand_in_nouns \
        and not any(t.start <= given.i < t.end for t in terms)


def _verb_object(root: Token, cue_start: int, terms: Sequence[Term], fits) -> Term | None:
    """The drug a verb cue acts on when the subject is the person acting:
    "administering Ketamine in the ED", "offer ketamine therapy as a solution"."""
    verb = root
    for _ in range(3):
        if verb.pos_ == "VERB":
            break
        verb = verb.head
    for child in verb.children:
        if child.dep_ == "dobj" and not any(c.dep_ == "poss" and c.lower_ in TAKERS for c in child.children):
            # (not what people take: "patients can reduce their opioid medications")
            named = [t for t in terms if t.start <= child.i < t.end and fits(t) and t.kind == "Drug"]
            if not named and root.i != child.i and child.i < cue_start:  # "provide ketamine infusions, a treatment"
                modifiers = {c.i for c in child.children if c.dep_ in ("compound", "amod", "nmod")}
                named = [t for t in terms if t.start in modifiers and fits(t) and t.kind == "Drug"]
            if named and (named[0].end <= cue_start or verb.i == root.i):
                return named[0]
    return None


def _antecedent(relative: Token, terms: Sequence[Term], fits, types: frozenset[str], history, cues: QualifierCues,
                excluded: set[Term]) -> Term | None:
    """What "which"/"that"/"who" stands for: the noun its clause modifies.

    "a dissociative anesthetic that works by..." after "Ketamine is" is about
    ketamine; ", which disrupts" after a pronoun is about the clause's subject.
    """
    noun = relative.head.head if relative.head.dep_ in ("relcl", "acl") else None
    if relative.lower_ == "who" or (noun is not None and noun.lemma_.lower() in cues.recipients | cues.not_subjects):
        return NO_SUBJECT  # "patients who have not found relief": the patients, not a drug; "who" is never one
    if noun is not None and noun.dep_ == "appos":  # "glutamate, a neurotransmitter that ..."
        noun = noun.head
    if noun is None:
        before = [t for t in terms if t.end <= relative.i and fits(t)]
        return before[-1] if before else None
    if relative.lower_ == "which" and relative.i > 0 and relative.nbor(-1).text == "," \
            and _disagrees(noun, relative.head):  # "it blocks NMDA receptors, which triggers a burst of glutamate":
        return _clause_subject(noun, terms, fits, types, history, cues, excluded)  # what the clause before says
    owned = noun.dep_ == "dobj" and noun.lemma_.lower() in PROPERTY_NOUNS  # "has an effect that blocks"
    left = {t.i for t in noun.subtree if t.i <= noun.i}  # "ketamine infusion therapy, which ..."
    named = [t for t in terms if t.start in left and fits(t)]
    if named and not owned and noun.dep_ != "attr":
        return named[-1]
    if noun.dep_ in ("attr", "appos") or noun.pos_ == "PRON" or owned:  # "Ketamine is an anesthetic that ..."
        verb = noun.head
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS and child.i < noun.i:
                if child.lower_ in cues.relative_pronouns and child is not relative:  # "chronic pain, which is pain that"
                    return _antecedent(child, terms, fits, types, history, cues, excluded)
                if is_anaphoric(child, cues) and not any(t.start <= child.i < t.end for t in terms):
                    return resolve(child.i, terms, types, history, child.text, excluded, child.doc) or NO_SUBJECT
                named = [t for t in terms if t.start <= child.i < t.end and fits(t)]
                if named:
                    return named[0]
    if named:
        return named[-1]
    if noun.pos_ == "PRON" and is_anaphoric(noun, cues):
        return resolve(noun.i, terms, types, history, noun.text, excluded)
    return None


def _disagrees(noun: Token, verb: Token) -> bool:
    """Whether ``verb`` (or its first auxiliary) shows another number than ``noun``: "receptors, which triggers"
    (a noun in a coordination counts as many: "gabapentin and pregabalin, which bind")."""
    finite = next((c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i), verb)
    coordinated = noun.dep_ == "conj" or any(c.dep_ == "conj" for c in noun.children)
    plural = noun.tag_ in ("NNS", "NNPS") or coordinated
    singular = noun.tag_ in ("NN", "NNP") and not coordinated
    return (plural and finite.tag_ == "VBZ") or (singular and finite.tag_ == "VBP")


def _clause_subject(noun: Token, terms: Sequence[Term], fits, types: frozenset[str], history, cues: QualifierCues,
                    excluded: set[Term]) -> Term | None:
    """The subject of the clause ``noun`` belongs to, which a ", which" after it speaks of as a whole."""
    verb = noun
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            named = [t for t in terms if t.start <= child.i < t.end and fits(t)] \
                or [t for t in terms if t.start in {x.i for x in child.subtree} and fits(t)]
            if named:
                return named[0]
            if is_anaphoric(child, cues):  # "Rather than acting on serotonin, it blocks ...": not serotonin
                return resolve(child.i, terms, types, history, child.text,
                               [*excluded, *_contrasted(child.sent, child.i, terms)], child.doc) or NO_SUBJECT
            return NO_SUBJECT
    return None


def find_subject(sent: Span, cue_start: int, cue_end: int, root: Token, terms: Sequence[Term],
                 types: frozenset[str], history, cues: QualifierCues, exclude: Iterable[Term] = (),
                 topic: Term | None = None, cue_tokens: frozenset[int] = frozenset(),
                 recipient_ok: bool = False, page_drug: Term | None = None) -> Term | None:
    """The claim's subject for the cue at tokens ``cue_start:cue_end``, or None when it has none we accept.

    The parse is asked first; when it names no subject at all, a fitting
    term right before the cue ("ketamine blocks and resets"), then the
    nearest fitting term before it, then the sentences before.

    Parameters
    ----------
    sent, root
        The sentence and the cue's syntactic root word.
    terms
        The sentence's terms.
    types
        Kinds the predicate accepts as subject.
    history
        ``(terms, claim subjects)`` of the previous sentences, oldest first.
    exclude
        The cue's objects, which cannot also be its subject.
    topic
        The page's main drug: the subject when the page speaks for itself
        ("the clinic provides effective treatments for depression").
    cue_tokens
        Tokens of the sentence's other predicate cues ("ketamine blocks and resets").
    recipient_ok
        The predicate is one patients experience ("relief"): with "patients" as
        the grammatical subject, the drug comes from the sentences before.
    page_drug
        The drug the page (or section) is plainly about, if any, for a
        treatment predicate: the drug patients ("50 percent of people with X")
        get relief from when the sentences before name none.
    """
    excluded = set(exclude)

    def fits(term: Term) -> bool:
        return term.kind in types and term not in excluded and term.source not in ("implied", "comparison") \
            and bool(term.iri)

    adjacent = _adjacent_subject(sent, cue_start, terms, fits, cue_tokens)
    if adjacent is not None and adjacent.kind == "Drug":
        return adjacent  # "ketamine blocks": the small model often tags lower-case drug names as adjectives
    found = _parsed_subject(sent, cue_start, cue_end, root, terms, types, history, cues, excluded, fits, topic,
                            recipient_ok, page_drug)
    if found is NO_SUBJECT:
        return _listed_after_colon(sent, cue_end, root, terms, fits)
    if found is not None:
        return found
    if adjacent is not None:  # "ketamine blocks and resets": read even when the parse is not
        return adjacent
    inside = _named_in_conditions(terms)  # not "opioid" in "We treat opioid use disorder the way a doctor treats"
    before = [t for t in terms if t.end <= cue_start and fits(t) and not _bracketed_alias(sent.doc, t, terms)
              and t not in inside]
    if before:
        return before[-1]
    after_colon = [t for t in terms if t.start >= cue_end and fits(t)]
    if after_colon and any(tok.text == ":" for tok in sent.doc[cue_end:after_colon[0].start]):
        return after_colon[0]  # "Safe, Non-Addictive: Ketamine provides ..."
    if sent.doc[sent.start].pos_ in ("ADJ", "NOUN", "PROPN") and _is_label(sent):
        return resolve(sent.start, [], types, history, "(list label)", excluded)  # "Rapid Relief: Many patients ..."
    return None  # a subject carried over from an earlier sentence would too often be the wrong one


# nouns that announce a list of drugs: "Three medications are FDA-approved for fibromyalgia: A, B and C"
LIST_HEADS = frozenset({"medication", "medicine", "drug", "treatment", "therapy", "option", "agent", "choice"})


def people_counted(head: Token, cues: QualifierCues) -> Token:
    """The people a share counts ("up to 80% of patients with CRPS": patients), else ``head`` itself."""
    if head.lemma_.lower() not in SHARE_WORDS and not head.like_num:
        return head
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            people = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if people is not None and people.lemma_.lower() in cues.recipients | cues.people_nouns:
                return people
    return head


def _drug_said_of_before(sent: Span, terms: Sequence[Term], before: int, fits) -> Term | None:
    """The last fitting drug that is a subject before token ``before``: the drug an earlier clause of the sentence
    is about ("ketamine is a controlled substance, and recreational users ...")."""
    return next((t for t in reversed(terms) if t.end <= before and fits(t) and t.kind == "Drug"
                 and sent.doc[t.start:t.end].root.dep_ in SUBJECT_DEPS), None)


def _renamed_noun(root: Token, cue_start: int) -> Token | None:
    """The noun before the cue that an apposition renames, when the cue is that apposition ("It blocks NMDA
    receptors, a type of receptor") or a participle on it ("Spravato, a nasal spray derived from ketamine")."""
    if root.dep_ == "appos" and root.head.i < cue_start:
        return root.head
    if root.dep_ == "acl" and root.head.dep_ == "appos" and root.head.head.i < cue_start:
        return root.head.head
    return None


def _listed_after_colon(sent: Span, cue_end: int, root: Token, terms: Sequence[Term], fits) -> Term | None:
    """The first item of a list after a colon that the cue's subject announces ("three medications ...: A, B")."""
    head = syntactic_subject(root, cue_end)
    if head is None or head.lemma_.lower() not in LIST_HEADS:
        return None
    colon = next((t.i for t in sent.doc[cue_end:sent.end] if t.text == ":"), None)
    if colon is None:
        return None
    return next((t for t in terms if t.start > colon and fits(t)), None)


def _enabled_by(head: Token, root: Token, cue_start: int, terms: Sequence[Term], fits,
                cues: QualifierCues) -> Term | None:
    """The fitting subject of a verb that lets ``head`` do what the cue says, when ``head`` is none of ours:
    "ketamine helps the brain form new connections", "ketamine allows neurons to grow"; else None."""
    verb = head.head
    if verb.i != root.i or root.dep_ not in ("ccomp", "xcomp") or root.head.lemma_.lower() not in cues.enabling_verbs:
        return None
    outer = syntactic_subject(root.head, cue_start)
    phrase = {t.i for t in outer.subtree} if outer is not None else set()
    return next((t for t in terms if t.start in phrase and fits(t)), None)


def _is_label(sent: Span) -> bool:
    """A list item led by a short label: "Rapid Relief: ..." (the label names what the page offers)."""
    colon = next((t.i for t in sent if t.text == ":"), None)
    return colon is not None and colon - sent.start <= 4


NO_SUBJECT = Term(-1, -1, "", "", "none")  # the parse names a subject that is none of ours ("patients", "the goal")


def _parsed_subject(sent: Span, cue_start: int, cue_end: int, root: Token, terms: Sequence[Term],
                    types: frozenset[str], history, cues: QualifierCues, excluded: set[Term], fits,
                    topic: Term | None, recipient_ok: bool, page_drug: Term | None = None) -> Term | None:
    """The subject the dependency parse gives: a term, :data:`NO_SUBJECT`, or None when the parse names none."""
    if root.dep_ == "amod" and root.pos_ == "ADJ" and root.head.i >= cue_end:  # "non-addictive options"
        noun = root.head
        modified = [t for t in terms if t.start <= noun.i < t.end and fits(t)]
        if not modified and noun.dep_ == "attr":  # "Buspirone is a non-habit-forming option": the copula's subject
            subjects = {t.i for c in noun.head.children if c.dep_ in SUBJECT_DEPS for t in c.subtree}
            modified = [t for t in terms if t.start in subjects and fits(t)]
        if not modified and noun.dep_ == "pobj" and noun.head.lower_ == "as":  # "offer ketamine as an evidence-based X"
            verb = noun.head.head
            objects = {t.i for c in verb.children if c.dep_ == "dobj" for t in c.subtree}
            modified = [t for t in terms if t.start in objects and fits(t)]
        return modified[0] if modified else NO_SUBJECT
    renamed = _renamed_noun(root, cue_start)
    if renamed is not None:  # the noun in apposition, not the clause's subject
        named = [t for t in terms if t.start <= renamed.i < t.end]
        if named:
            return next((t for t in named if fits(t)), NO_SUBJECT)
    if root.dep_ == "prep":  # "created ketamine as an anesthetic", "given way to ketamine as an analgesic"
        just_before = [t for t in terms if t.end == cue_start and fits(t)]
        if just_before and root.lower_ == "as":
            return just_before[0]

    def object_subject() -> Term | None:  # read only where the parse leaves the subject to it
        return _verb_object(root, cue_start, terms, fits)

    # "the risks of dependence and addiction that come with them": with what they come; "guidelines on the use
    # of IV ketamine for chronic pain": the drug used
    for bearer in (_what_it_comes_with(root), _what_is_used(root)):
        if bearer is None:
            continue
        named = [t for t in terms if t.start <= bearer.i < t.end and fits(t)]
        if named:
            return named[0]
        if is_anaphoric(bearer, cues):
            return resolve(bearer.i, terms, types, history, bearer.text, excluded, sent.doc) or NO_SUBJECT
    means = _passive_means(root, terms, fits)
    if means is not None:  # "nausea can be treated with ondansetron": the means of a passive verb does it
        return means
    head = _relative_subject(root) or syntactic_subject(root, cue_end)  # may lie in the cue: "side effects ... include"
    if head is None:  # "Unlike traditional pain medications, ketamine ...", "By reducing X, ketamine ..."
        fronted = _fronted_subject(sent, cue_start, terms, fits)
        if fronted is not None:
            return fronted
        pronoun = _fronted_pronoun(sent, cue_start, cues)
        if pronoun is not None:  # "(Ketamine ...) By blocking NMDA receptors, it appears to ..."
            return resolve(pronoun.i, terms, types, history, pronoun.text,
                           [*excluded, *_contrasted(sent, pronoun.i, terms)], sent.doc) or NO_SUBJECT
    if head is not None and any(t.start <= head.i < t.end for t in excluded):
        head = syntactic_subject(root.head, cue_start) if root.head.i != root.i else None  # past the object
    if head is None:
        return object_subject()
    # (a sentence's first word is no relative pronoun: "That is very different from ..." points back)
    if head.lower_ in cues.relative_pronouns and head.dep_ in SUBJECT_DEPS and head.i != sent.start:
        return _antecedent(head, terms, fits, types, history, cues, excluded)
    size = collective_size(head, cues)
    if size is not None:  # "(sertraline and paroxetine ...) Both are SSRIs": each of them (see claims)
        items = [t for t in collective_items(head.i, size, terms, types, history, sent.doc) if t not in excluded]
        return replace(items[0], via=head.text) if len(items) == size else NO_SUBJECT
    if cue_start <= head.i < cue_end:  # "(Ketamine's) side effects (of ketamine) include ...": the cue names it
        owner = [t for t in terms if t.start in {x.i for x in head.subtree} and fits(t)]
        if owner:
            return owner[0]
        inside = _named_in_conditions(terms)  # not "opioid" in "we treat opioid use disorder the same way a ..."
        before = [t for t in terms if t.end <= cue_start and fits(t) and t not in inside]
        if before:
            return before[0]
        only = _single_previous_subject(history, types, sent.doc)  # the one drug the sentence before is about, if just one
        return replace(only, via=sent.doc[cue_start:cue_end].text) if only is not None else NO_SUBJECT
    phrase = [t.i for t in head.subtree if t.i < cue_start]
    if root.dep_ == "relcl" and not any(t.start in phrase and fits(t) for t in terms):
        # "the only two medications the FDA has approved for PTSD": about the medications, not the FDA
        carrier = _modified_noun_subject(root.head, terms, fits)
        if carrier is not None:
            return carrier
    examples = [t for t in terms if t.source == "example" and fits(t) and t.start in phrase]
    if examples:  # "traditional pain medications like opioids": the named example
        return examples[0]
    named = [t for t in terms if t.start <= head.i < t.end and fits(t)]
    if named:
        return named[0]
    if head.dep_ in ("csubj", "csubjpass") and head.lemma_.lower() in cues.intake_verbs:
        # "Using it to treat X is off-label", "Taking it without monitoring can be dangerous": the drug taken
        pronoun = next((c for c in head.children if c.dep_ == "dobj" and is_anaphoric(c, cues)), None)
        if pronoun is not None:
            return resolve(pronoun.i, terms, types, history, pronoun.text, excluded, sent.doc) or NO_SUBJECT
    if not phrase:
        return object_subject()
    low, high = min(phrase), max(phrase) + 1
    if is_anaphoric(head, cues):  # "these conditions" can only be conditions
        kinds = cues.anaphor_kinds.get(head.lemma_.lower())
        wanted = types & kinds if kinds is not None else types
        if not wanted or any(low <= t.start < high and _other_than(sent.doc, t, head) for t in terms):
            return NO_SUBJECT  # "the only ketamine-derived drug ...": another drug than the one it names
        return resolve(low, terms, wanted, history, sent.doc[low:head.i + 1].text,
                       [*excluded, *_contrasted(sent, low, terms)], sent.doc) or NO_SUBJECT
    head_lemma = people_counted(head, cues).lemma_.lower()
    names_people = head_lemma in cues.people_nouns or head_lemma in cues.recipients
    # a condition naming what the head is for ("our CRPS protocol", "a pain clinic") is not what the head is,
    # nor is a drug the head is only based on or like ("the one ketamine-based product", "opioid-free care")
    inside = [t for t in terms if low <= t.start and t.end <= high and fits(t)
              and not (t.kind in ("Condition", "Symptom") and t.end == head.i and not names_people)
              and not (t.kind == "Drug" and t.end == head.i and head.lemma_.lower() in AMOUNT_HEADS)
              and not _other_than(sent.doc, t, head) and _names_the_head(sent.doc, t, head)]
    if inside:
        return _best_in(inside, head, sent)
    verb_object = object_subject()
    if verb_object is not None:  # "we offer ketamine therapy as a solution"
        return verb_object
    lemma = head_lemma
    if lemma in cues.recipients:
        if head.head.dep_ in ("xcomp", "ccomp"):  # "ketamine therapy helps patients achieve relief": whose help
            outer = syntactic_subject(head.head.head, cue_start)
            phrase_of_outer = {t.i for t in outer.subtree if t.i < cue_start} if outer is not None else set()
            named = [t for t in terms if t.start in phrase_of_outer and fits(t)]
            if named:
                return named[0]
        # (not in the verb's own object: "patients are able to reduce their opioid medications")
        verbs = [root, *(c for c in root.children if c.dep_ == "conj")]  # "reduce or stop their opioids"
        owned = {w.i for v in verbs for c in v.children if c.dep_ == "dobj" for w in c.subtree}
        later = [t for t in terms if t.start >= cue_end and fits(t) and t.kind == "Drug" and t.start not in owned]
        if later:  # "patients experience relief after receiving ketamine"
            return later[0]
        if recipient_ok:
            # "ketamine is a controlled substance, and recreational users can develop tolerance": the drug an
            # earlier clause of the sentence is about; else "Many patients experience pain reduction within hours"
            said_of = _drug_said_of_before(sent, terms, low, fits)
            if said_of is not None:
                return replace(said_of, via=head.text)
            # what patients get or develop comes from a drug or procedure an earlier claim was about, not from their
            # condition, a treatment merely named ("some patients ask about TMS") or anything else the sentences
            # name ("people with TRD get relief ... One of our patients developed RSD"; "the neurons involved
            # respond ... patients develop tolerance")
            taken = types & TAKEN_KINDS or types
            earlier = resolve(low, [], taken, history, head.text, excluded, subjects_only=True) \
                or resolve(low, [], taken, history, head.text, excluded)
            if earlier is None and page_drug is not None and page_drug.kind in types and head.pos_ == "NOUN" \
                    and not any(t.kind == "Drug" for t in terms):
                return replace(page_drug, via=head.text)  # "50 percent of people with X get relief," he said
            return earlier or NO_SUBJECT
        return NO_SUBJECT
    if lemma in cues.effect_nouns and recipient_ok:  # "Relief usually lasts 3 to 6 weeks": the drug's relief
        said_of = _drug_said_of_before(sent, terms, low, fits)
        if said_of is not None:  # "ketamine can help CRPS, and the benefits are often temporary"
            return replace(said_of, via=head.text)
        # whose benefit: what an earlier claim was about, not a drug merely named ("... which usually include trying
        # several antidepressants. ... the benefits often last many months", of TMS)
        earlier = resolve(low, [], types, history, head.text, excluded, subjects_only=True)
        if earlier is None and page_drug is not None and page_drug.kind in types:
            return replace(page_drug, via=head.text)  # "for many, the benefit fades within weeks"
        return earlier or NO_SUBJECT
    enabled = _enabled_by(head, root, cue_start, terms, fits, cues)
    if enabled is not None:  # "ketamine helps the brain form new connections": what helps it do so
        return enabled
    if lemma in cues.page_voice and topic is not None and topic.kind in types:
        if _purpose_of_something_else(root, terms, cues):
            return NO_SUBJECT  # "we may give medication to lower it": the medication lowers it, not our drug
        return replace(topic, via=head.text)  # "the clinic provides effective treatments for ..."
    return NO_SUBJECT  # the subject is something we do not track ("the goal")
