"""The consistency report: ``report.json``, ``report.md``, ``findings.csv`` and ``report.html``.

:func:`report_data` turns a built graph into one plain dict (the shape of
``schema/report-1.0.0.schema.json``); every output format is rendered from
that dict, and :func:`write_reports` writes them all atomically.

>>> from kgraph.report import report_data, write_reports    # doctest: +SKIP
>>> data = report_data(graph)                                # doctest: +SKIP
>>> write_reports(graph, "out")                              # doctest: +SKIP
"""

from kgraph.report.links import text_fragment, text_fragment_link
from kgraph.report.lint import LintRules, lint_entries, load_lint_rules
from kgraph.report.markdown import report_markdown
from kgraph.report.model import (
    FINDING_TYPES,
    REPORT_SCHEMA_VERSION,
    SEVERITIES,
    report_data,
    report_model,
)
from kgraph.report.tabular import CSV_COLUMNS, findings_csv
from kgraph.report.triage import read_previous
from kgraph.report.validation import load_schema, validate_report
from kgraph.report.write import REPORT_FILES, report_json, write_reports

__all__ = [
    "CSV_COLUMNS",
    "FINDING_TYPES",
    "REPORT_FILES",
    "REPORT_SCHEMA_VERSION",
    "SEVERITIES",
    "LintRules",
    "findings_csv",
    "lint_entries",
    "load_lint_rules",
    "load_schema",
    "read_previous",
    "report_data",
    "report_model",
    "report_json",
    "report_markdown",
    "text_fragment",
    "text_fragment_link",
    "validate_report",
    "write_reports",
]
