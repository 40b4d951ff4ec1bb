"""Raw page bytes to text: size limit, binary sniffing, BOMs, encoding detection.

Every function here is pure except :func:`read_page_bytes`, which reads one
file. A page that cannot become text yields a :class:`Rejected` with a
one-line reason instead of raising, so one bad file never stops a run.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

__all__ = [
    "Decoded",
    "Rejected",
    "content_hash",
    "read_page_bytes",
    "sniff_binary",
    "decode_bytes",
    "os_error_reason",
]

# Byte-order marks, longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Signatures of common binary formats, for a reason a person recognises.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
)

# Control bytes that never occur in text (tab, newlines, form feed and ESC are allowed).
_CONTROL_BYTES = frozenset(set(range(0x00, 0x09)) | set(range(0x0E, 0x1B)) | {0x1C, 0x1D, 0x1E, 0x1F, 0x7F})
_SNIFF_BYTES = 65536
_MAX_CONTROL_SHARE = 0.10
# When charset-normalizer cannot tell Western single-byte codecs apart, prefer
# the one web pages actually use.
_PREFERRED_FALLBACK = "cp1252"


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from page bytes.

    Attributes
    ----------
    text
        The decoded text, line endings untouched, byte-order mark removed.
    encoding
        Lower-case Python codec name (``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"``, ``"cp1252"`` ...).
    notes
        Degradations worth telling the user; empty for clean UTF-8.
    """

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rejected:
    """Bytes that cannot be a page, with a one-line reason (becomes a ``SkippedFile``)."""

    reason: str


def content_hash(raw: bytes) -> str:
    """``"sha256:<hex>"`` of ``raw``.

    Examples
    --------
    >>> content_hash(b"")[:15]
    'sha256:e3b0c442'
    """
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def os_error_reason(error: OSError) -> str:
    """One-line reason for an ``OSError`` raised while reading a corpus file."""
    detail = error.strerror or str(error) or type(error).__name__
    return f"cannot read file ({detail})"


def read_page_bytes(path: Path, max_page_bytes: int) -> bytes | Rejected:
    """Read a page file, refusing it before reading when it is larger than ``max_page_bytes``.

    Parameters
    ----------
    path
        A regular file.
    max_page_bytes
        The ``--max-page-bytes`` limit.

    Returns
    -------
    bytes | Rejected
        The raw bytes, or why the file was not read (too large, an ``OSError``).
    """
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_page_bytes:
                return Rejected(f"{size} bytes exceeds --max-page-bytes {max_page_bytes}")
            # Read one byte more than allowed: a file that grew since fstat is still caught.
            raw = handle.read(max_page_bytes + 1)
    except OSError as error:
        return Rejected(os_error_reason(error))
    if len(raw) > max_page_bytes:
        return Rejected(f"more than {max_page_bytes} bytes exceeds --max-page-bytes {max_page_bytes}")
    return raw


def _bom_encoding(raw: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return encoding
    return None


def sniff_binary(raw: bytes) -> str | None:
    """Why ``raw`` looks binary (``"binary file (PNG image)"``), or ``None`` for text.

    Call only on bytes without a UTF-16/32 byte-order mark: those legitimately hold NULs.

    Examples
    --------
    >>> sniff_binary(b"\\x89PNG\\r\\n\\x1a\\n...")
    'binary file (PNG image)'
    >>> sniff_binary(b"plain text\\n") is None
    True
    """
    for magic, name in _MAGIC:
        if raw.startswith(magic):
            return f"binary file ({name})"
    head = raw[:_SNIFF_BYTES]
    if b"\x00" in head:
        return "binary file (contains NUL bytes)"
    if head:
        share = sum(1 for byte in head if byte in _CONTROL_BYTES) / len(head)
        if share > _MAX_CONTROL_SHARE:
            return f"binary file ({share:.0%} control characters)"
    return None


def _normal_codec_name(name: str) -> str | None:
    try:
        return codecs.lookup(name).name.lower()
    except (LookupError, ValueError):
        return None


def _decode_declared(raw: bytes, declared: str) -> Decoded | None:
    codec = _normal_codec_name(declared)
    if codec is None or codec.startswith(("utf-16", "utf-32")):
        return None
    try:
        text = raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return Decoded(text, codec, (f"not valid UTF-8; decoded as {codec} (declared by the page)",))


def _detect(raw: bytes) -> Decoded | None:
    matches = charset_normalizer.from_bytes(raw)
    best = matches.best()
    if best is None:
        return None
    # Ties between codecs that decode these bytes equally well: take cp1252 when it is one.
    tied = [m for m in matches if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.01]
    candidates = [name for m in tied for name in m.could_be_from_charset]
    codec = _PREFERRED_FALLBACK if _PREFERRED_FALLBACK in candidates else best.encoding
    try:
        text = raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        codec = best.encoding
        text = str(best)
    name = _normal_codec_name(codec) or codec.lower()
    return Decoded(text, name, (f"not valid UTF-8; decoded as {name}",))


def decode_bytes(raw: bytes, *, declared: str | None = None) -> Decoded | Rejected:
    """Decode page bytes: byte-order mark, then strict UTF-8, then the declared or a detected codec.

    Parameters
    ----------
    raw
        The file's bytes.
    declared
        A charset the page itself declares (HTML ``<meta charset>``), tried when UTF-8 fails.

    Returns
    -------
    Decoded | Rejected
        The text with its codec and notes, or why there is no text: ``"empty file"``,
        ``"binary file (...)"``, ``"cannot decode text (...)"``.

    Examples
    --------
    >>> decode_bytes("café".encode("utf-8")).encoding
    'utf-8'
    >>> decode_bytes("café au lait".encode("latin-1")).notes
    ('not valid UTF-8; decoded as cp1252',)
    >>> decode_bytes(b" \\n\\t")
    Rejected(reason='empty file')
    """
    bom = _bom_encoding(raw)
    if bom is None:
        binary = sniff_binary(raw)
        if binary is not None:
            return Rejected(binary)
        encoding = "utf-8"
    else:
        encoding = bom
    try:
        decoded: Decoded | None = Decoded(raw.decode(encoding), encoding)
    except UnicodeDecodeError:
        if bom is not None:
            return Rejected(f"cannot decode text (starts with a {bom} byte-order mark but is not valid {bom})")
        decoded = (_decode_declared(raw, declared) if declared else None) or _detect(raw)
    if decoded is None:
        return Rejected("cannot decode text (not UTF-8; no encoding detected)")
    if not decoded.text.strip():
        return Rejected("empty file")
    return decoded
