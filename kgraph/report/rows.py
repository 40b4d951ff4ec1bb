"""Report rows kept on disk: the findings and clusters of a large report, read back one at a time.

A corpus of thousands of pages has hundreds of thousands of findings; their
rows (each with its members' quotes, labels and links) would hold gigabytes
if kept as Python objects until every report file is written.
:class:`RowSpool` writes each row to a temporary file as soon as it is made,
encoded as ``report.json`` encodes it; :class:`SpooledRows` is a read-only
sequence of those rows in report order, decoding a row each time it is read.
Memory then holds one small offset per row. ``report.json`` copies the
encoded rows as they are (:meth:`SpooledRows.encoded`).
"""

from __future__ import annotations

import json
import os
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from typing import overload

from kgraph.limits import trim_memory

__all__ = ["RowSpool", "SpooledRows", "encode_row"]

# keys sorted, UTF-8 as is, no indent: the C encoder (report.json's encoding of a row)
encode_row = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode


class RowSpool:
    """Rows written to a temporary file as they are made; numbered from 0 in the order added.

    The file is removed when the spool is closed or garbage-collected. With
    ``trim_every``, the C heap's free pages are given back to the system
    each time about that many bytes of rows have been read
    (:func:`kgraph.limits.trim_memory`): each read makes a string and a row
    that ``malloc`` places in free space anywhere in the heap, which stays
    resident after, so reading every row of a large report for each of its
    files would otherwise bring back all the free space of the build's
    earlier steps.
    """

    def __init__(self, *, trim_every: int = 0) -> None:
        # open as long as the spool: closed by close() or with the spool
        self._file = tempfile.TemporaryFile(prefix="kgraph-report-rows-")  # noqa: SIM115
        self._starts = array("q", [0])  # row n is bytes [starts[n], starts[n + 1])
        self._unflushed = False
        self._trim_every, self._read = trim_every, 0

    def add(self, row: dict) -> int:
        """Write ``row`` (JSON-ready) and return its number."""
        data = encode_row(row).encode("utf-8")
        self._file.write(data)
        self._starts.append(self._starts[-1] + len(data))
        self._unflushed = True
        return len(self._starts) - 2

    def __len__(self) -> int:
        return len(self._starts) - 1

    def text(self, number: int) -> str:
        """Row ``number`` as encoded."""
        if self._unflushed:
            self._file.flush()
            self._unflushed = False
        start, end = self._starts[number], self._starts[number + 1]
        if self._trim_every:
            self._read += end - start
            if self._read >= self._trim_every:  # each read's text and row reuse free heap space: give it back
                trim_memory()
                self._read = 0
        # positional reads: no shared file offset between readers of the one spool
        return os.pread(self._file.fileno(), end - start, start).decode("utf-8")

    def rows(self, order: Sequence[int]) -> SpooledRows:
        """The rows numbered ``order``, in that order, as a read-only sequence."""
        return SpooledRows(self, order)

    def close(self) -> None:
        """Remove the file; the rows cannot be read after."""
        self._file.close()


class SpooledRows(Sequence):
    """Rows of a :class:`RowSpool` in a given order: each read decodes a new dict (changing it changes nothing).

    Parameters
    ----------
    spool
        Where the rows are.
    order
        The spool's row numbers, in the order this sequence lists them.
    """

    def __init__(self, spool: RowSpool, order: Sequence[int]) -> None:
        self._spool = spool
        self._order = array("q", order)

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, position: int) -> dict: ...

    @overload
    def __getitem__(self, position: slice) -> list[dict]: ...

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [json.loads(self._spool.text(n)) for n in self._order[position]]
        return json.loads(self._spool.text(self._order[position]))

    def __iter__(self) -> Iterator[dict]:
        for number in self._order:
            yield json.loads(self._spool.text(number))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (SpooledRows, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # mutable-looking sequence: like a list, not hashable

    def __repr__(self) -> str:
        return f"<SpooledRows: {len(self)} rows>"

    def encoded(self) -> Iterator[str]:
        """Each row's JSON text as written (what :func:`encode_row` gives for the decoded row)."""
        for number in self._order:
            yield self._spool.text(number)
