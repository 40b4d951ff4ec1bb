"""Corpus stage: a folder of pages in, documents (with furniture spans) out.

>>> from kgraph.corpus import iter_corpus, Document, SkippedFile
>>> items = list(iter_corpus(Path("corpus")))  # doctest: +SKIP

Bad input never stops a run: it becomes a :class:`SkippedFile` (with a
one-line reason) or a :class:`LoadWarning`.
"""

from kgraph.corpus.decoding import Decoded, Rejected, content_hash, decode_bytes, read_page_bytes
from kgraph.corpus.furniture import FurnitureRule, find_furniture, load_furniture_rules
from kgraph.corpus.html import HtmlPage, extract_html
from kgraph.corpus.loader import DEFAULT_MAX_PAGE_BYTES, iter_corpus, load_page
from kgraph.corpus.manifest import Manifest, ManifestEntry, parse_manifest, read_manifest
from kgraph.corpus.records import CorpusItem, Document, Furniture, LoadWarning, SkippedFile

__all__ = [
    "iter_corpus",
    "load_page",
    "DEFAULT_MAX_PAGE_BYTES",
    "read_page_bytes",
    "decode_bytes",
    "content_hash",
    "Decoded",
    "Rejected",
    "extract_html",
    "HtmlPage",
    "find_furniture",
    "load_furniture_rules",
    "FurnitureRule",
    "read_manifest",
    "parse_manifest",
    "Manifest",
    "ManifestEntry",
    "Document",
    "Furniture",
    "SkippedFile",
    "LoadWarning",
    "CorpusItem",
]
