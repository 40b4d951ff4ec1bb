"""Run the spaCy pipeline over documents and keep plain mention records."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from kgraph.corpus.records import Document, SkippedFile
from kgraph.limits import MAX_CHUNK_CHARS, base_model_components, run_each, text_pieces
from kgraph.pipeline.doc_cache import page_text
from kgraph.pipeline.extensions import MENTIONS_KEY
from kgraph.pipeline.quantities import Quantity, normalize_statistic
from kgraph.pipeline.quantity_lexicon import COUNT
from kgraph.pipeline.records import AbbreviationDefinition, NewConcept
from kgraph.pipeline.references import (
    InTextCitation,
    ReferenceEntry,
    find_described_works,
    find_in_text_citations,
    find_reference_entries,
    link_citations,
)
from kgraph.pipeline.statistics import statistic_quantity

__all__ = [
    "CitationRecord",
    "ClaimRecord",
    "DocumentExtraction",
    "MentionRecord",
    "ParsedPage",
    "deferrable_components",
    "extract_document",
    "extract_documents",
    "extraction_from_doc",
    "finish_page",
    "parse_page",
    "pipeline_stages",
    "timed_out_page",
]


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """One entity mention: character offsets into the document text, type and concept."""

    start: int
    end: int
    entity_type: str  # DRUG, RECEPTOR, CONDITION, STATISTIC, SOURCE
    concept: str  # concept IRI; "" for a statistic (its quantity says what it is)
    text: str
    rule: str
    matched_label: str
    quantity: Quantity | None = None


GENERIC_PEOPLE = frozenset({"people", "persons", "individuals", "americans", "adults"})  # a bare head count
APPOSITION_MARKS = frozenset({",", "(", "\u2014", "\u2013", "-", "or"})  # "one in five adults, 51 million people"


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """One claim (see :class:`kgraph.pipeline.claims.ClaimHit`), its statistic object normalized."""

    start: int
    end: int
    subject: str
    subject_kind: str
    subject_span: tuple[int, int] | None
    subject_via: str | None
    subject_label: str | None
    predicate: str
    cue: str
    cue_span: tuple[int, int]
    object: str  # concept IRI, or "" when the object is a statistic
    object_kind: str
    object_span: tuple[int, int] | None
    object_label: str | None
    object_quantity: Quantity | None
    negated: bool
    negation_cue: str | None
    certainty: str
    certainty_cue: str | None
    sites: tuple[str, ...]
    populations: tuple[str, ...]
    indications: tuple[str, ...]
    times: tuple[Quantity, ...]
    sources: tuple[tuple[str, int, int], ...]
    sentence: tuple[int, int]


@dataclass(frozen=True, slots=True)
class CitationRecord:
    """An in-text citation, the entry it points to, and the journals its sentence names."""

    citation: InTextCitation
    entry: int | None  # index into DocumentExtraction.references
    sentence: tuple[int, int]
    sentence_sources: tuple[tuple[str, int, int], ...]  # (concept, start, end) of SOURCE mentions


@dataclass(frozen=True, slots=True)
class DocumentExtraction:
    """Everything the pipeline found on one document."""

    document: Document
    mentions: tuple[MentionRecord, ...]
    new_concepts: tuple[NewConcept, ...]
    abbreviations: tuple[AbbreviationDefinition, ...]
    claims: tuple[ClaimRecord, ...] = ()
    references: tuple[ReferenceEntry, ...] = ()
    citations: tuple[CitationRecord, ...] = ()
    problems: tuple[str, ...] = ()  # stages that failed on this page; recorded as kg:loadNote


def _appositive_populations(mentions: list[MentionRecord], text: str) -> list[MentionRecord]:
    """A head count restating the statistic just before it counts that one's population: in "one in five U.S.
    adults, more than 51 million people", the 51 million are U.S. adults."""
    out = list(mentions)
    for k in range(1, len(out)):
        before, count = out[k - 1], out[k]
        quantity, named = count.quantity, before.quantity
        if count.entity_type != "STATISTIC" or before.entity_type != "STATISTIC" or quantity is None \
                or named is None or quantity.population is not None or named.population is None \
                or quantity.unit != COUNT or (quantity.quantifies or "").lower() not in GENERIC_PEOPLE:
            continue
        if before.end <= count.start and text[before.end:count.start].strip() in APPOSITION_MARKS:
            out[k] = replace(count, quantity=replace(quantity, population=named.population))
    return out


def extraction_from_doc(document: Document, doc: Doc) -> DocumentExtraction:
    """Plain records from a processed ``Doc`` (statistics normalized; unnormalizable ones dropped)."""
    text = page_text(doc)  # doc.text and span.text are built from every token on each access
    mentions = []
    for span in doc.spans[MENTIONS_KEY]:
        label, quantity = span.label_, None
        if label == "STATISTIC":
            quantity = statistic_quantity(span)  # reads the place after the span: "adults in the U. S."
            if quantity is None:
                continue
        start, end, attributes = span.start_char, span.end_char, span._
        mentions.append(MentionRecord(start, end, label, span.kb_id_, text[start:end],
                                      attributes.kgraph_rule or "", attributes.kgraph_label or "", quantity))
    mentions = _appositive_populations(mentions, text)
    concepts = tuple(sorted((NewConcept(**c) for c in (doc._.kgraph_new_concepts or {}).values()),
                            key=lambda c: c.iri))
    abbreviations = tuple(AbbreviationDefinition(**d) for d in doc._.kgraph_abbreviations or ())
    quantities = {(m.start, m.end): m.quantity for m in mentions if m.quantity is not None}
    years: dict[tuple[int, int], Quantity | None] = {}  # a sentence's year, normalized once for all its claims
    claims = tuple(c for c in (_claim_record(d, quantities, text, years) for d in doc._.kgraph_claims or ())
                   if c is not None)
    minted = {c.object: NewConcept(c.object, c.object_label, "TERM", "claims") for c in claims if c.object_label}
    minted |= {c.subject: NewConcept(c.subject, c.subject_label, "TERM", "claims") for c in claims if c.subject_label}
    concepts = tuple(sorted({c.iri: c for c in (*concepts, *minted.values())}.values(), key=lambda c: c.iri))
    references, citations = _references(doc)
    return DocumentExtraction(document, tuple(mentions), concepts, abbreviations, claims, references, citations,
                              tuple(doc._.kgraph_problems or ()))


def _span(value) -> tuple[int, int] | None:
    return (int(value[0]), int(value[1])) if value is not None else None


def _time_quantity(span: tuple[int, int], quantities: dict[tuple[int, int], Quantity], text: str,
                   normalized: dict[tuple[int, int], Quantity | None]) -> Quantity | None:
    """The quantity of a claim's time: its statistic mention's, else its text normalized (once per span)."""
    quantity = quantities.get(span)
    if quantity is None:
        if span not in normalized:
            normalized[span] = normalize_statistic(text[span[0]:span[1]])
        quantity = normalized[span]
    return quantity


def _claim_record(hit: dict, quantities: dict[tuple[int, int], Quantity], text: str,
                  normalized: dict[tuple[int, int], Quantity | None]) -> ClaimRecord | None:
    """A claim from the component's plain dict; None when its statistic object could not be normalized.

    ``normalized`` keeps the quantities of times read from the text, shared by the claims of a page.
    """
    object_span = _span(hit["object_span"])
    quantity = None
    if not hit["object"]:
        quantity = quantities.get(object_span) if object_span else None
        if quantity is None:
            return None
    times = tuple(q for q in (_time_quantity(_span(t), quantities, text, normalized) for t in hit["times"])
                  if q is not None)
    return ClaimRecord(
        start=hit["start"], end=hit["end"], subject=hit["subject"], subject_kind=hit["subject_kind"],
        subject_span=_span(hit["subject_span"]), subject_via=hit["subject_via"], subject_label=hit["subject_label"],
        predicate=hit["predicate"],
        cue=hit["cue"], cue_span=_span(hit["cue_span"]) or (0, 0), object=hit["object"], object_kind=hit["object_kind"],
        object_span=object_span, object_label=hit["object_label"],
        object_quantity=quantity, negated=bool(hit["negated"]), negation_cue=hit["negation_cue"],
        certainty=hit["certainty"], certainty_cue=hit["certainty_cue"], sites=tuple(hit["sites"]),
        populations=tuple(hit["populations"]), indications=tuple(hit["indications"]), times=times,
        sources=tuple((str(c), int(a), int(b)) for c, a, b in hit["sources"]), sentence=_span(hit["sentence"]) or (0, 0),
    )


def _references(doc: Doc) -> tuple[tuple[ReferenceEntry, ...], tuple[CitationRecord, ...]]:
    """Reference-list entries and in-text citations, each citation linked to its entry and its sentence."""
    if doc._.kgraph_references is None:  # a pipeline without the claims stage
        entries = find_reference_entries(page_text(doc))
    else:
        entries = [ReferenceEntry(**{**d, "authors": tuple(d["authors"])}) for d in doc._.kgraph_references]
    authored = find_in_text_citations(page_text(doc), entries=entries)
    described = find_described_works(page_text(doc), entries=entries)
    sources = [s for s in doc.spans[MENTIONS_KEY] if s.label_ == "SOURCE"]

    sentence_of: dict[InTextCitation, tuple[int, int]] = {}
    for citation in (*authored, *described):
        sent = doc.char_span(citation.start, citation.end, alignment_mode="expand")
        sentence_of[citation] = (sent.sent.start_char, sent.sent.end_char) if sent is not None \
            else (citation.start, citation.end)
    # a described work whose sentence also cites by author ("A 2012 review (Duman & Aghajanian, 2012)") is that citation
    cited = {sentence_of[c] for c in authored}
    citations = authored + [c for c in described if sentence_of[c] not in cited]
    links = link_citations(citations, entries)
    records = []
    for i, citation in enumerate(citations):
        bounds = sentence_of[citation]
        named = tuple(sorted((s.kb_id_, s.start_char, s.end_char) for s in sources
                             if bounds[0] <= s.start_char and s.end_char <= bounds[1]))
        records.append(CitationRecord(citation, links.get(i), bounds, named))
    return tuple(entries), tuple(sorted(records, key=lambda r: (r.citation.start, r.citation.end)))


# spaCy's rule components that only annotate tokens (tags, parts of speech, morphology, lemmas) for what comes after
_TOKEN_ANNOTATORS = frozenset({"attribute_ruler", "lemmatizer"})
# the token attributes they set: a neural component whose features include one must run after them
_ANNOTATED = ('"POS"', '"TAG"', '"MORPH"', '"LEMMA"')


def pipeline_stages(nlp: Language) -> tuple[list[str], list[str]]:
    """The components of ``nlp`` in two stages: (the model's, run on a page's pieces; the rest, on the whole page).

    The first stage is the base model's neural components (tok2vec, tagger,
    parser, ner: memory grows with the text, so a long page goes through
    them in pieces) and the rule components they depend on (kgraph's line
    breaks, which the parser keeps as sentence starts). spaCy's token
    annotators between them (the attribute ruler, the lemmatizer) go to the
    second stage, with kgraph's components, unless a later neural component
    reads what they set: no model feature of the stock English pipelines
    does, so the annotations are the same, and a build can run the first
    stage in a worker and the second beside it.
    """
    split = base_model_components(nlp.pipeline)
    first: list[str] = []
    later: list[str] = []
    for i, name in enumerate(nlp.pipe_names[:split]):
        deferred = nlp.get_pipe_meta(name).factory in _TOKEN_ANNOTATORS and not any(
            _reads_annotations(nlp, after) for after in nlp.pipe_names[i + 1:split])
        (later if deferred else first).append(name)
    return first, later + nlp.pipe_names[split:]


def _reads_annotations(nlp: Language, name: str) -> bool:
    """Whether component ``name``'s settings name a token annotation among its features."""
    settings = json.dumps(nlp.config["components"].get(name, {}), default=str)
    return any(attribute in settings for attribute in _ANNOTATED)


def deferrable_components(nlp: Language) -> tuple[str, ...]:
    """The first-stage components a page's parse may leave to the process that finishes it (:func:`parse_page`).

    The last components of the first stage (:func:`pipeline_stages`) with a
    model of their own: trainable, embedding the page themselves, not
    listening to a shared ``tok2vec`` or transformer, and not one others
    listen to. Nothing after them in the first stage reads what they set, so
    they give the same annotations wherever they run. In the stock English
    pipelines that is the entity recognizer, about 40% of the small model's
    time.
    """
    from spacy.pipeline import TrainablePipe

    def self_contained(name: str) -> bool:
        component = nlp.get_pipe(name)
        return (isinstance(component, TrainablePipe) and not getattr(component, "listening_components", None)
                and not any("listener" in layer.name for layer in component.model.walk()))

    first = pipeline_stages(nlp)[0]
    tail = len(first)
    while tail > 0 and self_contained(first[tail - 1]):
        tail -= 1
    return tuple(first[tail:])


def _parsed(nlp: Language, document: Document, skip: tuple[str, ...] = ()) -> Doc:
    """``document`` through the first stage of ``nlp`` (:func:`pipeline_stages`), in pieces, without ``skip``.

    These components see at most :data:`kgraph.limits.MAX_CHUNK_CHARS`
    characters at a time: their memory grows with the text (about 3 GB for
    1 MB at once), so a long page goes through them in pieces cut at line
    breaks, joined back into one ``Doc``. A page shorter than a piece is
    processed exactly as ``nlp(text)`` would.
    """
    first = [nlp.get_pipe(name) for name in pipeline_stages(nlp)[0] if name not in skip]
    pieces = []
    for piece in text_pieces(document.text):
        doc = nlp.make_doc(piece)
        for component in first:
            doc = component(doc)
        pieces.append(doc)
    return pieces[0] if len(pieces) == 1 else Doc.from_docs(pieces, ensure_whitespace=False)


def _finished(nlp: Language, document: Document, doc: Doc) -> Doc:
    """A parsed ``doc`` (:func:`_parsed`) through the second stage, with the page context kgraph's components read."""
    doc._.kgraph_publisher = document.publisher
    doc._.kgraph_excluded = [(f.start, f.end) for f in document.furniture]
    for name in pipeline_stages(nlp)[1]:
        doc = nlp.get_pipe(name)(doc)
    return doc


def _prepared(nlp: Language, document: Document) -> Doc:
    """``document`` run through ``nlp``: the base model (in pieces, :func:`_parsed`), then kgraph's components."""
    return _finished(nlp, document, _parsed(nlp, document))


def _failed(document: Document, error: Exception) -> SkippedFile:
    """The ``SkippedFile`` for a page a component failed on (``KGRAPH_DEBUG=1`` raises the error instead)."""
    if os.environ.get("KGRAPH_DEBUG"):
        raise error
    detail = f"{type(error).__name__}: {error}".splitlines()[0][:200]
    return SkippedFile(document.file_name, f"extraction failed ({detail}); this is a kgraph bug, please report it")


def extract_document(nlp: Language, document: Document) -> DocumentExtraction | SkippedFile:
    """What ``nlp`` finds on one page, or a ``SkippedFile`` when a component fails on it.

    Set ``KGRAPH_DEBUG=1`` to raise the error instead.
    """
    try:
        return extraction_from_doc(document, _prepared(nlp, document))
    except Exception as error:  # noqa: BLE001 - one page's failure must not end the run
        return _failed(document, error)


@dataclass(frozen=True, slots=True)
class ParsedPage:
    """A page after the base model, before kgraph's components: what a model worker hands the build process.

    ``doc`` is the parsed ``Doc`` in spaCy's binary form, without its tensor
    (kgraph's components never read it); the strings it needs travel with it.
    ``deferred`` names the first-stage components the worker left for
    :func:`finish_page` to run (:func:`deferrable_components`).
    """

    document: Document
    doc: bytes
    deferred: tuple[str, ...] = ()


_PARSED_EXCLUDE = ("tensor", "user_data")


def parse_page(nlp: Language, document: Document, defer: bool = False) -> ParsedPage | SkippedFile:
    """The first half of :func:`extract_document`: the base model's components only.

    With :func:`finish_page` in another process, the model and kgraph's
    components run side by side on consecutive pages (a build's ``--jobs 1``).
    With ``defer``, the :func:`deferrable_components` are left to
    :func:`finish_page`, so the process that finishes the page takes a share
    of the model's work; only on a page of one piece
    (:data:`kgraph.limits.MAX_CHUNK_CHARS`), as a long one is parsed in pieces.
    """
    try:
        deferred = deferrable_components(nlp) if defer and len(document.text) <= MAX_CHUNK_CHARS else ()
        return ParsedPage(document, _parsed(nlp, document, deferred).to_bytes(exclude=_PARSED_EXCLUDE), deferred)
    except Exception as error:  # noqa: BLE001 - one page's failure must not end the run
        return _failed(document, error)


def finish_page(nlp: Language, page: ParsedPage) -> DocumentExtraction | SkippedFile:
    """The second half of :func:`extract_document`: the components the worker left, kgraph's, and the records.

    ``nlp`` is the same pipeline :func:`parse_page` ran (the same model and
    components); the result is what :func:`extract_document` gives.
    """
    try:
        doc = Doc(nlp.vocab).from_bytes(page.doc, exclude=_PARSED_EXCLUDE)
        for name in page.deferred:
            doc = nlp.get_pipe(name)(doc)
        return extraction_from_doc(page.document, _finished(nlp, page.document, doc))
    except Exception as error:  # noqa: BLE001 - one page's failure must not end the run
        return _failed(page.document, error)


def timed_out_page(file_name: str, max_page_seconds: float) -> SkippedFile:
    """The ``SkippedFile`` for a page whose extraction ran out of time."""
    return SkippedFile(file_name, f"extraction took longer than --max-page-seconds {max_page_seconds:g}; "
                                  "raise the limit (0 for none) to include it")


def extract_documents(documents: Iterable[Document], nlp: Language, *, jobs: int = 1,
                      max_page_seconds: float = 0.0) -> Iterator[DocumentExtraction | SkippedFile]:
    """Run ``nlp`` over each document; yields one extraction, or one skipped page, per document, in order.

    Parameters
    ----------
    documents
        Loaded pages, read lazily (see :func:`kgraph.limits.run_each`).
    nlp
        The kgraph pipeline (:func:`kgraph.pipeline.make_pipeline`).
    jobs
        Worker processes (forked, so the loaded model is shared, not reloaded).
    max_page_seconds
        Time allowed per page; a page that takes longer becomes a ``SkippedFile``
        (0: no limit). See :mod:`kgraph.limits` for how it is enforced.

    Yields
    ------
    DocumentExtraction | SkippedFile
        ``SkippedFile`` for a page that ran out of time or made a component fail
        (set ``KGRAPH_DEBUG=1`` to raise the error instead).
    """
    yield from run_each(lambda document: extract_document(nlp, document), documents, jobs=jobs,
                        seconds=max_page_seconds,
                        timed_out=lambda document: timed_out_page(document.file_name, max_page_seconds))
