"""Push a graph to a SPARQL 1.1 server and read it back, through the standard protocols only.

Writes use the SPARQL 1.1 Graph Store HTTP Protocol (one ``PUT`` or ``POST``
of N-Triples) when the server has a graph store, else (no store URL, or one
that answers 401, 403, 404, 405, 415 or 501) SPARQL 1.1 Update: ``DROP
SILENT GRAPH``, then ``INSERT DATA`` in batches of at most 1,000 triples.
The server's triple count is checked afterwards. Reads use SPARQL 1.1 Query
(``CONSTRUCT``, ``COUNT``). Only the standard library speaks HTTP.

An endpoint is written ``sparql+http://HOST:PORT/PATH?OPTIONS`` (or
``sparql+https://``), and maps to real URLs in one of two layouts:

- **Oxigraph layout** (any other path): ``PATH/query``, ``PATH/update`` and
  the graph store ``PATH/store``; ``sparql+http://127.0.0.1:7878/`` is an
  ``oxigraph serve``.
- **Virtuoso layout** (the path ends in ``/sparql`` or ``/sparql-auth``):
  queries and updates to that URL, the graph store at its sibling
  ``/sparql-graph-crud`` (``/sparql-graph-crud-auth``). Such servers read
  their default graph as the union of all graphs, so a named graph is required.

``OPTIONS``: ``graph=IRI`` (the named graph, ``#`` and ``&`` in it written
``%23`` and ``%26``; default: the default graph), ``query=PATH``,
``update=PATH``, ``store=PATH`` (paths on the same host; an empty ``store=``
uses SPARQL Update only). ``user:password@`` in the URL is sent as HTTP
Basic or Digest authentication, as the server asks.

Examples
--------
>>> e = parse_endpoint("sparql+http://127.0.0.1:8890/sparql?graph=https://example.org/g")
>>> e.query, e.store, e.graph
('http://127.0.0.1:8890/sparql', 'http://127.0.0.1:8890/sparql-graph-crud', 'https://example.org/g')
>>> parse_endpoint("sparql+http://127.0.0.1:7878/").update
'http://127.0.0.1:7878/update'
"""

from __future__ import annotations

import dataclasses
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kgraph.errors import GraphError, UsageError
from kgraph.graph.serialize import serialize_graph

__all__ = [
    "Endpoint",
    "PushResult",
    "canonical_literals",
    "check_endpoint",
    "count_triples",
    "fetch_graph",
    "parse_endpoint",
    "push_graph",
]

MAX_BATCH = 1000  # Virtuoso 7 rejects an INSERT DATA of 2,000 triples (SP031: generated SQL too long)
MAX_BATCH_BYTES = 8_000_000  # and a batch of long kg:text literals must stay a reasonable request
_GSP_UNSUPPORTED = {401, 403, 404, 405, 415, 501}  # no graph store here (or not for us): use SPARQL Update
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


@dataclass(frozen=True)
class Endpoint:
    """The real URLs behind one ``sparql+http(s)://`` endpoint."""

    url: str  # as given, without the password
    query: str
    update: str
    store: str | None  # Graph Store Protocol URL, None for SPARQL Update only
    graph: str | None  # named graph IRI, None for the default graph
    credentials: tuple[str, str] | None = field(default=None, repr=False)


@dataclass(frozen=True)
class PushResult:
    """What :func:`push_graph` did."""

    endpoint: str
    graph: str | None
    triples: int  # triples sent
    server_triples: int  # triples in the target graph afterwards, as the server counts them
    protocol: str  # "graph-store" or "update"
    requests: int


def parse_endpoint(url: str, graph_iri: str | None = None) -> Endpoint:
    """The query, update and graph-store URLs of ``url`` (layouts in the module docstring).

    Raises
    ------
    UsageError
        Not a ``sparql+http(s)://`` URL, an unknown option, or a Virtuoso-layout URL without a graph.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("sparql+http", "sparql+https") or not parts.hostname:
        raise UsageError(f"--store {url!r} is not a SPARQL server address; write sparql+http://HOST:PORT/PATH, "
                         "e.g. sparql+http://127.0.0.1:7878/ (Oxigraph) or "
                         "'sparql+http://127.0.0.1:8890/sparql?graph=https://example.org/kg' (Virtuoso)")
    if parts.fragment:
        raise UsageError(f"--store {url!r} holds a '#': in a graph IRI write it as %23 (and '&' as %26)")
    options = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    unknown = sorted(set(options) - {"graph", "query", "update", "store"})
    if unknown:
        raise UsageError(f"--store: unknown option(s) {', '.join(unknown)}; allowed: graph, query, update, store")
    for name in ("query", "update", "store"):  # paths on the same host
        if options.get(name) and not options[name].startswith("/"):
            options[name] = "/" + options[name]
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        raise UsageError(f"--store {url!r}: the port is not a number from 0 to 65535") from None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    origin = f"{parts.scheme.removeprefix('sparql+')}://{host}{port}"
    path = parts.path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last in ("sparql", "sparql-auth"):  # Virtuoso layout
        query = update = origin + path
        store = origin + path[: -len(last)] + last.replace("sparql", "sparql-graph-crud")
    else:  # Oxigraph layout
        query, update, store = (f"{origin}{path}/{name}" for name in ("query", "update", "store"))
    query = origin + options["query"] if "query" in options else query
    update = origin + options["update"] if "update" in options else update
    if "store" in options:
        store = origin + options["store"] if options["store"] else None
    graph = graph_iri if graph_iri is not None else options.get("graph") or None
    if graph is not None:
        _checked_iri(graph)
    if graph is None and last in ("sparql", "sparql-auth"):
        raise UsageError(f"--store {url!r}: name a graph with ?graph=IRI; on this server the default graph "
                         "is the union of all its graphs, so it cannot be replaced")
    credentials = (urllib.parse.unquote(parts.username or ""), urllib.parse.unquote(parts.password or "")) \
        if parts.username else None
    shown = urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1]))
    return Endpoint(shown, query, update, store, graph, credentials)


def check_endpoint(endpoint: str | Endpoint, *, timeout: float = 10.0) -> Endpoint:
    """Parse ``endpoint`` and ask its query URL ``ASK {}``, so a long build can fail early.

    Raises
    ------
    UsageError
        ``endpoint`` is not a valid ``sparql+http(s)://`` address (see :func:`parse_endpoint`).
    GraphError
        Nothing answers there, or it answers with an error.
    """
    target = _target(endpoint, None)
    _query(target, "ASK {}", "application/sparql-results+json", timeout)
    return target


def push_graph(graph: Graph, endpoint: str | Endpoint, *, graph_iri: str | None = None, batch: int = MAX_BATCH,
               replace: bool = True, timeout: float = 300.0) -> PushResult:
    """Store ``graph`` on a SPARQL 1.1 server, replacing (or adding to) the target graph.

    Parameters
    ----------
    graph
        The graph to send; it must have no blank nodes (kgraph's graphs have none).
    endpoint
        ``sparql+http(s)://…`` (see the module docstring) or a parsed :class:`Endpoint`.
    graph_iri
        The named graph to write; overrides ``?graph=`` of the URL.
    batch
        Triples per ``INSERT DATA`` request (1 to 1000) when SPARQL Update is used.
    replace
        Empty the target graph first (``PUT``, or ``DROP SILENT``); else add to it.
    timeout
        Seconds allowed per HTTP request.

    Raises
    ------
    GraphError
        The server cannot be reached, refuses the data, or holds fewer triples afterwards than were sent.
    """
    if not 1 <= batch <= MAX_BATCH:
        raise UsageError(f"batch must be 1 to {MAX_BATCH} triples, got {batch}")
    target = _target(endpoint, graph_iri)
    protocol, requests, refused = "graph-store", 1, None
    if target.store is not None:
        data = serialize_graph(graph, "nt")
        try:
            _http(target, _store_url(target), data, "PUT" if replace else "POST",
                  {"Content-Type": "application/n-triples"}, timeout)
        except _Refused as error:
            if error.status not in _GSP_UNSUPPORTED:
                raise error.as_graph_error("storing the graph") from None
            refused = error
    if target.store is None or refused is not None:
        protocol, requests = "update", 0
        for statement in _update_statements(graph, target.graph, batch, replace):
            try:
                _http(target, target.update, _form(update=statement), "POST", {}, timeout)
            except _Refused as error:
                after = f" (its graph store answered {refused.status} first)" if refused else ""
                raise error.as_graph_error("a SPARQL Update" + after) from None
            requests += 1
    stored = _count(target, "", timeout)
    distinct = len(canonical_literals(graph))  # "1.0" and "1.00" are one triple to a server that stores values
    if stored < distinct or (replace and stored != distinct):
        raise GraphError(f"{target.url}: sent {len(graph)} triples, the server holds {stored} in the graph "
                         f"{target.graph or '(default)'} afterwards; it dropped or kept data it should not have")
    return PushResult(target.url, target.graph, len(graph), stored, protocol, requests)


def count_triples(endpoint: str | Endpoint, graph_iri: str | None = None, *, timeout: float = 300.0) -> int:
    """How many triples the server holds in the graph (``graph_iri`` overrides ``?graph=``)."""
    return _count(_target(endpoint, graph_iri), "", timeout)


def _target(endpoint: str | Endpoint, graph_iri: str | None) -> Endpoint:
    if not isinstance(endpoint, Endpoint):
        return parse_endpoint(endpoint, graph_iri)
    return endpoint if graph_iri is None else dataclasses.replace(endpoint, graph=_checked_iri(graph_iri))


def _checked_iri(iri: str) -> str:
    if _BAD_IRI.search(iri):
        raise UsageError(f"graph IRI {iri!r} holds a character an IRI cannot (space, quote, <, >, ...)")
    return iri


def _count(target: Endpoint, where: str, timeout: float) -> int:
    """``COUNT(*)`` of ``?s ?p ?o`` in the target graph, with an extra FILTER ``where``."""
    body = _query(target, f"SELECT (COUNT(*) AS ?n) WHERE {{ {_pattern(target.graph, where)} }}",
                  "application/sparql-results+json", timeout)
    try:
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError) as error:
        raise GraphError(f"{target.url}: unexpected answer to a COUNT query: {body[:200]!r}") from error


def fetch_graph(endpoint: str | Endpoint, graph_iri: str | None = None, *, timeout: float = 300.0) -> Graph:
    """The server's copy of the graph, read with ``CONSTRUCT``.

    Servers cap how many results one query returns (Virtuoso: ``ResultSetMaxRows``,
    10,000 by default) without saying so, so each answer is checked against a
    ``COUNT``; a short one is read again in 16 parts, split by the MD5 of the
    triple, and so on recursively.

    Raises
    ------
    GraphError
        The server cannot be reached or answers with something that is not RDF.
    """
    target = _target(endpoint, graph_iri)
    result = Graph()
    for part in _parts(target, "", _count(target, "", timeout), timeout):
        result += part
    return result


_INTEGER_TYPES = {XSD[name] for name in (
    "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long", "int",
    "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}


def canonical_literals(graph: Graph) -> Graph:
    """A copy of ``graph`` with one form per literal value, to compare graphs across stores.

    Stores keep the value of a literal, not always its form: Virtuoso and the
    Oxigraph server give ``"6.0"^^xsd:decimal`` back as ``"6"``; Oxigraph
    stores every integer type as ``xsd:integer`` (oxigraph issue #526) and
    language tags in lower case. Such literals denote the same value (RDF 1.1
    Semantics, D-entailment; language tags are case-insensitive, RDF 1.1
    Concepts 3.3), so graphs that differ only so are isomorphic after this
    mapping: integer types become ``xsd:integer``, decimals lose trailing
    zeros, booleans become ``true``/``false``, language tags lower case. Every
    other term is kept as it is; an ill-typed literal too.

    Examples
    --------
    >>> g = Graph().add((URIRef("urn:s"), URIRef("urn:p"), Literal("6.0", datatype=XSD.decimal)))
    >>> [str(o) for o in canonical_literals(g).objects()]
    ['6']
    """
    result = Graph()
    for s, p, o in graph:
        result.add((s, p, _canonical(o) if isinstance(o, Literal) else o))
    return result


def _canonical(literal: Literal) -> Literal:
    if literal.language:
        return Literal(str(literal), lang=literal.language.lower())
    text = str(literal).strip()
    try:
        if literal.datatype in _INTEGER_TYPES:
            return Literal(str(int(text)), datatype=XSD.integer)
        if literal.datatype == XSD.decimal:
            value = Decimal(text)
            return Literal("0" if value == 0 else format(value.normalize(), "f"), datatype=XSD.decimal)
    except (ValueError, InvalidOperation):
        return literal
    if literal.datatype == XSD.boolean and text in ("true", "false", "1", "0"):
        return Literal("true" if text in ("true", "1") else "false", datatype=XSD.boolean)
    return literal


def _parts(target: Endpoint, prefix: str, expected: int, timeout: float) -> Iterator[Graph]:
    """The triples whose MD5 (of ``s p o``) starts with ``prefix``, as many graphs as it takes."""
    if expected == 0:
        return
    where = _md5_filter(prefix) if prefix else ""
    data = _query(target, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {_pattern(target.graph, where)} }}",
                  "application/n-triples", timeout)
    part = Graph()
    try:
        part.parse(data=data.decode("utf-8"), format="nt")
    except Exception as error:  # rdflib raises several unrelated types for bad input
        raise GraphError(f"{target.url}: the CONSTRUCT answer is not N-Triples ({error})") from error
    if len(part) >= expected:
        yield part
        return
    if len(prefix) >= 8:  # 16**8 parts and still short: not a result cap
        raise GraphError(f"{target.url}: the server counts {expected} triples but returns {len(part)}")
    for digit in "0123456789abcdef":
        sub = prefix + digit
        yield from _parts(target, sub, _count(target, _md5_filter(sub), timeout), timeout)


def _md5_filter(prefix: str) -> str:
    return f'FILTER(STRSTARTS(MD5(CONCAT(STR(?s), " ", STR(?p), " ", STR(?o))), "{prefix}"))'


def _pattern(graph: str | None, where: str) -> str:
    triple = f"?s ?p ?o {where}".strip()
    return f"GRAPH <{graph}> {{ {triple} }}" if graph else triple


def _update_statements(graph: Graph, graph_iri: str | None, batch: int, replace: bool) -> Iterator[str]:
    """``DROP SILENT`` (when replacing), then ``INSERT DATA`` of at most ``batch`` triples each, in sorted order."""
    if replace:
        yield f"DROP SILENT GRAPH <{graph_iri}>" if graph_iri else "DROP SILENT DEFAULT"
    lines = sorted(" ".join(_sparql_term(term) for term in triple) + " ." for triple in graph)
    opening, closing = ((f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n", "\n} }") if graph_iri
                        else ("INSERT DATA {\n", "\n}"))
    chunk: list[str] = []
    size = 0
    for line in lines:
        if chunk and (len(chunk) >= batch or size + len(line) > MAX_BATCH_BYTES):
            yield opening + "\n".join(chunk) + closing
            chunk, size = [], 0
        chunk.append(line)
        size += len(line)
    if chunk:
        yield opening + "\n".join(chunk) + closing


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r\t\b\f]')


def _sparql_term(term) -> str:
    """A term in SPARQL syntax: ``<iri>``, or a quoted literal with its escapes, language or datatype."""
    if isinstance(term, URIRef):
        if _BAD_IRI.search(term):
            raise GraphError(f"cannot write the IRI {str(term)!r} in SPARQL: it holds a space, quote or bracket")
        return f"<{term}>"
    if isinstance(term, Literal):
        text = '"' + _NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group()], str(term)) + '"'
        if term.language:
            return f"{text}@{term.language}"
        return f"{text}^^{_sparql_term(term.datatype)}" if term.datatype else text
    kind = "a blank node" if isinstance(term, BNode) else type(term).__name__
    raise GraphError(f"cannot send {kind} ({term}) in batches of INSERT DATA; kgraph graphs have none")


def _store_url(target: Endpoint) -> str:
    query = f"graph={urllib.parse.quote(target.graph, safe='')}" if target.graph else "default"
    return f"{target.store}{'&' if '?' in target.store else '?'}{query}"


def _form(**fields: str) -> bytes:
    return urllib.parse.urlencode(fields).encode("utf-8")


def _query(target: Endpoint, sparql: str, accept: str, timeout: float) -> bytes:
    # A form POST: Virtuoso hangs on an application/sparql-query body, and a GET URL can get too long
    try:
        return _http(target, target.query, _form(query=sparql), "POST", {"Accept": accept}, timeout)
    except _Refused as error:
        raise error.as_graph_error("a query") from None


class _Refused(Exception):
    """The server answered with an HTTP error status."""

    def __init__(self, url: str, status: int, reason: str, body: str) -> None:
        super().__init__(status)
        self.url, self.status, self.reason, self.body = url, status, reason, body

    def as_graph_error(self, doing: str) -> GraphError:
        detail = " ".join(self.body.split())[:300]
        return GraphError(f"the SPARQL server at {self.url} refused {doing}: {self.status} {self.reason}"
                          + (f": {detail}" if detail else ""))


def _http(target: Endpoint, url: str, data: bytes | None, method: str, headers: dict[str, str],
          timeout: float) -> bytes:
    """One HTTP request; the response body, or :class:`_Refused` for an error status."""
    handlers = []
    if target.credentials is not None:  # Basic or Digest, whichever the server asks for
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, *target.credentials)
        handlers = [urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)]
    if data is not None and "Content-Type" not in headers:
        headers = {**headers, "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.build_opener(*handlers).open(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8", "replace")
        raise _Refused(url, error.code, error.reason, body) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise GraphError(f"cannot reach the SPARQL server at {url}: {reason}; is it running, "
                         "and is the address right?") from None
