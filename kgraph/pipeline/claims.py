"""Claims from sentences: subject, predicate, objects and qualifiers (pure helpers around a parsed Doc).

For every sentence the stage lines up three things: the *terms* it names
(entity mentions, plus the claim terms of ``ontology/terms.ttl``), the
*predicate cues* of ``ontology/predicates.ttl``, and the clause each token
belongs to. Each term after a cue, in the same clause and within reach,
becomes an object of the nearest cue whose predicate accepts its type, so a
list ("treats depression, PTSD, OCD and chronic pain") gives one claim per
item, all sharing the cue's anchor. The subject comes from the parse (the
``nsubj`` on the cue's path to the root, the noun a relative clause hangs
on), else from the nearest fitting term before the cue, else, for "it",
"them", "this medication", from the sentence before (:mod:`.anaphora`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal

from spacy.tokens import Doc, Span, Token

from kgraph.iris import minted_concept_iri
from kgraph.namespaces import KG
from kgraph.pipeline.anaphora import (
    EXAMPLE_MARKER_REACH,
    EXAMPLE_MARKERS,
    SUBJECT_DEPS,
    TAKERS,
    Term,
    collective_items,
    collective_size,
    find_subject,
    fronted_comma,
    is_anaphoric,
    people_counted,
    resolve,
    syntactic_subject,
)
from kgraph.pipeline.claim_rules import CueSense, PredicateVocabulary, QualifierCues
from kgraph.pipeline.clauses import (
    BULLET_CHARS,
    FUNCTION_CUES,
    PAGE_DRUG,
    SENTENCE_END_CHARS,
    CueMatch,
    after_preposition,
    attribute_of,
    char_span,
    claim_sentences,
    clause_ids,
    complement_of,
    coordinated,
    cue_root,
    distance,
    elided_terms,
    entity_kind,
    in_asides,
    in_parentheses,
    is_apposition,
    is_year,
    joined,
    object_of,
    page_condition,
    page_topic,
    short_line,
    term_root,
    words_after,
    year_tokens,
)
from kgraph.pipeline.doc_cache import TokenColumns, noun_chunk_bounds, page_text, token_columns
from kgraph.pipeline.phrases import PhraseIndex, PhraseMatch
from kgraph.pipeline.qualifiers import (
    PREFIX_NEGATIONS,
    QualifierIndex,
    SentenceCues,
    certainty,
    in_clausal_subject,
    polarity,
    sentence_cues,
)
from kgraph.pipeline.quantities import load_quantity_lexicon
from kgraph.pipeline.quantity_lexicon import COUNT, PERCENT
from kgraph.pipeline.statistics import span_quantity

__all__ = ["ClaimFinder", "ClaimHit"]

PREDICATES = "https://w3id.org/kgraph/vocab/predicate/"
HARM = "https://w3id.org/kgraph/vocab/term/harm"
DEMONSTRATIVES = frozenset({"this", "that"})  # a bare one may stand for an event as well as for the drug
TREATS = PREDICATES + "treats"
IS_A = PREDICATES + "is-a"
DRUG_FOR = CueSense(TREATS)  # "for" right after a drug
HAS_SIDE_EFFECT = PREDICATES + "has-side-effect"
HAS_ONSET = PREDICATES + "has-onset"
PREVALENCE = "prevalence"  # the kg:measure of the predicate that counts the people who have a condition
CONTRAINDICATED_IN = PREDICATES + "contraindicated-in"
RECOMMENDED_FOR = PREDICATES + "recommended-for"
SHORT_LIVED_SIDE_EFFECTS = PREDICATES + "has-short-lived-side-effects"
SIDE_EFFECT_DURATION = CueSense(PREDICATES + "has-side-effect-duration")  # read by rule, from a figure
SIDE_EFFECT = "https://w3id.org/kgraph/vocab/term/side-effect"
DAY_SECONDS = 86_400  # "within an hour or two": effects that pass within a day are short-lived
WEEK_SECONDS = 7 * DAY_SECONDS  # "lasts for several weeks", "for months": an effect that lasts long
SESSION_ENDS = frozenset({"end", "stop", "finish", "over"})  # "once the infusion ends"
SPAN_PREPOSITIONS = frozenset({"within", "over", "after"})  # "fades within weeks"
HEDGE_PHRASE_WORDS = 2  # "as little as", "as early as": a cue's words that are also a figure's hedge
EXTRAPOSED_REACH = 6  # "take six weeks for most antidepressants to work": words from "for" to "to"
FELT_FOR = frozenset({"for"})  # "feel groggy for about 24 hours": how long a felt side effect lasts
SPAN_FILLERS = frozenset({"to", "or", "and", "even", "a", "few", "several", "many", "some"})  # "weeks or even months"
RANGE_WORDS = frozenset({"from", "up"})  # "last from a few weeks to several months", "up to months"
SESSION_END_REACH = 4  # words between a session noun and its end: "by the end of the infusion"
# pronouns that stand for people: "those experiencing suicidal ideation"
PEOPLE_PRONOUNS = frozenset({"those", "anyone", "someone", "everyone", "people"})
FEELING_VERBS = frozenset({"notice", "feel", "experience", "describe"})  # "you may notice" a side effect, timed by a session
FEELERS = frozenset({"you", "we", "they", "i", "he", "she", "who", "many", "some", "most", "few", "others", "all",
                     "everyone", "anyone", "someone"})  # pronouns that may stand for people who feel something
APPOSITION_REACH = 6  # words from the determiner of an apposition to the term that heads it
FINITE_VERB_TAGS = frozenset({"VBZ", "VBD", "VBP", "MD"})
SESSION_TIMES = frozenset({"during", "after", "following"})  # "during the infusion"
SESSION_HEADING_WORDS = SESSION_TIMES | {"at", "expect"}  # "What to Expect at Your Infusion"
# times that can only follow a session: "you may feel tired for the rest of the day", "groggy afterward"
AFTER_A_SESSION = (("rest", "of", "the", "day"), ("afterward",), ("afterwards",), ("next", "morning"))
IS_MAINTAINED_BY = PREDICATES + "is-maintained-by"
POSSESSIVE_PRONOUNS = frozenset({"its", "their"})
PEOPLE_POSSESSIVES = TAKERS | {"our"}  # "their symptoms improved", "our symptoms improved"
SYMPTOM_NOUNS = frozenset({"symptom"})
SHARED_OBJECT_REACH = 4  # "reduce or even eliminate pain": a verb joined right after the cue shares its object
ORDER_WORDS = frozenset({"first", "second", "third", "fourth", "fifth", "sixth", "single", "initial", "next", "last",
                         "final", "each", "one"})  # "after the first infusion": which session
GENERIC_TREATMENTS = frozenset({"treatment", "therapy"})  # "therapy for X" may be any therapy, not the page's drug
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})  # "These treatments work fast. Their effects fade": both
PLURAL_DETERMINERS = frozenset({"these", "those", "such"})  # "these conditions": every item of a list named before
DEFINITE_DETERMINERS = frozenset({"the", "this"})  # "the anesthetic": a class noun standing for a drug named before
OPENING_QUOTES = frozenset("“‘")
CLOSING_QUOTES = frozenset("”’")
REPORTED_REACH = 6  # words from a verb of describing to the quotation it introduces ("describe IV ketamine as")
ONSET_VERBS = frozenset({"work", "kick", "reach", "start", "begin", "show", "feel", "help", "act", "see", "notice"})
DOSE_REACH = 4  # words from an onset cue to "of/after" ...
DOSE_NOUN_REACH = 6  # ... and from there to the treatment noun ("of their first or second infusion")
LABEL_REACH = 4  # tokens from a line's start to the colon after its label ("• Session length: 3 to 4 hours")
SIDE_EFFECT_WORDS = frozenset({"effect", "event", "reaction"})  # "side effects", "adverse events"
CANDIDACY_ENDS = frozenset({"until", "unless", "if", "when", "because", "while"})  # "not candidates until ..."
COURSE_NOUNS = frozenset({"course", "series", "dose"})  # "respond to a course of infusions": the drug's sessions
SESSION_KINDS = frozenset({"sessions", "session length", "dose"})  # statistics that name what they count
MASS_UNITS = frozenset({"MicroGM", "MilliGM", "GM", "NanoGM"})  # QUDT units of a dose (alone or per body mass)
SPREAD_WORDS = frozenset({"over", "within", "in", "across"})  # "six infusions over two weeks": a course's span
# "SSRIs such as sertraline", "antidepressants like amitriptyline", "NSAIDs including ibuprofen"
CLASS_EXAMPLE_MARKERS = (("such", "as"), ("like",), ("including",), ("e.g.",))
TITLE_DETERMINERS = frozenset({"the", "a", "an"})  # "the antiemetic ondansetron": a class noun as a title
CURRENCY = "http://qudt.org/vocab/currency/"
EFFECT_SIZES = frozenset({"reduction", "decrease", "increase", "improvement", "drop", "rise", "response", "chance",
                          "risk", "remission", "relief"})
MAX_SENTENCE_TOKENS = 250  # longer sentences are skipped: bounded cost per sentence
MAX_OPEN_ITEMS = 6
LIST_CUE_ENDINGS = frozenset({"include", "as", "like", "be", "of", "from"})
# words between a cue and the colon that opens its list: "for several related conditions:", "with the following:"
LIST_FILLER_POS = frozenset({"DET", "ADJ", "NUM", "ADP", "ADV", "CCONJ", "PRON"})  # "... right for you if you:"
LIST_NOUNS = frozenset({"condition", "symptom", "disorder", "illness", "issue", "problem", "following", "disease",
                        "diagnosis", "effect", "reaction", "benefit", "sign"})
MAX_BULLET_LINES = 12  # bulleted lines a sentence ending in a colon may introduce as its list
EXAMPLE_WORDS = frozenset({"example", "instance"})  # "Examples include:", "For instance:"
EXAMPLE_INTRO_WORDS = EXAMPLE_WORDS | {"include", "be", "some", "common", "a", "few", "for", "these", "such"}
HEADING_ENDS = frozenset(".!:;,")  # a short line ending so is a sentence or a label, not a heading ("?" may end one)
MAX_LIST_ITEM_WORDS = 12  # a longer bulleted line is a sentence, read as one
MAX_LIST_ITEM_HEAD_WORDS = 5  # ... unless it opens with a short term and a colon ("- Nausea: we can give ...")
MAX_LIST_INTRO_WORDS = 40  # a paragraph ending in a colon between a heading and its list ("The most common are:")
SCOPING_MARKS = frozenset({"when", "if", "while"})  # a clause after the claim's that says when it holds
SCOPE_KINDS = frozenset({"PopulationGroup", "UseContext"})  # both written as kg:populationGroup
SITE_REACH = 6  # words after the claim's last object where "in the brain" still places it
LIST_REACH = 8  # words from one list item to the next ("X, including conditions like Y and Z")
# "reported with prolonged use", "common during an infusion": a use of no other drug
USE_NOUNS = frozenset({"use", "dose", "dosing", "exposure", "infusion"})
# "a short-term trial": how long a study ran
STUDY_NOUNS = frozenset({"trial", "study", "data", "datum", "evidence", "research", "follow-up"})
# "In both, the dose was 0.5 mg/kg" (after two trials), "In these studies, ...": what a fronted phrase refers back to
STUDY_REFERENCES = frozenset({"both", "each", "all", "these", "those"})
PARTICLES = frozenset({"up", "down", "out", "off", "in", "on", "over", "back"})  # "follow-up", "check-in": nouns
POPULATION_MODIFIERS = 3  # words between a population cue and the condition it names: "with life-threatening cancer"
REPEATED_CONDITION_MARKS = frozenset({"if", "who", "when"})  # "..., or if you are pregnant", "or who are pregnant"
REPEATED_CONDITION_HOLDERS = frozenset({"you", "they", "he", "she", "patients", "people"})  # "or if *you* are"
SWAPPABLE_OBJECTS = frozenset({"Statistic", "Evidence"})  # "52 million Americans report chronic pain"
NOUN_CUE_POS = frozenset({"NOUN", "PROPN", "ADJ"})
COMPOUND_OBJECT_KINDS = frozenset({"Symptom", "Receptor"})
COMPLEMENT_DEPS = frozenset({"dobj", "prep", "pobj", "attr", "xcomp", "ccomp", "acomp", "dative", "agent"})
OBJECT_DEPS = frozenset({"dobj", "attr", "xcomp", "ccomp", "acomp", "dative", "oprd"})  # not a prepositional phrase
LABEL_WORDS = 4  # "How ketamine helps:": a question this short before a colon labels what follows
NAMING_WORDS = (("called",), ("named",), ("known", "as"))  # "a receptor called the NMDA receptor"
NAME_OPENERS = frozenset({"the", "a", "an", '"', "“", "'"})
NAMING_REACH = 4  # words between a term and the naming word ("a receptor in the brain called ...")
# "NMDA receptors, which are called glutamate receptors" names a class, not the receptor
NAMING_STOPS = frozenset({".", ";", ":", "which", "that", "who", "is", "are", "was", "were", "be", "been"})
LESSENING_WORDS = frozenset({"less", "fewer", "reduced", "lower", "decreased", "improved", "little"})  # "less anxiety"


@dataclass(frozen=True, slots=True)
class ClaimHit:
    """One claim, with character offsets into the document text."""

    start: int  # the anchor: the words that carry the claim
    end: int
    subject: str
    subject_kind: str
    subject_span: tuple[int, int] | None  # where the subject is named, if in this sentence
    subject_via: str | None  # the pronoun or phrase resolved to the subject ("them")
    subject_label: str | None  # the label of a subject concept minted from the page ("damage")
    predicate: str
    cue: str
    cue_span: tuple[int, int]
    object: str  # concept IRI; "" for a statistic (see object_span)
    object_kind: str
    object_span: tuple[int, int] | None
    object_label: str | None  # the label of an object concept minted from the page ("endorphin")
    negated: bool
    negation_cue: str | None
    certainty: str  # Asserted, Hedged or Emphatic
    certainty_cue: str | None
    sites: tuple[str, ...] = ()
    populations: tuple[str, ...] = ()
    indications: tuple[str, ...] = ()
    times: tuple[tuple[int, int], ...] = ()  # year statistics, as mention offsets
    sources: tuple[tuple[str, int, int], ...] = ()  # (concept, start, end) of SOURCE mentions credited
    sentence: tuple[int, int] = (0, 0)

    def as_dict(self) -> dict:
        """The fields as a plain dict, equal to ``dataclasses.asdict(self)``.

        Every field is immutable (strings, numbers, tuples of them), so the
        values are shared instead of deep-copied as ``asdict`` does.
        """
        return {name: getattr(self, name) for name in _CLAIM_FIELDS}


_CLAIM_FIELDS = tuple(f.name for f in fields(ClaimHit))


@dataclass
class _SentenceContext:
    """What the claims of one sentence share: its cues, the page's main drug, its years, and the subjects found
    so far."""

    cues: list[CueMatch]
    cue_tokens: frozenset[int]
    topic: Term | None
    kind_of: Callable[[str, str], bool] | None = None  # (narrower, broader) -> whether one concept lies below
    condition: str | None = None  # the condition the page is plainly about: what "relief" relieves there
    named_conditions: frozenset[str] = frozenset()  # every condition the page names
    years: list[Term] = field(default_factory=list)  # statistic terms that are years ("in 2019")
    loose_years: list[Term] = field(default_factory=list)  # year tokens outside every term: "In 2019, ..."
    withouts: list[Token] = field(default_factory=list)  # the sentence's "without" phrases
    absent: frozenset[tuple[int, int]] = frozenset()  # use contexts a "without" says are absent (their spans)
    studies: list[Term] = field(default_factory=list)  # "In both, ...": the studies just named scope every claim
    scope: list[Term] = field(default_factory=list)  # conditions the sentence opens with: "For fibromyalgia, ..."
    timed_section: bool = False  # the sentence's section heading names a session's time: "What to Expect at ..."
    earlier: Sequence[ClaimHit] = ()  # the claims of the page's earlier sentences
    subjects_by_root: dict[int, Term] = field(default_factory=dict)  # cue root token -> its claim's subject
    # token after a claim's last object -> the claim's subject: "ketamine blocks X and triggers Y" shares it
    subjects_by_object_end: dict[int, Term] = field(default_factory=dict)

    def shared_subject(self, doc: Doc, cue: CueMatch) -> Term | None:
        """The subject of the claim whose objects end right before "and"/"or" and this verb cue, if any."""
        before = cue.start - 1
        if before < 1 or doc[before].lower_ not in ("and", "or") or not doc[cue.start].tag_.startswith("VB"):
            return None
        return self.subjects_by_object_end.get(before)

    @property
    def page_drug(self) -> Term | None:
        """The drug the page (or section) is plainly about, when its topic is one."""
        return self.topic if self.topic is not None and self.topic.via == PAGE_DRUG else None

    def governing_subject(self, root: Token, types: frozenset[str], objects: list[Term]) -> Term | None:
        """The subject of an earlier claim of this sentence whose cue governs this one (two steps up at most):
        "... resets pain signals by blocking receptors"."""
        token = root
        for _ in range(3):
            if token.dep_ not in ("conj", "pcomp", "pobj", "prep", "xcomp", "advcl", "acl", "amod") \
                    or token.head.i == token.i:
                return None
            token = token.head
            found = self.subjects_by_root.get(token.i)
            if found is not None and found.kind in types and found not in objects:
                return found
        return None


class ClaimFinder:
    """Finds claims in parsed docs; build once per pipeline (the indexes are compiled here)."""

    def __init__(self, vocabulary: PredicateVocabulary, cues: QualifierCues, tokenize) -> None:
        self.vocabulary = vocabulary
        self.cues = cues
        self.cue_index: PhraseIndex[CueSense] = PhraseIndex(vocabulary.cues, tokenize)
        self.term_index: PhraseIndex[str] = PhraseIndex(
            ((label, iri) for label, iri in vocabulary.term_labels), tokenize)
        self.qualifiers = QualifierIndex(cues, tokenize)
        self.population_index: PhraseIndex[str] = PhraseIndex(((c, c) for c in cues.population_cues), tokenize)
        self.not_cue_index: PhraseIndex[str] = PhraseIndex(((c, c) for c in cues.not_cues), tokenize)
        self.comparison_index: PhraseIndex[str] = PhraseIndex(((c, c) for c in cues.comparisons), tokenize)
        self.tokenize = tokenize
        self.lexicon = load_quantity_lexicon()
        self.cue_words = frozenset(text.lower() for text, sense in vocabulary.cues
                                   if " " not in text and not sense.said_of_group)
        self.recipient_predicates = frozenset(PREDICATES + name for name in cues.recipient_predicates)
        # a procedure a cue carries as its own object ("booster infusions": kept up by boosters) says how a drug
        # is given; it never does anything itself
        self.carried = frozenset(sense.implied_object for _, sense in vocabulary.cues if sense.implied_object
                                 and vocabulary.concept_kinds.get(sense.implied_object) == "Procedure")
        self._reaches: dict[str, int] = {}  # cue phrase -> words its objects may lie after it (see _reach)
        # determiners that make a plural noun stand for every item named before: "these conditions", "both drugs"
        self._plural_determiners = PLURAL_DETERMINERS | cues.anaphoric_determiners
        # treatment nouns that stand for the page's drug given: "$495 per infusion for depression"
        self._dose_nouns = cues.stand_in_nouns - GENERIC_TREATMENTS

    # ------------------------------------------------------------------ terms and cues

    def _statistic_kind(self, span: Span) -> str:
        """What a statistic counts: "people", "percent", "duration", "year", "effect", "money", "count" or "other"."""
        quantity = span_quantity(span)
        if quantity is None:
            return "other"
        unit, counted = quantity.unit, (quantity.quantifies or "").lower().split()
        head = counted[-1] if counted else ""
        if unit == str(KG.CalendarYear):
            return "year"
        if unit in self.lexicon.seconds:  # "a 40-minute infusion" times a session, "within two hours" anything
            return "session length" if span[-1].lemma_.lower() in self.cues.session_nouns else "duration"
        if unit == PERCENT:
            return "effect" if head in EFFECT_SIZES else "percent"
        if unit == COUNT:
            if quantity.population or head in self.cues.people_nouns:
                return "people"
            spread = quantity.per is None or quantity.per.text.split()[0].lower() in SPREAD_WORDS
            # "six infusions over two weeks" is a course; "one session every week" a frequency
            return "sessions" if head.removesuffix("s") in self.cues.session_nouns and spread else "count"
        if unit.rsplit("/", 1)[-1].split("-")[0] in MASS_UNITS:
            return "dose"  # "0.5 mg/kg", "56 mg"
        return "money" if unit.startswith(CURRENCY) else "other"

    def sentence_terms(self, sent: Span, mentions: list[Span], lookup=None) -> list[Term]:
        """Mentions of the sentence plus claim terms that do not overlap a mention (a term containing one wins).

        ``lookup(label, entity_type)`` finds a vocabulary concept by label; with
        it, "acute and chronic pain" also names acute pain.
        """
        named_sources = [m for m in mentions if m.label_ == "SOURCE" and sent.start <= m.start < sent.end]
        # "Stroke" in "the National Institute of Neurological Disorders and Stroke" is part of a name
        mentions = [m for m in mentions if m.label_ == "SOURCE"
                    or not any(s.start <= m.start and m.end <= s.end for s in named_sources)]
        terms = [Term(m.start, m.end, m.kb_id_ if m.label_ != "STATISTIC" else "", entity_kind(m.label_), "mention",
                      detail=self._statistic_kind(m) if m.label_ == "STATISTIC" else None)
                 for m in mentions if sent.start <= m.start and m.end <= sent.end and m.label_ != "SOURCE"]
        if lookup is not None:
            terms += elided_terms(sent, [m for m in mentions if sent.start <= m.start and m.end <= sent.end], lookup)
        for match in self.term_index.find(sent):
            iri = match.payloads[0]
            term = Term(match.start, match.end, iri, self.vocabulary.terms[iri].kind, "term")
            if any(m.start < term.end and term.start < m.end and not term.start < m.start <= m.end < term.end
                   for m in named_sources):
                continue  # "Anesthesia and Analgesia" is a journal; "used in the Yale and NIMH studies" holds two
            overlapping = [t for t in terms if t.source == "mention" and t.start < term.end and term.start < t.end]
            if term.kind == "PopulationGroup" and overlapping and all(
                    t.kind == "Statistic" and t.start == term.start and term.end < t.end for t in overlapping):
                terms.append(term)  # "adults 18 and older": the age says how old, the group who
                continue
            if all(term.start <= t.start and t.end <= term.end and (t.end - t.start) < (term.end - term.start)
                   for t in overlapping):  # "use of opioids": the drug stays, as a possible subject only
                if term.kind == "PopulationGroup":
                    term = replace(term, named=tuple(sorted({t.iri for t in overlapping if t.kind == "Drug"})))
                terms = [t for t in terms if t not in overlapping] + [term]
                if term.kind == "Outcome":
                    terms += [replace(t, source="inner") for t in overlapping]
        if lookup is not None:
            terms = [self._called_narrower(sent.doc, t, lookup) for t in terms]
        lowers = token_columns(sent.doc).lower
        # "non-opioid therapies" are no opioids: a drug joined to a "non-" prefix names what it is not
        terms = [t for t in terms if not (t.kind == "Drug" and t.start >= 2 and lowers[t.start - 1] == "-"
                                          and lowers[t.start - 2] in PREFIX_NEGATIONS)]
        terms = _named_after(terms, lowers)
        terms = [replace(t, source="example") if t.source == "mention" and any(
            lowers[i] in EXAMPLE_MARKERS for i in range(max(sent.start, t.start - 2), t.start)) else t
            for t in terms]
        compared = {m.end for m in self.comparison_index.find(sent)}
        texts = token_columns(sent.doc).text
        terms = [replace(t, source="comparison") if any(
            t.start - 3 <= end <= t.start  # "compared with SSRIs", "the same way a doctor treats diabetes"
            # a drug later in the comparison's phrase is a comparator too: "compared with the weeks SSRIs take"
            or (t.kind == "Drug" and end <= t.start and not any(texts[i] in (",", ";") for i in range(end, t.start)))
            for end in compared) else t for t in terms]
        return sorted(terms, key=lambda t: (t.start, t.end))

    @staticmethod
    def _called_narrower(doc: Doc, term: Term, lookup) -> Term:
        """The term, or the narrower concept a predicative adjective makes of it: "pain is considered chronic
        when ...", "clinicians describe pain as chronic once ..." speak of chronic pain."""
        if term.kind not in ("Condition", "Symptom") or term.end - term.start != 1:
            return term
        noun = doc[term.start]
        if noun.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            return term
        for child in noun.head.children:
            adjective = child if child.dep_ in ("oprd", "acomp") and child.pos_ == "ADJ" else next(
                (c for c in child.children if c.pos_ == "ADJ"), None) if child.lower_ == "as" else None
            if adjective is not None:
                narrower = lookup(f"{adjective.text} {noun.text}", "CONDITION")
                if narrower:
                    return replace(term, iri=narrower, kind="Condition")
        return term

    def sentence_cue_matches(self, sent: Span, terms: list[Term]) -> list[CueMatch]:
        """Predicate cues, leftmost-longest, never inside a term (a cue containing a shorter term wins over it)."""
        doc = sent.doc
        chosen: list[PhraseMatch[CueSense]] = []
        blocked = self.not_cue_index.find(sent)
        # leftmost-longest; of two as long, the one with fewer wildcards ("drive themselves home" before "drive * home")
        for match in sorted(self.cue_index.find_all(sent),
                            key=lambda m: (m.start, -(m.end - m.start), m.phrase.count("*"))):
            if chosen and match.start < chosen[-1].end:
                continue
            if any(b.start <= match.start < b.end and match.end <= b.end for b in blocked):
                continue  # "as part of" is no "as" and no "part of", but "part of a broader plan" reaches past it
            if match.phrase.lower() in self.cues.statistic_cues and not any(
                    t.kind == "Statistic" and t.detail in SESSION_KINDS and t.start <= match.start
                    and match.end <= t.end for t in terms):
                continue  # "infusions" is a cue in "six infusions", not in "ketamine infusions help"
            hedged = next((t for t in terms if t.kind == "Statistic" and match.start < t.start
                           and t.start + HEDGE_PHRASE_WORDS <= match.end < t.end), None)
            if hedged is not None:  # "in as little as an hour": the cue's last words are the figure's hedge phrase
                # (not one word: "infused over 40 minutes" is no hedge "over", though the figure reads it so)
                match = replace(match, end=hedged.start)
            if match.end - match.start > 1 and doc[match.start].dep_ == "pobj" and doc[match.end - 1].pos_ == "VERB":
                continue  # "the effects of one infusion usually last weeks": the effects last, not the infusion
            if match.start >= 2 and doc[match.start - 1].text == "-" and not doc[match.start - 1].whitespace_ \
                    and doc[match.start - 2].lower_ not in ("non", "anti"):
                continue  # "hard-to-treat", "well-tolerated": part of a compound modifier
            if any(t.start < match.end and match.start < t.end and not (match.start <= t.start and t.end <= match.end
                                                                          and t.end - t.start < match.end - match.start)
                   and not (t.kind == "Statistic" and t.start <= match.start and match.end <= t.end)
                   and not (t.kind == "Statistic" and t.start < match.start == t.end - 1 < match.end - 1)
                   and not (t.start == match.start and t.end == match.end
                            and any(p.implied_object == t.iri for p in match.payloads))
                   and not (t.kind == "Drug" and t.start < match.start < t.end < match.end
                            and any(p.implied_object for p in match.payloads))
                   for t in terms):
                continue  # a cue inside a term is part of its name, except in a dated statistic, a cue opening on
                # a statistic's last word ("$495 per infusion for depression"), or a cue that names its own
                # object ("booster infusions": kept up by boosters, "a rapid antidepressant effect": a drug
                # class's last word opening an effect)
            chosen.append(match)
        found = [CueMatch(m.start, m.end, m.phrase, m.payloads) for m in chosen]
        taken = {i for m in chosen for i in range(m.start, m.end)}
        lowers = token_columns(doc).lower
        for term in terms:  # "IV ketamine for PTSD", "SSRIs for anxiety": a drug named for what it treats
            if term.kind == "Drug" and term.source == "mention" and term.end < sent.end \
                    and lowers[term.end] == "for" and term.end not in taken \
                    and not any(0 <= term.start - m.end <= 3 for m in chosen):  # "prescribed opioids for": the verb's
                found.append(CueMatch(term.end, term.end + 1, "for", (DRUG_FOR,)))
        return sorted(found, key=lambda c: c.start)

    # ------------------------------------------------------------------ claims

    def find(self, doc: Doc, mentions: list[Span], excluded: list[tuple[int, int]] = (), lookup=None,
             publisher_rule: str = "publisher", kind_of: Callable[[str, str], bool] | None = None,
             drug_classes: frozenset[str] = frozenset()) -> list[ClaimHit]:
        """Every claim of ``doc``, in text order; nothing inside the ``excluded`` character ranges.

        ``kind_of(narrower, broader)`` tells whether one concept lies below another in the vocabularies; with it,
        "SSRIs such as sertraline" states that sertraline is an SSRI. ``drug_classes`` ("antidepressants")
        do not compete with a single drug for the page's topic.
        """
        hits: list[ClaimHit] = []
        history: list[tuple[list[Term], list[Term], list[ClaimHit]]] = []  # (terms, claim subjects, claims) of earlier sentences
        credited = {k for k, m in enumerate(mentions)
                    if m.label_ == "SOURCE" and (m._.kgraph_rule or "") != publisher_rule}  # sources a claim may credit
        topic = page_topic(mentions, drug_classes)
        condition = page_condition(mentions)
        named_conditions = frozenset(m.kb_id_ for m in mentions if m.label_ == "CONDITION" and m.kb_id_)
        sections = self._section_topics(doc, mentions, topic, drug_classes)
        section_starts = [start for start, _, _ in sections]
        section = -1
        # each sentence reads only the mentions that start in it (or at its end), in their given order
        order = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
        starts = [mentions[k].start for k in order]
        for sent in claim_sentences(doc, list(excluded)):
            if len(sent) > MAX_SENTENCE_TOKENS:
                continue  # a run-on "sentence" (a list glued without punctuation, a data dump) holds no readable claim
            near = sorted(order[bisect_left(starts, sent.start):bisect_right(starts, sent.end)])
            terms = self.sentence_terms(sent, [mentions[k] for k in near], lookup)
            sources = [mentions[k] for k in near if k in credited]  # a claim credits only its sentence's sources
            items = self._bullet_items(sent, mentions, order, starts, excluded, lookup)
            at = bisect_right(section_starts, sent.start_char) - 1
            local_topic = sections[at][1] if at >= 0 else topic
            timed_section = at >= 0 and sections[at][2]
            if at != section:  # what was said under the last heading names nothing under the next one
                section, history = at, []
            appositions = self._appositions(sent, terms)
            found = self._sentence_claims(sent, terms, history, sources, local_topic, items, kind_of, condition,
                                          appositions=appositions, timed_section=timed_section,
                                          named_conditions=named_conditions, earlier=hits)
            if not found and history and kind_of is not None and _introduces_examples(sent, terms):
                found = self._examples_listed(sent, history[-1][2], excluded, mentions, order, starts, lookup,
                                              kind_of)
            classes = self._class_examples(sent, terms, kind_of, appositions) if kind_of is not None else []
            hits += sorted(found + classes, key=lambda h: (h.start, h.end)) if classes else found
            history.append((terms, _members_first([_term_of(h) for h in found], kind_of), found))
            history = history[-2:]
        listed = self._heading_lists(doc, mentions, order, starts, excluded, lookup, topic)
        # a list item read from its heading and from the sentence that opens it is one claim on its line
        return _one_per_anchor(sorted(hits + listed, key=lambda h: (h.start, h.end)))

    def _examples_listed(self, sent: Span, before: list[ClaimHit], excluded, mentions: list[Span], order: list[int],
                         starts: list[int], lookup, kind_of: Callable[[str, str], bool]) -> list[ClaimHit]:
        """The claim of the sentence before, once per example its bulleted list names: "It works best for pain
        from a malfunctioning nervous system. Examples include: • Reflex sympathetic dystrophy ... • Fibromyalgia"
        says it works for each. Only the last affirmed claim with an object is carried, to each item that lies
        below that object (an example of it), one per line, anchored on the item's line."""
        said = next((h for h in reversed(before) if h.object and not h.negated), None)
        if said is None:
            return []
        doc = sent.doc
        text = page_text(doc)
        sense = CueSense(said.predicate)
        hits: list[ClaimHit] = []
        lines: set[int] = set()
        for item in self._bullets_after(doc, sent.end_char, mentions, order, starts, excluded, lookup,
                                        max_words=MAX_LIST_ITEM_WORDS):
            line_start, line_end = _item_line(text, doc[item.start].idx)
            if line_start in lines or not self._example_of(item.iri, said.object, kind_of) \
                    or not self._admits_object(sense, item):
                continue
            lines.add(line_start)
            hits.append(replace(
                said, start=line_start, end=line_end, subject_span=None,
                subject_via=said.subject_via or sent.text.strip().rstrip(":"), object=item.iri,
                object_kind=item.kind, object_span=char_span(doc, item), object_label=None, sites=(), populations=(),
                indications=(), times=(), sources=(), sentence=(line_start, line_end)))
        return hits

    def _example_of(self, concept: str, broader: str, kind_of: Callable[[str, str], bool]) -> bool:
        """Whether ``concept`` lies below ``broader``, in the vocabularies or through a claim term's kinds
        (complex regional pain syndrome, a chronic pain, is a pain)."""
        return concept != broader and (kind_of(concept, broader) or any(
            concept == kind or kind_of(concept, kind) for kind in self.vocabulary.term_kinds.get(broader, ())))

    def _section_topics(self, doc: Doc, mentions: list[Span], topic: Term | None,
                        drug_classes: frozenset[str]) -> list[tuple[int, Term | None, bool]]:
        """(start character, topic, timed by a session) of each section a heading opens. The topic is the one
        drug the heading names ("IV Ketamine Infusions", "What is Spravato?"), no drug when it names another
        treatment or several drugs ("Transcranial Magnetic Stimulation (TMS)"), else the page's topic. A heading
        naming a session and a time ("What to Expect at Your Infusion", "During Your Session") times what is
        felt under it."""
        text = page_text(doc)
        drug_starts = sorted((m.start_char, m.kb_id_) for m in mentions if m.label_ == "DRUG" and m.kb_id_)
        sections: list[tuple[int, Term | None, bool]] = []
        start = 0
        for line in text.split("\n"):
            end = start + len(line)
            stripped = line.strip()
            if _heading_line(stripped):
                named = {iri for at, iri in drug_starts[bisect_left(drug_starts, (start, "")):]
                         if at < end}
                single = named - drug_classes  # a class beside one drug ("ketamine vs. antidepressants") is no rival
                span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
                other = span is not None and any(self.vocabulary.terms[m.payloads[0]].kind == "Procedure"
                                                 for m in self.term_index.find(span))
                lemmas = {t.lemma_.lower() for t in span} if span is not None else set()
                timed = bool(lemmas & self.cues.session_nouns and lemmas & SESSION_HEADING_WORDS)
                if len(single) == 1 and not other:
                    sections.append((start, Term(-1, -1, next(iter(single)), "Drug", "history", PAGE_DRUG), timed))
                else:  # a class alone ("Psychedelic Therapy") says too little to change the topic
                    sections.append((start, None if single or other else topic, timed))
            start = end + 1
        return sections

    def _reach(self, cue: CueMatch) -> int:
        reach = self._reaches.get(cue.phrase)
        if reach is None:  # read once per cue phrase: it is asked for each term and cue of a sentence
            reach = self._reaches[cue.phrase] = self.cues.close_cues.get(cue.phrase.lower(),
                                                                         self.cues.max_object_distance)
        return reach

    def _admits_object(self, sense: CueSense, term: Term) -> bool:
        """Can ``term`` fill the cue's object slot (for an inverse cue, its subject slot)?"""
        predicate = self.vocabulary.predicates[sense.predicate]
        if sense.implied_object:
            return False
        if term.kind == "Statistic" and predicate.statistic_kinds and term.detail not in predicate.statistic_kinds:
            return False  # "two medications" is no prevalence, "80% of patients" no year
        return term.kind in (predicate.subject_types if sense.inverse else predicate.object_types)

    @staticmethod
    def _subject_of_a_denial(doc: Doc, cue: CueMatch, root: Token, context: _SentenceContext) -> bool:
        """Whether the cue lies in the subject of a predicative cue that only denies ("X is off-label")."""
        for other in context.cues:
            if other is cue or not other.senses or not all(s.negated for s in other.senses):
                continue
            holder = _cue_root(doc, other)
            if holder.dep_ in ("attr", "acomp", "oprd", "xcomp"):
                holder = holder.head
            for child in holder.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.left_edge.i <= root.i <= child.right_edge.i:
                    return True
        return False

    def _said_of_an_effect(self, root: Token, cue: CueMatch) -> bool:
        """Whether the cue's subject is an effect ("relief usually lasts 3 to 6 weeks"): the drug's, said before."""
        head = syntactic_subject(root, cue.end)
        return head is not None and head.lemma_.lower() in self.cues.effect_nouns \
            and not any(c.lower_ in ("side", "adverse") for c in head.children)  # "side effects are gone within"

    def _heads_lists(self, predicate: str) -> bool:
        """Whether a heading with a cue of ``predicate`` says it of the list below (kg:headsLists, or a broader one)."""
        found = self.vocabulary.predicates[predicate]
        return found.heads_lists or any(self.vocabulary.predicates[b].heads_lists for b in found.broader
                                        if b in self.vocabulary.predicates)

    def _treats(self, predicate: str) -> bool:
        """ "treats" or a predicate below it ("relieves", "approved for")."""
        return predicate == TREATS or TREATS in self.vocabulary.predicates[predicate].broader

    def _states_a_treatment(self, cue: CueMatch) -> bool:
        """Whether the cue can say, read forwards, that its subject treats something."""
        return any(not s.inverse and self._treats(s.predicate) for s in cue.senses)

    def _bullet_items(self, sent: Span, mentions: list[Span], order: list[int], starts: list[int],
                      excluded, lookup) -> list[Term]:
        """The terms of the bulleted lines a sentence ending in a colon introduces ("Side effects include:").

        Lines that start with a bullet ("-", "•", "*", "–") right after the
        sentence, up to :data:`MAX_BULLET_LINES` of them; empty when the
        sentence does not end in a colon.
        """
        if sent[-1].text != ":":
            return []
        return self._bullets_after(sent.doc, sent.end_char, mentions, order, starts, excluded, lookup)

    def _bullets_after(self, doc: Doc, end_char: int, mentions: list[Span], order: list[int], starts: list[int],
                       excluded, lookup, max_words: int | None = None) -> list[Term]:
        """The terms of the bulleted lines right after character ``end_char`` (one blank line allowed first);
        with ``max_words``, only of lines that short (list items, not sentences)."""
        text = page_text(doc)
        items: list[Term] = []
        at, bullets = end_char, 0
        while bullets < MAX_BULLET_LINES:
            line_start = text.find("\n", at)
            if line_start < 0:
                break
            line_start += 1
            line_end = text.find("\n", line_start)
            line_end = len(text) if line_end < 0 else line_end
            line = text[line_start:line_end]
            if not line.strip() and not bullets and at == end_char:  # one blank line before the list
                at = line_end
                continue
            if line.lstrip()[:1] not in BULLET_CHARS or any(s <= line_start < e for s, e in excluded):
                break
            bullets += 1
            span = doc.char_span(line_start, line_end, alignment_mode="expand")
            if span is None or not len(span):
                break
            if max_words is not None and len(line.split()) > max_words:
                head = _list_item_head(line, span, max_words)
                if head is None:
                    at = line_end
                    continue  # a sentence, not an item
                span = doc.char_span(line_start, line_start + len(head), alignment_mode="expand") or span
            near = sorted(order[bisect_left(starts, span.start):bisect_right(starts, span.end)])
            items += [t for t in self.sentence_terms(span, [mentions[k] for k in near], lookup)
                      if t.source in ("mention", "term", "example")]  # "- Depression, including TRD": both
            at = line_end
        return items

    def _heading_lists(self, doc: Doc, mentions: list[Span], order: list[int], starts: list[int], excluded,
                       lookup, topic: Term | None) -> list[ClaimHit]:
        """ "Conditions We Treat" over a bulleted list, on a page plainly about one drug: it treats each item.

        The heading holds a cue of a predicate that heads lists (kg:headsLists:
        "treats" and those below it, "contraindicated in"), or names side
        effects ("Possible Side Effects"), and names no other drug; each
        short bulleted line after it gives one claim per condition, symptom or
        hazard it names, anchored on that line.
        """
        if topic is None or topic.via != PAGE_DRUG:
            return []
        text = page_text(doc)
        hits: list[ClaimHit] = []
        seen: set[tuple[int, str]] = set()
        line_hedges: dict[int, Sequence] = {}  # a list line's start -> the hedges on it
        position = 0
        while position < len(text):
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
            line, start, position = text[position:end].strip(), position, end + 1
            if not short_line(line) or line[-1] in SENTENCE_END_CHARS or any(s <= start < e for s, e in excluded):
                continue
            heading = doc.char_span(start, end, alignment_mode="expand")
            if heading is None or any(
                    mentions[k].label_ == "DRUG" and mentions[k].kb_id_ != topic.iri and mentions[k].end <= heading.end
                    for k in order[bisect_left(starts, heading.start):bisect_right(starts, heading.end)]):
                continue
            cue = next((m for m in self.cue_index.find_all(heading) for sense in m.payloads
                        if not (sense.negated or sense.implied_object) and self._heads_lists(sense.predicate)), None)
            if cue is not None:
                sense = next(CueSense(s.predicate) for s in cue.payloads
                             if not (s.negated or s.implied_object) and self._heads_lists(s.predicate))
                cue_span = (doc[cue.start].idx, doc[cue.end - 1].idx + len(doc[cue.end - 1].text))
            else:  # "Possible Side Effects", "What are the side effects?": the page's drug has each one
                lemmas = [tok.lemma_.lower() for tok in heading]
                named = next((i for i in range(1, len(lemmas)) if lemmas[i] in SIDE_EFFECT_WORDS
                              and lemmas[i - 1] in ("side", "adverse")), None)
                if named is None:
                    continue
                sense = CueSense(HAS_SIDE_EFFECT)
                cue_span = (heading[named - 1].idx, heading[named].idx + len(heading[named].text))
            list_from = _list_intro_end(text, end)
            for item in self._bullets_after(doc, list_from, mentions, order, starts, excluded, lookup,
                                            max_words=MAX_LIST_ITEM_WORDS):
                if item.kind not in ("Condition", "Symptom", "Hazard", "PopulationGroup") \
                        or not self._admits_object(sense, item):
                    continue
                line_start, line_end = _item_line(text, doc[item.start].idx)
                before = text[line_start:doc[item.start].idx]
                if before.count("(") > before.count(")"):
                    continue  # "Postherpetic neuralgia (nerve pain after shingles)": an aside, not an item
                if (line_start, item.iri) in seen:
                    continue  # "Complex regional pain syndrome (CRPS)": one claim
                seen.add((line_start, item.iri))
                # "• May quickly reduce thoughts of suicide": a hedge before the item on its line hedges the claim
                if line_start not in line_hedges:
                    line = doc.char_span(line_start, line_end, alignment_mode="expand")
                    line_hedges[line_start] = sentence_cues(line, self.qualifiers).hedges if line is not None else ()
                hedges = [c for c in line_hedges[line_start] if c.end <= item.start]
                hits.append(ClaimHit(
                    start=line_start, end=line_end, subject=topic.iri, subject_kind="Drug", subject_span=None,
                    subject_via=PAGE_DRUG, subject_label=None, predicate=sense.predicate,
                    cue=text[cue_span[0]:cue_span[1]], cue_span=cue_span, object=item.iri, object_kind=item.kind,
                    object_span=char_span(doc, item), object_label=None, negated=False, negation_cue=None,
                    certainty="Hedged" if hedges else "Asserted",
                    certainty_cue=" ".join(c.text for c in hedges) or None, sentence=(line_start, line_end)))
        return hits

    def _sentence_claims(self, sent: Span, terms: list[Term], history, sources: list[Span],
                         topic: Term | None, items: list[Term] = (),
                         kind_of: Callable[[str, str], bool] | None = None,
                         condition: str | None = None, *,
                         appositions: Sequence[tuple[Term, Term, str]], timed_section: bool = False,
                         named_conditions: frozenset[str] = frozenset(),
                         earlier: Sequence[ClaimHit] = ()) -> list[ClaimHit]:
        doc = sent.doc
        population_matches = self.population_index.find_all(sent)  # overlapping: "for patients who", "patients who have"
        cues = [c for c in self.sentence_cue_matches(sent, terms)
                if not any(m.start <= c.start and c.end <= m.end for m in population_matches)  # "patients who have"
                and not self._ends_something(doc[c.start:c.end])]
        if not cues:
            return []  # every claim hangs on a predicate cue
        in_population = frozenset(i for m in population_matches for i in range(m.start, m.end))
        # a break word inside a cue is the cue's own ("not be appropriate if you have"): no new clause
        inside_cues = frozenset(i for c in cues for i in range(c.start + 1, c.end))
        # nor is the colon after a line's opening label ("• Session length: typically 3 to 4 hours"): it gives the value
        tokens = token_columns(doc)
        label_colons = frozenset(c.end for c in cues if c.end < sent.end and tokens.text[c.end] == ":"
                                 and c.end - sent.start <= LABEL_REACH)
        # nor does "and" in a list of groups ("in adults and adolescents"): the groups share the clause
        joined_groups = _joined_groups(terms, tokens)
        clause_of = clause_ids(sent, self.cues.clause_breaks,
                               in_population | inside_cues | label_colons | joined_groups)
        context = _SentenceContext(
            cues, frozenset(i for c in cues for i in range(c.start, c.end)), topic, kind_of, condition,
            years=[t for t in terms if t.kind == "Statistic" and t.source in ("mention", "example")
                   and is_year(doc[t.start:t.end])],
            loose_years=[Term(i, i + 1, "", "Statistic", "year") for i in year_tokens(doc)
                         if sent.start <= i < sent.end and not any(m.start <= i < m.end for m in terms)],
            withouts=[t for t in sent if t.lower_ == "without" and t.dep_ == "prep"], timed_section=timed_section,
            named_conditions=named_conditions, earlier=earlier)
        qualifier_cues = sentence_cues(sent, self.qualifiers)
        if qualifier_cues.hedges:  # "thinking about ending your life" names a state; its "thinking" hedges nothing
            qualifier_cues = replace(qualifier_cues, hedges=tuple(
                h for h in qualifier_cues.hedges if not any(t.start <= h.start and h.end <= t.end
                                                            for t in terms if t.source == "term")))
        # "dangerous without medical supervision": a use context that is absent scopes the claim to use outside
        # it (kg:absenceReading), and its "without" denies nothing
        context.absent, qualifier_cues = self._absent_use_contexts(terms, context.withouts, qualifier_cues)
        context.studies = self._studies_referred_to(sent)
        lowers = tokens.lower
        # (the condition a population cue names may follow a modifier: "in patients with life-threatening cancer")
        population_starts = {next((t.start for t in terms if m.end <= t.start <= m.end + POPULATION_MODIFIERS
                                   and all("-" in (lowers[i], lowers[i + 1]) or tokens.pos[i] in ("ADJ", "ADV", "VERB")
                                           for i in range(m.end, t.start))), m.end)
                             for m in population_matches}
        # "chronic pain patients"; not a head read as a list's next item ("the cravings or withdrawal people
        # associate with opioids", misparsed)
        population_starts |= {t.start for t in terms if t.end < sent.end and lowers[t.end] in self.cues.indication_heads
                              and doc[t.end].dep_ != "conj"}
        context.scope = _fronted_scope(sent, terms, population_starts)
        # each term after a cue goes to the nearest cue, in its clause and reach, that accepts its type,
        # with no other verb between them
        # a parenthetical ("PTSD (posttraumatic stress disorder), chronic pain") neither holds a verb
        # nor counts toward the gap between list items
        parenthesized = in_parentheses(sent)
        # (nor does an aside renaming a noun: "approved esketamine, a chemical cousin ... sold as Spravato, for TRD")
        asides = in_asides(sent)
        verbs_before = [0]  # verbs_before[k]: verbs among the sentence's first k tokens, so any span counts in O(1)
        outside_before = [0]  # the same for words outside parentheses
        aside_verbs_before = [0]  # ... for verbs inside asides, which a cue outside one passes over
        aside_words_before = [0]  # ... and for words inside asides, outside parentheses
        term_starts = {t.start for t in terms}
        for i in range(sent.start, sent.end):
            is_verb = tokens.pos[i] == "VERB" and tokens.lower[i] not in EXAMPLE_MARKERS and tokens.dep[i] != "amod" \
                and i not in parenthesized \
                and not (i + 1 in term_starts and _modifying_participle(doc[i])) \
                and not any(m.start <= i <= m.end for m in population_matches)  # "patients who have built"
            # (a participle right before a term modifies it, however parsed: "uncontrolled hypertension")
            verbs_before.append(verbs_before[-1] + is_verb)
            aside_verbs_before.append(aside_verbs_before[-1] + (is_verb and i in asides))
            outside_before.append(outside_before[-1] + (i not in parenthesized))
            aside_words_before.append(aside_words_before[-1] + (i in asides and i not in parenthesized))

        statistics = [t for t in terms if t.kind == "Statistic"]

        def statistic_words(start: int, end: int) -> int:
            """Words a statistic between two tokens adds beyond one: "helps up to 70% of patients with X"."""
            return sum(t.end - t.start - 1 for t in statistics if start <= t.start and t.end <= end)

        def gap(start: int, end: int, past_asides: bool = False) -> int:
            """Words from ``start`` to ``end`` outside parentheses; with ``past_asides``, outside asides too."""
            k, j = max(0, end - sent.start), max(0, start - sent.start)
            inside = aside_words_before[k] - aside_words_before[j] if past_asides else 0
            return outside_before[k] - outside_before[j] - inside

        def verbs_between(start: int, end: int, past_asides: bool = False) -> int:
            """Verbs from ``start`` to ``end``; with ``past_asides``, not those of an aside (a cue outside it)."""
            k, j = max(0, end - sent.start), max(0, start - sent.start)
            inside = aside_verbs_before[k] - aside_verbs_before[j] if past_asides else 0
            return verbs_before[k] - verbs_before[j] - inside

        renamed = {kind.start for _, kind, _ in appositions}
        for term in terms:
            if term.source in ("inner", "comparison") or is_apposition(doc, term, terms) or term.start in renamed \
                    or _opens_an_apposition(doc, term):
                continue  # "glutamate, a neurotransmitter": one object, not two
            if term.start in parenthesized and term.start - 1 in parenthesized and \
                    any(t.end == term.start - 1 for t in terms):
                continue  # "PTSD (posttraumatic stress disorder)": the expansion of the term before
            around = [c for c in cues if c.start < term.start and term.end < c.end]
            around += [c for c in cues if term.kind == "Statistic" and term.start <= c.start and c.end <= term.end]
            if around:  # "makes chronic pain worse": the object inside the cue
                if any(self._admits_object(s, term) for s in around[0].senses):
                    around[0].objects.append(term)
                continue
            site_phrase = term.kind == "AnatomicalSite" and after_preposition(doc, term, self.cues)
            # (the subject of a relative clause about another noun is no object of a cue outside that clause)
            relative_verb = _object_relative_verb(doc, term)
            owners = [c for c in cues if c.end <= term.start
                      and c.phrase.lower() not in self.cues.statistic_cues  # "six infusions": its own statistic only
                      and (not site_phrase or term.start - c.end <= 2) and clause_of[c.start] == clause_of[term.start]
                      and (c.start in asides) == (term.start in asides)
                      and (distance(c.end, term.start, population_matches)
                           - (term.start - c.end - gap(c.end, term.start, c.start not in asides))
                           - statistic_words(c.end, term.start) <= self._reach(c)
                           or (c.objects and gap(c.objects[-1].end, term.start) <= LIST_REACH
                               and joined(doc, c.objects[-1].end, term.start, sent.end))
                           or attribute_of(doc, c, term))
                      and not (c.objects and not _same_family(c.objects[-1].kind, term.kind)
                               and _starts_a_clause(doc, c.objects[-1].end, term, sent.end, qualifier_cues))
                      and not verbs_between(c.objects[-1].end if c.objects else c.end, term.start,
                                            c.start not in asides)
                      and any(self._admits_object(s, term) for s in c.senses)
                      and (relative_verb is None or c.start <= relative_verb < c.end)
                      and complement_of(doc, c, term)]
            # "not appropriate if you have X, Y, or if you are pregnant": the condition said again, whatever verb
            # says it ("have" is a cue of its own)
            repeated = [c for c in cues if c.objects and c.objects[-1].end <= term.start
                        and _repeats_the_condition(doc, c.objects[-1].end, term.start)
                        and any(self._admits_object(s, term) for s in c.senses)]
            owners = repeated or owners
            if owners:
                max(owners, key=lambda c: c.end).objects.append(term)
        modifiers: set[int] = set()
        for cue in cues:  # "an FDA-approved treatment for X": the modifier says it of the noun cue's objects too
            word = doc[cue.end - 1]
            if word.dep_ in ("amod", "compound") and word.head.i != word.i:  # not "a first-line treatment"
                nouns = [word.head]
            else:  # "(the FDA) approved ketamine as a rescue treatment for migraine": the verb's "as" complement
                nouns = _as_complements(word)
            if cue.objects and not (nouns and all(doc[t.end - 1].dep_ == "dobj" and doc[t.end - 1].head == word
                                                  for t in cue.objects)):
                continue  # (the verb's direct object is whom it is said of, not what for)
            noun = next((c for c in cues for n in nouns if c.start <= n.i < c.end and c.objects), None)
            if noun is not None and not {s.predicate for s in cue.senses} & {s.predicate for s in noun.senses}:
                cue.objects[:] = [t for t in noun.objects if any(self._admits_object(s, t) for s in cue.senses)]
                modifiers.add(cue.start)  # read after the noun's own claim, whose subject it shares
        for cue in cues:  # "Ketamine blocks them": an anaphoric object
            at = cue.end
            if at + 1 < sent.end and doc[at].pos_ == "ADP" and doc[at + 1].head.head.i == at:
                at += 1  # "used off-label for these conditions": the anaphor after the cue's preposition
            inside = [t for t in cue.objects if cue.start <= t.start and t.end <= cue.end]  # "not review * for"
            if len(inside) == len(cue.objects) and at < sent.end and is_anaphoric(doc[at], self.cues) \
                    and (object_of(doc[at], cue) or at > cue.end):
                wanted = frozenset().union(*(self.vocabulary.predicates[s.predicate].object_types
                                             for s in cue.senses if not s.inverse and not s.implied_object),
                                           *(self.vocabulary.predicates[s.predicate].subject_types
                                             for s in cue.senses if s.inverse))  # "insurers cover it": the drug
                noun = doc[at].head if doc[at].dep_ in ("det", "poss") else doc[at]
                if doc[at].dep_ == "poss" and noun.lemma_.lower() not in self.cues.anaphoric_heads:
                    continue  # "carries its own potential for misuse": the potential is the object, not "its"
                wanted &= self.cues.anaphor_kinds.get(noun.lemma_.lower(), wanted)  # "these conditions"
                # a noun's modifier names what the noun is for, not a thing the page goes on about ("pain medicine")
                modifiers = [t for t in terms if doc[t.start:t.end].root.dep_ == "compound"]
                found = resolve(cue.start, terms, wanted, history, doc[at].text, exclude=modifiers)
                if found is not None:
                    cue.objects += [Term(at, max(at, noun.i) + 1, t.iri, t.kind, "anaphor", t.via or found.via)
                                    for t in self._listed_with(doc[at], found, terms, history)]
        last = cues[-1]
        if items and not last.objects and all(t.text == ":" or t.is_space or t.pos_ in LIST_FILLER_POS
                                              or t.dep_ == "amod" or t.lemma_.lower() in LIST_NOUNS
                                              or t.lemma_.lower() in self.cues.people_nouns
                                              for t in doc[last.end:sent.end]):
            # "Common side effects of ketamine include:", "ketamine has shown promise for several related
            # conditions:" then a bulleted list: its items are the objects
            last.objects.extend(t for t in items if any(self._admits_object(s, t) for s in last.senses))
        hits: list[ClaimHit] = []
        for cue in sorted(cues, key=lambda c: c.start in modifiers):  # a modifier after the noun it modifies
            hits += self._cue_claims(sent, cue, terms, history, clause_of, qualifier_cues, population_starts, sources,
                                     context)
        hits += self._swapped_claims(sent, cues, terms, clause_of, qualifier_cues, sources, history, context)
        hits += self._contrasted_claims(sent, hits, terms)
        if label_colons:
            hits = self._without_restated_labels(doc, hits, label_colons)
        return _dedupe(hits)

    def _studies_referred_to(self, sent: Span) -> list[Term]:
        """The study setting, when the sentence opens by pointing back to studies ("In both, the dose was 0.5 mg/kg"
        after a sentence on two trials; "In these studies, ..."): its claims give what the studies did."""
        setting = self.vocabulary.study_setting
        if setting is None or len(sent) < 3 or sent.start == 0 or sent[0].lower_ != "in" \
                or sent[1].lower_ not in STUDY_REFERENCES:
            return []
        comma = next((i for i in range(2, min(len(sent), 5)) if sent[i].text == ","), None)
        if comma is None or any(t.lemma_.lower() not in STUDY_NOUNS for t in sent[2:comma]):
            return []
        named = comma > 2 or any(t.lemma_.lower() in STUDY_NOUNS for t in sent.doc[sent.start - 1].sent)
        return [Term(sent.start, sent.start + comma, setting, "UseContext", "term")] if named else []

    def _absent_use_contexts(self, terms: list[Term], withouts: list[Token], qualifier_cues: SentenceCues
                             ) -> tuple[frozenset[tuple[int, int]], SentenceCues]:
        """The spans of the use contexts a "without" phrase says are absent (those with a kg:absenceReading), and
        the sentence's cues less the negations those "without"s would otherwise count as."""
        absent = frozenset((t.start, t.end) for t in terms if t.kind == "UseContext"
                           and t.iri in self.vocabulary.absence_readings
                           and any(w.i < t.start <= w.right_edge.i for w in withouts))
        scoping = {w.i for w in withouts if any(w.i < start <= w.right_edge.i for start, _ in absent)}
        if not scoping:
            return absent, qualifier_cues
        return absent, replace(qualifier_cues, negations=tuple(n for n in qualifier_cues.negations
                                                               if n.start not in scoping))

    def _without_restated_labels(self, doc: Doc, hits: list[ClaimHit], label_colons: frozenset[int]) -> list[ClaimHit]:
        """The hits less those of a line's label that the line goes on to state ("Rapid Relief: Many patients
        experience pain reduction within hours": the relief is the pain reduction, said once)."""
        colon_chars = {doc[i].idx for i in label_colons}

        def family(hit: ClaimHit) -> set[str]:
            return {hit.predicate, *self.vocabulary.predicates[hit.predicate].broader}

        stated = [family(h) for h in hits if not h.negated and any(h.cue_span[0] > c for c in colon_chars)]
        return [h for h in hits if h.negated or h.cue_span[1] not in colon_chars
                or not any(family(h) & after for after in stated)]

    def _cue_claims(self, sent: Span, cue: CueMatch, terms: list[Term], history, clause_of: dict[int, int],
                    qualifier_cues: SentenceCues, population_starts: set[int], sources: list[Span],
                    context: _SentenceContext) -> list[ClaimHit]:
        doc = sent.doc
        root = _cue_root(doc, cue)
        groups: list[tuple[tuple[CueSense, ...], list[Term]]] = []
        if _under_condition(root, self.cues.condition_marks):  # "if ketamine relieves your pain", "ask whether it
            # works": nothing asserted, but "unless they return for booster infusions" says what keeps it up
            cue = replace(cue, senses=tuple(s for s in cue.senses
                                            if self.vocabulary.predicates[s.predicate].stated_by_condition))
            if not cue.senses:
                return []
        if in_clausal_subject(root):
            return []  # "Using it to treat depression is off-label": what the sentence is about, not asserted
        if _wanted(root, self.cues.wanting_verbs):
            return []  # "patients seeking effective pain management": what someone wants, not what a drug does
        if self._subject_of_a_denial(doc, cue, root, context):
            return []  # "its use for depression is considered off-label": the use is what is denied approval
        if self._reported(doc, cue, sent.start):
            return []  # 'some clinics describe ketamine as "non-addictive"': others' words, reported
        kept = tuple(s for s in cue.senses if not self.vocabulary.predicates[s.predicate].figure_first)
        if len(kept) < len(cue.senses):  # "misuse them": read only with its figure before it (:meth:`_swapped_claims`)
            if not kept:
                return []
            cue = replace(cue, senses=kept)
        passing = tuple(s for s in cue.senses if s.predicate == SHORT_LIVED_SIDE_EFFECTS)
        if passing:
            effects = self._passing_effects(sent, cue, root, terms, history)
            if effects is not None:
                hits = self._passing_side_effects(sent, cue, passing[0], effects, root, terms, clause_of,
                                                  qualifier_cues, sources, context, history)
                if hits:
                    return hits
            cue = replace(cue, senses=tuple(s for s in cue.senses if s not in passing))
            if not cue.senses:
                return []
        if cue.end - cue.start == 1 and root.dep_ == "amod" and root.tag_ == "VBG" and root.head.i > root.i \
                and root.nbor(-1).dep_ == "det":
            return []  # "over the following hours", "the growing number of clinics": an adjective, no predicate
        if cue.end - cue.start == 1 and root.dep_ in ("aux", "auxpass"):
            return []  # "or are breastfeeding", "Triptans have been a cornerstone": an auxiliary says nothing
        if root.lemma_.lower() in FEELING_VERBS and self._felt_by_no_one(root, cue):
            return []  # "That describes one in three adults with major depression": no one feels anything
        if _particle_compound(doc, cue):
            return []  # "respond again at follow-up", "a check-in": a noun made of the verb and a particle
        if cue.phrase.lower() in self.cues.copular_cues and root.dep_ != "attr":
            return []  # "may be a sign of addiction" says so; "reverses the signs of aging" does not
        if root.pos_ in ("NOUN", "PROPN") and root.dep_ in ("compound", "nmod") \
                and root.head.lemma_.lower() in self.cues.venue_nouns:
            return []  # "a pain relief clinic" names a kind of clinic
        received: list[Term] = []  # the drug responders received, when that is the cue's object
        bettered: list[Term] = []  # the condition the cue says got better, when that is its object
        implied = [s for s in cue.senses if s.implied_object]
        if implied and any(self._admits_object(s, t) for s in cue.senses if not s.implied_object for t in cue.objects):
            implied = []  # "pain lasting longer than six months": an object of its own wins over the implied one
        if implied and root.pos_ in ("ADV", "ADP") and not self._modifies_effect(root, cue, context):
            return []  # "rapidly overwhelm the benefits" is no claim about onset
        if implied and all(s.implied_object == HARM for s in implied) and _comparative(doc, cue):
            return []  # "a safer alternative to opioids", "less risky than surgery": a comparison, not harm itself
        if implied and root.dep_ in ("amod", "compound", "nmod") \
                and root.head.lemma_.lower() in USE_NOUNS | STUDY_NOUNS:
            return []  # "caused by long-term opioid use", "in a short-term clinical trial": how long the drug is
            # taken or the study ran, not how long an effect lasts
        if implied and root.dep_ in ("amod", "compound") and root.head.lemma_.lower() not in self.cues.effect_nouns \
                and root.head.dep_ != "attr" and not any(t.start <= root.head.i < t.end for t in terms) \
                and not _role_of_tracked(root.head, terms):
            return []  # "a good long-term answer", "a safer alternative": a property of something we do not track
        if implied and root.dep_ in ("amod", "compound") and any(
                t.start <= root.head.i < t.end and t.kind in ("Condition", "Symptom", "Hazard") for t in terms):
            return []  # "no known long-term side effects", "chronic, long-lasting pain": a property of that term
        if implied:
            sense = min(implied, key=lambda s: self.vocabulary.predicates[s.predicate].priority)
            obj = Term(-1, -1, sense.implied_object or "", self.vocabulary.concept_kinds.get(sense.implied_object or "",
                                                                                              "Condition"), "implied")
            groups.append(((sense,), [obj]))
        else:
            # an indication ("in patients with X") after a plain object qualifies it; first, it is the object
            objects, seen_plain = [], False
            for term in cue.objects:
                if term.start in population_starts and seen_plain:
                    continue
                seen_plain = seen_plain or term.start not in population_starts
                objects.append(term)
            if any(s.said_of_group for s in cue.senses):  # "works when SSRIs haven't": of the group, or nothing
                objects = self._condition_of_a_group(cue, terms, clause_of, context)
            elif not objects:
                # "their depression improved within hours": what got better is what the drug treats
                bettered = self._condition_that_got_better(root, cue, terms)
                objects = bettered \
                    or self._fronted_use(cue, root, context) \
                    or self._use_of_class_as(cue, root, terms) \
                    or self._people_helped(cue, root, context) \
                    or self._approved_before(doc, cue, terms, clause_of, context) \
                    or self._fallback_objects(cue, terms, root, history, context.condition)
                # (in turn: "For CRPS, ketamine infusions are an option", the use the sentence opens with; "approved
                # by the FDA as an anesthetic", the use of that class; "helps about 70 percent of patients", the
                # condition the page is plainly about; "Spravato is approved for adults 18 and older", what the page
                # approved it for before)
                if not objects and (self._responds_to_the_page_drug(sent, cue, terms, context)
                                    or self._candidates_for_the_page_drug(sent, cue, terms, context)):
                    objects = [context.topic]  # "half of patients with TRD respond to a course of infusions"
                if not objects:  # "64% of patients who received ketamine responded": what they received
                    objects = received = self._what_responders_received(cue, root, terms, context)
                if not objects:  # "significant improvement in patients who had failed multiple medications"
                    objects = self._condition_of_a_group(cue, terms, clause_of, context)
            elif cue.phrase.lower().split()[-1] in LIST_CUE_ENDINGS:  # "include nausea, dizziness and blurred vision"
                objects += [t for t in self._open_object(root, cue, terms)
                            if not any(o.start < t.end and t.start < o.end for o in objects)]
            by_senses: dict[tuple[CueSense, ...], list[Term]] = {}
            felt = any(doc[i].lemma_.lower() in FEELING_VERBS for i in range(cue.start, cue.end))
            if felt and root.dep_ == "acl" and (root.head.lemma_.lower() in self.cues.people_nouns
                                                or root.head.lower_ in PEOPLE_PRONOUNS):
                return []  # "adults with depression, including those experiencing suicidal ideation": who they are
            for term in objects:
                fitting = tuple(sorted((s for s in cue.senses if self._admits_object(s, term)
                                        and (not self._of_what_is_had(s, felt)
                                             or _felt_as_such(doc, term, self.cues.effect_nouns))),
                                       key=lambda s: self.vocabulary.predicates[s.predicate].priority))
                if fitting:
                    by_senses.setdefault(fitting, []).append(term)
            groups += [(senses, terms_) for senses, terms_ in by_senses.items()]
        hits: list[ClaimHit] = []
        # "... come back for a booster infusion ... depending on how long the relief lasts": the drug's relief
        carried = [t for t in terms if t.iri in self.carried]
        effect_said_of = syntactic_subject(root, cue.start)
        if effect_said_of is not None and (effect_said_of.lemma_.lower() not in self.cues.effect_nouns
                                           or cue.start <= effect_said_of.i < cue.end):
            effect_said_of = None  # (an effect the verb is said of: "the benefit fades")
        for senses, objects in groups:
            if _reports_an_effect(root, self.cues.effect_nouns):  # "60% of patients report a 50% reduction in pain"
                senses = tuple(s for s in senses if self.vocabulary.predicates[s.predicate].measure != PREVALENCE)
                if not senses:
                    continue
            for sense in senses:  # the first sense, by priority, whose subject the sentence supplies
                predicate = self.vocabulary.predicates[sense.predicate]
                subject_types = predicate.object_types if sense.inverse else predicate.subject_types
                if not sense.inverse and "Drug" in subject_types and effect_said_of is not None:
                    subject_types = frozenset({"Drug"})  # "the benefit fades within weeks": a drug's benefit
                if sense.subject_after:  # "patients became dependent on painkillers": the painkillers
                    subject = self._governed_by_cue(doc, cue, terms, subject_types, history)
                    if subject is not None:
                        break
                    continue
                shared = None if sense.inverse else context.shared_subject(doc, cue)
                if shared is not None and shared.kind in subject_types and shared not in objects:
                    subject = shared  # read from the words: the small model often misparses the first verb
                    break
                extraposed = None if sense.inverse else _extraposed_subject(root, terms, subject_types)
                if extraposed is not None and extraposed not in objects:
                    subject = extraposed  # "it can take six to eight weeks for SSRIs to work": the SSRIs
                    break
                owner = None if sense.inverse else _possessor(root, terms, subject_types)
                if owner is not None and owner not in objects:
                    subject = owner  # "X may reduce ketamine's antidepressant effect": the effect is ketamine's
                    break
                pronoun = None if sense.inverse or root.pos_ != "NOUN" else next(
                    (c for c in root.children if c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS), None)
                if pronoun is not None:  # "evidence supports its use for CRPS": whose use the sentences before say
                    found = resolve(pronoun.i, terms, subject_types, history, pronoun.text, exclude=objects, doc=doc)
                    if found is not None and found not in objects:
                        subject = found
                        break
                if self._found_of_nothing_named(root, terms, sense):
                    # "(ketamine ...) the evidence supported short-term use for MDD": the use of the drug just named
                    found = resolve(root.i, [], frozenset({"Drug"}), history, root.text)
                    if found is not None:
                        subject = found
                        break
                recipient_ok = sense.predicate in self.recipient_predicates and (
                    root.pos_ == "NOUN" or root.lemma_.lower() in self.cues.effect_verbs
                    or root.head.lemma_.lower() in self.cues.effect_nouns or self._said_of_an_effect(root, cue))
                # a term inside an implied-object cue names the effect, not whose it is ("ongoing maintenance
                # treatments are needed": the drug's); failing all else it may stand for it ("this rapid onset" of
                # the drug just named), but a drug class never does ("the antidepressant effect often wears off")
                named_in_cue = [t for t in terms if cue.start <= t.start and t.end <= cue.end] \
                    if sense.implied_object else []
                classes = [t for t in named_in_cue if t.kind == "Drug"]
                # "pain management without the use of opioids": what is done without is no one's effect
                withheld = [t for w in context.withouts if w.head.i == root.i for t in terms
                            if w.i < t.start and t.end - 1 <= w.right_edge.i]
                for excluded in ([*objects, *named_in_cue, *withheld, *carried],
                                 [*objects, *classes, *withheld, *carried]):
                    subject = find_subject(sent, cue.start, cue.end, root, terms, subject_types, history, self.cues,
                                           exclude=excluded, topic=context.topic, cue_tokens=context.cue_tokens,
                                           recipient_ok=recipient_ok,
                                           page_drug=context.page_drug if self._treats(sense.predicate)
                                           or effect_said_of is not None else None)
                    if subject is not None or len(classes) == len(named_in_cue):
                        break  # (a second try only when it admits something)
                if subject is not None and any(subject.iri == t.iri for t in withheld):
                    subject = None  # nor is the drug done without, found again in an earlier sentence
                if subject is None and bettered and not sense.inverse:
                    # "pain improved with physical therapy": what the verb says did it; "(a study of ketamine ...)
                    # their symptoms improved": the drug the words before name
                    said = {t.i for t in root.subtree if t.i >= cue.end}
                    subject = next((t for t in terms if t.start in said and t.kind in subject_types
                                    and t.source not in ("implied", "comparison")), None) \
                        or resolve(cue.start, terms, subject_types, history, "(what made it better)",
                                   exclude=objects, doc=doc) or context.page_drug
                if subject is None:  # "... resets pain signals by blocking receptors": the governing claim's subject
                    subject = context.governing_subject(root, subject_types, objects)
                if subject is None:  # "there is an overlay of depression for patients suffering from chronic pain"
                    subject = next((t for t in terms if t.start in population_starts and t.kind in subject_types
                                    and t not in objects and clause_of.get(t.start) == clause_of[cue.start]), None)
                if subject is None and not sense.inverse:  # "the FDA approved Spravato for TRD": the verb's
                    # direct object is what the claim is about when its own subject (a regulator) cannot be
                    direct = next((o for o in objects if o.kind == "Drug" and "Drug" in subject_types
                                   and o.start > cue.start and doc[o.start:o.end].root.dep_ == "dobj"
                                   and doc[o.start:o.end].root.head.i == root.i), None)
                    rest = [o for o in objects if o is not direct and o.kind != "Drug"]
                    purposes = {t.i for c in root.children if c.lower_ == "for" for t in c.subtree}
                    if direct is None and rest and all(o.start in purposes for o in rest):
                        # "the FDA approved it in 2019 for adults with TRD"
                        pronoun = next((c for c in root.children if c.dep_ == "dobj" and c.i > root.i
                                        and c.lower_ in ("it", "them") and c.pos_ == "PRON"), None)
                        found = None if pronoun is None else resolve(pronoun.i, terms, frozenset({"Drug"}),
                                                                     history, pronoun.text, doc=doc)
                        direct = None if found is None or "Drug" not in subject_types else found
                    if direct is not None and rest:
                        subject, objects = direct, rest
                        break
                if subject is None and sense.inverse and received and objects == received:
                    # "in a trial in TRD, 64% of patients who received ketamine responded": the one condition named
                    named = {t.iri: t for t in terms if t.kind in subject_types and t.source == "mention"}
                    subject = next(iter(named.values())) if len(named) == 1 else None
                if subject is None and sense.inverse and self._treats(sense.predicate) and len(objects) == 1 \
                        and objects[0].kind == "Drug" \
                        and not any(t.kind in subject_types and t.source == "mention" for t in terms):
                    # "A trial found ketamine reduced PTSD symptoms. A later study found that 67 percent of
                    # participants who received six infusions responded": the condition just treated
                    subject = self._treated_before(history, objects[0])
                if subject is None and self._page_drug_stands_in(sent, cue, sense, root, terms, objects, context):
                    subject = context.topic
                if subject is None and sense.inverse and predicate.default_object \
                        and (_imperative(root) or _imperative(doc[cue.start])):
                    # "If you are in crisis, call or text 988": the reader told what to do is in the default state
                    subject = Term(-1, -1, predicate.default_object,
                                   self.vocabulary.concept_kinds.get(predicate.default_object, "Condition"), "implied")
                if subject is not None:
                    break
            if subject is None or not _own_copula_subject(cue, root, subject):
                continue
            if sense.implied_object == HARM and (subject.via or "").lower() in DEMONSTRATIVES:
                continue  # "Blood pressure rises. For most adults this is not dangerous": the event, not the drug
            if not sense.inverse:
                subject = self._named_member(doc, subject, terms, history, context) or subject
                context.subjects_by_root[root.i] = subject
                if root.dep_ == "dobj" and root.head.lemma_.lower() in FEELING_VERBS and self._treats(sense.predicate):
                    # "patients feel a lift in mood within hours": what times the feeling times the drug's effect
                    context.subjects_by_root.setdefault(root.head.i, subject)
                if objects and objects[-1].start >= cue.end:
                    context.subjects_by_object_end[max(o.end for o in objects)] = subject
            elif len(objects) == 1 and objects[0].kind == "Drug":  # "insurers cover it, usually after prior
                context.subjects_by_root.setdefault(root.i, objects[0])  # authorization": the drug the claim is of
            subjects = [subject, *coordinated(sent.doc, subject, terms, cue.start, objects, subject_types)]
            exemplified = _exemplified_class(doc, subjects, terms)
            if exemplified is not None:  # "Traditional antidepressants such as sertraline ... work on serotonin"
                subjects.append(exemplified)
            if not sense.inverse:  # "These treatments can work quickly", after "ketamine ... or esketamine": each
                subjects += [t for t in self._plural_subject(root, cue, subject, terms, history, subject_types,
                                                             context.kind_of)
                             if all(t.iri != s.iri for s in subjects)]
            for each_subject in subjects:
                for obj in objects:
                    subj, ob = (obj, each_subject) if sense.inverse else (each_subject, obj)
                    if subj.iri == ob.iri and subj.iri:
                        continue
                    if not predicate.pairs_types(subj.kind, ob.kind):
                        continue  # "TRD is a kind of ketamine" (of the words "as ketamine"): no kind of the other sort
                    if predicate.provider_practice and any(
                            doc[i].lemma_.lower() in self.cues.lethal_words for i in range(sent.start, sent.end)):
                        continue  # "just 2 milligrams can be fatal": an amount that kills, no way of giving it
                    if root.lemma_.lower() == "take" and sense.predicate == HAS_ONSET \
                            and not _takes_to_work(doc, ob, sent.end):
                        continue  # "each infusion takes about 40 minutes" is no onset; "take six weeks to work" is
                    if (subj.via or "").lower() in self.cues.page_voice and ob.start >= 0 and any(
                            t.iri == subj.iri and ob.start <= t.start and t.end <= ob.end and t is not ob
                            for t in terms):
                        continue  # "we treat opioid use disorder": the page's drug is what is misused, not its cure
                    hit = self._hit(sent, cue, sense, subj, ob, objects, each_subject, root, clause_of,
                                    qualifier_cues, terms, population_starts, sources, context)
                    reading = predicate.denied_for_patients
                    turned_away = self._treats(sense.predicate) and (subj.via or "").lower() in self.cues.page_voice \
                        and self._patients_with(doc, cue.end, ob.start)  # "we do not treat people with psychosis"
                    if hit.negated and (reading or turned_away) and not sense.inverse \
                            and (turned_away or any(cue.end <= p <= ob.start for p in population_starts)):
                        reading = reading or CONTRAINDICATED_IN
                        # "we do not recommend ketamine for people with psychosis": a contraindication
                        hit = replace(hit, predicate=reading, negated=False, negation_cue=None)
                    if not (hit.negated and self._no_real_denial(doc, cue, sense, root, subj, ob, population_starts)):
                        hits.append(hit)
                        if hit.predicate == HAS_SIDE_EFFECT and not hit.negated and ob is objects[-1]:
                            figure = self._time_after(doc, max([cue.end, *(o.end for o in objects)]), terms,
                                                      clause_of, clause_of[cue.start], FELT_FOR)
                            if figure is not None:  # "feel groggy for about 24 hours after each infusion"
                                hits.append(self._hit(sent, cue, SIDE_EFFECT_DURATION, subj, figure, [figure],
                                                      each_subject, root, clause_of, qualifier_cues, terms,
                                                      population_starts, sources, context))
                        only = None if hit.negated or sense.inverse else _only_one_of(root, subj, ob, terms)
                        if only is not None:  # "the only form of ketamine that is FDA-approved for depression"
                            kind, at = only
                            hits.append(_said_of(hit, doc, kind, True, "only", start=max(hit.start, doc[at].idx)))
        return hits

    def _treated_before(self, history, drug: Term) -> Term | None:
        """The one condition the sentence before says ``drug`` treats (or a predicate below "treats"), if one."""
        if not history:
            return None
        treated = {h.object: h for h in history[-1][2] if h.subject == drug.iri and h.object and not h.negated
                   and self._treats(h.predicate)}
        if len(treated) != 1:
            return None
        hit = next(iter(treated.values()))
        return Term(-1, -1, hit.object, hit.object_kind, "history")

    def _found_of_nothing_named(self, root: Token, terms: list[Term], sense: CueSense) -> bool:
        """Whether a treatment cue is a noun with no owner (no "its", no "of X") in a sentence naming no drug or
        procedure, held by a verb whose subject is evidence or research: "the evidence supported short-term use
        for MDD", "a separate trial also found meaningful reductions in CRPS pain" (of the drug just named)."""
        if sense.inverse or not self._treats(sense.predicate) or root.pos_ != "NOUN" \
                or root.dep_ not in ("dobj", "pobj"):
            return False
        if any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of") for c in root.children) \
                or any(t.kind in ("Drug", "Procedure") for t in terms):
            return False
        return _found_by_studies(root, terms)

    def _plural_subject(self, root: Token, cue: CueMatch, subject: Term, terms: list[Term], history,
                        types: frozenset[str], kind_of: Callable[[str, str], bool] | None = None) -> list[Term]:
        """The other terms a plural anaphoric subject stands for ("these treatments", "both medications"), when
        ``subject`` was resolved from it: the items named with ``subject`` (see :meth:`_listed_with`), those
        a collective subject counts ("Both are SSRIs": see :func:`collective_items`), or those the sentence
        before said one thing of together ("their effects": see :func:`_said_together`)."""
        if subject.via is None:  # not resolved from an anaphor
            return []
        if subject.start < 0 and subject.via.split(" ", 1)[0].lower() in PLURAL_PRONOUNS:
            return _said_together(subject, history, kind_of)
        head = syntactic_subject(root, cue.start)
        if head is None:
            return []
        size = collective_size(head, self.cues)
        if size is not None:
            items = collective_items(head.i, size, terms, types, history, root.doc)
            return [replace(t, via=subject.via) for t in items]
        if head.tag_ not in ("NNS", "NNPS"):
            return []
        determiner = next((c for c in head.children if c.dep_ in ("det", "predet")
                           and c.lower_ in self._plural_determiners), None)
        if determiner is None or not (subject.start < 0 or subject.end <= head.left_edge.i):
            return []
        return self._listed_with(determiner, subject, terms, history, head)

    def _listed_with(self, anaphor: Token, found: Term, terms: list[Term], history,
                     noun: Token | None = None) -> list[Term]:
        """The terms a plural anaphor stands for: "these conditions" after "X, Y and Z" is all three."""
        noun = noun if noun is not None else anaphor.head if anaphor.dep_ == "det" else anaphor
        if noun.i == anaphor.i or noun.tag_ not in ("NNS", "NNPS") \
                or anaphor.lower_ not in self._plural_determiners:
            return [found]  # a bare "them" is read as one term: the list it stands for is seldom plain
        for earlier in [[t for t in terms if t.end <= anaphor.i], *(t for t, _, _ in reversed(history))]:
            if any(t.iri == found.iri and t.kind == found.kind for t in earlier):  # the nearest sentence naming it
                siblings = [t for t in earlier if t.kind == found.kind and t.iri and t.source != "history"]
                return list({t.iri: replace(found, iri=t.iri) for t in siblings}.values()) or [found]
        return [found]

    def _of_what_is_had(self, sense: CueSense, felt: bool) -> bool:
        """Whether the sense's object is what people have or feel: a side effect felt, a condition counted."""
        return (felt and sense.predicate == HAS_SIDE_EFFECT) \
            or self.vocabulary.predicates[sense.predicate].measure == PREVALENCE

    def _responds_to_the_page_drug(self, sent: Span, cue: CueMatch, terms: list[Term],
                                   context: _SentenceContext) -> bool:
        """Whether patients respond to a treatment noun standing for the page's drug ("respond to a course of
        infusions"), in a sentence naming no drug, on a page (or section) plainly about one."""
        doc = sent.doc
        return context.page_drug is not None \
            and any(s.inverse and self._treats(s.predicate) for s in cue.senses) \
            and not any(t.kind == "Drug" for t in terms) \
            and any(doc[i].lemma_.lower() in self.cues.session_nouns | COURSE_NOUNS
                    for i in range(cue.end, min(sent.end, cue.end + DOSE_NOUN_REACH)))

    def _what_responders_received(self, cue: CueMatch, root: Token, terms: list[Term],
                                  context: _SentenceContext) -> list[Term]:
        """The drug that people who respond are said to have received: "64% of patients who received ketamine
        met response criteria", "participants who received six infusions responded" (the page's drug, on a
        page plainly about one), as the object of an inverse treatment cue that names none."""
        if not any(s.inverse and self._treats(s.predicate) for s in cue.senses):
            return []
        head = syntactic_subject(root, cue.start)
        people = people_counted(head, self.cues) if head is not None else None
        if people is None or people.lemma_.lower() not in self.cues.people_nouns | self.cues.recipients:
            return []
        for clause in people.children:
            if clause.dep_ not in ("relcl", "acl") or clause.lemma_.lower() not in self.cues.intake_verbs:
                continue
            given = {t.i for c in clause.children if c.dep_ in ("dobj", "agent", "prep") for t in c.subtree}
            drugs = [t for t in terms if t.kind == "Drug" and t.start in given]
            if drugs:
                return drugs[:1]
            if context.page_drug is not None \
                    and not any(t.kind in ("Drug", "Procedure") for t in terms) \
                    and any(root.doc[i].lemma_.lower() in self.cues.stand_in_nouns for i in given):
                return [context.topic]
        return []

    def _condition_of_a_group(self, cue: CueMatch, terms: list[Term], clause_of: dict[int, int],
                              context: _SentenceContext) -> list[Term]:
        """The condition a treatment cue that names none treats, when it is said of a population group after it
        in its clause; else nothing.

        It is the use of a drug class the group's wording names ("ketamine works when SSRIs haven't": SSRIs are
        antidepressants, used for depression), else the condition the page is plainly about ("significant
        improvement in patients who had failed multiple medications" on a depression page), else the one
        condition the group specifies that the page names (kg:specifiedByGroup: treatment-resistant depression).
        """
        if not self._states_a_treatment(cue):
            return []
        # in the cue's clause, or opening the next one: "works when SSRIs haven't"
        groups = [t for t in terms if t.kind == "PopulationGroup" and t.start >= cue.end
                  and clause_of.get(t.start - 1) == clause_of[cue.start]]
        if not groups:
            return []
        named = {drug for g in groups for drug in g.named}  # "SSRIs" in "when SSRIs haven't"
        uses = sorted({use for kind, kind_uses in self.vocabulary.class_uses.items()
                       if any(drug == kind or (context.kind_of is not None and context.kind_of(drug, kind))
                              for drug in named)
                       for use in kind_uses})
        specified = sorted({c for g in groups for c in self.vocabulary.group_conditions.get(g.iri, ())
                            if c in context.named_conditions})
        if len(uses) == 1:
            implied = uses[0]
        elif context.condition is not None:
            implied = context.condition
        elif len(specified) == 1:
            implied = specified[0]
        else:
            return []
        return [Term(-1, -1, implied, self.vocabulary.concept_kinds.get(implied, "Condition"), "implied")]

    def _candidates_for_the_page_drug(self, sent: Span, cue: CueMatch, terms: list[Term],
                                      context: _SentenceContext) -> bool:
        """Whether patients are said (not) to be candidates for nothing named ("patients with uncontrolled
        hypertension are not candidates until ..."), in a sentence naming no treatment, on a page (or section)
        plainly about one drug: they are (not) candidates for it."""
        doc = sent.doc
        after = doc[cue.end] if cue.end < sent.end else None
        return context.page_drug is not None \
            and any(s.inverse and s.predicate in (CONTRAINDICATED_IN, RECOMMENDED_FOR) for s in cue.senses) \
            and not any(t.kind in ("Drug", "Procedure") for t in terms) \
            and (after is None or after.is_punct or after.lower_ in CANDIDACY_ENDS)

    def _patients_with(self, doc: Doc, start: int, end: int) -> bool:
        """Whether the words from ``start`` to ``end`` name patients by a condition: "people with", "adults who"."""
        return any(doc[i].lemma_.lower() in self.cues.people_nouns and doc[i + 1].lower_ in ("with", "who")
                   for i in range(start, end - 1))

    def _passing_effects(self, sent: Span, cue: CueMatch, root: Token, terms: list[Term], history) -> Token | None:
        """The subject of a verb of passing when it says side effects pass, else ``None``: "side effects fade
        within an hour", "these effects wear off once the infusion ends", "(nausea,) which usually pass within
        hours"."""
        subject = syntactic_subject(root, cue.start)
        if subject is None or (root.pos_ == "ADJ" and root.dep_ in ("amod", "compound")):
            return None  # "temporary relief": a property of the noun, not of effects
        word = subject.lemma_.lower()
        if any(c.dep_ == "advmod" and c.lower_ in self.cues.effect_antecedents for c in root.children):
            word = "most"  # "(nausea and dizziness are common,) and most resolve within two hours"
        side = any(c.lower_ in ("side", "adverse") for c in subject.children) or any(
            t.iri == SIDE_EFFECT and t.start <= subject.i < t.end for t in terms)
        if word in SIDE_EFFECT_WORDS and side:
            return subject
        named = any(t.iri == SIDE_EFFECT for t in terms) or any(
            t.iri == SIDE_EFFECT for earlier, _, _ in history[-1:] for t in earlier)
        if (word in SIDE_EFFECT_WORDS or word in self.cues.effect_antecedents) and (
                (named and word not in SIDE_EFFECT_WORDS) or self._within_hours(sent, terms)):
            # "these effects", "most": effects passing within minutes or hours, or side effects named just before
            return subject
        return None

    def _within_hours(self, sent: Span, terms: list[Term]) -> bool:
        """Whether the sentence times something within a day, or by the end of the infusion or session."""
        doc = sent.doc
        for t in terms:
            if t.kind == "Statistic" and t.detail == "duration":
                quantity = span_quantity(doc[t.start:t.end])
                per = self.lexicon.seconds.get(quantity.unit) if quantity is not None else None
                if per is not None and quantity.upper is not None and quantity.upper * per <= DAY_SECONDS:
                    return True
        return any(doc[i].lower_ == "shortly" or self._ends_a_session(sent, doc[i])
                   for i in range(sent.start, sent.end))

    def _ends_a_session(self, sent: Span, word: Token) -> bool:
        """Whether ``word`` says an infusion or session ends: "once the infusion ends", "by the end of the
        session"; not "over the long term", a preposition with an object of its own."""
        if word.lemma_.lower() not in SESSION_ENDS or any(c.dep_ == "pobj" for c in word.children):
            return False
        near = range(max(sent.start, word.i - SESSION_END_REACH), min(sent.end, word.i + SESSION_END_REACH + 1))
        return any(sent.doc[i].lemma_.lower() in self.cues.session_nouns for i in near)

    def _passing_side_effects(self, sent: Span, cue: CueMatch, sense: CueSense, effects: Token, root: Token,
                              terms: list[Term], clause_of: dict[int, int], qualifier_cues: SentenceCues,
                              sources: list[Span], context: _SentenceContext, history) -> list[ClaimHit]:
        """The claim that the drug's side effects (``effects``, the verb's subject) are short-lived: the drug
        named in the sentence, or the page's, or, for side effects the sentence lists, the drug just named ("We do
        not recommend ketamine for ... Side effects during a session can include nausea, which usually pass")."""
        named = next((t for t in terms if t.kind == "Drug" and t.source == "mention"), None)
        subject = named or context.page_drug
        if subject is None and any(t.iri == SIDE_EFFECT for t in terms):
            subject = resolve(effects.i, [], frozenset({"Drug"}), history, effects.text)
        if subject is None:
            return []
        obj = Term(-1, -1, sense.implied_object or "", "TimeSpan", "implied")
        said_of = Term(  # quoted with the claim: "these effects ... resolve"
            max(effects.left_edge.i, sent.start), effects.i + 1, "", "Hazard", "words")
        hits = [self._hit(sent, cue, sense, subject, obj, [obj], said_of, root, clause_of, qualifier_cues, terms,
                          set(), sources, context)]
        figure = self._time_after(sent.doc, cue.end, terms, clause_of, clause_of[cue.start], SPAN_PREPOSITIONS)
        if figure is not None:  # "usually gone within 15 to 20 minutes": how long they last, too
            hits.append(self._hit(sent, cue, SIDE_EFFECT_DURATION, subject, figure, [figure], said_of, root,
                                  clause_of, qualifier_cues, terms, set(), sources, context))
        return hits

    def _time_after(self, doc: Doc, start: int, terms: list[Term], clause_of: dict[int, int], clause: int,
                    prepositions: frozenset[str]) -> Term | None:
        """The first duration of the clause from token ``start`` on, when one of ``prepositions`` governs it
        ("fade within 30 to 60 minutes", "feel groggy for about 24 hours"), else ``None``."""
        for t in terms:
            if t.start < start or clause_of.get(t.start) != clause:
                continue
            if t.kind == "Statistic" and t.detail == "duration":
                head = doc[t.start:t.end].root
                governed = head.head if head.dep_ == "pobj" else None
                words = {doc[i].lower_ for i in range(max(t.start - 2, 0), t.start + 1)}
                if (governed is not None and governed.lower_ in prepositions) or words & prepositions:
                    return t
            if t.kind != "Statistic":
                return None  # a duration past another term is that term's
        return None

    def _no_real_denial(self, doc: Doc, cue: CueMatch, sense: CueSense, root: Token, subject: Term, obj: Term,
                        population_starts: set[int]) -> bool:
        """Whether a negated reading denies something else than the claim, so no claim is made."""
        return (
            (subject.via or "").lower() in self.cues.page_voice  # "we do not treat people with psychosis": whom
            # the clinic takes, not what the drug does
            # a denial naming no drug ("have not found relief") is rarely the page drug's, but for a point it lists
            or (subject.via == PAGE_DRUG and not (obj.source == "implied" and _bulleted(doc, cue.start))
                and not self.vocabulary.predicates[sense.predicate].provider_practice)  # "cleared to drive": the
            # clinic's own practice
            or root.lemma_.lower() in self.cues.strong_cues  # "not a cure for depression" does not deny treating it
            # "may not be safe for people with uncontrolled hypertension": a contraindication
            or (obj.source == "implied" and any(cue.end < p <= cue.end + 4 for p in population_starts))
            # "insurers do not cover ketamine for depression": the denial is the verb's, not the drug's
            or sense is DRUG_FOR or _object_of_a_denial(root)
            or self._ranked(doc, cue, obj)  # "not a first-line treatment", "not for every kind of pain": a rank
        )

    def _open_object(self, root: Token, cue: CueMatch, terms: list[Term]) -> list[Term]:
        """Nouns the vocabularies lack, minted as objects: the direct object of a verb cue ("may prompt
        endorphins"), or the noun phrases a list cue introduces ("side effects include decreased appetite").

        Only for predicates that accept ``kg:OpenTerm`` objects; people,
        vague nouns, cue words and nouns overlapping a known term are never minted.
        """
        if not any("OpenTerm" in (self.vocabulary.predicates[s.predicate].subject_types if s.inverse
                                  else self.vocabulary.predicates[s.predicate].object_types)
                   for s in cue.senses if not s.implied_object):
            return []
        if cue.phrase.lower().split()[-1] in LIST_CUE_ENDINGS:
            doc, sent_end = root.doc, root.sent.end
            # the list ends where a clause of its own begins: "include nausea, which usually passes within hours"
            list_end = next((t.i for t in doc[cue.end:sent_end] if t.tag_ in ("WDT", "WP")
                             or t.dep_ in ("relcl", "advcl")), sent_end)
            # a noun of another preposition ("risk of X in a medical setting, with low doses") qualifies the
            # list, it is no item of it
            heads = [doc[head] for start, _, head in noun_chunk_bounds(doc) if cue.end <= start < list_end
                     and start - cue.end <= self.cues.max_object_distance and doc[head].pos_ in ("NOUN", "PROPN")
                     and not (doc[head].dep_ == "pobj" and not cue.start <= doc[head].head.i < cue.end)]
            return [t for t in (self._open_term(head, cue, terms) for head in heads[:MAX_OPEN_ITEMS]) if t is not None]
        if root.pos_ != "VERB" or root.lemma_.lower() in USE_NOUNS:
            return []  # (what a treatment uses is no object of it: "radiofrequency ablation, which uses heat")
        objects = [self._open_term(c, cue, terms) for c in root.children
                   if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")]
        return [t for t in objects[:1] if t is not None]

    def _open_term(self, head: Token, cue: CueMatch, terms: list[Term]) -> Term | None:
        """The minted term of the noun phrase headed by ``head``, or None for a person, a vague or known noun."""
        lemma = head.lemma_.lower()
        if lemma in self.cues.people_nouns | self.cues.not_subjects | self.cues.vague_nouns | self.cue_words \
                or lemma in self.cues.anaphoric_heads | self.cues.stand_in_nouns:
            return None  # "a few drawbacks", "the risk", "large amounts", "lower their doses": nothing to name
        words = [t for t in head.subtree if t.i >= cue.end and (t.i == head.i or (
            t.i < head.i and t.dep_ in ("compound", "amod") and t.pos_ in ("NOUN", "PROPN", "ADJ")))]
        start, end = words[0].i, head.i + 1
        if any(t.start < end and start < t.end for t in terms) or (start > 0 and head.doc[start - 1].text == "-"):
            return None  # known already, or the tail of a compound ("off-label")
        label = " ".join([t.lower_ for t in words[:-1]] + [lemma])
        return Term(start, end, str(minted_concept_iri("term", label)), "OpenTerm", "open", detail=label)

    def _modifies_effect(self, adverb: Token, cue: CueMatch, context: _SentenceContext) -> bool:
        """Does a manner adverb ("rapidly", "quickly") modify a verb of effect ("works", "alleviates"), or its
        object ("notice a change within 24 hours")?"""
        head = adverb.head
        if head.dep_ == "dobj" and head.head.lemma_.lower() in self.cues.effect_verbs:
            return True
        return head.lemma_.lower() in self.cues.effect_verbs or any(
            head.i in range(c.start, c.end) and any(
                {"Condition", "Symptom"} & self.vocabulary.predicates[s.predicate].object_types for s in c.senses)
            for c in context.cues if c is not cue)  # (not "cleared to drive so quickly": no effect on a condition)

    def _relative_antecedent(self, doc: Doc, cue: CueMatch, terms: list[Term]) -> Term | None:
        """The noun an object relative clause hangs on, read from the words: "NMDA receptors, which ketamine blocks".

        The small model often parses a lower-case drug name there as a verb
        ("which ketamine(VERB) blocks(NOUN)"), so the words decide: a term
        before a relative pronoun (and its comma), then a term right before
        the cue; the first is the cue's object. With no relative pronoun the
        clause must end at the cue ("the same receptors ketamine blocks."),
        and a noun renaming the one before its comma stands for that one.
        """
        subject = next((t for t in terms if t.end == cue.start and t.source == "mention"), None)
        if subject is None or subject.start < 2:
            return None
        contact = doc[subject.start - 1].lower_ not in ("which", "that", "whom")
        if contact and not (cue.end == len(doc) or doc[cue.end].is_punct or doc[cue.end].is_sent_start):
            return None  # a clause with no relative pronoun ends at the cue: "the same receptors ketamine blocks."
        end = subject.start if contact else subject.start - 1
        if doc[end - 1].text == ",":
            end -= 1

        def fitting(at: int) -> Term | None:
            return next((t for t in terms if t.end == at and t is not subject and t.source not in ("implied", "inner")
                         and any(self._admits_object(s, t) for s in cue.senses)), None)

        found = fitting(end)
        if found is not None and contact:  # "NMDA receptors, the same receptors ketamine blocks": the renamed noun
            at = found.start
            while at > 0 and doc[at - 1].lower_ in ("the", "same"):
                at -= 1
            renamed = fitting(at - 1) if at < found.start and at > 0 and doc[at - 1].text == "," else None
            found = renamed if renamed is not None and renamed.kind == found.kind else found
        return found

    def _class_examples(self, sent: Span, terms: list[Term], kind_of: Callable[[str, str], bool],
                        appositions: Sequence[tuple[Term, Term, str]] = ()) -> list[ClaimHit]:
        """ "SSRIs such as sertraline and escitalopram": each example the vocabularies put in the class is one.

        The example list after "such as" / "like" / "including" runs over
        commas, "and"/"or" and bracketed brand names; an example the
        vocabularies do not place in the class asserts nothing here. A form
        or legal class in apposition (:meth:`_appositions`) is what it follows.
        """
        doc = sent.doc
        texts = token_columns(doc).lower
        drugs = [t for t in terms if t.kind == "Drug" and t.iri and t.start >= 0]
        starts = {t.start: t for t in drugs}
        hits = [self._class_hit(sent, kind, named, determiner, example_first=True)
                for named, kind, determiner in appositions]
        parenthesized = in_parentheses(sent)  # brand names and abbreviations in brackets are skipped
        listed: list[Term] = []  # the drugs of the list running up to the current one
        for drug in drugs:  # "duloxetine (an SNRI)", "venlafaxine, an SNRI, ...", "Methadone: A full opioid agonist"
            if drug.start in parenthesized:
                continue  # "duloxetine (Cymbalta)": the brand name renames the drug before it
            i = drug.end
            if i + 2 < sent.end and texts[i] == "(" and texts[i + 1] in ("a", "an") and i + 2 in starts:
                kind = starts[i + 2]
                if kind_of(drug.iri, kind.iri):
                    hits.append(self._class_hit(sent, kind, drug, texts[i + 1], example_first=True))
                    continue
            between = range(listed[-1].end, drug.start) if listed else range(0)
            listed = [*listed, drug] if listed and all(texts[k] in (",", "and", "or") or k in parenthesized
                                                       for k in between) else [drug]
            while i < sent.end and i in parenthesized:  # "Naltrexone (Vivitrol): ..."
                i += 1
            label = i < sent.end and texts[i] == ":" and drug.start == sent.start
            if (texts[i] == "," if i < sent.end else False) or label:
                determiner = texts[i + 1] if i + 1 < sent.end else ""
                kind = self._appositive_class(sent, i, starts, separators=(",", ":"),
                                              determiners=("a", "an", "both", "all"))
                named = listed if determiner in ("both", "all") else [drug]
                if kind is not None:
                    hits += [self._class_hit(sent, kind, d, determiner, example_first=True)
                             for d in named if kind_of(d.iri, kind.iri)]
        for kind in drugs:
            if kind.start in parenthesized:
                continue  # the "(SSRIs)" after a class is its name again, not a class of its own
            i = kind.end
            while i < sent.end and i in parenthesized:  # "selective serotonin reuptake inhibitors (SSRIs) such as"
                i += 1
            if i == kind.end and i in starts and kind.start > sent.start and texts[kind.start - 1] in TITLE_DETERMINERS:
                # "the anti-nausea medication ondansetron": a class noun before a drug's name, used as its title
                if kind_of(starts[i].iri, kind.iri):
                    hits.append(self._class_hit(sent, kind, starts[i], texts[kind.start - 1]))
                continue
            marker = next((m for m in CLASS_EXAMPLE_MARKERS if tuple(texts[i:i + len(m)]) == m), None)
            if marker is None:
                continue
            i += len(marker)
            while i < sent.end:
                if i in starts and i not in parenthesized:
                    example = starts[i]
                    if kind_of(example.iri, kind.iri):
                        hits.append(self._class_hit(sent, kind, example, " ".join(marker)))
                    i = example.end
                    continue
                if i not in parenthesized and texts[i] not in (",", "and", "or"):
                    break
                i += 1
        return hits

    @classmethod
    def _appositions(cls, sent: Span, terms: list[Term]) -> list[tuple[Term, Term, str]]:
        """(what is renamed, the substance term that renames it, its determiner) for each apposition after a drug
        or a substance: "Spravato, a nasal spray containing esketamine", "esketamine (Spravato), an FDA-approved
        nasal spray", "glutamate, the brain's main excitatory messenger". A form or legal class the vocabularies
        place nothing in, said of what it follows; never a second object of the sentence's verb."""
        doc = sent.doc
        forms = {t.start: t for t in terms if t.kind == "Substance" and t.iri and t.start >= 0}
        found = []
        for named in (t for t in terms if t.kind in ("Drug", "Substance") and t.iri and t.start >= 0):
            i = named.end
            if named.kind == "Drug" and i < sent.end and doc[i].text == "(" \
                    and any(doc[k].text == ")" for k in range(i, min(sent.end, i + 6))):
                i = next(k for k in range(i, sent.end) if doc[k].text == ")") + 1  # "Spravato (esketamine), a ..."
            kind = cls._appositive_class(sent, i, forms)
            if kind is not None:
                found.append((named, kind, doc[i + 1].lower_))
        return found

    @staticmethod
    def _appositive_class(sent: Span, i: int, forms: dict[int, Term], separators: tuple[str, ...] = (",",),
                          determiners: tuple[str, ...] = ("a", "an", "the")) -> Term | None:
        """The term of ``forms`` heading an apposition that opens at token ``i``, right after what it renames
        (", the brain's main excitatory messenger,"), read from the words, not the parse: a comma (or another of
        ``separators``), a determiner, modifiers with no verb or comma, the term, then the phrase ends."""
        doc = sent.doc
        if i + 2 >= sent.end or doc[i].text not in separators or doc[i + 1].lower_ not in determiners:
            return None
        for j in range(i + 2, min(sent.end, i + 2 + APPOSITION_REACH)):
            if j in forms:
                end = forms[j].end
                # the term right after the determiner heads the phrase ("a nasal spray form of esketamine");
                # after modifiers, the phrase must end with it ("the brain's main excitatory messenger,")
                closed = j == i + 2 or end >= sent.end or doc[end].is_sent_end or doc[end].tag_ in ("VBG", "VBN") \
                    or doc[end].lower_ in (",", ".", ";", ")", "—", "–", "that", "which") \
                    or _closing_site_phrase(sent, end)  # "the most common chemical messenger in the brain"
                return forms[j] if closed else None
            if doc[j].tag_ in FINITE_VERB_TAGS or doc[j].text in (",", ";", "(", ")"):
                return None  # (a participle is a modifier: "an FDA-approved nasal spray")
        return None

    def _class_hit(self, sent: Span, kind: Term, example: Term, marker: str, example_first: bool = False) -> ClaimHit:
        doc = sent.doc
        first, last = (example, kind) if example_first else (kind, example)
        start, end = doc[first.start].idx, doc[last.end - 1].idx + len(doc[last.end - 1].text)
        cue_start = doc[first.end].idx if first.end < last.start else start
        return ClaimHit(
            start=start, end=end, subject=example.iri, subject_kind=example.kind, subject_span=char_span(doc, example),
            subject_via=None, subject_label=None, predicate=IS_A, cue=marker, cue_span=(cue_start, cue_start),
            object=kind.iri, object_kind=kind.kind, object_span=char_span(doc, kind), object_label=None,
            negated=False, negation_cue=None, certainty="Asserted", certainty_cue=None,
            sentence=(sent.start_char, sent.end_char))

    def _ranked(self, doc: Doc, cue: CueMatch, obj: Term) -> bool:
        """A ranking or universal word on the cue or before the object: "not a first-line treatment for pain"."""
        end = max(obj.start, cue.end)
        inside = range(cue.start, cue.end)  # "not first-line for pain", "not a magic bullet": the cue's own rank
        words = {doc[i].lower_ for i in range(max(cue.start - 3, 0), end) if i not in inside}
        words |= {c.lower_ for i in range(cue.start, cue.end) for c in doc[i].children
                  if c.dep_ in ("amod", "det") and c.i not in inside}
        return bool(words & self.cues.ranking_words)

    def _named_member(self, doc: Doc, subject: Term, terms: list[Term], history,
                      context: _SentenceContext) -> Term | None:
        """The drug a definite class noun stands for: "Ketamine was developed in 1962 ... The anesthetic can lift
        depression within hours" is about ketamine, the one anesthetic named before (or the page's drug); so is
        "a drug best known as an anesthetic"."""
        if context.kind_of is None or subject.source != "mention" or subject.kind != "Drug" or subject.start < 1:
            return None
        before = [doc[i].lower_ for i in range(max(0, subject.start - 3), subject.start)]
        known_as = len(before) == 3 and before[-2:] in (["as", "an"], ["as", "a"]) and before[0] == "known"
        if before[-1] not in DEFINITE_DETERMINERS and not known_as:  # "a drug best known as an anesthetic"
            return None
        earlier = [t for t in terms if t.end <= subject.start]
        earlier += [t for _, subjects, _ in reversed(history) for t in subjects]
        if not earlier and context.topic is not None:
            earlier = [context.topic]  # the page's one drug
        members = {t.iri: t for t in earlier if t.kind == "Drug" and t.iri and t.iri != subject.iri
                   and context.kind_of(t.iri, subject.iri)}
        if len(members) != 1:
            return None  # none named, or several: the class noun stays the class
        return replace(next(iter(members.values())), start=subject.start, end=subject.end,
                       source="anaphor", via=doc[subject.start - 1:subject.end].text)

    def _page_drug_stands_in(self, sent: Span, cue: CueMatch, sense: CueSense, root: Token, terms: list[Term],
                             objects: list[Term], context: _SentenceContext) -> bool:
        """Whether a cue whose sentence names no drug is about the page's drug, on a page plainly about one.

        A treatment noun stands for it ("a single infusion rapidly reduced X"), and so do side effects listed of
        nothing named ("other side effects include X"); an onset timed from a dose ("within 24 hours of their
        first infusion") or of a treatment noun ("a single infusion produced improvement within two hours", even
        where the sentence names the page's drug elsewhere) and boosters ("responders return for booster
        infusions") are its too, and so is the reader's candidacy ("you may be a candidate if you have: X"), and a
        bullet that says it works for a group ("• Works when other treatments have failed").
        """
        if context.page_drug is None or sense.inverse:
            return False
        doc = sent.doc
        # (a class that only qualifies a dose or session names no other drug: "far lower than anesthetic doses")
        named = {t.kind for t in terms if sent.start <= t.start < sent.end and not self._qualifies_a_dose(doc, t)}
        if self.vocabulary.predicates[sense.predicate].provider_practice:  # "a series of six infusions": how the
            # clinic gives its drug, named in the sentence or not ("because ketamine clears quickly, ..."), unless
            # the verb is said of something else ("our parking costs $5")
            holder = None if sense.implied_object else syntactic_subject(root, cue.start)
            # (or its effects: "these effects fade by the end of the two-hour observation period")
            said_of_it = holder is None or holder.lower_ in ("you", "your") or holder.lemma_.lower() in (
                self.cues.stand_in_nouns | self.cues.people_nouns | self.cues.page_voice | self.cues.anaphors
                | self.cues.venue_nouns | SIDE_EFFECT_WORDS) \
                or any(t.kind == "Drug" and t.start <= holder.i < t.end for t in terms)
            return said_of_it and all(t.iri == context.topic.iri for t in terms
                                      if t.kind == "Drug" and sent.start <= t.start)
        if sense.said_of_group:  # "• Works when other treatments have failed": a point the page makes
            return "Drug" not in named and _bulleted(doc, cue.start)
        if sense.implied_object:  # a class inside the cue names no drug: "a rapid antidepressant effect"
            outside = [t for t in terms if sent.start <= t.start < sent.end
                       and not (t.start < cue.end and cue.start < t.end)]
            named_outside = {t.kind for t in outside}
            holder = syntactic_subject(root, cue.start) if sense.predicate == HAS_ONSET else None
            if holder is not None and holder.lemma_.lower() in self.cues.stand_in_nouns \
                    and all(t.iri == context.topic.iri for t in outside if t.kind == "Drug") \
                    and not any(t.kind in ("Drug", "Procedure") and t.iri != context.topic.iri
                                and holder.left_edge.i <= t.start <= holder.i for t in terms):
                return True  # "(ketamine ...) where a single infusion produced improvement within two hours"
            return "Drug" not in named_outside and (
                (sense.predicate == HAS_ONSET and self._after_a_dose(doc, cue.end, sent.end))
                or sense.predicate == IS_MAINTAINED_BY
                or _bulleted(doc, cue.start)  # "• Non-addictive at therapeutic doses": a point the page makes
                or _found_by_studies(root, terms))
        if sense.predicate == RECOMMENDED_FOR and objects and all(o.start >= cue.end for o in objects) \
                and (syntactic_subject(root, cue.start) or root).lower_ == "you" \
                and all(t.iri == context.topic.iri for t in terms if t.kind == "Drug" and t.start < cue.end):
            return True  # "You may be a candidate if you have: X, Y": the reader as the patient the drug is for
        return bool(objects) and all(o.start >= cue.end and (o.source in ("mention", "example") or (
            o.source == "term" and o.kind == "Symptom")) for o in objects) \
            and not named & {"Drug", "Procedure"} \
            and (sense.predicate == HAS_SIDE_EFFECT or self._treats(sense.predicate)) \
            and self._stands_for_the_drug(doc, cue, root, terms, context.timed_section)

    def _qualifies_a_dose(self, doc: Doc, term: Term) -> bool:
        """Whether ``term`` is an adjective on a treatment noun: "anesthetic doses", "antidepressant therapy"."""
        if term.start < 0 or term.kind != "Drug":
            return False
        word = doc[term.end - 1]
        return word.dep_ == "amod" and word.head.lemma_.lower() in self.cues.stand_in_nouns

    def _after_a_dose(self, doc: Doc, start: int, end: int) -> bool:
        """Whether the words from ``start`` time a treatment noun: "... of their first infusion", "after the
        first dose" (the page's drug, given as its treatment)."""
        for i in range(start, min(end, start + DOSE_REACH)):
            if doc[i].lower_ in ("of", "after", "following"):
                return any(doc[j].lemma_.lower() in self.cues.stand_in_nouns
                           for j in range(i + 1, min(end, i + 1 + DOSE_NOUN_REACH)))
        return False

    def _reported(self, doc: Doc, cue: CueMatch, sent_start: int) -> bool:
        """Whether the cue is inside a quotation that a verb of describing introduces: 'describe ketamine as
        "FDA-approved for depression"', 'market it as a "cure"'."""
        opening = None
        tokens = token_columns(doc)
        texts = tokens.text
        for i in range(cue.start - 1, sent_start - 1, -1):
            text = texts[i]
            if text in CLOSING_QUOTES:
                return False  # the quotation closes before the cue
            if text in OPENING_QUOTES or text == '"':
                opening = i
                break
        if opening is None or (texts[opening] == '"' and _closes_a_quotation(texts, opening, sent_start)):
            return False
        return any(tokens.lemma[j].lower() in self.cues.reporting_verbs
                   for j in range(max(sent_start, opening - REPORTED_REACH), opening))

    def _stands_for_the_drug(self, doc: Doc, cue: CueMatch, root: Token, terms: list[Term],
                             timed_section: bool = False) -> bool:
        """Whether the cue's subject is a treatment noun standing for the page's drug ("a single infusion
        reduced ..."), or, with no subject, the cue names one ("now offering infusions for depression"), or
        the cue lists side effects of nothing named ("other possible side effects include", not "... of TMS"), or
        people feel it during a session (named, or timed by the section's heading: ``timed_section``)."""
        cue_words = {doc[i].lemma_.lower() for i in range(cue.start, cue.end)}
        if cue_words & SIDE_EFFECT_WORDS:
            return not any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("of", "from"))
                           for i in range(cue.start, cue.end) for c in doc[i].children)
        head = syntactic_subject(root, cue.start)
        if head is not None and head.lemma_.lower() in self.cues.stand_in_nouns:
            return True
        if cue.start <= root.i < cue.end and root.lemma_.lower() in self._dose_nouns \
                and not any(c.dep_ in ("amod", "compound", "nmod") for c in root.children):
            return True  # "the chain charges $495 per infusion for depression": the infusion given is the drug
        if root.pos_ == "NOUN" and _found_by_studies(root, terms):
            return True  # "(ketamine ...) A separate trial also found meaningful reductions in CRPS pain"
        if cue_words & FEELING_VERBS:  # "during the infusion, you may notice:": what its session brings
            # unless the people who feel it are named by a condition ("people with depression often feel tired")
            feelers = {t.i for t in head.subtree} if head is not None else set()
            return (any(self._timed_by_a_session(sent) for sent in _with_sentence_before(root.sent))
                    or timed_section) \
                and not any(t.start in feelers and t.kind in ("Condition", "Symptom") for t in terms)
        if head is not None:
            return False
        return any(doc[i].lemma_.lower() in self.cues.stand_in_nouns for i in range(cue.start, cue.end))

    def _felt_by_no_one(self, root: Token, cue: CueMatch) -> bool:
        """Whether a verb of feeling ("feel", "notice", "describe") has a subject that is no one who could feel:
        "That describes ...", "It notices ..." (people, "you", "they" and shares of people can)."""
        head = syntactic_subject(root, cue.start)
        if head is None:
            return False
        lemma = people_counted(head, self.cues).lemma_.lower()
        return head.pos_ in ("PRON", "DET") and lemma not in FEELERS and lemma not in self.cues.recipients

    def _timed_by_a_session(self, sent: Span) -> bool:
        """Whether ``sent`` times what is felt by a session: "during the infusion", "for the rest of the day"."""
        return _after_a_session(sent) or any(
            t.lower_ in SESSION_TIMES and any(c.lemma_.lower() in self.cues.stand_in_nouns for c in t.children)
            for t in sent)

    def _ends_something(self, cue: Span) -> bool:
        """A preposition cue on a verb of ending: "the effect fades within two weeks", "side effects are usually
        gone within 20 minutes", "nausea goes away within an hour" say when it ends."""
        verb = cue[0].head
        return cue[0].pos_ == "ADP" and (
            verb.lemma_.lower() in self.cues.ending_verbs or verb.lower_ in self.cues.ending_verbs
            or any(c.dep_ in ("prt", "advmod") and c.lower_ in self.cues.ending_particles for c in verb.children))

    def _fallback_objects(self, cue: CueMatch, terms: list[Term], root: Token, history,
                          condition: str | None = None) -> list[Term]:
        """Objects a cue finds elsewhere when none follow it.

        The patients of a passive ("patients with chronic pain are treated
        with opioids"), a compound before a noun cue ("pain relief"), the
        cause of an effect named earlier ("Tolerance ... are often the
        result"), or the predicate's default object ("does not come without
        risks"). A default condition ("relief": of pain) is the ``condition``
        the page is plainly about, when there is one ("rapid relief" on a
        page about depression).
        """
        children = list(root.children)  # spaCy scans the parse for them on each access
        antecedent = self._relative_antecedent(root.doc, cue, terms)
        if antecedent is not None:
            return [antecedent]
        if root.dep_ == "pobj" and root.pos_ == "VERB" and root.head.lower_ == "to" and root.head.head.dep_ == "dobj":
            # 'allow the pain pathways in the brain to "reset"': the small model reads the infinitive as a
            # preposition's object hung on the noun; that noun is what the verb acts on
            noun = root.head.head
            phrase = {t.i for t in noun.subtree if t.i < root.head.i}
            inside = [t for t in terms if t.start in phrase and t.source not in ("implied", "inner")
                      and any(self._admits_object(s, t) for s in cue.senses)]
            if inside:
                return inside[:1]
        if root.dep_ in ("xcomp", "ccomp"):  # "allow the pain pathways ... to reset"
            for child in root.head.children:
                if child.dep_ == "dobj" and child.i < root.i:
                    phrase = {t.i for t in child.subtree}
                    inside = [t for t in terms if t.start in phrase and t.source not in ("implied", "inner")
                              and any(self._admits_object(s, t) for s in cue.senses)]
                    if inside:
                        return inside[:1]
        for child in children:  # "NMDA receptors, which ketamine blocks": the noun the clause hangs on
            if child.dep_ == "dobj" and child.lower_ in self.cues.relative_pronouns and root.dep_ == "relcl":
                named = [t for t in terms if t.start <= root.head.i < t.end
                         and any(self._admits_object(s, t) for s in cue.senses)]
                if named:
                    return named[:1]
        # the holder of a predicative cue: "X is off-label", "X is considered off-label"
        holder_children = [*children, *root.head.children] if root.dep_ in ("attr", "acomp", "oprd", "xcomp") \
            else children
        for child in holder_children:  # a subject that can only be the object; "Its use for X is off-label"
            if child.dep_ == "nsubj":
                phrase = {t.i for t in child.subtree}
                inside = [t for t in terms if t.start in phrase and t.source not in ("implied", "inner")
                          and any(self._admits_object(s, t) for s in cue.senses)
                          and not any(t.kind in self.vocabulary.predicates[s.predicate].subject_types
                                      for s in cue.senses)]
                if inside:
                    return inside[:1]
            if child.dep_ == "nsubjpass":
                phrase = {t.i for t in child.subtree}
                inside = [t for t in terms if t.start in phrase and t.source not in ("implied", "inner")
                          and any(self._admits_object(s, t) for s in cue.senses)]
                if inside:
                    return inside
            if child.dep_ in ("csubj", "csubjpass"):  # "Using it to treat X or Y is considered off-label": each use
                # denied, and only by a denying cue: "ketamine for X is a use" says no more than that
                phrase = {t.i for t in child.subtree}
                inside = [t for t in terms if t.start in phrase and t.source not in ("implied", "inner")
                          and any(s.negated and self._admits_object(s, t) for s in cue.senses)
                          and not any(t.kind in self.vocabulary.predicates[s.predicate].subject_types
                                      for s in cue.senses)]
                if inside:
                    return inside
        inverse = [s for s in cue.senses if s.inverse]
        cue_tokens = [root.doc[i] for i in range(cue.start, cue.end)]
        outside = [c for t in cue_tokens for c in t.children if not cue.start <= c.i < cue.end]
        # "... are often the result.", "... have been reported with prolonged use": a use or a dose of no named drug
        if inverse and not any(c.dep_ in COMPLEMENT_DEPS and c.lemma_.lower() not in USE_NOUNS for c in outside):
            types = self.vocabulary.predicates[inverse[0].predicate].subject_types
            named = [t for t in terms if t.end <= cue.start and t.kind == "Drug"]  # "the label for ketamine notes"
            cause = resolve(cue.start, named, types, history, "(previous sentence)" if not named else "(this sentence)")
            if cause is not None:
                return [cause]
        before = [t for t in terms if t.end == cue.start and t.source not in ("implied", "inner")]
        if root.pos_ in NOUN_CUE_POS and before and before[0].kind in COMPOUND_OBJECT_KINDS and any(
                self._admits_object(s, before[0]) for s in cue.senses):
            had = self._recipients_condition(root, cue, terms) if before[0].kind == "Symptom" else None
            if had is not None and had.kind == "Condition":  # "patients with CRPS experience pain relief"
                return [had]
            return before  # "pain relief", "pain management", "NMDA blockade"
        if before and before[0].kind == "Statistic" and root.doc[cue.start].lower_ == "of" and any(
                self._admits_object(s, before[0]) for s in cue.senses):
            return before  # "a minimum of two hours of observation": the amount the noun cue comes in
        if before and before[0].kind in ("Condition", "Drug", "Procedure") and not any(
                c.dep_ == "dobj" and cue.start <= c.i < cue.end for c in root.children):
            return []  # "fracture reductions": a compound of another kind names what is reduced (a verb's
            # subject before a cue that holds the verb's object does not: "opioids lose their effectiveness")
        open_objects = self._open_object(root, cue, terms)
        if open_objects:
            return open_objects
        had = self._recipients_condition(root, cue, terms)
        if had is not None:  # "70% of our patients with TRD report meaningful improvement": of their TRD
            return [had]
        vague = self._vague_time(root, cue)
        if vague is not None and any(self.vocabulary.predicates[s.predicate].default_object
                                     and self.vocabulary.predicates[s.predicate].measure for s in cue.senses):
            if min(vague) < WEEK_SECONDS:  # "the effects last a few hours": no figure, and not long either
                return []
            default = next(self.vocabulary.predicates[s.predicate].default_object for s in cue.senses
                           if self.vocabulary.predicates[s.predicate].default_object)
            return [Term(-1, -1, default, self.vocabulary.concept_kinds.get(default, "TimeSpan"), "implied")]
        # a verb coordinated after it may hold the object both take: "reduce or even eliminate pain"; "reduce or
        # stop their opioid medications" (an object not tracked)
        shared = [c for v in children if v.dep_ == "conj" and v.pos_ == "VERB" and root.pos_ == "VERB"
                  and v.i - root.i <= SHARED_OBJECT_REACH and not any(s.dep_ in SUBJECT_DEPS for s in v.children)
                  for c in v.children if c.dep_ == "dobj"]
        held = [t for c in shared for t in terms if c.left_edge.i <= t.start <= c.i and t.source not in ("implied",)
                and any(not s.inverse and self._admits_object(s, t) for s in cue.senses)]
        if held:
            return held[:1]
        intransitive = not any(self._complement(c, cue, root) for c in [*children, *shared])
        if root.dep_ == "amod" and root.pos_ == "VERB" and root.nbor(-1).text != "-":  # not "short-lived"
            return []  # "sharply reduced ketamine's effect" read as a participle on the noun: it acts on that noun
        if root.pos_ not in NOUN_CUE_POS and not intransitive:
            return []  # "leading to decreased responsiveness": the object is there, just not one we track
        said = self._said_before(cue, root, history)
        if said:
            return said  # "Ketamine has some potential for misuse. ... the risk is low": the risk just named
        for sense in cue.senses:
            default = self.vocabulary.predicates[sense.predicate].default_object
            if default and not sense.inverse:
                kind = self.vocabulary.concept_kinds.get(default, "Hazard")
                if condition is not None and kind in ("Condition", "Symptom") and "Condition" in \
                        self.vocabulary.predicates[sense.predicate].object_types:
                    return [Term(-1, -1, condition, "Condition", "implied")]
                return [Term(-1, -1, default, kind, "implied")]
        return []

    def _approved_before(self, doc: Doc, cue: CueMatch, terms: list[Term], clause_of: dict[int, int],
                         context: _SentenceContext) -> list[Term]:
        """What the page last said a drug is approved for, when a cue whose only scope is a population names a
        group and nothing else ("Spravato is approved for adults 18 and older", "It is not approved for use in
        children or adolescents"); else nothing."""
        scoped = {s.predicate for s in cue.senses if not s.inverse
                  and self.vocabulary.predicates[s.predicate].population_scoped}
        group = next((t for t in terms if t.kind == "PopulationGroup" and t.start >= cue.end), None)
        if not scoped or group is None or clause_of.get(group.start) != clause_of[cue.start]:
            return []
        if any(doc[i].pos_ in ("VERB", "AUX") for i in range(cue.end, group.start)) \
                or any(cue.end <= t.start < group.start for t in terms):
            return []  # "not approved for use as an anesthetic, and it has not been studied in children"
        named = {t.iri for t in terms if t.kind == "Drug"}
        for hit in reversed(context.earlier):
            if hit.predicate in scoped and hit.object and not hit.negated and (not named or hit.subject in named):
                return [Term(-1, -1, hit.object, hit.object_kind, "history")]
        return []

    def _complement(self, child: Token, cue: CueMatch, root: Token) -> bool:
        """Whether ``child`` of the cue's root gives the verb a complement of its own words.

        The cue's own words are none unless they reach past it ("paid out of
        pocket", "defined as pain"); nor is a phrase fronted before the verb
        ("for many, the benefit fades"), a span of time with no figure
        ("fades within weeks"), or what is lacking ("fades without further
        treatment").
        """
        if child.dep_ not in COMPLEMENT_DEPS or child.i <= root.i:
            return False
        # (a span of time hung on the cue's own object is not a complement: "lose its effectiveness over time")
        vague = {t.i for p in child.subtree if p.i != child.i and self._vague_span(p) for t in p.subtree}
        return any(not cue.start <= t.i < cue.end and t.i not in vague for t in child.subtree) \
            and not self._vague_span(child) \
            and not (child.lower_ == "without" and not cue.start <= child.i < cue.end)

    def _vague_time(self, root: Token, cue: CueMatch) -> list[Decimal] | None:
        """The seconds of each time unit of a span the verb takes with no figure ("last for several weeks",
        "last from a few weeks to several months", "last a few hours"), or ``None`` when it takes none. A verb
        of ending ("fade within weeks") is :meth:`_vague_span`'s."""
        if root.lemma_.lower() in self.cues.ending_verbs:
            return None
        for child in root.children:
            if child.i < cue.end or child.dep_ not in ("prep", "npadvmod", "dobj"):
                continue
            words = [t for t in child.subtree if not (t.i == child.i and child.dep_ == "prep")]
            seconds = self._unit_seconds(words, SPAN_FILLERS | RANGE_WORDS)
            if seconds:
                return seconds
        return None

    def _vague_span(self, prep: Token) -> bool:
        """Whether ``prep`` times something in time units with no figure: "within weeks", "over weeks to months",
        "within days to weeks"."""
        if prep.dep_ != "prep" or not (prep.lower_ in SPAN_PREPOSITIONS or (
                prep.lower_ == "to" and prep.i > 0 and self._unit_seconds([prep.nbor(-1)], frozenset()))):
            return False  # ("days to weeks": the small model may hang "to weeks" on the verb)
        if [t.lower_ for t in prep.subtree if t.i != prep.i] == ["time"]:
            return True  # "lose their effectiveness over time"
        return bool(self._unit_seconds([t for t in prep.subtree if t.i != prep.i], SPAN_FILLERS))

    def _unit_seconds(self, words: list[Token], fillers: frozenset[str]) -> list[Decimal]:
        """The seconds of each time unit among ``words`` when they are time units and ``fillers`` only ("a few
        weeks to several months"), else nothing: a span of time with no figure."""
        units = [self.lexicon.unit_labels.get((t.lower_,)) for t in words]
        if not any(u in self.lexicon.seconds for u in units) or not all(
                u in self.lexicon.seconds or t.lower_ in fillers for t, u in zip(words, units)):
            return []
        return [self.lexicon.seconds[u] for u in units if u in self.lexicon.seconds]

    @staticmethod
    def _said_before(cue: CueMatch, root: Token, history) -> list[Term]:
        """The objects of the nearest earlier sentence's claims of the cue's predicate, when the cue is a definite
        noun with no complement ("the risk is low"); else nothing."""
        if root.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in root.children) \
                or any(c.dep_ in ("prep", "acl", "relcl") for c in root.children):
            return []
        predicates = {s.predicate for s in cue.senses if not s.inverse}
        for _, _, hits in reversed(history):
            objects = {h.object: Term(-1, -1, h.object, h.object_kind, "history", f"the {root.text}")
                       for h in hits if h.predicate in predicates and h.object and not h.negated}
            if objects:
                return list(objects.values())
        return []

    def _recipients_condition(self, root: Token, cue: CueMatch, terms: list[Term]) -> Term | None:
        """The condition of the people who get an effect a noun cue names ("patients with TRD report meaningful
        improvement", "half of people with hard-to-treat depression get relief"), else ``None``."""
        if root.pos_ != "NOUN" or root.dep_ != "dobj" or root.lemma_.lower() not in self.cues.effect_nouns:
            return None
        holder = syntactic_subject(root.head, cue.start)
        if holder is None:
            return None
        people = people_counted(holder, self.cues)
        if people.lemma_.lower() not in self.cues.recipients | self.cues.people_nouns:
            return None
        phrase = {t.i for t in holder.subtree}  # "70% of our patients with TRD": "with" may hang on the share
        return next((t for t in terms if t.start in phrase and t.kind in ("Condition", "Symptom")
                     and any(self._admits_object(s, t) for s in cue.senses)), None)

    def _condition_that_got_better(self, root: Token, cue: CueMatch, terms: list[Term]) -> list[Term]:
        """What a treatment verb with no object says got better: "their depression improved within hours", "the
        symptoms of anxiety eased"; "their symptoms improved" after "patients with major depression" is that
        condition. Else nothing.

        The condition is the verb's subject, so it cannot also be what the verb
        (read as "increases") is said of.
        """
        if root.pos_ != "VERB" or not self._states_a_treatment(cue) \
                or any(c.dep_ in OBJECT_DEPS for c in root.children):
            return []
        holder = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if holder is None or any(self._by_itself(c) or c.dep_ == "advcl" for c in root.children):
            return []  # "depression can improve on its own", "pain improves as the injury heals"
        phrase = {t.i for t in holder.subtree}
        doc = root.doc
        givers = [t for t in terms if t.kind in ("Drug", "Procedure") and t.start not in phrase
                  and t.source not in ("implied", "comparison")]
        # "after the first infusion", not "with physical therapy": a treatment session of no other treatment
        given = [t for t in doc[root.sent.start:root.sent.end] if t.lemma_.lower() in self.cues.stand_in_nouns
                 and all(m.like_num or m.lower_ in ORDER_WORDS or any(g.start <= m.i < g.end for g in givers)
                         for m in t.children if m.dep_ in ("amod", "compound", "nmod"))]
        if not givers and not given:
            return []  # "her depression improved after she started exercising": no treatment gave it
        for prep in root.children:  # "pain improves with physical therapy": by something we do not track
            said = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")] if prep.dep_ == "prep" else []
            if said and not any(t.start <= c.i < t.end for c in said for t in givers) \
                    and not any(c in given for c in said) and not self._vague_span(prep) \
                    and not any(c.like_num or c.lemma_.lower() in self.cues.people_nouns
                                or self._unit_seconds([c], frozenset()) for c in said):
                return []
        inside = [t for t in terms if t.start in phrase and t.kind in ("Condition", "Symptom")
                  and t.source not in ("implied", "inner") and any(self._admits_object(s, t) for s in cue.senses
                                                                   if not s.inverse and self._treats(s.predicate))]
        if inside or holder.lemma_.lower() not in SYMPTOM_NOUNS:
            return inside
        owner = next((c for c in holder.children if c.dep_ == "poss"), None)
        if owner is None or not (owner.lower_ in PEOPLE_POSSESSIVES or owner.lemma_.lower() in self.cues.people_nouns):
            return []
        # "patients with major depression received a dose, and their symptoms improved"
        had = [t for t in terms if t.kind == "Condition" and t.end <= holder.i and t.start >= 2
               and doc[t.start - 1].lower_ == "with" and doc[t.start - 2].lemma_.lower() in self.cues.people_nouns]
        return had[-1:]

    def _fronted_use(self, cue: CueMatch, root: Token, context: _SentenceContext) -> list[Term]:
        """The conditions an opening phrase scopes the sentence to, as the object of a treatment cue after it that
        names none: "For CRPS, ketamine infusions are an option"; else nothing."""
        if not context.scope or not self._states_a_treatment(cue) or cue.start < max(t.end for t in context.scope) \
                or (root.pos_ not in NOUN_CUE_POS and root.pos_ != "VERB"):
            return []
        return [t for t in context.scope if any(self._admits_object(s, t) for s in cue.senses)]

    def _use_of_class_as(self, cue: CueMatch, root: Token, terms: list[Term]) -> list[Term]:
        """The use of a drug class a verb cue names with "as" (kg:classUse), as its object: "approved by the FDA as
        an anesthetic" is approved for anesthesia; else nothing."""
        if root.pos_ != "VERB":
            return []
        named = [t for word in _as_complements(root) for t in terms if t.kind == "Drug" and t.start <= word.i < t.end]
        uses = [Term(-1, -1, use, self.vocabulary.concept_kinds.get(use, "Procedure"), "implied")
                for t in named[:1] for use in self.vocabulary.class_uses.get(t.iri, ())]
        return [u for u in uses if any(not s.inverse and self._admits_object(s, u) for s in cue.senses)]

    def _people_helped(self, cue: CueMatch, root: Token, context: _SentenceContext) -> list[Term]:
        """The condition the page is plainly about, when a treatment cue's object is people and nothing else
        ("helps about 70 percent of patients", "is effective for most patients"); else nothing."""
        if context.condition is None or not self._states_a_treatment(cue):
            return []
        said = [c for c in root.children if c.dep_ == "dobj" and c.i >= cue.end]
        said += [p for c in root.children if c.dep_ == "prep" and c.lower_ == "for" and c.i >= cue.end - 1
                 for p in c.children if p.dep_ == "pobj"]
        if root.dep_ == "acomp":  # "is effective for most patients": the "for" may hang on the copula
            said += [p for c in root.head.children if c.dep_ == "prep" and c.lower_ == "for" and c.i > root.i
                     for p in c.children if p.dep_ == "pobj"]
        # people and nothing said of them: not "patients with PTSD", "patients seeking quick relief"
        counted = [people_counted(w, self.cues) for w in said]
        people = [w for w in counted if w.lemma_.lower() in (self.cues.recipients | self.cues.people_nouns)
                  and not any(c.dep_ in ("acl", "relcl", "prep") and c.lower_ != "of" for c in w.children)]
        if not people:
            return []
        kind = self.vocabulary.concept_kinds.get(context.condition, "Condition")
        return [Term(-1, -1, context.condition, kind, "implied")]

    def _by_itself(self, word: Token) -> bool:
        """Whether ``word``, a child of a verb, says something happened unaided: "on its own", "by itself",
        "naturally", "without treatment"."""
        return word.lower_ in self.cues.unaided_words \
            or (word.dep_ == "prep" and any(c.lower_ in self.cues.unaided_words for c in word.children))

    def _governed_by_cue(self, doc: Doc, cue: CueMatch, terms: list[Term], types: frozenset[str],
                         history) -> Term | None:
        """What the cue's closing preposition governs, when it names a subject of ``types``: the drug in "became
        dependent on prescription painkillers" or, for "addicted to it", the drug "it" stands for; else ``None``."""
        governed = next((c for c in doc[cue.end - 1].children if c.dep_ == "pobj"), None)
        if governed is None:
            return None
        named = next((t for t in terms if t.start <= governed.i < t.end and t.kind in types
                      and t.source not in ("implied", "comparison")), None)
        if named is not None or not is_anaphoric(governed, self.cues):
            return named
        return resolve(governed.i, terms, types, history, governed.text, doc=doc)

    def _contrasted_claims(self, sent: Span, hits: list[ClaimHit], terms: list[Term]) -> list[ClaimHit]:
        """What a drug's claims deny of the one drug it is contrasted with, when the contrast hangs on the claim's
        verb: "unlike opioids it does not cause physical dependence" says opioids do; "unlike IV ketamine it is
        often covered by insurance" says ketamine is not. What both drugs are compared as doing
        (kg:contrastBasis: treating, relieving) is no difference. Anchored from the contrast word."""
        doc = sent.doc
        out: list[ClaimHit] = []
        for word in sent:
            if word.lower_ not in self.cues.contrasts or word.dep_ != "prep":
                continue
            phrase = {t.i for t in word.subtree} - {word.i}
            contrasted = [t for t in terms if t.kind == "Drug" and t.start in phrase
                          and t.source not in ("implied", "inner")]
            if len(contrasted) != 1:
                continue  # ("unlike most medical treatments": no drug to say it of)
            other = contrasted[0]
            for hit in hits:
                cue = doc.char_span(*hit.cue_span, alignment_mode="expand")
                if hit.subject_kind != "Drug" or hit.subject == other.iri or cue is None \
                        or cue.start <= word.i < cue.end or word.head.i not in (cue.root.i, cue.root.head.i):
                    continue  # (the contrast's own claim, "ketamine differs from opioids", is said as it is)
                if not hit.negated and self.vocabulary.predicates[hit.predicate].contrast_basis:
                    continue  # "unlike SSRIs, ketamine relieves depression within hours": both do; the speed differs
                out.append(_said_of(  # anchored on the contrast too: "... does not cause dependence, unlike opioids"
                    hit, doc, other, not hit.negated, None if hit.negated else word.text,
                    start=min(hit.start, word.idx), end=max(hit.end, char_span(doc, other)[1])))
        return out

    def _swapped_claims(self, sent: Span, cues: list[CueMatch], terms: list[Term], clause_of: dict[int, int],
                        qualifier_cues: SentenceCues, sources: list[Span], history,
                        context: _SentenceContext) -> list[ClaimHit]:
        """Object first: "nearly 52 million Americans report chronic pain" (prevalence), "Studies show that X ..."."""
        hits: list[ClaimHit] = []
        doc = sent.doc
        for cue in cues:
            root = _cue_root(doc, cue)
            before = [t for t in terms if t.end <= cue.start and t.kind in SWAPPABLE_OBJECTS
                      and ((clause_of[t.start] == clause_of[cue.start] and cue.start - t.end <= 6)
                           or _said_by(doc, t, root))]
            after = [t for t in terms if t.start >= cue.end and t.start - cue.end <= self._reach(cue)]
            if not before:
                continue
            obj = before[-1]
            upto = after[0].start if after else sent.end
            if any(t.lemma_.lower() in EFFECT_SIZES | {"improvement", "benefit"} for t in doc[cue.end:upto]) \
                    or (after and not _felt_as_such(doc, after[0], self.cues.effect_nouns)):
                continue  # "85% of patients report significant improvement in knee pain", "... pain relief":
                # efficacy, not prevalence
            pronoun = _object_pronoun(doc, cue)
            # "one in five adults, about 50 million people or 20.4 percent, live with X": each figure is said of X
            figures = [obj, *(t for t in terms if t.end <= cue.start and t.kind == obj.kind and t is not obj
                              and _restates(doc, t, obj))]
            for figure in figures:
                for sense in cue.senses:  # the first sense, by priority, that has a subject
                    predicate = self.vocabulary.predicates[sense.predicate]
                    if sense.inverse or sense.implied_object or not self._admits_object(sense, figure):
                        continue
                    if pronoun is not None:  # "one in four patients prescribed opioids misuse them": the drug before
                        found = resolve(pronoun.i, terms, predicate.subject_types, history, pronoun.text, doc=doc)
                        subjects = [found] if found is not None else []
                    else:
                        subjects = [t for t in after if t.kind in predicate.subject_types and t.source != "inner"]
                    if not subjects and figure.kind == "Evidence":  # "studies ... supporting its use"
                        found = resolve(cue.start, [], predicate.subject_types, history, "(previous sentence)")
                        subjects = [found] if found is not None else []
                    if subjects:
                        hits.append(self._hit(sent, cue, sense, subjects[0], figure, [figure], subjects[0], root,
                                              clause_of, qualifier_cues, terms, set(), sources, context))
                        break
        return hits

    def _hit(self, sent: Span, cue: CueMatch, sense: CueSense, subject: Term, obj: Term, group: list[Term],
             grammatical_subject: Term, root: Token, clause_of: dict[int, int], qualifier_cues: SentenceCues,
             terms: list[Term], population_starts: set[int], sources: list[Span],
             context: _SentenceContext) -> ClaimHit:
        doc = sent.doc
        spans = [(t.start, t.end) for t in group if t.start >= 0]
        own = [(obj.start, obj.end)] if obj.start >= 0 and obj in group else spans
        # "ketamine eliminates the risk of addiction": the verb the cue's noun is the object of denies it
        removed = root.pos_ == "NOUN" and root.dep_ == "dobj" and root.head.lemma_.lower() in self.cues.denying_verbs \
            and grammatical_subject.start >= 0 and doc[grammatical_subject.start:grammatical_subject.end].root.head.i \
            == root.head.i
        # "the effect fades within two weeks": a denying label ("fade": it does not last) with a figure of the
        # predicate's measure says how long it lasts, not that it does not
        measured = self.vocabulary.predicates[sense.predicate].measure
        denied = sense.negated and not (obj.kind == "Statistic" and measured)
        if not sense.negated and measured and obj.source == "implied" and root.lemma_.lower() in self.cues.ending_verbs:
            denied = True  # "the benefit fades within weeks": with no figure, an effect that fades does not last
        negated, negation_cue = polarity(qualifier_cues, cue.start, cue.end, own, clause_of, denied != removed)
        if negated and negation_cue and root.lower_ in self.cues.contrasts and root.dep_ == "prep" \
                and root.head.i < root.i and negation_cue.split() == [
                    c.lower_ for c in root.head.children if c.dep_ == "neg" and c.i < root.i - 1]:
            # "ketamine does not cause dependence, unlike opioids": the verb is denied, not the contrast
            negated, negation_cue = denied != removed, None
        if removed:
            negation_cue = " ".join(x for x in (negation_cue, root.head.text) if x)
        level, certainty_cue = certainty(qualifier_cues, root, cue.start, clause_of)
        clause = clause_of[cue.start]
        used = {(t.start, t.end) for t in (subject, obj, *group)}
        in_clause = [t for t in terms if clause_of.get(t.start) == clause and (t.start, t.end) not in used]
        reach_end = words_after(doc, max([cue.end, *(end for _, end in spans)]), SITE_REACH, sent.end)
        sites = [t for t in in_clause if t.kind == "AnatomicalSite" and after_preposition(doc, t, self.cues)
                 and cue.start <= t.start <= reach_end]
        listed_end = max((o.end for o in group if o.start >= cue.end), default=-1)
        populations = [t for t in in_clause if t.kind in SCOPE_KINDS
                       and not (t.kind == "UseContext" and (t.start in context.cue_tokens
                                                            or cue.end <= t.start < listed_end))]
        populations = [replace(t, iri=self.vocabulary.absence_readings[t.iri]) if (t.start, t.end) in context.absent
                       else t for t in populations] + context.studies
        # ("a risk of misuse and dependence", "potential for misuse": misuse named in the cue or among the objects
        # is the harm, not a scope)
        # "habit-forming when misused", "non-addictive when given in a medical setting": a when-clause scopes it
        scoped = next((i for i in range(cue.end, sent.end) if clause_of.get(i) == clause + 1), None)
        if scoped is not None and doc[scoped].lower_ in SCOPING_MARKS:
            populations += [t for t in terms if t.kind in SCOPE_KINDS and clause_of.get(t.start) == clause + 1
                            and (t.start, t.end) not in used]
        indications = [t for t in in_clause if t.start in population_starts and t.kind in ("Condition", "Symptom")]
        indications += [t for t in context.scope if (t.start, t.end) not in used and t not in indications]
        times = [t for t in context.years if (t.start, t.end) not in used] + context.loose_years
        # the anchor: subject (when named in this clause or sentence), cue, objects, qualifiers
        pieces = [(cue.start, cue.end), *spans, *((t.start, t.end) for t in sites + populations + indications
                                                    if t.kind != "UseContext")]  # a use scope: recorded, not quoted
        for qualifier in (*qualifier_cues.negations, *qualifier_cues.hedges, *qualifier_cues.emphatics):
            used_cue = (negation_cue and qualifier.text in negation_cue) or (
                certainty_cue and qualifier.text in certainty_cue)
            if used_cue and (clause_of.get(qualifier.start) == clause or abs(qualifier.start - cue.start) <= 8):
                pieces.append((qualifier.start, qualifier.end))
        if grammatical_subject.start >= sent.start and grammatical_subject.source != "history":
            pieces.append((grammatical_subject.start, grammatical_subject.end))
        pieces += _said_of_the_cue_noun(root, clause_of, clause)
        start = min(p[0] for p in pieces)
        end = max(p[1] for p in pieces)
        if obj.start >= sent.end:  # an item of the bulleted list the sentence opens: anchored on its own line
            line = doc.char_span(*_item_line(page_text(doc), doc[obj.start].idx), alignment_mode="expand")
            if line is not None and len(line):
                start, end = line.start, line.end
                # "suited for patients who: - Do not have uncontrolled high blood pressure": the line denies it
                denials = [c for c in sentence_cues(line, self.qualifiers).negations if c.end <= obj.start]
                if denials:
                    negated = not negated
                    negation_cue = " ".join(x for x in (negation_cue, *(c.text for c in denials)) if x)
        anchor = doc[start:end]
        cue_span = (doc[cue.start].idx, doc[cue.end - 1].idx + len(doc[cue.end - 1].text))
        return ClaimHit(
            start=anchor.start_char, end=anchor.end_char,
            subject=subject.iri, subject_kind=subject.kind, subject_span=char_span(doc, subject),
            subject_via=subject.via, subject_label=subject.detail if subject.source == "open" else None,
            predicate=sense.predicate, cue=page_text(doc)[cue_span[0]:cue_span[1]], cue_span=cue_span,
            object=obj.iri, object_kind=obj.kind, object_span=char_span(doc, obj),
            object_label=obj.detail if obj.source == "open" else None,
            negated=negated, negation_cue=negation_cue, certainty=level, certainty_cue=certainty_cue,
            sites=tuple(sorted({t.iri for t in sites})), populations=tuple(sorted({t.iri for t in populations})),
            indications=tuple(sorted({t.iri for t in indications if t.iri})),
            times=tuple(c for c in (char_span(doc, t) for t in times) if c is not None),
            sources=_credited(sources, sent, clause_of, clause),
            sentence=(sent.start_char, sent.end_char),
        )


def _as_complements(verb: Token) -> list[Token]:
    """The nouns a verb takes with "as" after it: "approved ketamine as a rescue treatment", "approved as an
    anesthetic"."""
    return [t for prep in verb.rights if prep.lower_ == "as" and prep.dep_ == "prep"
            for t in prep.children if t.dep_ == "pobj"]


def _joined_groups(terms: list[Term], tokens: TokenColumns) -> frozenset[int]:
    """The "and"/"or" tokens between two population groups that only a comma or the word itself parts
    ("adults and adolescents", "children, teens or adults")."""
    groups = sorted((t for t in terms if t.kind == "PopulationGroup" and t.start >= 0), key=lambda t: t.start)
    return frozenset(i for a, b in zip(groups, groups[1:])
                     if all(tokens.lower[j] in (",", "and", "or") for j in range(a.end, b.start))
                     for i in range(a.end, b.start))


def _extraposed_subject(root: Token, terms: list[Term], kinds: frozenset[str]) -> Term | None:
    """The term a "for X to ..." clause names when the verb's own subject is a dummy "it": "It can take six to
    eight weeks for SSRIs to work", "it may take a month for an antidepressant to start working"."""
    if not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in root.children):
        return None
    for clause in root.children:
        if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "for" for c in clause.children):
            subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return next((t for t in terms if t.start <= subject.i < t.end and t.kind in kinds), None)
    return None


def _comparative(doc: Doc, cue: CueMatch) -> bool:
    """Whether the cue is a comparative: "safer", "riskier", "more dangerous", "less risky"."""
    return any(doc[i].tag_ in ("JJR", "RBR") for i in range(cue.start, cue.end)) \
        or (cue.start > 0 and doc[cue.start - 1].lower_ in ("more", "less"))


def _bulleted(doc: Doc, at: int) -> bool:
    """Whether token ``at`` is on a bulleted line ("• Works when other treatments have failed")."""
    text = page_text(doc)
    return text[text.rfind("\n", 0, doc[at].idx) + 1:doc[at].idx + 1].lstrip()[:1] in BULLET_CHARS


def _list_item_head(line: str, span: Span, max_words: int) -> str | None:
    """The start of a long bulleted line that names its item, or None for a sentence: the term a colon defines
    ("- Nausea: we can give an antiemetic before your session"), or the first phrase of a long name with no verb
    ("- Complex regional pain syndrome (CRPS) types I and II, including causalgia following nerve injury"), or
    one before a comma that a clause follows ("- Dizziness and blurred vision, so you will need a driver")."""
    head, colon, _ = line.partition(":")
    if colon:
        return head if len(head.split()) <= MAX_LIST_ITEM_HEAD_WORDS else None
    head = line.partition(",")[0]
    head_end = span.start_char + len(head)
    if any(t.tag_ in FINITE_VERB_TAGS for t in span if t.idx < head_end):
        return None
    return head if len(head.split()) <= max_words else None


def _introduces_examples(sent: Span, terms: list[Term]) -> bool:
    """Whether ``sent`` only opens a list of examples of what the sentence before spoke of: "Examples include:",
    "Some common examples are:", "For instance:"."""
    words = {t.lemma_.lower() for t in sent if not (t.is_punct or t.is_space)}
    ending = next((t.text for t in reversed(sent) if not t.is_space), "")
    return ending == ":" and words <= EXAMPLE_INTRO_WORDS and bool(words & EXAMPLE_WORDS) \
        and not any(sent.start <= t.start < sent.end for t in terms)


def _item_line(text: str, at: int) -> tuple[int, int]:
    """Character range of the line holding offset ``at``, without its bullet: a list item's own words."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    while start < at and (text[start] in BULLET_CHARS or text[start].isspace()):
        start += 1
    return start, len(text) if end < 0 else end


SITE_PHRASE_WORDS = 4  # "in the brain", "in the central nervous system"


def _closing_site_phrase(sent: Span, start: int) -> bool:
    """Whether the words from token ``start`` are a short "in ..." phrase that ends the sentence or its clause
    (at a comma): "(the most common chemical messenger) in the brain."."""
    doc = sent.doc
    if doc[start].lower_ not in ("in", "within", "throughout"):
        return False
    end = min(sent.end, start + 2 + SITE_PHRASE_WORDS)
    for k in range(start + 1, end):
        if doc[k].is_punct:
            return doc[k].text in (",", ";", ")", ".", "!", "?")
        if doc[k].pos_ in ("VERB", "AUX", "ADP", "CCONJ"):
            return False
    return end == sent.end  # the phrase runs to the sentence's end


def _heading_line(line: str) -> bool:
    """Whether a stripped line is a heading: short, no bulleted point, not ending as a sentence or label does."""
    return short_line(line) and line[-1] not in HEADING_ENDS


def _only_one_of(root: Token, subject: Term, obj: Term, terms: list[Term]) -> tuple[Term, int] | None:
    """The drug of which the claim's subject is said to be the only one the claim holds for, and where "only"
    stands: "(esketamine) remains the only form of ketamine that is FDA-approved for depression" denies it of
    ketamine. The cue's word modifies a noun that "only" picks out, and the drug is that noun's "of" phrase."""
    noun = root
    while noun.dep_ in ("acl", "relcl", "auxpass", "amod") and noun.head.i != noun.i and noun.pos_ != "NOUN":
        noun = noun.head
    only = next((c.i for c in noun.children if c.dep_ == "amod" and c.lower_ == "only"), None) \
        if noun.pos_ == "NOUN" else None
    if only is None:
        return None
    of = {t.i for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree}
    kind = next((t for t in terms if t.kind == "Drug" and t.start in of and t.iri not in (subject.iri, obj.iri)), None)
    return (kind, only) if kind is not None else None


def _said_of(hit: ClaimHit, doc: Doc, subject: Term, negated: bool, negation_cue: str | None, *, start: int,
             end: int | None = None) -> ClaimHit:
    """``hit`` restated of another ``subject`` named in the sentence, with the given polarity and anchor: what
    "only" or "unlike" says of the drug it names."""
    return replace(hit, start=start, end=hit.end if end is None else end, subject=subject.iri,
                   subject_kind=subject.kind, subject_span=char_span(doc, subject), subject_via=None,
                   subject_label=None, negated=negated, negation_cue=negation_cue)


def _said_together(subject: Term, history, kind_of: Callable[[str, str], bool] | None) -> list[Term]:
    """The subjects the sentence before gave one claim together with ``subject`` (the same words, predicate
    and object): "These treatments can work quickly. Their effects wear off" is of both treatments. None
    when one of them is a kind of another ("pain medications like opioids ... They": the opioids)."""
    if not history:
        return []
    claims = history[-1][2]
    together = {(h.cue_span, h.predicate, h.object) for h in claims if h.subject == subject.iri}
    subjects = {h.subject: h.subject_kind for h in claims if (h.cue_span, h.predicate, h.object) in together}
    if len(subjects) < 2 or (kind_of is not None and any(
            a != b and kind_of(a, b) for a in subjects for b in subjects)):
        return []
    return [replace(subject, iri=iri, kind=kind) for iri, kind in subjects.items() if iri != subject.iri]


def _members_first(subjects: list[Term], kind_of: Callable[[str, str], bool] | None) -> list[Term]:
    """The subjects in order, a class after the members of it that are subjects too: "pain medications like
    opioids provide some relief. They often have side effects": "they" are the opioids the sentence names."""
    if kind_of is None:
        return subjects
    return sorted(subjects, key=lambda s: any(o.iri != s.iri and o.kind == s.kind and kind_of(o.iri, s.iri)
                                             for o in subjects))


def _exemplified_class(doc: Doc, subjects: list[Term], terms: list[Term]) -> Term | None:
    """The class that subjects listed as its examples follow ("antidepressants such as sertraline, fluoxetine and
    escitalopram work on serotonin": the class works so too), or None."""
    first = min(subjects, key=lambda t: t.start)
    if first.source != "example" or first.start < 0:
        return None
    named = {s.iri for s in subjects}
    return next((t for t in terms if t.kind == first.kind and t.iri and t.source == "mention"
                 and 0 < first.start - t.end <= EXAMPLE_MARKER_REACH and t.iri not in named), None)


def _modifying_participle(word: Token) -> bool:
    """Whether a verb form right before a term is a participle modifying it: "uncontrolled high blood pressure",
    also when the parse reads a listed one as a past-tense verb ("psychosis, uncontrolled high blood pressure")."""
    if word.tag_ == "VBN":
        return True
    return word.tag_ == "VBD" and word.i > 0 and (word.nbor(-1).text == "," or word.nbor(-1).pos_ == "CCONJ") \
        and not any(child.dep_ in SUBJECT_DEPS for child in word.children)


def _list_intro_end(text: str, heading_end: int) -> int:
    """Where a heading's list may begin: after the heading, or after one short paragraph under it that ends in
    a colon and introduces the list ("Most side effects are mild. The most common are:")."""
    start = heading_end + 1
    while start < len(text) and text[start] == "\n":
        start += 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    paragraph = text[start:end].rstrip()
    if paragraph.endswith(":") and paragraph[:1] not in BULLET_CHARS and len(paragraph.split()) <= MAX_LIST_INTRO_WORDS:
        return end
    return heading_end


def _takes_to_work(doc: Doc, duration: Term, end: int) -> bool:
    """Whether "to" and a verb of taking effect follow the duration: "take four to six weeks to work", "take six
    to eight weeks for SSRIs to work"."""
    if duration.start < 0:
        return False
    at = duration.end
    if at < end and doc[at].lower_ == "for":  # "for SSRIs to work": whose work, then the verb
        at = next((i for i in range(at + 1, min(at + EXTRAPOSED_REACH, end)) if doc[i].lower_ == "to"), end)
    return at + 1 < end and doc[at].lower_ == "to" and doc[at + 1].lemma_.lower() in ONSET_VERBS


def _possessor(root: Token, terms: list[Term], kinds: frozenset[str]) -> Term | None:
    """The tracked term a noun cue belongs to by a possessive: "ketamine's antidepressant effect"."""
    if root.pos_ not in ("NOUN", "PROPN"):
        return None
    for child in root.children:
        if child.dep_ == "poss":
            owned = [t for t in terms if t.start <= child.i < t.end and t.kind in kinds and t.iri]
            if owned:
                return owned[0]
    return None


def _object_of_a_denial(root: Token) -> bool:
    """Whether the cue is in the object of another, denied verb: "insurers do not cover ketamine infusions for pain"
    denies the cover, not the treatment."""
    token = root
    for _ in range(3):
        if token.head.i == token.i:
            return False
        if token.dep_ == "dobj":
            verb = token.head
            return any(c.dep_ == "neg" or c.lower_ in ("never", "rarely", "seldom") for c in verb.children)
        token = token.head
    return False


def _under_condition(root: Token, marks: frozenset[str]) -> bool:
    """Whether ``root`` is in a condition or an embedded question: a clause on its way up is marked "if", "whether".

    "If ketamine relieves your pain, call us", "ask whether ketamine works"
    and "depending on how long the benefit lasts" state nothing; "ketamine
    helps if you have chronic pain" does (its cue is in the main clause).
    """
    if any(c.dep_ == "advmod" and (c.lower_ == "how" or any(g.lower_ == "how" for g in c.children))
           and not _labels(c) for c in root.children):
        return True  # "depending on how long the benefit lasts": a question, not an answer
    token = root
    while True:
        if any(c.dep_ == "mark" and c.lower_ in marks for c in token.children):
            return True
        if token.head.i == token.i:  # the root (spaCy makes a new Token each time: compare indices)
            return False
        if token.dep_ == "conj" and token.i > 0 and token.nbor(-1).text == "," and _imperative(token):
            return False  # "If you are in crisis, call or text 988": the order the condition leads to, misparsed
        token = token.head


def _labels(token: Token) -> bool:
    """Whether ``token`` opens a short label before a colon: "How long: the benefit fades within days",
    "How ketamine helps: ..."."""
    doc = token.doc
    return any(doc[i].text == ":" for i in range(token.i + 1, min(token.i + 1 + LABEL_WORDS, token.sent.end)))


def _wanted(root: Token, wanting_verbs: frozenset[str]) -> bool:
    """Whether a noun cue names what someone wants: "seeking pain management", "looking for relief"."""
    if root.pos_ not in ("NOUN", "PROPN"):
        return False
    verb = root.head if root.dep_ == "dobj" else (
        root.head.head if root.dep_ == "pobj" and root.head.dep_ == "prep" else None)
    return verb is not None and verb.pos_ == "VERB" and verb.lemma_.lower() in wanting_verbs


def _named_after(terms: list[Term], lowers: Sequence[str]) -> list[Term]:
    """The terms, each one a naming phrase right after it names more exactly read as the named concept.

    "a receptor in the brain called the NMDA receptor", "a growth factor
    called BDNF": a thing brought in with "a" and then named is the named
    term of the same kind.
    """
    ordered = sorted(terms, key=lambda t: (t.start, t.end))
    renamed: dict[Term, Term] = {}
    for k, term in enumerate(ordered):
        if term.start < 0 or not any(lowers[i] in ("a", "an") for i in range(max(0, term.start - 3), term.start)):
            continue  # only a thing brought in unnamed is named: not "NMDA receptors, also known as ..."
        for i in range(term.end, min(term.end + NAMING_REACH + 1, len(lowers))):
            if lowers[i] in NAMING_STOPS or any(t.start == i and t.kind == term.kind for t in ordered[k + 1:]):
                break  # a clause of its own ("which are called"), or a term of its kind the phrase names
            width = next((len(words) for words in NAMING_WORDS if tuple(lowers[i:i + len(words)]) == words), 0)
            if width:
                after = i + width + (lowers[i + width] in NAME_OPENERS if i + width < len(lowers) else 0)
                name = next((t for t in ordered[k + 1:] if t.start == after and t.kind == term.kind), None)
                if name is not None and name.iri != term.iri:
                    renamed[term] = replace(term, iri=name.iri)
                break
    return [renamed.get(t, t) for t in terms]


def _with_sentence_before(sent: Span) -> list[Span]:
    """``sent`` and the sentence before it in the same paragraph ("During the infusion, most patients
    rest. Some describe a floating sensation")."""
    doc = sent.doc
    if sent.start == 0 or "\n" in doc[sent.start - 1].text_with_ws:
        return [sent]
    return [sent, doc[sent.start - 1].sent]


def _after_a_session(sent: Span) -> bool:
    """Whether the sentence times what is felt by a session it does not name: "for the rest of the day"."""
    lowers = [t.lower_ for t in sent]
    return any(tuple(lowers[i:i + len(words)]) == words for words in AFTER_A_SESSION for i in range(len(lowers)))


def _reports_an_effect(root: Token, effect_nouns: frozenset[str]) -> bool:
    """Whether the verb's object is an effect ("report a 50% reduction", "experience relief"): no one counted
    there has a condition."""
    return root.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "dobj" and c.lemma_.lower() in effect_nouns | EFFECT_SIZES for c in root.children)


def _felt_as_such(doc: Doc, term: Term, effect_nouns: frozenset[str]) -> bool:
    """Whether ``term`` names what is felt, not an effect on it, less of it or what the people had
    ("pain relief", "less anxiety", "a reduction in their pain scores", "their depression")."""
    if term.start < 0:
        return True
    word = doc[term.start:term.end].root
    effects = effect_nouns | EFFECT_SIZES
    if any((c.dep_ in ("amod", "advmod") and c.lemma_.lower() in LESSENING_WORDS) or c.dep_ == "poss"
           for c in word.children):
        return False  # "less anxiety"; "describe their depression" names what they had before
    while word.dep_ in ("compound", "amod", "nmod") and word.head.i != word.i:  # "pain relief", "pain scores"
        if word.head.lemma_.lower() in effects:
            return False
        word = word.head
    return not (word.dep_ == "pobj" and word.head.lower_ in ("in", "of", "from")
                and word.head.head.lemma_.lower() in effects)


def _role_of_tracked(noun: Token, terms: list[Term]) -> bool:
    """Whether ``noun`` is the role "as" gives a tracked term: "offer ketamine as an evidence-based option".

    The object or subject of the verb "as" hangs on must be one of ``terms``.
    """
    as_ = noun.head
    if noun.dep_ != "pobj" or as_.lower_ != "as" or as_.head.pos_ not in ("VERB", "AUX"):
        return False
    roles = [c for c in as_.head.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(t.start <= c.i and c.left_edge.i < t.end for t in terms for c in roles)  # "ketamine therapy" too


# kinds that may stand in one list of objects ("fatigue, poor sleep and depression")
_KIND_FAMILIES = {"Symptom": "Condition"}


def _same_family(a: str, b: str) -> bool:
    """Whether two objects are of one kind (a symptom and a condition are)."""
    return _KIND_FAMILIES.get(a, a) == _KIND_FAMILIES.get(b, b) or "OpenTerm" in (a, b)


def _said_of_the_cue_noun(root: Token, clause_of: dict[int, int], clause: int) -> list[tuple[int, int]]:
    """What the clause says of a noun cue that is its subject, to be quoted with it: "the risk of addiction ... is
    considered low", "side effects are mild"."""
    if root.pos_ != "NOUN" or root.dep_ not in ("nsubj", "nsubjpass") or root.head.i == root.i:
        return []
    verb = root.head
    said = [c for c in verb.children if c.dep_ in ("acomp", "attr", "oprd", "xcomp") and c.i > root.i]
    if not said:
        return []
    end = max(t.i for c in said for t in c.subtree if clause_of.get(t.i) == clause) + 1
    return [(verb.i, end)] if clause_of.get(verb.i) == clause else []


def _opens_an_apposition(doc: Doc, term: Term) -> bool:
    """Whether ``term`` is the possessor that opens an apposition: "the glutamate system, the brain's most
    abundant signaling system" (the brain owns the renamed system; it is not another object)."""
    if term.start < 1 or term.end >= len(doc) or doc[term.end].lower_ not in ("'s", "’s"):
        return False
    before = term.start - 1
    if doc[before].lower_ in ("the", "a", "an", "its"):
        before -= 1
    return before >= 0 and doc[before].text == ","


def _repeats_the_condition(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens ``start:end`` join one more item to a list by saying its condition again: ", or if you are",
    "or who have", "and if you have a history of"."""
    lowers = token_columns(doc).lower
    first = next((i for i in range(start, end) if lowers[i] != ","), end)
    if end - first < 3 or lowers[first] not in ("or", "and"):
        return False  # (most gaps between a cue's object and a later term end here, before any token is read)
    words = [t for t in doc[first + 1:end] if t.text != ","]
    if len(words) < 2 or words[0].lower_ not in REPEATED_CONDITION_MARKS:
        return False
    rest = words[1:]
    if rest and rest[0].lower_ in REPEATED_CONDITION_HOLDERS:
        rest = rest[1:]
    if not rest or rest[0].lemma_.lower() not in ("be", "have"):
        return False
    return all(t.pos_ in ("DET", "ADJ", "ADP", "ADV") or t.lower_ in ("history", "currently")
               for t in rest[1:])  # "a history of", "currently"


def _starts_a_clause(doc: Doc, after: int, term: Term, sent_end: int, cues: SentenceCues) -> bool:
    """Whether ``term`` opens a clause of its own: ", and venlafaxine, an SNRI, is also recommended".

    A comma and a conjunction (``cues.coordinations``) come before it and a
    verb after it ("..., serotonin, and neuroplasticity." ends a list instead).
    """
    comma_and = any(after <= i < term.start for i in cues.coordinations)
    return comma_and and any(doc[i].pos_ in ("VERB", "AUX") for i in range(term.end, sent_end))


def _object_pronoun(doc: Doc, cue: CueMatch) -> Token | None:
    """The pronoun after the cue's verb that is its object ("misuse them", "end up misusing them"), if any; not
    a subject ("the weeks it takes SSRIs to work")."""
    words = [doc[i] for i in range(cue.start, cue.end)]
    after = [*words[1:], *(c for w in words for c in w.children if c.dep_ in ("dobj", "appos") and c.i > cue.start)]
    return next((t for t in after if t.lower_ in ("it", "them") and t.pos_ == "PRON"), None)


def _said_by(doc: Doc, term: Term, verb: Token) -> bool:
    """Whether ``term`` is what ``verb`` is said of, however far before it: the verb's subject, or the noun
    it modifies ("one in five adults, about 50 million people according to the CDC, live with chronic pain")."""
    head = term_root(doc, term)
    return (head.dep_ in ("nsubj", "nsubjpass") and head.head.i == verb.i) \
        or (verb.dep_ == "acl" and term.start <= verb.head.i < term.end)


def _object_relative_verb(doc: Doc, term: Term) -> int | None:
    """The verb of the relative clause about another noun whose subject ``term`` is, if it is one: "growth in
    areas of the brain that depression tends to shrink" (depression is no object of "triggers")."""
    head = term_root(doc, term)
    if head.dep_ not in ("nsubj", "nsubjpass") or head.head.dep_ != "relcl":
        return None
    verb = head.head
    # (the relative word may hang on a verb the clause's verb governs: "that depression tends to shrink")
    relative = any(c.lower_ in ("that", "which", "whom") and c.dep_ in ("dobj", "mark") and c.i < head.i
                   for c in verb.subtree)
    return verb.i if relative else None


def _particle_compound(doc: Doc, cue: CueMatch) -> bool:
    """Whether a one-word verb cue is hyphenated to a particle, a noun of its own: "follow-up", "check-in"."""
    end = cue.end
    return end - cue.start == 1 and end + 1 < len(doc) and doc[end].text == "-" \
        and not doc[end - 1].whitespace_ and not doc[end].whitespace_ and doc[end + 1].lower_ in PARTICLES


def _fronted_scope(sent: Span, terms: list[Term], population_starts: set[int]) -> list[Term]:
    """The conditions a phrase opening the sentence scopes all its claims to: "For fibromyalgia, the research is
    more mixed", "In patients with CRPS, a multi-day infusion reduced pain" (the phrase before the first comma)."""
    if len(sent) < 4 or sent[0].pos_ != "ADP":
        return []
    comma = fronted_comma(sent)
    if comma is None:
        return []
    named = [t for t in terms if sent.start < t.start and t.end <= comma and t.kind in ("Condition", "Symptom")]
    # a term's words and their modifiers: "severe or long-standing CRPS"
    covered = {w.i for t in named for w in sent.doc[t.start:t.end].root.subtree}
    if sent[0].lower_ == "for" and named and all(  # "For CRPS and fibromyalgia,": a use named alone
            t.i in covered or t.lower_ in ("and", "or", ",") for t in sent.doc[sent.start + 1:comma]):
        return named
    return [t for t in named if t.start in population_starts]


def _found_by_studies(root: Token, terms: list[Term]) -> bool:
    """Whether the cue's noun is what studies found ("follow-up studies confirmed a rapid antidepressant effect"):
    the object of a verb whose subject is evidence ("a trial confirmed the rapid effect": the noun a cue modifies)."""
    noun = root.head if root.dep_ in ("amod", "compound") else root
    if noun.dep_ != "dobj":
        return False
    holder = syntactic_subject(noun.head, noun.i)
    return holder is not None and any(t.kind == "Evidence" and t.start <= holder.i < t.end for t in terms)


def _restates(doc: Doc, term: Term, figure: Term) -> bool:
    """Whether ``term`` is a figure joined to ``figure`` as another way of saying it (a conjunct or an apposition,
    one or two links away: "one in five adults, about 50 million people or 20.4 percent")."""
    head = term_root(doc, term)
    for _ in range(2):
        if head.dep_ not in ("conj", "appos") or head.head.i == head.i:
            return False
        head = head.head
        if figure.start <= head.i < figure.end:
            return True
    return False


def _cue_root(doc: Doc, cue: CueMatch) -> Token:
    """:func:`cue_root` of the cue's words; a one-word cue is its own root, found without a Span."""
    return doc[cue.start] if cue.end - cue.start == 1 else cue_root(doc[cue.start:cue.end])


def _own_copula_subject(cue: CueMatch, root: Token, subject: Term) -> bool:
    """For a bare "is", the subject must be the copula's own ("At the heart of this process is the NMDA receptor"),
    or, when the parse gives it none, named before it ("Another option ... is ketamine, or esketamine": no
    "esketamine is ketamine")."""
    if cue.phrase.lower() not in FUNCTION_CUES or subject.start < 0:
        return True
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return subject.start < cue.start
    return any(subject.start <= t.i < subject.end for c in subjects for t in c.subtree)


def _credited(sources: list[Span], sent: Span, clause_of: dict[int, int], clause: int) -> tuple:
    """Sources the claim's clause names, plus a citation closing the sentence; else every source of the sentence."""
    in_sentence = [s for s in sources if sent.start <= s.start and s.end <= sent.end]
    own = [s for s in in_sentence if clause_of.get(s.start) == clause
           or (s.start > 0 and sent.doc[s.start - 1].text == "(" and s.end >= sent.end - 2)]
    return tuple(sorted({(s.kb_id_, s.start_char, s.end_char) for s in (own or in_sentence)}))


def _term_of(hit: ClaimHit) -> Term:
    """What a later "it" or "the condition" may point back to: the claim's grammatical subject.

    That is the claim's subject, except for an inverse cue ("CRPS type II
    follows a nerve injury": nerve injury causes CRPS), where it is the object
    named before the cue.
    """
    before_cue = hit.object_span is not None and hit.object_span[0] < hit.cue_span[0] and hit.object \
        and (hit.subject_span is None or hit.subject_span[0] > hit.cue_span[0])
    if before_cue:
        return Term(-1, -1, hit.object, hit.object_kind, "history")
    return Term(-1, -1, hit.subject, hit.subject_kind, "history")


def _dedupe(hits: list[ClaimHit]) -> list[ClaimHit]:
    """One claim per (subject, predicate, object, polarity) and sentence; repeats widen its anchor.

    "Rapid Relief: Many patients experience pain reduction within hours"
    says "ketamine relieves pain" twice: one claim, anchored on both.
    """
    merged: dict[tuple, ClaimHit] = {}
    for hit in hits:
        key = (hit.subject, hit.predicate, hit.object, hit.object_span if not hit.object else None, hit.negated,
               hit.sentence)
        kept = merged.get(key)
        if kept is None:
            merged[key] = hit
            continue
        first = kept if kept.start <= hit.start else hit
        merged[key] = replace(first, start=min(kept.start, hit.start), end=max(kept.end, hit.end),
                              certainty=_stronger(kept.certainty, hit.certainty),
                              certainty_cue=kept.certainty_cue or hit.certainty_cue,
                              sites=tuple(sorted({*kept.sites, *hit.sites})),
                              indications=tuple(sorted({*kept.indications, *hit.indications})))
    return sorted(merged.values(), key=lambda h: (h.start, h.end, h.predicate, h.object, h.subject))


def _closes_a_quotation(texts: tuple[str, ...], at: int, sent_start: int) -> bool:
    """Whether the straight quote at ``at`` closes a quotation: an odd number of them stand before it.

    ``texts`` holds the text of each token of the ``Doc`` (:func:`token_columns`).
    """
    return texts[sent_start:at].count('"') % 2 == 1


def _imperative(verb: Token) -> bool:
    """Whether ``verb`` tells the reader to do something: a bare verb with no subject ("call or text 988",
    "Dial 988 then press 1")."""
    if verb.i == verb.sent.start or verb.nbor(-1).text in (":", ";") or verb.nbor(-1).lower_ == "please":
        return True  # "Veterans Crisis Line: Dial 988", which the small model reads as a name
    return verb.tag_ in ("VB", "VBP") and verb.dep_ in ("ROOT", "conj") \
        and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def _one_per_anchor(hits: list[ClaimHit]) -> list[ClaimHit]:
    """One claim per anchor and proposition (what a claim's IRI is made of), the first kept, in order; the
    certainty of all of them ("may not be safe if you have:" over a list headed "Who Should Not Receive It")."""
    kept: dict[tuple, int] = {}
    out: list[ClaimHit] = []
    for hit in hits:
        key = (hit.start, hit.end, hit.subject, hit.predicate, hit.object,
               hit.object_span if not hit.object else None, hit.negated)
        at = kept.get(key)
        if at is None:
            kept[key] = len(out)
            out.append(hit)
        else:
            first = out[at]
            out[at] = replace(first, certainty=_stronger(first.certainty, hit.certainty),
                              certainty_cue=first.certainty_cue or hit.certainty_cue)
    return out


def _stronger(a: str, b: str) -> str:
    """A hedge anywhere in the repeats hedges the claim; else an emphatic cue makes it emphatic."""
    for level in ("Hedged", "Emphatic"):
        if level in (a, b):
            return level
    return "Asserted"
