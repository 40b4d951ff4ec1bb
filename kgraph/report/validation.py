"""The JSON Schema of ``report.json``, shipped inside the package, and a validator for it.

The schema lives in ``kgraph/report/schema/`` and is read with
:mod:`importlib.resources`, so it is found in a source checkout and in an
installed wheel alike.

:func:`write_reports` does not validate at run time: ``jsonschema`` is a test
dependency, not a runtime one, and a report that does not match its schema is
a bug in kgraph that the test suite catches (every report the tests build is
validated), not something a user can fix. Call :func:`validate_report` to
check a report by hand.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from kgraph.errors import KGraphError

__all__ = ["SCHEMA_RESOURCE", "load_schema", "validate_report"]

SCHEMA_RESOURCE = "schema/report-1.0.0.schema.json"


@cache
def _schema_text() -> str:
    return resources.files("kgraph.report").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")


def load_schema() -> dict:
    """The report's JSON Schema (draft 2020-12) as a fresh dict."""
    return json.loads(_schema_text())


def validate_report(data: dict) -> None:
    """Raise :class:`kgraph.errors.KGraphError` naming every place where ``data`` breaks the schema.

    Needs the ``jsonschema`` package (``pip install 'kgraph[test]'``).
    """
    try:
        from jsonschema import Draft202012Validator
    except ImportError:
        raise KGraphError("validating a report needs the jsonschema package; install it with "
                          "`pip install jsonschema` (it is part of kgraph's test extra)") from None
    validator = Draft202012Validator(load_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        lines = [f"/{'/'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in errors[:20]]
        more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
        raise KGraphError("the report does not match its schema:\n" + "\n".join(lines) + more)
