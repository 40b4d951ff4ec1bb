"""Properties that hold for any input: the statistic normalizer, anchors, graph round trips, the loader.

Each test draws 100-200 examples with hypothesis; the file runs in well under 30 s.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from decimal import Decimal
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kgraph.corpus import Document, SkippedFile, iter_corpus
from kgraph.corpus.walk import MEDIA_TYPES, UNSUPPORTED_SUFFIXES
from kgraph.errors import GraphError
from kgraph.graph.anchors import CONTEXT_CHARS, add_anchor
from kgraph.graph.serialize import serialize_graph
from kgraph.iris import document_iri
from kgraph.limits import text_pieces
from kgraph.namespaces import DCTERMS, KG, OA, RDF, RDFS
from kgraph.pipeline.quantities import Quantity, decimal_lexical, load_quantity_lexicon, normalize_statistic

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any code point but a lone surrogate (those have no UTF-8 form; see test_lone_surrogates_are_refused).
UNICODE = st.characters(exclude_categories=("Cs",))
PARSE_FORMAT = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")  # not XSD.string: pytest's collection pokes at XSD


# ---------------------------------------------------------------- the statistic normalizer


def _lexicon_words() -> tuple[list[str], list[str]]:
    lexicon = load_quantity_lexicon()
    hedges = sorted(" ".join(words) for words in lexicon.hedge_cues)
    units = sorted(" ".join(words) for words in lexicon.unit_labels)
    return hedges, units


HEDGES, UNITS = _lexicon_words()
NUMBERS = st.one_of(
    st.integers(min_value=-10**40, max_value=10**40).map(str),
    st.integers(min_value=0, max_value=10**12).map(lambda n: f"{n:,}"),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10**9, max_value=10**9).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["one", "twelve", "a dozen", "half", "a third", "1/2", "½", "1e5", "5E+7", "0.0", "-0", "00012",
                     "1,5", "1.2.3", "3–5", "10-20", "10 to 20", "between 5 and 50", "2x", "NaN", "Infinity"]),
)
STATISTIC_TEXT = st.one_of(
    st.text(UNICODE, max_size=60),
    st.tuples(st.sampled_from(["", *HEDGES]), NUMBERS, st.sampled_from(["", " ", "-", "%"]),
              st.sampled_from(["", *UNITS]), st.sampled_from(["", *HEDGES]), st.text(UNICODE, max_size=8))
    .map(lambda parts: f"{parts[0]} {parts[1]}{parts[2]}{parts[3]} {parts[4]}{parts[5]}".strip()),
    st.tuples(NUMBERS, st.sampled_from(["-", " to ", "–", " and "]), NUMBERS, st.sampled_from(["", *UNITS]))
    .map(lambda parts: f"{parts[0]}{parts[1]}{parts[2]} {parts[3]}"),
)


def _check_interval(quantity: Quantity) -> None:
    assert isinstance(quantity, Quantity)
    if quantity.lower is not None and quantity.upper is not None:
        assert quantity.lower <= quantity.upper, quantity
    for bound in (quantity.lower, quantity.upper):
        assert bound is None or (isinstance(bound, Decimal) and bound.is_finite())
        if bound is not None:
            decimal_lexical(bound)  # writable as canonical xsd:decimal
    if quantity.per is not None:
        _check_interval(quantity.per)


@SETTINGS
@given(text=STATISTIC_TEXT, allow_vague=st.booleans())
@example(text="11111111111111111111111111111 patients", allow_vague=False)
@example(text="between 50 and 5 million adults", allow_vague=False)
@example(text="up to 1e999999 mg", allow_vague=True)
def test_normalize_statistic_never_crashes_and_keeps_lower_below_upper(text: str, allow_vague: bool) -> None:
    quantity = normalize_statistic(text, allow_vague=allow_vague)
    if quantity is not None:
        _check_interval(quantity)


# ---------------------------------------------------------------- anchors


@st.composite
def text_and_span(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(st.text(UNICODE, max_size=120))
    start = draw(st.integers(min_value=0, max_value=len(text)))
    end = draw(st.integers(min_value=start, max_value=len(text)))
    return text, start, end


def _selectors(graph: Graph, target: URIRef) -> tuple[URIRef, URIRef]:
    selectors = list(graph.objects(target, OA.hasSelector))
    position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
    quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
    return position, quote


@SETTINGS
@given(case=text_and_span())
@example(case=("\U0001f600a\u200bb\r\nc", 1, 3))
def test_anchor_quotes_exactly_the_span_and_its_surroundings(case: tuple[str, int, int]) -> None:
    text, start, end = case
    graph, doc, node = Graph(), URIRef("https://w3id.org/kgraph/id/doc/p.txt"), URIRef("https://w3id.org/kgraph/id/m")
    target = add_anchor(graph, node, doc, text, start, end)
    position, quote = _selectors(graph, target)
    assert (node, OA.hasTarget, target) in graph and graph.value(target, OA.hasSource) == doc
    assert (int(graph.value(position, OA.start)), int(graph.value(position, OA.end))) == (start, end)
    assert str(graph.value(quote, OA.exact)) == text[start:end]
    assert str(graph.value(quote, OA.prefix)) == text[max(0, start - CONTEXT_CHARS) : start]
    assert str(graph.value(quote, OA.suffix)) == text[end : end + CONTEXT_CHARS]
    # The same span anchored twice is one target, not two.
    assert add_anchor(graph, URIRef("https://w3id.org/kgraph/id/m2"), doc, text, start, end) == target
    assert len(list(graph.objects(target, OA.hasSelector))) == 2


@SETTINGS
@given(text=st.text(UNICODE, max_size=20), start=st.integers(-5, 30), end=st.integers(-5, 30))
def test_anchor_outside_the_text_is_refused(text: str, start: int, end: int) -> None:
    assume(not 0 <= start <= end <= len(text))
    with pytest.raises(ValueError, match="outside a text"):
        add_anchor(Graph(), URIRef("https://x/m"), URIRef("https://x/d"), text, start, end)


# ---------------------------------------------------------------- graph round trips


def _graph_of(literals: list[str], file_name: str) -> Graph:
    graph = Graph()
    doc = document_iri(None, file_name)
    graph.add((doc, RDF.type, KG.Document))
    graph.add((doc, KG.fileName, Literal(file_name)))
    for i, value in enumerate(literals):
        node = URIRef(f"{doc}/part/{i}")
        graph.add((doc, DCTERMS.hasPart, node))
        graph.add((node, KG.text, Literal(value)))
        graph.add((node, RDFS.label, Literal(value, lang="en")))
        graph.add((node, RDFS.comment, Literal(value, datatype=XSD_STRING)))
    return graph


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "nt"])
@SETTINGS
@given(literals=st.lists(st.text(UNICODE, max_size=40), max_size=4),
       file_name=st.text(UNICODE.filter(lambda c: c not in "/\x00"), min_size=1, max_size=20))
@example(literals=['"""\\', "\x00\x01\x0b\x0c\x1f\x7f\x85\u2028\u2029\ufeff", "a\r\nb\rc", "'''"],
         file_name="a b#c%20.txt")
@example(literals=[], file_name="##")  # two '#' once made an IRI with two fragments
def test_serialize_and_parse_back_is_isomorphic(fmt: str, literals: list[str], file_name: str) -> None:
    graph = _graph_of(literals, file_name)
    back = Graph().parse(data=serialize_graph(graph, fmt), format=PARSE_FORMAT[fmt])
    assert isomorphic(graph, back)
    assert sorted(str(o) for o in back.objects(None, KG.text)) == sorted(literals)
    if fmt != "jsonld":
        assert serialize_graph(back, fmt) == serialize_graph(graph, fmt)  # deterministic bytes


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "nt"])
@settings(max_examples=100, deadline=None)
@given(text=st.text(UNICODE, max_size=20), cut=st.integers(0, 20), surrogate=st.integers(0xD800, 0xDFFF))
def test_lone_surrogates_are_refused_not_written_as_question_marks(fmt: str, text: str, cut: int,
                                                                   surrogate: int) -> None:
    """A lone surrogate has no UTF-8 form; rdflib would write "?" (Turtle, JSON-LD) or fail (N-Triples).

    kgraph refuses the whole graph with a clear GraphError instead. The loader never produces one
    (files are decoded strictly; a JSON '\\ud800' escape skips its line), so this concerns graphs
    built in Python.
    """
    value = text[:cut] + chr(surrogate) + text[cut:]
    with pytest.raises(GraphError, match="unpaired surrogate"):
        serialize_graph(_graph_of([value], "p.txt"), fmt)


# ---------------------------------------------------------------- the corpus loader

SUFFIXES = ["", ".txt", ".TXT", ".md", ".html", ".htm", ".jsonl", ".pdf", ".png", ".csv", ".txt.bak"]
CONTENT = st.one_of(
    st.binary(max_size=300),
    st.text(UNICODE, max_size=200).map(lambda t: t.encode("utf-8")),
    st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"<html>", b"<p>Ketamine &amp; pain</p>", b'{"text": "x"}\n',
                     b'{"text": "\\ud800"}', b"\x89PNG\r\n\x1a\n", b"[" * 300, b"<div>" * 300]),
)
NAME_STEM = st.one_of(
    st.text(UNICODE.filter(lambda c: c not in "/\x00"), min_size=1, max_size=25).map(lambda t: t.encode("utf-8")),
    st.binary(min_size=1, max_size=25).filter(lambda b: b"/" not in b and b"\x00" not in b),
)
FILES = st.dictionaries(
    st.tuples(NAME_STEM, st.sampled_from(SUFFIXES)).map(lambda p: p[0] + p[1].encode())
    .filter(lambda n: len(n) <= 200 and n not in (b".", b"..", b"manifest.csv")),
    CONTENT, max_size=6)


def _page_of(name: str) -> str:
    """The file a loaded item came from: ``"p.jsonl"`` for ``"p.jsonl#L3"``."""
    head, sep, tail = name.rpartition("#L")
    return head if sep and tail.isdigit() and head.lower().endswith(".jsonl") else name


def _expected_kind(raw_name: bytes) -> str | None:
    """'page', 'unsupported' or None (ignored) by the documented rules: hidden files and other types are ignored."""
    if raw_name.startswith(b"."):
        return None
    suffix = PurePosixPath(os.fsdecode(raw_name)).suffix.lower()
    if suffix in MEDIA_TYPES:
        return "page"
    return "unsupported" if suffix in UNSUPPORTED_SUFFIXES else None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=FILES)
@example(files={b"caf\xe9.txt": b"Ketamine.", b"caf\xe9.png": b"x", b"a.jsonl": b'{"text": "\\ud800"}\n{"text": "ok"}'})
def test_loader_never_raises_and_accounts_for_each_file(files: dict[bytes, bytes]) -> None:
    assume(len({name.decode("utf-8", "replace") for name in files}) == len(files))
    with tempfile.TemporaryDirectory() as folder:
        for name, content in files.items():
            with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
                handle.write(content)
        items = list(iter_corpus(Path(folder), max_page_bytes=250))
    assert all(isinstance(item, (Document, SkippedFile)) for item in items)
    by_name: dict[str, list[Document | SkippedFile]] = {}
    for item in items:
        name = item.file_name if isinstance(item, Document) else item.file
        by_name.setdefault(_page_of(name), []).append(item)
    expected = set()
    for raw_name, content in files.items():
        kind = _expected_kind(raw_name)
        if kind is None:
            continue
        try:
            name = raw_name.decode("utf-8")
        except UnicodeDecodeError:
            name = raw_name.decode("utf-8", "replace")
            assert [i.reason for i in by_name[name]] == ["file name is not valid UTF-8; rename the file"]
            expected.add(name)
            continue
        expected.add(name)
        found = by_name[name]
        if kind == "unsupported" or not name.lower().endswith(".jsonl"):
            assert len(found) == 1, found
        for item in found:
            if isinstance(item, SkippedFile):
                assert item.reason.strip() and "\n" not in item.reason
                continue
            assert item.text.strip() and item.text.encode("utf-8")  # never a lone surrogate
            if not name.lower().endswith(".jsonl"):
                assert item.content_hash == "sha256:" + hashlib.sha256(content).hexdigest()
            plain = item.media_type in ("text/plain", "text/markdown") and not name.lower().endswith(".jsonl")
            if plain and item.encoding == "utf-8":
                assert item.text == content.decode("utf-8")
    assert set(by_name) == expected


# ---------------------------------------------------------------- pieces of a long text, terminal output


@SETTINGS
@given(text=st.text(st.sampled_from("ab \t\n\r\u2028x"), max_size=400), size=st.integers(1, 50))
def test_text_pieces_join_back_exactly_and_respect_the_size(text: str, size: int) -> None:
    pieces = list(text_pieces(text, size))
    assert "".join(pieces) == text
    assert all(0 < len(piece) <= size for piece in pieces) or pieces == [""]
    for piece in pieces[:-1]:  # a cut falls after a line break, else a space or tab, when the piece has one
        if "\n" in piece:
            assert piece.endswith("\n")
        elif " " in piece or "\t" in piece:
            assert piece.endswith((" ", "\t"))


@SETTINGS
@given(name=st.text(UNICODE, max_size=40), reason=st.text(UNICODE, max_size=20))
@example(name="x[/red]y\x1b[2J.txt\\", reason="[bold]empty")
def test_file_names_print_as_themselves_never_as_markup_or_control(name: str, reason: str) -> None:
    from rich.console import Console

    from kgraph.cli import _item_line

    buffer = io.StringIO()
    Console(file=buffer, force_terminal=True, color_system=None, highlight=False, soft_wrap=True).print(
        _item_line("skipped", name, reason))
    printed = buffer.getvalue()
    assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) < 0xA0 for c in printed)

    def visible(text: str) -> str:
        return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)

    assert printed == f"skipped {visible(name)}: {visible(reason)}\n"
