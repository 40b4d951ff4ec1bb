"""N-Triples in and out of kgraph's stores: one document's triples as text, loaded in batches.

:func:`ntriples` writes rdflib triples as Oxigraph's canonical N-Triples
(the same bytes Oxigraph writes for them, so lines from here and lines
dumped from a store sort alike), each literal whose form a store would
change under the :data:`kgraph.graph.store.EXACT` datatype.
:class:`TripleWriter` loads such text into a graph in large batches;
:func:`restore_exact` turns dumped lines back into the literals that went in.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterable
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.parsers.ntriples import W3CNTriplesParser

from kgraph.errors import GraphError
from kgraph.graph.store import EXACT, as_written, oxigraph_store, store_changes

__all__ = ["NTriplesSink", "TripleWriter", "ntriples", "ntriples_copy", "restore_exact"]

_MEMO_SIZE = 20_000  # terms kept at once: a finding's IRIs recur on its own lines, predicates on all
_BAD_IRI_CHAR = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# canonical N-Triples as Oxigraph writes it (checked character by character against its serializer)
_ESCAPES = {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)}
_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"})
_ESCAPED = re.compile('[\x00-\x1f"\\\\\x7f\ufffe\uffff]')

def _iri(iri: str) -> str:
    if _BAD_IRI_CHAR.search(iri) is not None:  # not an IRI as RDF allows it: percent-encode, as a browser would
        iri = _BAD_IRI_CHAR.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), iri)
    return f"<{iri}>"


def _term(term) -> str:
    if isinstance(term, URIRef):
        return _iri(term)
    if isinstance(term, Literal):
        lexical = str(term)
        text = lexical.translate(_ESCAPES) if _ESCAPED.search(lexical) is not None else lexical
        if term.language:
            return f'"{text}"@{term.language.lower()}'
        datatype = term.datatype
        if datatype is None:
            return f'"{text}"'
        if store_changes(datatype, lexical):
            return f'"{text}"^^<{EXACT}{datatype}>'
        return f'"{text}"^^{_iri(datatype)}'
    if isinstance(term, BNode):
        return f"_:{term}"
    raise GraphError(f"cannot write {term!r} as an RDF term")


def ntriples(triples: Iterable[tuple]) -> bytes:
    """``triples`` (rdflib terms) as N-Triples for :class:`TripleWriter`, one line each, in the order given.

    A literal whose form a store would change is written with the
    :data:`EXACT` datatype (:class:`TripleWriter` and the store read it back).

    Raises
    ------
    GraphError
        A term holds an unpaired surrogate (no UTF-8 form, so no RDF file can hold it).

    Examples
    --------
    >>> ntriples([(URIRef("https://a.example/s"), URIRef("https://a.example/p"), Literal('say "hi"\\n'))])
    b'<https://a.example/s> <https://a.example/p> "say \\\\"hi\\\\"\\\\n" .\\n'
    """
    sink = NTriplesSink()
    for triple in triples:
        sink.add(triple)
    return sink.data()


class NTriplesSink:
    """Triples turned into N-Triples lines as they are added: an rdflib-graph-like target that keeps no terms.

    What :func:`ntriples` uses; code that writes through ``graph.add``
    (:func:`kgraph.graph.findings.add_findings`) can write into one directly.
    Given a binary ``stream``, the lines go there in chunks (call :meth:`flush`
    at the end), so a corpus's findings are never all held as text.
    """

    def __init__(self, stream: BinaryIO | None = None, spill_lines: int = 50_000) -> None:
        self._lines: list[str] = []
        self._memo: dict = {}  # IRIs recur on every line; literals rarely do
        self._stream = stream  # given: lines go there every ``spill_lines`` lines, as UTF-8
        self._spill_lines = spill_lines

    def add(self, triple: tuple) -> NTriplesSink:
        memo = self._memo
        if len(memo) > _MEMO_SIZE:
            memo.clear()
        s, p, o = triple
        subject = memo.get(s)
        if subject is None:
            subject = memo[s] = _term(s)
        predicate = memo.get(p)
        if predicate is None:
            predicate = memo[p] = _term(p)
        if type(o) is URIRef:
            value = memo.get(o)
            if value is None:
                value = memo[o] = _iri(o)
        else:
            value = _term(o)
        self._lines.append(f"{subject} {predicate} {value} .\n")
        if self._stream is not None and len(self._lines) >= self._spill_lines:
            self.flush()
        return self

    def flush(self) -> None:
        """Write the lines held so far to the stream given at creation (nothing without one)."""
        if self._stream is not None and self._lines:
            self._stream.write(self.data())
            self._lines = []

    def bind(self, *args, **kwargs) -> None:
        """Prefixes are the business of whoever writes the file (here for code that binds them)."""

    def data(self) -> bytes:
        """The lines held (with a stream: those not yet written to it), as UTF-8 bytes."""
        text = "".join(self._lines)
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError as exc:
            near = text[max(0, exc.start - 30): exc.end + 30]
            raise GraphError(f"the graph holds a string with an unpaired surrogate {text[exc.start]!r} (near "
                             f"{near!r}), which has no UTF-8 form, so no RDF file can hold it; remove it from the "
                             "input text") from exc


class TripleWriter:
    """:func:`ntriples` text into a graph, in large batches.

    Oxigraph stores load a batch natively (the on-disk one with its bulk
    loader) in a background thread, which Oxigraph runs without Python's
    lock, so the next batch is prepared meanwhile; any other rdflib graph
    parses it. Call :meth:`flush` at the end: it waits for the last batch.
    """

    def __init__(self, graph: Graph, batch_bytes: int = 32_000_000) -> None:
        self.graph = graph
        self.batch_bytes = batch_bytes
        self._pending: list[bytes] = []
        self._size = 0
        self._loading: threading.Thread | None = None
        self._failure: BaseException | None = None

    def write(self, data: bytes) -> None:
        self._pending.append(data)
        self._size += len(data)
        if self._size >= self.batch_bytes:
            self._send()

    def flush(self) -> None:
        """Load everything written so far, and wait until it is in the store."""
        self._send()
        self._wait()

    def _send(self) -> None:
        if not self._pending:
            return
        data = b"".join(self._pending)
        self._pending, self._size = [], 0
        store = oxigraph_store(self.graph)
        if store is None:  # parsed line by line: the graph gets the triples in the order written
            W3CNTriplesParser(_Adder(self.graph)).parse(io.BytesIO(data))
            return
        if self.graph.store.copy is not None:
            self.graph.store.copy.write(data)
        self._wait()  # one batch at a time: the store takes one writer
        load = store.bulk_load if self.graph.store.on_disk else store.load
        self._loading = threading.Thread(target=self._load, args=(load, data), name="kgraph-load", daemon=True)
        self._loading.start()

    def _load(self, load, data: bytes) -> None:
        try:
            load(data, ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        except BaseException as failure:  # noqa: BLE001 - re-raised in the writer's thread
            self._failure = failure

    def _wait(self) -> None:
        if self._loading is not None:
            self._loading.join()
            self._loading = None
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise GraphError(f"the store refused a batch of triples: {failure}") from failure


class _Adder:
    """Parser sink: each triple into an rdflib graph, its literal as it was before :func:`ntriples`."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def triple(self, s, p, o) -> None:
        self.graph.add((s, p, as_written(o)))


_NT_EXACT = re.compile(rb'"\^\^<' + re.escape(EXACT.encode("ascii")) + rb'([^>\n]*)> \.\n')


def ntriples_copy(graph: Graph) -> BinaryIO | None:
    """The copy of everything loaded into ``graph`` (see :func:`open_graph`), or ``None`` when there is none.

    Its N-Triples are as :func:`ntriples` wrote them: exact literals not yet
    restored (:func:`restore_exact`), the same triple possibly more than once.
    """
    if oxigraph_store(graph) is None:
        return None
    return graph.store.copy


def restore_exact(ntriples_text: bytes) -> bytes:
    """N-Triples from a store with each literal kept exact (:data:`EXACT`) written as it went in.

    Unambiguous: such a datatype ends its line, and a literal holds no raw
    line break, so no literal text can look like one.

    Examples
    --------
    >>> restore_exact(b'<a:s> <a:p> "7"^^<urn:x-kgraph:exact:http://www.w3.org/2001/XMLSchema#byte> .\\n')
    b'<a:s> <a:p> "7"^^<http://www.w3.org/2001/XMLSchema#byte> .\\n'
    """
    return _NT_EXACT.sub(rb'"^^<\1> .\n', ntriples_text)
