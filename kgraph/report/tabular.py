"""``findings.csv``: one row per finding member, for spreadsheets and scripts.

Rows follow the report's order (findings by severity, type and position;
members by file and offset), so the same graph gives the same bytes.

Spreadsheet formula injection is guarded against: page text is untrusted,
and a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which some programs skip before looking) would be run as a formula
by Excel, LibreOffice or Google Sheets ("=HYPERLINK(...)"). Such a cell gets
a leading apostrophe, which spreadsheets show as plain text (OWASP's advice
for CSV injection). Numbers (offsets) are written as numbers, never altered.
"""

from __future__ import annotations

import csv
import io
from typing import TextIO

__all__ = ["CSV_COLUMNS", "findings_csv", "safe_cell", "write_findings_csv"]

CSV_COLUMNS = ("finding", "type", "severity", "status", "explanation", "file", "start", "end", "quote", "subject",
               "predicate", "object", "link")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` for a CSV cell: ``None`` as empty, text that would start a formula prefixed with ``'``.

    >>> safe_cell("=1+1"), safe_cell("-5 mg"), safe_cell(12), safe_cell(None)
    ("'=1+1", "'-5 mg", 12, '')
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def findings_csv(data: dict) -> str:
    """The CSV text of ``data``'s findings (a :func:`kgraph.report.report_data` dict), header first.

    Columns :data:`CSV_COLUMNS`; ``finding`` is the finding id; line endings
    are ``\\r\\n`` as RFC 4180 asks.
    """
    out = io.StringIO()
    write_findings_csv(data, out)
    return out.getvalue()


def write_findings_csv(data: dict, stream: TextIO) -> None:
    """Write :func:`findings_csv`'s text to ``stream`` row by row (no copy of the whole text in memory)."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for finding in data["findings"]:
        for member in finding["members"]:
            row = (finding["id"], finding["type"], finding["severity"], finding["status"], finding["explanation"],
                   member["file"], member["start"], member["end"], member["quote"], member["subject"],
                   member["predicate"], member["object"], member["link"])
            writer.writerow([safe_cell(v) for v in row])
